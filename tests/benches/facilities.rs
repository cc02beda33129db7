//! The facility finder over a 20 000-facility layer (printed, never
//! asserted): text search, nearest 20, open now, and a full layer refresh
//! (download in EPSG:25833, parse, convert, store).
//! Run: `cargo bench -p leipzig-e2e --bench facilities`.

use std::{sync::Arc, time::Duration};

use criterion::{Criterion, criterion_group, criterion_main};
use leipzig_core::{App, Platform, facilities::FacilityQuery, platform::NullLogger};
use serde_json::{Value, json};

const FACILITIES: usize = 20_000;
const AUGUSTUSPLATZ: (f64, f64) = (51.3397, 12.3810);

/// A deterministic city: facilities spread over Leipzig's area, names and
/// hours in the shapes the real layer has.
fn synthetic_layer(generation: u32) -> Value {
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
    let mut seed: u64 = 0x5eed_1e1b;
    let mut next = move || {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (seed >> 11) as f64 / (1u64 << 53) as f64
    };
    let facilities: Vec<Value> = (0..FACILITIES)
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

fn finder(c: &mut Criterion) {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let (sandbox, app, _dir) = runtime.block_on(async {
        let sandbox = leipzig_sandbox::start(Default::default()).await.expect("sandbox");
        let dir = tempfile::tempdir().expect("temp dir");
        let platform = Platform { logger: Arc::new(NullLogger), ..Platform::in_memory() };
        let app =
            App::open(leipzig_e2e::test_config(&sandbox, dir.path()), platform).expect("open");
        (sandbox, app, dir)
    });
    let publish = |generation: u32| {
        runtime.block_on(async {
            leipzig_e2e::client()
                .post(format!("{}_sandbox/geo/facilities", sandbox.base_url()))
                .json(&synthetic_layer(generation))
                .send()
                .await
                .and_then(reqwest::Response::error_for_status)
                .expect("publish layer");
        })
    };
    publish(0);
    runtime.block_on(app.facilities().refresh()).expect("first refresh");
    assert_eq!(app.facilities().count().expect("count"), FACILITIES as i64);

    let mut group = c.benchmark_group("facilities/20k");
    group.sample_size(30).measurement_time(Duration::from_secs(5));
    let app = &app;
    let search = |query: FacilityQuery| move || app.facilities().search(&query).expect("search");
    group.bench_function("text search \"bibliothek grünau\", 20", |b| {
        b.iter(search(FacilityQuery {
            text: "bibliothek grünau".to_owned(),
            limit: 20,
            ..Default::default()
        }))
    });
    group.bench_function("text search \"burgerb\" open now, 20", |b| {
        b.iter(search(FacilityQuery {
            text: "burgerb".to_owned(),
            open_now: true,
            limit: 20,
            ..Default::default()
        }))
    });
    group.bench_function("nearest 20", |b| {
        b.iter(search(FacilityQuery { near: Some(AUGUSTUSPLATZ), limit: 20, ..Default::default() }))
    });
    group.bench_function("nearest 20 libraries open now, step-free", |b| {
        b.iter(search(FacilityQuery {
            near: Some(AUGUSTUSPLATZ),
            category: Some("bibliothek".to_owned()),
            open_now: true,
            wheelchair: true,
            limit: 20,
            ..Default::default()
        }))
    });
    group.finish();

    let mut group =
        c.benchmark_group("facilities/20k layer refresh (download, EPSG:25833 → WGS84, store)");
    group.sample_size(10).measurement_time(Duration::from_secs(20));
    let mut generation = 0;
    group.bench_function("changed layer", |b| {
        b.iter_batched(
            || {
                generation += 1;
                publish(generation);
            },
            |()| runtime.block_on(app.facilities().refresh()).expect("refresh"),
            criterion::BatchSize::PerIteration,
        )
    });
    group.finish();
    drop(sandbox);
}

criterion_group!(benches, finder);
criterion_main!(benches);
