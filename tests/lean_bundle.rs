#![cfg(not(target_arch = "wasm32"))]
//! The page's engine reads `rules.bin`, the bundle without its prose
//! (`Bundle::without_prose`), and takes the texts from the JSON bundle after
//! the first result. Every verdict must be the same either way: for the
//! history of every scenario case on the shipped rules, the two reports are
//! equal once the texts are left out of both, and the lean one carries none.

use std::fs;
use std::path::Path;

use hukou_years::rules::{shipped, Bundle};
use hukou_years::{check, CheckOptions, HistoryInput, RuleSet};
use serde_json::Value;

/// Keys whose values are the rules' texts, not the verdict.
const PROSE: &[&str] = &[
    "sources",
    "assumptions",
    "source_title",
    "document_number",
    "context",
    "zh",
    "en",
    "quote",
    "location",
];

fn without_prose(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(k, _)| !PROSE.contains(&k.as_str()))
                .map(|(k, v)| {
                    // An unknown threshold stays unknown; its reason is text.
                    let v = if k == "unknown" {
                        Value::Bool(!v.is_null())
                    } else {
                        without_prose(v)
                    };
                    (k.clone(), v)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(without_prose).collect()),
        other => other.clone(),
    }
}

/// Every string value under a prose key, with its path.
fn prose_left(value: &Value, path: &str, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let here = format!("{path}.{k}");
                let empty = match v {
                    Value::String(s) => s.is_empty(),
                    Value::Array(a) => a.is_empty(),
                    Value::Null => true,
                    _ => false,
                };
                if PROSE.contains(&k.as_str()) && !empty {
                    out.push(here.clone());
                }
                prose_left(v, &here, out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                prose_left(v, &format!("{path}[{i}]"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn the_lean_bundle_gives_every_verdict_of_the_full_one_and_no_text() {
    let full = shipped::default_rules();
    let bundle = full.to_bundle().without_prose();
    // As the page reads it: from bytes, indexed without the full validation.
    let bytes = bundle.to_bytes();
    assert!(bytes.len() < full.to_bundle().to_bytes().len());
    let lean = Bundle::from_bytes(&bytes)
        .ok()
        .and_then(|b| RuleSet::from_validated_bundle(b).ok())
        .expect("the lean bundle is read");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let mut compared = 0;
    let mut with_prose = 0;
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let case: Value = serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
        if case.get("rules").is_some_and(|r| !r.is_null()) {
            continue;
        }
        let Ok(history) = serde_json::from_value::<HistoryInput>(case["history"].clone()) else {
            continue;
        };
        let Ok(options) = CheckOptions::at(case["as_of"].as_str().unwrap_or_default()) else {
            continue;
        };
        let (Ok(a), Ok(b)) = (
            check(&full, &history, &options),
            check(&lean, &history, &options),
        ) else {
            continue;
        };
        let (a, b) = (
            serde_json::to_value(a).unwrap(),
            serde_json::to_value(b).unwrap(),
        );
        assert_eq!(without_prose(&a), without_prose(&b), "{}", path.display());
        let mut left = Vec::new();
        prose_left(&b["cities"], "cities", &mut left);
        assert!(
            left.is_empty(),
            "{}: text left in the lean report: {left:?}",
            path.display()
        );
        prose_left(&a["cities"], "cities", &mut left);
        with_prose += usize::from(!left.is_empty());
        compared += 1;
    }
    assert!(compared >= 40, "only {compared} histories compared");
    assert!(
        with_prose >= 40,
        "the full reports carry texts: {with_prose}"
    );
}
