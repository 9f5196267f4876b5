use std::io::Write;

use anyhow::Result;

use crate::cli::{Format, ScoreArgs};
use zhibiao::problem;
use zhibiao::rules::{Rules, Threshold};
use zhibiao::scores::FileContext;
use zhibiao::{engine, merge, report};

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
    let files = super::collect_inputs(&args.inputs)?;
    let out = super::out::plan(&args, &files)?;
    let context = FileContext { unit: args.unit.clone(), department: None };
    let (entries, mut problems) = super::read_scores(&files, &tree, &context);
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
