//! Sentences of the department workflow: templates, their read-back, `status`, department ranking.

use std::fmt::Display;

use super::{Lang, Message, lang, list, pick};

// ---- templates ---------------------------------------------------------------------------

pub fn template_title() -> String {
    say!("法治政府建设指标自评表", "Rule-of-law government self-assessment")
}
pub fn template_sheet() -> String {
    say!("评分表", "scores")
}
pub fn guide_sheet() -> String {
    say!("填报说明", "instructions")
}
pub fn unit_header() -> String {
    say!("单位", "unit")
}
pub fn not_applicable() -> String {
    say!("不涉及", "N/A")
}

/// Columns of the 评分表; the last three are filled in.
pub fn template_headers() -> [String; 9] {
    match lang() {
        Lang::Zh => ["编号", "一级指标", "二级指标", "三级指标", "分值", "评分标准", "自评得分", "扣分原因", "佐证材料"].map(String::from),
        Lang::En => ["code", "level 1", "level 2", "item", "points", "standard", "score", "reason", "evidence"].map(String::from),
    }
}

pub fn template_heading(department: Option<&str>, unit: Option<&str>) -> String {
    let title = template_title();
    match (department, unit) {
        (Some(d), Some(u)) => {
            say!("{title}(填报单位: {d};被评估单位: {u})", "{title} (filled in by {d}; evaluated unit {u})")
        }
        (Some(d), None) => say!("{title}(填报单位: {d})", "{title} (filled in by {d})"),
        (None, Some(u)) => say!("{title}(被评估单位: {u})", "{title} (evaluated unit {u})"),
        (None, None) => title,
    }
}

pub fn score_input_title() -> String {
    say!("自评得分", "Score")
}
pub fn score_input_message(points: impl Display) -> String {
    say!(
        "填 0 至 {points} 的数字(可有小数),或选“不涉及”。不要留空。",
        "A number from 0 to {points} (decimals allowed), or N/A. Do not leave it blank."
    )
}
pub fn score_error_title() -> String {
    say!("请核对得分", "Check the score")
}
pub fn score_error_message(points: impl Display) -> String {
    say!(
        "不在下拉列表中。得分应为 0 至 {points} 的数字或“不涉及”;小数(如 8.5)可以保留。",
        "Not in the list. A score is a number from 0 to {points} or N/A; a decimal such as 8.5 may be kept."
    )
}

/// The numbered lines of the 填报说明 sheet. None may start with a column name of the score table.
pub fn guide_lines(department: Option<&str>, units: &[String], fingerprint: &str) -> Vec<String> {
    let sheet = template_sheet();
    let who = match (department, units) {
        (Some(d), []) => say!(
            "1. 本表由 {d} 填写。表中未注明被评估单位: 报回后计分时须指定单位(--unit)。",
            "1. To be filled in by {d}. The form names no evaluated unit: the office names it when scoring (--unit)."
        ),
        (Some(d), u) => {
            let u = list(u);
            say!("1. 本表由 {d} 填写,被评估单位: {u}(每个单位一张{sheet})。", "1. To be filled in by {d} for {u} (one {sheet} sheet per unit).")
        }
        (None, u) => {
            let u = list(u);
            say!("1. 本表为 {u} 的评分表,由其对全部指标自评。", "1. Self-assessment of {u} on every item.")
        }
    };
    vec![
        who,
        say!(
            "2. 只填写黄色的三列: 自评得分、扣分原因、佐证材料。其余内容已锁定(无密码),请不要改动编号和指标文字;可以调整列宽和行高。",
            "2. Fill in the three yellow columns only: score, reason and evidence. The rest is locked (no password); do not change codes or item texts. Column widths and row heights may be changed."
        ),
        say!(
            "3. 得分填 0 至该项分值之间的数字,可以有小数(如 8.5),也可以用公式;不适用于本单位的指标从下拉框选“不涉及”。超出范围的得分显示为红色。",
            "3. A score is a number from 0 to the item's points; decimals (8.5) and formulas are fine. Choose N/A from the dropdown for an item that does not apply. A score out of range turns red."
        ),
        say!(
            "4. 每一项都要填写。空白不会按 0 分计算,而是作为“未填报”退回。",
            "4. Fill in every item. A blank is never counted as 0: it is sent back as not returned."
        ),
        say!(
            "5. 有扣分的,在“扣分原因”中写明原因;“佐证材料”写文件名称、文号或链接。",
            "5. Where points are lost, say why in the reason column; name documents, reference numbers or links as evidence."
        ),
        say!(
            "6. 请不要删除、改名或隐藏工作表;可以另存为 xlsx、xls 或 ods(Excel、WPS、LibreOffice 均可),按时报回。",
            "6. Do not delete, rename or hide sheets. Save as xlsx, xls or ods (Excel, WPS or LibreOffice) and send it back on time."
        ),
        say!("7. 本表所依据的指标体系指纹: {fingerprint}。", "7. Fingerprint of the indicator system this form was made from: {fingerprint}."),
    ]
}

pub fn template_needs_units() -> String {
    say!("按单位生成评分表需要 --units 或 --units-file", "templates by unit need --units or --units-file")
}
pub fn template_no_departments() -> String {
    say!("指标体系中没有责任单位,无法按部门生成评分表(可改用 --by unit)", "the indicator system names no departments; use --by unit")
}
pub fn template_write_failed(why: impl Display) -> String {
    say!("生成评分表失败: {why}", "could not build the template: {why}")
}
pub fn templates_written(count: usize, dir: impl Display) -> String {
    say!("已在 {dir} 生成 {count} 个评分表:", "{count} template(s) written to {dir}:")
}
pub fn template_line(file: impl Display, items: usize, units: usize) -> String {
    say!("  {file}: {items} 项指标 × {units} 个单位", "  {file}: {items} item(s) × {units} unit(s)")
}
pub fn unassigned_items(count: usize, codes: impl Display) -> Message {
    problem!(
        "template.unassigned_items",
        [count, codes],
        "{count} 项指标没有责任单位,不在任何部门的评分表中: {codes}",
        "{count} item(s) name no department and are in no department's form: {codes}"
    )
}
pub fn template_exists(path: impl Display) -> Message {
    problem!(
        "template.exists",
        [path],
        "{path} 已存在且与新评分表不同(可能已被填写),未覆盖;确需覆盖请加 --force",
        "{path} exists and differs from the new form (it may have been filled in); not overwritten: use --force to replace it"
    )
}
pub fn empty_units() -> String {
    say!("--units / --units-file 中没有任何单位名称", "--units / --units-file name no unit")
}
pub fn reading_units(path: impl Display) -> String {
    say!("读取单位名单 {path} 失败", "could not read the list of units {path}")
}
pub fn templates_without_units() -> String {
    say!(
        "评分表未注明被评估单位(未给出 --units): 报回后计分或查看报送情况时须用 --unit 指定单位",
        "the forms name no evaluated unit (no --units): name it with --unit when scoring or checking them"
    )
}
pub fn cannot_read_folder(path: impl Display, why: impl Display) -> String {
    say!("无法读取文件夹 {path}: {why}", "cannot read the folder {path}: {why}")
}
pub fn creating_dir(path: impl Display) -> String {
    say!("无法创建文件夹 {path}", "cannot create the folder {path}")
}

// ---- reading templates back --------------------------------------------------------------

/// How several departments' scores for one item are combined (`mean`, `lead`, `min`), for the rules
/// printed with results.
pub fn combine_rule(combine: &str) -> String {
    match combine {
        "lead" => say!(
            "同一指标有多个部门评分时取牵头单位的评分(--combine lead)",
            "several departments' scores for one item: the lead department's score (--combine lead)"
        ),
        "min" => say!("同一指标有多个部门评分时取最低分(--combine min)", "several departments' scores for one item: the lowest (--combine min)"),
        _ => say!(
            "同一指标有多个部门评分时按部门权重加权平均(未设权重的部门计 1;默认规则,可用 --combine lead 或 min 改变);标为不涉及的部门不参与",
            "several departments' scores for one item: mean weighted by department weight (1 when unset; the default, see --combine lead or min); departments marking it N/A are left out"
        ),
    }
}

// ---- status ------------------------------------------------------------------------------

pub fn status_headers() -> [String; 8] {
    match lang() {
        Lang::Zh => ["部门", "单位", "应填", "已评分", "不涉及", "空白", "缺项", "待补指标"].map(String::from),
        Lang::En => ["department", "unit", "expected", "scored", "n/a", "blank", "missing", "to chase"].map(String::from),
    }
}
pub fn no_department() -> String {
    say!("(未注明部门)", "(no department)")
}
pub fn unit_unknown() -> String {
    say!("(未注明单位)", "(no unit)")
}
pub fn blank_codes(codes: impl Display) -> String {
    say!("空白: {codes}", "blank: {codes}")
}
pub fn missing_codes(codes: impl Display) -> String {
    say!("缺: {codes}", "missing: {codes}")
}
pub fn codes_and_more(codes: impl Display, total: usize) -> String {
    say!("{codes} 等 {total} 项", "{codes} … ({total} in all)")
}
pub fn status_complete() -> String {
    say!("全部评分表已报回,没有空白或缺项。", "every form is back; nothing is blank or missing.")
}
pub fn status_incomplete(rows: usize) -> String {
    say!("{rows} 份评分不完整(见上表“待补指标”),需要催报。", "{rows} return(s) incomplete (see 'to chase' above): chase them.")
}
pub fn silent_departments(count: usize, names: impl Display) -> String {
    say!("未报送任何评分的部门({count} 个): {names}", "departments that sent nothing ({count}): {names}")
}
pub fn silent_units(count: usize, names: impl Display) -> String {
    say!("未报送任何评分的单位({count} 个): {names}", "units that sent nothing ({count}): {names}")
}
pub fn status_problems(count: usize) -> String {
    say!("读取时发现 {count} 个问题(需退回更正):", "{count} problem(s) found while reading (send back for correction):")
}

// ---- department ranking ------------------------------------------------------------------

pub fn department_heading() -> String {
    say!(
        "部门得分率排名(得分率 = 部门负责指标的实得分 ÷ 适用满分 × 100,只计适用指标;同一单位内排名)",
        "department ranking (rate = points obtained ÷ applicable points × 100 over the department's items; ranked within each unit)"
    )
}
pub fn department_headers() -> [String; 7] {
    match lang() {
        Lang::Zh => ["名次", "单位", "部门", "适用指标", "实得分", "适用满分", "得分率"].map(String::from),
        Lang::En => ["rank", "unit", "department", "items", "obtained", "maximum", "rate"].map(String::from),
    }
}
