//! The timed items of `leipzig bench` (1–4): each sets up its own sandbox
//! and phone, times the operation with a median over a fixed time budget
//! (one untimed warm-up first) and returns its report rows.

use std::{
    sync::Arc,
    time::{Duration, Instant},
};

use chrono::Utc;
use leipzig_core::{
    App, Platform,
    appointments::SlotQuery,
    facilities::FacilityQuery,
    platform::{MemorySecretStore, NullLogger},
};
use tempfile::TempDir;

use super::bench::{
    Compared, Plan, Row, Target, thousands,
    workloads::{
        Fallible, blob, city,
        data::{self, AUGUSTUSPLATZ},
        phone::Phone,
    },
};

/// Most samples of one measurement, however fast it is.
const MAX_SAMPLES: usize = 2_000;

/// Durations of repeated runs of one operation.
struct Samples {
    times: Vec<Duration>,
    started: Instant,
    budget: Duration,
    min: usize,
}

impl Samples {
    fn new(plan: &Plan, min: usize) -> Self {
        Self { times: Vec::new(), started: Instant::now(), budget: plan.budget, min }
    }

    /// Whether to take another sample.
    fn more(&self) -> bool {
        self.times.len() < self.min
            || (self.started.elapsed() < self.budget && self.times.len() < MAX_SAMPLES)
    }

    /// The median, in milliseconds.
    fn median_ms(mut self) -> f64 {
        self.times.sort();
        self.times.get(self.times.len() / 2).map_or(0.0, |d| d.as_secs_f64() * 1_000.0)
    }
}

/// Median of `f` (synchronous), after one warm-up run.
fn time<T>(plan: &Plan, mut f: impl FnMut() -> Fallible<T>) -> Fallible<f64> {
    f()?;
    let mut samples = Samples::new(plan, plan.min_samples);
    while samples.more() {
        let start = Instant::now();
        std::hint::black_box(f()?);
        samples.times.push(start.elapsed());
    }
    Ok(samples.median_ms())
}

/// An app on a fresh temporary phone against `sandbox`.
fn fresh_app(sandbox: &leipzig_sandbox::RunningSandbox) -> Fallible<(App, TempDir)> {
    let dir = tempfile::Builder::new().prefix("leipzig-bench-").tempdir()?;
    let platform = Platform::new(Arc::new(MemorySecretStore::default()), Arc::new(NullLogger));
    Ok((App::open(city::config(sandbox, dir.path())?, platform)?, dir))
}

/// Item 1: the home screen from cache, core and whole-cache JSON, growing.
pub(super) async fn home_screen(plan: &Plan) -> Fallible<Vec<Row>> {
    let sandbox = city::start().await?;
    let mut phone = Phone::new(&sandbox).await?;
    let cache = tempfile::Builder::new().prefix("leipzig-bench-cache-").tempdir()?;
    let mut rows = Vec::new();
    let mut first: Option<(f64, f64)> = None;
    let largest = plan.home_news[2];
    for n in plan.home_news {
        phone.grow_news(n)?;
        let path = cache.path().join(format!("cache-{n}.json"));
        let bytes = phone.export_blob(&path)?;
        let ours = phone.home_screen()?.normalized();
        if ours != blob::home_screen(&path, Utc::now())?.normalized() {
            return Err("the core and the whole-cache JSON disagree about the home screen".into());
        }
        let core = time(plan, || phone.home_screen())?;
        let whole = time(plan, || blob::home_screen(&path, Utc::now()))?;
        let mib = bytes as f64 / (1024.0 * 1024.0);
        rows.push(Row {
            item: 1,
            what: format!(
                "home screen from cache, {} news (JSON cache {mib:.1} MiB)",
                thousands(n)
            ),
            value: core,
            unit: "ms",
            compared: Some(Compared {
                with: "whole-cache JSON".to_owned(),
                value: whole,
                ratio: whole / core,
                ratio_is: "JSON ÷ core",
            }),
            target: (n == largest).then(|| Target::judged(plan, "≤ 5 ms", core <= 5.0)).flatten(),
        });
        let (core_1, whole_1) = *first.get_or_insert((core, whole));
        if n == largest {
            let growth = core / core_1;
            let whole_growth = whole / whole_1;
            rows.push(Row {
                item: 1,
                what: format!(
                    "home screen growth, {} → {} news",
                    thousands(plan.home_news[0]),
                    thousands(n)
                ),
                value: growth,
                unit: "×",
                compared: Some(Compared {
                    with: "whole-cache JSON".to_owned(),
                    value: whole_growth,
                    ratio: whole_growth / growth,
                    ratio_is: "JSON ÷ core",
                }),
                target: Target::judged(plan, "≤ 1.5×", growth <= 1.5),
            });
        }
    }
    Ok(rows)
}

/// Item 2: facility search and nearest-20 over the synthetic layer.
pub(super) async fn facilities(plan: &Plan) -> Fallible<Vec<Row>> {
    let sandbox = city::start().await?;
    let (app, _dir) = fresh_app(&sandbox)?;
    city::publish_layer(&sandbox, plan.facilities, 0).await?;
    app.facilities().refresh().await?;
    let n = thousands(plan.facilities as u64);
    let near = Some(AUGUSTUSPLATZ);
    let cases = [
        (
            "text search \"bibliothek grünau\", 20",
            FacilityQuery {
                text: "bibliothek grünau".to_owned(), limit: 20, ..Default::default()
            },
            ("≤ 1 ms", 1.0),
        ),
        (
            "text search \"burgerb\", open now, 20",
            FacilityQuery {
                text: "burgerb".to_owned(),
                open_now: true,
                limit: 20,
                ..Default::default()
            },
            ("≤ 1 ms", 1.0),
        ),
        (
            "nearest 20 to Augustusplatz",
            FacilityQuery { near, limit: 20, ..Default::default() },
            ("≤ 2 ms", 2.0),
        ),
        (
            "nearest 20 libraries, open now, step-free",
            FacilityQuery {
                near,
                category: Some("bibliothek".to_owned()),
                open_now: true,
                wheelchair: true,
                limit: 20,
                ..Default::default()
            },
            ("≤ 2 ms", 2.0),
        ),
    ];
    let mut rows = Vec::new();
    for (what, query, (target, limit)) in cases {
        let ms = time(plan, || Ok(app.facilities().search(&query)?))?;
        rows.push(Row {
            item: 2,
            what: format!("facilities, {n} stored: {what}"),
            value: ms,
            unit: "ms",
            compared: None,
            target: Target::judged(plan, target, ms <= limit),
        });
    }
    let mut samples = Samples::new(plan, plan.min_samples.min(5));
    let mut generation = 0;
    while samples.more() {
        generation += 1;
        city::publish_layer(&sandbox, plan.facilities, generation).await?;
        let start = Instant::now();
        app.facilities().refresh().await?;
        samples.times.push(start.elapsed());
    }
    rows.push(Row {
        item: 2,
        what: format!("facility layer refresh, {n} features (download, EPSG:25833 → WGS84, store)"),
        value: samples.median_ms(),
        unit: "ms",
        compared: None,
        target: None,
    });
    Ok(rows)
}

/// Item 3: news refreshes over loopback.
pub(super) async fn news_refresh(plan: &Plan) -> Fallible<Vec<Row>> {
    let sandbox = city::start().await?;
    let (app, _dir) = fresh_app(&sandbox)?;
    let items = plan.feed_items;
    let mut newest = items as u64 - 1;
    city::publish_feed(&sandbox, newest, items)?;
    app.news().refresh().await?;
    let n = thousands(items as u64);
    let row = |what: String, value: f64| Row {
        item: 3,
        what,
        value,
        unit: "ms",
        compared: None,
        target: None,
    };
    let mut rows = Vec::new();

    app.news().refresh().await?;
    let mut samples = Samples::new(plan, plan.min_samples);
    while samples.more() {
        let start = Instant::now();
        app.news().refresh().await?;
        samples.times.push(start.elapsed());
    }
    rows.push(row(format!("news refresh, {n}-item feed unchanged (304)"), samples.median_ms()));

    for (what, step) in [("1 new item", 1), ("every item new", items as u64)] {
        let mut samples = Samples::new(plan, plan.min_samples);
        while samples.more() {
            newest += step;
            city::publish_feed(&sandbox, newest, items)?;
            let start = Instant::now();
            app.news().refresh().await?;
            samples.times.push(start.elapsed());
        }
        let what = format!("news refresh, {n}-item feed changed: {what} (download, parse, store)");
        rows.push(row(what, samples.median_ms()));
    }

    // Part of every refresh above is the sandbox's: it renders the feed and
    // hashes it for the ETag on each request (a real server would cache).
    let feed = data::feed(newest, items);
    let server = time(plan, || {
        let body = leipzig_sandbox::news::render(&feed, sandbox.base_url())?;
        Ok(leipzig_sandbox::conditional::etag(&body))
    })?;
    let what =
        format!("of each refresh above: the sandbox rendering and hashing the {n}-item feed");
    rows.push(row(what, server));
    Ok(rows)
}

/// Item 4: slot search across the Bürgerbüros with injected latency.
pub(super) async fn slot_search(plan: &Plan) -> Fallible<Vec<Row>> {
    let sandbox = city::start().await?;
    let (app, _dir) = fresh_app(&sandbox)?;
    let service = 1_300_111; // Personalausweis beantragen: every Bürgerbüro
    let offices = app.appointments().offices(Some(service)).await?;
    let first = offices.first().map(|o| o.id).ok_or("the sandbox has no Bürgerbüro")?;
    city::slow_calendar(&sandbox, plan.latency_ms);
    let today = app.appointments().today();
    let all = SlotQuery {
        service_id: service,
        count: 1,
        office_ids: Vec::new(),
        from: today,
        to: today + chrono::Duration::days(13),
    };
    let one = SlotQuery { office_ids: vec![first], ..all.clone() };
    let mut medians = Vec::new();
    for (query, concurrency) in [(&one, 1), (&all, 0), (&all, 1)] {
        let search = || async {
            if concurrency == 0 {
                app.appointments().search_slots(query).await
            } else {
                app.appointments().search_slots_with(query, concurrency).await
            }
        };
        search().await?;
        let mut samples = Samples::new(plan, plan.min_samples.min(5));
        while samples.more() {
            let start = Instant::now();
            let found = search().await?;
            samples.times.push(start.elapsed());
            if !found.failed_offices.is_empty() {
                return Err(format!("offices failed: {:?}", found.failed_offices).into());
            }
        }
        medians.push(samples.median_ms());
    }
    let [single, parallel, sequential] = medians[..] else {
        return Err("a slot search was not measured".into());
    };
    let label =
        format!("slot search, {} Bürgerbüros, {} ms latency", offices.len(), plan.latency_ms);
    Ok(vec![
        Row {
            item: 4,
            what: format!(
                "slot search at one office (one request, {} ms latency)",
                plan.latency_ms
            ),
            value: single,
            unit: "ms",
            compared: None,
            target: None,
        },
        Row {
            item: 4,
            what: format!("{label}: parallel (the app's way)"),
            value: parallel,
            unit: "ms",
            compared: Some(Compared {
                with: "one request".to_owned(),
                value: single,
                ratio: parallel / single,
                ratio_is: "parallel ÷ one",
            }),
            target: Target::judged(plan, "≤ 1.5× one request", parallel <= 1.5 * single),
        },
        Row {
            item: 4,
            what: format!("{label}: one office after the other"),
            value: sequential,
            unit: "ms",
            compared: Some(Compared {
                with: "parallel".to_owned(),
                value: parallel,
                ratio: sequential / parallel,
                ratio_is: "sequential ÷ parallel",
            }),
            target: None,
        },
    ])
}
