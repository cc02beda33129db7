//! The facility layer on the wire: GeoJSON as Leipzig's WFS and open-data
//! portal serve it, natively in EPSG:25833 (ETRS89 / UTM 33N, declared
//! with the legacy `crs` member) or in WGS84. Coordinates are converted
//! with proj4rs; polygons become a point inside them; features without
//! geometry, without a name, or outside Saxony are skipped and counted,
//! never fatal. The layer as a whole fails only when it is not GeoJSON, its
//! CRS is unknown, or nothing in it is usable.

use std::collections::HashSet;

use geo::InteriorPoint;
use geojson::{Feature, FeatureCollection, GeoJson, JsonObject, JsonValue};
use proj4rs::{adaptors::transform_xy, proj::Proj};
use url::Url;

use super::model::{Facility, Wheelchair};
use crate::{
    error::{LayerError, Result},
    http::{Conditional, HttpClient, Validators},
};

const ACCEPT: &str = "application/geo+json, application/json;q=0.9, */*;q=0.1";
/// Saxony's bounding box (with a margin): coordinates outside are wrong.
const SAXONY_LAT: (f64, f64) = (50.1, 51.75);
const SAXONY_LON: (f64, f64) = (11.8, 15.1);
const UTM33N: &str =
    "+proj=utm +zone=33 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs +type=crs";
const WGS84: &str = "+proj=longlat +ellps=WGS84 +datum=WGS84 +no_defs +type=crs";

/// A parsed layer.
#[derive(Debug, Default)]
pub struct ParsedLayer {
    /// Usable facilities, in layer order.
    pub facilities: Vec<Facility>,
    /// Skipped features: "index or id: reason".
    pub skipped: Vec<String>,
}

/// Fetches the layer at `url`, conditionally on `validators`.
pub async fn fetch(
    http: &HttpClient,
    url: &Url,
    validators: &Validators,
    max_bytes: u64,
) -> Result<Conditional> {
    http.get_conditional(url, validators, ACCEPT, max_bytes).await
}

/// Refuses bodies that are clearly not GeoJSON (an HTML error page); a
/// generic type passes when the body starts like a JSON object.
pub fn check_content_type(content_type: Option<&str>, body: &[u8]) -> Result<()> {
    crate::http::check_media_type(content_type, body, |media| media.ends_with("json"), b"{")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Crs {
    /// Longitude, latitude in degrees (RFC 7946, CRS84).
    Wgs84,
    /// EPSG:4326 by URN: officially latitude first; servers differ.
    Wgs84AxisUnclear,
    /// ETRS89 / UTM zone 33N, metres.
    Utm33,
}

fn crs_of(foreign: Option<&JsonObject>) -> std::result::Result<Crs, LayerError> {
    let Some(crs) = foreign.and_then(|f| f.get("crs")) else { return Ok(Crs::Wgs84) };
    let name = crs
        .get("properties")
        .and_then(|p| p.get("name"))
        .and_then(JsonValue::as_str)
        .unwrap_or_default();
    // `EPSG:25833`, `urn:ogc:def:crs:EPSG::25833`, `http://www.opengis.net/def/crs/EPSG/0/25833`.
    let code = name.rsplit([':', '/']).next().unwrap_or_default();
    match (name.to_ascii_uppercase(), code) {
        (n, _) if n.ends_with("CRS84") => Ok(Crs::Wgs84),
        (n, "4326") if n.starts_with("URN:") => Ok(Crs::Wgs84AxisUnclear),
        (_, "4326") => Ok(Crs::Wgs84),
        (_, "25833") => Ok(Crs::Utm33),
        _ => Err(LayerError::UnsupportedCrs(name.chars().take(80).collect())),
    }
}

fn in_saxony(lat: f64, lon: f64) -> bool {
    (SAXONY_LAT.0..=SAXONY_LAT.1).contains(&lat) && (SAXONY_LON.0..=SAXONY_LON.1).contains(&lon)
}

/// Parses a layer body.
pub fn parse_layer(body: &[u8]) -> Result<ParsedLayer> {
    // Syntax errors report only where they are: the message could quote
    // the layer's contents.
    let geojson: GeoJson = serde_json::from_slice(body).map_err(|e| {
        if e.is_syntax() || e.is_eof() {
            LayerError::Malformed(format!("line {} column {}", e.line(), e.column()))
        } else {
            LayerError::Malformed(short(&e.to_string()))
        }
    })?;
    let GeoJson::FeatureCollection(FeatureCollection { features, foreign_members, .. }) = geojson
    else {
        return Err(LayerError::Malformed("not a FeatureCollection".to_owned()).into());
    };
    let crs = crs_of(foreign_members.as_ref())?;
    let projections = match crs {
        Crs::Utm33 => Some(
            Proj::from_proj_string(UTM33N)
                .and_then(|from| Ok((from, Proj::from_proj_string(WGS84)?)))
                .map_err(|e| LayerError::UnsupportedCrs(e.to_string()))?,
        ),
        _ => None,
    };
    let mut layer = ParsedLayer::default();
    let mut ids = HashSet::new();
    for (index, feature) in features.into_iter().enumerate() {
        match to_facility(feature, crs, projections.as_ref()) {
            Ok(f) if !ids.insert(f.id.clone()) => {
                layer.skipped.push(format!("{}: duplicate id", f.id))
            }
            Ok(f) => layer.facilities.push(f),
            Err((label, reason)) => layer
                .skipped
                .push(format!("{}: {reason}", label.unwrap_or_else(|| format!("#{index}")))),
        }
    }
    if layer.facilities.is_empty() {
        return Err(LayerError::NoUsableFeatures { skipped: layer.skipped }.into());
    }
    Ok(layer)
}

type Skip = (Option<String>, &'static str);

fn to_facility(
    feature: Feature,
    crs: Crs,
    projections: Option<&(Proj, Proj)>,
) -> std::result::Result<Facility, Skip> {
    let props = feature.properties.unwrap_or_default();
    let text = |key: &str| -> Option<String> {
        match props.get(key)? {
            JsonValue::String(s) => {
                Some(s.trim().chars().take(300).collect::<String>()).filter(|s| !s.is_empty())
            }
            JsonValue::Number(n) => Some(n.to_string()),
            _ => None,
        }
    };
    let id = text("id").or_else(|| {
        feature.id.as_ref().map(|id| match id {
            geojson::feature::Id::String(s) => s.clone(),
            geojson::feature::Id::Number(n) => n.to_string(),
        })
    });
    let label = id.clone();
    let id = id.ok_or((None, "no id"))?;
    let name = text("name").ok_or((label.clone(), "no name"))?;
    let category =
        text("category").map(|c| c.to_lowercase()).ok_or((label.clone(), "no category"))?;
    let geometry = feature.geometry.ok_or((label.clone(), "no geometry"))?;
    let shape = geo::Geometry::<f64>::try_from(geometry)
        .map_err(|_| (label.clone(), "unusable geometry"))?;
    let point = shape.interior_point().ok_or((label.clone(), "empty geometry"))?;
    let (x, y) = (point.x(), point.y());
    if !x.is_finite() || !y.is_finite() {
        return Err((label, "coordinates are not numbers"));
    }
    let (lat, lon) = match (crs, projections) {
        (Crs::Utm33, Some((from, to))) => {
            let (lon, lat) = transform_xy(from, to, x, y)
                .map_err(|_| (label.clone(), "coordinates cannot be converted"))?;
            (lat.to_degrees(), lon.to_degrees())
        }
        // EPSG:4326 by URN promises latitude first, yet many servers send
        // longitude first: take the order that lands in Saxony.
        (Crs::Wgs84AxisUnclear, _) if !in_saxony(y, x) && in_saxony(x, y) => (x, y),
        _ => (y, x),
    };
    if !in_saxony(lat, lon) {
        return Err((label, "outside Saxony"));
    }
    Ok(Facility {
        id,
        name,
        category,
        street: text("street"),
        postcode: text("postcode"),
        city: text("city"),
        district: text("district"),
        lat,
        lon,
        opening_hours: text("opening_hours"),
        wheelchair: text("wheelchair").as_deref().and_then(Wheelchair::parse),
        phone: text("phone"),
        website: text("website")
            .filter(|w| Url::parse(w).is_ok_and(|u| matches!(u.scheme(), "http" | "https"))),
    })
}

fn short(text: &str) -> String {
    text.chars().take(120).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;

    fn layer(crs: Option<&str>, features: &str) -> Vec<u8> {
        let crs =
            crs.map(|n| format!(r#""crs": {{"type": "name", "properties": {{"name": "{n}"}}}},"#));
        format!(
            r#"{{"type": "FeatureCollection", {} "features": [{features}]}}"#,
            crs.unwrap_or_default()
        )
        .into_bytes()
    }

    fn point(id: &str, x: f64, y: f64) -> String {
        format!(
            r#"{{"type": "Feature", "geometry": {{"type": "Point", "coordinates": [{x}, {y}]}},
                "properties": {{"id": "{id}", "name": "Bürgerbüro {id}", "category": "Buergerbuero"}}}}"#
        )
    }

    fn metres(a: (f64, f64), b: (f64, f64)) -> f64 {
        use geo::{Distance, Haversine, Point};
        Haversine.distance(Point::new(a.1, a.0), Point::new(b.1, b.0))
    }

    #[test]
    fn utm_33n_converts_to_wgs84_within_a_metre() {
        // Bürgerbüro Otto-Schill-Straße; the UTM values were computed with PROJ.
        let parsed = parse_layer(&layer(
            Some("urn:ogc:def:crs:EPSG::25833"),
            &point("a", 316_868.76, 5_690_760.49),
        ))
        .expect("layer");
        let f = &parsed.facilities[0];
        assert!(metres((f.lat, f.lon), (51.33859, 12.37078)) < 1.0, "{} {}", f.lat, f.lon);
        assert_eq!(f.category, "buergerbuero", "categories are case-folded");
    }

    #[test]
    fn every_usual_spelling_of_wgs84_reads_the_right_axis_order() {
        let lon_first = point("a", 12.37078, 51.33859);
        for crs in [
            None,
            Some("urn:ogc:def:crs:OGC:1.3:CRS84"),
            Some("EPSG:4326"),
            Some("urn:ogc:def:crs:EPSG::4326"),
        ] {
            let f = &parse_layer(&layer(crs, &lon_first)).expect("layer").facilities[0];
            assert_eq!((f.lat, f.lon), (51.33859, 12.37078), "{crs:?}");
        }
        // The URN officially means latitude first; some servers do that.
        let lat_first = point("a", 51.33859, 12.37078);
        let f = &parse_layer(&layer(Some("urn:ogc:def:crs:EPSG::4326"), &lat_first))
            .expect("layer")
            .facilities[0];
        assert_eq!((f.lat, f.lon), (51.33859, 12.37078));
        let http = layer(
            Some("http://www.opengis.net/def/crs/EPSG/0/25833"),
            &point("a", 316_868.76, 5_690_760.49),
        );
        assert!(parse_layer(&http).is_ok());
    }

    #[test]
    fn a_polygon_becomes_a_point_inside_it() {
        // An L-shaped site: its centroid lies outside, the point must not.
        let feature = r#"{"type": "Feature", "id": 7, "geometry": {"type": "Polygon", "coordinates": [[
            [12.370, 51.330], [12.380, 51.330], [12.380, 51.332], [12.372, 51.332],
            [12.372, 51.340], [12.370, 51.340], [12.370, 51.330]]]},
            "properties": {"name": "Schwimmhalle", "category": "schwimmbad"}}"#;
        let parsed = parse_layer(&layer(None, feature)).expect("layer");
        let f = &parsed.facilities[0];
        assert_eq!(f.id, "7", "the feature id when the properties have none");
        let inside_west = (12.370..=12.372).contains(&f.lon) && (51.330..=51.340).contains(&f.lat);
        let inside_south = (12.370..=12.380).contains(&f.lon) && (51.330..=51.332).contains(&f.lat);
        assert!(inside_west || inside_south, "{} {}", f.lat, f.lon);
    }

    #[test]
    fn unusable_features_are_skipped_and_counted_not_fatal() {
        let features = [
            point("good", 12.37, 51.34),
            point("berlin", 13.40, 52.52),
            point("good", 12.38, 51.33),
            r#"{"type": "Feature", "geometry": null, "properties": {"id": "nowhere", "name": "x", "category": "museum"}}"#.to_owned(),
            r#"{"type": "Feature", "geometry": {"type": "Point", "coordinates": [12.3, 51.3]}, "properties": {"id": "nameless", "category": "museum"}}"#.to_owned(),
        ];
        let parsed = parse_layer(&layer(None, &features.join(","))).expect("layer");
        assert_eq!(parsed.facilities.len(), 1);
        assert_eq!(
            parsed.skipped,
            [
                "berlin: outside Saxony",
                "good: duplicate id",
                "nowhere: no geometry",
                "nameless: no name"
            ]
        );
    }

    #[test]
    fn whole_layer_failures_are_typed() {
        let malformed =
            |body: &[u8]| matches!(parse_layer(body), Err(Error::Layer(LayerError::Malformed(_))));
        assert!(malformed(br#"{"type": "FeatureCollection", "features": ["#));
        assert!(malformed(b"<html>Wartungsarbeiten</html>"));
        assert!(malformed(br#"{"type": "Feature", "geometry": null, "properties": {}}"#));
        assert!(malformed(br#"{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": {"type": "Point", "coordinates": "x"}}]}"#));
        let mercator = layer(Some("EPSG:3857"), &point("a", 1_377_000.0, 6_680_000.0));
        assert!(matches!(parse_layer(&mercator), Err(Error::Layer(LayerError::UnsupportedCrs(_)))));
        let nothing = layer(None, &point("berlin", 13.40, 52.52));
        let Err(Error::Layer(LayerError::NoUsableFeatures { skipped })) = parse_layer(&nothing)
        else {
            panic!("expected no usable features");
        };
        assert_eq!(skipped, ["berlin: outside Saxony"]);
    }

    #[test]
    fn optional_properties_are_cleaned_not_trusted() {
        let feature = r#"{"type": "Feature", "geometry": {"type": "Point", "coordinates": [12.37, 51.34]},
            "properties": {"id": "a", "name": "  Museum  ", "category": "museum", "postcode": 4109,
              "wheelchair": "designated", "website": "javascript:alert(1)", "phone": ""}}"#;
        let f = &parse_layer(&layer(None, feature)).expect("layer").facilities[0];
        assert_eq!(f.name, "Museum");
        assert_eq!(f.postcode.as_deref(), Some("4109"));
        assert_eq!((f.wheelchair, f.website.as_deref(), f.phone.as_deref()), (None, None, None));
    }

    #[test]
    fn only_json_media_types_or_json_looking_bodies_pass() {
        assert!(check_content_type(Some("application/geo+json"), b"{}").is_ok());
        assert!(check_content_type(Some("application/json;charset=UTF-8"), b"{}").is_ok());
        assert!(check_content_type(None, b" {}").is_ok());
        assert!(check_content_type(Some("text/html"), b"{}").is_err());
        assert!(check_content_type(Some("text/plain"), b"<html>").is_err());
    }
}
