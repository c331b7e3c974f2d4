// Generated from the Rust types by `src/typescript.rs`; do not edit.
// Regenerate: HUKOU_YEARS_REGENERATE=1 cargo test --lib generated

export type Month = string;
export type DateString = string;
export type Kind = "social_insurance" | "residence";
export type Confidence = "unverified" | "third_party" | "news" | "official";
export type Counting = "cumulative" | "continuous";
export type BackPaid = "counted" | "not_counted" | "breaks_streak";
export type Cutoff = "evaluation_month" | "end_of_previous_year";
export type Basis = "years" | "points" | "home_ownership" | "open";
export type Part = "months" | "counting" | "back_paid" | "recognition" | "local_minimum" | "current" | "cutoff";
export type Text = { zh: string, en: string, };
export type SourceNature = "official" | "official_copy" | "news_report" | "third_party_summary";
export type Source = { title: string, issuer: string, 
/**
 * What was read: the document, a copy, a report or a summary.
 */
nature: SourceNature, 
/**
 * 文号, e.g. 沪人社规〔2020〕1号; null where the document has none or it is unknown.
 */
document_number: string | null, 
/**
 * Null only when no copy of the document could be located.
 */
url: string | null, published: DateString, };
export type Unknown = { reason: Text, 
/**
 * The document (or office) whose text would settle it.
 */
settled_by: Text, };
export type AgreementPart = "start" | "partner_start" | "kinds" | "cap" | "ratio" | "scope" | "local_minimum" | "end";
export type Condition = { code: string, zh: string, en: string, };
export type CityEntry = { 
/**
 * Lowercase pinyin, no spaces: `nanjing`.
 */
id: string, 
/**
 * GB/T 2260 six-digit division code: `320100`.
 */
code: string, 
/**
 * Other codes accepted for the same city (e.g. 110100 for 110000).
 */
code_aliases: Array<string>, name_zh: string, name_en: string, province_zh: string, province_en: string, };
export type Region = { id: string, name_zh: string, name_en: string, 
/**
 * One of the ten regions approved for the 2025 pilot.
 */
pilot: boolean, members: Array<string>, 
/**
 * Members whose membership no source states (an assumption, shown as
 * such); a subset of `members`. May be left out when there are none.
 */
unsourced_members?: Array<string>, source: Source, confidence: Confidence, verified_on: DateString, };
export type Gazetteer = { 
/**
 * Where the division codes come from.
 */
codes_source: Source, cities: Array<CityEntry>, regions: Array<Region>, };
export type HistoryInput = { version?: number | null, hukou_city?: string | null, periods: Array<PeriodInput>, };
export type PeriodInput = { city: string, kind: string, from: string, 
/**
 * Null or absent: ongoing up to the evaluation month.
 */
to?: string | null, back_paid?: boolean, 
/**
 * Free text for the person's own use (an employer, an address); ignored.
 */
note?: string | null, };
export type CheckOptions = { 
/**
 * The evaluation date `YYYY-MM-DD` ("today", supplied by the caller).
 */
as_of: string, 
/**
 * City ids or codes to report; empty: every city with rules.
 */
cities: Array<string>, 
/**
 * "If I continue in city X from month M": the projection assumes this
 * instead of the ongoing periods, from `from` on.
 */
what_if: WhatIfInput | null, };
export type WhatIfInput = { city: string, 
/**
 * `YYYY-MM`, after the evaluation month.
 */
from: string, 
/**
 * Kinds that continue there; absent: both.
 */
kinds: Array<string> | null, };
export type ErrorKind = "malformed" | "bad_month" | "reversed_period" | "future_month" | "unknown_city" | "unknown_kind" | "back_paid_ongoing" | "too_many_periods" | "too_large" | "unsupported_version" | "bad_option" | "invalid_rules";
export type ErrorView = { kind: ErrorKind, path: string, file?: string, message: string, 
/**
 * The offending value as text: a month, a city, a kind as it was given
 * (over 64 characters, its first 60 and `…`); a reversed period's end;
 * the number of periods; the version.
 */
value?: string, 
/**
 * The bound the value passed: the evaluation month, a reversed period's
 * start, the most periods accepted, the version supported, the supported
 * month or date nearest to one outside them (`1950-01`, `2200-12`), the
 * most bytes a file may have.
 */
bound?: string, };
export type Status = "eligible" | "eligible_unverified" | "eligible_if_pilot_continues" | "depends_on_hukou" | "not_yet" | "no_threshold" | "unknown" | "not_applicable";
export type CityStatus = "rules" | "no_rules" | "already_registered";
export type WeakPart = { "part": "rule" } | { "part": "agreement", agreement: string, } | { "part": "assumption", kind: Kind, assumed: Part, };
export type PilotEnd = { agreement: string, pilot_until: DateString, };
export type RouteReason = "no_rule_in_force" | "hukou_not_eligible" | "threshold_unknown";
export type NoProjection = "nothing_ongoing" | "local_minimum" | "not_current" | "cap_reached" | "beyond_horizon" | "no_rule" | "rule_ends";
export type PartnerExclusion = "local_only" | "no_agreement" | "kind_not_covered" | "before_start";
export type Step = { "code": "rule_version", effective_from: DateString, effective_until: DateString | null, source_title: string, document_number: string | null, confidence: Confidence, verified_on: DateString, } | { "code": "no_rule_in_force", date: DateString, first_effective: DateString | null, last_until: DateString | null, } | { "code": "hukou_not_eligible", hukou_city: string, allowed: Array<string>, } | { "code": "hukou_not_given", allowed: Array<string>, } | { "code": "threshold_unknown" } | { "code": "no_threshold" } | { "code": "cutoff", kind: Kind, month: Month, rule: Cutoff, } | { "code": "local_months", kind: Kind, city: string, months: number, } | { "code": "partner_months", kind: Kind, city: string, agreement: string, months: number, } | { "code": "partner_excluded", kind: Kind, city: string, months: number, reason: PartnerExclusion, agreement: string | null, } | { "code": "partner_start_unknown", agreement: string, } | { "code": "overlap", kind: Kind, months: number, } | { "code": "back_paid", kind: Kind, rule: BackPaid, cap: number | null, counted: number, excluded: number, } | { "code": "not_while_holding", kind: Kind, holding: Kind, months: number, } | { "code": "streak_break", kind: Kind, gap_from: Month, gap_to: Month, gap_months: number, tolerance: number, elsewhere: Array<ElsewhereMonths>, } | { "code": "streak", kind: Kind, from: Month | null, to: Month, months: number, } | { "code": "ratio_applied", agreement: string, ratio: number, before: number, after: number, } | { "code": "cap_applied", agreement: string, cap: number, excluded: number, } | { "code": "local_minimum", kind: Kind, required: number, local: number, met: boolean, } | { "code": "not_current", kind: Kind, month: Month, } | { "code": "requirement_met", kind: Kind, counted: number, required: number, } | { "code": "count_reached", kind: Kind, counted: number, required: number, } | { "code": "assumption_relied", kind: Kind, assumed: Part, } | { "code": "pilot_continuing", agreement: string, pilot_until: DateString, } | { "code": "pilot_ends_before", agreement: string, pilot_until: DateString, } | { "code": "projected_under", effective_from: DateString, } | { "code": "requirement_missing", kind: Kind, counted: number, required: number, missing: number, } | { "code": "projected", eligible_from: Month, what_if: boolean, } | { "code": "no_projection", reason: NoProjection, } | { "code": "records_overlap", kind: Kind, city: string, from: Month, to: Month, months: number, runs: number, with: Array<string>, records: Array<number>, } | { "code": "no_rules_for", city: string, };
export type CityMonths = { city: string, months: number, agreement: string, };
export type ElsewhereMonths = { city: string, months: number, };
export type RequirementReport = { kind: Kind, counting: Counting, required_months: number, 
/**
 * Months counted toward the requirement (local + recognised partner months).
 */
counted_months: number, 
/**
 * Of those, months in the city itself.
 */
local_months: number, 
/**
 * Of those, months recognised from partner cities, after each
 * agreement's ratio and cap (`counted_months - local_months`).
 */
partner_months: number, min_local_months: number, 
/**
 * Months in each partner city that an agreement recognises, before the
 * agreement's ratio and cap (see the `ratio_applied` / `cap_applied` steps).
 */
from_cities: Array<CityMonths>, met: boolean, 
/**
 * Months still missing (0 when the count is reached; the local minimum
 * may still be short, see `local_missing_months`).
 */
missing_months: number, local_missing_months: number, 
/**
 * The last month counted (the cut-off).
 */
cutoff: Month, cutoff_rule: Cutoff, 
/**
 * Continuous counting: first month of the streak that ends at the cut-off.
 */
streak_start: Month | null, back_paid: BackPaid, back_paid_counted: number, 
/**
 * Back-paid months not counted (by the rule, or over its cap).
 */
back_paid_excluded: number, eligible_from: Month | null, no_projection: NoProjection | null, };
export type AgreementUse = { agreement: string, name_zh: string, name_en: string, effective_from: DateString, sources: Array<Source>, confidence: Confidence, verified_on: DateString, 
/**
 * The parts of the agreement's mechanics that are assumptions.
 */
assumed: Array<AgreementPart>, assumptions: Array<Text>, };
export type PointsUnit = "month" | "year";
export type RecognitionScope = "points_settlement" | "unstated";
export type PointsScope = "year_based_only";
export type Clause = { quote: string, location: string, 
/**
 * The position of the source in the version's `sources` (0: the
 * first). Past scores and components name their version's sources.
 */
source: number, };
export type PointsRange = { code: string, zh: string, en: string, min: number, max: number, confidence: Confidence, clause: Clause, };
export type PastScore = { 
/**
 * The year the score is for.
 */
year: number, score: number, 
/**
 * What the score is (urban area, lowest admitted…).
 */
label: Text, source: Source, confidence: Confidence, };
export type PointsCityMonths = { city: string, months: number, scope: RecognitionScope, };
export type PointsComponentReport = { kind: Kind, per: PointsUnit, points_per_unit: number, counting: Counting, back_paid: BackPaid, 
/**
 * Months before this one do not score.
 */
counted_from: Month | null, 
/**
 * Months are scored up to this month (the evaluation month).
 */
cutoff: Month, 
/**
 * Continuous: the first month of the streak scored.
 */
streak_start: Month | null, 
/**
 * Months scored: local plus recognised cities'.
 */
months: number, local_months: number, 
/**
 * Months in recognised cities, and for what they score.
 */
from_cities: Array<PointsCityMonths>, 
/**
 * Back-paid months not scored (by the rule).
 */
back_paid_excluded: number, 
/**
 * Full units: `months` ÷ the unit, rounded down (每满…).
 */
units: number, 
/**
 * Months that do not make a full unit, so score nothing.
 */
remainder_months: number, 
/**
 * `units` × `points_per_unit`, before the cap.
 */
uncapped: number, cap: number | null, 
/**
 * The cap lowered the points.
 */
capped: boolean, points: number, confidence: Confidence, clause: Clause, };
export type PointsReport = { scope: PointsScope, 
/**
 * The partial score: the components, plus each range's `min` / `max`.
 */
partial_min: number, partial_max: number, 
/**
 * The score that admits, if the route has one.
 */
needed: number | null, 
/**
 * Applicants are ranked against a quota.
 */
quota: boolean, 
/**
 * With `needed`: points still to come from other indicators, at least
 * (`needed - partial_max`) and at most (`needed - partial_min`), not
 * below 0.
 */
still_needed_min: number | null, still_needed_max: number | null, components: Array<PointsComponentReport>, 
/**
 * Indicators that depend on facts not entered, with their ranges.
 */
ranges: Array<PointsRange>, not_assessed: Array<Condition>, 
/**
 * Past scores, as context only.
 */
context: Array<PastScore>, };
export type RouteReport = { route: string, name_zh: string, name_en: string, basis: Basis, status: Status, 
/**
 * The unverified parts the verdict rests on, weakest first.
 */
weak: Array<WeakPart>, 
/**
 * Agreements past their pilot's end whose months the verdict (or, when
 * not met, the projection) relies on.
 */
pilot_ended: Array<PilotEnd>, 
/**
 * Why the status is `unknown` or `not_applicable`.
 */
reason: RouteReason | null, requirements: Array<RequirementReport>, 
/**
 * When not met: the first month every requirement would be met if the
 * ongoing periods (or the what-if) continue. Null when met, or when it
 * cannot be projected (see `no_projection`).
 */
eligible_from: Month | null, 
/**
 * The `effective_from` of the route's version in force at
 * `eligible_from`: each projected month is tried with the rules in
 * force then, known future versions included.
 */
eligible_from_rule: DateString | null, 
/**
 * Why there is no projection.
 */
no_projection: NoProjection | null, 
/**
 * The route is only for hukou holders of these cities (ids), and no
 * hukou city was given: a condition not checked, listed first.
 */
hukou_unchecked: Array<string> | null, 
/**
 * Other conditions of the route, from the rules, not checked.
 */
unchecked: Array<Condition>, assumptions: Array<Text>, 
/**
 * The rule version used.
 */
effective_from: DateString | null, effective_until: DateString | null, 
/**
 * The rule version's sources, the main one first (empty without a
 * version).
 */
sources: Array<Source>, 
/**
 * Status `unknown` because the version's thresholds are not known: why,
 * and what would settle it.
 */
unknown: Unknown | null, 
/**
 * The weakest confidence among the rule version and every agreement the
 * counted months relied on.
 */
confidence: Confidence | null, 
/**
 * The rule version's own confidence.
 */
rule_confidence: Confidence | null, verified_on: DateString | null, 
/**
 * Agreements whose months were counted.
 */
agreements: Array<AgreementUse>, explanation: Array<Step>, 
/**
 * Points routes: the year-based part of the score only. Null when the
 * rule version scores nothing.
 */
points: PointsReport | null, };
export type CityReport = { city: string, code: string, name_zh: string, name_en: string, province_zh: string, province_en: string, 
/**
 * Ids of the regions the city belongs to.
 */
regions: Array<string>, 
/**
 * What the city answers: its routes, that no rules are encoded for it,
 * or that the person's hukou is already here.
 */
status: CityStatus, 
/**
 * Agreements in force under which other cities count this city's
 * months (ids): what is known of a city without rules.
 */
counted_by: Array<string>, 
/**
 * Empty unless `status` is `rules`.
 */
routes: Array<RouteReport>, };
export type WhatIfReport = { city: string, from: Month, kinds: Array<Kind>, };
export type Report = { as_of: DateString, 
/**
 * The month the history is evaluated at (ongoing periods run to it).
 */
evaluation_month: Month, rules_version: string, 
/**
 * The what-if the projections assume, if one was given.
 */
what_if: WhatIfReport | null, 
/**
 * Notes about the history itself (overlapping records, cities without rules).
 */
history_notes: Array<Step>, cities: Array<CityReport>, };

/** What `Checker.check` returns. */
export type CheckResult = { ok: true, report: Report } | { ok: false, errors: Array<ErrorView> };
/** What the `Checker` constructor throws: the first error, and all of them. */
export type RulesError = ErrorView & { errors: Array<ErrorView> };
/** `Checker.agreements()`: every agreement's id and names. */
export type AgreementName = { id: string, name_zh: string, name_en: string };
/** The history file format (version 1), as the page writes it. */
export type History = HistoryInput;
