//! The evaluation of every route of every requested city (README, counting
//! semantics §7 "met" and the statuses), as a chain of small steps per route:
//! the version in force → applicability (hukou) → requirements → status →
//! projection → provenance (sources, confidence, agreements) → report.

use crate::count::Timeline;
use crate::explain::{self, Context};
use crate::history::History;
use crate::month::{Date, Month};
use crate::options::Options;
use crate::project::project;
use crate::recognise::{in_force, lists, Active, Classified, Count};
use crate::report::{
    AgreementUse, CityMonths, CityReport, NoProjection, Report, RequirementReport, RouteReason,
    RouteReport, Status, Step, WhatIfReport,
};
use crate::rules::{AgreementIdx, CityIdx, Route, RouteVersion, RuleSet};

/// Months past the longest requirement that a projection looks ahead: one
/// year for a Beijing-style cut-off (previous December) plus one of margin.
const PROJECTION_SLACK: i32 = 24;

pub fn evaluate(rules: &RuleSet, history: &History, options: &Options) -> Report {
    let evaluation = options.as_of.month();
    let targets = targets(rules, options);
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
    let cities = targets.iter().filter_map(|&city| ctx.city(city)).collect();
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

/// The requested cities, or every city with rules.
fn targets(rules: &RuleSet, options: &Options) -> Vec<CityIdx> {
    if options.cities.is_empty() {
        return rules.cities.iter().map(|c| c.city).collect();
    }
    // In gazetteer order, each once: a pass over the gazetteer rather than a
    // sort (each sort of another element type is its own copy of the sort
    // code in the page's WebAssembly). Callers name a few cities at most.
    rules
        .city_indices()
        .filter(|city| options.cities.contains(city))
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

impl Ctx<'_> {
    fn city(&self, city: CityIdx) -> Option<CityReport> {
        let doc = self.rules.rules_of(city)?;
        let entry = self.rules.city(city);
        Some(CityReport {
            city: entry.id.clone(),
            code: entry.code.clone(),
            name_zh: entry.name_zh.clone(),
            name_en: entry.name_en.clone(),
            province_zh: entry.province_zh.clone(),
            province_en: entry.province_en.clone(),
            regions: self
                .rules
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
                .map(|route| self.route(city, route))
                .collect(),
        })
    }

    fn route(&self, city: CityIdx, route: &Route) -> RouteReport {
        let mut report = RouteReport::new(route);
        let Some(version) = self.version_in_force(route, &mut report) else {
            return report;
        };
        describe_version(version, &mut report);
        if !self.applicable(route, &mut report) {
            return report;
        }
        report.points = version
            .points
            .as_ref()
            .map(|p| crate::points::score(p, city, self.rules, self.tl));
        if version.requirements.is_empty() {
            report.status = Status::NoThreshold;
            report.explanation.push(Step::NoThreshold);
            return report;
        }
        let counted = self.requirements(city, version, &mut report);
        let used = agreements_used(&counted);
        let all_met = counted.iter().all(|c| c.count.met);
        report.status = if all_met {
            Status::Eligible
        } else {
            Status::NotYet
        };
        if !all_met {
            self.projection(version, &counted, &used, &mut report);
        }
        self.provenance(version, &used, &mut report);
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
    /// city it applies, and the hukou condition is listed as not checked.
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
                let classified = Classified::new(req, city, self.rules, self.active, self.tl);
                let count = classified.count(self.tl, self.tl.evaluation);
                explain::requirement(&cx, &classified, &count, &mut report.explanation);
                let projection = if count.met {
                    Ok(None)
                } else {
                    project(self.tl, &[&classified], self.what_if_from).map(Some)
                };
                Counted {
                    classified,
                    count,
                    projection,
                }
            })
            .collect()
    }

    /// When every requirement would be met, and what that relies on.
    fn projection(
        &self,
        version: &RouteVersion,
        counted: &[Counted],
        used: &[AgreementIdx],
        report: &mut RouteReport,
    ) {
        let projected = if self.what_if_from.is_some() {
            // The what-if can stop a streak: search all requirements together.
            let reqs: Vec<&Classified> = counted.iter().map(|c| &c.classified).collect();
            project(self.tl, &reqs, self.what_if_from)
        } else {
            // Each requirement only grows with time: the route is met when the
            // last of them is.
            counted
                .iter()
                .try_fold(self.tl.evaluation, |latest, c| match c.projection {
                    Ok(Some(m)) => Ok(latest.max(m)),
                    Ok(None) => Ok(latest),
                    Err(reason) => Err(reason),
                })
        };
        match projected {
            Ok(month) => {
                report.eligible_from = Some(month);
                report.explanation.push(Step::Projected {
                    eligible_from: month,
                    what_if: self.what_if_from.is_some(),
                });
                self.expiries(version, used, month, report);
            }
            Err(reason) => {
                report.no_projection = Some(reason);
                report.explanation.push(Step::NoProjection { reason });
            }
        }
    }

    /// The route's version and the agreements it counts through that end
    /// before the projected month.
    fn expiries(
        &self,
        version: &RouteVersion,
        used: &[AgreementIdx],
        month: Month,
        report: &mut RouteReport,
    ) {
        let after = |until: Date| Date::first_of(month) > until;
        if let Some(until) = version.effective_until.filter(|&u| after(u)) {
            report.explanation.push(Step::RouteExpiresBefore {
                route: report.route.clone(),
                effective_until: until,
            });
        }
        for &agreement in used {
            let until = self
                .active
                .version(agreement)
                .and_then(|v| v.effective_until);
            if let Some(until) = until.filter(|&u| after(u)) {
                report.explanation.push(Step::AgreementExpiresBefore {
                    agreement: self.rules.agreement_id(agreement).to_string(),
                    effective_until: until,
                });
            }
        }
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
                source: v.source.clone(),
                confidence: v.confidence,
                verified_on: v.verified_on,
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

#[cfg(test)]
mod tests {
    //! Routes end to end on the fixture world (`crate::fixture`): a route with
    //! no year requirement, and one only for hukou holders of listed cities
    //! (§7, the statuses). The counting rules are tested next to their code:
    //! `count::tally`, `recognise` and `project`.

    use crate::fixture::{rules, run, run_with, si, Req, World};
    use crate::report::Status;

    #[test]
    fn no_requirement_is_no_threshold_and_hukou_limits_apply() {
        let rules = rules([], None);
        let route = run(&rules, vec![], "2026-11-26");
        assert_eq!(route.status, Status::NoThreshold);
        assert_eq!(route.source.as_ref().unwrap().title, "test rule");
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
        let unknown = run_with(&rules, periods, "2026-11-26", None, None);
        assert_eq!(unknown.status, Status::Eligible);
        assert_eq!(
            unknown.hukou_unchecked,
            Some(vec!["alpha".to_string(), "beta".to_string()])
        );
    }
}
