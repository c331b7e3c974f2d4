#![cfg(not(target_arch = "wasm32"))]
//! Scenario cases: every `tests/cases/*.json` is one sentence-named case (see
//! `rules/README.md`, "Scenario cases"). Expected values were computed by hand
//! from the counting semantics, never copied from the engine's output.
//!
//! Matching is partial: every expected object key must match, extra actual
//! keys are fine; array element i must match actual element i (the actual
//! array may be longer), except in `explanation` and `history_notes`, where
//! each expected element must match some actual element. Routes are addressed
//! as `"city/route"`, a city's own answer as `"city"`. All failing cases are reported together, each with the
//! path of its first mismatch.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use hukou_years::error::ErrorView;
use hukou_years::json::to_json;
use hukou_years::{check, rules::shipped, CheckOptions, HistoryInput, RuleSet, WhatIfInput};
use serde::Deserialize;
use serde_json::Value;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const CASES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/cases");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    basis: String,
    as_of: String,
    #[serde(default)]
    cities: Vec<String>,
    #[serde(default)]
    what_if: Option<WhatIfInput>,
    /// An alternative rules directory, relative to the crate root.
    #[serde(default)]
    rules: Option<String>,
    history: Value,
    #[serde(default)]
    expect: Option<serde_json::Map<String, Value>>,
    #[serde(default)]
    expect_history_notes: Option<Vec<Value>>,
    #[serde(default)]
    expect_errors: Option<Vec<Value>>,
}

/// Every `.json` file below `dir` as `(relative path, text)`.
fn rules_files(dir: &Path) -> Vec<(String, String)> {
    hukou_years::files::read_rules_dir(dir).unwrap_or_else(|e| panic!("{e}"))
}

fn load_rules(dir: &str) -> Result<RuleSet, String> {
    RuleSet::from_texts(&rules_files(&Path::new(ROOT).join(dir))).map_err(|errors| {
        let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
        format!("rules {dir} do not validate:\n{}", lines.join("\n"))
    })
}

fn numbers_equal(a: &Value, b: &Value) -> bool {
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => x == y,
        _ => false,
    }
}

/// `Ok` when `actual` contains `expected` (see the module docs); otherwise the
/// path and description of the first mismatch.
fn contains(expected: &Value, actual: &Value, path: &str) -> Result<(), String> {
    match expected {
        Value::Object(map) => {
            let Value::Object(actual_map) = actual else {
                return Err(format!("{path}: expected an object, got {actual}"));
            };
            for (key, value) in map {
                let at = format!("{path}.{key}");
                let Some(actual_value) = actual_map.get(key) else {
                    return Err(format!("{at}: missing (expected {value})"));
                };
                if key == "explanation" || key == "history_notes" {
                    contains_unordered(value, actual_value, &at)?;
                } else {
                    contains(value, actual_value, &at)?;
                }
            }
            Ok(())
        }
        Value::Array(items) => {
            let Value::Array(actual_items) = actual else {
                return Err(format!("{path}: expected an array, got {actual}"));
            };
            for (i, item) in items.iter().enumerate() {
                let at = format!("{path}[{i}]");
                match actual_items.get(i) {
                    Some(actual_item) => contains(item, actual_item, &at)?,
                    None => {
                        return Err(format!(
                            "{at}: missing (the array has {} elements; expected {item})",
                            actual_items.len()
                        ))
                    }
                }
            }
            Ok(())
        }
        Value::Number(_) if numbers_equal(expected, actual) => Ok(()),
        _ if expected == actual => Ok(()),
        _ => Err(format!("{path}: expected {expected}, got {actual}")),
    }
}

/// Each expected element matches some actual element.
fn contains_unordered(expected: &Value, actual: &Value, path: &str) -> Result<(), String> {
    let (Value::Array(items), Value::Array(actual_items)) = (expected, actual) else {
        return contains(expected, actual, path);
    };
    for (i, item) in items.iter().enumerate() {
        if actual_items.iter().any(|a| contains(item, a, "").is_ok()) {
            continue;
        }
        // Show the actual elements of the same code, if the item has one.
        let code = item.get("code");
        let similar: Vec<String> = actual_items
            .iter()
            .filter(|a| code.is_none() || a.get("code") == code)
            .map(ToString::to_string)
            .collect();
        return Err(format!(
            "{path}[{i}]: no element matches {item}; {}",
            if similar.is_empty() {
                "no element has that code".to_string()
            } else {
                format!("candidates: {}", similar.join(", "))
            }
        ));
    }
    Ok(())
}

fn run_case(case: &Case, rules: &RuleSet) -> Result<(), String> {
    let history: HistoryInput =
        serde_json::from_value(case.history.clone()).map_err(|e| format!("history: {e}"))?;
    let options = CheckOptions {
        as_of: case.as_of.clone(),
        cities: case.cities.clone(),
        what_if: case.what_if.clone(),
    };
    match check(rules, &history, &options) {
        Err(errors) => {
            let Some(expected) = &case.expect_errors else {
                let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
                return Err(format!("check failed: {}", lines.join("; ")));
            };
            let actual = serde_json::to_value(&errors).expect("errors serialize");
            // The page's errors, as the WebAssembly writes them by hand.
            let views: Vec<ErrorView> = errors.iter().map(ErrorView::from).collect();
            same_json(
                &to_json(&views),
                &serde_json::to_value(&views).unwrap(),
                "errors",
            )?;
            contains(&Value::Array(expected.clone()), &actual, "errors")
        }
        Ok(report) => {
            if case.expect_errors.is_some() {
                return Err("errors: expected the check to fail, but it gave a report".into());
            }
            let actual = serde_json::to_value(&report).expect("the report serializes");
            // The report as the WebAssembly writes it by hand: exactly the
            // serde shape the TypeScript declarations are generated from.
            same_json(&to_json(&report), &actual, "report")?;
            if let Some(expected) = &case.expect {
                for (key, value) in expected {
                    // "city/route" addresses a route, "city" the city's own
                    // answer (its status, regions, routes).
                    let (city, route) = key.split_once('/').unwrap_or((key, ""));
                    let found = actual["cities"]
                        .as_array()
                        .and_then(|cities| cities.iter().find(|c| c["city"] == city))
                        .ok_or_else(|| format!("{key}: city {city:?} is not in the report"))?;
                    if route.is_empty() {
                        contains(value, found, key)?;
                        continue;
                    }
                    let route_report = found["routes"]
                        .as_array()
                        .and_then(|routes| routes.iter().find(|r| r["route"] == route))
                        .ok_or_else(|| format!("{key}: route {route:?} is not in the report"))?;
                    contains(value, route_report, key)?;
                }
            }
            if let Some(notes) = &case.expect_history_notes {
                contains_unordered(
                    &Value::Array(notes.clone()),
                    &actual["history_notes"],
                    "history_notes",
                )?;
            }
            Ok(())
        }
    }
}

/// `text` is JSON that parses to exactly `expected`.
fn same_json(text: &str, expected: &Value, what: &str) -> Result<(), String> {
    let parsed: Value =
        serde_json::from_str(text).map_err(|e| format!("{what}: hand-written JSON: {e}"))?;
    if &parsed == expected {
        Ok(())
    } else {
        Err(format!(
            "{what}: the hand-written JSON differs from serde's:\n{text}\n{expected}"
        ))
    }
}

fn case_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(CASES)
        .expect("tests/cases")
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_scenario_case_holds() {
    let files = case_files();
    assert!(files.len() >= 32, "only {} cases", files.len());
    let mut rule_sets: HashMap<String, Result<RuleSet, String>> = HashMap::new();
    rule_sets.insert("rules".into(), Ok(shipped::default_rules()));
    let mut failures = Vec::new();
    for file in &files {
        let stem = file.file_stem().unwrap().to_string_lossy().to_string();
        let text = fs::read_to_string(file).expect("case file");
        let case: Case = match serde_json::from_str(&text) {
            Ok(case) => case,
            Err(e) => {
                failures.push(format!("{stem}: not a case: {e}"));
                continue;
            }
        };
        if case.basis.trim().is_empty() || case.name.trim().is_empty() {
            failures.push(format!("{stem}: a case needs a name and a basis"));
            continue;
        }
        if case.expect.is_none()
            && case.expect_history_notes.is_none()
            && case.expect_errors.is_none()
        {
            failures.push(format!("{stem}: the case expects nothing"));
            continue;
        }
        let dir = case.rules.clone().unwrap_or_else(|| "rules".into());
        let rules = rule_sets
            .entry(dir.clone())
            .or_insert_with(|| load_rules(&dir));
        let result = match rules {
            Ok(rules) => run_case(&case, rules),
            Err(message) => Err(message.clone()),
        };
        if let Err(message) = result {
            failures.push(format!("{stem} ({}):\n    {message}", case.name));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} scenario cases failed:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
}

#[test]
fn case_files_are_named_like_sentences() {
    for file in case_files() {
        let stem = file.file_stem().unwrap().to_string_lossy().to_string();
        assert!(
            stem.split('-').count() >= 4
                && stem
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
            "{stem}: name case files like a sentence, lowercase words joined by '-'"
        );
    }
}
