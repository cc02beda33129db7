//! Fees and payments across the FFI: what I owe, start a payment (open the
//! page in the system browser — Auth Tab / ASWebAuthenticationSession,
//! never a web view), the return link, following a payment to its end,
//! receipts. A listener sees every state change.

use std::sync::Arc;

use leipzig_core::payments as core;

use crate::{error::ApiError, subscription::Subscription};

/// What a payment settles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum SubjectKind {
    /// A fee (e.g. the library card's annual fee).
    Fee,
    /// An official notice (Bescheid) demanding an amount.
    Notice,
}

/// What a payment settles: a fee or a notice, by the city's id.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct PaymentSubject {
    /// Fee or notice.
    pub kind: SubjectKind,
    /// The city's id, e.g. `GEB-2026-000412`.
    pub id: String,
}

/// Where a payment stands. CANCELED and FAILED may still turn PAYED
/// (a late success, shown with `late_correction`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum PaymentState {
    /// Saved on the phone; the city has not confirmed it yet.
    Created,
    /// Open: the payment page can be used.
    Initial,
    /// Paid.
    Payed,
    /// Aborted on the payment page.
    Canceled,
    /// Aborted by the payment service, or the page timed out.
    Failed,
    /// Refused by the payment service; nothing was charged.
    Error,
}

/// One payment. Amounts are integer cents.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Payment {
    /// The app's id, stable from the tap on.
    pub id: String,
    /// The city's id, once it answered.
    pub payment_id: Option<String>,
    /// What it pays for.
    pub subject: PaymentSubject,
    /// Where it stands.
    pub state: PaymentState,
    /// The amount in cents, once known.
    pub amount_cents: Option<i64>,
    /// ISO 4217 currency.
    pub currency: String,
    /// What it is for.
    pub title: Option<String>,
    /// The payment page, while open.
    pub paypage_url: Option<String>,
    /// The Kassenzeichen, once paid.
    pub transaction_reference: Option<String>,
    /// PAYPAL, CREDITCARD or OTHER, once paid.
    pub payment_method: Option<String>,
    /// E.g. "Wero", "SEPA-Lastschrift".
    pub payment_method_detail: Option<String>,
    /// The payment service's detail, e.g. "TIMEOUT".
    pub status_detail: Option<String>,
    /// Why it was refused (ERROR): the code.
    pub error_code: Option<String>,
    /// Why it was refused, as text.
    pub error_message: Option<String>,
    /// A success arrived after it had failed or been cancelled.
    pub late_correction: bool,
    /// When the citizen started it (unix seconds).
    pub created_at: i64,
    /// When it was paid (RFC 3339).
    pub paid_at: Option<String>,
    /// When the payment page stops working (RFC 3339).
    pub expires_at: Option<String>,
    /// The receipt is stored on the phone.
    pub has_receipt: bool,
}

/// The answer to "pay".
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct StartedPayment {
    /// The payment (saved on the phone in any case).
    pub payment: Payment,
    /// Open this in the system browser; none when not yet confirmed by the
    /// city (it is retried) or already paid.
    pub paypage_url: Option<String>,
    /// Paid before: `payment` is that payment, with its receipt.
    pub already_paid: bool,
    /// Why the city has not confirmed it yet.
    pub not_sent_reason: Option<String>,
}

/// Where a fee stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum FeeState {
    /// Owed.
    Open,
    /// A payment is under way.
    InProgress,
    /// Paid.
    Paid,
}

/// Something the citizen owes the city.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Fee {
    /// What to pay.
    pub subject: PaymentSubject,
    /// Short title.
    pub title: String,
    /// Longer description.
    pub description: Option<String>,
    /// The office that charges it.
    pub office: Option<String>,
    /// Amount in cents.
    pub amount_cents: i64,
    /// ISO 4217 currency.
    pub currency: String,
    /// Due date, `YYYY-MM-DD`.
    pub due_date: Option<String>,
    /// Open, in progress or paid.
    pub state: FeeState,
    /// Whether it can be paid in the app now.
    pub payable: bool,
    /// The city's id of the open or paid payment.
    pub payment_id: Option<String>,
}

/// The Quittung of a paid payment.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Receipt {
    /// Receipt number.
    pub receipt_number: String,
    /// The city's payment id.
    pub payment_id: String,
    /// What was paid for.
    pub subject: PaymentSubject,
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
}

/// What a reconciliation did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct ReconcileReport {
    /// Payments that changed.
    pub changed: u32,
    /// Payments still open at the city.
    pub open: u32,
    /// Late successes found (PAYED after FAILED or CANCELED).
    pub late_successes: u32,
    /// Receipts fetched.
    pub receipts: u32,
}

/// Told about every change to the payments on the phone.
#[uniffi::export(foreign)]
pub trait PaymentsListener: Send + Sync {
    /// Every payment, newest first.
    fn on_payments(&self, payments: Vec<Payment>);
}

/// The payments service.
#[derive(Debug, uniffi::Object)]
pub struct Payments {
    app: leipzig_core::App,
}

impl Payments {
    pub(crate) fn new(app: leipzig_core::App) -> Self {
        Self { app }
    }
}

#[uniffi::export(async_runtime = "tokio")]
impl Payments {
    /// The fees stored on the phone (works offline).
    pub fn fees(&self) -> Result<Vec<Fee>, ApiError> {
        Ok(self.app.payments().fees()?.into_iter().map(Fee::from).collect())
    }

    /// Fetches what the citizen owes (needs a login).
    pub async fn refresh_fees(&self) -> Result<Vec<Fee>, ApiError> {
        Ok(self.app.payments().refresh_fees().await?.into_iter().map(Fee::from).collect())
    }

    /// Starts paying: saved on the phone first, then sent (a second tap
    /// continues the open payment). Open `paypage_url` in the system browser.
    /// `PaymentRefused` when the payment service refused it.
    pub async fn start(&self, subject: PaymentSubject) -> Result<StartedPayment, ApiError> {
        let subject = core::Subject::new(subject.kind.into(), &subject.id)?;
        Ok(self.app.payments().start(subject).await?.into())
    }

    /// The return link opened the app: asks the city (the link is only a hint).
    pub async fn handle_return(&self, link: String) -> Result<Payment, ApiError> {
        Ok(self.app.payments().handle_return(&link).await?.into())
    }

    /// Asks the city about one payment now.
    pub async fn refresh(&self, id: String) -> Result<Payment, ApiError> {
        Ok(self.app.payments().refresh(&id).await?.into())
    }

    /// Follows an open payment with backoff (1 s … 30 s, about 90 s in all)
    /// until it is final; call it after the return link and on foreground,
    /// and cancel it when the screen goes away.
    pub async fn settle(&self, id: String) -> Result<Payment, ApiError> {
        Ok(self.app.payments().settle(&id).await?.into())
    }

    /// Brings every payment in line with the city (run by `App.resume`).
    pub async fn reconcile(&self) -> Result<ReconcileReport, ApiError> {
        let r = self.app.payments().reconcile().await?;
        Ok(ReconcileReport {
            changed: r.changed,
            open: r.open,
            late_successes: r.late_successes,
            receipts: r.receipts,
        })
    }

    /// Every payment on the phone, newest first (works offline).
    pub fn list(&self) -> Result<Vec<Payment>, ApiError> {
        Ok(self.app.payments().payments()?.into_iter().map(Payment::from).collect())
    }

    /// One payment, by the app's or the city's id.
    pub fn get(&self, id: String) -> Result<Payment, ApiError> {
        Ok(self.app.payments().payment(&id)?.into())
    }

    /// The receipt of a paid payment, from the phone (works offline).
    pub fn receipt(&self, id: String) -> Result<Receipt, ApiError> {
        Ok(self.app.payments().receipt(&id)?.into())
    }

    /// The receipt as PDF bytes, from the phone.
    pub fn receipt_pdf(&self, id: String) -> Result<Vec<u8>, ApiError> {
        Ok(self.app.payments().receipt_pdf(&id)?)
    }

    /// Writes the receipt's PDF to `path` and its JSON beside it; returns
    /// the files written.
    pub fn export_receipt(&self, id: String, path: String) -> Result<Vec<String>, ApiError> {
        let files = self.app.payments().export_receipt(&id, std::path::Path::new(&path))?;
        Ok(files.into_iter().map(|p| p.to_string_lossy().into_owned()).collect())
    }

    /// Calls `listener` with every payment now and after every change,
    /// until the subscription is cancelled or destroyed.
    pub fn subscribe(&self, listener: Arc<dyn PaymentsListener>) -> Arc<Subscription> {
        Arc::new(Subscription::new(self.app.payments().subscribe(move |list| {
            listener.on_payments(list.into_iter().map(Payment::from).collect())
        })))
    }
}

impl From<SubjectKind> for core::SubjectKind {
    fn from(kind: SubjectKind) -> Self {
        match kind {
            SubjectKind::Fee => core::SubjectKind::Fee,
            SubjectKind::Notice => core::SubjectKind::Notice,
        }
    }
}

impl From<core::Subject> for PaymentSubject {
    fn from(s: core::Subject) -> Self {
        let kind = match s.kind {
            core::SubjectKind::Fee => SubjectKind::Fee,
            core::SubjectKind::Notice => SubjectKind::Notice,
        };
        Self { kind, id: s.id }
    }
}

impl From<core::PaymentState> for PaymentState {
    fn from(s: core::PaymentState) -> Self {
        match s {
            core::PaymentState::Created => PaymentState::Created,
            core::PaymentState::Initial => PaymentState::Initial,
            core::PaymentState::Payed => PaymentState::Payed,
            core::PaymentState::Canceled => PaymentState::Canceled,
            core::PaymentState::Failed => PaymentState::Failed,
            core::PaymentState::Error => PaymentState::Error,
        }
    }
}

impl From<core::Payment> for Payment {
    fn from(p: core::Payment) -> Self {
        Self {
            id: p.id,
            payment_id: p.payment_id,
            subject: p.subject.into(),
            state: p.state.into(),
            amount_cents: p.amount_cents,
            currency: p.currency,
            title: p.title,
            paypage_url: p.paypage_url,
            transaction_reference: p.transaction_reference,
            payment_method: p.payment_method,
            payment_method_detail: p.payment_method_detail,
            status_detail: p.status_detail,
            error_code: p.error_code,
            error_message: p.error_message,
            late_correction: p.late_correction,
            created_at: p.created_at,
            paid_at: p.paid_at,
            expires_at: p.expires_at,
            has_receipt: p.has_receipt,
        }
    }
}

impl From<core::StartedPayment> for StartedPayment {
    fn from(s: core::StartedPayment) -> Self {
        Self {
            payment: s.payment.into(),
            paypage_url: s.paypage_url,
            already_paid: s.already_paid,
            not_sent_reason: s.not_sent_reason,
        }
    }
}

impl From<core::Fee> for Fee {
    fn from(f: core::Fee) -> Self {
        let state = match f.state {
            core::FeeState::Open => FeeState::Open,
            core::FeeState::InProgress => FeeState::InProgress,
            core::FeeState::Paid => FeeState::Paid,
        };
        Self {
            subject: f.subject.into(),
            title: f.title,
            description: f.description,
            office: f.office,
            amount_cents: f.amount_cents,
            currency: f.currency,
            due_date: f.due_date,
            state,
            payable: f.payable,
            payment_id: f.payment_id,
        }
    }
}

impl From<core::Receipt> for Receipt {
    fn from(r: core::Receipt) -> Self {
        Self {
            receipt_number: r.receipt_number,
            payment_id: r.payment_id,
            subject: r.subject.into(),
            title: r.title,
            amount_cents: r.amount_cents,
            currency: r.currency,
            transaction_reference: r.transaction_reference,
            payment_method: r.payment_method,
            payment_method_detail: r.payment_method_detail,
            paid_at: r.paid_at,
            issued_at: r.issued_at,
            payee_name: r.payee_name,
            payee_address: r.payee_address,
        }
    }
}
