//! The drill store: an answer counts once per member and drill, scoped by server and member;
//! the latest answers and the days come back as stored.

use funnel_coach::funnel::Verdict;
use funnel_coach::member::Member;
use funnel_coach::store::drills::{NewAttempt, Recorded};

fn attempt(owner: u64, seed: u32, answer: Verdict, at: i64, day: &str) -> NewAttempt<'_> {
    NewAttempt {
        owner,
        seed,
        scenario: "ring-new-post",
        counts: [1_800, 40, 0],
        verdict: Verdict::NotEnoughData,
        answer,
        at,
        local_day: day,
    }
}

#[tokio::test]
async fn an_answer_counts_once_per_member_and_drill() {
    for store in crate::stores().await {
        let db = store.db.clone();
        let alice = Member { guild: 1, user: 10 };
        let bob = Member { guild: 1, user: 20 };
        let alice_elsewhere = Member { guild: 2, user: 10 };
        let first = attempt(10, 7, Verdict::AfterClick, 100, "2026-03-01");
        assert_eq!(
            db.record_drill_answer(alice, first).await.unwrap(),
            Recorded::New
        );
        // Again, with another answer: nothing changes, and the first answer is given back.
        let again = attempt(10, 7, Verdict::NotEnoughData, 200, "2026-03-02");
        assert_eq!(
            db.record_drill_answer(alice, again).await.unwrap(),
            Recorded::Already {
                verdict: Verdict::NotEnoughData,
                answer: Verdict::AfterClick
            }
        );
        // The same shared drill counts for Bob, and for Alice in another server.
        assert_eq!(
            db.record_drill_answer(bob, first).await.unwrap(),
            Recorded::New
        );
        assert_eq!(
            db.record_drill_answer(alice_elsewhere, first)
                .await
                .unwrap(),
            Recorded::New
        );
        // Another drill of the same owner is another drill.
        let other = attempt(10, 8, Verdict::NotEnoughData, 300, "2026-03-01");
        assert_eq!(
            db.record_drill_answer(alice, other).await.unwrap(),
            Recorded::New
        );

        let answers = db.drill_answers(alice, 100).await.unwrap();
        let mut answers = answers;
        answers.sort_by_key(|a| a.1.code());
        assert_eq!(
            answers,
            [
                (Verdict::NotEnoughData, Verdict::AfterClick, 1),
                (Verdict::NotEnoughData, Verdict::NotEnoughData, 1)
            ]
        );
        assert_eq!(db.drill_days(alice).await.unwrap(), ["2026-03-01"]);
        assert_eq!(db.drill_answers(bob, 100).await.unwrap().len(), 1);
    }
}

#[tokio::test]
async fn only_the_latest_answers_lean_the_next_drill() {
    for store in crate::stores().await {
        let db = store.db.clone();
        let alice = Member { guild: 1, user: 10 };
        for seed in 0..5 {
            let a = attempt(10, seed, Verdict::Healthy, i64::from(seed), "2026-03-01");
            db.record_drill_answer(alice, a).await.unwrap();
        }
        for seed in 5..8 {
            let a = attempt(
                10,
                seed,
                Verdict::NotEnoughData,
                i64::from(seed),
                "2026-03-03",
            );
            db.record_drill_answer(alice, a).await.unwrap();
        }
        assert_eq!(
            db.drill_answers(alice, 3).await.unwrap(),
            [(Verdict::NotEnoughData, Verdict::NotEnoughData, 3)]
        );
        assert_eq!(
            db.drill_days(alice).await.unwrap(),
            ["2026-03-01", "2026-03-03"]
        );
        assert_eq!(db.member_time_zone(alice).await.unwrap(), None);
        assert_eq!(db.server_time_zone(1).await.unwrap(), None);
    }
}

#[tokio::test]
async fn forgetting_a_drills_owner_keeps_the_others_answers_the_same_on_both_stores() {
    let (alice, bob) = (Member { guild: 1, user: 10 }, Member { guild: 1, user: 20 });
    let mut seen = Vec::new();
    for store in crate::stores().await {
        let db = store.db.clone();
        // Alice's drills 7 and 8, answered by her and by Bob; Bob's own drill 7 too, so that
        // moving his answer to Alice's drill 7 under his own name would meet his own.
        for (member, owner, seed) in [(alice, 10, 7), (bob, 10, 7), (bob, 20, 7), (bob, 10, 8)] {
            let a = attempt(owner, seed, Verdict::AfterClick, 100, "2026-03-01");
            assert_eq!(
                db.record_drill_answer(member, a).await.unwrap(),
                Recorded::New
            );
        }
        db.forget_member(alice).await.unwrap();
        let mut export = db.export_member(bob).await.unwrap();
        // Ids are each store's own (PostgreSQL's sequences skip a number on a conflict).
        for rows in export.values_mut() {
            for row in rows.as_array_mut().into_iter().flatten() {
                if let Some(o) = row.as_object_mut() {
                    o.remove("id");
                }
            }
        }
        let left_about_alice: u64 = db
            .count_member(alice)
            .await
            .unwrap()
            .iter()
            .map(|t| t.rows)
            .sum();
        let kept: u64 = db
            .drill_answers(bob, 100)
            .await
            .unwrap()
            .iter()
            .map(|(_, _, n)| n)
            .sum();
        // His own drill and Alice's drill 8 stay; his answer to her drill 7, which would now
        // be a second answer to his own drill 7, goes with her.
        assert_eq!(kept, 2, "{}", store.name);
        seen.push((store.name, export, left_about_alice));
    }
    for pair in seen.windows(2) {
        assert_eq!(
            pair[0].1, pair[1].1,
            "{} and {} differ",
            pair[0].0, pair[1].0
        );
        assert_eq!(pair[0].2, pair[1].2);
    }
}
