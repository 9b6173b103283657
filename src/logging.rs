//! Logging with `tracing`. Whatever a dependency logs, the bot token never reaches the output,
//! and writing the logs never holds up or stops the bot.
//!
//! A log line is handed to a queue and written to stderr by a thread of its own ("log
//! writer"): the code that logged goes on at once. When stderr is slow or stuck (a pipe nobody
//! reads, a disk that hangs) the queue fills and new lines are dropped and counted — the count
//! is written with the next line that gets through — instead of holding up an interaction.
//! When stderr fails (a full disk, a read-only file) the line is lost and nothing else happens:
//! no panic, no retry. At exit, [`flush`] gives the queue a moment to drain.

use std::io::{self, Write};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::{Arc, Condvar, Mutex, OnceLock, PoisonError};
use std::time::{Duration, Instant};

use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::EnvFilter;

/// Replaces every occurrence of the secrets with `[redacted]`.
#[derive(Clone)]
pub struct Redacting {
    secrets: Arc<Vec<String>>,
}

impl Redacting {
    pub fn new(secrets: Vec<String>) -> Redacting {
        Redacting {
            secrets: Arc::new(secrets.into_iter().filter(|s| !s.is_empty()).collect()),
        }
    }

    pub fn redact(&self, text: &str) -> String {
        self.secrets.iter().fold(text.to_owned(), |acc, s| {
            acc.replace(s.as_str(), "[redacted]")
        })
    }
}

/// Log lines that may wait for the writer thread before new ones are dropped (a few MB at
/// most).
pub const QUEUE: usize = 10_000;

/// How long [`flush`] waits for the queue to drain at exit.
pub const FLUSH: Duration = Duration::from_secs(2);

/// What the loggers and the writer thread share.
#[derive(Default)]
struct Progress {
    /// Lines queued so far.
    queued: AtomicU64,
    /// Lines dropped (queue full) and not yet reported.
    dropped: AtomicU64,
    /// Lines taken off the queue so far (written or lost), and a signal on each.
    taken: Mutex<u64>,
    took: Condvar,
}

/// A `tracing` writer that never waits: each line goes to a bounded queue, or is dropped.
#[derive(Clone)]
pub struct Lossy {
    tx: SyncSender<Vec<u8>>,
    progress: Arc<Progress>,
}

impl Lossy {
    /// A lossy writer whose lines the thread "log writer" writes to `out`, with `secrets`
    /// hidden, holding at most `queue` lines.
    pub fn new(out: impl Write + Send + 'static, secrets: Redacting, queue: usize) -> Lossy {
        let (tx, rx) = sync_channel(queue);
        let progress = Arc::new(Progress::default());
        let shared = progress.clone();
        let started = std::thread::Builder::new()
            .name("log writer".into())
            .spawn(move || write_lines(&rx, out, &secrets, &shared));
        if let Err(e) = started {
            // No thread, no logs: the queue fills and every line is dropped. Said once, here.
            let _ = writeln!(
                io::stderr(),
                "funnel-coach: cannot start the log writer: {e}"
            );
        }
        Lossy { tx, progress }
    }

    fn push(&self, line: Vec<u8>) {
        match self.tx.try_send(line) {
            Ok(()) => {
                self.progress.queued.fetch_add(1, Ordering::Relaxed);
            }
            Err(_) => {
                self.progress.dropped.fetch_add(1, Ordering::Relaxed);
            }
        }
    }

    /// Waits until the lines queued so far are written (or lost), at most `within`; `false`
    /// when time ran out.
    pub fn flush(&self, within: Duration) -> bool {
        let target = self.progress.queued.load(Ordering::Relaxed);
        let deadline = Instant::now() + within;
        let mut taken = self
            .progress
            .taken
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        while *taken < target {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            taken = self
                .progress
                .took
                .wait_timeout(taken, left)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
        true
    }

    /// Lines dropped since the last report.
    pub fn dropped(&self) -> u64 {
        self.progress.dropped.load(Ordering::Relaxed)
    }
}

/// The writer thread: each line redacted and written; a write that fails loses that line only.
fn write_lines(
    rx: &Receiver<Vec<u8>>,
    mut out: impl Write,
    secrets: &Redacting,
    progress: &Progress,
) {
    for line in rx {
        let dropped = progress.dropped.swap(0, Ordering::Relaxed);
        if dropped > 0 {
            let _ = writeln!(
                out,
                "funnel-coach: {dropped} log line(s) dropped: the log output could not keep up"
            );
        }
        let text = secrets.redact(&String::from_utf8_lossy(&line));
        let _ = out.write_all(text.as_bytes());
        let _ = out.flush();
        let mut taken = progress
            .taken
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        *taken += 1;
        progress.took.notify_all();
    }
}

/// One log event (`tracing`'s formatter writes each event in one call).
pub struct LineWriter {
    lossy: Lossy,
}

impl Write for LineWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.lossy.push(buf.to_vec());
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Lossy {
    type Writer = LineWriter;

    fn make_writer(&'a self) -> Self::Writer {
        LineWriter {
            lossy: self.clone(),
        }
    }
}

/// serenity instruments its HTTP and gateway code with info-level spans whose fields are
/// formatted on every request: about 0.3 ms per interaction (see the e2e benchmark). Unless
/// the filter names serenity itself, only its warnings and errors are kept.
pub fn effective_filter(filter: &str) -> String {
    if filter.contains("serenity") {
        filter.to_owned()
    } else {
        format!("{filter},serenity=warn")
    }
}

/// The writer of the process's logs, for [`flush`].
static WRITER: OnceLock<Lossy> = OnceLock::new();

/// Starts logging to stderr with `filter` (`RUST_LOG` syntax), hiding `secrets`, through a
/// [`Lossy`] queue.
pub fn init(filter: &str, secrets: Vec<String>) {
    let filter = EnvFilter::try_new(effective_filter(filter))
        .unwrap_or_else(|_| EnvFilter::new("info,serenity=warn"));
    // A second init (tests) keeps the first subscriber and its writer.
    let writer = WRITER.get_or_init(|| Lossy::new(io::stderr(), Redacting::new(secrets), QUEUE));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer.clone())
        .with_target(true)
        .try_init();
}

/// Gives the log writer up to [`FLUSH`] to write what is queued: at the end of the program.
pub fn flush() {
    if let Some(w) = WRITER.get() {
        w.flush(FLUSH);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    #[test]
    fn serenity_is_quiet_unless_asked_for() {
        assert_eq!(effective_filter("info"), "info,serenity=warn");
        assert_eq!(
            effective_filter("debug,serenity=debug"),
            "debug,serenity=debug"
        );
    }

    #[test]
    fn secrets_are_replaced() {
        let r = Redacting::new(vec!["abc.def".into(), String::new()]);
        assert_eq!(
            r.redact("token Bot abc.def sent"),
            "token Bot [redacted] sent"
        );
        assert_eq!(r.redact("nothing here"), "nothing here");
    }

    /// An output that keeps what it is given.
    #[derive(Clone, Default)]
    struct Kept(Arc<Mutex<Vec<u8>>>);

    impl Write for Kept {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    /// An output whose writes never return (a pipe nobody reads) until it is released; it
    /// says when a write started.
    struct Stuck {
        entered: mpsc::Sender<()>,
        release: Mutex<mpsc::Receiver<()>>,
    }

    impl Write for Stuck {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            let _ = self.entered.send(());
            let _ = self.release.lock().unwrap().recv();
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    /// An output on a full disk.
    struct Full;

    impl Write for Full {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::Error::from_raw_os_error(28))
        }
        fn flush(&mut self) -> io::Result<()> {
            Err(io::Error::from_raw_os_error(28))
        }
    }

    fn log(w: &Lossy, line: &str) {
        w.make_writer().write_all(line.as_bytes()).unwrap();
    }

    #[test]
    fn lines_are_written_in_order_with_the_token_hidden() {
        let out = Kept::default();
        let w = Lossy::new(out.clone(), Redacting::new(vec!["s3cret".into()]), 16);
        log(&w, "one s3cret\n");
        log(&w, "two\n");
        assert!(w.flush(Duration::from_secs(10)));
        let text = String::from_utf8(out.0.lock().unwrap().clone()).unwrap();
        assert_eq!(text, "one [redacted]\ntwo\n");
    }

    #[test]
    fn a_stuck_output_drops_lines_instead_of_holding_up_the_bot() {
        let (release, released) = mpsc::channel();
        let (entered, writing) = mpsc::channel();
        let stuck = Stuck {
            entered,
            release: Mutex::new(released),
        };
        let w = Lossy::new(stuck, Redacting::new(vec![]), 4);
        log(&w, "first\n");
        writing
            .recv_timeout(Duration::from_secs(10))
            .expect("the writer took the first line");
        // 100 lines into a queue of 4 behind a write that never returns: every call returns.
        let (done, finished) = mpsc::channel();
        let logger = w.clone();
        std::thread::spawn(move || {
            for i in 0..100 {
                log(&logger, &format!("line {i}\n"));
            }
            let _ = done.send(());
        });
        assert!(
            finished.recv_timeout(Duration::from_secs(10)).is_ok(),
            "logging waited for a stuck output"
        );
        assert_eq!(w.dropped(), 96);
        drop(release);
    }

    #[test]
    fn a_full_disk_loses_the_lines_and_nothing_else() {
        let w = Lossy::new(Full, Redacting::new(vec![]), 16);
        for i in 0..50 {
            log(&w, &format!("line {i}\n"));
        }
        // Every line was taken off the queue: the writer is still running after the errors.
        assert!(w.flush(Duration::from_secs(10)));
        log(&w, "after\n");
        assert!(w.flush(Duration::from_secs(10)));
    }
}
