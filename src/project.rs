//! The projection (README, counting semantics §8 and §9): the first month at
//! which every requirement of a route would be met if every ongoing period
//! continues — or the what-if move happens — with the cut-off and "current"
//! recomputed for that month; or why there is none.

use crate::count::Timeline;
use crate::month::Month;
use crate::recognise::{Classified, Count};
use crate::report::NoProjection;

/// Months a what-if is searched month by month after the move, beyond the
/// largest gap tolerance: a cut-off still in the previous year (up to 12
/// months) plus margin.
const WHAT_IF_WINDOW: i32 = 14;

/// The first application month after the evaluation month at which every
/// requirement in `reqs` is met, or why there is none. `what_if_from` is the
/// month a what-if move starts.
pub fn project(
    tl: &Timeline,
    reqs: &[&Classified],
    what_if_from: Option<Month>,
) -> Result<Month, NoProjection> {
    let top = Month::from_index(tl.top);
    if what_if_from.is_none() {
        for c in reqs {
            let (local, partner) = c.continues(tl);
            if !local && !partner {
                return Err(no_projection(c, &c.count(tl, top), (local, partner)));
            }
        }
    }
    let met_at = |at: i32| reqs.iter().all(|c| c.count(tl, Month::from_index(at)).met);
    let now = tl.evaluation.index();
    let found = match what_if_from {
        // Without a what-if every requirement only grows with time.
        None => bisect(&met_at, now, tl.top),
        Some(from) => {
            // Before the move everything continues: monotone. Just after it,
            // a tolerated gap or a cut-off still in the previous year can make
            // a requirement hold for a while and then stop: month by month.
            // Later the counts only grow, or never change: monotone again.
            let from = from.index();
            let window = reqs
                .iter()
                .map(|c| c.req.gap_tolerance_months as i32)
                .max()
                .unwrap_or(0)
                + WHAT_IF_WINDOW;
            let settled = (from + window).min(tl.top);
            bisect(&met_at, now, from - 1)
                .or_else(|| (from..settled).find(|&at| met_at(at)))
                .or_else(|| bisect(&met_at, settled - 1, tl.top))
        }
    }
    .map(Month::from_index);
    #[cfg(test)]
    {
        // The search above must agree with the plain month-by-month scan.
        let scan = (now + 1..=tl.top)
            .find(|&at| met_at(at))
            .map(Month::from_index);
        assert_eq!(
            found, scan,
            "the projection search disagrees with a month-by-month scan"
        );
    }
    found.ok_or_else(|| {
        // Say why, from the first requirement still not met at the horizon.
        reqs.iter()
            .map(|c| (c, c.count(tl, top)))
            .find(|(_, n)| !n.met)
            .map_or(NoProjection::BeyondHorizon, |(c, n)| {
                no_projection(c, &n, c.continues(tl))
            })
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
pub fn no_projection(c: &Classified, n: &Count, (local, partner): (bool, bool)) -> NoProjection {
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
