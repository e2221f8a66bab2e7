//! The maintainer tasks behind `cargo xtask`, as a library so that tests can run them.

pub mod build_cost;

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// One generated tree: a model and the directory its code goes to.
pub struct Target {
    /// Display name.
    pub name: String,
    /// The Smithy JSON AST model.
    pub model: PathBuf,
    /// The partitions file for endpoint rules, if any.
    pub partitions: Option<PathBuf>,
    /// The directory that holds only generated files.
    pub out_dir: PathBuf,
}

/// What a run did or found.
#[derive(Debug, Default)]
pub struct Report {
    /// Human-readable lines, one per change.
    pub lines: Vec<String>,
    /// Files that differ (check mode) or were written or removed.
    pub stale: Vec<String>,
    /// Number of generated files considered.
    pub files: usize,
    /// Total lines of the generated SDK (not counting fixtures).
    pub lines_generated: usize,
}

/// The workspace root (the parent of this crate's directory).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// Every generated tree of the workspace: the SDK, then each fixture model under
/// `codegen/tests/fixtures/*/model.json`.
pub fn targets(root: &Path) -> io::Result<Vec<Target>> {
    let mut targets = vec![Target {
        name: "nova-act-sdk".into(),
        model: root.join("model/nova-act.json"),
        partitions: Some(root.join("model/partitions.json")),
        out_dir: root.join("crates/nova-act-sdk/src/generated"),
    }];
    let fixtures = root.join("codegen/tests/fixtures");
    if fixtures.is_dir() {
        let mut dirs: Vec<PathBuf> = fs::read_dir(&fixtures)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.join("model.json").is_file())
            .collect();
        dirs.sort();
        for dir in dirs {
            targets.push(Target {
                name: format!(
                    "fixture {}",
                    dir.file_name().unwrap_or_default().to_string_lossy()
                ),
                model: dir.join("model.json"),
                partitions: Some(root.join("model/partitions.json")),
                out_dir: dir.join("src/generated"),
            });
        }
    }
    Ok(targets)
}

/// Regenerates (or, with `check`, compares) every target.
pub fn codegen(root: &Path, check: bool) -> Result<Report, String> {
    let mut report = Report::default();
    let targets = targets(root).map_err(|e| format!("listing fixtures: {e}"))?;
    for (i, target) in targets.iter().enumerate() {
        let lines = run_target(target, check, &mut report)?;
        if i == 0 {
            report.lines_generated = lines;
        }
    }
    Ok(report)
}

fn read(path: &Path) -> Result<String, String> {
    fs::read_to_string(path).map_err(|e| format!("reading {}: {e}", path.display()))
}

fn run_target(target: &Target, check: bool, report: &mut Report) -> Result<usize, String> {
    let model = read(&target.model)?;
    let partitions = match &target.partitions {
        Some(p) if p.is_file() => Some(read(p)?),
        _ => None,
    };
    let files = codegen::generate(&codegen::Input {
        model_json: &model,
        partitions_json: partitions.as_deref(),
        runtime_crate: "::restjson_runtime",
    })
    .map_err(|e| format!("{}: {e}", target.name))?;
    let mut lines = 0;
    let mut expected = BTreeSet::new();
    for file in &files {
        lines += file.contents.lines().count();
        report.files += 1;
        let path = target.out_dir.join(&file.path);
        expected.insert(path.clone());
        let current = fs::read_to_string(&path).ok();
        if current.as_deref() == Some(file.contents.as_str()) {
            continue;
        }
        let shown = display(&path);
        report.stale.push(shown.clone());
        if check {
            continue;
        }
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)
                .map_err(|e| format!("creating {}: {e}", parent.display()))?;
        }
        fs::write(&path, &file.contents).map_err(|e| format!("writing {shown}: {e}"))?;
        report.lines.push(format!(
            "{} {shown}",
            if current.is_some() {
                "updated"
            } else {
                "created"
            }
        ));
    }
    // Generated files that the generator no longer produces are stale too.
    for path in existing_generated(&target.out_dir) {
        if expected.contains(&path) {
            continue;
        }
        let shown = display(&path);
        report.stale.push(shown.clone());
        if !check {
            fs::remove_file(&path).map_err(|e| format!("removing {shown}: {e}"))?;
            report.lines.push(format!("removed {shown}"));
        }
    }
    Ok(lines)
}

/// Files under `dir` that carry the generated header.
fn existing_generated(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if fs::read_to_string(&path)
                .map(|c| c.starts_with(codegen::render::HEADER))
                .unwrap_or(false)
            {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

fn display(path: &Path) -> String {
    let root = workspace_root();
    path.strip_prefix(&root)
        .unwrap_or(path)
        .display()
        .to_string()
}
