//! A csv file read row by row. Its caller is shown the rows as they come and answers which it is
//! done with; those are let go, so that a long table of any length is read in the memory of the
//! rows still held. A csv has no used range that could lie about its size, as a spreadsheet's
//! can, so no row limit applies: what is held at once is limited instead, which is what a csv read
//! whole (an indicator system, a wide table) must fit in.

use std::str::Utf8Error;
use std::sync::Arc;

use super::{Cell, Grid, MAX_CELLS, MAX_COLUMNS, ReadError, Reading, Row, Workbook};
use crate::location::Location;
use crate::text;

/// Reads a csv file: UTF-8 (with or without BOM), or GBK as Excel writes "CSV" on Chinese Windows.
pub(super) fn read(bytes: &[u8], display: &Arc<str>, visit: &mut dyn FnMut(Reading<'_>) -> usize) -> Result<Workbook, ReadError> {
    // Read as UTF-8, each record checked as it is read (a file's every non-ASCII byte lies in a
    // field) rather than the whole file first as well. A file that fails and is not UTF-8 is
    // read again from the start as GBK, the caller told to take back what it took.
    let utf8 = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    match read_text(utf8, display, visit) {
        Err(_) if std::str::from_utf8(bytes).is_err() => {
            let (decoded, _, had_errors) = encoding_rs::GBK.decode(bytes);
            if had_errors {
                return Err(ReadError::Unreadable(display.to_string(), text::not_text()));
            }
            visit(Reading::Rows { sheet: &Grid::new(display.clone(), None).sheet, settled: 0, done: false });
            read_text(decoded.as_bytes(), display, visit)
        }
        read => read,
    }
}

/// Reads a csv file's text, its records checked to be UTF-8.
fn read_text(content: &[u8], display: &Arc<str>, visit: &mut dyn FnMut(Reading<'_>) -> usize) -> Result<Workbook, ReadError> {
    // The caller is shown the rows every so many, and the rows it is done with are let go.
    const SHOW_EVERY: u32 = 4096;
    let mut reader = ::csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(content);
    let mut rows = Rows { grid: Grid::new(display.clone(), None), cells: 0, room: MAX_CELLS };
    let mut record = ::csv::ByteRecord::new();
    let unreadable = |why: String| ReadError::Unreadable(display.to_string(), why);
    let too_large = |cell| ReadError::CsvTooLarge(Location { cell: Some(cell), ..Location::file(display.clone()) });
    let mut row = 0u32;
    while reader.read_byte_record(&mut record).map_err(|e| unreadable(e.to_string()))? {
        if row % SHOW_EVERY == SHOW_EVERY - 1 {
            let settled = rows.grid.settled();
            let done_with = visit(Reading::Rows { sheet: &rows.grid.sheet, settled, done: false });
            rows.let_go(done_with.min(settled), SHOW_EVERY as usize);
        }
        if let Some(beyond) = rows.push(row, &record).map_err(|_| unreadable(text::not_text()))? {
            return Err(too_large(beyond));
        }
        row = row.checked_add(1).ok_or_else(|| too_large((row, 0)))?;
    }
    if rows.grid.last.is_none() {
        return Err(ReadError::Empty(display.to_string()));
    }
    let sheet = rows.grid.finish();
    visit(Reading::Rows { sheet: &sheet, settled: sheet.height(), done: true });
    Ok(Workbook { sheets: vec![sheet], defined_names: Vec::new() })
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

    /// Takes a record as row `row`, below every row held, as [`Grid::push`] would take each field:
    /// in the cells of a row let go, rewriting their text in place. A field is checked to be UTF-8
    /// unless it repeats the text above it: a long table names each unit on a hundred rows
    /// running, and the check costs some ten instructions a byte of Chinese. `Some` cell when the
    /// record lies beyond what is read, which is then not taken.
    fn push(&mut self, row: u32, record: &::csv::ByteRecord) -> Result<Option<(u32, u32)>, Utf8Error> {
        let Some(first) = record.iter().position(|f| !f.is_empty()) else { return Ok(None) };
        let end = record.iter().rposition(|f| !f.is_empty()).map_or(0, |last| last + 1);
        let sheet = &self.grid.sheet;
        // The rows held once this one is laid out below them, blank lines between included.
        let rows = if sheet.rows.is_empty() && sheet.gone == 0 { 1 } else { (row - sheet.top) as usize + 1 - sheet.gone };
        if end as u64 > MAX_COLUMNS {
            return Ok(Some((row, end as u32 - 1)));
        }
        if !self.fits(rows, self.cells + (end - first)) {
            return Ok(Some((row, first as u32)));
        }
        let grid = &mut self.grid;
        let mut cells = grid.spare.pop().unwrap_or_default();
        let above = grid.sheet.rows.last();
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
        self.cells += cells.len();
        grid.start_row(row, Row { first: first as u32, cells });
        Ok(None)
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
