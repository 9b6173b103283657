//! A server's own guides (`/mod guide`): each change is recorded in the audit log in the same
//! transaction.

use crate::guide::{self, Guide};
use crate::{ids, StoreError};

/// A server's own guide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerGuide {
    pub id: i64,
    /// Its title, summary and body; the slug is the id in digits.
    pub guide: Guide,
    pub moderator: u64,
    pub updated_at: i64,
}

/// What a moderator wrote: a new guide (`id: None`) or a change to guide `id`.
#[derive(Debug, Clone, Copy)]
pub struct GuideWrite<'a> {
    pub id: Option<i64>,
    pub title: &'a str,
    pub summary: &'a str,
    pub body: &'a str,
}

/// How a write went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Saved {
    Saved(i64),
    /// Another guide of this server has the title: its id.
    TitleTaken(i64),
    /// Guide `id` is not this server's (or no longer exists).
    NotFound,
}

pub fn title_key(title: &str) -> String {
    title.trim().to_lowercase()
}

pub fn server_guide(
    id: i64,
    title: String,
    summary: String,
    body: String,
    moderator: i64,
    updated_at: i64,
) -> Result<ServerGuide, StoreError> {
    Ok(ServerGuide {
        id,
        guide: Guide {
            slug: id.to_string(),
            title,
            summary,
            order: 0,
            body,
        },
        moderator: ids::from_db(moderator)?,
        updated_at,
    })
}

/// Whether a server guide replaces the built-in guide `builtin` (same title, case aside).
pub fn replaces(server: &ServerGuide, builtin: &Guide) -> bool {
    guide::same_title(&server.guide.title, &builtin.title)
}
