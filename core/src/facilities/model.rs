//! Facility types: what the finder shows and what a layer refresh did.

use chrono::{DateTime, Utc};

/// A public facility (Bürgerbüro, library, pool, Kita, school, museum, …).
#[derive(Debug, Clone, PartialEq)]
pub struct Facility {
    /// The layer's id, stable across refreshes.
    pub id: String,
    /// Name.
    pub name: String,
    /// Category, e.g. `buergerbuero`, `bibliothek`, `schwimmbad`, `kita`, `schule`, `museum`.
    pub category: String,
    /// Street and house number.
    pub street: Option<String>,
    /// Postcode.
    pub postcode: Option<String>,
    /// City.
    pub city: Option<String>,
    /// Ortsteil.
    pub district: Option<String>,
    /// WGS84 latitude.
    pub lat: f64,
    /// WGS84 longitude.
    pub lon: f64,
    /// Opening hours in OpenStreetMap syntax, as the layer gives them.
    pub opening_hours: Option<String>,
    /// Step-free access.
    pub wheelchair: Option<Wheelchair>,
    /// Telephone.
    pub phone: Option<String>,
    /// Web page.
    pub website: Option<String>,
}

impl Facility {
    /// `Otto-Schill-Straße 2, 04109 Leipzig`.
    pub fn address(&self) -> String {
        crate::address::postal(
            self.street.as_deref(),
            self.postcode.as_deref(),
            self.city.as_deref(),
        )
    }
}

/// Step-free access, as OpenStreetMap's `wheelchair` tag says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wheelchair {
    /// Fully accessible.
    Yes,
    /// Partly accessible.
    Limited,
    /// Not accessible.
    No,
}

impl Wheelchair {
    /// The tag value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Yes => "yes",
            Self::Limited => "limited",
            Self::No => "no",
        }
    }

    /// From the tag value; anything else is unknown.
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "yes" => Some(Self::Yes),
            "limited" => Some(Self::Limited),
            "no" => Some(Self::No),
            _ => None,
        }
    }
}

/// Whether a facility is open at an instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenState {
    /// Open.
    Open,
    /// Closed.
    Closed,
    /// Not known: no hours, hours that do not parse, or a rule like
    /// "nach Vereinbarung". Never shown as open.
    Unknown,
}

/// Opening status at an instant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opening {
    /// Open, closed or unknown.
    pub state: OpenState,
    /// When it opens next (if closed and known).
    pub opens_at: Option<DateTime<Utc>>,
    /// When it closes next (if open and known).
    pub closes_at: Option<DateTime<Utc>>,
    /// The rule's comment, e.g. "keine Schließung über Mittag".
    pub comment: Option<String>,
}

/// What to look for.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FacilityQuery {
    /// Free text ("Bürgerbüro", "bibliothek grünau", "burgerburo"); empty = all.
    pub text: String,
    /// Only this category.
    pub category: Option<String>,
    /// Nearest to this point (lat, lon) first, with distances.
    pub near: Option<(f64, f64)>,
    /// Only facilities open at [`FacilityQuery::at`].
    pub open_now: bool,
    /// The instant for opening hours; now when absent.
    pub at: Option<DateTime<Utc>>,
    /// Only fully step-free facilities.
    pub wheelchair: bool,
    /// At most this many results.
    pub limit: u32,
}

/// One result.
#[derive(Debug, Clone, PartialEq)]
pub struct FacilityHit {
    /// The facility.
    pub facility: Facility,
    /// Metres from the query point (with `near`).
    pub distance_m: Option<f64>,
    /// Opening status at the query instant.
    pub opening: Opening,
}

/// What a layer refresh did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LayerRefresh {
    /// `304 Not Modified`: nothing written.
    NotModified,
    /// A new layer replaced the stored one.
    Replaced(LayerReport),
}

/// Counts of a stored layer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LayerReport {
    /// Features stored.
    pub stored: usize,
    /// Features skipped, with the reason (feature index or id: why).
    pub skipped: Vec<String>,
}
