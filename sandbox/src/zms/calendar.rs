//! `GET /available-calendar/`: bookable days and slots for services at
//! offices, with upstream's validation and quirks (string office ids, CSV
//! `providerIDs`, an empty list rather than 404 when nothing is free).

use std::collections::HashMap;

use axum::{
    Extension, Json,
    extract::{Query, State},
    response::{IntoResponse, Response},
};
use chrono::{Duration, NaiveDate};
use serde_json::{Value, json};

use super::{
    captcha,
    catalogue::Catalogue,
    errors::response,
    process::csv_ints,
    slots::{Availability, HORIZON_DAYS},
};
use crate::{SandboxContext, server::Peer};

/// A day with, per office, its bookable slot starts.
type BookableDay = (NaiveDate, Vec<(u32, Vec<i64>)>);

/// Longest range a calendar request may span.
const MAX_RANGE_DAYS: i64 = 365;

/// A validated request: offices and the slots an appointment needs there.
#[derive(Debug)]
pub struct Wanted {
    /// Offices with the slot count an appointment takes at each.
    pub offices: Vec<(u32, u32)>,
}

/// Validates office and service lists the way `ValidationService` does and
/// computes the slots needed per office; error codes as upstream.
pub fn wanted(
    office_ids: &[i64],
    service_ids: &[i64],
    service_counts: &[i64],
) -> Result<Wanted, Vec<&'static str>> {
    let mut problems = Vec::new();
    if service_ids.is_empty() || service_counts.is_empty() {
        problems.push("EMPTY_SERVICE_ARRAYS");
    } else if service_ids.len() != service_counts.len() {
        problems.push("MISMATCHED_ARRAYS");
    }
    if office_ids.is_empty() || office_ids.iter().any(|id| u32::try_from(*id).is_err()) {
        problems.push("invalidOfficeId");
    }
    if service_ids.iter().any(|id| u32::try_from(*id).is_err()) {
        problems.push("invalidServiceId");
    }
    if service_counts.iter().any(|c| *c < 1) {
        problems.push("invalidServiceCount");
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    if service_counts.iter().sum::<i64>() > 25 {
        return Err(vec!["tooManySlotsPerAppointment"]);
    }
    let catalogue = Catalogue::get();
    let mut offices = Vec::new();
    for office in office_ids.iter().filter_map(|id| u32::try_from(*id).ok()) {
        let mut needed = 0;
        for (service, count) in service_ids.iter().zip(service_counts) {
            let relation = u32::try_from(*service).ok().and_then(|s| catalogue.relation(office, s));
            let (Some(relation), Ok(count)) = (relation, u32::try_from(*count)) else {
                return Err(vec!["invalidLocationAndServiceCombination"]);
            };
            needed += relation.slots * count;
        }
        offices.push((office, needed));
    }
    Ok(Wanted { offices })
}

fn date_param(query: &HashMap<String, String>, key: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(query.get(key)?.trim(), "%Y-%m-%d").ok()
}

/// `GET /available-calendar/`.
pub async fn calendar(
    State(ctx): State<SandboxContext>,
    peer: Option<Extension<Peer>>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let mut problems = Vec::new();
    let start = date_param(&query, "startDate");
    let end = date_param(&query, "endDate");
    if start.is_none() {
        problems.push("invalidStartDate");
    }
    if end.is_none() {
        problems.push("invalidEndDate");
    }
    let slots_start = match query.get("slotsStartDate") {
        Some(_) => date_param(&query, "slotsStartDate").ok_or("invalidSlotsStartDate"),
        None => start.ok_or("invalidStartDate"),
    };
    let slots_end = match query.get("slotsEndDate") {
        Some(_) => date_param(&query, "slotsEndDate").ok_or("invalidSlotsEndDate"),
        None => end.ok_or("invalidEndDate"),
    };
    let list = |key: &str| query.get(key).map(|v| csv_ints(v)).unwrap_or(Some(Vec::new()));
    let (offices, services, counts) =
        (list("officeIds"), list("serviceIds"), list("serviceCounts"));
    if offices.is_none() {
        problems.push("invalidOfficeId");
    }
    if services.is_none() {
        problems.push("invalidServiceId");
    }
    if counts.is_none() {
        problems.push("invalidServiceCount");
    }
    let (Some(start), Some(end), Some(offices), Some(services), Some(counts)) =
        (start, end, offices, services, counts)
    else {
        problems.dedup();
        return response(&problems);
    };
    let (slots_start, slots_end) = match (slots_start, slots_end) {
        (Ok(s), Ok(e)) => (s, e),
        (s, e) => return response(&[s.err(), e.err()].into_iter().flatten().collect::<Vec<_>>()),
    };
    // Upstream emits these two codes without a message entry: they surface as 520.
    if start > end {
        return response(&["startDateAfterEndDate"]);
    }
    if (end - start).num_days() > MAX_RANGE_DAYS {
        return response(&["dateRangeTooLarge"]);
    }
    if slots_start > slots_end {
        return response(&["slotsStartDateAfterEndDate"]);
    }
    let wanted = match wanted(&offices, &services, &counts) {
        Ok(w) => w,
        Err(codes) => return response(&codes),
    };

    let now = ctx.state.read(|s| s.now());
    let catalogue = Catalogue::get();
    let needs_captcha = wanted
        .offices
        .iter()
        .any(|(id, _)| catalogue.office(*id).is_some_and(|o| o.scope.captcha_activated_required));
    if needs_captcha {
        let ip = peer.map(|p| p.0.0.ip());
        if let Err(code) =
            captcha::check_token(query.get("captchaToken").map(String::as_str), ip, now)
        {
            return response(&[code]);
        }
    }

    ctx.state.read(|state| {
        let availability = Availability::new(catalogue, &state.zms, now);
        let bookable_days = |from: NaiveDate, to: NaiveDate| -> Vec<BookableDay> {
            let mut days = Vec::new();
            let mut day = from;
            while day <= to {
                let per_office: Vec<(u32, Vec<i64>)> = wanted
                    .offices
                    .iter()
                    .map(|(office, needed)| (*office, availability.bookable_on(*office, *needed, day)))
                    .filter(|(_, slots)| !slots.is_empty())
                    .collect();
                if !per_office.is_empty() {
                    days.push((day, per_office));
                }
                day += Duration::days(1);
            }
            days
        };
        // Nothing is bookable outside today .. today + horizon.
        let today = availability.today();
        let horizon_end = today + Duration::days(HORIZON_DAYS);
        let window_from = slots_start.max(start).max(today);
        let window_to = slots_end.min(end).min(horizon_end);
        let days = bookable_days(window_from, window_to);
        let prev = (slots_start > today)
            .then(|| bookable_days(today, slots_start - Duration::days(1)).last().map(|d| d.0))
            .flatten();
        let next = (slots_end < horizon_end)
            .then(|| bookable_days(slots_end + Duration::days(1), horizon_end).first().map(|d| d.0))
            .flatten();
        let available_days: Vec<Value> = days
            .iter()
            .map(|(day, offices)| {
                json!({
                    "date": day.format("%Y-%m-%d").to_string(),
                    "providerIDs": offices.iter().map(|(o, _)| o.to_string()).collect::<Vec<_>>().join(","),
                    "offices": offices.iter().map(|(o, slots)| json!({"officeId": o.to_string(), "appointments": slots})).collect::<Vec<_>>(),
                })
            })
            .collect();
        let date = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
        Json(json!({
            "startDate": date(start),
            "endDate": date(end),
            "slotsStartDate": date(slots_start),
            "slotsEndDate": date(slots_end),
            "prevBookableDate": prev.map(date),
            "nextBookableDate": next.map(date),
            "availableDays": available_days,
        }))
        .into_response()
    })
}
