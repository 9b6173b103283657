//! The checks behind `funnel-coach check` and the start of the bot.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use regex::Regex;

use super::copy::{DecodeCopy, TestLogCopy, UiCopy};
use super::template::{fill, placeholders};
use super::{Content, Problem};
use crate::funnel::{decode, Counts, Lever, Thresholds, Verdict};
use crate::glossary::matching::normalize;
use crate::glossary::{Entry, Lookup, Status, StepInfo};
use crate::render;
use crate::store::privacy::MEMBER_TABLES;

const MAX_ENTRIES_PER_STEP: usize = render::limits::SELECT_OPTIONS;

struct Limit {
    what: &'static str,
    max: usize,
}

const NAME: Limit = Limit {
    what: "name",
    max: 80,
};
const ABBREVIATION: Limit = Limit {
    what: "abbreviation",
    max: 20,
};
const FULL_NAME: Limit = Limit {
    what: "full_name",
    max: 100,
};
const ALIAS: Limit = Limit {
    what: "alias",
    max: 60,
};
const DEFINITION: Limit = Limit {
    what: "definition",
    max: 500,
};
const READ: Limit = Limit {
    what: "read",
    max: 1000,
};
const CHANGED: Limit = Limit {
    what: "changed",
    max: 1000,
};
const FORMULA_SIDE: Limit = Limit {
    what: "formula",
    max: 100,
};

fn check_len(text: &str, limit: &Limit, file: &str, entry: &str, problems: &mut Vec<Problem>) {
    let n = text.chars().count();
    if text.trim().is_empty() {
        problems.push(Problem::new(
            file,
            Some(entry),
            format!("{} is empty", limit.what),
        ));
    } else if n > limit.max {
        problems.push(Problem::new(
            file,
            Some(entry),
            format!(
                "{} is {n} characters; keep it under {}",
                limit.what, limit.max
            ),
        ));
    }
}

/// Ids, names, related terms, steps and lengths of the glossary.
pub(super) fn glossary(
    steps: &[StepInfo],
    entries: &[(String, Entry)],
    problems: &mut Vec<Problem>,
) {
    let steps_file = "prompts/glossary/steps.toml";
    let step_ids: HashSet<&str> = steps.iter().map(|s| s.id.as_str()).collect();
    if steps.is_empty() || steps.len() > render::limits::SELECT_OPTIONS {
        problems.push(Problem::new(
            steps_file,
            None,
            "there must be 1 to 25 steps",
        ));
    }
    for s in steps {
        if s.label.trim().is_empty() || s.label.chars().count() > 100 {
            problems.push(Problem::new(
                steps_file,
                Some(&s.id),
                "label must be 1 to 100 characters",
            ));
        }
        if s.blurb.chars().count() > 100 {
            problems.push(Problem::new(
                steps_file,
                Some(&s.id),
                "blurb is over 100 characters",
            ));
        }
    }
    let id_shape = Regex::new(r"^[a-z0-9-]{1,40}$").expect("a valid regex");
    let ids: HashSet<&str> = entries.iter().map(|(_, e)| e.id.as_str()).collect();
    let mut seen_ids: HashMap<&str, &str> = HashMap::new();
    let mut seen_names: HashMap<String, &str> = HashMap::new();
    let mut per_step: HashMap<&str, usize> = HashMap::new();
    for (file, e) in entries {
        let id = e.id.as_str();
        if !id_shape.is_match(id) {
            problems.push(Problem::new(
                file,
                Some(id),
                "id must be 1 to 40 of a-z, 0-9 and -",
            ));
        }
        if let Some(other) = seen_ids.insert(id, file) {
            problems.push(Problem::new(
                file,
                Some(id),
                format!("id is used twice (also in {other})"),
            ));
        }
        if !step_ids.contains(e.step.as_str()) {
            problems.push(Problem::new(
                file,
                Some(id),
                format!(
                    "file name `{}` is not a step listed in {steps_file}",
                    e.step
                ),
            ));
        }
        *per_step.entry(e.step.as_str()).or_default() += 1;
        check_len(&e.name, &NAME, file, id, problems);
        if let Some(a) = &e.abbreviation {
            check_len(a, &ABBREVIATION, file, id, problems);
        }
        if let Some(f) = &e.full_name {
            check_len(f, &FULL_NAME, file, id, problems);
        }
        for a in e.aliases.iter().chain(&e.old_names) {
            check_len(a, &ALIAS, file, id, problems);
        }
        check_len(&e.definition, &DEFINITION, file, id, problems);
        check_len(&e.read, &READ, file, id, problems);
        if let Some(c) = &e.changed {
            check_len(c, &CHANGED, file, id, problems);
        }
        if let Some(f) = &e.formula {
            check_len(&f.numerator, &FORMULA_SIDE, file, id, problems);
            check_len(&f.denominator, &FORMULA_SIDE, file, id, problems);
        }
        for (name, _) in e.names() {
            let key = normalize(name);
            if key.is_empty() {
                problems.push(Problem::new(
                    file,
                    Some(id),
                    format!("`{name}` has no letters or digits"),
                ));
                continue;
            }
            match seen_names.get(&key) {
                Some(owner) if *owner != id => problems.push(Problem::new(
                    file,
                    Some(id),
                    format!("`{name}` also names `{owner}`; a search could not tell them apart"),
                )),
                _ => {
                    seen_names.insert(key, id);
                }
            }
        }
        for r in e.related.iter().chain(&e.use_instead) {
            if r == id {
                problems.push(Problem::new(
                    file,
                    Some(id),
                    "an entry cannot be related to itself",
                ));
            } else if !ids.contains(r.as_str()) {
                problems.push(Problem::new(
                    file,
                    Some(id),
                    format!("related term `{r}` does not exist"),
                ));
            }
        }
        if e.status == Status::Deleted && e.use_instead.is_empty() {
            problems.push(Problem::new(
                file,
                Some(id),
                "a deleted metric needs use_instead",
            ));
        }
        if e.status == Status::Deleted && e.changed.is_none() {
            problems.push(Problem::new(
                file,
                Some(id),
                "a deleted metric needs `changed` (what happened)",
            ));
        }
    }
    for (step, n) in per_step {
        if n > MAX_ENTRIES_PER_STEP {
            problems.push(Problem::new(
                format!("prompts/glossary/{step}.toml"),
                None,
                format!(
                    "{n} entries; a menu shows at most {MAX_ENTRIES_PER_STEP}, so split the step"
                ),
            ));
        }
    }
}

fn template(file: &str, key: &str, text: &str, allowed: &[&str], problems: &mut Vec<Problem>) {
    if text.trim().is_empty() {
        problems.push(Problem::new(file, Some(key), "is empty"));
    }
    for name in placeholders(text) {
        if !allowed.contains(&name) {
            let hint = if allowed.is_empty() {
                "this text takes no {…} words".to_owned()
            } else {
                format!(
                    "use one of: {}",
                    allowed
                        .iter()
                        .map(|a| format!("{{{a}}}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            problems.push(Problem::new(
                file,
                Some(key),
                format!("unknown word `{{{name}}}`; {hint}"),
            ));
        }
    }
}

pub(super) fn decode_copy(c: &DecodeCopy, file: &str, problems: &mut Vec<Problem>) {
    let v = &c.verdicts;
    for (name, vc) in [
        ("before_click", &v.before_click),
        ("after_click", &v.after_click),
        ("both", &v.both),
        ("healthy", &v.healthy),
        ("not_enough_data", &v.not_enough_data),
    ] {
        template(
            file,
            &format!("verdicts.{name}.headline"),
            &vc.headline,
            &[],
            problems,
        );
        template(
            file,
            &format!("verdicts.{name}.meaning"),
            &vc.meaning,
            &["open_steps", "why"],
            problems,
        );
        template(
            file,
            &format!("verdicts.{name}.next_test"),
            &vc.next_test,
            &[],
            problems,
        );
    }
    for (name, list) in [
        ("before_click", &c.checklists.before_click),
        ("after_click", &c.checklists.after_click),
        ("not_enough_data", &c.checklists.not_enough_data),
        ("healthy", &c.checklists.healthy),
    ] {
        if list.is_empty() {
            problems.push(Problem::new(
                file,
                Some(&format!("checklists.{name}")),
                "is empty",
            ));
        }
        for item in list {
            template(file, &format!("checklists.{name}"), item, &[], problems);
        }
    }
    let s = &c.steps;
    let fixed: Vec<(&str, &str, &[&str])> = vec![
        ("steps.ctr", &s.ctr, &[]),
        ("steps.ctor", &s.ctor, &[]),
        ("steps.order_rate", &s.order_rate, &[]),
        ("steps.add_to_cart_rate", &s.add_to_cart_rate, &[]),
        ("steps.ctr_formula", &s.ctr_formula, &[]),
        ("steps.ctor_formula", &s.ctor_formula, &[]),
        ("steps.order_rate_formula", &s.order_rate_formula, &[]),
        (
            "steps.add_to_cart_rate_formula",
            &s.add_to_cart_rate_formula,
            &[],
        ),
        ("steps.rate", &s.rate, &["value", "low", "high"]),
        ("steps.counts", &s.counts, &["successes", "trials"]),
        ("steps.no_rate", &s.no_rate, &["trials_name"]),
        (
            "steps.no_rate_orders_above_clicks",
            &s.no_rate_orders_above_clicks,
            &[],
        ),
        ("steps.no_rate_mismatch", &s.no_rate_mismatch, &[]),
        ("steps.weak", &s.weak, &["threshold"]),
        ("steps.ok", &s.ok, &["threshold"]),
        ("steps.undetermined", &s.undetermined, &["threshold"]),
        ("steps.settle_ctr", &s.settle_ctr, &["more"]),
        ("steps.settle_ctor", &s.settle_ctor, &["more"]),
        ("steps.settle_never", &s.settle_never, &[]),
        ("steps.impressions_name", &s.impressions_name, &[]),
        ("steps.clicks_name", &s.clicks_name, &[]),
    ];
    let l = &c.labels;
    let e = &c.errors;
    let count_error: &[&str] = &["field", "input"];
    let more: Vec<(&str, &str, &[&str])> = vec![
        ("open_steps.ctr", &c.open_steps.ctr, &[]),
        ("open_steps.ctor", &c.open_steps.ctor, &[]),
        ("open_steps.both", &c.open_steps.both, &[]),
        (
            "open_reasons.small_numbers",
            &c.open_reasons.small_numbers,
            &[],
        ),
        ("open_reasons.no_numbers", &c.open_reasons.no_numbers, &[]),
        (
            "open_reasons.numbers_do_not_line_up",
            &c.open_reasons.numbers_do_not_line_up,
            &[],
        ),
        (
            "warnings.orders_above_clicks",
            &c.warnings.orders_above_clicks,
            &[],
        ),
        (
            "warnings.add_to_carts_above_clicks",
            &c.warnings.add_to_carts_above_clicks,
            &[],
        ),
        ("labels.meaning", &l.meaning, &[]),
        ("labels.checklist", &l.checklist, &[]),
        ("labels.next_test", &l.next_test, &[]),
        ("labels.warnings", &l.warnings, &[]),
        ("labels.counts", &l.counts, &[]),
        (
            "labels.counts_line",
            &l.counts_line,
            &["impressions", "clicks", "orders"],
        ),
        (
            "labels.counts_line_atc",
            &l.counts_line_atc,
            &["impressions", "clicks", "orders", "add_to_carts"],
        ),
        ("labels.footer", &l.footer, &[]),
        ("fields.impressions", &c.fields.impressions, &[]),
        ("fields.clicks", &c.fields.clicks, &[]),
        ("fields.orders", &c.fields.orders, &[]),
        ("errors.title", &e.title, &[]),
        ("errors.empty", &e.empty, &["field"]),
        ("errors.rate", &e.rate, count_error),
        ("errors.decimal", &e.decimal, count_error),
        ("errors.negative", &e.negative, count_error),
        ("errors.not_a_number", &e.not_a_number, count_error),
        ("errors.too_large", &e.too_large, count_error),
        (
            "errors.clicks_above_impressions",
            &e.clicks_above_impressions,
            &["clicks", "impressions"],
        ),
    ];
    for (key, text, allowed) in fixed.iter().chain(more.iter()) {
        template(file, key, text, allowed, problems);
    }
    template(
        file,
        "fields.add_to_carts",
        &c.fields.add_to_carts,
        &[],
        problems,
    );
    template(
        file,
        "errors.clicks_without_impressions",
        &e.clicks_without_impressions,
        &["clicks"],
        problems,
    );
}

pub(super) fn ui_copy(c: &UiCopy, file: &str, problems: &mut Vec<Problem>) {
    let d = &c.define;
    let list: [(&str, &str, &[&str]); 17] = [
        ("define.formula", &d.formula, &[]),
        ("define.read", &d.read, &[]),
        ("define.step", &d.step, &[]),
        ("define.aliases", &d.aliases, &[]),
        ("define.old_names", &d.old_names, &[]),
        ("define.changed", &d.changed, &[]),
        ("define.use_instead", &d.use_instead, &[]),
        ("define.breakdowns", &d.breakdowns, &[]),
        ("define.old_name_note", &d.old_name_note, &["old", "name"]),
        (
            "define.corrected_note",
            &d.corrected_note,
            &["name", "term"],
        ),
        ("define.deleted_note", &d.deleted_note, &[]),
        ("define.footer", &d.footer, &[]),
        ("define.unknown_title", &d.unknown_title, &[]),
        ("define.unknown", &d.unknown, &["term"]),
        ("define.unknown_suggestions", &d.unknown_suggestions, &[]),
        ("define.unknown_none", &d.unknown_none, &[]),
        ("define.empty", &d.empty, &[]),
    ];
    let g = &c.glossary;
    let list2: [(&str, &str, &[&str]); 15] = [
        ("glossary.title", &g.title, &[]),
        ("glossary.intro", &g.intro, &[]),
        ("glossary.step_title", &g.step_title, &["label"]),
        ("glossary.pick_step", &g.pick_step, &[]),
        ("glossary.pick_entry", &g.pick_entry, &[]),
        ("glossary.count", &g.count, &["count"]),
        ("help.title", &c.help.title, &[]),
        ("help.intro", &c.help.intro, &[]),
        ("help.tip", &c.help.tip, &[]),
        ("about.title", &c.about.title, &[]),
        ("about.body", &c.about.body, &[]),
        ("about.data", &c.about.data, &[]),
        ("errors.title", &c.errors.title, &[]),
        ("errors.internal", &c.errors.internal, &[]),
        (
            "errors.missing_permission",
            &c.errors.missing_permission,
            &["permission"],
        ),
    ];
    for (key, text, allowed) in list.iter().chain(list2.iter()) {
        template(file, key, text, allowed, problems);
    }
    template(
        file,
        "errors.guild_only",
        &c.errors.guild_only,
        &[],
        problems,
    );
    template(
        file,
        "errors.expired_button",
        &c.errors.expired_button,
        &[],
        problems,
    );
    template(
        file,
        "errors.bad_option",
        &c.errors.bad_option,
        &[],
        problems,
    );
    template(
        file,
        "define.unknown_noted",
        &c.define.unknown_noted,
        &[],
        problems,
    );
    for (key, text) in [
        ("permissions.manage_guild", &c.permissions.manage_guild),
        (
            "permissions.manage_messages",
            &c.permissions.manage_messages,
        ),
        ("permissions.other", &c.permissions.other),
    ] {
        template(file, key, text, &[], problems);
    }
    for line in &c.help.commands {
        template(file, "help.commands", line, &[], problems);
    }
    for (name, cmd) in &c.commands {
        let key = format!("commands.{name}");
        let n = cmd.description.chars().count();
        if n == 0 || n > 100 {
            problems.push(Problem::new(
                file,
                Some(&key),
                "description must be 1 to 100 characters",
            ));
        }
        for (opt, text) in &cmd.options {
            let n = text.chars().count();
            if n == 0 || n > 100 {
                problems.push(Problem::new(
                    file,
                    Some(&format!("{key}.options.{opt}")),
                    "must be 1 to 100 characters",
                ));
            }
        }
        for (opt, names) in &cmd.choices {
            if names
                .iter()
                .any(|n| n.trim().is_empty() || n.chars().count() > 100)
            {
                problems.push(Problem::new(
                    file,
                    Some(&format!("{key}.choices.{opt}")),
                    "every choice name must be 1 to 100 characters",
                ));
            }
        }
    }
}

/// Renders every entry and every verdict and checks each fits in a Discord message.
pub(super) fn rendered(content: &Content, dir: &Path, problems: &mut Vec<Problem>) {
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
        for v in render::limits::check(&render::define::lookup(&e.name, &found, false, content)) {
            problems.push(Problem::new(
                &file,
                Some(&e.id),
                format!("too long for Discord: {v}"),
            ));
        }
    }
    for step in content.glossary.steps() {
        if let Some(reply) = render::define::glossary_step(&step.id, content) {
            for v in render::limits::check(&reply) {
                problems.push(Problem::new(
                    "prompts/glossary/steps.toml",
                    Some(&step.id),
                    format!("too long for Discord: {v}"),
                ));
            }
        }
    }
    for v in render::limits::check(&render::define::glossary_home(content)) {
        problems.push(Problem::new(
            "prompts/ui.toml",
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
        for v in render::limits::check(&reply) {
            problems.push(Problem::new(
                &file,
                Some(verdict.code()),
                format!("too long for Discord: {v}"),
            ));
        }
        let text = render::text::to_text(&reply, true);
        if text.chars().count() > render::limits::CONTENT {
            problems.push(Problem::new(
                &file,
                Some(verdict.code()),
                "the plain-text answer is over 2,000 characters",
            ));
        }
    }
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

pub(super) fn test_log_copy(c: &TestLogCopy, file: &str, problems: &mut Vec<Problem>) {
    let none: &[&str] = &[];
    let mut list: Vec<(String, &str, &[&str])> = Vec::new();
    for lever in Lever::ALL {
        let l = c.lever(lever);
        let key = format!("levers.{}", lever.key());
        list.push((format!("{key}.label"), &l.label, none));
        list.push((format!("{key}.short"), &l.short, none));
        list.push((format!("{key}.hint"), &l.hint, none));
        short(file, &format!("{key}.label"), &l.label, 100, problems);
        short(file, &format!("{key}.short"), &l.short, 20, problems);
        short(file, &format!("{key}.hint"), &l.hint, 100, problems);
    }
    let a = &c.amounts;
    for (name, amount) in [
        ("impressions", &a.impressions),
        ("clicks", &a.clicks),
        ("orders", &a.orders),
        ("tests", &a.tests),
        ("more_impressions", &a.more_impressions),
        ("more_clicks", &a.more_clicks),
    ] {
        for (form, text) in [("one", &amount.one), ("other", &amount.other)] {
            let key = format!("amounts.{name}.{form}");
            if !placeholders(text).contains(&"n") {
                problems.push(Problem::new(
                    file,
                    Some(&key),
                    "must show the number as {n}",
                ));
            }
            list.push((key, text, &["n"]));
        }
    }
    let lb = &c.labels;
    let fd = &c.from_decode;
    let r = &c.result;
    let o = &c.outcomes;
    let w = &c.outcome_words;
    let l = &c.list;
    let d = &c.delete;
    let e = &c.errors;
    let st = &c.stats;
    let ss = &c.server_stats;
    let p = &c.privacy;
    let h = &c.csv;
    let fixed: Vec<(&str, &str, &[&str])> = vec![
        ("labels.before", &lb.before, none),
        ("labels.after", &lb.after, none),
        ("labels.status", &lb.status, none),
        ("labels.note", &lb.note, none),
        ("labels.next", &lb.next, none),
        ("labels.open", &lb.open, none),
        (
            "labels.counts",
            &lb.counts,
            &["impressions", "clicks", "orders"],
        ),
        ("labels.no_numbers", &lb.no_numbers, none),
        ("labels.footer", &lb.footer, none),
        ("when.today", &c.when.today, none),
        ("when.yesterday", &c.when.yesterday, none),
        ("when.days", &c.when.days, &["days"]),
        ("log.title", &c.log.title, &["id"]),
        ("log.description", &c.log.description, &["lever", "change"]),
        ("log.no_before", &c.log.no_before, none),
        ("log.next", &c.log.next, &["id"]),
        ("from_decode.button", &fd.button, none),
        ("from_decode.title", &fd.title, none),
        ("from_decode.body", &fd.body, &["counts"]),
        ("from_decode.placeholder", &fd.placeholder, none),
        ("from_decode.modal_title", &fd.modal_title, &["lever"]),
        ("from_decode.change_label", &fd.change_label, none),
        (
            "from_decode.change_placeholder",
            &fd.change_placeholder,
            none,
        ),
        ("from_decode.not_yours", &fd.not_yours, none),
        ("result.title", &r.title, &["id", "lever"]),
        ("result.no_before", &r.no_before, none),
        (
            "result.rates",
            &r.rates,
            &["before", "before_counts", "after", "after_counts"],
        ),
        ("result.change", &r.change, &["points", "relative"]),
        ("result.change_from_zero", &r.change_from_zero, &["points"]),
        ("result.settle_ctr", &r.settle_ctr, &["more"]),
        ("result.settle_ctor", &r.settle_ctor, &["more"]),
        ("result.settle_never", &r.settle_never, none),
        ("result.chance_over", &r.chance_over, none),
        ("result.chance_under", &r.chance_under, none),
        ("result.no_rate", &r.no_rate, none),
        ("result.footer", &r.footer, none),
        ("outcomes.improved", &o.improved, &["chance"]),
        ("outcomes.worse", &o.worse, &["chance"]),
        ("outcomes.not_clear", &o.not_clear, &["chance"]),
        ("outcomes.no_trials", &o.no_trials, &["trials_name"]),
        ("outcomes.orders_above_clicks", &o.orders_above_clicks, none),
        ("outcome_words.improved", &w.improved, none),
        ("outcome_words.worse", &w.worse, none),
        ("outcome_words.not_clear", &w.not_clear, none),
        ("outcome_words.no_data", &w.no_data, none),
        ("outcome_words.mixed", &w.mixed, none),
        ("list.title", &l.title, none),
        ("list.empty", &l.empty, none),
        (
            "list.line",
            &l.line,
            &["id", "lever", "status", "when", "change"],
        ),
        ("list.status_open", &l.status_open, none),
        ("list.status_done", &l.status_done, &["summary"]),
        ("list.page", &l.page, &["page", "pages", "tests"]),
        ("list.previous", &l.previous, none),
        ("list.next", &l.next, none),
        ("list.open_placeholder", &l.open_placeholder, none),
        ("show.title", &c.show.title, &["id", "lever"]),
        ("show.waiting", &c.show.waiting, &["id"]),
        ("show.logged", &c.show.logged, &["when"]),
        (
            "autocomplete.label",
            &c.autocomplete.label,
            &["id", "lever", "change", "when"],
        ),
        ("delete.title", &d.title, &["id"]),
        ("delete.body", &d.body, &["lever", "change"]),
        ("delete.yes", &d.yes, none),
        ("delete.no", &d.no, none),
        ("delete.done_title", &d.done_title, &["id"]),
        ("delete.done", &d.done, none),
        ("delete.kept_title", &d.kept_title, none),
        ("delete.kept", &d.kept, none),
        ("export.message", &c.export.message, &["tests"]),
        ("export.empty", &c.export.empty, none),
        ("errors.title", &e.title, none),
        ("errors.not_found", &e.not_found, &["id"]),
        ("errors.bad_id", &e.bad_id, &["input"]),
        ("errors.already_done", &e.already_done, &["id"]),
        ("errors.partial_counts", &e.partial_counts, none),
        ("errors.change_empty", &e.change_empty, none),
        ("errors.change_too_long", &e.change_too_long, &["max"]),
        ("errors.note_too_long", &e.note_too_long, &["max"]),
        ("stats.title", &st.title, none),
        ("stats.logged", &st.logged, none),
        ("stats.done", &st.done, none),
        ("stats.improved", &st.improved, none),
        ("stats.weeks", &st.weeks, none),
        ("stats.empty", &st.empty, none),
        ("stats.footer", &st.footer, none),
        ("server_stats.title", &ss.title, none),
        ("server_stats.members", &ss.members, none),
        ("server_stats.tests", &ss.tests, none),
        ("server_stats.results", &ss.results, none),
        ("server_stats.top_terms", &ss.top_terms, none),
        ("server_stats.missing_terms", &ss.missing_terms, none),
        ("server_stats.term_line", &ss.term_line, &["term", "count"]),
        ("server_stats.none", &ss.none, none),
        ("server_stats.footer", &ss.footer, none),
        ("privacy.export_title", &p.export_title, none),
        ("privacy.export_message", &p.export_message, none),
        ("privacy.forget_title", &p.forget_title, none),
        ("privacy.forget_body", &p.forget_body, &["summary"]),
        ("privacy.nothing_title", &p.nothing_title, none),
        ("privacy.nothing", &p.nothing, none),
        ("privacy.forget_yes", &p.forget_yes, none),
        ("privacy.forget_no", &p.forget_no, none),
        ("privacy.forgotten_title", &p.forgotten_title, none),
        ("privacy.forgotten", &p.forgotten, &["summary"]),
        ("privacy.kept_title", &p.kept_title, none),
        ("privacy.kept", &p.kept, none),
        ("csv.id", &h.id, none),
        ("csv.lever", &h.lever, none),
        ("csv.change", &h.change, none),
        ("csv.status", &h.status, none),
        ("csv.logged", &h.logged, none),
        ("csv.updated", &h.updated, none),
        ("csv.before_impressions", &h.before_impressions, none),
        ("csv.before_clicks", &h.before_clicks, none),
        ("csv.before_orders", &h.before_orders, none),
        ("csv.after_impressions", &h.after_impressions, none),
        ("csv.after_clicks", &h.after_clicks, none),
        ("csv.after_orders", &h.after_orders, none),
        ("csv.ctr_result", &h.ctr_result, none),
        ("csv.ctor_result", &h.ctor_result, none),
        ("csv.note", &h.note, none),
    ];
    let summaries = [
        ("improved", &r.summary.improved),
        ("worse", &r.summary.worse),
        ("mixed", &r.summary.mixed),
        ("not_clear", &r.summary.not_clear),
        ("no_data", &r.summary.no_data),
    ];
    for (key, text, allowed) in list
        .iter()
        .map(|(k, t, a)| (k.as_str(), *t, *a))
        .chain(fixed.iter().copied())
    {
        template(file, key, text, allowed, problems);
    }
    for (name, s) in summaries {
        template(
            file,
            &format!("result.summary.{name}.headline"),
            &s.headline,
            none,
            problems,
        );
        template(
            file,
            &format!("result.summary.{name}.meaning"),
            &s.meaning,
            none,
            problems,
        );
    }
    for (table, text) in &p.tables {
        template(
            file,
            &format!("privacy.tables.{table}"),
            text,
            &["count"],
            problems,
        );
        if !MEMBER_TABLES.contains(&table.as_str()) {
            problems.push(Problem::new(
                file,
                Some(&format!("privacy.tables.{table}")),
                "is not a table that holds member data",
            ));
        }
    }
    for table in MEMBER_TABLES {
        if !p.tables.contains_key(*table) {
            problems.push(Problem::new(
                file,
                Some("privacy.tables"),
                format!("says nothing about the `{table}` table"),
            ));
        }
    }
    // Discord's hard limits on the small texts.
    for (key, text, max) in [
        (
            "from_decode.button",
            &fd.button,
            render::limits::BUTTON_LABEL,
        ),
        ("list.previous", &l.previous, render::limits::BUTTON_LABEL),
        ("list.next", &l.next, render::limits::BUTTON_LABEL),
        ("delete.yes", &d.yes, render::limits::BUTTON_LABEL),
        ("delete.no", &d.no, render::limits::BUTTON_LABEL),
        (
            "privacy.forget_yes",
            &p.forget_yes,
            render::limits::BUTTON_LABEL,
        ),
        (
            "privacy.forget_no",
            &p.forget_no,
            render::limits::BUTTON_LABEL,
        ),
        ("from_decode.placeholder", &fd.placeholder, 150),
        ("list.open_placeholder", &l.open_placeholder, 150),
        ("from_decode.change_label", &fd.change_label, 45),
        (
            "from_decode.change_placeholder",
            &fd.change_placeholder,
            100,
        ),
    ] {
        short(file, key, text, max, problems);
    }
    for lever in Lever::ALL {
        let title = fill(&fd.modal_title, &[("lever", &c.lever(lever).short)]);
        short(file, "from_decode.modal_title", &title, 45, problems);
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

/// Renders the longest answers of `/test`, `/stats` and `/privacy` and checks each fits.
pub(super) fn rendered_test_log(content: &Content, dir: &Path, problems: &mut Vec<Problem>) {
    use crate::funnel::Outcome;
    use crate::member::TableCount;
    use crate::test_log::{MemberStats, ServerStats, Status, TestChoice, TestId, TestRecord};
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
        replies.push(("result", r::result(&done, copy, &content.decode)));
        let mut reversed = done.clone();
        std::mem::swap(&mut reversed.before, &mut reversed.after);
        replies.push(("result", r::result(&reversed, copy, &content.decode)));
        let mut no_before = done.clone();
        no_before.before = None;
        replies.push(("result", r::result(&no_before, copy, &content.decode)));
        replies.push((
            "show",
            r::show(&test(3, lever, Status::Open), now, copy, &content.decode),
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
    let terms: Vec<(String, i64)> = (0..5).map(|i| ("W".repeat(100 + i), i64::MAX)).collect();
    replies.push((
        "server_stats",
        r::server_stats(
            &ServerStats {
                members_active: u64::MAX,
                tests_logged: u64::MAX,
                results_recorded: u64::MAX,
            },
            &terms,
            &terms,
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
        for v in render::limits::check(&reply) {
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
            render::limits::CHOICE_NAME,
            problems,
        );
    }
}
