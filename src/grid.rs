//! The edge where spreadsheets come in: any xlsx, xlsm, xls, ods or csv file becomes a list of
//! [`Sheet`]s, grids of plain [`Cell`] values with their positions. Nothing here knows about
//! indicators or scores.

use std::borrow::Cow;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;
use std::sync::Arc;

use calamine::{Data, Ods, Reader, SheetVisible, Xls, Xlsx};
use rust_decimal::Decimal;

use crate::location::Location;
use crate::{number, text};

/// One cell's value, as far as the scoring needs to know it.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Empty,
    Number(Decimal),
    Text(String),
    /// An error value such as `#DIV/0!`, or a number no decimal can hold.
    Error(String),
}

impl Cell {
    /// The cell's text with surrounding spaces trimmed; numbers as written; `None` when empty.
    pub fn text(&self) -> Option<String> {
        match self {
            Cell::Empty => None,
            Cell::Number(n) => Some(n.to_string()),
            Cell::Text(t) => {
                let t = t.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
                (!t.is_empty()).then(|| t.to_string())
            }
            Cell::Error(e) => Some(e.clone()),
        }
    }

    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.chars().all(|c| c.is_whitespace() || c == '\u{3000}'),
            Cell::Number(_) | Cell::Error(_) => false,
        }
    }
}

static EMPTY: Cell = Cell::Empty;

/// A worksheet (or a csv file) as a grid of cells.
#[derive(Clone, Debug)]
pub struct Sheet {
    pub file: Arc<str>,
    pub name: Option<Arc<str>>,
    /// Zero-based row and column of `rows[0][0]` in the worksheet.
    origin: (u32, u32),
    rows: Vec<Vec<Cell>>,
}

impl Sheet {
    pub fn new(file: Arc<str>, name: Option<Arc<str>>, origin: (u32, u32), rows: Vec<Vec<Cell>>) -> Self {
        Sheet { file, name, origin, rows }
    }

    pub fn height(&self) -> usize {
        self.rows.len()
    }

    pub fn width(&self) -> usize {
        self.rows.iter().map(Vec::len).max().unwrap_or(0)
    }

    /// The cell at a grid position; empty beyond the data.
    pub fn cell(&self, row: usize, col: usize) -> &Cell {
        self.rows.get(row).and_then(|r| r.get(col)).unwrap_or(&EMPTY)
    }

    pub fn text(&self, row: usize, col: usize) -> Option<String> {
        self.cell(row, col).text()
    }

    /// The worksheet address of a grid position.
    pub fn location(&self, row: usize, col: usize) -> Location {
        Location {
            file: self.file.clone(),
            sheet: self.name.clone(),
            cell: Some((self.origin.0 + row as u32, self.origin.1 + col as u32)),
        }
    }

    /// The sheet itself, for problems that have no cell.
    pub fn whole(&self) -> Location {
        Location { file: self.file.clone(), sheet: self.name.clone(), cell: None }
    }
}

#[cfg(test)]
impl Sheet {
    /// A sheet `t.xlsx!指标` of text cells, an empty string being an empty cell: for unit tests.
    pub fn of_texts<'a, R: AsRef<[&'a str]>>(rows: &[R]) -> Sheet {
        let cell = |t: &&str| if t.is_empty() { Cell::Empty } else { Cell::Text(t.to_string()) };
        let rows = rows.iter().map(|r| r.as_ref().iter().map(cell).collect()).collect();
        Sheet::new("t.xlsx".into(), Some("指标".into()), (0, 0), rows)
    }
}

/// Which sheets of a workbook to read.
#[derive(Clone, Debug)]
pub enum Which<'a> {
    First,
    Named(&'a str),
    /// Every visible sheet.
    Visible,
    /// Every visible sheet, and the named one too when the workbook has it, hidden or not.
    VisibleAnd(&'a str),
}

/// A file that could not be read at all.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{}", text::file_not_found(.0))]
    NotFound(String),
    #[error("{}", text::unsupported_format(.0))]
    Unsupported(String),
    #[error("{}", text::cannot_open(.0, .1))]
    Open(String, String),
    #[error("{}", text::unreadable(.0, .1))]
    Unreadable(String, String),
    #[error("{}", text::no_such_sheet(.0, .1))]
    NoSuchSheet(String, String),
    #[error("{}", text::empty_workbook(.0))]
    Empty(String),
}

/// A workbook's sheets and its defined names (templates carry their identity in those).
#[derive(Debug)]
pub struct Workbook {
    pub sheets: Vec<Sheet>,
    pub defined_names: Vec<(String, String)>,
}

/// The spreadsheet formats we read, recognised by extension whatever its case.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Xlsx,
    Xls,
    Ods,
    Csv,
}

impl Format {
    pub fn of(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "xlsx" | "xlsm" => Some(Format::Xlsx),
            "xls" => Some(Format::Xls),
            "ods" => Some(Format::Ods),
            "csv" => Some(Format::Csv),
            _ => None,
        }
    }
}

/// Reads the chosen sheets of a spreadsheet file. `display` is how the file is named in messages.
pub fn read(path: &Path, which: Which<'_>) -> Result<Workbook, ReadError> {
    let display: Arc<str> = path.display().to_string().into();
    if !path.is_file() {
        return Err(ReadError::NotFound(display.to_string()));
    }
    let format = Format::of(path).ok_or_else(|| ReadError::Unsupported(display.to_string()))?;
    // Third-party readers have panicked on hostile files before; such a file is unreadable, not a crash.
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match format {
        Format::Csv => read_csv(path, &display),
        Format::Xlsx => read_book::<Xlsx<_>>(path, &display, which),
        Format::Xls => read_book::<Xls<_>>(path, &display, which),
        Format::Ods => read_book::<Ods<_>>(path, &display, which),
    }));
    result.unwrap_or_else(|panic| {
        let why = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(ReadError::Unreadable(display.to_string(), why))
    })
}

fn read_book<R>(path: &Path, display: &Arc<str>, which: Which<'_>) -> Result<Workbook, ReadError>
where
    R: Reader<BufReader<File>>,
    R::Error: std::fmt::Display + From<std::io::Error>,
{
    let mut book: R =
        calamine::open_workbook::<R, _>(path).map_err(|e: R::Error| ReadError::Open(display.to_string(), e.to_string()))?;
    let names: Vec<String> = match which {
        Which::First => book.sheet_names().into_iter().take(1).collect(),
        Which::Named(name) => {
            if !book.sheet_names().iter().any(|n| n == name) {
                return Err(ReadError::NoSuchSheet(display.to_string(), name.to_string()));
            }
            vec![name.to_string()]
        }
        Which::Visible | Which::VisibleAnd(_) => book
            .sheets_metadata()
            .iter()
            .filter(|s| s.visible == SheetVisible::Visible || matches!(which, Which::VisibleAnd(n) if n == s.name))
            .map(|s| s.name.clone())
            .collect(),
    };
    if names.is_empty() {
        return Err(ReadError::Empty(display.to_string()));
    }
    let mut sheets = Vec::with_capacity(names.len());
    for name in names {
        let range =
            book.worksheet_range(&name).map_err(|e| ReadError::Unreadable(display.to_string(), e.to_string()))?;
        let origin = range.start().unwrap_or((0, 0));
        let rows = range.rows().map(|row| row.iter().map(cell_of).collect()).collect();
        sheets.push(Sheet::new(display.clone(), Some(name.into()), origin, rows));
    }
    Ok(Workbook { sheets, defined_names: book.defined_names().to_vec() })
}

fn cell_of(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::Int(i) => Cell::Number(Decimal::from(*i)),
        Data::Float(f) => number::from_f64(*f).map_or_else(|| Cell::Error(f.to_string()), Cell::Number),
        Data::String(s) => Cell::Text(s.clone()),
        Data::Bool(b) => Cell::Text(if *b { "TRUE" } else { "FALSE" }.to_string()),
        Data::DateTime(d) => Cell::Text(d.to_string()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Error(e.to_string()),
    }
}

/// Reads a csv file: UTF-8 (with or without BOM), or GBK as Excel writes "CSV" on Chinese Windows.
fn read_csv(path: &Path, display: &Arc<str>) -> Result<Workbook, ReadError> {
    let mut bytes = Vec::new();
    File::open(path)
        .and_then(|mut f| f.read_to_end(&mut bytes))
        .map_err(|e| ReadError::Open(display.to_string(), e.to_string()))?;
    let content = match std::str::from_utf8(&bytes) {
        Ok(s) => Cow::Borrowed(s.strip_prefix('\u{feff}').unwrap_or(s)),
        Err(_) => {
            let (decoded, _, had_errors) = encoding_rs::GBK.decode(&bytes);
            if had_errors {
                return Err(ReadError::Unreadable(display.to_string(), "not UTF-8 or GBK text".into()));
            }
            decoded
        }
    };
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(content.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| ReadError::Unreadable(display.to_string(), e.to_string()))?;
        rows.push(record.iter().map(|f| if f.is_empty() { Cell::Empty } else { Cell::Text(f.to_string()) }).collect());
    }
    if rows.is_empty() {
        return Err(ReadError::Empty(display.to_string()));
    }
    Ok(Workbook { sheets: vec![Sheet::new(display.clone(), None, (0, 0), rows)], defined_names: Vec::new() })
}
