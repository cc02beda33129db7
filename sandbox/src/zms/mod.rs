//! The ZMS citizen API (`zmscitizenapi`, it-at-m/eappointment tag
//! `2.25.00-muc47`) as Leipzig would run it: bare JSON, trailing slashes,
//! the `{"errors":[…]}` envelope, upstream's type quirks, holds that
//! expire, a per-client rate limit and an ALTCHA captcha for offices that
//! require it. Mounted at `/api/citizen/` and `/terminvereinbarung/api/citizen/`.

pub mod booking;
pub mod calendar;
pub mod captcha;
pub mod catalogue;
pub mod errors;
pub mod process;
pub mod ratelimit;
pub mod slots;
pub mod state;

use axum::{
    Json, Router,
    extract::State,
    http::Method,
    middleware,
    response::{IntoResponse, Response},
    routing::{get, post},
};

use self::{catalogue::Catalogue, errors::error};
use crate::SandboxContext;

/// The citizen API routes (to be nested under a base path).
pub fn routes(ctx: &SandboxContext) -> Router<SandboxContext> {
    Router::new()
        .route("/offices-and-services/", get(offices_and_services))
        .route("/available-calendar/", get(calendar::calendar))
        .route("/reserve-appointment/", post(booking::reserve))
        .route("/update-appointment/", post(booking::update))
        .route("/preconfirm-appointment/", post(booking::preconfirm))
        .route("/confirm-appointment/", post(booking::confirm))
        .route("/cancel-appointment/", post(booking::cancel))
        .route("/appointment/", get(booking::get))
        .route("/captcha-details/", get(captcha::details))
        .route("/captcha-challenge/", get(captcha::challenge))
        .route("/captcha-verify/", post(captcha::verify))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(middleware::from_fn_with_state(ctx.zms_limiter.clone(), ratelimit::limit))
}

async fn offices_and_services(State(_ctx): State<SandboxContext>) -> Response {
    Json(Catalogue::get().to_json()).into_response()
}

async fn not_found() -> Response {
    error("notFound")
}

async fn method_not_allowed(method: Method) -> Response {
    let _ = method;
    error("requestMethodNotAllowed")
}
