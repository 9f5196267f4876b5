use std::io::Write;

use anyhow::Result;

use crate::cli::{StatusArgs, StatusFormat};
use zhibiao::pipeline::{self, RunOptions, Spec};
use zhibiao::write::status;

/// A report, not a verdict: missing items and unreadable cells are listed and the exit code is 0.
pub fn run(args: StatusArgs) -> Result<()> {
    let tree = super::read_tree_file(&args.tree)?;
    let units = super::unit_list(&args.units)?;
    let files = super::read_score_files(&args.inputs)?;
    let progress = super::progress_bar(files.len());
    let options = RunOptions { tree: args.options.clone(), unit: args.unit.clone(), ..RunOptions::default() };
    let spec = Spec { options, progress: Some(&|| progress.inc(1)), ..Spec::new(tree, files) };
    let found = pipeline::status(spec, &units);
    progress.finish_and_clear();
    let found = found.map_err(super::failed)?;
    super::print_warnings(&found.tree.warnings);
    let problems = &found.problems;
    let mut out = std::io::stdout().lock();
    match args.format {
        StatusFormat::Table => write!(out, "{}", status::table(&found.status, problems))?,
        StatusFormat::Json => {
            let json = serde_json::json!({ "status": found.status, "problems": problems });
            writeln!(out, "{}", serde_json::to_string_pretty(&json)?)?
        }
    }
    Ok(())
}
