//! `/test`: button labels, menu texts, pop-up titles and file names, and the longest answers.

use std::path::Path;

use super::{file, file_name, short, too_long};
use crate::content::{Content, Problem};
use crate::funnel::{Counts, Lever, Outcome};
use crate::render;
use crate::render::limits;
use crate::test_log::{Status, TestChoice, TestId, TestRecord};

/// Button labels, menu texts, pop-up titles and attachment names of the test log.
pub(super) fn labels(content: &Content, dir: &Path, problems: &mut Vec<Problem>) {
    let file = file(dir, "test_log.toml");
    let file = file.as_str();
    let c = &content.test_log;
    for (lever, l) in c.levers.iter() {
        let key = format!("levers.{}", lever.key());
        short(
            file,
            &format!("{key}.label"),
            &l.label,
            limits::SELECT_TEXT,
            problems,
        );
        short(file, &format!("{key}.short"), &l.short, 20, problems);
        short(
            file,
            &format!("{key}.hint"),
            &l.hint,
            limits::SELECT_TEXT,
            problems,
        );
    }
    let (fd, l, d, p) = (&c.from_decode, &c.list, &c.delete, &c.privacy);
    for (key, text, max) in [
        ("from_decode.button", &fd.button, limits::BUTTON_LABEL),
        ("list.previous", &l.previous, limits::BUTTON_LABEL),
        ("list.next", &l.next, limits::BUTTON_LABEL),
        ("delete.yes", &d.yes, limits::BUTTON_LABEL),
        ("delete.no", &d.no, limits::BUTTON_LABEL),
        ("privacy.forget_yes", &p.forget_yes, limits::BUTTON_LABEL),
        ("privacy.forget_no", &p.forget_no, limits::BUTTON_LABEL),
        (
            "from_decode.placeholder",
            &fd.placeholder,
            limits::PLACEHOLDER,
        ),
        (
            "list.open_placeholder",
            &l.open_placeholder,
            limits::PLACEHOLDER,
        ),
        (
            "from_decode.change_label",
            &fd.change_label,
            limits::INPUT_LABEL,
        ),
        (
            "from_decode.change_placeholder",
            &fd.change_placeholder,
            100,
        ),
    ] {
        short(file, key, text, max, problems);
    }
    for lever in Lever::ALL {
        let title = fd.modal_title.fill(&[("lever", &c.levers[lever].short)]);
        short(
            file,
            "from_decode.modal_title",
            &title,
            limits::MODAL_TITLE,
            problems,
        );
    }
    file_name(
        file,
        "export.filename",
        &c.export.filename,
        ".csv",
        problems,
    );
    file_name(
        file,
        "privacy.export_filename",
        &p.export_filename,
        ".json",
        problems,
    );
}

/// Renders the longest answers of `/test` and checks each fits.
pub(super) fn rendered(content: &Content, dir: &Path, problems: &mut Vec<Problem>) {
    use render::test_log as r;

    let file = dir.join("test_log.toml").display().to_string();
    let copy = &content.test_log;
    let big = Counts {
        impressions: 999_999_999_999,
        clicks: 999_999_999,
        orders: 999_999,
        add_to_carts: None,
    };
    let small = Counts {
        impressions: 9_999,
        clicks: 99,
        orders: 1,
        add_to_carts: None,
    };
    let long_change = "W".repeat(crate::test_log::MAX_CHANGE);
    let long_note = "W".repeat(crate::test_log::MAX_NOTE);
    let now = 2_000_000_000;
    let test = |id: i64, lever: Lever, status: Status| TestRecord {
        id: TestId(id + (1 << 40)),
        lever,
        change: long_change.clone(),
        before: Some(big),
        after: (status == Status::Done).then_some(small),
        status,
        note: (status == Status::Done).then(|| long_note.clone()),
        ctr_outcome: (status == Status::Done).then_some(Outcome::NotClear),
        ctor_outcome: (status == Status::Done).then_some(Outcome::NotClear),
        created_at: now - 999 * 86_400,
        updated_at: now,
    };
    let mut replies = Vec::new();
    for lever in Lever::ALL {
        replies.push(("log", r::logged(&test(1, lever, Status::Open), copy)));
        let done = test(2, lever, Status::Done);
        replies.push((
            "result",
            r::result(&done, done.comparison().as_ref(), copy, &content.decode),
        ));
        let mut reversed = done.clone();
        std::mem::swap(&mut reversed.before, &mut reversed.after);
        replies.push((
            "result",
            r::result(
                &reversed,
                reversed.comparison().as_ref(),
                copy,
                &content.decode,
            ),
        ));
        let mut no_before = done.clone();
        no_before.before = None;
        replies.push(("result", r::result(&no_before, None, copy, &content.decode)));
        replies.push((
            "show",
            r::show(
                &test(3, lever, Status::Open),
                None,
                now,
                copy,
                &content.decode,
            ),
        ));
        replies.push((
            "delete",
            r::delete_confirm(&test(4, lever, Status::Open), copy),
        ));
    }
    replies.push((
        "from_decode",
        r::pick_lever([big.impressions, big.clicks, big.orders], copy),
    ));
    let page: Vec<TestRecord> = (0..i64::from(r::PAGE_SIZE))
        .map(|i| test(i, Lever::Expectation, Status::Done))
        .collect();
    replies.push(("list", r::list(&page, 1, 999_999, now, copy)));
    for (key, reply) in replies {
        too_long(&file, Some(key), limits::check(&reply), problems);
    }
    for lever in Lever::ALL {
        let t = test(5, lever, Status::Open);
        let choice = TestChoice {
            id: t.id,
            lever,
            change: t.change,
            created_at: t.created_at,
        };
        let label = r::choice_label(&choice, now, copy);
        short(
            &file,
            "autocomplete.label",
            &label,
            limits::CHOICE_NAME,
            problems,
        );
    }
}
