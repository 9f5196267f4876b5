//! Last year's result workbook (上年结果), read back for the year-over-year columns, and what changed
//! between the two years: units that appear or disappear, items added, removed or re-worded.

use std::borrow::Cow;
use std::path::Path;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use crate::grid::{self, Cell, Format, Sheet, Which};
use crate::header::{self, Column};
use crate::inputs::InputFile;
use crate::number;
use crate::problem::{Problem, Problems};
use crate::text::{self, Both};
use crate::tree::IndicatorTree;

pub struct PreviousUnit {
    pub unit: String,
    pub score: Decimal,
    pub rank: u32,
}

/// What the year-over-year comparison needs from last year's workbook.
pub struct Previous {
    /// The workbook, with the digest of the bytes read (the notes name it).
    pub input: InputFile,
    pub units: Vec<PreviousUnit>,
    /// Items as (code, text), in last year's order.
    pub items: Vec<(String, String)>,
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

const SUMMARY_COLUMNS: [Column; 3] = [
    Column { aliases: &text::COL_UNIT, required: true },
    Column { aliases: &text::COL_SCORE, required: true },
    Column { aliases: &text::COL_RANK, required: true },
];
const ITEM_COLUMNS: [Column; 2] =
    [Column { aliases: &text::COL_CODE, required: true }, Column { aliases: &text::COL_ITEM, required: true }];

/// Reads the 汇总 and 明细 sheets of a result workbook written in either language.
/// `name` names the file in messages and notes.
pub fn read_bytes(bytes: &[u8], format: Format, name: &str) -> Result<Previous, PreviousError> {
    let input = InputFile::of(Path::new(name), bytes);
    let book = grid::read_bytes(bytes, format, name.into(), Which::Visible)?;
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
    let items = read_items(detail, &mut problems);
    if problems.is_empty() { Ok(Previous { input, units, items }) } else { Err(Problems(problems).into()) }
}

fn table(sheet: &Sheet, columns: &[Column], expected: String, problems: &mut Vec<Problem>) -> Option<header::Header> {
    let found = header::find(sheet, columns);
    if found.is_none() {
        problems.push(Problem::error(sheet.whole(), text::header_not_found(expected)));
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
        if let (Some(score), Some(rank)) = (score, rank) {
            units.push(PreviousUnit { unit, score, rank });
        }
    }
    units
}

fn number(sheet: &Sheet, row: usize, col: usize, problems: &mut Vec<Problem>) -> Option<Decimal> {
    let cell = sheet.cell(row, col);
    let parsed = match cell {
        Cell::Number(n) => Some(*n),
        _ => cell.text().and_then(|t| number::parse_text(&t)),
    };
    if parsed.is_none() {
        problems.push(Problem::error(sheet.location(row, col), text::previous_bad_number(cell.text().unwrap_or_default())));
    }
    parsed
}

fn read_items(sheet: &Sheet, problems: &mut Vec<Problem>) -> Vec<(String, String)> {
    let Some(header) = table(sheet, &ITEM_COLUMNS, text::previous_item_columns(), problems) else { return Vec::new() };
    let mut items: Vec<(String, String)> = Vec::new();
    for row in header.row + 1..sheet.height() {
        let cell = |i| header.get(i).and_then(|c| sheet.text(row, c)).map(Cow::into_owned);
        if let (Some(code), Some(item)) = (cell(0), cell(1))
            && !items.iter().any(|(c, _)| *c == code)
        {
            items.push((code, item));
        }
    }
    items
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
    changes.items_removed =
        previous.items.iter().filter(|(code, _)| !tree.items.iter().any(|i| i.code == *code)).cloned().collect();
    changes
}
