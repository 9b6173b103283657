//! The command line, run as a member would run it.

use std::process::Command;

#[path = "support/cli.rs"]
mod support;

use support::cli;

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

#[test]
fn decode_explains_not_enough_data_after_the_click() {
    let (code, out, _) = cli(&["decode", "12.5k", "310", "4"]);
    assert_eq!(code, 0);
    assert!(out.contains("Not enough data yet"), "{out}");
    assert!(out.contains("the step after the click"), "{out}");
    // 1.29% is under 2%: the answer says so, and that 1,200 more clicks is over twice the 310
    // there are (a new video may still grow: not "out of reach").
    assert!(
        out.contains("Under the 2% target so far, but with 310 clicks that can still be chance."),
        "{out}"
    );
    assert!(
        out.contains("About 1,200 more clicks would tell: over twice what you have."),
        "{out}"
    );
    assert!(!out.contains("out of reach"), "{out}");
    assert!(
        out.contains("add up the impressions, clicks and orders"),
        "{out}"
    );
    assert!(out.contains("2.48%"), "{out}");
    // The short answer is the first message of /decode: the checklist and the order rate wait
    // for --full.
    assert!(
        !out.contains("Order rate") && !out.contains("Check these"),
        "{out}"
    );
    assert!(out.contains("--full"), "{out}");
    let (code, full, _) = cli(&["decode", "12.5k", "310", "4", "--full"]);
    assert_eq!(code, 0);
    for part in [
        "Your numbers",
        "Order rate",
        "Check these",
        "Under the 2% target so far",
    ] {
        assert!(full.contains(part), "{part}: {full}");
    }
    assert!(!full.contains("shown above"), "{full}");
}

#[test]
fn define_prints_the_short_answer_and_everything_with_full() {
    let (code, out, _) = cli(&["define", "ctor"]);
    assert_eq!(code, 0);
    assert!(out.contains("SKU orders ÷ Product clicks"), "{out}");
    assert!(!out.contains("Views in Seller Center"), "{out}");
    assert!(out.contains("--full"), "{out}");
    let (code, full, _) = cli(&["define", "ctor", "--full"]);
    assert_eq!(code, 0);
    for part in [
        "Where to find it",
        "Old names",
        "Also called",
        "Views in Seller Center",
    ] {
        assert!(full.contains(part), "{part}: {full}");
    }
    assert!(!full.contains("--full"), "{full}");
}

#[test]
fn help_says_whole_sentences() {
    let (code, out, _) = cli(&["--help"]);
    assert_eq!(code, 0);
    let run = out
        .lines()
        .find(|l| l.trim_start().starts_with("run "))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(!run.trim_end().ends_with("The default"), "{run}");
    assert!(run.contains("no command"), "{run}");
}

#[test]
fn decode_json_has_the_verdict_rates_and_steps() {
    let (code, out, _) = cli(&["decode", "--json", "12.5k", "310", "4"]);
    assert_eq!(code, 0);
    let v = json(&out);
    assert_eq!(v["verdict"], "not_enough_data");
    let ctr = &v["ctr"];
    assert!((ctr["value"].as_f64().unwrap() - 0.0248).abs() < 1e-9);
    assert!(ctr["low"].as_f64().unwrap() < 0.0248 && ctr["high"].as_f64().unwrap() > 0.0248);
    assert!(v["ctor"]["value"].is_f64());
    assert_eq!(v["steps"][1]["judgement"], "undetermined");
    assert!(v["steps"][1]["more_needed"].as_u64().unwrap() > 0);
    // What the open step shows so far: under the target, 1,200 more clicks, beyond one video.
    let so_far = &v["steps"][1]["so_far"];
    assert_eq!(so_far["side"], "under", "{so_far}");
    assert_eq!(so_far["borderline"], false);
    assert_eq!(so_far["reach"]["kind"], "out_of_reach", "{so_far}");
    assert_eq!(so_far["reach"]["more"], 1200);
    assert_eq!(v["steps"][1]["instead"], "add_up");
    assert!(v["steps"][0]["so_far"].is_null(), "Product CTR is judged");
    assert!(v["warnings"].as_array().unwrap().is_empty());
}

#[test]
fn decode_warns_when_orders_exceed_clicks() {
    let (code, out, _) = cli(&[
        "decode",
        "--json",
        "--add-to-carts",
        "9",
        "10000",
        "500",
        "800",
    ]);
    assert_eq!(code, 0);
    let v = json(&out);
    assert_eq!(v["warnings"][0], "orders_above_clicks");
    assert!(v["ctor"].is_null());
}

#[test]
fn invalid_input_exits_2_naming_the_field() {
    let (code, out, _) = cli(&["decode", "--json", "--", "-5", "3", "0"]);
    assert_eq!(code, 2);
    let v = json(&out);
    assert_eq!(v["error"]["field"], "impressions");
    assert_eq!(v["error"]["reason"], "negative");
    let (code, out, _) = cli(&["decode", "12.5k", "2%", "4"]);
    assert_eq!(code, 2);
    assert!(
        out.contains("clicks") && out.contains("percentage"),
        "{out}"
    );
    let (code, out, _) = cli(&["decode", "300", "12500", "4"]);
    assert_eq!(code, 2);
    assert!(out.contains("PV") && out.contains("swapped"), "{out}");
    // Without `--`, a negative number still reaches the parser.
    let (code, _, _) = cli(&["decode", "100", "-5", "0"]);
    assert_eq!(code, 2);
}

/// `funnel-coach decode --from-text -` with `input` on standard input: (exit code, stdout).
fn from_stdin(args: &[&str], input: &str) -> (i32, String) {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_funnel-coach"))
        .args(args)
        .env_remove("DISCORD_TOKEN")
        .env(
            "PROMPTS_DIR",
            concat!(env!("CARGO_MANIFEST_DIR"), "/prompts"),
        )
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn decode_from_text_reads_a_message_then_answers_like_decode() {
    let message =
        "my lip oil vid got 8.4k views, 190 product clicks and 2 orders, what am I doing wrong??";
    let (code, out, _) = cli(&["decode", "--from-text", message]);
    assert_eq!(code, 0, "{out}");
    let (first, answer) = out.split_once("\n\n").unwrap();
    assert_eq!(
        first,
        "From the message: 8.4k views → 190 product clicks → 2 orders"
    );
    // The same answer as the three numbers typed.
    let (_, typed, _) = cli(&["decode", "8400", "190", "2"]);
    assert_eq!(answer, typed);
    // From standard input too, with --full and the notes.
    let (code, out) = from_stdin(
        &["decode", "--from-text", "-", "--full"],
        "30k views 900 clicks 3 items sold 😭 ctr is like 5%??\n",
    );
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("You wrote items sold, so I used that for orders."),
        "{out}"
    );
    assert!(
        out.contains("You wrote Product CTR 5%, but your numbers give 3.00%. I used your numbers."),
        "{out}"
    );
    assert!(out.contains("Check these"), "--full: {out}");
    // --chart writes the same chart as for the numbers typed.
    let tmp = tempfile::tempdir().unwrap();
    let read = tmp.path().join("read.png");
    let typed = tmp.path().join("typed.png");
    let (code, _, _) = cli(&[
        "decode",
        "--chart",
        read.to_str().unwrap(),
        "--from-text",
        message,
    ]);
    assert_eq!(code, 0);
    let (code, _, _) = cli(&[
        "decode",
        "--chart",
        typed.to_str().unwrap(),
        "8400",
        "190",
        "2",
    ]);
    assert_eq!(code, 0);
    let png = std::fs::read(&read).unwrap();
    assert!(png.starts_with(b"\x89PNG"));
    assert_eq!(png, std::fs::read(&typed).unwrap());
}

#[test]
fn decode_from_text_json_says_which_words_matched_which_count() {
    let (code, out) = from_stdin(
        &["decode", "--json", "--from-text", "-"],
        "Vid 1: views: 12.500 | clicks: 310 | sales: 4\nVid 2: 8k views, 90 taps, 0 sold",
    );
    assert_eq!(code, 0, "{out}");
    let v = json(&out);
    let counts = &v["reading"]["counts"];
    assert_eq!(counts["impressions"]["words"], "views");
    assert_eq!(counts["impressions"]["text"], "12.500");
    assert_eq!(counts["impressions"]["value"], 12_500);
    assert_eq!(counts["orders"]["words"], "sales");
    assert_eq!(v["reading"]["alternatives"][0]["clicks"]["words"], "taps");
    assert_eq!(v["decode"]["verdict"], "not_enough_data");
    assert_eq!(v["decode"]["counts"]["impressions"], 12_500);
    assert!(v["said"].as_array().unwrap().is_empty());
}

#[test]
fn decode_from_text_refuses_what_it_cannot_decode_with_exit_2() {
    // No numbers: what it looks for, with an example.
    let (code, out, _) = cli(&["decode", "--from-text", "can someone look at my funnel?"]);
    assert_eq!(code, 2);
    assert!(out.starts_with("No numbers to decode"), "{out}");
    assert!(out.contains("12.5k views, 310 clicks, 4 orders"), "{out}");
    let (code, out, _) = cli(&["decode", "--json", "--from-text", "😭😭"]);
    assert_eq!(code, 2);
    assert_eq!(json(&out)["error"]["reason"], "no_numbers");
    // Something missing: what was found, what is missing, and the command to run.
    let (code, out, _) = cli(&["decode", "--from-text", "10k views 200 clicks"]);
    assert_eq!(code, 2);
    assert!(out.contains("Missing: orders."), "{out}");
    assert!(
        out.contains("funnel-coach decode 10000 200 ORDERS"),
        "{out}"
    );
    // Bare numbers are never taken for counts without a confirmation.
    let (code, out, _) = cli(&["decode", "--from-text", "12500 310 4"]);
    assert_eq!(code, 2);
    assert!(out.contains("funnel-coach decode 12500 310 4"), "{out}");
    let (code, out, _) = cli(&["decode", "--json", "--from-text", "12500 310 4"]);
    assert_eq!(code, 2);
    assert_eq!(json(&out)["reading"]["status"], "needs_confirmation");
    assert!(json(&out)["decode"].is_null());
    // Counts that don't line up are explained as /decode explains them.
    let (code, out, _) = cli(&["decode", "--from-text", "300 views, 12500 clicks, 4 orders"]);
    assert_eq!(code, 2);
    assert!(out.contains("swapped"), "{out}");
    // Numbers and a text at once is a usage error.
    let (code, _, err) = cli(&["decode", "--from-text", "30k views", "1", "2", "3"]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot be used with"), "{err}");
}

#[test]
fn define_explains_ctor_and_its_old_name() {
    let (code, out, _) = cli(&["define", "convertion rate"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("Product CTOR"), "{out}");
    assert!(out.contains("old name"), "{out}");
    assert!(out.contains("SKU orders ÷ Product clicks"), "{out}");
    let (code, out, _) = cli(&["define", "--json", "ctor"]);
    assert_eq!(code, 0);
    let v = json(&out);
    assert_eq!(v["name"], "Product CTOR");
    assert_eq!(v["formula"]["denominator"], "Product clicks");
    assert!(v["aliases"].as_array().unwrap().len() > 1);
    assert!(v["related"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r == "product-ctr"));
    assert!(v["definition"].as_str().unwrap().len() > 20);
}

#[test]
fn an_unknown_term_exits_1_with_suggestions() {
    let (code, out, _) = cli(&["define", "refund", "speed"]);
    assert_eq!(code, 1);
    assert!(out.contains("Did you mean"), "{out}");
    let (code, out, _) = cli(&["define", "--json", "qwertyuiop"]);
    assert_eq!(code, 1);
    assert_eq!(json(&out)["error"]["reason"], "unknown_term");
}

#[test]
fn check_passes_on_the_shipped_prompts() {
    let (code, out, _) = cli(&["check"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("prompts: ok") && out.contains("migrations: ok"),
        "{out}"
    );
}

#[test]
fn run_without_a_token_says_how_to_get_one() {
    let tmp = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_funnel-coach"))
        .arg("run")
        .current_dir(tmp.path())
        .env_remove("DISCORD_TOKEN")
        .output()
        .unwrap();
    assert_ne!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(
        err.contains("DISCORD_TOKEN") && err.contains("discord.com/developers"),
        "{err}"
    );
}

#[test]
fn drill_prints_a_drill_and_its_answer_and_the_same_seed_gives_the_same_one() {
    let (code, out, _) = cli(&["drill", "--seed", "7"]);
    assert_eq!(code, 0);
    assert!(
        out.starts_with("Drill: where is this funnel weak?"),
        "{out}"
    );
    assert!(
        out.contains(
            "→ Before the click · After the click · Both steps · Healthy · Not enough data"
        ),
        "{out}"
    );
    assert!(out.contains("The answer: "), "{out}");
    assert!(out.contains("Product CTOR · orders ÷ clicks"), "{out}");
    assert!(!out.contains("**"), "plain text: {out}");
    assert_eq!(cli(&["drill", "--seed", "7"]).1, out);
    let others: std::collections::HashSet<String> = (0..5)
        .map(|s| cli(&["drill", "--seed", &s.to_string()]).1)
        .collect();
    assert!(others.len() > 1);
    let (code, _, err) = cli(&["drill", "--seed", "-1"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn decode_help_says_what_to_type_for_orders_when_only_items_sold_is_shown() {
    let (code, out, _) = cli(&["decode", "--help"]);
    assert_eq!(code, 0);
    let orders = out
        .lines()
        // `[ORDERS]` since `--from-text` made the numbers optional.
        .find(|l| {
            l.trim_start()
                .trim_start_matches(['<', '['])
                .starts_with("ORDERS")
        })
        .unwrap_or_else(|| panic!("{out}"));
    assert!(
        orders.contains("SKU orders") && orders.contains("items sold"),
        "{orders}"
    );
    // The whole line, not its first words.
    assert!(orders.trim_end().ends_with("a little high)"), "{orders}");
}
