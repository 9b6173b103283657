//! The checks behind `funnel-coach check` and the start of the bot.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use regex::Regex;

use super::copy::{DecodeCopy, UiCopy};
use super::template::placeholders;
use super::{Content, Problem};
use crate::funnel::{decode, Counts, Thresholds, Verdict};
use crate::glossary::matching::normalize;
use crate::glossary::{Entry, Lookup, Status, StepInfo};
use crate::render;

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
            &["open_steps"],
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
    let fixed: [(&str, &str, &[&str]); 20] = [
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
    let more: [(&str, &str, &[&str]); 24] = [
        ("open_steps.ctr", &c.open_steps.ctr, &[]),
        ("open_steps.ctor", &c.open_steps.ctor, &[]),
        ("open_steps.both", &c.open_steps.both, &[]),
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
        for v in render::limits::check(&render::define::lookup(&e.name, &found, content)) {
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
