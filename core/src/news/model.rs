//! News types: what the screens show and what a refresh did.

use chrono::{DateTime, SecondsFormat, Utc};
use chrono_tz::Europe::Berlin;

/// One press release as stored on the phone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewsItem {
    /// Local id, stable for the life of the database.
    pub id: i64,
    /// The feed's `guid`, or the link when the feed gives none.
    pub guid: String,
    /// Headline.
    pub title: String,
    /// Article on the web (http/https only).
    pub link: Option<String>,
    /// Plain-text teaser made from the feed's HTML description.
    pub summary: String,
    /// Teaser image (http/https only).
    pub image_url: Option<String>,
    /// Publication time, when the feed states one.
    pub published: Option<DateTime<Utc>>,
    /// The feed's categories, in feed order.
    pub categories: Vec<String>,
    /// Whether the citizen has read it.
    pub read: bool,
}

impl NewsItem {
    /// Publication time in Leipzig's zone as RFC 3339 with offset, e.g.
    /// `2026-11-24T10:15:00+01:00`.
    pub fn published_rfc3339(&self) -> Option<String> {
        self.published.map(|t| t.with_timezone(&Berlin).to_rfc3339_opts(SecondsFormat::Secs, false))
    }
}

/// A press release as read from the feed, before it is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedItem {
    /// Upsert key: `guid`, else the link, else a hash of the title.
    pub guid: String,
    /// Headline (plain text).
    pub title: String,
    /// Article link.
    pub link: Option<String>,
    /// Plain-text teaser.
    pub summary: String,
    /// Teaser image.
    pub image_url: Option<String>,
    /// Publication time.
    pub published: Option<DateTime<Utc>>,
    /// Categories.
    pub categories: Vec<String>,
}

/// A parsed feed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedFeed {
    /// Items in feed order, each guid once.
    pub items: Vec<ParsedItem>,
    /// Items dropped because an earlier item had the same guid.
    pub duplicates: usize,
}

/// What a refresh did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefreshOutcome {
    /// The server said `304 Not Modified`; nothing was written.
    NotModified,
    /// A new feed was stored.
    Updated(RefreshStats),
}

/// Counts of a refresh that received a feed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RefreshStats {
    /// Items in the feed (after dropping duplicates).
    pub received: usize,
    /// Items new to the phone.
    pub inserted: usize,
    /// Known items whose content changed.
    pub updated: usize,
    /// Items dropped as duplicate guids.
    pub duplicates: usize,
    /// Old items removed to keep the archive within its limit.
    pub pruned: usize,
}

impl RefreshStats {
    /// True when the stored news changed.
    pub fn changed(&self) -> bool {
        self.inserted + self.updated + self.pruned > 0
    }
}
