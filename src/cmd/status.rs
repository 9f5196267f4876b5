use std::io::Write;

use anyhow::Result;

use crate::cli::{StatusArgs, StatusFormat};
use zhibiao::scores::FileContext;
use zhibiao::status;

/// A report, not a verdict: missing items and unreadable cells are listed and the exit code is 0.
pub fn run(args: StatusArgs) -> Result<()> {
    let tree = super::load_tree(&args.tree, &args.options)?;
    let units = super::unit_list(&args.units)?;
    let context = FileContext { unit: args.unit.clone(), ..FileContext::default() };
    let files = super::collect_inputs(&args.inputs)?;
    let read = super::read_scores(&files, &tree, &context);
    let (entries, problems) = (read.entries, read.problems);
    let report = status::status(&tree, &entries, &units);
    let mut out = std::io::stdout().lock();
    match args.format {
        StatusFormat::Table => write!(out, "{}", status::table(&report, &problems))?,
        StatusFormat::Json => {
            let json = serde_json::json!({ "status": report, "problems": problems });
            writeln!(out, "{}", serde_json::to_string_pretty(&json)?)?
        }
    }
    Ok(())
}
