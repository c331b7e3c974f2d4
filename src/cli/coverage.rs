//! `hukou-years rules --coverage`: how much of the pilot the rules cover and
//! how well — cities by confidence, routes whose thresholds are unknown,
//! entries not verified for a while, and pilot-region members without rules.
//!
//! "Today" is always given (the command line takes it from `--today` or the
//! system clock): nothing here reads the clock.

use std::fmt::Write as _;

use chrono::{Datelike, Months, NaiveDate};
use serde::Serialize;

use hukou_years::month::Date;
use hukou_years::rules::{Confidence, RouteVersion, RuleSet};

/// The coverage of a rule set on a day.
#[derive(Debug, Serialize)]
pub struct Coverage {
    pub rules_version: String,
    pub today: String,
    /// Entries verified before this day are stale.
    pub stale_before: String,
    pub stale_months: u32,
    pub gazetteer_cities: usize,
    pub cities_with_rules: usize,
    /// Cities with rules, by the weakest confidence of their route versions
    /// in force today, weakest first; cities with no version in force today
    /// are in `no_version_in_force`.
    pub by_confidence: Vec<ConfidenceGroup>,
    pub no_version_in_force: Vec<String>,
    /// Every route version whose thresholds are unknown.
    pub unknown_thresholds: Vec<UnknownRoute>,
    /// How many entries carry a verification date (route versions, agreement
    /// versions, regions).
    pub checked_entries: usize,
    /// The entries verified before `stale_before`, oldest first.
    pub stale: Vec<StaleEntry>,
    /// Members of pilot regions without rules, region by region (only regions
    /// that have some).
    pub pilot_members_without_rules: Vec<RegionGap>,
}

#[derive(Debug, Serialize)]
pub struct ConfidenceGroup {
    pub confidence: Confidence,
    pub cities: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct UnknownRoute {
    pub city: String,
    pub route: String,
    pub effective_from: String,
    pub effective_until: Option<String>,
    pub in_force: bool,
    /// What would settle it, in English.
    pub settled_by: String,
}

#[derive(Debug, Serialize)]
pub struct StaleEntry {
    /// `route`, `agreement` or `region`.
    pub what: &'static str,
    pub file: String,
    /// The city, agreement or region id.
    pub id: String,
    /// Routes only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub route: Option<String>,
    /// Versions only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub effective_from: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub effective_until: Option<String>,
    pub verified_on: String,
}

#[derive(Debug, Serialize)]
pub struct RegionGap {
    pub region: String,
    pub name_zh: String,
    pub name_en: String,
    pub cities: Vec<String>,
}

/// Confidence levels, weakest first.
const LEVELS: [Confidence; 4] = [
    Confidence::Unverified,
    Confidence::ThirdParty,
    Confidence::News,
    Confidence::Official,
];

/// The day `months` calendar months before `day`, on the same day of the
/// month or, where that month is shorter, on its last day (as
/// `www/stale.js` computes it).
pub fn months_before(day: Date, months: u32) -> String {
    let text = day.to_string();
    let (y, m, d) = (
        text[..4].parse::<i32>().expect("a Date prints its year"),
        text[5..7].parse::<u32>().expect("a Date prints its month"),
        text[8..].parse::<u32>().expect("a Date prints its day"),
    );
    NaiveDate::from_ymd_opt(y, m, d)
        .and_then(|date| date.checked_sub_months(Months::new(months)))
        .map_or_else(
            || "0000-01-01".into(),
            |date| format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day()),
        )
}

fn in_force(version: &RouteVersion, day: Date) -> bool {
    version.effective_from <= day && version.effective_until.is_none_or(|until| day <= until)
}

/// The coverage of `rules` on `today`, with entries older than
/// `stale_months` months counted as stale.
pub fn coverage(rules: &RuleSet, today: Date, stale_months: u32) -> Coverage {
    let stale_before = months_before(today, stale_months);

    let mut groups: Vec<ConfidenceGroup> = LEVELS
        .iter()
        .map(|&confidence| ConfidenceGroup {
            confidence,
            cities: Vec::new(),
        })
        .collect();
    let mut no_version_in_force = Vec::new();
    let mut unknown_thresholds = Vec::new();
    let mut checked = Vec::new();
    for city in &rules.cities {
        let id = rules.city_id(city.city).to_string();
        let weakest = (city.rules.routes.iter())
            .flat_map(|r| &r.versions)
            .filter(|v| in_force(v, today))
            .map(|v| v.confidence)
            .min();
        match weakest {
            Some(c) => {
                let group = groups.iter_mut().find(|g| g.confidence == c);
                group
                    .expect("every level has a group")
                    .cities
                    .push(id.clone());
            }
            None => no_version_in_force.push(id.clone()),
        }
        for route in &city.rules.routes {
            for v in &route.versions {
                if let Some(unknown) = &v.unknown {
                    unknown_thresholds.push(UnknownRoute {
                        city: id.clone(),
                        route: route.id.clone(),
                        effective_from: v.effective_from.to_string(),
                        effective_until: v.effective_until.map(|d| d.to_string()),
                        in_force: in_force(v, today),
                        settled_by: unknown.settled_by.en.clone(),
                    });
                }
                checked.push(StaleEntry {
                    what: "route",
                    file: city.file.clone(),
                    id: id.clone(),
                    route: Some(route.id.clone()),
                    effective_from: Some(v.effective_from.to_string()),
                    effective_until: v.effective_until.map(|d| d.to_string()),
                    verified_on: v.verified_on.to_string(),
                });
            }
        }
    }
    for doc in &rules.agreements {
        for v in &doc.doc.versions {
            checked.push(StaleEntry {
                what: "agreement",
                file: doc.file.clone(),
                id: doc.doc.id.clone(),
                route: None,
                effective_from: Some(v.effective_from.to_string()),
                effective_until: v.effective_until.map(|d| d.to_string()),
                verified_on: v.verified_on.to_string(),
            });
        }
    }
    for region in &rules.gazetteer.regions {
        checked.push(StaleEntry {
            what: "region",
            file: rules.gazetteer_file.clone(),
            id: region.id.clone(),
            route: None,
            effective_from: None,
            effective_until: None,
            verified_on: region.verified_on.to_string(),
        });
    }
    let checked_entries = checked.len();
    // Oldest first; among equals, in the order above (a stable sort).
    let mut stale: Vec<StaleEntry> = checked
        .into_iter()
        .filter(|e| e.verified_on < stale_before)
        .collect();
    stale.sort_by(|a, b| a.verified_on.cmp(&b.verified_on));

    let pilot_members_without_rules = (rules.gazetteer.regions.iter())
        .filter(|r| r.pilot)
        .filter_map(|r| {
            let cities: Vec<String> = (r.members.iter())
                .filter(|m| {
                    rules
                        .city_by_name(m)
                        .is_none_or(|idx| rules.rules_of(idx).is_none())
                })
                .cloned()
                .collect();
            (!cities.is_empty()).then(|| RegionGap {
                region: r.id.clone(),
                name_zh: r.name_zh.clone(),
                name_en: r.name_en.clone(),
                cities,
            })
        })
        .collect();

    Coverage {
        rules_version: rules.version.clone(),
        today: today.to_string(),
        stale_before,
        stale_months,
        gazetteer_cities: rules.gazetteer.cities.len(),
        cities_with_rules: rules.cities.len(),
        by_confidence: groups,
        no_version_in_force,
        unknown_thresholds,
        checked_entries,
        stale,
        pilot_members_without_rules,
    }
}

fn confidence_word(c: Confidence) -> &'static str {
    match c {
        Confidence::Official => "official",
        Confidence::News => "news",
        Confidence::ThirdParty => "third party",
        Confidence::Unverified => "unverified",
    }
}

fn list(items: &[String]) -> String {
    if items.is_empty() {
        "none".into()
    } else {
        items.join(", ")
    }
}

/// The coverage as text, in English.
pub fn render_coverage(c: &Coverage, rules: &RuleSet) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "coverage on {} (rules {})", c.today, c.rules_version);
    let _ = writeln!(
        s,
        "  {} of {} cities in the gazetteer have rules; by the weakest confidence of their route versions in force on {}:",
        c.cities_with_rules, c.gazetteer_cities, c.today
    );
    for g in &c.by_confidence {
        let _ = writeln!(
            s,
            "    {} ({}): {}",
            confidence_word(g.confidence),
            g.cities.len(),
            list(&g.cities)
        );
    }
    let _ = writeln!(
        s,
        "    no version in force ({}): {}",
        c.no_version_in_force.len(),
        list(&c.no_version_in_force)
    );
    let _ = writeln!(
        s,
        "  route versions with unknown thresholds ({}):",
        c.unknown_thresholds.len()
    );
    if c.unknown_thresholds.is_empty() {
        s.push_str("    none\n");
    }
    for u in &c.unknown_thresholds {
        let until = u.effective_until.as_deref().unwrap_or("…");
        let _ = writeln!(
            s,
            "    {}/{} {} – {until}{}: settled by {}",
            u.city,
            u.route,
            u.effective_from,
            if u.in_force { " (in force)" } else { "" },
            u.settled_by
        );
    }
    let _ = writeln!(
        s,
        "  stale: {} of {} checked entries (route versions, agreement versions, regions) were last verified before {} (more than {} months before {}):",
        c.stale.len(),
        c.checked_entries,
        c.stale_before,
        c.stale_months,
        c.today
    );
    if c.stale.is_empty() {
        s.push_str("    none\n");
    }
    for e in &c.stale {
        let name = match &e.route {
            Some(route) => format!("route {}/{route}", e.id),
            None => format!("{} {}", e.what, e.id),
        };
        let span = match (&e.effective_from, &e.effective_until) {
            (Some(from), Some(until)) => format!(" version {from} – {until}"),
            (Some(from), None) => format!(" version from {from}"),
            _ => String::new(),
        };
        let _ = writeln!(s, "    {}  {name}{span}  ({})", e.verified_on, e.file);
    }
    let missing: usize = c
        .pilot_members_without_rules
        .iter()
        .map(|g| g.cities.len())
        .sum();
    let _ = writeln!(s, "  pilot-region members without rules ({missing}):");
    if missing == 0 {
        s.push_str("    none\n");
    }
    for g in &c.pilot_members_without_rules {
        let names: Vec<String> = (g.cities.iter())
            .map(|id| match rules.city_by_name(id) {
                Some(idx) => format!("{} {id}", rules.city_label_zh(idx)),
                None => format!("{id} (not in the gazetteer)"),
            })
            .collect();
        let _ = writeln!(
            s,
            "    {} {} ({}): {}",
            g.name_zh,
            g.name_en,
            g.region,
            names.join(", ")
        );
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_before_keeps_the_day_or_takes_the_last_of_a_shorter_month() {
        let d = |s| Date::parse(s).unwrap();
        assert_eq!(months_before(d("2027-05-26"), 6), "2026-11-26");
        assert_eq!(months_before(d("2027-08-31"), 6), "2027-02-28");
        assert_eq!(months_before(d("2028-08-31"), 6), "2028-02-29");
        assert_eq!(months_before(d("2027-01-15"), 12), "2026-01-15");
        assert_eq!(months_before(d("2027-01-15"), 0), "2027-01-15");
    }
}
