//! The explanation (README, counting semantics §10): for each requirement the
//! structured steps of its count — months per city, months excluded and why,
//! overlaps, back-paid months, streak breaks, ratios and caps, the verdict —
//! and the notes on the history itself. Steps are codes with parameters
//! ([`Step`]); the command line and the page word them.

use crate::count::Timeline;
use crate::history::History;
use crate::month::Month;
use crate::recognise::{Active, Classified, Count};
use crate::report::{ElsewhereMonths, PartnerExclusion, Step};
use crate::rules::{CityIdx, Counting, Kind, PartnerStart, Recognition, RuleSet};

/// What an explanation reads besides the requirement and its count.
pub struct Context<'a> {
    pub rules: &'a RuleSet,
    pub tl: &'a Timeline,
    pub active: &'a Active<'a>,
}

/// The steps of one requirement counted as `n`.
pub fn requirement(cx: &Context, c: &Classified, n: &Count, steps: &mut Vec<Step>) {
    counted(cx, c, n, steps);
    excluded(cx, c, n, steps);
    adjustments(cx, c, n, steps);
    month_effects(cx, c, n, steps);
    verdict(cx, c, n, steps);
}

/// The cut-off, local months and partner months that count.
fn counted(cx: &Context, c: &Classified, n: &Count, steps: &mut Vec<Step>) {
    let kind = c.req.kind;
    let rules = cx.rules;
    steps.push(Step::Cutoff {
        kind,
        month: n.cutoff,
        rule: c.req.cutoff,
    });
    steps.push(Step::LocalMonths {
        kind,
        city: rules.city_id(c.target).to_string(),
        months: n.tally.local,
    });
    for (p, &months) in c.partners.iter().zip(&n.tally.raw) {
        if months > 0 {
            steps.push(Step::PartnerMonths {
                kind,
                city: rules.city_id(p.city).to_string(),
                agreement: rules.agreement_id(p.agreement).to_string(),
                months,
            });
        }
    }
}

/// Other cities with records of this kind whose months do not count, and why.
fn excluded(cx: &Context, c: &Classified, n: &Count, steps: &mut Vec<Step>) {
    let kind = c.req.kind;
    let rules = cx.rules;
    let with_records = rules
        .city_indices()
        .filter(|&city| city != c.target && cx.tl.track(city, kind).is_some());
    for city in with_records {
        let id = rules.city_id(city).to_string();
        if let Some(partner) = c.partners.iter().find(|p| p.city == city) {
            let before = match partner.version.partner_months_from {
                PartnerStart::From(start) => {
                    cx.tl.covered_upto(city, kind, n.cutoff.min(start.plus(-1)))
                }
                _ => 0,
            };
            if before > 0 {
                steps.push(Step::PartnerExcluded {
                    kind,
                    city: id,
                    months: before,
                    reason: PartnerExclusion::BeforeStart,
                    agreement: Some(rules.agreement_id(partner.agreement).to_string()),
                });
            }
            continue;
        }
        let months = cx.tl.covered_upto(city, kind, n.cutoff);
        if months == 0 {
            continue;
        }
        let (reason, agreement) = exclusion(cx, c, city);
        steps.push(Step::PartnerExcluded {
            kind,
            city: id,
            months,
            reason,
            agreement: agreement.map(|a| rules.agreement_id(a).to_string()),
        });
    }
}

/// Why months of `city`, not a partner of this requirement, do not count.
fn exclusion(
    cx: &Context,
    c: &Classified,
    city: CityIdx,
) -> (PartnerExclusion, Option<crate::rules::AgreementIdx>) {
    if c.req.recognition == Recognition::LocalOnly {
        return (PartnerExclusion::LocalOnly, None);
    }
    match cx.active.linking(cx.rules, c.target, city) {
        Some(agreement) => (PartnerExclusion::KindNotCovered, Some(agreement)),
        None => (PartnerExclusion::NoAgreement, None),
    }
}

/// Agreements whose start month is unknown, and ratios and caps applied.
fn adjustments(cx: &Context, c: &Classified, n: &Count, steps: &mut Vec<Step>) {
    let rules = cx.rules;
    let mut unknown_start = Vec::new();
    for (p, &months) in c.partners.iter().zip(&n.tally.raw) {
        if months > 0
            && p.version.partner_months_from == PartnerStart::Unknown
            && !unknown_start.contains(&p.agreement)
        {
            unknown_start.push(p.agreement);
            steps.push(Step::PartnerStartUnknown {
                agreement: rules.agreement_id(p.agreement).to_string(),
            });
        }
    }
    for a in &n.per_agreement {
        let id = rules.agreement_id(a.agreement);
        if a.converted != a.raw {
            steps.push(Step::RatioApplied {
                agreement: id.to_string(),
                ratio: c.version_of(a.agreement).map_or(1.0, |v| v.ratio),
                before: a.raw,
                after: a.converted,
            });
        }
        if a.capped != a.converted {
            steps.push(Step::CapApplied {
                agreement: id.to_string(),
                cap: a.capped,
                excluded: a.converted - a.capped,
            });
        }
    }
}

/// Overlaps, back-paid months, months not while holding, and the streak.
fn month_effects(cx: &Context, c: &Classified, n: &Count, steps: &mut Vec<Step>) {
    let req = c.req;
    let kind = req.kind;
    let t = &n.tally;
    if t.overlap > 0 {
        steps.push(Step::Overlap {
            kind,
            months: t.overlap,
        });
    }
    if t.back_counted + t.back_excluded > 0 {
        steps.push(Step::BackPaid {
            kind,
            rule: req.back_paid,
            cap: req.back_paid_cap_months,
            counted: t.back_counted,
            excluded: t.back_excluded,
        });
    }
    if let (Some(holding), true) = (req.only_while_holding, t.not_holding > 0) {
        steps.push(Step::NotWhileHolding {
            kind,
            holding,
            months: t.not_holding,
        });
    }
    if req.counting == Counting::Continuous {
        steps.push(Step::Streak {
            kind,
            from: t.streak_start,
            to: n.cutoff,
            months: n.counted,
        });
        if let Some(gap) = t.gap {
            steps.push(Step::StreakBreak {
                kind,
                gap_from: gap.from,
                gap_to: gap.to,
                gap_months: gap.from.span_to(gap.to),
                tolerance: req.gap_tolerance_months,
                elsewhere: elsewhere(cx, c, gap.from, gap.to),
            });
        }
    }
}

/// Months from `from` to `to` that other cities' records of the kind cover:
/// months in another city, which do not count here, not a gap in the
/// person's record.
fn elsewhere(cx: &Context, c: &Classified, from: Month, to: Month) -> Vec<ElsewhereMonths> {
    let kind = c.req.kind;
    cx.rules
        .city_indices()
        .filter(|&city| city != c.target && cx.tl.track(city, kind).is_some())
        .filter_map(|city| {
            let months =
                cx.tl.covered_upto(city, kind, to) - cx.tl.covered_upto(city, kind, from.plus(-1));
            (months > 0).then(|| ElsewhereMonths {
                city: cx.rules.city_id(city).to_string(),
                months,
            })
        })
        .collect()
}

/// The local minimum, "current", and whether the months reach the requirement.
fn verdict(cx: &Context, c: &Classified, n: &Count, steps: &mut Vec<Step>) {
    let req = c.req;
    let kind = req.kind;
    if req.min_local_months > 0 {
        steps.push(Step::LocalMinimum {
            kind,
            required: req.min_local_months,
            local: n.tally.local,
            met: n.tally.local >= req.min_local_months,
        });
    }
    if !n.current {
        steps.push(Step::NotCurrent {
            kind,
            month: cx.tl.evaluation,
        });
    }
    if n.counted >= req.months && !n.met {
        // Reached, but the local minimum or "current" above fails: never
        // "met".
        steps.push(Step::CountReached {
            kind,
            counted: n.counted,
            required: req.months,
        });
    } else if n.counted >= req.months {
        steps.push(Step::RequirementMet {
            kind,
            counted: n.counted,
            required: req.months,
        });
    } else {
        steps.push(Step::RequirementMissing {
            kind,
            counted: n.counted,
            required: req.months,
            missing: req.months - n.counted,
        });
    }
}

/// Overlapping records of one kind, and cities that have no rules.
pub fn history_notes(rules: &RuleSet, history: &History, tl: &Timeline) -> Vec<Step> {
    let mut notes = Vec::new();
    for kind in Kind::ALL {
        records_overlap(rules, history, kind, tl.evaluation, &mut notes);
    }
    let without_rules = rules
        .city_indices()
        .filter(|&c| tl.in_history(c) && rules.rules_of(c).is_none());
    for city in without_rules {
        notes.push(Step::NoRulesFor {
            city: rules.city_id(city).to_string(),
        });
    }
    notes
}

/// One step per city and kind whose records overlap another record of the
/// kind (README, history notes): linear in the periods and the months (a
/// count per month, not a comparison of every pair, which gave 249,500 notes
/// for 1,000 identical periods), and no sort.
fn records_overlap(
    rules: &RuleSet,
    history: &History,
    kind: Kind,
    evaluation: Month,
    notes: &mut Vec<Step>,
) {
    // Positions are months from the first supported one: every record lies
    // between it and the evaluation month.
    let base = Month::FIRST.index();
    let at = |month: Month| (month.index() - base) as usize;
    let len = at(evaluation) + 2;
    // Records per month, in all and per city: starts minus ends, summed.
    let mut all = vec![0i32; len];
    let mut per_city: Vec<(CityIdx, Vec<i32>)> = Vec::new();
    for p in history.periods.iter().filter(|p| p.kind == kind) {
        let (from, end) = (at(p.from), at(p.end(evaluation)) + 1);
        let i = match per_city.iter().position(|(c, _)| *c == p.city) {
            Some(i) => i,
            None => {
                per_city.push((p.city, vec![0; len]));
                per_city.len() - 1
            }
        };
        for change in [&mut all, &mut per_city[i].1] {
            change[from] += 1;
            change[end] -= 1;
        }
    }
    let running = |change: &mut Vec<i32>| {
        let mut n = 0;
        for v in change.iter_mut() {
            n += *v;
            *v = n;
        }
    };
    running(&mut all);
    for (_, change) in &mut per_city {
        running(change);
    }
    let month = |i: usize| Month::from_index(base + i as i32);
    for city in rules.city_indices() {
        let Some((_, mine)) = per_city.iter().find(|(c, _)| *c == city) else {
            continue;
        };
        // Months with a record of this city and another record of the kind.
        let shared = |i: usize| mine[i] > 0 && all[i] > 1;
        let (mut months, mut runs, mut first, mut last) = (0u32, 0u32, None, 0);
        for i in 0..len {
            if shared(i) {
                months += 1;
                runs += u32::from(i == 0 || !shared(i - 1));
                first.get_or_insert(i);
                last = i;
            }
        }
        let Some(first) = first else {
            continue;
        };
        let with = (rules.city_indices())
            .filter(|&other| other != city)
            .filter(|&other| {
                per_city
                    .iter()
                    .find(|(c, _)| *c == other)
                    .is_some_and(|(_, theirs)| (first..=last).any(|i| shared(i) && theirs[i] > 0))
            })
            .map(|other| rules.city_id(other).to_string())
            .collect();
        let records = (history.periods.iter())
            .filter(|p| p.kind == kind && p.city == city)
            .filter(|p| (at(p.from)..=at(p.end(evaluation))).any(shared))
            .map(|p| p.index)
            .collect();
        notes.push(Step::RecordsOverlap {
            kind,
            city: rules.city_id(city).to_string(),
            from: month(first),
            to: month(last),
            months,
            runs,
            with,
            records,
        });
    }
}
