//! The sheets of one row per unit and item (明细, 扣分), written as SpreadsheetML here.
//!
//! At national scale they hold 318,528 rows each, and rust_xlsxwriter looked up every cell's format
//! in a hash map and compressed the package on one thread: three quarters of the run. So
//! rust_xlsxwriter writes each of them as a placeholder — name, header row, column widths, frozen
//! panes, print setup — with one probe row that tells which style number each format received;
//! the rows are then written here, both sheets at once, each compressed on its own thread, and put
//! into the package in place of the placeholder's. The names every row repeats (unit, code,
//! indicators) join the workbook's shared strings; the rest is written inline.

use std::borrow::Cow;
use std::io::{self, BufWriter, Cursor, Read, Seek, Write};
use std::ops::Range;

use rayon::prelude::*;
use rust_decimal::Decimal;
use rust_xlsxwriter::ColNum;
use unicode_width::UnicodeWidthStr;
use zip::write::{SimpleFileOptions, ZipFileBuilder};
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

use crate::location::{Location, column_name};
use crate::number::{SHOWN_DECIMALS, Text, display_text};
use crate::text::Both;

/// The look of a cell: one of the formats the row sheets use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Style {
    Header,
    Text,
    Wrap,
    Points,
    /// Points with more decimals than are shown (a weighted mean of sources or departments).
    Combined,
}

/// The probe row of a placeholder: the formats of its first cells, left to right. The header
/// format is that of the header row's first cell. [`Style::Combined`] is probed only for a sheet
/// that has such a cell, so that the other workbooks stay as they were.
pub(super) fn probed(measure: &Measure) -> impl Iterator<Item = Style> {
    [Style::Text, Style::Wrap, Style::Points].into_iter().chain(measure.combined.then_some(Style::Combined))
}

pub(super) enum Cell<'a> {
    /// Text; empty text is a blank cell that keeps its format.
    Text(&'a str, Style),
    /// Text that many rows repeat (a unit's or an item's name), kept once in the workbook's shared
    /// strings: its position in the list given to [`splice`].
    Shared(u32, Style),
    /// A number, written exactly as the decimal reads.
    Number(Decimal, Style),
    /// The cells a score came from, one a line, wrapped: text made as it is written, since every
    /// row has its own.
    Sources(&'a [Location]),
}

/// A sheet of one row per unit and item.
pub(super) trait RowSheet: Sync {
    fn name(&self) -> Both;
    fn headers(&self) -> Vec<String>;
    /// Columns that stay in view when scrolling right.
    fn frozen_cols(&self) -> ColNum;
    /// Rows below the header.
    fn row_count(&self) -> usize;
    /// Hands these rows below the header (counted from 0) to `row`, in order.
    fn rows(&self, rows: Range<usize>, row: &mut dyn FnMut(&[Cell<'_>]) -> io::Result<()>) -> io::Result<()>;
    /// Columns held at [`HEADING_CAP`], their text wrapped: long names that would keep the sheet
    /// from printing one page wide.
    fn narrow(&self) -> &'static [usize] {
        &[]
    }
}

/// What the placeholder needs to know of a sheet's rows before they are written.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Measure {
    /// Rows below the header.
    pub rows: u32,
    /// The widest line of every column, in character columns (a CJK character counts two).
    pub widths: Vec<usize>,
    /// Columns with wrapped text.
    pub wrapped: Vec<bool>,
    /// Whether a cell has the style [`Style::Combined`].
    pub combined: bool,
}

/// Measures a sheet's rows; `shared` holds the widest line of each shared string, worked out once
/// rather than for every row that repeats it.
pub(super) fn measure(sheet: &dyn RowSheet, shared: &[usize]) -> Measure {
    let mut m = Measure::default();
    let mut number = String::new();
    let _ = sheet.rows(0..sheet.row_count(), &mut |cells| {
        m.rows += 1;
        if m.widths.len() < cells.len() {
            m.widths.resize(cells.len(), 0);
            m.wrapped.resize(cells.len(), false);
        }
        for (col, cell) in cells.iter().enumerate() {
            let (width, style) = match cell {
                Cell::Text(t, style) => (widest_line(t), *style),
                Cell::Shared(index, style) => (shared[*index as usize], *style),
                Cell::Number(d, Style::Combined) => {
                    m.combined = true;
                    (display_text(*d, SHOWN_DECIMALS).as_bytes().len(), Style::Combined)
                }
                Cell::Number(d, style) => (number_text(d).as_bytes().len(), *style),
                Cell::Sources(cells) => (widest_line(sources_text(cells, &mut number)), Style::Wrap),
            };
            m.widths[col] = m.widths[col].max(width);
            m.wrapped[col] |= style == Style::Wrap;
        }
        Ok(())
    });
    for &col in sheet.narrow() {
        if let (Some(width), Some(wrapped)) = (m.widths.get_mut(col), m.wrapped.get_mut(col)) {
            *width = (*width).min(HEADING_CAP);
            *wrapped = true;
        }
    }
    m
}

/// The widest a column of wrapped text is made, in character columns.
const WRAP_CAP: usize = 40;
/// The widest a column of long names is made where the sheet is short of room: the names wrap.
pub(super) const HEADING_CAP: usize = 12;
/// The height of a line of 11-point text, in points, with room for the taller CJK fonts a
/// spreadsheet program may put in for 宋体.
const LINE_HEIGHT: f64 = 16.0;

/// A column's width for its widest line of text, in character columns (a CJK character counts two).
pub(super) fn column_width(widest: usize, wrapped: bool) -> usize {
    (widest + 2).clamp(6, if wrapped { WRAP_CAP } else { 80 })
}

/// The lines `text` takes in a column `width` character columns wide, wrapped as a spreadsheet
/// wraps it. Two columns are kept for the cell's padding and for Excel, whose 宋体 character is a
/// little more than two columns wide (LibreOffice fits more on a line: its rows come out a little
/// high, never too low).
pub(super) fn lines_in(text: &str, width: usize) -> usize {
    let room = width.saturating_sub(2).max(1);
    text.lines().map(|line| UnicodeWidthStr::width(line).div_ceil(room).max(1)).sum::<usize>().max(1)
}

/// The height of a row of `lines` lines, in points. Set, not left to the program that opens the
/// file: LibreOffice keeps a row one line high and lets its wrapped text run over the rows below.
pub(super) fn row_height(lines: usize) -> f64 {
    lines as f64 * LINE_HEIGHT + 4.0
}

pub(super) fn widest_line(text: &str) -> usize {
    if text.is_ascii() && !text.contains('\n') {
        return text.len();
    }
    text.lines().map(UnicodeWidthStr::width).max().unwrap_or(0)
}

/// The cells a score came from, one a line.
pub(super) fn sources_text<'b>(cells: &[Location], buf: &'b mut String) -> &'b str {
    buf.clear();
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            buf.push('\n');
        }
        let _ = cell.write_to(buf);
    }
    buf
}

/// The decimal as a number cell holds it: exact, without trailing zeros.
fn number_text(d: &Decimal) -> Text {
    Text::of(d.normalize())
}

/// Replaces the placeholders of `sheets` (each with its position among the worksheets, from 1)
/// in the package rust_xlsxwriter wrote, and adds `shared` to its shared strings; entries keep
/// their order, the others are copied as they are.
pub(super) fn splice<W: Write + Seek>(
    package: &[u8],
    sheets: &[(usize, &dyn RowSheet, &Measure)],
    shared: &[&str],
    level: i64,
    out: W,
) -> io::Result<W> {
    let mut archive = ZipArchive::new(Cursor::new(package))?;
    let read = |archive: &mut ZipArchive<_>, name: &str| -> io::Result<String> {
        let mut xml = String::new();
        archive.by_name(name)?.read_to_string(&mut xml)?;
        Ok(xml)
    };
    let strings = read(&mut archive, SHARED_STRINGS)?;
    let number = |name| attribute(&strings, "<sst ", name).and_then(|v| v.parse::<u64>().ok()).ok_or_else(no_string_table);
    let (count, base) = (number("count")?, number("uniqueCount")?);
    let mut placeholders = Vec::new();
    for &(position, sheet, measure) in sheets {
        let name = format!("xl/worksheets/sheet{position}.xml");
        placeholders.push((read(&mut archive, &name)?, name, sheet, measure));
    }
    let sheets_written: Vec<(String, zip::write::PreparedZipFile, u64)> = placeholders
        .par_iter()
        .map(|(xml, name, sheet, measure)| {
            let (file, references) = write_sheet(name, xml, *sheet, measure, (base as u32, shared), level)?;
            Ok((name.clone(), file, references))
        })
        .collect::<io::Result<_>>()?;
    let references: u64 = sheets_written.iter().map(|w| w.2).sum();
    let mut written: Vec<(String, zip::write::PreparedZipFile)> = sheets_written.into_iter().map(|(n, f, _)| (n, f)).collect();
    written.push((SHARED_STRINGS.to_string(), with_strings(&strings, count + references, base, shared, level)?));
    let mut out = ZipWriter::new(out);
    for i in 0..archive.len() {
        let file = archive.by_index_raw(i)?;
        let name = file.name()?;
        match written.iter().position(|(w, _)| *w == name) {
            Some(w) => {
                drop(file);
                out.add_prepared_file(written.swap_remove(w).1)?;
            }
            None => out.raw_copy_file(file)?,
        }
    }
    Ok(out.finish()?)
}

const SHARED_STRINGS: &str = "xl/sharedStrings.xml";

fn no_string_table() -> io::Error {
    io::Error::other(format!("{SHARED_STRINGS}: no string table"))
}

/// Where the value of an attribute of the first element that starts with `element` lies.
fn attribute_span(xml: &str, element: &str, name: &str) -> Option<std::ops::Range<usize>> {
    let start = xml.find(element)?;
    let end = start + xml[start..].find('>')?;
    let value = start + xml[start..end].find(&format!(" {name}=\""))? + name.len() + 3;
    Some(value..value + xml[value..end].find('"')?)
}

fn attribute<'x>(xml: &'x str, element: &str, name: &str) -> Option<&'x str> {
    attribute_span(xml, element, name).map(|span| &xml[span])
}

/// The XML with one attribute's value replaced.
fn with_attribute(xml: &str, element: &str, name: &str, value: &str) -> Option<String> {
    let span = attribute_span(xml, element, name)?;
    Some(format!("{}{value}{}", &xml[..span.start], &xml[span.end..]))
}

/// The string table with `shared` appended (their positions follow the table's own strings) and
/// its counts brought up to date.
fn with_strings(xml: &str, count: u64, unique: u64, shared: &[&str], level: i64) -> io::Result<zip::write::PreparedZipFile> {
    let xml = with_attribute(xml, "<sst ", "count", &count.to_string()).ok_or_else(no_string_table)?;
    let xml = with_attribute(&xml, "<sst ", "uniqueCount", &(unique + shared.len() as u64).to_string()).ok_or_else(no_string_table)?;
    let (table, end) = xml.split_at(xml.rfind("</sst>").ok_or_else(no_string_table)?);
    let mut out = BufWriter::new(ZipFileBuilder::new(SHARED_STRINGS, entry_options(level))?);
    out.write_all(table.as_bytes())?;
    for text in shared {
        out.write_all(b"<si>")?;
        text_element(text, &mut out)?;
        out.write_all(b"</si>")?;
    }
    out.write_all(end.as_bytes())?;
    Ok(out.into_inner().map_err(io::IntoInnerError::into_error)?.finish()?)
}

/// The same options as rust_xlsxwriter's own entries, so that reruns give the same bytes.
fn entry_options(level: i64) -> SimpleFileOptions {
    SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(level))
        .unix_permissions(0o600)
        .last_modified_time(DateTime::default())
}

/// One sheet: the placeholder's XML around rows of our own; with the number of references to
/// shared strings it made, whose positions start at `base`.
fn write_sheet(
    name: &str,
    placeholder: &str,
    sheet: &dyn RowSheet,
    measure: &Measure,
    (base, shared): (u32, &[&str]),
    level: i64,
) -> io::Result<(zip::write::PreparedZipFile, u64)> {
    let unexpected = || io::Error::other(format!("{name}: not a placeholder sheet"));
    let (head, rest) = placeholder.split_once("<sheetData>").ok_or_else(unexpected)?;
    let (probe, tail) = rest.split_once("</sheetData>").ok_or_else(unexpected)?;
    let mut styles = [0; 5];
    let style_of = |cell: &str| attribute(probe, &format!("<c r=\"{cell}\""), "s").and_then(|s| s.parse().ok()).ok_or_else(unexpected);
    styles[Style::Header as usize] = style_of("A1")?;
    for (col, style) in probed(measure).enumerate() {
        styles[style as usize] = style_of(&format!("{}2", column_name(col as u32)))?;
    }
    let headers = sheet.headers();
    let last = format!("{}{}", column_name(headers.len().saturating_sub(1) as u32), measure.rows + 1);
    let head = with_attribute(head, "<dimension ", "ref", &format!("A1:{last}")).ok_or_else(unexpected)?;

    let mut file = ZipFileBuilder::new(name, entry_options(level))?;
    file.write_all(head.as_bytes())?;
    file.write_all(b"<sheetData>")?;
    let styles = styles.map(|s| format!("\" s=\"{s}\""));
    let columns = (0..headers.len() as u32).map(column_name).collect();
    let widths = measure.widths.iter().zip(&measure.wrapped).map(|(&w, &wrapped)| column_width(w, wrapped)).collect();
    let lines = Lines { widths, shared, known: vec![0; shared.len()] };
    let mut xml = SheetXml { out: Vec::new(), styles, base, references: 0, row: 0, columns, number: String::new(), lines };
    let header: Vec<Cell<'_>> = headers.iter().map(|h| Cell::Text(h, Style::Header)).collect();
    xml.row(&header)?;
    // Rows are made a block at a time, the block before compressed meanwhile on another thread when
    // one is free: compressing the detail sheet alone was the longest part of a national run.
    // Deflate's output does not depend on how its input is cut.
    let (count, mut block) = (sheet.row_count(), Vec::new());
    for start in (0..count).step_by(BLOCK_ROWS) {
        std::mem::swap(&mut block, &mut xml.out);
        xml.out.clear();
        let rows = start..count.min(start + BLOCK_ROWS);
        let (made, compressed) = rayon::join(|| sheet.rows(rows, &mut |cells| xml.row(cells)), || file.write_all(&block));
        made.and(compressed)?;
    }
    file.write_all(&xml.out)?;
    file.write_all(b"</sheetData>")?;
    file.write_all(tail.as_bytes())?;
    Ok((file.finish()?, xml.references))
}

/// Rows made at a time while the ones before are compressed: about 800 kB of the detail sheet.
const BLOCK_ROWS: usize = 2048;

/// Rows of cells as SpreadsheetML: shared strings by position, other strings inline.
struct SheetXml<'a, W> {
    out: W,
    /// The style attribute of each [`Style`], closing the cell reference before it: `" s="3"`.
    styles: [String; 5],
    /// The position of the first shared string of ours in the workbook's table.
    base: u32,
    references: u64,
    row: u32,
    columns: Vec<String>,
    number: String,
    lines: Lines<'a>,
}

/// How many lines a row's wrapped cells take.
struct Lines<'a> {
    /// Each column's width, in character columns.
    widths: Vec<usize>,
    shared: &'a [&'a str],
    /// The lines of each shared string, 0 until asked: a shared string stays in one column of a
    /// sheet, and a national run repeats each item's name on 2,844 rows.
    known: Vec<u16>,
}

impl Lines<'_> {
    fn of(&mut self, cells: &[Cell<'_>], buf: &mut String) -> usize {
        let mut most = 1;
        for (col, cell) in cells.iter().enumerate() {
            let width = self.widths.get(col).copied().unwrap_or(WRAP_CAP);
            let lines = match cell {
                Cell::Text(text, Style::Wrap) => lines_in(text, width),
                Cell::Shared(index, Style::Wrap) => {
                    let known = &mut self.known[*index as usize];
                    if *known == 0 {
                        *known = u16::try_from(lines_in(self.shared[*index as usize], width)).unwrap_or(u16::MAX);
                    }
                    usize::from(*known)
                }
                // One cell a line: one cell wraps only in a column held at its widest.
                Cell::Sources(cells) if cells.len() > 1 || width >= WRAP_CAP => lines_in(sources_text(cells, buf), width),
                _ => 1,
            };
            most = most.max(lines);
        }
        most
    }
}

impl<W: Write> SheetXml<'_, W> {
    /// Written piece by piece rather than with `write!`: formatting took a sixth of the national run.
    fn row(&mut self, cells: &[Cell<'_>]) -> io::Result<()> {
        let SheetXml { out, styles, base, references, row, columns, number, lines } = self;
        *row += 1;
        let mut digits = itoa::Buffer::new();
        let row = digits.format(*row).as_bytes();
        out.write_all(b"<row r=\"")?;
        out.write_all(row)?;
        let most = lines.of(cells, number);
        if most > 1 {
            out.write_all(b"\" ht=\"")?;
            out.write_all(row_height(most).to_string().as_bytes())?;
            out.write_all(b"\" customHeight=\"1")?;
        }
        out.write_all(b"\">")?;
        for (cell, column) in cells.iter().zip(columns.iter()) {
            let style = match cell {
                Cell::Text(_, style) | Cell::Shared(_, style) | Cell::Number(_, style) => style,
                Cell::Sources(_) => &Style::Wrap,
            };
            out.write_all(b"<c r=\"")?;
            out.write_all(column.as_bytes())?;
            out.write_all(row)?;
            out.write_all(styles[*style as usize].as_bytes())?;
            match cell {
                Cell::Text("", _) => out.write_all(b"/>")?,
                Cell::Text(text, _) => inline(text, out)?,
                Cell::Sources([]) => out.write_all(b"/>")?,
                Cell::Sources(cells) => inline(sources_text(cells, number), out)?,
                Cell::Shared(index, _) => {
                    *references += 1;
                    out.write_all(b" t=\"s\"><v>")?;
                    out.write_all(itoa::Buffer::new().format(*base + index).as_bytes())?;
                    out.write_all(b"</v></c>")?;
                }
                Cell::Number(d, _) => {
                    out.write_all(b"><v>")?;
                    out.write_all(number_text(d).as_bytes())?;
                    out.write_all(b"</v></c>")?;
                }
            }
        }
        out.write_all(b"</row>")
    }
}

/// The rest of a cell of inline text.
fn inline(text: &str, out: &mut impl Write) -> io::Result<()> {
    out.write_all(b" t=\"inlineStr\"><is>")?;
    text_element(text, out)?;
    out.write_all(b"</is></c>")
}

/// A `<t>` element; spaces at either end are kept only when the element says so.
fn text_element(text: &str, out: &mut impl Write) -> io::Result<()> {
    let keep = text.starts_with(char::is_whitespace) || text.ends_with(char::is_whitespace);
    out.write_all(if keep { b"<t xml:space=\"preserve\">" } else { b"<t>" })?;
    escape(text, out)?;
    out.write_all(b"</t>")
}

/// Text as XML character data. Characters XML cannot carry (control characters) are written the
/// way Excel writes them, `_x0007_`, and so is an underscore that would otherwise read as one.
fn escape(text: &str, out: &mut impl Write) -> io::Result<()> {
    let bytes = text.as_bytes();
    // Most text has none of these bytes (a control character, & < > _, or the lead byte of U+FFFE
    // and U+FFFF): written as it is, without looking at each character.
    if !bytes.iter().any(|&b| b < b' ' || matches!(b, b'&' | b'<' | b'>' | b'_' | 0xEF)) {
        return out.write_all(bytes);
    }
    let mut plain = 0;
    for (i, c) in text.char_indices() {
        let replacement: Cow<'static, str> = match c {
            '&' => "&amp;".into(),
            '<' => "&lt;".into(),
            '>' => "&gt;".into(),
            '_' if looks_escaped(&text[i..]) => "_x005F_".into(),
            c if written_escaped(c) => format!("_x{:04X}_", c as u32).into(),
            _ => continue,
        };
        out.write_all(&bytes[plain..i])?;
        out.write_all(replacement.as_bytes())?;
        plain = i + c.len_utf8();
    }
    out.write_all(&bytes[plain..])
}

/// `_x` four hex digits and `_`: how Excel escapes a character, so a reader would unescape it. The
/// `_` may also be the start of the next character's own escape: `_x009a` and a bell is written
/// `_x009a_x0007_`, which reads as U+009A unless the first underscore is escaped too.
fn looks_escaped(text: &str) -> bool {
    escape_like(text) && text[6..].starts_with(|c| c == '_' || written_escaped(c))
}

/// Starts with `_x` and four hex digits (all ASCII, so the seventh byte starts a character).
fn escape_like(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() >= 6 && b[..2] == *b"_x" && b[2..6].iter().all(u8::is_ascii_hexdigit)
}

/// Text with its underscores escaped where rust_xlsxwriter, which writes the other sheets, would
/// leave one to be misread; `None` where it writes the text rightly itself. It escapes `_xHHHH_`, but
/// not a `_xHHHH` that a character it escapes follows (`_x009a` and a bell: `_x009a_x0007_`, read as
/// U+009A); such text goes to it as a rich string, which it writes without escaping underscores.
pub(super) fn escaped_underscores(text: &str) -> Option<String> {
    let misread = text.match_indices("_x").any(|(i, _)| escape_like(&text[i..]) && text[i + 6..].starts_with(written_escaped));
    misread.then(|| {
        let mut out = String::with_capacity(text.len() + 16);
        let mut plain = 0;
        for (i, _) in text.match_indices('_').filter(|&(i, _)| looks_escaped(&text[i..])) {
            out.push_str(&text[plain..i]);
            out.push_str("_x005F_");
            plain = i + 1;
        }
        out.push_str(&text[plain..]);
        out
    })
}

/// A character XML cannot carry (a control character other than tab and line feed, or one of the two
/// non-characters), written `_xHHHH_` as Excel writes it.
fn written_escaped(c: char) -> bool {
    (c < ' ' && c != '\t' && c != '\n') || c == '\u{FFFE}' || c == '\u{FFFF}'
}

#[cfg(test)]
mod tests {
    use super::*;

    fn escaped(text: &str) -> String {
        let mut out = Vec::new();
        escape(text, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn escapes_what_xml_cannot_hold() {
        assert_eq!(escaped("A&B <1> 财政局"), "A&amp;B &lt;1&gt; 财政局");
        assert_eq!(escaped("一\n二\t三"), "一\n二\t三");
        assert_eq!(escaped("响\u{7}铃\r"), "响_x0007_铃_x000D_");
        assert_eq!(escaped("_x0041_ and _x41_"), "_x005F_x0041_ and _x41_");
        // An underscore that only looks like an escape once the next character is escaped.
        assert_eq!(escaped("U_x009a\u{7}"), "U_x005F_x009a_x0007_");
        assert_eq!(escaped("_x00FF\u{FFFF}_x1234\t"), "_x005F_x00FF_xFFFF__x1234\t");
    }

    #[test]
    fn underscores_rust_xlsxwriter_would_leave_misread_are_escaped() {
        assert_eq!(escaped_underscores("财政局 _x0041_ \u{7}"), None);
        assert_eq!(escaped_underscores("U_x009a\u{7}").as_deref(), Some("U_x005F_x009a\u{7}"));
        assert_eq!(escaped_underscores("_x0041__x00FF\u{FFFF}_x12\r").as_deref(), Some("_x005F_x0041__x005F_x00FF\u{FFFF}_x12\r"));
    }

    #[test]
    fn reads_the_probe() {
        let probe = r#"<row r="1"><c r="A1" s="1" t="inlineStr"><is><t>单位</t></is></c></row><row r="2"><c r="A2" s="2"/><c r="B2" s="3"/><c r="C2" s="14"/></row>"#;
        let style_of = |cell: &str| attribute(probe, &format!("<c r=\"{cell}\""), "s");
        assert_eq!(style_of("A1"), Some("1"));
        assert_eq!(style_of("C2"), Some("14"));
        assert_eq!(style_of("D2"), None);
        let head = r#"<worksheet><dimension ref="A1:C2"/><cols/>"#;
        assert_eq!(with_attribute(head, "<dimension ", "ref", "A1:J2801").as_deref(), Some(r#"<worksheet><dimension ref="A1:J2801"/><cols/>"#));
        let sst = r#"<?xml version="1.0"?><sst xmlns="x" count="12" uniqueCount="9"><si><t>count="1"</t></si></sst>"#;
        assert_eq!(attribute(sst, "<sst ", "count"), Some("12"));
        assert_eq!(attribute(sst, "<sst ", "uniqueCount"), Some("9"));
        assert_eq!(attribute(sst, "<sst ", "other"), None);
    }

    #[test]
    fn numbers_are_exact() {
        assert_eq!(&*number_text(&Decimal::new(8500, 3)), "8.5");
        assert_eq!(&*number_text(&Decimal::new(1000, 2)), "10");
        assert_eq!(&*number_text(&Decimal::new(-15, 1)), "-1.5");
        assert_eq!(&*number_text(&Decimal::from_parts(0, 0, 0, true, 2)), "0");
        assert_eq!(&*number_text(&Decimal::MAX), "79228162514264337593543950335");
        assert_eq!(&*number_text(&(Decimal::TEN / Decimal::from(3))), "3.3333333333333333333333333333");
    }

    #[test]
    fn widths_count_cjk_twice() {
        assert_eq!(widest_line("scores.csv!C3"), 13);
        assert_eq!(widest_line("财政局.xlsx!F17\nab"), 15);
    }
}
