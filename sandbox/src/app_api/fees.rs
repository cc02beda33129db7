//! The citizen's payable items: fees (`GET /v1/fees`, `/v1/fees/{id}`) and
//! payable Bescheide (`GET /v1/bescheide/{id}`), seeded from
//! `fixtures/payments/fees.json`. A fee's `state` follows its payments:
//! `PAID` once one is `PAYED`, `IN_PROGRESS` while one is open, else `OPEN`.
//! Listing first pulls the provider state of the caller's open payments.

use std::collections::BTreeMap;

use axum::{
    Json,
    extract::{Path, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::payments::{PaymentState, PaymentsState, SubjectType};
use crate::{SandboxContext, problem};

const FIXTURE: &str = include_str!("../../../fixtures/payments/fees.json");

/// A payable item as the city keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Fee {
    /// `GEB-2026-000412`; ≤ 36, `^[A-Za-z0-9-]+$`.
    pub id: String,
    /// `FEE` or `BESCHEID`.
    #[serde(rename = "type")]
    pub kind: SubjectType,
    /// The fixture user's name (for reading the fixture only).
    #[serde(default)]
    pub username: String,
    /// The owner's `sub`.
    pub owner_sub: String,
    /// Short title, shown in lists.
    pub title: String,
    /// Longer text.
    pub description: String,
    /// The office that charges it.
    pub office: String,
    /// Amount in cents.
    pub amount_cents: i64,
    /// Due date.
    pub due_date: Option<NaiveDate>,
    /// What the payment service needs to book it.
    #[serde(default)]
    pub booking_data: BTreeMap<String, String>,
}

#[derive(Debug, Deserialize)]
struct FixtureFile {
    fees: Vec<Fee>,
}

/// The seeded fees by id.
pub fn seeded() -> BTreeMap<String, Fee> {
    // Compiled in and checked by a test: unreadable would be a build defect.
    serde_json::from_str::<FixtureFile>(FIXTURE)
        .map(|f| f.fees.into_iter().map(|fee| (fee.id.clone(), fee)).collect())
        .unwrap_or_default()
}

/// Whether `id` may name a fee: ≤ 36, `^[A-Za-z0-9-]+$`.
pub fn is_fee_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 36 && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// The Fee wire object, its state derived from the owner's payments.
pub fn fee_json(payments: &PaymentsState, fee: &Fee) -> Value {
    let related: Vec<_> = payments
        .payments
        .values()
        .filter(|p| {
            p.owner == fee.owner_sub && p.subject.id == fee.id && p.subject.kind == fee.kind
        })
        .collect();
    let paid = related.iter().find(|p| p.state == PaymentState::Payed);
    let open = related
        .iter()
        .filter(|p| matches!(p.state, PaymentState::Initial | PaymentState::Created))
        .max_by_key(|p| p.seq);
    let (state, payment_id) = match (paid, open) {
        (Some(p), _) => ("PAID", Some(p.payment_id.clone())),
        (None, Some(p)) => ("IN_PROGRESS", Some(p.payment_id.clone())),
        (None, None) => ("OPEN", None),
    };
    json!({
        "id": fee.id,
        "subject": {"type": fee.kind, "id": fee.id},
        "title": fee.title,
        "description": fee.description,
        "office": fee.office,
        "amountCents": fee.amount_cents,
        "currency": "EUR",
        "dueDate": fee.due_date.map(|d| d.format("%Y-%m-%d").to_string()),
        "state": state,
        "payable": state != "PAID",
        "paymentId": payment_id,
    })
}

/// `GET /v1/fees`: every fee and Bescheid of the caller, by due date.
pub async fn list(State(ctx): State<SandboxContext>, headers: HeaderMap) -> Response {
    let owner = match super::account(&ctx, &headers) {
        Ok(owner) => owner,
        Err(response) => return response,
    };
    super::flow::pull_owner(&ctx, &owner).await;
    let fees = ctx.state.read(|s| {
        let payments = &s.app_api.payments;
        let mut mine: Vec<&Fee> = payments.fees.values().filter(|f| f.owner_sub == owner).collect();
        // Undated fees last; ties by id.
        mine.sort_by(|a, b| {
            (a.due_date.is_none(), a.due_date, &a.id).cmp(&(
                b.due_date.is_none(),
                b.due_date,
                &b.id,
            ))
        });
        mine.into_iter().map(|f| fee_json(payments, f)).collect::<Vec<_>>()
    });
    let body = json!({ "fees": fees }).to_string().into_bytes();
    crate::conditional::respond(&headers, body, "application/json", None)
}

/// `GET /v1/fees/{id}`.
pub async fn get_fee(
    State(ctx): State<SandboxContext>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    one(&ctx, &headers, &id, SubjectType::Fee).await
}

/// `GET /v1/bescheide/{id}`.
pub async fn get_bescheid(
    State(ctx): State<SandboxContext>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    one(&ctx, &headers, &id, SubjectType::Bescheid).await
}

async fn one(ctx: &SandboxContext, headers: &HeaderMap, id: &str, kind: SubjectType) -> Response {
    let owner = match super::account(ctx, headers) {
        Ok(owner) => owner,
        Err(response) => return response,
    };
    super::flow::pull_subject(ctx, &owner, kind, id).await;
    let found = ctx.state.read(|s| {
        let payments = &s.app_api.payments;
        payments
            .fees
            .get(id)
            .filter(|f| f.owner_sub == owner && f.kind == kind)
            .map(|f| fee_json(payments, f))
    });
    match found {
        Some(fee) => Json(fee).into_response(),
        None => not_found(kind),
    }
}

/// `404` for a fee or Bescheid that does not exist or is someone else's.
pub fn not_found(kind: SubjectType) -> Response {
    let what = match kind {
        SubjectType::Fee => "No such fee",
        SubjectType::Bescheid => "No such Bescheid",
    };
    problem::coded(StatusCode::NOT_FOUND, "NOT_FOUND", "Not found", what)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::oidc::users;

    #[test]
    fn the_fixture_reads_and_names_real_users() {
        let fees = seeded();
        assert_eq!(fees.len(), FIXTURE.matches("\"id\"").count(), "every fee parses");
        for fee in fees.values() {
            assert!(is_fee_id(&fee.id), "{}", fee.id);
            let user = users::by_sub(&fee.owner_sub).unwrap_or_else(|| panic!("{}", fee.id));
            assert_eq!(user.username, fee.username, "{}", fee.id);
            assert!(fee.amount_cents > 0, "{}", fee.id);
        }
        assert_eq!(fees["GEB-2026-000412"].amount_cents, 2500);
        assert_eq!(fees["BSD-2026-004711"].kind, SubjectType::Bescheid);
        assert!(!fees["GEB-2026-000415"].booking_data.contains_key("sachkonto"));
    }
}
