//! Which column of a score sheet is what: the header's names read with the one vocabulary of every
//! reader (the published table's own columns among them: 序号, 考核内容 … 自评分, 考核分), the item
//! column being the last of the hierarchy columns as in the tree; columns named by hand win. When no
//! row will do, what the best row showed, for the message.

use crate::grid::Sheet;
use crate::header::{Header, SCAN_ROWS};
use crate::location::column_name;
use crate::number;
use crate::tree::Role;
use crate::vocabulary::{self, ColumnNames, Key, Meaning, Named, Part};

pub const UNIT: usize = 0;
pub const CODE: usize = 1;
pub const ITEM: usize = 2;
pub const SCORE: usize = 3;
pub const REMARK: usize = 4;
pub const SOURCE: usize = 5;
pub const DEPARTMENT: usize = 6;
pub const DEDUCTION: usize = 7;
pub const VERIFIED: usize = 8;
pub const VERIFIED_REMARK: usize = 9;
/// 序号: an item number as the table prints it, or a row number.
pub const NUMBER: usize = 10;
/// 评分标准: the items' standard text, read as the reference where no item column is.
pub const STANDARD: usize = 11;
/// 分子, 分母, 数值: the figures of a 定量指标.
pub const NUMERATOR: usize = 12;
pub const DENOMINATOR: usize = 13;
pub const FIGURE: usize = 14;
/// 争议 / 申诉: the unit disputes the row's score.
pub const DISPUTED: usize = 15;
const ROLES: usize = 16;

/// The role of a key named by hand.
fn role_of(key: Key) -> usize {
    match key {
        Key::Unit => UNIT,
        Key::Code => CODE,
        Key::Item => ITEM,
        Key::Score => SCORE,
        Key::Deduction => DEDUCTION,
        Key::Remark => REMARK,
        Key::Verified => VERIFIED,
        Key::VerifiedRemark => VERIFIED_REMARK,
        Key::Source => SOURCE,
        Key::Department => DEPARTMENT,
        Key::Numerator => NUMERATOR,
        Key::Denominator => DENOMINATOR,
        Key::Figure => FIGURE,
        Key::Disputed => DISPUTED,
    }
}

/// The role a name gives a column in a score sheet, hierarchy columns aside.
fn role_of_meaning(meaning: Meaning) -> Option<usize> {
    Some(match meaning {
        Meaning::Numbering => NUMBER,
        Meaning::Tree(Role::Code) => CODE,
        Meaning::Tree(Role::Standard) => STANDARD,
        Meaning::Tree(Role::Departments) => DEPARTMENT,
        Meaning::Score(Part::Unit) => UNIT,
        Meaning::Score(Part::Score) => SCORE,
        Meaning::Score(Part::Deduction) => DEDUCTION,
        Meaning::Score(Part::Remark) => REMARK,
        Meaning::Score(Part::Verified) => VERIFIED,
        Meaning::Score(Part::VerifiedRemark) => VERIFIED_REMARK,
        Meaning::Score(Part::Source) => SOURCE,
        Meaning::Score(Part::Numerator) => NUMERATOR,
        Meaning::Score(Part::Denominator) => DENOMINATOR,
        Meaning::Score(Part::Figure) => FIGURE,
        Meaning::Score(Part::Disputed) => DISPUTED,
        _ => return None,
    })
}

/// Whether a header names an item: by code, number, text or standard.
pub fn names_items(h: &Header) -> bool {
    [CODE, NUMBER, ITEM, STANDARD].iter().any(|&r| h.get(r).is_some())
}

/// Whether a header has a column of scores, or of the figures they are computed from.
pub fn has_scores(h: &Header) -> bool {
    [SCORE, DEDUCTION, VERIFIED, NUMERATOR, FIGURE].iter().any(|&r| h.get(r).is_some())
}

/// Whether a header has columns of figures (定量指标).
pub fn has_figures(h: &Header) -> bool {
    [NUMERATOR, DENOMINATOR, FIGURE].iter().any(|&r| h.get(r).is_some())
}

/// The header text of a column at a row: its own, or the one written above it (merged or two-row headers).
pub fn header_text(sheet: &Sheet, row: usize, col: usize) -> Option<String> {
    sheet.text(row, col).or_else(|| row.checked_sub(1).and_then(|up| sheet.text(up, col))).map(|t| crate::read::tree::points::one_line(&t))
}

/// What the best row of a sheet without a score header showed.
pub struct Seen {
    /// "A3“序号”": each header cell with text.
    pub cells: Vec<String>,
    /// The roles found, with their column letters.
    pub found: Vec<(usize, String)>,
    /// Whether the row names the items, and has scores.
    pub items: bool,
    pub scores: bool,
    /// Columns named by hand that no cell of the row has.
    pub unmatched: Vec<(Key, String)>,
}

/// The columns of a header row.
fn roles(sheet: &Sheet, row: usize, named: &ColumnNames) -> (Header, usize) {
    let width = sheet.width();
    let texts: Vec<Option<String>> = (0..width).map(|c| header_text(sheet, row, c)).collect();
    let mut columns = vec![None; ROLES];
    let mut taken = vec![false; width];
    for (key, name) in &named.0 {
        if let Some(col) = (0..width).find(|&c| !taken[c] && name.is(c, texts[c].as_deref())) {
            taken[col] = true;
            columns[role_of(*key)] = Some(col);
        }
    }
    let meanings: Vec<Option<(Meaning, bool)>> = texts
        .iter()
        .map(|t| {
            let normalized = crate::header::normalize(crate::header::prefix(t.as_deref()?));
            vocabulary::exact(&normalized).map(|m| (m, true)).or_else(|| vocabulary::classify(&normalized).map(|m| (m, false)))
        })
        .collect();
    let recognised = meanings.iter().flatten().count();
    // Exact names claim their columns before names matched by their start do, leftmost first.
    for exact in [true, false] {
        for (c, meaning) in meanings.iter().enumerate() {
            let Some((meaning, is_exact)) = *meaning else { continue };
            if taken[c] || is_exact != exact {
                continue;
            }
            if let Some(role) = role_of_meaning(meaning).filter(|&r| columns[r].is_none()) {
                columns[role] = Some(c);
                taken[c] = true;
            }
        }
    }
    if columns[ITEM].is_none() {
        // The items are the last hierarchy column, as the tree reader takes them; 考核标准 is the
        // items where another column holds the rule or no other hierarchy column is.
        let standard = meanings.iter().any(|m| matches!(m, Some((Meaning::Tree(Role::Standard), _))));
        let tier = meanings.iter().any(|m| matches!(m, Some((Meaning::Tier(_), _))));
        let items = (0..width).rev().find(|&c| {
            !taken[c]
                && match meanings[c] {
                    Some((Meaning::Tier(_), _)) => true,
                    Some((Meaning::ItemsOrStandard, _)) => standard || !tier,
                    _ => false,
                }
        });
        columns[ITEM] = items;
        if columns[STANDARD].is_none() {
            columns[STANDARD] = (0..width).find(|&c| !taken[c] && Some(c) != items && matches!(meanings[c], Some((Meaning::ItemsOrStandard, _))));
        }
    }
    (Header::new(row, columns), recognised)
}

/// Whether a row can be a header when a column is named by its letter: two cells with text, and
/// no number where a score is to be (a title row above the header has one cell, a data row numbers).
fn can_be_header(sheet: &Sheet, h: &Header, named: &ColumnNames) -> bool {
    if !named.0.iter().any(|(_, n)| matches!(n, Named::Letter(_))) {
        return true;
    }
    let filled = (0..sheet.width()).filter(|&c| sheet.text(h.row, c).is_some()).count();
    let numeric =
        [SCORE, DEDUCTION, VERIFIED].iter().filter_map(|&r| h.get(r)).any(|c| sheet.text(h.row, c).is_some_and(|t| number::parse_text(&t).is_ok()));
    filled >= 2 && !numeric
}

/// The first row within [`SCAN_ROWS`] that `is_header` accepts, or what the best row showed.
pub fn find_where(sheet: &Sheet, named: &ColumnNames, is_header: impl Fn(&Header) -> bool) -> Result<Header, Seen> {
    // The best row: the most names recognised, then the most cells (a header, not the title above it).
    let mut best: Option<((usize, usize), Header)> = None;
    for row in 0..SCAN_ROWS.min(sheet.height()) {
        let (header, recognised) = roles(sheet, row, named);
        if can_be_header(sheet, &header, named) && is_header(&header) {
            return Ok(header);
        }
        let rank = (recognised, (0..sheet.width()).filter(|&c| sheet.text(row, c).is_some()).count());
        if best.as_ref().is_none_or(|(n, _)| rank > *n) {
            best = Some((rank, header));
        }
    }
    let header = best.map(|(_, h)| h).unwrap_or_else(|| Header::new(0, vec![None; ROLES]));
    Err(seen(sheet, &header, named))
}

fn seen(sheet: &Sheet, h: &Header, named: &ColumnNames) -> Seen {
    let top = sheet.location(0, 0).cell.map_or(0, |(r, _)| r as usize);
    let cells = (0..sheet.width().min(16))
        .filter_map(|c| {
            header_text(sheet, h.row, c).and_then(|t| crate::header::seen_cell(format!("{}{}", column_name(c as u32), h.row + 1 + top), &t))
        })
        .collect();
    let found = (0..ROLES).filter_map(|r| h.get(r).map(|c| (r, column_name(c as u32)))).collect();
    let unmatched = named.0.iter().filter(|(k, _)| h.get(role_of(*k)).is_none()).map(|(k, n)| (*k, n.to_string())).collect();
    Seen { cells, found, items: names_items(h), scores: has_scores(h), unmatched }
}

/// The names accepted for a missing role, for the message.
pub fn accepted(items: bool) -> String {
    if items {
        vocabulary::names_for(|m| matches!(m, Meaning::Tier(_) | Meaning::ItemsOrStandard | Meaning::Numbering | Meaning::Tree(Role::Code)))
    } else {
        vocabulary::names_for(|m| matches!(m, Meaning::Score(Part::Score | Part::Deduction | Part::Verified)))
    }
}

/// A role's key, for the roles found.
pub fn role_key(role: usize) -> &'static str {
    match role {
        UNIT => "unit",
        CODE => "code",
        ITEM => "item",
        SCORE => "score",
        REMARK => "remark",
        SOURCE => "source",
        DEPARTMENT => "department",
        DEDUCTION => "deduction",
        VERIFIED => "verified",
        VERIFIED_REMARK => "verified_remark",
        NUMBER => "number",
        NUMERATOR => "numerator",
        DENOMINATOR => "denominator",
        FIGURE => "figure",
        DISPUTED => "disputed",
        _ => "standard",
    }
}
