//! Score sheets (评分表): long tables of unit, item and score, as departments and assessors return
//! them. Each score keeps the cell it came from.

use std::borrow::Cow;
use std::sync::Arc;

use rust_decimal::Decimal;

use crate::grid::{self, Cell, Format, Reading, Sheet, Which, Workbook};
use crate::header::{self, Column, Header};
use crate::location::Location;
use crate::number;
use crate::problem::Problem;
use crate::template::{self, Metadata};
use crate::text;
use crate::tree::{IndicatorTree, Item, ItemRef};

/// What a score cell says.
#[derive(Clone, Debug, PartialEq)]
pub enum ScoreValue {
    Points(Decimal),
    /// 不涉及: the item does not apply to the unit; it leaves both obtained and possible points.
    NotApplicable,
    /// Not filled in yet. Never taken as 0.
    Blank,
    /// Something that is not a score ("优", 12 of 10 points), reported where it was read: the item
    /// has no score until the cell is mended, and needs no second message saying so.
    Invalid,
}

impl std::fmt::Display for ScoreValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ScoreValue::Points(p) => write!(f, "{p}"),
            ScoreValue::NotApplicable => f.write_str(&text::not_applicable_mark()),
            ScoreValue::Blank | ScoreValue::Invalid => Ok(()),
        }
    }
}

impl ScoreValue {
    /// Reads a score cell: a number, a number typed as text ("８分"), or a not-applicable mark.
    pub fn parse(cell: &Cell) -> Result<ScoreValue, String> {
        match cell {
            Cell::Empty => Ok(ScoreValue::Blank),
            Cell::Number(n) => Ok(ScoreValue::Points(*n)),
            Cell::Error(e) => Err(text::cell_error(e)),
            Cell::Text(t) => {
                if let Some(points) = number::parse_text(t) {
                    return Ok(ScoreValue::Points(points));
                }
                let folded = number::fold_width(t);
                if folded.is_empty() {
                    Ok(ScoreValue::Blank)
                } else if is_not_applicable(&folded) {
                    Ok(ScoreValue::NotApplicable)
                } else {
                    Err(text::not_a_score(t.trim()))
                }
            }
        }
    }
}

/// A row's score and the cell it came from: 得分 as written, or the item's points less 扣分 (a
/// deduction beyond the points leaves 0, with a warning); when both are filled in they must agree.
/// `None` when both are blank.
fn row_value(
    score: Option<(&Cell, Location)>,
    deduction: Option<(&Cell, Location)>,
    item: &Item,
    problems: &mut Vec<Problem>,
) -> Option<(Result<ScoreValue, String>, Location)> {
    let from_deduction = |(cell, location): (&Cell, Location), problems: &mut Vec<Problem>| {
        let value = match ScoreValue::parse(cell) {
            Ok(ScoreValue::Points(d)) if d < Decimal::ZERO => Err(text::negative_deduction(d)),
            Ok(ScoreValue::Points(d)) if d > item.points => {
                problems.push(Problem::warning(location.clone(), text::deduction_capped(d, item.points, &item.code)));
                Ok(ScoreValue::Points(Decimal::ZERO))
            }
            Ok(ScoreValue::Points(d)) => Ok(ScoreValue::Points(item.points - d)),
            Err(_) if matches!(cell, Cell::Text(_)) => Err(text::not_a_deduction(cell.text().unwrap_or_default())),
            other => other,
        };
        (value, location)
    };
    let scored = |(cell, location): (&Cell, Location)| (ScoreValue::parse(cell).and_then(|v| within_points(v, item)), location);
    match (score.filter(|(c, _)| !c.is_blank()), deduction.filter(|(c, _)| !c.is_blank())) {
        (Some(s), None) => Some(scored(s)),
        (None, Some(d)) => Some(from_deduction(d, problems)),
        (Some(s), Some(d)) => {
            let ((value, location), (by_deduction, at)) = (scored(s), from_deduction(d, problems));
            match (value, by_deduction) {
                (Ok(a), Ok(b)) if a != b => Some((Err(text::score_and_deduction_differ(a, b, item.points)), location)),
                (Ok(_), Err(message)) => Some((Err(message), at)),
                (value, _) => Some((value, location)),
            }
        }
        (None, None) => None,
    }
}

/// Points from 0 to the item's points; anything else is an error message.
fn within_points(value: ScoreValue, item: &Item) -> Result<ScoreValue, String> {
    match value {
        ScoreValue::Points(p) if p < Decimal::ZERO => Err(text::below_zero(p)),
        ScoreValue::Points(p) if p > item.points => Err(text::above_points(p, item.points, &item.code)),
        _ => Ok(value),
    }
}

/// The marks offices use for "does not apply".
pub fn is_not_applicable(text: &str) -> bool {
    ["不涉及", "不适用", "n/a", "na", "无此项"].contains(&text.to_lowercase().as_str())
}

/// One score as read from one cell.
#[derive(Clone, Debug)]
pub struct ScoreEntry {
    /// The evaluated unit (被评估单位): a region or a department.
    pub unit: String,
    /// Index of the item in the tree.
    pub item: usize,
    /// The department that gave the score, when known.
    pub department: Option<String>,
    /// The score source (自评, 专家评估, 满意度测评 …), when the sheet says.
    pub source: Option<String>,
    pub value: ScoreValue,
    /// 扣分原因 or another remark next to the score.
    pub remark: Option<String>,
    pub location: Location,
}

/// What the reader knows about a file beyond its cells.
#[derive(Clone, Debug, Default)]
pub struct FileContext {
    /// The unit for rows that name none.
    pub unit: Option<String>,
    /// The department for rows that name none.
    pub department: Option<String>,
}

const UNIT: usize = 0;
const CODE: usize = 1;
const ITEM: usize = 2;
const SCORE: usize = 3;
const REMARK: usize = 4;
const SOURCE: usize = 5;
const DEPARTMENT: usize = 6;
const DEDUCTION: usize = 7;

const SCORE_COLUMNS: [Column; 8] = [
    Column { aliases: &["单位", "被评估单位", "被考核单位", "参评单位", "地区", "unit"], required: false },
    Column { aliases: &["编号", "指标编号", "code"], required: false },
    Column { aliases: &["三级指标", "指标内容", "指标", "item"], required: false },
    // 得分 or 扣分 is required: see `read_sheet`.
    Column { aliases: &["得分", "自评得分", "评估得分", "评分", "实得分", "score"], required: false },
    Column { aliases: &["扣分原因", "扣分说明", "扣分情况", "扣分理由", "扣分依据", "说明", "备注", "remark", "reason"], required: false },
    Column { aliases: &["来源", "评分来源", "source"], required: false },
    Column { aliases: &["部门", "责任单位", "填报单位", "评分单位", "department"], required: false },
    Column { aliases: &["扣分", "扣分值", "扣减分值", "deduction"], required: false },
];

/// Reads every visible sheet of a score file that has a score table; `display` names the file. A
/// large sheet's rows are read while the rest of it is still being parsed.
pub fn read_bytes(
    bytes: &[u8],
    format: Format,
    display: Arc<str>,
    tree: &IndicatorTree,
    context: &FileContext,
) -> Result<(Vec<ScoreEntry>, Vec<Problem>), grid::ReadError> {
    let mut reader = BookReader::new(Location::file(display.clone()), tree, context);
    let book = grid::read_bytes_with(bytes, format, display, Which::VisibleAnd(template::META_SHEET), &mut |news| reader.see(news))?;
    drop(book);
    Ok(reader.finish())
}

/// Reads the score tables of a workbook already read; `place` names it in problems.
pub fn read_workbook(book: &Workbook, place: Location, tree: &IndicatorTree, context: &FileContext) -> (Vec<ScoreEntry>, Vec<Problem>) {
    let mut reader = BookReader::new(place, tree, context);
    reader.see(Reading::Names(&book.defined_names));
    let is_meta = |s: &&Sheet| s.name.as_deref() == Some(template::META_SHEET);
    for sheet in book.sheets.iter().filter(is_meta).chain(book.sheets.iter().filter(|s| !is_meta(s))) {
        reader.see(Reading::Rows { sheet, settled: sheet.height(), done: true });
    }
    reader.finish()
}

/// Reads the score tables of one workbook as [`grid::read_bytes_with`] shows its sheets.
struct BookReader<'a> {
    place: Location,
    tree: &'a IndicatorTree,
    /// Who filled the file in, as the command line assumes.
    given: &'a FileContext,
    defined_names: Vec<(String, String)>,
    /// Who filled the file in: its template's word when it has one, else as given. Known once
    /// the template's sheet is read (it comes first) or the first other sheet begins.
    context: Option<FileContext>,
    /// The name of the sheet being read (`Some(None)` for a csv file).
    sheet: Option<Option<Arc<str>>>,
    table: Table,
    /// Where the current sheet's entries and problems begin, to take them back if its rows must
    /// be read again.
    marks: (usize, usize),
    tables: usize,
    entries: Vec<ScoreEntry>,
    problems: Vec<Problem>,
}

/// What is known of the score table on the sheet being read. `after`: the rows it was decided on.
enum Table {
    Seeking,
    Found(TableRows),
    /// A table that cannot be read at all (it names no unit, nor does the file); reported.
    Refused { after: usize },
    None { after: usize },
}

impl<'a> BookReader<'a> {
    fn new(place: Location, tree: &'a IndicatorTree, given: &'a FileContext) -> Self {
        BookReader {
            place,
            tree,
            given,
            defined_names: Vec::new(),
            context: None,
            sheet: None,
            table: Table::Seeking,
            marks: (0, 0),
            tables: 0,
            entries: Vec::new(),
            problems: Vec::new(),
        }
    }

    fn see(&mut self, news: Reading<'_>) {
        let (sheet, settled, done) = match news {
            Reading::Names(names) => return self.defined_names = names.to_vec(),
            Reading::Rows { sheet, settled, done } => (sheet, settled, done),
        };
        if sheet.name.as_deref() == Some(template::META_SHEET) {
            if done {
                self.settle_context(Some(sheet));
            }
            return;
        }
        let context = self.settle_context(None).clone();
        if self.sheet.as_ref() != Some(&sheet.name) {
            self.end_sheet();
            self.sheet = Some(sheet.name.clone());
            self.marks = (self.entries.len(), self.problems.len());
        }
        let consumed = match &self.table {
            Table::Seeking => 0,
            Table::Found(rows) => rows.next,
            Table::Refused { after } | Table::None { after } => *after,
        };
        if settled < consumed {
            // The file listed cells out of order: what was read of this sheet is read again.
            self.entries.truncate(self.marks.0);
            self.problems.truncate(self.marks.1);
            self.table = Table::Seeking;
        }
        if matches!(self.table, Table::Seeking) && (settled >= header::SCAN_ROWS || done) {
            self.table = TableRows::find(sheet, settled, &context, &mut self.problems);
        }
        if let Table::Found(rows) = &mut self.table {
            let until = if done { sheet.height() } else { settled };
            rows.read(sheet, until, self.tree, &context, &mut self.entries, &mut self.problems);
        }
    }

    /// Counts the table of the sheet just read, if it had one.
    fn end_sheet(&mut self) {
        if matches!(self.table, Table::Found(_) | Table::Refused { .. }) {
            self.tables += 1;
        }
        self.table = Table::Seeking;
    }

    /// Who filled the file in, decided once: a template says it, which beats what the command
    /// line assumes for every file.
    fn settle_context(&mut self, meta: Option<&Sheet>) -> &FileContext {
        if self.context.is_none() {
            let template = Metadata::read(&self.defined_names, meta);
            if let Some(found) = &template.fingerprint {
                let expected = self.tree.fingerprint();
                if *found != expected {
                    self.problems.push(Problem::warning(self.place.clone(), text::template_from_other_tree(found, expected)));
                }
            }
            self.context = Some(FileContext {
                unit: template.unit.or_else(|| self.given.unit.clone()),
                department: template.department.or_else(|| self.given.department.clone()),
            });
        }
        self.context.get_or_insert_default()
    }

    fn finish(mut self) -> (Vec<ScoreEntry>, Vec<Problem>) {
        self.end_sheet();
        self.settle_context(None);
        if self.tables == 0 {
            self.problems.push(Problem::error(self.place, text::header_not_found(text::score_columns())));
        }
        (self.entries, self.problems)
    }
}

/// A score table found on a sheet, read row by row as the rows settle.
struct TableRows {
    header: Header,
    /// The column a row's value is named by when it has no other: 得分, else 扣分.
    score_col: usize,
    /// The next row to read.
    next: usize,
    /// The last unit named in the unit column: the rows below that leave it blank mean it too.
    unit_above: Option<String>,
}

impl TableRows {
    /// The score table whose header lies in the first of the sheet's `settled` rows.
    fn find(sheet: &Sheet, settled: usize, context: &FileContext, problems: &mut Vec<Problem>) -> Table {
        let after = header::SCAN_ROWS.min(settled);
        let found = header::find_where(sheet, &SCORE_COLUMNS, |h| h.get(SCORE).or(h.get(DEDUCTION)).is_some());
        let Some(header) = found.filter(|h| h.get(CODE).or(h.get(ITEM)).is_some()) else { return Table::None { after } };
        if header.get(UNIT).is_none() && context.unit.is_none() {
            problems.push(Problem::error(sheet.whole(), text::no_unit(sheet.whole())));
            return Table::Refused { after };
        }
        let score_col = header.get(SCORE).or(header.get(DEDUCTION)).unwrap_or_default();
        Table::Found(TableRows { next: header.row + 1, header, score_col, unit_above: None })
    }

    /// Reads the rows from the next one up to `until`.
    fn read(
        &mut self,
        sheet: &Sheet,
        until: usize,
        tree: &IndicatorTree,
        context: &FileContext,
        entries: &mut Vec<ScoreEntry>,
        problems: &mut Vec<Problem>,
    ) {
        for row in self.next..until {
            if let Some(entry) = self.read_row(sheet, row, tree, context, problems) {
                entries.push(entry);
            }
        }
        self.next = self.next.max(until);
    }

    fn read_row(
        &mut self,
        sheet: &Sheet,
        row: usize,
        tree: &IndicatorTree,
        context: &FileContext,
        problems: &mut Vec<Problem>,
    ) -> Option<ScoreEntry> {
        let col = |i| self.header.get(i);
        let read = |i: usize| col(i).and_then(|c| sheet.text(row, c));
        let owned = |i: usize| read(i).map(Cow::into_owned);
        let code = read(CODE);
        let item_text = read(ITEM);
        if code.is_none() && item_text.is_none() {
            let filled = [col(SCORE), col(DEDUCTION)].into_iter().flatten().find(|&c| !sheet.cell(row, c).is_blank());
            if let Some(c) = filled.filter(|_| read(UNIT).is_none_or(|u| !header::is_footer(&u))) {
                problems.push(Problem::error(sheet.location(row, c), text::no_item_reference()));
            }
            return None;
        }
        if code.iter().chain(&item_text).any(|t| header::is_footer(t)) {
            return None;
        }
        let item = match (&code, &item_text) {
            (Some(c), _) => tree.find(ItemRef::Code(c)).ok_or_else(|| (col(CODE), text::unknown_code(c))),
            (None, Some(t)) => tree.find(ItemRef::Text(t)).ok_or_else(|| (col(ITEM), text::unknown_item(t))),
            (None, None) => unreachable!("rows without a reference were skipped"),
        };
        let item = match item {
            Ok(i) => i,
            Err((c, message)) => {
                problems.push(Problem::error(sheet.location(row, c.unwrap_or(self.score_col)), message));
                return None;
            }
        };
        let cell = |i: usize| col(i).map(|c| (sheet.cell(row, c), sheet.location(row, c)));
        let (value, location) = row_value(cell(SCORE), cell(DEDUCTION), &tree.items[item], problems)
            .unwrap_or_else(|| (Ok(ScoreValue::Blank), sheet.location(row, self.score_col)));
        let value = match value {
            Ok(v) => v,
            Err(message) => {
                problems.push(Problem::error(location.clone(), message));
                ScoreValue::Invalid
            }
        };
        let Some(unit) = owned(UNIT).or_else(|| self.unit_above.clone()).or_else(|| context.unit.clone()) else {
            if value != ScoreValue::Invalid {
                problems.push(Problem::error(sheet.location(row, col(UNIT).unwrap_or(0)), text::no_unit(sheet.whole())));
            }
            return None;
        };
        if col(UNIT).is_some() && self.unit_above.as_ref() != Some(&unit) {
            self.unit_above = Some(unit.clone());
        }
        Some(ScoreEntry {
            unit,
            item,
            department: owned(DEPARTMENT).or_else(|| context.department.clone()),
            source: owned(SOURCE),
            value,
            remark: owned(REMARK),
            location,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn deductions_give_the_points_left() {
        let tree = IndicatorTree::of_texts(&[["一级指标", "二级指标", "三级指标", "分值"], ["一", "甲", "a", "10"]]);
        let item = &tree.items[0];
        let at = |col| Location { file: "s.xlsx".into(), sheet: Some("表".into()), cell: Some((1, col)) };
        let text = |s: &str| if s.is_empty() { Cell::Empty } else { Cell::Text(s.into()) };
        let value = |score: &str, deduction: &str| {
            let (s, d) = (text(score), text(deduction));
            let mut problems = Vec::new();
            let found = row_value(Some((&s, at(2))), Some((&d, at(3))), item, &mut problems);
            (found.map(|(v, l)| (v, l.to_string())), problems.len())
        };
        let points = |p| Ok(ScoreValue::Points(p));
        assert_eq!(value("8", ""), (Some((points(dec!(8)), "s.xlsx!表!C2".into())), 0));
        assert_eq!(value("", "2.5"), (Some((points(dec!(7.5)), "s.xlsx!表!D2".into())), 0));
        assert_eq!(value("7.5", "2.5"), (Some((points(dec!(7.5)), "s.xlsx!表!C2".into())), 0));
        assert_eq!(value("", "不涉及"), (Some((Ok(ScoreValue::NotApplicable), "s.xlsx!表!D2".into())), 0));
        // Deductions stop at the item's points, and say so.
        assert_eq!(value("", "12"), (Some((points(dec!(0)), "s.xlsx!表!D2".into())), 1));
        assert!(matches!(value("8", "1").0, Some((Err(_), _))));
        assert!(matches!(value("8", "两分").0, Some((Err(m), l)) if l == "s.xlsx!表!D2" && m.contains("不是有效扣分")));
        assert!(matches!(value("", "-1").0, Some((Err(_), _))));
        assert_eq!(value("", "").0, None);
    }

    #[test]
    fn rows_read_early_are_read_again_when_the_file_was_out_of_order() {
        let tree = IndicatorTree::of_texts(&[["一级指标", "二级指标", "三级指标", "编号", "分值"], ["一", "甲", "a", "1", "10"], ["一", "甲", "b", "2", "10"]]);
        let mut rows = vec![["单位", "编号", "得分"]; 1];
        for unit in ["东区", "", "西区", ""].iter().cycle().take(40) {
            let code = if unit.is_empty() { "2" } else { "1" };
            rows.push([unit, code, "8"]);
        }
        let early = Sheet::of_texts(&rows);
        // What the whole file turned out to hold: a cell listed late changed row 3.
        rows[3][2] = "12";
        let whole = Sheet::of_texts(&rows);
        let place = Location::file("t.xlsx");
        let context = FileContext::default();
        let mut reader = BookReader::new(place.clone(), &tree, &context);
        reader.see(Reading::Names(&[]));
        reader.see(Reading::Rows { sheet: &early, settled: 30, done: false });
        reader.see(Reading::Rows { sheet: &early, settled: 0, done: false });
        reader.see(Reading::Rows { sheet: &whole, settled: whole.height(), done: true });
        let (entries, problems) = reader.finish();
        let book = Workbook { sheets: vec![whole], defined_names: Vec::new() };
        let (expected, expected_problems) = read_workbook(&book, place, &tree, &context);
        let show = |e: &[ScoreEntry]| e.iter().map(|e| format!("{} {} {} {}", e.unit, e.item, e.value, e.location)).collect::<Vec<_>>();
        assert_eq!(show(&entries), show(&expected));
        assert_eq!(entries.len(), 40);
        assert_eq!(entries[2].value, ScoreValue::Invalid);
        assert_eq!(entries[3].unit, "西区", "a blank unit cell means the one above");
        let messages: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(messages, expected_problems.iter().map(ToString::to_string).collect::<Vec<_>>());
        assert_eq!(messages.len(), 1, "{messages:?}");
    }

    #[test]
    fn score_cells() {
        let parse = |s: &str| ScoreValue::parse(&Cell::Text(s.into()));
        assert_eq!(parse(" ９ "), Ok(ScoreValue::Points(dec!(9))));
        assert_eq!(parse("8分"), Ok(ScoreValue::Points(dec!(8))));
        assert_eq!(parse("不涉及"), Ok(ScoreValue::NotApplicable));
        assert_eq!(parse("N/A"), Ok(ScoreValue::NotApplicable));
        assert_eq!(parse("\u{3000}"), Ok(ScoreValue::Blank));
        assert!(parse("优").is_err());
        assert_eq!(ScoreValue::parse(&Cell::Empty), Ok(ScoreValue::Blank));
        assert!(ScoreValue::parse(&Cell::Error("#DIV/0!".into())).is_err());
    }
}
