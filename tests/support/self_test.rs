//! Self-test of the fake Discord in `tests/support`: a small in-process poise bot, built the
//! way funnel-coach builds its client (`HttpBuilder::proxy` + `ratelimiter_disabled`), talks
//! to the fake through the real serenity 0.12.5 / poise 0.7.1 stack.

use crate::support;

use std::time::{Duration, Instant};

use poise::serenity_prelude as serenity;
use serde_json::{json, Value};
use support::validator;
use support::*;

type Error = Box<dyn std::error::Error + Send + Sync>;
type Ctx<'a> = poise::Context<'a, Data, Error>;
type AppCtx<'a> = poise::ApplicationContext<'a, Data, Error>;

struct Data;

fn quiet() -> serenity::CreateAllowedMentions {
    serenity::CreateAllowedMentions::new()
}

// ---- the test bot --------------------------------------------------------------------------

/// Replies pong
#[poise::command(slash_command)]
async fn ping(ctx: Ctx<'_>) -> Result<(), Error> {
    ctx.say("pong").await?;
    Ok(())
}

async fn complete_term(_ctx: Ctx<'_>, partial: &str) -> serenity::CreateAutocompleteResponse {
    let choices = ["ctr", "ctor", "cvr", "gmv", "impressions"]
        .into_iter()
        .filter(|t| t.starts_with(partial))
        .map(serenity::AutocompleteChoice::from)
        .collect();
    serenity::CreateAutocompleteResponse::new().set_choices(choices)
}

/// Defines a term
#[poise::command(slash_command)]
async fn define(
    ctx: Ctx<'_>,
    #[description = "Term"]
    #[autocomplete = "complete_term"]
    term: String,
    #[description = "Only you see it"] private: Option<bool>,
) -> Result<(), Error> {
    let embed = serenity::CreateEmbed::new()
        .title(term.to_uppercase())
        .description(format!("definition of {term}"))
        .field("Formula", "orders ÷ clicks", true);
    ctx.send(
        poise::CreateReply::default()
            .content(format!("definition of {term}"))
            .embed(embed)
            .ephemeral(private.unwrap_or(false)),
    )
    .await?;
    Ok(())
}

/// A message with a button and a select menu
#[poise::command(slash_command)]
async fn menu(ctx: Ctx<'_>) -> Result<(), Error> {
    let rows = vec![
        serenity::CreateActionRow::Buttons(vec![
            serenity::CreateButton::new("menu:more").label("More")
        ]),
        serenity::CreateActionRow::SelectMenu(serenity::CreateSelectMenu::new(
            "menu:pick",
            serenity::CreateSelectMenuKind::String {
                options: vec![
                    serenity::CreateSelectMenuOption::new("Alpha", "a"),
                    serenity::CreateSelectMenuOption::new("Beta", "b"),
                ],
            },
        )),
    ];
    ctx.send(
        poise::CreateReply::default()
            .content("menu")
            .components(rows),
    )
    .await?;
    Ok(())
}

#[derive(Debug, poise::Modal)]
#[name = "Feedback"]
struct FeedbackModal {
    #[name = "Your feedback"]
    #[paragraph]
    text: String,
    #[name = "Rating"]
    rating: Option<String>,
}

/// Opens a modal
#[poise::command(slash_command)]
async fn feedback(ctx: AppCtx<'_>) -> Result<(), Error> {
    let answer =
        poise::execute_modal::<_, _, FeedbackModal>(ctx, None, Some(Duration::from_secs(10)))
            .await?;
    if let Some(m) = answer {
        poise::say_reply(
            ctx.into(),
            format!("thanks: {} ({})", m.text, m.rating.unwrap_or_default()),
        )
        .await?;
    }
    Ok(())
}

/// Defers, then answers
#[poise::command(slash_command)]
async fn slow(ctx: Ctx<'_>) -> Result<(), Error> {
    ctx.defer().await?;
    ctx.say("done after defer").await?;
    ctx.say("and a followup").await?;
    Ok(())
}

#[derive(Debug, poise::ChoiceParameter)]
enum Lever {
    Hook,
    Proof,
}

/// Funnel tools
#[poise::command(slash_command, subcommands("test"))]
async fn funnel(_ctx: Ctx<'_>) -> Result<(), Error> {
    Ok(())
}

/// Tests
#[poise::command(slash_command, subcommands("log", "list"))]
async fn test(_ctx: Ctx<'_>) -> Result<(), Error> {
    Ok(())
}

/// Log a test
#[poise::command(slash_command)]
async fn log(
    ctx: Ctx<'_>,
    #[description = "Lever"] lever: Lever,
    #[description = "Clicks"] clicks: Option<i64>,
) -> Result<(), Error> {
    ctx.say(format!("logged {lever:?} clicks={}", clicks.unwrap_or(-1)))
        .await?;
    Ok(())
}

/// List tests
#[poise::command(slash_command)]
async fn list(ctx: Ctx<'_>) -> Result<(), Error> {
    ctx.say("no tests yet").await?;
    Ok(())
}

/// Who is that
#[poise::command(slash_command)]
async fn whois(
    ctx: Ctx<'_>,
    #[description = "User"] user: serenity::User,
    #[description = "Role"] role: Option<serenity::Role>,
    #[description = "Channel"] channel: Option<serenity::GuildChannel>,
) -> Result<(), Error> {
    let role = role.map(|r| r.name).unwrap_or_default();
    let channel = channel.map(|c| c.name).unwrap_or_default();
    ctx.say(format!("user {} role {role} channel {channel}", user.name))
        .await?;
    Ok(())
}

/// DMs you
#[poise::command(slash_command)]
async fn dmme(ctx: Ctx<'_>) -> Result<(), Error> {
    let sent = ctx
        .author()
        .direct_message(
            ctx,
            serenity::CreateMessage::new()
                .content("hello in DMs")
                .components(vec![serenity::CreateActionRow::Buttons(vec![
                    serenity::CreateButton::new("dm:snooze").label("Snooze"),
                ])])
                .allowed_mentions(quiet()),
        )
        .await;
    let text = match sent {
        Ok(_) => "sent you a DM".to_string(),
        Err(e) => format!("could not DM you: {e}"),
    };
    ctx.send(poise::CreateReply::default().content(text).ephemeral(true))
        .await?;
    Ok(())
}

/// Ephemeral
#[poise::command(slash_command)]
async fn secret(ctx: Ctx<'_>) -> Result<(), Error> {
    ctx.send(
        poise::CreateReply::default()
            .content("only you")
            .ephemeral(true),
    )
    .await?;
    Ok(())
}

/// A file
#[poise::command(slash_command)]
async fn file(ctx: Ctx<'_>) -> Result<(), Error> {
    let attachment = serenity::CreateAttachment::bytes(b"a,b\n1,2\n".to_vec(), "report.csv");
    ctx.send(
        poise::CreateReply::default()
            .content("your export")
            .attachment(attachment),
    )
    .await?;
    Ok(())
}

/// Moderators only
#[poise::command(
    slash_command,
    required_permissions = "MANAGE_MESSAGES",
    default_member_permissions = "MANAGE_MESSAGES"
)]
async fn modonly(ctx: Ctx<'_>) -> Result<(), Error> {
    ctx.say("moderator ok").await?;
    Ok(())
}

/// Answers after the deadline
#[poise::command(slash_command)]
async fn late(ctx: Ctx<'_>) -> Result<(), Error> {
    tokio::time::sleep(Duration::from_millis(500)).await;
    ctx.say("too late").await?;
    Ok(())
}

/// Bypasses serenity's own length check, which would refuse this before sending.
#[poise::command(slash_command)]
async fn long(ctx: AppCtx<'_>) -> Result<(), Error> {
    let data = json!({"content": "x".repeat(2001), "allowed_mentions": {"parse": []}});
    let body = json!({"type": 4, "data": data});
    let i = ctx.interaction;
    ctx.serenity_context()
        .http
        .create_interaction_response(i.id, &i.token, &body, vec![])
        .await?;
    Ok(())
}

/// Responds twice
#[poise::command(slash_command)]
async fn twice(ctx: AppCtx<'_>) -> Result<(), Error> {
    let i = ctx.interaction;
    let reply = || {
        serenity::CreateInteractionResponse::Message(
            serenity::CreateInteractionResponseMessage::new()
                .content("once")
                .allowed_mentions(quiet()),
        )
    };
    i.create_response(ctx.serenity_context(), reply()).await?;
    i.create_response(ctx.serenity_context(), reply()).await?;
    Ok(())
}

/// Forgets allowed mentions
#[poise::command(slash_command)]
async fn loud(ctx: AppCtx<'_>) -> Result<(), Error> {
    let i = ctx.interaction;
    let reply = serenity::CreateInteractionResponseMessage::new().content("hey @everyone");
    i.create_response(
        ctx.serenity_context(),
        serenity::CreateInteractionResponse::Message(reply),
    )
    .await?;
    Ok(())
}

/// A message command: counts the words of the message it is used on
#[poise::command(context_menu_command = "Count words")]
async fn count_words(ctx: Ctx<'_>, message: serenity::Message) -> Result<(), Error> {
    let n = message.content.split_whitespace().count();
    let reply = poise::CreateReply::default()
        .content(format!("{n} words by {}", message.author.name))
        .ephemeral(true)
        .allowed_mentions(quiet());
    ctx.send(reply).await?;
    Ok(())
}

async fn on_event(
    framework: poise::FrameworkContext<'_, Data, Error>,
    event: &serenity::FullEvent,
) -> Result<(), Error> {
    let ctx = framework.serenity_context;
    let serenity::FullEvent::InteractionCreate {
        interaction: serenity::Interaction::Component(c),
    } = event
    else {
        return Ok(());
    };
    let response = match &c.data.kind {
        serenity::ComponentInteractionDataKind::Button => {
            serenity::CreateInteractionResponse::UpdateMessage(
                serenity::CreateInteractionResponseMessage::new()
                    .content(format!(
                        "more: message {} said {:?} by {}",
                        c.message.id, c.message.content, c.user.name
                    ))
                    .components(vec![])
                    .allowed_mentions(quiet()),
            )
        }
        serenity::ComponentInteractionDataKind::StringSelect { values } => {
            serenity::CreateInteractionResponse::Message(
                serenity::CreateInteractionResponseMessage::new()
                    .content(format!("picked {}", values.join(",")))
                    .ephemeral(true)
                    .allowed_mentions(quiet()),
            )
        }
        _ => return Ok(()),
    };
    c.create_response(ctx, response).await?;
    Ok(())
}

struct TestBot {
    http: std::sync::Arc<serenity::Http>,
    shards: std::sync::Arc<serenity::ShardManager>,
}

impl Drop for TestBot {
    fn drop(&mut self) {
        let shards = self.shards.clone();
        tokio::spawn(async move { shards.shutdown_all().await });
    }
}

async fn start_bot(fake: &FakeDiscord) -> TestBot {
    let guild = fake.guild_id();
    let framework = poise::Framework::builder()
        .options(poise::FrameworkOptions {
            commands: vec![
                ping(),
                define(),
                menu(),
                feedback(),
                slow(),
                funnel(),
                whois(),
                dmme(),
                secret(),
                file(),
                modonly(),
                late(),
                long(),
                twice(),
                loud(),
                count_words(),
            ],
            allowed_mentions: Some(quiet()),
            event_handler: |framework, event| Box::pin(on_event(framework, event)),
            on_error: |error| {
                Box::pin(async move {
                    match error {
                        poise::FrameworkError::Command { error, ctx, .. } => {
                            eprintln!("test bot: /{} failed: {error}", ctx.command().name);
                        }
                        other => {
                            let _ = poise::builtins::on_error(other).await;
                        }
                    }
                })
            },
            ..Default::default()
        })
        .setup(move |ctx, _ready, framework| {
            Box::pin(async move {
                let commands = &framework.options().commands;
                poise::builtins::register_in_guild(ctx, commands, serenity::GuildId::new(guild))
                    .await?;
                poise::builtins::register_globally(ctx, commands).await?;
                Ok(Data)
            })
        })
        .build();
    let http = serenity::HttpBuilder::new(fake.token())
        .proxy(fake.proxy_url())
        .ratelimiter_disabled(true)
        .build();
    let mut client =
        serenity::ClientBuilder::new_with_http(http, serenity::GatewayIntents::non_privileged())
            .framework(framework)
            .await
            .expect("client");
    let bot = TestBot {
        http: client.http.clone(),
        shards: client.shard_manager.clone(),
    };
    tokio::spawn(async move {
        let _ = client.start().await;
    });
    fake.wait_ready().await.expect("bot ready");
    fake.wait_registered(None)
        .await
        .expect("global registration");
    bot
}

// ---- tests ---------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn interactions_round_trip() {
    let started = Instant::now();
    let fake = FakeDiscord::start().await;
    let bot = start_bot(&fake).await;
    let alice = fake.user("alice");
    let bob = fake.user("bob");
    let moderator = fake.user("mod");

    // The handshake serenity made.
    let identify = fake.last_identify().expect("identified");
    assert_eq!(identify["compress"], json!(true));
    assert_eq!(identify["shard"], json!([0, 1]));
    assert!(fake.requests_matching(routes::GATEWAY).len() == 1);
    assert!(!fake
        .requests_matching("GET /oauth2/applications/@me")
        .is_empty());
    let commands = fake.commands();
    assert!(commands
        .iter()
        .any(|c| c.name() == "ping" && c.guild_id == Some(fake.guild_id())));
    assert!(commands
        .iter()
        .any(|c| c.name() == "ping" && c.guild_id.is_none()));

    // Slash → reply, with allowed mentions set by poise.
    let r = fake.slash(&alice, "ping", json!({})).await.unwrap();
    assert_eq!((r.kind, r.status), (4, 204));
    assert_eq!(r.content(), "pong");
    assert!(!r.ephemeral());
    assert_eq!(r.data["allowed_mentions"]["parse"], json!([]));

    // Autocomplete, then the command with an embed, ephemeral.
    let choices = fake
        .autocomplete(&alice, "define", "term", "ct", json!({}))
        .await
        .unwrap();
    let names: Vec<&str> = choices.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["ctr", "ctor"]);
    let r = fake
        .slash(&alice, "define", json!({"term": "ctor", "private": true}))
        .await
        .unwrap();
    assert!(r.ephemeral());
    assert_eq!(r.embeds()[0]["title"], "CTOR");
    assert!(r.text().contains("orders ÷ clicks"));

    // A select, then a button (which updates the message and removes the components).
    let menu = fake.slash(&bob, "menu", json!({})).await.unwrap();
    assert_eq!(menu.custom_ids(), ["menu:more", "menu:pick"]);
    let picked = fake
        .select(&alice, &menu.message(), "menu:pick", vec!["b"])
        .await
        .unwrap();
    assert_eq!(
        (picked.kind, picked.content().as_str(), picked.ephemeral()),
        (4, "picked b", true)
    );
    assert!(fake
        .select(&alice, &menu.message(), "menu:pick", vec!["zzz"])
        .await
        .is_err());
    let clicked = fake
        .click(&alice, &menu.message(), "menu:more")
        .await
        .unwrap();
    assert_eq!(clicked.kind, 7);
    let expected = format!("more: message {} said \"menu\" by alice", menu.message_id());
    assert_eq!(clicked.content(), expected);
    assert!(clicked.components().is_empty());
    assert_eq!(
        fake.message(menu.message_id()).unwrap()["content"],
        json!(expected)
    );
    assert!(
        fake.click(&alice, &menu.message(), "menu:more")
            .await
            .is_err(),
        "the button is gone"
    );

    // A modal: poise acknowledges the submit (6) and answers with a followup.
    let modal = fake.slash(&alice, "feedback", json!({})).await.unwrap();
    assert_eq!(modal.kind, 9);
    assert_eq!(modal.modal()["title"], "Feedback");
    let fields: Vec<String> = modal.modal_fields().into_iter().map(|(id, _)| id).collect();
    assert_eq!(fields, ["text", "rating"]);
    let submitted = fake
        .submit_modal(&alice, &modal, vec![("text", "great bot"), ("rating", "5")])
        .await
        .unwrap();
    assert_eq!(submitted.kind, 6);
    assert_eq!(submitted.content(), "thanks: great bot (5)");
    assert!(fake
        .submit_modal(&alice, &modal, vec![("nope", "x")])
        .await
        .is_err());

    // Deferred: the visible answer is the first webhook POST; the second is a followup.
    let r = fake.slash(&alice, "slow", json!({})).await.unwrap();
    assert_eq!(r.kind, 5);
    assert_eq!(r.content(), "done after defer");
    assert_eq!(
        r.message_id(),
        r.original().unwrap()["id"]
            .as_str()
            .unwrap()
            .parse::<u64>()
            .unwrap()
    );
    let followups = r.wait_followups(1).await.unwrap();
    assert_eq!(followups[0]["content"], "and a followup");

    // Subcommand group with a choice (given by name) and an integer.
    let r = fake
        .slash(
            &alice,
            "funnel test log",
            json!({"lever": "proof", "clicks": "42"}),
        )
        .await
        .unwrap();
    assert_eq!(r.content(), "logged Proof clicks=42");
    let r = fake
        .slash_sub(&alice, "funnel", "test list", json!(null))
        .await
        .unwrap();
    assert_eq!(r.content(), "no tests yet");
    assert!(
        fake.slash(&alice, "funnel test", json!({})).await.is_err(),
        "a group needs a subcommand"
    );
    assert!(fake
        .slash(&alice, "funnel test log", json!({"lever": "magic"}))
        .await
        .is_err());
    assert!(
        fake.slash(&alice, "funnel test log", json!({}))
            .await
            .is_err(),
        "missing required"
    );

    // Resolved users, roles and channels.
    let r = fake
        .slash(
            &alice,
            "whois",
            json!([
                {"name": "user", "value": "@bob"},
                {"name": "role", "value": "Moderator"},
                {"name": "channel", "value": "#guides"},
            ]),
        )
        .await
        .unwrap();
    assert_eq!(r.content(), "user bob role Moderator channel guides");

    // DMs, files, permissions.
    let r = fake.slash(&alice, "dmme", json!({})).await.unwrap();
    assert_eq!(r.content(), "sent you a DM");
    let dm = fake.wait_dms_to(&alice, 1).await.unwrap().remove(0);
    assert_eq!(dm["content"], "hello in DMs");
    let r = fake.click(&alice, &dm, "dm:snooze").await.unwrap();
    let expected = format!(
        "more: message {} said \"hello in DMs\" by alice",
        dm["id"].as_str().unwrap()
    );
    assert_eq!((r.kind, r.content()), (7, expected));
    assert!(fake.dms_to(&alice)[0]["components"]
        .as_array()
        .unwrap()
        .is_empty());
    let r = fake.slash(&alice, "file", json!({})).await.unwrap();
    assert_eq!(r.files()[0].filename, "report.csv");
    assert_eq!(r.files()[0].data, b"a,b\n1,2\n");
    assert_eq!(r.visible()["attachments"][0]["filename"], "report.csv");
    assert!(!fake.can_use(fake.guild_id(), &alice, "modonly"));
    assert!(
        fake.slash(&alice, "modonly", json!({})).await.is_err(),
        "hidden by default_member_permissions"
    );
    assert_eq!(
        fake.slash(&moderator, "modonly", json!({}))
            .await
            .unwrap()
            .content(),
        "moderator ok"
    );
    fake.set_command_overrides(true);
    let denied = fake.slash(&alice, "modonly", json!({})).await.unwrap();
    assert!(denied.ephemeral(), "poise refuses ephemerally: {denied:?}");
    assert_ne!(denied.content(), "moderator ok");
    fake.set_command_overrides(false);

    // The second guild and DMs (global commands).
    let r = fake
        .slash_in(fake.other_guild_id(), &alice, "ping", json!({}))
        .await
        .unwrap();
    assert_eq!(r.content(), "pong");
    assert!(
        fake.slash_in(fake.other_guild_id(), &bob, "ping", json!({}))
            .await
            .is_err(),
        "bob is not there"
    );
    let r = fake.slash_dm(&alice, "ping", json!({})).await.unwrap();
    assert_eq!(r.content(), "pong");

    check_rest_shapes(&fake, &bot.http).await;
    fake.assert_no_violations();
    assert!(
        fake.unhandled_routes().is_empty(),
        "{:?}",
        fake.unhandled_routes()
    );
    eprintln!("interactions_round_trip: {:?}", started.elapsed());
}

/// Serenity deserializes every REST answer the bot may need.
async fn check_rest_shapes(fake: &FakeDiscord, http: &serenity::Http) {
    let guild = serenity::GuildId::new(fake.guild_id());
    let alice = serenity::UserId::new(fake.user("alice").id);
    let channel = serenity::ChannelId::new(fake.channel("guides"));
    let partial = http.get_guild(guild).await.expect("GET /guilds/{id}");
    assert_eq!(partial.name, "Creator Lab");
    assert_eq!(partial.roles.len(), 3);
    let member = http
        .get_member(guild, alice)
        .await
        .expect("GET /guilds/{g}/members/{u}");
    assert_eq!(member.user.name, "alice");
    assert_eq!(http.get_guild_roles(guild).await.expect("roles").len(), 3);
    let serenity::Channel::Guild(c) = http.get_channel(channel).await.expect("GET /channels/{id}")
    else {
        panic!("guides is a guild channel");
    };
    assert_eq!(c.name, "guides");
    assert_eq!(
        http.get_user(alice).await.expect("GET /users/{id}").name,
        "alice"
    );
    assert!(http.get_current_user().await.expect("GET /users/@me").bot);
    let app = http
        .get_current_application_info()
        .await
        .expect("application info");
    assert_eq!(app.owner.expect("owner").name, "owner");
    assert!(http
        .get_bot_gateway()
        .await
        .expect("GET /gateway/bot")
        .url
        .starts_with("ws://127.0.0.1"));
    let dm = alice
        .create_dm_channel(http)
        .await
        .expect("POST /users/@me/channels");
    assert_eq!(dm.recipient.name, "alice");
    assert!(http
        .get_guild_commands(guild)
        .await
        .expect("guild commands")
        .iter()
        .any(|c| c.name == "define"));
    assert!(!http
        .get_global_commands()
        .await
        .expect("global commands")
        .is_empty());
    let mut posted = channel
        .send_message(
            http,
            serenity::CreateMessage::new()
                .content("a guide")
                .allowed_mentions(quiet()),
        )
        .await
        .expect("POST /channels/{id}/messages");
    posted
        .edit(
            http,
            serenity::EditMessage::new()
                .content("an edited guide")
                .allowed_mentions(quiet()),
        )
        .await
        .expect("PATCH /channels/{c}/messages/{m}");
    assert_eq!(
        fake.posts_in(channel.get())[0]["content"],
        "an edited guide"
    );
    // enforce_nonce: the same nonce again in the same channel returns the first message and
    // creates none; another nonce, or none, or the same nonce without enforce_nonce, does.
    let once = |n: &str, enforce: bool| {
        serenity::CreateMessage::new()
            .content("a reminder")
            .nonce(serenity::Nonce::String(n.to_owned()))
            .enforce_nonce(enforce)
            .allowed_mentions(quiet())
    };
    let before = fake.posts_in(channel.get()).len();
    let first = channel
        .send_message(http, once("r1.Fx8Yk2", true))
        .await
        .expect("with a nonce");
    let again = channel
        .send_message(http, once("r1.Fx8Yk2", true))
        .await
        .expect("the same nonce");
    assert_eq!(again.id, first.id, "the earlier message back");
    assert_eq!(
        fake.posts_in(channel.get()).len(),
        before + 1,
        "one message"
    );
    assert_eq!(fake.nonce_repeats(), 1);
    channel
        .send_message(http, once("r1.Fx8Yk3", true))
        .await
        .expect("another nonce");
    channel
        .send_message(http, once("r1.Fx8Yk2", false))
        .await
        .expect("not enforced");
    let in_dm = dm
        .id
        .send_message(http, once("r1.Fx8Yk2", true))
        .await
        .expect("another channel");
    assert_ne!(in_dm.id, first.id);
    assert_eq!(fake.posts_in(channel.get()).len(), before + 3);
    assert_eq!(fake.nonce_repeats(), 1);
    let unknown = http
        .get_channel(serenity::ChannelId::new(42))
        .await
        .expect_err("unknown channel");
    assert!(unknown.to_string().contains("Unknown Channel"), "{unknown}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gateway_resume_and_reidentify() {
    let started = Instant::now();
    let fake = FakeDiscord::start_with(FakeConfig {
        heartbeat_interval_ms: 250,
        compress: false,
        ..Default::default()
    })
    .await;
    let _bot = start_bot(&fake).await;
    let alice = fake.user("alice");
    assert_eq!(
        fake.last_identify().unwrap()["compress"],
        json!(true),
        "serenity asks for compression"
    );
    fake.wait_heartbeats(1).await.unwrap();
    assert_eq!(
        fake.slash(&alice, "ping", json!({}))
            .await
            .unwrap()
            .content(),
        "pong"
    );

    // 4000: serenity resumes; an interaction sent while it is away is replayed.
    fake.close_gateway(4000).await;
    let r = fake.slash(&alice, "ping", json!({})).await.unwrap();
    assert_eq!(r.content(), "pong");
    fake.wait_resume_count(1).await.unwrap();
    assert_eq!(fake.identify_count(), 1);

    // Op 7 RECONNECT: resumes too.
    fake.request_reconnect();
    fake.wait_resume_count(2).await.unwrap();
    assert_eq!(
        fake.slash(&alice, "ping", json!({}))
            .await
            .unwrap()
            .content(),
        "pong"
    );

    // A dropped TCP connection (no close frame): serenity resumes.
    fake.drop_gateway();
    fake.wait_resume_count(3).await.unwrap();
    assert_eq!(
        fake.slash(&alice, "ping", json!({}))
            .await
            .unwrap()
            .content(),
        "pong"
    );

    // 4009: the session is gone; serenity identifies again after its 5 s wait.
    fake.close_gateway(4009).await;
    let err = fake
        .slash(&alice, "ping", json!({}))
        .await
        .expect_err("no session to dispatch on");
    assert!(err.to_string().contains("no gateway session"), "{err}");
    fake.wait_identify_count(2).await.unwrap();
    fake.wait_ready().await.unwrap();
    assert_eq!(
        fake.slash(&alice, "ping", json!({}))
            .await
            .unwrap()
            .content(),
        "pong"
    );
    assert_eq!(fake.resume_count(), 3);
    fake.assert_no_violations();
    eprintln!("gateway_resume_and_reidentify: {:?}", started.elapsed());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rest_faults_and_discord_rules() {
    let started = Instant::now();
    let fake = FakeDiscord::start().await;
    let _bot = start_bot(&fake).await;
    let alice = fake.user("alice");

    // A 500 and a 429 on a callback: that interaction fails, the next one works.
    fake.inject(Fault::server_error(), routes::CALLBACK, 1);
    let r = fake.slash(&alice, "ping", json!({})).await.unwrap();
    assert_eq!((r.status, r.error_code), (500, Some(0)));
    assert_eq!(
        fake.slash(&alice, "ping", json!({}))
            .await
            .unwrap()
            .content(),
        "pong"
    );
    fake.inject(Fault::rate_limited(0.5), routes::CALLBACK, 1);
    let r = fake.slash(&alice, "ping", json!({})).await.unwrap();
    assert_eq!(r.status, 429);
    let limited = r.requests().into_iter().find(|q| q.status == 429).unwrap();
    assert_eq!(limited.response.unwrap()["retry_after"], json!(0.5));
    assert_eq!(
        fake.slash(&alice, "ping", json!({}))
            .await
            .unwrap()
            .content(),
        "pong"
    );
    fake.inject(Fault::delay_ms(150), routes::CALLBACK, 1);
    assert_eq!(
        fake.slash(&alice, "ping", json!({}))
            .await
            .unwrap()
            .content(),
        "pong"
    );

    // Closed DMs: 403 50007, and the bot says so.
    fake.set_dms_closed(&alice, true);
    let r = fake.slash(&alice, "dmme", json!({})).await.unwrap();
    assert!(
        r.content().starts_with("could not DM you"),
        "{}",
        r.content()
    );
    assert!(fake.dms_to(&alice).is_empty());
    let refused = fake.requests_matching(routes::CHANNEL_MESSAGE);
    assert_eq!(
        (refused[0].status, refused[0].error_code()),
        (403, Some(50007))
    );
    fake.set_dms_closed(&alice, false);

    // A first response after the deadline: 10062.
    fake.set_ack_deadline(Duration::from_millis(200));
    let r = fake.slash(&alice, "late", json!({})).await.unwrap();
    assert_eq!((r.status, r.error_code), (404, Some(10062)));
    fake.set_ack_deadline(Duration::from_secs(3));
    let late = fake.take_violations();
    assert!(late.len() == 1 && late[0].contains("deadline"), "{late:?}");

    // Two callbacks: the second gets 40060.
    let r = fake.slash(&alice, "twice", json!({})).await.unwrap();
    assert_eq!((r.status, r.content().as_str()), (204, "once"));
    let second = fake
        .wait_request(routes::CALLBACK, r.callback_seq)
        .await
        .unwrap();
    assert_eq!((second.status, second.error_code()), (400, Some(40060)));
    assert!(fake.take_violations()[0].contains("already acknowledged"));

    // Limits: 2001 characters → 400 50035 with Discord's error tree, and a violation.
    let r = fake.slash(&alice, "long", json!({})).await.unwrap();
    assert_eq!((r.status, r.error_code), (400, Some(50035)));
    let body = r.requests()[0].response.clone().unwrap();
    assert_eq!(
        body["errors"]["data"]["content"]["_errors"][0]["code"],
        "BASE_TYPE_MAX_LENGTH"
    );
    let v = fake.take_violations();
    assert!(
        v.len() == 1 && v[0].contains("data.content") && v[0].contains("2001"),
        "{v:?}"
    );

    // Policy: a reply without allowed_mentions is delivered but recorded.
    let r = fake.slash(&alice, "loud", json!({})).await.unwrap();
    assert_eq!(r.status, 204);
    let v = fake.take_violations();
    assert!(
        v.len() == 1 && v[0].contains("allowed_mentions") && v[0].contains("policy"),
        "{v:?}"
    );

    // The fake checks its own payloads with serenity's models (serenity would drop this one).
    let role = json!({"guild_id": fake.guild_id().to_string(), "role": {"id": "1"}});
    fake.dispatch_event("GUILD_ROLE_CREATE", role).unwrap();
    let errors = fake.take_harness_errors();
    assert!(
        errors.len() == 1 && errors[0].contains("GUILD_ROLE_CREATE"),
        "{errors:?}"
    );

    fake.assert_no_violations();
    eprintln!("rest_faults_and_discord_rules: {:?}", started.elapsed());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bot_process_captures_logs_and_restarts() {
    // `/bin/sh` stands in for the binary: the helper's environment, logs and signals.
    let fake = FakeDiscord::start().await;
    let script = "echo \"proxy=$DISCORD_PROXY_URL db=$DATABASE_URL guild=$DEV_GUILD_ID \
                  token=$DISCORD_TOKEN log=$RUST_LOG extra=$EXTRA\"; \
                  printf '\\033[32mcoloured\\033[0m\\n' >&2; pwd; exec sleep 30";
    let env = BotEnv {
        program: Some("/bin/sh".into()),
        args: Some(vec!["-c".into(), script.into()]),
        ..BotEnv::dev(&fake)
    }
    .with_env("EXTRA", "yes");
    let mut bot = BotProcess::spawn(&fake, &env).await;
    bot.wait_for_log("coloured").await.unwrap();
    bot.wait_for_log("extra=yes").await.unwrap();
    let logs = bot.logs();
    assert!(
        logs.contains(&format!("proxy={} ", fake.proxy_url())),
        "{logs}"
    );
    assert!(
        logs.contains(&format!("guild={} ", fake.guild_id())),
        "{logs}"
    );
    assert!(logs.contains(&format!("token={} ", fake.token())), "{logs}");
    assert!(
        logs.contains("db=sqlite:///") && logs.contains("/db.sqlite "),
        "{logs}"
    );
    assert!(logs.contains("log=info,funnel_coach=debug"), "{logs}");
    assert!(
        !logs.contains('\u{1b}'),
        "ANSI escapes are stripped: {logs:?}"
    );
    assert!(bot.is_running());

    bot.restart().await;
    bot.wait_for_log_count("extra=yes", 2).await.unwrap();
    assert!(bot.logs().contains("restarted by the test"));
    let status = bot.terminate().await.unwrap();
    assert!(!status.success());
    assert!(!bot.is_running() || bot.try_exit_status().is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_token_is_refused() {
    let fake = FakeDiscord::start().await;
    let http = serenity::HttpBuilder::new("not-the-token")
        .proxy(fake.proxy_url())
        .ratelimiter_disabled(true)
        .build();
    let mut client =
        serenity::ClientBuilder::new_with_http(http, serenity::GatewayIntents::non_privileged())
            .await
            .expect("client");
    let result = tokio::time::timeout(Duration::from_secs(10), client.start()).await;
    let err = result
        .expect("serenity gives up on 4004")
        .expect_err("authentication fails");
    assert!(err.to_string().to_lowercase().contains("auth"), "{err}");
    assert_eq!(fake.identify_count(), 0);
    assert!(client.http.get_current_user().await.is_err());
    let me = fake.wait_request("GET /users/@me", 0).await.unwrap();
    assert_eq!((me.status, me.error_code()), (401, Some(0)));
}

#[test]
fn validator_catches_limits() {
    let msg = |v: Value| validator::check_message(&v, "", true, 0);
    let paths = |issues: Vec<validator::Issue>| {
        issues
            .into_iter()
            .filter(|i| i.limit)
            .map(|i| i.path)
            .collect::<Vec<_>>()
    };

    assert!(msg(json!({"content": "ok"})).is_empty());
    assert_eq!(paths(msg(json!({}))), [""], "empty message");
    assert_eq!(
        paths(msg(json!({"content": "é".repeat(2001)}))),
        ["content"]
    );
    let field = |n: &str, v: &str| json!({"name": n, "value": v});
    let embed = json!({
        "title": "t".repeat(257),
        "description": "d".repeat(4097),
        "fields": [field(" ", "v"), field("n", &"v".repeat(1025))],
        "footer": {"text": "f".repeat(2049)},
        "author": {"name": "a".repeat(257)},
    });
    assert_eq!(
        paths(msg(json!({"embeds": [embed]}))),
        [
            "embeds.0.title",
            "embeds.0.description",
            "embeds.0.fields.0.name",
            "embeds.0.fields.1.value",
            "embeds.0.footer.text",
            "embeds.0.author.name",
            "embeds"
        ]
    );
    let eleven: Vec<Value> = (0..11).map(|_| json!({"title": "x"})).collect();
    assert_eq!(paths(msg(json!({"embeds": eleven}))), ["embeds"]);

    let button = |id: &str| json!({"type": 2, "style": 1, "label": "b", "custom_id": id});
    let row = |c: Vec<Value>| json!({"type": 1, "components": c});
    let six_rows: Vec<Value> = (0..6)
        .map(|i| row(vec![button(&format!("b{i}"))]))
        .collect();
    assert_eq!(paths(msg(json!({"components": six_rows}))), ["components"]);
    let six_buttons: Vec<Value> = (0..6).map(|i| button(&format!("b{i}"))).collect();
    assert_eq!(
        paths(msg(json!({"components": [row(six_buttons)]}))),
        ["components.0.components"]
    );
    assert_eq!(
        paths(msg(
            json!({"components": [row(vec![button("same"), button("same")])]})
        )),
        ["components.0.components.1.custom_id"]
    );
    assert_eq!(
        paths(msg(
            json!({"components": [row(vec![button(&"x".repeat(101))])]})
        )),
        ["components.0.components.0.custom_id"]
    );
    let long_label = json!({"type": 2, "style": 1, "label": "l".repeat(81), "custom_id": "c"});
    assert_eq!(
        paths(msg(json!({"components": [row(vec![long_label])]}))),
        ["components.0.components.0.label"]
    );
    let options: Vec<Value> = (0..26)
        .map(|i| json!({"label": format!("o{i}"), "value": format!("v{i}")}))
        .collect();
    let select = json!({"type": 3, "custom_id": "s", "options": options});
    assert_eq!(
        paths(msg(
            json!({"components": [row(vec![select.clone(), button("b")])]})
        )),
        [
            "components.0.components",
            "components.0.components.0.options"
        ]
    );

    let input = |id: &str| json!({"type": 4, "custom_id": id, "label": "A", "style": 1});
    let two_inputs = json!({"type": 1, "components": [input("a"), input("b")]});
    let modal = json!({"title": "t".repeat(46), "custom_id": "m", "components": [two_inputs]});
    assert_eq!(
        paths(validator::check_modal(&modal, "data")),
        ["data.title", "data.components.0"]
    );
    let choices: Vec<Value> = (0..26)
        .map(|i| json!({"name": format!("n{i}"), "value": "v"}))
        .collect();
    assert_eq!(
        paths(validator::check_autocomplete(
            &json!({"choices": choices}),
            "data"
        )),
        ["data.choices"]
    );
    assert_eq!(
        paths(validator::check_autocomplete(
            &json!({"choices": [{"name": "", "value": "v".repeat(101)}]}),
            "data"
        )),
        ["data.choices.0.name", "data.choices.0.value"]
    );

    let opt = |name: &str, required: bool| {
        let mut o = json!({"type": 3, "name": name, "description": "d"});
        o["required"] = json!(required);
        o
    };
    let mut both = opt("c", false);
    both["autocomplete"] = json!(true);
    both["choices"] = json!([{"name": "x", "value": "x"}]);
    let cmd = json!({
        "name": "Define",
        "description": "",
        "options": [opt("a", false), opt("b", true), both],
    });
    assert_eq!(
        paths(validator::check_command(&cmd, "0")),
        [
            "0.name",
            "0.description",
            "0.options.1.required",
            "0.options.2.autocomplete"
        ]
    );
    let choices: Vec<Value> = (0..25)
        .map(|j| json!({"name": "n".repeat(100), "value": format!("{j}")}))
        .collect();
    let big: Vec<Value> = (0..25)
        .map(|i| {
            let mut o = opt(&format!("o{i}"), false);
            o["description"] = json!("d".repeat(100));
            o["choices"] = json!(choices);
            o
        })
        .collect();
    let issues = paths(validator::check_command(
        &json!({"name": "big", "description": "d", "options": big}),
        "0",
    ));
    assert_eq!(issues, ["0"], "over 8000 characters");
    let sub = json!({"type": 1, "name": "s", "description": "d", "options": [opt("Bad", true)]});
    let group = json!({"type": 2, "name": "g", "description": "d", "options": [sub]});
    let nested = json!({"name": "t", "description": "d", "options": [group]});
    assert_eq!(
        paths(validator::check_command(&nested, "0")),
        ["0.options.0.options.0.options.0.name"]
    );

    let mentions = |v: Value| {
        validator::check_allowed_mentions(&v, "")
            .into_iter()
            .map(|i| i.path)
            .collect::<Vec<_>>()
    };
    assert_eq!(mentions(json!({"content": "x"})), ["allowed_mentions"]);
    assert!(
        mentions(json!({"allowed_mentions": {"parse": [], "users": [], "roles": []}})).is_empty()
    );
    assert!(mentions(json!({"allowed_mentions": {}})).is_empty());
    assert_eq!(
        mentions(json!({"allowed_mentions": {"parse": ["everyone"], "replied_user": true}})),
        ["allowed_mentions.parse", "allowed_mentions.replied_user"]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn message_commands_and_replies() {
    let fake = FakeDiscord::start().await;
    let bot = start_bot(&fake).await;
    let alice = fake.user("alice");
    let bob = fake.user("bob");
    let registered = fake.commands();
    let count = registered
        .iter()
        .find(|c| c.name() == "Count words")
        .expect("the message command is registered");
    assert_eq!(count.kind(), 3);

    // On a member's message, in a server and in the bot's DMs: `target_id` and
    // `resolved.messages` carry it, and serenity reads them (no harness error).
    let posted = fake.member_message(&bob, Place::Guild(fake.guild_id()), "three words here", &[]);
    let r = fake
        .message_command(&alice, "Count words", &posted)
        .await
        .unwrap();
    assert!(r.ephemeral());
    assert_eq!(r.content(), "3 words by bob");
    let dm = fake.member_message(&alice, Place::Dm, "just two", &[]);
    let r = fake
        .message_command(&alice, "Count words", &dm)
        .await
        .unwrap();
    assert_eq!(r.content(), "2 words by alice");
    // Only registered message commands, and only where the member can see the message.
    assert!(fake.message_command(&alice, "Nope", &posted).await.is_err());
    assert!(fake
        .message_command(&bob, "Count words", &dm)
        .await
        .is_err());

    // Replies: the message must be in that channel; the author is not pinged when
    // replied_user is false, and is when it is left to Discord's defaults.
    let general = fake.channel_id();
    let channel = serenity::ChannelId::new(general);
    let target = serenity::MessageId::new(posted["id"].as_str().unwrap().parse().unwrap());
    let quiet_reply = serenity::CreateMessage::new()
        .content("a reply")
        .reference_message((channel, target))
        .allowed_mentions(quiet().replied_user(false));
    let sent = channel.send_message(&bot.http, quiet_reply).await.unwrap();
    let stored = fake.message(sent.id.get()).unwrap();
    assert_eq!(stored["type"], 19);
    assert_eq!(stored["message_reference"]["message_id"], posted["id"]);
    assert_eq!(stored["referenced_message"]["content"], "three words here");
    assert_eq!(stored["mentions"], json!([]));
    fake.assert_no_violations();
    // Left to the defaults: with allowed_mentions Discord does not ping the author, but the
    // project wants a reply to say so; without them, Discord pings.
    let unsaid = serenity::CreateMessage::new()
        .content("an unsaid reply")
        .reference_message((channel, target))
        .allowed_mentions(quiet());
    let sent = channel.send_message(&bot.http, unsaid).await.unwrap();
    assert_eq!(fake.message(sent.id.get()).unwrap()["mentions"], json!([]));
    let loud = serenity::CreateMessage::new()
        .content("a loud reply")
        .reference_message((channel, target));
    let sent = channel.send_message(&bot.http, loud).await.unwrap();
    assert_eq!(
        fake.message(sent.id.get()).unwrap()["mentions"][0]["username"],
        "bob"
    );
    let seen = fake.take_violations();
    assert_eq!(seen.len(), 2, "{seen:?}");
    assert!(
        seen[0].ends_with(
            "allowed_mentions.replied_user: a reply must set replied_user to false (policy)"
        ),
        "{seen:?}"
    );
    assert!(seen[1].contains("allowed_mentions: missing"), "{seen:?}");
    fake.delete_message(&posted);
    let gone = serenity::CreateMessage::new()
        .content("too late")
        .reference_message((channel, target))
        .allowed_mentions(quiet().replied_user(false));
    let err = channel.send_message(&bot.http, gone).await.unwrap_err();
    let serenity::Error::Http(serenity::HttpError::UnsuccessfulRequest(e)) = err else {
        panic!("{err:?}");
    };
    assert_eq!(e.error.code, 50035);
    assert_eq!(e.error.errors[0].path, "message_reference.message_id");
    fake.take_violations();
    // Where the bot's role may not send (#announcements), Discord says Missing Permissions;
    // the interaction says so beforehand in app_permissions.
    let announcements = fake.channel("announcements");
    let there = fake.member_message(&bob, Place::Channel(announcements), "hi all", &[]);
    let r = fake
        .message_command(&alice, "Count words", &there)
        .await
        .unwrap();
    assert_eq!(r.content(), "2 words by bob");
    let err = serenity::ChannelId::new(announcements)
        .send_message(
            &bot.http,
            serenity::CreateMessage::new()
                .content("x")
                .allowed_mentions(quiet()),
        )
        .await
        .unwrap_err();
    assert!(format!("{err}").contains("Missing Permissions"), "{err}");
    fake.assert_no_violations();

    // A message command's name may hold capitals and spaces, but no options or description.
    let paths = |v: Value| {
        validator::check_command(&v, "0")
            .into_iter()
            .map(|i| i.path)
            .collect::<Vec<_>>()
    };
    assert!(paths(json!({"type": 3, "name": "Decode this"})).is_empty());
    assert_eq!(paths(json!({"type": 3, "name": " Decode"})), ["0.name"]);
    assert_eq!(
        paths(json!({"type": 3, "name": "x".repeat(33)})),
        ["0.name"]
    );
    assert_eq!(
        paths(
            json!({"type": 3, "name": "Decode", "description": "d", "options": [{"type": 3, "name": "a", "description": "d"}]})
        ),
        ["0.options", "0.description"]
    );
}

#[test]
fn route_patterns() {
    assert!(route_matches(
        routes::CALLBACK,
        "POST",
        "/interactions/1/abc/callback"
    ));
    assert!(!route_matches(
        routes::CALLBACK,
        "GET",
        "/interactions/1/abc/callback"
    ));
    assert!(route_matches(
        "/webhooks/**",
        "PATCH",
        "/api/v10/webhooks/1/t/messages/@original"
    ));
    assert!(route_matches(routes::FOLLOWUP, "POST", "/webhooks/1/t"));
    assert!(!route_matches(
        routes::FOLLOWUP,
        "POST",
        "/webhooks/1/t/messages/2"
    ));
}
