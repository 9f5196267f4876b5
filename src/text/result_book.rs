//! The annual result workbook (年度结果): sheet names, column headers and notes.

use std::fmt::Display;

use super::{Lang, Message, lang, pick};

/// A name in both languages: the workbook is written in one, and last year's may be in either.
pub type Both = [&'static str; 2];

pub fn one(both: Both) -> String {
    match lang() {
        Lang::Zh => both[0].to_string(),
        Lang::En => both[1].to_string(),
    }
}

pub const SHEET_SUMMARY: Both = ["汇总", "Summary"];
pub const SHEET_LEVEL1: Both = ["一级指标", "Level 1"];
pub const SHEET_DETAIL: Both = ["明细", "Items"];
pub const SHEET_LOST: Both = ["扣分", "Lost points"];
pub const SHEET_DEPARTMENTS: Both = ["部门排名", "Departments"];
pub const SHEET_VERDICTS: Both = ["达标判定", "Verdicts"];
pub const SHEET_NOTES: Both = ["说明", "Notes"];
pub const SHEET_CHARTS: Both = ["图表", "Charts"];
pub const SHEET_CHANGES: Both = ["年度对比", "Year over year"];

pub const COL_RANK: Both = ["名次", "rank"];
pub const COL_UNIT: Both = ["单位", "unit"];
pub const COL_OBTAINED: Both = ["实得分", "obtained"];
pub const COL_MAXIMUM: Both = ["适用满分", "maximum"];
pub const COL_SCORE: Both = ["百分制得分", "score"];
pub const COL_GRADE: Both = ["等次", "grade"];
pub const COL_ELIGIBLE: Both = ["达标", "eligible"];
pub const COL_PREVIOUS_SCORE: Both = ["上年得分", "previous score"];
pub const COL_PREVIOUS_RANK: Both = ["上年名次", "previous rank"];
pub const COL_CHANGE: Both = ["变化", "change"];
pub const COL_RANK_CHANGE: Both = ["名次变化", "rank change"];
pub const COL_THRESHOLD: Both = ["达标线", "threshold"];
pub const COL_RATE: Both = ["得分率", "rate"];
pub const COL_CODE: Both = ["编号", "code"];
pub const COL_LEVEL1: Both = ["一级指标", "level 1"];
pub const COL_LEVEL2: Both = ["二级指标", "level 2"];
pub const COL_ITEM: Both = ["三级指标", "item"];
pub const COL_POINTS: Both = ["分值", "points"];
pub const COL_ITEM_SCORE: Both = ["得分", "score"];
pub const COL_LOST: Both = ["扣分", "lost"];
pub const COL_REASON: Both = ["扣分原因", "reason"];
pub const COL_SOURCE: Both = ["来源单元格", "source cell"];
/// How a 定量指标's points came from its figures.
pub const COL_COMPUTED: Both = ["计算过程", "how computed"];
/// A 定量指标's figures in 明细, read back as last year's (the 数值: the rate in per cent, or the count).
pub const COL_NUMERATOR: Both = ["分子", "numerator"];
pub const COL_DENOMINATOR: Both = ["分母", "denominator"];
pub const COL_FIGURE: Both = ["数值", "figure"];
pub const COL_DEPARTMENT: Both = ["部门", "department"];
pub const COL_ITEMS: Both = ["指标数", "items"];
pub const COL_REASONS: Both = ["判定理由", "reasons"];
pub const COL_WHAT: Both = ["项目", "what"];
pub const COL_VALUE: Both = ["内容", "value"];
pub const COL_KIND: Both = ["类别", "kind"];
pub const COL_NAME: Both = ["单位或编号", "unit or code"];
pub const COL_THIS_YEAR: Both = ["本年", "this year"];
pub const COL_LAST_YEAR: Both = ["上年", "last year"];
pub const COL_FILE: Both = ["文件", "file"];

pub fn not_applicable_mark() -> String {
    say!("不涉及", "N/A")
}
pub fn notes_tree() -> String {
    say!("指标体系", "indicator system")
}
pub fn notes_tree_fingerprint() -> String {
    say!("指标体系指纹", "indicator system fingerprint")
}
pub fn notes_tree_shape(l1: usize, l2: usize, items: usize, points: impl Display) -> String {
    say!(
        "一级指标 {l1} 项、二级指标 {l2} 项、三级指标 {items} 项,满分 {points} 分",
        "{l1} level-1, {l2} level-2, {items} items, {points} points in all"
    )
}
pub fn notes_rules_fingerprint() -> String {
    say!("评分规则指纹", "scoring rules fingerprint")
}
pub fn notes_rule() -> String {
    say!("规则", "rule")
}
pub fn notes_formulas(weighted: bool) -> String {
    if weighted {
        say!(
            "实得分、适用满分为公式(取自“明细”表);加权方案的百分制得分与得分率为本工具按权重精确计算后写入的数值,不是公式",
            "obtained and maximum are formulas over the Items sheet; with weights, scores and rates are the tool's exact values, written as numbers, not formulas"
        )
    } else {
        say!(
            "实得分、适用满分、百分制得分和一级指标得分率均为公式(取自“明细”表),并存有计算结果;ROUND 与本工具同为四舍五入",
            "obtained, maximum, score and level-1 rates are formulas over the Items sheet, with their results stored; ROUND rounds half away from zero like the tool"
        )
    }
}
pub fn notes_inputs() -> String {
    say!("输入文件及其 SHA-256", "input files and their SHA-256")
}
pub fn notes_previous() -> String {
    say!("上年结果", "previous result")
}
pub fn notes_version() -> String {
    say!("工具版本", "tool version")
}
pub fn notes_date() -> String {
    say!("日期", "date")
}
pub fn notes_no_date() -> String {
    say!("未指定(可用 --date 指定)", "not given (use --date)")
}
pub fn notes_departments() -> String {
    say!(
        "部门得分率 = 该部门负责的适用指标在全部单位的实得分之和 ÷ 适用满分之和",
        "department rate = points obtained on the applicable items it answers for, over all units ÷ the points possible"
    )
}

pub fn notes_left_out() -> String {
    say!("未列出的工作表", "sheet left out")
}
pub fn left_out_level1(sheet: impl Display) -> String {
    say!("“{sheet}”表:指标体系没有一级指标(各指标平列)", "'{sheet}': the indicator system has no level-1 indicators (a flat list of items)")
}
pub fn left_out_departments(sheet: impl Display) -> String {
    say!("“{sheet}”表:指标体系未写责任单位,没有可排名的部门", "'{sheet}': the indicator system names no responsible departments to rank")
}
/// A ranking sheet's title row: the round's name, the sheet, the date when given.
pub fn sheet_title(name: Option<&str>, sheet: impl Display, date: Option<String>) -> String {
    let name = name.map_or_else(|| say!("年度结果", "Annual result"), str::to_string);
    match date {
        Some(date) => say!("{name} · {sheet}({date})", "{name} · {sheet} ({date})"),
        None => say!("{name} · {sheet}", "{name} · {sheet}"),
    }
}
/// The printed pages' footer (Excel's codes: &P the page, &N the pages).
pub fn page_footer() -> String {
    say!("&C第 &P 页,共 &N 页", "&CPage &P of &N")
}

pub fn chart_scores_title() -> String {
    say!("各单位百分制得分与达标线", "scores and the threshold")
}
pub fn chart_radar_title() -> String {
    say!("一级指标得分率(首位与末位单位)", "level-1 rates of the first and last units")
}

pub fn change_unit_added() -> String {
    say!("新增单位", "unit added")
}
pub fn change_unit_removed() -> String {
    say!("减少单位", "unit removed")
}
pub fn change_item_added() -> String {
    say!("新增指标", "item added")
}
pub fn change_item_removed() -> String {
    say!("删除指标", "item removed")
}
pub fn change_item_reworded() -> String {
    say!("指标表述变化", "item re-worded")
}
pub fn no_changes() -> String {
    say!("两年的单位与指标均无变化", "no unit or item changed between the two years")
}

pub fn previous_sheet_missing(path: impl Display, sheet: impl Display) -> Message {
    problem!(
        "previous.sheet_missing",
        [path, sheet],
        "{path} 不是本工具写出的年度结果: 没有“{sheet}”工作表",
        "{path} is not a result workbook of this tool: no sheet '{sheet}'"
    )
}
pub fn previous_columns() -> String {
    say!("单位、百分制得分、名次", "unit, score, rank")
}
pub fn previous_item_columns() -> String {
    say!("编号、三级指标", "code, item")
}
pub fn previous_bad_number(text: impl Display) -> Message {
    problem!("previous.bad_number", [text], "上年结果中的“{text}”不是数字", "'{text}' in the previous result is not a number")
}
pub fn reading_previous(path: impl Display) -> String {
    say!("读取上年结果 {path} 失败", "could not read the previous result {path}")
}
pub fn bad_out_extension(path: impl Display) -> String {
    say!("--out {path}: 只能写出 .xlsx、.csv 或 .json 文件", "--out {path}: the output must be .xlsx, .csv or .json")
}
pub fn bad_date(date: impl Display) -> Message {
    problem!("option.bad_date", [date], "--date {date}: 日期应写作 2025-01-31", "--date {date}: write the date as 2025-01-31")
}
pub fn written(path: impl Display) -> String {
    say!("已写出 {path}", "wrote {path}")
}
