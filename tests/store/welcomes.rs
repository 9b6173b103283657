//! The welcome record: pending first, one per server; claimed again only once its lease ran
//! out; settled, never again.

use funnel_coach::store::welcomes::PendingWelcome;

#[tokio::test]
async fn a_welcome_is_recorded_once_pending_claimed_after_its_lease_and_settled_for_good() {
    for store in crate::stores().await {
        let db = store.db.clone();
        assert!(db.welcome_once(7, 70, 1_000, 1_030).await.unwrap());
        assert!(
            !db.welcome_once(7, 71, 1_001, 1_031).await.unwrap(),
            "a second join event posts nothing"
        );
        assert!(
            db.claim_welcomes(1_029, 1_059, 50)
                .await
                .unwrap()
                .is_empty(),
            "held by the process posting it"
        );
        let pending = PendingWelcome {
            guild: 7,
            channel: 70,
        };
        assert_eq!(
            db.claim_welcomes(1_030, 1_060, 50).await.unwrap(),
            vec![pending],
            "its lease ran out: the sweep takes it, in the channel first recorded"
        );
        assert!(
            db.claim_welcomes(1_031, 1_061, 50)
                .await
                .unwrap()
                .is_empty(),
            "leased again by that claim"
        );
        db.welcome_settled(7).await.unwrap();
        assert!(db
            .claim_welcomes(9_999, 10_029, 50)
            .await
            .unwrap()
            .is_empty());
        assert!(!db.welcome_once(7, 70, 2_000, 2_030).await.unwrap());
    }
}
