//! `hukou-years`: the command line for rules maintainers and batch checks.
//!
//! ```text
//! hukou-years check HISTORY.json [--as-of YYYY-MM-DD] [--city ID]… [--rules DIR]
//!                   [--format text|json] [--what-if CITY:YYYY-MM[:KIND]]
//! hukou-years rules [--rules DIR] [--format text|json] [--coverage]
//!                   [--stale-months N] [--today YYYY-MM-DD]
//! hukou-years bundle [--rules DIR] [--out FILE]
//! ```
//!
//! `rules` lists every city's routes and versions and every agreement, then
//! the coverage (`src/cli/coverage.rs`): cities by confidence, route versions
//! with unknown thresholds, entries not verified for `--stale-months` months
//! (default 6) before `--today` (default today, from the system clock), and
//! pilot-region members without rules. With `--coverage`, only the coverage
//! (in JSON with `--format json`; without it, JSON is the rules bundle).
//!
//! `bundle --out FILE` also writes the bundle in binary form (`rules::bin`) next to
//! FILE, with the extension `.bin`: the page loads that one.
//!
//! Exit status: 0 on success, 2 on bad input (a message on stderr naming the
//! file and field; with `--format json` also `{"ok": false, "errors": […]}`
//! on stdout, each error an `ErrorView` as the page gets it), 1 when writing
//! the output fails.

use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use hukou_years::error::{escaped, quoted, ErrorView, Problem};
use hukou_years::history::MAX_HISTORY_BYTES;
use hukou_years::{check, CheckOptions, InputError, RuleSet, WhatIfInput};

#[path = "cli/coverage.rs"]
mod coverage;
#[path = "cli/render.rs"]
mod render;

use coverage::{coverage, render_coverage};
use render::{render_report, render_rules};

const USAGE: &str = "\
usage:
  hukou-years check HISTORY.json [--as-of YYYY-MM-DD] [--city ID]... [--rules DIR]
                    [--format text|json] [--what-if CITY:YYYY-MM[:KIND]]
  hukou-years rules [--rules DIR] [--format text|json] [--coverage]
                    [--stale-months N] [--today YYYY-MM-DD]
  hukou-years bundle [--rules DIR] [--out FILE]

HISTORY.json may be - for standard input (at most 1 MiB). --as-of defaults
to today. A city, in HISTORY.json, --city and --what-if, is an id (nanjing),
a GB/T 2260 code (320100) or a Chinese name, full or short (南京市, 南京). Without --rules, the rules shipped with the program are used.
With --format json, errors about the input are also printed on stdout as
{\"ok\": false, \"errors\": [...]}.
rules ends with the coverage: cities by confidence, route versions with
unknown thresholds, entries last verified more than --stale-months months
(default 6) before --today (default today), and pilot-region members without
rules; --coverage prints only that (as JSON with --format json).";

/// Errors printed on stderr before the rest are counted, not shown.
const MAX_ERROR_LINES: usize = 50;
/// The longest line of an error on stderr, in characters.
const MAX_LINE_CHARS: usize = 1000;

fn main() -> ExitCode {
    let args = match parse_args(std::env::args_os().skip(1).collect()) {
        Ok(args) => args,
        Err(failure) => return report_failure(failure, Format::Text),
    };
    let format = args.format;
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => report_failure(failure, format),
    }
}

/// Says what failed, and exits 2 for bad input, 1 for output that could not
/// be written.
fn report_failure(failure: Failure, format: Format) -> ExitCode {
    // Values in messages are already escaped; this keeps anything else that
    // reaches the terminal (a file name, an OS message) from moving text.
    let say = |message: &str| {
        let lines: Vec<String> = message
            .lines()
            .map(|line| escaped(line, MAX_LINE_CHARS))
            .collect();
        eprintln!("hukou-years: {}", lines.join("\n"));
    };
    match failure {
        Failure::Usage(line) => {
            say(&line);
            ExitCode::from(2)
        }
        Failure::Input(errors) => {
            for error in errors.iter().take(MAX_ERROR_LINES) {
                say(&error.line);
            }
            if errors.len() > MAX_ERROR_LINES {
                let more = errors.len() - MAX_ERROR_LINES;
                say(&format!(
                    "… and {more} more errors (--format json lists every one)"
                ));
            }
            if format == Format::Json {
                let views: Vec<&ErrorView> = errors.iter().map(|e| &e.view).collect();
                let outcome = serde_json::json!({"ok": false, "errors": views});
                let mut out = BufWriter::new(std::io::stdout().lock());
                if let Err(Failure::Output(err)) = write_json(&mut out, &outcome) {
                    return report_failure(Failure::Output(err), Format::Text);
                }
                if let Err(err) = out.flush() {
                    return report_failure(Failure::Output(err), Format::Text);
                }
            }
            ExitCode::from(2)
        }
        Failure::Output(err) => {
            // A closed pipe (`| head`) is not worth a message.
            if err.kind() != std::io::ErrorKind::BrokenPipe {
                say(&format!("cannot write the output: {err}"));
            }
            ExitCode::from(1)
        }
    }
}

enum Failure {
    /// Bad arguments, or a file that cannot be read at all: on stderr only.
    Usage(String),
    /// Errors about the input (the history, the options, the rules).
    Input(Vec<Reported>),
    Output(std::io::Error),
}

/// One error about the input: its line on stderr and its view in JSON.
struct Reported {
    line: String,
    view: ErrorView,
}

impl Reported {
    /// An error in the file `file` (a history, or a rules file).
    fn in_file(error: &InputError, file: &str) -> Reported {
        let mut view = ErrorView::from(error);
        view.file = Some(file.to_string());
        Reported {
            line: format!("{file}: {}", with_path(error)),
            view,
        }
    }
}

/// The error with its path, without its file.
fn with_path(error: &InputError) -> String {
    if error.path.is_empty() {
        error.message()
    } else {
        format!("{}: {}", error.path, error.message())
    }
}

impl From<std::io::Error> for Failure {
    fn from(err: std::io::Error) -> Self {
        Failure::Output(err)
    }
}

fn bad(message: impl Into<String>) -> Failure {
    Failure::Usage(message.into())
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
    coverage: bool,
    stale_months: Option<u32>,
    today: Option<String>,
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
        coverage: false,
        stale_months: None,
        today: None,
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
            Long("coverage") => parsed.coverage = true,
            Long("today") => parsed.today = Some(text(value(&mut parser)?, "--today")?),
            Long("stale-months") => {
                let v = text(value(&mut parser)?, "--stale-months")?;
                parsed.stale_months = Some(
                    v.parse::<u32>()
                        .ok()
                        .filter(|n| *n <= 1200)
                        .ok_or_else(|| {
                            bad(format!(
                                "--stale-months {}: expected a whole number of months (0 to 1200)",
                                quoted(&v)
                            ))
                        })?,
                );
            }
            Long("format") => {
                parsed.format = match text(value(&mut parser)?, "--format")?.as_str() {
                    "text" => Format::Text,
                    "json" => Format::Json,
                    other => {
                        return Err(bad(format!(
                            "--format {}: expected text or json",
                            quoted(other)
                        )))
                    }
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

fn run(args: &Args) -> Result<(), Failure> {
    match args.command.as_str() {
        "check" | "rules" | "bundle" => {}
        "" => return Err(bad(format!("no command given\n{USAGE}"))),
        other => return Err(bad(format!("{} is not a command\n{USAGE}", quoted(other)))),
    }
    if args.command != "rules" {
        let only_rules = [
            ("--coverage", args.coverage),
            ("--stale-months", args.stale_months.is_some()),
            ("--today", args.today.is_some()),
        ];
        if let Some((name, _)) = only_rules.iter().find(|(_, given)| *given) {
            return Err(bad(format!(
                "{name} is an option of the rules command\n{USAGE}"
            )));
        }
    }
    let rules = load_rules(args.rules.as_deref())?;
    let mut out = BufWriter::new(std::io::stdout().lock());
    match args.command.as_str() {
        "check" => check_command(args, &rules, &mut out)?,
        "rules" => rules_command(args, &rules, &mut out)?,
        _ => bundle_command(args, &rules, &mut out)?,
    }
    out.flush()?;
    Ok(())
}

/// `rules`: the listing and the coverage, the coverage alone (`--coverage`),
/// or the bundle (`--format json`).
fn rules_command(args: &Args, rules: &RuleSet, out: &mut impl Write) -> Result<(), Failure> {
    let today = args.today.clone().unwrap_or_else(today);
    let today = hukou_years::Date::parse(&today).ok_or_else(|| {
        bad(format!(
            "--today {}: expected a date, YYYY-MM-DD (1950 to 2200)",
            quoted(&today)
        ))
    })?;
    let report = coverage(rules, today, args.stale_months.unwrap_or(6));
    match (args.format, args.coverage) {
        (Format::Json, true) => write_json(out, &report),
        (Format::Json, false) => write_json(out, &rules.to_bundle()),
        (Format::Text, true) => Ok(out.write_all(render_coverage(&report, rules).as_bytes())?),
        (Format::Text, false) => {
            out.write_all(render_rules(rules).as_bytes())?;
            out.write_all(b"\n")?;
            Ok(out.write_all(render_coverage(&report, rules).as_bytes())?)
        }
    }
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
    let history = hukou_years::history::parse_json(&text)
        .map_err(|e| Failure::Input(vec![Reported::in_file(&e, path)]))?;
    let options = CheckOptions {
        as_of: args.as_of.clone().unwrap_or_else(today),
        cities: args.cities.clone(),
        what_if: args.what_if.as_deref().map(parse_what_if).transpose()?,
    };
    let report = check(rules, &history, &options).map_err(|errors| {
        // Option errors are about the command line, not the file; in JSON
        // their paths start with `options.`, as the page's do.
        let reported = errors
            .iter()
            .map(|e| {
                if e.path.starts_with("periods")
                    || e.path.starts_with("hukou_city")
                    || e.path == "version"
                {
                    Reported::in_file(e, path)
                } else {
                    let mut view = ErrorView::from(e);
                    view.path = format!("options.{}", e.path);
                    Reported {
                        line: format!("{}: {}", option_name(&e.path), e.message()),
                        view,
                    }
                }
            })
            .collect();
        Failure::Input(reported)
    })?;
    match args.format {
        Format::Json => write_json(out, &report),
        Format::Text => Ok(out.write_all(render_report(&report, rules).as_bytes())?),
    }
}

/// `bundle [--out FILE]`: the rules bundle as JSON, and next to FILE the
/// engine's part of it in binary form for the page.
fn bundle_command(args: &Args, rules: &RuleSet, out: &mut impl Write) -> Result<(), Failure> {
    let bundle = rules.to_bundle();
    let json = serde_json::to_string(&bundle).map_err(std::io::Error::from)?;
    let Some(path) = &args.out else {
        writeln!(out, "{json}")?;
        return Ok(());
    };
    std::fs::write(path, json + "\n")
        .map_err(|e| bad(format!("{}: cannot write: {e}", path.display())))?;
    // The engine's copy, next to it: binary, without the texts the page
    // takes from the JSON after the first result.
    let bin = path.with_extension("bin");
    std::fs::write(&bin, bundle.without_prose().to_bytes())
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
            "--what-if {}: expected CITY:YYYY-MM or CITY:YYYY-MM:KIND",
            quoted(text)
        )));
    };
    let kinds = parts.next().map(|k| vec![k.to_string()]);
    if parts.next().is_some() {
        return Err(bad(format!(
            "--what-if {}: expected CITY:YYYY-MM or CITY:YYYY-MM:KIND",
            quoted(text)
        )));
    }
    Ok(WhatIfInput {
        city: city.to_string(),
        from: from.to_string(),
        kinds,
    })
}

/// The history file's text: at most [`MAX_HISTORY_BYTES`] are read (a
/// larger file is refused by its size, or after one byte more from a pipe),
/// and it must be UTF-8.
fn read_history(path: &str) -> Result<String, Failure> {
    let cannot = |e: std::io::Error| bad(format!("{path}: cannot read: {e}"));
    let too_large = || {
        let error = InputError::new(
            "",
            Problem::TooLarge {
                max: MAX_HISTORY_BYTES,
            },
        );
        Failure::Input(vec![Reported::in_file(&error, path)])
    };
    let limit = MAX_HISTORY_BYTES as u64 + 1;
    let mut bytes = Vec::new();
    if path == "-" {
        std::io::stdin().lock().take(limit).read_to_end(&mut bytes)
    } else {
        let file = std::fs::File::open(path).map_err(cannot)?;
        let meta = file.metadata().map_err(cannot)?;
        if meta.is_file() && meta.len() > MAX_HISTORY_BYTES as u64 {
            return Err(too_large());
        }
        file.take(limit).read_to_end(&mut bytes)
    }
    .map_err(cannot)?;
    if bytes.len() > MAX_HISTORY_BYTES {
        return Err(too_large());
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let error = InputError::malformed(
            "",
            format!("the file is not UTF-8 text: invalid bytes at byte {at}"),
        );
        Failure::Input(vec![Reported::in_file(&error, path)])
    })
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
        return RuleSet::from_texts(&hukou_years::rules::shipped::embedded_files()).map_err(
            |errors| {
                Failure::Input(
                    (errors.iter())
                        .map(|e| Reported {
                            line: e.to_string(),
                            view: ErrorView::from(e),
                        })
                        .collect(),
                )
            },
        );
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
            (errors.iter())
                .map(|e| {
                    let file = match &e.file {
                        Some(file) => format!("{}/{file}", dir.display()),
                        None => dir.display().to_string(),
                    };
                    Reported::in_file(e, &file)
                })
                .collect(),
        )
    })
}
