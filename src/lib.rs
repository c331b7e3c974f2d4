//! hukou-years: checks China's household-registration (落户) year requirements,
//! with cumulative mutual recognition (累计互认) of residence and
//! social-insurance years across the cities of a region.
//!
//! The core is pure: no I/O and no clock. Rules come in as data
//! ([`RuleSet`]), "today" comes in as [`CheckOptions::as_of`], and the result is
//! a [`Report`] whose explanations are structured [`Step`]s. [`check`] runs the
//! pipeline, one module a stage:
//!
//! 1. [`history`]: the public history format, read and validated.
//! 2. [`options`]: the evaluation date, the cities, the what-if.
//! 3. [`rules`]: the rules data, validated and indexed.
//! 4. [`count`]: months per (city, kind), streaks, cut-offs, back-paid caps.
//! 5. [`recognise`]: other cities' months through agreements (start, ratio, cap).
//! 6. [`project`]: the first month every requirement would be met.
//! 7. [`explain`]: the structured steps of every count.
//! 8. [`points`]: the year-based part of a points route's score.
//! 9. [`evaluate`]: each route, from the version in force to its report.
//! 10. [`report`]: what a check returns.
//! 11. `wasm` (WebAssembly only): the page's boundary, converting and delegating.
//!
//! [`error`] and [`month`] serve every stage.
//!
//! ```
//! use hukou_years::{check, CheckOptions, HistoryInput, RuleSet};
//! # fn rules() -> RuleSet { hukou_years::rules::shipped::default_rules() }
//! let rules: RuleSet = rules();
//! let history: HistoryInput = serde_json::from_str(r#"{"periods": [
//!     {"city": "wuxi", "kind": "social_insurance", "from": "2020-01", "to": null}
//! ]}"#).unwrap();
//! let options = CheckOptions::at("2026-11-26").unwrap();
//! let report = check(&rules, &history, &options).unwrap();
//! assert!(report.cities.iter().any(|c| c.city == "nanjing"));
//! ```

pub mod count;
pub mod evaluate;
pub mod explain;
pub mod history;
pub mod options;
pub mod points;
pub mod project;
pub mod recognise;
pub mod report;
pub mod rules;
#[cfg(target_arch = "wasm32")]
pub mod wasm;

#[cfg(test)]
pub(crate) mod fixture;

pub mod error;
#[cfg(feature = "cli")]
pub mod files;
pub mod json;
pub mod month;

pub use error::{ErrorKind, InputError};
pub use history::{HistoryInput, PeriodInput};
pub use month::{Date, Month};
pub use options::{CheckOptions, WhatIfInput};
pub use report::{Report, Status, Step};
pub use rules::{Kind, RuleSet};

/// Checks a history against the rules: every error in the options or the
/// history is reported, each with its path; otherwise the report.
pub fn check(
    rules: &RuleSet,
    history: &HistoryInput,
    options: &CheckOptions,
) -> Result<Report, Vec<InputError>> {
    let as_of = options::read_date(options).map_err(|e| vec![e])?;
    let mut errors = Vec::new();
    let options = options::read(options, as_of, rules, &mut errors);
    let history = match history::validate(history, rules, as_of.month()) {
        Ok(history) => Some(history),
        Err(more) => {
            errors.extend(more);
            None
        }
    };
    match (options, history) {
        (Some(options), Some(history)) if errors.is_empty() => {
            Ok(evaluate::evaluate(rules, &history, &options))
        }
        _ => Err(errors),
    }
}
#[cfg(test)]
mod schema;
#[cfg(test)]
mod typescript;
