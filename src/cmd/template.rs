use std::io::Write;

use anyhow::{Context, Result};

use crate::cli::TemplateArgs;
use zhibiao::problem::{Problem, Problems};
use zhibiao::template::{self, By, TemplateError};
use zhibiao::{output, text};

pub fn run(args: TemplateArgs) -> Result<()> {
    let tree = super::load_tree(&args.tree, &args.options)?;
    let units = super::unit_list(&args.units)?;
    let mut templates = template::plan(&tree, args.by, &units).map_err(|e| match e {
        TemplateError::NoUnits | TemplateError::NoDepartments => super::UsageError(e.to_string()).into(),
        other => anyhow::Error::from(other),
    })?;
    templates.iter_mut().for_each(|t| t.review = args.review);
    if args.figures {
        template::with_figures(&tree, &mut templates);
    }
    let unassigned = template::unassigned(&tree);
    if args.by == By::Department && !unassigned.is_empty() {
        super::print_warnings(&[Problem::warning(None, text::unassigned_items(unassigned.len(), unassigned.join(", ")))]);
    }
    let mut files = Vec::with_capacity(templates.len());
    for t in &templates {
        let path = args.out.join(&t.file_name);
        output::check_not_input(&path, std::slice::from_ref(&args.tree)).map_err(|e| super::UsageError(e.to_string()))?;
        files.push((path, template::workbook(&tree, t)?));
    }
    // A file already there may be a form a department filled in: never written over unasked.
    let differing: Vec<Problem> = files
        .iter()
        .filter(|(path, bytes)| !args.force && std::fs::read(path).is_ok_and(|old| old != *bytes))
        .map(|(path, _)| Problem::error(None, text::template_exists(path.display())))
        .collect();
    if !differing.is_empty() {
        return Err(Problems(differing).into());
    }
    std::fs::create_dir_all(&args.out).with_context(|| text::creating_dir(args.out.display()))?;
    // Every file is written before anything is printed: a closed stdout must not stop the writing.
    for (path, bytes) in &files {
        output::write_atomic(path, bytes)?;
    }
    let mut out = std::io::stdout().lock();
    writeln!(out, "{}", text::templates_written(templates.len(), args.out.display()))?;
    for t in &templates {
        writeln!(out, "{}", text::template_line(&t.file_name, t.items.len(), t.units.len().max(1)))?;
    }
    if units.is_empty() {
        writeln!(out, "{}", text::templates_without_units())?;
    }
    Ok(())
}
