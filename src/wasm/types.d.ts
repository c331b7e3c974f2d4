/** A month `YYYY-MM`. */
export type Month = string;
/** A date `YYYY-MM-DD`. */
export type DateString = string;
export type Kind = "social_insurance" | "residence";
export type Confidence = "unverified" | "third_party" | "news" | "official";
export type Status = "eligible" | "not_yet" | "no_threshold" | "unknown" | "not_applicable";
export type Counting = "cumulative" | "continuous";
export type BackPaidRule = "counted" | "not_counted" | "breaks_streak";
export type CutoffRule = "evaluation_month" | "end_of_previous_year";
export type NoProjection = "nothing_ongoing" | "local_minimum" | "not_current" | "cap_reached" | "beyond_horizon" | "no_rule";
export type PartnerExclusion = "local_only" | "no_agreement" | "kind_not_covered" | "before_start";
export type ErrorKind = "malformed" | "bad_month" | "reversed_period" | "future_month" | "unknown_city"
  | "unknown_kind" | "back_paid_ongoing" | "too_many_periods" | "unsupported_version" | "bad_option" | "invalid_rules";

/** The history file format (version 1). */
export interface History {
  version?: 1;
  /** City id (`nanjing`) or GB/T 2260 code (`320100`) of the current hukou. */
  hukou_city?: string | null;
  periods: Period[];
}
export interface Period {
  city: string;
  kind: Kind;
  from: Month;
  /** Null or absent: ongoing (至今). */
  to?: Month | null;
  back_paid?: boolean;
  note?: string | null;
}

export interface CheckOptions {
  /** "Today", from the page: `YYYY-MM-DD`. */
  as_of: DateString;
  /** City ids or codes to report; empty or absent: every city with rules. */
  cities?: string[];
  /** "If I keep contributing in `city` from `from`". */
  what_if?: { city: string; from: Month; kinds?: Kind[] | null } | null;
}

/** `path` names the field: `periods[2].to`, `hukou_city`, `options.as_of`; "" for the whole value. */
export interface InputError { kind: ErrorKind; path: string; message: string; file?: string }
/** What the constructor throws. */
export interface RulesError extends InputError { file: string | null; errors: InputError[] }

export type CheckResult = { ok: true; report: Report } | { ok: false; errors: InputError[] };

export interface Source { title: string; issuer: string; document_number: string | null; url: string | null; published: DateString }
export interface Text { zh: string; en: string }
export interface Condition { code: string; zh: string; en: string }

export interface Report {
  as_of: DateString;
  evaluation_month: Month;
  rules_version: string;
  what_if: { city: string; from: Month; kinds: Kind[] } | null;
  history_notes: Step[];
  cities: CityReport[];
}
export interface CityReport {
  city: string; code: string; name_zh: string; name_en: string;
  province_zh: string; province_en: string; regions: string[];
  routes: RouteReport[];
}
export interface RouteReport {
  route: string; name_zh: string; name_en: string;
  status: Status;
  reason: string | null;
  requirements: RequirementReport[];
  eligible_from: Month | null;
  no_projection: NoProjection | null;
  unchecked: Condition[];
  assumptions: Text[];
  effective_from: DateString | null;
  effective_until: DateString | null;
  source: Source | null;
  confidence: Confidence | null;
  rule_confidence: Confidence | null;
  verified_on: DateString | null;
  agreements: AgreementUse[];
  explanation: Step[];
}
export interface AgreementUse {
  agreement: string; name_zh: string; name_en: string;
  effective_from: DateString; source: Source; confidence: Confidence;
  verified_on: DateString; assumptions: Text[];
}
export interface RequirementReport {
  kind: Kind; counting: Counting;
  required_months: number; counted_months: number; local_months: number; partner_months: number; min_local_months: number;
  /** Partner months per city before each agreement's ratio and cap. */
  from_cities: { city: string; months: number; agreement: string }[];
  met: boolean; missing_months: number; local_missing_months: number;
  cutoff: Month; cutoff_rule: CutoffRule; streak_start: Month | null;
  back_paid: BackPaidRule; back_paid_counted: number; back_paid_excluded: number;
  eligible_from: Month | null; no_projection: NoProjection | null;
}
/** One explanation step: a `code` and its parameters (see `src/report.rs`). */
export type Step =
  | { code: "rule_version"; effective_from: DateString; effective_until: DateString | null; source_title: string; document_number: string | null; confidence: Confidence; verified_on: DateString }
  | { code: "no_rule_in_force"; date: DateString; first_effective: DateString | null; last_until: DateString | null }
  | { code: "hukou_not_eligible"; hukou_city: string; allowed: string[] }
  | { code: "hukou_not_given"; allowed: string[] }
  | { code: "no_threshold" }
  | { code: "cutoff"; kind: Kind; month: Month; rule: CutoffRule }
  | { code: "local_months"; kind: Kind; city: string; months: number }
  | { code: "partner_months"; kind: Kind; city: string; agreement: string; months: number }
  | { code: "partner_excluded"; kind: Kind; city: string; months: number; reason: PartnerExclusion; agreement: string | null }
  | { code: "partner_start_unknown"; agreement: string }
  | { code: "overlap"; kind: Kind; months: number }
  | { code: "back_paid"; kind: Kind; rule: BackPaidRule; cap: number | null; counted: number; excluded: number }
  | { code: "not_while_holding"; kind: Kind; holding: Kind; months: number }
  | { code: "streak_break"; kind: Kind; gap_from: Month; gap_to: Month; gap_months: number; tolerance: number }
  | { code: "streak"; kind: Kind; from: Month | null; to: Month; months: number }
  | { code: "ratio_applied"; agreement: string; ratio: number; before: number; after: number }
  | { code: "cap_applied"; agreement: string; cap: number; excluded: number }
  | { code: "local_minimum"; kind: Kind; required: number; local: number; met: boolean }
  | { code: "not_current"; kind: Kind; month: Month }
  | { code: "requirement_met"; kind: Kind; counted: number; required: number }
  | { code: "requirement_missing"; kind: Kind; counted: number; required: number; missing: number }
  | { code: "projected"; eligible_from: Month; what_if: boolean }
  | { code: "no_projection"; reason: NoProjection }
  | { code: "expires_before"; what: string; effective_until: DateString }
  | { code: "records_overlap"; kind: Kind; first: number; second: number; from: Month; to: Month; months: number }
  | { code: "no_rules_for"; city: string };

/** The gazetteer of the rules (`rules/gazetteer.json`). */
export interface Gazetteer {
  codes_source: Source;
  cities: { id: string; code: string; code_aliases: string[]; name_zh: string; name_en: string; province_zh: string; province_en: string }[];
  regions: { id: string; name_zh: string; name_en: string; pilot: boolean; members: string[]; source: Source; confidence: Confidence; verified_on: DateString }[];
}
export interface AgreementName { id: string; name_zh: string; name_en: string }
