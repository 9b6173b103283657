//! The `funnel-coach` command line, run as a member would run it: no Discord token, the
//! shipped prompts/.

use std::path::Path;
use std::process::Command;

/// Runs `funnel-coach ARGS` from the repository's root: (exit code, stdout, stderr).
pub fn cli(args: &[&str]) -> (i32, String, String) {
    cli_in(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

/// Runs `funnel-coach ARGS` from `dir` (relative file names are read there).
pub fn cli_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_funnel-coach"))
        .args(args)
        .current_dir(dir)
        .env_remove("DISCORD_TOKEN")
        .env(
            "PROMPTS_DIR",
            concat!(env!("CARGO_MANIFEST_DIR"), "/prompts"),
        )
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}
