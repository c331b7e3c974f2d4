//! hukou-years: checks China's household-registration (落户) year requirements,
//! with cumulative mutual recognition (累计互认) of residence and
//! social-insurance years across the cities of a region.
//!
//! The core is pure: no I/O and no clock. Rules come in as data
//! ([`RuleSet`]), "today" comes in as [`CheckOptions::as_of`], and the result is
//! a [`Report`] whose explanations are structured [`Step`]s.
//!
//! ```
//! use hukou_years::{check, CheckOptions, HistoryInput, RuleSet};
//! # fn rules() -> RuleSet { hukou_years::testing::default_rules() }
//! let rules: RuleSet = rules();
//! let history: HistoryInput = serde_json::from_str(r#"{"periods": [
//!     {"city": "wuxi", "kind": "social_insurance", "from": "2020-01", "to": null}
//! ]}"#).unwrap();
//! let options = CheckOptions::at("2026-11-26").unwrap();
//! let report = check(&rules, &history, &options).unwrap();
//! assert!(report.cities.iter().any(|c| c.city == "nanjing"));
//! ```

pub mod error;
pub mod eval;
pub mod files;
pub mod history;
pub mod month;
pub mod report;
pub mod rules;
pub mod ruleset;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

#[doc(hidden)]
pub mod testing;

use serde::{Deserialize, Serialize};

pub use error::{ErrorKind, InputError};
pub use history::{HistoryInput, PeriodInput};
pub use month::{Date, Month};
pub use report::{Report, Status, Step};
pub use rules::Kind;
pub use ruleset::RuleSet;

/// How to check: the evaluation date, which cities, and an optional what-if.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckOptions {
    /// The evaluation date `YYYY-MM-DD` ("today", supplied by the caller).
    pub as_of: String,
    /// City ids or codes to report; empty: every city with rules.
    #[serde(default)]
    pub cities: Vec<String>,
    /// "If I continue in city X from month M": the projection assumes this
    /// instead of the ongoing periods, from `from` on.
    #[serde(default)]
    pub what_if: Option<WhatIfInput>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WhatIfInput {
    pub city: String,
    /// `YYYY-MM`, after the evaluation month.
    pub from: String,
    /// Kinds that continue there; absent: both.
    #[serde(default)]
    pub kinds: Option<Vec<String>>,
}

impl CheckOptions {
    /// Options for every city at `as_of` (`YYYY-MM-DD`).
    pub fn at(as_of: &str) -> Result<CheckOptions, InputError> {
        Date::parse(as_of).ok_or_else(|| bad_date(as_of))?;
        Ok(CheckOptions {
            as_of: as_of.to_string(),
            ..CheckOptions::default()
        })
    }
}

fn bad_date(text: &str) -> InputError {
    InputError::new(
        ErrorKind::BadOption,
        "as_of",
        format!("{} is not a date (YYYY-MM-DD)", error::quoted(text)),
    )
}

/// Checks a history against the rules: every error in the history or the
/// options is reported, each with its path; otherwise the report.
pub fn check(
    rules: &RuleSet,
    history: &HistoryInput,
    options: &CheckOptions,
) -> Result<Report, Vec<InputError>> {
    let as_of = Date::parse(&options.as_of).ok_or_else(|| vec![bad_date(&options.as_of)])?;
    let evaluation = as_of.month();
    let mut errors = Vec::new();

    let mut cities = Vec::new();
    for (i, name) in options.cities.iter().enumerate() {
        match rules.city_by_name(name) {
            Some(city) => cities.push(city),
            None => errors.push(InputError::new(
                ErrorKind::UnknownCity,
                format!("cities[{i}]"),
                format!(
                    "{} is not a known city id or GB/T 2260 code",
                    error::quoted(name)
                ),
            )),
        }
    }
    let what_if = match &options.what_if {
        None => None,
        Some(input) => eval::WhatIf::parse(input, rules, evaluation, &mut errors),
    };
    let history = match history::validate(history, rules, evaluation) {
        Ok(history) => Some(history),
        Err(more) => {
            errors.extend(more);
            None
        }
    };
    match history {
        Some(history) if errors.is_empty() => Ok(eval::evaluate(
            rules,
            &history,
            &eval::Options {
                as_of,
                cities,
                what_if,
            },
        )),
        _ => Err(errors),
    }
}
