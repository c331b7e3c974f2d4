//! The generated files: the TypeScript declarations that ship with the page's
//! module (`src/wasm/types.d.ts`) and the report's vocabulary that the page's
//! translation tables are checked against (`www/generated/vocabulary.json`),
//! both from the Rust types (ts-rs, derived under `cfg(test)` only).
//!
//! The tests regenerate both and fail on any difference from the committed
//! files; `HUKOU_YEARS_REGENERATE=1 cargo test --lib generated` writes them.

use std::path::Path;

use ts_rs::{Config, TS};

use crate::error::{ErrorKind, ErrorView};
use crate::history::{HistoryInput, PeriodInput};
use crate::month::{Date, Month};
use crate::options::{CheckOptions, WhatIfInput};
use crate::report::{
    AgreementUse, CityMonths, CityReport, CityStatus, ElsewhereMonths, NoProjection,
    PartnerExclusion, PilotEnd, PointsCityMonths, PointsComponentReport, PointsReport, PointsScope,
    Report, RequirementReport, RouteReason, RouteReport, Status, Step, WeakPart, WhatIfReport,
};
use crate::rules::{
    AgreementPart, BackPaid, Basis, CityEntry, Clause, Condition, Confidence, Counting, Cutoff,
    Gazetteer, Kind, Part, PastScore, PointsRange, PointsUnit, RecognitionScope, Region, Source,
    SourceNature, Text, Unknown,
};

const TYPES: &str = "src/wasm/types.d.ts";
const VOCABULARY: &str = "www/generated/vocabulary.json";

fn decl<T: TS>(cfg: &Config) -> String {
    format!("export {}\n", T::decl(cfg))
}

/// The declarations of every shape that crosses the boundary.
fn declarations() -> String {
    let cfg = &Config::default();
    let mut out = String::from(
        "// Generated from the Rust types by `src/typescript.rs`; do not edit.\n\
         // Regenerate: HUKOU_YEARS_REGENERATE=1 cargo test --lib generated\n\n",
    );
    for part in [
        decl::<Month>(cfg),
        decl::<Date>(cfg),
        decl::<Kind>(cfg),
        decl::<Confidence>(cfg),
        decl::<Counting>(cfg),
        decl::<BackPaid>(cfg),
        decl::<Cutoff>(cfg),
        decl::<Basis>(cfg),
        decl::<Part>(cfg),
        decl::<Text>(cfg),
        decl::<SourceNature>(cfg),
        decl::<Source>(cfg),
        decl::<Unknown>(cfg),
        decl::<AgreementPart>(cfg),
        decl::<Condition>(cfg),
        decl::<CityEntry>(cfg),
        decl::<Region>(cfg),
        decl::<Gazetteer>(cfg),
        decl::<HistoryInput>(cfg),
        decl::<PeriodInput>(cfg),
        decl::<CheckOptions>(cfg),
        decl::<WhatIfInput>(cfg),
        decl::<ErrorKind>(cfg),
        decl::<ErrorView>(cfg),
        decl::<Status>(cfg),
        decl::<CityStatus>(cfg),
        decl::<WeakPart>(cfg),
        decl::<PilotEnd>(cfg),
        decl::<RouteReason>(cfg),
        decl::<NoProjection>(cfg),
        decl::<PartnerExclusion>(cfg),
        decl::<Step>(cfg),
        decl::<CityMonths>(cfg),
        decl::<ElsewhereMonths>(cfg),
        decl::<RequirementReport>(cfg),
        decl::<AgreementUse>(cfg),
        decl::<PointsUnit>(cfg),
        decl::<RecognitionScope>(cfg),
        decl::<PointsScope>(cfg),
        decl::<Clause>(cfg),
        decl::<PointsRange>(cfg),
        decl::<PastScore>(cfg),
        decl::<PointsCityMonths>(cfg),
        decl::<PointsComponentReport>(cfg),
        decl::<PointsReport>(cfg),
        decl::<RouteReport>(cfg),
        decl::<CityReport>(cfg),
        decl::<WhatIfReport>(cfg),
        decl::<Report>(cfg),
    ] {
        out.push_str(&part);
    }
    // The boundary's own wrappers (src/wasm/mod.rs: Outcome and the thrown
    // error), which exist only in the WebAssembly build.
    out.push_str(
        "\n/** What `Checker.check` returns. */\n\
         export type CheckResult = { ok: true, report: Report } | { ok: false, errors: Array<ErrorView> };\n\
         /** What the `Checker` constructor throws: the first error, and all of them. */\n\
         export type RulesError = ErrorView & { errors: Array<ErrorView> };\n\
         /** `Checker.agreements()`: every agreement's id and names. */\n\
         export type AgreementName = { id: string, name_zh: string, name_en: string };\n\
         /** The history file format (version 1), as the page writes it. */\n\
         export type History = HistoryInput;\n",
    );
    out
}

/// The string literals of a union type's inline form: `"a" | "b"` → a, b; for
/// a union of tagged objects, the values of `tag`.
fn literals<T: TS>(tag: Option<&str>) -> Vec<String> {
    let inline = T::inline(&Config::default());
    let mut out = Vec::new();
    let mut rest = inline.as_str();
    let marker = tag.map(|t| format!("\"{t}\": \""));
    loop {
        let start = match &marker {
            Some(m) => match rest.find(m.as_str()) {
                Some(i) => i + m.len(),
                None => break,
            },
            None => match rest.find('"') {
                Some(i) => i + 1,
                None => break,
            },
        };
        let Some(len) = rest[start..].find('"') else {
            break;
        };
        out.push(rest[start..start + len].to_string());
        rest = &rest[start + len + 1..];
    }
    out
}

/// Every code the page and the command line must word, by vocabulary.
fn vocabulary() -> String {
    let lists = [
        ("step", literals::<Step>(Some("code"))),
        ("status", literals::<Status>(None)),
        ("city_status", literals::<CityStatus>(None)),
        ("basis", literals::<Basis>(None)),
        ("part", literals::<Part>(None)),
        ("weak_part", literals::<WeakPart>(Some("part"))),
        ("no_projection", literals::<NoProjection>(None)),
        ("error_kind", literals::<ErrorKind>(None)),
        ("partner_exclusion", literals::<PartnerExclusion>(None)),
        ("kind", literals::<Kind>(None)),
        ("counting", literals::<Counting>(None)),
        ("cutoff", literals::<Cutoff>(None)),
        ("back_paid", literals::<BackPaid>(None)),
        ("confidence", literals::<Confidence>(None)),
        ("route_reason", literals::<RouteReason>(None)),
        ("points_unit", literals::<PointsUnit>(None)),
        ("recognition_scope", literals::<RecognitionScope>(None)),
        ("points_scope", literals::<PointsScope>(None)),
        ("source_nature", literals::<SourceNature>(None)),
        ("agreement_part", literals::<AgreementPart>(None)),
    ];
    let mut map = serde_json::Map::new();
    for (name, list) in lists {
        assert!(!list.is_empty(), "no literals found for {name}");
        map.insert(name.to_string(), list.into());
    }
    let mut text = serde_json::to_string_pretty(&map).expect("strings serialize");
    text.push('\n');
    text
}

/// Compares a generated file with the committed one, or writes it.
pub(crate) fn check_generated(relative: &str, generated: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    if std::env::var_os("HUKOU_YEARS_REGENERATE").is_some() {
        std::fs::create_dir_all(path.parent().expect("a file in a folder")).expect("mkdir");
        std::fs::write(&path, generated).expect("write the generated file");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "{relative} differs from what the Rust types generate: \
         run HUKOU_YEARS_REGENERATE=1 cargo test --lib generated and commit the result"
    );
}

#[test]
fn generated_typescript_declarations_are_up_to_date() {
    check_generated(TYPES, &declarations());
}

#[test]
fn generated_vocabulary_is_up_to_date() {
    check_generated(VOCABULARY, &vocabulary());
}

#[test]
fn the_vocabulary_lists_every_step_and_error_kind() {
    // The literal scan must see every variant, not stop early.
    let vocabulary: serde_json::Value = serde_json::from_str(&vocabulary()).unwrap();
    let kinds: Vec<&str> = ErrorKind::ALL.iter().map(|k| k.as_str()).collect();
    assert_eq!(vocabulary["error_kind"], serde_json::json!(kinds));
    let steps = vocabulary["step"].as_array().unwrap();
    for code in ["rule_version", "pilot_ends_before", "no_rules_for"] {
        assert!(steps.iter().any(|s| s == code), "{code} missing");
    }
}
