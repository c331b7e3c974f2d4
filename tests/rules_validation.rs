#![cfg(not(target_arch = "wasm32"))]
//! The shipped rules validate, every one of them is embedded in the binary,
//! and every validation error the rules reader can produce has a case in
//! `tests/rules_cases.json`: a small change to a valid base rules tree, and
//! the exact lines it must give.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use hukou_years::error::ErrorKind;
use hukou_years::{rules::shipped, RuleSet};
use serde::Deserialize;
use serde_json::Value;

const RULES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/rules");
const CASES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/rules_cases.json");

/// Every `.json` file below `dir`, as `(path relative to dir with '/', text)`,
/// sorted by path. Other files (`README.md`) are not rules.
fn rules_files(dir: &Path) -> Vec<(String, String)> {
    hukou_years::files::read_rules_dir(dir).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn the_rules_directory_validates() {
    let files = rules_files(Path::new(RULES));
    assert!(
        files.iter().any(|(path, _)| path == "gazetteer.json"),
        "rules/gazetteer.json is missing"
    );
    if let Err(errors) = RuleSet::from_texts(&files) {
        let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
        panic!("rules/ does not validate:\n{}", lines.join("\n"));
    }
}

#[test]
fn every_rules_file_is_embedded() {
    let on_disk = rules_files(Path::new(RULES));
    let mut embedded = shipped::embedded_files();
    embedded.sort();
    let disk_paths: Vec<&str> = on_disk.iter().map(|(p, _)| p.as_str()).collect();
    let embedded_paths: Vec<&str> = embedded.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        disk_paths, embedded_paths,
        "rules/ on disk and the embedded rules list different files"
    );
    for ((path, disk), (_, inside)) in on_disk.iter().zip(&embedded) {
        assert!(
            disk == inside,
            "rules/{path}: the embedded copy differs from the file on disk (rebuild)"
        );
    }
}

#[test]
fn every_rules_file_is_read_by_the_ruleset() {
    // A file the reader skips would never be checked: every city file must
    // give a city with rules, every agreement file an agreement.
    let rules = shipped::default_rules();
    let files = rules_files(Path::new(RULES));
    let cities = files
        .iter()
        .filter(|(p, _)| p.starts_with("cities/"))
        .count();
    let agreements = files
        .iter()
        .filter(|(p, _)| p.starts_with("agreements/"))
        .count();
    assert_eq!(rules.cities.len(), cities);
    assert_eq!(rules.agreements.len(), agreements);
}

/// `tests/rules_cases.json`: bases (rules trees, each file as its lines) and
/// cases (a base, edits to an in-memory copy of it, the exact lines expected).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseFile {
    #[serde(rename = "about")]
    _about: Vec<String>,
    bases: BTreeMap<String, BTreeMap<String, Vec<String>>>,
    cases: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    base: String,
    edits: Vec<Edit>,
    expected: Vec<String>,
}

/// One change to the base. `set`, `remove` and `copy` take JSON pointers and
/// re-serialise the file; `replace_text` keeps the text around the change,
/// for messages that give a line and column.
#[derive(Deserialize)]
#[serde(tag = "op", rename_all = "snake_case", deny_unknown_fields)]
enum Edit {
    /// Replace the value at `path`, add it to an object, or append it to an
    /// array when the last token is `-`.
    Set {
        file: String,
        path: String,
        value: Value,
    },
    Remove {
        file: String,
        path: String,
    },
    /// Set `path` to a copy of the value at `from`, in the same file.
    Copy {
        file: String,
        from: String,
        path: String,
    },
    /// `text` must occur exactly once in the file.
    ReplaceText {
        file: String,
        text: String,
        with: String,
    },
    AddFile {
        file: String,
        value: Value,
    },
    CopyFile {
        from: String,
        file: String,
    },
    RemoveFile {
        file: String,
    },
}

fn load_cases() -> CaseFile {
    let text = fs::read_to_string(CASES).unwrap_or_else(|e| panic!("{CASES}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{CASES}: {e}"))
}

/// A base as `path -> text`: its lines joined, with a final newline.
fn base_files(cases: &CaseFile, name: &str) -> Result<BTreeMap<String, String>, String> {
    let base = cases
        .bases
        .get(name)
        .ok_or_else(|| format!("no base named {name:?}"))?;
    Ok(base
        .iter()
        .map(|(path, lines)| {
            (
                path.clone(),
                lines.iter().map(|l| format!("{l}\n")).collect(),
            )
        })
        .collect())
}

/// The parent of the value `path` points at, and the last token unescaped.
fn parent<'a>(doc: &'a mut Value, path: &str) -> Result<(&'a mut Value, String), String> {
    let (parent, last) = path
        .rsplit_once('/')
        .ok_or_else(|| format!("{path:?} is not a JSON pointer"))?;
    let parent = doc
        .pointer_mut(parent)
        .ok_or_else(|| format!("{parent:?} points at nothing"))?;
    Ok((parent, last.replace("~1", "/").replace("~0", "~")))
}

fn set(doc: &mut Value, path: &str, value: Value) -> Result<(), String> {
    match parent(doc, path)? {
        (Value::Object(map), key) => {
            map.insert(key, value);
        }
        (Value::Array(items), token) if token == "-" => items.push(value),
        (Value::Array(items), token) => {
            let slot = token
                .parse::<usize>()
                .ok()
                .and_then(|i| items.get_mut(i))
                .ok_or_else(|| format!("{path:?}: no such array element"))?;
            *slot = value;
        }
        _ => return Err(format!("{path:?}: the parent is not an object or array")),
    }
    Ok(())
}

fn remove(doc: &mut Value, path: &str) -> Result<(), String> {
    let removed = match parent(doc, path)? {
        (Value::Object(map), key) => map.remove(&key).is_some(),
        (Value::Array(items), token) => match token.parse::<usize>() {
            Ok(i) if i < items.len() => {
                items.remove(i);
                true
            }
            _ => false,
        },
        _ => false,
    };
    if removed {
        Ok(())
    } else {
        Err(format!("{path:?} points at nothing to remove"))
    }
}

fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).expect("a JSON value serialises") + "\n"
}

/// Applies one JSON edit to `file`: parse, change, re-serialise.
fn edit_json(
    files: &mut BTreeMap<String, String>,
    file: &str,
    change: impl FnOnce(&mut Value) -> Result<(), String>,
) -> Result<(), String> {
    let text = files
        .get_mut(file)
        .ok_or_else(|| format!("no file {file} to edit"))?;
    let mut doc: Value =
        serde_json::from_str(text).map_err(|e| format!("{file} is not JSON to edit: {e}"))?;
    change(&mut doc).map_err(|e| format!("{file}: {e}"))?;
    *text = pretty(&doc);
    Ok(())
}

fn apply(files: &mut BTreeMap<String, String>, edit: &Edit) -> Result<(), String> {
    match edit {
        Edit::Set { file, path, value } => {
            edit_json(files, file, |doc| set(doc, path, value.clone()))
        }
        Edit::Remove { file, path } => edit_json(files, file, |doc| remove(doc, path)),
        Edit::Copy { file, from, path } => edit_json(files, file, |doc| {
            let value = doc
                .pointer(from)
                .cloned()
                .ok_or_else(|| format!("{from:?} points at nothing"))?;
            set(doc, path, value)
        }),
        Edit::ReplaceText { file, text, with } => {
            let old = files
                .get_mut(file)
                .ok_or_else(|| format!("no file {file} to edit"))?;
            match old.matches(text.as_str()).count() {
                1 => {
                    *old = old.replacen(text.as_str(), with, 1);
                    Ok(())
                }
                n => Err(format!("{file}: {text:?} occurs {n} times, not once")),
            }
        }
        Edit::AddFile { file, value } => add(files, file, pretty(value)),
        Edit::CopyFile { from, file } => {
            let text = files
                .get(from)
                .cloned()
                .ok_or_else(|| format!("no file {from} to copy"))?;
            add(files, file, text)
        }
        Edit::RemoveFile { file } => files
            .remove(file)
            .map(|_| ())
            .ok_or_else(|| format!("no file {file} to remove")),
    }
}

fn add(files: &mut BTreeMap<String, String>, file: &str, text: String) -> Result<(), String> {
    if files.insert(file.to_string(), text).is_some() {
        return Err(format!("{file} is already in the base"));
    }
    Ok(())
}

/// The validation lines for a rules tree, in order; none when it validates.
fn validation_lines(files: BTreeMap<String, String>) -> Result<Vec<String>, String> {
    let files: Vec<(String, String)> = files.into_iter().collect();
    match RuleSet::from_texts(&files) {
        Ok(_) => Ok(Vec::new()),
        Err(errors) => {
            if let Some(e) = errors.iter().find(|e| e.kind() != ErrorKind::InvalidRules) {
                return Err(format!(
                    "error of kind {:?}, not invalid_rules: {e}",
                    e.kind()
                ));
            }
            Ok(errors.iter().map(ToString::to_string).collect())
        }
    }
}

/// One case: `Ok(())` when the errors are exactly the expected lines.
fn run_case(cases: &CaseFile, case: &Case) -> Result<(), String> {
    let mut files = base_files(cases, &case.base)?;
    for (i, edit) in case.edits.iter().enumerate() {
        apply(&mut files, edit).map_err(|e| format!("edit {i}: {e}"))?;
    }
    let actual = validation_lines(files)?;
    if actual == case.expected {
        return Ok(());
    }
    let show = |lines: &[String]| {
        if lines.is_empty() {
            "\n    (none: the rules validate)".to_string()
        } else {
            lines.iter().map(|l| format!("\n    {l}")).collect()
        }
    };
    Err(format!(
        "the lines differ\n  expected:{}\n  got:{}",
        show(&case.expected),
        show(&actual)
    ))
}

#[test]
fn every_bad_rules_case_gives_exactly_its_errors() {
    let cases = load_cases();
    assert!(cases.cases.len() >= 60, "only {} cases", cases.cases.len());
    let mut names = BTreeSet::new();
    let mut failures = Vec::new();
    for case in &cases.cases {
        assert!(names.insert(&case.name), "two cases named {:?}", case.name);
        if let Err(message) = run_case(&cases, case) {
            failures.push(format!("{}: {message}", case.name));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} rules cases failed:\n{}",
        failures.len(),
        cases.cases.len(),
        failures.join("\n")
    );
}

#[test]
fn every_base_is_valid_and_every_changed_base_is_not() {
    // Each case is a valid base with one problem; the base must be clean, or
    // the cases would pin the base's problem too, and a change that gives no
    // error pins nothing.
    let cases = load_cases();
    for name in cases.bases.keys() {
        let files = base_files(&cases, name).unwrap();
        let lines = validation_lines(files).unwrap();
        assert!(
            lines.is_empty(),
            "base {name:?} does not validate:\n{}",
            lines.join("\n")
        );
    }
    for case in &cases.cases {
        assert!(
            case.edits.is_empty() || !case.expected.is_empty(),
            "{}: the changed base is expected to validate",
            case.name
        );
    }
}

/// `rules.bin`, the page's copy of the bundle, reads back to the same rules.
#[test]
fn the_binary_bundle_reads_back_to_the_same_rules() {
    let rules = hukou_years::rules::shipped::default_rules();
    let bundle = rules.to_bundle();
    let back = hukou_years::rules::Bundle::from_bytes(&bundle.to_bytes()).expect("reads back");
    assert_eq!(
        serde_json::to_string(&back).unwrap(),
        serde_json::to_string(&bundle).unwrap()
    );
    let error = hukou_years::rules::Bundle::from_bytes(&bundle.to_bytes()[..100]).unwrap_err();
    assert_eq!(error.kind(), hukou_years::ErrorKind::InvalidRules);
}
