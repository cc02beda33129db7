//! Deterministic synthetic data shaped like Leipzig's: press releases made
//! from the 36 real ones in `fixtures/news/` (numbered so every item is its
//! own), and a facility layer spread over the city's area with the names
//! and opening hours the real layer has.

use chrono::{DateTime, Duration, TimeZone, Utc};
use leipzig_core::news::{api::parse_feed, model::ParsedItem};
use leipzig_sandbox::news::{NewsState, PressRelease};
use serde_json::{Value, json};

use super::Fallible;

/// Augustusplatz, the centre of "near me" questions.
pub const AUGUSTUSPLATZ: (f64, f64) = (51.3397, 12.3810);

/// Publication time of item `seq`: five minutes after item `seq - 1`, so a
/// higher number is a newer item.
pub fn published(seq: u64) -> DateTime<Utc> {
    let start = Utc.with_ymd_and_hms(2024, 1, 1, 8, 0, 0).single().unwrap_or_default();
    start + Duration::minutes(5 * i64::try_from(seq).unwrap_or(i64::MAX / 10))
}

/// The city's press release number `seq`: a real one from the fixture
/// (cycling through the 36), with its own link, guid and date.
pub fn release(seq: u64, fixture: &[PressRelease]) -> PressRelease {
    let len = u64::try_from(fixture.len().max(1)).unwrap_or(1);
    let base = usize::try_from(seq % len).ok().and_then(|i| fixture.get(i));
    let mut r = base.cloned().unwrap_or_else(|| PressRelease {
        guid: None,
        link: "https://www.leipzig.de/newsarchiv/news/meldung".to_owned(),
        title: "Pressemitteilung".to_owned(),
        published: String::new(),
        categories: Vec::new(),
        description_html: "<p>Die Stadt Leipzig informiert.</p>".to_owned(),
        enclosure: None,
    });
    r.link = format!("{}-{seq}", r.link);
    r.guid = Some(r.link.clone());
    r.published = published(seq).to_rfc2822();
    r
}

/// The feed with items `newest`, `newest - 1`, … (`n` of them), newest first.
pub fn feed(newest: u64, n: usize) -> Vec<PressRelease> {
    let fixture = NewsState::seeded().items;
    (0..u64::try_from(n).unwrap_or(0))
        .filter_map(|k| newest.checked_sub(k))
        .map(|seq| release(seq, &fixture))
        .collect()
}

/// Stored-form items (as the core's parser makes them) for `seqs`: the
/// fixture is rendered and parsed once, then numbered like [`release`].
pub fn parsed_items(seqs: std::ops::Range<u64>) -> Fallible<Vec<ParsedItem>> {
    let fixture = NewsState::seeded().items;
    let xml = leipzig_sandbox::news::render(&fixture, "http://127.0.0.1/")?;
    let base = parse_feed(&xml)?.items;
    if base.is_empty() {
        return Err("the news fixture parsed to nothing".into());
    }
    let len = base.len() as u64;
    Ok(seqs
        .map(|seq| {
            let mut item = base[usize::try_from(seq % len).unwrap_or(0)].clone();
            let link = format!("{}-{seq}", item.link.as_deref().unwrap_or(&item.guid));
            item.guid = link.clone();
            item.link = Some(link);
            item.published = Some(published(seq));
            item
        })
        .collect())
}

/// A layer of `n` facilities (the sandbox's `/_sandbox/geo/facilities`
/// shape, WGS84): every sixth a Bürgerbüro, a library, a pool, …, spread
/// over Leipzig's area; names carry `generation` so a new one differs.
pub fn facility_layer(n: usize, generation: u32) -> Value {
    let categories = ["buergerbuero", "bibliothek", "schwimmbad", "kita", "schule", "museum"];
    let kinds =
        ["Bürgerbüro", "Stadtteilbibliothek", "Schwimmhalle", "Kita", "Grundschule", "Museum"];
    let districts = [
        "Grünau",
        "Plagwitz",
        "Gohlis",
        "Connewitz",
        "Reudnitz",
        "Schönefeld",
        "Lößnig",
        "Möckern",
    ];
    let hours = [
        "Mo-Fr 09:00-18:00; PH off",
        "Mo-Fr 06:30-17:00; PH off",
        "Tu-Su 10:00-18:00",
        "nach Vereinbarung",
    ];
    // A fixed linear congruential sequence: the same city on every run.
    let mut seed: u64 = 0x5eed_1e1b;
    let mut next = move || {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (seed >> 11) as f64 / (1u64 << 53) as f64
    };
    let facilities: Vec<Value> = (0..n)
        .map(|i| {
            let c = i % categories.len();
            let district = districts[i % districts.len()];
            json!({
                "id": format!("f-{i}"),
                "name": format!("{} {district} {i} ({generation})", kinds[c]),
                "category": categories[c],
                "street": format!("Teststraße {}", i % 200 + 1),
                "postcode": "04109", "city": "Leipzig", "district": district,
                "lat": 51.24 + next() * 0.21, "lon": 12.23 + next() * 0.32,
                "opening_hours": hours[i % hours.len()],
                // Independent of the category (i % 6), so every kind has step-free ones.
                "wheelchair": if (i / 6) % 3 == 0 { "yes" } else { "no" },
            })
        })
        .collect();
    Value::Array(facilities)
}
