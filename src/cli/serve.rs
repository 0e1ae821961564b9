//! `shinchoku serve`: the workspace in the browser, until Ctrl+C.

use std::net::{IpAddr, Ipv4Addr};

use super::args::Common;
use super::out::say;
use crate::error::Result;
use crate::serve::{Config, Server};

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
    /// 起動したらブラウザで開く（デスクトップのあるパソコンで） (open the workspace in the browser)
    #[arg(long)]
    open: bool,
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
    if args.open {
        open_browser(&server.url());
    }
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

/// Open `url` in the desktop's browser: `SHINCHOKU_BROWSER` if set, else
/// the system's own opener. Without a desktop it says so; the address
/// printed above still works.
fn open_browser(url: &str) {
    let (program, args): (String, Vec<&str>) = match std::env::var("SHINCHOKU_BROWSER") {
        Ok(p) => (p, vec![]),
        Err(_) if cfg!(windows) => ("cmd".into(), vec!["/C", "start", ""]),
        Err(_) if cfg!(target_os = "macos") => ("open".into(), vec![]),
        Err(_) => ("xdg-open".into(), vec![]),
    };
    let desktop = cfg!(any(windows, target_os = "macos"))
        || std::env::var_os("SHINCHOKU_BROWSER").is_some()
        || std::env::var_os("DISPLAY").is_some()
        || std::env::var_os("WAYLAND_DISPLAY").is_some();
    if !desktop {
        say(
            "デスクトップがないので、ブラウザは開きませんでした。上のアドレスを開いてください (no desktop)",
        );
        return;
    }
    let started = std::process::Command::new(&program)
        .args(&args)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if started.is_err() {
        say(&format!(
            "ブラウザを開けませんでした（{program}）。上のアドレスを開いてください (could not open a browser)"
        ));
    }
}
