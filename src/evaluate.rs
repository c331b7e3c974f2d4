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
        history_notes: explain::history_notes(rules, history, evaluation),
        cities,
    }
}

/// The requested cities, or every city with rules.
fn targets(rules: &RuleSet, options: &Options) -> Vec<CityIdx> {
    if options.cities.is_empty() {
        return rules.cities.iter().map(|c| c.city).collect();
    }
    let mut chosen = options.cities.clone();
    chosen.sort_unstable();
    chosen.dedup();
    chosen
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
    let mut used = Vec::new();
    for a in counted.iter().flat_map(|c| &c.count.per_agreement) {
        if a.capped > 0 && !used.contains(&a.agreement) {
            used.push(a.agreement);
        }
    }
    used.sort_unstable();
    used
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
    //! Each counting rule on a small made-up rule set: cities alpha (the
    //! target), beta and gamma; one route with one requirement given per test.

    use super::*;
    use crate::history::{HistoryInput, PeriodInput};
    use crate::report::{PartnerExclusion, RequirementReport};
    use crate::rules::Kind;
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
            (route.status, route.reason),
            (Status::Unknown, Some(RouteReason::NoRuleInForce))
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
        assert_eq!(
            unknown.hukou_unchecked,
            Some(vec!["alpha".to_string(), "beta".to_string()])
        );
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
