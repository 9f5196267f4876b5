//! Score sheets (评分表): long tables of unit, item and score, as departments and assessors return
//! them. Each score keeps the cell it came from.

use std::borrow::Cow;
use std::sync::Arc;

use rust_decimal::Decimal;

use crate::grid::{self, Cell, Format, Reading, Sheet, Which, Workbook};
use crate::header::{self, Header};
use crate::location::Location;
use crate::metadata::{self, Metadata};
use crate::number::{self, NotRead};
use crate::problem::Problem;
use crate::quant::Figures;
use crate::text::{self, Message};
use crate::tree::{IndicatorTree, Item, ItemKind};
use crate::vocabulary::ColumnNames;

mod columns;
mod items;

use columns::{
    CODE, DEDUCTION, DENOMINATOR, DEPARTMENT, DISPUTED, FIGURE, ITEM, NUMBER, NUMERATOR, REMARK, SCORE, SOURCE, STANDARD, UNIT, VERIFIED,
    VERIFIED_REMARK,
};
use items::{Items, Miss};

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
    /// The figures of a 定量指标 (分子/分母 or 数值), scored by its rule before the scores are merged.
    Figures(Box<Reported>),
}

/// A 定量指标's figures as a row gives them, with their cells and the score typed beside them.
#[derive(Clone, Debug, PartialEq)]
pub struct Reported {
    pub figures: Figures,
    /// 分子 and 分母, or 数值.
    pub cells: Vec<Location>,
    /// A score the unit typed beside its figures: compared with the one computed.
    pub claimed: Option<(Decimal, Location)>,
}

impl std::fmt::Display for ScoreValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ScoreValue::Points(p) => write!(f, "{p}"),
            ScoreValue::NotApplicable => f.write_str(&text::not_applicable_mark()),
            ScoreValue::Figures(r) => match r.figures {
                Figures::Ratio { numerator, denominator } => write!(f, "{numerator}/{denominator}"),
                Figures::Value(v) => write!(f, "{v}"),
            },
            ScoreValue::Blank | ScoreValue::Invalid => Ok(()),
        }
    }
}

impl ScoreValue {
    /// Reads a score cell: a number, a number typed as text ("８分"), or a not-applicable mark.
    pub fn parse(cell: &Cell) -> Result<ScoreValue, Message> {
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
) -> Option<(Result<ScoreValue, Message>, Location)> {
    let from_deduction = |(cell, location): (&Cell, Location), problems: &mut Vec<Problem>| {
        let value = match ScoreValue::parse(cell) {
            Ok(ScoreValue::Points(d)) if d < Decimal::ZERO => Err(text::negative_deduction(d)),
            Ok(ScoreValue::Points(d)) if d > item.points && !penalized => {
                problems.push(Problem::warning(location.clone(), text::deduction_capped(d, item.points, item.label())));
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
fn within_points(value: ScoreValue, item: &Item, penalized: bool) -> Result<ScoreValue, Message> {
    match value {
        // The sign is looked at before comparing: a comparison of decimals costs some forty instructions.
        ScoreValue::Points(p) if p.is_sign_negative() && !p.is_zero() && !penalized => Err(text::below_zero(p)),
        ScoreValue::Points(p) if p > item.points => Err(text::above_points(p, item.points, item.label())),
        _ => Ok(value),
    }
}

/// A 争议 / 申诉 cell: whether it marks the row's score disputed. Anything but a mark, a "no" or a
/// blank is an error message: a dispute is never guessed.
fn disputed_mark(cell: &Cell) -> Result<bool, text::Message> {
    let Cell::Text(t) = cell else {
        return match cell {
            Cell::Empty => Ok(false),
            other => Err(text::not_a_dispute_mark(other.text().unwrap_or_default())),
        };
    };
    match number::fold_width(t).to_lowercase().as_str() {
        "" | "否" | "无" | "×" | "✗" | "no" | "n" | "false" => Ok(false),
        "是" | "√" | "✓" | "✔" | "争议" | "申诉" | "有争议" | "已申诉" | "yes" | "y" | "true" => Ok(true),
        _ => Err(text::not_a_dispute_mark(t.trim())),
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
    /// The row's 争议 / 申诉 column marks the score disputed.
    pub disputed: bool,
}

impl About {
    /// `None` when the row says nothing beyond its value.
    pub fn of(department: Option<Arc<str>>, source: Option<String>, remark: Option<String>) -> Option<Arc<About>> {
        (department.is_some() || source.is_some() || remark.is_some()).then(|| Arc::new(About { department, source, remark, disputed: false }))
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

    pub fn disputed(&self) -> bool {
        self.about.as_ref().is_some_and(|a| a.disputed)
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

/// How score sheets are read, as the scheme and the options say.
#[derive(Clone, Debug, Default)]
pub struct ReadOptions {
    /// Columns named by hand.
    pub columns: ColumnNames,
    /// Every sheet is a deduction list (扣分明细).
    pub deductions_only: bool,
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
    /// Items (by index) the rules declare 加分项 beyond the tree's: an item a deduction list does not
    /// list earned no bonus.
    pub bonus: Vec<usize>,
    /// Columns named by hand (`[columns]`, the page's settings): they win over the header's names.
    pub columns: ColumnNames,
    /// Every sheet is a deduction list (扣分明细): the scheme's `deductions_only`, `--deductions-only`.
    pub deductions_only: bool,
    /// Missing items count as 0 (`--missing zero`): a sheet of deductions not marked as a list is
    /// refused, as every item it does not list would lose all its points.
    pub missing_zero: bool,
    /// Items (by index) scored from figures (定量指标): in a sheet with figure columns, their rows
    /// give figures, not a score.
    pub quant: Vec<usize>,
}

impl FileContext {
    /// Whether a deduction on the item may go past its points (倒扣).
    fn penalizes(&self, tree: &IndicatorTree, item: usize) -> bool {
        tree.items[item].kind == ItemKind::Penalty || self.penalties.contains(&item)
    }

    /// Whether an item is a bonus (加分项).
    fn is_bonus(&self, tree: &IndicatorTree, item: usize) -> bool {
        tree.items[item].kind == ItemKind::Bonus || self.bonus.contains(&item)
    }
}

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
    /// The tree's items as score sheets name them; wrong references said once per file.
    items: Items<'a>,
    /// Who filled the file in, as the command line assumes.
    given: &'a FileContext,
    defined_names: Vec<(String, String)>,
    /// Who filled the file in: its template's word when it has one, else as given. Known once
    /// the template's sheet is read (it comes first) or the first other sheet begins.
    context: Option<FileContext>,
    /// The name of the sheet being read (`Some(None)` for a csv file).
    sheet: Option<Option<Arc<str>>>,
    table: Table,
    /// Where the current sheet's entries, problems and wrong references begin, to take them back
    /// if its rows must be read again.
    marks: (usize, usize, usize),
    tables: usize,
    /// Of the sheets without a score table, the one whose header row was understood best: what
    /// it showed, for the message when the file has no table at all.
    unread: Option<(usize, Location, Message)>,
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
            items: Items::new(tree),
            given,
            defined_names: Vec::new(),
            context: None,
            sheet: None,
            table: Table::Seeking,
            marks: (0, 0, 0),
            tables: 0,
            unread: None,
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
            self.marks = (self.entries.len(), self.problems.len(), self.items.mark());
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
            self.items.truncate(self.marks.2);
            self.table = Table::Seeking;
        }
        if matches!(self.table, Table::Seeking) && (settled >= header::SCAN_ROWS || done) {
            self.table = match TableRows::find(sheet, settled, &context, &mut self.problems) {
                Ok(table) => table,
                Err(seen) => {
                    let after = header::SCAN_ROWS.min(settled);
                    let wide = WideRows::find(sheet, settled, &self.items, &context.columns, &mut self.problems);
                    wide.unwrap_or_else(|| {
                        let understood = seen.found.len();
                        if self.unread.as_ref().is_none_or(|(best, ..)| understood > *best) {
                            self.unread = Some((understood, sheet.whole(), not_found(&seen)));
                        }
                        Table::None { after }
                    })
                }
            };
        }
        let until = if done { sheet.height() } else { settled };
        match &mut self.table {
            Table::Found(rows) => {
                rows.read(sheet, until, &mut self.items, &context, &mut self.entries, &mut self.problems);
                rows.next
            }
            Table::Wide(rows) => {
                rows.read(sheet, until, &mut self.items, &context, &mut self.entries, &mut self.problems);
                rows.next
            }
            // No table to read: none of the rows is needed, however long the sheet.
            Table::Refused { .. } | Table::None { .. } => settled,
            Table::Seeking => 0,
        }
    }

    /// Counts the table of the sheet just read, if it had one, and closes a deduction list.
    fn end_sheet(&mut self) {
        if let Table::Found(rows) = &mut self.table
            && let Some(list) = rows.list.take()
        {
            list.close(self.tree, self.given, &mut self.entries, &mut self.problems);
        }
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
                ..self.given.clone()
            });
        }
        self.context.get_or_insert_default()
    }

    fn finish(mut self) -> (Vec<ScoreEntry>, Vec<Problem>) {
        self.end_sheet();
        self.settle_context(None);
        self.problems.extend(self.items.problems());
        if self.tables == 0 {
            let (at, message) = match self.unread {
                Some((_, at, message)) => (at, message),
                None => (self.place, text::header_not_found(header::SCAN_ROWS, text::score_columns())),
            };
            self.problems.push(Problem::error(at, message));
        }
        (self.entries, self.problems)
    }
}

/// What a sheet without a score header showed: its header cells, the columns found, what is
/// missing with the names accepted for it, and how to name the columns by hand.
fn not_found(seen: &columns::Seen) -> Message {
    let found = text::list(seen.found.iter().map(|(role, col)| format!("{}({col})", text::score_role(columns::role_key(*role)))));
    let mut missing = Vec::new();
    if !seen.items {
        missing.push(text::missing_score_role(text::score_role("item"), columns::accepted(true)));
    }
    if !seen.scores {
        missing.push(text::missing_score_role(text::score_role("score"), columns::accepted(false)));
    }
    let unmatched = text::list(seen.unmatched.iter().map(|(key, name)| format!("{} = {name}", key.name())));
    text::score_header_not_found(header::SCAN_ROWS, text::list(&seen.cells), found, text::clauses(missing), unmatched)
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
    /// A deduction list (扣分明细), or a sheet of deductions watched for what it leaves out.
    list: Option<Deductions>,
}

/// The rows of a score table read as they settle, the long table's or a wide one's.
trait RowReader {
    /// The next row to read.
    fn next(&mut self) -> &mut usize;

    fn read_row(
        &mut self,
        sheet: &Sheet,
        row: usize,
        items: &mut Items<'_>,
        context: &FileContext,
        entries: &mut Vec<ScoreEntry>,
        problems: &mut Vec<Problem>,
    );

    /// Reads the rows from the next one up to `until`.
    fn read(
        &mut self,
        sheet: &Sheet,
        until: usize,
        items: &mut Items<'_>,
        context: &FileContext,
        entries: &mut Vec<ScoreEntry>,
        problems: &mut Vec<Problem>,
    ) {
        for row in *self.next()..until {
            self.read_row(sheet, row, items, context, entries, problems);
        }
        let next = self.next();
        *next = (*next).max(until);
    }
}

/// What a row's item reference gave.
enum Reference {
    /// The row names no item.
    None,
    /// A 合计 or 注 row.
    Footer,
    Item(usize),
    /// A reference that names no item, reported.
    Wrong,
}

/// The item a row names: by its code (编号) — its text, where it names another item, refuses the
/// row — else by its text (the item column, or the standard where the sheet has no item column), a
/// 序号 telling apart items of one text. `after`: the item the row probably is, compared first.
fn reference(header: &Header, sheet: &Sheet, row: usize, items: &mut Items<'_>, after: Option<usize>) -> Reference {
    // The column beside the text: a cell's place is made only for a message.
    let cell = |role: usize| header.get(role).and_then(|c| sheet.text(row, c).map(|t| (t, c)));
    let at = |c: usize| sheet.location(row, c);
    let (code, number) = (cell(CODE), cell(NUMBER));
    let (text, standard) = match cell(ITEM) {
        Some(t) => (Some(t), false),
        None => (cell(STANDARD).filter(|_| header.get(ITEM).is_none()), true),
    };
    if [&code, &number, &text].into_iter().flatten().any(|(t, _)| header::is_footer(t)) {
        return Reference::Footer;
    }
    if code.is_none() && number.is_none() && text.is_none() {
        // A 合计 row closes the table in whichever column it is written.
        let first = (0..sheet.width()).find_map(|c| sheet.text(row, c));
        return if first.is_some_and(|t| header::is_footer(&t)) { Reference::Footer } else { Reference::None };
    }
    let tree = items.tree;
    if let Some((c, code_col)) = &code {
        let next = after.filter(|&i| tree.items.get(i).is_some_and(|item| item.code == **c));
        let Some(i) = next.or_else(|| items.by_code(c)) else {
            // A code of the sheet's own (the tree has none like it), and the text names the item.
            if let Some((t, _)) = &text
                && let Ok(i) = items.by_text(t, standard)
            {
                return Reference::Item(i);
            }
            items.miss(at(*code_col), text::unknown_code(c));
            return Reference::Wrong;
        };
        // The row's text, where it is another item's, says the code is wrong (or the text).
        if let Some((t, text_col)) = &text
            && !standard
            && tree.items[i].name != **t
            && let Ok(j) = items.by_text(t, false)
            && j != i
        {
            let item = |k: usize| format!("{}“{}”", tree.items[k].location, tree.items[k].name);
            items.miss(at(*code_col), text::code_and_text_differ(c, item(i), at(*text_col), item(j)));
            return Reference::Wrong;
        }
        return Reference::Item(i);
    }
    // Looked up only where it decides: most 序号 columns are row numbers beside the text.
    let by_number = |items: &Items<'_>| number.as_ref().and_then(|(n, _)| items.by_code(n));
    let Some((t, text_col)) = &text else {
        return match (by_number(items), number) {
            (Some(i), _) => Reference::Item(i),
            (None, Some((n, c))) => {
                items.miss(at(c), text::unknown_code(&n));
                Reference::Wrong
            }
            (None, None) => Reference::None,
        };
    };
    match items.by_text(t, standard) {
        Ok(i) => Reference::Item(i),
        // 序号 tells apart the items of one text.
        Err(Miss::Ambiguous(among)) if let Some(n) = by_number(items).filter(|n| among.contains(n)) => Reference::Item(n),
        Err(miss) => {
            let message = items.text_message(t, standard, &miss);
            items.miss(at(*text_col), message);
            Reference::Wrong
        }
    }
}

impl TableRows {
    /// The score table whose header lies in the first of the sheet's `settled` rows, or what the
    /// best row showed when there is none.
    fn find(sheet: &Sheet, settled: usize, context: &FileContext, problems: &mut Vec<Problem>) -> Result<Table, columns::Seen> {
        let after = header::SCAN_ROWS.min(settled);
        let header = columns::find_where(sheet, &context.columns, |h| columns::has_scores(h) && columns::names_items(h))?;
        if header.get(UNIT).is_none() && context.unit.is_none() {
            problems.push(Problem::error(sheet.whole(), text::no_unit()));
            return Ok(Table::Refused { after });
        }
        let score_col = header.get(SCORE).or(header.get(DEDUCTION)).or(header.get(VERIFIED)).unwrap_or_default();
        let plain = About::of(context.department.clone(), None, None);
        let list = Deductions::of(sheet, &header, context);
        Ok(Table::Found(TableRows { next: header.row + 1, header, score_col, unit_above: None, item_after: 0, plain, list }))
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
        items: &mut Items<'_>,
        context: &FileContext,
        entries: &mut Vec<ScoreEntry>,
        problems: &mut Vec<Problem>,
    ) {
        let tree = items.tree;
        let col = |i| self.header.get(i);
        let read = |i: usize| col(i).and_then(|c| sheet.text(row, c));
        let owned = |i: usize| read(i).map(Cow::into_owned);
        let item = match reference(&self.header, sheet, row, items, Some(self.item_after)) {
            Reference::Item(i) => {
                self.item_after = i + 1;
                i
            }
            Reference::None => {
                let filled = [col(SCORE), col(DEDUCTION), col(VERIFIED)].into_iter().flatten().find(|&c| !sheet.cell(row, c).is_blank());
                if let Some(c) = filled.filter(|_| read(UNIT).is_none_or(|u| !header::is_footer(&u))) {
                    problems.push(Problem::error(sheet.location(row, c), text::no_item_reference()));
                }
                return;
            }
            Reference::Footer | Reference::Wrong => return,
        };
        let cell = |i: usize| col(i).map(|c| (sheet.cell(row, c), sheet.location(row, c)));
        // In a deduction list a deduction beyond the points is summed, and judged once summed.
        let penalized = context.penalizes(tree, item) || self.list.as_ref().is_some_and(Deductions::sums);
        let figures = columns::has_figures(&self.header)
            .then(|| figures(&self.header, sheet, row, (item, &tree.items[item].code), context, problems))
            .flatten();
        // A sheet with a verified column and no 得分 or 扣分 is a review sheet: verified scores only.
        let own = if let Some(figures) = figures {
            Some(figures)
        } else {
            col(SCORE).or(col(DEDUCTION)).map(|_| {
                let found = row_value(cell(SCORE), cell(DEDUCTION), &tree.items[item], penalized, problems);
                reported(found.unwrap_or_else(|| (Ok(ScoreValue::Blank), sheet.location(row, self.score_col))), problems)
            })
        };
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
        let disputed = cell(DISPUTED).is_some_and(|(c, at)| {
            disputed_mark(c).unwrap_or_else(|message| {
                problems.push(Problem::error(at, message));
                false
            })
        });
        let about = |source: Option<String>, remark: usize| {
            let about = match (&named, source, owned(remark)) {
                (None, None, None) => self.plain.clone(),
                (named, source, remark) => About::of(named.clone().or_else(|| context.department.clone()), source, remark),
            };
            match disputed {
                true => Some(Arc::new(About { disputed: true, ..about.as_deref().cloned().unwrap_or_default() })),
                false => about,
            }
        };
        if let Some(list) = &mut self.list {
            list.note(&unit, item);
            if list.sums()
                && let Some((ScoreValue::Points(value), at)) = &own
            {
                list.add(unit, item, tree.items[item].points - value, at.clone(), about(source, REMARK));
                return;
            }
        }
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

/// A deduction list (扣分明细: 单位 | 项目 or 序号 | 扣分 | 扣分原因, one row per deduction), or a
/// sheet of deductions not said to be one, watched for the items it leaves out.
struct Deductions {
    /// The sheet, where the items not listed are said to keep their points.
    sheet: Location,
    /// `None` for a list; for a sheet of deductions not marked as one, its 扣分 header cell, where
    /// `--missing zero` is refused if it leaves items out.
    unmarked: Option<Location>,
    /// The items each unit's rows list, units in order.
    listed: Vec<(Arc<str>, Vec<bool>)>,
    /// Each unit's and item's deductions summed: the cells, the sum, the first row's remark and the rest.
    sums: Vec<Deduction>,
}

struct Deduction {
    unit: Arc<str>,
    item: usize,
    total: Decimal,
    cells: Vec<Location>,
    about: Option<Arc<About>>,
    remarks: Vec<String>,
}

impl Deductions {
    /// A list when the sheet says it is one (its name or title says 扣分明细) or the run does; a
    /// sheet with 扣分 and no 得分 is watched when missing items count as 0.
    fn of(sheet: &Sheet, header: &Header, context: &FileContext) -> Option<Deductions> {
        const WORD: &str = "扣分明细";
        let titled = (0..header.row).any(|r| (0..sheet.width()).any(|c| sheet.text(r, c).is_some_and(|t| t.contains(WORD))));
        let marked = context.deductions_only || sheet.name.as_deref().is_some_and(|n| n.contains(WORD)) || titled;
        let deductions_only = header.get(SCORE).is_none() && header.get(VERIFIED).is_none();
        let unmarked = match (marked, header.get(DEDUCTION)) {
            (true, _) => None,
            (false, Some(c)) if deductions_only && context.missing_zero => Some(sheet.location(header.row, c)),
            _ => return None,
        };
        Some(Deductions { sheet: sheet.whole(), unmarked, listed: Vec::new(), sums: Vec::new() })
    }

    /// Whether rows are summed: a list's are.
    fn sums(&self) -> bool {
        self.unmarked.is_none()
    }

    /// A row lists the unit's item.
    fn note(&mut self, unit: &Arc<str>, item: usize) {
        let at = match self.listed.iter().position(|(u, _)| u == unit) {
            Some(at) => at,
            None => {
                self.listed.push((unit.clone(), Vec::new()));
                self.listed.len() - 1
            }
        };
        let items = &mut self.listed[at].1;
        if items.len() <= item {
            items.resize(item + 1, false);
        }
        items[item] = true;
    }

    fn add(&mut self, unit: Arc<str>, item: usize, deduction: Decimal, at: Location, about: Option<Arc<About>>) {
        let remark = about.as_ref().and_then(|a| a.remark.clone());
        match self.sums.iter_mut().find(|d| d.item == item && d.unit == unit) {
            Some(sum) => {
                sum.total += deduction;
                sum.cells.push(at);
                sum.remarks.extend(remark);
                // Disputed where any of its rows says so.
                if about.as_ref().is_some_and(|a| a.disputed) && !sum.about.as_ref().is_some_and(|a| a.disputed) {
                    sum.about = Some(Arc::new(About { disputed: true, ..sum.about.as_deref().cloned().unwrap_or_default() }));
                }
            }
            None => self.sums.push(Deduction { unit, item, total: deduction, cells: vec![at], about, remarks: Vec::new() }),
        }
    }

    /// The sheet read: each listed item scored by its deductions summed, each item not listed at
    /// its full points (a bonus item at 0: a list of deductions grants no bonus), said once per unit.
    /// A sheet of deductions not marked as a list that leaves items out is refused under `--missing zero`.
    fn close(self, tree: &IndicatorTree, context: &FileContext, entries: &mut Vec<ScoreEntry>, problems: &mut Vec<Problem>) {
        if let Some(at) = self.unmarked {
            let short: Vec<&str> =
                self.listed.iter().filter(|(_, l)| l.iter().filter(|x| **x).count() < tree.items.len()).map(|(u, _)| &**u).collect();
            if !short.is_empty() {
                problems.push(Problem::error(at, text::deductions_not_marked(text::list(short))));
            }
            return;
        }
        for sum in self.sums {
            let points = tree.items[sum.item].points;
            let first = sum.cells[0].clone();
            if sum.total > points && !context.penalizes(tree, sum.item) {
                let cells = text::list(sum.cells.iter().map(ToString::to_string));
                let at = sum.cells.last().cloned().unwrap_or(first);
                problems.push(Problem::error(at.clone(), text::deductions_exceed(sum.total, points, tree.items[sum.item].label(), cells)));
                // Reported here: the item is not missing as well.
                entries.push(ScoreEntry { unit: sum.unit, item: sum.item, value: ScoreValue::Invalid, location: at, round: Round::Own, about: None });
                continue;
            }
            let about = match sum.remarks.is_empty() {
                true => sum.about,
                false => {
                    let first = sum.about.as_ref().and_then(|a| a.remark.clone());
                    let remark = first.into_iter().chain(sum.remarks).collect::<Vec<_>>().join(";");
                    let about = sum.about.as_deref().cloned().unwrap_or_default();
                    Some(Arc::new(About { remark: Some(remark), ..about }))
                }
            };
            entries.push(ScoreEntry {
                unit: sum.unit,
                item: sum.item,
                value: ScoreValue::Points(points - sum.total),
                location: first,
                round: Round::Own,
                about,
            });
        }
        for (unit, listed) in self.listed {
            let unlisted: Vec<usize> = (0..tree.items.len()).filter(|&i| !listed.get(i).copied().unwrap_or(false)).collect();
            if unlisted.is_empty() {
                continue;
            }
            for &i in &unlisted {
                let value = if context.is_bonus(tree, i) { Decimal::ZERO } else { tree.items[i].points };
                let location = self.sheet.clone();
                entries.push(ScoreEntry { unit: unit.clone(), item: i, value: ScoreValue::Points(value), location, round: Round::Own, about: None });
            }
            problems.push(Problem::warning(self.sheet.clone(), text::unlisted_full_points(&unit, unlisted.len())));
        }
    }
}

/// The figures of a row in a sheet with figure columns: `None` when the row gives none and the item
/// is not a 定量指标 (its score is read as usual). A 定量指标's row with a score and no figures, half a
/// ratio, 分子 above 分母, or counts that are not whole are reported at their cells and marked invalid.
fn figures(
    header: &Header,
    sheet: &Sheet,
    row: usize,
    (item, code): (usize, &str),
    context: &FileContext,
    problems: &mut Vec<Problem>,
) -> Option<(ScoreValue, Location)> {
    let cell = |role: usize| header.get(role).map(|c| (sheet.cell(row, c), sheet.location(row, c)));
    let filled = |role: usize| cell(role).filter(|(c, _)| !c.is_blank());
    let (numerator, denominator, figure) = (filled(NUMERATOR), filled(DENOMINATOR), filled(FIGURE));
    let quant = context.quant.contains(&item);
    let first = [NUMERATOR, FIGURE, DENOMINATOR].into_iter().find_map(cell).map(|(_, at)| at).unwrap_or_else(|| sheet.whole());
    let invalid = |at: Location, message: Message, problems: &mut Vec<Problem>| {
        problems.push(Problem::error(at.clone(), message));
        Some((ScoreValue::Invalid, at))
    };
    let blank = numerator.is_none() && denominator.is_none() && figure.is_none();
    if !quant && !blank {
        let at = numerator.as_ref().or(denominator.as_ref()).or(figure.as_ref()).map_or(first, |(_, at)| at.clone());
        return invalid(at, text::quant_no_rule(code), problems);
    }
    // No count or rate is near a quadrillion: beyond it a figure is a typing slip, and the rule's
    // arithmetic stays far from a decimal's limits.
    let most = Decimal::from(1_000_000_000_000_000u64);
    let number = |(c, at): (&Cell, Location), problems: &mut Vec<Problem>| match ScoreValue::parse(c) {
        Ok(ScoreValue::Points(v)) if v > most => Err(invalid(at, text::quant_figure_too_large(v.normalize()), problems)),
        Ok(ScoreValue::Points(v)) if !v.is_sign_negative() || v.is_zero() => Ok((v, at)),
        Ok(ScoreValue::Points(v)) => Err(invalid(at, text::below_zero(v), problems)),
        _ => Err(invalid(at, text::quant_not_a_figure(c.text().unwrap_or_default()), problems)),
    };
    let count = |found: (&Cell, Location), problems: &mut Vec<Problem>| {
        let (v, at) = number(found, problems)?;
        if v.fract().is_zero() { Ok((v, at)) } else { Err(invalid(at, text::quant_not_whole(code, v.normalize()), problems)) }
    };
    let (figures, cells) = match (numerator, denominator, figure) {
        (None, None, None) => {
            return match (quant, filled(SCORE).or(filled(DEDUCTION))) {
                (true, Some(_)) => invalid(first, text::quant_figures_missing(code), problems),
                (true, None) => Some((ScoreValue::Blank, first)),
                (false, _) => None,
            };
        }
        (Some(n), Some(d), None) => {
            let (n, d) = match (count(n, problems), count(d, problems)) {
                (Ok(n), Ok(d)) => (n, d),
                (Err(e), _) | (_, Err(e)) => return e,
            };
            if n.0 > d.0 {
                return invalid(n.1, text::quant_numerator_above(code, n.0.normalize(), d.0.normalize()), problems);
            }
            (Figures::Ratio { numerator: n.0.normalize(), denominator: d.0.normalize() }, vec![n.1, d.1])
        }
        (None, None, Some(v)) => match number(v, problems) {
            Ok((v, at)) => (Figures::Value(v.normalize()), vec![at]),
            Err(e) => return e,
        },
        (Some(_), None, None) => return invalid(cell(DENOMINATOR).map_or(first, |(_, at)| at), text::quant_half_ratio(code), problems),
        (None, Some(_), None) => return invalid(cell(NUMERATOR).map_or(first, |(_, at)| at), text::quant_half_ratio(code), problems),
        (_, _, Some((_, at))) => return invalid(at, text::quant_ratio_and_figure(code), problems),
    };
    let claimed = filled(SCORE).and_then(|(c, at)| match ScoreValue::parse(c) {
        Ok(ScoreValue::Points(p)) => Some((p, at)),
        _ => None,
    });
    let at = cells[0].clone();
    Some((ScoreValue::Figures(Box::new(Reported { figures, cells, claimed })), at))
}

/// A cell's value, or its message reported and the value marked invalid.
fn reported((value, location): (Result<ScoreValue, Message>, Location), problems: &mut Vec<Problem>) -> (ScoreValue, Location) {
    match value {
        Ok(v) => (v, location),
        Err(message) => {
            problems.push(Problem::error(location.clone(), message));
            (ScoreValue::Invalid, location)
        }
    }
}

/// Whether a header cell names a column other than a unit or an item: any name of the vocabulary
/// (the tree's own columns copied next to the scores, row numbers, evidence, totals and ranks).
fn is_other_column(name: &str) -> bool {
    crate::vocabulary::of_header(name).is_some()
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
    fn find(sheet: &Sheet, settled: usize, found: &Items<'_>, named: &ColumnNames, problems: &mut Vec<Problem>) -> Option<Table> {
        let tree = found.tree;
        let item_cols = |h: &Header| [h.get(CODE), h.get(NUMBER), h.get(ITEM)].into_iter().flatten().max();
        let units_right_of = |row: usize, first: usize| -> Vec<(usize, String)> {
            (first + 1..sheet.width()).filter_map(|c| sheet.text(row, c).map(|t| (c, t.into_owned()))).filter(|(_, t)| !is_other_column(t)).collect()
        };
        let by_units =
            columns::find_where(sheet, named, |h| h.get(UNIT).is_none() && item_cols(h).is_some_and(|last| !units_right_of(h.row, last).is_empty()))
                .ok();
        let is_code = |row: usize, c: usize| sheet.text(row, c).is_some_and(|t| found.by_code(&t).is_some());
        // A column per item is headed by its code, or by its text as the published table prints it.
        let item_of = |name: &str| found.by_code(name).or_else(|| found.by_text(name, false).ok());
        let by_items = columns::find_where(sheet, named, |h| {
            h.get(UNIT).is_some_and(|unit| {
                item_cols(h).is_none() && (0..sheet.width()).any(|c| c != unit && sheet.text(h.row, c).is_some_and(|t| item_of(&t).is_some()))
            })
        })
        .ok();
        let after = |h: &Header| h.row + 1;
        // Of two headers, the upper one.
        let by_units = by_units.filter(|u| by_items.as_ref().is_none_or(|i| u.row <= i.row));
        let wide =
            match (by_units, by_items) {
                (Some(mut h), _) => {
                    let last = item_cols(&h).unwrap_or_default();
                    // Two header rows: "各单位得分" above, the unit names under it in a row of no item
                    // (looked at only once it is settled).
                    let below = h.row + 1;
                    let no_item =
                        below < settled && [h.get(CODE), h.get(NUMBER), h.get(ITEM)].into_iter().flatten().all(|c| sheet.text(below, c).is_none());
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
                            Some((first, _)) => problems
                                .push(Problem::error(sheet.location(h.row, c), text::duplicate_unit_column(&unit, sheet.location(h.row, *first)))),
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
                        match item_of(&name) {
                            Some(i) => match items.iter().find(|(_, seen)| *seen == i) {
                                Some((first, _)) => problems
                                    .push(Problem::error(at, text::duplicate_item_column(tree.items[i].label(), sheet.location(h.row, *first)))),
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
        found: &mut Items<'_>,
        context: &FileContext,
        entries: &mut Vec<ScoreEntry>,
        problems: &mut Vec<Problem>,
    ) {
        let tree = found.tree;
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
            WideColumns::Units(units) => match reference(&self.header, sheet, row, found, None) {
                Reference::Item(item) => units.iter().for_each(|(c, unit)| entry(unit, item, *c, problems)),
                Reference::None => {
                    if let Some(&(c, _)) = units.iter().find(|(c, _)| !sheet.cell(row, *c).is_blank()) {
                        problems.push(Problem::error(sheet.location(row, c), text::no_item_reference()));
                    }
                }
                Reference::Footer | Reference::Wrong => {}
            },
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
        let at = |col| Location { cell: Some((1, col)), ..Location::sheet("s.xlsx", Some("表".into())) };
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
        assert!(matches!(value("8", "两分").0, Some((Err(m), l)) if l == "s.xlsx!表!D2" && m.to_string().contains("不是有效扣分")));
        assert!(matches!(value("", "-1").0, Some((Err(_), _))));
        assert_eq!(value("", "").0, None);
    }

    #[test]
    fn a_penalty_item_keeps_what_a_deduction_takes_beyond_its_points() {
        let tree = IndicatorTree::of_texts(&[["一级指标", "二级指标", "三级指标", "分值"], ["一", "甲", "a", "10"]]);
        let at = |col| Location { cell: Some((1, col)), ..Location::sheet("s.xlsx", Some("表".into())) };
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
    fn a_published_header_reads_its_last_tier_as_the_items_and_its_own_score_names() {
        // 自评分 is the unit's score, 考核分 the verified one; the item's text as a clerk copies it.
        let (entries, problems) = read_whole(&[
            vec!["考核得分表", "", "", "", "", ""],
            vec!["单位", "一级指标", "考核内容", "分值", "自评分", "考核分"],
            vec!["东区", "一", "1.a(10分)", "10", "9", "8"],
        ]);
        assert_eq!(entries, ["东区 0 9 t.xlsx!指标!E3", "东区 0 8 t.xlsx!指标!F3"]);
        assert!(problems.is_empty(), "{problems:?}");
    }

    #[test]
    fn a_code_and_a_text_of_two_items_are_refused_and_a_code_of_the_sheets_own_gives_way_to_the_text() {
        let (entries, problems) = read_whole(&[vec!["单位", "编号", "三级指标", "得分"], vec!["东区", "1", "b", "8"], vec!["东区", "X9", "b", "7"]]);
        assert_eq!(entries, ["东区 1 7 t.xlsx!指标!D3"]);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].starts_with("t.xlsx!指标!B2: 编号“1”是 t.xlsx!指标!C2“a”,而同一行 t.xlsx!指标!C2 的指标名称是 t.xlsx!指标!C3“b”"),
            "{problems:?}"
        );
    }

    #[test]
    fn a_sheet_naming_its_items_by_their_scoring_standard_alone_is_read_by_it() {
        let tree = IndicatorTree::of_texts(&[
            ["一级指标", "三级指标", "评分标准", "分值"],
            ["一", "a", "未公开的扣2分", "10"],
            ["一", "b", "未备案的不得分", "10"],
        ]);
        let sheet = Sheet::of_texts(&[["单位", "评分标准", "得分"], ["东区", "未备案的不得分。", "6"]]);
        let book = Workbook { sheets: vec![sheet], defined_names: Vec::new() };
        let (entries, problems) = read_workbook(&book, Location::file("t.xlsx"), &tree, &FileContext::default());
        assert_eq!((entries.len(), entries[0].item, problems.len()), (1, 1, 0), "{problems:?}");
    }

    #[test]
    fn a_wrong_item_is_said_once_for_every_unit_that_repeats_it() {
        let (entries, problems) = read_whole(&[
            vec!["单位", "三级指标", "得分"],
            vec!["东区", "zz", "8"],
            vec!["西区", "zz", "8"],
            vec!["南区", "zz", "8"],
            vec!["南区", "a", "8"],
        ]);
        assert_eq!(entries, ["南区 0 8 t.xlsx!指标!C5"]);
        assert_eq!(problems, ["t.xlsx!指标!B2: 未知的指标“zz”(指标体系中没有,去掉编号、分值和标点后也没有)(另有 2 处相同: B3、B4)"]);
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
