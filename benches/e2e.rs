//! The performance benchmark: the real `funnel-coach` binary against the fake Discord on
//! loopback, with a minimal poise bot as the floor (the framework's own cost), in one run.
//!
//! Run: `cargo bench --bench e2e` (add `-- --quick` for a short smoke run). Prints a table
//! and writes `target/bench/e2e.json`.
//!
//! Latency is "interaction dispatched by the fake → the bot's callback reaching the fake".
//! Both bots are separate processes, so the fake and the load generator cost both the same.

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
    runtime.block_on(bench(quick));
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

#[derive(Default)]
struct Samples(Vec<Duration>);

impl Samples {
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

fn decode_requests() -> Vec<Request> {
    [
        ("12.5k", "310", "4"),
        ("50000", "100", "5"),
        ("20,000", "1000", "3"),
        ("10000", "400", "40"),
        ("1.2M", "15000", "120"),
    ]
    .into_iter()
    .map(|(i, c, o)| {
        (
            "decode",
            json!({"impressions": i, "clicks": c, "orders": o}),
        )
    })
    .collect()
}

async fn one(
    fake: &FakeDiscord,
    user: &support::TestUser,
    req: &Request,
) -> Result<Duration, String> {
    let r = fake
        .slash(user, req.0, req.1.clone())
        .await
        .map_err(|e| e.0)?;
    if !r.is_success() {
        return Err(format!("{} answered HTTP {}", r.label, r.status));
    }
    r.callback_latency()
        .ok_or_else(|| "no callback recorded".to_owned())
}

async fn sequential(fake: &FakeDiscord, requests: &[Request], n: usize) -> (Samples, usize) {
    let user = fake.user("alice");
    let mut samples = Samples::default();
    let mut errors = 0;
    for i in 0..n {
        match one(fake, &user, &requests[i % requests.len()]).await {
            Ok(d) => samples.0.push(d),
            Err(_) => errors += 1,
        }
    }
    (samples, errors)
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
                match one(&fake, &user, &requests[i % requests.len()]).await {
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
    let errors = errors.load(Ordering::Relaxed);
    let total = samples.0.len() as u64 + errors;
    Sustained {
        per_second: samples.0.len() as f64 / elapsed,
        samples,
        errors,
        total,
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
            .map(|kb| kb / 1024.0)
            .unwrap_or(f64::NAN)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

async fn bench(quick: bool) {
    let (n, warmup, secs) = if quick { (100, 20, 2) } else { (1000, 200, 6) };
    let fake = FakeDiscord::start_with(FakeConfig {
        self_check: false,
        reaction_time: Duration::ZERO,
        timeout: Duration::from_secs(30),
        max_recorded: 5_000,
        ..FakeConfig::default()
    })
    .await;
    let machine = format!(
        "{} cores, {}",
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(0),
        std::fs::read_to_string("/proc/cpuinfo")
            .ok()
            .and_then(
                |c| c.lines().find(|l| l.starts_with("model name")).map(|l| l
                    .split(':')
                    .nth(1)
                    .unwrap_or("")
                    .trim()
                    .to_owned())
            )
            .unwrap_or_else(|| "unknown CPU".into())
    );

    // The floor.
    let floor_env = BotEnv {
        program: Some(std::env::current_exe().expect("the bench binary")),
        args: Some(vec![FLOOR_FLAG.to_owned()]),
        ..BotEnv::dev(&fake)
    };
    let mut floor = BotProcess::start_with(&fake, &floor_env).await;
    let ping: Vec<Request> = vec![("ping", json!({}))];
    sequential(&fake, &ping, warmup).await;
    let (floor_samples, floor_errors) = sequential(&fake, &ping, n).await;
    floor.kill_hard().await;

    // The real bot, release build, production log level (to a file, as under a supervisor).
    let log_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench");
    let _ = std::fs::create_dir_all(&log_dir);
    let bot_env = BotEnv {
        log_file: Some(log_dir.join("e2e-bot.log")),
        ..BotEnv::dev(&fake).with_env("RUST_LOG", "info")
    };
    let bot = BotProcess::start_with(&fake, &bot_env).await;
    let pid = bot.pid().expect("the bot runs");
    tokio::time::sleep(Duration::from_secs(1)).await;
    let (idle_rss, _) = rss_mb(pid);
    let defines = define_requests();
    let decodes = decode_requests();
    sequential(&fake, &defines, warmup).await;
    sequential(&fake, &decodes, warmup).await;
    let (define, define_errors) = sequential(&fake, &defines, n).await;
    let (decode, decode_errors) = sequential(&fake, &decodes, n).await;
    let mixed: Vec<Request> = defines
        .iter()
        .cloned()
        .chain(decodes.iter().cloned())
        .collect();
    let load = sustained(&fake, Arc::new(mixed), 50, secs).await;
    let (_, peak_rss) = rss_mb(pid);
    let violations = fake.violations().len();
    drop(bot);

    let floor_p50 = ms(floor_samples.p50());
    let row = |name: &str, s: &Samples, errors: usize| {
        println!(
            "{name:<28} p50 {:>7.3} ms   p99 {:>7.3} ms   p50/floor {:>5.2}x   n {}   errors {errors}",
            ms(s.p50()),
            ms(s.p99()),
            ms(s.p50()) / floor_p50,
            s.0.len()
        );
    };
    println!("\nfunnel-coach end-to-end benchmark ({machine})");
    row("floor: minimal poise /ping", &floor_samples, floor_errors);
    row("/define (sequential)", &define, define_errors);
    row("/decode (sequential)", &decode, decode_errors);
    println!(
        "{:<28} {:>8.0} interactions/s   p50 {:.3} ms   p99 {:.3} ms   errors {} of {} ({} in flight, {} s)",
        "sustained /define+/decode",
        load.per_second,
        ms(load.samples.p50()),
        ms(load.samples.p99()),
        load.errors,
        load.total,
        50,
        secs
    );
    println!(
        "{:<28} idle {idle_rss:.1} MB   peak {peak_rss:.1} MB",
        "bot RSS"
    );
    println!("{:<28} {violations}", "limit violations");

    let report = json!({
        "machine": machine,
        "quick": quick,
        "floor": {"p50_ms": floor_p50, "p99_ms": ms(floor_samples.p99()), "n": floor_samples.0.len(), "errors": floor_errors},
        "define": {"p50_ms": ms(define.p50()), "p99_ms": ms(define.p99()), "p50_over_floor": ms(define.p50()) / floor_p50, "n": define.0.len(), "errors": define_errors},
        "decode": {"p50_ms": ms(decode.p50()), "p99_ms": ms(decode.p99()), "p50_over_floor": ms(decode.p50()) / floor_p50, "n": decode.0.len(), "errors": decode_errors},
        "sustained": {"in_flight": 50, "seconds": secs, "per_second": load.per_second, "p50_ms": ms(load.samples.p50()), "p99_ms": ms(load.samples.p99()), "errors": load.errors, "total": load.total},
        "rss_mb": {"idle": idle_rss, "peak": peak_rss},
        "violations": violations,
    });
    let path = log_dir.join("e2e.json");
    match std::fs::write(
        &path,
        serde_json::to_string_pretty(&report).unwrap_or_default(),
    ) {
        Ok(()) => println!("\nwritten to {}", path.display()),
        Err(e) => eprintln!("could not write {}: {e}", path.display()),
    }
}
