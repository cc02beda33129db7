//! `GET /newsfeed/rss.xml`: the city's press releases as RSS 2.0.
//!
//! Shaped like a TYPO3 feed of leipzig.de: UTF-8, HTML teasers in CDATA,
//! RFC 822 `pubDate`s, categories, images as `<enclosure>`. The `ETag` is a
//! hash of the body; `Last-Modified` is the newest item's date; both are
//! honoured with `304 Not Modified` (`If-None-Match` first, as RFC 9110 says).

use std::{io, time::SystemTime};

use axum::{
    extract::State,
    http::{HeaderMap, StatusCode},
    response::Response,
};
use chrono::{DateTime, FixedOffset, Utc};
use quick_xml::{
    Writer,
    events::{BytesCData, BytesDecl, BytesText, Event},
};
use serde::{Deserialize, Serialize};

use crate::SandboxContext;

const FIXTURE: &str = include_str!("../../fixtures/news/press-releases.json");

/// One press release, as the fixture file holds it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct PressRelease {
    /// `<guid>`; absent in some TYPO3 feeds.
    pub guid: Option<String>,
    /// Article URL.
    pub link: String,
    /// Headline.
    pub title: String,
    /// RFC 822 date as PHP's `date('r')` writes it.
    pub published: String,
    /// `<category>` values.
    pub categories: Vec<String>,
    /// HTML teaser, sent in CDATA.
    pub description_html: String,
    /// Teaser image.
    pub enclosure: Option<Enclosure>,
}

/// An `<enclosure>`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Enclosure {
    /// Image URL.
    pub url: String,
    /// MIME type.
    #[serde(rename = "type")]
    pub mime: String,
    /// Size in bytes.
    pub length: u64,
}

/// The feed's items, newest first.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct NewsState {
    /// Items in feed order.
    pub items: Vec<PressRelease>,
}

impl NewsState {
    /// The fixture's press releases.
    pub fn seeded() -> Self {
        // The fixture is compiled in and checked by a test; an unreadable one
        // is a build defect, and an empty feed is still a valid feed.
        Self { items: serde_json::from_str(FIXTURE).unwrap_or_default() }
    }
}

/// What a client may post to `/_sandbox/news` to publish a new item.
#[derive(Debug, Clone, Deserialize)]
pub struct NewRelease {
    /// Headline.
    pub title: String,
    /// HTML teaser.
    pub description_html: String,
    /// Categories.
    #[serde(default)]
    pub categories: Vec<String>,
    /// RFC 822 date; now when absent.
    #[serde(default)]
    pub published: Option<String>,
}

impl NewRelease {
    /// The press release to put at the top of the feed.
    pub fn into_release(self, sequence: usize) -> PressRelease {
        let link = format!("https://www.leipzig.de/newsarchiv/news/sandbox-meldung-{sequence}");
        PressRelease {
            guid: Some(link.clone()),
            link,
            title: self.title,
            published: self.published.unwrap_or_else(|| Utc::now().to_rfc2822()),
            categories: self.categories,
            description_html: self.description_html,
            enclosure: None,
        }
    }
}

/// `GET /newsfeed/rss.xml`.
pub async fn feed(State(ctx): State<SandboxContext>, headers: HeaderMap) -> Response {
    let (body, newest) =
        ctx.state.read(|s| (render(&s.news.items, &ctx.base_url), newest(&s.news.items)));
    let Ok(body) = body else {
        return crate::problem::response(
            StatusCode::INTERNAL_SERVER_ERROR,
            "feed rendering failed",
        );
    };
    crate::conditional::respond(&headers, body, "application/rss+xml; charset=utf-8", Some(newest))
}

fn parse_date(text: &str) -> Option<DateTime<FixedOffset>> {
    DateTime::parse_from_rfc2822(text).ok()
}

/// Date of the newest item, to whole seconds (HTTP dates have no more).
fn newest(items: &[PressRelease]) -> SystemTime {
    items
        .iter()
        .filter_map(|i| parse_date(&i.published))
        .max()
        .map(SystemTime::from)
        .unwrap_or(SystemTime::UNIX_EPOCH)
}

/// Renders the RSS 2.0 document.
pub fn render(items: &[PressRelease], base_url: &str) -> io::Result<Vec<u8>> {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)))?;
    let build_date = items.first().map(|i| i.published.as_str()).unwrap_or_default().to_owned();
    let self_url = format!("{base_url}newsfeed/rss.xml");
    w.create_element("rss")
        .with_attributes([
            ("version", "2.0"),
            ("xmlns:atom", "http://www.w3.org/2005/Atom"),
            ("xmlns:content", "http://purl.org/rss/1.0/modules/content/"),
        ])
        .write_inner_content(|w| {
            w.create_element("channel").write_inner_content(|w| {
                text(w, "title", "Stadt Leipzig – Pressemitteilungen")?;
                text(w, "link", "https://www.leipzig.de/newsarchiv")?;
                text(w, "description", "Aktuelle Meldungen aus dem Rathaus der Stadt Leipzig")?;
                text(w, "language", "de-DE")?;
                text(w, "copyright", "Stadt Leipzig, Referat Kommunikation")?;
                text(w, "generator", "TYPO3 CMS")?;
                text(w, "lastBuildDate", &build_date)?;
                w.create_element("atom:link")
                    .with_attributes([
                        ("href", self_url.as_str()),
                        ("rel", "self"),
                        ("type", "application/rss+xml"),
                    ])
                    .write_empty()?;
                for item in items {
                    write_item(w, item)?;
                }
                Ok(())
            })?;
            Ok(())
        })?;
    Ok(w.into_inner())
}

fn write_item(w: &mut Writer<Vec<u8>>, item: &PressRelease) -> io::Result<()> {
    w.create_element("item").write_inner_content(|w| {
        if let Some(guid) = &item.guid {
            let permalink = if guid.starts_with("http") { "true" } else { "false" };
            w.create_element("guid")
                .with_attribute(("isPermaLink", permalink))
                .write_text_content(BytesText::new(guid))?;
        }
        text(w, "title", &item.title)?;
        text(w, "link", &item.link)?;
        w.create_element("description").write_inner_content(|w| {
            // "]]>" cannot appear inside CDATA: end the section between "]]"
            // and ">" and start a new one.
            let parts: Vec<&str> = item.description_html.split("]]>").collect();
            let last = parts.len() - 1;
            for (i, part) in parts.iter().enumerate() {
                let head = if i > 0 { ">" } else { "" };
                let tail = if i < last { "]]" } else { "" };
                w.write_event(Event::CData(BytesCData::new(format!("{head}{part}{tail}"))))?;
            }
            Ok(())
        })?;
        for category in &item.categories {
            text(w, "category", category)?;
        }
        text(w, "pubDate", &item.published)?;
        if let Some(e) = &item.enclosure {
            w.create_element("enclosure")
                .with_attributes([
                    ("url", e.url.as_str()),
                    ("length", e.length.to_string().as_str()),
                    ("type", e.mime.as_str()),
                ])
                .write_empty()?;
        }
        Ok(())
    })?;
    Ok(())
}

fn text(w: &mut Writer<Vec<u8>>, name: &str, value: &str) -> io::Result<()> {
    w.create_element(name).write_text_content(BytesText::new(value))?;
    Ok(())
}
