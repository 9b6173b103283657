//! `funnel-coach check`, also run at every start: the prompts load (each file checked by
//! `content`), and then what only the rendered answers can tell — every glossary entry, every
//! verdict and the longest `/test`, `/stats` and `/privacy` answers fit Discord's limits —
//! and what needs the store too: every table about members has words in `/privacy`.
//! This module sits above `content`, `render` and `store`; none of them imports it.

use std::path::Path;

use crate::content::{Content, Key, Problem, Problems};
use crate::funnel::{decode, Counts, Lever, Outcome, Thresholds, Verdict};
use crate::glossary::Lookup;
use crate::member::TableCount;
use crate::render;
use crate::render::limits;
use crate::store::privacy::MEMBER_TABLES;
use crate::test_log::{MemberStats, ServerStats, Status, TestChoice, TestId, TestRecord};

/// Loads `dir` and checks everything the bot could show from it.
pub fn prompts(dir: &Path) -> Result<Content, Problems> {
    let content = Content::load(dir)?;
    let mut problems = Vec::new();
    glossary_menus(&content, dir, &mut problems);
    command_descriptions(&content, dir, &mut problems);
    test_log_labels(&content, dir, &mut problems);
    privacy_tables(&content, dir, &mut problems);
    rendered(&content, dir, &mut problems);
    rendered_test_log(&content, dir, &mut problems);
    chart(&content, dir, &mut problems);
    guides(&content, dir, &mut problems);
    drills(&content, dir, &mut problems);
    rendered_report(&content, dir, &mut problems);
    rendered_remind(&content, dir, &mut problems);
    if problems.is_empty() {
        Ok(content)
    } else {
        Err(Problems(problems))
    }
}

fn file(dir: &Path, name: &str) -> String {
    dir.join(name).display().to_string()
}

/// `/glossary` shows the steps in one menu and each step's entries in another.
fn glossary_menus(content: &Content, dir: &Path, problems: &mut Vec<Problem>) {
    let steps = content.glossary.steps();
    if steps.len() > limits::SELECT_OPTIONS {
        problems.push(Problem::new(
            file(dir, "glossary/steps.toml"),
            None,
            format!(
                "{} steps; a menu shows at most {}",
                steps.len(),
                limits::SELECT_OPTIONS
            ),
        ));
    }
    for step in steps {
        let n = content.glossary.in_step(&step.id).count();
        if n > limits::SELECT_OPTIONS {
            problems.push(Problem::new(
                file(dir, &format!("glossary/{}.toml", step.id)),
                None,
                format!(
                    "{n} entries; a menu shows at most {}, so split the step",
                    limits::SELECT_OPTIONS
                ),
            ));
        }
    }
}

/// What Discord shows for each command and option: 1 to 100 characters.
fn command_descriptions(content: &Content, dir: &Path, problems: &mut Vec<Problem>) {
    let file = file(dir, "ui.toml");
    let fits = |t: &str| (1..=limits::COMMAND_DESCRIPTION).contains(&t.chars().count());
    for (name, cmd) in &content.ui.commands {
        let key = format!("commands.{name}");
        if !fits(&cmd.description) {
            problems.push(Problem::new(
                &file,
                Some(&key),
                "description must be 1 to 100 characters",
            ));
        }
        for (opt, text) in &cmd.options {
            if !fits(text) {
                problems.push(Problem::new(
                    &file,
                    Some(&format!("{key}.options.{opt}")),
                    "must be 1 to 100 characters",
                ));
            }
        }
        for (opt, names) in &cmd.choices {
            if !names.iter().all(|n| fits(n.trim())) {
                problems.push(Problem::new(
                    &file,
                    Some(&format!("{key}.choices.{opt}")),
                    "every choice name must be 1 to 100 characters",
                ));
            }
        }
    }
}

/// Button labels, menu texts, pop-up titles and attachment names of the test log.
fn test_log_labels(content: &Content, dir: &Path, problems: &mut Vec<Problem>) {
    let file = file(dir, "test_log.toml");
    let file = file.as_str();
    let c = &content.test_log;
    for (lever, l) in c.levers.iter() {
        let key = format!("levers.{}", lever.key());
        short(
            file,
            &format!("{key}.label"),
            &l.label,
            limits::SELECT_TEXT,
            problems,
        );
        short(file, &format!("{key}.short"), &l.short, 20, problems);
        short(
            file,
            &format!("{key}.hint"),
            &l.hint,
            limits::SELECT_TEXT,
            problems,
        );
    }
    let (fd, l, d, p) = (&c.from_decode, &c.list, &c.delete, &c.privacy);
    for (key, text, max) in [
        ("from_decode.button", &fd.button, limits::BUTTON_LABEL),
        ("list.previous", &l.previous, limits::BUTTON_LABEL),
        ("list.next", &l.next, limits::BUTTON_LABEL),
        ("delete.yes", &d.yes, limits::BUTTON_LABEL),
        ("delete.no", &d.no, limits::BUTTON_LABEL),
        ("privacy.forget_yes", &p.forget_yes, limits::BUTTON_LABEL),
        ("privacy.forget_no", &p.forget_no, limits::BUTTON_LABEL),
        (
            "from_decode.placeholder",
            &fd.placeholder,
            limits::PLACEHOLDER,
        ),
        (
            "list.open_placeholder",
            &l.open_placeholder,
            limits::PLACEHOLDER,
        ),
        (
            "from_decode.change_label",
            &fd.change_label,
            limits::INPUT_LABEL,
        ),
        (
            "from_decode.change_placeholder",
            &fd.change_placeholder,
            100,
        ),
    ] {
        short(file, key, text, max, problems);
    }
    for lever in Lever::ALL {
        let title = fd.modal_title.fill(&[("lever", &c.levers[lever].short)]);
        short(
            file,
            "from_decode.modal_title",
            &title,
            limits::MODAL_TITLE,
            problems,
        );
    }
    file_name(
        file,
        "export.filename",
        &c.export.filename,
        ".csv",
        problems,
    );
    file_name(
        file,
        "privacy.export_filename",
        &p.export_filename,
        ".json",
        problems,
    );
}

/// `/privacy` says what it holds for every table about members, and only for those.
fn privacy_tables(content: &Content, dir: &Path, problems: &mut Vec<Problem>) {
    let file = file(dir, "test_log.toml");
    let tables = &content.test_log.privacy.tables;
    for table in tables.keys() {
        if !MEMBER_TABLES.contains(&table.as_str()) {
            problems.push(Problem::new(
                &file,
                Some(&format!("privacy.tables.{table}")),
                "is not a table that holds member data",
            ));
        }
    }
    for table in MEMBER_TABLES {
        if !tables.contains_key(*table) {
            problems.push(Problem::new(
                &file,
                Some("privacy.tables"),
                format!("says nothing about the `{table}` table"),
            ));
        }
    }
}

/// Renders every entry and every verdict and checks each fits in a Discord message.
fn rendered(content: &Content, dir: &Path, problems: &mut Vec<Problem>) {
    let glossary_dir = dir.join("glossary");
    for e in content.glossary.entries() {
        let file = glossary_dir
            .join(format!("{}.toml", e.step))
            .display()
            .to_string();
        let found = Lookup::Found {
            entry: e,
            old_name: e.old_names.first().map(String::as_str),
            corrected: false,
        };
        for v in limits::check(&render::define::lookup(&e.name, &found, false, content)) {
            problems.push(Problem::new(
                &file,
                Some(&e.id),
                format!("too long for Discord: {v}"),
            ));
        }
    }
    for step in content.glossary.steps() {
        if let Some(reply) = render::define::glossary_step(&step.id, content) {
            for v in limits::check(&reply) {
                problems.push(Problem::new(
                    file(dir, "glossary/steps.toml"),
                    Some(&step.id),
                    format!("too long for Discord: {v}"),
                ));
            }
        }
    }
    for v in limits::check(&render::define::glossary_home(content)) {
        problems.push(Problem::new(
            file(dir, "ui.toml"),
            Some("glossary"),
            format!("too long for Discord: {v}"),
        ));
    }
    // The longest decode answer: every field present, with warnings.
    let file = dir.join("decode.toml").display().to_string();
    for verdict in Verdict::ALL {
        let counts = Counts {
            impressions: 999_999_999_999,
            clicks: 999_999_999,
            orders: 999_999_999_999,
            add_to_carts: Some(999_999_999_999),
        };
        let mut d = decode(counts, Thresholds::default());
        d.verdict = verdict;
        let reply = render::decode::decoded(&d, &content.decode);
        for v in limits::check(&reply) {
            problems.push(Problem::new(
                &file,
                Some(&format!("verdicts.{}", verdict.code())),
                format!("too long for Discord: {v}"),
            ));
        }
        let text = render::text::to_text(&reply, true);
        if text.chars().count() > limits::CONTENT {
            problems.push(Problem::new(
                &file,
                Some(&format!("verdicts.{}", verdict.code())),
                "the plain-text answer is over 2,000 characters",
            ));
        }
    }
}

/// Every page of every built-in guide, and the list of them, fit Discord.
fn guides(content: &Content, dir: &Path, problems: &mut Vec<Problem>) {
    let copy = &content.guide;
    for g in &content.guides {
        let file = file(dir, &format!("guides/{}.md", g.slug));
        let pages = render::guide::messages(g, copy).len();
        for i in 0..pages {
            let Some(page) = render::guide::page(g, i, copy) else {
                continue;
            };
            for v in limits::check_message(&page) {
                problems.push(Problem::new(
                    &file,
                    Some(&format!("page {}", i + 1)),
                    format!("too long for Discord: {v}"),
                ));
            }
        }
    }
    let listed: Vec<render::guide::Listed<'_>> = content
        .guides
        .iter()
        .map(|guide| render::guide::Listed {
            guide,
            server: true,
        })
        .collect();
    for v in limits::check(&render::guide::list(&listed, copy)) {
        problems.push(Problem::new(
            file(dir, "guide.toml"),
            Some("list"),
            format!("too long for Discord: {v}"),
        ));
    }
}

/// The chart's words: the font draws every character, and the alt text of the longest
/// numbers (a chart's, and a before/after pair's) fits Discord's attachment description.
fn chart(content: &Content, dir: &Path, problems: &mut Vec<Problem>) {
    use render::chart;

    let file = dir.join("decode.toml").display().to_string();
    let copy = &content.decode;
    let c = &copy.chart;
    let mut words: Vec<(String, &str)> = vec![
        ("chart.impressions".into(), &c.impressions),
        ("chart.clicks".into(), &c.clicks),
        ("chart.orders".into(), &c.orders),
        ("chart.target".into(), &c.target),
        ("chart.no_rate".into(), &c.no_rate),
        ("chart.no_rate_mismatch".into(), &c.no_rate_mismatch),
        ("chart.fix_first".into(), &c.fix_first),
        ("chart.note".into(), &c.note),
    ];
    for (j, mark) in c.marks.iter() {
        words.push((format!("chart.marks.{}", j.key()), mark));
    }
    for (v, vc) in copy.verdicts.iter() {
        words.push((format!("verdicts.{}.headline", v.code()), &vc.headline));
    }
    for (k, sc) in copy.steps.iter() {
        words.push((format!("steps.{}.name", k.key()), &sc.name));
        words.push((format!("steps.{}.trials_name", k.key()), &sc.trials_name));
    }
    for (key, text) in words {
        match chart::missing_glyphs(text) {
            Ok(missing) if missing.is_empty() => {}
            Ok(missing) => problems.push(Problem::new(
                &file,
                Some(&key),
                format!(
                    "the chart's font cannot draw {}",
                    missing
                        .iter()
                        .map(|c| format!("`{c}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )),
            Err(e) => {
                problems.push(Problem::new(&file, Some("chart"), e.to_string()));
                return;
            }
        }
    }
    let big = Counts {
        impressions: 999_999_999_999,
        clicks: 999_999_999_998,
        orders: 999_999_999_997,
        add_to_carts: None,
    };
    let sides = [
        content.test_log.labels.before.as_str(),
        content.test_log.labels.after.as_str(),
    ];
    problems.extend(
        chart::legibility_problems(copy, sides)
            .into_iter()
            .map(|p| Problem::new(&file, Some("chart"), p)),
    );
    for verdict in Verdict::ALL {
        let mut d = decode(big, Thresholds::default());
        d.verdict = verdict;
        for (what, alt) in [
            ("the chart's alt text", chart::alt_text(&d, copy)),
            (
                "the before/after chart's alt text",
                chart::before_after_alt(&d, &d, sides, copy),
            ),
        ] {
            let n = alt.chars().count();
            if n >= chart::ALT_MAX {
                problems.push(Problem::new(
                    &file,
                    Some(&format!("verdicts.{}", verdict.code())),
                    format!(
                        "{what} reaches Discord's {} characters and would be cut",
                        chart::ALT_MAX
                    ),
                ));
            }
        }
    }
}

/// How many seeds each drill scenario is tried with.
pub const DRILL_SEEDS: u32 = 200;

/// Every scenario reaches its verdict through the decoder (with the default targets) for
/// every one of [`DRILL_SEEDS`] seeds, and the longest drill, answers and stats fit Discord.
fn drills(content: &Content, dir: &Path, problems: &mut Vec<Problem>) {
    use crate::drill::{self, generate, Drill, DrillStats, Miss, Streak, Tally, ZoneSource};
    use render::components::Audience;
    use render::drill as r;

    let file = file(dir, "drills.toml");
    let copy = &content.drills;
    let t = Thresholds::default();
    for s in &copy.scenario {
        let key = format!("scenario {}", s.id);
        let hits = (0..DRILL_SEEDS)
            .filter(|seed| {
                let c = generate::generate(&s.ranges(), s.verdict, t, u64::from(*seed));
                decode(generate::counts(c), t).verdict == s.verdict
            })
            .count();
        if hits < DRILL_SEEDS as usize {
            problems.push(Problem::new(
                &file,
                Some(&key),
                format!(
                    "its ranges reach `{}` in only {hits} of {DRILL_SEEDS} drills with the default targets (CTR 1%, CTOR 2%): widen or move them",
                    s.verdict.code()
                ),
            ));
        }
        let longest = Drill {
            scenario: s.id.clone(),
            seed: u32::MAX,
            counts: [drill::MAX_DRILL_COUNT; 3],
        };
        let biggest = u64::MAX >> 1;
        let audiences = [
            Audience::Server {
                owner: biggest,
                shared: true,
            },
            Audience::Dm { guild: biggest },
        ];
        let mut replies: Vec<_> = audiences
            .iter()
            .map(|a| r::drill(s, &longest, *a, copy, &content.decode))
            .collect();
        let d = decode(generate::counts(longest.counts), t);
        for given in Verdict::ALL {
            for right in Verdict::ALL {
                let mut d = d.clone();
                d.verdict = right;
                for a in audiences {
                    replies.push(r::answered(&d, given, a, copy, &content.decode));
                    replies.push(r::already(right, given, a, copy));
                }
            }
        }
        for reply in replies {
            for v in limits::check(&reply) {
                problems.push(Problem::new(
                    &file,
                    Some(&key),
                    format!("too long for Discord: {v}"),
                ));
            }
        }
    }
    let most = Tally {
        answered: u64::MAX,
        right: u64::MAX,
    };
    for right in Verdict::ALL {
        for given in Verdict::ALL.into_iter().filter(|g| *g != right) {
            for zone in ZoneSource::ALL {
                let stats = DrillStats {
                    answered: u64::MAX,
                    right: u64::MAX,
                    by_verdict: Verdict::ALL.into_iter().map(|v| (v, most)).collect(),
                    most_missed: Some(Miss {
                        right,
                        given,
                        times: u64::MAX,
                    }),
                    streak: Streak {
                        current: u32::MAX,
                        best: u32::MAX,
                    },
                    zone,
                };
                let base = render::test_log::member_stats(
                    &MemberStats {
                        logged: 999_999,
                        done: 999_999,
                        improved: 999_999,
                        weeks_in_a_row: 999,
                    },
                    &content.test_log,
                );
                let reply = r::stats(base, &stats, "America/Argentina/ComodRivadavia", copy);
                for v in limits::check(&reply) {
                    problems.push(Problem::new(
                        &file,
                        Some("stats"),
                        format!("too long for Discord: {v}"),
                    ));
                }
            }
        }
    }
}

/// The longest `/remind` answers: the confirmation for every repeat and zone source in the
/// longest zone name, a list of 25 paused reminders with the longest notes, the direct message
/// (late, longest note), the refusals with the accepted forms, and the paused notice.
fn rendered_remind(content: &Content, dir: &Path, problems: &mut Vec<Problem>) {
    use crate::member::Member;
    use crate::schedule::{Repeat, Rule, MAX_ACTIVE, MAX_NOTE_CHARS};
    use crate::store::reminders::{Due, Reminder, Status};
    use render::remind::{self as r, ZoneSource};

    let file = file(dir, "remind.toml");
    let copy = &content.remind;
    let zone = crate::store::reminders::zone("America/Argentina/ComodRivadavia");
    let now = jiff::Timestamp::UNIX_EPOCH;
    // The longest wait: days, hours and minutes all with two or three digits.
    let later = jiff::Timestamp::from_second(364 * 86_400 + 23 * 3_600 + 59 * 60)
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    let member = Member {
        guild: u64::MAX >> 1,
        user: u64::MAX >> 1,
    };
    let note = "W".repeat(MAX_NOTE_CHARS);
    let mut replies = Vec::new();
    for repeat in Repeat::ALL {
        for source in ZoneSource::ALL {
            replies.push(("set", r::set(copy, now, later, repeat, &zone, source)));
        }
    }
    let longest = Reminder {
        id: i64::MAX,
        member,
        note: note.clone(),
        timezone: "America/Argentina/ComodRivadavia".into(),
        rule: Rule {
            repeat: Repeat::Weekly,
            time: jiff::civil::Time::constant(23, 59, 0, 0),
            weekday: Some(jiff::civil::Weekday::Wednesday),
        },
        status: Status::Paused,
        next_at: later.as_second(),
    };
    let all: Vec<Reminder> = (0..MAX_ACTIVE)
        .map(|i| Reminder {
            id: i64::MAX - i64::try_from(i).unwrap_or_default(),
            ..longest.clone()
        })
        .collect();
    replies.push(("list", r::list(copy, member, &all)));
    let due = Due {
        id: i64::MAX,
        member,
        note,
        due_at: later.as_second(),
        repeat: Repeat::Weekly,
    };
    replies.push(("dm", r::dm(copy, &due, true)));
    let n = &copy.paused_notice;
    replies.push((
        "paused_notice",
        render::Reply::new(n.title.as_str(), n.text.as_str(), render::Tone::Caution),
    ));
    let typed = "T".repeat(40);
    for (key, message) in [
        (
            "not_understood",
            copy.not_understood.fill(&[("time", &typed)]),
        ),
        ("impossible", copy.impossible.fill(&[("time", &typed)])),
        ("unknown_zone", copy.unknown_zone.fill(&[("zone", &typed)])),
    ] {
        let text = format!("{message}\n{}", copy.forms.as_str());
        replies.push((
            key,
            render::Reply::new(copy.error_title.as_str(), text, render::Tone::Caution),
        ));
    }
    for (key, reply) in replies {
        for v in limits::check(&reply) {
            problems.push(Problem::new(
                &file,
                Some(key),
                format!("too long for Discord: {v}"),
            ));
        }
    }
    for (key, text) in [
        ("dm.start_drill", copy.dm.start_drill.as_str()),
        ("dm.snooze_10m", copy.dm.snooze_10m.as_str()),
        ("dm.snooze_1h", copy.dm.snooze_1h.as_str()),
        ("dm.snooze_tomorrow", copy.dm.snooze_tomorrow.as_str()),
    ] {
        short(&file, key, text, limits::BUTTON_LABEL, problems);
    }
    let preview_bad = copy.preview_bad.as_str();
    short(
        &file,
        "preview_bad",
        preview_bad,
        limits::CHOICE_NAME,
        problems,
    );
}

/// A short text with a hard Discord limit (button label, modal title, menu text…).
fn short(file: &str, key: &str, text: &str, max: usize, problems: &mut Vec<Problem>) {
    let n = text.chars().count();
    if n > max {
        problems.push(Problem::new(
            file,
            Some(key),
            format!("is {n} characters; Discord allows {max} here"),
        ));
    }
}

/// File names the bot attaches: plain, with the right extension.
fn file_name(file: &str, key: &str, text: &str, ext: &str, problems: &mut Vec<Problem>) {
    let plain = text
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if !plain || !text.ends_with(ext) || text.len() > 60 || text.len() <= ext.len() {
        problems.push(Problem::new(
            file,
            Some(key),
            format!("must be a plain file name (a-z, 0-9, - _ .) ending in {ext}"),
        ));
    }
}

/// Renders the longest answers of `/test`, `/stats` and `/privacy` and checks each fits.
fn rendered_test_log(content: &Content, dir: &Path, problems: &mut Vec<Problem>) {
    use render::test_log as r;

    let file = dir.join("test_log.toml").display().to_string();
    let copy = &content.test_log;
    let big = Counts {
        impressions: 999_999_999_999,
        clicks: 999_999_999,
        orders: 999_999,
        add_to_carts: None,
    };
    let small = Counts {
        impressions: 9_999,
        clicks: 99,
        orders: 1,
        add_to_carts: None,
    };
    let long_change = "W".repeat(crate::test_log::MAX_CHANGE);
    let long_note = "W".repeat(crate::test_log::MAX_NOTE);
    let now = 2_000_000_000;
    let test = |id: i64, lever: Lever, status: Status| TestRecord {
        id: TestId(id + (1 << 40)),
        lever,
        change: long_change.clone(),
        before: Some(big),
        after: (status == Status::Done).then_some(small),
        status,
        note: (status == Status::Done).then(|| long_note.clone()),
        ctr_outcome: (status == Status::Done).then_some(Outcome::NotClear),
        ctor_outcome: (status == Status::Done).then_some(Outcome::NotClear),
        created_at: now - 999 * 86_400,
        updated_at: now,
    };
    let mut replies = Vec::new();
    for lever in Lever::ALL {
        replies.push(("log", r::logged(&test(1, lever, Status::Open), copy)));
        let done = test(2, lever, Status::Done);
        replies.push((
            "result",
            r::result(&done, done.comparison().as_ref(), copy, &content.decode),
        ));
        let mut reversed = done.clone();
        std::mem::swap(&mut reversed.before, &mut reversed.after);
        replies.push((
            "result",
            r::result(
                &reversed,
                reversed.comparison().as_ref(),
                copy,
                &content.decode,
            ),
        ));
        let mut no_before = done.clone();
        no_before.before = None;
        replies.push(("result", r::result(&no_before, None, copy, &content.decode)));
        replies.push((
            "show",
            r::show(
                &test(3, lever, Status::Open),
                None,
                now,
                copy,
                &content.decode,
            ),
        ));
        replies.push((
            "delete",
            r::delete_confirm(&test(4, lever, Status::Open), copy),
        ));
    }
    replies.push((
        "from_decode",
        r::pick_lever([big.impressions, big.clicks, big.orders], copy),
    ));
    let page: Vec<TestRecord> = (0..i64::from(r::PAGE_SIZE))
        .map(|i| test(i, Lever::Expectation, Status::Done))
        .collect();
    replies.push(("list", r::list(&page, 1, 999_999, now, copy)));
    replies.push((
        "stats",
        r::member_stats(
            &MemberStats {
                logged: 999_999,
                done: 999_999,
                improved: 999_999,
                weeks_in_a_row: 999,
            },
            copy,
        ),
    ));
    let terms: Vec<(String, u64)> = (0..5).map(|i| ("W".repeat(100 + i), u64::MAX)).collect();
    let longest_name = content
        .glossary
        .entries()
        .iter()
        .max_by_key(|e| e.name.chars().count())
        .map_or_else(String::new, |e| e.id.clone());
    let corrections: Vec<(String, String, u64)> = (0..5)
        .map(|i| ("W".repeat(100 + i), longest_name.clone(), u64::MAX))
        .collect();
    replies.push((
        "server_stats",
        r::server_stats(
            &ServerStats {
                members_active: u64::MAX,
                tests_logged: u64::MAX,
                results_recorded: u64::MAX,
                drills_answered: u64::MAX,
            },
            &terms,
            &terms,
            &corrections,
            content,
        ),
    ));
    let counts: Vec<TableCount> = MEMBER_TABLES
        .iter()
        .map(|t| TableCount {
            table: t,
            rows: u64::MAX,
        })
        .collect();
    replies.push(("privacy", r::forget_confirm(&counts, copy)));
    replies.push(("privacy", r::forgotten(&counts, copy)));
    for (key, reply) in replies {
        for v in limits::check(&reply) {
            problems.push(Problem::new(
                &file,
                Some(key),
                format!("too long for Discord: {v}"),
            ));
        }
    }
    for lever in Lever::ALL {
        let t = test(5, lever, Status::Open);
        let choice = TestChoice {
            id: t.id,
            lever,
            change: t.change,
            created_at: t.created_at,
        };
        let label = r::choice_label(&choice, now, copy);
        short(
            &file,
            "autocomplete.label",
            &label,
            limits::CHOICE_NAME,
            problems,
        );
    }
}

/// Renders the longest `/report` answer (every verdict, every reason a row is left out, every
/// warning, long names and periods) and every refusal, and checks each fits.
fn rendered_report(content: &Content, dir: &Path, problems: &mut Vec<Problem>) {
    use crate::report::{build, columns::Column, Missing, ReportError, ReportWarning};
    use render::report::{self as r, Shown};

    let file = file(dir, "report.toml");
    let copy = &content.report;
    let name = "W".repeat(300);
    let mut csv =
        String::from("Product ID,Product name,Product impressions,Product clicks,SKU orders\n");
    for (i, c, o) in [
        (999_999_999_999u64, 999_999_999u64, 1u64),
        (999_999_999_999, 999_999_999_999, 999_999_999),
        (999_999_999_999, 999_999_999_999, 1),
        (9, 9, 9),
        (999_999_999_999, 199_999_999_999, 99_999_999_999),
    ]
    .iter()
    .cycle()
    .take(12)
    {
        csv.push_str(&format!("{name},{name},{i},{c},{o}\n"));
    }
    for bad in ["-,1,0", "9%,1,0", "1,9,0", "0,9,0", "9,9,99", ""] {
        csv.push_str(&format!("{name},{name},{bad}\n"));
    }
    for _ in 0..10 {
        csv.push_str(&format!("{name},{name},1,1,999999999999\n"));
    }
    match build(csv.as_bytes(), Thresholds::default()) {
        Ok(mut report) => {
            report.period = Some("P".repeat(500));
            report.section = Some("S".repeat(500));
            report.warnings = ReportWarning::ALL.to_vec();
            let reply = r::summary(&report, Shown::DISCORD, copy, &content.decode);
            for v in limits::check(&reply) {
                problems.push(Problem::new(
                    &file,
                    None,
                    format!("the /report summary is too long for Discord: {v}"),
                ));
            }
            if let Some(button) = r::log_button(&report, u64::MAX, copy) {
                short(
                    &file,
                    "labels.button",
                    &button.label,
                    limits::BUTTON_LABEL,
                    problems,
                );
            }
        }
        Err(e) => problems.push(Problem::new(
            &file,
            None,
            format!("the longest report cannot be built: {e}"),
        )),
    }
    let errors = [
        ReportError::TooBig { bytes: usize::MAX },
        ReportError::TooManyRows,
        ReportError::NotAnExport {
            missing: Column::ALL
                .map(|column| Missing {
                    column,
                    found_instead: Some("F".repeat(100)),
                })
                .to_vec(),
        },
    ]
    .into_iter()
    .chain(crate::report::sheet::Unreadable::ALL.map(ReportError::Unreadable));
    for e in errors {
        let text = r::error(&e, copy);
        short(&file, "errors", &text, limits::DESCRIPTION, problems);
    }
    short(
        &file,
        "errors.title",
        &copy.errors.title,
        limits::TITLE,
        problems,
    );
    short(
        &file,
        "errors.wrong_type",
        &copy.errors.wrong_type.fill(&[("kind", &"K".repeat(100))]),
        limits::DESCRIPTION,
        problems,
    );
    file_name(&file, "csv.filename", &copy.csv.filename, ".csv", problems);
}
