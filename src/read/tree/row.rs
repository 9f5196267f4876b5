//! What the tree builder reads: rows of cells with their places, whatever shape they came from (a sheet's
//! columns, a Word table, numbered prose). An extractor fills these; `build` makes the tree, with every
//! check, from them alone.

use rust_decimal::Decimal;

use crate::grid::Cell;
use crate::location::Location;
use crate::tree::ColumnRead;

/// Text as the table prints it, and where.
#[derive(Clone, Debug)]
pub struct Text {
    pub text: String,
    pub at: Location,
}

/// A cell's value (a 分值, a 权重), and where.
#[derive(Clone, Debug)]
pub struct Value {
    pub cell: Cell,
    pub at: Location,
}

/// One tier's cells on a row: its name, the code printed beside it ("A1", "*C7", a 序号 "一、"), and the
/// points in a column of its own (tables with one 分值 column per tier). Blank name: the same as above.
#[derive(Clone, Debug, Default)]
pub struct TierCells {
    pub name: Option<Text>,
    /// Where its name is or would be: a message about a missing tier names the blank cell.
    pub cell: Option<Location>,
    pub code: Option<Text>,
    pub points: Option<Value>,
}

/// One row of an indicator table.
#[derive(Clone, Debug, Default)]
pub struct Row {
    /// Top tier first, the items last; every row of a table has as many (one to four).
    pub tiers: Vec<TierCells>,
    /// The row's 分值 where one column serves every tier: the deepest tier the row names takes it.
    pub points: Option<Value>,
    /// The item's code column (编号), if the table has one.
    pub code: Option<Text>,
    /// The cells of the numbering columns (序号), one per column in `Table::numbering`: an official number
    /// if it runs through the table, a row number if it restarts; "一、" there numbers a heading.
    pub numbers: Vec<Option<Text>>,
    /// 权重 of the row's 一级.
    pub weight: Option<Value>,
    pub lead: Option<Text>,
    pub departments: Option<Text>,
    pub assist: Option<Text>,
    pub standard: Option<Text>,
    /// 类型 (加分项, 否决项 …).
    pub kind: Option<Text>,
    /// The first text in a place given no meaning: a row holding only this is refused, never skipped.
    pub stray: Option<Text>,
    /// The row's item is the heading it names, scored directly (numbered prose: a heading with nothing
    /// numbered under it): every tier from the heading down names it, and the heading is no subtotal
    /// to check, whether or not it states points.
    pub direct: bool,
    /// The row's cell in the table's score column (得分, 自评分 …), where it has one: a heading on a row of
    /// its own with nothing under it and such a cell is scored directly, its own item.
    pub scored: Option<Location>,
}

/// A 合计/总计 or 小计 line: the points it states. A 合计 covers every item above it, a 小计 those since the last.
#[derive(Clone, Debug)]
pub struct Total {
    /// "合计", "总计" or "小计".
    pub label: String,
    pub stated: Decimal,
    pub at: Location,
}

/// A line of a table: a row of indicators, or a total to check them against.
#[derive(Clone, Debug)]
pub enum Line {
    Row(Box<Row>),
    Total(Total),
}

/// A whole table for the builder: its lines and how its columns were read.
#[derive(Clone, Debug)]
pub struct Table {
    /// The sheet (or document) as a whole, for problems without a cell.
    pub source: Location,
    /// The worksheet row of the header, counted from 1 (0 for prose).
    pub header_row: usize,
    pub lines: Vec<Line>,
    pub columns: Vec<ColumnRead>,
    /// The numbering columns' letters, in the order of `Row::numbers`.
    pub numbering: Vec<String>,
    /// Decisions the extraction made, in words.
    pub notes: Vec<String>,
    /// The title above the header ("XX市法治政府建设示范创建指标体系及评分细则"), when the table has one.
    pub title: Option<String>,
}
