//! `rules`: a small rules directory → `RuleSet::from_texts` (parsing and full
//! validation) → when it validates, a fixed-shape history over its own cities
//! is checked against it, with and without a what-if, and the rules go
//! through the page's bundle (`rules.bin`, its own binary form) and back, which must give
//! the same report.
//!
//! Input format: UTF-8 text (invalid bytes replaced); a line `@@ <path>`
//! starts a file at that path, relative to the rules directory
//! (`gazetteer.json`, `cities/nanjing.json`, `agreements/sunan_2025.json`),
//! and the lines up to the next such line are its text. Text before the
//! first `@@ ` line is ignored. `fuzz/seeds.mjs` writes `rules/` and the test
//! rule sets in this form.
#![no_main]

use hukou_years::rules::Bundle;
use hukou_years::{CheckOptions, HistoryInput, PeriodInput, RuleSet, WhatIfInput};
use hukou_years_fuzz::{check_and_assert, options};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let files = split(&String::from_utf8_lossy(data));
    let Ok(rules) = RuleSet::from_texts(&files) else {
        return;
    };
    let history = history_over(&rules);
    let plain = options();
    let what_if = CheckOptions {
        what_if: history.periods.first().map(|p| WhatIfInput {
            city: p.city.clone(),
            from: "2027-03".into(),
            kinds: None,
        }),
        ..options()
    };
    let report = check_and_assert(&rules, &history, &plain);
    check_and_assert(&rules, &history, &what_if);

    // The page reads the same rules from the bundle: same report.
    let bytes = rules.to_bundle().to_bytes();
    let bundle = Bundle::from_bytes(&bytes).expect("a bundle reads back");
    let validated = RuleSet::from_bundle(bundle.clone()).expect("validated rules validate again");
    let page = RuleSet::from_validated_bundle(bundle).expect("a validated bundle indexes");
    for again in [&validated, &page] {
        let other = check_and_assert(again, &history, &plain);
        assert_eq!(
            report.as_ref().map(|r| serde_json::to_value(r).unwrap()),
            other.as_ref().map(|r| serde_json::to_value(r).unwrap()),
            "the bundle's rules report differently"
        );
    }
});

/// The files of the input, `(path, text)`.
fn split(text: &str) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = Vec::new();
    for line in text.split('\n') {
        if let Some(path) = line.strip_prefix("@@ ") {
            files.push((path.to_string(), String::new()));
        } else if let Some((_, body)) = files.last_mut() {
            body.push_str(line);
            body.push('\n');
        }
    }
    files
}

/// A history over the first cities of the gazetteer: social insurance in each
/// (ongoing in every other one), residence that ends, a back-paid stretch
/// and a gap, starting at staggered months; the hukou in the last of them.
fn history_over(rules: &RuleSet) -> HistoryInput {
    let cities: Vec<String> = rules
        .city_indices()
        .take(6)
        .map(|c| rules.city_id(c).to_string())
        .collect();
    let mut periods = Vec::new();
    for (i, city) in cities.iter().enumerate() {
        let period = |kind: &str, from: String, to: Option<String>, back_paid: bool| PeriodInput {
            city: city.clone(),
            kind: kind.into(),
            from,
            to,
            back_paid,
            note: None,
        };
        let year = 2012 + 2 * i;
        let ongoing = i % 2 == 0;
        periods.push(period(
            "social_insurance",
            format!("{year}-0{}", 1 + i % 9),
            (!ongoing).then(|| "2024-06".to_string()),
            false,
        ));
        periods.push(period(
            "social_insurance",
            format!("{}-01", year - 2),
            Some(format!("{}-05", year - 2)),
            true,
        ));
        periods.push(period(
            "residence",
            format!("{year}-03"),
            Some("2025-10".into()),
            false,
        ));
    }
    HistoryInput {
        version: Some(1),
        hukou_city: cities.last().cloned(),
        periods,
    }
}
