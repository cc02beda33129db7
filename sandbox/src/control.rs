//! `/_sandbox/`: controls for tests and demos — request log, faults, reset,
//! publishing news, the login provider (`/_sandbox/oidc/`, in
//! [`crate::oidc::control`]), the payment service and payments
//! (`/_sandbox/epaybl/`, `/_sandbox/payments/`, in
//! [`crate::epaybl::control`]), the notices (`/_sandbox/notices`, in
//! [`crate::app_api::notices::control`]), the library
//! (`/_sandbox/library/`, in [`crate::app_api::library::control`]). Never called by production code
//! paths.

use axum::{
    Json, Router,
    body::Bytes,
    extract::{DefaultBodyLimit, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::{get, post},
};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::json;

use crate::{
    SandboxContext, epaybl,
    faults::FaultSpec,
    geo::SeedFacility,
    news::NewRelease,
    oidc, problem,
    zms::{
        ratelimit::LimitConfig,
        state::{Process, Scenario, Status},
    },
};

/// The control routes, to be nested under `/_sandbox`.
pub fn routes() -> Router<SandboxContext> {
    Router::new()
        .route("/", get(index))
        .route("/requests", get(requests).delete(clear_requests))
        .route("/faults", get(list_faults).post(add_fault).delete(clear_faults))
        .route("/reset", post(reset))
        .route("/reset/", post(reset))
        .route("/news", post(publish_news))
        .route("/clock", get(clock).post(set_clock))
        .route("/clock/", get(clock).post(set_clock))
        .route("/outbox", get(outbox))
        .route("/outbox/", get(outbox))
        .route("/zms/steal", post(steal_slot))
        .route("/zms/rate-limit", get(rate_limit).post(set_rate_limit))
        .nest("/oidc", oidc::control::routes())
        .merge(epaybl::control::routes())
        .merge(crate::app_api::notices::control::routes())
        .merge(crate::app_api::library::control::routes())
        // A city-sized layer (benchmarks publish 20 000 facilities) exceeds
        // axum's 2 MB default.
        .route(
            "/geo/facilities",
            post(replace_facilities).layer(DefaultBodyLimit::max(64 * 1024 * 1024)),
        )
}

async fn index() -> Json<serde_json::Value> {
    let next_error = format!(
        "the next create of a payment transaction is refused: {{functionalCode: {}, status?}}",
        epaybl::control::codes().join("|")
    );
    Json(json!({
        "controls": {
            "GET /_sandbox/requests": "every request served since the last reset",
            "DELETE /_sandbox/requests": "empty the request log",
            "POST /_sandbox/faults": "inject a fault: {path, method?, times?, kind: status|latency|reset|drop_after_commit|body|huge_body, ...}",
            "GET /_sandbox/faults": "faults still waiting",
            "DELETE /_sandbox/faults": "drop waiting faults",
            "POST /_sandbox/reset": "back to the seeded city; clears log and faults; optional {seed, scenario: leipzig-default|scarce|empty}",
            "POST /_sandbox/news": "publish a press release: {title, description_html, categories?, published?}",
            "GET|POST /_sandbox/clock/": "the sandbox clock; set with {now: RFC3339} or {advanceSeconds: n}",
            "GET /_sandbox/outbox/": "the mails ZMS would have sent",
            "POST /_sandbox/zms/steal": "someone else takes a slot: {officeId, timestamp, slots?}",
            "GET|POST /_sandbox/zms/rate-limit": "the ZMS rate limit: {max, windowSeconds}",
            "POST /_sandbox/geo/facilities": "replace the facility layer: [{id, name, category, lat, lon, ...}] (WGS84, as fixtures/geo/facilities-seed.json)",
            "GET /_sandbox/oidc/sessions": "login sessions: sid, user, refreshCount, live, endedReason; totals refreshGrants and live",
            "GET|POST /_sandbox/oidc/lifetimes": "token lifetimes: {accessTokenSeconds, refreshTokenSeconds, offlineRefreshTokenSeconds, codeSeconds}",
            "POST /_sandbox/oidc/revoke": "end sessions as an administrator: {username} | {sub} | {sid}",
            "POST /_sandbox/oidc/rotate-key": "a new signing key; the previous one stays in the JWKS",
            "GET /_sandbox/oidc/users": "the fixture users (password demo)",
            "GET /_sandbox/epaybl/transactions": "every payment transaction: transactionId, requestId, status, grosAmountCents, createdAt",
            "POST /_sandbox/epaybl/transactions/{transactionId}": "set an outcome: {status?, paymentMethod?, paymentMethodDetail?, statusDetail?, delayMs?, dropRedirect?}",
            "POST /_sandbox/epaybl/next-error": next_error,
            "GET|POST /_sandbox/epaybl/settings": "the payment service: {paypageTtlSeconds?, sepaSettleSeconds?, maintenance?}",
            "POST /_sandbox/payments/{paymentId}/outcome": "as /_sandbox/epaybl/transactions/{transactionId}, addressed by the app API's paymentId",
            "GET /_sandbox/payments/reconciliation": "the app API's reconciliation log: at, paymentId, requestId, kind (ORPHANED_TRANSACTION|LATE_SUCCESS), detail",
            "GET /_sandbox/notices/replies": "every reply to a notice the city received: receiptId, replyId, noticeId, type, receivedAt, late, textLength?, requestsSuspension?, files?",
            "GET /_sandbox/notices/retrievals": "retrieved notices: noticeId, firstRetrievedAt, bekanntgabeAt, reports (retrieval reports that reached the city)",
            "POST /_sandbox/notices/{id}/tamper": "serve an attachment changed so its sha512 no longer matches: {attachmentId, tampered?}",
            "POST /_sandbox/notices": "deliver a new notice now: {username, subject, kind?: BESCHEID|MITTEILUNG, legalBasis?: VWVFG_41_2A|OZG_9|VWVFG_41_2}",
            "GET /_sandbox/library/registrations": "every library card registration (count proof)",
            "POST /_sandbox/library/registrations/{id}/activate": "the desk's ID check: READY_FOR_ID_CHECK -> ACTIVE with a card",
            "POST /_sandbox/library/registrations/{id}/reject": "refuse a registration: {reason}",
            "POST /_sandbox/library/card-types": "replace the card types and fee tables: [{id, name, description, validMonths, fees: [{validFrom, feeCents}], minAge?, maxAge?, requiresLeipzigPass, persons}]",
        }
    }))
}

async fn requests(State(ctx): State<SandboxContext>) -> Response {
    Json(ctx.log.entries()).into_response()
}

async fn clear_requests(State(ctx): State<SandboxContext>) -> StatusCode {
    ctx.log.clear();
    StatusCode::NO_CONTENT
}

async fn list_faults(State(ctx): State<SandboxContext>) -> Response {
    Json(ctx.faults.pending()).into_response()
}

async fn add_fault(State(ctx): State<SandboxContext>, Json(spec): Json<FaultSpec>) -> StatusCode {
    ctx.faults.add(spec);
    StatusCode::CREATED
}

async fn clear_faults(State(ctx): State<SandboxContext>) -> StatusCode {
    ctx.faults.clear();
    StatusCode::NO_CONTENT
}

/// `POST /_sandbox/reset` with an optional `{seed, scenario}`.
#[derive(Debug, Default, Deserialize)]
struct ResetRequest {
    seed: Option<u64>,
    scenario: Option<Scenario>,
}

async fn reset(State(ctx): State<SandboxContext>, body: Bytes) -> Response {
    let request: ResetRequest = if body.is_empty() {
        ResetRequest::default()
    } else {
        match serde_json::from_slice(&body) {
            Ok(r) => r,
            Err(e) => return problem::response(StatusCode::BAD_REQUEST, &e.to_string()),
        }
    };
    ctx.faults.clear();
    ctx.log.clear();
    ctx.zms_limiter.configure(LimitConfig::default());
    let result = ctx.state.update(|s| {
        s.reseed();
        if let Some(seed) = request.seed {
            s.zms.seed = seed;
        }
        if let Some(scenario) = request.scenario {
            s.zms.scenario = scenario;
        }
    });
    match result {
        Ok(()) => Json(json!({"ok": true})).into_response(),
        Err(e) => problem::response(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
    }
}

/// `{now: RFC 3339}` or `{advanceSeconds: n}`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ClockRequest {
    now: Option<DateTime<Utc>>,
    advance_seconds: Option<i64>,
}

async fn clock(State(ctx): State<SandboxContext>) -> Json<serde_json::Value> {
    Json(json!({"now": ctx.state.read(|s| s.now())}))
}

async fn set_clock(
    State(ctx): State<SandboxContext>,
    Json(request): Json<ClockRequest>,
) -> Response {
    let result = ctx.state.update(|s| {
        if let Some(now) = request.now {
            s.clock_offset_seconds = (now - Utc::now()).num_seconds();
        }
        if let Some(seconds) = request.advance_seconds {
            s.clock_offset_seconds += seconds;
        }
        s.now()
    });
    match result {
        Ok(now) => Json(json!({"now": now})).into_response(),
        Err(e) => problem::response(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
    }
}

async fn outbox(State(ctx): State<SandboxContext>) -> Response {
    Json(ctx.state.read(|s| s.zms.mails.clone())).into_response()
}

/// Someone else books this slot (a phantom process holds it).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct StealRequest {
    office_id: u32,
    timestamp: i64,
    #[serde(default = "one")]
    slots: u32,
}

fn one() -> u32 {
    1
}

async fn steal_slot(
    State(ctx): State<SandboxContext>,
    Json(request): Json<StealRequest>,
) -> Response {
    let result = ctx.state.update(|s| {
        let now = s.now();
        let id = s.zms.next_process_id;
        s.zms.next_process_id += 1;
        s.zms.processes.insert(
            id,
            Process {
                id,
                auth_key: String::new(),
                office_id: request.office_id,
                service_ids: Vec::new(),
                service_counts: Vec::new(),
                timestamp: request.timestamp,
                slot_count: request.slots,
                status: Status::Confirmed,
                status_since: now,
                family_name: None,
                email: None,
                telephone: None,
                custom_textfield: None,
                custom_textfield2: None,
                phantom: true,
            },
        );
    });
    match result {
        Ok(()) => Json(json!({"ok": true})).into_response(),
        Err(e) => problem::response(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
    }
}

async fn rate_limit(State(ctx): State<SandboxContext>) -> Json<LimitConfig> {
    Json(ctx.zms_limiter.config())
}

async fn set_rate_limit(
    State(ctx): State<SandboxContext>,
    Json(config): Json<LimitConfig>,
) -> Json<LimitConfig> {
    ctx.zms_limiter.configure(config);
    Json(config)
}

async fn publish_news(State(ctx): State<SandboxContext>, Json(new): Json<NewRelease>) -> Response {
    let published = ctx.state.update(|s| {
        let release = new.into_release(s.news.items.len() + 1);
        s.news.items.insert(0, release.clone());
        release
    });
    match published {
        Ok(release) => (StatusCode::CREATED, Json(release)).into_response(),
        Err(e) => problem::response(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
    }
}

/// The city publishes a new facility layer.
async fn replace_facilities(
    State(ctx): State<SandboxContext>,
    Json(facilities): Json<Vec<SeedFacility>>,
) -> Response {
    let count = facilities.len();
    match ctx.state.update(|s| s.geo.facilities = facilities) {
        Ok(()) => Json(json!({"facilities": count})).into_response(),
        Err(e) => problem::response(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
    }
}
