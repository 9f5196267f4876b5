//! Two rounds of an assessment (自评 and 核定), and what changed between two submissions (diff).

use std::fmt::Display;

use super::{Both, Lang, Message, lang, pick};

// ---- reading and merging -----------------------------------------------------------------

/// A blank self-score beside a verified one.
pub fn own_blank_verified(unit: impl Display, item: impl Display) -> Message {
    problem!(
        "review.own_blank_verified",
        [unit, item],
        "{unit} 的指标“{item}”自评得分空白,已有核定得分: 按核定得分计,不计核减",
        "{unit}, item '{item}': the self-score is blank but the item is verified: the verified score counts, with no adjustment"
    )
}
/// One item waiting for its verified score: its self-score cells, and the blank verified ones.
pub fn unverified_item(item: impl Display, own: impl Display, pending: impl Display) -> String {
    let pending = pending.to_string();
    match (lang(), pending.is_empty()) {
        (Lang::Zh, true) => format!("“{item}”(自评 {own},无核定得分)"),
        (Lang::Zh, false) => format!("“{item}”(自评 {own},核定得分空白 {pending})"),
        (Lang::En, true) => format!("'{item}' (self-score {own}, no verified score)"),
        (Lang::En, false) => format!("'{item}' (self-score {own}, verified score blank at {pending})"),
    }
}
pub fn unverified(unit: impl Display, count: usize, items: impl Display) -> Message {
    problem!(
        "review.unverified",
        [unit, count, items],
        "{unit} 有 {count} 项未核定,暂按自评得分计: {items}",
        "{unit}: {count} item(s) not verified yet, scored on the self-score: {items}"
    )
}

// ---- outputs -----------------------------------------------------------------------------

pub const SHEET_REVIEW: Both = ["核定对比", "Review"];
pub const COL_OWN_SCORE: Both = ["自评得分", "self score"];
pub const COL_DIFFERENCE: Both = ["差值", "difference"];
pub const COL_VERIFIED: Both = ["核定得分", "verified"];
pub const COL_VERIFIED_REASON: Both = ["核减原因", "reason"];
pub const COL_OWN_SOURCE: Both = ["自评单元格", "self-score cell"];
pub const COL_VERIFIED_SOURCE: Both = ["核定单元格", "verified cell"];
pub const COL_INFLATED: Both = ["自评虚高", "inflated"];

/// The rule of 自评虚高, for the foot of every output.
pub fn inflated_rule(margin: impl Display) -> String {
    say!(
        "两轮评分: 得分为核定得分,自评得分列于其旁;自评百分制得分(按公布的舍入值)高出核定得分超过 {margin} 分(不含 {margin} 分)为自评虚高",
        "two rounds: the score is the verified score, the self-score is shown beside it; a published self-score more than {margin} points (not {margin} itself) above the verified one is inflated (自评虚高)"
    )
}
pub fn adjustments_heading(unit: impl Display, own: impl Display, verified: impl Display, difference: impl Display, count: usize) -> String {
    say!(
        "{unit}: 自评 {own} → 核定 {verified}(差值 {difference}),核定调整 {count} 项(核减最多的在前):",
        "{unit}: self {own} → verified {verified} (difference {difference}), {count} adjusted item(s), largest cut first:"
    )
}
/// One adjusted item: self → verified, the difference, the reason and both cells.
pub fn adjustment_line(
    code: impl Display,
    own: impl Display,
    verified: impl Display,
    difference: impl Display,
    reason: impl Display,
    own_cells: impl Display,
    verified_cells: impl Display,
) -> String {
    say!(
        "{code}: 自评 {own} → 核定 {verified}({difference}) {reason} [自评 {own_cells};核定 {verified_cells}]",
        "{code}: self {own} → verified {verified} ({difference}) {reason} [self {own_cells}; verified {verified_cells}]"
    )
}
/// The adjustment of an item that became, or stopped being, 不涉及.
pub fn applicability_changed() -> String {
    say!("改变是否涉及", "applicability changed")
}
pub fn inflated_units(margin: impl Display, units: impl Display) -> String {
    say!(
        "自评虚高(自评得分高出核定得分超过 {margin} 分): {units}",
        "inflated self-assessment (self-score more than {margin} above the verified score): {units}"
    )
}
pub fn inflated_departments(margin: impl Display, departments: impl Display) -> String {
    say!(
        "部门自评虚高(自评得分率高出核定得分率超过 {margin} 分): {departments}",
        "departments with an inflated self-assessment (self rate more than {margin} above the verified rate): {departments}"
    )
}
pub fn explain_rounds(own: impl Display, verified: impl Display, difference: impl Display, inflated: bool) -> String {
    match (lang(), inflated) {
        (Lang::Zh, false) => format!("自评得分 {own},核定得分 {verified},差值 {difference}"),
        (Lang::Zh, true) => format!("自评得分 {own},核定得分 {verified},差值 {difference}: 自评虚高"),
        (Lang::En, false) => format!("self-score {own}, verified {verified}, difference {difference}"),
        (Lang::En, true) => format!("self-score {own}, verified {verified}, difference {difference}: inflated self-assessment"),
    }
}
pub fn explain_costliest() -> String {
    say!("核减影响最大的指标(恢复为自评得分可加的百分制分数):", "the adjustments that cost the most (what restoring the self-score adds):")
}
pub fn explain_cost(item: impl Display, own: impl Display, verified: impl Display, cost: impl Display, reason: impl Display) -> String {
    say!("{item}: 自评 {own} → 核定 {verified},减少 {cost} 分 {reason}", "{item}: self {own} → verified {verified}, costs {cost} {reason}")
}

// ---- diff --------------------------------------------------------------------------------

pub fn diff_changed(count: usize) -> String {
    say!("{count} 项得分有变化", "{count} item(s) changed")
}
pub fn diff_identical(old: &String, new: &String) -> String {
    say!("{old} 与 {new} 内容完全相同(SHA-256 一致),未作比较", "{old} and {new} are identical (same SHA-256); not compared")
}
pub fn diff_same_file(old: &String, new: &String) -> String {
    say!("未变化(SHA-256 一致): {old} = {new}", "unchanged (same SHA-256): {old} = {new}")
}
pub fn diff_headers() -> [String; 8] {
    match lang() {
        Lang::Zh => ["单位", "编号", "原得分", "新得分", "原单元格", "新单元格", "原说明", "新说明"].map(String::from),
        Lang::En => ["unit", "code", "old", "new", "old cell", "new cell", "old remark", "new remark"].map(String::from),
    }
}
pub fn diff_unit_headers() -> [String; 9] {
    match lang() {
        Lang::Zh => ["单位", "原实得分", "新实得分", "原百分制", "新百分制", "原达标", "新达标", "原名次", "新名次"].map(String::from),
        Lang::En => ["unit", "old obtained", "new obtained", "old score", "new score", "old eligible", "new eligible", "old rank", "new rank"]
            .map(String::from),
    }
}
/// An item or unit on one side only.
pub fn diff_absent() -> String {
    say!("(无)", "(none)")
}
pub fn diff_needs_tree() -> String {
    say!(
        "比较报回的评分表需要 --tree 指定指标体系(比较两份结果工作簿时可省略)",
        "comparing returned forms needs the indicator system (--tree); it may be left out when comparing two result workbooks"
    )
}
pub fn diff_mixed() -> String {
    say!("两边须同为结果工作簿,或同为报回的评分表", "both sides must be result workbooks, or both returned forms")
}
