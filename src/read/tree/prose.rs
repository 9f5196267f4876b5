//! Numbered prose (编号的正文) as an indicator tree: a 考核细则 or a duty list written as paragraphs
//! ("一、……(12分)" / "(一)……(6分)" / "1.……(0.5分)"), in a .txt, a .docx without tables, or a sheet
//! of one text column. The numbering makes the tiers — its styles ranked 一、 > (一) > 1. > (1) > ①,
//! the top three present being 一级, 二级 and the items — and the points come from the text, every
//! subtotal checked. A heading with nothing numbered under it is scored directly (it is its own
//! item). Lines without a number belong to the numbered line above them: an item's are its scoring
//! standard; a heading's introduction, the title and preamble before the first number and the
//! closing after the last item's text are left out, and listed.
//!
//! Self-contained: [`applies`] says whether a sheet is prose, [`read`] makes the tree.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use rust_decimal::Decimal;

use super::points;
use crate::grid::Sheet;
use crate::location::Location;
use crate::problem::{Problem, Problems};
use crate::text;
use crate::tree::{Group, IndicatorTree, Item, ItemKind, LeftOut, PointsFrom, ProseReading, Reading, Subtotal};

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
}

/// Reads the tree from numbered prose; every problem found, each at its line.
pub fn read(sheet: &Sheet, default_points: Decimal) -> Result<IndicatorTree, Problems> {
    let column = (0..sheet.width()).find(|&c| (0..sheet.height()).any(|r| sheet.text(r, c).is_some())).unwrap_or(0);
    let mut nodes: Vec<Node> = Vec::new();
    let mut left_out: Vec<LeftOut> = Vec::new();
    let mut totals: Vec<(Location, Decimal)> = Vec::new();
    for row in 0..sheet.height() {
        let Some(cell) = sheet.text(row, column) else { continue };
        let at = sheet.location(row, column);
        let lines = cell.lines().map(|l| l.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}')).filter(|l| !l.is_empty());
        for part in lines.flat_map(split_inline) {
            if let Some(total) = total(part) {
                totals.push((at.clone(), total));
                continue;
            }
            match numbering(part) {
                Some(numbering) => nodes.push(Node { at: at.clone(), text: part.to_string(), numbering, under: Vec::new() }),
                None => match nodes.last_mut() {
                    Some(node) => node.under.push((at.clone(), part.to_string())),
                    None => left_out.push(LeftOut { at: at.clone(), text: part.to_string() }),
                },
            }
        }
    }
    // The tiers: the three highest styles present. A deeper one is text under the line above.
    let mut styles: Vec<Style> = nodes.iter().map(|n| n.numbering.style).collect::<HashSet<_>>().into_iter().collect();
    styles.sort();
    styles.truncate(3);
    let mut kept: Vec<Node> = Vec::new();
    for node in nodes {
        if styles.contains(&node.numbering.style) {
            kept.push(node);
            continue;
        }
        let lines = std::iter::once((node.at, node.text)).chain(node.under);
        match kept.last_mut() {
            Some(above) => above.under.extend(lines),
            None => left_out.extend(lines.map(|(at, text)| LeftOut { at, text })),
        }
    }
    // After the last numbered line, its text runs to its last scoring rule or numbered sub-line; the
    // rest is the closing.
    if let Some(last) = kept.last_mut() {
        let keep = last.under.iter().rposition(|(_, t)| scores(t) || numbering(t).is_some()).map_or(0, |i| i + 1);
        left_out.extend(last.under.drain(keep..).map(|(at, text)| LeftOut { at, text }));
    }
    Builder::new(sheet, styles, default_points, left_out, totals).build(kept)
}

/// The points a 合计 or 总计 line states ("合计: 100分", "总计(100分)"), checked against every item.
fn total(line: &str) -> Option<Decimal> {
    let rest = line.strip_prefix("合计").or_else(|| line.strip_prefix("总计"))?;
    points::stated(rest.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, ':' | '：' | '\u{3000}')))
}

/// The share of the whole a 一级 heading states for itself in brackets, as a weight of 100:
/// "(占总分值的15%)", "(权重20%)"; a rate in its text ("纠错率占10%以下") is no weight.
fn share(text: &str) -> Option<Decimal> {
    let folded = crate::number::fold_width(text).replace('（', "(").replace('）', ")");
    let at = ["(占", "(权重"].iter().find_map(|open| folded.find(open))?;
    let inner = &folded[at + 1..at + folded[at..].find(')')?];
    let digits = inner.strip_suffix('%')?.trim_start_matches(|c: char| !c.is_ascii_digit());
    digits.parse().ok()
}

/// Whether a line states points or a scoring rule: "(N分)", "扣N分", "得N分".
fn scores(line: &str) -> bool {
    points::stated(line).is_some() || !rule_amounts(line, &['扣', '得', '记', '加', '减']).is_empty()
}

/// The one amount a line gives after one of `verbs` ("得6分"); `None` for none or several.
fn rule_points(line: &str, verbs: &[char]) -> Option<Decimal> {
    match rule_amounts(line, verbs)[..] {
        [one] => Some(one),
        _ => None,
    }
}

/// Every amount a line gives after one of `verbs`: "扣0.5分" and "得6分" are 0.5 and 6.
fn rule_amounts(line: &str, verbs: &[char]) -> Vec<Decimal> {
    let chars: Vec<char> = line.chars().map(|c| crate::number::fold_char(c).unwrap_or(c)).collect();
    let mut found = Vec::new();
    for (i, _) in chars.iter().enumerate().filter(|(_, c)| verbs.contains(c)) {
        let digits: String = chars[i + 1..].iter().take_while(|c| c.is_ascii_digit() || **c == '.').collect();
        if chars.get(i + 1 + digits.len()) == Some(&'分')
            && let Ok(amount) = digits.parse::<Decimal>()
        {
            found.push(amount);
        }
    }
    found
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

/// The points a numbered line gives: stated ("(6分)"), or only as a value ("得6分"), which a
/// heading's subtotal must confirm.
#[derive(Clone, Copy)]
enum Points {
    Stated(Decimal),
    Earned(Decimal),
}

impl Points {
    fn of(text: &str) -> Option<Points> {
        points::stated(text).map(Points::Stated).or_else(|| rule_points(text, &['得', '记']).map(Points::Earned))
    }

    fn value(self) -> Decimal {
        match self {
            Points::Stated(p) | Points::Earned(p) => p,
        }
    }
}

/// The tree as it is built, node by node in the document's order.
struct Builder<'a> {
    sheet: &'a Sheet,
    styles: Vec<Style>,
    default_points: Decimal,
    tree: IndicatorTree,
    points: Vec<Option<Points>>,
    /// The number each item's own numbering gives it, where it has one (not a heading scored directly).
    numbers: Vec<Option<u32>>,
    problems: Vec<Problem>,
    carried: Vec<Location>,
    left_out: Vec<LeftOut>,
    /// The last number seen of each style, anywhere and under the current parent.
    last: HashMap<Style, (u32, String)>,
    last_under: HashMap<(Style, usize, usize), u32>,
    /// 合计 lines: where, and the points they state.
    totals: Vec<(Location, Decimal)>,
}

impl<'a> Builder<'a> {
    fn new(sheet: &'a Sheet, styles: Vec<Style>, default_points: Decimal, left_out: Vec<LeftOut>, totals: Vec<(Location, Decimal)>) -> Self {
        let tree = IndicatorTree {
            source: sheet.whole(),
            input: None,
            level1: Vec::new(),
            level2: Vec::new(),
            level3: Vec::new(),
            items: Vec::new(),
            by_code: HashMap::new(),
            by_text: HashMap::new(),
            fingerprint: OnceLock::new(),
            warnings: Vec::new(),
            reading: Reading::default(),
        };
        Builder {
            sheet,
            styles,
            default_points,
            tree,
            points: Vec::new(),
            numbers: Vec::new(),
            problems: Vec::new(),
            carried: Vec::new(),
            left_out,
            last: HashMap::new(),
            last_under: HashMap::new(),
            totals,
        }
    }

    fn build(mut self, nodes: Vec<Node>) -> Result<IndicatorTree, Problems> {
        let tiers = self.styles.len();
        let tier = |n: &Node| self.styles.iter().position(|&s| s == n.numbering.style).unwrap_or(0);
        let tiers_of: Vec<usize> = nodes.iter().map(tier).collect();
        for (i, node) in nodes.into_iter().enumerate() {
            let k = tiers_of[i];
            // A heading is scored directly when nothing numbered follows under it.
            let leaf = tiers_of.get(i + 1).is_none_or(|&next| next <= k);
            self.check_number(&node, k);
            match (tiers - k, leaf) {
                (1, _) => self.item(node, false),
                (3, true) => {
                    self.level1(&node);
                    self.level2(&node);
                    self.carry(node);
                }
                (3, false) => self.level1_with_children(node),
                (2, true) if k == 0 => {
                    self.level1(&node);
                    self.carry(node);
                }
                (2, false) if k == 0 => self.level1_with_children(node),
                (2, true) => {
                    if self.level2(&node) {
                        self.carry(node);
                    }
                }
                _ => {
                    if self.level2(&node) {
                        self.heading_intro(node);
                    }
                }
            }
        }
        self.finish()
    }

    /// The numbering runs on from the sibling before, or from 1 (or from the last of its style,
    /// where a document numbers its items through) under a new parent.
    fn check_number(&mut self, node: &Node, tier: usize) {
        let (style, n) = (node.numbering.style, node.numbering.number);
        let parent = (if tier >= 1 { self.tree.level1.len() } else { 0 }, if tier >= 2 { self.tree.level2.len() } else { 0 });
        let sibling = self.last_under.get(&(style, parent.0, parent.1)).copied();
        let previous = self.last.get(&style).cloned();
        let follows = match sibling {
            Some(s) => n == s + 1,
            None => n == 1 || previous.as_ref().is_some_and(|(p, _)| n == p + 1),
        };
        if !follows {
            let before = previous.map(|(_, prefix)| prefix);
            self.problems.push(Problem::error(node.at.clone(), text::prose_numbering_skips(&node.numbering.prefix, before)));
        }
        self.last_under.insert((style, parent.0, parent.1), n);
        self.last.insert(style, (n, node.numbering.prefix.clone()));
    }

    fn level1(&mut self, node: &Node) {
        let code = (self.tree.level1.len() + 1).to_string();
        let (name, location, points, weight) = (node.text.clone(), node.at.clone(), points::stated(&node.text), share(&node.text));
        self.tree.level1.push(Group { code, name, parent: None, weight, points, children: Vec::new(), location });
    }

    fn level1_with_children(&mut self, node: Node) {
        self.level1(&node);
        self.heading_intro(node);
    }

    /// A 二级 under the current 一级; `false` (and a problem) when there is none.
    fn level2(&mut self, node: &Node) -> bool {
        let Some(p1) = self.tree.level1.len().checked_sub(1) else {
            self.missing_level(node, 1);
            return false;
        };
        let parent = &mut self.tree.level1[p1];
        let code = format!("{}.{}", parent.code, parent.children.len() + 1);
        parent.children.push(self.tree.level2.len());
        let points = points::stated(&node.text);
        self.tree.level2.push(Group {
            code,
            name: node.text.clone(),
            parent: Some(p1),
            weight: None,
            points,
            children: Vec::new(),
            location: node.at.clone(),
        });
        true
    }

    /// A numbered line with no heading of the tier above it (one part of the text skips a tier the others have).
    fn missing_level(&mut self, node: &Node, level: u8) {
        let above = self.styles[usize::from(level) - 1].label();
        self.problems.push(Problem::error(node.at.clone(), text::prose_missing_level(&node.numbering.prefix, text::level_name(level), above)));
    }

    /// A heading's own lines are its introduction, not an item's text: left out.
    fn heading_intro(&mut self, node: Node) {
        self.left_out.extend(node.under.into_iter().map(|(at, text)| LeftOut { at, text }));
    }

    /// A heading scored directly: its own item, carrying its points and its lines.
    fn carry(&mut self, node: Node) {
        self.carried.push(node.at.clone());
        self.item(node, true);
    }

    fn item(&mut self, node: Node, carried: bool) {
        let tiers = self.styles.len();
        let (p1, p2) = (self.tree.level1.len().checked_sub(1), self.tree.level2.len().checked_sub(1));
        let (p1, p2) = match tiers {
            3 => match (p1, p2) {
                (Some(p1), Some(p2)) if self.tree.level2[p2].parent == Some(p1) => (Some(p1), Some(p2)),
                (Some(_), _) => return self.missing_level(&node, 2),
                _ => return self.missing_level(&node, 1),
            },
            2 => match p1 {
                Some(p1) => (Some(p1), None),
                None => return self.missing_level(&node, 1),
            },
            _ => (None, None),
        };
        let index = self.tree.items.len();
        let siblings = match (p1, p2) {
            (_, Some(p2)) => Some(&mut self.tree.level2[p2]),
            (Some(p1), None) => Some(&mut self.tree.level1[p1]),
            _ => None,
        };
        let code = match siblings {
            Some(g) => {
                g.children.push(index);
                format!("{}.{}", g.code, g.children.len())
            }
            None => (index + 1).to_string(),
        };
        let standard = (!node.under.is_empty()).then(|| node.under.iter().map(|(_, t)| t.as_str()).collect::<Vec<_>>().join("\n"));
        let standard_at = node.under.first().map(|(at, _)| at.clone());
        self.points.push(Points::of(&node.text));
        self.numbers.push((!carried).then_some(node.numbering.number));
        self.tree.items.push(Item {
            code,
            printed: None,
            key: false,
            number: None,
            name: node.text,
            points: self.default_points,
            level1: p1,
            level2: p2,
            level3: None,
            departments: Vec::new(),
            lead: None,
            standard,
            standard_at,
            kind: ItemKind::Scored,
            location: node.at,
        });
    }

    fn finish(mut self) -> Result<IndicatorTree, Problems> {
        let tiers = self.styles.len() as u8;
        if self.tree.items.is_empty() {
            self.problems.push(Problem::error(self.sheet.whole(), text::prose_not_numbered(self.sheet.whole())));
        }
        let any = self.points.iter().any(Option::is_some)
            || self.tree.level1.iter().chain(&self.tree.level2).any(|g| g.points.is_some())
            || !self.totals.is_empty();
        for (item, points) in self.tree.items.iter_mut().zip(&self.points) {
            match points {
                Some(p) => item.points = p.value(),
                None if any => self.problems.push(Problem::error(item.location.clone(), text::points_not_stated(&item.code))),
                None => {}
            }
        }
        let mut reading = Reading { tiers, points: if any { PointsFrom::Text } else { PointsFrom::Default }, ..Reading::default() };
        if !any {
            reading.default_points = Some(self.default_points);
        }
        if self.problems.is_empty() {
            self.check_subtotals(&mut reading);
        }
        if !self.problems.is_empty() {
            return Err(Problems(self.problems));
        }
        // The items' own numbers name them too, where no two items share one (a document numbering
        // its items 1–27 through).
        let own: Vec<u32> = self.numbers.iter().flatten().copied().collect();
        if own.iter().collect::<HashSet<_>>().len() == own.len() {
            for (item, n) in self.tree.items.iter_mut().zip(&self.numbers) {
                item.number = n.map(|n| n.to_string());
            }
        }
        reading.carried = self.carried;
        let numbering = self.styles.iter().map(|s| s.label().to_string()).collect();
        self.left_out.sort_by_key(|l| l.at.cell);
        reading.prose = Some(ProseReading { numbering, left_out: self.left_out });
        self.tree.reading = reading;
        self.tree.index();
        Ok(self.tree)
    }

    /// Each heading's stated points against its items; an item valued only by "得N分" must be
    /// confirmed so by a heading above it.
    fn check_subtotals(&mut self, reading: &mut Reading) {
        let tree = &self.tree;
        let mut confirmed_items: HashSet<usize> = HashSet::new();
        let items_word = text::items_word(self.styles.len() as u8);
        for (level, groups) in [(1u8, &tree.level1), (2, &tree.level2)] {
            for (g, group) in groups.iter().enumerate() {
                let Some(stated) = group.points else { continue };
                if self.carried.contains(&group.location) {
                    continue;
                }
                let under: Vec<usize> = (0..tree.items.len())
                    .filter(|&i| if level == 1 { tree.items[i].level1 == Some(g) } else { tree.items[i].level2 == Some(g) })
                    .collect();
                let sum: Decimal = under.iter().map(|&i| tree.items[i].points).sum();
                if sum == stated {
                    reading.confirmed.push(Subtotal { cell: group.location.clone(), stated, sum });
                    confirmed_items.extend(under);
                } else {
                    let message = text::subtotal_differs(text::level_name(level), stated.normalize(), &items_word, sum.normalize(), "");
                    self.problems.push(Problem::error(group.location.clone(), message));
                }
            }
        }
        let all: Decimal = tree.items.iter().map(|i| i.points).sum();
        for (at, stated) in &self.totals {
            if *stated == all {
                reading.confirmed.push(Subtotal { cell: at.clone(), stated: *stated, sum: all });
                confirmed_items.extend(0..tree.items.len());
            } else {
                self.problems.push(Problem::error(at.clone(), text::total_differs(text::total(), stated.normalize(), all.normalize())));
            }
        }
        for (i, points) in self.points.iter().enumerate() {
            if let Some(Points::Earned(p)) = points
                && !confirmed_items.contains(&i)
            {
                self.problems.push(Problem::error(tree.items[i].location.clone(), text::prose_earned_unconfirmed(p.normalize())));
            }
        }
    }
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
