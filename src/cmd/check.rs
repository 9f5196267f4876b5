use anyhow::Result;

use crate::cli::CheckArgs;
use zhibiao::{report, text};

pub fn run(args: CheckArgs) -> Result<()> {
    let tree = super::load_tree(&args.tree, &args.options)?;
    for line in report::reading_lines(&tree) {
        println!("{line}");
    }
    println!("{}", text::tree_ok(tree.tiers(), tree.level1.len(), tree.level2.len(), tree.items.len(), tree.scored_points().normalize()));
    if let Some(declared) = tree.declared() {
        println!("{declared}");
    }
    Ok(())
}
