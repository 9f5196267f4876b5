//! How sure a ranking is: disputed items (争议/申诉), weight sensitivity (排名稳定性), and the orders
//! that published lists use.

use std::fmt::Display;

use super::{Both, Message, pick};

// ---- sensitivity -------------------------------------------------------------------------

pub fn bad_spread(spread: impl Display) -> Message {
    problem!(
        "option.bad_spread",
        [spread],
        "--spread {spread}: 权重浮动幅度应在 0 到 100 之间(不含 100)",
        "--spread {spread}: the spread of the weights must be at least 0 and below 100"
    )
}
pub fn no_runs() -> Message {
    problem!("option.no_runs", [], "--runs 至少为 1", "--runs must be at least 1")
}

pub fn stability_not_shown() -> String {
    say!(
        "score 只在表格和年度结果工作簿(.xlsx)中列出争议指标和排名稳定性;json 或 csv 请用 zhibiao sensitivity --format json|csv",
        "score shows disputed items and rank stability in the table and the result workbook (.xlsx) only; for json or csv use zhibiao sensitivity --format json|csv"
    )
}

// ---- disputed items ----------------------------------------------------------------------

pub fn disputed_item_unknown(code: impl Display) -> Message {
    problem!("option.disputed_unknown_item", [code], "--disputed: 指标体系中没有编号为 {code} 的指标", "--disputed: the tree has no item {code}")
}
pub fn disputed_unit_unknown(unit: impl Display) -> Message {
    problem!("option.disputed_unknown_unit", [unit], "--disputed: 评分文件中没有单位“{unit}”", "--disputed: no unit '{unit}' in the score files")
}

// ---- outputs -----------------------------------------------------------------------------

pub const SHEET_STABILITY: Both = ["排名稳定性", "Rank stability"];
pub const COL_MEDIAN_RANK: Both = ["中位名次", "median rank"];
pub const COL_RANK_INTERVAL: Both = ["名次区间(5%–95%)", "rank interval (5–95 %)"];
pub const COL_ELIGIBLE_SHARE: Both = ["达标比例", "达标 share"];
pub const COL_DISPUTED: Both = ["争议指标", "disputed items"];
pub const COL_DISPUTED_WORST: Both = ["争议均不采纳", "none upheld"];
pub const COL_DISPUTED_BEST: Both = ["争议均采纳", "all upheld"];
pub const COL_DISPUTED_FLIP: Both = ["改变结论的最少指标", "fewest items that change the verdict"];

/// What the runs drew, under the table.
pub fn stability_line(runs: u32, seed: u64, spread: impl Display, level1: usize, level2: usize, weighted: bool) -> String {
    let (zh, en) = if weighted {
        ("方案规定的权重", "the scheme's weights")
    } else {
        ("方案未设权重,按各一级指标分值占比", "no weights in the scheme: each 一级's share of the points")
    };
    let (zh2, en2) =
        if level2 > 0 { (format!("及 {level2} 个二级指标"), format!(" and {level2} 二级")) } else { (String::new(), String::new()) };
    say!(
        "排名稳定性: {runs} 次抽样(种子 {seed}),{level1} 个一级指标{zh2}的权重({zh})各自在 ±{spread}% 内均匀浮动后重新归一,每次按同一精确算法计分排名;名次区间为去掉最好和最差各 5% 次后的名次范围",
        "rank stability: {runs} runs (seed {seed}), the weights of {level1} 一级{en2} ({en}) each drawn uniformly within ±{spread} % and renormalised, every run scored and ranked exactly as the result; the interval is the range of ranks once the best and worst 5 % of runs are set aside"
    )
}
/// Where the tree has no 一级 indicators, there is nothing to draw.
pub fn stability_nothing_drawn() -> String {
    say!("指标体系没有一级指标: 没有可浮动的权重,每次名次相同", "the tree has no 一级 indicators: no weight to draw, every run ranks alike")
}
pub fn removal_heading() -> String {
    say!("逐一去掉一级指标(权重计 0)后名次变化最大的单位:", "units whose rank moves most when each 一级 is left out (weight 0):")
}
pub fn removal_line(code: impl Display, name: impl Display, moves: impl Display) -> String {
    say!("去掉 {code} {name}: {moves}", "without {code} {name}: {moves}")
}
pub fn removal_move(unit: impl Display, rank: u32, without: u32) -> String {
    say!("{unit} 第{rank}→第{without}名", "{unit} {rank} → {without}")
}
pub fn removal_none() -> String {
    say!("名次不变", "no rank changes")
}
/// A case of a dispute as a cell: the score and the verdict.
pub fn disputed_case(score: impl Display, eligible: bool, grade: Option<&str>) -> String {
    let grade = grade.map(|g| format!(",{g}")).unwrap_or_default();
    let grade_en = grade.replace(',', ", ");
    if eligible {
        say!("{score}(达标{grade})", "{score} (达标{grade_en})")
    } else {
        say!("{score}(不达标{grade})", "{score} (not 达标{grade_en})")
    }
}
pub fn disputed_cannot_flip() -> String {
    say!("结论不会因争议指标改变", "the verdict cannot change whatever the disputes decide")
}
pub fn disputed_not_searched(max: usize) -> String {
    say!(
        "可改变结论的争议指标超过 {max} 项,未逐一组合查找最少指标",
        "more than {max} disputed items could change the verdict: the fewest were not searched"
    )
}
/// The fewest items to uphold for 达标 to change.
pub fn disputed_flip_eligible(items: impl Display, case: impl Display) -> String {
    say!("采纳 {items} 即改变达标结论: {case}", "upholding {items} changes 达标: {case}")
}
pub fn disputed_flip_grade(items: impl Display, case: impl Display) -> String {
    say!("采纳 {items} 即改变等次: {case}", "upholding {items} changes the grade: {case}")
}
/// The explanation's line on disputed items.
pub fn explain_disputed(items: impl Display, worst: impl Display, best: impl Display) -> String {
    say!(
        "争议指标 {items}: 均不采纳(维持现有得分) {worst};均采纳(得满分) {best}",
        "disputed items {items}: none upheld (the scores stand) {worst}; all upheld (full points) {best}"
    )
}
/// The explanation's line on the unit's rank under weight sensitivity.
pub fn explain_stability(median: u32, low: u32, high: u32, share: impl Display, runs: u32, spread: impl Display) -> String {
    say!(
        "权重各自浮动 ±{spread}%({runs} 次): 中位名次 {median},名次区间 {low}–{high},达标比例 {share}%",
        "weights each within ±{spread} % ({runs} runs): median rank {median}, interval {low}–{high}, 达标 in {share} % of runs"
    )
}

// ---- orders ------------------------------------------------------------------------------

pub fn disputed_kind() -> String {
    say!("争议指标", "disputed item")
}
pub fn units_without_code(units: &[&str]) -> Message {
    let (zh, en) = (units.join("、"), units.join(", "));
    let units = &en;
    problem!(
        "scheme.units_without_code",
        [units],
        "按行政区划代码排列并列单位(order = \"code\"),但单位 {zh} 没有代码: 请在评分方案的 [codes] 中写明,如 \"东城区\" = \"110101\"",
        "tied units are ordered by 行政区划 code (order = \"code\"), but {en} have none: give them in the scheme's [codes], e.g. \"东城区\" = \"110101\""
    )
}
