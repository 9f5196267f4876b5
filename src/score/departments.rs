//! Department ranking (部门排名): each responsible department's score rate (得分率) over the items
//! it answers for, applicable items only, and its rank — within one evaluated unit, or over several
//! units together.

use rust_decimal::Decimal;

use crate::engine::{Evaluation, UnitResult};
use crate::number::round_half_up;
use crate::rank::rank;
use crate::rules::{Basis, Rules};
use crate::tree::IndicatorTree;

/// One department's result over the units it was computed for.
#[derive(Clone, Debug, PartialEq)]
pub struct DepartmentScore {
    pub department: String,
    /// Items of the tree the department answers for.
    pub items: usize,
    /// Of those, the (unit, item) scores that apply (not 不涉及).
    pub applicable: usize,
    /// Points obtained over the applicable ones (an item several departments share counts for each).
    pub obtained: Decimal,
    /// Points possible over the applicable ones.
    pub possible: Decimal,
    /// obtained ÷ possible × 100, exact; `None` when none of its items applies.
    pub rate: Option<Decimal>,
    /// `None` for a department without an applicable item, which is not ranked.
    pub rank: Option<u32>,
}

/// Every department of the tree over the scores of `units` together, best first (ties by name),
/// unranked ones last in tree order. Ranks follow the run's rules: on the rate rounded to
/// `rules.decimals` or the exact rate, with its tie style.
pub fn ranking(tree: &IndicatorTree, units: &[&UnitResult], rules: &Rules) -> Vec<DepartmentScore> {
    ranking_of(tree, &responsibilities(tree), units, rules)
}

/// Every department of the tree with the items it answers for: worked out once for a national
/// run's thousands of rankings, not once for each.
fn responsibilities(tree: &IndicatorTree) -> Vec<(String, Vec<usize>)> {
    tree.departments()
        .into_iter()
        .map(|department| {
            let mine = (0..tree.items.len()).filter(|&i| tree.items[i].departments.contains(&department)).collect();
            (department, mine)
        })
        .collect()
}

fn ranking_of(tree: &IndicatorTree, responsible: &[(String, Vec<usize>)], units: &[&UnitResult], rules: &Rules) -> Vec<DepartmentScore> {
    let mut scores: Vec<DepartmentScore> = responsible
        .iter()
        .map(|(department, mine)| {
            let (mut applicable, mut obtained, mut possible) = (0, Decimal::ZERO, Decimal::ZERO);
            for unit in units {
                for &i in mine {
                    if let Some(value) = unit.items[i].value {
                        applicable += 1;
                        obtained += value;
                        possible += tree.items[i].points;
                    }
                }
            }
            let rate = (!possible.is_zero()).then(|| obtained * Decimal::ONE_HUNDRED / possible);
            DepartmentScore { department: department.clone(), items: mine.len(), applicable, obtained, possible, rate, rank: None }
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

/// The ranking of every unit's own departments, units in the evaluation's order.
pub fn by_unit<'a>(tree: &IndicatorTree, evaluation: &'a Evaluation, rules: &Rules) -> Vec<(&'a str, Vec<DepartmentScore>)> {
    let responsible = responsibilities(tree);
    evaluation.units.iter().map(|u| (u.unit.as_str(), ranking_of(tree, &responsible, &[u], rules))).collect()
}

/// One ranking over all units together: a department's rate over its items in every unit.
pub fn overall(tree: &IndicatorTree, evaluation: &Evaluation, rules: &Rules) -> Vec<DepartmentScore> {
    let units: Vec<&UnitResult> = evaluation.units.iter().collect();
    ranking(tree, &units, rules)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::merge::ItemScore;
    use crate::rules::RankStyle;
    use rust_decimal_macros::dec;

    fn tree() -> IndicatorTree {
        IndicatorTree::of_texts(&[
            ["一级指标", "二级指标", "三级指标", "分值", "责任单位"],
            ["一", "甲", "a", "10", "司法局、财政局"],
            ["", "", "b", "10", "财政局"],
            ["", "", "c", "5", "审计局"],
            ["", "", "d", "10", "民政局"],
        ])
    }

    fn unit(values: [Option<Decimal>; 4]) -> UnitResult {
        let items = values
            .iter()
            .map(|v| ItemScore { value: *v, penalty: Decimal::ZERO, remark: None, sources: Default::default(), review: None, disputed: false })
            .collect();
        UnitResult {
            unit: "某区".into(),
            raw: Decimal::ZERO,
            penalty: Decimal::ZERO,
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
            own: None,
        }
    }

    #[test]
    fn rates_over_applicable_items_and_ranks() {
        let tree = tree();
        let u = unit([Some(dec!(9)), Some(dec!(8)), Some(dec!(4.5)), None]);
        let result = ranking(&tree, &[&u], &Rules::default());
        let rows: Vec<(&str, Option<Decimal>, Option<u32>)> = result.iter().map(|d| (d.department.as_str(), d.rate, d.rank)).collect();
        assert_eq!(
            rows,
            [("司法局", Some(dec!(90)), Some(1)), ("审计局", Some(dec!(90)), Some(1)), ("财政局", Some(dec!(85)), Some(3)), ("民政局", None, None),]
        );
        assert_eq!((result[2].obtained, result[2].possible, result[2].items, result[2].applicable), (dec!(17), dec!(20), 2, 2));
        assert_eq!((result[3].items, result[3].applicable), (1, 0));
        let dense = Rules { rank_style: RankStyle::Dense, ..Rules::default() };
        assert_eq!(ranking(&tree, &[&u], &dense)[2].rank, Some(2));
    }

    #[test]
    fn rank_on_rounded_or_exact_rate() {
        let tree = tree();
        // 司法局 8.88/10 = 88.8; 审计局 4.4425/5 = 88.85 → 88.9 rounded (ahead), but exact too.
        let u = unit([Some(dec!(8.88)), Some(dec!(10)), Some(dec!(4.4425)), Some(dec!(8.8849))]);
        let rounded = ranking(&tree, &[&u], &Rules::default());
        let find = |r: &[DepartmentScore], d: &str| r.iter().find(|x| x.department == d).unwrap().rank;
        // 民政局 88.849 rounds to 88.8 and ties 司法局; exact it is ahead of it.
        assert_eq!(find(&rounded, "民政局"), find(&rounded, "司法局"));
        let exact = ranking(&tree, &[&u], &Rules { rank_on: Basis::Exact, ..Rules::default() });
        assert!(find(&exact, "民政局") < find(&exact, "司法局"));
    }

    #[test]
    fn over_several_units_together() {
        let tree = tree();
        let a = unit([Some(dec!(10)), Some(dec!(5)), None, Some(dec!(10))]);
        let b = unit([Some(dec!(8)), Some(dec!(10)), Some(dec!(4)), Some(dec!(6))]);
        let all = ranking(&tree, &[&a, &b], &Rules::default());
        let finance = all.iter().find(|d| d.department == "财政局").unwrap();
        // a: 10 + 5, b: 8 + 10 over 40 possible.
        assert_eq!((finance.applicable, finance.obtained, finance.possible, finance.rate), (4, dec!(33), dec!(40), Some(dec!(82.5))));
        let audit = all.iter().find(|d| d.department == "审计局").unwrap();
        assert_eq!((audit.items, audit.applicable, audit.rate), (1, 1, Some(dec!(80))));
    }
}
