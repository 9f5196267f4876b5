//! Sentences of the office's page (web/) that the library renders.

use super::{Message, pick};

pub fn web_one_tree() -> Message {
    problem!("page.one_tree", [], "请选择一个指标体系文件(xlsx、xls、ods 或 csv)", "choose one indicator system file (xlsx, xls, ods or csv)")
}
/// The downloads' file names, without extension.
pub fn web_result_name() -> String {
    say!("年度结果", "result")
}
pub fn web_templates_name() -> String {
    say!("评分模板", "templates")
}
