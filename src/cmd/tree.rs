use anyhow::Result;

use crate::cli::{Format, TreeCmdArgs};
use zhibiao::report;

pub fn run(args: TreeCmdArgs) -> Result<()> {
    let tree = super::load_tree(&args.tree, &args.options)?;
    match args.format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&report::tree_json(&tree))?),
        Format::Table | Format::Csv => print!("{}", report::tree_table(&tree)),
    }
    Ok(())
}
