use std::io::{BufWriter, Write};
use std::path::PathBuf;

use anyhow::{Context, Result};

use crate::cli::{Format, RunArgs, ScoreArgs};
use zhibiao::export::{Export, Forward};
use zhibiao::pipeline::{self, Input, Outcome, RunOptions, Spec};
use zhibiao::{inputs, text};

pub fn run(args: ScoreArgs) -> Result<()> {
    // Disputes and rank stability are shown in the table and the workbook; json and csv of them are `sensitivity`'s.
    let workbook = args.output.out.as_ref().is_some_and(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("xlsx")));
    let shown = if args.output.out.is_some() { workbook } else { args.format == Format::Table };
    if (args.sensitivity || args.run.options.disputed.is_some()) && !shown {
        return Err(super::UsageError(text::stability_not_shown()).into());
    }
    let previous = args.output.previous.as_deref().map(read_previous_file).transpose()?;
    let (outcome, tree_path) = score(&args.run, args.unit, previous)?;
    super::print_warnings(&outcome.warnings);
    let out = super::out::plan(&args.output, &tree_path, &outcome.files)?;
    let stability = super::sensitivity::stability(&outcome, args.sensitivity.then_some(&args.draw))?;
    let export = Export { date: out.as_ref().and_then(|o| o.date), stability: stability.as_ref(), ..Export::new(&outcome) };
    let written = match out {
        Some(out) => super::out::write(&out, &export),
        None => print(args.format, &export),
    };
    // The process ends here: freeing a national evaluation item by item took longer than ranking it.
    std::mem::forget(outcome);
    written
}

/// Writes the report to stdout in the chosen format.
fn print(format: Format, export: &Export<'_>) -> Result<()> {
    // Buffered: stdout alone flushes every line, a write call per line of a large json report.
    let mut out = Forward(BufWriter::new(std::io::stdout().lock()));
    format.exporter().print(export, &mut out)?;
    out.flush()?;
    Ok(())
}

/// Reads the files a run names and runs it: the outcome, and the tree's path.
pub(super) fn score(args: &RunArgs, unit: Option<String>, previous: Option<Input>) -> Result<(Outcome, PathBuf)> {
    let scheme = args.scheme.as_deref().map(read_scheme_file).transpose()?;
    // The scheme may name the tree, relative to itself; --tree wins.
    let tree_path = match (&args.tree, &scheme) {
        (Some(tree), _) => Some(tree.clone()),
        (None, Some(scheme)) => pipeline::parse_scheme(scheme)?.tree_path(),
        (None, None) => None,
    };
    let tree_path = tree_path.ok_or_else(|| super::UsageError(text::no_tree()))?;
    let tree = super::read_tree_file(&tree_path)?;
    let scores = super::read_score_files(&args.inputs)?;
    let progress = super::progress_bar(scores.len());
    let options = RunOptions { unit, ..args.options.clone() };
    let spec = Spec { scheme, options, previous, progress: Some(&|| progress.inc(1)), ..Spec::new(tree, scores) };
    let outcome = pipeline::run(spec).map_err(super::failed);
    progress.finish_and_clear();
    Ok((outcome?, tree_path))
}

fn read_scheme_file(path: &std::path::Path) -> Result<Input> {
    let bytes = std::fs::read(path).map_err(|e| zhibiao::scheme::SchemeError::Read(path.to_path_buf(), e));
    Ok(Input::new(path.display().to_string(), bytes.with_context(|| text::reading_scheme(path.display()))?))
}

pub(super) fn read_previous_file(path: &std::path::Path) -> Result<Input> {
    inputs::read(path).with_context(|| text::reading_previous(path.display()))
}
