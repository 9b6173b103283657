-- The core: per-server settings and glossary usage counts.
-- Discord snowflakes are stored as INTEGER (converted in src/store/ids.rs).

CREATE TABLE guild_settings (
    guild_id        INTEGER PRIMARY KEY,
    ctr_threshold   REAL NOT NULL DEFAULT 0.01 CHECK (ctr_threshold > 0 AND ctr_threshold < 1),
    ctor_threshold  REAL NOT NULL DEFAULT 0.02 CHECK (ctor_threshold > 0 AND ctor_threshold < 1),
    updated_at      INTEGER NOT NULL
);

-- Terms members asked for that the glossary did not know (normalized), per server.
CREATE TABLE glossary_misses (
    guild_id    INTEGER NOT NULL,
    term        TEXT NOT NULL CHECK (length(term) BETWEEN 1 AND 100),
    count       INTEGER NOT NULL DEFAULT 1,
    first_seen  INTEGER NOT NULL,
    last_seen   INTEGER NOT NULL,
    PRIMARY KEY (guild_id, term)
) WITHOUT ROWID;

-- How often each entry was looked up, per server (no member ids).
CREATE TABLE glossary_lookups (
    guild_id    INTEGER NOT NULL,
    entry_id    TEXT NOT NULL,
    count       INTEGER NOT NULL DEFAULT 1,
    last_seen   INTEGER NOT NULL,
    PRIMARY KEY (guild_id, entry_id)
) WITHOUT ROWID;
