//! Guard rails in front of calamine: a hostile file is measured on its raw structure before the
//! reader would lay it out in memory. Each check mirrors what calamine is about to do, because each
//! was found by it doing so: a looping sector chain, a dense grid of 137 GB, 240 GB reserved for
//! shared strings, an 11 kB ods expanding to 48 million cells.

use std::io::Cursor;
use std::sync::Arc;

use super::{Format, MAX_CELLS, MAX_COLUMNS, MAX_ROWS, MAX_UNZIPPED_BYTES, ReadError};
use crate::location::Location;
use crate::text;

/// The rows and columns a sheet's values span: first and last row, first and last column.
pub(super) type Span = (u32, u32, u32, u32);

/// `span` grown to take in a value at (row, col); `None` when that takes it beyond the limits.
pub(super) fn grow(span: Option<Span>, row: u32, col: u32) -> Option<Span> {
    let (r0, r1, c0, c1) = span.unwrap_or((row, row, col, col));
    let grown = (r0.min(row), r1.max(row), c0.min(col), c1.max(col));
    let area = u64::from(grown.1 - grown.0 + 1) * u64::from(grown.3 - grown.2 + 1);
    (u64::from(row) < MAX_ROWS && u64::from(col) < MAX_COLUMNS && area <= MAX_CELLS).then_some(grown)
}

/// xlsx, xlsb and ods are zip archives whose parts calamine reads whole (shared strings, and all of
/// an ods' content): an archive that unpacks to more than [`MAX_UNZIPPED_BYTES`] is refused from
/// its directory (the zip reader holds each part to its declared size); an xlsx whose shared
/// strings claim more entries than their part has bytes is refused before calamine reserves room
/// for them all; an ods' repeated rows and columns are measured before calamine expands them. A
/// file that is no zip archive is left to calamine to refuse.
pub(super) fn check_zip_extent(bytes: &[u8], display: &Arc<str>, format: Format) -> Result<(), ReadError> {
    let too_large = || ReadError::SheetTooLarge(Location::file(display.clone()));
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else { return Ok(()) };
    let mut unzipped = 0u64;
    let mut shared_strings = None;
    for i in 0..archive.len() {
        // Raw: the sizes are in the directory, no part needs inflating to tell them.
        let Ok(part) = archive.by_index_raw(i) else { continue };
        unzipped = unzipped.saturating_add(part.size());
        if part.name().is_ok_and(|n| n.to_ascii_lowercase().ends_with("sharedstrings.xml")) {
            shared_strings = Some(i);
        }
    }
    if unzipped > MAX_UNZIPPED_BYTES {
        return Err(too_large());
    }
    match format {
        Format::Xlsx => {
            let Some(Ok(part)) = shared_strings.map(|i| archive.by_index(i)) else { return Ok(()) };
            let size = part.size();
            // The count is in the first element: a small buffer inflates little more than it.
            match shared_string_count(std::io::BufReader::with_capacity(512, part)) {
                Some(count) if count > size => Err(ReadError::Open(display.to_string(), text::bad_shared_strings(count))),
                _ => Ok(()),
            }
        }
        Format::Ods => {
            let Ok(content) = archive.by_name("content.xml") else { return Ok(()) };
            if ods_too_large(std::io::BufReader::new(content)) { Err(too_large()) } else { Ok(()) }
        }
        _ => Ok(()),
    }
}

/// The `uniqueCount` an xlsx shared-strings part declares.
fn shared_string_count(part: impl std::io::BufRead) -> Option<u64> {
    let mut reader = quick_xml::Reader::from_reader(part);
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf).ok()? {
            quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e) if e.local_name().as_ref() == "sst" => {
                let count = e.attributes().flatten().find(|a| a.key.local_name().as_ref() == "uniqueCount")?;
                return count.value.trim().parse().ok();
            }
            quick_xml::events::Event::Eof => return None,
            _ => {}
        }
    }
}

/// Whether a table of an ods `content.xml` holds a value beyond the limits, counting rows and
/// columns repeated with `number-rows-repeated` / `number-columns-repeated` as calamine will.
fn ods_too_large(content: impl std::io::BufRead) -> bool {
    use quick_xml::events::{BytesStart, Event};
    fn attribute(e: &BytesStart<'_>, name: &str) -> Option<String> {
        e.attributes().flatten().find(|a| a.key.local_name().as_ref() == name).map(|a| a.value.into_owned())
    }
    let repeat = |e: &BytesStart<'_>, name: &str| -> u64 { attribute(e, name).and_then(|v| v.parse().ok()).unwrap_or(1) };
    let mut reader = quick_xml::Reader::from_reader(content);
    let mut buf = Vec::new();
    let mut table = OdsTable::default();
    // Whether the cell being read holds a value.
    let mut open_cell: Option<bool> = None;
    loop {
        buf.clear();
        let (e, empty) = match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => (e, false),
            Ok(Event::Empty(e)) => (e, true),
            Ok(Event::End(e)) => {
                match e.local_name().as_ref() {
                    "table-row" => table.row = table.row.saturating_add(table.rows),
                    "table-cell" | "covered-table-cell" => {
                        if let Some(true) = open_cell.take()
                            && table.values()
                        {
                            return true;
                        }
                    }
                    _ => {}
                }
                continue;
            }
            Ok(Event::Eof) | Err(_) => return false,
            _ => continue,
        };
        match e.local_name().as_ref() {
            "table" => table = OdsTable::default(),
            "table-row" => {
                (table.rows, table.col) = (repeat(&e, "number-rows-repeated"), 0);
                if empty {
                    table.row = table.row.saturating_add(table.rows);
                }
            }
            "table-cell" | "covered-table-cell" => {
                let columns = repeat(&e, "number-columns-repeated");
                table.col = table.col.saturating_add(columns);
                let has_value = attribute(&e, "value-type").is_some();
                if !empty {
                    open_cell = Some(has_value);
                } else if has_value && table.values() {
                    return true;
                }
            }
            // Text inside a cell is a value too.
            "p" => {
                if let Some(cell) = open_cell.as_mut() {
                    *cell = true;
                }
            }
            _ => {}
        }
    }
}

/// Where the reading of an ods table has got to.
struct OdsTable {
    /// First row of the current row element, and how many times it repeats.
    row: u64,
    rows: u64,
    /// Column just past the current cell.
    col: u64,
    /// calamine lays the table out from A1 to its last value.
    span: Option<Span>,
}

impl Default for OdsTable {
    fn default() -> Self {
        OdsTable { row: 0, rows: 1, col: 0, span: Some((0, 0, 0, 0)) }
    }
}

impl OdsTable {
    /// Takes in a value ending at the current row and column; whether the table is now beyond the
    /// limits.
    fn values(&mut self) -> bool {
        let last_row = u32::try_from(self.row.saturating_add(self.rows).saturating_sub(1));
        let last_col = u32::try_from(self.col.saturating_sub(1));
        self.span = match (last_row, last_col) {
            (Ok(row), Ok(col)) => grow(self.span, row, col),
            _ => None,
        };
        self.span.is_none()
    }
}

/// The signature of a compound document: an xls file, or an encrypted xlsx.
const COMPOUND_SIGNATURE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Compound documents are checked before calamine sees them. Its own container reader follows a
/// looping sector chain until memory runs out, so a container the stricter `cfb` reader refuses is
/// not handed on; an encrypted xlsx is named protected, whatever its extension says. And calamine
/// lays every xls sheet out as a dense grid while opening the file, so that one cell record
/// claiming column 65535 would ask for a hundred gigabytes and abort the process: each sheet's
/// dimensions and the box around its cells are checked on the raw records first.
///
/// xlsx and xlsb files are zip archives and pass; an xls file must be a compound document.
pub(super) fn check_compound(bytes: &[u8], display: &Arc<str>, xls: bool) -> Result<(), ReadError> {
    if !xls && !bytes.starts_with(&COMPOUND_SIGNATURE) {
        return Ok(());
    }
    let damaged = |e: std::io::Error| ReadError::Open(display.to_string(), e.to_string());
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(damaged)?;
    if file.is_stream("EncryptedPackage") {
        return Err(ReadError::Protected(display.to_string()));
    }
    let streams: Vec<_> = file
        .walk()
        .filter(|e| e.is_stream() && ["workbook", "book"].contains(&e.name().to_lowercase().as_str()))
        .map(|e| e.path().to_owned())
        .collect();
    for path in streams {
        let mut stream = Vec::new();
        file.open_stream(&path).and_then(|mut s| std::io::Read::read_to_end(&mut s, &mut stream)).map_err(damaged)?;
        // Which sheet is not known before calamine parses the workbook: the file is named.
        if xls_too_large(&stream) {
            return Err(ReadError::SheetTooLarge(Location::file(display.clone())));
        }
    }
    Ok(())
}

/// Whether a sheet of a BIFF stream reaches beyond the limits. The sheets are found as calamine
/// finds them, at the offsets the workbook's BOUNDSHEET records give, so that a hostile offset
/// into the middle of a record is read the same way by both.
fn xls_too_large(stream: &[u8]) -> bool {
    let mut sheets = Vec::new();
    for (kind, data) in biff_records(stream) {
        match kind {
            0x0085 if data.len() >= 4 => sheets.push(u32_at(data, 0) as usize),
            // FILEPASS: the records after it are encrypted; calamine says the file is protected.
            0x002F if u16_at(data, 0) != 0 => return false,
            0x000A => break,
            _ => {}
        }
    }
    sheets.into_iter().any(|at| stream.get(at..).is_some_and(xls_sheet_too_large))
}

/// Whether one sheet substream reaches beyond the limits, read as calamine will read it.
fn xls_sheet_too_large(sheet: &[u8]) -> bool {
    let (mut seen_bof, mut depth) = (false, 0usize);
    let mut span: Option<Span> = None;
    for (kind, data) in biff_records(sheet) {
        // Charts embedded in the sheet are substreams of their own, which calamine skips.
        if depth > 0 {
            match kind {
                0x0809 => depth += 1,
                0x000A => depth -= 1,
                _ => {}
            }
            continue;
        }
        let cells: &[(u32, u32)] = match kind {
            0x0809 => {
                if seen_bof {
                    depth += 1;
                }
                seen_bof = true;
                continue;
            }
            0x000A => break,
            // DIMENSIONS, from which calamine reserves room for the sheet: measured as it does,
            // wrapping arithmetic included. BIFF8 counts rows in 32 bits, BIFF5 in 16; the last
            // row and column are one past the used range.
            0x0200 => {
                let (first_row, rows_end, first_col, cols_end) = match data.len() {
                    10 => (u16_at(data, 0), u16_at(data, 2), u16_at(data, 4), u16_at(data, 6)),
                    14 | 16 => (u32_at(data, 0), u32_at(data, 4), u16_at(data, 8), u16_at(data, 10)),
                    _ => continue,
                };
                let first_col = if first_col > 0xFF || cols_end < first_col { 0 } else { first_col };
                if rows_end >= 1 && cols_end >= 1 {
                    let rows = (rows_end - 1).wrapping_sub(first_row).wrapping_add(1);
                    let cols = (cols_end - 1).wrapping_sub(first_col).wrapping_add(1);
                    let beyond = u64::from(rows_end) > MAX_ROWS || u64::from(cols_end) > MAX_COLUMNS;
                    if beyond || u64::from(rows) * u64::from(cols) > MAX_CELLS {
                        return true;
                    }
                }
                continue;
            }
            // Cell records: NUMBER, LABEL, RSTRING, BOOLERR, RK, LABELSST, FORMULA, and MULRK
            // whose last column ends the record.
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 => &[(u16_at(data, 0), u16_at(data, 2))],
            0x00BD => &[(u16_at(data, 0), u16_at(data, 2)), (u16_at(data, 0), u16_at(data, data.len().saturating_sub(2)))],
            _ => continue,
        };
        for &(row, col) in cells {
            match grow(span, row, col) {
                Some(grown) => span = Some(grown),
                None => return true,
            }
        }
    }
    false
}

/// The records of a BIFF stream: type and data, until the stream ends or a record overruns it.
fn biff_records(mut stream: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    std::iter::from_fn(move || {
        let kind = u16::from_le_bytes([*stream.first()?, *stream.get(1)?]);
        let len = usize::from(u16::from_le_bytes([*stream.get(2)?, *stream.get(3)?]));
        let data = stream.get(4..4 + len)?;
        stream = &stream[4 + len..];
        Some((kind, data))
    })
}

fn u16_at(data: &[u8], at: usize) -> u32 {
    data.get(at..at + 2).map_or(0, |b| u32::from(u16::from_le_bytes([b[0], b[1]])))
}

fn u32_at(data: &[u8], at: usize) -> u32 {
    data.get(at..at + 4).map_or(0, |b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: u16, data: &[u8]) -> Vec<u8> {
        let mut r = kind.to_le_bytes().to_vec();
        r.extend((data.len() as u16).to_le_bytes());
        r.extend(data);
        r
    }

    fn rk(row: u16, col: u16) -> Vec<u8> {
        let mut data = row.to_le_bytes().to_vec();
        data.extend(col.to_le_bytes());
        data.extend([0; 6]);
        record(0x027E, &data)
    }

    /// A BIFF stream: workbook globals pointing at each sheet, then the sheets.
    fn book(sheets: &[Vec<u8>]) -> Vec<u8> {
        let globals_len = 20 + sheets.len() * 12 + 4;
        let mut globals = record(0x0809, &[0; 16]);
        let mut at = globals_len;
        for sheet in sheets {
            let mut bound = (at as u32).to_le_bytes().to_vec();
            bound.extend([0; 4]);
            globals.extend(record(0x0085, &bound));
            at += sheet.len();
        }
        globals.extend(record(0x000A, &[]));
        assert_eq!(globals.len(), globals_len);
        [globals, sheets.concat()].concat()
    }

    fn sheet(records: &[Vec<u8>]) -> Vec<u8> {
        let mut s = record(0x0809, &[0; 16]);
        s.extend(records.concat());
        s.extend(record(0x000A, &[]));
        s
    }

    fn too_large(records: &[Vec<u8>]) -> bool {
        xls_too_large(&book(&[sheet(records)]))
    }

    #[test]
    fn xls_extent_is_checked_on_raw_records() {
        assert!(!too_large(&[rk(0, 0), rk(9_999, 255)]));
        assert!(too_large(&[rk(0, 0), rk(3, 65_535)]));
        // Far apart within the limits, the dense grid would still be too large.
        assert!(too_large(&[rk(0, 0), rk(65_535, 999)]));
        assert!(!too_large(&[rk(0, 0), rk(65_535, 150)]));
        // Each sheet is measured on its own.
        assert!(!xls_too_large(&book(&[sheet(&[rk(0, 0)]), sheet(&[rk(65_535, 150)])])));
        // A chart inside a sheet is skipped, as calamine skips it.
        let chart = [record(0x0809, &[0; 16]), rk(0, 60_000), record(0x000A, &[])].concat();
        assert!(!too_large(&[rk(0, 0), chart]));
        let mut dimensions = 0u32.to_le_bytes().to_vec();
        dimensions.extend(4_000_000u32.to_le_bytes());
        dimensions.extend([0, 0, 10, 0, 0, 0]);
        assert!(too_large(&[record(0x0200, &dimensions)]));
        // A first row after the last one wraps around in calamine's arithmetic.
        let mut backwards = 10u32.to_le_bytes().to_vec();
        backwards.extend(5u32.to_le_bytes());
        backwards.extend([0, 0, 10, 0, 0, 0]);
        assert!(too_large(&[record(0x0200, &backwards)]));
        // A sheet offset into the middle of a record is read from there.
        let hidden = [vec![0xFF, 0xFF, 20, 0], rk(0, 0), rk(0, 60_000)].concat();
        let mut globals = record(0x0809, &[0; 16]);
        globals.extend(record(0x0085, &[(20 + 12 + 4 + 4) as u8, 0, 0, 0, 0, 0, 0, 0]));
        globals.extend(record(0x000A, &[]));
        assert!(xls_too_large(&[globals, hidden].concat()));
        // Truncated streams end the scan quietly.
        assert!(!xls_too_large(&[0x03, 0x02, 0xff]));
    }

    fn ods(rows: &str) -> bool {
        ods_too_large(format!("<office:body><table:table>{rows}</table:table></office:body>").as_bytes())
    }

    #[test]
    fn ods_repeats_are_measured_before_expanding() {
        let value = r#"<table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell>"#;
        // LibreOffice ends every sheet with huge runs of empty rows and cells: harmless.
        let tail = r#"<table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>"#;
        assert!(!ods(&format!("<table:table-row>{value}</table:table-row>{tail}")));
        // An 11 kB file asking for 48 million values.
        let bomb = r#"<table:table-row table:number-rows-repeated="3000"><table:table-cell table:number-columns-repeated="16000" office:value-type="float"/></table:table-row>"#;
        assert!(ods(bomb));
        let far_down = format!(r#"<table:table-row table:number-rows-repeated="1000000"><table:table-cell/></table:table-row><table:table-row>{value}</table:table-row>"#);
        assert!(ods(&far_down));
        let text_far_right = r#"<table:table-row><table:table-cell table:number-columns-repeated="1500"/><table:table-cell><text:p>x</text:p></table:table-cell></table:table-row>"#;
        assert!(ods(text_far_right));
        // Within the limits each, but laid out densely from A1 they would not fit.
        let far_corner = format!(
            r#"<table:table-row>{value}</table:table-row><table:table-row table:number-rows-repeated="20000"><table:table-cell table:number-columns-repeated="999"/>{value}</table:table-row>"#
        );
        assert!(ods(&far_corner));
    }
}
