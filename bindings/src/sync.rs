//! Background sync across the FFI, for WorkManager and BGTaskScheduler.

use leipzig_core::sync as core;

/// What one step of a sync did.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum SyncStep {
    /// New data was stored.
    Updated,
    /// Nothing had changed.
    Unchanged,
    /// Not attempted (offline mode or not configured).
    Skipped,
    /// Failed; `transient` failures are worth retrying soon.
    Failed {
        /// Whether a later attempt may succeed.
        transient: bool,
        /// What went wrong (no personal data).
        reason: String,
    },
}

impl From<core::StepOutcome> for SyncStep {
    fn from(step: core::StepOutcome) -> Self {
        match step {
            core::StepOutcome::Updated => SyncStep::Updated,
            core::StepOutcome::Unchanged => SyncStep::Unchanged,
            core::StepOutcome::Skipped => SyncStep::Skipped,
            core::StepOutcome::Failed { transient, reason } => {
                SyncStep::Failed { transient, reason }
            }
        }
    }
}

/// What one background sync did.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct SyncReport {
    /// Delivery of saved actions.
    pub outbox: SyncStep,
    /// The news refresh.
    pub news: SyncStep,
    /// The facility layer refresh.
    pub facilities: SyncStep,
    /// Payments asked about (open ones, late successes, missing receipts).
    pub payments: SyncStep,
    /// The mailbox of official notices.
    pub notices: SyncStep,
    /// Actions still waiting for the city.
    pub pending_actions: u32,
    /// Payments still open ("Zahlung wird geprüft").
    pub open_payments: u32,
    /// True when the scheduler should run again soon (WorkManager
    /// `Result.retry()`, a near `earliestBeginDate` on iOS).
    pub retry_later: bool,
}

impl From<core::SyncReport> for SyncReport {
    fn from(report: core::SyncReport) -> Self {
        let retry_later = report.retry_later();
        Self {
            outbox: report.outbox.into(),
            news: report.news.into(),
            facilities: report.facilities.into(),
            payments: report.payments.into(),
            notices: report.notices.into(),
            pending_actions: report.pending_actions,
            open_payments: report.open_payments,
            retry_later,
        }
    }
}

/// What `resume` did.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ResumeReport {
    /// Delivery of saved actions.
    pub outbox: SyncStep,
    /// Reconciliation of payments (the app may have died on a payment page).
    pub payments: SyncStep,
    /// The mailbox of official notices.
    pub notices: SyncStep,
}

/// The background sync of an app.
#[derive(Debug, uniffi::Object)]
pub struct Sync {
    app: leipzig_core::App,
}

impl Sync {
    pub(crate) fn new(app: leipzig_core::App) -> Self {
        Self { app }
    }
}

#[uniffi::export(async_runtime = "tokio")]
impl Sync {
    /// Runs every sync step once; never fails as a whole — each step
    /// reports its own outcome.
    pub async fn run(&self) -> SyncReport {
        self.app.sync().run().await.into()
    }

    /// Call right after `App.open` and whenever the app comes to the
    /// foreground: delivers saved actions and asks the city about every
    /// payment (the app may have died on the payment page, or the return
    /// link was lost). `open` stays free of network I/O so the first screen
    /// shows at once.
    pub async fn resume(&self) -> ResumeReport {
        let report = self.app.resume().await;
        ResumeReport {
            outbox: report.outbox.into(),
            payments: report.payments.into(),
            notices: report.notices.into(),
        }
    }
}
