//! The message reader on 6,000-character messages: the median time per message (release).
//! `cargo bench --bench reader`

use std::hint::black_box;
use std::time::Instant;

use funnel_coach::funnel::reader::read;

fn median_micros(text: &str, runs: usize) -> f64 {
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            black_box(read(black_box(text)));
            start.elapsed().as_secs_f64() * 1e6
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

fn sized(pattern: &str) -> String {
    pattern.chars().cycle().take(6_000).collect()
}

fn main() {
    let cases = [
        (
            "chatter, counts at the end",
            format!(
                "{} 18k views 350 clicks 7 orders",
                sized("so I tried a new hook today and honestly idk 🤷‍♀️ ")
            ),
        ),
        (
            "many products",
            sized("vid 2: 8.4k views, 190 product clicks, 2 orders, CTR 2.3%. "),
        ),
        ("bare numbers", sized("12 500 310 4 ")),
        ("digits only", "9".repeat(6_000)),
        ("emoji only", sized("😭🔥")),
    ];
    for (name, text) in &cases {
        println!(
            "reader, 6,000 characters, {name}: median {:.1} µs per message",
            median_micros(text, 301)
        );
    }
}
