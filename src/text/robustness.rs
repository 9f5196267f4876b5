//! Sentences about files that cannot be read safely: locked, too large, or broken.

use std::fmt::Display;

use super::{Message, pick};

pub fn protected_workbook(path: impl Display) -> Message {
    problem!(
        "file.protected",
        [path],
        "{path}: 工作簿设有打开密码(已加密),无法读取。请在 Excel/WPS 中打开后取消密码(文件 → 信息 → 保护工作簿 → 用密码进行加密,清空密码)再另存",
        "{path}: the workbook is protected by a password (encrypted) and cannot be read. Open it in Excel or WPS, remove the password (File → Info → Protect Workbook → Encrypt with Password, clear it) and save it again"
    )
}
pub fn file_too_large(path: impl Display, megabytes: u64) -> Message {
    problem!(
        "file.too_large",
        [path, megabytes],
        "{path}: 文件超过 {megabytes} MB,不像指标体系或评分表,已拒绝读取",
        "{path}: the file is over {megabytes} MB, too large for an indicator system or score sheet; not read"
    )
}
pub fn sheet_too_large(place: impl Display, rows: u64, columns: u64) -> Message {
    problem!(
        "file.sheet_too_large",
        [place, rows, columns],
        "{place}: 工作表的使用范围过大(上限 {rows} 行、{columns} 列),不像指标体系或评分表,已拒绝读取;如确有数据,请删除多余的行列后另存",
        "{place}: the sheet's used range is too large (at most {rows} rows and {columns} columns), unlike an indicator system or score sheet; not read. If it really holds data, delete the extra rows and columns and save it again"
    )
}
pub fn csv_too_large(place: impl Display, columns: u64, cells: u64) -> Message {
    problem!(
        "file.csv_too_large",
        [place, columns, cells],
        "{place}: csv 文件超出读取上限({columns} 列,须同时保留的单元格 {cells} 个),已拒绝读取;长表评分表逐行读取,行数不限",
        "{place}: the csv file is beyond what is read (at most {columns} columns, and {cells} cells held at once); not read. A long score sheet is read row by row, whatever its number of rows"
    )
}
pub fn too_many_digits(number: impl Display) -> Message {
    problem!(
        "number.too_many_digits",
        [number],
        "“{number}”有效数字超过 28 位,无法精确计算",
        "'{number}' has more than 28 significant digits, which cannot be computed exactly"
    )
}
pub fn too_many_decimals(number: impl Display) -> Message {
    problem!(
        "number.too_many_decimals",
        [number],
        "“{number}”小数超过 28 位,无法精确计算",
        "'{number}' has more than 28 decimal places, which cannot be computed exactly"
    )
}
pub fn reader_failed(path: impl Display, why: impl Display) -> Message {
    problem!(
        "file.reader_failed",
        [path, why],
        "{path}: 文件已损坏或格式异常,无法读取(读取组件出错: {why})。请在 Excel/WPS 中打开后另存为 xlsx 再试",
        "{path}: the file is damaged or malformed and cannot be read (the reader failed: {why}). Open it in Excel or WPS, save it as xlsx and try again"
    )
}
pub fn not_text() -> String {
    say!("既不是 UTF-8 也不是 GBK 编码的文本", "not UTF-8 or GBK text")
}
/// A returned template whose fingerprint is not the tree's: scores may sit under other items.
pub fn template_from_other_tree(found: impl Display, expected: impl Display) -> Message {
    problem!(
        "template.other_tree",
        [found, expected],
        "这份评分表由另一版指标体系生成(表内指纹 {found},当前指标体系指纹 {expected}): 请核对 --tree 是否选对,或用当前指标体系重新生成模板",
        "this sheet was made from another version of the indicator system (its fingerprint {found}, the system's {expected}): check --tree, or make the templates again from this system"
    )
}
pub fn bad_shared_strings(count: impl Display) -> String {
    say!("共享字符串表声称有 {count} 项,超出其内容所能容纳", "the shared strings claim {count} entries, more than their part can hold")
}
