//! The sandbox's RSS feed, its validators and its fault controls, over HTTP.

use leipzig_sandbox::{FaultAction, FaultSpec, SandboxOptions, news::PressRelease};
use reqwest::{StatusCode, header};

fn client() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder().build().expect("client")
}

#[tokio::test]
async fn serves_the_seeded_feed_with_validators() {
    let sandbox = leipzig_sandbox::start(SandboxOptions::default()).await.expect("start");
    let url = format!("{}newsfeed/rss.xml", sandbox.base_url());
    let http = client();

    let first = http.get(&url).send().await.expect("get");
    assert_eq!(first.status(), StatusCode::OK);
    assert_eq!(
        first.headers()[header::CONTENT_TYPE].to_str().expect("ascii"),
        "application/rss+xml; charset=utf-8"
    );
    let etag = first.headers()[header::ETAG].to_str().expect("etag").to_owned();
    let last_modified = first.headers()[header::LAST_MODIFIED].to_str().expect("lm").to_owned();
    let body = first.text().await.expect("body");
    assert!(body.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>"));
    assert!(body.contains("<rss version=\"2.0\""));
    assert!(body.matches("<item>").count() >= 30, "at least 30 press releases");
    assert!(body.contains("<![CDATA["), "teasers are CDATA");
    assert!(body.contains("<enclosure url=\"https://www.leipzig.de/fileadmin/"));
    assert!(body.contains("Bürgerbüro"), "German text with umlauts");
    assert!(body.contains("<guid isPermaLink=\"false\">tx_news-91234</guid>"));

    let again = http.get(&url).header(header::IF_NONE_MATCH, &etag).send().await.expect("get");
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(again.headers()[header::ETAG].to_str().expect("etag"), etag);

    let by_date =
        http.get(&url).header(header::IF_MODIFIED_SINCE, &last_modified).send().await.expect("get");
    assert_eq!(by_date.status(), StatusCode::NOT_MODIFIED);

    let stale =
        http.get(&url).header(header::IF_NONE_MATCH, "\"other\"").send().await.expect("get");
    assert_eq!(stale.status(), StatusCode::OK, "a different ETag gets the feed");

    let log = sandbox.requests();
    assert_eq!(log.len(), 4);
    assert_eq!(log[1].if_none_match.as_deref(), Some(etag.as_str()));
    assert_eq!(log[1].status, Some(304));
}

#[tokio::test]
async fn publishing_changes_the_etag() {
    let sandbox = leipzig_sandbox::start(SandboxOptions::default()).await.expect("start");
    let http = client();
    let url = format!("{}newsfeed/rss.xml", sandbox.base_url());
    let before = http.get(&url).send().await.expect("get");
    let etag = before.headers()[header::ETAG].to_str().expect("etag").to_owned();

    let published: PressRelease = http
        .post(format!("{}_sandbox/news", sandbox.base_url()))
        .json(&serde_json::json!({
            "title": "Neue Meldung ]]> mit Sonderzeichen",
            "description_html": "<p>Text mit ]]> im CDATA</p>",
            "categories": ["Bürgerservice"]
        }))
        .send()
        .await
        .expect("publish")
        .json()
        .await
        .expect("json");
    assert!(published.guid.is_some());

    let after = http.get(&url).header(header::IF_NONE_MATCH, &etag).send().await.expect("get");
    assert_eq!(after.status(), StatusCode::OK);
    let body = after.text().await.expect("body");
    assert!(body.contains("<![CDATA[<p>Text mit ]]]]><![CDATA[> im CDATA</p>]]>"), "{body}");
    assert!(sandbox.requests().iter().all(|r| !r.uri.starts_with("/_sandbox")));
}

#[tokio::test]
async fn faults_apply_to_the_next_requests_only() {
    let sandbox = leipzig_sandbox::start(SandboxOptions::default()).await.expect("start");
    let http = client();
    let url = format!("{}newsfeed/rss.xml", sandbox.base_url());
    sandbox.inject(FaultSpec {
        path: "/newsfeed/".to_owned(),
        method: None,
        times: 2,
        action: FaultAction::Status {
            status: 503,
            retry_after: Some("1".to_owned()),
            error_code: None,
        },
    });
    for _ in 0..2 {
        let r = http.get(&url).send().await.expect("get");
        assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(r.headers()[header::RETRY_AFTER], "1");
        assert_eq!(r.headers()[header::CONTENT_TYPE], "application/problem+json");
    }
    assert_eq!(http.get(&url).send().await.expect("get").status(), StatusCode::OK);

    sandbox.inject(FaultSpec {
        path: "/newsfeed/".to_owned(),
        method: None,
        times: 1,
        action: FaultAction::Reset,
    });
    assert!(http.get(&url).send().await.is_err(), "connection cut without a response");
    let log = sandbox.requests();
    let cut = log.last().expect("logged");
    assert_eq!(cut.status, None);
    assert_eq!(cut.fault.as_deref(), Some("reset"));
    assert_eq!(http.get(&url).send().await.expect("get").status(), StatusCode::OK);
}

#[tokio::test]
async fn state_survives_a_restart_in_the_same_directory() {
    let dir = tempfile::tempdir().expect("temp dir");
    let options =
        SandboxOptions { state_dir: Some(dir.path().to_path_buf()), ..Default::default() };
    let first = leipzig_sandbox::start(options.clone()).await.expect("start");
    let http = client();
    http.post(format!("{}_sandbox/news", first.base_url()))
        .json(&serde_json::json!({"title": "Bleibt erhalten", "description_html": "<p>x</p>"}))
        .send()
        .await
        .expect("publish");
    first.shutdown().await;

    let second = leipzig_sandbox::start(options).await.expect("restart");
    let body = http
        .get(format!("{}newsfeed/rss.xml", second.base_url()))
        .send()
        .await
        .expect("get")
        .text()
        .await
        .expect("body");
    assert!(body.contains("Bleibt erhalten"));
}

#[tokio::test]
async fn the_fixture_holds_realistic_press_releases() {
    let items = leipzig_sandbox::news::NewsState::seeded().items;
    assert!(items.len() >= 30);
    assert!(items.iter().any(|i| i.guid.is_none()), "one item without guid");
    assert!(items.iter().any(|i| i.enclosure.is_some()));
    assert!(items.iter().any(|i| i.description_html.contains("&amp;")));
}
