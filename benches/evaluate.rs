//! Benchmark: a 100-period history checked against every city with rules,
//! projections included; then rows that show how the cost grows with the
//! history (10, 100, 1,000 periods) and with the rules (11, 35, 100, 300
//! cities with rules: synthetic copies of the shipped rules in a region whose
//! cities all recognise each other), a what-if beside the plain check, and
//! histories at the limits; and the cost of the report alone (a copy of
//! it). Prints the median and other figures; the budgets
//! (the median, the growth of each row and the what-if) are checked by
//! `scripts/bench.sh`, not by a test.
//!
//! Run with `cargo bench --bench evaluate`.

use std::hint::black_box;
use std::time::{Duration, Instant};

use hukou_years::rules::bundle::Bundle;
use hukou_years::rules::{Agreement, Kind};
use hukou_years::{check, CheckOptions, HistoryInput, RuleSet, WhatIfInput};

#[path = "../tests/support/histories.rs"]
mod histories;

const AS_OF: &str = "2026-11-26";

fn main() {
    let rules = hukou_years::rules::shipped::default_rules();
    // A long, messy history: short periods in every city the rules know, both
    // kinds, overlaps, gaps and back-paid months, ending with ongoing periods.
    // The page's budgets (scripts/budgets.sh) measure the same one.
    let history = histories::synthetic(&rules, 100, histories::SEED);
    let options = CheckOptions::at(AS_OF).expect("a valid date");
    // Warm up, and make sure the history is valid: a benchmark of the error
    // path would measure nothing.
    let report = check(&rules, &history, &options).expect("the benchmark history is valid");
    let routes: usize = report.cities.iter().map(|c| c.routes.len()).sum();
    let cities = report.cities.len();
    // Measured with nothing else left in the heap, like every other row (a
    // report kept alive makes each check slower by half here).
    drop(report);
    let samples = measure(&rules, &history, &options, 2000);
    let median = samples[samples.len() / 2];
    println!(
        "evaluate: {} periods, {cities} cities, {routes} routes: median {:.1} µs, p90 {:.1} µs, min {:.1} µs ({} rounds)",
        history.periods.len(),
        median,
        samples[samples.len() * 9 / 10],
        samples[0],
        samples.len()
    );
    println!("median_us={median:.1}");
    report_alone(&check(&rules, &history, &options).expect("the history is valid"));
    page_rules(&rules, &history, &options);
    what_if(&rules, &history);
    growth(&rules);
    worst_cases(&rules, &options);
}

/// Times of `rounds` checks (fewer where each is slow: about a second at
/// most), in microseconds, sorted.
fn measure(
    rules: &RuleSet,
    history: &HistoryInput,
    options: &CheckOptions,
    rounds: usize,
) -> Vec<f64> {
    // Warm up first (the allocator's heap, the caches): about a tenth of a
    // second, so that the first row measured is measured like the others.
    let began = Instant::now();
    while began.elapsed() < Duration::from_millis(100) {
        black_box(check(black_box(rules), black_box(history), black_box(options)).ok());
    }
    let budget = Duration::from_secs(1);
    let began = Instant::now();
    let mut samples = Vec::with_capacity(rounds);
    while samples.len() < rounds && (samples.len() < 21 || began.elapsed() < budget) {
        let start = Instant::now();
        black_box(check(black_box(rules), black_box(history), black_box(options)).ok());
        samples.push(start.elapsed().as_nanos() as f64 / 1000.0);
    }
    samples.sort_by(|a, b| a.total_cmp(b));
    samples
}

fn median_of(rules: &RuleSet, history: &HistoryInput, options: &CheckOptions) -> f64 {
    check(rules, history, options).expect("the benchmark history is valid");
    let samples = measure(rules, history, options, 2000);
    samples[samples.len() / 2]
}

/// The report of that check alone: a copy of it made and dropped, which
/// allocates what the check's report allocates (its strings and lists) and
/// counts nothing. Printed as `report_copy_us=`: the part of the check's
/// time that any counting leaves.
fn report_alone(report: &hukou_years::Report) {
    let rounds = 2000;
    let mut samples = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        let start = Instant::now();
        black_box(black_box(report).clone());
        samples.push(start.elapsed().as_nanos() as f64 / 1000.0);
    }
    samples.sort_by(|a, b| a.total_cmp(b));
    let median = samples[rounds / 2];
    let json = serde_json::to_string(report).expect("the report serializes");
    println!(
        "the report alone ({} bytes of JSON), copied and dropped: median {median:.1} µs",
        json.len()
    );
    println!("report_copy_us={median:.1}");
}

/// The same check with the rules the page's engine reads (`rules.bin`):
/// everything that decides a verdict, without the texts (sources, quotes,
/// assumptions), which the page takes from the rules' texts once rather than
/// from every report. Printed as `page_rules_us=`.
fn page_rules(rules: &RuleSet, history: &HistoryInput, options: &CheckOptions) {
    let lean = RuleSet::from_validated_bundle(rules.to_bundle().without_prose())
        .unwrap_or_else(|_| panic!("the shipped rules without their texts load"));
    let median = median_of(&lean, history, options);
    let json =
        serde_json::to_string(&check(&lean, history, options).expect("the history is valid"))
            .expect("the report serializes");
    println!(
        "the page's rules (rules.bin, without the texts): median {median:.1} µs; report {} bytes of JSON",
        json.len()
    );
    println!("page_rules_us={median:.1}");
}

/// The same history with a what-if: moving both kinds to the first city with
/// rules six months after the evaluation month, timed in turn with the plain
/// check (one of each per round, so that both see the same machine).
/// Printed as `what_if_us=` and `what_if_plain_us=`.
fn what_if(rules: &RuleSet, history: &HistoryInput) {
    let plain = CheckOptions::at(AS_OF).expect("a valid date");
    let mut moved = plain.clone();
    moved.what_if = Some(WhatIfInput {
        city: rules.city_id(rules.cities[0].city).to_string(),
        from: "2027-05".into(),
        kinds: None,
    });
    check(rules, history, &moved).expect("the what-if is valid");
    let rounds = 2000;
    let (mut a, mut b) = (Vec::with_capacity(rounds), Vec::with_capacity(rounds));
    for round in 0..rounds + 200 {
        for (options, samples) in [(&plain, &mut a), (&moved, &mut b)] {
            let start = Instant::now();
            black_box(check(black_box(rules), black_box(history), black_box(options)).ok());
            // The first rounds warm up.
            if round >= 200 {
                samples.push(start.elapsed().as_nanos() as f64 / 1000.0);
            }
        }
    }
    for samples in [&mut a, &mut b] {
        samples.sort_by(|x, y| x.total_cmp(y));
    }
    let (plain, median) = (a[rounds / 2], b[rounds / 2]);
    println!(
        "what-if: the same history, moving to {} in 2027-05: median {median:.1} µs, {:.2}× the plain check timed in turn ({plain:.1} µs)",
        moved.what_if.as_ref().map_or("", |w| w.city.as_str()),
        median / plain
    );
    println!("what_if_us={median:.1}");
    println!("what_if_plain_us={plain:.1}");
}

/// Rows `row_<series>_<size>_us=`: the history's length with the shipped
/// rules, then the number of cities with rules with a 100-period history
/// over them.
fn growth(rules: &RuleSet) {
    let options = CheckOptions::at(AS_OF).expect("a valid date");
    for periods in [10, 100, 1000] {
        let history = histories::synthetic(rules, periods, histories::SEED);
        let median = median_of(rules, &history, &options);
        println!("periods: {periods} periods, shipped rules: median {median:.1} µs");
        println!("row_periods_{periods}_us={median:.1}");
    }
    for cities in [11, 35, 100, 300] {
        let synthetic = copies(rules, cities);
        let history = histories::synthetic(&synthetic, 100, histories::SEED);
        let report = check(&synthetic, &history, &options).expect("the history is valid");
        let routes: usize = report.cities.iter().map(|c| c.routes.len()).sum();
        let median = median_of(&synthetic, &history, &options);
        println!(
            "cities: {cities} cities with rules, {} cities and {routes} routes answered, 100 periods: median {median:.1} µs",
            report.cities.len()
        );
        println!("row_cities_{cities}_us={median:.1}");
    }
}

/// The shipped rules with `n` cities with rules: the shipped cities, then
/// other cities of the gazetteer in its order, each with a copy of a shipped
/// city's rules; and one more agreement under which all of them recognise
/// each other's months of both kinds (a copy of the first shipped agreement's
/// version, with its dates and sources).
fn copies(rules: &RuleSet, n: usize) -> RuleSet {
    let Bundle {
        rules_version,
        gazetteer,
        cities: originals,
        mut agreements,
    } = rules.to_bundle();
    let mut ids: Vec<String> = originals.iter().map(|d| d.doc.city.clone()).collect();
    for city in &gazetteer.doc.cities {
        if !ids.contains(&city.id) {
            ids.push(city.id.clone());
        }
    }
    assert!(ids.len() >= n, "the gazetteer has fewer than {n} cities");
    ids.truncate(n);
    let cities = ids
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let mut doc = originals[i % originals.len()].clone();
            doc.doc.city = id.clone();
            doc.file = format!("cities/{id}.json");
            doc
        })
        .collect();
    let mut region = agreements
        .first()
        .expect("the shipped rules have an agreement")
        .clone();
    let mut version = region.doc.versions[0].clone();
    version.effective_until = None;
    version.recognising = ids.clone();
    version.partners = ids;
    version.kinds = vec![Kind::SocialInsurance, Kind::Residence];
    region.file = "agreements/bench_region.json".into();
    region.doc = Agreement {
        id: "bench_region".into(),
        name_zh: "基准测试区域".into(),
        name_en: "benchmark region".into(),
        versions: vec![version],
    };
    agreements.push(region);
    RuleSet::from_validated_bundle(Bundle {
        rules_version,
        gazetteer,
        cities,
        agreements,
    })
    .expect("the copies index")
}

/// Histories at the limits (README, Performance): the most periods accepted,
/// all covering the same months, and as many short periods spread over every
/// city of the gazetteer. Printed as `worst_…_us=` lines after the median.
fn worst_cases(rules: &RuleSet, options: &CheckOptions) {
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
        let samples = measure(rules, history, options, 200);
        let median = samples[samples.len() / 2];
        println!(
            "{name}: {} periods: median {median:.1} µs, p90 {:.1} µs; report {} bytes of JSON, {} history notes",
            history.periods.len(),
            samples[samples.len() * 9 / 10],
            json.len(),
            report.history_notes.len()
        );
        println!("{name}={median:.1}");
    }
}
