//! The score-sheet reader on arbitrary bytes, against a small fixed tree.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use rust_decimal::Decimal;
use zhibiao::grid::{self, Cell, Sheet, Which};
use zhibiao::location::Location;
use zhibiao::scores::{self, FileContext};
use zhibiao::tree::IndicatorTree;

mod common;

static TREE: LazyLock<IndicatorTree> = LazyLock::new(|| {
    let rows = [["一级指标", "二级指标", "三级指标", "编号", "分值"], ["一", "甲", "审批事项公开", "1.1.1", "10"], ["", "", "双随机", "1.1.2", "5"]];
    let rows = rows.iter().map(|r| r.iter().map(|t| if t.is_empty() { Cell::Empty } else { Cell::Text(t.to_string()) }).collect()).collect();
    IndicatorTree::from_sheet(&Sheet::new("tree".into(), None, (0, 0), rows), Decimal::TEN).unwrap()
});

fuzz_target!(|data: &[u8]| {
    let Some((format, bytes)) = common::split(data) else { return };
    if let Ok(book) = grid::read_bytes(bytes, format, "fuzz".into(), Which::Visible) {
        let _ = scores::read_workbook(&book, Location::file("fuzz"), &TREE, &FileContext::default());
    }
});
