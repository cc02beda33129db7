//! City-hall news across the FFI.

use std::{sync::Arc, time::SystemTime};

use leipzig_core::news as core;

use crate::{error::ApiError, subscription::Subscription};

/// One press release.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct NewsItem {
    /// Local id, stable for the life of the app's data.
    pub id: i64,
    /// The feed's guid (or link).
    pub guid: String,
    /// Headline.
    pub title: String,
    /// Article on the web.
    pub link: Option<String>,
    /// Plain-text teaser (no markup).
    pub summary: String,
    /// Teaser image.
    pub image_url: Option<String>,
    /// Publication time, if the feed gives one.
    pub published: Option<SystemTime>,
    /// Categories in feed order.
    pub categories: Vec<String>,
    /// Whether the citizen has read it.
    pub read: bool,
}

impl From<core::NewsItem> for NewsItem {
    fn from(item: core::NewsItem) -> Self {
        Self {
            id: item.id,
            guid: item.guid,
            title: item.title,
            link: item.link,
            summary: item.summary,
            image_url: item.image_url,
            published: item.published.map(SystemTime::from),
            categories: item.categories,
            read: item.read,
        }
    }
}

/// What a refresh did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum RefreshOutcome {
    /// Unchanged on the server (`304`); nothing was written.
    NotModified,
    /// A new feed was stored.
    Updated {
        /// Items in the feed.
        received: u32,
        /// New items.
        inserted: u32,
        /// Changed items.
        updated: u32,
    },
}

impl From<core::RefreshOutcome> for RefreshOutcome {
    fn from(outcome: core::RefreshOutcome) -> Self {
        let n = |v: usize| u32::try_from(v).unwrap_or(u32::MAX);
        match outcome {
            core::RefreshOutcome::NotModified => RefreshOutcome::NotModified,
            core::RefreshOutcome::Updated(s) => RefreshOutcome::Updated {
                received: n(s.received),
                inserted: n(s.inserted),
                updated: n(s.updated),
            },
        }
    }
}

/// Stored items.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct NewsCounts {
    /// All stored items.
    pub total: u64,
    /// Items not yet read.
    pub unread: u64,
}

/// Receives the newest items now and after every change.
#[uniffi::export(foreign)]
pub trait NewsListener: Send + Sync {
    /// The current newest items, newest first.
    fn on_update(&self, items: Vec<NewsItem>);
}

/// The news service.
#[derive(Debug, uniffi::Object)]
pub struct News {
    app: leipzig_core::App,
}

impl News {
    pub(crate) fn new(app: leipzig_core::App) -> Self {
        Self { app }
    }
}

#[uniffi::export(async_runtime = "tokio")]
impl News {
    /// Stored items, newest first; never touches the network.
    pub fn list(&self, limit: u32, offset: u32) -> Result<Vec<NewsItem>, ApiError> {
        Ok(self.app.news().list(limit, offset)?.into_iter().map(NewsItem::from).collect())
    }

    /// One stored item.
    pub fn get(&self, id: i64) -> Result<NewsItem, ApiError> {
        Ok(self.app.news().get(id)?.into())
    }

    /// Stored and unread counts.
    pub fn counts(&self) -> Result<NewsCounts, ApiError> {
        let (total, unread) = self.app.news().counts()?;
        let n = |v: i64| u64::try_from(v).unwrap_or_default();
        Ok(NewsCounts { total: n(total), unread: n(unread) })
    }

    /// Fetches the feed (conditionally) and stores what changed. Listeners
    /// hear about changes. On failure the stored news stay as they were.
    pub async fn refresh(&self) -> Result<RefreshOutcome, ApiError> {
        Ok(self.app.news().refresh().await?.into())
    }

    /// Marks an item read or unread.
    pub fn mark_read(&self, id: i64, read: bool) -> Result<(), ApiError> {
        Ok(self.app.news().mark_read(id, read)?)
    }

    /// Calls `listener` with the newest `limit` items now and after every
    /// change, until the returned subscription is cancelled or destroyed.
    pub fn subscribe(&self, limit: u32, listener: Arc<dyn NewsListener>) -> Arc<Subscription> {
        let inner = self.app.news().subscribe(limit, move |items| {
            listener.on_update(items.into_iter().map(NewsItem::from).collect());
        });
        Arc::new(Subscription::new(inner))
    }
}
