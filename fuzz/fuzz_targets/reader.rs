//! `reader`: bytes → `serde_json::Value` → the page's reader of JSON-shaped
//! values (`read_history`, `read_options`, through its `Shape` impl for
//! `serde_json::Value`) → `check` against the shipped rules.
//!
//! Input: a JSON value. A two-item array `[history, options]` is read as a
//! history and the options of the check (the evaluation date, the cities, the
//! what-if, all fuzzed); anything else is read as a history, checked at the
//! fixed date, and read as options too.
//!
//! Beyond "no panic": whatever serde's derive (the command line's reader)
//! accepts, the page's reader accepts as the same value. The page's reader
//! is deliberately the more lenient one (a JS number `1.0` is an integer,
//! `null` is an absent optional field), so the converse is not asserted.
#![no_main]

use hukou_years::history::read::{read_history, read_options};
use hukou_years::{CheckOptions, HistoryInput};
use hukou_years_fuzz::{check_and_assert, options, shipped};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    let Ok(value) = serde_json::from_slice::<Value>(data) else {
        return;
    };
    let (history, options) = match &value {
        Value::Array(pair) if pair.len() == 2 => {
            (read(&pair[0]), read_options_as_serde_does(&pair[1]))
        }
        _ => {
            let _ = read_options_as_serde_does(&value);
            (read(&value), Some(options()))
        }
    };
    if let (Some(history), Some(options)) = (history, options) {
        check_and_assert(shipped(), &history, &options);
    }
});

/// The page's reading of a history, checked against serde's.
fn read(value: &Value) -> Option<HistoryInput> {
    let read = read_history(&value);
    if let Ok(serde) = serde_json::from_value::<HistoryInput>(value.clone()) {
        assert_eq!(
            read.as_ref().ok(),
            Some(&serde),
            "serde reads a history the page's reader does not"
        );
    }
    read.ok()
}

/// The page's reading of options, checked against serde's.
fn read_options_as_serde_does(value: &Value) -> Option<CheckOptions> {
    let read = read_options(&value);
    if let Ok(serde) = serde_json::from_value::<CheckOptions>(value.clone()) {
        assert_eq!(
            read.as_ref().ok(),
            Some(&serde),
            "serde reads options the page's reader does not"
        );
    }
    read.ok()
}
