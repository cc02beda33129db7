//! The library's data and its wire form (`LibraryBranch`, `CardType`,
//! `LibraryRegistration` of `fixtures/openapi/app-api.yaml`): branches,
//! card types with their fee table, registrations and the card issued at
//! the desk.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use crate::app_api::{notices::model::date, payments::rfc3339};

/// A branch as `fixtures/library/branches.json` has it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Branch {
    /// `lsb-<opac code>`.
    pub id: String,
    /// The branch code of the catalogue (OPAC).
    pub opac_code: u32,
    /// Name.
    pub name: String,
    /// Street and number; absent for a branch without an address.
    #[serde(default)]
    pub street: Option<String>,
    /// Postcode.
    #[serde(default)]
    pub postcode: Option<String>,
    /// City.
    #[serde(default)]
    pub city: Option<String>,
    /// District.
    #[serde(default)]
    pub district: Option<String>,
    /// Latitude (WGS84).
    #[serde(default)]
    pub lat: Option<f64>,
    /// Longitude (WGS84).
    #[serde(default)]
    pub lon: Option<f64>,
    /// OSM `opening_hours`.
    #[serde(default)]
    pub opening_hours: Option<String>,
    /// `yes`, `limited`, `no`.
    #[serde(default)]
    pub wheelchair: Option<String>,
    /// Telephone.
    #[serde(default)]
    pub phone: Option<String>,
    /// Web page.
    #[serde(default)]
    pub website: Option<String>,
}

impl Branch {
    /// Whether a card can be picked up here: only at a branch with an
    /// address (not the Fahrbibliothek).
    pub fn pickup(&self) -> bool {
        self.street.as_deref().is_some_and(|s| !s.trim().is_empty())
    }

    /// The wire object.
    pub fn to_json(&self) -> Value {
        json!({
            "id": self.id,
            "opacCode": self.opac_code,
            "name": self.name,
            "street": self.street,
            "postcode": self.postcode,
            "city": self.city,
            "district": self.district,
            "lat": self.lat,
            "lon": self.lon,
            "openingHours": self.opening_hours,
            "wheelchair": self.wheelchair,
            "phone": self.phone,
            "website": self.website,
            "pickup": self.pickup(),
        })
    }
}

/// One row of a fee table: `fee_cents` from `valid_from` on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FeeStep {
    /// First day (Europe/Berlin) the fee applies.
    pub valid_from: NaiveDate,
    /// The fee in cents.
    pub fee_cents: i64,
}

/// A kind of library card with its fee table (data, not code).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CardType {
    /// `ADULT`, `DUO`, `YOUTH`, `REDUCED`, `REDUCED_DUO`.
    pub id: String,
    /// Name shown.
    pub name: String,
    /// Longer text.
    #[serde(default)]
    pub description: String,
    /// How long a card is valid after its activation.
    pub valid_months: u32,
    /// The fee table.
    pub fees: Vec<FeeStep>,
    /// Youngest age (on the submission date) allowed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_age: Option<u32>,
    /// Oldest age allowed (18: until the 19th birthday).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_age: Option<u32>,
    /// Whether a valid Leipzig-Pass is required.
    #[serde(default)]
    pub requires_leipzig_pass: bool,
    /// 1, or 2 for a duo card.
    #[serde(default = "one")]
    pub persons: u8,
}

fn one() -> u8 {
    1
}

impl CardType {
    /// The fee valid on `day`: the latest step that has begun.
    pub fn fee_on(&self, day: NaiveDate) -> Option<i64> {
        self.fees
            .iter()
            .filter(|f| f.valid_from <= day)
            .max_by_key(|f| f.valid_from)
            .map(|f| f.fee_cents)
    }

    /// The wire object with `currentFeeCents` for `today`.
    pub fn to_json(&self, today: NaiveDate) -> Value {
        let mut value = serde_json::to_value(self).unwrap_or(Value::Null);
        if let Value::Object(m) = &mut value {
            m.insert("currentFeeCents".into(), json!(self.fee_on(today)));
        }
        value
    }
}

/// Where a registration stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RegistrationState {
    /// Received, not yet decided (transient).
    Submitted,
    /// Waiting for the fee.
    PaymentPending,
    /// Paid (or free): waiting for the ID check at the desk.
    ReadyForIdCheck,
    /// The card is issued.
    Active,
    /// The library refused it.
    Rejected,
}

/// The applicant (kept for the desk and the card's holder name).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Applicant {
    /// First name.
    pub given_name: String,
    /// Last name.
    pub family_name: String,
    /// Date of birth.
    pub birthdate: String,
    /// Street and number.
    pub street: String,
    /// Postcode.
    pub postcode: String,
    /// City.
    pub city: String,
    /// E-mail.
    pub email: String,
    /// Telephone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
}

/// A parent consenting for a minor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Guardian {
    /// First name.
    pub given_name: String,
    /// Last name.
    pub family_name: String,
    /// E-mail.
    pub email: String,
}

/// The second adult of a duo card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SecondAdult {
    /// First name.
    pub given_name: String,
    /// Last name.
    pub family_name: String,
    /// Date of birth.
    pub birthdate: String,
}

/// The card issued at the desk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Card {
    /// `LSB` and ten digits.
    pub card_number: String,
    /// Last day of validity.
    pub valid_until: NaiveDate,
    /// Name printed on the card.
    pub holder_name: String,
    /// The branch that issued it.
    pub branch_name: String,
}

/// A registration as the library keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Registration {
    /// The client-made UUID (lower case).
    pub registration_id: String,
    /// The citizen's `sub`.
    pub owner: String,
    /// Where it stands.
    pub state: RegistrationState,
    /// The card type id.
    pub card_type: String,
    /// The pickup branch.
    pub branch_id: String,
    /// Fee on the submission date.
    pub fee_cents: i64,
    /// The payable fee's id (`BIB-…`) when the fee is above zero.
    #[serde(default)]
    pub fee_id: Option<String>,
    /// `OUTSIDE_SERVICE_AREA`, …
    #[serde(default)]
    pub flags: Vec<String>,
    /// Why it was rejected.
    #[serde(default)]
    pub rejection_reason: Option<String>,
    /// When received (sandbox clock).
    pub submitted_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
    /// The applicant.
    pub applicant: Applicant,
    /// The consenting parent of a minor.
    #[serde(default)]
    pub guardian: Option<Guardian>,
    /// The second adult of a duo card.
    #[serde(default)]
    pub second_adult: Option<SecondAdult>,
    /// The Leipzig-Pass number of a reduced card.
    #[serde(default)]
    pub leipzig_pass: Option<String>,
    /// The card, once active.
    #[serde(default)]
    pub card: Option<Card>,
    /// Order of arrival.
    pub seq: u64,
}

/// The payment member: the fee's subject and its payment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentView {
    /// The latest relevant payment (the paid one, else the newest open one).
    pub payment_id: Option<String>,
    /// Whether the ledger has it `PAYED`.
    pub paid: bool,
}

impl Registration {
    /// The wire object; `payment` is the fee's view from the ledger.
    pub fn to_json(&self, payment: Option<&PaymentView>) -> Value {
        let payment = self.fee_id.as_ref().map(|fee_id| {
            let mut m = Map::new();
            m.insert("subject".into(), json!({"type": "FEE", "id": fee_id}));
            if let Some(id) = payment.and_then(|p| p.payment_id.as_ref()) {
                m.insert("paymentId".into(), json!(id));
            }
            let paid = payment.is_some_and(|p| p.paid);
            m.insert("status".into(), json!(if paid { "PAID" } else { "OPEN" }));
            Value::Object(m)
        });
        let card = self.card.as_ref().map(|c| {
            json!({
                "cardNumber": c.card_number,
                "symbology": "CODE39",
                "payload": c.card_number,
                "validUntil": date(c.valid_until),
                "holderName": c.holder_name,
                "branchName": c.branch_name,
            })
        });
        let mut m = Map::new();
        m.insert("registrationId".into(), json!(self.registration_id));
        m.insert("state".into(), json!(self.state));
        m.insert("cardType".into(), json!(self.card_type));
        m.insert("branchId".into(), json!(self.branch_id));
        m.insert("feeCents".into(), json!(self.fee_cents));
        m.insert("currency".into(), json!("EUR"));
        m.insert("payment".into(), payment.unwrap_or(Value::Null));
        m.insert("flags".into(), json!(self.flags));
        if let Some(reason) = &self.rejection_reason {
            m.insert("rejectionReason".into(), json!(reason));
        }
        m.insert("submittedAt".into(), json!(rfc3339(self.submitted_at)));
        m.insert("updatedAt".into(), json!(rfc3339(self.updated_at)));
        m.insert("card".into(), card.unwrap_or(Value::Null));
        Value::Object(m)
    }
}

/// The fee id of a registration: `BIB-` and the first eight hex digits of
/// its id, upper case.
pub fn fee_id(registration_id: &str) -> String {
    let hex: String =
        registration_id.chars().filter(char::is_ascii_hexdigit).take(8).collect::<String>();
    format!("BIB-{}", hex.to_ascii_uppercase())
}
