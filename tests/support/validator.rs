//! Discord's limits, checked on every body the bot sends to the fake.
//!
//! Each check appends [`Issue`]s. An issue with `limit == true` is something Discord itself
//! rejects (the fake answers 400 like Discord does); `limit == false` is a project policy
//! (allowed mentions must disable every ping) that Discord would accept but we do not.

use std::collections::HashSet;
use std::sync::OnceLock;

use regex::Regex;
use serde_json::{Map, Value};

/// One broken rule, with the JSON path of the offending field (dot separated, array indexes as
/// numbers, the way Discord reports `errors`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Issue {
    pub path: String,
    pub message: String,
    /// Discord's error code for this problem, e.g. `BASE_TYPE_MAX_LENGTH`.
    pub code: &'static str,
    /// `true`: Discord rejects the body. `false`: project policy only.
    pub limit: bool,
}

impl std::fmt::Display for Issue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = if self.limit {
            "Discord limit"
        } else {
            "policy"
        };
        if self.path.is_empty() {
            write!(f, "{} ({kind})", self.message)
        } else {
            write!(f, "{}: {} ({kind})", self.path, self.message)
        }
    }
}

const MAX_LENGTH: &str = "BASE_TYPE_MAX_LENGTH";
const BAD_LENGTH: &str = "BASE_TYPE_BAD_LENGTH";
const REQUIRED: &str = "BASE_TYPE_REQUIRED";
const INVALID: &str = "BASE_TYPE_CHOICES";
const DUPLICATE: &str = "COMPONENT_CUSTOM_ID_DUPLICATED";
pub const EMPTY_MESSAGE: &str = "EMPTY_MESSAGE";
const POLICY: &str = "POLICY";

pub const EPHEMERAL: u64 = 1 << 6;

fn join(prefix: &str, key: impl std::fmt::Display) -> String {
    if prefix.is_empty() {
        key.to_string()
    } else {
        format!("{prefix}.{key}")
    }
}

/// Characters as Discord counts them for its limits (Unicode scalar values).
pub fn chars(v: Option<&Value>) -> usize {
    v.and_then(Value::as_str).map_or(0, |s| s.chars().count())
}

struct Out<'a>(&'a mut Vec<Issue>);

impl Out<'_> {
    fn limit(&mut self, path: String, code: &'static str, message: String) {
        self.0.push(Issue {
            path,
            message,
            code,
            limit: true,
        });
    }
    fn policy(&mut self, path: String, message: String) {
        self.0.push(Issue {
            path,
            message,
            code: POLICY,
            limit: false,
        });
    }
    fn max_len(&mut self, obj: &Value, prefix: &str, key: &str, max: usize) {
        let n = chars(obj.get(key));
        if n > max {
            self.limit(
                join(prefix, key),
                MAX_LENGTH,
                format!("{n} characters, Discord allows at most {max}"),
            );
        }
    }
    fn len_between(&mut self, obj: &Value, prefix: &str, key: &str, min: usize, max: usize) {
        let present = obj.get(key).is_some_and(|v| !v.is_null());
        let n = chars(obj.get(key));
        if !present && min > 0 {
            self.limit(join(prefix, key), REQUIRED, "missing, but required".into());
        } else if n < min || n > max {
            self.limit(
                join(prefix, key),
                BAD_LENGTH,
                format!("{n} characters, Discord wants {min} to {max}"),
            );
        }
    }
}

fn array<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v.get(key)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

/// A message body (create or edit): content, embeds, components.
///
/// `creating`: a new message must not be empty. `files`: number of uploaded file parts.
pub fn check_message(body: &Value, prefix: &str, creating: bool, files: usize) -> Vec<Issue> {
    let mut issues = Vec::new();
    let mut out = Out(&mut issues);
    if !body.is_object() {
        out.limit(
            prefix.to_string(),
            REQUIRED,
            "message body is not a JSON object".into(),
        );
        return issues;
    }
    out.max_len(body, prefix, "content", 2000);
    out.max_len(body, prefix, "nonce", 25);
    check_embeds(body, prefix, &mut out);
    check_attachments(body, prefix, creating, &mut out);
    check_components(
        array(body, "components"),
        &join(prefix, "components"),
        &mut out,
    );

    if creating {
        let empty_content = chars(body.get("content")) == 0;
        let no_embeds = array(body, "embeds").is_empty();
        let no_components = array(body, "components").is_empty();
        let no_stickers = array(body, "sticker_ids").is_empty();
        let no_poll = body.get("poll").is_none_or_null();
        let no_files = files == 0;
        if empty_content && no_embeds && no_components && no_stickers && no_poll && no_files {
            out.limit(
                prefix.to_string(),
                EMPTY_MESSAGE,
                "Cannot send an empty message (no content, embeds, components or files)".into(),
            );
        }
    }
    issues
}

trait NullExt {
    fn is_none_or_null(&self) -> bool;
}

impl NullExt for Option<&Value> {
    fn is_none_or_null(&self) -> bool {
        self.is_none_or(Value::is_null)
    }
}

fn check_embeds(body: &Value, prefix: &str, out: &mut Out<'_>) {
    let embeds = array(body, "embeds");
    let path = join(prefix, "embeds");
    if embeds.len() > 10 {
        out.limit(
            path.clone(),
            BAD_LENGTH,
            format!("{} embeds, Discord allows at most 10", embeds.len()),
        );
    }
    let mut total = 0;
    for (i, embed) in embeds.iter().enumerate() {
        let p = join(&path, i);
        out.max_len(embed, &p, "title", 256);
        out.max_len(embed, &p, "description", 4096);
        total += chars(embed.get("title")) + chars(embed.get("description"));
        let fields = array(embed, "fields");
        if fields.len() > 25 {
            out.limit(
                join(&p, "fields"),
                BAD_LENGTH,
                format!("{} fields, Discord allows at most 25", fields.len()),
            );
        }
        for (j, field) in fields.iter().enumerate() {
            let fp = join(&join(&p, "fields"), j);
            for (key, max) in [("name", 256), ("value", 1024)] {
                let text = field.get(key).and_then(Value::as_str).unwrap_or("");
                if text.trim().is_empty() {
                    out.limit(
                        join(&fp, key),
                        REQUIRED,
                        "blank, Discord requires text".into(),
                    );
                }
                out.max_len(field, &fp, key, max);
            }
            total += chars(field.get("name")) + chars(field.get("value"));
        }
        if let Some(footer) = embed.get("footer").filter(|f| f.is_object()) {
            out.max_len(footer, &join(&p, "footer"), "text", 2048);
            total += chars(footer.get("text"));
        }
        if let Some(author) = embed.get("author").filter(|a| a.is_object()) {
            out.max_len(author, &join(&p, "author"), "name", 256);
            total += chars(author.get("name"));
        }
    }
    if total > 6000 {
        out.limit(
            path,
            MAX_LENGTH,
            format!("{total} characters across all embeds, Discord allows at most 6000"),
        );
    }
}

/// Attachments' metadata: a description (alt text) of at most 1,024 characters, and every
/// `attachment://name` an embed shows names a file the message carries (else Discord shows no
/// picture: a policy issue, not a refusal).
fn check_attachments(body: &Value, prefix: &str, creating: bool, out: &mut Out<'_>) {
    let attachments = array(body, "attachments");
    let path = join(prefix, "attachments");
    for (i, a) in attachments.iter().enumerate() {
        out.max_len(a, &join(&path, i), "description", 1024);
    }
    if !creating && body.get("attachments").is_none() {
        return;
    }
    let names: HashSet<&str> = attachments
        .iter()
        .filter_map(|a| a.get("filename").and_then(Value::as_str))
        .collect();
    for (i, embed) in array(body, "embeds").iter().enumerate() {
        for key in ["image", "thumbnail"] {
            let url = embed
                .get(key)
                .and_then(|v| v.get("url"))
                .and_then(Value::as_str)
                .unwrap_or("");
            if let Some(name) = url.strip_prefix("attachment://") {
                if !names.contains(name) {
                    out.policy(
                        join(&join(&join(prefix, "embeds"), i), key),
                        format!("shows attachment://{name}, which the message does not carry"),
                    );
                }
            }
        }
    }
}

fn check_custom_id(c: &Value, p: &str, seen: &mut HashSet<String>, out: &mut Out<'_>) {
    out.len_between(c, p, "custom_id", 1, 100);
    if let Some(id) = c.get("custom_id").and_then(Value::as_str) {
        if !seen.insert(id.to_string()) {
            out.limit(
                join(p, "custom_id"),
                DUPLICATE,
                format!("custom_id {id:?} is used twice in one message"),
            );
        }
    }
}

/// Action rows of a message.
fn check_components(rows: &[Value], path: &str, out: &mut Out<'_>) {
    if rows.len() > 5 {
        out.limit(
            path.to_string(),
            BAD_LENGTH,
            format!("{} action rows, Discord allows at most 5", rows.len()),
        );
    }
    let mut seen = HashSet::new();
    for (i, row) in rows.iter().enumerate() {
        let rp = join(path, i);
        if row.get("type").and_then(Value::as_u64) != Some(1) {
            out.limit(
                join(&rp, "type"),
                INVALID,
                "top-level component must be an action row (type 1)".into(),
            );
            continue;
        }
        let comps = array(row, "components");
        let cp = join(&rp, "components");
        if comps.is_empty() {
            out.limit(
                cp.clone(),
                BAD_LENGTH,
                "an action row needs at least one component".into(),
            );
        }
        let selects = comps
            .iter()
            .filter(|c| matches!(c.get("type").and_then(Value::as_u64), Some(3 | 5..=8)))
            .count();
        let buttons = comps
            .iter()
            .filter(|c| c.get("type").and_then(Value::as_u64) == Some(2))
            .count();
        if selects > 0 && comps.len() > 1 {
            out.limit(
                cp.clone(),
                BAD_LENGTH,
                "a row with a select menu holds nothing else".into(),
            );
        }
        if buttons > 5 {
            out.limit(
                cp.clone(),
                BAD_LENGTH,
                format!("{buttons} buttons in a row, Discord allows at most 5"),
            );
        }
        for (j, c) in comps.iter().enumerate() {
            let p = join(&cp, j);
            match c.get("type").and_then(Value::as_u64) {
                Some(2) => {
                    let style = c.get("style").and_then(Value::as_u64).unwrap_or(0);
                    if style == 5 {
                        if c.get("url").and_then(Value::as_str).is_none() {
                            out.limit(
                                join(&p, "url"),
                                REQUIRED,
                                "a link button needs a url".into(),
                            );
                        }
                        if c.get("custom_id").is_some_and(|v| !v.is_null()) {
                            out.limit(
                                join(&p, "custom_id"),
                                INVALID,
                                "a link button cannot have a custom_id".into(),
                            );
                        }
                    } else if style != 6 {
                        check_custom_id(c, &p, &mut seen, out);
                    }
                    out.max_len(c, &p, "label", 80);
                    if chars(c.get("label")) == 0 && c.get("emoji").is_none_or_null() {
                        out.limit(
                            join(&p, "label"),
                            REQUIRED,
                            "a button needs a label or an emoji".into(),
                        );
                    }
                }
                Some(3) => {
                    check_custom_id(c, &p, &mut seen, out);
                    out.max_len(c, &p, "placeholder", 150);
                    let options = array(c, "options");
                    if options.is_empty() || options.len() > 25 {
                        out.limit(
                            join(&p, "options"),
                            BAD_LENGTH,
                            format!("{} options, Discord wants 1 to 25", options.len()),
                        );
                    }
                    let mut values = HashSet::new();
                    for (k, o) in options.iter().enumerate() {
                        let op = join(&join(&p, "options"), k);
                        out.len_between(o, &op, "label", 1, 100);
                        out.len_between(o, &op, "value", 1, 100);
                        out.max_len(o, &op, "description", 100);
                        if let Some(v) = o.get("value").and_then(Value::as_str) {
                            if !values.insert(v.to_string()) {
                                out.limit(
                                    join(&op, "value"),
                                    DUPLICATE,
                                    format!("option value {v:?} is used twice"),
                                );
                            }
                        }
                    }
                    check_min_max_values(c, &p, options.len(), out);
                }
                Some(5..=8) => {
                    check_custom_id(c, &p, &mut seen, out);
                    out.max_len(c, &p, "placeholder", 150);
                    check_min_max_values(c, &p, 25, out);
                }
                Some(4) => {
                    out.limit(
                        join(&p, "type"),
                        INVALID,
                        "text inputs belong in modals, not messages".into(),
                    );
                }
                other => {
                    out.limit(
                        join(&p, "type"),
                        INVALID,
                        format!("unknown component type {other:?}"),
                    );
                }
            }
        }
    }
}

fn check_min_max_values(c: &Value, p: &str, available: usize, out: &mut Out<'_>) {
    let min = c.get("min_values").and_then(Value::as_u64);
    let max = c.get("max_values").and_then(Value::as_u64);
    if let Some(min) = min {
        if min > 25 {
            out.limit(
                join(p, "min_values"),
                BAD_LENGTH,
                format!("min_values {min} > 25"),
            );
        }
    }
    if let Some(max) = max {
        if max == 0 || max > 25 {
            out.limit(
                join(p, "max_values"),
                BAD_LENGTH,
                format!("max_values {max}, Discord wants 1 to 25"),
            );
        }
        if usize::try_from(max).unwrap_or(usize::MAX) > available && available > 0 {
            out.limit(
                join(p, "max_values"),
                BAD_LENGTH,
                format!("max_values {max} exceeds the {available} options"),
            );
        }
    }
    if let (Some(min), Some(max)) = (min, max) {
        if min > max {
            out.limit(
                join(p, "min_values"),
                BAD_LENGTH,
                format!("min_values {min} > max_values {max}"),
            );
        }
    }
}

/// `allowed_mentions` must be present and allow nothing (project rule: a member's text never
/// pings anyone).
pub fn check_allowed_mentions(body: &Value, prefix: &str) -> Vec<Issue> {
    let mut issues = Vec::new();
    let mut out = Out(&mut issues);
    let path = join(prefix, "allowed_mentions");
    match body.get("allowed_mentions") {
        None | Some(Value::Null) => out.policy(
            path,
            "missing: without allowed_mentions a member's text can ping @everyone, roles or users"
                .into(),
        ),
        Some(am) => {
            let parse = array(am, "parse");
            if !parse.is_empty() {
                out.policy(
                    join(&path, "parse"),
                    format!("allows {}", Value::from(parse.to_vec())),
                );
            }
            for key in ["users", "roles"] {
                if !array(am, key).is_empty() {
                    out.policy(join(&path, key), format!("allows pinging specific {key}"));
                }
            }
            let reply = body.get("message_reference").is_some_and(|r| !r.is_null());
            match am.get("replied_user").and_then(Value::as_bool) {
                Some(true) => out.policy(
                    join(&path, "replied_user"),
                    "pings the replied-to user".into(),
                ),
                // Discord's default is off, but a reply says so itself: the author of the
                // message it answers is never pinged, whatever the defaults become.
                None if reply => out.policy(
                    join(&path, "replied_user"),
                    "a reply must set replied_user to false".into(),
                ),
                _ => {}
            }
        }
    }
    issues
}

/// Callback type 9 data.
pub fn check_modal(data: &Value, prefix: &str) -> Vec<Issue> {
    let mut issues = Vec::new();
    let mut out = Out(&mut issues);
    out.len_between(data, prefix, "title", 1, 45);
    out.len_between(data, prefix, "custom_id", 1, 100);
    let rows = array(data, "components");
    let path = join(prefix, "components");
    if rows.is_empty() || rows.len() > 5 {
        out.limit(
            path.clone(),
            BAD_LENGTH,
            format!("{} rows, a modal needs 1 to 5", rows.len()),
        );
    }
    let mut seen = HashSet::new();
    for (i, row) in rows.iter().enumerate() {
        let rp = join(&path, i);
        let comps = array(row, "components");
        if row.get("type").and_then(Value::as_u64) != Some(1) || comps.len() != 1 {
            out.limit(
                rp.clone(),
                INVALID,
                "each modal row must be an action row with exactly one text input".into(),
            );
        }
        for (j, c) in comps.iter().enumerate() {
            let p = join(&join(&rp, "components"), j);
            if c.get("type").and_then(Value::as_u64) != Some(4) {
                out.limit(
                    join(&p, "type"),
                    INVALID,
                    "only text inputs (type 4) fit in a modal".into(),
                );
                continue;
            }
            check_custom_id(c, &p, &mut seen, &mut out);
            out.len_between(c, &p, "label", 1, 45);
            out.max_len(c, &p, "placeholder", 100);
            out.max_len(c, &p, "value", 4000);
            if !matches!(c.get("style").and_then(Value::as_u64), Some(1 | 2)) {
                out.limit(
                    join(&p, "style"),
                    INVALID,
                    "style must be 1 (short) or 2 (paragraph)".into(),
                );
            }
            let min = c.get("min_length").and_then(Value::as_u64);
            let max = c.get("max_length").and_then(Value::as_u64);
            if min.is_some_and(|m| m > 4000) {
                out.limit(
                    join(&p, "min_length"),
                    BAD_LENGTH,
                    "min_length must be 0 to 4000".into(),
                );
            }
            if max.is_some_and(|m| m == 0 || m > 4000) {
                out.limit(
                    join(&p, "max_length"),
                    BAD_LENGTH,
                    "max_length must be 1 to 4000".into(),
                );
            }
            if let (Some(a), Some(b)) = (min, max) {
                if a > b {
                    out.limit(
                        join(&p, "min_length"),
                        BAD_LENGTH,
                        format!("min_length {a} > max_length {b}"),
                    );
                }
            }
        }
    }
    issues
}

/// Callback type 8 data.
pub fn check_autocomplete(data: &Value, prefix: &str) -> Vec<Issue> {
    let mut issues = Vec::new();
    let mut out = Out(&mut issues);
    let choices = array(data, "choices");
    let path = join(prefix, "choices");
    if data.get("choices").and_then(Value::as_array).is_none() {
        out.limit(
            path.clone(),
            REQUIRED,
            "autocomplete result needs a choices array".into(),
        );
    }
    if choices.len() > 25 {
        out.limit(
            path.clone(),
            BAD_LENGTH,
            format!("{} choices, Discord allows at most 25", choices.len()),
        );
    }
    for (i, c) in choices.iter().enumerate() {
        let p = join(&path, i);
        out.len_between(c, &p, "name", 1, 100);
        match c.get("value") {
            Some(Value::String(_)) => out.max_len(c, &p, "value", 100),
            Some(Value::Number(_)) => {}
            _ => out.limit(
                join(&p, "value"),
                REQUIRED,
                "a choice needs a string or number value".into(),
            ),
        }
    }
    issues
}

fn name_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"^[-_'\p{L}\p{N}]{1,32}$").expect("valid regex"))
}

fn context_name_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"^[-_' \p{L}\p{N}]{1,32}$").expect("valid regex"))
}

fn check_name(obj: &Value, prefix: &str, out: &mut Out<'_>) {
    let name = obj.get("name").and_then(Value::as_str).unwrap_or("");
    let path = join(prefix, "name");
    if !name_regex().is_match(name) {
        out.limit(
            path,
            INVALID,
            format!("name {name:?} does not match ^[-_'\\p{{L}}\\p{{N}}]{{1,32}}$"),
        );
    } else if name.to_lowercase() != name {
        out.limit(path, INVALID, format!("name {name:?} must be lowercase"));
    }
}

/// One application command (registration body element). Returns the issues.
pub fn check_command(cmd: &Value, prefix: &str) -> Vec<Issue> {
    let mut issues = Vec::new();
    let mut out = Out(&mut issues);
    let kind = cmd.get("type").and_then(Value::as_u64).unwrap_or(1);
    let mut total = chars(cmd.get("name"));
    if kind == 1 {
        check_name(cmd, prefix, &mut out);
        out.len_between(cmd, prefix, "description", 1, 100);
        total += chars(cmd.get("description"));
        total += check_options(array(cmd, "options"), &join(prefix, "options"), 0, &mut out);
    } else {
        // User and message commands: 1 to 32 characters, mixed case and spaces allowed.
        let name = cmd.get("name").and_then(Value::as_str).unwrap_or("");
        if !context_name_regex().is_match(name) || name.trim() != name {
            out.limit(
                join(prefix, "name"),
                INVALID,
                format!("name {name:?} must be 1 to 32 letters, digits, spaces, - _ or ', not starting or ending with a space"),
            );
        }
        if !array(cmd, "options").is_empty() {
            out.limit(
                join(prefix, "options"),
                INVALID,
                "user and message commands take no options".into(),
            );
        }
        if chars(cmd.get("description")) > 0 {
            out.limit(
                join(prefix, "description"),
                INVALID,
                "user and message commands have no description".into(),
            );
        }
    }
    if total > 8000 {
        out.limit(
            prefix.to_string(),
            MAX_LENGTH,
            format!("{total} combined characters, Discord allows at most 8000 per command"),
        );
    }
    issues
}

/// A bulk registration (array of commands): each command plus duplicate names.
pub fn check_commands(cmds: &Value) -> Vec<Issue> {
    let Some(list) = cmds.as_array() else {
        return vec![Issue {
            path: String::new(),
            message: "command registration body must be an array".into(),
            code: INVALID,
            limit: true,
        }];
    };
    let mut issues = Vec::new();
    let mut seen = HashSet::new();
    for (i, cmd) in list.iter().enumerate() {
        issues.extend(check_command(cmd, &i.to_string()));
        let kind = cmd.get("type").and_then(Value::as_u64).unwrap_or(1);
        let name = cmd
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        if !seen.insert((kind, name.clone())) {
            issues.push(Issue {
                path: format!("{i}.name"),
                message: format!("command name {name:?} registered twice"),
                code: DUPLICATE,
                limit: true,
            });
        }
    }
    let chat = list
        .iter()
        .filter(|c| c.get("type").and_then(Value::as_u64).unwrap_or(1) == 1)
        .count();
    if chat > 100 {
        issues.push(Issue {
            path: String::new(),
            message: format!("{chat} chat commands, Discord allows at most 100"),
            code: BAD_LENGTH,
            limit: true,
        });
    }
    issues
}

/// Checks options at one nesting level; returns the characters they contribute to the
/// command's 8000 total. `depth` 0 = command level, 1 = inside a group or subcommand, 2 =
/// inside a subcommand of a group.
fn check_options(options: &[Value], path: &str, depth: usize, out: &mut Out<'_>) -> usize {
    if options.len() > 25 {
        out.limit(
            path.to_string(),
            BAD_LENGTH,
            format!("{} options, Discord allows at most 25", options.len()),
        );
    }
    let mut total = 0;
    let mut seen_optional = false;
    let kinds: Vec<u64> = options
        .iter()
        .map(|o| o.get("type").and_then(Value::as_u64).unwrap_or(0))
        .collect();
    let subs = kinds.iter().filter(|k| matches!(k, 1 | 2)).count();
    if subs > 0 && subs != kinds.len() {
        out.limit(
            path.to_string(),
            INVALID,
            "subcommands and plain options cannot be mixed at one level".into(),
        );
    }
    let mut names = HashSet::new();
    for (i, opt) in options.iter().enumerate() {
        let p = join(path, i);
        check_name(opt, &p, out);
        out.len_between(opt, &p, "description", 1, 100);
        total += chars(opt.get("name")) + chars(opt.get("description"));
        let name = opt.get("name").and_then(Value::as_str).unwrap_or("");
        if !names.insert(name.to_string()) {
            out.limit(
                join(&p, "name"),
                DUPLICATE,
                format!("option name {name:?} used twice"),
            );
        }
        let kind = kinds[i];
        match kind {
            1 | 2 => {
                if kind == 2 && depth > 0 {
                    out.limit(
                        join(&p, "type"),
                        INVALID,
                        "a subcommand group can only sit at the top level".into(),
                    );
                }
                if kind == 1 && depth > 1 {
                    out.limit(
                        join(&p, "type"),
                        INVALID,
                        "subcommands nest at most two levels deep".into(),
                    );
                }
                let inner = array(opt, "options");
                if kind == 2 {
                    for (j, o) in inner.iter().enumerate() {
                        if o.get("type").and_then(Value::as_u64) != Some(1) {
                            out.limit(
                                join(&join(&join(&p, "options"), j), "type"),
                                INVALID,
                                "a subcommand group holds only subcommands".into(),
                            );
                        }
                    }
                }
                total += check_options(inner, &join(&p, "options"), depth + 1, out);
            }
            3..=11 => {
                let required = opt
                    .get("required")
                    .and_then(Value::as_bool)
                    .unwrap_or(false);
                if required && seen_optional {
                    out.limit(
                        join(&p, "required"),
                        INVALID,
                        format!("required option {name:?} comes after an optional one"),
                    );
                }
                seen_optional |= !required;
                let choices = array(opt, "choices");
                let autocomplete = opt
                    .get("autocomplete")
                    .and_then(Value::as_bool)
                    .unwrap_or(false);
                if choices.len() > 25 {
                    out.limit(
                        join(&p, "choices"),
                        BAD_LENGTH,
                        format!("{} choices, Discord allows at most 25", choices.len()),
                    );
                }
                if !choices.is_empty() && autocomplete {
                    out.limit(
                        join(&p, "autocomplete"),
                        INVALID,
                        "choices and autocomplete cannot be combined".into(),
                    );
                }
                if !choices.is_empty() && !matches!(kind, 3 | 4 | 10) {
                    out.limit(
                        join(&p, "choices"),
                        INVALID,
                        "only string, integer and number options take choices".into(),
                    );
                }
                for (j, c) in choices.iter().enumerate() {
                    let cp = join(&join(&p, "choices"), j);
                    out.len_between(c, &cp, "name", 1, 100);
                    if c.get("value").is_some_and(Value::is_string) {
                        out.len_between(c, &cp, "value", 1, 100);
                    }
                    total += chars(c.get("name"))
                        + c.get("value").map_or(0, |v| match v {
                            Value::String(s) => s.chars().count(),
                            other => other.to_string().len(),
                        });
                }
                for key in ["min_length", "max_length"] {
                    if let Some(n) = opt.get(key).and_then(Value::as_u64) {
                        if n > 6000 {
                            out.limit(join(&p, key), BAD_LENGTH, format!("{key} {n} > 6000"));
                        }
                    }
                }
            }
            other => out.limit(
                join(&p, "type"),
                INVALID,
                format!("unknown option type {other}"),
            ),
        }
    }
    total
}

/// Turns issues into Discord's nested `errors` object
/// (`{"data": {"content": {"_errors": [{"code": ..., "message": ...}]}}}`).
pub fn errors_object(issues: &[Issue]) -> Value {
    let mut root = Map::new();
    for issue in issues.iter().filter(|i| i.limit) {
        let mut node = &mut root;
        for part in issue.path.split('.').filter(|p| !p.is_empty()) {
            node = node
                .entry(part.to_string())
                .or_insert_with(|| Value::Object(Map::new()))
                .as_object_mut()
                .expect("error tree nodes are objects");
        }
        let list = node
            .entry("_errors")
            .or_insert_with(|| Value::Array(Vec::new()));
        if let Some(list) = list.as_array_mut() {
            list.push(serde_json::json!({"code": issue.code, "message": issue.message}));
        }
    }
    Value::Object(root)
}
