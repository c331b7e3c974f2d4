//! Benchmark: a 100-period history checked against every city with rules,
//! projections included. Prints the median and other figures; the budget
//! (median ≤ 100 µs) is checked by `scripts/bench.sh`, not by a test.
//!
//! Run with `cargo bench --bench evaluate`.

use std::hint::black_box;
use std::time::Instant;

use hukou_years::{check, CheckOptions};

#[path = "../tests/support/histories.rs"]
mod histories;

fn main() {
    let rules = hukou_years::rules::shipped::default_rules();
    // A long, messy history: short periods in every city the rules know, both
    // kinds, overlaps, gaps and back-paid months, ending with ongoing periods.
    // The page's budgets (scripts/budgets.sh) measure the same one.
    let history = histories::synthetic(&rules, 100, histories::SEED);
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
