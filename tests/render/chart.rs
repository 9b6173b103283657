//! The funnel chart: a valid PNG of the expected size for every verdict and for edge numbers,
//! small enough for a chat (at most 40 KB, 60 KB for the before/after pair), every word at
//! least 1/30 of the width (legible on a phone), the same bytes for the same numbers, a
//! different picture for different numbers, alt text that states the numbers in words, and
//! prompts the chart cannot draw or would cut refused by `check`.

use crate::cli::cli;
use crate::prompts as common;

use std::path::Path;

use funnel_coach::content::Content;
use funnel_coach::funnel::{decode, Counts, Decoded, Thresholds, Verdict};
use funnel_coach::render::chart::{self, Png, ALT_MAX, MIN_SHARE, WIDTH};

fn content() -> Content {
    funnel_coach::check::prompts(&common::shipped()).expect("valid prompts")
}

fn decoded(impressions: u64, clicks: u64, orders: u64) -> Decoded {
    decode(
        Counts {
            impressions,
            clicks,
            orders,
            add_to_carts: None,
        },
        Thresholds::default(),
    )
}

/// Decodes the PNG fully (header, every row, checksums) and returns its size and pixels, as
/// RGB: the chart is written with a palette, one byte a pixel, and no transparency.
fn read_png(bytes: &[u8]) -> (u32, u32, Vec<u8>) {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::EXPAND);
    let mut reader = decoder.read_info().expect("a PNG header");
    {
        let header = reader.info();
        assert_eq!(header.color_type, png::ColorType::Indexed);
        assert_eq!(header.bit_depth, png::BitDepth::Eight);
        // Opaque (it reads the same in dark and light mode): no transparent palette entry.
        assert!(header.trns.is_none());
    }
    let mut pixels = vec![0; reader.output_buffer_size().expect("a sensible size")];
    let info = reader.next_frame(&mut pixels).expect("the image data");
    assert_eq!(info.color_type, png::ColorType::Rgb);
    pixels.truncate(info.buffer_size());
    (info.width, info.height, pixels)
}

/// A chart in a chat: `/decode`'s at most 40 KB, the before/after pair at most 60 KB.
const CHART_BYTES: usize = 40 * 1024;
const PAIR_BYTES: usize = 60 * 1024;

fn assert_valid(png: &Png, heights: std::ops::RangeInclusive<u32>, most_bytes: usize) -> Vec<u8> {
    assert!(png.bytes.starts_with(b"\x89PNG\r\n\x1a\n"));
    let (w, h, pixels) = read_png(&png.bytes);
    assert_eq!((w, h), (png.width, png.height));
    assert_eq!(
        w, WIDTH,
        "every chart is {WIDTH} px wide, the pair too (stacked)"
    );
    assert!(heights.contains(&h), "height {h}");
    assert!(
        png.bytes.len() <= most_bytes,
        "{} bytes, over {most_bytes}",
        png.bytes.len()
    );
    // The card's corner inside the border is white.
    let inside = ((4 * w + 4) * 3) as usize;
    assert_eq!(&pixels[inside..inside + 3], &[255, 255, 255]);
    pixels
}

/// One chart's heights (600 px wide).
const ONE: std::ops::RangeInclusive<u32> = 410..=750;

/// One set of numbers for each verdict.
fn every_verdict() -> Vec<(Verdict, Decoded)> {
    let cases = [
        (Verdict::BeforeClick, decoded(50_000, 100, 5)),
        (Verdict::AfterClick, decoded(20_000, 1_000, 3)),
        (Verdict::Both, decoded(500_000, 1_500, 2)),
        (Verdict::Healthy, decoded(10_000, 400, 40)),
        (Verdict::NotEnoughData, decoded(12_500, 310, 4)),
    ];
    for (v, d) in &cases {
        assert_eq!(d.verdict, *v);
    }
    cases.to_vec()
}

#[test]
fn every_verdict_is_a_valid_png_of_the_expected_size() {
    let content = content();
    for (v, d) in every_verdict() {
        let png = chart::funnel(&d, &content.decode).unwrap_or_else(|e| panic!("{v:?}: {e}"));
        assert_valid(&png, ONE, CHART_BYTES);
    }
}

#[test]
fn edge_numbers_are_drawn_too() {
    let content = content();
    for (i, c, o) in [
        (0, 0, 0),                 // no impressions
        (5_000, 0, 0),             // no clicks
        (10_000, 500, 800),        // orders above clicks
        (1_200_000, 30_000, 900),  // 1.2M impressions
        (1_200_000, 1_200_000, 0), // every impression clicked
        (4, 4, 4),                 // everything ordered
        (999_999_999_999, 999_999_999_999, 999_999_999_999),
    ] {
        let d = decoded(i, c, o);
        let png = chart::funnel(&d, &content.decode).unwrap_or_else(|e| panic!("{i} {c} {o}: {e}"));
        assert_valid(&png, ONE, CHART_BYTES);
    }
}

#[test]
fn the_same_numbers_give_the_same_bytes() {
    let content = content();
    let d = decoded(12_500, 310, 4);
    let a = chart::funnel(&d, &content.decode).unwrap();
    let b = chart::funnel(&d, &content.decode).unwrap();
    assert_eq!(a, b);
    let pair = |d: &Decoded| {
        chart::before_after(
            d,
            &decoded(14_000, 420, 9),
            ["Before", "After"],
            &content.decode,
        )
        .unwrap()
    };
    assert_eq!(pair(&d), pair(&d));
}

#[test]
fn different_numbers_give_different_pictures() {
    let content = content();
    let pictures: Vec<Vec<u8>> = [
        decoded(12_500, 310, 4),
        decoded(12_500, 310, 5),
        decoded(12_500, 311, 4),
        decoded(12_600, 310, 4),
    ]
    .iter()
    .map(|d| read_png(&chart::funnel(d, &content.decode).unwrap().bytes).2)
    .collect();
    for (i, a) in pictures.iter().enumerate() {
        for b in &pictures[i + 1..] {
            assert_ne!(a, b, "two sets of numbers drew the same picture");
        }
    }
    // The server's targets are drawn too.
    let counts = Counts {
        impressions: 12_500,
        clicks: 310,
        orders: 4,
        add_to_carts: None,
    };
    let stricter = decode(
        counts,
        Thresholds {
            ctr: 0.02,
            ctor: 0.02,
        },
    );
    let usual = chart::funnel(&decoded(12_500, 310, 4), &content.decode).unwrap();
    let strict = chart::funnel(&stricter, &content.decode).unwrap();
    assert_ne!(read_png(&usual.bytes).2, read_png(&strict.bytes).2);
}

#[test]
fn the_alt_text_says_in_words_what_the_picture_shows() {
    let content = content();
    let d = decoded(12_500, 310, 4);
    let alt = chart::alt_text(&d, &content.decode);
    for part in [
        "bars drawn to scale",
        content.decode.verdicts[Verdict::NotEnoughData]
            .headline
            .as_str(),
        "Impressions: 12,500.",
        "Clicks: 310.",
        "Orders: 4.",
        "Product CTR: 2.48% (1 in 40 impressions got a click), probably between 2.22% and 2.77%.",
        "Product CTOR: 1.29% (1 in 78 clicks became an order), probably between 0.50% and 3.27%.",
        "At or above the 1% target.",
        "Under the 2% target so far, but with 310 clicks that can still be chance.",
    ] {
        assert!(alt.contains(part), "{part:?} missing from {alt:?}");
    }
    // Each rate is followed by how it compares with its target, as the strip shows it.
    let ok = content.decode.rates.ok.fill(&[("threshold", "1%")]);
    assert!(alt.contains(&ok), "{ok:?} missing from {alt:?}");
    assert!(!alt.contains('{') && !alt.contains("**"), "{alt}");
    assert!(!alt.contains("log scale") && !alt.contains("95%"), "{alt}");
    assert!(alt.chars().count() < ALT_MAX);

    // From half up the words count in tens; at zero they say none of how many.
    let most = chart::alt_text(&decoded(10_000, 8_000, 0), &content.decode);
    assert!(most.contains("(8 in 10 impressions got a click)"), "{most}");
    assert!(
        most.contains("(none of 8,000 clicks became an order)"),
        "{most}"
    );

    let none = chart::alt_text(&decoded(0, 0, 0), &content.decode);
    assert!(
        none.contains("Product CTR: no rate yet: no impressions."),
        "{none}"
    );
    for (v, d) in every_verdict() {
        let alt = chart::alt_text(&d, &content.decode);
        assert!(
            alt.contains(content.decode.verdicts[v].headline.as_str()),
            "{alt}"
        );
    }
}

#[test]
fn more_orders_than_clicks_says_the_numbers_do_not_line_up() {
    let content = content();
    let d = decoded(10_000, 500, 800);
    let alt = chart::alt_text(&d, &content.decode);
    assert!(alt.contains("These numbers don't line up."), "{alt}");
    assert!(
        alt.contains("Product CTOR: more orders than clicks."),
        "{alt}"
    );
    let too_early = &content.decode.verdicts[Verdict::NotEnoughData].headline;
    assert!(!alt.contains(too_early.as_str()), "{alt}");
    // Its picture still fits a chat.
    let png = chart::funnel(&d, &content.decode).unwrap();
    assert_valid(&png, ONE, CHART_BYTES);
}

#[test]
fn every_word_of_the_shipped_chart_reads_on_a_phone() {
    let content = content();
    let sides = [
        content.test_log.labels.before.as_str(),
        content.test_log.labels.after.as_str(),
    ];
    let problems = chart::legibility_problems(&content.decode, sides);
    assert!(problems.is_empty(), "{problems:#?}");
    // 1/30 of the width: 20 px on the 600 px chart, 12 px when a phone shows it 360 px wide.
    assert!((f64::from(WIDTH) / f64::from(MIN_SHARE) - 20.0).abs() < 1e-9);
}

#[test]
fn before_and_after_are_stacked_in_one_picture_at_the_same_width() {
    let content = content();
    let (before, after) = (decoded(12_500, 310, 4), decoded(14_000, 420, 9));
    let sides = ["Before", "After"];
    let png = chart::before_after(&before, &after, sides, &content.decode).unwrap();
    let one = chart::funnel(&before, &content.decode).unwrap();
    // Two sides one above the other: each side's words as large as on /decode's chart.
    assert_valid(&png, one.height + 330..=2 * one.height + 90, PAIR_BYTES);
    let alt = chart::before_after_alt(&before, &after, sides, &content.decode);
    assert!(alt.contains("before above after"), "{alt}");
    assert!(alt.contains("Before: Not enough data yet"), "{alt}");
    assert!(alt.contains("Impressions: 12,500.") && alt.contains("Impressions: 14,000."));
    assert!(alt.contains("Orders: 9."), "{alt}");
    assert!(alt.chars().count() < ALT_MAX);
}

#[test]
fn a_long_headline_from_a_moderator_wraps_and_still_reads() {
    let (_tmp, dir) = common::copy_prompts();
    common::edit(
        &dir.join("decode.toml"),
        "headline = \"Not enough data yet to tell\"",
        "headline = \"Not enough data yet to tell, so keep the same video, product and offer running and decode again\"",
    );
    let content = funnel_coach::check::prompts(&dir).expect("still valid");
    let d = decoded(12_500, 310, 4);
    let png = chart::funnel(&d, &content.decode).unwrap();
    assert_valid(&png, ONE, CHART_BYTES);
}

#[test]
fn check_refuses_chart_words_that_would_be_cut_or_shrunk() {
    let (_tmp, dir) = common::copy_prompts();
    common::edit(
        &dir.join("decode.toml"),
        "undetermined = \"Can't tell\"",
        "undetermined = \"Much too early to say anything at all about this\"",
    );
    let problems = common::problems(&dir);
    assert!(
        problems.contains("\"Much too early to say anything at all about this\" does not fit the chart at 24 px and would be cut: make it shorter"),
        "{problems}"
    );
}

#[test]
fn check_refuses_chart_words_the_font_cannot_draw() {
    let (_tmp, dir) = common::copy_prompts();
    common::edit(
        &dir.join("decode.toml"),
        "fix_first = \"fix this first\"",
        "fix_first = \"fix this first 🔥\"",
    );
    let problems = common::problems(&dir);
    assert!(
        problems.contains("chart.fix_first") && problems.contains("cannot draw `🔥`"),
        "{problems}"
    );
}

#[test]
fn check_refuses_a_chart_without_its_words() {
    let (_tmp, dir) = common::copy_prompts();
    common::edit(&dir.join("decode.toml"), "ok = \"OK\"\n", "");
    let problems = common::problems(&dir);
    assert!(
        problems.contains("chart.marks") && problems.contains("missing key `ok`"),
        "{problems}"
    );
}

/// Not a check: writes a chart for each verdict and a before/after pair to `target/charts/`
/// to look at (`cargo test --test render chart -- --ignored --nocapture`).
#[test]
#[ignore = "writes pictures to look at"]
fn write_samples_to_look_at() {
    let content = content();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/charts");
    std::fs::create_dir_all(&dir).unwrap();
    for (v, d) in every_verdict() {
        let png = chart::funnel(&d, &content.decode).unwrap();
        std::fs::write(dir.join(format!("{}.png", v.code())), png.bytes).unwrap();
    }
    for (name, d) in [
        ("orders_above_clicks", decoded(10_000, 500, 800)),
        ("nothing_yet", decoded(0, 0, 0)),
        ("most_click", decoded(10_000, 8_000, 0)),
        (
            "largest",
            decoded(999_999_999_999, 999_999_999_998, 999_999_999_997),
        ),
    ] {
        let png = chart::funnel(&d, &content.decode).unwrap();
        std::fs::write(dir.join(format!("{name}.png")), png.bytes).unwrap();
    }
    let pair = chart::before_after(
        &decoded(12_500, 310, 4),
        &decoded(14_000, 420, 12),
        ["Before", "After"],
        &content.decode,
    )
    .unwrap();
    std::fs::write(dir.join("before_after.png"), pair.bytes).unwrap();
    println!("written to {}", dir.display());
}

/// `funnel-coach decode --chart FILE`: the run with `PROMPTS_DIR` set to the shipped prompts.
#[test]
fn the_command_line_writes_the_same_chart_and_still_prints_the_answer() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("funnel.png");
    let path = file.to_str().unwrap();
    let (code, out, err) = cli(&["decode", "--chart", path, "12.5k", "310", "4"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Not enough data yet to tell"), "{out}");
    let written = std::fs::read(&file).unwrap();
    let content = content();
    let same = chart::funnel(&decoded(12_500, 310, 4), &content.decode).unwrap();
    assert_eq!(
        written, same.bytes,
        "the CLI and the bot draw the same chart"
    );

    // With --json too.
    let (code, out, _) = cli(&["decode", "--json", "--chart", path, "50000", "100", "5"]);
    assert_eq!(code, 0);
    assert!(out.contains("\"before_click\""), "{out}");
    assert_ne!(std::fs::read(&file).unwrap(), written);

    // Input that cannot be decoded writes nothing.
    let other = tmp.path().join("not-written.png");
    let (code, _, _) = cli(&["decode", "--chart", other.to_str().unwrap(), "1", "2%", "0"]);
    assert_eq!(code, 2);
    assert!(!other.exists());

    // A chart that cannot be written: the answer is still printed, the reason on stderr.
    let nowhere = tmp.path().join("no-such-folder").join("funnel.png");
    let (code, out, err) = cli(&[
        "decode",
        "--chart",
        nowhere.to_str().unwrap(),
        "12.5k",
        "310",
        "4",
    ]);
    assert_eq!(code, 1);
    assert!(out.contains("Not enough data yet to tell"), "{out}");
    assert!(err.contains("cannot write the chart to"), "{err}");
}

#[test]
fn the_note_under_the_chart_explains_only_what_is_drawn() {
    // With no rate anywhere (0 0 0) only the target line is drawn, so the note says only that;
    // with a rate, the note also explains the dot and the bar around it. A moderator's longer
    // note for the no-rate case makes only the 0 0 0 picture taller, never another one.
    let (_tmp, dir) = common::copy_prompts();
    common::edit(
        &dir.join("decode.toml"),
        "note_no_rate = \"The dashed line is your target.\"",
        "note_no_rate = \"The dashed line is your target. A dot and its likely range appear as soon as there are impressions to divide by.\"",
    );
    let longer = funnel_coach::check::prompts(&dir).expect("still valid");
    let shipped = content();
    let height = |content: &Content, (i, c, o): (u64, u64, u64)| {
        chart::funnel(&decoded(i, c, o), &content.decode)
            .unwrap()
            .height
    };
    assert!(height(&longer, (0, 0, 0)) > height(&shipped, (0, 0, 0)));
    for numbers in [(12_500, 310, 4), (10_000, 500, 800), (5_000, 0, 0)] {
        assert_eq!(
            height(&longer, numbers),
            height(&shipped, numbers),
            "{numbers:?}"
        );
    }
    // What the shipped notes say: the chart draws a dot, a bar around it and a dashed line.
    let c = &shipped.decode.chart;
    for word in ["dot", "bar around it", "dashed line", "impressions"] {
        assert!(c.note.contains(word), "{word}: {}", c.note);
    }
    assert!(!c.note.contains("views") && !c.note.contains("coloured"));
    assert!(!c.note_no_rate.contains("dot") && !c.note_no_rate.contains("probably"));
}
