//! What the facility finder calls: refresh the layer, search by text and
//! category, near me by true distance, open now — all from SQLite, so it
//! works on the tram.

use chrono::{DateTime, Utc};
use geo::{Distance, Haversine, Point};

use super::{
    api, fold, hours,
    model::{Facility, FacilityHit, FacilityQuery, LayerRefresh, LayerReport, OpenState},
    store::{self, Filters},
};
use crate::{
    app::Context,
    error::{Error, Result},
    http::{Conditional, validators},
    listeners::{Listeners, Subscription},
};

/// Name of the layer in the validator table.
const RESOURCE: &str = "facilities";
/// Widening search boxes around the citizen, in kilometres.
const RADII_KM: [f64; 5] = [1.0, 3.0, 10.0, 30.0, 150.0];
/// Results when the caller gives no limit.
const DEFAULT_LIMIT: u32 = 20;

/// The facilities service of one [`crate::App`].
#[derive(Debug)]
pub struct FacilitiesService {
    ctx: Context,
    listeners: Listeners,
    refreshing: tokio::sync::Mutex<()>,
}

impl FacilitiesService {
    pub(crate) fn new(ctx: Context) -> Self {
        Self { ctx, listeners: Listeners::default(), refreshing: tokio::sync::Mutex::new(()) }
    }

    /// Fetches the layer conditionally; a new one replaces the stored one in
    /// one transaction, and only if it parsed. Features that cannot be used
    /// are skipped and reported.
    pub async fn refresh(&self) -> Result<LayerRefresh> {
        let url = self
            .ctx
            .config
            .endpoints
            .facilities
            .clone()
            .ok_or(Error::NotConfigured("facilities"))?;
        let _one_at_a_time = self.refreshing.lock().await;
        let known = self.ctx.db.read(|conn| validators::load(conn, RESOURCE, &url))?;
        let fetched = match api::fetch(
            &self.ctx.http,
            &url,
            &known,
            self.ctx.config.facilities.max_layer_bytes,
        )
        .await?
        {
            Conditional::NotModified => return Ok(LayerRefresh::NotModified),
            Conditional::Modified(fetched) => fetched,
        };
        api::check_content_type(fetched.content_type.as_deref(), &fetched.body)?;
        let body = fetched.body;
        let layer = tokio::task::spawn_blocking(move || api::parse_layer(&body))
            .await
            .map_err(|_| Error::InvalidResponse {
                what: "facility layer",
                reason: "parser stopped".to_owned(),
            })?
            .inspect_err(|e| self.ctx.log.warn(&format!("facility layer rejected: {e}")))?;
        let now = self.ctx.now();
        self.ctx.db.write(|tx| {
            store::replace_layer(tx, &layer.facilities)?;
            validators::save(tx, RESOURCE, &url, &fetched.validators, now)
        })?;
        self.ctx.log.info(&format!(
            "facility layer stored: {} features, {} skipped",
            layer.facilities.len(),
            layer.skipped.len()
        ));
        self.listeners.notify();
        Ok(LayerRefresh::Replaced(LayerReport {
            stored: layer.facilities.len(),
            skipped: layer.skipped,
        }))
    }

    /// Facilities stored on the phone.
    pub fn count(&self) -> Result<i64> {
        self.ctx.db.read(store::count)
    }

    /// Searches the stored layer. With `near`, results come nearest first
    /// with their distance; with `open_now`, only facilities known to be
    /// open at the query instant (unknown hours never count as open).
    pub fn search(&self, query: &FacilityQuery) -> Result<Vec<FacilityHit>> {
        let mut hours = hours::Evaluator::new(query.at.unwrap_or_else(Utc::now));
        let limit = if query.limit == 0 { DEFAULT_LIMIT } else { query.limit.min(1_000) } as usize;
        let expression = fold::match_expression(&query.text);
        let filters = Filters { category: query.category.as_deref(), wheelchair: query.wheelchair };
        let found: Vec<(Facility, Option<f64>)> = match query.near {
            Some(here) => self.nearest(
                here,
                expression.as_deref(),
                filters,
                limit,
                query.open_now,
                &mut hours,
            )?,
            None if query.open_now => {
                // Rank every match by its hours alone, then read the few shown.
                let open: Vec<i64> = self
                    .ctx
                    .db
                    .read(|conn| store::ranked_hours(conn, expression.as_deref(), filters))?
                    .into_iter()
                    .filter(|(_, h)| hours.state(h.as_deref()) == OpenState::Open)
                    .take(limit)
                    .map(|(rowid, _)| rowid)
                    .collect();
                let rows = self.ctx.db.read(|conn| store::by_rowids(conn, &open))?;
                rows.into_iter().map(|f| (f, None)).collect()
            }
            None => self
                .ctx
                .db
                .read(|conn| store::search(conn, expression.as_deref(), filters, limit as u32))?
                .into_iter()
                .map(|f| (f, None))
                .collect(),
        };
        Ok(found
            .into_iter()
            .map(|(facility, distance_m)| {
                let opening = hours.opening(facility.opening_hours.as_deref());
                FacilityHit { facility, distance_m, opening }
            })
            .collect())
    }

    /// The `limit` nearest matches by true distance: an R*Tree box around
    /// `here`, widened until it holds enough; only what lies within the
    /// box's inscribed radius is certainly in order.
    fn nearest(
        &self,
        (lat, lon): (f64, f64),
        expression: Option<&str>,
        filters: Filters<'_>,
        limit: usize,
        open_now: bool,
        hours: &mut hours::Evaluator,
    ) -> Result<Vec<(Facility, Option<f64>)>> {
        if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
            return Err(Error::Validation {
                field: "near",
                reason: "not a WGS84 coordinate".to_owned(),
            });
        }
        let here = Point::new(lon, lat);
        let mut nearest = Vec::new();
        for radius in RADII_KM {
            let dlat = radius / 111.0;
            let dlon = radius / (111.0 * lat.to_radians().cos().max(0.01));
            let candidates = self.ctx.db.read(|conn| {
                store::in_box(
                    conn,
                    (lat - dlat, lat + dlat, lon - dlon, lon + dlon),
                    expression,
                    filters,
                )
            })?;
            let mut within: Vec<(Facility, f64)> = candidates
                .into_iter()
                .map(|f| {
                    let distance = Haversine.distance(here, Point::new(f.lon, f.lat));
                    (f, distance)
                })
                .filter(|(_, d)| *d <= radius * 1000.0)
                .collect();
            // Facilities in one building are equally near: by name then.
            within.sort_by(|(a, da), (b, db)| {
                da.total_cmp(db).then_with(|| a.name.cmp(&b.name)).then_with(|| a.id.cmp(&b.id))
            });
            nearest = within
                .into_iter()
                .filter(|(f, _)| {
                    !open_now || hours.state(f.opening_hours.as_deref()) == OpenState::Open
                })
                .take(limit)
                .map(|(f, d)| (f, Some(d)))
                .collect();
            if nearest.len() >= limit {
                break;
            }
        }
        Ok(nearest)
    }

    /// One facility with its opening status at `at` (now when `None`).
    pub fn show(&self, id: &str, at: Option<DateTime<Utc>>) -> Result<FacilityHit> {
        let facility = self.ctx.db.read(|conn| store::by_id(conn, id))?.ok_or_else(|| {
            Error::NotFound { kind: "facility", id: id.chars().take(64).collect() }
        })?;
        let opening =
            hours::opening(facility.opening_hours.as_deref(), at.unwrap_or_else(Utc::now));
        Ok(FacilityHit { facility, distance_m: None, opening })
    }

    /// Calls `listener` after every layer change (with no value: screens
    /// re-run their query).
    pub fn subscribe(&self, listener: impl Fn() + Send + Sync + 'static) -> Subscription {
        self.listeners.add(listener)
    }

    /// Tells listeners to re-read (after a wipe).
    pub(crate) fn notify_changed(&self) {
        self.listeners.notify();
    }
}
