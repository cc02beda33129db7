//! leipzig-sandbox: Leipzig's municipal back ends, simulated faithfully.
//!
//! Serves, on one loopback port, the contracts the app speaks: today the
//! press-release RSS feed, the ZMS citizen API, the facility layer, the
//! app API and the citizen login (an OpenID Connect provider laid out like
//! Keycloak's realm `leipzig`, [`oidc`]) and the city's XBezahldienste
//! payment service with its paypage ([`epaybl`]).
//! It is an independent implementation — it does not depend on
//! `leipzig-core` — and is seeded from `fixtures/`. Test controls live
//! under `/_sandbox/`. Every answer's `Date` header is on the sandbox clock
//! (`/_sandbox/clock/`), as a city server's would be.
//!
//! Start it in-process with [`start`] (tests, `leipzig` without a config) or
//! standalone with `leipzig sandbox --port N`.

#![warn(missing_docs)]
// Handlers bail out early with a ready `Response` as the error value (the
// axum idiom); boxing every one of them would only add noise.
#![allow(clippy::result_large_err)]

pub mod app_api;
pub mod conditional;
pub mod control;
pub mod epaybl;
pub mod faults;
pub mod geo;
pub mod news;
pub mod oidc;
pub mod problem;
pub mod request_log;
pub mod server;
pub mod state;
pub mod zms;

use std::{
    net::SocketAddr,
    path::{Path, PathBuf},
    sync::Arc,
};

use axum::{
    Router,
    extract::{Request, State},
    http::{HeaderValue, header},
    middleware::{self, Next},
    response::Response,
    routing::get,
};
use tokio::{sync::Notify, task::JoinHandle};

pub use crate::{
    faults::{FaultAction, FaultSpec, Faults},
    request_log::{LoggedRequest, RequestLog},
    state::{SharedState, StateError},
};

/// How to start a sandbox.
#[derive(Debug, Clone, Default)]
pub struct SandboxOptions {
    /// Loopback port to listen on; 0 picks a free one.
    pub port: u16,
    /// When `port` is taken, pick a free one instead of failing.
    pub port_fallback: bool,
    /// Directory keeping the state between runs; memory only when `None`.
    pub state_dir: Option<PathBuf>,
}

/// Why the sandbox could not start.
#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    /// The port could not be bound.
    #[error("cannot listen on 127.0.0.1:{port}: {source}")]
    Bind {
        /// The port asked for.
        port: u16,
        /// Why.
        source: std::io::Error,
    },
    /// The state could not be loaded.
    #[error(transparent)]
    State(#[from] StateError),
    /// Writing the client config failed.
    #[error("cannot write client config: {0}")]
    Config(std::io::Error),
    /// The app API's HTTP client for the payment service could not be built.
    #[error("cannot build the payment service client: {0}")]
    HttpClient(String),
}

/// What every handler can reach.
#[derive(Debug, Clone)]
pub struct SandboxContext {
    /// The city's state.
    pub state: SharedState,
    /// Requests served.
    pub log: RequestLog,
    /// Faults waiting for requests.
    pub faults: Faults,
    /// `http://127.0.0.1:PORT/`, with the trailing slash.
    pub base_url: String,
    /// Rate limit of the ZMS citizen API.
    pub zms_limiter: zms::ratelimit::RateLimiter,
    /// The app API's client of the payment service (loopback HTTP).
    pub provider: app_api::provider_client::ProviderClient,
}

/// A running sandbox. Dropping it stops the server.
#[derive(Debug)]
pub struct RunningSandbox {
    addr: SocketAddr,
    ctx: SandboxContext,
    shutdown: Arc<Notify>,
    task: Option<JoinHandle<()>>,
}

/// Starts a sandbox on the current tokio runtime.
pub async fn start(options: SandboxOptions) -> Result<RunningSandbox, SandboxError> {
    let bound = match server::bind(options.port).await {
        Err(_) if options.port_fallback && options.port != 0 => server::bind(0).await,
        other => other,
    };
    let (listener, addr) =
        bound.map_err(|source| SandboxError::Bind { port: options.port, source })?;
    let ctx = SandboxContext {
        state: SharedState::open(options.state_dir.as_deref())?,
        log: RequestLog::default(),
        faults: Faults::default(),
        base_url: format!("http://{addr}/"),
        zms_limiter: zms::ratelimit::RateLimiter::default(),
        provider: app_api::provider_client::ProviderClient::new()
            .map_err(SandboxError::HttpClient)?,
    };
    // The login provider's signing key, made once and kept in the state.
    ctx.state.update(|s| {
        s.oidc.keys.ensure();
    })?;
    let shutdown = Arc::new(Notify::new());
    let task = tokio::spawn(server::serve(listener, router(ctx.clone()), Arc::clone(&shutdown)));
    Ok(RunningSandbox { addr, ctx, shutdown, task: Some(task) })
}

/// All routes. Layers run outside-in: the sandbox clock's `Date` (on
/// injected faults' answers too), request log, faults.
fn router(ctx: SandboxContext) -> Router {
    let citizen_api = zms::routes(&ctx);
    Router::new()
        .route("/newsfeed/rss.xml", get(news::feed))
        .route("/geo/facilities.geojson", get(geo::facilities))
        .nest("/api/citizen", citizen_api.clone())
        .nest("/terminvereinbarung/api/citizen", citizen_api)
        .nest("/v1", app_api::routes(&ctx))
        .nest("/epaybl", epaybl::routes())
        .nest(&format!("/realms/{}", oidc::REALM), oidc::routes())
        .nest("/_sandbox", control::routes())
        .layer(middleware::from_fn_with_state(ctx.faults.clone(), faults::apply))
        .layer(middleware::from_fn_with_state(ctx.log.clone(), request_log::record))
        .layer(middleware::from_fn_with_state(ctx.state.clone(), sandbox_date))
        .with_state(ctx)
}

/// Sets `Date` from the sandbox clock; hyper only adds its own (real time)
/// when a response has none. Clients learn the server's time from it.
async fn sandbox_date(State(state): State<SharedState>, req: Request, next: Next) -> Response {
    let mut response = next.run(req).await;
    let now = std::time::SystemTime::from(state.read(|s| s.now()));
    if let Ok(value) = HeaderValue::from_str(&httpdate::fmt_http_date(now)) {
        response.headers_mut().insert(header::DATE, value);
    }
    response
}

impl RunningSandbox {
    /// The socket address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT/`.
    pub fn base_url(&self) -> &str {
        &self.ctx.base_url
    }

    /// Every request served (outside `/_sandbox/`).
    pub fn requests(&self) -> Vec<LoggedRequest> {
        self.ctx.log.entries()
    }

    /// Empties the request log.
    pub fn clear_requests(&self) {
        self.ctx.log.clear();
    }

    /// Queues a fault.
    pub fn inject(&self, spec: FaultSpec) {
        self.ctx.faults.add(spec);
    }

    /// Drops every waiting fault.
    pub fn clear_faults(&self) {
        self.ctx.faults.clear();
    }

    /// The city's state.
    pub fn state(&self) -> &SharedState {
        &self.ctx.state
    }

    /// A client configuration (DESIGN.md keys) pointing every endpoint here.
    pub fn client_config_toml(&self, data_dir: Option<&Path>) -> String {
        let base = &self.ctx.base_url;
        let mut toml =
            String::from("# Written by `leipzig sandbox`: every endpoint points at the sandbox.\n");
        if let Some(dir) = data_dir {
            toml.push_str(&format!("data_dir = {}\n", toml_string(&dir.to_string_lossy())));
        }
        toml.push_str(&format!(
            "[endpoints]\n\
             news_feed    = \"{base}newsfeed/rss.xml\"\n\
             appointments = \"{base}api/citizen/\"\n\
             facilities   = \"{base}geo/facilities.geojson\"\n\
             app_api      = \"{base}v1/\"\n\
             oidc_issuer  = \"{base}realms/leipzig\"\n"
        ));
        toml
    }

    /// Writes [`RunningSandbox::client_config_toml`] to `path`.
    pub fn write_client_config(
        &self,
        path: &Path,
        data_dir: Option<&Path>,
    ) -> Result<(), SandboxError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(SandboxError::Config)?;
        }
        std::fs::write(path, self.client_config_toml(data_dir)).map_err(SandboxError::Config)
    }

    /// Stops accepting, closes every connection and waits for the server.
    pub async fn shutdown(mut self) {
        self.shutdown.notify_one();
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }

    /// Runs until the server stops (for the standalone sandbox).
    pub async fn wait(mut self) {
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for RunningSandbox {
    fn drop(&mut self) {
        self.shutdown.notify_one();
    }
}

/// A TOML basic string with `"` and `\` escaped.
fn toml_string(value: &str) -> String {
    let mut out = String::from("\"");
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
