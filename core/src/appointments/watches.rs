//! "Tell me when a slot frees up": watches live at the city's app API, which
//! polls ZMS once for everyone (thousands of phones polling would hit ZMS's
//! rate limit). Adding and removing go through the outbox; the matches the
//! city found are fetched with [`AppointmentsService::refresh_watches`].

use chrono::NaiveDate;
use reqwest::Method;
use serde_json::Value;

use super::{
    delivery::{WATCH_ADD, WATCH_REMOVE, matches_from_json, watch_body, watch_target},
    model::{SlotWatch, WatchState},
    service::AppointmentsService,
    store,
};
use crate::{
    error::{Error, Result},
    outbox::Outbox,
};

/// Longest period one watch may cover.
const MAX_WATCH_DAYS: i64 = 62;

impl AppointmentsService {
    /// Registers a watch: saved on the phone at once, sent to the city by
    /// the outbox (now, if online).
    pub async fn add_watch(
        &self,
        service: u32,
        offices: &[u32],
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<SlotWatch> {
        self.app_api()?;
        if from > to {
            return Err(Error::Validation {
                field: "to",
                reason: "before the first day".to_owned(),
            });
        }
        if (to - from).num_days() > MAX_WATCH_DAYS {
            return Err(Error::Validation {
                field: "to",
                reason: format!("a watch covers at most {MAX_WATCH_DAYS} days"),
            });
        }
        if to < self.today() {
            return Err(Error::Validation { field: "to", reason: "in the past".to_owned() });
        }
        let known = self.offices(Some(service)).await?;
        if known.is_empty() {
            return Err(Error::NotFound { kind: "service", id: service.to_string() });
        }
        let mut office_ids: Vec<u32> = if offices.is_empty() {
            known.iter().map(|o| o.id).collect()
        } else {
            offices.to_vec()
        };
        office_ids.sort_unstable();
        office_ids.dedup();
        if let Some(bad) = office_ids.iter().find(|id| !known.iter().any(|o| o.id == **id)) {
            return Err(Error::Validation {
                field: "office",
                reason: format!("office {bad} does not offer this service"),
            });
        }
        let watch = SlotWatch {
            id: uuid::Uuid::new_v4().to_string(),
            service_id: service,
            office_ids,
            from,
            to,
            state: WatchState::Saved,
            matches: Vec::new(),
        };
        let now = self.ctx.now();
        let body = watch_body(service, &watch.office_ids, from, to);
        self.ctx.db.write(|tx| {
            store::insert_watch(tx, &watch, now)?;
            Outbox::enqueue(tx, WATCH_ADD, &watch_target(&watch.id), &body, now)
        })?;
        self.changed().await;
        self.watch(&watch.id)
    }

    /// My watches, newest first; from the phone only.
    pub fn watches(&self) -> Result<Vec<SlotWatch>> {
        self.ctx.db.read(store::watches)
    }

    /// One watch.
    pub fn watch(&self, id: &str) -> Result<SlotWatch> {
        self.ctx
            .db
            .read(|conn| store::watch_by_id(conn, id))?
            .ok_or_else(|| Error::NotFound { kind: "slot watch", id: id.to_owned() })
    }

    /// Removes a watch (through the outbox, like adding).
    pub async fn remove_watch(&self, id: &str) -> Result<()> {
        let watch = self.watch(id)?;
        if watch.state == WatchState::Removing {
            return Ok(());
        }
        let now = self.ctx.now();
        self.ctx.db.write(|tx| {
            store::set_watch_state(tx, id, WatchState::Removing, None, now)?;
            Outbox::enqueue(tx, WATCH_REMOVE, &watch_target(id), &Value::Null, now)
        })?;
        self.changed().await;
        Ok(())
    }

    /// Fetches the matches the city found for my watches.
    pub async fn refresh_watches(&self) -> Result<Vec<SlotWatch>> {
        let answer = self
            .app_api()?
            .request::<Value>(Method::GET, "slot-watches", None, None, "slot watches")
            .await?;
        let items = answer.value.as_array().cloned().unwrap_or_default();
        let now = self.ctx.now();
        self.ctx.db.write(|tx| {
            for item in &items {
                if let (Some(server_id), Some(matches)) =
                    (item.get("id").and_then(Value::as_str), item.get("matches"))
                {
                    store::set_watch_matches(tx, server_id, &matches_from_json(matches), now)?;
                }
            }
            Ok(())
        })?;
        self.listeners.notify();
        self.watches()
    }

    async fn changed(&self) {
        self.listeners.notify();
        self.outbox.notify();
        self.deliver().await;
    }

    fn app_api(&self) -> Result<&crate::app_api::AppApiClient> {
        self.app_api.as_deref().ok_or(Error::NotConfigured("app_api"))
    }
}

/// The kinds of outbox entries watches use, for registration.
pub const KINDS: [&str; 2] = [WATCH_ADD, WATCH_REMOVE];
