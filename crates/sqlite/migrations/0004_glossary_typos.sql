-- Answers /define reached by typo correction, per server: what was typed (normalized) and
-- the entry it was corrected to. Moderators see them in /stats server, so a wrong correction
-- can be spotted and fixed in prompts/ (an alias, or a word in glossary/words.toml).
-- No member ids: counts only.
CREATE TABLE glossary_typos (
    guild_id    INTEGER NOT NULL,
    term        TEXT NOT NULL CHECK (length(term) BETWEEN 1 AND 100),
    entry_id    TEXT NOT NULL CHECK (length(entry_id) BETWEEN 1 AND 40),
    count       INTEGER NOT NULL DEFAULT 1 CHECK (count >= 1),
    first_seen  INTEGER NOT NULL,
    last_seen   INTEGER NOT NULL,
    PRIMARY KEY (guild_id, term, entry_id)
) WITHOUT ROWID;
