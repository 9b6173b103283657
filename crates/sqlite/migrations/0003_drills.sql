-- /drill: every answer a member gave, per server. One drill (who it was made for, and its
-- seed) counts once per member: a second click changes nothing.
-- Discord snowflakes are stored as INTEGER (converted in src/store/ids.rs).

CREATE TABLE drill_attempts (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id    INTEGER NOT NULL,
    user_id     INTEGER NOT NULL,
    -- The member the drill was made for (another member may answer a shared one).
    owner_id    INTEGER NOT NULL,
    seed        INTEGER NOT NULL CHECK (seed BETWEEN 0 AND 4294967295),
    scenario    TEXT NOT NULL CHECK (length(scenario) BETWEEN 1 AND 20),
    impressions INTEGER NOT NULL CHECK (impressions >= 0),
    clicks      INTEGER NOT NULL CHECK (clicks BETWEEN 0 AND impressions),
    orders      INTEGER NOT NULL CHECK (orders BETWEEN 0 AND clicks),
    -- The right answer, as the decoder said of the numbers shown, and the member's answer.
    verdict     TEXT NOT NULL CHECK (verdict IN ('before_click', 'after_click', 'both', 'healthy', 'not_enough_data')),
    answer      TEXT NOT NULL CHECK (answer IN ('before_click', 'after_click', 'both', 'healthy', 'not_enough_data')),
    correct     INTEGER NOT NULL CHECK (correct = (verdict = answer)),
    answered_at INTEGER NOT NULL,
    -- The day it counts for, YYYY-MM-DD in the member's time zone when they answered.
    local_day   TEXT NOT NULL CHECK (length(local_day) = 10),
    UNIQUE (guild_id, user_id, owner_id, seed, scenario, impressions, clicks, orders)
);

-- What the next drill leans toward: a member's latest answers, newest first.
CREATE INDEX drill_attempts_by_member ON drill_attempts (guild_id, user_id, id DESC);

-- Streaks: a member's days.
CREATE INDEX drill_attempts_by_member_day ON drill_attempts (guild_id, user_id, local_day);

-- Server counts over the last days (moderator stats).
CREATE INDEX drill_attempts_by_guild_time ON drill_attempts (guild_id, answered_at);
