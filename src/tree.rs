//! The indicator tree (指标体系): 一级指标 → 二级指标 → 三级指标, the last being the items that
//! are scored, each with its points (分值) and responsible departments (责任单位).

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

use rust_decimal::Decimal;
use sha2::{Digest, Sha256};

use crate::grid::{self, Cell, Sheet};
use crate::header::{self, Column};
use crate::inputs::InputFile;
use crate::location::Location;
use crate::number;
use crate::problem::{Problem, Problems};
use crate::text;

/// A 一级 or 二级 indicator.
#[derive(Clone, Debug)]
pub struct Group {
    pub code: String,
    pub name: String,
    /// The 一级 indicator a 二级 one belongs to.
    pub parent: Option<usize>,
    /// Share of the parent's score (一级: of 100), when the system weights it.
    pub weight: Option<Decimal>,
    /// 二级 indices for a 一级 group, item indices for a 二级 group.
    pub children: Vec<usize>,
    pub location: Location,
}

/// A 三级指标, the unit of scoring.
#[derive(Clone, Debug)]
pub struct Item {
    pub code: String,
    pub name: String,
    pub points: Decimal,
    pub level1: usize,
    pub level2: usize,
    /// Every responsible department (牵头 first), without repeats.
    pub departments: Vec<String>,
    /// The lead department (牵头单位): the 牵头单位 column's, else the first department listed.
    pub lead: Option<String>,
    /// The scoring standard (评分标准) shown next to the input cell in templates.
    pub standard: Option<String>,
    /// What the tree's 类型 column declares; a scheme can declare more.
    pub kind: ItemKind,
    pub location: Location,
}

/// How an item counts (类型): in the sum, as a bonus on top (加分项), or as a condition (否决项).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ItemKind {
    #[default]
    Scored,
    Bonus,
    Veto,
}

impl ItemKind {
    /// Reads a 类型 cell as offices write it; `None` for anything else.
    fn parse(cell: &str) -> Option<ItemKind> {
        match number::fold_width(cell).to_lowercase().as_str() {
            "基本项" | "常规项" | "评分项" | "计分项" | "scored" => Some(ItemKind::Scored),
            "加分项" | "加分" | "附加项" | "附加分" | "bonus" => Some(ItemKind::Bonus),
            "否决项" | "否决" | "一票否决" | "一票否决项" | "veto" => Some(ItemKind::Veto),
            _ => None,
        }
    }
}

/// An indicator system (指标体系).
#[derive(Clone, Debug)]
pub struct IndicatorTree {
    pub source: Location,
    /// The file it was loaded from, with the digest of the bytes read; `None` for a tree built
    /// from a sheet already in memory.
    pub input: Option<InputFile>,
    pub level1: Vec<Group>,
    pub level2: Vec<Group>,
    pub items: Vec<Item>,
    by_code: HashMap<String, usize>,
    by_text: HashMap<String, Option<usize>>,
    /// Computed once: every template read back is checked against it.
    fingerprint: OnceLock<String>,
    /// What was read but not understood, and how it was taken.
    pub warnings: Vec<Problem>,
}

/// How an item is referred to in a score sheet: by code, or else by its exact text.
pub enum ItemRef<'a> {
    Code(&'a str),
    Text(&'a str),
}

// Column order of TREE_COLUMNS, used to look the columns up.
const L1: usize = 0;
const L2: usize = 1;
const L3: usize = 2;
const CODE: usize = 3;
const POINTS: usize = 4;
const WEIGHT: usize = 5;
const DEPARTMENTS: usize = 6;
const LEAD: usize = 7;
const ASSIST: usize = 8;
const STANDARD: usize = 9;
const KIND: usize = 10;

const TREE_COLUMNS: [Column; 11] = [
    Column { aliases: &["一级指标", "一级", "level1", "level 1"], required: true },
    Column { aliases: &["二级指标", "二级", "level2", "level 2"], required: true },
    Column { aliases: &["三级指标", "三级", "指标内容", "level3", "level 3", "item"], required: true },
    // Not 序号: offices number rows with it, often restarting in every group, which would make
    // codes collide or disagree with the score sheets.
    Column { aliases: &["编号", "指标编号", "code"], required: false },
    Column { aliases: &["分值", "标准分", "满分", "分数", "points"], required: false },
    Column { aliases: &["权重", "weight"], required: false },
    Column { aliases: &["责任单位", "责任部门", "departments", "department"], required: false },
    Column { aliases: &["牵头单位", "牵头部门", "lead"], required: false },
    Column { aliases: &["配合单位", "配合部门", "assist"], required: false },
    Column { aliases: &["评分标准", "评分细则", "考核标准", "standard"], required: false },
    Column { aliases: &["类型", "指标类型", "项目类型", "type", "kind"], required: false },
];

/// Splits "司法局、财政局;审计局" into its departments.
pub fn split_departments(cell: &str) -> Vec<String> {
    cell.split(['、', ',', '\u{ff0c}', ';', '\u{ff1b}', '\n', '\r', '/', '|'])
        .map(|d| d.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}'))
        .filter(|d| !d.is_empty())
        .map(str::to_string)
        .collect()
}

impl IndicatorTree {
    /// Builds the tree from a sheet, reporting every problem found.
    pub fn from_sheet(sheet: &Sheet, default_points: Decimal) -> Result<Self, Problems> {
        let header = header::find(sheet, &TREE_COLUMNS)
            .ok_or_else(|| Problems(vec![Problem::error(sheet.whole(), text::header_not_found(text::tree_columns()))]))?;
        let col = |i| header.get(i);
        let read = |row: usize, i: usize| col(i).and_then(|c| sheet.text(row, c)).map(Cow::into_owned);

        let mut tree = IndicatorTree {
            source: sheet.whole(),
            input: None,
            level1: Vec::new(),
            level2: Vec::new(),
            items: Vec::new(),
            by_code: HashMap::new(),
            by_text: HashMap::new(),
            fingerprint: OnceLock::new(),
            warnings: Vec::new(),
        };
        // 类型 values that are neither bonus nor veto (定量/定性 and other classifications are
        // common): counted as scored, with one warning per value.
        let mut other_kinds: Vec<(String, Location, usize)> = Vec::new();
        let mut problems = Vec::new();
        let mut weight_seen: HashMap<usize, (Decimal, Location)> = HashMap::new();
        let mut codes: HashMap<String, Location> = HashMap::new();

        for row in header.row + 1..sheet.height() {
            let first_text = (0..sheet.width()).find_map(|c| sheet.text(row, c));
            match first_text {
                None => continue,
                Some(t) if header::is_footer(&t) => continue,
                _ => {}
            }
            let (l1, l2, l3) = (read(row, L1), read(row, L2), read(row, L3));
            if let Some(name) = l1 {
                let code = (tree.level1.len() + 1).to_string();
                let location = sheet.location(row, col(L1).unwrap_or(0));
                tree.level1.push(Group { code, name, parent: None, weight: None, children: Vec::new(), location });
                if l2.is_none() && l3.is_some() {
                    problems.push(Problem::error(sheet.location(row, col(L2).unwrap_or(0)), text::missing_level(text::level_name(2))));
                    continue;
                }
            }
            let Some(p1) = tree.level1.len().checked_sub(1) else {
                problems.push(Problem::error(sheet.location(row, col(L1).unwrap_or(0)), text::missing_level(text::level_name(1))));
                continue;
            };
            if let Some(cell) = col(WEIGHT).map(|c| (sheet.cell(row, c), sheet.location(row, c))) {
                match parse_share(cell.0) {
                    Ok(None) => {}
                    Ok(Some(w)) => match weight_seen.get(&p1) {
                        Some((seen, at)) if *seen != w => {
                            problems.push(Problem::error(cell.1, text::weight_disagrees(&tree.level1[p1].code, at)))
                        }
                        Some(_) => {}
                        None => {
                            weight_seen.insert(p1, (w, cell.1));
                            tree.level1[p1].weight = Some(w);
                        }
                    },
                    Err(why) => problems.push(Problem::error(cell.1, text::bad_weight(why))),
                }
            }
            if let Some(name) = l2 {
                let parent = &mut tree.level1[p1];
                let code = format!("{}.{}", parent.code, parent.children.len() + 1);
                parent.children.push(tree.level2.len());
                let location = sheet.location(row, col(L2).unwrap_or(0));
                tree.level2.push(Group { code, name, parent: Some(p1), weight: None, children: Vec::new(), location });
            }
            let Some(name) = l3 else { continue };
            let p2 = match tree.level2.len().checked_sub(1) {
                Some(p2) if tree.level2[p2].parent == Some(p1) => p2,
                _ => {
                    problems.push(Problem::error(sheet.location(row, col(L2).unwrap_or(0)), text::missing_level(text::level_name(2))));
                    continue;
                }
            };
            let location = sheet.location(row, col(L3).unwrap_or(0));
            let code = read(row, CODE)
                .map(|c| number::fold_width(&c))
                .unwrap_or_else(|| format!("{}.{}", tree.level2[p2].code, tree.level2[p2].children.len() + 1));
            let points = match col(POINTS).map(|c| (sheet.cell(row, c), sheet.location(row, c))) {
                None | Some((Cell::Empty, _)) => default_points,
                Some((cell, at)) => match parse_points(cell) {
                    Ok(Some(p)) => p,
                    Ok(None) => default_points,
                    Err(why) => {
                        problems.push(Problem::error(at, text::bad_points(why)));
                        default_points
                    }
                },
            };
            if let Some(first) = codes.get(&code) {
                let at = sheet.location(row, col(CODE).or(col(L3)).unwrap_or(0));
                problems.push(Problem::error(at, text::duplicate_code(&code, first)));
                continue;
            }
            codes.insert(code.clone(), location.clone());
            let lead = read(row, LEAD).map(|l| split_departments(&l)).unwrap_or_default();
            let mut departments = lead.clone();
            for d in [DEPARTMENTS, ASSIST].iter().filter_map(|&i| read(row, i)).flat_map(|c| split_departments(&c)) {
                if !departments.contains(&d) {
                    departments.push(d);
                }
            }
            let kind = match read(row, KIND) {
                None => ItemKind::Scored,
                Some(k) => ItemKind::parse(&k).unwrap_or_else(|| {
                    match other_kinds.iter_mut().find(|(value, _, _)| *value == k) {
                        Some((_, _, count)) => *count += 1,
                        None => other_kinds.push((k, sheet.location(row, col(KIND).unwrap_or(0)), 1)),
                    }
                    ItemKind::Scored
                }),
            };
            // Without a 牵头单位 column, the first department named leads, as offices list it.
            let lead = lead.into_iter().next().or_else(|| departments.first().cloned());
            tree.level2[p2].children.push(tree.items.len());
            tree.items.push(Item {
                code,
                name,
                points,
                level1: p1,
                level2: p2,
                departments,
                lead,
                standard: read(row, STANDARD),
                kind,
                location,
            });
        }
        if tree.items.is_empty() {
            problems.push(Problem::error(sheet.whole(), text::tree_has_no_items(sheet.whole())));
        }
        if !problems.is_empty() {
            return Err(Problems(problems));
        }
        tree.warnings = other_kinds.into_iter().map(|(value, first, count)| Problem::warning(first, text::other_kind(value, count))).collect();
        tree.index();
        Ok(tree)
    }

    fn index(&mut self) {
        for (i, item) in self.items.iter().enumerate() {
            self.by_code.insert(item.code.clone(), i);
            self.by_text
                .entry(normalize_text(&item.name))
                .and_modify(|e| *e = None)
                .or_insert(Some(i));
        }
    }

    /// Finds an item by code, or by its exact text (spaces and full-width forms aside).
    pub fn find(&self, reference: ItemRef<'_>) -> Option<usize> {
        match reference {
            // Codes are stored folded; one typed plainly is found without folding it.
            ItemRef::Code(code) => self.by_code.get(code).or_else(|| self.by_code.get(&number::fold_width(code))).copied(),
            ItemRef::Text(t) => self.by_text.get(&normalize_text(t)).copied().flatten(),
        }
    }

    /// The codes of the items the tree declares of a kind, in the tree's order.
    pub fn codes_of(&self, kind: ItemKind) -> Vec<String> {
        self.items.iter().filter(|i| i.kind == kind).map(|i| i.code.clone()).collect()
    }

    /// What the 类型 column declares, in words for `check` and `tree`; `None` when it declares nothing.
    pub fn declared(&self) -> Option<String> {
        let (bonus, veto) = (self.codes_of(ItemKind::Bonus), self.codes_of(ItemKind::Veto));
        let list = |codes: Vec<String>| if codes.is_empty() { "—".to_string() } else { codes.join("、") };
        (!bonus.is_empty() || !veto.is_empty()).then(|| text::declared_kinds(list(bonus), list(veto)))
    }

    /// Points of the items declared scored: the full marks without a scheme.
    pub fn scored_points(&self) -> Decimal {
        self.items.iter().filter(|i| i.kind == ItemKind::Scored).map(|i| i.points).sum()
    }

    /// Total points of all items.
    pub fn total_points(&self) -> Decimal {
        self.items.iter().map(|i| i.points).sum()
    }

    /// Every department named in the tree, in order of first appearance.
    pub fn departments(&self) -> Vec<String> {
        let mut all: Vec<String> = Vec::new();
        for d in self.items.iter().flat_map(|i| &i.departments) {
            if !all.contains(d) {
                all.push(d.clone());
            }
        }
        all
    }

    /// A short hash of everything that affects scoring, to recognise the same system in templates
    /// and results.
    pub fn fingerprint(&self) -> String {
        self.fingerprint.get_or_init(|| self.hash()).clone()
    }

    fn hash(&self) -> String {
        let mut hash = Sha256::new();
        for item in &self.items {
            let l1 = &self.level1[item.level1];
            let l2 = &self.level2[item.level2];
            let weight = l1.weight.map(|w| w.normalize().to_string()).unwrap_or_default();
            for part in [&l1.name, &weight, &l2.name, &item.code, &item.name, &item.points.normalize().to_string()] {
                hash.update(part.as_bytes());
                hash.update([0x1f]);
            }
            hash.update(item.departments.join("、").as_bytes());
            // Only a declared bonus or veto item adds to the hash: trees without a 类型 column keep theirs.
            match item.kind {
                ItemKind::Scored => {}
                ItemKind::Bonus => hash.update("加分项"),
                ItemKind::Veto => hash.update("否决项"),
            }
            hash.update([0x1e]);
        }
        hash.finalize().iter().take(8).map(|b| format!("{b:02x}")).collect()
    }
}

fn normalize_text(text: &str) -> String {
    number::fold_width(text)
}

/// Points: a non-negative number; blank means the default.
fn parse_points(cell: &Cell) -> Result<Option<Decimal>, String> {
    let value = match cell {
        Cell::Empty => return Ok(None),
        Cell::Number(n) => *n,
        Cell::Text(t) => number::parse_text(t).ok_or_else(|| text::not_a_number(t))?,
        Cell::Error(e) => return Err(text::cell_error(e)),
    };
    if value.is_sign_negative() && !value.is_zero() {
        return Err(text::negative(value));
    }
    Ok(Some(value))
}

/// A weight as a share of 100: "15", "15%"; a blank is no weight.
fn parse_share(cell: &Cell) -> Result<Option<Decimal>, String> {
    match cell {
        Cell::Text(t) if t.trim().ends_with(['%', '\u{ff05}']) => {
            let t = t.trim().trim_end_matches(['%', '\u{ff05}']);
            parse_points(&Cell::Text(t.to_string()))
        }
        other => parse_points(other),
    }
}

/// Why a tree could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum TreeError {
    #[error(transparent)]
    Read(#[from] grid::ReadError),
    #[error(transparent)]
    Invalid(#[from] Problems),
}

#[cfg(test)]
impl IndicatorTree {
    /// A tree from rows of text (header first), 10 points by default: for unit tests.
    pub fn of_texts<'a, R: AsRef<[&'a str]>>(rows: &[R]) -> IndicatorTree {
        IndicatorTree::from_sheet(&Sheet::of_texts(rows), Decimal::TEN).expect("a well-formed test tree")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn sheet(rows: &[&[&str]]) -> Sheet {
        Sheet::of_texts(rows)
    }

    #[test]
    fn blanks_mean_same_as_above() {
        let s = sheet(&[
            &["示例指标体系", "", "", "", ""],
            &["一级指标", "二级指标", "三级指标", "分值", "责任单位"],
            &["一、职能", "(一)放权", "审批事项公开", "10", "司法局、财政局"],
            &["", "", "中介服务清理", "8分", "财政局"],
            &["", "(二)监管", "双随机", "", ""],
            &["二、制度", "(一)立法", "规章备案", "5", "司法局"],
            &["合计", "", "", "33", ""],
        ]);
        let tree = IndicatorTree::from_sheet(&s, dec!(10)).unwrap();
        assert_eq!((tree.level1.len(), tree.level2.len(), tree.items.len()), (2, 3, 4));
        let codes: Vec<&str> = tree.items.iter().map(|i| i.code.as_str()).collect();
        assert_eq!(codes, ["1.1.1", "1.1.2", "1.2.1", "2.1.1"]);
        assert_eq!(tree.total_points(), dec!(33));
        assert_eq!(tree.items[0].departments, ["司法局", "财政局"]);
        assert_eq!(tree.find(ItemRef::Text(" 双随机 ")), Some(2));
        assert_eq!(tree.find(ItemRef::Code("２.1.1")), Some(3));
    }

    #[test]
    fn full_width_separators() {
        assert_eq!(split_departments("司法局\u{ff0c}财政局\u{ff1b}审计局"), ["司法局", "财政局", "审计局"]);
        assert_eq!(parse_share(&Cell::Text("15\u{ff05}".into())), Ok(Some(dec!(15))));
    }

    #[test]
    fn reports_every_problem_with_its_cell() {
        let s = sheet(&[
            &["一级指标", "二级指标", "三级指标", "编号", "分值"],
            &["", "", "孤儿", "A1", "10"],
            &["一", "甲", "x", "A2", "-1"],
            &["", "", "y", "A2", "十"],
        ]);
        let err = IndicatorTree::from_sheet(&s, dec!(10)).unwrap_err();
        let messages: Vec<String> = err.0.iter().map(|p| p.location.as_ref().unwrap().to_string()).collect();
        assert_eq!(messages, ["t.xlsx!指标!A2", "t.xlsx!指标!E3", "t.xlsx!指标!E4", "t.xlsx!指标!D4"]);
    }
}
