//! What moderators change, the same on both stores: guides (a title taken, an edit, a
//! delete), held uploads (taken once, only by their server), and the audit log of each change.

use funnel_coach::funnel::Thresholds;
use funnel_coach::moderation::Action;
use funnel_coach::store::guides::{GuideWrite, Saved};

const GUILD: u64 = 1;
const OTHER: u64 = 2;
const MODERATOR: u64 = 9;

fn guide<'a>(id: Option<i64>, title: &'a str, body: &'a str) -> GuideWrite<'a> {
    GuideWrite {
        id,
        title,
        summary: "",
        body,
    }
}

#[tokio::test]
async fn guides_keep_one_per_title_and_every_change_is_in_the_audit_log() {
    for store in crate::stores().await {
        let db = store.db.clone();
        let Saved::Saved(id) = db
            .save_guide(
                GUILD,
                MODERATOR,
                guide(None, "Reading CTOR", "v1"),
                Action::GuideAdded,
                10,
            )
            .await
            .unwrap()
        else {
            panic!("{}: not saved", store.name)
        };
        assert_eq!(
            db.save_guide(
                GUILD,
                MODERATOR,
                guide(None, "  reading ctor", "v2"),
                Action::GuideAdded,
                11
            )
            .await
            .unwrap(),
            Saved::TitleTaken(id),
            "{}",
            store.name
        );
        assert_eq!(
            db.save_guide(
                GUILD,
                MODERATOR,
                guide(Some(id), "Reading CTOR", "v3"),
                Action::GuideEdited,
                12
            )
            .await
            .unwrap(),
            Saved::Saved(id)
        );
        assert_eq!(
            db.save_guide(
                OTHER,
                MODERATOR,
                guide(Some(id), "Mine now", "x"),
                Action::GuideEdited,
                13
            )
            .await
            .unwrap(),
            Saved::NotFound,
            "another server cannot edit it"
        );
        assert_eq!(
            db.guide_titled(GUILD, "reading ctor").await.unwrap(),
            Some(id)
        );
        let stored = db.server_guide(GUILD, id).await.unwrap().expect("kept");
        assert_eq!(stored.guide.body, "v3");
        assert!(db.server_guide(OTHER, id).await.unwrap().is_none());
        db.set_thresholds(
            GUILD,
            MODERATOR,
            Thresholds {
                ctr: 0.015,
                ctor: 0.03,
            },
            14,
        )
        .await
        .unwrap();
        assert!(db.delete_guide(GUILD, MODERATOR, id, 15).await.unwrap());
        assert!(!db.delete_guide(GUILD, MODERATOR, id, 16).await.unwrap());
        let log = db.latest_actions(GUILD).await.unwrap();
        let actions: Vec<Action> = log.iter().map(|l| l.action).collect();
        assert_eq!(
            actions,
            [
                Action::GuideDeleted,
                Action::Thresholds,
                Action::GuideEdited,
                Action::GuideAdded
            ],
            "{}: newest first, one row per change made",
            store.name
        );
        assert!(db.latest_actions(OTHER).await.unwrap().is_empty());
    }
}

#[tokio::test]
async fn a_held_upload_is_taken_once_and_only_by_its_server() {
    for store in crate::stores().await {
        let db = store.db.clone();
        let id = db
            .hold_upload(GUILD, MODERATOR, guide(None, "Uploaded", "body"), 100)
            .await
            .unwrap();
        assert_eq!(
            db.take_upload(OTHER, id).await.unwrap(),
            None,
            "{}",
            store.name
        );
        assert_eq!(
            db.take_upload(GUILD, id).await.unwrap(),
            Some(("Uploaded".to_owned(), String::new(), "body".to_owned()))
        );
        assert_eq!(db.take_upload(GUILD, id).await.unwrap(), None, "taken once");
    }
}
