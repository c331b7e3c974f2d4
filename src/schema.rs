//! The JSON Schema of the rules files (`rules/schema/*.schema.json`),
//! generated from the Rust model by schemars (derived under `cfg(test)`
//! only), so that the schema an editor validates against is never written
//! twice. The test fails on any difference from the committed files;
//! `HUKOU_YEARS_REGENERATE=1 cargo test --lib generated` writes them.

use schemars::{generate::SchemaSettings, JsonSchema};

use crate::rules::{Agreement, CityRules, Gazetteer};

fn schema<T: JsonSchema>() -> String {
    let schema = SchemaSettings::draft2020_12()
        .into_generator()
        .into_root_schema_for::<T>();
    let mut text = serde_json::to_string_pretty(&schema).expect("a schema serializes");
    text.push('\n');
    text
}

#[test]
fn generated_rules_schemas_are_up_to_date() {
    for (file, text) in [
        ("city.schema.json", schema::<CityRules>()),
        ("agreement.schema.json", schema::<Agreement>()),
        ("gazetteer.schema.json", schema::<Gazetteer>()),
    ] {
        crate::typescript::check_generated(&format!("rules/schema/{file}"), &text);
    }
}
