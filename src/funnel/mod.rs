//! The funnel maths: counts, rates with intervals, verdicts. Pure: no Discord, no database.

pub mod counts;
pub mod decode;
pub mod interval;

pub use counts::{parse_count, CountError, CountProblem, Field};
pub use decode::{
    decode, decode_raw, Counts, DecodeError, Decoded, RawCounts, Step, StepKind, Thresholds,
    Verdict, Warning,
};
pub use interval::{wilson, Judgement, Rate};
