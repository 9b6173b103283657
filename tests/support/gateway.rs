//! The gateway: HELLO, IDENTIFY → READY + `GUILD_CREATE`, heartbeats, RESUME with replay,
//! per-frame zlib compression, and closing with a chosen code.

use std::collections::HashMap;
use std::io::Write;
use std::sync::Arc;

use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::extract::State as AxumState;
use flate2::write::ZlibEncoder;
use flate2::Compression;
use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::sync::mpsc;

use super::fake::{FakeDiscord, HarnessResult, Inner, State};

/// How many dispatched events a session keeps for RESUME replay.
const REPLAY_BUFFER: usize = 5_000;

pub(crate) struct GatewayState {
    pub sessions: HashMap<String, Session>,
    pub current: Option<String>,
    pub identify_count: u64,
    pub resume_count: u64,
    pub heartbeat_count: u64,
    pub connection_count: u64,
    pub invalid_sessions_sent: u64,
    /// Tick of the latest IDENTIFY.
    pub identified_at: Option<u64>,
    pub last_identify: Option<Value>,
    /// Opcodes other than 1, 2, 6 the bot sent (presence updates, member requests…).
    pub other_ops: Vec<Value>,
    /// Answer heartbeats with op 11 (turn off to simulate a zombie connection).
    pub ack_heartbeats: bool,
    /// IDENTIFYs that came while another session still had a live connection: two bot
    /// processes holding the gateway at once.
    pub overlaps: u64,
}

impl Default for GatewayState {
    fn default() -> Self {
        GatewayState {
            sessions: HashMap::new(),
            current: None,
            identify_count: 0,
            resume_count: 0,
            heartbeat_count: 0,
            connection_count: 0,
            invalid_sessions_sent: 0,
            identified_at: None,
            last_identify: None,
            other_ops: Vec::new(),
            ack_heartbeats: true,
            overlaps: 0,
        }
    }
}

pub(crate) struct Session {
    pub id: String,
    pub seq: u64,
    pub log: Vec<(u64, String)>,
    pub conn: Option<Conn>,
    pub compress: bool,
}

#[derive(Clone)]
pub(crate) struct Conn {
    pub id: u64,
    pub tx: mpsc::UnboundedSender<Outbound>,
}

pub(crate) enum Outbound {
    Frame {
        json: String,
        compress: bool,
    },
    Close {
        code: u16,
        reason: String,
    },
    /// Drop the TCP connection without a close frame.
    Drop,
}

pub(crate) async fn ws_handler(
    ws: WebSocketUpgrade,
    AxumState(inner): AxumState<Arc<Inner>>,
) -> axum::response::Response {
    ws.on_upgrade(move |socket| run_connection(inner, socket))
}

fn zlib(text: &str) -> Vec<u8> {
    let mut enc = ZlibEncoder::new(Vec::with_capacity(text.len() / 2 + 16), Compression::fast());
    enc.write_all(text.as_bytes())
        .expect("zlib into a Vec cannot fail");
    enc.finish().expect("zlib into a Vec cannot fail")
}

async fn run_connection(inner: Arc<Inner>, socket: WebSocket) {
    let (mut sink, mut stream) = socket.split();
    let (tx, mut rx) = mpsc::unbounded_channel();
    let conn_id = {
        let mut st = inner.lock();
        st.gw.connection_count += 1;
        st.gw.connection_count
    };
    inner.notify();
    let conn = Conn { id: conn_id, tx };
    let hello = json!({
        "op": 10,
        "d": {"heartbeat_interval": inner.cfg.heartbeat_interval_ms, "_trace": ["fake-discord"]},
        "s": null,
        "t": null,
    });
    if sink.send(Message::Text(hello.to_string())).await.is_ok() {
        loop {
            tokio::select! {
                incoming = stream.next() => match incoming {
                    Some(Ok(Message::Text(text))) => handle_client(&inner, &conn, &text),
                    Some(Ok(Message::Binary(bytes))) => {
                        handle_client(&inner, &conn, &String::from_utf8_lossy(&bytes));
                    }
                    Some(Ok(Message::Close(_)) | Err(_)) | None => break,
                    Some(Ok(_)) => {}
                },
                out = rx.recv() => match out {
                    Some(Outbound::Frame { json, compress }) => {
                        let msg = if compress {
                            Message::Binary(zlib(&json))
                        } else {
                            Message::Text(json)
                        };
                        if sink.send(msg).await.is_err() {
                            break;
                        }
                    }
                    Some(Outbound::Close { code, reason }) => {
                        let frame = CloseFrame { code, reason: reason.into() };
                        let _ = sink.send(Message::Close(Some(frame))).await;
                        break;
                    }
                    Some(Outbound::Drop) | None => break,
                },
            }
        }
    }
    {
        let mut st = inner.lock();
        for session in st.gw.sessions.values_mut() {
            if session.conn.as_ref().is_some_and(|c| c.id == conn_id) {
                session.conn = None;
            }
        }
    }
    inner.notify();
}

fn send(conn: &Conn, json: String, compress: bool) {
    let _ = conn.tx.send(Outbound::Frame { json, compress });
}

fn close(conn: &Conn, code: u16, reason: &str) {
    let _ = conn.tx.send(Outbound::Close {
        code,
        reason: reason.to_string(),
    });
}

fn handle_client(inner: &Inner, conn: &Conn, text: &str) {
    let Ok(payload) = serde_json::from_str::<Value>(text) else {
        close(conn, 4002, "Error while decoding payload.");
        return;
    };
    let op = payload.get("op").and_then(Value::as_u64);
    let d = payload.get("d").cloned().unwrap_or(Value::Null);
    {
        let mut st = inner.lock();
        let compress = session_of(&st, conn.id).is_some_and(|s| s.compress);
        match op {
            Some(1) if !st.gw.ack_heartbeats => st.gw.heartbeat_count += 1,
            Some(1) => {
                st.gw.heartbeat_count += 1;
                send(
                    conn,
                    json!({"op": 11, "d": null, "s": null, "t": null}).to_string(),
                    compress,
                );
            }
            Some(2) => identify(inner, &mut st, conn, &d),
            Some(6) => resume(inner, &mut st, conn, &d),
            Some(3 | 4 | 8 | 31) => st.gw.other_ops.push(payload.clone()),
            _ => close(conn, 4001, "Unknown opcode."),
        }
    }
    inner.notify();
}

fn session_of(st: &State, conn_id: u64) -> Option<&super::gateway::Session> {
    st.gw
        .sessions
        .values()
        .find(|s| s.conn.as_ref().is_some_and(|c| c.id == conn_id))
}

fn token_ok(inner: &Inner, d: &Value) -> bool {
    let expected = &inner.cfg.token;
    match d.get("token").and_then(Value::as_str) {
        Some(t) => t == format!("Bot {expected}") || t == expected,
        None => false,
    }
}

fn identify(inner: &Inner, st: &mut State, conn: &Conn, d: &Value) {
    if !token_ok(inner, d) {
        close(conn, 4004, "Authentication failed.");
        return;
    }
    if session_of(st, conn.id).is_some() {
        close(conn, 4005, "Already authenticated.");
        return;
    }
    if st
        .gw
        .sessions
        .values()
        .any(|s| s.conn.as_ref().is_some_and(|c| c.id != conn.id))
    {
        st.gw.overlaps += 1;
    }
    st.gw.identify_count += 1;
    let session_id = format!("fake-session-{}-{}", st.gw.identify_count, conn.id);
    let compress = inner.cfg.compress && d.get("compress").and_then(Value::as_bool) == Some(true);
    let mut redacted = d.clone();
    if let Some(obj) = redacted.as_object_mut() {
        obj.insert("token".into(), Value::String("<redacted>".into()));
    }
    st.gw.last_identify = Some(redacted);
    let tick = st.next_tick();
    st.gw.identified_at = Some(tick);
    st.gw.sessions.insert(
        session_id.clone(),
        Session {
            id: session_id.clone(),
            seq: 0,
            log: Vec::new(),
            conn: Some(conn.clone()),
            compress,
        },
    );
    st.gw.current = Some(session_id.clone());

    let world = st.world.clone();
    let bot_guilds: Vec<_> = world
        .guilds
        .iter()
        .filter(|g| g.member(world.bot.id).is_some())
        .collect();
    let mut user = world.bot.json();
    user["verified"] = json!(true);
    user["mfa_enabled"] = json!(false);
    user["email"] = Value::Null;
    let unavailable: Vec<Value> = bot_guilds
        .iter()
        .map(|g| json!({"id": g.id.to_string(), "unavailable": true}))
        .collect();
    let ready = json!({
        "v": 10,
        "user": user,
        "guilds": unavailable,
        "session_id": session_id,
        "session_type": "normal",
        "resume_gateway_url": format!("ws://127.0.0.1:{}/gateway", inner.port),
        "shard": d.get("shard").cloned().unwrap_or(json!([0, 1])),
        "application": {"id": world.bot.id.to_string(), "flags": 0},
        "private_channels": [],
        "presences": [],
        "relationships": [],
        "guild_join_requests": [],
        "geo_ordered_rtc_regions": [],
        "user_settings": {},
        "_trace": ["fake-discord"],
    });
    let _ = dispatch_locked(inner, st, "READY", ready);
    for g in bot_guilds {
        let _ = dispatch_locked(inner, st, "GUILD_CREATE", g.create_json(&world));
    }
}

fn resume(inner: &Inner, st: &mut State, conn: &Conn, d: &Value) {
    if !token_ok(inner, d) {
        close(conn, 4004, "Authentication failed.");
        return;
    }
    let session_id = d
        .get("session_id")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let seq = d.get("seq").and_then(Value::as_u64).unwrap_or(0);
    let replayable =
        st.gw.sessions.get(&session_id).is_some_and(|s| {
            seq <= s.seq && s.log.first().is_none_or(|(first, _)| *first <= seq + 1)
        });
    if !replayable {
        st.gw.invalid_sessions_sent += 1;
        send(
            conn,
            json!({"op": 9, "d": false, "s": null, "t": null}).to_string(),
            false,
        );
        return;
    }
    st.gw.resume_count += 1;
    let session = st.gw.sessions.get_mut(&session_id).expect("checked above");
    if let Some(old) = session.conn.replace(conn.clone()) {
        if old.id != conn.id {
            close(&old, 4000, "Session resumed elsewhere.");
        }
    }
    for (s, json) in &session.log {
        if *s > seq {
            send(conn, json.clone(), session.compress);
        }
    }
    st.gw.current = Some(session_id);
    let _ = dispatch_locked(inner, st, "RESUMED", json!({"_trace": ["fake-discord"]}));
}

/// Sends a dispatch (op 0) on the current session: numbered, logged for replay, and sent if
/// the session is connected (otherwise it waits in the log for a RESUME).
#[allow(clippy::needless_pass_by_value)] // the payload is the caller's to give away
pub(crate) fn dispatch_locked(
    inner: &Inner,
    st: &mut State,
    event: &str,
    data: Value,
) -> HarnessResult<u64> {
    let Some(session_id) = st.gw.current.clone() else {
        return Err(super::fake::HarnessError(format!(
            "cannot dispatch {event}: the bot has no gateway session (it never identified, or its \
             session was invalidated and it has not identified again)"
        )));
    };
    let session = st
        .gw
        .sessions
        .get_mut(&session_id)
        .expect("current session exists");
    session.seq += 1;
    let seq = session.seq;
    let json = json!({"op": 0, "s": seq, "t": event, "d": data}).to_string();
    session.log.push((seq, json.clone()));
    if session.log.len() > REPLAY_BUFFER {
        session.log.drain(..REPLAY_BUFFER / 10);
    }
    if let Some(conn) = &session.conn {
        send(conn, json.clone(), session.compress);
    }
    if inner.cfg.self_check {
        if let Err(e) = self_check(event, &json) {
            let mut shown = json;
            shown.truncate(600);
            st.harness_errors.push(format!(
                "{event} (seq {seq}) does not deserialize in serenity: {e}; payload: {shown}"
            ));
        }
    }
    Ok(seq)
}

/// Parses a dispatch as serenity does. Serenity turns a known event it cannot parse into
/// `Event::Unknown` (which poise ignores), so that counts as a failure here; for the events
/// the fake sends most, the specific model type gives the precise error.
fn self_check(event: &str, json: &str) -> Result<(), String> {
    use serenity::model::event::{Event, GatewayEvent};
    let parsed = serde_json::from_str::<GatewayEvent>(json).map_err(|e| e.to_string())?;
    if !matches!(parsed, GatewayEvent::Dispatch(_, Event::Unknown(_))) {
        return Ok(());
    }
    let value: Value = serde_json::from_str(json).map_err(|e| e.to_string())?;
    let d = value.get("d").cloned().unwrap_or(Value::Null);
    let detail = match event {
        "READY" => serde_json::from_value::<serenity::model::gateway::Ready>(d).err(),
        "GUILD_CREATE" => {
            serde_json::from_value::<serenity::model::event::GuildCreateEvent>(d).err()
        }
        "INTERACTION_CREATE" => {
            serde_json::from_value::<serenity::model::application::Interaction>(d).err()
        }
        _ => None,
    };
    Err(match detail {
        Some(e) => e.to_string(),
        None => "serenity parsed it as Event::Unknown (a field is missing or mistyped)".into(),
    })
}

impl FakeDiscord {
    /// Sends any dispatch event (e.g. `GUILD_MEMBER_ADD`) on the current session; returns
    /// its sequence number.
    pub fn dispatch_event(&self, event: &str, data: Value) -> HarnessResult<u64> {
        let result = {
            let mut st = self.inner.lock();
            dispatch_locked(&self.inner, &mut st, event, data)
        };
        self.inner.notify();
        result
    }

    /// The bot is added to `guild`: it joins the fake's world (so REST knows its channels and
    /// the next READY lists it) and `GUILD_CREATE` is dispatched; returns its sequence number.
    pub fn join_guild(&self, guild: super::model::GuildFixture) -> HarnessResult<u64> {
        let result = {
            let mut st = self.inner.lock();
            let data = guild.create_json(&st.world);
            st.world.guilds.push(guild);
            dispatch_locked(&self.inner, &mut st, "GUILD_CREATE", data)
        };
        self.inner.notify();
        result
    }

    /// Closes the current gateway connection with `code`. 4000 (unknown error) keeps the
    /// session, so serenity resumes; 4007/4009 (and other non-resumable codes) invalidate it,
    /// so serenity identifies again (after its 5 s wait between identifies).
    pub async fn close_gateway(&self, code: u16) {
        {
            let mut st = self.inner.lock();
            if let Some(session_id) = st.gw.current.clone() {
                let non_resumable = matches!(code, 4004 | 4007 | 4009 | 4010..=4014);
                if let Some(session) = st.gw.sessions.get_mut(&session_id) {
                    if let Some(conn) = session.conn.take() {
                        close(&conn, code, "closed by the test");
                    }
                }
                if non_resumable {
                    st.gw.sessions.remove(&session_id);
                    st.gw.current = None;
                }
            }
        }
        self.inner.notify();
    }

    /// Drops the current gateway connection without a close frame, as a network failure
    /// would. The session stays resumable.
    pub fn drop_gateway(&self) {
        {
            let mut st = self.inner.lock();
            let current = st.gw.current.clone();
            if let Some(session) = current.and_then(|id| st.gw.sessions.get_mut(&id)) {
                if let Some(conn) = session.conn.take() {
                    let _ = conn.tx.send(Outbound::Drop);
                }
            }
        }
        self.inner.notify();
    }

    /// Stop (or resume) answering heartbeats. Serenity treats an unacknowledged heartbeat as
    /// a zombie connection at its next heartbeat and restarts the shard: a new IDENTIFY,
    /// after its 5 s wait between identifies.
    pub fn set_heartbeat_acks(&self, enabled: bool) {
        self.inner.lock().gw.ack_heartbeats = enabled;
    }

    /// Sends op 7 RECONNECT (serenity reconnects and resumes).
    pub fn request_reconnect(&self) {
        self.send_op(json!({"op": 7, "d": null, "s": null, "t": null}));
    }

    /// Sends op 9 INVALID SESSION. `resumable: false` drops the session (serenity
    /// re-identifies).
    pub fn invalidate_session(&self, resumable: bool) {
        self.send_op(json!({"op": 9, "d": resumable, "s": null, "t": null}));
        if !resumable {
            let mut st = self.inner.lock();
            if let Some(id) = st.gw.current.take() {
                st.gw.sessions.remove(&id);
            }
        }
        self.inner.notify();
    }

    #[allow(clippy::needless_pass_by_value)] // the payload is the caller's to give away
    fn send_op(&self, payload: Value) {
        let st = self.inner.lock();
        if let Some(session) = st.gw.current.as_ref().and_then(|id| st.gw.sessions.get(id)) {
            if let Some(conn) = &session.conn {
                send(conn, payload.to_string(), session.compress);
            }
        }
    }

    /// Opcodes other than heartbeat/identify/resume the bot sent.
    pub fn other_gateway_ops(&self) -> Vec<Value> {
        self.inner.lock().gw.other_ops.clone()
    }

    /// Whether the current session is connected.
    pub fn gateway_connected(&self) -> bool {
        let st = self.inner.lock();
        st.gw
            .current
            .as_ref()
            .and_then(|id| st.gw.sessions.get(id))
            .is_some_and(|s| s.conn.is_some())
    }
}
