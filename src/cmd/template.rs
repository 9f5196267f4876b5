use std::io::Write;

use anyhow::{Context, Result};

use crate::cli::TemplateArgs;
use zhibiao::template::{self, TemplateError};
use zhibiao::{output, text};

pub fn run(args: TemplateArgs) -> Result<()> {
    let tree = super::load_tree(&args.tree, &args.options)?;
    let units = super::unit_list(&args.units)?;
    let templates = template::plan(&tree, args.by, &units).map_err(|e| match e {
        TemplateError::NoUnits | TemplateError::NoDepartments => super::UsageError(e.to_string()).into(),
        other => anyhow::Error::from(other),
    })?;
    std::fs::create_dir_all(&args.out).with_context(|| text::creating_dir(args.out.display()))?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "{}", text::templates_written(templates.len(), args.out.display()))?;
    for t in &templates {
        let path = args.out.join(&t.file_name);
        output::check_not_input(&path, std::slice::from_ref(&args.tree))?;
        output::write_atomic(&path, &template::workbook(&tree, t)?)?;
        writeln!(out, "{}", text::template_line(&t.file_name, t.items.len(), t.units.len().max(1)))?;
    }
    Ok(())
}
