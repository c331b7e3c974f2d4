//! The projection (README, counting semantics §8 and §9): the first month at
//! which every requirement of a route would be met if every ongoing period
//! continues — or the what-if move happens — with the cut-off and "current"
//! recomputed for that month; or why there is none.

use crate::count::Timeline;
use crate::month::Month;
use crate::recognise::{Classified, Continues, Count};
use crate::report::NoProjection;
use crate::rules::Cutoff;

/// Months searched month by month after a change of what covers the months
/// (the evaluation month, a what-if move), beyond the largest gap tolerance:
/// a cut-off still in the previous year (up to 12 months) plus margin.
const UNSTABLE_WINDOW: i32 = 14;

/// The first application month after the evaluation month at which every
/// requirement in `reqs` is met, or why there is none. `what_if_from` is the
/// month a what-if move starts.
///
/// Where every month is covered from the evaluation month on, counts only
/// grow and the search bisects. Right after the last covered month — the
/// evaluation month when nothing continues, the month before a what-if
/// move — a tolerated gap or a cut-off still in the previous year can make a
/// requirement hold for a while and then stop: those months are tried one
/// by one. After such a window the counts only grow, or never change.
///
/// Months after `top` (at most the timeline's end) are not tried.
pub fn project(
    tl: &Timeline,
    reqs: &[&Classified],
    what_if_from: Option<Month>,
    top: i32,
) -> Result<Month, NoProjection> {
    let met_at = |at: i32| reqs.iter().all(|c| c.count(tl, Month::from_index(at)).met);
    let now = tl.evaluation.index();
    let window = window(reqs);
    let early = (now + window).min(top);
    let scan = |from: i32, to: i32| (from..=to).find(|&at| met_at(at));
    // Whether a cut-off at the end of the previous year is in play: only such
    // a count still changes (each January) once its months stop.
    let yearly = reqs
        .iter()
        .any(|c| c.req.cutoff == Cutoff::EndOfPreviousYear);
    let found: Result<Option<i32>, NoProjection> = match what_if_from {
        // Where every requirement continues, every month after the
        // evaluation month is covered and the counts only grow. Where one
        // stops, its count can only change when its cut-off does: never for
        // a cut-off at the application month (no month after now is covered),
        // each January for one at the end of the previous year.
        None => match stops(tl, reqs) {
            None => Ok(bisect(&met_at, now, top)),
            Some(c) => (now + 1..=early)
                .filter(|&at| yearly && Month::from_index(at).month() == 1)
                .find(|&at| met_at(at))
                .map(Some)
                .ok_or_else(|| {
                    let top = Month::from_index(top);
                    no_projection(c, &c.count(tl, top), c.continues(tl))
                }),
        },
        Some(from) => {
            // Before the move: monotone where every requirement is covered
            // up to it (after the evaluation month only ongoing periods cover
            // anything, each without a break), else month by month right
            // after the evaluation month. Right after the move, month by
            // month again.
            let from = from.index();
            let settled = (from + window).min(top);
            let before_move = if covered_until(tl, reqs, from - 1) {
                bisect(&met_at, now, from - 1)
            } else {
                let early = early.min(from - 1);
                scan(now + 1, early).or_else(|| bisect(&met_at, early, from - 1))
            };
            Ok(before_move
                .or_else(|| scan(from, settled))
                .or_else(|| bisect(&met_at, settled, top)))
        }
    };
    #[cfg(test)]
    {
        // The search above must agree with the plain month-by-month scan.
        let plain = scan(now + 1, top);
        assert_eq!(
            found.as_ref().ok().copied().flatten(),
            plain,
            "the projection search disagrees with a month-by-month scan"
        );
    }
    found?
        .map(Month::from_index)
        .ok_or_else(|| why_not(tl, reqs, top))
}

/// Months after a change of what covers the months in which a count can
/// still rise and fall: the largest gap tolerance plus [`UNSTABLE_WINDOW`].
fn window(reqs: &[&Classified]) -> i32 {
    reqs.iter()
        .map(|c| c.req.gap_tolerance_months as i32)
        .max()
        .unwrap_or(0)
        + UNSTABLE_WINDOW
}

/// The first month in `from..=to`, all after the evaluation month, at which
/// every requirement in `reqs` is met: for the months under a later version
/// of the rules than the one in force now. The months right after a change
/// of what covers them (the evaluation month, a what-if move) are tried one
/// by one; elsewhere the counts only grow, and the search bisects.
pub fn first_met_between(
    tl: &Timeline,
    reqs: &[&Classified],
    what_if_from: Option<Month>,
    from: i32,
    to: i32,
) -> Option<Month> {
    let met_at = |at: i32| reqs.iter().all(|c| c.count(tl, Month::from_index(at)).met);
    let now = tl.evaluation.index();
    let window = window(reqs);
    // Pieces of the months after now, in order: (first, last, monotone).
    let mut pieces = vec![(now + 1, now + window, false)];
    match what_if_from.map(Month::index) {
        Some(w) if w > now + window => {
            pieces.push((now + window + 1, w - 1, true));
            pieces.push((w, w + window, false));
            pieces.push((w + window + 1, tl.top, true));
        }
        Some(w) => {
            pieces.push((now + window + 1, w + window, false));
            pieces.push((w + window + 1, tl.top, true));
        }
        None => pieces.push((now + window + 1, tl.top, true)),
    }
    let found = pieces.into_iter().find_map(|(first, last, monotone)| {
        let (first, last) = (first.max(from), last.min(to));
        if first > last {
            None
        } else if monotone {
            bisect(&met_at, first - 1, last)
        } else {
            (first..=last).find(|&at| met_at(at))
        }
    });
    #[cfg(test)]
    assert_eq!(
        found,
        (from..=to).find(|&at| met_at(at)),
        "the search under later rules disagrees with a month-by-month scan"
    );
    found.map(Month::from_index)
}

/// Whether every requirement has a month covered (locally or through a
/// partner) at `month`: then, up to it, nothing after the evaluation month is
/// a gap.
fn covered_until(tl: &Timeline, reqs: &[&Classified], month: i32) -> bool {
    let Some(pos) = tl.pos(Month::from_index(month)) else {
        return false;
    };
    reqs.iter().all(|c| c.covered_at(tl, pos))
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

/// The first month in (lo, hi] where `met_at` holds, given that it only ever
/// turns from false to true there.
fn bisect(met_at: &impl Fn(i32) -> bool, lo: i32, hi: i32) -> Option<i32> {
    if hi <= lo || !met_at(hi) {
        return None;
    }
    let (mut lo, mut hi) = (lo, hi);
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if met_at(mid) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    Some(hi)
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
