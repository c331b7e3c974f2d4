//! The rules data model: what `rules/` holds, exactly as it is written there.
//!
//! Every struct refuses unknown keys, every date is typed, and every rule
//! version and agreement version carries its source, confidence and the date it
//! was last verified. [`super::validate`] checks the relations between files.

use serde::{Deserialize, Serialize};

use crate::month::{Date, Month};

/// The two kinds of years the reform carries between cities.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS, schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// 城镇职工社会保险缴纳 (urban-employee social-insurance contributions).
    SocialInsurance,
    /// 居住登记 / 居住证 (registered residence, residence permit held).
    Residence,
}

impl Kind {
    pub const ALL: [Kind; 2] = [Kind::SocialInsurance, Kind::Residence];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::SocialInsurance => "social_insurance",
            Kind::Residence => "residence",
        }
    }

    pub fn parse(text: &str) -> Option<Kind> {
        match text {
            "social_insurance" => Some(Kind::SocialInsurance),
            "residence" => Some(Kind::Residence),
            _ => None,
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

/// How well a fact is sourced (see `rules/README.md`, "Confidence").
/// Ordered from weakest to strongest so that `min` gives the weakest link.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS, schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    /// Not found in a source that could be read: an assumption, shown as such.
    Unverified,
    /// A third party (aggregator, translation, calculator) quoting the rule.
    ThirdParty,
    /// Mainstream news reporting the rule.
    News,
    /// The official text, or an official translation on a government site.
    Official,
}

/// Text in both page languages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS, schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Text {
    pub zh: String,
    pub en: String,
}

/// What kind of text a source is: the page says it in plain words, so that a
/// third-party summary is never mistaken for the document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS, schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum SourceNature {
    /// The document as its issuer publishes it.
    Official,
    /// The document's own text (or data), republished by someone else: a
    /// mirror, a translation, a dataset.
    OfficialCopy,
    /// A news report about the document.
    NewsReport,
    /// A third party's summary in its own words (an aggregator, a lawyer's
    /// page, a calculator): not the document.
    ThirdPartySummary,
}

/// Where a rule comes from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS, schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub title: String,
    pub issuer: String,
    /// What was read: the document, a copy, a report or a summary.
    pub nature: SourceNature,
    /// 文号, e.g. 沪人社规〔2020〕1号; null where the document has none or it is unknown.
    #[serde(default)]
    pub document_number: Option<String>,
    /// Null only when no copy of the document could be located.
    #[serde(default)]
    pub url: Option<String>,
    pub published: Date,
}

// --- gazetteer.json -----------------------------------------------------------

/// `rules/gazetteer.json`: every city a history may name, and the regions.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS, schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Gazetteer {
    /// Where the division codes come from.
    pub codes_source: Source,
    pub cities: Vec<CityEntry>,
    pub regions: Vec<Region>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS, schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CityEntry {
    /// Lowercase pinyin, no spaces: `nanjing`.
    pub id: String,
    /// GB/T 2260 six-digit division code: `320100`.
    pub code: String,
    /// Other codes accepted for the same city (e.g. 110100 for 110000).
    #[serde(default)]
    pub code_aliases: Vec<String>,
    pub name_zh: String,
    pub name_en: String,
    pub province_zh: String,
    pub province_en: String,
}

/// A group of cities shown together: a pilot region of the 2025 reform, or
/// another grouping.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS, schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Region {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    /// One of the ten regions approved for the 2025 pilot.
    pub pilot: bool,
    pub members: Vec<String>,
    /// Members whose membership no source states (an assumption, shown as
    /// such); a subset of `members`. May be left out when there are none.
    #[serde(default)]
    #[cfg_attr(test, ts(as = "Option<Vec<String>>", optional))]
    pub unsourced_members: Vec<String>,
    pub source: Source,
    pub confidence: Confidence,
    pub verified_on: Date,
}

// --- cities/<id>.json ---------------------------------------------------------

/// `rules/cities/<id>.json`: the ways to settle in one city.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS, schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CityRules {
    /// The gazetteer id; must equal the file name.
    pub city: String,
    pub routes: Vec<Route>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS, schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Route {
    /// Unique within the city: `points`, `outer_districts`, `open`.
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    /// What the route asks for: year thresholds, points, a home, or nothing
    /// about years.
    pub basis: Basis,
    /// Only applicants whose hukou is already in one of these cities may use the
    /// route (长株潭 three-city transfer). Null: anyone.
    #[serde(default)]
    pub hukou_in: Option<Vec<String>>,
    /// Sorted by `effective_from`, not overlapping.
    pub versions: Vec<RouteVersion>,
}

/// What a route asks for. Routes whose conditions are not about years
/// (a home, a stable job or residence in an open city) are shown apart from
/// the year verdicts, with their conditions, sources and dates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS, schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// Year thresholds (居住年限, 社保缴纳年限): at least one requirement.
    Years,
    /// A points system (积分落户); its year conditions, if any, are
    /// requirements.
    Points,
    /// Owning a home in the city (购房落户): no year requirement.
    HomeOwnership,
    /// A stable job or residence is enough (an open city): no year
    /// requirement.
    Open,
}

impl Basis {
    /// Whether the route's conditions are about something other than years.
    pub fn year_free(self) -> bool {
        matches!(self, Basis::HomeOwnership | Basis::Open)
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS, schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RouteVersion {
    pub effective_from: Date,
    /// Last day in force; null: still in force.
    #[serde(default)]
    pub effective_until: Option<Date>,
    /// What the version rests on, the main source first; clauses name one by
    /// its position here.
    pub sources: Vec<Source>,
    pub confidence: Confidence,
    pub verified_on: Date,
    /// The route exists but its year thresholds are not known: no verdict,
    /// only the reason and the document that would settle it. Requirements
    /// and points are then empty.
    #[serde(default)]
    pub unknown: Option<Unknown>,
    /// Empty for routes whose basis is not about years (`no_threshold`) and
    /// for versions whose thresholds are `unknown`.
    pub requirements: Vec<Requirement>,
    /// Conditions the checker does not evaluate; every result lists them.
    #[serde(default)]
    pub unchecked: Vec<Condition>,
    /// What had to be assumed to encode this version, shown with every result.
    #[serde(default)]
    pub assumptions: Vec<Text>,
    /// Points routes (积分落户): the year-based parts of the score, where
    /// sourced. Null: the score is not computed at all.
    #[serde(default)]
    pub points: Option<Points>,
    /// What the sources leave open, as questions a document would answer.
    #[serde(default)]
    pub open_questions: Vec<Text>,
}

/// Why a route's thresholds are not known, and what would settle them.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS, schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Unknown {
    pub reason: Text,
    /// The document (or office) whose text would settle it.
    pub settled_by: Text,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS, schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Condition {
    pub code: String,
    pub zh: String,
    pub en: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS, schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Counting {
    /// Every counted month adds up, whatever the gaps (上海 "累计").
    Cumulative,
    /// Only the streak that ends at the cut-off counts (北京 "连续").
    Continuous,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS, schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum BackPaid {
    /// Back-paid months count like any other (up to the cap).
    Counted,
    /// Back-paid months do not count, but keep a continuous streak alive.
    NotCounted,
    /// Back-paid months are treated as missing months.
    BreaksStreak,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS, schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Recognition {
    /// Only months in this city count.
    LocalOnly,
    /// Months from partner cities count through agreements in force.
    Agreements,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS, schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Cutoff {
    /// Months up to and including the evaluation month.
    EvaluationMonth,
    /// Months up to December of the year before the evaluation date.
    EndOfPreviousYear,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS, schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Requirement {
    pub kind: Kind,
    pub months: u32,
    pub counting: Counting,
    /// Continuous only: the longest gap (months) that does not end the streak.
    /// Gap months are never counted.
    #[serde(default)]
    pub gap_tolerance_months: u32,
    pub back_paid: BackPaid,
    /// At most this many back-paid months are accepted; further back-paid
    /// months are treated as missing. Null: no cap.
    #[serde(default)]
    pub back_paid_cap_months: Option<u32>,
    pub recognition: Recognition,
    /// With `agreements`: months that must be local, in the counted window.
    #[serde(default)]
    pub min_local_months: u32,
    pub cutoff: Cutoff,
    /// The cut-off month itself must be covered locally (contributions current).
    #[serde(default)]
    pub must_be_current: bool,
    /// Months count only while the same city also has this kind on record
    /// (上海: social insurance "while holding the Residence Permit").
    #[serde(default)]
    pub only_while_holding: Option<Kind>,
    /// Parts of this requirement that no source states: assumptions, each
    /// explained in the version's `assumptions`. A verdict that depends on
    /// one says so in its headline.
    #[serde(default)]
    pub assumed: Vec<Part>,
    /// The clause the requirement encodes. Required unless `months` is
    /// assumed (then the assumptions say why there is none).
    #[serde(default)]
    pub clause: Option<Clause>,
}

/// A part of a requirement, as named in `assumed`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS, schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Part {
    /// The number of months.
    Months,
    /// Continuous or cumulative, and the gap tolerance.
    Counting,
    /// How back-paid months count.
    BackPaid,
    /// Whether months in partner cities count at all.
    Recognition,
    /// How many months must be local (including none).
    LocalMinimum,
    /// Whether the cut-off month must be covered locally.
    Current,
    /// The month counting stops at.
    Cutoff,
}

// --- points (积分落户) ----------------------------------------------------------

/// The year-based parts of a points route's score: what the history scores,
/// what depends on facts it does not hold, what is not assessed, and past
/// scores as context. Never the whole score.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS, schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Points {
    /// The score that admits (杭州: 100). Null: no fixed score.
    #[serde(default)]
    pub needed: Option<u32>,
    /// Applicants are ranked against a quota (苏州 入户指标, 成都 年度指标).
    #[serde(default)]
    pub quota: bool,
    /// Indicators scored from the history's months.
    #[serde(default)]
    pub components: Vec<PointsComponent>,
    /// Indicators that depend on something the history does not hold: each
    /// adds a range (`min`…`max`) to the partial score.
    #[serde(default)]
    pub depends_on: Vec<PointsRange>,
    /// Indicators not assessed at all (age, education, housing fund…).
    #[serde(default)]
    pub not_assessed: Vec<Condition>,
    /// Past cut-off or settlement scores: context, never a prediction.
    #[serde(default)]
    pub context: Vec<PastScore>,
}

/// 每满1个月 / 每满1年: the unit a component scores per full unit of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS, schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum PointsUnit {
    Month,
    Year,
}

impl PointsUnit {
    /// Months in one unit.
    pub fn months(self) -> u32 {
        match self {
            PointsUnit::Month => 1,
            PointsUnit::Year => 12,
        }
    }
}

/// One year-based indicator: points per full unit of months of one kind.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS, schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PointsComponent {
    pub kind: Kind,
    /// Points are given per full unit: months ÷ unit, rounded down.
    pub per: PointsUnit,
    /// Points per full unit (≥ 1).
    pub points: u32,
    /// `cumulative`: every month scores; `continuous`: only the unbroken
    /// streak that ends at the evaluation month.
    pub counting: Counting,
    pub back_paid: BackPaid,
    /// At most this many points. Null: no cap (or none stated).
    #[serde(default)]
    pub cap: Option<u32>,
    /// Months before this one do not score (苏州 residence: 2011-04).
    #[serde(default)]
    pub counted_from: Option<Month>,
    /// Other cities whose months score at the same value as the city's own.
    #[serde(default)]
    pub recognised: Vec<RecognisedCity>,
    pub confidence: Confidence,
    pub clause: Clause,
}

/// A city whose months a component scores like local months.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS, schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RecognisedCity {
    pub city: String,
    pub scope: RecognitionScope,
}

/// For what the recognised months score.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS, schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum RecognitionScope {
    /// For points settlement only (苏州: "其中南京市的加分仅限积分落户"), not
    /// for other uses of the same points (school entry…).
    PointsSettlement,
    /// The text does not limit it.
    Unstated,
}

/// The clause a value rests on: a short quote in the original language, and
/// where it is.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS, schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Clause {
    pub quote: String,
    pub location: String,
    /// The position of the source in the version's `sources` (0: the
    /// first). Past scores and components name their version's sources.
    #[serde(default)]
    pub source: u32,
}

/// An indicator that depends on a fact the history does not hold (an owned
/// home): between `min` and `max` points.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS, schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PointsRange {
    pub code: String,
    pub zh: String,
    pub en: String,
    pub min: u32,
    pub max: u32,
    pub confidence: Confidence,
    pub clause: Clause,
}

/// A past cut-off or settlement score, as context only.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS, schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PastScore {
    /// The year the score is for.
    pub year: u32,
    pub score: f64,
    /// What the score is (urban area, lowest admitted…).
    pub label: Text,
    pub source: Source,
    pub confidence: Confidence,
}

// --- agreements/<id>.json -----------------------------------------------------

/// `rules/agreements/<id>.json`: a cumulative mutual-recognition (累计互认)
/// arrangement.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS, schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Agreement {
    /// Must equal the file name.
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    pub versions: Vec<AgreementVersion>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS, schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AgreementVersion {
    pub effective_from: Date,
    #[serde(default)]
    pub effective_until: Option<Date>,
    /// The last day of the pilot the agreement belongs to, as reported
    /// ("试点期两年"), where what follows is not known: months recognised
    /// after it still count, and every verdict or projection that relies on
    /// them says that it depends on the pilot continuing. Null: no announced
    /// end.
    #[serde(default)]
    pub pilot_until: Option<Date>,
    /// Cities that count partner months (for mutual recognition, the same list
    /// as `partners`).
    pub recognising: Vec<String>,
    /// Cities whose months are counted.
    pub partners: Vec<String>,
    pub kinds: Vec<Kind>,
    /// The earliest partner month that counts.
    pub partner_months_from: PartnerStart,
    /// At most this many partner months count. Null: no cap.
    #[serde(default)]
    pub cap_months: Option<u32>,
    /// Partner months are multiplied by this and rounded down (1 = full
    /// equivalence).
    pub ratio: f64,
    pub sources: Vec<Source>,
    pub confidence: Confidence,
    pub verified_on: Date,
    /// The mechanics no source states, encoded as assumptions: the page
    /// marks each of these parts as assumed.
    #[serde(default)]
    pub assumed: Vec<AgreementPart>,
    #[serde(default)]
    pub assumptions: Vec<Text>,
    #[serde(default)]
    pub open_questions: Vec<Text>,
}

/// A part of an agreement's mechanics, as named in `assumed`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS, schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum AgreementPart {
    /// `effective_from`: when recognition starts.
    Start,
    /// `partner_months_from`: which past partner months count.
    PartnerStart,
    /// `kinds`: which years are recognised.
    Kinds,
    /// `cap_months`.
    Cap,
    /// `ratio`: the conversion.
    Ratio,
    /// Which routes of the recognising cities accept the months.
    Scope,
    /// How many months must still be local (the recognising cities' rules).
    LocalMinimum,
    /// `pilot_until`: when the pilot ends.
    End,
}

/// `"any"`, `"unknown"` or a month `"YYYY-MM"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(test, derive(ts_rs::TS), ts(type = "\"any\" | \"unknown\" | string"))]
pub enum PartnerStart {
    /// The text says all partner history counts.
    Any,
    /// The text does not say: all partner history is counted and every result
    /// that uses it says so.
    Unknown,
    From(Month),
}

#[cfg(test)]
impl schemars::JsonSchema for PartnerStart {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "PartnerStart".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^(any|unknown|[0-9]{4}-(0[1-9]|1[0-2]))$",
            "description": "\"any\": the text says all partner history counts; \"unknown\": it does not say (all is counted, and results say so); or the first month that counts, YYYY-MM."
        })
    }
}

impl Serialize for PartnerStart {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            PartnerStart::Any => serializer.serialize_str("any"),
            PartnerStart::Unknown => serializer.serialize_str("unknown"),
            PartnerStart::From(month) => month.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for PartnerStart {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        match text.as_str() {
            "any" => Ok(PartnerStart::Any),
            "unknown" => Ok(PartnerStart::Unknown),
            other => Month::parse(other).map(PartnerStart::From).ok_or_else(|| {
                serde::de::Error::custom(format!(
                    "{} is not \"any\", \"unknown\" or a month (YYYY-MM)",
                    crate::error::quoted(other)
                ))
            }),
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS, schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Doc<T> {
    pub file: String,
    pub doc: T,
}
