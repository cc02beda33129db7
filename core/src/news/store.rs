//! News in SQLite: upsert by guid, newest first, read state, pruning.

use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};
use sha2::{Digest, Sha256};

use super::model::{NewsItem, ParsedItem};
use crate::error::Result;

/// Separates category names inside one `group_concat`; stripped from input.
const CATEGORY_SEPARATOR: char = '\u{1f}';

const SELECT_ITEM: &str = "
    SELECT i.id, i.guid, i.title, i.link, i.summary, i.image_url, i.published_at,
           i.read_at IS NOT NULL,
           (SELECT group_concat(name, char(31))
              FROM (SELECT name FROM news_category c WHERE c.item_id = i.id ORDER BY position))
      FROM news_item i";

/// What an upsert changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UpsertCounts {
    /// New rows.
    pub inserted: usize,
    /// Rows whose content changed.
    pub updated: usize,
}

/// Inserts new items and updates changed ones; read state is kept. Items
/// are written oldest first, so undated items keep the feed's order.
pub fn upsert(tx: &Transaction<'_>, items: &[ParsedItem], now: i64) -> Result<UpsertCounts> {
    let mut counts = UpsertCounts::default();
    let mut find = tx.prepare_cached("SELECT id, content_hash FROM news_item WHERE guid = ?1")?;
    let mut insert = tx.prepare_cached(
        "INSERT INTO news_item (guid, title, link, summary, image_url, published_at, sort_at,
                                content_hash, first_seen_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, coalesce(?6, ?7), ?8, ?7, ?7)",
    )?;
    let mut update = tx.prepare_cached(
        "UPDATE news_item SET title = ?2, link = ?3, summary = ?4, image_url = ?5,
                published_at = ?6, sort_at = coalesce(?6, first_seen_at),
                content_hash = ?7, updated_at = ?8
          WHERE id = ?1",
    )?;
    for item in items.iter().rev() {
        let hash = content_hash(item);
        let published = item.published.map(|p| p.timestamp());
        let existing: Option<(i64, String)> =
            find.query_row([&item.guid], |r| Ok((r.get(0)?, r.get(1)?))).optional()?;
        let id = match existing {
            Some((_, old_hash)) if old_hash == hash => continue,
            Some((id, _)) => {
                update.execute(params![
                    id,
                    item.title,
                    item.link,
                    item.summary,
                    item.image_url,
                    published,
                    hash,
                    now
                ])?;
                counts.updated += 1;
                id
            }
            None => {
                insert.execute(params![
                    item.guid,
                    item.title,
                    item.link,
                    item.summary,
                    item.image_url,
                    published,
                    now,
                    hash
                ])?;
                counts.inserted += 1;
                tx.last_insert_rowid()
            }
        };
        replace_categories(tx, id, &item.categories)?;
    }
    Ok(counts)
}

fn replace_categories(tx: &Transaction<'_>, id: i64, categories: &[String]) -> Result<()> {
    tx.prepare_cached("DELETE FROM news_category WHERE item_id = ?1")?.execute([id])?;
    let mut insert = tx.prepare_cached(
        "INSERT INTO news_category (item_id, position, name) VALUES (?1, ?2, ?3)",
    )?;
    for (position, name) in categories.iter().enumerate() {
        let clean: String = name.chars().filter(|c| *c != CATEGORY_SEPARATOR).collect();
        insert.execute(params![id, position as i64, clean])?;
    }
    Ok(())
}

/// Detects whether a known item changed; covers every stored field.
fn content_hash(item: &ParsedItem) -> String {
    let mut hash = Sha256::new();
    for part in [
        item.title.as_str(),
        item.link.as_deref().unwrap_or(""),
        item.summary.as_str(),
        item.image_url.as_deref().unwrap_or(""),
    ] {
        hash.update((part.len() as u64).to_be_bytes());
        hash.update(part.as_bytes());
    }
    hash.update(item.published.map(|p| p.timestamp()).unwrap_or(i64::MIN).to_be_bytes());
    for c in &item.categories {
        hash.update((c.len() as u64).to_be_bytes());
        hash.update(c.as_bytes());
    }
    hex::encode(&hash.finalize()[..16])
}

/// The newest items, newest first (undated items by when first seen).
pub fn newest(conn: &Connection, limit: u32, offset: u32) -> Result<Vec<NewsItem>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT_ITEM} ORDER BY i.sort_at DESC, i.id DESC LIMIT ?1 OFFSET ?2"
    ))?;
    let items = stmt.query_map([limit, offset], item_from_row)?.collect::<rusqlite::Result<_>>()?;
    Ok(items)
}

/// One item by local id.
pub fn get(conn: &Connection, id: i64) -> Result<Option<NewsItem>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT_ITEM} WHERE i.id = ?1"))?;
    Ok(stmt.query_row([id], item_from_row).optional()?)
}

fn item_from_row(r: &Row<'_>) -> rusqlite::Result<NewsItem> {
    let published: Option<i64> = r.get(6)?;
    let categories: Option<String> = r.get(8)?;
    Ok(NewsItem {
        id: r.get(0)?,
        guid: r.get(1)?,
        title: r.get(2)?,
        link: r.get(3)?,
        summary: r.get(4)?,
        image_url: r.get(5)?,
        published: published.and_then(|s| chrono::DateTime::from_timestamp(s, 0)),
        read: r.get(7)?,
        categories: categories
            .map(|c| c.split(CATEGORY_SEPARATOR).map(str::to_owned).collect())
            .unwrap_or_default(),
    })
}

/// Sets or clears the read mark. Returns false when the item does not exist.
pub fn set_read(tx: &Transaction<'_>, id: i64, read: bool, now: i64) -> Result<bool> {
    let changed = if read {
        tx.execute("UPDATE news_item SET read_at = coalesce(read_at, ?2) WHERE id = ?1", [id, now])?
    } else {
        tx.execute("UPDATE news_item SET read_at = NULL WHERE id = ?1", [id])?
    };
    Ok(changed > 0)
}

/// Stored items in total and unread.
pub fn counts(conn: &Connection) -> Result<(i64, i64)> {
    Ok(conn.query_row(
        "SELECT count(*), count(*) FILTER (WHERE read_at IS NULL) FROM news_item",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?)
}

/// Removes the oldest items beyond `keep`. Returns how many went.
pub fn prune(tx: &Transaction<'_>, keep: u32) -> Result<usize> {
    Ok(tx.execute(
        "DELETE FROM news_item WHERE id IN (
            SELECT id FROM news_item ORDER BY sort_at DESC, id DESC LIMIT -1 OFFSET ?1)",
        [keep],
    )?)
}
