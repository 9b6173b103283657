//! Logging with `tracing`. Whatever a dependency logs, the bot token never reaches the output.

use std::io::{self, Write};
use std::sync::Arc;

use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::EnvFilter;

/// Writes to stderr with every occurrence of the secrets replaced by `[redacted]`.
#[derive(Clone)]
pub struct Redacting {
    secrets: Arc<Vec<String>>,
}

impl Redacting {
    pub fn new(secrets: Vec<String>) -> Redacting {
        Redacting {
            secrets: Arc::new(secrets.into_iter().filter(|s| !s.is_empty()).collect()),
        }
    }

    pub fn redact(&self, text: &str) -> String {
        self.secrets.iter().fold(text.to_owned(), |acc, s| {
            acc.replace(s.as_str(), "[redacted]")
        })
    }
}

pub struct RedactingWriter {
    filter: Redacting,
    out: io::Stderr,
}

impl Write for RedactingWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let text = String::from_utf8_lossy(buf);
        self.out.write_all(self.filter.redact(&text).as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

impl<'a> MakeWriter<'a> for Redacting {
    type Writer = RedactingWriter;

    fn make_writer(&'a self) -> Self::Writer {
        RedactingWriter {
            filter: self.clone(),
            out: io::stderr(),
        }
    }
}

/// serenity instruments its HTTP and gateway code with info-level spans whose fields are
/// formatted on every request: about 0.3 ms per interaction (see the e2e benchmark). Unless
/// the filter names serenity itself, only its warnings and errors are kept.
pub fn effective_filter(filter: &str) -> String {
    if filter.contains("serenity") {
        filter.to_owned()
    } else {
        format!("{filter},serenity=warn")
    }
}

/// Starts logging to stderr with `filter` (`RUST_LOG` syntax), hiding `secrets`.
pub fn init(filter: &str, secrets: Vec<String>) {
    let filter = EnvFilter::try_new(effective_filter(filter))
        .unwrap_or_else(|_| EnvFilter::new("info,serenity=warn"));
    // A second init (tests) keeps the first subscriber.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(Redacting::new(secrets))
        .with_target(true)
        .try_init();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serenity_is_quiet_unless_asked_for() {
        assert_eq!(effective_filter("info"), "info,serenity=warn");
        assert_eq!(
            effective_filter("debug,serenity=debug"),
            "debug,serenity=debug"
        );
    }

    #[test]
    fn secrets_are_replaced() {
        let r = Redacting::new(vec!["abc.def".into(), String::new()]);
        assert_eq!(
            r.redact("token Bot abc.def sent"),
            "token Bot [redacted] sent"
        );
        assert_eq!(r.redact("nothing here"), "nothing here");
    }
}
