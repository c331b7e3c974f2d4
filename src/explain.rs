//! The explanation (README, counting semantics §10): for each requirement the
//! structured steps of its count — months per city, months excluded and why,
//! overlaps, back-paid months, streak breaks, ratios and caps, the verdict —
//! and the notes on the history itself. Steps are codes with parameters
//! ([`Step`]); the command line and the page word them.

use crate::count::ranges::{bits_for, intersect_into, overlaps_any, push_merged};
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
    let id = |city| rules.city_id(city).to_string();
    for (i, &city) in cx.tl.cities_with(kind).iter().enumerate() {
        if city == c.target {
            continue;
        }
        if let Some(partner) = c.partner_among_records(i) {
            let before = match partner.version.partner_months_from {
                PartnerStart::From(start) => {
                    cx.tl.covered_upto(city, kind, n.cutoff.min(start.plus(-1)))
                }
                _ => 0,
            };
            if before > 0 {
                steps.push(Step::PartnerExcluded {
                    kind,
                    city: id(city),
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
            city: id(city),
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
    match cx.active.linking(c.target, city) {
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
    (cx.tl.cities_with(kind).iter())
        .filter(|&&city| city != c.target)
        .filter_map(|&city| {
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
/// kind (README, history notes): the months of the city's records that
/// another record of the kind also covers, as runs, the other cities whose
/// records share months with the city's, and the city's records concerned.
/// Found by sweeps over the records in order of their first month and over
/// merged ranges: O(n log n) in the records, whatever the months they span or
/// the cities they name (a comparison of every pair once gave 249,500 notes
/// for 1,000 identical records; a count per month cost the months times the
/// cities).
fn records_overlap(
    rules: &RuleSet,
    history: &History,
    kind: Kind,
    evaluation: Month,
    notes: &mut Vec<Step>,
) {
    // The records of this kind, and their places ordered by first month:
    // keys of the month (a supported one: below 2200-12) and the place.
    let mut records = Vec::new();
    for p in history.periods.iter().filter(|p| p.kind == kind) {
        records.push(Record {
            from: p.from.index(),
            to: p.end(evaluation).index(),
            city: p.city,
            index: p.index,
        });
    }
    if records.len() < 2 {
        return;
    }
    let shift = bits_for(records.len());
    let place = (1 << shift) - 1;
    let mut order: Vec<i32> = Vec::with_capacity(records.len());
    for (i, r) in records.iter().enumerate() {
        order.push(((r.from - Month::FIRST.index()) << shift) | i as i32);
    }
    crate::count::sort(&mut order);
    let record = |key: i32| &records[(key & place) as usize];
    // Months covered twice or more: each record, from its start to the
    // furthest end of the records that started before it, covers months
    // that another record covers, and every such month is found so.
    let mut twice = Vec::new();
    let mut furthest = i32::MIN;
    for &key in &order {
        let r = record(key);
        push_merged(&mut twice, 0, r.from, r.to.min(furthest));
        furthest = furthest.max(r.to);
    }
    if twice.is_empty() {
        return;
    }
    // The records per city, in gazetteer order, each city's by first month
    // (by their rank in `order`).
    let mut by_city: Vec<i32> = Vec::with_capacity(order.len());
    for (rank, &key) in order.iter().enumerate() {
        by_city.push(((record(key).city.get() as i32) << shift) | rank as i32);
    }
    crate::count::sort(&mut by_city);
    let record_of = |key: i32| record(order[(key & place) as usize]);
    // Per city: its first record in `by_city`, and its months merged into
    // ranges (`covers[first..]`).
    let mut cities: Vec<(CityIdx, usize, usize)> = Vec::new();
    let mut covers: Vec<(i32, i32)> = Vec::new();
    for (at, &key) in by_city.iter().enumerate() {
        let r = record_of(key);
        match cities.last() {
            Some(&(city, _, first)) if city == r.city => {
                push_merged(&mut covers, first, r.from, r.to)
            }
            _ => {
                cities.push((r.city, at, covers.len()));
                covers.push((r.from, r.to));
            }
        }
    }
    let with = sharing_cities(&covers, &cities, shift);
    let mut shared = Vec::new();
    let mut concerned: Vec<i32> = Vec::new();
    for (n, &(city, first_record, first_cover)) in cities.iter().enumerate() {
        let (last_record, last_cover) =
            (cities.get(n + 1)).map_or((by_city.len(), covers.len()), |c| (c.1, c.2));
        intersect_into(&mut shared, &covers[first_cover..last_cover], &twice);
        let (Some(first), Some(last)) = (shared.first(), shared.last()) else {
            continue;
        };
        let mut months = 0;
        for &(a, b) in &shared {
            months += (b - a + 1) as u32;
        }
        concerned.clear();
        for &key in &by_city[first_record..last_record] {
            let r = record_of(key);
            if overlaps_any(&shared, r.from, r.to) {
                concerned.push(r.index as i32);
            }
        }
        crate::count::sort(&mut concerned);
        let mut others = Vec::new();
        let from = with.partition_point(|&(c, _)| c < city);
        for &(_, other) in with[from..].iter().take_while(|&&(c, _)| c == city) {
            others.push(rules.city_id(other).to_string());
        }
        let mut indices = Vec::with_capacity(concerned.len());
        for &i in &concerned {
            indices.push(i as usize);
        }
        notes.push(Step::RecordsOverlap {
            kind,
            city: rules.city_id(city).to_string(),
            from: Month::from_index(first.0),
            to: Month::from_index(last.1),
            months,
            runs: shared.len() as u32,
            with: others,
            records: indices,
        });
    }
}

/// A record of one kind: its months (`from..=to`), city and place in the
/// history.
struct Record {
    from: i32,
    to: i32,
    city: CityIdx,
    index: usize,
}

/// The pairs of different cities whose merged ranges (`covers`, per city
/// from `cities[i].2`) share a month, each pair both ways, sorted: a sweep
/// over the ranges by start, keeping those still open (at most one per
/// city). A pair met again (a city's ranges meet another's many times) is
/// recognised in a table of the pairs seen, so only distinct pairs are
/// sorted. `shift`: the bits that hold a place among the ranges, as for the
/// records.
fn sharing_cities(
    covers: &[(i32, i32)],
    cities: &[(CityIdx, usize, usize)],
    shift: u32,
) -> Vec<(CityIdx, CityIdx)> {
    // Cities by their place in `cities` (gazetteer order).
    let mut owner = Vec::with_capacity(covers.len());
    for n in 0..cities.len() {
        let last = cities.get(n + 1).map_or(covers.len(), |c| c.2);
        owner.extend((cities[n].2..last).map(|_| n as i32));
    }
    let mut order: Vec<i32> = Vec::with_capacity(covers.len());
    for (i, &(from, _)) in covers.iter().enumerate() {
        order.push(((from - Month::FIRST.index()) << shift) | i as i32);
    }
    crate::count::sort(&mut order);
    let n = cities.len();
    let mut seen = vec![false; n * n];
    let mut open: Vec<(i32, i32)> = Vec::new();
    let mut pairs: Vec<i32> = Vec::new();
    for &key in &order {
        let i = (key & ((1 << shift) - 1)) as usize;
        let ((from, to), city) = (covers[i], owner[i]);
        open.retain(|&(end, _)| end >= from);
        for &(_, other) in &open {
            let at = city as usize * n + other as usize;
            if !seen[at] {
                seen[at] = true;
                seen[other as usize * n + city as usize] = true;
                pairs.push((city << 16) | other);
                pairs.push((other << 16) | city);
            }
        }
        open.push((to, city));
    }
    crate::count::sort(&mut pairs);
    let mut out = Vec::with_capacity(pairs.len());
    for &p in &pairs {
        out.push((
            cities[(p >> 16) as usize].0,
            cities[(p & 0xffff) as usize].0,
        ));
    }
    out
}
