//! `leipzig facilities …`: public facilities from the stored layer —
//! search, near me, open now — fetched first only when none is stored.

use chrono::{DateTime, Utc};
use leipzig_core::{
    App,
    facilities::{FacilityHit, FacilityQuery, LayerRefresh, OpenState, Wheelchair},
};
use serde::Serialize;

use crate::{
    args::{FacilitiesCommand, FacilitySearchArgs, Global},
    fail::Failure,
    output,
};

/// One facility as `--json` prints it.
#[derive(Debug, Serialize)]
pub struct FacilityJson {
    id: String,
    name: String,
    category: String,
    address: String,
    district: Option<String>,
    /// WGS84.
    lat: f64,
    lon: f64,
    /// Metres, with `--near`.
    #[serde(skip_serializing_if = "Option::is_none")]
    distance_m: Option<f64>,
    /// `null` when the hours are missing or do not parse.
    open_now: Option<bool>,
    opens_at: Option<DateTime<Utc>>,
    closes_at: Option<DateTime<Utc>>,
    opening_hours: Option<String>,
    opening_comment: Option<String>,
    wheelchair: Option<&'static str>,
    phone: Option<String>,
    website: Option<String>,
}

impl From<&FacilityHit> for FacilityJson {
    fn from(hit: &FacilityHit) -> Self {
        let f = &hit.facility;
        Self {
            id: f.id.clone(),
            name: f.name.clone(),
            category: f.category.clone(),
            address: f.address(),
            district: f.district.clone(),
            lat: f.lat,
            lon: f.lon,
            distance_m: hit.distance_m.map(f64::round),
            open_now: match hit.opening.state {
                OpenState::Open => Some(true),
                OpenState::Closed => Some(false),
                OpenState::Unknown => None,
            },
            opens_at: hit.opening.opens_at,
            closes_at: hit.opening.closes_at,
            opening_hours: f.opening_hours.clone(),
            opening_comment: hit.opening.comment.clone(),
            wheelchair: f.wheelchair.map(Wheelchair::as_str),
            phone: f.phone.clone(),
            website: f.website.clone(),
        }
    }
}

/// Runs `leipzig facilities …`.
pub async fn run(app: &App, global: &Global, command: &FacilitiesCommand) -> Result<(), Failure> {
    match command {
        FacilitiesCommand::Search(args) => search(app, global, args).await,
        FacilitiesCommand::Show { id, at } => show(app, global, id, *at).await,
        FacilitiesCommand::Refresh => refresh(app, global).await,
    }
}

/// Makes sure a layer is stored: fetched when none is (and the network may be used).
async fn ensure_layer(app: &App, global: &Global) -> Result<(), Failure> {
    if app.facilities().count()? > 0 {
        return Ok(());
    }
    if app.is_offline() {
        return Err(Failure::new(
            "no facilities stored on this machine yet; run `leipzig facilities refresh` once online",
        ));
    }
    fetch(app, global).await.map(|_| ())
}

async fn fetch(app: &App, global: &Global) -> Result<LayerRefresh, Failure> {
    let outcome = output::with_spinner(
        "Fetching the city's facilities…",
        global.json,
        app.facilities().refresh(),
    )
    .await?;
    if !global.json {
        match &outcome {
            LayerRefresh::NotModified => eprintln!("Facilities are up to date."),
            LayerRefresh::Replaced(report) => {
                eprintln!("{} facilities stored.", report.stored);
                if !report.skipped.is_empty() {
                    output::warn(&format!(
                        "{} feature(s) of the layer skipped: {}",
                        report.skipped.len(),
                        report.skipped.join("; ")
                    ));
                }
            }
        }
    }
    Ok(outcome)
}

async fn refresh(app: &App, global: &Global) -> Result<(), Failure> {
    let outcome = fetch(app, global).await?;
    if global.json {
        let json = match outcome {
            LayerRefresh::NotModified => serde_json::json!({"changed": false}),
            LayerRefresh::Replaced(report) => serde_json::json!({
                "changed": true, "stored": report.stored, "skipped": report.skipped,
            }),
        };
        return output::json(&json);
    }
    Ok(())
}

async fn search(app: &App, global: &Global, args: &FacilitySearchArgs) -> Result<(), Failure> {
    ensure_layer(app, global).await?;
    let query = FacilityQuery {
        text: args.query.clone().unwrap_or_default(),
        category: args.category.clone(),
        near: args.near,
        open_now: args.open_now,
        at: args.at,
        wheelchair: args.wheelchair,
        limit: args.limit,
    };
    let hits = app.facilities().search(&query)?;
    if global.json {
        return output::json(&hits.iter().map(FacilityJson::from).collect::<Vec<_>>());
    }
    if hits.is_empty() {
        eprintln!("No facility matches.");
        return Ok(());
    }
    let mut header = vec!["ID", "Name", "Category", "Address"];
    if args.near.is_some() {
        header.push("Distance");
    }
    header.push("Now");
    let mut table = output::table(&header);
    for hit in &hits {
        let f = &hit.facility;
        let mut row = vec![f.id.clone(), f.name.clone(), f.category.clone(), f.address()];
        if let Some(d) = hit.distance_m {
            row.push(distance(d));
        }
        row.push(status(hit));
        table.add_row(row);
    }
    println!("{table}");
    Ok(())
}

async fn show(
    app: &App,
    global: &Global,
    id: &str,
    at: Option<DateTime<Utc>>,
) -> Result<(), Failure> {
    ensure_layer(app, global).await?;
    let hit = app.facilities().show(id, at)?;
    if global.json {
        return output::json(&FacilityJson::from(&hit));
    }
    let f = &hit.facility;
    println!("{}", f.name);
    println!("{}", f.address());
    if let Some(district) = &f.district {
        println!("{district}");
    }
    println!();
    println!("Now: {}", status(&hit));
    if let Some(hours) = &f.opening_hours {
        println!("Opening hours: {hours}");
    }
    if let Some(w) = f.wheelchair {
        println!("Step-free: {}", w.as_str());
    }
    for value in [&f.phone, &f.website].into_iter().flatten() {
        println!("{value}");
    }
    println!(
        "Map: https://www.openstreetmap.org/?mlat={:.5}&mlon={:.5}#map=18/{:.5}/{:.5}",
        f.lat, f.lon, f.lat, f.lon
    );
    Ok(())
}

/// "350 m", "2.4 km".
pub(crate) fn distance(metres: f64) -> String {
    if metres < 1000.0 { format!("{metres:.0} m") } else { format!("{:.1} km", metres / 1000.0) }
}

/// "open until 18:00", "closed, opens 19.11.2026 09:00", "hours unknown".
pub(crate) fn status(hit: &FacilityHit) -> String {
    let mut text = match hit.opening.state {
        OpenState::Open => match hit.opening.closes_at {
            Some(t) => format!("open until {}", output::local_time(Some(t))),
            None => "open".to_owned(),
        },
        OpenState::Closed => match hit.opening.opens_at {
            Some(t) => format!("closed, opens {}", output::local_time(Some(t))),
            None => "closed".to_owned(),
        },
        OpenState::Unknown => "hours unknown".to_owned(),
    };
    if let Some(comment) = &hit.opening.comment {
        text.push_str(&format!(" ({comment})"));
    }
    text
}
