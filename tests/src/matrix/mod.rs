//! The fault matrix: every user action × every fault the sandbox (or the
//! operating system) can inject. For each cell the action must arrive at
//! the city exactly once — or, for a booking, visibly not at all — with the
//! phone's rows agreeing and its database intact. See `tests/tests/fault_matrix.rs`.

pub mod actions;
pub mod kill;

use std::{collections::BTreeSet, path::Path, sync::Arc, time::Duration};

use leipzig_core::{
    App, Config, Platform,
    outbox::{OutboxEntry, OutboxState},
    platform::{FileSecretStore, MemoryLogger},
};
use leipzig_sandbox::{FaultAction, FaultSpec, RunningSandbox, SandboxOptions};
use serde_json::{Value, json};
use tempfile::TempDir;

pub use self::actions::{Action, Prepared};
use crate::clock::TestClock;

/// The request timeout of the matrix's phones; [`Fault::Timeout`] holds a
/// request longer than this.
pub const REQUEST_TIMEOUT_MS: u64 = 1_500;

/// One fault of the matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// `500` three times in a row (more than the in-call retries).
    ServerError,
    /// The server holds the request past the phone's timeout, then does it.
    Timeout,
    /// The connection is cut before the server does anything, three times.
    ConnectionReset,
    /// The server does it, then the connection is cut: the answer is lost.
    LostAnswer,
    /// `429` with `Retry-After`, three times.
    TooManyRequests,
    /// Slow answers (well below the timeout), three times.
    LatencySpike,
    /// The access token expires at the city while the phone still trusts
    /// it, and a background sync needs a token at the same moment.
    TokenExpired,
    /// The phone's clock is two hours fast.
    ClockAhead,
    /// The phone's clock is two hours slow.
    ClockBehind,
    /// The process is killed (SIGKILL) after the action was saved on the
    /// phone and before anything was sent.
    KillBeforeSend,
    /// The process is killed after the city did it and before the phone
    /// wrote down the answer.
    KillBeforeAck,
}

/// A sandbox and a phone (file-backed secrets, a movable clock) whose
/// data directory survives a restart or a killed child process.
#[derive(Debug)]
pub struct Cell {
    /// The city.
    pub sandbox: RunningSandbox,
    /// The phone's app (replaced after a restart).
    pub app: App,
    /// The phone's data directory: database and secret file.
    pub data: TempDir,
    /// The phone's clock.
    pub clock: Arc<TestClock>,
    /// Everything the phone logged.
    pub logger: Arc<MemoryLogger>,
}

impl Cell {
    /// A fresh city and phone, the phone's clock `offset` seconds off.
    pub async fn start(offset: i64) -> Self {
        let sandbox =
            leipzig_sandbox::start(SandboxOptions::default()).await.expect("sandbox starts");
        let data = tempfile::tempdir().expect("temp dir");
        std::fs::write(data.path().join(kill::CONFIG_FILE), config_toml(&sandbox))
            .expect("config written");
        let clock = Arc::new(TestClock::skewed(offset));
        let logger = Arc::new(MemoryLogger::default());
        let app = open_phone(data.path(), &clock, &logger);
        Self { sandbox, app, data, clock, logger }
    }

    /// Opens the app again on the same data directory (a restart).
    pub fn reopen(&self) -> App {
        open_phone(self.data.path(), &self.clock, &self.logger)
    }

    /// Queues `fault` for the action's request.
    pub fn inject(&self, method: &str, path: &str, times: u32, action: FaultAction) {
        self.sandbox.inject(FaultSpec {
            path: path.to_owned(),
            method: Some(method.to_owned()),
            times,
            action,
        });
    }

    /// POSTs to a `/_sandbox/` control.
    pub async fn control(&self, path: &str, body: Value) -> Value {
        let url = format!("{}_sandbox/{path}", self.sandbox.base_url());
        let response = crate::client().post(url).json(&body).send().await.expect("control");
        assert!(response.status().is_success(), "control {path}: {}", response.status());
        response.json().await.unwrap_or(Value::Null)
    }

    /// GETs a `/_sandbox/` listing.
    pub async fn listing(&self, path: &str) -> Value {
        let url = format!("{}_sandbox/{path}", self.sandbox.base_url());
        crate::client().get(url).send().await.expect("control").json().await.expect("json")
    }

    /// Payment transactions at the payment provider.
    pub async fn provider_transactions(&self) -> usize {
        self.listing("epaybl/transactions").await.as_array().map_or(0, Vec::len)
    }
}

/// The phone's configuration for `sandbox`: quick retries, a short timeout.
fn config_toml(sandbox: &RunningSandbox) -> String {
    format!(
        "{}\n[http]\nmax_retries = 2\nbackoff_base_ms = 10\nbackoff_cap_ms = 100\nconnect_timeout_ms = 1000\nrequest_timeout_ms = {REQUEST_TIMEOUT_MS}\n",
        sandbox.client_config_toml(None)
    )
}

/// Opens the app of the phone whose data directory is `dir`.
pub fn open_phone(dir: &Path, clock: &Arc<TestClock>, logger: &Arc<MemoryLogger>) -> App {
    let text = std::fs::read_to_string(dir.join(kill::CONFIG_FILE)).expect("config");
    let config = Config::from_toml(&text, Some(dir)).expect("config is valid");
    let secrets = Arc::new(FileSecretStore::new(dir.join(kill::SECRETS_FILE)));
    let clock: Arc<dyn leipzig_core::clock::Clock> = clock.clone();
    let platform = Platform { clock, ..Platform::new(secrets, logger.clone()) };
    App::open(config, platform).expect("app opens")
}

/// Runs one cell of the matrix and checks its promise.
pub async fn run(action: Action, fault: Fault) {
    let offset = match fault {
        Fault::ClockAhead => 2 * 3600,
        Fault::ClockBehind => -2 * 3600,
        _ => 0,
    };
    let mut cell = Cell::start(offset).await;
    if fault == Fault::TokenExpired && !action.needs_login() {
        // The action carries no token, the concurrent sync does.
        crate::login::log_in(&cell.app, "demo-adult").await;
    }
    let prepared = action.prepare(&cell).await;
    let refreshes_before = refresh_grants(&cell).await;
    let known: BTreeSet<String> = outbox(&cell.app).into_iter().map(|e| e.id).collect();
    let log_mark = cell.sandbox.requests().last().map_or(0, |r| r.seq);
    let (method, path) = action.request(&prepared);

    let acted = match fault {
        Fault::KillBeforeSend | Fault::KillBeforeAck => {
            kill::act_and_kill(&cell, action, &prepared, fault).await;
            cell.app = cell.reopen();
            None
        }
        Fault::TokenExpired => {
            expire_access_tokens(&cell).await;
            let app = cell.app.clone();
            let sync = app.sync();
            let (acted, _) = tokio::join!(action.act(&app, &prepared), sync.run());
            Some(acted)
        }
        _ => {
            if let Some((times, what)) = injected(fault) {
                cell.inject(method, &path, times, what);
            }
            Some(action.act(&cell.app, &prepared).await)
        }
    };
    settle(&cell, action).await;
    if fault == Fault::Timeout {
        // The held request is still being done at the city: count after it.
        tokio::time::sleep(Duration::from_millis(REQUEST_TIMEOUT_MS + 1_500)).await;
    }
    let entries: Vec<OutboxEntry> =
        outbox(&cell.app).into_iter().filter(|e| !known.contains(&e.id)).collect();
    let arrivals = action.arrivals(&cell, &prepared).await;
    let cell_name = format!("{action:?} × {fault:?}");
    assert!(arrivals <= 1, "{cell_name}: done {arrivals} times at the city");

    // Every request that carried the action used one key: retries, however
    // many, were the same action to the server.
    let keys: BTreeSet<String> = cell
        .sandbox
        .requests()
        .into_iter()
        .filter(|r| r.seq > log_mark && r.method == method)
        .filter(|r| r.uri.split('?').next() == Some(path.as_str()))
        .map(|r| r.idempotency_key.unwrap_or_default())
        .collect();
    if method == "POST" {
        assert!(keys.len() <= 1, "{cell_name}: several keys {keys:?}");
        assert!(!keys.contains(""), "{cell_name}: a POST without Idempotency-Key");
    }

    if action.saved_first() {
        assert_eq!(entries.len(), 1, "{cell_name}: one saved action, got {entries:?}");
        let entry = &entries[0];
        if method == "POST" {
            assert_eq!(
                keys,
                BTreeSet::from([entry.id.clone()]),
                "{cell_name}: the outbox id is the key"
            );
        }
        assert_eq!(entry.state, OutboxState::Acked, "{cell_name}: not received: {entry:?}");
        assert_eq!(arrivals, 1, "{cell_name}: acknowledged but not at the city");
        action.check_delivered_on_phone(&cell.app, &prepared);
    } else if arrivals == 1 {
        action.check_delivered_on_phone(&cell.app, &prepared);
    } else {
        // Not booked: the citizen was told (an error) or never saw "booked"
        // (the process died first), and nothing stays on the phone.
        if let Some(Ok(())) = acted {
            panic!("{cell_name}: the phone said booked, the city has nothing");
        }
        action.check_nothing_on_phone(&cell.app);
    }
    if fault == Fault::TokenExpired {
        // One refresh for the action and the sync together (single flight).
        let refreshes = refresh_grants(&cell).await - refreshes_before;
        assert_eq!(refreshes, 1, "{cell_name}: {refreshes} token refreshes");
        if action.needs_login() {
            let refused = cell
                .sandbox
                .requests()
                .into_iter()
                .any(|r| r.seq > log_mark && r.status == Some(401));
            assert!(refused, "{cell_name}: the expired token was never refused");
        }
    }
    assert_eq!(integrity(&cell), "ok", "{cell_name}: database damaged");
}

async fn refresh_grants(cell: &Cell) -> u64 {
    cell.listing("oidc/sessions").await["refreshGrants"].as_u64().unwrap_or(0)
}

/// The sandbox fault for a network fault: (times, what).
fn injected(fault: Fault) -> Option<(u32, FaultAction)> {
    let status = |status: u16, retry_after: Option<&str>| FaultAction::Status {
        status,
        retry_after: retry_after.map(str::to_owned),
        error_code: None,
    };
    Some(match fault {
        Fault::ServerError => (3, status(500, None)),
        Fault::TooManyRequests => (3, status(429, Some("2"))),
        Fault::ConnectionReset => (3, FaultAction::Reset),
        Fault::LostAnswer => (1, FaultAction::DropAfterCommit),
        Fault::Timeout => (1, FaultAction::Latency { ms: REQUEST_TIMEOUT_MS + 1_000 }),
        Fault::LatencySpike => (3, FaultAction::Latency { ms: REQUEST_TIMEOUT_MS / 3 }),
        _ => return None,
    })
}

/// Moves the city's clock past the access token's lifetime (the refresh
/// token stays valid); the phone learns nothing of it until it asks.
async fn expire_access_tokens(cell: &Cell) {
    let lifetimes = cell.listing("oidc/lifetimes").await;
    let access = lifetimes["accessTokenSeconds"].as_i64().expect("access token lifetime");
    cell.control("clock/", json!({ "advanceSeconds": access + 5 })).await;
}

/// Lets the phone catch up as it would over the next hours: resume (the
/// shells call it at every start and foreground), then time passes.
async fn settle(cell: &Cell, action: Action) {
    for _ in 0..8 {
        let _ = cell.app.resume().await;
        let open = outbox(&cell.app)
            .iter()
            .any(|e| matches!(e.state, OutboxState::Pending | OutboxState::Sending));
        let reserved = action == Action::Book
            && cell
                .app
                .appointments()
                .appointments()
                .expect("appointments")
                .iter()
                .any(|a| a.status == leipzig_core::appointments::AppointmentStatus::Reserved);
        if !open && !reserved {
            return;
        }
        cell.clock.advance(2 * 3600);
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
}

fn outbox(app: &App) -> Vec<OutboxEntry> {
    app.outbox().list().expect("outbox")
}

fn integrity(cell: &Cell) -> String {
    let path = cell.data.path().join(leipzig_core::db::DB_FILE);
    let conn = rusqlite::Connection::open(path).expect("open db");
    conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).expect("integrity_check")
}
