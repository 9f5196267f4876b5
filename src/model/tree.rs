//! The indicator tree (指标体系): 一级指标 → 二级指标 → 三级指标, the last being the items that
//! are scored, each with its points (分值) and responsible departments (责任单位). Tables of two tiers
//! (考核项目 → 考核内容) or one (评价事项) are trees without the missing tiers; a table of four tiers has a
//! 三级 group between the 二级 and the items (`level3`), which groups the items for reading and checking
//! only: scores add up through 二级 as in a three-tier tree. The tree is read from a table by `read::tree`;
//! here is what it is and how it is looked up.

use std::collections::HashMap;
use std::sync::OnceLock;

use rust_decimal::Decimal;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::location::{InputFile, Location};
use crate::number;
use crate::problem::Problem;
use crate::text;

/// A 一级 or 二级 indicator (or the 三级 of a four-tier table).
#[derive(Clone, Debug)]
pub struct Group {
    /// The code the table prints for it ("A1"), else one made from its position ("1", "1.2").
    pub code: String,
    pub name: String,
    /// The 一级 indicator a 二级 one belongs to (the 二级 a four-tier table's 三级 belongs to).
    pub parent: Option<usize>,
    /// Share of the parent's score (一级: of 100), when the system weights it.
    pub weight: Option<Decimal>,
    /// Points stated in its name ("一、……(20分)") or on its own row: checked against its items, never trusted.
    pub points: Option<Decimal>,
    /// 二级 indices for a 一级 group of a tree with 二级, item indices otherwise (a 二级 of a four-tier
    /// tree too: its 三级 list the same items again, in `level3`).
    pub children: Vec<usize>,
    pub location: Location,
}

/// A 三级指标, the unit of scoring.
#[derive(Clone, Debug)]
pub struct Item {
    /// What score sheets and schemes name it by: its code column's value (编号) or its tier's printed code,
    /// else one made from its position ("1.2.3").
    pub code: String,
    /// The code or 序号 as the table prints it ("*C7", "3", "1.2.1"), for naming the item in messages.
    pub printed: Option<String>,
    /// A key indicator (关键指标), starred in the table: "*C7" is the code C7 with this flag.
    pub key: bool,
    /// The official item number (指标序号) where a numbering column runs through the whole table: score
    /// sheets may refer to the item by it.
    pub number: Option<String>,
    /// Its text on one line.
    pub name: String,
    pub points: Decimal,
    /// Its 一级 and 二级 indicators; a tree of two tiers has no 二级, a flat list neither.
    pub level1: Option<usize>,
    pub level2: Option<usize>,
    /// Its 三级 group in a four-tier table.
    pub level3: Option<usize>,
    /// Every responsible department (牵头 first), without repeats.
    pub departments: Vec<String>,
    /// The lead department (牵头单位): the 牵头单位 column's, else the first department listed.
    pub lead: Option<String>,
    /// The scoring standard (评分标准) shown next to the input cell in templates.
    pub standard: Option<String>,
    /// Where the scoring standard is written: a 定量规则 read from it, or refused, is located there.
    pub standard_at: Option<Location>,
    /// What the tree's 类型 column declares; a scheme can declare more.
    pub kind: ItemKind,
    pub location: Location,
}

/// How an item counts (类型): in the sum, as a bonus on top (加分项), as a condition (否决项), or
/// in the sum with deductions that may go past its points (倒扣项).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ItemKind {
    #[default]
    Scored,
    Bonus,
    Veto,
    /// 倒扣项: scored like any item, within 0..points; what a deduction takes beyond its points
    /// comes off the unit's points obtained.
    Penalty,
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
    /// The 三级 groups of a four-tier table (empty otherwise).
    pub level3: Vec<Group>,
    pub items: Vec<Item>,
    pub(crate) by_code: HashMap<String, usize>,
    pub(crate) by_text: HashMap<String, Option<usize>>,
    /// Computed once: every template read back is checked against it.
    pub(crate) fingerprint: OnceLock<String>,
    /// What was read but not understood, and how it was taken.
    pub warnings: Vec<Problem>,
    /// How the table was read, for `check` and `tree`.
    pub reading: Reading,
}

/// How a table was read: the header, what each column was taken as, the tiers, where the points came
/// from, and which subtotals were confirmed.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Reading {
    /// The worksheet row of the header (its last row), counted from 1.
    pub header_row: usize,
    /// The title above the header, when the table has one: the round's name in the result workbook.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    pub columns: Vec<ColumnRead>,
    pub tiers: u8,
    pub points: PointsFrom,
    /// The `--points` every item took, when the table states none.
    pub default_points: Option<Decimal>,
    /// Stated points equal to the sum of the items under them.
    pub confirmed: Vec<Subtotal>,
    /// 一级/二级 nodes scored directly: their one item carries their points.
    pub carried: Vec<Location>,
    pub notes: Vec<String>,
    /// How numbered prose was read, when the tree came from a document's text rather than a table.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prose: Option<ProseReading>,
}

/// How numbered prose (编号的正文) was read: the numbering of each tier, and every line left out.
#[derive(Clone, Debug, Default, Serialize)]
pub struct ProseReading {
    /// The numbering that makes each tier, top first: "一、", "(一)", "1.".
    pub numbering: Vec<String>,
    /// Lines that are neither a numbered indicator nor the text under an item: the title and
    /// preamble, a heading's introduction, the closing.
    pub left_out: Vec<LeftOut>,
}

/// A line of a document left out of the tree.
#[derive(Clone, Debug, Serialize)]
pub struct LeftOut {
    pub at: Location,
    pub text: String,
}

/// Where the items' points came from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PointsFrom {
    Column,
    Text,
    ColumnAndText,
    #[default]
    Default,
}

/// A subtotal stated in the table and confirmed by the items under it.
#[derive(Clone, Debug, Serialize)]
pub struct Subtotal {
    pub cell: Location,
    pub stated: Decimal,
    pub sum: Decimal,
}

/// What a column is read as.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Level1,
    Level2,
    /// The 三级 of a four-tier table, above the items.
    Level3,
    Items,
    Code,
    /// An official item number running through the whole table (指标序号, or a blank header).
    Number,
    /// A 序号 that restarts in groups: a row number, not read.
    RowNumber,
    Points,
    Weight,
    Departments,
    Lead,
    Assist,
    Standard,
    Kind,
}

impl Role {
    pub fn describe(self) -> String {
        text::role_name(self.key())
    }

    /// The role's name in json (`read_as`) and its key for the sentences.
    pub fn key(self) -> &'static str {
        match self {
            Role::Level1 => "level1",
            Role::Level2 => "level2",
            Role::Level3 => "level3",
            Role::Items => "items",
            Role::Code => "code",
            Role::Number => "number",
            Role::RowNumber => "row_number",
            Role::Points => "points",
            Role::Weight => "weight",
            Role::Departments => "departments",
            Role::Lead => "lead",
            Role::Assist => "assist",
            Role::Standard => "standard",
            Role::Kind => "kind",
        }
    }
}

/// One column as read: its letter, its header text on one line, and what it was read as.
#[derive(Clone, Debug, Serialize)]
pub struct ColumnRead {
    pub column: String,
    pub header: String,
    pub read_as: Role,
}

/// How an item is referred to in a score sheet: by code, or else by its exact text.
pub enum ItemRef<'a> {
    Code(&'a str),
    Text(&'a str),
}

impl IndicatorTree {
    /// How many tiers the tree has: 4 (一级 → 二级 → 三级 → items), 3 (一级 → 二级 → 三级), 2 (一级 →
    /// items) or 1 (items alone).
    pub fn tiers(&self) -> u8 {
        self.reading.tiers
    }

    /// How many there are of each tier, top first, the items last: one count per tier the tree has.
    pub fn tier_counts(&self) -> Vec<usize> {
        let groups = [self.level1.len(), self.level2.len(), self.level3.len()];
        let above = usize::from(self.tiers().clamp(1, 4)) - 1;
        groups[..above].iter().copied().chain([self.items.len()]).collect()
    }

    /// Indexes the items by code and by text, once they are all read.
    pub(crate) fn index(&mut self) {
        for (i, item) in self.items.iter().enumerate() {
            self.by_code.insert(item.code.clone(), i);
        }
        // An official number is another name for its item, where no code already means something else; so
        // is a key indicator's starred code as printed ("*C7").
        for (i, item) in self.items.iter().enumerate() {
            if let Some(number) = &item.number {
                self.by_code.entry(number.clone()).or_insert(i);
            }
            if item.key {
                self.by_code.entry(format!("*{}", item.code)).or_insert(i);
            }
        }
        for (i, item) in self.items.iter().enumerate() {
            self.by_text.entry(normalize_text(&item.name)).and_modify(|e| *e = None).or_insert(Some(i));
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

    /// An item's 一级 indicator, if the tree has that tier.
    pub fn level1_of(&self, item: &Item) -> Option<&Group> {
        item.level1.map(|g| &self.level1[g])
    }

    /// An item's 二级 indicator, if the tree has that tier.
    pub fn level2_of(&self, item: &Item) -> Option<&Group> {
        item.level2.map(|g| &self.level2[g])
    }

    /// An item's 三级 group in a four-tier tree.
    pub fn level3_of(&self, item: &Item) -> Option<&Group> {
        item.level3.map(|g| &self.level3[g])
    }

    /// The codes of the items the tree declares of a kind, in the tree's order.
    pub fn codes_of(&self, kind: ItemKind) -> Vec<String> {
        self.items.iter().filter(|i| i.kind == kind).map(|i| i.code.clone()).collect()
    }

    /// What the 类型 column declares, in words for `check` and `tree`; `None` when it declares nothing.
    pub fn declared(&self) -> Option<String> {
        let (bonus, veto) = (self.codes_of(ItemKind::Bonus), self.codes_of(ItemKind::Veto));
        let list = |codes: Vec<String>| if codes.is_empty() { "—".to_string() } else { text::list(codes) };
        let penalty = self.codes_of(ItemKind::Penalty);
        let kinds = (!bonus.is_empty() || !veto.is_empty()).then(|| text::declared_kinds(list(bonus), list(veto)));
        let penalty = (!penalty.is_empty()).then(|| text::declared_penalty(text::list(penalty)));
        match (kinds, penalty) {
            (Some(kinds), Some(penalty)) => Some(format!("{kinds}\n{penalty}")),
            (kinds, penalty) => kinds.or(penalty),
        }
    }

    /// Points of the items declared scored (倒扣项 among them): the full marks without a scheme.
    pub fn scored_points(&self) -> Decimal {
        self.items.iter().filter(|i| matches!(i.kind, ItemKind::Scored | ItemKind::Penalty)).map(|i| i.points).sum()
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
            // A tier the tree does not have hashes as an empty name: three-tier trees keep their fingerprint.
            let name = |g: Option<&Group>| g.map_or(String::new(), |g| g.name.clone());
            let (l1, l2) = (self.level1_of(item), self.level2_of(item));
            let weight = l1.and_then(|g| g.weight).map(|w| w.normalize().to_string()).unwrap_or_default();
            for part in [&name(l1), &weight, &name(l2), &item.code, &item.name, &item.points.normalize().to_string()] {
                hash.update(part.as_bytes());
                hash.update([0x1f]);
            }
            // Only a four-tier tree hashes its 三级 and its key flags: other trees keep their fingerprint.
            if let Some(l3) = self.level3_of(item) {
                hash.update(l3.name.as_bytes());
                hash.update([0x1f]);
            }
            if item.key {
                hash.update("关键指标");
            }
            hash.update(item.departments.join("、").as_bytes());
            // Only a declared bonus or veto item adds to the hash: trees without a 类型 column keep theirs.
            match item.kind {
                ItemKind::Scored => {}
                ItemKind::Bonus => hash.update("加分项"),
                ItemKind::Veto => hash.update("否决项"),
                ItemKind::Penalty => hash.update("倒扣项"),
            }
            hash.update([0x1e]);
        }
        hash.finalize().iter().take(8).map(|b| format!("{b:02x}")).collect()
    }
}

impl Item {
    /// The item as the table prints it, for messages: its printed code or 序号 and the start of its text
    /// ("B14 依法制定学校章程并施行章程"), never a code made from its position.
    pub fn label(&self) -> String {
        const START: usize = 16;
        let mut start: String = self.name.chars().take(START).collect();
        if self.name.chars().count() > START {
            start.push('…');
        }
        match &self.printed {
            Some(p) if !self.name.starts_with(p.as_str()) => format!("{p} {start}"),
            _ => start,
        }
    }
}

fn normalize_text(text: &str) -> String {
    number::fold_width(text)
}
