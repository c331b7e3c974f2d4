//! `hukou-years`: the command line for rules maintainers and batch checks.
//!
//! ```text
//! hukou-years check HISTORY.json [--as-of YYYY-MM-DD] [--city ID]… [--rules DIR]
//!                   [--format text|json] [--what-if CITY:YYYY-MM[:KIND]]
//! hukou-years rules [--rules DIR] [--format text|json]
//! hukou-years bundle [--rules DIR] [--out FILE]
//! ```
//!
//! `bundle --out FILE` also writes the bundle in binary form (postcard) next to
//! FILE, with the extension `.bin`: the page loads that one.
//!
//! Exit status: 0 on success, 2 on bad input (a message on stderr naming the
//! file and field), 1 when writing the output fails.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use hukou_years::{check, CheckOptions, InputError, RuleSet, WhatIfInput};

#[path = "cli/render.rs"]
mod render;

use render::{render_report, render_rules};

const USAGE: &str = "\
usage:
  hukou-years check HISTORY.json [--as-of YYYY-MM-DD] [--city ID]... [--rules DIR]
                    [--format text|json] [--what-if CITY:YYYY-MM[:KIND]]
  hukou-years rules [--rules DIR] [--format text|json]
  hukou-years bundle [--rules DIR] [--out FILE]

HISTORY.json may be - for standard input. --as-of defaults to today.
Without --rules, the rules shipped with the program are used.";

fn main() -> ExitCode {
    match run(std::env::args_os().skip(1).collect()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Input(lines)) => {
            for line in lines {
                eprintln!("hukou-years: {line}");
            }
            ExitCode::from(2)
        }
        Err(Failure::Output(err)) => {
            // A closed pipe (`| head`) is not worth a message.
            if err.kind() != std::io::ErrorKind::BrokenPipe {
                eprintln!("hukou-years: cannot write the output: {err}");
            }
            ExitCode::from(1)
        }
    }
}

enum Failure {
    Input(Vec<String>),
    Output(std::io::Error),
}

impl From<std::io::Error> for Failure {
    fn from(err: std::io::Error) -> Self {
        Failure::Output(err)
    }
}

fn bad(message: impl Into<String>) -> Failure {
    Failure::Input(vec![message.into()])
}

fn bad_all(errors: &[InputError], file: Option<&str>) -> Failure {
    Failure::Input(
        errors
            .iter()
            .map(|e| match (&e.file, file) {
                (None, Some(file)) => format!("{file}: {e}"),
                _ => e.to_string(),
            })
            .collect(),
    )
}

#[derive(Clone, Copy, PartialEq)]
enum Format {
    Text,
    Json,
}

struct Args {
    command: String,
    history: Option<String>,
    as_of: Option<String>,
    cities: Vec<String>,
    rules: Option<PathBuf>,
    format: Format,
    out: Option<PathBuf>,
    what_if: Option<String>,
}

fn parse_args(args: Vec<std::ffi::OsString>) -> Result<Args, Failure> {
    use lexopt::prelude::*;
    let mut parser = lexopt::Parser::from_args(args);
    let mut parsed = Args {
        command: String::new(),
        history: None,
        as_of: None,
        cities: Vec::new(),
        rules: None,
        format: Format::Text,
        out: None,
        what_if: None,
    };
    let text = |value: std::ffi::OsString, what: &str| {
        value
            .into_string()
            .map_err(|_| bad(format!("{what} is not valid UTF-8")))
    };
    while let Some(arg) = parser.next().map_err(|e| bad(format!("{e}\n{USAGE}")))? {
        let value =
            |parser: &mut lexopt::Parser| parser.value().map_err(|e| bad(format!("{e}\n{USAGE}")));
        match arg {
            Long("as-of") => parsed.as_of = Some(text(value(&mut parser)?, "--as-of")?),
            Long("city") => parsed.cities.push(text(value(&mut parser)?, "--city")?),
            Long("rules") => parsed.rules = Some(value(&mut parser)?.into()),
            Long("out") => parsed.out = Some(value(&mut parser)?.into()),
            Long("what-if") => parsed.what_if = Some(text(value(&mut parser)?, "--what-if")?),
            Long("format") => {
                parsed.format = match text(value(&mut parser)?, "--format")?.as_str() {
                    "text" => Format::Text,
                    "json" => Format::Json,
                    other => return Err(bad(format!("--format {other:?}: expected text or json"))),
                }
            }
            Short('h') | Long("help") => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            Short('V') | Long("version") => {
                println!("hukou-years {}", env!("CARGO_PKG_VERSION"));
                std::process::exit(0);
            }
            Value(v) if parsed.command.is_empty() => parsed.command = text(v, "the command")?,
            Value(v) if parsed.command == "check" && parsed.history.is_none() => {
                parsed.history = Some(text(v, "the history path")?)
            }
            _ => return Err(bad(format!("{}\n{USAGE}", arg.unexpected()))),
        }
    }
    Ok(parsed)
}

fn run(args: Vec<std::ffi::OsString>) -> Result<(), Failure> {
    let args = parse_args(args)?;
    let rules = load_rules(args.rules.as_deref())?;
    let mut out = std::io::stdout().lock();
    match args.command.as_str() {
        "check" => check_command(&args, &rules, &mut out)?,
        "rules" => match args.format {
            Format::Json => write_json(&mut out, &rules.to_bundle())?,
            Format::Text => out.write_all(render_rules(&rules).as_bytes())?,
        },
        "bundle" => bundle_command(&args, &rules, &mut out)?,
        "" => return Err(bad(format!("no command given\n{USAGE}"))),
        other => return Err(bad(format!("{other:?} is not a command\n{USAGE}"))),
    }
    out.flush()?;
    Ok(())
}

fn write_json(out: &mut impl Write, value: &impl serde::Serialize) -> Result<(), Failure> {
    serde_json::to_writer_pretty(&mut *out, value).map_err(std::io::Error::from)?;
    writeln!(out)?;
    Ok(())
}

/// `check HISTORY.json`: the report, or every error with its file or option.
fn check_command(args: &Args, rules: &RuleSet, out: &mut impl Write) -> Result<(), Failure> {
    let path = args
        .history
        .as_deref()
        .ok_or_else(|| bad(format!("check needs a history file\n{USAGE}")))?;
    let text = read_history(path)?;
    let history =
        hukou_years::history::parse_json(&text).map_err(|e| bad(format!("{path}: {e}")))?;
    let options = CheckOptions {
        as_of: args.as_of.clone().unwrap_or_else(today),
        cities: args.cities.clone(),
        what_if: args.what_if.as_deref().map(parse_what_if).transpose()?,
    };
    let report = check(rules, &history, &options).map_err(|errors| {
        // Option errors are about the command line, not the file.
        let lines = errors
            .iter()
            .map(|e| {
                if e.path.starts_with("periods")
                    || e.path.starts_with("hukou_city")
                    || e.path == "version"
                {
                    format!("{path}: {e}")
                } else {
                    format!("{}: {}", option_name(&e.path), e.message())
                }
            })
            .collect();
        Failure::Input(lines)
    })?;
    match args.format {
        Format::Json => write_json(out, &report),
        Format::Text => Ok(out.write_all(render_report(&report, rules).as_bytes())?),
    }
}

/// `bundle [--out FILE]`: the rules bundle as JSON, and next to FILE in
/// binary form for the page.
fn bundle_command(args: &Args, rules: &RuleSet, out: &mut impl Write) -> Result<(), Failure> {
    let bundle = rules.to_bundle();
    let json = serde_json::to_string(&bundle).map_err(std::io::Error::from)?;
    let Some(path) = &args.out else {
        writeln!(out, "{json}")?;
        return Ok(());
    };
    std::fs::write(path, json + "\n")
        .map_err(|e| bad(format!("{}: cannot write: {e}", path.display())))?;
    // The page's copy: the same bundle in binary form, next to it.
    let bin = path.with_extension("bin");
    std::fs::write(&bin, bundle.to_bytes())
        .map_err(|e| bad(format!("{}: cannot write: {e}", bin.display())))?;
    Ok(())
}

fn option_name(path: &str) -> String {
    if path.starts_with("as_of") {
        "--as-of".into()
    } else if path.starts_with("cities") {
        format!("--city ({path})")
    } else if path.starts_with("what_if") {
        format!("--what-if ({path})")
    } else {
        path.to_string()
    }
}

/// `CITY:YYYY-MM` or `CITY:YYYY-MM:KIND`.
fn parse_what_if(text: &str) -> Result<WhatIfInput, Failure> {
    let mut parts = text.split(':');
    let (Some(city), Some(from)) = (parts.next(), parts.next()) else {
        return Err(bad(format!(
            "--what-if {text:?}: expected CITY:YYYY-MM or CITY:YYYY-MM:KIND"
        )));
    };
    let kinds = parts.next().map(|k| vec![k.to_string()]);
    if parts.next().is_some() {
        return Err(bad(format!(
            "--what-if {text:?}: expected CITY:YYYY-MM or CITY:YYYY-MM:KIND"
        )));
    }
    Ok(WhatIfInput {
        city: city.to_string(),
        from: from.to_string(),
        kinds,
    })
}

fn read_history(path: &str) -> Result<String, Failure> {
    let mut text = String::new();
    let result = if path == "-" {
        std::io::stdin().read_to_string(&mut text).map(|_| ())
    } else {
        std::fs::read_to_string(path).map(|t| text = t)
    };
    result.map_err(|e| bad(format!("{path}: cannot read: {e}")))?;
    Ok(text)
}

/// Today's date from the system clock, in UTC+8 (China Standard Time): the
/// core never reads the clock, so the command line supplies "today".
fn today() -> String {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
        + 8 * 3600;
    let days = seconds.div_euclid(86_400);
    // 719_163 days from 0001-01-01 to 1970-01-01.
    use chrono::Datelike;
    chrono::NaiveDate::from_num_days_from_ce_opt((days + 719_163) as i32).map_or_else(
        || "1970-01-01".into(),
        |d| format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day()),
    )
}

fn load_rules(dir: Option<&Path>) -> Result<RuleSet, Failure> {
    let Some(dir) = dir else {
        return RuleSet::from_texts(&hukou_years::rules::shipped::embedded_files())
            .map_err(|errors| bad_all(&errors, None));
    };
    let files = hukou_years::files::read_rules_dir(dir)
        .map_err(|e| bad(format!("cannot read the rules: {e}")))?;
    if files.is_empty() {
        return Err(bad(format!(
            "{}: no rules files (*.json) found",
            dir.display()
        )));
    }
    RuleSet::from_texts(&files).map_err(|errors| {
        Failure::Input(
            errors
                .iter()
                .map(|e| format!("{}/{e}", dir.display()))
                .collect(),
        )
    })
}
