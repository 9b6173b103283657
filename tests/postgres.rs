//! Operations on `PostgreSQL`, run as an operator runs them: `migrate-store` moving a community's
//! `SQLite` file into an empty `PostgreSQL` database (and refusing one that holds data, leaving it
//! empty when the copy fails), and `run` against a server that does not answer (exit 3, one
//! line, no password). The server comes from `TEST_DATABASE_URL` (see `support/postgres.rs`).

use std::path::Path;
use std::process::Command;

use funnel_coach::funnel::{Lever, Thresholds};
use funnel_coach::member::Member;
use funnel_coach::moderation::Action;
use funnel_coach::schedule::{Repeat, Rule};
use funnel_coach::store::guides::GuideWrite;
use funnel_coach::store::reminders::{Added, NewReminder};
use funnel_coach::store::Db;
use funnel_coach::test_log::{NewTest, TestId};

#[path = "support/postgres.rs"]
mod postgres;

const GUILD: u64 = 900_000_000_000_000_001;
const ALICE: Member = Member {
    guild: GUILD,
    user: 800_000_000_000_000_001,
};
const BOB: Member = Member {
    guild: GUILD,
    user: 800_000_000_000_000_002,
};
const AT: i64 = 1_704_067_200;

/// Runs `funnel-coach ARGS` with `env`: (exit code, stdout, stderr).
fn run(args: &[&str], env: &[(&str, &str)], dir: &Path) -> (i32, String, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_funnel-coach"));
    command
        .args(args)
        .current_dir(dir)
        .env_remove("DISCORD_TOKEN")
        .env_remove("DATABASE_URL")
        .env(
            "PROMPTS_DIR",
            concat!(env!("CARGO_MANIFEST_DIR"), "/prompts"),
        );
    for (k, v) in env {
        command.env(k, v);
    }
    let out = command.output().expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

async fn log(db: &Db, m: Member, change: &str) -> TestId {
    let test = NewTest {
        lever: Lever::Proof,
        change,
        before: None,
    };
    db.log_test(m, test, AT).await.expect("logged").id
}

/// A community's `SQLite` store with a bit of everything: tests (the newest deleted, so its id
/// is only in `SQLite`'s AUTOINCREMENT record), reminders, a zone, thresholds and their audit
/// rows, a guide, glossary counts.
async fn community(url: &str) {
    let db = Db::open(url).await.expect("sqlite");
    log(&db, ALICE, "hook in the first second").await;
    log(&db, BOB, "price on screen").await;
    let gone = log(&db, ALICE, "deleted before the move").await;
    assert!(db.delete_test(ALICE, gone).await.expect("delete"));
    let rule = Rule {
        repeat: Repeat::Daily,
        time: jiff::civil::time(9, 0, 0, 0),
        weekday: None,
    };
    let new = NewReminder {
        note: "drill time",
        timezone: "Europe/Paris",
        rule,
        first: AT + 3_600,
        now: AT,
    };
    assert!(matches!(
        db.add_reminder(ALICE, new).await.expect("reminder"),
        Added::Stored(_)
    ));
    db.set_member_time_zone(ALICE, "Europe/Paris", AT)
        .await
        .expect("zone");
    db.set_thresholds(
        GUILD,
        7,
        Thresholds {
            ctr: 0.015,
            ctor: 0.03,
        },
        AT,
    )
    .await
    .expect("thresholds");
    let guide = GuideWrite {
        id: None,
        title: "Reading CTOR",
        summary: "after the click",
        body: "Orders divided by clicks.",
    };
    db.save_guide(GUILD, 7, guide, Action::GuideAdded, AT)
        .await
        .expect("guide");
    db.add_usage(
        &[(
            (
                GUILD,
                funnel_coach::store::usage::Usage::Lookup("ctor".into()),
            ),
            3,
        )],
        AT,
    )
    .await
    .expect("usage");
    db.close().await;
}

#[tokio::test]
async fn a_community_moves_to_postgresql_whole_and_a_second_copy_is_refused() {
    let Some(target) = postgres::TestDatabase::create().await else {
        return;
    };
    let dir = tempfile::tempdir().expect("dir");
    let from = format!("sqlite://{}", dir.path().join("bot.db").display());
    community(&from).await;

    let (code, out, err) = run(
        &["migrate-store", "--from", &from, "--to", &target.url],
        &[],
        dir.path(),
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("tests: 2"), "{out}");
    assert!(out.contains("reminders: 1"), "{out}");
    assert!(out.contains("mod_log: 2"), "{out}");

    // Every member's data reads back the same from both stores, thresholds and guides too.
    let (lite, pg) = (
        Db::open(&from).await.expect("sqlite"),
        Db::open(&target.url).await.expect("postgres"),
    );
    for m in [ALICE, BOB] {
        assert_eq!(
            lite.export_member(m).await.expect("export"),
            pg.export_member(m).await.expect("export")
        );
    }
    assert_eq!(
        pg.thresholds(Some(GUILD)).await.expect("thresholds"),
        Thresholds {
            ctr: 0.015,
            ctor: 0.03
        }
    );
    assert_eq!(
        lite.latest_actions(GUILD).await.expect("audit"),
        pg.latest_actions(GUILD).await.expect("audit")
    );
    assert_eq!(
        lite.server_guides(GUILD).await.expect("guides"),
        pg.server_guides(GUILD).await.expect("guides")
    );
    assert_eq!(
        pg.top_lookups(GUILD, 5).await.expect("lookups"),
        vec![("ctor".to_owned(), 3)]
    );
    // The sequence went past the deleted test's id: a test code is never given twice.
    let next = log(&pg, BOB, "first on PostgreSQL").await;
    assert_eq!(next.0, 4, "ids 1-3 were given on SQLite (3 deleted)");
    lite.close().await;

    // A target holding data is refused, and left as it was.
    let (code, _, err) = run(
        &["migrate-store", "--from", &from, "--to", &target.url],
        &[],
        dir.path(),
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("already holds data"), "{err}");
    assert_eq!(pg.count_tests(BOB).await.expect("count"), 2);
    pg.close().await;
}

#[tokio::test]
async fn a_copy_that_fails_leaves_the_target_empty() {
    let Some(target) = postgres::TestDatabase::create().await else {
        return;
    };
    let dir = tempfile::tempdir().expect("dir");
    let from = format!("sqlite://{}", dir.path().join("bot.db").display());
    community(&from).await;
    // A row SQLite's own CHECK lets through but PostgreSQL's refuses: SQLite's lower() folds
    // ASCII letters only, so it takes "Über" as its own lowercase key; PostgreSQL does not.
    {
        use sqlx::ConnectOptions;
        let options: sqlx::sqlite::SqliteConnectOptions = from.parse().expect("url");
        let mut conn = options.connect().await.expect("connect");
        sqlx::query(
            "INSERT INTO server_guides (guild_id, title, title_key, body, moderator_id, updated_at)
             VALUES (1, 'Über', 'Über', 'x', 7, 0)",
        )
        .execute(&mut conn)
        .await
        .expect("SQLite takes it");
    }
    let (code, _, err) = run(
        &["migrate-store", "--from", &from, "--to", &target.url],
        &[],
        dir.path(),
    );
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("Nothing was copied"), "{err}");
    let pg = Db::open(&target.url).await.expect("postgres");
    assert_eq!(pg.count_tests(ALICE).await.expect("count"), 0);
    assert!(pg.server_guides(GUILD).await.expect("guides").is_empty());
    assert_eq!(pg.tables_with_member_rows().await.expect("tables").len(), 4);
    for m in [ALICE, BOB] {
        assert!(pg
            .count_member(m)
            .await
            .expect("count")
            .iter()
            .all(|t| t.rows == 0));
    }
    pg.close().await;
}

#[test]
fn migrate_store_wants_sqlite_then_postgresql() {
    let dir = tempfile::tempdir().expect("dir");
    let (code, _, err) = run(
        &[
            "migrate-store",
            "--from",
            "postgres://bot:hunter2@db/fc",
            "--to",
            "sqlite://x.db",
        ],
        &[],
        dir.path(),
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--from must be an SQLite address"), "{err}");
    assert!(!err.contains("hunter2"), "{err}");
}

#[test]
fn a_postgresql_that_does_not_answer_at_start_exits_3_in_one_line() {
    let dir = tempfile::tempdir().expect("dir");
    // Nothing listens on port 9 of this machine.
    let url = "postgres://funnel:hunter2@127.0.0.1:9/funnel";
    let (code, out, err) = run(
        &["run"],
        &[
            ("DATABASE_URL", url),
            ("DISCORD_TOKEN", "x.y.z"),
            ("RUST_LOG", "info"),
        ],
        dir.path(),
    );
    assert_eq!(code, 3, "{out}{err}");
    let line = err
        .lines()
        .find(|l| l.starts_with("funnel-coach: "))
        .unwrap_or_else(|| panic!("no error line: {err}"));
    assert!(
        line.contains(
            "cannot reach the PostgreSQL server at postgres://funnel:***@127.0.0.1:9/funnel"
        ),
        "{line}"
    );
    assert!(
        !out.contains("hunter2") && !err.contains("hunter2"),
        "{out}{err}"
    );
}

#[tokio::test]
async fn a_managed_server_is_reached_over_tls_with_sslmode_require() {
    let Some(database) = postgres::TestDatabase::create().await else {
        return;
    };
    // Only where the server offers TLS (Debian's does, with its own certificate).
    let plain = Db::open(&database.url).await.expect("postgres");
    let offered: String = sqlx::query_scalar("SHOW ssl")
        .fetch_one(plain.as_postgres().expect("postgres").pool())
        .await
        .expect("show ssl");
    plain.close().await;
    if offered != "on" {
        assert!(
            !std::env::var("CI").is_ok_and(|v| v == "true"),
            "CI's PostgreSQL offers no TLS: nothing tests sslmode=require"
        );
        return;
    }
    let joiner = if database.url.contains('?') { '&' } else { '?' };
    let url = format!("{}{joiner}sslmode=require", database.url);
    let db = Db::open(&url).await.expect("over TLS");
    let encrypted: bool =
        sqlx::query_scalar("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
            .fetch_one(db.as_postgres().expect("postgres").pool())
            .await
            .expect("pg_stat_ssl");
    assert!(encrypted);
    db.close().await;
}

#[tokio::test]
async fn two_processes_claiming_at_once_never_claim_the_same_reminder() {
    let Some(database) = postgres::TestDatabase::create().await else {
        return;
    };
    let (one, two) = (
        Db::open(&database.url).await.expect("postgres"),
        Db::open(&database.url).await.expect("postgres"),
    );
    let rule = Rule {
        repeat: Repeat::Once,
        time: jiff::civil::time(9, 0, 0, 0),
        weekday: None,
    };
    for user in 0..20u64 {
        for _ in 0..20 {
            let new = NewReminder {
                note: "due",
                timezone: "UTC",
                rule,
                first: AT,
                now: AT - 60,
            };
            let member = Member {
                guild: GUILD,
                user: 1_000 + user,
            };
            assert!(matches!(
                one.add_reminder(member, new).await.expect("add"),
                Added::Stored(_)
            ));
        }
    }
    // Both claim in small batches until nothing is left, at the same time.
    let claim_all = |db: Db| async move {
        let mut ids = Vec::new();
        loop {
            let batch = db.claim_due(AT, AT + 60, 7).await.expect("claim");
            if batch.is_empty() {
                return ids;
            }
            ids.extend(batch.iter().map(|c| c.due.id));
        }
    };
    let (a, b) = tokio::join!(
        tokio::spawn(claim_all(one.clone())),
        tokio::spawn(claim_all(two.clone()))
    );
    let (a, b) = (a.expect("one"), b.expect("two"));
    let mut all: Vec<i64> = a.iter().chain(&b).copied().collect();
    all.sort_unstable();
    let claimed = all.len();
    all.dedup();
    assert_eq!(all.len(), claimed, "a reminder claimed twice");
    assert_eq!(claimed, 400, "every due reminder claimed");
    assert!(
        !a.is_empty() && !b.is_empty(),
        "both took a share: {} and {}",
        a.len(),
        b.len()
    );
    one.close().await;
    two.close().await;
}

#[tokio::test]
async fn a_database_holding_other_data_is_refused_untouched() {
    use sqlx::Connection;
    let Some(target) = postgres::TestDatabase::create().await else {
        return;
    };
    let mut conn = sqlx::PgConnection::connect(&target.url)
        .await
        .expect("connect");
    sqlx::raw_sql("CREATE TABLE invoices (n int); INSERT INTO invoices VALUES (1);")
        .execute(&mut conn)
        .await
        .expect("another application's data");
    let dir = tempfile::tempdir().expect("dir");
    let from = format!("sqlite://{}", dir.path().join("bot.db").display());
    community(&from).await;
    let (code, _, err) = run(
        &["migrate-store", "--from", &from, "--to", &target.url],
        &[],
        dir.path(),
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("invoices has 1 rows"), "{err}");
    let made: Option<String> = sqlx::query_scalar("SELECT to_regclass('tests')::text")
        .fetch_one(&mut conn)
        .await
        .expect("regclass");
    assert_eq!(made, None, "no funnel-coach table was added");
    let _ = conn.close().await;
}
