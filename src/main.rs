//! The `funnel-coach` command: run the bot, or answer `define` / `decode` / `check` without Discord.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use funnel_coach::cli::{self, EXIT_BROKEN_SETUP};
use funnel_coach::config::{Config, ConfigError};
use funnel_coach::content::Content;
use funnel_coach::funnel::{RawCounts, Thresholds};

#[derive(Parser)]
#[command(
    name = "funnel-coach",
    version,
    about = "Coach TikTok Shop creators to read their product funnel"
)]
struct Args {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run the Discord bot (needs `DISCORD_TOKEN`); also what runs with no command.
    #[command(
        about = "Run the Discord bot (needs `DISCORD_TOKEN`); also what runs with no command",
        long_about = "Run the Discord bot (needs `DISCORD_TOKEN`). This is also what runs when you give no command."
    )]
    Run,
    /// Explain a metric or creator term, e.g. `funnel-coach define "add to cart rate"`.
    Define {
        /// The term (several words are joined with spaces).
        #[arg(required = true, num_args = 1..)]
        term: Vec<String>,
        /// Print the entry as JSON.
        #[arg(long)]
        json: bool,
        /// Print everything: where to find it, other names, the views (the short answer is
        /// what `/define` shows first).
        #[arg(long, conflicts_with = "json")]
        full: bool,
    },
    /// Decode a funnel, e.g. `funnel-coach decode 12.5k 310 4`.
    #[command(allow_negative_numbers = true)]
    Decode {
        /// Product impressions (12500, 12,500, 12.5k…).
        #[arg(required_unless_present = "from_text")]
        impressions: Option<String>,
        /// Product clicks.
        #[arg(required_unless_present = "from_text")]
        clicks: Option<String>,
        /// SKU orders if you see them, else items sold (CTOR then looks a little high).
        #[arg(required_unless_present = "from_text")]
        orders: Option<String>,
        /// Add-to-cart count, if you have it.
        #[arg(long = "add-to-carts", value_name = "N", allow_hyphen_values = true)]
        add_to_carts: Option<String>,
        /// Read the numbers out of a message instead, as "Decode this" does ("8.4k views, 190
        /// clicks, 2 orders"); `-` reads it from standard input.
        #[arg(
            long = "from-text",
            value_name = "TEXT",
            allow_hyphen_values = true,
            conflicts_with_all = ["impressions", "clicks", "orders", "add_to_carts"]
        )]
        from_text: Option<String>,
        /// Print the result as JSON.
        #[arg(long)]
        json: bool,
        /// Print everything: the checklist, the order rate and every rate (the short answer is
        /// what `/decode` shows first).
        #[arg(long, conflicts_with = "json")]
        full: bool,
        /// Also write the funnel chart to FILE, as a PNG.
        #[arg(long, value_name = "FILE")]
        chart: Option<PathBuf>,
    },
    /// Print a drill as `/drill` shows it, then its answer, e.g. `funnel-coach drill --seed 7`.
    Drill {
        /// The same seed gives the same drill; without it, a new one each time.
        #[arg(long)]
        seed: Option<u32>,
    },
    /// Decode every product of a Seller Center export (CSV or XLSX), ranked, with the totals.
    Report {
        /// The exported file.
        file: PathBuf,
        /// Print the result as JSON.
        #[arg(long)]
        json: bool,
        /// The Product CTR target in percent (default 1).
        #[arg(long, value_name = "P", value_parser = cli::parse_target)]
        ctr: Option<f64>,
        /// The Product CTOR target in percent (default 2).
        #[arg(long, value_name = "P", value_parser = cli::parse_target)]
        ctor: Option<f64>,
    },
    /// Validate prompts/ and the migrations; exits non-zero with the reasons on any problem.
    Check,
    /// Copy the live database to FILE while the bot runs, and check the copy.
    #[command(
        long_about = "Copy the database (DATABASE_URL) to FILE while the bot runs, then check that the \
                      copy opens and passes SQLite's integrity check. FILE must not exist yet."
    )]
    Backup {
        /// Where the copy goes (a new file).
        file: PathBuf,
    },
    // Copies a community's store from SQLite to PostgreSQL.
    #[command(
        name = "migrate-store",
        about = "Copy a community's SQLite database into an empty PostgreSQL database; the bot must be stopped",
        long_about = "Copy every table of the SQLite database FROM into the empty PostgreSQL database TO \
                      (migrated first), in one transaction: row counts checked, each id sequence \
                      set past the copied ids. Refused if TO already holds data; a failure leaves \
                      it empty. Stop the bot first, then start it with DATABASE_URL set to TO."
    )]
    MigrateStore {
        #[arg(
            long,
            value_name = "URL",
            help = "The SQLite database, e.g. sqlite://data/funnel-coach.db"
        )]
        from: String,
        #[arg(
            long,
            value_name = "URL",
            help = "The PostgreSQL database, e.g. postgres://funnel@db.example.com/funnel"
        )]
        to: String,
    },
    /// Replace the database with the backup FILE; the bot must be stopped.
    #[command(
        long_about = "Replace the database (DATABASE_URL) with the backup FILE, after checking it. \
                      Refused while a bot uses the database. The replaced database is kept beside \
                      it as <database>.before-restore."
    )]
    Restore {
        /// The backup to put back.
        file: PathBuf,
    },
}

impl Command {
    /// `backup` or `restore`: they copy the database file.
    fn copies(&self) -> bool {
        matches!(self, Command::Backup { .. } | Command::Restore { .. })
    }
}

fn main() -> ExitCode {
    let args = Args::parse();
    let config = match Config::from_env() {
        Ok(c) => c,
        // A database they cannot copy: they say what to use instead.
        Err(ConfigError::BadDatabaseUrl(url))
            if args.command.as_ref().is_some_and(Command::copies) =>
        {
            return args.command.map_or(ExitCode::FAILURE, |c| copy(&c, &url));
        }
        Err(e) => {
            eprintln!("funnel-coach: {e}");
            return code(EXIT_BROKEN_SETUP);
        }
    };
    match args.command.unwrap_or(Command::Run) {
        Command::Run => run(config),
        Command::Check => check(&config),
        Command::MigrateStore { from, to } => match tokio_runtime() {
            Ok(rt) => {
                let out = rt.block_on(cli::migrate_store(&from, &to));
                if !out.stdout.is_empty() {
                    println!("{}", out.stdout);
                }
                if !out.stderr.is_empty() {
                    eprintln!("funnel-coach: {}", out.stderr);
                }
                code(out.code)
            }
            Err(e) => {
                eprintln!("funnel-coach: {e}");
                ExitCode::FAILURE
            }
        },
        c @ (Command::Backup { .. } | Command::Restore { .. }) => copy(&c, &config.database_url),
        Command::Drill { seed } => with_content(&config, |content| {
            let seed = seed.unwrap_or_else(|| {
                use std::hash::{BuildHasher, RandomState};
                u32::try_from(RandomState::new().hash_one(std::time::SystemTime::now()) >> 32)
                    .unwrap_or_default()
            });
            cli::drill(content, seed)
        }),
        Command::Define { term, json, full } => with_content(&config, |content| {
            cli::define(content, &term.join(" "), json, full)
        }),
        Command::Decode {
            impressions,
            clicks,
            orders,
            add_to_carts,
            from_text,
            json,
            full,
            chart,
        } => {
            let shape = match (json, full) {
                (true, _) => cli::Shape::Json,
                (false, true) => cli::Shape::Full,
                (false, false) => cli::Shape::Short,
            };
            let text = match from_text.as_deref() {
                Some("-") => match stdin_text() {
                    Ok(t) => Some(t),
                    Err(e) => {
                        eprintln!("funnel-coach: {e}");
                        return code(cli::EXIT_INVALID_INPUT);
                    }
                },
                other => other.map(str::to_owned),
            };
            with_content(&config, |content| {
                if let Some(text) = &text {
                    return cli::decode_text(content, text, shape, chart.as_deref());
                }
                let raw = RawCounts {
                    impressions: impressions.as_deref().unwrap_or_default(),
                    clicks: clicks.as_deref().unwrap_or_default(),
                    orders: orders.as_deref().unwrap_or_default(),
                    add_to_carts: add_to_carts.as_deref(),
                };
                cli::decode(content, raw, shape, chart.as_deref())
            })
        }
        Command::Report {
            file,
            json,
            ctr,
            ctor,
        } => with_content(&config, |content| {
            let defaults = Thresholds::default();
            let thresholds = Thresholds {
                ctr: ctr.unwrap_or(defaults.ctr),
                ctor: ctor.unwrap_or(defaults.ctor),
            };
            cli::report(content, &file, json, thresholds)
        }),
    }
}

/// The text of `decode --from-text -`, from standard input (invalid UTF-8 replaced), at most
/// [`cli::MAX_TEXT_BYTES`].
fn stdin_text() -> Result<String, String> {
    use std::io::Read;
    let mut bytes = Vec::new();
    let limit = u64::try_from(cli::MAX_TEXT_BYTES).unwrap_or(u64::MAX) + 1;
    std::io::stdin()
        .take(limit)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read the text from standard input: {e}"))?;
    if bytes.len() > cli::MAX_TEXT_BYTES {
        return Err(format!(
            "the text is longer than {} bytes; give only the message with the numbers",
            cli::MAX_TEXT_BYTES
        ));
    }
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

fn code(c: i32) -> ExitCode {
    ExitCode::from(u8::try_from(c).unwrap_or(1))
}

fn with_content(config: &Config, answer: impl FnOnce(&Content) -> cli::Outcome) -> ExitCode {
    match funnel_coach::check::prompts(&config.prompts_dir) {
        Ok(content) => {
            let out = answer(&content);
            print!("{}", out.stdout);
            if !out.stdout.ends_with('\n') {
                println!();
            }
            if !out.stderr.is_empty() {
                eprintln!("funnel-coach: {}", out.stderr);
            }
            code(out.code)
        }
        Err(problems) => {
            eprintln!(
                "funnel-coach: the prompts in {} have problems:\n{problems}",
                config.prompts_dir.display()
            );
            code(EXIT_BROKEN_SETUP)
        }
    }
}

fn check(config: &Config) -> ExitCode {
    let mut ok = true;
    match funnel_coach::check::prompts(&config.prompts_dir) {
        Ok(content) => println!(
            "prompts: ok ({} glossary entries in {} steps, {} verdicts, {} guides, {} drill scenarios each reaching its verdict)",
            content.glossary.entries().len(),
            content.glossary.steps().len(),
            funnel_coach::funnel::Verdict::ALL.len(),
            content.guides.len(),
            content.drills.scenario.len()
        ),
        Err(problems) => {
            ok = false;
            println!("prompts: {} problem(s)\n{problems}", problems.0.len());
        }
    }
    match tokio_runtime().and_then(|rt| {
        rt.block_on(funnel_coach::store::check_migrations())
            .map_err(|e| e.to_string())
    }) {
        Ok(n) => println!("migrations: ok ({n} applied to a fresh in-memory database)"),
        Err(e) => {
            ok = false;
            println!("migrations: {e}");
        }
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// `backup` or `restore` of the database at `url`.
fn copy(command: &Command, url: &str) -> ExitCode {
    let rt = match tokio_runtime() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("funnel-coach: {e}");
            return ExitCode::FAILURE;
        }
    };
    let out = match command {
        Command::Backup { file } => rt.block_on(cli::backup(url, file)),
        Command::Restore { file } => rt.block_on(cli::restore(url, file)),
        _ => return ExitCode::FAILURE,
    };
    if !out.stdout.is_empty() {
        println!("{}", out.stdout);
    }
    if !out.stderr.is_empty() {
        eprintln!("funnel-coach: {}", out.stderr);
    }
    code(out.code)
}

fn tokio_runtime() -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the async runtime: {e}"))
}

fn run(config: Config) -> ExitCode {
    if let Err(e) = config.require_token() {
        eprintln!("funnel-coach: {e}");
        return code(EXIT_BROKEN_SETUP);
    }
    let rt = match tokio_runtime() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("funnel-coach: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = rt.block_on(funnel_coach::bot::run(config));
    funnel_coach::logging::flush();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // Not `eprintln!`, which panics when stderr cannot be written (a full disk).
            let _ = writeln!(std::io::stderr(), "funnel-coach: {e}");
            if e.is_setup() {
                code(EXIT_BROKEN_SETUP)
            } else {
                ExitCode::FAILURE
            }
        }
    }
}
