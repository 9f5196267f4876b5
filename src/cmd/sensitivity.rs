use std::io::{BufWriter, Write};

use anyhow::Result;

use crate::cli::{DrawArgs, Format, SensitivityArgs};
use zhibiao::pipeline::Outcome;
use zhibiao::sensitivity::{self, Stability};
use zhibiao::write::stability::{self as report, Report};

pub fn run(args: SensitivityArgs) -> Result<()> {
    let (outcome, _) = super::score::score(&args.run, args.unit, None)?;
    super::print_warnings(&outcome.warnings);
    let stability = stability(&outcome, Some(&args.draw))?;
    let report = Report { outcome: &outcome, stability: stability.as_ref(), disputes: &outcome.disputes };
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

/// The sensitivity of the ranking, when `draw` is given.
pub(super) fn stability(outcome: &Outcome, draw: Option<&DrawArgs>) -> Result<Option<Stability>> {
    let (tree, rules, evaluation) = (&outcome.tree, &outcome.rules, &outcome.evaluation);
    let usage = |e: sensitivity::SensitivityError| super::UsageError(e.to_string());
    Ok(draw.map(|d| sensitivity::assess(tree, rules, evaluation, d.into()).map_err(usage)).transpose()?)
}
