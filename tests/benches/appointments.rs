//! Slot search over all Bürgerbüros with 100 ms injected latency per
//! calendar request (printed, never asserted): one office after the other,
//! in parallel (the app's way), and a search at one office, the reference
//! the parallel search is held to. The sandbox serves Leipzig's 11
//! Bürgerbüros; the app sends all of them in one wave (up to 12 at once).
//! Run: `cargo bench -p leipzig-e2e --bench appointments`.

#[allow(dead_code)] // shared with `leipzig bench`; this bench uses a part
#[path = "workloads/mod.rs"]
mod workloads;

use std::{sync::Arc, time::Duration};

use criterion::{Criterion, criterion_group, criterion_main};
use leipzig_core::{App, Platform, appointments::SlotQuery, platform::NullLogger};
use workloads::city;

fn slot_search(c: &mut Criterion) {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let (sandbox, app, _dir) = runtime.block_on(async {
        let sandbox = city::start().await.expect("sandbox");
        let dir = tempfile::tempdir().expect("temp dir");
        let platform = Platform { logger: Arc::new(NullLogger), ..Platform::in_memory() };
        let app =
            App::open(city::config(&sandbox, dir.path()).expect("config"), platform).expect("open");
        app.appointments().offices(None).await.expect("catalogue");
        city::slow_calendar(&sandbox, 100);
        (sandbox, app, dir)
    });
    let today = app.appointments().today();
    let query = SlotQuery {
        service_id: 1_300_111,
        count: 1,
        office_ids: Vec::new(),
        from: today,
        to: today + chrono::Duration::days(13),
    };
    let one_office = SlotQuery { office_ids: vec![10_401], ..query };
    let mut group = c.benchmark_group("appointments/slot search, 11 offices, 100 ms latency");
    group.sample_size(10).measurement_time(Duration::from_secs(15));
    group.bench_function("one office (one request)", |b| {
        b.iter(|| runtime.block_on(app.appointments().search_slots(&one_office)).expect("search"))
    });
    group.bench_function("sequential", |b| {
        b.iter(|| {
            runtime.block_on(app.appointments().search_slots_with(&query, 1)).expect("search")
        })
    });
    group.bench_function("parallel", |b| {
        b.iter(|| runtime.block_on(app.appointments().search_slots(&query)).expect("search"))
    });
    group.finish();
    drop(sandbox);
}

criterion_group!(benches, slot_search);
criterion_main!(benches);
