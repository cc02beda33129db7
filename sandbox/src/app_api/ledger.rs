//! The app API's payment ledger: fees, payments, remembered
//! `Idempotency-Key`s and the reconciliation log, and how a provider
//! answer moves a payment on.
//!
//! Forward-only, with one exception: a `PAYED` read from the provider after
//! `FAILED`/`CANCELED` (asynchronous methods) is taken, marked
//! `lateCorrection`, and logged as `LATE_SUCCESS` for the Stadtkasse.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{
    fees::Fee,
    payments::{Payment, PaymentState},
};
use crate::epaybl::wire::{PaymentInformation, XbdStatus};

/// What the reconciliation log records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ReconciliationKind {
    /// The provider may hold a transaction the app API never learnt.
    OrphanedTransaction,
    /// A payment succeeded after it was `FAILED`/`CANCELED`.
    LateSuccess,
}

/// One line of the reconciliation log (no personal data).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReconciliationEntry {
    /// When (sandbox clock).
    pub at: DateTime<Utc>,
    /// The payment.
    pub payment_id: String,
    /// Its XBezahldienste `requestId`.
    pub request_id: String,
    /// What happened.
    pub kind: ReconciliationKind,
    /// For the Stadtkasse.
    pub detail: String,
}

/// A remembered `Idempotency-Key` → `paymentId`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct KeyedPayment {
    /// The payment id the key got.
    pub payment_id: String,
    /// Order, for pruning.
    pub seq: u64,
}

/// Keys remembered; the oldest go first.
const MAX_KEYS: usize = 5_000;
/// Reconciliation lines kept.
const MAX_RECONCILIATION: usize = 1_000;

/// Fees, payments and the reconciliation log of the app API.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PaymentsState {
    /// Fees and Bescheide by id (seeded).
    #[serde(default = "super::fees::seeded")]
    pub fees: BTreeMap<String, Fee>,
    /// Payments by id.
    #[serde(default)]
    pub payments: BTreeMap<String, Payment>,
    /// `owner key` → the payment id a request with that key got.
    #[serde(default)]
    pub keys: BTreeMap<String, KeyedPayment>,
    /// The reconciliation log.
    #[serde(default)]
    pub reconciliation: Vec<ReconciliationEntry>,
    /// Last sequence number given to a payment or key.
    #[serde(default)]
    pub last_seq: u64,
    /// Last Quittung number.
    #[serde(default)]
    pub last_receipt: u64,
}

impl Default for PaymentsState {
    fn default() -> Self {
        Self {
            fees: super::fees::seeded(),
            payments: BTreeMap::new(),
            keys: BTreeMap::new(),
            reconciliation: Vec::new(),
            last_seq: 0,
            last_receipt: 0,
        }
    }
}

impl PaymentsState {
    /// The next sequence number.
    pub fn next_seq(&mut self) -> u64 {
        self.last_seq += 1;
        self.last_seq
    }

    /// Remembers which payment id a key got.
    pub fn remember_key(&mut self, record_key: String, payment_id: String) {
        let seq = self.next_seq();
        self.keys.insert(record_key, KeyedPayment { payment_id, seq });
        while self.keys.len() > MAX_KEYS {
            let Some(oldest) = self.keys.iter().min_by_key(|(_, k)| k.seq).map(|(k, _)| k.clone())
            else {
                break;
            };
            self.keys.remove(&oldest);
        }
    }

    /// Drops `CREATED` payments: after a restart no request is still
    /// creating them.
    pub fn forget_unfinished(&mut self) {
        self.payments.retain(|_, p| p.state != PaymentState::Created);
    }

    /// Adds a reconciliation line.
    pub fn log(&mut self, entry: ReconciliationEntry) {
        self.reconciliation.push(entry);
        if self.reconciliation.len() > MAX_RECONCILIATION {
            self.reconciliation.remove(0);
        }
    }

    /// Moves payment `id` on according to the provider's `info`; returns
    /// whether anything changed.
    pub fn apply_provider(
        &mut self,
        id: &str,
        info: &PaymentInformation,
        now: DateTime<Utc>,
    ) -> bool {
        let Some(payment) = self.payments.get(id) else { return false };
        let before = payment.clone();
        let mut p = before.clone();
        match (p.state, info.status) {
            (PaymentState::Initial, XbdStatus::Initial) => {
                p.status_detail.clone_from(&info.status_detail);
                if let Some(url) = &info.transaction_redirect_url {
                    p.paypage_url = Some(url.clone());
                }
            }
            (
                PaymentState::Initial | PaymentState::Failed | PaymentState::Canceled,
                XbdStatus::Payed,
            ) => {
                let late = p.state != PaymentState::Initial;
                let paid_at = info
                    .transaction_timestamp
                    .as_deref()
                    .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
                    .map_or(now, |t| t.with_timezone(&Utc));
                p.state = PaymentState::Payed;
                p.transaction_reference.clone_from(&info.transaction_reference);
                p.payment_method.clone_from(&info.payment_method);
                p.payment_method_detail.clone_from(&info.payment_method_detail);
                p.status_detail = None;
                p.paid_at = Some(paid_at);
                p.paypage_url = None;
                p.expires_at = None;
                self.last_receipt += 1;
                p.receipt_number =
                    Some(format!("Q-{}-{:06}", paid_at.format("%Y"), self.last_receipt));
                p.receipt_issued_at = Some(now);
                if late {
                    p.late_correction = true;
                    self.log(ReconciliationEntry {
                        at: now,
                        payment_id: p.payment_id.clone(),
                        request_id: p.payment_id.clone(),
                        kind: ReconciliationKind::LateSuccess,
                        detail: format!(
                            "Transaction {} reported PAYED after the payment was {}; \
                             corrected to PAYED — check for a second payment of the same subject",
                            p.transaction_id.as_deref().unwrap_or("?"),
                            before.state.as_str()
                        ),
                    });
                }
            }
            (PaymentState::Initial, XbdStatus::Canceled | XbdStatus::Failed) => {
                p.state = if info.status == XbdStatus::Canceled {
                    PaymentState::Canceled
                } else {
                    PaymentState::Failed
                };
                p.status_detail.clone_from(&info.status_detail);
                p.paypage_url = None;
                p.expires_at = None;
            }
            // Forward-only: nothing else moves a payment.
            _ => {}
        }
        if p == before {
            return false;
        }
        p.updated_at = now;
        self.payments.insert(id.to_owned(), p);
        true
    }
}
