//! The command line is a contract: other tools rely on its output, its exit
//! codes and its messages.
#![cfg(not(target_arch = "wasm32"))]

use std::path::Path;
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_hukou-years");
const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn run(args: &[&str], dir: &Path) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the binary runs")
}

fn example() -> String {
    format!("{ROOT}/examples/wuxi-suzhou-nanjing.json")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A directory of its own under the system's temporary directory, removed
/// when the test is done with it.
struct Scratch(std::path::PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("hukou-years-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }
}

impl std::ops::Deref for Scratch {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A file `name` holding `text`, in a scratch directory of its own; the
/// directory goes when the returned guard does.
fn temp_file(name: &str, text: &str) -> (Scratch, std::path::PathBuf) {
    let dir = Scratch::new(&format!("cli-{name}"));
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    (dir, path)
}

#[test]
fn check_prints_json_with_the_contract_fields_from_any_directory() {
    // Run from the filesystem root: the shipped rules are embedded.
    let out = run(
        &[
            "check",
            &example(),
            "--as-of",
            "2026-11-26",
            "--format",
            "json",
            "--city",
            "nanjing",
        ],
        Path::new("/"),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["as_of"], "2026-11-26");
    assert!(report["rules_version"]
        .as_str()
        .is_some_and(|v| v.starts_with("20")));
    let cities = report["cities"].as_array().unwrap();
    assert_eq!(cities.len(), 1);
    assert_eq!(cities[0]["city"], "nanjing");
    assert_eq!(cities[0]["name_zh"], "南京市");
    for route in cities[0]["routes"].as_array().unwrap() {
        for key in [
            "route",
            "status",
            "requirements",
            "eligible_from",
            "unchecked",
            "sources",
            "confidence",
            "verified_on",
            "explanation",
        ] {
            assert!(route.get(key).is_some(), "route lacks {key}: {route}");
        }
        for req in route["requirements"].as_array().unwrap() {
            for key in [
                "kind",
                "required_months",
                "counted_months",
                "local_months",
                "met",
            ] {
                assert!(req.get(key).is_some(), "requirement lacks {key}: {req}");
            }
        }
    }
}

/// `check` on the example history as of 2026-11-26 with `--format json` and
/// `extra` arguments; the parsed report.
fn json_report(extra: &[&str]) -> serde_json::Value {
    let example = example();
    let mut args = vec![
        "check",
        &example,
        "--as-of",
        "2026-11-26",
        "--format",
        "json",
    ];
    args.extend_from_slice(extra);
    let out = run(&args, Path::new(ROOT));
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    serde_json::from_slice(&out.stdout).expect("the report is JSON")
}

#[test]
fn check_without_city_answers_every_city_with_rules_and_every_pilot_member() {
    let report = json_report(&[]);
    let rules = hukou_years::rules::shipped::default_rules();
    let cities = report["cities"].as_array().unwrap();
    let status = |id: &str| {
        cities
            .iter()
            .find(|c| c["city"] == id)
            .map(|c| c["status"].as_str().unwrap().to_string())
    };
    // The example's hukou is in Xiangtan: already registered there.
    for doc in &rules.cities {
        let id = rules.city_id(doc.city);
        let expected = if id == "xiangtan" {
            "already_registered"
        } else {
            "rules"
        };
        assert_eq!(status(id).as_deref(), Some(expected), "{id}");
    }
    // Every pilot member answers; one without rules says so, rather than
    // nothing.
    for region in rules.gazetteer.regions.iter().filter(|r| r.pilot) {
        for member in &region.members {
            let city = rules.city_by_name(member).unwrap();
            let id = rules.city_id(city);
            assert!(status(id).is_some(), "{id} of {} gets no answer", region.id);
            if rules.rules_of(city).is_none() {
                assert_eq!(status(id).as_deref(), Some("no_rules"), "{id}");
            }
        }
    }
}

#[test]
fn a_requested_city_without_rules_answers_no_rules_with_its_region() {
    // Tianjin is outside the pilot regions and has no rules.
    let report = json_report(&["--city", "tianjin"]);
    let cities = report["cities"].as_array().unwrap();
    assert_eq!(cities.len(), 1);
    assert_eq!(cities[0]["status"], "no_rules");
    assert_eq!(cities[0]["routes"], serde_json::json!([]));
    assert!(cities[0]["regions"].as_array().unwrap().len() == 1);
}

#[test]
fn check_text_is_a_readable_table_with_the_explanation() {
    let out = run(
        &[
            "check",
            &example(),
            "--as-of",
            "2026-11-26",
            "--city",
            "nanjing",
        ],
        Path::new(ROOT),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("南京市 Nanjing (320100)"), "{text}");
    assert!(text.contains("not an official determination"), "{text}");
    assert!(text.contains("source:"), "{text}");
    assert!(text.contains("months in nanjing itself"), "{text}");
}

#[test]
fn bad_history_exits_2_naming_file_and_field() {
    let (_scratch, path) = temp_file(
        "bad.json",
        r#"{"periods": [{"city": "wuxi", "kind": "residence", "from": "2021-01", "to": "2021-13"},
                         {"city": "atlantis", "kind": "residence", "from": "2022-05", "to": "2021-01"}]}"#,
    );
    let out = run(
        &["check", path.to_str().unwrap(), "--as-of", "2026-11-26"],
        Path::new(ROOT),
    );
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains(r#"bad.json: periods[0].to: "2021-13" is not a month (YYYY-MM)"#),
        "{err}"
    );
    assert!(
        err.contains(
            r#"periods[1].city: "atlantis" is not a known city id, GB/T 2260 code or Chinese name"#
        ),
        "{err}"
    );
    assert!(
        err.contains("periods[1].to: the period ends (2021-01) before it starts (2022-05)"),
        "{err}"
    );
    assert!(
        !err.contains("panicked") && !err.contains("RUST_BACKTRACE"),
        "{err}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn malformed_json_and_missing_files_exit_2() {
    let (_scratch, path) = temp_file(
        "malformed.json",
        r#"{"periods": [{"city": "wuxi", "kind": 3}]}"#,
    );
    let out = run(
        &["check", path.to_str().unwrap(), "--as-of", "2026-11-26"],
        Path::new(ROOT),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("periods[0].kind: invalid type: integer `3`, expected a string"),
        "{}",
        stderr(&out)
    );

    let out = run(&["check", "/nonexistent/history.json"], Path::new(ROOT));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("/nonexistent/history.json: cannot read"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn bad_options_exit_2() {
    for (args, expected) in [
        (
            vec!["--as-of", "2026-02-30"],
            r#"--as-of: "2026-02-30" is not a date (YYYY-MM-DD)"#,
        ),
        (
            vec!["--city", "atlantis"],
            r#"--city (cities[0]): "atlantis" is not a known city id"#,
        ),
        (
            vec!["--what-if", "nanjing:2020-01"],
            "--what-if (what_if.from): 2020-01 is not after the evaluation month 2026-11",
        ),
        (
            vec!["--format", "xml"],
            r#"--format "xml": expected text or json"#,
        ),
    ] {
        let mut all = vec!["check", "examples/wuxi-suzhou-nanjing.json"];
        if !args.contains(&"--as-of") {
            all.extend(["--as-of", "2026-11-26"]);
        }
        all.extend(args.iter().copied());
        let out = run(&all, Path::new(ROOT));
        assert_eq!(out.status.code(), Some(2), "{all:?}");
        assert!(stderr(&out).contains(expected), "{all:?}: {}", stderr(&out));
    }
}

#[test]
fn with_format_json_errors_are_json_on_stdout_too() {
    let (_scratch, path) = temp_file(
        "errors.json",
        r#"{"periods": [{"city": "atlantis", "kind": "residence", "from": "1900-01"}]}"#,
    );
    let out = run(
        &[
            "check",
            path.to_str().unwrap(),
            "--as-of",
            "2026-11-26",
            "--what-if",
            "nanjing:2020-01",
            "--format",
            "json",
        ],
        Path::new(ROOT),
    );
    assert_eq!(out.status.code(), Some(2));
    let outcome: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    assert_eq!(outcome["ok"], false);
    let errors = outcome["errors"].as_array().unwrap();
    let fields = |e: &serde_json::Value| {
        (
            e["kind"].as_str().unwrap().to_string(),
            e["path"].as_str().unwrap().to_string(),
            e["value"].as_str().map(str::to_string),
            e["bound"].as_str().map(str::to_string),
        )
    };
    let got: Vec<_> = errors.iter().map(fields).collect();
    let own = |kind: &str, path: &str, value: &str, bound: &str| {
        (
            kind.into(),
            path.into(),
            Some(value.into()),
            Some(bound.into()),
        )
    };
    assert_eq!(
        got,
        vec![
            own("bad_option", "options.what_if.from", "2020-01", "2026-11"),
            (
                "unknown_city".into(),
                "periods[0].city".into(),
                Some("atlantis".into()),
                None
            ),
            own("bad_month", "periods[0].from", "1900-01", "1950-01"),
        ]
    );
    assert_eq!(errors[1]["file"], path.to_str().unwrap());
    // The same errors in words on stderr.
    assert!(stderr(&out).contains(
        r#"periods[0].from: "1900-01" is outside the supported months 1950-01 to 2200-12"#
    ));
}

#[test]
fn a_future_month_is_refused() {
    let (_scratch, path) = temp_file(
        "future.json",
        r#"{"periods": [{"city": "wuxi", "kind": "residence", "from": "2027-01"}]}"#,
    );
    let out = run(
        &["check", path.to_str().unwrap(), "--as-of", "2026-11-26"],
        Path::new(ROOT),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("periods[0].from: 2027-01 is after the evaluation month 2026-11"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn what_if_changes_the_projection() {
    let shanghai = |report: &serde_json::Value| report["cities"][0]["routes"][0].clone();
    // Nothing continues in Shanghai: no projection.
    let now = shanghai(&json_report(&["--city", "shanghai"]));
    assert_eq!(now["eligible_from"], serde_json::Value::Null);
    assert_eq!(now["no_projection"], "nothing_ongoing");
    // Moving there in December 2026: 84 months of permit and insurance
    // (both kinds continue there) are reached in November 2033.
    let report = json_report(&["--city", "shanghai", "--what-if", "shanghai:2026-12"]);
    assert_eq!(report["what_if"]["city"], "shanghai");
    assert_eq!(report["what_if"]["from"], "2026-12");
    assert_eq!(shanghai(&report)["eligible_from"], "2033-11");
}

#[test]
fn rules_validates_and_lists_and_reports_bad_rules() {
    let out = run(&["rules"], Path::new("/"));
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("agreement"), "{text}");
    assert!(text.contains("verified"), "{text}");

    let out = run(
        &["rules", "--rules", &format!("{ROOT}/rules")],
        Path::new("/"),
    );
    assert!(out.status.success(), "{}", stderr(&out));

    let dir = Scratch::new("badrules");
    std::fs::write(
        dir.join("gazetteer.json"),
        r#"{"cities": [], "regions": [], "colour": 1}"#,
    )
    .unwrap();
    let out = run(&["rules", "--rules", dir.to_str().unwrap()], Path::new("/"));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("gazetteer.json: colour: unknown field `colour`"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn bundle_round_trips_to_the_same_rules() {
    let out = run(&["bundle"], Path::new("/"));
    assert!(out.status.success(), "{}", stderr(&out));
    let bundle: hukou_years::rules::Bundle = serde_json::from_slice(&out.stdout).unwrap();
    let rules = hukou_years::RuleSet::from_bundle(bundle).expect("the bundle validates");
    assert_eq!(
        rules.version,
        hukou_years::rules::shipped::default_rules().version
    );
}

#[test]
fn usage_errors_exit_2() {
    let out = run(&["frobnicate"], Path::new(ROOT));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("\"frobnicate\" is not a command"));
    let out = run(&[], Path::new(ROOT));
    assert_eq!(out.status.code(), Some(2));
    let out = run(&["--help"], Path::new(ROOT));
    assert!(out.status.success());
}

#[test]
fn cities_anywhere_in_china_can_be_named_in_chinese() {
    // Wuhan and Hengyang have no rules: they are accepted, and their months
    // count only where an agreement recognises them.
    let (_scratch, path) = temp_file(
        "wuhan.json",
        r#"{"hukou_city": "衡阳", "periods": [
            {"city": "武汉市", "kind": "social_insurance", "from": "2019-01", "to": "2023-12"},
            {"city": "宿州", "kind": "residence", "from": "2020-01", "to": "2020-06"},
            {"city": "南京", "kind": "social_insurance", "from": "2024-01", "to": null}]}"#,
    );
    let file = path.to_str().unwrap();
    let out = run(
        &["check", file, "--as-of", "2026-11-26", "--city", "长沙"],
        Path::new(ROOT),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("长沙市 Changsha (430100)"), "{text}");
    // Hengyang is not one of the three cities of the 长株潭 transfer.
    assert!(text.contains("hengyang"), "{text}");

    let out = run(
        &[
            "check",
            file,
            "--as-of",
            "2026-11-26",
            "--city",
            "苏州",
            "--format",
            "json",
        ],
        Path::new(ROOT),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["cities"][0]["city"], "suzhou");

    // In the text, a name two cities share comes with the province.
    let out = run(
        &["check", file, "--as-of", "2026-11-26", "--city", "320500"],
        Path::new(ROOT),
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("苏州市 Suzhou (Jiangsu) (320500)"), "{text}");

    let out = run(
        &["check", file, "--as-of", "2026-11-26", "--city", "苏州省"],
        Path::new(ROOT),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains(r#""苏州省" is not a known city id, GB/T 2260 code or Chinese name"#),
        "{}",
        stderr(&out)
    );
}

/// `rules --coverage --format json` with these extra arguments.
fn coverage_json(extra: &[&str], dir: &Path) -> serde_json::Value {
    let mut args = vec!["rules", "--coverage", "--format", "json"];
    args.extend_from_slice(extra);
    let out = run(&args, dir);
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Every `verified_on` of the shipped rules, read from the bundle: route
/// versions, agreement versions and regions.
fn verified_days() -> Vec<String> {
    let out = run(&["rules", "--format", "json"], Path::new("/"));
    let bundle: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut days = Vec::new();
    for city in bundle["cities"].as_array().unwrap() {
        for route in city["doc"]["routes"].as_array().unwrap() {
            for v in route["versions"].as_array().unwrap() {
                days.push(v["verified_on"].as_str().unwrap().to_string());
            }
        }
    }
    for a in bundle["agreements"].as_array().unwrap() {
        for v in a["doc"]["versions"].as_array().unwrap() {
            days.push(v["verified_on"].as_str().unwrap().to_string());
        }
    }
    for r in bundle["gazetteer"]["doc"]["regions"].as_array().unwrap() {
        days.push(r["verified_on"].as_str().unwrap().to_string());
    }
    days
}

#[test]
fn rules_coverage_lists_stale_entries_against_a_fixed_day() {
    let days = verified_days();
    let oldest = days.iter().min().unwrap().clone();

    // Far in the future, every entry is stale (and that is not an error).
    let c = coverage_json(&["--today", "2030-01-01"], Path::new("/"));
    assert_eq!(c["today"], "2030-01-01");
    assert_eq!(c["stale_months"], 6);
    assert_eq!(c["stale_before"], "2029-07-01");
    assert_eq!(c["checked_entries"], days.len());
    let stale = c["stale"].as_array().unwrap();
    assert_eq!(stale.len(), days.len());
    for what in ["route", "agreement", "region"] {
        assert!(stale.iter().any(|e| e["what"] == what), "{what}: {c}");
    }
    let listed: Vec<&str> = stale
        .iter()
        .map(|e| e["verified_on"].as_str().unwrap())
        .collect();
    let mut sorted = listed.clone();
    sorted.sort();
    assert_eq!(listed, sorted, "oldest first");

    // On the day of the oldest check, none is.
    let c = coverage_json(&["--today", &oldest], Path::new("/"));
    assert_eq!(c["stale"].as_array().unwrap().len(), 0, "{c}");

    // Exactly six months later none is either; a day later the oldest are.
    let day = chrono::NaiveDate::parse_from_str(&oldest, "%Y-%m-%d").unwrap();
    let six = day.checked_add_months(chrono::Months::new(6)).unwrap();
    let c = coverage_json(&["--today", &six.to_string()], Path::new("/"));
    assert_eq!(c["stale"].as_array().unwrap().len(), 0, "{c}");
    let next = six.succ_opt().unwrap().to_string();
    let c = coverage_json(&["--today", &next], Path::new("/"));
    let at_oldest = days.iter().filter(|d| **d == oldest).count();
    assert_eq!(c["stale"].as_array().unwrap().len(), at_oldest, "{c}");
    // A longer window takes them back out.
    let c = coverage_json(&["--today", &next, "--stale-months", "7"], Path::new("/"));
    assert_eq!(c["stale"].as_array().unwrap().len(), 0, "{c}");
}

#[test]
fn rules_coverage_groups_every_city_with_rules_once_by_confidence() {
    let c = coverage_json(&["--today", "2026-11-26"], Path::new("/"));
    let levels: Vec<&str> = (c["by_confidence"].as_array().unwrap().iter())
        .map(|g| g["confidence"].as_str().unwrap())
        .collect();
    assert_eq!(levels, ["unverified", "third_party", "news", "official"]);
    let mut grouped: Vec<String> = (c["by_confidence"].as_array().unwrap().iter())
        .flat_map(|g| g["cities"].as_array().unwrap().iter())
        .chain(c["no_version_in_force"].as_array().unwrap().iter())
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    grouped.sort();
    let rules = hukou_years::rules::shipped::default_rules();
    let mut with_rules: Vec<String> = (rules.cities.iter())
        .map(|c| rules.city_id(c.city).to_string())
        .collect();
    with_rules.sort();
    assert_eq!(grouped, with_rules);
    assert_eq!(c["cities_with_rules"], with_rules.len());
    // Before any rule took effect, no city has a version in force.
    let c = coverage_json(&["--today", "1990-01-01"], Path::new("/"));
    assert_eq!(
        c["no_version_in_force"].as_array().unwrap().len(),
        with_rules.len()
    );
}

/// A copy of rules/ (without the schemas) in a scratch directory, each file
/// passed through `edit(relative path, document)`.
fn rules_copy(name: &str, edit: impl Fn(&str, &mut serde_json::Value)) -> Scratch {
    let dir = Scratch::new(name);
    let files = hukou_years::files::read_rules_dir(Path::new(&format!("{ROOT}/rules"))).unwrap();
    for (path, text) in files {
        let mut doc: serde_json::Value = serde_json::from_str(&text).unwrap();
        edit(&path, &mut doc);
        let target = dir.join(&path);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(target, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
    }
    dir
}

/// Sets every `verified_on` in a document to `day`.
fn set_verified(doc: &mut serde_json::Value, day: &str) {
    match doc {
        serde_json::Value::Object(map) => {
            for (key, value) in map.iter_mut() {
                if key == "verified_on" {
                    *value = day.into();
                } else {
                    set_verified(value, day);
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(|v| set_verified(v, day)),
        _ => {}
    }
}

#[test]
fn rules_coverage_names_a_stale_region_an_unknown_threshold_and_a_pilot_city_without_rules() {
    // A copy of the rules where everything was verified on 2026-11-26 except
    // the first region (verified on the day its source was published, which
    // is earlier); Zhengzhou's rules are gone; Beijing's points route has
    // unknown thresholds.
    let region_day = std::cell::RefCell::new(String::new());
    let dir = rules_copy("coverage", |path, doc| {
        set_verified(doc, "2026-11-26");
        if path == "gazetteer.json" {
            let region = &mut doc["regions"][0];
            let published = region["source"]["published"].as_str().unwrap().to_string();
            region["verified_on"] = published.clone().into();
            *region_day.borrow_mut() = published;
        }
        if path == "cities/beijing.json" {
            for v in doc["routes"][0]["versions"].as_array_mut().unwrap() {
                v["requirements"] = serde_json::json!([]);
                v["points"] = serde_json::Value::Null;
                v["unknown"] = serde_json::json!({
                    "reason": {"zh": "测试", "en": "a test"},
                    "settled_by": {"zh": "测试文件", "en": "the test document"}
                });
            }
        }
    });
    std::fs::remove_file(dir.join("cities/zhengzhou.json")).unwrap();
    let region_day = region_day.into_inner();
    assert!(region_day.as_str() < "2026-11-26", "{region_day}");
    let rules_dir = dir.to_str().unwrap();

    let args = [
        "rules",
        "--coverage",
        "--rules",
        rules_dir,
        "--today",
        "2026-11-26",
        "--stale-months",
        "0",
    ];
    let out = run(&args, Path::new("/"));
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("stale: 1 of ") && text.contains("before 2026-11-26 (more than 0 months"),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "    {region_day}  region beijing_subcentre  (gazetteer.json)"
        )),
        "{text}"
    );
    assert!(text.contains("beijing/points "), "{text}");
    assert!(
        text.contains("(in force): settled by the test document"),
        "{text}"
    );
    assert!(
        text.contains("郑州市 Zhengzhou (zhengzhou): 郑州市 zhengzhou"),
        "{text}"
    );

    let mut json_args = args.to_vec();
    json_args.extend(["--format", "json"]);
    let out = run(&json_args, Path::new("/"));
    let c: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let gaps = c["pilot_members_without_rules"].as_array().unwrap();
    let zhengzhou = gaps.iter().find(|g| g["region"] == "zhengzhou").unwrap();
    assert_eq!(zhengzhou["cities"], serde_json::json!(["zhengzhou"]));
    assert!(
        (c["unknown_thresholds"].as_array().unwrap().iter())
            .any(|u| u["city"] == "beijing" && u["route"] == "points" && u["in_force"] == true),
        "{c}"
    );

    // The listing without --coverage ends with the same coverage.
    let out = run(
        &["rules", "--rules", rules_dir, "--today", "2026-11-26"],
        Path::new("/"),
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("agreement "), "{text}");
    assert!(text.contains("\ncoverage on 2026-11-26"), "{text}");
}

#[test]
fn coverage_options_are_checked_and_belong_to_rules() {
    for (args, message) in [
        (
            vec!["rules", "--today", "2026-02-30"],
            r#"--today "2026-02-30": expected a date"#,
        ),
        (
            vec!["rules", "--stale-months", "six"],
            r#"--stale-months "six": expected a whole number"#,
        ),
        (
            vec!["bundle", "--coverage"],
            "--coverage is an option of the rules command",
        ),
        (
            vec!["check", "x.json", "--today", "2026-11-26"],
            "--today is an option of the rules command",
        ),
    ] {
        let out = run(&args, Path::new("/"));
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stderr(&out).contains(message), "{args:?}: {}", stderr(&out));
    }
}
