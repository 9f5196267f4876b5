//! Names that writers make from user text — sheet names from units, file names from departments —
//! made valid for Excel and for every file system, and kept distinct when two of them collide.
//!
//! ```
//! use zhibiao::names::{self, Distinct};
//! assert_eq!(names::sheet_name("财政局[2024]/审计"), "财政局_2024__审计");
//! assert_eq!(names::file_stem("CON"), "_CON");
//! let mut sheets = Distinct::sheets();
//! assert_eq!(sheets.name("排名"), "排名");
//! assert_eq!(sheets.name("排名"), "排名-2");
//! ```

use std::collections::HashSet;

/// Excel refuses longer sheet names.
pub const SHEET_NAME_CHARS: usize = 31;
/// Room left in a 255-byte file name for an extension and a `-2` suffix.
pub const FILE_STEM_BYTES: usize = 200;

/// A valid Excel sheet name: at most 31 characters (as Excel counts them: UTF-16 units, so a
/// Chinese character is one, an emoji two; never bytes), none of
/// `[]:*?/\` or control characters, no apostrophe at either end, not blank and not `History`.
pub fn sheet_name(name: &str) -> String {
    sheet_name_within(name, SHEET_NAME_CHARS)
}

fn sheet_name_within(name: &str, units: usize) -> String {
    let mut cleared = String::new();
    let mut used = 0;
    for c in name.chars().map(|c| if "[]:*?/\\".contains(c) || c.is_control() { '_' } else { c }) {
        used += c.len_utf16();
        if used > units {
            break;
        }
        cleared.push(c);
    }
    let trimmed = cleared.trim_matches(|c: char| c == '\'' || c.is_whitespace());
    match trimmed {
        "" => "_".to_string(),
        // Excel keeps this name for itself.
        t if t.eq_ignore_ascii_case("history") => format!("{t}_"),
        t => t.to_string(),
    }
}

/// A file name without extension that Windows, macOS and Linux all accept: no `<>:"/\|?*` or
/// control characters, no reserved device name (CON, NUL, COM1 …), no trailing dot or space, and
/// short enough in bytes (Chinese characters take three).
pub fn file_stem(name: &str) -> String {
    file_stem_within(name, FILE_STEM_BYTES)
}

fn file_stem_within(name: &str, bytes: usize) -> String {
    let mut stem = String::new();
    for c in name.chars().map(|c| if "<>:\"/\\|?*".contains(c) || c.is_control() { '_' } else { c }) {
        if stem.len() + c.len_utf8() > bytes {
            break;
        }
        stem.push(c);
    }
    let stem = stem.trim_end_matches(['.', ' ']).trim_start();
    let device = stem.split('.').next().unwrap_or_default().trim_end().to_ascii_uppercase();
    let reserved = ["CON", "PRN", "AUX", "NUL"].contains(&device.as_str())
        || (device.len() == 4
            && (device.starts_with("COM") || device.starts_with("LPT"))
            && device.ends_with(|c: char| c.is_ascii_digit() && c != '0'));
    match stem {
        "" => "_".to_string(),
        s if reserved => format!("_{s}"),
        s => s.to_string(),
    }
}

/// Hands out valid names that never repeat (ignoring case, as Excel and Windows do): a name
/// already given comes back as `name-2`, then `name-3`, shortened so that the suffix still fits.
pub struct Distinct {
    taken: HashSet<String>,
    make: fn(&str, usize) -> String,
    limit: usize,

}

impl Distinct {
    /// For the sheets of one workbook.
    pub fn sheets() -> Self {
        Distinct { taken: HashSet::new(), make: sheet_name_within, limit: SHEET_NAME_CHARS }
    }

    /// For the files of one folder.
    pub fn files() -> Self {
        Distinct { taken: HashSet::new(), make: file_stem_within, limit: FILE_STEM_BYTES }
    }

    /// The valid name closest to `wanted` that was not given before.
    pub fn name(&mut self, wanted: &str) -> String {
        let mut name = (self.make)(wanted, self.limit);
        let mut n = 1;
        while !self.taken.insert(name.to_lowercase()) {
            n += 1;
            let suffix = format!("-{n}");
            // The suffix is ASCII: as many bytes as UTF-16 units.
            let room = self.limit - suffix.len();
            name = format!("{}{suffix}", (self.make)(wanted, room));
        }
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn sheet_names() {
        assert_eq!(sheet_name("'引号'"), "引号");
        assert_eq!(sheet_name("a:b*c?d"), "a_b_c_d");
        assert_eq!(sheet_name(""), "_");
        assert_eq!(sheet_name("History"), "History_");
        let long = "某某省某某市某某区人民政府办公室法治政府建设示范创建工作领导小组办公室";
        assert_eq!(sheet_name(long).chars().count(), 31);
    }

    #[test]
    fn file_stems() {
        assert_eq!(file_stem("司法局/法制科: 2024?"), "司法局_法制科_ 2024_");
        assert_eq!(file_stem("aux.txt"), "_aux.txt");
        assert_eq!(file_stem("COM1"), "_COM1");
        assert_eq!(file_stem("COM0"), "COM0");
        assert_eq!(file_stem("结果. . "), "结果");
        assert_eq!(file_stem("  "), "_");
        assert!(file_stem(&"法".repeat(100)).len() <= FILE_STEM_BYTES);
    }

    #[test]
    fn collisions_get_suffixes_that_fit() {
        let mut sheets = Distinct::sheets();
        let long = "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三";
        assert_eq!(sheets.name(long).chars().count(), 31);
        let second = sheets.name(long);
        assert_eq!(second.chars().count(), 31);
        assert!(second.ends_with("-2"));
        assert_eq!(sheets.name("A/B"), "A_B");
        assert_eq!(sheets.name("a_b"), "a_b-2");
    }

    fn valid_sheet(name: &str) -> bool {
        let n = name.encode_utf16().count();
        (1..=SHEET_NAME_CHARS).contains(&n)
            && !name.contains(|c: char| "[]:*?/\\".contains(c) || c.is_control())
            && !name.starts_with('\'')
            && !name.ends_with('\'')
    }

    fn valid_file(name: &str) -> bool {
        !name.is_empty()
            && name.len() <= FILE_STEM_BYTES
            && !name.contains(|c: char| "<>:\"/\\|?*".contains(c) || c.is_control())
            && !name.ends_with(['.', ' '])
    }

    proptest! {
        #[test]
        fn any_text_makes_a_sheet_name_excel_accepts(text in ".{0,60}") {
            let name = sheet_name(&text);
            prop_assert!(valid_sheet(&name), "{name:?}");
            let mut book = rust_xlsxwriter::Workbook::new();
            prop_assert!(book.add_worksheet().set_name(&name).is_ok(), "{name:?}");
        }

        #[test]
        fn any_text_makes_a_file_name(text in ".{0,120}") {
            let stem = file_stem(&text);
            prop_assert!(valid_file(&stem), "{stem:?}");
            let dir = tempfile::tempdir().unwrap();
            let written = std::fs::write(dir.path().join(format!("{stem}.xlsx")), b"");
            prop_assert!(written.is_ok(), "{stem:?}");
        }

        #[test]
        fn distinct_inputs_stay_distinct(texts in proptest::collection::vec("[a-zA-Z/:'历史 ]{0,40}", 1..20)) {
            let mut sheets = Distinct::sheets();
            let mut files = Distinct::files();
            let mut given_sheets = HashSet::new();
            let mut given_files = HashSet::new();
            for text in &texts {
                let sheet = sheets.name(text);
                prop_assert!(valid_sheet(&sheet), "{sheet:?}");
                prop_assert!(given_sheets.insert(sheet.to_lowercase()), "{sheet:?} given twice");
                let file = files.name(text);
                prop_assert!(valid_file(&file), "{file:?}");
                prop_assert!(given_files.insert(file.to_lowercase()), "{file:?} given twice");
            }
        }
    }
}
