//! Test controls of the library, merged into `/_sandbox/`:
//!
//! - `POST /library/registrations/{id}/activate`: the desk visit with the
//!   ID check — a `READY_FOR_ID_CHECK` registration becomes `ACTIVE` with a
//!   card (`LSB` + ten digits, valid `validMonths` from today);
//! - `POST /library/registrations/{id}/reject` `{reason}`: `REJECTED`;
//!   an unpaid fee with no payment is withdrawn;
//! - `POST /library/card-types` `[CardType…]`: replace the fee table;
//! - `GET /library/registrations`: every registration (count proof).

use axum::{
    Json, Router,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::{get, post},
};
use chrono::Months;
use serde::Deserialize;
use serde_json::{Value, json};

use super::{
    model::{Card, CardType, RegistrationState},
    store,
};
use crate::{SandboxContext, app_api::notices::calendar::berlin_date, problem};

/// The control routes, to be merged into `/_sandbox`.
pub fn routes() -> Router<SandboxContext> {
    Router::new()
        .route("/library/registrations", get(all))
        .route("/library/registrations/{id}/activate", post(activate))
        .route("/library/registrations/{id}/reject", post(reject))
        .route("/library/card-types", post(replace_card_types))
}

async fn all(State(ctx): State<SandboxContext>) -> Response {
    let rows: Vec<Value> = ctx.state.read(|s| {
        let mut all: Vec<_> = s.library.registrations.values().collect();
        all.sort_by_key(|r| r.seq);
        all.into_iter().map(|r| s.library.to_json(r, &s.app_api.payments)).collect()
    });
    Json(rows).into_response()
}

fn conflict(detail: &str) -> Response {
    problem::coded(StatusCode::CONFLICT, "INVALID_STATE", "Not possible now", detail)
}

/// What a control did.
enum Done {
    Changed(Value),
    Missing,
    Refused(&'static str),
}

fn answer(done: Result<Done, crate::StateError>) -> Response {
    match done {
        Ok(Done::Changed(view)) => Json(view).into_response(),
        Ok(Done::Missing) => super::not_found(),
        Ok(Done::Refused(detail)) => conflict(detail),
        Err(e) => problem::response(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
    }
}

/// The owner of registration `id`, after bringing it up to date.
async fn refreshed(ctx: &SandboxContext, id: &str) -> Option<Response> {
    let owner = ctx.state.read(|s| s.library.registrations.get(id).map(|r| r.owner.clone()));
    match owner {
        None => Some(super::not_found()),
        Some(owner) => super::refresh(ctx, &owner).await.err(),
    }
}

async fn activate(State(ctx): State<SandboxContext>, Path(id): Path<String>) -> Response {
    let id = id.trim().to_ascii_lowercase();
    if let Some(response) = refreshed(&ctx, &id).await {
        return response;
    }
    answer(ctx.state.update(|s| {
        let today = berlin_date(s.now());
        let now = s.now();
        let Some(r) = s.library.registrations.get(&id) else { return Done::Missing };
        match r.state {
            RegistrationState::Active => {
                return Done::Changed(s.library.to_json(r, &s.app_api.payments));
            }
            RegistrationState::ReadyForIdCheck => {}
            _ => return Done::Refused("Only a registration READY_FOR_ID_CHECK can be activated"),
        }
        let months = s.library.card_type(&r.card_type).map_or(12, |t| t.valid_months);
        let holder_name =
            format!("{} {}", r.applicant.given_name.trim(), r.applicant.family_name.trim());
        let branch_name = store::branch(&r.branch_id).map(|b| b.name).unwrap_or_default();
        let valid_until = today.checked_add_months(Months::new(months)).unwrap_or(today);
        let card_number = s.library.next_card_number();
        let Some(r) = s.library.registrations.get_mut(&id) else { return Done::Missing };
        r.state = RegistrationState::Active;
        r.updated_at = now;
        r.card = Some(Card { card_number, valid_until, holder_name, branch_name });
        let r = r.clone();
        Done::Changed(s.library.to_json(&r, &s.app_api.payments))
    }))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RejectRequest {
    reason: String,
}

async fn reject(
    State(ctx): State<SandboxContext>,
    Path(id): Path<String>,
    Json(request): Json<RejectRequest>,
) -> Response {
    let id = id.trim().to_ascii_lowercase();
    let reason = request.reason.trim().to_owned();
    if reason.is_empty() || reason.chars().count() > 500 {
        return problem::response(StatusCode::BAD_REQUEST, "reason must be 1-500 characters");
    }
    if let Some(response) = refreshed(&ctx, &id).await {
        return response;
    }
    answer(ctx.state.update(|s| {
        let now = s.now();
        let Some(r) = s.library.registrations.get_mut(&id) else { return Done::Missing };
        match r.state {
            RegistrationState::Active => return Done::Refused("An active card cannot be rejected"),
            RegistrationState::Rejected => {}
            _ => {
                r.state = RegistrationState::Rejected;
                r.rejection_reason = Some(reason);
                r.updated_at = now;
            }
        }
        let r = r.clone();
        // An unpaid fee nobody started paying is withdrawn.
        if let Some(fee_id) = &r.fee_id {
            let payments = &mut s.app_api.payments;
            if !payments.payments.values().any(|p| &p.subject.id == fee_id) {
                payments.fees.remove(fee_id);
            }
        }
        Done::Changed(s.library.to_json(&r, &s.app_api.payments))
    }))
}

fn valid_table(types: &[CardType]) -> Result<(), String> {
    if types.is_empty() {
        return Err("at least one card type".to_owned());
    }
    for (i, t) in types.iter().enumerate() {
        if t.id.trim().is_empty() || types[..i].iter().any(|o| o.id == t.id) {
            return Err(format!("card type {i}: id empty or repeated"));
        }
        if t.fees.is_empty() || t.fees.iter().any(|f| f.fee_cents < 0) {
            return Err(format!("{}: fees must be non-empty and not negative", t.id));
        }
        if t.valid_months == 0 || !(1..=2).contains(&t.persons) {
            return Err(format!("{}: validMonths > 0 and persons 1 or 2", t.id));
        }
    }
    Ok(())
}

async fn replace_card_types(
    State(ctx): State<SandboxContext>,
    Json(mut types): Json<Vec<CardType>>,
) -> Response {
    if let Err(detail) = valid_table(&types) {
        return problem::coded(
            StatusCode::BAD_REQUEST,
            "VALIDATION_ERROR",
            "Invalid request",
            &detail,
        );
    }
    for t in &mut types {
        t.fees.sort_by_key(|f| f.valid_from);
    }
    let done = ctx.state.update(|s| {
        s.library.card_types = types;
        let today = berlin_date(s.now());
        s.library.card_types.iter().map(|t| t.to_json(today)).collect::<Vec<_>>()
    });
    match done {
        Ok(types) => Json(json!({ "cardTypes": types })).into_response(),
        Err(e) => problem::response(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
    }
}
