//! The WebAssembly boundary, and the only module that names `wasm_bindgen` or
//! `js_sys`.
//!
//! The rules come in as `rules.bin` (the bundle in postcard's binary form),
//! the history and the options as plain JS objects read field by field here,
//! and results go back as plain JS objects (serde-wasm-bindgen). Both inputs
//! avoid serde's self-describing deserialization, which was most of the
//! module's size. Nothing panics across the boundary: a value of the wrong
//! shape comes back as an error object `{kind, message, path}` like any other
//! input error, and the page supplies "today" (`options.as_of`), since the
//! core never reads the clock.

use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::error::{quoted, ErrorKind, InputError};
use crate::history::{HistoryInput, PeriodInput};
use crate::report::Report;
use crate::rules::Bundle;
use crate::rules::RuleSet;
use crate::{CheckOptions, WhatIfInput};

/// The rules, validated once; then any number of checks.
#[wasm_bindgen]
pub struct Checker {
    rules: RuleSet,
}

/// What `check` returns: `{ok: true, report}` or `{ok: false, errors}`.
#[derive(Serialize)]
struct Outcome<'a> {
    ok: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    report: Option<&'a Report>,
    #[serde(skip_serializing_if = "Option::is_none")]
    errors: Option<&'a [InputError]>,
}

/// What the constructor throws: the first error's fields, for callers that
/// read one, and every error.
#[derive(Serialize)]
struct Thrown<'a> {
    kind: ErrorKind,
    message: &'a str,
    path: &'a str,
    file: Option<&'a str>,
    errors: &'a [InputError],
}

#[wasm_bindgen]
impl Checker {
    /// Reads the rules bundle in binary form (`rules.bin`, written by
    /// `hukou-years bundle` next to `rules.json`, already validated there).
    /// Throws `{kind: "invalid_rules", message, path, file, errors}` when the
    /// bytes are not such a bundle.
    #[wasm_bindgen(constructor)]
    pub fn new(bundle: &[u8]) -> Result<Checker, JsValue> {
        let rules = Bundle::from_bytes(bundle)
            .map_err(|error| vec![error])
            .and_then(RuleSet::from_validated_bundle)
            .map_err(|errors| thrown(&errors))?;
        Ok(Checker { rules })
    }

    /// The gazetteer document (cities, regions, codes source), for the
    /// page's city picker and labels.
    #[wasm_bindgen(unchecked_return_type = "Gazetteer")]
    pub fn gazetteer(&self) -> JsValue {
        to_js(&self.rules.gazetteer).unwrap_or_else(|error| js_error(&error))
    }

    /// Every agreement's id and names: `[{id, name_zh, name_en}]`.
    #[wasm_bindgen(unchecked_return_type = "AgreementName[]")]
    pub fn agreements(&self) -> JsValue {
        #[derive(Serialize)]
        struct Name<'a> {
            id: &'a str,
            name_zh: &'a str,
            name_en: &'a str,
        }
        let names: Vec<Name> = (self.rules.agreements.iter())
            .map(|a| Name {
                id: &a.doc.id,
                name_zh: &a.doc.name_zh,
                name_en: &a.doc.name_en,
            })
            .collect();
        to_js(&names).unwrap_or_else(|error| js_error(&error))
    }

    /// The version of the rules: `<latest verification date>.<hash>`.
    #[wasm_bindgen(getter)]
    pub fn rules_version(&self) -> String {
        self.rules.version.clone()
    }

    /// Checks a history. Never throws for bad input: returns
    /// `{ok: false, errors: [{kind, message, path}]}` instead. Errors about
    /// the options have paths that start with `options.`.
    #[wasm_bindgen(unchecked_return_type = "CheckResult")]
    pub fn check(
        &self,
        #[wasm_bindgen(unchecked_param_type = "History")] history: JsValue,
        #[wasm_bindgen(unchecked_param_type = "CheckOptions")] options: JsValue,
    ) -> JsValue {
        let mut errors = Vec::new();
        let history = read_history(&history)
            .map_err(|error| errors.push(error))
            .ok();
        let options = read_options(&options)
            .map_err(|error| errors.push(under_options(error)))
            .ok();
        let result = match (history, options) {
            (Some(history), Some(options)) => crate::check(&self.rules, &history, &options)
                .map_err(|errors| {
                    errors
                        .into_iter()
                        .map(|error| {
                            if is_option_path(&error.path) {
                                under_options(error)
                            } else {
                                error
                            }
                        })
                        .collect::<Vec<_>>()
                }),
            _ => Err(errors),
        };
        let outcome = match &result {
            Ok(report) => Outcome {
                ok: true,
                report: Some(report),
                errors: None,
            },
            Err(errors) => Outcome {
                ok: false,
                report: None,
                errors: Some(errors),
            },
        };
        to_js(&outcome).unwrap_or_else(|error| {
            let object = js_sys::Object::new();
            let errors = js_sys::Array::of1(&js_error(&error));
            let _ = js_sys::Reflect::set(&object, &"ok".into(), &JsValue::FALSE);
            let _ = js_sys::Reflect::set(&object, &"errors".into(), &errors);
            object.into()
        })
    }
}

/// Option errors from the core carry bare paths (`as_of`, `cities[0]`,
/// `what_if.from`); the page needs to tell them from history paths.
fn is_option_path(path: &str) -> bool {
    ["as_of", "cities", "what_if"].iter().any(|field| {
        path.strip_prefix(field)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
    })
}

fn under_options(mut error: InputError) -> InputError {
    error.path = if error.path.is_empty() {
        "options".to_string()
    } else {
        format!("options.{}", error.path)
    };
    error
}

// --- reading the history and the options -----------------------------------
//
// By hand rather than through serde: serde's derived visitors, its
// path-tracking wrapper and its error formatting (which pulls in float
// printing) were a third of the module. The messages are serde's own
// ("invalid type: integer `3`, expected a string", "missing field `from`",
// "unknown field `x`, expected one of …"), each with the path of its field.

const HISTORY_FIELDS: &[&str] = &["version", "hukou_city", "periods"];
const PERIOD_FIELDS: &[&str] = &["city", "kind", "from", "to", "back_paid", "note"];
const OPTION_FIELDS: &[&str] = &["as_of", "cities", "what_if"];
const WHAT_IF_FIELDS: &[&str] = &["city", "from", "kinds"];

type Read<T> = Result<T, InputError>;

fn read_history(value: &JsValue) -> Read<HistoryInput> {
    let object = Obj::new(value, "", HISTORY_FIELDS)?;
    let periods = match object.present("periods") {
        None => Vec::new(),
        Some((value, path)) => list(&value, &path, |item, path| {
            let period = Obj::new(item, path, PERIOD_FIELDS)?;
            Ok(PeriodInput {
                city: period.string("city")?,
                kind: period.string("kind")?,
                from: period.string("from")?,
                to: period.optional_string("to")?,
                back_paid: match period.present("back_paid") {
                    None => false,
                    Some((value, path)) => value
                        .as_bool()
                        .ok_or_else(|| invalid_type(&value, "a boolean", &path))?,
                },
                note: period.optional_string("note")?,
            })
        })?,
    };
    Ok(HistoryInput {
        version: match object.present("version") {
            None => None,
            Some((value, path)) => Some(read_u32(&value, &path)?),
        },
        hukou_city: object.optional_string("hukou_city")?,
        periods,
    })
}

fn read_options(value: &JsValue) -> Read<CheckOptions> {
    let object = Obj::new(value, "", OPTION_FIELDS)?;
    Ok(CheckOptions {
        as_of: object.string("as_of")?,
        cities: object.optional_strings("cities")?.unwrap_or_default(),
        what_if: match object.present("what_if") {
            None => None,
            Some((value, path)) => {
                let what_if = Obj::new(&value, &path, WHAT_IF_FIELDS)?;
                Some(WhatIfInput {
                    city: what_if.string("city")?,
                    from: what_if.string("from")?,
                    kinds: what_if.optional_strings("kinds")?,
                })
            }
        },
    })
}

/// An object whose keys are all known, at `path`.
struct Obj<'a> {
    value: &'a JsValue,
    path: &'a str,
}

impl<'a> Obj<'a> {
    fn new(value: &'a JsValue, path: &'a str, fields: &[&str]) -> Read<Obj<'a>> {
        if !value.is_object() || js_sys::Array::is_array(value) {
            return Err(invalid_type(value, "a map", path));
        }
        let object: &js_sys::Object = value.unchecked_ref();
        for key in js_sys::Object::keys(object).iter() {
            let key = key.as_string().unwrap_or_default();
            if !fields.contains(&key.as_str()) {
                let expected = match fields {
                    [] => "there are no fields".to_string(),
                    [one] => format!("expected `{one}`"),
                    [one, two] => format!("expected `{one}` or `{two}`"),
                    _ => format!("expected one of `{}`", fields.join("`, `")),
                };
                return Err(malformed(
                    join(path, &key),
                    format!("unknown field `{key}`, {expected}"),
                ));
            }
        }
        Ok(Obj { value, path })
    }

    /// A field's value and path; `None` when absent, `undefined` or `null`.
    fn present(&self, field: &str) -> Option<(JsValue, String)> {
        let value = js_sys::Reflect::get(self.value, &JsValue::from_str(field)).ok()?;
        (!value.is_undefined() && !value.is_null()).then(|| (value, join(self.path, field)))
    }

    fn string(&self, field: &str) -> Read<String> {
        self.optional_string(field)?
            .ok_or_else(|| malformed(self.path.to_string(), format!("missing field `{field}`")))
    }

    fn optional_string(&self, field: &str) -> Read<Option<String>> {
        self.present(field)
            .map(|(value, path)| text(&value, &path))
            .transpose()
    }

    fn optional_strings(&self, field: &str) -> Read<Option<Vec<String>>> {
        self.present(field)
            .map(|(value, path)| list(&value, &path, text))
            .transpose()
    }
}

fn text(value: &JsValue, path: &str) -> Read<String> {
    value
        .as_string()
        .ok_or_else(|| invalid_type(value, "a string", path))
}

fn list<T>(value: &JsValue, path: &str, item: impl Fn(&JsValue, &str) -> Read<T>) -> Read<Vec<T>> {
    if !js_sys::Array::is_array(value) {
        return Err(invalid_type(value, "a sequence", path));
    }
    let array: &js_sys::Array = value.unchecked_ref();
    let mut items = Vec::with_capacity(array.length() as usize);
    for (i, value) in array.iter().enumerate() {
        items.push(item(&value, &format!("{path}[{i}]"))?);
    }
    Ok(items)
}

fn read_u32(value: &JsValue, path: &str) -> Read<u32> {
    match value.as_f64() {
        Some(n) if n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&n) => Ok(n as u32),
        Some(_) if js_sys::Number::is_safe_integer(value) => Err(malformed(
            path.to_string(),
            format!("invalid value: {}, expected u32", unexpected(value)),
        )),
        _ => Err(invalid_type(value, "u32", path)),
    }
}

fn invalid_type(value: &JsValue, expected: &str, path: &str) -> InputError {
    malformed(
        path.to_string(),
        format!("invalid type: {}, expected {expected}", unexpected(value)),
    )
}

/// What serde calls the value in its messages. Numbers are written by JS,
/// so that no float printing is linked in.
fn unexpected(value: &JsValue) -> String {
    if let Some(text) = value.as_string() {
        return format!("string {}", quoted(&text));
    }
    if let Some(flag) = value.as_bool() {
        return format!("boolean `{flag}`");
    }
    if value.as_f64().is_some() {
        let number: &js_sys::Number = value.unchecked_ref();
        let mut written = String::from(number.to_string_with_radix(10).unwrap_or_default());
        if js_sys::Number::is_safe_integer(value) {
            return format!("integer `{written}`");
        }
        if !written.contains(['.', 'e', 'N', 'I']) {
            written.push_str(".0");
        }
        return format!("floating point `{written}`");
    }
    if value.is_null() || value.is_undefined() {
        "null".to_string()
    } else if js_sys::Array::is_array(value) {
        "sequence".to_string()
    } else if value.is_object() {
        "map".to_string()
    } else {
        "a value of another type".to_string()
    }
}

fn malformed(path: String, message: String) -> InputError {
    InputError::new(ErrorKind::Malformed, path, message)
}

fn join(path: &str, field: &str) -> String {
    if path.is_empty() {
        field.to_string()
    } else {
        format!("{path}.{field}")
    }
}

/// Plain JSON-compatible JS values: objects, not `Map`s; `null`, not
/// `undefined`.
fn to_js<T: Serialize>(value: &T) -> Result<JsValue, InputError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|err| InputError::new(ErrorKind::Malformed, "", err.to_string()))
}

/// Serializing plain data does not fail; should it ever, the caller still
/// gets an error object rather than a trap.
fn js_error(error: &InputError) -> JsValue {
    let object = js_sys::Object::new();
    for (key, value) in [
        ("kind", error.kind.as_str()),
        ("path", error.path.as_str()),
        ("message", error.message.as_str()),
    ] {
        let _ = js_sys::Reflect::set(&object, &JsValue::from_str(key), &JsValue::from_str(value));
    }
    object.into()
}

fn thrown(errors: &[InputError]) -> JsValue {
    let fallback = InputError::new(ErrorKind::InvalidRules, "", "the rules are not valid");
    let first = errors.first().unwrap_or(&fallback);
    to_js(&Thrown {
        kind: first.kind,
        message: &first.message,
        path: &first.path,
        file: first.file.as_deref(),
        errors,
    })
    .unwrap_or_else(|error| js_error(&error))
}

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** A month `YYYY-MM`. */
export type Month = string;
/** A date `YYYY-MM-DD`. */
export type DateString = string;
export type Kind = "social_insurance" | "residence";
export type Confidence = "unverified" | "third_party" | "news" | "official";
export type Status = "eligible" | "not_yet" | "no_threshold" | "unknown" | "not_applicable";
export type Counting = "cumulative" | "continuous";
export type BackPaidRule = "counted" | "not_counted" | "breaks_streak";
export type CutoffRule = "evaluation_month" | "end_of_previous_year";
export type NoProjection = "nothing_ongoing" | "local_minimum" | "not_current" | "cap_reached" | "beyond_horizon" | "no_rule";
export type PartnerExclusion = "local_only" | "no_agreement" | "kind_not_covered" | "before_start";
export type ErrorKind = "malformed" | "bad_month" | "reversed_period" | "future_month" | "unknown_city"
  | "unknown_kind" | "back_paid_ongoing" | "too_many_periods" | "unsupported_version" | "bad_option" | "invalid_rules";

/** The history file format (version 1). */
export interface History {
  version?: 1;
  /** City id (`nanjing`) or GB/T 2260 code (`320100`) of the current hukou. */
  hukou_city?: string | null;
  periods: Period[];
}
export interface Period {
  city: string;
  kind: Kind;
  from: Month;
  /** Null or absent: ongoing (至今). */
  to?: Month | null;
  back_paid?: boolean;
  note?: string | null;
}

export interface CheckOptions {
  /** "Today", from the page: `YYYY-MM-DD`. */
  as_of: DateString;
  /** City ids or codes to report; empty or absent: every city with rules. */
  cities?: string[];
  /** "If I keep contributing in `city` from `from`". */
  what_if?: { city: string; from: Month; kinds?: Kind[] | null } | null;
}

/** `path` names the field: `periods[2].to`, `hukou_city`, `options.as_of`; "" for the whole value. */
export interface InputError { kind: ErrorKind; path: string; message: string; file?: string }
/** What the constructor throws. */
export interface RulesError extends InputError { file: string | null; errors: InputError[] }

export type CheckResult = { ok: true; report: Report } | { ok: false; errors: InputError[] };

export interface Source { title: string; issuer: string; document_number: string | null; url: string | null; published: DateString }
export interface Text { zh: string; en: string }
export interface Condition { code: string; zh: string; en: string }

export interface Report {
  as_of: DateString;
  evaluation_month: Month;
  rules_version: string;
  what_if: { city: string; from: Month; kinds: Kind[] } | null;
  history_notes: Step[];
  cities: CityReport[];
}
export interface CityReport {
  city: string; code: string; name_zh: string; name_en: string;
  province_zh: string; province_en: string; regions: string[];
  routes: RouteReport[];
}
export interface RouteReport {
  route: string; name_zh: string; name_en: string;
  status: Status;
  reason: string | null;
  requirements: RequirementReport[];
  eligible_from: Month | null;
  no_projection: NoProjection | null;
  unchecked: Condition[];
  assumptions: Text[];
  effective_from: DateString | null;
  effective_until: DateString | null;
  source: Source | null;
  confidence: Confidence | null;
  rule_confidence: Confidence | null;
  verified_on: DateString | null;
  agreements: AgreementUse[];
  explanation: Step[];
}
export interface AgreementUse {
  agreement: string; name_zh: string; name_en: string;
  effective_from: DateString; source: Source; confidence: Confidence;
  verified_on: DateString; assumptions: Text[];
}
export interface RequirementReport {
  kind: Kind; counting: Counting;
  required_months: number; counted_months: number; local_months: number; partner_months: number; min_local_months: number;
  /** Partner months per city before each agreement's ratio and cap. */
  from_cities: { city: string; months: number; agreement: string }[];
  met: boolean; missing_months: number; local_missing_months: number;
  cutoff: Month; cutoff_rule: CutoffRule; streak_start: Month | null;
  back_paid: BackPaidRule; back_paid_counted: number; back_paid_excluded: number;
  eligible_from: Month | null; no_projection: NoProjection | null;
}
/** One explanation step: a `code` and its parameters (see `src/report.rs`). */
export type Step =
  | { code: "rule_version"; effective_from: DateString; effective_until: DateString | null; source_title: string; document_number: string | null; confidence: Confidence; verified_on: DateString }
  | { code: "no_rule_in_force"; date: DateString; first_effective: DateString | null; last_until: DateString | null }
  | { code: "hukou_not_eligible"; hukou_city: string; allowed: string[] }
  | { code: "hukou_not_given"; allowed: string[] }
  | { code: "no_threshold" }
  | { code: "cutoff"; kind: Kind; month: Month; rule: CutoffRule }
  | { code: "local_months"; kind: Kind; city: string; months: number }
  | { code: "partner_months"; kind: Kind; city: string; agreement: string; months: number }
  | { code: "partner_excluded"; kind: Kind; city: string; months: number; reason: PartnerExclusion; agreement: string | null }
  | { code: "partner_start_unknown"; agreement: string }
  | { code: "overlap"; kind: Kind; months: number }
  | { code: "back_paid"; kind: Kind; rule: BackPaidRule; cap: number | null; counted: number; excluded: number }
  | { code: "not_while_holding"; kind: Kind; holding: Kind; months: number }
  | { code: "streak_break"; kind: Kind; gap_from: Month; gap_to: Month; gap_months: number; tolerance: number }
  | { code: "streak"; kind: Kind; from: Month | null; to: Month; months: number }
  | { code: "ratio_applied"; agreement: string; ratio: number; before: number; after: number }
  | { code: "cap_applied"; agreement: string; cap: number; excluded: number }
  | { code: "local_minimum"; kind: Kind; required: number; local: number; met: boolean }
  | { code: "not_current"; kind: Kind; month: Month }
  | { code: "requirement_met"; kind: Kind; counted: number; required: number }
  | { code: "requirement_missing"; kind: Kind; counted: number; required: number; missing: number }
  | { code: "projected"; eligible_from: Month; what_if: boolean }
  | { code: "no_projection"; reason: NoProjection }
  | { code: "expires_before"; what: string; effective_until: DateString }
  | { code: "records_overlap"; kind: Kind; first: number; second: number; from: Month; to: Month; months: number }
  | { code: "no_rules_for"; city: string };

/** The gazetteer of the rules (`rules/gazetteer.json`). */
export interface Gazetteer {
  codes_source: Source;
  cities: { id: string; code: string; code_aliases: string[]; name_zh: string; name_en: string; province_zh: string; province_en: string }[];
  regions: { id: string; name_zh: string; name_en: string; pilot: boolean; members: string[]; source: Source; confidence: Confidence; verified_on: DateString }[];
}
export interface AgreementName { id: string; name_zh: string; name_en: string }
"#;

/// A free-list allocator a few hundred bytes long, instead of dlmalloc's
/// several kilobytes: the page runs one thread and allocates little.
#[global_allocator]
static ALLOCATOR: lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator> =
    // SAFETY: wasm32-unknown-unknown without threads: one thread only.
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) };
