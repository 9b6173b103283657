-- /remind: drill reminders by direct message. The table is the scheduler's queue: due rows
-- are read through `reminders_due`, and each is moved to its next time (or marked sent) in
-- the transaction that claims it, before the message goes out.

CREATE TABLE reminders (
    id            INTEGER PRIMARY KEY,
    guild_id      INTEGER NOT NULL,
    user_id       INTEGER NOT NULL,
    note          TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 200),
    -- The IANA zone its times are computed in.
    timezone      TEXT NOT NULL CHECK (length(timezone) BETWEEN 1 AND 64),
    repeat        TEXT NOT NULL CHECK (repeat IN ('once', 'daily', 'weekdays', 'weekly')),
    -- The local time of day it repeats at, minutes after midnight.
    local_minute  INTEGER NOT NULL CHECK (local_minute BETWEEN 0 AND 1439),
    -- Weekly ones: 1 = Monday … 7 = Sunday.
    weekday       INTEGER CHECK (weekday IS NULL OR weekday BETWEEN 1 AND 7),
    -- active: waiting for next_at. paused: the member's direct messages were closed.
    -- sent: a one-off that went out (kept so its snooze buttons still work).
    status        TEXT NOT NULL CHECK (status IN ('active', 'paused', 'sent')),
    -- Seconds since 1970: when it fires next (for paused and sent ones, when it last was due).
    next_at       INTEGER NOT NULL,
    created_at    INTEGER NOT NULL,
    last_sent_at  INTEGER,
    -- Whether the member was told that their reminders paused.
    paused_told   INTEGER NOT NULL DEFAULT 0 CHECK (paused_told IN (0, 1)),
    -- A message that failed for a passing reason (429, 5xx, network): when to try again,
    -- when it was due, and how many tries failed. Kept here, so a restart loses no retry;
    -- cleared when the retry is claimed or a newer time of the reminder is claimed, and when
    -- it pauses, is snoozed or resumed; gone with the row on cancel or forget.
    retry_at      INTEGER,
    retry_due_at  INTEGER,
    retries       INTEGER NOT NULL DEFAULT 0 CHECK (retries >= 0),
    CHECK ((retry_at IS NULL) = (retry_due_at IS NULL))
);

CREATE INDEX reminders_due ON reminders (next_at) WHERE status = 'active';
CREATE INDEX reminders_retry ON reminders (retry_at) WHERE retry_at IS NOT NULL;
CREATE INDEX reminders_by_member ON reminders (guild_id, user_id, status);
CREATE INDEX reminders_by_user ON reminders (user_id, status);

-- The zone a member last chose, per server (used next time, and by the drill streak).
CREATE TABLE member_time_zones (
    guild_id    INTEGER NOT NULL,
    user_id     INTEGER NOT NULL,
    timezone    TEXT NOT NULL CHECK (length(timezone) BETWEEN 1 AND 64),
    updated_at  INTEGER NOT NULL,
    PRIMARY KEY (guild_id, user_id)
);
