//! `GET /epaybl/paypage/{transactionId}` and
//! `POST /epaybl/paypage/{transactionId}/{action}`: the hosted payment page.
//!
//! Actions: `paypal`, `card` (→ the 3-D Secure page → `card-3ds-confirm` |
//! `card-3ds-cancel`), `wero`, `sepa` (stays `INITIAL` with
//! `statusDetail: PENDING_DEBIT` until it settles), `cancel`, `fail`.
//! After an action the browser goes back with `302` to the transaction's
//! `redirectUrl` — unless a control set `dropRedirect`, then a page says
//! the window may be closed. Form fields are ignored: nothing a browser
//! sends decides the outcome except which button it pressed.

use axum::{
    extract::{Path, State},
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use chrono::Duration;

use super::{
    page,
    store::{PENDING_DEBIT, Transaction},
    wire::XbdStatus,
};
use crate::SandboxContext;

/// `GET /epaybl/paypage/{transactionId}`.
pub async fn show(
    State(ctx): State<SandboxContext>,
    Path(transaction_id): Path<String>,
) -> Response {
    let found = ctx.state.update(|s| {
        let now = s.now();
        s.epaybl.get_fresh(&transaction_id, now).map(|t| t.clone())
    });
    match found {
        Ok(Some(t)) if t.status == XbdStatus::Initial && t.settles_at.is_none() => {
            page::paypage(&ctx.base_url, &t)
        }
        Ok(Some(t)) => page::closed(StatusCode::OK, &t),
        Ok(None) => page::not_found(),
        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
    }
}

/// What an action led to.
enum Step {
    /// The 3-D Secure page.
    ThreeDs(Transaction),
    /// Done: back to the online service (or the closing page).
    Finished(Transaction),
    /// The transaction is not open for this action.
    Refused(Transaction),
    /// No such transaction or action.
    NotFound,
}

/// `POST /epaybl/paypage/{transactionId}/{action}`.
pub async fn act(
    State(ctx): State<SandboxContext>,
    Path((transaction_id, action)): Path<(String, String)>,
) -> Response {
    let step = ctx.state.update(|s| {
        let now = s.now();
        let sepa_seconds = s.epaybl.settings.sepa_settle_seconds;
        let Some(t) = s.epaybl.get_fresh(&transaction_id, now) else {
            return Step::NotFound;
        };
        if t.status != XbdStatus::Initial || t.settles_at.is_some() {
            return Step::Refused(t.clone());
        }
        match action.as_str() {
            "paypal" => t.settle(XbdStatus::Payed, Some("PAYPAL".to_owned()), None, now),
            "card" => {
                t.card_challenge = true;
                return Step::ThreeDs(t.clone());
            }
            "card-3ds-confirm" | "card-3ds-cancel" if !t.card_challenge => {
                return Step::Refused(t.clone());
            }
            "card-3ds-confirm" => {
                t.settle(XbdStatus::Payed, Some("CREDITCARD".to_owned()), None, now);
            }
            "card-3ds-cancel" | "cancel" => t.settle(XbdStatus::Canceled, None, None, now),
            "wero" => {
                t.settle(XbdStatus::Payed, Some("OTHER".to_owned()), Some("Wero".to_owned()), now);
            }
            "sepa" => {
                t.settles_at = Some(now + Duration::seconds(sepa_seconds.max(0)));
                t.status_detail = Some(PENDING_DEBIT.to_owned());
                t.card_challenge = false;
            }
            "fail" => t.settle(XbdStatus::Failed, None, Some("REJECTED".to_owned()), now),
            _ => return Step::NotFound,
        }
        Step::Finished(t.clone())
    });
    match step {
        Ok(Step::ThreeDs(t)) => page::three_ds(&ctx.base_url, &t),
        Ok(Step::Finished(t)) if t.drop_redirect => page::done(&t),
        Ok(Step::Finished(t)) => redirect(&t.request.redirect_url),
        Ok(Step::Refused(t)) => page::closed(StatusCode::CONFLICT, &t),
        Ok(Step::NotFound) => page::not_found(),
        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
    }
}

/// `302` to the online service's `redirectUrl` (validated on create).
fn redirect(location: &str) -> Response {
    match HeaderValue::from_str(location) {
        Ok(value) => {
            let mut response = StatusCode::FOUND.into_response();
            response.headers_mut().insert(header::LOCATION, value);
            response
                .headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            response
        }
        Err(_) => (StatusCode::INTERNAL_SERVER_ERROR, "unusable redirectUrl").into_response(),
    }
}
