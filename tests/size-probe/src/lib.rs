//! The "empty" library of the size report (`scripts/size-report`): a cdylib
//! with leipzig-ffi's third-party dependencies and none of the app.
//!
//! A library that merely listed them would come out nearly empty — the
//! linker drops whatever nothing calls — so the one exported function
//! calls the entry point the app uses of each dependency, on input the
//! caller provides (nothing can be computed at build time): an HTTP GET
//! over rustls in a tokio runtime, an SQL statement, an RSS feed, HTML to
//! text, opening hours with a holiday calendar, a UTM → WGS84 conversion,
//! OIDC provider metadata, a sealed box, a captcha, a barcode, a calendar
//! file, and so on. What leipzig-ffi weighs beyond this is the app itself.
//! The result means nothing; it only keeps every call alive.

use std::{io::Cursor, sync::Arc};

use chacha20poly1305::{
    KeyInit, XChaCha20Poly1305, XNonce,
    aead::{Aead, Payload},
};
use futures_util::{StreamExt, stream};
use geo::{Distance, Haversine, InteriorPoint, Point};
use icalendar::{Component, EventLike};
use sha2::Digest;
use unicode_normalization::UnicodeNormalization;

uniffi::setup_scaffolding!();

/// Why the probe stopped (it never does anything a caller acts on).
#[derive(Debug, thiserror::Error, uniffi::Error)]
pub enum ProbeError {
    /// Something failed.
    #[error("probe failed: {0}")]
    Failed(String),
}

/// Runs every dependency once on `input`; returns a meaningless number.
#[uniffi::export]
pub fn probe(input: String) -> Result<u64, ProbeError> {
    let mut n = text_and_data(&input);
    n += geography(&input);
    n += crypto(&input);
    n += documents(&input);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| ProbeError::Failed(e.to_string()))?;
    n += runtime.block_on(network(&input));
    Ok(n)
}

fn len<T: AsRef<[u8]>>(value: T) -> u64 {
    value.as_ref().len() as u64
}

/// Formats, parsers and the database.
fn text_and_data(input: &str) -> u64 {
    let mut n = 0;
    if let Ok(feed) = feed_rs::parser::parse(input.as_bytes()) {
        n += feed.entries.len() as u64;
    }
    n += html2text::from_read(Cursor::new(input), 80).map(len).unwrap_or(0);
    n += serde_json::from_str::<serde_json::Value>(input).map(|v| len(v.to_string())).unwrap_or(0);
    n += toml::from_str::<toml::Table>(input).map(|t| t.len() as u64).unwrap_or(0);
    n += url::Url::parse(input).map(|u| len(u.as_str())).unwrap_or(0);
    n += httpdate::parse_http_date(input).map(|_| 1).unwrap_or(0);
    n += len(input.nfc().collect::<String>());
    n += input.parse::<chrono_tz::Tz>().map(|tz| len(tz.name())).unwrap_or(0);
    n += chrono::DateTime::parse_from_rfc3339(input).map(|t| t.timestamp() as u64).unwrap_or(0);
    if let Ok(db) = rusqlite::Connection::open_in_memory() {
        let sql = "CREATE VIRTUAL TABLE t USING fts5(x); INSERT INTO t VALUES (?1); \
                   CREATE VIRTUAL TABLE r USING rtree(id, a, b);";
        let _ = db.execute_batch(&sql.replace("?1", "'x'"));
        n += db
            .query_row("SELECT count(*) FROM t WHERE t MATCH ?1", [input], |r| r.get::<_, i64>(0))
            .map(|c| c as u64)
            .unwrap_or(0);
    }
    n
}

/// Places: GeoJSON, projections, distances, opening hours and holidays.
fn geography(input: &str) -> u64 {
    let mut n = 0;
    if let Ok(geojson::GeoJson::Geometry(g)) = input.parse::<geojson::GeoJson>()
        && let Ok(shape) = geo::Geometry::<f64>::try_from(g)
        && let Some(p) = shape.interior_point()
    {
        n += Haversine.distance(p, Point::new(12.38, 51.34)) as u64;
        if let (Ok(from), Ok(to)) = (
            proj4rs::proj::Proj::from_proj_string(input),
            proj4rs::proj::Proj::from_proj_string("+proj=longlat +datum=WGS84"),
        ) {
            let (x, y) =
                proj4rs::adaptors::transform_xy(&from, &to, p.x(), p.y()).unwrap_or_default();
            n += (x + y) as u64;
        }
    }
    if let Ok(hours) = input.parse::<opening_hours::OpeningHours>() {
        let national = opening_hours::localization::Country::DE.holidays();
        let public: compact_calendar::CompactCalendar = national.get_public().iter().collect();
        let holidays = opening_hours::ContextHolidays::new(
            Arc::new(public),
            Arc::new(national.get_school().clone()),
        );
        let hours = hours.with_context(opening_hours::Context::default().with_holidays(holidays));
        let now = chrono::Utc::now().naive_utc();
        n += u64::from(hours.is_open(now));
        n += hours.next_change(now).map(|t| t.and_utc().timestamp() as u64).unwrap_or(0);
    }
    n
}

/// Keys, hashes, a sealed box, a captcha, random ids.
fn crypto(input: &str) -> u64 {
    let mut n = len(hex::encode(sha2::Sha512::digest(input)));
    n += len(base64::Engine::encode(&base64::engine::general_purpose::STANDARD, input));
    let key: [u8; 32] = sha2::Sha256::digest(input).into();
    let cipher = XChaCha20Poly1305::new(&key.into());
    let nonce: [u8; 24] = rand::random();
    n += cipher
        .encrypt(XNonce::from_slice(&nonce), Payload { msg: input.as_bytes(), aad: b"probe" })
        .map(len)
        .unwrap_or(0);
    if let Ok(challenge) = serde_json::from_str::<altcha::Challenge>(input)
        && let Ok(Some(solution)) =
            altcha::solve_challenge(altcha::SolveChallengeOptions::new(&challenge))
    {
        n += len(
            serde_json::to_string(&altcha::Payload { challenge, solution }).unwrap_or_default()
        );
    }
    n += len(uuid::Uuid::new_v4().to_string());
    n += len(bytes::Bytes::from(input.to_owned()));
    n
}

/// What the app draws and exports: a barcode and a calendar file.
fn documents(input: &str) -> u64 {
    let mut n = 0;
    if let Ok(code) = barcoders::sym::code39::Code39::new(input) {
        let encoded = code.encode();
        n += barcoders::generators::svg::SVG::new(80).generate(&encoded).map(len).unwrap_or(0);
        n += barcoders::generators::ascii::ASCII::new().generate(&encoded).map(len).unwrap_or(0);
    }
    let event = icalendar::Event::new()
        .summary(input)
        .starts(chrono::Utc::now())
        .alarm(icalendar::Alarm::display(input, -chrono::Duration::hours(2)))
        .done();
    n += len(icalendar::Calendar::new().push(event).done().to_string());
    n
}

/// HTTP over rustls, OIDC metadata, a few requests at once.
async fn network(input: &str) -> u64 {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let Ok(client) = reqwest::Client::builder()
        .tls_version_min(reqwest::tls::Version::TLS_1_2)
        .redirect(reqwest::redirect::Policy::none())
        .build()
    else {
        return 0;
    };
    let fetch = |url: String| {
        let client = client.clone();
        async move {
            let Ok(response) = client.get(url).send().await else { return 0 };
            let mut body = response.bytes_stream();
            let mut n = 0;
            while let Some(Ok(chunk)) = body.next().await {
                n += len(chunk);
            }
            n
        }
    };
    let sizes: Vec<u64> = stream::iter([input.to_owned(), format!("{input}/x")])
        .map(fetch)
        .buffer_unordered(2)
        .collect()
        .await;
    let mut n = sizes.iter().sum();
    if let Ok(metadata) = serde_json::from_str::<openidconnect::core::CoreProviderMetadata>(input) {
        n += len(metadata.issuer().as_str());
    }
    if let Ok(response) = client.get(input).send().await
        && let Ok(text) = response.text().await
    {
        n += len(text);
    }
    n
}
