use std::io::Write;

use anyhow::Result;

use crate::cli::ExplainArgs;
use zhibiao::write::stability::Report;
use zhibiao::{text, verdict};

pub fn run(args: ExplainArgs) -> Result<()> {
    let previous = args.previous.as_deref().map(super::score::read_previous_file).transpose()?;
    let (outcome, _) = super::score::score(&args.run, Some(args.unit.clone()), previous)?;
    super::print_warnings(&outcome.warnings);
    let Some(unit) = outcome.evaluation.units.iter().find(|u| u.unit == args.unit) else {
        return Err(super::UsageError(text::unit_not_found(&args.unit, text::list(&outcome.units))).into());
    };
    let stability = super::sensitivity::stability(&outcome, args.sensitivity.then_some(&args.draw))?;
    let report = Report { outcome: &outcome, stability: stability.as_ref(), disputes: &outcome.disputes };
    let mut out = std::io::stdout().lock();
    write!(out, "{}", verdict::explain(&outcome.tree, &outcome.rules, &outcome.evaluation, &outcome.measured, unit))?;
    for line in report.explain(&unit.unit) {
        writeln!(out, "{line}")?;
    }
    Ok(())
}
