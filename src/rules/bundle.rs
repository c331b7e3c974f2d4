//! The bundle the page loads: every rules document in one file, written by
//! `hukou-years bundle` from rules that passed validation.

use serde::{Deserialize, Serialize};

use crate::error::InputError;
use crate::rules::model::{Agreement, CityRules, Doc, Gazetteer, Source, Text};
use crate::rules::RuleSet;

/// Every rules file in one document, as `hukou-years bundle` writes it for the
/// page. Each document keeps the path of the file it came from, so that errors
/// still name the file.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Bundle {
    pub rules_version: String,
    pub gazetteer: Doc<Gazetteer>,
    pub cities: Vec<Doc<CityRules>>,
    pub agreements: Vec<Doc<Agreement>>,
}

impl Bundle {
    /// The bundle the engine needs: everything that decides a verdict, and
    /// the names the page shows first, without the texts that explain where
    /// the rules come from (sources, quoted clauses, assumptions, open
    /// questions, the wording of unchecked conditions, unknown reasons, past
    /// scores, the sources of the regions and of the division codes). The
    /// page loads those once, from the JSON bundle, after the first result;
    /// the report names versions, conditions and ranges so that the page can
    /// find their text there. The codes stay: an unchecked
    /// condition or a points range keeps its `code`, an unknown threshold
    /// stays unknown.
    pub fn without_prose(&self) -> Bundle {
        let mut lean = self.clone();
        let blank = |t: &mut Text| {
            t.zh.clear();
            t.en.clear();
        };
        for city in &mut lean.cities {
            for route in &mut city.doc.routes {
                for v in &mut route.versions {
                    v.sources.clear();
                    v.assumptions.clear();
                    v.open_questions.clear();
                    for c in &mut v.unchecked {
                        c.zh.clear();
                        c.en.clear();
                    }
                    if let Some(unknown) = &mut v.unknown {
                        blank(&mut unknown.reason);
                        blank(&mut unknown.settled_by);
                    }
                    for r in &mut v.requirements {
                        r.clause = None;
                    }
                    if let Some(points) = &mut v.points {
                        for c in &mut points.components {
                            c.clause.quote.clear();
                            c.clause.location.clear();
                        }
                        for r in &mut points.depends_on {
                            r.zh.clear();
                            r.en.clear();
                            r.clause.quote.clear();
                            r.clause.location.clear();
                        }
                        for c in &mut points.not_assessed {
                            c.zh.clear();
                            c.en.clear();
                        }
                        points.context.clear();
                    }
                }
            }
        }
        for agreement in &mut lean.agreements {
            for v in &mut agreement.doc.versions {
                v.sources.clear();
                v.assumptions.clear();
                v.open_questions.clear();
            }
        }
        // Where the regions and the division codes come from: the rules page
        // says it, from the JSON bundle; the checker never shows it.
        let untitled = |s: &mut Source| {
            s.title.clear();
            s.issuer.clear();
            s.document_number = None;
            s.url = None;
        };
        untitled(&mut lean.gazetteer.doc.codes_source);
        for region in &mut lean.gazetteer.doc.regions {
            untitled(&mut region.source);
        }
        lean
    }

    /// The bundle in its compact binary form (`rules.bin`, see
    /// [`super::bin`]): the same data as the JSON bundle, without field names.
    pub fn to_bytes(&self) -> Vec<u8> {
        super::bin::encode(self)
    }

    /// Reads what [`Bundle::to_bytes`] wrote; anything else is an
    /// `invalid_rules` error, never a panic.
    pub fn from_bytes(bytes: &[u8]) -> Result<Bundle, InputError> {
        super::bin::decode(bytes)
    }
}

impl RuleSet {
    /// Reads the bundle the page loads (see [`Bundle`]).
    pub fn from_bundle(bundle: Bundle) -> Result<RuleSet, Vec<InputError>> {
        RuleSet::build(
            bundle.rules_version,
            bundle.gazetteer,
            bundle.cities,
            bundle.agreements,
        )
    }

    pub fn to_bundle(&self) -> Bundle {
        Bundle {
            rules_version: self.version.clone(),
            gazetteer: Doc {
                file: self.gazetteer_file.clone(),
                doc: self.gazetteer.clone(),
            },
            cities: self
                .cities
                .iter()
                .map(|c| Doc {
                    file: c.file.clone(),
                    doc: c.rules.clone(),
                })
                .collect(),
            agreements: self.agreements.clone(),
        }
    }

    /// Reads a bundle that `hukou-years bundle` wrote from rules that passed
    /// validation: only indexes it, refusing just what would leave a city's
    /// rules without a city. This is what the page uses; leaving the full
    /// validation out of the WebAssembly keeps the page's payload small.
    pub fn from_validated_bundle(bundle: Bundle) -> Result<RuleSet, Vec<InputError>> {
        RuleSet::assemble::<false>(
            bundle.rules_version,
            bundle.gazetteer,
            bundle.cities,
            bundle.agreements,
        )
    }
}
