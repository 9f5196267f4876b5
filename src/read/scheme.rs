//! Scoring schemes (评分方案): the rules an office writes once a year, in a TOML file, read and
//! checked against the indicator tree before anything is scored. Keys are English; the shipped
//! examples in `indicators/` explain each one in Chinese comments.
//!
//! Every problem of a scheme is collected and reported together, with the line of the key.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use rust_decimal::Decimal;
use serde::Deserialize;
use toml::Spanned;
use toml::de::DeTable;

use crate::number;
use crate::quant::{Band as QuantBand, Measure, PartStep, QuantRule, RuleSource, Shortfall, Steps, WhenNone};
use crate::read::quant as words;
use crate::rules::{Band, Basis, Combine, Missing, Order, RankStyle, Rules, Threshold};
use crate::scores::ReadOptions;
use crate::text::{self, Message};
use crate::tree::{Group, IndicatorTree, Item, ItemRef};
use crate::vocabulary::{self, ColumnNames, Key};

const HUNDRED: Decimal = Decimal::ONE_HUNDRED;

/// A number as written in the scheme: 15, 15.5 or "15.5", read exactly.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Num(pub Decimal);

impl<'de> Deserialize<'de> for Num {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Written {
            Int(i64),
            // TOML floats are doubles; read back at 15 digits they are the decimal that was typed
            // (one typed with more comes as text: see `exact_floats`).
            Float(f64),
            Text(String),
        }
        match Written::deserialize(d)? {
            Written::Int(i) => Ok(Num(Decimal::from(i))),
            Written::Float(f) => number::from_f64(f).map(Num).ok_or_else(|| serde::de::Error::custom(text::not_a_number(f))),
            Written::Text(t) => number::parse_text(&t)
                .map(Num)
                .map_err(|e| serde::de::Error::custom(e.inexact(&t).unwrap_or_else(|| text::not_a_number(&t)).to_string())),
        }
    }
}

type Named<T> = BTreeMap<Spanned<String>, Spanned<T>>;

/// A scheme file as written, before it is checked against a tree.
///
/// Keys it does not know are collected while it is read (not refused by serde), so that a
/// misspelt key is reported with the scheme's other problems instead of hiding them.
#[derive(Debug, Deserialize)]
pub struct Scheme {
    #[serde(skip)]
    file: PathBuf,
    #[serde(skip)]
    source: String,
    #[serde(skip)]
    unknown_keys: Vec<SchemeProblem>,
    pub name: Option<String>,
    /// The indicator system, relative to the scheme file.
    tree: Option<String>,
    points: Option<Spanned<Num>>,
    decimals: Option<Spanned<u32>>,
    threshold: Option<Spanned<Num>>,
    threshold_on: Option<Basis>,
    rank_on: Option<Basis>,
    rank_style: Option<RankStyle>,
    /// The order of tied units: "name", "strokes" (按笔画), "input" or "code" (行政区划, `[codes]`).
    order: Option<Order>,
    /// The order of the units inside each grade band, as `order`; unset: by rank.
    grade_order: Option<Order>,
    missing: Option<Missing>,
    combine: Option<Combine>,
    #[serde(default)]
    weights: Named<Num>,
    #[serde(default)]
    sources: Named<Num>,
    #[serde(default)]
    departments: Named<Num>,
    #[serde(default)]
    bonus: Bonus,
    #[serde(default)]
    veto: Veto,
    #[serde(default)]
    penalty: Penalty,
    #[serde(default)]
    min_rate: Named<Num>,
    #[serde(default)]
    grades: BTreeMap<Spanned<String>, Vec<RawBand>>,
    default_group: Option<Spanned<String>>,
    #[serde(default)]
    groups: Named<String>,
    /// `[codes]`: each unit's 行政区划 code, for `order = "code"`.
    #[serde(default)]
    codes: Named<String>,
    /// Disputed items (争议/申诉) by code, for every unit.
    #[serde(default)]
    disputed: Vec<Spanned<String>>,
    /// `[columns]`: score-sheet columns named by hand, `item = "考核内容"`, `score = "D"`.
    #[serde(default)]
    columns: Named<String>,
    /// Every score sheet is a deduction list (扣分明细): items not listed keep their points.
    deductions_only: Option<bool>,
    /// `[quant.<code or name>]`: 定量规则, over those read from the items' 评分标准.
    #[serde(default)]
    quant: Named<RawQuant>,
}

/// A 定量规则 as a scheme writes it: in the published words (`rule`), or key by key.
#[derive(Debug, Deserialize)]
struct RawQuant {
    /// The rule in words, read as a 评分标准 is: "达到95%得满分,每低1个百分点扣0.5分".
    rule: Option<Spanned<String>>,
    /// "≥95%", "100%", "≤2件", ">平均".
    target: Option<Spanned<String>>,
    /// "rate" or "count", where the target's unit does not say.
    measure: Option<Spanned<String>>,
    /// Points off per step short.
    deduct: Option<Spanned<Num>>,
    /// The step: "1个百分点" (default 1 of the target's unit), "1件".
    per: Option<Spanned<Step>>,
    /// "whole" (不足一步按一步计), "pro_rata" (the default), "drop".
    part: Option<Spanned<String>>,
    /// The most deducted; the item's points without it (扣完为止).
    cap: Option<Spanned<Num>>,
    /// Points off when the target is missed (未达到的扣N分); without `deduct` or `bands`, 0 points.
    missed: Option<Spanned<Num>>,
    #[serde(default)]
    bands: Vec<RawQuantBand>,
    /// "not_applicable" or "full": what a denominator of 0 means.
    when_none: Option<Spanned<String>>,
    /// Decimals the rate is rounded to (四舍五入) before it is compared.
    decimals: Option<Spanned<u32>>,
}

/// A step as written: a number, or a number with its unit.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Step {
    Number(Num),
    Words(String),
}

/// `{ from = "≥90%", award = "一半" }`.
#[derive(Debug, Deserialize)]
struct RawQuantBand {
    from: Spanned<String>,
    award: Spanned<Step>,
}

/// `[bonus]`: bonus items by code, and the most they add.
#[derive(Debug, Default, Deserialize)]
struct Bonus {
    #[serde(default)]
    items: Vec<Spanned<String>>,
    cap: Option<Spanned<Num>>,
}

/// `[veto]`: veto items by code, and the grade of a vetoed unit.
#[derive(Debug, Default, Deserialize)]
struct Veto {
    #[serde(default)]
    items: Vec<Spanned<String>>,
    grade: Option<String>,
}

/// `[penalty]`: 倒扣项 by code, whose deductions may go past their points.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Penalty {
    #[serde(default)]
    items: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
struct RawBand {
    name: Spanned<String>,
    min: Spanned<Num>,
}

/// One thing wrong in a scheme, at a line when it is about one key.
#[derive(Clone, Debug, PartialEq)]
pub struct SchemeProblem {
    pub line: Option<usize>,
    /// The key, as a dotted path: `weights.制度建设`.
    pub key: String,
    pub message: String,
}

/// Why a scheme cannot be used.
#[derive(Debug)]
pub enum SchemeError {
    Read(PathBuf, std::io::Error),
    Syntax(toml::de::Error),
    Invalid(PathBuf, Vec<SchemeProblem>),
}

impl SchemeError {
    /// The problem, with its code; a scheme's own problems are listed in its sentence, each with its line.
    pub fn message(&self) -> Message {
        match self {
            SchemeError::Read(path, why) => text::cannot_open(path.display(), why),
            SchemeError::Syntax(why) => text::scheme_syntax(why),
            SchemeError::Invalid(file, problems) => {
                let lines: String = problems
                    .iter()
                    .map(|p| format!("\n  {}{}: {}: {}", file.display(), p.line.map(|l| format!(":{l}")).unwrap_or_default(), p.key, p.message))
                    .collect();
                text::scheme_problems(problems.len(), lines)
            }
        }
    }
}

impl fmt::Display for SchemeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.message().fmt(f)
    }
}

impl std::error::Error for SchemeError {}

impl fmt::Display for SchemeProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.key, self.message)
    }
}

impl Scheme {
    /// A scheme from its text; `path` names it in messages and is where `tree` is looked for.
    pub fn parse(path: &Path, source: String) -> Result<Self, SchemeError> {
        let mut document = DeTable::parse(&source).map_err(SchemeError::Syntax)?;
        let mut check = Check { source: &source, problems: Vec::new() };
        exact_floats(document.get_mut(), &mut Vec::new(), &mut check);
        let inexact = check.problems;
        let mut scheme = Scheme::deserialize(toml::de::Deserializer::from(document)).map_err(|mut e| {
            e.set_input(Some(&source));
            SchemeError::Syntax(e)
        })?;
        scheme.unknown_keys = unknown_keys(&source);
        scheme.unknown_keys.extend(inexact);
        scheme.file = path.to_path_buf();
        scheme.source = source;
        Ok(scheme)
    }

    /// The indicator system the scheme names, relative to the scheme's folder.
    pub fn tree_path(&self) -> Option<PathBuf> {
        let dir = self.file.parent().unwrap_or(Path::new(""));
        self.tree.as_ref().map(|t| dir.join(t))
    }

    /// Points of items without a 分值, when the scheme sets them.
    pub fn points(&self) -> Option<Decimal> {
        self.points.as_ref().map(|p| p.get_ref().0)
    }

    /// How the scheme says score sheets are read: its `[columns]` (keys checked by [`Scheme::rules`])
    /// and `deductions_only`.
    pub fn reading(&self) -> ReadOptions {
        let mut columns = ColumnNames::default();
        for (key, value) in &self.columns {
            if let Some(key) = Key::of_name(key.get_ref()) {
                columns.set(key, value.get_ref());
            }
        }
        ReadOptions { columns, deductions_only: self.deductions_only.unwrap_or(false) }
    }

    /// The rules of the scheme for this tree, or every problem found.
    pub fn rules(&self, tree: &IndicatorTree) -> Result<Rules, SchemeError> {
        let mut check = Check { source: &self.source, problems: self.unknown_keys.clone() };
        let defaults = Rules::default();
        if let Some(p) = &self.points {
            check.non_negative("points", p);
        }
        let decimals = match &self.decimals {
            Some(d) if *d.get_ref() > 6 => {
                check.at(d.span().start, "decimals", text::decimals_too_many(*d.get_ref()));
                defaults.decimals
            }
            Some(d) => *d.get_ref(),
            None => defaults.decimals,
        };
        let threshold = match &self.threshold {
            Some(t) => check.non_negative("threshold", t),
            None => defaults.threshold.value,
        };
        // The tree's 类型 column declares some; the scheme can add more.
        let declared = Rules::of_tree(tree);
        let add = |mut codes: Vec<String>, listed: Vec<String>| {
            for code in listed {
                if !codes.contains(&code) {
                    codes.push(code);
                }
            }
            codes
        };
        let bonus_items = add(declared.bonus_items, self.items("bonus.items", &self.bonus.items, text::bonus_kind(), tree, &mut check));
        let veto_items = add(declared.veto_items, self.items("veto.items", &self.veto.items, text::veto_kind(), tree, &mut check));
        let penalty_items = add(declared.penalty_items, self.items("penalty.items", &self.penalty.items, text::penalty_kind(), tree, &mut check));
        let rules = Rules {
            decimals,
            threshold: Threshold { value: threshold, on: self.threshold_on.unwrap_or(defaults.threshold.on) },
            rank_on: self.rank_on.unwrap_or(defaults.rank_on),
            rank_style: self.rank_style.unwrap_or(defaults.rank_style),
            order: self.order.unwrap_or(defaults.order),
            grade_order: self.grade_order.or(defaults.grade_order),
            missing: self.missing.unwrap_or(defaults.missing),
            combine: self.combine.unwrap_or(defaults.combine),
            department_weights: self.department_weights(tree, &mut check),
            source_weights: self.source_weights(&mut check),
            weights: self.weights(tree, [&bonus_items, &veto_items], &mut check),
            bonus_items,
            bonus_cap: self.bonus.cap.as_ref().map(|c| check.non_negative("bonus.cap", c)),
            veto_items,
            veto_grade: self.veto.grade.clone(),
            penalty_items,
            min_rates: self.min_rates(tree, &mut check),
            grades: self.grades(&mut check),
            unit_groups: self.groups.iter().map(|(u, g)| (u.get_ref().clone(), g.get_ref().clone())).collect(),
            unit_codes: self.codes.iter().map(|(u, c)| (u.get_ref().clone(), c.get_ref().clone())).collect(),
            disputed_items: self.items("disputed", &self.disputed, text::disputed_kind(), tree, &mut check),
            default_group: self.default_group(),
            quant: self.quant_rules(tree, &mut check),
        };
        for code in rules.bonus_items.iter().filter(|c| rules.veto_items.contains(c)) {
            let at = self.veto.items.iter().find(|i| i.get_ref() == code).map(|i| i.span().start);
            check.at(at, "veto.items", text::both_bonus_and_veto(code));
        }
        for code in rules.bonus_items.iter().filter(|c| rules.penalty_items.contains(c)) {
            let at = self.penalty.items.iter().find(|i| i.get_ref() == code).map(|i| i.span().start);
            check.at(at, "penalty.items", text::both_bonus_and_penalty(code));
        }
        self.check_group_names(&rules, &mut check);
        for (key, value) in &self.columns {
            let dotted = format!("columns.{}", key.get_ref());
            if Key::of_name(key.get_ref()).is_none() {
                check.at(key.span().start, &dotted, text::unknown_key(vocabulary::keys()));
            } else if value.get_ref().trim().is_empty() {
                check.at(value.span().start, &dotted, text::column_name_empty());
            }
        }
        if check.problems.is_empty() {
            return Ok(rules);
        }
        // In the order of the file; problems about no single line last.
        check.problems.sort_by_key(|p| p.line.unwrap_or(usize::MAX));
        Err(SchemeError::Invalid(self.file.clone(), check.problems))
    }

    /// `[quant]`: each rule by the item's code or name.
    fn quant_rules(&self, tree: &IndicatorTree, check: &mut Check) -> BTreeMap<String, QuantRule> {
        let mut rules = BTreeMap::new();
        for (key, raw) in &self.quant {
            let dotted = format!("quant.{}", key.get_ref());
            let Some(i) = tree.find(ItemRef::Code(key.get_ref())).or_else(|| tree.find(ItemRef::Text(key.get_ref()))) else {
                check.at(key.span().start, &dotted, text::item_not_in_tree(text::quant_kind(), key.get_ref()));
                continue;
            };
            let line = check.line(key.span().start);
            if let Some(mut rule) = quant_rule(raw.get_ref(), &dotted, check) {
                rule.source = RuleSource::Scheme { line };
                rules.insert(tree.items[i].code.clone(), rule);
            }
        }
        rules
    }

    fn department_weights(&self, tree: &IndicatorTree, check: &mut Check) -> BTreeMap<String, Decimal> {
        let known = tree.departments();
        let mut weights = BTreeMap::new();
        for (name, w) in &self.departments {
            let key = format!("departments.{}", name.get_ref());
            let value = check.non_negative(&key, w);
            if known.contains(name.get_ref()) {
                weights.insert(name.get_ref().clone(), value);
            } else {
                check.at(name.span().start, &key, text::unknown_department(name.get_ref()));
            }
        }
        weights
    }

    /// Sources in the order written; their weights must add up to 100.
    fn source_weights(&self, check: &mut Check) -> Vec<(String, Decimal)> {
        let mut sources: Vec<_> = self.sources.iter().collect();
        sources.sort_by_key(|(name, _)| name.span().start);
        let weights: Vec<(String, Decimal)> =
            sources.iter().map(|(name, w)| (name.get_ref().clone(), check.non_negative(&format!("sources.{}", name.get_ref()), w))).collect();
        let sum: Decimal = weights.iter().map(|(_, w)| *w).sum();
        if let (Some((first, _)), false) = (sources.first(), sum == HUNDRED) {
            check.at(first.span().start, "sources", text::weights_sum(text::scope_sources(), sum.normalize()));
        }
        weights
    }

    /// Weights by 一级 or 二级 code or name. With the tree's own 权重 column, every weighted set of
    /// siblings must weigh all its members and add up to 100; a group holding only bonus or veto
    /// items (`outside`) needs no weight.
    fn weights(&self, tree: &IndicatorTree, outside: [&[String]; 2], check: &mut Check) -> BTreeMap<String, Decimal> {
        let mut weights = BTreeMap::new();
        let first_line = self.weights.keys().map(|k| k.span().start).min();
        for (key, w) in &self.weights {
            let name = format!("weights.{}", key.get_ref());
            let value = check.non_negative(&name, w);
            match named_groups(tree.level1.iter().chain(&tree.level2), key.get_ref())[..] {
                // A code and a name can both point at one group.
                [g] if weights.insert(g.code.clone(), value).is_some() => check.at(key.span().start, &name, text::weight_twice(&g.code, &g.name)),
                [_] => {}
                [] => check.at(key.span().start, &name, text::unknown_group_code(key.get_ref())),
                ref several => check.at(key.span().start, &name, text::ambiguous_group(key.get_ref(), &groups_list(several))),
            }
        }
        let effective = |g: &Group| weights.get(&g.code).copied().or(g.weight);
        let scored = |g: &Group| {
            let inside = |i: &Item| !outside.iter().any(|codes| codes.contains(&i.code));
            tree.items.iter().filter(|i| inside(i)).any(|i| [tree.level1_of(i), tree.level2_of(i)].into_iter().flatten().any(|n| n.code == g.code))
        };
        let mut sets: Vec<(String, Vec<&Group>)> = vec![(text::scope_level1(), tree.level1.iter().collect())];
        // A two-tier tree's 一级 indicators hold items, which are not weighted.
        for g in tree.level1.iter().filter(|_| tree.tiers() >= 3) {
            sets.push((text::scope_children(&g.code), g.children.iter().map(|&c| &tree.level2[c]).collect()));
        }
        for (scope, members) in sets {
            if members.iter().all(|g| effective(g).is_none()) {
                continue;
            }
            for g in members.iter().filter(|g| effective(g).is_none() && scored(g)) {
                check.at(first_line, "weights", text::weight_missing(&g.code, &g.name, &scope));
            }
            let sum: Decimal = members.iter().filter_map(|g| effective(g)).sum();
            if sum != HUNDRED {
                check.at(first_line, "weights", text::weights_sum(&scope, sum.normalize()));
            }
        }
        weights
    }

    fn items(&self, key: &str, listed: &[Spanned<String>], kind: String, tree: &IndicatorTree, check: &mut Check) -> Vec<String> {
        let mut codes = Vec::new();
        for code in listed {
            match tree.find(ItemRef::Code(code.get_ref())) {
                Some(i) => codes.push(tree.items[i].code.clone()),
                None => check.at(code.span().start, key, text::item_not_in_tree(&kind, code.get_ref())),
            }
        }
        codes
    }

    fn min_rates(&self, tree: &IndicatorTree, check: &mut Check) -> BTreeMap<String, Decimal> {
        let mut rates = BTreeMap::new();
        for (key, rate) in &self.min_rate {
            let name = format!("min_rate.{}", key.get_ref());
            let value = check.non_negative(&name, rate);
            if value > HUNDRED {
                check.at(rate.span().start, &name, text::above_hundred(value.normalize()));
            }
            match named_groups(&tree.level1, key.get_ref())[..] {
                [g] => {
                    rates.insert(g.code.clone(), value);
                }
                [] => check.at(key.span().start, &name, text::unknown_level1(key.get_ref())),
                ref several => check.at(key.span().start, &name, text::ambiguous_group(key.get_ref(), &groups_list(several))),
            }
        }
        rates
    }

    /// Bands highest first, each minimum strictly below the one above: no overlap, no gap in order.
    fn grades(&self, check: &mut Check) -> BTreeMap<String, Vec<Band>> {
        let mut grades = BTreeMap::new();
        for (group, raw) in &self.grades {
            let key = format!("grades.{}", group.get_ref());
            if raw.is_empty() {
                check.at(group.span().start, &key, text::no_bands(group.get_ref()));
            }
            let mut bands: Vec<Band> = Vec::new();
            for b in raw {
                let min = check.non_negative(&key, &b.min);
                let name = b.name.get_ref().trim().to_string();
                if name.is_empty() {
                    check.at(b.name.span().start, &key, text::empty_name());
                } else if bands.iter().any(|x| x.name == name) {
                    check.at(b.name.span().start, &key, text::duplicate_band(group.get_ref(), &name));
                }
                if let Some(above) = bands.last().filter(|above| min >= above.min) {
                    let message = text::bands_unsorted(group.get_ref(), &name, min.normalize(), &above.name, above.min.normalize());
                    check.at(b.min.span().start, &key, message);
                }
                bands.push(Band { name, min });
            }
            grades.insert(group.get_ref().clone(), bands);
        }
        grades
    }

    /// The group of units not in `[groups]`: named, or the only one there is. With several and
    /// none named, `[groups]` may well list every unit: a unit in no group is found when scoring.
    fn default_group(&self) -> Option<String> {
        match (&self.default_group, self.grades.len()) {
            (Some(g), _) => Some(g.get_ref().clone()),
            (None, 1) => self.grades.keys().next().map(|g| g.get_ref().clone()),
            (None, _) => None,
        }
    }

    fn check_group_names(&self, rules: &Rules, check: &mut Check) {
        let mut named: Vec<(usize, String, &str)> =
            self.groups.iter().map(|(u, g)| (g.span().start, format!("groups.{}", u.get_ref()), g.get_ref().as_str())).collect();
        if let Some(g) = &self.default_group {
            named.push((g.span().start, "default_group".into(), g.get_ref()));
        }
        for (at, key, group) in named {
            if !rules.grades.contains_key(group) {
                check.at(at, &key, text::unknown_grade_group(group, self.group_names()));
            }
        }
    }

    fn group_names(&self) -> String {
        text::list(self.grades.keys().map(|g| g.get_ref()))
    }
}

/// A problem for each key the scheme does not know, at its line. The tables with fixed keys are
/// walked here; the others (`[weights]`, `[groups]` …) take any name.
fn unknown_keys(source: &str) -> Vec<SchemeProblem> {
    let mut check = Check { source, problems: Vec::new() };
    // The scheme was just read from this text, so it parses.
    let Ok(document) = DeTable::parse(source) else { return check.problems };
    let root = document.get_ref();
    let table = |name: &str| root.iter().find(|(k, _)| k.get_ref() == name).and_then(|(_, v)| v.get_ref().as_table());
    // Each table with fixed keys: the table, the keys leading to it, the keys it knows.
    let mut fixed: Vec<(&DeTable, Vec<&str>, &[&str])> = vec![(root, Vec::new(), fields::<Scheme>())];
    for (name, known) in [("bonus", fields::<Bonus>()), ("veto", fields::<Veto>())] {
        fixed.extend(table(name).map(|t| (t, vec![name], known)));
    }
    for (item, rule) in table("quant").into_iter().flatten() {
        let Some(rule) = rule.get_ref().as_table() else { continue };
        fixed.push((rule, vec!["quant", item.get_ref()], fields::<RawQuant>()));
        let bands = rule.iter().find(|(k, _)| k.get_ref() == "bands").and_then(|(_, v)| v.get_ref().as_array());
        for band in bands.into_iter().flatten().filter_map(|b| b.get_ref().as_table()) {
            fixed.push((band, vec!["quant", item.get_ref(), "bands"], fields::<RawQuantBand>()));
        }
    }
    for (group, bands) in table("grades").into_iter().flatten() {
        let bands = bands.get_ref().as_array().into_iter().flat_map(|a| a.iter());
        for band in bands.filter_map(|b| b.get_ref().as_table()) {
            fixed.push((band, vec!["grades", group.get_ref()], fields::<RawBand>()));
        }
    }
    for (table, path, known) in fixed {
        for (key, _) in table.iter().filter(|(key, _)| !known.contains(&key.get_ref().as_ref())) {
            let key_name = key.get_ref().as_ref();
            let dotted: Vec<&str> = path.iter().copied().chain([key_name]).collect();
            check.at(key.span().start, &dotted.join("."), unknown_key(key_name, &path, known));
        }
    }
    check.problems
}

/// Floats read exactly. serde is handed a TOML float as a double, which keeps 15 significant
/// digits for sure ([`Num`] reads it back at those): a float written with more is handed on as the
/// decimal it writes, which [`Num`] reads as text, and one no decimal holds (more than 28 digits or
/// decimals) is a problem at its line, never rounded.
fn exact_floats(table: &mut DeTable<'_>, path: &mut Vec<String>, check: &mut Check<'_>) {
    for (key, value) in table.iter_mut() {
        path.push(key.get_ref().to_string());
        exact_float(value, path, check);
        path.pop();
    }
}

fn exact_float(value: &mut Spanned<toml::de::DeValue<'_>>, path: &mut Vec<String>, check: &mut Check<'_>) {
    use toml::de::DeValue;
    let at = value.span().start;
    match value.get_mut() {
        DeValue::Table(table) => exact_floats(table, path, check),
        DeValue::Array(array) => array.iter_mut().for_each(|v| exact_float(v, path, check)),
        DeValue::Float(float) => {
            let written = float.as_str();
            let double = written.parse::<f64>().ok().and_then(number::from_f64);
            match number::parse_scientific(written) {
                Ok(exact) if double == Some(exact) => {}
                Ok(exact) => *value.get_mut() = DeValue::String(exact.to_string().into()),
                // inf and nan, which are no decimal, are left to `Num` to refuse.
                Err(why) => {
                    if let Some(message) = why.inexact(written) {
                        check.at(at, &path.join("."), message);
                    }
                }
            }
        }
        _ => {}
    }
}

/// What to say of a key that the table at `path`, knowing `known`, does not know: the known key
/// it is probably meant to be, or where a top-level key belongs, or the keys there are.
fn unknown_key(key: &str, path: &[&str], known: &[&str]) -> String {
    if !path.is_empty() && fields::<Scheme>().contains(&key) {
        return text::top_level_key_in_table(key, path.join("."));
    }
    let closest = known.iter().map(|k| (strsim::jaro_winkler(key, k), *k)).max_by(|a, b| a.0.total_cmp(&b.0));
    match closest {
        Some((likeness, k)) if likeness >= 0.8 => text::unknown_key_meant(k),
        _ => text::unknown_key(known.join(", ")),
    }
}

/// The field names a derived `Deserialize` asks for: the keys of a table, never a copy to keep
/// in step with the struct.
fn fields<'de, T: Deserialize<'de>>() -> &'static [&'static str] {
    /// A deserializer that only notes the fields it is asked for.
    struct Fields<'a>(&'a mut &'static [&'static str]);
    impl<'de> serde::Deserializer<'de> for Fields<'_> {
        type Error = serde::de::value::Error;
        fn deserialize_any<V: serde::de::Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
            Err(serde::de::Error::custom("fields only"))
        }
        fn deserialize_struct<V: serde::de::Visitor<'de>>(self, _: &str, fields: &'static [&'static str], _: V) -> Result<V::Value, Self::Error> {
            *self.0 = fields;
            Err(serde::de::Error::custom("fields only"))
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit
            unit_struct newtype_struct seq tuple tuple_struct map enum identifier ignored_any
        }
    }
    let mut fields: &'static [&'static str] = &[];
    let _ = T::deserialize(Fields(&mut fields));
    fields
}

/// The groups a key of `[weights]` or `[min_rate]` names: by code, else by full name, else by
/// name without its numbering ("制度建设" for "二、制度建设" or "(二)制度建设"). More than one is
/// ambiguous.
fn named_groups<'t>(groups: impl IntoIterator<Item = &'t Group> + Clone, key: &str) -> Vec<&'t Group> {
    let bare = number::strip_numbering(key);
    let matching = |same: &dyn Fn(&Group) -> bool| groups.clone().into_iter().filter(|g| same(g)).collect::<Vec<_>>();
    [matching(&|g| g.code == key), matching(&|g| g.name == key), matching(&|g| number::strip_numbering(&g.name) == bare)]
        .into_iter()
        .find(|found| !found.is_empty())
        .unwrap_or_default()
}

/// Groups by code and name, for a message: "1 一、制度建设".
fn groups_list(groups: &[&Group]) -> Vec<String> {
    groups.iter().map(|g| format!("{} {}", g.code, g.name)).collect()
}

/// A `[quant]` rule: its words read as a 评分标准 is, or its keys; `None` (with the problems) when it
/// cannot be read.
fn quant_rule(raw: &RawQuant, key: &str, check: &mut Check) -> Option<QuantRule> {
    let failed = |check: &mut Check, at: usize, message: String| {
        check.at(at, key, message);
        None
    };
    if let Some(rule) = &raw.rule {
        if let Some(target) = &raw.target {
            return failed(check, target.span().start, text::quant_rule_and_keys());
        }
        return match words::read_rule(rule.get_ref()) {
            Ok(rule) => Some(rule),
            Err(why) => failed(check, rule.span().start, why),
        };
    }
    let Some(target) = &raw.target else { return failed(check, usize::MAX, text::quant_needs_target()) };
    let (target_at, written) = (target.span().start, target.get_ref());
    let (condition, measure) = match words::read_condition(written, None) {
        Ok(found) => found,
        Err(why) => return failed(check, target_at, why),
    };
    let measure = match raw.measure.as_ref().map(|m| (m.span().start, m.get_ref().as_str())) {
        Some((_, "rate")) => Measure::Rate,
        Some((_, "count")) => Measure::Count,
        Some((at, other)) => return failed(check, at, text::quant_bad_choice(other, "rate, count")),
        None => measure.unwrap_or(Measure::Rate),
    };
    let part = match raw.part.as_ref().map(|p| (p.span().start, p.get_ref().as_str())) {
        None | Some((_, "pro_rata")) => PartStep::ProRata,
        Some((_, "whole")) => PartStep::Whole,
        Some((_, "drop")) => PartStep::Drop,
        Some((at, other)) => return failed(check, at, text::quant_bad_choice(other, "whole, pro_rata, drop")),
    };
    let when_none = match raw.when_none.as_ref().map(|w| (w.span().start, w.get_ref().as_str())) {
        None => WhenNone::Refuse,
        Some((_, "not_applicable")) => WhenNone::NotApplicable,
        Some((_, "full")) => WhenNone::Full,
        Some((at, other)) => return failed(check, at, text::quant_bad_choice(other, "not_applicable, full")),
    };
    let mut bands = Vec::new();
    for band in &raw.bands {
        let from = words::read_condition(band.from.get_ref(), Some(condition.level)).map(|(c, _)| c);
        let award = match band.award.get_ref() {
            Step::Number(n) => Ok(crate::quant::Award::Points(n.0)),
            Step::Words(w) => words::read_award(w),
        };
        match (from, award) {
            (Ok(from), Ok(award)) => bands.push(QuantBand { from, award }),
            (Err(why), _) => return failed(check, band.from.span().start, why),
            (_, Err(why)) => return failed(check, band.award.span().start, why),
        }
    }
    let shortfall = match (&raw.deduct, bands.is_empty(), &raw.missed) {
        (Some(deduct), true, None) => {
            let (at, written) = match raw.per.as_ref().map(|p| (p.span().start, p.get_ref())) {
                None => (target_at, "1".to_string()),
                Some((at, Step::Number(n))) => (at, n.0.to_string()),
                Some((at, Step::Words(w))) => (at, w.clone()),
            };
            let (per, unit) = match words::read_step(&written, measure) {
                Ok((per, _)) if per <= Decimal::ZERO => return failed(check, at, text::quant_bad_step(&written)),
                Ok(step) => step,
                Err(why) => return failed(check, at, why),
            };
            let cap = raw.cap.as_ref().map(|c| check.non_negative(key, c));
            Shortfall::Steps(Steps { per, unit, deduct: check.non_negative(key, deduct), part, cap })
        }
        (None, false, None) => Shortfall::Bands(bands),
        (None, true, Some(missed)) => Shortfall::Deduct(check.non_negative(key, missed)),
        (None, true, None) => Shortfall::Nothing,
        _ => return failed(check, target_at, text::quant_one_shortfall()),
    };
    let decimals = raw.decimals.as_ref().map(|d| *d.get_ref());
    Some(QuantRule { measure, target: condition, shortfall, when_none, decimals, source: RuleSource::Scheme { line: 0 } })
}

/// Problems found so far, with the scheme text to turn byte offsets into line numbers.
struct Check<'a> {
    source: &'a str,
    problems: Vec<SchemeProblem>,
}

impl Check<'_> {
    fn at(&mut self, offset: impl Into<Option<usize>>, key: &str, message: impl std::fmt::Display) {
        let line = offset.into().filter(|&o| o != usize::MAX).map(|o| self.line(o));
        self.problems.push(SchemeProblem { line, key: key.to_string(), message: message.to_string() });
    }

    /// The line of a byte offset, counted from 1.
    fn line(&self, offset: usize) -> usize {
        self.source[..offset.min(self.source.len())].matches('\n').count() + 1
    }

    /// The value, reported when negative (and then taken as 0).
    fn non_negative(&mut self, key: &str, value: &Spanned<Num>) -> Decimal {
        let v = value.get_ref().0;
        if v.is_sign_negative() && !v.is_zero() {
            self.at(value.span().start, key, text::negative(v.normalize()));
            return Decimal::ZERO;
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn numbers_are_read_as_typed() {
        #[derive(Deserialize)]
        struct T {
            a: Num,
            b: Num,
            c: Num,
        }
        let t: T = toml::from_str("a = 15\nb = 0.1\nc = \"12.35\"").unwrap();
        assert_eq!((t.a.0, t.b.0, t.c.0), (dec!(15), dec!(0.1), dec!(12.35)));
        assert!(toml::from_str::<T>("a = 1\nb = 2\nc = \"十\"").is_err());
    }

    #[test]
    fn the_known_keys_are_the_fields_serde_reads() {
        assert_eq!(fields::<RawBand>(), ["name", "min"]);
        assert_eq!(fields::<Bonus>(), ["items", "cap"]);
        // Skipped fields are no keys.
        assert!(!fields::<Scheme>().contains(&"source"));
        assert!(fields::<Scheme>().contains(&"default_group"));
    }
}
