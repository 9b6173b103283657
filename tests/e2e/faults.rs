//! Storage faults, through the real bot: another program holding the database's write lock, a
//! full disk under the database, a full, read-only or stalled log output. Whatever happens to
//! the disk or the lock, every member is answered within Discord's 3 seconds (the fake drops
//! a later first response with 10062 and records it: `assert_no_violations`), and what the
//! bot said it saved is saved.
//!
//! The full-disk and read-only tests mount a small tmpfs, which needs root (CI runs as root);
//! without it they say why in the test output and stop there (in CI, as root, they fail). The
//! full log output then falls back to `/dev/full`, which refuses every write the same way.

use crate::support;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use funnel_coach::render::components::{ComponentId, DrillId};
use serde_json::json;
use sqlx::{Connection, SqliteConnection};
use support::{
    db, short_id, title, BotEnv, BotProcess, BrokenOutput, FakeConfig, FakeDiscord, Response,
    TestUser,
};

/// The storage apologies, as `prompts/ui.toml` words them.
const BUSY: &str = "I'm busy right now, so nothing was changed";
const FULL: &str = "the bot's storage is full, so nothing was changed";

/// A fake whose waits outlast a write's 10 s wait for the lock (a deferred answer may come
/// that late; its first response is still held to the 3 s rule).
async fn patient_fake() -> FakeDiscord {
    FakeDiscord::start_with(FakeConfig {
        timeout: Duration::from_secs(40),
        ..FakeConfig::default()
    })
    .await
}

/// Another program holding the database's write lock (`BEGIN IMMEDIATE`), as `sqlite3` left
/// open or a backup tool would, until `release`.
struct WriteLock {
    conn: SqliteConnection,
    released: Arc<AtomicBool>,
}

impl WriteLock {
    async fn take(bot: &BotProcess) -> WriteLock {
        let mut conn = SqliteConnection::connect(&bot.database_url).await.unwrap();
        sqlx::query("BEGIN IMMEDIATE")
            .execute(&mut conn)
            .await
            .unwrap();
        WriteLock {
            conn,
            released: Arc::new(AtomicBool::new(false)),
        }
    }

    /// Lets go of the lock after `after`, in the background; the flag says when it did.
    fn release_after(mut self, after: Duration) -> Arc<AtomicBool> {
        let released = self.released.clone();
        tokio::spawn(async move {
            tokio::time::sleep(after).await;
            sqlx::query("ROLLBACK")
                .execute(&mut self.conn)
                .await
                .unwrap();
            self.released.store(true, Ordering::SeqCst);
        });
        released
    }
}

async fn count(pool: &sqlx::SqlitePool, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(pool).await.unwrap()
}

/// The first answer button of a drill.
fn an_answer(drill: &Response) -> String {
    drill
        .custom_ids()
        .into_iter()
        .find(|id| matches!(DrillId::parse(id), Some(DrillId::Answer { .. })))
        .unwrap_or_else(|| panic!("no answer button in {:?}", drill.custom_ids()))
}

async fn log_test(fake: &FakeDiscord, user: &TestUser, change: &str) -> Response {
    fake.slash(
        user,
        "test log",
        json!({"lever": "Hook", "change": change,
               "impressions": "12.5k", "clicks": "310", "orders": "4"}),
    )
    .await
    .unwrap()
}

async fn set_reminder(fake: &FakeDiscord, user: &TestUser) -> Response {
    fake.slash(user, "remind set", json!({"time": "in 2h"}))
        .await
        .unwrap()
}

async fn new_drill(fake: &FakeDiscord, user: &TestUser) -> Response {
    let r = fake.slash(user, "drill", json!({})).await.unwrap();
    assert_eq!(
        title(&r),
        "Drill: where is this funnel weak?",
        "{}",
        r.text()
    );
    r
}

#[tokio::test]
async fn while_another_program_holds_the_lock_for_8_seconds_every_member_is_answered_in_time_and_every_write_is_kept(
) {
    let fake = patient_fake().await;
    let bot = BotProcess::start(&fake).await;
    let pool = db(&bot).await;
    let (alice, bob, moderator) = (fake.user("alice"), fake.user("bob"), fake.user("mod"));
    let drill = new_drill(&fake, &alice).await;
    let pop_up = fake
        .slash(&moderator, "mod guide add", json!({}))
        .await
        .unwrap();
    let old = log_test(&fake, &bob, "An old test").await;
    let ask = fake
        .slash(&bob, "test delete", json!({"test": short_id(&title(&old))}))
        .await
        .unwrap();
    let delete = ask.custom_ids()[0].clone();

    let released = WriteLock::take(&bot)
        .await
        .release_after(Duration::from_secs(8));
    let answer = an_answer(&drill);
    let (logged, reminded, answered, saved, targets, bobs, deleted) = tokio::join!(
        log_test(&fake, &alice, "New hook: price in the first second"),
        set_reminder(&fake, &bob),
        async { fake.click(&alice, &drill.message(), &answer).await.unwrap() },
        async {
            fake.submit_modal(
                &moderator,
                &pop_up,
                vec![("title", "Our rules"), ("body", "Post once a day.")],
            )
            .await
            .unwrap()
        },
        async {
            fake.slash(
                &moderator,
                "mod settings thresholds",
                json!({"ctr": "1.5", "ctor": "3"}),
            )
            .await
            .unwrap()
        },
        log_test(&fake, &bob, "Cheaper bundle"),
        async { fake.click(&bob, &ask.message(), &delete).await.unwrap() },
    );
    assert!(
        released.load(Ordering::SeqCst),
        "the writes waited out the lock"
    );

    // Each was deferred in time (the fake refuses a first response after 3 s), then confirmed.
    for (r, kind, said) in [
        (&logged, 5, "is logged"),
        (&bobs, 5, "is logged"),
        (&reminded, 5, "Reminder set"),
        (&targets, 5, "Setting saved"),
    ] {
        assert_eq!((r.status, r.kind), (204, kind), "{}: {r:?}", r.label);
        assert!(r.ephemeral(), "{}", r.label);
        assert!(title(r).contains(said), "{}: {}", r.label, r.text());
    }
    assert_eq!((answered.status, answered.kind), (204, 6), "{answered:?}");
    assert!(answered.ephemeral());
    assert!(!answered.text().contains(BUSY), "{}", answered.text());
    assert_eq!((saved.status, saved.kind), (204, 5), "{saved:?}");
    // The confirmation question itself became the answer, as an update would have made it.
    assert_eq!((deleted.status, deleted.kind), (204, 6), "{deleted:?}");
    assert_eq!(deleted.message_id(), ask.message_id());
    assert!(
        title(&deleted).ends_with("is deleted"),
        "{}",
        deleted.text()
    );
    assert!(
        deleted.custom_ids().is_empty(),
        "{:?}",
        deleted.custom_ids()
    );
    assert!(saved.text().contains("Our rules"), "{}", saved.text());

    // Everything confirmed is stored.
    assert_eq!(count(&pool, "SELECT count(*) FROM tests").await, 2);
    assert_eq!(count(&pool, "SELECT count(*) FROM reminders").await, 1);
    assert_eq!(count(&pool, "SELECT count(*) FROM drill_attempts").await, 1);
    assert_eq!(count(&pool, "SELECT count(*) FROM server_guides").await, 1);
    assert_eq!(
        count(
            &pool,
            "SELECT count(*) FROM guild_settings WHERE ctr_threshold = 0.015"
        )
        .await,
        1
    );
    assert_eq!(count(&pool, "SELECT count(*) FROM mod_log").await, 2);
    fake.assert_no_violations();
}

#[tokio::test]
async fn a_lock_held_past_the_10_second_wait_gets_the_busy_apology_and_nothing_is_stored() {
    let fake = patient_fake().await;
    let bot = BotProcess::start(&fake).await;
    let pool = db(&bot).await;
    let (alice, bob) = (fake.user("alice"), fake.user("bob"));
    let drill = new_drill(&fake, &bob).await;

    let released = WriteLock::take(&bot)
        .await
        .release_after(Duration::from_secs(12));
    let answer = an_answer(&drill);
    let (logged, reminded, answered) = tokio::join!(
        log_test(&fake, &alice, "New hook"),
        set_reminder(&fake, &alice),
        async { fake.click(&bob, &drill.message(), &answer).await.unwrap() },
    );
    // The bot gave up while the lock was still held, and said so privately.
    assert!(
        !released.load(Ordering::SeqCst),
        "the apology came before the lock went"
    );
    for r in [&logged, &reminded, &answered] {
        assert!(r.is_success(), "{r:?}");
        assert!(r.ephemeral(), "{}", r.label);
        assert!(r.text().contains(BUSY), "{}: {}", r.label, r.text());
    }
    while !released.load(Ordering::SeqCst) {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(count(&pool, "SELECT count(*) FROM tests").await, 0);
    assert_eq!(count(&pool, "SELECT count(*) FROM reminders").await, 0);
    assert_eq!(count(&pool, "SELECT count(*) FROM drill_attempts").await, 0);

    // Once the lock is gone, the same write goes through.
    let again = log_test(&fake, &alice, "New hook").await;
    assert!(title(&again).contains("is logged"), "{}", again.text());
    assert_eq!(count(&pool, "SELECT count(*) FROM tests").await, 1);
    fake.assert_no_violations();
}

#[tokio::test]
async fn reads_are_answered_while_writes_wait_for_the_lock() {
    let fake = patient_fake().await;
    let bot = BotProcess::start(&fake).await;
    let (alice, bob) = (fake.user("alice"), fake.user("bob"));
    let first = log_test(&fake, &alice, "Shorter title").await;
    assert!(title(&first).contains("is logged"), "{}", first.text());

    let _released = WriteLock::take(&bot)
        .await
        .release_after(Duration::from_secs(8));
    let mark = fake.mark();
    // More waiting writers than the bot has connections for writing.
    let writers: Vec<_> = (0..8)
        .map(|i| {
            let (fake, bob) = (fake.clone(), bob.clone());
            tokio::spawn(async move { log_test(&fake, &bob, &format!("change {i}")).await })
        })
        .collect();
    // Every writer is deferred: each is holding on for the lock now.
    let deferred = || {
        fake.requests_since(mark)
            .iter()
            .filter(|r| r.matches(support::routes::CALLBACK) && r.status == 204)
            .count()
    };
    for _ in 0..100 {
        if deferred() == 8 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(deferred(), 8, "the writers were deferred while they waited");

    let defined = fake
        .slash(&alice, "define", json!({"term": "ctor"}))
        .await
        .unwrap();
    assert_eq!(title(&defined), "Product CTOR");
    let choices = fake
        .autocomplete(&alice, "test result", "test", "", json!({}))
        .await
        .unwrap();
    assert_eq!(choices.len(), 1, "{choices:?}");
    let listed = fake.slash(&alice, "test list", json!({})).await.unwrap();
    assert!(listed.text().contains("Shorter title"), "{}", listed.text());
    let reminders = fake.slash(&alice, "remind list", json!({})).await.unwrap();
    assert!(reminders.is_success(), "{reminders:?}");

    for w in writers {
        let r = w.await.unwrap();
        assert!(title(&r).contains("is logged"), "{}", r.text());
    }
    fake.assert_no_violations();
}

/// A tmpfs of `size` mounted on a new temporary folder, unmounted when dropped; `None` (the
/// reason printed) where mounting is not allowed.
struct Tmpfs {
    dir: tempfile::TempDir,
}

impl Tmpfs {
    fn mount(size: &str, test: &str) -> Option<Tmpfs> {
        let dir = tempfile::tempdir().unwrap();
        let out = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .output();
        match out {
            Ok(o) if o.status.success() => Some(Tmpfs { dir }),
            Ok(o) => Self::not_mounted(test, &String::from_utf8_lossy(&o.stderr)),
            Err(e) => Self::not_mounted(test, &format!("cannot run `mount`: {e}")),
        }
    }

    /// Says why the test does not run; in CI (as root) it must, so there it fails instead.
    fn not_mounted(test: &str, why: &str) -> Option<Tmpfs> {
        let root = std::process::Command::new("id")
            .arg("-u")
            .output()
            .is_ok_and(|o| o.stdout.trim_ascii() == b"0");
        assert!(
            !(root && std::env::var_os("CI").is_some()),
            "{test}: CI runs as root and must mount a tmpfs: {}",
            why.trim()
        );
        eprintln!(
            "{test}: not run: a small disk to fill needs a tmpfs mount, which needs root (CI \
             runs as root): {}",
            why.trim()
        );
        None
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Remounts the disk `ro` or `rw`.
    fn remount(&self, mode: &str) {
        let status = std::process::Command::new("mount")
            .args(["-o", &format!("remount,{mode}")])
            .arg(self.path())
            .status()
            .unwrap();
        assert!(status.success(), "remount {mode}");
    }

    /// Fills what is left of the disk with one file; returns it (remove it to free the space).
    fn fill(&self) -> PathBuf {
        use std::io::Write;
        let path = self.path().join("filler");
        let mut f = std::fs::File::create(&path).unwrap();
        let block = vec![0u8; 64 * 1024];
        while f.write_all(&block).is_ok() {}
        while f.write_all(&[0]).is_ok() {}
        let _ = f.sync_all();
        path
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg("-l")
            .arg(self.dir.path())
            .status();
    }
}

#[tokio::test]
async fn a_full_disk_under_the_database_is_apologised_for_in_time_and_writes_resume_once_space_is_freed(
) {
    let Some(disk) = Tmpfs::mount("4m", "full disk") else {
        return;
    };
    let fake = patient_fake().await;
    let env = BotEnv {
        db_path: Some(disk.path().join("bot.sqlite")),
        ..BotEnv::dev(&fake)
    };
    let mut bot = BotProcess::start_with(&fake, &env).await;
    let pool = db(&bot).await;
    let (alice, bob) = (fake.user("alice"), fake.user("bob"));
    let before = log_test(&fake, &alice, "Before the disk filled").await;
    assert!(title(&before).contains("is logged"), "{}", before.text());
    let reminded = set_reminder(&fake, &bob).await;
    assert_eq!(title(&reminded), "Reminder set", "{}", reminded.text());
    let drill = new_drill(&fake, &alice).await;

    let filler = disk.fill();
    // Every write is answered in time, with the apology: nothing is half-written.
    let full = log_test(&fake, &alice, "While the disk is full").await;
    assert!(full.text().contains(FULL), "{}", full.text());
    let full = set_reminder(&fake, &bob).await;
    assert!(full.text().contains(FULL), "{}", full.text());
    let full = fake
        .click(&alice, &drill.message(), &an_answer(&drill))
        .await
        .unwrap();
    assert!(full.text().contains(FULL), "{}", full.text());
    // Reads answer, and the bot is up.
    let defined = fake
        .slash(&alice, "define", json!({"term": "gmv"}))
        .await
        .unwrap();
    assert_eq!(title(&defined), "GMV");
    let listed = fake.slash(&alice, "test list", json!({})).await.unwrap();
    assert!(
        listed.text().contains("Before the disk filled"),
        "{}",
        listed.text()
    );
    assert!(!listed.text().contains("While the disk is full"));
    assert!(bot.is_running());

    // Space freed: writes succeed again without a restart.
    std::fs::remove_file(filler).unwrap();
    let after = log_test(&fake, &alice, "After the space was freed").await;
    assert!(title(&after).contains("is logged"), "{}", after.text());
    let reminded = set_reminder(&fake, &bob).await;
    assert_eq!(title(&reminded), "Reminder set", "{}", reminded.text());
    let answered = fake
        .click(&alice, &drill.message(), &an_answer(&drill))
        .await
        .unwrap();
    assert!(!answered.text().contains(FULL), "{}", answered.text());

    // After a restart the database opens cleanly with everything confirmed, and nothing else.
    drop(pool);
    bot.restart().await;
    fake.wait_ready().await.unwrap();
    let pool = db(&bot).await;
    let ok: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(ok, "ok");
    assert_eq!(count(&pool, "SELECT count(*) FROM tests").await, 2);
    assert_eq!(count(&pool, "SELECT count(*) FROM reminders").await, 2);
    assert_eq!(count(&pool, "SELECT count(*) FROM drill_attempts").await, 1);
    let listed = fake.slash(&alice, "test list", json!({})).await.unwrap();
    assert!(listed.text().contains("After the space was freed"));
    fake.assert_no_violations();
}

#[tokio::test]
async fn a_read_only_disk_is_apologised_for_and_writes_resume_once_it_is_writable() {
    let Some(disk) = Tmpfs::mount("8m", "read-only disk") else {
        return;
    };
    let fake = patient_fake().await;
    let path = disk.path().join("bot.sqlite");
    let env = BotEnv {
        db_path: Some(path.clone()),
        ..BotEnv::dev(&fake)
    };
    let mut bot = BotProcess::start_with(&fake, &env).await;
    let alice = fake.user("alice");
    let before = log_test(&fake, &alice, "Before the disk went read-only").await;
    assert!(title(&before).contains("is logged"), "{}", before.text());

    // Linux refuses to make a disk read-only while a file on it is open for writing: the disk
    // goes read-only between a crash and the next start (as the kernel does on disk errors).
    bot.kill_hard().await;
    disk.remount("ro");
    bot.restart().await;
    fake.wait_ready().await.unwrap();
    let refused = log_test(&fake, &alice, "While the disk is read-only").await;
    assert!(
        refused
            .text()
            .contains("storage is locked against changes, so nothing was changed"),
        "{}",
        refused.text()
    );
    let listed = fake.slash(&alice, "test list", json!({})).await.unwrap();
    assert!(
        listed.text().contains("Before the disk went read-only"),
        "{}",
        listed.text()
    );

    // Writable again: writes go through without a restart.
    disk.remount("rw");
    let after = log_test(&fake, &alice, "After the disk came back").await;
    assert!(title(&after).contains("is logged"), "{}", after.text());
    assert!(bot.is_running());
    fake.assert_no_violations();
}

#[tokio::test]
async fn a_database_file_deleted_under_the_running_bot_is_apologised_for_and_the_bot_stays_up() {
    let fake = patient_fake().await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bot.sqlite");
    let env = BotEnv {
        db_path: Some(path.clone()),
        ..BotEnv::dev(&fake)
    };
    let mut bot = BotProcess::start_with(&fake, &env).await;
    let alice = fake.user("alice");
    let before = log_test(&fake, &alice, "Before the file was deleted").await;
    assert!(title(&before).contains("is logged"), "{}", before.text());

    // The database file deleted under the running bot: refused with the apology and a clear
    // log line; the bot stays up and answers what needs no database.
    std::fs::remove_file(&path).unwrap();
    let refused = log_test(&fake, &alice, "After the file was deleted").await;
    assert!(
        refused
            .text()
            .contains("it was moved or replaced while I was running"),
        "{}\n--- bot logs ---\n{}",
        refused.text(),
        bot.logs()
    );
    bot.wait_for_log("the database file was deleted or replaced")
        .await
        .unwrap();
    let defined = fake
        .slash(&alice, "define", json!({"term": "ctr"}))
        .await
        .unwrap();
    assert_eq!(title(&defined), "Product CTR");
    assert!(bot.is_running());
    // Restarted, it starts cleanly on the file now at that path (a new, empty database).
    bot.restart().await;
    fake.wait_ready().await.unwrap();
    let again = log_test(&fake, &alice, "After the restart").await;
    assert!(title(&again).contains("is logged"), "{}", again.text());
    fake.assert_no_violations();
}

/// What a member does in a few seconds, each answered (a read, a write, a click).
async fn members_are_answered(fake: &FakeDiscord, bot: &mut BotProcess) {
    let alice = fake.user("alice");
    for i in 0..3 {
        let defined = fake
            .slash(&alice, "define", json!({"term": "ctr"}))
            .await
            .unwrap();
        assert_eq!(title(&defined), "Product CTR");
        let logged = log_test(fake, &alice, &format!("change {i}")).await;
        assert!(title(&logged).contains("is logged"), "{}", logged.text());
        let reminded = set_reminder(fake, &alice).await;
        assert_eq!(title(&reminded), "Reminder set", "{}", reminded.text());
    }
    let drill = new_drill(fake, &alice).await;
    let answered = fake
        .click(&alice, &drill.message(), &an_answer(&drill))
        .await
        .unwrap();
    assert!(answered.is_success(), "{answered:?}");
    assert!(bot.is_running());
    fake.assert_no_violations();
}

#[tokio::test]
async fn logs_to_a_full_disk_do_not_stop_the_bot() {
    let fake = FakeDiscord::start().await;
    let disk = Tmpfs::mount("256k", "logs to a full disk");
    // Without a mount, /dev/full fails every write the same way (ENOSPC).
    let log = disk
        .as_ref()
        .map_or_else(|| PathBuf::from("/dev/full"), |d| d.path().join("bot.log"));
    if let Some(d) = &disk {
        std::fs::File::create(&log).unwrap();
        d.fill();
    }
    let env = BotEnv {
        log_file: Some(log),
        ..BotEnv::dev(&fake).with_env("RUST_LOG", "debug")
    };
    let mut bot = BotProcess::start_with(&fake, &env).await;
    members_are_answered(&fake, &mut bot).await;
}

#[tokio::test]
async fn logs_to_a_read_only_file_do_not_stop_the_bot() {
    let fake = FakeDiscord::start().await;
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("bot.log");
    std::fs::File::create(&log).unwrap();
    let env = BotEnv {
        broken_output: Some(BrokenOutput::ReadOnly(log)),
        ..BotEnv::dev(&fake).with_env("RUST_LOG", "debug")
    };
    let mut bot = BotProcess::start_with(&fake, &env).await;
    members_are_answered(&fake, &mut bot).await;
}

#[tokio::test]
async fn logs_into_a_pipe_nobody_reads_do_not_stop_the_bot() {
    let fake = FakeDiscord::start().await;
    // Everything logged, far more than a pipe holds (64 KB) before its writer must wait.
    let env = BotEnv {
        broken_output: Some(BrokenOutput::Stalled),
        ..BotEnv::dev(&fake).with_env("RUST_LOG", "trace")
    };
    let mut bot = BotProcess::start_with(&fake, &env).await;
    members_are_answered(&fake, &mut bot).await;
}
