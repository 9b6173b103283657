//! The funnel maths: counts, rates with intervals, verdicts, before/after comparison. Pure: no
//! Discord, no database.

pub mod compare;
pub mod counts;
pub mod decode;
pub mod interval;
pub mod lever;
pub mod outlook;
pub mod progress;
pub mod reader;

pub use compare::{compare, Comparison, Outcome, StepChange, Summary};
pub use counts::{parse_count, CountError, CountProblem, Field};
pub use decode::{
    decode, decode_raw, Counts, DecodeError, Decoded, Focus, RawCounts, Step, StepKind, Thresholds,
    Verdict, Warning,
};
pub use interval::{wilson, Judgement, Rate};
pub use lever::Lever;
pub use outlook::{Cart, Instead, Outlook, Reach, Side};
