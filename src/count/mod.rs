//! Counting months (README, counting semantics §1 a month counts once, §3
//! continuous streaks and gaps, §4 back-paid months, §5 only while holding,
//! §6 the cut-off).
//!
//! [`timeline`] lays the history out per (city, kind); [`tally`] walks one
//! requirement's classified months back from its cut-off. Which other cities'
//! months a requirement may use is decided by [`crate::recognise`].

#[cfg(test)]
pub mod reference;
pub mod tally;
pub mod timeline;

pub use tally::{Classes, Gap, MonthClass, PartnerIdx, Tally};
pub use timeline::{Cover, Timeline};
