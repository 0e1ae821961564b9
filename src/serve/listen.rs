//! Accepting connections. axum's own `serve` closes a connection as soon
//! as the browser half-closes it, and drops a request read whole before
//! its handler ever ran: an 「取り込む」 pressed as the tab was closed was
//! then lost without a word. Here HTTP/1 half-closes are allowed, so a
//! request that arrived is handled; on stop, each connection finishes the
//! request it is serving and closes.

use std::time::Duration;

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::TokioIo;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinSet;

/// Serve `router` on `listener` until `stopped` turns true, then wait for
/// the connections' requests in flight.
pub async fn serve(listener: TcpListener, router: Router, stopped: watch::Receiver<bool>) {
    let mut connections = JoinSet::new();
    let mut stop = stopped.clone();
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    connections.spawn(connection(stream, router.clone(), stopped.clone()));
                }
                // Out of file handles, say: wait rather than spin.
                Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
            },
            _ = stopping(&mut stop) => break,
        }
        while connections.try_join_next().is_some() {}
    }
    while connections.join_next().await.is_some() {}
}

async fn connection(
    stream: tokio::net::TcpStream,
    router: Router,
    mut stopped: watch::Receiver<bool>,
) {
    let service = TowerToHyperService::new(router);
    let conn = http1::Builder::new()
        .half_close(true)
        .serve_connection(TokioIo::new(stream), service);
    tokio::pin!(conn);
    tokio::select! {
        _ = conn.as_mut() => return,
        _ = stopping(&mut stopped) => conn.as_mut().graceful_shutdown(),
    }
    let _ = conn.await;
}

/// Until the server is told to stop (or its stopper is gone).
async fn stopping(stopped: &mut watch::Receiver<bool>) {
    let _ = stopped.wait_for(|s| *s).await;
}
