//! Word documents (.docx), as 考核细则 are most often published: each table a sheet (`表1`, `表2` …),
//! merged cells laid out as a spreadsheet lays them out — the text in the first cell of a `gridSpan`
//! or `vMerge`, the others empty — and a cell's paragraphs joined by line breaks. A document without
//! tables is one sheet of its body paragraphs, one a row; so is any document asked for its `正文`. A .doc of old binary Word is refused with a
//! message saying to save it as .docx.
//!
//! `word/document.xml` is streamed: the archive's parts are measured first (limits), and every value
//! goes through the same [`Grid`] as a worksheet's, so a table beyond the limits stops the reading.

use std::collections::HashSet;
use std::io::{BufRead, BufReader, Cursor};
use std::sync::Arc;

use quick_xml::events::{BytesStart, Event};

use super::limits::check_zip_extent;
use super::{Cell, Format, Grid, ReadError, Sheet, Which, Workbook};
use crate::location::{Location, Part};
use crate::text;

/// Reads a .docx (or a .doc that is one); old binary Word and encrypted documents are refused.
pub(super) fn read(bytes: &[u8], display: &Arc<str>, which: Which<'_>) -> Result<Workbook, ReadError> {
    if let Ok(compound) = cfb::CompoundFile::open(Cursor::new(bytes)) {
        return Err(if compound.is_stream("EncryptedPackage") {
            ReadError::Protected(display.to_string())
        } else if compound.is_stream("WordDocument") {
            ReadError::OldWord(display.to_string())
        } else {
            ReadError::Open(display.to_string(), text::not_a_word_document())
        });
    }
    check_zip_extent(bytes, display, Format::Docx)?;
    let open = |why: String| ReadError::Open(display.to_string(), why);
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| open(e.to_string()))?;
    let numbered = archive.by_name("word/styles.xml").map(|part| numbered_styles(BufReader::new(part))).unwrap_or_default();
    let part = archive.by_name("word/document.xml").map_err(|_| open(text::not_a_word_document()))?;
    let body = Body::read(BufReader::new(part), display, &numbered)?;
    // The paragraphs are read where there are no tables, or where they are asked for by name
    // (`--sheet 正文`: a 细则 in prose beside a table of another kind).
    let paragraphs = body.tables.is_empty() || matches!(which, Which::Named(name) if name == text::word_body());
    let sheets: Vec<Sheet> = if paragraphs {
        if let Some(at) = body.auto_numbered {
            return Err(ReadError::Unreadable(display.to_string(), text::word_auto_numbering(at)));
        }
        let sheet = Sheet { part: Part::Paragraph, ..body.paragraphs.finish() };
        if sheet.height() == 0 {
            return Err(ReadError::Empty(display.to_string()));
        }
        vec![sheet]
    } else {
        body.tables
    };
    let sheets = match which {
        _ if paragraphs => sheets,
        Which::First => sheets.into_iter().take(1).collect(),
        Which::Named(name) => {
            let named: Vec<Sheet> = sheets.into_iter().filter(|s| s.name.as_deref() == Some(name)).collect();
            if named.is_empty() {
                return Err(ReadError::NoSuchSheet(display.to_string(), name.to_string()));
            }
            named
        }
        Which::Visible | Which::VisibleAnd(_) => sheets,
    };
    Ok(Workbook { sheets, defined_names: Vec::new() })
}

/// The document's tables with text in them, and its body paragraphs.
struct Body {
    tables: Vec<Sheet>,
    paragraphs: Grid,
    /// The first body paragraph numbered by Word itself (`w:numPr`): its number is not in its text.
    auto_numbered: Option<Location>,
}

/// The table being read: the outermost one; a table inside a cell is text of that cell.
struct Table {
    grid: Grid,
    row: u32,
    col: u32,
    /// The cell being read: its text, how many columns it spans, and whether it continues a
    /// vertical merge (its text then belongs to the cell above).
    text: String,
    span: u32,
    continues: bool,
    paragraphs: usize,
}

/// The paragraph styles that number their paragraphs themselves (a 标题 1 with 一、 in its style).
fn numbered_styles(part: impl BufRead) -> HashSet<String> {
    let mut reader = quick_xml::Reader::from_reader(part);
    let (mut buf, mut style, mut numbered) = (Vec::new(), None, HashSet::new());
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) => match e.local_name().as_ref() {
                "style" => style = attribute(&e, "styleId"),
                "numId" if number(&e).is_some_and(|n| n > 0) => numbered.extend(style.clone()),
                _ => {}
            },
            Ok(Event::End(e)) if e.local_name().as_ref() == "style" => style = None,
            Ok(Event::Eof) | Err(_) => return numbered,
            _ => {}
        }
    }
}

impl Body {
    fn read(part: impl BufRead, display: &Arc<str>, numbered_styles: &HashSet<String>) -> Result<Body, ReadError> {
        let unreadable = |why: String| ReadError::Unreadable(display.to_string(), why);
        let mut reader = quick_xml::Reader::from_reader(part);
        let mut buf = Vec::new();
        let mut body = Body { tables: Vec::new(), paragraphs: Grid::new(display.clone(), None), auto_numbered: None };
        let (mut table, mut tables_seen): (Option<Table>, u32) = (None, 0);
        // How deep in tables, paragraphs, runs and text we are; text in a fallback (the copy of a
        // text box kept for old readers) is the same text again, and skipped.
        let (mut nested, mut paragraph_depth, mut in_run, mut in_text, mut fallback) = (0usize, 0usize, false, false, 0usize);
        let mut paragraph = String::new();
        let mut paragraph_row = 0u32;
        loop {
            buf.clear();
            let event = reader.read_event_into(&mut buf).map_err(|e| unreadable(e.to_string()))?;
            let (start, empty) = match &event {
                Event::Start(e) => (Some(e), false),
                Event::Empty(e) => (Some(e), true),
                _ => (None, false),
            };
            if let Some(e) = start {
                // Numbered by Word itself: in the paragraph's own properties, or by its style.
                let by_word = match e.local_name().as_ref() {
                    "numId" => number(e).is_some_and(|n| n > 0),
                    "pStyle" => attribute(e, "val").is_some_and(|v| numbered_styles.contains(&v)),
                    _ => false,
                };
                if by_word && table.is_none() && paragraph_depth == 1 {
                    body.auto_numbered.get_or_insert_with(|| Location {
                        cell: Some((paragraph_row, 0)),
                        part: Part::Paragraph,
                        ..Location::file(display.clone())
                    });
                }
                match e.local_name().as_ref() {
                    "tbl" if !empty => {
                        nested += 1;
                        if nested == 1 {
                            tables_seen += 1;
                            let name: Arc<str> = text::word_table(tables_seen).into();
                            table = Some(Table {
                                grid: Grid::new(display.clone(), Some(name)),
                                row: 0,
                                col: 0,
                                text: String::new(),
                                span: 1,
                                continues: false,
                                paragraphs: 0,
                            });
                        }
                    }
                    "tr" if nested == 1 && !empty => {
                        if let Some(t) = table.as_mut() {
                            t.col = 0;
                        }
                    }
                    "gridBefore" if nested == 1 => {
                        if let Some(t) = table.as_mut() {
                            t.col = t.col.saturating_add(number(e).unwrap_or(0));
                        }
                    }
                    "tc" if nested == 1 => {
                        if let Some(t) = table.as_mut() {
                            (t.text, t.span, t.continues, t.paragraphs) = (String::new(), 1, false, 0);
                            // An empty cell still takes its column.
                            if empty {
                                t.col = t.col.saturating_add(1);
                            }
                        }
                    }
                    "gridSpan" if nested == 1 => {
                        if let Some(t) = table.as_mut() {
                            t.span = number(e).unwrap_or(1).max(1);
                        }
                    }
                    "vMerge" if nested == 1 => {
                        if let Some(t) = table.as_mut() {
                            t.continues = attribute(e, "val").is_none_or(|v| v == "continue");
                        }
                    }
                    "p" if !empty => {
                        paragraph_depth += 1;
                        match table.as_mut() {
                            Some(t) => {
                                if t.paragraphs > 0 {
                                    t.text.push('\n');
                                }
                                t.paragraphs += 1;
                            }
                            None if paragraph_depth == 1 => paragraph.clear(),
                            None => paragraph.push('\n'),
                        }
                    }
                    // An empty paragraph still counts, as Word shows it.
                    "p" if table.is_none() && paragraph_depth == 0 => paragraph_row = paragraph_row.saturating_add(1),
                    "r" if !empty => in_run = true,
                    "t" if !empty && in_run => in_text = true,
                    "tab" if in_run => push(&mut table, &mut paragraph, "\t"),
                    "br" | "cr" if in_run => push(&mut table, &mut paragraph, "\n"),
                    "Fallback" if !empty => fallback += 1,
                    _ => {}
                }
                continue;
            }
            match event {
                Event::Text(e) if in_text && fallback == 0 => push(&mut table, &mut paragraph, &e.xml10_content()),
                Event::GeneralRef(e) if in_text && fallback == 0 => {
                    let c = e.resolve_char_ref().ok().flatten().or_else(|| predefined(&e));
                    push(&mut table, &mut paragraph, c.map(String::from).as_deref().unwrap_or_default());
                }
                Event::End(e) => match e.local_name().as_ref() {
                    "tbl" => {
                        nested = nested.saturating_sub(1);
                        if nested == 0
                            && let Some(t) = table.take()
                        {
                            if let Some(cell) = t.grid.beyond {
                                return Err(ReadError::SheetTooLarge(Location {
                                    cell: Some(cell),
                                    ..Location::sheet(display.clone(), t.grid.sheet.name.clone())
                                }));
                            }
                            if t.grid.span.is_some() {
                                body.tables.push(t.grid.finish());
                            }
                        }
                    }
                    "tr" if nested == 1 => {
                        if let Some(t) = table.as_mut() {
                            t.row = t.row.saturating_add(1);
                        }
                    }
                    "tc" if nested == 1 => {
                        if let Some(t) = table.as_mut() {
                            let cell = if t.continues || t.text.trim().is_empty() { Cell::Empty } else { Cell::Text(std::mem::take(&mut t.text)) };
                            if t.grid.beyond.is_none() {
                                t.grid.push((t.row, t.col), cell);
                            }
                            t.col = t.col.saturating_add(t.span);
                        }
                    }
                    "p" => {
                        paragraph_depth = paragraph_depth.saturating_sub(1);
                        if table.is_none() && paragraph_depth == 0 {
                            let cell = if paragraph.trim().is_empty() { Cell::Empty } else { Cell::Text(std::mem::take(&mut paragraph)) };
                            if !body.paragraphs.push((paragraph_row, 0), cell) {
                                let at = Location { cell: body.paragraphs.beyond, part: Part::Paragraph, ..Location::file(display.clone()) };
                                return Err(ReadError::SheetTooLarge(at));
                            }
                            paragraph_row = paragraph_row.saturating_add(1);
                        }
                    }
                    "r" => in_run = false,
                    "t" => in_text = false,
                    "Fallback" => fallback = fallback.saturating_sub(1),
                    _ => {}
                },
                Event::Eof => break,
                _ => {}
            }
        }
        Ok(body)
    }
}

/// Adds run text to the table cell being read, or else to the body paragraph.
fn push(table: &mut Option<Table>, paragraph: &mut String, s: &str) {
    match table {
        Some(t) => t.text.push_str(s),
        None => paragraph.push_str(s),
    }
}

/// The XML entities every reader knows.
fn predefined(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => None,
    }
}

fn attribute(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes().flatten().find(|a| a.key.local_name().as_ref() == name).map(|a| a.value.to_string())
}

/// A `w:val` that is a count (`gridSpan`, `gridBefore`, `numId`).
fn number(e: &BytesStart<'_>) -> Option<u32> {
    attribute(e, "val")?.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A .docx of the given body XML, as Word lays it out.
    fn docx(body: &str) -> Vec<u8> {
        docx_with(body, "<w:styles/>")
    }

    /// A .docx of the given body and styles.
    fn docx_with(body: &str, styles: &str) -> Vec<u8> {
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        out.start_file("word/styles.xml", zip::write::SimpleFileOptions::default()).unwrap();
        std::io::Write::write_all(&mut out, styles.as_bytes()).unwrap();
        let xml = format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
        );
        out.start_file("word/document.xml", zip::write::SimpleFileOptions::default()).unwrap();
        std::io::Write::write_all(&mut out, xml.as_bytes()).unwrap();
        out.finish().unwrap().into_inner()
    }

    fn p(text: &str) -> String {
        format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>")
    }

    fn texts(sheet: &Sheet) -> Vec<Vec<String>> {
        (0..sheet.height()).map(|r| (0..sheet.width()).map(|c| sheet.text(r, c).unwrap_or_default().into_owned()).collect()).collect()
    }

    #[test]
    fn tables_are_sheets_with_merged_cells_as_a_spreadsheet_has_them() {
        let cell = |props: &str, text: &str| format!("<w:tc><w:tcPr>{props}</w:tcPr>{}</w:tc>", p(text));
        let two_paragraphs = format!("<w:tc>{}{}</w:tc>", p("1.成立领导小组"), p("(2分)"));
        let table = format!(
            "<w:tbl><w:tr>{}{}</w:tr><w:tr>{}{two_paragraphs}{}</w:tr><w:tr>{}{}{}</w:tr></w:tbl>",
            cell(r#"<w:gridSpan w:val="2"/>"#, "考核项目"),
            cell("", "分值"),
            cell(r#"<w:vMerge w:val="restart"/>"#, "一、组织领导"),
            cell("", "2"),
            cell("<w:vMerge/>", "ignored"),
            cell("", "2.A&amp;B"),
            cell("", "3"),
        );
        let bytes = docx(&format!("{}{table}", p("前言")));
        let book = read(&bytes, &"细则.docx".into(), Which::Visible).unwrap();
        let body = read(&bytes, &"细则.docx".into(), Which::Named("正文")).unwrap();
        assert_eq!((body.sheets.len(), body.sheets[0].location(0, 0).to_string()), (1, "细则.docx!段落1".to_string()));
        let sheet = &book.sheets[0];
        assert_eq!(sheet.name.as_deref(), Some("表1"));
        assert_eq!(texts(sheet), [["考核项目", "", "分值"], ["一、组织领导", "1.成立领导小组\n(2分)", "2"], ["", "2.A&B", "3"]]);
        assert_eq!(sheet.location(1, 1).to_string(), "细则.docx!表1!B2");
    }

    #[test]
    fn a_document_without_tables_is_its_paragraphs() {
        let body = format!("{}<w:p/>{}", p("一、组织领导(3分)"), p("1.成立领导小组<w:tab/>(3分)"));
        let book = read(&docx(&body), &"规则.docx".into(), Which::First).unwrap();
        let sheet = &book.sheets[0];
        assert_eq!(texts(sheet), [["一、组织领导(3分)"], [""], ["1.成立领导小组\t(3分)"]]);
        assert_eq!(sheet.location(2, 0).to_string(), "规则.docx!段落3");
        // Word's own numbering is not in the text: refused, at the paragraph.
        let numbered = r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="3"/></w:numPr></w:pPr><w:r><w:t>组织领导</w:t></w:r></w:p>"#;
        let err = read(&docx(&format!("{}{numbered}", p("前言"))), &"规则.docx".into(), Which::First).unwrap_err();
        assert!(err.to_string().contains("规则.docx!段落2"), "{err}");
        // So is a paragraph numbered by its style.
        let styles =
            r#"<w:styles><w:style w:styleId="1"><w:pPr><w:numPr><w:numId w:val="2"/></w:numPr></w:pPr></w:style><w:style w:styleId="2"/></w:styles>"#;
        let styled = |id: &str| format!(r#"<w:p><w:pPr><w:pStyle w:val="{id}"/></w:pPr><w:r><w:t>组织领导</w:t></w:r></w:p>"#);
        assert!(read(&docx_with(&styled("2"), styles), &"规则.docx".into(), Which::First).is_ok());
        let err = read(&docx_with(&format!("{}{}", p("前言"), styled("1")), styles), &"规则.docx".into(), Which::First).unwrap_err();
        assert!(err.to_string().contains("规则.docx!段落2"), "{err}");
    }

    proptest::proptest! {
        /// Any body, well-formed or not, is read or refused: never a panic.
        #[test]
        fn any_body_is_read_or_refused(parts in proptest::collection::vec(proptest::sample::select(vec![
            "<w:tbl>", "</w:tbl>", "<w:tr>", "</w:tr>", "<w:tc>", "</w:tc>", "<w:p>", "</w:p>", "<w:r>", "</w:r>", "<w:t>", "</w:t>", "x", "&amp;", "&#0;",
            "<w:gridSpan w:val=\"9\"/>", "<w:vMerge/>", "<w:tc/>", "<w:p/>", "<w:br/>", "<w:numId w:val=\"1\"/>", "<", "&",
        ]), 0..60)) {
            let _ = read(&docx(&parts.concat()), &"任意.docx".into(), Which::Visible);
        }
    }

    #[test]
    fn a_table_beyond_the_limits_is_refused_at_its_cell() {
        let table = r#"<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="4000000000"/></w:tcPr><w:p/></w:tc><w:tc><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#;
        let err = read(&docx(table), &"大.docx".into(), Which::First).unwrap_err();
        assert!(matches!(&err, ReadError::SheetTooLarge(at) if at.sheet_name() == Some("表1") && at.cell.is_some()), "{err:?}");
    }
}
