//! The options of a scoring run, declared once: the command line's flags (clap, with the `cli`
//! feature), the page's settings and the service's requests (serde, the same names) are this one
//! type, so that a front end cannot drift from the others or miss an option.
//!
//! Every field is `None` (or `false`) where the office left the default: the scheme's value, else the
//! plain one. Names are the command line's, `threshold_on` for `--threshold-on`; choices are spelt
//! as there (`rounded`, `dense`, `strokes` …); an unknown name is refused, never ignored.

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize};

use crate::rules::{Basis, Combine, Missing, Order, RankStyle, Rules};

/// How to read the indicator tree.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[serde(default)]
pub struct TreeOptions {
    /// 指标体系所在工作表 (sheet of the tree; default: the first)
    #[cfg_attr(feature = "cli", arg(long))]
    pub sheet: Option<String>,
    /// 未填分值的三级指标的默认分值, 默认 10 (points of items without a 分值; default 10)
    #[cfg_attr(feature = "cli", arg(long))]
    pub points: Option<Decimal>,
}

/// The options an office may set over the scheme's rules: each one given wins, the others leave
/// the scheme's (or the plain default) in force.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[serde(default)]
pub struct RuleOptions {
    /// 百分制得分保留的小数位数, 默认 1 (decimals of published scores; default 1)
    #[cfg_attr(feature = "cli", arg(long, value_parser = clap::value_parser!(u32).range(0..=6)))]
    pub decimals: Option<u32>,
    /// 达标线, 含本数, 默认 90 (pass line, inclusive; default 90)
    #[cfg_attr(feature = "cli", arg(long))]
    pub threshold: Option<Decimal>,
    /// 达标按舍入后还是精确得分判定, 默认 rounded (check the threshold on the rounded or the exact score)
    #[cfg_attr(feature = "cli", arg(long, value_parser = choice(Basis::ALL, Basis::name)))]
    pub threshold_on: Option<Basis>,
    /// 排名依据, 默认 rounded (rank on the rounded or the exact score)
    #[cfg_attr(feature = "cli", arg(long, value_parser = choice(Basis::ALL, Basis::name)))]
    pub rank_on: Option<Basis>,
    /// 并列名次规则, 默认 competition (competition: 1,2,2,4; dense: 1,1,2)
    #[cfg_attr(feature = "cli", arg(long, value_parser = choice(RankStyle::ALL, RankStyle::name)))]
    pub rank_style: Option<RankStyle>,
    /// 并列单位的排列顺序: name 按名称, strokes 按笔画, input 按评分文件中出现的顺序, code 按行政区划代码(方案 [codes]), 默认 name
    /// (order of tied units: by name, by strokes of the name, as the files name them, or by the scheme's [codes])
    #[cfg_attr(feature = "cli", arg(long, value_parser = choice(Order::ALL, Order::name)))]
    pub order: Option<Order>,
    /// 同一等次内单位的排列顺序(通报中“排名不分先后”): name、strokes、input、code 同 --order, 默认按名次
    /// (order of the units inside each grade band, as a notice lists them; default: by rank)
    #[cfg_attr(feature = "cli", arg(long, value_parser = choice(Order::ALL, Order::name)))]
    pub grade_order: Option<Order>,
    /// 未评分指标: 报错, 或按 0 分计, 默认 error (missing items: error, or count 0)
    #[cfg_attr(feature = "cli", arg(long, value_parser = choice(Missing::ALL, Missing::name)))]
    pub missing: Option<Missing>,
    /// 多个部门评同一指标时的合并规则, 默认 mean (combining several departments' scores)
    #[cfg_attr(feature = "cli", arg(long, value_parser = choice(Combine::ALL, Combine::name)))]
    pub combine: Option<Combine>,
}

impl RuleOptions {
    /// The rules with every option given laid over them.
    pub fn over(&self, mut rules: Rules) -> Rules {
        rules.decimals = self.decimals.unwrap_or(rules.decimals);
        rules.threshold.value = self.threshold.unwrap_or(rules.threshold.value);
        rules.threshold.on = self.threshold_on.unwrap_or(rules.threshold.on);
        rules.rank_on = self.rank_on.unwrap_or(rules.rank_on);
        rules.rank_style = self.rank_style.unwrap_or(rules.rank_style);
        rules.order = self.order.unwrap_or(rules.order);
        rules.grade_order = self.grade_order.or(rules.grade_order);
        rules.missing = self.missing.unwrap_or(rules.missing);
        rules.combine = self.combine.unwrap_or(rules.combine);
        rules
    }
}

/// How a review round (核定) is taken.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[serde(default)]
pub struct RoundOptions {
    /// 有未核定的指标(只有自评得分)时报错, 而非警告 (an item with a self-score but no verified score is an error)
    #[cfg_attr(feature = "cli", arg(long))]
    #[serde(deserialize_with = "unset_is_false")]
    pub require_verified: bool,
    /// 自评百分制得分高出核定得分超过 N 分为自评虚高, 默认 5 (flag a self-score more than N above the verified one; default 5)
    #[cfg_attr(feature = "cli", arg(long, value_name = "N"))]
    pub inflated: Option<Decimal>,
}

/// Every option of a scoring run. The command line flattens it into `score`, `explain` and
/// `sensitivity` (`--unit` and `--date` are declared by each command, whose help differs); the page
/// and the service read it from JSON, where a name it does not know is an error.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[serde(default, deny_unknown_fields)]
pub struct RunOptions {
    #[serde(flatten)]
    #[cfg_attr(feature = "cli", command(flatten))]
    pub tree: TreeOptions,
    #[serde(flatten)]
    #[cfg_attr(feature = "cli", command(flatten))]
    pub rules: RuleOptions,
    #[serde(flatten)]
    #[cfg_attr(feature = "cli", command(flatten))]
    pub rounds: RoundOptions,
    /// 评分表都是扣分明细: 未列出的指标按满分计 (every score sheet is a deduction list: items not listed keep full points)
    #[cfg_attr(feature = "cli", arg(long))]
    #[serde(deserialize_with = "unset_is_false")]
    pub deductions_only: bool,
    /// 指明评分表的列, 如 "item=考核内容,score=D" (name the score sheets' columns by header or letter)
    #[cfg_attr(feature = "cli", arg(long, value_name = "列"))]
    pub columns: Option<String>,
    /// 争议(申诉)指标的编号, 如 "3.2.1,5.1.4", 只对某单位的写成 "甲区:3.2.1"; 算出均采纳与均不采纳时的得分和结论
    /// (disputed items by code; "unit:code" for one unit: the score and verdict if all or none are upheld)
    #[cfg_attr(feature = "cli", arg(long, value_name = "编号"))]
    pub disputed: Option<String>,
    /// The unit of sheets that name none (and of templates made without units).
    #[cfg_attr(feature = "cli", arg(skip))]
    pub unit: Option<String>,
    /// The result workbook's date, 2025-01-31; none by default, so that runs are repeatable.
    #[cfg_attr(feature = "cli", arg(skip))]
    pub date: Option<String>,
}

/// A switch that JSON may leave out or send as `null` (the page sends what a form left empty as
/// `null`): off.
fn unset_is_false<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(Option::<bool>::deserialize(d)?.unwrap_or(false))
}

/// A choice of the library's (`rounded`, `dense` …) offered on the command line by the names it goes by.
#[cfg(feature = "cli")]
pub fn choice<T: Copy + Send + Sync + 'static>(all: &'static [T], name: fn(T) -> &'static str) -> impl clap::builder::TypedValueParser<Value = T> {
    use clap::builder::TypedValueParser;
    clap::builder::PossibleValuesParser::new(all.iter().map(|&v| name(v)))
        .map(move |chosen| *all.iter().find(|&&v| name(v) == chosen).expect("clap offers only these names"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn options_are_read_by_the_command_lines_names_and_a_misspelt_one_is_refused() {
        let json = r#"{ "sheet": "指标", "points": 5, "threshold": "95", "threshold_on": "exact", "rank_style": "dense",
            "order": "strokes", "missing": "zero", "combine": "lead", "require_verified": true, "inflated": "3",
            "deductions_only": null, "columns": "score=D", "disputed": "A1", "unit": "甲区", "date": "2025-01-31" }"#;
        let options: RunOptions = serde_json::from_str(json).unwrap();
        assert_eq!(options.tree, TreeOptions { sheet: Some("指标".into()), points: Some(dec!(5)) });
        assert_eq!(
            (options.rules.threshold, options.rules.threshold_on, options.rules.order),
            (Some(dec!(95)), Some(Basis::Exact), Some(Order::Strokes))
        );
        assert_eq!(options.rounds, RoundOptions { require_verified: true, inflated: Some(dec!(3)) });
        assert!(!options.deductions_only);
        // Written out and read back: the same options.
        assert_eq!(serde_json::from_value::<RunOptions>(serde_json::to_value(&options).unwrap()).unwrap(), options);
        for wrong in [r#"{ "thresold": "95" }"#, r#"{ "order": "stroke" }"#, r#"{ "sheet": "a", "rank-style": "dense" }"#] {
            assert!(serde_json::from_str::<RunOptions>(wrong).is_err(), "{wrong}");
        }
        assert_eq!(serde_json::from_str::<RunOptions>("{}").unwrap(), RunOptions::default());
    }
}
