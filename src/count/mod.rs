//! Counting months (README, counting semantics §1 a month counts once, §3
//! continuous streaks and gaps, §4 back-paid months, §5 only while holding,
//! §6 the cut-off).
//!
//! [`timeline`] lays the history out per (city, kind) as ranges of months;
//! [`mod@classify`] turns the tracks a requirement reads into runs of months
//! classified alike; [`tally`] walks those runs back from a cut-off. Which
//! other cities' months a requirement may use is decided by
//! [`crate::recognise`].

pub mod classify;
pub mod ranges;
#[cfg(test)]
pub mod reference;
pub mod tally;
pub mod timeline;

pub use classify::{classify, Sources};
pub use tally::{Gap, MonthClass, PartnerIdx, Run, Tally};
pub use timeline::{Cover, Segment, Timeline, Track};
