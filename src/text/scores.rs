//! Sentences of score sheets with one column per unit or per item (宽表), and of 倒扣 (points taken
//! off beyond an item's own points).

use std::fmt::Display;

use super::{Message, pick};

// ---- wide score tables ---------------------------------------------------------------------

pub fn read_by_unit_columns(units: impl Display) -> Message {
    problem!(
        "sheet.wide_by_unit",
        [units],
        "按宽表读取: 每行一项指标,每列一个单位(表头中的单位: {units})",
        "read as a wide table: one row per item, one column per unit (units in the header: {units})"
    )
}
pub fn read_by_item_columns(count: usize, codes: impl Display) -> Message {
    problem!(
        "sheet.wide_by_item",
        [count, codes],
        "按宽表读取: 每行一个单位,每列一项指标(表头中的 {count} 个指标编号: {codes})",
        "read as a wide table: one row per unit, one column per item (the {count} item codes in the header: {codes})"
    )
}
pub fn duplicate_unit_column(unit: impl Display, first: impl Display) -> Message {
    problem!(
        "sheet.duplicate_unit_column",
        [unit, first],
        "单位“{unit}”的列重复(首次出现在 {first}),此列未读取",
        "the column of unit '{unit}' appears twice (first at {first}); this one is not read"
    )
}
pub fn duplicate_item_column(item: impl Display, first: impl Display) -> Message {
    problem!(
        "sheet.duplicate_item_column",
        [item, first],
        "指标“{item}”的列重复(首次出现在 {first}),此列未读取",
        "the column of item '{item}' appears twice (first at {first}); this one is not read"
    )
}
pub fn unit_or_item_column(header: impl Display) -> Message {
    problem!(
        "sheet.unit_or_item_column",
        [header],
        "表头“{header}”是指标编号,却位于按单位分列的表中: 无法确定此表是每列一个单位还是每列一项指标,未读取(请删去编号/三级指标列,或把表头改为单位名称)",
        "header '{header}' is an item code in a table whose columns are units: cannot tell whether each column is a unit or an item; not read (remove the code/item column, or name the units in the header)"
    )
}
pub fn row_without_unit() -> Message {
    problem!("sheet.row_without_unit", [], "这一行有得分,但单位为空", "this row has scores but no unit")
}

// ---- 倒扣 -----------------------------------------------------------------------------------

pub fn penalty_kind() -> String {
    say!("倒扣项", "penalty item")
}
pub fn penalty_header() -> String {
    say!("倒扣", "penalty (倒扣)")
}
pub fn penalty_rule(items: impl Display) -> String {
    say!(
        "倒扣项 {items}: 该项得分以 0 为限,扣分超出分值的部分(倒扣)从实得分中扣除后再换算百分制;百分制得分最低为 0",
        "penalty items (倒扣) {items}: the item scores 0 at least, and what a deduction takes beyond its points comes off the points obtained before the conversion; the score is 0 at least"
    )
}
pub fn penalty_taken(total: impl Display, items: impl Display) -> String {
    say!(
        "倒扣 {total} 分({items}),已从实得分中扣除后换算百分制",
        "{total} points taken off beyond the items' own points (倒扣: {items}), before the conversion"
    )
}
pub fn penalty_of_item(item: impl Display, points: impl Display) -> String {
    say!("“{item}”倒扣 {points} 分", "'{item}' {points}")
}
pub fn declared_penalty(items: impl Display) -> String {
    say!(
        "类型栏声明 倒扣项: {items}(扣分超出分值的部分从实得分中扣除)",
        "the 类型 column declares penalty items (倒扣): {items} (deductions beyond their points come off the points obtained)"
    )
}
pub fn both_bonus_and_penalty(code: impl Display) -> String {
    say!("指标 {code} 既是加分项又是倒扣项", "item {code} is listed both as a bonus item and as a penalty item")
}

/// The 倒扣 column of the result workbook (汇总, 明细, 扣分).
pub const COL_PENALTY: super::Both = ["倒扣", "penalty (倒扣)"];

// ---- score sheets in the published table's words ---------------------------------------------

/// A score sheet's column by its key (see `vocabulary::Key`, and 序号/评分标准 found by name).
pub fn not_a_dispute_mark(text: impl Display) -> Message {
    problem!(
        "cell.not_a_dispute_mark",
        [text],
        "“{text}”不是争议标记(标记争议填“是”“√”“争议”或“申诉”,无争议填“否”或留空)",
        "'{text}' is not a dispute mark (是, √, 争议 or 申诉 marks the score disputed; 否 or a blank does not)"
    )
}
pub fn score_role(key: &str) -> String {
    let (zh, en) = match key {
        "unit" => ("单位", "unit"),
        "code" => ("编号", "code"),
        "item" => ("指标", "item"),
        "score" => ("得分", "score"),
        "deduction" => ("扣分", "deduction"),
        "remark" => ("扣分原因", "remark"),
        "verified" => ("核定得分", "verified score"),
        "verified_remark" => ("核减原因", "verified remark"),
        "source" => ("来源", "source"),
        "department" => ("部门", "department"),
        "number" => ("序号", "number"),
        "numerator" => ("分子", "numerator"),
        "denominator" => ("分母", "denominator"),
        "figure" => ("数值", "figure"),
        "disputed" => ("争议", "disputed"),
        _ => ("评分标准", "standard"),
    };
    pick(zh.into(), en.into())
}
/// Clauses of one sentence: 甲;乙 / a; b.
pub fn clauses(parts: Vec<String>) -> String {
    parts.join(&pick(";".into(), "; ".into()))
}
pub fn missing_score_role(role: impl Display, accepted: impl Display) -> String {
    say!("缺少{role}列(可用的列名: {accepted})", "no {role} column (names accepted: {accepted})")
}
pub fn score_header_not_found(rows: usize, seen: impl Display, found: impl Display, missing: impl Display, unmatched: impl Display) -> Message {
    let seen = if seen.to_string().is_empty() { say!("(空)", "(nothing)") } else { seen.to_string() };
    let found = if found.to_string().is_empty() { say!("无", "none") } else { found.to_string() };
    let unmatched = unmatched.to_string();
    let unmatched = if unmatched.is_empty() {
        String::new()
    } else {
        say!(";指定的列没有找到: {unmatched}", "; columns named but not found: {unmatched}")
    };
    problem!(
        "sheet.no_score_header",
        [rows, seen, found, missing, unmatched],
        "前 {rows} 行中找不到评分表表头: {missing};看到的表头单元格: {seen};已识别的列: {found}{unmatched}。可不改文件而指明各列: 在方案中写 [columns](如 item = \"考核内容\"、score = \"D\",列名或列字母),或在页面的设置中填写“列”",
        "no score table header in the first {rows} rows: {missing}; header cells seen: {seen}; columns recognised: {found}{unmatched}. To name the columns without editing the file: a [columns] table in the scheme (item = \"考核内容\", score = \"D\": a header or a column letter), or the page's 'columns' setting"
    )
}
pub fn unknown_item_near(text: impl Display, nearest: impl Display) -> Message {
    problem!(
        "item.unknown_near",
        [text, nearest],
        "未知的指标“{text}”(指标体系中没有;是否为 {nearest}?)",
        "unknown item '{text}' (not in the indicator system; is it {nearest}?)"
    )
}
pub fn ambiguous_item(text: impl Display, items: impl Display) -> Message {
    problem!(
        "item.ambiguous",
        [text, items],
        "指标“{text}”在指标体系中不止一项: {items};无法确定是哪一项,请用编号或序号区分",
        "item '{text}' matches more than one item of the system: {items}; cannot tell which: name it by its code or number"
    )
}
pub fn code_and_text_differ(code: impl Display, by_code: impl Display, text_at: impl Display, by_text: impl Display) -> Message {
    problem!(
        "item.code_and_text_differ",
        [code, by_code, text_at, by_text],
        "编号“{code}”是 {by_code},而同一行 {text_at} 的指标名称是 {by_text}: 请核对编号或名称",
        "code '{code}' is {by_code}, but the item text at {text_at} on the same row is {by_text}: check the code or the text"
    )
}
/// The same problem at more cells: its code, and its arguments with `more` and `cells` added.
pub fn also_at(message: Message, count: usize, cells: impl Display) -> Message {
    let text = say!("{message}(另有 {count} 处相同: {cells})", "{message} (the same at {count} more: {cells})");
    Message { text, ..message }.with("more", count).with("cells", cells)
}

// ---- 扣分明细 (deduction lists) -----------------------------------------------------------------

pub fn unlisted_full_points(unit: impl Display, count: usize) -> Message {
    problem!(
        "score.unlisted_full_points",
        [unit, count],
        "扣分明细: {unit} 有 {count} 项未列出,按满分计",
        "deduction list (扣分明细): {count} item(s) of {unit} not listed, at full points"
    )
}
pub fn deductions_exceed(total: impl Display, points: impl Display, item: impl Display, cells: impl Display) -> Message {
    problem!(
        "score.deductions_exceed",
        [total, points, item, cells],
        "指标“{item}”的扣分合计 {total} 超过其分值 {points}(各行: {cells})",
        "the deductions of item '{item}' add up to {total}, above its {points} points (rows: {cells})"
    )
}
pub fn deductions_not_marked(units: impl Display) -> Message {
    problem!(
        "score.deductions_not_marked",
        [units],
        "此表只有扣分列、没有得分列,且未列出 {units} 的全部指标: 按 --missing zero,未列出的指标会被计为 0 分,已拒绝。若这是扣分明细(未列出的指标不扣分),请在表名或标题中写明“扣分明细”,或在方案中设 deductions_only = true,或加 --deductions-only",
        "this sheet has a deduction column and no score column, and does not list every item of {units}: --missing zero would count each item not listed as 0; refused. If it is a deduction list (扣分明细: an item not listed lost nothing), say 扣分明细 in its sheet name or title, or set deductions_only = true in the scheme, or pass --deductions-only"
    )
}
pub fn bad_columns(part: impl Display, keys: impl Display) -> Message {
    problem!(
        "option.bad_columns",
        [part, keys],
        "指明的列中“{part}”无法理解: 应写作 键=列名或列字母,如 item=考核内容,score=D(可用的键: {keys})",
        "columns named: cannot read '{part}': write key=header or key=letter, e.g. item=考核内容,score=D (keys: {keys})"
    )
}
