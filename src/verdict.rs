//! Explaining a verdict: how far a unit is from the threshold on the converted (100-point,
//! weighted) scale, and which lost points would close that gap fastest.
//!
//! The gain of restoring an item is found by scoring the unit again with the item at full points,
//! so it follows the weights, renormalisation and bonus cap exactly as the engine does: an item
//! in a light branch with a large applicable maximum gains little, one in a heavy, small branch a lot.

use rust_decimal::Decimal;

use crate::engine::{self, Kind, UnitResult};
use crate::number::round_half_up;
use crate::rules::{Basis, Rules};
use crate::tree::IndicatorTree;

/// Restoring one item's lost points.
#[derive(Clone, Debug, PartialEq)]
pub struct Restore {
    /// Index of the item in the tree.
    pub item: usize,
    /// Points lost on the item.
    pub lost: Decimal,
    /// What restoring them adds to the exact converted score.
    pub gain: Decimal,
}

/// How far a unit is from the threshold, and the quickest way there.
#[derive(Clone, Debug)]
pub struct Gap {
    /// Points short, on the value the threshold checks.
    pub short: Decimal,
    /// The items to restore, largest gain first, until the threshold is met (or all of them).
    pub restore: Vec<Restore>,
    /// The unit's exact score once they are restored.
    pub after: Decimal,
    /// Whether restoring them meets the threshold.
    pub closes: bool,
}

/// The gap to the threshold; `None` when the score meets it.
pub fn gap(tree: &IndicatorTree, rules: &Rules, unit: &UnitResult) -> Option<Gap> {
    if rules.threshold.is_met(unit.exact, unit.score) {
        return None;
    }
    let checked = match rules.threshold.on {
        Basis::Rounded => unit.score,
        Basis::Exact => unit.exact,
    };
    let kinds = engine::kinds(tree, rules);
    let mut candidates: Vec<Restore> = (0..tree.items.len())
        .filter(|&i| kinds[i] == Kind::Scored)
        .filter_map(|i| {
            let lost = tree.items[i].points - unit.items[i].value?;
            (lost > Decimal::ZERO).then(|| Restore { item: i, lost, gain: restored(tree, rules, unit, &[i]) - unit.exact })
        })
        .collect();
    // Largest gain first; equal gains in tree order.
    candidates.sort_by(|a, b| b.gain.cmp(&a.gain).then(a.item.cmp(&b.item)));
    let mut restore = Vec::new();
    let mut after = unit.exact;
    for candidate in candidates {
        restore.push(candidate);
        let items: Vec<usize> = restore.iter().map(|r| r.item).collect();
        after = restored(tree, rules, unit, &items);
        if rules.threshold.is_met(after, round_half_up(after, rules.decimals)) {
            break;
        }
    }
    let closes = rules.threshold.is_met(after, round_half_up(after, rules.decimals));
    Some(Gap { short: rules.threshold.value - checked, restore, after, closes })
}

/// The exact score with the given items at full points.
fn restored(tree: &IndicatorTree, rules: &Rules, unit: &UnitResult, items: &[usize]) -> Decimal {
    let mut scores = unit.items.clone();
    for &i in items {
        scores[i].value = Some(tree.items[i].points);
    }
    engine::score_unit(tree, rules, &unit.unit, scores).exact
}
