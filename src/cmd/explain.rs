use std::io::Write;

use anyhow::Result;

use crate::cli::ExplainArgs;
use zhibiao::{text, verdict};

pub fn run(args: ExplainArgs) -> Result<()> {
    let mut prepared = super::score::prepare(args.run, Some(args.unit.clone()))?;
    let known = prepared.book.units.join("、");
    let evaluation = prepared.evaluate();
    let (tree, rules) = (&prepared.tree, &prepared.rules);
    let Some(unit) = evaluation.units.iter().find(|u| u.unit == args.unit) else {
        return Err(super::UsageError(text::unit_not_found(&args.unit, known)).into());
    };
    write!(std::io::stdout().lock(), "{}", verdict::explain(tree, rules, &evaluation, unit))?;
    Ok(())
}
