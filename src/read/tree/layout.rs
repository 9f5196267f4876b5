//! Which column of an indicator table is what. Offices name their columns in many ways (一级指标, 考核项目,
//! 评价事项, 考核内容 …), with one, two or three tiers: the columns naming the hierarchy are read left to
//! right, the last holding the scored items. A name that can mean two things (考核标准) is decided by the
//! table's structure, and every decision is said in the reading.

use std::collections::HashMap;

use crate::grid::Sheet;
use crate::header::{self, SCAN_ROWS};
use crate::location::column_name;
use crate::number;
use crate::text::{self, Message};
use crate::tree::{ColumnRead, Role};
use crate::vocabulary::{self, Meaning, Part};

/// What a header name says before the table's structure decides.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Name {
    /// 一级/二级/三级 by name (1–3), or a hierarchy column placed by its position (0).
    Tier(u8),
    /// 考核标准: the items where another column holds the scoring rule, else the rule.
    ItemsOrStandard,
    /// 序号, 指标序号: an item number if it runs through the table, else a row number.
    Numbering,
    Fixed(Role),
}

/// What a name of the one vocabulary says to the tree reader: a score sheet's own columns are none of
/// its business.
fn of_meaning(meaning: Meaning) -> Option<Name> {
    match meaning {
        Meaning::Tier(n) => Some(Name::Tier(n)),
        Meaning::ItemsOrStandard => Some(Name::ItemsOrStandard),
        Meaning::Numbering => Some(Name::Numbering),
        Meaning::Tree(role) => Some(Name::Fixed(role)),
        Meaning::Score(_) | Meaning::Other => None,
    }
}

/// The names accepted for the items column, for the message when none is found.
pub fn item_names() -> String {
    vocabulary::names_for(|m| matches!(m, Meaning::Tier(_) | Meaning::ItemsOrStandard))
}

/// The name a header matches (see [`vocabulary::classify`]), as the tree reader takes it.
fn classify(name: &str) -> Option<Name> {
    vocabulary::classify(name).and_then(of_meaning)
}

/// Where the columns of a tree's table are.
#[derive(Debug)]
pub struct Layout {
    /// The last header row; data starts below it.
    pub row: usize,
    /// Hierarchy columns left to right: the groups' tiers, then the items.
    pub tiers: Vec<usize>,
    /// Per tier, the column of codes printed beside its names ("A1" | "组织领导" under one merged 一级指标).
    pub tier_codes: Vec<Option<usize>>,
    /// Per tier, its own 分值 column, where the table has one per tier (three 分值 columns); else the one
    /// 分值 column is `get(Role::Points)` and serves whichever tier a row names.
    pub tier_points: Vec<Option<usize>>,
    roles: HashMap<Role, usize>,
    /// Columns that may hold official item numbers: decided by their values.
    pub numbering: Vec<usize>,
    pub columns: Vec<ColumnRead>,
    /// Decisions the names alone did not make, in words.
    pub notes: Vec<String>,
    /// The first column a returned form fills in (得分, 自评分, 考核分, 扣分): not read, but a heading with
    /// nothing under it that has a cell there is scored directly by the table.
    pub score: Option<usize>,
}

impl Layout {
    pub fn get(&self, role: Role) -> Option<usize> {
        self.roles.get(&role).copied()
    }

    /// The item column: the last hierarchy column.
    pub fn items(&self) -> usize {
        *self.tiers.last().expect("a layout has an item column")
    }

    /// Every column given a meaning: a row's text anywhere else is not part of the tree.
    pub fn placed(&self, col: usize) -> bool {
        self.tiers.contains(&col)
            || self.tier_codes.contains(&Some(col))
            || self.tier_points.contains(&Some(col))
            || self.numbering.contains(&col)
            || self.roles.values().any(|&c| c == col)
    }
}

/// Records what a numbering column turned out to be: an official item number, or a row number.
pub fn settle_numbering(columns: &mut Vec<ColumnRead>, column: String, role: Role) {
    match columns.iter_mut().find(|c| c.column == column) {
        Some(c) => c.read_as = role,
        None => columns.push(ColumnRead { column, header: String::new(), read_as: role }),
    }
    columns.sort_by_key(|c| (c.column.len(), c.column.clone()));
}

/// The header text of a column at a row: its own, or the one written above it (merged or two-row headers).
fn header_text(sheet: &Sheet, row: usize, col: usize) -> Option<String> {
    sheet.text(row, col).or_else(|| row.checked_sub(1).and_then(|up| sheet.text(up, col))).map(|t| super::points::one_line(&t))
}

/// Finds the header within the first rows: the first row naming a hierarchy column and one more. `Err` is
/// the message saying what was seen and what is missing.
pub fn find(sheet: &Sheet) -> Result<Layout, Message> {
    let width = sheet.width();
    // The row with the most names recognised, for the message when no row will do.
    let mut best: Option<(usize, usize)> = None;
    for row in 0..SCAN_ROWS.min(sheet.height()) {
        let names: Vec<Option<Name>> =
            (0..width).map(|c| header_text(sheet, row, c).and_then(|t| classify(&header::normalize(header::prefix(&t))))).collect();
        let recognised = names.iter().flatten().count();
        if recognised > best.map_or(0, |(_, n)| n) {
            best = Some((row, recognised));
        }
        let tiers = names.iter().filter(|n| matches!(n, Some(Name::Tier(_) | Name::ItemsOrStandard))).count();
        if tiers >= 1 && recognised >= 2 {
            return layout(sheet, row, &names);
        }
    }
    let row = best.map_or(0, |(r, _)| r);
    let seen: Vec<String> = (0..width.min(16))
        .filter_map(|c| {
            let place = || format!("{}{}", column_name(c as u32), row + 1 + sheet_top(sheet));
            sheet.text(row, c).and_then(|t| crate::header::seen_cell(place(), &super::points::one_line(&t)))
        })
        .collect();
    Err(text::tree_header_not_found(SCAN_ROWS, text::list(&seen), item_names()))
}

/// The worksheet row of grid row 0, for the cells listed in a message.
fn sheet_top(sheet: &Sheet) -> usize {
    sheet.location(0, 0).cell.map_or(0, |(r, _)| r as usize)
}

fn layout(sheet: &Sheet, row: usize, names: &[Option<Name>]) -> Result<Layout, Message> {
    let mut notes = Vec::new();
    let header = |c: usize| header_text(sheet, row, c).unwrap_or_default();
    let has_standard = names.contains(&Some(Name::Fixed(Role::Standard)));
    let has_tier = names.iter().any(|n| matches!(n, Some(Name::Tier(_))));
    let mut tiers: Vec<usize> = Vec::new();
    let mut roles: HashMap<Role, usize> = HashMap::new();
    let mut numbering = Vec::new();
    let mut codes: HashMap<usize, usize> = HashMap::new();
    let mut points: Vec<usize> = Vec::new();
    for (c, name) in names.iter().enumerate() {
        match name {
            Some(Name::Tier(_)) => tiers.push(c),
            Some(Name::ItemsOrStandard) if has_standard || !has_tier => {
                notes.push(text::standard_read_as_items(column_name(c as u32), header(c)));
                tiers.push(c);
            }
            Some(Name::ItemsOrStandard) => {
                notes.push(text::standard_read_as_rule(column_name(c as u32), header(c)));
                roles.entry(Role::Standard).or_insert(c);
            }
            Some(Name::Numbering) => numbering.push(c),
            Some(Name::Fixed(Role::Points)) => points.push(c),
            // Two columns of one meaning: never the first taken silently. A second scoring standard is only
            // shown, so it is said and left; any other is refused with both header cells.
            Some(Name::Fixed(role)) => match roles.get(role) {
                None => {
                    roles.insert(*role, c);
                }
                Some(&first) if *role == Role::Standard => {
                    notes.push(text::column_repeated(column_name(first as u32), column_name(c as u32), header(c)))
                }
                Some(&first) => return Err(text::columns_same_role(sheet.location(row, first), sheet.location(row, c), role.describe())),
            },
            None if header_text(sheet, row, c).is_none() => {
                // A header merged across two columns ("考核内容" over a group and an item column) leaves the
                // right one blank above a column of text: a tier under the same name. Blank above numbers:
                // perhaps official item numbers.
                let left = c.checked_sub(1).filter(|l| tiers.last() == Some(l));
                match column_holds(sheet, row, c) {
                    // "A1" | "组织领导" under one 一级指标: the left column is the tier's codes.
                    Holds::Text if left.is_some() && holds_codes(sheet, row, c - 1) => {
                        notes.push(text::merged_header_code(column_name(c as u32 - 1), column_name(c as u32), header(c - 1)));
                        tiers.pop();
                        tiers.push(c);
                        codes.insert(c, c - 1);
                    }
                    Holds::Text if left.is_some() => {
                        notes.push(text::merged_header_tier(column_name(c as u32), header(c - 1)));
                        tiers.push(c);
                    }
                    Holds::Numbers => numbering.push(c),
                    _ => {}
                }
            }
            None => {}
        }
    }
    if tiers.len() > 4 {
        let listed: Vec<String> = tiers.iter().map(|&c| format!("{}“{}”", column_name(c as u32), header(c))).collect();
        return Err(text::too_many_tiers(listed.join("、")));
    }
    let tier_roles = [Role::Level1, Role::Level2, Role::Level3, Role::Items];
    let mut columns: Vec<ColumnRead> = Vec::new();
    for (k, &c) in tiers.iter().enumerate() {
        let role = if k + 1 == tiers.len() { Role::Items } else { tier_roles[k] };
        columns.push(ColumnRead { column: column_name(c as u32), header: header(c), read_as: role });
    }
    let tier_codes: Vec<Option<usize>> = tiers.iter().map(|t| codes.get(t).copied()).collect();
    for &c in codes.values() {
        columns.push(ColumnRead { column: column_name(c as u32), header: header(c + 1), read_as: Role::Code });
    }
    let mut tier_points = vec![None; tiers.len()];
    match points[..] {
        [] => {}
        [one] => {
            roles.insert(Role::Points, one);
        }
        _ => {
            tier_points = points_by_tier(sheet, row, &tiers, &points)?;
            for (k, p) in tier_points.iter().enumerate() {
                if let Some(p) = *p {
                    let tier = text::level_name(if k + 1 == tiers.len() { 0 } else { k as u8 + 1 });
                    notes.push(text::points_column_of_tier(column_name(p as u32), tier));
                }
            }
        }
    }
    for &c in &points {
        columns.push(ColumnRead { column: column_name(c as u32), header: header(c), read_as: Role::Points });
    }
    for (role, &c) in &roles {
        if *role != Role::Points {
            columns.push(ColumnRead { column: column_name(c as u32), header: header(c), read_as: *role });
        }
    }
    let score = (0..sheet.width()).find(|&c| {
        let meaning = header_text(sheet, row, c).and_then(|t| vocabulary::classify(&header::normalize(header::prefix(&t))));
        matches!(meaning, Some(Meaning::Score(Part::Score | Part::Verified | Part::Deduction)))
    });
    let mut layout = Layout { row, tiers, tier_codes, tier_points, roles, numbering, columns, notes, score };
    layout.columns.sort_by_key(|c| (c.column.len(), c.column.clone()));
    Ok(layout)
}

/// Several 分值 columns, one per tier: each belongs to the nearest tier column on its left (or, all of them
/// right of the tiers, to the tiers in order), and is filled only on rows naming that tier. Anything else is
/// refused with the cells that do not fit: taking the first silently would read another tier's subtotals.
fn points_by_tier(sheet: &Sheet, row: usize, tiers: &[usize], points: &[usize]) -> Result<Vec<Option<usize>>, Message> {
    let mut by_tier = vec![None; tiers.len()];
    let width = sheet.width();
    let in_order = points.len() == tiers.len() && points.iter().all(|&p| p > *tiers.last().unwrap_or(&0));
    for (i, &p) in points.iter().enumerate() {
        let tier = if in_order { Some(i) } else { tiers.iter().rposition(|&t| t < p) };
        let here = sheet.location(row, p);
        let Some(k) = tier else { return Err(text::points_column_without_tier(&here)) };
        if let Some(first) = by_tier[k] {
            return Err(text::points_columns_same_tier(sheet.location(row, first), here));
        }
        let stray = (row + 1..sheet.height()).find(|&r| {
            let footer = (0..width).find_map(|c| sheet.text(r, c)).is_some_and(|t| header::is_footer(&t));
            !footer && sheet.text(r, p).is_some() && sheet.text(r, tiers[k]).is_none()
        });
        if let Some(r) = stray {
            return Err(text::points_column_off_tier(sheet.location(r, p), sheet.location(r, tiers[k])));
        }
        by_tier[k] = Some(p);
    }
    Ok(by_tier)
}

/// Whether a column holds codes only ("A1", "*B14", "1.2"): the codes of the names in the column to its right.
fn holds_codes(sheet: &Sheet, row: usize, col: usize) -> bool {
    let mut any = false;
    for r in row + 1..sheet.height().min(row + 201) {
        match sheet.text(r, col) {
            None => {}
            Some(t) if super::is_code(&t) => any = true,
            Some(_) => return false,
        }
    }
    any
}

enum Holds {
    Nothing,
    Numbers,
    Text,
}

/// What a headerless column holds in the rows below the header: the first rows tell, and a sheet of many
/// blank-headed columns is not read to its end for each.
fn column_holds(sheet: &Sheet, row: usize, col: usize) -> Holds {
    const LOOK: usize = 200;
    let mut holds = Holds::Nothing;
    for r in row + 1..sheet.height().min(row + 1 + LOOK) {
        match sheet.text(r, col) {
            None => {}
            // A number too long to hold exactly is a number still, refused where it is read.
            Some(t) if number::parse_text(&t) != Err(number::NotRead::NotANumber) => holds = Holds::Numbers,
            Some(_) => return Holds::Text,
        }
    }
    holds
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout_of(rows: &[&[&str]]) -> Layout {
        find(&Sheet::of_texts(rows)).unwrap()
    }

    fn roles(l: &Layout) -> Vec<(String, Role)> {
        l.columns.iter().map(|c| (c.column.clone(), c.read_as)).collect()
    }

    #[test]
    fn office_names_and_tiers_by_position() {
        let l = layout_of(&[&["考核项目", "考核内容", "分值(分)", "评分标准"]]);
        assert_eq!(roles(&l), [("A".into(), Role::Level1), ("B".into(), Role::Items), ("C".into(), Role::Points), ("D".into(), Role::Standard)]);
        let l = layout_of(&[&["序号", "评价事项", "标准分值"], &["1", "a", "2"]]);
        assert_eq!(l.tiers, [1]);
        assert_eq!(l.numbering, [0]);
        let l = layout_of(&[&["一级指标\n(分值)", "三级指标", "分数"]]);
        assert_eq!(l.tiers, [0, 1]);
    }

    #[test]
    fn kaohe_biaozhun_is_decided_by_structure() {
        let l = layout_of(&[&["项目", "考核标准", "扣分标准", "分值"]]);
        assert_eq!(l.tiers, [0, 1]);
        assert_eq!(l.notes.len(), 1);
        let l = layout_of(&[&["考核项目", "考核内容", "考核标准", "分值"]]);
        assert_eq!(l.tiers, [0, 1]);
        assert_eq!(l.get(Role::Standard), Some(2));
    }

    #[test]
    fn a_header_merged_over_two_columns_gives_two_tiers() {
        let l = layout_of(&[&["序号", "考核内容", "", "分值"], &["1", "一、组织领导", "成立领导小组", "2"]]);
        assert_eq!(l.tiers, [1, 2]);
        assert_eq!(l.notes.len(), 1);
    }

    #[test]
    fn short_generic_names_match_only_exactly() {
        assert_eq!(classify("项目"), Some(Name::Tier(0)));
        assert_eq!(classify("项目负责人"), None);
        assert_eq!(classify("考核内容及评分标准"), Some(Name::Tier(0)));
        assert_eq!(classify("项目类型"), Some(Name::Fixed(Role::Kind)));
        assert_eq!(classify("三级指标内容"), Some(Name::Tier(3)));
    }

    #[test]
    fn two_columns_of_one_meaning_are_never_the_first_silently() {
        let err = find(&Sheet::of_texts(&[&["编号", "考核内容", "指标编号", "分值"]])).unwrap_err();
        assert!(err.to_string().starts_with("t.xlsx!指标!A1 和 t.xlsx!指标!C1 两列都是“编号”"), "{err}");
        let l = layout_of(&[&["考核内容", "评分标准", "评分细则"]]);
        assert_eq!(l.get(Role::Standard), Some(1));
        assert_eq!(l.notes, ["C 列“评分细则”与 B 列同为评分标准: 取 B 列,C 列不读"]);
    }

    #[test]
    fn codes_beside_names_under_one_merged_header() {
        let l = layout_of(&[&["一级指标A", "", "二级指标B", "", "分值(分)"], &["A1", "组织领导", "*B1", "成立领导小组", "3"]]);
        assert_eq!((l.tiers.clone(), l.tier_codes.clone()), (vec![1, 3], vec![Some(0), Some(2)]));
    }

    #[test]
    fn not_found_lists_what_was_seen() {
        let err = find(&Sheet::of_texts(&[&["单位", "编号", "分数"]])).unwrap_err();
        assert!(err.to_string().contains("A1“单位”、B1“编号”、C1“分数”"), "{err}");
        assert!(err.to_string().contains("考核内容"), "{err}");
    }
}
