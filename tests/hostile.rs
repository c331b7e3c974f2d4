//! Hostile inputs (`tests/hostile_inputs.json`): every case through the
//! command line binary, with a timeout. A case passes when the exit status
//! is 0 with a report or 2 with errors as expected (never 101, a panic, nor
//! a hang), the expected kind, path and message words are in one of the
//! errors, and stderr and stdout stay small.
#![cfg(all(not(target_arch = "wasm32"), unix))]

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde::Deserialize;
use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_hukou-years");
const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const TIMEOUT: Duration = Duration::from_secs(10);
/// Stderr of a failing check: at most 50 lines of bounded length.
const MAX_STDERR: usize = 64 * 1024;
/// Errors on stdout: every error, each value cut.
const MAX_ERROR_JSON: usize = 1024 * 1024;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Table {
    #[serde(rename = "about")]
    _about: Vec<String>,
    cases: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    input: Value,
    expect: Expect,
    #[serde(default)]
    args: Vec<String>,
    #[serde(default)]
    rules: Option<RulesEdit>,
    /// What the page must do where a browser reads the file otherwise
    /// (checked by tests/browser/hostile.test.mjs, not here).
    #[serde(default)]
    #[allow(dead_code)]
    page: Option<Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    ok: bool,
    kind: Option<String>,
    path: Option<String>,
    message_contains: Option<String>,
    overlap_notes: Option<usize>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesEdit {
    #[serde(default)]
    replace: Vec<Replace>,
    #[serde(default)]
    links: Vec<Link>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Replace {
    file: String,
    text: String,
    with: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Link {
    at: String,
    to: String,
}

/// A generated input: see the table's `about`.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct Generator {
    before: String,
    repeat: String,
    separator: String,
    times: usize,
    middle: String,
    after_repeat: String,
    after_times: usize,
    after: String,
    stdin: bool,
    base64: Option<String>,
}

/// The input's bytes, and whether they go to standard input.
fn input_bytes(input: &Value) -> (Vec<u8>, bool) {
    if let Some(text) = input.as_str() {
        return (text.as_bytes().to_vec(), false);
    }
    let g: Generator = serde_json::from_value(input.clone()).expect("an input generator");
    if let Some(encoded) = &g.base64 {
        return (decode(encoded), g.stdin);
    }
    let mut text = g.before.clone();
    text.push_str(&vec![g.repeat.as_str(); g.times].join(&g.separator));
    text.push_str(&g.middle);
    text.push_str(&g.after_repeat.repeat(g.after_times));
    text.push_str(&g.after);
    (text.into_bytes(), g.stdin)
}

struct Run {
    code: Option<i32>,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
}

/// Runs the binary, killing it after [`TIMEOUT`].
fn run(args: &[String], stdin: Option<Vec<u8>>) -> Run {
    let start = Instant::now();
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(ROOT)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    // Feed stdin and drain the pipes on threads, so that no pipe fills.
    let feeder = stdin.map(|bytes| {
        let mut pipe = child.stdin.take().unwrap();
        std::thread::spawn(move || {
            // The binary stops reading at its limit: a closed pipe is fine.
            let _ = pipe.write_all(&bytes);
        })
    });
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            bytes
        })
    };
    let out = drain(Box::new(child.stdout.take().unwrap()));
    let err = drain(Box::new(child.stderr.take().unwrap()));
    let code = loop {
        if let Some(status) = child.try_wait().expect("the binary can be waited for") {
            break status.code();
        }
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    if let Some(feeder) = feeder {
        let _ = feeder.join();
    }
    Run {
        code,
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
    }
}

/// A copy of `rules/` with the case's edits, in a fresh directory.
fn edited_rules(edit: &RulesEdit, dir: &Path) -> PathBuf {
    let _ = std::fs::remove_dir_all(dir);
    for (path, text) in hukou_years::files::read_rules_dir(&Path::new(ROOT).join("rules")).unwrap()
    {
        let target = dir.join(&path);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(target, text).unwrap();
    }
    for r in &edit.replace {
        let file = dir.join(&r.file);
        let text = std::fs::read_to_string(&file).unwrap();
        assert_eq!(
            text.matches(&r.text).count(),
            1,
            "{}: {:?} must occur once",
            r.file,
            r.text
        );
        std::fs::write(&file, text.replace(&r.text, &r.with)).unwrap();
    }
    for link in &edit.links {
        std::os::unix::fs::symlink(&link.to, dir.join(&link.at)).unwrap();
    }
    dir.to_path_buf()
}

/// What is wrong with the case's run; `None` when it passes.
fn check_case(case: &Case, scratch: &Path) -> Option<String> {
    let mut args: Vec<String>;
    let mut stdin = None;
    if let Some(edit) = &case.rules {
        let dir = edited_rules(edit, &scratch.join("rules"));
        args = vec!["rules".into(), "--rules".into(), dir.display().to_string()];
    } else {
        let (bytes, on_stdin) = input_bytes(&case.input);
        let file = if on_stdin {
            stdin = Some(bytes);
            "-".to_string()
        } else {
            let path = scratch.join("history.json");
            std::fs::write(&path, bytes).unwrap();
            path.display().to_string()
        };
        args = vec!["check".into(), file];
        if !case.args.iter().any(|a| a == "--as-of") {
            args.extend(["--as-of".into(), "2026-11-26".into()]);
        }
    }
    args.extend(case.args.iter().cloned());
    args.extend(["--format".into(), "json".into()]);
    let run = run(&args, stdin);
    let stderr = String::from_utf8_lossy(&run.stderr);
    let Some(code) = run.code else {
        return Some(format!(
            "no exit within {TIMEOUT:?} (killed), or killed by a signal"
        ));
    };
    if code == 101 || stderr.contains("panicked") {
        return Some(format!("panicked: {stderr}"));
    }
    let expected = if case.expect.ok { 0 } else { 2 };
    if code != expected {
        return Some(format!(
            "exit {code}, expected {expected}; stderr: {}",
            cut(&stderr)
        ));
    }
    if run.stderr.len() > MAX_STDERR {
        return Some(format!("{} bytes on stderr", run.stderr.len()));
    }
    if case.expect.ok {
        return check_report(case, &run);
    }
    if run.stdout.len() > MAX_ERROR_JSON {
        return Some(format!("{} bytes of errors on stdout", run.stdout.len()));
    }
    check_errors(&case.expect, &run, &stderr)
}

fn check_report(case: &Case, run: &Run) -> Option<String> {
    let report: Value = match serde_json::from_slice(&run.stdout) {
        Ok(report) => report,
        Err(e) => return Some(format!("stdout is not JSON: {e}")),
    };
    if case.rules.is_some() {
        return None;
    }
    let notes = report["history_notes"].as_array()?;
    let overlaps = notes
        .iter()
        .filter(|n| n["code"] == "records_overlap")
        .count();
    match case.expect.overlap_notes {
        Some(n) if n != overlaps => Some(format!("{overlaps} records_overlap notes, expected {n}")),
        _ => None,
    }
}

fn check_errors(expect: &Expect, run: &Run, stderr: &str) -> Option<String> {
    let errors = serde_json::from_slice::<Value>(&run.stdout)
        .ok()
        .and_then(|outcome| {
            (outcome["ok"] == false).then(|| outcome["errors"].as_array().cloned())?
        });
    let Some(errors) = errors else {
        if expect.kind.is_some() || expect.path.is_some() {
            return Some(format!("no JSON errors on stdout; stderr: {}", cut(stderr)));
        }
        let words = expect.message_contains.as_deref().unwrap_or("");
        return (!stderr.contains(words))
            .then(|| format!("stderr lacks {words:?}: {}", cut(stderr)));
    };
    let matches = |e: &Value| {
        expect.kind.as_ref().is_none_or(|k| e["kind"] == k.as_str())
            && expect.path.as_ref().is_none_or(|p| e["path"] == p.as_str())
            && (expect.message_contains.as_ref()).is_none_or(|m| {
                e["message"]
                    .as_str()
                    .is_some_and(|s| s.contains(m.as_str()))
            })
    };
    if errors.iter().any(matches) {
        return None;
    }
    Some(format!(
        "no error with kind {:?}, path {:?}, message containing {:?}; got {}",
        expect.kind,
        expect.path,
        expect.message_contains,
        cut(&Value::Array(errors).to_string())
    ))
}

/// Standard base64 (RFC 4648, with or without padding).
fn decode(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut bits = 0u32;
    let mut count = 0;
    let mut out = Vec::new();
    for c in text.bytes().filter(|&c| c != b'=') {
        let value = ALPHABET.iter().position(|&a| a == c).expect("base64") as u32;
        bits = bits << 6 | value;
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push((bits >> count) as u8);
            bits &= (1 << count) - 1;
        }
    }
    out
}

fn cut(text: &str) -> String {
    text.chars().take(600).collect()
}

#[test]
fn every_hostile_input_is_refused_or_read_as_expected() {
    let text = std::fs::read_to_string(Path::new(ROOT).join("tests/hostile_inputs.json")).unwrap();
    let table: Table = serde_json::from_str(&text).expect("the table reads");
    assert!(table.cases.len() >= 40, "only {} cases", table.cases.len());
    let scratch = std::env::temp_dir().join(format!("hukou-years-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).unwrap();
    let mut failures = Vec::new();
    let mut slowest = (Duration::ZERO, String::new());
    for case in &table.cases {
        let started = Instant::now();
        if let Some(problem) = check_case(case, &scratch) {
            failures.push(format!("{}: {problem}", case.name));
        }
        if started.elapsed() > slowest.0 {
            slowest = (started.elapsed(), case.name.clone());
        }
    }
    let _ = std::fs::remove_dir_all(&scratch);
    eprintln!("slowest case: {} ({:?})", slowest.1, slowest.0);
    assert!(
        failures.is_empty(),
        "{} of {} hostile cases failed:\n{}",
        failures.len(),
        table.cases.len(),
        failures.join("\n")
    );
}
