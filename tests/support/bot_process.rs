//! Runs the real `funnel-coach run` binary against a fake Discord, capturing its logs.

use std::path::PathBuf;
use std::process::{ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncRead, BufReader};
use tokio::process::{Child, Command};
use tokio::sync::watch;

use super::fake::{FakeDiscord, HarnessError, HarnessResult};

/// How to run the bot.
#[derive(Clone, Debug, Default)]
pub struct BotEnv {
    /// `SQLite` file; default: `db.sqlite` in a temporary directory kept for the process's life
    /// (and across restarts).
    pub db_path: Option<PathBuf>,
    /// `DEV_GUILD_ID`: register commands in this guild instead of globally.
    pub dev_guild: Option<u64>,
    /// Extra environment variables (they override the defaults).
    pub extra_env: Vec<(String, String)>,
    /// `PROMPTS_DIR`; default `<CARGO_MANIFEST_DIR>/prompts`.
    pub prompts_dir: Option<PathBuf>,
    /// Arguments; default `["run"]`.
    pub args: Option<Vec<String>>,
    /// Program to run instead of the `funnel-coach` binary (the harness's self-test uses
    /// `/bin/sh`).
    pub program: Option<PathBuf>,
    /// Send the bot's output to this file instead of capturing it (the benchmark: reading
    /// the pipe would cost the fake's CPU, not the bot's). `logs()` is then empty.
    pub log_file: Option<PathBuf>,
    /// Send the bot's output somewhere that fails it (`logs()` is then empty).
    pub broken_output: Option<BrokenOutput>,
}

/// An output a bot must survive.
#[derive(Clone, Debug)]
pub enum BrokenOutput {
    /// A pipe nobody reads: once its buffer (64 KB) is full, every write waits forever.
    Stalled,
    /// This file, opened read-only: every write fails.
    ReadOnly(PathBuf),
}

impl BotEnv {
    /// Commands registered in the fake's first guild (instant, like a dev setup).
    pub fn dev(fake: &FakeDiscord) -> Self {
        BotEnv {
            dev_guild: Some(fake.guild_id()),
            ..Self::default()
        }
    }

    pub fn with_env(mut self, key: &str, value: &str) -> Self {
        self.extra_env.push((key.to_string(), value.to_string()));
        self
    }
}

/// Captured stdout + stderr (ANSI colours stripped), shared with the reader tasks.
#[derive(Clone)]
struct LogBuffer {
    text: Arc<Mutex<String>>,
    changed: Arc<watch::Sender<u64>>,
}

impl LogBuffer {
    fn new() -> Self {
        let (tx, _) = watch::channel(0);
        LogBuffer {
            text: Arc::new(Mutex::new(String::new())),
            changed: Arc::new(tx),
        }
    }

    fn push_line(&self, line: &str) {
        {
            let mut text = self
                .text
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            text.push_str(&strip_ansi(line));
            text.push('\n');
        }
        self.changed.send_modify(|v| *v += 1);
    }

    fn get(&self) -> String {
        self.text
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }
}

fn strip_ansi(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' && chars.peek() == Some(&'[') {
            chars.next();
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn spawn_reader(reader: impl AsyncRead + Unpin + Send + 'static, logs: LogBuffer) {
    tokio::spawn(async move {
        let mut lines = BufReader::new(reader).lines();
        while let Ok(Some(line)) = lines.next_line().await {
            logs.push_line(&line);
        }
    });
}

/// The bot as a child process. Killed (SIGKILL) when dropped.
pub struct BotProcess {
    log_file: Option<PathBuf>,
    broken_output: Option<BrokenOutput>,
    /// The unread ends of a stalled output, kept open so writes wait instead of failing.
    stalled: Vec<Box<dyn std::any::Any + Send>>,
    child: Option<Child>,
    logs: LogBuffer,
    program: PathBuf,
    args: Vec<String>,
    env: Vec<(String, String)>,
    workdir: tempfile::TempDir,
    _db_dir: Option<tempfile::TempDir>,
    /// `DATABASE_URL` given to the bot.
    pub database_url: String,
    timeout: Duration,
    fake: FakeDiscord,
}

impl BotProcess {
    /// The binary under test.
    pub fn binary() -> PathBuf {
        PathBuf::from(env!("CARGO_BIN_EXE_funnel-coach"))
    }

    /// Starts `funnel-coach run` pointed at `fake`. Does not wait for readiness; see
    /// [`BotProcess::start`].
    pub async fn spawn(fake: &FakeDiscord, env: &BotEnv) -> BotProcess {
        let workdir = tempfile::tempdir().expect("temp dir for the bot");
        let (db_path, db_dir) = if let Some(p) = &env.db_path {
            (p.clone(), None)
        } else {
            let dir = tempfile::tempdir().expect("temp dir for the database");
            (dir.path().join("db.sqlite"), Some(dir))
        };
        let database_url = format!("sqlite://{}", db_path.display());
        let prompts = env
            .prompts_dir
            .clone()
            .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("prompts"));
        let mut vars: Vec<(String, String)> = Vec::new();
        for key in ["PATH", "HOME"] {
            if let Ok(v) = std::env::var(key) {
                vars.push((key.into(), v));
            }
        }
        vars.push(("DISCORD_TOKEN".into(), fake.token()));
        vars.push(("DISCORD_PROXY_URL".into(), fake.proxy_url()));
        vars.push(("DATABASE_URL".into(), database_url.clone()));
        vars.push(("PROMPTS_DIR".into(), prompts.display().to_string()));
        vars.push(("RUST_LOG".into(), "info,funnel_coach=debug".into()));
        vars.push(("NO_COLOR".into(), "1".into()));
        vars.push(("RUST_BACKTRACE".into(), "1".into()));
        if let Some(g) = env.dev_guild {
            vars.push(("DEV_GUILD_ID".into(), g.to_string()));
        }
        for (k, v) in &env.extra_env {
            vars.retain(|(key, _)| key != k);
            vars.push((k.clone(), v.clone()));
        }
        let mut bot = BotProcess {
            child: None,
            logs: LogBuffer::new(),
            program: env.program.clone().unwrap_or_else(Self::binary),
            log_file: env.log_file.clone(),
            broken_output: env.broken_output.clone(),
            stalled: Vec::new(),
            args: env.args.clone().unwrap_or_else(|| vec!["run".into()]),
            env: vars,
            workdir,
            _db_dir: db_dir,
            database_url,
            timeout: fake.timeout(),
            fake: fake.clone(),
        };
        let logs = bot.logs.clone();
        fake.add_diagnostics(move || {
            let text = logs.get();
            let lines: Vec<&str> = text.lines().collect();
            let tail = lines[lines.len().saturating_sub(40)..].join("\n    ");
            format!(
                "  bot logs (last {} lines):\n    {tail}\n",
                lines.len().min(40)
            )
        });
        bot.launch();
        bot
    }

    /// Spawns with commands registered in the fake's first guild, and waits until the bot
    /// identified and registered its commands. Panics with the bot's logs otherwise.
    pub async fn start(fake: &FakeDiscord) -> BotProcess {
        Self::start_with(fake, &BotEnv::dev(fake)).await
    }

    /// Spawns with `env` and waits until the bot identified and registered its commands.
    /// `BotEnv::default()` registers globally (commands usable in both guilds and in DMs).
    pub async fn start_with(fake: &FakeDiscord, env: &BotEnv) -> BotProcess {
        let mut bot = Self::spawn(fake, env).await;
        if let Err(e) = fake.wait_ready().await {
            let status = bot.try_exit_status();
            panic!(
                "the bot did not become ready ({status:?}): {e}\n--- bot logs ---\n{}",
                bot.logs()
            );
        }
        bot
    }

    fn launch(&mut self) {
        let mut cmd = Command::new(&self.program);
        cmd.args(&self.args)
            .env_clear()
            .envs(self.env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .current_dir(self.workdir.path())
            .stdin(Stdio::null())
            .kill_on_drop(true);
        let file = self.log_file.as_ref().and_then(|p| {
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(p)
                .ok()
        });
        let file = match &self.broken_output {
            Some(BrokenOutput::ReadOnly(path)) => Some(
                std::fs::File::open(path)
                    .unwrap_or_else(|e| panic!("cannot open {}: {e}", path.display())),
            ),
            _ => file,
        };
        match file
            .as_ref()
            .and_then(|f| Some((f.try_clone().ok()?, f.try_clone().ok()?)))
        {
            Some((out, err)) => {
                cmd.stdout(Stdio::from(out)).stderr(Stdio::from(err));
            }
            None => {
                cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
            }
        }
        let mut child = cmd
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", self.program.display()));
        let stalled = matches!(self.broken_output, Some(BrokenOutput::Stalled));
        if let Some(out) = child.stdout.take() {
            if stalled {
                self.stalled.push(Box::new(out));
            } else {
                spawn_reader(out, self.logs.clone());
            }
        }
        if let Some(err) = child.stderr.take() {
            if stalled {
                self.stalled.push(Box::new(err));
            } else {
                spawn_reader(err, self.logs.clone());
            }
        }
        self.child = Some(child);
    }

    pub fn pid(&self) -> Option<u32> {
        self.child.as_ref().and_then(Child::id)
    }

    /// Everything the bot printed so far (stdout and stderr interleaved by line).
    pub fn logs(&self) -> String {
        self.logs.get()
    }

    pub fn logs_contain(&self, needle: &str) -> bool {
        self.logs.get().contains(needle)
    }

    /// Waits until the logs contain `needle`.
    pub async fn wait_for_log(&self, needle: &str) -> HarnessResult<()> {
        self.wait_for_log_count(needle, 1).await
    }

    /// Waits until the logs contain `needle` at least `n` times.
    pub async fn wait_for_log_count(&self, needle: &str, n: usize) -> HarnessResult<()> {
        let mut rx = self.logs.changed.subscribe();
        let deadline = tokio::time::Instant::now() + self.timeout;
        loop {
            rx.borrow_and_update();
            if self.logs.get().matches(needle).count() >= n {
                return Ok(());
            }
            if tokio::time::timeout_at(deadline, rx.changed())
                .await
                .is_err()
            {
                return Err(HarnessError(format!(
                    "timed out waiting for {n} x {needle:?} in the bot's logs\n\
                     --- bot logs ---\n{}",
                    self.logs()
                )));
            }
        }
    }

    /// The exit status if the process has ended.
    pub fn try_exit_status(&mut self) -> Option<ExitStatus> {
        self.child
            .as_mut()
            .and_then(|c| c.try_wait().ok().flatten())
    }

    pub fn is_running(&mut self) -> bool {
        self.child.is_some() && self.try_exit_status().is_none()
    }

    /// Waits for the process to exit by itself (e.g. refusing to start).
    pub async fn wait_exit(&mut self) -> HarnessResult<ExitStatus> {
        let Some(child) = self.child.as_mut() else {
            return Err(HarnessError("the bot is not running".into()));
        };
        match tokio::time::timeout(self.timeout, child.wait()).await {
            Ok(Ok(status)) => Ok(status),
            Ok(Err(e)) => Err(HarnessError(format!("waiting for the bot: {e}"))),
            Err(_) => Err(HarnessError(format!(
                "the bot did not exit within {:?}\n--- bot logs ---\n{}",
                self.timeout,
                self.logs()
            ))),
        }
    }

    /// SIGKILL, then reap. No chance to flush or clean up, like a crash or `kill -9`.
    pub async fn kill_hard(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.start_kill();
            let _ = child.wait().await;
        }
        self.fake.expect_reregistration();
    }

    /// SIGTERM (graceful shutdown request), then waits for the exit.
    pub async fn terminate(&mut self) -> HarnessResult<ExitStatus> {
        if let Some(pid) = self.pid() {
            let _ = std::process::Command::new("kill")
                .args(["-TERM", &pid.to_string()])
                .status();
        }
        self.wait_exit().await
    }

    /// Kills the process hard and starts it again with the same environment and database.
    /// The log buffer continues (a marker line separates the runs). Follow with
    /// `fake.wait_ready()` to wait for the new process's registration.
    pub async fn restart(&mut self) {
        self.kill_hard().await;
        self.logs
            .push_line("===== funnel-coach restarted by the test =====");
        self.launch();
    }
}

impl Drop for BotProcess {
    fn drop(&mut self) {
        if let Some(child) = self.child.as_mut() {
            let _ = child.start_kill();
        }
    }
}
