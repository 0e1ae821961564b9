//! `shinchoku serve`: the workspace in the browser, until Ctrl+C.

use std::net::{IpAddr, Ipv4Addr};

use super::args::Common;
use super::out::say;
use crate::error::Result;
use crate::tools::serve::{Config, Server};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    common: Common,
    /// 待ち受けるポート番号。0 なら空いている番号 (port; 0 picks a free one)
    #[arg(long, default_value_t = 3000, value_name = "N")]
    port: u16,
    /// ほかのパソコンからも開けるようにするアドレス（例 0.0.0.0）。表示されるトークン付きのアドレスが必要になります (listen on another address; a token is then required)
    #[arg(long, value_name = "ADDR")]
    listen: Option<IpAddr>,
}

pub fn run(args: &Args) -> Result<()> {
    let config = Config {
        inputs: args.common.inputs()?,
        ip: args.listen.unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST)),
        port: args.port,
    };
    let server = Server::start(config)?;
    say(&format!(
        "ブラウザで開いてください (open in a browser): {}",
        server.url()
    ));
    if !server.addr().ip().is_loopback() {
        say(
            "ほかのパソコンからは、アドレスの数字をこのパソコンのものに変えて開きます。トークンは人に見せないでください。",
        );
    }
    say(
        "データとレイアウトのファイルを保存すると、開いているページがすぐに変わります（Ctrl+C で終了）。",
    );
    server.run_until_interrupted()
}
