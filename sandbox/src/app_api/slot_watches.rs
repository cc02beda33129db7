//! `/v1/slot-watches`: "tell me when a slot frees up", kept by the city so
//! that one server polls ZMS for everyone. The sandbox answers from its own
//! ZMS state: a watch's matches are the bookable slots right now.

use std::collections::BTreeMap;

use axum::{
    Json,
    body::Bytes,
    extract::{Path, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::{
    SandboxContext, problem,
    zms::{catalogue::Catalogue, slots::Availability},
};

/// Matches reported per watch.
const MAX_MATCHES: usize = 10;
/// Longest period a watch may cover.
const MAX_DAYS: i64 = 62;

/// A watch as the city keeps it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Watch {
    /// Id.
    pub id: String,
    /// Whose (installation id or account).
    pub owner: String,
    /// Service.
    pub service_id: u32,
    /// Offices.
    pub office_ids: Vec<u32>,
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
    /// Created (sandbox clock).
    pub created_at: DateTime<Utc>,
}

/// Every watch by id.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct WatchState {
    /// Watches.
    pub watches: BTreeMap<String, Watch>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct NewWatch {
    service_id: u32,
    #[serde(default)]
    office_ids: Vec<u32>,
    from: NaiveDate,
    to: NaiveDate,
}

fn watch_json(ctx: &SandboxContext, w: &Watch) -> Value {
    let catalogue = Catalogue::get();
    let matches = ctx.state.read(|s| {
        let now = s.now();
        let availability = Availability::new(catalogue, &s.zms, now);
        let mut found = Vec::new();
        let mut day = w.from.max(availability.today());
        while day <= w.to && found.len() < MAX_MATCHES {
            for office in &w.office_ids {
                let needed = catalogue.relation(*office, w.service_id).map_or(1, |r| r.slots);
                for ts in availability.bookable_on(*office, needed, day) {
                    found.push((ts, *office));
                }
            }
            day += Duration::days(1);
        }
        found.sort_unstable();
        found.truncate(MAX_MATCHES);
        found
    });
    json!({
        "id": w.id,
        "serviceId": w.service_id,
        "officeIds": w.office_ids,
        "from": w.from.format("%Y-%m-%d").to_string(),
        "to": w.to.format("%Y-%m-%d").to_string(),
        "createdAt": w.created_at.to_rfc3339(),
        "matches": matches.iter().map(|(ts, office)| json!({
            "officeId": office,
            "officeName": catalogue.office(*office).map(|o| o.name.clone()),
            "serviceId": w.service_id,
            "timestamp": ts,
        })).collect::<Vec<_>>(),
    })
}

/// `POST /v1/slot-watches`.
pub async fn create(
    State(ctx): State<SandboxContext>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let Some(owner) = super::owner(&headers) else { return super::unauthorized() };
    let new: NewWatch = match serde_json::from_slice(&body) {
        Ok(w) => w,
        Err(e) => {
            return problem::response(
                StatusCode::UNPROCESSABLE_ENTITY,
                &format!("Invalid slot watch: {e}"),
            );
        }
    };
    let catalogue = Catalogue::get();
    if catalogue.service(new.service_id).is_none() {
        return problem::response(StatusCode::UNPROCESSABLE_ENTITY, "Unknown service");
    }
    let offices: Vec<u32> = if new.office_ids.is_empty() {
        catalogue
            .relations
            .iter()
            .filter(|r| r.service_id == new.service_id)
            .map(|r| r.office_id)
            .collect()
    } else {
        new.office_ids.clone()
    };
    if offices.iter().any(|o| catalogue.relation(*o, new.service_id).is_none()) {
        return problem::response(
            StatusCode::UNPROCESSABLE_ENTITY,
            "An office does not offer this service",
        );
    }
    if new.from > new.to || (new.to - new.from).num_days() > MAX_DAYS {
        return problem::response(StatusCode::UNPROCESSABLE_ENTITY, "Invalid period");
    }
    let created = ctx.state.update(|s| {
        let watch = Watch {
            id: uuid::Uuid::new_v4().to_string(),
            owner,
            service_id: new.service_id,
            office_ids: offices,
            from: new.from,
            to: new.to,
            created_at: s.now(),
        };
        s.app_api.slot_watches.watches.insert(watch.id.clone(), watch.clone());
        watch
    });
    match created {
        Ok(watch) => (StatusCode::CREATED, Json(watch_json(&ctx, &watch))).into_response(),
        Err(e) => problem::response(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
    }
}

/// `GET /v1/slot-watches`: the caller's watches with their matches.
pub async fn list(State(ctx): State<SandboxContext>, headers: HeaderMap) -> Response {
    let Some(owner) = super::owner(&headers) else { return super::unauthorized() };
    let mine: Vec<Watch> = ctx.state.read(|s| {
        s.app_api.slot_watches.watches.values().filter(|w| w.owner == owner).cloned().collect()
    });
    Json(mine.iter().map(|w| watch_json(&ctx, w)).collect::<Vec<_>>()).into_response()
}

/// `DELETE /v1/slot-watches/{id}`.
pub async fn remove(
    State(ctx): State<SandboxContext>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let Some(owner) = super::owner(&headers) else { return super::unauthorized() };
    let removed = ctx.state.update(|s| {
        let watches = &mut s.app_api.slot_watches.watches;
        match watches.get(&id) {
            Some(w) if w.owner == owner => watches.remove(&id).is_some(),
            _ => false,
        }
    });
    match removed {
        Ok(true) => StatusCode::NO_CONTENT.into_response(),
        Ok(false) => problem::response(StatusCode::NOT_FOUND, "No such slot watch"),
        Err(e) => problem::response(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
    }
}
