//! What the UI calls: branches and card types (the city's fees), an order
//! prefilled from the profile and checked with the city's rules, sent
//! through the outbox (it can be filled in offline), its state as the city
//! sees it (following the payment of its fee), and the active card with
//! its barcode, kept sealed for offline use.

use std::sync::Arc;

use chrono_tz::Europe::Berlin;
use rusqlite::Transaction;

use super::{
    api::{CityRegistration, LibraryApi},
    barcode,
    delivery::{REGISTER, RegisterDeliverer},
    model::{
        Applicant, Barcode, Branch, CardOrder, CardType, LibraryCard, Registration,
        RegistrationState,
    },
    store, validation,
};
use crate::{
    account::AccountService,
    app::Context,
    app_api::AppApiClient,
    crypto::Sealer,
    error::{AuthError, Error, Result},
    listeners::{Listeners, Subscription},
    outbox::Outbox,
};

/// Stores the city's view of a registration (keeping the order).
pub(crate) fn apply_city(
    tx: &Transaction<'_>,
    sealer: &Sealer,
    id: &str,
    city: CityRegistration,
    now: i64,
) -> Result<()> {
    let Some(mut r) = store::get(tx, sealer, id)? else { return Ok(()) };
    r.state = city.state;
    r.fee_cents = city.fee_cents;
    r.payment_subject = city.payment_subject;
    r.flags = city.flags;
    r.rejection_reason = city.rejection_reason;
    if city.card.is_some() {
        r.card = city.card;
    }
    store::save(tx, sealer, &r, now)
}

/// Library cards.
#[derive(Debug)]
pub struct LibraryService {
    ctx: Context,
    outbox: Arc<Outbox>,
    account: Arc<AccountService>,
    api: Option<LibraryApi>,
    sealer: Sealer,
    listeners: Listeners,
}

impl LibraryService {
    pub(crate) fn new(
        ctx: Context,
        outbox: Arc<Outbox>,
        account: Arc<AccountService>,
        app_api: Option<Arc<AppApiClient>>,
    ) -> Self {
        let api = app_api.map(LibraryApi::new);
        let sealer = Sealer::new(ctx.platform.secrets.clone());
        let listeners = Listeners::default();
        if let Some(api) = &api {
            outbox.register(Arc::new(RegisterDeliverer {
                ctx: ctx.clone(),
                api: api.clone(),
                account: Arc::clone(&account),
                sealer: sealer.clone(),
                listeners: listeners.clone(),
            }));
        }
        Self { ctx, outbox, account, api, sealer, listeners }
    }

    fn api(&self) -> Result<&LibraryApi> {
        self.api.as_ref().ok_or(Error::NotConfigured("app_api"))
    }

    /// Fetches branches and card types (public) and keeps them for offline ordering.
    pub async fn refresh_catalog(&self) -> Result<(Vec<Branch>, Vec<CardType>)> {
        let api = self.api()?;
        let (branches, types) = (api.branches().await?, api.card_types().await?);
        let now = self.ctx.now();
        let (b, t) = (to_json(&branches)?, to_json(&types)?);
        self.ctx.db.write(|tx| {
            store::save_catalog(tx, "branches", &b, now)?;
            store::save_catalog(tx, "card_types", &t, now)
        })?;
        Ok((branches, types))
    }

    fn stored<T: serde::de::DeserializeOwned>(&self, kind: &str) -> Result<Vec<T>> {
        let json = self.ctx.db.read(|c| store::catalog(c, kind))?;
        Ok(json.and_then(|j| serde_json::from_str(&j).ok()).unwrap_or_default())
    }

    /// The branches on the phone.
    pub fn branches(&self) -> Result<Vec<Branch>> {
        self.stored("branches")
    }

    /// The card types on the phone, with the fees the city last said.
    pub fn card_types(&self) -> Result<Vec<CardType>> {
        self.stored("card_types")
    }

    /// An order prefilled from the citizen's profile (nothing to retype).
    pub fn draft(&self) -> Result<CardOrder> {
        let p = self.account.profile()?.ok_or(AuthError::NotLoggedIn)?;
        let text = |v: Option<String>| v.unwrap_or_default();
        Ok(CardOrder {
            card_type: "ADULT".to_owned(),
            branch_id: "lsb-0".to_owned(),
            applicant: Applicant {
                given_name: text(p.given_name),
                family_name: text(p.family_name),
                birthdate: text(p.birthdate),
                street: text(p.street_address),
                postcode: text(p.postal_code),
                city: text(p.locality),
                email: text(p.email),
                phone: p.phone,
            },
            leipzig_pass: p.leipzig_pass,
            guardian: None,
            second_adult: None,
        })
    }

    fn today(&self) -> chrono::NaiveDate {
        self.ctx.platform.clock.now().with_timezone(&Berlin).date_naive()
    }

    /// Orders a card: checked with the city's rules (typed errors, nothing
    /// saved), then saved with its outbox row in one transaction and sent
    /// at once when online. One open order at a time.
    pub async fn order(&self, order: CardOrder) -> Result<Registration> {
        if !self.account.is_logged_in()? {
            return Err(AuthError::NotLoggedIn.into());
        }
        let types = self.card_types()?;
        let branches: Vec<String> =
            self.branches()?.into_iter().filter(|b| b.pickup).map(|b| b.id).collect();
        validation::validate(&order, &types, &branches, self.today())?;
        let now = self.ctx.now();
        let id = self.ctx.db.write(|tx| {
            if store::open_registration(tx)?.is_some() {
                return Err(Error::Validation {
                    field: "registration",
                    reason: "DUPLICATE_REGISTRATION: a card is already ordered".to_owned(),
                });
            }
            let id =
                Outbox::enqueue(tx, REGISTER, "library:registration", &serde_json::json!({}), now)?;
            let r = Registration {
                id: id.clone(),
                state: RegistrationState::Saved,
                order,
                fee_cents: None,
                payment_subject: None,
                flags: vec![],
                rejection_reason: None,
                card: None,
                created_at: now,
            };
            store::save(tx, &self.sealer, &r, now)?;
            Ok(id)
        })?;
        self.ctx.log.info(&format!("library order {id} saved"));
        self.outbox.notify();
        self.listeners.notify();
        if let Err(e) = self.outbox.run_one(&id).await {
            self.ctx.log.info(&format!("library order waits: {e}"));
        }
        self.registration(&id)
    }

    /// One registration from the phone.
    pub fn registration(&self, id: &str) -> Result<Registration> {
        self.ctx
            .db
            .read(|c| store::get(c, &self.sealer, id))?
            .ok_or_else(|| Error::NotFound { kind: "library registration", id: id.to_owned() })
    }

    /// Every registration on the phone, newest first.
    pub fn registrations(&self) -> Result<Vec<Registration>> {
        self.ctx.db.read(|c| store::list(c, &self.sealer))
    }

    /// Asks the city about every registration it has (state, fee, card).
    pub async fn refresh(&self) -> Result<Vec<Registration>> {
        let api = self.api()?;
        self.outbox.run_due().await?;
        if !self.account.is_logged_in()? {
            return self.registrations();
        }
        let city =
            self.account.with_access_token(|t| async move { api.registrations(&t).await }).await?;
        let now = self.ctx.now();
        for wire in city {
            let checked = wire.checked()?;
            let id = checked.id.clone();
            self.ctx.db.write(|tx| apply_city(tx, &self.sealer, &id, checked, now))?;
        }
        self.listeners.notify();
        self.registrations()
    }

    /// The active card, from the phone (works offline).
    pub fn card(&self) -> Result<Option<(Registration, LibraryCard)>> {
        Ok(self.registrations()?.into_iter().find_map(|r| {
            r.card.clone().filter(|_| r.state == RegistrationState::Active).map(|c| (r, c))
        }))
    }

    /// The active card's barcode (SVG, text, payload).
    pub fn barcode(&self) -> Result<Barcode> {
        let (_, card) = self
            .card()?
            .ok_or(Error::NotFound { kind: "library card", id: "active".to_owned() })?;
        barcode::draw(&card)
    }

    /// Calls `listener` with every registration now and after every change.
    pub fn subscribe(
        &self,
        listener: impl Fn(Vec<Registration>) + Send + Sync + 'static,
    ) -> Subscription {
        let (ctx, sealer) = (self.ctx.clone(), self.sealer.clone());
        self.listeners.add(move || match ctx.db.read(|c| store::list(c, &sealer)) {
            Ok(list) => listener(list),
            Err(e) => ctx.log.error(&format!("library listener could not read: {e}")),
        })
    }

    /// The listeners (payments change a registration's state).
    pub(crate) fn listeners(&self) -> Listeners {
        self.listeners.clone()
    }
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|e| Error::Io(std::io::Error::other(e.to_string())))
}
