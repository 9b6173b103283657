//! The performance benchmark: the real `funnel-coach` binary against the fake Discord on
//! loopback, with a minimal poise bot as the floor (the framework's own cost), in one run.
//!
//! Run: `cargo bench --bench e2e` on the default store, `SQLite` (prints a table and writes
//! `target/bench/e2e.json`), and `cargo bench --bench e2e -- --postgres` on `PostgreSQL` (the
//! bot's `DATABASE_URL` is a fresh database on the server `TEST_DATABASE_URL` names, default
//! `postgres://postgres@127.0.0.1:5432/postgres`, dropped afterwards; writes
//! `target/bench/e2e-postgres.json`). Add `--quick` to either for a short smoke run. Both
//! print their ratios to the same floor, so the two stores compare through it: the floor
//! never touches a database.
//!
//! Latency is "interaction dispatched by the fake → the bot's callback reaching the fake".
//! The floor and the bot are separate processes running at the same time, each connected to
//! its own fake Discord; both fakes live in this process, on the same runtime, so the fake and
//! the load generator cost both the same. Their requests alternate one for one (floor, bot,
//! floor, bot…), so a neighbour's load on the machine falls on both sides of each ratio
//! instead of on one phase. Three rounds; each prints its p50s and ratios, then the spread of
//! the ratios, and the median round is the headline.
//!
//! `/decode` is measured twice: as plain text (`format: plain text`, the answer without a
//! chart) and as the card with its funnel chart (drawn, encoded and uploaded as a multipart
//! attachment); the sustained load runs once with each. `/test log` and a drill answer write
//! to the store (a test, an attempt); a `/test log` whose answer does not say the test is
//! logged counts as an error.

#[path = "../tests/support/mod.rs"]
mod support;

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use poise::serenity_prelude as serenity;
use serde_json::{json, Value};
use support::{BotEnv, BotProcess, FakeConfig, FakeDiscord};

const FLOOR_FLAG: &str = "--floor-bot";

/// The store the bot runs on.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Store {
    Sqlite,
    Postgres,
}

impl Store {
    /// As printed in the table's header.
    fn name(self) -> &'static str {
        match self {
            Store::Sqlite => "SQLite",
            Store::Postgres => "PostgreSQL",
        }
    }

    /// As written in the JSON, and in its file name.
    fn key(self) -> &'static str {
        match self {
            Store::Sqlite => "sqlite",
            Store::Postgres => "postgres",
        }
    }

    fn json_file(self) -> &'static str {
        match self {
            Store::Sqlite => "e2e.json",
            Store::Postgres => "e2e-postgres.json",
        }
    }

    fn bot_log(self) -> &'static str {
        match self {
            Store::Sqlite => "e2e-bot.log",
            Store::Postgres => "e2e-bot-postgres.log",
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    if args.iter().any(|a| a == FLOOR_FLAG) {
        runtime.block_on(floor_bot());
        return;
    }
    let quick = args.iter().any(|a| a == "--quick");
    let store = if args.iter().any(|a| a == "--postgres") {
        Store::Postgres
    } else {
        Store::Sqlite
    };
    runtime.block_on(bench(quick, store));
}

// ---- the floor: a minimal poise bot answering /ping with a fixed string -----------------

type FloorError = Box<dyn std::error::Error + Send + Sync>;

/// Ping
#[poise::command(slash_command)]
async fn ping(ctx: poise::Context<'_, (), FloorError>) -> Result<(), FloorError> {
    ctx.send(
        poise::CreateReply::default()
            .content("pong")
            .allowed_mentions(
                serenity::CreateAllowedMentions::new()
                    .empty_users()
                    .empty_roles(),
            ),
    )
    .await?;
    Ok(())
}

async fn floor_bot() {
    let var = |k: &str| std::env::var(k).unwrap_or_else(|_| panic!("{k} is set by the benchmark"));
    let token = var("DISCORD_TOKEN");
    let proxy = var("DISCORD_PROXY_URL");
    let guild: u64 = var("DEV_GUILD_ID").parse().expect("a guild id");
    let framework = poise::Framework::builder()
        .options(poise::FrameworkOptions {
            commands: vec![ping()],
            initialize_owners: false,
            ..Default::default()
        })
        .setup(move |ctx, _ready, framework| {
            Box::pin(async move {
                poise::builtins::register_in_guild(
                    ctx,
                    &framework.options().commands,
                    serenity::GuildId::new(guild),
                )
                .await?;
                Ok(())
            })
        })
        .build();
    let http = serenity::HttpBuilder::new(&token)
        .proxy(proxy)
        .ratelimiter_disabled(true)
        .build();
    let mut client = serenity::ClientBuilder::new_with_http(http, serenity::GatewayIntents::GUILDS)
        .framework(framework)
        .await
        .expect("the floor bot starts");
    client.start().await.expect("the floor bot runs");
}

// ---- measuring ---------------------------------------------------------------------------

/// Rounds of the alternating measurement; the median one is the headline.
const ROUNDS: usize = 3;
/// Interactions kept in flight by the sustained-throughput phase.
const IN_FLIGHT: usize = 50;

#[derive(Default)]
struct Samples(Vec<Duration>);

impl Samples {
    /// The sample at rank round((n - 1) × q) of the sorted samples.
    // A few thousand samples at most: exact in f64, and the rank is within 0..n.
    #[allow(
        clippy::cast_precision_loss,
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss
    )]
    fn quantile(&self, q: f64) -> Duration {
        let mut v = self.0.clone();
        v.sort();
        if v.is_empty() {
            return Duration::ZERO;
        }
        let i = ((v.len() as f64 - 1.0) * q).round() as usize;
        v[i.min(v.len() - 1)]
    }
    fn p50(&self) -> Duration {
        self.quantile(0.50)
    }
    fn p99(&self) -> Duration {
        self.quantile(0.99)
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// One interaction: (command, options).
type Request = (&'static str, Value);

fn define_requests() -> Vec<Request> {
    [
        "ctor",
        "product ctr",
        "gmv",
        "add to card rate",
        "convertion rate",
        "sku orders",
        "hook rate",
        "refunds",
    ]
    .into_iter()
    .map(|t| ("define", json!({ "term": t })))
    .collect()
}

/// `/decode` with the chart (the card, the default) or without it (`format: plain text`, the
/// one answer without a chart).
fn decode_requests(chart: bool) -> Vec<Request> {
    [
        ("12.5k", "310", "4"),
        ("50000", "100", "5"),
        ("20,000", "1000", "3"),
        ("10000", "400", "40"),
        ("1.2M", "15000", "120"),
    ]
    .into_iter()
    .map(|(i, c, o)| {
        let mut options = json!({"impressions": i, "clicks": c, "orders": o});
        if !chart {
            options["format"] = json!("plain text");
        }
        ("decode", options)
    })
    .collect()
}

fn drill_requests() -> Vec<Request> {
    vec![("drill", json!({})), ("drill", json!({"share": true}))]
}

/// `/test log` without before numbers: the answer is the write of a new test.
fn test_log_requests() -> Vec<Request> {
    [
        ("Proof", "Pin a customer's review under the video"),
        ("Hook", "Show the product in the first second"),
        ("Proof", "Film the product on a hand, for scale"),
        ("Hook", "Say the price out loud in the first 3 seconds"),
    ]
    .into_iter()
    .map(|(lever, change)| ("test log", json!({"lever": lever, "change": change})))
    .collect()
}

/// What a bot's answer must show to count as answered.
#[derive(Clone, Copy)]
enum Expect {
    /// Any answer.
    Answer,
    /// An answer whose first embed's title holds this text: the write confirmed, not refused.
    Title(&'static str),
}

/// `/test log`'s confirmation (`prompts/test_log.toml`: "Test {id} is logged").
const LOGGED: Expect = Expect::Title("is logged");

fn ping_request() -> Request {
    ("ping", json!({}))
}

async fn one(
    fake: &FakeDiscord,
    user: &support::TestUser,
    req: &Request,
    expect: Expect,
) -> Result<Duration, String> {
    let r = fake
        .slash(user, req.0, req.1.clone())
        .await
        .map_err(|e| e.0)?;
    if !r.is_success() {
        return Err(format!("{} answered HTTP {}", r.label, r.status));
    }
    if let Expect::Title(wanted) = expect {
        let title = support::title(&r);
        if !title.contains(wanted) {
            return Err(format!("{} answered {title:?}", r.label));
        }
    }
    r.callback_latency()
        .ok_or_else(|| "no callback recorded".to_owned())
}

/// Latencies of one side of a phase, with its failures.
#[derive(Default)]
struct Side {
    samples: Samples,
    errors: usize,
}

impl Side {
    fn record(&mut self, latency: Option<Duration>) {
        match latency {
            Some(d) => self.samples.0.push(d),
            None => self.errors += 1,
        }
    }
}

/// `n` bot requests (cycling through `requests`) alternating with `n` floor `/ping`s: the
/// floor's request, then the bot's, one at a time.
struct Phase {
    floor: Side,
    bot: Side,
}

impl Phase {
    fn ratio(&self) -> f64 {
        ms(self.bot.samples.p50()) / ms(self.floor.samples.p50())
    }
}

/// The two bots under measurement, each behind its own fake Discord.
struct Pair {
    floor: FakeDiscord,
    bot: FakeDiscord,
}

impl Pair {
    async fn alternate(&self, requests: &[Request], n: usize) -> Phase {
        self.alternate_expecting(requests, n, Expect::Answer).await
    }

    /// As [`Pair::alternate`], a bot answer counting only when it shows `expect`.
    async fn alternate_expecting(&self, requests: &[Request], n: usize, expect: Expect) -> Phase {
        let ping = ping_request();
        let floor_user = self.floor.user("alice");
        let bot_user = self.bot.user("alice");
        let mut phase = Phase {
            floor: Side::default(),
            bot: Side::default(),
        };
        for req in requests.iter().cycle().take(n) {
            let floor = one(&self.floor, &floor_user, &ping, Expect::Answer).await;
            phase.floor.record(floor.ok());
            let bot = one(&self.bot, &bot_user, req, expect).await;
            phase.bot.record(bot.ok());
        }
        phase
    }

    /// `n` drill answers alternating with `n` floor `/ping`s: each time a new `/drill` (not
    /// measured), then a click on one of its answers (measured: the answer is decoded, stored
    /// with `synchronous=FULL`, and sent).
    async fn alternate_answers(&self, n: usize) -> Phase {
        let ping = ping_request();
        let floor_user = self.floor.user("alice");
        let bot_user = self.bot.user("alice");
        let mut phase = Phase {
            floor: Side::default(),
            bot: Side::default(),
        };
        for i in 0..n {
            let floor = one(&self.floor, &floor_user, &ping, Expect::Answer).await;
            phase.floor.record(floor.ok());
            let mut latency = None;
            if let Ok(drill) = self.bot.slash(&bot_user, "drill", json!({})).await {
                let ids = drill.custom_ids();
                if let Some(id) = ids.get(i % ids.len().max(1)) {
                    if let Ok(r) = self.bot.click(&bot_user, &drill.message(), id).await {
                        latency = r.is_success().then(|| r.callback_latency()).flatten();
                    }
                }
            }
            phase.bot.record(latency);
        }
        phase
    }
}

/// One round: `/define` alternating with the floor, then `/decode` without the chart (plain
/// text), then `/decode` with it (the card and its PNG), each alternating with the floor.
struct Round {
    define: Phase,
    decode: Phase,
    chart: Phase,
    /// `/drill`, and a click on one of its answers.
    drill: Phase,
    answer: Phase,
    /// `/test log`, confirmed.
    test_log: Phase,
}

impl Round {
    /// What orders the rounds to pick the median: the mean of the three ratios.
    fn score(&self) -> f64 {
        (self.define.ratio() + self.decode.ratio() + self.chart.ratio()) / 3.0
    }
}

struct Sustained {
    per_second: f64,
    samples: Samples,
    errors: u64,
    total: u64,
}

async fn sustained(
    fake: &FakeDiscord,
    requests: Arc<Vec<Request>>,
    in_flight: usize,
    secs: u64,
) -> Sustained {
    let deadline = Instant::now() + Duration::from_secs(secs);
    let errors = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for worker in 0..in_flight {
        let fake = fake.clone();
        let requests = requests.clone();
        let errors = errors.clone();
        let user = fake.user(if worker % 2 == 0 { "alice" } else { "bob" });
        tasks.push(tokio::spawn(async move {
            let mut local = Vec::new();
            let mut i = worker;
            while Instant::now() < deadline {
                match one(&fake, &user, &requests[i % requests.len()], Expect::Answer).await {
                    Ok(d) => local.push(d),
                    Err(_) => {
                        errors.fetch_add(1, Ordering::Relaxed);
                    }
                }
                i += 1;
            }
            local
        }));
    }
    let mut samples = Samples::default();
    for t in tasks {
        if let Ok(local) = t.await {
            samples.0.extend(local);
        }
    }
    let elapsed = started.elapsed().as_secs_f64();
    let answered = u64::try_from(samples.0.len()).unwrap_or(u64::MAX);
    let errors = errors.load(Ordering::Relaxed);
    // Interactions in a few seconds: far below 2^52, exact in f64.
    #[allow(clippy::cast_precision_loss)]
    let per_second = answered as f64 / elapsed;
    Sustained {
        per_second,
        samples,
        errors,
        total: answered.saturating_add(errors),
    }
}

/// Resident memory of a process in MB: (current, peak) from /proc.
fn rss_mb(pid: u32) -> (f64, f64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<f64>().ok())
            .map_or(f64::NAN, |kb| kb / 1024.0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

fn machine() -> String {
    let cores = std::thread::available_parallelism().map_or(0, std::num::NonZero::get);
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    format!("{cores} cores, {cpu}")
}

/// A fake Discord tuned for measuring: no self-check of its own payloads, no human reaction
/// time, a bounded request log.
async fn bench_fake() -> FakeDiscord {
    FakeDiscord::start_with(FakeConfig {
        self_check: false,
        reaction_time: Duration::ZERO,
        timeout: Duration::from_secs(30),
        max_recorded: 5_000,
        ..FakeConfig::default()
    })
    .await
}

fn phase_json(p: &Phase) -> Value {
    json!({
        "p50_ms": ms(p.bot.samples.p50()),
        "p99_ms": ms(p.bot.samples.p99()),
        "floor_p50_ms": ms(p.floor.samples.p50()),
        "floor_p99_ms": ms(p.floor.samples.p99()),
        "p50_over_floor": p.ratio(),
        "n": p.bot.samples.0.len(),
        "errors": p.bot.errors,
        "floor_n": p.floor.samples.0.len(),
        "floor_errors": p.floor.errors,
    })
}

/// The lowest and highest ratio over the rounds.
fn spread(rounds: &[Round], ratio: impl Fn(&Round) -> f64) -> (f64, f64) {
    rounds
        .iter()
        .map(ratio)
        .fold((f64::INFINITY, 0.0), |(lo, hi), r| (lo.min(r), hi.max(r)))
}

/// Everything one run measured.
struct Results {
    store: Store,
    machine: String,
    quick: bool,
    n: usize,
    secs: u64,
    rounds: Vec<Round>,
    /// `/define` and `/decode` in plain text (no chart), then with `/decode` cards and charts.
    load: Sustained,
    load_chart: Sustained,
    idle_rss: f64,
    peak_rss: f64,
    violations: usize,
}

impl Results {
    /// The index of the median round, ordered by [`Round::score`].
    fn median(&self) -> usize {
        let mut order: Vec<usize> = (0..self.rounds.len()).collect();
        order.sort_by(|&a, &b| self.rounds[a].score().total_cmp(&self.rounds[b].score()));
        order[order.len() / 2]
    }
}

async fn bench(quick: bool, store: Store) {
    let results = measure(quick, store).await;
    print_table(&results);
    write_json(&results);
}

async fn measure(quick: bool, store: Store) -> Results {
    let (n, warmup, secs) = if quick { (100, 20, 2) } else { (1000, 200, 6) };
    // On PostgreSQL, a database of the run's own, dropped (with its connections) at the end.
    let database = match store {
        Store::Sqlite => None,
        Store::Postgres => Some(
            support::postgres::TestDatabase::create()
                .await
                .expect("a PostgreSQL server for --postgres (TEST_DATABASE_URL)"),
        ),
    };

    // Both bots run for the whole benchmark, each with its own fake.
    let pair = Pair {
        floor: bench_fake().await,
        bot: bench_fake().await,
    };
    let floor_env = BotEnv {
        program: Some(std::env::current_exe().expect("the bench binary")),
        args: Some(vec![FLOOR_FLAG.to_owned()]),
        ..BotEnv::dev(&pair.floor)
    };
    let floor = BotProcess::start_with(&pair.floor, &floor_env).await;
    // The real bot, release build, production log level (to a file, as under a supervisor).
    let _ = std::fs::create_dir_all(out_dir());
    let mut bot_env = BotEnv {
        log_file: Some(out_dir().join(store.bot_log())),
        ..BotEnv::dev(&pair.bot).with_env("RUST_LOG", "info")
    };
    if let Some(db) = &database {
        bot_env = bot_env.with_env("DATABASE_URL", &db.url);
    }
    let bot = BotProcess::start_with(&pair.bot, &bot_env).await;
    let pid = bot.pid().expect("the bot runs");
    tokio::time::sleep(Duration::from_secs(1)).await;
    let (idle_rss, _) = rss_mb(pid);

    let defines = define_requests();
    let decodes = decode_requests(false);
    let charts = decode_requests(true);
    pair.alternate(&defines, warmup).await;
    pair.alternate(&decodes, warmup).await;
    pair.alternate(&charts, warmup).await;
    let drills = drill_requests();
    pair.alternate(&drills, warmup).await;
    pair.alternate_answers(warmup).await;
    let logs = test_log_requests();
    pair.alternate_expecting(&logs, warmup, LOGGED).await;
    let mut rounds = Vec::with_capacity(ROUNDS);
    for _ in 0..ROUNDS {
        rounds.push(Round {
            define: pair.alternate(&defines, n).await,
            decode: pair.alternate(&decodes, n).await,
            chart: pair.alternate(&charts, n).await,
            drill: pair.alternate(&drills, n).await,
            answer: pair.alternate_answers(n).await,
            test_log: pair.alternate_expecting(&logs, n, LOGGED).await,
        });
    }
    drop(floor);

    let mixed: Vec<Request> = defines.iter().chain(&decodes).cloned().collect();
    let load = sustained(&pair.bot, Arc::new(mixed), IN_FLIGHT, secs).await;
    let mixed: Vec<Request> = defines.iter().chain(&charts).cloned().collect();
    let load_chart = sustained(&pair.bot, Arc::new(mixed), IN_FLIGHT, secs).await;
    let (_, peak_rss) = rss_mb(pid);
    let violations = pair.bot.violations().len() + pair.floor.violations().len();
    drop(bot);
    drop(database);
    Results {
        store,
        machine: machine(),
        quick,
        n,
        secs,
        rounds,
        load,
        load_chart,
        idle_rss,
        peak_rss,
        violations,
    }
}

fn out_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench")
}

fn print_table(res: &Results) {
    println!(
        "\nfunnel-coach end-to-end benchmark, {} store ({})",
        res.store.name(),
        res.machine
    );
    println!(
        "{ROUNDS} rounds; in each, {n} /define, {n} /decode as text (no chart), {n} /decode as a card with its chart, {n} /drill, {n} drill answers (a click on a new drill's button) and {n} /test log, each alternating one for one with a /ping to the floor (a minimal poise bot):",
        n = res.n
    );
    for (i, r) in res.rounds.iter().enumerate() {
        let side = |name: &str, p: &Phase| {
            format!(
                "{name} p50 {:>6.3} ms / floor {:>6.3} ms = {:>4.2}x",
                ms(p.bot.samples.p50()),
                ms(p.floor.samples.p50()),
                p.ratio()
            )
        };
        println!(
            "  round {}   {}   {}   {}",
            i + 1,
            side("/define", &r.define),
            side("/decode text", &r.decode),
            side("/decode+chart", &r.chart)
        );
        println!(
            "            {}   {}   {}",
            side("/drill", &r.drill),
            side("drill answer", &r.answer),
            side("/test log", &r.test_log)
        );
    }
    let (define_lo, define_hi) = spread(&res.rounds, |r| r.define.ratio());
    let (decode_lo, decode_hi) = spread(&res.rounds, |r| r.decode.ratio());
    let (chart_lo, chart_hi) = spread(&res.rounds, |r| r.chart.ratio());
    let (drill_lo, drill_hi) = spread(&res.rounds, |r| r.drill.ratio());
    let (answer_lo, answer_hi) = spread(&res.rounds, |r| r.answer.ratio());
    let (log_lo, log_hi) = spread(&res.rounds, |r| r.test_log.ratio());
    println!(
        "  ratio spread   /define {define_lo:.2}x–{define_hi:.2}x   /decode text {decode_lo:.2}x–{decode_hi:.2}x   /decode+chart {chart_lo:.2}x–{chart_hi:.2}x   /drill {drill_lo:.2}x–{drill_hi:.2}x   drill answer {answer_lo:.2}x–{answer_hi:.2}x   /test log {log_lo:.2}x–{log_hi:.2}x"
    );

    let median = res.median();
    println!("\nheadline: round {} (the median round)", median + 1);
    let head = &res.rounds[median];
    let row = |name: &str, p: &Phase| {
        println!(
            "{name:<28} p50 {:>7.3} ms   p99 {:>7.3} ms   p50/floor {:>5.2}x   floor p50 {:.3} ms, p99 {:.3} ms   n {}   errors {}",
            ms(p.bot.samples.p50()),
            ms(p.bot.samples.p99()),
            p.ratio(),
            ms(p.floor.samples.p50()),
            ms(p.floor.samples.p99()),
            p.bot.samples.0.len(),
            p.bot.errors + p.floor.errors,
        );
    };
    row("/define (sequential)", &head.define);
    row("/decode text (no chart)", &head.decode);
    row("/decode card + chart", &head.chart);
    row("/drill", &head.drill);
    row("drill answer (click)", &head.answer);
    row("/test log", &head.test_log);
    for (name, load) in [
        ("sustained, no chart", &res.load),
        ("sustained, with chart", &res.load_chart),
    ] {
        println!(
            "{name:<28} {:>8.0} interactions/s   p50 {:.3} ms   p99 {:.3} ms   errors {} of {} ({IN_FLIGHT} in flight, {} s, half /define, half /decode)",
            load.per_second,
            ms(load.samples.p50()),
            ms(load.samples.p99()),
            load.errors,
            load.total,
            res.secs,
        );
    }
    println!(
        "{:<28} idle {:.1} MB   peak {:.1} MB",
        "bot RSS", res.idle_rss, res.peak_rss
    );
    println!("{:<28} {}", "limit violations", res.violations);
}

fn write_json(res: &Results) {
    let median = res.median();
    let head = &res.rounds[median];
    let (define_lo, define_hi) = spread(&res.rounds, |r| r.define.ratio());
    let (decode_lo, decode_hi) = spread(&res.rounds, |r| r.decode.ratio());
    let (chart_lo, chart_hi) = spread(&res.rounds, |r| r.chart.ratio());
    let (drill_lo, drill_hi) = spread(&res.rounds, |r| r.drill.ratio());
    let (answer_lo, answer_hi) = spread(&res.rounds, |r| r.answer.ratio());
    let (log_lo, log_hi) = spread(&res.rounds, |r| r.test_log.ratio());
    // The headline floor: every phase of the median round together.
    let mut floor = Samples::default();
    floor.0.extend(&head.define.floor.samples.0);
    floor.0.extend(&head.decode.floor.samples.0);
    floor.0.extend(&head.chart.floor.samples.0);
    let sustained = |load: &Sustained| json!({"in_flight": IN_FLIGHT, "seconds": res.secs, "per_second": load.per_second, "p50_ms": ms(load.samples.p50()), "p99_ms": ms(load.samples.p99()), "errors": load.errors, "total": load.total});
    let report = json!({
        "store": res.store.key(),
        "machine": res.machine,
        "quick": res.quick,
        "method": "floor and bot run at once, their requests alternate one for one; three rounds; the headline is the median round by the mean of its three p50 ratios; /decode without the chart is format: plain text, with it the card",
        "median_round": median + 1,
        "rounds": res.rounds.iter().map(|r| json!({"define": phase_json(&r.define), "decode": phase_json(&r.decode), "decode_chart": phase_json(&r.chart), "drill": phase_json(&r.drill), "drill_answer": phase_json(&r.answer), "test_log": phase_json(&r.test_log)})).collect::<Vec<_>>(),
        "ratio_spread": {
            "define": {"min": define_lo, "max": define_hi},
            "decode": {"min": decode_lo, "max": decode_hi},
            "decode_chart": {"min": chart_lo, "max": chart_hi},
            "drill": {"min": drill_lo, "max": drill_hi},
            "drill_answer": {"min": answer_lo, "max": answer_hi},
            "test_log": {"min": log_lo, "max": log_hi},
        },
        "floor": {"p50_ms": ms(floor.p50()), "p99_ms": ms(floor.p99()), "n": floor.0.len(), "errors": head.define.floor.errors + head.decode.floor.errors + head.chart.floor.errors},
        "define": phase_json(&head.define),
        "decode": phase_json(&head.decode),
        "decode_chart": phase_json(&head.chart),
        "drill": phase_json(&head.drill),
        "drill_answer": phase_json(&head.answer),
        "test_log": phase_json(&head.test_log),
        "sustained": sustained(&res.load),
        "sustained_chart": sustained(&res.load_chart),
        "rss_mb": {"idle": res.idle_rss, "peak": res.peak_rss},
        "violations": res.violations,
    });
    let path = out_dir().join(res.store.json_file());
    match std::fs::write(
        &path,
        serde_json::to_string_pretty(&report).unwrap_or_default(),
    ) {
        Ok(()) => println!("\nwritten to {}", path.display()),
        Err(e) => eprintln!("could not write {}: {e}", path.display()),
    }
}
