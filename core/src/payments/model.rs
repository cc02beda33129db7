//! Payments as the app sees them: what is paid for ([`Subject`]), the state
//! machine of one payment ([`PaymentState`]), fees the citizen owes, and the
//! receipt (Quittung). Amounts are integer cents; there are no floats here.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// What kind of thing a payment settles (JSON: the app API's names).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SubjectKind {
    /// A fee (e.g. the library card's annual fee).
    #[serde(rename = "FEE")]
    Fee,
    /// An official notice (Bescheid) demanding an amount.
    #[serde(rename = "BESCHEID")]
    Notice,
}

impl SubjectKind {
    /// The app API's name (`FEE`, `BESCHEID`).
    pub fn wire(self) -> &'static str {
        match self {
            SubjectKind::Fee => "FEE",
            SubjectKind::Notice => "BESCHEID",
        }
    }

    /// From the app API's name.
    pub fn from_wire(text: &str) -> Option<Self> {
        match text {
            "FEE" => Some(SubjectKind::Fee),
            "BESCHEID" => Some(SubjectKind::Notice),
            _ => None,
        }
    }
}

/// What a payment settles: a fee or a notice, by the city's id. Never an
/// amount: the city sets the amount from the subject.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Subject {
    /// Fee or notice.
    #[serde(rename = "type")]
    pub kind: SubjectKind,
    /// The city's id, e.g. `GEB-2026-000412`.
    pub id: String,
}

impl Subject {
    /// A checked subject: the id is what the city issues (≤ 36 characters
    /// of `A–Z a–z 0–9 -`), so nothing else reaches a URL or a request.
    pub fn new(kind: SubjectKind, id: &str) -> Result<Self> {
        let id = id.trim();
        let valid = !id.is_empty()
            && id.len() <= 36
            && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
        if !valid {
            return Err(Error::Validation {
                field: "subject",
                reason: "expected the city's id: up to 36 letters, digits or '-'".to_owned(),
            });
        }
        Ok(Self { kind, id: id.to_owned() })
    }
}

/// Where one payment stands. Forward only: see [`PaymentState::step_to`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum PaymentState {
    /// Saved on the phone; the city has not confirmed it yet.
    Created,
    /// The payment service holds a transaction; its page can be opened.
    Initial,
    /// Paid (the standard's spelling). Final.
    Payed,
    /// The citizen aborted on the payment page. Final (a late success is still accepted).
    Canceled,
    /// The payment service aborted, or the page timed out. Final (a late success is still accepted).
    Failed,
    /// The payment service refused to create the payment. Final.
    Error,
}

/// What applying a newer state from the city means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// A normal forward move.
    Forward,
    /// A success after FAILED/CANCELED (asynchronous methods): applied and flagged.
    LateSuccess,
    /// Nothing to change (same state, or a move backwards that is ignored).
    Stay,
}

impl PaymentState {
    /// The stored and wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            PaymentState::Created => "CREATED",
            PaymentState::Initial => "INITIAL",
            PaymentState::Payed => "PAYED",
            PaymentState::Canceled => "CANCELED",
            PaymentState::Failed => "FAILED",
            PaymentState::Error => "ERROR",
        }
    }

    /// From the stored or wire name.
    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "CREATED" => PaymentState::Created,
            "INITIAL" => PaymentState::Initial,
            "PAYED" => PaymentState::Payed,
            "CANCELED" => PaymentState::Canceled,
            "FAILED" => PaymentState::Failed,
            "ERROR" => PaymentState::Error,
            _ => return None,
        })
    }

    /// No further change is expected (a late success may still come after
    /// CANCELED or FAILED; see [`PaymentState::may_turn_paid`]).
    pub fn is_final(self) -> bool {
        !matches!(self, PaymentState::Created | PaymentState::Initial)
    }

    /// CANCELED and FAILED can still turn PAYED (SEPA, Wero and card
    /// challenges settle late); the city keeps asking its provider for a while.
    pub fn may_turn_paid(self) -> bool {
        matches!(self, PaymentState::Canceled | PaymentState::Failed)
    }

    /// How moving from `self` to `next` (the city's answer) is treated:
    /// forward only, except a late PAYED after FAILED or CANCELED.
    pub fn step_to(self, next: PaymentState) -> Step {
        use PaymentState::*;
        match (self, next) {
            (a, b) if a == b => Step::Stay,
            (Created, _) => Step::Forward,
            (Initial, Created) => Step::Stay,
            (Initial, _) => Step::Forward,
            (Failed | Canceled | Error, Payed) => Step::LateSuccess,
            _ => Step::Stay,
        }
    }
}

/// One payment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Payment {
    /// The app's id (the `Idempotency-Key` of the create); stable from the tap on.
    pub id: String,
    /// The city's id, once it answered (also the payment service's `requestId`).
    pub payment_id: Option<String>,
    /// What it pays for.
    pub subject: Subject,
    /// Where it stands.
    pub state: PaymentState,
    /// The amount the city set, in cents; unknown until the city answered.
    pub amount_cents: Option<i64>,
    /// ISO 4217 currency (EUR).
    pub currency: String,
    /// What it is for, e.g. "Jahresgebühr Bibliotheksausweis".
    pub title: Option<String>,
    /// The payment page, while INITIAL.
    pub paypage_url: Option<String>,
    /// The Kassenzeichen, once paid.
    pub transaction_reference: Option<String>,
    /// PAYPAL, CREDITCARD or OTHER, once paid.
    pub payment_method: Option<String>,
    /// E.g. "Wero", "SEPA-Lastschrift".
    pub payment_method_detail: Option<String>,
    /// The provider's detail, e.g. "TIMEOUT".
    pub status_detail: Option<String>,
    /// Why the payment service refused it (ERROR): its code.
    pub error_code: Option<String>,
    /// Why, as readable text.
    pub error_message: Option<String>,
    /// A success arrived after the payment had failed or been cancelled.
    pub late_correction: bool,
    /// When the citizen tapped "pay" (unix seconds, device clock).
    pub created_at: i64,
    /// When it was paid (RFC 3339, the city's clock).
    pub paid_at: Option<String>,
    /// When the payment page stops working (RFC 3339), while INITIAL.
    pub expires_at: Option<String>,
    /// The receipt is stored on the phone.
    pub has_receipt: bool,
}

/// What the citizen gets back from [`crate::payments::PaymentsService::start`].
#[derive(Debug, Clone, PartialEq)]
pub struct StartedPayment {
    /// The payment (saved on the phone in any case).
    pub payment: Payment,
    /// Open this page in the system browser (never a web view); `None` when
    /// the city has not confirmed the payment yet (it is retried) or it was
    /// already paid.
    pub paypage_url: Option<String>,
    /// The subject was paid before: `payment` is that payment, with its receipt.
    pub already_paid: bool,
    /// Why the city has not confirmed it yet (no connection, service down).
    pub not_sent_reason: Option<String>,
}

/// Where a fee stands at the city.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum FeeState {
    /// Owed.
    Open,
    /// A payment is under way.
    InProgress,
    /// Paid.
    Paid,
}

/// Something the citizen owes the city.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fee {
    /// What to pay (`pay` takes it).
    pub subject: Subject,
    /// Short title.
    pub title: String,
    /// Longer description.
    pub description: Option<String>,
    /// Which office charges it.
    pub office: Option<String>,
    /// Amount in cents.
    pub amount_cents: i64,
    /// ISO 4217 currency (EUR).
    pub currency: String,
    /// Due date (YYYY-MM-DD).
    pub due_date: Option<String>,
    /// Open, in progress or paid.
    pub state: FeeState,
    /// Whether it can be paid in the app now.
    pub payable: bool,
    /// The city's id of the open or paid payment.
    pub payment_id: Option<String>,
}

/// The Quittung of a paid payment, kept on the phone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Receipt {
    /// The city's receipt number.
    pub receipt_number: String,
    /// The city's payment id.
    pub payment_id: String,
    /// What was paid for.
    pub subject: Subject,
    /// What it was for.
    pub title: String,
    /// Amount in cents.
    pub amount_cents: i64,
    /// ISO 4217 currency.
    pub currency: String,
    /// The Kassenzeichen.
    pub transaction_reference: String,
    /// PAYPAL, CREDITCARD or OTHER.
    pub payment_method: Option<String>,
    /// E.g. "Wero".
    pub payment_method_detail: Option<String>,
    /// When it was paid (RFC 3339).
    pub paid_at: String,
    /// When the receipt was issued (RFC 3339).
    pub issued_at: String,
    /// Who received the money.
    pub payee_name: String,
    /// The payee's address.
    pub payee_address: String,
    /// The PDF is stored too.
    pub has_pdf: bool,
}

/// Readable text for a refusal code of the city or its payment service
/// (XBezahldienste `functionalCode`, app API problem `code`). Nothing was
/// charged in any of these cases.
pub fn refusal_text(code: &str) -> &'static str {
    match code {
        "CALCULATION_ERROR" => {
            "the payment service could not confirm the amount; nothing was charged. Please try again later"
        }
        "BOOKING_DATA_MISSING" => {
            "this fee is not yet set up for online payment; nothing was charged. Please pay by bank transfer or ask the office"
        }
        "NO_VALID_ORIGINATOR_OR_ENDPOINT" | "NO_VALID_ORIGINATOR_OR_DESTINATION" => {
            "online payment is not available for this office; nothing was charged"
        }
        "PAYMENT_EXISTS" => {
            "the payment service could not confirm this payment; nothing was charged. Please start the payment again"
        }
        "FORBIDDEN" => "the payment service does not allow this payment; nothing was charged",
        "NOT_FOUND" => "the city does not know this fee (it may have been settled or withdrawn)",
        "VALIDATION_ERROR" => "the city could not accept this payment request; nothing was charged",
        _ => "the payment service refused the payment; nothing was charged",
    }
}

/// Formats cents as a German amount, e.g. `25,00 €`.
pub fn format_eur(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    format!("{sign}{},{:02} €", abs / 100, abs % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_only_move_forward_except_a_late_success() {
        use PaymentState::*;
        assert_eq!(Created.step_to(Initial), Step::Forward);
        assert_eq!(Initial.step_to(Payed), Step::Forward);
        assert_eq!(Initial.step_to(Created), Step::Stay);
        assert_eq!(Payed.step_to(Failed), Step::Stay);
        assert_eq!(Payed.step_to(Initial), Step::Stay);
        assert_eq!(Canceled.step_to(Initial), Step::Stay);
        assert_eq!(Failed.step_to(Payed), Step::LateSuccess);
        assert_eq!(Canceled.step_to(Payed), Step::LateSuccess);
        assert_eq!(Failed.step_to(Canceled), Step::Stay);
        for s in [Created, Initial, Payed, Canceled, Failed, Error] {
            assert_eq!(PaymentState::parse(s.as_str()), Some(s));
        }
        assert_eq!(PaymentState::parse("TIMEOUT"), None);
    }

    #[test]
    fn subject_ids_are_what_the_city_issues() {
        assert!(Subject::new(SubjectKind::Fee, "GEB-2026-000412").is_ok());
        for bad in ["", "../v1/payments", "GEB 1", "a?b", &"x".repeat(37), "GEB-ü"] {
            assert!(Subject::new(SubjectKind::Fee, bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn amounts_are_formatted_from_cents() {
        assert_eq!(format_eur(2500), "25,00 €");
        assert_eq!(format_eur(3070), "30,70 €");
        assert_eq!(format_eur(5), "0,05 €");
        assert_eq!(format_eur(-150), "-1,50 €");
    }
}
