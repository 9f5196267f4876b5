//! What changed between two submissions (`zhibiao diff`): a department corrects its form and sends
//! it again, and the office must see what changed before accepting it.
//!
//! Each side is a set of returned forms (files or folders), scored as `score` would score them, or
//! a result workbook written by zhibiao, read back from its 汇总 and 明细 sheets. Per unit and item:
//! old → new score with both source cells and remarks, items and units added or gone; per unit the
//! total, the 100-point score, 达标 and the rank before and after. Files identical by SHA-256 are
//! said to be unchanged; when every file is, nothing is read or compared. The sides are read by
//! `pipeline::diff`, the comparison rendered by `write::diff`.

use rust_decimal::Decimal;

use serde::Serialize;

use crate::engine::Evaluation;
use crate::location::Sources;
use crate::previous::Previous;
use crate::rules::Rules;
use crate::tree::IndicatorTree;

/// One unit's score of one item on one side.
#[derive(Clone, Debug, PartialEq)]
pub struct ItemRow {
    pub unit: String,
    pub code: String,
    /// `None` for 不涉及.
    pub value: Option<Decimal>,
    pub remark: Option<String>,
    /// The cells the score came from, `file!sheet!cell`, joined by "; ".
    pub source: String,
}

/// One unit's result on one side.
#[derive(Clone, Debug, PartialEq)]
pub struct UnitRow {
    pub unit: String,
    /// 实得分 and 适用满分; a result workbook written before they were read may lack them.
    pub raw: Option<Decimal>,
    pub max: Option<Decimal>,
    /// The published 100-point score.
    pub score: Decimal,
    pub eligible: Option<bool>,
    pub rank: u32,
}

/// One side of a comparison.
#[derive(Clone, Debug, Default)]
pub struct Side {
    pub items: Vec<ItemRow>,
    pub units: Vec<UnitRow>,
    /// Decimals the scores are published with.
    pub decimals: u32,
}

impl Side {
    /// The side of an evaluation of returned forms.
    pub fn of_evaluation(tree: &IndicatorTree, evaluation: &Evaluation, rules: &Rules) -> Side {
        let mut side = Side { decimals: rules.decimals, ..Side::default() };
        for u in &evaluation.units {
            side.units.push(UnitRow { unit: u.unit.clone(), raw: Some(u.raw), max: Some(u.max), score: u.score, eligible: Some(u.eligible), rank: u.rank });
            side.items.extend(tree.items.iter().zip(&u.items).map(|(item, s)| ItemRow {
                unit: u.unit.clone(),
                code: item.code.clone(),
                value: s.value,
                remark: s.remark.clone(),
                source: Sources(&s.sources).to_string(),
            }));
        }
        side
    }

    /// The side of a result workbook read back.
    pub fn of_result(result: Previous) -> Side {
        let decimals = result.units.iter().map(|u| u.score.scale()).max().unwrap_or(1);
        let units = result
            .units
            .into_iter()
            .map(|u| UnitRow { unit: u.unit, raw: u.raw, max: u.max, score: u.score, eligible: u.eligible, rank: u.rank })
            .collect();
        let items = result
            .scores
            .into_iter()
            .map(|s| ItemRow { unit: s.unit, code: s.code, value: s.value, remark: s.remark, source: s.source.replace('\n', "; ") })
            .collect();
        Side { items, units, decimals }
    }
}

/// How an item differs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Changed,
    Added,
    Removed,
}

/// An item of a unit whose score differs, or that is on one side only.
#[derive(Debug, PartialEq)]
pub struct Change<'a> {
    pub kind: Kind,
    pub old: Option<&'a ItemRow>,
    pub new: Option<&'a ItemRow>,
}

impl Change<'_> {
    /// The item's row on the newer side it is on.
    pub fn row(&self) -> &ItemRow {
        self.new.or(self.old).expect("a change has a side")
    }
}

/// What differs between two sides.
#[derive(Debug)]
pub struct Diff<'a> {
    pub changes: Vec<Change<'a>>,
    /// Every unit of either side: new side's order, then the units gone.
    pub units: Vec<(Option<&'a UnitRow>, Option<&'a UnitRow>)>,
    pub decimals: u32,
    /// Pairs of files identical by SHA-256 (old, new).
    pub identical: Vec<(String, String)>,
}

/// Compares two sides: items by unit and code, units by name.
pub fn compare<'a>(old: &'a Side, new: &'a Side, identical: Vec<(String, String)>) -> Diff<'a> {
    let key = |r: &ItemRow| (r.unit.clone(), r.code.clone());
    let old_items: std::collections::HashMap<_, &ItemRow> = old.items.iter().map(|r| (key(r), r)).collect();
    let new_keys: std::collections::HashSet<_> = new.items.iter().map(key).collect();
    let mut changes = Vec::new();
    for n in &new.items {
        match old_items.get(&key(n)) {
            None => changes.push(Change { kind: Kind::Added, old: None, new: Some(n) }),
            Some(o) if o.value != n.value => changes.push(Change { kind: Kind::Changed, old: Some(o), new: Some(n) }),
            Some(_) => {}
        }
    }
    changes.extend(old.items.iter().filter(|o| !new_keys.contains(&key(o))).map(|o| Change { kind: Kind::Removed, old: Some(o), new: None }));
    let find = |side: &'a Side, name: &str| side.units.iter().find(|u| u.unit == name);
    let mut units: Vec<_> = new.units.iter().map(|n| (find(old, &n.unit), Some(n))).collect();
    units.extend(old.units.iter().filter(|o| find(new, &o.unit).is_none()).map(|o| (Some(o), None)));
    Diff { changes, units, decimals: old.decimals.max(new.decimals), identical }
}

/// Two sides whose files are all identical by SHA-256: nothing compared.
pub fn unchanged(identical: Vec<(String, String)>) -> Diff<'static> {
    Diff { changes: Vec::new(), units: Vec::new(), decimals: 0, identical }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn row(unit: &str, code: &str, value: Option<Decimal>) -> ItemRow {
        ItemRow { unit: unit.into(), code: code.into(), value, remark: None, source: String::new() }
    }

    #[test]
    fn items_changed_added_and_removed() {
        let old = Side { items: vec![row("甲", "1", Some(dec!(8))), row("甲", "2", Some(dec!(5))), row("甲", "3", None)], ..Side::default() };
        let new = Side { items: vec![row("甲", "1", Some(dec!(8.0))), row("甲", "2", None), row("甲", "4", Some(dec!(1)))], ..Side::default() };
        let diff = compare(&old, &new, Vec::new());
        let kinds: Vec<(Kind, &str)> = diff.changes.iter().map(|c| (c.kind, c.row().code.as_str())).collect();
        assert_eq!(kinds, [(Kind::Changed, "2"), (Kind::Added, "4"), (Kind::Removed, "3")]);
    }
}
