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
