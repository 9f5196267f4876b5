//! Two rounds of one year's assessment: the unit's self-assessment (自评) and the assessment team's
//! verified score (核定得分), which replaces it. The verified score is the item's score and goes
//! through bonus, veto, weights, sources, 不涉及 and rounding like any score; the self-score is
//! kept beside it, the unit is scored on it too by the same rules, and the two are compared:
//! every adjusted item, the difference, and the units and departments whose self-score was
//! inflated (自评虚高).
//!
//! 自评虚高 compares the published (rounded) scores, as the notice prints them: a unit is flagged
//! when its self-score exceeds the verified one by **more than** `inflated` points, so a
//! difference of exactly `inflated` is not flagged (95.3 against 90.3 with 5: no; 95.4: yes).

use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use crate::departments;
use crate::engine::{self, Evaluation, UnitResult};
use crate::location::Sources;
use crate::merge::{ItemScore, Review, ScoreBook};
use crate::number::round_half_up;
use crate::problem::Problem;
use crate::rules::Rules;
use crate::text;
use crate::tree::IndicatorTree;

/// The default margin of 自评虚高, on the 100-point scale.
pub const DEFAULT_INFLATED: Decimal = dec!(5);

/// How a run with a review round compares the two rounds.
#[derive(Clone, Debug, PartialEq)]
pub struct Rounds {
    /// A self-score more than this above the verified one (100-point scale, published values) is
    /// 自评虚高.
    pub inflated: Decimal,
}

impl Rounds {
    /// Whether a published self-score exceeds the published verified one by more than the margin.
    pub fn is_inflated(&self, own: Decimal, verified: Decimal) -> bool {
        own - verified > self.inflated
    }

    /// Whether the unit's self-assessment was inflated.
    pub fn unit_inflated(&self, unit: &UnitResult) -> bool {
        unit.own.as_ref().is_some_and(|own| self.is_inflated(own.score, unit.score))
    }
}

/// With a review round, scores every unit on its self-assessment too (`UnitResult::own`);
/// `None`, and nothing done, when no item has a verified score.
pub fn assess(tree: &IndicatorTree, rules: &Rules, units: &mut [UnitResult]) -> Option<Rounds> {
    if !units.iter().any(|u| u.items.iter().any(|s| s.review.is_some())) {
        return None;
    }
    for unit in units.iter_mut() {
        let items = unit.items.iter().map(|s| ItemScore {
            value: own_value(s),
            penalty: Decimal::ZERO,
            remark: None,
            sources: Default::default(),
            review: None,
            disputed: false,
        });
        unit.own = Some(Box::new(engine::score_unit(tree, rules, unit.unit.clone(), items.collect())));
    }
    Some(Rounds { inflated: DEFAULT_INFLATED })
}

/// The self-score of an item: its score when it had no review.
pub fn own_value(score: &ItemScore) -> Option<Decimal> {
    score.review.as_ref().map_or(score.value, |r| r.own)
}

/// Verified − self in points, when both are numbers.
pub fn adjustment(score: &ItemScore) -> Option<Decimal> {
    Some(score.value? - score.review.as_ref()?.own?)
}

/// The adjusted items of a unit, by index: the largest cuts first (verified − self most negative),
/// then raises, then the items that became or stopped being 不涉及; ties in tree order.
pub fn adjusted(unit: &UnitResult) -> Vec<usize> {
    let mut found: Vec<usize> = (0..unit.items.len()).filter(|&i| is_adjusted(&unit.items[i])).collect();
    found.sort_by_key(|&i| (adjustment(&unit.items[i]).is_none(), adjustment(&unit.items[i]).unwrap_or_default()));
    found
}

fn is_adjusted(score: &ItemScore) -> bool {
    score.review.as_ref().is_some_and(|r| r.is_adjusted(score))
}

/// The adjusted items whose cuts cost the unit most on the 100-point scale (each found by scoring
/// the unit with that item back at its self-score, so weights and renormalisation count): (item,
/// cost), largest first, only items that cost something.
pub fn costliest(tree: &IndicatorTree, rules: &Rules, unit: &UnitResult) -> Vec<(usize, Decimal)> {
    let mut costs: Vec<(usize, Decimal)> = adjusted(unit)
        .into_iter()
        .map(|i| {
            let mut items = unit.items.clone();
            items[i].value = own_value(&unit.items[i]);
            (i, engine::score_unit(tree, rules, unit.unit.clone(), items).exact - unit.exact)
        })
        .filter(|(_, cost)| *cost > Decimal::ZERO)
        .collect();
    costs.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    costs
}

/// Items still waiting for their verified score (未核定): one warning per unit naming the items and
/// their cells, or errors with `require` (`--require-verified`).
pub fn unverified(tree: &IndicatorTree, book: &ScoreBook, require: bool) -> Vec<Problem> {
    let mut problems = Vec::new();
    for (unit, scores) in book.units.iter().zip(&book.scores) {
        let waiting: Vec<(usize, &ItemScore, &Review)> = scores
            .iter()
            .enumerate()
            .filter_map(|(i, s)| {
                let s = s.as_ref()?;
                s.review.as_deref().filter(|r| !r.verified).map(|r| (i, s, r))
            })
            .collect();
        let Some(&(_, first, review)) = waiting.first() else { continue };
        let at = review.pending.first().or(first.sources.first()).cloned();
        let listed: Vec<String> =
            waiting.iter().map(|(i, s, r)| text::unverified_item(tree.items[*i].label(), Sources(&s.sources), Sources(&r.pending))).collect();
        let message = text::unverified(unit, waiting.len(), listed.join("; "));
        problems.push(if require { Problem::error(at, message) } else { Problem::warning(at, message) });
    }
    problems
}

/// A department's score rate on the self-assessment and on the verified scores, within one unit.
pub struct DepartmentRounds {
    pub unit: String,
    pub department: String,
    /// Exact rates on the 100 scale.
    pub own: Decimal,
    pub verified: Decimal,
}

/// Departments whose self-assessed rate (rounded to the run's decimals) exceeds the verified one
/// by more than the margin, unit by unit.
pub fn inflated_departments(tree: &IndicatorTree, evaluation: &Evaluation, rules: &Rules) -> Vec<DepartmentRounds> {
    let Some(rounds) = &evaluation.rounds else { return Vec::new() };
    let mut found = Vec::new();
    for unit in &evaluation.units {
        let Some(own) = &unit.own else { continue };
        let verified = departments::ranking(tree, &[unit], rules);
        for mine in departments::ranking(tree, &[own], rules) {
            let theirs = verified.iter().find(|d| d.department == mine.department).and_then(|d| d.rate);
            if let (Some(own), Some(verified)) = (mine.rate, theirs) {
                let shown = |r| round_half_up(r, rules.decimals);
                if rounds.is_inflated(shown(own), shown(verified)) {
                    found.push(DepartmentRounds { unit: unit.unit.clone(), department: mine.department, own, verified });
                }
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inflated_means_more_than_the_margin() {
        let rounds = Rounds { inflated: dec!(5) };
        assert!(!rounds.is_inflated(dec!(95.3), dec!(90.3)));
        assert!(rounds.is_inflated(dec!(95.4), dec!(90.3)));
        assert!(!rounds.is_inflated(dec!(90.3), dec!(95.4)));
    }
}
