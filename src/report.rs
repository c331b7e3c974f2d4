//! What a check returns: for every city and route, the status, the months
//! counted per requirement, the projection, and a structured explanation.
//!
//! The explanation is data ([`Step`]: a `code` plus parameters), never prose:
//! the command line and the page render it in their own words and languages.

use serde::Serialize;

use crate::month::{Date, Month};
use crate::rules::{
    AgreementPart, BackPaid, Basis, Clause, Condition, Confidence, Counting, Cutoff, Kind, Part,
    PastScore, PointsRange, PointsUnit, RecognitionScope, Route, Source, Text, Unknown,
};

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Report {
    pub as_of: Date,
    /// The month the history is evaluated at (ongoing periods run to it).
    pub evaluation_month: Month,
    pub rules_version: String,
    /// The what-if the projections assume, if one was given.
    pub what_if: Option<WhatIfReport>,
    /// Notes about the history itself (overlapping records, cities without rules).
    pub history_notes: Vec<Step>,
    pub cities: Vec<CityReport>,
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct WhatIfReport {
    pub city: String,
    pub from: Month,
    pub kinds: Vec<Kind>,
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct CityReport {
    pub city: String,
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub province_zh: String,
    pub province_en: String,
    /// Ids of the regions the city belongs to.
    pub regions: Vec<String>,
    /// What the city answers: its routes, that no rules are encoded for it,
    /// or that the person's hukou is already here.
    pub status: CityStatus,
    /// Agreements in force under which other cities count this city's
    /// months (ids): what is known of a city without rules.
    pub counted_by: Vec<String>,
    /// Empty unless `status` is `rules`.
    pub routes: Vec<RouteReport>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum CityStatus {
    /// The city's routes are encoded and evaluated.
    Rules,
    /// No rules are encoded for the city: nothing is said about settling
    /// there. Its months still count wherever an agreement names it.
    NoRules,
    /// The person's hukou is already in this city: not a question of years.
    AlreadyRegistered,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Every year requirement of the route is met (other conditions
    /// unchecked), on a basis no weaker than a third party's account.
    Eligible,
    /// The year requirements are met, but the verdict rests on something
    /// unverified: the route's source, an agreement, or an assumption
    /// (see `weak`).
    EligibleUnverified,
    /// The year requirements are met only with months recognised by an
    /// agreement whose pilot has ended, with what follows unknown (see
    /// `pilot_ended`).
    EligibleIfPilotContinues,
    /// The year requirements are met, but the route is only for hukou
    /// holders of certain cities and no hukou city was given.
    DependsOnHukou,
    /// A year requirement is not met yet.
    NotYet,
    /// The route has no year requirement.
    NoThreshold,
    /// No rule in force at the evaluation date: nothing can be said.
    Unknown,
    /// The route is only for people whose hukou is in other cities.
    NotApplicable,
}

impl Status {
    /// Whether every year requirement is met, whatever the verdict rests on.
    pub fn is_met(self) -> bool {
        matches!(
            self,
            Status::Eligible
                | Status::EligibleUnverified
                | Status::EligibleIfPilotContinues
                | Status::DependsOnHukou
        )
    }
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct RouteReport {
    pub route: String,
    pub name_zh: String,
    pub name_en: String,
    pub basis: Basis,
    pub status: Status,
    /// The unverified parts the verdict rests on, weakest first.
    pub weak: Vec<WeakPart>,
    /// Agreements past their pilot's end whose months the verdict (or, when
    /// not met, the projection) relies on.
    pub pilot_ended: Vec<PilotEnd>,
    /// Why the status is `unknown` or `not_applicable`.
    pub reason: Option<RouteReason>,
    pub requirements: Vec<RequirementReport>,
    /// When not met: the first month every requirement would be met if the
    /// ongoing periods (or the what-if) continue. Null when met, or when it
    /// cannot be projected (see `no_projection`).
    pub eligible_from: Option<Month>,
    /// The `effective_from` of the route's version in force at
    /// `eligible_from`: each projected month is tried with the rules in
    /// force then, known future versions included.
    pub eligible_from_rule: Option<Date>,
    /// Why there is no projection.
    pub no_projection: Option<NoProjection>,
    /// The route is only for hukou holders of these cities (ids), and no
    /// hukou city was given: a condition not checked, listed first.
    pub hukou_unchecked: Option<Vec<String>>,
    /// Other conditions of the route, from the rules, not checked.
    pub unchecked: Vec<Condition>,
    pub assumptions: Vec<Text>,
    /// The rule version used.
    pub effective_from: Option<Date>,
    pub effective_until: Option<Date>,
    /// The rule version's sources, the main one first (empty without a
    /// version).
    pub sources: Vec<Source>,
    /// Status `unknown` because the version's thresholds are not known: why,
    /// and what would settle it.
    pub unknown: Option<Unknown>,
    /// The weakest confidence among the rule version and every agreement the
    /// counted months relied on.
    pub confidence: Option<Confidence>,
    /// The rule version's own confidence.
    pub rule_confidence: Option<Confidence>,
    pub verified_on: Option<Date>,
    /// Agreements whose months were counted.
    pub agreements: Vec<AgreementUse>,
    pub explanation: Vec<Step>,
    /// Points routes: the year-based part of the score only. Null when the
    /// rule version scores nothing.
    pub points: Option<PointsReport>,
}

impl RouteReport {
    /// A route not yet evaluated: status `unknown`, nothing counted.
    pub fn new(route: &Route) -> RouteReport {
        RouteReport {
            route: route.id.clone(),
            name_zh: route.name_zh.clone(),
            name_en: route.name_en.clone(),
            basis: route.basis,
            status: Status::Unknown,
            weak: Vec::new(),
            pilot_ended: Vec::new(),
            reason: None,
            requirements: Vec::new(),
            eligible_from: None,
            eligible_from_rule: None,
            no_projection: None,
            hukou_unchecked: None,
            unchecked: Vec::new(),
            assumptions: Vec::new(),
            effective_from: None,
            effective_until: None,
            sources: Vec::new(),
            unknown: None,
            confidence: None,
            rule_confidence: None,
            verified_on: None,
            agreements: Vec::new(),
            explanation: Vec::new(),
            points: None,
        }
    }
}

/// An unverified part a verdict rests on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(tag = "part", rename_all = "snake_case")]
pub enum WeakPart {
    /// The route version's own source.
    Rule,
    /// An agreement whose months are counted.
    Agreement { agreement: String },
    /// A part of a requirement that no source states.
    Assumption { kind: Kind, assumed: Part },
}

/// An agreement whose pilot ends on `pilot_until`, with what follows unknown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct PilotEnd {
    pub agreement: String,
    pub pilot_until: Date,
}

/// What a partial points score covers: only the year-based indicators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum PointsScope {
    /// Only the indicators scored from the history's years (and the ranges
    /// of those that depend on facts not entered); every other indicator is
    /// in `not_assessed`. Never the whole score.
    YearBasedOnly,
}

/// The year-based part of a points route's score.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct PointsReport {
    pub scope: PointsScope,
    /// The partial score: the components, plus each range's `min` / `max`.
    pub partial_min: u32,
    pub partial_max: u32,
    /// The score that admits, if the route has one.
    pub needed: Option<u32>,
    /// Applicants are ranked against a quota.
    pub quota: bool,
    /// With `needed`: points still to come from other indicators, at least
    /// (`needed - partial_max`) and at most (`needed - partial_min`), not
    /// below 0.
    pub still_needed_min: Option<u32>,
    pub still_needed_max: Option<u32>,
    pub components: Vec<PointsComponentReport>,
    /// Indicators that depend on facts not entered, with their ranges.
    pub ranges: Vec<PointsRange>,
    pub not_assessed: Vec<Condition>,
    /// Past scores, as context only.
    pub context: Vec<PastScore>,
}

/// One year-based indicator scored.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct PointsComponentReport {
    pub kind: Kind,
    pub per: PointsUnit,
    pub points_per_unit: u32,
    pub counting: Counting,
    pub back_paid: BackPaid,
    /// Months before this one do not score.
    pub counted_from: Option<Month>,
    /// Months are scored up to this month (the evaluation month).
    pub cutoff: Month,
    /// Continuous: the first month of the streak scored.
    pub streak_start: Option<Month>,
    /// Months scored: local plus recognised cities'.
    pub months: u32,
    pub local_months: u32,
    /// Months in recognised cities, and for what they score.
    pub from_cities: Vec<PointsCityMonths>,
    /// Back-paid months not scored (by the rule).
    pub back_paid_excluded: u32,
    /// Full units: `months` ÷ the unit, rounded down (每满…).
    pub units: u32,
    /// Months that do not make a full unit, so score nothing.
    pub remainder_months: u32,
    /// `units` × `points_per_unit`, before the cap.
    pub uncapped: u32,
    pub cap: Option<u32>,
    /// The cap lowered the points.
    pub capped: bool,
    pub points: u32,
    pub confidence: Confidence,
    pub clause: Clause,
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct PointsCityMonths {
    pub city: String,
    pub months: u32,
    pub scope: RecognitionScope,
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct AgreementUse {
    pub agreement: String,
    pub name_zh: String,
    pub name_en: String,
    pub effective_from: Date,
    pub sources: Vec<Source>,
    pub confidence: Confidence,
    pub verified_on: Date,
    /// The parts of the agreement's mechanics that are assumptions.
    pub assumed: Vec<AgreementPart>,
    pub assumptions: Vec<Text>,
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct RequirementReport {
    pub kind: Kind,
    pub counting: Counting,
    pub required_months: u32,
    /// Months counted toward the requirement (local + recognised partner months).
    pub counted_months: u32,
    /// Of those, months in the city itself.
    pub local_months: u32,
    /// Of those, months recognised from partner cities, after each
    /// agreement's ratio and cap (`counted_months - local_months`).
    pub partner_months: u32,
    pub min_local_months: u32,
    /// Months in each partner city that an agreement recognises, before the
    /// agreement's ratio and cap (see the `ratio_applied` / `cap_applied` steps).
    pub from_cities: Vec<CityMonths>,
    pub met: bool,
    /// Months still missing (0 when the count is reached; the local minimum
    /// may still be short, see `local_missing_months`).
    pub missing_months: u32,
    pub local_missing_months: u32,
    /// The last month counted (the cut-off).
    pub cutoff: Month,
    pub cutoff_rule: Cutoff,
    /// Continuous counting: first month of the streak that ends at the cut-off.
    pub streak_start: Option<Month>,
    pub back_paid: BackPaid,
    pub back_paid_counted: u32,
    /// Back-paid months not counted (by the rule, or over its cap).
    pub back_paid_excluded: u32,
    pub eligible_from: Option<Month>,
    pub no_projection: Option<NoProjection>,
}

/// Months of a gap that another city's records cover.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ElsewhereMonths {
    pub city: String,
    pub months: u32,
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct CityMonths {
    pub city: String,
    pub months: u32,
    pub agreement: String,
}

/// Why a route's status is `unknown` or `not_applicable`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum RouteReason {
    /// No version of the route is in force on the evaluation date.
    NoRuleInForce,
    /// The route is only for hukou holders of other cities.
    HukouNotEligible,
    /// The version in force does not state its thresholds (see `unknown`).
    ThresholdUnknown,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum NoProjection {
    /// No period of this kind continues in a city whose months count here.
    NothingOngoing,
    /// The local minimum cannot grow: nothing continues locally.
    LocalMinimum,
    /// Contributions must be current here, and nothing continues locally.
    NotCurrent,
    /// The only months that continue are partner months past an agreement cap.
    CapReached,
    /// Not reached within the projection horizon.
    BeyondHorizon,
    /// The route has no rule in force, or is not open to this person.
    NoRule,
    /// The route's rules end before it would be met, and no later version
    /// is known.
    RuleEnds,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum PartnerExclusion {
    /// The requirement counts local months only.
    LocalOnly,
    /// No agreement in force links the two cities.
    NoAgreement,
    /// An agreement links them, but not for this kind.
    KindNotCovered,
    /// Months before the agreement's first recognised month.
    BeforeStart,
}

/// One step of an explanation: a code and its parameters.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Step {
    /// The rule version applied.
    RuleVersion {
        effective_from: Date,
        effective_until: Option<Date>,
        source_title: String,
        document_number: Option<String>,
        confidence: Confidence,
        verified_on: Date,
    },
    /// No version of the route is in force on `date`.
    NoRuleInForce {
        date: Date,
        first_effective: Option<Date>,
        last_until: Option<Date>,
    },
    /// The route is for hukou holders of `allowed` only.
    HukouNotEligible {
        hukou_city: String,
        allowed: Vec<String>,
    },
    /// The route is for hukou holders of `allowed`; no hukou city was given.
    HukouNotGiven {
        allowed: Vec<String>,
    },
    /// The route has no year requirement.
    /// The version in force does not state the route's thresholds.
    ThresholdUnknown,
    NoThreshold,
    /// Months are counted up to `month`.
    Cutoff {
        kind: Kind,
        month: Month,
        rule: Cutoff,
    },
    /// Months in the city itself.
    LocalMonths {
        kind: Kind,
        city: String,
        months: u32,
    },
    /// Months in a partner city recognised through an agreement.
    PartnerMonths {
        kind: Kind,
        city: String,
        agreement: String,
        months: u32,
    },
    /// Months in another city that do not count here, and why.
    PartnerExcluded {
        kind: Kind,
        city: String,
        months: u32,
        reason: PartnerExclusion,
        agreement: Option<String>,
    },
    /// The agreement does not say from which month partner history counts; all
    /// of it was counted.
    PartnerStartUnknown {
        agreement: String,
    },
    /// Months covered by more than one record or city, counted once.
    Overlap {
        kind: Kind,
        months: u32,
    },
    /// Back-paid months and how they were treated.
    BackPaid {
        kind: Kind,
        rule: BackPaid,
        cap: Option<u32>,
        counted: u32,
        excluded: u32,
    },
    /// Months not counted because the other kind was not held then.
    NotWhileHolding {
        kind: Kind,
        holding: Kind,
        months: u32,
    },
    /// The months without a counted record that ended the continuous
    /// streak, and the cities whose records cover some of them (months that
    /// do not count here): months elsewhere are not a gap in the person's
    /// record, only in this city's count.
    StreakBreak {
        kind: Kind,
        gap_from: Month,
        gap_to: Month,
        gap_months: u32,
        tolerance: u32,
        elsewhere: Vec<ElsewhereMonths>,
    },
    /// The continuous streak that ends at the cut-off.
    Streak {
        kind: Kind,
        from: Option<Month>,
        to: Month,
        months: u32,
    },
    /// Partner months converted at the agreement's ratio.
    RatioApplied {
        agreement: String,
        ratio: f64,
        before: u32,
        after: u32,
    },
    /// Partner months over the agreement's cap.
    CapApplied {
        agreement: String,
        cap: u32,
        excluded: u32,
    },
    /// The months that must be local.
    LocalMinimum {
        kind: Kind,
        required: u32,
        local: u32,
        met: bool,
    },
    /// Contributions must be current in the city at `month`, and are not.
    NotCurrent {
        kind: Kind,
        month: Month,
    },
    RequirementMet {
        kind: Kind,
        counted: u32,
        required: u32,
    },
    /// The months reach the number required, but the requirement is not met:
    /// the local minimum or "current" above fails.
    CountReached {
        kind: Kind,
        counted: u32,
        required: u32,
    },
    /// The verdict relies on a part of the requirement that no source states.
    AssumptionRelied {
        kind: Kind,
        assumed: Part,
    },
    /// The verdict relies on months an agreement recognises although its
    /// pilot ended on `pilot_until`: it holds if the pilot continues.
    PilotContinuing {
        agreement: String,
        pilot_until: Date,
    },
    /// The projected month is after the end of an agreement's pilot whose
    /// months it relies on.
    PilotEndsBefore {
        agreement: String,
        pilot_until: Date,
    },
    /// The projected month falls under another version of the route than
    /// the one in force now.
    ProjectedUnder {
        effective_from: Date,
    },
    RequirementMissing {
        kind: Kind,
        counted: u32,
        required: u32,
        missing: u32,
    },
    /// The first month all requirements would be met.
    Projected {
        eligible_from: Month,
        what_if: bool,
    },
    NoProjection {
        reason: NoProjection,
    },
    // --- history notes ---
    /// Records of one city and kind that overlap another record of the same
    /// kind: one step per city and kind, with the months concerned
    /// (`months`, in `runs` runs, the first from `from`, the last to `to`),
    /// the other cities whose records overlap them (ids, gazetteer order,
    /// without this one) and the records concerned (`periods[i]` indices,
    /// ascending).
    RecordsOverlap {
        kind: Kind,
        city: String,
        from: Month,
        to: Month,
        months: u32,
        runs: u32,
        with: Vec<String>,
        records: Vec<usize>,
    },
    /// Months in a city without encoded rules: they count only where an
    /// agreement names that city.
    NoRulesFor {
        city: String,
    },
}
