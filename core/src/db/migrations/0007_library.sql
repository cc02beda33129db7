-- 0007: library card orders and the card. Applicant data, the city's
-- answer and the card are sealed (XChaCha20-Poly1305); branches and card
-- types are public data, kept plain for offline ordering.

CREATE TABLE library_registration (
    id          TEXT PRIMARY KEY NOT NULL,      -- registrationId = Idempotency-Key = outbox id
    state       TEXT NOT NULL,                  -- SAVED (phone only) | SUBMITTED | PAYMENT_PENDING | READY_FOR_ID_CHECK | ACTIVE | REJECTED
    sealed      BLOB NOT NULL,                  -- the order and the city's last answer, JSON
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
) STRICT;

CREATE TABLE library_catalog (
    kind       TEXT PRIMARY KEY NOT NULL,       -- 'branches' | 'card_types'
    json       TEXT NOT NULL,
    fetched_at INTEGER NOT NULL
) STRICT;
