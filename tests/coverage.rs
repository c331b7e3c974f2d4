#![cfg(not(target_arch = "wasm32"))]
//! Temporal coverage of the shipped rules.
//!
//! This is a coverage test, not a correctness test: it proves that from the
//! day each route's first version takes effect up to the last date the data
//! was checked, some version is in force (no date falls into a gap and comes
//! out "unknown"), and that no two versions of a route or an agreement are in
//! force on the same day. It says nothing about whether the rules themselves
//! are right; the scenario cases and `rules/README.md` do that.

use chrono::{Datelike, Days, NaiveDate};
use hukou_years::report::{RouteReason, Status};
use hukou_years::{check, rules::shipped, CheckOptions, HistoryInput};

/// The date the data was last verified against the sources.
const LAST_CHECKED: &str = "2026-11-26";

/// `YYYY-MM-DD` (chrono's `format` needs a feature the crate does not enable).
fn text(day: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", day.year(), day.month(), day.day())
}

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap_or_else(|e| panic!("{text:?}: {e}"))
}

/// The first version's effective date, every quarter start (1 January,
/// 1 April, 1 July, 1 October) after it, the days around every version
/// boundary, and the last checked date; all up to the last checked date.
fn sweep(first: NaiveDate, boundaries: &[NaiveDate], last: NaiveDate) -> Vec<NaiveDate> {
    let mut dates = vec![first, last];
    let mut quarter = NaiveDate::from_ymd_opt(first.year(), 1, 1).expect("1 January");
    while quarter <= last {
        if quarter >= first {
            dates.push(quarter);
        }
        quarter = quarter
            .checked_add_months(chrono::Months::new(3))
            .expect("a later quarter");
    }
    for &boundary in boundaries {
        for day in [
            boundary.checked_sub_days(Days::new(1)),
            Some(boundary),
            boundary.checked_add_days(Days::new(1)),
        ]
        .into_iter()
        .flatten()
        {
            if first <= day && day <= last {
                dates.push(day);
            }
        }
    }
    dates.sort();
    dates.dedup();
    dates
}

#[test]
fn every_route_has_a_version_in_force_at_every_quarter_up_to_the_last_check() {
    let rules = shipped::default_rules();
    let last = date(LAST_CHECKED);
    let history = HistoryInput::default();
    let mut gaps = Vec::new();
    let mut checked = 0;
    for city in &rules.cities {
        let id = rules.city_id(city.city).to_string();
        for route in &city.rules.routes {
            let first = date(&route.versions[0].effective_from.to_string());
            let boundaries: Vec<NaiveDate> = route
                .versions
                .iter()
                .flat_map(|v| {
                    std::iter::once(date(&v.effective_from.to_string()))
                        .chain(v.effective_until.map(|u| date(&u.to_string())))
                })
                .collect();
            for day in sweep(first, &boundaries, last) {
                let options = CheckOptions {
                    as_of: text(day),
                    cities: vec![id.clone()],
                    what_if: None,
                };
                let report = check(&rules, &history, &options)
                    .unwrap_or_else(|e| panic!("{id}/{} at {day}: {e:?}", route.id));
                let (status, reason) = report
                    .cities
                    .iter()
                    .find(|c| c.city == id)
                    .and_then(|c| c.routes.iter().find(|r| r.route == route.id))
                    .map(|r| (r.status, r.reason))
                    .unwrap_or_else(|| {
                        panic!("{id}/{} is missing from the report at {day}", route.id)
                    });
                checked += 1;
                // A version whose thresholds are `unknown` is in force: it
                // answers unknown with its reason, which is not a gap.
                if status == Status::Unknown && reason != Some(RouteReason::ThresholdUnknown) {
                    gaps.push(format!("{id}/{}: no version in force on {day}", route.id));
                }
            }
        }
    }
    assert!(checked > 100, "only {checked} dates were checked");
    assert!(gaps.is_empty(), "coverage gaps:\n{}", gaps.join("\n"));
}

#[test]
fn every_route_is_unknown_the_day_before_its_first_version() {
    // The other side of the sweep: before the first encoded version the
    // checker must say "unknown", never a made-up status.
    let rules = shipped::default_rules();
    let history = HistoryInput::default();
    for city in &rules.cities {
        let id = rules.city_id(city.city).to_string();
        for route in &city.rules.routes {
            let first = date(&route.versions[0].effective_from.to_string());
            let before = first.checked_sub_days(Days::new(1)).expect("a day before");
            let options = CheckOptions {
                as_of: text(before),
                cities: vec![id.clone()],
                what_if: None,
            };
            let report = check(&rules, &history, &options).expect("an empty history is valid");
            let status = report.cities[0]
                .routes
                .iter()
                .find(|r| r.route == route.id)
                .map(|r| r.status);
            assert_eq!(
                status,
                Some(Status::Unknown),
                "{id}/{} on {before}",
                route.id
            );
        }
    }
}

/// Overlaps, found by walking the versions (not through the checker): each
/// version must end before the next one begins.
fn overlaps(what: &str, spans: &[(String, Option<String>)]) -> Vec<String> {
    let mut problems = Vec::new();
    for (i, pair) in spans.windows(2).enumerate() {
        let (from, until) = (&pair[0].0, &pair[0].1);
        let next_from = date(&pair[1].0);
        match until {
            None => problems.push(format!(
                "{what}: version {i} (from {from}) never ends, but version {} starts on {next_from}",
                i + 1
            )),
            Some(until) if date(until) >= next_from => problems.push(format!(
                "{what}: version {i} is in force until {until}, but version {} starts on {next_from}",
                i + 1
            )),
            Some(_) => {}
        }
    }
    for (i, (from, until)) in spans.iter().enumerate() {
        if let Some(until) = until {
            if date(until) < date(from) {
                problems.push(format!(
                    "{what}: version {i} ends ({until}) before it starts ({from})"
                ));
            }
        }
    }
    problems
}

/// Version spans as text, for `overlaps`.
fn spans(
    versions: impl Iterator<Item = (hukou_years::Date, Option<hukou_years::Date>)>,
) -> Vec<(String, Option<String>)> {
    versions
        .map(|(from, until)| (from.to_string(), until.map(|u| u.to_string())))
        .collect()
}

#[test]
fn no_two_versions_overlap() {
    let rules = shipped::default_rules();
    let mut problems = Vec::new();
    for city in &rules.cities {
        let id = rules.city_id(city.city);
        for route in &city.rules.routes {
            let spans = spans(
                route
                    .versions
                    .iter()
                    .map(|v| (v.effective_from, v.effective_until)),
            );
            problems.extend(overlaps(&format!("{id}/{}", route.id), &spans));
        }
    }
    for agreement in &rules.agreements {
        let spans = spans(
            agreement
                .doc
                .versions
                .iter()
                .map(|v| (v.effective_from, v.effective_until)),
        );
        problems.extend(overlaps(&format!("agreement {}", agreement.doc.id), &spans));
    }
    assert!(
        problems.is_empty(),
        "overlapping versions:\n{}",
        problems.join("\n")
    );
}

#[test]
fn no_version_was_verified_after_the_last_check() {
    // verified_on is a person's statement; a date after the last check would
    // claim a verification that has not happened.
    let rules = shipped::default_rules();
    let last = date(LAST_CHECKED);
    for city in &rules.cities {
        for route in &city.rules.routes {
            for v in &route.versions {
                assert!(
                    date(&v.verified_on.to_string()) <= last,
                    "{}/{}",
                    city.file,
                    route.id
                );
                assert!(
                    date(&v.effective_from.to_string()) <= last,
                    "{}/{}",
                    city.file,
                    route.id
                );
            }
        }
    }
    for agreement in &rules.agreements {
        for v in &agreement.doc.versions {
            assert!(
                date(&v.verified_on.to_string()) <= last,
                "{}",
                agreement.file
            );
        }
    }
}
