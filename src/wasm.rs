//! The WebAssembly boundary, and the only module that names `wasm_bindgen` or
//! `js_sys`.
//!
//! Each method converts JS values to the core's types (serde-wasm-bindgen),
//! calls one core function and converts the result back. Nothing panics
//! across the boundary: a value of the wrong shape comes back as an error
//! object `{kind, message, path}` like any other input error, and the page
//! supplies "today" (`options.as_of`), since the core never reads the clock.

use serde::de::{DeserializeOwned, Visitor};
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::error::{ErrorKind, InputError};
use crate::history::{HistoryInput, PeriodInput};
use crate::report::Report;
use crate::rules::Bundle;
use crate::ruleset::RuleSet;
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
    /// Validates the rules bundle (the parsed `rules.json`). Throws
    /// `{kind: "invalid_rules", message, path, file, errors}` when it is not
    /// valid.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "Bundle")] bundle: JsValue,
    ) -> Result<Checker, JsValue> {
        let rules = serde_wasm_bindgen::from_value::<Bundle>(bundle)
            .map_err(|e| InputError::new(ErrorKind::InvalidRules, "", e.to_string()))
            .map_err(|mut error| {
                error.kind = ErrorKind::InvalidRules;
                vec![error]
            })
            .and_then(RuleSet::from_validated_bundle)
            .map_err(|errors| thrown(&errors))?;
        Ok(Checker { rules })
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
        let history =
            strict::<HistoryInput>(&history, &[("periods", fields_of::<PeriodInput>(), true)])
                .and_then(|()| from_js::<HistoryInput>(history))
                .map_err(|error| errors.push(error))
                .ok();
        let options =
            strict::<CheckOptions>(&options, &[("what_if", fields_of::<WhatIfInput>(), false)])
                .and_then(|()| from_js::<CheckOptions>(options))
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

/// serde-wasm-bindgen reads only the fields a struct names, so
/// `deny_unknown_fields` never fires: a misspelt key (`"back_payed": true`)
/// would be dropped without a word. This finds such keys first, at the top
/// level and in the object (or the array of objects, `list`) under each
/// `nested` field, and reports them as serde would. Values of the wrong shape
/// are left to the deserializer.
fn strict<T: DeserializeOwned>(
    value: &JsValue,
    nested: &[(&str, &'static [&'static str], bool)],
) -> Result<(), InputError> {
    check_keys(value, fields_of::<T>(), "")?;
    let Some(object) = value.dyn_ref::<js_sys::Object>() else {
        return Ok(());
    };
    for &(field, fields, list) in nested {
        let inner =
            js_sys::Reflect::get(object, &JsValue::from_str(field)).unwrap_or(JsValue::UNDEFINED);
        if !list {
            check_keys(&inner, fields, field)?;
        } else if js_sys::Array::is_array(&inner) {
            for (i, item) in js_sys::Array::from(&inner).iter().enumerate() {
                check_keys(&item, fields, &format!("{field}[{i}]"))?;
            }
        }
    }
    Ok(())
}

fn check_keys(
    value: &JsValue,
    fields: &'static [&'static str],
    path: &str,
) -> Result<(), InputError> {
    if js_sys::Array::is_array(value) {
        // serde-wasm-bindgen would read an array's (absent) named properties
        // and accept `[1, 2, 3]` as an empty struct.
        let message = <serde::de::value::Error as serde::de::Error>::invalid_type(
            serde::de::Unexpected::Seq,
            &"a map",
        );
        return Err(InputError::new(
            ErrorKind::Malformed,
            path,
            message.to_string(),
        ));
    }
    if !value.is_object() {
        return Ok(()); // not an object: the deserializer says what is wrong
    }
    let object: &js_sys::Object = value.unchecked_ref();
    for key in js_sys::Object::keys(object).iter() {
        let key = key.as_string().unwrap_or_default();
        if !fields.contains(&key.as_str()) {
            let message =
                <serde::de::value::Error as serde::de::Error>::unknown_field(&key, fields);
            return Err(InputError::new(
                ErrorKind::Malformed,
                join(path, &key),
                message.to_string(),
            ));
        }
    }
    Ok(())
}

fn join(path: &str, field: &str) -> String {
    if path.is_empty() {
        field.to_string()
    } else {
        format!("{path}.{field}")
    }
}

/// The field names a struct's derived `Deserialize` asks for, read by a
/// deserializer that stops at `deserialize_struct` (the visitor never runs).
fn fields_of<T: DeserializeOwned>() -> &'static [&'static str] {
    struct Probe<'a>(&'a mut &'static [&'static str]);
    impl<'de> serde::Deserializer<'de> for Probe<'_> {
        type Error = serde::de::value::Error;
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
            Err(serde::de::Error::custom("not a struct"))
        }
        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Self::Error> {
            *self.0 = fields;
            Err(serde::de::Error::custom("probed"))
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
            option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier ignored_any
        }
    }
    let mut fields: &'static [&'static str] = &[];
    let _ = T::deserialize(Probe(&mut fields));
    fields
}

/// A JS value into a core type; a value of the wrong shape becomes a
/// `malformed` error with the path of the offending field.
fn from_js<T: serde::de::DeserializeOwned>(value: JsValue) -> Result<T, InputError> {
    let de = serde_wasm_bindgen::Deserializer::from(value);
    serde_path_to_error::deserialize(de).map_err(|err| {
        let mut error = crate::error::from_serde(err.path(), err.inner());
        // serde-wasm-bindgen's errors are JS `Error`s: drop the "Error: " of their display.
        if let Some(message) = error.message.strip_prefix("Error: ") {
            error.message = message.to_string();
        }
        error
    })
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

/** `rules.json` as `hukou-years bundle` writes it (see `src/rules.rs`). */
export interface Bundle {
  rules_version: string;
  gazetteer: { file: string; doc: {
    codes_source: Source;
    cities: { id: string; code: string; code_aliases?: string[]; name_zh: string; name_en: string; province_zh: string; province_en: string }[];
    regions: { id: string; name_zh: string; name_en: string; pilot: boolean; members: string[]; source: Source; confidence: Confidence; verified_on: DateString }[];
  } };
  cities: { file: string; doc: unknown }[];
  agreements: { file: string; doc: { id: string; name_zh: string; name_en: string; versions: unknown[] } }[];
}
"#;
