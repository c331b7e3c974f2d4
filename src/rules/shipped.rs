//! The rules of this repository (`rules/`), embedded at build time: the
//! command line runs on them from any directory, and the tests check them.

use crate::rules::RuleSet;

include!(concat!(env!("OUT_DIR"), "/embedded_rules.rs"));

/// The files of `rules/` as `(relative path, text)` pairs.
pub fn embedded_files() -> Vec<(String, String)> {
    EMBEDDED_RULES
        .iter()
        .map(|(path, text)| (path.to_string(), text.to_string()))
        .collect()
}

/// The shipped rules, validated. Panics if they do not validate: the test
/// suite checks that they do.
pub fn default_rules() -> RuleSet {
    match RuleSet::from_texts(&embedded_files()) {
        Ok(rules) => rules,
        Err(errors) => {
            let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
            panic!("the shipped rules do not validate:\n{}", lines.join("\n"))
        }
    }
}
