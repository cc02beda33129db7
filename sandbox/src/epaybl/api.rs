//! The REST half of the payment service: the client-credentials token
//! endpoint, creating and reading payment transactions, the tenant status.
//!
//! Order of checks on create: bearer token (401), tenant
//! (`NO_VALID_ORIGINATOR_OR_ENDPOINT`), maintenance (503), an injected
//! next error, field validation (`VALIDATION_ERROR`), duplicate `requestId`
//! (409 `PAYMENT_EXISTS`), `CALCULATION_ERROR`, `BOOKING_DATA_MISSING`.
//! A created transaction is answered with `200` and `status: INITIAL`.

use axum::{
    Json,
    body::Bytes,
    extract::{Path, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use base64::{Engine, engine::general_purpose::STANDARD};
use serde_json::json;

use super::{
    APP_API_CLIENT_ID, APP_API_CLIENT_SECRET, REQUIRED_BOOKING_DATA, is_tenant,
    store::TOKEN_SECONDS,
    validate,
    wire::{FunctionalCode, XbdProblem},
};
use crate::{
    SandboxContext,
    oidc::{self, OAuthError},
};

/// `POST /epaybl/oauth/token`: `grant_type=client_credentials` with the
/// client in the form or in HTTP Basic (RFC 6749 §2.3.1, §4.4).
pub async fn token(State(ctx): State<SandboxContext>, headers: HeaderMap, body: Bytes) -> Response {
    if !oidc::is_form_encoded(&headers) {
        return OAuthError::invalid_request(
            "Content-Type must be application/x-www-form-urlencoded",
        )
        .into_response();
    }
    let params = match oidc::parse_params(&body) {
        Ok(p) => p,
        Err(e) => return OAuthError::invalid_request(e).into_response(),
    };
    let (client_id, secret) = match basic_credentials(&headers) {
        Some(pair) => pair,
        None => (
            params.get("client_id").unwrap_or_default().to_owned(),
            params.get("client_secret").unwrap_or_default().to_owned(),
        ),
    };
    if client_id != APP_API_CLIENT_ID
        || oidc::digest(&secret) != oidc::digest(APP_API_CLIENT_SECRET)
    {
        return OAuthError::invalid_client().into_response();
    }
    match params.get("grant_type") {
        None => return OAuthError::invalid_request("Missing grant_type").into_response(),
        Some("client_credentials") => {}
        Some(_) => {
            return OAuthError::bad("unsupported_grant_type", "Unsupported grant_type")
                .into_response();
        }
    }
    let token = oidc::random_token(32);
    let digest = oidc::digest(&token);
    match ctx.state.update(|s| {
        let now = s.now();
        s.epaybl.issue_token(digest, now);
    }) {
        Ok(()) => oidc::no_store(
            Json(json!({
                "access_token": token,
                "token_type": "Bearer",
                "expires_in": TOKEN_SECONDS,
            }))
            .into_response(),
        ),
        Err(e) => oidc::state_failure(&e),
    }
}

/// `client_id:client_secret` of an `Authorization: Basic` header, each
/// form-urlencoded as RFC 6749 §2.3.1 says.
fn basic_credentials(headers: &HeaderMap) -> Option<(String, String)> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, encoded) = value.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = String::from_utf8(STANDARD.decode(encoded.trim()).ok()?).ok()?;
    let (id, secret) = decoded.split_once(':')?;
    let unescape = |s: &str| {
        url::form_urlencoded::parse(format!("v={s}").as_bytes())
            .next()
            .map(|(_, v)| v.into_owned())
            .unwrap_or_default()
    };
    Some((unescape(id), unescape(secret)))
}

/// Whether the request carries a live access token of the payment service.
fn authorized(ctx: &SandboxContext, headers: &HeaderMap) -> bool {
    let Some(token) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim())
    else {
        return false;
    };
    let digest = oidc::digest(token);
    ctx.state.read(|s| s.epaybl.token_valid(&digest, s.now()))
}

/// `401` with a Bearer challenge.
fn unauthorized() -> Response {
    let mut response = XbdProblem::with_status(
        FunctionalCode::Forbidden,
        StatusCode::UNAUTHORIZED,
        "A valid access token of the payment service is required",
    )
    .into_response();
    response.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static("Bearer realm=\"epaybl\", error=\"invalid_token\""),
    );
    response
}

fn unknown_tenant(status: StatusCode) -> Response {
    XbdProblem::with_status(
        FunctionalCode::NoValidOriginatorOrEndpoint,
        status,
        "Unknown originatorId or endPointId",
    )
    .into_response()
}

/// `503` while the maintenance flag is set.
fn maintenance() -> Response {
    let mut response = XbdProblem::with_status(
        FunctionalCode::Unspecified,
        StatusCode::SERVICE_UNAVAILABLE,
        "The payment service is down for maintenance",
    )
    .into_response();
    response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("60"));
    response
}

/// `POST /epaybl/paymenttransaction/{originatorId}/{endPointId}`.
pub async fn create(
    State(ctx): State<SandboxContext>,
    Path((originator_id, end_point_id)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if !authorized(&ctx, &headers) {
        return unauthorized();
    }
    if !is_tenant(&originator_id, &end_point_id) {
        return unknown_tenant(StatusCode::BAD_REQUEST);
    }
    let parsed = validate::parse(&body).and_then(|r| validate::fields(&r).map(|()| r));
    let base = ctx.base_url.clone();
    let outcome = ctx.state.update(|s| {
        if s.epaybl.settings.maintenance {
            return Err(maintenance());
        }
        if let Some(next) = s.epaybl.next_error.take() {
            let status = next
                .status
                .and_then(|c| StatusCode::from_u16(c).ok())
                .unwrap_or_else(|| next.functional_code.default_status());
            return Err(XbdProblem::with_status(
                next.functional_code,
                status,
                "Injected by /_sandbox/epaybl/next-error",
            )
            .into_response());
        }
        let request = parsed.map_err(IntoResponse::into_response)?;
        if s.epaybl.request_exists(&originator_id, &end_point_id, &request.request_id) {
            return Err(XbdProblem::new(
                FunctionalCode::PaymentExists,
                "A payment transaction with this requestId exists",
            )
            .into_response());
        }
        validate::calculation(&request).map_err(IntoResponse::into_response)?;
        validate::booking_data(&request, REQUIRED_BOOKING_DATA)
            .map_err(IntoResponse::into_response)?;
        let now = s.now();
        Ok(s.epaybl.create(&originator_id, &end_point_id, request, now).to_wire(&base))
    });
    match outcome {
        Ok(Ok(transaction)) => Json(transaction).into_response(),
        Ok(Err(response)) => response,
        Err(e) => XbdProblem::with_status(
            FunctionalCode::Unspecified,
            StatusCode::INTERNAL_SERVER_ERROR,
            e.to_string(),
        )
        .into_response(),
    }
}

/// `GET /epaybl/paymenttransaction/{originatorId}/{endPointId}/{transactionId}`.
pub async fn read(
    State(ctx): State<SandboxContext>,
    Path((originator_id, end_point_id, transaction_id)): Path<(String, String, String)>,
    headers: HeaderMap,
) -> Response {
    if !authorized(&ctx, &headers) {
        return unauthorized();
    }
    if !is_tenant(&originator_id, &end_point_id) {
        return unknown_tenant(StatusCode::BAD_REQUEST);
    }
    let base = ctx.base_url.clone();
    let found = ctx.state.update(|s| {
        let now = s.now();
        s.epaybl
            .get_fresh(&transaction_id, now)
            .filter(|t| t.originator_id == originator_id && t.end_point_id == end_point_id)
            .map(|t| t.to_wire(&base))
    });
    match found {
        Ok(Some(transaction)) => oidc::no_store(Json(transaction).into_response()),
        Ok(None) => XbdProblem::with_status(
            FunctionalCode::Unspecified,
            StatusCode::NOT_FOUND,
            "No such payment transaction",
        )
        .into_response(),
        Err(e) => XbdProblem::with_status(
            FunctionalCode::Unspecified,
            StatusCode::INTERNAL_SERVER_ERROR,
            e.to_string(),
        )
        .into_response(),
    }
}

/// `GET /epaybl/status/{originatorId}/{endPointId}`: 200, 403 for an
/// unknown tenant, 503 under maintenance.
pub async fn status(
    State(ctx): State<SandboxContext>,
    Path((originator_id, end_point_id)): Path<(String, String)>,
) -> Response {
    if !is_tenant(&originator_id, &end_point_id) {
        return unknown_tenant(StatusCode::FORBIDDEN);
    }
    if ctx.state.read(|s| s.epaybl.settings.maintenance) {
        return maintenance();
    }
    Json(json!({"originatorId": originator_id, "endPointId": end_point_id, "status": "UP"}))
        .into_response()
}
