//! A member of a server: whose data a query may touch, and what is stored about them.

/// Whose data a query may touch: one member in one server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Member {
    pub guild: u64,
    pub user: u64,
}

/// How many rows of one table were about the member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableCount {
    pub table: &'static str,
    pub rows: u64,
}
