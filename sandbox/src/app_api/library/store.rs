//! The library's registrations and fee table, persisted with the city's
//! state and seeded from `fixtures/library/` (`POST /_sandbox/reset`
//! restores the seeds). A registration's state follows the payments ledger:
//! `PAYMENT_PENDING` whose fee the ledger has `PAYED` becomes
//! `READY_FOR_ID_CHECK` ([`LibraryState::sync`]).

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::model::{Branch, CardType, PaymentView, Registration, RegistrationState};
use crate::app_api::payments::{PaymentState, PaymentsState, SubjectType};

const BRANCHES: &str = include_str!("../../../../fixtures/library/branches.json");
const CARD_TYPES: &str = include_str!("../../../../fixtures/library/card-types.json");

/// A Leipzig-Pass the sandbox knows besides the users' own.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct KnownPass {
    /// `LP-YYYY-NNNNNN`.
    pub number: String,
    /// Last day of validity.
    pub valid_until: NaiveDate,
}

/// `fixtures/library/card-types.json`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Seeds {
    /// What the payment service needs to book a card fee.
    #[serde(default)]
    pub booking_data: BTreeMap<String, String>,
    /// The card types.
    #[serde(default)]
    pub card_types: Vec<CardType>,
    /// Passes that exist besides the users' (e.g. an expired one).
    #[serde(default)]
    pub leipzig_passes: Vec<KnownPass>,
}

/// The seed file (compiled in and checked by a test: unreadable would be a
/// build defect).
pub fn seeds() -> Seeds {
    serde_json::from_str(CARD_TYPES).unwrap_or_default()
}

/// The branches (compiled in, checked by a test).
pub fn branches() -> Vec<Branch> {
    serde_json::from_str(BRANCHES).unwrap_or_default()
}

/// The branch `id`.
pub fn branch(id: &str) -> Option<Branch> {
    branches().into_iter().find(|b| b.id == id)
}

/// Registrations and the fee table.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LibraryState {
    /// The card types with their fee tables (seeded; replaced by a control).
    #[serde(default = "seeded_card_types")]
    pub card_types: Vec<CardType>,
    /// Registrations by id.
    #[serde(default)]
    pub registrations: BTreeMap<String, Registration>,
    /// Last sequence number given to a registration.
    #[serde(default)]
    pub last_seq: u64,
    /// Last card number issued.
    #[serde(default)]
    pub last_card: u64,
}

fn seeded_card_types() -> Vec<CardType> {
    seeds().card_types
}

impl Default for LibraryState {
    fn default() -> Self {
        Self {
            card_types: seeded_card_types(),
            registrations: BTreeMap::new(),
            last_seq: 0,
            last_card: 0,
        }
    }
}

/// The first card number: `LSB0001234567`.
const FIRST_CARD: u64 = 1_234_567;

impl LibraryState {
    /// The card type `id`.
    pub fn card_type(&self, id: &str) -> Option<&CardType> {
        self.card_types.iter().find(|t| t.id == id)
    }

    /// The citizen's registration that blocks a new one (any not rejected).
    pub fn live_of(&self, owner: &str) -> Option<&Registration> {
        self.registrations
            .values()
            .find(|r| r.owner == owner && r.state != RegistrationState::Rejected)
    }

    /// Stores a new registration, numbering it.
    pub fn insert(&mut self, mut registration: Registration) {
        self.last_seq += 1;
        registration.seq = self.last_seq;
        self.registrations.insert(registration.registration_id.clone(), registration);
    }

    /// The next card number, `LSB` and ten digits.
    pub fn next_card_number(&mut self) -> String {
        let number = FIRST_CARD + self.last_card;
        self.last_card += 1;
        format!("LSB{:010}", number % 10_000_000_000)
    }

    /// Whether [`LibraryState::sync`] would change anything.
    pub fn needs_sync(&self, payments: &PaymentsState) -> bool {
        self.registrations.values().any(|r| ready(r, payments))
    }

    /// `PAYMENT_PENDING` registrations whose fee is paid become
    /// `READY_FOR_ID_CHECK`.
    pub fn sync(&mut self, payments: &PaymentsState, now: DateTime<Utc>) {
        for registration in self.registrations.values_mut() {
            if ready(registration, payments) {
                registration.state = RegistrationState::ReadyForIdCheck;
                registration.updated_at = now;
            }
        }
    }

    /// A registration's wire object, its payment read from the ledger.
    pub fn to_json(
        &self,
        registration: &Registration,
        payments: &PaymentsState,
    ) -> serde_json::Value {
        registration.to_json(payment_view(registration, payments).as_ref())
    }

    /// The fee valid on `day` for card type `id`.
    pub fn fee_on(&self, id: &str, day: NaiveDate) -> Option<i64> {
        self.card_type(id).and_then(|t| t.fee_on(day))
    }
}

fn ready(r: &Registration, payments: &PaymentsState) -> bool {
    r.state == RegistrationState::PaymentPending
        && payment_view(r, payments).is_some_and(|p| p.paid)
}

/// The fee's payment as the ledger has it.
pub fn payment_view(r: &Registration, payments: &PaymentsState) -> Option<PaymentView> {
    let fee_id = r.fee_id.as_ref()?;
    let related: Vec<_> = payments
        .payments
        .values()
        .filter(|p| {
            p.owner == r.owner && p.subject.kind == SubjectType::Fee && &p.subject.id == fee_id
        })
        .collect();
    if let Some(paid) = related.iter().find(|p| p.state == PaymentState::Payed) {
        return Some(PaymentView { payment_id: Some(paid.payment_id.clone()), paid: true });
    }
    let latest = related.iter().max_by_key(|p| p.seq).map(|p| p.payment_id.clone());
    Some(PaymentView { payment_id: latest, paid: false })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seeds_read() {
        let seeds = seeds();
        assert_eq!(seeds.card_types.len(), CARD_TYPES.matches("\"validMonths\"").count());
        assert!(seeds.booking_data.contains_key("haushaltsstelle"));
        assert!(seeds.booking_data.contains_key("sachkonto"));
        let day = |s: &str| s.parse::<NaiveDate>().unwrap_or_default();
        let state = LibraryState::default();
        assert_eq!(state.fee_on("ADULT", day("2026-02-28")), Some(2000));
        assert_eq!(state.fee_on("ADULT", day("2026-03-01")), Some(2500));
        assert_eq!(state.fee_on("REDUCED_DUO", day("2026-03-01")), Some(1900));
        assert_eq!(state.fee_on("YOUTH", day("2026-03-01")), Some(0));
        assert_eq!(state.fee_on("ADULT", day("2020-01-01")), None);
        assert_eq!(branches().len(), BRANCHES.matches("\"opac_code\"").count());
        assert!(branch("lsb-0").is_some_and(|b| b.pickup()));
    }

    #[test]
    fn card_numbers_have_ten_digits() {
        let mut state = LibraryState::default();
        assert_eq!(state.next_card_number(), "LSB0001234567");
        assert_eq!(state.next_card_number(), "LSB0001234568");
    }
}
