//! `funnel-coach backup` and `restore`, run as an operator runs them, beside a database in use.

use std::path::Path;
use std::process::Command;

use funnel_coach::funnel::Lever;
use funnel_coach::member::Member;
use funnel_coach::store::backup::DbLock;
use funnel_coach::store::Db;
use funnel_coach::test_log::NewTest;

const ALICE: Member = Member {
    guild: 900_000_000_000_000_001,
    user: 800_000_000_000_000_001,
};

fn url(path: &Path) -> String {
    format!("sqlite://{}", path.display())
}

/// Runs `funnel-coach ARGS` on the database `url`: (exit code, stdout, stderr).
fn run(url: &str, args: &[&str], dir: &Path) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_funnel-coach"))
        .args(args)
        .current_dir(dir)
        .env("DATABASE_URL", url)
        .env_remove("DISCORD_TOKEN")
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

async fn log(db: &Db, change: &str) -> i64 {
    let test = NewTest {
        lever: Lever::Proof,
        change,
        before: None,
    };
    db.log_test(ALICE, test, 1_704_067_200)
        .await
        .expect("logged")
        .id
        .0
}

async fn changes(path: &Path) -> Vec<String> {
    let db = Db::open(&url(path)).await.expect("open");
    let mut out: Vec<String> = db
        .all_tests(ALICE)
        .await
        .expect("tests")
        .into_iter()
        .map(|t| t.change)
        .collect();
    out.sort();
    db.close().await;
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_taken_while_the_bot_writes_is_a_sound_copy_of_what_was_confirmed() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("bot.db");
    let db = Db::open(&url(&path)).await.expect("open");
    for n in 0..50 {
        log(&db, &format!("before {n}")).await;
    }
    // The bot goes on writing during the backup.
    let writer = {
        let db = db.clone();
        tokio::spawn(async move {
            let mut confirmed = Vec::new();
            for n in 0..400 {
                log(&db, &format!("during {n}")).await;
                confirmed.push(format!("during {n}"));
            }
            confirmed
        })
    };
    let backup = dir.path().join("backup.db");
    let (code, out, err) = {
        let (u, b, d) = (url(&path), backup.clone(), dir.path().to_owned());
        tokio::task::spawn_blocking(move || run(&u, &["backup", b.to_str().expect("utf-8")], &d))
            .await
            .expect("backup ran")
    };
    let during = writer.await.expect("writer");
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("integrity check"), "{out}");
    db.close().await;
    let copied = changes(&backup).await;
    // Every test confirmed before the backup, then some of those written during it, in order.
    for n in 0..50 {
        assert!(
            copied.contains(&format!("before {n}")),
            "before {n} missing"
        );
    }
    let in_copy = copied.iter().filter(|c| c.starts_with("during")).count();
    for c in &during[..in_copy] {
        assert!(
            copied.contains(c),
            "{c}: the copy is not one moment's state"
        );
    }
    assert!(!dir.path().join("backup.db.partial").exists());
}

#[tokio::test]
async fn a_backup_never_overwrites_a_file() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("bot.db");
    let db = Db::open(&url(&path)).await.expect("open");
    log(&db, "kept").await;
    let existing = dir.path().join("old-backup.db");
    std::fs::write(&existing, "an earlier backup").expect("write");
    let (code, _, err) = run(&url(&path), &["backup", "old-backup.db"], dir.path());
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("already exists"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&existing).expect("read"),
        "an earlier backup"
    );
    db.close().await;
}

#[tokio::test]
async fn restore_is_refused_while_a_bot_holds_the_database() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("bot.db");
    let db = Db::open(&url(&path)).await.expect("open");
    log(&db, "live").await;
    let (code, _, err) = run(&url(&path), &["backup", "b.db"], dir.path());
    assert_eq!(code, 0, "{err}");
    log(&db, "after the backup").await;
    // The lock `funnel-coach run` takes before it opens the database.
    let lock = DbLock::take(&url(&path)).expect("lock").expect("a file");
    let (code, out, err) = run(&url(&path), &["restore", "b.db"], dir.path());
    assert_eq!(code, 1, "{out}{err}");
    assert!(err.contains("stop it first"), "{err}");
    db.close().await;
    assert_eq!(changes(&path).await, ["after the backup", "live"]);
    // A second bot on the same database is refused the same way.
    assert!(DbLock::take(&url(&path)).is_err());
    drop(lock);
    assert!(DbLock::take(&url(&path)).expect("free").is_some());
}

#[tokio::test]
async fn restore_swaps_in_the_backup_and_keeps_the_database_it_replaced() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("bot.db");
    let db = Db::open(&url(&path)).await.expect("open");
    log(&db, "in the backup").await;
    let (code, _, err) = run(&url(&path), &["backup", "b.db"], dir.path());
    assert_eq!(code, 0, "{err}");
    log(&db, "after the backup").await;
    db.close().await;
    let (code, out, err) = run(&url(&path), &["restore", "b.db"], dir.path());
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("before-restore"), "{out}");
    for stale in ["bot.db-wal", "bot.db-shm", "bot.db.restoring"] {
        assert!(!dir.path().join(stale).exists(), "{stale} left behind");
    }
    assert_eq!(changes(&path).await, ["in the backup"]);
    assert_eq!(
        changes(&dir.path().join("bot.db.before-restore")).await,
        ["after the backup", "in the backup"]
    );
}

#[tokio::test]
async fn a_damaged_or_foreign_backup_is_refused_and_the_database_stays() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("bot.db");
    let db = Db::open(&url(&path)).await.expect("open");
    for n in 0..200 {
        log(
            &db,
            &format!("test {n} with enough words to fill some pages"),
        )
        .await;
    }
    let (code, _, err) = run(&url(&path), &["backup", "b.db"], dir.path());
    assert_eq!(code, 0, "{err}");
    db.close().await;
    // Damaged: a page in the middle overwritten.
    let mut bytes = std::fs::read(dir.path().join("b.db")).expect("read");
    let middle = bytes.len() / 2;
    bytes[middle..middle + 4096].fill(0x5A);
    std::fs::write(dir.path().join("damaged.db"), &bytes).expect("write");
    // Not a database at all.
    std::fs::write(dir.path().join("notes.txt"), "not a database").expect("write");
    for bad in ["damaged.db", "notes.txt", "missing.db"] {
        let (code, _, err) = run(&url(&path), &["restore", bad], dir.path());
        assert_eq!(code, 2, "{bad}: {err}");
        assert_eq!(
            changes(&path).await.len(),
            200,
            "{bad}: the database changed"
        );
    }
}

#[test]
fn on_postgresql_backup_and_restore_point_to_pg_dump() {
    let dir = tempfile::tempdir().expect("tmp");
    for command in ["backup", "restore"] {
        let (code, _, err) = run(
            "postgres://bot@localhost/funnel",
            &[command, "x.dump"],
            dir.path(),
        );
        assert_eq!(code, 2, "{err}");
        assert!(err.contains("pg_dump"), "{err}");
    }
}
