//! The `kill -9` soak at length: a hundred cycles of a burst of every write path, the bot
//! killed with SIGKILL mid-burst and restarted on the same database each time (the cycle is
//! `tests/support/soak.rs`, which `cargo test` runs ten times in `tests/e2e/soak.rs`). Prints
//! per write path what was sent, confirmed, refused, left unanswered by the kill, lost
//! (confirmed, not stored) and leaked (refused, yet stored), then the reminder DMs made due,
//! delivered and duplicated. Exits 1 when anything was lost, leaked or sent twice.
//!
//! Run: `cargo bench --bench soak` (`-- --cycles N` for another count, `-- --seed N` for
//! another random sequence of kill points).

#[path = "../tests/support/mod.rs"]
mod support;

use std::time::Instant;

use support::soak::{Path, Soak};

fn arg(args: &[String], name: &str, default: u64) -> u64 {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let cycles = arg(&args, "--cycles", 100);
    let seed = arg(&args, "--seed", 2_026);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let clean = runtime.block_on(async {
        let started = Instant::now();
        let mut soak = Soak::start(seed).await;
        for n in 1..=cycles {
            soak.cycle().await;
            if n % 10 == 0 {
                eprintln!("{n} cycles, {:.0} s", started.elapsed().as_secs_f64());
            }
        }
        soak.finish().await;
        println!(
            "kill -9 soak: {} cycles (seed {seed}) in {:.0} s, the bot killed once per cycle\n",
            soak.cycles,
            started.elapsed().as_secs_f64()
        );
        print!("{}", soak.table());
        let violations = soak.violations();
        for p in soak.problems.iter().chain(&violations) {
            println!("PROBLEM: {p}");
        }
        let d = soak.deliveries();
        soak.problems.is_empty()
            && violations.is_empty()
            && Path::ALL.iter().all(|p| {
                let t = soak.tally(*p);
                t.lost == 0 && t.leaked == 0
            })
            && d.delivered == d.due
            && d.duplicates == 0
    });
    if !clean {
        std::process::exit(1);
    }
}
