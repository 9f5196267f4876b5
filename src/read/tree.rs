//! Reading an indicator tree from a table as offices publish it. `layout` finds which column is what,
//! `points` reads the points written in a text; what the table states is checked, never trusted, and a
//! default is used only where the table states no points at all.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

use rust_decimal::Decimal;

use crate::grid::{self, Cell, Sheet};
use crate::header;
use crate::location::Location;
use crate::number;
use crate::problem::{Problem, Problems};
use crate::text;
use crate::tree::{Group, IndicatorTree, Item, ItemKind, PointsFrom, Reading, Role, Subtotal};

pub mod layout;
pub mod points;
pub mod prose;

use layout::Layout;

/// A 合计/总计 or 小计 row's points, and the items it covers.
struct StatedTotal {
    label: String,
    cell: Location,
    stated: Decimal,
    from: usize,
    to: usize,
}

impl StatedTotal {
    /// The points of a footer row, in the 分值 column or its text ("合计(100分)"); `None` for a note. A 合计
    /// covers every item above it, a 小计 those since the last 小计.
    fn of_row(sheet: &Sheet, row: usize, first: &str, points: Option<usize>, items: usize, before: &[StatedTotal]) -> Option<StatedTotal> {
        let label: String = first.chars().take(2).collect();
        if !matches!(label.as_str(), "合计" | "总计" | "小计") {
            return None;
        }
        let in_column = points.and_then(|c| match parse_points(sheet.cell(row, c)) {
            Ok(Some(p)) => Some((p, sheet.location(row, c))),
            _ => None,
        });
        // Else the first cell of the row that states points: "合计(100分)", or "合计" with "100分" or 100
        // beside it (a table without a 分值 column writes its total in the next cell).
        let in_row = || {
            (0..sheet.width()).find_map(|c| {
                let cell = sheet.cell(row, c);
                let text = cell.text()?;
                let points = points::stated(&text).or_else(|| matches!(cell, Cell::Number(_)).then(|| parse_points(cell).ok().flatten()).flatten());
                points.map(|p| (p, sheet.location(row, c)))
            })
        };
        let (stated, cell) = in_column.or_else(in_row)?;
        let from = if label == "小计" { before.iter().rev().find(|t| t.label == "小计").map_or(0, |t| t.to) } else { 0 };
        Some(StatedTotal { label, cell, stated, from, to: items })
    }
}

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
        let mut layout = layout::find(sheet).map_err(|message| Problems(vec![Problem::error(sheet.whole(), message)]))?;
        let col = |role| layout.get(role);
        let read = |row: usize, c: Option<usize>| c.and_then(|c| sheet.text(row, c)).map(Cow::into_owned);
        let tiers = layout.tiers.len() as u8;
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
            reading: Reading { tiers, ..Reading::default() },
        };
        // 类型 values that are neither bonus nor veto (定量/定性 and other classifications are
        // common): counted as scored, with one warning per value.
        let mut other_kinds: Vec<(String, Location, usize)> = Vec::new();
        let mut problems = Vec::new();
        let mut weight_seen: HashMap<usize, (Decimal, Location)> = HashMap::new();
        let mut codes: HashMap<String, Location> = HashMap::new();
        // Per item: the points its row states (分值 column or its own text), and the row it is on.
        let mut stated: Vec<Option<Decimal>> = Vec::new();
        let mut rows: Vec<usize> = Vec::new();
        let mut totals: Vec<StatedTotal> = Vec::new();
        let (mut from_column, mut from_text) = (false, false);

        for row in layout.row + 1..sheet.height() {
            let first_text = (0..sheet.width()).find_map(|c| sheet.text(row, c));
            match first_text {
                None => continue,
                Some(t) if header::is_footer(&t) => {
                    if let Some(total) = StatedTotal::of_row(sheet, row, &t, col(Role::Points), tree.items.len(), &totals) {
                        totals.push(total);
                    }
                    continue;
                }
                _ => {}
            }
            let names: Vec<Option<String>> = layout.tiers.iter().map(|&c| read(row, Some(c))).collect();
            let (groups, item) = names.split_at(names.len() - 1);
            let item = item[0].as_deref();
            let at = |k: usize| sheet.location(row, layout.tiers[k]);
            let mut opened: Option<(u8, usize)> = None;
            if let Some(raw) = groups.first().and_then(Option::as_deref) {
                let name = points::one_line(raw);
                if tree.level1.last().is_none_or(|g| g.name != name) {
                    if let Some(earlier) = tree.level1.iter().find(|g| g.name == name) {
                        problems.push(Problem::error(at(0), text::node_reappears(&name, &earlier.location)));
                    }
                    let code = (tree.level1.len() + 1).to_string();
                    let points = points::stated(raw);
                    tree.level1.push(Group { code, name, parent: None, weight: None, points, children: Vec::new(), location: at(0) });
                    opened = Some((1, tree.level1.len() - 1));
                    if tiers == 3 && groups[1].is_none() && item.is_some() {
                        problems.push(Problem::error(at(1), text::missing_level(text::level_name(2))));
                        continue;
                    }
                }
            }
            let p1 = tree.level1.len().checked_sub(1);
            if tiers >= 2 && p1.is_none() && (item.is_some() || groups.iter().any(Option::is_some)) {
                problems.push(Problem::error(at(0), text::missing_level(text::level_name(1))));
                continue;
            }
            if let (Some(p1), Some(c)) = (p1, col(Role::Weight)) {
                let (cell, place) = (sheet.cell(row, c), sheet.location(row, c));
                match parse_share(cell) {
                    Ok(None) => {}
                    Ok(Some(w)) => match weight_seen.get(&p1) {
                        Some((seen, first)) if *seen != w => {
                            problems.push(Problem::error(place, text::weight_disagrees(&tree.level1[p1].code, first)))
                        }
                        Some(_) => {}
                        None => {
                            weight_seen.insert(p1, (w, place));
                            tree.level1[p1].weight = Some(w);
                        }
                    },
                    Err(why) => problems.push(Problem::error(place, text::bad_weight(why))),
                }
            }
            if let (Some(raw), Some(p1)) = (groups.get(1).and_then(Option::as_deref), p1) {
                let name = points::one_line(raw);
                let same = opened.is_none() && tree.level2.last().is_some_and(|g| g.parent == Some(p1) && g.name == name);
                if !same {
                    let siblings = &tree.level1[p1].children;
                    if let Some(earlier) = siblings.iter().map(|&c| &tree.level2[c]).find(|g| g.name == name) {
                        problems.push(Problem::error(at(1), text::node_reappears(&name, &earlier.location)));
                    }
                    let parent = &mut tree.level1[p1];
                    let code = format!("{}.{}", parent.code, parent.children.len() + 1);
                    parent.children.push(tree.level2.len());
                    let points = points::stated(raw);
                    tree.level2.push(Group { code, name, parent: Some(p1), weight: None, points, children: Vec::new(), location: at(1) });
                    opened = Some((2, tree.level2.len() - 1));
                }
            }
            let points_cell = col(Role::Points).map(|c| (sheet.cell(row, c), sheet.location(row, c)));
            let column_points = match points_cell {
                None | Some((Cell::Empty, _)) => None,
                Some((cell, ref place)) => parse_points(cell).unwrap_or_else(|why| {
                    problems.push(Problem::error(place.clone(), text::bad_points(why)));
                    None
                }),
            };
            let Some(raw) = item else {
                // A group's own row: a 分值 there is the group's.
                if let (Some((level, g)), Some(p)) = (opened, column_points) {
                    let group = if level == 1 { &mut tree.level1[g] } else { &mut tree.level2[g] };
                    match group.points {
                        Some(t) if t != p => problems.push(Problem::error(
                            group.location.clone(),
                            text::points_disagree(p.normalize(), t.normalize(), points_cell.map(|(_, at)| at)),
                        )),
                        _ => group.points = Some(p),
                    }
                }
                continue;
            };
            let p2 = match tiers {
                3 => match tree.level2.len().checked_sub(1) {
                    Some(p2) if tree.level2[p2].parent == p1 => Some(p2),
                    _ => {
                        problems.push(Problem::error(at(1), text::missing_level(text::level_name(2))));
                        continue;
                    }
                },
                _ => None,
            };
            let location = at(layout.tiers.len() - 1);
            let siblings = match (p1, p2) {
                (_, Some(p2)) => Some(&tree.level2[p2]),
                (Some(p1), None) => Some(&tree.level1[p1]),
                _ => None,
            };
            let code = read(row, col(Role::Code)).map(|c| number::fold_width(&c)).unwrap_or_else(|| match siblings {
                Some(g) => format!("{}.{}", g.code, g.children.len() + 1),
                None => (tree.items.len() + 1).to_string(),
            });
            let text_points = points::stated(raw);
            let points = match (column_points, text_points) {
                (Some(c), Some(t)) if c != t => {
                    let place = points_cell.map(|(_, at)| at);
                    problems.push(Problem::error(location.clone(), text::points_disagree(c.normalize(), t.normalize(), place)));
                    Some(c)
                }
                (c, t) => {
                    from_column |= c.is_some();
                    from_text |= c.is_none() && t.is_some();
                    c.or(t)
                }
            };
            if let Some(first) = codes.get(&code) {
                let place = sheet.location(row, col(Role::Code).unwrap_or(location.cell.map_or(0, |(_, c)| c as usize)));
                problems.push(Problem::error(place, text::duplicate_code(&code, first)));
                continue;
            }
            codes.insert(code.clone(), location.clone());
            let lead = read(row, col(Role::Lead)).map(|l| split_departments(&l)).unwrap_or_default();
            let mut departments = lead.clone();
            let listed = [Role::Departments, Role::Assist].iter().filter_map(|&r| read(row, col(r))).flat_map(|c| split_departments(&c));
            for d in listed.collect::<Vec<_>>() {
                if !departments.contains(&d) {
                    departments.push(d);
                }
            }
            let kind = match read(row, col(Role::Kind)) {
                None => ItemKind::Scored,
                Some(k) => kind_of(&k).unwrap_or_else(|| {
                    match other_kinds.iter_mut().find(|(value, _, _)| *value == k) {
                        Some((_, _, count)) => *count += 1,
                        None => other_kinds.push((k, sheet.location(row, col(Role::Kind).unwrap_or(0)), 1)),
                    }
                    ItemKind::Scored
                }),
            };
            // Without a 牵头单位 column, the first department named leads, as offices list it.
            let lead = lead.into_iter().next().or_else(|| departments.first().cloned());
            match (p1, p2) {
                (_, Some(p2)) => tree.level2[p2].children.push(tree.items.len()),
                (Some(p1), None) => tree.level1[p1].children.push(tree.items.len()),
                _ => {}
            }
            tree.items.push(Item {
                code,
                number: None,
                name: points::one_line(raw),
                points: default_points,
                level1: p1,
                level2: p2,
                departments,
                lead,
                standard: read(row, col(Role::Standard)),
                kind,
                location,
            });
            stated.push(points);
            rows.push(row);
        }
        if tree.items.is_empty() {
            problems.push(Problem::error(sheet.whole(), text::tree_has_no_items(sheet.whole())));
        }
        let mut reading =
            Reading { header_row: layout.row + 1 + sheet.location(0, 0).cell.map_or(0, |(r, _)| r as usize), tiers, ..Reading::default() };
        tree.settle_points(&mut stated, default_points, &mut reading, &mut problems);
        reading.points = match (stated.iter().any(Option::is_some), from_column, from_text) {
            (false, ..) => PointsFrom::Default,
            (true, true, true) => PointsFrom::ColumnAndText,
            (true, false, true) => PointsFrom::Text,
            (true, _, false) => PointsFrom::Column,
        };
        if reading.points == PointsFrom::Default {
            reading.default_points = Some(default_points);
        }
        if problems.is_empty() {
            tree.check_subtotals(&totals, &mut reading, &mut problems);
        }
        tree.settle_numbers(sheet, &mut layout, &rows);
        reading.columns = layout.columns.clone();
        reading.notes = layout.notes.clone();
        if !problems.is_empty() {
            return Err(Problems(problems));
        }
        tree.reading = reading;
        tree.warnings = other_kinds.into_iter().map(|(value, first, count)| Problem::warning(first, text::other_kind(value, count))).collect();
        tree.index();
        Ok(tree)
    }

    /// Every item's points: stated on its row, or carried from the one 一级/二级 above it that states them
    /// (a node scored directly, with a line of description under it). Where anything states points, an item
    /// stating none is an error at its cell; only a table stating no points at all takes the default.
    fn settle_points(&mut self, stated: &mut [Option<Decimal>], default_points: Decimal, reading: &mut Reading, problems: &mut Vec<Problem>) {
        for level in [2, 1] {
            let groups = if level == 2 { &self.level2 } else { &self.level1 };
            for (g, group) in groups.iter().enumerate() {
                let Some(points) = group.points else { continue };
                let under = self.items_under(level, g);
                if let [only] = under[..]
                    && stated[only].is_none()
                {
                    stated[only] = Some(points);
                    reading.carried.push(group.location.clone());
                }
            }
        }
        let any = stated.iter().any(Option::is_some) || self.level1.iter().chain(&self.level2).any(|g| g.points.is_some());
        for (item, points) in self.items.iter_mut().zip(stated.iter()) {
            match points {
                Some(p) => item.points = *p,
                None if any => problems.push(Problem::error(item.location.clone(), text::points_not_stated(&item.code))),
                None => item.points = default_points,
            }
        }
    }

    /// The items under a 一级 (level 1) or 二级 (level 2) node.
    fn items_under(&self, level: u8, g: usize) -> Vec<usize> {
        (0..self.items.len()).filter(|&i| if level == 1 { self.items[i].level1 == Some(g) } else { self.items[i].level2 == Some(g) }).collect()
    }

    /// Points stated in a name or a 合计/小计 row, compared with the sum of the items under it.
    fn check_subtotals(&self, totals: &[StatedTotal], reading: &mut Reading, problems: &mut Vec<Problem>) {
        let sum = |items: &[usize]| items.iter().map(|&i| self.items[i].points).sum::<Decimal>();
        let items_word = text::level_name(if self.tiers() == 3 { 3 } else { 0 });
        for (level, groups) in [(1, &self.level1), (2, &self.level2)] {
            for (g, group) in groups.iter().enumerate() {
                let Some(stated) = group.points else { continue };
                let under = self.items_under(level, g);
                if reading.carried.contains(&group.location) {
                    continue;
                }
                let found = sum(&under);
                if found == stated {
                    reading.confirmed.push(Subtotal { cell: group.location.clone(), stated, sum: found });
                } else {
                    problems.push(Problem::error(
                        group.location.clone(),
                        text::subtotal_differs(text::level_name(level), stated.normalize(), &items_word, found.normalize()),
                    ));
                }
            }
        }
        for total in totals {
            let items: Vec<usize> = (total.from..total.to).collect();
            let scored: Vec<usize> = items.iter().copied().filter(|&i| self.items[i].kind == ItemKind::Scored).collect();
            let (all, scored) = (sum(&items), sum(&scored));
            // A 合计 may leave out 加分项 and 否决项: either sum confirms it.
            if total.stated == all || total.stated == scored {
                reading.confirmed.push(Subtotal { cell: total.cell.clone(), stated: total.stated, sum: total.stated });
            } else {
                problems.push(Problem::error(total.cell.clone(), text::total_differs(&total.label, total.stated.normalize(), all.normalize())));
            }
        }
    }

    /// Official item numbers: a numbering column running through every item without restarting. One
    /// that restarts is a row number (序号), and said so.
    fn settle_numbers(&mut self, sheet: &Sheet, layout: &mut Layout, rows: &[usize]) {
        let mut found = false;
        for c in layout.numbering.clone() {
            let numbers: Vec<Option<u64>> = rows.iter().map(|&r| sheet.text(r, c).and_then(|t| number::fold_width(&t).parse::<u64>().ok())).collect();
            let running = !numbers.is_empty() && numbers.windows(2).all(|w| matches!(w, [Some(a), Some(b)] if *b == a + 1)) && numbers[0].is_some();
            if running && !found {
                found = true;
                for (item, n) in self.items.iter_mut().zip(&numbers) {
                    item.number = n.map(|n| n.to_string());
                }
                layout.settle_numbering(c, Role::Number);
            } else {
                layout.settle_numbering(c, Role::RowNumber);
            }
        }
    }
}

/// Reads a 类型 cell as offices write it; `None` for anything else.
fn kind_of(cell: &str) -> Option<ItemKind> {
    match number::fold_width(cell).to_lowercase().as_str() {
        "基本项" | "常规项" | "评分项" | "计分项" | "scored" => Some(ItemKind::Scored),
        "加分项" | "加分" | "附加项" | "附加分" | "bonus" => Some(ItemKind::Bonus),
        "否决项" | "否决" | "一票否决" | "一票否决项" | "veto" => Some(ItemKind::Veto),
        "倒扣项" | "倒扣" | "penalty" => Some(ItemKind::Penalty),
        _ => None,
    }
}

/// Points: a non-negative number; blank means the default.
fn parse_points(cell: &Cell) -> Result<Option<Decimal>, String> {
    let value = match cell {
        Cell::Empty => return Ok(None),
        Cell::Number(n) => *n,
        Cell::Text(t) => number::parse_text(t).map_err(|e| e.inexact(t).unwrap_or_else(|| text::not_a_number(t)))?,
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
    use crate::tree::ItemRef;
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
            &["", "(二)监管", "双随机", "10", ""],
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

    fn errors(rows: &[&[&str]]) -> Vec<String> {
        IndicatorTree::from_sheet(&sheet(rows), dec!(10)).unwrap_err().0.iter().map(|p| p.to_string()).collect()
    }

    #[test]
    fn points_from_the_text_and_the_default_only_when_none_is_stated() {
        let tree =
            IndicatorTree::from_sheet(&sheet(&[&["考核项目", "考核内容"], &["一、执法(5分)", "公示(3分)"], &["", "记录。2分"]]), dec!(10)).unwrap();
        assert_eq!((tree.tiers(), tree.total_points(), tree.reading.points), (2, dec!(5), PointsFrom::Text));
        assert_eq!(tree.items[1].code, "1.2");
        let tree = IndicatorTree::from_sheet(&sheet(&[&["评价事项", "评分标准"], &["公示", "x"], &["记录", "y"]]), dec!(10)).unwrap();
        assert_eq!((tree.tiers(), tree.total_points(), tree.reading.points), (1, dec!(20), PointsFrom::Default));
        assert_eq!(errors(&[&["考核项目", "考核内容"], &["一", "公示(3分)"], &["", "记录"]]).len(), 1);
    }

    #[test]
    fn filled_down_is_merged_and_a_reappearing_name_is_an_error() {
        let tree = IndicatorTree::of_texts(&[
            &["一级指标", "二级指标", "三级指标"],
            &["一", "甲", "a"],
            &["一", "甲", "b"],
            &["一", "乙", "c"],
            &["二", "甲", "d"],
        ]);
        assert_eq!((tree.level1.len(), tree.level2.len(), tree.items.len()), (2, 3, 4));
        let errs = errors(&[&["一级指标", "二级指标", "三级指标"], &["一", "甲", "a"], &["二", "乙", "b"], &["一", "丙", "c"]]);
        assert_eq!(errs, ["t.xlsx!指标!A4: “一”在 t.xlsx!指标!A2 已出现,中间隔着其他指标: 同名指标只能连续出现(请合并,或改名区分)"]);
    }

    #[test]
    fn subtotals_are_confirmed_or_refused_and_a_lone_item_carries_its_node() {
        let tree = IndicatorTree::of_texts(&[&["一级指标", "二级指标", "三级指标"], &["一(9分)", "甲(4分)", "a(4分)"], &["", "乙(5分)", "说明"]]);
        assert_eq!((tree.items[1].points, tree.reading.carried.len(), tree.reading.confirmed.len()), (dec!(5), 1, 2));
        let errs = errors(&[&["一级指标", "二级指标", "三级指标"], &["一(15分)", "甲", "a(6分)"], &["", "", "b(6分)"]]);
        assert_eq!(errs, ["t.xlsx!指标!A2: 一级指标写明 15 分,所属三级指标合计 12 分"]);
    }

    /// Rows of a three-tier table of the given shape (items per 二级, per 一级) with points in the text at
    /// every tier, blank below a name (`filled` = false) or the name repeated (`filled` = true).
    fn shaped(shape: &[Vec<Vec<u8>>], filled: bool) -> Vec<Vec<String>> {
        let mut rows = vec![vec!["一级指标".to_string(), "二级指标".into(), "三级指标".into()]];
        for (a, l2) in shape.iter().enumerate() {
            let l1_points: u32 = l2.iter().flatten().map(|&p| u32::from(p)).sum();
            for (b, items) in l2.iter().enumerate() {
                let l2_points: u32 = items.iter().map(|&p| u32::from(p)).sum();
                for (c, p) in items.iter().enumerate() {
                    let first = |k: usize| filled || k == 0;
                    let l1 = if first(b + c) { format!("{a}、一级({l1_points}分)") } else { String::new() };
                    let l2 = if first(c) { format!("({b})二级({l2_points}分)") } else { String::new() };
                    rows.push(vec![l1, l2, format!("{c}.指标({p}分)")]);
                }
            }
        }
        rows
    }

    proptest::proptest! {
        /// A table filled down reads as the same tree as the one merged (blank below a name), subtotals and all.
        #[test]
        fn filled_down_is_the_same_tree(shape in proptest::collection::vec(proptest::collection::vec(proptest::collection::vec(1u8..20, 1..4), 1..4), 1..4)) {
            let trees: Vec<IndicatorTree> = [false, true].iter().map(|&filled| {
                let rows = shaped(&shape, filled);
                let rows: Vec<Vec<&str>> = rows.iter().map(|r| r.iter().map(String::as_str).collect()).collect();
                IndicatorTree::of_texts(&rows)
            }).collect();
            proptest::prop_assert_eq!(trees[0].fingerprint(), trees[1].fingerprint());
            proptest::prop_assert_eq!(trees[0].level2.len(), shape.iter().map(Vec::len).sum::<usize>());
            proptest::prop_assert_eq!(trees[0].reading.confirmed.len(), trees[1].reading.confirmed.len());
            proptest::prop_assert_eq!(trees[1].reading.confirmed.len(), trees[1].level1.len() + trees[1].level2.len() - trees[1].reading.carried.len());
        }
    }

    #[test]
    fn penalty_items_are_declared_and_scored() {
        let s = sheet(&[&["一级指标", "二级指标", "三级指标", "分值", "类型"], &["一", "甲", "a", "10", "倒扣项"], &["", "", "b", "5", "加分项"]]);
        let tree = IndicatorTree::from_sheet(&s, dec!(10)).unwrap();
        assert_eq!(tree.items[0].kind, ItemKind::Penalty);
        assert_eq!(tree.codes_of(ItemKind::Penalty), ["1.1.1"]);
        assert_eq!(tree.scored_points(), dec!(10), "a 倒扣项 is in the full marks, a bonus item not");
        assert!(tree.warnings.is_empty());
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
