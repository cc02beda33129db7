//! City news end to end: core ↔ sandbox over loopback HTTP.

use std::sync::{Arc, Mutex};

use leipzig_core::{
    Error,
    error::FeedError,
    news::{NewsItem, RefreshOutcome},
};
use leipzig_e2e::TestCity;
use leipzig_sandbox::FaultAction;

const FEED: &str = "/newsfeed/rss.xml";

fn updated(outcome: RefreshOutcome) -> leipzig_core::news::RefreshStats {
    match outcome {
        RefreshOutcome::Updated(stats) => stats,
        RefreshOutcome::NotModified => panic!("expected a stored feed, got 304"),
    }
}

#[tokio::test]
async fn refresh_stores_the_feed_newest_first_as_plain_text() {
    let city = TestCity::start().await;
    let stats = updated(city.app.news().refresh().await.expect("refresh"));
    assert!(stats.inserted >= 30);
    assert_eq!(stats.received, stats.inserted);

    let items = city.app.news().list(100, 0).expect("list");
    assert_eq!(items.len(), stats.inserted);
    let dates: Vec<_> = items.iter().map(|i| i.published.expect("dated")).collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "newest first");
    for item in &items {
        assert!(!item.summary.contains('<'), "markup in {}", item.id);
        assert!(!item.summary.contains("alert(1)"), "script text in {}", item.id);
        assert!(!item.summary.contains("&amp;"), "undecoded entity in {}", item.id);
        assert!(!item.categories.is_empty());
        assert!(!item.read);
    }
    assert!(items.iter().any(|i| i.guid == "tx_news-91234"), "non-URL guid kept");
    assert!(items.iter().any(|i| i.image_url.is_some()), "enclosure images");
    let rfc3339 = items[0].published_rfc3339().expect("date");
    assert!(rfc3339.ends_with("+01:00"), "Leipzig offset in November: {rfc3339}");
}

#[tokio::test]
async fn an_unchanged_feed_sends_if_none_match_and_writes_nothing() {
    let city = TestCity::start().await;
    city.app.news().refresh().await.expect("first refresh");
    let first = city.sandbox.requests();
    let etag_sent_back = first[0].if_none_match.clone();
    assert_eq!(etag_sent_back, None, "nothing to revalidate on the first fetch");

    let watch = city.data_version();
    let outcome = city.app.news().refresh().await.expect("second refresh");
    assert_eq!(outcome, RefreshOutcome::NotModified);
    assert!(!watch.changed(), "a 304 must not write to the database");

    let log = city.sandbox.requests();
    assert_eq!(log.len(), 2);
    let second = &log[1];
    assert!(second.if_none_match.as_deref().is_some_and(|e| e.starts_with('"')), "{second:?}");
    assert!(second.if_modified_since.is_some());
    assert_eq!(second.status, Some(304));
}

#[tokio::test]
async fn a_new_press_release_reaches_the_listener_and_read_state_survives() {
    let city = TestCity::start().await;
    city.app.news().refresh().await.expect("refresh");
    let first_id = city.app.news().list(1, 0).expect("list")[0].id;
    city.app.news().mark_read(first_id, true).expect("mark read");

    let seen: Arc<Mutex<Vec<Vec<NewsItem>>>> = Arc::default();
    let sink = Arc::clone(&seen);
    let subscription = city.app.news().subscribe(3, move |items| {
        sink.lock().expect("lock").push(items);
    });
    assert_eq!(seen.lock().expect("lock").len(), 1, "current value pushed at once");

    let http = reqwest_client();
    http.post(format!("{}_sandbox/news", city.sandbox.base_url()))
        .json(&serde_json::json!({
            "title": "Neue Öffnungszeiten im Bürgerbüro Grünau",
            "description_html": "<p>Ab 1. Dezember&nbsp;länger geöffnet.</p>",
            "categories": ["Bürgerservice"]
        }))
        .send()
        .await
        .expect("publish");

    let stats = updated(city.app.news().refresh().await.expect("refresh"));
    assert_eq!((stats.inserted, stats.updated), (1, 0));
    let pushes = seen.lock().expect("lock").clone();
    assert_eq!(pushes.len(), 2, "one push for the change");
    let newest = &pushes[1][0];
    assert_eq!(newest.title, "Neue Öffnungszeiten im Bürgerbüro Grünau");
    assert_eq!(newest.summary, "Ab 1. Dezember länger geöffnet.");
    assert!(city.app.news().get(first_id).expect("still there").read, "read state kept");

    drop(subscription);
    city.app.news().mark_read(first_id, false).expect("unread");
    assert_eq!(seen.lock().expect("lock").len(), 2, "no pushes after the handle is dropped");
}

#[tokio::test]
async fn bad_bodies_get_typed_errors_and_leave_the_cache_as_it_was() {
    let city = TestCity::start().await;
    city.app.news().refresh().await.expect("refresh");
    let before = city.app.news().list(1000, 0).expect("list");
    let real_feed = reqwest_client()
        .get(format!("{}newsfeed/rss.xml", city.sandbox.base_url()))
        .send()
        .await
        .expect("get")
        .text()
        .await
        .expect("body");

    type Expect = fn(&Error) -> bool;
    let cases: Vec<(&str, FaultAction, Expect)> = vec![
        (
            "truncated XML",
            FaultAction::Body {
                content_type: None,
                body: real_feed[..real_feed.len() / 2].to_owned(),
                body_hex: None,
            },
            |e| matches!(e, Error::Feed(FeedError::Malformed(_))),
        ),
        (
            "50 MB body with Content-Length",
            FaultAction::HugeBody { bytes: 50 * 1024 * 1024, content_type: None, chunked: false },
            |e| matches!(e, Error::ResponseTooLarge { .. }),
        ),
        (
            "50 MB body, chunked",
            FaultAction::HugeBody { bytes: 50 * 1024 * 1024, content_type: None, chunked: true },
            |e| matches!(e, Error::ResponseTooLarge { .. }),
        ),
        (
            "captive portal HTML",
            FaultAction::Body {
                content_type: Some("text/html; charset=utf-8".to_owned()),
                body: "<html><body>Bitte anmelden</body></html>".to_owned(),
                body_hex: None,
            },
            |e| matches!(e, Error::UnexpectedContentType(_)),
        ),
        (
            "non-UTF-8 bytes",
            FaultAction::Body {
                content_type: None,
                body: String::new(),
                body_hex: Some(hex(b"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><item><title>Stra\xdfe</title></item></channel></rss>")),
            },
            |e| matches!(e, Error::Feed(FeedError::Encoding)),
        ),
    ];
    for (name, action, expected) in cases {
        city.inject(FEED, 1, action);
        let watch = city.data_version();
        let err = city.app.news().refresh().await.expect_err(name);
        assert!(expected(&err), "{name}: got {err:?}");
        assert!(!watch.changed(), "{name}: nothing written");
        assert_eq!(city.app.news().list(1000, 0).expect("list"), before, "{name}: cache intact");
    }
}

#[tokio::test]
async fn odd_but_valid_feeds_give_sane_results() {
    let city = TestCity::start().await;
    city.app.news().refresh().await.expect("refresh");
    let stored = city.app.news().counts().expect("counts").0;

    city.inject(FEED, 1, body(&rss("")));
    let stats = updated(city.app.news().refresh().await.expect("empty feed"));
    assert_eq!(stats.received, 0);
    assert_eq!(
        city.app.news().counts().expect("counts").0,
        stored,
        "an empty feed deletes nothing"
    );

    city.inject(
        FEED,
        1,
        body(&rss(
            "<item><guid>dup</guid><title>Eins</title><pubDate>Mon, 30 Nov 2026 08:00:00 MEZ</pubDate></item>\
             <item><guid>dup</guid><title>Zwei</title></item>",
        )),
    );
    let stats = updated(city.app.news().refresh().await.expect("duplicates"));
    assert_eq!((stats.inserted, stats.duplicates), (1, 1));
    let newest = &city.app.news().list(1, 0).expect("list")[0];
    assert_eq!(newest.title, "Eins");
    assert_eq!(newest.published_rfc3339().as_deref(), Some("2026-11-30T08:00:00+01:00"));
}

#[tokio::test]
async fn transient_failures_are_retried_within_bounds() {
    let city = TestCity::start().await;
    city.inject(
        FEED,
        1,
        FaultAction::Status { status: 503, retry_after: Some("0".to_owned()), error_code: None },
    );
    city.inject(FEED, 1, FaultAction::Reset);
    updated(city.app.news().refresh().await.expect("third attempt succeeds"));
    let statuses: Vec<_> = city.sandbox.requests().iter().map(|r| r.status).collect();
    assert_eq!(statuses, [Some(503), None, Some(200)]);

    // A body cut halfway is a network failure too, and retried.
    let city = TestCity::start().await;
    city.inject(FEED, 1, FaultAction::CutBody { after_bytes: 2_000 });
    let stats = updated(city.app.news().refresh().await.expect("second attempt succeeds"));
    assert!(stats.inserted >= 30);
    let log = city.sandbox.requests();
    assert_eq!(log.len(), 2);
    assert_eq!(log[0].fault.as_deref(), Some("cut_body"));

    // More failures than the policy allows: a typed error, no endless loop.
    city.sandbox.clear_requests();
    city.inject(FEED, 10, FaultAction::Status { status: 502, retry_after: None, error_code: None });
    let err = city.app.news().refresh().await.expect_err("gives up");
    assert!(matches!(err, Error::HttpStatus { status: 502, .. }), "{err:?}");
    assert_eq!(city.sandbox.requests().len(), 3, "first attempt + max_retries (2)");

    // A client error is not transient: no retry.
    city.sandbox.clear_faults();
    city.sandbox.clear_requests();
    city.inject(FEED, 10, FaultAction::Status { status: 404, retry_after: None, error_code: None });
    assert!(matches!(city.app.news().refresh().await, Err(Error::HttpStatus { status: 404, .. })));
    assert_eq!(city.sandbox.requests().len(), 1);
}

#[tokio::test]
async fn offline_after_one_online_run_shows_the_same_items() {
    let city = TestCity::start().await;
    city.app.news().refresh().await.expect("refresh");
    let online = city.app.news().list(20, 0).expect("list");
    city.sandbox.clear_requests();

    let restarted = city.reopen();
    restarted.set_offline(true);
    assert_eq!(restarted.news().list(20, 0).expect("list"), online);
    assert!(matches!(restarted.news().refresh().await, Err(Error::Offline)));
    assert!(city.sandbox.requests().is_empty(), "offline mode sent nothing");
}

#[tokio::test]
async fn a_stopped_server_is_a_network_error_with_the_cache_intact() {
    let TestCity { sandbox, app, data: _data, .. } = TestCity::start().await;
    app.news().refresh().await.expect("refresh");
    let before = app.news().list(50, 0).expect("list");
    sandbox.shutdown().await;
    let err = app.news().refresh().await.expect_err("server gone");
    assert!(err.is_connectivity(), "{err:?}");
    assert_eq!(app.news().list(50, 0).expect("list"), before);
}

#[tokio::test]
async fn logs_carry_no_feed_content() {
    let city = TestCity::start().await;
    city.app.news().refresh().await.expect("refresh");
    let titles: Vec<String> =
        city.app.news().list(100, 0).expect("list").into_iter().map(|i| i.title).collect();
    for record in city.logger.records() {
        assert!(!record.message.contains("http"), "no URLs in logs: {}", record.message);
        for title in &titles {
            assert!(
                !record.message.contains(title.as_str()),
                "content in logs: {}",
                record.message
            );
        }
    }
}

fn reqwest_client() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::new()
}

fn rss(items: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>t</title>{items}</channel></rss>"
    )
}

fn body(text: &str) -> FaultAction {
    FaultAction::Body {
        content_type: Some("application/rss+xml".to_owned()),
        body: text.to_owned(),
        body_hex: None,
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[tokio::test]
async fn wiping_local_data_leaves_no_trace_in_the_files() {
    let city = TestCity::start().await;
    city.app.news().refresh().await.expect("refresh");
    let title = city.app.news().list(1, 0).expect("list")[0].title.clone();
    let pushes: Arc<Mutex<Vec<usize>>> = Arc::default();
    let sink = Arc::clone(&pushes);
    let _subscription = city.app.news().subscribe(5, move |items| {
        sink.lock().expect("lock").push(items.len());
    });

    city.app.wipe_local_data(false).expect("wipe");
    assert_eq!(city.app.news().counts().expect("counts"), (0, 0));
    assert_eq!(*pushes.lock().expect("lock"), [5, 0], "listeners see the empty list");

    let needle = title.as_bytes();
    for entry in std::fs::read_dir(city.data.path()).expect("data dir") {
        let path = entry.expect("entry").path();
        if path.is_file() {
            let bytes = std::fs::read(&path).expect("read");
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle),
                "{} still holds a wiped title",
                path.display()
            );
        }
    }
    // And after a wipe, a refresh fetches everything again (validators gone).
    let stats = updated(city.app.news().refresh().await.expect("refresh"));
    assert!(stats.inserted >= 30);
}

#[tokio::test]
async fn background_sync_reports_each_step() {
    use leipzig_core::sync::StepOutcome;
    let city = TestCity::start().await;
    assert_eq!(city.app.sync().run().await.news, StepOutcome::Updated);
    let again = city.app.sync().run().await;
    assert_eq!(again.news, StepOutcome::Unchanged);
    assert!(!again.retry_later());

    city.inject(FEED, 3, FaultAction::Status { status: 503, retry_after: None, error_code: None });
    let failed = city.app.sync().run().await;
    assert!(matches!(failed.news, StepOutcome::Failed { transient: true, .. }), "{failed:?}");
    assert!(failed.retry_later());

    city.app.set_offline(true);
    let offline = city.app.sync().run().await;
    assert_eq!(offline.news, StepOutcome::Skipped);
    assert!(!offline.retry_later());
}
