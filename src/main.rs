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

use std::fmt::Write as _;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use hukou_years::report::{NoProjection, PartnerExclusion, Report, RouteReport, Status, Step};
use hukou_years::rules::{BackPaid, Confidence, Counting, Cutoff, Kind};
use hukou_years::{check, CheckOptions, InputError, RuleSet, WhatIfInput};

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
        "check" => {
            let path = args
                .history
                .as_deref()
                .ok_or_else(|| bad(format!("check needs a history file\n{USAGE}")))?;
            let text = read_history(path)?;
            let history =
                hukou_years::history::parse_json(&text).map_err(|e| bad(format!("{path}: {e}")))?;
            let as_of = match &args.as_of {
                Some(date) => date.clone(),
                None => today(),
            };
            let what_if = args.what_if.as_deref().map(parse_what_if).transpose()?;
            let options = CheckOptions {
                as_of,
                cities: args.cities.clone(),
                what_if,
            };
            let report = check(&rules, &history, &options).map_err(|errors| {
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
                Format::Json => {
                    serde_json::to_writer_pretty(&mut out, &report)
                        .map_err(std::io::Error::from)?;
                    writeln!(out)?;
                }
                Format::Text => out.write_all(render_report(&report, &rules).as_bytes())?,
            }
        }
        "rules" => match args.format {
            Format::Json => {
                serde_json::to_writer_pretty(&mut out, &rules.to_bundle())
                    .map_err(std::io::Error::from)?;
                writeln!(out)?;
            }
            Format::Text => out.write_all(render_rules(&rules).as_bytes())?,
        },
        "bundle" => {
            let bundle = rules.to_bundle();
            let json = serde_json::to_string(&bundle).map_err(std::io::Error::from)?;
            match &args.out {
                Some(path) => {
                    std::fs::write(path, json + "\n")
                        .map_err(|e| bad(format!("{}: cannot write: {e}", path.display())))?;
                    // The page's copy: the same bundle in binary form, next to it.
                    let bin = path.with_extension("bin");
                    std::fs::write(&bin, bundle.to_bytes())
                        .map_err(|e| bad(format!("{}: cannot write: {e}", bin.display())))?;
                }
                None => writeln!(out, "{json}")?,
            }
        }
        "" => return Err(bad(format!("no command given\n{USAGE}"))),
        other => return Err(bad(format!("{other:?} is not a command\n{USAGE}"))),
    }
    out.flush()?;
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

// --- text rendering -------------------------------------------------------------

fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::SocialInsurance => "social insurance (社保)",
        Kind::Residence => "residence (居住)",
    }
}

fn status_name(status: Status) -> &'static str {
    match status {
        Status::Eligible => "ELIGIBLE (year requirements met)",
        Status::NotYet => "NOT YET",
        Status::NoThreshold => "NO YEAR THRESHOLD",
        Status::Unknown => "UNKNOWN",
        Status::NotApplicable => "NOT APPLICABLE",
    }
}

fn confidence_name(confidence: Confidence) -> &'static str {
    match confidence {
        Confidence::Official => "official text",
        Confidence::News => "news report",
        Confidence::ThirdParty => "third party (not official)",
        Confidence::Unverified => "UNVERIFIED",
    }
}

fn render_report(report: &Report, rules: &RuleSet) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "Evaluated on {} (months up to {}), rules {}",
        report.as_of, report.evaluation_month, report.rules_version
    );
    if let Some(w) = &report.what_if {
        let kinds: Vec<&str> = w.kinds.iter().map(|k| k.as_str()).collect();
        let _ = writeln!(
            s,
            "What-if: {} continues in {} from {}",
            kinds.join(" and "),
            w.city,
            w.from
        );
    }
    s.push_str("An estimate from published rules, not an official determination.\n");
    for note in &report.history_notes {
        let _ = writeln!(s, "note: {}", render_step(note));
    }
    for city in &report.cities {
        let _ = writeln!(s, "\n{} {} ({})", city.name_zh, city.name_en, city.code);
        for route in &city.routes {
            render_route(&mut s, route, rules);
        }
    }
    s
}

fn render_route(s: &mut String, route: &RouteReport, rules: &RuleSet) {
    let _ = writeln!(
        s,
        "  {} / {}: {}",
        route.name_zh,
        route.name_en,
        status_name(route.status)
    );
    for req in &route.requirements {
        let mark = if req.met { "met" } else { "not met" };
        let counting = match req.counting {
            Counting::Cumulative => "cumulative",
            Counting::Continuous => "continuous",
        };
        let _ = write!(
            s,
            "    {:<24} {:>3} of {:>3} months ({counting}, to {}), local {}",
            kind_name(req.kind),
            req.counted_months,
            req.required_months,
            req.cutoff,
            req.local_months
        );
        for from in &req.from_cities {
            let _ = write!(s, ", {} {} via {}", from.city, from.months, from.agreement);
        }
        let _ = writeln!(s, ": {mark}");
    }
    if let Some(month) = route.eligible_from {
        let _ = writeln!(s, "    eligible from {month} if this continues");
    }
    if let Some(reason) = route.no_projection {
        if route.status == Status::NotYet {
            let _ = writeln!(s, "    no projection: {}", no_projection_name(reason));
        }
    }
    if let Some(cities) = &route.hukou_unchecked {
        let names: Vec<&str> = cities
            .iter()
            .filter_map(|id| rules.city_by_name(id))
            .map(|c| rules.city(c).name_en.as_str())
            .collect();
        let _ = writeln!(s, "    not checked: hukou in {}", names.join(", "));
    }
    for condition in &route.unchecked {
        let _ = writeln!(s, "    not checked: {}", condition.en);
    }
    if let (Some(source), Some(confidence), Some(verified)) =
        (&route.source, route.confidence, route.verified_on)
    {
        let number = source
            .document_number
            .as_deref()
            .map(|n| format!(" {n}"))
            .unwrap_or_default();
        let _ = writeln!(
            s,
            "    source: {}{number}, {} ({}); confidence: {}; verified {verified}",
            source.title,
            source.issuer,
            source.published,
            confidence_name(confidence)
        );
    }
    for agreement in &route.agreements {
        let _ = writeln!(
            s,
            "    agreement: {} ({}; {}), verified {}",
            agreement.name_en,
            agreement.source.title,
            confidence_name(agreement.confidence),
            agreement.verified_on
        );
    }
    for assumption in &route.assumptions {
        let _ = writeln!(s, "    assumption: {}", assumption.en);
    }
    for step in &route.explanation {
        let _ = writeln!(s, "      - {}", render_step(step));
    }
}

fn no_projection_name(reason: NoProjection) -> &'static str {
    match reason {
        NoProjection::NothingOngoing => "no period continues in a city whose months count here",
        NoProjection::LocalMinimum => {
            "the months required locally cannot grow: nothing continues here"
        }
        NoProjection::NotCurrent => {
            "contributions must be current here, and nothing continues here"
        }
        NoProjection::CapReached => "the partner months that continue are over the agreement's cap",
        NoProjection::BeyondHorizon => "not reached within the projection horizon",
        NoProjection::NoRule => "no rule applies",
    }
}

fn render_step(step: &Step) -> String {
    match step {
        Step::RuleVersion { effective_from, effective_until, source_title, document_number, confidence, verified_on } => {
            let until = effective_until.map(|d| format!(" until {d}")).unwrap_or_default();
            let number = document_number.as_deref().map(|n| format!(" ({n})")).unwrap_or_default();
            format!("rule in force from {effective_from}{until}: {source_title}{number}; {}; verified {verified_on}", confidence_name(*confidence))
        }
        Step::NoRuleInForce { date, first_effective, .. } => match first_effective {
            Some(first) => format!("no version of this rule is in force on {date} (the first takes effect {first})"),
            None => format!("no version of this rule is in force on {date}"),
        },
        Step::HukouNotEligible { hukou_city, allowed } => format!("only for hukou holders of {}; the hukou is in {hukou_city}", allowed.join(", ")),
        Step::HukouNotGiven { allowed } => format!("only for hukou holders of {}; no hukou city was given, so this was not checked", allowed.join(", ")),
        Step::NoThreshold => "no year requirement".into(),
        Step::Cutoff { kind, month, rule } => match rule {
            Cutoff::EvaluationMonth => format!("{}: months counted up to {month}", kind_name(*kind)),
            Cutoff::EndOfPreviousYear => format!("{}: months counted up to {month}, the end of the previous year", kind_name(*kind)),
        },
        Step::LocalMonths { kind, city, months } => format!("{}: {months} months in {city} itself", kind_name(*kind)),
        Step::PartnerMonths { kind, city, agreement, months } => format!("{}: {months} months in {city} recognised under {agreement}", kind_name(*kind)),
        Step::PartnerExcluded { kind, city, months, reason, agreement } => {
            let why = match reason {
                PartnerExclusion::LocalOnly => "this requirement counts local months only".to_string(),
                PartnerExclusion::NoAgreement => "no agreement in force recognises them".to_string(),
                PartnerExclusion::KindNotCovered => format!("{} does not cover this kind", agreement.as_deref().unwrap_or("the agreement")),
                PartnerExclusion::BeforeStart => format!("they are before the first month {} recognises", agreement.as_deref().unwrap_or("the agreement")),
            };
            format!("{}: {months} months in {city} do not count: {why}", kind_name(*kind))
        }
        Step::PartnerStartUnknown { agreement } => format!("{agreement} does not say from which month partner history counts: all of it was counted (unverified)"),
        Step::Overlap { kind, months } => format!("{}: {months} months are covered by more than one record or city and were counted once", kind_name(*kind)),
        Step::BackPaid { kind, rule, cap, counted, excluded } => {
            let rule = match rule {
                BackPaid::Counted => "back-paid months count",
                BackPaid::NotCounted => "back-paid months keep the streak but do not count",
                BackPaid::BreaksStreak => "back-paid months count as missing",
            };
            let cap = cap.map(|c| format!(", at most {c}")).unwrap_or_default();
            format!("{}: {rule}{cap}: {counted} counted, {excluded} not counted", kind_name(*kind))
        }
        Step::NotWhileHolding { kind, holding, months } => format!("{}: {months} months do not count: {} was not held then", kind_name(*kind), kind_name(*holding)),
        Step::StreakBreak { kind, gap_from, gap_to, gap_months, tolerance } => format!("{}: a gap of {gap_months} months ({gap_from} to {gap_to}) ends the streak (at most {tolerance} tolerated)", kind_name(*kind)),
        Step::Streak { kind, from, to, months } => match from {
            Some(from) => format!("{}: continuous from {from} to {to}: {months} months counted", kind_name(*kind)),
            None => format!("{}: no continuous streak ends at {to}", kind_name(*kind)),
        },
        Step::RatioApplied { agreement, ratio, before, after } => format!("{agreement} counts partner months at {ratio}: {before} become {after}"),
        Step::CapApplied { agreement, cap, excluded } => format!("{agreement} counts at most {cap} partner months: {excluded} not counted"),
        Step::LocalMinimum { kind, required, local, met } => format!("{}: at least {required} months must be local; {local} are ({})", kind_name(*kind), if *met { "met" } else { "not met" }),
        Step::NotCurrent { kind, month } => format!("{}: must be current here in {month}, and is not", kind_name(*kind)),
        Step::RequirementMet { kind, counted, required } => format!("{}: {counted} of {required} months: met", kind_name(*kind)),
        Step::RequirementMissing { kind, counted, required, missing } => format!("{}: {counted} of {required} months: {missing} missing", kind_name(*kind)),
        Step::Projected { eligible_from, what_if } => format!("met from {eligible_from} if {} continue", if *what_if { "the what-if periods" } else { "the ongoing periods" }),
        Step::NoProjection { reason } => format!("no projection: {}", no_projection_name(*reason)),
        Step::RouteExpiresBefore { route, effective_until } => format!("route {route} is in force only until {effective_until}, before that month"),
        Step::AgreementExpiresBefore { agreement, effective_until } => format!("agreement {agreement} is in force only until {effective_until}, before that month"),
        Step::RecordsOverlap { kind, first, second, from, to, months } => format!("periods[{first}] and periods[{second}] ({}) overlap for {months} months ({from} to {to}); counted once", kind_name(*kind)),
        Step::NoRulesFor { city } => format!("no rules are encoded for {city}: its months count only where an agreement recognises them"),
    }
}

fn render_rules(rules: &RuleSet) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "rules {}: {} cities in the gazetteer, {} with rules, {} agreements",
        rules.version,
        rules.gazetteer.cities.len(),
        rules.cities.len(),
        rules.agreements.len()
    );
    for city in &rules.cities {
        let entry = rules.city(city.city);
        let _ = writeln!(
            s,
            "\n{} {} ({}) — {}",
            entry.name_zh, entry.name_en, entry.code, city.file
        );
        for route in &city.rules.routes {
            let _ = writeln!(
                s,
                "  route {}: {} / {}",
                route.id, route.name_zh, route.name_en
            );
            for version in &route.versions {
                let until = version
                    .effective_until
                    .map(|d| d.to_string())
                    .unwrap_or_else(|| "…".into());
                let needs: Vec<String> = version
                    .requirements
                    .iter()
                    .map(|q| {
                        format!("{} {} months {:?}", q.kind.as_str(), q.months, q.counting)
                            .to_lowercase()
                    })
                    .collect();
                let needs = if needs.is_empty() {
                    "no year requirement".to_string()
                } else {
                    needs.join("; ")
                };
                let _ = writeln!(
                    s,
                    "    {} – {until}: {needs}; {}; verified {}; {}",
                    version.effective_from,
                    confidence_name(version.confidence),
                    version.verified_on,
                    version.source.title
                );
            }
        }
    }
    for doc in &rules.agreements {
        let a = &doc.doc;
        let _ = writeln!(
            s,
            "\nagreement {}: {} / {} — {}",
            a.id, a.name_zh, a.name_en, doc.file
        );
        for v in &a.versions {
            let until = v
                .effective_until
                .map(|d| d.to_string())
                .unwrap_or_else(|| "…".into());
            let kinds: Vec<&str> = v.kinds.iter().map(|k| k.as_str()).collect();
            let _ = writeln!(
                s,
                "    {} – {until}: {} recognise {} ({}); {}; verified {}",
                v.effective_from,
                v.recognising.join(", "),
                v.partners.join(", "),
                kinds.join(", "),
                confidence_name(v.confidence),
                v.verified_on
            );
        }
    }
    s
}
