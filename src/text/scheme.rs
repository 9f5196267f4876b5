//! Sentences of scoring schemes (评分方案), the verdicts they lead to and `explain`.

use std::fmt::Display;

use super::{Lang, Message, lang, pick};

// ---- verdict reasons ---------------------------------------------------------------------

pub fn bonus_added(bonus: impl Display, earned: impl Display, cap: Option<impl Display>) -> String {
    match cap {
        Some(cap) => say!("加分项加 {bonus} 分(得 {earned} 分,上限 {cap} 分)", "bonus items add {bonus} (earned {earned}, cap {cap})"),
        None => say!("加分项加 {bonus} 分", "bonus items add {bonus}"),
    }
}
/// `rate` with its % (and the basis it was judged on).
pub fn below_min_rate(code: impl Display, name: impl Display, rate: impl Display, min: impl Display) -> String {
    say!(
        "一级指标 {code} {name} 得分率 {rate} 低于最低要求 {min}%,不予达标",
        "level-1 indicator {code} {name} scores {rate}, below its minimum of {min}%: not eligible"
    )
}
pub fn vetoed(item: impl Display, score: impl Display, points: impl Display, remark: &str) -> String {
    let why_zh = if remark.is_empty() { String::new() } else { format!(";{remark}") };
    let why_en = if remark.is_empty() { String::new() } else { format!("; {remark}") };
    say!(
        "一票否决: 否决项“{item}”得 {score} 分(满分 {points} 分{why_zh}),不论得分均不予达标",
        "vetoed: veto item '{item}' scored {score} of {points}{why_en}; not eligible whatever the score"
    )
}
pub fn graded(score: impl Display, grade: impl Display, min: impl Display, group: impl Display) -> String {
    say!("得分 {score} 评为“{grade}”({group}组 {min} 分及以上)", "score {score} is graded '{grade}' ({group} group, {min} and above)")
}

pub fn grade_header() -> String {
    say!("等次", "grade")
}

pub fn sources_rule(list: impl Display) -> String {
    say!("评分来源按权重合并: {list}", "score sources combine by weight: {list}")
}
pub fn bonus_rule(items: impl Display, cap: Option<impl Display>) -> String {
    match cap {
        Some(cap) => {
            say!("加分项 {items}: 所得分值加到百分制得分上,合计不超过 {cap} 分", "bonus items {items}: their points go onto the score, {cap} at most")
        }
        None => say!("加分项 {items}: 所得分值加到百分制得分上", "bonus items {items}: their points go onto the score"),
    }
}
pub fn veto_rule(items: impl Display) -> String {
    say!("否决项 {items}: 未得满分即一票否决,不论得分均不予达标", "veto items {items}: any lost point makes a unit ineligible whatever its score")
}
pub fn min_rate_rule(list: impl Display) -> String {
    say!("一级指标最低得分率: {list}", "minimum rates of level-1 indicators: {list}")
}
pub fn grade_rule(group: impl Display, bands: impl Display) -> String {
    say!("等次({group}组): {bands}", "grades ({group} group): {bands}")
}

// ---- score sources -----------------------------------------------------------------------

pub fn unknown_source(source: impl Display, known: impl Display) -> Message {
    problem!(
        "source.unknown",
        [source, known],
        "评分来源“{source}”不在评分方案中(方案中的来源: {known})",
        "score source '{source}' is not in the scheme (its sources: {known})"
    )
}
pub fn no_source(known: impl Display) -> Message {
    problem!(
        "source.none",
        [known],
        "这一行没有评分来源,而评分方案按来源合并得分(来源: {known})",
        "this row names no score source, but the scheme combines sources ({known})"
    )
}
pub fn missing_sources(unit: impl Display, item: impl Display, sources: impl Display) -> Message {
    problem!(
        "source.missing",
        [unit, item, sources],
        "{unit} 的指标“{item}”缺少评分来源: {sources}(某来源不评该项时请填“不涉及”)",
        "{unit}, item '{item}' has no score from: {sources} (write 不涉及 for a source that does not score it)"
    )
}

// ---- scheme validation -------------------------------------------------------------------

/// A scheme's problems, each on a line of its own (`lines` starts with a line break).
pub fn scheme_problems(count: usize, lines: impl Display) -> Message {
    problem!("scheme.invalid", [count, lines], "共发现 {count} 个问题{lines}", "{count} problem(s) found{lines}")
}
pub fn reading_scheme(path: impl Display) -> String {
    say!("读取评分方案 {path} 失败", "could not load the scoring scheme {path}")
}
pub fn scheme_syntax(why: impl Display) -> Message {
    problem!("scheme.syntax", [why], "评分方案格式有误: {why}", "the scheme is not valid TOML for zhibiao: {why}")
}
pub fn unknown_group_code(code: impl Display) -> String {
    say!("指标体系中没有编号或名称为“{code}”的一级或二级指标", "no level-1 or level-2 indicator has the code or name '{code}'")
}
pub fn unknown_level1(code: impl Display) -> String {
    say!("指标体系中没有编号或名称为“{code}”的一级指标", "no level-1 indicator has the code or name '{code}'")
}
pub fn item_not_in_tree(kind: impl Display, code: impl Display) -> String {
    say!("{kind}“{code}”不是指标体系中的三级指标", "{kind} '{code}' is not an item of the indicator system")
}
pub fn bonus_kind() -> String {
    say!("加分项", "bonus item")
}
pub fn veto_kind() -> String {
    say!("否决项", "veto item")
}
pub fn both_bonus_and_veto(code: impl Display) -> String {
    say!("指标 {code} 不能既是加分项又是否决项", "item {code} cannot be both a bonus and a veto item")
}
pub fn weights_sum(scope: impl Display, sum: impl Display) -> String {
    say!("{scope}的权重合计 {sum},应为 100", "the weights of {scope} add up to {sum}, not 100")
}
pub fn weight_twice(code: impl Display, name: impl Display) -> String {
    say!("{code} {name} 的权重给了两次(编号和名称各一次)", "{code} {name} is weighted twice (by code and by name)")
}
pub fn weight_missing(code: impl Display, name: impl Display, scope: impl Display) -> String {
    say!("{scope}已设权重,但 {code} {name} 没有权重", "{scope} are weighted but {code} {name} has no weight")
}
pub fn scope_level1() -> String {
    say!("一级指标", "the level-1 indicators")
}
pub fn scope_children(code: impl Display) -> String {
    say!("一级指标 {code} 下的二级指标", "the level-2 indicators under {code}")
}
pub fn scope_sources() -> String {
    say!("评分来源", "the score sources")
}
pub fn above_hundred(value: impl Display) -> String {
    say!("{value} 不能超过 100", "{value} must not be above 100")
}
pub fn decimals_too_many(n: u32) -> String {
    say!("小数位数 {n} 过大(最多 6 位)", "{n} decimals are too many (at most 6)")
}
pub fn unknown_department(name: impl Display) -> String {
    say!("指标体系中没有责任单位“{name}”", "the indicator system names no department '{name}'")
}
pub fn empty_name() -> String {
    say!("名称不能为空", "the name must not be empty")
}
pub fn no_bands(group: impl Display) -> String {
    say!("等次组“{group}”没有任何等次", "grade group '{group}' has no bands")
}
pub fn bands_unsorted(group: impl Display, name: impl Display, min: impl Display, above: impl Display, above_min: impl Display) -> String {
    say!(
        "等次组“{group}”中“{name}”的下限 {min} 不低于其上一等次“{above}”的下限 {above_min}: 等次须从高到低排列且互不重叠",
        "grade group '{group}': the minimum {min} of '{name}' is not below the minimum {above_min} of '{above}' above it; bands must go from highest to lowest without overlapping"
    )
}
pub fn duplicate_band(group: impl Display, name: impl Display) -> String {
    say!("等次组“{group}”中等次“{name}”重复", "grade group '{group}' names the band '{name}' twice")
}
pub fn unknown_grade_group(group: impl Display, known: impl Display) -> String {
    say!("没有名为“{group}”的等次组(已有: {known})", "no grade group is named '{group}' (there are: {known})")
}
pub fn no_tree() -> String {
    say!("未指定指标体系: 请用 --tree 或在评分方案中写 tree = \"…\"", "no indicator system: give --tree, or tree = \"…\" in the scheme")
}

// ---- explain -----------------------------------------------------------------------------

pub fn unit_not_found(unit: impl Display, known: impl Display) -> String {
    say!("评分文件中没有单位“{unit}”(有: {known})", "the score files have no unit '{unit}' (they have: {known})")
}
pub fn explain_heading(unit: impl Display, score: impl Display, exact: impl Display, rank: u32, units: usize) -> String {
    say!(
        "{unit}: 百分制得分 {score}(精确值 {exact}),第 {rank} 名(共 {units} 个单位)",
        "{unit}: score {score} (exactly {exact}), rank {rank} of {units}"
    )
}
/// A value rounded for display: "≈90.1786".
pub fn approximately(value: impl Display) -> String {
    format!("≈{value}")
}
pub fn explain_grade(grade: Option<&str>) -> String {
    match grade {
        Some(g) => say!("等次: {g}", "grade: {g}"),
        None => say!("等次: 无", "grade: none"),
    }
}
pub fn explain_verdict(eligible: bool) -> String {
    match (lang(), eligible) {
        (Lang::Zh, true) => "结论: 达标".into(),
        (Lang::Zh, false) => "结论: 不达标".into(),
        (Lang::En, true) => "verdict: eligible".into(),
        (Lang::En, false) => "verdict: not eligible".into(),
    }
}
pub fn explain_reasons() -> String {
    say!("理由:", "reasons:")
}
/// The items themselves follow, one a line ([`explain_item`]).
pub fn explain_gap(gap: impl Display, count: usize, lost: impl Display) -> String {
    say!(
        "差 {gap} 分;挽回以下 {count} 项指标的失分最快补足,共失 {lost} 分:",
        "{gap} short; the lost points of these {count} item(s) close the gap fastest, {lost} points lost:"
    )
}
pub fn explain_gap_open(gap: impl Display) -> String {
    say!("差 {gap} 分;挽回全部失分也无法补足", "{gap} short; restoring every lost point does not close the gap")
}
pub fn explain_item(item: impl Display, lost: impl Display, gain: impl Display) -> String {
    say!("{item}: 失 {lost} 分,挽回可加 {gain} 分", "{item}: {lost} points lost, restoring them adds {gain}")
}
pub fn explain_after(score: impl Display) -> String {
    say!("挽回后得分 {score}", "score after restoring them: {score}")
}

// ---- unknown keys of a scheme ------------------------------------------------------------

pub fn unknown_key_meant(known: impl Display) -> String {
    say!("评分方案没有这个键,是否应为 {known}?", "a scheme has no such key; did you mean {known}?")
}
pub fn unknown_key(known: impl Display) -> String {
    say!("评分方案没有这个键(此处可用的键: {known})", "a scheme has no such key (the keys here: {known})")
}
pub fn top_level_key_in_table(key: impl Display, table: impl Display) -> String {
    say!(
        "{key} 是顶层的键,写在了 [{table}] 之下: 顶层的键须写在第一个 [表] 之前",
        "{key} is a top-level key but is written under [{table}]: top-level keys go before the first [table]"
    )
}

// ---- groups named without their numbering -------------------------------------------------

pub fn ambiguous_group(key: impl Display, groups: &[String]) -> String {
    let (zh, en) = (groups.join("、"), groups.join(", "));
    pick(
        format!("“{key}”去掉编号后对应多个指标: {zh};请写编号或完整名称"),
        format!("'{key}' could be any of {en} once numbering is left out; write the code or the full name"),
    )
}

// ---- the basis of a verdict ---------------------------------------------------------------

/// A score or rate shown exact, where the threshold is checked on the exact score.
pub fn exact_value(value: impl Display) -> String {
    say!("{value}(精确值)", "{value} (exact)")
}

// ---- values shown rounded ----------------------------------------------------------------

pub fn shown_decimals_rule(decimals: u32) -> String {
    say!(
        "多个来源或部门加权合并的分值按精确值计算,显示时四舍五入(逢五进一)保留 {decimals} 位小数",
        "scores combined from several sources or departments by weight are computed exactly and shown rounded half away from zero to {decimals} decimals"
    )
}

// ---- units in no grade group -------------------------------------------------------------

pub fn units_without_group(units: &[&str], groups: &[&str]) -> Message {
    let (units_zh, groups_zh, units_en, groups_en) = (units.join("、"), groups.join("、"), units.join(", "), groups.join(", "));
    let (units, groups) = (&units_en, &groups_en);
    problem!(
        "scheme.units_without_group",
        [units, groups],
        "单位 {units_zh} 不属于任何等次组: 评分方案有多个等次组({groups_zh}),请在 [groups] 中列出这些单位,或用 default_group 指定其余单位所属的组",
        "units {units_en} are in no grade group: the scheme has several ({groups_en}); list them in [groups], or name the group of the others with default_group"
    )
}
pub fn column_name_empty() -> String {
    say!(
        "列名为空: 请写表头文字(如 \"考核内容\")或列字母(如 \"D\")",
        "the column is named by nothing: write its header (\"考核内容\") or its letter (\"D\")"
    )
}
