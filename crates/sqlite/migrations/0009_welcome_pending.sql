-- Issue 20: the welcome is posted exactly once, also across a `kill -9`. The server's row is
-- written first, pending (`lease_until` set: until when the process that wrote it holds it),
-- so a second join event or a second process never posts it; the welcome is then posted with
-- a nonce made from the server's id (`enforce_nonce`), and the lease cleared. A process killed
-- between the row and the post leaves the lease behind: once it runs out, the welcome sweep
-- posts it in `channel_id` with the same nonce, and Discord answers a repeat with the message
-- it already has. Rows from before this migration (and settled ones) have no lease.
ALTER TABLE welcomed_guilds ADD COLUMN channel_id INTEGER;
ALTER TABLE welcomed_guilds ADD COLUMN lease_until INTEGER;

CREATE INDEX welcomes_pending ON welcomed_guilds (lease_until) WHERE lease_until IS NOT NULL;
