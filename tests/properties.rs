//! Properties of counting that must hold for any history, on the shipped rules.

#![cfg(not(target_arch = "wasm32"))]

use std::sync::LazyLock;

use hukou_years::report::CityReport;
use hukou_years::{check, CheckOptions, HistoryInput, Month, PeriodInput, RuleSet};
use proptest::prelude::*;

#[path = "support/histories.rs"]
mod histories;

const AS_OF: &str = "2026-11-26";
/// The cities the rules know (`histories::cities`); strategies pick indices
/// into this list.
static CITIES: LazyLock<Vec<String>> = LazyLock::new(|| histories::cities(&rules()));
/// The evaluation month's index (2026-11).
const LAST: i32 = 2026 * 12 + 10;
const FIRST: i32 = 2005 * 12;

fn month(index: i32) -> String {
    histories::month(index)
}

/// (city, kind, first month, length, ongoing, back-paid)
type Raw = (usize, bool, i32, i32, bool, bool);

fn raw_period() -> impl Strategy<Value = Raw> {
    (
        0..CITIES.len(),
        any::<bool>(),
        FIRST..=LAST,
        1..72i32,
        prop::bool::weighted(0.2),
        prop::bool::weighted(0.15),
    )
}

fn to_period(&(city, residence, from, length, ongoing, back_paid): &Raw) -> PeriodInput {
    let to = (from + length - 1).min(LAST);
    let ongoing = ongoing && !back_paid;
    histories::period(
        &CITIES[city],
        residence,
        from,
        (!ongoing).then_some(to),
        back_paid,
    )
}

fn history(periods: Vec<PeriodInput>, hukou: Option<usize>) -> HistoryInput {
    HistoryInput {
        version: None,
        hukou_city: hukou.map(|h| CITIES[h].clone()),
        periods,
    }
}

fn cities(rules: &RuleSet, history: &HistoryInput) -> Vec<CityReport> {
    check(rules, history, &CheckOptions::at(AS_OF).unwrap())
        .expect("generated histories are valid")
        .cities
}

fn json(cities: &[CityReport]) -> serde_json::Value {
    serde_json::to_value(cities).unwrap()
}

/// What a person reads off the result: status, projection and every
/// requirement's figures (the explanation may differ, e.g. by an overlap note).
fn outcome(cities: &[CityReport]) -> serde_json::Value {
    let routes: Vec<serde_json::Value> = cities
        .iter()
        .flat_map(|c| c.routes.iter())
        .map(|r| {
            serde_json::json!({
                "route": r.route,
                "status": r.status,
                "eligible_from": r.eligible_from,
                "requirements": r.requirements,
            })
        })
        .collect();
    serde_json::Value::Array(routes)
}

/// Every requirement's counted months, in report order.
fn counted(cities: &[CityReport]) -> Vec<(String, u32)> {
    cities
        .iter()
        .flat_map(|c| {
            c.routes.iter().flat_map(move |r| {
                r.requirements.iter().map(move |q| {
                    (
                        format!("{}/{}/{:?}", c.city, r.route, q.kind),
                        q.counted_months,
                    )
                })
            })
        })
        .collect()
}

fn rules() -> RuleSet {
    hukou_years::rules::shipped::default_rules()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn the_order_of_periods_does_not_matter(raw in prop::collection::vec(raw_period(), 0..12), hukou in prop::option::of(0..CITIES.len()), seed in any::<u64>()) {
        let rules = rules();
        let periods: Vec<PeriodInput> = raw.iter().map(to_period).collect();
        let mut shuffled = periods.clone();
        // A deterministic shuffle from the seed.
        let mut state = seed | 1;
        for i in (1..shuffled.len()).rev() {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17;
            shuffled.swap(i, (state % (i as u64 + 1)) as usize);
        }
        prop_assert_eq!(json(&cities(&rules, &history(periods, hukou))), json(&cities(&rules, &history(shuffled, hukou))));
    }

    #[test]
    fn splitting_a_period_does_not_matter(raw in prop::collection::vec(raw_period(), 1..10), pick in any::<prop::sample::Index>(), at in any::<prop::sample::Index>()) {
        let rules = rules();
        let periods: Vec<PeriodInput> = raw.iter().map(to_period).collect();
        let i = pick.index(periods.len());
        let p = &periods[i];
        let from = Month::parse(&p.from).unwrap().index();
        let to = p.to.as_deref().map_or(LAST, |t| Month::parse(t).unwrap().index());
        prop_assume!(to > from);
        let cut = from + at.index((to - from) as usize) as i32; // from..to-1
        let mut split = periods.clone();
        let mut second = p.clone();
        split[i].to = Some(month(cut));
        second.from = month(cut + 1);
        split.insert(i + 1, second);
        prop_assert_eq!(json(&cities(&rules, &history(periods, None))), json(&cities(&rules, &history(split, None))));
    }

    #[test]
    fn adding_a_period_never_lowers_counted_months(raw in prop::collection::vec(raw_period(), 0..10), extra in raw_period()) {
        let rules = rules();
        let periods: Vec<PeriodInput> = raw.iter().map(to_period).collect();
        let before = counted(&cities(&rules, &history(periods.clone(), None)));
        let mut more = periods;
        more.push(to_period(&extra));
        let after = counted(&cities(&rules, &history(more, None)));
        for ((name, b), (_, a)) in before.iter().zip(&after) {
            prop_assert!(a >= b, "{}: {} months before, {} after adding {:?}", name, b, a, extra);
        }
    }

    #[test]
    fn counted_months_never_exceed_calendar_months(raw in prop::collection::vec(raw_period(), 1..12)) {
        let rules = rules();
        let periods: Vec<PeriodInput> = raw.iter().map(to_period).collect();
        let earliest = periods.iter().map(|p| Month::parse(&p.from).unwrap()).min().unwrap();
        for city in cities(&rules, &history(periods, None)) {
            for route in &city.routes {
                for q in &route.requirements {
                    let calendar = earliest.span_to(q.cutoff);
                    prop_assert!(q.counted_months <= calendar, "{}/{}: {} counted in {} calendar months", city.city, route.route, q.counted_months, calendar);
                    prop_assert!(q.local_months <= q.counted_months);
                }
            }
        }
    }

    #[test]
    fn overlapping_records_in_one_city_count_once(raw in prop::collection::vec(raw_period(), 1..10), pick in any::<prop::sample::Index>()) {
        let rules = rules();
        let periods: Vec<PeriodInput> = raw.iter().map(to_period).collect();
        let mut doubled = periods.clone();
        doubled.push(periods[pick.index(periods.len())].clone());
        prop_assert_eq!(outcome(&cities(&rules, &history(periods, None))), outcome(&cities(&rules, &history(doubled, None))));
    }
}
