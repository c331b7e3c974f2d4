//! `history`: bytes → UTF-8 text → the history format (`parse_json`) →
//! `check` against the shipped rules at a fixed date, then again with a
//! what-if derived from the history. Nothing may panic, and every report
//! keeps the invariants of `hukou_years_fuzz::assert_invariants`.
#![no_main]

use hukou_years::history::parse_json;
use hukou_years::CheckOptions;
use hukou_years_fuzz::{check_and_assert, options, shipped, what_if_from};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(history) = parse_json(text) else {
        return;
    };
    let rules = shipped();
    let Some(report) = check_and_assert(rules, &history, &options()) else {
        return;
    };
    let what_if = CheckOptions {
        what_if: what_if_from(&history, report.evaluation_month),
        ..options()
    };
    check_and_assert(rules, &history, &what_if);
});
