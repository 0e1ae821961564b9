//! `serve`: the year's work in the browser, for staff who do not use the
//! command line. One local web server shows the report's pages (updated
//! in the open browser when a file is saved), the problems `check` finds,
//! which departments have returned their sheets, an import of returned
//! workbooks with a preview of every change, and every download.
//!
//! Pages are laid out in one [`Session`](crate::pipeline::Session) (its
//! Typst world stays warm between edits; downloads use it too) on one
//! builder thread, woken by [`watch`](crate::watch)'s loop, and shown
//! as PNG images rendered per page on request, cached by a fingerprint of
//! what the page draws: an edit re-renders and re-sends only the pages it
//! changed. Saves are noticed by file system events, so an idle server
//! uses no CPU.
//!
//! Safety: loopback only unless `--listen` is given, and then a random
//! token is required on every request ([`guard`]). No part of a request
//! is ever used as a path: uploads are stored under names the server
//! makes, downloads are chosen by number from the data's own lists.

mod assets;
mod batches;
mod changes;
mod downloads;
mod edit;
mod guard;
mod html;
mod listen;
mod pages;
mod preview;
mod problems;
mod state;
mod upload;
mod views;
mod years;

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::thread::JoinHandle;

use tokio::sync::watch;

use crate::error::{Error, Result};
use crate::pipeline::Inputs;
use state::App;

/// Where and what to serve.
#[derive(Debug, Clone)]
pub struct Config {
    pub inputs: Inputs,
    /// Loopback unless asked otherwise.
    pub ip: IpAddr,
    /// 0: any free port.
    pub port: u16,
}

impl Config {
    pub fn new(inputs: Inputs) -> Self {
        Self {
            inputs,
            ip: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 3000,
        }
    }
}

/// A running server.
pub struct Server {
    runtime: tokio::runtime::Runtime,
    addr: SocketAddr,
    token: Option<String>,
    stop: watch::Sender<bool>,
    http: tokio::task::JoinHandle<()>,
    builder: JoinHandle<()>,
    app: Arc<App>,
    router: axum::Router,
}

impl Server {
    /// Bind, start the builder (the first layout begins at once) and serve.
    pub fn start(config: Config) -> Result<Self> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .map_err(|e| Error::Serve(e.to_string()))?;
        let addr = SocketAddr::new(config.ip, config.port);
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind(addr))
            .map_err(|e| Error::Serve(format!("{addr}: {e}")))?;
        let addr = listener
            .local_addr()
            .map_err(|e| Error::Serve(e.to_string()))?;
        // A token only when others can reach the server.
        let token = (!config.ip.is_loopback())
            .then(guard::new_token)
            .transpose()?;
        let (stop, stopped) = watch::channel(false);
        let (app, triggers) = App::new(config.inputs, stopped.clone())?;
        let builder = preview::spawn(app.clone(), triggers);
        let access = guard::Access::new(addr, token.clone());
        let router = views::router(app.clone(), access);
        let served = router.clone();
        let http = runtime.spawn(listen::serve(listener, served, stopped));
        Ok(Self {
            runtime,
            addr,
            token,
            stop,
            http,
            builder,
            app,
            router,
        })
    }

    /// The routes as a service, for answering requests in process (tests
    /// send them with `tower::ServiceExt::oneshot`, no socket involved).
    pub fn router(&self) -> axum::Router {
        self.router.clone()
    }

    /// Run `future` on the server's runtime.
    pub fn block_on<F: std::future::Future>(&self, future: F) -> F::Output {
        self.runtime.block_on(future)
    }

    /// The address to open in a browser (with the token when one is needed).
    pub fn url(&self) -> String {
        let host = match self.addr.ip() {
            IpAddr::V6(ip) => format!("[{ip}]"),
            IpAddr::V4(ip) => ip.to_string(),
        };
        match &self.token {
            Some(t) => format!("http://{host}:{}/?token={t}", self.addr.port()),
            None => format!("http://{host}:{}/", self.addr.port()),
        }
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Serve until Ctrl+C, then stop.
    pub fn run_until_interrupted(self) -> Result<()> {
        let _ = self.runtime.block_on(tokio::signal::ctrl_c());
        self.stop();
        Ok(())
    }

    /// Stop: open event streams end, requests in flight finish (an import
    /// being written completes), the builder thread ends.
    pub fn stop(self) {
        let _ = self.stop.send(true);
        let _ = self.runtime.block_on(self.http);
        self.app.stop_builder();
        let _ = self.builder.join();
        // Dropping the runtime waits for blocking tasks (imports) to end.
        drop(self.runtime);
    }
}
