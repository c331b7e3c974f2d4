//! Prints a synthetic history in the public history format: the one the
//! benchmark measures (`benches/evaluate.rs`), for the page's budgets
//! (`scripts/budgets.sh`) to load.
//!
//!   cargo run --quiet --example sample_history -- [--periods N] [--seed S]
//!
//! Defaults: 100 periods, the benchmark's seed.

use std::process::ExitCode;

#[path = "../tests/support/histories.rs"]
mod histories;

fn main() -> ExitCode {
    match options() {
        Ok((periods, seed)) => {
            let rules = hukou_years::rules::shipped::default_rules();
            let history = histories::synthetic(&rules, periods, seed);
            let json = serde_json::to_string_pretty(&history).expect("a history serialises");
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("sample_history: {message}");
            eprintln!("usage: sample_history [--periods N] [--seed S]");
            ExitCode::from(2)
        }
    }
}

fn options() -> Result<(usize, u64), String> {
    use lexopt::prelude::*;
    let mut periods = 100;
    let mut seed = histories::SEED;
    let mut parser = lexopt::Parser::from_env();
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Long("periods") => {
                periods = parser
                    .value()
                    .map_err(|e| e.to_string())?
                    .parse()
                    .map_err(|e| format!("--periods: {e}"))?;
            }
            Long("seed") => {
                seed = parser
                    .value()
                    .map_err(|e| e.to_string())?
                    .parse()
                    .map_err(|e| format!("--seed: {e}"))?;
            }
            other => return Err(other.unexpected().to_string()),
        }
    }
    Ok((periods, seed))
}
