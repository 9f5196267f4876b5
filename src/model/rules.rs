//! The rules a scoring follows (评分规则): rounding, threshold, ranking, how missing scores and
//! several departments or sources are treated, and weights. Defaults are the plain scheme:
//! sum the points, convert to 100, one decimal, 90 to pass.

use std::collections::BTreeMap;
use std::fmt;

use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use crate::quant::QuantRule;
use crate::tree::{IndicatorTree, ItemKind, ItemRef};

/// Every value of a choice and the name it goes by (as in a scheme), for the command line and the
/// page to offer.
macro_rules! named {
    ($ty:ident { $($variant:ident = $name:literal),+ $(,)? }) => {
        impl $ty {
            pub const ALL: &'static [$ty] = &[$($ty::$variant),+];

            pub fn name(self) -> &'static str {
                match self {
                    $($ty::$variant => $name),+
                }
            }
        }
    };
}
pub(crate) use named;

named!(Basis { Rounded = "rounded", Exact = "exact" });
named!(RankStyle { Competition = "competition", Dense = "dense" });
named!(Missing { Error = "error", Zero = "zero" });
named!(Combine { Mean = "mean", Lead = "lead", Min = "min" });
named!(Order { Name = "name", Strokes = "strokes", Input = "input", Code = "code" });

/// Which value a threshold or a ranking looks at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Basis {
    /// The published score, rounded half away from zero.
    Rounded,
    /// The exact score before rounding.
    Exact,
}

/// How tied units are ranked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RankStyle {
    /// 1, 2, 2, 4
    Competition,
    /// 1, 1, 2 (中国式排名)
    Dense,
}

/// What an item without any score counts as.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Missing {
    /// An error that lists the items.
    Error,
    /// 0 points, listed as warnings.
    Zero,
}

/// How the scores of several departments for one item are combined.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Combine {
    /// Mean, weighted by department weight (1 for a department without one).
    Mean,
    /// The lead department's (牵头单位) score.
    Lead,
    /// The lowest score.
    Min,
}

/// The order of tied units (and of the units inside a grade band in a notice).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Order {
    /// By name, code point by code point.
    Name,
    /// By the strokes of the name (按笔画排序), see [`crate::order`].
    Strokes,
    /// As the score files first name them.
    Input,
    /// By 行政区划 code ([`Rules::unit_codes`]), which every unit must have.
    Code,
}

/// A pass line (达标线), inclusive: "90分以上" includes 90.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Threshold {
    pub value: Decimal,
    pub on: Basis,
}

impl Threshold {
    pub fn is_met(&self, exact: Decimal, rounded: Decimal) -> bool {
        let score = match self.on {
            Basis::Rounded => rounded,
            Basis::Exact => exact,
        };
        score >= self.value
    }
}

#[derive(Clone)]
pub struct Rules {
    /// Decimals of published scores.
    pub decimals: u32,
    pub threshold: Threshold,
    pub rank_on: Basis,
    pub rank_style: RankStyle,
    /// The order of tied units.
    pub order: Order,
    /// The order of the units inside each grade band (等次内排名不分先后), as a notice lists them;
    /// `None` lists them by rank.
    pub grade_order: Option<Order>,
    pub missing: Missing,
    pub combine: Combine,
    /// Department weights for [`Combine::Mean`].
    pub department_weights: BTreeMap<String, Decimal>,
    /// Score sources and their weights (自评 30, 专家评估 50, 满意度测评 20).
    pub source_weights: Vec<(String, Decimal)>,
    /// Weights of 一级 or 二级 indicators by code, over those written in the tree.
    pub weights: BTreeMap<String, Decimal>,
    /// Bonus items (加分项) by code: outside the sum, their points go onto the converted score.
    pub bonus_items: Vec<String>,
    /// The most bonus a unit gets; `None` for no cap.
    pub bonus_cap: Option<Decimal>,
    /// Veto items (否决项) by code: outside the sum; losing any of their points makes the unit
    /// ineligible whatever its score.
    pub veto_items: Vec<String>,
    /// The grade of a vetoed unit; `None` leaves it without a grade.
    pub veto_grade: Option<String>,
    /// 倒扣项 by code: scored in the sum, and a deduction beyond the item's points comes off the
    /// unit's points obtained (elsewhere a deduction stops at the item's points).
    pub penalty_items: Vec<String>,
    /// Minimum score rate (得分率 × 100) of 一级 indicators, by code.
    pub min_rates: BTreeMap<String, Decimal>,
    /// Grade bands (等次) per unit group, highest first.
    pub grades: BTreeMap<String, Vec<Band>>,
    /// The group of each named unit; others are in `default_group`.
    pub unit_groups: BTreeMap<String, String>,
    pub default_group: Option<String>,
    /// 定量规则 by item code: the scheme's `[quant]`, and those read from the items' 评分标准.
    pub quant: BTreeMap<String, QuantRule>,
    /// Each unit's 行政区划 code, for [`Order::Code`].
    pub unit_codes: BTreeMap<String, String>,
    /// Items disputed (争议/申诉) for every unit, by code: see `disputed`.
    pub disputed_items: Vec<String>,
}

/// The rules written out whole: a result's notes carry a fingerprint of this text. Rules added since
/// the first results were published are written only when in use, so that the fingerprint of a
/// scheme that does not use them stays what it was.
impl fmt::Debug for Rules {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("Rules");
        s.field("decimals", &self.decimals).field("threshold", &self.threshold).field("rank_on", &self.rank_on).field("rank_style", &self.rank_style);
        if self.order != Order::Name {
            s.field("order", &self.order);
        }
        if let Some(order) = &self.grade_order {
            s.field("grade_order", order);
        }
        s.field("missing", &self.missing)
            .field("combine", &self.combine)
            .field("department_weights", &self.department_weights)
            .field("source_weights", &self.source_weights)
            .field("weights", &self.weights)
            .field("bonus_items", &self.bonus_items)
            .field("bonus_cap", &self.bonus_cap)
            .field("veto_items", &self.veto_items)
            .field("veto_grade", &self.veto_grade);
        if !self.penalty_items.is_empty() {
            s.field("penalty_items", &self.penalty_items);
        }
        s.field("min_rates", &self.min_rates)
            .field("grades", &self.grades)
            .field("unit_groups", &self.unit_groups)
            .field("default_group", &self.default_group);
        if !self.quant.is_empty() {
            s.field("quant", &self.quant);
        }
        if !self.unit_codes.is_empty() {
            s.field("unit_codes", &self.unit_codes);
        }
        if !self.disputed_items.is_empty() {
            s.field("disputed_items", &self.disputed_items);
        }
        s.finish()
    }
}

/// A grade band: scores from `min` (inclusive) up to the next band's minimum.
#[derive(Clone, Debug, PartialEq)]
pub struct Band {
    pub name: String,
    pub min: Decimal,
}

impl Rules {
    /// The plain rules with the bonus, veto and 倒扣 items the tree's 类型 column declares: the rules
    /// of a run without a scheme, and what a scheme adds its own items to.
    pub fn of_tree(tree: &IndicatorTree) -> Rules {
        Rules {
            bonus_items: tree.codes_of(ItemKind::Bonus),
            veto_items: tree.codes_of(ItemKind::Veto),
            penalty_items: tree.codes_of(ItemKind::Penalty),
            ..Rules::default()
        }
    }

    /// The 倒扣项 by index in the tree, for the score reader.
    pub fn penalty_indices(&self, tree: &IndicatorTree) -> Vec<usize> {
        self.penalty_items.iter().filter_map(|c| tree.find(ItemRef::Code(c))).collect()
    }

    /// The items (by index) scored from figures, for the score reader.
    pub fn quant_indices(&self, tree: &IndicatorTree) -> Vec<usize> {
        self.quant.keys().filter_map(|c| tree.find(ItemRef::Code(c))).collect()
    }

    /// The group a unit is graded in.
    pub fn group_of(&self, unit: &str) -> Option<&str> {
        self.unit_groups.get(unit).or(self.default_group.as_ref()).map(String::as_str)
    }

    /// The units without a 行政区划 code when units are ordered by code (tied, or in a grade band).
    pub fn uncoded<'u>(&self, units: &'u [String]) -> Vec<&'u str> {
        if self.order != Order::Code && self.grade_order != Some(Order::Code) {
            return Vec::new();
        }
        units.iter().filter(|u| !self.unit_codes.contains_key(*u)).map(String::as_str).collect()
    }

    /// The units graded in no group: where there are grade groups but no default group, those
    /// that `[groups]` does not list.
    pub fn ungrouped<'u>(&self, units: &'u [String]) -> Vec<&'u str> {
        if self.grades.is_empty() {
            return Vec::new();
        }
        units.iter().filter(|u| self.group_of(u).is_none()).map(String::as_str).collect()
    }

    /// The band a score falls in, for the unit's group; `None` without bands or below the lowest.
    pub fn band(&self, unit: &str, score: Decimal) -> Option<&Band> {
        let bands = self.grades.get(self.group_of(unit)?)?;
        bands.iter().find(|b| score >= b.min)
    }
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            decimals: 1,
            threshold: Threshold { value: dec!(90), on: Basis::Rounded },
            rank_on: Basis::Rounded,
            rank_style: RankStyle::Competition,
            order: Order::Name,
            grade_order: None,
            missing: Missing::Error,
            combine: Combine::Mean,
            department_weights: BTreeMap::new(),
            source_weights: Vec::new(),
            weights: BTreeMap::new(),
            bonus_items: Vec::new(),
            bonus_cap: None,
            veto_items: Vec::new(),
            veto_grade: None,
            penalty_items: Vec::new(),
            min_rates: BTreeMap::new(),
            grades: BTreeMap::new(),
            unit_groups: BTreeMap::new(),
            default_group: None,
            quant: BTreeMap::new(),
            unit_codes: BTreeMap::new(),
            disputed_items: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn threshold_is_inclusive_and_checks_the_chosen_value() {
        let rounded = Threshold { value: dec!(90), on: Basis::Rounded };
        assert!(rounded.is_met(dec!(89.95), dec!(90.0)));
        assert!(rounded.is_met(dec!(90), dec!(90)));
        let exact = Threshold { value: dec!(90), on: Basis::Exact };
        assert!(!exact.is_met(dec!(89.95), dec!(90.0)));
    }

    #[test]
    fn bands_by_group_and_default() {
        let band = |name: &str, min| Band { name: name.into(), min };
        let rules = Rules {
            grades: BTreeMap::from([
                ("城市".to_string(), vec![band("优秀", dec!(90)), band("良好", dec!(80))]),
                ("县区".to_string(), vec![band("优秀", dec!(75)), band("良好", dec!(70))]),
            ]),
            unit_groups: BTreeMap::from([("甲县".to_string(), "县区".to_string())]),
            default_group: Some("城市".into()),
            ..Rules::default()
        };
        assert_eq!(rules.band("甲县", dec!(76)).map(|b| b.name.as_str()), Some("优秀"));
        assert_eq!(rules.band("乙市", dec!(76)), None);
        assert_eq!(rules.band("乙市", dec!(80)).map(|b| b.name.as_str()), Some("良好"));
        assert!(rules.ungrouped(&["甲县".into(), "乙市".into()]).is_empty());
        let no_default = Rules { default_group: None, ..rules };
        assert_eq!(no_default.ungrouped(&["甲县".into(), "乙市".into(), "丙市".into()]), ["乙市", "丙市"]);
    }
}
