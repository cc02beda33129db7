//! Outbox senders of the appointment actions: cancel (ZMS) and slot-watch
//! add/remove (app API).
//!
//! ZMS knows no `Idempotency-Key` (we send it anyway), so a cancel whose
//! earlier attempt may have reached the server is reconciled first: if the
//! appointment is already gone, the cancel counts as delivered and is not
//! sent again — exactly one cancel reaches the city.

use std::sync::Arc;

use reqwest::Method;
use rusqlite::Transaction;
use serde_json::{Value, json};

use super::{
    api::{ZmsClient, ZmsErrorCode},
    model::{AppointmentStatus, Slot, SyncState, WatchState},
    store,
};
use crate::{
    app::Context,
    app_api::AppApiClient,
    error::{Error, Result},
    listeners::Listeners,
    outbox::{Deliverer, Delivery, DeliveryFuture, OutboxEntry},
};

/// Outbox kind of a cancellation.
pub const CANCEL: &str = "appointment.cancel";
/// Outbox kind of a new slot watch.
pub const WATCH_ADD: &str = "slot_watch.add";
/// Outbox kind of a watch removal.
pub const WATCH_REMOVE: &str = "slot_watch.remove";

/// Secret-store key of a process's `authKey`.
pub fn auth_key_name(process: u32) -> String {
    format!("zms.auth_key.{process}")
}

/// Outbox target of an appointment.
pub fn appointment_target(process: u32) -> String {
    format!("appointment:{process}")
}

/// Outbox target of a watch.
pub fn watch_target(id: &str) -> String {
    format!("slot_watch:{id}")
}

fn target_id<'a>(entry: &'a OutboxEntry, prefix: &str) -> Option<&'a str> {
    entry.target.strip_prefix(prefix)?.strip_prefix(':')
}

/// Sends cancellations.
#[derive(Debug)]
pub struct CancelDeliverer {
    pub(crate) ctx: Context,
    pub(crate) zms: Arc<ZmsClient>,
    pub(crate) listeners: Listeners,
}

impl CancelDeliverer {
    async fn attempt(&self, entry: &OutboxEntry) -> Delivery {
        let Some(process) = target_id(entry, "appointment").and_then(|p| p.parse::<u32>().ok())
        else {
            return Delivery::NeedsUser { reason: "malformed target".to_owned() };
        };
        let key = match self.ctx.platform.secrets.get(&auth_key_name(process)) {
            Ok(Some(key)) => String::from_utf8_lossy(&key).into_owned(),
            Ok(None) => {
                return Delivery::NeedsUser {
                    reason: "the appointment's key is missing".to_owned(),
                };
            }
            Err(e) => return Delivery::from_error(&e),
        };
        if entry.attempts > 1 {
            // An earlier attempt may have arrived: ask before cancelling again.
            match self.zms.get(process, &key).await {
                Ok(p) if p.status.as_deref() == Some("deleted") => return gone(),
                Err(Error::Zms(e)) if e.has(&ZmsErrorCode::AppointmentNotFound) => return gone(),
                Err(e) if e.is_transient() || e.is_connectivity() => {
                    return Delivery::from_error(&e);
                }
                _ => {}
            }
        }
        match self.zms.cancel(process, &key, &entry.id).await {
            Ok((_, server_time)) => Delivery::Acked {
                server_time: server_time.map(|t| t.to_rfc3339()),
                result: Value::Null,
            },
            Err(Error::Zms(e)) if e.has(&ZmsErrorCode::AppointmentNotFound) => gone(),
            Err(e) => Delivery::from_error(&e),
        }
    }
}

/// Already cancelled (by an earlier attempt, or elsewhere).
fn gone() -> Delivery {
    Delivery::Acked { server_time: None, result: Value::Null }
}

impl Deliverer for CancelDeliverer {
    fn kind(&self) -> &'static str {
        CANCEL
    }

    fn deliver<'a>(&'a self, entry: &'a OutboxEntry) -> DeliveryFuture<'a> {
        Box::pin(self.attempt(entry))
    }

    fn on_acked(&self, tx: &Transaction<'_>, entry: &OutboxEntry, _result: &Value) -> Result<()> {
        if let Some(process) = target_id(entry, "appointment").and_then(|p| p.parse().ok()) {
            store::set_status(
                tx,
                process,
                AppointmentStatus::Deleted,
                Some(SyncState::Synced),
                self.ctx.now(),
            )?;
        }
        Ok(())
    }

    fn on_needs_user(&self, tx: &Transaction<'_>, entry: &OutboxEntry) -> Result<()> {
        if let Some(process) = target_id(entry, "appointment").and_then(|p| p.parse().ok()) {
            store::set_sync_state(tx, process, SyncState::CancelFailed, self.ctx.now())?;
        }
        Ok(())
    }

    fn changed(&self) {
        self.listeners.notify();
    }
}

/// Registers and removes slot watches at the city's app API.
#[derive(Debug)]
pub struct WatchDeliverer {
    pub(crate) ctx: Context,
    pub(crate) api: Arc<AppApiClient>,
    pub(crate) kind: &'static str,
    pub(crate) listeners: Listeners,
}

impl WatchDeliverer {
    async fn attempt(&self, entry: &OutboxEntry) -> Result<Delivery> {
        let Some(id) = target_id(entry, "slot_watch") else {
            return Ok(Delivery::NeedsUser { reason: "malformed target".to_owned() });
        };
        if self.kind == WATCH_ADD {
            let answer = self
                .api
                .request::<Value>(
                    Method::POST,
                    "slot-watches",
                    Some(&entry.payload),
                    Some(&entry.id),
                    "slot watch",
                )
                .await?;
            return Ok(Delivery::Acked {
                server_time: answer.server_time.map(|t| t.to_rfc3339()),
                result: answer.value,
            });
        }
        let server_id = self.ctx.db.read(|conn| store::watch_server_id(conn, id))?;
        let Some(server_id) = server_id else {
            // Never registered (its creation was refused): nothing to remove.
            return Ok(gone());
        };
        let path = format!("slot-watches/{server_id}");
        match self.api.request::<Value>(Method::DELETE, &path, None, None, "slot watch").await {
            Ok(answer) => Ok(Delivery::Acked {
                server_time: answer.server_time.map(|t| t.to_rfc3339()),
                result: Value::Null,
            }),
            Err(Error::HttpStatus { status: 404 | 410, .. }) => Ok(gone()),
            Err(e) => Err(e),
        }
    }
}

impl Deliverer for WatchDeliverer {
    fn kind(&self) -> &'static str {
        self.kind
    }

    fn deliver<'a>(&'a self, entry: &'a OutboxEntry) -> DeliveryFuture<'a> {
        Box::pin(
            async move { self.attempt(entry).await.unwrap_or_else(|e| Delivery::from_error(&e)) },
        )
    }

    fn on_acked(&self, tx: &Transaction<'_>, entry: &OutboxEntry, result: &Value) -> Result<()> {
        let Some(id) = target_id(entry, "slot_watch") else { return Ok(()) };
        let now = self.ctx.now();
        if self.kind == WATCH_ADD {
            let server_id = result.get("id").and_then(Value::as_str);
            store::set_watch_state(tx, id, WatchState::Active, server_id, now)?;
            if let (Some(server_id), Some(matches)) = (server_id, result.get("matches")) {
                store::set_watch_matches(tx, server_id, &matches_from_json(matches), now)?;
            }
        } else {
            store::delete_watch(tx, id)?;
        }
        Ok(())
    }

    fn on_needs_user(&self, tx: &Transaction<'_>, entry: &OutboxEntry) -> Result<()> {
        if let Some(id) = target_id(entry, "slot_watch") {
            store::set_watch_state(tx, id, WatchState::Failed, None, self.ctx.now())?;
        }
        Ok(())
    }

    fn changed(&self) {
        self.listeners.notify();
    }
}

/// The body that registers a watch.
pub fn watch_body(
    service: u32,
    offices: &[u32],
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
) -> Value {
    json!({
        "serviceId": service,
        "officeIds": offices,
        "from": from.format("%Y-%m-%d").to_string(),
        "to": to.format("%Y-%m-%d").to_string(),
    })
}

/// Matches as the app API lists them: `[{officeId, officeName, serviceId, timestamp}]`.
pub fn matches_from_json(value: &Value) -> Vec<Slot> {
    value
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|m| {
                    Some(Slot {
                        office_id: u32::try_from(m.get("officeId")?.as_u64()?).ok()?,
                        office_name: m
                            .get("officeName")
                            .and_then(Value::as_str)
                            .unwrap_or_default()
                            .to_owned(),
                        service_id: u32::try_from(m.get("serviceId")?.as_u64()?).ok()?,
                        timestamp: m.get("timestamp")?.as_i64()?,
                    })
                })
                .collect()
        })
        .unwrap_or_default()
}
