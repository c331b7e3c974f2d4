//! How to check: the evaluation date, which cities, and an optional what-if
//! (README, counting semantics §6 "the evaluation month" and §9 "what-if").
//!
//! [`CheckOptions`] is what callers write; [`read`] turns it into [`Options`],
//! reporting every bad option with its path.

use serde::{Deserialize, Serialize};

use crate::error::{InputError, OptionProblem, Problem};
use crate::history::read::index_path;
use crate::month::{Date, Month};
use crate::rules::{CityIdx, Kind, RuleSet};

/// How far ahead a what-if may start; further is not a plan but a typo.
const MAX_WHAT_IF_YEARS: u32 = 50;

/// How to check: the evaluation date, which cities, and an optional what-if.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(remote = "Self", deny_unknown_fields)]
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
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct WhatIfInput {
    pub city: String,
    /// `YYYY-MM`, after the evaluation month.
    pub from: String,
    /// Kinds that continue there; absent: both.
    #[serde(default)]
    pub kinds: Option<Vec<String>>,
}

crate::history::read::objects_only!(CheckOptions, WhatIfInput);

impl CheckOptions {
    /// Options for every city at `as_of` (`YYYY-MM-DD`).
    pub fn at(as_of: &str) -> Result<CheckOptions, InputError> {
        Date::parse_in_range(as_of).map_err(|bound| bad_date(as_of, bound))?;
        Ok(CheckOptions {
            as_of: as_of.to_string(),
            ..CheckOptions::default()
        })
    }
}

/// Validated options.
pub struct Options {
    pub as_of: Date,
    /// Empty: every city with rules.
    pub cities: Vec<CityIdx>,
    pub what_if: Option<WhatIf>,
}

/// "If I continue in `city` from `from`": periods of `kinds` that are ongoing
/// stop at `from - 1`, and `city` covers those kinds from `from` on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WhatIf {
    pub city: CityIdx,
    pub from: Month,
    pub kinds: Vec<Kind>,
}

/// The evaluation date, or the error that says why it is not one.
pub(crate) fn read_date(options: &CheckOptions) -> Result<Date, InputError> {
    Date::parse_in_range(&options.as_of).map_err(|bound| bad_date(&options.as_of, bound))
}

/// Reads the options at the evaluation date `as_of`; every error is pushed.
pub(crate) fn read(
    options: &CheckOptions,
    as_of: Date,
    rules: &RuleSet,
    errors: &mut Vec<InputError>,
) -> Option<Options> {
    let before = errors.len();
    let mut cities = Vec::new();
    for (i, name) in options.cities.iter().enumerate() {
        match rules.city_by_name(name) {
            Some(city) => cities.push(city),
            None => errors.push(unknown_city(index_path("cities", i), name)),
        }
    }
    let what_if = options
        .what_if
        .as_ref()
        .map(|input| WhatIf::read(input, rules, as_of.month(), errors));
    if errors.len() > before {
        return None;
    }
    Some(Options {
        as_of,
        cities,
        what_if: what_if.flatten(),
    })
}

fn bad_date(text: &str, bound: Option<Date>) -> InputError {
    let value = text.to_string();
    InputError::option(
        "as_of",
        match bound {
            None => OptionProblem::NotADate { value },
            Some(bound) => OptionProblem::DateOutOfRange { value, bound },
        },
    )
}

fn unknown_city(path: String, name: &str) -> InputError {
    InputError::new(
        path,
        Problem::UnknownCity {
            value: name.to_string(),
        },
    )
}

impl WhatIf {
    fn read(
        input: &WhatIfInput,
        rules: &RuleSet,
        evaluation: Month,
        errors: &mut Vec<InputError>,
    ) -> Option<WhatIf> {
        let before = errors.len();
        let city = rules.city_by_name(&input.city);
        if city.is_none() {
            errors.push(unknown_city("what_if.city".into(), &input.city));
        }
        let from = Month::parse_in_range(&input.from);
        if let Some(error) = check_from(&input.from, from, evaluation) {
            errors.push(error);
        }
        let from = from.ok();
        let kinds = read_kinds(input.kinds.as_deref(), errors);
        if errors.len() > before {
            return None;
        }
        Some(WhatIf {
            city: city?,
            from: from?,
            kinds,
        })
    }
}

fn check_from(
    text: &str,
    from: Result<Month, Option<Month>>,
    evaluation: Month,
) -> Option<InputError> {
    let problem = match from {
        Err(bound) => crate::history::month_problem(text, bound),
        Ok(value) if value <= evaluation => Problem::BadOption(OptionProblem::NotAfterEvaluation {
            value,
            evaluation_month: evaluation,
        }),
        Ok(value) if value > evaluation.plus(MAX_WHAT_IF_YEARS as i32 * 12) => {
            Problem::BadOption(OptionProblem::TooFarAhead {
                value,
                evaluation_month: evaluation,
                max_years: MAX_WHAT_IF_YEARS,
            })
        }
        Ok(_) => return None,
    };
    Some(InputError::new("what_if.from", problem))
}

fn read_kinds(list: Option<&[String]>, errors: &mut Vec<InputError>) -> Vec<Kind> {
    let Some(list) = list else {
        return Kind::ALL.to_vec();
    };
    if list.is_empty() {
        errors.push(InputError::option("what_if.kinds", OptionProblem::NoKinds));
    }
    let mut kinds = Vec::new();
    for (i, text) in list.iter().enumerate() {
        match Kind::parse(text) {
            Some(kind) if !kinds.contains(&kind) => kinds.push(kind),
            Some(_) => {}
            None => errors.push(InputError::new(
                index_path("what_if.kinds", i),
                Problem::UnknownKind {
                    value: text.clone(),
                },
            )),
        }
    }
    kinds
}
