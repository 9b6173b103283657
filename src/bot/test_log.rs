//! `/test`: each member's test log, and the "Log a test from this" button under `/decode`.
//!
//! Every answer is private (ephemeral). Every read and write goes through a [`Member`] built
//! from the interaction itself (its server and its user), never from an id the interaction
//! carries, so a member only ever reaches their own tests in the server they are in.

use std::borrow::Cow;

use poise::serenity_prelude as serenity;
use serenity::{
    ActionRowComponent, ComponentInteraction, CreateActionRow, CreateAttachment, CreateInputText,
    CreateModal, InputTextStyle, ModalInteraction,
};
use tracing::warn;

use super::components::{expired, picked, Answer, Feature};
use super::error::{command_changed, member_at, member_of, BotError, Context};
use super::in_time::{self, Said};
use super::permissions::Level;
use super::{chart, reply, Data};
use crate::content::Content;
use crate::funnel::{compare, decode, Counts, Lever, Outcome, RawCounts};
use crate::render::components::{ComponentId, TestLogId};
use crate::render::format::clip;
use crate::render::test_log as view;
use crate::render::{self, limits, Reply, Tone};
use crate::store::test_log::ResultWrite;
use crate::test_log::{
    Member, NewResult, NewTest, Status, TestId, TestRecord, MAX_CHANGE, MAX_NOTE,
};

/// The text input of the log-a-test pop-up.
const CHANGE_INPUT: &str = "change";

/// The lever option: Discord shows the labels from `prompts/test_log.toml` (set in
/// [`label_lever_choices`]); the keys below are only a fallback.
#[derive(Debug, Clone, Copy)]
pub struct LeverArg(pub Lever);

impl poise::ChoiceParameter for LeverArg {
    fn list() -> Cow<'static, [poise::CommandParameterChoice]> {
        Lever::ALL
            .iter()
            .map(|l| poise::CommandParameterChoice {
                name: Cow::Borrowed(l.key()),
                localizations: Cow::Borrowed(&[]),
                __non_exhaustive: (),
            })
            .collect::<Vec<_>>()
            .into()
    }

    fn from_index(index: usize) -> Option<Self> {
        Lever::ALL.get(index).copied().map(LeverArg)
    }

    fn from_name(name: &str) -> Option<Self> {
        Lever::from_key(name).map(LeverArg)
    }

    fn name(&self) -> &'static str {
        self.0.key()
    }

    fn localized_name(&self, _locale: &str) -> Option<&'static str> {
        None
    }
}

/// Shows the levers' labels from the prompts in Discord's choice list of `/test log`.
pub fn label_lever_choices(command: &mut poise::Command<Data, BotError>, content: &Content) {
    for sub in &mut command.subcommands {
        for p in &mut sub.parameters {
            if p.name == "lever" && p.choices.len() == Lever::ALL.len() {
                for (choice, lever) in p.choices.to_mut().iter_mut().zip(Lever::ALL) {
                    choice.name =
                        clip(&content.test_log.levers[lever].label, limits::CHOICE_NAME).into();
                }
            }
        }
    }
}

fn user_error(data: &Data, message: String) -> BotError {
    BotError::user(data.content.test_log.errors.title.clone(), message)
}

/// Parses the three counts exactly as `/decode` does; `None` when all three are left out.
fn parse_counts(
    data: &Data,
    impressions: Option<&str>,
    clicks: Option<&str>,
    orders: Option<&str>,
) -> Result<Option<Counts>, BotError> {
    let (i, c, o) = match (impressions, clicks, orders) {
        (None, None, None) => return Ok(None),
        (Some(i), Some(c), Some(o)) => (i, c, o),
        _ => {
            return Err(user_error(
                data,
                data.content.test_log.errors.partial_counts.to_string(),
            ))
        }
    };
    let copy = &data.content.decode;
    let raw = RawCounts {
        impressions: i,
        clicks: c,
        orders: o,
        add_to_carts: None,
    };
    Counts::parse(raw)
        .map_err(Into::into)
        .and_then(Counts::check)
        .map(Some)
        .map_err(|e| BotError::user(copy.errors.title.clone(), render::decode::error(&e, copy)))
}

/// The change as typed, trimmed; refused when empty or too long.
fn clean_change(data: &Data, change: &str) -> Result<String, BotError> {
    let e = &data.content.test_log.errors;
    let change = change.trim();
    if change.is_empty() {
        return Err(user_error(data, e.change_empty.to_string()));
    }
    if change.chars().count() > MAX_CHANGE {
        return Err(user_error(
            data,
            e.change_too_long.fill(&[("max", &MAX_CHANGE.to_string())]),
        ));
    }
    Ok(change.to_owned())
}

fn clean_note(data: &Data, note: Option<&str>) -> Result<Option<String>, BotError> {
    let Some(note) = note.map(str::trim).filter(|n| !n.is_empty()) else {
        return Ok(None);
    };
    if note.chars().count() > MAX_NOTE {
        let e = &data.content.test_log.errors;
        return Err(user_error(
            data,
            e.note_too_long.fill(&[("max", &MAX_NOTE.to_string())]),
        ));
    }
    Ok(Some(note.to_owned()))
}

/// Finds one of the member's own tests by the short id they typed or picked.
async fn own_test(data: &Data, member: Member, typed: &str) -> Result<TestRecord, BotError> {
    let e = &data.content.test_log.errors;
    let Some(id) = TestId::parse(typed) else {
        let shown = clip(&typed.trim().replace(['`', '\n'], " "), 30);
        return Err(user_error(data, e.bad_id.fill(&[("input", &shown)])));
    };
    match data.db.test(member, id).await? {
        Some(t) => Ok(t),
        None => Err(user_error(data, e.not_found.fill(&[("id", &id.short())]))),
    }
}

/// Autocomplete: the member's own tests, newest first, filtered by what they typed.
async fn complete(
    ctx: Context<'_>,
    partial: &str,
    only_open: bool,
) -> serenity::CreateAutocompleteResponse {
    let none = serenity::CreateAutocompleteResponse::new();
    let Some(guild) = ctx.guild_id() else {
        return none;
    };
    let member = Member {
        guild: guild.get(),
        user: ctx.author().id.get(),
    };
    let data = ctx.data();
    let scan = view::autocomplete_scan(partial);
    let tests = match data.db.test_choices(member, only_open, scan).await {
        Ok(t) => t,
        Err(e) => {
            warn!(error = %e, "autocomplete could not read tests");
            return none;
        }
    };
    let choices = view::autocomplete(
        &tests,
        partial,
        data.clock.unix_seconds(),
        &data.content.test_log,
    )
    .into_iter()
    .map(|(label, value)| serenity::AutocompleteChoice::new(label, value))
    .collect();
    none.set_choices(choices)
}

async fn complete_open(ctx: Context<'_>, partial: &str) -> serenity::CreateAutocompleteResponse {
    complete(ctx, partial, true).await
}

async fn complete_any(ctx: Context<'_>, partial: &str) -> serenity::CreateAutocompleteResponse {
    complete(ctx, partial, false).await
}

/// Log the tests you run and compare before and after
#[poise::command(
    slash_command,
    guild_only,
    custom_data = Level::Member,
    rename = "test",
    subcommands("log", "result", "list", "show", "delete", "export"),
    subcommand_required
)]
pub async fn test_command(ctx: Context<'_>) -> Result<(), BotError> {
    // Discord sends a subcommand; only an app holding an older shape of the command does not.
    Err(command_changed(ctx.data()))
}

/// Log a test: the one thing you'll change
#[poise::command(slash_command, guild_only)]
async fn log(
    ctx: Context<'_>,
    lever: LeverArg,
    #[max_length = 200] change: String,
    #[max_length = 40] impressions: Option<String>,
    #[max_length = 40] clicks: Option<String>,
    #[max_length = 40] orders: Option<String>,
) -> Result<(), BotError> {
    in_time::command(ctx, async {
        let data = ctx.data();
        let member = member_of(ctx)?;
        let change = clean_change(data, &change)?;
        let before = parse_counts(
            data,
            impressions.as_deref(),
            clicks.as_deref(),
            orders.as_deref(),
        )?;
        let test = NewTest {
            lever: lever.0,
            change: &change,
            before,
        };
        let logged = data
            .db
            .log_test(member, test, data.clock.unix_seconds())
            .await?;
        Ok(Said::private(&view::logged(
            &logged,
            &data.content.test_log,
        )))
    })
    .await
}

/// Add the after numbers and compare them with before
#[poise::command(slash_command, guild_only)]
async fn result(
    ctx: Context<'_>,
    #[autocomplete = "complete_open"]
    #[max_length = 40]
    test: String,
    #[max_length = 40] impressions: String,
    #[max_length = 40] clicks: String,
    #[max_length = 40] orders: String,
    #[max_length = 300] note: Option<String>,
) -> Result<(), BotError> {
    in_time::command(ctx, async {
        let data = ctx.data();
        let member = member_of(ctx)?;
        let after = parse_counts(data, Some(&impressions), Some(&clicks), Some(&orders))?;
        let note = clean_note(data, note.as_deref())?;
        let found = own_test(data, member, &test).await?;
        let copy = &data.content.test_log;
        if found.status == Status::Done {
            return Err(already_done(data, found.id));
        }
        let Some(after) = after else {
            return Err(user_error(data, copy.errors.partial_counts.to_string()));
        };
        // Compared once: the outcomes are stored, and the reply shows the same comparison.
        let comparison = found.before.map(|before| compare(before, after));
        let (ctr_outcome, ctor_outcome) = comparison
            .map_or((Outcome::NoData, Outcome::NoData), |c| {
                (c.ctr.outcome, c.ctor.outcome)
            });
        let result = NewResult {
            after,
            note: note.as_deref(),
            ctr_outcome,
            ctor_outcome,
        };
        match data
            .db
            .record_result(member, found.id, result, data.clock.unix_seconds())
            .await?
        {
            ResultWrite::Recorded(t) => {
                let reply = view::result(&t, comparison.as_ref(), copy, &data.content.decode);
                let (reply, file) = with_pair_chart(data, member, &t, reply).await?;
                Ok(private_with(&reply, file))
            }
            ResultWrite::AlreadyDone(t) => Err(already_done(data, t.id)),
            ResultWrite::NotFound => Err(user_error(
                data,
                copy.errors.not_found.fill(&[("id", &found.id.short())]),
            )),
        }
    })
    .await
}

/// A private answer with its chart, if it has one.
fn private_with(reply: &Reply, file: Option<CreateAttachment>) -> Said {
    let message = reply::command(reply, true);
    Said::message(
        match file {
            Some(f) => message.attachment(f),
            None => message,
        },
        false,
    )
}

fn already_done(data: &Data, id: TestId) -> BotError {
    user_error(
        data,
        data.content
            .test_log
            .errors
            .already_done
            .fill(&[("id", &id.short())]),
    )
}

/// See your tests, newest first
#[poise::command(slash_command, guild_only)]
async fn list(ctx: Context<'_>) -> Result<(), BotError> {
    in_time::command(ctx, async {
        let member = member_of(ctx)?;
        Ok(Said::private(&list_page(ctx.data(), member, 0).await?))
    })
    .await
}

async fn list_page(data: &Data, member: Member, page: u32) -> Result<Reply, BotError> {
    let db = &data.db;
    let total = db.count_tests(member).await?;
    let last = u32::try_from(total.saturating_sub(1) / u64::from(view::PAGE_SIZE)).unwrap_or(0);
    let page = page.min(last);
    let tests = db
        .list_tests(
            member,
            page.saturating_mul(view::PAGE_SIZE),
            view::PAGE_SIZE,
        )
        .await?;
    Ok(view::list(
        &tests,
        page,
        total,
        data.clock.unix_seconds(),
        &data.content.test_log,
    ))
}

/// Open one of your tests
#[poise::command(slash_command, guild_only)]
async fn show(
    ctx: Context<'_>,
    #[autocomplete = "complete_any"]
    #[max_length = 40]
    test: String,
) -> Result<(), BotError> {
    in_time::command(ctx, async {
        let data = ctx.data();
        let member = member_of(ctx)?;
        let t = own_test(data, member, &test).await?;
        let c = &data.content;
        let comparison = t.comparison();
        let answer = view::show(
            &t,
            comparison.as_ref(),
            data.clock.unix_seconds(),
            &c.test_log,
            &c.decode,
        );
        let (answer, file) = with_pair_chart(data, member, &t, answer).await?;
        Ok(private_with(&answer, file))
    })
    .await
}

/// A finished test with numbers on both sides gets its two funnels side by side (judged
/// against this server's targets); any other test, or a chart that failed, goes without.
async fn with_pair_chart(
    data: &Data,
    member: Member,
    t: &TestRecord,
    answer: Reply,
) -> Result<(Reply, Option<CreateAttachment>), BotError> {
    let (Status::Done, Some(before), Some(after)) = (t.status, t.before, t.after) else {
        return Ok((answer, None));
    };
    let thresholds = data.db.thresholds(Some(member.guild)).await?;
    let (before, after) = (decode(before, thresholds), decode(after, thresholds));
    let content = data.content.clone();
    let (b, a) = (before.clone(), after.clone());
    let png = chart::draw(move || {
        let l = &content.test_log.labels;
        render::chart::before_after(&b, &a, [&l.before, &l.after], &content.decode)
    })
    .await;
    let c = &data.content;
    let l = &c.test_log.labels;
    let alt = render::chart::before_after_alt(&before, &after, [&l.before, &l.after], &c.decode);
    Ok(chart::attach(answer, png, alt))
}

/// Delete one of your tests
#[poise::command(slash_command, guild_only)]
async fn delete(
    ctx: Context<'_>,
    #[autocomplete = "complete_any"]
    #[max_length = 40]
    test: String,
) -> Result<(), BotError> {
    in_time::command(ctx, async {
        let data = ctx.data();
        let member = member_of(ctx)?;
        let t = own_test(data, member, &test).await?;
        Ok(Said::private(&view::delete_confirm(
            &t,
            &data.content.test_log,
        )))
    })
    .await
}

/// Download your tests as a spreadsheet file (CSV)
#[poise::command(slash_command, guild_only)]
async fn export(ctx: Context<'_>) -> Result<(), BotError> {
    in_time::command(ctx, async {
        let data = ctx.data();
        let member = member_of(ctx)?;
        let tests = data.db.all_tests(member).await?;
        let copy = &data.content.test_log;
        if tests.is_empty() {
            return Ok(Said::private(&Reply::new(
                copy.list.title.clone(),
                copy.export.empty.clone(),
                Tone::Info,
            )));
        }
        let csv = view::csv(&tests, copy);
        let message = Reply::new(
            copy.list.title.clone(),
            view::export_message(u64::try_from(tests.len()).unwrap_or(u64::MAX), copy),
            Tone::Info,
        );
        let file = CreateAttachment::bytes(csv.into_bytes(), &copy.export.filename);
        Ok(private_with(&message, Some(file)))
    })
    .await
}

fn counts_of(c: [u64; 3]) -> Option<Counts> {
    let counts = Counts {
        impressions: c[0],
        clicks: c[1],
        orders: c[2],
        add_to_carts: None,
    };
    let in_range = c.iter().all(|n| *n <= crate::funnel::counts::MAX_COUNT);
    (in_range && counts.check().is_ok()).then_some(counts)
}

/// The test log's buttons, menus and pop-up.
pub(super) fn components() -> Feature {
    Feature {
        kinds: TestLogId::KINDS,
        click: Some(|data, click| Box::pin(on_click(data, click))),
        modal: Some(|data, submit| Box::pin(on_modal(data, submit))),
    }
}

async fn on_click(data: &Data, click: &ComponentInteraction) -> Result<Answer, BotError> {
    let id = TestLogId::parse(&click.data.custom_id).ok_or_else(|| expired(data))?;
    let copy = &data.content.test_log;
    let member = member_at(data, click.guild_id, click.user.id.get())?;
    Ok(match (id, picked(click)) {
        (TestLogId::FromDecode { owner, counts }, _) => {
            if owner != member.user {
                return Err(user_error(data, copy.from_decode.not_yours.to_string()));
            }
            counts_of(counts).ok_or_else(|| expired(data))?;
            Answer::Private(view::pick_lever(counts, copy))
        }
        (TestLogId::PickLever { counts }, Some(key)) => {
            counts_of(counts).ok_or_else(|| expired(data))?;
            let lever = Lever::from_key(key).ok_or_else(|| expired(data))?;
            Answer::Modal(log_modal(lever, counts, data))
        }
        (TestLogId::Page(page), _) => Answer::Update(list_page(data, member, page).await?),
        (TestLogId::Open, Some(short)) => {
            let t = own_test(data, member, short).await?;
            let now = data.clock.unix_seconds();
            let answer = view::show(&t, t.comparison().as_ref(), now, copy, &data.content.decode);
            match with_pair_chart(data, member, &t, answer).await? {
                (answer, Some(file)) => Answer::PrivateWithFiles(answer, vec![file]),
                (answer, None) => Answer::Private(answer),
            }
        }
        (TestLogId::Delete(id), _) => {
            let id = TestId(id);
            if !data.db.delete_test(member, id).await? {
                return Err(user_error(
                    data,
                    copy.errors.not_found.fill(&[("id", &id.short())]),
                ));
            }
            Answer::Update(view::deleted(id, copy))
        }
        (TestLogId::Keep, _) => Answer::Update(view::kept(copy)),
        _ => return Err(expired(data)),
    })
}

fn log_modal(lever: Lever, counts: [u64; 3], data: &Data) -> CreateModal {
    let f = &data.content.test_log.from_decode;
    let title = clip(
        &f.modal_title
            .fill(&[("lever", &data.content.test_log.levers[lever].short)]),
        limits::MODAL_TITLE,
    );
    let input = CreateInputText::new(InputTextStyle::Paragraph, &f.change_label, CHANGE_INPUT)
        .placeholder(&f.change_placeholder)
        .min_length(1)
        .max_length(u16::try_from(MAX_CHANGE).unwrap_or(u16::MAX))
        .required(true);
    CreateModal::new(TestLogId::LogModal { lever, counts }.custom_id(), title)
        .components(vec![CreateActionRow::InputText(input)])
}

/// Answers the log-a-test pop-up: the test is logged with the decode's numbers as before.
async fn on_modal(data: &Data, submit: &ModalInteraction) -> Result<Answer, BotError> {
    let Some(TestLogId::LogModal { lever, counts }) = TestLogId::parse(&submit.data.custom_id)
    else {
        return Err(expired(data));
    };
    let member = member_at(data, submit.guild_id, submit.user.id.get())?;
    let before = counts_of(counts).ok_or_else(|| expired(data))?;
    let typed = submit
        .data
        .components
        .iter()
        .flat_map(|row| &row.components)
        .find_map(|c| match c {
            ActionRowComponent::InputText(t) if t.custom_id == CHANGE_INPUT => t.value.clone(),
            _ => None,
        })
        .unwrap_or_default();
    let change = clean_change(data, &typed)?;
    let test = NewTest {
        lever,
        change: &change,
        before: Some(before),
    };
    let t = data
        .db
        .log_test(member, test, data.clock.unix_seconds())
        .await?;
    Ok(Answer::Private(view::logged(&t, &data.content.test_log)))
}
