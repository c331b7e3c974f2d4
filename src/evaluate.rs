//! The evaluation of every route of every requested city (README, counting
//! semantics §7 "met" and the statuses), as a chain of small steps per route:
//! the version in force → applicability (hukou) → requirements → status →
//! projection → provenance (sources, confidence, agreements) → report.

use crate::count::Timeline;
use crate::explain::{self, Context};
use crate::history::History;
use crate::month::{Date, Month};
use crate::options::Options;
use crate::project::{first_met_between, project, why_not};
use crate::recognise::{in_force, lists, Active, Classified, Count};
use crate::report::{
    AgreementUse, CityMonths, CityReport, CityStatus, NoProjection, PilotEnd, Report,
    RequirementReport, RouteReason, RouteReport, Status, Step, WeakPart, WhatIfReport,
};
use crate::rules::{AgreementIdx, CityIdx, Confidence, Part, Route, RouteVersion, RuleSet};

/// Months past the longest requirement that a projection looks ahead: one
/// year for a Beijing-style cut-off (previous December) plus one of margin.
const PROJECTION_SLACK: i32 = 24;

pub fn evaluate(rules: &RuleSet, history: &History, options: &Options) -> Report {
    let evaluation = options.as_of.month();
    let targets = targets(rules, history, options);
    let tl = Timeline::build(
        rules,
        history,
        evaluation,
        horizon(rules, &targets, options),
        options.what_if.as_ref(),
    );
    let active = Active::at(rules, options.as_of);
    let ctx = Ctx {
        rules,
        history,
        tl: &tl,
        active: &active,
        as_of: options.as_of,
        what_if_from: options.what_if.as_ref().map(|w| w.from),
    };
    let cities = targets.iter().map(|&city| ctx.city(city)).collect();
    Report {
        as_of: options.as_of,
        evaluation_month: evaluation,
        rules_version: rules.version.clone(),
        what_if: options.what_if.as_ref().map(|w| WhatIfReport {
            city: rules.city_id(w.city).to_string(),
            from: w.from,
            kinds: w.kinds.clone(),
        }),
        history_notes: explain::history_notes(rules, history, &tl),
        cities,
    }
}

/// The requested cities; or, when none is requested, every city with rules,
/// every member of a pilot region, every city of the history and the hukou
/// city. Each answers, with rules or without.
fn targets(rules: &RuleSet, history: &History, options: &Options) -> Vec<CityIdx> {
    // In gazetteer order, each once: a pass over the gazetteer rather than a
    // sort (each sort of another element type is its own copy of the sort
    // code in the page's WebAssembly). Callers name a few cities at most.
    if !options.cities.is_empty() {
        return rules
            .city_indices()
            .filter(|city| options.cities.contains(city))
            .collect();
    }
    let mut listed = vec![false; rules.gazetteer.cities.len()];
    let pilot_members = (rules.gazetteer.regions.iter().enumerate())
        .filter(|(_, r)| r.pilot)
        .flat_map(|(i, _)| rules.region_members(i).1.iter().copied());
    let named = history.periods.iter().map(|p| p.city);
    for city in pilot_members.chain(named).chain(history.hukou_city) {
        listed[city.get()] = true;
    }
    rules
        .city_indices()
        .filter(|&city| listed[city.get()] || rules.rules_of(city).is_some())
        .collect()
}

/// How far past the evaluation month the timeline runs: the longest
/// requirement, the slack, and the distance to a what-if move.
fn horizon(rules: &RuleSet, targets: &[CityIdx], options: &Options) -> i32 {
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
        .map_or(0, |w| w.from.index() - options.as_of.month().index());
    longest + PROJECTION_SLACK + what_if_offset
}

struct Ctx<'a> {
    rules: &'a RuleSet,
    history: &'a History,
    tl: &'a Timeline,
    active: &'a Active<'a>,
    as_of: Date,
    /// The month a what-if move starts.
    what_if_from: Option<Month>,
}

/// A requirement classified, counted at the evaluation month, and projected
/// on its own.
struct Counted<'r> {
    classified: Classified<'r>,
    count: Count,
    projection: Result<Option<Month>, NoProjection>,
}

/// The rules of a run of projected months: the route's version and the
/// agreements in force on the first day of each of them.
struct Segment {
    from: i32,
    to: i32,
    date: Date,
}

impl Ctx<'_> {
    fn city(&self, city: CityIdx) -> CityReport {
        let entry = self.rules.city(city);
        let doc = self.rules.rules_of(city);
        let status = if self.history.hukou_city == Some(city) {
            CityStatus::AlreadyRegistered
        } else if doc.is_some() {
            CityStatus::Rules
        } else {
            CityStatus::NoRules
        };
        let routes = match (status, doc) {
            (CityStatus::Rules, Some(doc)) => doc
                .rules
                .routes
                .iter()
                .map(|route| self.route(city, route))
                .collect(),
            _ => Vec::new(),
        };
        CityReport {
            city: entry.id.clone(),
            code: entry.code.clone(),
            name_zh: entry.name_zh.clone(),
            name_en: entry.name_en.clone(),
            province_zh: entry.province_zh.clone(),
            province_en: entry.province_en.clone(),
            regions: (self.rules.gazetteer.regions.iter().enumerate())
                .filter(|&(i, _)| self.rules.region_members(i).0.contains(city))
                .map(|(_, r)| r.id.clone())
                .collect(),
            status,
            counted_by: (self.active.counting(city))
                .map(|a| self.rules.agreement_id(a).to_string())
                .collect(),
            routes,
        }
    }

    fn route(&self, city: CityIdx, route: &Route) -> RouteReport {
        let mut report = RouteReport::new(route);
        let Some(version) = self.version_in_force(route, &mut report) else {
            return report;
        };
        // About as many steps as a route's explanation has: grown once, not
        // step by step.
        (report.explanation).reserve(4 + 10 * version.requirements.len());
        describe_version(version, &mut report);
        if !self.applicable(route, &mut report) {
            return report;
        }
        if let Some(unknown) = &version.unknown {
            report.reason = Some(RouteReason::ThresholdUnknown);
            report.unknown = Some(unknown.clone());
            report.explanation.push(Step::ThresholdUnknown);
            self.provenance(version, &[], &mut report);
            return report;
        }
        report.points = version
            .points
            .as_ref()
            .map(|p| crate::points::score(p, city, self.rules, self.tl));
        if version.requirements.is_empty() {
            report.status = Status::NoThreshold;
            report.explanation.push(Step::NoThreshold);
            self.provenance(version, &[], &mut report);
            return report;
        }
        let counted = self.requirements(city, version, &mut report);
        let used = agreements_used(&counted);
        let all_met = counted.iter().all(|c| c.count.met);
        self.provenance(version, &used, &mut report);
        self.weak_parts(&counted, &mut report);
        if all_met {
            // The counts at the evaluation month are the ones just made.
            let counts = counted.iter().map(|c| (&c.classified, &c.count));
            self.pilot_relied(counts, self.tl.evaluation, &mut report);
        }
        report.status = if !all_met {
            Status::NotYet
        } else if report.hukou_unchecked.is_some() {
            Status::DependsOnHukou
        } else if !report.pilot_ended.is_empty() {
            Status::EligibleIfPilotContinues
        } else if !report.weak.is_empty() {
            Status::EligibleUnverified
        } else {
            Status::Eligible
        };
        if !all_met {
            self.projection(city, route, version, &counted, &mut report);
        }
        report.requirements = counted.iter().map(|c| self.requirement_report(c)).collect();
        report
    }

    /// The version in force on the evaluation date; without one the route is
    /// `unknown`, never a silent zero.
    fn version_in_force<'r>(
        &self,
        route: &'r Route,
        report: &mut RouteReport,
    ) -> Option<&'r RouteVersion> {
        let version = in_force(&route.versions, self.as_of, |v| {
            (v.effective_from, v.effective_until)
        });
        if version.is_none() {
            report.reason = Some(RouteReason::NoRuleInForce);
            report.no_projection = Some(NoProjection::NoRule);
            report.explanation.push(Step::NoRuleInForce {
                date: self.as_of,
                first_effective: route.versions.first().map(|v| v.effective_from),
                last_until: route.versions.last().and_then(|v| v.effective_until),
            });
        }
        version
    }

    /// Whether a route only for certain hukou holders applies; without a hukou
    /// city it may, and the verdict depends on it (`depends_on_hukou`).
    fn applicable(&self, route: &Route, report: &mut RouteReport) -> bool {
        let Some(allowed) = &route.hukou_in else {
            return true;
        };
        let allowed_ids: Vec<String> = allowed
            .iter()
            .filter_map(|n| self.rules.city_by_name(n))
            .map(|c| self.rules.city_id(c).to_string())
            .collect();
        match self.history.hukou_city {
            Some(hukou) if !lists(self.rules, allowed, hukou) => {
                report.status = Status::NotApplicable;
                report.reason = Some(RouteReason::HukouNotEligible);
                report.no_projection = Some(NoProjection::NoRule);
                report.explanation.push(Step::HukouNotEligible {
                    hukou_city: self.rules.city_id(hukou).to_string(),
                    allowed: allowed_ids,
                });
                false
            }
            Some(_) => true,
            None => {
                report.hukou_unchecked = Some(allowed_ids.clone());
                report.explanation.push(Step::HukouNotGiven {
                    allowed: allowed_ids,
                });
                true
            }
        }
    }

    /// Every requirement classified, counted, explained and projected alone.
    fn requirements<'r>(
        &'r self,
        city: CityIdx,
        version: &'r RouteVersion,
        report: &mut RouteReport,
    ) -> Vec<Counted<'r>> {
        let cx = Context {
            rules: self.rules,
            tl: self.tl,
            active: self.active,
        };
        version
            .requirements
            .iter()
            .map(|req| {
                let classified = Classified::new(req, city, self.active, self.tl);
                let count = classified.count(self.tl, self.tl.evaluation);
                explain::requirement(&cx, &classified, &count, &mut report.explanation);
                let projection = if count.met {
                    Ok(None)
                } else {
                    project(self.tl, &[&classified], self.what_if_from, self.tl.top).map(Some)
                };
                Counted {
                    classified,
                    count,
                    projection,
                }
            })
            .collect()
    }

    /// The unverified parts the verdict rests on: the route's own source, an
    /// agreement whose months a requirement needs, a part of a requirement
    /// that no source states and that the person's data does not make
    /// irrelevant.
    fn weak_parts(&self, counted: &[Counted], report: &mut RouteReport) {
        if report.rule_confidence == Some(Confidence::Unverified) {
            report.weak.push(WeakPart::Rule);
        }
        for c in counted {
            for a in &c.count.per_agreement {
                let unverified = c
                    .classified
                    .version_of(a.agreement)
                    .is_some_and(|v| v.confidence == Confidence::Unverified);
                let part = WeakPart::Agreement {
                    agreement: self.rules.agreement_id(a.agreement).to_string(),
                };
                if unverified && relies_on(c, a.capped) && !report.weak.contains(&part) {
                    report.weak.push(part);
                }
            }
        }
        for c in counted {
            let kind = c.classified.req.kind;
            for &assumed in &c.classified.req.assumed {
                if self.assumption_matters(c, assumed) {
                    report.weak.push(WeakPart::Assumption { kind, assumed });
                    report
                        .explanation
                        .push(Step::AssumptionRelied { kind, assumed });
                }
            }
        }
    }

    /// Whether the verdict on a requirement depends on an assumed part,
    /// given the person's months.
    fn assumption_matters(&self, c: &Counted, part: Part) -> bool {
        let req = c.classified.req;
        let n = &c.count;
        let local_short = n.tally.local < req.months;
        match part {
            Part::Months | Part::Counting | Part::Cutoff => true,
            Part::BackPaid => n.tally.back_counted + n.tally.back_excluded > 0,
            // Partner months matter only where local months fall short.
            Part::Recognition | Part::LocalMinimum => n.counted > n.tally.local && local_short,
            Part::Current => !(self.tl).covers(c.classified.target, req.kind, self.tl.evaluation),
        }
    }

    /// Agreements past their pilot's end at application month `at` whose
    /// months a requirement needs.
    fn pilot_relied<'c, 'r: 'c>(
        &self,
        counts: impl Iterator<Item = (&'c Classified<'r>, &'c Count)>,
        at: Month,
        report: &mut RouteReport,
    ) {
        // The evaluation month is judged on the evaluation date; a projected
        // month on its first day.
        let day = if at == self.tl.evaluation {
            self.as_of
        } else {
            Date::first_of(at)
        };
        for (c, n) in counts {
            for a in &n.per_agreement {
                let Some(until) = (c.version_of(a.agreement))
                    .and_then(|v| v.pilot_until)
                    .filter(|&until| day > until)
                else {
                    continue;
                };
                let ended = PilotEnd {
                    agreement: self.rules.agreement_id(a.agreement).to_string(),
                    pilot_until: until,
                };
                if !needs(n, a.capped, c.req.months) || report.pilot_ended.contains(&ended) {
                    continue;
                }
                report.explanation.push(if at == self.tl.evaluation {
                    Step::PilotContinuing {
                        agreement: ended.agreement.clone(),
                        pilot_until: until,
                    }
                } else {
                    Step::PilotEndsBefore {
                        agreement: ended.agreement.clone(),
                        pilot_until: until,
                    }
                });
                report.pilot_ended.push(ended);
            }
        }
    }

    /// When every requirement would be met, each month tried with the rules
    /// in force on its first day (known future versions of the route and of
    /// the agreements included), and what that relies on.
    fn projection(
        &self,
        city: CityIdx,
        route: &Route,
        version: &RouteVersion,
        counted: &[Counted],
        report: &mut RouteReport,
    ) {
        let now = self.tl.evaluation.index();
        let mut last_reason = None;
        for (i, segment) in segments(self.rules, route, now + 1, self.tl.top)
            .into_iter()
            .enumerate()
        {
            let Some(rules_then) = in_force(&route.versions, segment.date, |v| {
                (v.effective_from, v.effective_until)
            }) else {
                continue;
            };
            if rules_then.unknown.is_some() {
                // Thresholds not known then: nothing can be projected into it.
                last_reason = Some(NoProjection::NoRule);
                continue;
            }
            let (found, reason) = if i == 0 && std::ptr::eq(rules_then, version) {
                let reqs: Vec<&Classified> = counted.iter().map(|c| &c.classified).collect();
                match self.first_segment(counted, segment.to) {
                    Ok(month) => {
                        self.found(month, rules_then, &reqs, report);
                        (Some(month), None)
                    }
                    Err(reason) => (None, Some(reason)),
                }
            } else {
                let active = Active::at(self.rules, segment.date);
                let classified: Vec<Classified> = (rules_then.requirements.iter())
                    .map(|req| Classified::new(req, city, &active, self.tl))
                    .collect();
                let reqs: Vec<&Classified> = classified.iter().collect();
                let found = first_met_between(self.tl, &reqs, segment.from, segment.to);
                match found {
                    Some(month) => {
                        self.found(month, rules_then, &reqs, report);
                        (found, None)
                    }
                    None => (None, Some(why_not(self.tl, &reqs, segment.to))),
                }
            };
            if found.is_some() {
                return;
            }
            last_reason = reason.or(last_reason);
        }
        let ends = (route.versions.last())
            .and_then(|v| v.effective_until)
            .is_some_and(|until| until < Date::first_of(Month::from_index(self.tl.top)));
        let reason = if ends {
            NoProjection::RuleEnds
        } else {
            last_reason.unwrap_or(NoProjection::NoRule)
        };
        report.no_projection = Some(reason);
        report.explanation.push(Step::NoProjection { reason });
    }

    /// The first month, up to `to`, under the rules in force now.
    fn first_segment(&self, counted: &[Counted], to: i32) -> Result<Month, NoProjection> {
        if self.what_if_from.is_some() {
            // The what-if can stop a streak: search all requirements together.
            let reqs: Vec<&Classified> = counted.iter().map(|c| &c.classified).collect();
            return project(self.tl, &reqs, self.what_if_from, to);
        }
        // Each requirement only grows with time: the route is met when the
        // last of them is.
        let month =
            counted
                .iter()
                .try_fold(self.tl.evaluation, |latest, c| match c.projection {
                    Ok(Some(m)) => Ok(latest.max(m)),
                    Ok(None) => Ok(latest),
                    Err(reason) => Err(reason),
                })?;
        if month.index() <= to {
            Ok(month)
        } else {
            Err(NoProjection::BeyondHorizon)
        }
    }

    /// The month found, under which version, and the pilots it relies on.
    fn found(
        &self,
        month: Month,
        version: &RouteVersion,
        reqs: &[&Classified],
        report: &mut RouteReport,
    ) {
        report.eligible_from = Some(month);
        report.eligible_from_rule = Some(version.effective_from);
        report.explanation.push(Step::Projected {
            eligible_from: month,
            what_if: self.what_if_from.is_some(),
        });
        if report.effective_from != Some(version.effective_from) {
            report.explanation.push(Step::ProjectedUnder {
                effective_from: version.effective_from,
            });
        }
        let counts: Vec<Count> = reqs.iter().map(|c| c.count(self.tl, month)).collect();
        self.pilot_relied(reqs.iter().copied().zip(&counts), month, report);
    }

    /// The agreements counted through, and the weakest confidence of the
    /// route's version and those agreements.
    fn provenance(&self, version: &RouteVersion, used: &[AgreementIdx], report: &mut RouteReport) {
        let mut confidence = version.confidence;
        for &agreement in used {
            let Some(v) = self.active.version(agreement) else {
                continue;
            };
            confidence = confidence.min(v.confidence);
            let doc = &self.rules.agreements[agreement.get()].doc;
            report.agreements.push(AgreementUse {
                agreement: doc.id.clone(),
                name_zh: doc.name_zh.clone(),
                name_en: doc.name_en.clone(),
                effective_from: v.effective_from,
                sources: v.sources.clone(),
                confidence: v.confidence,
                verified_on: v.verified_on,
                assumed: v.assumed.clone(),
                assumptions: v.assumptions.clone(),
            });
        }
        report.confidence = Some(confidence);
    }

    fn requirement_report(&self, c: &Counted) -> RequirementReport {
        let req = c.classified.req;
        let n = &c.count;
        RequirementReport {
            kind: req.kind,
            counting: req.counting,
            required_months: req.months,
            counted_months: n.counted,
            local_months: n.tally.local,
            partner_months: n.counted - n.tally.local,
            min_local_months: req.min_local_months,
            from_cities: c
                .classified
                .partners
                .iter()
                .zip(&n.tally.raw)
                .filter(|(_, &m)| m > 0)
                .map(|(p, &m)| CityMonths {
                    city: self.rules.city_id(p.city).to_string(),
                    months: m,
                    agreement: self.rules.agreement_id(p.agreement).to_string(),
                })
                .collect(),
            met: n.met,
            missing_months: req.months.saturating_sub(n.counted),
            local_missing_months: req.min_local_months.saturating_sub(n.tally.local),
            cutoff: n.cutoff,
            cutoff_rule: req.cutoff,
            streak_start: n.tally.streak_start,
            back_paid: req.back_paid,
            back_paid_counted: n.tally.back_counted,
            back_paid_excluded: n.tally.back_excluded,
            eligible_from: c.projection.ok().flatten(),
            no_projection: c.projection.err(),
        }
    }
}

/// Agreements whose months were counted, in rules order. (Vectors rather than
/// sets: they are tiny, and the page's WebAssembly is smaller without the
/// B-tree code.)
fn agreements_used(counted: &[Counted]) -> Vec<AgreementIdx> {
    let counts = || counted.iter().flat_map(|c| &c.count.per_agreement);
    let last = counts().map(|a| a.agreement.get() + 1).max().unwrap_or(0);
    (0..last)
        .map(AgreementIdx::new)
        .filter(|&i| counts().any(|a| a.agreement == i && a.capped > 0))
        .collect()
}

fn describe_version(version: &RouteVersion, report: &mut RouteReport) {
    report.effective_from = Some(version.effective_from);
    report.effective_until = version.effective_until;
    report.sources = version.sources.clone();
    // Validation requires a source; a bundle is only indexed, so no index.
    let main = version.sources.first();
    report.rule_confidence = Some(version.confidence);
    report.confidence = Some(version.confidence);
    report.verified_on = Some(version.verified_on);
    report.unchecked = version.unchecked.clone();
    report.assumptions = version.assumptions.clone();
    report.explanation.push(Step::RuleVersion {
        effective_from: version.effective_from,
        effective_until: version.effective_until,
        source_title: main.map(|s| s.title.clone()).unwrap_or_default(),
        document_number: main.and_then(|s| s.document_number.clone()),
        confidence: version.confidence,
        verified_on: version.verified_on,
    });
}

/// Whether a requirement needs `months` of an agreement's months: it is not
/// met, or would not be without them.
fn relies_on(c: &Counted, months: u32) -> bool {
    months > 0 && (!c.count.met || needs(&c.count, months, c.classified.req.months))
}

/// Whether count `n` falls short of `required` without `months` of it.
fn needs(n: &Count, months: u32, required: u32) -> bool {
    months > 0 && n.counted - months < required
}

/// The runs of months in `from..=to` under one set of rules: a new run
/// starts at the first month whose first day a route version or an
/// agreement version starts or has ended by.
fn segments(rules: &RuleSet, route: &Route, from: i32, to: i32) -> Vec<Segment> {
    // The first month whose first day is on or after `date`.
    let month_from = |date: Date| {
        let m = date.month();
        if Date::first_of(m) == date {
            m.index()
        } else {
            m.index() + 1
        }
    };
    let spans = (route.versions.iter())
        .map(|v| (v.effective_from, v.effective_until))
        .chain(
            (rules.agreements.iter())
                .flat_map(|a| a.doc.versions.iter())
                .map(|v| (v.effective_from, v.effective_until)),
        );
    let mut starts = vec![from];
    for (start, until) in spans {
        for m in [
            Some(month_from(start)),
            until.map(|u| u.month().index() + 1),
        ]
        .into_iter()
        .flatten()
        {
            if m > from && m <= to && !starts.contains(&m) {
                starts.push(m);
            }
        }
    }
    crate::count::sort(&mut starts);
    (0..starts.len())
        .map(|i| Segment {
            from: starts[i],
            to: starts.get(i + 1).map_or(to, |next| next - 1),
            date: Date::first_of(Month::from_index(starts[i])),
        })
        .collect()
}
#[cfg(test)]
mod tests {
    //! Routes end to end on the fixture world (`crate::fixture`): a route with
    //! no year requirement, and one only for hukou holders of listed cities
    //! (§7, the statuses). The counting rules are tested next to their code:
    //! `count::tally`, `recognise` and `project`.

    use crate::fixture::{date, report_with, rules, run, run_with, si, Pact, Req, World};
    use crate::report::{CityStatus, PilotEnd, Status, Step, WeakPart};
    use crate::rules::{Confidence, Kind, Part};

    #[test]
    fn no_requirement_is_no_threshold_and_hukou_limits_apply() {
        let rules = rules([], None);
        let route = run(&rules, vec![], "2026-11-26");
        assert_eq!(route.status, Status::NoThreshold);
        assert_eq!(route.sources[0].title, "test rule");
    }

    #[test]
    fn hukou_in_makes_a_route_not_applicable_to_others() {
        let rules = World::new([Req::si(1)])
            .hukou_in(&["alpha", "beta"])
            .build();
        let periods = vec![si("alpha", "2026-01", "2026-11")];
        assert_eq!(
            run_with(&rules, periods.clone(), "2026-11-26", Some("gamma"), None).status,
            Status::NotApplicable
        );
        assert_eq!(
            run_with(&rules, periods.clone(), "2026-11-26", Some("beta"), None).status,
            Status::Eligible
        );
        // Without a hukou city the met count depends on it, never a plain
        // "eligible".
        let unknown = run_with(&rules, periods, "2026-11-26", None, None);
        assert_eq!(unknown.status, Status::DependsOnHukou);
        assert_eq!(
            unknown.hukou_unchecked,
            Some(vec!["alpha".to_string(), "beta".to_string()])
        );
    }

    #[test]
    fn the_hukou_city_is_already_registered_and_a_city_without_rules_says_so() {
        let rules = rules([Req::si(1)], None);
        let periods = vec![si("beta", "2026-01", "2026-11")];
        let report = report_with(&rules, periods, "2026-11-26", Some("alpha"), None);
        // alpha (the hukou city), beta (in the history, no rules): gamma is
        // neither, and has no rules.
        let statuses: Vec<(&str, CityStatus)> = (report.cities.iter())
            .map(|c| (c.city.as_str(), c.status))
            .collect();
        assert_eq!(
            statuses,
            [
                ("alpha", CityStatus::AlreadyRegistered),
                ("beta", CityStatus::NoRules)
            ]
        );
        assert!(report.cities.iter().all(|c| c.routes.is_empty()));
    }

    #[test]
    fn a_verdict_that_needs_an_unverified_agreement_says_so() {
        let pact = Pact::new().confidence(Confidence::Unverified);
        let rules = rules([Req::si(12).agreements()], Some(pact));
        // 6 local months need beta's 6: the verdict rests on the agreement.
        let both = vec![
            si("beta", "2026-01", "2026-05"),
            si("alpha", "2025-12", "2025-12"),
            si("alpha", "2026-06", "2026-11"),
        ];
        let route = run(&rules, both, "2026-11-26");
        assert_eq!(route.status, Status::EligibleUnverified);
        assert_eq!(
            route.weak,
            [WeakPart::Agreement {
                agreement: "pact".into()
            }]
        );
        // 12 local months do not need it, whatever beta adds.
        let local = vec![
            si("beta", "2024-01", "2024-05"),
            si("alpha", "2025-12", "2026-11"),
        ];
        let route = run(&rules, local, "2026-11-26");
        assert_eq!(route.status, Status::Eligible);
        assert!(route.weak.is_empty());
    }

    #[test]
    fn an_assumed_local_minimum_matters_only_where_partner_months_are_needed() {
        let req = || Req::si(12).agreements().assumed(&[Part::LocalMinimum]);
        let rules = rules([req()], Some(Pact::new()));
        let route = run(&rules, vec![si("beta", "2025-01", "2026-11")], "2026-11-26");
        assert_eq!(route.status, Status::EligibleUnverified);
        assert_eq!(
            route.weak,
            [WeakPart::Assumption {
                kind: Kind::SocialInsurance,
                assumed: Part::LocalMinimum
            }]
        );
        assert!(route.explanation.contains(&Step::AssumptionRelied {
            kind: Kind::SocialInsurance,
            assumed: Part::LocalMinimum
        }));
        let route = run(
            &rules,
            vec![si("alpha", "2025-01", "2026-11")],
            "2026-11-26",
        );
        assert_eq!(route.status, Status::Eligible);
    }

    #[test]
    fn months_recognised_after_a_pilot_ends_hold_only_if_it_continues() {
        let pact = Pact::new().pilot_until(date("2027-09-10"));
        let rules = rules([Req::si(24).agreements()], Some(pact));
        let periods = vec![
            si("beta", "2024-01", "2025-12"),
            si("alpha", "2026-01", "2026-06"),
        ];
        let ended = PilotEnd {
            agreement: "pact".into(),
            pilot_until: date("2027-09-10"),
        };
        // During the pilot: eligible.
        let during = run(&rules, periods.clone(), "2026-11-26");
        assert_eq!(during.status, Status::Eligible);
        // After it: the same months hold only if the pilot continues.
        let after = run(&rules, periods, "2029-01-15");
        assert_eq!(after.status, Status::EligibleIfPilotContinues);
        assert_eq!(after.pilot_ended, [ended]);
        // A projection past the end says so too.
        let ongoing = vec![
            si("beta", "2024-01", "2025-12"),
            crate::fixture::ongoing("alpha", Kind::SocialInsurance, "2026-01"),
        ];
        let rules = rules_with_more(Some(Pact::new().pilot_until(date("2026-11-30"))));
        let route = run(&rules, ongoing, "2026-11-26");
        assert_eq!(route.status, Status::NotYet);
        assert_eq!(route.eligible_from, crate::month::Month::parse("2026-12"));
        assert_eq!(route.pilot_ended.len(), 1);
        assert!(route
            .explanation
            .iter()
            .any(|s| matches!(s, Step::PilotEndsBefore { .. })));
    }

    /// 36 months, through the agreement.
    fn rules_with_more(pact: Option<Pact>) -> crate::rules::RuleSet {
        rules([Req::si(36).agreements()], pact)
    }
}
