//! The indicator-tree reader on arbitrary bytes: it may refuse them, never panic, hang or blow up.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rust_decimal::Decimal;
use zhibiao::grid::{self, Which};
use zhibiao::read::tree::prose;
use zhibiao::tree::IndicatorTree;

mod common;

fuzz_target!(|data: &[u8]| {
    let Some((format, bytes)) = common::split(data) else { return };
    if let Ok(book) = grid::read_bytes(bytes, format, "fuzz".into(), Which::First) {
        for sheet in &book.sheets {
            let _ = if prose::applies(sheet) { prose::read(sheet, Decimal::TEN) } else { IndicatorTree::from_sheet(sheet, Decimal::TEN) };
        }
    }
});
