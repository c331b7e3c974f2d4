//! Cross-file validation of a rules directory: every problem is reported, each
//! with its file and field path. Within one file a structural problem (an
//! unknown key, a value of the wrong type) stops the reading of that file,
//! since nothing after it can be trusted; the other files are still read and
//! checked.

use std::collections::BTreeSet;

use crate::error::{InputError, Needed, Owner, RulesProblem, RulesProblem as P};
use crate::month::Date;
use crate::rules::index::{short_name_zh, CityIdx, Names};
use crate::rules::model::{
    Agreement, Basis, CityRules, Clause, Counting, Doc, Gazetteer, Part, Points, Recognition,
    Requirement, Route, RouteVersion, Source,
};
use crate::rules::RuleSet;

impl RuleSet {
    /// Reads a rules directory given as `(relative path, text)` pairs:
    /// `gazetteer.json`, `cities/<id>.json`, `agreements/<id>.json`.
    pub fn from_texts(files: &[(String, String)]) -> Result<RuleSet, Vec<InputError>> {
        let mut errors = Vec::new();
        let mut gazetteer = None;
        let mut cities = Vec::new();
        let mut agreements = Vec::new();
        let mut sorted: Vec<&(String, String)> = files.iter().collect();
        sorted.sort_by(|a, b| a.0.cmp(&b.0));
        for (path, text) in sorted.iter().map(|f| (&f.0, &f.1)) {
            if path == "gazetteer.json" {
                if let Some(doc) = parse(path, text, &mut errors) {
                    gazetteer = Some(Doc {
                        file: path.clone(),
                        doc,
                    });
                }
            } else if in_folder(path, "cities") {
                if let Some(doc) = parse(path, text, &mut errors) {
                    cities.push(Doc {
                        file: path.clone(),
                        doc,
                    });
                }
            } else if in_folder(path, "agreements") {
                if let Some(doc) = parse(path, text, &mut errors) {
                    agreements.push(Doc {
                        file: path.clone(),
                        doc,
                    });
                }
            } else {
                errors.push(InputError::rules("", P::NotARulesFile).in_file(path.as_str()));
            }
        }
        let Some(gazetteer) = gazetteer else {
            if !errors
                .iter()
                .any(|e| e.file.as_deref() == Some("gazetteer.json"))
            {
                errors.push(InputError::rules("", P::GazetteerMissing).in_file("gazetteer.json"));
            }
            return Err(errors);
        };
        let version = version_of(files, &gazetteer, &cities, &agreements);
        match RuleSet::build(version, gazetteer, cities, agreements) {
            Ok(set) if errors.is_empty() => Ok(set),
            Ok(_) => Err(errors),
            Err(more) => {
                errors.extend(more);
                Err(errors)
            }
        }
    }
}

fn in_folder(path: &str, folder: &str) -> bool {
    path.strip_prefix(folder)
        .and_then(|rest| rest.strip_prefix('/'))
        .is_some_and(|name| name.ends_with(".json") && !name.contains('/'))
}

fn parse<T: serde::de::DeserializeOwned>(
    path: &str,
    text: &str,
    errors: &mut Vec<InputError>,
) -> Option<T> {
    let de = &mut serde_json::Deserializer::from_str(text);
    match serde_path_to_error::deserialize(de) {
        Ok(doc) => Some(doc),
        Err(err) => {
            let (at, detail) = crate::error::from_serde(err.path(), err.inner());
            errors.push(InputError::rules(at, P::Structure { detail }).in_file(path));
            None
        }
    }
}

/// `<latest verified_on>.<FNV-1a of every file>`: changes whenever any file
/// changes, and says how fresh the data is.
fn version_of(
    files: &[(String, String)],
    gazetteer: &Doc<Gazetteer>,
    cities: &[Doc<CityRules>],
    agreements: &[Doc<Agreement>],
) -> String {
    let mut sorted: Vec<&(String, String)> = files.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for (path, text) in sorted.iter().map(|f| (&f.0, &f.1)) {
        for byte in path.bytes().chain([0]).chain(text.bytes()).chain([0]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    let latest = gazetteer
        .doc
        .regions
        .iter()
        .map(|r| r.verified_on)
        .chain(cities.iter().flat_map(|c| {
            c.doc
                .routes
                .iter()
                .flat_map(|r| r.versions.iter().map(|v| v.verified_on))
        }))
        .chain(
            agreements
                .iter()
                .flat_map(|a| a.doc.versions.iter().map(|v| v.verified_on)),
        )
        .max();
    match latest {
        Some(date) => format!("{date}.{:08x}", hash as u32),
        None => format!("{:08x}", hash as u32),
    }
}

/// Collects errors for one file.
pub(crate) struct Errors<'a> {
    file: &'a str,
    out: &'a mut Vec<InputError>,
}

impl<'a> Errors<'a> {
    pub(crate) fn new(file: &'a str, out: &'a mut Vec<InputError>) -> Self {
        Errors { file, out }
    }

    pub(crate) fn push(&mut self, path: impl Into<String>, problem: RulesProblem) {
        self.out
            .push(InputError::rules(path, problem).in_file(self.file));
    }
}

fn taken(value: &str, by: Owner) -> RulesProblem {
    P::Taken {
        value: value.to_string(),
        by,
    }
}

fn needs(what: Needed) -> RulesProblem {
    P::Needs { what }
}

fn not_in_gazetteer(value: &str) -> RulesProblem {
    P::NotInGazetteer {
        value: value.to_string(),
    }
}

/// Lowercase ASCII letters only, as the history format promises.
pub(crate) fn is_id(id: &str) -> bool {
    !id.is_empty() && id.bytes().all(|b| b.is_ascii_lowercase())
}

fn is_code(code: &str) -> bool {
    code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit())
}

pub(crate) fn check_gazetteer(doc: &Doc<Gazetteer>, errors: &mut Vec<InputError>) -> Names {
    let mut e = Errors::new(&doc.file, errors);
    let g = &doc.doc;
    check_source(&g.codes_source, "codes_source", &mut e);
    let mut by_name = Names::default();
    for (i, city) in g.cities.iter().enumerate() {
        let at = |field: &str| format!("cities[{i}].{field}");
        if !is_id(&city.id) {
            e.push(
                at("id"),
                P::NotAnId {
                    value: city.id.clone(),
                },
            );
        }
        for (j, code) in std::iter::once(&city.code)
            .chain(&city.code_aliases)
            .enumerate()
        {
            let field = if j == 0 {
                at("code")
            } else {
                at(&format!("code_aliases[{}]", j - 1))
            };
            if !is_code(code) {
                e.push(
                    field,
                    P::NotACode {
                        value: code.clone(),
                    },
                );
            } else if by_name.insert(code.clone(), CityIdx::new(i)).is_some() {
                e.push(field, taken(code, Owner::City));
            }
        }
        if by_name.insert(city.id.clone(), CityIdx::new(i)).is_some() {
            e.push(at("id"), taken(&city.id, Owner::City));
        }
        // A Chinese name, full or short, names one city only.
        let names_zh = std::iter::once(city.name_zh.as_str()).chain(short_name_zh(&city.name_zh));
        for name in names_zh.filter(|name| !name.trim().is_empty()) {
            if by_name.insert(name.to_string(), CityIdx::new(i)).is_some() {
                e.push(at("name_zh"), taken(name, Owner::City));
            }
        }
        for (field, value) in [
            ("name_zh", &city.name_zh),
            ("name_en", &city.name_en),
            ("province_zh", &city.province_zh),
            ("province_en", &city.province_en),
        ] {
            if value.trim().is_empty() {
                e.push(at(field), P::Empty);
            }
        }
    }
    check_regions(g, &mut e);
    by_name
}

fn check_regions(g: &Gazetteer, e: &mut Errors) {
    let mut region_ids = BTreeSet::new();
    for (i, region) in g.regions.iter().enumerate() {
        let at = |field: &str| format!("regions[{i}].{field}");
        if !region_ids.insert(region.id.as_str()) {
            e.push(at("id"), taken(&region.id, Owner::Region));
        }
        if region.members.is_empty() {
            e.push(at("members"), needs(Needed::RegionMember));
        }
        for (j, member) in region.members.iter().enumerate() {
            if !g.cities.iter().any(|c| &c.id == member) {
                e.push(at(&format!("members[{j}]")), not_in_gazetteer(member));
            }
        }
        for (j, member) in region.unsourced_members.iter().enumerate() {
            if !region.members.contains(member) {
                e.push(
                    at(&format!("unsourced_members[{j}]")),
                    P::NotAMember {
                        value: member.clone(),
                    },
                );
            }
        }
        check_source(&region.source, &at("source"), e);
        check_verified(region.verified_on, &region.source, &at("verified_on"), e);
    }
}

/// A document's id must name its file: `<folder>/<id>.json`.
pub(crate) fn check_file_name(file: &str, folder: &str, field: &str, id: &str, e: &mut Errors) {
    let expected = format!("{folder}/{id}.json");
    if file != expected && !file.ends_with(&format!("/{expected}")) {
        e.push(
            field,
            P::FileName {
                value: id.to_string(),
                expected,
            },
        );
    }
}

fn check_source(source: &Source, at: &str, e: &mut Errors) {
    if source.title.trim().is_empty() {
        e.push(format!("{at}.title"), needs(Needed::SourceTitle));
    }
    if source.issuer.trim().is_empty() {
        e.push(format!("{at}.issuer"), needs(Needed::SourceIssuer));
    }
    if let Some(url) = &source.url {
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            e.push(format!("{at}.url"), P::NotAUrl { value: url.clone() });
        }
    }
}

/// A version's sources: at least one, each complete, none published after
/// the version was verified.
fn check_sources(sources: &[Source], verified_on: Date, at: &str, e: &mut Errors) {
    if sources.is_empty() {
        e.push(format!("{at}.sources"), needs(Needed::Source));
    }
    for (i, source) in sources.iter().enumerate() {
        check_source(source, &format!("{at}.sources[{i}]"), e);
    }
    if let Some(latest) = sources.iter().max_by_key(|s| s.published) {
        check_verified(verified_on, latest, &format!("{at}.verified_on"), e);
    }
}

/// A clause's source must be one of the version's.
fn check_clause_source(clause: &Clause, sources: usize, at: &str, e: &mut Errors) {
    if clause.source as usize >= sources {
        e.push(
            format!("{at}.source"),
            P::NoSuchSource {
                index: clause.source,
                sources,
            },
        );
    }
}

fn check_verified(verified_on: Date, source: &Source, at: &str, e: &mut Errors) {
    if verified_on < source.published {
        e.push(
            at,
            P::VerifiedBeforePublished {
                verified_on,
                published: source.published,
            },
        );
    }
}

/// Versions sorted by `effective_from`, each ending before the next begins.
fn check_versions(
    spans: impl Iterator<Item = (Date, Option<Date>)>,
    at: &str,
    e: &mut Errors,
) -> usize {
    let mut previous: Option<(Date, Option<Date>)> = None;
    let mut count = 0;
    for (i, (from, until)) in spans.enumerate() {
        count += 1;
        if let Some(until) = until {
            if until < from {
                e.push(
                    format!("{at}[{i}].effective_until"),
                    P::EndsBeforeStart { from, until },
                );
            }
        }
        if let Some((prev_from, prev_until)) = previous {
            if from <= prev_from {
                e.push(
                    format!("{at}[{i}].effective_from"),
                    P::Unsorted {
                        from,
                        previous: prev_from,
                    },
                );
            } else {
                match prev_until {
                    None => e.push(
                        format!("{at}[{}].effective_until", i - 1),
                        P::OpenEndedOverlap { next: i, from },
                    ),
                    Some(previous_until) if previous_until >= from => e.push(
                        format!("{at}[{i}].effective_from"),
                        P::Overlaps {
                            from,
                            previous_until,
                        },
                    ),
                    Some(_) => {}
                }
            }
        }
        previous = Some((from, until));
    }
    count
}

pub(crate) fn check_city(
    rules: &CityRules,
    known: &dyn Fn(&str) -> Option<CityIdx>,
    e: &mut Errors,
) {
    if rules.routes.is_empty() {
        e.push("routes", needs(Needed::CityRoute));
    }
    let mut route_ids = BTreeSet::new();
    for (r, route) in rules.routes.iter().enumerate() {
        let at = format!("routes[{r}]");
        if !route_ids.insert(route.id.as_str()) {
            e.push(format!("{at}.id"), taken(&route.id, Owner::Route));
        }
        check_route(route, &at, known, e);
    }
}

fn check_route(route: &Route, at: &str, known: &dyn Fn(&str) -> Option<CityIdx>, e: &mut Errors) {
    let is_route_id =
        |id: &str| !id.is_empty() && id.bytes().all(|b| b.is_ascii_lowercase() || b == b'_');
    if !is_route_id(&route.id) {
        e.push(
            format!("{at}.id"),
            P::NotARouteId {
                value: route.id.clone(),
            },
        );
    }
    if let Some(cities) = &route.hukou_in {
        if cities.is_empty() {
            e.push(format!("{at}.hukou_in"), P::EmptyHukouIn);
        }
        for (i, city) in cities.iter().enumerate() {
            if known(city).is_none() {
                e.push(format!("{at}.hukou_in[{i}]"), not_in_gazetteer(city));
            }
        }
    }
    let spans = route
        .versions
        .iter()
        .map(|v| (v.effective_from, v.effective_until));
    if check_versions(spans, &format!("{at}.versions"), e) == 0 {
        e.push(format!("{at}.versions"), needs(Needed::RouteVersion));
    }
    for (v, version) in route.versions.iter().enumerate() {
        let at = format!("{at}.versions[{v}]");
        check_route_version(version, &at, e);
        let has_years = !version.requirements.is_empty();
        let fits = match route.basis {
            Basis::Years => has_years || version.unknown.is_some(),
            Basis::Points => true,
            Basis::HomeOwnership | Basis::Open => !has_years,
        };
        if !fits {
            e.push(
                format!("{at}.requirements"),
                P::BasisAndRequirements { basis: route.basis },
            );
        }
        if let Some(points) = &version.points {
            check_points(points, &format!("{at}.points"), known, e);
        }
    }
}

fn check_route_version(version: &RouteVersion, at: &str, e: &mut Errors) {
    check_sources(&version.sources, version.verified_on, at, e);
    if version.unknown.is_some() && (!version.requirements.is_empty() || version.points.is_some()) {
        e.push(format!("{at}.unknown"), P::UnknownWithThresholds);
    }
    let mut kinds = BTreeSet::new();
    for (q, req) in version.requirements.iter().enumerate() {
        let at = format!("{at}.requirements[{q}]");
        if !kinds.insert(req.kind) {
            e.push(format!("{at}.kind"), P::RequiredTwice { kind: req.kind });
        }
        check_requirement(req, &at, e);
        match &req.clause {
            Some(clause) => {
                let at = format!("{at}.clause");
                check_clause(clause, &at, e);
                check_clause_source(clause, version.sources.len(), &at, e);
            }
            None if !req.assumed.contains(&Part::Months) => {
                e.push(format!("{at}.clause"), needs(Needed::RequirementClause));
            }
            None => {}
        }
    }
    if let Some(points) = &version.points {
        let sources = version.sources.len();
        for (c, component) in points.components.iter().enumerate() {
            let at = format!("{at}.points.components[{c}].clause");
            check_clause_source(&component.clause, sources, &at, e);
        }
        for (c, range) in points.depends_on.iter().enumerate() {
            let at = format!("{at}.points.depends_on[{c}].clause");
            check_clause_source(&range.clause, sources, &at, e);
        }
    }
    let mut codes = BTreeSet::new();
    for (c, condition) in version.unchecked.iter().enumerate() {
        if !codes.insert(condition.code.as_str()) {
            e.push(
                format!("{at}.unchecked[{c}].code"),
                P::ListedTwice {
                    value: condition.code.clone(),
                },
            );
        }
    }
}

fn check_requirement(req: &Requirement, at: &str, e: &mut Errors) {
    if req.months == 0 {
        e.push(format!("{at}.months"), P::ZeroMonths);
    }
    if req.counting == Counting::Cumulative && req.gap_tolerance_months > 0 {
        e.push(format!("{at}.gap_tolerance_months"), P::GapsInCumulative);
    }
    if req.recognition == Recognition::LocalOnly && req.min_local_months > 0 {
        e.push(
            format!("{at}.min_local_months"),
            P::LocalMinimumWithLocalOnly,
        );
    }
    if req.min_local_months > req.months {
        e.push(
            format!("{at}.min_local_months"),
            P::LocalMinimumExceeds {
                local: req.min_local_months,
                required: req.months,
            },
        );
    }
    if req.only_while_holding == Some(req.kind) {
        e.push(format!("{at}.only_while_holding"), P::DependsOnItself);
    }
    let unique: BTreeSet<_> = req.assumed.iter().collect();
    if unique.len() != req.assumed.len() {
        e.push(format!("{at}.assumed"), P::PartListedTwice);
    }
}

/// A points block: how it admits, each component, range and past score.
fn check_points(
    points: &Points,
    at: &str,
    known: &dyn Fn(&str) -> Option<CityIdx>,
    e: &mut Errors,
) {
    if points.needed.is_none() && !points.quota {
        e.push(at, P::NoAdmission);
    }
    if points.needed == Some(0) {
        e.push(format!("{at}.needed"), P::ZeroPoints);
    }
    let mut kinds = BTreeSet::new();
    for (i, c) in points.components.iter().enumerate() {
        let at = format!("{at}.components[{i}]");
        if !kinds.insert(c.kind) {
            e.push(format!("{at}.kind"), P::ScoredTwice { kind: c.kind });
        }
        if c.points == 0 {
            e.push(format!("{at}.points"), P::ZeroPoints);
        }
        if c.cap == Some(0) {
            e.push(format!("{at}.cap"), P::ZeroPoints);
        }
        let mut seen = BTreeSet::new();
        for (r, city) in c.recognised.iter().enumerate() {
            let at = format!("{at}.recognised[{r}].city");
            if known(&city.city).is_none() {
                e.push(at, not_in_gazetteer(&city.city));
            } else if !seen.insert(city.city.as_str()) {
                e.push(
                    at,
                    P::ListedTwice {
                        value: city.city.clone(),
                    },
                );
            }
        }
        check_clause(&c.clause, &format!("{at}.clause"), e);
    }
    let mut codes = BTreeSet::new();
    let ranges = points.depends_on.iter().map(|r| (&r.code, "depends_on"));
    let unassessed = points
        .not_assessed
        .iter()
        .map(|c| (&c.code, "not_assessed"));
    for (i, (code, list)) in ranges.chain(unassessed).enumerate() {
        let index = if list == "depends_on" {
            i
        } else {
            i - points.depends_on.len()
        };
        if !codes.insert(code.as_str()) {
            e.push(
                format!("{at}.{list}[{index}].code"),
                P::ListedTwice {
                    value: code.clone(),
                },
            );
        }
    }
    for (i, range) in points.depends_on.iter().enumerate() {
        let at = format!("{at}.depends_on[{i}]");
        if range.max == 0 {
            e.push(format!("{at}.max"), P::ZeroPoints);
        }
        if range.min > range.max {
            e.push(
                format!("{at}.min"),
                P::RangeReversed {
                    min: range.min,
                    max: range.max,
                },
            );
        }
        check_clause(&range.clause, &format!("{at}.clause"), e);
    }
    for (i, past) in points.context.iter().enumerate() {
        let at = format!("{at}.context[{i}]");
        if !(past.score > 0.0 && past.score.is_finite()) {
            e.push(
                format!("{at}.score"),
                P::NotAScore {
                    value: past.score.to_string(),
                },
            );
        }
        check_source(&past.source, &format!("{at}.source"), e);
    }
}

/// A clause needs its quote and where it is.
fn check_clause(clause: &Clause, at: &str, e: &mut Errors) {
    if clause.quote.trim().is_empty() {
        e.push(format!("{at}.quote"), P::Empty);
    }
    if clause.location.trim().is_empty() {
        e.push(format!("{at}.location"), P::Empty);
    }
}

/// A list of city ids: not empty, each known, none twice.
fn check_city_list(
    list: &[String],
    at: &str,
    known: &dyn Fn(&str) -> Option<CityIdx>,
    e: &mut Errors,
) {
    if list.is_empty() {
        e.push(at, needs(Needed::ListedCity));
    }
    let mut seen = BTreeSet::new();
    for (i, city) in list.iter().enumerate() {
        if known(city).is_none() {
            e.push(format!("{at}[{i}]"), not_in_gazetteer(city));
        } else if !seen.insert(city.as_str()) {
            e.push(
                format!("{at}[{i}]"),
                P::ListedTwice {
                    value: city.clone(),
                },
            );
        }
    }
}

/// Every agreement file: ids unique and matching file names, each checked.
pub(crate) fn check_agreements(
    agreements: &[Doc<Agreement>],
    known: &dyn Fn(&str) -> Option<CityIdx>,
    errors: &mut Vec<InputError>,
) {
    let mut ids = BTreeSet::new();
    for doc in agreements {
        let mut e = Errors::new(&doc.file, errors);
        let agreement = &doc.doc;
        if !ids.insert(agreement.id.as_str()) {
            e.push("id", taken(&agreement.id, Owner::Agreement));
        }
        check_file_name(&doc.file, "agreements", "id", &agreement.id, &mut e);
        check_agreement(agreement, known, &mut e);
    }
}

fn check_agreement(agreement: &Agreement, known: &dyn Fn(&str) -> Option<CityIdx>, e: &mut Errors) {
    let count = check_versions(
        agreement
            .versions
            .iter()
            .map(|v| (v.effective_from, v.effective_until)),
        "versions",
        e,
    );
    if count == 0 {
        e.push("versions", needs(Needed::AgreementVersion));
    }
    for (v, version) in agreement.versions.iter().enumerate() {
        let at = format!("versions[{v}]");
        for (field, list) in [
            ("recognising", &version.recognising),
            ("partners", &version.partners),
        ] {
            check_city_list(list, &format!("{at}.{field}"), known, e);
        }
        if version.kinds.is_empty() {
            e.push(format!("{at}.kinds"), needs(Needed::AgreementKind));
        }
        let unique: BTreeSet<_> = version.kinds.iter().collect();
        if unique.len() != version.kinds.len() {
            e.push(format!("{at}.kinds"), P::KindListedTwice);
        }
        if !(version.ratio > 0.0 && version.ratio <= 1.0) {
            e.push(
                format!("{at}.ratio"),
                P::NotARatio {
                    value: version.ratio.to_string(),
                },
            );
        }
        if version.cap_months == Some(0) {
            e.push(format!("{at}.cap_months"), P::ZeroCap);
        }
        if let Some(pilot_until) = version.pilot_until {
            let inside = version.effective_from <= pilot_until
                && version
                    .effective_until
                    .is_none_or(|until| pilot_until < until);
            if !inside {
                e.push(
                    format!("{at}.pilot_until"),
                    P::PilotEndOutside { pilot_until },
                );
            }
        }
        check_sources(&version.sources, version.verified_on, &at, e);
        let mut parts = BTreeSet::new();
        if !version.assumed.iter().all(|p| parts.insert(*p)) {
            e.push(format!("{at}.assumed"), P::PartListedTwice);
        }
    }
}
