//! JSON text of what crosses the page's boundary, written by hand: the
//! report, the errors, the gazetteer. serde's derived `Serialize` into JS
//! objects was the largest part of the WebAssembly module; this writer is a
//! list of field names per type.
//!
//! The text parses to exactly what `serde_json::to_value` gives for the same
//! value (a test checks it for every scenario case's report and for the
//! errors), so the TypeScript declarations generated from the serde shape
//! stay true. Numbers: whole numbers as they are; an `f64` (a ratio, a past
//! score) with at most six decimals, `1.0` for a whole one, as serde_json
//! writes it — the rules only hold such values.

use crate::error::{ErrorKind, ErrorView};
use crate::month::{Date, Month};
use crate::report::*;
use crate::rules::model::*;

/// A value as JSON text.
pub trait Json {
    fn json(&self, out: &mut Out);
}

/// JSON text being written, as bytes (always UTF-8: only whole strings and
/// ASCII are pushed).
#[derive(Default)]
pub struct Out(Vec<u8>);

impl Out {
    /// Appends JSON text as it is.
    pub fn push(&mut self, json: &str) {
        self.raw(json);
    }

    fn raw(&mut self, text: &str) {
        self.0.extend_from_slice(text.as_bytes());
    }

    fn key(&mut self, first: bool, name: &str) {
        self.0.push(if first { b'{' } else { b',' });
        self.0.push(b'"');
        self.raw(name);
        self.raw("\":");
    }

    fn end(&mut self, empty: bool) {
        self.raw(if empty { "{}" } else { "}" });
    }

    fn digits(&mut self, mut n: u64, width: usize) {
        let mut buf = [b'0'; 20];
        let mut i = buf.len();
        while n > 0 || buf.len() - i < width.max(1) {
            i -= 1;
            buf[i] = b'0' + (n % 10) as u8;
            n /= 10;
        }
        self.0.extend_from_slice(&buf[i..]);
    }

    pub fn into_string(self) -> String {
        String::from_utf8(self.0).unwrap_or_default()
    }
}

/// `value` as JSON text.
pub fn to_json<T: Json + ?Sized>(value: &T) -> String {
    let mut out = Out::default();
    value.json(&mut out);
    out.into_string()
}

impl<T: Json + ?Sized> Json for &T {
    fn json(&self, out: &mut Out) {
        (**self).json(out);
    }
}

impl Json for str {
    fn json(&self, out: &mut Out) {
        out.0.push(b'"');
        for &b in self.as_bytes() {
            match b {
                b'"' => out.raw("\\\""),
                b'\\' => out.raw("\\\\"),
                b'\n' => out.raw("\\n"),
                0..=0x1f => {
                    out.raw("\\u00");
                    out.0.push(b"0123456789abcdef"[usize::from(b >> 4)]);
                    out.0.push(b"0123456789abcdef"[usize::from(b & 15)]);
                }
                _ => out.0.push(b),
            }
        }
        out.0.push(b'"');
    }
}

impl Json for String {
    fn json(&self, out: &mut Out) {
        self.as_str().json(out);
    }
}

impl Json for u32 {
    fn json(&self, out: &mut Out) {
        out.digits(u64::from(*self), 1);
    }
}

impl Json for usize {
    fn json(&self, out: &mut Out) {
        out.digits(*self as u64, 1);
    }
}

impl Json for bool {
    fn json(&self, out: &mut Out) {
        out.raw(if *self { "true" } else { "false" });
    }
}

impl Json for f64 {
    fn json(&self, out: &mut Out) {
        let scaled = (self.abs() * 1e6).round();
        if !self.is_finite() || scaled >= 1e18 {
            // serde_json writes what JSON cannot hold as null.
            return out.raw("null");
        }
        if *self < 0.0 {
            out.raw("-");
        }
        let scaled = scaled as u64;
        out.digits(scaled / 1_000_000, 1);
        out.raw(".");
        let (mut frac, mut width) = (scaled % 1_000_000, 6);
        while width > 1 && frac % 10 == 0 {
            frac /= 10;
            width -= 1;
        }
        out.digits(frac, width);
    }
}

impl<T: Json> Json for Option<T> {
    fn json(&self, out: &mut Out) {
        match self {
            Some(value) => value.json(out),
            None => out.raw("null"),
        }
    }
}

impl<T: Json> Json for [T] {
    fn json(&self, out: &mut Out) {
        out.raw("[");
        for (i, item) in self.iter().enumerate() {
            if i > 0 {
                out.raw(",");
            }
            item.json(out);
        }
        out.raw("]");
    }
}

impl<T: Json> Json for Vec<T> {
    fn json(&self, out: &mut Out) {
        self.as_slice().json(out);
    }
}

impl Json for Month {
    fn json(&self, out: &mut Out) {
        out.raw("\"");
        out.digits(self.year() as u64, 4);
        out.raw("-");
        out.digits(self.month().into(), 2);
        out.raw("\"");
    }
}

impl Json for Date {
    fn json(&self, out: &mut Out) {
        let (year, month, day) = self.ymd();
        out.raw("\"");
        out.digits(year as u64, 4);
        out.raw("-");
        out.digits(month.into(), 2);
        out.raw("-");
        out.digits(day.into(), 2);
        out.raw("\"");
    }
}

impl Json for PartnerStart {
    fn json(&self, out: &mut Out) {
        match self {
            PartnerStart::Any => "any".json(out),
            PartnerStart::Unknown => "unknown".json(out),
            PartnerStart::From(month) => month.json(out),
        }
    }
}

impl Json for ErrorKind {
    fn json(&self, out: &mut Out) {
        self.as_str().json(out);
    }
}

impl Json for ErrorView {
    fn json(&self, out: &mut Out) {
        out.key(true, "kind");
        self.kind.json(out);
        out.key(false, "path");
        self.path.json(out);
        if let Some(file) = &self.file {
            out.key(false, "file");
            file.json(out);
        }
        out.key(false, "message");
        self.message.json(out);
        for (name, value) in [("value", &self.value), ("bound", &self.bound)] {
            if let Some(value) = value {
                out.key(false, name);
                value.json(out);
            }
        }
        out.end(false);
    }
}

impl<T: Json> Json for Doc<T> {
    fn json(&self, out: &mut Out) {
        out.key(true, "file");
        self.file.json(out);
        out.key(false, "doc");
        self.doc.json(out);
        out.end(false);
    }
}

/// An agreement's id and names, as the page lists them.
#[derive(serde::Serialize)]
pub struct AgreementName {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
}

impl AgreementName {
    pub fn all(agreements: &[Doc<Agreement>]) -> Vec<AgreementName> {
        (agreements.iter())
            .map(|a| AgreementName {
                id: a.doc.id.clone(),
                name_zh: a.doc.name_zh.clone(),
                name_en: a.doc.name_en.clone(),
            })
            .collect()
    }
}

/// A struct: an object with these fields, in this order (the destructuring
/// fails to compile when one is missing).
macro_rules! fields {
    ($($ty:ident { $($field:ident),* $(,)? })*) => {$(
        impl Json for $ty {
            #[allow(unused_assignments)]
            fn json(&self, out: &mut Out) {
                let $ty { $($field),* } = self;
                let mut first = true;
                $(
                    out.key(first, stringify!($field));
                    first = false;
                    $field.json(out);
                )*
                out.end(first);
            }
        }
    )*};
}

/// An enum without data: its names.
macro_rules! names {
    ($($ty:ident { $($variant:ident $name:literal),* $(,)? })*) => {$(
        impl Json for $ty {
            fn json(&self, out: &mut Out) {
                match self { $($ty::$variant => $name),* }.json(out);
            }
        }
    )*};
}

/// An enum with fields, tagged as serde's `tag = "…"` writes it: the tag
/// first, then the variant's fields.
macro_rules! tagged {
    ($($ty:ident $tag:literal { $($variant:ident $name:literal { $($field:ident),* $(,)? })* })*) => {$(
        impl Json for $ty {
            fn json(&self, out: &mut Out) {
                match self {
                    $($ty::$variant { $($field),* } => {
                        out.key(true, $tag);
                        $name.json(out);
                        $(
                            out.key(false, stringify!($field));
                            $field.json(out);
                        )*
                    })*
                }
                out.end(false);
            }
        }
    )*};
}

fields! {
    AgreementName { id, name_zh, name_en }
    Report { as_of, evaluation_month, rules_version, what_if, history_notes, cities }
    WhatIfReport { city, from, kinds }
    CityReport {
        city, code, name_zh, name_en, province_zh, province_en, regions, status, counted_by,
        routes,
    }
    RouteReport {
        route, name_zh, name_en, basis, status, weak, pilot_ended, reason, requirements,
        eligible_from, eligible_from_rule, no_projection, hukou_unchecked, unchecked,
        assumptions, effective_from, effective_until, sources, unknown, confidence,
        rule_confidence, verified_on, agreements, explanation, points,
    }
    PilotEnd { agreement, pilot_until }
    PointsReport {
        scope, partial_min, partial_max, needed, quota, still_needed_min, still_needed_max,
        components, ranges, not_assessed, context,
    }
    PointsComponentReport {
        kind, per, points_per_unit, counting, back_paid, counted_from, cutoff, streak_start,
        months, local_months, from_cities, back_paid_excluded, units, remainder_months,
        uncapped, cap, capped, points, confidence, clause,
    }
    PointsCityMonths { city, months, scope }
    AgreementUse {
        agreement, name_zh, name_en, effective_from, sources, confidence, verified_on, assumed,
        assumptions,
    }
    RequirementReport {
        kind, counting, required_months, counted_months, local_months, partner_months,
        min_local_months, from_cities, met, missing_months, local_missing_months, cutoff,
        cutoff_rule, streak_start, back_paid, back_paid_counted, back_paid_excluded,
        eligible_from, no_projection,
    }
    ElsewhereMonths { city, months }
    CityMonths { city, months, agreement }
    Text { zh, en }
    Source { title, issuer, nature, document_number, url, published }
    Gazetteer { codes_source, cities, regions }
    CityEntry { id, code, code_aliases, name_zh, name_en, province_zh, province_en }
    Region {
        id, name_zh, name_en, pilot, members, unsourced_members, source, confidence,
        verified_on,
    }
    Unknown { reason, settled_by }
    Condition { code, zh, en }
    Clause { quote, location, source }
    PointsRange { code, zh, en, min, max, confidence, clause }
    PastScore { year, score, label, source, confidence }
}

names! {
    CityStatus { Rules "rules", NoRules "no_rules", AlreadyRegistered "already_registered" }
    Status {
        Eligible "eligible", EligibleUnverified "eligible_unverified",
        EligibleIfPilotContinues "eligible_if_pilot_continues",
        DependsOnHukou "depends_on_hukou", NotYet "not_yet", NoThreshold "no_threshold",
        Unknown "unknown", NotApplicable "not_applicable",
    }
    PointsScope { YearBasedOnly "year_based_only" }
    RouteReason {
        NoRuleInForce "no_rule_in_force", HukouNotEligible "hukou_not_eligible",
        ThresholdUnknown "threshold_unknown",
    }
    NoProjection {
        NothingOngoing "nothing_ongoing", LocalMinimum "local_minimum",
        NotCurrent "not_current", CapReached "cap_reached", BeyondHorizon "beyond_horizon",
        NoRule "no_rule", RuleEnds "rule_ends",
    }
    PartnerExclusion {
        LocalOnly "local_only", NoAgreement "no_agreement",
        KindNotCovered "kind_not_covered", BeforeStart "before_start",
    }
    Kind { SocialInsurance "social_insurance", Residence "residence" }
    Confidence {
        Unverified "unverified", ThirdParty "third_party", News "news", Official "official",
    }
    SourceNature {
        Official "official", OfficialCopy "official_copy", NewsReport "news_report",
        ThirdPartySummary "third_party_summary",
    }
    Basis { Years "years", Points "points", HomeOwnership "home_ownership", Open "open" }
    Counting { Cumulative "cumulative", Continuous "continuous" }
    BackPaid { Counted "counted", NotCounted "not_counted", BreaksStreak "breaks_streak" }
    Cutoff { EvaluationMonth "evaluation_month", EndOfPreviousYear "end_of_previous_year" }
    Part {
        Months "months", Counting "counting", BackPaid "back_paid",
        Recognition "recognition", LocalMinimum "local_minimum", Current "current",
        Cutoff "cutoff",
    }
    PointsUnit { Month "month", Year "year" }
    RecognitionScope { PointsSettlement "points_settlement", Unstated "unstated" }
    AgreementPart {
        Start "start", PartnerStart "partner_start", Kinds "kinds", Cap "cap",
        Ratio "ratio", Scope "scope", LocalMinimum "local_minimum", End "end",
    }
}

tagged! {
    WeakPart "part" {
        Rule "rule" {}
        Agreement "agreement" { agreement }
        Assumption "assumption" { kind, assumed }
    }
    Step "code" {
        RuleVersion "rule_version" {
            effective_from, effective_until, source_title, document_number, confidence,
            verified_on,
        }
        NoRuleInForce "no_rule_in_force" { date, first_effective, last_until }
        HukouNotEligible "hukou_not_eligible" { hukou_city, allowed }
        HukouNotGiven "hukou_not_given" { allowed }
        ThresholdUnknown "threshold_unknown" {}
        NoThreshold "no_threshold" {}
        Cutoff "cutoff" { kind, month, rule }
        LocalMonths "local_months" { kind, city, months }
        PartnerMonths "partner_months" { kind, city, agreement, months }
        PartnerExcluded "partner_excluded" { kind, city, months, reason, agreement }
        PartnerStartUnknown "partner_start_unknown" { agreement }
        Overlap "overlap" { kind, months }
        BackPaid "back_paid" { kind, rule, cap, counted, excluded }
        NotWhileHolding "not_while_holding" { kind, holding, months }
        StreakBreak "streak_break" { kind, gap_from, gap_to, gap_months, tolerance, elsewhere }
        Streak "streak" { kind, from, to, months }
        RatioApplied "ratio_applied" { agreement, ratio, before, after }
        CapApplied "cap_applied" { agreement, cap, excluded }
        LocalMinimum "local_minimum" { kind, required, local, met }
        NotCurrent "not_current" { kind, month }
        RequirementMet "requirement_met" { kind, counted, required }
        CountReached "count_reached" { kind, counted, required }
        AssumptionRelied "assumption_relied" { kind, assumed }
        PilotContinuing "pilot_continuing" { agreement, pilot_until }
        PilotEndsBefore "pilot_ends_before" { agreement, pilot_until }
        ProjectedUnder "projected_under" { effective_from }
        RequirementMissing "requirement_missing" { kind, counted, required, missing }
        Projected "projected" { eligible_from, what_if }
        NoProjection "no_projection" { reason }
        RecordsOverlap "records_overlap" { kind, city, from, to, months, runs, with, records }
        NoRulesFor "no_rules_for" { city }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same<T: Json + serde::Serialize + ?Sized>(value: &T) {
        let text = to_json(value);
        let parsed: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(parsed, serde_json::to_value(value).unwrap(), "{text}");
    }

    #[test]
    fn the_gazetteer_and_agreements_are_serde_s_shape() {
        let rules = crate::rules::shipped::default_rules();
        same(&rules.gazetteer);
        same(&AgreementName::all(&rules.agreements));
    }

    #[test]
    fn texts_and_numbers_are_serde_s_shape() {
        same("a \"quoted\" \\ line\nend\u{1}\u{1f}\u{7f} 南京 \u{2028} \u{1F600}");
        for ratio in [1.0, 0.5, 0.8, 108.5, 0.0, 2.25, 97.125, 1234.000001] {
            same(&ratio);
        }
        for n in [0u32, 7, 10, 4_294_967_295] {
            same(&n);
        }
        same(&[Some(Month::FIRST), Some(Month::LAST), None][..]);
        same(&[Date::first(), Date::last()][..]);
        same(&ErrorView {
            kind: ErrorKind::BadMonth,
            path: "periods[0].from".into(),
            file: Some("cities/x.json".into()),
            message: "m".into(),
            value: None,
            bound: Some("1950-01".into()),
        });
    }
}
