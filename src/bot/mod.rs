//! The Discord side: poise setup, error handling, one file per command group.

// Features: one file (or folder) per command group. They import the shared modules below,
// never each other; only this file's command list and `components`' list name them all.
mod decode;
mod decode_this;
mod define;
mod drill;
mod guide;
mod info;
mod moderation;
mod privacy;
mod remind;
mod report;
mod stats;
mod test_log;

// Shared by features.
mod attachments;
mod chart;
pub mod components;
mod decode_card;
pub mod error;
mod guides_here;
pub mod in_time;
mod notices;
pub mod notify;
pub mod permissions;
mod practice;
pub mod reply;
mod traced;
mod zone_picker;

use std::sync::Arc;
use std::time::Duration;

use poise::serenity_prelude as serenity;
use tracing::{error, info, warn};

use crate::clock::{Clock, SystemClock};
use crate::config::Config;
use crate::content::{Content, UiCopy};
use crate::notify::Notifier;
use crate::store::usage::UsageRecorder;
use crate::store::Db;
use crate::tasks::Tasks;
pub use error::BotError;
use permissions::Level;

/// What every command can reach.
pub struct Data {
    pub content: Arc<Content>,
    pub db: Db,
    /// Glossary usage counts, written in batches.
    pub usage: UsageRecorder,
    /// Where "now" comes from: nothing under `bot/` reads the system time itself.
    pub clock: Arc<dyn Clock>,
    /// Messages that are not replies (DMs, channel posts).
    pub notifier: Arc<dyn Notifier>,
    /// Wakes the reminder scheduler when a reminder is set, snoozed or resumed.
    pub reminders: Arc<tokio::sync::Notify>,
    /// How long a send in flight holds its record (a reminder's claim, a pending welcome).
    pub lease: Duration,
}

#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error(transparent)]
    Config(#[from] crate::config::ConfigError),
    #[error("the prompts in {dir} have problems:\n{problems}")]
    Prompts {
        dir: String,
        problems: crate::content::Problems,
    },
    #[error("cannot open the database: {0}")]
    Store(#[from] crate::store::StoreError),
    /// A `PostgreSQL` server that does not answer at start: one line, exit 3.
    #[error("cannot reach the PostgreSQL server at {url}: {reason}")]
    Unreachable { url: String, reason: String },
    #[error("{0}")]
    Locked(#[from] crate::store::backup::BackupError),
    #[error("discord: {0}")]
    Discord(#[from] serenity::Error),
    #[error("cannot build the HTTP client: {0}")]
    Http(String),
}

impl RunError {
    /// Why the database could not be opened, said in one line.
    fn open(config: &Config, e: crate::store::StoreError) -> RunError {
        if config.backend() == crate::config::Backend::Postgres && e.unreachable() {
            return RunError::Unreachable {
                url: crate::config::redacted(&config.database_url),
                reason: e.to_string(),
            };
        }
        RunError::Store(e)
    }

    /// A problem with the setup (configuration, prompts, database), not with Discord.
    pub fn is_setup(&self) -> bool {
        !matches!(self, RunError::Discord(_))
    }
}

/// The longest the bot waits for one Discord REST answer.
pub const REST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// Every slash command, with the level each declares applied (see [`permissions`]), the
/// descriptions from `prompts/ui.toml` (subcommands under keys like `"test log"`) and the
/// lever names from `prompts/test_log.toml`.
pub fn commands(content: &Content) -> Vec<poise::Command<Data, BotError>> {
    let mut commands = every_command();
    for command in &mut commands {
        permissions::apply(command, Level::Member);
        describe(command, &content.ui, "");
        if command.name == "test" {
            test_log::label_lever_choices(command, content);
        }
        if command.name == "decode_this" {
            // The Apps menu shows the name from prompts/reader.toml.
            command.context_menu_name = Some(content.reader.name.to_string().into());
        }
    }
    commands
}

/// The one list of commands. Each declares its level (`custom_data = Level::…`).
fn every_command() -> Vec<poise::Command<Data, BotError>> {
    vec![
        define::define(),
        define::glossary(),
        decode::decode(),
        decode_this::decode_this(),
        drill::drill(),
        report::report(),
        test_log::test_command(),
        stats::stats(),
        privacy::privacy(),
        guide::guide_command(),
        moderation::mod_command(),
        remind::remind(),
        info::help(),
        info::about(),
    ]
}

fn describe(command: &mut poise::Command<Data, BotError>, ui: &UiCopy, parent: &str) {
    let key = if parent.is_empty() {
        command.name.to_string()
    } else {
        format!("{parent} {}", command.name)
    };
    for sub in &mut command.subcommands {
        describe(sub, ui, &key);
    }
    let Some(copy) = ui.commands.get(&key) else {
        return;
    };
    command.description = Some(copy.description.clone().into());
    for p in &mut command.parameters {
        if let Some(d) = copy.options.get(p.name.as_ref()) {
            p.description = Some(d.clone().into());
        }
        // Choices are matched by position, so only a list of the same length renames them.
        if let Some(names) = copy.choices.get(p.name.as_ref()) {
            if names.len() == p.choices.len() {
                for (choice, name) in p.choices.to_mut().iter_mut().zip(names) {
                    choice.name = name.clone().into();
                }
            } else {
                warn!(command = %key, option = %p.name, "prompts/ui.toml lists a different number of choices; keeping the built-in names");
            }
        }
    }
}

/// How long each background task gets to flush on shutdown.
const TASK_GRACE: Duration = Duration::from_secs(5);

/// Runs the bot until it is stopped (Ctrl-C or SIGTERM).
pub async fn run(config: Config) -> Result<(), RunError> {
    let token = config.require_token()?.clone();
    let mut secrets = vec![token.expose().to_owned()];
    secrets.extend(crate::config::database_password(&config.database_url));
    crate::logging::init(&config.log_filter, secrets);
    let content =
        crate::check::prompts(&config.prompts_dir).map_err(|problems| RunError::Prompts {
            dir: config.prompts_dir.display().to_string(),
            problems,
        })?;
    // SQLite: held until the bot stops, so `funnel-coach restore` (or a second bot) waits for
    // it. PostgreSQL takes any number of processes: the gateway lock below picks one.
    let _lock = match config.backend() {
        crate::config::Backend::Sqlite => {
            Some(crate::store::backup::DbLock::take(&config.database_url)?)
        }
        crate::config::Backend::Postgres => None,
    };
    let db = Db::open_with(&config.database_url, config.database_pool_size)
        .await
        .map_err(|e| RunError::open(&config, e))?;
    info!(
        entries = content.glossary.entries().len(),
        database = %crate::config::redacted(&config.database_url),
        instance = %config.instance,
        proxy = config.discord_proxy_url.is_some(),
        dev_guild = ?config.dev_guild_id,
        "starting"
    );
    let mut tasks = Tasks::new();
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let (usage, usage_writer) =
        UsageRecorder::new(db.clone(), Duration::from_secs(1), clock.clone());
    // On shutdown it writes what is still queued, then stops.
    tasks.spawn("glossary usage", |mut stop| {
        usage_writer.run(async move { stop.requested().await })
    });
    let content = Arc::new(content);
    let reminders = Arc::new(tokio::sync::Notify::new());
    // Its own HTTP client: reminders and welcomes go out from every process, the gateway
    // holder or a standby, through the REST API alone.
    let rest = Arc::new(http(&config, token.expose()).map_err(|e| RunError::Http(e.to_string()))?);
    let notifier: Arc<dyn Notifier> = Arc::new(notify::DiscordNotifier::new(rest));
    {
        let (db, notifier, clock, content) =
            (db.clone(), notifier.clone(), clock.clone(), content.clone());
        let lease = config.reminder_lease;
        tasks.spawn("welcomes", move |stop| {
            moderation::sweep_welcomes(db, notifier, clock, content, lease, stop)
        });
    }
    let setup = Setup {
        content: content.clone(),
        db: db.clone(),
        usage,
        clock: clock.clone(),
        dev_guild: config.dev_guild_id,
        reminders: reminders.clone(),
        lease: config.reminder_lease,
    };
    let render: Arc<crate::scheduler::RenderDm> =
        Arc::new(move |due, late| crate::render::remind::dm(&content.remind, due, late));
    let scheduler = crate::scheduler::Scheduler::new(
        db.clone(),
        notifier,
        clock,
        render,
        reminders,
        crate::scheduler::Pacing {
            pace: crate::scheduler::PACE,
            lease: config.reminder_lease,
            look_every: match config.backend() {
                crate::config::Backend::Sqlite => crate::scheduler::Pacing::default().look_every,
                crate::config::Backend::Postgres => crate::scheduler::SHARED_LOOK,
            },
        },
    );
    tasks.spawn("reminders", |stop| scheduler.run(stop));
    let (stopping, stop) = tokio::sync::watch::channel(false);
    tokio::spawn(async move {
        crate::tasks::shutdown_signal().await;
        info!("stopping");
        let _ = stopping.send(true);
    });
    let result = hold_gateway(&config, &token, &db, &setup, stop).await;
    // No more interactions: the framework and its data (the last usage recorders) went with
    // the last client.
    drop(setup);
    tasks.stop(TASK_GRACE).await;
    // A connection stuck on a dead socket must not hold the stop up.
    if tokio::time::timeout(Duration::from_secs(5), db.close())
        .await
        .is_err()
    {
        warn!("the database connections did not close within 5 s; stopping anyway");
    }
    result
}

/// Why a gateway session ended.
enum Ended {
    /// Asked to stop (SIGTERM, Ctrl-C).
    Stop,
    /// The gateway lock could no longer be vouched for: back to standby.
    Lost,
    /// The client stopped by itself (an error, or Discord closed it for good).
    Client,
}

/// Resolves once the process is asked to stop.
async fn stopped(stop: &mut tokio::sync::watch::Receiver<bool>) {
    // (A closed channel counts as a stop: nobody is left to ask.)
    let _ = stop.wait_for(|s| *s).await;
}

/// How long a holder that lost the lock may take to close its gateway before it ends the
/// process instead: it must be closed before a standby's fence (5 s after it took the lock)
/// runs out. A clean stop gets longer.
const STOP_AFTER_LOSS: Duration = Duration::from_secs(2);
const STOP_CLEANLY: Duration = Duration::from_secs(10);

/// Stops the gateway and waits until the client has (`ended` fires). serenity's
/// `shutdown_all` does nothing while no shard is running (connecting, or waiting to reconnect,
/// when the network is down), so it is asked again until the client ends. One that does not
/// end in time ends the process (its supervisor starts it again, as a standby): a gateway must
/// never outlive the lock.
async fn stop_gateway(
    shards: &Arc<serenity::ShardManager>,
    ended: &mut tokio::sync::oneshot::Receiver<()>,
    lost: bool,
) {
    let limit = if lost { STOP_AFTER_LOSS } else { STOP_CLEANLY };
    let deadline = tokio::time::Instant::now() + limit;
    loop {
        let left = deadline.saturating_duration_since(tokio::time::Instant::now());
        let _ = tokio::time::timeout(left, shards.shutdown_all()).await;
        tokio::select! {
            _ = &mut *ended => return,
            () = tokio::time::sleep(Duration::from_millis(250)) => {}
        }
        if tokio::time::Instant::now() >= deadline {
            error!(
                limit_s = limit.as_secs(),
                "the gateway did not close in time: ending the process so that it cannot overlap another holder"
            );
            crate::logging::flush();
            std::process::exit(1);
        }
    }
}

/// Takes the gateway lock (at once on `SQLite`, which one process alone uses), connects to
/// Discord while holding it, and goes back to waiting if it is lost, until asked to stop.
/// Each change of role is logged with `role`.
async fn hold_gateway(
    config: &Config,
    token: &crate::config::Token,
    db: &Db,
    setup: &Setup,
    mut stop: tokio::sync::watch::Receiver<bool>,
) -> Result<(), RunError> {
    let lock = db.gateway_lock();
    loop {
        let mut held = tokio::select! {
            held = lock.acquire() => held,
            () = stopped(&mut stop) => return Ok(()),
        };
        if let Some(fence) = lock.fence() {
            info!(role = "gateway holder", instance = %config.instance, fence_s = fence.as_secs(), "took the gateway lock; connecting once the fence has passed");
            tokio::select! {
                () = tokio::time::sleep(fence) => {}
                () = held.lost() => {
                    warn!(role = "standby", "lost the gateway lock before connecting");
                    continue;
                }
                () = stopped(&mut stop) => {
                    held.release().await;
                    return Ok(());
                }
            }
        } else {
            info!(role = "gateway holder", instance = %config.instance, "the only process on this database");
        }
        let http = http(config, token.expose()).map_err(|e| RunError::Http(e.to_string()))?;
        let mut client =
            serenity::ClientBuilder::new_with_http(http, serenity::GatewayIntents::GUILDS)
                .framework(traced::Traced(framework(setup.clone())))
                .await?;
        let shards = client.shard_manager.clone();
        let (ended_tx, mut ended_rx) = tokio::sync::oneshot::channel::<()>();
        let mut watch_stop = stop.clone();
        // Stops the gateway the moment the lock is lost or the process is asked to stop.
        let regain = lock.clone();
        let watcher = tokio::spawn(async move {
            let why = loop {
                tokio::select! {
                    () = held.lost() => {
                        // A short server restart: take the lock back before anyone else can
                        // (their fence is longer than this try), or stop the gateway now.
                        if let Some(again) = regain.regain().await {
                            info!(role = "gateway holder", "the gateway lock's connection was lost and the lock taken back");
                            held = again;
                            continue;
                        }
                        warn!(role = "standby", "lost the gateway lock: stopping the gateway");
                        break Ended::Lost;
                    }
                    () = stopped(&mut watch_stop) => break Ended::Stop,
                    _ = &mut ended_rx => return (held, Ended::Client),
                }
            };
            stop_gateway(&shards, &mut ended_rx, matches!(why, Ended::Lost)).await;
            (held, why)
        });
        let result = client.start().await;
        drop(client);
        let _ = ended_tx.send(());
        let (held, why) = watcher
            .await
            .map_err(|e| RunError::Http(format!("the gateway watcher failed: {e}")))?;
        match why {
            Ended::Lost => {
                drop(held);
                info!(role = "standby", instance = %config.instance, "gateway stopped; waiting to take the lock again");
            }
            // A client that ended by itself ends the process with its error: the ones that
            // end it (a refused token, intents not allowed) would refuse every process alike,
            // and the supervisor restarts it for the passing ones.
            Ended::Stop | Ended::Client => {
                // Gateway closed first, then the lock freed: the next holder never overlaps.
                held.release().await;
                result?;
                return Ok(());
            }
        }
    }
}

/// What `Data` is made of before Discord is connected (again after each handover).
#[derive(Clone)]
struct Setup {
    content: Arc<Content>,
    db: Db,
    usage: UsageRecorder,
    clock: Arc<dyn Clock>,
    dev_guild: Option<u64>,
    reminders: Arc<tokio::sync::Notify>,
    lease: Duration,
}

fn framework(setup: Setup) -> poise::Framework<Data, BotError> {
    poise::Framework::builder()
        .options(poise::FrameworkOptions {
            commands: commands(&setup.content),
            on_error: |err| {
                Box::pin(async move {
                    // A refused command is still a command: its notices follow the refusal
                    // (poise calls `post_command` only after a command that succeeded).
                    let refused = match &err {
                        poise::FrameworkError::Command { ctx, .. } => Some(*ctx),
                        _ => None,
                    };
                    error::on_error(err).await;
                    if let Some(ctx) = refused {
                        notices::after_command(ctx).await;
                    }
                })
            },
            // Under the interaction's span (`traced`): who, where, which command.
            pre_command: |_| Box::pin(async { info!("command") }),
            post_command: |ctx| Box::pin(notices::after_command(ctx)),
            event_handler: |framework, event| Box::pin(on_event(framework, event)),
            allowed_mentions: Some(reply::no_mentions()),
            initialize_owners: false,
            ..Default::default()
        })
        .setup(move |ctx, ready, framework| {
            Box::pin(async move {
                info!(user = %ready.user.name, guilds = ready.guilds.len(), "connected");
                let commands = &framework.options().commands;
                let registered = match setup.dev_guild {
                    Some(g) => {
                        poise::builtins::register_in_guild(ctx, commands, serenity::GuildId::new(g))
                            .await
                    }
                    None => poise::builtins::register_globally(ctx, commands).await,
                };
                match registered {
                    Ok(()) => info!(scope = ?setup.dev_guild, "commands registered"),
                    Err(e) => error!(error = %e, "could not register commands; existing registrations stay"),
                }
                Ok(Data {
                    content: setup.content,
                    db: setup.db,
                    usage: setup.usage,
                    clock: setup.clock,
                    notifier: Arc::new(notify::DiscordNotifier::new(ctx.http.clone())),
                    reminders: setup.reminders,
                    lease: setup.lease,
                })
            })
        })
        .build()
}

/// serenity's HTTP client, with a timeout (serenity's own has none: one Discord answer that
/// never comes would hang that interaction's task forever) and the proxy if configured.
fn http(config: &Config, token: &str) -> Result<serenity::Http, reqwest::Error> {
    let mut headers = reqwest::header::HeaderMap::new();
    // Which process sent a request, when several share a bot (a name that is no valid header,
    // non-ASCII, is left out: it still names the process in its logs).
    if let Ok(name) = reqwest::header::HeaderValue::from_str(&config.instance) {
        headers.insert("x-funnel-coach-instance", name);
    }
    let client = reqwest::Client::builder()
        .use_rustls_tls()
        .default_headers(headers)
        .connect_timeout(Duration::from_secs(5))
        .timeout(REST_TIMEOUT)
        .build()?;
    let mut http = serenity::HttpBuilder::new(token).client(client);
    if let Some(proxy) = &config.discord_proxy_url {
        // serenity's own ratelimiter builds requests without the proxy; the proxy owns limits.
        http = http.proxy(proxy.as_str()).ratelimiter_disabled(true);
    }
    Ok(http.build())
}

async fn on_event(
    framework: poise::FrameworkContext<'_, Data, BotError>,
    event: &serenity::FullEvent,
) -> Result<(), BotError> {
    let (ctx, data) = (framework.serenity_context, framework.user_data);
    match event {
        serenity::FullEvent::InteractionCreate {
            interaction: serenity::Interaction::Component(click),
        } => components::click(ctx, data, click).await,
        serenity::FullEvent::InteractionCreate {
            interaction: serenity::Interaction::Modal(submit),
        } => components::modal(ctx, data, submit).await,
        // A server the bot was not in before (servers it is in come back at each start
        // marked unavailable, so a reconnect is not new).
        serenity::FullEvent::GuildCreate {
            guild,
            is_new: Some(true),
        } => moderation::on_join(ctx, data, guild).await,
        _ => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_declares_who_it_is_for() {
        for command in every_command() {
            assert!(
                Level::declared(&command).is_some(),
                "/{} declares no level: add `custom_data = Level::…`",
                command.name
            );
        }
    }
}
