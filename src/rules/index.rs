//! The rule set as the evaluator uses it: documents indexed by city, and the
//! lookups (a city by id or code, a city's rules).

use crate::error::{InputError, RulesProblem};
use crate::rules::model::{Agreement, CityEntry, CityRules, Doc, Gazetteer};
use crate::rules::validate::{
    check_agreements, check_city, check_file_name, check_gazetteer, is_id, Errors,
};

/// Index of a city in the gazetteer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CityIdx(pub(crate) u32);

impl CityIdx {
    pub(crate) fn new(i: usize) -> CityIdx {
        CityIdx(i as u32)
    }

    pub fn get(self) -> usize {
        self.0 as usize
    }
}

/// Index of an agreement in [`RuleSet::agreements`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AgreementIdx(pub(crate) u32);

impl AgreementIdx {
    pub(crate) fn new(i: usize) -> AgreementIdx {
        AgreementIdx(i as u32)
    }

    pub fn get(self) -> usize {
        self.0 as usize
    }
}

#[derive(Clone, Debug)]
pub struct RuleSet {
    /// Latest verification date and a hash of the files: `2026-11-26.1a2b3c4d`.
    pub version: String,
    pub gazetteer: Gazetteer,
    /// Files the documents came from, for messages.
    pub gazetteer_file: String,
    /// City rules in gazetteer order, with the city they belong to.
    pub cities: Vec<CityDoc>,
    pub agreements: Vec<Doc<Agreement>>,
    by_name: Names,
    /// The cities that agreements and regions name, resolved once here so
    /// that a check looks no name up (see [`Membership`]).
    membership: Membership,
}

#[derive(Clone, Debug)]
pub struct CityDoc {
    pub city: CityIdx,
    pub file: String,
    pub rules: CityRules,
}

impl RuleSet {
    /// Checks the documents against each other and indexes them.
    pub fn build(
        version: String,
        gazetteer: Doc<Gazetteer>,
        cities: Vec<Doc<CityRules>>,
        agreements: Vec<Doc<Agreement>>,
    ) -> Result<RuleSet, Vec<InputError>> {
        RuleSet::assemble::<true>(version, gazetteer, cities, agreements)
    }

    pub(crate) fn assemble<const VALIDATE: bool>(
        version: String,
        gazetteer: Doc<Gazetteer>,
        cities: Vec<Doc<CityRules>>,
        agreements: Vec<Doc<Agreement>>,
    ) -> Result<RuleSet, Vec<InputError>> {
        let mut errors = Vec::new();
        let by_name = if VALIDATE {
            check_gazetteer(&gazetteer, &mut errors)
        } else {
            index_gazetteer(&gazetteer.doc)
        };
        let known = |id: &str| by_name.get(id).copied().filter(|_| is_id(id));

        let city_docs = index_cities::<VALIDATE>(cities, &known, &mut errors);
        if VALIDATE {
            check_agreements(&agreements, &known, &mut errors);
        }

        if errors.is_empty() {
            let mut rules = RuleSet {
                version,
                gazetteer_file: gazetteer.file,
                gazetteer: gazetteer.doc,
                cities: city_docs,
                agreements,
                by_name,
                membership: Membership::default(),
            };
            rules.membership = Membership::build(&rules);
            Ok(rules)
        } else {
            Err(errors)
        }
    }

    /// A city by id (`nanjing`), GB/T 2260 code (`320100`), Chinese name
    /// (`南京市`) or short Chinese name (`南京`, see [`short_name_zh`]),
    /// ignoring case and surrounding spaces. A binary search in an index
    /// built once; a lowercase copy is made only when the name as given is
    /// not found.
    pub fn city_by_name(&self, name: &str) -> Option<CityIdx> {
        let name = name.trim();
        self.by_name.get(name).copied().or_else(|| {
            name.bytes()
                .any(|b| b.is_ascii_uppercase())
                .then(|| self.by_name.get(&name.to_ascii_lowercase()).copied())
                .flatten()
        })
    }

    pub fn city(&self, idx: CityIdx) -> &CityEntry {
        &self.gazetteer.cities[idx.get()]
    }

    /// The city's English name, with its province where another city has
    /// the same English name: `Suzhou (Jiangsu)`, `Suzhou (Anhui)`, `Nanjing`.
    /// A scan of the gazetteer: for messages, not for loops.
    pub fn city_label_en(&self, idx: CityIdx) -> String {
        let city = self.city(idx);
        let shared = (self.gazetteer.cities.iter())
            .filter(|c| c.name_en.eq_ignore_ascii_case(&city.name_en))
            .nth(1)
            .is_some();
        if shared {
            format!("{} ({})", city.name_en, city.province_en)
        } else {
            city.name_en.clone()
        }
    }

    /// The city's Chinese name, with its province where another city has the
    /// same one (none in the shipped gazetteer): `苏州市`, or `某市（某省）`.
    pub fn city_label_zh(&self, idx: CityIdx) -> String {
        let city = self.city(idx);
        let shared = (self.gazetteer.cities.iter())
            .filter(|c| c.name_zh == city.name_zh)
            .nth(1)
            .is_some();
        if shared {
            format!("{}（{}）", city.name_zh, city.province_zh)
        } else {
            city.name_zh.clone()
        }
    }

    /// Every city of the gazetteer.
    pub fn city_indices(&self) -> impl Iterator<Item = CityIdx> {
        (0..self.gazetteer.cities.len()).map(CityIdx::new)
    }

    pub fn city_id(&self, idx: CityIdx) -> &str {
        &self.gazetteer.cities[idx.get()].id
    }

    pub fn agreement_id(&self, idx: AgreementIdx) -> &str {
        &self.agreements[idx.get()].doc.id
    }

    /// The cities version `version` of agreement `agreement` names.
    pub fn agreement_cities(&self, agreement: AgreementIdx, version: usize) -> &VersionCities {
        &self.membership.agreements[agreement.get()][version]
    }

    /// The members of the gazetteer's region at `region`: as a set, and in
    /// the order the region lists them.
    pub fn region_members(&self, region: usize) -> (&CitySet, &[CityIdx]) {
        let (set, list) = &self.membership.regions[region];
        (set, list)
    }

    /// The rules of a city, if it has any.
    pub fn rules_of(&self, idx: CityIdx) -> Option<&CityDoc> {
        self.cities
            .binary_search_by_key(&idx, |c| c.city)
            .ok()
            .map(|i| &self.cities[i])
    }
}

/// A set of cities of the gazetteer, one bit per city: membership is a bit
/// test, whatever the number of cities.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CitySet(Vec<u64>);

impl CitySet {
    /// The cities `names` name, as a set and in their order (a name that is
    /// not a city, which validation refuses, is left out, as a lookup finds
    /// nothing).
    fn of(rules: &RuleSet, names: &[String]) -> (CitySet, Vec<CityIdx>) {
        let mut set = CitySet(vec![0; rules.gazetteer.cities.len().div_ceil(64)]);
        let mut list = Vec::new();
        for city in names.iter().filter_map(|n| rules.city_by_name(n)) {
            set.0[city.get() / 64] |= 1 << (city.get() % 64);
            list.push(city);
        }
        (set, list)
    }

    pub fn contains(&self, city: CityIdx) -> bool {
        (self.0.get(city.get() / 64)).is_some_and(|word| word & (1 << (city.get() % 64)) != 0)
    }
}

/// The cities one agreement version names.
#[derive(Clone, Debug, Default)]
pub struct VersionCities {
    pub recognising: CitySet,
    pub partners: CitySet,
    /// Each partner's place in the version's list of partners (its first,
    /// for a city listed twice; below the number of cities), by gazetteer
    /// index: partners are counted in the order the agreement lists them.
    partner_place: Vec<(CityIdx, u32)>,
}

impl VersionCities {
    /// Where the version lists `city` among its partners, if it does.
    pub fn partner_place(&self, city: CityIdx) -> Option<u32> {
        (self.partner_place)
            .binary_search_by_key(&city, |&(c, _)| c)
            .ok()
            .map(|i| self.partner_place[i].1)
    }
}

/// The cities that agreements and regions name, as sets of gazetteer
/// indices: built when the rules are loaded, so that a check never looks a
/// name up. A name that is not a city (which validation refuses) is left
/// out, as a lookup would find nothing.
#[derive(Clone, Debug, Default)]
struct Membership {
    /// Per agreement, per version.
    agreements: Vec<Vec<VersionCities>>,
    /// Per region of the gazetteer, as a set and as listed.
    regions: Vec<(CitySet, Vec<CityIdx>)>,
}

impl Membership {
    fn build(rules: &RuleSet) -> Membership {
        let mut membership = Membership::default();
        for agreement in &rules.agreements {
            let mut versions = Vec::new();
            for v in &agreement.doc.versions {
                let mut cities = VersionCities {
                    recognising: CitySet::of(rules, &v.recognising).0,
                    partners: CitySet::of(rules, &v.partners).0,
                    partner_place: Vec::new(),
                };
                // A partner's place: how many different partners the list
                // names before it.
                let places = &mut cities.partner_place;
                for city in v.partners.iter().filter_map(|n| rules.city_by_name(n)) {
                    if let Err(i) = places.binary_search_by_key(&city, |&(c, _)| c) {
                        places.insert(i, (city, places.len() as u32));
                    }
                }
                versions.push(cities);
            }
            membership.agreements.push(versions);
        }
        for region in &rules.gazetteer.regions {
            (membership.regions).push(CitySet::of(rules, &region.members));
        }
        membership
    }
}

/// Each city's rules with its gazetteer index, in gazetteer order; with
/// `VALIDATE`, each file checked too.
fn index_cities<const VALIDATE: bool>(
    cities: Vec<Doc<CityRules>>,
    known: &dyn Fn(&str) -> Option<CityIdx>,
    errors: &mut Vec<InputError>,
) -> Vec<CityDoc> {
    let mut city_docs: Vec<CityDoc> = Vec::new();
    for doc in cities {
        let mut e = Errors::new(&doc.file, errors);
        let rules = &doc.doc;
        let city = known(&rules.city);
        if city.is_none() {
            e.push(
                "city",
                RulesProblem::NotInGazetteer {
                    value: rules.city.clone(),
                },
            );
        }
        if VALIDATE {
            if let Some(other) = city_docs.iter().find(|c| Some(c.city) == city) {
                e.push(
                    "city",
                    RulesProblem::AlreadyHasRules {
                        value: rules.city.clone(),
                        file: other.file.clone(),
                    },
                );
            }
            check_file_name(&doc.file, "cities", "city", &rules.city, &mut e);
            check_city(rules, known, &mut e);
        }
        if let Some(city) = city {
            // Kept in the order of their cities as they come: a few dozen
            // documents, and no sort instantiated for them besides the one
            // on integers that every sweep uses.
            let at = city_docs.partition_point(|c| c.city <= city);
            city_docs.insert(
                at,
                CityDoc {
                    city,
                    file: doc.file,
                    rules: doc.doc,
                },
            );
        }
    }
    city_docs
}

/// City ids and codes to gazetteer indices: a sorted vector, which is as fast
/// as a hash map for a few hundred names and keeps hashing code out of the
/// page's WebAssembly. Each name is kept with its first eight bytes as one
/// integer, and names are ordered by that integer first: a lookup compares
/// integers, and whole names only where their beginnings are the same.
#[derive(Clone, Debug, Default)]
pub(crate) struct Names(Vec<(u64, String, CityIdx)>);

/// The first eight bytes of `name`, as an integer that orders as they do
/// (shorter names padded with zeros, which no name contains).
fn prefix(name: &str) -> u64 {
    let mut bytes = [0u8; 8];
    let head = &name.as_bytes()[..name.len().min(8)];
    bytes[..head.len()].copy_from_slice(head);
    u64::from_be_bytes(bytes)
}

impl Names {
    fn find(&self, name: &str) -> Result<usize, usize> {
        let key = prefix(name);
        self.0
            .binary_search_by(|(k, n, _)| k.cmp(&key).then_with(|| n.as_str().cmp(name)))
    }

    pub(crate) fn get(&self, name: &str) -> Option<&CityIdx> {
        self.find(name).ok().map(|i| &self.0[i].2)
    }

    /// Adds a name; `Some` (the index already there) if it was taken.
    pub(crate) fn insert(&mut self, name: String, city: CityIdx) -> Option<CityIdx> {
        match self.find(&name) {
            Ok(i) => Some(self.0[i].2),
            Err(i) => {
                self.0.insert(i, (prefix(&name), name, city));
                None
            }
        }
    }
}

/// Ids, codes and Chinese names to city indices, trusting the gazetteer.
pub(crate) fn index_gazetteer(g: &Gazetteer) -> Names {
    let mut by_name = Names::default();
    for (i, city) in g.cities.iter().enumerate() {
        for name in names_of(city) {
            by_name.insert(name.to_string(), CityIdx::new(i));
        }
    }
    by_name
}

/// Every name a history may call a city by: its id, code, code aliases,
/// Chinese name and short Chinese name.
pub(crate) fn names_of(city: &CityEntry) -> impl Iterator<Item = &str> {
    [city.id.as_str(), city.code.as_str()]
        .into_iter()
        .chain(city.code_aliases.iter().map(String::as_str))
        .chain([city.name_zh.as_str()])
        .chain(short_name_zh(&city.name_zh))
}

/// Suffixes of Chinese division names, longest first where one ends another.
const SUFFIXES_ZH: [&str; 7] = ["自治州", "自治县", "地区", "林区", "市", "盟", "县"];

/// The ethnic groups named in autonomous prefectures and counties, longest
/// first; no group's name ends another's.
const ETHNIC_ZH: [&str; 19] = [
    "柯尔克孜",
    "哈萨克",
    "朝鲜",
    "土家",
    "布依",
    "哈尼",
    "景颇",
    "傈僳",
    "蒙古",
    "苗",
    "藏",
    "羌",
    "彝",
    "侗",
    "壮",
    "傣",
    "白",
    "回",
    "黎",
];

/// The short Chinese name of a city, if it has one: without 市, 地区, 盟, 县
/// or 林区, and for 自治州 / 自治县 without the ethnic groups too
/// (`延边朝鲜族自治州` → `延边`, `大兴安岭地区` → `大兴安岭`). Never shorter
/// than two characters. The same rule as `shortNameZh` in `www/cities.js`.
pub fn short_name_zh(name: &str) -> Option<&str> {
    let long_enough = |s: &str| s.chars().nth(1).is_some();
    let (mut short, suffix) = SUFFIXES_ZH
        .iter()
        .find_map(|suffix| Some((cut(name, suffix)?, *suffix)))?;
    if suffix.starts_with("自治") {
        // The first group that matches is the only one that can.
        while let Some(rest) = (ETHNIC_ZH.iter())
            .find_map(|group| cut(cut(short, "族").unwrap_or(short), group))
            .filter(|rest| long_enough(rest))
        {
            short = rest;
        }
    }
    long_enough(short).then_some(short)
}

/// `text` without `tail` at its end, if it ends so. Bytes compared, which is
/// smaller in the page's WebAssembly than `str::strip_suffix`.
fn cut<'a>(text: &'a str, tail: &str) -> Option<&'a str> {
    let at = text.len().checked_sub(tail.len())?;
    (text.as_bytes()[at..] == *tail.as_bytes())
        .then(|| text.get(..at))
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::short_name_zh;
    use crate::rules::shipped::default_rules;

    #[test]
    fn short_chinese_names_drop_the_suffix_and_the_ethnic_groups() {
        for (name, short) in [
            ("南京市", Some("南京")),
            ("延边朝鲜族自治州", Some("延边")),
            ("大兴安岭地区", Some("大兴安岭")),
            ("兴安盟", Some("兴安")),
            ("海西蒙古族藏族自治州", Some("海西")),
            ("克孜勒苏柯尔克孜自治州", Some("克孜勒苏")),
            ("白沙黎族自治县", Some("白沙")),
            ("神农架林区", Some("神农架")),
            ("定安县", Some("定安")),
            ("赵县", None),
            ("南京", None),
            ("", None),
        ] {
            assert_eq!(short_name_zh(name), short, "{name}");
        }
    }

    #[test]
    fn a_city_is_found_by_id_code_alias_and_full_or_short_chinese_name() {
        let rules = default_rules();
        let id = |name: &str| {
            rules
                .city_by_name(name)
                .map(|c| rules.city_id(c).to_string())
        };
        let wuhan = Some("wuhan".to_string());
        for name in [
            "wuhan",
            "WUHAN",
            " wuhan ",
            "420100",
            "武汉",
            "武汉市",
            " 武汉市 ",
        ] {
            assert_eq!(id(name), wuhan, "{name:?}");
        }
        assert_eq!(id("110100").as_deref(), Some("beijing"), "a code alias");
        assert_eq!(id("北京").as_deref(), Some("beijing"));
        assert_eq!(id("延边").as_deref(), Some("yanbian"));
        assert_eq!(id("延边朝鲜族自治州").as_deref(), Some("yanbian"));
        assert_eq!(id("大兴安岭").as_deref(), Some("daxinganling"));
        assert_eq!(id("锡林郭勒").as_deref(), Some("xilinguole"));
        assert_eq!(id("宿州").as_deref(), Some("suzhouanhui"));
        assert_eq!(id("苏州").as_deref(), Some("suzhou"));
        assert_eq!(
            id("仙桃").as_deref(),
            Some("xiantao"),
            "county-level, under the province"
        );
        assert_eq!(id("桐城市").as_deref(), Some("tongcheng"));
        for unknown in ["", "atlantis", "南京省", "香港", "Suzhou (Anhui)", "江苏"] {
            assert_eq!(id(unknown), None, "{unknown:?}");
        }
    }

    #[test]
    fn the_province_is_added_only_where_a_name_is_shared() {
        let rules = default_rules();
        let label = |name: &str| rules.city_label_en(rules.city_by_name(name).unwrap());
        assert_eq!(label("suzhou"), "Suzhou (Jiangsu)");
        assert_eq!(label("宿州"), "Suzhou (Anhui)");
        assert_eq!(label("taizhouzhejiang"), "Taizhou (Zhejiang)");
        assert_eq!(label("nanjing"), "Nanjing");
        let zh = |name: &str| rules.city_label_zh(rules.city_by_name(name).unwrap());
        assert_eq!(zh("suzhou"), "苏州市");
    }

    #[test]
    fn no_two_cities_share_an_id_code_or_chinese_name() {
        let rules = default_rules();
        let mut names: Vec<(&str, usize)> = Vec::new();
        for (i, city) in rules.gazetteer.cities.iter().enumerate() {
            names.extend(super::names_of(city).map(|n| (n, i)));
        }
        names.sort_unstable();
        names.dedup();
        for pair in names.windows(2) {
            assert_ne!(pair[0].0, pair[1].0, "two cities are called {}", pair[0].0);
        }
        // Every prefecture-level division and the county-level units under a province.
        assert!(
            rules.gazetteer.cities.len() >= 360,
            "{}",
            rules.gazetteer.cities.len()
        );
    }
}
