//! The local SQLite database: one writer, a few readers, WAL.
//!
//! Every screen reads from here first. Code never sees a raw connection: it
//! passes a closure to [`Database::read`] (a `&Connection` on a read-only
//! connection) or to [`Database::write`] (a `&Transaction`, begun IMMEDIATE,
//! committed when the closure returns `Ok`, rolled back otherwise). One
//! database holds the cache and the outbox, so it runs with
//! `synchronous=FULL`: a commit the user was told about survives power loss.

mod migrations;

use std::{
    path::{Path, PathBuf},
    sync::{
        Mutex, PoisonError,
        atomic::{AtomicBool, AtomicUsize, Ordering},
    },
    time::Duration,
};

pub use migrations::{LATEST_VERSION, Schema, schema_of};
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

use crate::error::Result;

/// File name of the database inside the data directory.
pub const DB_FILE: &str = "leipzig.db";

/// Readers kept open; the app rarely runs more reads at once than this.
const READERS: usize = 2;

/// The app's database.
#[derive(Debug)]
pub struct Database {
    path: PathBuf,
    // Readers are declared (and so dropped) before the writer: the last
    // connection to close checkpoints the WAL, and only the writer can.
    // Each is opened at its first use: every connection loads the schema
    // and the planner's statistics, which a start from cache (one reader
    // at a time) should pay for once, not `READERS + 1` times.
    readers: Vec<Mutex<Option<Connection>>>,
    writer: Mutex<Connection>,
    next_reader: AtomicUsize,
    /// `PRAGMA optimize` has not run on the writer yet (see [`Database::write`]).
    optimize_due: AtomicBool,
}

impl Database {
    /// Opens (creating if needed) the database at `path` and migrates it to
    /// [`LATEST_VERSION`]. Refuses a database from a newer app version.
    pub fn open(path: &Path) -> Result<Self> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let mut writer = Connection::open(path)?;
        configure(&writer)?;
        // WAL is persistent, but switching needs the writer; readers inherit it.
        writer.pragma_update(None, "journal_mode", "WAL")?;
        migrations::migrate(&mut writer)?;
        Ok(Self {
            path: path.to_path_buf(),
            writer: Mutex::new(writer),
            readers: (0..READERS).map(|_| Mutex::new(None)).collect(),
            next_reader: AtomicUsize::new(0),
            optimize_due: AtomicBool::new(true),
        })
    }

    /// Where the database file lives.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` on a read-only connection. Sees every committed write.
    pub fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        // Take a free reader if there is one, else wait for the next in turn.
        for reader in &self.readers {
            if let Ok(mut slot) = reader.try_lock() {
                return f(self.opened(&mut slot)?);
            }
        }
        let i = self.next_reader.fetch_add(1, Ordering::Relaxed) % self.readers.len();
        let mut slot = self.readers[i].lock().unwrap_or_else(PoisonError::into_inner);
        f(self.opened(&mut slot)?)
    }

    /// The reader in `slot`, opened now if this is its first use.
    fn opened<'a>(&self, slot: &'a mut Option<Connection>) -> Result<&'a Connection> {
        if let Some(conn) = slot {
            return Ok(conn);
        }
        let reader = Connection::open_with_flags(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        configure(&reader)?;
        Ok(slot.insert(reader))
    }

    /// Runs `f` in one write transaction (BEGIN IMMEDIATE): committed when
    /// `f` returns `Ok`, rolled back when it returns `Err`.
    pub fn write<T>(&self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let mut conn = self.writer.lock().unwrap_or_else(PoisonError::into_inner);
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let value = f(&tx)?;
        tx.commit()?;
        if self.optimize_due.swap(false, Ordering::Relaxed) {
            // SQLite's advice for a long-lived connection is to optimize
            // once early on; after the first commit rather than at open, so
            // a start from cache does not wait for it (it checks every table
            // and may re-analyse one). A failure only costs a worse plan
            // until the next start: the commit above stands either way.
            let _ = conn.execute_batch("PRAGMA optimize = 0x10002;");
        }
        Ok(value)
    }
}

impl Database {
    /// Deletes every row of every table in one transaction, then truncates
    /// the WAL. With `secure_delete` on, the freed pages are zeroed, so the
    /// deleted data does not linger in the file.
    pub fn wipe(&self) -> Result<()> {
        self.write(|tx| {
            // Foreign keys are checked at commit, when every table is empty.
            tx.execute_batch("PRAGMA defer_foreign_keys = ON;")?;
            // Shadow tables of FTS5 and R*Tree belong to their virtual table
            // and must not be touched directly.
            let tables: Vec<(String, String)> = tx
                .prepare(
                    "SELECT t.name, coalesce(s.sql, '') FROM pragma_table_list t
                       JOIN sqlite_schema s ON s.name = t.name
                      WHERE t.schema = 'main' AND t.type IN ('table', 'virtual')
                        AND t.name NOT LIKE 'sqlite_%'",
                )?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            for (table, sql) in tables {
                let name = format!("\"{}\"", table.replace('"', "\"\""));
                if sql.to_ascii_lowercase().contains("using fts5") {
                    // Contentless FTS5 tables refuse DELETE; this empties them.
                    tx.execute(&format!("INSERT INTO {name} ({name}) VALUES ('delete-all')"), [])?;
                } else {
                    tx.execute(&format!("DELETE FROM {name}"), [])?;
                }
            }
            Ok(())
        })?;
        let conn = self.writer.lock().unwrap_or_else(PoisonError::into_inner);
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(())
    }
}

/// Pragmas every connection needs (they are not persisted in the file).
fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(Duration::from_secs(5))?;
    conn.execute_batch(
        "PRAGMA foreign_keys = ON;
         PRAGMA synchronous = FULL;
         PRAGMA temp_store = MEMORY;
         PRAGMA secure_delete = ON;
         PRAGMA wal_autocheckpoint = 128;
         PRAGMA journal_size_limit = 1572864;",
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;

    #[test]
    fn write_commits_on_ok_and_rolls_back_on_err() {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = Database::open(&dir.path().join(DB_FILE)).expect("open");
        db.write(|tx| {
            tx.execute(
                "INSERT INTO http_validator (resource, url, stored_at) VALUES ('a', 'u', 1)",
                [],
            )?;
            Ok(())
        })
        .expect("write");
        let failed: Result<()> = db.write(|tx| {
            tx.execute(
                "INSERT INTO http_validator (resource, url, stored_at) VALUES ('b', 'u', 1)",
                [],
            )?;
            Err(Error::Config("abort".to_owned()))
        });
        assert!(failed.is_err());
        let n: i64 = db
            .read(|c| Ok(c.query_row("SELECT count(*) FROM http_validator", [], |r| r.get(0))?))
            .expect("read");
        assert_eq!(n, 1, "the failed transaction left nothing behind");
    }

    #[test]
    fn readers_open_at_first_use_and_the_first_commit_optimizes() {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = Database::open(&dir.path().join(DB_FILE)).expect("open");
        let opened = |db: &Database| {
            db.readers
                .iter()
                .filter(|r| r.lock().unwrap_or_else(PoisonError::into_inner).is_some())
                .count()
        };
        assert_eq!(opened(&db), 0, "opening reads nothing yet");
        for _ in 0..3 {
            db.read(|c| Ok(c.query_row("SELECT 1", [], |r| r.get::<_, i64>(0))?)).expect("read");
        }
        assert_eq!(opened(&db), 1, "reads one after the other share one reader");
        assert!(db.optimize_due.load(Ordering::Relaxed));
        db.write(|tx| Ok(tx.execute("DELETE FROM news_item", [])?)).expect("write");
        assert!(!db.optimize_due.load(Ordering::Relaxed), "optimized after the first commit");
    }

    #[test]
    fn readers_cannot_write_and_foreign_keys_are_on() {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = Database::open(&dir.path().join(DB_FILE)).expect("open");
        let denied = db.read(|c| Ok(c.execute("DELETE FROM news_item", [])?));
        assert!(denied.is_err(), "reader connections are read-only");
        let fk: i64 =
            db.read(|c| Ok(c.query_row("PRAGMA foreign_keys", [], |r| r.get(0))?)).expect("read");
        assert_eq!(fk, 1);
        let orphan = db.write(|tx| {
            Ok(tx.execute(
                "INSERT INTO news_category (item_id, position, name) VALUES (42, 0, 'x')",
                [],
            )?)
        });
        assert!(orphan.is_err(), "a category without its item violates the foreign key");
        let mode: String =
            db.read(|c| Ok(c.query_row("PRAGMA journal_mode", [], |r| r.get(0))?)).expect("read");
        assert_eq!(mode, "wal");
    }
}
