//! The facility finder over a 20 000-facility layer (printed, never
//! asserted): text search, nearest 20, open now, and a full layer refresh
//! (download in EPSG:25833, parse, convert, store).
//! Run: `cargo bench -p leipzig-e2e --bench facilities`.

#[allow(dead_code)] // shared with `leipzig bench`; this bench uses a part
#[path = "workloads/mod.rs"]
mod workloads;

use std::{sync::Arc, time::Duration};

use criterion::{Criterion, criterion_group, criterion_main};
use leipzig_core::{App, Platform, facilities::FacilityQuery, platform::NullLogger};
use workloads::{city, data::AUGUSTUSPLATZ};

const FACILITIES: usize = 20_000;

fn finder(c: &mut Criterion) {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let (sandbox, app, _dir) = runtime.block_on(async {
        let sandbox = city::start().await.expect("sandbox");
        let dir = tempfile::tempdir().expect("temp dir");
        let platform = Platform { logger: Arc::new(NullLogger), ..Platform::in_memory() };
        let app =
            App::open(city::config(&sandbox, dir.path()).expect("config"), platform).expect("open");
        (sandbox, app, dir)
    });
    let publish = |generation: u32| {
        runtime
            .block_on(city::publish_layer(&sandbox, FACILITIES, generation))
            .expect("publish layer")
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
