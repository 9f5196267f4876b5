use std::io::Write;

use anyhow::{Context, Result};
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
    let out = super::out::plan(&args, &files)?;
    let context = FileContext { unit: args.unit.clone(), department: None };
    let read: Vec<_> = files.par_iter().map(|f| scores::read_file(f, &tree, &context)).collect();
    let mut entries = Vec::new();
    let mut problems: Vec<Problem> = Vec::new();
    for result in read {
        match result {
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
    if let Some(out) = out {
        let run = super::out::Run {
            tree: &tree,
            tree_path: &args.tree,
            files: &files,
            previous: args.previous.as_deref(),
            evaluation: &evaluation,
            rules: &rules,
            warnings: &warnings,
        };
        return super::out::write(&out, &run);
    }
    let mut out = std::io::stdout().lock();
    match args.format {
        Format::Table => write!(out, "{}", report::table(&tree, &evaluation, &rules))?,
        Format::Json => writeln!(out, "{}", serde_json::to_string_pretty(&report::json(&tree, &evaluation, &rules, &warnings))?)?,
        Format::Csv => report::csv(&mut out, &tree, &evaluation, &rules)?,
    }
    Ok(())
}
