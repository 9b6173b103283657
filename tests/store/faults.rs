//! The store when the disk or the lock fails: a full disk (a small tmpfs, and `SQLite`'s own
//! `max_page_count`), a read-only disk, the database file deleted or replaced under the open
//! database, and another process holding the write lock. In each: a failed write says why
//! ([`Unsaved`]), leaves nothing half-written and never hands out an id; every write confirmed
//! before, during and after is stored; the pools stay sound (no connection left inside a
//! transaction), and writes work again once the fault is gone, without reopening.
//!
//! The tmpfs tests need root (CI runs as root). Elsewhere they print why they cannot mount and
//! stop; under `CI` as root they fail instead, so CI cannot skip them quietly.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use funnel_coach::funnel::Lever;
use funnel_coach::member::Member;
use funnel_coach::moderation::Action;
use funnel_coach::schedule::{Repeat, Rule};
use funnel_coach::store::guides::{GuideWrite, Saved};
use funnel_coach::store::reminders::{Added, NewReminder};
use funnel_coach::store::sqlite::Db;
use funnel_coach::store::usage::Usage;
use funnel_coach::store::{StoreError, Unsaved};
use funnel_coach::test_log::{NewTest, TestId};
use sqlx::Connection as _;

const GUILD: u64 = 900_000_000_000_000_001;
const MOD: u64 = 700_000_000_000_000_001;
const AT: i64 = 1_704_067_200;

fn member(n: u64) -> Member {
    Member {
        guild: GUILD,
        user: 800_000_000_000_000_000 + n,
    }
}

fn url(path: &Path) -> String {
    format!("sqlite://{}", path.display())
}

/// A tmpfs of `size` mounted on a fresh folder, unmounted when dropped.
struct Tmpfs {
    dir: tempfile::TempDir,
}

impl Tmpfs {
    /// The mount, or why there is none (printed by the caller).
    fn mount(size: &str) -> Result<Tmpfs, String> {
        let dir = tempfile::tempdir().map_err(|e| format!("no temporary folder: {e}"))?;
        let out = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .output()
            .map_err(|e| format!("cannot run `mount`: {e}"))?;
        if out.status.success() {
            Ok(Tmpfs { dir })
        } else {
            Err(format!(
                "`mount -t tmpfs` failed ({}): {}",
                out.status,
                String::from_utf8_lossy(&out.stderr).trim()
            ))
        }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn remount(&self, mode: &str) {
        let out = Command::new("mount")
            .args(["-o", &format!("remount,{mode}")])
            .arg(self.path())
            .output()
            .expect("run mount");
        assert!(
            out.status.success(),
            "remount {mode}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let done = Command::new("umount").arg(self.path()).status();
        if !done.is_ok_and(|s| s.success()) {
            // Still busy (a test failed with the database open): detach it anyway.
            let _ = Command::new("umount").arg("-l").arg(self.path()).status();
        }
    }
}

/// A tmpfs, or `None` after printing why this machine cannot have one; as root under CI that
/// is a failure, since CI must run these tests for real.
fn tmpfs(size: &str, test: &str) -> Option<Tmpfs> {
    match Tmpfs::mount(size) {
        Ok(fs) => Some(fs),
        Err(why) => {
            let root = std::env::var("USER").is_ok_and(|u| u == "root")
                || Command::new("id")
                    .arg("-u")
                    .output()
                    .is_ok_and(|o| o.stdout.trim_ascii() == b"0");
            assert!(
                !(root && std::env::var_os("CI").is_some()),
                "{test}: CI runs as root and must mount a tmpfs: {why}"
            );
            println!(
                "{test}: not run on a real small disk: {why}. Mounting a tmpfs needs root \
                 (CI runs as root); the max_page_count variant of the full-disk test runs \
                 everywhere."
            );
            None
        }
    }
}

/// Fills the filesystem holding `dir` with a file until the disk refuses more.
fn fill(dir: &Path) -> PathBuf {
    let path = dir.join("filler");
    let mut file = std::fs::File::create(&path).expect("create the filler");
    let chunk = vec![0u8; 16 * 1024];
    // `write_all` goes on writing what fits of the last chunk: the disk ends full to the page.
    while file.write_all(&chunk).is_ok() {}
    path
}

fn unsaved<T: std::fmt::Debug>(result: Result<T, StoreError>) -> Unsaved {
    match result {
        Ok(v) => panic!("the write was confirmed: {v:?}"),
        Err(e) => e.unsaved(),
    }
}

/// What the test confirmed to members, to check against what is stored.
#[derive(Default)]
struct Confirmed {
    tests: Vec<(Member, TestId, String)>,
    reminders: Vec<(Member, i64)>,
}

impl Confirmed {
    /// Logs a test; `Ok` once it was confirmed (kept here), else why it was not saved.
    async fn log_test(&mut self, db: &Db, who: Member, change: &str) -> Result<(), Unsaved> {
        let test = NewTest {
            lever: Lever::Proof,
            change,
            before: None,
        };
        match db.log_test(who, test, AT).await {
            Ok(t) => {
                self.tests.push((who, t.id, change.to_owned()));
                Ok(())
            }
            Err(e) => Err(e.unsaved()),
        }
    }

    async fn add_reminder(&mut self, db: &Db, who: Member) -> Result<(), Unsaved> {
        let new = NewReminder {
            note: "check the funnel",
            timezone: "UTC",
            rule: Rule {
                repeat: Repeat::Daily,
                time: jiff::civil::time(9, 0, 0, 0),
                weekday: None,
            },
            first: AT + 3_600,
            now: AT,
        };
        match db.add_reminder(who, new).await {
            Ok(Added::Stored(id)) => {
                self.reminders.push((who, id));
                Ok(())
            }
            Ok(Added::TooMany) => panic!("too many reminders for one member"),
            Err(e) => Err(e.unsaved()),
        }
    }

    /// Every confirmed write is stored, once, and nothing else: no id was confirmed twice.
    async fn all_stored(&self, db: &Db) {
        let mut ids: Vec<i64> = self.tests.iter().map(|t| t.1 .0).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), self.tests.len(), "an id was confirmed twice");
        let mut members: Vec<Member> = self.tests.iter().map(|t| t.0).collect();
        members.sort_by_key(|m| m.user);
        members.dedup();
        let mut stored = 0;
        for who in members {
            let mine = db.all_tests(who).await.expect("read the tests");
            stored += mine.len();
            for (_, id, change) in self.tests.iter().filter(|t| t.0 == who) {
                let t = mine
                    .iter()
                    .find(|t| t.id == *id)
                    .unwrap_or_else(|| panic!("confirmed test {id:?} is not stored"));
                assert_eq!(&t.change, change, "test {id:?} holds another test's words");
            }
        }
        assert_eq!(
            stored,
            self.tests.len(),
            "a test nobody confirmed is stored"
        );
        for (who, id) in &self.reminders {
            assert!(
                db.reminder_of(*who, *id).await.expect("read").is_some(),
                "confirmed reminder {id} is not stored"
            );
        }
    }
}

async fn integrity_ok(path: &Path) {
    let db = Db::open(&url(path)).await.expect("reopen");
    let check: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&db.reader().expect("reader"))
        .await
        .expect("integrity_check");
    assert_eq!(check, "ok");
    db.close().await;
}

/// A guide and its audit row are one write: a guide saved without its audit row (or the
/// reverse) would be half a write.
async fn save_guide(db: &Db, title: &str) -> Result<i64, StoreError> {
    // Longer than a page: it needs pages of its own, even at SQLite's page limit.
    let body = "Impressions first, then clicks. ".repeat(200);
    let write = GuideWrite {
        id: None,
        title,
        summary: "How to read the first step",
        body: &body,
    };
    match db
        .save_guide(GUILD, MOD, write, Action::GuideAdded, AT)
        .await?
    {
        Saved::Saved(id) => Ok(id),
        other => panic!("guide not saved: {other:?}"),
    }
}

async fn guides_and_audit(db: &Db) -> (usize, usize) {
    let guides = db.server_guides(GUILD).await.expect("guides").len();
    let audit: i64 = sqlx::query_scalar("SELECT count(*) FROM mod_log WHERE guild_id = ?")
        .bind(i64::try_from(GUILD).expect("id"))
        .fetch_one(&db.reader().expect("reader"))
        .await
        .expect("count audit rows");
    (guides, usize::try_from(audit).expect("count"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_disk_refuses_writes_as_full_keeps_every_confirmed_one_and_recovers_once_freed() {
    let Some(fs) = tmpfs("4m", "full disk (tmpfs)") else {
        return;
    };
    let path = fs.path().join("bot.db");
    let db = Db::open(&url(&path)).await.expect("open");
    let mut confirmed = Confirmed::default();
    for n in 0..5 {
        confirmed
            .log_test(&db, member(n), "before: new hook")
            .await
            .expect("room to write");
        confirmed.add_reminder(&db, member(n)).await.expect("room");
    }
    save_guide(&db, "Before").await.expect("room");

    let filler = fill(fs.path());
    // Every kind of write is refused as Full, again and again: the failed commits leave no
    // connection inside a transaction ("non-zero transaction depth" would be Other).
    for round in 0..3 {
        let who = member(10 + round);
        assert_eq!(
            confirmed.log_test(&db, who, "during: new price").await,
            Err(Unsaved::Full)
        );
        assert_eq!(confirmed.add_reminder(&db, who).await, Err(Unsaved::Full));
        assert_eq!(unsaved(save_guide(&db, "During").await), Unsaved::Full);
    }
    // Reads answer, and see no part of the refused writes.
    confirmed.all_stored(&db).await;
    assert_eq!(
        guides_and_audit(&db).await,
        (1, 1),
        "half a guide write is stored"
    );

    std::fs::remove_file(filler).expect("free the disk");
    for n in 20..23 {
        confirmed
            .log_test(&db, member(n), "after: new thumbnail")
            .await
            .expect("writes work again once the disk has room, without a restart");
        confirmed
            .add_reminder(&db, member(n))
            .await
            .expect("room again");
    }
    save_guide(&db, "After").await.expect("room again");
    confirmed.all_stored(&db).await;
    assert_eq!(guides_and_audit(&db).await, (2, 2));
    db.close().await;
    integrity_ok(&path).await;
    let db = Db::open(&url(&path)).await.expect("reopen");
    confirmed.all_stored(&db).await;
    db.close().await;
}

#[tokio::test]
async fn a_database_at_its_page_limit_refuses_writes_as_full_and_takes_them_again_once_raised() {
    // SQLite's own limit on the file's size: the full disk without a mount, on any machine.
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("bot.db");
    let db = Db::open(&url(&path)).await.expect("open");
    let mut confirmed = Confirmed::default();
    confirmed
        .add_reminder(&db, member(0))
        .await
        .expect("room to write");
    save_guide(&db, "Before").await.expect("room");
    let pages: i64 = sqlx::query_scalar("PRAGMA page_count")
        .fetch_one(&db.reader().expect("reader"))
        .await
        .expect("page count");
    set_max_pages(&db, pages + 2).await;
    // Long tests until the last page is taken.
    let long = "x".repeat(200);
    let mut refused = None;
    for n in 0..1_000 {
        if let Err(why) = confirmed.log_test(&db, member(n % 5), &long).await {
            refused = Some(why);
            break;
        }
    }
    assert_eq!(
        refused,
        Some(Unsaved::Full),
        "the page limit was never reached"
    );
    for _ in 0..3 {
        assert_eq!(
            confirmed.log_test(&db, member(1), &long).await,
            Err(Unsaved::Full)
        );
        assert_eq!(unsaved(save_guide(&db, "During").await), Unsaved::Full);
    }
    confirmed.all_stored(&db).await;
    assert_eq!(
        guides_and_audit(&db).await,
        (1, 1),
        "half a guide write is stored"
    );

    set_max_pages(&db, 1_000_000).await;
    confirmed
        .log_test(&db, member(1), &long)
        .await
        .expect("room again");
    confirmed.add_reminder(&db, member(1)).await.expect("room");
    save_guide(&db, "After").await.expect("room");
    confirmed.all_stored(&db).await;
    assert_eq!(guides_and_audit(&db).await, (2, 2));
    db.close().await;
    integrity_ok(&path).await;
}

/// Sets `SQLite`'s page limit on the writer connection.
async fn set_max_pages(db: &Db, pages: i64) {
    let mut tx = db.write().await.expect("writer");
    sqlx::query(&format!("PRAGMA max_page_count = {pages}"))
        .execute(&mut *tx)
        .await
        .expect("max_page_count");
    tx.commit().await.expect("commit");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_read_only_disk_refuses_writes_as_read_only_answers_reads_and_writes_again_once_writable()
{
    let Some(fs) = tmpfs("8m", "read-only disk (tmpfs)") else {
        return;
    };
    let path = fs.path().join("bot.db");
    let mut confirmed = Confirmed::default();
    let db = Db::open(&url(&path)).await.expect("open");
    for n in 0..3 {
        confirmed
            .log_test(&db, member(n), "before: new hook")
            .await
            .expect("writable");
        confirmed
            .add_reminder(&db, member(n))
            .await
            .expect("writable");
    }
    // Linux refuses to remount a filesystem read-only while a file on it is open for writing,
    // as a running bot's database (and its WAL) is. What can be seen is the bot starting on a
    // disk that went read-only under it (the kernel does that on disk errors): the WAL it was
    // writing is still there. So: the bot stops without folding the WAL back (a reader is
    // still open as the writer closes), the disk goes read-only, the bot starts.
    let mut last = sqlx::SqliteConnection::connect_with(
        &sqlx::sqlite::SqliteConnectOptions::new()
            .filename(&path)
            .read_only(true),
    )
    .await
    .expect("a reader");
    let _: i64 = sqlx::query_scalar("SELECT count(*) FROM tests")
        .fetch_one(&mut last)
        .await
        .expect("read");
    db.close().await;
    sqlx::Connection::close(last).await.expect("close");
    fs.remount("ro");

    let db = Db::open(&url(&path))
        .await
        .expect("the bot starts on a read-only disk");
    confirmed.all_stored(&db).await;
    for round in 0..3 {
        let who = member(10 + round);
        assert_eq!(
            confirmed.log_test(&db, who, "during: new price").await,
            Err(Unsaved::ReadOnly)
        );
        assert_eq!(
            confirmed.add_reminder(&db, who).await,
            Err(Unsaved::ReadOnly)
        );
        confirmed.all_stored(&db).await;
    }

    fs.remount("rw");
    for n in 20..23 {
        confirmed
            .log_test(&db, member(n), "after: new thumbnail")
            .await
            .expect("writes work once the disk is writable, without a restart");
        confirmed
            .add_reminder(&db, member(n))
            .await
            .expect("writable");
    }
    confirmed.all_stored(&db).await;
    db.close().await;
    integrity_ok(&path).await;
}

/// Log lines written on this thread while the returned guard lives.
fn capture_logs() -> (Arc<Mutex<Vec<u8>>>, tracing::subscriber::DefaultGuard) {
    #[derive(Clone)]
    struct Sink(Arc<Mutex<Vec<u8>>>);
    impl std::io::Write for Sink {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().expect("log sink").extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let lines = Arc::new(Mutex::new(Vec::new()));
    let sink = Sink(lines.clone());
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || sink.clone())
        .with_ansi(false)
        .finish();
    (lines, tracing::subscriber::set_default(subscriber))
}

fn count_lines(logs: &Mutex<Vec<u8>>, text: &str) -> usize {
    String::from_utf8_lossy(&logs.lock().expect("logs"))
        .lines()
        .filter(|l| l.contains(text))
        .count()
}

#[tokio::test]
async fn a_database_file_moved_away_or_replaced_refuses_reads_and_writes_with_one_log_line() {
    let (logs, _guard) = capture_logs();
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("bot.db");
    let db = Db::open(&url(&path)).await.expect("open");
    let mut confirmed = Confirmed::default();
    confirmed
        .log_test(&db, member(1), "before: new hook")
        .await
        .expect("write");

    // Moved away (as `mv`, or deleted: SQLite would go on writing into a file nobody reads).
    let away = dir.path().join("bot.db.away");
    std::fs::rename(&path, &away).expect("move the file away");
    for _ in 0..5 {
        assert_eq!(
            confirmed.log_test(&db, member(1), "lost?").await,
            Err(Unsaved::Moved)
        );
        assert_eq!(
            confirmed.add_reminder(&db, member(1)).await,
            Err(Unsaved::Moved)
        );
        assert_eq!(unsaved(db.count_tests(member(1)).await), Unsaved::Moved);
    }
    assert_eq!(count_lines(&logs, "deleted or replaced"), 1, "one line");

    // Back where it was: reads and writes resume.
    std::fs::rename(&away, &path).expect("move it back");
    confirmed
        .log_test(&db, member(1), "back: new price")
        .await
        .expect("the file is back");
    confirmed.all_stored(&db).await;
    assert_eq!(count_lines(&logs, "file is back"), 1);

    // Replaced by another file (a copy restored by hand while the bot runs).
    let copy = dir.path().join("copy.db");
    std::fs::copy(&path, &copy).expect("copy");
    std::fs::rename(&copy, &path).expect("replace");
    assert_eq!(
        confirmed.log_test(&db, member(1), "into which file?").await,
        Err(Unsaved::Moved)
    );
    assert_eq!(unsaved(db.count_tests(member(1)).await), Unsaved::Moved);
    assert_eq!(count_lines(&logs, "deleted or replaced"), 2);
    db.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn while_another_process_holds_the_write_lock_reads_answer_and_writes_give_up_as_busy() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("bot.db");
    let db = Db::open(&url(&path)).await.expect("open");
    let mut confirmed = Confirmed::default();
    confirmed
        .log_test(&db, member(1), "before: new hook")
        .await
        .expect("write");

    // Another program (a `sqlite3` shell, a second bot) holds the write lock for longer than
    // a write waits.
    let mut other = sqlx::SqliteConnection::connect(&url(&path))
        .await
        .expect("another connection");
    sqlx::query("BEGIN IMMEDIATE")
        .execute(&mut other)
        .await
        .expect("take the write lock");

    // More waiting writes than the old shared pool had connections.
    let writes: Vec<_> = (0..6)
        .map(|n| {
            let db = db.clone();
            tokio::spawn(async move {
                let test = NewTest {
                    lever: Lever::Offer,
                    change: "while locked",
                    before: None,
                };
                db.log_test(member(10 + n), test, AT).await
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(200)).await;
    // Reads answer while every write waits: none of the writes has returned yet.
    for _ in 0..20 {
        db.count_tests(member(1)).await.expect("a read answers");
    }
    assert!(
        writes.iter().all(|w| !w.is_finished()),
        "a write returned before the reads (not waiting for the lock?)"
    );
    for w in writes {
        let result = w.await.expect("task");
        assert_eq!(unsaved(result), Unsaved::Busy);
    }
    sqlx::query("ROLLBACK")
        .execute(&mut other)
        .await
        .expect("release the lock");
    confirmed
        .log_test(&db, member(1), "after: new price")
        .await
        .expect("the lock is free again");
    confirmed.all_stored(&db).await;
    db.close().await;
}

#[tokio::test]
async fn usage_counts_the_database_refused_are_kept_and_written_once_it_takes_them() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("bot.db");
    let db = Db::open(&url(&path)).await.expect("open");
    let clock = Arc::new(funnel_coach::clock::ManualClock::at(
        jiff::Timestamp::from_second(AT).expect("time"),
    ));
    let (usage, writer) = funnel_coach::store::usage::UsageRecorder::start(
        db.clone().into(),
        Duration::from_millis(20),
        clock,
    );
    // Refused writes: the file is away.
    let away = dir.path().join("bot.db.away");
    std::fs::rename(&path, &away).expect("move away");
    for _ in 0..3 {
        usage.record(GUILD, Usage::Lookup("product-ctr".into()));
        tokio::time::sleep(Duration::from_millis(60)).await;
    }
    std::fs::rename(&away, &path).expect("move back");
    usage.record(GUILD, Usage::Lookup("product-ctr".into()));
    drop(usage);
    writer.await.expect("the writer stops");
    assert_eq!(
        db.top_lookups(GUILD, 5).await.expect("read"),
        [("product-ctr".to_owned(), 4)]
    );
    db.close().await;
}
