//! Synthetic histories, made from the cities the rules know: one generator for
//! the benchmark (`benches/evaluate.rs`), the property tests
//! (`tests/properties.rs`) and the page's budgets (`examples/sample_history.rs`,
//! run by `scripts/budgets.sh`), so that they all exercise the same cities and
//! follow the rules when cities or agreements are added.
//!
//! Each of them includes this file with `#[path = …] mod histories;`: it is not
//! part of the library, so the page's WebAssembly never carries it.

// Each includer uses only some of what is here.
#![allow(dead_code)]

use hukou_years::history::FORMAT_VERSION;
use hukou_years::{HistoryInput, Month, PeriodInput, RuleSet};

/// The seed of the history the benchmark and the page's budgets measure.
pub const SEED: u64 = 2025;

/// A synthetic history's closed periods start from this month (1990-01)…
const FIRST: i32 = 1990 * 12;
/// …and end before its ongoing periods, which start in this month (2025-06).
const ONGOING_FROM: i32 = 2025 * 12 + 5;

/// The cities a synthetic history visits: every city with rules, in gazetteer
/// order; then partners of agreements that have no rules of their own; then
/// the first gazetteer city that is in neither, whose months count nowhere.
pub fn cities(rules: &RuleSet) -> Vec<String> {
    let mut ids: Vec<String> = rules
        .cities
        .iter()
        .map(|c| rules.city_id(c.city).to_string())
        .collect();
    for agreement in &rules.agreements {
        for version in &agreement.doc.versions {
            for city in version.partners.iter().chain(&version.recognising) {
                if let Some(idx) = rules.city_by_name(city) {
                    let id = rules.city_id(idx);
                    if !ids.iter().any(|known| known == id) {
                        ids.push(id.to_string());
                    }
                }
            }
        }
    }
    if let Some(elsewhere) = rules.gazetteer.cities.iter().find(|c| !ids.contains(&c.id)) {
        ids.push(elsewhere.id.clone());
    }
    ids
}

/// The kind of record, by name.
pub fn kind(residence: bool) -> &'static str {
    if residence {
        "residence"
    } else {
        "social_insurance"
    }
}

/// A month index (`Month::index`) as `YYYY-MM`.
pub fn month(index: i32) -> String {
    Month::from_index(index).to_string()
}

/// One period in the public history format; `to` None: ongoing.
pub fn period(
    city: &str,
    residence: bool,
    from: i32,
    to: Option<i32>,
    back_paid: bool,
) -> PeriodInput {
    PeriodInput {
        city: city.to_string(),
        kind: kind(residence).to_string(),
        from: month(from),
        to: to.map(month),
        back_paid,
        note: None,
    }
}

/// A deterministic history of `periods` periods from `seed`, shaped like a long
/// working life: closed periods of 2 to 14 months starting evenly over
/// 1990-01…2025-05 (so some overlap and some leave gaps), in random cities
/// and of random kinds, about one in eight back-paid; then, from 2025-06, the
/// last two (one of each kind, in one city with rules) ongoing. The hukou is
/// in another city. Valid for any evaluation date from 2025-06 on.
pub fn synthetic(rules: &RuleSet, periods: usize, seed: u64) -> HistoryInput {
    let cities = cities(rules);
    assert!(!cities.is_empty(), "the rules name no city");
    let with_rules = rules.cities.len().clamp(1, cities.len());
    let mut random = SplitMix64(seed);
    let ongoing = periods.min(2);
    let closed = periods - ongoing;
    let span = ONGOING_FROM - FIRST;
    let mut out = Vec::with_capacity(periods);
    for i in 0..closed {
        let from = FIRST + (i as i64 * i64::from(span) / closed as i64) as i32;
        let to = (from + 1 + random.below(13) as i32).min(ONGOING_FROM - 1);
        let city = &cities[random.below(cities.len() as u64) as usize];
        let residence = random.below(2) == 1;
        let back_paid = random.below(8) == 0;
        out.push(period(city, residence, from, Some(to), back_paid));
    }
    let here = random.below(with_rules as u64) as usize;
    for residence in [false, true].into_iter().take(ongoing) {
        out.push(period(&cities[here], residence, ONGOING_FROM, None, false));
    }
    let others = cities.len() as u64 - 1;
    let hukou = (others > 0).then(|| {
        let hukou = (here + 1 + random.below(others) as usize) % cities.len();
        cities[hukou].clone()
    });
    HistoryInput {
        version: Some(FORMAT_VERSION),
        hukou_city: hukou,
        periods: out,
    }
}

/// SplitMix64: small, and the same sequence on every platform.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` ≥ 1).
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}
