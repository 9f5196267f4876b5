//! Score sheets (评分表): long tables of unit, item and score, as departments and assessors return
//! them. Each score keeps the cell it came from.

use std::borrow::Cow;
use std::sync::Arc;

use rust_decimal::Decimal;

use crate::grid::{self, Cell, Format, Reading, Sheet, Which, Workbook};
use crate::header::{self, Column, Header};
use crate::location::Location;
use crate::metadata::{self, Metadata};
use crate::number::{self, NotRead};
use crate::problem::Problem;
use crate::text;
use crate::tree::{IndicatorTree, Item, ItemKind, ItemRef};

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
                match number::parse_text(t) {
                    Ok(points) => return Ok(ScoreValue::Points(points)),
                    Err(why) => {
                        if let Some(message) = why.inexact(t.trim()) {
                            return Err(message);
                        }
                    }
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
/// `None` when both are blank. For a 倒扣项 (`penalized`) a deduction may go past the points and
/// a score below 0 is allowed: the value is then negative, 0 for the item and the rest 倒扣.
fn row_value(
    score: Option<(&Cell, Location)>,
    deduction: Option<(&Cell, Location)>,
    item: &Item,
    penalized: bool,
    problems: &mut Vec<Problem>,
) -> Option<(Result<ScoreValue, String>, Location)> {
    let from_deduction = |(cell, location): (&Cell, Location), problems: &mut Vec<Problem>| {
        let value = match ScoreValue::parse(cell) {
            Ok(ScoreValue::Points(d)) if d < Decimal::ZERO => Err(text::negative_deduction(d)),
            Ok(ScoreValue::Points(d)) if d > item.points && !penalized => {
                problems.push(Problem::warning(location.clone(), text::deduction_capped(d, item.points, &item.code)));
                Ok(ScoreValue::Points(Decimal::ZERO))
            }
            Ok(ScoreValue::Points(d)) => Ok(ScoreValue::Points(item.points - d)),
            Err(_) if matches!(cell, Cell::Text(t) if number::parse_text(t) == Err(NotRead::NotANumber)) => {
                Err(text::not_a_deduction(cell.text().unwrap_or_default()))
            }
            other => other,
        };
        (value, location)
    };
    let scored = |(cell, location): (&Cell, Location)| (ScoreValue::parse(cell).and_then(|v| within_points(v, item, penalized)), location);
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

/// Points from 0 (or below, for a 倒扣项) to the item's points; anything else is an error message.
fn within_points(value: ScoreValue, item: &Item, penalized: bool) -> Result<ScoreValue, String> {
    match value {
        // The sign is looked at before comparing: a comparison of decimals costs some forty instructions.
        ScoreValue::Points(p) if p.is_sign_negative() && !p.is_zero() && !penalized => Err(text::below_zero(p)),
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
    /// The evaluated unit (被评估单位): a region or a department. Shared by the rows that name
    /// it one after another: a national table names each unit on 112 rows.
    pub unit: Arc<str>,
    /// Index of the item in the tree.
    pub item: usize,
    pub value: ScoreValue,
    pub location: Location,
    /// The round of the assessment the score belongs to.
    pub round: Round,
    /// Who gave the score and what they said, when the sheet says: held apart, as a national long
    /// table's 318,528 rows say nothing of it and are the smaller for it, and shared by the rows of
    /// a template, which say nothing but its department.
    pub about: Option<Arc<About>>,
}

/// What a row says of its score beyond the value.
#[derive(Clone, Debug, Default)]
pub struct About {
    /// The department that gave the score. Shared by the rows of a template, which all name it.
    pub department: Option<Arc<str>>,
    /// The score source (自评, 专家评估, 满意度测评 …).
    pub source: Option<String>,
    /// 扣分原因 or another remark next to the score.
    pub remark: Option<String>,
}

impl About {
    /// `None` when the row says nothing beyond its value.
    pub fn of(department: Option<Arc<str>>, source: Option<String>, remark: Option<String>) -> Option<Arc<About>> {
        (department.is_some() || source.is_some() || remark.is_some()).then(|| Arc::new(About { department, source, remark }))
    }
}

impl ScoreEntry {
    pub fn department(&self) -> Option<&str> {
        self.about.as_ref()?.department.as_deref()
    }

    pub fn source(&self) -> Option<&str> {
        self.about.as_ref()?.source.as_deref()
    }

    pub fn remark(&self) -> Option<&str> {
        self.about.as_ref()?.remark.as_deref()
    }
}

/// The round of the assessment a score belongs to: the unit's own (自评), or the assessment team's
/// verified score (核定得分), which replaces it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Round {
    /// 自评得分, or the only score a sheet has.
    Own,
    /// 核定得分 (考核得分, 审核得分, 评审得分, 复核得分), with its 核减原因.
    Verified,
}

/// What the reader knows about a file beyond its cells.
#[derive(Clone, Debug, Default)]
pub struct FileContext {
    /// The unit for rows that name none.
    pub unit: Option<String>,
    /// The department for rows that name none.
    pub department: Option<Arc<str>>,
    /// Items (by index) the rules declare 倒扣项, beyond those the tree's 类型 column declares.
    pub penalties: Vec<usize>,
}

impl FileContext {
    /// Whether a deduction on the item may go past its points (倒扣).
    fn penalizes(&self, tree: &IndicatorTree, item: usize) -> bool {
        tree.items[item].kind == ItemKind::Penalty || self.penalties.contains(&item)
    }
}

const UNIT: usize = 0;
const CODE: usize = 1;
const ITEM: usize = 2;
const SCORE: usize = 3;
const REMARK: usize = 4;
const SOURCE: usize = 5;
const DEPARTMENT: usize = 6;
const DEDUCTION: usize = 7;
const VERIFIED: usize = 8;
const VERIFIED_REMARK: usize = 9;

const SCORE_COLUMNS: [Column; 10] = [
    Column { aliases: &["单位", "被评估单位", "被考核单位", "参评单位", "地区", "unit"], required: false },
    Column { aliases: &["编号", "指标编号", "code"], required: false },
    Column { aliases: &["三级指标", "指标内容", "指标", "item"], required: false },
    // 得分 or 扣分 is required: see `read_sheet`.
    Column { aliases: &["得分", "自评得分", "评估得分", "评分", "实得分", "score"], required: false },
    Column {
        aliases: &["扣分原因", "扣分说明", "扣分情况", "扣分理由", "扣分依据", "说明", "备注", "remark", "reason"], required: false
    },
    Column { aliases: &["来源", "评分来源", "source"], required: false },
    Column { aliases: &["部门", "责任单位", "填报单位", "评分单位", "department"], required: false },
    Column { aliases: &["扣分", "扣分值", "扣减分值", "deduction"], required: false },
    // The assessment team's score: it replaces the self-score (自评得分) beside it.
    Column { aliases: &["核定得分", "考核得分", "审核得分", "评审得分", "复核得分", "核定分", "verified"], required: false },
    Column { aliases: &["核减原因", "核定说明", "核减说明", "核定理由", "verified remark"], required: false },
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
    let book = grid::read_bytes_with(bytes, format, display, Which::VisibleAnd(metadata::META_SHEET), &mut |news| reader.see(news))?;
    drop(book);
    Ok(reader.finish())
}

/// Reads the score tables of a workbook already read; `place` names it in problems.
pub fn read_workbook(book: &Workbook, place: Location, tree: &IndicatorTree, context: &FileContext) -> (Vec<ScoreEntry>, Vec<Problem>) {
    let mut reader = BookReader::new(place, tree, context);
    reader.see(Reading::Names(&book.defined_names));
    let is_meta = |s: &&Sheet| s.name.as_deref() == Some(metadata::META_SHEET);
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
    /// One column per unit or per item (宽表).
    Wide(WideRows),
    /// A table that cannot be read at all (it names no unit, nor does the file); reported.
    Refused {
        after: usize,
    },
    None {
        after: usize,
    },
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

    /// Takes what the reader shows; answers how many of the sheet's rows it is done with: those
    /// above the next row of a long table, which is read row by row and never again.
    fn see(&mut self, news: Reading<'_>) -> usize {
        let (sheet, settled, done) = match news {
            Reading::Names(names) => {
                self.defined_names = names.to_vec();
                return 0;
            }
            Reading::Rows { sheet, settled, done } => (sheet, settled, done),
        };
        if sheet.name.as_deref() == Some(metadata::META_SHEET) {
            if done {
                self.settle_context(Some(sheet));
            }
            return 0;
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
            Table::Wide(rows) => rows.next,
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
            if let Table::None { after } = self.table {
                self.table = WideRows::find(sheet, settled, self.tree, &mut self.problems).unwrap_or(Table::None { after });
            }
        }
        let until = if done { sheet.height() } else { settled };
        match &mut self.table {
            Table::Found(rows) => {
                rows.read(sheet, until, self.tree, &context, &mut self.entries, &mut self.problems);
                rows.next
            }
            Table::Wide(rows) => {
                rows.read(sheet, until, self.tree, &context, &mut self.entries, &mut self.problems);
                rows.next
            }
            // No table to read: none of the rows is needed, however long the sheet.
            Table::Refused { .. } | Table::None { .. } => settled,
            Table::Seeking => 0,
        }
    }

    /// Counts the table of the sheet just read, if it had one.
    fn end_sheet(&mut self) {
        if matches!(self.table, Table::Found(_) | Table::Wide(_) | Table::Refused { .. }) {
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
                department: template.department.map(Arc::from).or_else(|| self.given.department.clone()),
                penalties: self.given.penalties.clone(),
            });
        }
        self.context.get_or_insert_default()
    }

    fn finish(mut self) -> (Vec<ScoreEntry>, Vec<Problem>) {
        self.end_sheet();
        self.settle_context(None);
        if self.tables == 0 {
            self.problems.push(Problem::error(self.place, text::header_not_found(header::SCAN_ROWS, text::score_columns())));
        }
        (self.entries, self.problems)
    }
}

/// A score table found on a sheet, read row by row as the rows settle.
struct TableRows {
    header: Header,
    /// The column a row's value is named by when it has no other: 得分, else 扣分, else 核定得分.
    score_col: usize,
    /// The next row to read.
    next: usize,
    /// The unit of the row above: the rows below that leave the unit column blank mean it too.
    unit_above: Option<Arc<str>>,
    /// The item after the row above's: rows usually follow the tree, and its code is compared
    /// before the tree's index is looked in.
    item_after: usize,
    /// What rows that say nothing beyond their value are about: the file's department, if known.
    plain: Option<Arc<About>>,
}

/// The rows of a score table read as they settle, the long table's or a wide one's.
trait RowReader {
    /// The next row to read.
    fn next(&mut self) -> &mut usize;

    fn read_row(
        &mut self,
        sheet: &Sheet,
        row: usize,
        tree: &IndicatorTree,
        context: &FileContext,
        entries: &mut Vec<ScoreEntry>,
        problems: &mut Vec<Problem>,
    );

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
        for row in *self.next()..until {
            self.read_row(sheet, row, tree, context, entries, problems);
        }
        let next = self.next();
        *next = (*next).max(until);
    }
}

impl TableRows {
    /// The score table whose header lies in the first of the sheet's `settled` rows.
    fn find(sheet: &Sheet, settled: usize, context: &FileContext, problems: &mut Vec<Problem>) -> Table {
        let after = header::SCAN_ROWS.min(settled);
        let found = header::find_where(sheet, &SCORE_COLUMNS, |h| h.get(SCORE).or(h.get(DEDUCTION)).or(h.get(VERIFIED)).is_some());
        let Some(header) = found.filter(|h| h.get(CODE).or(h.get(ITEM)).is_some()) else { return Table::None { after } };
        if header.get(UNIT).is_none() && context.unit.is_none() {
            problems.push(Problem::error(sheet.whole(), text::no_unit()));
            return Table::Refused { after };
        }
        let score_col = header.get(SCORE).or(header.get(DEDUCTION)).or(header.get(VERIFIED)).unwrap_or_default();
        let plain = About::of(context.department.clone(), None, None);
        Table::Found(TableRows { next: header.row + 1, header, score_col, unit_above: None, item_after: 0, plain })
    }
}

impl RowReader for TableRows {
    fn next(&mut self) -> &mut usize {
        &mut self.next
    }

    fn read_row(
        &mut self,
        sheet: &Sheet,
        row: usize,
        tree: &IndicatorTree,
        context: &FileContext,
        entries: &mut Vec<ScoreEntry>,
        problems: &mut Vec<Problem>,
    ) {
        let col = |i| self.header.get(i);
        let read = |i: usize| col(i).and_then(|c| sheet.text(row, c));
        let owned = |i: usize| read(i).map(Cow::into_owned);
        let code = read(CODE);
        let item_text = read(ITEM);
        if code.is_none() && item_text.is_none() {
            let filled = [col(SCORE), col(DEDUCTION), col(VERIFIED)].into_iter().flatten().find(|&c| !sheet.cell(row, c).is_blank());
            if let Some(c) = filled.filter(|_| read(UNIT).is_none_or(|u| !header::is_footer(&u))) {
                problems.push(Problem::error(sheet.location(row, c), text::no_item_reference()));
            }
            return;
        }
        if code.iter().chain(&item_text).any(|t| header::is_footer(t)) {
            return;
        }
        let item = match (&code, &item_text) {
            (Some(c), _) => (tree.items.get(self.item_after).is_some_and(|i| i.code == **c).then_some(self.item_after))
                .or_else(|| tree.find(ItemRef::Code(c)))
                .ok_or_else(|| (col(CODE), text::unknown_code(c))),
            (None, Some(t)) => tree.find(ItemRef::Text(t)).ok_or_else(|| (col(ITEM), text::unknown_item(t))),
            (None, None) => unreachable!("rows without a reference were skipped"),
        };
        let item = match item {
            Ok(i) => {
                self.item_after = i + 1;
                i
            }
            Err((c, message)) => {
                problems.push(Problem::error(sheet.location(row, c.unwrap_or(self.score_col)), message));
                return;
            }
        };
        let cell = |i: usize| col(i).map(|c| (sheet.cell(row, c), sheet.location(row, c)));
        // A sheet with a verified column and no 得分 or 扣分 is a review sheet: verified scores only.
        let own = col(SCORE).or(col(DEDUCTION)).map(|_| {
            let found = row_value(cell(SCORE), cell(DEDUCTION), &tree.items[item], context.penalizes(tree, item), problems);
            reported(found.unwrap_or_else(|| (Ok(ScoreValue::Blank), sheet.location(row, self.score_col))), problems)
        });
        let verified = cell(VERIFIED).map(|(c, at)| {
            reported((ScoreValue::parse(c).and_then(|v| within_points(v, &tree.items[item], context.penalizes(tree, item))), at), problems)
        });
        let unit = match read(UNIT) {
            Some(named) if self.unit_above.as_deref() != Some(&*named) => Some(Arc::from(named)),
            Some(_) => self.unit_above.clone(),
            None => self.unit_above.clone().or_else(|| context.unit.as_deref().map(Arc::from)),
        };
        let Some(unit) = unit else {
            if own.iter().chain(&verified).any(|(v, _)| *v != ScoreValue::Invalid) {
                problems.push(Problem::error(sheet.location(row, col(UNIT).unwrap_or(0)), text::no_unit()));
            }
            return;
        };
        // Without a unit column every row is the file's unit: held once as well.
        if self.unit_above.as_ref() != Some(&unit) {
            self.unit_above = Some(unit.clone());
        }
        let (named, source) = (read(DEPARTMENT).map(Arc::from), owned(SOURCE));
        let about = |source: Option<String>, remark: usize| match (&named, source, owned(remark)) {
            (None, None, None) => self.plain.clone(),
            (named, source, remark) => About::of(named.clone().or_else(|| context.department.clone()), source, remark),
        };
        let mut push = |(value, location), round, about| entries.push(ScoreEntry { unit: unit.clone(), item, value, location, round, about });
        // The source is moved into the row's last entry (nearly every row has one); the rounds are
        // matched by hand, as an iterator over them moved each entry about several times.
        match (own, verified) {
            (Some(own), Some(verified)) => {
                push(own, Round::Own, about(source.clone(), REMARK));
                push(verified, Round::Verified, about(source, VERIFIED_REMARK));
            }
            (Some(own), None) => push(own, Round::Own, about(source, REMARK)),
            (None, Some(verified)) => push(verified, Round::Verified, about(source, VERIFIED_REMARK)),
            (None, None) => {}
        }
    }
}

/// A cell's value, or its message reported and the value marked invalid.
fn reported((value, location): (Result<ScoreValue, String>, Location), problems: &mut Vec<Problem>) -> (ScoreValue, Location) {
    match value {
        Ok(v) => (v, location),
        Err(message) => {
            problems.push(Problem::error(location.clone(), message));
            (ScoreValue::Invalid, location)
        }
    }
}

/// Header names beside the items or units of a wide table that are neither a unit nor an item:
/// the tree's own columns copied next to the scores, row numbers, evidence, totals and ranks.
const NOT_SCORED: Column = Column {
    aliases: &[
        "一级指标",
        "二级指标",
        "一级",
        "二级",
        "分值",
        "标准分",
        "满分",
        "分数",
        "权重",
        "评分标准",
        "评分细则",
        "考核标准",
        "评分方法",
        "计分方法",
        "考核方式",
        "考核内容",
        "考核要点",
        "佐证材料",
        "证明材料",
        "类型",
        "指标类型",
        "序号",
        "牵头单位",
        "配合单位",
        "责任部门",
        "合计",
        "总分",
        "总计",
        "小计",
        "排名",
        "名次",
        "百分制",
        "达标",
        "等次",
        "points",
        "weight",
        "standard",
        "type",
        "no.",
        "total",
        "rank",
    ],
    required: false,
};

/// Whether a header cell names a column other than a unit or an item.
fn is_other_column(name: &str) -> bool {
    header::names(name, &NOT_SCORED) || SCORE_COLUMNS.iter().any(|c| header::names(name, c))
}

/// A score table with one column per unit or one column per item (宽表), read row by row as the
/// rows settle.
struct WideRows {
    header: Header,
    columns: WideColumns,
    /// The next row to read.
    next: usize,
}

enum WideColumns {
    /// 编号 | 三级指标 | 甲区 | 乙区 …: each row an item, each of these columns a unit.
    Units(Vec<(usize, String)>),
    /// 单位 | 1.1.1 | 1.1.2 …: each row a unit, each of these columns an item (its index).
    Items(Vec<(usize, usize)>),
}

impl WideRows {
    /// The wide table whose header lies in the sheet's first rows, decided by the header alone: a
    /// row naming the items (编号 or 三级指标) and no 单位, with columns after them that are not
    /// known columns (the units); or a row naming 单位 and no item column, with columns headed by
    /// the tree's item codes. A header that could be read either way is refused, with its cell.
    fn find(sheet: &Sheet, settled: usize, tree: &IndicatorTree, problems: &mut Vec<Problem>) -> Option<Table> {
        let item_cols = |h: &Header| [h.get(CODE), h.get(ITEM)].into_iter().flatten().max();
        let units_right_of = |row: usize, first: usize| -> Vec<(usize, String)> {
            (first + 1..sheet.width()).filter_map(|c| sheet.text(row, c).map(|t| (c, t.into_owned()))).filter(|(_, t)| !is_other_column(t)).collect()
        };
        let by_units = header::find_where(sheet, &SCORE_COLUMNS, |h| {
            h.get(UNIT).is_none() && item_cols(h).is_some_and(|last| !units_right_of(h.row, last).is_empty())
        });
        let is_code = |row: usize, c: usize| sheet.text(row, c).is_some_and(|t| tree.find(ItemRef::Code(&t)).is_some());
        let by_items = header::find_where(sheet, &SCORE_COLUMNS, |h| {
            h.get(UNIT).is_some_and(|unit| item_cols(h).is_none() && (0..sheet.width()).any(|c| c != unit && is_code(h.row, c)))
        });
        let after = |h: &Header| h.row + 1;
        // Of two headers, the upper one.
        let by_units = by_units.filter(|u| by_items.as_ref().is_none_or(|i| u.row <= i.row));
        let wide = match (by_units, by_items) {
            (Some(mut h), _) => {
                let last = item_cols(&h).unwrap_or_default();
                // Two header rows: "各单位得分" above, the unit names under it in a row of no item
                // (looked at only once it is settled).
                let below = h.row + 1;
                let no_item = below < settled && [h.get(CODE), h.get(ITEM)].into_iter().flatten().all(|c| sheet.text(below, c).is_none());
                if no_item && !units_right_of(below, last).is_empty() {
                    h.row = below;
                }
                let units = units_right_of(h.row, last);
                if let Some((c, code)) = units.iter().find(|(c, _)| is_code(h.row, *c)) {
                    problems.push(Problem::error(sheet.location(h.row, *c), text::unit_or_item_column(code)));
                    return Some(Table::Refused { after: after(&h) });
                }
                let mut kept: Vec<(usize, String)> = Vec::new();
                for (c, unit) in units {
                    match kept.iter().find(|(_, u)| *u == unit) {
                        Some((first, _)) => {
                            problems.push(Problem::error(sheet.location(h.row, c), text::duplicate_unit_column(&unit, sheet.location(h.row, *first))))
                        }
                        None => kept.push((c, unit)),
                    }
                }
                let names = kept.iter().map(|(_, u)| u.as_str()).collect::<Vec<_>>().join("、");
                let at = kept.first().map_or_else(|| sheet.whole(), |&(c, _)| sheet.location(h.row, c));
                problems.push(Problem::warning(at, text::read_by_unit_columns(names)));
                WideRows { columns: WideColumns::Units(kept), next: after(&h), header: h }
            }
            (_, Some(h)) => {
                let unit_col = h.get(UNIT).unwrap_or_default();
                let mut items: Vec<(usize, usize)> = Vec::new();
                for c in (0..sheet.width()).filter(|&c| c != unit_col) {
                    let Some(name) = sheet.text(h.row, c) else { continue };
                    let at = sheet.location(h.row, c);
                    match tree.find(ItemRef::Code(&name)) {
                        Some(i) => match items.iter().find(|(_, seen)| *seen == i) {
                            Some((first, _)) => {
                                problems.push(Problem::error(at, text::duplicate_item_column(&tree.items[i].code, sheet.location(h.row, *first))))
                            }
                            None => items.push((c, i)),
                        },
                        None if is_other_column(&name) => {}
                        None => problems.push(Problem::error(at, text::unknown_code(&name))),
                    }
                }
                // The first and last few: a national table has a hundred columns.
                let code = |&(_, i): &(usize, usize)| tree.items[i].code.as_str();
                let codes = match items.len() {
                    0..=6 => items.iter().map(code).collect::<Vec<_>>().join("、"),
                    n => format!(
                        "{} … {}",
                        items[..3].iter().map(code).collect::<Vec<_>>().join("、"),
                        items[n - 2..].iter().map(code).collect::<Vec<_>>().join("、")
                    ),
                };
                let at = items.first().map_or_else(|| sheet.whole(), |&(c, _)| sheet.location(h.row, c));
                problems.push(Problem::warning(at, text::read_by_item_columns(items.len(), codes)));
                WideRows { columns: WideColumns::Items(items), next: after(&h), header: h }
            }
            (None, None) => return None,
        };
        Some(Table::Wide(wide))
    }
}

impl RowReader for WideRows {
    fn next(&mut self) -> &mut usize {
        &mut self.next
    }

    fn read_row(
        &mut self,
        sheet: &Sheet,
        row: usize,
        tree: &IndicatorTree,
        context: &FileContext,
        entries: &mut Vec<ScoreEntry>,
        problems: &mut Vec<Problem>,
    ) {
        let read = |i: usize| self.header.get(i).and_then(|c| sheet.text(row, c));
        let about = About::of(context.department.clone(), None, None);
        let mut entry = |unit: &str, item: usize, col: usize, problems: &mut Vec<Problem>| {
            let cell = (sheet.cell(row, col), sheet.location(row, col));
            let (value, location) = row_value(Some(cell), None, &tree.items[item], context.penalizes(tree, item), problems)
                .unwrap_or_else(|| (Ok(ScoreValue::Blank), sheet.location(row, col)));
            let value = value.unwrap_or_else(|message| {
                problems.push(Problem::error(location.clone(), message));
                ScoreValue::Invalid
            });
            entries.push(ScoreEntry { unit: Arc::from(unit), item, value, location, round: Round::Own, about: about.clone() });
        };
        match &self.columns {
            WideColumns::Units(units) => {
                let (code, item_text) = (read(CODE), read(ITEM));
                if code.iter().chain(&item_text).any(|t| header::is_footer(t)) {
                    return;
                }
                let item = match (&code, &item_text) {
                    (Some(c), _) => tree.find(ItemRef::Code(c)).ok_or_else(|| (CODE, text::unknown_code(c))),
                    (None, Some(t)) => tree.find(ItemRef::Text(t)).ok_or_else(|| (ITEM, text::unknown_item(t))),
                    (None, None) => {
                        if let Some(&(c, _)) = units.iter().find(|(c, _)| !sheet.cell(row, *c).is_blank()) {
                            problems.push(Problem::error(sheet.location(row, c), text::no_item_reference()));
                        }
                        return;
                    }
                };
                match item {
                    Ok(item) => units.iter().for_each(|(c, unit)| entry(unit, item, *c, problems)),
                    Err((i, message)) => problems.push(Problem::error(sheet.location(row, self.header.get(i).unwrap_or_default()), message)),
                }
            }
            WideColumns::Items(items) => {
                let filled = items.iter().find(|(c, _)| !sheet.cell(row, *c).is_blank());
                match read(UNIT) {
                    Some(unit) if header::is_footer(&unit) => {}
                    Some(unit) => items.iter().for_each(|&(c, item)| entry(&unit, item, c, problems)),
                    None => {
                        if let Some(&(c, _)) = filled {
                            problems.push(Problem::error(sheet.location(row, c), text::row_without_unit()));
                        }
                    }
                }
            }
        }
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
        let at = |col| Location { sheet: Some("表".into()), cell: Some((1, col)), ..Location::file("s.xlsx") };
        let text = |s: &str| if s.is_empty() { Cell::Empty } else { Cell::Text(s.into()) };
        let value = |score: &str, deduction: &str| {
            let (s, d) = (text(score), text(deduction));
            let mut problems = Vec::new();
            let found = row_value(Some((&s, at(2))), Some((&d, at(3))), item, false, &mut problems);
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
    fn a_penalty_item_keeps_what_a_deduction_takes_beyond_its_points() {
        let tree = IndicatorTree::of_texts(&[["一级指标", "二级指标", "三级指标", "分值"], ["一", "甲", "a", "10"]]);
        let at = |col| Location { sheet: Some("表".into()), cell: Some((1, col)), ..Location::file("s.xlsx") };
        let value = |score: &str, deduction: &str, penalized: bool| {
            let cell = |s: &str| if s.is_empty() { Cell::Empty } else { Cell::Text(s.into()) };
            let (s, d) = (cell(score), cell(deduction));
            let mut problems = Vec::new();
            let found = row_value(Some((&s, at(2))), Some((&d, at(3))), &tree.items[0], penalized, &mut problems);
            (found.map(|(v, _)| v), problems.len())
        };
        // 倒扣: 16 off 10 points leaves −6 (0 and 6 倒扣, split when merged), without a warning.
        assert_eq!(value("", "16", true), (Some(Ok(ScoreValue::Points(dec!(-6)))), 0));
        assert_eq!(value("-3", "", true), (Some(Ok(ScoreValue::Points(dec!(-3)))), 0));
        assert_eq!(value("-6", "16", true), (Some(Ok(ScoreValue::Points(dec!(-6)))), 0));
        // Elsewhere a deduction stops at the points and a score below 0 is an error.
        assert_eq!(value("", "16", false), (Some(Ok(ScoreValue::Points(dec!(0)))), 1));
        assert!(matches!(value("-3", "", false).0, Some(Err(_))));
        assert!(matches!(value("12", "", true).0, Some(Err(_))), "above the points is still an error");
    }

    /// The tree of codes 1 and 2, and what a reader finds in a sheet, read whole.
    fn read_whole(rows: &[Vec<&str>]) -> (Vec<String>, Vec<String>) {
        let tree = IndicatorTree::of_texts(&[
            ["一级指标", "二级指标", "三级指标", "编号", "分值"],
            ["一", "甲", "a", "1", "10"],
            ["一", "甲", "b", "2", "10"],
        ]);
        let book = Workbook { sheets: vec![Sheet::of_texts(rows)], defined_names: Vec::new() };
        let (entries, problems) = read_workbook(&book, Location::file("t.xlsx"), &tree, &FileContext::default());
        (
            entries.iter().map(|e| format!("{} {} {} {}", e.unit, e.item, e.value, e.location)).collect(),
            problems.iter().map(ToString::to_string).collect(),
        )
    }

    #[test]
    fn a_wide_table_under_a_two_row_header_names_its_units_from_the_lower_row() {
        let (entries, problems) = read_whole(&[
            vec!["得分表", "", ""],
            vec!["编号", "各单位得分", ""],
            vec!["", "东区", "西区"],
            vec!["1", "8", "不涉及"],
            vec!["2", "", "9"],
            vec!["合计", "8", "9"],
        ]);
        assert_eq!(entries, ["东区 0 8 t.xlsx!指标!B4", "西区 0 不涉及 t.xlsx!指标!C4", "东区 1  t.xlsx!指标!B5", "西区 1 9 t.xlsx!指标!C5"]);
        assert_eq!(problems.len(), 1, "how it was read, and nothing else: {problems:?}");
        assert!(problems[0].starts_with("t.xlsx!指标!B3: 按宽表读取"), "{problems:?}");
    }

    #[test]
    fn a_wide_header_that_reads_both_ways_is_refused() {
        // 编号 makes each row an item, yet a column is headed by the item code 2.
        let (entries, problems) = read_whole(&[vec!["编号", "东区", "2"], vec!["1", "8", "9"]]);
        assert!(entries.is_empty());
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].starts_with("t.xlsx!指标!C1: 表头“2”是指标编号"), "{problems:?}");
        // A 单位 column and item codes: each row a unit.
        let (entries, _) = read_whole(&[vec!["单位", "1", "2", "备注"], vec!["东区", "8", "9", "x"]]);
        assert_eq!(entries, ["东区 0 8 t.xlsx!指标!B2", "东区 1 9 t.xlsx!指标!C2"]);
    }

    #[test]
    fn a_wide_table_read_while_the_sheet_is_parsed_is_read_as_a_whole() {
        let tree = IndicatorTree::of_texts(&[
            ["一级指标", "二级指标", "三级指标", "编号", "分值"],
            ["一", "甲", "a", "1", "10"],
            ["一", "甲", "b", "2", "10"],
        ]);
        let mut rows = vec![vec!["单位".to_string(), "1".into(), "2".into()]];
        rows.extend((0..40).map(|i| vec![format!("单位{i}"), "8".into(), "7".into()]));
        let rows: Vec<Vec<&str>> = rows.iter().map(|r| r.iter().map(String::as_str).collect()).collect();
        let sheet = Sheet::of_texts(&rows);
        let context = FileContext::default();
        let mut reader = BookReader::new(Location::file("t.xlsx"), &tree, &context);
        reader.see(Reading::Names(&[]));
        reader.see(Reading::Rows { sheet: &sheet, settled: 20, done: false });
        reader.see(Reading::Rows { sheet: &sheet, settled: sheet.height(), done: true });
        let (entries, problems) = reader.finish();
        let book = Workbook { sheets: vec![sheet], defined_names: Vec::new() };
        let (expected, expected_problems) = read_workbook(&book, Location::file("t.xlsx"), &tree, &context);
        let show = |e: &[ScoreEntry]| e.iter().map(|e| format!("{} {} {} {}", e.unit, e.item, e.value, e.location)).collect::<Vec<_>>();
        assert_eq!(show(&entries), show(&expected));
        assert_eq!(entries.len(), 80);
        assert_eq!(problems.len(), expected_problems.len());
    }

    #[test]
    fn rows_read_early_are_read_again_when_the_file_was_out_of_order() {
        let tree = IndicatorTree::of_texts(&[
            ["一级指标", "二级指标", "三级指标", "编号", "分值"],
            ["一", "甲", "a", "1", "10"],
            ["一", "甲", "b", "2", "10"],
        ]);
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
        assert_eq!(&*entries[3].unit, "西区", "a blank unit cell means the one above");
        let messages: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(messages, expected_problems.iter().map(ToString::to_string).collect::<Vec<_>>());
        assert_eq!(messages.len(), 1, "{messages:?}");
    }

    #[test]
    fn a_long_csv_read_in_pieces_gives_what_it_gives_read_whole() {
        let tree = IndicatorTree::of_texts(&[
            ["一级指标", "二级指标", "三级指标", "编号", "分值"],
            ["一", "甲", "a", "1", "10"],
            ["一", "甲", "b", "2", "10"],
        ]);
        // 10,000 rows: the reader is shown them in pieces of 4,096 and the grid lets go of those
        // read. A unit is named on every tenth row only (the blank ones below mean it), a piece
        // ending among them; one score is not a score.
        let mut csv = String::from("单位,编号,得分\n");
        for row in 0..10_000 {
            let unit = if row % 10 == 0 { format!("县{}", row / 10) } else { String::new() };
            let score = if row == 9_000 { "优".to_string() } else { (row % 11).to_string() };
            csv += &format!("{unit},{},{score}\n", row % 2 + 1);
        }
        let context = FileContext::default();
        let (entries, problems) = read_bytes(csv.as_bytes(), Format::Csv, "t.csv".into(), &tree, &context).unwrap();
        // Read whole: a reader that is done with no row, so that the grid keeps them all.
        let book = grid::read_bytes(csv.as_bytes(), Format::Csv, "t.csv".into(), Which::First).unwrap();
        assert_eq!(book.sheets[0].height(), 10_001);
        let (expected, expected_problems) = read_workbook(&book, Location::file("t.csv"), &tree, &context);
        let show = |e: &[ScoreEntry]| e.iter().map(|e| format!("{} {} {} {}", e.unit, e.item, e.value, e.location)).collect::<Vec<_>>();
        assert_eq!(show(&entries), show(&expected));
        assert_eq!(entries.len(), 10_000);
        assert_eq!(show(&entries[4_099..4_101]), ["县409 1 7 t.csv!C4101", "县410 0 8 t.csv!C4102"]);
        let messages = |p: &[Problem]| p.iter().map(ToString::to_string).collect::<Vec<_>>();
        assert_eq!(messages(&problems), messages(&expected_problems));
        assert!(messages(&problems)[0].starts_with("t.csv!C9002"), "{problems:?}");
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
