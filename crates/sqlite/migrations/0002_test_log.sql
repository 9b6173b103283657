-- Each member's test log: one lever changed, the numbers before and after.
-- Discord snowflakes are stored as INTEGER (converted in src/store/ids.rs).
-- Every query about a test is scoped by (guild_id, user_id): a member only ever reaches their
-- own tests in the server they are in.

CREATE TABLE tests (
    -- AUTOINCREMENT: an id is never reused after a delete, so an old button or short id can
    -- never point at a newer test.
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id            INTEGER NOT NULL,
    user_id             INTEGER NOT NULL,
    lever               TEXT NOT NULL CHECK (lever IN (
                            'product_fit', 'proof', 'offer', 'expectation', 'promise',
                            'visibility', 'link_timing', 'cta', 'hook')),
    -- The change, in the member's own words.
    change              TEXT NOT NULL CHECK (length(change) BETWEEN 1 AND 200),
    before_impressions  INTEGER CHECK (before_impressions >= 0),
    before_clicks       INTEGER CHECK (before_clicks >= 0),
    before_orders       INTEGER CHECK (before_orders >= 0),
    after_impressions   INTEGER CHECK (after_impressions >= 0),
    after_clicks        INTEGER CHECK (after_clicks >= 0),
    after_orders        INTEGER CHECK (after_orders >= 0),
    status              TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
    note                TEXT CHECK (note IS NULL OR length(note) BETWEEN 1 AND 300),
    -- What the comparison said when the result was recorded (compare.rs outcome keys).
    ctr_outcome         TEXT CHECK (ctr_outcome IN ('improved', 'worse', 'not_clear', 'no_data')),
    ctor_outcome        TEXT CHECK (ctor_outcome IN ('improved', 'worse', 'not_clear', 'no_data')),
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL,
    -- The three counts of a period are given together or not at all.
    CHECK ((before_impressions IS NULL) = (before_clicks IS NULL)
       AND (before_clicks IS NULL) = (before_orders IS NULL)),
    CHECK ((after_impressions IS NULL) = (after_clicks IS NULL)
       AND (after_clicks IS NULL) = (after_orders IS NULL)),
    -- A finished test has its after numbers and its outcomes; an open one has neither.
    CHECK ((status = 'done') = (after_impressions IS NOT NULL)),
    CHECK ((status = 'done') = (ctr_outcome IS NOT NULL AND ctor_outcome IS NOT NULL))
);

-- /test list, /test show, /test delete, export, /stats me, forget: one member, newest first.
CREATE INDEX tests_by_member ON tests (guild_id, user_id, id DESC);

-- The autocomplete of /test result: the member's open tests, newest first.
CREATE INDEX tests_open_by_member ON tests (guild_id, user_id, id DESC) WHERE status = 'open';

-- /stats server: activity in the server over the last days.
CREATE INDEX tests_by_guild_created ON tests (guild_id, created_at);
CREATE INDEX tests_by_guild_updated ON tests (guild_id, updated_at);
