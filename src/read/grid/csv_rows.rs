//! A csv file read row by row. Its caller is shown the rows as they come and answers which it is
//! done with; those are let go, so that a long table of any length is read in the memory of the
//! rows still held. A csv has no used range that could lie about its size, as a spreadsheet's
//! can, so no row limit applies: what is held at once is limited instead, which is what a csv read
//! whole (an indicator system, a wide table) must fit in.

use std::str::Utf8Error;
use std::sync::{Arc, mpsc};
use std::{mem, thread};

use super::{Cell, Grid, MAX_CELLS, MAX_COLUMNS, ReadError, Reading, Row, Workbook};
use crate::location::Location;
use crate::text;

/// Reads a csv file: UTF-8 (with or without BOM), or GBK as Excel writes "CSV" on Chinese Windows.
pub(super) fn read(bytes: &[u8], display: &Arc<str>, alongside: bool, visit: &mut dyn FnMut(Reading<'_>) -> usize) -> Result<Workbook, ReadError> {
    // Read as UTF-8, each record checked as it is read (a file's every non-ASCII byte lies in a
    // field) rather than the whole file first as well. A file that fails and is not UTF-8 is
    // read again from the start as GBK, the caller told to take back what it took.
    let utf8 = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    match read_text(utf8, display, alongside, visit) {
        Err(_) if std::str::from_utf8(bytes).is_err() => {
            let (decoded, _, had_errors) = encoding_rs::GBK.decode(bytes);
            if had_errors {
                return Err(ReadError::Unreadable(display.to_string(), text::not_text()));
            }
            visit(Reading::Rows { sheet: &Grid::new(display.clone(), None).sheet, settled: 0, done: false });
            read_text(decoded.as_bytes(), display, alongside, visit)
        }
        read => read,
    }
}

/// Reads a csv file's text, its records checked to be UTF-8. `alongside`: the records are parsed
/// and laid out as cells on a thread of their own while this one shows them to the caller.
fn read_text(content: &[u8], display: &Arc<str>, alongside: bool, visit: &mut dyn FnMut(Reading<'_>) -> usize) -> Result<Workbook, ReadError> {
    let mut reader = ::csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(content);
    let mut rows = Rows { grid: Grid::new(display.clone(), None), cells: 0, room: MAX_CELLS };
    let unreadable = |why: String| ReadError::Unreadable(display.to_string(), why);
    let too_large = |cell| ReadError::CsvTooLarge(Location { cell: Some(cell), ..Location::file(display.clone()) });
    let mut row = 0u32;
    // One record read: shown to the caller every so many, then taken as the next row.
    let mut take = |rows: &mut Rows, record: Result<Option<Laid>, String>| -> Result<(), ReadError> {
        let record = record.map_err(unreadable)?;
        if row % SHOW_EVERY == SHOW_EVERY - 1 {
            let settled = rows.grid.settled();
            let done_with = visit(Reading::Rows { sheet: &rows.grid.sheet, settled, done: false });
            rows.let_go(done_with.min(settled), SHOW_EVERY as usize);
        }
        if let Some(beyond) = rows.take(row, record).map_err(|_| unreadable(text::not_text()))? {
            return Err(too_large(beyond));
        }
        row = row.checked_add(1).ok_or_else(|| too_large((row, 0)))?;
        Ok(())
    };
    if alongside {
        read_alongside(reader, &mut rows, &mut take)?;
    } else {
        let mut record = ::csv::ByteRecord::new();
        while reader.read_byte_record(&mut record).map_err(|e| unreadable(e.to_string()))? {
            let grid = &mut rows.grid;
            let laid = lay_out(&record, grid.sheet.rows.last(), &mut grid.spare);
            take(&mut rows, Ok(laid))?;
        }
    }
    if rows.grid.last.is_none() {
        return Err(ReadError::Empty(display.to_string()));
    }
    let sheet = rows.grid.finish();
    visit(Reading::Rows { sheet: &sheet, settled: sheet.height(), done: true });
    Ok(Workbook { sheets: vec![sheet], defined_names: Vec::new() })
}

/// The caller is shown the rows every so many, and the rows it is done with are let go.
const SHOW_EVERY: u32 = 4096;

/// A record taken by [`read_text`]: laid out (`None` for a blank line), or the reader's message.
type Record = Result<Option<Laid>, String>;

/// Parses and lays out the records on a thread of their own, handing them to `take` in order on
/// this one; the cells of the rows let go go back to be written over. The parser's share (the csv
/// crate, the UTF-8 check, the cells' text) is about what the caller's reading of the rows costs.
fn read_alongside(
    mut reader: ::csv::Reader<&[u8]>,
    rows: &mut Rows,
    take: &mut dyn FnMut(&mut Rows, Record) -> Result<(), ReadError>,
) -> Result<(), ReadError> {
    const BATCH: usize = 1024;
    let (send, batches) = mpsc::sync_channel::<Vec<Record>>(4);
    let (give_back, spares) = mpsc::channel::<Vec<Vec<Cell>>>();
    thread::scope(|scope| {
        let parser = scope.spawn(move || {
            super::QUIET.set(true);
            let (mut record, mut spare) = (::csv::ByteRecord::new(), Vec::new());
            let mut batch: Vec<Record> = Vec::with_capacity(BATCH);
            loop {
                let read = match reader.read_byte_record(&mut record) {
                    Ok(false) => break,
                    Ok(true) => {
                        if spare.is_empty() {
                            spare.extend(spares.try_iter().flatten());
                        }
                        // The row above, when it is in this batch: a unit's name repeated on it is not checked again.
                        let above = match batch.last() {
                            Some(Ok(Some(laid))) if laid.valid.is_ok() => Some(&laid.row),
                            _ => None,
                        };
                        Ok(lay_out(&record, above, &mut spare))
                    }
                    Err(e) => Err(e.to_string()),
                };
                let failed = read.is_err();
                batch.push(read);
                // A reader's error ends the file; a failed send, the caller (it stopped reading).
                let sent = !(failed || batch.len() == BATCH) || send.send(mem::replace(&mut batch, Vec::with_capacity(BATCH))).is_ok();
                if failed || !sent {
                    return;
                }
            }
            let _ = send.send(batch);
        });
        let taken = batches.iter().flatten().try_for_each(|record| {
            take(rows, record)?;
            if !rows.grid.spare.is_empty() {
                // The parser may have ended: the cells are then dropped here.
                let _ = give_back.send(mem::take(&mut rows.grid.spare));
            }
            Ok(())
        });
        // A parser still sending is stopped by its next send failing. The closure owns the
        // receiver, so this holds when a panic unwinds it too: the scope's wait cannot hang.
        drop(batches);
        parser.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        taken
    })
}

/// A record laid out as the cells of a row, from its first value on; `end`: the column after its
/// last value. `valid` is the UTF-8 check's: a record that fails it is not taken.
struct Laid {
    row: Row,
    end: usize,
    valid: Result<(), Utf8Error>,
}

/// Lays out a record as [`Grid::push`] would take each field: in the cells of a row let go
/// (`spare`), rewriting their text in place. A field is checked to be UTF-8 unless it repeats the
/// text `above` it: a long table names each unit on a hundred rows running, and the check costs
/// some ten instructions a byte of Chinese. `None` for a blank record; a record beyond the last
/// column is not laid out (it is refused where it is taken).
fn lay_out(record: &::csv::ByteRecord, above: Option<&Row>, spare: &mut Vec<Vec<Cell>>) -> Option<Laid> {
    let first = record.iter().position(|f| !f.is_empty())?;
    let end = record.iter().rposition(|f| !f.is_empty()).map_or(0, |last| last + 1);
    let mut cells = if end as u64 > MAX_COLUMNS { Vec::new() } else { spare.pop().unwrap_or_default() };
    let valid = (|| {
        if end as u64 > MAX_COLUMNS {
            return Ok(());
        }
        for (at, field) in record.iter().take(end).skip(first).enumerate() {
            let field = match above.and_then(|r| r.cell(first + at)) {
                _ if field.is_empty() => "",
                Some(Cell::Text(text)) if text.as_bytes() == field => text,
                _ => std::str::from_utf8(field)?,
            };
            let cell = || if field.is_empty() { Cell::Empty } else { Cell::Text(field.to_string()) };
            match cells.get_mut(at) {
                Some(Cell::Text(text)) if !field.is_empty() => {
                    text.clear();
                    text.push_str(field);
                }
                Some(old) => *old = cell(),
                None => cells.push(cell()),
            }
        }
        cells.truncate(end - first);
        Ok(())
    })();
    Some(Laid { row: Row { first: first as u32, cells }, end, valid })
}

/// A csv file's grid as it is read, and the cells of the rows it holds.
struct Rows {
    grid: Grid,
    cells: usize,
    /// What may be held at once ([`MAX_CELLS`]): the cells of the rows held, each row counting as
    /// one more (a row costs the room of a cell, and a run of blank lines is laid out as empty rows).
    room: u64,
}

impl Rows {
    fn fits(&self, rows: usize, cells: usize) -> bool {
        (rows as u64).saturating_add(cells as u64) <= self.room
    }

    /// Lets go of the rows above grid row `row`, keeping the cells of up to `keep` of them for the
    /// rows to come.
    fn let_go(&mut self, row: usize, keep: usize) {
        let sheet = &self.grid.sheet;
        let rows = row.saturating_sub(sheet.gone).min(sheet.rows.len());
        self.cells -= sheet.rows[..rows].iter().map(|r| r.cells.len()).sum::<usize>();
        self.grid.sheet.let_go(row, &mut self.grid.spare, keep);
    }

    /// Takes a record laid out as row `row`, below every row held. `Some` cell when the record
    /// lies beyond what is read, which is then not taken.
    fn take(&mut self, row: u32, laid: Option<Laid>) -> Result<Option<(u32, u32)>, Utf8Error> {
        let Some(Laid { row: cells, end, valid }) = laid else { return Ok(None) };
        let (first, sheet) = (cells.first as usize, &self.grid.sheet);
        // The rows held once this one is laid out below them, blank lines between included.
        let rows = if sheet.rows.is_empty() && sheet.gone == 0 { 1 } else { (row - sheet.top) as usize + 1 - sheet.gone };
        if end as u64 > MAX_COLUMNS {
            return Ok(Some((row, end as u32 - 1)));
        }
        if !self.fits(rows, self.cells + (end - first)) {
            return Ok(Some((row, first as u32)));
        }
        valid?;
        self.cells += cells.cells.len();
        self.grid.start_row(row, cells);
        Ok(None)
    }

    /// Lays out a record and takes it as row `row`, as [`read_text`] does: for tests.
    #[cfg(test)]
    fn push(&mut self, row: u32, record: &::csv::ByteRecord) -> Result<Option<(u32, u32)>, Utf8Error> {
        let laid = lay_out(record, self.grid.sheet.rows.last(), &mut self.grid.spare);
        self.take(row, laid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(fields: &[&str]) -> ::csv::ByteRecord {
        ::csv::ByteRecord::from(fields.to_vec())
    }

    #[test]
    fn what_is_held_is_limited_and_what_is_let_go_is_not() {
        let mut rows = Rows { grid: Grid::new("t.csv".into(), None), cells: 0, room: 12 };
        // Rows of two cells, each row counting one more: four of them fill the room.
        for row in 0..4 {
            assert_eq!(rows.push(row, &record(&["县", "8"])), Ok(None));
        }
        assert_eq!((rows.cells, rows.grid.sheet.rows.len()), (8, 4));
        assert_eq!(rows.push(4, &record(&["县", "8"])), Ok(Some((4, 0))), "a fifth is beyond");
        // Once the caller is done with three rows, there is room again, row after row.
        rows.let_go(3, 0);
        assert_eq!((rows.cells, rows.grid.sheet.rows.len()), (2, 1));
        for row in 4..7 {
            assert_eq!(rows.push(row, &record(&["", "县", "9"])), Ok(None));
        }
        assert_eq!(rows.grid.sheet.text(6, 2).as_deref(), Some("9"));
        // Blank lines are laid out as rows when a value follows them: they count.
        rows.let_go(7, 0);
        assert_eq!(rows.push(20, &record(&["x"])), Ok(Some((20, 0))));
        assert_eq!(rows.push(10, &record(&["x"])), Ok(None));
    }

    /// What a reader was shown: (settled, done) each time.
    type Shown = Vec<(usize, bool)>;

    /// Reads `bytes` as a csv alongside or in turn, done with every row settled: the last sheet
    /// shown, whole, and what was shown as (settled, done).
    fn read_shown(bytes: &[u8], alongside: bool) -> (Result<Vec<String>, String>, Shown) {
        let mut shown = Vec::new();
        let mut visit = |news: Reading<'_>| match news {
            Reading::Rows { settled, done, .. } => {
                shown.push((settled, done));
                settled.saturating_sub(2)
            }
            Reading::Names(_) => 0,
        };
        let book = read(bytes, &"t.csv".into(), alongside, &mut visit).map_err(|e| e.to_string());
        let texts = book.map(|b| {
            let sheet = &b.sheets[0];
            (0..sheet.height()).map(|r| (0..3).map(|c| sheet.text(r, c).unwrap_or_default()).collect::<Vec<_>>().join("|")).collect()
        });
        (texts, shown)
    }

    #[test]
    fn a_csv_read_alongside_is_the_csv_read_in_turn() {
        // Blank lines, a unit named once for the rows below, and Chinese as GBK found out late: read
        // again from the start either way.
        let text: String =
            (0..30_000).map(|r| if r % 1000 == 7 { "\n".to_string() } else { format!("{},{r},八\n", ["县", ""][r % 3 / 2]) }).collect();
        let (gbk, _, _) = encoding_rs::GBK.encode(&text);
        for bytes in [text.as_bytes(), &gbk] {
            let (alongside, in_turn) = (read_shown(bytes, true), read_shown(bytes, false));
            assert_eq!(alongside, in_turn);
            assert_eq!(in_turn.1.last(), Some(&(29_970, true)), "the csv crate skips blank lines");
        }
        // A row beyond the last column, found either way at its cell.
        let wide = format!("{}{}\n", text, ",".repeat(MAX_COLUMNS as usize) + "x");
        let (alongside, in_turn) = (read_shown(wide.as_bytes(), true), read_shown(wide.as_bytes(), false));
        assert_eq!(alongside, in_turn);
        assert!(in_turn.0.unwrap_err().contains("t.csv!ALM29971"));
    }

    #[test]
    fn a_value_beyond_the_last_column_is_refused_at_its_cell() {
        let mut rows = Rows { grid: Grid::new("t.csv".into(), None), cells: 0, room: MAX_CELLS };
        let mut fields = vec![""; MAX_COLUMNS as usize];
        fields[MAX_COLUMNS as usize - 1] = "最后一列";
        assert_eq!(rows.push(0, &record(&fields)), Ok(None));
        fields.extend(["", "过远"]);
        assert_eq!(rows.push(1, &record(&fields)), Ok(Some((1, MAX_COLUMNS as u32 + 1))));
        let at = |cell| Location { cell: Some(cell), ..Location::file("t.csv") };
        assert_eq!(at((1, 1001)).to_string(), "t.csv!ALN2");
    }
}
