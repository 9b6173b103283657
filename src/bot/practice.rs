//! What drills give other features: a new drill (`/drill`, "Next drill", a reminder's
//! "Start a drill") and a member's drill stats (`/stats me`), with the zone their days are
//! counted in.

use std::hash::{BuildHasher, RandomState};

use super::error::BotError;
use super::Data;
use crate::drill::{self, weights};
use crate::member::Member;
use crate::render::components::Audience;
use crate::render::{self, Reply};
use crate::schedule::Zone;
use crate::store::StoreError;

/// How many of a member's latest answers decide what the next drill leans toward.
const RECENT: u32 = 100;

pub fn user_error(data: &Data, message: &str) -> BotError {
    BotError::user(data.content.drills.errors.title.clone(), message)
}

pub fn broken(data: &Data) -> BotError {
    user_error(data, &data.content.drills.errors.broken)
}

/// A seed no one can guess in advance (std's per-process random hash keys, the time and the
/// member), so drills differ from one `/drill` to the next.
fn fresh_seed(data: &Data, member: Member) -> u32 {
    let h = RandomState::new().hash_one((data.clock.now().as_nanosecond(), member.user));
    u32::try_from(h >> 32).unwrap_or_default()
}

/// A new drill for `member`, leaning toward the verdicts they miss, shown to `audience`.
pub async fn new_drill(data: &Data, member: Member, audience: Audience) -> Result<Reply, BotError> {
    let thresholds = data.db.thresholds(Some(member.guild)).await?;
    let answers = data.db.drill_answers(member, RECENT).await?;
    let w = weights(&drill::tallies(&answers));
    let seed = fresh_seed(data, member);
    let copy = &data.content.drills;
    let (scenario, d) =
        drill::next_drill(&copy.scenario, &w, thresholds, seed).ok_or_else(|| broken(data))?;
    Ok(render::drill::drill(
        scenario,
        &d,
        audience,
        copy,
        &data.content.decode,
    ))
}

/// Where the member's days are counted: their reminder time zone, else the server's, else UTC.
pub async fn zone(data: &Data, member: Member) -> Result<Zone, StoreError> {
    data.db.zone_of(member, None).await
}

/// The drill part of `/stats me`, added to `reply`.
pub async fn with_stats(data: &Data, member: Member, reply: Reply) -> Result<Reply, BotError> {
    let answers = data.db.drill_answers(member, u32::MAX).await?;
    let zone = zone(data, member).await?;
    let mut days = Vec::new();
    for day in data.db.drill_days(member).await? {
        let date = day
            .parse()
            .map_err(|_| StoreError::Corrupt(format!("drill day `{day}`")))?;
        days.push(date);
    }
    let today = zone.tz.to_datetime(data.clock.now()).date();
    let stats = drill::stats(&answers, &days, today, zone.source);
    let name = zone.tz.iana_name().unwrap_or("UTC");
    Ok(render::drill::stats(
        reply,
        &stats,
        name,
        &data.content.drills,
    ))
}
