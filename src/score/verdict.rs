//! Explaining a verdict: how far a unit is from the threshold on the converted (100-point,
//! weighted) scale, and which lost points would close that gap fastest.
//!
//! The gain of restoring an item is found by scoring the unit again with the item at full points,
//! so it follows the weights, renormalisation and bonus cap exactly as the engine does: an item
//! in a light branch with a large applicable maximum gains little, one in a heavy, small branch a lot.

use rust_decimal::Decimal;

use crate::engine::{self, Evaluation, Kind, UnitResult};
use crate::number::{display, is_long, round_half_up, shown};
use crate::rounds::Rounds;
use crate::rules::{Basis, Rules};
use crate::score::quant::Measurement;
use crate::text;
use crate::tree::IndicatorTree;

/// Restoring one item's lost points.
#[derive(Clone, Debug, PartialEq)]
pub struct Restore {
    /// Index of the item in the tree.
    pub item: usize,
    /// Points lost on the item, its 倒扣 included.
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
            let lost = tree.items[i].points - unit.items[i].value? + unit.items[i].penalty;
            (lost > Decimal::ZERO).then(|| Restore { item: i, lost, gain: restored(tree, rules, unit, &[i]) - unit.exact })
        })
        // An item in a branch of weight 0 gains nothing.
        .filter(|r| r.gain > Decimal::ZERO)
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

/// The exact score with the given items at full points (and no 倒扣).
fn restored(tree: &IndicatorTree, rules: &Rules, unit: &UnitResult, items: &[usize]) -> Decimal {
    let mut scores = unit.items.clone();
    for &i in items {
        scores[i].value = Some(tree.items[i].points);
        scores[i].penalty = Decimal::ZERO;
    }
    engine::score_unit(tree, rules, unit.unit.clone(), scores).exact
}

/// With a review round: self-score against verified score, and the adjustments that cost the unit
/// most on the 100-point scale.
fn adjustment_lines(tree: &IndicatorTree, rules: &Rules, unit: &UnitResult, own: &UnitResult, rounds: &Rounds) -> Vec<String> {
    let d = rules.decimals;
    let difference = display(unit.score - own.score, d);
    let mut lines = vec![text::explain_rounds(display(own.score, d), display(unit.score, d), difference, rounds.unit_inflated(unit))];
    let costliest = crate::rounds::costliest(tree, rules, unit);
    if !costliest.is_empty() {
        lines.push(text::explain_costliest());
    }
    // Scores as the table writes points (8, 8.5), a blended one to 4 places: never 28 decimals.
    let shown = |v: Option<Decimal>| v.map_or_else(text::not_applicable_mark, shown);
    for (i, cost) in costliest {
        let (item, score) = (&tree.items[i], &unit.items[i]);
        let reason = score.remark.as_deref().unwrap_or_default();
        let line = text::explain_cost(item.label(), shown(crate::rounds::own_value(score)), shown(score.value), display(cost, d.max(2)), reason);
        lines.push(format!("  {line}"));
    }
    lines
}

/// The verdict of one unit of an evaluation in words: score, grade, eligibility, every reason, and
/// the gap with the items that close it fastest.
/// `measured`: how the run's 定量指标 were scored from their figures (the unit's are shown).
pub fn explain(tree: &IndicatorTree, rules: &Rules, evaluation: &Evaluation, measured: &[Measurement], unit: &UnitResult) -> String {
    let d = rules.decimals;
    // The exact value as it is when short (90.25), else to 4 places (≈90.1786), never 28 decimals.
    let exact = if is_long(unit.exact) { text::approximately(shown(unit.exact)) } else { shown(unit.exact) };
    let heading = text::explain_heading(&unit.unit, display(unit.score, d), exact, unit.rank, evaluation.units.len());
    let mut lines = vec![heading];
    // No grade line where the scheme sets no grades: "等次: 无" would say a grade was missed.
    if !rules.grades.is_empty() {
        lines.push(text::explain_grade(unit.grade.as_deref()));
    }
    lines.extend([text::explain_verdict(unit.eligible), text::explain_reasons()]);
    lines.extend(unit.reasons.iter().map(|r| format!("  · {r}")));
    lines.extend(crate::score::quant::explain_lines(tree, rules, measured, &unit.unit));
    if let (Some(own), Some(rounds)) = (&unit.own, &evaluation.rounds) {
        lines.extend(adjustment_lines(tree, rules, unit, own, rounds));
    }
    if let Some(gap) = gap(tree, rules, unit) {
        let short = engine::show_gap(rules, gap.short);
        if gap.closes {
            let lost: Decimal = gap.restore.iter().map(|r| r.lost).sum();
            lines.push(text::explain_gap(&short, gap.restore.len(), shown(lost)));
        } else {
            lines.push(text::explain_gap_open(&short));
        }
        for r in &gap.restore {
            let item = &tree.items[r.item];
            // Gains show two decimals at least: restoring 1 point of a 15 % branch of 40 adds 0.375.
            lines.push(format!("  {}", text::explain_item(item.label(), shown(r.lost), display(r.gain, d.max(2)))));
        }
        lines.push(text::explain_after(engine::show_against(rules, gap.after, rules.threshold.value, "")));
    }
    lines.iter().map(|l| format!("{l}\n")).collect()
}
