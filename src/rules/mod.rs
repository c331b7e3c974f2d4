//! Rules: what `rules/` holds, checked and indexed.
//!
//! - [`model`]: the serde model of the files, exactly as they are written;
//!   unknown keys are errors, dates are typed, every version is sourced.
//! - [`validate`]: reading a rules directory and checking the files against
//!   each other, every problem with its file and field path.
//! - [`index`]: the [`RuleSet`] the evaluator reads, and its lookups.
//! - [`bundle`]: the validated rules in one document for the page.
//! - [`bin`]: that document's binary form (`rules.bin`), written and read by hand.
//! - [`shipped`]: the rules of this repository, embedded at build time, for
//!   the command line and the tests.

pub mod bin;
pub mod bundle;
pub mod index;
pub mod model;
pub mod shipped;
pub mod validate;

pub use bundle::Bundle;
pub use index::{AgreementIdx, CityDoc, CityIdx, CitySet, RuleSet, VersionCities};
pub use model::*;
