//! The library card as the app sees it: branches and card types (the
//! city's fee table, as data), an order, its registration at the city and
//! the active card. Fees are integer cents and always the city's.

use serde::{Deserialize, Serialize};

/// A branch of the Leipziger Städtische Bibliotheken.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Branch {
    /// Id, e.g. `lsb-0` (the facility layer uses the same).
    pub id: String,
    /// Name.
    pub name: String,
    /// Street and number.
    #[serde(default)]
    pub street: Option<String>,
    /// Postcode.
    #[serde(default)]
    pub postcode: Option<String>,
    /// District.
    #[serde(default)]
    pub district: Option<String>,
    /// Opening hours (OSM syntax).
    #[serde(default)]
    pub opening_hours: Option<String>,
    /// A card can be picked up there.
    #[serde(default = "yes")]
    pub pickup: bool,
}

fn yes() -> bool {
    true
}

/// One fee valid from a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DatedFee {
    /// First day (YYYY-MM-DD).
    pub valid_from: String,
    /// Fee in cents.
    pub fee_cents: i64,
}

/// A kind of card with its rules and fees.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CardType {
    /// `ADULT`, `DUO`, `YOUTH`, `REDUCED`, `REDUCED_DUO`.
    pub id: String,
    /// Name.
    pub name: String,
    /// Description.
    #[serde(default)]
    pub description: Option<String>,
    /// Months valid.
    #[serde(default)]
    pub valid_months: Option<u32>,
    /// The fee table.
    #[serde(default)]
    pub fees: Vec<DatedFee>,
    /// The fee the city says is valid today.
    pub current_fee_cents: i64,
    /// Only from this age.
    #[serde(default)]
    pub min_age: Option<u32>,
    /// Only up to this age.
    #[serde(default)]
    pub max_age: Option<u32>,
    /// Needs a Leipzig-Pass.
    #[serde(default)]
    pub requires_leipzig_pass: bool,
    /// Persons on the card (2 for Duo).
    #[serde(default = "one")]
    pub persons: u32,
}

fn one() -> u32 {
    1
}

/// A person on an order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Person {
    /// Given name.
    pub given_name: String,
    /// Family name.
    pub family_name: String,
    /// Date of birth (YYYY-MM-DD), where needed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birthdate: Option<String>,
    /// E-mail, where needed (guardian).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

/// The applicant.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Applicant {
    /// Given name.
    pub given_name: String,
    /// Family name.
    pub family_name: String,
    /// Date of birth (YYYY-MM-DD).
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
}

/// An order for a card, as the citizen fills it in.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardOrder {
    /// Card type id.
    pub card_type: String,
    /// Pickup branch id.
    pub branch_id: String,
    /// The applicant (prefilled from the profile).
    pub applicant: Applicant,
    /// Leipzig-Pass number for a reduced card.
    pub leipzig_pass: Option<String>,
    /// Guardian of a minor.
    pub guardian: Option<Person>,
    /// The second adult of a Duo card.
    pub second_adult: Option<Person>,
}

/// Where a registration stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RegistrationState {
    /// Saved on the phone, not yet at the city.
    Saved,
    /// The city has it.
    Submitted,
    /// The fee is to be paid.
    PaymentPending,
    /// Paid (or free): the card is activated at the first visit with an ID.
    ReadyForIdCheck,
    /// The card works.
    Active,
    /// Refused (see `rejection_reason`).
    Rejected,
}

impl RegistrationState {
    /// Stored and wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            RegistrationState::Saved => "SAVED",
            RegistrationState::Submitted => "SUBMITTED",
            RegistrationState::PaymentPending => "PAYMENT_PENDING",
            RegistrationState::ReadyForIdCheck => "READY_FOR_ID_CHECK",
            RegistrationState::Active => "ACTIVE",
            RegistrationState::Rejected => "REJECTED",
        }
    }

    /// From the stored or wire name.
    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "SAVED" => RegistrationState::Saved,
            "SUBMITTED" => RegistrationState::Submitted,
            "PAYMENT_PENDING" => RegistrationState::PaymentPending,
            "READY_FOR_ID_CHECK" => RegistrationState::ReadyForIdCheck,
            "ACTIVE" => RegistrationState::Active,
            "REJECTED" => RegistrationState::Rejected,
            _ => return None,
        })
    }
}

/// The active card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LibraryCard {
    /// Card number.
    pub card_number: String,
    /// Barcode symbology (`CODE39`).
    pub symbology: String,
    /// What the barcode encodes.
    pub payload: String,
    /// Valid until (YYYY-MM-DD).
    #[serde(default)]
    pub valid_until: Option<String>,
    /// Holder.
    #[serde(default)]
    pub holder_name: Option<String>,
    /// Home branch.
    #[serde(default)]
    pub branch_name: Option<String>,
}

/// A registration: the order and what the city made of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Registration {
    /// The app's id (also the city's `registrationId`).
    pub id: String,
    /// Where it stands.
    pub state: RegistrationState,
    /// The order.
    pub order: CardOrder,
    /// The fee the city computed (cents); unknown until it answered.
    pub fee_cents: Option<i64>,
    /// What the payments service pays the fee as (none for a free card).
    pub payment_subject: Option<crate::payments::Subject>,
    /// The city's flags, e.g. `OUTSIDE_SERVICE_AREA`.
    pub flags: Vec<String>,
    /// Why it was refused.
    pub rejection_reason: Option<String>,
    /// The card, once active.
    pub card: Option<LibraryCard>,
    /// When the citizen ordered (unix seconds).
    pub created_at: i64,
}

/// A card's barcode, drawn by the core so every shell shows the same.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Barcode {
    /// Symbology.
    pub symbology: String,
    /// What it encodes.
    pub payload: String,
    /// SVG document.
    pub svg: String,
    /// Text rendering for terminals.
    pub text: String,
}
