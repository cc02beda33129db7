//! The outbox: every user action that must reach a server, saved on the
//! phone first and delivered exactly once.
//!
//! A domain writes its row and an outbox row (a client-made UUID, sent as
//! `Idempotency-Key`) in ONE transaction: from then on the action is "saved
//! on the phone". [`Outbox::run_due`] delivers due actions through the
//! [`Deliverer`] registered for their kind, marking each attempt before it
//! goes on the wire, so that after a crash the next attempt knows the server
//! may already have it (deliverers then check before sending again).
//! Transient failures are retried with capped exponential backoff and full
//! jitter (honouring `Retry-After`); permanent ones wait for the citizen.
//! "Received by the city" comes only with the server's acknowledgement.

pub mod store;

use std::{
    collections::BTreeMap,
    future::Future,
    pin::Pin,
    sync::{Arc, PoisonError, RwLock},
    time::Duration,
};

use rusqlite::Transaction;
use serde_json::Value;

pub use self::store::{OutboxEntry, OutboxState};
use crate::{
    app::Context,
    error::{Error, Result},
    http::RetryPolicy,
    listeners::{Listeners, Subscription},
};

/// Acknowledged actions stay visible this long (seconds) in [`Outbox::list`].
const SHOW_ACKED_FOR: i64 = 7 * 24 * 3600;

/// What one delivery attempt achieved.
#[derive(Debug, Clone, PartialEq)]
pub enum Delivery {
    /// The server has it (now, or already from an earlier attempt).
    Acked {
        /// The server's time of receipt (RFC 3339), when it said.
        server_time: Option<String>,
        /// What the server answered, for [`Deliverer::on_acked`].
        result: Value,
    },
    /// Not delivered; worth trying again.
    Retry {
        /// Why (no personal data).
        reason: String,
        /// The server's `Retry-After`, if any.
        retry_after: Option<Duration>,
        /// No connection at all: stop this run, nothing else will get through.
        offline: bool,
    },
    /// Refused for good; the citizen must decide.
    NeedsUser {
        /// Why (no personal data).
        reason: String,
    },
}

impl Delivery {
    /// The delivery outcome of a failed request.
    pub fn from_error(e: &Error) -> Delivery {
        if e.is_transient() || e.is_connectivity() {
            Delivery::Retry {
                reason: e.to_string(),
                retry_after: None,
                offline: e.is_connectivity(),
            }
        } else {
            Delivery::NeedsUser { reason: e.to_string() }
        }
    }
}

/// A boxed delivery future.
pub type DeliveryFuture<'a> = Pin<Box<dyn Future<Output = Delivery> + Send + 'a>>;

/// Sends one kind of action and applies its effect once acknowledged.
pub trait Deliverer: Send + Sync {
    /// The kind it handles, e.g. `appointment.cancel`.
    fn kind(&self) -> &'static str;

    /// One attempt. `entry.attempts > 1` means an earlier attempt may have
    /// reached the server: check before sending again.
    fn deliver<'a>(&'a self, entry: &'a OutboxEntry) -> DeliveryFuture<'a>;

    /// Applies the acknowledged action (with the server's answer) to the
    /// domain rows, in the same transaction that marks it acknowledged.
    fn on_acked(&self, tx: &Transaction<'_>, entry: &OutboxEntry, result: &Value) -> Result<()>;

    /// Marks the domain rows of a refused action, in the same transaction.
    fn on_needs_user(&self, tx: &Transaction<'_>, entry: &OutboxEntry) -> Result<()>;

    /// After the transaction of [`Deliverer::on_acked`] or
    /// [`Deliverer::on_needs_user`] committed: tell the domain's listeners.
    fn changed(&self) {}
}

/// What one [`Outbox::run_due`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RunReport {
    /// Actions the server acknowledged.
    pub delivered: u32,
    /// Actions that will be retried.
    pub retrying: u32,
    /// Actions refused for good.
    pub needs_user: u32,
    /// The run stopped because there is no connection.
    pub offline: bool,
}

/// The outbox of an app.
pub struct Outbox {
    ctx: Context,
    listeners: Listeners,
    deliverers: RwLock<BTreeMap<&'static str, Arc<dyn Deliverer>>>,
    policy: RetryPolicy,
    running: tokio::sync::Mutex<()>,
}

impl std::fmt::Debug for Outbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Outbox").field("listeners", &self.listeners).finish_non_exhaustive()
    }
}

impl Outbox {
    pub(crate) fn new(ctx: Context) -> Self {
        // Persisted retries: from seconds to an hour, never a tight loop.
        let policy = RetryPolicy {
            max_retries: u32::MAX,
            base: Duration::from_secs(2),
            cap: Duration::from_secs(3600),
        };
        Self {
            ctx,
            listeners: Listeners::default(),
            deliverers: RwLock::default(),
            policy,
            running: tokio::sync::Mutex::new(()),
        }
    }

    /// Registers the sender of one kind of action.
    pub(crate) fn register(&self, deliverer: Arc<dyn Deliverer>) {
        self.deliverers
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(deliverer.kind(), deliverer);
    }

    /// Adds an action inside the caller's transaction; returns its UUID.
    pub fn enqueue(
        tx: &Transaction<'_>,
        kind: &str,
        target: &str,
        payload: &Value,
        now: i64,
    ) -> Result<String> {
        let id = uuid::Uuid::new_v4().to_string();
        store::insert(tx, &id, kind, target, payload, now)?;
        Ok(id)
    }

    /// Unfinished actions and those acknowledged in the last week.
    pub fn list(&self) -> Result<Vec<OutboxEntry>> {
        let since = self.ctx.now() - SHOW_ACKED_FOR;
        self.ctx.db.read(|conn| store::list(conn, since))
    }

    /// One action.
    pub fn get(&self, id: &str) -> Result<OutboxEntry> {
        self.ctx.db.read(|conn| store::get(conn, id))
    }

    /// Actions not yet received by the city (including refused ones).
    pub fn unfinished_count(&self) -> Result<u32> {
        self.ctx.db.read(store::unfinished_count)
    }

    /// Queues a refused action again (the citizen chose "try again").
    pub fn retry(&self, id: &str) -> Result<()> {
        let now = self.ctx.now();
        if !self.ctx.db.write(|tx| store::requeue(tx, id, now))? {
            return Err(Error::NotFound { kind: "refused outbox entry", id: id.to_owned() });
        }
        self.listeners.notify();
        Ok(())
    }

    /// Calls `listener` with [`Outbox::list`] now and after every change.
    pub fn subscribe(
        &self,
        listener: impl Fn(Vec<OutboxEntry>) + Send + Sync + 'static,
    ) -> Subscription {
        let db = Arc::clone(&self.ctx.db);
        let ctx = self.ctx.clone();
        self.listeners.add(move || {
            let since = ctx.now() - SHOW_ACKED_FOR;
            match db.read(|conn| store::list(conn, since)) {
                Ok(entries) => listener(entries),
                Err(e) => ctx.log.error(&format!("outbox listener could not read: {e}")),
            }
        })
    }

    /// Tells listeners that an action was added or changed.
    pub(crate) fn notify(&self) {
        self.listeners.notify();
    }

    /// Delivers every due action once, oldest first, in order per target.
    /// One run at a time; stops early when there is no connection.
    pub async fn run_due(&self) -> Result<RunReport> {
        let _one_run = self.running.lock().await;
        let mut report = RunReport::default();
        if self.ctx.http.is_offline() {
            report.offline = true;
            return Ok(report);
        }
        while let Some(entry) = self.ctx.db.read(|conn| store::next_due(conn, self.ctx.now()))? {
            if self.process(entry, &mut report).await? {
                break;
            }
        }
        Ok(report)
    }

    /// Delivers one action now, whatever its backoff (the citizen is
    /// waiting for it, e.g. a payment page). Does nothing when it is no
    /// longer pending, or when offline.
    pub async fn run_one(&self, id: &str) -> Result<RunReport> {
        let _one_run = self.running.lock().await;
        let mut report = RunReport::default();
        if self.ctx.http.is_offline() {
            report.offline = true;
            return Ok(report);
        }
        let entry = self.ctx.db.read(|conn| store::get(conn, id))?;
        if matches!(entry.state, OutboxState::Pending | OutboxState::Sending) {
            self.process(entry, &mut report).await?;
        }
        Ok(report)
    }

    /// One attempt at one action; true when the run should stop (offline).
    async fn process(&self, entry: OutboxEntry, report: &mut RunReport) -> Result<bool> {
        // The action is saved on the phone; nothing has gone on the wire yet.
        fail::fail_point!("outbox::before_send");
        let deliverer = self
            .deliverers
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .get(entry.kind.as_str())
            .cloned();
        self.ctx.db.write(|tx| store::mark_sending(tx, &entry.id))?;
        let entry = self.ctx.db.read(|conn| store::get(conn, &entry.id))?;
        let outcome = match &deliverer {
            Some(d) => d.deliver(&entry).await,
            None => Delivery::NeedsUser { reason: format!("no sender for {}", entry.kind) },
        };
        // The server may have it; the phone has not written that down yet.
        fail::fail_point!("outbox::before_ack");
        let now = self.ctx.now();
        match outcome {
            Delivery::Acked { server_time, result } => {
                self.ctx.db.write(|tx| {
                    store::mark_acked(tx, &entry.id, now, server_time.as_deref())?;
                    deliverer.as_ref().map_or(Ok(()), |d| d.on_acked(tx, &entry, &result))
                })?;
                self.ctx.log.info(&format!("outbox {} {} delivered", entry.kind, entry.id));
                report.delivered += 1;
            }
            Delivery::Retry { reason, retry_after, offline } => {
                // No connection: due again at the next run (the platform runs
                // the outbox when the network is back). A failing server:
                // back off, so that the city is not hammered.
                let next = if offline {
                    now
                } else {
                    let wait = self.policy.delay(entry.attempts.saturating_sub(1), retry_after);
                    now + i64::try_from(wait.as_secs()).unwrap_or(i64::MAX / 2).max(1)
                };
                self.ctx.db.write(|tx| store::mark_retry(tx, &entry.id, next, &reason))?;
                self.ctx.log.info(&format!(
                    "outbox {} {} retry in {}s: {reason}",
                    entry.kind,
                    entry.id,
                    next - now
                ));
                report.retrying += 1;
                if offline {
                    report.offline = true;
                    self.listeners.notify();
                    return Ok(true);
                }
            }
            Delivery::NeedsUser { reason } => {
                self.ctx.db.write(|tx| {
                    store::mark_needs_user(tx, &entry.id, &reason)?;
                    deliverer.as_ref().map_or(Ok(()), |d| d.on_needs_user(tx, &entry))
                })?;
                self.ctx
                    .log
                    .warn(&format!("outbox {} {} needs the user: {reason}", entry.kind, entry.id));
                report.needs_user += 1;
            }
        }
        if let Some(d) = &deliverer {
            d.changed();
        }
        self.listeners.notify();
        Ok(false)
    }
}
