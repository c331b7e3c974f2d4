//! Benchmark: a 100-period history checked against every city with rules,
//! projections included. Prints the median and other figures; the budget
//! (median ≤ 100 µs) is checked by `scripts/bench.sh`, not by a test.
//!
//! Run with `cargo bench --bench evaluate`.

use std::hint::black_box;
use std::time::Instant;

use hukou_years::{check, CheckOptions, HistoryInput};

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
    worst_cases(&rules, &options);
}

/// Histories at the limits (README, Performance): the most periods accepted,
/// all covering the same months, and as many short periods spread over every
/// city of the gazetteer. Printed as `worst_…_us=` lines after the median.
fn worst_cases(rules: &hukou_years::RuleSet, options: &CheckOptions) {
    use hukou_years::history::MAX_PERIODS;
    let with_rules = rules.city_id(rules.cities[0].city).to_string();
    let overlapping = HistoryInput {
        periods: (0..MAX_PERIODS)
            .map(|i| histories::period(&with_rules, i % 2 == 1, 1990 * 12, None, false))
            .collect(),
        ..HistoryInput::default()
    };
    let every_city: Vec<String> = (rules.gazetteer.cities.iter())
        .map(|c| c.id.clone())
        .collect();
    let start = 1990 * 12;
    let span = 2025 * 12 - start;
    let short = HistoryInput {
        periods: (0..MAX_PERIODS)
            .map(|i| {
                let from = start + (i * span as usize / MAX_PERIODS) as i32;
                let city = &every_city[i % every_city.len()];
                histories::period(
                    city,
                    i % 3 == 0,
                    from,
                    Some(from + 1 + (i % 5) as i32),
                    i % 7 == 0,
                )
            })
            .collect(),
        ..HistoryInput::default()
    };
    for (name, history) in [
        ("worst_1000_overlapping_us", &overlapping),
        ("worst_1000_short_periods_us", &short),
    ] {
        let report = check(rules, history, options).expect("the history is valid");
        let json = serde_json::to_string(&report).expect("the report serializes");
        let rounds = 200;
        let mut samples = Vec::with_capacity(rounds);
        for _ in 0..rounds {
            let start = Instant::now();
            black_box(check(black_box(rules), black_box(history), black_box(options)).ok());
            samples.push(start.elapsed().as_nanos() as f64 / 1000.0);
        }
        samples.sort_by(|a, b| a.total_cmp(b));
        let median = samples[rounds / 2];
        println!(
            "{name}: {} periods: median {median:.1} µs, p90 {:.1} µs; report {} bytes of JSON, {} history notes",
            history.periods.len(),
            samples[rounds * 9 / 10],
            json.len(),
            report.history_notes.len()
        );
        println!("{name}={median:.1}");
    }
}
