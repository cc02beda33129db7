//! Background sync: what the shells' schedulers (Android WorkManager, iOS
//! BGTaskScheduler) run. Today it refreshes the news; later it also delivers
//! the outbox and reconciles pending payments. One run never loops: the
//! platform schedules the next one, and `retry_later` says whether it
//! should come soon.

use crate::{App, Error, news::RefreshOutcome};

/// What one step of a sync did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StepOutcome {
    /// New data was stored.
    Updated,
    /// Nothing had changed.
    Unchanged,
    /// Not attempted (offline mode, or the feature is not configured).
    Skipped,
    /// Failed; `transient` failures are worth retrying soon.
    Failed {
        /// Whether a later attempt may succeed.
        transient: bool,
        /// What went wrong (no personal data).
        reason: String,
    },
}

/// What one background sync did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncReport {
    /// The news refresh.
    pub news: StepOutcome,
}

impl SyncReport {
    /// True when the scheduler should try again soon (with its backoff).
    pub fn retry_later(&self) -> bool {
        [&self.news].iter().any(|s| matches!(s, StepOutcome::Failed { transient: true, .. }))
    }
}

/// The sync handle of an [`App`].
#[derive(Debug)]
pub struct SyncService<'a> {
    app: &'a App,
}

impl<'a> SyncService<'a> {
    pub(crate) fn new(app: &'a App) -> Self {
        Self { app }
    }

    /// Runs every sync step once.
    pub async fn run(&self) -> SyncReport {
        let news = match self.app.news().refresh().await {
            Ok(RefreshOutcome::Updated(stats)) if stats.changed() => StepOutcome::Updated,
            Ok(_) => StepOutcome::Unchanged,
            Err(Error::Offline | Error::NotConfigured(_)) => StepOutcome::Skipped,
            Err(e) => StepOutcome::Failed { transient: e.is_transient(), reason: e.to_string() },
        };
        SyncReport { news }
    }
}
