//! Documents: Word files and text files read as tables or as numbered prose (编号的正文).

use super::*;

/// A paragraph of a .docx, as a location names it: "段落12".
pub fn paragraph_place(n: u32) -> String {
    say!("段落{n}", "paragraph {n}")
}
/// A line of a .txt file, as a location names it: "第5行".
pub fn line_place(n: u32) -> String {
    say!("第{n}行", "line {n}")
}
/// The n-th table of a .docx, as its sheet is named: "表1".
pub fn word_table(n: u32) -> String {
    say!("表{n}", "table {n}")
}
/// What `--sheet` names a .docx's body paragraphs by, beside its tables.
pub fn word_body() -> String {
    say!("正文", "body")
}
pub fn old_word_document(file: impl Display) -> Message {
    problem!(
        "file.old_word",
        [file],
        "{file} 是旧版 Word 文档(.doc),无法读取: 请在 Word 或 WPS 中打开,另存为 .docx 后再试",
        "{file} is an old binary Word document (.doc), which cannot be read: open it in Word or WPS, save it as .docx and try again"
    )
}
pub fn not_a_word_document() -> String {
    say!("不是 Word 文档(.docx)", "not a Word document (.docx)")
}
pub fn word_auto_numbering(at: impl Display) -> String {
    say!(
        "{at} 使用 Word 自动编号,编号不在文字中,无法按编号分层: 请在 Word 或 WPS 中另存为纯文本(.txt,编号随之写成文字)后再读",
        "{at} is numbered by Word's automatic numbering, which is not in the text, so the tiers cannot be told from it: save the document as plain text (.txt, which writes the numbers out) in Word or WPS and read that"
    )
}

// ---- numbered prose as a tree -------------------------------------------------------------

pub fn prose_numbering_skips(prefix: impl Display, before: Option<impl Display>) -> Message {
    match before {
        Some(before) => problem!(
            "tree.prose_numbering_skips",
            [prefix, before],
            "编号“{prefix}”接在“{before}”之后,不连续: 中间缺了一条,或编号有误",
            "numbering '{prefix}' after '{before}' does not follow on: a paragraph is missing, or misnumbered"
        ),
        None => problem!("tree.prose_numbering_not_at_1", [prefix], "编号“{prefix}”没有从 1 开始", "numbering '{prefix}' does not start at 1"),
    }
}
pub fn prose_not_numbered(at: impl Display) -> Message {
    problem!(
        "tree.prose_not_numbered",
        [at],
        "{at}: 没有找到编号的指标(一、 (一) 1. (1) ①),无法按编号读成指标体系",
        "{at}: no numbered paragraphs (一、 (一) 1. (1) ①) to read an indicator system from"
    )
}
pub fn reading_prose(numbering: impl Display) -> String {
    say!("按编号分层读取正文: {numbering}", "read as numbered text, tiers by numbering: {numbering}")
}
pub fn reading_left_out(count: usize) -> String {
    say!("未读作指标的文字 {count} 行(标题、前言、说明、结尾):", "{count} line(s) not read as indicators (title, preamble, introductions, closing):")
}
pub fn reading_left_out_line(at: impl Display, text: impl Display) -> String {
    say!("  {at}: {text}", "  {at}: {text}")
}
pub fn prose_missing_level(prefix: impl Display, level: impl Display, numbering: impl Display) -> Message {
    problem!(
        "tree.prose_missing_level",
        [prefix, level, numbering],
        "“{prefix}”上方没有{level}(编号如“{numbering}”),而本文其他部分有这一级: 各部分的层级须一致,请补上{level}",
        "'{prefix}' has no {level} above it (numbered like '{numbering}') where other parts of the text have one: every part needs the same tiers"
    )
}
