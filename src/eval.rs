//! Counting and recognition: turns a validated history into a [`Report`].
//!
//! The history is laid out as one track per (city, kind): a byte per month,
//! flagging months covered by an ordinary record and months covered only by a
//! back-paid (补缴) record. Ongoing periods are extended past the evaluation
//! month up to a horizon, so that the same counting code answers "now" (cut-off
//! at or before the evaluation month, which never reads the extension) and
//! "from which month" (cut-offs in the extension).

use crate::error::{quoted, ErrorKind, InputError};
use crate::history::History;
use crate::month::{Date, Month};
use crate::report::{
    AgreementUse, CityMonths, CityReport, NoProjection, PartnerExclusion, Report,
    RequirementReport, RouteReport, Status, Step, WhatIfReport,
};
use crate::rules::{
    AgreementVersion, BackPaid, Condition, Counting, Cutoff, Kind, PartnerStart, Recognition,
    Requirement, Route, RouteVersion,
};
use crate::ruleset::{CityIdx, RuleSet};
use crate::WhatIfInput;

/// Months past the longest requirement that a projection looks ahead: one
/// year for a Beijing-style cut-off (previous December) plus one of margin.
const PROJECTION_SLACK: i32 = 24;

/// How far ahead a what-if may start; further is not a plan but a typo.
const MAX_WHAT_IF_MONTHS: i32 = 50 * 12;

pub struct Options {
    pub as_of: Date,
    /// Empty: every city with rules.
    pub cities: Vec<CityIdx>,
    pub what_if: Option<WhatIf>,
}

/// "If I continue in `city` from `from`": periods of `kinds` that are ongoing
/// stop at `from - 1`, and `city` covers those kinds from `from` on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WhatIf {
    pub city: CityIdx,
    pub from: Month,
    pub kinds: Vec<Kind>,
}

impl WhatIf {
    pub fn parse(
        input: &WhatIfInput,
        rules: &RuleSet,
        evaluation: Month,
        errors: &mut Vec<InputError>,
    ) -> Option<WhatIf> {
        let before = errors.len();
        let city = rules.city_by_name(&input.city);
        if city.is_none() {
            errors.push(InputError::new(
                ErrorKind::UnknownCity,
                "what_if.city",
                format!(
                    "{} is not a known city id or GB/T 2260 code",
                    quoted(&input.city)
                ),
            ));
        }
        let from = Month::parse(&input.from);
        match from {
            None => errors.push(InputError::new(
                ErrorKind::BadMonth,
                "what_if.from",
                format!("{} is not a month (YYYY-MM)", quoted(&input.from)),
            )),
            Some(month) if month <= evaluation => errors.push(InputError::new(
                ErrorKind::BadOption,
                "what_if.from",
                format!("{month} is not after the evaluation month {evaluation}"),
            )),
            Some(month) if month > evaluation.plus(MAX_WHAT_IF_MONTHS) => {
                errors.push(InputError::new(
                    ErrorKind::BadOption,
                    "what_if.from",
                    format!(
                        "{month} is more than 50 years after the evaluation month {evaluation}"
                    ),
                ))
            }
            Some(_) => {}
        }
        let mut kinds = Vec::new();
        match &input.kinds {
            None => kinds.extend(Kind::ALL),
            Some(list) if list.is_empty() => errors.push(InputError::new(
                ErrorKind::BadOption,
                "what_if.kinds",
                "name at least one kind, or leave kinds out for both",
            )),
            Some(list) => {
                for (i, text) in list.iter().enumerate() {
                    match Kind::parse(text) {
                        Some(kind) if !kinds.contains(&kind) => kinds.push(kind),
                        Some(_) => {}
                        None => errors.push(InputError::new(
                            ErrorKind::UnknownKind,
                            format!("what_if.kinds[{i}]"),
                            format!(
                                "{} is not a kind (social_insurance or residence)",
                                quoted(text)
                            ),
                        )),
                    }
                }
            }
        }
        if errors.len() > before {
            return None;
        }
        Some(WhatIf {
            city: city?,
            from: from?,
            kinds,
        })
    }
}

// --- the timeline ---------------------------------------------------------------

const PAID: u8 = 1;
const BACK: u8 = 2;
/// Covered by more than one record.
const MULTI: u8 = 4;

/// One byte per month from `base` to `top`, per (city, kind).
struct Timeline {
    base: i32,
    top: i32,
    evaluation: Month,
    tracks: Vec<Option<Vec<u8>>>,
    /// Per track, the number of covered months up to and including each
    /// position (for explanations).
    covered: Vec<Option<Vec<u32>>>,
}

impl Timeline {
    fn build(
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
        let mut tracks: Vec<Option<Vec<u8>>> = vec![None; rules.gazetteer.cities.len() * 2];
        let mut mark = |city: CityIdx, kind: Kind, from: i32, to: i32, flag: u8| {
            let track = tracks[city * 2 + kind.index()].get_or_insert_with(|| vec![0; len]);
            for slot in &mut track[(from - base) as usize..=(to - base) as usize] {
                if *slot != 0 {
                    *slot |= MULTI;
                }
                *slot |= flag;
            }
        };
        for period in &history.periods {
            let to = period.end(evaluation).index();
            let flag = if period.back_paid { BACK } else { PAID };
            mark(period.city, period.kind, period.from.index(), to, flag);
            if period.to.is_none() {
                // Ongoing: continues past the evaluation month, unless a what-if
                // for this kind moves the person elsewhere.
                let stop = match what_if {
                    Some(w) if w.kinds.contains(&period.kind) => w.from.index() - 1,
                    _ => top,
                };
                if stop > to {
                    mark(period.city, period.kind, to + 1, stop, PAID);
                }
            }
        }
        if let Some(w) = what_if {
            for &kind in &w.kinds {
                mark(w.city, kind, w.from.index(), top, PAID);
            }
        }
        let covered = tracks
            .iter()
            .map(|track| {
                track.as_ref().map(|t| {
                    t.iter()
                        .scan(0u32, |n, &flags| {
                            *n += u32::from(flags != 0);
                            Some(*n)
                        })
                        .collect()
                })
            })
            .collect();
        Timeline {
            base,
            top,
            evaluation,
            tracks,
            covered,
        }
    }

    fn track(&self, city: CityIdx, kind: Kind) -> Option<&[u8]> {
        self.tracks[city * 2 + kind.index()].as_deref()
    }

    /// Months of `city` and `kind` covered from the start up to `month`,
    /// inclusive.
    fn covered_upto(&self, city: CityIdx, kind: Kind, month: Month) -> u32 {
        let Some(covered) = &self.covered[city * 2 + kind.index()] else {
            return 0;
        };
        let i = month.index().min(self.top) - self.base;
        if i < 0 {
            0
        } else {
            covered[i as usize]
        }
    }

    fn pos(&self, month: Month) -> Option<usize> {
        let i = month.index();
        (self.base..=self.top)
            .contains(&i)
            .then(|| (i - self.base) as usize)
    }

    fn month(&self, pos: usize) -> Month {
        Month::from_index(self.base + pos as i32)
    }
}

// --- one requirement, classified ---------------------------------------------------

const NONE: u8 = 0;
const LOCAL_PAID: u8 = 1;
const LOCAL_BACK: u8 = 2;
const PARTNER_PAID: u8 = 3;
const PARTNER_BACK: u8 = 4;
const CLASS: u8 = 0b111;
/// The month is covered by more than one city.
const OVERLAP: u8 = 1 << 3;
/// Covered, but not while holding the other kind.
const NOT_HOLDING: u8 = 1 << 4;

/// A partner city whose months count, through which agreement.
struct Partner<'r> {
    city: CityIdx,
    agreement: usize,
    version: &'r AgreementVersion,
}

/// A requirement of a target city, with every month classified once.
struct Classified<'r> {
    req: &'r Requirement,
    target: CityIdx,
    partners: Vec<Partner<'r>>,
    /// Class and flags per month.
    class: Vec<u8>,
    /// Index into `partners` for partner months.
    source: Vec<u16>,
}

/// Active agreement versions: (index in the rule set, version).
type Active<'r> = Vec<(usize, &'r AgreementVersion)>;

impl<'r> Classified<'r> {
    fn new(
        req: &'r Requirement,
        target: CityIdx,
        rules: &'r RuleSet,
        active: &Active<'r>,
        tl: &Timeline,
    ) -> Self {
        let mut partners: Vec<Partner<'r>> = Vec::new();
        if req.recognition == Recognition::Agreements {
            for &(agreement, version) in active {
                if !version.kinds.contains(&req.kind) || !lists(rules, &version.recognising, target)
                {
                    continue;
                }
                for name in &version.partners {
                    let Some(city) = rules.city_by_name(name) else {
                        continue;
                    };
                    if city == target || partners.iter().any(|p| p.city == city) {
                        continue;
                    }
                    if tl.track(city, req.kind).is_some() {
                        partners.push(Partner {
                            city,
                            agreement,
                            version,
                        });
                    }
                }
            }
        }
        let len = (tl.top - tl.base + 1) as usize;
        let mut class = vec![NONE; len];
        let mut source = vec![0u16; len];
        let held = |city: CityIdx, pos: usize| match req.only_while_holding {
            None => true,
            Some(kind) => tl.track(city, kind).is_some_and(|t| t[pos] != 0),
        };
        let local = tl.track(target, req.kind);
        for pos in 0..len {
            let mut c = NONE;
            let mut covered_by = 0;
            if let Some(flags) = local.map(|t| t[pos]).filter(|&f| f != 0) {
                if held(target, pos) {
                    c = if flags & PAID != 0 {
                        LOCAL_PAID
                    } else {
                        LOCAL_BACK
                    };
                    covered_by += if flags & MULTI != 0 { 2 } else { 1 };
                } else {
                    c |= NOT_HOLDING;
                }
            }
            for (i, partner) in partners.iter().enumerate() {
                let flags = tl.track(partner.city, req.kind).map_or(0, |t| t[pos]);
                if flags == 0 {
                    continue;
                }
                if let PartnerStart::From(start) = partner.version.partner_months_from {
                    if tl.month(pos) < start {
                        continue;
                    }
                }
                if !held(partner.city, pos) {
                    c |= NOT_HOLDING;
                    continue;
                }
                covered_by += if flags & MULTI != 0 { 2 } else { 1 };
                let best = c & CLASS;
                let candidate = if flags & PAID != 0 {
                    PARTNER_PAID
                } else {
                    PARTNER_BACK
                };
                if best == NONE || (best == PARTNER_BACK && candidate == PARTNER_PAID) {
                    c = (c & !CLASS) | candidate;
                    source[pos] = i as u16;
                }
            }
            if covered_by > 1 {
                c |= OVERLAP;
            }
            if c & CLASS != NONE {
                c &= !NOT_HOLDING;
            }
            class[pos] = c;
        }
        Classified {
            req,
            target,
            partners,
            class,
            source,
        }
    }

    /// Counts at application month `at` (the cut-off follows from it).
    fn count(&self, tl: &Timeline, at: Month) -> Count {
        let req = self.req;
        let cutoff = match req.cutoff {
            Cutoff::EvaluationMonth => at,
            Cutoff::EndOfPreviousYear => at.end_of_previous_year(),
        };
        let mut n = Count::new(cutoff, self.partners.len());
        let cap = req.back_paid_cap_months.unwrap_or(u32::MAX);
        let end = match tl.pos(cutoff) {
            Some(end) => end as isize,
            // A cut-off before every record: nothing to count.
            None => -1,
        };
        let continuous = req.counting == Counting::Continuous;
        let mut gap_run = 0u32;
        let mut pos = end;
        while pos >= 0 {
            let p = pos as usize;
            let c = self.class[p] & CLASS;
            let not_holding = self.class[p] & NOT_HOLDING != 0;
            let back = c == LOCAL_BACK || c == PARTNER_BACK;
            // What the month does: count, keep the streak only, or be missing.
            let (counts, covered) = if c == NONE {
                (false, false)
            } else if !back {
                (true, true)
            } else if req.back_paid == BackPaid::BreaksStreak || n.back_used >= cap {
                n.back_excluded += 1;
                (false, false)
            } else {
                n.back_used += 1;
                match req.back_paid {
                    BackPaid::Counted => {
                        n.back_counted += 1;
                        (true, true)
                    }
                    _ => {
                        n.back_excluded += 1;
                        (false, true)
                    }
                }
            };
            if continuous {
                if !covered {
                    gap_run += 1;
                    if gap_run > req.gap_tolerance_months {
                        // The gap runs from here back to the previous covered month.
                        let mut first = p;
                        while first > 0 && self.missing(first - 1, n.back_used >= cap) {
                            first -= 1;
                        }
                        let last = p + gap_run as usize - 1;
                        n.gap = Some((tl.month(first), tl.month(last)));
                        // The months of the gap that were counted as "back
                        // excluded" above stay reported; nothing else is read.
                        break;
                    }
                    n.not_holding += u32::from(not_holding);
                    pos -= 1;
                    continue;
                }
                gap_run = 0;
                n.streak_start = Some(tl.month(p));
            }
            if self.class[p] & OVERLAP != 0 {
                n.overlap += 1;
            }
            n.not_holding += u32::from(not_holding);
            if counts {
                match c {
                    LOCAL_PAID | LOCAL_BACK => n.local += 1,
                    _ => n.raw[self.source[p] as usize] += 1,
                }
            }
            pos -= 1;
        }
        // Partner months per agreement, then its ratio and cap.
        let mut counted = n.local;
        let mut agreements: Vec<usize> = self.partners.iter().map(|p| p.agreement).collect();
        agreements.dedup();
        for agreement in agreements {
            let raw: u32 = self
                .partners
                .iter()
                .zip(&n.raw)
                .filter(|(p, _)| p.agreement == agreement)
                .map(|(_, &m)| m)
                .sum();
            let version = self
                .partners
                .iter()
                .find(|p| p.agreement == agreement)
                .map(|p| p.version);
            let Some(version) = version else { continue };
            let converted = (f64::from(raw) * version.ratio + 1e-9).floor() as u32;
            let capped = version
                .cap_months
                .map_or(converted, |cap| converted.min(cap));
            n.per_agreement.push((agreement, raw, converted, capped));
            counted += capped;
        }
        n.counted = counted;
        n.current = !req.must_be_current
            || tl
                .track(self.target, req.kind)
                .zip(tl.pos(at))
                .is_some_and(|(t, p)| t[p] != 0);
        n.met = n.counted >= req.months && n.local >= req.min_local_months && n.current;
        n
    }

    /// Whether the month at `pos` is a missing month in a streak, once the
    /// back-paid cap is `exhausted` or not.
    fn missing(&self, pos: usize, exhausted: bool) -> bool {
        match self.class[pos] & CLASS {
            NONE => true,
            LOCAL_BACK | PARTNER_BACK => exhausted || self.req.back_paid == BackPaid::BreaksStreak,
            _ => false,
        }
    }

    /// Whether this requirement keeps growing past the evaluation month:
    /// (locally, through a partner).
    fn continues(&self, tl: &Timeline) -> (bool, bool) {
        let last = (tl.top - tl.base) as usize;
        let c = self.class[last] & CLASS;
        let local = tl
            .track(self.target, self.req.kind)
            .is_some_and(|t| t[last] != 0);
        (local, c == PARTNER_PAID || c == PARTNER_BACK)
    }
}

struct Count {
    cutoff: Month,
    counted: u32,
    local: u32,
    /// Partner months counted, per partner (before ratio and cap).
    raw: Vec<u32>,
    /// (agreement, raw, after ratio, after cap)
    per_agreement: Vec<(usize, u32, u32, u32)>,
    back_used: u32,
    back_counted: u32,
    back_excluded: u32,
    overlap: u32,
    not_holding: u32,
    streak_start: Option<Month>,
    gap: Option<(Month, Month)>,
    current: bool,
    met: bool,
}

impl Count {
    fn new(cutoff: Month, partners: usize) -> Count {
        Count {
            cutoff,
            counted: 0,
            local: 0,
            raw: vec![0; partners],
            per_agreement: Vec::new(),
            back_used: 0,
            back_counted: 0,
            back_excluded: 0,
            overlap: 0,
            not_holding: 0,
            streak_start: None,
            gap: None,
            current: false,
            met: false,
        }
    }
}

fn lists(rules: &RuleSet, names: &[String], city: CityIdx) -> bool {
    names.iter().any(|n| rules.city_by_name(n) == Some(city))
}

// --- the report ------------------------------------------------------------------

pub fn evaluate(rules: &RuleSet, history: &History, options: &Options) -> Report {
    let evaluation = options.as_of.month();
    let targets: Vec<CityIdx> = if options.cities.is_empty() {
        rules.cities.iter().map(|c| c.city).collect()
    } else {
        let mut chosen: Vec<CityIdx> = options.cities.clone();
        chosen.sort_unstable();
        chosen.dedup();
        chosen
    };
    let longest = targets
        .iter()
        .filter_map(|&c| rules.rules_of(c))
        .flat_map(|c| c.rules.routes.iter())
        .flat_map(|r| r.versions.iter())
        .flat_map(|v| v.requirements.iter())
        .map(|q| q.months as i32)
        .max()
        .unwrap_or(0);
    let what_if_offset = options
        .what_if
        .as_ref()
        .map_or(0, |w| w.from.index() - evaluation.index());
    let horizon = longest + PROJECTION_SLACK + what_if_offset;
    let tl = Timeline::build(
        rules,
        history,
        evaluation,
        horizon,
        options.what_if.as_ref(),
    );

    let active: Active = rules
        .agreements
        .iter()
        .enumerate()
        .filter_map(|(i, doc)| {
            in_force(&doc.doc.versions, options.as_of, |v| {
                (v.effective_from, v.effective_until)
            })
            .map(|v| (i, v))
        })
        .collect();

    let ctx = Ctx {
        rules,
        history,
        tl: &tl,
        active: &active,
        as_of: options.as_of,
        what_if: options.what_if.is_some(),
        what_if_from: options.what_if.as_ref().map(|w| w.from),
    };
    let cities = targets
        .iter()
        .filter_map(|&city| {
            let doc = rules.rules_of(city)?;
            let entry = rules.city(city);
            Some(CityReport {
                city: entry.id.clone(),
                code: entry.code.clone(),
                name_zh: entry.name_zh.clone(),
                name_en: entry.name_en.clone(),
                province_zh: entry.province_zh.clone(),
                province_en: entry.province_en.clone(),
                regions: rules
                    .gazetteer
                    .regions
                    .iter()
                    .filter(|r| r.members.contains(&entry.id))
                    .map(|r| r.id.clone())
                    .collect(),
                routes: doc
                    .rules
                    .routes
                    .iter()
                    .map(|route| ctx.route(city, route))
                    .collect(),
            })
        })
        .collect();

    Report {
        as_of: options.as_of,
        evaluation_month: evaluation,
        rules_version: rules.version.clone(),
        what_if: options.what_if.as_ref().map(|w| WhatIfReport {
            city: rules.city_id(w.city).to_string(),
            from: w.from,
            kinds: w.kinds.clone(),
        }),
        history_notes: history_notes(rules, history, evaluation),
        cities,
    }
}

fn in_force<V>(
    versions: &[V],
    date: Date,
    span: impl Fn(&V) -> (Date, Option<Date>),
) -> Option<&V> {
    versions.iter().find(|v| {
        let (from, until) = span(v);
        from <= date && until.is_none_or(|until| date <= until)
    })
}

struct Ctx<'a> {
    rules: &'a RuleSet,
    history: &'a History,
    tl: &'a Timeline,
    active: &'a Active<'a>,
    as_of: Date,
    what_if: bool,
    /// The month a what-if move starts.
    what_if_from: Option<Month>,
}

impl Ctx<'_> {
    fn route(&self, city: CityIdx, route: &Route) -> RouteReport {
        let mut report = RouteReport {
            route: route.id.clone(),
            name_zh: route.name_zh.clone(),
            name_en: route.name_en.clone(),
            status: Status::Unknown,
            reason: None,
            requirements: Vec::new(),
            eligible_from: None,
            no_projection: None,
            unchecked: Vec::new(),
            assumptions: Vec::new(),
            effective_from: None,
            effective_until: None,
            source: None,
            confidence: None,
            rule_confidence: None,
            verified_on: None,
            agreements: Vec::new(),
            explanation: Vec::new(),
        };
        let Some(version) = in_force(&route.versions, self.as_of, |v| {
            (v.effective_from, v.effective_until)
        }) else {
            report.reason = Some("no_rule_in_force".into());
            report.no_projection = Some(NoProjection::NoRule);
            report.explanation.push(Step::NoRuleInForce {
                date: self.as_of,
                first_effective: route.versions.first().map(|v| v.effective_from),
                last_until: route.versions.last().and_then(|v| v.effective_until),
            });
            return report;
        };
        self.describe_version(version, &mut report);

        if let Some(allowed) = &route.hukou_in {
            let allowed_ids: Vec<String> = allowed
                .iter()
                .filter_map(|n| self.rules.city_by_name(n))
                .map(|c| self.rules.city_id(c).to_string())
                .collect();
            match self.history.hukou_city {
                Some(hukou) if !lists(self.rules, allowed, hukou) => {
                    report.status = Status::NotApplicable;
                    report.reason = Some("hukou_not_eligible".into());
                    report.no_projection = Some(NoProjection::NoRule);
                    report.explanation.push(Step::HukouNotEligible {
                        hukou_city: self.rules.city_id(hukou).to_string(),
                        allowed: allowed_ids,
                    });
                    return report;
                }
                Some(_) => {}
                None => {
                    let names_zh: Vec<&str> = allowed
                        .iter()
                        .filter_map(|n| self.rules.city_by_name(n))
                        .map(|c| self.rules.city(c).name_zh.as_str())
                        .collect();
                    let names_en: Vec<&str> = allowed
                        .iter()
                        .filter_map(|n| self.rules.city_by_name(n))
                        .map(|c| self.rules.city(c).name_en.as_str())
                        .collect();
                    report.unchecked.insert(
                        0,
                        Condition {
                            code: "hukou_in".into(),
                            zh: format!("户籍在{}", names_zh.join("、")),
                            en: format!("hukou in {}", names_en.join(", ")),
                        },
                    );
                    report.explanation.push(Step::HukouNotGiven {
                        allowed: allowed_ids,
                    });
                }
            }
        }

        if version.requirements.is_empty() {
            report.status = Status::NoThreshold;
            report.explanation.push(Step::NoThreshold);
            return report;
        }

        let evaluation = self.tl.evaluation;
        let classified: Vec<Classified> = version
            .requirements
            .iter()
            .map(|req| Classified::new(req, city, self.rules, self.active, self.tl))
            .collect();
        let counts: Vec<Count> = classified
            .iter()
            .map(|c| c.count(self.tl, evaluation))
            .collect();
        // Agreements whose months were counted, in rules order. (Vectors
        // rather than sets here and below: they are tiny, and the page's
        // WebAssembly is smaller without the B-tree code.)
        let mut used = Vec::new();
        for (c, n) in classified.iter().zip(&counts) {
            self.explain_requirement(c, n, &mut report.explanation);
            for &(agreement, _, _, capped) in &n.per_agreement {
                if capped > 0 && !used.contains(&agreement) {
                    used.push(agreement);
                }
            }
        }
        used.sort_unstable();
        let all_met = counts.iter().all(|n| n.met);
        report.status = if all_met {
            Status::Eligible
        } else {
            Status::NotYet
        };

        // Projections, per requirement and for the route.
        let projections: Vec<Result<Option<Month>, NoProjection>> = classified
            .iter()
            .zip(&counts)
            .map(|(c, n)| {
                if n.met {
                    Ok(None)
                } else {
                    self.project(std::slice::from_ref(c)).map(Some)
                }
            })
            .collect();
        if !all_met {
            let route_projection = if self.what_if {
                // The what-if can stop a streak: scan all requirements together.
                self.project(&classified)
            } else {
                // Each requirement only grows with time: the route is met
                // when the last of them is.
                projections
                    .iter()
                    .try_fold(evaluation, |latest, p| match p {
                        Ok(Some(m)) => Ok(latest.max(*m)),
                        Ok(None) => Ok(latest),
                        Err(reason) => Err(*reason),
                    })
            };
            match route_projection {
                Ok(month) => {
                    report.eligible_from = Some(month);
                    report.explanation.push(Step::Projected {
                        eligible_from: month,
                        what_if: self.what_if,
                    });
                    if let Some(until) = version.effective_until {
                        if Date::first_of(month) > until {
                            report.explanation.push(Step::ExpiresBefore {
                                what: format!("route:{}", report.route),
                                effective_until: until,
                            });
                        }
                    }
                    for &agreement in &used {
                        if let Some((_, v)) = self.active.iter().find(|(i, _)| *i == agreement) {
                            if let Some(until) = v.effective_until {
                                if Date::first_of(month) > until {
                                    report.explanation.push(Step::ExpiresBefore {
                                        what: format!(
                                            "agreement:{}",
                                            self.rules.agreements[agreement].doc.id
                                        ),
                                        effective_until: until,
                                    });
                                }
                            }
                        }
                    }
                }
                Err(reason) => {
                    report.no_projection = Some(reason);
                    report.explanation.push(Step::NoProjection { reason });
                }
            }
        }

        let mut confidence = version.confidence;
        for &agreement in &used {
            let Some((_, v)) = self.active.iter().find(|(i, _)| *i == agreement) else {
                continue;
            };
            confidence = confidence.min(v.confidence);
            let doc = &self.rules.agreements[agreement].doc;
            report.agreements.push(AgreementUse {
                agreement: doc.id.clone(),
                name_zh: doc.name_zh.clone(),
                name_en: doc.name_en.clone(),
                effective_from: v.effective_from,
                source: v.source.clone(),
                confidence: v.confidence,
                verified_on: v.verified_on,
                assumptions: v.assumptions.clone(),
            });
        }
        report.confidence = Some(confidence);

        report.requirements = classified
            .iter()
            .zip(&counts)
            .zip(projections)
            .map(|((c, n), projection)| {
                let req = c.req;
                RequirementReport {
                    kind: req.kind,
                    counting: req.counting,
                    required_months: req.months,
                    counted_months: n.counted,
                    local_months: n.local,
                    partner_months: n.counted - n.local,
                    min_local_months: req.min_local_months,
                    from_cities: c
                        .partners
                        .iter()
                        .zip(&n.raw)
                        .filter(|(_, &m)| m > 0)
                        .map(|(p, &m)| CityMonths {
                            city: self.rules.city_id(p.city).to_string(),
                            months: m,
                            agreement: self.rules.agreements[p.agreement].doc.id.clone(),
                        })
                        .collect(),
                    met: n.met,
                    missing_months: req.months.saturating_sub(n.counted),
                    local_missing_months: req.min_local_months.saturating_sub(n.local),
                    cutoff: n.cutoff,
                    cutoff_rule: req.cutoff,
                    streak_start: n.streak_start,
                    back_paid: req.back_paid,
                    back_paid_counted: n.back_counted,
                    back_paid_excluded: n.back_excluded,
                    eligible_from: projection.ok().flatten(),
                    no_projection: projection.err(),
                }
            })
            .collect();
        report
    }

    fn describe_version(&self, version: &RouteVersion, report: &mut RouteReport) {
        report.effective_from = Some(version.effective_from);
        report.effective_until = version.effective_until;
        report.source = Some(version.source.clone());
        report.rule_confidence = Some(version.confidence);
        report.confidence = Some(version.confidence);
        report.verified_on = Some(version.verified_on);
        report.unchecked = version.unchecked.clone();
        report.assumptions = version.assumptions.clone();
        report.explanation.push(Step::RuleVersion {
            effective_from: version.effective_from,
            effective_until: version.effective_until,
            source_title: version.source.title.clone(),
            document_number: version.source.document_number.clone(),
            confidence: version.confidence,
            verified_on: version.verified_on,
        });
    }

    /// The first application month after the evaluation month at which every
    /// requirement in `reqs` is met, or why there is none.
    fn project(&self, reqs: &[Classified]) -> Result<Month, NoProjection> {
        let tl = self.tl;
        let evaluation = tl.evaluation;
        let top = Month::from_index(tl.top);
        if !self.what_if {
            for c in reqs {
                let (local, partner) = c.continues(tl);
                if !local && !partner {
                    return Err(no_projection(c, &c.count(tl, top), (local, partner)));
                }
            }
        }
        let met_at = |at: i32| reqs.iter().all(|c| c.count(tl, Month::from_index(at)).met);
        // The first month in (lo, hi] where `met_at` holds, given that it
        // only ever turns from false to true there.
        let bisect = |lo: i32, hi: i32| {
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
        };
        let now = evaluation.index();
        let found = match self.what_if_from {
            // Without a what-if every requirement only grows with time.
            None => bisect(now, tl.top),
            Some(from) => {
                // Before the move everything continues: monotone. Just after
                // it, a tolerated gap or a cut-off still in the previous year
                // can make a requirement hold for a while and then stop:
                // month by month. Later the counts only grow, or never
                // change: monotone again.
                let from = from.index();
                let window = reqs
                    .iter()
                    .map(|c| c.req.gap_tolerance_months as i32)
                    .max()
                    .unwrap_or(0)
                    + 14;
                let settled = (from + window).min(tl.top);
                bisect(now, from - 1)
                    .or_else(|| (from..settled).find(|&at| met_at(at)))
                    .or_else(|| bisect(settled - 1, tl.top))
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

    fn explain_requirement(&self, c: &Classified, n: &Count, steps: &mut Vec<Step>) {
        let req = c.req;
        let kind = req.kind;
        let rules = self.rules;
        steps.push(Step::Cutoff {
            kind,
            month: n.cutoff,
            rule: req.cutoff,
        });
        steps.push(Step::LocalMonths {
            kind,
            city: rules.city_id(c.target).to_string(),
            months: n.local,
        });
        for (p, &months) in c.partners.iter().zip(&n.raw) {
            if months > 0 {
                steps.push(Step::PartnerMonths {
                    kind,
                    city: rules.city_id(p.city).to_string(),
                    agreement: rules.agreements[p.agreement].doc.id.clone(),
                    months,
                });
            }
        }
        // Other cities with records of this kind that did not count, and why.
        let with_records = (0..rules.gazetteer.cities.len())
            .filter(|&city| city != c.target && self.tl.track(city, kind).is_some());
        for city in with_records {
            let id = rules.city_id(city).to_string();
            if let Some(i) = c.partners.iter().position(|p| p.city == city) {
                let before = match c.partners[i].version.partner_months_from {
                    PartnerStart::From(start) => {
                        self.tl
                            .covered_upto(city, kind, n.cutoff.min(start.plus(-1)))
                    }
                    _ => 0,
                };
                if before > 0 {
                    steps.push(Step::PartnerExcluded {
                        kind,
                        city: id,
                        months: before,
                        reason: PartnerExclusion::BeforeStart,
                        agreement: Some(rules.agreements[c.partners[i].agreement].doc.id.clone()),
                    });
                }
                continue;
            }
            let months = self.tl.covered_upto(city, kind, n.cutoff);
            if months == 0 {
                continue;
            }
            let (reason, agreement) = if req.recognition == Recognition::LocalOnly {
                (PartnerExclusion::LocalOnly, None)
            } else {
                let linking = self.active.iter().find(|(_, v)| {
                    lists(rules, &v.recognising, c.target) && lists(rules, &v.partners, city)
                });
                match linking {
                    Some(&(i, _)) => (
                        PartnerExclusion::KindNotCovered,
                        Some(rules.agreements[i].doc.id.clone()),
                    ),
                    None => (PartnerExclusion::NoAgreement, None),
                }
            };
            steps.push(Step::PartnerExcluded {
                kind,
                city: id,
                months,
                reason,
                agreement,
            });
        }
        let mut unknown_start = Vec::new();
        for (p, &months) in c.partners.iter().zip(&n.raw) {
            if months > 0
                && p.version.partner_months_from == PartnerStart::Unknown
                && !unknown_start.contains(&p.agreement)
            {
                unknown_start.push(p.agreement);
                steps.push(Step::PartnerStartUnknown {
                    agreement: rules.agreements[p.agreement].doc.id.clone(),
                });
            }
        }
        for &(agreement, raw, converted, capped) in &n.per_agreement {
            let id = &rules.agreements[agreement].doc.id;
            let version = c
                .partners
                .iter()
                .find(|p| p.agreement == agreement)
                .map(|p| p.version);
            if converted != raw {
                steps.push(Step::RatioApplied {
                    agreement: id.clone(),
                    ratio: version.map_or(1.0, |v| v.ratio),
                    before: raw,
                    after: converted,
                });
            }
            if capped != converted {
                steps.push(Step::CapApplied {
                    agreement: id.clone(),
                    cap: capped,
                    excluded: converted - capped,
                });
            }
        }
        if n.overlap > 0 {
            steps.push(Step::Overlap {
                kind,
                months: n.overlap,
            });
        }
        if n.back_counted + n.back_excluded > 0 {
            steps.push(Step::BackPaid {
                kind,
                rule: req.back_paid,
                cap: req.back_paid_cap_months,
                counted: n.back_counted,
                excluded: n.back_excluded,
            });
        }
        if let (Some(holding), true) = (req.only_while_holding, n.not_holding > 0) {
            steps.push(Step::NotWhileHolding {
                kind,
                holding,
                months: n.not_holding,
            });
        }
        if req.counting == Counting::Continuous {
            steps.push(Step::Streak {
                kind,
                from: n.streak_start,
                to: n.cutoff,
                months: n.counted,
            });
            if let Some((from, to)) = n.gap {
                steps.push(Step::StreakBreak {
                    kind,
                    gap_from: from,
                    gap_to: to,
                    gap_months: from.span_to(to),
                    tolerance: req.gap_tolerance_months,
                });
            }
        }
        if req.min_local_months > 0 {
            steps.push(Step::LocalMinimum {
                kind,
                required: req.min_local_months,
                local: n.local,
                met: n.local >= req.min_local_months,
            });
        }
        if !n.current {
            steps.push(Step::NotCurrent {
                kind,
                month: self.tl.evaluation,
            });
        }
        if n.counted >= req.months {
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
}

/// Why a requirement is not met at the horizon (`n`), given what continues
/// (locally, through a partner).
fn no_projection(c: &Classified, n: &Count, (local, partner): (bool, bool)) -> NoProjection {
    if c.req.must_be_current && !local {
        NoProjection::NotCurrent
    } else if !local && !partner {
        NoProjection::NothingOngoing
    } else if n.local < c.req.min_local_months && !local {
        NoProjection::LocalMinimum
    } else if n
        .per_agreement
        .iter()
        .any(|&(_, _, converted, capped)| capped < converted)
    {
        NoProjection::CapReached
    } else {
        NoProjection::BeyondHorizon
    }
}

/// Overlapping records of one kind, and cities that have no rules.
fn history_notes(rules: &RuleSet, history: &History, evaluation: Month) -> Vec<Step> {
    let mut notes = Vec::new();
    let periods = &history.periods;
    for (i, a) in periods.iter().enumerate() {
        for b in &periods[i + 1..] {
            if a.kind != b.kind {
                continue;
            }
            let from = a.from.max(b.from);
            let to = a.end(evaluation).min(b.end(evaluation));
            if from <= to {
                notes.push(Step::RecordsOverlap {
                    kind: a.kind,
                    first: a.index,
                    second: b.index,
                    from,
                    to,
                    months: from.span_to(to),
                });
            }
        }
    }
    let mut without_rules: Vec<CityIdx> = periods
        .iter()
        .map(|p| p.city)
        .filter(|&c| rules.rules_of(c).is_none())
        .collect();
    without_rules.sort_unstable();
    without_rules.dedup();
    for city in without_rules {
        notes.push(Step::NoRulesFor {
            city: rules.city_id(city).to_string(),
        });
    }
    notes
}

#[cfg(test)]
mod tests {
    //! Each counting rule on a small made-up rule set: cities alpha (the
    //! target), beta and gamma; one route with one requirement given per test.

    use super::*;
    use crate::history::{HistoryInput, PeriodInput};
    use crate::report::RequirementReport;
    use crate::{check, CheckOptions, WhatIfInput};

    const SOURCE: &str = r#"{"title": "test rule", "issuer": "test", "published": "2020-01-01"}"#;

    fn rules(requirements: &str, agreement: Option<&str>) -> RuleSet {
        let gazetteer = format!(
            r#"{{"codes_source": {SOURCE}, "regions": [], "cities": [
                {{"id": "alpha", "code": "100100", "name_zh": "甲", "name_en": "Alpha", "province_zh": "省", "province_en": "P"}},
                {{"id": "beta", "code": "100200", "name_zh": "乙", "name_en": "Beta", "province_zh": "省", "province_en": "P"}},
                {{"id": "gamma", "code": "100300", "name_zh": "丙", "name_en": "Gamma", "province_zh": "省", "province_en": "P"}}]}}"#
        );
        let city = format!(
            r#"{{"city": "alpha", "routes": [{{"id": "main", "name_zh": "甲", "name_en": "main",
                "versions": [{{"effective_from": "2020-01-01", "source": {SOURCE}, "confidence": "official",
                "verified_on": "2026-01-01", "requirements": {requirements}}}]}}]}}"#
        );
        let mut files = vec![
            ("gazetteer.json".to_string(), gazetteer),
            ("cities/alpha.json".to_string(), city),
        ];
        if let Some(agreement) = agreement {
            let text = format!(
                r#"{{"id": "pact", "name_zh": "协议", "name_en": "pact", "versions": [{{"effective_from": "2020-01-01",
                    "source": {SOURCE}, "confidence": "news", "verified_on": "2026-01-01", {agreement}}}]}}"#
            );
            files.push(("agreements/pact.json".to_string(), text));
        }
        match RuleSet::from_texts(&files) {
            Ok(rules) => rules,
            Err(errors) => panic!("{errors:#?}"),
        }
    }

    fn req(kind: &str, months: u32, extra: &str) -> String {
        let extra = if extra.is_empty() {
            String::new()
        } else {
            format!(", {extra}")
        };
        format!(
            r#"[{{"kind": "{kind}", "months": {months}, "counting": "cumulative", "back_paid": "counted",
                 "recognition": "local_only", "cutoff": "evaluation_month"{extra}}}]"#
        )
    }

    fn period(
        city: &str,
        kind: &str,
        from: &str,
        to: Option<&str>,
        back_paid: bool,
    ) -> PeriodInput {
        PeriodInput {
            city: city.into(),
            kind: kind.into(),
            from: from.into(),
            to: to.map(Into::into),
            back_paid,
            note: None,
        }
    }

    fn si(city: &str, from: &str, to: &str) -> PeriodInput {
        period(city, "social_insurance", from, Some(to), false)
    }

    fn run(rules: &RuleSet, periods: Vec<PeriodInput>, as_of: &str) -> RouteReport {
        run_with(rules, periods, as_of, None, None)
    }

    fn run_with(
        rules: &RuleSet,
        periods: Vec<PeriodInput>,
        as_of: &str,
        hukou: Option<&str>,
        what_if: Option<WhatIfInput>,
    ) -> RouteReport {
        let history = HistoryInput {
            version: None,
            hukou_city: hukou.map(Into::into),
            periods,
        };
        let mut options = CheckOptions::at(as_of).unwrap();
        options.what_if = what_if;
        let report = check(rules, &history, &options).unwrap();
        report.cities[0].routes[0].clone()
    }

    fn first(route: &RouteReport) -> &RequirementReport {
        &route.requirements[0]
    }

    #[test]
    fn cumulative_counts_every_month_once() {
        let rules = rules(&req("social_insurance", 24, ""), None);
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
        let rules = rules(&with_agreements(24, ""), Some(PACT));
        let history = HistoryInput {
            periods: vec![
                si("alpha", "2020-01", "2020-12"),
                si("alpha", "2020-07", "2021-03"),
                si("beta", "2021-01", "2021-06"),
            ],
            ..HistoryInput::default()
        };
        let report = check(&rules, &history, &CheckOptions::at("2026-11-26").unwrap()).unwrap();
        let route = &report.cities[0].routes[0];
        // alpha 2020-01..2021-03 (15) and beta 2021-04..06 (3 more).
        assert_eq!(first(route).counted_months, 18);
        // 2020-07..12 in two alpha records, 2021-01..03 in alpha and beta.
        assert!(route.explanation.contains(&Step::Overlap {
            kind: Kind::SocialInsurance,
            months: 9
        }));
        let month = |m| Month::parse(m).unwrap();
        assert_eq!(
            report.history_notes,
            vec![
                Step::RecordsOverlap {
                    kind: Kind::SocialInsurance,
                    first: 0,
                    second: 1,
                    from: month("2020-07"),
                    to: month("2020-12"),
                    months: 6
                },
                Step::RecordsOverlap {
                    kind: Kind::SocialInsurance,
                    first: 1,
                    second: 2,
                    from: month("2021-01"),
                    to: month("2021-03"),
                    months: 3
                },
                Step::NoRulesFor {
                    city: "beta".into()
                },
            ]
        );
    }

    #[test]
    fn ongoing_periods_run_to_the_evaluation_month() {
        let rules = rules(&req("social_insurance", 24, ""), None);
        let route = run(
            &rules,
            vec![period("alpha", "social_insurance", "2025-01", None, false)],
            "2026-11-26",
        );
        assert_eq!(first(&route).counted_months, 23);
        assert_eq!(route.eligible_from, Month::parse("2026-12"));
    }

    #[test]
    fn a_gap_ends_a_continuous_streak() {
        let rules = rules(
            &req("social_insurance", 12, r#""counting": "continuous""#)
                .replace(r#""counting": "cumulative", "#, ""),
            None,
        );
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
        let requirement = req("social_insurance", 12, r#""gap_tolerance_months": 2"#)
            .replace("cumulative", "continuous");
        let rules = rules(&requirement, None);
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
        let rules = rules(
            &req("social_insurance", 3, "").replace("cumulative", "continuous"),
            None,
        );
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
                    "social_insurance",
                    "2022-07",
                    Some("2022-09"),
                    true,
                ),
                si("alpha", "2022-10", "2022-12"),
            ]
        };
        let continuous = |mode: &str, cap: &str| {
            let extra = if cap.is_empty() {
                String::new()
            } else {
                format!(r#""back_paid_cap_months": {cap}"#)
            };
            req("social_insurance", 12, &extra)
                .replace("cumulative", "continuous")
                .replace(r#""counted""#, &format!("{mode:?}"))
        };
        let counted = run(
            &rules(&continuous("counted", ""), None),
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
            &rules(&continuous("not_counted", ""), None),
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
            &rules(&continuous("breaks_streak", ""), None),
            history(),
            "2022-12-01",
        );
        assert_eq!(
            (first(&breaks).counted_months, first(&breaks).streak_start),
            (3, Month::parse("2022-10"))
        );
        // Cap 2: the two latest back-paid months are accepted, the third is missing.
        let capped = run(
            &rules(&continuous("counted", "2"), None),
            history(),
            "2022-12-01",
        );
        let r = first(&capped);
        assert_eq!(
            (r.counted_months, r.back_paid_counted, r.back_paid_excluded),
            (5, 2, 1)
        );
        // Cumulative with a cap: back-paid months over the cap do not count.
        let cumulative = req("social_insurance", 12, r#""back_paid_cap_months": 1"#);
        let r = run(&rules(&cumulative, None), history(), "2022-12-01");
        assert_eq!(first(&r).counted_months, 10);
    }

    const PACT: &str = r#""recognising": ["alpha", "beta"], "partners": ["alpha", "beta"], "kinds": ["social_insurance"], "partner_months_from": "any", "ratio": 1"#;

    fn with_agreements(months: u32, extra: &str) -> String {
        req("social_insurance", months, extra).replace("local_only", "agreements")
    }

    #[test]
    fn partner_months_count_through_an_agreement_only() {
        let rules = rules(&with_agreements(24, ""), Some(PACT));
        let route = run(
            &rules,
            vec![
                si("beta", "2020-01", "2020-12"),
                si("gamma", "2021-01", "2021-12"),
                si("alpha", "2022-01", "2022-06"),
            ],
            "2026-11-26",
        );
        let r = first(&route);
        assert_eq!((r.counted_months, r.local_months), (18, 6));
        assert_eq!(r.from_cities[0].city, "beta");
        assert!(route.explanation.iter().any(|s| matches!(s, Step::PartnerExcluded { city, reason: PartnerExclusion::NoAgreement, months: 12, .. } if city == "gamma")));
        assert_eq!(
            route.confidence,
            Some(crate::rules::Confidence::News),
            "the weakest link"
        );
    }

    #[test]
    fn an_agreement_counts_only_once_in_force() {
        let mut rules = rules(&with_agreements(24, ""), Some(PACT));
        rules.agreements[0].doc.versions[0].effective_from = Date::parse("2021-01-01").unwrap();
        let history = || vec![si("beta", "2010-01", "2012-12")];
        let before = run(&rules, history(), "2020-12-31");
        assert_eq!(first(&before).counted_months, 0);
        assert!(before.explanation.iter().any(|s| matches!(
            s,
            Step::PartnerExcluded {
                reason: PartnerExclusion::NoAgreement,
                months: 36,
                ..
            }
        )));
        let after = run(&rules, history(), "2021-01-01");
        assert_eq!(first(&after).counted_months, 36);
        // Before the route's own first version nothing can be said.
        let route = run(&rules, history(), "2019-12-31");
        assert_eq!(
            (route.status, route.reason.as_deref()),
            (Status::Unknown, Some("no_rule_in_force"))
        );
    }

    #[test]
    fn kind_not_covered_and_local_only_are_explained() {
        let requirement = req("residence", 6, "").replace("local_only", "agreements");
        let rules = rules(&requirement, Some(PACT));
        let route = run(
            &rules,
            vec![period(
                "beta",
                "residence",
                "2020-01",
                Some("2020-12"),
                false,
            )],
            "2026-11-26",
        );
        assert_eq!(first(&route).counted_months, 0);
        assert!(route.explanation.iter().any(|s| matches!(
            s,
            Step::PartnerExcluded {
                reason: PartnerExclusion::KindNotCovered,
                ..
            }
        )));
        let rules = super::tests::rules(&req("social_insurance", 6, ""), Some(PACT));
        let route = run(&rules, vec![si("beta", "2020-01", "2020-12")], "2026-11-26");
        assert!(route.explanation.iter().any(|s| matches!(
            s,
            Step::PartnerExcluded {
                reason: PartnerExclusion::LocalOnly,
                ..
            }
        )));
    }

    #[test]
    fn partner_start_ratio_and_cap() {
        let pact = PACT
            .replace(r#""any""#, r#""2020-07""#)
            .replace(r#""ratio": 1"#, r#""ratio": 0.5, "cap_months": 4"#);
        let rules = rules(&with_agreements(24, ""), Some(&pact));
        let route = run(&rules, vec![si("beta", "2020-01", "2021-12")], "2026-11-26");
        // 18 months from July 2020, halved to 9, capped at 4.
        let r = first(&route);
        assert_eq!(r.counted_months, 4);
        assert_eq!(r.from_cities[0].months, 18);
        assert!(route.explanation.contains(&Step::PartnerExcluded {
            kind: Kind::SocialInsurance,
            city: "beta".into(),
            months: 6,
            reason: PartnerExclusion::BeforeStart,
            agreement: Some("pact".into()),
        }));
        assert!(route.explanation.iter().any(|s| matches!(
            s,
            Step::RatioApplied {
                before: 18,
                after: 9,
                ..
            }
        )));
        assert!(route
            .explanation
            .iter()
            .any(|s| matches!(s, Step::CapApplied { excluded: 5, .. })));
    }

    #[test]
    fn the_local_minimum_is_not_met_by_partner_months() {
        let rules = rules(&with_agreements(12, r#""min_local_months": 6"#), Some(PACT));
        let route = run(
            &rules,
            vec![
                si("beta", "2020-01", "2021-12"),
                si("alpha", "2022-01", "2022-03"),
            ],
            "2026-11-26",
        );
        let r = first(&route);
        assert!(r.counted_months >= 12 && !r.met);
        assert_eq!(r.local_missing_months, 3);
        assert_eq!(route.no_projection, Some(NoProjection::NothingOngoing));
        // Only the partner continues: the local minimum cannot grow.
        let route = run(
            &rules,
            vec![
                period("beta", "social_insurance", "2020-01", None, false),
                si("alpha", "2019-01", "2019-03"),
            ],
            "2026-11-26",
        );
        assert_eq!(route.no_projection, Some(NoProjection::LocalMinimum));
    }

    #[test]
    fn must_be_current_at_the_evaluation_month() {
        let rules = rules(
            &req("social_insurance", 1, r#""must_be_current": true"#),
            None,
        );
        let route = run(
            &rules,
            vec![si("alpha", "2020-01", "2026-10")],
            "2026-11-26",
        );
        assert_eq!(route.status, Status::NotYet);
        assert_eq!(route.no_projection, Some(NoProjection::NotCurrent));
        let route = run(
            &rules,
            vec![period("alpha", "social_insurance", "2026-11", None, false)],
            "2026-11-26",
        );
        assert_eq!(route.status, Status::Eligible);
    }

    #[test]
    fn only_while_holding_the_other_kind() {
        let rules = rules(
            &req(
                "social_insurance",
                12,
                r#""only_while_holding": "residence""#,
            ),
            None,
        );
        let route = run(
            &rules,
            vec![
                si("alpha", "2020-01", "2021-12"),
                period("alpha", "residence", "2021-01", Some("2021-12"), false),
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
        let requirement =
            req("social_insurance", 24, "").replace("evaluation_month", "end_of_previous_year");
        let rules = rules(&requirement, None);
        let route = run(
            &rules,
            vec![period("alpha", "social_insurance", "2024-06", None, false)],
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

    #[test]
    fn a_what_if_can_end_a_streak() {
        let requirement = req("social_insurance", 12, "").replace("cumulative", "continuous");
        let rules = rules(&requirement, None);
        let history = vec![period("alpha", "social_insurance", "2026-01", None, false)];
        // Without the what-if: 11 months now, 12 in December.
        assert_eq!(
            run(&rules, history.clone(), "2026-11-26").eligible_from,
            Month::parse("2026-12")
        );
        // Moving to beta in December: the streak never reaches 12.
        let what_if = WhatIfInput {
            city: "beta".into(),
            from: "2026-12".into(),
            kinds: None,
        };
        let route = run_with(&rules, history.clone(), "2026-11-26", None, Some(what_if));
        assert_eq!(route.eligible_from, None);
        // Moving in February: met in December and January.
        let what_if = WhatIfInput {
            city: "beta".into(),
            from: "2027-02".into(),
            kinds: None,
        };
        let route = run_with(&rules, history, "2026-11-26", None, Some(what_if));
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
        let requirement = req("social_insurance", 12, "")
            .replace("cumulative", "continuous")
            .replace("evaluation_month", "end_of_previous_year");
        let rules = rules(&requirement, None);
        let history = vec![period("alpha", "social_insurance", "2025-06", None, false)];
        let what_if = WhatIfInput {
            city: "gamma".into(),
            from: "2027-01".into(),
            kinds: None,
        };
        let route = run_with(&rules, history, "2026-11-26", None, Some(what_if));
        assert_eq!(route.eligible_from, Month::parse("2027-01"));
    }

    #[test]
    fn a_what_if_in_a_partner_city_projects_through_the_agreement() {
        let rules = rules(&with_agreements(24, ""), Some(PACT));
        let what_if = WhatIfInput {
            city: "beta".into(),
            from: "2027-01".into(),
            kinds: Some(vec!["social_insurance".into()]),
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
        let pact = PACT.replace(r#""ratio": 1"#, r#""ratio": 1, "cap_months": 6"#);
        let rules = rules(&with_agreements(24, ""), Some(&pact));
        let route = run(
            &rules,
            vec![
                period("beta", "social_insurance", "2025-01", None, false),
                si("alpha", "2020-01", "2020-06"),
            ],
            "2026-11-26",
        );
        assert_eq!(first(&route).counted_months, 12);
        assert_eq!(route.no_projection, Some(NoProjection::CapReached));
    }

    #[test]
    fn no_requirement_is_no_threshold_and_hukou_limits_apply() {
        let rules = rules("[]", None);
        let route = run(&rules, vec![], "2026-11-26");
        assert_eq!(route.status, Status::NoThreshold);
        assert_eq!(route.source.as_ref().unwrap().title, "test rule");
    }

    #[test]
    fn hukou_in_makes_a_route_not_applicable_to_others() {
        let mut rules = rules(&req("social_insurance", 1, ""), None);
        rules.cities[0].rules.routes[0].hukou_in = Some(vec!["alpha".into(), "beta".into()]);
        let periods = vec![si("alpha", "2026-01", "2026-11")];
        assert_eq!(
            run_with(&rules, periods.clone(), "2026-11-26", Some("gamma"), None).status,
            Status::NotApplicable
        );
        assert_eq!(
            run_with(&rules, periods.clone(), "2026-11-26", Some("beta"), None).status,
            Status::Eligible
        );
        let unknown = run_with(&rules, periods, "2026-11-26", None, None);
        assert_eq!(unknown.status, Status::Eligible);
        assert_eq!(unknown.unchecked[0].code, "hukou_in");
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
            let mut extra = String::new();
            if continuous {
                extra = format!(r#""gap_tolerance_months": {tolerance}"#);
            }
            let mut requirement = with_agreements(months, &extra);
            if continuous {
                requirement = requirement.replace("cumulative", "continuous");
            }
            if previous_year {
                requirement = requirement.replace("evaluation_month", "end_of_previous_year");
            }
            let rules = rules(&requirement, Some(PACT));
            let names = ["alpha", "beta", "gamma"];
            let now = Month::parse("2026-11").unwrap().index();
            let periods = spans
                .iter()
                .map(|&(city, back, length, ongoing)| {
                    let from = Month::from_index(now - back - length);
                    let to = Month::from_index(now - back);
                    period(names[city], "social_insurance", &from.to_string(), (!ongoing).then(|| to.to_string()).as_deref(), false)
                })
                .collect();
            let what_if = what_if.map(|(city, ahead)| WhatIfInput {
                city: names[city].into(),
                from: Month::from_index(now + ahead).to_string(),
                kinds: None,
            });
            run_with(&rules, periods, "2026-11-26", None, what_if);
        }
    }
}
