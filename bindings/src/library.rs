//! Library cards across the FFI: branches and card types (the city's fees),
//! an order prefilled from the profile, its state, paying its fee, and the
//! active card with its barcode (SVG drawn by the core; works offline).

use std::sync::Arc;

use leipzig_core::library as core;

use crate::{error::ApiError, payments::StartedPayment, subscription::Subscription};

/// A library branch.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct LibraryBranch {
    /// Id (as in the facility layer).
    pub id: String,
    /// Name.
    pub name: String,
    /// Street.
    pub street: Option<String>,
    /// Postcode.
    pub postcode: Option<String>,
    /// District.
    pub district: Option<String>,
    /// Opening hours (OSM syntax).
    pub opening_hours: Option<String>,
    /// A card can be picked up there.
    pub pickup: bool,
}

/// A kind of card with the fee the city says is valid today.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct CardType {
    /// `ADULT`, `DUO`, `YOUTH`, `REDUCED`, `REDUCED_DUO`.
    pub id: String,
    /// Name.
    pub name: String,
    /// Description.
    pub description: Option<String>,
    /// Fee in cents (the city's).
    pub fee_cents: i64,
    /// Needs a Leipzig-Pass.
    pub requires_leipzig_pass: bool,
    /// Persons on the card.
    pub persons: u32,
    /// Only up to this age (YOUTH: 18).
    pub max_age: Option<u32>,
}

/// A person on an order (guardian, Duo partner).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct OrderPerson {
    /// Given name.
    pub given_name: String,
    /// Family name.
    pub family_name: String,
    /// Date of birth (Duo partner).
    pub birthdate: Option<String>,
    /// E-mail (guardian).
    pub email: Option<String>,
}

/// An order for a card.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct CardOrder {
    /// Card type id.
    pub card_type: String,
    /// Pickup branch id.
    pub branch_id: String,
    /// Given name.
    pub given_name: String,
    /// Family name.
    pub family_name: String,
    /// Date of birth, YYYY-MM-DD.
    pub birthdate: String,
    /// Street and number.
    pub street: String,
    /// Postcode.
    pub postcode: String,
    /// Town.
    pub city: String,
    /// E-mail.
    pub email: String,
    /// Phone.
    pub phone: Option<String>,
    /// Leipzig-Pass number (reduced cards).
    pub leipzig_pass: Option<String>,
    /// Guardian of a minor.
    pub guardian: Option<OrderPerson>,
    /// Second adult of a Duo card.
    pub second_adult: Option<OrderPerson>,
}

/// Where a registration stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum RegistrationState {
    /// Saved on the phone.
    Saved,
    /// At the city.
    Submitted,
    /// The fee is to be paid.
    PaymentPending,
    /// Bring an ID to the first visit.
    ReadyForIdCheck,
    /// The card works.
    Active,
    /// Refused.
    Rejected,
}

/// The active card.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct LibraryCard {
    /// Card number.
    pub card_number: String,
    /// Valid until.
    pub valid_until: Option<String>,
    /// Holder.
    pub holder_name: Option<String>,
    /// Home branch.
    pub branch_name: Option<String>,
}

/// A registration.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct LibraryRegistration {
    /// Id.
    pub id: String,
    /// State.
    pub state: RegistrationState,
    /// Card type.
    pub card_type: String,
    /// Pickup branch.
    pub branch_id: String,
    /// Fee in cents (the city's), once known.
    pub fee_cents: Option<i64>,
    /// A fee is open: pay with `Library.pay`.
    pub payment_due: bool,
    /// Flags, e.g. `OUTSIDE_SERVICE_AREA`.
    pub flags: Vec<String>,
    /// Why refused.
    pub rejection_reason: Option<String>,
    /// The card, once active.
    pub card: Option<LibraryCard>,
}

/// The card's barcode.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct CardBarcode {
    /// Symbology (`CODE39`).
    pub symbology: String,
    /// What it encodes.
    pub payload: String,
    /// SVG document.
    pub svg: String,
}

/// Told about every change to the registrations.
#[uniffi::export(foreign)]
pub trait LibraryListener: Send + Sync {
    /// Every registration, newest first.
    fn on_registrations(&self, registrations: Vec<LibraryRegistration>);
}

/// The library service.
#[derive(Debug, uniffi::Object)]
pub struct Library {
    app: leipzig_core::App,
}

impl Library {
    pub(crate) fn new(app: leipzig_core::App) -> Self {
        Self { app }
    }
}

#[uniffi::export(async_runtime = "tokio")]
impl Library {
    /// Fetches branches and card types; returns the card types.
    pub async fn refresh_catalog(&self) -> Result<Vec<CardType>, ApiError> {
        Ok(self.app.library().refresh_catalog().await?.1.into_iter().map(CardType::from).collect())
    }

    /// Branches on the phone.
    pub fn branches(&self) -> Result<Vec<LibraryBranch>, ApiError> {
        Ok(self.app.library().branches()?.into_iter().map(LibraryBranch::from).collect())
    }

    /// Card types on the phone.
    pub fn card_types(&self) -> Result<Vec<CardType>, ApiError> {
        Ok(self.app.library().card_types()?.into_iter().map(CardType::from).collect())
    }

    /// An order prefilled from the profile.
    pub fn draft(&self) -> Result<CardOrder, ApiError> {
        Ok(self.app.library().draft()?.into())
    }

    /// Orders a card; `Validation` (field and the city's code) before anything is saved.
    pub async fn order(&self, order: CardOrder) -> Result<LibraryRegistration, ApiError> {
        Ok(self.app.library().order(order.into()).await?.into())
    }

    /// Registrations on the phone.
    pub fn registrations(&self) -> Result<Vec<LibraryRegistration>, ApiError> {
        Ok(self.app.library().registrations()?.into_iter().map(LibraryRegistration::from).collect())
    }

    /// Asks the city about the registrations.
    pub async fn refresh(&self) -> Result<Vec<LibraryRegistration>, ApiError> {
        Ok(self.app.library().refresh().await?.into_iter().map(LibraryRegistration::from).collect())
    }

    /// Pays a registration's fee (hands over to the payments service).
    pub async fn pay(&self, id: String) -> Result<StartedPayment, ApiError> {
        Ok(self.app.pay_library(&id).await?.into())
    }

    /// The active card's barcode, from the phone (works offline).
    pub fn barcode(&self) -> Result<CardBarcode, ApiError> {
        let b = self.app.library().barcode()?;
        Ok(CardBarcode { symbology: b.symbology, payload: b.payload, svg: b.svg })
    }

    /// Calls `listener` with every registration now and after every change.
    pub fn subscribe(&self, listener: Arc<dyn LibraryListener>) -> Arc<Subscription> {
        Arc::new(Subscription::new(self.app.library().subscribe(move |list| {
            listener.on_registrations(list.into_iter().map(LibraryRegistration::from).collect())
        })))
    }
}

impl From<core::Branch> for LibraryBranch {
    fn from(b: core::Branch) -> Self {
        Self {
            id: b.id,
            name: b.name,
            street: b.street,
            postcode: b.postcode,
            district: b.district,
            opening_hours: b.opening_hours,
            pickup: b.pickup,
        }
    }
}

impl From<core::CardType> for CardType {
    fn from(t: core::CardType) -> Self {
        Self {
            id: t.id,
            name: t.name,
            description: t.description,
            fee_cents: t.current_fee_cents,
            requires_leipzig_pass: t.requires_leipzig_pass,
            persons: t.persons,
            max_age: t.max_age,
        }
    }
}

fn person_in(p: OrderPerson) -> core::Person {
    core::Person {
        given_name: p.given_name,
        family_name: p.family_name,
        birthdate: p.birthdate,
        email: p.email,
    }
}

fn person_out(p: core::Person) -> OrderPerson {
    OrderPerson {
        given_name: p.given_name,
        family_name: p.family_name,
        birthdate: p.birthdate,
        email: p.email,
    }
}

impl From<CardOrder> for core::CardOrder {
    fn from(o: CardOrder) -> Self {
        Self {
            card_type: o.card_type,
            branch_id: o.branch_id,
            applicant: core::Applicant {
                given_name: o.given_name,
                family_name: o.family_name,
                birthdate: o.birthdate,
                street: o.street,
                postcode: o.postcode,
                city: o.city,
                email: o.email,
                phone: o.phone,
            },
            leipzig_pass: o.leipzig_pass,
            guardian: o.guardian.map(person_in),
            second_adult: o.second_adult.map(person_in),
        }
    }
}

impl From<core::CardOrder> for CardOrder {
    fn from(o: core::CardOrder) -> Self {
        let a = o.applicant;
        Self {
            card_type: o.card_type,
            branch_id: o.branch_id,
            given_name: a.given_name,
            family_name: a.family_name,
            birthdate: a.birthdate,
            street: a.street,
            postcode: a.postcode,
            city: a.city,
            email: a.email,
            phone: a.phone,
            leipzig_pass: o.leipzig_pass,
            guardian: o.guardian.map(person_out),
            second_adult: o.second_adult.map(person_out),
        }
    }
}

impl From<core::Registration> for LibraryRegistration {
    fn from(r: core::Registration) -> Self {
        Self {
            state: match r.state {
                core::RegistrationState::Saved => RegistrationState::Saved,
                core::RegistrationState::Submitted => RegistrationState::Submitted,
                core::RegistrationState::PaymentPending => RegistrationState::PaymentPending,
                core::RegistrationState::ReadyForIdCheck => RegistrationState::ReadyForIdCheck,
                core::RegistrationState::Active => RegistrationState::Active,
                core::RegistrationState::Rejected => RegistrationState::Rejected,
            },
            payment_due: r.payment_subject.is_some()
                && r.state == core::RegistrationState::PaymentPending,
            card_type: r.order.card_type,
            branch_id: r.order.branch_id,
            fee_cents: r.fee_cents,
            flags: r.flags,
            rejection_reason: r.rejection_reason,
            card: r.card.map(|c| LibraryCard {
                card_number: c.card_number,
                valid_until: c.valid_until,
                holder_name: c.holder_name,
                branch_name: c.branch_name,
            }),
            id: r.id,
        }
    }
}
