//! What the UI calls: what I owe, start a payment, follow it to its end,
//! receipts. The flow (reference/payments.md §5): the payment is saved on
//! the phone BEFORE its page opens; the page runs in the system browser;
//! the return link is only a hint — the state is always asked from the
//! city, at the return, on every start and foreground, and with backoff
//! while open. "Browser closed" never means "cancelled".

use std::sync::Arc;

use super::{
    api::{PaymentsApi, payment_id_from_return_link},
    delivery::{self, CreateDeliverer},
    model::{Fee, Payment, PaymentState, Receipt, StartedPayment, Subject},
    offline, store,
    wire::SealedDetails,
};
use crate::{
    account::AccountService,
    app::Context,
    app_api::AppApiClient,
    crypto::Sealer,
    error::{AuthError, Error, PaymentError, Result},
    listeners::{Listeners, Subscription},
    outbox::Outbox,
};

/// Fees and payments.
#[derive(Debug)]
pub struct PaymentsService {
    pub(super) ctx: Context,
    pub(super) outbox: Arc<Outbox>,
    pub(super) account: Arc<AccountService>,
    pub(super) api: Option<PaymentsApi>,
    pub(super) sealer: Sealer,
    pub(super) listeners: Listeners,
}

impl PaymentsService {
    pub(crate) fn new(
        ctx: Context,
        outbox: Arc<Outbox>,
        account: Arc<AccountService>,
        app_api: Option<Arc<AppApiClient>>,
    ) -> Self {
        let api = app_api.map(PaymentsApi::new);
        let sealer = Sealer::new(ctx.platform.secrets.clone());
        let listeners = Listeners::default();
        if let Some(api) = &api {
            outbox.register(Arc::new(CreateDeliverer {
                ctx: ctx.clone(),
                api: api.clone(),
                account: Arc::clone(&account),
                sealer: sealer.clone(),
                listeners: listeners.clone(),
            }));
        }
        Self { ctx, outbox, account, api, sealer, listeners }
    }

    pub(super) fn api(&self) -> Result<&PaymentsApi> {
        self.api.as_ref().ok_or(Error::NotConfigured("app_api"))
    }

    /// The fees stored on the phone (also offline), in the city's order.
    pub fn fees(&self) -> Result<Vec<Fee>> {
        Ok(self.ctx.db.read(|conn| offline::load_fees(conn, &self.sealer))?.0)
    }

    /// Fetches what the citizen owes and stores it.
    pub async fn refresh_fees(&self) -> Result<Vec<Fee>> {
        let api = self.api()?;
        let fees = self.account.with_access_token(|t| async move { api.fees(&t).await }).await?;
        let now = self.ctx.now();
        self.ctx.db.write(|tx| offline::replace_fees(tx, &self.sealer, &fees, now))?;
        self.listeners.notify();
        Ok(fees)
    }

    /// Every payment on the phone, newest first (also offline).
    pub fn payments(&self) -> Result<Vec<Payment>> {
        self.ctx.db.read(|conn| store::list(conn, &self.sealer))
    }

    /// One payment, by the app's or the city's id.
    pub fn payment(&self, id: &str) -> Result<Payment> {
        self.ctx
            .db
            .read(|conn| store::get(conn, &self.sealer, id))?
            .ok_or_else(|| Error::NotFound { kind: "payment", id: id.to_owned() })
    }

    /// Starts paying `subject`: saves the payment and its create action in
    /// one transaction, then sends it at once (same `Idempotency-Key` on
    /// every retry, so a double tap or a lost answer never makes a second
    /// payment). A second tap while one is open continues that one; a
    /// subject paid before gives that payment and its receipt.
    /// [`PaymentError::Refused`] when the payment service refused it.
    pub async fn start(&self, subject: Subject) -> Result<StartedPayment> {
        self.api()?;
        if !self.account.is_logged_in()? {
            return Err(AuthError::NotLoggedIn.into());
        }
        if let Some(paid) = self.ctx.db.read(|conn| store::paid_for(conn, &subject))? {
            return self.already_paid(&paid).await;
        }
        // A second tap on an open payment: ask the city first, so that a
        // page that timed out meanwhile is not opened again.
        if let Some(open) = self.ctx.db.read(|conn| store::open_for(conn, &subject))? {
            if self.payment(&open)?.payment_id.is_some()
                && let Err(e) = self.refresh(&open).await
            {
                self.ctx.log.info(&format!("open payment not re-checked: {e}"));
            }
            if let Some(paid) = self.ctx.db.read(|conn| store::paid_for(conn, &subject))? {
                return self.already_paid(&paid).await;
            }
        }
        let known = self.known_details(&subject)?;
        let now = self.ctx.now();
        let id = self.ctx.db.write(|tx| {
            if let Some(open) = store::open_for(tx, &subject)? {
                return Ok(open);
            }
            let key = Outbox::enqueue(
                tx,
                delivery::CREATE,
                &delivery::subject_target(&subject),
                &delivery::payload(&subject),
                now,
            )?;
            store::insert_created(tx, &self.sealer, &key, &subject, known, now)?;
            Ok(key)
        })?;
        self.ctx.log.info(&format!("payment {id} saved"));
        self.listeners.notify();
        self.outbox.notify();
        let mut payment = self.payment(&id)?;
        let mut not_sent_reason = None;
        if payment.state == PaymentState::Created {
            self.outbox.run_one(&id).await?;
            let entry = self.outbox.get(&id)?;
            not_sent_reason = entry.last_error.filter(|_| entry.acked_at.is_none());
        }
        match self.ctx.db.read(|conn| store::get(conn, &self.sealer, &id))? {
            Some(p) => payment = p,
            // Merged into another row: the subject's open or paid payment.
            None => {
                if let Some(paid) = self.ctx.db.read(|conn| store::paid_for(conn, &subject))? {
                    return self.already_paid(&paid).await;
                }
                let open = self.ctx.db.read(|conn| store::open_for(conn, &subject))?;
                payment = self.payment(open.as_deref().unwrap_or(&id))?;
            }
        }
        if payment.state == PaymentState::Error {
            let code = payment.error_code.clone().unwrap_or_else(|| "UNSPECIFIED".to_owned());
            let message = payment.error_message.clone().unwrap_or_default();
            return Err(PaymentError::Refused { code, message }.into());
        }
        let paypage_url = payment.paypage_url.clone();
        Ok(StartedPayment { payment, paypage_url, already_paid: false, not_sent_reason })
    }

    /// Title and amount from the stored fee list, so that a payment saved
    /// offline shows what it is for.
    fn known_details(&self, subject: &Subject) -> Result<SealedDetails> {
        let fee = self.ctx.db.read(|conn| offline::fee(conn, &self.sealer, subject))?;
        Ok(SealedDetails {
            amount_cents: fee.as_ref().map(|f| f.amount_cents),
            currency: fee.as_ref().map_or_else(|| "EUR".to_owned(), |f| f.currency.clone()),
            title: fee.map(|f| f.title),
            ..SealedDetails::default()
        })
    }

    async fn already_paid(&self, id: &str) -> Result<StartedPayment> {
        if let Err(e) = self.fetch_missing_receipts().await {
            self.ctx.log.warn(&format!("receipt not fetched: {e}"));
        }
        let payment = self.payment(id)?;
        Ok(StartedPayment { payment, paypage_url: None, already_paid: true, not_sent_reason: None })
    }

    /// The app was opened by its return link: asks the city (the link says
    /// nothing about the outcome) and returns what it said.
    pub async fn handle_return(&self, link: &str) -> Result<Payment> {
        let payment_id = payment_id_from_return_link(link)?;
        self.refresh(&payment_id).await
    }

    /// Asks the city about one payment now (a payment still only on the
    /// phone is sent first) and stores the answer; fetches the receipt once paid.
    pub async fn refresh(&self, id: &str) -> Result<Payment> {
        let local = self.ctx.db.read(|conn| store::get(conn, &self.sealer, id))?;
        let payment_id = match &local {
            Some(p) if p.payment_id.is_none() => {
                self.outbox.run_one(&p.id).await?;
                return self.payment(&p.id);
            }
            Some(p) => p.payment_id.clone().unwrap_or_default(),
            // A payment this phone does not know (started elsewhere, or
            // before a reinstall): the city's word adds it.
            None => id.to_owned(),
        };
        let api = self.api()?;
        let pid = payment_id.as_str();
        let wire =
            self.account.with_access_token(|t| async move { api.payment(pid, &t).await }).await?;
        if wire.payment_id != payment_id {
            return Err(Error::InvalidResponse {
                what: "payment",
                reason: "the city answered with another payment".to_owned(),
            });
        }
        let details = wire.into_details()?;
        let applied = self.apply_city(&details)?;
        if details.state == PaymentState::Payed {
            self.fetch_missing_receipts().await?;
        }
        if applied.changed {
            self.listeners.notify();
        }
        self.payment(&applied.id)
    }

    /// Payments still open (CREATED or INITIAL).
    pub fn open_count(&self) -> Result<u32> {
        self.ctx.db.read(store::open_count)
    }

    pub(super) async fn fetch_missing_receipts(&self) -> Result<u32> {
        let missing = self.ctx.db.read(offline::missing_receipts)?;
        if missing.is_empty() {
            return Ok(0);
        }
        let api = self.api()?;
        let mut fetched = 0;
        for (id, payment_id) in missing {
            let pid = payment_id.as_str();
            let (receipt, pdf) = self
                .account
                .with_access_token(|t| async move { api.receipt(pid, &t).await })
                .await?;
            let now = self.ctx.now();
            self.ctx
                .db
                .write(|tx| offline::save_receipt(tx, &self.sealer, &id, &receipt, &pdf, now))?;
            fetched += 1;
        }
        self.listeners.notify();
        Ok(fetched)
    }

    /// The receipt of a paid payment, from the phone (also offline).
    /// [`PaymentError::NotPaid`] when the payment is not paid.
    pub fn receipt(&self, id: &str) -> Result<Receipt> {
        Ok(self.receipt_with_pdf(id)?.0)
    }

    /// The receipt as PDF, from the phone.
    pub fn receipt_pdf(&self, id: &str) -> Result<Vec<u8>> {
        self.receipt_with_pdf(id)?
            .1
            .ok_or(Error::NotFound { kind: "receipt PDF", id: id.to_owned() })
    }

    fn receipt_with_pdf(&self, id: &str) -> Result<(Receipt, Option<Vec<u8>>)> {
        let payment = self.payment(id)?;
        if payment.state != PaymentState::Payed {
            return Err(PaymentError::NotPaid.into());
        }
        self.ctx
            .db
            .read(|conn| offline::load_receipt(conn, &self.sealer, &payment.id))?
            .ok_or_else(|| Error::NotFound { kind: "receipt", id: id.to_owned() })
    }

    /// Writes the receipt where the citizen asks: the PDF to `path`, and
    /// the same facts as JSON beside it (`.json`). Returns the files written.
    pub fn export_receipt(
        &self,
        id: &str,
        path: &std::path::Path,
    ) -> Result<Vec<std::path::PathBuf>> {
        let (receipt, pdf) = self.receipt_with_pdf(id)?;
        let pdf = pdf.ok_or(Error::NotFound { kind: "receipt PDF", id: id.to_owned() })?;
        let json_path = path.with_extension("json");
        let json = serde_json::to_vec_pretty(&receipt)
            .map_err(|e| Error::Io(std::io::Error::other(e.to_string())))?;
        crate::platform::write_private_file(path, &pdf)?;
        crate::platform::write_private_file(&json_path, &json)?;
        Ok(vec![path.to_path_buf(), json_path])
    }

    /// Calls `listener` with every payment now and after every change.
    pub fn subscribe(
        &self,
        listener: impl Fn(Vec<Payment>) + Send + Sync + 'static,
    ) -> Subscription {
        let ctx = self.ctx.clone();
        let sealer = self.sealer.clone();
        self.listeners.add(move || match ctx.db.read(|conn| store::list(conn, &sealer)) {
            Ok(items) => listener(items),
            Err(e) => ctx.log.error(&format!("payments listener could not read: {e}")),
        })
    }

    /// Runs `also` after every change to payments (a paid payment changes a
    /// notice's deadline and a library order), without reading the payments.
    pub(crate) fn on_change(&self, also: impl Fn() + Send + Sync + 'static) -> Subscription {
        self.listeners.add(also)
    }

    /// Tells listeners to re-read (after a wipe).
    pub(crate) fn notify_changed(&self) {
        self.listeners.notify();
    }
}
