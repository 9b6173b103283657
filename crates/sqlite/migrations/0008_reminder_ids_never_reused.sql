-- Issue 20: a reminder's id is never given again. Without AUTOINCREMENT, SQLite hands out the
-- highest id plus one, so after a delete (a cancel, a forget, an unknown user) the next reminder
-- could get the id of one that is gone, and the buttons of the old reminder's direct message
-- (snooze, which carry its id) would act on the new one, as would its nonce. The table is
-- rebuilt with AUTOINCREMENT, every row, column and index kept; `sqlite_sequence` starts past
-- the highest id there is (ids above it deleted before this migration cannot be known).
-- No other table refers to `reminders`; the column list is 0006's plus 0007's leases.

CREATE TABLE reminders_new (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id      INTEGER NOT NULL,
    user_id       INTEGER NOT NULL,
    note          TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 200),
    timezone      TEXT NOT NULL CHECK (length(timezone) BETWEEN 1 AND 64),
    repeat        TEXT NOT NULL CHECK (repeat IN ('once', 'daily', 'weekdays', 'weekly')),
    local_minute  INTEGER NOT NULL CHECK (local_minute BETWEEN 0 AND 1439),
    weekday       INTEGER CHECK (weekday IS NULL OR weekday BETWEEN 1 AND 7),
    status        TEXT NOT NULL CHECK (status IN ('active', 'paused', 'sent')),
    next_at       INTEGER NOT NULL,
    created_at    INTEGER NOT NULL,
    last_sent_at  INTEGER,
    paused_told   INTEGER NOT NULL DEFAULT 0 CHECK (paused_told IN (0, 1)),
    retry_at      INTEGER,
    retry_due_at  INTEGER,
    retries       INTEGER NOT NULL DEFAULT 0 CHECK (retries >= 0),
    lease_until   INTEGER,
    lease_due_at  INTEGER,
    CHECK ((retry_at IS NULL) = (retry_due_at IS NULL))
);

INSERT INTO reminders_new (id, guild_id, user_id, note, timezone, repeat, local_minute, weekday,
    status, next_at, created_at, last_sent_at, paused_told, retry_at, retry_due_at, retries,
    lease_until, lease_due_at)
SELECT id, guild_id, user_id, note, timezone, repeat, local_minute, weekday,
    status, next_at, created_at, last_sent_at, paused_told, retry_at, retry_due_at, retries,
    lease_until, lease_due_at
FROM reminders;

DROP TABLE reminders;
ALTER TABLE reminders_new RENAME TO reminders;

-- Past the highest id (the copy above already set it when there were rows; this makes sure).
DELETE FROM sqlite_sequence WHERE name = 'reminders';
INSERT INTO sqlite_sequence (name, seq) SELECT 'reminders', coalesce(max(id), 0) FROM reminders;

CREATE INDEX reminders_due ON reminders (next_at) WHERE status = 'active';
CREATE INDEX reminders_retry ON reminders (retry_at) WHERE retry_at IS NOT NULL;
CREATE INDEX reminders_by_member ON reminders (guild_id, user_id, status);
CREATE INDEX reminders_by_user ON reminders (user_id, status);
CREATE INDEX reminders_lease ON reminders (lease_until) WHERE lease_until IS NOT NULL;
