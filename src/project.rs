//! The projection (README, counting semantics §8 and §9): the first month at
//! which every requirement of a route would be met if every ongoing period
//! continues — or the what-if move happens — with the cut-off and "current"
//! recomputed for that month; or why there is none.
//!
//! One forward pass per requirement from the evaluation month: its counts
//! there, then the runs of months after it one at a time, each adding its
//! months to what it continues (after the evaluation month only ongoing
//! periods and the what-if cover anything, and never back-paid). A run of
//! covered months raises the counts, so the first cut-off in it that reaches
//! the requirement is a binary search within it; a run of missing months
//! keeps them, or ends a continuous streak once the gap is longer than
//! tolerated. That gives the cut-offs at which the counts reach the
//! requirement as ranges of months; the cut-off rule and "current" turn
//! them into the application months at which it is met, and a route is met
//! where all of its requirements are. No candidate month counts the
//! timeline again.

use crate::count::ranges::{intersect, overlaps_any, push_merged};
use crate::count::{tally, Timeline};
use crate::month::Month;
use crate::recognise::{Classified, Continues, Count};
use crate::report::NoProjection;
use crate::rules::{BackPaid, Counting, Cutoff};

/// The first application month after the evaluation month, up to `top` (at
/// most the timeline's end), at which every requirement in `reqs` is met,
/// or why there is none. `what_if_from` is the month a what-if move starts.
pub fn project(
    tl: &Timeline,
    reqs: &[&Classified],
    what_if_from: Option<Month>,
    top: i32,
) -> Result<Month, NoProjection> {
    let found = first_met_between(tl, reqs, tl.evaluation.index() + 1, top);
    found.ok_or_else(|| match (what_if_from, stops(tl, reqs)) {
        // Nothing continues for a requirement: its count no longer grows.
        (None, Some(c)) => {
            let top = Month::from_index(top);
            no_projection(c, &c.count(tl, top), c.continues(tl))
        }
        _ => why_not(tl, reqs, top),
    })
}

/// The first month in `from..=to`, all after the evaluation month, at which
/// every requirement in `reqs` is met (also for the months under a later
/// version of the rules than the one in force now).
pub fn first_met_between(tl: &Timeline, reqs: &[&Classified], from: i32, to: i32) -> Option<Month> {
    let mut met = vec![(from, to)];
    for c in reqs {
        if met.is_empty() {
            break;
        }
        met = intersect(&met, &met_months(c, tl, from, to));
    }
    let found = met
        .first()
        .filter(|_| from <= to)
        .map(|&(first, _)| Month::from_index(first));
    #[cfg(test)]
    assert_eq!(
        found,
        (from..=to)
            .find(|&at| reqs.iter().all(|c| c.count(tl, Month::from_index(at)).met))
            .map(Month::from_index),
        "the projection disagrees with a month-by-month scan"
    );
    found
}

/// The application months in `lo..=hi` (after the evaluation month) at
/// which `c` is met, as ranges.
fn met_months(c: &Classified, tl: &Timeline, lo: i32, hi: i32) -> Vec<(i32, i32)> {
    let req = c.req;
    let now = tl.evaluation.index();
    let mut met = Vec::new();
    match req.cutoff {
        Cutoff::EvaluationMonth => met = intersect(&reached(c, now, hi.min(tl.top)), &[(lo, hi)]),
        Cutoff::EndOfPreviousYear => {
            // The applications of a year all count to the December before.
            let (first, last) = (lo.div_euclid(12), hi.div_euclid(12));
            let reached = reached(c, now, (last * 12 - 1).min(tl.top));
            for year in first..=last {
                let december = year * 12 - 1;
                let yes = if december < now {
                    // Only the evaluation month's own cut-off is before it.
                    let n = c.count(tl, Month::from_index(year * 12));
                    n.counted >= req.months && n.tally.local >= req.min_local_months
                } else {
                    overlaps_any(&reached, december, december)
                };
                if yes {
                    push_merged(&mut met, 0, lo.max(year * 12), hi.min(year * 12 + 11));
                }
            }
        }
    }
    if req.must_be_current {
        // The application month must be covered in the city itself.
        let mut covered = Vec::new();
        if let Some(track) = tl.track(c.target, req.kind) {
            for segment in &track.segments {
                push_merged(&mut covered, 0, segment.from, segment.to);
            }
        }
        met = intersect(&met, &covered);
    }
    met
}

/// The cut-offs from `now` to `last` at which the counts of `c` reach its
/// months and its local minimum, as ranges: the forward pass.
fn reached(c: &Classified, now: i32, last: i32) -> Vec<(i32, i32)> {
    let req = c.req;
    let mut out = Vec::new();
    if last < now {
        return out;
    }
    let t = tally::tally(req, &c.runs, c.partners.len(), Month::from_index(now));
    // The counts of the streak (or of all months) up to the cut-off…
    let mut local = t.local;
    let mut raw = c.by_agreement(&t.raw);
    // …and, for a continuous streak, the missing months that end at the
    // cut-off: while they are tolerated, the count is that of the streak
    // before them; after, nothing.
    let continuous = req.counting == Counting::Continuous;
    let tolerance = u64::from(req.gap_tolerance_months);
    let mut gap = if continuous { trailing_gap(c, now) } else { 0 };
    let zero = vec![0; raw.len()];
    let nothing_reaches = c.reaches(0, &zero);
    let reaches = |local: u32, raw: &[u32], gap: u64| {
        if gap > tolerance {
            nothing_reaches
        } else {
            c.reaches(local, raw)
        }
    };
    if reaches(local, &raw, gap) {
        out.push((now, now));
    }
    let first = tally::run_at(&c.runs, now + 1);
    for run in &c.runs[first..] {
        let (a, b) = (run.from.max(now + 1), run.to.min(last));
        if a > b {
            break;
        }
        let len = (b - a + 1) as u32;
        if !run.class.is_covered() {
            if continuous {
                // Cut-offs a + j, j < kept, still see the streak.
                let kept = tolerance.saturating_sub(gap).min(u64::from(len)) as u32;
                if kept > 0 && reaches(local, &raw, 0) {
                    push_merged(&mut out, 0, a, a + kept as i32 - 1);
                }
                if kept < len && nothing_reaches {
                    push_merged(&mut out, 0, a + kept as i32, b);
                }
                gap = gap.saturating_add(u64::from(len));
            } else if reaches(local, &raw, 0) {
                push_merged(&mut out, 0, a, b);
            }
            continue;
        }
        // Records end by the evaluation month: what continues is paid.
        debug_assert!(!run.class.is_back_paid());
        if gap > tolerance {
            local = 0;
            raw.fill(0);
        }
        gap = 0;
        let slot = run.class.is_partner().then(|| c.slot_of(run.source));
        // The counts with the run's first k months.
        let with = |k: u32, raw: &mut Vec<u32>| match slot {
            None => c.reaches(local + k, raw),
            Some(s) => {
                raw[s] += k;
                let yes = c.reaches(local, raw);
                raw[s] -= k;
                yes
            }
        };
        if with(len, &mut raw) {
            // The counts only grow within the run: the first month that
            // reaches, by bisection.
            let (mut lo, mut hi) = (0, len);
            while hi - lo > 1 {
                let mid = lo + (hi - lo) / 2;
                if with(mid, &mut raw) {
                    hi = mid;
                } else {
                    lo = mid;
                }
            }
            push_merged(&mut out, 0, a + hi as i32 - 1, b);
        }
        match slot {
            None => local += len,
            Some(s) => raw[s] += len,
        }
    }
    out
}

/// The missing months that end at `month` in the walk back from it: months
/// not covered, and back-paid months that break streaks or that no cap
/// allows (the first back-paid month met is within any cap but zero).
fn trailing_gap(c: &Classified, month: i32) -> u64 {
    let req = c.req;
    let none_allowed =
        req.back_paid == BackPaid::BreaksStreak || req.back_paid_cap_months == Some(0);
    let end = tally::run_at(&c.runs, month);
    let mut gap = 0u64;
    for run in c.runs[..=end.min(c.runs.len().saturating_sub(1))]
        .iter()
        .rev()
    {
        let missing = !run.class.is_covered() || (run.class.is_back_paid() && none_allowed);
        if !missing || gap > u64::from(req.gap_tolerance_months) {
            break;
        }
        gap += (run.to.min(month) - run.from + 1) as u64;
    }
    gap
}

/// Without a what-if: a requirement whose months stop at the evaluation
/// month, if any.
fn stops<'a, 'r>(tl: &Timeline, reqs: &[&'a Classified<'r>]) -> Option<&'a Classified<'r>> {
    reqs.iter().copied().find(|c| {
        let continues = c.continues(tl);
        !continues.local && !continues.partner
    })
}

/// Why, from the first requirement still not met at the horizon.
pub fn why_not(tl: &Timeline, reqs: &[&Classified], top: i32) -> NoProjection {
    let top = Month::from_index(top);
    reqs.iter()
        .map(|c| (c, c.count(tl, top)))
        .find(|(_, n)| !n.met)
        .map_or(NoProjection::BeyondHorizon, |(c, n)| {
            no_projection(c, &n, c.continues(tl))
        })
}

/// Why a requirement is not met at the horizon (`n`), given what continues
/// (locally, through a partner).
pub fn no_projection(c: &Classified, n: &Count, continues: Continues) -> NoProjection {
    let Continues { local, partner } = continues;
    if c.req.must_be_current && !local {
        NoProjection::NotCurrent
    } else if !local && !partner {
        NoProjection::NothingOngoing
    } else if n.tally.local < c.req.min_local_months && !local {
        NoProjection::LocalMinimum
    } else if n.per_agreement.iter().any(|a| a.capped < a.converted) {
        NoProjection::CapReached
    } else {
        NoProjection::BeyondHorizon
    }
}

#[cfg(test)]
mod tests {
    //! Projections and what-ifs end to end on the fixture world
    //! (`crate::fixture`): a move can end a streak, or meet a requirement for
    //! a year only (§9); a move into a partner city projects through the
    //! agreement, a capped partner cannot carry it (§8); and every search
    //! agrees with a month-by-month scan, which [`project`] asserts under test.

    use crate::fixture::{first, ongoing, period, rules, run, run_with, si, what_if, Pact, Req};
    use crate::month::Month;
    use crate::report::{NoProjection, Step};
    use crate::rules::Kind;
    use crate::WhatIfInput;

    #[test]
    fn a_what_if_can_end_a_streak() {
        let rules = rules([Req::si(12).continuous()], None);
        let history = vec![ongoing("alpha", Kind::SocialInsurance, "2026-01")];
        // Without the what-if: 11 months now, 12 in December.
        assert_eq!(
            run(&rules, history.clone(), "2026-11-26").eligible_from,
            Month::parse("2026-12")
        );
        // Moving to beta in December: the streak never reaches 12.
        let route = run_with(
            &rules,
            history.clone(),
            "2026-11-26",
            None,
            Some(what_if("beta", "2026-12")),
        );
        assert_eq!(route.eligible_from, None);
        // Moving in February: met in December and January.
        let route = run_with(
            &rules,
            history,
            "2026-11-26",
            None,
            Some(what_if("beta", "2027-02")),
        );
        assert_eq!(route.eligible_from, Month::parse("2026-12"));
        assert!(route.explanation.contains(&Step::Projected {
            eligible_from: Month::parse("2026-12").unwrap(),
            what_if: true
        }));
    }

    #[test]
    fn a_what_if_can_meet_a_requirement_for_a_year_only() {
        // Twelve continuous months to the end of the previous year. Moving
        // away in January 2027: applications in 2027 still see the streak
        // that ended in December 2026; from 2028 on it is broken.
        let rules = rules([Req::si(12).continuous().previous_year_cutoff()], None);
        let history = vec![ongoing("alpha", Kind::SocialInsurance, "2025-06")];
        let route = run_with(
            &rules,
            history,
            "2026-11-26",
            None,
            Some(what_if("gamma", "2027-01")),
        );
        assert_eq!(route.eligible_from, Month::parse("2027-01"));
    }

    #[test]
    fn a_streak_that_stops_now_can_still_meet_a_previous_year_cutoff() {
        // 17 continuous months to the end of the previous year, a gap of two
        // tolerated. The record ends in the evaluation month (2026-11) and
        // nothing continues: an application in January 2027 looks back from
        // December 2026, a one-month gap, and sees all 17 months; from 2028
        // on the gap is too long. Found with and without a far what-if (the
        // search used to bisect before the move and missed 2027-01).
        let rules = rules(
            [Req::si(17).continuous().tolerate(2).previous_year_cutoff()],
            None,
        );
        let history = || {
            vec![
                si("alpha", "2025-07", "2026-06"),
                si("alpha", "2026-07", "2026-11"),
            ]
        };
        let plain = run(&rules, history(), "2026-11-26");
        assert_eq!(plain.eligible_from, Month::parse("2027-01"));
        let moved = run_with(
            &rules,
            history(),
            "2026-11-26",
            None,
            Some(what_if("alpha", "2028-02")),
        );
        assert_eq!(moved.eligible_from, Month::parse("2027-01"));
    }

    #[test]
    fn a_what_if_in_a_partner_city_projects_through_the_agreement() {
        let rules = rules([Req::si(24).agreements()], Some(Pact::new()));
        let what_if = WhatIfInput {
            kinds: Some(vec![Kind::SocialInsurance.as_str().into()]),
            ..what_if("beta", "2027-01")
        };
        let route = run_with(
            &rules,
            vec![si("alpha", "2025-01", "2025-12")],
            "2026-11-26",
            None,
            Some(what_if),
        );
        assert_eq!(route.eligible_from, Month::parse("2027-12"));
    }

    #[test]
    fn a_capped_partner_cannot_carry_the_projection() {
        let rules = rules([Req::si(24).agreements()], Some(Pact::new().cap(6)));
        let route = run(
            &rules,
            vec![
                ongoing("beta", Kind::SocialInsurance, "2025-01"),
                si("alpha", "2020-01", "2020-06"),
            ],
            "2026-11-26",
        );
        assert_eq!(first(&route).counted_months, 12);
        assert_eq!(route.no_projection, Some(NoProjection::CapReached));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 200, ..Default::default() })]

        /// Every projection (with and without a what-if, under continuous
        /// and cumulative counting, tolerated gaps and a previous-year
        /// cut-off) equals a month-by-month scan: `project` asserts it.
        #[test]
        fn projections_equal_a_month_by_month_scan(
            continuous: bool,
            tolerance in 0u32..3,
            previous_year: bool,
            months in 6u32..30,
            spans in proptest::collection::vec((0usize..3, 0i32..40, 1i32..20, proptest::prelude::any::<bool>()), 1..6),
            what_if in proptest::option::of((0usize..3, 1i32..30)),
        ) {
            let mut requirement = Req::si(months).agreements();
            if continuous {
                requirement = requirement.continuous().tolerate(tolerance);
            }
            if previous_year {
                requirement = requirement.previous_year_cutoff();
            }
            let rules = rules([requirement], Some(Pact::new()));
            let names = ["alpha", "beta", "gamma"];
            let now = Month::parse("2026-11").unwrap().index();
            let periods = spans
                .iter()
                .map(|&(city, back, length, ongoing)| {
                    let from = Month::from_index(now - back - length);
                    let to = Month::from_index(now - back);
                    period(names[city], Kind::SocialInsurance, &from.to_string(), (!ongoing).then(|| to.to_string()).as_deref(), false)
                })
                .collect();
            let what_if = what_if.map(|(city, ahead)| {
                crate::fixture::what_if(names[city], &Month::from_index(now + ahead).to_string())
            });
            run_with(&rules, periods, "2026-11-26", None, what_if);
        }
    }
}
