//! Errors about input: a history, the options of a check, or rules data.
//!
//! One error type, [`InputError`]: where (a field path such as
//! `periods[3].to`, and the file for rules data and files the command line
//! reads) and what ([`Problem`], whose variants carry the offending value and
//! the bound as typed fields). Every message is written here, in one
//! `Display`, lowercase without a trailing period, in the style of
//! `periods[3].to: "2021-13" is not a month (YYYY-MM)`. Callers branch on
//! [`InputError::kind`] and the fields, never on the message.
//!
//! Serialized natively, an error is its problem's typed fields with a `kind`
//! tag, its `path` and its `file`. The page gets [`ErrorView`]: the kind, the
//! path, the message and the fields it branches on, which costs the
//! WebAssembly far less than serializing every rules problem.

use std::fmt;

use serde::Serialize;

use crate::month::{Date, Month};
use crate::rules::{Basis, Kind};

/// The kind of an error: the `kind` tag of its serialized form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ErrorKind {
    /// Not valid JSON, or a value of the wrong type, or an unknown key.
    Malformed,
    /// A month that is not `YYYY-MM`, or outside the supported months.
    BadMonth,
    /// `to` before `from`.
    ReversedPeriod,
    /// A month after the evaluation month.
    FutureMonth,
    /// A city that is neither a known id nor a known GB/T 2260 code.
    UnknownCity,
    /// A `kind` other than `social_insurance` / `residence`.
    UnknownKind,
    /// `back_paid` on an ongoing period (months not yet due cannot be back-paid).
    BackPaidOngoing,
    /// More periods than the checker accepts.
    TooManyPeriods,
    /// A file larger than the checker reads.
    TooLarge,
    /// A history format version this checker does not read.
    UnsupportedVersion,
    /// A bad option of the check itself (evaluation date, what-if).
    BadOption,
    /// Rules data that fails validation.
    InvalidRules,
}

impl ErrorKind {
    /// Every kind, in declaration order.
    pub const ALL: [ErrorKind; 12] = [
        ErrorKind::Malformed,
        ErrorKind::BadMonth,
        ErrorKind::ReversedPeriod,
        ErrorKind::FutureMonth,
        ErrorKind::UnknownCity,
        ErrorKind::UnknownKind,
        ErrorKind::BackPaidOngoing,
        ErrorKind::TooManyPeriods,
        ErrorKind::TooLarge,
        ErrorKind::UnsupportedVersion,
        ErrorKind::BadOption,
        ErrorKind::InvalidRules,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Malformed => "malformed",
            ErrorKind::BadMonth => "bad_month",
            ErrorKind::ReversedPeriod => "reversed_period",
            ErrorKind::FutureMonth => "future_month",
            ErrorKind::UnknownCity => "unknown_city",
            ErrorKind::UnknownKind => "unknown_kind",
            ErrorKind::BackPaidOngoing => "back_paid_ongoing",
            ErrorKind::TooManyPeriods => "too_many_periods",
            ErrorKind::TooLarge => "too_large",
            ErrorKind::UnsupportedVersion => "unsupported_version",
            ErrorKind::BadOption => "bad_option",
            ErrorKind::InvalidRules => "invalid_rules",
        }
    }
}

/// One problem, with where it is.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Serialize))]
#[non_exhaustive]
pub struct InputError {
    #[cfg_attr(not(target_arch = "wasm32"), serde(flatten))]
    pub problem: Problem,
    /// Field path inside the document (`periods[3].to`); empty for the whole
    /// document.
    pub path: String,
    /// The file, for rules data and for files the command line reads.
    #[cfg_attr(
        not(target_arch = "wasm32"),
        serde(skip_serializing_if = "Option::is_none")
    )]
    pub file: Option<String>,
}

/// What is wrong, with the facts of it.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Serialize))]
#[cfg_attr(
    not(target_arch = "wasm32"),
    serde(tag = "kind", rename_all = "snake_case")
)]
#[non_exhaustive]
pub enum Problem {
    /// The document's structure: not JSON, a wrong type, a missing or an
    /// unknown key. `detail` is the reader's own description.
    Malformed {
        detail: String,
    },
    BadMonth {
        value: String,
    },
    /// A month written right but before 1950-01 or after 2200-12: `bound`
    /// is the supported month nearest to it.
    MonthOutOfRange {
        value: String,
        bound: Month,
    },
    ReversedPeriod {
        from: Month,
        to: Month,
    },
    FutureMonth {
        value: Month,
        evaluation_month: Month,
    },
    UnknownCity {
        value: String,
    },
    UnknownKind {
        value: String,
    },
    BackPaidOngoing,
    TooManyPeriods {
        count: usize,
        max: usize,
    },
    /// More bytes than `max`.
    TooLarge {
        max: usize,
    },
    UnsupportedVersion {
        value: u32,
        supported: u32,
    },
    BadOption(OptionProblem),
    InvalidRules(RulesProblem),
}

/// A bad option of a check.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Serialize))]
#[cfg_attr(
    not(target_arch = "wasm32"),
    serde(tag = "problem", rename_all = "snake_case")
)]
#[non_exhaustive]
pub enum OptionProblem {
    /// The evaluation date is not `YYYY-MM-DD`.
    NotADate { value: String },
    /// The evaluation date is written right but outside the supported
    /// dates: `bound` is the supported date nearest to it.
    DateOutOfRange { value: String, bound: Date },
    /// A what-if must start after the evaluation month.
    NotAfterEvaluation {
        value: Month,
        evaluation_month: Month,
    },
    /// A what-if starts implausibly far ahead.
    TooFarAhead {
        value: Month,
        evaluation_month: Month,
        max_years: u32,
    },
    /// A what-if names an empty list of kinds.
    NoKinds,
}

/// What makes rules data invalid.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Serialize))]
#[cfg_attr(
    not(target_arch = "wasm32"),
    serde(tag = "problem", rename_all = "snake_case")
)]
#[non_exhaustive]
pub enum RulesProblem {
    /// The file's structure, as the JSON reader describes it.
    Structure {
        detail: String,
    },
    NotARulesFile,
    GazetteerMissing,
    /// The bundle could not be read.
    NotABundle {
        detail: String,
    },
    NotAnId {
        value: String,
    },
    NotARouteId {
        value: String,
    },
    NotACode {
        value: String,
    },
    NotInGazetteer {
        value: String,
    },
    /// An id or code that another entity of the same sort already uses.
    Taken {
        value: String,
        by: Owner,
    },
    AlreadyHasRules {
        value: String,
        file: String,
    },
    FileName {
        value: String,
        expected: String,
    },
    Empty,
    /// A list or field that must not be empty.
    Needs {
        what: Needed,
    },
    NotAUrl {
        value: String,
    },
    VerifiedBeforePublished {
        verified_on: Date,
        published: Date,
    },
    EndsBeforeStart {
        from: Date,
        until: Date,
    },
    Unsorted {
        from: Date,
        previous: Date,
    },
    OpenEndedOverlap {
        next: usize,
        from: Date,
    },
    Overlaps {
        from: Date,
        previous_until: Date,
    },
    EmptyHukouIn,
    RequiredTwice {
        kind: Kind,
    },
    ZeroMonths,
    GapsInCumulative,
    LocalMinimumWithLocalOnly,
    LocalMinimumExceeds {
        local: u32,
        required: u32,
    },
    DependsOnItself,
    ListedTwice {
        value: String,
    },
    KindListedTwice,
    /// The ratio as written (a string, so that messages need no float
    /// printing in the page's WebAssembly).
    NotARatio {
        value: String,
    },
    ZeroCap,
    /// A route whose basis is not about years has year requirements, or a
    /// route of year thresholds has none.
    BasisAndRequirements {
        basis: Basis,
    },
    PartListedTwice,
    /// `pilot_until` outside the version's own span.
    PilotEndOutside {
        pilot_until: Date,
    },
    /// A points block with neither a score needed nor a quota.
    NoAdmission,
    ZeroPoints,
    ScoredTwice {
        kind: Kind,
    },
    RangeReversed {
        min: u32,
        max: u32,
    },
    /// The score as written (a string: no float printing in the module).
    NotAScore {
        value: String,
    },
    /// A clause names a source the version does not list.
    NoSuchSource {
        index: u32,
        sources: usize,
    },
    /// A version with unknown thresholds that still states some.
    UnknownWithThresholds,
    /// `unsourced_members` names a city that is not a member.
    NotAMember {
        value: String,
    },
}

/// Who already uses an id or code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Serialize))]
#[cfg_attr(not(target_arch = "wasm32"), serde(rename_all = "snake_case"))]
pub enum Owner {
    City,
    Region,
    Route,
    Agreement,
}

/// What a rules document must have at least one of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Serialize))]
#[cfg_attr(not(target_arch = "wasm32"), serde(rename_all = "snake_case"))]
pub enum Needed {
    SourceTitle,
    SourceIssuer,
    RegionMember,
    CityRoute,
    RouteVersion,
    AgreementVersion,
    ListedCity,
    AgreementKind,
    Source,
    /// A requirement without a clause, its months not marked assumed.
    RequirementClause,
}

/// An error as the page gets it: the kind, where, the message in English, and
/// the offending values it may branch on (never on the message).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ErrorView {
    pub kind: ErrorKind,
    pub path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    pub file: Option<String>,
    pub message: String,
    /// The offending value as text: a month, a city, a kind as it was given
    /// (over 64 characters, its first 60 and `…`); a reversed period's end;
    /// the number of periods; the version.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    pub value: Option<String>,
    /// The bound the value passed: the evaluation month, a reversed period's
    /// start, the most periods accepted, the version supported, the supported
    /// month or date nearest to one outside them (`1950-01`, `2200-12`), the
    /// most bytes a file may have.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    pub bound: Option<String>,
}

impl From<&InputError> for ErrorView {
    fn from(error: &InputError) -> Self {
        let (value, bound) = match &error.problem {
            Problem::BadMonth { value }
            | Problem::UnknownCity { value }
            | Problem::UnknownKind { value }
            | Problem::BadOption(OptionProblem::NotADate { value }) => (Some(value.clone()), None),
            Problem::MonthOutOfRange { value, bound } => (Some(value.clone()), Some(bound.text())),
            Problem::BadOption(OptionProblem::DateOutOfRange { value, bound }) => {
                (Some(value.clone()), Some(bound.text()))
            }
            Problem::TooLarge { max } => (None, Some(decimal(*max as u64))),
            Problem::ReversedPeriod { to, from } => (Some(to.text()), Some(from.text())),
            Problem::FutureMonth {
                value,
                evaluation_month,
            }
            | Problem::BadOption(
                OptionProblem::NotAfterEvaluation {
                    value,
                    evaluation_month,
                }
                | OptionProblem::TooFarAhead {
                    value,
                    evaluation_month,
                    ..
                },
            ) => (Some(value.text()), Some(evaluation_month.text())),
            Problem::TooManyPeriods { count, max } => {
                (Some(decimal(*count as u64)), Some(decimal(*max as u64)))
            }
            Problem::UnsupportedVersion { value, supported } => (
                Some(decimal((*value).into())),
                Some(decimal((*supported).into())),
            ),
            _ => (None, None),
        };
        ErrorView {
            kind: error.kind(),
            path: error.path.clone(),
            file: error.file.clone(),
            message: error.message(),
            value: value.map(|value| cut(&value)),
            bound,
        }
    }
}

impl InputError {
    pub fn new(path: impl Into<String>, problem: Problem) -> Self {
        InputError {
            problem,
            path: path.into(),
            file: None,
        }
    }

    /// A rules error at `path`.
    pub fn rules(path: impl Into<String>, problem: RulesProblem) -> Self {
        InputError::new(path, Problem::InvalidRules(problem))
    }

    /// A bad option at `path`.
    pub fn option(path: impl Into<String>, problem: OptionProblem) -> Self {
        InputError::new(path, Problem::BadOption(problem))
    }

    /// A structural error with the reader's own description.
    pub fn malformed(path: impl Into<String>, detail: impl Into<String>) -> Self {
        InputError::new(
            path,
            Problem::Malformed {
                detail: detail.into(),
            },
        )
    }

    pub fn in_file(mut self, file: impl Into<String>) -> Self {
        self.file = Some(file.into());
        self
    }

    pub fn kind(&self) -> ErrorKind {
        match self.problem {
            Problem::Malformed { .. } => ErrorKind::Malformed,
            Problem::BadMonth { .. } | Problem::MonthOutOfRange { .. } => ErrorKind::BadMonth,
            Problem::ReversedPeriod { .. } => ErrorKind::ReversedPeriod,
            Problem::FutureMonth { .. } => ErrorKind::FutureMonth,
            Problem::UnknownCity { .. } => ErrorKind::UnknownCity,
            Problem::UnknownKind { .. } => ErrorKind::UnknownKind,
            Problem::BackPaidOngoing => ErrorKind::BackPaidOngoing,
            Problem::TooManyPeriods { .. } => ErrorKind::TooManyPeriods,
            Problem::TooLarge { .. } => ErrorKind::TooLarge,
            Problem::UnsupportedVersion { .. } => ErrorKind::UnsupportedVersion,
            Problem::BadOption(_) => ErrorKind::BadOption,
            Problem::InvalidRules(_) => ErrorKind::InvalidRules,
        }
    }

    /// The message without the file and path.
    pub fn message(&self) -> String {
        let mut out = String::new();
        self.problem.push_message(&mut out);
        out
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{file}: ")?;
        }
        if !self.path.is_empty() {
            write!(f, "{}: ", self.path)?;
        }
        write!(f, "{}", self.problem)
    }
}

impl std::error::Error for InputError {}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::new();
        self.push_message(&mut out);
        f.write_str(&out)
    }
}

/// Pushes each piece in turn: messages are put together without the
/// formatting machinery, which the page's WebAssembly is smaller without.
pub(crate) fn push_all(out: &mut String, pieces: &[&str]) {
    for piece in pieces {
        out.push_str(piece);
    }
}

impl Problem {
    /// The message, appended to `out`.
    pub fn push_message(&self, out: &mut String) {
        match self {
            Problem::Malformed { detail } => out.push_str(detail),
            Problem::BadMonth { value } => {
                push_all(out, &[&quoted(value), " is not a month (YYYY-MM)"])
            }
            Problem::MonthOutOfRange { value, .. } => push_all(
                out,
                &[
                    &quoted(value),
                    " is outside the supported months ",
                    &Month::FIRST.text(),
                    " to ",
                    &Month::LAST.text(),
                ],
            ),
            Problem::ReversedPeriod { from, to } => push_all(
                out,
                &[
                    "the period ends (",
                    &to.text(),
                    ") before it starts (",
                    &from.text(),
                    ")",
                ],
            ),
            Problem::FutureMonth {
                value,
                evaluation_month,
            } => push_all(
                out,
                &[
                    &value.text(),
                    " is after the evaluation month ",
                    &evaluation_month.text(),
                ],
            ),
            Problem::UnknownCity { value } => push_all(
                out,
                &[
                    &quoted(value),
                    " is not a known city id, GB/T 2260 code or Chinese name",
                ],
            ),
            Problem::UnknownKind { value } => push_all(
                out,
                &[
                    &quoted(value),
                    " is not a kind (social_insurance or residence)",
                ],
            ),
            Problem::BackPaidOngoing => out.push_str(
                "an ongoing period cannot be back-paid: give the last back-paid month in \"to\"",
            ),
            Problem::TooManyPeriods { count, max } => push_all(
                out,
                &[
                    &decimal(*count as u64),
                    " periods is more than the ",
                    &decimal(*max as u64),
                    " this checker accepts",
                ],
            ),
            Problem::TooLarge { max } => push_all(
                out,
                &[
                    "the file is larger than the ",
                    &decimal(*max as u64),
                    " bytes this checker reads",
                ],
            ),
            Problem::UnsupportedVersion { value, supported } => push_all(
                out,
                &[
                    "history format version ",
                    &decimal((*value).into()),
                    " is not supported (this checker reads version ",
                    &decimal((*supported).into()),
                    ")",
                ],
            ),
            Problem::BadOption(problem) => problem.push_message(out),
            Problem::InvalidRules(problem) => problem.push_message(out),
        }
    }
}

impl fmt::Display for OptionProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::new();
        self.push_message(&mut out);
        f.write_str(&out)
    }
}

impl OptionProblem {
    /// The message, appended to `out`.
    pub fn push_message(&self, out: &mut String) {
        match self {
            OptionProblem::NotADate { value } => {
                push_all(out, &[&quoted(value), " is not a date (YYYY-MM-DD)"])
            }
            OptionProblem::DateOutOfRange { value, .. } => push_all(
                out,
                &[
                    &quoted(value),
                    " is outside the supported dates ",
                    &Date::first().text(),
                    " to ",
                    &Date::last().text(),
                ],
            ),
            OptionProblem::NotAfterEvaluation {
                value,
                evaluation_month,
            } => push_all(
                out,
                &[
                    &value.text(),
                    " is not after the evaluation month ",
                    &evaluation_month.text(),
                ],
            ),
            OptionProblem::TooFarAhead {
                value,
                evaluation_month,
                max_years,
            } => push_all(
                out,
                &[
                    &value.text(),
                    " is more than ",
                    &decimal((*max_years).into()),
                    " years after the evaluation month ",
                    &evaluation_month.text(),
                ],
            ),
            OptionProblem::NoKinds => {
                out.push_str("name at least one kind, or leave kinds out for both")
            }
        }
    }
}

impl fmt::Display for RulesProblem {
    /// The page's WebAssembly reads only bundles that passed validation, so
    /// it meets just the problems of reading a bundle; the rest of the
    /// validator's wording stays out of the module.
    #[cfg(target_arch = "wasm32")]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::new();
        self.push_message(&mut out);
        f.write_str(&out)
    }

    #[cfg(not(target_arch = "wasm32"))]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use RulesProblem as P;
        let mut out = String::new();
        if self.push_reading(&mut out) {
            return f.write_str(&out);
        }
        match self {
            P::Structure { .. } | P::NotABundle { .. } | P::NotInGazetteer { .. } => Ok(()),
            P::NotARulesFile => f.write_str(
                "not a rules file: expected gazetteer.json, cities/<id>.json or agreements/<id>.json",
            ),
            P::GazetteerMissing => f.write_str("gazetteer.json is missing"),
            P::NotAnId { value } => write!(
                f,
                "{} is not an id (lowercase pinyin letters only)",
                quoted(value)
            ),
            P::NotARouteId { value } => write!(
                f,
                "{} is not a route id (lowercase letters and _)",
                quoted(value)
            ),
            P::NotACode { value } => {
                write!(f, "{} is not a six-digit GB/T 2260 code", quoted(value))
            }
            P::Taken { value, by } => {
                let by = match by {
                    Owner::City => "city",
                    Owner::Region => "region",
                    Owner::Route => "route of this city",
                    Owner::Agreement => "agreement",
                };
                write!(f, "{} is used by another {by}", quoted(value))
            }
            P::AlreadyHasRules { value, file } => {
                write!(f, "{} already has rules in {file}", quoted(value))
            }
            P::FileName { value, expected } => write!(
                f,
                "{} does not match the file name (expected {expected})",
                quoted(value)
            ),
            P::Empty => f.write_str("must not be empty"),
            P::Needs { what } => f.write_str(match what {
                Needed::SourceTitle => "a source needs a title",
                Needed::SourceIssuer => "a source needs an issuer",
                Needed::RegionMember => "a region needs at least one member",
                Needed::CityRoute => "a city needs at least one route",
                Needed::RouteVersion => "a route needs at least one version",
                Needed::AgreementVersion => "an agreement needs at least one version",
                Needed::ListedCity => "must name at least one city",
                Needed::AgreementKind => "an agreement must cover at least one kind",
                Needed::Source => "a version needs at least one source",
                Needed::RequirementClause => "a requirement needs the clause it encodes (quote and location), or \"months\" in assumed",
            }),
            P::NotAUrl { value } => write!(f, "{} is not an http(s) URL", quoted(value)),
            P::VerifiedBeforePublished {
                verified_on,
                published,
            } => write!(
                f,
                "verified on {verified_on}, before the source was published ({published})"
            ),
            P::EndsBeforeStart { from, until } => {
                write!(f, "{until} is before effective_from {from}")
            }
            P::Unsorted { from, previous } => write!(
                f,
                "{from} is not after the previous version's effective_from {previous}: versions must be sorted"
            ),
            P::OpenEndedOverlap { next, from } => write!(
                f,
                "the version is open-ended but version {next} starts on {from}: versions overlap"
            ),
            P::Overlaps {
                from,
                previous_until,
            } => write!(
                f,
                "{from} overlaps the previous version, in force until {previous_until}"
            ),
            P::EmptyHukouIn => f.write_str("an empty list admits nobody: use null for anyone"),
            P::RequiredTwice { kind } => {
                write!(f, "{} is required twice in one version", kind.as_str())
            }
            P::ZeroMonths => f.write_str("0 months is no requirement: leave the requirement out"),
            P::GapsInCumulative => f.write_str("gaps are tolerated only in continuous counting"),
            P::LocalMinimumWithLocalOnly => f.write_str(
                "with local_only recognition every month is local: leave min_local_months out",
            ),
            P::LocalMinimumExceeds { local, required } => write!(
                f,
                "{local} local months exceed the {required} months required"
            ),
            P::DependsOnItself => f.write_str("a kind cannot depend on itself"),
            P::ListedTwice { value } => write!(f, "{} is listed twice", quoted(value)),
            P::KindListedTwice => f.write_str("a kind is listed twice"),
            P::NotARatio { value } => write!(f, "{value} is not a ratio in (0, 1]"),
            P::ZeroCap => f.write_str("a cap of 0 recognises nothing: leave the city out instead"),
            P::BasisAndRequirements { basis } => f.write_str(match basis {
                Basis::Years => "a route of year thresholds needs at least one requirement",
                _ => "a route whose basis is not about years has no year requirements: leave them out or use basis \"years\" or \"points\"",
            }),
            P::PartListedTwice => f.write_str("a part is listed twice"),
            P::PilotEndOutside { pilot_until } => write!(
                f,
                "the pilot end {pilot_until} is outside the version's effective_from..effective_until"
            ),
            P::NoAdmission => {
                f.write_str("a points block needs the score needed, or quota: true, or both")
            }
            P::ZeroPoints => f.write_str("0 points scores nothing: leave it out"),
            P::ScoredTwice { kind } => {
                write!(f, "{} is scored twice in one points block", kind.as_str())
            }
            P::RangeReversed { min, max } => write!(f, "min {min} is above max {max}"),
            P::NotAScore { value } => write!(f, "{value} is not a score above 0"),
            P::NoSuchSource { index, sources } => write!(
                f,
                "source {index} is not in the version's sources (0..{sources})"
            ),
            P::UnknownWithThresholds => f.write_str(
                "a version whose thresholds are unknown has no requirements and no points",
            ),
            P::NotAMember { value } => {
                write!(f, "{} is not a member of the region", quoted(value))
            }
        }
    }
}

impl RulesProblem {
    /// The message, appended to `out`. The page's WebAssembly reads only
    /// bundles that passed validation, so it meets just the problems of
    /// reading a bundle; the rest of the validator's wording stays out of
    /// the module.
    pub fn push_message(&self, out: &mut String) {
        if self.push_reading(out) {
            return;
        }
        #[cfg(target_arch = "wasm32")]
        out.push_str("the rules are not valid");
        #[cfg(not(target_arch = "wasm32"))]
        out.push_str(&self.to_string());
    }

    /// The messages of the problems met in reading a bundle; false for any
    /// other problem, with nothing pushed.
    fn push_reading(&self, out: &mut String) -> bool {
        match self {
            RulesProblem::Structure { detail } => out.push_str(detail),
            RulesProblem::NotABundle { detail } => push_all(
                out,
                &["not a rules bundle written by this version (", detail, ")"],
            ),
            RulesProblem::NotInGazetteer { value } => {
                push_all(out, &[&quoted(value), " is not a city id in the gazetteer"])
            }
            _ => return false,
        }
        true
    }
}

/// A value longer than this many characters is cut in messages.
const QUOTED_MAX_CHARS: usize = 64;
/// How many characters of a cut value are kept.
const QUOTED_KEPT_CHARS: usize = 60;

/// `text` in double quotes, safe to show anywhere: a quote or a backslash
/// inside is escaped, and so is every character that is invisible or moves
/// other text (C0 and C1 controls, newlines, ESC, bidi overrides and
/// isolates, zero-width and other format characters), as `\u{1b}`. A value
/// longer than 64 characters keeps its first 60, then `…` and its length:
/// a 1 MB city name gives a short message. (Written by hand: the page's
/// WebAssembly is smaller without `Debug` string escaping.)
pub fn quoted(text: &str) -> String {
    let (kept, chars) = kept(text);
    let mut out = String::with_capacity(kept.len() + 2);
    out.push('"');
    for c in kept.chars() {
        push_escaped(&mut out, c);
    }
    if kept.len() < text.len() {
        out.push_str("…\" (");
        out.push_str(&decimal(chars as u64));
        out.push_str(" characters)");
    } else {
        out.push('"');
    }
    out
}

/// `text`, or when longer than 64 characters its first 60 and `…`.
pub fn cut(text: &str) -> String {
    let (kept, _) = kept(text);
    let mut out = kept.to_string();
    if kept.len() < text.len() {
        out.push('…');
    }
    out
}

/// The part of `text` a message keeps — all of it up to 64 characters,
/// otherwise the first 60 — and the number of characters in `text`.
fn kept(text: &str) -> (&str, usize) {
    let mut end_of_kept = text.len();
    let mut chars = 0;
    for (at, _) in text.char_indices() {
        if chars == QUOTED_KEPT_CHARS {
            end_of_kept = at;
        }
        chars += 1;
    }
    if chars <= QUOTED_MAX_CHARS {
        end_of_kept = text.len();
    }
    (text.get(..end_of_kept).unwrap_or(text), chars)
}

/// `text` with every invisible or text-moving character escaped as in
/// [`quoted`], without quotes, and cut after `max` characters: for messages
/// written by other readers (serde's), which may echo input.
pub fn escaped(text: &str, max: usize) -> String {
    let mut out = String::with_capacity(text.len().min(max * 4));
    for (i, c) in text.chars().enumerate() {
        if i == max {
            out.push('…');
            break;
        }
        if c == '"' || c == '\\' {
            out.push(c);
        } else {
            push_escaped(&mut out, c);
        }
    }
    out
}

/// Characters that are invisible, or reorder or move the text around them:
/// C0 and C1 controls and DEL (newlines, ESC), the soft hyphen, the Arabic
/// letter mark, zero-width characters and direction marks, line and
/// paragraph separators, bidi embeddings, overrides and isolates, other
/// invisible operators, the byte-order mark, and tag characters.
fn is_hidden(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{ad}' | '\u{61c}'
        | '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2060}'..='\u{206f}'
        | '\u{feff}' | '\u{e0000}'..='\u{e007f}')
}

fn push_escaped(out: &mut String, c: char) {
    if c == '"' || c == '\\' {
        out.push('\\');
        out.push(c);
    } else if is_hidden(c) {
        out.push_str("\\u{");
        let code = c as u32;
        let mut shift = 20;
        while shift > 0 && code >> shift == 0 {
            shift -= 4;
        }
        loop {
            out.push(char::from(
                b"0123456789abcdef"[(code >> shift & 0xf) as usize],
            ));
            if shift == 0 {
                break;
            }
            shift -= 4;
        }
        out.push('}');
    } else {
        out.push(c);
    }
}

/// `n` in decimal, without the formatting machinery.
pub(crate) fn decimal(n: u64) -> String {
    let mut out = String::new();
    crate::month::push_digits(&mut out, n, 1);
    out
}

/// Turns a serde error with its path into a structural error. Serde's own
/// messages ("invalid type: integer `3`, expected a string") are kept: they
/// are precise, and the path says where; but the Rust type names in them
/// become words ("expected u32": "expected a whole number"), and whatever
/// input they echo is escaped and cut as in [`quoted`].
pub(crate) fn from_serde<E: fmt::Display>(
    path: &serde_path_to_error::Path,
    err: E,
) -> (String, String) {
    let path = path.to_string();
    // "." is the whole document; "?" is a syntax error before any field.
    let path = if path == "." || path == "?" {
        String::new()
    } else {
        escaped(&path, SERDE_MAX_CHARS)
    };
    // serde_json appends " at line L column C"; keep it, it helps in files.
    let detail = plain_type_names(&err.to_string());
    (path, escaped(&detail, SERDE_MAX_CHARS))
}

/// The longest path or message from another reader kept in a message.
const SERDE_MAX_CHARS: usize = 300;

/// `message` with serde's names of Rust types ("u32", "struct Version",
/// "a string" stays) replaced by words.
fn plain_type_names(message: &str) -> String {
    const NAMES: &[(&str, &str)] = &[
        ("u8", "a whole number"),
        ("u16", "a whole number"),
        ("u32", "a whole number"),
        ("u64", "a whole number"),
        ("u128", "a whole number"),
        ("usize", "a whole number"),
        ("i8", "a whole number"),
        ("i16", "a whole number"),
        ("i32", "a whole number"),
        ("i64", "a whole number"),
        ("i128", "a whole number"),
        ("isize", "a whole number"),
        ("f32", "a number"),
        ("f64", "a number"),
        ("char", "a character"),
        ("unit", "null"),
    ];
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(at) = rest.find("expected ") {
        let (head, tail) = rest.split_at(at + "expected ".len());
        out.push_str(head);
        let word_end = tail
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(tail.len());
        let word = &tail[..word_end];
        if let Some((_, plain)) = NAMES.iter().find(|(name, _)| *name == word) {
            out.push_str(plain);
            rest = &tail[word_end..];
            continue;
        }
        // "struct Name", "tuple struct Name", "newtype struct Name", "enum Name".
        let shape = [
            "struct ",
            "tuple struct ",
            "newtype struct ",
            "enum ",
            "unit struct ",
        ]
        .iter()
        .find(|prefix| tail.starts_with(**prefix));
        match shape {
            Some(prefix) => {
                let after = &tail[prefix.len()..];
                let name_end = after
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .unwrap_or(after.len());
                out.push_str(match *prefix {
                    "struct " => "a map",
                    "tuple struct " => "a sequence",
                    "unit struct " => "null",
                    _ => "a known name",
                });
                rest = &after[name_end..];
            }
            None => rest = tail,
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_escapes_what_would_hide_or_move_text() {
        assert_eq!(quoted("nanjing"), r#""nanjing""#);
        assert_eq!(quoted(r#"a"b\c"#), r#""a\"b\\c""#);
        assert_eq!(quoted("南京市"), "\"南京市\"");
        assert_eq!(quoted("a\nb\tc\0"), r#""a\u{a}b\u{9}c\u{0}""#);
        assert_eq!(quoted("\u{1b}[31mred"), r#""\u{1b}[31mred""#);
        assert_eq!(quoted("\u{85}\u{9f}\u{7f}"), r#""\u{85}\u{9f}\u{7f}""#);
        for (c, code) in [
            ('\u{202a}', "202a"),
            ('\u{202e}', "202e"),
            ('\u{2066}', "2066"),
            ('\u{2069}', "2069"),
            ('\u{200b}', "200b"),
            ('\u{200f}', "200f"),
            ('\u{feff}', "feff"),
            ('\u{2028}', "2028"),
            ('\u{e0041}', "e0041"),
        ] {
            assert_eq!(quoted(&format!("x{c}y")), format!("\"x\\u{{{code}}}y\""));
        }
    }

    #[test]
    fn quoted_cuts_a_long_value_and_gives_its_length() {
        let exactly = "a".repeat(64);
        assert_eq!(quoted(&exactly), format!("\"{exactly}\""));
        let long = "城".repeat(1_000_000);
        let message = quoted(&long);
        assert_eq!(
            message,
            format!("\"{}…\" (1000000 characters)", "城".repeat(60))
        );
        // Escapes in the kept part are bounded too.
        assert!(quoted(&"\u{202e}".repeat(100)).len() < 60 * 9 + 40);
    }

    #[test]
    fn serde_messages_name_no_rust_types() {
        for (serde, plain) in [
            (
                "invalid type: string \"x\", expected u32",
                "invalid type: string \"x\", expected a whole number",
            ),
            (
                "invalid value: integer `-1`, expected u32 at line 1 column 3",
                "invalid value: integer `-1`, expected a whole number at line 1 column 3",
            ),
            (
                "invalid type: sequence, expected struct CityRules",
                "invalid type: sequence, expected a map",
            ),
            (
                "invalid type: string \"1\", expected f64",
                "invalid type: string \"1\", expected a number",
            ),
            (
                "invalid type: integer `3`, expected a string",
                "invalid type: integer `3`, expected a string",
            ),
            (
                "unknown field `x`, expected one of `u32`",
                "unknown field `x`, expected one of `u32`",
            ),
        ] {
            assert_eq!(plain_type_names(serde), plain);
        }
    }
}
