//! 定量指标 scored: each row's figures (分子/分母 or 数值) turned into points by the item's rule, before
//! the scores are merged, so that a computed score goes through departments, sources, weights and
//! rounding like a typed one. A rule against the round's mean waits for every unit's figures. How
//! each score came about is kept ([`Measurement`]) for `explain` and the result workbook.

use std::collections::BTreeMap;
use std::sync::Arc;

use rust_decimal::Decimal;

use crate::location::Location;
use crate::number::{display, shown};
use crate::previous::Previous;
use crate::problem::Problem;
use crate::quant::{Computed, Figures, Level, Levels, Measure, QuantRule, RuleSource, Shortfall, StepUnit};
use crate::rules::Rules;
use crate::scores::{Round, ScoreEntry, ScoreValue};
use crate::text;
use crate::tree::IndicatorTree;

/// How one unit's item was scored from its figures.
#[derive(Clone, Debug, PartialEq)]
pub struct Measurement {
    pub unit: Arc<str>,
    /// Index of the item in the tree.
    pub item: usize,
    pub round: Round,
    pub figures: Figures,
    /// The cells of the figures.
    pub cells: Vec<Location>,
    pub computed: Computed,
    /// The score the unit typed beside its figures, when it differs from the computed one.
    pub claimed: Option<(Decimal, Location)>,
}

/// Scores every row of figures by its item's rule, in place: each becomes the points computed (or
/// 不涉及), or is reported and marked invalid. A rule against last year takes the unit's figures
/// from `previous`. Returns how each was computed, and the problems.
pub fn score(tree: &IndicatorTree, rules: &Rules, entries: &mut [ScoreEntry], previous: Option<&Previous>) -> (Vec<Measurement>, Vec<Problem>) {
    let rule_of = |item: usize| rules.quant.get(&tree.items[item].code);
    let means = means(entries, &rule_of);
    let (mut measured, mut problems) = (Vec::new(), Vec::new());
    for entry in entries.iter_mut() {
        let ScoreValue::Figures(reported) = &entry.value else { continue };
        let item = &tree.items[entry.item];
        // The reader marks figures only for the items the rules score from figures.
        let Some(rule) = rule_of(entry.item) else {
            problems.push(Problem::error(entry.location.clone(), text::quant_no_rule(&item.code)));
            entry.value = ScoreValue::Invalid;
            continue;
        };
        let mean = means.get(&(entry.item, entry.round == Round::Verified)).copied();
        let previous = match rule.needs_previous().then(|| previous_figure(rule, previous, &entry.unit, &item.code)).transpose() {
            Ok(figure) => figure,
            Err(message) => {
                problems.push(Problem::error(entry.location.clone(), message));
                entry.value = ScoreValue::Invalid;
                continue;
            }
        };
        match rule.compute(reported.figures, item.points, Levels { mean, previous }) {
            Ok(computed) => {
                let claimed = reported.claimed.clone().filter(|(p, _)| Some(*p) != computed.points);
                if let Some((typed, at)) = &claimed {
                    let points = computed.points.map_or_else(text::not_applicable_mark, shown);
                    problems.push(Problem::warning(at.clone(), text::quant_claimed_differs(&entry.unit, &item.code, shown(*typed), points)));
                }
                let m = Measurement {
                    unit: entry.unit.clone(),
                    item: entry.item,
                    round: entry.round,
                    figures: reported.figures,
                    cells: reported.cells.clone(),
                    computed,
                    claimed,
                };
                entry.value = m.computed.points.map_or(ScoreValue::NotApplicable, ScoreValue::Points);
                measured.push(m);
            }
            Err(refusal) => {
                problems.push(Problem::error(entry.location.clone(), refusal.message(&item.code)));
                entry.value = ScoreValue::Invalid;
            }
        }
    }
    (measured, problems)
}

/// The mean figure of each item scored against the round's mean, per round: the mean of the rows'
/// figures (rates at the rule's precision), a 分母 of 0 and unreadable figures left out.
fn means<'r>(entries: &[ScoreEntry], rule_of: &impl Fn(usize) -> Option<&'r QuantRule>) -> BTreeMap<(usize, bool), Decimal> {
    let mut sums: BTreeMap<(usize, bool), (Decimal, u32)> = BTreeMap::new();
    for entry in entries {
        let ScoreValue::Figures(reported) = &entry.value else { continue };
        let Some(rule) = rule_of(entry.item).filter(|r| r.is_relative()) else { continue };
        if let Ok(Some(figure)) = rule.figure(reported.figures) {
            let sum = sums.entry((entry.item, entry.round == Round::Verified)).or_default();
            sum.0 += figure;
            sum.1 += 1;
        }
    }
    sums.into_iter().map(|(key, (sum, n))| (key, sum / Decimal::from(n))).collect()
}

/// The unit's figure of last year for an item, by this year's rule (its precision), from the
/// figures last year's 明细 shows; or why there is none.
fn previous_figure(rule: &QuantRule, previous: Option<&Previous>, unit: &str, code: &str) -> Result<Decimal, text::Message> {
    let Some(previous) = previous else { return Err(text::quant_no_previous(code)) };
    let file = previous.input.path.display();
    let figures = previous.scores.iter().find(|s| s.unit == unit && s.code == code).and_then(|s| s.figures);
    let Some(figures) = figures else { return Err(text::quant_previous_missing(unit, code, file)) };
    match rule.figure(figures) {
        Ok(Some(figure)) => Ok(figure),
        Ok(None) => Err(text::quant_previous_zero(unit, code, file)),
        Err(refusal) => Err(text::quant_previous_unreadable(unit, code, file, refusal.message(code))),
    }
}

/// A unit's measurements in words, for `explain`, in the tree's order.
pub fn explain_lines(tree: &IndicatorTree, rules: &Rules, measured: &[Measurement], unit: &str) -> Vec<String> {
    let mut mine: Vec<&Measurement> = measured.iter().filter(|m| &*m.unit == unit).collect();
    mine.sort_by_key(|m| (m.item, m.round == Round::Verified));
    let mut lines = Vec::new();
    for m in mine {
        let Some(rule) = rules.quant.get(&tree.items[m.item].code) else { continue };
        lines.push(format!("  {}", describe(tree, rule, m)));
    }
    if !lines.is_empty() {
        lines.insert(0, text::explain_quant());
    }
    lines
}

/// One measurement in words: "B12 出庭应诉率…: 19/21 = 90.48%,目标 ≥ 95%,低 4.52 个百分点 → 扣 2.5 分,
/// 得 7.5 分(规则 …)".
pub fn describe(tree: &IndicatorTree, rule: &QuantRule, m: &Measurement) -> String {
    let item = &tree.items[m.item];
    let c = &m.computed;
    let shown_figure = |v: Decimal| match rule.measure {
        Measure::Rate => format!("{}%", two_places(v, rule.decimals)),
        Measure::Count => format!("{} {}", v.normalize(), text::quant_pieces().trim()),
    };
    let figures = match m.figures {
        Figures::Ratio { numerator, denominator } if denominator.is_zero() => text::quant_zero_of(numerator, denominator),
        Figures::Ratio { numerator, denominator } => format!("{numerator}/{denominator} = {}", shown_figure(c.figure)),
        Figures::Value(_) => shown_figure(c.figure),
    };
    let points = c.points.map_or_else(text::not_applicable_mark, shown);
    let target = match rule.target.level {
        Level::Fixed(v) => format!("{} {}", rule.target.cmp.symbol(), shown_figure(v)),
        Level::Mean => format!("{} {} ({})", rule.target.cmp.symbol(), text::quant_mean(), shown_figure(c.target)),
        Level::Previous => format!("{} {} ({})", rule.target.cmp.symbol(), text::quant_previous(), shown_figure(c.target)),
    };
    let outcome = if c.points.is_none() || figures_zero(m.figures) {
        text::quant_outcome_none(points)
    } else if c.met {
        text::quant_outcome_met(points)
    } else if c.gap.is_zero() {
        text::quant_outcome_level(shown(c.deducted), points)
    } else {
        let unit = match &rule.shortfall {
            Shortfall::Steps(s) if s.unit == StepUnit::Pieces => text::quant_pieces(),
            _ if rule.measure == Measure::Count => text::quant_pieces(),
            _ => text::quant_percentage_points(),
        };
        text::quant_outcome_short(rule.target.cmp.higher_is_better(), two_places(c.gap, None), unit.trim(), shown(c.deducted), points)
    };
    let source = match &rule.source {
        RuleSource::Text { text, at } => text::quant_from_standard(at, text),
        RuleSource::Scheme { line } => text::quant_from_scheme(line),
    };
    let claimed = m.claimed.as_ref().map(|(typed, at)| text::quant_claimed(shown(*typed), at)).unwrap_or_default();
    let label = item.label();
    let name = if label.starts_with(&item.code) { label } else { format!("{} {label}", item.code) };
    text::quant_line(name, figures, target, outcome, rule.describe(), source, claimed)
}

/// A figure as it is when it has two places or fewer (90, 90.5), else to two (90.48), or to the
/// rule's own decimals.
fn two_places(v: Decimal, decimals: Option<u32>) -> String {
    match decimals {
        Some(d) => display(v, d),
        None if v.normalize().scale() <= 2 => v.normalize().to_string(),
        None => display(v, 2),
    }
}

fn figures_zero(figures: Figures) -> bool {
    matches!(figures, Figures::Ratio { denominator, .. } if denominator.is_zero())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    use crate::quant::{Cmp, Condition, WhenNone};

    fn entry(unit: &str, figures: Figures) -> ScoreEntry {
        let reported = crate::scores::Reported { figures, cells: vec![Location::file("a.csv")], claimed: None };
        ScoreEntry {
            unit: unit.into(),
            item: 0,
            value: ScoreValue::Figures(Box::new(reported)),
            location: Location::file("a.csv"),
            round: Round::Own,
            about: None,
        }
    }

    #[test]
    fn a_mean_target_with_ties() {
        let rule = QuantRule {
            measure: Measure::Rate,
            target: Condition { cmp: Cmp::AtLeast, level: Level::Mean },
            shortfall: Shortfall::Nothing,
            when_none: WhenNone::Refuse,
            decimals: None,
            source: RuleSource::Scheme { line: 1 },
        };
        let rule_of = |_| Some(&rule);
        // 19/21 twice and 2/21: the mean is (2 × 90.476… + 9.523…) / 3; 1/3 three times ties exactly.
        let thirds = [
            entry("甲", Figures::Ratio { numerator: dec!(1), denominator: dec!(3) }),
            entry("乙", Figures::Ratio { numerator: dec!(2), denominator: dec!(6) }),
        ];
        let mean = means(&thirds, &rule_of)[&(0, false)];
        let ScoreValue::Figures(r) = &thirds[0].value else { unreachable!() };
        assert_eq!(rule.compute(r.figures, dec!(10), Levels { mean: Some(mean), previous: None }).unwrap().points, Some(dec!(10)));
        assert_eq!(mean, dec!(33.33333333333333333333));
    }
}
