//! What the fuzz targets share: the shipped rules (built once), the fixed
//! evaluation date, and the invariants every report must keep.
//!
//! The invariants are the ones the counting semantics state outright (README,
//! "Counting semantics"); a report that breaks one panics, which the fuzzer
//! reports as a crash.

use std::sync::OnceLock;

use hukou_years::report::{Report, Status};
use hukou_years::{check, CheckOptions, HistoryInput, Month, RuleSet, WhatIfInput};

/// The evaluation date of every target that does not fuzz it.
pub const AS_OF: &str = "2026-11-26";

/// The shipped rules (`rules/`), validated once per process.
pub fn shipped() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(hukou_years::rules::shipped::default_rules)
}

pub fn options() -> CheckOptions {
    CheckOptions::at(AS_OF).expect("a valid evaluation date")
}

/// A what-if derived from the history itself: continue in the city of its
/// last period (or its hukou city), from a month after the evaluation month
/// that depends on the number of periods, for the last period's kind only
/// when there is an odd number of periods. Unknown cities and kinds are
/// reported as errors like any other option.
pub fn what_if_from(history: &HistoryInput, evaluation: Month) -> Option<WhatIfInput> {
    let last = history.periods.last();
    let city = last
        .map(|p| p.city.clone())
        .or_else(|| history.hukou_city.clone())?;
    let n = history.periods.len();
    Some(WhatIfInput {
        city,
        from: evaluation.plus(1 + (n % 37) as i32).to_string(),
        kinds: last.filter(|_| n % 2 == 1).map(|p| vec![p.kind.clone()]),
    })
}

/// Checks `history` with `options` and, when it gives a report, asserts the
/// report's invariants. Returns the report.
pub fn check_and_assert(
    rules: &RuleSet,
    history: &HistoryInput,
    options: &CheckOptions,
) -> Option<Report> {
    match check(rules, history, options) {
        Ok(report) => {
            assert_invariants(&report, history);
            Some(report)
        }
        Err(errors) => {
            assert!(!errors.is_empty(), "a check failed without an error");
            None
        }
    }
}

/// What every report keeps, whatever the history and the (validated) rules:
///
/// - a requirement's counted months are its local months plus its partner
///   months, and its missing months what the count lacks;
/// - a month counts once, and only months up to the cut-off count, which is
///   never after the evaluation month: the counted months are at most the
///   calendar months from the earliest period to the evaluation month (the
///   agreements' ratios are at most 1, which validation enforces);
/// - a met requirement has its months and its local minimum;
/// - a route is eligible exactly when every requirement is met, and then has
///   no projection; a route not yet eligible has either a projected month,
///   after the evaluation month, or the reason there is none.
pub fn assert_invariants(report: &Report, history: &HistoryInput) {
    let evaluation = report.evaluation_month;
    let earliest = history
        .periods
        .iter()
        .filter_map(|p| Month::parse(&p.from))
        .min();
    let span = earliest.map_or(0, |from| {
        u32::try_from(evaluation.index() - from.index() + 1).unwrap_or(0)
    });
    for city in &report.cities {
        for route in &city.routes {
            let at = format!("{}/{}", city.city, route.route);
            for req in &route.requirements {
                assert_eq!(
                    req.counted_months,
                    req.local_months + req.partner_months,
                    "{at}: counted = local + partner"
                );
                assert_eq!(
                    req.missing_months,
                    req.required_months.saturating_sub(req.counted_months),
                    "{at}: missing months"
                );
                assert!(
                    req.cutoff <= evaluation,
                    "{at}: cut-off after the evaluation month"
                );
                assert!(
                    req.counted_months <= span,
                    "{at}: {} months counted, but only {span} calendar months from the earliest period",
                    req.counted_months
                );
                if req.met {
                    assert!(req.counted_months >= req.required_months, "{at}: met short");
                    assert!(
                        req.local_months >= req.min_local_months,
                        "{at}: met below the local minimum"
                    );
                }
                if let Some(month) = req.eligible_from {
                    assert!(
                        month > evaluation,
                        "{at}: requirement projected to the past"
                    );
                }
            }
            match route.status {
                // Met, whatever the headline says it rests on.
                status if status.is_met() => {
                    assert!(
                        route.requirements.iter().all(|r| r.met),
                        "{at}: eligible, not met"
                    );
                    assert!(
                        !route.requirements.is_empty(),
                        "{at}: eligible without requirements"
                    );
                    assert!(
                        route.eligible_from.is_none(),
                        "{at}: eligible and projected"
                    );
                    assert!(
                        route.no_projection.is_none(),
                        "{at}: eligible, no projection"
                    );
                }
                Status::NotYet => {
                    assert!(
                        route.requirements.iter().any(|r| !r.met),
                        "{at}: not yet, all met"
                    );
                    assert!(
                        route.eligible_from.is_some() != route.no_projection.is_some(),
                        "{at}: not yet needs a projection or its reason, not both"
                    );
                    if let Some(month) = route.eligible_from {
                        assert!(month > evaluation, "{at}: projected to the past");
                    }
                }
                _ => {
                    assert!(
                        route.requirements.is_empty(),
                        "{at}: requirements without a count"
                    );
                    assert!(
                        route.eligible_from.is_none(),
                        "{at}: projected without a count"
                    );
                }
            }
        }
    }
}
