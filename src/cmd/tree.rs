use anyhow::Result;

use crate::cli::{Format, TreeCmdArgs};
use zhibiao::report;

pub fn run(args: TreeCmdArgs) -> Result<()> {
    let tree = super::load_tree(&args.tree, &args.options)?;
    match args.format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&report::tree_json(&tree))?),
        Format::Table => print!("{}", report::tree_table(&tree)),
        Format::Csv => report::tree_csv(std::io::stdout().lock(), &tree)?,
    }
    Ok(())
}
