//! The outbox across the FFI: what is saved on the phone and what the city
//! has received.

use std::{
    sync::Arc,
    time::{Duration, SystemTime, UNIX_EPOCH},
};

use leipzig_core::outbox as core;

use crate::{error::ApiError, subscription::Subscription};

/// Where an action stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum OutboxState {
    /// Saved on the phone.
    Pending,
    /// Being sent.
    Sending,
    /// Received by the city.
    Received,
    /// Refused by the city: the citizen must decide.
    NeedsAttention,
}

/// One action on its way to the city.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct OutboxEntry {
    /// Client-made id (the `Idempotency-Key`).
    pub id: String,
    /// What kind, e.g. `appointment.cancel`.
    pub kind: String,
    /// What it acts on, e.g. `appointment:100001`.
    pub target: String,
    /// Where it stands.
    pub state: OutboxState,
    /// Send attempts so far.
    pub attempts: u32,
    /// Why the last attempt failed.
    pub last_error: Option<String>,
    /// When the citizen did it (device clock).
    pub created_at: SystemTime,
    /// The city's time of receipt (RFC 3339), once received.
    pub received_at: Option<String>,
}

fn time(seconds: i64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(u64::try_from(seconds).unwrap_or(0))
}

impl From<core::OutboxEntry> for OutboxEntry {
    fn from(e: core::OutboxEntry) -> Self {
        Self {
            id: e.id,
            kind: e.kind,
            target: e.target,
            state: match e.state {
                core::OutboxState::Pending => OutboxState::Pending,
                core::OutboxState::Sending => OutboxState::Sending,
                core::OutboxState::Acked => OutboxState::Received,
                core::OutboxState::NeedsUser => OutboxState::NeedsAttention,
            },
            attempts: e.attempts,
            last_error: e.last_error,
            created_at: time(e.created_at),
            received_at: e.server_time,
        }
    }
}

/// What one delivery run did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct OutboxRun {
    /// Received by the city.
    pub delivered: u32,
    /// Will be retried.
    pub retrying: u32,
    /// Refused for good.
    pub needs_attention: u32,
    /// Stopped: no connection.
    pub offline: bool,
}

/// Receives the outbox now and after every change.
#[uniffi::export(foreign)]
pub trait OutboxListener: Send + Sync {
    /// Unfinished actions and those received in the last week.
    fn on_update(&self, entries: Vec<OutboxEntry>);
}

/// The outbox.
#[derive(Debug, uniffi::Object)]
pub struct Outbox {
    app: leipzig_core::App,
}

impl Outbox {
    pub(crate) fn new(app: leipzig_core::App) -> Self {
        Self { app }
    }
}

#[uniffi::export(async_runtime = "tokio")]
impl Outbox {
    /// Unfinished actions and those received in the last week, oldest first.
    pub fn list(&self) -> Result<Vec<OutboxEntry>, ApiError> {
        Ok(self.app.outbox().list()?.into_iter().map(OutboxEntry::from).collect())
    }

    /// Actions not yet received by the city.
    pub fn unfinished_count(&self) -> Result<u32, ApiError> {
        Ok(self.app.outbox().unfinished_count()?)
    }

    /// Delivers what is due now.
    pub async fn run(&self) -> Result<OutboxRun, ApiError> {
        let r = self.app.outbox().run_due().await?;
        Ok(OutboxRun {
            delivered: r.delivered,
            retrying: r.retrying,
            needs_attention: r.needs_user,
            offline: r.offline,
        })
    }

    /// Queues a refused action again ("try again").
    pub fn retry(&self, id: String) -> Result<(), ApiError> {
        Ok(self.app.outbox().retry(&id)?)
    }

    /// Calls `listener` with the outbox now and after every change.
    pub fn subscribe(&self, listener: Arc<dyn OutboxListener>) -> Arc<Subscription> {
        let inner = self.app.outbox().subscribe(move |entries| {
            listener.on_update(entries.into_iter().map(OutboxEntry::from).collect());
        });
        Arc::new(Subscription::new(inner))
    }
}
