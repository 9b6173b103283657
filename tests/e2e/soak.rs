//! The `kill -9` soak in short (`tests/support/soak.rs`; `cargo bench --bench soak` runs a
//! hundred cycles and prints the table): every write path — `/test log` and `/test result`,
//! drill answers, `/remind set`, cancel and snooze, guides added, edited, deleted and posted,
//! settings with their audit rows, the welcome, `/privacy forget` — in bursts cut by a
//! `kill -9`, the bot restarted on the same database each time. Every confirmed write is
//! stored, nothing refused is, forget is all or nothing, and every reminder made due reaches
//! its member exactly once.

use crate::support;

use support::soak::{Path, Soak};

/// A `kill -9` leaves the page cache alone: this proves each write is committed before it is
/// confirmed (and a reminder's send settled or re-sent with its nonce), not that it reached the
/// disk; `synchronous=FULL` covers power loss.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_write_path_survives_kill_9_mid_burst_and_reminders_arrive_once() {
    const CYCLES: usize = 10;
    let mut soak = Soak::start(20).await;
    for _ in 0..CYCLES {
        soak.cycle().await;
    }
    soak.finish().await;
    eprintln!(
        "{} cycles in {:.1} s\n{}",
        soak.cycles,
        soak.elapsed.as_secs_f64(),
        soak.table()
    );
    assert!(soak.problems.is_empty(), "{:#?}", soak.problems);
    for path in Path::ALL {
        let t = soak.tally(path);
        assert_eq!((t.lost, t.leaked), (0, 0), "{}", path.name());
        assert!(t.sent > 0, "{} was never sent", path.name());
    }
    assert!(soak.tally(Path::TestLog).confirmed > 0);
    let d = soak.deliveries();
    assert!(d.due > 0, "no reminder was made due");
    assert_eq!((d.delivered, d.duplicates), (d.due, 0));
    let violations = soak.violations();
    assert!(violations.is_empty(), "{violations:#?}");
}
