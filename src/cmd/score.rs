use std::io::{BufWriter, Write};
use std::path::PathBuf;

use anyhow::{Context, Result};

use crate::cli::{Format, RunArgs, ScoreArgs};
use zhibiao::pipeline::{self, Input, Outcome, RoundOptions, Spec};
use zhibiao::scores::ReadOptions;
use zhibiao::stability::Report;
use zhibiao::vocabulary::ColumnNames;
use zhibiao::{inputs, report, text};

pub fn run(args: ScoreArgs) -> Result<()> {
    // Disputes and rank stability are shown in the table and the workbook; json and csv of them are `sensitivity`'s.
    let workbook = args.output.out.as_ref().is_some_and(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("xlsx")));
    let shown = if args.output.out.is_some() { workbook } else { args.format == Format::Table };
    if (args.sensitivity || args.run.disputed.is_some()) && !shown {
        return Err(super::UsageError(text::stability_not_shown()).into());
    }
    let previous = args.output.previous.as_deref().map(read_previous_file).transpose()?;
    let (outcome, tree_path) = score(&args.run, args.unit, previous)?;
    super::print_warnings(&outcome.warnings);
    let out = super::out::plan(&args.output, &tree_path, &outcome.files)?;
    let (stability, disputes) = super::sensitivity::assess(&outcome, &args.run, args.sensitivity.then_some(&args.draw))?;
    let report =
        (stability.is_some() || !disputes.is_empty()).then(|| Report { outcome: &outcome, stability: stability.as_ref(), disputes: &disputes });
    let written = match out {
        Some(out) => super::out::write(&out, &outcome, report.as_ref()),
        None => print(args.format, &outcome, report.as_ref()),
    };
    // The process ends here: freeing a national evaluation item by item took longer than ranking it.
    std::mem::forget(outcome);
    written
}

/// Writes the report to stdout in the chosen format.
fn print(format: Format, outcome: &Outcome, report: Option<&Report<'_>>) -> Result<()> {
    // Buffered: stdout alone flushes every line, a write call per line of a large json report.
    let mut out = BufWriter::new(std::io::stdout().lock());
    match format {
        Format::Table => {
            write!(out, "{}", report::table(outcome))?;
            // Disputed items under the ranking; json and csv of them come from `sensitivity`.
            if let Some(r) = report {
                write!(out, "{}", zhibiao::stability::table(r))?;
            }
        }
        // Errors as io errors, so that a closed pipe is recognised as one (serde_json keeps the kind).
        Format::Json => {
            report::write_json(&mut out, outcome).map_err(std::io::Error::from)?;
            writeln!(out)?;
        }
        Format::Csv => {
            // csv's errors hide the io error's kind; the table is one row per unit, small enough to build first.
            let mut table = Vec::new();
            report::csv(&mut table, outcome)?;
            out.write_all(&table)?;
        }
    }
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
    let columns = args
        .columns
        .as_deref()
        .map(ColumnNames::parse)
        .transpose()
        .map_err(|part| super::UsageError(text::bad_columns(part, zhibiao::vocabulary::keys())))?;
    let reading = ReadOptions { columns: columns.unwrap_or_default(), deductions_only: args.deductions_only };
    let progress = super::progress_bar(scores.len());
    let spec = Spec {
        tree,
        tree_options: (&args.options).into(),
        scheme,
        scores,
        read: Vec::new(),
        unit,
        reading,
        rules: (&args.rules).into(),
        rounds: RoundOptions { require_verified: args.rounds.require_verified, inflated: args.rounds.inflated },
        previous,
        progress: Some(&|| progress.inc(1)),
        lang: text::lang(),
    };
    let outcome = pipeline::run(spec).map_err(super::failed);
    progress.finish_and_clear();
    Ok((outcome?, tree_path))
}

fn read_scheme_file(path: &std::path::Path) -> Result<Input> {
    let bytes = std::fs::read(path).map_err(|e| zhibiao::scheme::SchemeError::Read(path.to_path_buf(), e));
    Ok(Input::new(path.display().to_string(), bytes.with_context(|| text::reading_scheme(path.display()))?))
}

fn read_previous_file(path: &std::path::Path) -> Result<Input> {
    inputs::read(path).with_context(|| text::reading_previous(path.display()))
}
