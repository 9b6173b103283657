//! Migrations on a fresh database, and what the core stores.

use std::sync::Arc;
use std::time::Duration;

use funnel_coach::clock::ManualClock;

use funnel_coach::funnel::Thresholds;
use funnel_coach::store::sqlite::Db;
use funnel_coach::store::usage::{Usage, UsageRecorder};

#[tokio::test]
async fn a_fresh_database_file_and_its_folder_are_created_and_migrated() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("nested/folder/bot.db");
    let db = Db::open(&format!("sqlite://{}", path.display()))
        .await
        .unwrap();
    assert!(path.exists());
    // The writer's settings: it is the connection that commits.
    let mut tx = db.write().await.unwrap();
    let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(&mut *tx)
        .await
        .unwrap();
    assert_eq!(mode, "wal");
    let sync: i64 = sqlx::query_scalar("PRAGMA synchronous")
        .fetch_one(&mut *tx)
        .await
        .unwrap();
    assert_eq!(sync, 2, "synchronous=FULL");
    tx.rollback().await.unwrap();
    let tables: Vec<String> =
        sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            .fetch_all(&db.reader().unwrap())
            .await
            .unwrap();
    for t in ["glossary_lookups", "glossary_misses", "guild_settings"] {
        assert!(tables.iter().any(|x| x == t), "{t} missing from {tables:?}");
    }
    db.close().await;
    // Opening again runs no migration twice.
    let again = Db::open(&format!("sqlite://{}", path.display()))
        .await
        .unwrap();
    again.close().await;
}

#[tokio::test]
async fn thresholds_default_until_a_server_sets_them() {
    for store in crate::stores().await {
        let db = store.db.clone();
        assert_eq!(db.thresholds(Some(1)).await.unwrap(), Thresholds::default());
        assert_eq!(db.thresholds(None).await.unwrap(), Thresholds::default());
        let strict = Thresholds {
            ctr: 0.03,
            ctor: 0.05,
        };
        db.set_thresholds(1, 9, strict, 1_700_000_000)
            .await
            .unwrap();
        assert_eq!(db.thresholds(Some(1)).await.unwrap(), strict);
        assert_eq!(db.thresholds(Some(2)).await.unwrap(), Thresholds::default());
        assert!(
            db.set_thresholds(
                1,
                9,
                Thresholds {
                    ctr: 1.5,
                    ctor: 0.02
                },
                1_700_000_000
            )
            .await
            .is_err(),
            "a rate above 100% is refused"
        );
    }
}

#[tokio::test]
async fn misses_and_lookups_are_counted_per_server() {
    // Through the same batching recorder the bot uses; its last batch is written when the
    // last recorder is dropped.
    for store in crate::stores().await {
        let db = store.db.clone();
        let clock = Arc::new(ManualClock::at(
            jiff::Timestamp::from_second(1_700_000_000).expect("a valid time"),
        ));
        let (usage, writer) = UsageRecorder::start(db.clone(), Duration::from_secs(3600), clock);
        usage.record(1, Usage::Miss("refundrate".into()));
        usage.record(1, Usage::Miss("refundrate".into()));
        usage.record(2, Usage::Miss("other".into()));
        usage.record(1, Usage::Lookup("product-ctor".into()));
        drop(usage);
        writer.await.unwrap();
        assert_eq!(
            db.top_misses(1, 10).await.unwrap(),
            vec![("refundrate".to_owned(), 2)]
        );
        assert_eq!(
            db.top_misses(2, 10).await.unwrap(),
            vec![("other".to_owned(), 1)]
        );
        assert_eq!(
            db.top_lookups(1, 10).await.unwrap(),
            vec![("product-ctor".to_owned(), 1)]
        );
        assert!(db.top_lookups(2, 10).await.unwrap().is_empty());
    }
}

#[tokio::test]
async fn typo_corrections_are_counted_per_server_term_and_entry() {
    for store in crate::stores().await {
        let db = store.db.clone();
        let clock = Arc::new(ManualClock::at(
            jiff::Timestamp::from_second(1_700_000_000).expect("a valid time"),
        ));
        let (usage, writer) = UsageRecorder::start(db.clone(), Duration::from_secs(3600), clock);
        let corrected = |term: &str, entry: &str| Usage::Corrected {
            term: term.into(),
            entry: entry.into(),
        };
        usage.record(1, corrected("comision", "commission"));
        usage.record(1, corrected("comision", "commission"));
        usage.record(1, corrected("impresions", "product-impressions"));
        usage.record(2, corrected("ctorr", "product-ctor"));
        drop(usage);
        writer.await.unwrap();
        let top: Vec<(String, String, u64)> = db
            .top_corrections(1, 10)
            .await
            .unwrap()
            .into_iter()
            .map(|c| (c.term, c.entry_id, c.count))
            .collect();
        assert_eq!(
            top,
            vec![
                ("comision".to_owned(), "commission".to_owned(), 2),
                ("impresions".to_owned(), "product-impressions".to_owned(), 1),
            ]
        );
        assert_eq!(db.top_corrections(2, 10).await.unwrap().len(), 1);
        assert!(db.top_corrections(3, 10).await.unwrap().is_empty());
        assert_eq!(db.top_corrections(1, 1).await.unwrap().len(), 1);
    }
}

#[tokio::test]
async fn stored_times_come_from_the_caller_and_the_recorders_clock() {
    // The store never reads the time itself: a write is stamped with the time it is given.
    let db = Db::open("sqlite::memory:").await.unwrap();
    db.set_thresholds(1, 9, Thresholds::default(), 1_111)
        .await
        .unwrap();
    let updated: i64 =
        sqlx::query_scalar("SELECT updated_at FROM guild_settings WHERE guild_id = 1")
            .fetch_one(&db.reader().unwrap())
            .await
            .unwrap();
    assert_eq!(updated, 1_111);

    let clock = Arc::new(ManualClock::at(
        jiff::Timestamp::from_second(2_222).expect("a valid time"),
    ));
    let (usage, writer) = UsageRecorder::start(db.clone().into(), Duration::from_secs(3600), clock);
    usage.record(1, Usage::Miss("refundrate".into()));
    usage.record(1, Usage::Lookup("product-ctor".into()));
    drop(usage);
    writer.await.unwrap();
    let (first, last): (i64, i64) =
        sqlx::query_as("SELECT first_seen, last_seen FROM glossary_misses WHERE guild_id = 1")
            .fetch_one(&db.reader().unwrap())
            .await
            .unwrap();
    assert_eq!((first, last), (2_222, 2_222));
    let seen: i64 = sqlx::query_scalar("SELECT last_seen FROM glossary_lookups WHERE guild_id = 1")
        .fetch_one(&db.reader().unwrap())
        .await
        .unwrap();
    assert_eq!(seen, 2_222);
}
