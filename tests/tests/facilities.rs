//! The facility finder end to end: the sandbox's WFS-style layer in
//! EPSG:25833 and WGS84, ingest into SQLite, search in German spellings,
//! near me, open now with Saxony's holidays, and layers that must not
//! replace a good one.

use chrono::{DateTime, Utc};
use leipzig_core::{
    Error,
    error::LayerError,
    facilities::{FacilityHit, FacilityQuery, LayerRefresh, OpenState},
};
use leipzig_e2e::{TestCity, client};
use leipzig_sandbox::{FaultAction, geo::GeoState};
use serde_json::json;

const LAYER: &str = "/geo/facilities.geojson";
const OTTO_SCHILL: &str = "buergerbuero-10401";
const AUGUSTUSPLATZ: (f64, f64) = (51.3397, 12.3810);

async fn stocked() -> TestCity {
    let city = TestCity::start().await;
    let outcome = city.app.facilities().refresh().await.expect("layer");
    let LayerRefresh::Replaced(report) = outcome else { panic!("first refresh stores") };
    assert_eq!(report.stored, GeoState::seeded().facilities.len());
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);
    city
}

fn search(city: &TestCity, query: FacilityQuery) -> Vec<FacilityHit> {
    city.app.facilities().search(&query).expect("search")
}

fn text(q: &str) -> FacilityQuery {
    FacilityQuery { text: q.to_owned(), ..FacilityQuery::default() }
}

fn ids(hits: &[FacilityHit]) -> Vec<&str> {
    hits.iter().map(|h| h.facility.id.as_str()).collect()
}

fn at(rfc3339: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(rfc3339).expect("instant").to_utc()
}

/// Great-circle distance in metres, written here so the test does not
/// trust the code under test.
fn metres((lat1, lon1): (f64, f64), (lat2, lon2): (f64, f64)) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let (dp, dl) = ((lat2 - lat1).to_radians(), (lon2 - lon1).to_radians());
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6_371_008.8 * a.sqrt().asin()
}

#[tokio::test]
async fn three_spellings_find_the_buergerbuero() {
    let city = stocked().await;
    for spelling in ["buergerbuero", "Bürgerb", "burgerburo", "BÜRGERBÜRO", "Buergerbüro otto"]
    {
        let hits = search(&city, text(spelling));
        assert!(ids(&hits).contains(&OTTO_SCHILL), "{spelling}: {:?}", ids(&hits));
        assert!(hits.iter().all(|h| h.facility.category == "buergerbuero"), "{spelling}");
    }
    assert_eq!(ids(&search(&city, text("otto schill strasse"))), [OTTO_SCHILL], "ß as ss");
    assert_eq!(ids(&search(&city, text("Otto-Schill-Straße"))), [OTTO_SCHILL]);
    let libraries = search(&city, text("bibliothek grünau"));
    assert!(libraries.len() >= 2 && libraries.iter().all(|h| h.facility.category == "bibliothek"));
}

#[tokio::test]
async fn fts_and_sql_syntax_in_a_query_is_plain_text() {
    let city = stocked().await;
    for query in [
        "\"",
        "*",
        "NEAR",
        "-",
        "\"Otto",
        "Otto*",
        "Otto-Schill\"",
        "NEAR(otto schill)",
        "-Otto",
        "otto OR",
        "AND",
        "'; DROP TABLE facility; --",
        "%",
        "_",
        "^otto",
        "otto:schill",
        "()",
    ] {
        let hits = city.app.facilities().search(&text(query));
        assert!(hits.is_ok(), "{query}: {hits:?}");
    }
    for query in ["\"Otto", "Otto*", "Otto-Schill\"", "-Otto", "^otto"] {
        assert!(ids(&search(&city, text(query))).contains(&OTTO_SCHILL), "{query}");
    }
    assert!(search(&city, text("NEAR")).is_empty(), "NEAR is a word to find, not an operator");
    assert_eq!(city.app.facilities().count().expect("count"), 58, "and nothing was dropped");
}

#[tokio::test]
async fn near_augustusplatz_comes_in_true_distance_order() {
    let city = stocked().await;
    let near = |category: Option<&str>, limit: u32| {
        let query = FacilityQuery {
            near: Some(AUGUSTUSPLATZ),
            category: category.map(str::to_owned),
            limit,
            ..FacilityQuery::default()
        };
        search(&city, query)
    };
    let mut everything = GeoState::seeded().facilities;
    // Facilities in one building are equally near: by name then.
    everything.sort_by(|a, b| {
        metres(AUGUSTUSPLATZ, (a.lat, a.lon))
            .total_cmp(&metres(AUGUSTUSPLATZ, (b.lat, b.lon)))
            .then_with(|| a.name.cmp(&b.name))
    });

    let hits = near(None, 20);
    let expected: Vec<&str> = everything.iter().take(20).map(|f| f.id.as_str()).collect();
    assert_eq!(ids(&hits), expected);
    for hit in &hits {
        let own = metres(AUGUSTUSPLATZ, (hit.facility.lat, hit.facility.lon));
        let reported = hit.distance_m.expect("distance");
        assert!((reported - own).abs() < 5.0, "{}: {reported} vs {own}", hit.facility.id);
    }

    let offices = near(Some("buergerbuero"), 3);
    let expected: Vec<&str> = everything
        .iter()
        .filter(|f| f.category == "buergerbuero")
        .take(3)
        .map(|f| f.id.as_str())
        .collect();
    assert_eq!(ids(&offices), expected);
    assert_eq!(offices[0].facility.id, OTTO_SCHILL);

    // Far outside the city, the widening search still finds the nearest.
    let far = FacilityQuery { near: Some((50.83, 12.92)), limit: 1, ..FacilityQuery::default() };
    assert_eq!(search(&city, far).len(), 1, "Chemnitz: something in Leipzig, 60 km away");
    let nonsense = FacilityQuery { near: Some((91.0, 12.0)), ..FacilityQuery::default() };
    assert!(matches!(
        city.app.facilities().search(&nonsense),
        Err(Error::Validation { field: "near", .. })
    ));
}

#[tokio::test]
async fn coordinates_from_epsg_25833_are_within_a_metre_of_the_wgs84_originals() {
    let city = stocked().await;
    let native: serde_json::Value = client()
        .get(format!("{}geo/facilities.geojson", city.sandbox.base_url()))
        .send()
        .await
        .expect("layer")
        .json()
        .await
        .expect("json");
    assert_eq!(native["crs"]["properties"]["name"], "urn:ogc:def:crs:EPSG::25833");
    assert!(
        native["features"][0]["geometry"]["coordinates"][0].as_f64().unwrap_or_default()
            > 100_000.0
    );

    let all = search(&city, FacilityQuery { limit: 1000, ..FacilityQuery::default() });
    let seed = GeoState::seeded().facilities;
    assert_eq!(all.len(), seed.len());
    for original in &seed {
        let hit = all.iter().find(|h| h.facility.id == original.id).expect("stored");
        let off = metres((original.lat, original.lon), (hit.facility.lat, hit.facility.lon));
        assert!(off < 1.0, "{} is {off:.2} m off", original.id);
    }
}

#[tokio::test]
async fn buss_und_bettag_closes_an_office_that_is_open_the_day_before() {
    let city = TestCity::start().await;
    let layer = json!([
        {"id": "amt", "name": "Bürgerbüro Test", "category": "buergerbuero", "lat": 51.34, "lon": 12.37,
         "opening_hours": "Mo-Fr 09:00-18:00; PH off"},
        {"id": "vereinbarung", "name": "Sportmuseum", "category": "museum", "lat": 51.34, "lon": 12.35,
         "opening_hours": "nach Vereinbarung"},
    ]);
    city.control("geo/facilities", layer).await;
    city.app.facilities().refresh().await.expect("layer");

    let holiday =
        city.app.facilities().show("amt", Some(at("2026-11-18T10:00:00+01:00"))).expect("show");
    assert_eq!(holiday.opening.state, OpenState::Closed);
    assert_eq!(holiday.opening.opens_at, Some(at("2026-11-19T09:00:00+01:00")));
    let day_before =
        city.app.facilities().show("amt", Some(at("2026-11-17T10:00:00+01:00"))).expect("show");
    assert_eq!(day_before.opening.state, OpenState::Open);
    assert_eq!(day_before.opening.closes_at, Some(at("2026-11-17T18:00:00+01:00")));
    let reformation =
        city.app.facilities().show("amt", Some(at("2025-10-31T10:00:00+01:00"))).expect("show");
    assert_eq!(
        reformation.opening.state,
        OpenState::Closed,
        "Reformationstag is a holiday in Saxony"
    );

    let open_now = |instant: &str| {
        let query =
            FacilityQuery { open_now: true, at: Some(at(instant)), ..FacilityQuery::default() };
        search(&city, query)
    };
    assert!(open_now("2026-11-18T10:00:00+01:00").is_empty());
    assert_eq!(
        ids(&open_now("2026-11-17T10:00:00+01:00")),
        ["amt"],
        "unknown hours never count as open"
    );
    let unknown = city.app.facilities().show("vereinbarung", None).expect("show");
    assert_eq!(unknown.opening.state, OpenState::Unknown);
}

/// Whether a refresh failed the way a case expects.
type ErrorCheck = fn(&Error) -> bool;

#[tokio::test]
async fn a_malformed_layer_leaves_the_previous_one_intact_and_says_why() {
    let city = stocked().await;
    let body = |text: &str| FaultAction::Body {
        content_type: Some("application/geo+json".to_owned()),
        body: text.to_owned(),
        body_hex: None,
    };
    let no_geometry = r#"{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": null,
        "properties": {"id": "x", "name": "Bürgerbüro ohne Ort", "category": "buergerbuero"}}]}"#;
    let mercator = r#"{"type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "EPSG:3857"}},
        "features": [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [1377000, 6680000]},
        "properties": {"id": "x", "name": "Bürgerbüro Web Mercator", "category": "buergerbuero"}}]}"#;
    let hundred_mb = 100 * 1024 * 1024;
    let cases: Vec<(&str, FaultAction, ErrorCheck)> = vec![
        ("broken JSON", body(r#"{"type": "FeatureCollection", "features": [{"type": "Fea"#), |e| {
            matches!(e, Error::Layer(LayerError::Malformed(_)))
        }),
        (
            "wrong CRS",
            body(mercator),
            |e| matches!(e, Error::Layer(LayerError::UnsupportedCrs(n)) if n == "EPSG:3857"),
        ),
        (
            "feature without geometry",
            body(no_geometry),
            |e| matches!(e, Error::Layer(LayerError::NoUsableFeatures { skipped }) if skipped == &["x: no geometry"]),
        ),
        (
            "100 MB announced",
            FaultAction::HugeBody { bytes: hundred_mb, content_type: None, chunked: false },
            |e| matches!(e, Error::ResponseTooLarge { .. }),
        ),
        (
            "100 MB streamed",
            FaultAction::HugeBody { bytes: hundred_mb, content_type: None, chunked: true },
            |e| matches!(e, Error::ResponseTooLarge { .. }),
        ),
        (
            "an HTML error page",
            FaultAction::Body {
                content_type: Some("text/html".to_owned()),
                body: "<html>Wartung</html>".to_owned(),
                body_hex: None,
            },
            |e| matches!(e, Error::UnexpectedContentType(_)),
        ),
    ];
    for (what, fault, expected) in cases {
        city.inject(LAYER, 1, fault);
        let watch = city.data_version();
        let error = city.app.facilities().refresh().await.expect_err(what);
        assert!(expected(&error), "{what}: {error:?}");
        assert!(!error.to_string().is_empty());
        assert!(!watch.changed(), "{what}: nothing may be written");
        assert_eq!(city.app.facilities().count().expect("count"), 58, "{what}");
        assert!(ids(&search(&city, text("Otto-Schill"))).contains(&OTTO_SCHILL), "{what}");
    }
    // The good layer is still known: the next refresh is a cheap 304.
    assert_eq!(city.app.facilities().refresh().await.expect("refresh"), LayerRefresh::NotModified);
}

#[tokio::test]
async fn a_new_layer_replaces_the_old_one_whole_and_skips_what_it_cannot_use() {
    let city = stocked().await;
    let layer = json!([
        {"id": "neu", "name": "Stadtteilbibliothek Neuland", "category": "bibliothek", "lat": 51.345, "lon": 12.39,
         "opening_hours": "Mo-Fr 10:00-18:00; PH off", "wheelchair": "yes"},
        {"id": "berlin", "name": "Bibliothek am Alex", "category": "bibliothek", "lat": 52.52, "lon": 13.41},
    ]);
    city.control("geo/facilities", layer).await;
    let LayerRefresh::Replaced(report) = city.app.facilities().refresh().await.expect("refresh")
    else {
        panic!("a changed layer is stored");
    };
    assert_eq!(report.stored, 1);
    assert_eq!(report.skipped, ["berlin: outside Saxony"]);
    assert!(search(&city, text("Bürgerbüro")).is_empty(), "the old layer's text index is gone");
    assert_eq!(ids(&search(&city, text("neuland"))), ["neu"]);
    let near = FacilityQuery { near: Some(AUGUSTUSPLATZ), ..FacilityQuery::default() };
    assert_eq!(ids(&search(&city, near)), ["neu"], "the old layer's R*Tree entries are gone");
    let wheelchair = FacilityQuery { wheelchair: true, ..FacilityQuery::default() };
    assert_eq!(ids(&search(&city, wheelchair)), ["neu"]);
}

#[tokio::test]
async fn the_finder_works_offline_after_a_restart_and_a_wipe_empties_it() {
    let city = stocked().await;
    let phone = city.reopen();
    phone.set_offline(true);
    let query = FacilityQuery {
        text: "bibliothek".to_owned(),
        near: Some(AUGUSTUSPLATZ),
        ..FacilityQuery::default()
    };
    assert!(!phone.facilities().search(&query).expect("offline search").is_empty());
    assert!(matches!(phone.facilities().refresh().await, Err(Error::Offline)));

    phone.set_offline(false);
    phone.wipe_local_data(false).expect("wipe");
    assert_eq!(phone.facilities().count().expect("count"), 0);
    assert!(phone.facilities().search(&query).expect("search").is_empty());
    assert!(
        matches!(phone.facilities().refresh().await.expect("refetch"), LayerRefresh::Replaced(_)),
        "validators went with the wipe: a full fetch, not a 304"
    );
}
