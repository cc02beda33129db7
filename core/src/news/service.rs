//! What the news screens call: list from SQLite, refresh from the feed,
//! mark read, and listen for changes.

use std::sync::Arc;

use super::{
    api,
    model::{NewsItem, RefreshOutcome, RefreshStats},
    store,
};
use crate::{
    app::Context,
    error::{Error, Result},
    http::{Conditional, validators},
    listeners::{Listeners, Subscription},
};

/// Name of the feed in the validator table.
const RESOURCE: &str = "news_feed";

/// The news service of one [`crate::App`].
#[derive(Debug)]
pub struct NewsService {
    ctx: Context,
    listeners: Listeners,
    // One refresh at a time: two parallel ones would fetch the same feed twice.
    refreshing: tokio::sync::Mutex<()>,
}

impl NewsService {
    pub(crate) fn new(ctx: Context) -> Self {
        Self { ctx, listeners: Listeners::default(), refreshing: tokio::sync::Mutex::new(()) }
    }

    /// Stored items, newest first. Never touches the network.
    pub fn list(&self, limit: u32, offset: u32) -> Result<Vec<NewsItem>> {
        self.ctx.db.read(|conn| store::newest(conn, limit, offset))
    }

    /// One stored item.
    pub fn get(&self, id: i64) -> Result<NewsItem> {
        self.ctx
            .db
            .read(|conn| store::get(conn, id))?
            .ok_or_else(|| Error::NotFound { kind: "news item", id: id.to_string() })
    }

    /// Stored items in total and unread.
    pub fn counts(&self) -> Result<(i64, i64)> {
        self.ctx.db.read(store::counts)
    }

    /// Fetches the feed conditionally and stores what changed, in one
    /// transaction together with the new validators. A `304` writes
    /// nothing. On any error the stored news stay exactly as they were.
    pub async fn refresh(&self) -> Result<RefreshOutcome> {
        let url =
            self.ctx.config.endpoints.news_feed.clone().ok_or(Error::NotConfigured("news_feed"))?;
        let _one_at_a_time = self.refreshing.lock().await;
        let known = self.ctx.db.read(|conn| validators::load(conn, RESOURCE, &url))?;
        let max_bytes = self.ctx.config.news.max_feed_bytes;
        let fetched = match api::fetch(&self.ctx.http, &url, &known, max_bytes).await {
            Ok(Conditional::NotModified) => {
                self.ctx.log.debug("feed not modified");
                return Ok(RefreshOutcome::NotModified);
            }
            Ok(Conditional::Modified(fetched)) => fetched,
            Err(e) => {
                self.ctx.log.warn(&format!("feed refresh failed: {e}"));
                return Err(e);
            }
        };
        api::check_content_type(fetched.content_type.as_deref(), &fetched.body)?;
        let feed = api::parse_feed(&fetched.body).inspect_err(|e| {
            self.ctx.log.warn(&format!("feed rejected: {e}"));
        })?;

        let now = self.ctx.now();
        let keep = self.ctx.config.news.max_items;
        let stats = self.ctx.db.write(|tx| {
            let counts = store::upsert(tx, &feed.items, now)?;
            let pruned = store::prune(tx, keep)?;
            validators::save(tx, RESOURCE, &url, &fetched.validators, now)?;
            Ok(RefreshStats {
                received: feed.items.len(),
                inserted: counts.inserted,
                updated: counts.updated,
                duplicates: feed.duplicates,
                pruned,
            })
        })?;
        self.ctx.log.info(&format!(
            "feed stored: {} items, {} new, {} changed, {} duplicates, {} pruned",
            stats.received, stats.inserted, stats.updated, stats.duplicates, stats.pruned
        ));
        if stats.changed() {
            self.listeners.notify();
        }
        Ok(RefreshOutcome::Updated(stats))
    }

    /// Marks an item read or unread.
    pub fn mark_read(&self, id: i64, read: bool) -> Result<()> {
        let now = self.ctx.now();
        let found = self.ctx.db.write(|tx| store::set_read(tx, id, read, now))?;
        if !found {
            return Err(Error::NotFound { kind: "news item", id: id.to_string() });
        }
        self.listeners.notify();
        Ok(())
    }

    /// Tells every listener to re-read (after a change made elsewhere).
    pub(crate) fn notify_changed(&self) {
        self.listeners.notify();
    }

    /// Calls `listener` with the newest `limit` items now and after every
    /// change, until the returned [`Subscription`] is dropped.
    pub fn subscribe(
        &self,
        limit: u32,
        listener: impl Fn(Vec<NewsItem>) + Send + Sync + 'static,
    ) -> Subscription {
        let db = Arc::clone(&self.ctx.db);
        let log = self.ctx.log.clone();
        self.listeners.add(move || match db.read(|conn| store::newest(conn, limit, 0)) {
            Ok(items) => listener(items),
            Err(e) => log.error(&format!("news listener could not read: {e}")),
        })
    }
}
