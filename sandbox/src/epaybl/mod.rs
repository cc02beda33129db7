//! The city's payment service, simulated: an XBezahldienste v1.0.0
//! provider in the style of ePayBL (`reference/payments.md` §1, §4.1),
//! with a hosted paypage a person can click through in a browser.
//!
//! | Path under `/epaybl` | What |
//! |---|---|
//! | `POST /oauth/token` | client credentials → bearer token ([`api`]) |
//! | `POST /paymenttransaction/{originatorId}/{endPointId}` | create a transaction ([`api`]) |
//! | `GET /paymenttransaction/{originatorId}/{endPointId}/{transactionId}` | read it ([`api`]) |
//! | `GET /status/{originatorId}/{endPointId}` | tenant health: 200, 403, 503 ([`api`]) |
//! | `GET /paypage/{transactionId}` | the paypage ([`paypage`]) |
//! | `POST /paypage/{transactionId}/{action}` | a button on it ([`paypage`]) |
//!
//! One tenant: `originatorId` [`ORIGINATOR_ID`], `endPointId`
//! [`END_POINT_ID`] (Leipzig's AGS). One client: the city's app API
//! ([`APP_API_CLIENT_ID`]). Test controls live under `/_sandbox/epaybl/`
//! ([`control`]); the client-side helper that pays without a browser is
//! [`headless_pay`].

pub mod amount;
pub mod api;
pub mod control;
pub mod headless;
pub mod page;
pub mod paypage;
pub mod store;
pub mod validate;
pub mod wire;

use axum::{
    Router,
    extract::DefaultBodyLimit,
    routing::{get, post},
};

use crate::SandboxContext;

pub use self::{
    headless::{HeadlessPayError, PayChoice, PayLanding, UnknownPayChoice, headless_pay},
    store::EpayblState,
};

/// The tenant's online service (the app API's fee collection).
pub const ORIGINATOR_ID: &str = "lnbm-gebuehren";
/// The tenant's authority: Leipzig's AGS.
pub const END_POINT_ID: &str = "14713000";
/// The one client of the token endpoint: the city's app API.
pub const APP_API_CLIENT_ID: &str = "lnbm-app-api";
/// Its secret — a sandbox-only value, not a credential of any real system.
pub const APP_API_CLIENT_SECRET: &str = "sandbox-only-lnbm-app-api-secret";
/// `bookingData` keys every item must carry.
pub const REQUIRED_BOOKING_DATA: &[&str] = &["haushaltsstelle", "sachkonto"];

/// Whether `originatorId`/`endPointId` name the configured tenant.
pub fn is_tenant(originator_id: &str, end_point_id: &str) -> bool {
    originator_id == ORIGINATOR_ID && end_point_id == END_POINT_ID
}

/// The payment service's routes, to be nested under `/epaybl`.
pub fn routes() -> Router<SandboxContext> {
    Router::new()
        .route("/oauth/token", post(api::token))
        .route("/paymenttransaction/{originator_id}/{end_point_id}", post(api::create))
        .route(
            "/paymenttransaction/{originator_id}/{end_point_id}/{transaction_id}",
            get(api::read),
        )
        .route("/status/{originator_id}/{end_point_id}", get(api::status))
        .route("/paypage/{transaction_id}", get(paypage::show))
        .route("/paypage/{transaction_id}/{action}", post(paypage::act))
        .layer(DefaultBodyLimit::max(MAX_BODY))
}

/// Largest request body the payment service reads.
pub const MAX_BODY: usize = 1024 * 1024;
