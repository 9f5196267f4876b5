//! Writers: they render an outcome and compute nothing of the domain — the terminal table, json and
//! csv (`report`), the annual result workbook (`result_book`), the scoring templates (`template`),
//! with names made safe for Excel and every file system (`names`).

pub mod diff;
pub mod names;
pub mod report;
pub mod result_book;
pub mod template;
