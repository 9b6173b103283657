//! Configuration from the environment (and `.env`), validated once at start.

use std::fmt;
use std::path::PathBuf;

/// The bot token. Never printed: `Debug` and `Display` show `[redacted]`.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl fmt::Display for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/funnel-coach.db";
pub const DEFAULT_PROMPTS_DIR: &str = "prompts";
pub const DEFAULT_LOG_FILTER: &str = "info";

#[derive(Debug, Clone)]
pub struct Config {
    pub token: Option<Token>,
    pub database_url: String,
    pub dev_guild_id: Option<u64>,
    pub discord_proxy_url: Option<String>,
    pub prompts_dir: PathBuf,
    pub log_filter: String,
    /// `REMINDER_LEASE_SECS`: how long the scheduler holds a reminder it is sending before
    /// another try may claim it (a crash's unsettled sends go again after this, with the same
    /// nonce). Default [`crate::scheduler::LEASE`]; 2 to 120 s, inside Discord's few minutes of
    /// nonce memory.
    pub reminder_lease: std::time::Duration,
    /// `DATABASE_POOL_SIZE`: the most connections a `PostgreSQL` store opens (the gateway
    /// lock's own connection aside). Default [`DEFAULT_POOL_SIZE`]; 1 to 100.
    pub database_pool_size: u32,
    /// `INSTANCE_NAME`: this process's name in its logs and on its Discord requests (the
    /// `X-Funnel-Coach-Instance` header), to tell several processes apart. Default `pid <n>`.
    pub instance: String,
}

/// The default and the range of `DATABASE_POOL_SIZE`.
pub const DEFAULT_POOL_SIZE: u32 = 10;
pub const POOL_SIZE: std::ops::RangeInclusive<u32> = 1..=100;

/// Which database a `DATABASE_URL` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// The database `url` names, from its scheme; `None` for any other.
    pub fn of(url: &str) -> Option<Backend> {
        if url.starts_with("sqlite:") {
            Some(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Some(Backend::Postgres)
        } else {
            None
        }
    }
}

/// `url` with any password replaced by `***`, fit for a log line or an error message: the
/// one in `scheme://user:password@host/…` (everything between the user's `:` and the last
/// `@`, so a password holding `/`, `?` or `@` is hidden whole) and a `password=` in the query.
pub fn redacted(url: &str) -> String {
    let masked = match url.split_once("://") {
        Some((scheme, rest)) => match rest.rfind('@') {
            Some(at) => {
                let (userinfo, host) = (&rest[..at], &rest[at + 1..]);
                match userinfo.split_once(':') {
                    Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
                    None => url.to_owned(),
                }
            }
            None => url.to_owned(),
        },
        None => url.to_owned(),
    };
    let Some((head, query)) = masked.split_once('?') else {
        return masked;
    };
    let pairs: Vec<String> = query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((k, _)) if k.eq_ignore_ascii_case("password") => format!("{k}=***"),
            _ => pair.to_owned(),
        })
        .collect();
    format!("{head}?{}", pairs.join("&"))
}

/// The password in `url`, if it holds one: a secret the log scrubs from every line.
pub fn database_password(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let from_authority = rest
        .rfind('@')
        .and_then(|at| rest[..at].split_once(':'))
        .map(|(_, password)| password.to_owned());
    let from_query = rest.split_once('?').and_then(|(_, query)| {
        query.split('&').find_map(|pair| {
            let (k, v) = pair.split_once('=')?;
            k.eq_ignore_ascii_case("password").then(|| v.to_owned())
        })
    });
    from_authority.or(from_query).filter(|p| !p.is_empty())
}

/// The shortest and longest `REMINDER_LEASE_SECS`.
pub const REMINDER_LEASE_SECS: std::ops::RangeInclusive<u64> = 2..=120;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ConfigError {
    #[error("DISCORD_TOKEN is not set. Create a bot at https://discord.com/developers/applications, copy its token (Bot → Reset Token) and put DISCORD_TOKEN=... in .env")]
    MissingToken,
    #[error("DEV_GUILD_ID must be a server id (a number like 123456789012345678), got {0:?}. In Discord: Settings → Advanced → Developer Mode, then right-click the server → Copy Server ID")]
    BadGuildId(String),
    #[error("DISCORD_PROXY_URL must start with http:// or https://, got {0:?}")]
    BadProxyUrl(String),
    #[error(
        "DATABASE_URL must start with sqlite: (a file), postgres:// or postgresql://, got {0:?}"
    )]
    BadDatabaseUrl(String),
    #[error("DATABASE_POOL_SIZE must be a whole number from 1 to 100, got {0:?}")]
    BadPoolSize(String),
    #[error("REMINDER_LEASE_SECS must be a whole number of seconds from 2 to 120, got {0:?}")]
    BadReminderLease(String),
}

impl Config {
    /// Reads the variables through `get` (the process environment in production).
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let non_empty = |k: &str| {
            get(k)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let dev_guild_id = match non_empty("DEV_GUILD_ID") {
            Some(v) => Some(
                v.parse::<u64>()
                    .ok()
                    .filter(|id| *id > 0)
                    .ok_or(ConfigError::BadGuildId(v))?,
            ),
            None => None,
        };
        let discord_proxy_url = match non_empty("DISCORD_PROXY_URL") {
            Some(v) if v.starts_with("http://") || v.starts_with("https://") => {
                Some(v.trim_end_matches('/').to_owned())
            }
            Some(v) => return Err(ConfigError::BadProxyUrl(v)),
            None => None,
        };
        let database_url =
            non_empty("DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE_URL.to_owned());
        if Backend::of(&database_url).is_none() {
            return Err(ConfigError::BadDatabaseUrl(redacted(&database_url)));
        }
        let database_pool_size = match non_empty("DATABASE_POOL_SIZE") {
            Some(v) => v
                .parse::<u32>()
                .ok()
                .filter(|n| POOL_SIZE.contains(n))
                .ok_or(ConfigError::BadPoolSize(v))?,
            None => DEFAULT_POOL_SIZE,
        };
        let reminder_lease = match non_empty("REMINDER_LEASE_SECS") {
            Some(v) => std::time::Duration::from_secs(
                v.parse::<u64>()
                    .ok()
                    .filter(|s| REMINDER_LEASE_SECS.contains(s))
                    .ok_or(ConfigError::BadReminderLease(v))?,
            ),
            None => crate::scheduler::LEASE,
        };
        Ok(Config {
            token: non_empty("DISCORD_TOKEN").map(Token),
            database_url,
            dev_guild_id,
            discord_proxy_url,
            prompts_dir: non_empty("PROMPTS_DIR")
                .map_or_else(|| PathBuf::from(DEFAULT_PROMPTS_DIR), PathBuf::from),
            log_filter: non_empty("RUST_LOG").unwrap_or_else(|| DEFAULT_LOG_FILTER.to_owned()),
            reminder_lease,
            database_pool_size,
            instance: non_empty("INSTANCE_NAME")
                .unwrap_or_else(|| format!("pid {}", std::process::id())),
        })
    }

    /// Reads `.env` if present, then the process environment (which wins).
    pub fn from_env() -> Result<Config, ConfigError> {
        // A missing .env is normal; a broken one is reported by the variables it leaves unset.
        let _ = dotenvy::dotenv();
        Config::from_lookup(|k| std::env::var(k).ok())
    }

    /// The database in use.
    pub fn backend(&self) -> Backend {
        Backend::of(&self.database_url).unwrap_or(Backend::Sqlite)
    }

    pub fn require_token(&self) -> Result<&Token, ConfigError> {
        self.token.as_ref().ok_or(ConfigError::MissingToken)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_lookup(|k| map.get(k).cloned())
    }

    #[test]
    fn defaults() {
        let c = config(&[]).unwrap();
        assert_eq!(c.database_url, DEFAULT_DATABASE_URL);
        assert_eq!(c.prompts_dir, PathBuf::from("prompts"));
        assert_eq!(c.log_filter, "info");
        assert_eq!(c.reminder_lease, crate::scheduler::LEASE);
        assert!(c.token.is_none() && c.dev_guild_id.is_none() && c.discord_proxy_url.is_none());
        assert_eq!(c.require_token(), Err(ConfigError::MissingToken));
    }

    #[test]
    fn the_token_never_shows_in_debug_output() {
        let c = config(&[("DISCORD_TOKEN", "secret.token.value")]).unwrap();
        let shown = format!("{c:?}");
        assert!(!shown.contains("secret.token.value"));
        assert!(shown.contains("[redacted]"));
    }

    #[test]
    fn bad_values_are_explained() {
        assert_eq!(
            config(&[("DEV_GUILD_ID", "my server")]).unwrap_err(),
            ConfigError::BadGuildId("my server".into())
        );
        assert!(matches!(
            config(&[("DISCORD_PROXY_URL", "localhost:80")]),
            Err(ConfigError::BadProxyUrl(_))
        ));
        assert_eq!(
            config(&[("DATABASE_URL", "mysql://bot:hunter2@db/fc")]).unwrap_err(),
            ConfigError::BadDatabaseUrl("mysql://bot:***@db/fc".into())
        );
        for url in [
            "postgres://db/fc",
            "postgresql://bot@db:5432/fc?sslmode=require",
        ] {
            assert_eq!(
                config(&[("DATABASE_URL", url)]).unwrap().backend(),
                Backend::Postgres
            );
        }
        assert_eq!(config(&[]).unwrap().backend(), Backend::Sqlite);
        assert_eq!(config(&[]).unwrap().database_pool_size, DEFAULT_POOL_SIZE);
        for size in ["0", "101", "many"] {
            assert_eq!(
                config(&[("DATABASE_POOL_SIZE", size)]).unwrap_err(),
                ConfigError::BadPoolSize(size.into())
            );
        }
        for lease in ["1", "121", "soon"] {
            assert_eq!(
                config(&[("REMINDER_LEASE_SECS", lease)]).unwrap_err(),
                ConfigError::BadReminderLease(lease.into())
            );
        }
        assert_eq!(
            config(&[("REMINDER_LEASE_SECS", "5")])
                .unwrap()
                .reminder_lease,
            std::time::Duration::from_secs(5)
        );
        let c = config(&[
            ("DEV_GUILD_ID", " 42 "),
            ("DISCORD_PROXY_URL", "http://127.0.0.1:9/"),
        ])
        .unwrap();
        assert_eq!(c.dev_guild_id, Some(42));
        assert_eq!(c.discord_proxy_url.as_deref(), Some("http://127.0.0.1:9"));
    }

    #[test]
    fn a_password_never_shows() {
        assert_eq!(
            redacted("postgres://bot:s3cr3t@db.example.com:5432/fc?sslmode=require"),
            "postgres://bot:***@db.example.com:5432/fc?sslmode=require"
        );
        assert_eq!(
            redacted("postgresql://db/fc?user=bot&password=s3cr3t"),
            "postgresql://db/fc?user=bot&password=***"
        );
        assert_eq!(redacted("postgres://bot@db/fc"), "postgres://bot@db/fc");
        assert_eq!(
            redacted("postgres://bot:a/b?c@d@db:5432/fc?sslmode=require"),
            "postgres://bot:***@db:5432/fc?sslmode=require"
        );
        assert_eq!(
            database_password("postgres://bot:a/b?c@d@db/fc").as_deref(),
            Some("a/b?c@d")
        );
        assert_eq!(
            database_password("postgres://db/fc?password=pw&user=bot").as_deref(),
            Some("pw")
        );
        assert_eq!(database_password("sqlite://data/funnel-coach.db"), None);
        assert_eq!(
            redacted("sqlite://data/funnel-coach.db"),
            "sqlite://data/funnel-coach.db"
        );
    }
}
