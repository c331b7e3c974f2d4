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
    // Spans first, relative to month 0; then shifted to end in May 2025.
    let mut spans = Vec::new();
    let mut month = 0i32;
    for i in 0..98usize {
        let length = 3 + (i * 5) % 9;
        let to = month + length as i32 - 1;
        spans.push((i, month, to));
        // A one-month gap every fourth period; an overlap every seventh.
        month = to + 1 + i32::from(i % 4 == 3) - i32::from(i % 7 == 6);
    }
    let shift = 2025 * 12 + 4 - spans.last().map_or(0, |s| s.2);
    let fmt = |m: i32| format!("{:04}-{:02}", m / 12, m % 12 + 1);
    let mut periods: Vec<PeriodInput> = spans
        .into_iter()
        .map(|(i, from, to)| PeriodInput {
            city: cities[(i * 7) % cities.len()].into(),
            kind: if i % 3 == 0 {
                "residence"
            } else {
                "social_insurance"
            }
            .into(),
            from: fmt(from + shift),
            to: Some(fmt(to + shift)),
            back_paid: i % 11 == 5,
            note: None,
        })
        .collect();
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
    let rules = hukou_years::rules::shipped::default_rules();
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
