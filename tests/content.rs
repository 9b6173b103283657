//! A broken prompts/ folder is refused, naming the file, the entry and the problem.

use std::fs;
use std::path::{Path, PathBuf};

use funnel_coach::content::Content;

fn copy_prompts() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dst = tmp.path().join("prompts");
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("prompts"), &dst);
    (tmp, dst)
}

fn copy_dir(src: &Path, dst: &Path) {
    fs::create_dir_all(dst).unwrap();
    for e in fs::read_dir(src).unwrap().flatten() {
        let to = dst.join(e.file_name());
        if e.path().is_dir() {
            copy_dir(&e.path(), &to);
        } else {
            fs::copy(e.path(), to).unwrap();
        }
    }
}

fn problems(dir: &Path) -> String {
    Content::load(dir)
        .expect_err("should be refused")
        .to_string()
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from} not in {}", path.display());
    fs::write(path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn the_shipped_prompts_are_valid() {
    let (_t, dir) = copy_prompts();
    Content::load(&dir).unwrap();
}

#[test]
fn a_related_term_that_does_not_exist_is_named() {
    let (_t, dir) = copy_prompts();
    edit(
        &dir.join("glossary/click.toml"),
        "related = [\"",
        "related = [\"no-such-term\", \"",
    );
    let p = problems(&dir);
    assert!(
        p.contains("click.toml") && p.contains("no-such-term"),
        "{p}"
    );
}

#[test]
fn a_duplicate_alias_is_named() {
    let (_t, dir) = copy_prompts();
    edit(
        &dir.join("glossary/money.toml"),
        "aliases = [",
        "aliases = [\"C.T.O.R\", ",
    );
    let p = problems(&dir);
    assert!(p.contains("money.toml") && p.contains("C.T.O.R"), "{p}");
}

#[test]
fn an_unknown_placeholder_and_a_toml_error_are_named() {
    let (_t, dir) = copy_prompts();
    edit(
        &dir.join("decode.toml"),
        "About {more} more clicks",
        "About {mroe} more clicks",
    );
    let p = problems(&dir);
    assert!(
        p.contains("steps.settle_ctor") && p.contains("{mroe}"),
        "{p}"
    );
    edit(&dir.join("ui.toml"), "[about]", "[about\n");
    let p = problems(&dir);
    assert!(p.contains("ui.toml") && p.contains("line"), "{p}");
}

#[test]
fn an_overlong_definition_is_named() {
    let (_t, dir) = copy_prompts();
    let long = "word ".repeat(200);
    edit(
        &dir.join("glossary/after_sale.toml"),
        "definition = \"",
        &format!("definition = \"{long}"),
    );
    let p = problems(&dir);
    assert!(
        p.contains("after_sale.toml") && p.contains("definition"),
        "{p}"
    );
}
