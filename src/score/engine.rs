//! The engine: sums item scores up the tree, converts to the 100-point scale over the applicable
//! items (涉及的指标), applies the threshold and ranks. Exact decimals throughout; rounding happens
//! once, for the published score.

use rayon::prelude::*;
use rust_decimal::Decimal;

use crate::merge::{ItemScore, ScoreBook};
use crate::number::{display, round_half_up, shown};
use crate::rank::rank;
use crate::rules::{Basis, Order, Rules};
use crate::text;
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
    /// Points obtained (实得分) by the items, each within 0..points.
    pub raw: Decimal,
    /// 倒扣: points taken off beyond 倒扣项' own points, off `raw` before the conversion.
    pub penalty: Decimal,
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
    /// Why the unit is or is not eligible: each rule that decided, as data.
    pub reasons: Vec<Reason>,
    pub level1: Vec<NodeScore>,
    pub level2: Vec<NodeScore>,
    pub items: Vec<ItemScore>,
    /// With a review round: the unit scored on its self-assessment (自评), by the same rules.
    pub own: Option<Box<UnitResult>>,
}

/// The result of a scoring run.
#[derive(Clone, Debug)]
pub struct Evaluation {
    /// Units by rank; tied units in the rules' [`Order`].
    pub units: Vec<UnitResult>,
    /// Whether indicator weights shaped the score (otherwise it is the plain ratio).
    pub weighted: bool,
    /// With a review round (核定): how the self-assessments compare; `None` for one round.
    pub rounds: Option<crate::rounds::Rounds>,
}

/// How an item counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Summed up the tree.
    Scored,
    /// 加分项: its points go onto the converted score, up to the cap.
    Bonus,
    /// 否决项: losing any of its points makes the unit ineligible.
    Veto,
}

/// The kind of every item of the tree under the rules.
pub fn kinds(tree: &IndicatorTree, rules: &Rules) -> Vec<Kind> {
    let listed = |codes: &[String], i: usize| codes.contains(&tree.items[i].code);
    (0..tree.items.len())
        .map(|i| {
            if listed(&rules.veto_items, i) {
                Kind::Veto
            } else if listed(&rules.bonus_items, i) {
                Kind::Bonus
            } else {
                Kind::Scored
            }
        })
        .collect()
}

/// Whether indicator weights shape the score (otherwise it is the plain ratio).
pub fn is_weighted(tree: &IndicatorTree, rules: &Rules) -> bool {
    tree.level1.iter().chain(&tree.level2).any(|g| weight(rules, g).is_some())
}

fn weight(rules: &Rules, g: &Group) -> Option<Decimal> {
    rules.weights.get(&g.code).copied().or(g.weight)
}

/// Scores every unit of the book, which it takes apart: its item scores move into the units'
/// results. Every item of every unit must have a score (see `merge`).
pub fn evaluate(tree: &IndicatorTree, book: ScoreBook, rules: &Rules) -> Evaluation {
    // Units are scored side by side where there are threads; the order stays the book's.
    let mut units: Vec<UnitResult> = book
        .units
        .into_par_iter()
        .zip(book.scores)
        .map(|(unit, scores)| {
            let items = scores.into_iter().map(|s| s.expect("merge leaves no item unscored")).collect();
            score_unit(tree, rules, unit, items)
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
    match rules.grade_order {
        None => sort_in_order(&mut units, rules.order, rules, |u| (u.rank, 0)),
        Some(order) => {
            // A band comes where its best unit ranks; units without a grade follow, by rank.
            let mut best: std::collections::HashMap<String, u32> = std::collections::HashMap::new();
            for u in units.iter().filter_map(|u| Some((u.grade.clone()?, u.rank))) {
                best.entry(u.0).and_modify(|r| *r = (*r).min(u.1)).or_insert(u.1);
            }
            sort_in_order(&mut units, order, rules, |u| u.grade.as_ref().map_or((u32::MAX, u.rank), |g| (best[g], 0)));
        }
    }
    let rounds = crate::rounds::assess(tree, rules, &mut units);
    Evaluation { units, weighted: is_weighted(tree, rules), rounds }
}

/// Sorts the units by `first`, then in `order`. Stable, and the units come in the score files'
/// order: those equal under `Order::Input` stay as the files first name them.
fn sort_in_order(units: &mut [UnitResult], order: Order, rules: &Rules, first: impl Fn(&UnitResult) -> (u32, u32)) {
    match order {
        Order::Name => units.sort_by(|a, b| first(a).cmp(&first(b)).then_with(|| a.unit.cmp(&b.unit))),
        Order::Strokes => units.sort_by_cached_key(|u| (first(u), crate::order::stroke_key(&u.unit))),
        Order::Input => units.sort_by_key(first),
        // Every unit has a code: the run stops before scoring where one has none.
        Order::Code => units.sort_by_cached_key(|u| (first(u), rules.unit_codes.get(&u.unit).cloned(), u.unit.clone())),
    }
}

/// Scores one unit from its item scores (one per item of the tree); its rank is left at 0.
pub fn score_unit(tree: &IndicatorTree, rules: &Rules, unit: String, items: Vec<ItemScore>) -> UnitResult {
    let kinds = kinds(tree, rules);
    let parts = Parts::of(tree, rules, &kinds, &items);
    let Standing { exact, score, met, level1, total } = standing(tree, rules, &Weights::of(tree, rules), None, &parts);
    let (earned, bonus, penalty) = (parts.earned, parts.bonus, parts.penalty);
    let penalized: Vec<usize> =
        (0..items.len()).filter(|&i| kinds[i] == Kind::Scored && items[i].value.is_some() && !items[i].penalty.is_zero()).collect();

    let view = View::of(rules);
    let checked = if rules.threshold.on == Basis::Rounded { score } else { exact };
    let mut reasons = vec![Reason::Threshold { exact, checked, threshold: rules.threshold.value, met, view }];
    if !earned.is_zero() {
        reasons.push(Reason::Bonus { added: bonus, earned, cap: rules.bonus_cap });
    }
    if !penalty.is_zero() {
        let items = penalized.iter().map(|&i| (tree.items[i].label(), items[i].penalty)).collect();
        reasons.push(Reason::Penalty { total: penalty, items });
    }
    let below_minimum = min_rate_reasons(tree, rules, &level1);
    let vetoes = veto_reasons(tree, &kinds, &items);
    let eligible = met && below_minimum.is_empty() && vetoes.is_empty();
    // Grades look at the same value as the threshold; a vetoed unit gets the scheme's veto grade.
    let band = rules.band(&unit, checked).filter(|_| vetoes.is_empty());
    let grade = if vetoes.is_empty() { band.map(|b| b.name.clone()) } else { rules.veto_grade.clone() };
    reasons.extend(below_minimum);
    reasons.extend(vetoes);
    if let Some(band) = band {
        let group = rules.group_of(&unit).unwrap_or_default();
        reasons.push(Reason::Graded { exact, grade: band.name.clone(), min: band.min, group: group.to_string(), view });
    }
    let level2 = parts.level2;
    UnitResult { unit, raw: total.raw, penalty, max: total.max, exact, score, rank: 0, eligible, grade, reasons, level1, level2, items, own: None }
}

/// The weights of the 一级 and 二级 indicators by index, as the rules resolve them (a scheme's over
/// the tree's 权重 column); `None` for an unweighted one.
#[derive(Clone, Debug)]
pub struct Weights {
    pub level1: Vec<Option<Decimal>>,
    pub level2: Vec<Option<Decimal>>,
}

impl Weights {
    pub fn of(tree: &IndicatorTree, rules: &Rules) -> Weights {
        let of = |groups: &[Group]| groups.iter().map(|g| weight(rules, g)).collect();
        Weights { level1: of(&tree.level1), level2: of(&tree.level2) }
    }

    /// Whether the total is a weighted rate of the 一级 indicators (otherwise the plain ratio of points).
    pub fn level1_weighted(&self) -> bool {
        self.level1.iter().any(Option::is_some)
    }

    /// Whether some 一级's rate is a weighted rate of its 二级 indicators.
    pub fn level2_weighted(&self) -> bool {
        self.level2.iter().any(Option::is_some)
    }
}

/// Factors on the weights, one per 一级 and one per 二级 indicator: where the 一级 carry no weight,
/// each 一级's points (its share of the unit's applicable points, the weight the plain ratio
/// implies) are scaled instead. A scoring run scales nothing; a sensitivity run draws them.
pub struct Scale<'a> {
    pub level1: &'a [Decimal],
    pub level2: &'a [Decimal],
}

/// What a unit's item scores add up to before any weight is applied: the same under every weighting.
#[derive(Clone, Debug)]
pub struct Parts {
    /// The 一级 nodes, each rated as the plain ratio of its points (re-rated by [`standing`] where
    /// 二级 weights apply).
    pub level1: Vec<NodeScore>,
    pub level2: Vec<NodeScore>,
    /// Every scored item that applies, as the plain ratio.
    pub total: NodeScore,
    /// Bonus points earned, and those added after the cap.
    pub earned: Decimal,
    pub bonus: Decimal,
    /// 倒扣 beyond the items' own points.
    pub penalty: Decimal,
    /// A veto item lost points: the unit is not eligible whatever its score.
    pub vetoed: bool,
}

impl Parts {
    pub fn of(tree: &IndicatorTree, rules: &Rules, kinds: &[Kind], items: &[ItemScore]) -> Parts {
        let item_score = |i: usize| match (kinds[i], items[i].value) {
            (Kind::Scored, Some(v)) => (v, tree.items[i].points),
            _ => (Decimal::ZERO, Decimal::ZERO),
        };
        let level2: Vec<NodeScore> = tree.level2.iter().map(|g| node(g.children.iter().map(|&i| item_score(i)), None)).collect();
        // A 一级 holds 二级 indicators in a three-tier tree, items in a two-tier one; a flat list has no 一级.
        let level1: Vec<NodeScore> = tree
            .level1
            .iter()
            .map(|g| match tree.tiers() {
                // A four-tier tree adds up through 二级 too: its 三级 only group the items for reading.
                3 | 4 => node(g.children.iter().map(|&c| (level2[c].raw, level2[c].max)), None),
                _ => node(g.children.iter().map(|&i| item_score(i)), None),
            })
            .collect();
        let total = if tree.level1.is_empty() {
            node((0..tree.items.len()).map(item_score), None)
        } else {
            node(level1.iter().map(|n| (n.raw, n.max)), None)
        };
        let earned: Decimal = (0..items.len()).filter(|&i| kinds[i] == Kind::Bonus).filter_map(|i| items[i].value).sum();
        let bonus = rules.bonus_cap.map_or(earned, |cap| earned.min(cap));
        let penalty = (0..items.len()).filter(|&i| kinds[i] == Kind::Scored && items[i].value.is_some()).map(|i| items[i].penalty).sum();
        let vetoed = (0..items.len()).any(|i| kinds[i] == Kind::Veto && items[i].value.is_some_and(|v| v < tree.items[i].points));
        Parts { level1, level2, total, earned, bonus, penalty, vetoed }
    }
}

/// Where a unit stands under some weights: its converted score, exact and published, whether that
/// meets the threshold, and its 一级 nodes and total as weighted.
pub struct Standing {
    pub exact: Decimal,
    pub score: Decimal,
    pub met: bool,
    pub level1: Vec<NodeScore>,
    pub total: NodeScore,
}

impl Standing {
    /// The value a ranking looks at.
    pub fn key(&self, rules: &Rules) -> Decimal {
        match rules.rank_on {
            Basis::Rounded => self.score,
            Basis::Exact => self.exact,
        }
    }

    /// 达标: the threshold met, no 一级 below its minimum rate, no veto.
    pub fn eligible(&self, tree: &IndicatorTree, rules: &Rules, parts: &Parts) -> bool {
        self.met && !parts.vetoed && (rules.min_rates.is_empty() || min_rate_reasons(tree, rules, &self.level1).is_empty())
    }
}

/// A unit's standing under the weights, each scaled by `scale` (none in a scoring run).
pub fn standing(tree: &IndicatorTree, rules: &Rules, weights: &Weights, scale: Option<&Scale<'_>>, parts: &Parts) -> Standing {
    let f1 = |i: usize| scale.map_or(Decimal::ONE, |s| s.level1[i]);
    let f2 = |i: usize| scale.map_or(Decimal::ONE, |s| s.level2[i]);
    let mut level1 = parts.level1.clone();
    if matches!(tree.tiers(), 3 | 4) && weights.level2_weighted() {
        for (n, g) in level1.iter_mut().zip(&tree.level1) {
            let children: Vec<(&NodeScore, Option<Decimal>)> =
                g.children.iter().map(|&c| (&parts.level2[c], weights.level2[c].map(|w| w * f2(c)))).collect();
            if let Some(rate) = weighted_rate(&children) {
                n.rate = rate;
            }
        }
    }
    let total = if level1.is_empty() {
        parts.total.clone()
    } else if weights.level1_weighted() {
        let children: Vec<(&NodeScore, Option<Decimal>)> =
            level1.iter().zip(&weights.level1).enumerate().map(|(i, (n, w))| (n, w.map(|w| w * f1(i)))).collect();
        NodeScore { rate: weighted_rate(&children).flatten(), ..parts.total.clone() }
    } else if scale.is_some() {
        node(level1.iter().enumerate().map(|(i, n)| (n.raw * f1(i), n.max * f1(i))), None)
    } else {
        parts.total.clone()
    };
    let exact = after_penalty(weights.level1_weighted(), &total, parts.total.max, parts.penalty) + parts.bonus;
    let score = round_half_up(exact, rules.decimals);
    let met = rules.threshold.is_met(exact, score);
    Standing { exact, score, met, level1, total }
}

/// The total's rate once 倒扣 is taken off the points obtained, never below 0: (Σo − P) × 100 ÷ Σp
/// for the plain ratio; with weighted 一级 indicators, the weighted rate less P × 100 ÷ Σp (the
/// penalty as a share of the unit's applicable maximum `max`, as in the plain ratio). Where the
/// points of the plain ratio are scaled, the penalty is scaled with the maximum.
fn after_penalty(weighted: bool, total: &NodeScore, max: Decimal, penalty: Decimal) -> Decimal {
    let rate = total.rate.unwrap_or_default();
    if penalty.is_zero() || total.max.is_zero() {
        return rate;
    }
    let taken = if weighted {
        rate - penalty * HUNDRED / max
    } else {
        let penalty = if total.max == max { penalty } else { penalty * total.max / max };
        (total.raw - penalty) * HUNDRED / total.max
    };
    taken.max(Decimal::ZERO)
}

/// One sentence per 一级 indicator whose rate is below its minimum, judged on the same basis as
/// the threshold: the rate as published (rounded), or the exact one.
fn min_rate_reasons(tree: &IndicatorTree, rules: &Rules, level1: &[NodeScore]) -> Vec<Reason> {
    tree.level1
        .iter()
        .zip(level1)
        .filter_map(|(g, n)| {
            let (min, rate) = (*rules.min_rates.get(&g.code)?, n.rate?);
            let checked = match rules.threshold.on {
                Basis::Rounded => round_half_up(rate, rules.decimals),
                Basis::Exact => rate,
            };
            (checked < min).then(|| Reason::BelowMinRate { code: g.code.clone(), name: g.name.clone(), rate, min, view: View::of(rules) })
        })
        .collect()
}

/// One sentence per veto item that lost points, with its 扣分原因.
fn veto_reasons(tree: &IndicatorTree, kinds: &[Kind], items: &[ItemScore]) -> Vec<Reason> {
    (0..items.len())
        .filter(|&i| kinds[i] == Kind::Veto)
        .filter_map(|i| {
            let item = &tree.items[i];
            let value = items[i].value.filter(|v| *v < item.points)?;
            let remark = items[i].remark.as_deref().unwrap_or_default();
            Some(Reason::Vetoed { item: item.label(), score: value, points: item.points, remark: remark.to_string() })
        })
        .collect()
}

/// A score or rate, with its `unit` ("%" or none), as a sentence comparing it with `limit` (a
/// threshold, a minimum, a band) shows it, on the basis the threshold is checked on: as published,
/// rounded to the scheme's decimals; or exact, marked so, whole when it is short (89.96) and else
/// cut with an ellipsis (95.58…), never rounded onto the other side of the limit (an exact 89.996
/// is not shown as 90.00).
pub fn show_against(rules: &Rules, exact: Decimal, limit: Decimal, unit: &str) -> String {
    View::of(rules).against(exact, limit, unit)
}

/// What showing a value needs of the rules: the basis the threshold is checked on and the published
/// decimals. A reason keeps it, so that its sentence can be written when it is shown.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct View {
    pub on: Basis,
    pub decimals: u32,
}

impl View {
    pub fn of(rules: &Rules) -> View {
        View { on: rules.threshold.on, decimals: rules.decimals }
    }

    /// See [`show_against`].
    pub fn against(self, exact: Decimal, limit: Decimal, unit: &str) -> String {
        if self.on == Basis::Rounded {
            return format!("{}{unit}", display(exact, self.decimals));
        }
        let exact = exact.normalize();
        let mut decimals = self.decimals.max(2);
        if exact.scale() <= decimals {
            return text::exact_value(format!("{exact}{unit}"));
        }
        // Cut, not rounded: the digits shown are the value's own. A cut below the limit stays below;
        // one above it may need more digits when the limit has more decimals than shown.
        let cut = |d| exact.round_dp_with_strategy(d, rust_decimal::RoundingStrategy::ToZero);
        while decimals < exact.scale() && (cut(decimals) < limit) != (exact < limit) {
            decimals += 1;
        }
        text::exact_value(format!("{}…{unit}", cut(decimals)))
    }

    /// A gap to a limit: rounded up to what is shown, so that closing the gap shown reaches the limit.
    pub fn gap(self, gap: Decimal) -> String {
        let decimals = if self.on == Basis::Exact { self.decimals.max(2) } else { self.decimals };
        let mut shown = gap.round_dp_with_strategy(decimals, rust_decimal::RoundingStrategy::AwayFromZero);
        shown.rescale(decimals);
        shown.to_string()
    }
}

/// Why a unit is or is not eligible: one rule that decided, with its values. It becomes a sentence in
/// the reader's language only when shown (`Display`); json carries its stable [`Reason::kind`] too.
#[derive(Clone, Debug, PartialEq)]
pub enum Reason {
    /// The score against the threshold: `checked` is the value the threshold looks at.
    Threshold { exact: Decimal, checked: Decimal, threshold: Decimal, met: bool, view: View },
    /// Bonus points added (capped) on the converted score.
    Bonus { added: Decimal, earned: Decimal, cap: Option<Decimal> },
    /// 倒扣 taken off the points obtained, by item (as the table prints it).
    Penalty { total: Decimal, items: Vec<(String, Decimal)> },
    /// A 一级 indicator's rate below its minimum.
    BelowMinRate { code: String, name: String, rate: Decimal, min: Decimal, view: View },
    /// A veto item (否决项) that lost points.
    Vetoed { item: String, score: Decimal, points: Decimal, remark: String },
    /// The grade band the score falls in.
    Graded { exact: Decimal, grade: String, min: Decimal, group: String, view: View },
}

impl Reason {
    /// A name for the rule that does not change with the language, for programs reading json.
    pub fn kind(&self) -> &'static str {
        match self {
            Reason::Threshold { met: true, .. } => "meets_threshold",
            Reason::Threshold { met: false, .. } => "below_threshold",
            Reason::Bonus { .. } => "bonus",
            Reason::Penalty { .. } => "penalty",
            Reason::BelowMinRate { .. } => "below_min_rate",
            Reason::Vetoed { .. } => "vetoed",
            Reason::Graded { .. } => "graded",
        }
    }
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sentence = match self {
            Reason::Threshold { exact, checked, threshold, met, view } => {
                let shown = view.against(*exact, *threshold, "");
                if *met {
                    text::meets_threshold(shown, threshold.normalize())
                } else {
                    text::below_threshold(shown, threshold.normalize(), view.gap(threshold - checked))
                }
            }
            Reason::Bonus { added, earned, cap } => text::bonus_added(shown(*added), shown(*earned), cap.map(|c| c.normalize())),
            Reason::Penalty { total, items } => {
                let each = items.iter().map(|(item, points)| text::penalty_of_item(item, points.normalize()));
                text::penalty_taken(total.normalize(), each.collect::<Vec<_>>().join("、"))
            }
            Reason::BelowMinRate { code, name, rate, min, view } => text::below_min_rate(code, name, view.against(*rate, *min, "%"), min.normalize()),
            Reason::Vetoed { item, score, points, remark } => text::vetoed(item, shown(*score), points.normalize(), remark),
            Reason::Graded { exact, grade, min, group, view } => text::graded(view.against(*exact, *min, ""), grade, min.normalize(), group),
        };
        f.write_str(&sentence)
    }
}

/// Points short of the threshold as shown: on the exact score with at least two decimals, so
/// that a gap of 0.04 does not read as 0.0; and rounded up, so that a unit short by 0.001 is never
/// told it is 0.00 short.
pub fn show_gap(rules: &Rules, gap: Decimal) -> String {
    View::of(rules).gap(gap)
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
    use crate::merge::ScoreBook;
    use rust_decimal_macros::dec;

    /// Two 一级 indicators with 20 and 10 points.
    fn tree(weights: [&str; 2]) -> IndicatorTree {
        IndicatorTree::of_texts(&[
            ["一级指标", "二级指标", "三级指标", "分值", "权重"],
            ["一", "甲", "a", "10", weights[0]],
            ["", "", "b", "10", ""],
            ["二", "乙", "c", "10", weights[1]],
        ])
    }

    fn book(values: [Option<Decimal>; 3]) -> ScoreBook {
        let score = |v: Option<Decimal>| {
            Some(ItemScore { value: v, penalty: Decimal::ZERO, remark: None, sources: Default::default(), review: None, disputed: false })
        };
        ScoreBook { units: vec!["甲区".into()], scores: vec![values.into_iter().map(score).collect()] }
    }

    #[test]
    fn a_gap_is_never_shown_smaller_than_it_is() {
        let exact = Rules { threshold: crate::rules::Threshold { value: dec!(90), on: Basis::Exact }, ..Rules::default() };
        assert_eq!(show_gap(&exact, dec!(0.001)), "0.01");
        assert_eq!(show_gap(&exact, dec!(0.04)), "0.04");
        assert_eq!(show_gap(&Rules::default(), dec!(0.1)), "0.1");
    }

    #[test]
    fn a_value_is_shown_on_the_side_of_the_limit_it_is_on() {
        let exact = Rules { threshold: crate::rules::Threshold { value: dec!(90), on: Basis::Exact }, ..Rules::default() };
        assert_eq!(show_against(&exact, dec!(89.96), dec!(90), ""), "89.96(精确值)");
        assert_eq!(show_against(&exact, dec!(89.9996), dec!(90), ""), "89.99…(精确值)");
        assert_eq!(show_against(&exact, dec!(93.000), dec!(90), ""), "93(精确值)");
        assert_eq!(show_against(&exact, dec!(95.58823529), dec!(90), ""), "95.58…(精确值)");
        // A limit with more decimals than two: 89.99512 reaches 89.995, and is shown to (89.99 would not).
        assert_eq!(show_against(&exact, dec!(89.99512), dec!(89.995), ""), "89.995…(精确值)");
        assert_eq!(show_against(&exact, dec!(59.96), dec!(60), "%"), "59.96%(精确值)");
        // The published value agrees with a verdict on the rounded basis by construction.
        assert_eq!(show_against(&Rules::default(), dec!(89.96), dec!(90), ""), "90.0");
    }

    #[test]
    fn plain_ratio_over_applicable_items() {
        let e = evaluate(&tree(["", ""]), book([Some(dec!(10)), Some(dec!(5)), None]), &Rules::default());
        let u = &e.units[0];
        assert!(!e.weighted);
        assert_eq!((u.raw, u.max, u.exact, u.score), (dec!(15), dec!(20), dec!(75), dec!(75.0)));
        assert_eq!(u.level1[1].rate, None);
    }

    #[test]
    fn penalties_come_off_the_points_obtained_before_the_conversion_and_stop_at_0() {
        let penalized = |weights, penalty| {
            let mut book = book([Some(dec!(10)), Some(dec!(0)), Some(dec!(10))]);
            book.scores[0][1].as_mut().unwrap().penalty = penalty;
            let unit = evaluate(&tree(weights), book, &Rules::default()).units.remove(0);
            (unit.raw, unit.penalty, unit.exact)
        };
        // (20 − 6) × 100 ÷ 30 = 46.66…, the item itself at 0 and the raw total as the items give it.
        assert_eq!(penalized(["", ""], dec!(6)), (dec!(20), dec!(6), dec!(1400) / dec!(30)));
        // Weighted 60/40: 50 × 0.6 + 100 × 0.4 = 70, less 6 of the 30 applicable points on the 100 scale: 70 − 20.
        assert_eq!(penalized(["60", "40"], dec!(6)).2, dec!(50));
        assert_eq!(penalized(["", ""], dec!(100)).2, dec!(0));
    }

    #[test]
    fn weights_renormalise_over_applicable_branches() {
        let t = tree(["60", "40"]);
        // 一: 15/20 = 75%; 二: 8/10 = 80% → 75×0.6 + 80×0.4 = 77
        let e = evaluate(&t, book([Some(dec!(10)), Some(dec!(5)), Some(dec!(8))]), &Rules::default());
        assert!(e.weighted);
        assert_eq!(e.units[0].exact, dec!(77));
        // 二 not applicable: the score is 一's rate alone.
        let e = evaluate(&t, book([Some(dec!(10)), Some(dec!(5)), None]), &Rules::default());
        assert_eq!(e.units[0].exact, dec!(75));
    }
}
