//! News benchmarks (printed, never asserted):
//! - open the app and read the newest 20 items from cache, at 1k and 100k
//!   stored items (the home screen's cold start);
//! - parse and store a 1,000-item feed;
//! - a refresh that the server answers with `304 Not Modified`.
//!
//! Run: `cargo bench -p leipzig-e2e --bench news`.

use std::{hint::black_box, path::Path, sync::Arc};

use chrono::{Duration, TimeZone, Utc};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use leipzig_core::{
    App, Config, Platform,
    db::{DB_FILE, Database},
    news::{api::parse_feed, model::ParsedItem, store},
    platform::NullLogger,
};

fn item(i: usize) -> ParsedItem {
    let published = Utc
        .with_ymd_and_hms(2026, 11, 25, 12, 0, 0)
        .single()
        .map(|t| t - Duration::minutes(i as i64));
    ParsedItem {
        guid: format!("https://www.leipzig.de/newsarchiv/news/meldung-{i}"),
        title: format!("Pressemitteilung Nr. {i}: Bürgerbüro Grünau mit neuen Öffnungszeiten"),
        link: Some(format!("https://www.leipzig.de/newsarchiv/news/meldung-{i}")),
        summary: "Die Stadt Leipzig informiert über geänderte Öffnungszeiten. ".repeat(4),
        image_url: None,
        published,
        categories: vec!["Bürgerservice".to_owned(), "Verwaltung".to_owned()],
    }
}

fn seed(dir: &Path, n: usize) {
    let db = Database::open(&dir.join(DB_FILE)).expect("db");
    let items: Vec<ParsedItem> = (0..n).map(item).collect();
    for chunk in items.chunks(10_000) {
        db.write(|tx| store::upsert(tx, chunk, 1_700_000_000)).expect("seed");
    }
}

fn platform() -> Platform {
    Platform { logger: Arc::new(NullLogger), ..Platform::in_memory() }
}

fn feed_xml(n: usize) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>Stadt Leipzig</title>",
    );
    for i in 0..n {
        xml.push_str(&format!(
            "<item><guid>https://www.leipzig.de/newsarchiv/news/meldung-{i}</guid>\
             <title>Pressemitteilung {i} &amp; mehr</title>\
             <link>https://www.leipzig.de/newsarchiv/news/meldung-{i}</link>\
             <description><![CDATA[<p>Die <strong>Stadt Leipzig</strong> informiert: Meldung {i} mit &bdquo;Zitat&ldquo;.</p>]]></description>\
             <category>Bürgerservice</category><pubDate>Tue, 24 Nov 2026 10:15:00 +0100</pubDate></item>"
        ));
    }
    xml.push_str("</channel></rss>");
    xml
}

fn home_screen_from_cache(c: &mut Criterion) {
    let mut group = c.benchmark_group("news/open+newest20");
    for n in [1_000usize, 100_000] {
        let dir = tempfile::tempdir().expect("temp dir");
        seed(dir.path(), n);
        group.bench_function(format!("{n} stored"), |b| {
            b.iter(|| {
                let app = App::open(Config::new(dir.path()), platform()).expect("open");
                black_box(app.news().list(20, 0).expect("list"))
            })
        });
    }
    group.finish();
}

fn parse_and_store_1000(c: &mut Criterion) {
    let xml = feed_xml(1_000);
    c.bench_function("news/parse+store 1000-item feed", |b| {
        b.iter_batched(
            || {
                let dir = tempfile::tempdir().expect("temp dir");
                let db = Database::open(&dir.path().join(DB_FILE)).expect("db");
                (dir, db)
            },
            |(_dir, db)| {
                let feed = parse_feed(xml.as_bytes()).expect("parse");
                db.write(|tx| store::upsert(tx, &feed.items, 1_700_000_000)).expect("store")
            },
            BatchSize::PerIteration,
        )
    });
}

fn not_modified_refresh(c: &mut Criterion) {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let (sandbox, app, _dir) = runtime.block_on(async {
        let sandbox = leipzig_sandbox::start(Default::default()).await.expect("sandbox");
        let dir = tempfile::tempdir().expect("temp dir");
        let app =
            App::open(leipzig_e2e::test_config(&sandbox, dir.path()), platform()).expect("open");
        app.news().refresh().await.expect("first refresh");
        (sandbox, app, dir)
    });
    c.bench_function("news/refresh answered 304", |b| {
        b.iter(|| runtime.block_on(app.news().refresh()).expect("refresh"))
    });
    drop(sandbox);
}

criterion_group!(benches, home_screen_from_cache, parse_and_store_1000, not_modified_refresh);
criterion_main!(benches);
