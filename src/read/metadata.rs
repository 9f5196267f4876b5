//! What a template says about itself — the tree's fingerprint, the department that fills it in, the
//! unit it is for — read back from a returned form, so that the reader knows who filled it in and
//! from which version of the tree it was made. `write::template` writes it.

use std::borrow::Cow;

use crate::grid::Sheet;

/// What a template says about itself is kept twice: in defined names (workbook scope, constant
/// text), which clerks never see and which survive Excel, WPS and LibreOffice in xlsx and ods; and
/// in a hidden, protected sheet of the same keys and values, which also survives saving as xls
/// (where names of constants are not read back).
pub const NAME_FINGERPRINT: &str = "ZHIBIAO_FINGERPRINT";
pub const NAME_DEPARTMENT: &str = "ZHIBIAO_DEPARTMENT";
pub const NAME_UNIT: &str = "ZHIBIAO_UNIT";
/// The hidden sheet; never read as a score table.
pub const META_SHEET: &str = "_zhibiao";

/// What a workbook's defined names say about the template it was made from.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Metadata {
    pub fingerprint: Option<String>,
    pub department: Option<String>,
    pub unit: Option<String>,
}

impl Metadata {
    /// What a workbook says about itself: its defined names, or else its hidden [`META_SHEET`].
    pub fn read(names: &[(String, String)], sheet: Option<&Sheet>) -> Metadata {
        let from_names = Metadata::from_names(names);
        match sheet {
            Some(sheet) if from_names.fingerprint.is_none() => Metadata::from_sheet(sheet),
            _ => from_names,
        }
    }

    /// Reads the names as Excel (`"x"`), LibreOffice ods (`of:="x"` or `"x"`) write them back.
    fn from_names(names: &[(String, String)]) -> Metadata {
        Metadata::from_pairs(names.iter().map(|(n, v)| (n.clone(), constant_text(v))))
    }

    /// Reads the key and value columns of the hidden sheet.
    fn from_sheet(sheet: &Sheet) -> Metadata {
        Metadata::from_pairs((0..sheet.height()).filter_map(|r| Some((sheet.text(r, 0)?.into_owned(), sheet.text(r, 1).map(Cow::into_owned)))))
    }

    fn from_pairs(pairs: impl Iterator<Item = (String, Option<String>)>) -> Metadata {
        let mut meta = Metadata::default();
        for (key, value) in pairs {
            let field = match key.to_ascii_uppercase().as_str() {
                NAME_FINGERPRINT => &mut meta.fingerprint,
                NAME_DEPARTMENT => &mut meta.department,
                NAME_UNIT => &mut meta.unit,
                _ => continue,
            };
            *field = value;
        }
        meta
    }
}

/// The text of a constant formula `="财政局"`; `None` for anything else.
pub(crate) fn constant_text(formula: &str) -> Option<String> {
    let f = formula.trim();
    let f = f.strip_prefix("of:").unwrap_or(f);
    let f = f.strip_prefix('=').unwrap_or(f).trim();
    let inner = f.strip_prefix('"')?.strip_suffix('"')?;
    let value = inner.replace("\"\"", "\"");
    (!value.trim().is_empty()).then_some(value)
}

