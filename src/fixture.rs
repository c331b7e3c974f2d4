//! Typed rule sets and histories for the unit tests of the counting rules.
//!
//! The world is small and made up: three cities, alpha (the target, with one
//! route `main` whose requirements each test gives), beta and gamma, and
//! optionally one agreement, `pact`. The rules are built from the model types
//! ([`crate::rules::model`]) and go through [`RuleSet::build`], so every
//! fixture is a valid rule set. The tests run end to end through
//! [`crate::check`].
//!
//! ```text
//! rules([Req::si(24).continuous().tolerate(2).previous_year_cutoff()], None)
//! rules([Req::si(12).agreements().min_local(6)], Some(Pact::new().ratio(0.5).cap(4)))
//! World::new([Req::si(1)]).hukou_in(&["alpha", "beta"]).build()
//! ```

use crate::history::{HistoryInput, PeriodInput};
use crate::month::{Date, Month};
use crate::report::{Report, RequirementReport, RouteReport};
use crate::rules::{
    Agreement, AgreementVersion, BackPaid, Basis, CityEntry, CityRules, Clause, Confidence,
    Counting, Cutoff, Doc, Gazetteer, Kind, Part, PartnerStart, Points, Recognition, Requirement,
    Route, RouteVersion, RuleSet, Source, SourceNature,
};
use crate::{check, CheckOptions, WhatIfInput};

pub(crate) fn month(text: &str) -> Month {
    Month::parse(text).unwrap_or_else(|| panic!("{text} is not a month"))
}

pub(crate) fn date(text: &str) -> Date {
    Date::parse(text).unwrap_or_else(|| panic!("{text} is not a date"))
}

/// The one source every fixture cites.
fn source() -> Source {
    Source {
        title: "test rule".into(),
        issuer: "test".into(),
        nature: SourceNature::Official,
        document_number: None,
        url: None,
        published: date("2020-01-01"),
    }
}

// --- rules --------------------------------------------------------------------

/// One requirement of alpha's route: cumulative, back-paid months counted
/// without a cap, local months only, cut-off at the evaluation month, until a
/// method says otherwise.
#[derive(Clone, Debug)]
pub(crate) struct Req(Requirement);

impl Req {
    pub(crate) fn new(kind: Kind, months: u32) -> Req {
        Req(Requirement {
            kind,
            months,
            counting: Counting::Cumulative,
            gap_tolerance_months: 0,
            back_paid: BackPaid::Counted,
            back_paid_cap_months: None,
            recognition: Recognition::LocalOnly,
            min_local_months: 0,
            cutoff: Cutoff::EvaluationMonth,
            must_be_current: false,
            only_while_holding: None,
            assumed: Vec::new(),
            clause: Some(Clause {
                quote: "test".into(),
                location: "test".into(),
                source: 0,
            }),
        })
    }

    /// These parts are assumptions, not stated by a source.
    pub(crate) fn assumed(mut self, parts: &[Part]) -> Req {
        self.0.assumed = parts.to_vec();
        self
    }

    /// `months` of social insurance.
    pub(crate) fn si(months: u32) -> Req {
        Req::new(Kind::SocialInsurance, months)
    }

    /// `months` of residence.
    pub(crate) fn residence(months: u32) -> Req {
        Req::new(Kind::Residence, months)
    }

    /// Only the streak that ends at the cut-off counts.
    pub(crate) fn continuous(mut self) -> Req {
        self.0.counting = Counting::Continuous;
        self
    }

    /// Gaps of up to `months` keep a continuous streak alive.
    pub(crate) fn tolerate(mut self, months: u32) -> Req {
        self.0.gap_tolerance_months = months;
        self
    }

    pub(crate) fn back_paid(mut self, mode: BackPaid) -> Req {
        self.0.back_paid = mode;
        self
    }

    /// At most `months` back-paid months are accepted.
    pub(crate) fn cap_back_paid(mut self, months: u32) -> Req {
        self.0.back_paid_cap_months = Some(months);
        self
    }

    /// Partner months count through the agreements in force.
    pub(crate) fn agreements(mut self) -> Req {
        self.0.recognition = Recognition::Agreements;
        self
    }

    /// With [`Req::agreements`]: `months` must be local.
    pub(crate) fn min_local(mut self, months: u32) -> Req {
        self.0.min_local_months = months;
        self
    }

    /// The application month must be covered locally.
    pub(crate) fn current(mut self) -> Req {
        self.0.must_be_current = true;
        self
    }

    /// Months count only while alpha also has `kind` on record.
    pub(crate) fn while_holding(mut self, kind: Kind) -> Req {
        self.0.only_while_holding = Some(kind);
        self
    }

    /// Months count up to December of the year before the application.
    pub(crate) fn previous_year_cutoff(mut self) -> Req {
        self.0.cutoff = Cutoff::EndOfPreviousYear;
        self
    }

    pub(crate) fn build(self) -> Requirement {
        self.0
    }
}

/// The agreement `pact`: alpha and beta recognise each other's social
/// insurance, every partner month at full value and without a cap, in force
/// from 2020-01-01 (news confidence, weaker than the route's official one),
/// until a method says otherwise. Gamma is nobody's partner.
#[derive(Clone, Debug)]
pub(crate) struct Pact(AgreementVersion);

impl Pact {
    pub(crate) fn new() -> Pact {
        let both = vec!["alpha".to_string(), "beta".to_string()];
        Pact(AgreementVersion {
            effective_from: date("2020-01-01"),
            effective_until: None,
            pilot_until: None,
            recognising: both.clone(),
            partners: both,
            kinds: vec![Kind::SocialInsurance],
            partner_months_from: PartnerStart::Any,
            cap_months: None,
            ratio: 1.0,
            sources: vec![source()],
            confidence: Confidence::News,
            verified_on: date("2026-01-01"),
            assumed: Vec::new(),
            assumptions: Vec::new(),
            open_questions: Vec::new(),
        })
    }

    /// The cities whose months count for the recognising ones.
    pub(crate) fn partners(mut self, cities: &[&str]) -> Pact {
        self.0.partners = cities.iter().map(|c| c.to_string()).collect();
        self
    }

    pub(crate) fn kinds(mut self, kinds: &[Kind]) -> Pact {
        self.0.kinds = kinds.to_vec();
        self
    }

    /// The earliest partner month that counts.
    pub(crate) fn start(mut self, start: PartnerStart) -> Pact {
        self.0.partner_months_from = start;
        self
    }

    pub(crate) fn ratio(mut self, ratio: f64) -> Pact {
        self.0.ratio = ratio;
        self
    }

    /// At most `months` partner months count.
    pub(crate) fn cap(mut self, months: u32) -> Pact {
        self.0.cap_months = Some(months);
        self
    }

    /// The pilot the agreement belongs to ends on `date`; what follows is
    /// unknown.
    pub(crate) fn pilot_until(mut self, date: Date) -> Pact {
        self.0.pilot_until = Some(date);
        self
    }

    pub(crate) fn confidence(mut self, confidence: Confidence) -> Pact {
        self.0.confidence = confidence;
        self
    }

    pub(crate) fn in_force_from(mut self, from: Date) -> Pact {
        self.0.effective_from = from;
        self
    }

    pub(crate) fn build(self) -> Agreement {
        Agreement {
            id: "pact".into(),
            name_zh: "协议".into(),
            name_en: "pact".into(),
            versions: vec![self.0],
        }
    }
}

/// The three cities, alpha's route `main` (one version, in force from
/// 2020-01-01, official) with the given requirements, and the agreement if
/// any.
#[derive(Clone, Debug)]
pub(crate) struct World {
    requirements: Vec<Requirement>,
    pact: Option<Pact>,
    hukou_in: Option<Vec<String>>,
    points: Option<Points>,
}

impl World {
    pub(crate) fn new(requirements: impl IntoIterator<Item = Req>) -> World {
        World {
            requirements: requirements.into_iter().map(Req::build).collect(),
            pact: None,
            hukou_in: None,
            points: None,
        }
    }

    pub(crate) fn pact(mut self, pact: Option<Pact>) -> World {
        self.pact = pact;
        self
    }

    /// The route's points block.
    pub(crate) fn points(mut self, points: Points) -> World {
        self.points = Some(points);
        self
    }

    /// Only hukou holders of these cities may use the route.
    pub(crate) fn hukou_in(mut self, cities: &[&str]) -> World {
        self.hukou_in = Some(cities.iter().map(|c| c.to_string()).collect());
        self
    }

    pub(crate) fn build(self) -> RuleSet {
        let city = |id: &str, code: &str, name_zh: &str, name_en: &str| CityEntry {
            id: id.into(),
            code: code.into(),
            code_aliases: Vec::new(),
            name_zh: name_zh.into(),
            name_en: name_en.into(),
            province_zh: "省".into(),
            province_en: "P".into(),
        };
        let gazetteer = Gazetteer {
            codes_source: source(),
            cities: vec![
                city("alpha", "100100", "甲", "Alpha"),
                city("beta", "100200", "乙", "Beta"),
                city("gamma", "100300", "丙", "Gamma"),
            ],
            regions: Vec::new(),
        };
        let alpha = CityRules {
            city: "alpha".into(),
            routes: vec![Route {
                id: "main".into(),
                name_zh: "甲".into(),
                name_en: "main".into(),
                basis: if self.requirements.is_empty() {
                    Basis::Open
                } else {
                    Basis::Years
                },
                hukou_in: self.hukou_in,
                versions: vec![RouteVersion {
                    effective_from: date("2020-01-01"),
                    effective_until: None,
                    sources: vec![source()],
                    confidence: Confidence::Official,
                    verified_on: date("2026-01-01"),
                    unknown: None,
                    requirements: self.requirements,
                    unchecked: Vec::new(),
                    assumptions: Vec::new(),
                    points: self.points,
                    open_questions: Vec::new(),
                }],
            }],
        };
        let agreements = self
            .pact
            .into_iter()
            .map(|pact| Doc {
                file: "agreements/pact.json".into(),
                doc: pact.build(),
            })
            .collect();
        let built = RuleSet::build(
            "test".into(),
            Doc {
                file: "gazetteer.json".into(),
                doc: gazetteer,
            },
            vec![Doc {
                file: "cities/alpha.json".into(),
                doc: alpha,
            }],
            agreements,
        );
        match built {
            Ok(rules) => rules,
            Err(errors) => panic!("the fixture is not a valid rule set: {errors:#?}"),
        }
    }
}

/// The world with these requirements and, if given, the agreement.
pub(crate) fn rules(requirements: impl IntoIterator<Item = Req>, pact: Option<Pact>) -> RuleSet {
    World::new(requirements).pact(pact).build()
}

// --- histories and runs -------------------------------------------------------

pub(crate) fn period(
    city: &str,
    kind: Kind,
    from: &str,
    to: Option<&str>,
    back_paid: bool,
) -> PeriodInput {
    PeriodInput {
        city: city.into(),
        kind: kind.as_str().into(),
        from: from.into(),
        to: to.map(Into::into),
        back_paid,
        note: None,
    }
}

/// Social insurance paid in `city` from `from` to `to`.
pub(crate) fn si(city: &str, from: &str, to: &str) -> PeriodInput {
    period(city, Kind::SocialInsurance, from, Some(to), false)
}

/// `kind` in `city` from `from`, still going on.
pub(crate) fn ongoing(city: &str, kind: Kind, from: &str) -> PeriodInput {
    period(city, kind, from, None, false)
}

/// Continuing in `city` from `from`, every kind.
pub(crate) fn what_if(city: &str, from: &str) -> WhatIfInput {
    WhatIfInput {
        city: city.into(),
        from: from.into(),
        kinds: None,
    }
}

/// The whole report of a check on `as_of`.
pub(crate) fn report_with(
    rules: &RuleSet,
    periods: Vec<PeriodInput>,
    as_of: &str,
    hukou: Option<&str>,
    what_if: Option<WhatIfInput>,
) -> Report {
    let history = HistoryInput {
        version: None,
        hukou_city: hukou.map(Into::into),
        periods,
    };
    let mut options = CheckOptions::at(as_of).unwrap();
    options.what_if = what_if;
    check(rules, &history, &options).unwrap()
}

pub(crate) fn report(rules: &RuleSet, periods: Vec<PeriodInput>, as_of: &str) -> Report {
    report_with(rules, periods, as_of, None, None)
}

/// Alpha's route `main`.
pub(crate) fn run_with(
    rules: &RuleSet,
    periods: Vec<PeriodInput>,
    as_of: &str,
    hukou: Option<&str>,
    what_if: Option<WhatIfInput>,
) -> RouteReport {
    report_with(rules, periods, as_of, hukou, what_if).cities[0].routes[0].clone()
}

pub(crate) fn run(rules: &RuleSet, periods: Vec<PeriodInput>, as_of: &str) -> RouteReport {
    run_with(rules, periods, as_of, None, None)
}

/// The route's first requirement.
pub(crate) fn first(route: &RouteReport) -> &RequirementReport {
    &route.requirements[0]
}
