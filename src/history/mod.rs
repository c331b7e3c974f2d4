//! A person's history: the public JSON format and its validation.
//!
//! The format is deliberately loose on the way in (strings, so that a bad month
//! can be reported with its path instead of failing the whole document) and
//! strict after [`validate`]: known cities, real months, nothing reversed,
//! nothing after the evaluation month.

use serde::{Deserialize, Serialize};

use crate::error::{InputError, Problem};
use crate::month::Month;
use crate::rules::Kind;
use crate::rules::{CityIdx, RuleSet};

pub mod read;

/// The only history format version there is; files without `version` are read
/// as this one.
pub const FORMAT_VERSION: u32 = 1;

/// More periods than anyone has; a guard against pasted garbage, not a rule.
pub const MAX_PERIODS: usize = 1000;

/// The history file as written: `{"hukou_city": …, "periods": [...]}`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct HistoryInput {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hukou_city: Option<String>,
    #[serde(default)]
    pub periods: Vec<PeriodInput>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct PeriodInput {
    pub city: String,
    pub kind: String,
    pub from: String,
    /// Null or absent: ongoing up to the evaluation month.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub back_paid: bool,
    /// Free text for the person's own use (an employer, an address); ignored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

crate::history::read::objects_only!(HistoryInput, PeriodInput);

/// A validated history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct History {
    pub hukou_city: Option<CityIdx>,
    pub periods: Vec<Period>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    pub city: CityIdx,
    pub kind: Kind,
    pub from: Month,
    /// `None`: ongoing.
    pub to: Option<Month>,
    pub back_paid: bool,
    /// Position in the input, for messages.
    pub index: usize,
}

impl Period {
    /// Last month covered when evaluating at `evaluation`.
    pub fn end(&self, evaluation: Month) -> Month {
        self.to.unwrap_or(evaluation)
    }
}

/// The largest history file read, in bytes (1 MiB): a real history is a few
/// kilobytes; a guard against pasted garbage, checked before any parsing.
pub const MAX_HISTORY_BYTES: usize = 1 << 20;

/// Parses a history from JSON text with the page's reader
/// ([`read::read_history`], over the parsed `serde_json::Value`), so the
/// command line and the page give the same messages. A UTF-8 byte-order mark
/// (Windows Notepad writes one) is skipped; anything but whitespace after
/// the object is an error, so that two histories pasted into one file are
/// refused rather than half read. Text over [`MAX_HISTORY_BYTES`] is refused
/// unread, and more than [`MAX_PERIODS`] periods before any is read.
pub fn parse_json(text: &str) -> Result<HistoryInput, InputError> {
    if text.len() > MAX_HISTORY_BYTES {
        return Err(InputError::new(
            "",
            Problem::TooLarge {
                max: MAX_HISTORY_BYTES,
            },
        ));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(InputError::malformed("", "the file is empty"));
    }
    let syntax = |err: serde_json::Error| {
        InputError::malformed("", crate::error::escaped(&err.to_string(), 300))
    };
    let de = &mut serde_json::Deserializer::from_str(text);
    let value = <serde_json::Value as Deserialize>::deserialize(&mut *de).map_err(syntax)?;
    de.end().map_err(syntax)?;
    let count = value
        .get("periods")
        .and_then(serde_json::Value::as_array)
        .map_or(0, Vec::len);
    if count > MAX_PERIODS {
        return Err(too_many_periods(count));
    }
    read::read_history(&&value)
}

fn too_many_periods(count: usize) -> InputError {
    InputError::new(
        "periods",
        Problem::TooManyPeriods {
            count,
            max: MAX_PERIODS,
        },
    )
}

/// Checks every field and reports every problem, not just the first.
pub fn validate(
    input: &HistoryInput,
    rules: &RuleSet,
    evaluation: Month,
) -> Result<History, Vec<InputError>> {
    let mut errors = Vec::new();
    if let Some(version) = input.version.filter(|&v| v != FORMAT_VERSION) {
        errors.push(InputError::new(
            "version",
            Problem::UnsupportedVersion {
                value: version,
                supported: FORMAT_VERSION,
            },
        ));
    }
    if input.periods.len() > MAX_PERIODS {
        errors.push(too_many_periods(input.periods.len()));
        return Err(errors);
    }
    let hukou_city = hukou_city(input, rules, &mut errors);
    let periods: Vec<Period> = (input.periods.iter().enumerate())
        .filter_map(|(index, raw)| period(index, raw, rules, evaluation, &mut errors))
        .collect();
    if errors.is_empty() {
        Ok(History {
            hukou_city,
            periods,
        })
    } else {
        Err(errors)
    }
}

/// The hukou city; blank is none.
fn hukou_city(
    input: &HistoryInput,
    rules: &RuleSet,
    errors: &mut Vec<InputError>,
) -> Option<CityIdx> {
    let text = input.hukou_city.as_deref()?;
    if text.trim().is_empty() {
        return None;
    }
    let city = rules.city_by_name(text);
    if city.is_none() {
        errors.push(unknown_city("hukou_city", text));
    }
    city
}

/// One period, or `None` with every problem in it pushed.
fn period(
    index: usize,
    raw: &PeriodInput,
    rules: &RuleSet,
    evaluation: Month,
    errors: &mut Vec<InputError>,
) -> Option<Period> {
    let at = |field: &str| [&read::index_path("periods", index), ".", field].concat();
    let city = rules.city_by_name(&raw.city);
    if city.is_none() {
        errors.push(unknown_city(&at("city"), &raw.city));
    }
    let kind = Kind::parse(&raw.kind);
    if kind.is_none() {
        errors.push(InputError::new(
            at("kind"),
            Problem::UnknownKind {
                value: raw.kind.clone(),
            },
        ));
    }
    let from = month_field(&raw.from, || at("from"), evaluation, errors);
    // Some(None): ongoing; None: not a usable month (reported).
    let to = match raw.to.as_deref() {
        None => Some(None),
        Some(text) => month_field(text, || at("to"), evaluation, errors).map(Some),
    };
    if let (Some(from), Some(Some(to))) = (from, to) {
        if to < from {
            errors.push(InputError::new(
                at("to"),
                Problem::ReversedPeriod { from, to },
            ));
        }
    }
    if raw.back_paid && raw.to.is_none() {
        errors.push(InputError::new(at("back_paid"), Problem::BackPaidOngoing));
    }
    Some(Period {
        city: city?,
        kind: kind?,
        from: from?,
        to: to?,
        back_paid: raw.back_paid,
        index,
    })
}

fn unknown_city(path: &str, text: &str) -> InputError {
    InputError::new(
        path,
        Problem::UnknownCity {
            value: text.to_string(),
        },
    )
}

/// A month field; `None` (with an error pushed) when it is not a month or it is
/// after the evaluation month.
fn month_field(
    text: &str,
    path: impl Fn() -> String,
    evaluation: Month,
    errors: &mut Vec<InputError>,
) -> Option<Month> {
    match Month::parse_in_range(text) {
        Err(bound) => {
            errors.push(InputError::new(path(), month_problem(text, bound)));
            None
        }
        Ok(month) if month > evaluation => {
            errors.push(InputError::new(
                path(),
                Problem::FutureMonth {
                    value: month,
                    evaluation_month: evaluation,
                },
            ));
            None
        }
        Ok(month) => Some(month),
    }
}

/// Why `text` is not a usable month: not one, or outside the supported ones.
pub(crate) fn month_problem(text: &str, bound: Option<Month>) -> Problem {
    let value = text.to_string();
    match bound {
        None => Problem::BadMonth { value },
        Some(bound) => Problem::MonthOutOfRange { value, bound },
    }
}
