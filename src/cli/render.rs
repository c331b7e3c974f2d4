//! The command line's words: reports, steps and the rules, in English.

use std::fmt::Write as _;

use hukou_years::report::{
    CityStatus, NoProjection, PartnerExclusion, PointsReport, Report, RouteReport, Status, Step,
    WeakPart,
};
use hukou_years::rules::{
    Agreement, BackPaid, CityDoc, CityIdx, Confidence, Counting, Cutoff, Doc, Kind, Part,
    PointsUnit, RecognitionScope, RuleSet,
};

fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::SocialInsurance => "social insurance (社保)",
        Kind::Residence => "residence (居住)",
    }
}

fn status_name(status: Status) -> &'static str {
    match status {
        Status::Eligible => "ELIGIBLE (year requirements met)",
        Status::EligibleUnverified => {
            "PROBABLY ELIGIBLE (year requirements met on an unverified assumption)"
        }
        Status::EligibleIfPilotContinues => {
            "ELIGIBLE IF THE PILOT CONTINUES (year requirements met with months of an ended pilot)"
        }
        Status::DependsOnHukou => {
            "DEPENDS ON YOUR HUKOU (year requirements met; the route is for certain hukou holders)"
        }
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

pub fn render_report(report: &Report, rules: &RuleSet) -> String {
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
        let head = match rules.city_by_name(&city.city) {
            Some(idx) => heading(rules, idx),
            None => format!("{} {} ({})", city.name_zh, city.name_en, city.code),
        };
        let _ = writeln!(s, "\n{head}");
        match city.status {
            CityStatus::Rules => {}
            CityStatus::AlreadyRegistered => {
                s.push_str("  ALREADY REGISTERED HERE: your hukou is in this city\n");
            }
            CityStatus::NoRules => {
                let regions = if city.regions.is_empty() {
                    String::new()
                } else {
                    format!(" (region {})", city.regions.join(", "))
                };
                let _ = writeln!(
                    s,
                    "  NO RULES ENCODED{regions}: nothing is said about settling here"
                );
                if !city.counted_by.is_empty() {
                    let _ = writeln!(
                        s,
                        "  its months count elsewhere under {}",
                        city.counted_by.join(", ")
                    );
                }
            }
        }
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
    render_outlook(s, route, rules);
    if let Some(points) = &route.points {
        render_points(s, points);
    }
    render_provenance(s, route);
    for step in &route.explanation {
        let _ = writeln!(s, "      - {}", render_step(step));
    }
}

/// When it would be met, and what was not checked.
fn render_outlook(s: &mut String, route: &RouteReport, rules: &RuleSet) {
    if let Some(month) = route.eligible_from {
        let _ = writeln!(s, "    eligible from {month} if this continues");
    }
    for weak in &route.weak {
        let part = match weak {
            WeakPart::Rule => "the route's own source".to_string(),
            WeakPart::Agreement { agreement } => format!("agreement {agreement}"),
            WeakPart::Assumption { kind, assumed } => {
                format!("{}: {}", kind_name(*kind), part_name(*assumed))
            }
        };
        let _ = writeln!(s, "    rests on an unverified part: {part}");
    }
    for ended in &route.pilot_ended {
        let _ = writeln!(
            s,
            "    depends on the pilot continuing: {} ended {}",
            ended.agreement, ended.pilot_until
        );
    }
    if let Some(reason) = route.no_projection {
        if route.status == Status::NotYet {
            let _ = writeln!(s, "    no projection: {}", no_projection_name(reason));
        }
    }
    if let Some(cities) = &route.hukou_unchecked {
        let names: Vec<String> = cities
            .iter()
            .filter_map(|id| rules.city_by_name(id))
            .map(|c| rules.city_label_en(c))
            .collect();
        let _ = writeln!(s, "    not checked: hukou in {}", names.join(", "));
    }
    for condition in &route.unchecked {
        let _ = writeln!(s, "    not checked: {}", condition.en);
    }
}

/// The year-based part of a points score, each component's rounding and
/// cap, the ranges, what is not assessed, and past scores as context.
fn render_points(s: &mut String, points: &PointsReport) {
    let total = if points.partial_min == points.partial_max {
        points.partial_min.to_string()
    } else {
        format!("{}–{}", points.partial_min, points.partial_max)
    };
    let _ = write!(
        s,
        "    points from the year-based indicators only: {total} (not the whole score)"
    );
    if let Some(needed) = points.needed {
        let _ = write!(s, "; {needed} needed");
    }
    if let (Some(min), Some(max)) = (points.still_needed_min, points.still_needed_max) {
        let more = if min == max {
            min.to_string()
        } else {
            format!("{min}–{max}")
        };
        let _ = write!(s, ", {more} more from other indicators");
    }
    if points.quota {
        s.push_str("; ranked against a quota");
    }
    s.push('\n');
    for c in &points.components {
        let unit = match c.per {
            PointsUnit::Month => "month",
            PointsUnit::Year => "year",
        };
        let counting = match c.counting {
            Counting::Cumulative => "cumulative",
            Counting::Continuous => "continuous",
        };
        let _ = write!(
            s,
            "      {:<24} {} months ({counting}",
            kind_name(c.kind),
            c.months
        );
        if let Some(from) = c.counted_from {
            let _ = write!(s, ", from {from}");
        }
        let _ = write!(s, ", to {}), local {}", c.cutoff, c.local_months);
        for city in &c.from_cities {
            let scope = match city.scope {
                RecognitionScope::PointsSettlement => " (points settlement only)",
                RecognitionScope::Unstated => "",
            };
            let _ = write!(s, ", {} {}{scope}", city.city, city.months);
        }
        let _ = write!(
            s,
            " → {} full {unit}(s) × {} = {}",
            c.units, c.points_per_unit, c.uncapped
        );
        if c.remainder_months > 0 {
            let _ = write!(
                s,
                " ({} month(s) short of a full {unit} score nothing)",
                c.remainder_months
            );
        }
        if c.capped {
            let _ = write!(s, ", capped at {}", c.points);
        }
        if c.back_paid_excluded > 0 {
            let _ = write!(
                s,
                ", {} back-paid month(s) not scored",
                c.back_paid_excluded
            );
        }
        let _ = writeln!(
            s,
            ": {} points [{}] «{}» ({})",
            c.points,
            confidence_name(c.confidence),
            c.clause.quote,
            c.clause.location
        );
    }
    for range in &points.ranges {
        let _ = writeln!(
            s,
            "      depends on what was not entered: {}: {}–{} points [{}] «{}» ({})",
            range.en,
            range.min,
            range.max,
            confidence_name(range.confidence),
            range.clause.quote,
            range.clause.location
        );
    }
    for condition in &points.not_assessed {
        let _ = writeln!(s, "      not assessed: {}", condition.en);
    }
    for past in &points.context {
        let _ = writeln!(
            s,
            "      context only, not a prediction: {} {} in {} ({}, {}; {})",
            past.label.en,
            past.score,
            past.year,
            past.source.title,
            past.source.issuer,
            confidence_name(past.confidence)
        );
    }
}

/// The source, the agreements and the assumptions the result rests on.
fn render_provenance(s: &mut String, route: &RouteReport) {
    if let (Some(source), Some(confidence), Some(verified)) =
        (route.sources.first(), route.confidence, route.verified_on)
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
        for source in &route.sources[1..] {
            let _ = writeln!(s, "    also: {}, {}", source.title, source.issuer);
        }
    }
    if let Some(unknown) = &route.unknown {
        let _ = writeln!(s, "    thresholds unknown: {}", unknown.reason.en);
        let _ = writeln!(s, "    settled by: {}", unknown.settled_by.en);
    }
    for agreement in &route.agreements {
        let _ = writeln!(
            s,
            "    agreement: {} ({}; {}), verified {}",
            agreement.name_en,
            agreement.sources.first().map_or("", |s| s.title.as_str()),
            confidence_name(agreement.confidence),
            agreement.verified_on
        );
    }
    for assumption in &route.assumptions {
        let _ = writeln!(s, "    assumption: {}", assumption.en);
    }
}

fn part_name(part: Part) -> &'static str {
    match part {
        Part::Months => "the number of months",
        Part::Counting => "continuous or cumulative counting",
        Part::BackPaid => "how back-paid months count",
        Part::Recognition => "whether months in partner cities count",
        Part::LocalMinimum => "how many months must be local",
        Part::Current => "whether contributions must be current here",
        Part::Cutoff => "the month counting stops at",
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
        NoProjection::RuleEnds => "the rules end before then, and no later version is known",
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
        Step::ThresholdUnknown => "the rules in force do not state this route's thresholds".into(),
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
        Step::StreakBreak { kind, gap_from, gap_to, gap_months, tolerance, elsewhere } => {
            let other: u32 = elsewhere.iter().map(|e| e.months).sum();
            let cities: Vec<String> = elsewhere.iter().map(|e| format!("{} months in {}", e.months, e.city)).collect();
            if other >= *gap_months {
                format!("{}: {gap_from} to {gap_to} ({}) do not count here, so the streak starts after them", kind_name(*kind), cities.join(", "))
            } else if other > 0 {
                format!("{}: {gap_months} months without a record here ({gap_from} to {gap_to}; of them {}, which do not count here) end the streak (at most {tolerance} tolerated)", kind_name(*kind), cities.join(", "))
            } else {
                format!("{}: a gap of {gap_months} months ({gap_from} to {gap_to}) ends the streak (at most {tolerance} tolerated)", kind_name(*kind))
            }
        }
        Step::Streak { kind, from, to, months } => match from {
            Some(from) => format!("{}: continuous from {from} to {to}: {months} months counted", kind_name(*kind)),
            None => format!("{}: no continuous streak ends at {to}", kind_name(*kind)),
        },
        Step::RatioApplied { agreement, ratio, before, after } => format!("{agreement} counts partner months at {ratio}: {before} become {after}"),
        Step::CapApplied { agreement, cap, excluded } => format!("{agreement} counts at most {cap} partner months: {excluded} not counted"),
        Step::LocalMinimum { kind, required, local, met } => format!("{}: at least {required} months must be local; {local} are ({})", kind_name(*kind), if *met { "met" } else { "not met" }),
        Step::NotCurrent { kind, month } => format!("{}: must be current here in {month}, and is not", kind_name(*kind)),
        Step::RequirementMet { kind, counted, required } => format!("{}: {counted} of {required} months: met", kind_name(*kind)),
        Step::CountReached { kind, counted, required } => format!("{}: {counted} of {required} months reached, but not met (see above)", kind_name(*kind)),
        Step::AssumptionRelied { kind, assumed } => format!("{}: the verdict relies on an unverified assumption: {}", kind_name(*kind), part_name(*assumed)),
        Step::PilotContinuing { agreement, pilot_until } => format!("relies on months recognised under {agreement}, whose pilot ended {pilot_until}: holds if the pilot continues"),
        Step::PilotEndsBefore { agreement, pilot_until } => format!("the projected month is after the end of {agreement}'s pilot ({pilot_until}): holds if the pilot continues"),
        Step::ProjectedUnder { effective_from } => format!("that month falls under the version in force from {effective_from}"),
        Step::RequirementMissing { kind, counted, required, missing } => format!("{}: {counted} of {required} months: {missing} missing", kind_name(*kind)),
        Step::Projected { eligible_from, what_if } => format!("met from {eligible_from} if {} continue", if *what_if { "the what-if periods" } else { "the ongoing periods" }),
        Step::NoProjection { reason } => format!("no projection: {}", no_projection_name(*reason)),
        Step::RecordsOverlap { kind, city, from, to, months, runs, with, records } => {
            let with = if with.is_empty() { "each other".to_string() } else { format!("records in {}", with.join(", ")) };
            format!("{}: {} record(s) in {city} ({}) overlap {with} for {months} months in {runs} run(s), {from} to {to}; counted once", kind_name(*kind), records.len(), record_list(records))
        }
        Step::NoRulesFor { city } => format!("no rules are encoded for {city}: its months count only where an agreement recognises them"),
    }
}

/// `periods[0], periods[3] and periods[7]`; past ten, the first ten and how
/// many more.
fn record_list(records: &[usize]) -> String {
    const SHOWN: usize = 10;
    let names: Vec<String> = (records.iter().take(SHOWN))
        .map(|i| format!("periods[{i}]"))
        .collect();
    match (names.split_last(), records.len()) {
        (None, _) => String::new(),
        (Some((last, [])), _) => last.clone(),
        (Some((last, rest)), n) if n <= SHOWN => format!("{} and {last}", rest.join(", ")),
        (Some(_), n) => format!("{} and {} more", names.join(", "), n - SHOWN),
    }
}

pub fn render_rules(rules: &RuleSet) -> String {
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
        city_rules(&mut s, rules, city);
    }
    for doc in &rules.agreements {
        agreement(&mut s, doc);
    }
    s
}

/// A city's names and code, with its province where a name is shared:
/// `南京市 Nanjing (320100)`, `苏州市 Suzhou (Jiangsu) (320500)`.
fn heading(rules: &RuleSet, city: CityIdx) -> String {
    format!(
        "{} {} ({})",
        rules.city_label_zh(city),
        rules.city_label_en(city),
        rules.city(city).code
    )
}

fn city_rules(s: &mut String, rules: &RuleSet, city: &CityDoc) {
    {
        let _ = writeln!(s, "\n{} — {}", heading(rules, city.city), city.file);
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
                let needs = if version.unknown.is_some() {
                    "thresholds unknown".to_string()
                } else if needs.is_empty() {
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
                    version.sources.first().map_or("", |s| s.title.as_str())
                );
            }
        }
    }
}

fn agreement(s: &mut String, doc: &Doc<Agreement>) {
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
