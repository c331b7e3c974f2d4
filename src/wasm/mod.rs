//! The WebAssembly boundary, and the only module that names `wasm_bindgen` or
//! `js_sys`.
//!
//! The rules come in as `rules.bin` (the bundle in its own binary form,
//! decoded by hand: `rules::bin`),
//! the history and the options as plain JS objects read field by field here,
//! and results go back as JSON text written by hand (`crate::json`), which
//! the engine's `JSON.parse` turns into plain JS objects. Neither direction
//! uses serde, whose generic code was most of the module's size. Nothing panics across the boundary: a value of the wrong
//! shape comes back as an error object `{kind, message, path}` like any other
//! input error, and the page supplies "today" (`options.as_of`), since the
//! core never reads the clock.

use wasm_bindgen::prelude::*;

mod alloc;
mod js;

use crate::error::{ErrorView, InputError, RulesProblem};
use crate::history::read::{read_history, read_options};
use crate::json::{to_json, AgreementName, Json, Out};
use crate::rules::{Bundle, RuleSet};

/// The rules, validated once; then any number of checks.
#[wasm_bindgen]
pub struct Checker {
    rules: RuleSet,
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
        to_js(&to_json(&self.rules.gazetteer))
    }

    /// Every agreement's id and names: `[{id, name_zh, name_en}]`.
    #[wasm_bindgen(unchecked_return_type = "AgreementName[]")]
    pub fn agreements(&self) -> JsValue {
        to_js(&to_json(&AgreementName::all(&self.rules.agreements)))
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
        // {"ok":true,"report":…} or {"ok":false,"errors":[…]}
        let mut out = Out::default();
        match &result {
            Ok(report) => {
                out.push("{\"ok\":true,\"report\":");
                report.json(&mut out);
            }
            Err(errors) => {
                out.push("{\"ok\":false,\"errors\":");
                let views: Vec<ErrorView> = errors.iter().map(ErrorView::from).collect();
                views.json(&mut out);
            }
        }
        out.push("}");
        to_js(&out.into_string())
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
        ["options.", &error.path].concat()
    };
    error
}

/// JSON text as plain JS values, parsed by the engine's `JSON.parse`. The
/// text is always JSON; should it not be, the caller gets an error object
/// rather than a trap.
fn to_js(text: &str) -> JsValue {
    js_sys::JSON::parse(text).unwrap_or_else(|_| {
        let error = InputError::malformed("", "the result could not be written");
        to_js_view(&ErrorView::from(&error))
    })
}

fn to_js_view(view: &ErrorView) -> JsValue {
    js_sys::JSON::parse(&to_json(view)).unwrap_or(JsValue::NULL)
}

/// The first error's fields, for callers that read one, and every error.
fn thrown(errors: &[InputError]) -> JsValue {
    let fallback = InputError::rules(
        "",
        RulesProblem::Structure {
            detail: "the rules are not valid".into(),
        },
    );
    let first = to_js_view(&ErrorView::from(errors.first().unwrap_or(&fallback)));
    let all: Vec<ErrorView> = errors.iter().map(ErrorView::from).collect();
    let _ = js_sys::Reflect::set(&first, &JsValue::from_str("errors"), &to_js(&to_json(&all)));
    first
}

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = include_str!("types.d.ts");
