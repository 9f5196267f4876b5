use std::io::Write;

use anyhow::Result;

use crate::cli::CheckArgs;
use zhibiao::{report, text};

pub fn run(args: CheckArgs) -> Result<()> {
    let tree = super::load_tree(&args.tree, &args.options)?;
    let mut out = std::io::stdout().lock();
    for line in report::reading_lines(&tree) {
        writeln!(out, "{line}")?;
    }
    writeln!(out, "{}", text::tree_ok(&tree.tier_counts(), tree.scored_points().normalize()))?;
    if let Some(declared) = tree.declared() {
        writeln!(out, "{declared}")?;
    }
    Ok(())
}
