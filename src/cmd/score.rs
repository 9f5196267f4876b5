use std::io::{BufWriter, IsTerminal, Write};

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use crate::cli::{Format, ScoreArgs};
use zhibiao::problem::{self, Problem};
use zhibiao::rules::{Rules, Threshold};
use zhibiao::scores::{self, FileContext};
use zhibiao::{engine, inputs, merge, report, text};

pub fn run(args: ScoreArgs) -> Result<()> {
    let tree = super::load_tree(&args.tree, &args.options)?;
    let rules = Rules {
        decimals: args.decimals,
        threshold: Threshold { value: args.threshold, on: args.threshold_on },
        rank_on: args.rank_on,
        rank_style: args.rank_style,
        missing: args.missing,
        combine: args.combine,
        ..Rules::default()
    };
    let files = inputs::collect(&args.inputs).context(text::no_inputs())?;
    if files.is_empty() {
        return Err(super::UsageError(text::no_inputs()).into());
    }
    let context = FileContext { unit: args.unit.clone(), department: None };
    let progress = progress_bar(files.len());
    let read: Vec<_> = files
        .par_iter()
        .map(|f| {
            let result = scores::read_file(f, &tree, &context);
            progress.inc(1);
            result
        })
        .collect();
    progress.finish_and_clear();
    let mut entries = Vec::new();
    let mut problems: Vec<Problem> = Vec::new();
    for result in read {
        match result {
            // The first file's entries are moved, not copied: with one large file that halves the peak.
            Ok((e, p)) if entries.is_empty() => {
                entries = e;
                problems.extend(p);
            }
            Ok((e, p)) => {
                entries.extend(e);
                problems.extend(p);
            }
            Err(err) => problems.push(Problem::error(None, err.to_string())),
        }
    }
    let (book, merge_problems) = merge::merge(&tree, entries, &rules);
    problems.extend(merge_problems);
    let (warnings, errors) = problem::partition(problems);
    super::print_warnings(&warnings);
    if let Some(errors) = errors {
        return Err(errors.into());
    }
    let evaluation = engine::evaluate(&tree, &book, &rules);
    drop(book); // the evaluation holds its own copy; a large report needs the room
    // Buffered: stdout alone flushes every line, a write call per line of a large json report.
    let mut out = BufWriter::new(std::io::stdout().lock());
    match args.format {
        Format::Table => write!(out, "{}", report::table(&tree, &evaluation, &rules))?,
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &report::json(&tree, &evaluation, &rules, &warnings))?;
            writeln!(out)?;
        }
        Format::Csv => report::csv(&mut out, &tree, &evaluation, &rules)?,
    }
    out.flush()?;
    Ok(())
}

/// A bar on stderr while files are read, when stderr is a terminal; nothing in pipes and logs.
fn progress_bar(files: usize) -> ProgressBar {
    if files < 2 || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let style = ProgressStyle::with_template("{msg} {bar:40} {pos}/{len}").unwrap_or_else(|_| ProgressStyle::default_bar());
    ProgressBar::new(files as u64).with_style(style).with_message(text::reading_files())
}
