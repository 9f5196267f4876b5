//! The sheets of one row per unit and item (明细, 扣分), written as SpreadsheetML here.
//!
//! At national scale they hold 318,528 rows each, and rust_xlsxwriter looked up every cell's format
//! in a hash map and compressed the package on one thread: three quarters of the run. So
//! rust_xlsxwriter writes each of them as a placeholder — name, header row, column widths, frozen
//! panes, print setup — with one probe row that tells which style number each format received;
//! the rows are then written here, both sheets at once, each compressed on its own thread, and put
//! into the package in place of the placeholder's.

use std::borrow::Cow;
use std::io::{self, BufWriter, Cursor, Read, Write};

use rayon::prelude::*;
use rust_decimal::Decimal;
use rust_xlsxwriter::ColNum;
use unicode_width::UnicodeWidthStr;
use zip::write::{SimpleFileOptions, ZipFileBuilder};
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

use crate::location::column_name;
use crate::text::Both;

/// The look of a cell: one of the formats the row sheets use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Style {
    Header,
    Text,
    Wrap,
    Points,
}

/// The probe row of a placeholder: the formats of its first cells, left to right. The header
/// format is that of the header row's first cell.
pub(super) const PROBED: [Style; 3] = [Style::Text, Style::Wrap, Style::Points];

pub(super) enum Cell<'a> {
    /// Text; empty text is a blank cell that keeps its format.
    Text(&'a str, Style),
    /// A number, written exactly as the decimal reads.
    Number(Decimal, Style),
}

/// A sheet of one row per unit and item.
pub(super) trait RowSheet: Sync {
    fn name(&self) -> Both;
    fn headers(&self) -> Vec<String>;
    /// Columns that stay in view when scrolling right.
    fn frozen_cols(&self) -> ColNum;
    /// Hands every row below the header to `row`, in order.
    fn rows(&self, row: &mut dyn FnMut(&[Cell<'_>]) -> io::Result<()>) -> io::Result<()>;
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
}

pub(super) fn measure(sheet: &dyn RowSheet) -> Measure {
    let mut m = Measure::default();
    let mut number = String::new();
    let _ = sheet.rows(&mut |cells| {
        m.rows += 1;
        if m.widths.len() < cells.len() {
            m.widths.resize(cells.len(), 0);
            m.wrapped.resize(cells.len(), false);
        }
        for (col, cell) in cells.iter().enumerate() {
            let (text, style) = match cell {
                Cell::Text(t, style) => (*t, *style),
                Cell::Number(d, style) => (number_text(d, &mut number), *style),
            };
            m.widths[col] = m.widths[col].max(widest_line(text));
            m.wrapped[col] |= style == Style::Wrap;
        }
        Ok(())
    });
    m
}

fn widest_line(text: &str) -> usize {
    if text.is_ascii() && !text.contains('\n') {
        return text.len();
    }
    text.lines().map(UnicodeWidthStr::width).max().unwrap_or(0)
}

/// The decimal as a number cell holds it: exact, without trailing zeros.
fn number_text<'b>(d: &Decimal, buf: &'b mut String) -> &'b str {
    use std::fmt::Write as _;
    buf.clear();
    let _ = write!(buf, "{}", d.normalize());
    buf
}

/// Replaces the placeholders of `sheets` (each with its position among the worksheets, from 1)
/// in the package rust_xlsxwriter wrote; entries keep their order, the others are copied as they are.
pub(super) fn splice(package: &[u8], sheets: &[(usize, &dyn RowSheet, &Measure)], level: i64) -> io::Result<Vec<u8>> {
    let mut archive = ZipArchive::new(Cursor::new(package))?;
    let mut placeholders = Vec::new();
    for &(position, sheet, measure) in sheets {
        let name = format!("xl/worksheets/sheet{position}.xml");
        let mut xml = String::new();
        archive.by_name(&name)?.read_to_string(&mut xml)?;
        placeholders.push((name, xml, sheet, measure));
    }
    let mut written: Vec<(String, zip::write::PreparedZipFile)> = placeholders
        .par_iter()
        .map(|(name, xml, sheet, measure)| Ok((name.clone(), write_sheet(name, xml, *sheet, measure, level)?)))
        .collect::<io::Result<_>>()?;
    let mut out = ZipWriter::new(Cursor::new(Vec::with_capacity(package.len())));
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
    Ok(out.finish()?.into_inner())
}

/// One sheet: the placeholder's XML around rows of our own.
fn write_sheet(name: &str, placeholder: &str, sheet: &dyn RowSheet, measure: &Measure, level: i64) -> io::Result<zip::write::PreparedZipFile> {
    let unexpected = || io::Error::other(format!("{name}: not a placeholder sheet"));
    let (head, rest) = placeholder.split_once("<sheetData>").ok_or_else(unexpected)?;
    let (probe, tail) = rest.split_once("</sheetData>").ok_or_else(unexpected)?;
    let mut styles = [0; 4];
    styles[Style::Header as usize] = style_of(probe, "A1").ok_or_else(unexpected)?;
    for (col, style) in PROBED.into_iter().enumerate() {
        styles[style as usize] = style_of(probe, &format!("{}2", column_name(col as u32))).ok_or_else(unexpected)?;
    }
    let headers = sheet.headers();
    let last = format!("{}{}", column_name(headers.len().saturating_sub(1) as u32), measure.rows + 1);
    let head = with_dimension(head, &last).ok_or_else(unexpected)?;

    // The same options as rust_xlsxwriter's own entries, so that reruns give the same bytes.
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(level))
        .unix_permissions(0o600)
        .last_modified_time(DateTime::default());
    let mut xml = SheetXml::new(BufWriter::with_capacity(1 << 16, ZipFileBuilder::new(name, options)?), styles, headers.len());
    xml.out.write_all(head.as_bytes())?;
    xml.out.write_all(b"<sheetData>")?;
    let header: Vec<Cell<'_>> = headers.iter().map(|h| Cell::Text(h, Style::Header)).collect();
    xml.row(&header)?;
    sheet.rows(&mut |cells| xml.row(cells))?;
    xml.out.write_all(b"</sheetData>")?;
    xml.out.write_all(tail.as_bytes())?;
    Ok(xml.out.into_inner().map_err(io::IntoInnerError::into_error)?.finish()?)
}

/// The style number of a cell of the probe rows: `<c r="A2" s="3"/>`.
fn style_of(xml: &str, cell: &str) -> Option<u32> {
    let start = xml.find(&format!("<c r=\"{cell}\""))?;
    let element = &xml[start..start + xml[start..].find('>')?];
    let value = element.split_once(" s=\"")?.1;
    value[..value.find('"')?].parse().ok()
}

/// The head of the placeholder with the dimension of the whole sheet.
fn with_dimension(head: &str, last: &str) -> Option<String> {
    let start = head.find("<dimension ref=\"")? + "<dimension ref=\"".len();
    let end = start + head[start..].find('"')?;
    Some(format!("{}A1:{last}{}", &head[..start], &head[end..]))
}

/// Rows of cells as SpreadsheetML, strings inline.
struct SheetXml<W> {
    out: W,
    styles: [u32; 4],
    row: u32,
    columns: Vec<String>,
    number: String,
}

impl<W: Write> SheetXml<W> {
    fn new(out: W, styles: [u32; 4], columns: usize) -> SheetXml<W> {
        let columns = (0..columns as u32).map(column_name).collect();
        SheetXml { out, styles, row: 0, columns, number: String::new() }
    }

    fn row(&mut self, cells: &[Cell<'_>]) -> io::Result<()> {
        self.row += 1;
        let (out, row) = (&mut self.out, self.row);
        write!(out, "<row r=\"{row}\">")?;
        for (cell, column) in cells.iter().zip(&self.columns) {
            match cell {
                Cell::Text("", style) => write!(out, "<c r=\"{column}{row}\" s=\"{}\"/>", self.styles[*style as usize])?,
                Cell::Text(text, style) => {
                    write!(out, "<c r=\"{column}{row}\" s=\"{}\" t=\"inlineStr\"><is>", self.styles[*style as usize])?;
                    // Spaces at either end are kept only when the element says so.
                    let keep = text.starts_with(char::is_whitespace) || text.ends_with(char::is_whitespace);
                    out.write_all(if keep { b"<t xml:space=\"preserve\">" } else { b"<t>" })?;
                    escape(text, out)?;
                    out.write_all(b"</t></is></c>")?;
                }
                Cell::Number(d, style) => {
                    let value = number_text(d, &mut self.number);
                    write!(out, "<c r=\"{column}{row}\" s=\"{}\"><v>{value}</v></c>", self.styles[*style as usize])?;
                }
            }
        }
        out.write_all(b"</row>")
    }
}

/// Text as XML character data. Characters XML cannot carry (control characters) are written the
/// way Excel writes them, `_x0007_`, and so is an underscore that would otherwise read as one.
fn escape(text: &str, out: &mut impl Write) -> io::Result<()> {
    let bytes = text.as_bytes();
    let mut plain = 0;
    for (i, c) in text.char_indices() {
        let replacement: Cow<'static, str> = match c {
            '&' => "&amp;".into(),
            '<' => "&lt;".into(),
            '>' => "&gt;".into(),
            '_' if looks_escaped(&bytes[i..]) => "_x005F_".into(),
            '\t' | '\n' => continue,
            c if c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}' => format!("_x{:04X}_", c as u32).into(),
            _ => continue,
        };
        out.write_all(&bytes[plain..i])?;
        out.write_all(replacement.as_bytes())?;
        plain = i + c.len_utf8();
    }
    out.write_all(&bytes[plain..])
}

/// `_x` four hex digits `_`: how Excel escapes a character, so a reader would unescape it.
fn looks_escaped(b: &[u8]) -> bool {
    b.len() >= 7 && b[1] == b'x' && b[2..6].iter().all(u8::is_ascii_hexdigit) && b[6] == b'_'
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
    }

    #[test]
    fn reads_the_probe() {
        let probe = r#"<row r="1"><c r="A1" s="1" t="inlineStr"><is><t>单位</t></is></c></row><row r="2"><c r="A2" s="2"/><c r="B2" s="3"/><c r="C2" s="14"/></row>"#;
        assert_eq!(style_of(probe, "A1"), Some(1));
        assert_eq!(style_of(probe, "C2"), Some(14));
        assert_eq!(style_of(probe, "D2"), None);
        let head = r#"<worksheet><dimension ref="A1:C2"/><cols/>"#;
        assert_eq!(with_dimension(head, "J2801").as_deref(), Some(r#"<worksheet><dimension ref="A1:J2801"/><cols/>"#));
    }

    #[test]
    fn numbers_are_exact() {
        let mut buf = String::new();
        assert_eq!(number_text(&Decimal::new(8500, 3), &mut buf), "8.5");
        assert_eq!(number_text(&(Decimal::TEN / Decimal::from(3)), &mut buf), "3.3333333333333333333333333333");
    }

    #[test]
    fn widths_count_cjk_twice() {
        assert_eq!(widest_line("scores.csv!C3"), 13);
        assert_eq!(widest_line("财政局.xlsx!F17\nab"), 15);
    }
}
