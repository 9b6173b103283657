//! REST: every request under `/api/v10` is recorded, checked against Discord's limits, and
//! answered the way Discord answers (including its error bodies and interaction rules).

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::State as AxumState;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

use super::fake::{route_matches, Fault};
use super::fake::{FilePart, Inner, RecordedRequest, RegisteredCommand, State, StoredMessage};
use super::interactions::{Ack, WebhookOp, WebhookOpKind};
use super::model::now_timestamp;
use super::validator::{self, Issue};

/// Interaction tokens live 15 minutes.
const TOKEN_LIFETIME: Duration = Duration::from_secs(15 * 60);
/// Message flags the bot may set on a message it creates.
const SETTABLE_FLAGS: u64 = (1 << 2) | (1 << 6) | (1 << 12);
const LOADING: u64 = 1 << 7;

pub(crate) struct Reply {
    pub status: u16,
    pub body: Option<Value>,
    pub headers: Vec<(&'static str, String)>,
}

impl Reply {
    fn json(status: u16, body: Value) -> Self {
        Reply {
            status,
            body: Some(body),
            headers: Vec::new(),
        }
    }
    fn ok(body: Value) -> Self {
        Self::json(200, body)
    }
    fn no_content() -> Self {
        Reply {
            status: 204,
            body: None,
            headers: Vec::new(),
        }
    }
    fn error(status: u16, code: i64, message: &str) -> Self {
        Self::json(status, json!({"message": message, "code": code}))
    }
    fn unknown_route() -> Self {
        Self::error(404, 0, "Unknown route")
    }
    fn unknown_interaction() -> Self {
        Self::error(404, 10062, "Unknown interaction")
    }
    fn unknown_webhook() -> Self {
        Self::error(404, 10015, "Unknown Webhook")
    }
    fn unknown_message() -> Self {
        Self::error(404, 10008, "Unknown Message")
    }
    fn unknown_channel() -> Self {
        Self::error(404, 10003, "Unknown Channel")
    }
    fn unknown_guild() -> Self {
        Self::error(404, 10004, "Unknown Guild")
    }
    fn invalid_form(issues: &[Issue]) -> Self {
        let limit: Vec<&Issue> = issues.iter().filter(|i| i.limit).collect();
        if limit.iter().all(|i| i.code == validator::EMPTY_MESSAGE) {
            return Self::error(400, 50006, "Cannot send an empty message");
        }
        Self::json(
            400,
            json!({
                "message": "Invalid Form Body",
                "code": 50035,
                "errors": validator::errors_object(issues),
            }),
        )
    }
    fn fault(fault: &Fault) -> Self {
        match fault {
            Fault::RateLimited {
                retry_after,
                global,
            } => {
                let mut r = Self::json(
                    429,
                    json!({
                        "message": "You are being rate limited.",
                        "retry_after": retry_after,
                        "global": global,
                    }),
                );
                r.headers = vec![
                    ("retry-after", format!("{:.0}", retry_after.ceil())),
                    ("x-ratelimit-limit", "5".into()),
                    ("x-ratelimit-remaining", "0".into()),
                    ("x-ratelimit-reset-after", format!("{retry_after}")),
                    ("x-ratelimit-bucket", "fake-bucket".into()),
                    (
                        "x-ratelimit-scope",
                        if *global { "global" } else { "user" }.into(),
                    ),
                ];
                if *global {
                    r.headers.push(("x-ratelimit-global", "true".into()));
                }
                r
            }
            Fault::ServerError => Self::error(500, 0, "500: Internal Server Error"),
            Fault::CannotDm => Self::error(403, 50007, "Cannot send messages to this user"),
            Fault::Status { status, body } => Self::json(*status, body.clone()),
            Fault::Delay(_) => unreachable!("delays are applied, not answered"),
        }
    }
}

/// The axum fallback: every REST route.
pub(crate) async fn handle(
    AxumState(inner): AxumState<Arc<Inner>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    // When the request arrived, before the fake spends time parsing and checking it.
    let arrived = std::time::Instant::now();
    let full_path = uri.path().to_string();
    if let Some(rest) = full_path.strip_prefix("/attachments/") {
        return serve_attachment(&inner, rest);
    }
    let query = uri.query().unwrap_or("").to_string();
    let (json_body, files, parse_error) = parse_body(&headers, &body);
    let kept_headers: Vec<(String, String)> = [
        "content-type",
        "user-agent",
        "x-audit-log-reason",
        "x-funnel-coach-instance",
    ]
    .iter()
    .filter_map(|h| {
        headers
            .get(*h)
            .and_then(|v| v.to_str().ok())
            .map(|v| ((*h).to_string(), v.to_string()))
    })
    .collect();
    let path = full_path.strip_prefix("/api/v10").map(str::to_string);
    let api_path = path.clone().unwrap_or_else(|| full_path.clone());

    let (seq, fault) = {
        let mut st = inner.lock();
        let seq = st.next_tick();
        st.requests.push(RecordedRequest {
            seq,
            method: method.to_string(),
            path: api_path.clone(),
            query: query.clone(),
            headers: kept_headers,
            body: json_body.clone(),
            files: files.clone(),
            status: 0,
            response: None,
            at: arrived,
        });
        if st.requests.len() > inner.cfg.max_recorded {
            let excess = st.requests.len() - inner.cfg.max_recorded;
            st.requests.drain(..excess.max(inner.cfg.max_recorded / 10));
        }
        // Callback attempts are tied to their interaction before any fault applies.
        let segs: Vec<&str> = api_path.trim_matches('/').split('/').collect();
        if let ["interactions", _, token, "callback"] = segs.as_slice() {
            if let Some(rec) = st.interactions.get_mut(*token) {
                rec.callbacks.push(seq);
            }
        }
        let mut fault = None;
        if let Some(rule) = st
            .faults
            .iter_mut()
            .find(|r| r.remaining > 0 && route_matches(&r.pattern, method.as_str(), &api_path))
        {
            rule.remaining -= 1;
            fault = Some(rule.fault.clone());
        }
        st.faults.retain(|r| r.remaining > 0);
        (seq, fault)
    };
    inner.notify();

    let expected = format!("Bot {}", inner.cfg.token);
    // `GET /gateway` needs no token on Discord either.
    let authorized = headers.get("authorization").and_then(|v| v.to_str().ok())
        == Some(expected.as_str())
        || (method == Method::GET && api_path == "/gateway");

    // A DM (or a message in a slow channel: `FakeDiscord::slow_channel`) that takes a while
    // to reach Discord (`FakeDiscord::set_dm_arrival_delay`): hyper
    // drops this handler with the connection when the bot dies meanwhile, so it is never stored.
    let arrival = {
        let st = inner.lock();
        let segs: Vec<&str> = api_path.trim_matches('/').split('/').collect();
        match segs.as_slice() {
            ["channels", c, "messages"] if method == Method::POST => id(c)
                .filter(|c| st.dm_recipient(*c).is_some() || st.slow_channels.contains(c))
                .map(|_| st.dm_arrival_delay),
            _ => None,
        }
    };
    if let Some(delay) = arrival.filter(|d| !d.is_zero()) {
        tokio::time::sleep(delay).await;
    }
    let reply = if path.is_none() {
        inner.lock().unhandled.push(format!("{method} {full_path}"));
        Reply::unknown_route()
    } else if !authorized {
        Reply::error(401, 0, "401: Unauthorized")
    } else if let Some(error) = parse_error {
        Reply::error(
            400,
            50109,
            &format!("The request body contains invalid JSON. ({error})"),
        )
    } else {
        match fault {
            Some(Fault::Delay(d)) => {
                tokio::time::sleep(d).await;
                route(&inner, seq, &method, &api_path, json_body, files)
            }
            Some(f) => Reply::fault(&f),
            None => route(&inner, seq, &method, &api_path, json_body, files),
        }
    };
    // A DM stored, its answer slow to come (`FakeDiscord::set_dm_answer_delay`).
    let slow = {
        let st = inner.lock();
        let segs: Vec<&str> = api_path.trim_matches('/').split('/').collect();
        match segs.as_slice() {
            ["channels", c, "messages"] if method == Method::POST && reply.status == 200 => id(c)
                .filter(|c| st.dm_recipient(*c).is_some() || st.slow_channels.contains(c))
                .map(|_| st.dm_answer_delay),
            _ => None,
        }
    };
    if let Some(delay) = slow.filter(|d| !d.is_zero()) {
        tokio::time::sleep(delay).await;
    }

    {
        let mut st = inner.lock();
        if let Some(r) = st.request_mut(seq) {
            r.status = reply.status;
            r.response.clone_from(&reply.body);
        }
    }
    inner.notify();
    into_response(reply)
}

fn into_response(reply: Reply) -> Response {
    let status = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = match reply.body {
        Some(body) => (
            status,
            [("content-type", "application/json")],
            body.to_string(),
        )
            .into_response(),
        None => status.into_response(),
    };
    for (name, value) in reply.headers {
        if let Ok(v) = HeaderValue::from_str(&value) {
            response.headers_mut().insert(name, v);
        }
    }
    response
}

fn serve_attachment(inner: &Inner, rest: &str) -> Response {
    let id = rest.split('/').next().and_then(|s| s.parse::<u64>().ok());
    let mut st = inner.lock();
    if let Some(id) = id.filter(|id| st.attachments.contains_key(id)) {
        st.attachment_downloads.push(id);
    }
    match id.and_then(|id| st.attachments.get(&id)) {
        Some(file) => {
            let ct = file
                .content_type
                .clone()
                .unwrap_or_else(|| "application/octet-stream".into());
            (StatusCode::OK, [("content-type", ct)], file.data.clone()).into_response()
        }
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

// ---- body parsing --------------------------------------------------------------------------

type ParsedBody = (Option<Value>, Vec<FilePart>, Option<String>);

fn parse_body(headers: &HeaderMap, body: &[u8]) -> ParsedBody {
    let ct = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if ct.starts_with("multipart/form-data") {
        let Some(boundary) = ct
            .split("boundary=")
            .nth(1)
            .map(|b| b.trim_matches('"').to_string())
        else {
            return (None, Vec::new(), Some("multipart without boundary".into()));
        };
        let mut json_body = None;
        let mut files = Vec::new();
        for part in multipart_parts(body, &boundary) {
            if part.name == "payload_json" {
                match serde_json::from_slice(&part.data) {
                    Ok(v) => json_body = Some(v),
                    Err(e) => return (None, files, Some(format!("payload_json: {e}"))),
                }
            } else {
                files.push(FilePart {
                    field: part.name,
                    filename: part.filename.unwrap_or_default(),
                    content_type: part.content_type,
                    data: part.data,
                });
            }
        }
        return (json_body, files, None);
    }
    if body.is_empty() {
        return (None, Vec::new(), None);
    }
    match serde_json::from_slice(body) {
        Ok(v) => (Some(v), Vec::new(), None),
        Err(e) => (None, Vec::new(), Some(e.to_string())),
    }
}

struct Part {
    name: String,
    filename: Option<String>,
    content_type: Option<String>,
    data: Vec<u8>,
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if needle.is_empty() || from > hay.len() {
        return None;
    }
    hay[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

fn multipart_parts(body: &[u8], boundary: &str) -> Vec<Part> {
    let delim = format!("--{boundary}");
    let mut parts = Vec::new();
    let Some(mut pos) = find(body, delim.as_bytes(), 0) else {
        return parts;
    };
    loop {
        let start = pos + delim.len();
        if body.get(start..start + 2) == Some(b"--") {
            break;
        }
        let Some(next) = find(body, delim.as_bytes(), start) else {
            break;
        };
        let mut chunk = &body[start..next];
        chunk = chunk.strip_prefix(b"\r\n").unwrap_or(chunk);
        chunk = chunk.strip_suffix(b"\r\n").unwrap_or(chunk);
        if let Some(split) = find(chunk, b"\r\n\r\n", 0) {
            let head = String::from_utf8_lossy(&chunk[..split]).to_string();
            let data = chunk[split + 4..].to_vec();
            let mut part = Part {
                name: String::new(),
                filename: None,
                content_type: None,
                data,
            };
            for line in head.split("\r\n") {
                let lower = line.to_ascii_lowercase();
                if lower.starts_with("content-disposition:") {
                    part.name = header_param(line, "name").unwrap_or_default();
                    part.filename = header_param(line, "filename");
                } else if lower.starts_with("content-type:") {
                    part.content_type = Some(line["content-type:".len()..].trim().to_string());
                }
            }
            parts.push(part);
        }
        pos = next;
    }
    parts
}

fn header_param(line: &str, key: &str) -> Option<String> {
    line.split(';').map(str::trim).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        (k.trim() == key).then(|| v.trim().trim_matches('"').to_string())
    })
}

// ---- routing -------------------------------------------------------------------------------

fn id(s: &str) -> Option<u64> {
    s.parse().ok()
}

#[allow(clippy::too_many_lines)]
fn route(
    inner: &Inner,
    seq: u64,
    method: &Method,
    path: &str,
    body: Option<Value>,
    files: Vec<FilePart>,
) -> Reply {
    let segs: Vec<&str> = path.trim_matches('/').split('/').collect();
    let body = body.unwrap_or(Value::Null);
    let app = inner.app_id().to_string();
    let mut st = inner.lock();
    let m = method.as_str();
    match (m, segs.as_slice()) {
        ("GET", ["gateway"]) => {
            Reply::ok(json!({"url": format!("ws://127.0.0.1:{}/gateway", inner.port)}))
        }
        ("GET", ["gateway", "bot"]) => Reply::ok(json!({
            "url": format!("ws://127.0.0.1:{}/gateway", inner.port),
            "shards": 1,
            "session_start_limit":
                {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1},
        })),
        ("GET", ["oauth2", "applications", "@me"] | ["applications", "@me"]) => {
            Reply::ok(st.world.app_json())
        }
        ("GET", ["users", "@me"]) => {
            let mut u = st.world.bot.json();
            u["verified"] = json!(true);
            u["mfa_enabled"] = json!(false);
            Reply::ok(u)
        }
        ("GET", ["users", user]) => match id(user).and_then(|u| st.world.user_by_id(u)) {
            Some(u) => Reply::ok(u.json()),
            None => Reply::error(404, 10013, "Unknown User"),
        },
        ("POST", ["users", "@me", "channels"]) => open_dm(inner, &mut st, &body),
        ("GET", ["applications", a, "commands"]) if *a == app => list_commands(&st, None),
        ("GET", ["applications", a, "guilds", g, "commands"]) if *a == app => {
            guild_scope(&st, g).map_or_else(|r| r, |g| list_commands(&st, Some(g)))
        }
        ("PUT", ["applications", a, "commands"]) if *a == app => {
            overwrite_commands(inner, &mut st, seq, None, &body)
        }
        ("PUT", ["applications", a, "guilds", g, "commands"]) if *a == app => {
            match guild_scope(&st, g) {
                Ok(g) => overwrite_commands(inner, &mut st, seq, Some(g), &body),
                Err(r) => r,
            }
        }
        ("POST", ["applications", a, "commands"]) if *a == app => {
            upsert_command(inner, &mut st, seq, None, &body)
        }
        ("POST", ["applications", a, "guilds", g, "commands"]) if *a == app => {
            match guild_scope(&st, g) {
                Ok(g) => upsert_command(inner, &mut st, seq, Some(g), &body),
                Err(r) => r,
            }
        }
        (_, ["applications", a, "commands", c]) if *a == app => {
            one_command(&mut st, m, None, c, &body)
        }
        (_, ["applications", a, "guilds", g, "commands", c]) if *a == app => {
            match guild_scope(&st, g) {
                Ok(g) => one_command(&mut st, m, Some(g), c, &body),
                Err(r) => r,
            }
        }
        ("POST", ["interactions", i, token, "callback"]) => {
            callback(inner, &mut st, seq, i, token, &body, files)
        }
        ("POST", ["webhooks", a, token]) if *a == app => {
            webhook_post(inner, &mut st, seq, token, &body, files)
        }
        (_, ["webhooks", a, token, "messages", which]) if *a == app => {
            webhook_message(inner, &mut st, seq, m, token, which, &body, files)
        }
        ("POST", ["channels", c, "messages"]) => channel_post(inner, &mut st, c, &body, files),
        (_, ["channels", c, "messages", msg]) => {
            channel_message(inner, &mut st, m, c, msg, &body, files)
        }
        ("POST", ["channels", _, "typing"]) => Reply::no_content(),
        ("GET", ["channels", c]) => get_channel(&st, c),
        ("GET", ["guilds", g]) => match guild_scope(&st, g) {
            Ok(g) => Reply::ok(st.world.guild(g).expect("scoped").rest_json()),
            Err(r) => r,
        },
        ("GET", ["guilds", g, "channels"]) => match guild_scope(&st, g) {
            Ok(g) => {
                let guild = st.world.guild(g).expect("scoped");
                Reply::ok(Value::Array(
                    guild
                        .channels
                        .iter()
                        .map(|c| guild.channel_json(c))
                        .collect(),
                ))
            }
            Err(r) => r,
        },
        ("GET", ["guilds", g, "roles"]) => match guild_scope(&st, g) {
            Ok(g) => {
                let guild = st.world.guild(g).expect("scoped");
                Reply::ok(Value::Array(
                    guild.roles.iter().map(|r| guild.role_json(r)).collect(),
                ))
            }
            Err(r) => r,
        },
        ("GET", ["guilds", g, "members", u]) => match guild_scope(&st, g) {
            Ok(g) => {
                let guild = st.world.guild(g).expect("scoped");
                let found = id(u).and_then(|u| guild.member(u).zip(st.world.user_by_id(u)));
                match found {
                    Some((member, user)) => Reply::ok(guild.member_json(member, user, true, false)),
                    None => Reply::error(404, 10007, "Unknown Member"),
                }
            }
            Err(r) => r,
        },
        _ => {
            st.unhandled.push(format!("{m} {path}"));
            Reply::unknown_route()
        }
    }
}

fn guild_scope(st: &State, g: &str) -> Result<u64, Reply> {
    match id(g).and_then(|g| st.world.guild(g)) {
        Some(guild) if guild.member(st.world.bot.id).is_some() => Ok(guild.id),
        Some(_) => Err(Reply::error(403, 50001, "Missing Access")),
        None => Err(Reply::unknown_guild()),
    }
}

fn record_issues(st: &mut State, context: &str, issues: &[Issue]) {
    for issue in issues {
        st.violation(format!("{context}: {issue}"));
    }
}

// ---- commands ------------------------------------------------------------------------------

fn list_commands(st: &State, scope: Option<u64>) -> Reply {
    Reply::ok(Value::Array(
        st.commands
            .iter()
            .filter(|c| c.guild_id == scope)
            .map(|c| c.json.clone())
            .collect(),
    ))
}

fn command_object(inner: &Inner, id: u64, scope: Option<u64>, body: &Value) -> Value {
    let mut obj = body.as_object().cloned().unwrap_or_default();
    obj.insert("id".into(), json!(id.to_string()));
    obj.insert("application_id".into(), json!(inner.app_id().to_string()));
    obj.insert("version".into(), json!(inner.ids.next().to_string()));
    obj.entry("type").or_insert(json!(1));
    obj.entry("description").or_insert(json!(""));
    obj.entry("options").or_insert(json!([]));
    obj.entry("default_member_permissions")
        .or_insert(Value::Null);
    obj.entry("nsfw").or_insert(json!(false));
    obj.entry("integration_types").or_insert(json!([0]));
    obj.entry("contexts").or_insert(Value::Null);
    match scope {
        Some(g) => obj.insert("guild_id".into(), json!(g.to_string())),
        None => obj.remove("guild_id"),
    };
    Value::Object(obj)
}

fn scope_label(scope: Option<u64>) -> String {
    scope.map_or_else(
        || "global commands".into(),
        |g| format!("guild {g} commands"),
    )
}

fn overwrite_commands(
    inner: &Inner,
    st: &mut State,
    seq: u64,
    scope: Option<u64>,
    body: &Value,
) -> Reply {
    let issues = validator::check_commands(body);
    record_issues(st, &format!("registering {}", scope_label(scope)), &issues);
    if issues.iter().any(|i| i.limit) {
        return Reply::invalid_form(&issues);
    }
    let list = body.as_array().cloned().unwrap_or_default();
    let mut fresh = Vec::new();
    for cmd in &list {
        let name = cmd.get("name").and_then(Value::as_str).unwrap_or("");
        let kind = cmd.get("type").and_then(Value::as_u64).unwrap_or(1);
        let id = st
            .commands
            .iter()
            .find(|c| c.guild_id == scope && c.name() == name && c.kind() == kind)
            .map_or_else(|| inner.ids.next(), |c| c.id);
        fresh.push(RegisteredCommand {
            id,
            guild_id: scope,
            json: command_object(inner, id, scope, cmd),
        });
    }
    st.commands.retain(|c| c.guild_id != scope);
    let answer = Value::Array(fresh.iter().map(|c| c.json.clone()).collect());
    st.commands.extend(fresh);
    st.registrations.push((seq, scope));
    Reply::ok(answer)
}

fn upsert_command(
    inner: &Inner,
    st: &mut State,
    seq: u64,
    scope: Option<u64>,
    body: &Value,
) -> Reply {
    let issues = validator::check_command(body, "");
    record_issues(
        st,
        &format!("registering one of the {}", scope_label(scope)),
        &issues,
    );
    if issues.iter().any(|i| i.limit) {
        return Reply::invalid_form(&issues);
    }
    let name = body
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let kind = body.get("type").and_then(Value::as_u64).unwrap_or(1);
    let existing = st
        .commands
        .iter()
        .position(|c| c.guild_id == scope && c.name() == name && c.kind() == kind);
    let id = existing.map_or_else(|| inner.ids.next(), |i| st.commands[i].id);
    let cmd = RegisteredCommand {
        id,
        guild_id: scope,
        json: command_object(inner, id, scope, body),
    };
    let answer = cmd.json.clone();
    match existing {
        Some(i) => st.commands[i] = cmd,
        None => st.commands.push(cmd),
    }
    st.registrations.push((seq, scope));
    Reply::json(if existing.is_some() { 200 } else { 201 }, answer)
}

fn one_command(st: &mut State, method: &str, scope: Option<u64>, c: &str, body: &Value) -> Reply {
    let Some(pos) = id(c).and_then(|c| {
        st.commands
            .iter()
            .position(|x| x.id == c && x.guild_id == scope)
    }) else {
        return Reply::error(404, 10063, "Unknown application command");
    };
    match method {
        "GET" => Reply::ok(st.commands[pos].json.clone()),
        "DELETE" => {
            st.commands.remove(pos);
            Reply::no_content()
        }
        "PATCH" => {
            let mut merged = st.commands[pos].json.clone();
            if let (Some(target), Some(patch)) = (merged.as_object_mut(), body.as_object()) {
                for (k, v) in patch {
                    target.insert(k.clone(), v.clone());
                }
            }
            let issues = validator::check_command(&merged, "");
            record_issues(st, "editing a command", &issues);
            if issues.iter().any(|i| i.limit) {
                return Reply::invalid_form(&issues);
            }
            st.commands[pos].json = merged.clone();
            Reply::ok(merged)
        }
        _ => Reply::unknown_route(),
    }
}

// ---- channels and DMs ----------------------------------------------------------------------

fn open_dm(inner: &Inner, st: &mut State, body: &Value) -> Reply {
    let recipient = body.get("recipient_id").and_then(|v| match v {
        Value::String(s) => s.parse::<u64>().ok(),
        other => other.as_u64(),
    });
    let Some(user) = recipient.and_then(|r| st.world.user_by_id(r)).cloned() else {
        return Reply::error(400, 50033, "Invalid Recipient(s)");
    };
    let channel = *st
        .dm_channels
        .entry(user.id)
        .or_insert_with(|| inner.ids.next());
    Reply::ok(dm_channel_json(channel, &user))
}

pub(crate) fn dm_channel_json(channel: u64, user: &super::model::TestUser) -> Value {
    json!({
        "id": channel.to_string(),
        "type": 1,
        "last_message_id": null,
        "flags": 0,
        "recipients": [user.json()],
    })
}

fn get_channel(st: &State, c: &str) -> Reply {
    let Some(cid) = id(c) else {
        return Reply::unknown_channel();
    };
    if let Some((guild, channel)) = st.world.guild_channel(cid) {
        return Reply::ok(guild.channel_json(channel));
    }
    if let Some(user) = st.dm_recipient(cid).and_then(|u| st.world.user_by_id(u)) {
        return Reply::ok(dm_channel_json(cid, user));
    }
    Reply::unknown_channel()
}

/// How long Discord remembers a message's nonce for `enforce_nonce` ("the past few minutes").
const NONCE_MEMORY: Duration = Duration::from_secs(180);

fn channel_post(
    inner: &Inner,
    st: &mut State,
    c: &str,
    body: &Value,
    files: Vec<FilePart>,
) -> Reply {
    let Some(cid) = id(c) else {
        return Reply::unknown_channel();
    };
    let is_guild = st.world.guild_channel(cid).is_some();
    let recipient = st.dm_recipient(cid);
    if !is_guild && recipient.is_none() {
        return Reply::unknown_channel();
    }
    if recipient.is_some_and(|r| st.dms_closed.contains(&r)) {
        return Reply::error(403, 50007, "Cannot send messages to this user");
    }
    let context = format!("message to channel {cid}");
    let reference = body
        .get("message_reference")
        .filter(|r| !r.is_null())
        .cloned();
    // What the bot may do there: see it, send (and, for a reply, read the history it shows;
    // for files, attach them). Without Embed Links Discord drops the embeds.
    let mut embeds_allowed = true;
    if let Some((guild, channel)) = st.world.guild_channel(cid) {
        use super::model::{ATTACH_FILES, EMBED_LINKS, READ_MESSAGE_HISTORY, VIEW_CHANNEL};
        let perms = guild.channel_permissions(st.world.bot.id, channel);
        if perms & VIEW_CHANNEL == 0 {
            return Reply::error(403, 50001, "Missing Access");
        }
        let mut needed = super::model::SEND_MESSAGES;
        if reference.is_some() {
            needed |= READ_MESSAGE_HISTORY;
        }
        if !files.is_empty() {
            needed |= ATTACH_FILES;
        }
        if perms & needed != needed {
            return Reply::error(403, 50013, "Missing Permissions");
        }
        embeds_allowed = perms & EMBED_LINKS != 0;
    }
    let mut issues = validator::check_message(body, "", true, files.len());
    issues.extend(validator::check_allowed_mentions(body, ""));
    let replied = match &reference {
        Some(r) => match reply_target(st, cid, r) {
            Ok(target) => target,
            Err(issue) => {
                issues.push(issue);
                None
            }
        },
        None => None,
    };
    record_issues(st, &context, &issues);
    if issues.iter().any(|i| i.limit) {
        return Reply::invalid_form(&issues);
    }
    // `enforce_nonce`: a create with a nonce this channel saw within the last few minutes
    // answers with that message and creates none.
    let nonce = match body.get("nonce") {
        Some(Value::String(n)) => Some(n.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    let enforced = nonce
        .clone()
        .filter(|_| body.get("enforce_nonce").and_then(Value::as_bool) == Some(true));
    if let Some(n) = &enforced {
        let earlier = st
            .nonces
            .get(&(cid, n.clone()))
            .filter(|(_, at)| at.elapsed() < NONCE_MEMORY)
            .and_then(|(m, _)| st.messages.get(m))
            .map(|m| m.json.clone());
        if let Some(json) = earlier {
            st.nonce_repeats += 1;
            return Reply::ok(json);
        }
    }
    let flags = body.get("flags").and_then(Value::as_u64).unwrap_or(0);
    if flags & validator::EPHEMERAL != 0 {
        st.violation(format!(
            "{context}: flags: ephemeral (64) only works in interaction responses (policy)"
        ));
    }
    let kind = if body.get("message_reference").is_some_and(|r| !r.is_null()) {
        19
    } else {
        0
    };
    let msg_id = inner.ids.next();
    let (json, files) = build_message(
        inner,
        st,
        msg_id,
        cid,
        body,
        files,
        flags & SETTABLE_FLAGS & !validator::EPHEMERAL,
        kind,
        None,
    );
    let mut json = json;
    if !embeds_allowed {
        json["embeds"] = json!([]);
    }
    if let Some(target) = replied {
        // With no allowed_mentions Discord pings the replied-to author; with them, only when
        // replied_user is true.
        let pinged = body
            .get("allowed_mentions")
            .filter(|a| !a.is_null())
            .is_none_or(|am| am.get("replied_user").and_then(Value::as_bool) == Some(true));
        if pinged {
            json["mentions"] = json!([target["author"].clone()]);
        }
        json["referenced_message"] = target;
    }
    if let Some(n) = &nonce {
        json["nonce"] = json!(n);
    }
    if let Some(n) = enforced {
        st.nonces.insert((cid, n), (msg_id, Instant::now()));
    }
    st.messages.insert(
        msg_id,
        StoredMessage {
            json: json.clone(),
            files,
            channel_id: cid,
            at: Instant::now(),
        },
    );
    Reply::ok(json)
}

/// The message a reply's `message_reference` points to, in the channel it is posted in. A
/// message that is not there is refused as Discord refuses it (`fail_if_not_exists` defaults
/// to true); with `fail_if_not_exists: false` the post goes out as a plain message.
fn reply_target(st: &State, channel: u64, reference: &Value) -> Result<Option<Value>, Issue> {
    let unknown = |message: &str| Issue {
        path: "message_reference.message_id".into(),
        message: message.into(),
        code: "MESSAGE_REFERENCE_UNKNOWN_MESSAGE",
        limit: true,
    };
    let wanted = reference
        .get("message_id")
        .and_then(|v| match v {
            Value::String(s) => s.parse::<u64>().ok(),
            other => other.as_u64(),
        })
        .ok_or_else(|| unknown("a reply needs message_reference.message_id"))?;
    let other_channel = reference
        .get("channel_id")
        .and_then(Value::as_str)
        .and_then(|c| c.parse::<u64>().ok())
        .is_some_and(|c| c != channel);
    let found = st
        .messages
        .get(&wanted)
        .filter(|m| m.channel_id == channel && !other_channel);
    match found {
        Some(m) => Ok(Some(m.json.clone())),
        None if reference.get("fail_if_not_exists").and_then(Value::as_bool) == Some(false) => {
            Ok(None)
        }
        None => Err(unknown("Unknown message")),
    }
}

#[allow(clippy::too_many_arguments)]
fn channel_message(
    inner: &Inner,
    st: &mut State,
    method: &str,
    c: &str,
    msg: &str,
    body: &Value,
    files: Vec<FilePart>,
) -> Reply {
    let (Some(cid), Some(mid)) = (id(c), id(msg)) else {
        return Reply::unknown_message();
    };
    if st.messages.get(&mid).is_none_or(|m| m.channel_id != cid) {
        return Reply::unknown_message();
    }
    let flags = st.messages[&mid]
        .json
        .get("flags")
        .and_then(Value::as_u64)
        .unwrap_or(0);
    if flags & validator::EPHEMERAL != 0 {
        // Ephemeral messages exist only through the interaction's webhook.
        st.violation(format!(
            "{method} /channels/{cid}/messages/{mid}: an ephemeral message can only be reached \
             through the interaction webhook (10008)"
        ));
        return Reply::unknown_message();
    }
    match method {
        "GET" => Reply::ok(st.messages[&mid].json.clone()),
        "DELETE" => {
            st.messages.remove(&mid);
            Reply::no_content()
        }
        "PATCH" => {
            let mut issues = validator::check_message(body, "", false, files.len());
            issues.extend(validator::check_allowed_mentions(body, ""));
            record_issues(st, &format!("edit of message {mid}"), &issues);
            if issues.iter().any(|i| i.limit) {
                return Reply::invalid_form(&issues);
            }
            Reply::ok(apply_edit(inner, st, mid, body, files, false))
        }
        _ => Reply::unknown_route(),
    }
}

// ---- messages ------------------------------------------------------------------------------

/// Builds the attachments list of a message from the body's `attachments` (if any), the
/// uploaded parts and the attachments the message already had.
fn build_attachments(
    inner: &Inner,
    st: &mut State,
    body: &Value,
    files: Vec<FilePart>,
    existing: &[Value],
    existing_files: &[FilePart],
) -> (Vec<Value>, Vec<FilePart>) {
    let listed = body.get("attachments").and_then(Value::as_array);
    let mut out = Vec::new();
    let mut out_files = Vec::new();
    // Kept attachments: all of them when the body does not list attachments.
    for (i, att) in existing.iter().enumerate() {
        let att_id = id_string(att.get("id"));
        let keep = listed.is_none_or(|l| l.iter().any(|a| id_string(a.get("id")) == att_id));
        if keep {
            out.push(att.clone());
            if let Some(f) = existing_files.get(i) {
                out_files.push(f.clone());
            }
        }
    }
    for file in files {
        let index = file
            .field
            .trim_start_matches("files[")
            .trim_end_matches(']')
            .to_string();
        let meta = listed.and_then(|l| l.iter().find(|a| id_string(a.get("id")) == index));
        let filename = meta
            .and_then(|m| m.get("filename"))
            .and_then(Value::as_str)
            .map_or_else(|| file.filename.clone(), str::to_string);
        let att_id = inner.ids.next();
        let url = format!("{}/attachments/{att_id}/{filename}", inner.base_url());
        let mut att = json!({
            "id": att_id.to_string(),
            "filename": filename,
            "size": file.data.len(),
            "url": url,
            "proxy_url": url,
            "content_type": file.content_type,
        });
        if let Some(desc) = meta
            .and_then(|m| m.get("description"))
            .filter(|d| !d.is_null())
        {
            att["description"] = desc.clone();
        }
        if let Some((w, h)) = png_size(&file.data) {
            att["width"] = json!(w);
            att["height"] = json!(h);
        }
        st.attachments.insert(att_id, file.clone());
        out.push(att);
        out_files.push(file);
    }
    (out, out_files)
}

fn id_string(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

fn png_size(data: &[u8]) -> Option<(u32, u32)> {
    if data.len() < 24 || &data[..8] != b"\x89PNG\r\n\x1a\n" {
        return None;
    }
    let w = u32::from_be_bytes(data[16..20].try_into().ok()?);
    let h = u32::from_be_bytes(data[20..24].try_into().ok()?);
    Some((w, h))
}

fn normalize_embeds(body: &Value) -> Value {
    let mut embeds = body.get("embeds").cloned().unwrap_or_else(|| json!([]));
    if let Some(list) = embeds.as_array_mut() {
        for e in list {
            if let Some(obj) = e.as_object_mut() {
                obj.entry("type").or_insert(json!("rich"));
                for key in ["image", "thumbnail"] {
                    if let Some(img) = obj.get_mut(key).and_then(Value::as_object_mut) {
                        if let Some(url) = img.get("url").cloned() {
                            img.entry("proxy_url").or_insert(url);
                        }
                    }
                }
            }
        }
    }
    embeds
}

/// A new message object, as Discord stores and returns it.
#[allow(clippy::too_many_arguments)]
pub(crate) fn build_message(
    inner: &Inner,
    st: &mut State,
    msg_id: u64,
    channel_id: u64,
    body: &Value,
    files: Vec<FilePart>,
    flags: u64,
    kind: u8,
    interaction: Option<(&Value, &Value)>,
) -> (Value, Vec<FilePart>) {
    let (attachments, files) = build_attachments(inner, st, body, files, &[], &[]);
    let mut msg = json!({
        "id": msg_id.to_string(),
        "channel_id": channel_id.to_string(),
        "author": st.world.bot.json(),
        "content": body.get("content").and_then(Value::as_str).unwrap_or(""),
        "timestamp": now_timestamp(),
        "edited_timestamp": null,
        "tts": body.get("tts").and_then(Value::as_bool).unwrap_or(false),
        "mention_everyone": false,
        "mentions": [],
        "mention_roles": [],
        "mention_channels": [],
        "attachments": attachments,
        "embeds": normalize_embeds(body),
        "reactions": [],
        "pinned": false,
        "type": kind,
        "flags": flags,
        "components": body.get("components").cloned().unwrap_or_else(|| json!([])),
    });
    if let Some((metadata, legacy)) = interaction {
        msg["webhook_id"] = json!(inner.app_id().to_string());
        msg["application_id"] = json!(inner.app_id().to_string());
        msg["interaction_metadata"] = metadata.clone();
        msg["interaction"] = legacy.clone();
    }
    if let Some(r) = body.get("message_reference").filter(|r| !r.is_null()) {
        msg["message_reference"] = r.clone();
    }
    (msg, files)
}

/// Applies an edit body to a stored message and returns the new message object.
pub(crate) fn apply_edit(
    inner: &Inner,
    st: &mut State,
    msg_id: u64,
    body: &Value,
    files: Vec<FilePart>,
    resolve_loading: bool,
) -> Value {
    let Some(stored) = st.messages.get(&msg_id).cloned() else {
        return Value::Null;
    };
    let mut msg = stored.json;
    let existing: Vec<Value> = msg
        .get("attachments")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let touches_attachments = body.get("attachments").is_some() || !files.is_empty();
    let (attachments, new_files) = if touches_attachments {
        build_attachments(inner, st, body, files, &existing, &stored.files)
    } else {
        (existing, stored.files)
    };
    if let Some(content) = body.get("content") {
        msg["content"] = if content.is_null() {
            json!("")
        } else {
            content.clone()
        };
    }
    if body.get("embeds").is_some() {
        msg["embeds"] = normalize_embeds(body);
    }
    if let Some(components) = body.get("components") {
        msg["components"] = if components.is_null() {
            json!([])
        } else {
            components.clone()
        };
    }
    msg["attachments"] = Value::Array(attachments);
    let mut flags = msg.get("flags").and_then(Value::as_u64).unwrap_or(0);
    if resolve_loading {
        flags &= !LOADING;
    } else {
        msg["edited_timestamp"] = json!(now_timestamp());
    }
    if let Some(f) = body.get("flags").and_then(Value::as_u64) {
        // Only "suppress embeds" can be changed by an edit.
        flags = (flags & !(1 << 2)) | (f & (1 << 2));
    }
    msg["flags"] = json!(flags);
    st.messages.insert(
        msg_id,
        StoredMessage {
            json: msg.clone(),
            files: new_files,
            channel_id: stored.channel_id,
            at: Instant::now(),
        },
    );
    msg
}

// ---- interactions --------------------------------------------------------------------------

fn callback(
    inner: &Inner,
    st: &mut State,
    seq: u64,
    interaction_id: &str,
    token: &str,
    body: &Value,
    files: Vec<FilePart>,
) -> Reply {
    let deadline = st.ack_deadline;
    let Some(rec) = st.interactions.get(token) else {
        return Reply::unknown_interaction();
    };
    if id(interaction_id) != Some(rec.id) {
        return Reply::unknown_interaction();
    }
    let label = rec.label.clone();
    let context = format!("[{label}] interaction callback");
    if rec.ack.is_some() {
        st.violation(format!(
            "{context}: a second callback for an interaction already acknowledged (40060)"
        ));
        return Reply::error(400, 40060, "Interaction has already been acknowledged.");
    }
    let elapsed = rec.created.elapsed();
    if rec.expired {
        // Recorded when the deadline passed (see `expire_unanswered`).
        return Reply::unknown_interaction();
    }
    if elapsed > deadline {
        st.violation(format!(
            "{context}: first response {} ms after the interaction, the deadline is {} ms (10062)",
            elapsed.as_millis(),
            deadline.as_millis()
        ));
        return Reply::unknown_interaction();
    }
    let kind = body
        .get("type")
        .and_then(Value::as_u64)
        .and_then(|k| u8::try_from(k).ok())
        .unwrap_or(0);
    let data = body.get("data").cloned().unwrap_or(Value::Null);
    let allowed: &[u8] = match rec.kind {
        2 => &[4, 5, 9],
        3 => &[4, 5, 6, 7, 9],
        4 => &[8],
        5 if rec.source_message_id.is_some() => &[4, 5, 6, 7],
        5 => &[4, 5, 6],
        _ => &[],
    };
    if !allowed.contains(&kind) {
        let issue = Issue {
            path: "type".into(),
            message: format!(
                "callback type {kind} is not valid for interaction type {}",
                rec.kind
            ),
            code: "BASE_TYPE_CHOICES",
            limit: true,
        };
        record_issues(st, &context, std::slice::from_ref(&issue));
        return Reply::invalid_form(&[issue]);
    }
    let mut issues = Vec::new();
    match kind {
        4 => {
            issues.extend(validator::check_message(&data, "data", true, files.len()));
            issues.extend(validator::check_allowed_mentions(&data, "data"));
        }
        7 => {
            issues.extend(validator::check_message(&data, "data", false, files.len()));
            issues.extend(validator::check_allowed_mentions(&data, "data"));
        }
        8 => issues.extend(validator::check_autocomplete(&data, "data")),
        9 => issues.extend(validator::check_modal(&data, "data")),
        _ => {}
    }
    record_issues(st, &format!("{context} type {kind}"), &issues);
    if issues.iter().any(|i| i.limit) {
        return Reply::invalid_form(&issues);
    }

    let rec = st
        .interactions
        .get(token)
        .expect("checked above")
        .clone_meta();
    let flags = data.get("flags").and_then(Value::as_u64).unwrap_or(0);
    let mut message = None;
    let mut original = None;
    let mut loading = false;
    match kind {
        4 | 5 => {
            let msg_id = inner.ids.next();
            let msg_kind = if rec.kind == 2 { 20 } else { 0 };
            let (msg_flags, msg_body) = if kind == 4 {
                (flags & SETTABLE_FLAGS, data.clone())
            } else {
                loading = true;
                (
                    LOADING | (flags & validator::EPHEMERAL),
                    json!({"content": ""}),
                )
            };
            let files = if kind == 4 { files.clone() } else { Vec::new() };
            let (json, files) = build_message(
                inner,
                st,
                msg_id,
                rec.channel_id,
                &msg_body,
                files,
                msg_flags,
                msg_kind,
                Some((&rec.metadata, &rec.legacy_interaction)),
            );
            st.messages.insert(
                msg_id,
                StoredMessage {
                    json: json.clone(),
                    files,
                    channel_id: rec.channel_id,
                    at: Instant::now(),
                },
            );
            original = Some(msg_id);
            message = Some(json);
        }
        6 => original = rec.source_message_id,
        7 => {
            if let Some(src) = rec.source_message_id {
                message = Some(apply_edit(inner, st, src, &data, files.clone(), false));
                original = Some(src);
            }
        }
        _ => {}
    }
    let rec = st.interactions.get_mut(token).expect("checked above");
    rec.ack = Some(Ack {
        kind,
        data,
        files,
        req_seq: seq,
        message,
    });
    rec.original_message_id = original;
    rec.loading = loading;
    Reply::no_content()
}

fn webhook_context(st: &State, token: &str) -> String {
    let label = st.interactions.get(token).map_or("?", |r| r.label.as_str());
    format!("[{label}] webhook")
}

fn webhook_post(
    inner: &Inner,
    st: &mut State,
    seq: u64,
    token: &str,
    body: &Value,
    files: Vec<FilePart>,
) -> Reply {
    let context = webhook_context(st, token);
    let Some(rec) = st.interactions.get(token) else {
        return Reply::unknown_webhook();
    };
    if rec.created.elapsed() > TOKEN_LIFETIME {
        return Reply::error(401, 50027, "Invalid Webhook Token");
    }
    let Some(ack_kind) = rec.ack.as_ref().map(|a| a.kind) else {
        st.violation(format!(
            "{context}: followup before the interaction was acknowledged (10015)"
        ));
        return Reply::unknown_webhook();
    };
    if ack_kind == 8 {
        st.violation(format!(
            "{context}: followup to an autocomplete interaction (10015)"
        ));
        return Reply::unknown_webhook();
    }
    let mut issues = validator::check_message(body, "", true, files.len());
    issues.extend(validator::check_allowed_mentions(body, ""));
    record_issues(st, &format!("{context} POST"), &issues);
    if issues.iter().any(|i| i.limit) {
        return Reply::invalid_form(&issues);
    }
    let rec = st.interactions.get(token).expect("checked").clone_meta();
    let (msg, op_kind, msg_id) =
        if let (5, true, Some(original)) = (ack_kind, rec.loading, rec.original_message_id) {
            (
                apply_edit(inner, st, original, body, files, true),
                WebhookOpKind::ResolveDefer,
                original,
            )
        } else {
            let msg_id = inner.ids.next();
            let flags = body.get("flags").and_then(Value::as_u64).unwrap_or(0) & SETTABLE_FLAGS;
            let msg_kind = if rec.kind == 2 { 20 } else { 0 };
            let (json, files) = build_message(
                inner,
                st,
                msg_id,
                rec.channel_id,
                body,
                files,
                flags,
                msg_kind,
                Some((&rec.metadata, &rec.legacy_interaction)),
            );
            st.messages.insert(
                msg_id,
                StoredMessage {
                    json: json.clone(),
                    files,
                    channel_id: rec.channel_id,
                    at: Instant::now(),
                },
            );
            (json, WebhookOpKind::Followup, msg_id)
        };
    let rec = st.interactions.get_mut(token).expect("checked");
    if op_kind == WebhookOpKind::ResolveDefer {
        rec.loading = false;
    } else {
        rec.followups.push(msg_id);
    }
    rec.webhook_ops.push(WebhookOp {
        req_seq: seq,
        message_id: msg_id,
        kind: op_kind,
        message: msg.clone(),
    });
    Reply::ok(msg)
}

#[allow(clippy::too_many_arguments)]
fn webhook_message(
    inner: &Inner,
    st: &mut State,
    seq: u64,
    method: &str,
    token: &str,
    which: &str,
    body: &Value,
    files: Vec<FilePart>,
) -> Reply {
    let context = webhook_context(st, token);
    let Some(rec) = st.interactions.get(token) else {
        return Reply::unknown_webhook();
    };
    if rec.created.elapsed() > TOKEN_LIFETIME {
        return Reply::error(401, 50027, "Invalid Webhook Token");
    }
    let is_original = which == "@original";
    let target = if is_original {
        rec.original_message_id
    } else {
        id(which).filter(|m| rec.followups.contains(m) || rec.original_message_id == Some(*m))
    };
    let Some(msg_id) = target.filter(|m| st.messages.contains_key(m)) else {
        return Reply::unknown_message();
    };
    let loading = rec.loading && rec.original_message_id == Some(msg_id);
    match method {
        "GET" => Reply::ok(st.messages[&msg_id].json.clone()),
        "DELETE" => {
            st.messages.remove(&msg_id);
            let rec = st.interactions.get_mut(token).expect("checked");
            rec.webhook_ops.push(WebhookOp {
                req_seq: seq,
                message_id: msg_id,
                kind: WebhookOpKind::Delete,
                message: Value::Null,
            });
            Reply::no_content()
        }
        "PATCH" => {
            let mut issues = validator::check_message(body, "", false, files.len());
            issues.extend(validator::check_allowed_mentions(body, ""));
            record_issues(st, &format!("{context} PATCH {which}"), &issues);
            if issues.iter().any(|i| i.limit) {
                return Reply::invalid_form(&issues);
            }
            let msg = apply_edit(inner, st, msg_id, body, files, loading);
            let rec = st.interactions.get_mut(token).expect("checked");
            if loading {
                rec.loading = false;
            }
            let kind = if is_original {
                WebhookOpKind::EditOriginal
            } else {
                WebhookOpKind::EditFollowup
            };
            rec.webhook_ops.push(WebhookOp {
                req_seq: seq,
                message_id: msg_id,
                kind,
                message: msg.clone(),
            });
            Reply::ok(msg)
        }
        _ => Reply::unknown_route(),
    }
}
