-- 0003: public facilities for the offline finder: the layer's rows, a
-- full-text index in two German spellings, and an R*Tree for "near me".

CREATE TABLE facility (
    rowid         INTEGER PRIMARY KEY,
    id            TEXT NOT NULL UNIQUE,   -- the layer's id
    name          TEXT NOT NULL,
    category      TEXT NOT NULL,
    street        TEXT,
    postcode      TEXT,
    city          TEXT,
    district      TEXT,
    lat           REAL NOT NULL,          -- WGS84
    lon           REAL NOT NULL,
    opening_hours TEXT,                   -- OpenStreetMap syntax, as given
    wheelchair    TEXT,                   -- yes|limited|no
    phone         TEXT,
    website       TEXT
) STRICT;

CREATE INDEX facility_category ON facility (category);

-- Contentless: the searchable text (both spellings of every word) is only
-- indexed; rowids are those of `facility`.
CREATE VIRTUAL TABLE facility_fts USING fts5 (search, content = '', tokenize = 'unicode61');

CREATE VIRTUAL TABLE facility_geo USING rtree (rowid, min_lat, max_lat, min_lon, max_lon);
