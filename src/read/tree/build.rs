//! The one tree builder: rows of cells (from a sheet, a Word table or numbered prose) become the tree —
//! tiers (one to four), codes, points, subtotals and the index — with every check in one place. What the
//! table states is checked, never trusted; a heading is never an item; a number is read as points only
//! where it is in the points column, plainly written as points, or confirmed by the table's arithmetic.

use std::collections::HashMap;
use std::sync::OnceLock;

use rust_decimal::Decimal;

use crate::location::Location;
use crate::number;
use crate::problem::{Problem, Problems};
use crate::text::{self, Message};
use crate::tree::{Group, IndicatorTree, Item, ItemKind, PointsFrom, Reading, Role, Subtotal};

use super::layout::settle_numbering;
use super::points::{self, Hint};
use super::row::{Line, Row, Table, Text, TierCells, Total, Value};
use super::{kind_of, parse_points, parse_share, split_departments};

/// Builds the tree from a table's rows, reporting every problem found.
pub fn build(mut table: Table, default_points: Decimal) -> Result<IndicatorTree, Problems> {
    promote_headings(&mut table);
    score_lone_headings(&mut table);
    let tiers = table.lines.iter().filter_map(|l| if let Line::Row(r) = l { Some(r.tiers.len()) } else { None }).max().unwrap_or(1).clamp(1, 4);
    let mut b = Builder::new(tiers);
    for line in std::mem::take(&mut table.lines) {
        match line {
            Line::Row(row) => b.row(*row),
            Line::Total(total) => {
                let from = if total.label == "小计" { b.totals.iter().rev().find(|t| t.0.label == "小计").map_or(0, |t| t.2) } else { 0 };
                let to = b.items.len();
                b.totals.push((total, from, to));
            }
        }
    }
    b.finish(table, default_points)
}

/// A group while it is built, with where its stated points are.
struct Node {
    group: Group,
    points_at: Option<Location>,
    /// Its code made from its position ("1.2"), for the items under it that print no code.
    path: String,
    /// Scored directly: its one item carries its points, so they are not a subtotal to check.
    carried: bool,
}

/// An item's points as its row states them.
struct Stated {
    points: Option<Decimal>,
    /// "依法决策12分", "得6分", "扣2分": taken only where a subtotal confirms it.
    hint: Option<(Decimal, Hint)>,
}

struct Builder {
    tiers: usize,
    /// The groups of each tier above the items: 一级, 二级, the 三级 of four tiers.
    groups: Vec<Vec<Node>>,
    /// The group each tier is in at the current row.
    open: Vec<Option<usize>>,
    /// Per tier, per group: the items under it, and the groups of the tier below it (its children).
    under: Vec<Vec<Vec<usize>>>,
    below: Vec<Vec<Vec<usize>>>,
    /// Each group by tier, parent and name: a name may not come back under the same parent.
    named: HashMap<(usize, Option<usize>, String), usize>,
    items: Vec<Item>,
    stated: Vec<Stated>,
    /// The numbering columns' cells on each item's row.
    numbers: Vec<Vec<Option<Text>>>,
    /// Whether each item is a heading scored directly (`Row::direct`).
    direct: Vec<bool>,
    totals: Vec<(Total, usize, usize)>,
    codes: HashMap<String, Location>,
    weight_seen: HashMap<usize, (Decimal, Location)>,
    other_kinds: Vec<(String, Location, usize)>,
    from_column: bool,
    from_text: bool,
    problems: Vec<Problem>,
}

impl Builder {
    fn new(tiers: usize) -> Builder {
        Builder {
            tiers,
            groups: (1..tiers).map(|_| Vec::new()).collect(),
            open: vec![None; tiers - 1],
            under: (1..tiers).map(|_| Vec::new()).collect(),
            below: (1..tiers).map(|_| Vec::new()).collect(),
            named: HashMap::new(),
            items: Vec::new(),
            stated: Vec::new(),
            numbers: Vec::new(),
            direct: Vec::new(),
            totals: Vec::new(),
            codes: HashMap::new(),
            weight_seen: HashMap::new(),
            other_kinds: Vec::new(),
            from_column: false,
            from_text: false,
            problems: Vec::new(),
        }
    }

    fn error(&mut self, at: Location, message: Message) {
        self.problems.push(Problem::error(at, message));
    }

    /// A points cell read, or its error reported.
    fn points_of(&mut self, value: Option<&Value>) -> Option<Decimal> {
        let value = value?;
        parse_points(&value.cell).unwrap_or_else(|why| {
            self.error(value.at.clone(), text::bad_points(why));
            None
        })
    }

    fn row(&mut self, mut row: Row) {
        let item_tier = self.tiers - 1;
        row.tiers.resize_with(self.tiers, TierCells::default);
        if row.tiers.iter().all(|t| t.name.is_none()) {
            // Text, points or a number on a row naming no indicator: never skipped in silence.
            let what = row.numbers.iter().flatten().next().or(row.code.as_ref()).or(row.stray.as_ref()).cloned();
            match (what, &row.points) {
                (Some(t), _) => self.error(t.at.clone(), text::row_without_item(&t.at, points::one_line(&t.text))),
                (None, Some(p)) => self.error(p.at.clone(), text::points_without_node(p.cell.text().unwrap_or_default())),
                _ => {}
            }
            return;
        }
        // Points in a name that no decimal holds exactly are refused at the name, never rounded.
        let inexact: Vec<(Location, Message)> =
            row.tiers.iter().filter_map(|t| t.name.as_ref()).filter_map(|n| points::inexact(&n.text).map(|why| (n.at.clone(), why))).collect();
        if !inexact.is_empty() {
            for (at, why) in inexact {
                self.error(at, text::bad_points(why));
            }
            return;
        }
        let mut opened: Option<usize> = None;
        for k in 0..item_tier {
            let Some(raw) = row.tiers[k].name.clone() else { continue };
            let name = points::one_line(&raw.text);
            let parent = k.checked_sub(1).map(|up| self.open[up]);
            if let Some(None) = parent {
                self.error(raw.at.clone(), text::missing_level(text::group_name(k as u8)));
                return;
            }
            let parent = parent.flatten();
            let same = opened.is_none() && self.open[k].is_some_and(|g| self.groups[k][g].group.name == name);
            if same {
                continue;
            }
            let index = self.groups[k].len();
            if let Some(&earlier) = self.named.get(&(k, parent, name.clone())) {
                let first = self.groups[k][earlier].group.location.clone();
                self.error(raw.at.clone(), text::node_reappears(&name, &first));
            }
            self.named.insert((k, parent, name.clone()), index);
            let path = match parent {
                Some(p) => {
                    self.below[k - 1][p].push(index);
                    format!("{}.{}", self.groups[k - 1][p].path, self.below[k - 1][p].len())
                }
                None => (index + 1).to_string(),
            };
            let code = row.tiers[k].code.as_ref().map_or_else(|| path.clone(), |c| printed_code(&c.text).0);
            let column = self.points_of(row.tiers[k].points.as_ref());
            let column_at = row.tiers[k].points.as_ref().map(|p| p.at.clone());
            // A heading's points glued to its name are checked against its items like any subtotal.
            let glued = || points::hint(&raw.text).filter(|(_, h)| *h == Hint::Glued).map(|(p, _)| p);
            let in_text = points::stated(&raw.text).or_else(glued);
            let (points, points_at) = match (column, in_text) {
                (Some(c), Some(t)) if c != t => {
                    self.error(raw.at.clone(), text::points_disagree(c.normalize(), t.normalize(), column_at.clone()));
                    (Some(c), column_at)
                }
                (Some(c), _) => (Some(c), column_at),
                (None, t) => (t, t.map(|_| raw.at.clone())),
            };
            // A 二级 is its 一级's child; items are the children of the group right above them, and of the 二级
            // of a four-tier tree too (its scores add up through 二级).
            if k == 1 {
                self.groups[0][parent.unwrap_or(0)].group.children.push(index);
            }
            let group = Group { code, name, parent, weight: None, points, children: Vec::new(), location: raw.at.clone() };
            self.groups[k].push(Node { group, points_at, path, carried: false });
            self.under[k].push(Vec::new());
            self.below[k].push(Vec::new());
            self.open[k] = Some(index);
            for deeper in &mut self.open[k + 1..] {
                *deeper = None;
            }
            opened = Some(k);
        }
        if let (Some(g), Some(w)) = (self.open.first().copied().flatten(), row.weight.as_ref()) {
            match parse_share(&w.cell) {
                Ok(None) => {}
                Ok(Some(weight)) => match self.weight_seen.get(&g) {
                    Some((seen, first)) if *seen != weight => {
                        let group = &self.groups[0][g].group;
                        let message = text::weight_disagrees(format!("{} {}", group.code, group.name), first);
                        self.error(w.at.clone(), message);
                    }
                    Some(_) => {}
                    None => {
                        self.weight_seen.insert(g, (weight, w.at.clone()));
                        self.groups[0][g].group.weight = Some(weight);
                    }
                },
                Err(why) => self.error(w.at.clone(), text::bad_weight(why)),
            }
        }
        let Some(name_cell) = row.tiers[item_tier].name.clone() else {
            self.group_row_points(&row, opened);
            return;
        };
        if let Some(k) = (0..item_tier).find(|&k| self.open[k].is_none()) {
            let at = row.tiers[k].cell.clone().unwrap_or_else(|| name_cell.at.clone());
            self.error(at, text::missing_level(text::group_name(k as u8 + 1)));
            return;
        }
        self.item(row, name_cell, opened.is_some());
    }

    /// A group's own row: a 分值 there is the group's (the deepest the row names).
    fn group_row_points(&mut self, row: &Row, opened: Option<usize>) {
        let Some(value) = &row.points else { return };
        let Some(p) = self.points_of(Some(value)) else { return };
        let named = (0..self.tiers - 1).rev().find(|&k| row.tiers[k].name.is_some());
        let Some(k) = opened.or(named) else { return };
        let Some(g) = self.open[k] else { return };
        let node = &mut self.groups[k][g];
        match node.group.points {
            Some(t) if t != p => {
                let (at, value_at) = (node.group.location.clone(), value.at.clone());
                self.error(at, text::points_disagree(p.normalize(), t.normalize(), Some(value_at)));
            }
            _ => {
                node.group.points = Some(p);
                node.points_at = Some(value.at.clone());
            }
        }
    }

    /// `opens`: the row opens a group too, so a 序号 on it may number the group (merged over its rows).
    fn item(&mut self, row: Row, name_cell: Text, opens: bool) {
        let item_tier = self.tiers - 1;
        let heading: Vec<usize> = (0..item_tier).filter(|&k| row.direct && row.tiers[k].name.is_some()).collect();
        let cells = &row.tiers[item_tier];
        let printed_cell = row.code.clone().or(cells.code.clone());
        let (code, key) = match printed_cell.as_ref().map(|c| printed_code(&c.text)) {
            Some((code, key)) => (code, key),
            None => {
                let parent = (0..item_tier).rev().find_map(|k| self.open[k].map(|g| (k, g)));
                let count = parent.map_or(self.items.len(), |(k, g)| self.under[k][g].len());
                let code = match parent {
                    Some((k, g)) => format!("{}.{}", self.groups[k][g].path, count + 1),
                    None => (count + 1).to_string(),
                };
                (code, false)
            }
        };
        // A 序号 names the item where the row opens no group; one running through the table names every item
        // (`settle_numbers`).
        let serial = || row.numbers.iter().flatten().next().filter(|_| !opens).map(|n| n.text.clone());
        let printed = printed_cell.map(|c| c.text.trim().to_string()).or_else(serial);
        let column_value = cells.points.as_ref().or(row.points.as_ref());
        let column = self.points_of(column_value);
        let in_text = points::stated(&name_cell.text);
        let points = match (column, in_text) {
            (Some(c), Some(t)) if c != t => {
                let at = column_value.map(|v| v.at.clone());
                self.error(name_cell.at.clone(), text::points_disagree(c.normalize(), t.normalize(), at));
                Some(c)
            }
            (c, t) => {
                self.from_column |= c.is_some();
                self.from_text |= c.is_none() && t.is_some();
                c.or(t)
            }
        };
        let hint = points.is_none().then(|| points::hint(&name_cell.text)).flatten();
        // The same item on the next row again is a column filled down: a heading column read as the items
        // (the items themselves in a column the reader did not recognise), never items of their own.
        let name = points::one_line(&name_cell.text);
        if let Some(last) = self.items.last().filter(|i| i.name == name && parents(i) == [0, 1, 2].map(|k| self.open.get(k).copied().flatten())) {
            let message = text::item_repeats(&name, &last.location, row.stray.as_ref().map(|s| s.at.to_string()).unwrap_or_default());
            self.error(name_cell.at.clone(), message);
            return;
        }
        if let Some(first) = self.codes.get(&code) {
            let at = printed_place(&row).unwrap_or_else(|| name_cell.at.clone());
            let message = text::duplicate_code(&code, first);
            self.error(at, message);
            return;
        }
        self.codes.insert(code.clone(), name_cell.at.clone());
        let lead = row.lead.as_ref().map(|l| split_departments(&l.text)).unwrap_or_default();
        let mut departments = lead.clone();
        for d in [&row.departments, &row.assist].into_iter().flatten().flat_map(|c| split_departments(&c.text)) {
            if !departments.contains(&d) {
                departments.push(d);
            }
        }
        let kind = match &row.kind {
            None => ItemKind::Scored,
            Some(k) => kind_of(&k.text).unwrap_or_else(|| {
                match self.other_kinds.iter_mut().find(|(value, _, _)| *value == k.text) {
                    Some((_, _, count)) => *count += 1,
                    None => self.other_kinds.push((k.text.clone(), k.at.clone(), 1)),
                }
                ItemKind::Scored
            }),
        };
        // Without a 牵头单位 column, the first department named leads, as offices list it.
        let lead = lead.into_iter().next().or_else(|| departments.first().cloned());
        let index = self.items.len();
        let at = |k: usize| self.open.get(k).copied().flatten();
        let (level1, level2, level3) = (at(0), at(1), at(2));
        // The groups whose children are items: the 一级 of two tiers, the 二级 of three or four, a 三级.
        match self.tiers {
            2 => self.groups[0][level1.unwrap_or(0)].group.children.push(index),
            3 | 4 => self.groups[1][level2.unwrap_or(0)].group.children.push(index),
            _ => {}
        }
        if let Some(g) = level3 {
            self.groups[2][g].group.children.push(index);
        }
        for (k, g) in [level1, level2, level3].into_iter().enumerate() {
            if let Some(g) = g {
                self.under[k][g].push(index);
            }
        }
        self.items.push(Item {
            code,
            printed,
            key,
            number: None,
            name,
            points: Decimal::ZERO,
            level1,
            level2,
            level3,
            departments,
            lead,
            standard_at: row.standard.as_ref().map(|s| s.at.clone()),
            standard: row.standard.map(|s| s.text),
            kind,
            location: name_cell.at,
        });
        self.stated.push(Stated { points, hint });
        self.numbers.push(row.numbers);
        self.direct.push(row.direct);
        // The groups a heading scored directly opened on its row are the item itself: no subtotal to check.
        for (k, g) in [level1, level2, level3].into_iter().enumerate().filter(|&(k, _)| heading.contains(&k)) {
            if let Some(g) = g {
                self.groups[k][g].carried = true;
            }
        }
    }

    /// The items under group `g` of tier `k`.
    fn items_under(&self, k: usize, g: usize) -> &[usize] {
        &self.under[k][g]
    }

    fn finish(mut self, table: Table, default_points: Decimal) -> Result<IndicatorTree, Problems> {
        if self.items.is_empty() {
            self.error(table.source.clone(), text::tree_has_no_items(&table.source));
        }
        let mut reading = Reading { header_row: table.header_row, title: table.title.clone(), tiers: self.tiers as u8, ..Reading::default() };
        // A heading is never an item, and never stands without items.
        for k in 0..self.groups.len() {
            for g in 0..self.groups[k].len() {
                if self.items_under(k, g).is_empty() && !self.items.is_empty() {
                    let group = &self.groups[k][g].group;
                    let message = text::group_without_items(text::group_name(k as u8 + 1), &group.name);
                    self.error(group.location.clone(), message);
                }
            }
        }
        self.settle_points(default_points, &mut reading);
        reading.points = match (self.stated.iter().any(|s| s.points.is_some()), self.from_column, self.from_text) {
            (false, ..) => PointsFrom::Default,
            (true, true, true) => PointsFrom::ColumnAndText,
            (true, false, true) => PointsFrom::Text,
            (true, _, false) => PointsFrom::Column,
        };
        if reading.points == PointsFrom::Default {
            reading.default_points = Some(default_points);
        }
        if self.problems.is_empty() {
            self.check_subtotals(&mut reading);
        }
        let mut columns = table.columns;
        self.settle_numbers(&table.numbering, &mut columns);
        reading.columns = columns;
        reading.notes.splice(0..0, table.notes);
        if !self.problems.is_empty() {
            return Err(Problems(self.problems));
        }
        let mut groups = self.groups.into_iter().map(|tier| tier.into_iter().map(|n| n.group).collect::<Vec<_>>());
        let mut tree = IndicatorTree {
            source: table.source,
            input: None,
            level1: groups.next().unwrap_or_default(),
            level2: groups.next().unwrap_or_default(),
            level3: groups.next().unwrap_or_default(),
            items: self.items,
            by_code: HashMap::new(),
            by_text: HashMap::new(),
            fingerprint: OnceLock::new(),
            warnings: self.other_kinds.into_iter().map(|(value, first, count)| Problem::warning(first, text::other_kind(value, count))).collect(),
            reading,
        };
        tree.index();
        Ok(tree)
    }

    /// Every item's points: stated on its row, carried from the one group above it that states them (a node
    /// scored directly, with a line of description under it), or its "得N分/扣N分" where the subtotal above
    /// confirms it. Where anything states points, an item stating none is an error at its cell; only a
    /// table stating no points at all takes the default.
    fn settle_points(&mut self, default_points: Decimal, reading: &mut Reading) {
        reading.carried = self.items.iter().zip(&self.direct).filter(|(_, d)| **d).map(|(i, _)| i.location.clone()).collect();
        for k in (0..self.groups.len()).rev() {
            for g in 0..self.groups[k].len() {
                let Some(points) = self.groups[k][g].group.points else { continue };
                if let [only] = *self.items_under(k, g)
                    && self.stated[only].points.is_none()
                {
                    self.stated[only] = Stated { points: Some(points), hint: None };
                    let node = &mut self.groups[k][g];
                    if !node.carried {
                        node.carried = true;
                        reading.carried.push(node.group.location.clone());
                    }
                }
            }
        }
        self.settle_hints(reading);
        let any = self.stated.iter().any(|s| s.points.is_some()) || self.groups.iter().flatten().any(|n| n.group.points.is_some());
        for i in 0..self.items.len() {
            match self.stated[i].points {
                Some(p) => self.items[i].points = p,
                None if self.stated[i].hint.is_some() => {}
                None if any => {
                    let message = text::points_not_stated(self.items[i].label());
                    self.error(self.items[i].location.clone(), message);
                }
                None => self.items[i].points = default_points,
            }
        }
    }

    /// Items whose only number may not be their points ("依法决策12分", "得6分", "扣2分"): their points where
    /// the nearest subtotal above is exactly the sum so read, else an error at the item saying what was
    /// ambiguous.
    fn settle_hints(&mut self, reading: &mut Reading) {
        let mut confirmed = Vec::new();
        for i in 0..self.items.len() {
            let Some((value, hint)) = self.stated[i].hint else { continue };
            let said = match hint {
                Hint::Glued => format!("{}分", value.normalize()),
                Hint::Earns => format!("得{}分", value.normalize()),
                Hint::Deducts => format!("扣{}分", value.normalize()),
            };
            let above = (0..self.groups.len())
                .rev()
                .find_map(|k| parents(&self.items[i])[k].filter(|&g| self.groups[k][g].group.points.is_some()).map(|g| (k, g)));
            let why = match above {
                None => Err(text::rule_points_no_subtotal()),
                Some((k, g)) => {
                    let node = &self.groups[k][g];
                    let under = self.items_under(k, g);
                    let read: Option<Decimal> = under.iter().map(|&j| self.stated[j].points.or(self.stated[j].hint.map(|h| h.0))).sum();
                    let stated = node.group.points.unwrap_or_default();
                    match read {
                        Some(sum) if sum == stated => Ok(()),
                        sum => Err(text::rule_points_sum(
                            text::group_name(k as u8 + 1),
                            node.points_at.as_ref().unwrap_or(&node.group.location),
                            stated.normalize(),
                            sum.map_or("?".into(), |s| s.normalize().to_string()),
                        )),
                    }
                }
            };
            match why {
                Ok(()) => confirmed.push((i, value)),
                Err(why) => {
                    let message = text::rule_points_unconfirmed(self.items[i].label(), said, why);
                    self.error(self.items[i].location.clone(), message);
                }
            }
        }
        if !confirmed.is_empty() {
            let cells: Vec<String> = confirmed.iter().map(|&(i, _)| self.items[i].location.within().unwrap_or_default()).collect();
            reading.notes.push(text::rule_points_confirmed(confirmed.len(), text::list(cells)));
        }
        self.from_text |= !confirmed.is_empty();
        for (i, value) in confirmed {
            self.stated[i] = Stated { points: Some(value), hint: None };
        }
    }

    /// Every subtotal — in a heading's name, on its own row, in a 合计/小计 row — against the sum of the
    /// items under it; a disagreement names the heading and the cell stating the points.
    fn check_subtotals(&mut self, reading: &mut Reading) {
        let sum = |items: &[usize], all: &[Item]| items.iter().map(|&i| all[i].points).sum::<Decimal>();
        let items_word = text::items_word(self.tiers as u8);
        for k in 0..self.groups.len() {
            for g in 0..self.groups[k].len() {
                let node = &self.groups[k][g];
                let Some(stated) = node.group.points else { continue };
                if node.carried {
                    continue;
                }
                let found = sum(self.items_under(k, g), &self.items);
                if found == stated {
                    reading.confirmed.push(Subtotal { cell: node.group.location.clone(), stated, sum: found });
                } else {
                    let at = node.points_at.as_ref().filter(|&a| *a != node.group.location).map(|a| a.to_string()).unwrap_or_default();
                    let level = text::group_name(k as u8 + 1);
                    let message = text::subtotal_differs(level, stated.normalize(), &items_word, found.normalize(), at);
                    self.problems.push(Problem::error(node.group.location.clone(), message));
                }
            }
        }
        for (total, from, to) in &self.totals {
            let items: Vec<usize> = (*from..*to).collect();
            let scored: Vec<usize> = items.iter().copied().filter(|&i| self.items[i].kind == ItemKind::Scored).collect();
            let (all, scored) = (sum(&items, &self.items), sum(&scored, &self.items));
            // A 合计 may leave out 加分项 and 否决项: either sum confirms it.
            if total.stated == all || total.stated == scored {
                reading.confirmed.push(Subtotal { cell: total.at.clone(), stated: total.stated, sum: total.stated });
            } else {
                let message = text::total_differs(&total.label, total.stated.normalize(), all.normalize());
                self.problems.push(Problem::error(total.at.clone(), message));
            }
        }
    }

    /// Official item numbers: a numbering column running through every item without restarting. One
    /// that restarts is a row number (序号), and said so.
    fn settle_numbers(&mut self, numbering: &[String], columns: &mut Vec<crate::tree::ColumnRead>) {
        let mut found = false;
        for (c, letter) in numbering.iter().enumerate() {
            // A heading scored directly prints the heading's number, not an item's: it takes no part.
            let numbered: Vec<usize> = (0..self.items.len()).filter(|&i| !self.direct[i]).collect();
            let numbers: Vec<Option<u64>> = numbered
                .iter()
                .map(|&i| self.numbers[i].get(c).cloned().flatten().and_then(|t| number::fold_width(&t.text).parse::<u64>().ok()))
                .collect();
            let running = !numbers.is_empty() && numbers[0].is_some() && numbers.windows(2).all(|w| matches!(w, [Some(a), Some(b)] if *b == a + 1));
            if running && !found {
                found = true;
                for (&i, n) in numbered.iter().zip(&numbers) {
                    let item = &mut self.items[i];
                    item.number = n.map(|n| n.to_string());
                    if item.printed.is_none() {
                        item.printed.clone_from(&item.number);
                    }
                }
                settle_numbering(columns, letter.clone(), Role::Number);
            } else {
                settle_numbering(columns, letter.clone(), Role::RowNumber);
            }
        }
    }
}

/// An item's group at each tier above it.
fn parents(item: &Item) -> [Option<usize>; 3] {
    [item.level1, item.level2, item.level3]
}

/// Where a row prints its item's code, for a message about it.
fn printed_place(row: &Row) -> Option<Location> {
    row.code.as_ref().or(row.tiers.last().and_then(|t| t.code.as_ref())).map(|c| c.at.clone())
}

/// A code as printed ("*C7", "一、"): the code score sheets use (folded, the star and a closing 、 taken off)
/// and whether it was starred (a key indicator, 关键指标).
fn printed_code(printed: &str) -> (String, bool) {
    let folded = number::fold_width(printed.trim());
    let folded = folded.trim_end_matches(['、', '.']);
    match folded.strip_prefix(['*', '＊', '★']) {
        Some(code) => (code.trim().to_string(), true),
        None => (folded.to_string(), false),
    }
}

/// How a name or 序号 is numbered, the outermost first: 第一条 (0), 一、 (1), (一) (2), 1. or a bare 1 (3),
/// 1.1 (4), 1.1.1 (5), (1) (6), ① (7). `None` when it is not numbered.
fn numbering_style(text: &str, bare_number: bool) -> Option<u8> {
    let t: String = number::fold_width(text.trim()).replace('（', "(").replace('）', ")");
    let chinese = |c: char| "一二三四五六七八九十百零〇".contains(c);
    let (inner, bracketed) = match t.strip_prefix('(') {
        Some(rest) => (rest, true),
        None => (t.as_str(), false),
    };
    let lead: String = inner.chars().take_while(|&c| chinese(c)).collect();
    let after = &inner[lead.len()..];
    if !lead.is_empty() {
        return match (bracketed, after.chars().next()) {
            (true, Some(')')) => Some(2),
            (false, Some('、' | '.' | '，' | ',' | ' ')) => Some(1),
            (false, None) if bare_number => Some(1),
            _ => None,
        };
    }
    if let Some(rest) = t.strip_prefix('第') {
        let n: String = rest.chars().take_while(|&c| chinese(c) || c.is_ascii_digit()).collect();
        return (!n.is_empty() && rest[n.len()..].starts_with(['条', '章', '节', '部'])).then_some(0);
    }
    if let Some(c) = t.chars().next()
        && ('①'..='⑳').contains(&c)
    {
        return Some(7);
    }
    let digits: String = inner.chars().take_while(|c| c.is_ascii_digit() || *c == '.').collect();
    if digits.is_empty() || !digits.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let next = inner[digits.len()..].chars().next();
    if bracketed {
        return (next == Some(')')).then_some(6);
    }
    let depth = digits.trim_end_matches('.').matches('.').count() as u8;
    let closed = digits.ends_with('.') || matches!(next, Some('、' | ' ')) || (next.is_none() && bare_number) || depth > 0;
    closed.then_some(3 + depth.min(2))
}

/// Headings written as rows of the item column — "一、组织领导" (in the 序号 or the name), its subtotal in the
/// 分值 column, the items "1.……" under it — become a tier of their own above the items: the rows numbered
/// in the outermost style, when the items column holds more than one style and begins with it. A heading's
/// 分值 is then its subtotal, checked against the rows under it, never an item's points.
fn promote_headings(table: &mut Table) {
    loop {
        // A numbered name says how it is numbered; an unnumbered one goes by its 序号 (which, merged over a
        // group's rows, numbers the group, not the items).
        let style = |row: &Row| {
            let named = row.tiers.last()?.name.as_ref().and_then(|n| numbering_style(&n.text, false));
            named.or_else(|| row.numbers.iter().flatten().next().and_then(|n| numbering_style(&n.text, true)))
        };
        let rows: Vec<&Row> = table.lines.iter().filter_map(|l| if let Line::Row(r) = l { Some(r.as_ref()) } else { None }).collect();
        let tiers = rows.iter().map(|r| r.tiers.len()).max().unwrap_or(0);
        // A row scored directly is known to be a heading already.
        let items: Vec<Option<u8>> =
            rows.iter().filter(|r| !r.direct && r.tiers.last().is_some_and(|t| t.name.is_some())).map(|r| style(r)).collect();
        let Some(top) = items.iter().flatten().min().copied() else { return };
        let styles = items.iter().flatten().filter(|&&s| s != top).count();
        if tiers >= 4 || styles == 0 || items.first() != Some(&Some(top)) {
            return;
        }
        let mut headings = 0;
        for line in &mut table.lines {
            let Line::Row(row) = line else { continue };
            let heading = !row.direct && row.tiers.last().is_some_and(|t| t.name.is_some()) && style(row) == Some(top);
            let at = row.tiers.len().saturating_sub(1);
            let mut tier = TierCells { cell: row.tiers.last().and_then(|t| t.cell.clone()), ..TierCells::default() };
            if heading {
                headings += 1;
                tier = std::mem::take(&mut row.tiers[at]);
                tier.cell = tier.name.as_ref().map(|n| n.at.clone());
                let serial = row.numbers.iter_mut().find(|n| n.is_some()).and_then(Option::take);
                tier.code = tier.code.or(serial.filter(|s| numbering_style(&s.text, true).is_some()));
                // The heading's own row carries its subtotal; its item code column, if any, is its code.
                if let Some(code) = row.code.take() {
                    tier.code.get_or_insert(code);
                }
            }
            row.tiers.insert(at, tier);
        }
        table.notes.push(text::headings_promoted(headings));
    }
}

/// A heading on a row of its own with nothing under it is never an item — unless the table scores it
/// directly: it has a cell of its own in the score column (得分, 自评分 …). Such a row becomes a heading
/// scored directly (`Row::direct`), its every tier below named by it; without a score column it stays a
/// heading without items, refused at its cell.
fn score_lone_headings(table: &mut Table) {
    // The first tier the line names afresh: a name filled down from the heading's row is the same heading.
    let first_named = |line: &Line, heading: &Row| match line {
        Line::Row(r) => r.tiers.iter().enumerate().position(|(t, c)| {
            c.name.is_some() && heading.tiers.get(t).is_none_or(|h| h.name.as_ref().map(|n| &n.text) != c.name.as_ref().map(|n| &n.text))
        }),
        Line::Total(_) => Some(0),
    };
    let mut cells = Vec::new();
    for i in 0..table.lines.len() {
        let next = match (&table.lines[i], table.lines.get(i + 1)) {
            (Line::Row(row), Some(line)) => Some(first_named(line, row)),
            _ => None,
        };
        let Line::Row(row) = &mut table.lines[i] else { continue };
        let Some(item) = row.tiers.len().checked_sub(1) else { continue };
        let Some(k) = row.tiers.iter().position(|t| t.name.is_some()).filter(|&k| k < item) else { continue };
        let alone = row.tiers[item].name.is_none() && row.tiers[k + 1..].iter().all(|t| t.name.is_none());
        // Nothing under it: the next line names a tier at or above it, or there is none.
        let nothing_under = next.is_none_or(|j| j.is_some_and(|j| j <= k));
        if !(alone && nothing_under) {
            continue;
        }
        let Some(score) = row.scored.clone() else { continue };
        let name = row.tiers[k].name.clone();
        for tier in &mut row.tiers[k + 1..] {
            tier.name.clone_from(&name);
        }
        row.direct = true;
        cells.push(score.within().unwrap_or_default());
    }
    if !cells.is_empty() {
        table.notes.push(text::headings_scored_directly(cells.len(), text::list(cells)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbering_styles() {
        assert_eq!(numbering_style("一、组织领导", false), Some(1));
        assert_eq!(numbering_style("一、", true), Some(1));
        assert_eq!(numbering_style("(二)制度建设", false), Some(2));
        assert_eq!(numbering_style("第八条 法律知识培训", false), Some(0));
        assert_eq!(numbering_style("1.成立领导小组", false), Some(3));
        assert_eq!(numbering_style("12", true), Some(3));
        assert_eq!(numbering_style("12345热线", false), None);
        assert_eq!(numbering_style("1.1.1内容合法", false), Some(5));
        assert_eq!(numbering_style("(1)建立", false), Some(6));
        assert_eq!(numbering_style("三公经费", false), None);
        assert_eq!(printed_code("*C7"), ("C7".into(), true));
        assert_eq!(printed_code(" B14 "), ("B14".into(), false));
        assert_eq!(printed_code("一、"), ("一".into(), false));
    }
}
