//! Properties of counting that must hold for any history, on the shipped rules.

#![cfg(not(target_arch = "wasm32"))]

use std::sync::LazyLock;

use hukou_years::report::{CityReport, CityStatus, Status};
use hukou_years::rules::{Confidence, Part};
use hukou_years::{check, CheckOptions, HistoryInput, Month, PeriodInput, RuleSet};
use proptest::prelude::*;

#[path = "support/histories.rs"]
mod histories;

const AS_OF: &str = "2026-11-26";
/// The cities the rules know (`histories::cities`); strategies pick indices
/// into this list.
static CITIES: LazyLock<Vec<String>> = LazyLock::new(|| histories::cities(&rules()));
/// Every city of the gazetteer, rules or not.
static ALL: LazyLock<Vec<String>> = LazyLock::new(|| {
    let rules = rules();
    rules
        .gazetteer
        .cities
        .iter()
        .map(|c| c.id.clone())
        .collect()
});
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

    /// Moving the evaluation date forward never lowers the months counted
    /// for ongoing periods (§3, §6): here every city and kind of the history
    /// continues from before the earliest cut-off in play (December of the
    /// previous year) past the evaluation month, so no month after it is a gap.
    /// Compared where the same rule version is in force on both dates and
    /// the same agreements were counted through.
    #[test]
    fn a_later_evaluation_date_never_lowers_counted_months(raw in prop::collection::vec(raw_period(), 1..10), later in 1i32..48) {
        let rules = rules();
        let mut periods: Vec<PeriodInput> = raw.iter().map(to_period).collect();
        let mut tracks: Vec<(String, String)> = periods.iter().map(|p| (p.city.clone(), p.kind.clone())).collect();
        tracks.dedup();
        for (city, kind) in tracks {
            periods.push(PeriodInput { city, kind, from: month(LAST - 22), to: None, back_paid: false, note: None });
        }
        let history = history(periods, None);
        let at = |as_of: &str| check(&rules, &history, &CheckOptions::at(as_of).unwrap()).expect("valid").cities;
        let date = format!("{}-15", month(LAST + later));
        let (now, then) = (at(AS_OF), at(&date));
        for (a, b) in now.iter().zip(&then) {
            for (r, s) in a.routes.iter().zip(&b.routes) {
                let same_rules = r.effective_from == s.effective_from
                    && r.agreements.iter().map(|x| &x.agreement).eq(s.agreements.iter().map(|x| &x.agreement));
                if !same_rules {
                    continue;
                }
                for (q, p) in r.requirements.iter().zip(&s.requirements) {
                    prop_assert!(p.counted_months >= q.counted_months, "{}/{}: {} months on {}, {} on {}", a.city, r.route, q.counted_months, AS_OF, p.counted_months, date);
                }
            }
        }
    }

    /// The projected month is the first month at which the evaluator itself
    /// says every requirement is met (§8): evaluated on the first day of that
    /// month the route is eligible, and in the month before it is not.
    /// Compared where the same rule version and agreements apply.
    #[test]
    fn the_projection_is_the_first_month_the_evaluator_says_met(raw in prop::collection::vec(raw_period(), 1..10)) {
        let rules = rules();
        let periods: Vec<PeriodInput> = raw.iter().map(to_period).collect();
        let history = history(periods, None);
        let at = |as_of: &str| check(&rules, &history, &CheckOptions::at(as_of).unwrap()).expect("valid").cities;
        let now = at(AS_OF);
        for city in &now {
            for route in &city.routes {
                let Some(projected) = route.eligible_from else { continue };
                // Each projected month is judged with the rules in force on
                // its first day: compared where that version applies.
                let same = |other: &[CityReport]| {
                    let r = other.iter().find(|c| c.city == city.city)?.routes.iter().find(|r| r.route == route.route)?;
                    (r.effective_from == route.eligible_from_rule).then_some(r.status)
                };
                if let Some(status) = same(&at(&format!("{projected}-01"))) {
                    prop_assert!(status.is_met(), "{}/{} at {}: {:?}", city.city, route.route, projected, status);
                }
                let before = projected.plus(-1);
                if before.index() > LAST {
                    if let Some(status) = same(&at(&format!("{before}-01"))) {
                        prop_assert!(!status.is_met(), "{}/{} already at {}", city.city, route.route, before);
                    }
                }
            }
        }
    }

    /// Every requested city answers, once, in the order of the gazetteer:
    /// with its routes, with no_rules, or as the hukou city — never silence.
    #[test]
    fn the_report_names_every_requested_city(raw in prop::collection::vec(raw_period(), 0..6), hukou in prop::option::of(0..CITIES.len()), picks in prop::collection::vec(0..ALL.len(), 1..6)) {
        let rules = rules();
        let history = history(raw.iter().map(to_period).collect(), hukou);
        let mut options = CheckOptions::at(AS_OF).unwrap();
        options.cities = picks.iter().map(|&i| ALL[i].clone()).collect();
        let report = check(&rules, &history, &options).expect("valid");
        let mut wanted: Vec<&String> = picks.iter().map(|&i| &ALL[i]).collect();
        wanted.sort_by_key(|id| ALL.iter().position(|c| &c == id));
        wanted.dedup();
        let answered: Vec<&String> = report.cities.iter().map(|c| &c.city).collect();
        prop_assert_eq!(answered, wanted);
        for city in &report.cities {
            let hukou_here = history.hukou_city.as_deref() == Some(city.city.as_str());
            let has_rules = rules.city_by_name(&city.city).and_then(|c| rules.rules_of(c)).is_some();
            let expected = if hukou_here { CityStatus::AlreadyRegistered } else if has_rules { CityStatus::Rules } else { CityStatus::NoRules };
            prop_assert_eq!(city.status, expected, "{}", city.city);
            prop_assert_eq!(city.routes.is_empty(), expected != CityStatus::Rules, "{}", city.city);
        }
    }

    /// A route's headline is a plain `eligible` only when nothing it needs
    /// is unverified: not the route's own source, not the months of an
    /// unverified agreement (the count without them falls short), not a
    /// part of a requirement that is an assumption (for recognition and
    /// the local minimum: the local months alone fall short).
    #[test]
    fn a_plain_eligible_never_rests_on_anything_unverified(raw in prop::collection::vec(raw_period(), 1..10)) {
        let rules = rules();
        let history = history(raw.iter().map(to_period).collect(), None);
        for city in cities(&rules, &history) {
            let idx = rules.city_by_name(&city.city).unwrap();
            for route in city.routes.iter().filter(|r| r.status == Status::Eligible) {
                prop_assert_ne!(route.rule_confidence, Some(Confidence::Unverified));
                prop_assert!(route.weak.is_empty() && route.pilot_ended.is_empty() && route.hukou_unchecked.is_none());
                let unverified: Vec<&str> = route.agreements.iter()
                    .filter(|a| a.confidence == Confidence::Unverified)
                    .map(|a| a.agreement.as_str()).collect();
                let doc = rules.rules_of(idx).unwrap();
                let version = doc.rules.routes.iter().find(|r| r.id == route.route).unwrap()
                    .versions.iter().find(|v| Some(v.effective_from) == route.effective_from).unwrap();
                for (q, req) in route.requirements.iter().zip(&version.requirements) {
                    // Shipped agreements have ratio 1 and no cap: raw months count whole.
                    let weak: u32 = q.from_cities.iter().filter(|f| unverified.contains(&f.agreement.as_str())).map(|f| f.months).sum();
                    prop_assert!(q.counted_months - weak >= q.required_months, "{}/{} needs an unverified agreement", city.city, route.route);
                    if req.assumed.iter().any(|p| matches!(p, Part::Recognition | Part::LocalMinimum)) {
                        prop_assert!(q.local_months >= q.required_months, "{}/{} needs partner months on an assumption", city.city, route.route);
                    }
                }
            }
        }
    }

    /// A history written as JSON reads back to the same history, and writes
    /// back to the same JSON, through the command line's reader and through
    /// the reader of JSON-shaped values the page uses.
    #[test]
    fn history_json_round_trips_exactly(
        raw in prop::collection::vec(raw_period(), 0..12),
        hukou in prop::option::of(0..CITIES.len()),
        version: bool,
        notes in prop::collection::vec(prop::option::of("[a-z 南京市社保\u{1F600}\"\\\\\n]{0,12}"), 12),
    ) {
        let mut periods: Vec<PeriodInput> = raw.iter().map(to_period).collect();
        for (period, note) in periods.iter_mut().zip(notes) {
            period.note = note;
        }
        let mut original = history(periods, hukou);
        original.version = version.then_some(1);
        let text = serde_json::to_string(&original).unwrap();
        let read = hukou_years::history::parse_json(&text).unwrap();
        prop_assert_eq!(&read, &original);
        prop_assert_eq!(serde_json::to_string(&read).unwrap(), text.clone());
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        let by_shape = hukou_years::history::read::read_history(&&value).unwrap();
        prop_assert_eq!(&by_shape, &original);
    }
}
