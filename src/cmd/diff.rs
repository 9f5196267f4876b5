use std::io::Write;

use std::path::Path;

use anyhow::Result;

use crate::cli::{DiffArgs, Format};
use zhibiao::diff;
use zhibiao::pipeline::{self, DiffError, DiffOutcome, SideFiles};

pub fn run(args: DiffArgs) -> Result<()> {
    let tree = match &args.tree {
        Some(path) => Some(super::load_tree(path, &args.options)?),
        None => None,
    };
    let (old, new) = (side(&args.old)?, side(&args.new)?);
    let outcome = match pipeline::diff(old, new, tree.as_ref(), args.unit) {
        Err(DiffError::NeedsTree) => return Err(super::UsageError(DiffError::NeedsTree.to_string()).into()),
        other => other?,
    };
    match outcome {
        DiffOutcome::Same(pairs) => print(args.format, &diff::unchanged(pairs)),
        DiffOutcome::Sides { old, new, identical, warnings } => {
            super::print_warnings(&warnings);
            print(args.format, &diff::compare(&old, &new, identical))
        }
    }
}

/// The files of one side, read from disk: a file, or a folder's files named by their path inside it.
fn side(path: &Path) -> Result<SideFiles> {
    let files = zhibiao::inputs::collect(&[path.to_path_buf()])?;
    files
        .iter()
        .map(|f| {
            let name = f.strip_prefix(path).ok().filter(|r| !r.as_os_str().is_empty()).unwrap_or(f).display().to_string();
            Ok((name, zhibiao::inputs::read(f)?))
        })
        .collect()
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
