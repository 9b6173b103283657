-- Issue 20: a reminder is claimed, sent, then moved on (claim–send–move). A claim no longer
-- moves the row; it leases it: `lease_until` (seconds since 1970) is when the claim runs out,
-- `lease_due_at` the due time of the message being sent (the nonce Discord deduplicates on is
-- made from the reminder's id and that time). Once the send is settled the row moves to its
-- next time (or a one-off is marked sent, or the retry is kept) and the lease is cleared in the
-- same transaction. A process killed between the claim and the move leaves the lease behind:
-- when it runs out the next claim sends the same message with the same nonce, and Discord
-- returns the message it already has instead of posting a second one. Snooze, pause, resume,
-- cancel and forget clear the lease (or the row), so a send settled after them changes nothing.
ALTER TABLE reminders ADD COLUMN lease_until INTEGER;
ALTER TABLE reminders ADD COLUMN lease_due_at INTEGER;

CREATE INDEX reminders_lease ON reminders (lease_until) WHERE lease_until IS NOT NULL;
