//! What the simulated ZMS remembers: processes (appointments in every
//! state), the mails it would have sent, the scarcity scenario and the
//! sandbox clock. Persisted with the rest of the city.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// How many slots are free at all.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scenario {
    /// About one slot in ten free, as on a normal day.
    #[default]
    LeipzigDefault,
    /// A few slots here and there: what citizens complain about.
    Scarce,
    /// Nothing free.
    Empty,
}

impl Scenario {
    /// Share of slots (per mille) that are free before anyone books.
    pub fn free_per_mille(self) -> u64 {
        match self {
            Scenario::LeipzigDefault => 100,
            Scenario::Scarce => 30,
            Scenario::Empty => 0,
        }
    }
}

/// Status of a process, as ZMS names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Held while the citizen fills in the form.
    Reserved,
    /// Waiting for the activation link in the mail.
    Preconfirmed,
    /// Booked.
    Confirmed,
    /// Cancelled.
    Deleted,
}

impl Status {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Reserved => "reserved",
            Status::Preconfirmed => "preconfirmed",
            Status::Confirmed => "confirmed",
            Status::Deleted => "deleted",
        }
    }
}

/// One process (appointment).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Process {
    /// Id.
    pub id: u32,
    /// 64 hex characters; with the id, the bearer credential.
    pub auth_key: String,
    /// Office.
    pub office_id: u32,
    /// Services booked.
    pub service_ids: Vec<u32>,
    /// How many of each.
    pub service_counts: Vec<u32>,
    /// Start, epoch seconds.
    pub timestamp: i64,
    /// 10-minute slots it takes.
    pub slot_count: u32,
    /// Status.
    pub status: Status,
    /// When the status last changed (sandbox clock).
    pub status_since: DateTime<Utc>,
    /// Contact data.
    pub family_name: Option<String>,
    /// E-mail.
    pub email: Option<String>,
    /// Telephone.
    pub telephone: Option<String>,
    /// First custom field.
    pub custom_textfield: Option<String>,
    /// Second custom field.
    pub custom_textfield2: Option<String>,
    /// A slot taken by someone else (a `/_sandbox/` steal), not a citizen's.
    #[serde(default)]
    pub phantom: bool,
}

impl Process {
    /// Whether it still holds its slots at `now`: reserved and preconfirmed
    /// holds expire after the scope's durations (in minutes).
    pub fn holds_slots(
        &self,
        now: DateTime<Utc>,
        reservation_min: u32,
        activation_min: u32,
    ) -> bool {
        match self.status {
            Status::Confirmed => true,
            Status::Deleted => false,
            Status::Reserved => now < self.status_since + Duration::minutes(reservation_min.into()),
            Status::Preconfirmed => {
                now < self.status_since + Duration::minutes(activation_min.into())
            }
        }
    }
}

/// A mail ZMS would have sent.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Mail {
    /// Recipient.
    pub to: String,
    /// `preconfirmation`, `confirmation` or `cancellation`.
    pub kind: String,
    /// The process.
    pub process_id: u32,
    /// Its key (the mail's links carry it).
    pub auth_key: String,
    /// The link in the mail.
    pub link: String,
    /// Calendar attachment, for confirmations.
    pub ics: Option<String>,
    /// When it was sent (sandbox clock).
    pub sent_at: DateTime<Utc>,
}

/// The ZMS part of the city's state.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ZmsState {
    /// How scarce slots are.
    pub scenario: Scenario,
    /// Seed of the scarcity pattern.
    pub seed: u64,
    /// The next process id.
    pub next_process_id: u32,
    /// Every process by id.
    pub processes: BTreeMap<u32, Process>,
    /// Mails sent.
    pub mails: Vec<Mail>,
}

impl Default for ZmsState {
    fn default() -> Self {
        Self {
            scenario: Scenario::default(),
            seed: 2026,
            next_process_id: 100_001,
            processes: BTreeMap::new(),
            mails: Vec::new(),
        }
    }
}
