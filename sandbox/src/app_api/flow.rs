//! The app API's side of a payment: creating the provider transaction
//! (with one retry under the same `requestId` when the answer is lost) and
//! pulling the provider's state (XBezahldienste has no push).
//!
//! Pull rule: a payment is read from the provider while `INITIAL`, and while
//! `FAILED`/`CANCELED` for 24 hours after its creation (asynchronous methods
//! can succeed late). A provider that cannot be read leaves it unchanged.

use axum::{
    Json,
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use chrono::{DateTime, Duration, SecondsFormat, Utc};
use serde_json::{Map, json};

use super::{
    fees::Fee,
    payments::{
        Payment, PaymentError, PaymentState, ReconciliationEntry, ReconciliationKind, Subject,
        SubjectType,
    },
    provider_client::CreateAnswer,
};
use crate::{
    SandboxContext,
    epaybl::{
        amount::Amount,
        validate::is_description_char,
        wire::{FunctionalCode, PaymentItem, PaymentRequest, XbdProblem},
    },
    problem,
};

/// Polls (100 ms apart) of a payment another request is creating: longer
/// than the provider client's timeouts of two attempts.
const IN_FLIGHT_POLLS: u32 = 250;
/// How long `FAILED`/`CANCELED` payments are still pulled.
const LATE_WINDOW_HOURS: i64 = 24;

/// Detail of an `ERROR` payment whose create answer was lost.
const ORPHAN_DETAIL: &str = "The payment service may hold an unconfirmed transaction; \
                             it was logged for reconciliation";

fn pullable(p: &Payment, now: DateTime<Utc>) -> bool {
    p.transaction_id.is_some()
        && match p.state {
            PaymentState::Initial => true,
            PaymentState::Failed | PaymentState::Canceled => {
                now - p.created_at < Duration::hours(LATE_WINDOW_HOURS)
            }
            _ => false,
        }
}

/// Pulls payment `id` from the provider if the pull rule says so.
pub async fn pull(ctx: &SandboxContext, id: &str) {
    let target = ctx.state.read(|s| {
        let now = s.now();
        s.app_api
            .payments
            .payments
            .get(id)
            .filter(|p| pullable(p, now))
            .and_then(|p| p.transaction_id.clone())
    });
    let Some(transaction_id) = target else { return };
    let Some(transaction) = ctx.provider.read(&ctx.base_url, &transaction_id).await else {
        return;
    };
    // A failed save leaves the payment as it was; the next read pulls again.
    let _ = ctx.state.update(|s| {
        let now = s.now();
        s.app_api.payments.apply_provider(id, &transaction.payment_information, now)
    });
}

/// Pulls every pullable payment of `owner`.
pub async fn pull_owner(ctx: &SandboxContext, owner: &str) {
    for id in ids(ctx, |p| p.owner == owner) {
        pull(ctx, &id).await;
    }
}

/// Pulls every pullable payment of `owner` for one subject.
pub async fn pull_subject(ctx: &SandboxContext, owner: &str, kind: SubjectType, subject_id: &str) {
    for id in ids(ctx, |p| p.owner == owner && p.subject.kind == kind && p.subject.id == subject_id)
    {
        pull(ctx, &id).await;
    }
}

fn ids(ctx: &SandboxContext, wanted: impl Fn(&Payment) -> bool) -> Vec<String> {
    ctx.state.read(|s| {
        let now = s.now();
        s.app_api
            .payments
            .payments
            .values()
            .filter(|p| wanted(p) && pullable(p, now))
            .map(|p| p.payment_id.clone())
            .collect()
    })
}

/// What `POST /v1/payments` decided before calling the provider.
enum Decision {
    AlreadyPaid(String),
    Existing(Payment),
    Created(Payment, Fee),
    NotFound,
}

/// `POST /v1/payments` for `owner`, whose request carried `key`.
pub async fn create(ctx: &SandboxContext, owner: &str, key: &str, subject: Subject) -> Response {
    pull_subject(ctx, owner, subject.kind, &subject.id).await;
    let record_key = format!("{owner} {key}");
    let decided = ctx.state.update(|s| {
        let now = s.now();
        let p = &mut s.app_api.payments;
        let Some(fee) = p
            .fees
            .get(&subject.id)
            .filter(|f| f.owner_sub == owner && f.kind == subject.kind)
            .cloned()
        else {
            return Decision::NotFound;
        };
        let mine = |x: &&Payment| x.owner == owner && x.subject == subject;
        if let Some(paid) =
            p.payments.values().filter(mine).find(|x| x.state == PaymentState::Payed)
        {
            return Decision::AlreadyPaid(paid.payment_id.clone());
        }
        if let Some(open) = p
            .payments
            .values()
            .filter(mine)
            .filter(|x| matches!(x.state, PaymentState::Initial | PaymentState::Created))
            .max_by_key(|x| x.seq)
        {
            return Decision::Existing(open.clone());
        }
        // A retry after PROVIDER_UNAVAILABLE reuses the id (= requestId).
        let payment_id = p
            .keys
            .get(&record_key)
            .map(|k| k.payment_id.clone())
            .filter(|id| !p.payments.contains_key(id))
            .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
        p.remember_key(record_key.clone(), payment_id.clone());
        let seq = p.next_seq();
        let payment = Payment::new(payment_id.clone(), &fee, seq, now);
        p.payments.insert(payment_id, payment.clone());
        Decision::Created(payment, fee)
    });
    let (payment, fee) = match decided {
        Err(e) => return state_failure(&e),
        Ok(Decision::NotFound) => return super::fees::not_found(subject.kind),
        Ok(Decision::AlreadyPaid(payment_id)) => {
            let mut extra = Map::new();
            extra.insert("paymentId".into(), json!(payment_id));
            return problem::coded_with(
                StatusCode::CONFLICT,
                "ALREADY_PAID",
                "Already paid",
                "This fee has been paid; the receipt is available",
                extra,
            );
        }
        Ok(Decision::Existing(payment)) if payment.state == PaymentState::Created => {
            return in_flight(ctx, &payment.payment_id).await;
        }
        Ok(Decision::Existing(payment)) => return Json(payment.to_json()).into_response(),
        Ok(Decision::Created(payment, fee)) => (payment, fee),
    };
    let request = provider_request(ctx, &payment, &fee);
    let mut answer = ctx.provider.create(&ctx.base_url, &request).await;
    if matches!(answer, CreateAnswer::Unavailable(_)) {
        answer = ctx.provider.create(&ctx.base_url, &request).await;
    }
    let id = payment.payment_id.clone();
    let finished = ctx.state.update(|s| {
        let now = s.now();
        let ttl = s.epaybl.settings.paypage_ttl_seconds;
        let p = &mut s.app_api.payments;
        if let CreateAnswer::Unavailable(_) = &answer {
            // Nothing usable: forget the row so a retry with the key starts clean.
            p.payments.remove(&id);
            return None;
        }
        let record = p.payments.get_mut(&id)?;
        record.updated_at = now;
        let mut orphan = None;
        match &answer {
            CreateAnswer::Created(transaction) => {
                let info = &transaction.payment_information;
                record.state = PaymentState::Initial;
                record.transaction_id = Some(info.transaction_id.clone());
                record.paypage_url.clone_from(&info.transaction_redirect_url);
                record.status_detail.clone_from(&info.status_detail);
                record.expires_at = Some(record.created_at + Duration::seconds(ttl));
            }
            CreateAnswer::Refused(problem) => {
                record.state = PaymentState::Error;
                record.error = Some(error_of(problem));
                if problem.functional_code == Some(FunctionalCode::PaymentExists) {
                    orphan = Some(ReconciliationEntry {
                        at: now,
                        payment_id: id.clone(),
                        request_id: id.clone(),
                        kind: ReconciliationKind::OrphanedTransaction,
                        detail: "POST paymenttransaction answered PAYMENT_EXISTS for a \
                                 requestId whose transaction the app API never received"
                            .to_owned(),
                    });
                }
            }
            CreateAnswer::Unavailable(_) => {}
        }
        let view = record.to_json();
        if let Some(entry) = orphan {
            p.log(entry);
        }
        Some(view)
    });
    match finished {
        Err(e) => state_failure(&e),
        Ok(Some(view)) => (StatusCode::CREATED, Json(view)).into_response(),
        // Unavailable, or the row vanished meanwhile (a reset): try again.
        Ok(None) => provider_unavailable(),
    }
}

/// A second request for a subject whose payment is still being created
/// (a double tap with two keys): waits for that creation to finish, then
/// answers like the first did — the same payment, or 503.
async fn in_flight(ctx: &SandboxContext, id: &str) -> Response {
    for _ in 0..IN_FLIGHT_POLLS {
        let now = ctx.state.read(|s| s.app_api.payments.payments.get(id).cloned());
        match now {
            Some(p) if p.state == PaymentState::Created => {
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
            Some(p) => return Json(p.to_json()).into_response(),
            None => return provider_unavailable(),
        }
    }
    provider_unavailable()
}

/// The `error` member of an `ERROR` payment.
fn error_of(problem: &XbdProblem) -> PaymentError {
    let code = problem.functional_code.unwrap_or(FunctionalCode::Unspecified);
    let detail = match code {
        FunctionalCode::PaymentExists => ORPHAN_DETAIL.to_owned(),
        _ => problem
            .detail
            .clone()
            .filter(|d| !d.trim().is_empty())
            .unwrap_or_else(|| problem.title.clone()),
    };
    PaymentError { code: code.as_str().to_owned(), detail }
}

/// The XBezahldienste request for a payment: one item, amounts from the
/// fee, texts cut to the standard's patterns, no requestor (data
/// minimisation).
fn provider_request(ctx: &SandboxContext, payment: &Payment, fee: &Fee) -> PaymentRequest {
    let amount = Amount(payment.amount_cents);
    PaymentRequest {
        request_id: payment.payment_id.clone(),
        request_timestamp: payment.created_at.to_rfc3339_opts(SecondsFormat::Millis, true),
        currency: "EUR".to_owned(),
        gros_amount: amount,
        purpose: payment.purpose.clone(),
        description: description_text(&fee.title),
        redirect_url: format!("{}v1/payments/{}/return", ctx.base_url, payment.payment_id),
        items: vec![PaymentItem {
            id: "1".to_owned(),
            reference: Some(fee.id.clone()),
            description: Some(description_text(&fee.description)),
            tax_rate: Amount(0),
            quantity: 1,
            single_net_amount: amount,
            single_tax_amount: Amount(0),
            total_net_amount: amount,
            total_tax_amount: Amount(0),
            booking_data: fee.booking_data.clone(),
        }],
        requestor: None,
    }
}

/// Text within the `description` pattern: other characters become spaces
/// (dashes `-`), runs of spaces collapse, at most 250 characters.
pub fn description_text(text: &str) -> String {
    let mapped: String = text
        .chars()
        .map(|c| match c {
            c if is_description_char(c) => c,
            '–' | '—' | '/' => '-',
            _ => ' ',
        })
        .collect();
    let collapsed = mapped.split_whitespace().collect::<Vec<_>>().join(" ");
    let cut: String = collapsed.chars().take(250).collect();
    if cut.is_empty() { "Zahlung an die Stadt Leipzig".to_owned() } else { cut }
}

/// `503 PROVIDER_UNAVAILABLE` with `Retry-After: 2`.
pub fn provider_unavailable() -> Response {
    let mut response = problem::coded(
        StatusCode::SERVICE_UNAVAILABLE,
        "PROVIDER_UNAVAILABLE",
        "Payment service unavailable",
        "The payment service did not answer; try again with the same Idempotency-Key",
    );
    response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("2"));
    response
}

/// `500` for a state that could not be saved.
pub fn state_failure(e: &crate::StateError) -> Response {
    problem::coded(StatusCode::INTERNAL_SERVER_ERROR, "INTERNAL", "Internal error", &e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions_fit_the_pattern() {
        let text = description_text("Ausweis (50 % ermäßigt) – 12/2026: gültig");
        assert_eq!(text, "Ausweis 50 ermäßigt - 12-2026 gültig");
        assert!(crate::epaybl::validate::is_description(&text));
    }
}
