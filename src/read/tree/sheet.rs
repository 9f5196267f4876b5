//! A sheet's rows as the builder reads them: the columns `layout` found, each cell with its place.

use rust_decimal::Decimal;

use crate::grid::{Cell, Sheet};
use crate::header;
use crate::location::column_name;
use crate::tree::Role;

use super::layout::Layout;
use super::row::{Line, Row, Table, Text, TierCells, Total, Value};
use super::{parse_points, points};

/// The rows of a sheet below its header.
pub fn table(sheet: &Sheet, layout: &Layout) -> Table {
    let text = |row: usize, col: Option<usize>| {
        col.and_then(|c| sheet.text(row, c)).map(|t| Text { text: t.into_owned(), at: sheet.location(row, col.unwrap_or(0)) })
    };
    let value = |row: usize, col: Option<usize>| {
        col.filter(|&c| !sheet.cell(row, c).is_blank()).map(|c| Value { cell: sheet.cell(row, c).clone(), at: sheet.location(row, c) })
    };
    let mut lines = Vec::new();
    // Measured once: a sheet's width is the widest of its rows.
    let width = sheet.width();
    for row in layout.row + 1..sheet.height() {
        let Some(first) = (0..width).find_map(|c| sheet.text(row, c)) else { continue };
        if header::is_footer(&first) {
            lines.extend(total(sheet, row, width, &first, layout.get(Role::Points)).map(Line::Total));
            continue;
        }
        let mut tiers: Vec<TierCells> = (0..layout.tiers.len())
            .map(|k| TierCells {
                name: text(row, Some(layout.tiers[k])),
                cell: Some(sheet.location(row, layout.tiers[k])),
                code: text(row, layout.tier_codes[k]),
                points: value(row, layout.tier_points[k]),
            })
            .collect();
        let mut numbers: Vec<Option<Text>> = layout.numbering.iter().map(|&c| text(row, Some(c))).collect();
        // A heading merged across the row sits in its first column, the 序号: "二、案卷卷面标准(20分)". It is
        // the row's name, a heading the builder places by its numbering.
        if tiers.iter().all(|t| t.name.is_none())
            && let Some(heading) = numbers.iter_mut().find(|n| n.as_ref().is_some_and(|n| number_and_name(&n.text)))
            && let Some(items) = tiers.last_mut()
        {
            items.name = heading.take();
        }
        let stray = (0..width).filter(|&c| !layout.placed(c)).find_map(|c| text(row, Some(c)));
        lines.push(Line::Row(Box::new(Row {
            tiers,
            points: value(row, layout.get(Role::Points)),
            code: text(row, layout.get(Role::Code)),
            numbers,
            weight: value(row, layout.get(Role::Weight)),
            lead: text(row, layout.get(Role::Lead)),
            departments: text(row, layout.get(Role::Departments)),
            assist: text(row, layout.get(Role::Assist)),
            standard: text(row, layout.get(Role::Standard)),
            kind: text(row, layout.get(Role::Kind)),
            stray,
            direct: false,
            scored: layout.score.map(|c| sheet.location(row, c)),
        })));
    }
    Table {
        source: sheet.whole(),
        header_row: layout.row + 1 + sheet.location(0, 0).cell.map_or(0, |(r, _)| r as usize),
        lines,
        columns: layout.columns.clone(),
        numbering: layout.numbering.iter().map(|&c| column_name(c as u32)).collect(),
        notes: layout.notes.clone(),
        title: title(sheet, layout.row, width),
    }
}

/// The table's title: the first row above the header holding one text only (a header row holds
/// several, even a merged one over two rows).
fn title(sheet: &Sheet, header: usize, width: usize) -> Option<String> {
    (0..header).find_map(|row| {
        let mut texts = (0..width).filter_map(|c| sheet.text(row, c));
        let first = texts.next()?;
        let first = first.trim();
        texts.all(|t| t.trim() == first).then(|| first.to_string()).filter(|t| t.chars().count() >= 4)
    })
}

/// A 序号 cell holding more than a number: "二、案卷卷面标准".
fn number_and_name(text: &str) -> bool {
    let bare = crate::number::strip_numbering(text);
    bare.len() < text.len() && bare.chars().any(|c| !c.is_ascii_digit() && !c.is_whitespace())
}

/// The points of a footer row, in the 分值 column or its text ("合计(100分)"); `None` for a note.
fn total(sheet: &Sheet, row: usize, width: usize, first: &str, points: Option<usize>) -> Option<Total> {
    let label: String = first.chars().take(2).collect();
    if !matches!(label.as_str(), "合计" | "总计" | "小计") {
        return None;
    }
    let in_column = points.and_then(|c| match parse_points(sheet.cell(row, c)) {
        Ok(Some(p)) => Some((p, sheet.location(row, c))),
        _ => None,
    });
    // Else the first cell of the row that states points: "合计(100分)", or "合计" with "100分" or 100
    // beside it (a table without a 分值 column writes its total in the next cell).
    let in_row = || {
        (0..width).find_map(|c| {
            let cell = sheet.cell(row, c);
            let text = cell.text()?;
            let stated: Option<Decimal> =
                points::stated(&text).or_else(|| matches!(cell, Cell::Number(_)).then(|| parse_points(cell).ok().flatten()).flatten());
            stated.map(|p| (p, sheet.location(row, c)))
        })
    };
    let (stated, at) = in_column.or_else(in_row)?;
    Some(Total { label, stated, at })
}
