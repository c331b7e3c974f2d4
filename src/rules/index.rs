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
            Ok(RuleSet {
                version,
                gazetteer_file: gazetteer.file,
                gazetteer: gazetteer.doc,
                cities: city_docs,
                agreements,
                by_name,
            })
        } else {
            Err(errors)
        }
    }

    /// A city by id (`nanjing`) or GB/T 2260 code (`320100`), ignoring case and
    /// surrounding spaces.
    pub fn city_by_name(&self, name: &str) -> Option<CityIdx> {
        let name = name.trim();
        self.by_name
            .get(name)
            .or_else(|| self.by_name.get(&name.to_ascii_lowercase()))
            .copied()
    }

    pub fn city(&self, idx: CityIdx) -> &CityEntry {
        &self.gazetteer.cities[idx.get()]
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

    /// The rules of a city, if it has any.
    pub fn rules_of(&self, idx: CityIdx) -> Option<&CityDoc> {
        self.cities
            .binary_search_by_key(&idx, |c| c.city)
            .ok()
            .map(|i| &self.cities[i])
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
            city_docs.push(CityDoc {
                city,
                file: doc.file,
                rules: doc.doc,
            });
        }
    }
    city_docs.sort_unstable_by_key(|c| c.city);
    city_docs
}

/// City ids and codes to gazetteer indices: a sorted vector, which is as fast
/// as a hash map for a few hundred names and keeps hashing code out of the
/// page's WebAssembly.
#[derive(Clone, Debug, Default)]
pub(crate) struct Names(Vec<(String, CityIdx)>);

impl Names {
    pub(crate) fn get(&self, name: &str) -> Option<&CityIdx> {
        self.0
            .binary_search_by(|(n, _)| n.as_str().cmp(name))
            .ok()
            .map(|i| &self.0[i].1)
    }

    /// Adds a name; `Some` (the index already there) if it was taken.
    pub(crate) fn insert(&mut self, name: String, city: CityIdx) -> Option<CityIdx> {
        match self.0.binary_search_by(|(n, _)| n.as_str().cmp(&name)) {
            Ok(i) => Some(self.0[i].1),
            Err(i) => {
                self.0.insert(i, (name, city));
                None
            }
        }
    }
}

/// Ids and codes to city indices, trusting the gazetteer.
pub(crate) fn index_gazetteer(g: &Gazetteer) -> Names {
    let mut by_name = Names::default();
    for (i, city) in g.cities.iter().enumerate() {
        for name in std::iter::once(&city.id)
            .chain(std::iter::once(&city.code))
            .chain(&city.code_aliases)
        {
            by_name.insert(name.clone(), CityIdx::new(i));
        }
    }
    by_name
}
