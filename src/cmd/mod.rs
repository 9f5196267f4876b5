//! One file per subcommand; each turns arguments into calls of the library.

mod check;
mod diff;
mod out;
mod explain;
mod score;
mod status;
mod template;
mod tree;

use std::io::{IsTerminal, Write};

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressStyle};

use std::path::PathBuf;

use rayon::prelude::*;

use crate::cli::{Cli, Command, TreeOptions, UnitList};
use zhibiao::inputs::InputFile;
use zhibiao::problem::Problem;
use zhibiao::scores::{self, FileContext, ScoreEntry};
use zhibiao::text;
use zhibiao::tree::IndicatorTree;

/// An error in how the tool was called rather than in the data (exit code 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

pub fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Check(args) => check::run(args),
        Command::Tree(args) => tree::run(args),
        Command::Score(args) => score::run(args),
        Command::Explain(args) => explain::run(args),
        Command::Template(args) => template::run(args),
        Command::Status(args) => status::run(args),
        Command::Diff(args) => diff::run(args),
    }
}

fn load_tree(path: &std::path::Path, options: &TreeOptions) -> Result<IndicatorTree> {
    let tree = IndicatorTree::load(path, options.sheet.as_deref(), options.points.unwrap_or(rust_decimal::Decimal::TEN))
        .with_context(|| text::reading_tree(path.display()))?;
    print_warnings(&tree.warnings);
    Ok(tree)
}

/// Warnings go to stderr, so that stdout stays clean for json and csv.
fn print_warnings(warnings: &[Problem]) {
    let mut err = std::io::stderr().lock();
    for w in warnings {
        let _ = writeln!(err, "{}: {w}", text::warning_prefix());
    }
}

/// The score files of the folders and files named; none is a usage error.
fn collect_inputs(inputs: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let files = zhibiao::inputs::collect(inputs).context(text::no_inputs())?;
    if files.is_empty() {
        return Err(UsageError(text::no_inputs()).into());
    }
    Ok(files)
}

/// What the score files gave: their entries, their problems (unreadable files among them), and
/// the files read.
struct ScoresRead {
    entries: Vec<ScoreEntry>,
    problems: Vec<Problem>,
    inputs: Vec<InputFile>,
}

/// Reads every score file; unreadable files become problems.
fn read_scores(files: &[PathBuf], tree: &IndicatorTree, context: &FileContext) -> ScoresRead {
    let progress = progress_bar(files.len());
    let read: Vec<_> = files
        .par_iter()
        .map(|f| {
            let result = scores::read_file(f, tree, context);
            progress.inc(1);
            result
        })
        .collect();
    progress.finish_and_clear();
    let mut all = ScoresRead { entries: Vec::new(), problems: Vec::new(), inputs: Vec::with_capacity(files.len()) };
    for result in read {
        match result {
            Ok(file) => {
                // The first file's entries are moved, not copied: with one large file that halves the peak.
                if all.entries.is_empty() {
                    all.entries = file.entries;
                } else {
                    all.entries.extend(file.entries);
                }
                all.problems.extend(file.problems);
                all.inputs.push(file.input);
            }
            Err(err) => all.problems.push(Problem::error(None, err.to_string())),
        }
    }
    all
}

/// A bar on stderr while files are read, when stderr is a terminal; nothing in pipes and logs.
fn progress_bar(files: usize) -> ProgressBar {
    if files < 2 || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let style = ProgressStyle::with_template("{msg} {bar:40} {pos}/{len}").unwrap_or_else(|_| ProgressStyle::default_bar());
    ProgressBar::new(files as u64).with_style(style).with_message(text::reading_files())
}

/// The units of `--units a,b` or of `--units-file` (one a line; blank lines and `#` comments skipped).
fn unit_list(list: &UnitList) -> Result<Vec<String>> {
    let names: Vec<String> = match (&list.units, &list.units_file) {
        (Some(units), _) => units.split([',', '\u{ff0c}', '、']).map(str::to_string).collect(),
        (None, Some(path)) => std::fs::read_to_string(path)
            .with_context(|| text::reading_units(path.display()))?
            .lines()
            .filter(|l| !l.trim_start().starts_with('#'))
            .map(str::to_string)
            .collect(),
        (None, None) => return Ok(Vec::new()),
    };
    let mut units: Vec<String> = Vec::new();
    for name in names.iter().map(|n| n.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}' || c == '\u{feff}')) {
        if !name.is_empty() && !units.iter().any(|u| u == name) {
            units.push(name.to_string());
        }
    }
    if units.is_empty() {
        return Err(UsageError(text::empty_units()).into());
    }
    Ok(units)
}
