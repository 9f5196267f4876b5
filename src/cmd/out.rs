//! `score --out`: the result written to a file, its kind chosen by the extension.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::Result;

use super::UsageError;
use crate::cli::OutArgs;
use zhibiao::location::InputFile;
use zhibiao::pipeline::Outcome;
use zhibiao::result_book::{self, Date};
use zhibiao::stability::Report;
use zhibiao::{output, report, text};

enum Kind {
    Workbook,
    Csv,
    Json,
}

/// What to write, checked before any scoring so that a wrong call fails at once.
pub struct Out {
    path: PathBuf,
    kind: Kind,
    date: Option<Date>,
}

pub fn plan(args: &OutArgs, tree: &Path, inputs: &[InputFile]) -> Result<Option<Out>> {
    let Some(path) = &args.out else { return Ok(None) };
    let extension = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    let kind = match extension.as_deref() {
        Some("xlsx") => Kind::Workbook,
        Some("csv") => Kind::Csv,
        Some("json") => Kind::Json,
        _ => return Err(UsageError(text::bad_out_extension(path.display())).into()),
    };
    if args.previous.is_some() && !matches!(kind, Kind::Workbook) {
        return Err(UsageError(text::previous_needs_workbook()).into());
    }
    let date = match &args.date {
        Some(d) => Some(d.parse().map_err(|()| UsageError(text::bad_date(d).to_string()))?),
        None => None,
    };
    let mut all_inputs: Vec<PathBuf> = inputs.iter().map(|f| f.path.clone()).collect();
    all_inputs.push(tree.to_path_buf());
    all_inputs.extend(args.previous.clone());
    // Writing over an input is how the tool was called, not what the data says: exit 2.
    output::check_not_input(path, &all_inputs).map_err(|e| UsageError(e.to_string()))?;
    Ok(Some(Out { path: path.clone(), kind, date }))
}

pub fn write(out: &Out, outcome: &Outcome, stability: Option<&Report<'_>>) -> Result<()> {
    // Straight into the file: a national json report or workbook is not also kept whole in memory.
    output::write_atomic_with(&out.path, |file| {
        let mut file = BufWriter::new(file);
        match out.kind {
            Kind::Csv => report::csv(&mut file, outcome)?,
            Kind::Json => report::write_json(&mut file, outcome)?,
            Kind::Workbook => {
                result_book::write_with(outcome, out.date, stability, &mut file).map_err(io::Error::other)?;
            }
        }
        file.flush()
    })?;
    eprintln!("{}", text::written(out.path.display()));
    Ok(())
}
