//! Text files (.txt) as a sheet of their lines, each in column A, located by line (`清单.txt!第5行`).

use std::borrow::Cow;
use std::sync::Arc;

use super::{Cell, Grid, ReadError, Sheet, Workbook};
use crate::location::{Location, Part};
use crate::text;

/// Reads a text file as a sheet of its lines, each in column A: UTF-8 (with or without its mark),
/// UTF-16 with its mark, or GBK as Notepad on Chinese Windows saves it.
pub(super) fn read(bytes: &[u8], display: &Arc<str>) -> Result<Workbook, ReadError> {
    let decoded = match encoding_rs::Encoding::for_bom(bytes) {
        Some((encoding, bom)) => encoding.decode_without_bom_handling_and_without_replacement(&bytes[bom..]),
        None => {
            std::str::from_utf8(bytes).ok().map(Cow::Borrowed).or_else(|| encoding_rs::GBK.decode_without_bom_handling_and_without_replacement(bytes))
        }
    };
    let text = decoded.ok_or_else(|| ReadError::Unreadable(display.to_string(), text::not_text()))?;
    let mut grid = Grid::new(display.clone(), None);
    for (row, line) in text.lines().enumerate() {
        let row = u32::try_from(row).unwrap_or(u32::MAX);
        // A line of spaces is an empty one, as a blank cell is.
        let cell =
            if line.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}').is_empty() { Cell::Empty } else { Cell::Text(line.to_string()) };
        if !grid.push((row, 0), cell) {
            return Err(ReadError::SheetTooLarge(Location { cell: grid.beyond, part: Part::Line, ..Location::file(display.clone()) }));
        }
    }
    if grid.span.is_none() {
        return Err(ReadError::Empty(display.to_string()));
    }
    let sheet = Sheet { part: Part::Line, ..grid.finish() };
    Ok(Workbook { sheets: vec![sheet], defined_names: Vec::new() })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(bytes: &[u8]) -> Result<Vec<String>, ReadError> {
        let book = read(bytes, &"清单.txt".into())?;
        let sheet = &book.sheets[0];
        Ok((0..sheet.height()).map(|r| sheet.text(r, 0).unwrap_or_default().into_owned()).collect())
    }

    #[test]
    fn utf8_utf16_and_gbk_read_alike_and_lines_are_named() {
        let text = "一、组织领导\n\n1.成立领导小组\r\n";
        let utf16: Vec<u8> = [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect();
        for bytes in
            [text.as_bytes().to_vec(), [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(), utf16, encoding_rs::GBK.encode(text).0.into_owned()]
        {
            assert_eq!(lines(&bytes).unwrap(), ["一、组织领导", "", "1.成立领导小组"]);
        }
        let book = read(text.as_bytes(), &"清单.txt".into()).unwrap();
        assert_eq!(book.sheets[0].location(2, 0).to_string(), "清单.txt!第3行");
        assert!(matches!(lines(b"\xFF\xFF\x81"), Err(ReadError::Unreadable(..))));
        assert!(matches!(lines(b"\n \n"), Err(ReadError::Empty(_))));
    }
}
