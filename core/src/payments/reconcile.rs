//! Keeping the phone in line with the city: one payment followed in the
//! foreground with backoff (`settle`), every payment at start, foreground
//! and in the background sync (`reconcile`), late successes after FAILED
//! applied with an alert. The city's word always wins over the return
//! link; a move backwards is never applied.

use std::time::Duration;

use super::{
    PaymentsService,
    model::{Payment, PaymentState},
    offline, store,
    wire::PaymentDetails,
};
use crate::error::Result;

/// Waits between asks while a payment is open in the foreground
/// (1 s, 2 s, 4 s … up to 30 s; about a minute and a half in all).
const SETTLE_DELAYS: [u64; 7] = [1, 2, 4, 8, 16, 30, 30];
/// Background asks while a payment can change: 30 s doubling up to an hour.
const CHECK_BASE: i64 = 30;
const CHECK_CAP: i64 = 3600;

/// What one [`PaymentsService::reconcile`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReconcileReport {
    /// Payments whose state or details changed.
    pub changed: u32,
    /// Payments still open at the city.
    pub open: u32,
    /// Late successes (PAYED after FAILED or CANCELED) found.
    pub late_successes: u32,
    /// Receipts fetched.
    pub receipts: u32,
}

impl PaymentsService {
    /// Follows an open payment in the foreground: asks with backoff (1 s,
    /// 2 s, 4 s … 30 s) until it is final or about a minute and a half
    /// passed; then the background reconciliation takes over ("wird geprüft").
    pub async fn settle(&self, id: &str) -> Result<Payment> {
        let mut payment = self.refresh(id).await?;
        for delay in SETTLE_DELAYS {
            if payment.state.is_final() {
                break;
            }
            tokio::time::sleep(Duration::from_secs(delay)).await;
            payment = self.refresh(&payment.id).await?;
        }
        Ok(payment)
    }

    /// Brings every payment in line with the city: sends payments still
    /// only on the phone, takes the city's list (payments started on
    /// another phone, late successes after FAILED), fetches missing
    /// receipts. Run at every start, on foreground and by the background sync.
    pub async fn reconcile(&self) -> Result<ReconcileReport> {
        let api = self.api()?;
        if !self.account.is_logged_in()? {
            return Ok(ReconcileReport::default());
        }
        self.outbox.run_due().await?;
        let city = self
            .account
            .with_access_token(|t| async move { api.payments(false, &t).await })
            .await?;
        let mut report = ReconcileReport::default();
        for wire in city {
            let details = match wire.into_details() {
                Ok(d) => d,
                Err(e) => {
                    self.ctx.log.warn(&format!("a payment from the city was skipped: {e}"));
                    continue;
                }
            };
            let applied = self.apply_city(&details)?;
            report.changed += u32::from(applied.changed);
            report.late_successes += u32::from(applied.late_success);
            report.open += u32::from(!details.state.is_final());
        }
        report.receipts = self.fetch_missing_receipts().await?;
        if report.changed > 0 || report.receipts > 0 {
            self.listeners.notify();
        }
        Ok(report)
    }

    /// Reconciles only when an open payment's backoff has passed or a
    /// receipt is missing: what the background sync runs.
    pub async fn reconcile_due(&self) -> Result<Option<ReconcileReport>> {
        if self.api.is_none() || !self.account.is_logged_in()? {
            return Ok(None);
        }
        let now = self.ctx.now();
        let due = self.ctx.db.read(|conn| {
            Ok(!store::due_checks(conn, now, true)?.is_empty()
                || !offline::missing_receipts(conn)?.is_empty())
        })?;
        if !due {
            return Ok(None);
        }
        self.reconcile().await.map(Some)
    }

    /// Stores the city's view of a payment (forward only) and when to ask
    /// again; logs a late success as an alert.
    pub(super) fn apply_city(&self, details: &PaymentDetails) -> Result<store::Applied> {
        let now = self.ctx.now();
        let applied = self.ctx.db.write(|tx| {
            let applied = store::apply(tx, &self.sealer, None, details, now)?;
            schedule_next_check(tx, &applied.id, details.state, now)?;
            Ok(applied)
        })?;
        self.after_apply(&applied, details.state);
        Ok(applied)
    }

    fn after_apply(&self, applied: &store::Applied, state: PaymentState) {
        if applied.late_success {
            // Alert: the citizen was told it failed; it did not.
            self.ctx.log.warn(&format!(
                "payment {} turned PAYED after {:?}: corrected",
                applied.id, applied.before
            ));
        } else if applied.before.is_some_and(|b| b.is_final() && b != state) {
            self.ctx.log.warn(&format!("payment {} ignored a move back to {state:?}", applied.id));
        }
    }
}

/// While a payment can still change (open, or failed but young enough to
/// turn paid late), the next background ask backs off.
fn schedule_next_check(
    tx: &rusqlite::Transaction<'_>,
    id: &str,
    state: PaymentState,
    now: i64,
) -> Result<()> {
    if !state.is_final() || state.may_turn_paid() {
        let checks = store::checks(tx, id)?;
        store::schedule_check(tx, id, now + backoff(checks))?;
    }
    Ok(())
}

/// Background backoff after `checks` answers that were not final.
fn backoff(checks: u32) -> i64 {
    let factor = 1_i64.checked_shl(checks.min(20)).unwrap_or(i64::MAX);
    CHECK_BASE.saturating_mul(factor).min(CHECK_CAP)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn background_checks_back_off_to_an_hour() {
        assert_eq!(backoff(0), 30);
        assert_eq!(backoff(1), 60);
        assert_eq!(backoff(5), 960);
        assert_eq!(backoff(7), 3600);
        assert_eq!(backoff(u32::MAX), 3600);
    }
}
