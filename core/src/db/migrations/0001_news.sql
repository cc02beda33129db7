-- 0001: city news and the HTTP validators of cached resources.

-- One row per cached resource (a feed, a layer, a catalogue). The validators
-- are written in the same transaction as the rows they describe, so a 304 is
-- only ever answered for data that really is on the phone.
CREATE TABLE http_validator (
    resource      TEXT PRIMARY KEY NOT NULL,   -- logical name, e.g. 'news_feed'
    url           TEXT NOT NULL,               -- validators only apply to this URL
    etag          TEXT,
    last_modified TEXT,
    stored_at     INTEGER NOT NULL             -- unix seconds
) STRICT;

CREATE TABLE news_item (
    id            INTEGER PRIMARY KEY,
    guid          TEXT NOT NULL UNIQUE,        -- RSS guid, else the link
    title         TEXT NOT NULL,
    link          TEXT,
    summary       TEXT NOT NULL,               -- plain text, made from the HTML teaser
    image_url     TEXT,
    published_at  INTEGER,                     -- unix seconds, NULL when the feed has none
    sort_at       INTEGER NOT NULL,            -- published_at, else first_seen_at
    content_hash  TEXT NOT NULL,               -- detects changed items
    first_seen_at INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    read_at       INTEGER
) STRICT;

CREATE INDEX news_item_newest ON news_item (sort_at DESC, id DESC);

CREATE TABLE news_category (
    item_id  INTEGER NOT NULL REFERENCES news_item (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name     TEXT NOT NULL,
    PRIMARY KEY (item_id, position)
) STRICT, WITHOUT ROWID;
