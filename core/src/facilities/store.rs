//! Facilities in SQLite: the layer, its full-text index and its R*Tree.

use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};

use super::{
    fold,
    model::{Facility, Wheelchair},
};
use crate::error::Result;

const COLUMNS: &str = "f.id, f.name, f.category, f.street, f.postcode, f.city, f.district, f.lat, f.lon, \
                       f.opening_hours, f.wheelchair, f.phone, f.website";

/// German names of the categories, so "Bibliothek" finds libraries.
fn category_words(category: &str) -> &'static str {
    match category {
        "buergerbuero" => "Bürgerbüro Bürgeramt",
        "bibliothek" => "Bibliothek Bücherei",
        "schwimmbad" => "Schwimmbad Schwimmhalle Bad",
        "kita" => "Kita Kindertagesstätte Kindergarten Krippe Hort",
        "schule" => "Schule",
        "museum" => "Museum",
        _ => "",
    }
}

/// Replaces the whole layer (inside the caller's transaction).
pub fn replace_layer(tx: &Transaction<'_>, facilities: &[Facility]) -> Result<()> {
    tx.execute_batch(
        "DELETE FROM facility; DELETE FROM facility_geo;
         INSERT INTO facility_fts (facility_fts) VALUES ('delete-all');",
    )?;
    let mut row = tx.prepare_cached(
        "INSERT INTO facility (id, name, category, street, postcode, city, district, lat, lon,
                               opening_hours, wheelchair, phone, website)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?;
    let mut fts = tx.prepare_cached("INSERT INTO facility_fts (rowid, search) VALUES (?1, ?2)")?;
    let mut geo = tx.prepare_cached("INSERT INTO facility_geo (rowid, min_lat, max_lat, min_lon, max_lon) VALUES (?1, ?2, ?2, ?3, ?3)")?;
    for f in facilities {
        row.execute(params![
            f.id,
            f.name,
            f.category,
            f.street,
            f.postcode,
            f.city,
            f.district,
            f.lat,
            f.lon,
            f.opening_hours,
            f.wheelchair.map(Wheelchair::as_str),
            f.phone,
            f.website
        ])?;
        let rowid = tx.last_insert_rowid();
        let text = fold::index_text([
            f.name.as_str(),
            category_words(&f.category),
            f.category.as_str(),
            f.street.as_deref().unwrap_or(""),
            f.district.as_deref().unwrap_or(""),
        ]);
        fts.execute(params![rowid, text])?;
        geo.execute(params![rowid, f.lat, f.lon])?;
    }
    Ok(())
}

fn facility(r: &Row<'_>) -> rusqlite::Result<Facility> {
    let wheelchair: Option<String> = r.get(10)?;
    Ok(Facility {
        id: r.get(0)?,
        name: r.get(1)?,
        category: r.get(2)?,
        street: r.get(3)?,
        postcode: r.get(4)?,
        city: r.get(5)?,
        district: r.get(6)?,
        lat: r.get(7)?,
        lon: r.get(8)?,
        opening_hours: r.get(9)?,
        wheelchair: wheelchair.as_deref().and_then(Wheelchair::parse),
        phone: r.get(11)?,
        website: r.get(12)?,
    })
}

/// Filters every search shares.
#[derive(Debug, Clone, Copy, Default)]
pub struct Filters<'a> {
    /// Only this category.
    pub category: Option<&'a str>,
    /// Only fully step-free facilities.
    pub wheelchair: bool,
}

const FILTERS: &str = "(?2 IS NULL OR f.category = ?2) AND (?3 = 0 OR f.wheelchair = 'yes')";

/// Full-text matches, best first; everything (by name) when `expression` is `None`.
pub fn search(
    conn: &Connection,
    expression: Option<&str>,
    filters: Filters<'_>,
    limit: u32,
) -> Result<Vec<Facility>> {
    let sql = match expression {
        Some(_) => format!(
            "SELECT {COLUMNS} FROM facility_fts JOIN facility f ON f.rowid = facility_fts.rowid
              WHERE facility_fts MATCH ?1 AND {FILTERS} ORDER BY bm25(facility_fts), f.name LIMIT ?4"
        ),
        None => format!("SELECT {COLUMNS} FROM facility f WHERE ?1 IS NULL AND {FILTERS} ORDER BY f.name LIMIT ?4"),
    };
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt
        .query_map(params![expression, filters.category, filters.wheelchair, limit], facility)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Every match's rowid and hours in rank order, for filtering by "open now"
/// before reading whole rows.
pub fn ranked_hours(
    conn: &Connection,
    expression: Option<&str>,
    filters: Filters<'_>,
) -> Result<Vec<(i64, Option<String>)>> {
    let sql = match expression {
        Some(_) => format!(
            "SELECT f.rowid, f.opening_hours FROM facility_fts JOIN facility f ON f.rowid = facility_fts.rowid
              WHERE facility_fts MATCH ?1 AND {FILTERS} ORDER BY bm25(facility_fts), f.name"
        ),
        None => format!(
            "SELECT f.rowid, f.opening_hours FROM facility f WHERE ?1 IS NULL AND {FILTERS} ORDER BY f.name"
        ),
    };
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt
        .query_map(params![expression, filters.category, filters.wheelchair], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The facilities with these rowids, in the given order.
pub fn by_rowids(conn: &Connection, rowids: &[i64]) -> Result<Vec<Facility>> {
    let mut stmt =
        conn.prepare_cached(&format!("SELECT {COLUMNS} FROM facility f WHERE f.rowid = ?1"))?;
    let mut rows = Vec::with_capacity(rowids.len());
    for rowid in rowids {
        if let Some(row) = stmt.query_row([rowid], facility).optional()? {
            rows.push(row);
        }
    }
    Ok(rows)
}

/// Facilities inside a latitude/longitude box (the R*Tree prefilter),
/// optionally restricted to full-text matches. `CROSS JOIN` keeps the
/// R*Tree as the driving table: left to itself, SQLite prefers the category
/// index and reads every library in the city for a box of a few streets.
pub fn in_box(
    conn: &Connection,
    (lat_min, lat_max, lon_min, lon_max): (f64, f64, f64, f64),
    expression: Option<&str>,
    filters: Filters<'_>,
) -> Result<Vec<Facility>> {
    let text = match expression {
        Some(_) => "AND f.rowid IN (SELECT rowid FROM facility_fts WHERE facility_fts MATCH ?1)",
        None => "AND ?1 IS NULL",
    };
    let sql = format!(
        "SELECT {COLUMNS} FROM facility_geo g CROSS JOIN facility f ON f.rowid = g.rowid
          WHERE g.max_lat >= ?5 AND g.min_lat <= ?6 AND g.max_lon >= ?7 AND g.min_lon <= ?8
            AND {FILTERS} {text}"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt
        .query_map(
            params![
                expression,
                filters.category,
                filters.wheelchair,
                0,
                lat_min,
                lat_max,
                lon_min,
                lon_max
            ],
            facility,
        )?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// One facility.
pub fn by_id(conn: &Connection, id: &str) -> Result<Option<Facility>> {
    Ok(conn
        .query_row(&format!("SELECT {COLUMNS} FROM facility f WHERE f.id = ?1"), [id], facility)
        .optional()?)
}

/// Facilities stored.
pub fn count(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT count(*) FROM facility", [], |r| r.get(0))?)
}
