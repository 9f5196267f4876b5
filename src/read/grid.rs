//! The edge where spreadsheets come in: any xlsx, xlsm, xlsb, xls, ods or csv file becomes a list of
//! [`Sheet`]s, grids of plain [`Cell`] values with their positions. So do documents: a .docx's
//! tables (`docx`), or its paragraphs, or a .txt file's lines, one a row. Nothing here knows about
//! indicators or scores.

use std::borrow::Cow;
use std::io::Cursor;
use std::panic;
use std::path::Path;
use std::sync::{Arc, Once, mpsc};
use std::{mem, thread};

use calamine::{Data, Ods, OdsError, Reader, SheetType, SheetVisible, Xls, XlsError, Xlsb, XlsbError, Xlsx, XlsxError};
use rust_decimal::Decimal;

use crate::location::{Location, Origin, Part};
use crate::number;
use crate::text::{self, Message};
use std::fmt;

mod csv_rows;
mod limits;
use limits::{Span, check_compound, check_zip_extent, grow};

// Documents: Word files and text files as sheets.
mod docx;
mod lines;

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
                // Nearly every cell begins and ends with a visible character: looking at the two
                // costs a tenth of trimming (no space lies past U+3000, where Chinese begins).
                let visible = |c: Option<char>| c.is_some_and(|c| c > '\u{3000}' || c.is_ascii_graphic());
                if visible(t.chars().next()) && visible(t.chars().next_back()) {
                    return Some(Cow::Borrowed(t));
                }
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

/// A worksheet (or a csv file) as a grid of cells. Grid rows count from the first row that has a
/// value; grid columns are the worksheet's own, so that they never shift while a sheet is read.
#[derive(Clone, Debug)]
pub struct Sheet {
    pub file: Arc<str>,
    pub name: Option<Arc<str>>,
    /// The file and name as every location of the sheet shares them.
    origin: Arc<Origin>,
    /// Zero-based worksheet row of grid row 0.
    top: u32,
    /// Grid rows let go from the top while a csv file was read (see [`Reading::Rows`]): `rows[0]`
    /// is grid row `gone`.
    gone: usize,
    rows: Vec<Row>,
    /// What a row is: a row of cells, or a document's paragraph or line (in column A).
    part: Part,
}

/// A row's cells from its first value on: a value far to the right costs no room in other rows.
#[derive(Clone, Debug, Default)]
struct Row {
    first: u32,
    cells: Vec<Cell>,
}

impl Row {
    fn end(&self) -> usize {
        self.first as usize + self.cells.len()
    }

    /// The cell in a worksheet column; `None` beyond the row's values.
    fn cell(&self, col: usize) -> Option<&Cell> {
        col.checked_sub(self.first as usize).and_then(|c| self.cells.get(c))
    }
}

impl Sheet {
    /// A sheet whose `rows[0][0]` lies at the zero-based worksheet position `origin`.
    pub fn new(file: Arc<str>, name: Option<Arc<str>>, origin: (u32, u32), rows: Vec<Vec<Cell>>) -> Self {
        let rows = rows.into_iter().map(|cells| Row { first: origin.1, cells }).collect();
        Sheet::empty(file, name, origin.0, rows)
    }

    fn empty(file: Arc<str>, name: Option<Arc<str>>, top: u32, rows: Vec<Row>) -> Self {
        let origin = Arc::new(Origin { file: file.clone(), sheet: name.clone() });
        Sheet { file, name, origin, top, gone: 0, rows, part: Part::Cell }
    }

    /// Whether the rows are a document's paragraphs or lines rather than a table's.
    pub fn is_document(&self) -> bool {
        self.part != Part::Cell
    }

    pub fn height(&self) -> usize {
        self.gone + self.rows.len()
    }

    /// The width of the rows held.
    pub fn width(&self) -> usize {
        self.rows.iter().map(Row::end).max().unwrap_or(0)
    }

    /// The cell at a grid position; empty beyond the data.
    pub fn cell(&self, row: usize, col: usize) -> &Cell {
        let Some(row) = row.checked_sub(self.gone).and_then(|r| self.rows.get(r)) else { return &EMPTY };
        row.cell(col).unwrap_or(&EMPTY)
    }

    pub fn text(&self, row: usize, col: usize) -> Option<Cow<'_, str>> {
        self.cell(row, col).text()
    }

    /// The worksheet address of a grid position.
    pub fn location(&self, row: usize, col: usize) -> Location {
        Location { origin: self.origin.clone(), cell: Some((self.top + row as u32, col as u32)), part: self.part }
    }

    /// Lets go of the rows above grid row `row`; they read as empty from then on. Their cells go
    /// to `spare` while it has fewer than `keep`, for rows yet to come.
    fn let_go(&mut self, row: usize, spare: &mut Vec<Vec<Cell>>, keep: usize) {
        let rows = row.saturating_sub(self.gone).min(self.rows.len());
        let room = keep.saturating_sub(spare.len());
        spare.extend(self.rows.drain(..rows).take(room).map(|r| r.cells));
        self.gone += rows;
    }

    /// The sheet itself, for problems that have no cell.
    pub fn whole(&self) -> Location {
        Location { origin: self.origin.clone(), cell: None, part: Part::Cell }
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
#[derive(Debug)]
pub enum ReadError {
    NotFound(String),
    Unsupported(String),
    Open(String, String),
    Unreadable(String, String),
    NoSuchSheet(String, String),
    Empty(String),
    Protected(String),
    FileTooLarge(String),
    /// Where the first value beyond the limits lies (the file alone when the reader cannot say).
    SheetTooLarge(Location),
    /// A csv beyond [`MAX_COLUMNS`], or holding more than [`MAX_CELLS`] at once: where.
    CsvTooLarge(Location),
    ReaderFailed(String, String),
    /// A .doc of old binary Word, which only Word or WPS can turn into a .docx.
    OldWord(String),
}

impl ReadError {
    /// The problem, with its code: an unreadable score file is a problem of the run.
    pub fn message(&self) -> Message {
        match self {
            ReadError::NotFound(name) => text::file_not_found(name),
            ReadError::Unsupported(name) => text::unsupported_format(name),
            ReadError::Open(name, why) => text::cannot_open(name, why),
            ReadError::Unreadable(name, why) => text::unreadable(name, why),
            ReadError::NoSuchSheet(name, why) => text::no_such_sheet(name, why),
            ReadError::Empty(name) => text::empty_workbook(name),
            ReadError::Protected(name) => text::protected_workbook(name),
            ReadError::FileTooLarge(name) => text::file_too_large(name, MAX_FILE_BYTES / 1_000_000),
            ReadError::SheetTooLarge(at) => text::sheet_too_large(at, MAX_ROWS, MAX_COLUMNS),
            ReadError::CsvTooLarge(at) => text::csv_too_large(at, MAX_COLUMNS, MAX_CELLS),
            ReadError::ReaderFailed(name, why) => text::reader_failed(name, why),
            ReadError::OldWord(name) => text::old_word_document(name),
        }
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.message().fmt(f)
    }
}

impl std::error::Error for ReadError {}

/// Limits far above any indicator system or score sheet, and far below what would exhaust memory.
/// A national long table is 2,844 units × 112 items = 318,528 rows; MAX_CELLS bounds the memory.
/// A spreadsheet's values must lie within them, as its used range may claim a million rows from a
/// few kB; a csv has no range and no row limit: MAX_CELLS bounds what it holds at once (`csv_rows`).
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

/// The formats we read, recognised by extension whatever its case: spreadsheets, and the documents
/// 考核细则 are published as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Xlsx,
    Xlsb,
    Xls,
    Ods,
    Csv,
    /// Word: its tables, or its paragraphs when it has none.
    Docx,
    /// Old binary Word: refused with a message saying to save it as .docx.
    Doc,
    /// Plain text, one line a row: UTF-8, UTF-16 with its mark, or GBK.
    Txt,
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
            "docx" => Some(Format::Docx),
            "doc" => Some(Format::Doc),
            "txt" => Some(Format::Txt),
            _ => None,
        }
    }

    /// Whether files of the format are taken from a folder of score files: spreadsheets only, so
    /// that a notice or a 说明.txt lying beside the forms is no form. A document named is read.
    pub fn is_spreadsheet(self) -> bool {
        !matches!(self, Format::Docx | Format::Doc | Format::Txt)
    }
}

/// Reads the chosen sheets of a spreadsheet held in memory; `display` names it in messages.
pub fn read_bytes(bytes: &[u8], format: Format, display: Arc<str>, which: Which<'_>) -> Result<Workbook, ReadError> {
    read_bytes_with(bytes, format, display, which, &mut |_| 0)
}

/// What [`read_bytes_with`] shows its caller while a workbook is read, so that the caller can work
/// on a large sheet's rows while the rest of it is still being parsed.
pub enum Reading<'a> {
    /// The workbook's defined names, before any sheet.
    Names(&'a [(String, String)]),
    /// A sheet as far as it is read: its first `settled` rows are complete. `done` once all of it
    /// is read. A file that lists its cells out of order is only known at the end: `settled` then
    /// falls back to 0, and whatever was taken from the sheet's rows must be taken again.
    ///
    /// The caller answers how many of the sheet's rows it is done with. The rows above that are
    /// let go as the sheet is read, so that a national table is never held whole (the sheet
    /// returned then lacks them). A workbook that lists a cell out of order after rows were let go
    /// has its sheet read again, whole, once the caller was told that `settled` fell back to 0.
    Rows { sheet: &'a Sheet, settled: usize, done: bool },
}

/// Like [`read_bytes`], showing `visit` the defined names, then each sheet as it is read (the one
/// named by [`Which::VisibleAnd`] first). The workbook returned keeps the sheets' own order.
pub fn read_bytes_with(
    bytes: &[u8],
    format: Format,
    display: Arc<str>,
    which: Which<'_>,
    visit: &mut dyn FnMut(Reading<'_>) -> usize,
) -> Result<Workbook, ReadError> {
    // A small file is parsed faster than a second thread starts; thousands of them are read in
    // parallel anyway.
    const ALONGSIDE_BYTES: usize = 256 << 10;
    // Where there are no threads (the browser page's WebAssembly), every sheet is read in turn.
    let alongside = bytes.len() >= ALONGSIDE_BYTES && cfg!(not(target_family = "wasm"));
    // Third-party readers have panicked on hostile files before: such a file is unreadable, not
    // a crash, and the panic's own message would only confuse a clerk.
    let result = quietly(|| match format {
        Format::Csv => csv_rows::read(bytes, &display, alongside, visit),
        Format::Xlsx => {
            check_compound(bytes, &display, false)?;
            check_zip_extent(bytes, &display, Format::Xlsx)?;
            read_book(open::<Xlsx<_>>(bytes, &display)?, &display, which, Cells { read: xlsx_cells, alongside }, visit)
        }
        Format::Xlsb => {
            check_compound(bytes, &display, false)?;
            check_zip_extent(bytes, &display, Format::Xlsb)?;
            read_book(open::<Xlsb<_>>(bytes, &display)?, &display, which, Cells { read: xlsb_cells, alongside }, visit)
        }
        Format::Xls => {
            check_compound(bytes, &display, true)?;
            read_book(open::<Xls<_>>(bytes, &display)?, &display, which, Cells { read: range_cells, alongside: false }, visit)
        }
        Format::Ods => {
            check_zip_extent(bytes, &display, Format::Ods)?;
            read_book(open::<Ods<_>>(bytes, &display)?, &display, which, Cells { read: range_cells, alongside: false }, visit)
        }
        Format::Docx | Format::Doc | Format::Txt => {
            let book = if format == Format::Txt { lines::read(bytes, &display) } else { docx::read(bytes, &display, which) }?;
            // Documents are read whole: each sheet is shown to the caller once, complete.
            for sheet in &book.sheets {
                visit(Reading::Rows { sheet, settled: sheet.height(), done: true });
            }
            Ok(book)
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
        payload.downcast_ref::<&str>().map(|s| s.to_string()).or_else(|| payload.downcast_ref::<String>().cloned()).unwrap_or_default()
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

/// Reads one sheet's cells, handing each to the sink, which answers `false` to stop.
type SheetReader<R> = fn(&mut R, &str, &mut dyn FnMut((u32, u32), Cell) -> bool) -> Result<(), String>;

/// How a workbook's sheets are read: the reader's own loop, and whether it runs on a thread of its
/// own while this one lays the cells out and shows them to the caller.
struct Cells<R> {
    read: SheetReader<R>,
    alongside: bool,
}

fn read_book<'a, R>(
    mut book: R,
    display: &Arc<str>,
    which: Which<'_>,
    cells: Cells<R>,
    visit: &mut dyn FnMut(Reading<'_>) -> usize,
) -> Result<Workbook, ReadError>
where
    R: Reader<Bytes<'a>> + Send,
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
    visit(Reading::Names(book.defined_names()));
    let mut order: Vec<usize> = (0..names.len()).collect();
    if let Which::VisibleAnd(first) = which {
        order.sort_by_key(|&i| names[i] != first);
    }
    let mut sheets: Vec<Option<Sheet>> = (0..names.len()).map(|_| None).collect();
    for i in order {
        let name: Arc<str> = names[i].as_str().into();
        let mut grid = Grid::new(display.clone(), Some(name.clone()));
        let in_turn = |book: &mut R, grid: &mut Grid| (cells.read)(book, &name, &mut |at, cell| grid.push(at, cell));
        let mut read = if cells.alongside { read_alongside(&mut book, &name, cells.read, &mut grid, visit) } else { in_turn(&mut book, &mut grid) };
        if grid.lost {
            // Rare: the caller takes back what it read, and the sheet is read again in turn, whole.
            grid = Grid::new(display.clone(), Some(name.clone()));
            visit(Reading::Rows { sheet: &grid.sheet, settled: 0, done: false });
            read = in_turn(&mut book, &mut grid);
        }
        read.map_err(|why| ReadError::Unreadable(display.to_string(), why))?;
        if let Some(cell) = grid.beyond {
            return Err(ReadError::SheetTooLarge(Location { cell: Some(cell), ..Location::sheet(display.clone(), Some(name)) }));
        }
        let sheet = grid.finish();
        visit(Reading::Rows { sheet: &sheet, settled: sheet.height(), done: true });
        sheets[i] = Some(sheet);
    }
    Ok(Workbook { sheets: sheets.into_iter().flatten().collect(), defined_names: book.defined_names().to_vec() })
}

/// Parses a sheet on a thread of its own and lays its cells out on this one, showing `visit` the
/// rows as they settle: on a large sheet, the caller's work on the rows hides behind the parsing.
fn read_alongside<R: Send>(
    book: &mut R,
    name: &str,
    read: SheetReader<R>,
    grid: &mut Grid,
    visit: &mut dyn FnMut(Reading<'_>) -> usize,
) -> Result<(), String> {
    const BATCH: usize = 4096;
    let (send, batches) = mpsc::sync_channel::<Vec<((u32, u32), Cell)>>(4);
    thread::scope(|scope| {
        let parser = scope.spawn(move || {
            QUIET.set(true);
            let mut batch = Vec::with_capacity(BATCH);
            let result = read(book, name, &mut |at, cell| {
                batch.push((at, cell));
                batch.len() < BATCH || send.send(mem::replace(&mut batch, Vec::with_capacity(BATCH))).is_ok()
            });
            let _ = send.send(batch);
            result
        });
        for batch in &batches {
            if !batch.into_iter().all(|(at, cell)| grid.push(at, cell)) {
                break;
            }
            let settled = grid.settled();
            let done_with = visit(Reading::Rows { sheet: &grid.sheet, settled, done: false });
            // No spare cells: a workbook's come from its reader.
            grid.sheet.let_go(done_with.min(settled), &mut grid.spare, 0);
        }
        // A parser still sending is stopped by its next send failing. The closure owns the
        // receiver, so this holds when a panic unwinds it too: the scope's wait cannot hang.
        drop(batches);
        parser.join().unwrap_or_else(|panic| panic::resume_unwind(panic))
    })
}

/// A sheet's values as they are read. Files list them row by row, and so they are laid out as
/// they come; once one comes out of order, all are gathered loose and laid out at the end.
struct Grid {
    sheet: Sheet,
    /// Where the last value in order went.
    last: Option<(u32, u32)>,
    loose: Vec<(u32, u32, Cell)>,
    span: Option<Span>,
    /// The first value found beyond the limits; reading stops there.
    beyond: Option<(u32, u32)>,
    /// The cells of rows let go, their text's room reused by the rows that follow: a long csv file
    /// is read with no allocation per cell.
    spare: Vec<Vec<Cell>>,
    /// A value came out of order after rows were let go: the sheet must be read again, whole.
    lost: bool,
}

impl Grid {
    fn new(file: Arc<str>, name: Option<Arc<str>>) -> Grid {
        let sheet = Sheet::empty(file, name, 0, Vec::new());
        Grid { sheet, last: None, loose: Vec::new(), span: None, beyond: None, spare: Vec::new(), lost: false }
    }

    /// Takes one value; `false` once the sheet has proved too large, or is [`Grid::lost`], to stop
    /// reading. Empty cells (formatting only) take no room and are not measured.
    fn push(&mut self, (row, col): (u32, u32), cell: Cell) -> bool {
        if matches!(cell, Cell::Empty) {
            return true;
        }
        let Some(span) = grow(self.span, row, col) else {
            self.beyond = Some((row, col));
            return false;
        };
        self.span = Some(span);
        let in_order = self.loose.is_empty() && self.last.is_none_or(|(r, c)| row > r || (row == r && col >= c));
        if in_order {
            self.place(row, col, cell);
        } else if self.sheet.gone > 0 {
            self.lost = true;
            return false;
        } else {
            if self.loose.is_empty() {
                self.loosen();
            }
            self.loose.push((row, col, cell));
        }
        true
    }

    /// Lays out a value that comes after (or on) the last one; the later of two for one cell wins.
    fn place(&mut self, row: u32, col: u32, cell: Cell) {
        let rows = &mut self.sheet.rows;
        match (self.last, rows.last_mut()) {
            (Some((r, _)), Some(last)) if r == row => {
                last.cells.resize((col - last.first) as usize, Cell::Empty);
                last.cells.push(cell);
            }
            _ => {
                // Rows of a table are as wide as the one above: room for as many cells at once.
                let mut cells = Vec::with_capacity(rows.last().map_or(1, |r| r.cells.len().max(1)));
                cells.push(cell);
                self.start_row(row, Row { first: col, cells });
            }
        }
        self.last = Some((row, col));
    }

    /// Lays out a new row below those held.
    fn start_row(&mut self, row: u32, cells: Row) {
        let (sheet, last) = (&mut self.sheet, cells.end().saturating_sub(1) as u32);
        if sheet.rows.is_empty() && sheet.gone == 0 {
            sheet.top = row;
        }
        sheet.rows.resize_with((row - sheet.top) as usize - sheet.gone, Row::default);
        sheet.rows.push(cells);
        self.last = Some((row, last));
    }

    fn loosen(&mut self) {
        let top = self.sheet.top;
        for (i, row) in mem::take(&mut self.sheet.rows).into_iter().enumerate() {
            let cells = row.cells.into_iter().enumerate().filter(|(_, cell)| !matches!(cell, Cell::Empty));
            self.loose.extend(cells.map(|(j, cell)| (top + i as u32, row.first + j as u32, cell)));
        }
        self.last = None;
    }

    /// Rows known complete: while values come in order, all but the one being read.
    fn settled(&self) -> usize {
        if self.loose.is_empty() { self.sheet.height().saturating_sub(1) } else { 0 }
    }

    fn finish(mut self) -> Sheet {
        // Stable, so that of two values for one cell the later still wins.
        self.loose.sort_by_key(|&(row, col, _)| (row, col));
        for (row, col, cell) in mem::take(&mut self.loose) {
            self.place(row, col, cell);
        }
        self.sheet
    }
}

/// xlsx and xlsb are streamed cell by cell, so a sheet claiming a million rows is refused before
/// anything of it is held in memory.
fn xlsx_cells(book: &mut Xlsx<Bytes<'_>>, name: &str, sink: &mut dyn FnMut((u32, u32), Cell) -> bool) -> Result<(), String> {
    let mut reader = match book.worksheet_cells_reader(name) {
        Ok(reader) => reader,
        Err(XlsxError::NotAWorksheet(_)) => return Ok(()),
        Err(e) => return Err(e.to_string()),
    };
    while let Some(cell) = reader.next_cell().map_err(|e| e.to_string())? {
        if !sink(cell.get_position(), cell_of(Data::from(cell.get_value().clone()))) {
            break;
        }
    }
    Ok(())
}

fn xlsb_cells(book: &mut Xlsb<Bytes<'_>>, name: &str, sink: &mut dyn FnMut((u32, u32), Cell) -> bool) -> Result<(), String> {
    let mut reader = book.worksheet_cells_reader(name).map_err(|e| e.to_string())?;
    while let Some(cell) = reader.next_cell().map_err(|e| e.to_string())? {
        if !sink(cell.get_position(), cell_of(Data::from(cell.get_value().clone()))) {
            break;
        }
    }
    Ok(())
}

/// xls and ods readers hand over whole ranges (calamine caps their size while parsing).
fn range_cells<'a, R: Reader<Bytes<'a>, Error: BookError>>(
    book: &mut R,
    name: &str,
    sink: &mut dyn FnMut((u32, u32), Cell) -> bool,
) -> Result<(), String> {
    let range = book.worksheet_range(name).map_err(|e| e.to_string())?;
    let (top, left) = range.start().unwrap_or((0, 0));
    for (row, col, data) in range.used_cells() {
        if !sink((top + row as u32, left + col as u32), cell_of(data.clone())) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panicking_reader_is_an_error_not_a_crash() {
        assert_eq!(quietly(|| -> u8 { panic!("boom") }), Err("boom".to_string()));
        assert!(!QUIET.get());
        assert_eq!(quietly(|| 5), Ok(5));
    }

    fn text(t: &str) -> Cell {
        Cell::Text(t.into())
    }

    #[test]
    fn rows_keep_worksheet_columns_and_settle_as_they_come() {
        let mut grid = Grid::new("t.xlsx".into(), Some("表".into()));
        assert!(grid.push((3, 2), text("a")));
        assert!(grid.push((3, 4), text("b")));
        assert_eq!(grid.settled(), 0);
        assert!(grid.push((5, 900), text("far")));
        assert!(grid.push((5, 900), text("later")));
        assert_eq!(grid.settled(), 2, "rows 3 and 4 are complete once row 5 began");
        let sheet = grid.finish();
        assert_eq!((sheet.height(), sheet.width()), (3, 901));
        assert_eq!((sheet.cell(0, 2), sheet.cell(0, 3), sheet.cell(0, 4)), (&text("a"), &Cell::Empty, &text("b")));
        assert_eq!(sheet.cell(0, 1), &Cell::Empty);
        assert_eq!(sheet.cell(2, 900), &text("later"), "the later of two values for one cell wins");
        assert_eq!(sheet.location(2, 900).to_string(), "t.xlsx!表!AHQ6");
        // A value far to the right takes no room in the other rows.
        assert_eq!(sheet.rows.iter().map(|r| r.cells.len()).collect::<Vec<_>>(), [3, 0, 1]);
    }

    #[test]
    fn cells_out_of_order_are_laid_out_at_the_end() {
        let mut grid = Grid::new("t.xlsx".into(), None);
        for (at, t) in [((1, 0), "b"), ((2, 1), "d"), ((2, 0), "c"), ((0, 0), "a"), ((1, 0), "b2")] {
            assert!(grid.push(at, text(t)));
        }
        assert_eq!(grid.settled(), 0, "nothing is known complete once the order broke");
        let sheet = grid.finish();
        let rows: Vec<Vec<_>> = (0..sheet.height()).map(|r| (0..2).map(|c| sheet.text(r, c).map(Cow::into_owned)).collect()).collect();
        let t = |s: &str| Some(s.to_string());
        assert_eq!(rows, [vec![t("a"), None], vec![t("b2"), None], vec![t("c"), t("d")]]);
        assert_eq!(sheet.location(0, 0).to_string(), "t.xlsx!A1");
    }

    #[test]
    fn a_gbk_csv_found_out_late_is_read_again_from_the_start() {
        // ASCII, which reads the same either way, until a row of Chinese written as GBK.
        let text: String = (0..10_000).map(|r| if r == 9_000 { "县,九\n".to_string() } else { format!("{r},x\n") }).collect();
        let (bytes, _, _) = encoding_rs::GBK.encode(&text);
        assert!(std::str::from_utf8(&bytes).is_err());
        let mut shown = Vec::new();
        let mut visit = |news: Reading<'_>| match news {
            Reading::Rows { settled, done, .. } => {
                shown.push((settled, done));
                settled
            }
            Reading::Names(_) => 0,
        };
        let book = read_bytes_with(&bytes, Format::Csv, "t.csv".into(), Which::First, &mut visit).unwrap();
        assert_eq!(shown, [(4_094, false), (8_190, false), (0, false), (4_094, false), (8_190, false), (10_000, true)]);
        let sheet = &book.sheets[0];
        assert_eq!((sheet.text(9_000, 0).as_deref(), sheet.text(9_000, 1).as_deref()), (Some("县"), Some("九")));
    }

    /// A workbook of `rows` rows under a header, as an office would write it.
    fn long_workbook(rows: u32) -> Vec<u8> {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet().set_name("评分表").unwrap();
        sheet.write_row(1, 1, ["单位", "编号", "得分"]).unwrap();
        for r in 0..rows {
            sheet.write(r + 2, 1, format!("县{}", r / 3)).unwrap();
            sheet.write(r + 2, 2, format!("1.1.{}", r % 3)).unwrap();
            sheet.write(r + 2, 3, r % 11).unwrap();
        }
        book.save_to_buffer().unwrap()
    }

    #[test]
    fn a_csv_lets_go_of_the_rows_its_reader_is_done_with() {
        let csv: String = (0..10_000).map(|r| format!("{r},x\n")).collect();
        let mut shown = Vec::new();
        let mut visit = |news: Reading<'_>| match news {
            Reading::Rows { sheet, settled, done } => {
                // Every row not let go is there, in its place.
                assert!((sheet.height() - sheet.rows.len()..sheet.height()).all(|r| sheet.text(r, 0).unwrap() == r.to_string()));
                shown.push((settled, done));
                settled
            }
            Reading::Names(_) => 0,
        };
        let book = read_bytes_with(csv.as_bytes(), Format::Csv, "t.csv".into(), Which::First, &mut visit).unwrap();
        assert_eq!(shown, [(4_094, false), (8_190, false), (10_000, true)]);
        let sheet = &book.sheets[0];
        assert_eq!((sheet.height(), sheet.rows.len()), (10_000, 10_000 - 8_190));
        assert_eq!((sheet.cell(8_189, 0), sheet.text(8_190, 0).as_deref()), (&Cell::Empty, Some("8190")));
        assert_eq!(sheet.location(9_999, 1).to_string(), "t.csv!B10000");
    }

    /// Reads the first sheet of `bytes` alongside or in turn, done with every row settled: the
    /// workbook, and what was shown as (settled, done).
    fn read_settling(bytes: &[u8], alongside: bool) -> (Workbook, Vec<(usize, bool)>) {
        let display: Arc<str> = "long.xlsx".into();
        let mut seen = Vec::new();
        let book = open::<Xlsx<_>>(bytes, &display).unwrap();
        let cells = Cells { read: xlsx_cells, alongside };
        let mut visit = |news: Reading<'_>| match news {
            Reading::Names(_) => {
                seen.push((usize::MAX, false));
                0
            }
            Reading::Rows { settled, done, .. } => {
                seen.push((settled, done));
                settled
            }
        };
        (read_book(book, &display, Which::First, cells, &mut visit).unwrap(), seen)
    }

    #[test]
    fn a_sheet_parsed_alongside_is_the_sheet_parsed_in_turn() {
        let bytes = long_workbook(5_000);
        let ((alongside, seen), (in_turn, once)) = (read_settling(&bytes, true), read_settling(&bytes, false));
        let (a, b) = (&alongside.sheets[0], &in_turn.sheets[0]);
        assert_eq!((a.height(), a.width(), a.top), (5_001, 4, 1));
        // The rows settled were let go as they were read; those held are the sheet's.
        assert!(a.rows.len() < 2_000 && b.rows.len() == 5_001, "{}", a.rows.len());
        assert!((a.height() - a.rows.len()..a.height()).all(|r| (0..4).all(|c| a.cell(r, c) == b.cell(r, c))));
        assert_eq!(a.location(5_000, 3).to_string(), "long.xlsx!评分表!D5002");
        // Rows settle batch by batch, never going back, and the last word is the whole sheet.
        assert_eq!(once, [(usize::MAX, false), (5_001, true)]);
        assert!(seen.len() > 4, "{seen:?}");
        assert!(seen[1..].windows(2).all(|w| w[0].0 <= w[1].0 && !w[0].1), "{seen:?}");
        assert_eq!(seen.last(), Some(&(5_001, true)));
    }

    #[test]
    fn a_cell_out_of_order_after_rows_were_let_go_has_the_sheet_read_again_whole() {
        // The sheet's XML lists its third row last.
        let bytes = long_workbook(5_000);
        let mut archive = zip::ZipArchive::new(Cursor::new(&bytes[..])).unwrap();
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for i in 0..archive.len() {
            let mut part = archive.by_index(i).unwrap();
            let (name, mut xml) = (part.name().unwrap().to_string(), String::new());
            std::io::Read::read_to_string(&mut part, &mut xml).unwrap();
            if name == "xl/worksheets/sheet1.xml" {
                let start = xml.find("<row r=\"3\"").unwrap();
                let end = start + xml[start..].find("</row>").unwrap() + "</row>".len();
                let row: String = xml.drain(start..end).collect();
                xml.insert_str(xml.find("</sheetData>").unwrap(), &row);
            }
            out.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
            std::io::Write::write_all(&mut out, xml.as_bytes()).unwrap();
        }
        let shuffled = out.finish().unwrap().into_inner();
        let (book, seen) = read_settling(&shuffled, true);
        let (whole, _) = read_settling(&bytes, false);
        let (a, b) = (&book.sheets[0], &whole.sheets[0]);
        assert_eq!((a.height(), a.rows.len()), (5_001, 5_001), "read again, nothing let go");
        assert!((0..a.height()).all(|r| (0..4).all(|c| a.cell(r, c) == b.cell(r, c))));
        // What was read is taken back before the sheet comes whole.
        let back = seen.iter().position(|&s| s == (0, false)).unwrap();
        assert!(back > 2 && seen[1..back].iter().any(|&(settled, _)| settled > 0), "{seen:?}");
        assert_eq!(&seen[back + 1..], [(5_001, true)]);
    }

    /// Parses a 12,000-row sheet alongside into `grid`, showing `visit` the rows.
    fn read_long_alongside(grid: &mut Grid, visit: &mut dyn FnMut(Reading<'_>) -> usize) -> Result<(), String> {
        let bytes = long_workbook(12_000);
        let mut book = open::<Xlsx<_>>(&bytes, "long.xlsx").unwrap();
        read_alongside(&mut book, "评分表", xlsx_cells, grid, visit)
    }

    #[test]
    fn a_caller_that_fails_midway_stops_the_parser_too() {
        let mut grid = Grid::new("long.xlsx".into(), None);
        let failed = panic::catch_unwind(panic::AssertUnwindSafe(|| read_long_alongside(&mut grid, &mut |_| panic!("a bug of ours"))));
        assert!(failed.is_err(), "the panic comes back, rather than the parser waiting forever");
    }

    #[test]
    fn a_sheet_found_too_large_stops_its_parser() {
        let mut grid = Grid::new("long.xlsx".into(), None);
        // As if a value stood in column ALL of row 1: 1,000 columns wide, the ten-millionth cell
        // lies in row 10,000.
        grid.span = Some((0, 0, 0, 999));
        assert_eq!(read_long_alongside(&mut grid, &mut |_| 0), Ok(()));
        assert_eq!(grid.beyond, Some((10_000, 1)));
    }
}
