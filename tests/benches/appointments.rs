//! Slot search over all Bürgerbüros with 100 ms injected latency per
//! request: one office after the other vs. in parallel (printed, never
//! asserted). Run: `cargo bench -p leipzig-e2e --bench appointments`.

use std::{sync::Arc, time::Duration};

use chrono::Utc;
use chrono_tz::Europe::Berlin;
use criterion::{Criterion, criterion_group, criterion_main};
use leipzig_core::{App, Platform, appointments::SlotQuery, platform::NullLogger};
use leipzig_sandbox::{FaultAction, FaultSpec};

fn slot_search(c: &mut Criterion) {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let (sandbox, app, _dir) = runtime.block_on(async {
        let sandbox = leipzig_sandbox::start(Default::default()).await.expect("sandbox");
        let dir = tempfile::tempdir().expect("temp dir");
        let platform = Platform { logger: Arc::new(NullLogger), ..Platform::in_memory() };
        let app =
            App::open(leipzig_e2e::test_config(&sandbox, dir.path()), platform).expect("open");
        let http = leipzig_e2e::client();
        // Benchmarks run hundreds of searches: lift the 60/min limit for them.
        http.post(format!("{}_sandbox/zms/rate-limit", sandbox.base_url()))
            .json(&serde_json::json!({"max": 1_000_000, "windowSeconds": 60}))
            .send()
            .await
            .expect("rate limit");
        app.appointments().offices(None).await.expect("catalogue");
        sandbox.inject(FaultSpec {
            path: "/api/citizen/available-calendar/".to_owned(),
            method: None,
            times: u32::MAX,
            action: FaultAction::Latency { ms: 100 },
        });
        (sandbox, app, dir)
    });
    let today = Utc::now().with_timezone(&Berlin).date_naive();
    let query = SlotQuery {
        service_id: 1_300_111,
        count: 1,
        office_ids: Vec::new(),
        from: today,
        to: today + chrono::Duration::days(13),
    };
    let mut group = c.benchmark_group("appointments/slot search, 11 offices, 100 ms latency");
    group.sample_size(10).measurement_time(Duration::from_secs(15));
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
