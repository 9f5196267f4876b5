//! Writers: they render an outcome and compute nothing of the domain — the terminal table, json and
//! csv (`report`), the annual result workbook (`result_book`), the scoring templates (`template`),
//! the comparison of two submissions (`diff`) and the status report (`status`), with names made safe for
//! Excel and every file system (`names`).

pub mod diff;
pub mod export;
pub mod names;
pub mod report;
pub mod result_book;
pub mod stability;
pub mod status;
pub mod template;
