//! The walk back from a cut-off: what each month does for one requirement
//! (counts, keeps a streak only, or is missing), the streak that ends at the
//! cut-off (§3), back-paid months and their cap (§4), and the months that do
//! not count because the other kind was not held (§5).
//!
//! The walk goes over runs of months classified alike ([`Run`], from
//! [`mod@super::classify`]), a run at a time: a run of paid months counts its
//! length at once, a back-paid run is split where the cap runs out, a run of
//! missing months ends a streak where the tolerance runs out. It gives what a
//! walk month by month gives (`super::reference`, in the tests).

use crate::month::Month;
use crate::rules::{BackPaid, Counting, Cutoff, Requirement};

/// Index of a partner city in a requirement's partner list.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PartnerIdx(pub u16);

/// What a month is for one requirement: its class (local or partner, paid
/// or back-paid, or not covered) and two flags.
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

/// Months `from..=to` (indices) of one class for one requirement, and for
/// partner months, which partner they come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Run {
    pub from: i32,
    pub to: i32,
    pub class: MonthClass,
    pub source: PartnerIdx,
}

impl Run {
    fn len(&self) -> u32 {
        (self.to - self.from + 1) as u32
    }
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
#[cfg_attr(test, derive(PartialEq))]
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

impl Tally {
    /// Adds `months` counted months of `class` from `source`.
    fn count(&mut self, class: MonthClass, source: PartnerIdx, months: u32) {
        if class.is_partner() {
            self.raw[usize::from(source.0)] += months;
        } else {
            self.local += months;
        }
    }

    /// Adds the flags of `months` months of `class` that the walk reads.
    fn flags(&mut self, class: MonthClass, months: u32) {
        self.overlap += u32::from(class.overlap()) * months;
        self.not_holding += u32::from(class.not_holding()) * months;
    }
}

/// The place of the run that holds `month` (of the first after it).
pub fn run_at(runs: &[Run], month: i32) -> usize {
    runs.partition_point(|r| r.to < month)
}

/// The cut-off of `req` for an application in month `at` (§6).
pub fn cutoff(req: &Requirement, at: Month) -> Month {
    match req.cutoff {
        Cutoff::EvaluationMonth => at,
        Cutoff::EndOfPreviousYear => at.end_of_previous_year(),
    }
}

/// Walks back from `cutoff` over the runs of `req` (which cover the
/// timeline from its first month to its last; nothing is read outside it).
pub fn tally(req: &Requirement, runs: &[Run], partners: usize, cutoff: Month) -> Tally {
    let mut n = Tally {
        raw: vec![0; partners],
        ..Tally::default()
    };
    let c = cutoff.index();
    let (Some(first), Some(last)) = (runs.first(), runs.last()) else {
        return n;
    };
    if c < first.from || c > last.to {
        return n;
    }
    let cap = req.back_paid_cap_months.unwrap_or(u32::MAX);
    let continuous = req.counting == Counting::Continuous;
    // Missing months just walked over, and how many more a streak survives.
    let mut gap_run = 0u32;
    let room = |gap_run: u32| u64::from(req.gap_tolerance_months) + 1 - u64::from(gap_run);
    let end = run_at(runs, c);
    for k in (0..=end).rev() {
        let run = Run {
            to: runs[k].to.min(c),
            ..runs[k]
        };
        let class = run.class;
        let len = run.len();
        // The months of the run, latest first, that are covered: all of a
        // paid run, the back-paid months within the cap, none otherwise.
        let covered = if !class.is_covered() {
            0
        } else if !class.is_back_paid() {
            len
        } else if req.back_paid == BackPaid::BreaksStreak {
            0
        } else {
            len.min(cap - n.back_used.min(cap))
        };
        if covered > 0 {
            if class.is_back_paid() {
                n.back_used += covered;
                if req.back_paid == BackPaid::Counted {
                    n.back_counted += covered;
                    n.count(class, run.source, covered);
                } else {
                    n.back_excluded += covered;
                }
            } else {
                n.count(class, run.source, covered);
            }
            if continuous {
                gap_run = 0;
                n.streak_start = Some(Month::from_index(run.to - covered as i32 + 1));
            }
            n.flags(class, covered);
        }
        // The rest of the run is missing: back-paid months over the cap or
        // that break streaks (each counted as excluded), or no month at all.
        let missing = len - covered;
        if missing == 0 {
            continue;
        }
        let top = run.to - covered as i32;
        let back = u32::from(class.is_back_paid());
        if !continuous {
            n.back_excluded += back * missing;
            n.flags(class, missing);
            continue;
        }
        if u64::from(missing) < room(gap_run) {
            n.back_excluded += back * missing;
            n.not_holding += u32::from(class.not_holding()) * missing;
            gap_run += missing;
            continue;
        }
        // The streak ends in this run: at the month that makes the gap one
        // longer than tolerated, which is read (as excluded, if back-paid)
        // but not flagged.
        let read = room(gap_run) as u32;
        n.back_excluded += back * read;
        n.not_holding += u32::from(class.not_holding()) * (read - 1);
        let p = top - read as i32 + 1;
        let exhausted = n.back_used >= cap;
        n.gap = Some(gap_at(req, runs, k, p, top + gap_run as i32, exhausted));
        break;
    }
    n
}

/// The gap that ends a streak at month `p` (in run `k`), up to month `to`:
/// from `p` back over every missing month (the previous covered month ends
/// it), given whether the back-paid cap is `exhausted`.
fn gap_at(req: &Requirement, runs: &[Run], k: usize, p: i32, to: i32, exhausted: bool) -> Gap {
    let missing = |run: &Run| {
        if !run.class.is_covered() {
            true
        } else if run.class.is_back_paid() {
            exhausted || req.back_paid == BackPaid::BreaksStreak
        } else {
            false
        }
    };
    // The months of run `k` before `p` are missing like `p` (a back-paid run
    // is missing before the months the cap allows).
    let mut from = runs[k].from;
    for run in runs[..k].iter().rev() {
        if !missing(run) {
            break;
        }
        from = run.from;
    }
    debug_assert!(from <= p);
    Gap {
        from: Month::from_index(from),
        to: Month::from_index(to),
    }
}

#[cfg(test)]
mod tests {
    //! Counting end to end on the fixture world (`crate::fixture`): a month
    //! counts once (§1), streaks and gaps (§3), back-paid months and their cap
    //! (§4), only while holding (§5) and the cut-off (§6).

    use crate::fixture::{first, month, ongoing, period, report, rules, run, si, Pact, Req};
    use crate::month::Month;
    use crate::report::{NoProjection, Status, Step};
    use crate::rules::{BackPaid, Kind};

    #[test]
    fn cumulative_counts_every_month_once() {
        let rules = rules([Req::si(24)], None);
        let route = run(
            &rules,
            vec![
                si("alpha", "2020-01", "2020-12"),
                si("alpha", "2020-07", "2021-03"),
                si("alpha", "2023-01", "2023-02"),
            ],
            "2026-11-26",
        );
        // 2020-01..2021-03 is 15 months however the two records overlap, plus 2.
        assert_eq!(first(&route).counted_months, 17);
        assert_eq!(route.status, Status::NotYet);
    }

    #[test]
    fn overlaps_are_reported_and_counted_once() {
        let rules = rules([Req::si(24).agreements()], Some(Pact::new()));
        let report = report(
            &rules,
            vec![
                si("alpha", "2020-01", "2020-12"),
                si("alpha", "2020-07", "2021-03"),
                si("beta", "2021-01", "2021-06"),
            ],
            "2026-11-26",
        );
        let route = &report.cities[0].routes[0];
        // alpha 2020-01..2021-03 (15) and beta 2021-04..06 (3 more).
        assert_eq!(first(route).counted_months, 18);
        // 2020-07..12 in two alpha records, 2021-01..03 in alpha and beta:
        // one note for alpha (both its records, 2020-07..2021-03, with
        // beta) and one for beta (2021-01..03, with alpha).
        assert!(route.explanation.contains(&Step::Overlap {
            kind: Kind::SocialInsurance,
            months: 9
        }));
        assert_eq!(
            report.history_notes,
            vec![
                Step::RecordsOverlap {
                    kind: Kind::SocialInsurance,
                    city: "alpha".into(),
                    from: month("2020-07"),
                    to: month("2021-03"),
                    months: 9,
                    runs: 1,
                    with: vec!["beta".into()],
                    records: vec![0, 1],
                },
                Step::RecordsOverlap {
                    kind: Kind::SocialInsurance,
                    city: "beta".into(),
                    from: month("2021-01"),
                    to: month("2021-03"),
                    months: 3,
                    runs: 1,
                    with: vec!["alpha".into()],
                    records: vec![2],
                },
                Step::NoRulesFor {
                    city: "beta".into()
                },
            ]
        );
    }

    #[test]
    fn overlaps_are_one_note_per_city_and_kind() {
        let rules = rules([Req::si(24).agreements()], Some(Pact::new()));
        let overlap = |city: &str,
                       (from, to): (&str, &str),
                       (months, runs): (u32, u32),
                       with: &[&str],
                       records: Vec<usize>| Step::RecordsOverlap {
            kind: Kind::SocialInsurance,
            city: city.into(),
            from: month(from),
            to: month(to),
            months,
            runs,
            with: with.iter().map(|c| c.to_string()).collect(),
            records,
        };
        // Two separate runs bridged by one long record (periods[1]), a
        // residence record that overlaps nothing of its kind, and a record
        // that only touches the others.
        let notes = report(
            &rules,
            vec![
                si("beta", "2020-03", "2020-04"),
                si("alpha", "2020-01", "2020-12"),
                ongoing("alpha", Kind::Residence, "2020-01"),
                si("alpha", "2020-10", "2021-01"),
                si("beta", "2021-02", "2021-05"),
            ],
            "2026-11-26",
        )
        .history_notes;
        let overlaps: Vec<&Step> = (notes.iter())
            .filter(|s| matches!(s, Step::RecordsOverlap { .. }))
            .collect();
        assert_eq!(
            overlaps,
            [
                // alpha: 2020-03..04 with beta, 2020-10..12 with itself.
                &overlap(
                    "alpha",
                    ("2020-03", "2020-12"),
                    (5, 2),
                    &["beta"],
                    vec![1, 3]
                ),
                &overlap("beta", ("2020-03", "2020-04"), (2, 1), &["alpha"], vec![0]),
            ]
        );
        // A thousand identical records: one note, not 499,500.
        let many = (0..1000)
            .map(|_| si("alpha", "2020-01", "2020-12"))
            .collect();
        assert_eq!(
            report(&rules, many, "2026-11-26").history_notes,
            [overlap(
                "alpha",
                ("2020-01", "2020-12"),
                (12, 1),
                &[],
                (0..1000).collect()
            )]
        );
    }

    #[test]
    fn ongoing_periods_run_to_the_evaluation_month() {
        let rules = rules([Req::si(24)], None);
        let route = run(
            &rules,
            vec![ongoing("alpha", Kind::SocialInsurance, "2025-01")],
            "2026-11-26",
        );
        assert_eq!(first(&route).counted_months, 23);
        assert_eq!(route.eligible_from, Month::parse("2026-12"));
    }

    #[test]
    fn a_gap_ends_a_continuous_streak() {
        let rules = rules([Req::si(12).continuous()], None);
        let route = run(
            &rules,
            vec![
                si("alpha", "2020-01", "2022-12"),
                si("alpha", "2023-02", "2023-10"),
            ],
            "2023-10-01",
        );
        let r = first(&route);
        assert_eq!(
            (r.counted_months, r.streak_start),
            (9, Month::parse("2023-02"))
        );
        assert!(!r.met);
        assert!(route
            .explanation
            .iter()
            .any(|s| matches!(s, Step::StreakBreak { gap_months: 1, .. })));
    }

    #[test]
    fn a_tolerated_gap_keeps_the_streak_but_is_not_counted() {
        let rules = rules([Req::si(12).continuous().tolerate(2)], None);
        let route = run(
            &rules,
            vec![
                si("alpha", "2022-01", "2022-12"),
                si("alpha", "2023-03", "2023-10"),
            ],
            "2023-10-01",
        );
        assert_eq!(first(&route).counted_months, 20);
        assert_eq!(first(&route).streak_start, Month::parse("2022-01"));
        // A gap of three months is one too many.
        let route = run(
            &rules,
            vec![
                si("alpha", "2022-01", "2022-11"),
                si("alpha", "2023-03", "2023-10"),
            ],
            "2023-10-01",
        );
        assert_eq!(first(&route).counted_months, 8);
    }

    #[test]
    fn an_uncovered_cutoff_month_is_a_gap() {
        let rules = rules([Req::si(3).continuous()], None);
        let route = run(
            &rules,
            vec![si("alpha", "2020-01", "2023-08")],
            "2023-10-01",
        );
        assert_eq!(first(&route).counted_months, 0);
        assert_eq!(route.no_projection, Some(NoProjection::NothingOngoing));
    }

    #[test]
    fn back_paid_modes_and_cap() {
        let history = || {
            vec![
                si("alpha", "2022-01", "2022-06"),
                period(
                    "alpha",
                    Kind::SocialInsurance,
                    "2022-07",
                    Some("2022-09"),
                    true,
                ),
                si("alpha", "2022-10", "2022-12"),
            ]
        };
        let continuous = |mode| Req::si(12).continuous().back_paid(mode);
        let counted = run(
            &rules([continuous(BackPaid::Counted)], None),
            history(),
            "2022-12-01",
        );
        assert_eq!(
            (
                first(&counted).counted_months,
                first(&counted).back_paid_counted
            ),
            (12, 3)
        );
        let not_counted = run(
            &rules([continuous(BackPaid::NotCounted)], None),
            history(),
            "2022-12-01",
        );
        assert_eq!(
            (
                first(&not_counted).counted_months,
                first(&not_counted).streak_start
            ),
            (9, Month::parse("2022-01"))
        );
        let breaks = run(
            &rules([continuous(BackPaid::BreaksStreak)], None),
            history(),
            "2022-12-01",
        );
        assert_eq!(
            (first(&breaks).counted_months, first(&breaks).streak_start),
            (3, Month::parse("2022-10"))
        );
        // Cap 2: the two latest back-paid months are accepted, the third is missing.
        let capped = run(
            &rules([continuous(BackPaid::Counted).cap_back_paid(2)], None),
            history(),
            "2022-12-01",
        );
        let r = first(&capped);
        assert_eq!(
            (r.counted_months, r.back_paid_counted, r.back_paid_excluded),
            (5, 2, 1)
        );
        // Cumulative with a cap: back-paid months over the cap do not count.
        let cumulative = Req::si(12).cap_back_paid(1);
        let r = run(&rules([cumulative], None), history(), "2022-12-01");
        assert_eq!(first(&r).counted_months, 10);
    }

    #[test]
    fn only_while_holding_the_other_kind() {
        let rules = rules([Req::si(12).while_holding(Kind::Residence)], None);
        let route = run(
            &rules,
            vec![
                si("alpha", "2020-01", "2021-12"),
                period("alpha", Kind::Residence, "2021-01", Some("2021-12"), false),
            ],
            "2026-11-26",
        );
        assert_eq!(first(&route).counted_months, 12);
        assert!(route
            .explanation
            .iter()
            .any(|s| matches!(s, Step::NotWhileHolding { months: 12, .. })));
    }

    #[test]
    fn end_of_previous_year_cutoff_and_its_projection() {
        let rules = rules([Req::si(24).previous_year_cutoff()], None);
        let route = run(
            &rules,
            vec![ongoing("alpha", Kind::SocialInsurance, "2024-06")],
            "2026-11-26",
        );
        let r = first(&route);
        // 2024-06..2025-12 = 19 months; 24 are reached in May 2026, which a
        // cut-off of December 2026 first sees in January 2027.
        assert_eq!(
            (r.cutoff, r.counted_months),
            (Month::parse("2025-12").unwrap(), 19)
        );
        assert_eq!(route.eligible_from, Month::parse("2027-01"));
    }
}
