//! The news feed on the wire: fetching it and turning RSS into [`ParsedItem`]s.
//!
//! Any RSS 2.0 (or Atom) feed works; nothing here knows the sandbox. The
//! feed is outside data: its size is capped by the HTTP layer, its content
//! type checked, its encoding checked, its HTML reduced to plain text (no
//! markup, no scripts reach the shells) and its links limited to http(s).

use std::collections::HashSet;

use chrono::{DateTime, FixedOffset, Utc};
use feed_rs::{model::Entry, parser};
use sha2::{Digest, Sha256};
use url::Url;

use super::model::{ParsedFeed, ParsedItem};
use crate::{
    error::{FeedError, Result},
    http::{Conditional, HttpClient, Validators},
};

/// `Accept` header of a feed request.
const ACCEPT: &str =
    "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1";

const MAX_TITLE_CHARS: usize = 300;
const MAX_SUMMARY_CHARS: usize = 2_000;
const MAX_CATEGORIES: usize = 10;
const MAX_CATEGORY_CHARS: usize = 80;
const MAX_URL_CHARS: usize = 2_000;

/// Fetches the feed at `url`, conditionally on `validators`.
pub async fn fetch(
    http: &HttpClient,
    url: &Url,
    validators: &Validators,
    max_bytes: u64,
) -> Result<Conditional> {
    http.get_conditional(url, validators, ACCEPT, max_bytes).await
}

/// Refuses bodies that are clearly not a feed — typically the HTML page of
/// a captive portal answering `200 OK`; a generic type passes when the body
/// starts like XML or JSON.
pub fn check_content_type(content_type: Option<&str>, body: &[u8]) -> Result<()> {
    fn feedish(media: &str) -> bool {
        media.ends_with("xml") || media == "application/feed+json" || media == "application/json"
    }
    crate::http::check_media_type(content_type, body, feedish, b"<{")
}

/// Parses a feed body into items, in feed order, each guid once.
pub fn parse_feed(body: &[u8]) -> Result<ParsedFeed> {
    check_encoding(body)?;
    let feed = parser::Builder::new()
        // Entries without a guid are keyed by their link (see `item_key`).
        .id_generator(|_links, _title, _base| String::new())
        .timestamp_parser(parse_timestamp)
        .sanitize_content(false)
        .build()
        .parse(body)
        .map_err(|e| FeedError::Malformed(short_reason(&e.to_string())))?;

    let mut seen = HashSet::new();
    let mut parsed = ParsedFeed::default();
    for entry in feed.entries {
        let item = to_item(entry);
        if seen.insert(item.guid.clone()) {
            parsed.items.push(item);
        } else {
            parsed.duplicates += 1;
        }
    }
    Ok(parsed)
}

fn to_item(entry: Entry) -> ParsedItem {
    let title = entry
        .title
        .map(|t| clip(&collapse_whitespace(&html_to_text(&t.content)), MAX_TITLE_CHARS))
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| "(ohne Titel)".to_owned());
    let link = entry.links.iter().find_map(|l| web_url(&l.href));
    let html = entry
        .summary
        .map(|s| s.content)
        .or_else(|| entry.content.and_then(|c| c.body))
        .unwrap_or_default();
    let summary = clip(&html_to_text(&html), MAX_SUMMARY_CHARS);
    let image_url = entry
        .media
        .iter()
        .flat_map(|m| m.content.iter())
        .filter(|c| c.content_type.as_ref().is_none_or(|t| t.ty() == "image"))
        .find_map(|c| c.url.as_ref().and_then(|u| web_url(u.as_str())));
    let mut categories: Vec<String> = Vec::new();
    for c in &entry.categories {
        let name =
            clip(&collapse_whitespace(c.label.as_deref().unwrap_or(&c.term)), MAX_CATEGORY_CHARS);
        if !name.is_empty() && !categories.contains(&name) && categories.len() < MAX_CATEGORIES {
            categories.push(name);
        }
    }
    let published = entry.published.or(entry.updated);
    let guid = item_key(entry.id.trim(), link.as_deref(), &title, published);
    ParsedItem { guid, title, link, summary, image_url, published, categories }
}

/// The upsert key: the guid, else the link, else a hash of title and date.
fn item_key(
    guid: &str,
    link: Option<&str>,
    title: &str,
    published: Option<DateTime<Utc>>,
) -> String {
    if !guid.is_empty() {
        return clip(guid, MAX_URL_CHARS);
    }
    if let Some(link) = link {
        return link.to_owned();
    }
    let mut hash = Sha256::new();
    hash.update(title.as_bytes());
    hash.update(published.map(|p| p.timestamp()).unwrap_or_default().to_be_bytes());
    format!("sha256:{}", hex::encode(hash.finalize()))
}

/// Keeps only absolute http(s) URLs of sane length.
fn web_url(raw: &str) -> Option<String> {
    let url = Url::parse(raw.trim()).ok()?;
    let ok = matches!(url.scheme(), "http" | "https") && url.as_str().len() <= MAX_URL_CHARS;
    ok.then(|| url.to_string())
}

/// Rejects bodies that are not valid text in their encoding. Feeds that
/// declare another encoding in the XML prolog are decoded by the parser.
fn check_encoding(body: &[u8]) -> Result<()> {
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    let head = String::from_utf8_lossy(&body[..body.len().min(200)]).to_ascii_lowercase();
    let declared_other = head.starts_with("<?xml")
        && head.split("?>").next().is_some_and(|prolog| {
            prolog.contains("encoding") && !prolog.contains("utf-8") && !prolog.contains("utf8")
        });
    if declared_other || std::str::from_utf8(body).is_ok() {
        Ok(())
    } else {
        Err(FeedError::Encoding.into())
    }
}

/// Plain text from an HTML fragment: tags, scripts and styles removed,
/// entities decoded, whitespace tidied, one paragraph per line.
pub fn html_to_text(html: &str) -> String {
    if !html.contains('<') && !html.contains('&') {
        return collapse_lines(html);
    }
    let config = html2text::config::with_decorator(html2text::render::TrivialDecorator::new());
    match config.string_from_read(html.as_bytes(), 10_000) {
        Ok(text) => collapse_lines(&text),
        // Unparseable markup still must not reach the shells as markup.
        Err(_) => collapse_lines(&html.replace(['<', '>'], " ")),
    }
}

/// Trims every line, collapses inner whitespace and drops empty lines.
fn collapse_lines(text: &str) -> String {
    text.lines().map(collapse_whitespace).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("\n")
}

fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// At most `max` characters, cut at a character boundary with an ellipsis.
fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

fn short_reason(reason: &str) -> String {
    clip(reason, 120)
}

/// Zone names seen in RFC 822 dates of German feeds, with their offsets.
/// chrono's RFC 2822 parser knows only UT/GMT and the US zones.
const NAMED_ZONES: &[(&str, &str)] = &[
    ("MESZ", "+0200"),
    ("CEST", "+0200"),
    ("MEZ", "+0100"),
    ("CET", "+0100"),
    ("WEST", "+0100"),
    ("WET", "+0000"),
    ("EEST", "+0300"),
    ("EET", "+0200"),
    ("UTC", "+0000"),
    ("Z", "+0000"),
];

/// Parses feed dates: RFC 3339, RFC 822/2822 (also with European zone
/// names, a missing or wrong weekday, or a long month name). `None` when
/// nothing fits; the item then sorts by when the phone first saw it.
pub fn parse_timestamp(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Some(t.to_utc());
    }
    // Drop the weekday: it is redundant and sometimes wrong or German.
    let rest = match text.split_once(',') {
        Some((day, rest)) if day.chars().all(char::is_alphabetic) => rest.trim(),
        _ => text,
    };
    let mut words: Vec<String> = rest.split_whitespace().map(str::to_owned).collect();
    if let Some(month) = words.get_mut(1) {
        // "November" → "Nov"
        if month.len() > 3 && month.is_char_boundary(3) {
            month.truncate(3);
        }
    }
    if let Some(zone) = words.last_mut()
        && let Some((_, offset)) =
            NAMED_ZONES.iter().find(|(name, _)| zone.eq_ignore_ascii_case(name))
    {
        *zone = (*offset).to_owned();
    }
    let normalised = words.join(" ");
    DateTime::parse_from_rfc2822(&normalised)
        .or_else(|_| DateTime::<FixedOffset>::parse_from_str(&normalised, "%d %b %Y %H:%M %z"))
        .ok()
        .map(|t| t.to_utc())
}
