//! 定量指标: rules read from the scoring standard or the scheme, figures in score sheets, and how
//! the points came from them.

use std::fmt::Display;

use super::{Lang, Message, lang, pick};

// ---- a rule in words -----------------------------------------------------------------------

pub fn quant_pieces() -> String {
    say!("件", " case(s)")
}
pub fn quant_percentage_points() -> String {
    say!("个百分点", " percentage point(s)")
}
pub fn quant_mean() -> String {
    say!("本轮各单位平均值", "the mean of this round's units")
}
pub fn quant_full_when(condition: impl Display) -> String {
    say!("{condition}得满分", "full points at {condition}")
}
pub fn quant_else_nothing() -> String {
    say!("否则不得分", "otherwise none")
}
pub fn quant_else_deduct(points: impl Display) -> String {
    say!("未达到扣{points}分", "{points} point(s) off when not met")
}
/// "每低1个百分点扣0.5分", "每超1个百分点扣1分"; of cases "每少1件扣1分", "每多1件扣1分".
pub fn quant_per_step(higher_is_better: bool, cases: bool, per: impl Display, unit: &str, deduct: impl Display) -> String {
    match (lang(), higher_is_better) {
        (Lang::Zh, true) => format!("每{}{per}{unit}扣{deduct}分", if cases { "少" } else { "低" }),
        (Lang::Zh, false) => format!("每{}{per}{unit}扣{deduct}分", if cases { "多" } else { "超" }),
        (Lang::En, true) => format!("{deduct} point(s) off per {per}{unit} short"),
        (Lang::En, false) => format!("{deduct} point(s) off per {per}{unit} over"),
    }
}
pub fn quant_part_whole(per: impl Display, unit: &str) -> String {
    say!("不足{per}{unit}按{per}{unit}计", "a part of {per}{unit} counts as a whole one")
}
pub fn quant_part_pro_rata() -> String {
    say!("不足一步的按比例计", "a part of a step counts pro rata")
}
pub fn quant_part_drop(per: impl Display, unit: &str) -> String {
    say!("不足{per}{unit}不扣", "a part of {per}{unit} costs nothing")
}
pub fn quant_cap(cap: impl Display) -> String {
    say!("最多扣{cap}分", "at most {cap} point(s) off")
}
pub fn quant_until_none() -> String {
    say!("扣完为止", "down to 0 at most")
}
pub fn quant_band(condition: impl Display, award: impl Display) -> String {
    say!("{condition}{award}", "{award} at {condition}")
}
pub fn quant_award_full() -> String {
    say!("得满分", "full points")
}
pub fn quant_award_share(percent: impl Display) -> String {
    say!("得{percent}%的分值", "{percent}% of the points")
}
pub fn quant_award_points(points: impl Display) -> String {
    say!("得{points}分", "{points} point(s)")
}
pub fn quant_award_nothing() -> String {
    say!("不得分", "none")
}
pub fn quant_none_not_applicable() -> String {
    say!("分母为0的不涉及", "不涉及 (not applicable) when the denominator is 0")
}
pub fn quant_none_full() -> String {
    say!("分母为0的得满分", "full points when the denominator is 0")
}
pub fn quant_rate_decimals(decimals: u32) -> String {
    say!("比率四舍五入保留{decimals}位小数", "the rate rounded half away from zero to {decimals} decimal(s)")
}
pub fn quant_clauses(parts: Vec<String>) -> String {
    parts.join(if lang() == Lang::En { "; " } else { "," })
}

// ---- figures that give no points -----------------------------------------------------------

pub fn quant_zero_denominator(code: impl Display) -> Message {
    problem!(
        "quant.zero_denominator",
        [code],
        "指标 {code} 的分母为 0,而规则未写明此时如何计分(如“分母为0的不涉及”): 请填写,或在方案中写明 when_none",
        "item {code}: the denominator is 0 and the rule does not say how that scores (such as 分母为0的不涉及): fill it in, or set when_none in the scheme"
    )
}
pub fn quant_needs_counts(code: impl Display) -> Message {
    problem!(
        "quant.needs_counts",
        [code],
        "指标 {code} 的规则按件数扣分,须填写分子和分母,而不是比率",
        "item {code}: the rule deducts per case, so it needs the numerator and the denominator, not the rate"
    )
}
pub fn quant_not_a_count(code: impl Display) -> Message {
    problem!(
        "quant.not_a_count",
        [code],
        "指标 {code} 的规则计的是件数,请在“数值”列填写件数,而不是分子和分母",
        "item {code}: the rule counts cases: give the count in 数值, not a numerator and a denominator"
    )
}
pub fn quant_not_whole(code: impl Display, value: impl Display) -> Message {
    problem!("quant.not_whole", [code, value], "指标 {code} 的件数 {value} 不是整数", "item {code}: the count {value} is not a whole number")
}

// ---- rules read from words -----------------------------------------------------------------

pub fn quant_no_level(written: impl Display) -> String {
    say!("“{written}”没有写出目标值(如“≥95%”“≤2件”“>平均”)", "“{written}” states no target (such as ≥95%, ≤2件, >平均)")
}
pub fn quant_bad_step(written: impl Display) -> String {
    say!("“{written}”不是一个步长(如“1个百分点”“1件”)", "“{written}” is no step (such as 1个百分点, 1件)")
}
pub fn quant_bad_award(written: impl Display) -> String {
    say!("“{written}”不是得分(如“满分”“一半”“不得分”“5分”)", "“{written}” is no award (such as 满分, 一半, 不得分, 5分)")
}
pub fn quant_two_steps() -> String {
    say!("写了两种按步扣分的办法", "it states two step deductions")
}
pub fn quant_clause_not_read(clause: impl Display) -> String {
    say!("无法读懂“{clause}”", "“{clause}” is not understood")
}
pub fn quant_several_rates(subject: impl Display) -> String {
    say!(
        "一项指标写了多个比率({subject}),无法按一个数值计分: 请拆分指标,或在方案 [quant] 中写明规则",
        "one item names several rates ({subject}) and cannot be scored on one figure: split the item, or write its rule in the scheme's [quant]"
    )
}
pub fn quant_no_target() -> String {
    say!("没有写出达到多少得满分", "it does not say what earns full points")
}
pub fn quant_steps_and_bands() -> String {
    say!("既按步扣分又分档计分,无法确定用哪一种", "it both deducts per step and scores by bands: which one applies is not clear")
}
pub fn quant_step_direction() -> String {
    say!("扣分的方向(每低/每超)或单位与目标不符", "the step's direction (每低/每超) or unit does not fit the target")
}
pub fn quant_no_shortfall() -> String {
    say!(
        "只写了目标,没有写未达到时如何计分(如“否则不得分”“每低1个百分点扣0.5分”)",
        "it states a target but not how a unit short of it scores (such as 否则不得分, 每低1个百分点扣0.5分)"
    )
}
pub fn quant_outside_mean(which: impl Display) -> String {
    say!(
        "{which}不是本轮各单位的数值,无法计算: 请在方案中写明目标值",
        "{which} is no figure of this round's units and cannot be computed: write the target in the scheme"
    )
}
pub fn quant_previous() -> String {
    say!("上年数值", "last year's figure")
}
pub fn quant_no_previous(code: impl Display) -> Message {
    problem!(
        "quant.no_previous",
        [code],
        "指标 {code} 与上年比较计分,需要上年的结果工作簿(命令行 --previous,页面的“上年结果”)",
        "item {code} is scored against last year's figure: give last year's result workbook (--previous, or the page's 'last year')"
    )
}
pub fn quant_previous_missing(unit: impl Display, code: impl Display, file: impl Display) -> Message {
    problem!(
        "quant.previous_missing",
        [unit, code, file],
        "{unit} 的指标 {code} 与上年比较计分,但上年结果 {file} 的明细中没有其分子/分母或数值",
        "{unit}, item {code}: scored against last year's figure, but the detail sheet of {file} has no numerator/denominator or figure for it"
    )
}
pub fn quant_previous_zero(unit: impl Display, code: impl Display, file: impl Display) -> Message {
    problem!(
        "quant.previous_zero",
        [unit, code, file],
        "{unit} 的指标 {code} 与上年比较计分,但上年结果 {file} 中其分母为 0,没有可比较的比率",
        "{unit}, item {code}: scored against last year's figure, but its denominator in {file} is 0: no rate to compare with"
    )
}
pub fn quant_previous_unreadable(unit: impl Display, code: impl Display, file: impl Display, why: impl Display) -> Message {
    problem!(
        "quant.previous_unreadable",
        [unit, code, file, why],
        "{unit} 的指标 {code} 在上年结果 {file} 中的数值不能按本年的规则计算: {why}",
        "{unit}, item {code}: last year's figures in {file} cannot be read by this year's rule: {why}"
    )
}
/// A scoring standard that looks like a 定量规则 but is not read as one.
pub fn quant_standard_refused(code: impl Display, why: impl Display) -> Message {
    problem!(
        "quant.standard_refused",
        [code, why],
        "指标 {code} 的评分标准像是定量规则,但未能读出({why}),按普通指标计分(填写得分);如需按数值计分请在方案 [quant] 中写明",
        "item {code}: the scoring standard looks like a quantitative rule but was not read ({why}); the item is scored as typed. To score it from figures, write its rule in the scheme's [quant]"
    )
}

// ---- the scheme's [quant] ------------------------------------------------------------------

pub fn quant_kind() -> String {
    say!("定量规则", "quantitative rule")
}
pub fn quant_rule_and_keys() -> String {
    say!("rule(文字规则)与 target 等键只能写一种", "write either rule (the rule in words) or target and the other keys, not both")
}
pub fn quant_needs_target() -> String {
    say!("缺少 target(如 target = \"≥95%\")或 rule(文字规则)", "target (such as target = \"≥95%\") or rule (the rule in words) is missing")
}
pub fn quant_bad_choice(value: impl Display, choices: impl Display) -> String {
    say!("“{value}”不是可选值之一({choices})", "“{value}” is not one of {choices}")
}
pub fn quant_one_shortfall() -> String {
    say!("deduct、bands、missed 只能写一种", "write one of deduct, bands and missed")
}

// ---- figures in score sheets ---------------------------------------------------------------

pub fn quant_figures_missing(code: impl Display) -> Message {
    problem!(
        "quant.figures_missing",
        [code],
        "指标 {code} 按数值计分,应填写分子和分母(或数值),得分由程序计算: 此处只填了得分",
        "item {code} is scored from figures: give the numerator and the denominator (or the figure) and leave the score to the tool; only a score is given here"
    )
}
pub fn quant_no_rule(code: impl Display) -> Message {
    problem!(
        "quant.no_rule",
        [code],
        "指标 {code} 填写了数值,但没有定量规则(评分标准未写明,方案 [quant] 中也没有),无法计分",
        "item {code} has figures but no quantitative rule (none in its scoring standard nor in the scheme's [quant]): they cannot be scored"
    )
}
pub fn quant_not_a_figure(text: impl Display) -> Message {
    problem!("quant.not_a_figure", [text], "“{text}”不是数值", "“{text}” is not a figure")
}
pub fn quant_numerator_above(code: impl Display, numerator: impl Display, denominator: impl Display) -> Message {
    problem!(
        "quant.numerator_above",
        [code, numerator, denominator],
        "指标 {code} 的分子 {numerator} 大于分母 {denominator}",
        "item {code}: the numerator {numerator} is above the denominator {denominator}"
    )
}
pub fn quant_half_ratio(code: impl Display) -> Message {
    problem!("quant.half_ratio", [code], "指标 {code} 的分子和分母须同时填写", "item {code}: give both the numerator and the denominator")
}
pub fn quant_ratio_and_figure(code: impl Display) -> Message {
    problem!(
        "quant.ratio_and_figure",
        [code],
        "指标 {code} 同时填写了分子/分母和数值,只能填一种",
        "item {code}: give either the numerator and the denominator or the figure, not both"
    )
}

// ---- how the points came about -------------------------------------------------------------

pub fn explain_quant() -> String {
    say!("定量指标(按数值计分):", "Quantitative items (scored from figures):")
}
pub fn quant_zero_of(numerator: impl Display, denominator: impl Display) -> String {
    say!("{numerator}/{denominator}(分母为 0)", "{numerator}/{denominator} (a denominator of 0)")
}
pub fn quant_outcome_none(points: impl Display) -> String {
    say!("→ {points}", "→ {points}")
}
pub fn quant_outcome_met(points: impl Display) -> String {
    say!("已达到 → 得 {points} 分", "met → {points} point(s)")
}
/// "低 4.52 个百分点 → 扣 2.5 分,得 7.5 分".
pub fn quant_outcome_short(higher_is_better: bool, gap: impl Display, unit: &str, deducted: impl Display, points: impl Display) -> String {
    match (lang(), higher_is_better) {
        (Lang::Zh, true) => format!("低 {gap} {unit} → 扣 {deducted} 分,得 {points} 分"),
        (Lang::Zh, false) => format!("超 {gap} {unit} → 扣 {deducted} 分,得 {points} 分"),
        (Lang::En, true) => format!("{gap} {unit} short → {deducted} point(s) off, {points} point(s)"),
        (Lang::En, false) => format!("{gap} {unit} over → {deducted} point(s) off, {points} point(s)"),
    }
}
/// A strict target met by nothing: "高于上年" at last year's figure.
pub fn quant_outcome_level(deducted: impl Display, points: impl Display) -> String {
    say!("与目标持平 → 扣 {deducted} 分,得 {points} 分", "level with the target → {deducted} point(s) off, {points} point(s)")
}
pub fn quant_from_standard(at: impl Display, standard: impl Display) -> String {
    say!("读自评分标准 {at}“{standard}”", "read from the scoring standard at {at}: “{standard}”")
}
pub fn quant_from_scheme(line: impl Display) -> String {
    say!("方案第 {line} 行", "the scheme, line {line}")
}
pub fn quant_claimed(typed: impl Display, at: impl Display) -> String {
    say!(";自填得分 {typed}({at})与计算结果不符", "; the score typed, {typed} ({at}), differs from the one computed")
}
/// One item scored from figures.
pub fn quant_line(
    name: impl Display,
    figures: impl Display,
    target: impl Display,
    outcome: impl Display,
    rule: impl Display,
    source: impl Display,
    claimed: impl Display,
) -> String {
    say!(
        "{name}: {figures},目标 {target},{outcome}(规则: {rule};{source}){claimed}",
        "{name}: {figures}, target {target}, {outcome} (rule: {rule}; {source}){claimed}"
    )
}
pub fn quant_claimed_differs(unit: impl Display, code: impl Display, typed: impl Display, computed: impl Display) -> Message {
    problem!(
        "quant.claimed_differs",
        [unit, code, typed, computed],
        "{unit} 的指标 {code} 自填得分 {typed},按数值计算为 {computed}: 以计算结果为准",
        "{unit}, item {code}: the score typed is {typed}, the figures give {computed}: the computed one counts"
    )
}
/// A rule `check` read from a scoring standard.
pub fn quant_read(code: impl Display, rule: impl Display, at: impl Display, words: impl Display) -> String {
    say!("定量规则 {code}: {rule}(读自 {at}“{words}”)", "quantitative rule {code}: {rule} (read from {at}: “{words}”)")
}
pub fn quant_several_levels(clause: impl Display) -> String {
    say!("“{clause}”写了不止一个目标值,无法按一个数值计分", "“{clause}” states more than one target and cannot be scored on one figure")
}
pub fn quant_two_shortfalls() -> String {
    say!("未达到目标时写了两种扣分办法", "it states two ways of scoring a unit short of the target")
}

// ---- templates -----------------------------------------------------------------------------

pub fn template_numerator() -> String {
    say!("分子", "numerator")
}
pub fn template_denominator() -> String {
    say!("分母", "denominator")
}
pub fn figures_input_title() -> String {
    say!("按数值计分", "scored from figures")
}
pub fn figures_input_message() -> String {
    say!(
        "填写件数(整数),分子不大于分母;得分由程序按评分标准计算,不必填写",
        "type the counts (whole numbers), the numerator not above the denominator; the score is computed from the standard"
    )
}
pub fn figures_error_title() -> String {
    say!("数值无效", "not a valid figure")
}
pub fn count_input_message() -> String {
    say!("填写件数或次数(整数);得分由程序按评分标准计算,不必填写", "type the count (a whole number); the score is computed from the standard")
}
pub fn count_error_message() -> String {
    say!("应为不小于 0 的整数", "a whole number from 0")
}
pub fn template_figure() -> String {
    say!("数值", "figure")
}
pub fn figures_error_message() -> String {
    say!("应为不小于 0 的整数,且分子不大于分母", "a whole number from 0, the numerator not above the denominator")
}
pub fn quant_figure_too_large(value: impl Display) -> Message {
    problem!("quant.figure_too_large", [value], "数值 {value} 过大,不像是件数或比率", "the figure {value} is too large for a count or a rate")
}
