-- 0004: the citizen's profile, sealed (XChaCha20-Poly1305, key in the
-- platform's secret store): SQLite, its WAL and freed pages only ever hold
-- ciphertext. One row: one citizen per phone.

CREATE TABLE profile (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    sealed     BLOB NOT NULL,      -- nonce || ciphertext of the profile's JSON
    updated_at INTEGER NOT NULL    -- unix seconds
) STRICT;
