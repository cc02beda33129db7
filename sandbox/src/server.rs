//! The accept loop: HTTP/1.1 on a loopback socket, one task per connection.
//!
//! Written out (instead of `axum::serve`) so that a fault can really cut a
//! connection: each request carries a [`ConnectionKill`] that ends its
//! connection without sending a byte of response — the way a crash or a
//! broken mobile link looks to the client.

use std::{net::SocketAddr, sync::Arc};

use axum::Router;
use hyper::body::Incoming;
use hyper_util::{rt::TokioIo, service::TowerToHyperService};
use tokio::{net::TcpListener, sync::Notify};
use tower::ServiceExt;

/// Ends the connection a request arrived on, without a response.
#[derive(Debug, Clone)]
pub struct ConnectionKill(Arc<Notify>);

impl ConnectionKill {
    /// Closes the connection; the request's handler future is dropped too.
    pub fn kill(&self) {
        self.0.notify_one();
    }
}

/// The client's address, for per-client limits (rate limit, captcha binding).
#[derive(Debug, Clone, Copy)]
pub struct Peer(pub SocketAddr);

/// Serves `router` on `listener` until `shutdown` is notified; then stops
/// accepting and closes every open connection.
pub async fn serve(listener: TcpListener, router: Router, shutdown: Arc<Notify>) {
    let mut connections = tokio::task::JoinSet::new();
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = shutdown.notified() => break,
        };
        let Ok((stream, peer)) = accepted else { continue };
        let kill = Arc::new(Notify::new());
        let marker = ConnectionKill(Arc::clone(&kill));
        let service = router.clone().map_request(move |mut req: hyper::Request<Incoming>| {
            req.extensions_mut().insert(marker.clone());
            req.extensions_mut().insert(Peer(peer));
            req
        });
        connections.spawn(async move {
            let connection = hyper::server::conn::http1::Builder::new()
                .keep_alive(true)
                .serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
            tokio::select! {
                // Errors here are the client's business (it hung up, sent junk).
                _ = connection => {}
                () = kill.notified() => {}
            }
        });
        // Reap finished connection tasks so the set does not grow forever.
        while connections.try_join_next().is_some() {}
    }
    drop(listener);
    connections.shutdown().await;
}

/// Binds a loopback port: `port` 0 picks a free one.
pub async fn bind(port: u16) -> std::io::Result<(TcpListener, SocketAddr)> {
    let listener = TcpListener::bind(("127.0.0.1", port)).await?;
    let addr = listener.local_addr()?;
    Ok((listener, addr))
}
