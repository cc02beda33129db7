//! The outbox sender of "start a payment": `POST /v1/payments` with the
//! outbox row's UUID as `Idempotency-Key`, so a double tap, a retry after a
//! lost answer or a retry after the app died all reach the same payment at
//! the city — the payment service sees one transaction.

use std::sync::Arc;

use rusqlite::Transaction;
use serde_json::{Value, json};

use super::{
    api::{Created, PaymentsApi},
    model::{Subject, SubjectKind, refusal_text},
    store,
    wire::WirePayment,
};
use crate::{
    account::AccountService,
    app::Context,
    crypto::Sealer,
    error::{AuthError, Error, Result},
    listeners::Listeners,
    outbox::{Deliverer, Delivery, DeliveryFuture, OutboxEntry},
};

/// Outbox kind of a payment's creation.
pub const CREATE: &str = "payment.create";

/// Outbox target of the payments of one subject: creates for the same fee
/// go out in order.
pub fn subject_target(subject: &Subject) -> String {
    format!("payment:{}:{}", subject.kind.wire(), subject.id)
}

/// The outbox payload of a create: the subject, never an amount.
pub fn payload(subject: &Subject) -> Value {
    json!({"subject": {"type": subject.kind.wire(), "id": subject.id}})
}

fn subject_of(entry: &OutboxEntry) -> Option<Subject> {
    let s = entry.payload.get("subject")?;
    let kind = SubjectKind::from_wire(s.get("type")?.as_str()?)?;
    Subject::new(kind, s.get("id")?.as_str()?).ok()
}

/// Sends payment creations.
#[derive(Debug)]
pub struct CreateDeliverer {
    pub(crate) ctx: Context,
    pub(crate) api: PaymentsApi,
    pub(crate) account: Arc<AccountService>,
    pub(crate) sealer: Sealer,
    pub(crate) listeners: Listeners,
}

impl CreateDeliverer {
    async fn attempt(&self, entry: &OutboxEntry) -> Delivery {
        let Some(subject) = subject_of(entry) else {
            return Delivery::NeedsUser { reason: "malformed payment action".to_owned() };
        };
        let (api, subject, key) = (&self.api, &subject, entry.id.as_str());
        let created =
            self.account.with_access_token(|t| async move { api.create(subject, key, &t).await });
        let acked = |result: Value| Delivery::Acked { server_time: None, result };
        match created.await {
            Ok(Created::Payment(payment)) => acked(json!({ "payment": payment })),
            Ok(Created::AlreadyPaid(payment_id)) => {
                let pid = payment_id.as_str();
                let paid =
                    self.account.with_access_token(|t| async move { api.payment(pid, &t).await });
                match paid.await {
                    Ok(paid) => acked(json!({ "alreadyPaid": paid })),
                    Err(e) => Delivery::from_error(&e),
                }
            }
            Ok(Created::Refused { code, title }) => {
                acked(json!({ "refused": { "code": code, "title": title } }))
            }
            Err(Error::Auth(AuthError::NotLoggedIn | AuthError::LoginRequired)) => {
                Delivery::NeedsUser { reason: "log in to send this payment".to_owned() }
            }
            Err(Error::HttpStatus { status: 401 | 403, .. }) => {
                Delivery::NeedsUser { reason: "the city did not accept the login".to_owned() }
            }
            Err(e) => Delivery::from_error(&e),
        }
    }
}

fn wire(value: &Value) -> Result<WirePayment> {
    serde_json::from_value(value.clone())
        .map_err(|e| Error::InvalidResponse { what: "payment", reason: e.to_string() })
}

impl Deliverer for CreateDeliverer {
    fn kind(&self) -> &'static str {
        CREATE
    }

    fn deliver<'a>(&'a self, entry: &'a OutboxEntry) -> DeliveryFuture<'a> {
        Box::pin(self.attempt(entry))
    }

    fn on_acked(&self, tx: &Transaction<'_>, entry: &OutboxEntry, result: &Value) -> Result<()> {
        let now = self.ctx.now();
        if let Some(payment) = result.get("payment") {
            let details = wire(payment)?.into_details()?;
            let applied = store::apply(tx, &self.sealer, Some(&entry.id), &details, now)?;
            if applied.id != entry.id {
                self.ctx.log.info("payment create answered with the open payment of its subject");
            }
        } else if let Some(paid) = result.get("alreadyPaid") {
            let details = wire(paid)?.into_details()?;
            store::apply(tx, &self.sealer, None, &details, now)?;
            store::remove(tx, &entry.id)?;
            self.ctx.log.info("payment not started: the subject is already paid");
        } else if let Some(refused) = result.get("refused") {
            let code = refused.get("code").and_then(Value::as_str).unwrap_or("UNSPECIFIED");
            store::refuse(tx, &self.sealer, &entry.id, code, refusal_text(code), now)?;
            self.ctx.log.warn(&format!("payment refused by the city: {code}"));
        }
        Ok(())
    }

    fn on_needs_user(&self, _tx: &Transaction<'_>, _entry: &OutboxEntry) -> Result<()> {
        // The payment stays CREATED ("not sent"); the outbox shows why.
        Ok(())
    }

    fn changed(&self) {
        self.listeners.notify();
    }
}
