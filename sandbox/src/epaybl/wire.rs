//! XBezahldienste v1.0.0 wire types with the standard's exact names
//! (`grosAmount` with one `s`, `paymentInformation`, `transactionRedirectUrl`,
//! `bookingData`, `functionalCode`, status `PAYED`). Amounts are
//! [`Amount`]s: two-decimal JSON numbers, integer cents inside.
//!
//! Used by both halves of the sandbox — the provider and the app API's
//! client of it — but never shared with `leipzig-core`.

use std::collections::BTreeMap;

use axum::{
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde::{Deserialize, Serialize};

use super::amount::Amount;

/// `PaymentRequest`: what the online service sends to create a transaction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PaymentRequest {
    /// Set by the online service, ≤ 36, `^[\w\d-]+$`; duplicate detection.
    pub request_id: String,
    /// ISO 8601, e.g. `2026-05-02T09:15:00.000Z`.
    pub request_timestamp: String,
    /// Exactly `EUR`.
    pub currency: String,
    /// Total, equal to Σ items' `totalNetAmount + totalTaxAmount`.
    pub gros_amount: Amount,
    /// Verwendungszweck, ≤ 27, `^[\w\d\s-]+$`.
    pub purpose: String,
    /// Shown on the paypage, ≤ 250.
    pub description: String,
    /// Where the paypage sends the browser back, ≤ 2082.
    pub redirect_url: String,
    /// Line items, 1–99.
    pub items: Vec<PaymentItem>,
    /// The payer, only when the Kasse needs it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requestor: Option<Requestor>,
}

/// `PaymentItem`: one line of a payment request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PaymentItem {
    /// Item id, ≤ 36.
    pub id: String,
    /// Business reference, ≤ 36.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// Text, ≤ 250.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Tax rate in percent.
    #[serde(default)]
    pub tax_rate: Amount,
    /// Quantity, ≥ 1.
    pub quantity: u32,
    /// Net price of one unit.
    pub single_net_amount: Amount,
    /// Tax of one unit.
    pub single_tax_amount: Amount,
    /// `quantity × singleNetAmount`.
    pub total_net_amount: Amount,
    /// `quantity × singleTaxAmount`.
    pub total_tax_amount: Amount,
    /// What the cash system needs to book it (Haushaltsstelle, Sachkonto, …).
    #[serde(default)]
    pub booking_data: BTreeMap<String, String>,
}

/// `Requestor`: the payer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Requestor {
    /// Family name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Given name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// `M`, `F` or `D`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<String>,
    /// Whether the payer is an organisation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_organization: Option<bool>,
    /// The organisation's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_name: Option<String>,
    /// Postal address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<RequestorAddress>,
}

/// The payer's address.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestorAddress {
    /// Street.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub street: Option<String>,
    /// House number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub house_number: Option<String>,
    /// Further lines, at most 9.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub address_line: Vec<String>,
    /// Postcode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    /// City.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// ISO 3166 alpha-2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
}

/// `PaymentTransaction`: the answer to the POST and the GET.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PaymentTransaction {
    /// The request, echoed.
    pub payment_request: PaymentRequest,
    /// Where the transaction stands.
    pub payment_information: PaymentInformation,
}

/// `paymentInformation` of a transaction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PaymentInformation {
    /// REST URL of this transaction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transaction_url: Option<String>,
    /// The paypage; present only while `INITIAL`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transaction_redirect_url: Option<String>,
    /// Assigned by the payment service; not the `requestId`.
    pub transaction_id: String,
    /// Business reference (Kassenzeichen), once `PAYED`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transaction_reference: Option<String>,
    /// When the payment succeeded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transaction_timestamp: Option<String>,
    /// `PAYPAL`, `CREDITCARD`, `OTHER`, …; only on success.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_method: Option<String>,
    /// Free text, e.g. `Wero` or `SEPA-Lastschrift` with `OTHER`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_method_detail: Option<String>,
    /// `INITIAL`, `PAYED`, `CANCELED` or `FAILED`.
    pub status: XbdStatus,
    /// Agreed free text, e.g. `TIMEOUT` or `PENDING_DEBIT`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_detail: Option<String>,
}

/// The four statuses of the standard (`PAYED` spelled so).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum XbdStatus {
    /// Created; the user may still be on the paypage.
    Initial,
    /// The online part succeeded.
    Payed,
    /// The user aborted.
    Canceled,
    /// The payment service aborted, or the paypage timed out.
    Failed,
}

impl XbdStatus {
    /// The wire spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Initial => "INITIAL",
            Self::Payed => "PAYED",
            Self::Canceled => "CANCELED",
            Self::Failed => "FAILED",
        }
    }
}

/// The `functionalCode`s of the standard's problem details.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum FunctionalCode {
    /// Unknown `originatorId`/`endPointId`.
    NoValidOriginatorOrEndpoint,
    /// The `requestId` was used before.
    PaymentExists,
    /// The items do not add up to `grosAmount`.
    CalculationError,
    /// `bookingData` is incomplete.
    BookingDataMissing,
    /// A field constraint is violated.
    ValidationError,
    /// Anything else.
    Unspecified,
    /// Not allowed.
    Forbidden,
}

impl FunctionalCode {
    /// The wire spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NoValidOriginatorOrEndpoint => "NO_VALID_ORIGINATOR_OR_ENDPOINT",
            Self::PaymentExists => "PAYMENT_EXISTS",
            Self::CalculationError => "CALCULATION_ERROR",
            Self::BookingDataMissing => "BOOKING_DATA_MISSING",
            Self::ValidationError => "VALIDATION_ERROR",
            Self::Unspecified => "UNSPECIFIED",
            Self::Forbidden => "FORBIDDEN",
        }
    }

    /// The sandbox's HTTP status for the code (the standard leaves it
    /// open): 409 for `PAYMENT_EXISTS`, 403 for `FORBIDDEN`, else 400.
    pub fn default_status(self) -> StatusCode {
        match self {
            Self::PaymentExists => StatusCode::CONFLICT,
            Self::Forbidden => StatusCode::FORBIDDEN,
            _ => StatusCode::BAD_REQUEST,
        }
    }
}

/// An `application/problem+json` answer of the payment service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct XbdProblem {
    /// A link (≤ 2082); `about:blank` here.
    #[serde(rename = "type", default = "about_blank")]
    pub kind: String,
    /// Short summary.
    #[serde(default)]
    pub title: String,
    /// The HTTP status.
    #[serde(default)]
    pub status: u16,
    /// Business text only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The machine-readable reason; unknown codes read as `None`.
    #[serde(default, deserialize_with = "lenient_code")]
    pub functional_code: Option<FunctionalCode>,
}

fn about_blank() -> String {
    "about:blank".to_owned()
}

/// A code this sandbox does not know is no reason to drop the problem.
fn lenient_code<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<FunctionalCode>, D::Error> {
    let text = Option::<String>::deserialize(deserializer)?;
    Ok(text.and_then(|t| serde_json::from_value(serde_json::Value::String(t)).ok()))
}

impl XbdProblem {
    /// A problem with the code's default status.
    pub fn new(code: FunctionalCode, detail: impl Into<String>) -> Self {
        Self::with_status(code, code.default_status(), detail)
    }

    /// A problem with an explicit status.
    pub fn with_status(
        code: FunctionalCode,
        status: StatusCode,
        detail: impl Into<String>,
    ) -> Self {
        let title = match code {
            FunctionalCode::NoValidOriginatorOrEndpoint => "No valid originator or endpoint",
            FunctionalCode::PaymentExists => "Payment exists",
            FunctionalCode::CalculationError => "Calculation error",
            FunctionalCode::BookingDataMissing => "Booking data missing",
            FunctionalCode::ValidationError => "Validation error",
            FunctionalCode::Unspecified => "Unspecified error",
            FunctionalCode::Forbidden => "Forbidden",
        };
        Self {
            kind: about_blank(),
            title: title.to_owned(),
            status: status.as_u16(),
            detail: Some(detail.into()),
            functional_code: Some(code),
        }
    }
}

impl IntoResponse for XbdProblem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::BAD_REQUEST);
        let body = serde_json::to_string(&self).unwrap_or_default();
        let mut response = (status, body).into_response();
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
        response
    }
}
