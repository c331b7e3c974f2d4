//! The WebAssembly boundary, and the only module that names `wasm_bindgen` or
//! `js_sys`.
//!
//! The rules come in as `rules.bin` (the bundle in its own binary form,
//! decoded by hand: `rules::bin`),
//! the history and the options as plain JS objects read field by field here,
//! and results go back as plain JS objects (serde-wasm-bindgen). Both inputs
//! avoid serde's self-describing deserialization, which was most of the
//! module's size. Nothing panics across the boundary: a value of the wrong
//! shape comes back as an error object `{kind, message, path}` like any other
//! input error, and the page supplies "today" (`options.as_of`), since the
//! core never reads the clock.

use serde::Serialize;
use wasm_bindgen::prelude::*;

mod alloc;
mod js;

use crate::error::{ErrorView, InputError, RulesProblem};
use crate::history::read::{read_history, read_options};
use crate::report::Report;
use crate::rules::{Bundle, RuleSet};

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
    errors: Option<Vec<ErrorView>>,
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
                errors: Some(errors.iter().map(ErrorView::from).collect()),
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

/// Plain JSON-compatible JS values: objects, not `Map`s; `null`, not
/// `undefined`.
fn to_js<T: Serialize>(value: &T) -> Result<JsValue, InputError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|err| InputError::malformed("", err.to_string()))
}

/// Serializing plain data does not fail; should it ever, the caller still
/// gets an error object rather than a trap.
fn js_error(error: &InputError) -> JsValue {
    let object = js_sys::Object::new();
    for (key, value) in [
        ("kind", error.kind().as_str()),
        ("path", error.path.as_str()),
        ("message", error.message().as_str()),
    ] {
        let _ = js_sys::Reflect::set(&object, &JsValue::from_str(key), &JsValue::from_str(value));
    }
    object.into()
}

/// The first error's fields, for callers that read one, and every error.
fn thrown(errors: &[InputError]) -> JsValue {
    let fallback = InputError::rules(
        "",
        RulesProblem::Structure {
            detail: "the rules are not valid".into(),
        },
    );
    let first = to_js(&ErrorView::from(errors.first().unwrap_or(&fallback)));
    let all: Vec<ErrorView> = errors.iter().map(ErrorView::from).collect();
    match (first, to_js(&all)) {
        (Ok(first), Ok(all)) => {
            let _ = js_sys::Reflect::set(&first, &JsValue::from_str("errors"), &all);
            first
        }
        (Err(error), _) | (_, Err(error)) => js_error(&error),
    }
}

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = include_str!("types.d.ts");
