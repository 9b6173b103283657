//! The `kill -9` soak, shared by `tests/e2e/soak.rs` (a few cycles in `cargo test`) and
//! `benches/soak.rs` (a hundred, with a table). One cycle: a burst of every kind of write the
//! bot makes, each path a chain of interactions running beside the others, the bot killed with
//! SIGKILL at a random moment of the burst, then checked on the database it left
//! and restarted on it. Every write the bot confirmed must be stored, nothing it refused may
//! be, and every reminder made due must reach its member exactly once (counted as distinct
//! messages in the fake Discord, which keeps one message per nonce as Discord does).
//!
//! Reminders are made due by the soak itself (their `next_at` moved to now in the database,
//! as time passing would), some while the bot is down and some mid-burst, so sends are in
//! flight when the kill comes: the fake answers direct messages late (they are stored at once),
//! so a killed bot often never learns that its message arrived; a server's welcome is posted as
//! late. The bot runs with a lease of
//! 2 s (`REMINDER_LEASE_SECS`), so what it claimed comes back within the soak.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use sqlx::SqlitePool;

use funnel_coach::render::components::{ComponentId, DrillId};
use funnel_coach::test_log::TestId;

use super::model::GuildFixture;
use super::{db, short_id, title, BotEnv, BotProcess, FakeDiscord, Response, TestUser};

/// The lease the soaked bot runs with, in seconds.
const LEASE_SECS: u64 = 2;
/// How long a direct message takes to reach the fake (a kill meanwhile: never stored).
const DM_ARRIVAL_DELAY: Duration = Duration::from_millis(100);
/// How late the fake answers a direct message once it stored it.
const DM_ANSWER_DELAY: Duration = Duration::from_millis(100);

/// The write paths, in the order the table lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Path {
    TestLog,
    TestResult,
    DrillAnswer,
    RemindSet,
    RemindCancel,
    RemindSnooze,
    GuideAdd,
    GuideEdit,
    GuideDelete,
    GuidePost,
    Settings,
    Welcome,
    Forget,
}

impl Path {
    pub const ALL: [Path; 13] = [
        Path::TestLog,
        Path::TestResult,
        Path::DrillAnswer,
        Path::RemindSet,
        Path::RemindCancel,
        Path::RemindSnooze,
        Path::GuideAdd,
        Path::GuideEdit,
        Path::GuideDelete,
        Path::GuidePost,
        Path::Settings,
        Path::Welcome,
        Path::Forget,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Path::TestLog => "/test log",
            Path::TestResult => "/test result",
            Path::DrillAnswer => "drill answer",
            Path::RemindSet => "/remind set",
            Path::RemindCancel => "/remind cancel",
            Path::RemindSnooze => "reminder snooze",
            Path::GuideAdd => "/mod guide add",
            Path::GuideEdit => "/mod guide edit",
            Path::GuideDelete => "/mod guide delete",
            Path::GuidePost => "/mod guide post",
            Path::Settings => "/mod settings + audit",
            Path::Welcome => "welcome once",
            Path::Forget => "/privacy forget",
        }
    }
}

/// What happened to the writes of one path, over all cycles so far.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// Writes sent to the bot.
    pub sent: usize,
    /// Answered with a confirmation.
    pub confirmed: usize,
    /// Answered with a refusal (bad input, not theirs, already done).
    pub refused: usize,
    /// Not answered before the kill (either outcome is allowed; checked: all or nothing).
    pub unanswered: usize,
    /// Confirmed, yet not stored (or stored wrong): must stay 0.
    pub lost: usize,
    /// Refused, yet stored: must stay 0.
    pub leaked: usize,
}

/// Reminder deliveries, over all cycles so far.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Deliveries {
    /// Reminder due times made due by the soak.
    pub due: usize,
    /// Of those, delivered (at least once).
    pub delivered: usize,
    /// Messages beyond one per due time: must stay 0.
    pub duplicates: usize,
    /// Sends the fake answered with the message it already had (same nonce): sends repeated
    /// after a kill, that Discord's `enforce_nonce` kept to one message (welcomes included).
    pub deduplicated: usize,
}

/// The welcomes of the servers joined, over all cycles so far.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Welcomes {
    /// Servers the bot joined.
    pub joined: usize,
    /// Of those, with the welcome recorded (its join seen before the kill).
    pub recorded: usize,
    /// Recorded and posted exactly once.
    pub posted_once: usize,
    /// Recorded and still pending (the sweep has not posted it yet).
    pub pending: usize,
    /// Neither recorded nor posted (the kill came before the join was handled).
    pub unposted_unrecorded: usize,
    /// Posts beyond one per server: must stay 0.
    pub duplicates: usize,
    /// Recorded, yet not seen posted, when the bot was killed (posted later, or the kill came
    /// between the post and the record being settled).
    pub cut: usize,
}

/// How a write was answered.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Answer {
    Pending,
    Confirmed,
    Refused,
    /// An answer that is neither (a problem in itself).
    Odd(String),
}

/// One write of a burst, and what it was meant to change.
#[derive(Debug, Clone)]
struct Op {
    path: Path,
    what: What,
    answer: Answer,
}

#[derive(Debug, Clone)]
enum What {
    /// A test logged with this change (the short id once confirmed).
    TestLog {
        user: u64,
        change: String,
        short: Option<String>,
    },
    /// A result with this note for this test.
    TestResult {
        test: i64,
        note: String,
    },
    /// An answer to the drill of this seed, by this user.
    Drill {
        user: u64,
        seed: u32,
    },
    /// A reminder with this note.
    RemindSet {
        note: String,
    },
    /// Reminder `id` with this note cancelled (by its owner, or refused for another member).
    /// The note tells it apart: a reminder's id may be given again once it is deleted.
    RemindCancel {
        id: i64,
        note: String,
    },
    /// Reminder `id` snoozed.
    RemindSnooze {
        id: i64,
    },
    GuideAdd {
        title: String,
        body: String,
    },
    GuideEdit {
        title: String,
        body: String,
    },
    GuideDelete {
        title: String,
    },
    GuidePost,
    /// Thresholds set: the audit detail they write.
    Settings {
        detail: String,
    },
    Welcome {
        guild: u64,
        channel: u64,
    },
    /// The owner (a member) forgets their data: the rows they had when they asked.
    Forget {
        before: Vec<String>,
    },
}

/// The burst's record, shared with its tasks (which are aborted at the kill).
#[derive(Clone, Default)]
struct Record {
    ops: Arc<Mutex<Vec<Op>>>,
}

impl Record {
    fn send(&self, path: Path, what: What) -> usize {
        let mut ops = self
            .ops
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        ops.push(Op {
            path,
            what,
            answer: Answer::Pending,
        });
        ops.len() - 1
    }

    fn answer(&self, i: usize, answer: Answer) {
        {
            let mut ops = self
                .ops
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            ops[i].answer = answer;
        }
    }

    fn update(&self, i: usize, f: impl FnOnce(&mut What)) {
        let mut ops = self
            .ops
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        f(&mut ops[i].what);
    }

    fn ops(&self) -> Vec<Op> {
        self.ops
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }
}

/// How an answer reads: confirming when it says one of `yes`, refusing when one of `no`,
/// otherwise odd (a problem of its own).
fn judged(text: String, yes: &[&str], no: &[&str]) -> Answer {
    if yes.iter().any(|y| text.contains(y)) {
        Answer::Confirmed
    } else if no.iter().any(|n| text.contains(n)) {
        Answer::Refused
    } else {
        Answer::Odd(text)
    }
}

/// A small deterministic random source (xorshift), so a failing cycle can be run again.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % u64::try_from(n.max(1)).unwrap_or(1)).unwrap_or(0)
    }
}

/// What the soak knows is stored, carried from cycle to cycle.
#[derive(Default)]
struct Known {
    /// Alice's tests without a result: (row id, short id).
    open_tests: Vec<(i64, String)>,
    /// Tests with a result, and the note it has.
    done_tests: Vec<(i64, String, String)>,
    /// Server guides the soak added that exist, with their body.
    guides: Vec<(String, String)>,
    /// How many messages each reminder note should have reached its member with.
    expected_dms: HashMap<String, usize>,
    /// Guilds joined, with their welcome channel.
    joined: Vec<(u64, u64)>,
    /// Welcomes recorded, yet not seen posted, when the bot was killed.
    welcomes_cut: usize,
    /// The last audit row id of the thresholds seen.
    last_audit: i64,
    /// The last thresholds detail stored.
    thresholds: Option<String>,
}

/// The soak: the fake Discord, the bot on its database, what is known, and the tallies.
pub struct Soak {
    pub fake: FakeDiscord,
    pub bot: BotProcess,
    pool: SqlitePool,
    rng: Rng,
    seq: u64,
    known: Known,
    tallies: HashMap<Path, Tally>,
    /// Problems found (a lost write, a leaked refusal, a duplicate): empty when all is well.
    pub problems: Vec<String>,
    pub cycles: usize,
    /// Wall time spent in bursts, checks and restarts.
    pub elapsed: Duration,
}

impl Soak {
    /// Starts the fake Discord and the bot (a short lease, late answers to DMs).
    pub async fn start(seed: u64) -> Soak {
        let fake = FakeDiscord::start().await;
        fake.set_dm_arrival_delay(DM_ARRIVAL_DELAY);
        fake.set_dm_answer_delay(DM_ANSWER_DELAY);
        let env = BotEnv::dev(&fake).with_env("REMINDER_LEASE_SECS", &LEASE_SECS.to_string());
        let bot = BotProcess::start_with(&fake, &env).await;
        let pool = db(&bot).await;
        Soak {
            fake,
            bot,
            pool,
            rng: Rng::new(seed),
            seq: 0,
            known: Known::default(),
            tallies: HashMap::new(),
            problems: Vec::new(),
            cycles: 0,
            elapsed: Duration::ZERO,
        }
    }

    fn next_seq(&mut self) -> u64 {
        self.seq += 1;
        self.seq
    }

    fn problem(&mut self, path: Path, text: &str) {
        self.problems
            .push(format!("cycle {}: {}: {text}", self.cycles, path.name()));
    }

    /// One cycle: make some reminders due, fire the burst, kill the bot mid-burst, check the
    /// database it left, restart it on that database.
    pub async fn cycle(&mut self) {
        let started = Instant::now();
        self.cycles += 1;
        let record = Record::default();
        // Reminders due while the bot runs: the burst's first `/remind set` wakes the
        // scheduler, whose sends are then in flight while the burst goes on.
        self.make_due(2).await;
        let planned = self.burst(&record).await;
        let tasks = planned.tasks;
        // Killed at a random moment of the burst (a whole one takes about 0.8 s against a
        // debug build), or once it is over.
        let kill_at = Instant::now()
            + Duration::from_millis(u64::try_from(50 + self.rng.below(900)).unwrap_or(500));
        while Instant::now() < kill_at && !tasks.iter().all(tokio::task::JoinHandle::is_finished) {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        self.bot.kill_hard().await;
        for t in &tasks {
            t.abort();
        }
        for t in tasks {
            let _ = t.await;
        }
        self.check(&record).await;
        // Reminders due while the bot is down: delivered late by the next process, once.
        self.make_due(1).await;
        self.bot.restart().await;
        if let Err(e) = self.fake.wait_ready().await {
            self.problems.push(format!(
                "cycle {}: the bot did not come back: {e}",
                self.cycles
            ));
        }
        self.elapsed += started.elapsed();
    }

    /// After the last cycle: waits for every reminder made due to arrive (a claim left by a
    /// kill comes back once its lease ran out), then counts messages per reminder.
    pub async fn finish(&mut self) {
        let started = Instant::now();
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let d = self.deliveries();
            if d.delivered >= d.due || Instant::now() > deadline {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        // Long enough for any leftover claim to run out and be sent again.
        tokio::time::sleep(Duration::from_secs(LEASE_SECS + 1)).await;
        let d = self.deliveries();
        if d.delivered < d.due {
            let missing: Vec<String> = self
                .dm_counts()
                .into_iter()
                .filter(|(_, (want, got))| got < want)
                .map(|(note, (want, got))| format!("{note}: {got} of {want}"))
                .collect();
            self.problems
                .push(format!("reminders not delivered: {missing:?}"));
        }
        if d.duplicates > 0 {
            let twice: Vec<String> = self
                .dm_counts()
                .into_iter()
                .filter(|(_, (want, got))| got > want)
                .map(|(note, (want, got))| format!("{note}: {got} for {want}"))
                .collect();
            self.problems
                .push(format!("reminders sent twice: {twice:?}"));
        }
        // Every recorded welcome is posted exactly once (counted in the fake), also after all
        // those restarts: one left pending by a kill is posted by the next process's sweep
        // once its lease runs out. A join killed before its record is never welcomed (the
        // server comes back as one the bot was already in): no post then.
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let w = self.welcomes().await;
            if w.pending == 0 && w.posted_once + w.unposted_unrecorded >= w.joined
                || Instant::now() > deadline
            {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        for (guild, channel) in self.known.joined.clone() {
            let posts = self.fake.channel_messages(channel).len();
            let recorded = self.welcome_recorded(guild).await;
            if recorded && posts == 0 {
                self.tallies.entry(Path::Welcome).or_default().lost += 1;
                self.problem(
                    Path::Welcome,
                    &format!("server {guild} recorded, never welcomed"),
                );
            } else if posts > 1 {
                self.problem(
                    Path::Welcome,
                    &format!("server {guild} welcomed {posts} times"),
                );
            } else if !recorded && posts > 0 {
                self.problem(
                    Path::Welcome,
                    &format!("server {guild} welcomed, not recorded"),
                );
            }
        }
        self.elapsed += started.elapsed();
    }

    /// What the fake Discord saw wrong, less what a `kill -9` causes by design: interactions
    /// in flight when the bot died, never answered within Discord's 3 s.
    pub fn violations(&self) -> Vec<String> {
        self.fake
            .violations()
            .into_iter()
            .filter(|v| !v.contains("no first response within the 3000 ms deadline"))
            .collect()
    }

    /// Whether the server's welcome is recorded (pending or settled).
    async fn welcome_recorded(&self, guild: u64) -> bool {
        self.scalar(
            "SELECT count(*) FROM welcomed_guilds WHERE guild_id = ?",
            &[Bind::I(i64::try_from(guild).unwrap_or(0))],
        )
        .await
            == 1
    }

    /// The welcomes of the servers joined so far, counted in the fake and the database.
    pub async fn welcomes(&self) -> Welcomes {
        let mut w = Welcomes {
            cut: self.known.welcomes_cut,
            ..Welcomes::default()
        };
        for (guild, channel) in self.known.joined.clone() {
            w.joined += 1;
            let posts = self.fake.channel_messages(channel).len();
            let recorded = self.welcome_recorded(guild).await;
            let pending = self
                .scalar(
                    "SELECT count(*) FROM welcomed_guilds WHERE guild_id = ? AND lease_until IS NOT NULL",
                    &[Bind::I(i64::try_from(guild).unwrap_or(0))],
                )
                .await;
            w.recorded += usize::from(recorded);
            w.pending += usize::try_from(pending).unwrap_or(0);
            w.posted_once += usize::from(recorded && posts == 1);
            w.unposted_unrecorded += usize::from(!recorded && posts == 0);
            w.duplicates += posts.saturating_sub(1);
        }
        w
    }

    pub fn tally(&self, path: Path) -> Tally {
        self.tallies.get(&path).copied().unwrap_or_default()
    }

    /// Per reminder note made due: (messages expected, messages the member got).
    fn dm_counts(&self) -> Vec<(String, (usize, usize))> {
        let mut texts = Vec::new();
        for name in ["alice", "bob"] {
            for m in self.fake.dms_to(&self.fake.user(name)) {
                texts.push(
                    m["embeds"][0]["description"]
                        .as_str()
                        .unwrap_or("")
                        .to_owned(),
                );
            }
        }
        let mut counts: Vec<(String, (usize, usize))> = self
            .known
            .expected_dms
            .iter()
            .map(|(note, want)| {
                let got = texts.iter().filter(|t| t.contains(note.as_str())).count();
                (note.clone(), (*want, got))
            })
            .collect();
        counts.sort();
        counts
    }

    pub fn deliveries(&self) -> Deliveries {
        let mut d = Deliveries {
            deduplicated: self.fake.nonce_repeats(),
            ..Deliveries::default()
        };
        for (_, (want, got)) in self.dm_counts() {
            d.due += want;
            d.delivered += got.min(want);
            d.duplicates += got.saturating_sub(want);
        }
        d
    }

    /// The table the benchmark prints (`welcomes`: [`Soak::welcomes`]).
    pub fn table(&self, welcomes: Welcomes) -> String {
        let mut out = format!(
            "{:<24} {:>6} {:>10} {:>8} {:>11} {:>5} {:>7}\n",
            "write path", "sent", "confirmed", "refused", "unanswered", "lost", "leaked"
        );
        let mut total = Tally::default();
        for path in Path::ALL {
            let t = self.tally(path);
            out.push_str(&format!(
                "{:<24} {:>6} {:>10} {:>8} {:>11} {:>5} {:>7}\n",
                path.name(),
                t.sent,
                t.confirmed,
                t.refused,
                t.unanswered,
                t.lost,
                t.leaked
            ));
            total.sent += t.sent;
            total.confirmed += t.confirmed;
            total.refused += t.refused;
            total.unanswered += t.unanswered;
            total.lost += t.lost;
            total.leaked += t.leaked;
        }
        out.push_str(&format!(
            "{:<24} {:>6} {:>10} {:>8} {:>11} {:>5} {:>7}\n",
            "all",
            total.sent,
            total.confirmed,
            total.refused,
            total.unanswered,
            total.lost,
            total.leaked
        ));
        let d = self.deliveries();
        out.push_str(&format!(
            "\nreminder DMs: {} due, {} delivered, {} duplicates\n",
            d.due, d.delivered, d.duplicates
        ));
        out.push_str(&format!(
            "welcomes: {} servers joined, {} recorded ({} of them cut off by the kill), {} of those \
             posted exactly once, {} duplicates\n",
            welcomes.joined,
            welcomes.recorded,
            welcomes.cut,
            welcomes.posted_once,
            welcomes.duplicates
        ));
        out.push_str(&format!(
            "{} sends (reminders and welcomes) repeated after a kill and answered with the \
             message already there (enforce_nonce)\n",
            d.deduplicated
        ));
        out
    }

    // ---- making reminders due ---------------------------------------------------------------

    /// Moves up to `n` of alice's and bob's waiting reminders to now, as time passing would.
    async fn make_due(&mut self, n: usize) {
        let now = jiff::Timestamp::now().as_second();
        let rows: Vec<(i64, String)> = sqlx::query_as(
            "SELECT id, note FROM reminders
             WHERE status = 'active' AND lease_until IS NULL AND next_at > ? AND note LIKE '[soak %'
             ORDER BY next_at LIMIT ?",
        )
        .bind(now + 600)
        .bind(i64::try_from(n).unwrap_or(1))
        .fetch_all(&self.pool)
        .await
        .unwrap_or_default();
        for (id, note) in rows {
            let moved = sqlx::query(
                "UPDATE reminders SET next_at = ? WHERE id = ? AND status = 'active'
                 AND lease_until IS NULL",
            )
            .bind(now)
            .bind(id)
            .execute(&self.pool)
            .await
            .map_or(0, |r| r.rows_affected());
            if moved == 1 {
                *self.known.expected_dms.entry(note).or_default() += 1;
            }
        }
    }

    // ---- the burst --------------------------------------------------------------------------

    /// Starts every path's chain; returns their tasks.
    async fn burst(&mut self, record: &Record) -> Planned {
        let fake = self.fake.clone();
        let (alice, bob, moderator, owner) = (
            fake.user("alice"),
            fake.user("bob"),
            fake.user("mod"),
            fake.user("owner"),
        );
        let mut tasks = Vec::new();

        // /test log: a dozen at once from two members, every fourth refused (bad input).
        for i in 0..12 {
            let seq = self.next_seq();
            let user = if i % 2 == 0 {
                alice.clone()
            } else {
                bob.clone()
            };
            let bad = i % 4 == 3;
            let (fake, record) = (fake.clone(), record.clone());
            tasks.push(tokio::spawn(async move {
                tokio::time::sleep(Duration::from_millis(20 * i)).await;
                let change = format!("soak change {seq}");
                let op = record.send(
                    Path::TestLog,
                    What::TestLog {
                        user: user.id,
                        change: change.clone(),
                        short: None,
                    },
                );
                let options = json!({"lever": "Proof", "change": change,
                    "impressions": if bad { "10" } else { "5000" }, "clicks": "100", "orders": "2"});
                let Ok(r) = fake.slash(&user, "test log", options).await else {
                    return;
                };
                let text = r.text();
                if text.contains("is logged") {
                    let short = short_id(&text);
                    record.update(op, |w| {
                        if let What::TestLog { short: s, .. } = w {
                            *s = Some(short);
                        }
                    });
                }
                let answer = judged(text, &["is logged"], &["more clicks"]);
                record.answer(op, answer);
            }));
        }

        // /test result: two of alice's open tests, then one again (refused: it has one).
        let mut results: Vec<(i64, String, String)> = Vec::new();
        for (id, short) in self.known.open_tests.iter().take(2) {
            let seq = self.seq + 1;
            self.seq += 1;
            results.push((*id, short.clone(), format!("soak result {seq}")));
        }
        if let Some((id, short, _)) = self.known.done_tests.first().cloned() {
            let seq = self.next_seq();
            results.push((id, short, format!("soak result again {seq}")));
        }
        {
            let (fake, record, alice) = (fake.clone(), record.clone(), alice.clone());
            tasks.push(tokio::spawn(async move {
                for (id, short, note) in results {
                    let op = record.send(
                        Path::TestResult,
                        What::TestResult {
                            test: id,
                            note: note.clone(),
                        },
                    );
                    let options = json!({"test": short, "impressions": "12000", "clicks": "300",
                        "orders": "12", "note": note});
                    let Ok(r) = fake.slash(&alice, "test result", options).await else {
                        return;
                    };
                    let answer = judged(r.text(), &[&note], &["already has a result"]);
                    record.answer(op, answer);
                }
            }));
        }

        // Drill answers: bob answers a drill, then clicks another answer (refused).
        {
            let (fake, record, bob) = (fake.clone(), record.clone(), bob.clone());
            tasks.push(tokio::spawn(async move {
                let Ok(drill) = fake.slash(&bob, "drill", json!({})).await else {
                    return;
                };
                let buttons: Vec<(String, u32)> = drill
                    .custom_ids()
                    .into_iter()
                    .filter_map(|id| match DrillId::parse(&id)? {
                        DrillId::Answer { drill, .. } => Some((id, drill.seed)),
                        _ => None,
                    })
                    .collect();
                for (button, seed) in buttons.iter().take(2) {
                    let op = record.send(
                        Path::DrillAnswer,
                        What::Drill {
                            user: bob.id,
                            seed: *seed,
                        },
                    );
                    let Ok(r) = fake.click(&bob, &drill.message(), button).await else {
                        return;
                    };
                    let answer = judged(
                        r.text(),
                        &["Right:", "Not quite"],
                        &["You already answered this one"],
                    );
                    record.answer(op, answer);
                }
            }));
        }

        // Reminders: alice and bob set two each and one with a bad time (refused); alice
        // cancels one of hers and bob tries to cancel another of hers (refused); a delivered
        // one-off is snoozed.
        let mut mine = Vec::new();
        for (user, canceller) in [(&alice, &bob), (&alice, &alice), (&bob, &bob)] {
            if canceller.id == alice.id {
                // Alice cancels the one Bob could not.
                if let Some((id, note, _)) = mine.last().cloned() {
                    mine.push((id, note, alice.clone()));
                }
                continue;
            }
            let id: Option<(i64, String)> = sqlx::query_as(
                "SELECT id, note FROM reminders WHERE user_id = ? AND status = 'active'
                   AND lease_until IS NULL AND next_at > ? AND note LIKE '[soak %'
                 ORDER BY id DESC LIMIT 1",
            )
            .bind(i64::try_from(user.id).unwrap_or(0))
            .bind(jiff::Timestamp::now().as_second() + 600)
            .fetch_optional(&self.pool)
            .await
            .ok()
            .flatten();
            if let Some((id, note)) = id {
                mine.push((id, note, canceller.clone()));
            }
        }
        let snooze = self.snooze_target(&alice).await;
        let mut sets = Vec::new();
        for _ in 0..2 {
            for user in [&alice, &bob] {
                let seq = self.next_seq();
                sets.push((user.clone(), format!("[soak {seq:06}]"), false));
            }
        }
        let seq = self.next_seq();
        sets.insert(1, (bob.clone(), format!("[soak {seq:06}]"), true));
        {
            let (fake, record) = (fake.clone(), record.clone());
            tasks.push(tokio::spawn(async move {
                for (user, note, bad) in sets {
                    let op = record.send(Path::RemindSet, What::RemindSet { note: note.clone() });
                    let time = if bad { "25:99" } else { "in 20h" };
                    let options = json!({"time": time, "note": note});
                    let Ok(r) = fake.slash(&user, "remind set", options).await else {
                        return;
                    };
                    let answer = judged(
                        r.text(),
                        &["Reminder set"],
                        &["isn't a time", "You already have"],
                    );
                    record.answer(op, answer);
                }
            }));
        }
        {
            let (fake, record) = (fake.clone(), record.clone());
            tasks.push(tokio::spawn(async move {
                for (id, note, who) in mine {
                    let op = record.send(Path::RemindCancel, What::RemindCancel { id, note });
                    let options = json!({"reminder": id.to_string()});
                    let Ok(r) = fake.slash(&who, "remind cancel", options).await else {
                        return;
                    };
                    // Refused first: the refusal's words are in a list of reminders too.
                    let answer = match judged(r.text(), &[], &["isn't one of your reminders"]) {
                        Answer::Odd(_) if title(&r) == "Reminders" => Answer::Confirmed,
                        other => other,
                    };
                    record.answer(op, answer);
                }
            }));
        }
        {
            let (fake, record, alice) = (fake.clone(), record.clone(), alice.clone());
            tasks.push(tokio::spawn(async move {
                if let Some((id, dm, button)) = snooze {
                    let op = record.send(Path::RemindSnooze, What::RemindSnooze { id });
                    let Ok(r) = fake.click(&alice, &dm, &button).await else {
                        return;
                    };
                    let answer = judged(r.text(), &["remind you again"], &[]);
                    record.answer(op, answer);
                }
            }));
        }

        // Guides: add one, add one with a taken title (refused), edit one, delete one, post.
        let add_seq = self.next_seq();
        let added = (
            format!("Soak guide {add_seq}"),
            format!("Soak body {add_seq}."),
        );
        let taken = self.known.guides.first().map(|(t, _)| t.clone());
        let edit = self.known.guides.last().map(|(t, _)| t.clone());
        let delete = (self.known.guides.len() > 2).then(|| self.known.guides[1].0.clone());
        let edit_seq = self.next_seq();
        {
            let (fake, record, moderator) = (fake.clone(), record.clone(), moderator.clone());
            tasks.push(tokio::spawn(async move {
                let add = |title: String, body: String, refused: bool| {
                    let (fake, record, moderator) =
                        (fake.clone(), record.clone(), moderator.clone());
                    async move {
                        let Ok(modal) = fake.slash(&moderator, "mod guide add", json!({})).await
                        else {
                            return false;
                        };
                        let op = record.send(
                            Path::GuideAdd,
                            What::GuideAdd {
                                title: title.clone(),
                                body: body.clone(),
                            },
                        );
                        let fields = vec![("title", title.as_str()), ("body", body.as_str())];
                        let Ok(r) = fake.submit_modal(&moderator, &modal, fields).await else {
                            return false;
                        };
                        let saved = format!("Saved **{title}**");
                        let yes: &[&str] = if refused { &[] } else { &[&saved] };
                        let answer = judged(r.text(), yes, &["already has a guide called"]);
                        record.answer(op, answer);
                        true
                    }
                };
                if !add(added.0, added.1, false).await {
                    return;
                }
                if let Some(t) = taken {
                    add(t, format!("Soak taken {add_seq}."), true).await;
                }
            }));
        }
        {
            let (fake, record, moderator) = (fake.clone(), record.clone(), moderator.clone());
            tasks.push(tokio::spawn(async move {
                if let Some(t) = edit {
                    let Ok(modal) = fake
                        .slash(&moderator, "mod guide edit", json!({"guide": t}))
                        .await
                    else {
                        return;
                    };
                    let body = format!("Soak edited {edit_seq}.");
                    let op = record.send(
                        Path::GuideEdit,
                        What::GuideEdit {
                            title: t.clone(),
                            body: body.clone(),
                        },
                    );
                    let Ok(r) = fake
                        .submit_modal(&moderator, &modal, vec![("body", body.as_str())])
                        .await
                    else {
                        return;
                    };
                    let answer = judged(r.text(), &["Saved your changes"], &[]);
                    record.answer(op, answer);
                }
            }));
        }
        {
            let (fake, record, moderator) = (fake.clone(), record.clone(), moderator.clone());
            tasks.push(tokio::spawn(async move {
                if let Some(t) = delete {
                    let Ok(ask) = fake
                        .slash(&moderator, "mod guide delete", json!({"guide": t}))
                        .await
                    else {
                        return;
                    };
                    let Some(yes) = ask.custom_ids().first().cloned() else {
                        return;
                    };
                    let op = record.send(Path::GuideDelete, What::GuideDelete { title: t.clone() });
                    let Ok(r) = fake.click(&moderator, &ask.message(), &yes).await else {
                        return;
                    };
                    let answer = judged(r.text(), &[&format!("Deleted **{t}**")], &[]);
                    record.answer(op, answer);
                }
            }));
        }
        {
            let (fake, record, moderator) = (fake.clone(), record.clone(), moderator.clone());
            tasks.push(tokio::spawn(async move {
                let op = record.send(Path::GuidePost, What::GuidePost);
                let options = json!({"guide": "clicks-no-orders", "channel": "#guides"});
                let Ok(r) = fake.slash(&moderator, "mod guide post", options).await else {
                    return;
                };
                let answer = judged(r.text(), &["Posted **Clicks but no orders**"], &[]);
                record.answer(op, answer);
            }));
        }

        // Settings: three threshold changes and one refused, one after another.
        let mut changes = Vec::new();
        for i in 0..4 {
            let seq = self.next_seq();
            let ctr = format!("{}", 1 + seq % 9);
            let ctor = format!("{}.{:04}", 10 + seq / 10_000, seq % 10_000);
            let (ctr, detail) = if i == 2 {
                ("lots".to_owned(), String::new())
            } else {
                let t = funnel_coach::moderation::parse_targets(&ctr, &ctor)
                    .unwrap_or_else(|_| panic!("{ctr} {ctor}"));
                (ctr, format!("{} {}", t.ctr, t.ctor))
            };
            changes.push((ctr, ctor, detail));
        }
        {
            let (fake, record, moderator) = (fake.clone(), record.clone(), moderator.clone());
            tasks.push(tokio::spawn(async move {
                for (ctr, ctor, detail) in changes {
                    let op = record.send(Path::Settings, What::Settings { detail });
                    let options = json!({"ctr": ctr, "ctor": ctor});
                    let Ok(r) = fake
                        .slash(&moderator, "mod settings thresholds", options)
                        .await
                    else {
                        return;
                    };
                    let answer = judged(
                        r.text(),
                        &["`/decode` in this server now compares"],
                        &["must be a percentage"],
                    );
                    record.answer(op, answer);
                }
            }));
        }

        // The welcome: the bot joins a new server.
        {
            let base = 1_200_000_000_000_030_000 + 10 * self.next_seq();
            let (guild, channel) = (base + 1, base + 2);
            let joined = GuildFixture::joining(guild, &format!("Soak Shop {base}"), channel);
            self.known.joined.push((guild, channel));
            // Posted as late as DMs are: a kill lands between the record and the post, or
            // between the post and its settle.
            fake.slow_channel(channel);
            let op = record.send(Path::Welcome, What::Welcome { guild, channel });
            let (fake, record) = (fake.clone(), record.clone());
            tasks.push(tokio::spawn(async move {
                if fake.join_guild(joined).is_err() {
                    return;
                }
                for _ in 0..200 {
                    if !fake.channel_messages(channel).is_empty() {
                        record.answer(op, Answer::Confirmed);
                        return;
                    }
                    tokio::time::sleep(Duration::from_millis(10)).await;
                }
            }));
        }

        // Forget: the owner (a member) forgets what they stored in the cycles before (if any),
        // then logs a test and sets a reminder (her zone remembered) for the next one.
        {
            let seq = self.next_seq();
            // A zone of its own each cycle, so the one remembered before a forget is told from
            // one set after it.
            let zone = ZONES[self.cycles % ZONES.len()];
            let (fake, record, pool) = (fake.clone(), record.clone(), self.pool.clone());
            tasks.push(tokio::spawn(async move {
                let Ok(ask) = fake.slash(&owner, "privacy forget", json!({})).await else {
                    return;
                };
                if ask.custom_ids().iter().any(|id| id == "fc:pf") {
                    let before = member_rows(&pool, fake.guild_id(), owner.id).await;
                    if before.is_empty() {
                        return;
                    }
                    let op = record.send(Path::Forget, What::Forget { before });
                    let Ok(r) = fake.click(&owner, &ask.message(), "fc:pf").await else {
                        return;
                    };
                    let answer = judged(r.text(), &["Your data is deleted"], &[]);
                    record.answer(op, answer);
                }
                let options = json!({"lever": "Proof", "change": format!("owner {seq}"),
                    "impressions": "5000", "clicks": "100", "orders": "2"});
                if fake.slash(&owner, "test log", options).await.is_err() {
                    return;
                }
                let options = json!({"time": "in 20h", "note": format!("owner {seq}"),
                    "timezone": zone});
                if fake.slash(&owner, "remind set", options).await.is_ok() {}
            }));
        }
        Planned { tasks }
    }

    /// A one-off of `user`'s already delivered (its DM and snooze button), for a snooze.
    async fn snooze_target(&self, user: &TestUser) -> Option<(i64, Value, String)> {
        let sent: Vec<(i64, String)> = sqlx::query_as(
            "SELECT id, note FROM reminders WHERE user_id = ? AND status = 'sent'
               AND lease_until IS NULL AND note LIKE '[soak %' ORDER BY id LIMIT 1",
        )
        .bind(i64::try_from(user.id).ok()?)
        .fetch_all(&self.pool)
        .await
        .ok()?;
        let (id, note) = sent.into_iter().next()?;
        let dm = self.fake.dms_to(user).into_iter().find(|m| {
            m["embeds"][0]["description"]
                .as_str()
                .is_some_and(|d| d.contains(&note))
        })?;
        let button = dm["components"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|row| row["components"].as_array().cloned().unwrap_or_default())
            .filter_map(|c| c["custom_id"].as_str().map(str::to_owned))
            .find(|id| id.starts_with("fc:rms:") && id.ends_with(":1h"))?;
        Some((id, dm, button))
    }

    // ---- the checks -------------------------------------------------------------------------

    /// Checks the database the killed bot left against what it answered.
    async fn check(&mut self, record: &Record) {
        let ops = record.ops();
        for op in &ops {
            let t = self.tallies.entry(op.path).or_default();
            t.sent += 1;
            match &op.answer {
                Answer::Pending => t.unanswered += 1,
                Answer::Confirmed => t.confirmed += 1,
                Answer::Refused => t.refused += 1,
                Answer::Odd(text) => {
                    let text = text.clone();
                    let path = op.path;
                    self.problem(
                        path,
                        &format!("an answer neither confirming nor refusing: {text}"),
                    );
                }
            }
        }
        let mut settings = Vec::new();
        let ops_all = ops.clone();
        for op in ops {
            match (op.path, &op.what) {
                (Path::Settings, What::Settings { detail }) => {
                    settings.push((detail.clone(), op.answer.clone()));
                }
                _ => self.check_op(&op, &ops_all).await,
            }
        }
        self.check_settings(&settings).await;
    }

    fn lost(&mut self, path: Path, text: &str) {
        self.tallies.entry(path).or_default().lost += 1;
        self.problem(path, &format!("confirmed, not stored: {text}"));
    }

    fn leaked(&mut self, path: Path, text: &str) {
        self.tallies.entry(path).or_default().leaked += 1;
        self.problem(path, &format!("refused, yet stored: {text}"));
    }

    async fn scalar(&self, sql: &str, binds: &[Bind<'_>]) -> i64 {
        let mut q = sqlx::query_scalar::<_, i64>(sql);
        for b in binds {
            q = match b {
                Bind::I(v) => q.bind(*v),
                Bind::S(v) => q.bind(*v),
            };
        }
        q.fetch_one(&self.pool).await.unwrap_or(-1)
    }

    async fn text(&self, sql: &str, binds: &[Bind<'_>]) -> Option<String> {
        let mut q = sqlx::query_scalar::<_, Option<String>>(sql);
        for b in binds {
            q = match b {
                Bind::I(v) => q.bind(*v),
                Bind::S(v) => q.bind(*v),
            };
        }
        q.fetch_optional(&self.pool).await.ok().flatten().flatten()
    }

    async fn check_op(&mut self, op: &Op, all: &[Op]) {
        let path = op.path;
        let confirmed = op.answer == Answer::Confirmed;
        let refused = op.answer == Answer::Refused;
        let pending = op.answer == Answer::Pending;
        match &op.what {
            What::TestLog {
                user,
                change,
                short,
            } => {
                let stored = self
                    .scalar(
                        "SELECT count(*) FROM tests WHERE change = ?",
                        &[Bind::S(change)],
                    )
                    .await;
                if confirmed {
                    let id = short.as_deref().and_then(TestId::parse).map_or(-1, |t| t.0);
                    let same = self
                        .scalar(
                            "SELECT count(*) FROM tests WHERE id = ? AND change = ?",
                            &[Bind::I(id), Bind::S(change)],
                        )
                        .await;
                    if same != 1 {
                        self.lost(path, &format!("{change:?} as {short:?}"));
                    } else if let Some(s) = short.clone() {
                        let alice = self.fake.user("alice").id;
                        if *user == alice && self.known.open_tests.len() < 40 {
                            self.known.open_tests.push((id, s));
                        }
                    }
                } else if refused && stored != 0 {
                    self.leaked(path, change);
                } else if pending && stored > 1 {
                    self.problem(path, &format!("{change:?} stored {stored} times"));
                }
            }
            What::TestResult { test, note } => {
                let stored = self
                    .text(
                        "SELECT note FROM tests WHERE id = ? AND status = 'done'",
                        &[Bind::I(*test)],
                    )
                    .await;
                let holds = stored.as_deref() == Some(note.as_str());
                if confirmed && !holds {
                    self.lost(path, &format!("test {test}: {note:?}, stored {stored:?}"));
                } else if refused && holds {
                    self.leaked(path, &format!("test {test}: {note:?}"));
                }
                if (confirmed || pending) && stored.is_some() {
                    self.known.open_tests.retain(|(id, _)| id != test);
                    if let Some(s) = stored.clone() {
                        let short = TestId(*test).short();
                        if !self.known.done_tests.iter().any(|(id, _, _)| id == test) {
                            self.known.done_tests.push((*test, short, s));
                        }
                    }
                }
            }
            What::Drill { user, seed } => {
                let rows = self
                    .scalar(
                        "SELECT count(*) FROM drill_attempts WHERE user_id = ? AND seed = ?",
                        &[
                            Bind::I(i64::try_from(*user).unwrap_or(0)),
                            Bind::I(i64::from(*seed)),
                        ],
                    )
                    .await;
                if confirmed && rows < 1 {
                    self.lost(path, &format!("seed {seed}"));
                } else if rows > 1 {
                    self.leaked(path, &format!("seed {seed}: {rows} answers stored"));
                }
            }
            What::RemindSet { note } => {
                let rows = self
                    .scalar(
                        "SELECT count(*) FROM reminders WHERE note = ?",
                        &[Bind::S(note)],
                    )
                    .await;
                if confirmed && rows != 1 {
                    self.lost(path, &format!("{note}: {rows} rows"));
                } else if refused && rows != 0 {
                    self.leaked(path, note);
                } else if rows > 1 {
                    self.problem(path, &format!("{note} stored {rows} times"));
                }
            }
            What::RemindCancel { id, note } => {
                let rows = self
                    .scalar(
                        "SELECT count(*) FROM reminders WHERE id = ? AND note = ?",
                        &[Bind::I(*id), Bind::S(note)],
                    )
                    .await;
                if confirmed && rows != 0 {
                    self.lost(path, &format!("reminder {id} still there"));
                } else if refused && rows != 1 {
                    // Gone, unless its owner cancelled it after the refusal.
                    let owner_cancelled = all.iter().any(|o| {
                        matches!(&o.what, What::RemindCancel { id: other, .. } if other == id)
                            && o.answer != Answer::Refused
                    });
                    if !owner_cancelled {
                        self.leaked(path, &format!("reminder {id} gone"));
                    }
                }
            }
            What::RemindSnooze { id } => {
                let now = jiff::Timestamp::now().as_second();
                let active = self
                    .scalar(
                        "SELECT count(*) FROM reminders WHERE id = ? AND status = 'active' AND next_at > ?",
                        &[Bind::I(*id), Bind::I(now)],
                    )
                    .await;
                if confirmed && active != 1 {
                    self.lost(path, &format!("reminder {id} not snoozed"));
                }
            }
            What::GuideAdd { title, body } => {
                let key = title.trim().to_lowercase();
                let stored = self
                    .text(
                        "SELECT body FROM server_guides WHERE guild_id = ? AND title_key = ?",
                        &[Bind::I(self.guild()), Bind::S(&key)],
                    )
                    .await;
                let audit = self.audit("guide_added", title).await;
                let holds = stored.as_deref() == Some(body.as_str());
                if confirmed && (!holds || audit != 1) {
                    self.lost(
                        path,
                        &format!("{title:?}: body {stored:?}, {audit} audit rows"),
                    );
                } else if refused && holds {
                    self.leaked(path, &format!("{title:?} replaced by a refused add"));
                }
                if (confirmed || pending) && holds {
                    self.known.guides.push((title.clone(), body.clone()));
                }
            }
            What::GuideEdit { title, body } => {
                let key = title.trim().to_lowercase();
                let stored = self
                    .text(
                        "SELECT body FROM server_guides WHERE guild_id = ? AND title_key = ?",
                        &[Bind::I(self.guild()), Bind::S(&key)],
                    )
                    .await;
                if confirmed && stored.as_deref() != Some(body.as_str()) {
                    self.lost(path, &format!("{title:?}: body {stored:?}"));
                }
                if let Some(s) = stored {
                    for g in &mut self.known.guides {
                        if g.0 == *title {
                            g.1.clone_from(&s);
                        }
                    }
                }
            }
            What::GuideDelete { title } => {
                let key = title.trim().to_lowercase();
                let rows = self
                    .scalar(
                        "SELECT count(*) FROM server_guides WHERE guild_id = ? AND title_key = ?",
                        &[Bind::I(self.guild()), Bind::S(&key)],
                    )
                    .await;
                let audit = self.audit("guide_deleted", title).await;
                if confirmed && (rows != 0 || audit != 1) {
                    self.lost(path, &format!("{title:?}: {rows} rows, {audit} audit rows"));
                }
                if rows == 0 {
                    self.known.guides.retain(|(t, _)| t != title);
                }
            }
            What::GuidePost => {
                // Posted before its record is written: a confirmed post has its audit row.
                let audit = self.audit("guide_posted", "Clicks but no orders").await;
                let posted = self
                    .tallies
                    .get(&Path::GuidePost)
                    .map_or(0, |t| t.confirmed);
                if confirmed && usize::try_from(audit).unwrap_or(0) < posted {
                    self.lost(
                        path,
                        &format!("{audit} audit rows for {posted} confirmed posts"),
                    );
                }
            }
            What::Welcome { guild, channel } => {
                let posts = self.fake.channel_messages(*channel).len();
                let recorded = self
                    .scalar(
                        "SELECT count(*) FROM welcomed_guilds WHERE guild_id = ?",
                        &[Bind::I(i64::try_from(*guild).unwrap_or(0))],
                    )
                    .await;
                if pending && recorded == 1 {
                    self.known.welcomes_cut += 1;
                }
                if posts > 0 && recorded != 1 {
                    self.lost(path, &format!("server {guild} welcomed, not recorded"));
                } else if posts > 1 {
                    self.leaked(path, &format!("server {guild} welcomed {posts} times"));
                }
            }
            What::Forget { before } => {
                // Rows written after the forget (the chain goes on) are not its business.
                let after =
                    member_rows(&self.pool, self.fake.guild_id(), self.fake.user("owner").id).await;
                let left: Vec<&String> = before.iter().filter(|r| after.contains(r)).collect();
                let none = left.is_empty();
                if confirmed && !none {
                    self.lost(path, &format!("rows left: {left:?}"));
                } else if !none && left.len() != before.len() {
                    self.problem(
                        path,
                        &format!("half forgotten: {before:?} before, {left:?} left"),
                    );
                }
            }
            What::Settings { .. } => {}
        }
    }

    fn guild(&self) -> i64 {
        i64::try_from(self.fake.guild_id()).unwrap_or(0)
    }

    async fn audit(&self, action: &str, detail: &str) -> i64 {
        self.scalar(
            "SELECT count(*) FROM mod_log WHERE guild_id = ? AND action = ? AND detail = ?",
            &[Bind::I(self.guild()), Bind::S(action), Bind::S(detail)],
        )
        .await
    }

    /// Settings changes went one after another: the audit rows written since the last cycle
    /// are the confirmed changes in order, then at most the one the kill interrupted; the
    /// stored thresholds are the last of them; refused changes wrote nothing.
    async fn check_settings(&mut self, sent: &[(String, Answer)]) {
        let rows: Vec<(i64, String)> = sqlx::query_as(
            "SELECT id, detail FROM mod_log WHERE guild_id = ? AND action = 'thresholds' AND id > ?
             ORDER BY id",
        )
        .bind(self.guild())
        .bind(self.known.last_audit)
        .fetch_all(&self.pool)
        .await
        .unwrap_or_default();
        let written: Vec<&str> = rows.iter().map(|(_, d)| d.as_str()).collect();
        let confirmed: Vec<&str> = sent
            .iter()
            .filter(|(_, a)| *a == Answer::Confirmed)
            .map(|(d, _)| d.as_str())
            .collect();
        let interrupted: Option<&str> = sent
            .iter()
            .find(|(d, a)| *a == Answer::Pending && !d.is_empty())
            .map(|(d, _)| d.as_str());
        let exact = written == confirmed;
        let with_interrupted = interrupted.is_some_and(|i| {
            written.len() == confirmed.len() + 1
                && written[..confirmed.len()] == confirmed[..]
                && written[confirmed.len()] == i
        });
        if !exact && !with_interrupted {
            let missing = confirmed.iter().filter(|c| !written.contains(c)).count();
            for _ in 0..missing.max(1) {
                self.tallies.entry(Path::Settings).or_default().lost += 1;
            }
            self.problem(
                Path::Settings,
                &format!("audit rows {written:?} for confirmed changes {confirmed:?} (interrupted: {interrupted:?})"),
            );
        }
        if let Some((id, detail)) = rows.last() {
            self.known.last_audit = *id;
            self.known.thresholds = Some(detail.clone());
        }
        if let Some(last) = self.known.thresholds.clone() {
            let stored: Option<(f64, f64)> = sqlx::query_as(
                "SELECT ctr_threshold, ctor_threshold FROM guild_settings WHERE guild_id = ?",
            )
            .bind(self.guild())
            .fetch_optional(&self.pool)
            .await
            .ok()
            .flatten();
            let shown = stored.map(|(a, b)| format!("{a} {b}"));
            if shown.as_deref() != Some(last.as_str()) {
                self.tallies.entry(Path::Settings).or_default().lost += 1;
                self.problem(
                    Path::Settings,
                    &format!("stored thresholds {shown:?}, last audited {last:?}"),
                );
            }
        }
    }
}

struct Planned {
    tasks: Vec<tokio::task::JoinHandle<()>>,
}

enum Bind<'a> {
    I(i64),
    S(&'a str),
}

/// Time zones the forgetting member picks, one per cycle in turn.
const ZONES: [&str; 12] = [
    "Europe/Berlin",
    "Asia/Tokyo",
    "America/New_York",
    "Europe/Paris",
    "Asia/Manila",
    "Australia/Sydney",
    "America/Chicago",
    "Europe/London",
    "Asia/Jakarta",
    "America/Sao_Paulo",
    "Africa/Lagos",
    "Asia/Kolkata",
];

/// The rows about a member in a server, each named by what tells it apart (a test by its
/// change, a reminder by its note, the zone by its name and when it was set), over the
/// member tables (`store::privacy::MEMBER_TABLES`) the soak writes.
async fn member_rows(pool: &SqlitePool, guild: u64, user: u64) -> Vec<String> {
    let (g, u) = (
        i64::try_from(guild).unwrap_or(0),
        i64::try_from(user).unwrap_or(0),
    );
    let mut rows = Vec::new();
    for (table, key) in [
        ("tests", "'test ' || change"),
        ("reminders", "'reminder ' || note"),
        (
            "member_time_zones",
            "'zone ' || timezone || ' ' || updated_at",
        ),
        ("drill_attempts", "'drill ' || seed"),
    ] {
        debug_assert!(funnel_coach::store::privacy::MEMBER_TABLES.contains(&table));
        let keys: Vec<String> = sqlx::query_scalar(&format!(
            "SELECT {key} FROM {table} WHERE guild_id = ? AND user_id = ? ORDER BY 1"
        ))
        .bind(g)
        .bind(u)
        .fetch_all(pool)
        .await
        .unwrap_or_else(|e| vec![format!("unreadable {table}: {e}")]);
        rows.extend(keys);
    }
    rows
}
