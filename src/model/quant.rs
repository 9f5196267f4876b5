//! 定量指标 (quantitative items): items scored from measured figures by the rule the table prints,
//! "达到95%得满分,每低1个百分点扣0.5分,扣完为止". A rule (QuantRule, 定量规则) says what is
//! measured (a rate in per cent or a count), the target, and what a unit short of it gets: nothing,
//! a fixed deduction, a deduction per step, or the points of a band. Pure functions on exact
//! decimals; the rate is kept unrounded (at [`RATE_DECIMALS`]) until the rule states a precision.

use rust_decimal::{Decimal, RoundingStrategy};

use crate::location::Location;
use crate::number::{self, round_half_up};
use crate::text::{self, Message};

/// Places a rate that does not terminate (19/21) is carried at: exact for every rate that
/// terminates within them, and the same for equal figures, so that ties with the round's mean are
/// ties. No published rule states more than four.
pub const RATE_DECIMALS: u32 = 20;

const HUNDRED: Decimal = Decimal::ONE_HUNDRED;

/// How a figure is compared with its level: ≥ > ≤ < =.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cmp {
    AtLeast,
    Above,
    AtMost,
    Below,
    Equal,
}

impl Cmp {
    pub fn holds(self, figure: Decimal, level: Decimal) -> bool {
        match self {
            Cmp::AtLeast => figure >= level,
            Cmp::Above => figure > level,
            Cmp::AtMost => figure <= level,
            Cmp::Below => figure < level,
            Cmp::Equal => figure == level,
        }
    }

    /// Whether more is better (≥ >): a shortfall is below the level; else above it (or off it, for =).
    pub fn higher_is_better(self) -> bool {
        matches!(self, Cmp::AtLeast | Cmp::Above)
    }

    pub fn symbol(self) -> &'static str {
        match self {
            Cmp::AtLeast => "≥",
            Cmp::Above => ">",
            Cmp::AtMost => "≤",
            Cmp::Below => "<",
            Cmp::Equal => "=",
        }
    }
}

/// What is measured: a rate in per cent (分子/分母 × 100, or given as 数值), or a count (件, 次).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Measure {
    Rate,
    Count,
}

/// A level to compare with: a fixed figure, the mean of the round's units (全市平均水平), or the
/// unit's own figure of last year (上年), read from last year's result workbook.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Fixed(Decimal),
    Mean,
    Previous,
}

/// The levels a relative rule compares with, resolved for one unit: the round's mean, and the
/// unit's figure of last year.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Levels {
    pub mean: Option<Decimal>,
    pub previous: Option<Decimal>,
}

/// A comparison with a level: "≥95%", "> 平均".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Condition {
    pub cmp: Cmp,
    pub level: Level,
}

/// What a part of a step counts as: "不足1个百分点按1个计" (whole), in proportion (the default,
/// where the rule says nothing), or nothing ("不足1个百分点的不扣分").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PartStep {
    Whole,
    ProRata,
    Drop,
}

/// What a step is counted in: 百分点 of the rate, or 件 (the items short: 分母 × target − 分子).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepUnit {
    Points,
    Pieces,
}

/// A deduction per step short of the target: "每低1个百分点扣0.5分", "每少报1件扣1分".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Steps {
    pub per: Decimal,
    pub unit: StepUnit,
    pub deduct: Decimal,
    pub part: PartStep,
    /// The most deducted ("最多扣3分"); without it, the item's points (扣完为止).
    pub cap: Option<Decimal>,
}

/// What a band gives: the item's points, a share of them ("得一半"), points ("得5分"), or nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Award {
    Full,
    Share(Decimal),
    Points(Decimal),
    Nothing,
}

/// A band below the target: "90%-95%得一半" is ≥ 90 → half.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Band {
    pub from: Condition,
    pub award: Award,
}

/// What a unit short of the target gets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Shortfall {
    /// Nothing (未达到的不得分).
    Nothing,
    /// A fixed deduction (未达到的扣2分).
    Deduct(Decimal),
    Steps(Steps),
    /// The first band met gives its award; below them all, nothing.
    Bands(Vec<Band>),
}

/// What a denominator of 0 (no case to count) means: a problem, 不涉及, or full points.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WhenNone {
    Refuse,
    NotApplicable,
    Full,
}

/// Where a rule was read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RuleSource {
    /// The item's 评分标准, with its cell.
    Text { text: String, at: Location },
    /// The scheme, at a line.
    Scheme { line: usize },
}

/// A 定量规则: how an item's figures become its points.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuantRule {
    pub measure: Measure,
    pub target: Condition,
    pub shortfall: Shortfall,
    pub when_none: WhenNone,
    /// The decimals the rate is rounded to (四舍五入) before it is compared, where the rule states them.
    pub decimals: Option<u32>,
    pub source: RuleSource,
}

/// What a unit reported: 分子 and 分母, or the figure itself (数值: the rate in per cent, or the count).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Figures {
    Ratio { numerator: Decimal, denominator: Decimal },
    Value(Decimal),
}

/// How an item's points came from its figures.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Computed {
    /// The rate in per cent (at the rule's decimals, else [`RATE_DECIMALS`]) or the count.
    pub figure: Decimal,
    /// The target's level, the round's mean resolved.
    pub target: Decimal,
    pub met: bool,
    /// How far short of the target, in the step's unit (百分点 or 件); 0 when met.
    pub gap: Decimal,
    /// The steps counted, for a step deduction.
    pub steps: Option<Decimal>,
    /// The band that gave the points (index in the rule's bands).
    pub band: Option<usize>,
    pub deducted: Decimal,
    /// `None` for 不涉及.
    pub points: Option<Decimal>,
}

/// Why figures give no points.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// 分母 is 0 and the rule does not say what that means.
    ZeroDenominator,
    /// The rule counts 件 and the figure was given as a rate.
    NeedsCounts,
    /// The rule measures a count and the figures are a 分子/分母.
    NotACount,
    /// A count that is not a whole number.
    NotWhole(Decimal),
    /// The rule compares with last year and no figure of last year was given.
    NoPrevious,
}

impl Refusal {
    pub fn message(&self, code: &str) -> Message {
        match self {
            Refusal::ZeroDenominator => text::quant_zero_denominator(code),
            Refusal::NeedsCounts => text::quant_needs_counts(code),
            Refusal::NotACount => text::quant_not_a_count(code),
            Refusal::NotWhole(v) => text::quant_not_whole(code, v.normalize()),
            Refusal::NoPrevious => text::quant_no_previous(code),
        }
    }
}

impl QuantRule {
    /// Whether the target is the round's mean (then every unit's figures are read before any is scored).
    pub fn is_relative(&self) -> bool {
        self.compares_with(Level::Mean)
    }

    /// Whether the rule compares with the unit's figure of last year (then it is looked up in `--previous`).
    pub fn needs_previous(&self) -> bool {
        self.compares_with(Level::Previous)
    }

    fn compares_with(&self, level: Level) -> bool {
        self.target.level == level || matches!(&self.shortfall, Shortfall::Bands(b) if b.iter().any(|b| b.from.level == level))
    }

    /// The figure compared: the rate (rounded to the rule's decimals when it states them) or the
    /// count; `None` for a 分母 of 0.
    pub fn figure(&self, figures: Figures) -> Result<Option<Decimal>, Refusal> {
        match (self.measure, figures) {
            (Measure::Count, Figures::Ratio { .. }) => Err(Refusal::NotACount),
            (Measure::Count, Figures::Value(v)) if !v.fract().is_zero() => Err(Refusal::NotWhole(v)),
            (Measure::Rate, Figures::Ratio { denominator, .. }) if denominator.is_zero() => Ok(None),
            (Measure::Rate, Figures::Ratio { numerator, denominator }) => {
                let rate = (numerator * HUNDRED).checked_div(denominator).unwrap_or_default();
                Ok(Some(round_half_up(rate, self.decimals.unwrap_or(RATE_DECIMALS)).normalize()))
            }
            (Measure::Rate, Figures::Value(v)) => Ok(Some(self.decimals.map_or(v, |d| round_half_up(v, d)).normalize())),
            (Measure::Count, Figures::Value(v)) => Ok(Some(v)),
        }
    }

    /// The points of an item of `points` from its figures; `levels`: the round's mean figure (taken
    /// as the figure itself where the round has none) and the unit's of last year, for a relative rule.
    pub fn compute(&self, figures: Figures, points: Decimal, levels: Levels) -> Result<Computed, Refusal> {
        if self.needs_previous() && levels.previous.is_none() {
            return Err(Refusal::NoPrevious);
        }
        let Some(figure) = self.figure(figures)? else {
            let points = match self.when_none {
                WhenNone::Refuse => return Err(Refusal::ZeroDenominator),
                WhenNone::NotApplicable => None,
                WhenNone::Full => Some(points),
            };
            return Ok(Computed {
                figure: Decimal::ZERO,
                target: Decimal::ZERO,
                met: true,
                gap: Decimal::ZERO,
                steps: None,
                band: None,
                deducted: Decimal::ZERO,
                points,
            });
        };
        let level = |l: Level| match l {
            Level::Fixed(v) => v,
            Level::Mean => levels.mean.unwrap_or(figure),
            Level::Previous => levels.previous.unwrap_or(figure),
        };
        let target = level(self.target.level);
        let met = self.target.cmp.holds(figure, target);
        let gap = if met { Decimal::ZERO } else { (figure - target).abs() };
        let mut computed = Computed { figure, target, met, gap, steps: None, band: None, deducted: Decimal::ZERO, points: Some(points) };
        if met {
            return Ok(computed);
        }
        let (deducted, steps, band) = match &self.shortfall {
            Shortfall::Nothing => (points, None, None),
            Shortfall::Deduct(d) => (*d, None, None),
            Shortfall::Steps(steps) => {
                let gap = match steps.unit {
                    StepUnit::Points => gap,
                    StepUnit::Pieces => self.pieces_short(figures, target)?,
                };
                computed.gap = gap;
                // Past a strict target by nothing ("高于95%" at 95) is short by less than a step.
                let counted = count_steps(gap.checked_div(steps.per).unwrap_or(Decimal::MAX), steps.part);
                let counted = if steps.part == PartStep::Whole { counted.max(Decimal::ONE) } else { counted };
                let deducted = counted.checked_mul(steps.deduct).unwrap_or(Decimal::MAX).min(steps.cap.unwrap_or(points));
                (deducted, Some(counted), None)
            }
            Shortfall::Bands(bands) => match bands.iter().position(|b| b.from.cmp.holds(figure, level(b.from.level))) {
                Some(i) => (points - award(bands[i].award, points), None, Some(i)),
                None => (points, None, None),
            },
        };
        computed.deducted = deducted.min(points).max(Decimal::ZERO);
        computed.points = Some(points - computed.deducted);
        computed.steps = steps;
        computed.band = band;
        Ok(computed)
    }

    /// The 件 short of the target: 分母 × target% − 分子 (or the excess, where less is better).
    fn pieces_short(&self, figures: Figures, target: Decimal) -> Result<Decimal, Refusal> {
        match (self.measure, figures) {
            (Measure::Count, Figures::Value(v)) => Ok((v - target).abs()),
            (Measure::Rate, Figures::Ratio { numerator, denominator }) => Ok((denominator * target / HUNDRED - numerator).abs()),
            (Measure::Rate, Figures::Value(_)) => Err(Refusal::NeedsCounts),
            (Measure::Count, Figures::Ratio { .. }) => Err(Refusal::NotACount),
        }
    }
}

/// Steps counted from a gap measured in steps: up to the next whole, as they are, or down.
fn count_steps(steps: Decimal, part: PartStep) -> Decimal {
    match part {
        PartStep::Whole => steps.round_dp_with_strategy(0, RoundingStrategy::AwayFromZero),
        PartStep::ProRata => steps,
        PartStep::Drop => steps.trunc(),
    }
}

fn award(award: Award, points: Decimal) -> Decimal {
    match award {
        Award::Full => points,
        Award::Share(s) => points * s,
        Award::Points(p) => p.min(points),
        Award::Nothing => Decimal::ZERO,
    }
}

// ---- in words ------------------------------------------------------------------------------

fn unit_of(measure: Measure) -> String {
    match measure {
        Measure::Rate => "%".to_string(),
        Measure::Count => text::quant_pieces(),
    }
}

impl Condition {
    /// "≥95%", "≥本轮各单位平均值".
    pub fn describe(&self, measure: Measure) -> String {
        match self.level {
            Level::Fixed(v) => format!("{}{}{}", self.cmp.symbol(), v.normalize(), unit_of(measure)),
            Level::Mean => format!("{}{}", self.cmp.symbol(), text::quant_mean()),
            Level::Previous => format!("{}{}", self.cmp.symbol(), text::quant_previous()),
        }
    }
}

impl QuantRule {
    /// The rule in words: "≥95%得满分,每低1个百分点扣0.5分,不足1个百分点按1个百分点计,扣完为止".
    pub fn describe(&self) -> String {
        let mut parts = vec![text::quant_full_when(self.target.describe(self.measure))];
        match &self.shortfall {
            Shortfall::Nothing => parts.push(text::quant_else_nothing()),
            Shortfall::Deduct(d) => parts.push(text::quant_else_deduct(d.normalize())),
            Shortfall::Steps(s) => {
                let unit = match s.unit {
                    StepUnit::Points => text::quant_percentage_points(),
                    StepUnit::Pieces => text::quant_pieces(),
                };
                let higher = self.target.cmp.higher_is_better();
                parts.push(text::quant_per_step(higher, s.unit == StepUnit::Pieces, s.per.normalize(), &unit, s.deduct.normalize()));
                match s.part {
                    PartStep::Whole => parts.push(text::quant_part_whole(s.per.normalize(), &unit)),
                    PartStep::ProRata => parts.push(text::quant_part_pro_rata()),
                    PartStep::Drop => parts.push(text::quant_part_drop(s.per.normalize(), &unit)),
                }
                parts.push(match s.cap {
                    Some(cap) => text::quant_cap(cap.normalize()),
                    None => text::quant_until_none(),
                });
            }
            Shortfall::Bands(bands) => {
                for b in bands {
                    parts.push(text::quant_band(b.from.describe(self.measure), award_words(b.award)));
                }
                parts.push(text::quant_else_nothing());
            }
        }
        match self.when_none {
            WhenNone::Refuse => {}
            WhenNone::NotApplicable => parts.push(text::quant_none_not_applicable()),
            WhenNone::Full => parts.push(text::quant_none_full()),
        }
        if let Some(d) = self.decimals {
            parts.push(text::quant_rate_decimals(d));
        }
        text::quant_clauses(parts)
    }
}

fn award_words(award: Award) -> String {
    match award {
        Award::Full => text::quant_award_full(),
        Award::Share(s) => text::quant_award_share(number::shown(s * HUNDRED)),
        Award::Points(p) => text::quant_award_points(p.normalize()),
        Award::Nothing => text::quant_award_nothing(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rust_decimal_macros::dec;

    fn rule(target: Condition, shortfall: Shortfall) -> QuantRule {
        QuantRule { measure: Measure::Rate, target, shortfall, when_none: WhenNone::Refuse, decimals: None, source: RuleSource::Scheme { line: 1 } }
    }

    fn at_least(v: Decimal) -> Condition {
        Condition { cmp: Cmp::AtLeast, level: Level::Fixed(v) }
    }

    fn steps(deduct: Decimal, part: PartStep) -> Shortfall {
        Shortfall::Steps(Steps { per: dec!(1), unit: StepUnit::Points, deduct, part, cap: None })
    }

    fn ratio(numerator: Decimal, denominator: Decimal) -> Figures {
        Figures::Ratio { numerator, denominator }
    }

    #[test]
    fn a_step_deduction_whole_or_pro_rata() {
        // 19/21 = 90.476190…%: 4.5238… points short of 95.
        let whole = rule(at_least(dec!(95)), steps(dec!(0.5), PartStep::Whole));
        let c = whole.compute(ratio(dec!(19), dec!(21)), dec!(10), Levels::default()).unwrap();
        assert_eq!((c.figure, c.steps, c.deducted, c.points), (dec!(90.47619047619047619048), Some(dec!(5)), dec!(2.5), Some(dec!(7.5))));
        let pro_rata = rule(at_least(dec!(95)), steps(dec!(0.5), PartStep::ProRata));
        let c = pro_rata.compute(ratio(dec!(19), dec!(21)), dec!(10), Levels::default()).unwrap();
        assert_eq!(c.points, Some(dec!(7.73809523809523809524)));
        let drop = rule(at_least(dec!(95)), steps(dec!(0.5), PartStep::Drop));
        assert_eq!(drop.compute(ratio(dec!(19), dec!(21)), dec!(10), Levels::default()).unwrap().points, Some(dec!(8)));
    }

    #[test]
    fn on_the_target_and_past_the_floor() {
        let r = rule(at_least(dec!(95)), steps(dec!(1), PartStep::Whole));
        let on = r.compute(ratio(dec!(19), dec!(20)), dec!(10), Levels::default()).unwrap();
        assert_eq!((on.met, on.points), (true, Some(dec!(10))));
        // 50 % is 45 points short: 45 points deducted of 10, the floor is 0.
        let below = r.compute(ratio(dec!(1), dec!(2)), dec!(10), Levels::default()).unwrap();
        assert_eq!((below.deducted, below.points), (dec!(10), Some(dec!(0))));
        assert_eq!(r.compute(ratio(dec!(0), dec!(0)), dec!(10), Levels::default()), Err(Refusal::ZeroDenominator));
        let na = QuantRule { when_none: WhenNone::NotApplicable, ..r };
        assert_eq!(na.compute(ratio(dec!(0), dec!(0)), dec!(10), Levels::default()).unwrap().points, None);
    }

    #[test]
    fn pieces_and_bands_and_the_mean() {
        let pieces = rule(
            at_least(dec!(100)),
            Shortfall::Steps(Steps { per: dec!(1), unit: StepUnit::Pieces, deduct: dec!(1), part: PartStep::Whole, cap: None }),
        );
        let c = pieces.compute(ratio(dec!(17), dec!(20)), dec!(5), Levels::default()).unwrap();
        assert_eq!((c.gap, c.points), (dec!(3), Some(dec!(2))));
        assert_eq!(pieces.compute(Figures::Value(dec!(85)), dec!(5), Levels::default()), Err(Refusal::NeedsCounts));
        let bands = rule(at_least(dec!(95)), Shortfall::Bands(vec![Band { from: at_least(dec!(90)), award: Award::Share(dec!(0.5)) }]));
        let points = |n| bands.compute(ratio(n, dec!(100)), dec!(10), Levels::default()).unwrap().points;
        assert_eq!((points(dec!(95)), points(dec!(90)), points(dec!(89))), (Some(dec!(10)), Some(dec!(5)), Some(dec!(0))));
        let mean = rule(Condition { cmp: Cmp::AtLeast, level: Level::Mean }, Shortfall::Nothing);
        assert_eq!(
            mean.compute(ratio(dec!(1), dec!(3)), dec!(10), Levels { mean: Some(dec!(33.33333333333333333333)), previous: None }).unwrap().points,
            Some(dec!(10))
        );
    }

    fn any_rule() -> impl Strategy<Value = QuantRule> {
        let part = prop_oneof![Just(PartStep::Whole), Just(PartStep::ProRata), Just(PartStep::Drop)];
        let unit = prop_oneof![Just(StepUnit::Points), Just(StepUnit::Pieces)];
        let steps = (1u32..=10, unit, 0u32..=40, part, proptest::option::of(0u32..=20)).prop_map(|(per, unit, deduct, part, cap)| {
            Shortfall::Steps(Steps { per: Decimal::from(per), unit, deduct: Decimal::new(i64::from(deduct), 1), part, cap: cap.map(Decimal::from) })
        });
        let bands = (0u32..=100, 0u32..=10).prop_map(|(from, share)| {
            Shortfall::Bands(vec![Band { from: at_least(Decimal::from(from)), award: Award::Share(Decimal::new(i64::from(share), 1)) }])
        });
        let shortfall = prop_oneof![Just(Shortfall::Nothing), (0u32..=20).prop_map(|d| Shortfall::Deduct(Decimal::from(d))), steps, bands];
        let cmp = prop_oneof![Just(Cmp::AtLeast), Just(Cmp::Above), Just(Cmp::AtMost), Just(Cmp::Below), Just(Cmp::Equal)];
        (cmp, 0u32..=100, shortfall, proptest::option::of(0u32..=3)).prop_map(|(cmp, target, shortfall, decimals)| QuantRule {
            decimals,
            ..rule(Condition { cmp, level: Level::Fixed(Decimal::from(target)) }, shortfall)
        })
    }

    proptest! {
        /// Whatever the rule and the figures, the points stay within 0 and the item's, and a unit
        /// that meets the target has them all.
        #[test]
        fn points_stay_within_the_item_s(rule in any_rule(), (numerator, denominator) in (1u32..=500).prop_flat_map(|d| (0..=d, Just(d))), points in 1u32..=20) {
            let points = Decimal::from(points);
            let c = rule.compute(ratio(Decimal::from(numerator), Decimal::from(denominator)), points, Levels::default()).unwrap();
            let got = c.points.unwrap();
            prop_assert!(got >= Decimal::ZERO && got <= points, "{got} of {points}");
            prop_assert!(!c.met || got == points);
        }

        /// Where more is better, a unit with one more case met never scores less.
        #[test]
        fn one_more_case_never_costs(rule in any_rule(), (numerator, denominator) in (1u32..=500).prop_flat_map(|d| (0..d, Just(d)))) {
            prop_assume!(rule.target.cmp.higher_is_better());
            let at = |n: u32| rule.compute(ratio(Decimal::from(n), Decimal::from(denominator)), Decimal::TEN, Levels::default()).unwrap().points.unwrap();
            prop_assert!(at(numerator + 1) >= at(numerator));
        }
    }

    #[test]
    fn a_count_where_less_is_better() {
        let r = QuantRule {
            measure: Measure::Count,
            ..rule(
                Condition { cmp: Cmp::AtMost, level: Level::Fixed(dec!(2)) },
                Shortfall::Steps(Steps { per: dec!(1), unit: StepUnit::Pieces, deduct: dec!(1), part: PartStep::Whole, cap: None }),
            )
        };
        assert_eq!(r.compute(Figures::Value(dec!(5)), dec!(5), Levels::default()).unwrap().points, Some(dec!(2)));
        assert_eq!(r.compute(Figures::Value(dec!(2)), dec!(5), Levels::default()).unwrap().points, Some(dec!(5)));
        assert_eq!(r.compute(Figures::Value(dec!(2.5)), dec!(5), Levels::default()), Err(Refusal::NotWhole(dec!(2.5))));
        assert_eq!(r.compute(ratio(dec!(1), dec!(2)), dec!(5), Levels::default()), Err(Refusal::NotACount));
    }

    #[test]
    fn counts_on_the_target_past_the_floor_and_by_part_steps() {
        let counted = |target, per, part| QuantRule {
            measure: Measure::Count,
            ..rule(
                Condition { cmp: Cmp::AtMost, level: Level::Fixed(target) },
                Shortfall::Steps(Steps { per, unit: StepUnit::Pieces, deduct: dec!(1), part, cap: None }),
            )
        };
        let points = |r: &QuantRule, n| r.compute(Figures::Value(n), dec!(5), Levels::default()).unwrap().points.unwrap();
        // ≤ 2, 1 point per 2 over: on the target 5; 3 over is 1.5 steps: 3.5 pro rata, 3 whole, 4 dropped.
        let pro_rata = counted(dec!(2), dec!(2), PartStep::ProRata);
        assert_eq!((points(&pro_rata, dec!(2)), points(&pro_rata, dec!(5))), (dec!(5), dec!(3.5)));
        assert_eq!(points(&counted(dec!(2), dec!(2), PartStep::Whole), dec!(5)), dec!(3));
        assert_eq!(points(&counted(dec!(2), dec!(2), PartStep::Drop), dec!(5)), dec!(4));
        // 20 over, 10 steps of 1 off 5 points: 0, never below.
        assert_eq!(points(&pro_rata, dec!(22)), dec!(0));
    }

    #[test]
    fn against_last_year_s_figure() {
        let r = rule(
            Condition { cmp: Cmp::Above, level: Level::Previous },
            Shortfall::Bands(vec![Band { from: Condition { cmp: Cmp::Equal, level: Level::Previous }, award: Award::Share(dec!(0.5)) }]),
        );
        let last = |v| Levels { mean: None, previous: Some(v) };
        // 9/10 against 90: level, half; against 89.99: above, all; against 90.01: below, none.
        let points = |v| r.compute(ratio(dec!(9), dec!(10)), dec!(10), last(v)).unwrap().points;
        assert_eq!((points(dec!(90)), points(dec!(89.99)), points(dec!(90.01))), (Some(dec!(5)), Some(dec!(10)), Some(dec!(0))));
        assert_eq!(r.compute(ratio(dec!(9), dec!(10)), dec!(10), Levels::default()), Err(Refusal::NoPrevious));
    }

    #[test]
    fn the_rate_is_rounded_only_where_the_rule_says() {
        // 181/400 = 45.25 %: to one decimal 45.3 (四舍五入), which meets 45.3.
        let r = QuantRule { decimals: Some(1), ..rule(at_least(dec!(45.3)), Shortfall::Nothing) };
        assert_eq!(r.compute(ratio(dec!(181), dec!(400)), dec!(10), Levels::default()).unwrap().points, Some(dec!(10)));
        let exact = rule(at_least(dec!(45.3)), Shortfall::Nothing);
        assert_eq!(exact.compute(ratio(dec!(181), dec!(400)), dec!(10), Levels::default()).unwrap().points, Some(dec!(0)));
    }
}
