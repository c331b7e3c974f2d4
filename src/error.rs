//! Errors about input: a history, the options of a check, or rules data.
//!
//! Every error names what is wrong and where (a field path such as
//! `periods[3].to`), and carries a kind the page can branch on. Messages are
//! lowercase without a trailing period, in the style of `periods[3].to: "2021-13"
//! is not a month (YYYY-MM)`.

use std::fmt;

use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// Not valid JSON, or a value of the wrong type, or an unknown key.
    Malformed,
    /// A month that is not `YYYY-MM`, or a date that is not `YYYY-MM-DD`.
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
    /// A history format version this checker does not read.
    UnsupportedVersion,
    /// A bad option of the check itself (evaluation date, what-if).
    BadOption,
    /// Rules data that fails validation.
    InvalidRules,
}

impl ErrorKind {
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
            ErrorKind::UnsupportedVersion => "unsupported_version",
            ErrorKind::BadOption => "bad_option",
            ErrorKind::InvalidRules => "invalid_rules",
        }
    }
}

/// One problem, with where it is. `file` is set for rules data and for files
/// the command line reads.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct InputError {
    pub kind: ErrorKind,
    /// Field path inside the document (`periods[3].to`); empty for the whole
    /// document.
    pub path: String,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
}

impl InputError {
    pub fn new(kind: ErrorKind, path: impl Into<String>, message: impl Into<String>) -> Self {
        InputError {
            kind,
            path: path.into(),
            message: message.into(),
            file: None,
        }
    }

    pub fn in_file(mut self, file: impl Into<String>) -> Self {
        self.file = Some(file.into());
        self
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{file}: ")?;
        }
        if self.path.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for InputError {}

/// `text` in double quotes, as `{:?}` would print it for ordinary text. A
/// backslash or a quote inside is escaped; other characters are kept. (The
/// page's WebAssembly is smaller without `Debug` string escaping.)
pub fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// Turns a serde error with its path into an [`InputError`]. Serde's own
/// messages ("invalid type: integer `3`, expected a string") are kept: they
/// are precise, and the path says where.
pub(crate) fn from_serde<E: fmt::Display>(path: &serde_path_to_error::Path, err: E) -> InputError {
    let path = path.to_string();
    // "." is the whole document; "?" is a syntax error before any field.
    let path = if path == "." || path == "?" {
        String::new()
    } else {
        path
    };
    let message = err.to_string();
    // serde_json appends " at line L column C"; keep it, it helps in files.
    let kind = if message.contains("is not a month") || message.contains("is not a date") {
        ErrorKind::BadMonth
    } else {
        ErrorKind::Malformed
    };
    InputError::new(kind, path, message)
}
