//! Reminders (`/remind`): rows mapped to [`crate::schedule::Reminder`]. The table is the
//! scheduler's queue: [`Db::claim_due`] reads due rows through the `reminders_due` index and
//! moves each to its next time (or marks it sent) in the transaction that claims it, so a
//! crash after the claim can never send it twice.

use jiff::civil::{Time, Weekday};
use sqlx::SqliteConnection;

use super::{ids, Db, StoreError};
use crate::member::Member;
use crate::schedule::{Due, Reminder, Repeat, Rule, Status, MAX_ACTIVE};

fn status_of(code: &str) -> Result<Status, StoreError> {
    match code {
        "active" => Ok(Status::Active),
        "paused" => Ok(Status::Paused),
        "sent" => Ok(Status::Sent),
        _ => Err(StoreError::Corrupt(format!("reminder status `{code}`"))),
    }
}

/// A reminder to store.
#[derive(Debug, Clone, Copy)]
pub struct NewReminder<'a> {
    pub note: &'a str,
    pub timezone: &'a str,
    pub rule: Rule,
    pub first: i64,
    pub now: i64,
}

/// What storing a reminder did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Added {
    Stored(i64),
    /// The member has [`MAX_ACTIVE`] already; nothing stored.
    TooMany,
}

/// What a snooze did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Snoozed {
    Done,
    /// Not the member's, or gone.
    NotFound,
    /// A one-off that went out, and the member has [`MAX_ACTIVE`] others; nothing changed.
    TooMany,
}

struct Row {
    id: i64,
    guild_id: i64,
    user_id: i64,
    note: String,
    timezone: String,
    repeat: String,
    local_minute: i64,
    weekday: Option<i64>,
    status: String,
    next_at: i64,
}

impl TryFrom<Row> for Reminder {
    type Error = StoreError;

    fn try_from(r: Row) -> Result<Reminder, StoreError> {
        let repeat = Repeat::from_code(&r.repeat)
            .ok_or_else(|| StoreError::Corrupt(format!("reminder repeat `{}`", r.repeat)))?;
        let bad = || StoreError::Corrupt(format!("reminder {} time", r.id));
        let hour = i8::try_from(r.local_minute / 60).map_err(|_| bad())?;
        let minute = i8::try_from(r.local_minute % 60).map_err(|_| bad())?;
        let time = Time::new(hour, minute, 0, 0).map_err(|_| bad())?;
        let weekday = match r.weekday {
            None => None,
            Some(w) => Some(
                i8::try_from(w)
                    .ok()
                    .and_then(|w| Weekday::from_monday_one_offset(w).ok())
                    .ok_or_else(bad)?,
            ),
        };
        Ok(Reminder {
            id: r.id,
            member: Member {
                guild: ids::from_db(r.guild_id)?,
                user: ids::from_db(r.user_id)?,
            },
            note: r.note,
            timezone: r.timezone,
            rule: Rule {
                repeat,
                time,
                weekday,
            },
            status: status_of(&r.status)?,
            next_at: r.next_at,
        })
    }
}

fn minute_of(time: Time) -> i64 {
    i64::from(time.hour()) * 60 + i64::from(time.minute())
}

/// Whether the member has [`MAX_ACTIVE`] active or paused reminders already (read in the
/// caller's write transaction, so two writes at once cannot both pass).
async fn has_max_active(conn: &mut SqliteConnection, g: i64, u: i64) -> Result<bool, StoreError> {
    let active = sqlx::query_scalar!(
        "SELECT count(*) FROM reminders
         WHERE guild_id = ? AND user_id = ? AND status IN ('active', 'paused')",
        g,
        u
    )
    .fetch_one(conn)
    .await?;
    Ok(usize::try_from(active).unwrap_or(usize::MAX) >= MAX_ACTIVE)
}

/// `UPDATE reminders` that drops the reminder's pending retry along with the changes in `set`
/// (each starting with a comma): every change that moves a reminder on (a claim, a snooze, a
/// resume, a pause) drops it the same way, since the message it holds is out of date.
macro_rules! update_dropping_retry {
    ($set:literal, $filter:literal, $($arg:expr),+ $(,)?) => {
        sqlx::query!(
            "UPDATE reminders SET retry_at = NULL, retry_due_at = NULL, retries = 0"
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
             VALUES (?, ?, ?, ?, ?, ?, ?, 'active', ?, ?) RETURNING id AS "id!""#,
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
             FROM reminders WHERE guild_id = ? AND user_id = ? AND status IN ('active', 'paused')
             ORDER BY next_at, id"#,
            g,
            u
        )
        .fetch_all(&self.reader()?)
        .await?;
        rows.into_iter().map(Reminder::try_from).collect()
    }

    /// Whether the member has any reminder in the server, sent one-offs included (a drill
    /// opened from a reminder's direct message counts there).
    pub async fn has_reminders(&self, member: Member) -> Result<bool, StoreError> {
        let (g, u) = (ids::to_db(member.guild)?, ids::to_db(member.user)?);
        let found = sqlx::query_scalar!(
            r#"SELECT EXISTS (SELECT 1 FROM reminders WHERE guild_id = ? AND user_id = ?) AS "found!: bool""#,
            g,
            u
        )
        .fetch_one(&self.reader()?)
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
             FROM reminders WHERE id = ? AND guild_id = ? AND user_id = ?"#,
            id,
            g,
            u
        )
        .fetch_optional(&self.reader()?)
        .await?;
        row.map(Reminder::try_from).transpose()
    }

    /// Deletes one of the member's reminders; false when it was not theirs or is gone.
    pub async fn cancel_reminder(&self, member: Member, id: i64) -> Result<bool, StoreError> {
        let (g, u) = (ids::to_db(member.guild)?, ids::to_db(member.user)?);
        let mut tx = self.write().await?;
        let done = sqlx::query!(
            "DELETE FROM reminders WHERE id = ? AND guild_id = ? AND user_id = ?",
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
        let status = sqlx::query_scalar!(
            "SELECT status FROM reminders WHERE id = ? AND guild_id = ? AND user_id = ?",
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
            ", status = 'active', next_at = ?, paused_told = 0",
            "id = ?",
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
            ", status = 'active', next_at = ?, paused_told = 0",
            "id = ? AND status = 'paused'",
            next,
            id
        )
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok((done.rows_affected() > 0).then_some(next))
    }

    /// When the soonest active reminder or retry is due, if any.
    pub async fn next_due_at(&self) -> Result<Option<i64>, StoreError> {
        let next =
            sqlx::query_scalar!("SELECT min(next_at) FROM reminders WHERE status = 'active'")
                .fetch_one(&self.reader()?)
                .await?;
        let retry = sqlx::query_scalar!(
            r#"SELECT min(retry_at) AS "at: i64" FROM reminders INDEXED BY reminders_retry
             WHERE retry_at IS NOT NULL"#
        )
        .fetch_one(&self.reader()?)
        .await?;
        Ok(match (next, retry) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        })
    }

    /// Keeps a message that failed for a passing reason, to try again at `at`: `due` is when
    /// it was due, `retries` how many tries have failed. A newer failure of the same reminder
    /// replaces an older one; the reminder's next time, when claimed, replaces it too (the
    /// member gets the newer message). False when the reminder is gone (cancelled or
    /// forgotten) or paused.
    pub async fn keep_retry(&self, due: &Due, retries: u32, at: i64) -> Result<bool, StoreError> {
        let mut tx = self.write().await?;
        let done = sqlx::query!(
            "UPDATE reminders SET retry_at = ?, retry_due_at = ?, retries = ?
             WHERE id = ? AND status <> 'paused'",
            at,
            due.due_at,
            retries,
            due.id
        )
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(done.rows_affected() > 0)
    }

    /// Claims up to `limit` retries whose time came, with how many tries failed before: each
    /// is cleared in the claiming transaction (like [`Db::claim_due`]).
    pub async fn claim_retries(&self, now: i64, limit: i64) -> Result<Vec<(Due, u32)>, StoreError> {
        let mut tx = self.write().await?;
        let rows = sqlx::query!(
            r#"SELECT id AS "id!", guild_id, user_id, note, repeat,
                 retry_due_at AS "due_at!: i64", retries
             FROM reminders INDEXED BY reminders_retry
             WHERE retry_at IS NOT NULL AND retry_at <= ? AND status <> 'paused'
             ORDER BY retry_at LIMIT ?"#,
            now,
            limit
        )
        .fetch_all(&mut *tx)
        .await?;
        let mut claimed = Vec::with_capacity(rows.len());
        for row in rows {
            update_dropping_retry!("", "id = ?", row.id)
                .execute(&mut *tx)
                .await?;
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
            claimed.push((due, u32::try_from(row.retries).unwrap_or(u32::MAX)));
        }
        tx.commit().await?;
        Ok(claimed)
    }

    /// Claims up to `limit` reminders due at `now`, soonest first: in one write transaction,
    /// each repeating one moves to its next time after `now` (missed repeats are skipped) and
    /// each one-off is marked sent. The caller sends them after this returns.
    pub async fn claim_due(&self, now: i64, limit: i64) -> Result<Vec<Due>, StoreError> {
        let mut tx = self.write().await?;
        let rows = sqlx::query_as!(
            Row,
            r#"SELECT id AS "id!", guild_id, user_id, note, timezone, repeat, local_minute, weekday, status, next_at
             FROM reminders INDEXED BY reminders_due
             WHERE status = 'active' AND next_at <= ? ORDER BY next_at LIMIT ?"#,
            now,
            limit
        )
        .fetch_all(&mut *tx)
        .await?;
        let mut claimed = Vec::with_capacity(rows.len());
        for row in rows {
            let r = Reminder::try_from(row)?;
            match r.next_after(now) {
                Some(next) => {
                    update_dropping_retry!(
                        ", next_at = ?, last_sent_at = ?",
                        "id = ?",
                        next,
                        now,
                        r.id
                    )
                    .execute(&mut *tx)
                    .await?;
                }
                None => {
                    update_dropping_retry!(
                        ", status = 'sent', last_sent_at = ?",
                        "id = ?",
                        now,
                        r.id
                    )
                    .execute(&mut *tx)
                    .await?;
                }
            }
            claimed.push(Due {
                id: r.id,
                member: r.member,
                note: r.note,
                due_at: r.next_at,
                repeat: r.rule.repeat,
            });
        }
        tx.commit().await?;
        Ok(claimed)
    }

    /// The user's direct messages are closed: every active reminder of theirs (in any
    /// server) pauses, and `failed`, the one that could not go out (a one-off already marked
    /// sent), too, so it can be resumed; nothing is deleted, pending retries are dropped (the
    /// messages they hold would fail the same way). Returns how many paused.
    pub async fn pause_reminders_of_user(&self, user: u64, failed: i64) -> Result<u64, StoreError> {
        let u = ids::to_db(user)?;
        let mut tx = self.write().await?;
        let done = update_dropping_retry!(
            ", status = 'paused', paused_told = 0",
            "user_id = ? AND (status = 'active' OR id = ?)",
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
        let done = sqlx::query!("DELETE FROM reminders WHERE user_id = ?", u)
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
            r#"SELECT EXISTS (SELECT 1 FROM reminders INDEXED BY reminders_by_user
                 WHERE user_id = ? AND status = 'paused' AND paused_told = 0) AS "due!: bool""#,
            u
        )
        .fetch_one(&self.reader()?)
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
             WHERE user_id = ? AND status = 'paused' AND paused_told = 0",
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
            "UPDATE reminders SET paused_told = 0 WHERE user_id = ? AND status = 'paused'",
            u
        )
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
