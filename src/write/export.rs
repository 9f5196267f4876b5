//! A scored run's outputs, one exporter per format behind one trait: the command line (`--format`,
//! `--out`), the page's downloads and the service's result all look a format up here by its name,
//! so that each writes the same bytes.

use std::io::{self, Seek, SeekFrom, Write};

use crate::pipeline::Outcome;
use crate::report;
use crate::result_book::{self, Date};
use crate::sensitivity::Stability;
use crate::stability::{self, Report};

/// What an output shows: the outcome, and beside it what a run was asked for on top.
pub struct Export<'a> {
    pub outcome: &'a Outcome,
    /// The workbook's date; without it the workbook carries a fixed one.
    pub date: Option<Date>,
    /// The ranking's stability under drawn weights, when asked for (`--sensitivity`).
    pub stability: Option<&'a Stability>,
}

impl<'a> Export<'a> {
    pub fn new(outcome: &'a Outcome) -> Self {
        Export { outcome, date: None, stability: None }
    }

    /// The stability and the disputes, when there is either to show.
    pub fn report(&self) -> Option<Report<'a>> {
        let disputes = &self.outcome.disputes;
        (self.stability.is_some() || !disputes.is_empty()).then_some(Report { outcome: self.outcome, stability: self.stability, disputes })
    }
}

/// Where an output goes: a file or a buffer, which the workbook needs to seek in, or a stream that
/// only goes forward ([`Forward`]), for the text formats.
pub trait Sink: Write + Seek {}

impl<T: Write + Seek> Sink for T {}

/// A stream that cannot seek (stdout): enough for every format but the workbook.
pub struct Forward<W>(pub W);

impl<W: Write> Write for Forward<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

impl<W> Seek for Forward<W> {
    fn seek(&mut self, _: SeekFrom) -> io::Result<u64> {
        Err(io::Error::new(io::ErrorKind::Unsupported, "a stream cannot seek"))
    }
}

/// One output format.
pub trait Exporter: Sync {
    /// Its name, as `--format` and the page's downloads call it.
    fn name(&self) -> &'static str;
    /// The extension of its files (`--out`'s, the downloads'); `None` for the terminal's table.
    fn extension(&self) -> Option<&'static str>;
    /// Writes the output, as a file holds it. Errors keep the io error's kind, so that a closed
    /// pipe is told as one.
    fn write(&self, export: &Export<'_>, out: &mut dyn Sink) -> io::Result<()>;
    /// Writes it to a terminal, which ends a text with a line end.
    fn print(&self, export: &Export<'_>, out: &mut dyn Sink) -> io::Result<()> {
        self.write(export, out)
    }
}

/// Every format, the terminal's table first.
pub const ALL: [&dyn Exporter; 4] = [&Table, &Json, &Csv, &Workbook];

/// The format of this name (`table`, `json`, `csv`, `workbook`).
pub fn by_name(name: &str) -> Option<&'static dyn Exporter> {
    ALL.into_iter().find(|e| e.name() == name)
}

/// The format of files with this extension (`xlsx`, `csv`, `json`), whatever its case.
pub fn by_extension(extension: &str) -> Option<&'static dyn Exporter> {
    ALL.into_iter().find(|e| e.extension().is_some_and(|x| x.eq_ignore_ascii_case(extension)))
}

/// The ranking as the terminal shows it, disputed items and the stability under it.
pub struct Table;
/// The json report.
pub struct Json;
/// One row per unit.
pub struct Csv;
/// The annual result workbook (年度结果).
pub struct Workbook;

impl Exporter for Table {
    fn name(&self) -> &'static str {
        "table"
    }

    fn extension(&self) -> Option<&'static str> {
        None
    }

    fn write(&self, export: &Export<'_>, out: &mut dyn Sink) -> io::Result<()> {
        write!(out, "{}", report::table(export.outcome))?;
        match export.report() {
            Some(r) => write!(out, "{}", stability::table(&r)),
            None => Ok(()),
        }
    }
}

impl Exporter for Json {
    fn name(&self) -> &'static str {
        "json"
    }

    fn extension(&self) -> Option<&'static str> {
        Some("json")
    }

    fn write(&self, export: &Export<'_>, out: &mut dyn Sink) -> io::Result<()> {
        Ok(report::write_json(out, export.outcome)?)
    }

    fn print(&self, export: &Export<'_>, out: &mut dyn Sink) -> io::Result<()> {
        self.write(export, out)?;
        writeln!(out)
    }
}

impl Exporter for Csv {
    fn name(&self) -> &'static str {
        "csv"
    }

    fn extension(&self) -> Option<&'static str> {
        Some("csv")
    }

    fn write(&self, export: &Export<'_>, out: &mut dyn Sink) -> io::Result<()> {
        // csv's error holds the io error's kind inside its own.
        report::csv(out, export.outcome).map_err(|e| match e.into_kind() {
            csv::ErrorKind::Io(e) => e,
            other => io::Error::other(format!("{other:?}")),
        })
    }
}

impl Exporter for Workbook {
    fn name(&self) -> &'static str {
        "workbook"
    }

    fn extension(&self) -> Option<&'static str> {
        Some("xlsx")
    }

    fn write(&self, export: &Export<'_>, out: &mut dyn Sink) -> io::Result<()> {
        result_book::write(export.outcome, export.date, export.report().as_ref(), out).map(drop).map_err(io::Error::other)
    }
}

/// An output in memory (the page's downloads, the service's result).
pub fn to_bytes(exporter: &dyn Exporter, export: &Export<'_>) -> io::Result<Vec<u8>> {
    let mut bytes = io::Cursor::new(Vec::new());
    exporter.write(export, &mut bytes)?;
    Ok(bytes.into_inner())
}
