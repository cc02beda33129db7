//! Public facilities across the FFI: search, near me, open now — all from
//! the phone's copy of the city's layer — and its refresh.

use std::{sync::Arc, time::SystemTime};

use leipzig_core::facilities as core;

use crate::{error::ApiError, subscription::Subscription};

/// Step-free access, as OpenStreetMap's `wheelchair` tag says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum Wheelchair {
    /// Fully accessible.
    Yes,
    /// Partly accessible.
    Limited,
    /// Not accessible.
    No,
}

/// Whether a facility is open at an instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum OpenState {
    /// Open.
    Open,
    /// Closed.
    Closed,
    /// Not known (no hours, or hours that do not parse): never show as open.
    Unknown,
}

/// A public facility.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Facility {
    /// The layer's id, stable across refreshes.
    pub id: String,
    /// Name.
    pub name: String,
    /// `buergerbuero`, `bibliothek`, `schwimmbad`, `kita`, `schule`, `museum`, …
    pub category: String,
    /// Street and house number.
    pub street: Option<String>,
    /// Postcode.
    pub postcode: Option<String>,
    /// City.
    pub city: Option<String>,
    /// Ortsteil.
    pub district: Option<String>,
    /// One line: `Otto-Schill-Straße 2, 04109 Leipzig`.
    pub address: String,
    /// WGS84 latitude.
    pub lat: f64,
    /// WGS84 longitude.
    pub lon: f64,
    /// Opening hours in OpenStreetMap syntax, as the layer gives them.
    pub opening_hours: Option<String>,
    /// Step-free access, when known.
    pub wheelchair: Option<Wheelchair>,
    /// Telephone.
    pub phone: Option<String>,
    /// Web page (http or https).
    pub website: Option<String>,
}

/// Opening status at the query instant.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Opening {
    /// Open, closed or unknown.
    pub state: OpenState,
    /// When it opens next (closed, within two weeks).
    pub opens_at: Option<SystemTime>,
    /// When it closes next (open, within two weeks).
    pub closes_at: Option<SystemTime>,
    /// The rule's comment, e.g. "keine Schließung über Mittag".
    pub comment: Option<String>,
}

/// One result.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct FacilityHit {
    /// The facility.
    pub facility: Facility,
    /// Metres from the query point (searches with `near`).
    pub distance_m: Option<f64>,
    /// Opening status at the query instant.
    pub opening: Opening,
}

/// A WGS84 point.
#[derive(Debug, Clone, Copy, PartialEq, uniffi::Record)]
pub struct GeoPoint {
    /// Latitude in degrees.
    pub lat: f64,
    /// Longitude in degrees.
    pub lon: f64,
}

/// What to look for.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct FacilityQuery {
    /// Free text in any spelling ("Bürgerbüro", "buergerbuero"); empty = all.
    pub text: String,
    /// Only this category.
    pub category: Option<String>,
    /// Nearest to this point first, with distances.
    pub near: Option<GeoPoint>,
    /// Only facilities known to be open at `at`.
    pub open_now: bool,
    /// The instant for opening hours; now when absent.
    pub at: Option<SystemTime>,
    /// Only fully step-free facilities.
    pub wheelchair: bool,
    /// At most this many (0: 20).
    pub limit: u32,
}

/// What a layer refresh did.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum LayerRefresh {
    /// Unchanged on the server (`304`).
    NotModified,
    /// The new layer replaced the stored one.
    Replaced {
        /// Facilities stored.
        stored: u32,
        /// Features skipped, each "id or index: reason".
        skipped: Vec<String>,
    },
}

/// Hears when the stored layer changed (screens re-run their query).
#[uniffi::export(foreign)]
pub trait FacilitiesListener: Send + Sync {
    /// The layer changed (refreshed or wiped).
    fn on_change(&self);
}

/// The facility finder.
#[derive(Debug, uniffi::Object)]
pub struct Facilities {
    app: leipzig_core::App,
}

impl Facilities {
    pub(crate) fn new(app: leipzig_core::App) -> Self {
        Self { app }
    }

    async fn blocking<T: Send + 'static>(
        &self,
        work: impl FnOnce(&leipzig_core::App) -> leipzig_core::Result<T> + Send + 'static,
    ) -> Result<T, ApiError> {
        let app = self.app.clone();
        // SQLite reads and hour evaluation stay off the async workers.
        tokio::task::spawn_blocking(move || work(&app))
            .await
            .map_err(|_| ApiError::Other { reason: "search stopped".to_owned() })?
            .map_err(ApiError::from)
    }
}

#[uniffi::export(async_runtime = "tokio")]
impl Facilities {
    /// Searches the stored layer; works offline. With `near`, nearest first
    /// by true distance; with `open_now`, only those known to be open.
    pub async fn search(&self, query: FacilityQuery) -> Result<Vec<FacilityHit>, ApiError> {
        let query = query.into();
        let hits = self.blocking(move |app| app.facilities().search(&query)).await?;
        Ok(hits.into_iter().map(FacilityHit::from).collect())
    }

    /// The `limit` facilities nearest to `point` (of `category`, if given),
    /// with their distance and opening status now.
    pub async fn near(
        &self,
        point: GeoPoint,
        category: Option<String>,
        limit: u32,
    ) -> Result<Vec<FacilityHit>, ApiError> {
        let query = core::FacilityQuery {
            category,
            near: Some((point.lat, point.lon)),
            limit,
            ..core::FacilityQuery::default()
        };
        let hits = self.blocking(move |app| app.facilities().search(&query)).await?;
        Ok(hits.into_iter().map(FacilityHit::from).collect())
    }

    /// One facility with its opening status at `at` (now when absent).
    pub async fn show(&self, id: String, at: Option<SystemTime>) -> Result<FacilityHit, ApiError> {
        let at = at.map(chrono::DateTime::<chrono::Utc>::from);
        Ok(self.blocking(move |app| app.facilities().show(&id, at)).await?.into())
    }

    /// Fetches the city's layer (conditionally). A layer that cannot be
    /// used is reported and leaves the stored one as it was.
    pub async fn refresh(&self) -> Result<LayerRefresh, ApiError> {
        Ok(self.app.facilities().refresh().await?.into())
    }

    /// Facilities stored on the phone.
    pub fn count(&self) -> Result<u64, ApiError> {
        Ok(u64::try_from(self.app.facilities().count()?).unwrap_or_default())
    }

    /// Calls `listener` after every change of the stored layer, until the
    /// subscription is cancelled or destroyed.
    pub fn subscribe(&self, listener: Arc<dyn FacilitiesListener>) -> Arc<Subscription> {
        Arc::new(Subscription::new(self.app.facilities().subscribe(move || listener.on_change())))
    }
}

impl From<FacilityQuery> for core::FacilityQuery {
    fn from(q: FacilityQuery) -> Self {
        Self {
            text: q.text,
            category: q.category,
            near: q.near.map(|p| (p.lat, p.lon)),
            open_now: q.open_now,
            at: q.at.map(chrono::DateTime::<chrono::Utc>::from),
            wheelchair: q.wheelchair,
            limit: q.limit,
        }
    }
}

impl From<core::FacilityHit> for FacilityHit {
    fn from(hit: core::FacilityHit) -> Self {
        let f = hit.facility;
        let address = f.address();
        Self {
            facility: Facility {
                id: f.id,
                name: f.name,
                category: f.category,
                street: f.street,
                postcode: f.postcode,
                city: f.city,
                district: f.district,
                address,
                lat: f.lat,
                lon: f.lon,
                opening_hours: f.opening_hours,
                wheelchair: f.wheelchair.map(|w| match w {
                    core::Wheelchair::Yes => Wheelchair::Yes,
                    core::Wheelchair::Limited => Wheelchair::Limited,
                    core::Wheelchair::No => Wheelchair::No,
                }),
                phone: f.phone,
                website: f.website,
            },
            distance_m: hit.distance_m,
            opening: Opening {
                state: match hit.opening.state {
                    core::OpenState::Open => OpenState::Open,
                    core::OpenState::Closed => OpenState::Closed,
                    core::OpenState::Unknown => OpenState::Unknown,
                },
                opens_at: hit.opening.opens_at.map(SystemTime::from),
                closes_at: hit.opening.closes_at.map(SystemTime::from),
                comment: hit.opening.comment,
            },
        }
    }
}

impl From<core::LayerRefresh> for LayerRefresh {
    fn from(outcome: core::LayerRefresh) -> Self {
        match outcome {
            core::LayerRefresh::NotModified => LayerRefresh::NotModified,
            core::LayerRefresh::Replaced(report) => LayerRefresh::Replaced {
                stored: u32::try_from(report.stored).unwrap_or(u32::MAX),
                skipped: report.skipped,
            },
        }
    }
}
