use std::io::Write;

use anyhow::Result;

use crate::cli::{DiffArgs, Format};
use zhibiao::diff::{self, DiffError, Outcome};

pub fn run(args: DiffArgs) -> Result<()> {
    let tree = match &args.tree {
        Some(path) => Some(super::load_tree(path, &args.options)?),
        None => None,
    };
    let outcome = match diff::read(&args.old, &args.new, tree.as_ref(), args.unit) {
        Err(DiffError::NeedsTree) => return Err(super::UsageError(DiffError::NeedsTree.to_string()).into()),
        other => other?,
    };
    match outcome {
        Outcome::Same(pairs) => print(args.format, &diff::unchanged(pairs)),
        Outcome::Sides { old, new, identical, warnings } => {
            super::print_warnings(&warnings);
            print(args.format, &diff::compare(&old, &new, identical))
        }
    }
}

fn print(format: Format, diff: &diff::Diff<'_>) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match format {
        Format::Table => write!(out, "{}", diff.table())?,
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &diff.json()).map_err(std::io::Error::from)?;
            writeln!(out)?;
        }
        Format::Csv => diff.csv(&mut out)?,
    }
    Ok(())
}
