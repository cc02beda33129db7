//! The feed parser against real-world shapes and hostile input.

use chrono::{DateTime, Utc};
use leipzig_core::{
    Error,
    error::FeedError,
    news::api::{check_content_type, parse_feed, parse_timestamp},
};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/../fixtures/news/feeds/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn utc(text: &str) -> Option<DateTime<Utc>> {
    Some(DateTime::parse_from_rfc3339(text).expect("test date").to_utc())
}

fn rss(items: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel>\
         <title>t</title><link>https://www.leipzig.de/</link><description>d</description>\
         {items}</channel></rss>"
    )
}

#[test]
fn reads_a_typo3_style_feed() {
    let feed = parse_feed(&fixture("typo3-style.xml")).expect("valid feed");
    assert_eq!(feed.items.len(), 3);
    let first = &feed.items[0];
    assert_eq!(
        first.guid,
        "https://www.leipzig.de/newsarchiv/news/buergerbueros-am-buss-und-bettag-geschlossen"
    );
    assert_eq!(first.title, "Bürgerbüros am Buß- und Bettag geschlossen");
    assert!(first.summary.starts_with("Am Mittwoch, 18. November, bleiben alle Bürgerbüros"));
    assert!(first.summary.contains("über die Online-Terminvergabe"), "entities decoded");
    assert!(
        !first.summary.contains('<') && !first.summary.contains("tracking"),
        "no markup, no script"
    );
    assert_eq!(first.categories, vec!["Bürgerservice"], "duplicate categories merged");
    assert_eq!(first.published, utc("2026-11-10T09:30:00+01:00"));
    assert!(first.image_url.as_deref().is_some_and(|u| u.ends_with(".jpg")));

    let second = &feed.items[1];
    assert_eq!(
        second.guid, "https://www.leipzig.de/newsarchiv/news/jahnallee-ersatzverkehr",
        "link as key"
    );
    assert_eq!(second.title, "Straßenbahn-Umleitung & Ersatzverkehr in der Jahnallee");
    assert_eq!(
        second.summary,
        "Escaped HTML without CDATA: ab Montag fährt die Linie 3 über den Hauptbahnhof."
    );
    assert_eq!(second.published, utc("2026-11-09T14:00:00+01:00"), "MEZ understood");

    let third = &feed.items[2];
    assert_eq!(third.guid, "tx_news-4711");
    assert_eq!(third.link, None, "javascript: links never reach the shells");
    assert_eq!(third.published, utc("2026-10-16T11:00:00+02:00"), "CEST understood");
}

#[test]
fn reads_atom_too() {
    let feed = parse_feed(&fixture("atom.xml")).expect("valid feed");
    let item = &feed.items[0];
    assert_eq!(item.title, "Neues Atom-Eintrag");
    assert_eq!(item.summary, "Zusammenfassung mit & Zeichen.");
    assert_eq!(item.categories, vec!["Kultur"]);
    assert_eq!(item.published, utc("2026-11-24T10:15:00+01:00"));
}

#[test]
fn truncated_xml_is_malformed() {
    let whole = fixture("typo3-style.xml");
    for cut in [10, whole.len() / 3, whole.len() / 2, whole.len() - 20] {
        let err = parse_feed(&whole[..cut]).expect_err("truncated");
        assert!(matches!(err, Error::Feed(FeedError::Malformed(_))), "cut at {cut}: {err:?}");
    }
}

#[test]
fn non_utf8_without_a_declared_encoding_is_refused() {
    let mut body = rss("<item><guid>a</guid><title>Stra").into_bytes();
    body.extend_from_slice(b"\xdf\xe9e</title></item>");
    let body = [body, b"</channel></rss>".to_vec()].concat();
    let err = parse_feed(&body).expect_err("latin-1 bytes in a UTF-8 document");
    assert!(matches!(err, Error::Feed(FeedError::Encoding)), "{err:?}");
}

#[test]
fn a_declared_latin1_feed_is_decoded() {
    let mut body = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss version=\"2.0\"><channel>\
        <title>t</title><item><guid>a</guid><title>Stra"
        .to_vec();
    body.extend_from_slice(b"\xdfe am M\xfchlbach</title></item></channel></rss>");
    let feed = parse_feed(&body).expect("declared encoding");
    assert_eq!(feed.items[0].title, "Straße am Mühlbach");
}

#[test]
fn a_feed_without_items_is_fine() {
    let feed = parse_feed(rss("").as_bytes()).expect("empty channel");
    assert!(feed.items.is_empty());
    assert_eq!(feed.duplicates, 0);
}

#[test]
fn duplicate_guids_keep_the_first() {
    let body = rss("<item><guid>x</guid><title>Erste</title></item>\
         <item><guid>x</guid><title>Zweite</title></item>\
         <item><guid>y</guid><title>Dritte</title></item>");
    let feed = parse_feed(body.as_bytes()).expect("valid");
    assert_eq!(
        feed.items.iter().map(|i| i.title.as_str()).collect::<Vec<_>>(),
        ["Erste", "Dritte"]
    );
    assert_eq!(feed.duplicates, 1);
}

#[test]
fn items_without_guid_link_or_title_still_get_a_stable_key() {
    let body = rss("<item><description>nur Text</description></item>");
    let a = parse_feed(body.as_bytes()).expect("valid");
    let b = parse_feed(body.as_bytes()).expect("valid");
    assert_eq!(a.items[0].guid, b.items[0].guid);
    assert!(a.items[0].guid.starts_with("sha256:"));
    assert_eq!(a.items[0].title, "(ohne Titel)");
}

#[test]
fn oversized_fields_are_clipped() {
    let long = "Ä".repeat(10_000);
    let body = rss(&format!(
        "<item><guid>g</guid><title>{long}</title><description>{long}</description></item>"
    ));
    let item = &parse_feed(body.as_bytes()).expect("valid").items[0];
    assert_eq!(item.title.chars().count(), 300);
    assert!(item.title.ends_with('…'));
    assert_eq!(item.summary.chars().count(), 2_000);
}

#[test]
fn hostile_input_is_an_error_not_a_panic() {
    for body in [
        &b""[..],
        b"   ",
        b"{}",
        b"<html><body>Captive portal</body></html>",
        b"<rss version=\"2.0\"><channel><item><title><![CDATA[",
        b"<!DOCTYPE rss [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;\">]><rss version=\"2.0\"><channel><item><title>&b;</title></item></channel></rss>",
        b"\xff\xfe<\x00r\x00s\x00s\x00",
    ] {
        // Either a typed error or a harmless result; never a panic.
        let _ = parse_feed(body);
    }
}

#[test]
fn dates_in_the_wild() {
    let expect = utc("2026-11-24T10:15:00+01:00");
    for text in [
        "Tue, 24 Nov 2026 10:15:00 +0100",
        "Tue, 24 Nov 2026 09:15:00 GMT",
        "Tue, 24 Nov 2026 09:15:00 UTC",
        "Tue, 24 Nov 2026 10:15:00 CET",
        "Di, 24 Nov 2026 10:15:00 MEZ",
        "24 Nov 2026 10:15:00 +0100",
        "Tuesday, 24 November 2026 10:15:00 +0100",
        "Wed, 24 Nov 2026 10:15:00 +0100",
        "2026-11-24T10:15:00+01:00",
        "2026-11-24T09:15:00Z",
        "Tue, 24 Nov 2026 10:15 +0100",
    ] {
        assert_eq!(parse_timestamp(text), expect, "{text}");
    }
    assert_eq!(parse_timestamp("Tue, 24 Nov 2026 11:15:00 MESZ"), utc("2026-11-24T09:15:00Z"));
    for junk in ["", "gestern", "32 Nov 2026 10:15:00 +0100", "Tue, 24 Nov 2026 10:15:00 XYZ"] {
        assert_eq!(parse_timestamp(junk), None, "{junk}");
    }
}

#[test]
fn content_types() {
    let xml = b"<?xml version=\"1.0\"?><rss/>";
    for ok in [
        Some("application/rss+xml; charset=utf-8"),
        Some("application/xml"),
        Some("text/xml;charset=ISO-8859-1"),
        Some("application/atom+xml"),
        Some("text/plain"),
        Some("application/octet-stream"),
        None,
    ] {
        assert!(check_content_type(ok, xml).is_ok(), "{ok:?}");
    }
    for bad in [Some("text/html; charset=utf-8"), Some("image/jpeg"), Some("application/pdf")] {
        assert!(
            matches!(check_content_type(bad, xml), Err(Error::UnexpectedContentType(_))),
            "{bad:?}"
        );
    }
    assert!(check_content_type(Some("text/plain"), b"Hello").is_err(), "sniffed: not markup");
}
