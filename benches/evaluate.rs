//! Benchmark: a 100-period history checked against every city with rules,
//! projections included. Prints the median and other figures; the budget
//! (median ≤ 100 µs) is checked by `scripts/bench.sh`, not by a test.
//!
//! Run with `cargo bench --bench evaluate`.

use std::hint::black_box;
use std::time::Instant;

use hukou_years::{check, CheckOptions, HistoryInput, PeriodInput};

/// A long, messy history: moves every few months between the cities with
/// rules and their partners, both kinds, some back-paid months, some gaps,
/// and overlaps, ending with ongoing periods.
fn long_history() -> HistoryInput {
    let cities = [
        "wuxi",
        "suzhou",
        "nanjing",
        "changzhou",
        "zhenjiang",
        "shanghai",
        "beijing",
        "changsha",
        "xiangtan",
        "zhuzhou",
        "zhengzhou",
        "hangzhou",
    ];
    let mut periods = Vec::new();
    let mut month = 2001 * 12; // January 2001
    let mut i = 0usize;
    while periods.len() < 98 {
        let city = cities[(i * 7) % cities.len()];
        let length = 3 + (i * 5) % 9;
        let from = month;
        let to = month + length as i32 - 1;
        let fmt = |m: i32| format!("{:04}-{:02}", m / 12, m % 12 + 1);
        periods.push(PeriodInput {
            city: city.into(),
            kind: if i % 3 == 0 {
                "residence"
            } else {
                "social_insurance"
            }
            .into(),
            from: fmt(from),
            to: Some(fmt(to)),
            back_paid: i % 11 == 5,
            note: None,
        });
        // A one-month gap every fourth period; an overlap every seventh.
        month = to + 1 + i32::from(i % 4 == 3) - i32::from(i % 7 == 6);
        i += 1;
    }
    for kind in ["social_insurance", "residence"] {
        periods.push(PeriodInput {
            city: "nanjing".into(),
            kind: kind.into(),
            from: "2025-06".into(),
            to: None,
            back_paid: false,
            note: None,
        });
    }
    HistoryInput {
        version: None,
        hukou_city: Some("xiangtan".into()),
        periods,
    }
}

fn main() {
    let rules = hukou_years::testing::default_rules();
    let history = long_history();
    let options = CheckOptions::at("2026-11-26").expect("a valid date");
    // Warm up, and make sure the history is valid: a benchmark of the error
    // path would measure nothing.
    let report = check(&rules, &history, &options).expect("the benchmark history is valid");
    let routes: usize = report.cities.iter().map(|c| c.routes.len()).sum();

    let rounds = 2000;
    let mut samples = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        let start = Instant::now();
        black_box(check(black_box(&rules), black_box(&history), black_box(&options)).ok());
        samples.push(start.elapsed().as_nanos() as f64 / 1000.0);
    }
    samples.sort_by(|a, b| a.total_cmp(b));
    let median = samples[rounds / 2];
    let p90 = samples[rounds * 9 / 10];
    println!(
        "evaluate: {} periods, {} cities, {} routes: median {:.1} µs, p90 {:.1} µs, min {:.1} µs ({} rounds)",
        history.periods.len(),
        report.cities.len(),
        routes,
        median,
        p90,
        samples[0],
        rounds
    );
    println!("median_us={median:.1}");
}
