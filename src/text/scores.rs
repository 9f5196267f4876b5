//! Sentences of score sheets with one column per unit or per item (宽表), and of 倒扣 (points taken
//! off beyond an item's own points).

use std::fmt::Display;

use super::pick;

// ---- wide score tables ---------------------------------------------------------------------

pub fn read_by_unit_columns(units: impl Display) -> String {
    say!(
        "按宽表读取: 每行一项指标,每列一个单位(表头中的单位: {units})",
        "read as a wide table: one row per item, one column per unit (units in the header: {units})"
    )
}
pub fn read_by_item_columns(count: usize, codes: impl Display) -> String {
    say!(
        "按宽表读取: 每行一个单位,每列一项指标(表头中的 {count} 个指标编号: {codes})",
        "read as a wide table: one row per unit, one column per item (the {count} item codes in the header: {codes})"
    )
}
pub fn duplicate_unit_column(unit: impl Display, first: impl Display) -> String {
    say!(
        "单位“{unit}”的列重复(首次出现在 {first}),此列未读取",
        "the column of unit '{unit}' appears twice (first at {first}); this one is not read"
    )
}
pub fn duplicate_item_column(code: impl Display, first: impl Display) -> String {
    say!(
        "指标 {code} 的列重复(首次出现在 {first}),此列未读取",
        "the column of item {code} appears twice (first at {first}); this one is not read"
    )
}
pub fn unit_or_item_column(header: impl Display) -> String {
    say!(
        "表头“{header}”是指标编号,却位于按单位分列的表中: 无法确定此表是每列一个单位还是每列一项指标,未读取(请删去编号/三级指标列,或把表头改为单位名称)",
        "header '{header}' is an item code in a table whose columns are units: cannot tell whether each column is a unit or an item; not read (remove the code/item column, or name the units in the header)"
    )
}
pub fn row_without_unit() -> String {
    say!("这一行有得分,但单位为空", "this row has scores but no unit")
}

// ---- 倒扣 -----------------------------------------------------------------------------------

pub fn penalty_kind() -> String { say!("倒扣项", "penalty item") }
pub fn penalty_header() -> String { say!("倒扣", "penalty (倒扣)") }
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
pub fn penalty_of_item(code: impl Display, points: impl Display) -> String {
    say!("{code} 倒扣 {points} 分", "{code} {points}")
}
pub fn declared_penalty(items: impl Display) -> String {
    say!(
        "类型栏声明 倒扣项: {items}(扣分超出分值的部分从实得分中扣除)",
        "the 类型 column declares penalty items (倒扣): {items} (deductions beyond their points come off the points obtained)"
    )
}
pub fn both_bonus_and_penalty(code: impl Display) -> String {
    say!(
        "指标 {code} 既是加分项又是倒扣项",
        "item {code} is listed both as a bonus item and as a penalty item"
    )
}

/// The 倒扣 column of the result workbook (汇总, 明细, 扣分).
pub const COL_PENALTY: super::Both = ["倒扣", "penalty (倒扣)"];
