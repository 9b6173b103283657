//! The shipped prompts/, loaded as the bot loads them, and a throw-away copy of it to break on
//! purpose (the prompt-validation tests).

use std::fs;
use std::path::{Path, PathBuf};

use funnel_coach::content::Content;

/// The shipped prompts/ folder.
pub fn shipped() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("prompts")
}

/// The shipped prompts/, read with `Content::load` (`check::prompts` adds the rendered checks).
pub fn content() -> Content {
    Content::load(&shipped()).expect("the shipped prompts/ are valid")
}

/// A copy of the shipped prompts/ in a temporary folder (kept while the guard lives).
pub fn copy_prompts() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dst = tmp.path().join("prompts");
    copy_dir(&shipped(), &dst);
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

/// Replaces the first `from` in a file by `to`; the text must be there.
pub fn edit(path: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from} not in {}", path.display());
    fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// The problems `funnel-coach check` (and the start of the bot) reports for `dir`, which
/// must be refused.
pub fn problems(dir: &Path) -> String {
    funnel_coach::check::prompts(dir)
        .expect_err("should be refused")
        .to_string()
}
