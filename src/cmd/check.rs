use std::io::Write;

use anyhow::Result;

use crate::cli::CheckArgs;
use zhibiao::report;

pub fn run(args: CheckArgs) -> Result<()> {
    let tree = super::load_tree(&args.tree, &args.options)?;
    let (lines, warnings) = report::check_lines(&tree);
    super::print_warnings(&warnings);
    let mut out = std::io::stdout().lock();
    for line in lines {
        writeln!(out, "{line}")?;
    }
    Ok(())
}
