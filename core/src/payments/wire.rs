//! Wire types of the payment endpoints (`fixtures/openapi/app-api.yaml`),
//! with the API's names, and their checks: nothing unchecked (state names,
//! amount range, text lengths, page URL scheme) reaches the database.

use serde::{Deserialize, Serialize};

use super::model::{Fee, FeeState, PaymentState, Receipt, Subject, SubjectKind};
use crate::error::{Error, Result};

/// Longest text field accepted from the server.
const MAX_TEXT: usize = 2_083;
/// Largest amount accepted (XBezahldienste: ≤ 999 999 €).
pub const MAX_CENTS: i64 = 99_999_900;

/// `{"type": "FEE", "id": "…"}`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WireSubject {
    /// `FEE` or `BESCHEID`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The city's id.
    pub id: String,
}

impl WireSubject {
    fn checked(&self) -> Result<Subject> {
        let kind = SubjectKind::from_wire(&self.kind).ok_or_else(|| invalid("subject type"))?;
        Subject::new(kind, &self.id).map_err(|_| invalid("subject id"))
    }
}

/// `error` of an ERROR payment.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WireRefusal {
    /// The payment service's `functionalCode`.
    pub code: String,
    /// Readable text.
    #[serde(default)]
    pub detail: Option<String>,
}

/// A payment as the app API sends it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WirePayment {
    /// The city's id.
    pub payment_id: String,
    /// What it pays for.
    pub subject: WireSubject,
    /// State name.
    pub state: String,
    /// Amount in cents.
    pub amount_cents: i64,
    /// Currency.
    pub currency: String,
    /// Title.
    #[serde(default)]
    pub description: Option<String>,
    /// Payment page, while INITIAL.
    #[serde(default)]
    pub paypage_url: Option<String>,
    /// Kassenzeichen.
    #[serde(default)]
    pub transaction_reference: Option<String>,
    /// Method.
    #[serde(default)]
    pub payment_method: Option<String>,
    /// Method detail.
    #[serde(default)]
    pub payment_method_detail: Option<String>,
    /// Provider detail.
    #[serde(default)]
    pub status_detail: Option<String>,
    /// Refusal (ERROR).
    #[serde(default)]
    pub error: Option<WireRefusal>,
    /// Late success after FAILED/CANCELED.
    #[serde(default)]
    pub late_correction: bool,
    /// Paid at.
    #[serde(default)]
    pub paid_at: Option<String>,
    /// Page expiry.
    #[serde(default)]
    pub expires_at: Option<String>,
}

/// A checked payment from the city (everything but the app's own fields).
#[derive(Debug, Clone, PartialEq)]
pub struct PaymentDetails {
    /// The city's id.
    pub payment_id: String,
    /// What it pays for.
    pub subject: Subject,
    /// State.
    pub state: PaymentState,
    /// The rest, as stored (sealed) on the phone.
    pub sealed: SealedDetails,
}

/// The part of a payment that is sealed on the phone.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SealedDetails {
    /// Amount in cents.
    pub amount_cents: Option<i64>,
    /// Currency.
    pub currency: String,
    /// Title.
    pub title: Option<String>,
    /// Payment page.
    pub paypage_url: Option<String>,
    /// Kassenzeichen.
    pub transaction_reference: Option<String>,
    /// Method.
    pub payment_method: Option<String>,
    /// Method detail.
    pub payment_method_detail: Option<String>,
    /// Provider detail.
    pub status_detail: Option<String>,
    /// Refusal code.
    pub error_code: Option<String>,
    /// Refusal text.
    pub error_message: Option<String>,
    /// Late success.
    pub late_correction: bool,
    /// Paid at.
    pub paid_at: Option<String>,
    /// Page expiry.
    pub expires_at: Option<String>,
}

impl WirePayment {
    /// Checks the answer; nothing unchecked is stored.
    pub fn into_details(self) -> Result<PaymentDetails> {
        let state = PaymentState::parse(&self.state).ok_or_else(|| invalid("payment state"))?;
        if !(0..=MAX_CENTS).contains(&self.amount_cents) {
            return Err(invalid("amount"));
        }
        if self.payment_id.is_empty() || self.payment_id.len() > 64 {
            return Err(invalid("payment id"));
        }
        let paypage_url = match self.paypage_url {
            Some(url) if state == PaymentState::Initial => Some(checked_https_or_loopback(&url)?),
            _ => None,
        };
        let text = |t: Option<String>| t.map(|t| t.chars().take(MAX_TEXT).collect::<String>());
        let (error_code, error_message) = match self.error {
            Some(e) => {
                let code: String = e.code.chars().take(64).collect();
                let known = super::model::refusal_text(&code);
                let message = if known == super::model::refusal_text("") {
                    text(e.detail).or_else(|| Some(known.to_owned()))
                } else {
                    Some(known.to_owned())
                };
                (Some(code), message)
            }
            None => (None, None),
        };
        Ok(PaymentDetails {
            payment_id: self.payment_id,
            subject: self.subject.checked()?,
            state,
            sealed: SealedDetails {
                amount_cents: Some(self.amount_cents),
                currency: self.currency.chars().take(3).collect(),
                title: text(self.description),
                paypage_url,
                transaction_reference: text(self.transaction_reference),
                payment_method: text(self.payment_method),
                payment_method_detail: text(self.payment_method_detail),
                status_detail: text(self.status_detail),
                error_code,
                error_message,
                late_correction: self.late_correction,
                paid_at: text(self.paid_at),
                expires_at: text(self.expires_at),
            },
        })
    }
}

/// The payment page must be https (or the loopback sandbox): it is opened
/// in the citizen's browser.
fn checked_https_or_loopback(text: &str) -> Result<String> {
    let url = url::Url::parse(text).map_err(|_| invalid("payment page URL"))?;
    let ok =
        url.scheme() == "https" || (url.scheme() == "http" && crate::config::is_loopback(&url));
    if ok { Ok(url.into()) } else { Err(invalid("payment page URL")) }
}

/// A payment answer that breaks the contract.
pub(super) fn invalid(reason: &str) -> Error {
    Error::InvalidResponse { what: "payment", reason: reason.to_owned() }
}

/// A fee as the app API sends it.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct WireFee {
    subject: WireSubject,
    title: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    office: Option<String>,
    amount_cents: i64,
    currency: String,
    #[serde(default)]
    due_date: Option<String>,
    state: FeeState,
    payable: bool,
    #[serde(default)]
    payment_id: Option<String>,
}

impl WireFee {
    pub(crate) fn checked(self) -> Result<Fee> {
        if !(0..=MAX_CENTS).contains(&self.amount_cents) {
            return Err(Error::InvalidResponse { what: "fee", reason: "amount".to_owned() });
        }
        let cut = |t: String| t.chars().take(MAX_TEXT).collect::<String>();
        Ok(Fee {
            subject: self.subject.checked()?,
            title: cut(self.title),
            description: self.description.map(cut),
            office: self.office.map(cut),
            amount_cents: self.amount_cents,
            currency: self.currency.chars().take(3).collect(),
            due_date: self.due_date.map(cut),
            state: self.state,
            payable: self.payable,
            payment_id: self.payment_id.map(cut),
        })
    }
}

/// `{"fees": […]}`.
#[derive(Debug, Deserialize)]
pub(crate) struct FeeList {
    pub(crate) fees: Vec<WireFee>,
}

/// `{"payments": […]}`.
#[derive(Debug, Deserialize)]
pub(crate) struct PaymentList {
    pub(crate) payments: Vec<WirePayment>,
}

/// A receipt (Quittung) as JSON.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct WireReceipt {
    receipt_number: String,
    payment_id: String,
    subject: WireSubject,
    title: String,
    amount_cents: i64,
    currency: String,
    transaction_reference: String,
    #[serde(default)]
    payment_method: Option<String>,
    #[serde(default)]
    payment_method_detail: Option<String>,
    paid_at: String,
    issued_at: String,
    payee: WirePayee,
}

#[derive(Debug, Deserialize)]
struct WirePayee {
    name: String,
    address: String,
}

impl WireReceipt {
    /// The checked receipt (its PDF is stored beside it).
    pub(crate) fn checked(self) -> Result<Receipt> {
        let cut = |t: String| t.chars().take(MAX_TEXT).collect::<String>();
        if !(0..=MAX_CENTS).contains(&self.amount_cents) {
            return Err(Error::InvalidResponse { what: "receipt", reason: "amount".to_owned() });
        }
        Ok(Receipt {
            receipt_number: cut(self.receipt_number),
            payment_id: cut(self.payment_id),
            subject: self.subject.checked()?,
            title: cut(self.title),
            amount_cents: self.amount_cents,
            currency: self.currency.chars().take(3).collect(),
            transaction_reference: cut(self.transaction_reference),
            payment_method: self.payment_method.map(cut),
            payment_method_detail: self.payment_method_detail.map(cut),
            paid_at: cut(self.paid_at),
            issued_at: cut(self.issued_at),
            payee_name: cut(self.payee.name),
            payee_address: cut(self.payee.address),
            has_pdf: true,
        })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn wire(state: &str, cents: i64, page: &str) -> WirePayment {
        serde_json::from_value(json!({
            "paymentId": "p-1", "subject": {"type": "FEE", "id": "GEB-1"}, "state": state,
            "amountCents": cents, "currency": "EUR", "paypageUrl": page
        }))
        .expect("wire")
    }

    #[test]
    fn hostile_payments_are_refused_before_storage() {
        assert!(wire("INITIAL", 2500, "https://pay.example/p/1").into_details().is_ok());
        assert!(wire("INITIAL", 2500, "http://127.0.0.1:9/p/1").into_details().is_ok());
        assert!(wire("TIMEOUT", 2500, "https://pay.example/p/1").into_details().is_err());
        assert!(wire("INITIAL", -1, "https://pay.example/p/1").into_details().is_err());
        assert!(wire("INITIAL", MAX_CENTS + 1, "https://pay.example/p/1").into_details().is_err());
        assert!(wire("INITIAL", 2500, "javascript:alert(1)").into_details().is_err());
        assert!(wire("INITIAL", 2500, "http://pay.example/p/1").into_details().is_err());
        // A page URL is kept only while the payment is open.
        let paid = wire("PAYED", 2500, "https://pay.example/p/1").into_details().expect("paid");
        assert_eq!(paid.sealed.paypage_url, None);
    }
}
