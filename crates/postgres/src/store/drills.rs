//! Drill answers: one row per member and drill, the days they fall on, and what a member gets
//! right and wrong. Every query is scoped by server and member.

use super::{ids, Db, StoreError};
use crate::member::Member;
pub use funnel_coach_store::drills::*;

impl Db {
    /// Stores the member's answer to a drill, once: a second answer to the same drill
    /// changes nothing and says what the first one was. Committed before it returns.
    pub async fn record_drill_answer(
        &self,
        member: Member,
        a: NewAttempt<'_>,
    ) -> Result<Recorded, StoreError> {
        let (g, u, owner) = (
            ids::to_db(member.guild)?,
            ids::to_db(member.user)?,
            ids::to_db(a.owner)?,
        );
        let seed = i64::from(a.seed);
        let [i, c, o] = [
            number(a.counts[0])?,
            number(a.counts[1])?,
            number(a.counts[2])?,
        ];
        let (verdict, answer) = (a.verdict.code(), a.answer.code());
        // The column is a 0/1 BIGINT, as in SQLite, and PostgreSQL binds no bool to it.
        let correct = i64::from(a.verdict == a.answer);
        let mut tx = self.write().await?;
        let done = sqlx::query!(
            "INSERT INTO drill_attempts (guild_id, user_id, owner_id, seed, scenario, impressions,
                 clicks, orders, verdict, answer, correct, answered_at, local_day)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
             ON CONFLICT (guild_id, user_id, owner_id, seed, scenario, impressions, clicks, orders)
             DO NOTHING",
            g,
            u,
            owner,
            seed,
            a.scenario,
            i,
            c,
            o,
            verdict,
            answer,
            correct,
            a.at,
            a.local_day
        )
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() > 0 {
            tx.commit().await?;
            return Ok(Recorded::New);
        }
        let first = sqlx::query!(
            "SELECT verdict, answer FROM drill_attempts
             WHERE guild_id = $1 AND user_id = $2 AND owner_id = $3 AND seed = $4
                 AND scenario = $5 AND impressions = $6 AND clicks = $7 AND orders = $8",
            g,
            u,
            owner,
            seed,
            a.scenario,
            i,
            c,
            o
        )
        .fetch_one(&mut *tx)
        .await?;
        Ok(Recorded::Already {
            verdict: verdict_of(&first.verdict)?,
            answer: verdict_of(&first.answer)?,
        })
    }

    /// The member's latest `last` answers, counted by (right answer, answer given).
    pub async fn drill_answers(
        &self,
        member: Member,
        last: u32,
    ) -> Result<Vec<AnswerCount>, StoreError> {
        let (g, u) = (ids::to_db(member.guild)?, ids::to_db(member.user)?);
        let last = i64::from(last);
        // Sorted as SQLite's GROUP BY happens to give them; PostgreSQL's hash aggregate
        // would give no order.
        let rows = sqlx::query!(
            r#"SELECT verdict AS "verdict!", answer AS "answer!", count(*) AS "n!: i64"
             FROM (SELECT verdict, answer FROM drill_attempts
                   WHERE guild_id = $1 AND user_id = $2 ORDER BY id DESC LIMIT $3) AS recent
             GROUP BY verdict, answer
             ORDER BY verdict, answer"#,
            g,
            u,
            last
        )
        .fetch_all(self.reader()?)
        .await?;
        rows.into_iter()
            .map(|r| Ok((verdict_of(&r.verdict)?, verdict_of(&r.answer)?, count(r.n)?)))
            .collect()
    }

    /// The days (`YYYY-MM-DD`, oldest first) the member answered at least one drill.
    pub async fn drill_days(&self, member: Member) -> Result<Vec<String>, StoreError> {
        let (g, u) = (ids::to_db(member.guild)?, ids::to_db(member.user)?);
        let days = sqlx::query_scalar!(
            "SELECT DISTINCT local_day FROM drill_attempts
             WHERE guild_id = $1 AND user_id = $2 ORDER BY local_day",
            g,
            u
        )
        .fetch_all(self.reader()?)
        .await?;
        Ok(days)
    }
}
