//! The engine: sums item scores up the tree, converts to the 100-point scale over the applicable
//! items (涉及的指标), applies the threshold and ranks. Exact decimals throughout; rounding happens
//! once, for the published score.

use rust_decimal::Decimal;

use crate::merge::{ItemScore, ScoreBook};
use crate::number::{display, round_half_up};
use crate::text;
use crate::rank::rank;
use crate::rules::{Basis, Rules};
use crate::tree::{Group, IndicatorTree};

const HUNDRED: Decimal = Decimal::ONE_HUNDRED;

/// Points obtained and possible under one node, over the applicable items.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeScore {
    pub raw: Decimal,
    pub max: Decimal,
    /// Exact score rate on the 100 scale (得分率 × 100); `None` when no item under it applies.
    pub rate: Option<Decimal>,
}

/// One evaluated unit.
#[derive(Clone, Debug)]
pub struct UnitResult {
    pub unit: String,
    /// Points obtained (实得分).
    pub raw: Decimal,
    /// Points possible over the applicable items (适用满分).
    pub max: Decimal,
    /// The converted score before rounding.
    pub exact: Decimal,
    /// The published score, rounded half away from zero.
    pub score: Decimal,
    pub rank: u32,
    /// 达标: meets the threshold (and every other rule of the scheme).
    pub eligible: bool,
    /// The grade (等次), when the scheme has grade bands.
    pub grade: Option<String>,
    /// Why the unit is or is not eligible, one sentence a rule.
    pub reasons: Vec<String>,
    pub level1: Vec<NodeScore>,
    pub level2: Vec<NodeScore>,
    pub items: Vec<ItemScore>,
}

/// The result of a scoring run.
#[derive(Clone, Debug)]
pub struct Evaluation {
    /// Units by rank; tied units by name.
    pub units: Vec<UnitResult>,
    /// Whether indicator weights shaped the score (otherwise it is the plain ratio).
    pub weighted: bool,
}

/// Scores every unit of the book. Every item of every unit must have a score (see `merge`).
pub fn evaluate(tree: &IndicatorTree, book: &ScoreBook, rules: &Rules) -> Evaluation {
    let weight = |g: &Group| rules.weights.get(&g.code).copied().or(g.weight);
    let weighted = tree.level1.iter().chain(&tree.level2).any(|g| weight(g).is_some());
    let mut units: Vec<UnitResult> = book
        .units
        .iter()
        .zip(&book.scores)
        .map(|(unit, scores)| {
            let items: Vec<ItemScore> = scores.iter().map(|s| s.clone().expect("merge leaves no item unscored")).collect();
            let item_score = |i: usize| (items[i].value.unwrap_or_default(), items[i].value.map_or(Decimal::ZERO, |_| tree.items[i].points));
            let level2: Vec<NodeScore> = tree
                .level2
                .iter()
                .map(|g| node(g.children.iter().map(|&i| item_score(i)), None))
                .collect();
            let level1: Vec<NodeScore> = tree
                .level1
                .iter()
                .map(|g| {
                    let children: Vec<(&NodeScore, Option<Decimal>)> =
                        g.children.iter().map(|&c| (&level2[c], weight(&tree.level2[c]))).collect();
                    node(children.iter().map(|(n, _)| (n.raw, n.max)), weighted_rate(&children))
                })
                .collect();
            let total_children: Vec<(&NodeScore, Option<Decimal>)> =
                level1.iter().zip(&tree.level1).map(|(n, g)| (n, weight(g))).collect();
            let total = node(level1.iter().map(|n| (n.raw, n.max)), weighted_rate(&total_children));
            let exact = total.rate.unwrap_or_default();
            let score = round_half_up(exact, rules.decimals);
            let eligible = rules.threshold.is_met(exact, score);
            UnitResult {
                unit: unit.clone(),
                raw: total.raw,
                max: total.max,
                exact,
                score,
                rank: 0,
                eligible,
                grade: None,
                reasons: vec![threshold_reason(rules, exact, score, eligible)],
                level1,
                level2,
                items,
            }
        })
        .collect();
    let keys: Vec<Decimal> = units
        .iter()
        .map(|u| match rules.rank_on {
            Basis::Rounded => u.score,
            Basis::Exact => u.exact,
        })
        .collect();
    for (unit, r) in units.iter_mut().zip(rank(&keys, rules.rank_style)) {
        unit.rank = r;
    }
    units.sort_by(|a, b| a.rank.cmp(&b.rank).then_with(|| a.unit.cmp(&b.unit)));
    Evaluation { units, weighted }
}

/// The threshold verdict in words, with the gap when short (on the value the threshold checks).
fn threshold_reason(rules: &Rules, exact: Decimal, score: Decimal, met: bool) -> String {
    let shown = display(score, rules.decimals);
    let threshold = rules.threshold.value.normalize();
    if met {
        return text::meets_threshold(shown, threshold);
    }
    let checked = match rules.threshold.on {
        Basis::Rounded => score,
        Basis::Exact => exact,
    };
    let gap = rules.threshold.value - checked;
    let gap = if rules.threshold.on == Basis::Exact { display(gap, rules.decimals.max(2)) } else { display(gap, rules.decimals) };
    text::below_threshold(shown, threshold, gap)
}

/// Sums (obtained, possible) pairs; the rate is the given weighted one, or obtained ÷ possible.
fn node(parts: impl Iterator<Item = (Decimal, Decimal)>, weighted: Option<Option<Decimal>>) -> NodeScore {
    let (raw, max) = parts.fold((Decimal::ZERO, Decimal::ZERO), |(r, m), (a, b)| (r + a, m + b));
    // Multiplying before dividing keeps a terminating quotient such as 1797 ÷ 2000 × 100 exact.
    let plain = (!max.is_zero()).then(|| raw * HUNDRED / max);
    NodeScore { raw, max, rate: weighted.unwrap_or(plain) }
}

/// When any child carries a weight: Σ rate × weight ÷ Σ weight over the children that apply (a
/// child without a weight counts 0). `None` when no child is weighted.
fn weighted_rate(children: &[(&NodeScore, Option<Decimal>)]) -> Option<Option<Decimal>> {
    if children.iter().all(|(_, w)| w.is_none()) {
        return None;
    }
    let applicable = children.iter().filter_map(|(n, w)| n.rate.map(|r| (r, w.unwrap_or_default())));
    let (sum, total) = applicable.fold((Decimal::ZERO, Decimal::ZERO), |(s, t), (r, w)| (s + r * w, t + w));
    Some((!total.is_zero()).then(|| sum / total))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grid::{Cell, Sheet};
    use crate::merge::ScoreBook;
    use rust_decimal_macros::dec;

    /// Two 一级 indicators with 20 and 10 points.
    fn tree(weights: [&str; 2]) -> IndicatorTree {
        let rows = [
            ["一级指标", "二级指标", "三级指标", "分值", "权重"],
            ["一", "甲", "a", "10", weights[0]],
            ["", "", "b", "10", ""],
            ["二", "乙", "c", "10", weights[1]],
        ];
        let rows = rows.iter().map(|r| r.iter().map(|t| if t.is_empty() { Cell::Empty } else { Cell::Text(t.to_string()) }).collect()).collect();
        IndicatorTree::from_sheet(&Sheet::new("t.csv".into(), None, (0, 0), rows), dec!(10)).unwrap()
    }

    fn book(values: [Option<Decimal>; 3]) -> ScoreBook {
        let score = |v: Option<Decimal>| Some(ItemScore { value: v, remark: None, sources: Vec::new() });
        ScoreBook { units: vec!["甲区".into()], scores: vec![values.into_iter().map(score).collect()] }
    }

    #[test]
    fn plain_ratio_over_applicable_items() {
        let e = evaluate(&tree(["", ""]), &book([Some(dec!(10)), Some(dec!(5)), None]), &Rules::default());
        let u = &e.units[0];
        assert!(!e.weighted);
        assert_eq!((u.raw, u.max, u.exact, u.score), (dec!(15), dec!(20), dec!(75), dec!(75.0)));
        assert_eq!(u.level1[1].rate, None);
    }

    #[test]
    fn weights_renormalise_over_applicable_branches() {
        let t = tree(["60", "40"]);
        // 一: 15/20 = 75%; 二: 8/10 = 80% → 75×0.6 + 80×0.4 = 77
        let e = evaluate(&t, &book([Some(dec!(10)), Some(dec!(5)), Some(dec!(8))]), &Rules::default());
        assert!(e.weighted);
        assert_eq!(e.units[0].exact, dec!(77));
        // 二 not applicable: the score is 一's rate alone.
        let e = evaluate(&t, &book([Some(dec!(10)), Some(dec!(5)), None]), &Rules::default());
        assert_eq!(e.units[0].exact, dec!(75));
    }
}
