//! The edge where spreadsheets come in: any xlsx, xlsm, xlsb, xls, ods or csv file becomes a list of
//! [`Sheet`]s, grids of plain [`Cell`] values with their positions. Nothing here knows about
//! indicators or scores.

use std::borrow::Cow;
use std::fs;
use std::io::Cursor;
use std::panic;
use std::path::Path;
use std::sync::{Arc, Once};

use calamine::{Data, Ods, OdsError, Reader, SheetType, SheetVisible, Xls, XlsError, Xlsb, XlsbError, Xlsx, XlsxError};
use rust_decimal::Decimal;

use crate::location::Location;
use crate::{number, text};

mod limits;
use limits::{Span, check_compound, check_zip_extent, grow};

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
    /// Borrowed where it can be: hundreds of thousands of cells are looked at once and dropped.
    pub fn text(&self) -> Option<Cow<'_, str>> {
        match self {
            Cell::Empty => None,
            Cell::Number(n) => Some(Cow::Owned(n.to_string())),
            Cell::Text(t) => {
                let t = t.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
                (!t.is_empty()).then_some(Cow::Borrowed(t))
            }
            Cell::Error(e) => Some(Cow::Borrowed(e)),
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

    pub fn text(&self, row: usize, col: usize) -> Option<Cow<'_, str>> {
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
    #[error("{}", text::protected_workbook(.0))]
    Protected(String),
    #[error("{}", text::file_too_large(.0, MAX_FILE_BYTES / 1_000_000))]
    FileTooLarge(String),
    /// Where the first value beyond the limits lies (the file alone when the reader cannot say).
    #[error("{}", text::sheet_too_large(.0, MAX_ROWS, MAX_COLUMNS))]
    SheetTooLarge(Location),
    #[error("{}", text::reader_failed(.0, .1))]
    ReaderFailed(String, String),
}

/// Limits far above any indicator system or score sheet, and far below what would exhaust memory.
/// A national long table is 2,844 units × 112 items = 318,528 rows; MAX_CELLS bounds the memory.
pub const MAX_ROWS: u64 = 1_000_000;
pub const MAX_COLUMNS: u64 = 1_000;
/// Cells a sheet's values may span (rows × columns), so that its grid fits in memory.
pub const MAX_CELLS: u64 = 10_000_000;
pub const MAX_FILE_BYTES: u64 = 200_000_000;
/// What the parts of an xlsx, xlsb or ods archive may unpack to, all together.
pub const MAX_UNZIPPED_BYTES: u64 = 300_000_000;

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
    Xlsb,
    Xls,
    Ods,
    Csv,
}

impl Format {
    pub fn of(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "xlsx" | "xlsm" => Some(Format::Xlsx),
            "xlsb" => Some(Format::Xlsb),
            "xls" => Some(Format::Xls),
            "ods" => Some(Format::Ods),
            "csv" => Some(Format::Csv),
            _ => None,
        }
    }
}

/// Reads the chosen sheets of a spreadsheet file. The file is only ever opened for reading.
pub fn read(path: &Path, which: Which<'_>) -> Result<Workbook, ReadError> {
    let (bytes, format) = load(path)?;
    read_bytes(&bytes, format, path.display().to_string().into(), which)
}

/// The bytes of a spreadsheet file and its format, refused before reading when it is not one
/// or too large.
pub fn load(path: &Path) -> Result<(Vec<u8>, Format), ReadError> {
    let display = path.display().to_string();
    let metadata = match fs::metadata(path) {
        Ok(m) if m.is_file() => m,
        _ => return Err(ReadError::NotFound(display)),
    };
    let format = Format::of(path).ok_or_else(|| ReadError::Unsupported(display.clone()))?;
    if metadata.len() > MAX_FILE_BYTES {
        return Err(ReadError::FileTooLarge(display));
    }
    let bytes = fs::read(path).map_err(|e| ReadError::Open(display, e.to_string()))?;
    Ok((bytes, format))
}

/// Reads the chosen sheets of a spreadsheet held in memory; `display` names it in messages.
/// [`read`] comes through here, and so do the fuzz targets.
pub fn read_bytes(bytes: &[u8], format: Format, display: Arc<str>, which: Which<'_>) -> Result<Workbook, ReadError> {
    // Third-party readers have panicked on hostile files before: such a file is unreadable, not
    // a crash, and the panic's own message would only confuse a clerk.
    let result = quietly(|| match format {
        Format::Csv => read_csv(bytes, &display),
        Format::Xlsx => {
            check_compound(bytes, &display, false)?;
            check_zip_extent(bytes, &display, Format::Xlsx)?;
            read_book(open::<Xlsx<_>>(bytes, &display)?, &display, which, xlsx_cells)
        }
        Format::Xlsb => {
            check_compound(bytes, &display, false)?;
            check_zip_extent(bytes, &display, Format::Xlsb)?;
            read_book(open::<Xlsb<_>>(bytes, &display)?, &display, which, xlsb_cells)
        }
        Format::Xls => {
            check_compound(bytes, &display, true)?;
            read_book(open::<Xls<_>>(bytes, &display)?, &display, which, range_cells)
        }
        Format::Ods => {
            check_zip_extent(bytes, &display, Format::Ods)?;
            read_book(open::<Ods<_>>(bytes, &display)?, &display, which, range_cells)
        }
    });
    result.unwrap_or_else(|why| Err(ReadError::ReaderFailed(display.to_string(), why)))
}

thread_local! {
    static QUIET: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f`, turning a panic into its message, and keeping that message off stderr. The panic hook
/// is process-wide and files are read in parallel, so it is wrapped once and silenced per thread.
fn quietly<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    static WRAP: Once = Once::new();
    WRAP.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !QUIET.get() {
                previous(info);
            }
        }));
    });
    let was = QUIET.replace(true);
    let result = panic::catch_unwind(panic::AssertUnwindSafe(f));
    QUIET.set(was);
    result.map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default()
    })
}

/// What the reader's errors must tell beyond their text.
trait BookError: std::fmt::Display {
    fn is_password(&self) -> bool;
    fn is_too_large(&self) -> bool {
        false
    }
}

impl BookError for XlsxError {
    fn is_password(&self) -> bool {
        matches!(self, XlsxError::Password)
    }
}

impl BookError for XlsbError {
    fn is_password(&self) -> bool {
        matches!(self, XlsbError::Password)
    }
}

impl BookError for XlsError {
    fn is_password(&self) -> bool {
        matches!(self, XlsError::Password)
    }
}

impl BookError for OdsError {
    fn is_password(&self) -> bool {
        matches!(self, OdsError::Password)
    }
    fn is_too_large(&self) -> bool {
        matches!(self, OdsError::CellLimitExceeded { .. })
    }
}

type Bytes<'a> = Cursor<&'a [u8]>;

fn open<'a, R>(bytes: &'a [u8], display: &str) -> Result<R, ReadError>
where
    R: Reader<Bytes<'a>>,
    R::Error: BookError,
{
    R::new(Cursor::new(bytes)).map_err(|e| {
        if e.is_password() {
            ReadError::Protected(display.to_string())
        } else if e.is_too_large() {
            ReadError::SheetTooLarge(Location::file(display))
        } else {
            ReadError::Open(display.to_string(), e.to_string())
        }
    })
}

/// Reads one sheet's cells into a grid, refusing it as soon as a cell lies beyond the limits.
type SheetReader<R> = fn(&mut R, &str, &mut Grid) -> Result<(), String>;

fn read_book<'a, R>(mut book: R, display: &Arc<str>, which: Which<'_>, cells: SheetReader<R>) -> Result<Workbook, ReadError>
where
    R: Reader<Bytes<'a>>,
{
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
            .filter(|s| s.typ == SheetType::WorkSheet)
            .filter(|s| s.visible == SheetVisible::Visible || matches!(which, Which::VisibleAnd(n) if n == s.name))
            .map(|s| s.name.clone())
            .collect(),
    };
    if names.is_empty() {
        return Err(ReadError::Empty(display.to_string()));
    }
    let mut sheets = Vec::with_capacity(names.len());
    for name in names {
        let name: Arc<str> = name.into();
        let mut grid = Grid::default();
        cells(&mut book, &name, &mut grid).map_err(|why| ReadError::Unreadable(display.to_string(), why))?;
        if let Some(cell) = grid.beyond {
            return Err(ReadError::SheetTooLarge(Location { file: display.clone(), sheet: Some(name), cell: Some(cell) }));
        }
        sheets.push(grid.into_sheet(display.clone(), Some(name)));
    }
    Ok(Workbook { sheets, defined_names: book.defined_names().to_vec() })
}

/// The values of a sheet as they are read, kept sparse until all are known to fit.
#[derive(Default)]
struct Grid {
    cells: Vec<(u32, u32, Cell)>,
    span: Option<Span>,
    /// The first value found beyond the limits; reading stops there.
    beyond: Option<(u32, u32)>,
}

impl Grid {
    /// Takes one value; `false` once the sheet has proved too large, to stop reading. Empty cells
    /// (formatting only) take no room and are not measured.
    fn push(&mut self, (row, col): (u32, u32), cell: Cell) -> bool {
        if cell == Cell::Empty {
            return true;
        }
        let Some(span) = grow(self.span, row, col) else {
            self.beyond = Some((row, col));
            return false;
        };
        self.span = Some(span);
        self.cells.push((row, col, cell));
        true
    }

    fn into_sheet(self, file: Arc<str>, name: Option<Arc<str>>) -> Sheet {
        let (top, bottom, left, _) = self.span.unwrap_or_default();
        let height = if self.cells.is_empty() { 0 } else { (bottom - top + 1) as usize };
        let mut rows: Vec<Vec<Cell>> = vec![Vec::new(); height];
        for (row, col, cell) in self.cells {
            let row = &mut rows[(row - top) as usize];
            let col = (col - left) as usize;
            if row.len() <= col {
                row.resize(col + 1, Cell::Empty);
            }
            row[col] = cell;
        }
        Sheet::new(file, name, (top, left), rows)
    }
}

/// xlsx and xlsb are streamed cell by cell, so a sheet claiming a million rows is refused before
/// anything of it is held in memory.
fn xlsx_cells(book: &mut Xlsx<Bytes<'_>>, name: &str, grid: &mut Grid) -> Result<(), String> {
    let mut reader = match book.worksheet_cells_reader(name) {
        Ok(reader) => reader,
        Err(XlsxError::NotAWorksheet(_)) => return Ok(()),
        Err(e) => return Err(e.to_string()),
    };
    while let Some(cell) = reader.next_cell().map_err(|e| e.to_string())? {
        if !grid.push(cell.get_position(), cell_of(Data::from(cell.get_value().clone()))) {
            break;
        }
    }
    Ok(())
}

fn xlsb_cells(book: &mut Xlsb<Bytes<'_>>, name: &str, grid: &mut Grid) -> Result<(), String> {
    let mut reader = book.worksheet_cells_reader(name).map_err(|e| e.to_string())?;
    while let Some(cell) = reader.next_cell().map_err(|e| e.to_string())? {
        if !grid.push(cell.get_position(), cell_of(Data::from(cell.get_value().clone()))) {
            break;
        }
    }
    Ok(())
}

/// xls and ods readers hand over whole ranges (calamine caps their size while parsing).
fn range_cells<'a, R: Reader<Bytes<'a>, Error: BookError>>(book: &mut R, name: &str, grid: &mut Grid) -> Result<(), String> {
    let range = book.worksheet_range(name).map_err(|e| e.to_string())?;
    let (top, left) = range.start().unwrap_or((0, 0));
    for (row, col, data) in range.used_cells() {
        if !grid.push((top + row as u32, left + col as u32), cell_of(data.clone())) {
            break;
        }
    }
    Ok(())
}

fn cell_of(data: Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::Int(i) => Cell::Number(Decimal::from(i)),
        Data::Float(f) => number::from_f64(f).map_or_else(|| Cell::Error(f.to_string()), Cell::Number),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s),
        Data::Bool(b) => Cell::Text(if b { "TRUE" } else { "FALSE" }.to_string()),
        Data::DateTime(d) => Cell::Text(d.to_string()),
        Data::Error(e) => Cell::Error(e.to_string()),
    }
}

/// Reads a csv file: UTF-8 (with or without BOM), or GBK as Excel writes "CSV" on Chinese Windows.
fn read_csv(bytes: &[u8], display: &Arc<str>) -> Result<Workbook, ReadError> {
    let content = match std::str::from_utf8(bytes) {
        Ok(s) => Cow::Borrowed(s.strip_prefix('\u{feff}').unwrap_or(s)),
        Err(_) => {
            let (decoded, _, had_errors) = encoding_rs::GBK.decode(bytes);
            if had_errors {
                return Err(ReadError::Unreadable(display.to_string(), text::not_text()));
            }
            decoded
        }
    };
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(content.as_bytes());
    let mut grid = Grid::default();
    let mut record = csv::StringRecord::new();
    for row in 0u32.. {
        if !reader.read_record(&mut record).map_err(|e| ReadError::Unreadable(display.to_string(), e.to_string()))? {
            break;
        }
        for (col, field) in record.iter().enumerate() {
            let cell = if field.is_empty() { Cell::Empty } else { Cell::Text(field.to_string()) };
            if !grid.push((row, u32::try_from(col).unwrap_or(u32::MAX)), cell) {
                return Err(ReadError::SheetTooLarge(Location { cell: grid.beyond, ..Location::file(display.clone()) }));
            }
        }
    }
    if grid.cells.is_empty() {
        return Err(ReadError::Empty(display.to_string()));
    }
    Ok(Workbook { sheets: vec![grid.into_sheet(display.clone(), None)], defined_names: Vec::new() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panicking_reader_is_an_error_not_a_crash() {
        assert_eq!(quietly(|| -> u8 { panic!("boom") }), Err("boom".to_string()));
        assert!(!QUIET.get());
        assert_eq!(quietly(|| 5), Ok(5));
    }
}
