//! Numbered prose (编号的正文) as an indicator tree: a 考核细则 or a duty list written as paragraphs
//! ("一、……(12分)" / "(一)……(6分)" / "1.……(0.5分)"), in a .txt, a .docx without tables, or a sheet
//! of one text column. This is extraction only: the numbering makes the tiers — its styles ranked
//! 一、 > (一) > 1. > (1) > ①, the top three present being 一级, 二级 and the items — and each numbered
//! line becomes a row for the one tree builder (`build`), which reads the points from the text and
//! checks every subtotal as it does for a sheet. A heading with nothing numbered under it is scored
//! directly (it is its own item). Lines without a number belong to the numbered line above them: an
//! item's are its scoring standard; a heading's introduction, the title and preamble before the first
//! number and the closing after the last item's text are left out, and listed. What only numbering can
//! show is checked here: numbers that skip, and a part of the text missing a tier the others have.

use std::collections::{HashMap, HashSet};

use rust_decimal::Decimal;

use super::build::build;
use super::points;
use super::row::{Line, Row, Table, Text, TierCells, Total, Value};
use crate::grid::{Cell, Sheet};
use crate::location::Location;
use crate::problem::{Problem, Problems};
use crate::text;
use crate::tree::{IndicatorTree, LeftOut, ProseReading};

/// How a line is numbered, highest tier first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Style {
    /// 一、
    Chinese,
    /// (一)
    ChineseParen,
    /// 1. 1、
    Arabic,
    /// (1)
    ArabicParen,
    /// ①
    Circled,
}

impl Style {
    fn label(self) -> &'static str {
        match self {
            Style::Chinese => "一、",
            Style::ChineseParen => "(一)",
            Style::Arabic => "1.",
            Style::ArabicParen => "(1)",
            Style::Circled => "①",
        }
    }
}

/// A line's numbering: its style, its number, and the numbering as written ("三、").
struct Numbering {
    style: Style,
    number: u32,
    prefix: String,
}

/// Whether a sheet is to be read as numbered prose: a document's paragraphs or lines, or a sheet
/// whose values all lie in one column, two of them numbered.
pub fn applies(sheet: &Sheet) -> bool {
    if sheet.is_document() {
        return true;
    }
    let (mut column, mut numbered, width) = (None, 0, sheet.width());
    for row in 0..sheet.height() {
        for col in 0..width {
            let Some(text) = sheet.text(row, col) else { continue };
            if *column.get_or_insert(col) != col {
                return false;
            }
            numbered += usize::from(numbering(&text).is_some());
        }
    }
    numbered >= 2
}

/// A numbered line: where it is, its text, its numbering and the lines under it.
struct Node {
    at: Location,
    text: String,
    numbering: Numbering,
    under: Vec<(Location, String)>,
    /// The 合计 lines read before it, in their place among the rows.
    totals: Vec<Total>,
}

/// Reads the tree from numbered prose: its numbered lines as rows for the builder; every problem
/// found, each at its line.
pub fn read(sheet: &Sheet, default_points: Decimal) -> Result<IndicatorTree, Problems> {
    let (nodes, styles, mut left_out, closing) = lines(sheet);
    if nodes.is_empty() {
        return Err(Problems(vec![Problem::error(sheet.whole(), text::prose_not_numbered(sheet.whole()))]));
    }
    let mut problems = Vec::new();
    let (lines, orphaned) = rows(nodes, &styles, &mut left_out, &mut problems);
    let table = Table {
        source: sheet.whole(),
        header_row: 0,
        lines: lines.into_iter().chain(closing.into_iter().map(Line::Total)).collect(),
        columns: Vec::new(),
        numbering: vec![styles.last().map_or("", |s| s.label()).to_string()],
        notes: Vec::new(),
        // A document's title is among the lines before its numbering, which are listed as left out.
        title: None,
    };
    let built = build(table, default_points);
    let mut tree = match built {
        Ok(tree) if problems.is_empty() => tree,
        Ok(_) => return Err(Problems(problems)),
        Err(Problems(found)) => {
            // A heading whose lines were refused for a missing tier is said to have none: said once, at them.
            problems.extend(found.into_iter().filter(|p| p.location.as_ref().is_none_or(|at| !orphaned.contains(at))));
            return Err(Problems(problems));
        }
    };
    // Prose has no columns: the items' own numbers stand for the numbering column.
    tree.reading.columns.clear();
    left_out.sort_by_key(|l| l.at.cell);
    tree.reading.prose = Some(ProseReading { numbering: styles.iter().map(|s| s.label().to_string()).collect(), left_out });
    Ok(tree)
}

/// The numbered lines of the three highest styles present (a deeper one is text under the line above),
/// the styles, the lines left out, and the 合计 lines after the last numbered one.
fn lines(sheet: &Sheet) -> (Vec<Node>, Vec<Style>, Vec<LeftOut>, Vec<Total>) {
    let column = (0..sheet.width()).find(|&c| (0..sheet.height()).any(|r| sheet.text(r, c).is_some())).unwrap_or(0);
    let mut nodes: Vec<Node> = Vec::new();
    let mut left_out: Vec<LeftOut> = Vec::new();
    let mut totals: Vec<Total> = Vec::new();
    for row in 0..sheet.height() {
        let Some(cell) = sheet.text(row, column) else { continue };
        let at = sheet.location(row, column);
        let lines = cell.lines().map(|l| l.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}')).filter(|l| !l.is_empty());
        for part in lines.flat_map(split_inline) {
            if let Some(total) = total(part, &at) {
                totals.push(total);
                continue;
            }
            match numbering(part) {
                Some(numbering) => {
                    let totals = std::mem::take(&mut totals);
                    nodes.push(Node { at: at.clone(), text: part.to_string(), numbering, under: Vec::new(), totals });
                }
                None => match nodes.last_mut() {
                    Some(node) => node.under.push((at.clone(), part.to_string())),
                    None => left_out.push(LeftOut { at: at.clone(), text: part.to_string() }),
                },
            }
        }
    }
    let mut styles: Vec<Style> = nodes.iter().map(|n| n.numbering.style).collect::<HashSet<_>>().into_iter().collect();
    styles.sort();
    styles.truncate(3);
    let mut kept: Vec<Node> = Vec::new();
    // The 合计 lines read before a line no tier takes stay in their place, before the next line kept.
    let mut pending: Vec<Total> = Vec::new();
    for mut node in nodes {
        if styles.contains(&node.numbering.style) {
            node.totals.splice(0..0, pending.drain(..));
            kept.push(node);
            continue;
        }
        pending.append(&mut node.totals);
        let lines = std::iter::once((node.at, node.text)).chain(node.under);
        match kept.last_mut() {
            Some(above) => above.under.extend(lines),
            None => left_out.extend(lines.map(|(at, text)| LeftOut { at, text })),
        }
    }
    totals.splice(0..0, pending);
    // After the last numbered line, its text runs to its last scoring rule or numbered sub-line; the
    // rest is the closing.
    if let Some(last) = kept.last_mut() {
        let keep = last.under.iter().rposition(|(_, t)| scores(t) || numbering(t).is_some()).map_or(0, |i| i + 1);
        left_out.extend(last.under.drain(keep..).map(|(at, text)| LeftOut { at, text }));
    }
    (kept, styles, left_out, totals)
}

/// Each numbered line as a row of the builder: a line of the deepest style is an item; a heading is a
/// group's row, its lines under it its introduction (left out), or — with nothing numbered under it —
/// its own item, scored directly, every tier below it named by it. A line whose part of the text skips
/// a tier, or whose number does not follow on, is refused here at its line.
/// Also the headings above a line so refused.
fn rows(nodes: Vec<Node>, styles: &[Style], left_out: &mut Vec<LeftOut>, problems: &mut Vec<Problem>) -> (Vec<Line>, HashSet<Location>) {
    let tiers = styles.len();
    let mut headings: Vec<Option<Location>> = vec![None; tiers];
    let mut orphaned = HashSet::new();
    let tier_of: Vec<usize> = nodes.iter().map(|n| styles.iter().position(|&s| s == n.numbering.style).unwrap_or(0)).collect();
    let mut numbers = Numbers::default();
    let mut open = vec![false; tiers];
    let mut lines = Vec::new();
    for (i, mut node) in nodes.into_iter().enumerate() {
        let k = tier_of[i];
        let leaf = tier_of.get(i + 1).is_none_or(|&next| next <= k);
        lines.extend(std::mem::take(&mut node.totals).into_iter().map(Line::Total));
        numbers.check(&node, k, tiers, leaf, problems);
        if let Some(missing) = (0..k).find(|&up| !open[up]) {
            let message = text::prose_missing_level(&node.numbering.prefix, text::level_name(missing as u8 + 1), styles[missing].label());
            problems.push(Problem::error(node.at.clone(), message));
            orphaned.extend(headings[..k].iter().flatten().cloned());
            continue;
        }
        let item = k == tiers - 1 || leaf;
        for (t, o) in open.iter_mut().enumerate().skip(k) {
            *o = t == k && !item;
        }
        headings[k] = Some(node.at.clone());
        let name = Text { text: node.text.clone(), at: node.at.clone() };
        let named =
            |t: usize| TierCells { name: (t == k || (item && t > k)).then(|| name.clone()), cell: Some(node.at.clone()), ..TierCells::default() };
        let mut row = Row { tiers: (0..tiers).map(named).collect(), direct: item && k < tiers - 1, ..Row::default() };
        if k == 0 {
            row.weight = share(&node.text).map(|w| Value { cell: Cell::Number(w), at: node.at.clone() });
        }
        if item {
            // An item's own number names it too (a document numbering its duties 1–27 through).
            let own = (k == tiers - 1).then(|| Text { text: node.numbering.number.to_string(), at: node.at.clone() });
            row.numbers = vec![own];
            let at = node.under.first().map(|(at, _)| at.clone());
            let standard = node.under.iter().map(|(_, t)| t.as_str()).collect::<Vec<_>>().join("\n");
            row.standard = at.map(|at| Text { text: standard, at });
        } else {
            row.numbers = vec![None];
            left_out.extend(node.under.into_iter().map(|(at, text)| LeftOut { at, text }));
        }
        lines.push(Line::Row(Box::new(row)));
    }
    (lines, orphaned)
}

/// The numbering so far: the last number of each style, anywhere and under the current parent.
#[derive(Default)]
struct Numbers {
    last: HashMap<Style, (u32, String)>,
    under: HashMap<(Style, usize, usize), u32>,
    /// How many 一级 and 二级 headings have been seen: the parent of a line.
    level1: usize,
    level2: usize,
}

impl Numbers {
    /// The numbering runs on from the sibling before, or from 1 (or from the last of its style,
    /// where a document numbers its items through) under a new parent.
    fn check(&mut self, node: &Node, tier: usize, tiers: usize, leaf: bool, problems: &mut Vec<Problem>) {
        let (style, n) = (node.numbering.style, node.numbering.number);
        let parent = (if tier >= 1 { self.level1 } else { 0 }, if tier >= 2 { self.level2 } else { 0 });
        let sibling = self.under.get(&(style, parent.0, parent.1)).copied();
        let previous = self.last.get(&style).cloned();
        let follows = match sibling {
            Some(s) => n == s + 1,
            None => n == 1 || previous.as_ref().is_some_and(|(p, _)| n == p + 1),
        };
        if !follows {
            let before = previous.map(|(_, prefix)| prefix);
            problems.push(Problem::error(node.at.clone(), text::prose_numbering_skips(&node.numbering.prefix, before)));
        }
        self.under.insert((style, parent.0, parent.1), n);
        self.last.insert(style, (n, node.numbering.prefix.clone()));
        // A 一级 scored directly in three tiers is its own 二级 too.
        self.level1 += usize::from(tier == 0 && tiers > 1);
        self.level2 += usize::from((tier == 1 && tiers > 2) || (tier == 0 && tiers == 3 && leaf));
    }
}

/// The points a 合计 or 总计 line states ("合计: 100分", "总计(100分)"), checked against every item above it.
fn total(line: &str, at: &Location) -> Option<Total> {
    let label = ["合计", "总计"].into_iter().find(|l| line.starts_with(l))?;
    let rest = &line[label.len()..];
    let stated = points::stated(rest.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, ':' | '：' | '\u{3000}')))?;
    Some(Total { label: label.to_string(), stated, at: at.clone() })
}

/// The share of the whole a 一级 heading states for itself in brackets, as a weight of 100:
/// "(占总分值的15%)", "(权重20%)"; a rate in its text ("纠错率占10%以下") is no weight.
fn share(text: &str) -> Option<Decimal> {
    let folded = crate::number::fold_width(text).replace('（', "(").replace('）', ")");
    let at = ["(占", "(权重"].iter().find_map(|open| folded.find(open))?;
    let inner = &folded[at + 1..at + folded[at..].find(')')?];
    let digits = inner.strip_suffix('%')?.trim_start_matches(|c: char| !c.is_ascii_digit());
    crate::number::parse_text(digits).ok()
}

/// Whether a line states points or a scoring rule: "(N分)", "扣N分", "得N分".
fn scores(line: &str) -> bool {
    points::stated(line).is_some() || !points::rule_amounts(line, &['扣', '得', '记', '加', '减']).is_empty()
}

/// A heading and its first item written on one line, as web pages run them together:
/// "(四)……(6分)1.……(1.5分)" is split after the heading's "(6分)".
fn split_inline(line: &str) -> Vec<&str> {
    let Some(head) = numbering(line) else { return vec![line] };
    for (i, _) in line.match_indices(['）', ')']) {
        let before = line[..i].trim_end();
        let rest = line[i..].trim_start_matches(['）', ')']);
        if before.ends_with('分')
            && let Some(next) = numbering(rest)
            && next.style > head.style
        {
            let cut = line.len() - rest.len();
            return vec![line[..cut].trim(), rest.trim()];
        }
    }
    vec![line]
}

/// A line's numbering, if it begins with one.
fn numbering(line: &str) -> Option<Numbering> {
    let line = line.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
    let mut chars = line.char_indices().peekable();
    let (_, first) = *chars.peek()?;
    let open = matches!(first, '(' | '（');
    if open {
        chars.next();
    }
    let digits: String =
        std::iter::from_fn(|| chars.next_if(|(_, c)| crate::number::fold_char(*c).is_some_and(|d| d.is_ascii_digit()))).map(|(_, c)| c).collect();
    let (style, number) = if !digits.is_empty() {
        let number: u32 = crate::number::fold_width(&digits).parse().ok()?;
        (if open { Style::ArabicParen } else { Style::Arabic }, number)
    } else if let Some(n) = ('①'..='⑳').position(|c| c == first).filter(|_| !open) {
        chars.next();
        (Style::Circled, n as u32 + 1)
    } else {
        let numeral: String = std::iter::from_fn(|| chars.next_if(|(_, c)| "零〇一二两三四五六七八九十百".contains(*c))).map(|(_, c)| c).collect();
        (if open { Style::ChineseParen } else { Style::Chinese }, chinese_number(&numeral)?)
    };
    let (end, after) = match chars.next() {
        Some((i, c)) => (i + c.len_utf8(), c),
        None => (line.len(), ' '),
    };
    let closed = match style {
        Style::ArabicParen | Style::ChineseParen => matches!(after, ')' | '）'),
        Style::Chinese => matches!(after, '、' | '.' | '．'),
        // "1.5分" and "2023.10" are numbers, not numbering.
        Style::Arabic => {
            matches!(after, '.' | '、' | '．') && !line[end..].starts_with(|c: char| crate::number::fold_char(c).is_some_and(|d| d.is_ascii_digit()))
        }
        Style::Circled => true,
    };
    let end = if style == Style::Circled { line.char_indices().nth(1).map_or(line.len(), |(i, _)| i) } else { end };
    closed.then(|| Numbering { style, number, prefix: line[..end].to_string() })
}

/// 一 … 九十九, 一百: the numerals a document numbers its parts with.
fn chinese_number(numeral: &str) -> Option<u32> {
    let digit =
        |c: char| "零一二三四五六七八九".chars().position(|d| d == c).map(|d| d as u32).or((c == '两').then_some(2)).or((c == '〇').then_some(0));
    let (mut total, mut current) = (0u32, None::<u32>);
    for c in numeral.chars() {
        match c {
            '十' => {
                total += current.unwrap_or(1) * 10;
                current = None;
            }
            '百' => {
                total += current.unwrap_or(1) * 100;
                current = None;
            }
            c => current = Some(current.unwrap_or(0) * 10 + digit(c)?),
        }
    }
    let n = total + current.unwrap_or(0);
    (n > 0).then_some(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn tree(lines: &[&str]) -> Result<IndicatorTree, Vec<String>> {
        let rows: Vec<[&str; 1]> = lines.iter().map(|l| [*l]).collect();
        read(&Sheet::of_texts(&rows), dec!(10)).map_err(|p| p.0.iter().map(|p| p.to_string()).collect())
    }

    #[test]
    fn numbering_styles() {
        let style = |l: &str| numbering(l).map(|n| (n.style, n.number, n.prefix));
        assert_eq!(style("三、严格对标"), Some((Style::Chinese, 3, "三、".into())));
        assert_eq!(style("（十二）推动"), Some((Style::ChineseParen, 12, "（十二）".into())));
        assert_eq!(style("27.推动"), Some((Style::Arabic, 27, "27.".into())));
        assert_eq!(style("２、推动"), Some((Style::Arabic, 2, "２、".into())));
        assert_eq!(style("(3)未公开"), Some((Style::ArabicParen, 3, "(3)".into())));
        assert_eq!(style("②未公开"), Some((Style::Circled, 2, "②".into())));
        assert_eq!(style("1.5分"), None);
        assert_eq!(style("2023年"), None);
        assert_eq!(style("一级指标"), None);
        assert_eq!(chinese_number("二十三"), Some(23));
        assert_eq!(chinese_number("十"), Some(10));
    }

    #[test]
    fn points_from_the_text_and_subtotals_checked() {
        let t = tree(&[
            "考核细则",
            "一、组织领导(4分)",
            "(一)成立领导小组(3分)",
            "1.印发通知(1分)",
            "2.明确分管领导(2分)",
            "(二)充实法制力量(1分)",
            "考核:未设立的扣1分。",
            "附件: 无",
        ])
        .unwrap();
        assert_eq!((t.level1.len(), t.level2.len(), t.items.len(), t.total_points()), (1, 2, 3, dec!(4)));
        assert_eq!(t.items.iter().map(|i| i.code.as_str()).collect::<Vec<_>>(), ["1.1.1", "1.1.2", "1.2.1"]);
        assert_eq!(t.items[2].standard.as_deref(), Some("考核:未设立的扣1分。"));
        assert_eq!(t.reading.confirmed.len(), 2);
        let left: Vec<&str> = t.reading.prose.as_ref().unwrap().left_out.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(left, ["考核细则", "附件: 无"]);
        assert_eq!(
            tree(&["一、组织领导(5分)", "1.印发通知(1分)", "2.明确分管领导(2分)"]).unwrap_err(),
            ["t.xlsx!指标!A1: 一级指标写明 5 分,所属指标合计 3 分"]
        );
        let t = tree(&["1.印发通知(1分)", "2.明确分管领导(2分)", "合计: 3分"]).unwrap();
        assert_eq!((t.tiers(), t.items[1].standard.as_deref(), t.reading.confirmed.len()), (1, None, 1));
        assert_eq!(tree(&["1.印发通知(1分)", "合计(4分)"]).unwrap_err(), ["t.xlsx!指标!A2: 合计写明 4 分,上方指标合计 1 分"]);
    }

    #[test]
    fn a_value_earned_is_points_only_where_a_subtotal_confirms_it() {
        let t = tree(&["一、制度建设(10分)", "(一)建立制度的,得6分。未建立的,扣3分", "(二)公开的,得4分"]).unwrap();
        assert_eq!(t.items.iter().map(|i| i.points).collect::<Vec<_>>(), [dec!(6), dec!(4)]);
        let errors = tree(&["一、制度建设", "(一)建立制度的,得6分。", "(二)公开的(4分)"]).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert!(errors[0].starts_with("t.xlsx!指标!A2: "), "{errors:?}");
    }

    #[test]
    fn a_heading_and_its_first_item_on_one_line_are_split() {
        let t = tree(&["一、能力(3分)", "(一)学法(3分)1.带头学法(1.5分)考核:每少一次扣0.3分", "2.培训(1.5分)"]).unwrap();
        assert_eq!((t.level2.len(), t.items.len()), (1, 2));
        assert_eq!(t.level2[0].name, "(一)学法(3分)");
        assert_eq!(t.items[0].name, "1.带头学法(1.5分)考核:每少一次扣0.3分");
    }

    proptest::proptest! {
        /// Any lines of numbering, brackets, points and text make a tree or located problems, never a panic.
        #[test]
        fn any_text_is_read_or_refused(lines in proptest::collection::vec("[一二三十(（)）1-9.、①②分得扣 x]{0,12}", 0..30)) {
            let rows: Vec<[&str; 1]> = lines.iter().map(|l| [l.as_str()]).collect();
            if let Err(problems) = read(&Sheet::of_texts(&rows), dec!(10)) {
                proptest::prop_assert!(problems.0.iter().all(|p| p.location.is_some()));
            }
        }

        /// A numbered text of any shape is read with its shape, each heading's points confirmed.
        #[test]
        fn a_numbered_text_reads_with_its_shape(shape in proptest::collection::vec(proptest::collection::vec(1usize..4, 1..4), 1..4)) {
            let mut lines = vec!["前言".to_string()];
            let mut n = 0;
            for (a, l2) in shape.iter().enumerate() {
                lines.push(format!("{}、一级({}分)", ["一", "二", "三"][a], l2.iter().sum::<usize>()));
                for (b, items) in l2.iter().enumerate() {
                    lines.push(format!("({})二级({items}分)", ["一", "二", "三"][b]));
                    for _ in 0..*items {
                        n += 1;
                        lines.push(format!("{n}.指标(1分)"));
                    }
                }
            }
            let rows: Vec<[&str; 1]> = lines.iter().map(|l| [l.as_str()]).collect();
            let t = read(&Sheet::of_texts(&rows), dec!(10)).unwrap();
            proptest::prop_assert_eq!((t.level1.len(), t.level2.len(), t.items.len()), (shape.len(), shape.iter().map(Vec::len).sum(), n));
            proptest::prop_assert_eq!(t.reading.confirmed.len(), t.level1.len() + t.level2.len());
            proptest::prop_assert_eq!(t.items.last().and_then(|i| i.number.clone()), Some(n.to_string()));
        }
    }

    #[test]
    fn the_last_item_keeps_its_rules_and_the_closing_is_left_out() {
        let t = tree(&["一、甲(1分)", "(一)乙(1分)", "1.a(1分)", "考核:未建立的扣0.5分;未公开的扣0.5分。", "说明文字", "某县司法局"]).unwrap();
        assert_eq!(t.items[0].standard.as_deref(), Some("考核:未建立的扣0.5分;未公开的扣0.5分。"));
        let left: Vec<&str> = t.reading.prose.as_ref().unwrap().left_out.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(left, ["说明文字", "某县司法局"]);
        // Numbered deeper than the three tiers: text under the line above, or left out before any.
        let t = tree(&["①前言", "一、甲(1分)", "(一)乙(1分)", "1.a(1分)", "(1)b", "②c", "落款"]).unwrap();
        assert_eq!((t.items.len(), t.items[0].standard.as_deref()), (1, Some("(1)b\n②c")));
        let left: Vec<&str> = t.reading.prose.as_ref().unwrap().left_out.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(left, ["①前言", "落款"]);
    }

    #[test]
    fn a_heading_states_its_share_of_the_whole() {
        assert_eq!(share("一、行政决策(占总分值的15%)"), Some(dec!(15)));
        assert_eq!(share("二、执法(权重 12.5％)"), Some(dec!(12.5)));
        assert_eq!(share("三、行政复议纠错率达100%"), None);
        assert_eq!(share("三、复议(纠错率占10%以下)"), None);
        let t = tree(&[
            "一、行政决策(占总分值的60%)",
            "基本要求:决策科学。",
            "(一)范围明确",
            "1.编制规划",
            "二、执法(占总分值的40%)",
            "(一)公示",
            "2.公示执法信息",
        ])
        .unwrap();
        assert_eq!(t.level1.iter().map(|g| g.weight).collect::<Vec<_>>(), [Some(dec!(60)), Some(dec!(40))]);
    }

    #[test]
    fn a_part_skipping_a_tier_is_an_error_at_its_line() {
        let errors = tree(&["一、甲(2分)", "(一)乙(2分)", "1.a(2分)", "二、丙(1分)", "1.b(1分)"]).unwrap_err();
        assert_eq!(errors, ["t.xlsx!指标!A5: “1.”上方没有二级指标(编号如“(一)”),而本文其他部分有这一级: 各部分的层级须一致,请补上二级指标"]);
    }

    #[test]
    fn a_number_skipped_is_an_error_at_its_line() {
        let errors = tree(&["一、甲", "1.a", "三、乙", "1.b"]).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert!(errors[0].starts_with("t.xlsx!指标!A3: "), "{errors:?}");
    }
}
