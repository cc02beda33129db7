//! The booking state machine: reserve → (update) → preconfirm → confirm,
//! get, cancel. Holds expire after the scope's `reservationDuration` and
//! `activationDuration` on the sandbox clock; a taken slot is 404
//! `appointmentNotAvailable`; past appointments cannot be cancelled.

use std::collections::HashMap;

use axum::{
    Extension, Json,
    body::Bytes,
    extract::{Query, State},
    response::{IntoResponse, Response},
};
use rand::Rng;
use serde_json::{Value, json};

use super::{
    calendar::wanted,
    captcha,
    catalogue::Catalogue,
    errors::{error, response},
    process::{find, int_field, int_list, process_json, send_mail, str_field},
    slots::Availability,
    state::{Process, Status},
};
use crate::{SandboxContext, server::Peer};

fn json_body(body: &Bytes) -> Result<Value, Response> {
    serde_json::from_slice::<Value>(body)
        .ok()
        .filter(Value::is_object)
        .ok_or_else(|| error("invalidRequest"))
}

fn new_auth_key() -> String {
    let bytes: [u8; 32] = rand::rng().random();
    hex::encode(bytes)
}

/// `POST /reserve-appointment/`.
pub async fn reserve(
    State(ctx): State<SandboxContext>,
    peer: Option<Extension<Peer>>,
    body: Bytes,
) -> Response {
    let body = match json_body(&body) {
        Ok(b) => b,
        Err(r) => return r,
    };
    let office = int_field(&body, "officeId");
    let services = int_list(body.get("serviceId")).unwrap_or_default();
    let counts = int_list(body.get("serviceCount")).unwrap_or_default();
    let timestamp = int_field(&body, "timestamp");
    let Some(office) = office.and_then(|o| u32::try_from(o).ok()) else {
        return error("invalidOfficeId");
    };
    let wanted = match wanted(&[i64::from(office)], &services, &counts) {
        Ok(w) => w,
        Err(codes) => return response(&codes),
    };
    let needed = wanted.offices.first().map(|(_, n)| *n).unwrap_or(1);
    let now = ctx.state.read(|s| s.now());
    let Some(timestamp) = timestamp.filter(|t| *t > now.timestamp()) else {
        return error("invalidTimestamp");
    };
    let catalogue = Catalogue::get();
    let Some(office_data) = catalogue.office(office) else { return error("invalidOfficeId") };
    if office_data.scope.captcha_activated_required {
        let ip = peer.map(|p| p.0.0.ip());
        if let Err(code) =
            captcha::check_token(str_field(&body, "captchaToken").as_deref(), ip, now)
        {
            return error(code);
        }
    }
    let reserved = ctx.state.update(|state| {
        if !Availability::new(catalogue, &state.zms, now).bookable(office, needed, timestamp) {
            return None;
        }
        let id = state.zms.next_process_id;
        state.zms.next_process_id += 1;
        let process = Process {
            id,
            auth_key: new_auth_key(),
            office_id: office,
            service_ids: services.iter().filter_map(|s| u32::try_from(*s).ok()).collect(),
            service_counts: counts.iter().filter_map(|c| u32::try_from(*c).ok()).collect(),
            timestamp,
            slot_count: needed,
            status: Status::Reserved,
            status_since: now,
            family_name: None,
            email: None,
            telephone: None,
            custom_textfield: None,
            custom_textfield2: None,
            phantom: false,
        };
        state.zms.processes.insert(id, process.clone());
        Some(process)
    });
    match reserved {
        Ok(Some(process)) => Json(process_json(&process, None)).into_response(),
        Ok(None) => error("appointmentNotAvailable"),
        Err(_) => error("internalError"),
    }
}

/// A pragmatic e-mail check: one `@`, a dotted domain, no spaces.
fn email_ok(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else { return false };
    !local.is_empty()
        && email.len() <= 254
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !email.chars().any(char::is_whitespace)
}

fn telephone_ok(telephone: &str) -> bool {
    // ^\+?[0-9]\d{6,14}$
    let digits = telephone.strip_prefix('+').unwrap_or(telephone);
    (7..=15).contains(&digits.len()) && digits.chars().all(|c| c.is_ascii_digit())
}

/// `POST /update-appointment/`: contact data, validated by the scope's rules.
pub async fn update(State(ctx): State<SandboxContext>, body: Bytes) -> Response {
    let body = match json_body(&body) {
        Ok(b) => b,
        Err(r) => return r,
    };
    let family_name = str_field(&body, "familyName").map(|s| s.trim().to_owned());
    let email = str_field(&body, "email").map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
    let telephone =
        str_field(&body, "telephone").map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
    let custom1 = str_field(&body, "customTextfield");
    let custom2 = str_field(&body, "customTextfield2");
    let mut problems = Vec::new();
    if family_name.as_deref().is_none_or(str::is_empty) {
        problems.push("invalidFamilyName");
    }
    if email.as_deref().is_some_and(|e| !email_ok(e)) {
        problems.push("invalidEmail");
    }
    if telephone.as_deref().is_some_and(|t| !telephone_ok(t)) {
        problems.push("invalidTelephone");
    }
    if custom1.as_deref().is_some_and(|c| c.chars().count() > 250) {
        problems.push("invalidCustomTextfield");
    }
    if custom2.as_deref().is_some_and(|c| c.chars().count() > 250) {
        problems.push("invalidCustomTextfield2");
    }
    if !problems.is_empty() {
        return response(&problems);
    }
    let outcome = ctx.state.update(|state| {
        let now = state.now();
        let zms = &mut state.zms;
        let (office_id, id) = {
            let p = find(zms, &body, now)?;
            if p.status != Status::Reserved {
                return Err(error("processNotReservedAnymore"));
            }
            (p.office_id, p.id)
        };
        let scope = Catalogue::get()
            .office(office_id)
            .map(|o| o.scope.clone())
            .ok_or_else(|| error("invalidOfficeId"))?;
        if scope.email_required && email.is_none() {
            return Err(error("emailIsRequired"));
        }
        if scope.telephone_required && telephone.is_none() {
            return Err(error("telephoneIsRequired"));
        }
        if let (Some(email), Some(max)) = (&email, scope.appointments_per_mail) {
            let active = zms
                .processes
                .values()
                .filter(|p| {
                    p.id != id && p.email.as_ref() == Some(email) && p.office_id == office_id
                })
                .filter(|p| {
                    p.holds_slots(now, scope.reservation_duration, scope.activation_duration)
                })
                .count();
            if active >= max as usize {
                return Err(error("tooManyAppointmentsWithSameMail"));
            }
        }
        let p = zms.processes.get_mut(&id).ok_or_else(|| error("appointmentNotFound"))?;
        p.family_name = family_name.clone();
        p.email = email.clone();
        p.telephone = telephone.clone();
        p.custom_textfield = custom1.clone();
        p.custom_textfield2 = custom2.clone();
        Ok(p.clone())
    });
    respond(outcome, None)
}

fn respond(
    outcome: Result<Result<Process, Response>, crate::StateError>,
    token: Option<String>,
) -> Response {
    match outcome {
        Ok(Ok(process)) => Json(process_json(&process, token)).into_response(),
        Ok(Err(response)) => response,
        Err(_) => error("internalError"),
    }
}

/// `POST /preconfirm-appointment/`: sends the activation mail.
pub async fn preconfirm(State(ctx): State<SandboxContext>, body: Bytes) -> Response {
    let body = match json_body(&body) {
        Ok(b) => b,
        Err(r) => return r,
    };
    let outcome = ctx.state.update(|state| {
        let now = state.now();
        let p = find(&mut state.zms, &body, now)?;
        if p.status != Status::Reserved {
            return Err(error("processNotReservedAnymore"));
        }
        p.status = Status::Preconfirmed;
        p.status_since = now;
        let p = p.clone();
        send_mail(&mut state.zms, &p, "preconfirmation", &ctx.base_url, now);
        Ok(p)
    });
    respond(outcome, None)
}

/// `POST /confirm-appointment/`: from `reserved` or `preconfirmed`.
pub async fn confirm(
    State(ctx): State<SandboxContext>,
    peer: Option<Extension<Peer>>,
    body: Bytes,
) -> Response {
    let body = match json_body(&body) {
        Ok(b) => b,
        Err(r) => return r,
    };
    let outcome = ctx.state.update(|state| {
        let now = state.now();
        let p = find(&mut state.zms, &body, now)?;
        if !matches!(p.status, Status::Reserved | Status::Preconfirmed) {
            return Err(error(if p.status == Status::Confirmed {
                "processAlreadyExists"
            } else {
                "processInvalid"
            }));
        }
        p.status = Status::Confirmed;
        p.status_since = now;
        let p = p.clone();
        send_mail(&mut state.zms, &p, "confirmation", &ctx.base_url, now);
        Ok(p)
    });
    respond(outcome, fresh_token(&ctx, peer))
}

fn fresh_token(ctx: &SandboxContext, peer: Option<Extension<Peer>>) -> Option<String> {
    let now = ctx.state.read(|s| s.now());
    Some(captcha::issue_token(&peer.map(|p| p.0.0.ip().to_string()).unwrap_or_default(), now))
}

/// `GET /appointment/?processId=…&authKey=…`.
pub async fn get(
    State(ctx): State<SandboxContext>,
    peer: Option<Extension<Peer>>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let body = json!({"processId": query.get("processId"), "authKey": query.get("authKey")});
    let outcome = ctx.state.update(|state| {
        let now = state.now();
        find(&mut state.zms, &body, now).map(|p| p.clone())
    });
    respond(outcome, fresh_token(&ctx, peer))
}

/// `POST /cancel-appointment/`: only future appointments; a soft delete.
pub async fn cancel(State(ctx): State<SandboxContext>, body: Bytes) -> Response {
    let body = match json_body(&body) {
        Ok(b) => b,
        Err(r) => return r,
    };
    let outcome = ctx.state.update(|state| {
        let now = state.now();
        let p = find(&mut state.zms, &body, now)?;
        if p.timestamp <= now.timestamp() {
            return Err(error("appointmentCanNotBeCanceled"));
        }
        p.status = Status::Deleted;
        p.status_since = now;
        let p = p.clone();
        send_mail(&mut state.zms, &p, "cancellation", &ctx.base_url, now);
        Ok(p)
    });
    respond(outcome, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contact_rules_match_upstream() {
        assert!(telephone_ok("+4934112345"));
        assert!(telephone_ok("0341123456"));
        assert!(!telephone_ok("12345"));
        assert!(!telephone_ok("0341-123456"));
        assert!(email_ok("erika.mustermann@example.org"));
        assert!(!email_ok("erika@"));
        assert!(!email_ok("erika mustermann@example.org"));
    }
}
