//! Shared pieces of the booking endpoints: lenient request fields (ZMS
//! accepts ids and timestamps as numbers or strings), the process lookup
//! with its error codes, and the `ThinnedProcess` body.

use axum::response::Response;
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use chrono::{DateTime, TimeZone, Utc};
use serde_json::{Value, json};

use super::{
    catalogue::{Catalogue, Office, scope_json},
    errors::error,
    slots::SLOT_SECONDS,
    state::{Mail, Process, Status, ZmsState},
};

/// An integer field that may arrive as a number or a numeric string.
pub fn int_field(body: &Value, key: &str) -> Option<i64> {
    match body.get(key)? {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A string field; `None` when absent or null.
pub fn str_field(body: &Value, key: &str) -> Option<String> {
    body.get(key).and_then(Value::as_str).map(str::to_owned)
}

/// A list of integers given as a JSON array (numbers or strings) or a
/// comma-separated string.
pub fn int_list(value: Option<&Value>) -> Option<Vec<i64>> {
    match value? {
        Value::Array(items) => items
            .iter()
            .map(|v| match v {
                Value::Number(n) => n.as_i64(),
                Value::String(s) => s.trim().parse().ok(),
                _ => None,
            })
            .collect(),
        Value::String(s) => csv_ints(s),
        _ => None,
    }
}

/// `1,2,3` → `[1, 2, 3]`; `None` when any part is not a number.
pub fn csv_ints(text: &str) -> Option<Vec<i64>> {
    text.split(',').filter(|p| !p.trim().is_empty()).map(|p| p.trim().parse().ok()).collect()
}

/// A valid auth key: 4 (legacy) or 64 hex characters.
fn auth_key_ok(key: &str) -> bool {
    let key = key.trim();
    (key.len() == 4 || key.len() == 64) && key.chars().all(|c| c.is_ascii_hexdigit())
}

/// Finds the process a request names, with ZMS's error codes:
/// 400 `invalidProcessId` / `invalidAuthKey`, 404 `appointmentNotFound`
/// (unknown, cancelled or expired), 406 `authKeyMismatch`.
pub fn find<'s>(
    zms: &'s mut ZmsState,
    body: &Value,
    now: DateTime<Utc>,
) -> Result<&'s mut Process, Response> {
    let id = int_field(body, "processId")
        .filter(|id| *id > 0)
        .and_then(|id| u32::try_from(id).ok())
        .ok_or_else(|| error("invalidProcessId"))?;
    let key = str_field(body, "authKey")
        .filter(|k| auth_key_ok(k))
        .ok_or_else(|| error("invalidAuthKey"))?;
    let catalogue = Catalogue::get();
    let process = zms
        .processes
        .get_mut(&id)
        .filter(|p| !p.phantom)
        .ok_or_else(|| error("appointmentNotFound"))?;
    let gone = match catalogue.office(process.office_id) {
        Some(o) => {
            !process.holds_slots(now, o.scope.reservation_duration, o.scope.activation_duration)
                && process.status != Status::Deleted
        }
        None => true,
    };
    if process.status == Status::Deleted && key.trim() == process.auth_key {
        return Err(error("appointmentNotFound"));
    }
    if key.trim() != process.auth_key {
        return Err(error("authKeyMismatch"));
    }
    if gone {
        // An expired hold: the right code depends on what was expected.
        return Err(error(match process.status {
            Status::Reserved => "processNotReservedAnymore",
            _ => "processNotPreconfirmedAnymore",
        }));
    }
    Ok(process)
}

/// The `ThinnedProcess` body of `p`.
pub fn process_json(p: &Process, captcha_token: Option<String>) -> Value {
    let catalogue = Catalogue::get();
    let office = catalogue.office(p.office_id);
    let service = p.service_ids.first().and_then(|id| catalogue.service(*id));
    json!({
        "processId": p.id,
        "timestamp": p.timestamp.to_string(),
        "authKey": p.auth_key,
        "familyName": p.family_name,
        "customTextfield": p.custom_textfield,
        "customTextfield2": p.custom_textfield2,
        "email": p.email,
        "telephone": p.telephone,
        "officeName": office.map(|o| o.name.clone()),
        "officeId": p.office_id,
        "status": p.status.as_str(),
        "scope": office.map(scope_json),
        "subRequestCounts": [],
        "serviceId": p.service_ids.first().copied().unwrap_or(0),
        "serviceName": service.map(|s| s.name.clone()),
        "serviceCount": p.service_counts.first().copied().unwrap_or(0),
        "slotCount": p.slot_count,
        "displayNumber": null,
        "captchaToken": captcha_token,
        "icsContent": (p.status == Status::Confirmed).then(|| ics(p, office)).flatten(),
    })
}

/// A calendar entry for the confirmation mail and `icsContent`.
pub fn ics(p: &Process, office: Option<&Office>) -> Option<String> {
    let start = Utc.timestamp_opt(p.timestamp, 0).single()?;
    let end = start + chrono::Duration::seconds(i64::from(p.slot_count) * SLOT_SECONDS);
    let fmt = |t: DateTime<Utc>| t.format("%Y%m%dT%H%M%SZ").to_string();
    let location = office
        .map(|o| {
            format!(
                "{}, {} {}, {} {}",
                o.name,
                o.address.street,
                o.address.house_number,
                o.address.postal_code,
                o.address.city
            )
        })
        .unwrap_or_default();
    Some(format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Stadt Leipzig//Terminvereinbarung Sandbox//DE\r\n\
         BEGIN:VEVENT\r\nUID:{}@terminvereinbarung.leipzig.de\r\nDTSTAMP:{}\r\nDTSTART:{}\r\nDTEND:{}\r\n\
         SUMMARY:Termin im Bürgerbüro\r\nLOCATION:{}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        p.id,
        fmt(start),
        fmt(start),
        fmt(end),
        location.replace(',', "\\,")
    ))
}

/// Records the mail ZMS would send now.
pub fn send_mail(zms: &mut ZmsState, p: &Process, kind: &str, base_url: &str, now: DateTime<Utc>) {
    let Some(to) = p.email.clone() else { return };
    let hash = URL_SAFE_NO_PAD.encode(json!({"id": p.id, "authKey": p.auth_key}).to_string());
    let path = if kind == "preconfirmation" { "appointment/confirm/" } else { "appointment/" };
    let ics =
        (kind == "confirmation").then(|| ics(p, Catalogue::get().office(p.office_id))).flatten();
    zms.mails.push(Mail {
        to,
        kind: kind.to_owned(),
        process_id: p.id,
        auth_key: p.auth_key.clone(),
        link: format!("{base_url}terminvereinbarung/#/{path}{hash}"),
        ics,
        sent_at: now,
    });
}
