//! From domain results to a neutral reply, then to terminal text or JSON. The Discord form
//! of a reply is built in `bot::reply`.

pub mod chart;
pub mod components;
pub mod csv;
pub mod decode;
pub mod define;
pub mod drill;
pub mod format;
pub mod guide;
pub mod help;
pub mod json;
pub mod limits;
pub mod moderation;
pub mod privacy;
pub mod reader;
pub mod remind;
pub mod reply;
pub mod report;
pub mod stats;
pub mod test_log;
pub mod text;

pub use reply::{Button, Message, Reply, Select, SelectOption, Tone};
