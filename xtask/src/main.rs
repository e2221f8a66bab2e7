//! Maintainer tasks.
//!
//! `cargo xtask codegen` regenerates every generated tree from its model and writes only the
//! files whose contents changed; `cargo xtask codegen --check` writes nothing and fails,
//! listing the stale files, when any generated file differs from what the generator produces.
//!
//! `cargo xtask build-cost` measures build times, binary size and generator figures of
//! nova-act-sdk and the official crate side by side (see `BENCHMARKS.md`).

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
        _ => {
            eprintln!("usage: cargo xtask codegen [--check] | cargo xtask build-cost");
            ExitCode::from(2)
        }
    }
}
