//! The outbox sender of a card order: `POST /v1/library/registrations`
//! with the registration id as `Idempotency-Key` and in the body, so a
//! double submit, a lost answer or a restart yields one registration.

use std::sync::Arc;

use rusqlite::{OptionalExtension, Transaction};
use serde_json::Value;

use super::{api::LibraryApi, model::RegistrationState, service::apply_city, store};
use crate::{
    account::AccountService,
    app::Context,
    crypto::Sealer,
    error::{AuthError, Error, Result},
    listeners::Listeners,
    outbox::{Deliverer, Delivery, DeliveryFuture, OutboxEntry},
};

/// Outbox kind of an order.
pub const REGISTER: &str = "library.register";

/// Sends orders.
#[derive(Debug)]
pub struct RegisterDeliverer {
    pub(crate) ctx: Context,
    pub(crate) api: LibraryApi,
    pub(crate) account: Arc<AccountService>,
    pub(crate) sealer: Sealer,
    pub(crate) listeners: Listeners,
}

impl RegisterDeliverer {
    async fn attempt(&self, entry: &OutboxEntry) -> Delivery {
        let order = match self.ctx.db.read(|c| store::get(c, &self.sealer, &entry.id)) {
            Ok(Some(r)) => r.order,
            Ok(None) => {
                return Delivery::NeedsUser {
                    reason: "the order is no longer on the phone".to_owned(),
                };
            }
            Err(e) => return Delivery::from_error(&e),
        };
        let (api, id, order) = (&self.api, entry.id.as_str(), &order);
        let sent =
            self.account.with_access_token(|t| async move { api.register(id, order, &t).await });
        match sent.await {
            Ok(r) => match serde_json::to_value(&r) {
                Ok(result) => Delivery::Acked { server_time: None, result },
                Err(e) => Delivery::NeedsUser { reason: e.to_string() },
            },
            Err(Error::Auth(AuthError::NotLoggedIn | AuthError::LoginRequired)) => {
                Delivery::NeedsUser { reason: "log in to send this order".to_owned() }
            }
            Err(e @ Error::HttpStatus { status: 400 | 404 | 409 | 422, .. }) => {
                Delivery::NeedsUser { reason: e.to_string() }
            }
            Err(e) => Delivery::from_error(&e),
        }
    }
}

impl Deliverer for RegisterDeliverer {
    fn kind(&self) -> &'static str {
        REGISTER
    }

    fn deliver<'a>(&'a self, entry: &'a OutboxEntry) -> DeliveryFuture<'a> {
        Box::pin(self.attempt(entry))
    }

    fn on_acked(&self, tx: &Transaction<'_>, entry: &OutboxEntry, result: &Value) -> Result<()> {
        let wire: super::api::WireRegistration =
            serde_json::from_value(result.clone()).map_err(|e| Error::InvalidResponse {
                what: "library registration",
                reason: e.to_string(),
            })?;
        apply_city(tx, &self.sealer, &entry.id, wire.checked()?, self.ctx.now())
    }

    fn on_needs_user(&self, tx: &Transaction<'_>, entry: &OutboxEntry) -> Result<()> {
        let reason: Option<String> = tx
            .query_row("SELECT last_error FROM outbox WHERE id = ?1", [&entry.id], |r| r.get(0))
            .optional()?
            .flatten();
        if reason.as_deref().is_some_and(|r| r.starts_with("log in")) {
            return Ok(());
        }
        let Some(mut r) = store::get(tx, &self.sealer, &entry.id)? else { return Ok(()) };
        r.state = RegistrationState::Rejected;
        r.rejection_reason = reason;
        store::save(tx, &self.sealer, &r, self.ctx.now())
    }

    fn changed(&self) {
        self.listeners.notify();
    }
}
