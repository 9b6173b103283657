//! Interactions built the way Discord builds them (`INTERACTION_CREATE` over the gateway), and
//! the bot's answers as a [`Response`].

use std::time::{Duration, Instant};

use serde_json::{json, Map, Value};

use super::fake::{
    FakeDiscord, FilePart, HarnessError, HarnessResult, Inner, RecordedRequest, State,
};
use super::gateway::dispatch_locked;
use super::model::{TestUser, ADMINISTRATOR, ALL_PERMISSIONS};

/// Where an interaction happens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// The guild's first channel (#general).
    Guild(u64),
    /// A guild channel, or a DM channel the bot opened.
    Channel(u64),
    /// The user's DM with the bot.
    Dm,
}

#[derive(Clone, Debug)]
pub(crate) struct Ack {
    pub kind: u8,
    pub data: Value,
    pub files: Vec<FilePart>,
    pub req_seq: u64,
    /// The message created (4, 5) or updated (7) by the callback.
    pub message: Option<Value>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WebhookOpKind {
    /// First webhook POST after a defer (type 5): edits the "thinking" message.
    ResolveDefer,
    Followup,
    EditOriginal,
    EditFollowup,
    Delete,
}

#[derive(Clone, Debug)]
pub(crate) struct WebhookOp {
    pub req_seq: u64,
    pub message_id: u64,
    pub kind: WebhookOpKind,
    pub message: Value,
}

#[derive(Clone, Debug)]
pub(crate) struct InteractionRecord {
    pub id: u64,
    pub token: String,
    /// 2 command, 3 component, 4 autocomplete, 5 modal submit.
    pub kind: u8,
    pub created: Instant,
    pub guild_id: Option<u64>,
    pub channel_id: u64,
    pub user_id: u64,
    pub label: String,
    pub metadata: Value,
    pub legacy_interaction: Value,
    pub source_message_id: Option<u64>,
    pub opener_token: Option<String>,
    /// Request seqs of every callback attempt.
    pub callbacks: Vec<u64>,
    /// No first response came within the deadline: Discord has dropped it (10062 from now on,
    /// whatever comes later; the member saw "The application did not respond").
    pub expired: bool,
    pub ack: Option<Ack>,
    pub original_message_id: Option<u64>,
    /// Deferred with type 5 and not answered yet.
    pub loading: bool,
    pub followups: Vec<u64>,
    pub webhook_ops: Vec<WebhookOp>,
}

impl InteractionRecord {
    pub fn clone_meta(&self) -> Self {
        self.clone()
    }
}

/// What the bot answered to one interaction.
///
/// `kind`, `status` and `data` describe the first callback attempt. The "visible answer"
/// (`answer`) is the message a member sees: the callback's own message for types 4 and 7; for
/// a defer (5) the first webhook POST or `@original` edit, which the fake waits for; for a
/// modal submit acknowledged with 6, the first webhook message on the submit's token or on the
/// token of the interaction that opened the modal (poise answers there).
#[derive(Clone)]
pub struct Response {
    /// Callback type: 4 message, 5 defer, 6 deferred update, 7 update, 8 autocomplete, 9 modal.
    pub kind: u8,
    /// The HTTP status the fake answered to the first callback (204 when accepted).
    pub status: u16,
    /// Discord's error code when the callback was refused (10062, 40060, 50035…).
    pub error_code: Option<i64>,
    pub interaction_id: u64,
    pub token: String,
    /// E.g. `/define` or `click related:ctr`.
    pub label: String,
    /// The callback's `data` (`payload_json`'s for multipart).
    pub data: Value,
    /// The visible message, as Discord stores it (with `id`, `flags`, `attachments`…).
    pub answer: Option<Value>,
    pub answer_files: Vec<FilePart>,
    pub(crate) callback_seq: u64,
    /// When the fake finished answering the first callback.
    pub(crate) answered_at: Instant,
    pub(crate) fake: FakeDiscord,
}

impl std::fmt::Debug for Response {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Response")
            .field("label", &self.label)
            .field("kind", &self.kind)
            .field("status", &self.status)
            .field("error_code", &self.error_code)
            .field("data", &self.data)
            .field("answer", &self.answer)
            .finish_non_exhaustive()
    }
}

fn strings(v: Option<&Value>) -> String {
    v.and_then(Value::as_str).unwrap_or("").to_string()
}

impl Response {
    /// The callback was accepted (2xx).
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The visible message; panics with an explanation if there is none.
    pub fn visible(&self) -> &Value {
        self.answer.as_ref().unwrap_or_else(|| {
            panic!(
                "{}: no visible message (callback type {}, HTTP {}, code {:?}, data {})",
                self.label, self.kind, self.status, self.error_code, self.data
            )
        })
    }

    /// The message object (as Discord stores it), e.g. to click its buttons later.
    pub fn message(&self) -> Value {
        self.visible().clone()
    }

    pub fn message_id(&self) -> u64 {
        strings(self.visible().get("id")).parse().unwrap_or(0)
    }

    pub fn content(&self) -> String {
        strings(self.visible().get("content"))
    }

    pub fn embeds(&self) -> Vec<Value> {
        self.visible()
            .get("embeds")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    }

    /// Action rows.
    pub fn components(&self) -> Vec<Value> {
        self.visible()
            .get("components")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    }

    /// Every component inside the action rows, flattened.
    pub fn component_list(&self) -> Vec<Value> {
        flatten_components(self.visible())
    }

    pub fn custom_ids(&self) -> Vec<String> {
        self.component_list()
            .iter()
            .filter_map(|c| c.get("custom_id").and_then(Value::as_str))
            .map(str::to_string)
            .collect()
    }

    pub fn button_labels(&self) -> Vec<String> {
        self.component_list()
            .iter()
            .filter(|c| c.get("type").and_then(Value::as_u64) == Some(2))
            .filter_map(|c| c.get("label").and_then(Value::as_str))
            .map(str::to_string)
            .collect()
    }

    /// Everything a member reads: content, embed titles, descriptions, fields, footers,
    /// authors, button labels and select options, one per line.
    pub fn text(&self) -> String {
        message_text(self.visible())
    }

    /// Ephemeral (flag 64) — of the visible message, or of the callback data if none.
    pub fn ephemeral(&self) -> bool {
        let flags = match &self.answer {
            Some(m) => m.get("flags").and_then(Value::as_u64),
            None => self.data.get("flags").and_then(Value::as_u64),
        };
        flags.unwrap_or(0) & 64 != 0
    }

    /// Files attached to the visible message.
    pub fn files(&self) -> &[FilePart] {
        &self.answer_files
    }

    /// Autocomplete choices (callback type 8) as (name, value).
    pub fn choices(&self) -> Vec<(String, Value)> {
        self.data
            .get("choices")
            .and_then(Value::as_array)
            .map(|l| {
                l.iter()
                    .map(|c| {
                        (
                            strings(c.get("name")),
                            c.get("value").cloned().unwrap_or(Value::Null),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The modal (callback type 9 data); panics if the answer was not a modal.
    pub fn modal(&self) -> &Value {
        assert_eq!(
            self.kind, 9,
            "{}: expected a modal (callback type 9), got {self:?}",
            self.label
        );
        &self.data
    }

    /// The modal's text inputs as (`custom_id`, label).
    pub fn modal_fields(&self) -> Vec<(String, String)> {
        flatten_components(self.modal())
            .iter()
            .map(|c| (strings(c.get("custom_id")), strings(c.get("label"))))
            .collect()
    }

    /// Followup messages sent on this interaction's token so far.
    pub fn followups(&self) -> Vec<Value> {
        let st = self.fake.inner.lock();
        st.interactions
            .get(&self.token)
            .map(|r| {
                r.followups
                    .iter()
                    .filter_map(|id| st.messages.get(id))
                    .map(|m| m.json.clone())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Waits until at least `n` followups exist on this token.
    pub async fn wait_followups(&self, n: usize) -> HarnessResult<Vec<Value>> {
        let token = self.token.clone();
        self.fake
            .inner
            .wait_for(
                &format!("{n} followup(s) to {}", self.label),
                self.fake.timeout(),
                |st| {
                    let rec = st.interactions.get(&token)?;
                    (rec.followups.len() >= n).then(|| {
                        rec.followups
                            .iter()
                            .filter_map(|id| st.messages.get(id))
                            .map(|m| m.json.clone())
                            .collect()
                    })
                },
            )
            .await
    }

    /// The original response message as it is now (after any edits).
    pub fn original(&self) -> Option<Value> {
        let st = self.fake.inner.lock();
        let id = st.interactions.get(&self.token)?.original_message_id?;
        st.messages.get(&id).map(|m| m.json.clone())
    }

    /// Waits for the next webhook message (POST or edit) on this token after the callback,
    /// and makes it the visible answer. For a click acknowledged with type 6 that is later
    /// edited, for instance.
    pub async fn wait_answer(&mut self) -> HarnessResult<Value> {
        let tokens = vec![self.token.clone()];
        let (msg, files) =
            wait_webhook_message(&self.fake, &tokens, self.callback_seq, &self.label).await?;
        self.answer = Some(msg.clone());
        self.answer_files = files;
        Ok(msg)
    }

    /// Time from the interaction being dispatched over the gateway to the bot's first
    /// callback reaching the fake (what the benchmark measures).
    pub fn callback_latency(&self) -> Option<Duration> {
        let st = self.fake.inner.lock();
        let created = st.interactions.get(&self.token)?.created;
        let at = st.request(self.callback_seq)?.at;
        Some(at.saturating_duration_since(created))
    }

    /// Every request made with this interaction's id or token (callbacks, webhooks).
    pub fn requests(&self) -> Vec<RecordedRequest> {
        let id = self.interaction_id.to_string();
        self.fake
            .requests()
            .into_iter()
            .filter(|r| r.path.split('/').any(|s| s == self.token || s == id))
            .collect()
    }
}

fn flatten_components(message: &Value) -> Vec<Value> {
    message
        .get("components")
        .and_then(Value::as_array)
        .map(|rows| {
            rows.iter()
                .flat_map(|row| {
                    row.get("components")
                        .and_then(Value::as_array)
                        .cloned()
                        .unwrap_or_default()
                })
                .collect()
        })
        .unwrap_or_default()
}

/// All text a member reads in a message, one piece per line.
pub fn message_text(message: &Value) -> String {
    let mut out = Vec::new();
    let mut push = |v: Option<&Value>| {
        if let Some(s) = v.and_then(Value::as_str).filter(|s| !s.is_empty()) {
            out.push(s.to_string());
        }
    };
    push(message.get("content"));
    for e in message
        .get("embeds")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        push(e.get("author").and_then(|a| a.get("name")));
        push(e.get("title"));
        push(e.get("description"));
        for f in e
            .get("fields")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            push(f.get("name"));
            push(f.get("value"));
        }
        push(e.get("footer").and_then(|f| f.get("text")));
    }
    for c in flatten_components(message) {
        push(c.get("label"));
        push(c.get("placeholder"));
        for o in c
            .get("options")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            push(o.get("label"));
            push(o.get("description"));
        }
    }
    out.join("\n")
}

/// Discord's 3 s rule, kept as it happens: once the deadline passes with no first response
/// under way, the interaction is dropped — a violation is recorded, the test's wait ends with
/// 10062 at once (not at the harness timeout), and any response that comes later gets 10062.
async fn expire_unanswered(inner: std::sync::Arc<Inner>, token: String) {
    loop {
        let left = {
            let st = inner.lock();
            let Some(rec) = st.interactions.get(&token) else {
                return;
            };
            if !rec.callbacks.is_empty() {
                return;
            }
            st.ack_deadline.saturating_sub(rec.created.elapsed())
        };
        if !left.is_zero() {
            // The deadline may have changed meanwhile (`set_ack_deadline`): checked again.
            tokio::time::sleep(left + Duration::from_millis(1)).await;
            continue;
        }
        {
            let mut st = inner.lock();
            let deadline = st.ack_deadline;
            let Some(rec) = st.interactions.get_mut(&token) else {
                return;
            };
            if !rec.callbacks.is_empty() {
                return;
            }
            rec.expired = true;
            let label = rec.label.clone();
            st.violation(format!(
                "[{label}] no first response within the {} ms deadline: the member sees \"The \
                 application did not respond\" (10062)",
                deadline.as_millis()
            ));
        }
        inner.notify();
        return;
    }
}

async fn wait_webhook_message(
    fake: &FakeDiscord,
    tokens: &[String],
    after: u64,
    label: &str,
) -> HarnessResult<(Value, Vec<FilePart>)> {
    fake.inner
        .wait_for(
            &format!("the visible answer to {label} (a webhook POST or @original edit)"),
            fake.timeout(),
            |st| {
                let op = tokens
                    .iter()
                    .filter_map(|t| st.interactions.get(t))
                    .flat_map(|r| r.webhook_ops.iter())
                    .filter(|op| op.req_seq > after && op.kind != WebhookOpKind::Delete)
                    .min_by_key(|op| op.req_seq)?;
                let files = st
                    .messages
                    .get(&op.message_id)
                    .map(|m| m.files.clone())
                    .unwrap_or_default();
                Some((op.message.clone(), files))
            },
        )
        .await
}

// ---- building interactions -----------------------------------------------------------------

struct NewInteraction {
    place: Place,
    user: TestUser,
    kind: u8,
    data: Value,
    label: String,
    name: String,
    source: Option<(u64, Value)>,
    opener: Option<String>,
}

fn snowflake_str(v: &Value) -> Option<u64> {
    match v {
        Value::String(s) => s.parse().ok(),
        Value::Number(n) => n.as_u64(),
        _ => None,
    }
}

/// Resolves a place to (guild, channel id, channel json).
fn resolve_place(
    inner: &Inner,
    st: &mut State,
    place: Place,
    user: &TestUser,
) -> Result<(Option<u64>, u64, Value), String> {
    let dm = |st: &mut State, channel: Option<u64>| {
        let channel = channel.unwrap_or_else(|| {
            *st.dm_channels
                .entry(user.id)
                .or_insert_with(|| inner.ids.next())
        });
        (None, channel, super::rest::dm_channel_json(channel, user))
    };
    match place {
        Place::Dm => Ok(dm(st, None)),
        Place::Guild(g) => {
            let guild = st
                .world
                .guild(g)
                .ok_or_else(|| format!("unknown guild {g}"))?;
            let channel = guild
                .channels
                .iter()
                .find(|c| c.kind == 0)
                .ok_or_else(|| format!("guild {g} has no text channel"))?;
            Ok((
                Some(g),
                channel.id,
                guild.interaction_channel_json(channel, user.id),
            ))
        }
        Place::Channel(c) => {
            if let Some((guild, channel)) = st.world.guild_channel(c) {
                return Ok((
                    Some(guild.id),
                    c,
                    guild.interaction_channel_json(channel, user.id),
                ));
            }
            if st.dm_recipient(c).is_some() {
                return Ok(dm(st, Some(c)));
            }
            Err(format!("unknown channel {c}"))
        }
    }
}

const DM_APP_PERMISSIONS: u64 = super::model::VIEW_CHANNEL
    | super::model::SEND_MESSAGES
    | super::model::EMBED_LINKS
    | super::model::ATTACH_FILES
    | super::model::READ_MESSAGE_HISTORY
    | super::model::ADD_REACTIONS
    | super::model::USE_EXTERNAL_EMOJIS
    | super::model::USE_APPLICATION_COMMANDS;

fn create_and_dispatch(
    inner: &Inner,
    st: &mut State,
    new: NewInteraction,
) -> Result<String, String> {
    let NewInteraction {
        place,
        user,
        kind,
        data,
        label,
        name,
        source,
        opener,
    } = new;
    let (guild_id, channel_id, channel_json) = resolve_place(inner, st, place, &user)?;
    // A message command's target, for the interaction's metadata.
    let target_message = (kind == 2 && data["type"] == 3)
        .then(|| data.get("target_id").cloned())
        .flatten();
    let id = inner.ids.next();
    let token = format!("fake.interaction.token.{id}.{}", st.interactions.len());
    let owners = json!({"0": guild_id.map_or_else(|| "0".to_string(), |g| g.to_string())});
    let mut payload = json!({
        "id": id.to_string(),
        "application_id": inner.app_id().to_string(),
        "type": kind,
        "data": data,
        "token": token,
        "version": 1,
        "locale": inner.cfg.locale,
        "entitlements": [],
        "authorizing_integration_owners": owners,
        "context": i32::from(guild_id.is_none()),
        "attachment_size_limit": 10_485_760,
        "channel_id": channel_id.to_string(),
        "channel": channel_json,
    });
    if let Some(g) = guild_id {
        let guild = st.world.guild(g).expect("resolved");
        let member = guild.member(user.id).ok_or_else(|| {
            format!(
                "{} is not a member of guild {} ({})",
                user.name, guild.name, guild.id
            )
        })?;
        payload["guild_id"] = json!(g.to_string());
        payload["guild_locale"] = json!(guild.locale);
        payload["guild"] =
            json!({"id": g.to_string(), "locale": guild.locale, "features": ["COMMUNITY"]});
        payload["member"] = guild.member_json(member, &user, true, true);
        // What the bot may do in this channel (its overwrites included), as Discord sends it.
        let bot = st.world.bot.id;
        let app = guild
            .channels
            .iter()
            .find(|c| c.id == channel_id)
            .map_or_else(
                || guild.permissions(bot),
                |c| guild.channel_permissions(bot, c),
            );
        payload["app_permissions"] = json!(app.to_string());
    } else {
        payload["user"] = user.json();
        payload["app_permissions"] = json!(DM_APP_PERMISSIONS.to_string());
    }
    let mut metadata = json!({
        "id": id.to_string(),
        "type": kind,
        "user": user.json(),
        "authorizing_integration_owners": owners,
    });
    if kind == 2 {
        metadata["name"] = json!(name);
        if let Some(target) = target_message {
            metadata["target_message_id"] = target;
        }
    }
    if let Some((source_id, message)) = &source {
        payload["message"] = message.clone();
        if kind == 3 {
            metadata["interacted_message_id"] = json!(source_id.to_string());
        }
    }
    if kind == 5 {
        let trigger = opener
            .as_ref()
            .and_then(|t| st.interactions.get(t))
            .map_or_else(|| metadata.clone(), |r| r.metadata.clone());
        metadata["triggering_interaction_metadata"] = trigger;
    }
    let legacy = json!({"id": id.to_string(), "type": kind, "name": name, "user": user.json()});
    st.interactions.insert(
        token.clone(),
        InteractionRecord {
            id,
            token: token.clone(),
            kind,
            created: Instant::now(),
            guild_id,
            channel_id,
            user_id: user.id,
            label,
            metadata,
            legacy_interaction: legacy,
            source_message_id: source.map(|(id, _)| id),
            opener_token: opener,
            callbacks: Vec::new(),
            expired: false,
            ack: None,
            original_message_id: None,
            loading: false,
            followups: Vec::new(),
            webhook_ops: Vec::new(),
        },
    );
    if let Err(e) = dispatch_locked(inner, st, "INTERACTION_CREATE", payload) {
        st.interactions.remove(&token);
        return Err(e.0);
    }
    Ok(token)
}

fn normalize_given(options: &Value) -> Result<Vec<(String, Value)>, String> {
    match options {
        Value::Null => Ok(Vec::new()),
        Value::Object(map) => Ok(map.iter().map(|(k, v)| (k.clone(), v.clone())).collect()),
        Value::Array(list) => list
            .iter()
            .map(|o| {
                let name = o
                    .get("name")
                    .and_then(Value::as_str)
                    .ok_or_else(|| format!("option without a name: {o}"))?;
                Ok((
                    name.to_string(),
                    o.get("value").cloned().unwrap_or(Value::Null),
                ))
            })
            .collect(),
        other => Err(format!(
            "options must be an object {{name: value}} or an array of {{name, value}}, got {other}"
        )),
    }
}

fn strip_mention<'a>(s: &'a str, prefixes: &[&str]) -> &'a str {
    let mut s = s.trim();
    if let Some(inner) = s.strip_prefix('<').and_then(|x| x.strip_suffix('>')) {
        s = inner;
    }
    for p in prefixes {
        if let Some(rest) = s.strip_prefix(p) {
            return rest;
        }
    }
    s
}

fn resolve_user(st: &State, v: &Value) -> Result<u64, String> {
    if let Some(id) = v.as_u64() {
        return Ok(id);
    }
    let s = v
        .as_str()
        .ok_or_else(|| format!("user option value must be a name or id, got {v}"))?;
    let s = strip_mention(s, &["@!", "@"]);
    if let Ok(id) = s.parse::<u64>() {
        return Ok(id);
    }
    st.world
        .user(s)
        .map(|u| u.id)
        .ok_or_else(|| format!("unknown user {s:?}"))
}

fn resolve_in_guild(
    st: &State,
    guild: Option<u64>,
    v: &Value,
    what: &str,
    find: impl Fn(&super::model::GuildFixture, &str) -> Option<u64>,
    prefixes: &[&str],
) -> Result<u64, String> {
    if let Some(id) = v.as_u64() {
        return Ok(id);
    }
    let s = v
        .as_str()
        .ok_or_else(|| format!("{what} option value must be a name or id, got {v}"))?;
    let s = strip_mention(s, prefixes);
    if let Ok(id) = s.parse::<u64>() {
        return Ok(id);
    }
    let guild = guild
        .and_then(|g| st.world.guild(g))
        .ok_or_else(|| format!("{what} {s:?} given outside a guild"))?;
    find(guild, s).ok_or_else(|| format!("unknown {what} {s:?} in guild {}", guild.name))
}

struct OptionCtx<'a> {
    inner: &'a Inner,
    guild: Option<u64>,
    invoker: u64,
    resolved: Map<String, Value>,
}

impl OptionCtx<'_> {
    fn add(&mut self, kind: &str, id: u64, value: Value) {
        let entry = self
            .resolved
            .entry(kind.to_string())
            .or_insert_with(|| Value::Object(Map::new()));
        entry[id.to_string()] = value;
    }

    fn add_user(&mut self, st: &State, id: u64) -> Result<(), String> {
        let user = st
            .world
            .user_by_id(id)
            .ok_or_else(|| format!("unknown user id {id}"))?
            .clone();
        self.add("users", id, user.json());
        if let Some(guild) = self.guild.and_then(|g| st.world.guild(g)) {
            if let Some(member) = guild.member(id) {
                self.add("members", id, guild.member_json(member, &user, false, true));
            }
        }
        Ok(())
    }

    fn add_role(&mut self, st: &State, id: u64) -> Result<(), String> {
        let guild = self
            .guild
            .and_then(|g| st.world.guild(g))
            .ok_or("role outside a guild")?;
        let role = guild
            .role(id)
            .ok_or_else(|| format!("unknown role id {id}"))?;
        self.add("roles", id, guild.role_json(role));
        Ok(())
    }

    /// Converts a test-supplied value into what Discord sends for this option type, adding
    /// `resolved` entries.
    fn convert(
        &mut self,
        st: &mut State,
        def: &Value,
        name: &str,
        v: &Value,
    ) -> Result<Value, String> {
        let kind = def.get("type").and_then(Value::as_u64).unwrap_or(0);
        let bad = |want: &str| format!("option {name:?} is a {want} option, got {v}");
        Ok(match kind {
            3 => match v {
                Value::String(s) => json!(s),
                Value::Number(_) | Value::Bool(_) => json!(v.to_string()),
                _ => return Err(bad("string")),
            },
            4 => match v {
                Value::Number(n) if n.is_i64() || n.is_u64() => v.clone(),
                Value::String(s) => json!(s.trim().parse::<i64>().map_err(|_| bad("integer"))?),
                _ => return Err(bad("integer")),
            },
            10 => match v {
                Value::Number(_) => v.clone(),
                Value::String(s) => json!(s.trim().parse::<f64>().map_err(|_| bad("number"))?),
                _ => return Err(bad("number")),
            },
            5 => match v {
                Value::Bool(_) => v.clone(),
                Value::String(s) if s == "true" || s == "false" => json!(s == "true"),
                _ => return Err(bad("boolean")),
            },
            6 => {
                let id = resolve_user(st, v)?;
                self.add_user(st, id)?;
                json!(id.to_string())
            }
            7 => {
                let id = resolve_in_guild(
                    st,
                    self.guild,
                    v,
                    "channel",
                    |g, s| g.channel_named(s).map(|c| c.id),
                    &["#"],
                )?;
                let (guild, channel) = st
                    .world
                    .guild_channel(id)
                    .ok_or_else(|| format!("unknown channel id {id}"))?;
                let mut partial = guild.interaction_channel_json(channel, self.invoker);
                if let Some(o) = partial.as_object_mut() {
                    o.remove("permission_overwrites");
                }
                self.add("channels", id, partial);
                json!(id.to_string())
            }
            8 => {
                let id = resolve_in_guild(
                    st,
                    self.guild,
                    v,
                    "role",
                    |g, s| g.role_named(s).map(|r| r.id),
                    &["@&"],
                )?;
                self.add_role(st, id)?;
                json!(id.to_string())
            }
            9 => {
                let as_role = resolve_in_guild(
                    st,
                    self.guild,
                    v,
                    "role",
                    |g, s| g.role_named(s).map(|r| r.id),
                    &["@&"],
                );
                match resolve_user(st, v) {
                    Ok(id) if st.world.user_by_id(id).is_some() => {
                        self.add_user(st, id)?;
                        json!(id.to_string())
                    }
                    _ => {
                        let id = as_role?;
                        self.add_role(st, id)?;
                        json!(id.to_string())
                    }
                }
            }
            11 => {
                let filename = v.get("filename").and_then(Value::as_str).ok_or_else(|| {
                    format!("attachment option {name:?} wants {{filename, content}}, got {v}")
                })?;
                let data = v
                    .get("content")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .as_bytes()
                    .to_vec();
                let content_type = v
                    .get("content_type")
                    .and_then(Value::as_str)
                    .map(str::to_string);
                // `size` may claim another size than the content's (a member's 6 MB file
                // without making one): the bot must refuse it before downloading.
                let size = v
                    .get("size")
                    .and_then(Value::as_u64)
                    .unwrap_or(data.len() as u64);
                let id = self.inner.ids.next();
                let url = format!("{}/attachments/{id}/{filename}", self.inner.base_url());
                self.add(
                    "attachments",
                    id,
                    json!({
                        "id": id.to_string(),
                        "filename": filename,
                        "size": size,
                        "url": url,
                        "proxy_url": url,
                        "content_type": content_type,
                        "ephemeral": true,
                    }),
                );
                st.attachments.insert(
                    id,
                    FilePart {
                        field: String::new(),
                        filename: filename.to_string(),
                        content_type,
                        data,
                    },
                );
                json!(id.to_string())
            }
            other => return Err(format!("option {name:?} has unsupported type {other}")),
        })
    }
}

fn names(defs: &[Value]) -> String {
    defs.iter()
        .filter_map(|d| d.get("name").and_then(Value::as_str))
        .collect::<Vec<_>>()
        .join(", ")
}

fn build_options(
    ctx: &mut OptionCtx<'_>,
    st: &mut State,
    defs: &[Value],
    given: &[(String, Value)],
    focused: Option<(&str, &str)>,
) -> Result<Vec<Value>, String> {
    let mut out = Vec::new();
    for (name, value) in given {
        let def = defs
            .iter()
            .find(|d| d.get("name").and_then(Value::as_str) == Some(name))
            .ok_or_else(|| format!("no option {name:?} (options: {})", names(defs)))?;
        let kind = def.get("type").cloned().unwrap_or(Value::Null);
        if focused.is_some_and(|(f, _)| f == name) {
            continue;
        }
        // A choice may be given by its name ("hook") instead of its value (poise's
        // ChoiceParameter registers integer indexes).
        let mut value = value.clone();
        if let (Some(choices), Some(text)) =
            (def.get("choices").and_then(Value::as_array), value.as_str())
        {
            let by_value = choices
                .iter()
                .any(|c| c.get("value").and_then(Value::as_str) == Some(text));
            let by_name = choices.iter().find(|c| {
                c.get("name")
                    .and_then(Value::as_str)
                    .is_some_and(|n| n.eq_ignore_ascii_case(text))
            });
            if let (false, Some(choice)) = (by_value, by_name) {
                value = choice.get("value").cloned().unwrap_or(Value::Null);
            }
        }
        let converted = ctx.convert(st, def, name, &value)?;
        if let Some(choices) = def
            .get("choices")
            .and_then(Value::as_array)
            .filter(|c| !c.is_empty())
        {
            let ok = choices.iter().any(|c| {
                c.get("value").is_some_and(|cv| {
                    cv == &converted || cv.as_f64().is_some() && cv.as_f64() == converted.as_f64()
                })
            });
            if !ok {
                let values: Vec<String> = choices
                    .iter()
                    .filter_map(|c| c.get("value"))
                    .map(Value::to_string)
                    .collect();
                return Err(format!(
                    "option {name:?} only accepts its choices [{}], got {converted}",
                    values.join(", ")
                ));
            }
        }
        out.push(json!({"name": name, "type": kind, "value": converted}));
    }
    if let Some((fname, typed)) = focused {
        let def = defs
            .iter()
            .find(|d| d.get("name").and_then(Value::as_str) == Some(fname))
            .ok_or_else(|| {
                format!(
                    "no option {fname:?} to autocomplete (options: {})",
                    names(defs)
                )
            })?;
        if def.get("autocomplete").and_then(Value::as_bool) != Some(true) {
            return Err(format!(
                "option {fname:?} is not registered with autocomplete: true"
            ));
        }
        let kind = def.get("type").cloned().unwrap_or(json!(3));
        out.push(json!({"name": fname, "type": kind, "value": typed, "focused": true}));
    } else {
        for d in defs {
            let name = d.get("name").and_then(Value::as_str).unwrap_or("");
            let required = d.get("required").and_then(Value::as_bool).unwrap_or(false);
            if required && !given.iter().any(|(n, _)| n == name) {
                return Err(format!(
                    "required option {name:?} is missing (Discord would not send this)"
                ));
            }
        }
    }
    Ok(out)
}

fn find_command(st: &State, guild: Option<u64>, name: &str) -> Result<Value, String> {
    find_command_of(st, guild, name, 1)
}

/// A registered command of `kind` (1 slash, 2 user, 3 message) named `name`, as Discord would
/// offer it here: guild first, then global; its contexts and `dm_permission` allowing the place.
fn find_command_of(st: &State, guild: Option<u64>, name: &str, kind: u64) -> Result<Value, String> {
    let shown = |name: &str| {
        if kind == 1 {
            format!("/{name}")
        } else {
            format!("Apps → {name}")
        }
    };
    let wanted = |c: &&super::fake::RegisteredCommand| c.kind() == kind && c.name() == name;
    let found = guild
        .and_then(|g| {
            st.commands
                .iter()
                .filter(wanted)
                .find(|c| c.guild_id == Some(g))
        })
        .or_else(|| {
            st.commands
                .iter()
                .filter(wanted)
                .find(|c| c.guild_id.is_none())
        });
    let Some(cmd) = found else {
        let list: Vec<String> = st
            .commands
            .iter()
            .map(|c| {
                format!(
                    "{} (type {}, {})",
                    c.name(),
                    c.kind(),
                    c.guild_id.map_or("global".into(), |g| format!("guild {g}"))
                )
            })
            .collect();
        let place = guild.map_or("globally (needed for DMs)".to_string(), |g| {
            format!("in guild {g} or globally")
        });
        return Err(format!(
            "{} is not registered {place}; registered: [{}]",
            shown(name),
            list.join(", ")
        ));
    };
    let contexts = cmd.json.get("contexts").and_then(Value::as_array);
    let context = u64::from(guild.is_none());
    if contexts.is_some_and(|c| !c.iter().any(|x| x.as_u64() == Some(context))) {
        return Err(format!(
            "{} is registered without context {context} ({}); Discord would not offer it here",
            shown(name),
            if guild.is_some() { "guild" } else { "bot DM" }
        ));
    }
    if guild.is_none() && cmd.json.get("dm_permission").and_then(Value::as_bool) == Some(false) {
        return Err(format!(
            "{} has dm_permission false; Discord would not offer it in DMs",
            shown(name)
        ));
    }
    Ok(cmd.json.clone())
}

/// Whether `user` can see the command, by its `default_member_permissions`.
fn visible_to(st: &State, guild: Option<u64>, user: u64, cmd: &Value) -> Result<(), String> {
    let Some(guild) = guild.and_then(|g| st.world.guild(g)) else {
        return Ok(());
    };
    if st.command_overrides {
        return Ok(());
    }
    let required = cmd
        .get("default_member_permissions")
        .and_then(snowflake_str);
    let Some(required) = required else {
        return Ok(());
    };
    let perms = guild.permissions(user);
    let has = if perms & ADMINISTRATOR != 0 {
        ALL_PERMISSIONS
    } else {
        perms
    };
    if has & required == required && (required != 0 || perms == ALL_PERMISSIONS) {
        Ok(())
    } else {
        Err(format!(
            "/{} needs default_member_permissions {required} and this member has {perms}: \
             Discord would not show the command (call fake.set_command_overrides(true) to \
             simulate a server that overrode it)",
            cmd.get("name").and_then(Value::as_str).unwrap_or("?")
        ))
    }
}

/// Builds a command interaction's `data`.
fn command_data(
    inner: &Inner,
    st: &mut State,
    guild: Option<u64>,
    user: &TestUser,
    path: &str,
    options: &Value,
    focused: Option<(&str, &str)>,
) -> Result<(Value, String), String> {
    let parts: Vec<&str> = path
        .split_whitespace()
        .map(|p| p.trim_start_matches('/'))
        .collect();
    let first = *parts.first().ok_or("empty command")?;
    let cmd = find_command(st, guild, first)?;
    visible_to(st, guild, user.id, &cmd)?;
    let mut defs: Vec<Value> = cmd
        .get("options")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let mut chain: Vec<(String, u64)> = Vec::new();
    for part in &parts[1..] {
        let def = defs
            .iter()
            .find(|d| {
                d.get("name").and_then(Value::as_str) == Some(part)
                    && matches!(d.get("type").and_then(Value::as_u64), Some(1 | 2))
            })
            .cloned()
            .ok_or_else(|| {
                format!(
                    "/{first} has no subcommand or group {part:?} (has: {})",
                    names(&defs)
                )
            })?;
        chain.push((
            part.to_string(),
            def.get("type").and_then(Value::as_u64).unwrap_or(1),
        ));
        defs = def
            .get("options")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
    }
    let has_subs = defs
        .iter()
        .any(|d| matches!(d.get("type").and_then(Value::as_u64), Some(1 | 2)));
    if has_subs {
        return Err(format!("/{path} needs a subcommand: {}", names(&defs)));
    }
    let given = normalize_given(options)?;
    let mut ctx = OptionCtx {
        inner,
        guild,
        invoker: user.id,
        resolved: Map::new(),
    };
    let leaf = build_options(&mut ctx, st, &defs, &given, focused)?;
    let nested = chain.iter().rev().fold(leaf, |inner_opts, (name, kind)| {
        vec![json!({"name": name, "type": kind, "options": inner_opts})]
    });
    let mut data = json!({
        "id": cmd.get("id").cloned().unwrap_or(Value::Null),
        "name": first,
        "type": 1,
        "options": nested,
    });
    if let Some(g) = cmd.get("guild_id").filter(|g| !g.is_null()) {
        data["guild_id"] = g.clone();
    }
    if !ctx.resolved.is_empty() {
        data["resolved"] = Value::Object(ctx.resolved);
    }
    Ok((data, format!("/{}", parts.join(" "))))
}

fn place_guild(st: &State, place: Place) -> Option<u64> {
    match place {
        Place::Guild(g) => Some(g),
        Place::Channel(c) => st.world.guild_channel(c).map(|(g, _)| g.id),
        Place::Dm => None,
    }
}

fn find_component(message: &Value, custom_id: &str) -> Option<Value> {
    flatten_components(message)
        .into_iter()
        .find(|c| c.get("custom_id").and_then(Value::as_str) == Some(custom_id))
}

fn component_interaction(
    st: &State,
    user: &TestUser,
    message: &Value,
    custom_id: &str,
    values: Option<&[String]>,
) -> Result<NewInteraction, String> {
    let msg_id = message
        .get("id")
        .and_then(snowflake_str)
        .ok_or("the message has no id")?;
    let stored = st
        .messages
        .get(&msg_id)
        .map_or_else(|| message.clone(), |m| m.json.clone());
    let component = find_component(&stored, custom_id).ok_or_else(|| {
        let ids: Vec<String> = flatten_components(&stored)
            .iter()
            .filter_map(|c| {
                c.get("custom_id")
                    .and_then(Value::as_str)
                    .map(str::to_string)
            })
            .collect();
        format!("message {msg_id} has no component {custom_id:?} (it has {ids:?})")
    })?;
    if component.get("disabled").and_then(Value::as_bool) == Some(true) {
        return Err(format!(
            "component {custom_id:?} is disabled; a member cannot use it"
        ));
    }
    let ctype = component.get("type").and_then(Value::as_u64).unwrap_or(0);
    let mut data = json!({"custom_id": custom_id, "component_type": ctype});
    let label = match values {
        None if ctype == 2 => format!("click {custom_id}"),
        None => {
            return Err(format!(
                "{custom_id:?} is a component of type {ctype}, not a button; use select()"
            ));
        }
        Some(_) if !matches!(ctype, 3 | 5..=8) => {
            return Err(format!(
                "{custom_id:?} is a component of type {ctype}, not a select menu"
            ));
        }
        Some(values) => {
            let count = |key: &str| {
                component
                    .get(key)
                    .and_then(Value::as_u64)
                    .map_or(1, |n| usize::try_from(n).unwrap_or(usize::MAX))
            };
            let (min, max) = (count("min_values"), count("max_values"));
            if values.len() < min || values.len() > max {
                return Err(format!(
                    "{custom_id:?} takes {min} to {max} values, got {}",
                    values.len()
                ));
            }
            if ctype == 3 {
                let options: Vec<&str> = component
                    .get("options")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(|o| o.get("value").and_then(Value::as_str))
                    .collect();
                if let Some(bad) = values.iter().find(|v| !options.contains(&v.as_str())) {
                    return Err(format!(
                        "{custom_id:?} has no option {bad:?} (options {options:?})"
                    ));
                }
                data["values"] = json!(values);
            } else if ctype == 5 {
                let mut ids = Vec::new();
                let mut users = Map::new();
                for v in values {
                    let id = resolve_user(st, &json!(v))?;
                    let u = st.world.user_by_id(id).ok_or("unknown user")?;
                    users.insert(id.to_string(), u.json());
                    ids.push(id.to_string());
                }
                data["values"] = json!(ids);
                data["resolved"] = json!({"users": users});
            } else {
                data["values"] = json!(values);
            }
            format!("select {custom_id}={values:?}")
        }
    };
    let channel = stored
        .get("channel_id")
        .and_then(snowflake_str)
        .ok_or("the message has no channel_id")?;
    let place = if st.world.guild_channel(channel).is_some() {
        Place::Channel(channel)
    } else {
        Place::Dm
    };
    let name = strings(stored.get("interaction").and_then(|i| i.get("name")));
    Ok(NewInteraction {
        place,
        user: user.clone(),
        kind: 3,
        data,
        label,
        name,
        source: Some((msg_id, stored)),
        opener: None,
    })
}

fn modal_submit_interaction(
    st: &State,
    user: &TestUser,
    modal: &Value,
    opener_token: &str,
    fields: &[(&str, &str)],
) -> Result<NewInteraction, String> {
    let opener = st
        .interactions
        .get(opener_token)
        .ok_or("the modal's interaction is unknown")?;
    let custom_id = strings(modal.get("custom_id"));
    let inputs = flatten_components(modal);
    for (id, _) in fields {
        if !inputs
            .iter()
            .any(|c| c.get("custom_id").and_then(Value::as_str) == Some(id))
        {
            let known: Vec<String> = inputs.iter().map(|c| strings(c.get("custom_id"))).collect();
            return Err(format!(
                "the modal has no text input {id:?} (it has {known:?})"
            ));
        }
    }
    let mut rows = Vec::new();
    for input in &inputs {
        let id = strings(input.get("custom_id"));
        let value = fields
            .iter()
            .find(|(f, _)| *f == id)
            .map_or_else(|| strings(input.get("value")), |(_, v)| (*v).to_string());
        let n = value.chars().count() as u64;
        let required = input
            .get("required")
            .and_then(Value::as_bool)
            .unwrap_or(true);
        if required && n == 0 {
            return Err(format!(
                "text input {id:?} is required; Discord would not submit it empty"
            ));
        }
        let min = input.get("min_length").and_then(Value::as_u64).unwrap_or(0);
        if n > 0 && n < min {
            return Err(format!(
                "text input {id:?} needs at least {min} characters, got {n}"
            ));
        }
        let max = input
            .get("max_length")
            .and_then(Value::as_u64)
            .unwrap_or(4000);
        if n > max {
            return Err(format!(
                "text input {id:?} takes at most {max} characters, got {n}"
            ));
        }
        let text_input = json!({"type": 4, "custom_id": id, "value": value});
        rows.push(json!({"type": 1, "components": [text_input]}));
    }
    let source = opener
        .source_message_id
        .and_then(|id| st.messages.get(&id).map(|m| (id, m.json.clone())));
    let place = match opener.guild_id {
        Some(_) => Place::Channel(opener.channel_id),
        None => Place::Dm,
    };
    Ok(NewInteraction {
        place,
        user: user.clone(),
        kind: 5,
        data: json!({"custom_id": custom_id, "components": rows}),
        label: format!("modal {custom_id}"),
        name: String::new(),
        source,
        opener: Some(opener_token.to_string()),
    })
}

impl FakeDiscord {
    async fn await_response(&self, token: &str, wait_after_6: bool) -> HarnessResult<Response> {
        let label = self
            .inner
            .lock()
            .interactions
            .get(token)
            .map(|r| r.label.clone())
            .unwrap_or_default();
        let owned = token.to_string();
        let (seq, status, body, error_code, interaction_id, opener) = self
            .inner
            .wait_for(
                &format!("the bot's response to {label}"),
                self.timeout(),
                |st| {
                    let rec = st.interactions.get(&owned)?;
                    if rec.expired && rec.callbacks.is_empty() {
                        // What the member saw: nothing, then "The application did not respond".
                        return Some((0, 404, Value::Null, Some(10062), rec.id, None));
                    }
                    let first = *rec.callbacks.first()?;
                    let req = st.request(first)?;
                    (req.status != 0).then(|| {
                        (
                            first,
                            req.status,
                            req.body.clone().unwrap_or(Value::Null),
                            req.error_code(),
                            rec.id,
                            rec.opener_token.clone(),
                        )
                    })
                },
            )
            .await?;
        let answered_at = Instant::now();
        let kind = body
            .get("type")
            .and_then(Value::as_u64)
            .and_then(|k| u8::try_from(k).ok())
            .unwrap_or(0);
        let data = body.get("data").cloned().unwrap_or(Value::Null);
        let success = (200..300).contains(&status);
        let mut response = Response {
            kind,
            status,
            error_code: if success { None } else { error_code },
            interaction_id,
            token: token.to_string(),
            label: label.clone(),
            data,
            answer: None,
            answer_files: Vec::new(),
            callback_seq: seq,
            answered_at,
            fake: self.clone(),
        };
        if !success {
            return Ok(response);
        }
        match kind {
            4 | 7 => {
                let st = self.inner.lock();
                if let Some(ack) = st.interactions.get(token).and_then(|r| r.ack.as_ref()) {
                    response.answer.clone_from(&ack.message);
                    let id = ack
                        .message
                        .as_ref()
                        .and_then(|m| m.get("id"))
                        .and_then(snowflake_str);
                    response.answer_files = id
                        .and_then(|id| st.messages.get(&id))
                        .map(|m| m.files.clone())
                        .unwrap_or_default();
                }
            }
            5 => {
                let (msg, files) = wait_webhook_message(self, &[token.to_string()], seq, &label)
                    .await
                    .map_err(|e| {
                        HarnessError(format!(
                            "{label} was deferred (type 5) but never answered: {e}"
                        ))
                    })?;
                response.answer = Some(msg);
                response.answer_files = files;
            }
            6 if wait_after_6 => {
                let mut tokens = vec![token.to_string()];
                tokens.extend(opener);
                let (msg, files) = wait_webhook_message(self, &tokens, seq, &label).await?;
                response.answer = Some(msg);
                response.answer_files = files;
            }
            _ => {}
        }
        Ok(response)
    }

    fn start_interaction(
        &self,
        build: impl FnOnce(&Inner, &mut State) -> Result<NewInteraction, String>,
    ) -> HarnessResult<String> {
        let result = {
            let mut st = self.inner.lock();
            build(&self.inner, &mut st)
                .and_then(|new| create_and_dispatch(&self.inner, &mut st, new))
        };
        self.inner.notify();
        if let Ok(token) = &result {
            tokio::spawn(expire_unanswered(self.inner.clone(), token.clone()));
        }
        result.map_err(|e| self.inner.error(&e))
    }

    /// Runs a slash command in the first guild's #general. `command` is the command path
    /// (`"define"`, `"test log"`, `"settings thresholds set"`); `options` is
    /// `json!({"term": "ctor"})` or `json!([{"name": "term", "value": "ctor"}])`. Users,
    /// channels and roles may be given by name (`"bob"`, `"#guides"`, `"Moderator"`).
    pub async fn slash(
        &self,
        user: &TestUser,
        command: &str,
        options: Value,
    ) -> HarnessResult<Response> {
        self.slash_with(Place::Guild(self.guild_id()), user, command, options)
            .await
    }

    /// Like [`FakeDiscord::slash`] with a subcommand.
    pub async fn slash_sub(
        &self,
        user: &TestUser,
        command: &str,
        sub: &str,
        options: Value,
    ) -> HarnessResult<Response> {
        self.slash(user, &format!("{command} {sub}"), options).await
    }

    /// In another guild (its #general).
    pub async fn slash_in(
        &self,
        guild: u64,
        user: &TestUser,
        command: &str,
        options: Value,
    ) -> HarnessResult<Response> {
        self.slash_with(Place::Guild(guild), user, command, options)
            .await
    }

    /// In a given channel (its guild follows).
    pub async fn slash_at(
        &self,
        channel: u64,
        user: &TestUser,
        command: &str,
        options: Value,
    ) -> HarnessResult<Response> {
        self.slash_with(Place::Channel(channel), user, command, options)
            .await
    }

    /// In the user's DM with the bot (global commands only; `user` instead of `member`).
    pub async fn slash_dm(
        &self,
        user: &TestUser,
        command: &str,
        options: Value,
    ) -> HarnessResult<Response> {
        self.slash_with(Place::Dm, user, command, options).await
    }

    pub async fn slash_with(
        &self,
        place: Place,
        user: &TestUser,
        command: &str,
        options: Value,
    ) -> HarnessResult<Response> {
        let token = self.start_interaction(|inner, st| {
            let guild = place_guild(st, place);
            let (data, label) = command_data(inner, st, guild, user, command, &options, None)?;
            let name = data
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            Ok(NewInteraction {
                place,
                user: user.clone(),
                kind: 2,
                data,
                label,
                name,
                source: None,
                opener: None,
            })
        })?;
        self.await_response(&token, false).await
    }

    /// Like [`FakeDiscord::slash`], then `edit` changes the interaction's `data` before it is
    /// sent, past Discord's checks: what a member's app still holding an older shape of the
    /// command sends (a choice index that no longer exists, a command since renamed).
    pub async fn slash_edited(
        &self,
        user: &TestUser,
        command: &str,
        options: Value,
        edit: impl FnOnce(&mut Value),
    ) -> HarnessResult<Response> {
        let place = Place::Guild(self.guild_id());
        let token = self.start_interaction(|inner, st| {
            let guild = place_guild(st, place);
            let (mut data, label) = command_data(inner, st, guild, user, command, &options, None)?;
            edit(&mut data);
            let name = data
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            Ok(NewInteraction {
                place,
                user: user.clone(),
                kind: 2,
                data,
                label: format!("{label} (edited)"),
                name,
                source: None,
                opener: None,
            })
        })?;
        self.await_response(&token, false).await
    }

    /// Sends an autocomplete interaction for `focused` with the text `typed` (other options
    /// as in [`FakeDiscord::slash`]) and returns the choices as (name, value).
    pub async fn autocomplete(
        &self,
        user: &TestUser,
        command: &str,
        focused: &str,
        typed: &str,
        others: Value,
    ) -> HarnessResult<Vec<(String, Value)>> {
        let r = self
            .autocomplete_with(
                Place::Guild(self.guild_id()),
                user,
                command,
                focused,
                typed,
                others,
            )
            .await?;
        Ok(r.choices())
    }

    /// Autocomplete anywhere; returns the whole response (kind 8 expected).
    pub async fn autocomplete_with(
        &self,
        place: Place,
        user: &TestUser,
        command: &str,
        focused: &str,
        typed: &str,
        others: Value,
    ) -> HarnessResult<Response> {
        let token = self.start_interaction(|inner, st| {
            let guild = place_guild(st, place);
            let (data, label) = command_data(
                inner,
                st,
                guild,
                user,
                command,
                &others,
                Some((focused, typed)),
            )?;
            let name = data
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            let label = format!("autocomplete {label} {focused}={typed:?}");
            Ok(NewInteraction {
                place,
                user: user.clone(),
                kind: 4,
                data,
                label,
                name,
                source: None,
                opener: None,
            })
        })?;
        let r = self.await_response(&token, false).await?;
        if r.kind != 8 || !r.is_success() {
            return Err(self.inner.error(&format!(
                "{}: expected autocomplete choices (type 8), got type {} with HTTP {} (code {:?})",
                r.label, r.kind, r.status, r.error_code
            )));
        }
        Ok(r)
    }

    /// Clicks the button `custom_id` of `message` (the current stored version of it is used).
    /// A click acknowledged without a change (type 6) is waited on until the bot edits the
    /// message or sends a message: that is what the member sees.
    pub async fn click(
        &self,
        user: &TestUser,
        message: &Value,
        custom_id: &str,
    ) -> HarnessResult<Response> {
        self.component(user, message, custom_id, None).await
    }

    /// Picks `values` in the select menu `custom_id` of `message`.
    pub async fn select(
        &self,
        user: &TestUser,
        message: &Value,
        custom_id: &str,
        values: Vec<&str>,
    ) -> HarnessResult<Response> {
        self.component(
            user,
            message,
            custom_id,
            Some(values.into_iter().map(str::to_string).collect()),
        )
        .await
    }

    /// When the stored version of `message` appeared (or was last edited).
    fn shown_at(&self, message: &Value) -> Option<Instant> {
        let st = self.inner.lock();
        message
            .get("id")
            .and_then(snowflake_str)
            .and_then(|id| st.messages.get(&id))
            .map(|m| m.at)
    }

    /// Waits out the rest of the reaction time after `since`.
    async fn react_after(&self, since: Option<Instant>) {
        if let Some(since) = since {
            let left = self.inner.cfg.reaction_time.saturating_sub(since.elapsed());
            if !left.is_zero() {
                tokio::time::sleep(left).await;
            }
        }
    }

    async fn component(
        &self,
        user: &TestUser,
        message: &Value,
        custom_id: &str,
        values: Option<Vec<String>>,
    ) -> HarnessResult<Response> {
        self.react_after(self.shown_at(message)).await;
        let token = self.start_interaction(|_inner, st| {
            component_interaction(st, user, message, custom_id, values.as_deref())
        })?;
        self.await_response(&token, true).await
    }

    /// Submits the modal the bot opened (a [`Response`] of type 9). `fields` are
    /// (text input `custom_id`, text); inputs not given keep their pre-filled value (or "").
    /// Waits for the visible answer when the bot acknowledges with type 6, as poise does.
    pub async fn submit_modal(
        &self,
        user: &TestUser,
        modal: &Response,
        fields: Vec<(&str, &str)>,
    ) -> HarnessResult<Response> {
        if modal.kind != 9 || !modal.is_success() {
            return Err(self.inner.error(&format!(
                "{}: not an accepted modal response: {modal:?}",
                modal.label
            )));
        }
        self.react_after(Some(modal.answered_at)).await;
        let data = modal.data.clone();
        let opener_token = modal.token.clone();
        let token = self.start_interaction(|_inner, st| {
            modal_submit_interaction(st, user, &data, &opener_token, &fields)
        })?;
        self.await_response(&token, true).await
    }

    /// `user` posts a message in `place` (a guild channel, or `Place::Dm`: their DM with the
    /// bot): `content`, and one embed per description in `embeds` (as a link preview or
    /// another bot's post would carry). Stored like Discord stores it, so "Decode this" can be
    /// used on it and the bot can reply to it. Returns the message object.
    pub fn member_message(
        &self,
        user: &TestUser,
        place: Place,
        content: &str,
        embeds: &[&str],
    ) -> Value {
        let mut st = self.inner.lock();
        let (guild, channel, _) = resolve_place(&self.inner, &mut st, place, user)
            .unwrap_or_else(|e| panic!("fake discord: {e}"));
        let id = self.inner.ids.next();
        let embeds: Vec<Value> = embeds
            .iter()
            .map(|d| json!({"type": "rich", "description": d}))
            .collect();
        let mut message = json!({
            "id": id.to_string(),
            "channel_id": channel.to_string(),
            "author": user.json(),
            "content": content,
            "timestamp": super::model::now_timestamp(),
            "edited_timestamp": null,
            "tts": false,
            "mention_everyone": false,
            "mentions": [],
            "mention_roles": [],
            "mention_channels": [],
            "attachments": [],
            "embeds": embeds,
            "reactions": [],
            "pinned": false,
            "type": 0,
            "flags": 0,
            "components": [],
        });
        if let Some(g) = guild {
            message["guild_id"] = json!(g.to_string());
        }
        st.messages.insert(
            id,
            super::fake::StoredMessage {
                json: message.clone(),
                files: Vec::new(),
                channel_id: channel,
                at: Instant::now(),
            },
        );
        drop(st);
        self.inner.notify();
        message
    }

    /// Deletes a stored message (its author or a moderator removed it).
    pub fn delete_message(&self, message: &Value) {
        if let Some(id) = message.get("id").and_then(snowflake_str) {
            self.inner.lock().messages.remove(&id);
        }
    }

    /// `user` long-presses `message` → Apps → `name`: a message command (`data.type` 3) with the
    /// message as `target_id` and in `resolved.messages`, where the message is. Discord's rules
    /// apply: the command must be registered for that place and visible to the member.
    pub async fn message_command(
        &self,
        user: &TestUser,
        name: &str,
        message: &Value,
    ) -> HarnessResult<Response> {
        self.react_after(self.shown_at(message)).await;
        let token = self.start_interaction(|_inner, st| {
            let msg_id = message
                .get("id")
                .and_then(snowflake_str)
                .ok_or("the message has no id")?;
            let stored = st
                .messages
                .get(&msg_id)
                .map(|m| (m.json.clone(), m.channel_id))
                .ok_or_else(|| format!("message {msg_id} is not in the fake (deleted?)"))?;
            let (target, channel) = stored;
            let place = if st.world.guild_channel(channel).is_some() {
                Place::Channel(channel)
            } else if st.dm_recipient(channel) == Some(user.id) {
                Place::Dm
            } else {
                return Err(format!(
                    "{} cannot see channel {channel} of message {msg_id}",
                    user.name
                ));
            };
            let guild = place_guild(st, place);
            let cmd = find_command_of(st, guild, name, 3)?;
            visible_to(st, guild, user.id, &cmd)?;
            let mut messages = Map::new();
            messages.insert(msg_id.to_string(), target);
            let mut data = json!({
                "id": cmd.get("id").cloned().unwrap_or(Value::Null),
                "name": name,
                "type": 3,
                "target_id": msg_id.to_string(),
                "resolved": {"messages": messages},
            });
            if let Some(g) = cmd.get("guild_id").filter(|g| !g.is_null()) {
                data["guild_id"] = g.clone();
            }
            Ok(NewInteraction {
                place,
                user: user.clone(),
                kind: 2,
                data,
                label: format!("Apps → {name}"),
                name: name.to_string(),
                source: None,
                opener: None,
            })
        })?;
        self.await_response(&token, false).await
    }

    /// When `true`, members may run commands whatever their `default_member_permissions`
    /// (a server admin overrode the command permissions) — to test the bot's own checks.
    pub fn set_command_overrides(&self, enabled: bool) {
        self.inner.lock().command_overrides = enabled;
    }

    /// Whether Discord would offer `command` to `user` in `guild`.
    pub fn can_use(&self, guild: u64, user: &TestUser, command: &str) -> bool {
        let st = self.inner.lock();
        let name = command.split_whitespace().next().unwrap_or("");
        find_command(&st, Some(guild), name)
            .and_then(|c| visible_to(&st, Some(guild), user.id, &c))
            .is_ok()
    }
}
