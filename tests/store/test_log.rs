//! The test log in `SQLite`: what a member stores, sees and deletes, and that nobody else can.

use funnel_coach::funnel::{Counts, Lever, Outcome};
use funnel_coach::store::privacy::MEMBER_TABLES;
use funnel_coach::store::test_log::ResultWrite;
use funnel_coach::store::Db;
use funnel_coach::test_log::{Member, NewResult, NewTest, Status, TestId};

const GUILD: u64 = 900_000_000_000_000_001;
const OTHER_GUILD: u64 = 900_000_000_000_000_002;
const ALICE: Member = Member {
    guild: GUILD,
    user: 800_000_000_000_000_001,
};
const BOB: Member = Member {
    guild: GUILD,
    user: 800_000_000_000_000_002,
};
/// Alice in another server.
const ALICE_ELSEWHERE: Member = Member {
    guild: OTHER_GUILD,
    user: 800_000_000_000_000_001,
};

/// Monday 2024-01-01 00:00 UTC.
const MONDAY: i64 = 1_704_067_200;
const DAY: i64 = 86_400;

fn counts(impressions: u64, clicks: u64, orders: u64) -> Counts {
    Counts {
        impressions,
        clicks,
        orders,
        add_to_carts: None,
    }
}

async fn log(db: &Db, m: Member, change: &str, at: i64) -> TestId {
    db.log_test(
        m,
        NewTest {
            lever: Lever::Offer,
            change,
            before: Some(counts(12_500, 310, 4)),
        },
        at,
    )
    .await
    .unwrap()
    .id
}

fn result(note: Option<&str>) -> NewResult<'_> {
    NewResult {
        after: counts(12_000, 300, 12),
        note,
        ctr_outcome: Outcome::NotClear,
        ctor_outcome: Outcome::Improved,
    }
}

#[tokio::test]
async fn a_logged_test_comes_back_as_it_was_typed() {
    for store in crate::stores().await {
        let db = store.db.clone();
        let t = db
            .log_test(
                ALICE,
                NewTest {
                    lever: Lever::Hook,
                    change: "Show the product in the first 3 seconds — «é» 🚀",
                    before: None,
                },
                MONDAY,
            )
            .await
            .unwrap();
        let back = db.test(ALICE, t.id).await.unwrap().unwrap();
        assert_eq!(back, t);
        assert_eq!(back.lever, Lever::Hook);
        assert_eq!(back.status, Status::Open);
        assert_eq!(back.before, None);
        assert_eq!(
            back.change,
            "Show the product in the first 3 seconds — «é» 🚀"
        );
    }
}

#[tokio::test]
async fn a_result_is_recorded_once() {
    for store in crate::stores().await {
        let db = store.db.clone();
        let id = log(&db, ALICE, "say the price out loud", MONDAY).await;
        let ResultWrite::Recorded(done) = db
            .record_result(ALICE, id, result(Some("posted on Tuesday")), MONDAY + DAY)
            .await
            .unwrap()
        else {
            panic!("not recorded");
        };
        assert_eq!(done.status, Status::Done);
        assert_eq!(done.after, Some(counts(12_000, 300, 12)));
        assert_eq!(done.note.as_deref(), Some("posted on Tuesday"));
        assert_eq!(done.ctor_outcome, Some(Outcome::Improved));
        assert_eq!(done.updated_at, MONDAY + DAY);
        assert_eq!(done.created_at, MONDAY);
        let again = db
            .record_result(ALICE, id, result(None), MONDAY + 2 * DAY)
            .await
            .unwrap();
        assert!(
            matches!(again, ResultWrite::AlreadyDone(t) if t.note.as_deref() == Some("posted on Tuesday"))
        );
    }
}

#[tokio::test]
async fn nobody_else_can_read_change_or_delete_a_test() {
    for store in crate::stores().await {
        let db = store.db.clone();
        let id = log(&db, ALICE, "bundle of two", MONDAY).await;
        for other in [BOB, ALICE_ELSEWHERE] {
            assert_eq!(db.test(other, id).await.unwrap(), None, "{other:?} read it");
            assert_eq!(
                db.record_result(other, id, result(Some("hijack")), MONDAY)
                    .await
                    .unwrap(),
                ResultWrite::NotFound,
                "{other:?} changed it"
            );
            assert!(
                !db.delete_test(other, id).await.unwrap(),
                "{other:?} deleted it"
            );
            assert!(db.list_tests(other, 0, 10).await.unwrap().is_empty());
            assert!(db.test_choices(other, false, 25).await.unwrap().is_empty());
            assert!(db.test_choices(other, true, 25).await.unwrap().is_empty());
            assert!(db.all_tests(other).await.unwrap().is_empty());
            assert_eq!(db.count_tests(other).await.unwrap(), 0);
            let export = db.export_member(other).await.unwrap();
            assert_eq!(export["tests"], serde_json::json!([]));
        }
        let mine = db.test(ALICE, id).await.unwrap().unwrap();
        assert_eq!(mine.status, Status::Open);
        assert_eq!(mine.note, None);
        assert!(db.delete_test(ALICE, id).await.unwrap());
        assert_eq!(db.test(ALICE, id).await.unwrap(), None);
        assert!(!db.delete_test(ALICE, id).await.unwrap(), "already gone");
    }
}

#[tokio::test]
async fn lists_are_newest_first_and_paged() {
    for store in crate::stores().await {
        let db = store.db.clone();
        let mut ids = Vec::new();
        for i in 0..12 {
            ids.push(log(&db, ALICE, &format!("change {i}"), MONDAY + i).await);
        }
        log(&db, BOB, "bob's", MONDAY).await;
        log(&db, ALICE_ELSEWHERE, "elsewhere", MONDAY).await;
        assert_eq!(db.count_tests(ALICE).await.unwrap(), 12);
        let first = db.list_tests(ALICE, 0, 5).await.unwrap();
        let changes: Vec<&str> = first.iter().map(|t| t.change.as_str()).collect();
        assert_eq!(
            changes,
            ["change 11", "change 10", "change 9", "change 8", "change 7"]
        );
        let last = db.list_tests(ALICE, 10, 5).await.unwrap();
        assert_eq!(last.len(), 2);
        assert_eq!(last[1].change, "change 0");
        // The autocomplete only offers open tests, newest first.
        db.record_result(ALICE, ids[11], result(None), MONDAY + DAY)
            .await
            .unwrap();
        let choices = db.test_choices(ALICE, true, 25).await.unwrap();
        assert_eq!(choices.len(), 11);
        assert_eq!(choices[0].change, "change 10");
        assert_eq!(choices[0].id, ids[10]);
        assert!(
            choices.iter().all(|c| c.id != ids[11]),
            "the done test is left out"
        );
        for c in &choices {
            let t = db.test(ALICE, c.id).await.unwrap().unwrap();
            assert_eq!(t.status, Status::Open, "{}", c.change);
        }
        let all = db.test_choices(ALICE, false, 3).await.unwrap();
        let changes: Vec<&str> = all.iter().map(|t| t.change.as_str()).collect();
        assert_eq!(changes, ["change 11", "change 10", "change 9"]);
    }
}

#[tokio::test]
async fn impossible_rows_are_refused_by_the_database_too() {
    for store in crate::stores().await {
        let db = store.db.clone();
        let too_long = "x".repeat(201);
        let refused = db
            .log_test(
                ALICE,
                NewTest {
                    lever: Lever::Cta,
                    change: &too_long,
                    before: None,
                },
                MONDAY,
            )
            .await;
        assert!(refused.is_err());
        let empty = db
            .log_test(
                ALICE,
                NewTest {
                    lever: Lever::Cta,
                    change: "",
                    before: None,
                },
                MONDAY,
            )
            .await;
        assert!(empty.is_err());
        assert_eq!(
            db.count_tests(ALICE).await.unwrap(),
            0,
            "nothing was written"
        );
        // The schema itself refuses a lever the bot does not know, on both databases.
        let insert = "INSERT INTO tests (guild_id, user_id, lever, change, created_at, updated_at) VALUES (1, 1, 'magic', 'x', 0, 0)";
        let bad_lever = match (db.as_sqlite(), db.as_postgres()) {
            (Some(lite), _) => sqlx::query(insert)
                .execute(&mut *lite.write().await.unwrap())
                .await
                .map(|_| ()),
            (_, Some(pg)) => sqlx::query(insert).execute(pg.pool()).await.map(|_| ()),
            _ => unreachable!("one store or the other"),
        };
        assert!(bad_lever.is_err(), "{}", store.name);
    }
}

#[tokio::test]
async fn member_progress_counts_tests_results_improvements_and_weeks() {
    for store in crate::stores().await {
        let db = store.db.clone();
        let now = MONDAY + 15 * 7 * DAY + 2 * DAY; // a Wednesday, 15 weeks later
        let empty = db.member_stats(ALICE, now).await.unwrap();
        assert_eq!(
            (
                empty.logged,
                empty.done,
                empty.improved,
                empty.weeks_in_a_row
            ),
            (0, 0, 0, 0)
        );
        // This week, last week and the week before; then a gap.
        let a = log(&db, ALICE, "a", now - DAY).await;
        log(&db, ALICE, "b", now - 7 * DAY).await;
        log(&db, ALICE, "c", now - 10 * DAY).await; // the Sunday of the week before last
        log(&db, ALICE, "d", now - 5 * 7 * DAY).await;
        log(&db, BOB, "bob", now).await;
        db.record_result(ALICE, a, result(None), now).await.unwrap();
        let s = db.member_stats(ALICE, now).await.unwrap();
        assert_eq!(s.logged, 4);
        assert_eq!(s.done, 1);
        assert_eq!(s.improved, 1);
        assert_eq!(s.weeks_in_a_row, 3);
        assert_eq!(db.member_stats(BOB, now).await.unwrap().logged, 1);
        assert_eq!(
            db.member_stats(ALICE_ELSEWHERE, now).await.unwrap().logged,
            0
        );
    }
}

#[tokio::test]
async fn server_counts_never_mix_servers() {
    for store in crate::stores().await {
        let db = store.db.clone();
        let now = MONDAY + 30 * DAY;
        let week_ago = now - 7 * DAY;
        let old = log(&db, ALICE, "old", now - 20 * DAY).await;
        log(&db, ALICE, "new", now - DAY).await;
        log(&db, BOB, "new", now - DAY).await;
        log(&db, ALICE_ELSEWHERE, "elsewhere", now - DAY).await;
        db.record_result(ALICE, old, result(None), now)
            .await
            .unwrap();
        let s = db.server_stats(GUILD, week_ago).await.unwrap();
        assert_eq!(s.members_active, 2);
        assert_eq!(s.tests_logged, 2);
        assert_eq!(s.results_recorded, 1);
        let other = db.server_stats(OTHER_GUILD, week_ago).await.unwrap();
        assert_eq!(
            (
                other.members_active,
                other.tests_logged,
                other.results_recorded
            ),
            (1, 1, 0)
        );
    }
}

#[tokio::test]
async fn export_holds_every_row_about_the_member_and_forget_removes_them() {
    for store in crate::stores().await {
        let db = store.db.clone();
        let id = log(&db, ALICE, "=HYPERLINK(\"x\")", MONDAY).await;
        log(&db, ALICE, "second", MONDAY + 1).await;
        log(&db, BOB, "bob's", MONDAY).await;
        log(&db, ALICE_ELSEWHERE, "elsewhere", MONDAY).await;
        let export = db.export_member(ALICE).await.unwrap();
        let tests = export["tests"].as_array().unwrap();
        assert_eq!(tests.len(), 2);
        assert_eq!(tests[0]["id"], serde_json::json!(id.0));
        assert_eq!(
            tests[0]["user_id"],
            serde_json::json!(ALICE.user.to_string()),
            "snowflakes as strings"
        );
        assert_eq!(tests[0]["guild_id"], serde_json::json!(GUILD.to_string()));
        assert_eq!(tests[0]["change"], serde_json::json!("=HYPERLINK(\"x\")"));
        assert_eq!(tests[0]["before_clicks"], serde_json::json!(310));
        assert_eq!(tests[0]["after_clicks"], serde_json::Value::Null);

        let counted = db.count_member(ALICE).await.unwrap();
        assert_eq!(counted.iter().map(|c| c.rows).sum::<u64>(), 2);
        let forgotten = db.forget_member(ALICE).await.unwrap();
        assert_eq!(
            forgotten.iter().find(|c| c.table == "tests").unwrap().rows,
            2
        );
        assert_eq!(db.count_tests(ALICE).await.unwrap(), 0);
        assert_eq!(db.count_tests(BOB).await.unwrap(), 1, "bob keeps his");
        assert_eq!(
            db.count_tests(ALICE_ELSEWHERE).await.unwrap(),
            1,
            "the other server keeps hers"
        );
        let again = db.forget_member(ALICE).await.unwrap();
        assert!(again.iter().all(|c| c.rows == 0));
    }
}

#[tokio::test]
async fn every_table_about_members_is_covered_by_export_and_forget() {
    for store in crate::stores().await {
        let db = store.db.clone();
        let with_members = db.tables_with_member_rows().await.unwrap();
        assert!(!with_members.is_empty());
        for t in &with_members {
            assert!(
                MEMBER_TABLES.contains(&t.as_str()),
                "table `{t}` holds member rows: add it to store::privacy::MEMBER_TABLES"
            );
        }
    }
}

#[tokio::test]
async fn member_queries_use_an_index() {
    // SQLite's plans (PostgreSQL's planner picks by its statistics; the same indexes exist).
    for store in crate::stores().await {
        let Some(db) = store.db.as_sqlite() else {
            continue;
        };
        for sql in [
            "SELECT * FROM tests WHERE guild_id = 1 AND user_id = 2 ORDER BY id DESC LIMIT 10 OFFSET 0",
            "SELECT * FROM tests WHERE guild_id = 1 AND user_id = 2 AND status = 'open' ORDER BY id DESC LIMIT 25",
            "SELECT count(*) FROM tests WHERE guild_id = 1 AND created_at >= 5",
            "SELECT count(*) FROM tests WHERE guild_id = 1 AND updated_at >= 5 AND status = 'done'",
        ] {
            let plan: Vec<(i64, i64, i64, String)> = sqlx::query_as(&format!("EXPLAIN QUERY PLAN {sql}"))
                .fetch_all(&db.reader().unwrap())
                .await
                .unwrap();
            let text: Vec<&str> = plan.iter().map(|p| p.3.as_str()).collect();
            assert!(
                text.iter().all(|d| !d.starts_with("SCAN tests") && !d.contains("TEMP B-TREE")),
                "{sql}: {text:?}"
            );
        }
    }
}

#[tokio::test]
async fn a_test_written_to_a_file_is_there_after_reopening() {
    let tmp = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", tmp.path().join("bot.db").display());
    let db = Db::open(&url).await.unwrap();
    let id = log(&db, ALICE, "kept", MONDAY).await;
    drop(db);
    let again = Db::open(&url).await.unwrap();
    assert_eq!(again.test(ALICE, id).await.unwrap().unwrap().change, "kept");
}
