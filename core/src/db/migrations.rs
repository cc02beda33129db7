//! Numbered, forward-only schema migrations on `PRAGMA user_version`.
//!
//! Migration N turns schema N-1 into schema N. Each runs in its own
//! IMMEDIATE transaction together with the version bump, so a failure leaves
//! the database at the previous version with all its data. A database newer
//! than this build is refused rather than touched. When you add a migration,
//! add `fixtures/db/v<N-1>.sql` (the schema before it) so the
//! migrate-and-compare test covers the upgrade.

use rusqlite::{Connection, TransactionBehavior};

use crate::error::{Error, Result};

/// The SQL of every migration, in order; index 0 is version 1.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_news.sql"),
    include_str!("migrations/0002_appointments_outbox.sql"),
    include_str!("migrations/0003_facilities.sql"),
    include_str!("migrations/0004_profile.sql"),
    include_str!("migrations/0005_payments.sql"),
    include_str!("migrations/0006_notices.sql"),
    include_str!("migrations/0007_library.sql"),
];

/// The schema version a fully migrated database has.
pub const LATEST_VERSION: u32 = MIGRATIONS.len() as u32;

/// Brings `conn` to [`LATEST_VERSION`].
pub(super) fn migrate(conn: &mut Connection) -> Result<()> {
    let found: u32 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if found > LATEST_VERSION {
        return Err(Error::SchemaTooNew { found, supported: LATEST_VERSION });
    }
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        let from = index as u32;
        let mut step = || -> rusqlite::Result<()> {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", from + 1)?;
            tx.commit()
        };
        step().map_err(|source| Error::Migration { from, source })?;
    }
    Ok(())
}

/// A database's schema: `user_version` and sorted `(type, name, sql)` rows.
pub type Schema = (u32, Vec<(String, String, String)>);

/// The schema of `conn`, for comparing two databases.
pub fn schema_of(conn: &Connection) -> Result<Schema> {
    let version: u32 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let mut stmt = conn.prepare(
        "SELECT type, name, coalesce(sql, '') FROM sqlite_schema
         WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name",
    )?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, normalise_sql(&r.get::<_, String>(2)?))))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok((version, rows))
}

/// Whitespace differences are not schema differences.
fn normalise_sql(sql: &str) -> String {
    sql.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    fn snapshot_dir() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fixtures/db")
    }

    fn fresh() -> Connection {
        let mut conn = Connection::open_in_memory().expect("memory db");
        migrate(&mut conn).expect("fresh migration");
        conn
    }

    /// Every old schema in `fixtures/db/` migrates to exactly the schema of
    /// a fresh database, and a snapshot exists for every older version.
    #[test]
    fn every_snapshot_migrates_to_the_fresh_schema() {
        let expected = schema_of(&fresh()).expect("schema");
        assert_eq!(expected.0, LATEST_VERSION);
        for version in 1..=LATEST_VERSION {
            let path = snapshot_dir().join(format!("v{version}.sql"));
            let sql = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("missing snapshot {}: {e}", path.display()));
            let mut conn = Connection::open_in_memory().expect("memory db");
            conn.execute_batch(&sql).expect("snapshot loads");
            let v: u32 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).expect("v");
            assert_eq!(v, version, "{} must set user_version = {version}", path.display());
            migrate(&mut conn).expect("upgrade");
            assert_eq!(schema_of(&conn).expect("schema"), expected, "upgrade from v{version}");
        }
    }

    #[test]
    fn migrating_twice_changes_nothing() {
        let mut conn = fresh();
        let before = schema_of(&conn).expect("schema");
        migrate(&mut conn).expect("second run");
        assert_eq!(schema_of(&conn).expect("schema"), before);
    }

    #[test]
    fn a_newer_database_is_refused_untouched() {
        let mut conn = Connection::open_in_memory().expect("memory db");
        conn.pragma_update(None, "user_version", LATEST_VERSION + 1).expect("set version");
        let err = migrate(&mut conn).expect_err("newer schema");
        assert!(matches!(err, Error::SchemaTooNew { found, .. } if found == LATEST_VERSION + 1));
        let (v, tables) = schema_of(&conn).expect("schema");
        assert_eq!(v, LATEST_VERSION + 1);
        assert!(tables.is_empty());
    }

    #[test]
    fn a_failing_migration_keeps_the_old_version_and_data() {
        let mut conn = Connection::open_in_memory().expect("memory db");
        // A table the first migration also creates makes it fail halfway.
        conn.execute_batch("CREATE TABLE news_item (x); INSERT INTO news_item VALUES ('kept');")
            .expect("setup");
        let err = migrate(&mut conn).expect_err("conflicting table");
        assert!(matches!(err, Error::Migration { from: 0, .. }));
        let kept: String =
            conn.query_row("SELECT x FROM news_item", [], |r| r.get(0)).expect("data kept");
        assert_eq!(kept, "kept");
        assert!(
            conn.prepare("SELECT * FROM http_validator").is_err(),
            "the first statement of the failed migration was rolled back"
        );
    }
}
