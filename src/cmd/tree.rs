use std::io::Write;

use anyhow::Result;

use crate::cli::{Format, TreeCmdArgs};
use zhibiao::report;

pub fn run(args: TreeCmdArgs) -> Result<()> {
    let tree = super::load_tree(&args.tree, &args.options)?;
    let mut out = std::io::stdout().lock();
    match args.format {
        Format::Json => writeln!(out, "{}", serde_json::to_string_pretty(&report::tree_json(&tree))?)?,
        Format::Table => write!(out, "{}", report::tree_table(&tree))?,
        Format::Csv => report::tree_csv(out, &tree)?,
    }
    Ok(())
}
