//! `GET /geo/facilities.geojson`: public facilities as Leipzig's WFS serves
//! its layers — a GeoJSON `FeatureCollection` of points, natively in
//! EPSG:25833 (ETRS89 / UTM 33N, metres) declared with the legacy `crs`
//! member, or RFC 7946 WGS84 when asked with `srsName=EPSG:4326`. `ETag` and
//! `304` like every cacheable document here. Property names are documented
//! in `fixtures/geo/README.md`.

use std::collections::HashMap;

use axum::{
    extract::{Query, State},
    http::{HeaderMap, StatusCode},
    response::Response,
};
use proj4rs::{adaptors::transform_xy, proj::Proj};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::{SandboxContext, problem};

const FIXTURE: &str = include_str!("../../fixtures/geo/facilities-seed.json");
const WGS84: &str = "+proj=longlat +ellps=WGS84 +datum=WGS84 +no_defs +type=crs";
const UTM33N: &str =
    "+proj=utm +zone=33 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs +type=crs";
/// How a WFS names EPSG:25833 in the legacy `crs` member.
const UTM33N_URN: &str = "urn:ogc:def:crs:EPSG::25833";

/// One facility, as the seed file holds it (WGS84).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeedFacility {
    /// Stable id.
    pub id: String,
    /// Name.
    pub name: String,
    /// `buergerbuero`, `bibliothek`, `schwimmbad`, `kita`, `schule`, `museum`, …
    pub category: String,
    /// Street and house number.
    #[serde(default)]
    pub street: Option<String>,
    /// Postcode.
    #[serde(default)]
    pub postcode: Option<String>,
    /// City.
    #[serde(default)]
    pub city: Option<String>,
    /// Ortsteil.
    #[serde(default)]
    pub district: Option<String>,
    /// WGS84 latitude.
    pub lat: f64,
    /// WGS84 longitude.
    pub lon: f64,
    /// OpenStreetMap `opening_hours`.
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

/// The facility layer the sandbox serves.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct GeoState {
    /// Facilities in layer order.
    pub facilities: Vec<SeedFacility>,
}

impl GeoState {
    /// The seed from `fixtures/geo/`.
    pub fn seeded() -> Self {
        // Compiled in and checked by a test: unreadable would be a build defect.
        Self { facilities: serde_json::from_str(FIXTURE).unwrap_or_default() }
    }
}

/// The coordinate systems a client may ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Srs {
    /// EPSG:25833, the layer's native system (the default).
    Utm33,
    /// WGS84 longitude/latitude (RFC 7946).
    Wgs84,
}

impl Srs {
    /// From a WFS `srsName` value; `None` for systems the layer does not offer.
    pub fn parse(name: &str) -> Option<Self> {
        let upper = name.trim().to_ascii_uppercase();
        let code = upper.rsplit(':').next().unwrap_or_default();
        match code {
            "25833" => Some(Self::Utm33),
            "4326" | "CRS84" | "84" => Some(Self::Wgs84),
            _ => None,
        }
    }
}

/// `GET /geo/facilities.geojson[?srsName=…]`. WFS parameter names are
/// case-insensitive; other WFS parameters are accepted and ignored.
pub async fn facilities(
    State(ctx): State<SandboxContext>,
    Query(params): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let asked = params.iter().find(|(k, _)| k.eq_ignore_ascii_case("srsName")).map(|(_, v)| v);
    let srs = match asked {
        None => Srs::Utm33,
        Some(name) => match Srs::parse(name) {
            Some(srs) => srs,
            None => {
                return problem::response(
                    StatusCode::BAD_REQUEST,
                    "srsName not offered: use EPSG:25833 or EPSG:4326",
                );
            }
        },
    };
    let document = ctx.state.read(|s| render(&s.geo.facilities, srs));
    match document.map(|d| d.to_string().into_bytes()) {
        Ok(body) => crate::conditional::respond(&headers, body, "application/geo+json", None),
        Err(reason) => problem::response(StatusCode::INTERNAL_SERVER_ERROR, &reason),
    }
}

/// The layer as a GeoJSON document in `srs`.
pub fn render(facilities: &[SeedFacility], srs: Srs) -> Result<Value, String> {
    let projections = match srs {
        Srs::Utm33 => Some(
            Proj::from_proj_string(WGS84)
                .and_then(|from| Ok((from, Proj::from_proj_string(UTM33N)?)))
                .map_err(|e| format!("projection: {e}"))?,
        ),
        Srs::Wgs84 => None,
    };
    let mut features = Vec::with_capacity(facilities.len());
    for f in facilities {
        let coordinates = match &projections {
            Some((from, to)) => {
                let (x, y) = transform_xy(from, to, f.lon.to_radians(), f.lat.to_radians())
                    .map_err(|e| format!("{}: {e}", f.id))?;
                // A WFS writes centimetres.
                [round(x, 2), round(y, 2)]
            }
            None => [round(f.lon, 7), round(f.lat, 7)],
        };
        features.push(json!({
            "type": "Feature",
            "id": f.id,
            "geometry": {"type": "Point", "coordinates": coordinates},
            "properties": {
                "id": f.id,
                "name": f.name,
                "category": f.category,
                "street": f.street,
                "postcode": f.postcode,
                "city": f.city,
                "district": f.district,
                "opening_hours": f.opening_hours,
                "wheelchair": f.wheelchair,
                "phone": f.phone,
                "website": f.website,
            },
        }));
    }
    let mut document = json!({"type": "FeatureCollection", "features": features});
    if srs == Srs::Utm33 {
        document["crs"] = json!({"type": "name", "properties": {"name": UTM33N_URN}});
    }
    Ok(document)
}

fn round(value: f64, decimals: i32) -> f64 {
    let factor = 10f64.powi(decimals);
    (value * factor).round() / factor
}

#[cfg(test)]
mod tests {
    use super::*;

    fn otto_schill() -> SeedFacility {
        GeoState::seeded()
            .facilities
            .into_iter()
            .find(|f| f.id == "buergerbuero-10401")
            .expect("seeded Bürgerbüro")
    }

    #[test]
    fn the_seed_is_readable_and_has_every_category() {
        let seed = GeoState::seeded().facilities;
        for category in ["buergerbuero", "bibliothek", "schwimmbad", "kita", "schule", "museum"] {
            assert!(seed.iter().any(|f| f.category == category), "{category}");
        }
        assert_eq!(seed.iter().filter(|f| f.category == "buergerbuero").count(), 11);
    }

    #[test]
    fn native_coordinates_match_an_independent_projection() {
        // Reference values computed with PROJ (pyproj) for EPSG:4326 → EPSG:25833.
        let doc = render(&[otto_schill()], Srs::Utm33).expect("render");
        let xy = &doc["features"][0]["geometry"]["coordinates"];
        let (x, y) = (xy[0].as_f64().unwrap_or_default(), xy[1].as_f64().unwrap_or_default());
        assert!((x - 316_868.76).abs() < 0.05 && (y - 5_690_760.49).abs() < 0.05, "{x} {y}");
        assert_eq!(doc["crs"]["properties"]["name"], UTM33N_URN);
    }

    #[test]
    fn wgs84_is_longitude_first_without_a_crs_member() {
        let doc = render(&[otto_schill()], Srs::Wgs84).expect("render");
        assert_eq!(doc["features"][0]["geometry"]["coordinates"], json!([12.37078, 51.33859]));
        assert!(doc.get("crs").is_none());
    }

    #[test]
    fn srs_names_in_their_usual_spellings() {
        assert_eq!(Srs::parse("EPSG:4326"), Some(Srs::Wgs84));
        assert_eq!(Srs::parse("urn:ogc:def:crs:EPSG::25833"), Some(Srs::Utm33));
        assert_eq!(Srs::parse("urn:ogc:def:crs:OGC:1.3:CRS84"), Some(Srs::Wgs84));
        assert_eq!(Srs::parse("EPSG:3857"), None);
    }
}
