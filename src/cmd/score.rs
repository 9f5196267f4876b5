use std::io::{BufWriter, Write};
use std::path::PathBuf;

use anyhow::{Context, Result};

use crate::cli::{Format, RuleArgs, RunArgs, ScoreArgs};
use zhibiao::engine::{self, Evaluation};
use zhibiao::inputs::InputFile;
use zhibiao::merge::ScoreBook;
use zhibiao::problem::{self, Problem};
use zhibiao::rules::Rules;
use zhibiao::scheme::Scheme;
use zhibiao::scores::FileContext;
use zhibiao::tree::{IndicatorTree, ItemKind};
use zhibiao::{merge, report, rounds, text};

pub fn run(args: ScoreArgs) -> Result<()> {
    let mut prepared = prepare(args.run, args.unit)?;
    let out = super::out::plan(&args.output, &prepared.tree_path, &prepared.files)?;
    let evaluation = prepared.evaluate();
    let (tree, rules) = (&prepared.tree, &prepared.rules);
    let written = match out {
        Some(out) => {
            let run = super::out::Run {
                tree,
                files: &prepared.files,
                previous: args.output.previous.as_deref(),
                evaluation: &evaluation,
                rules,
                warnings: &prepared.warnings,
            };
            super::out::write(&out, &run)
        }
        None => print(args.format, tree, &evaluation, rules, &prepared.warnings),
    };
    // The process ends here: freeing a national evaluation item by item took longer than ranking it.
    std::mem::forget(evaluation);
    written
}

/// Writes the report to stdout in the chosen format.
fn print(format: Format, tree: &IndicatorTree, evaluation: &Evaluation, rules: &Rules, warnings: &[Problem]) -> Result<()> {
    // Buffered: stdout alone flushes every line, a write call per line of a large json report.
    let mut out = BufWriter::new(std::io::stdout().lock());
    match format {
        Format::Table => write!(out, "{}", report::table(tree, evaluation, rules))?,
        // Errors as io errors, so that a closed pipe is recognised as one (serde_json keeps the kind).
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &report::json(tree, evaluation, rules, warnings))
                .map_err(std::io::Error::from)?;
            writeln!(out)?;
        }
        Format::Csv => {
            // csv's errors hide the io error's kind; the table is one row per unit, small enough to build first.
            let mut table = Vec::new();
            report::csv(&mut table, tree, evaluation, rules)?;
            out.write_all(&table)?;
        }
    }
    out.flush()?;
    Ok(())
}

/// Everything a run needs before the engine: the tree, the rules, the merged scores.
pub(super) struct Prepared {
    pub tree: IndicatorTree,
    pub tree_path: PathBuf,
    /// The score files read.
    pub files: Vec<InputFile>,
    pub rules: Rules,
    pub book: ScoreBook,
    pub warnings: Vec<Problem>,
    /// The margin of 自评虚高, when given.
    pub inflated: Option<rust_decimal::Decimal>,
}

impl Prepared {
    /// Scores the merged book, comparing the rounds by the margin asked for.
    pub fn evaluate(&mut self) -> Evaluation {
        let mut evaluation = engine::evaluate(&self.tree, std::mem::take(&mut self.book), &self.rules);
        if let (Some(rounds), Some(margin)) = (&mut evaluation.rounds, self.inflated) {
            rounds.inflated = margin;
        }
        evaluation
    }
}

/// Reads the scheme, the tree and the score files, merges the scores; warnings are printed.
pub(super) fn prepare(mut args: RunArgs, unit: Option<String>) -> Result<Prepared> {
    let scheme = match &args.scheme {
        Some(path) => Some(Scheme::read(path).with_context(|| text::reading_scheme(path.display()))?),
        None => None,
    };
    let tree_path = args.tree.clone().or_else(|| scheme.as_ref().and_then(Scheme::tree_path));
    let tree_path = tree_path.ok_or_else(|| super::UsageError(text::no_tree()))?;
    if args.options.points.is_none() {
        args.options.points = scheme.as_ref().and_then(Scheme::points);
    }
    let tree = super::load_tree(&tree_path, &args.options)?;
    let base = match (&scheme, &args.scheme) {
        (Some(scheme), Some(path)) => scheme.rules(&tree).with_context(|| text::reading_scheme(path.display()))?,
        // Bonus and veto items as the tree's 类型 column declares them.
        _ => Rules { bonus_items: tree.codes_of(ItemKind::Bonus), veto_items: tree.codes_of(ItemKind::Veto), ..Rules::default() },
    };
    let rules = overridden(base, &args.rules);
    let files = super::collect_inputs(&args.inputs)?;
    let context = FileContext { unit, department: None };
    let read = super::read_scores(&files, &tree, &context);
    let mut problems = read.problems;
    let (book, merge_problems) = merge::merge(&tree, read.entries, &rules);
    problems.extend(merge_problems);
    problems.extend(rounds::unverified(&tree, &book, args.rounds.require_verified));
    let (warnings, errors) = problem::partition(problems);
    super::print_warnings(&warnings);
    if let Some(errors) = errors {
        return Err(errors.into());
    }
    Ok(Prepared { tree, tree_path, files: read.inputs, rules, book, warnings, inflated: args.rounds.inflated })
}

/// The command line's options win over the scheme, but only those actually given.
fn overridden(mut rules: Rules, args: &RuleArgs) -> Rules {
    rules.decimals = args.decimals.unwrap_or(rules.decimals);
    rules.threshold.value = args.threshold.unwrap_or(rules.threshold.value);
    rules.threshold.on = args.threshold_on.unwrap_or(rules.threshold.on);
    rules.rank_on = args.rank_on.unwrap_or(rules.rank_on);
    rules.rank_style = args.rank_style.unwrap_or(rules.rank_style);
    rules.missing = args.missing.unwrap_or(rules.missing);
    rules.combine = args.combine.unwrap_or(rules.combine);
    rules
}
