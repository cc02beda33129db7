//! What the payment service remembers: transactions, access tokens,
//! settings and the next injected error. Kept in the city's state, so a
//! state directory keeps open paypages across restarts.
//!
//! Time-driven changes are evaluated when a transaction is read
//! ([`Transaction::refresh`]): a delayed outcome set by a control becomes
//! visible, a SEPA debit settles, an unpaid paypage times out to `FAILED`
//! with `statusDetail: "TIMEOUT"` — all on the sandbox clock.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};

use super::wire::{
    FunctionalCode, PaymentInformation, PaymentRequest, PaymentTransaction, XbdStatus,
};

/// Default paypage lifetime (15 minutes).
pub const DEFAULT_TTL_SECONDS: i64 = 900;
/// Default time a SEPA direct debit stays pending.
pub const DEFAULT_SEPA_SECONDS: i64 = 120;
/// Lifetime of a client-credentials access token.
pub const TOKEN_SECONDS: i64 = 300;
/// `statusDetail` of a SEPA debit that is not yet settled.
pub const PENDING_DEBIT: &str = "PENDING_DEBIT";

/// Tunables set through `/_sandbox/epaybl/settings`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Settings {
    /// Seconds an `INITIAL` transaction stays payable.
    pub paypage_ttl_seconds: i64,
    /// Seconds a SEPA debit stays `INITIAL`/`PENDING_DEBIT`.
    pub sepa_settle_seconds: i64,
    /// Maintenance: `/status` and creating answer 503.
    pub maintenance: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            paypage_ttl_seconds: DEFAULT_TTL_SECONDS,
            sepa_settle_seconds: DEFAULT_SEPA_SECONDS,
            maintenance: false,
        }
    }
}

/// The next create is refused with this problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NextError {
    /// The `functionalCode`.
    pub functional_code: FunctionalCode,
    /// HTTP status; the code's default when absent.
    #[serde(default)]
    pub status: Option<u16>,
}

/// An outcome set by a control that shows only from `at` on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PendingOutcome {
    /// When it becomes visible (sandbox clock).
    pub at: DateTime<Utc>,
    /// The status then.
    pub status: XbdStatus,
    /// `paymentMethod` for `PAYED`.
    pub payment_method: Option<String>,
    /// `paymentMethodDetail` for `PAYED`, else `statusDetail`.
    pub detail: Option<String>,
}

/// One payment transaction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Transaction {
    /// `EPB-YYYY-NNNNNN`.
    pub transaction_id: String,
    /// Running number, for the Kassenzeichen.
    pub seq: u64,
    /// Tenant: the online service.
    pub originator_id: String,
    /// Tenant: the authority.
    pub end_point_id: String,
    /// The request as received.
    pub request: PaymentRequest,
    /// Status.
    pub status: XbdStatus,
    /// `statusDetail`.
    pub status_detail: Option<String>,
    /// `paymentMethod` (on success).
    pub payment_method: Option<String>,
    /// `paymentMethodDetail`.
    pub payment_method_detail: Option<String>,
    /// Kassenzeichen, once `PAYED`.
    pub transaction_reference: Option<String>,
    /// When it was paid.
    pub transaction_timestamp: Option<DateTime<Utc>>,
    /// Created (sandbox clock).
    pub created_at: DateTime<Utc>,
    /// End of the paypage's lifetime.
    pub expires_at: DateTime<Utc>,
    /// A SEPA debit settles (→ `PAYED`) at this time.
    pub settles_at: Option<DateTime<Utc>>,
    /// The card form was sent: the 3-D Secure step is open.
    pub card_challenge: bool,
    /// After a paypage action, show a page instead of redirecting.
    pub drop_redirect: bool,
    /// A delayed outcome set by a control.
    pub pending_outcome: Option<PendingOutcome>,
}

impl Transaction {
    /// Applies what is due at `now`: a delayed outcome, a settled debit,
    /// the paypage timeout.
    pub fn refresh(&mut self, now: DateTime<Utc>) {
        if let Some(outcome) = self.pending_outcome.take_if(|o| o.at <= now) {
            self.settle(outcome.status, outcome.payment_method, outcome.detail, now);
        }
        if self.status == XbdStatus::Initial && self.settles_at.is_some_and(|at| at <= now) {
            let at = self.settles_at.unwrap_or(now);
            self.settle(
                XbdStatus::Payed,
                Some("OTHER".to_owned()),
                Some("SEPA-Lastschrift".to_owned()),
                at,
            );
        }
        if self.status == XbdStatus::Initial && self.settles_at.is_none() && now >= self.expires_at
        {
            self.settle(XbdStatus::Failed, None, Some("TIMEOUT".to_owned()), now);
        }
    }

    /// Sets the status with what goes with it. For `PAYED`: the method
    /// (`PAYPAL` when none is given), a Kassenzeichen and the time; for
    /// `CANCELED`/`FAILED` the third argument is the `statusDetail`.
    pub fn settle(
        &mut self,
        status: XbdStatus,
        method: Option<String>,
        detail: Option<String>,
        now: DateTime<Utc>,
    ) {
        self.status = status;
        self.settles_at = None;
        self.card_challenge = false;
        match status {
            XbdStatus::Payed => {
                self.payment_method = Some(method.unwrap_or_else(|| "PAYPAL".to_owned()));
                self.payment_method_detail = detail;
                self.status_detail = None;
                self.transaction_reference = Some(kassenzeichen(self.seq));
                self.transaction_timestamp = Some(now);
            }
            XbdStatus::Initial => {
                self.payment_method = None;
                self.payment_method_detail = None;
                self.transaction_reference = None;
                self.transaction_timestamp = None;
                self.status_detail = detail;
            }
            XbdStatus::Canceled | XbdStatus::Failed => {
                self.payment_method = None;
                self.payment_method_detail = None;
                self.transaction_reference = None;
                self.transaction_timestamp = None;
                self.status_detail = detail;
            }
        }
    }

    /// The wire form; `base` is `http://127.0.0.1:PORT/`.
    pub fn to_wire(&self, base: &str) -> PaymentTransaction {
        let initial = self.status == XbdStatus::Initial;
        PaymentTransaction {
            payment_request: self.request.clone(),
            payment_information: PaymentInformation {
                transaction_url: Some(format!(
                    "{base}epaybl/paymenttransaction/{}/{}/{}",
                    self.originator_id, self.end_point_id, self.transaction_id
                )),
                transaction_redirect_url: initial
                    .then(|| format!("{base}epaybl/paypage/{}", self.transaction_id)),
                transaction_id: self.transaction_id.clone(),
                transaction_reference: self.transaction_reference.clone(),
                transaction_timestamp: self
                    .transaction_timestamp
                    .map(|t| t.to_rfc3339_opts(SecondsFormat::Millis, true)),
                payment_method: self.payment_method.clone(),
                payment_method_detail: self.payment_method_detail.clone(),
                status: self.status,
                status_detail: self.status_detail.clone(),
            },
        }
    }
}

/// A Kassenzeichen in the `5.NNNN.NNNNNN.C` shape, with a check digit.
pub fn kassenzeichen(seq: u64) -> String {
    let body = format!("57130{:06}", seq % 1_000_000);
    let check: u32 = body
        .bytes()
        .enumerate()
        .map(|(i, b)| u32::from(b - b'0') * if i % 2 == 0 { 1 } else { 3 })
        .sum::<u32>()
        % 10;
    format!("{}.{}.{}.{check}", &body[..1], &body[1..5], &body[5..])
}

/// The payment service's whole state.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EpayblState {
    /// Transactions by `transactionId`.
    #[serde(default)]
    pub transactions: BTreeMap<String, Transaction>,
    /// Last running number given out.
    #[serde(default)]
    pub last_seq: u64,
    /// Access tokens (SHA-256 hex) and when they expire.
    #[serde(default)]
    pub tokens: BTreeMap<String, DateTime<Utc>>,
    /// Tunables.
    #[serde(default)]
    pub settings: Settings,
    /// The next create's injected problem.
    #[serde(default)]
    pub next_error: Option<NextError>,
}

impl EpayblState {
    /// Stores a new transaction for a validated request.
    pub fn create(
        &mut self,
        originator_id: &str,
        end_point_id: &str,
        request: PaymentRequest,
        now: DateTime<Utc>,
    ) -> &Transaction {
        self.last_seq += 1;
        let seq = self.last_seq;
        let transaction_id = format!("EPB-{}-{seq:06}", now.format("%Y"));
        let transaction = Transaction {
            transaction_id: transaction_id.clone(),
            seq,
            originator_id: originator_id.to_owned(),
            end_point_id: end_point_id.to_owned(),
            request,
            status: XbdStatus::Initial,
            status_detail: None,
            payment_method: None,
            payment_method_detail: None,
            transaction_reference: None,
            transaction_timestamp: None,
            created_at: now,
            expires_at: now + Duration::seconds(self.settings.paypage_ttl_seconds),
            settles_at: None,
            card_challenge: false,
            drop_redirect: false,
            pending_outcome: None,
        };
        self.transactions.entry(transaction_id).or_insert(transaction)
    }

    /// Whether a transaction of the tenant already carries `request_id`.
    pub fn request_exists(
        &self,
        originator_id: &str,
        end_point_id: &str,
        request_id: &str,
    ) -> bool {
        self.transactions.values().any(|t| {
            t.request.request_id == request_id
                && t.originator_id == originator_id
                && t.end_point_id == end_point_id
        })
    }

    /// The transaction, refreshed to `now`.
    pub fn get_fresh(
        &mut self,
        transaction_id: &str,
        now: DateTime<Utc>,
    ) -> Option<&mut Transaction> {
        let transaction = self.transactions.get_mut(transaction_id)?;
        transaction.refresh(now);
        Some(transaction)
    }

    /// Issues an access token (stored hashed) and forgets expired ones.
    pub fn issue_token(&mut self, token_digest: String, now: DateTime<Utc>) {
        self.tokens.retain(|_, expires| *expires > now);
        self.tokens.insert(token_digest, now + Duration::seconds(TOKEN_SECONDS));
    }

    /// Whether the token with this digest is valid at `now`.
    pub fn token_valid(&self, token_digest: &str, now: DateTime<Utc>) -> bool {
        self.tokens.get(token_digest).is_some_and(|expires| *expires > now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kassenzeichen_shape() {
        let k = kassenzeichen(1);
        assert_eq!(k.len(), "5.7130.000001.C".len(), "{k}");
        assert!(k.starts_with("5.7130.000001."));
    }
}
