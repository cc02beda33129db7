-- 0002: the Bürgeramt catalogue, my appointments, slot watches, and the
-- outbox that carries every user action to the city exactly once.

CREATE TABLE zms_service (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL,
    max_quantity INTEGER NOT NULL
) STRICT;

CREATE TABLE zms_office (
    id                  INTEGER PRIMARY KEY,
    name                TEXT NOT NULL,
    street              TEXT,
    postal_code         TEXT,
    city                TEXT,
    lat                 REAL,
    lon                 REAL,
    email_required      INTEGER NOT NULL,
    telephone_activated INTEGER NOT NULL,
    telephone_required  INTEGER NOT NULL,
    captcha_required    INTEGER NOT NULL,
    info                TEXT
) STRICT;

CREATE TABLE zms_relation (
    office_id  INTEGER NOT NULL REFERENCES zms_office (id) ON DELETE CASCADE,
    service_id INTEGER NOT NULL REFERENCES zms_service (id) ON DELETE CASCADE,
    slots      INTEGER NOT NULL,
    PRIMARY KEY (office_id, service_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX zms_relation_service ON zms_relation (service_id);

-- A booking outlives the catalogue it was made from, so no foreign keys
-- here: names and address are copied in. The authKey is NOT stored here:
-- it is a bearer credential and lives in the platform's secret store.
CREATE TABLE appointment (
    process_id   INTEGER PRIMARY KEY,
    status       TEXT NOT NULL,      -- ZMS status: reserved|preconfirmed|confirmed|deleted
    sync_state   TEXT NOT NULL,      -- synced|cancel_pending|cancel_failed
    start_at     INTEGER NOT NULL,   -- epoch seconds
    slot_count   INTEGER NOT NULL,
    office_id    INTEGER NOT NULL,
    office_name  TEXT NOT NULL,
    address      TEXT NOT NULL,
    service_id   INTEGER NOT NULL,
    service_name TEXT NOT NULL,
    count        INTEGER NOT NULL,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
) STRICT;

CREATE INDEX appointment_start ON appointment (start_at);

CREATE TABLE slot_watch (
    id         TEXT PRIMARY KEY NOT NULL,   -- the UUID of the outbox entry that registers it
    server_id  TEXT,
    service_id INTEGER NOT NULL,
    office_ids TEXT NOT NULL,               -- JSON array
    date_from  TEXT NOT NULL,
    date_to    TEXT NOT NULL,
    state      TEXT NOT NULL,               -- saved|active|removing|failed
    matches    TEXT NOT NULL DEFAULT '[]',  -- JSON array of slots
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE outbox (
    id              TEXT PRIMARY KEY NOT NULL,  -- UUID, sent as Idempotency-Key
    kind            TEXT NOT NULL,              -- e.g. appointment.cancel
    target          TEXT NOT NULL,              -- what it acts on, e.g. appointment:100001
    payload         TEXT NOT NULL,              -- JSON; never secrets
    state           TEXT NOT NULL,              -- pending|sending|acked|needs_user
    attempts        INTEGER NOT NULL,
    next_attempt_at INTEGER NOT NULL,
    last_error      TEXT,
    created_at      INTEGER NOT NULL,
    acked_at        INTEGER,
    server_time     TEXT                        -- the server's time of receipt (RFC 3339)
) STRICT;

CREATE INDEX outbox_due ON outbox (state, next_attempt_at);
CREATE INDEX outbox_target ON outbox (target, created_at);
