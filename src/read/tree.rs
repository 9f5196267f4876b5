//! Reading an indicator tree from a table as offices publish it, in two steps. Extraction turns a shape
//! into rows of cells with their places ([`row::Table`]): for a sheet, `layout` finds which column is what
//! and `sheet` takes the rows out. One builder (`build`) makes the tree from those rows whatever the shape:
//! tiers, codes, points (`points` reads those written in a text), subtotals, the index. What the table
//! states is checked, never trusted, and a default is used only where the table states no points at all.

use rust_decimal::Decimal;

use crate::grid::{self, Cell, Sheet};
use crate::number;
use crate::problem::{Problem, Problems};
use crate::text::{self, Message};
use crate::tree::{IndicatorTree, ItemKind};

mod build;
pub mod layout;
pub mod points;
pub mod prose;
pub mod row;
mod sheet;

pub use build::build;

/// Splits "司法局、财政局;审计局" into its departments.
pub fn split_departments(cell: &str) -> Vec<String> {
    cell.split(['、', ',', '\u{ff0c}', ';', '\u{ff1b}', '\n', '\r', '/', '|'])
        .map(|d| d.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}'))
        .filter(|d| !d.is_empty())
        .map(str::to_string)
        .collect()
}

impl IndicatorTree {
    /// Builds the tree from a sheet, reporting every problem found: the sheet's columns are found
    /// (`layout`), its rows taken out with their cells (`sheet`), and the one builder makes the tree.
    pub fn from_sheet(sheet: &Sheet, default_points: Decimal) -> Result<Self, Problems> {
        let layout = layout::find(sheet).map_err(|message| Problems(vec![Problem::error(sheet.whole(), message)]))?;
        build(sheet::table(sheet, &layout), default_points)
    }
}

/// A code as tables print them beside a name or in a 编号 column: "A1", "*B14", "C7", "1.2", "1.1.1".
pub(crate) fn is_code(text: &str) -> bool {
    let t = number::fold_width(text.trim());
    let t = t.trim_start_matches(['*', '＊', '★']);
    let letters = t.chars().take_while(char::is_ascii_alphabetic).count();
    let rest = &t[letters..];
    letters <= 2 && !rest.is_empty() && rest.starts_with(|c: char| c.is_ascii_digit()) && rest.chars().all(|c| c.is_ascii_digit() || c == '.')
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
fn parse_points(cell: &Cell) -> Result<Option<Decimal>, Message> {
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
fn parse_share(cell: &Cell) -> Result<Option<Decimal>, Message> {
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
    use crate::tree::{ItemRef, PointsFrom};
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
    fn points_glued_to_an_item_only_where_the_subtotal_confirms_them() {
        let tree = IndicatorTree::of_texts(&[&["考核项目", "考核内容"], &["一、依法决策(12分)", "合法性审查6分"], &["", "集体讨论决定6分"]]);
        assert_eq!((tree.total_points(), tree.reading.confirmed.len()), (dec!(12), 1));
        let errs = errors(&[&["考核项目", "考核内容"], &["一、依法决策", "合法性审查6分"], &["", "集体讨论决定6分"]]);
        assert_eq!(errs.len(), 2);
        assert!(errs[0].starts_with("t.xlsx!指标!B2: 指标“合法性审查6分”没有写明分值,只写了“6分”"), "{errs:?}");
        let errs = errors(&[&["考核项目", "考核内容"], &["一、依法决策(10分)", "合法性审查6分"], &["", "集体讨论决定6分"]]);
        assert!(errs[0].contains("一级指标 t.xlsx!指标!A2 写明 10 分,按此读所属指标合计 12 分"), "{errs:?}");
    }

    #[test]
    fn a_heading_row_in_the_items_column_is_a_heading() {
        // 序号 | 考核内容 | 分值: "一、" and its subtotal on a row of their own, not merged.
        let tree = IndicatorTree::of_texts(&[
            &["序号", "考核内容", "分值"],
            &["一、", "组织领导", "9"],
            &["1", "成立领导小组", "4"],
            &["2", "制定计划", "5"],
            &["二、", "依法决策", "6"],
            &["3", "合法性审查", "6"],
        ]);
        assert_eq!((tree.tiers(), tree.level1.len(), tree.items.len(), tree.total_points()), (2, 2, 3, dec!(15)));
        assert_eq!(tree.reading.confirmed.len(), 2);
        assert_eq!(tree.items[2].label(), "3 合法性审查");
        let errs = errors(&[&["序号", "考核内容", "分值"], &["一、", "组织领导", "9"], &["1", "成立领导小组", "4"], &["二、", "依法决策", "6"]]);
        assert!(errs.iter().any(|e| e.starts_with("t.xlsx!指标!B4: 一级指标“依法决策”下面没有指标")), "{errs:?}");
    }

    /// One table of headings and items written two ways: headings in a column of their own (考核项目 |
    /// 考核内容 | 分值), or as rows of the items column numbered 一、 in the 序号 column with their subtotal in
    /// 分值 (序号 | 考核内容 | 分值).
    fn two_ways(shape: &[Vec<u8>]) -> [Vec<Vec<String>>; 2] {
        let numerals = ["一", "二", "三", "四"];
        let mut column = vec![vec!["考核项目".to_string(), "考核内容".into(), "分值".into()]];
        let mut rows = vec![vec!["序号".to_string(), "考核内容".into(), "分值".into()]];
        let mut n = 0;
        for (g, items) in shape.iter().enumerate() {
            let sum: u32 = items.iter().map(|&p| u32::from(p)).sum();
            rows.push(vec![format!("{}、", numerals[g]), format!("标题{g}"), sum.to_string()]);
            for (k, p) in items.iter().enumerate() {
                n += 1;
                let heading = if k == 0 { format!("{}、标题{g}({sum}分)", numerals[g]) } else { String::new() };
                column.push(vec![heading, format!("指标{n}"), p.to_string()]);
                rows.push(vec![n.to_string(), format!("指标{n}"), p.to_string()]);
            }
        }
        [column, rows]
    }

    proptest::proptest! {
        /// Headings written as rows of the items column are the same tier, points and subtotals as headings
        /// in a column of their own: never items beside them.
        #[test]
        fn heading_rows_are_the_tier_above(shape in proptest::collection::vec(proptest::collection::vec(1u8..20, 1..5), 1..5)) {
            let trees: Vec<IndicatorTree> = two_ways(&shape).iter().map(|rows| {
                let rows: Vec<Vec<&str>> = rows.iter().map(|r| r.iter().map(String::as_str).collect()).collect();
                IndicatorTree::of_texts(&rows)
            }).collect();
            let items: usize = shape.iter().map(Vec::len).sum();
            for tree in &trees {
                proptest::prop_assert_eq!((tree.tiers(), tree.level1.len(), tree.items.len()), (2, shape.len(), items));
                proptest::prop_assert_eq!(tree.reading.confirmed.len(), shape.len());
            }
            let points = |t: &IndicatorTree| t.items.iter().map(|i| (i.name.clone(), i.points, i.level1)).collect::<Vec<_>>();
            proptest::prop_assert_eq!(points(&trees[0]), points(&trees[1]));
            proptest::prop_assert_eq!(trees[0].total_points(), trees[1].total_points());
        }
    }

    #[test]
    fn numbered_paragraphs_in_one_column_give_their_tiers() {
        // A 考核细则's paragraphs in one text column: the numbering makes the tiers, every subtotal checked.
        let tree = IndicatorTree::of_texts(&[
            &["考核内容", "评分标准"],
            &["一、组织领导(10分)", ""],
            &["(一)领导责任(6分)", ""],
            &["1.成立领导小组(3分)", ""],
            &["2.定期研究法治工作(3分)", ""],
            &["(二)制度建设(4分)", ""],
            &["3.建立学法制度(4分)", ""],
            &["二、依法决策(5分)", ""],
            &["(一)合法性审查(5分)", ""],
            &["4.重大决策经合法性审查(5分)", ""],
        ]);
        assert_eq!((tree.tiers(), tree.level1.len(), tree.level2.len(), tree.items.len()), (3, 2, 3, 4));
        assert_eq!((tree.total_points(), tree.reading.carried.len(), tree.reading.confirmed.len()), (dec!(15), 0, 5));
        assert_eq!(tree.items[3].code, "2.1.1");
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
