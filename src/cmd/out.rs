//! `score --out`: the result written to a file, its kind chosen by the extension.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::Result;

use super::UsageError;
use crate::cli::OutArgs;
use zhibiao::export::{self, Export, Exporter};
use zhibiao::location::InputFile;
use zhibiao::result_book::Date;
use zhibiao::{output, text};

/// What to write, checked before any scoring so that a wrong call fails at once.
pub struct Out {
    path: PathBuf,
    exporter: &'static dyn Exporter,
    pub date: Option<Date>,
}

pub fn plan(args: &OutArgs, tree: &Path, inputs: &[InputFile]) -> Result<Option<Out>> {
    let Some(path) = &args.out else { return Ok(None) };
    let exporter = path.extension().and_then(|e| e.to_str()).and_then(export::by_extension);
    let exporter = exporter.ok_or_else(|| UsageError(text::bad_out_extension(path.display())))?;
    let date = Date::typed(args.date.as_deref()).map_err(|why| UsageError(why.to_string()))?;
    let mut all_inputs: Vec<PathBuf> = inputs.iter().map(|f| f.path.clone()).collect();
    all_inputs.push(tree.to_path_buf());
    all_inputs.extend(args.previous.clone());
    // Writing over an input is how the tool was called, not what the data says: exit 2.
    output::check_not_input(path, &all_inputs).map_err(|e| UsageError(e.to_string()))?;
    Ok(Some(Out { path: path.clone(), exporter, date }))
}

pub fn write(out: &Out, export: &Export<'_>) -> Result<()> {
    // Straight into the file: a national json report or workbook is not also kept whole in memory.
    output::write_atomic_with(&out.path, |file| {
        let mut file = BufWriter::new(file);
        out.exporter.write(export, &mut file)?;
        file.flush()
    })?;
    eprintln!("{}", text::written(out.path.display()));
    Ok(())
}
