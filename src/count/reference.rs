//! The counting as it was first written, month by month, kept for the tests
//! only: every month of the timeline stored per (city, kind), classified per
//! requirement, and walked back from the cut-off one month at a time; the
//! projection tries application months and bisects; the history notes count
//! records per month. Slow (the months times the partners, the candidate
//! months times the months), but each step is plain to read, so the engine's
//! interval counting is checked against it on random histories (the
//! properties at the end of this file).

use crate::explain::history_notes;
use crate::history::History;
use crate::month::Month;
use crate::options::WhatIf;
use crate::recognise::{AgreementCount, Continues, Partner};
use crate::report::{NoProjection, PointsCityMonths, PointsComponentReport, Step};
use crate::rules::{
    BackPaid, CityIdx, Counting, Cutoff, Kind, PartnerStart, PointsComponent, Recognition,
    Requirement, RuleSet,
};

use super::{Gap, MonthClass, PartnerIdx, Tally};

// --- the timeline -------------------------------------------------------------

/// How the records of one (city, kind) cover one month.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Cover(u8);

impl Cover {
    const PAID: u8 = 1;
    const BACK: u8 = 2;
    const MULTI: u8 = 4;

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn paid(self) -> bool {
        self.0 & Cover::PAID != 0
    }

    pub fn multiple(self) -> bool {
        self.0 & Cover::MULTI != 0
    }

    fn add(&mut self, back_paid: bool) {
        if self.0 != 0 {
            self.0 |= Cover::MULTI;
        }
        self.0 |= if back_paid { Cover::BACK } else { Cover::PAID };
    }
}

/// One [`Cover`] per month from `base` to `top`, per (city, kind).
pub struct Timeline {
    pub base: i32,
    pub top: i32,
    pub evaluation: Month,
    tracks: Vec<Option<Vec<Cover>>>,
    covered: Vec<Option<Vec<u32>>>,
    named: Vec<bool>,
}

fn slot(city: CityIdx, kind: Kind) -> usize {
    city.get() * 2 + kind.index()
}

impl Timeline {
    pub fn build(
        rules: &RuleSet,
        history: &History,
        evaluation: Month,
        horizon: i32,
        what_if: Option<&WhatIf>,
    ) -> Timeline {
        let earliest = history
            .periods
            .iter()
            .map(|p| p.from.index())
            .min()
            .unwrap_or(evaluation.index());
        let base = earliest.min(evaluation.index());
        let top = evaluation.index() + horizon;
        let len = (top - base + 1) as usize;
        let mut tracks: Vec<Option<Vec<Cover>>> = vec![None; rules.gazetteer.cities.len() * 2];
        let mut mark = |city: CityIdx, kind: Kind, from: i32, to: i32, back_paid: bool| {
            let track = tracks[slot(city, kind)].get_or_insert_with(|| vec![Cover::default(); len]);
            for cover in &mut track[(from - base) as usize..=(to - base) as usize] {
                cover.add(back_paid);
            }
        };
        let mut named = vec![false; rules.gazetteer.cities.len()];
        for period in &history.periods {
            named[period.city.get()] = true;
            let to = period.end(evaluation).index();
            mark(
                period.city,
                period.kind,
                period.from.index(),
                to,
                period.back_paid,
            );
            if period.to.is_none() {
                let stop = match what_if {
                    Some(w) if w.kinds.contains(&period.kind) => w.from.index() - 1,
                    _ => top,
                };
                if stop > to {
                    mark(period.city, period.kind, to + 1, stop, false);
                }
            }
        }
        if let Some(w) = what_if {
            for &kind in &w.kinds {
                mark(w.city, kind, w.from.index(), top, false);
            }
        }
        let covered = tracks
            .iter()
            .map(|t| t.as_deref().map(running_count))
            .collect();
        Timeline {
            base,
            top,
            evaluation,
            tracks,
            covered,
            named,
        }
    }

    pub fn in_history(&self, city: CityIdx) -> bool {
        self.named[city.get()]
    }

    pub fn track(&self, city: CityIdx, kind: Kind) -> Option<&[Cover]> {
        self.tracks[slot(city, kind)].as_deref()
    }

    pub fn covers(&self, city: CityIdx, kind: Kind, pos: usize) -> bool {
        self.track(city, kind).is_some_and(|t| !t[pos].is_empty())
    }

    pub fn covered_upto(&self, city: CityIdx, kind: Kind, month: Month) -> u32 {
        let Some(covered) = &self.covered[slot(city, kind)] else {
            return 0;
        };
        let i = month.index().min(self.top) - self.base;
        if i < 0 {
            0
        } else {
            covered[i as usize]
        }
    }

    pub fn months(&self) -> usize {
        (self.top - self.base + 1) as usize
    }

    pub fn pos(&self, month: Month) -> Option<usize> {
        let i = month.index();
        (self.base..=self.top)
            .contains(&i)
            .then(|| (i - self.base) as usize)
    }

    pub fn month(&self, pos: usize) -> Month {
        Month::from_index(self.base + pos as i32)
    }
}

fn running_count(track: &[Cover]) -> Vec<u32> {
    track
        .iter()
        .scan(0u32, |n, cover| {
            *n += u32::from(!cover.is_empty());
            Some(*n)
        })
        .collect()
}

// --- classes and the walk -----------------------------------------------------

/// Every month of the timeline classified for one requirement.
pub struct Classes {
    pub class: Vec<MonthClass>,
    pub source: Vec<PartnerIdx>,
}

pub fn cutoff(req: &Requirement, at: Month) -> Month {
    match req.cutoff {
        Cutoff::EvaluationMonth => at,
        Cutoff::EndOfPreviousYear => at.end_of_previous_year(),
    }
}

struct Effect {
    counts: bool,
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

// --- recognition --------------------------------------------------------------

/// Whether `names` (ids or codes) name `city`.
fn lists(rules: &RuleSet, names: &[String], city: CityIdx) -> bool {
    names.iter().any(|n| rules.city_by_name(n) == Some(city))
}

/// The partners of `req` of `target` under the agreements in force, by
/// looking every name up.
pub fn partners<'r>(
    req: &Requirement,
    target: CityIdx,
    rules: &'r RuleSet,
    active: &crate::recognise::Active<'r>,
    tl: &Timeline,
) -> Vec<Partner<'r>> {
    let mut partners: Vec<Partner<'r>> = Vec::new();
    if req.recognition != Recognition::Agreements {
        return partners;
    }
    for (agreement, version) in active.iter() {
        if !version.kinds.contains(&req.kind) || !lists(rules, &version.recognising, target) {
            continue;
        }
        for name in &version.partners {
            let Some(city) = rules.city_by_name(name) else {
                continue;
            };
            let known = city == target || partners.iter().any(|p| p.city == city);
            if !known && tl.track(city, req.kind).is_some() {
                partners.push(Partner {
                    city,
                    agreement,
                    version,
                });
            }
        }
    }
    partners
}

/// A requirement with every month classified.
pub struct Classified<'r> {
    pub req: &'r Requirement,
    pub target: CityIdx,
    pub partners: Vec<Partner<'r>>,
    pub classes: Classes,
}

/// A requirement counted at one application month.
#[derive(Debug, PartialEq)]
pub struct Count {
    pub cutoff: Month,
    pub tally: Tally,
    pub per_agreement: Vec<AgreementCount>,
    pub counted: u32,
    pub current: bool,
    pub met: bool,
}

impl<'r> Classified<'r> {
    pub fn new(
        req: &'r Requirement,
        target: CityIdx,
        rules: &'r RuleSet,
        active: &crate::recognise::Active<'r>,
        tl: &Timeline,
    ) -> Self {
        let partners = partners(req, target, rules, active, tl);
        let classes = classify(req, target, &partners, tl);
        Classified {
            req,
            target,
            partners,
            classes,
        }
    }

    pub fn count(&self, tl: &Timeline, at: Month) -> Count {
        let req = self.req;
        let cutoff = cutoff(req, at);
        let tally = tally(req, &self.classes, self.partners.len(), tl, cutoff);
        let per_agreement = self.convert(&tally);
        let counted = tally.local + per_agreement.iter().map(|a| a.capped).sum::<u32>();
        let current = !req.must_be_current
            || tl
                .pos(at)
                .is_some_and(|p| tl.covers(self.target, req.kind, p));
        let met = counted >= req.months && tally.local >= req.min_local_months && current;
        Count {
            cutoff,
            tally,
            per_agreement,
            counted,
            current,
            met,
        }
    }

    fn convert(&self, tally: &Tally) -> Vec<AgreementCount> {
        let mut agreements: Vec<_> = self.partners.iter().map(|p| p.agreement).collect();
        agreements.dedup();
        let mut out = Vec::with_capacity(agreements.len());
        for agreement in agreements {
            let Some(version) = self
                .partners
                .iter()
                .find(|p| p.agreement == agreement)
                .map(|p| p.version)
            else {
                continue;
            };
            let raw: u32 = self
                .partners
                .iter()
                .zip(&tally.raw)
                .filter(|(p, _)| p.agreement == agreement)
                .map(|(_, &m)| m)
                .sum();
            let converted = (f64::from(raw) * version.ratio + 1e-9).floor() as u32;
            let capped = version
                .cap_months
                .map_or(converted, |cap| converted.min(cap));
            out.push(AgreementCount {
                agreement,
                raw,
                converted,
                capped,
            });
        }
        out
    }

    pub fn covered_at(&self, tl: &Timeline, pos: usize) -> bool {
        tl.covers(self.target, self.req.kind, pos) || self.classes.class[pos].is_partner()
    }

    pub fn continues(&self, tl: &Timeline) -> Continues {
        let last = tl.months() - 1;
        Continues {
            local: tl.covers(self.target, self.req.kind, last),
            partner: self.classes.class[last].is_partner(),
        }
    }
}

fn classify(req: &Requirement, target: CityIdx, partners: &[Partner], tl: &Timeline) -> Classes {
    let len = tl.months();
    let mut classes = Classes {
        class: vec![MonthClass::NONE; len],
        source: vec![PartnerIdx::default(); len],
    };
    for pos in 0..len {
        let (class, source) = classify_month(req, target, partners, tl, pos);
        classes.class[pos] = class;
        classes.source[pos] = source;
    }
    classes
}

fn classify_month(
    req: &Requirement,
    target: CityIdx,
    partners: &[Partner],
    tl: &Timeline,
    pos: usize,
) -> (MonthClass, PartnerIdx) {
    let held = |city: CityIdx| match req.only_while_holding {
        None => true,
        Some(kind) => tl.covers(city, kind, pos),
    };
    let cover_of = |city: CityIdx| {
        tl.track(city, req.kind)
            .map(|t| t[pos])
            .filter(|c| !c.is_empty())
    };
    let mut c = MonthClass::NONE;
    let mut source = PartnerIdx::default();
    let mut covered_by = 0;
    if let Some(cover) = cover_of(target) {
        if held(target) {
            c = if cover.paid() {
                MonthClass::LOCAL_PAID
            } else {
                MonthClass::LOCAL_BACK
            };
            covered_by += if cover.multiple() { 2 } else { 1 };
        } else {
            c.set_not_holding(true);
        }
    }
    for (i, partner) in partners.iter().enumerate() {
        let Some(cover) = cover_of(partner.city) else {
            continue;
        };
        if let PartnerStart::From(start) = partner.version.partner_months_from {
            if tl.month(pos) < start {
                continue;
            }
        }
        if !held(partner.city) {
            c.set_not_holding(true);
            continue;
        }
        covered_by += if cover.multiple() { 2 } else { 1 };
        let candidate = if cover.paid() {
            MonthClass::PARTNER_PAID
        } else {
            MonthClass::PARTNER_BACK
        };
        let best = c.class();
        if best == MonthClass::NONE
            || (best == MonthClass::PARTNER_BACK && candidate == MonthClass::PARTNER_PAID)
        {
            c = c.with_class(candidate);
            source = PartnerIdx(i as u16);
        }
    }
    if covered_by > 1 {
        c.set_overlap();
    }
    if c.is_covered() {
        c.set_not_holding(false);
    }
    (c, source)
}

// --- the projection -----------------------------------------------------------

const UNSTABLE_WINDOW: i32 = 14;

/// The first application month after the evaluation month at which every
/// requirement is met, or why there is none: the search by scans and
/// bisection as it was first written.
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
    let yearly = reqs
        .iter()
        .any(|c| c.req.cutoff == Cutoff::EndOfPreviousYear);
    let found: Result<Option<i32>, NoProjection> = match what_if_from {
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
    found?
        .map(Month::from_index)
        .ok_or_else(|| why_not(tl, reqs, top))
}

/// The first month in `from..=to` at which every requirement is met, one
/// month at a time.
pub fn scan(tl: &Timeline, reqs: &[&Classified], from: i32, to: i32) -> Option<Month> {
    (from..=to)
        .find(|&at| reqs.iter().all(|c| c.count(tl, Month::from_index(at)).met))
        .map(Month::from_index)
}

fn window(reqs: &[&Classified]) -> i32 {
    reqs.iter()
        .map(|c| c.req.gap_tolerance_months as i32)
        .max()
        .unwrap_or(0)
        + UNSTABLE_WINDOW
}

fn covered_until(tl: &Timeline, reqs: &[&Classified], month: i32) -> bool {
    let Some(pos) = tl.pos(Month::from_index(month)) else {
        return false;
    };
    reqs.iter().all(|c| c.covered_at(tl, pos))
}

fn stops<'a, 'r>(tl: &Timeline, reqs: &[&'a Classified<'r>]) -> Option<&'a Classified<'r>> {
    reqs.iter().copied().find(|c| {
        let continues = c.continues(tl);
        !continues.local && !continues.partner
    })
}

pub fn why_not(tl: &Timeline, reqs: &[&Classified], top: i32) -> NoProjection {
    let top = Month::from_index(top);
    reqs.iter()
        .map(|c| (c, c.count(tl, top)))
        .find(|(_, n)| !n.met)
        .map_or(NoProjection::BeyondHorizon, |(c, n)| {
            no_projection(c, &n, c.continues(tl))
        })
}

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

fn no_projection(c: &Classified, n: &Count, continues: Continues) -> NoProjection {
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

// --- points -------------------------------------------------------------------

/// One points component, classified and walked month by month.
pub fn points_component(
    c: &PointsComponent,
    city: CityIdx,
    rules: &RuleSet,
    tl: &Timeline,
) -> PointsComponentReport {
    let recognised: Vec<(CityIdx, usize)> = c
        .recognised
        .iter()
        .enumerate()
        .filter_map(|(i, r)| rules.city_by_name(&r.city).map(|idx| (idx, i)))
        .filter(|&(idx, _)| idx != city)
        .collect();
    let len = tl.months();
    let mut classes = Classes {
        class: vec![MonthClass::NONE; len],
        source: vec![PartnerIdx::default(); len],
    };
    for pos in 0..len {
        if c.counted_from.is_some_and(|from| tl.month(pos) < from) {
            continue;
        }
        let cover = |idx: CityIdx| tl.track(idx, c.kind).map(|t| t[pos]);
        if let Some(local) = cover(city).filter(|k| !k.is_empty()) {
            classes.class[pos] = if local.paid() {
                MonthClass::LOCAL_PAID
            } else {
                MonthClass::LOCAL_BACK
            };
            continue;
        }
        for (p, &(idx, _)) in recognised.iter().enumerate() {
            let Some(k) = cover(idx).filter(|k| !k.is_empty()) else {
                continue;
            };
            if k.paid() || classes.class[pos] == MonthClass::NONE {
                classes.class[pos] = if k.paid() {
                    MonthClass::PARTNER_PAID
                } else {
                    MonthClass::PARTNER_BACK
                };
                classes.source[pos] = PartnerIdx(p as u16);
            }
            if k.paid() {
                break;
            }
        }
    }
    let req = Requirement {
        kind: c.kind,
        months: 1,
        counting: c.counting,
        gap_tolerance_months: 0,
        back_paid: c.back_paid,
        back_paid_cap_months: None,
        recognition: Recognition::LocalOnly,
        min_local_months: 0,
        cutoff: Cutoff::EvaluationMonth,
        must_be_current: false,
        only_while_holding: None,
        assumed: Vec::new(),
        clause: None,
    };
    let cutoff = tl.evaluation;
    let t = tally(&req, &classes, recognised.len(), tl, cutoff);
    let months = t.local + t.raw.iter().sum::<u32>();
    let unit = c.per.months();
    let units = months / unit;
    let uncapped = units.saturating_mul(c.points);
    let points = c.cap.map_or(uncapped, |cap| uncapped.min(cap));
    PointsComponentReport {
        kind: c.kind,
        per: c.per,
        points_per_unit: c.points,
        counting: c.counting,
        back_paid: c.back_paid,
        counted_from: c.counted_from,
        cutoff,
        streak_start: t.streak_start,
        months,
        local_months: t.local,
        from_cities: recognised
            .iter()
            .zip(&t.raw)
            .filter(|(_, &m)| m > 0)
            .map(|(&(idx, i), &m)| PointsCityMonths {
                city: rules.city_id(idx).to_string(),
                months: m,
                scope: c.recognised[i].scope,
            })
            .collect(),
        back_paid_excluded: t.back_excluded,
        units,
        remainder_months: months % unit,
        uncapped,
        cap: c.cap,
        capped: uncapped > points,
        points,
        confidence: c.confidence,
        clause: c.clause.clone(),
    }
}

// --- history notes ------------------------------------------------------------

/// Overlapping records of one kind, counted per month (the notes the
/// engine's sweep must give).
pub fn records_overlap(rules: &RuleSet, history: &History, evaluation: Month) -> Vec<Step> {
    let mut notes = Vec::new();
    for kind in Kind::ALL {
        records_overlap_of(rules, history, kind, evaluation, &mut notes);
    }
    notes
}

fn records_overlap_of(
    rules: &RuleSet,
    history: &History,
    kind: Kind,
    evaluation: Month,
    notes: &mut Vec<Step>,
) {
    let base = Month::FIRST.index();
    let at = |month: Month| (month.index() - base) as usize;
    let len = at(evaluation) + 2;
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

/// The engine's notes without those on cities without rules.
pub fn engine_overlaps(
    rules: &RuleSet,
    history: &History,
    tl: &crate::count::Timeline,
) -> Vec<Step> {
    history_notes(rules, history, tl)
        .into_iter()
        .filter(|s| matches!(s, Step::RecordsOverlap { .. }))
        .collect()
}

#[cfg(test)]
mod tests {
    //! The engine's counting against the reference above, on random rules
    //! (every counting mode, back-paid rules and caps, tolerated gaps,
    //! partners through one or two agreements with a start, a ratio and a
    //! cap, the local minimum, "current", only while holding, both
    //! cut-offs, points components) and random histories, with and without
    //! a what-if: the timeline's answers, every count at every application
    //! month, the projections and the history notes must be the same.

    use proptest::prelude::*;

    use super::{engine_overlaps, records_overlap};
    use crate::count::reference;
    use crate::fixture::{Pact, Req, World};
    use crate::history::{HistoryInput, PeriodInput};
    use crate::month::{Date, Month};
    use crate::options::WhatIf;
    use crate::recognise::{Active, Classified};
    use crate::rules::{
        Agreement, BackPaid, Clause, Confidence, Counting, Cutoff, Doc, Kind, PartnerStart, Points,
        PointsComponent, PointsUnit, RecognisedCity, Recognition, RecognitionScope, Requirement,
        RuleSet,
    };

    const CITIES: [&str; 3] = ["alpha", "beta", "gamma"];

    fn kind(residence: bool) -> Kind {
        if residence {
            Kind::Residence
        } else {
            Kind::SocialInsurance
        }
    }

    fn requirement() -> impl Strategy<Value = Requirement> {
        (
            (any::<bool>(), 1u32..60, any::<bool>(), 0u32..4, 0usize..3),
            (
                prop::option::of(0u32..6),
                any::<bool>(),
                prop::option::weighted(0.3, 1u32..24),
                any::<bool>(),
                prop::bool::weighted(0.2),
                prop::option::weighted(0.2, any::<bool>()),
            ),
        )
            .prop_map(
                |(
                    (residence, months, continuous, tolerance, back_paid),
                    (cap, agreements, min_local, previous_year, current, holding),
                )| {
                    let mut req = Req::new(kind(residence), months).build();
                    if continuous {
                        req.counting = Counting::Continuous;
                        req.gap_tolerance_months = tolerance;
                    }
                    req.back_paid = [
                        BackPaid::Counted,
                        BackPaid::NotCounted,
                        BackPaid::BreaksStreak,
                    ][back_paid];
                    req.back_paid_cap_months = cap;
                    if agreements {
                        req.recognition = Recognition::Agreements;
                    }
                    req.min_local_months = min_local.unwrap_or(0);
                    if previous_year {
                        req.cutoff = Cutoff::EndOfPreviousYear;
                    }
                    req.must_be_current = current;
                    // Only while holding the other kind (or, rarely, the same).
                    req.only_while_holding =
                        holding.map(|same| if same { req.kind } else { kind(!residence) });
                    req
                },
            )
    }

    /// Partners (an order of some of the three cities), the recognising
    /// cities, the kinds, the start, the ratio and the cap.
    fn pact(id: &'static str) -> impl Strategy<Value = Agreement> {
        (
            Just(CITIES).prop_shuffle(),
            1usize..4,
            any::<bool>(),
            0usize..3,
            prop_oneof![
                Just(PartnerStart::Any),
                Just(PartnerStart::Unknown),
                (0i32..48).prop_map(|m| PartnerStart::From(Month::from_index(2021 * 12 + m)))
            ],
            prop_oneof![Just(1.0), Just(0.5), Just(0.3)],
            prop::option::of(1u32..30),
        )
            .prop_map(
                move |(order, n, alpha_recognises, kinds, start, ratio, cap)| {
                    let mut pact = Pact::new()
                        .partners(&order[..n])
                        .kinds(
                            [
                                &[Kind::SocialInsurance][..],
                                &[Kind::Residence],
                                &[Kind::Residence, Kind::SocialInsurance],
                            ][kinds],
                        )
                        .start(start)
                        .ratio(ratio);
                    if let Some(cap) = cap {
                        pact = pact.cap(cap);
                    }
                    let mut agreement = pact.build();
                    agreement.id = id.into();
                    if !alpha_recognises {
                        agreement.versions[0].recognising = vec!["beta".into()];
                    }
                    agreement
                },
            )
    }

    fn component() -> impl Strategy<Value = PointsComponent> {
        (
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
            0usize..3,
            prop::option::of(1u32..200),
            prop::option::of(0i32..96),
            Just(CITIES).prop_shuffle(),
            0usize..4,
        )
            .prop_map(
                |(residence, yearly, continuous, back_paid, cap, from, order, n)| PointsComponent {
                    kind: kind(residence),
                    per: if yearly {
                        PointsUnit::Year
                    } else {
                        PointsUnit::Month
                    },
                    points: 3,
                    counting: if continuous {
                        Counting::Continuous
                    } else {
                        Counting::Cumulative
                    },
                    back_paid: [
                        BackPaid::Counted,
                        BackPaid::NotCounted,
                        BackPaid::BreaksStreak,
                    ][back_paid],
                    cap,
                    counted_from: from.map(|m| Month::from_index(2018 * 12 + m)),
                    recognised: order[..n]
                        .iter()
                        .map(|c| RecognisedCity {
                            city: c.to_string(),
                            scope: RecognitionScope::Unstated,
                        })
                        .collect(),
                    confidence: Confidence::News,
                    clause: Clause {
                        quote: "test".into(),
                        location: "test".into(),
                        source: 0,
                    },
                },
            )
    }

    /// (city, residence, months before the evaluation month it ends,
    /// length, ongoing, back-paid)
    type Raw = (usize, bool, i32, i32, bool, bool);

    fn raw_period() -> impl Strategy<Value = Raw> {
        (
            0usize..3,
            any::<bool>(),
            0i32..60,
            1i32..40,
            prop::bool::weighted(0.25),
            prop::bool::weighted(0.25),
        )
    }

    /// A rule set with these requirements, agreements and points, indexed
    /// without validation: the counting must agree on any of them.
    fn world(
        reqs: Vec<Requirement>,
        pacts: Vec<Agreement>,
        points: Vec<PointsComponent>,
    ) -> RuleSet {
        let mut bundle = World::new([Req::si(1)])
            .pact(Some(Pact::new()))
            .build()
            .to_bundle();
        let version = &mut bundle.cities[0].doc.routes[0].versions[0];
        version.requirements = reqs;
        version.points = (!points.is_empty()).then(|| Points {
            needed: None,
            quota: false,
            components: points,
            depends_on: Vec::new(),
            not_assessed: Vec::new(),
            context: Vec::new(),
        });
        bundle.agreements = pacts
            .into_iter()
            .map(|doc| Doc {
                file: format!("agreements/{}.json", doc.id),
                doc,
            })
            .collect();
        RuleSet::from_validated_bundle(bundle).expect("the world indexes")
    }

    struct Case {
        rules: RuleSet,
        history: crate::history::History,
        as_of: Date,
        what_if: Option<WhatIf>,
    }

    fn case(rules: RuleSet, raw: &[Raw], now: i32, what_if: Option<(usize, i32, usize)>) -> Case {
        let evaluation = Month::from_index(now);
        let periods = raw
            .iter()
            .map(|&(city, residence, back, length, ongoing, back_paid)| {
                let to = now - back;
                let from = to - length + 1;
                let ongoing = ongoing && !back_paid;
                PeriodInput {
                    city: CITIES[city].into(),
                    kind: kind(residence).as_str().into(),
                    from: Month::from_index(from).to_string(),
                    to: (!ongoing).then(|| Month::from_index(to).to_string()),
                    back_paid,
                    note: None,
                }
            })
            .collect();
        let input = HistoryInput {
            version: None,
            hukou_city: None,
            periods,
        };
        let history =
            crate::history::validate(&input, &rules, evaluation).expect("a valid history");
        let what_if = what_if.map(|(city, ahead, kinds)| WhatIf {
            city: rules.city_by_name(CITIES[city]).unwrap(),
            from: Month::from_index(now + ahead),
            kinds: [&[Kind::SocialInsurance][..], &[Kind::Residence], &Kind::ALL][kinds].to_vec(),
        });
        Case {
            rules,
            history,
            as_of: Date::first_of(evaluation),
            what_if,
        }
    }

    /// How far the timeline runs, as `evaluate` decides it.
    fn horizon(case: &Case) -> i32 {
        let longest = (case.rules.cities.iter())
            .flat_map(|c| &c.rules.routes)
            .flat_map(|r| &r.versions)
            .flat_map(|v| &v.requirements)
            .map(|q| q.months as i32)
            .max()
            .unwrap_or(0);
        let offset = case
            .what_if
            .as_ref()
            .map_or(0, |w| w.from.index() - case.as_of.month().index());
        longest + 24 + offset
    }

    fn compare(case: &Case) -> Result<(), TestCaseError> {
        let rules = &case.rules;
        let evaluation = case.as_of.month();
        let horizon = horizon(case);
        let new = crate::count::Timeline::build(
            rules,
            &case.history,
            evaluation,
            horizon,
            case.what_if.as_ref(),
        );
        let old = reference::Timeline::build(
            rules,
            &case.history,
            evaluation,
            horizon,
            case.what_if.as_ref(),
        );
        prop_assert_eq!((new.base, new.top), (old.base, old.top));
        for city in rules.city_indices() {
            prop_assert_eq!(new.in_history(city), old.in_history(city));
            for kind in Kind::ALL {
                prop_assert_eq!(
                    new.track(city, kind).is_some(),
                    old.track(city, kind).is_some()
                );
                for i in old.base - 2..=old.top + 2 {
                    let month = Month::from_index(i);
                    let covers = old.pos(month).is_some_and(|p| old.covers(city, kind, p));
                    prop_assert_eq!(
                        new.covers(city, kind, month),
                        covers,
                        "{:?} {:?} {}",
                        city,
                        kind,
                        month
                    );
                    prop_assert_eq!(
                        new.covered_upto(city, kind, month),
                        old.covered_upto(city, kind, month)
                    );
                }
            }
        }
        prop_assert_eq!(
            engine_overlaps(rules, &case.history, &new),
            records_overlap(rules, &case.history, evaluation)
        );

        let active = Active::at(rules, case.as_of);
        let alpha = rules.city_by_name("alpha").unwrap();
        let version = &rules.cities[0].rules.routes[0].versions[0];
        let what_if_from = case.what_if.as_ref().map(|w| w.from);
        let now = evaluation.index();
        let mut news = Vec::new();
        let mut olds = Vec::new();
        for req in &version.requirements {
            let n = Classified::new(req, alpha, &active, &new);
            let o = reference::Classified::new(req, alpha, rules, &active, &old);
            let partners = |p: &[crate::recognise::Partner]| {
                p.iter().map(|p| (p.city, p.agreement)).collect::<Vec<_>>()
            };
            prop_assert_eq!(partners(&n.partners), partners(&o.partners));
            for i in old.base - 1..=old.top {
                let at = Month::from_index(i);
                let (a, b) = (n.count(&new, at), o.count(&old, at));
                prop_assert_eq!(
                    (
                        a.cutoff,
                        &a.tally,
                        &a.per_agreement,
                        a.counted,
                        a.current,
                        a.met
                    ),
                    (
                        b.cutoff,
                        &b.tally,
                        &b.per_agreement,
                        b.counted,
                        b.current,
                        b.met
                    ),
                    "count at {}",
                    at
                );
            }
            prop_assert_eq!(n.continues(&new), o.continues(&old));
            // As the evaluation projects a requirement: alone, when it is
            // not met at the evaluation month.
            if !o.count(&old, evaluation).met {
                let projected = crate::project::project(&new, &[&n], what_if_from, new.top);
                prop_assert_eq!(
                    projected,
                    reference::project(&old, &[&o], what_if_from, old.top)
                );
                prop_assert_eq!(
                    projected.ok(),
                    reference::scan(&old, &[&o], now + 1, old.top)
                );
            }
            news.push(n);
            olds.push(o);
        }
        let n: Vec<&Classified> = news.iter().collect();
        let o: Vec<&reference::Classified> = olds.iter().collect();
        if !n.is_empty() {
            // And all together under a what-if, when one is not met.
            if what_if_from.is_some() && o.iter().any(|c| !c.count(&old, evaluation).met) {
                let projected = crate::project::project(&new, &n, what_if_from, new.top);
                prop_assert_eq!(
                    projected,
                    reference::project(&old, &o, what_if_from, old.top)
                );
                prop_assert_eq!(projected.ok(), reference::scan(&old, &o, now + 1, old.top));
            }
            for (from, to) in [
                (now + 1, new.top),
                (now + 3, now + 20),
                (now + 13, new.top - 5),
            ] {
                prop_assert_eq!(
                    crate::project::first_met_between(&new, &n, from, to),
                    reference::scan(&old, &o, from, to),
                    "between {} and {}",
                    from,
                    to
                );
            }
        }
        if let Some(points) = &version.points {
            let report = crate::points::score(points, alpha, rules, &new);
            for (component, scored) in points.components.iter().zip(&report.components) {
                let expected = reference::points_component(component, alpha, rules, &old);
                prop_assert_eq!(
                    serde_json::to_value(scored).unwrap(),
                    serde_json::to_value(&expected).unwrap()
                );
            }
        }
        Ok(())
    }

    /// The engine packs a record's place into sort keys with as many bits
    /// as the history needs: a history built directly (not read, so not held
    /// to the 1,000 periods a file may have) is laid out and noted alike.
    #[test]
    fn more_records_than_a_file_may_hold_are_counted_alike() {
        let rules = world(Vec::new(), Vec::new(), Vec::new());
        let evaluation = Month::from_index(2026 * 12 + 10);
        let periods = (0..3000)
            .map(|i: i32| crate::history::Period {
                city: crate::rules::CityIdx::new(i as usize % 3),
                kind: kind(i % 7 == 0),
                from: Month::from_index(evaluation.index() - 400 + i % 389),
                to: Some(Month::from_index(
                    evaluation.index() - 400 + i % 389 + i % 5,
                )),
                back_paid: i % 11 == 0,
                index: i as usize,
            })
            .collect();
        let history = crate::history::History {
            hukou_city: None,
            periods,
        };
        let new = crate::count::Timeline::build(&rules, &history, evaluation, 24, None);
        let old = reference::Timeline::build(&rules, &history, evaluation, 24, None);
        for city in rules.city_indices() {
            for kind in Kind::ALL {
                for i in old.base..=old.top {
                    let month = Month::from_index(i);
                    assert_eq!(
                        new.covered_upto(city, kind, month),
                        old.covered_upto(city, kind, month)
                    );
                }
            }
        }
        assert_eq!(
            engine_overlaps(&rules, &history, &new),
            records_overlap(&rules, &history, evaluation)
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

        #[test]
        fn interval_counting_equals_the_month_by_month_reference(
            reqs in prop::collection::vec(requirement(), 0..3),
            first in pact("pact"),
            second in prop::option::of(pact("pact2")),
            points in prop::collection::vec(component(), 0..3),
            raw in prop::collection::vec(raw_period(), 0..10),
            month in 0i32..36,
            what_if in prop::option::of((0usize..3, 1i32..30, 0usize..3)),
            ranks in prop::bool::weighted(0.2),
        ) {
            let rules = world(reqs, std::iter::once(first).chain(second).collect(), points);
            let now = 2024 * 12 + month;
            // Now and then, the classification's months as ranks (what a
            // timeline too long for offsets takes).
            crate::count::classify::RANKS.with(|r| r.set(ranks));
            let compared = compare(&case(rules, &raw, now, what_if));
            crate::count::classify::RANKS.with(|r| r.set(false));
            compared?;
        }

        /// Many records in every city, overlapping and touching: the notes.
        #[test]
        fn the_overlap_sweep_equals_the_per_month_count(
            raw in prop::collection::vec((0usize..3, any::<bool>(), 0i32..30, 1i32..12, prop::bool::weighted(0.1), any::<bool>()), 0..40),
        ) {
            let rules = world(Vec::new(), Vec::new(), Vec::new());
            let now = 2026 * 12 + 10;
            let case = case(rules, &raw, now, None);
            let tl = crate::count::Timeline::build(&case.rules, &case.history, case.as_of.month(), 24, None);
            prop_assert_eq!(engine_overlaps(&case.rules, &case.history, &tl), records_overlap(&case.rules, &case.history, case.as_of.month()));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

        /// The same over many cities of the shipped gazetteer.
        #[test]
        fn the_overlap_sweep_equals_the_per_month_count_in_many_cities(
            raw in prop::collection::vec((0usize..60, any::<bool>(), 0i32..240, 1i32..48, prop::bool::weighted(0.1), any::<bool>()), 0..120),
        ) {
            let rules = crate::rules::shipped::default_rules();
            let evaluation = Month::from_index(2026 * 12 + 10);
            let periods = raw
                .iter()
                .map(|&(city, residence, back, length, ongoing, back_paid)| {
                    let to = evaluation.index() - back;
                    PeriodInput {
                        city: rules.gazetteer.cities[city * 5].id.clone(),
                        kind: kind(residence).as_str().into(),
                        from: Month::from_index(to - length + 1).to_string(),
                        to: (!ongoing || back_paid).then(|| Month::from_index(to).to_string()),
                        back_paid: back_paid && !ongoing,
                        note: None,
                    }
                })
                .collect();
            let input = HistoryInput { version: None, hukou_city: None, periods };
            let history = crate::history::validate(&input, &rules, evaluation).expect("a valid history");
            let tl = crate::count::Timeline::build(&rules, &history, evaluation, 24, None);
            prop_assert_eq!(engine_overlaps(&rules, &history, &tl), records_overlap(&rules, &history, evaluation));
        }
    }
}
