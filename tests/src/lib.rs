//! Helpers for the end-to-end journeys: a sandbox on loopback and an app
//! (with its own data directory) pointed at it.

#![warn(missing_docs)]

pub mod clock;
pub mod login;
pub mod matrix;
pub mod payments;

use std::{path::Path, sync::Arc};

use leipzig_core::{
    App, Config, Platform,
    clock::{Clock, SystemClock},
    platform::{MemoryLogger, MemorySecretStore},
};
use leipzig_sandbox::{FaultAction, FaultSpec, RunningSandbox, SandboxOptions};
use tempfile::TempDir;

/// A sandbox and an app talking to it over real loopback HTTP.
#[derive(Debug)]
pub struct TestCity {
    /// The running sandbox.
    pub sandbox: RunningSandbox,
    /// The app under test.
    pub app: App,
    /// The phone's secret store, kept across [`TestCity::reopen`] like a keystore.
    pub secrets: Arc<MemorySecretStore>,
    /// Everything the app logged.
    pub logger: Arc<MemoryLogger>,
    /// The app's data directory (removed on drop).
    pub data: TempDir,
    /// The phone's clock.
    pub clock: Arc<dyn Clock>,
    /// The identity provider, when not the sandbox's.
    pub issuer: Option<url::Url>,
}

impl TestCity {
    /// Starts a fresh sandbox and opens a fresh app against it, with quick
    /// retries so fault tests stay fast.
    pub async fn start() -> Self {
        Self::start_with_clock(Arc::new(SystemClock)).await
    }

    /// Like [`TestCity::start`], on a phone whose clock is `clock`.
    pub async fn start_with_clock(clock: Arc<dyn Clock>) -> Self {
        Self::start_with(clock, None).await
    }

    /// Like [`TestCity::start`], on a phone whose clock is `clock`, logging
    /// in at `issuer` (e.g. a real Keycloak) instead of the sandbox.
    pub async fn start_with(clock: Arc<dyn Clock>, issuer: Option<url::Url>) -> Self {
        let sandbox =
            leipzig_sandbox::start(SandboxOptions::default()).await.expect("sandbox starts");
        let data = tempfile::tempdir().expect("temp dir");
        let logger = Arc::new(MemoryLogger::default());
        let secrets = Arc::new(MemorySecretStore::default());
        let app = open_app(&sandbox, data.path(), &secrets, &logger, &clock, issuer.as_ref());
        Self { sandbox, app, secrets, logger, data, clock, issuer }
    }

    /// Opens a second app on the same data directory (a restart).
    pub fn reopen(&self) -> App {
        open_app(
            &self.sandbox,
            self.data.path(),
            &self.secrets,
            &self.logger,
            &self.clock,
            self.issuer.as_ref(),
        )
    }

    /// A second phone (own data directory and secret store) against the
    /// same sandbox, e.g. the same citizen on a tablet.
    pub fn another_phone(&self) -> Phone {
        let data = tempfile::tempdir().expect("temp dir");
        let secrets = Arc::new(MemorySecretStore::default());
        let app = open_app(
            &self.sandbox,
            data.path(),
            &secrets,
            &self.logger,
            &self.clock,
            self.issuer.as_ref(),
        );
        Phone { app, secrets, data }
    }

    /// Queues a fault for the next `times` requests to `path`.
    pub fn inject(&self, path: &str, times: u32, action: FaultAction) {
        self.sandbox.inject(FaultSpec { path: path.to_owned(), method: None, times, action });
    }

    /// POSTs `body` to a `/_sandbox/` control (e.g. `clock/`) and returns
    /// the JSON answer.
    pub async fn control(&self, path: &str, body: serde_json::Value) -> serde_json::Value {
        let url = format!("{}_sandbox/{path}", self.sandbox.base_url());
        let response = client().post(url).json(&body).send().await.expect("control request");
        assert!(response.status().is_success(), "control {path}: {}", response.status());
        response.json().await.unwrap_or(serde_json::Value::Null)
    }

    /// How many logged requests match `method` and a URI starting with `prefix`.
    pub fn count(&self, method: &str, prefix: &str) -> usize {
        self.sandbox
            .requests()
            .iter()
            .filter(|r| r.method == method && r.uri.starts_with(prefix))
            .count()
    }

    /// SQLite's count of commits by other connections, read through a
    /// connection of our own: it changes if and only if the app wrote.
    pub fn data_version(&self) -> DataVersion {
        DataVersion::open(&self.data.path().join(leipzig_core::db::DB_FILE))
    }
}

/// Another phone of [`TestCity::another_phone`].
#[derive(Debug)]
pub struct Phone {
    /// Its app.
    pub app: App,
    /// Its secret store.
    pub secrets: Arc<MemorySecretStore>,
    /// Its data directory (removed on drop).
    pub data: TempDir,
}

/// A plain HTTP client for talking to the sandbox directly.
pub fn client() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::new()
}

fn open_app(
    sandbox: &RunningSandbox,
    data_dir: &Path,
    secrets: &Arc<MemorySecretStore>,
    logger: &Arc<MemoryLogger>,
    clock: &Arc<dyn Clock>,
    issuer: Option<&url::Url>,
) -> App {
    let secrets: Arc<dyn leipzig_core::platform::SecretStore> = secrets.clone();
    let logger: Arc<dyn leipzig_core::platform::Logger> = logger.clone();
    let platform = Platform { clock: Arc::clone(clock), ..Platform::new(secrets, logger) };
    let mut config = test_config(sandbox, data_dir);
    if let Some(issuer) = issuer {
        config.endpoints.oidc_issuer = Some(issuer.clone());
    }
    App::open(config, platform).expect("app opens")
}

/// Config for `sandbox` with fast, bounded retries.
pub fn test_config(sandbox: &RunningSandbox, data_dir: &Path) -> Config {
    let toml = format!(
        "{}\n[http]\nmax_retries = 2\nbackoff_base_ms = 10\nbackoff_cap_ms = 100\nconnect_timeout_ms = 2000\nrequest_timeout_ms = 5000\n",
        sandbox.client_config_toml(None)
    );
    Config::from_toml(&toml, Some(data_dir)).expect("sandbox config is valid")
}

/// Watches a database file for commits made by other connections.
#[derive(Debug)]
pub struct DataVersion {
    conn: rusqlite::Connection,
    start: i64,
}

impl DataVersion {
    fn open(path: &Path) -> Self {
        let conn = rusqlite::Connection::open(path).expect("open db");
        let start = Self::read(&conn);
        Self { conn, start }
    }

    fn read(conn: &rusqlite::Connection) -> i64 {
        conn.query_row("PRAGMA data_version", [], |r| r.get(0)).expect("data_version")
    }

    /// True when another connection committed since this watch began.
    pub fn changed(&self) -> bool {
        Self::read(&self.conn) != self.start
    }
}
