-- 0005: payments, their receipts and the citizen's payable fees. Everything
-- that says what a citizen pays (amounts, titles, Kassenzeichen, receipts) is
-- sealed (XChaCha20-Poly1305, key in the platform's secret store); the plain
-- columns are what reconciliation queries need.

CREATE TABLE payment (
    id             TEXT PRIMARY KEY NOT NULL, -- app-made UUID = Idempotency-Key of the create
    payment_id     TEXT UNIQUE,               -- the city's id, once it answered
    subject_type   TEXT NOT NULL,             -- 'FEE' | 'BESCHEID'
    subject_id     TEXT NOT NULL,
    state          TEXT NOT NULL,             -- CREATED | INITIAL | PAYED | CANCELED | FAILED | ERROR
    sealed         BLOB NOT NULL,             -- nonce || ciphertext of the details' JSON
    created_at     INTEGER NOT NULL,          -- unix seconds, device clock
    updated_at     INTEGER NOT NULL,
    next_check_at  INTEGER,                   -- while not final: when to ask the city again
    checks         INTEGER NOT NULL DEFAULT 0 -- asked so far without a final answer (backoff)
) STRICT;

CREATE INDEX payment_subject ON payment (subject_type, subject_id);
CREATE INDEX payment_state ON payment (state);

CREATE TABLE payment_receipt (
    payment    TEXT PRIMARY KEY NOT NULL REFERENCES payment (id) ON DELETE CASCADE,
    sealed     BLOB NOT NULL,                 -- the Quittung's JSON
    pdf        BLOB,                          -- the Quittung as PDF, sealed
    fetched_at INTEGER NOT NULL
) STRICT;

CREATE TABLE fee (
    id         TEXT NOT NULL,                 -- the city's id of the fee or Bescheid
    kind       TEXT NOT NULL,                 -- 'FEE' | 'BESCHEID'
    position   INTEGER NOT NULL,              -- the city's order (by due date)
    sealed     BLOB NOT NULL,                 -- the fee's JSON
    fetched_at INTEGER NOT NULL,
    PRIMARY KEY (kind, id)
) STRICT;
