//! `FakeDiscord`: one axum server on 127.0.0.1 (random port) serving Discord's REST API under
//! `/api/v10` and the gateway WebSocket under `/gateway`, plus the test-facing API.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use axum::extract::DefaultBodyLimit;
use axum::routing::get;
use axum::Router;
use serde_json::Value;
use tokio::sync::watch;

use super::gateway::GatewayState;
use super::interactions::InteractionRecord;
use super::model::{Snowflakes, TestUser, World};

/// Settings of one fake. `FakeConfig::default()` is what `FakeDiscord::start()` uses.
#[derive(Clone, Debug)]
pub struct FakeConfig {
    /// The bot token the fake accepts (REST `Authorization: Bot <token>`, gateway IDENTIFY).
    pub token: String,
    /// Users and guilds (two guilds by default, see [`World::default`]).
    pub world: World,
    /// HELLO's heartbeat interval.
    pub heartbeat_interval_ms: u64,
    /// First interaction response deadline (Discord: 3 s). Changeable later with
    /// [`FakeDiscord::set_ack_deadline`].
    pub ack_deadline: Duration,
    /// Default timeout of every wait in the test API.
    pub timeout: Duration,
    /// Honour IDENTIFY's `compress: true` by sending each payload as its own zlib stream in a
    /// binary frame (as Discord does). `false`: always plain text frames.
    pub compress: bool,
    /// Deserialize every gateway payload the fake sends with serenity's own model types and
    /// record failures as harness errors (serenity silently drops what it cannot parse).
    pub self_check: bool,
    /// `locale` of the interactions' users.
    pub locale: String,
    /// Keep at most this many recorded requests (oldest dropped first).
    pub max_recorded: usize,
    /// A member needs time to see a message or modal before clicking or submitting it:
    /// clicks, selects and modal submits wait until this long after the message/modal
    /// arrived. Without it a test could click before the bot's HTTP client even got the
    /// answer to its request, so a collector the bot registers right after would miss the
    /// click (which cannot happen with humans).
    pub reaction_time: Duration,
}

impl Default for FakeConfig {
    fn default() -> Self {
        Self {
            token: "fake-token.for-tests.0123456789".into(),
            world: World::default(),
            heartbeat_interval_ms: 41_250,
            ack_deadline: Duration::from_secs(3),
            timeout: Duration::from_secs(10),
            compress: true,
            self_check: true,
            locale: "en-US".into(),
            max_recorded: 200_000,
            reaction_time: Duration::from_millis(100),
        }
    }
}

/// A failure of the harness or of the bot as seen by the harness (no answer within the
/// timeout, unknown command…). `Debug` prints the full multi-line diagnostics so
/// `.unwrap()` shows them.
pub struct HarnessError(pub String);

impl fmt::Debug for HarnessError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Display for HarnessError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for HarnessError {}

pub type HarnessResult<T> = Result<T, HarnessError>;

/// One uploaded file (multipart `files[n]` part).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FilePart {
    /// The multipart field name, e.g. `files[0]`.
    pub field: String,
    pub filename: String,
    pub content_type: Option<String>,
    pub data: Vec<u8>,
}

/// A REST request the bot sent.
#[derive(Clone, Debug)]
pub struct RecordedRequest {
    /// Global order of requests (and gateway handshakes).
    pub seq: u64,
    pub method: String,
    /// Path without the `/api/v10` prefix, e.g. `/interactions/1/abc/callback`.
    pub path: String,
    pub query: String,
    /// Headers of interest (lower-case names): content-type, user-agent, x-audit-log-reason.
    /// The authorization header is checked, not kept.
    pub headers: Vec<(String, String)>,
    /// The JSON body, or a multipart's `payload_json`.
    pub body: Option<Value>,
    pub files: Vec<FilePart>,
    /// The status the fake answered (0 while in flight).
    pub status: u16,
    /// The JSON the fake answered, if any.
    pub response: Option<Value>,
    pub at: Instant,
}

impl RecordedRequest {
    /// The bot process that sent it (its `INSTANCE_NAME`, header `X-Funnel-Coach-Instance`).
    pub fn instance(&self) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == "x-funnel-coach-instance")
            .map(|(_, v)| v.as_str())
    }

    /// `"POST /interactions/*/*/callback"`; see [`route_matches`].
    pub fn matches(&self, pattern: &str) -> bool {
        route_matches(pattern, &self.method, &self.path)
    }

    /// Discord's error code in the answer, if it was an error.
    pub fn error_code(&self) -> Option<i64> {
        self.response
            .as_ref()
            .and_then(|r| r.get("code"))
            .and_then(Value::as_i64)
    }
}

impl fmt::Display for RecordedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{} {} {}", self.seq, self.method, self.path)?;
        if !self.query.is_empty() {
            write!(f, "?{}", self.query)?;
        }
        write!(f, " -> {}", self.status)?;
        if let Some(code) = self.error_code().filter(|_| self.status >= 400) {
            write!(f, " (code {code})")?;
        }
        Ok(())
    }
}

/// Route patterns for [`FakeDiscord::inject`] and [`RecordedRequest::matches`].
pub mod routes {
    pub const CALLBACK: &str = "POST /interactions/*/*/callback";
    pub const FOLLOWUP: &str = "POST /webhooks/*/*";
    pub const EDIT_ORIGINAL: &str = "PATCH /webhooks/*/*/messages/@original";
    pub const WEBHOOK_ANY: &str = "/webhooks/**";
    pub const CHANNEL_MESSAGE: &str = "POST /channels/*/messages";
    pub const DM_CHANNEL: &str = "POST /users/@me/channels";
    pub const REGISTER_GLOBAL: &str = "PUT /applications/*/commands";
    pub const REGISTER_GUILD: &str = "PUT /applications/*/guilds/*/commands";
    pub const GATEWAY: &str = "GET /gateway";
}

/// `pattern` is an optional HTTP method, a space, then a path whose segments are literal,
/// `*` (any one segment) or `**` (everything after). A leading `/api/v10` is ignored.
/// Examples: `"POST /channels/*/messages"`, `"/webhooks/**"`.
pub fn route_matches(pattern: &str, method: &str, path: &str) -> bool {
    let (want_method, glob) = match pattern.split_once(' ') {
        Some((m, p)) => (Some(m), p),
        None => (None, pattern),
    };
    if want_method.is_some_and(|m| !m.eq_ignore_ascii_case(method)) {
        return false;
    }
    let glob = glob.strip_prefix("/api/v10").unwrap_or(glob);
    let path = path.strip_prefix("/api/v10").unwrap_or(path);
    let mut want = glob.trim_matches('/').split('/');
    let mut have = path.trim_matches('/').split('/');
    loop {
        match (want.next(), have.next()) {
            (Some("**"), _) | (None, None) => return true,
            (Some("*"), Some(_)) => {}
            (Some(w), Some(h)) if w == h => {}
            _ => return false,
        }
    }
}

/// A programmed failure for matching REST requests.
#[derive(Clone, Debug)]
pub enum Fault {
    /// 429 with Discord's body `{"message","retry_after","global"}` (no `code`) and headers.
    RateLimited { retry_after: f64, global: bool },
    /// 500 `{"message":"500: Internal Server Error","code":0}`.
    ServerError,
    /// 403 code 50007 "Cannot send messages to this user".
    CannotDm,
    /// Any status with this JSON body.
    Status { status: u16, body: Value },
    /// Answer normally, after this delay.
    Delay(Duration),
}

impl Fault {
    pub fn rate_limited(retry_after: f64) -> Self {
        Fault::RateLimited {
            retry_after,
            global: false,
        }
    }
    pub fn server_error() -> Self {
        Fault::ServerError
    }
    pub fn cannot_dm() -> Self {
        Fault::CannotDm
    }
    pub fn delay_ms(ms: u64) -> Self {
        Fault::Delay(Duration::from_millis(ms))
    }
}

#[derive(Clone, Debug)]
pub(crate) struct FaultRule {
    pub fault: Fault,
    pub pattern: String,
    pub remaining: usize,
}

/// A command the bot registered.
#[derive(Clone, Debug)]
pub struct RegisteredCommand {
    pub id: u64,
    /// `None`: global; `Some(guild)`: guild command.
    pub guild_id: Option<u64>,
    /// The command object as Discord returns it (with `id`, `application_id`, `version`…).
    pub json: Value,
}

impl RegisteredCommand {
    pub fn name(&self) -> &str {
        self.json.get("name").and_then(Value::as_str).unwrap_or("")
    }
    pub fn kind(&self) -> u64 {
        self.json.get("type").and_then(Value::as_u64).unwrap_or(1)
    }
}

/// A message as the fake stores it (Discord's message object plus the uploaded bytes).
#[derive(Clone, Debug)]
pub(crate) struct StoredMessage {
    pub json: Value,
    pub files: Vec<FilePart>,
    pub channel_id: u64,
    /// When it was created or last edited.
    pub at: Instant,
}

pub(crate) struct State {
    pub world: World,
    pub tick: u64,
    pub requests: Vec<RecordedRequest>,
    pub violations: Vec<String>,
    pub harness_errors: Vec<String>,
    pub unhandled: Vec<String>,
    pub faults: Vec<FaultRule>,
    pub commands: Vec<RegisteredCommand>,
    /// Ticks of successful command registrations, with their scope.
    pub registrations: Vec<(u64, Option<u64>)>,
    pub gw: GatewayState,
    pub interactions: HashMap<String, InteractionRecord>,
    pub messages: BTreeMap<u64, StoredMessage>,
    /// user id → DM channel id
    pub dm_channels: HashMap<u64, u64>,
    pub dms_closed: HashSet<u64>,
    /// (channel id, nonce) → the message created with it and when, for `enforce_nonce`.
    pub nonces: HashMap<(u64, String), (u64, Instant)>,
    /// Message creates answered with an earlier message of the same nonce (`enforce_nonce`).
    pub nonce_repeats: usize,
    /// A message created in a DM channel is answered this long after it was stored (a slow
    /// answer that a crash may never see).
    pub dm_answer_delay: Duration,
    /// A message created in a DM channel is stored only this long after it arrived (a send a
    /// crash may cut off before Discord has it: the request dropped with the connection).
    pub dm_arrival_delay: Duration,
    /// Channels whose messages get the DMs' arrival and answer delays (`slow_channel`).
    pub slow_channels: HashSet<u64>,
    /// attachment id → bytes served under /attachments/{id}/{filename}
    pub attachments: HashMap<u64, FilePart>,
    /// Attachment ids the bot downloaded, in order (`GET /attachments/{id}/…`).
    pub attachment_downloads: Vec<u64>,
    pub ack_deadline: Duration,
    /// Members may use every command whatever its `default_member_permissions`.
    pub command_overrides: bool,
    /// `wait_ready` wants a command registration after this tick (bumped when the bot
    /// process restarts).
    pub registration_epoch: u64,
}

impl State {
    pub fn next_tick(&mut self) -> u64 {
        self.tick += 1;
        self.tick
    }

    pub fn request_mut(&mut self, seq: u64) -> Option<&mut RecordedRequest> {
        let i = self.requests.binary_search_by_key(&seq, |r| r.seq).ok()?;
        self.requests.get_mut(i)
    }

    pub fn request(&self, seq: u64) -> Option<&RecordedRequest> {
        let i = self.requests.binary_search_by_key(&seq, |r| r.seq).ok()?;
        self.requests.get(i)
    }

    /// The DM channel's recipient, if `channel_id` is a DM channel.
    pub fn dm_recipient(&self, channel_id: u64) -> Option<u64> {
        self.dm_channels
            .iter()
            .find(|(_, c)| **c == channel_id)
            .map(|(u, _)| *u)
    }

    pub fn violation(&mut self, text: String) {
        self.violations.push(text);
    }
}

pub(crate) struct Inner {
    pub state: Mutex<State>,
    pub changed: watch::Sender<u64>,
    pub ids: Snowflakes,
    pub cfg: FakeConfig,
    pub port: u16,
    /// Extra sections for failure messages (the bot process's recent logs).
    pub diagnostic_hooks: Mutex<Vec<DiagnosticHook>>,
}

pub(crate) type DiagnosticHook = Box<dyn Fn() -> String + Send + Sync>;

impl Inner {
    pub fn lock(&self) -> MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Wakes every waiter.
    pub fn notify(&self) {
        self.changed.send_modify(|v| *v = v.wrapping_add(1));
    }

    pub fn app_id(&self) -> u64 {
        self.cfg.world.bot.id
    }

    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Waits until `check` returns `Some`, re-checking after every change of the fake's state.
    pub async fn wait_for<T>(
        &self,
        what: &str,
        timeout: Duration,
        mut check: impl FnMut(&mut State) -> Option<T>,
    ) -> HarnessResult<T> {
        let mut rx = self.changed.subscribe();
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            rx.borrow_and_update();
            if let Some(v) = check(&mut self.lock()) {
                return Ok(v);
            }
            if let Ok(Ok(())) = tokio::time::timeout_at(deadline, rx.changed()).await {
            } else {
                if let Some(v) = check(&mut self.lock()) {
                    return Ok(v);
                }
                return Err(self.error(&format!("timed out after {timeout:?} waiting for {what}")));
            }
        }
    }

    /// A harness error with the fake's recent history attached.
    pub fn error(&self, headline: &str) -> HarnessError {
        HarnessError(format!("{headline}\n{}", self.diagnostics()))
    }

    pub fn diagnostics(&self) -> String {
        use std::fmt::Write;
        let st = self.lock();
        let mut s = String::new();
        let session = st.gw.current.as_ref().and_then(|id| st.gw.sessions.get(id));
        let _ = writeln!(
            s,
            "  gateway: {} connection(s), {} identify, {} resume, current session {}",
            st.gw.connection_count,
            st.gw.identify_count,
            st.gw.resume_count,
            match session {
                Some(sess) if sess.conn.is_some() =>
                    format!("{} (connected, seq {})", sess.id, sess.seq),
                Some(sess) => format!("{} (disconnected, seq {})", sess.id, sess.seq),
                None => "none".into(),
            }
        );
        let _ = writeln!(s, "  commands registered: {}", st.commands.len());
        let skip = st.requests.len().saturating_sub(20);
        let _ = writeln!(s, "  last REST requests ({} total):", st.requests.len());
        for r in st.requests.iter().skip(skip) {
            let _ = writeln!(s, "    {r}");
        }
        for (title, list) in [
            (
                "harness errors (payloads serenity would drop)",
                &st.harness_errors,
            ),
            ("violations", &st.violations),
            ("unhandled routes", &st.unhandled),
        ] {
            if !list.is_empty() {
                let _ = writeln!(s, "  {title}:");
                for e in list.iter().rev().take(10).rev() {
                    let _ = writeln!(s, "    {e}");
                }
            }
        }
        drop(st);
        let hooks = self
            .diagnostic_hooks
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        for hook in hooks.iter() {
            s.push_str(&hook());
        }
        s
    }
}

struct ServerGuard(tokio::task::JoinHandle<()>);

impl Drop for ServerGuard {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// The fake Discord. Cheap to clone; the server stops when the last clone is dropped.
#[derive(Clone)]
pub struct FakeDiscord {
    pub(crate) inner: Arc<Inner>,
    _server: Arc<ServerGuard>,
}

impl FakeDiscord {
    pub async fn start() -> FakeDiscord {
        Self::start_with(FakeConfig::default()).await
    }

    pub async fn start_with(cfg: FakeConfig) -> FakeDiscord {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("fake discord: bind 127.0.0.1:0");
        let port = listener.local_addr().expect("local addr").port();
        let (changed, _) = watch::channel(0);
        let state = State {
            world: cfg.world.clone(),
            tick: 0,
            requests: Vec::new(),
            violations: Vec::new(),
            harness_errors: Vec::new(),
            unhandled: Vec::new(),
            faults: Vec::new(),
            commands: Vec::new(),
            registrations: Vec::new(),
            gw: GatewayState::default(),
            interactions: HashMap::new(),
            messages: BTreeMap::new(),
            dm_channels: HashMap::new(),
            dms_closed: HashSet::new(),
            nonces: HashMap::new(),
            nonce_repeats: 0,
            dm_answer_delay: Duration::ZERO,
            dm_arrival_delay: Duration::ZERO,
            slow_channels: HashSet::new(),
            attachments: HashMap::new(),
            attachment_downloads: Vec::new(),
            ack_deadline: cfg.ack_deadline,
            command_overrides: false,
            registration_epoch: 0,
        };
        let inner = Arc::new(Inner {
            state: Mutex::new(state),
            changed,
            ids: Snowflakes::default(),
            cfg,
            port,
            diagnostic_hooks: Mutex::new(Vec::new()),
        });
        let app = Router::new()
            .route("/gateway", get(super::gateway::ws_handler))
            .fallback(super::rest::handle)
            .layer(DefaultBodyLimit::max(64 * 1024 * 1024))
            .with_state(Arc::clone(&inner));
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, app).tcp_nodelay(true).await;
        });
        FakeDiscord {
            inner,
            _server: Arc::new(ServerGuard(server)),
        }
    }

    /// `http://127.0.0.1:PORT`, for `DISCORD_PROXY_URL` / `HttpBuilder::proxy`.
    pub fn proxy_url(&self) -> String {
        self.inner.base_url()
    }

    /// `ws://127.0.0.1:PORT/gateway`
    pub fn gateway_url(&self) -> String {
        format!("ws://127.0.0.1:{}/gateway", self.inner.port)
    }

    /// The token the bot must use (without the `Bot ` prefix).
    pub fn token(&self) -> String {
        self.inner.cfg.token.clone()
    }

    pub fn config(&self) -> &FakeConfig {
        &self.inner.cfg
    }

    pub fn timeout(&self) -> Duration {
        self.inner.cfg.timeout
    }

    pub fn application_id(&self) -> u64 {
        self.inner.app_id()
    }

    pub fn bot_user(&self) -> TestUser {
        self.inner.cfg.world.bot.clone()
    }

    /// The first guild ("Creator Lab" by default).
    pub fn guild_id(&self) -> u64 {
        self.inner.cfg.world.guilds[0].id
    }

    /// The second guild ("Second Shop" by default).
    pub fn other_guild_id(&self) -> u64 {
        self.inner.cfg.world.guilds.get(1).map_or(0, |g| g.id)
    }

    /// #general of the first guild.
    pub fn channel_id(&self) -> u64 {
        self.inner.cfg.world.guilds[0].channels[0].id
    }

    /// A channel of the first guild by name (`"guides"`). Panics if unknown.
    pub fn channel(&self, name: &str) -> u64 {
        self.channel_in(self.guild_id(), name)
    }

    /// A channel of `guild` by name. Panics if unknown.
    pub fn channel_in(&self, guild: u64, name: &str) -> u64 {
        self.inner
            .cfg
            .world
            .guild(guild)
            .and_then(|g| g.channel_named(name))
            .unwrap_or_else(|| panic!("fake discord: no channel #{name} in guild {guild}"))
            .id
    }

    /// A role of `guild` by name (`"Moderator"`, `"@everyone"`). Panics if unknown.
    pub fn role_in(&self, guild: u64, name: &str) -> u64 {
        self.inner
            .cfg
            .world
            .guild(guild)
            .and_then(|g| g.role_named(name))
            .unwrap_or_else(|| panic!("fake discord: no role {name} in guild {guild}"))
            .id
    }

    /// A user by name: "alice", "bob", "mod", "carol", "owner". Panics if unknown.
    pub fn user(&self, name: &str) -> TestUser {
        self.inner
            .cfg
            .world
            .user(name)
            .cloned()
            .unwrap_or_else(|| panic!("fake discord: no user named {name:?}"))
    }

    /// Guild-level permission bits of `user` in `guild`, as interactions report them.
    pub fn permissions_of(&self, guild: u64, user: &TestUser) -> u64 {
        self.inner
            .cfg
            .world
            .guild(guild)
            .map_or(0, |g| g.permissions(user.id))
    }

    // ---- waiting for the bot -------------------------------------------------------------

    /// The bot's current gateway session is connected and it has registered commands (since
    /// the last [`FakeDiscord::expect_reregistration`], which `BotProcess::restart` calls).
    /// Serenity/poise register once per process (poise's setup runs on the first READY), so
    /// after a re-identify in the same process this only waits for the new session.
    pub async fn wait_ready(&self) -> HarnessResult<()> {
        self.inner
            .wait_for(
                "the bot to identify and register its commands",
                self.timeout(),
                |st| {
                    let session = st.gw.sessions.get(st.gw.current.as_ref()?)?;
                    session.conn.as_ref()?;
                    let epoch = st.registration_epoch;
                    st.registrations
                        .iter()
                        .any(|(t, _)| *t > epoch)
                        .then_some(())
                },
            )
            .await
    }

    /// From now on, [`FakeDiscord::wait_ready`] and [`FakeDiscord::wait_registered`] wait for
    /// a new command registration (use before restarting the bot).
    pub fn expect_reregistration(&self) {
        let mut st = self.inner.lock();
        st.registration_epoch = st.tick;
    }

    /// Waits until commands were registered in `scope` (`None` = global) since the last
    /// [`FakeDiscord::expect_reregistration`].
    pub async fn wait_registered(&self, scope: Option<u64>) -> HarnessResult<()> {
        self.inner
            .wait_for(
                &format!("command registration in {scope:?}"),
                self.timeout(),
                |st| {
                    let epoch = st.registration_epoch;
                    st.registrations
                        .iter()
                        .any(|(t, s)| *t > epoch && *s == scope)
                        .then_some(())
                },
            )
            .await
    }

    /// Waits until no gateway session has a live connection (the bot stopped its gateway).
    pub async fn wait_no_gateway(&self) {
        let waited = self
            .inner
            .wait_for("no live gateway connection", self.timeout(), |st| {
                (!st.gw.sessions.values().any(|s| s.conn.is_some())).then_some(())
            })
            .await;
        if let Err(e) = waited {
            panic!("{e}");
        }
    }

    /// Waits until the current session has a live connection.
    pub async fn wait_connected(&self) -> HarnessResult<()> {
        self.inner
            .wait_for("a live gateway connection", self.timeout(), |st| {
                let session = st.gw.sessions.get(st.gw.current.as_ref()?)?;
                session.conn.as_ref().map(|_| ())
            })
            .await
    }

    pub async fn wait_identify_count(&self, n: u64) -> HarnessResult<()> {
        self.inner
            .wait_for(&format!("IDENTIFY #{n}"), self.timeout(), |st| {
                (st.gw.identify_count >= n).then_some(())
            })
            .await
    }

    pub async fn wait_resume_count(&self, n: u64) -> HarnessResult<()> {
        self.inner
            .wait_for(&format!("RESUME #{n}"), self.timeout(), |st| {
                (st.gw.resume_count >= n).then_some(())
            })
            .await
    }

    pub async fn wait_heartbeats(&self, n: u64) -> HarnessResult<()> {
        self.inner
            .wait_for(&format!("{n} heartbeat(s)"), self.timeout(), |st| {
                (st.gw.heartbeat_count >= n).then_some(())
            })
            .await
    }

    /// Waits for a REST request matching `pattern` with `seq` greater than `after` (use 0, or
    /// [`FakeDiscord::mark`] taken before the action).
    pub async fn wait_request(&self, pattern: &str, after: u64) -> HarnessResult<RecordedRequest> {
        self.inner
            .wait_for(
                &format!("a request matching {pattern:?}"),
                self.timeout(),
                |st| {
                    st.requests
                        .iter()
                        .find(|r| r.seq > after && r.status != 0 && r.matches(pattern))
                        .cloned()
                },
            )
            .await
    }

    /// A position in the fake's history, for [`FakeDiscord::wait_request`] and
    /// [`FakeDiscord::requests_since`].
    pub fn mark(&self) -> u64 {
        self.inner.lock().tick
    }

    /// IDENTIFYs while another gateway session was still connected (two holders at once).
    pub fn gateway_overlaps(&self) -> u64 {
        self.inner.lock().gw.overlaps
    }

    pub fn identify_count(&self) -> u64 {
        self.inner.lock().gw.identify_count
    }

    pub fn resume_count(&self) -> u64 {
        self.inner.lock().gw.resume_count
    }

    pub fn heartbeat_count(&self) -> u64 {
        self.inner.lock().gw.heartbeat_count
    }

    /// The latest IDENTIFY payload's `d` (token redacted).
    pub fn last_identify(&self) -> Option<Value> {
        self.inner.lock().gw.last_identify.clone()
    }

    // ---- recorded traffic ----------------------------------------------------------------

    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.inner.lock().requests.clone()
    }

    pub fn requests_matching(&self, pattern: &str) -> Vec<RecordedRequest> {
        self.inner
            .lock()
            .requests
            .iter()
            .filter(|r| r.matches(pattern))
            .cloned()
            .collect()
    }

    pub fn requests_since(&self, mark: u64) -> Vec<RecordedRequest> {
        self.inner
            .lock()
            .requests
            .iter()
            .filter(|r| r.seq > mark)
            .cloned()
            .collect()
    }

    /// Commands registered, with their scope.
    pub fn commands(&self) -> Vec<RegisteredCommand> {
        self.inner.lock().commands.clone()
    }

    /// Limit and policy violations seen in the bot's bodies, and interaction-protocol
    /// mistakes (late or double acknowledgements, followups before an acknowledgement).
    pub fn violations(&self) -> Vec<String> {
        self.inner.lock().violations.clone()
    }

    /// Returns and clears the violations (for tests that provoke some on purpose).
    pub fn take_violations(&self) -> Vec<String> {
        std::mem::take(&mut self.inner.lock().violations)
    }

    /// Payloads the fake sent that serenity cannot deserialize (a harness bug).
    pub fn harness_errors(&self) -> Vec<String> {
        self.inner.lock().harness_errors.clone()
    }

    /// Returns and clears the harness errors.
    pub fn take_harness_errors(&self) -> Vec<String> {
        std::mem::take(&mut self.inner.lock().harness_errors)
    }

    /// REST routes the fake does not implement that the bot called.
    pub fn unhandled_routes(&self) -> Vec<String> {
        self.inner.lock().unhandled.clone()
    }

    /// Panics with the list if the bot broke a limit or policy, or the fake sent something
    /// serenity cannot parse.
    pub fn assert_no_violations(&self) {
        let st = self.inner.lock();
        let mut problems: Vec<String> = st.violations.clone();
        problems.extend(st.harness_errors.iter().map(|e| format!("harness: {e}")));
        drop(st);
        assert!(
            problems.is_empty(),
            "fake discord saw {} problem(s):\n  {}",
            problems.len(),
            problems.join("\n  ")
        );
    }

    /// Human-readable state for failure messages.
    pub fn diagnostics(&self) -> String {
        self.inner.diagnostics()
    }

    /// Adds a section to every failure message of this fake (`BotProcess` adds the bot's
    /// recent logs).
    pub fn add_diagnostics(&self, hook: impl Fn() -> String + Send + Sync + 'static) {
        self.inner
            .diagnostic_hooks
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(Box::new(hook));
    }

    // ---- fault injection -----------------------------------------------------------------

    /// The next `times` requests matching `pattern` (see [`route_matches`]) get `fault`.
    pub fn inject(&self, fault: Fault, pattern: &str, times: usize) {
        self.inner.lock().faults.push(FaultRule {
            fault,
            pattern: pattern.to_string(),
            remaining: times,
        });
    }

    pub fn clear_faults(&self) {
        self.inner.lock().faults.clear();
    }

    /// Changes the first-response deadline of interactions created from now on… and of
    /// pending ones (Discord's is 3 s).
    pub fn set_ack_deadline(&self, deadline: Duration) {
        self.inner.lock().ack_deadline = deadline;
    }

    /// While closed, messages to `user`'s DM channel get 403 code 50007.
    pub fn set_dms_closed(&self, user: &TestUser, closed: bool) {
        let mut st = self.inner.lock();
        if closed {
            st.dms_closed.insert(user.id);
        } else {
            st.dms_closed.remove(&user.id);
        }
    }

    // ---- messages ------------------------------------------------------------------------

    /// The DM channel id of `user`, if the bot opened one.
    pub fn dm_channel_of(&self, user: &TestUser) -> Option<u64> {
        self.inner.lock().dm_channels.get(&user.id).copied()
    }

    /// Messages the bot sent (successfully, with `POST /channels/{dm}/messages`) to
    /// `user`'s DMs, oldest first. Interaction responses in DMs are not included.
    pub fn dms_to(&self, user: &TestUser) -> Vec<Value> {
        let st = self.inner.lock();
        let Some(channel) = st.dm_channels.get(&user.id).copied() else {
            return Vec::new();
        };
        posted_in(&st, channel)
    }

    /// From now on, a message the bot creates in a DM channel is stored at once and answered
    /// `delay` later, like a Discord that is slow to answer: a bot killed meanwhile never learns
    /// that the message exists.
    pub fn set_dm_answer_delay(&self, delay: Duration) {
        self.inner.lock().dm_answer_delay = delay;
    }

    /// From now on, a message the bot creates in a DM channel is stored `delay` after its
    /// request arrived; a bot killed meanwhile drops the connection, and the message is never
    /// stored (Discord never had it).
    pub fn set_dm_arrival_delay(&self, delay: Duration) {
        self.inner.lock().dm_arrival_delay = delay;
    }

    /// From now on, messages the bot creates in `channel` arrive and are answered as late as
    /// DMs do (`set_dm_arrival_delay`, `set_dm_answer_delay`).
    pub fn slow_channel(&self, channel: u64) {
        self.inner.lock().slow_channels.insert(channel);
    }

    /// How many message creates carried a nonce already used in their channel with
    /// `enforce_nonce` (and were answered with the earlier message, creating none).
    pub fn nonce_repeats(&self) -> usize {
        self.inner.lock().nonce_repeats
    }

    /// Waits until the bot has sent at least `n` DMs to `user`.
    pub async fn wait_dms_to(&self, user: &TestUser, n: usize) -> HarnessResult<Vec<Value>> {
        let uid = user.id;
        let what = format!("{n} DM(s) to {}", user.name);
        self.inner
            .wait_for(&what, self.timeout(), |st| {
                let channel = st.dm_channels.get(&uid).copied()?;
                let list = posted_in(st, channel);
                (list.len() >= n).then_some(list)
            })
            .await
    }

    /// Messages in a channel (posted with `POST /channels/{id}/messages` or as interaction
    /// responses there), oldest first.
    pub fn channel_messages(&self, channel_id: u64) -> Vec<Value> {
        self.inner
            .lock()
            .messages
            .values()
            .filter(|m| m.channel_id == channel_id)
            .map(|m| m.json.clone())
            .collect()
    }

    /// Messages the bot posted with `POST /channels/{id}/messages` (not interaction
    /// responses) in `channel_id`, oldest first.
    pub fn posts_in(&self, channel_id: u64) -> Vec<Value> {
        posted_in(&self.inner.lock(), channel_id)
    }

    /// Waits until the bot has posted at least `n` messages in `channel_id`.
    pub async fn wait_posts_in(&self, channel_id: u64, n: usize) -> HarnessResult<Vec<Value>> {
        let what = format!("{n} post(s) in channel {channel_id}");
        self.inner
            .wait_for(&what, self.timeout(), |st| {
                let list = posted_in(st, channel_id);
                (list.len() >= n).then_some(list)
            })
            .await
    }

    /// The current state of a stored message.
    pub fn message(&self, id: u64) -> Option<Value> {
        self.inner.lock().messages.get(&id).map(|m| m.json.clone())
    }

    /// How many times the bot downloaded an attachment a member gave it.
    pub fn attachment_downloads(&self) -> usize {
        self.inner.lock().attachment_downloads.len()
    }

    /// Files attached to a stored message.
    pub fn message_files(&self, id: u64) -> Vec<FilePart> {
        self.inner
            .lock()
            .messages
            .get(&id)
            .map(|m| m.files.clone())
            .unwrap_or_default()
    }
}

/// Messages the bot posted with `POST /channels/{id}/messages` (no webhook) in a channel, not
/// the members' own.
fn posted_in(st: &State, channel_id: u64) -> Vec<Value> {
    let bot = st.world.bot.id.to_string();
    st.messages
        .values()
        .filter(|m| m.channel_id == channel_id)
        .filter(|m| m.json.get("webhook_id").is_none_or(Value::is_null))
        .filter(|m| m.json["author"]["id"].as_str() == Some(bot.as_str()))
        .map(|m| m.json.clone())
        .collect()
}
