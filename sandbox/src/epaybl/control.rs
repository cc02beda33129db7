//! Test controls of the payment service and the app API's payments,
//! merged into `/_sandbox/`:
//!
//! - `POST /epaybl/transactions/{transactionId}` and
//!   `POST /payments/{paymentId}/outcome`: `{status?, paymentMethod?,
//!   paymentMethodDetail?, statusDetail?, delayMs?, dropRedirect?}` — set
//!   an outcome (at once, or visible after `delayMs` on the sandbox clock),
//!   drop the redirect after the next paypage action;
//! - `GET /epaybl/transactions`: every transaction;
//! - `POST /epaybl/next-error`: `{functionalCode, status?}`;
//! - `GET|POST /epaybl/settings`: `{paypageTtlSeconds?, sepaSettleSeconds?,
//!   maintenance?}`;
//! - `GET /payments/reconciliation`: the app API's reconciliation log.
//!
//! `POST /_sandbox/reset` restores the defaults.

use axum::{
    Json, Router,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::{get, post},
};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{
    store::{NextError, PendingOutcome, Settings, Transaction},
    wire::{FunctionalCode, XbdStatus},
};
use crate::{SandboxContext, problem};

/// The control routes, to be merged into `/_sandbox`.
pub fn routes() -> Router<SandboxContext> {
    Router::new()
        .route("/epaybl/transactions", get(list))
        .route("/epaybl/transactions/{transaction_id}", post(set_transaction))
        .route("/epaybl/next-error", post(next_error))
        .route("/epaybl/settings", get(settings).post(set_settings))
        .route("/payments/{payment_id}/outcome", post(set_payment_outcome))
        .route("/payments/reconciliation", get(reconciliation))
}

/// One transaction in the listing.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TransactionRow {
    /// `transactionId`.
    pub transaction_id: String,
    /// `requestId` (the app API's `paymentId`).
    pub request_id: String,
    /// Status now.
    pub status: XbdStatus,
    /// `grosAmount` in cents.
    pub gros_amount_cents: i64,
    /// Created (sandbox clock).
    pub created_at: DateTime<Utc>,
    /// `statusDetail`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_detail: Option<String>,
    /// `paymentMethod`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment_method: Option<String>,
    /// `paymentMethodDetail`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment_method_detail: Option<String>,
    /// The next paypage action shows a page instead of redirecting.
    pub drop_redirect: bool,
}

impl TransactionRow {
    fn of(t: &Transaction) -> Self {
        Self {
            transaction_id: t.transaction_id.clone(),
            request_id: t.request.request_id.clone(),
            status: t.status,
            gros_amount_cents: t.request.gros_amount.cents(),
            created_at: t.created_at,
            status_detail: t.status_detail.clone(),
            payment_method: t.payment_method.clone(),
            payment_method_detail: t.payment_method_detail.clone(),
            drop_redirect: t.drop_redirect,
        }
    }
}

/// What a test sets on a transaction.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OutcomeRequest {
    /// The new status.
    #[serde(default)]
    pub status: Option<XbdStatus>,
    /// `paymentMethod` with `PAYED` (default `PAYPAL`).
    #[serde(default)]
    pub payment_method: Option<String>,
    /// `paymentMethodDetail` with `PAYED`.
    #[serde(default)]
    pub payment_method_detail: Option<String>,
    /// `statusDetail` with `CANCELED`/`FAILED`/`INITIAL`.
    #[serde(default)]
    pub status_detail: Option<String>,
    /// The status shows only after this many milliseconds (sandbox clock).
    #[serde(default)]
    pub delay_ms: Option<u64>,
    /// Whether paypage actions show a page instead of redirecting.
    #[serde(default)]
    pub drop_redirect: Option<bool>,
}

impl OutcomeRequest {
    /// Applies the request to `t` at `now`.
    pub fn apply(self, t: &mut Transaction, now: DateTime<Utc>) {
        t.refresh(now);
        if let Some(drop) = self.drop_redirect {
            t.drop_redirect = drop;
        }
        let Some(status) = self.status else { return };
        let detail = if status == XbdStatus::Payed {
            self.payment_method_detail
        } else {
            self.status_detail
        };
        // At most a year: the sandbox clock must not overflow.
        let delay = self.delay_ms.unwrap_or(0).min(MAX_SECONDS as u64 * 1000);
        if delay > 0 {
            let delay = Duration::milliseconds(i64::try_from(delay).unwrap_or(0));
            t.pending_outcome = Some(PendingOutcome {
                at: now + delay,
                status,
                payment_method: self.payment_method,
                detail,
            });
        } else {
            t.pending_outcome = None;
            t.settle(status, self.payment_method, detail, now);
        }
    }
}

/// Longest TTL, settling time or delay a control may set: a year.
const MAX_SECONDS: i64 = 365 * 24 * 3600;

fn failure(e: &crate::StateError) -> Response {
    problem::response(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string())
}

async fn list(State(ctx): State<SandboxContext>) -> Response {
    let rows = ctx.state.update(|s| {
        let now = s.now();
        s.epaybl
            .transactions
            .values_mut()
            .map(|t| {
                t.refresh(now);
                TransactionRow::of(t)
            })
            .collect::<Vec<_>>()
    });
    match rows {
        Ok(rows) => Json(rows).into_response(),
        Err(e) => failure(&e),
    }
}

async fn set_transaction(
    State(ctx): State<SandboxContext>,
    Path(transaction_id): Path<String>,
    Json(request): Json<OutcomeRequest>,
) -> Response {
    let row = ctx.state.update(|s| {
        let now = s.now();
        let t = s.epaybl.transactions.get_mut(&transaction_id)?;
        request.apply(t, now);
        Some(TransactionRow::of(t))
    });
    match row {
        Ok(Some(row)) => Json(row).into_response(),
        Ok(None) => problem::response(StatusCode::NOT_FOUND, "No such transaction"),
        Err(e) => failure(&e),
    }
}

async fn set_payment_outcome(
    State(ctx): State<SandboxContext>,
    Path(payment_id): Path<String>,
    Json(request): Json<OutcomeRequest>,
) -> Response {
    let row = ctx.state.update(|s| {
        let now = s.now();
        let transaction_id =
            s.app_api.payments.payments.get(&payment_id)?.transaction_id.clone()?;
        let t = s.epaybl.transactions.get_mut(&transaction_id)?;
        request.apply(t, now);
        Some(TransactionRow::of(t))
    });
    match row {
        Ok(Some(row)) => Json(row).into_response(),
        Ok(None) => problem::response(
            StatusCode::NOT_FOUND,
            "No such payment, or it has no provider transaction",
        ),
        Err(e) => failure(&e),
    }
}

async fn next_error(State(ctx): State<SandboxContext>, Json(next): Json<NextError>) -> Response {
    if next.status.is_some_and(|s| !(400..=599).contains(&s)) {
        return problem::response(StatusCode::BAD_REQUEST, "status must be 400-599");
    }
    match ctx.state.update(|s| s.epaybl.next_error = Some(next)) {
        Ok(()) => Json(json!({"nextError": next})).into_response(),
        Err(e) => failure(&e),
    }
}

/// A partial change of the settings.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct SettingsChange {
    #[serde(default)]
    paypage_ttl_seconds: Option<i64>,
    #[serde(default)]
    sepa_settle_seconds: Option<i64>,
    #[serde(default)]
    maintenance: Option<bool>,
}

async fn settings(State(ctx): State<SandboxContext>) -> Json<Settings> {
    Json(ctx.state.read(|s| s.epaybl.settings))
}

async fn set_settings(
    State(ctx): State<SandboxContext>,
    Json(change): Json<SettingsChange>,
) -> Response {
    if change.paypage_ttl_seconds.is_some_and(|t| !(1..=MAX_SECONDS).contains(&t))
        || change.sepa_settle_seconds.is_some_and(|t| !(0..=MAX_SECONDS).contains(&t))
    {
        return problem::response(
            StatusCode::BAD_REQUEST,
            "paypageTtlSeconds must be 1 to 31536000, sepaSettleSeconds 0 to 31536000",
        );
    }
    let updated = ctx.state.update(|s| {
        let settings = &mut s.epaybl.settings;
        if let Some(ttl) = change.paypage_ttl_seconds {
            settings.paypage_ttl_seconds = ttl;
        }
        if let Some(sepa) = change.sepa_settle_seconds {
            settings.sepa_settle_seconds = sepa;
        }
        if let Some(maintenance) = change.maintenance {
            settings.maintenance = maintenance;
        }
        *settings
    });
    match updated {
        Ok(settings) => Json(settings).into_response(),
        Err(e) => failure(&e),
    }
}

async fn reconciliation(State(ctx): State<SandboxContext>) -> Response {
    Json(ctx.state.read(|s| s.app_api.payments.reconciliation.clone())).into_response()
}

/// Every `functionalCode`, for the control index.
pub fn codes() -> Vec<&'static str> {
    [
        FunctionalCode::NoValidOriginatorOrEndpoint,
        FunctionalCode::PaymentExists,
        FunctionalCode::CalculationError,
        FunctionalCode::BookingDataMissing,
        FunctionalCode::ValidationError,
        FunctionalCode::Unspecified,
        FunctionalCode::Forbidden,
    ]
    .map(FunctionalCode::as_str)
    .to_vec()
}
