//! Reminders (`/remind`): rows mapped to [`crate::schedule::Reminder`]. The table is the
//! scheduler's queue, worked claim–send–move: [`Db::claim_due`] (and [`Db::claim_retries`])
//! lease what is due in one short write transaction; the scheduler sends each with a nonce;
//! [`Db::settle`] then moves the row to its next time (or marks a one-off sent, or keeps the
//! retry) and clears the lease. A crash between the claim and the move leaves the lease: once
//! it runs out the reminder is claimed again and sent with the same nonce, which Discord
//! deduplicates, so a due reminder is neither lost nor sent twice.
//!
//! Every write already holds the bot's write lock (see [`Db::write`]), so a count then an
//! insert cannot interleave with another write. The row locks below (`FOR UPDATE`, and the
//! claims' `SKIP LOCKED`) say, at the row that matters, what each statement relies on.

use super::{ids, Db, StoreError};
use crate::member::Member;
use crate::schedule::{Due, Reminder, Repeat, Status, MAX_ACTIVE};
pub use funnel_coach_store::reminders::*;
use sqlx::PgConnection;

/// Whether the member has [`MAX_ACTIVE`] active or paused reminders already (read in the
/// caller's write transaction, which holds the write lock, so two writes at once cannot both
/// pass).
async fn has_max_active(conn: &mut PgConnection, g: i64, u: i64) -> Result<bool, StoreError> {
    let active = sqlx::query_scalar!(
        r#"SELECT count(*) AS "count!" FROM reminders
         WHERE guild_id = $1 AND user_id = $2 AND status IN ('active', 'paused')"#,
        g,
        u
    )
    .fetch_one(conn)
    .await?;
    Ok(usize::try_from(active).unwrap_or(usize::MAX) >= MAX_ACTIVE)
}

/// One send of [`Db::settle_all`], in its transaction.
async fn settle_one(
    conn: &mut PgConnection,
    claim: &Claim,
    outcome: Outcome,
    now: i64,
) -> Result<bool, StoreError> {
    let due_at = claim.due.due_at;
    // `FOR UPDATE`: the lease read here decides the write below, by id alone; the row stays
    // as read until the commit.
    let row = sqlx::query_as!(
        Row,
        r#"SELECT id AS "id!", guild_id, user_id, note, timezone, repeat, local_minute, weekday, status, next_at
         FROM reminders WHERE id = $1 AND lease_until = $2 AND lease_due_at = $3
         FOR UPDATE"#,
        claim.due.id,
        claim.lease_until,
        due_at
    )
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else {
        return Ok(false);
    };
    let r = Reminder::try_from(row)?;
    let (mut status, mut next_at) = (r.status, r.next_at);
    if r.status == Status::Active && r.next_at == due_at {
        match r.next_after(now) {
            Some(next) => next_at = next,
            None => status = Status::Sent,
        }
    }
    let status = match status {
        Status::Active => "active",
        Status::Paused => "paused",
        Status::Sent => "sent",
    };
    let (retry_at, retry_due_at, retries) = match outcome {
        Outcome::Retry(at) => (
            Some(at),
            Some(due_at),
            i64::from(claim.tries.saturating_add(1)),
        ),
        Outcome::Delivered | Outcome::Dropped => (None, None, 0),
    };
    let sent_at = (outcome == Outcome::Delivered).then_some(now);
    sqlx::query!(
        "UPDATE reminders SET status = $1, next_at = $2, retry_at = $3, retry_due_at = $4,
               retries = $5, last_sent_at = coalesce($6, last_sent_at),
               lease_until = NULL, lease_due_at = NULL
             WHERE id = $7",
        status,
        next_at,
        retry_at,
        retry_due_at,
        retries,
        sent_at,
        r.id
    )
    .execute(&mut *conn)
    .await?;
    Ok(true)
}

/// `UPDATE reminders` that drops the reminder's pending retry and its lease along with the
/// changes in `set` (each starting with a comma): a snooze, a resume or a pause drops them
/// the same way, since the message they hold is out of date. A send in flight then settles
/// nothing ([`Db::settle`] finds its lease gone): the member's change stands. The
/// placeholders of `set` and `filter` are numbered together, from `$1`.
macro_rules! update_dropping_retry {
    ($set:literal, $filter:literal, $($arg:expr),+ $(,)?) => {
        sqlx::query!(
            "UPDATE reminders SET retry_at = NULL, retry_due_at = NULL, retries = 0,
               lease_until = NULL, lease_due_at = NULL"
                + $set
                + " WHERE "
                + $filter,
            $($arg),+
        )
    };
}

impl Db {
    /// Stores a reminder unless the member has [`MAX_ACTIVE`] active or paused ones (counted
    /// and stored in one write transaction, so two at once cannot both pass).
    pub async fn add_reminder(
        &self,
        member: Member,
        new: NewReminder<'_>,
    ) -> Result<Added, StoreError> {
        let (g, u) = (ids::to_db(member.guild)?, ids::to_db(member.user)?);
        let mut tx = self.write().await?;
        if has_max_active(&mut tx, g, u).await? {
            return Ok(Added::TooMany);
        }
        let repeat = new.rule.repeat.code();
        let minute = minute_of(new.rule.time);
        let weekday = new
            .rule
            .weekday
            .map(|w| i64::from(w.to_monday_one_offset()));
        let id = sqlx::query_scalar!(
            r#"INSERT INTO reminders (guild_id, user_id, note, timezone, repeat, local_minute,
                 weekday, status, next_at, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, 'active', $8, $9) RETURNING id AS "id!""#,
            g,
            u,
            new.note,
            new.timezone,
            repeat,
            minute,
            weekday,
            new.first,
            new.now
        )
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Added::Stored(id))
    }

    /// The member's active and paused reminders, soonest first.
    pub async fn reminders_of(&self, member: Member) -> Result<Vec<Reminder>, StoreError> {
        let (g, u) = (ids::to_db(member.guild)?, ids::to_db(member.user)?);
        let rows = sqlx::query_as!(
            Row,
            r#"SELECT id AS "id!", guild_id, user_id, note, timezone, repeat, local_minute, weekday, status, next_at
             FROM reminders WHERE guild_id = $1 AND user_id = $2 AND status IN ('active', 'paused')
             ORDER BY next_at, id"#,
            g,
            u
        )
        .fetch_all(self.reader()?)
        .await?;
        rows.into_iter().map(Reminder::try_from).collect()
    }

    /// Whether the member has any reminder in the server, sent one-offs included (a drill
    /// opened from a reminder's direct message counts there).
    pub async fn has_reminders(&self, member: Member) -> Result<bool, StoreError> {
        let (g, u) = (ids::to_db(member.guild)?, ids::to_db(member.user)?);
        let found = sqlx::query_scalar!(
            r#"SELECT EXISTS (SELECT 1 FROM reminders WHERE guild_id = $1 AND user_id = $2) AS "found!: bool""#,
            g,
            u
        )
        .fetch_one(self.reader()?)
        .await?;
        Ok(found)
    }

    /// One of the member's reminders (None when it is not theirs or does not exist).
    pub async fn reminder_of(
        &self,
        member: Member,
        id: i64,
    ) -> Result<Option<Reminder>, StoreError> {
        let (g, u) = (ids::to_db(member.guild)?, ids::to_db(member.user)?);
        let row = sqlx::query_as!(
            Row,
            r#"SELECT id AS "id!", guild_id, user_id, note, timezone, repeat, local_minute, weekday, status, next_at
             FROM reminders WHERE id = $1 AND guild_id = $2 AND user_id = $3"#,
            id,
            g,
            u
        )
        .fetch_optional(self.reader()?)
        .await?;
        row.map(Reminder::try_from).transpose()
    }

    /// Deletes one of the member's reminders; false when it was not theirs or is gone.
    pub async fn cancel_reminder(&self, member: Member, id: i64) -> Result<bool, StoreError> {
        let (g, u) = (ids::to_db(member.guild)?, ids::to_db(member.user)?);
        let mut tx = self.write().await?;
        let done = sqlx::query!(
            "DELETE FROM reminders WHERE id = $1 AND guild_id = $2 AND user_id = $3",
            id,
            g,
            u
        )
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(done.rows_affected() > 0)
    }

    /// Sets one of the member's reminders to fire at `at` (a snooze), active again.
    /// A repeating one carries on by its rule after that. A one-off that already went out
    /// counts again toward [`MAX_ACTIVE`] (counted and changed in one write transaction).
    pub async fn snooze_reminder(
        &self,
        member: Member,
        id: i64,
        at: i64,
    ) -> Result<Snoozed, StoreError> {
        let (g, u) = (ids::to_db(member.guild)?, ids::to_db(member.user)?);
        let mut tx = self.write().await?;
        // `FOR UPDATE`: the status read here decides the write below.
        let status = sqlx::query_scalar!(
            "SELECT status FROM reminders WHERE id = $1 AND guild_id = $2 AND user_id = $3
             FOR UPDATE",
            id,
            g,
            u
        )
        .fetch_optional(&mut *tx)
        .await?;
        let Some(status) = status else {
            return Ok(Snoozed::NotFound);
        };
        if status_of(&status)? == Status::Sent && has_max_active(&mut tx, g, u).await? {
            return Ok(Snoozed::TooMany);
        }
        update_dropping_retry!(
            ", status = 'active', next_at = $1, paused_told = 0",
            "id = $2",
            at,
            id
        )
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Snoozed::Done)
    }

    /// Resumes one of the member's paused reminders: a repeating one at its next time after
    /// `now`, a one-off at its time, or now when that has passed. None when it is not theirs
    /// or not paused; otherwise when it fires.
    pub async fn resume_reminder(
        &self,
        member: Member,
        id: i64,
        now: i64,
    ) -> Result<Option<i64>, StoreError> {
        let Some(r) = self.reminder_of(member, id).await? else {
            return Ok(None);
        };
        if r.status != Status::Paused {
            return Ok(None);
        }
        let next = r.next_after(now).unwrap_or(r.next_at.max(now));
        let mut tx = self.write().await?;
        let done = update_dropping_retry!(
            ", status = 'active', next_at = $1, paused_told = 0",
            "id = $2 AND status = 'paused'",
            next,
            id
        )
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok((done.rows_affected() > 0).then_some(next))
    }

    /// When the scheduler should look next: the soonest due reminder or retry that is not
    /// leased at `now` (a lease that ran out counts as none), or else the soonest lease to run
    /// out, if any.
    pub async fn next_due_at(&self, now: i64) -> Result<Option<i64>, StoreError> {
        let next = sqlx::query_scalar!(
            "SELECT next_at FROM reminders
             WHERE status = 'active' AND (lease_until IS NULL OR lease_until <= $1)
             ORDER BY next_at LIMIT 1",
            now
        )
        .fetch_optional(self.reader()?)
        .await?;
        let retry = sqlx::query_scalar!(
            r#"SELECT retry_at AS "at!: i64" FROM reminders
             WHERE retry_at IS NOT NULL AND status <> 'paused'
               AND (lease_until IS NULL OR lease_until <= $1)
             ORDER BY retry_at LIMIT 1"#,
            now
        )
        .fetch_optional(self.reader()?)
        .await?;
        let lease = sqlx::query_scalar!(
            r#"SELECT min(lease_until) AS "at: i64" FROM reminders
             WHERE lease_until > $1"#,
            now
        )
        .fetch_one(self.reader()?)
        .await?;
        Ok([next, retry, lease].into_iter().flatten().min())
    }

    /// Leases up to `limit` retries whose time came (and whose lease, if any, ran out) until
    /// `lease_until`, with how many tries failed before. The retry stays stored until
    /// [`Db::settle`]: a crash before then loses none.
    pub async fn claim_retries(
        &self,
        now: i64,
        lease_until: i64,
        limit: i64,
    ) -> Result<Vec<Claim>, StoreError> {
        let mut tx = self.write().await?;
        // One statement picks and leases. SKIP LOCKED passes over rows another claimer holds
        // (without it, a claim started from the same snapshot would lease them again once the
        // other committed). RETURNING has no order: the outer SELECT puts the soonest first,
        // ties by id as `SQLite`'s index has them.
        let rows = sqlx::query!(
            r#"WITH claimed AS (
                 UPDATE reminders SET lease_until = $1, lease_due_at = retry_due_at
                 WHERE id IN (
                     SELECT id FROM reminders
                     WHERE retry_at IS NOT NULL AND retry_at <= $2 AND status <> 'paused'
                       AND (lease_until IS NULL OR lease_until <= $2)
                     ORDER BY retry_at, id LIMIT $3
                     FOR UPDATE SKIP LOCKED)
                 RETURNING id, guild_id, user_id, note, repeat, retry_at, retry_due_at, retries)
             SELECT id AS "id!", guild_id, user_id, note, repeat,
                 retry_due_at AS "due_at!: i64", retries
             FROM claimed ORDER BY retry_at, id"#,
            lease_until,
            now,
            limit
        )
        .fetch_all(&mut *tx)
        .await?;
        let mut claimed = Vec::with_capacity(rows.len());
        for row in rows {
            let repeat = Repeat::from_code(&row.repeat)
                .ok_or_else(|| StoreError::Corrupt(format!("reminder repeat `{}`", row.repeat)))?;
            let due = Due {
                id: row.id,
                member: Member {
                    guild: ids::from_db(row.guild_id)?,
                    user: ids::from_db(row.user_id)?,
                },
                note: row.note,
                due_at: row.due_at,
                repeat,
            };
            claimed.push(Claim {
                due,
                tries: u32::try_from(row.retries).unwrap_or(u32::MAX),
                lease_until,
            });
        }
        // A corrupt row returned above before this: the transaction rolls back, nothing leased.
        tx.commit().await?;
        Ok(claimed)
    }

    /// Leases up to `limit` reminders due at `now` (and not leased, or whose lease ran out)
    /// until `lease_until`, soonest first, in one short write transaction. Nothing moves yet:
    /// the caller sends each, then [`Db::settle`]s it. A pending retry of an older message is
    /// dropped (the member gets the newer one).
    pub async fn claim_due(
        &self,
        now: i64,
        lease_until: i64,
        limit: i64,
    ) -> Result<Vec<Claim>, StoreError> {
        let mut tx = self.write().await?;
        // As in `claim_retries`: one statement, SKIP LOCKED, the order restored outside.
        let rows = sqlx::query_as!(
            Row,
            r#"WITH claimed AS (
                 UPDATE reminders SET retry_at = NULL, retry_due_at = NULL, retries = 0,
                     lease_until = $1, lease_due_at = next_at
                 WHERE id IN (
                     SELECT id FROM reminders
                     WHERE status = 'active' AND next_at <= $2
                       AND (lease_until IS NULL OR lease_until <= $2)
                     ORDER BY next_at, id LIMIT $3
                     FOR UPDATE SKIP LOCKED)
                 RETURNING id, guild_id, user_id, note, timezone, repeat, local_minute, weekday, status, next_at)
             SELECT id AS "id!", guild_id, user_id, note, timezone, repeat, local_minute, weekday, status, next_at
             FROM claimed ORDER BY next_at, id"#,
            lease_until,
            now,
            limit
        )
        .fetch_all(&mut *tx)
        .await?;
        let mut claimed = Vec::with_capacity(rows.len());
        for row in rows {
            let r = Reminder::try_from(row)?;
            claimed.push(Claim {
                due: Due {
                    id: r.id,
                    member: r.member,
                    note: r.note,
                    due_at: r.next_at,
                    repeat: r.rule.repeat,
                },
                tries: 0,
                lease_until,
            });
        }
        // A corrupt row returned above before this: the transaction rolls back, nothing leased.
        tx.commit().await?;
        Ok(claimed)
    }

    /// Records how a claimed send ended, at `now`, and clears the lease, in one write
    /// transaction. When the message was the reminder's current time (not a retry of an older
    /// one), a repeating reminder moves to its next time after `now` (missed repeats are
    /// skipped) and a one-off is marked sent; [`Outcome::Retry`] keeps the message to try again.
    /// False, and nothing changed, when the lease is no longer this claim's: the reminder was
    /// cancelled, snoozed, paused, resumed or forgotten meanwhile (their change stands), or the
    /// lease ran out and another claim took it.
    pub async fn settle(
        &self,
        claim: &Claim,
        outcome: Outcome,
        now: i64,
    ) -> Result<bool, StoreError> {
        let done = self.settle_all(&[(claim, outcome)], now).await?;
        Ok(done.first().copied().unwrap_or(false))
    }

    /// [`Db::settle`] for several sends in one write transaction (one commit, however many
    /// there are): for each, whether it was still this claim's.
    pub async fn settle_all(
        &self,
        settles: &[(&Claim, Outcome)],
        now: i64,
    ) -> Result<Vec<bool>, StoreError> {
        let mut tx = self.write().await?;
        let mut done = Vec::with_capacity(settles.len());
        for (claim, outcome) in settles {
            done.push(settle_one(&mut tx, claim, *outcome, now).await?);
        }
        tx.commit().await?;
        Ok(done)
    }

    /// The user's direct messages are closed: every active reminder of theirs (in any
    /// server) pauses, and `failed`, the one that could not go out (a one-off's retry, already
    /// marked sent), too, so it can be resumed; nothing is deleted, pending retries and leases
    /// are dropped (the messages they hold would fail the same way). Returns how many paused.
    pub async fn pause_reminders_of_user(&self, user: u64, failed: i64) -> Result<u64, StoreError> {
        let u = ids::to_db(user)?;
        let mut tx = self.write().await?;
        let done = update_dropping_retry!(
            ", status = 'paused', paused_told = 0",
            "user_id = $1 AND (status = 'active' OR id = $2)",
            u,
            failed
        )
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(done.rows_affected())
    }

    /// Discord does not know the user any more: their reminders are removed.
    pub async fn remove_reminders_of_user(&self, user: u64) -> Result<u64, StoreError> {
        let u = ids::to_db(user)?;
        let mut tx = self.write().await?;
        let done = sqlx::query!("DELETE FROM reminders WHERE user_id = $1", u)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(done.rows_affected())
    }

    /// Whether the user has paused reminders nobody told them about (a read: asked after
    /// every command).
    pub async fn pause_notice_due(&self, user: u64) -> Result<bool, StoreError> {
        let u = ids::to_db(user)?;
        let due = sqlx::query_scalar!(
            r#"SELECT EXISTS (SELECT 1 FROM reminders
                 WHERE user_id = $1 AND status = 'paused' AND paused_told = 0) AS "due!: bool""#,
            u
        )
        .fetch_one(self.reader()?)
        .await?;
        Ok(due)
    }

    /// Takes the paused-reminders notice for this user before it is sent, so two commands at
    /// once (or one right after it) never both tell them: `false` when another already took it.
    pub async fn pause_notice_given(&self, user: u64) -> Result<bool, StoreError> {
        let u = ids::to_db(user)?;
        let mut tx = self.write().await?;
        let done = sqlx::query!(
            "UPDATE reminders SET paused_told = 1
             WHERE user_id = $1 AND status = 'paused' AND paused_told = 0",
            u
        )
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(done.rows_affected() > 0)
    }

    /// The notice taken by [`Self::pause_notice_given`] could not be sent: it is due again, so
    /// the member's next command tells them.
    pub async fn pause_notice_not_given(&self, user: u64) -> Result<(), StoreError> {
        let u = ids::to_db(user)?;
        let mut tx = self.write().await?;
        sqlx::query!(
            "UPDATE reminders SET paused_told = 0 WHERE user_id = $1 AND status = 'paused'",
            u
        )
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
