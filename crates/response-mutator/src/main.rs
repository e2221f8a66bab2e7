//! `response-mutator --seed N (--seconds S | --count N | --case I) [--safe-dates]`, usually
//! run as `cargo xtask mutate-responses ...`.

use std::process::ExitCode;
use std::time::Duration;

use response_mutator::mutate::{self, Budget, Options};

const USAGE: &str =
    "usage: mutate-responses [--seed N] (--seconds S | --count N | --case I) [--safe-dates]";

fn main() -> ExitCode {
    let mut seed = 1u64;
    let mut budget = Budget::Time(Duration::from_secs(20));
    let mut options = Options::default();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut number = |name: &str| -> Option<u64> {
            let value = args.next().and_then(|v| v.parse().ok());
            if value.is_none() {
                eprintln!("{name} needs a number\n{USAGE}");
            }
            value
        };
        match arg.as_str() {
            "--seed" => match number("--seed") {
                Some(n) => seed = n,
                None => return ExitCode::from(2),
            },
            "--seconds" => match number("--seconds") {
                Some(n) => budget = Budget::Time(Duration::from_secs(n)),
                None => return ExitCode::from(2),
            },
            "--count" => match number("--count") {
                Some(n) => budget = Budget::Count(n),
                None => return ExitCode::from(2),
            },
            "--case" => match number("--case") {
                Some(n) => budget = Budget::Case(n),
                None => return ExitCode::from(2),
            },
            "--safe-dates" => options.safe_dates = true,
            other => {
                eprintln!("unknown argument {other:?}\n{USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    if let Budget::Case(index) = budget {
        let (op, response, retries) = mutate::case(seed, index, options);
        println!(
            "case {index} of seed {seed}: {} (retries {retries})\n{}",
            op.name(),
            response.describe()
        );
    }
    println!(
        "seed {seed}, budget {budget:?}, {} Date headers",
        if options.safe_dates {
            "only safe"
        } else {
            "all"
        }
    );
    let summary = mutate::run(seed, budget, options);
    print!("{}", summary.render());
    for finding in &summary.findings {
        eprintln!("\n=== finding ===\n{}", finding.report());
    }
    if summary.findings.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
