//! Maintainer tasks.
//!
//! `cargo xtask codegen` regenerates every generated tree from its model and writes only the
//! files whose contents changed; `cargo xtask codegen --check` writes nothing and fails,
//! listing the stale files, when any generated file differs from what the generator produces.
//!
//! `cargo xtask build-cost` measures build times, binary size and generator figures of
//! nova-act-sdk and the official crate side by side (see `BENCHMARKS.md`).
//!
//! `cargo xtask mutate-responses --seed N (--seconds S | --count N | --case I) [--release]
//! [--safe-dates]` feeds mutated service responses through the client and fails on any
//! panic or inconsistent outcome (see `fuzz/README.md`). It runs the `response-mutator`
//! crate, so that this binary does not depend on the generated client and `cargo xtask
//! codegen` keeps working when the generated code does not compile.

use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("codegen") => {
            let check = match &args[1..] {
                [] => false,
                [flag] if flag == "--check" => true,
                other => {
                    eprintln!("unknown arguments to `cargo xtask codegen`: {other:?}");
                    return ExitCode::from(2);
                }
            };
            let started = Instant::now();
            match xtask::codegen(&xtask::workspace_root(), check) {
                Ok(report) => {
                    for line in &report.lines {
                        println!("{line}");
                    }
                    let elapsed = started.elapsed();
                    if check && !report.stale.is_empty() {
                        eprintln!(
                            "{} generated file(s) are stale; run `cargo xtask codegen`:",
                            report.stale.len()
                        );
                        for path in &report.stale {
                            eprintln!("  {path}");
                        }
                        return ExitCode::FAILURE;
                    }
                    println!(
                        "{} file(s) checked, {} {} in {:.0?} ({} generated lines)",
                        report.files,
                        report.stale.len(),
                        if check { "stale" } else { "written or removed" },
                        elapsed,
                        report.lines_generated,
                    );
                    ExitCode::SUCCESS
                }
                Err(err) => {
                    eprintln!("error: {err}");
                    ExitCode::FAILURE
                }
            }
        }
        Some("build-cost") => {
            if args.len() > 1 {
                eprintln!(
                    "unknown arguments to `cargo xtask build-cost`: {:?}",
                    &args[1..]
                );
                return ExitCode::from(2);
            }
            match xtask::build_cost::run(&xtask::workspace_root()) {
                Ok(rows) => {
                    print!("{}", xtask::build_cost::render(&rows));
                    ExitCode::SUCCESS
                }
                Err(err) => {
                    eprintln!("error: {err}");
                    ExitCode::FAILURE
                }
            }
        }
        Some("mutate-responses") => {
            let mut cargo = std::process::Command::new(
                std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()),
            );
            cargo.args(["run", "--quiet", "--package", "response-mutator"]);
            let mut forwarded = Vec::new();
            for arg in &args[1..] {
                if arg == "--release" {
                    cargo.arg("--release");
                } else {
                    forwarded.push(arg.as_str());
                }
            }
            cargo.arg("--").args(forwarded);
            match cargo.status() {
                Ok(status) if status.success() => ExitCode::SUCCESS,
                Ok(_) => ExitCode::FAILURE,
                Err(err) => {
                    eprintln!("error: could not run cargo: {err}");
                    ExitCode::FAILURE
                }
            }
        }
        _ => {
            eprintln!(
                "usage: cargo xtask codegen [--check] | cargo xtask build-cost | cargo xtask mutate-responses --seed N --seconds S"
            );
            ExitCode::from(2)
        }
    }
}
