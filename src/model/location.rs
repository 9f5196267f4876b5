//! Where a value came from: file, sheet and cell, printed the way Excel users write it
//! (`财政局.xlsx!评分表!F17`), so that every number and every complaint can be traced. A document
//! has paragraphs and lines instead (`规则.docx!段落12`, `清单.txt!第5行`); a Word table's cell is a
//! cell of its table (`细则.docx!表1!C5`).

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Serialize, Serializer};
use sha2::{Digest, Sha256};

use crate::text;

#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Location {
    /// The file and sheet, one allocation shared by the cells of a sheet: a national table keeps a
    /// location for each of its 318,528 scores and each item score another, and at 24 bytes rather
    /// than 48 they take 15 MB less.
    pub origin: Arc<Origin>,
    /// Zero-based row and column of the cell, if the location is a cell (of a document: the
    /// paragraph or line as the row, column 0).
    pub cell: Option<(u32, u32)>,
    /// What `cell` counts.
    pub part: Part,
}

/// The file and sheet a location lies in.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Origin {
    pub file: Arc<str>,
    /// `None` for csv files, which have no sheets.
    pub sheet: Option<Arc<str>>,
}

/// What a location's row counts: a sheet's (or a Word table's) cells, a document's paragraphs, or a
/// text file's lines.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize)]
pub enum Part {
    #[default]
    Cell,
    /// 段落: a .docx body paragraph.
    Paragraph,
    /// 行: a line of a .txt file.
    Line,
}

impl Location {
    pub fn file(file: impl Into<Arc<str>>) -> Self {
        Location::sheet(file, None)
    }

    /// A whole sheet of a file (the file itself when `sheet` is `None`).
    pub fn sheet(file: impl Into<Arc<str>>, sheet: Option<Arc<str>>) -> Self {
        Location { origin: Arc::new(Origin { file: file.into(), sheet }), cell: None, part: Part::Cell }
    }

    pub fn file_name(&self) -> &str {
        &self.origin.file
    }

    pub fn sheet_name(&self) -> Option<&str> {
        self.origin.sheet.as_deref()
    }

    /// The place inside the file and sheet: "C5", "段落12", "第5行"; `None` for a whole file or sheet.
    pub fn within(&self) -> Option<String> {
        let mut out = String::new();
        self.write_within(&mut out).ok()?;
        (!out.is_empty()).then_some(out)
    }

    fn write_within(&self, out: &mut impl fmt::Write) -> fmt::Result {
        let Some((row, col)) = self.cell else { return Ok(()) };
        match self.part {
            Part::Cell => {
                ColumnName(col).write_to(out)?;
                out.write_str(itoa::Buffer::new().format(row + 1))
            }
            Part::Paragraph => out.write_str(&text::paragraph_place(row + 1)),
            Part::Line => out.write_str(&text::line_place(row + 1)),
        }
    }
}

/// Excel column letters for a zero-based column index: 0 → A, 25 → Z, 26 → AA.
pub fn column_name(col: u32) -> String {
    ColumnName(col).to_string()
}

/// Column letters written straight into a formatter: reports print hundreds of thousands of cells.
struct ColumnName(u32);

impl ColumnName {
    fn write_to(&self, out: &mut impl fmt::Write) -> fmt::Result {
        let (mut letters, mut start, mut col) = ([0u8; 7], 7, self.0);
        loop {
            start -= 1;
            letters[start] = b'A' + (col % 26) as u8;
            if col < 26 {
                break;
            }
            col = col / 26 - 1;
        }
        out.write_str(std::str::from_utf8(&letters[start..]).map_err(|_| fmt::Error)?)
    }
}

impl fmt::Display for ColumnName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_to(f)
    }
}

impl Location {
    /// The location as it is displayed, written piece by piece rather than through `format!`:
    /// reports write a source for every item, the workbook straight into a `String`.
    pub fn write_to(&self, out: &mut impl fmt::Write) -> fmt::Result {
        out.write_str(&self.origin.file)?;
        if let Some(sheet) = &self.origin.sheet {
            out.write_str("!")?;
            out.write_str(sheet)?;
        }
        if self.cell.is_some() {
            out.write_str("!")?;
            self.write_within(out)?;
        }
        Ok(())
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_to(f)
    }
}

impl Serialize for Location {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A file that went into a result, with the SHA-256 of the bytes read from it: a result's notes
/// name exactly what it was made from, even if the file changes afterwards.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputFile {
    pub path: PathBuf,
    pub sha256: [u8; 32],
}

impl InputFile {
    pub fn of(path: &Path, bytes: &[u8]) -> InputFile {
        InputFile { path: path.to_path_buf(), sha256: Sha256::digest(bytes).into() }
    }

    pub fn sha256_hex(&self) -> String {
        self.sha256.iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// A file as the run sees it: the name it is shown by (a path, or a file name in the browser; its
/// extension gives the format) and its bytes.
#[derive(Clone, Debug)]
pub struct Input {
    pub name: String,
    pub bytes: Vec<u8>,
    /// The SHA-256 of the bytes, when the caller has it already: the browser's own (native) digest
    /// is many times faster than one computed in WebAssembly.
    pub sha256: Option<[u8; 32]>,
}

impl Input {
    pub fn new(name: impl Into<String>, bytes: Vec<u8>) -> Input {
        Input { name: name.into(), bytes, sha256: None }
    }

    /// The file and the SHA-256 of these very bytes, as a result's notes name it.
    pub fn file(&self) -> InputFile {
        match self.sha256 {
            Some(sha256) => InputFile { path: self.name.clone().into(), sha256 },
            None => InputFile::of(Path::new(&self.name), &self.bytes),
        }
    }
}

/// Source cells, `file!sheet!cell`, joined by "; ".
pub struct Sources<'a>(pub &'a [Location]);

impl std::fmt::Display for Sources<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, cell) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            fmt::Display::fmt(cell, f)?;
        }
        Ok(())
    }
}

impl Serialize for Sources<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_named_by_the_digest_of_its_bytes_or_by_the_one_given() {
        let input = Input::new("a/得分.csv", b"abc".to_vec());
        // SHA-256 of "abc" (FIPS 180-2, appendix B.1).
        assert_eq!(input.file().sha256_hex(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert_eq!(input.file().path, Path::new("a/得分.csv"));
        let given = Input { sha256: Some([7; 32]), ..input };
        assert_eq!(given.file(), InputFile { path: "a/得分.csv".into(), sha256: [7; 32] });
    }

    #[test]
    fn a_location_is_small() {
        assert_eq!(std::mem::size_of::<Location>(), 24);
    }

    #[test]
    fn column_letters() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(5), "F");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(701), "ZZ");
        assert_eq!(column_name(702), "AAA");
    }

    #[test]
    fn displays_like_excel() {
        let loc = Location { cell: Some((16, 5)), ..Location::sheet("财政局.xlsx", Some("评分表".into())) };
        assert_eq!(loc.to_string(), "财政局.xlsx!评分表!F17");
        let csv = Location { cell: Some((2, 2)), ..Location::file("scores.csv") };
        assert_eq!(csv.to_string(), "scores.csv!C3");
        assert_eq!(csv.within().as_deref(), Some("C3"));
        assert_eq!(Location::file("a.csv").within(), None);
    }

    #[test]
    fn documents_count_paragraphs_and_lines() {
        let paragraph = Location { cell: Some((11, 0)), part: Part::Paragraph, ..Location::file("规则.docx") };
        assert_eq!(paragraph.to_string(), "规则.docx!段落12");
        let line = Location { cell: Some((4, 0)), part: Part::Line, ..Location::file("清单.txt") };
        assert_eq!(line.to_string(), "清单.txt!第5行");
        let table = Location { cell: Some((4, 2)), ..Location::sheet("细则.docx", Some("表1".into())) };
        assert_eq!(table.to_string(), "细则.docx!表1!C5");
    }
}
