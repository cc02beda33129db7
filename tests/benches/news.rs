//! News benchmarks (printed, never asserted):
//! - the home screen from cache (open the app, next appointment, open
//!   notices with deadlines, newest 20 news) at 1k, 10k and 100k stored
//!   news, side by side with the whole-cache approach of JavaScript city
//!   apps (`workloads::blob`) on the same data;
//! - parse and store a 1,000-item feed;
//! - refreshes over loopback: answered `304`, a changed 1,000-item feed
//!   with one new item, and 1,000 items all new.
//!
//! Run: `cargo bench -p leipzig-e2e --bench news`.

#[allow(dead_code)] // shared with `leipzig bench`; this bench uses a part
#[path = "workloads/mod.rs"]
mod workloads;

use std::hint::black_box;

use chrono::Utc;
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use leipzig_core::{
    App, Platform,
    db::{DB_FILE, Database},
    news::{api::parse_feed, store},
    platform::NullLogger,
};
use workloads::{blob, city, data, phone::Phone};

fn home_screen_from_cache(c: &mut Criterion) {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let sandbox = runtime.block_on(city::start()).expect("sandbox");
    let mut phone = runtime.block_on(Phone::new(&sandbox)).expect("phone");
    let cache = tempfile::tempdir().expect("temp dir");
    let mut group = c.benchmark_group("home screen from cache");
    group.sample_size(20);
    for n in [1_000u64, 10_000, 100_000] {
        phone.grow_news(n).expect("news");
        let path = cache.path().join(format!("cache-{n}.json"));
        phone.export_blob(&path).expect("blob");
        let ours = phone.home_screen().expect("home screen");
        let theirs = blob::home_screen(&path, Utc::now()).expect("blob home screen");
        assert_eq!(ours.normalized(), theirs.normalized(), "both compute the same screen");
        group.bench_function(format!("{n} news/core (SQLite)"), |b| {
            b.iter(|| black_box(phone.home_screen().expect("home screen")))
        });
        group.bench_function(format!("{n} news/whole-cache JSON"), |b| {
            b.iter(|| black_box(blob::home_screen(&path, Utc::now()).expect("blob")))
        });
    }
    group.finish();
    drop(sandbox);
}

fn parse_and_store_1000(c: &mut Criterion) {
    let xml = leipzig_sandbox::news::render(&data::feed(999, 1_000), "http://127.0.0.1/")
        .expect("render");
    c.bench_function("news/parse+store 1000-item feed", |b| {
        b.iter_batched(
            || {
                let dir = tempfile::tempdir().expect("temp dir");
                let db = Database::open(&dir.path().join(DB_FILE)).expect("db");
                (dir, db)
            },
            |(_dir, db)| {
                let feed = parse_feed(&xml).expect("parse");
                db.write(|tx| store::upsert(tx, &feed.items, 1_700_000_000)).expect("store")
            },
            BatchSize::PerIteration,
        )
    });
}

fn refresh(c: &mut Criterion) {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let sandbox = runtime.block_on(city::start()).expect("sandbox");
    let dir = tempfile::tempdir().expect("temp dir");
    let platform = Platform { logger: std::sync::Arc::new(NullLogger), ..Platform::in_memory() };
    let app =
        App::open(city::config(&sandbox, dir.path()).expect("config"), platform).expect("open");
    let mut newest = 999;
    city::publish_feed(&sandbox, newest, 1_000).expect("feed");
    runtime.block_on(app.news().refresh()).expect("first refresh");

    let mut group = c.benchmark_group("news/refresh over loopback");
    group.bench_function("unchanged (304)", |b| {
        b.iter(|| runtime.block_on(app.news().refresh()).expect("refresh"))
    });
    group.sample_size(20);
    group.bench_function("changed 1000-item feed, 1 new", |b| {
        b.iter_batched(
            || {
                newest += 1;
                city::publish_feed(&sandbox, newest, 1_000).expect("feed");
            },
            |()| runtime.block_on(app.news().refresh()).expect("refresh"),
            BatchSize::PerIteration,
        )
    });
    group.bench_function("changed 1000-item feed, all new", |b| {
        b.iter_batched(
            || {
                newest += 1_000;
                city::publish_feed(&sandbox, newest, 1_000).expect("feed");
            },
            |()| runtime.block_on(app.news().refresh()).expect("refresh"),
            BatchSize::PerIteration,
        )
    });
    group.finish();
    drop(sandbox);
}

criterion_group!(benches, home_screen_from_cache, parse_and_store_1000, refresh);
criterion_main!(benches);
