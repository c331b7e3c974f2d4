#![cfg(not(target_arch = "wasm32"))]
//! The shipped rules validate, every one of them is embedded in the binary,
//! and every validation error the rules reader can produce has a fixture under
//! `tests/rules_fixtures/<name>/` whose `expected.txt` pins the exact lines.

use std::fs;
use std::path::{Path, PathBuf};

use hukou_years::error::ErrorKind;
use hukou_years::{rules::shipped, RuleSet};

const RULES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/rules");
const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/rules_fixtures");

/// Every `.json` file below `dir`, as `(path relative to dir with '/', text)`,
/// sorted by path. Other files (`README.md`, `expected.txt`) are not rules.
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

/// One fixture: `Ok(())` when the errors are exactly the expected lines.
fn run_fixture(dir: &Path) -> Result<(), String> {
    let expected_text = fs::read_to_string(dir.join("expected.txt"))
        .map_err(|e| format!("no expected.txt: {e}"))?;
    let expected: Vec<&str> = expected_text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .collect();
    let files = rules_files(dir);
    let actual: Vec<String> = match RuleSet::from_texts(&files) {
        Ok(_) => Vec::new(),
        Err(errors) => {
            if let Some(e) = errors.iter().find(|e| e.kind != ErrorKind::InvalidRules) {
                return Err(format!(
                    "error of kind {:?}, not invalid_rules: {e}",
                    e.kind
                ));
            }
            errors.iter().map(ToString::to_string).collect()
        }
    };
    if actual
        .iter()
        .map(String::as_str)
        .eq(expected.iter().copied())
    {
        return Ok(());
    }
    let mut diff = String::new();
    for line in &expected {
        if !actual.iter().any(|a| a == line) {
            diff.push_str(&format!("\n  - {line}"));
        }
    }
    for line in &actual {
        if !expected.contains(&line.as_str()) {
            diff.push_str(&format!("\n  + {line}"));
        }
    }
    if diff.is_empty() {
        diff = format!(
            "\n  same lines, different order; got:\n    {}",
            actual.join("\n    ")
        );
    }
    Err(format!("(- expected, + got){diff}"))
}

#[test]
fn every_bad_rules_fixture_gives_exactly_its_errors() {
    let mut dirs: Vec<PathBuf> = fs::read_dir(FIXTURES)
        .expect("tests/rules_fixtures")
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 40, "only {} fixtures", dirs.len());
    let mut failures = Vec::new();
    for dir in &dirs {
        let name = dir.file_name().unwrap().to_string_lossy().to_string();
        if let Err(message) = run_fixture(dir) {
            failures.push(format!("{name}: {message}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} rules fixtures failed:\n{}",
        failures.len(),
        dirs.len(),
        failures.join("\n")
    );
}

#[test]
fn the_fixture_base_is_valid_and_every_other_fixture_is_not() {
    // Each bad fixture is the valid base with one problem; the base must be
    // clean, or the fixtures would pin the base's problem too.
    let mut bad = 0;
    for entry in fs::read_dir(FIXTURES).expect("tests/rules_fixtures") {
        let dir = entry.expect("directory entry").path();
        if !dir.is_dir() {
            continue;
        }
        let result = RuleSet::from_texts(&rules_files(&dir));
        let name = dir.file_name().unwrap().to_string_lossy().to_string();
        if name == "valid-base" {
            if let Err(errors) = result {
                let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
                panic!("the valid base does not validate:\n{}", lines.join("\n"));
            }
        } else {
            assert!(result.is_err(), "{name} validates, but it should not");
            bad += 1;
        }
    }
    assert!(bad > 0);
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
    assert_eq!(error.kind, hukou_years::ErrorKind::InvalidRules);
}
