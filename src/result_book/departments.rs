//! Departments ranked by score rate (部门排名).
//!
//! A department answers for the items whose 责任单位 name it; its rate is what all units obtained
//! on those items over what was possible, applicable items only. Kept apart so that a shared
//! department-rate function can replace `rates` without touching the sheet.

use rust_decimal::Decimal;

use crate::engine::Evaluation;
use crate::tree::IndicatorTree;

pub struct DepartmentRate {
    pub department: String,
    /// Items of the tree the department answers for.
    pub items: usize,
    pub raw: Decimal,
    pub max: Decimal,
    /// Exact rate on the 100 scale; `None` when none of its items applies anywhere.
    pub rate: Option<Decimal>,
}

/// Every department of the tree, in the tree's order.
pub fn rates(tree: &IndicatorTree, evaluation: &Evaluation) -> Vec<DepartmentRate> {
    tree.departments()
        .into_iter()
        .map(|department| {
            let mine: Vec<usize> = (0..tree.items.len()).filter(|&i| tree.items[i].departments.contains(&department)).collect();
            let (mut raw, mut max) = (Decimal::ZERO, Decimal::ZERO);
            for unit in &evaluation.units {
                for &i in &mine {
                    if let Some(value) = unit.items[i].value {
                        raw += value;
                        max += tree.items[i].points;
                    }
                }
            }
            let rate = (!max.is_zero()).then(|| raw * Decimal::ONE_HUNDRED / max);
            DepartmentRate { department, items: mine.len(), raw, max, rate }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::evaluate;
    use crate::grid::{Cell, Sheet};
    use crate::merge::{ItemScore, ScoreBook};
    use crate::rules::Rules;
    use rust_decimal_macros::dec;

    #[test]
    fn over_all_units_and_applicable_items_only() {
        let rows = [
            ["一级指标", "二级指标", "三级指标", "责任单位"],
            ["一", "甲", "A", "司法局"],
            ["", "", "B", "司法局、财政局"],
            ["", "", "C", "财政局"],
        ];
        let rows = rows.iter().map(|r| r.iter().map(|t| if t.is_empty() { Cell::Empty } else { Cell::Text(t.to_string()) }).collect()).collect();
        let tree = IndicatorTree::from_sheet(&Sheet::new("t.csv".into(), None, (0, 0), rows), dec!(10)).unwrap();
        let score = |v: Option<Decimal>| Some(ItemScore { value: v, remark: None, sources: Vec::new() });
        let book = ScoreBook {
            units: vec!["甲区".into(), "乙区".into()],
            scores: vec![
                vec![score(Some(dec!(10))), score(Some(dec!(5))), score(None)],
                vec![score(Some(dec!(8))), score(Some(dec!(10))), score(Some(dec!(4)))],
            ],
        };
        let rates = rates(&tree, &evaluate(&tree, &book, &Rules::default()));
        let shown: Vec<(&str, usize, Decimal, Decimal)> = rates.iter().map(|d| (d.department.as_str(), d.items, d.raw, d.max)).collect();
        assert_eq!(shown, [("司法局", 2, dec!(33), dec!(40)), ("财政局", 2, dec!(19), dec!(30))]);
        assert_eq!(rates[0].rate, Some(dec!(82.5)));
    }
}
