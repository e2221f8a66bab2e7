//! `cargo xtask build-cost`: what it costs to build nova-act-sdk and the official
//! `aws-sdk-novaact` crate, measured side by side in one run.
//!
//! Every figure comes from a fresh target directory under `target/build-cost/`:
//!
//! - **SDK crate alone**: the crate's dependencies are built first, then the crate's own
//!   artifacts are removed (`cargo clean -p`) and the timed build compiles the crate alone, in
//!   release and in debug. For nova-act-sdk the same is also done for the crate together with
//!   its runtime glue crate (`restjson-runtime`), which the official crate has no counterpart of.
//! - **One-call program**: a binary that makes one GetWorkflowRun call, with the dependencies
//!   each SDK's documentation recommends, built in release mode from nothing (downloads are
//!   fetched beforehand and not timed). Its stripped size is read afterwards.
//! - **Native tool chain**: whether `cmake` is in the program's dependency graph, and which
//!   crates compile C through `cc`.
//! - **Generator**: lines generated and the wall time of `cargo xtask codegen --check`
//!   (the generator runs in full either way; `--check` only skips the writes).
//!
//! Absolute times drift with the machine's load: compare the two columns of one run.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// The official crate version compared against.
pub const OFFICIAL_VERSION: &str = "1.29.0";

/// One row of the report.
#[derive(Debug)]
pub struct Row {
    /// What was measured.
    pub what: String,
    /// nova-act-sdk's figure.
    pub ours: Figure,
    /// The official crate's figure.
    pub official: Figure,
    /// The command that produced the figure, as it can be rerun by hand.
    pub command: String,
}

/// A measured value.
#[derive(Debug, Clone)]
pub enum Figure {
    /// A duration.
    Time(Duration),
    /// A size in bytes.
    Bytes(u64),
    /// A count.
    Count(u64),
    /// A free-form answer.
    Text(String),
}

impl Figure {
    fn number(&self) -> Option<f64> {
        match self {
            Figure::Time(d) => Some(d.as_secs_f64()),
            Figure::Bytes(b) => Some(*b as f64),
            Figure::Count(c) => Some(*c as f64),
            Figure::Text(_) => None,
        }
    }
}

impl std::fmt::Display for Figure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Figure::Time(d) => write!(f, "{:.1} s", d.as_secs_f64()),
            Figure::Bytes(b) => write!(f, "{:.2} MB", *b as f64 / 1_000_000.0),
            Figure::Count(c) => write!(f, "{c}"),
            Figure::Text(t) => f.write_str(t),
        }
    }
}

/// Renders rows as a Markdown table with the ratio ours / official.
pub fn render(rows: &[Row]) -> String {
    let mut out = String::from(
        "| figure | nova-act-sdk | aws-sdk-novaact | ratio | command |\n|---|---:|---:|---:|---|\n",
    );
    for row in rows {
        let ratio = match (row.ours.number(), row.official.number()) {
            (Some(a), Some(b)) if b > 0.0 => format!("{:.2}", a / b),
            _ => "–".to_owned(),
        };
        writeln!(
            out,
            "| {} | {} | {} | {} | `{}` |",
            row.what, row.ours, row.official, ratio, row.command
        )
        .expect("writing to a String cannot fail");
    }
    out
}

/// Runs every measurement and returns the rows. Progress goes to stderr.
pub fn run(root: &Path) -> Result<Vec<Row>, String> {
    let work = root.join("target").join("build-cost");
    fs::create_dir_all(&work).map_err(|e| format!("creating {}: {e}", work.display()))?;
    let lock = root.join("Cargo.lock");

    let mut rows = Vec::new();

    // The generator: one timed run, whose report also gives the generated line count.
    let started = Instant::now();
    let report = crate::codegen(root, true)?;
    let generator_time = started.elapsed();
    let official_src = official_crate_src(root)?;
    let official_lines = count_rust_lines(&official_src)?;
    rows.push(Row {
        what: "generated lines (official: all of its `src/`)".into(),
        ours: Figure::Count(report.lines_generated as u64),
        official: Figure::Count(official_lines),
        command: "cargo xtask codegen --check (prints the generated lines)".into(),
    });
    rows.push(Row {
        what: "`cargo xtask codegen` (generator run, in process)".into(),
        ours: Figure::Time(generator_time),
        official: Figure::Text("n/a (smithy-rs, Gradle)".into()),
        command: "cargo xtask codegen --check".into(),
    });

    // The SDK crate alone, dependencies already built.
    let official_lib = work.join("official-crate");
    scratch_crate(
        &official_lib,
        "official-crate",
        &format!("aws-sdk-novaact = \"={OFFICIAL_VERSION}\"\n"),
        None,
        &lock,
    )?;
    for (profile, release) in [("release", true), ("debug", false)] {
        let ours_target = work.join(format!("ours-crate-{profile}-target"));
        let official_target = work.join(format!("official-crate-{profile}-target"));
        let ours = crate_alone(root, &ours_target, &["nova-act-sdk"], release)?;
        let ours_with_runtime = crate_alone(
            root,
            &ours_target,
            &["nova-act-sdk", "restjson-runtime"],
            release,
        )?;
        let official = crate_alone(
            &official_lib,
            &official_target,
            &["aws-sdk-novaact"],
            release,
        )?;
        let flag = if release { " --release" } else { "" };
        rows.push(Row {
            what: format!("SDK crate alone, {profile} build"),
            ours: Figure::Time(ours),
            official: Figure::Time(official),
            command: format!("cargo clean{flag} -p <crate> && cargo build{flag} -p <crate>"),
        });
        rows.push(Row {
            what: format!("SDK crate + restjson-runtime, {profile} build"),
            ours: Figure::Time(ours_with_runtime),
            official: Figure::Time(official),
            command: format!(
                "cargo clean{flag} -p nova-act-sdk -p restjson-runtime && cargo build{flag} -p nova-act-sdk"
            ),
        });
    }

    // The one-call program.
    let ours_program = work.join("ours-program");
    scratch_crate(
        &ours_program,
        "ours-program",
        &format!(
            "nova-act-sdk = {{ path = {:?} }}\n\
             aws-config = {{ version = \"1\", default-features = false, features = [\"rt-tokio\", \"behavior-version-latest\"] }}\n\
             tokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }}\n",
            root.join("crates").join("nova-act-sdk")
        ),
        Some(OURS_PROGRAM),
        &lock,
    )?;
    let official_program = work.join("official-program");
    scratch_crate(
        &official_program,
        "official-program",
        &format!(
            "aws-sdk-novaact = \"={OFFICIAL_VERSION}\"\n\
             aws-config = {{ version = \"1\", features = [\"behavior-version-latest\"] }}\n\
             tokio = {{ version = \"1\", features = [\"full\"] }}\n"
        ),
        Some(OFFICIAL_PROGRAM),
        &lock,
    )?;
    let mut program_rows = Vec::new();
    for dir in [&ours_program, &official_program] {
        let target = work.join(format!(
            "{}-target",
            dir.file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("program")
        ));
        remove_dir(&target)?;
        cargo(dir, &target, &["fetch"])?;
        let time = timed(cargo_command(dir, &target, &["build", "--release"]))?;
        let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        let binary = target.join("release").join(name);
        let size = fs::metadata(&binary)
            .map_err(|e| format!("reading {}: {e}", binary.display()))?
            .len();
        let native = native_tools(dir)?;
        program_rows.push((time, size, native));
    }
    let (ours_p, official_p) = (&program_rows[0], &program_rows[1]);
    rows.push(Row {
        what: "one-call program, clean release build".into(),
        ours: Figure::Time(ours_p.0),
        official: Figure::Time(official_p.0),
        command: "cargo build --release (fresh target dir)".into(),
    });
    rows.push(Row {
        what: "one-call program, stripped binary".into(),
        ours: Figure::Bytes(ours_p.1),
        official: Figure::Bytes(official_p.1),
        command: "ls -l target/release/<program> (profile strip = true)".into(),
    });
    rows.push(Row {
        what: "`cmake` crate in the build graph".into(),
        ours: Figure::Text(yes_no(ours_p.2.cmake)),
        official: Figure::Text(yes_no(official_p.2.cmake)),
        command: "cargo tree -e normal,build -i cmake".into(),
    });
    let cmake_installed = Command::new("cmake").arg("--version").output().is_ok();
    rows.push(Row {
        what: "built above with a `cmake` program on the machine".into(),
        ours: Figure::Text(yes_no(cmake_installed)),
        official: Figure::Text(yes_no(cmake_installed)),
        command: "cmake --version".into(),
    });
    rows.push(Row {
        what: "crates compiling C with `cc` (needs a C compiler)".into(),
        ours: Figure::Text(ours_p.2.cc_users.join(", ")),
        official: Figure::Text(official_p.2.cc_users.join(", ")),
        command: "cargo tree -e normal,build -i cc --depth 1".into(),
    });
    Ok(rows)
}

const OURS_PROGRAM: &str = r#"// Makes one GetWorkflowRun call with nova-act-sdk.
#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let config = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .http_client(nova_act_sdk::http::https_client())
        .load()
        .await;
    let client = nova_act_sdk::Client::new(&config);
    let run = client
        .get_workflow_run()
        .workflow_definition_name("checkout-flow")
        .workflow_run_id("0f0e0d0c-0b0a-4998-8776-655443322110")
        .send()
        .await?;
    println!("{}", run.status());
    Ok(())
}
"#;

const OFFICIAL_PROGRAM: &str = r#"// Makes one GetWorkflowRun call with aws-sdk-novaact.
#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
    let client = aws_sdk_novaact::Client::new(&config);
    let run = client
        .get_workflow_run()
        .workflow_definition_name("checkout-flow")
        .workflow_run_id("0f0e0d0c-0b0a-4998-8776-655443322110")
        .send()
        .await?;
    println!("{}", run.status());
    Ok(())
}
"#;

fn yes_no(b: bool) -> String {
    if b { "yes" } else { "no" }.to_owned()
}

/// Writes a throwaway crate: a binary when `main` is given, otherwise an empty library.
fn scratch_crate(
    dir: &Path,
    name: &str,
    dependencies: &str,
    main: Option<&str>,
    lock: &Path,
) -> Result<(), String> {
    let src = dir.join("src");
    fs::create_dir_all(&src).map_err(|e| format!("creating {}: {e}", src.display()))?;
    let manifest = format!(
        "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dependencies]\n{dependencies}\n\
         [profile.release]\nstrip = true\n\n\
         # Not part of the surrounding workspace.\n[workspace]\n"
    );
    write(&dir.join("Cargo.toml"), &manifest)?;
    match main {
        Some(main) => write(&src.join("main.rs"), main)?,
        None => write(&src.join("lib.rs"), "")?,
    }
    // Start from the workspace's lock file so shared dependencies resolve to the same versions.
    if !dir.join("Cargo.lock").exists() {
        fs::copy(lock, dir.join("Cargo.lock"))
            .map_err(|e| format!("copying {}: {e}", lock.display()))?;
    }
    Ok(())
}

/// Builds `packages`' dependencies, removes the packages' own artifacts, and times building
/// the first package again.
fn crate_alone(
    dir: &Path,
    target: &Path,
    packages: &[&str],
    release: bool,
) -> Result<Duration, String> {
    let mut build = vec!["build", "-p", packages[0]];
    let mut clean = vec!["clean"];
    if release {
        build.push("--release");
        clean.push("--release");
    }
    for package in packages {
        clean.extend(["-p", package]);
    }
    cargo(dir, target, &build)?;
    cargo(dir, target, &clean)?;
    timed(cargo_command(dir, target, &build))
}

struct NativeTools {
    cmake: bool,
    cc_users: Vec<String>,
}

fn native_tools(dir: &Path) -> Result<NativeTools, String> {
    let tree = |args: &[&str]| -> Result<String, String> {
        let mut cmd = Command::new(cargo_bin());
        cmd.current_dir(dir)
            .args(["tree", "--prefix", "none"])
            .args(args);
        clean_env(&mut cmd);
        let out = cmd
            .output()
            .map_err(|e| format!("running cargo tree: {e}"))?;
        // `cargo tree -i` fails when the package is absent from the graph.
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    };
    let cmake = !tree(&["-e", "normal,build", "-i", "cmake"])?
        .trim()
        .is_empty();
    let mut cc_users: Vec<String> = tree(&["-e", "normal,build", "-i", "cc", "--depth", "1"])?
        .lines()
        .skip(1)
        .filter_map(|l| l.split_whitespace().next().map(str::to_owned))
        .collect();
    cc_users.sort();
    cc_users.dedup();
    if cc_users.is_empty() {
        cc_users.push("none".into());
    }
    Ok(NativeTools { cmake, cc_users })
}

fn cargo_bin() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned())
}

/// Drops settings inherited from the `cargo xtask` invocation that would change the builds.
fn clean_env(cmd: &mut Command) {
    for var in [
        "CARGO_TARGET_DIR",
        "CARGO_BUILD_TARGET_DIR",
        "CARGO_INCREMENTAL",
        "RUSTFLAGS",
        "CARGO_ENCODED_RUSTFLAGS",
    ] {
        cmd.env_remove(var);
    }
}

fn cargo_command(dir: &Path, target: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(cargo_bin());
    cmd.current_dir(dir).args(args).arg("--quiet");
    clean_env(&mut cmd);
    cmd.env("CARGO_TARGET_DIR", target);
    cmd
}

fn cargo(dir: &Path, target: &Path, args: &[&str]) -> Result<(), String> {
    timed(cargo_command(dir, target, args)).map(|_| ())
}

fn timed(mut cmd: Command) -> Result<Duration, String> {
    eprintln!("build-cost: {cmd:?}");
    let started = Instant::now();
    let status = cmd.status().map_err(|e| format!("running {cmd:?}: {e}"))?;
    let elapsed = started.elapsed();
    if !status.success() {
        return Err(format!("{cmd:?} failed with {status}"));
    }
    Ok(elapsed)
}

fn remove_dir(dir: &Path) -> Result<(), String> {
    match fs::remove_dir_all(dir) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(format!("removing {}: {e}", dir.display())),
    }
}

fn write(path: &Path, contents: &str) -> Result<(), String> {
    fs::write(path, contents).map_err(|e| format!("writing {}: {e}", path.display()))
}

/// The official crate's source directory in the cargo registry, found through `cargo metadata`
/// of the benchmark crate (which depends on it).
fn official_crate_src(root: &Path) -> Result<PathBuf, String> {
    let mut cmd = Command::new(cargo_bin());
    cmd.current_dir(root)
        .args(["metadata", "--format-version", "1"]);
    clean_env(&mut cmd);
    let out = cmd
        .output()
        .map_err(|e| format!("running cargo metadata: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "cargo metadata failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let text = String::from_utf8_lossy(&out.stdout);
    // Find `"manifest_path":"…/aws-sdk-novaact-<version>/Cargo.toml"` without a JSON parser.
    let needle = format!("aws-sdk-novaact-{OFFICIAL_VERSION}/Cargo.toml");
    let end = text
        .find(&needle)
        .ok_or("aws-sdk-novaact is not in the workspace's dependency graph")?;
    let start = text[..end]
        .rfind('"')
        .ok_or("unexpected cargo metadata output")?;
    let manifest = &text[start + 1..end + needle.len()];
    Ok(PathBuf::from(manifest)
        .parent()
        .map(|p| p.join("src"))
        .unwrap_or_default())
}

/// Lines of all `.rs` files under `dir`.
pub fn count_rust_lines(dir: &Path) -> Result<u64, String> {
    let mut total = 0;
    let entries = fs::read_dir(dir).map_err(|e| format!("reading {}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.is_dir() {
            total += count_rust_lines(&path)?;
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = fs::read_to_string(&path)
                .map_err(|e| format!("reading {}: {e}", path.display()))?;
            total += text.lines().count() as u64;
        }
    }
    Ok(total)
}
