use std::io::{BufWriter, Write};

use anyhow::Result;

use crate::cli::{DrawArgs, Format, RunArgs, SensitivityArgs};
use zhibiao::disputed::{self, Dispute, Disputes};
use zhibiao::pipeline::Outcome;
use zhibiao::sensitivity::{self, Stability};
use zhibiao::write::stability::{self as report, Report};

pub fn run(args: SensitivityArgs) -> Result<()> {
    let (outcome, _) = super::score::score(&args.run, args.unit, None)?;
    super::print_warnings(&outcome.warnings);
    let (stability, disputes) = assess(&outcome, &args.run, Some(&args.draw))?;
    let report = Report { outcome: &outcome, stability: stability.as_ref(), disputes: &disputes };
    let mut out = BufWriter::new(std::io::stdout().lock());
    match args.format {
        Format::Table => write!(out, "{}", report::table(&report))?,
        Format::Json => {
            report::write_json(&mut out, &report).map_err(std::io::Error::from)?;
            writeln!(out)?;
        }
        Format::Csv => {
            let mut table = Vec::new();
            report::csv(&mut table, &report)?;
            out.write_all(&table)?;
        }
    }
    out.flush()?;
    Ok(())
}

/// The sensitivity of the ranking (when `draw` is given) and the disputes `--disputed` names.
pub(super) fn assess(outcome: &Outcome, run: &RunArgs, draw: Option<&DrawArgs>) -> Result<(Option<Stability>, Vec<Dispute>)> {
    let (tree, rules, evaluation) = (&outcome.tree, &outcome.rules, &outcome.evaluation);
    let usage = |e: &dyn std::fmt::Display| super::UsageError(e.to_string());
    let stability = draw.map(|d| sensitivity::assess(tree, rules, evaluation, d.into()).map_err(|e| usage(&e))).transpose()?;
    let list = run.disputed.as_deref().map(Disputes::parse).unwrap_or_default();
    let disputes = disputed::assess(tree, rules, evaluation, &list).map_err(|e| usage(&e))?;
    Ok((stability, disputes))
}
