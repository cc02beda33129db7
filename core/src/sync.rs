//! Background sync: what the shells' schedulers (Android WorkManager, iOS
//! BGTaskScheduler) run: deliver the outbox, refresh the news and the
//! facility layer (both conditional, so cheap when unchanged), reconcile
//! payments whose backoff has passed. One run never loops: the
//! platform schedules the next one, and `retry_later` says whether it
//! should come soon.

use crate::{App, Error, facilities::LayerRefresh, news::RefreshOutcome, outbox::OutboxState};

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
    /// Delivery of the citizen's saved actions.
    pub outbox: StepOutcome,
    /// The news refresh.
    pub news: StepOutcome,
    /// The facility layer refresh.
    pub facilities: StepOutcome,
    /// Payments asked about (open ones, late successes, missing receipts).
    pub payments: StepOutcome,
    /// The mailbox of official notices (conditional).
    pub notices: StepOutcome,
    /// Actions still waiting for the city after this run.
    pub pending_actions: u32,
    /// Payments still open after this run ("wird geprüft").
    pub open_payments: u32,
}

/// What [`App::resume`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResumeReport {
    /// Delivery of saved actions.
    pub outbox: StepOutcome,
    /// Reconciliation of payments.
    pub payments: StepOutcome,
    /// The mailbox of official notices.
    pub notices: StepOutcome,
}

impl SyncReport {
    /// True when the scheduler should try again soon (with its backoff):
    /// a transient failure, or actions still waiting to be delivered.
    pub fn retry_later(&self) -> bool {
        self.pending_actions > 0
            || self.open_payments > 0
            || [&self.outbox, &self.news, &self.facilities, &self.payments, &self.notices]
                .iter()
                .any(|s| matches!(s, StepOutcome::Failed { transient: true, .. }))
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

    /// Delivers due outbox actions (the cheap part, also run at start-up
    /// and when the app comes to the foreground).
    pub async fn run_outbox(&self) -> StepOutcome {
        match self.app.outbox().run_due().await {
            Ok(report) if report.offline => StepOutcome::Skipped,
            Ok(report) if report.delivered > 0 => StepOutcome::Updated,
            Ok(_) => StepOutcome::Unchanged,
            Err(e) => failed(&e),
        }
    }

    /// Reconciles payments with the city: all of them (`force`, at start
    /// and foreground) or only those whose backoff has passed.
    pub async fn reconcile_payments(&self, force: bool) -> StepOutcome {
        let payments = self.app.payments();
        let outcome = if force {
            match self.app.account().is_logged_in() {
                Ok(true) => payments.reconcile().await.map(Some),
                Ok(false) => Ok(None),
                Err(e) => Err(e),
            }
        } else {
            payments.reconcile_due().await
        };
        match outcome {
            Ok(Some(report)) if report.changed > 0 || report.receipts > 0 => StepOutcome::Updated,
            Ok(Some(_)) => StepOutcome::Unchanged,
            Ok(None) | Err(Error::Offline | Error::NotConfigured(_)) => StepOutcome::Skipped,
            Err(e) => failed(&e),
        }
    }

    /// Fetches the mailbox when someone is logged in (a `304` when nothing changed).
    pub async fn sync_notices(&self) -> StepOutcome {
        match self.app.account().is_logged_in() {
            Ok(true) => {}
            Ok(false) => return StepOutcome::Skipped,
            Err(e) => return failed(&e),
        }
        match self.app.notices().sync().await {
            Ok(s) if s.changed > 0 => StepOutcome::Updated,
            Ok(_) => StepOutcome::Unchanged,
            Err(Error::Offline | Error::NotConfigured(_)) => StepOutcome::Skipped,
            Err(e) => failed(&e),
        }
    }

    /// Runs every sync step once.
    pub async fn run(&self) -> SyncReport {
        let outbox = self.run_outbox().await;
        let news = match self.app.news().refresh().await {
            Ok(RefreshOutcome::Updated(stats)) if stats.changed() => StepOutcome::Updated,
            Ok(_) => StepOutcome::Unchanged,
            Err(Error::Offline | Error::NotConfigured(_)) => StepOutcome::Skipped,
            Err(e) => failed(&e),
        };
        let facilities = match self.app.facilities().refresh().await {
            Ok(LayerRefresh::Replaced(_)) => StepOutcome::Updated,
            Ok(LayerRefresh::NotModified) => StepOutcome::Unchanged,
            Err(Error::Offline | Error::NotConfigured(_)) => StepOutcome::Skipped,
            Err(e) => failed(&e),
        };
        let payments = self.reconcile_payments(false).await;
        let notices = self.sync_notices().await;
        let open_payments = self.app.payments().open_count().unwrap_or(0);
        let pending_actions = self
            .app
            .outbox()
            .list()
            .map(|l| {
                l.iter()
                    .filter(|e| matches!(e.state, OutboxState::Pending | OutboxState::Sending))
                    .count()
            })
            .ok()
            .and_then(|n| u32::try_from(n).ok())
            .unwrap_or(0);
        SyncReport { outbox, news, facilities, payments, notices, pending_actions, open_payments }
    }
}

fn failed(e: &Error) -> StepOutcome {
    StepOutcome::Failed { transient: e.is_transient(), reason: e.to_string() }
}
