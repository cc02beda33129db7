-- 0006: official notices (Bescheide), their PDFs and the citizen's replies.
-- Notice texts, PDFs, reply texts and uploaded files are sealed
-- (XChaCha20-Poly1305, key in the platform's secret store); the plain
-- columns are ids, states and times that sync and the outbox need.

CREATE TABLE notice (
    id               TEXT PRIMARY KEY NOT NULL, -- the city's id
    etag             TEXT,                      -- the city's version of it
    sealed           BLOB NOT NULL,             -- the notice's JSON
    received_at      TEXT,                      -- when it reached the city's mailbox (ordering)
    read_at          INTEGER,                   -- unix seconds, device clock
    archived         INTEGER NOT NULL DEFAULT 0,
    retrieval_queued INTEGER NOT NULL DEFAULT 0, -- the first-open report is in the outbox (once)
    synced_at        INTEGER NOT NULL
) STRICT;

CREATE TABLE notice_attachment (
    notice    TEXT NOT NULL REFERENCES notice (id) ON DELETE CASCADE,
    id        TEXT NOT NULL,
    sealed    BLOB NOT NULL,                    -- the verified bytes
    stored_at INTEGER NOT NULL,
    PRIMARY KEY (notice, id)
) STRICT;

CREATE TABLE notice_reply (
    id          TEXT PRIMARY KEY NOT NULL,      -- replyId = Idempotency-Key = outbox id
    notice      TEXT NOT NULL,
    kind        TEXT NOT NULL,                  -- ACKNOWLEDGE | OBJECTION | UPLOAD_DOCUMENT
    state       TEXT NOT NULL,                  -- saved | received | refused
    sealed      BLOB NOT NULL,                  -- text, confirmed declaration, file list
    created_at  INTEGER NOT NULL,
    received_at TEXT,                           -- the city's time of receipt: the one that counts
    receipt_id  TEXT,
    last_error  TEXT
) STRICT;

CREATE INDEX notice_reply_notice ON notice_reply (notice);

CREATE TABLE notice_reply_file (
    reply    TEXT NOT NULL REFERENCES notice_reply (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    sealed   BLOB NOT NULL,                     -- the file, kept until the city has it
    PRIMARY KEY (reply, position)
) STRICT;

CREATE TABLE notice_sync (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    etag      TEXT,                             -- the mailbox's first page
    synced_at INTEGER NOT NULL
) STRICT;
