-- Moderators' side (/mod): server guides, the guide channel and time zone settings, the audit
-- log of every moderator change, and the servers already welcomed.
-- Moderator ids are stored as `moderator_id`, not `user_id`: these rows are the server's
-- record of who changed what, kept when a moderator runs /privacy forget (README: Privacy).

-- A server's own guides. A title equal to a built-in guide's (case aside) replaces that
-- guide in this server only.
CREATE TABLE server_guides (
    id            INTEGER PRIMARY KEY,
    guild_id      INTEGER NOT NULL,
    title         TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
    title_key     TEXT NOT NULL CHECK (title_key = lower(trim(title))),
    summary       TEXT NOT NULL DEFAULT '' CHECK (length(summary) <= 100),
    body          TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
    moderator_id  INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    UNIQUE (guild_id, title_key)
);

ALTER TABLE guild_settings ADD COLUMN guide_channel_id INTEGER;
ALTER TABLE guild_settings ADD COLUMN timezone TEXT CHECK (timezone IS NULL OR length(timezone) BETWEEN 1 AND 64);

-- Every moderator change: who, what, when. `action` is a code of `moderation::Action`.
CREATE TABLE mod_log (
    id            INTEGER PRIMARY KEY,
    guild_id      INTEGER NOT NULL,
    moderator_id  INTEGER NOT NULL,
    action        TEXT NOT NULL,
    detail        TEXT NOT NULL,
    at            INTEGER NOT NULL
);
CREATE INDEX mod_log_latest ON mod_log (guild_id, action, id DESC);

-- An uploaded guide whose title another guide of the server has, held until the moderator
-- confirms the replacement (a button carries its id); dropped after a day.
CREATE TABLE pending_guides (
    id            INTEGER PRIMARY KEY,
    guild_id      INTEGER NOT NULL,
    moderator_id  INTEGER NOT NULL,
    title         TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
    summary       TEXT NOT NULL CHECK (length(summary) <= 100),
    body          TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
    at            INTEGER NOT NULL
);

-- Servers the bot has posted its welcome in, so it never repeats.
CREATE TABLE welcomed_guilds (
    guild_id  INTEGER PRIMARY KEY,
    at        INTEGER NOT NULL
) WITHOUT ROWID;
