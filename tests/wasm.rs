//! The WebAssembly boundary as the page sees it: plain JS values in, plain
//! JS values out, errors as objects with a kind and a path, and no panic for
//! any input. Runs in Node (`cargo test --target wasm32-unknown-unknown --test
//! wasm`) and in headless Chromium (the same with `WASM_BINDGEN_USE_BROWSER=1`).
#![cfg(target_arch = "wasm32")]

use hukou_years::wasm::Checker;
use js_sys::{Array, Reflect, JSON};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

/// The shipped rules as the page loads them: `rules.bin`.
fn bundle() -> Vec<u8> {
    hukou_years::rules::shipped::default_rules()
        .to_bundle()
        .to_bytes()
}

fn checker() -> Checker {
    Checker::new(&bundle()).unwrap_or_else(|e| panic!("shipped rules rejected: {}", show(&e)))
}

fn js(text: &str) -> JsValue {
    JSON::parse(text).unwrap_or_else(|_| panic!("test JSON does not parse: {text}"))
}

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(key)).expect("an object")
}

fn show(value: &JsValue) -> String {
    JSON::stringify(value)
        .map(String::from)
        .unwrap_or_else(|_| format!("{value:?}"))
}

fn options() -> JsValue {
    js(r#"{"as_of": "2026-11-26"}"#)
}

/// The errors of a failed check, as (kind, path).
fn errors(result: &JsValue) -> Vec<(String, String)> {
    assert_eq!(
        get(result, "ok"),
        JsValue::FALSE,
        "expected errors, got {}",
        show(result)
    );
    let list: Array = get(result, "errors").into();
    assert!(list.length() > 0, "no errors in {}", show(result));
    list.iter()
        .map(|e| {
            let message = get(&e, "message").as_string().unwrap_or_default();
            assert!(!message.is_empty(), "error without a message: {}", show(&e));
            (
                get(&e, "kind").as_string().expect("kind is a string"),
                get(&e, "path").as_string().expect("path is a string"),
            )
        })
        .collect()
}

#[wasm_bindgen_test]
fn a_valid_history_gives_a_report_of_plain_objects() {
    let checker = checker();
    assert!(!checker.rules_version().is_empty());
    let history = js(r#"{"periods": [
        {"city": "suzhou", "kind": "social_insurance", "from": "2020-01", "to": "2023-12"},
        {"city": "nanjing", "kind": "social_insurance", "from": "2024-01", "to": null}
    ]}"#);
    let result = checker.check(history, options());
    assert_eq!(get(&result, "ok"), JsValue::TRUE, "{}", show(&result));
    let report = get(&result, "report");
    assert_eq!(
        get(&report, "as_of").as_string().as_deref(),
        Some("2026-11-26")
    );
    assert_eq!(
        get(&report, "evaluation_month").as_string().as_deref(),
        Some("2026-11")
    );
    assert_eq!(
        get(&report, "rules_version").as_string(),
        Some(checker.rules_version())
    );
    // json_compatible: None is null (not undefined) and maps are plain objects.
    assert!(get(&report, "what_if").is_null());
    let cities: Array = get(&report, "cities").into();
    let nanjing = cities
        .iter()
        .find(|c| get(c, "city").as_string().as_deref() == Some("nanjing"))
        .expect("nanjing is reported");
    let routes: Array = get(&nanjing, "routes").into();
    assert!(routes.length() > 0);
    let step = Array::from(&get(&routes.get(0), "explanation")).get(0);
    assert!(
        get(&step, "code").is_string(),
        "steps are tagged by code: {}",
        show(&step)
    );
    // The result survives JSON, as the page's save and share do.
    assert!(JSON::stringify(&result).is_ok());
}

#[wasm_bindgen_test]
fn a_value_of_the_wrong_type_is_an_error_with_its_path() {
    let result = checker().check(
        js(r#"{"periods": [
            {"city": "wuxi", "kind": "residence", "from": "2020-01"},
            {"city": "wuxi", "kind": "residence", "from": 202101}
        ]}"#),
        options(),
    );
    assert_eq!(
        errors(&result),
        [("malformed".to_string(), "periods[1].from".to_string())]
    );

    // Unknown keys are errors, as in a history file read natively: a misspelt
    // "back_paid" must not be dropped without a word.
    let result = checker().check(js(r#"{"periods": [], "colour": "red"}"#), options());
    assert_eq!(
        errors(&result),
        [("malformed".to_string(), "colour".to_string())]
    );
    let result = checker().check(
        js(r#"{"periods": [{"city": "wuxi", "kind": "residence", "from": "2020-01", "to": "2020-03", "back_payed": true}]}"#),
        options(),
    );
    assert_eq!(
        errors(&result),
        [("malformed".to_string(), "periods[0].back_payed".to_string())]
    );
    let result = checker().check(
        js(r#"{"periods": []}"#),
        js(r#"{"as_of": "2026-11-26", "what_if": {"city": "nanjing", "from": "2027-01", "kind": "residence"}}"#),
    );
    assert_eq!(
        errors(&result),
        [("malformed".to_string(), "options.what_if.kind".to_string())]
    );

    // An array is not an object with no fields.
    let result = checker().check(js("[1, 2, 3]"), options());
    assert_eq!(errors(&result), [("malformed".to_string(), String::new())]);
    let result = checker().check(js(r#"{"periods": [["wuxi"]]}"#), options());
    assert_eq!(
        errors(&result),
        [("malformed".to_string(), "periods[0]".to_string())]
    );

    let result = checker().check(js(r#"{"periods": {"0": 1}}"#), options());
    assert_eq!(
        errors(&result),
        [("malformed".to_string(), "periods".to_string())]
    );
}

#[wasm_bindgen_test]
fn every_history_problem_comes_back_at_its_field() {
    let result = checker().check(
        js(r#"{"hukou_city": "atlantis", "periods": [
            {"city": "wuxi", "kind": "social_insurance", "from": "2021-05", "to": "2021-01"},
            {"city": "wuxi", "kind": "social_insurance", "from": "2031-01", "to": null},
            {"city": "gotham", "kind": "pension", "from": "2021-13", "back_paid": true}
        ]}"#),
        options(),
    );
    let got = errors(&result);
    for expected in [
        ("unknown_city", "hukou_city"),
        ("reversed_period", "periods[0].to"),
        ("future_month", "periods[1].from"),
        ("unknown_city", "periods[2].city"),
        ("unknown_kind", "periods[2].kind"),
        ("bad_month", "periods[2].from"),
        ("back_paid_ongoing", "periods[2].back_paid"),
    ] {
        assert!(
            got.iter().any(|(k, p)| k == expected.0 && p == expected.1),
            "missing {expected:?} in {got:?}"
        );
    }
}

#[wasm_bindgen_test]
fn option_errors_have_paths_under_options() {
    let history = js(r#"{"periods": []}"#);
    let result = checker().check(history.clone(), js(r#"{"as_of": "26 Nov 2026"}"#));
    assert_eq!(
        errors(&result),
        [("bad_option".to_string(), "options.as_of".to_string())]
    );

    let result = checker().check(
        history.clone(),
        js(r#"{"as_of": "2026-11-26", "what_if": {"city": "nanjing", "from": "2020-01"}}"#),
    );
    assert_eq!(errors(&result)[0].1, "options.what_if.from");

    let result = checker().check(history, js(r#"{"as_of": 20261126}"#));
    assert_eq!(
        errors(&result),
        [("malformed".to_string(), "options.as_of".to_string())]
    );
}

#[wasm_bindgen_test]
fn a_what_if_is_reported() {
    let result = checker().check(
        js(r#"{"periods": [{"city": "suzhou", "kind": "social_insurance", "from": "2022-01", "to": "2024-12"}]}"#),
        js(r#"{"as_of": "2026-11-26", "what_if": {"city": "nanjing", "from": "2027-01"}}"#),
    );
    assert_eq!(get(&result, "ok"), JsValue::TRUE, "{}", show(&result));
    let what_if = get(&get(&result, "report"), "what_if");
    assert_eq!(
        get(&what_if, "city").as_string().as_deref(),
        Some("nanjing")
    );
    assert_eq!(
        get(&what_if, "from").as_string().as_deref(),
        Some("2027-01")
    );
}

#[wasm_bindgen_test]
fn garbage_never_panics() {
    let checker = checker();
    let garbage = [
        JsValue::UNDEFINED,
        JsValue::NULL,
        JsValue::from_f64(f64::NAN),
        JsValue::from_str("periods"),
        JsValue::TRUE,
        js("[]"),
        js("[1, 2, 3]"),
        js(r#"{"periods": null}"#),
        js(r#"{"periods": [null]}"#),
        js(r#"{"periods": [{}]}"#),
        js(r#"{"periods": [{"city": 1, "kind": [], "from": {}, "to": false}]}"#),
        js(r#"{"version": -1, "periods": []}"#),
        js(r#"{"version": 1e300, "periods": []}"#),
        js(r#"{"periods": [{"city": "wuxi", "kind": "residence", "from": "9999-99"}]}"#),
        js(r#"{"periods": [{"city": "", "kind": "", "from": "", "to": ""}]}"#),
        js(r#"{"hukou_city": {"id": "wuxi"}, "periods": []}"#),
        js(r#"{"periods": [{"city": "wuxi", "kind": "residence", "from": "2020-01", "note": 5}]}"#),
        js_sys::Object::new().into(),
        js_sys::Function::new_no_args("return 1").into(),
        js_sys::Symbol::for_("x").into(),
    ];
    let option_garbage = [
        options(),
        JsValue::UNDEFINED,
        JsValue::NULL,
        js("{}"),
        js(r#"{"as_of": "2026-11-26", "cities": "nanjing"}"#),
        js(r#"{"as_of": "2026-11-26", "cities": ["nowhere"]}"#),
        js(r#"{"as_of": "2026-02-30"}"#),
        js(
            r#"{"as_of": "2026-11-26", "what_if": {"city": "nanjing", "from": "2027-01", "kinds": ["x"]}}"#,
        ),
        js(r#"{"as_of": "2026-11-26", "what_if": 7}"#),
    ];
    for history in &garbage {
        for opts in &option_garbage {
            let result = checker.check(history.clone(), opts.clone());
            let ok = get(&result, "ok");
            assert!(
                ok.as_bool().is_some(),
                "{} / {} gave {}",
                show(history),
                show(opts),
                show(&result)
            );
            if ok == JsValue::FALSE {
                errors(&result);
            }
        }
    }
    // A long history is refused with a path, not a trap.
    let many = Array::new();
    for _ in 0..1001 {
        many.push(&js(
            r#"{"city": "wuxi", "kind": "residence", "from": "2020-01", "to": "2020-02"}"#,
        ));
    }
    let history = js_sys::Object::new();
    Reflect::set(&history, &"periods".into(), &many).unwrap();
    let result = checker.check(history.into(), options());
    assert_eq!(
        errors(&result)[0],
        ("too_many_periods".to_string(), "periods".to_string())
    );
}

#[wasm_bindgen_test]
fn invalid_rules_throw_an_error_object() {
    let good = bundle();
    for bad in [
        &[][..],
        &[3][..],
        &good[..good.len() / 2],
        &[0xff; 64][..],
        b"{\"rules_version\": 1}",
    ] {
        let Err(error) = Checker::new(bad) else {
            panic!("{bad:?} was accepted as rules");
        };
        assert_eq!(
            get(&error, "kind").as_string().as_deref(),
            Some("invalid_rules"),
            "{}",
            show(&error)
        );
        assert!(get(&error, "message").is_string());
        assert!(get(&error, "path").is_string());
    }
    // A bundle that decodes but does not hold together names the file and the field.
    let mut bundle = hukou_years::rules::shipped::default_rules().to_bundle();
    bundle.cities[0].doc.city = "nowhere".to_string();
    let Err(error) = Checker::new(&bundle.to_bytes()) else {
        panic!("a bundle with an unknown city was accepted");
    };
    assert_eq!(
        get(&error, "kind").as_string().as_deref(),
        Some("invalid_rules")
    );
    assert!(
        get(&error, "file")
            .as_string()
            .is_some_and(|f| f.starts_with("cities/")),
        "{}",
        show(&error)
    );
    assert_eq!(get(&error, "path").as_string().as_deref(), Some("city"));
    assert!(Array::from(&get(&error, "errors")).length() >= 1);
}

#[wasm_bindgen_test]
fn the_page_reads_cities_regions_and_agreement_names_from_the_checker() {
    let checker = checker();
    let rules = hukou_years::rules::shipped::default_rules();
    let gazetteer = checker.gazetteer();
    let cities = Array::from(&get(&gazetteer, "cities"));
    assert_eq!(cities.length() as usize, rules.gazetteer.cities.len());
    let first = cities.get(0);
    assert_eq!(
        get(&first, "id").as_string(),
        Some(rules.gazetteer.cities[0].id.clone())
    );
    assert!(get(&first, "name_zh").is_string() && get(&first, "code").is_string());
    let regions = Array::from(&get(&gazetteer, "regions"));
    assert_eq!(regions.length() as usize, rules.gazetteer.regions.len());
    assert!(Array::is_array(&get(&regions.get(0), "members")));
    let agreements = Array::from(&checker.agreements());
    assert_eq!(agreements.length() as usize, rules.agreements.len());
    for (i, agreement) in rules.agreements.iter().enumerate() {
        let names = agreements.get(i as u32);
        assert_eq!(
            get(&names, "id").as_string(),
            Some(agreement.doc.id.clone())
        );
        assert_eq!(
            get(&names, "name_en").as_string(),
            Some(agreement.doc.name_en.clone())
        );
    }
}
