//! `ETag` / `Last-Modified` validators of cached resources, kept in SQLite.
//!
//! A validator is stored in the same transaction as the rows it describes,
//! and is only sent again to the URL it came from: when the configured URL
//! changes, the cache is revalidated from scratch.

use rusqlite::{Connection, OptionalExtension, Transaction, params};
use url::Url;

use crate::error::Result;

/// The validators of one cached response.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    /// The `ETag` header, sent back as `If-None-Match`.
    pub etag: Option<String>,
    /// The `Last-Modified` header, sent back as `If-Modified-Since`.
    pub last_modified: Option<String>,
}

impl Validators {
    /// True when there is nothing to send.
    pub fn is_empty(&self) -> bool {
        self.etag.is_none() && self.last_modified.is_none()
    }
}

/// The validators stored for `resource`, if they belong to `url`.
pub fn load(conn: &Connection, resource: &str, url: &Url) -> Result<Validators> {
    let row = conn
        .query_row(
            "SELECT etag, last_modified FROM http_validator WHERE resource = ?1 AND url = ?2",
            params![resource, url.as_str()],
            |r| Ok(Validators { etag: r.get(0)?, last_modified: r.get(1)? }),
        )
        .optional()?;
    Ok(row.unwrap_or_default())
}

/// When `resource` (fetched from `url`) was last stored, in unix seconds;
/// the clock of time-to-live caches.
pub fn stored_at(conn: &Connection, resource: &str, url: &Url) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT stored_at FROM http_validator WHERE resource = ?1 AND url = ?2",
            params![resource, url.as_str()],
            |r| r.get(0),
        )
        .optional()?)
}

/// Stores the validators of `resource` (fetched from `url`) at `now`.
pub fn save(
    tx: &Transaction<'_>,
    resource: &str,
    url: &Url,
    validators: &Validators,
    now: i64,
) -> Result<()> {
    tx.execute(
        "INSERT INTO http_validator (resource, url, etag, last_modified, stored_at)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (resource) DO UPDATE SET
           url = excluded.url, etag = excluded.etag,
           last_modified = excluded.last_modified, stored_at = excluded.stored_at",
        params![resource, url.as_str(), validators.etag, validators.last_modified, now],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::{DB_FILE, Database};

    #[test]
    fn validators_only_apply_to_their_url() {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = Database::open(&dir.path().join(DB_FILE)).expect("open");
        let a = Url::parse("https://example.org/a.xml").expect("url");
        let b = Url::parse("https://example.org/b.xml").expect("url");
        let v = Validators { etag: Some("\"x\"".to_owned()), last_modified: None };
        db.write(|tx| save(tx, "news_feed", &a, &v, 1)).expect("save");
        assert_eq!(db.read(|c| load(c, "news_feed", &a)).expect("load"), v);
        assert!(db.read(|c| load(c, "news_feed", &b)).expect("load").is_empty());
        db.write(|tx| save(tx, "news_feed", &b, &Validators::default(), 2)).expect("save");
        assert!(db.read(|c| load(c, "news_feed", &a)).expect("load").is_empty());
    }
}
