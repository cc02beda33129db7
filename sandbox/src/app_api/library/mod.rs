//! `/v1/library/`: the city library's branches and card types (public) and
//! the citizen's registration for a library card (bearer token). Other
//! people's registrations are `404`.
//!
//! | Route | What |
//! |---|---|
//! | `GET /library/branches` | pickup branches (`fixtures/library/branches.json`) |
//! | `GET /library/card-types` | card types, fee table, `currentFeeCents` today |
//! | `POST /library/registrations` | register ([`validation`]); `Idempotency-Key` |
//! | `GET /library/registrations`, `…/{id}` | the citizen's registrations |
//!
//! A fee above zero becomes a payable fee `BIB-…` of `GET /v1/fees`, paid
//! through `POST /v1/payments`; the registration follows the payments
//! ledger ([`store::LibraryState::sync`]). The desk's ID check and
//! refusals are test controls ([`control`]).

pub mod control;
pub mod model;
pub mod store;
pub mod validation;

use axum::{
    Json, Router,
    body::Bytes,
    extract::{Path, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    routing::get,
};
use serde_json::{Map, Value, json};

pub use store::LibraryState;

use super::{fees::Fee, flow, notices::calendar::berlin_date, payments::SubjectType};
use crate::{SandboxContext, oidc::users, problem};
use model::{Registration, RegistrationState};
use validation::{NewRegistration, Refusal};

/// Title of a registration's fee in `GET /v1/fees`.
pub const FEE_TITLE: &str = "Bibliotheksausweis (Anmeldung)";
/// The office charging it.
const OFFICE: &str = "Leipziger Städtische Bibliotheken";

/// The library routes, merged into the app API.
pub fn routes(ctx: &SandboxContext) -> Router<SandboxContext> {
    Router::new()
        .route("/library/branches", get(branches))
        .route("/library/card-types", get(card_types))
        .route("/library/registrations", get(list).merge(super::idempotency::keyed(ctx, create)))
        .route("/library/registrations/{id}", get(one))
}

/// `400` with `code` and `field`.
pub fn refused(refusal: &Refusal) -> Response {
    let mut extra = Map::new();
    extra.insert("field".into(), json!(refusal.field));
    problem::coded_with(
        StatusCode::BAD_REQUEST,
        refusal.code,
        "Invalid request",
        &refusal.detail,
        extra,
    )
}

/// `404` for a registration that does not exist or is someone else's.
pub fn not_found() -> Response {
    problem::coded(StatusCode::NOT_FOUND, "NOT_FOUND", "Not found", "No such registration")
}

/// Pulls the open payments of `owner`'s pending registrations and moves
/// paid ones on.
pub async fn refresh(ctx: &SandboxContext, owner: &str) -> Result<(), Response> {
    let fees: Vec<String> = ctx.state.read(|s| {
        s.library
            .registrations
            .values()
            .filter(|r| r.owner == owner && r.state == RegistrationState::PaymentPending)
            .filter_map(|r| r.fee_id.clone())
            .collect()
    });
    for fee in fees {
        flow::pull_subject(ctx, owner, SubjectType::Fee, &fee).await;
    }
    let stale = ctx.state.read(|s| s.library.needs_sync(&s.app_api.payments));
    if stale {
        ctx.state
            .update(|s| {
                let now = s.now();
                s.library.sync(&s.app_api.payments, now);
            })
            .map_err(|e| flow::state_failure(&e))?;
    }
    Ok(())
}

async fn caller(ctx: &SandboxContext, headers: &HeaderMap) -> Result<String, Response> {
    let owner = super::account(ctx, headers)?;
    refresh(ctx, &owner).await?;
    Ok(owner)
}

/// `GET /v1/library/branches` (public).
async fn branches(headers: HeaderMap) -> Response {
    let branches: Vec<Value> = store::branches().iter().map(model::Branch::to_json).collect();
    let body = json!({ "branches": branches }).to_string().into_bytes();
    crate::conditional::respond(&headers, body, "application/json", None)
}

/// `GET /v1/library/card-types` (public): fees as of the sandbox date.
async fn card_types(State(ctx): State<SandboxContext>, headers: HeaderMap) -> Response {
    let types: Vec<Value> = ctx.state.read(|s| {
        let today = berlin_date(s.now());
        s.library.card_types.iter().map(|t| t.to_json(today)).collect()
    });
    let body = json!({ "cardTypes": types }).to_string().into_bytes();
    crate::conditional::respond(&headers, body, "application/json", None)
}

/// `GET /v1/library/registrations`: the caller's, oldest first.
async fn list(State(ctx): State<SandboxContext>, headers: HeaderMap) -> Response {
    let owner = match caller(&ctx, &headers).await {
        Ok(owner) => owner,
        Err(response) => return response,
    };
    let registrations: Vec<Value> = ctx.state.read(|s| {
        let mut mine: Vec<&Registration> =
            s.library.registrations.values().filter(|r| r.owner == owner).collect();
        mine.sort_by_key(|r| r.seq);
        mine.into_iter().map(|r| s.library.to_json(r, &s.app_api.payments)).collect()
    });
    let body = json!({ "registrations": registrations }).to_string().into_bytes();
    crate::conditional::respond(&headers, body, "application/json", None)
}

/// `GET /v1/library/registrations/{id}`.
async fn one(
    State(ctx): State<SandboxContext>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let owner = match caller(&ctx, &headers).await {
        Ok(owner) => owner,
        Err(response) => return response,
    };
    let id = id.trim().to_ascii_lowercase();
    let found = ctx.state.read(|s| {
        s.library
            .registrations
            .get(&id)
            .filter(|r| r.owner == owner)
            .map(|r| s.library.to_json(r, &s.app_api.payments))
    });
    match found {
        Some(registration) => Json(registration).into_response(),
        None => not_found(),
    }
}

/// What `POST /v1/library/registrations` decided.
enum Outcome {
    Created(Value),
    Existing(Value),
    Refused(Refusal),
    Duplicate(String),
    Taken,
}

/// `POST /v1/library/registrations` (the idempotency layer has stored the
/// key; the same `registrationId` under another key is `200`).
async fn create(State(ctx): State<SandboxContext>, headers: HeaderMap, body: Bytes) -> Response {
    let owner = match caller(&ctx, &headers).await {
        Ok(owner) => owner,
        Err(response) => return response,
    };
    let new: NewRegistration = match serde_json::from_slice(&body) {
        Ok(new) => new,
        Err(e) => {
            return problem::coded(
                StatusCode::BAD_REQUEST,
                "VALIDATION_ERROR",
                "Invalid request",
                &format!("The body is not a registration: {e}"),
            );
        }
    };
    let outcome = ctx.state.update(|s| decide(s, &owner, &new));
    match outcome {
        Err(e) => flow::state_failure(&e),
        Ok(Outcome::Created(view)) => (StatusCode::CREATED, Json(view)).into_response(),
        Ok(Outcome::Existing(view)) => Json(view).into_response(),
        Ok(Outcome::Refused(refusal)) => refused(&refusal),
        Ok(Outcome::Duplicate(existing)) => {
            let mut extra = Map::new();
            extra.insert("registrationId".into(), json!(existing));
            problem::coded_with(
                StatusCode::CONFLICT,
                "DUPLICATE_REGISTRATION",
                "Already registered",
                "There is already a registration for a library card",
                extra,
            )
        }
        Ok(Outcome::Taken) => problem::coded(
            StatusCode::CONFLICT,
            "REGISTRATION_ID_TAKEN",
            "Registration id taken",
            "This registrationId cannot be used; make a new one",
        ),
    }
}

fn decide(s: &mut crate::state::CityState, owner: &str, new: &NewRegistration) -> Outcome {
    let now = s.now();
    let today = berlin_date(now);
    let id = match validation::registration_id(&new.registration_id) {
        Ok(id) => id,
        Err(refusal) => return Outcome::Refused(refusal),
    };
    if let Some(existing) = s.library.registrations.get(&id) {
        if existing.owner != owner {
            return Outcome::Taken;
        }
        return Outcome::Existing(s.library.to_json(existing, &s.app_api.payments));
    }
    let checked = match validation::check(new, &s.library, today) {
        Ok(checked) => checked,
        Err(refusal) => return Outcome::Refused(refusal),
    };
    if let Some(live) = s.library.live_of(owner) {
        return Outcome::Duplicate(live.registration_id.clone());
    }
    let fee_id = (checked.fee_cents > 0).then(|| model::fee_id(&id));
    if let Some(fee_id) = &fee_id {
        if s.app_api.payments.fees.contains_key(fee_id) {
            return Outcome::Taken;
        }
        let card_name =
            s.library.card_type(&new.card_type).map(|t| (t.name.clone(), t.valid_months));
        let (name, months) = card_name.unwrap_or_default();
        let fee = Fee {
            id: fee_id.clone(),
            kind: SubjectType::Fee,
            username: users::by_sub(owner).map(|u| u.username.clone()).unwrap_or_default(),
            owner_sub: owner.to_owned(),
            title: FEE_TITLE.to_owned(),
            description: format!("{OFFICE}, {name}, {months} Monate"),
            office: OFFICE.to_owned(),
            amount_cents: checked.fee_cents,
            due_date: None,
            booking_data: store::seeds().booking_data,
        };
        s.app_api.payments.fees.insert(fee_id.clone(), fee);
    }
    let state = if fee_id.is_some() {
        RegistrationState::PaymentPending
    } else {
        RegistrationState::ReadyForIdCheck
    };
    let card_type = s.library.card_type(&new.card_type);
    let needs_pass = card_type.is_some_and(|t| t.requires_leipzig_pass);
    let duo = card_type.is_some_and(|t| t.persons >= 2);
    let minor = new.guardian.is_some()
        && new
            .applicant
            .birthdate
            .trim()
            .parse()
            .is_ok_and(|born| validation::age_on(born, today) < 18);
    let registration = Registration {
        registration_id: id.clone(),
        owner: owner.to_owned(),
        state,
        card_type: new.card_type.clone(),
        branch_id: new.branch_id.clone(),
        fee_cents: checked.fee_cents,
        fee_id,
        flags: checked.flags,
        rejection_reason: None,
        submitted_at: now,
        updated_at: now,
        applicant: new.applicant.clone(),
        guardian: new.guardian.clone().filter(|_| minor),
        second_adult: new.second_adult.clone().filter(|_| duo),
        leipzig_pass: new.leipzig_pass.clone().filter(|_| needs_pass),
        card: None,
        seq: 0,
    };
    s.library.insert(registration);
    match s.library.registrations.get(&id) {
        Some(r) => Outcome::Created(s.library.to_json(r, &s.app_api.payments)),
        None => Outcome::Taken,
    }
}
