//! The walk back from a cut-off: what each month does for one requirement
//! (counts, keeps a streak only, or is missing), the streak that ends at the
//! cut-off (§3), back-paid months and their cap (§4), and the months that do
//! not count because the other kind was not held (§5).

use crate::month::Month;
use crate::rules::{BackPaid, Counting, Cutoff, Requirement};

use super::Timeline;

/// Index of a partner city in a requirement's partner list.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PartnerIdx(pub u16);

/// What one month is for one requirement: its class (local or partner, paid
/// or back-paid, or not covered) and two flags. A byte, since a requirement
/// classifies every month of the timeline.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MonthClass(u8);

impl MonthClass {
    pub const NONE: MonthClass = MonthClass(0);
    pub const LOCAL_PAID: MonthClass = MonthClass(1);
    pub const LOCAL_BACK: MonthClass = MonthClass(2);
    pub const PARTNER_PAID: MonthClass = MonthClass(3);
    pub const PARTNER_BACK: MonthClass = MonthClass(4);
    const CLASS: u8 = 0b111;
    /// The month is covered by more than one record or city.
    const OVERLAP: u8 = 1 << 3;
    /// Covered, but not while holding the other kind.
    const NOT_HOLDING: u8 = 1 << 4;

    /// The class without its flags.
    pub fn class(self) -> MonthClass {
        MonthClass(self.0 & MonthClass::CLASS)
    }

    pub fn is_covered(self) -> bool {
        self.class() != MonthClass::NONE
    }

    pub fn is_back_paid(self) -> bool {
        matches!(
            self.class(),
            MonthClass::LOCAL_BACK | MonthClass::PARTNER_BACK
        )
    }

    pub fn is_partner(self) -> bool {
        matches!(
            self.class(),
            MonthClass::PARTNER_PAID | MonthClass::PARTNER_BACK
        )
    }

    pub fn overlap(self) -> bool {
        self.0 & MonthClass::OVERLAP != 0
    }

    pub fn not_holding(self) -> bool {
        self.0 & MonthClass::NOT_HOLDING != 0
    }

    /// The same flags with another class.
    pub fn with_class(self, class: MonthClass) -> MonthClass {
        MonthClass((self.0 & !MonthClass::CLASS) | class.0)
    }

    pub fn set_overlap(&mut self) {
        self.0 |= MonthClass::OVERLAP;
    }

    pub fn set_not_holding(&mut self, on: bool) {
        if on {
            self.0 |= MonthClass::NOT_HOLDING;
        } else {
            self.0 &= !MonthClass::NOT_HOLDING;
        }
    }
}

/// Every month of the timeline classified for one requirement, and for
/// partner months, which partner the month comes from.
pub struct Classes {
    pub class: Vec<MonthClass>,
    pub source: Vec<PartnerIdx>,
}

/// A run of missing months that ends a streak.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Gap {
    pub from: Month,
    pub to: Month,
}

/// What the walk back from a cut-off found, before partner months are
/// converted and capped by their agreements.
#[derive(Clone, Debug, Default)]
pub struct Tally {
    pub local: u32,
    /// Partner months counted, per partner (before ratio and cap).
    pub raw: Vec<u32>,
    pub back_used: u32,
    pub back_counted: u32,
    pub back_excluded: u32,
    pub overlap: u32,
    pub not_holding: u32,
    pub streak_start: Option<Month>,
    pub gap: Option<Gap>,
}

/// The cut-off of `req` for an application in month `at` (§6).
pub fn cutoff(req: &Requirement, at: Month) -> Month {
    match req.cutoff {
        Cutoff::EvaluationMonth => at,
        Cutoff::EndOfPreviousYear => at.end_of_previous_year(),
    }
}

/// What a month does in the walk.
struct Effect {
    counts: bool,
    /// Keeps a streak alive.
    covered: bool,
}

/// Walks back from `cutoff` over the classified months of `req`.
pub fn tally(
    req: &Requirement,
    classes: &Classes,
    partners: usize,
    tl: &Timeline,
    cutoff: Month,
) -> Tally {
    let mut n = Tally {
        raw: vec![0; partners],
        ..Tally::default()
    };
    let cap = req.back_paid_cap_months.unwrap_or(u32::MAX);
    let continuous = req.counting == Counting::Continuous;
    let mut gap_run = 0u32;
    let mut pos = tl.pos(cutoff).map_or(-1, |end| end as isize);
    while pos >= 0 {
        let p = pos as usize;
        pos -= 1;
        let month = classes.class[p];
        let effect = effect(req, month, cap, &mut n);
        if continuous {
            if !effect.covered {
                gap_run += 1;
                if gap_run > req.gap_tolerance_months {
                    n.gap = Some(gap_at(req, classes, tl, p, gap_run, n.back_used >= cap));
                    // The months of the gap already counted as "back excluded"
                    // stay reported; nothing before the gap is read.
                    break;
                }
                n.not_holding += u32::from(month.not_holding());
                continue;
            }
            gap_run = 0;
            n.streak_start = Some(tl.month(p));
        }
        n.overlap += u32::from(month.overlap());
        n.not_holding += u32::from(month.not_holding());
        if effect.counts {
            if month.is_partner() {
                n.raw[usize::from(classes.source[p].0)] += 1;
            } else {
                n.local += 1;
            }
        }
    }
    n
}

/// What a month does, consuming the back-paid cap from the cut-off backwards.
fn effect(req: &Requirement, month: MonthClass, cap: u32, n: &mut Tally) -> Effect {
    if !month.is_covered() {
        return Effect {
            counts: false,
            covered: false,
        };
    }
    if !month.is_back_paid() {
        return Effect {
            counts: true,
            covered: true,
        };
    }
    if req.back_paid == BackPaid::BreaksStreak || n.back_used >= cap {
        n.back_excluded += 1;
        return Effect {
            counts: false,
            covered: false,
        };
    }
    n.back_used += 1;
    if req.back_paid == BackPaid::Counted {
        n.back_counted += 1;
        Effect {
            counts: true,
            covered: true,
        }
    } else {
        n.back_excluded += 1;
        Effect {
            counts: false,
            covered: true,
        }
    }
}

/// The gap that ends a streak at `p`: from there back to the previous
/// covered month, and forward over the `run` missing months already seen.
fn gap_at(
    req: &Requirement,
    classes: &Classes,
    tl: &Timeline,
    p: usize,
    run: u32,
    exhausted: bool,
) -> Gap {
    let missing = |pos: usize| {
        let month = classes.class[pos];
        if !month.is_covered() {
            true
        } else if month.is_back_paid() {
            exhausted || req.back_paid == BackPaid::BreaksStreak
        } else {
            false
        }
    };
    let mut first = p;
    while first > 0 && missing(first - 1) {
        first -= 1;
    }
    Gap {
        from: tl.month(first),
        to: tl.month(p + run as usize - 1),
    }
}
