//! Department ranking (部门排名): each responsible department's score rate (得分率) over the items
//! it answers for, and its rank among the departments of the same unit.

use rust_decimal::Decimal;

use crate::engine::{Evaluation, UnitResult};
use crate::number::round_half_up;
use crate::rank::rank;
use crate::rules::{Basis, Rules};
use crate::tree::IndicatorTree;

/// One department's result within one evaluated unit.
#[derive(Clone, Debug, PartialEq)]
pub struct DepartmentScore {
    pub unit: String,
    pub department: String,
    /// The department's items that apply (not 不涉及).
    pub items: usize,
    /// Points obtained over those items (an item several departments share counts for each).
    pub obtained: Decimal,
    /// Points possible over those items.
    pub possible: Decimal,
    /// obtained ÷ possible × 100, exact; `None` when none of its items applies.
    pub rate: Option<Decimal>,
    /// `None` for a department without an applicable item, which is not ranked.
    pub rank: Option<u32>,
}

/// The departments of one unit, best first (ties by name), unranked ones last in tree order. Ranks
/// follow the run's rules: on the rate rounded to `rules.decimals`, or the exact rate, and the tie
/// style.
pub fn ranking(tree: &IndicatorTree, unit: &UnitResult, rules: &Rules) -> Vec<DepartmentScore> {
    let mut scores: Vec<DepartmentScore> = tree
        .departments()
        .into_iter()
        .map(|department| {
            let (mut items, mut obtained, mut possible) = (0, Decimal::ZERO, Decimal::ZERO);
            for (item, score) in tree.items.iter().zip(&unit.items) {
                if let (true, Some(value)) = (item.departments.contains(&department), score.value) {
                    items += 1;
                    obtained += value;
                    possible += item.points;
                }
            }
            let rate = (!possible.is_zero()).then(|| obtained * Decimal::ONE_HUNDRED / possible);
            DepartmentScore { unit: unit.unit.clone(), department, items, obtained, possible, rate, rank: None }
        })
        .collect();
    let ranked: Vec<usize> = (0..scores.len()).filter(|&i| scores[i].rate.is_some()).collect();
    let keys: Vec<Decimal> = ranked
        .iter()
        .map(|&i| {
            let rate = scores[i].rate.unwrap_or_default();
            match rules.rank_on {
                Basis::Rounded => round_half_up(rate, rules.decimals),
                Basis::Exact => rate,
            }
        })
        .collect();
    for (&i, r) in ranked.iter().zip(rank(&keys, rules.rank_style)) {
        scores[i].rank = Some(r);
    }
    // Stable: unranked departments keep tree order after the ranked ones.
    scores.sort_by(|a, b| match (a.rank, b.rank) {
        (Some(x), Some(y)) => x.cmp(&y).then_with(|| a.department.cmp(&b.department)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    scores
}

/// Every unit's department ranking, units in the evaluation's order.
pub fn ranking_all(tree: &IndicatorTree, evaluation: &Evaluation, rules: &Rules) -> Vec<DepartmentScore> {
    evaluation.units.iter().flat_map(|u| ranking(tree, u, rules)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grid::{Cell, Sheet};
    use crate::merge::ItemScore;
    use crate::rules::RankStyle;
    use rust_decimal_macros::dec;

    fn tree() -> IndicatorTree {
        let rows: Vec<Vec<Cell>> = [
            ["一级指标", "二级指标", "三级指标", "分值", "责任单位"],
            ["一", "甲", "a", "10", "司法局、财政局"],
            ["", "", "b", "10", "财政局"],
            ["", "", "c", "5", "审计局"],
            ["", "", "d", "10", "民政局"],
        ]
        .iter()
        .map(|r| r.iter().map(|t| Cell::Text(t.to_string())).collect())
        .collect();
        IndicatorTree::from_sheet(&Sheet::new("t.xlsx".into(), None, (0, 0), rows), dec!(10)).unwrap()
    }

    fn unit(values: [Option<Decimal>; 4]) -> UnitResult {
        let items = values.iter().map(|v| ItemScore { value: *v, remark: None, sources: Vec::new() }).collect();
        UnitResult {
            unit: "某区".into(),
            raw: Decimal::ZERO,
            max: Decimal::ZERO,
            exact: Decimal::ZERO,
            score: Decimal::ZERO,
            rank: 1,
            eligible: true,
            grade: None,
            reasons: Vec::new(),
            level1: Vec::new(),
            level2: Vec::new(),
            items,
        }
    }

    #[test]
    fn rates_over_applicable_items_and_ranks() {
        let tree = tree();
        let result = ranking(&tree, &unit([Some(dec!(9)), Some(dec!(8)), Some(dec!(4.5)), None]), &Rules::default());
        let rows: Vec<(&str, Option<Decimal>, Option<u32>)> =
            result.iter().map(|d| (d.department.as_str(), d.rate, d.rank)).collect();
        assert_eq!(
            rows,
            [
                ("司法局", Some(dec!(90)), Some(1)),
                ("审计局", Some(dec!(90)), Some(1)),
                ("财政局", Some(dec!(85)), Some(3)),
                ("民政局", None, None),
            ]
        );
        assert_eq!((result[2].obtained, result[2].possible, result[2].items), (dec!(17), dec!(20), 2));
        let dense = Rules { rank_style: RankStyle::Dense, ..Rules::default() };
        assert_eq!(
            ranking(&tree, &unit([Some(dec!(9)), Some(dec!(8)), Some(dec!(4.5)), None]), &dense)[2].rank,
            Some(2)
        );
    }

    #[test]
    fn rank_on_rounded_or_exact_rate() {
        let tree = tree();
        // 司法局 8.88/10 = 88.8; 审计局 4.4425/5 = 88.85 → 88.9 rounded (ahead), but exact too.
        let u = unit([Some(dec!(8.88)), Some(dec!(10)), Some(dec!(4.4425)), Some(dec!(8.8849))]);
        let rounded = ranking(&tree, &u, &Rules::default());
        let find = |r: &[DepartmentScore], d: &str| r.iter().find(|x| x.department == d).unwrap().rank;
        // 民政局 88.849 rounds to 88.8 and ties 司法局; exact it is ahead of it.
        assert_eq!(find(&rounded, "民政局"), find(&rounded, "司法局"));
        let exact = ranking(&tree, &u, &Rules { rank_on: Basis::Exact, ..Rules::default() });
        assert!(find(&exact, "民政局") < find(&exact, "司法局"));
    }
}
