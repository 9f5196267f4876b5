//! Disputed items (争议项 / 申诉项): a unit's score and verdict if every item it disputes went its
//! way and if none did, whether 达标 or the grade could flip, and the smallest set of items that
//! flips it. Exact: each case is scored by the engine, no sampling.
//!
//! A dispute is an appeal against a cut (申诉): upheld, the item gets its full points (and no 倒扣);
//! rejected, the recorded score stands (the verified score, 核定得分, in a review round). So the worst
//! case is the result as scored, and an appeal can only raise a unit.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::engine::{self, Evaluation, UnitResult};
use crate::rules::Rules;
use crate::text;
use crate::tree::{IndicatorTree, ItemRef};

/// The most open items whose subsets are searched for the smallest flip: 2¹² scorings of one unit.
pub const MAX_SEARCH: usize = 12;

/// Which items are disputed: for every unit, and for some units only.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Disputes {
    pub all: Vec<String>,
    pub by_unit: BTreeMap<String, Vec<String>>,
}

impl Disputes {
    /// `3.2.1,5.1.4` for every unit, `甲区:3.2.1` for one; parts separated by commas or 、.
    pub fn parse(list: &str) -> Disputes {
        let mut disputes = Disputes::default();
        for part in list.split([',', '\u{ff0c}', '、']).map(str::trim).filter(|p| !p.is_empty()) {
            match part.split_once([':', '\u{ff1a}']) {
                Some((unit, code)) => disputes.by_unit.entry(unit.trim().to_string()).or_default().push(code.trim().to_string()),
                None => disputes.all.push(part.to_string()),
            }
        }
        disputes
    }

    pub fn is_empty(&self) -> bool {
        self.all.is_empty() && self.by_unit.is_empty()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DisputeError {
    #[error("{}", text::disputed_item_unknown(.0))]
    UnknownItem(String),
    #[error("{}", text::disputed_unit_unknown(.0))]
    UnknownUnit(String),
}

impl DisputeError {
    pub fn message(&self) -> text::Message {
        match self {
            DisputeError::UnknownItem(code) => text::disputed_item_unknown(code),
            DisputeError::UnknownUnit(unit) => text::disputed_unit_unknown(unit),
        }
    }
}

/// A unit's score and verdict in one case.
#[derive(Clone, Debug, PartialEq)]
pub struct Case {
    pub exact: Decimal,
    pub score: Decimal,
    pub eligible: bool,
    pub grade: Option<String>,
}

impl Case {
    fn of(result: &UnitResult) -> Case {
        Case { exact: result.exact, score: result.score, eligible: result.eligible, grade: result.grade.clone() }
    }
}

/// The smallest set of disputed items whose full points change the verdict, and the case it gives.
#[derive(Clone, Debug, PartialEq)]
pub struct Flip {
    /// Item indices, in the tree's order.
    pub items: Vec<usize>,
    pub case: Case,
}

/// One unit's disputed items and what they could change.
#[derive(Clone, Debug, PartialEq)]
pub struct Dispute {
    pub unit: String,
    /// The disputed items that apply to the unit (不涉及 ones cannot be granted), in the tree's order.
    pub items: Vec<usize>,
    /// None went its way: the result as scored.
    pub worst: Case,
    /// Every one went its way.
    pub best: Case,
    /// The fewest items that change 达标, when that can change; the first such set in the tree's order.
    pub eligible_flip: Option<Flip>,
    /// The fewest items that change the grade (等次), when that can change.
    pub grade_flip: Option<Flip>,
    /// False when more than [`MAX_SEARCH`] items could change something: the best and worst cases
    /// are exact, the smallest sets are not searched.
    pub searched: bool,
}

impl Dispute {
    /// Whether the verdict (达标 or the grade) can change at all.
    pub fn can_flip(&self) -> bool {
        self.best.eligible != self.worst.eligible || self.best.grade != self.worst.grade
    }
}

/// The disputes of every unit of the evaluation that has any, in the evaluation's order: the items
/// the scheme disputes (`disputed = […]`, in the rules), those its score sheets mark (a 争议 / 申诉
/// column) and those given here.
pub fn assess(tree: &IndicatorTree, rules: &Rules, evaluation: &Evaluation, disputes: &Disputes) -> Result<Vec<Dispute>, DisputeError> {
    let find = |code: &String| tree.find(ItemRef::Code(code)).ok_or_else(|| DisputeError::UnknownItem(code.clone()));
    let all = rules.disputed_items.iter().chain(&disputes.all).map(find).collect::<Result<Vec<_>, _>>()?;
    let mut by_unit = BTreeMap::new();
    for (unit, codes) in &disputes.by_unit {
        if !evaluation.units.iter().any(|u| &u.unit == unit) {
            return Err(DisputeError::UnknownUnit(unit.clone()));
        }
        by_unit.insert(unit.as_str(), codes.iter().map(find).collect::<Result<Vec<_>, _>>()?);
    }
    Ok(evaluation
        .units
        .iter()
        .filter_map(|u| {
            let marked = (0..u.items.len()).filter(|&i| u.items[i].disputed);
            let mut items: Vec<usize> = all.iter().chain(by_unit.get(u.unit.as_str()).into_iter().flatten()).copied().chain(marked).collect();
            items.sort_unstable();
            items.dedup();
            items.retain(|&i| u.items[i].value.is_some());
            (!items.is_empty()).then(|| dispute(tree, rules, u, items))
        })
        .collect())
}

/// One unit's cases: scored with the items granted, by the engine.
fn dispute(tree: &IndicatorTree, rules: &Rules, unit: &UnitResult, items: Vec<usize>) -> Dispute {
    let granted = |set: &[usize]| {
        let mut scores = unit.items.clone();
        for &i in set {
            scores[i].value = Some(tree.items[i].points);
            scores[i].penalty = Decimal::ZERO;
        }
        Case::of(&engine::score_unit(tree, rules, unit.unit.clone(), scores))
    };
    let worst = Case::of(unit);
    let best = granted(&items);
    // Only items short of their points can change anything.
    let open: Vec<usize> =
        items.iter().copied().filter(|&i| unit.items[i].value != Some(tree.items[i].points) || !unit.items[i].penalty.is_zero()).collect();
    let mut dispute = Dispute { unit: unit.unit.clone(), items, worst, best, eligible_flip: None, grade_flip: None, searched: true };
    if !dispute.can_flip() {
        return dispute;
    }
    if open.len() > MAX_SEARCH {
        dispute.searched = false;
        return dispute;
    }
    let want_eligible = dispute.best.eligible != dispute.worst.eligible;
    let want_grade = dispute.best.grade != dispute.worst.grade;
    // By size, then in the tree's order: the first set found of a size is the smallest.
    'sizes: for size in 1..=open.len() {
        let mut pick: Vec<usize> = (0..size).collect();
        loop {
            let set: Vec<usize> = pick.iter().map(|&p| open[p]).collect();
            let case = granted(&set);
            if want_eligible && dispute.eligible_flip.is_none() && case.eligible != dispute.worst.eligible {
                dispute.eligible_flip = Some(Flip { items: set.clone(), case: case.clone() });
            }
            if want_grade && dispute.grade_flip.is_none() && case.grade != dispute.worst.grade {
                dispute.grade_flip = Some(Flip { items: set, case });
            }
            if (!want_eligible || dispute.eligible_flip.is_some()) && (!want_grade || dispute.grade_flip.is_some()) {
                break 'sizes;
            }
            if !next_combination(&mut pick, open.len()) {
                break;
            }
        }
    }
    dispute
}

/// The next `pick.len()`-subset of 0..n in lexicographic order; false after the last.
fn next_combination(pick: &mut [usize], n: usize) -> bool {
    let k = pick.len();
    let Some(i) = (0..k).rev().find(|&i| pick[i] < n - k + i) else {
        return false;
    };
    pick[i] += 1;
    for j in i + 1..k {
        pick[j] = pick[j - 1] + 1;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn combinations_in_order() {
        let mut pick = vec![0, 1];
        let mut all = vec![pick.clone()];
        while next_combination(&mut pick, 4) {
            all.push(pick.clone());
        }
        assert_eq!(all, [[0, 1], [0, 2], [0, 3], [1, 2], [1, 3], [2, 3]]);
    }

    #[test]
    fn parse_for_all_and_per_unit() {
        let d = Disputes::parse("3.2.1, 5.1.4、甲区:1.1.1,乙区：2.1");
        assert_eq!(d.all, ["3.2.1", "5.1.4"]);
        assert_eq!(d.by_unit["甲区"], ["1.1.1"]);
        assert_eq!(d.by_unit["乙区"], ["2.1"]);
    }
}
