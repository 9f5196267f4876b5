//! One file per subcommand; each turns arguments into a call of the library. This module is the
//! edge the library leaves to the binary: files read from disk, folders walked, a progress bar.

mod check;
mod diff;
mod explain;
mod out;
mod score;
mod sensitivity;
#[cfg(feature = "serve")]
mod serve;
mod status;
mod template;
mod tree;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use crate::cli::{Cli, Command, UnitList};
use zhibiao::pipeline::{self, Input, RunError, ScoreFile, TreeOptions};
use zhibiao::problem::{Problem, Severity};
use zhibiao::read::tree::TreeError;
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
        Command::Sensitivity(args) => sensitivity::run(args),
        Command::Status(args) => status::run(args),
        Command::Diff(args) => diff::run(args),
        #[cfg(feature = "serve")]
        Command::Serve(args) => serve::run(args),
    }
}

/// Reads the tree's file; its warnings are printed.
fn load_tree(path: &Path, options: &TreeOptions) -> Result<IndicatorTree> {
    let input = read_tree_file(path)?;
    let tree = pipeline::read_tree(&input, options).map_err(failed)?;
    print_warnings(&tree.warnings);
    Ok(tree)
}

fn read_tree_file(path: &Path) -> Result<Input> {
    zhibiao::inputs::read(path).map_err(|e| anyhow::Error::from(TreeError::from(e)).context(text::reading_tree(path.display())))
}

/// A run that stopped: its warnings are printed first, then the error is returned. An option that
/// cannot be taken is how the tool was called (exit 2).
fn failed(err: RunError) -> anyhow::Error {
    match &err {
        RunError::Scores(problems) => print_warnings(&problems.0),
        RunError::Options(_) | RunError::Disputed(_) => return UsageError(err.to_string()).into(),
        _ => {}
    }
    err.into()
}

/// Warnings go to stderr, so that stdout stays clean for json and csv.
fn print_warnings(problems: &[Problem]) {
    let mut err = std::io::stderr().lock();
    for w in problems.iter().filter(|p| p.severity == Severity::Warning) {
        let _ = writeln!(err, "{}: {w}", text::warning_prefix());
    }
}

/// The score files of the folders and files named, read in parallel; none is a usage error. A
/// file that cannot be read is handed on as such, to be reported with the run's other problems.
fn read_score_files(inputs: &[PathBuf]) -> Result<Vec<ScoreFile>> {
    let files = zhibiao::inputs::collect(inputs)?;
    if files.is_empty() {
        return Err(UsageError(text::no_inputs().to_string()).into());
    }
    Ok(files.par_iter().map(|f| zhibiao::inputs::read(f)).collect())
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
    let units = match (&list.units, &list.units_file) {
        (Some(units), _) => zhibiao::read::units::typed(units),
        (None, Some(path)) => zhibiao::read::units::listed(&std::fs::read_to_string(path).with_context(|| text::reading_units(path.display()))?),
        (None, None) => return Ok(Vec::new()),
    };
    if units.is_empty() {
        return Err(UsageError(text::empty_units()).into());
    }
    Ok(units)
}
