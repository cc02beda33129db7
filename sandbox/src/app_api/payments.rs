//! The app API's payments as the city keeps them: the record and its wire
//! form (`Payment` of `fixtures/openapi/app-api.yaml`). The ledger that
//! holds them and moves them on is [`super::ledger`].
//!
//! States: `CREATED` (row stored, provider call not yet answered) →
//! `INITIAL` (paypage usable) → `PAYED` | `CANCELED` | `FAILED`; or
//! `CREATED` → `ERROR` (the provider refused). Forward-only, with one
//! exception: a `PAYED` read from the provider after `FAILED`/`CANCELED`
//! (asynchronous methods) is taken, marked `lateCorrection`, and logged.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use super::fees::Fee;

pub use super::ledger::{PaymentsState, ReconciliationEntry, ReconciliationKind};

/// What is paid: a fee or a Bescheid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum SubjectType {
    /// A fee (Gebühr).
    Fee,
    /// A payable notice (Bescheid).
    Bescheid,
}

/// `{"type": "FEE"|"BESCHEID", "id": "…"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Subject {
    /// Fee or Bescheid.
    #[serde(rename = "type")]
    pub kind: SubjectType,
    /// Its id.
    pub id: String,
}

/// The app-facing payment states.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum PaymentState {
    /// Stored; the provider has not confirmed a transaction yet.
    Created,
    /// The provider transaction exists; the paypage is usable.
    Initial,
    /// Paid (the standard's spelling).
    Payed,
    /// The user aborted.
    Canceled,
    /// The provider aborted, or the paypage timed out.
    Failed,
    /// The provider refused to create the transaction.
    Error,
}

impl PaymentState {
    /// The wire spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Created => "CREATED",
            Self::Initial => "INITIAL",
            Self::Payed => "PAYED",
            Self::Canceled => "CANCELED",
            Self::Failed => "FAILED",
            Self::Error => "ERROR",
        }
    }
}

/// Why a payment is `ERROR`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentError {
    /// The provider's `functionalCode`.
    pub code: String,
    /// Readable text.
    pub detail: String,
}

/// One payment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Payment {
    /// UUID v4; also the XBezahldienste `requestId`.
    pub payment_id: String,
    /// The owner's `sub` (never on the wire).
    pub owner: String,
    /// What is paid.
    pub subject: Subject,
    /// State.
    pub state: PaymentState,
    /// Amount in cents (from the fee, never from the client).
    pub amount_cents: i64,
    /// Verwendungszweck sent to the provider.
    pub purpose: String,
    /// The fee's title.
    pub description: String,
    /// The paypage, while `INITIAL`.
    pub paypage_url: Option<String>,
    /// The provider's `transactionId`.
    pub transaction_id: Option<String>,
    /// Kassenzeichen, once `PAYED`.
    pub transaction_reference: Option<String>,
    /// `PAYPAL`, `CREDITCARD`, `OTHER`.
    pub payment_method: Option<String>,
    /// E.g. `Wero`, `SEPA-Lastschrift`.
    pub payment_method_detail: Option<String>,
    /// The provider's `statusDetail` (`TIMEOUT`, `PENDING_DEBIT`, …).
    pub status_detail: Option<String>,
    /// Why it is `ERROR`.
    pub error: Option<PaymentError>,
    /// A `PAYED` arrived after `FAILED`/`CANCELED`.
    pub late_correction: bool,
    /// Created (sandbox clock).
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
    /// When it was paid.
    pub paid_at: Option<DateTime<Utc>>,
    /// End of the paypage's lifetime, while `INITIAL`.
    pub expires_at: Option<DateTime<Utc>>,
    /// Quittung number, once `PAYED`.
    pub receipt_number: Option<String>,
    /// When the Quittung was issued.
    pub receipt_issued_at: Option<DateTime<Utc>>,
    /// Order of creation.
    pub seq: u64,
}

/// RFC 3339 in UTC, whole seconds.
pub fn rfc3339(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

impl Payment {
    /// A new `CREATED` payment of `fee`.
    pub fn new(payment_id: String, fee: &Fee, seq: u64, now: DateTime<Utc>) -> Self {
        Self {
            payment_id,
            owner: fee.owner_sub.clone(),
            subject: Subject { kind: fee.kind, id: fee.id.clone() },
            state: PaymentState::Created,
            amount_cents: fee.amount_cents,
            purpose: purpose_for(&fee.id),
            description: fee.title.clone(),
            paypage_url: None,
            transaction_id: None,
            transaction_reference: None,
            payment_method: None,
            payment_method_detail: None,
            status_detail: None,
            error: None,
            late_correction: false,
            created_at: now,
            updated_at: now,
            paid_at: None,
            expires_at: None,
            receipt_number: None,
            receipt_issued_at: None,
            seq,
        }
    }

    /// The wire object; absent optional members are left out.
    pub fn to_json(&self) -> Value {
        let mut m = Map::new();
        m.insert("paymentId".into(), json!(self.payment_id));
        m.insert("subject".into(), json!(self.subject));
        m.insert("state".into(), json!(self.state));
        m.insert("amountCents".into(), json!(self.amount_cents));
        m.insert("currency".into(), json!("EUR"));
        m.insert("purpose".into(), json!(self.purpose));
        m.insert("description".into(), json!(self.description));
        let initial = self.state == PaymentState::Initial;
        let mut put = |name: &str, value: Option<&String>| {
            if let Some(v) = value {
                m.insert(name.into(), json!(v));
            }
        };
        put("paypageUrl", self.paypage_url.as_ref().filter(|_| initial));
        put("transactionId", self.transaction_id.as_ref());
        put("transactionReference", self.transaction_reference.as_ref());
        put("paymentMethod", self.payment_method.as_ref());
        put("paymentMethodDetail", self.payment_method_detail.as_ref());
        put("statusDetail", self.status_detail.as_ref());
        if let Some(error) = &self.error {
            m.insert("error".into(), json!(error));
        }
        m.insert("lateCorrection".into(), json!(self.late_correction));
        m.insert("createdAt".into(), json!(rfc3339(self.created_at)));
        m.insert("updatedAt".into(), json!(rfc3339(self.updated_at)));
        if let Some(at) = self.paid_at {
            m.insert("paidAt".into(), json!(rfc3339(at)));
        }
        if let Some(at) = self.expires_at.filter(|_| initial) {
            m.insert("expiresAt".into(), json!(rfc3339(at)));
        }
        Value::Object(m)
    }
}

/// `LNBM <ID>`: upper case, `^[\w\d\s-]+$`, at most 27 characters.
pub fn purpose_for(fee_id: &str) -> String {
    format!("LNBM {fee_id}")
        .to_ascii_uppercase()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | '-' | '_'))
        .take(27)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn purposes_fit_the_standard() {
        assert_eq!(purpose_for("GEB-2026-000412"), "LNBM GEB-2026-000412");
        let long = purpose_for("abcdefghij-abcdefghij-abcdefghij-abc");
        assert_eq!(long.chars().count(), 27);
        assert!(crate::epaybl::validate::is_purpose(&long));
    }
}
