//! The Discord side: poise setup, error handling, one file per command group.

mod components;
mod decode;
mod define;
pub mod error;
mod info;
mod privacy;
pub mod reply;
mod stats;
mod test_log;

use std::sync::Arc;

use poise::serenity_prelude as serenity;
use tracing::{error, info, warn};

use crate::config::Config;
use crate::content::{Content, UiCopy};
use crate::store::usage::UsageRecorder;
use crate::store::Db;
pub use error::BotError;

/// What every command can reach.
pub struct Data {
    pub content: Arc<Content>,
    pub db: Db,
    /// Glossary usage counts, written in batches.
    pub usage: UsageRecorder,
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
    #[error("discord: {0}")]
    Discord(#[from] serenity::Error),
    #[error("cannot build the HTTP client: {0}")]
    Http(String),
}

impl RunError {
    /// A problem with the setup (configuration, prompts, database), not with Discord.
    pub fn is_setup(&self) -> bool {
        !matches!(self, RunError::Discord(_))
    }
}

/// The longest the bot waits for one Discord REST answer.
pub const REST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// Every slash command, with the descriptions from `prompts/ui.toml` (subcommands under keys
/// like `"test log"`) and the lever names from `prompts/test_log.toml`.
pub fn commands(content: &Content) -> Vec<poise::Command<Data, BotError>> {
    let mut commands = vec![
        define::define(),
        define::glossary(),
        decode::decode(),
        test_log::test_command(),
        stats::stats(),
        privacy::privacy(),
        info::help(),
        info::about(),
    ];
    for command in &mut commands {
        describe(command, &content.ui, "");
        if command.name == "test" {
            test_log::label_lever_choices(command, content);
        }
    }
    commands
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

/// Runs the bot until it is stopped (Ctrl-C or SIGTERM).
pub async fn run(config: Config) -> Result<(), RunError> {
    let token = config.require_token()?.clone();
    crate::logging::init(&config.log_filter, vec![token.expose().to_owned()]);
    let content = Content::load(&config.prompts_dir).map_err(|problems| RunError::Prompts {
        dir: config.prompts_dir.display().to_string(),
        problems,
    })?;
    let db = Db::open(&config.database_url).await?;
    info!(
        entries = content.glossary.entries().len(),
        database = %config.database_url,
        proxy = config.discord_proxy_url.is_some(),
        dev_guild = ?config.dev_guild_id,
        "starting"
    );
    let content = Arc::new(content);
    let commands = commands(&content);
    let dev_guild = config.dev_guild_id;
    let setup_db = db.clone();
    let (usage, usage_writer) = UsageRecorder::start(
        db.clone(),
        std::time::Duration::from_secs(1),
        Arc::new(crate::clock::SystemClock),
    );
    let framework = poise::Framework::builder()
        .options(poise::FrameworkOptions {
            commands,
            on_error: |err| Box::pin(error::on_error(err)),
            pre_command: |ctx| {
                Box::pin(async move {
                    info!(
                        command = %ctx.command().qualified_name,
                        guild = ?ctx.guild_id().map(|g| g.get()),
                        user = ctx.author().id.get(),
                        "command"
                    );
                })
            },
            event_handler: |framework, event| Box::pin(on_event(framework, event)),
            allowed_mentions: Some(reply::no_mentions()),
            initialize_owners: false,
            ..Default::default()
        })
        .setup(move |ctx, ready, framework| {
            Box::pin(async move {
                info!(user = %ready.user.name, guilds = ready.guilds.len(), "connected");
                let registered = match dev_guild {
                    Some(g) => {
                        poise::builtins::register_in_guild(ctx, &framework.options().commands, serenity::GuildId::new(g)).await
                    }
                    None => poise::builtins::register_globally(ctx, &framework.options().commands).await,
                };
                match registered {
                    Ok(()) => info!(scope = ?dev_guild, "commands registered"),
                    Err(e) => error!(error = %e, "could not register commands; existing registrations stay"),
                }
                Ok(Data {
                    content,
                    db: setup_db,
                    usage,
                })
            })
        })
        .build();

    // serenity's client has no timeout: one Discord answer that never comes would hang
    // that interaction's task forever.
    let client = reqwest::Client::builder()
        .use_rustls_tls()
        .connect_timeout(std::time::Duration::from_secs(5))
        .timeout(REST_TIMEOUT)
        .build()
        .map_err(|e| RunError::Http(e.to_string()))?;
    let mut http = serenity::HttpBuilder::new(token.expose()).client(client);
    if let Some(proxy) = &config.discord_proxy_url {
        // serenity's own ratelimiter builds requests without the proxy; the proxy owns limits.
        http = http.proxy(proxy.as_str()).ratelimiter_disabled(true);
    }
    let intents = serenity::GatewayIntents::GUILDS;
    let mut client = serenity::ClientBuilder::new_with_http(http.build(), intents)
        .framework(framework)
        .await?;
    let shards = client.shard_manager.clone();
    tokio::spawn(async move {
        wait_for_stop().await;
        info!("stopping");
        shards.shutdown_all().await;
    });
    let result = client.start().await;
    // Dropping the client drops the last usage recorder: the writer flushes and ends.
    drop(client);
    if tokio::time::timeout(std::time::Duration::from_secs(5), usage_writer)
        .await
        .is_err()
    {
        warn!("the last glossary usage counts were not written in time");
    }
    db.close().await;
    result?;
    Ok(())
}

async fn wait_for_stop() {
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(s) => s,
                Err(e) => {
                    warn!(error = %e, "cannot listen for SIGTERM");
                    let _ = tokio::signal::ctrl_c().await;
                    return;
                }
            };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

async fn on_event(
    framework: poise::FrameworkContext<'_, Data, BotError>,
    event: &serenity::FullEvent,
) -> Result<(), BotError> {
    match event {
        serenity::FullEvent::InteractionCreate {
            interaction: serenity::Interaction::Component(click),
        } => {
            if let Err(e) =
                components::handle(framework.serenity_context, framework.user_data, click).await
            {
                error!(custom_id = %click.data.custom_id, error = %error::causes(&e), "could not answer a click");
            }
        }
        serenity::FullEvent::InteractionCreate {
            interaction: serenity::Interaction::Modal(submit),
        } => {
            if let Err(e) =
                components::modal(framework.serenity_context, framework.user_data, submit).await
            {
                error!(custom_id = %submit.data.custom_id, error = %e, "could not answer a pop-up");
            }
        }
        _ => {}
    }
    Ok(())
}
