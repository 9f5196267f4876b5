//! A result workbook written by zhibiao, read back: last year's (上年结果) for the year-over-year
//! columns, and what changed between the two years (units that appear or disappear, items added,
//! removed or re-worded); or either side of `zhibiao diff`, which also needs every item score.

use std::borrow::Cow;
use std::path::Path;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use crate::grid::{self, Cell, Format, Sheet, Which};
use crate::header::{self, Column};
use crate::location::InputFile;
use crate::number;
use crate::problem::{Problem, Problems};
use crate::quant::Figures;
use crate::text::{self, Both};
use crate::tree::IndicatorTree;

pub struct PreviousUnit {
    pub unit: String,
    pub score: Decimal,
    pub rank: u32,
    /// 实得分, 适用满分 and 达标, when the summary has them (it always did).
    pub raw: Option<Decimal>,
    pub max: Option<Decimal>,
    pub eligible: Option<bool>,
}

/// One unit's score of one item, as the detail sheet (明细) shows it.
pub struct PreviousScore {
    pub unit: String,
    pub code: String,
    /// `None` for 不涉及.
    pub value: Option<Decimal>,
    pub remark: Option<String>,
    /// The cells the score came from, as written (one a line).
    pub source: String,
    /// A 定量指标's figures (分子/分母, else 数值), for this year's rules against last year's figure.
    pub figures: Option<Figures>,
}

/// What the year-over-year comparison needs from last year's workbook.
pub struct Previous {
    /// The workbook, with the digest of the bytes read (the notes name it).
    pub input: InputFile,
    pub units: Vec<PreviousUnit>,
    /// Items as (code, text), in last year's order.
    pub items: Vec<(String, String)>,
    /// Every unit's item scores, in the detail sheet's order.
    pub scores: Vec<PreviousScore>,
}

impl Previous {
    pub fn unit(&self, name: &str) -> Option<&PreviousUnit> {
        self.units.iter().find(|u| u.unit == name)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum PreviousError {
    #[error(transparent)]
    Read(#[from] grid::ReadError),
    #[error(transparent)]
    Invalid(#[from] Problems),
}

const SUMMARY_COLUMNS: [Column; 6] = [
    Column { aliases: &text::COL_UNIT, required: true },
    Column { aliases: &text::COL_SCORE, required: true },
    Column { aliases: &text::COL_RANK, required: true },
    Column { aliases: &text::COL_OBTAINED, required: false },
    Column { aliases: &text::COL_MAXIMUM, required: false },
    Column { aliases: &text::COL_ELIGIBLE, required: false },
];
const ITEM_COLUMNS: [Column; 9] = [
    Column { aliases: &text::COL_CODE, required: true },
    Column { aliases: &text::COL_ITEM, required: true },
    Column { aliases: &text::COL_UNIT, required: false },
    Column { aliases: &text::COL_ITEM_SCORE, required: false },
    Column { aliases: &text::COL_REASON, required: false },
    Column { aliases: &text::COL_SOURCE, required: false },
    Column { aliases: &text::COL_NUMERATOR, required: false },
    Column { aliases: &text::COL_DENOMINATOR, required: false },
    Column { aliases: &text::COL_FIGURE, required: false },
];

/// Reads the 汇总 and 明细 sheets of a result workbook written in either language.
/// `name` names the file in messages and notes.
pub fn read_bytes(bytes: &[u8], format: Format, name: &str) -> Result<Previous, PreviousError> {
    let input = InputFile::of(Path::new(name), bytes);
    let book = grid::read_bytes(bytes, format, name.into(), Which::Visible)?;
    of_book(&book, name, input)
}

/// Whether a workbook is a result workbook: it has both a 汇总 and a 明细 sheet, in either language.
pub fn is_result(book: &grid::Workbook) -> bool {
    [text::SHEET_SUMMARY, text::SHEET_DETAIL].iter().all(|names| book.sheets.iter().any(|s| s.name.as_deref().is_some_and(|n| names.contains(&n))))
}

/// A result workbook already read, named `name`, whose bytes `input` hashed.
pub fn of_book(book: &grid::Workbook, name: &str, input: InputFile) -> Result<Previous, PreviousError> {
    let sheet = |names: Both| {
        book.sheets.iter().find(|s| s.name.as_deref().is_some_and(|n| names.contains(&n))).ok_or_else(|| {
            let place = crate::location::Location::file(name);
            Problems(vec![Problem::error(place, text::previous_sheet_missing(name, text::one(names)))])
        })
    };
    let summary = sheet(text::SHEET_SUMMARY)?;
    let detail = sheet(text::SHEET_DETAIL)?;
    let mut problems = Vec::new();
    let units = read_units(summary, &mut problems);
    let (items, scores) = read_items(detail, &mut problems);
    if problems.is_empty() { Ok(Previous { input, units, items, scores }) } else { Err(Problems(problems).into()) }
}

fn table(sheet: &Sheet, columns: &[Column], expected: String, problems: &mut Vec<Problem>) -> Option<header::Header> {
    let found = header::find(sheet, columns);
    if found.is_none() {
        problems.push(Problem::error(sheet.whole(), text::header_not_found(header::SCAN_ROWS, expected)));
    }
    found
}

fn read_units(sheet: &Sheet, problems: &mut Vec<Problem>) -> Vec<PreviousUnit> {
    let Some(header) = table(sheet, &SUMMARY_COLUMNS, text::previous_columns(), problems) else { return Vec::new() };
    let col = |i| header.get(i).expect("required column");
    let mut units = Vec::new();
    for row in header.row + 1..sheet.height() {
        let Some(unit) = sheet.text(row, col(0)).map(Cow::into_owned) else { continue };
        let score = number(sheet, row, col(1), problems);
        let rank = number(sheet, row, col(2), problems).and_then(|r| {
            let whole = r.fract().is_zero().then(|| r.to_u32()).flatten();
            if whole.is_none() {
                problems.push(Problem::error(sheet.location(row, col(2)), text::previous_bad_number(r)));
            }
            whole
        });
        let optional = |i| header.get(i).filter(|&c| !sheet.cell(row, c).is_blank());
        let raw = optional(3).and_then(|c| number(sheet, row, c, problems));
        let max = optional(4).and_then(|c| number(sheet, row, c, problems));
        let eligible = optional(5).and_then(|c| sheet.text(row, c)).map(|t| ["是", "yes"].contains(&t.as_ref()));
        if let (Some(score), Some(rank)) = (score, rank) {
            units.push(PreviousUnit { unit, score, rank, raw, max, eligible });
        }
    }
    units
}

fn number(sheet: &Sheet, row: usize, col: usize, problems: &mut Vec<Problem>) -> Option<Decimal> {
    let cell = sheet.cell(row, col);
    let parsed = match cell {
        Cell::Number(n) => Some(*n),
        _ => cell.text().and_then(|t| number::parse_text(&t).ok()),
    };
    if parsed.is_none() {
        problems.push(Problem::error(sheet.location(row, col), text::previous_bad_number(cell.text().unwrap_or_default())));
    }
    parsed
}

/// The items (code, text) once each, and every unit's score of each when the sheet has them.
fn read_items(sheet: &Sheet, problems: &mut Vec<Problem>) -> (Vec<(String, String)>, Vec<PreviousScore>) {
    let Some(header) = table(sheet, &ITEM_COLUMNS, text::previous_item_columns(), problems) else { return Default::default() };
    let mut items: Vec<(String, String)> = Vec::new();
    let mut scores = Vec::new();
    for row in header.row + 1..sheet.height() {
        let cell = |i| header.get(i).and_then(|c| sheet.text(row, c)).map(Cow::into_owned);
        let (Some(code), Some(item)) = (cell(0), cell(1)) else { continue };
        if let (Some(unit), Some(col)) = (cell(2), header.get(3)) {
            let value = match sheet.cell(row, col) {
                Cell::Text(t) if crate::scores::is_not_applicable(&number::fold_width(t)) => Some(None),
                _ => number(sheet, row, col, problems).map(Some),
            };
            if let Some(value) = value {
                let figures = figures(sheet, row, &header, problems);
                scores.push(PreviousScore { unit, code: code.clone(), value, remark: cell(4), source: cell(5).unwrap_or_default(), figures });
            }
        }
        if !items.iter().any(|(c, _)| *c == code) {
            items.push((code, item));
        }
    }
    (items, scores)
}

/// A row's figures: 分子 and 分母 (the rate recomputed from them is exact), else 数值 (a rate or a
/// count given directly); `None` where the row has none.
fn figures(sheet: &Sheet, row: usize, header: &header::Header, problems: &mut Vec<Problem>) -> Option<Figures> {
    let mut filled = |i| header.get(i).filter(|&c| !sheet.cell(row, c).is_blank()).map(|c| number(sheet, row, c, problems));
    match (filled(6), filled(7), filled(8)) {
        (Some(n), Some(d), _) => Some(Figures::Ratio { numerator: n?, denominator: d? }),
        (None, None, Some(v)) => Some(Figures::Value(v?)),
        _ => None,
    }
}

/// What differs between last year and this year.
#[derive(Debug, Default, PartialEq)]
pub struct Changes {
    pub units_added: Vec<String>,
    pub units_removed: Vec<String>,
    /// (code, text)
    pub items_added: Vec<(String, String)>,
    pub items_removed: Vec<(String, String)>,
    /// (code, this year's text, last year's text)
    pub items_reworded: Vec<(String, String, String)>,
}

/// Compares units by name and items by code; an item whose code stays but whose text changes
/// (spaces and full-width forms aside) is re-worded.
pub fn compare(previous: &Previous, tree: &IndicatorTree, units: &[String]) -> Changes {
    let mut changes = Changes {
        units_added: units.iter().filter(|u| previous.unit(u).is_none()).cloned().collect(),
        units_removed: previous.units.iter().filter(|p| !units.contains(&p.unit)).map(|p| p.unit.clone()).collect(),
        ..Changes::default()
    };
    for item in &tree.items {
        match previous.items.iter().find(|(code, _)| *code == item.code) {
            None => changes.items_added.push((item.code.clone(), item.name.clone())),
            Some((_, before)) if number::fold_width(before) != number::fold_width(&item.name) => {
                changes.items_reworded.push((item.code.clone(), item.name.clone(), before.clone()))
            }
            Some(_) => {}
        }
    }
    changes.items_removed = previous.items.iter().filter(|(code, _)| !tree.items.iter().any(|i| i.code == *code)).cloned().collect();
    changes
}
