//! The annual result workbook (年度结果): summary and ranking, level-1 rates, item detail, lost
//! points, departments, verdicts, notes and charts, written with rust_xlsxwriter.
//!
//! Totals are live formulas over the detail sheet with the tool's own values stored as their
//! results, so the file opens with the right numbers and recomputes to the same ones. The bytes
//! depend on the inputs only: the document date is `--date` or a fixed one, never the clock.

mod rows;

use std::collections::HashMap;
use std::io;
use std::ops::Range;
use std::str::FromStr;

use rust_decimal::Decimal;
use rust_xlsxwriter::utility::{column_number_to_name, row_col_to_cell};
use rust_xlsxwriter::{
    Chart, ChartType, ColNum, Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Formula, RowNum, Workbook, Worksheet, XlsxError,
};
use sha2::{Digest, Sha256};
use smallvec::SmallVec;

use crate::departments::DepartmentScore;
use crate::engine::{Evaluation, UnitResult};
use crate::location::InputFile;
use crate::merge::ItemScore;
use crate::number::{self, display, round_half_up};
use crate::pipeline::Outcome;
use crate::previous::{Changes, Previous};
use crate::quant::Figures;
use crate::report::rule_lines;
use crate::rules::{Basis, RankStyle, Rules};
use crate::score::quant;
use crate::scores::Round;
use crate::stability::Report;
use crate::text::{self, Both};
use crate::tree::IndicatorTree;
use rows::{Cell, Measure, RowSheet, Style};

/// A calendar date written 2025-01-31.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

impl FromStr for Date {
    type Err = ();

    fn from_str(s: &str) -> Result<Date, ()> {
        let mut parts = s.trim().splitn(3, '-').map(|p| p.parse::<u16>().map_err(drop));
        let (year, month, day) = (parts.next().ok_or(())??, parts.next().ok_or(())??, parts.next().ok_or(())??);
        let date = Date { year, month: u8::try_from(month).map_err(drop)?, day: u8::try_from(day).map_err(drop)? };
        ExcelDateTime::from_ymd(date.year, date.month, date.day).map_err(drop)?;
        Ok(date)
    }
}

impl Date {
    /// A date as the office typed it (`--date`, the page's and the service's `date`); none when left
    /// empty, and the sentence saying how to write one when it is not a date.
    pub fn typed(text: Option<&str>) -> Result<Option<Date>, text::Message> {
        text.filter(|t| !t.trim().is_empty()).map(|t| t.parse().map_err(|()| text::bad_date(t))).transpose()
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Everything the workbook shows: a run's outcome, seen by the sheets.
struct ResultBook<'a> {
    tree: &'a IndicatorTree,
    evaluation: &'a Evaluation,
    rules: &'a Rules,
    score_files: &'a [InputFile],
    /// Last year's result, for the year-over-year columns.
    previous: Option<&'a Previous>,
    departments: &'a [DepartmentScore],
    /// How each 定量指标 was computed, by unit (in rank order) and item: 明细 shows it.
    computed: HashMap<(usize, usize), Computed>,
    /// The date of the notes and of the document; without it the document carries a fixed date.
    date: Option<Date>,
    /// The round's name (the scheme's, or the tree's title), for the ranking sheets' titles.
    title: Option<&'a str>,
}

impl ResultBook<'_> {
    /// The title row of a ranking sheet: the round's name, the sheet, the date.
    fn title(&self, sheet: Both) -> String {
        text::sheet_title(self.title, text::one(sheet), self.date.map(|d| d.to_string()))
    }
}

// Columns of the detail sheet (明细), one row per unit and item, that formulas refer to.
const D_POINTS: ColNum = 5;
const D_SCORE: ColNum = 6;
const DETAIL_HEADERS: [Both; 10] = [
    text::COL_UNIT,
    text::COL_CODE,
    text::COL_LEVEL1,
    text::COL_LEVEL2,
    text::COL_ITEM,
    text::COL_POINTS,
    text::COL_ITEM_SCORE,
    text::COL_LOST,
    text::COL_REASON,
    text::COL_SOURCE,
];
/// With 倒扣项, the detail sheet's last column: each item's 倒扣.
const D_PENALTY: ColNum = DETAIL_HEADERS.len() as ColNum;

// Columns of the summary sheet (汇总) that formulas and charts refer to.
const S_RANK: ColNum = 0;
const S_UNIT: ColNum = 1;
const S_OBTAINED: ColNum = 2;
const S_MAXIMUM: ColNum = 3;
const S_SCORE: ColNum = 4;
const S_GRADE: ColNum = 5;
const S_ELIGIBLE: ColNum = 6;
const S_PREVIOUS_SCORE: ColNum = 7;
const S_PREVIOUS_RANK: ColNum = 8;
const S_CHANGE: ColNum = 9;
const S_RANK_CHANGE: ColNum = 10;
// Rows of the summary sheet: its title, its header, then the units in rank order.
const S_HEADER: RowNum = 1;
const S_FIRST: RowNum = 2;

/// Writes the workbook of a run into `out`, which takes it as it is put together (a file: it is then
/// never all in memory); `date` is the date of its notes and of the document, without which the
/// document carries a fixed one. With a stability report, the 排名稳定性 sheet is added.
pub fn write<W: io::Write + io::Seek>(outcome: &Outcome, date: Option<Date>, stability: Option<&Report<'_>>, out: W) -> Result<W, XlsxError> {
    let book = &ResultBook {
        tree: &outcome.tree,
        evaluation: &outcome.evaluation,
        rules: &outcome.rules,
        score_files: &outcome.files,
        previous: outcome.year.as_ref().map(|y| &y.previous),
        departments: outcome.departments(),
        computed: computed(outcome),
        date,
        title: outcome.title.as_deref(),
    };
    let formats = Formats::new(book.rules.decimals);
    let mut workbook = Workbook::new();
    workbook.set_zip_compression_level(COMPRESSION);
    // A fixed creation time keeps two runs on the same inputs byte-identical.
    let created = match book.date {
        Some(d) => ExcelDateTime::from_ymd(d.year, d.month, d.day)?,
        None => ExcelDateTime::from_ymd(2000, 1, 1)?,
    };
    workbook.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let names = Names::new(book);
    let detail = Detail { book, names: &names };
    // The row sheets are measured for their placeholders (扣分 sorted first) while the first sheets are built.
    let lost_measured = || {
        let lost = Lost::new(book, &names);
        let measure = rows::measure(&lost, &names.widths);
        (lost, measure)
    };
    let ((detail_measure, (lost, lost_measure)), first) = rayon::join(
        || rayon::join(|| rows::measure(&detail, &names.widths), lost_measured),
        || Ok::<_, XlsxError>([Some(summary(book, &formats)?), level1(book, &formats)?]),
    );
    for sheet in first?.into_iter().flatten() {
        workbook.push_worksheet(sheet);
    }
    let row_sheets: [(&dyn RowSheet, &Measure); 2] = [(&detail, &detail_measure), (&lost, &lost_measure)];
    let mut spliced = Vec::new();
    for (sheet, measure) in row_sheets {
        workbook.push_worksheet(placeholder(sheet, measure, &formats)?);
        spliced.push((workbook.worksheets().len(), sheet, measure));
    }
    if !book.departments.is_empty() {
        workbook.push_worksheet(department_ranking(book, &formats)?);
    }
    workbook.push_worksheet(verdicts(book, &formats)?);
    if book.evaluation.rounds.is_some() {
        workbook.push_worksheet(review(book, &formats)?);
    }
    if let Some(changes) = outcome.year.as_ref().map(|y| &y.changes) {
        workbook.push_worksheet(year_over_year(changes, &formats)?);
    }
    if let Some(report) = stability {
        workbook.push_worksheet(rank_stability(report, &formats)?);
    }
    workbook.push_worksheet(notes(book, &formats)?);
    workbook.push_worksheet(charts(book)?);
    let package = workbook.save_to_buffer()?;
    // Its sheets' cells are written out: freed before the row sheets are.
    drop(workbook);
    Ok(rows::splice(&package, &spliced, &names.texts, COMPRESSION.into(), out)?)
}

/// Deflate level 2, not 6: at national scale (2,844 units) compressing was the largest part of
/// the run. Level 2 took 1.8 s where level 3 took 2.5 s, for a file 2 % larger (31.6 MB); level 1
/// was no faster and 30 % larger.
const COMPRESSION: u8 = 2;

/// A row sheet's stand-in: everything but its rows, and the probe row that tells the splice which
/// style number each format received.
fn placeholder(sheet: &dyn RowSheet, measure: &Measure, formats: &Formats) -> Result<Worksheet, XlsxError> {
    let mut page = Page::new(sheet.name(), &sheet.headers(), formats)?;
    for (col, (&width, &wrapped)) in measure.widths.iter().zip(&measure.wrapped).enumerate() {
        page.widen(col as ColNum, width);
        if wrapped {
            page.wrap(col as ColNum);
        }
    }
    for (col, style) in rows::probed(measure).enumerate() {
        page.sheet.write_blank(1, col as ColNum, formats.of(style))?;
    }
    page.finish(1, sheet.frozen_cols())
}

struct Formats {
    title: Format,
    header: Format,
    text: Format,
    wrap: Format,
    points: Format,
    /// Points with more decimals than are shown, to [`number::SHOWN_DECIMALS`].
    combined: Format,
    score: Format,
    low: Format,
    change: Format,
    rank_change: Format,
}

impl Formats {
    fn new(decimals: u32) -> Formats {
        let fixed_to = |decimals: u32| if decimals == 0 { "0".to_string() } else { format!("0.{}", "0".repeat(decimals as usize)) };
        let fixed = fixed_to(decimals);
        // Top-aligned: beside a wrapped cell of several lines, a one-line cell reads at its top.
        let cell = Format::new().set_border(FormatBorder::Thin).set_font_name("宋体").set_align(FormatAlign::Top);
        Formats {
            title: Format::new()
                .set_font_name("宋体")
                .set_font_size(TITLE_SIZE as f64)
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            header: cell.clone().set_bold().set_align(FormatAlign::Center).set_text_wrap().set_background_color(Color::RGB(0xDDEBF7)),
            text: cell.clone(),
            wrap: cell.clone().set_text_wrap(),
            points: cell.clone().set_num_format("General"),
            combined: cell.clone().set_num_format(fixed_to(number::SHOWN_DECIMALS)),
            score: cell.clone().set_num_format(&fixed),
            low: cell.clone().set_num_format(&fixed).set_font_color(Color::RGB(0x9C0006)).set_background_color(Color::RGB(0xFFC7CE)),
            change: cell.clone().set_num_format(format!("+{fixed};-{fixed};{fixed}")),
            rank_change: cell.set_num_format("+0;-0;0"),
        }
    }

    fn of(&self, style: Style) -> &Format {
        match style {
            Style::Header => &self.header,
            Style::Text => &self.text,
            Style::Wrap => &self.wrap,
            Style::Points => &self.points,
            Style::Combined => &self.combined,
        }
    }

    /// The format of points: as they are, or to the decimals shown when they have more.
    fn points_of(&self, value: Decimal) -> &Format {
        self.of(points_style(value))
    }
}

fn points_style(value: Decimal) -> Style {
    if number::is_long(value) { Style::Combined } else { Style::Points }
}

/// A worksheet being filled, remembering how wide each column's text is and which cells wrap.
struct Page {
    sheet: Worksheet,
    widths: Vec<usize>,
    wrapped: Vec<ColNum>,
    /// Rows above the header: 1 with a title.
    top: RowNum,
    /// The title, wrapped over the sheet's width: its row's height is set when the widths are known.
    title: Option<String>,
    /// The wrapped texts that may take more than a line, for their rows' heights.
    texts: Vec<(RowNum, ColNum, String)>,
}

impl Page {
    /// A page on a new worksheet, its header in the first row.
    fn new(name: Both, headers: &[String], formats: &Formats) -> Result<Page, XlsxError> {
        Page::titled(name, None, headers, formats)
    }

    /// A page whose header is below a title row, when `title` is given.
    fn titled(name: Both, title: Option<&str>, headers: &[String], formats: &Formats) -> Result<Page, XlsxError> {
        let mut sheet = Worksheet::new();
        sheet.set_name(text::one(name))?;
        let top = RowNum::from(title.is_some());
        let mut page = Page { sheet, widths: Vec::new(), wrapped: Vec::new(), top, title: title.map(String::from), texts: Vec::new() };
        if let Some(title) = title {
            let last = headers.len().saturating_sub(1) as ColNum;
            if last > 0 {
                page.sheet.merge_range(0, 0, 0, last, title, &formats.title)?;
            } else {
                page.sheet.write_string_with_format(0, 0, title, &formats.title)?;
            }
        }
        for (col, h) in headers.iter().enumerate() {
            page.text(top, col as ColNum, h, &formats.header)?;
        }
        Ok(page)
    }

    fn note_width(&mut self, col: ColNum, shown: &str) {
        self.widen(col, rows::widest_line(shown));
    }

    fn widen(&mut self, col: ColNum, width: usize) {
        let col = col as usize;
        if self.widths.len() <= col {
            self.widths.resize(col + 1, 0);
        }
        self.widths[col] = self.widths[col].max(width);
    }

    fn wrap(&mut self, col: ColNum) {
        if !self.wrapped.contains(&col) {
            self.wrapped.push(col);
        }
    }

    fn text(&mut self, row: RowNum, col: ColNum, value: &str, format: &Format) -> Result<(), XlsxError> {
        self.note_width(col, value);
        match rows::escaped_underscores(value) {
            Some(own) => self.sheet.write_rich_string_with_format(row, col, &[(&Format::default(), own.as_str())], format)?,
            None => self.sheet.write_string_with_format(row, col, value, format)?,
        };
        Ok(())
    }

    /// A header cell that wraps at [`rows::HEADING_CAP`] columns: the 一级 names over their columns.
    fn heading(&mut self, row: RowNum, col: ColNum, value: &str, formats: &Formats) -> Result<(), XlsxError> {
        self.widen(col, rows::widest_line(value).min(rows::HEADING_CAP));
        self.sheet.write_string_with_format(row, col, value, &formats.header)?;
        self.texts.push((row, col, value.to_string()));
        Ok(())
    }

    fn wrapped_text(&mut self, row: RowNum, col: ColNum, value: &str, formats: &Formats) -> Result<(), XlsxError> {
        self.wrap(col);
        self.text(row, col, value, &formats.wrap)?;
        self.texts.push((row, col, value.to_string()));
        Ok(())
    }

    fn number(&mut self, row: RowNum, col: ColNum, value: Decimal, shown: &str, format: &Format) -> Result<(), XlsxError> {
        self.note_width(col, shown);
        self.sheet.write_number_with_format(row, col, float(value), format)?;
        Ok(())
    }

    /// A formula with the tool's own value stored as its result.
    fn formula(&mut self, row: RowNum, col: ColNum, formula: &str, result: &str, format: &Format) -> Result<(), XlsxError> {
        self.note_width(col, result);
        self.sheet.write_formula_with_format(row, col, Formula::new(formula).set_result(result), format)?;
        Ok(())
    }

    /// Column widths for Chinese text (a CJK character is two columns wide); the header rows frozen
    /// and repeated on every printed page; rows as high as their wrapped text; A4 landscape, one
    /// page wide where that keeps the print at [`MIN_SCALE`] or larger, else across pages with the
    /// first `frozen_cols` (the unit) repeated on each; page numbers in the footer.
    fn finish(mut self, header_rows: RowNum, frozen_cols: ColNum) -> Result<Worksheet, XlsxError> {
        let widths: Vec<usize> =
            self.widths.iter().enumerate().map(|(col, &width)| rows::column_width(width, self.wrapped.contains(&(col as ColNum)))).collect();
        for (col, &width) in widths.iter().enumerate() {
            self.sheet.set_column_width(col as ColNum, width as f64)?;
        }
        // Set, not left to the program that opens the file: LibreOffice keeps a row one line high
        // and lets its wrapped text run over the rows below.
        let mut lines: Vec<(RowNum, usize)> = self.texts.iter().map(|(row, col, text)| (*row, rows::lines_in(text, widths[*col as usize]))).collect();
        lines.sort_unstable();
        for same in lines.chunk_by(|a, b| a.0 == b.0) {
            let (row, most) = (same[0].0, same.iter().map(|l| l.1).max().unwrap_or(1));
            if most > 1 {
                self.sheet.set_row_height(row, rows::row_height(most))?;
            }
        }
        if let Some(title) = &self.title {
            // Its letters are a size larger than the cells': as many more columns wide.
            let room = widths.iter().sum::<usize>() * TEXT_SIZE / TITLE_SIZE;
            self.sheet.set_row_height(0, rows::lines_in(title, room) as f64 * TITLE_LINE)?;
        }
        let (first, last) = (self.top, self.top + header_rows - 1);
        self.sheet.set_freeze_panes(last + 1, frozen_cols)?;
        self.sheet.set_repeat_rows(first, last)?;
        self.sheet.set_landscape().set_paper_size(9).set_footer(text::page_footer());
        if print_scale(&widths) >= MIN_SCALE {
            self.sheet.set_print_fit_to_pages(1, 0);
        } else if frozen_cols > 0 {
            self.sheet.set_repeat_columns(0, frozen_cols - 1)?;
        }
        Ok(self.sheet)
    }
}

/// The cells' and the title's font sizes, in points, and the height of a line of the title.
const TEXT_SIZE: usize = 11;
const TITLE_SIZE: usize = 13;
const TITLE_LINE: f64 = 22.0;
/// The smallest scale a sheet is printed at to fit one page wide: below it the text is too small
/// to read, and the sheet goes across pages instead.
const MIN_SCALE: f64 = 0.6;

/// The scale at which columns this wide fit one A4 landscape page wide: Excel's default margins
/// leave 10.29 inches, 988 pixels at 96 dpi, and a column `w` characters wide is `7w + 5` pixels
/// in Excel; LibreOffice without Calibri lays the same column out wider (9.4 pixels a character
/// measured), so `9.5w + 5` is taken, which keeps the scale at [`MIN_SCALE`] or more in both.
fn print_scale(widths: &[usize]) -> f64 {
    let pixels: f64 = widths.iter().map(|&w| 9.5 * w as f64 + 5.0).sum();
    if widths.is_empty() { 1.0 } else { (988.0 / pixels).min(1.0) }
}

/// Writes one row left to right, in the order of the sheet's headers.
struct Line<'p> {
    page: &'p mut Page,
    row: RowNum,
    col: ColNum,
}

impl Page {
    fn line(&mut self, row: RowNum) -> Line<'_> {
        Line { page: self, row, col: 0 }
    }
}

impl Line<'_> {
    fn text(&mut self, value: &str, format: &Format) -> Result<&mut Self, XlsxError> {
        self.page.text(self.row, self.col, value, format)?;
        self.col += 1;
        Ok(self)
    }

    fn wrapped(&mut self, value: &str, formats: &Formats) -> Result<&mut Self, XlsxError> {
        self.page.wrapped_text(self.row, self.col, value, formats)?;
        self.col += 1;
        Ok(self)
    }

    fn number(&mut self, value: Decimal, shown: &str, format: &Format) -> Result<&mut Self, XlsxError> {
        self.page.number(self.row, self.col, value, shown, format)?;
        self.col += 1;
        Ok(self)
    }

    /// Points, printed as they are: 10, 8.5.
    fn points(&mut self, value: Decimal, formats: &Formats) -> Result<&mut Self, XlsxError> {
        self.number(value, &plain(value), &formats.points)
    }
}

/// The nearest double to the decimal: Excel cells hold doubles. Decimal's text always parses.
fn float(value: Decimal) -> f64 {
    value.to_string().parse().unwrap_or(f64::NAN)
}

/// Exact decimals without trailing zeros, as formula results: 1010, 8.5.
fn plain(d: Decimal) -> String {
    d.normalize().to_string()
}

fn headers(names: &[Both]) -> Vec<String> {
    names.iter().map(|&n| text::one(n)).collect()
}

fn sheet_ref(name: Both) -> String {
    format!("'{}'!", text::one(name))
}

/// A column range of one sheet as a formula operand: 'sheet'!G2:G113.
fn range(sheet: Both, col: ColNum, first: RowNum, last: RowNum) -> String {
    let c = column_number_to_name(col);
    format!("{}{c}{}:{c}{}", sheet_ref(sheet), first + 1, last + 1)
}

/// The row of the detail sheet holding a unit's item (units in rank order, items in tree order).
fn detail_row(tree: &IndicatorTree, unit: usize, item: usize) -> RowNum {
    (1 + unit * tree.items.len() + item) as RowNum
}

/// Points obtained and possible over detail rows: a not-applicable score is text, so it leaves
/// both sums.
fn sums(first: RowNum, last: RowNum) -> (String, String) {
    let scores = range(text::SHEET_DETAIL, D_SCORE, first, last);
    let points = range(text::SHEET_DETAIL, D_POINTS, first, last);
    (format!("SUM({scores})"), format!("SUMPRODUCT(ISNUMBER({scores})*{points})"))
}

/// The 100-point conversion as Excel computes it; multiplying first, as the engine does.
fn converted(obtained: &str, maximum: &str, decimals: u32) -> String {
    format!("ROUND({obtained}*100/{maximum},{decimals})")
}

fn below_threshold(rules: &Rules, unit: &UnitResult) -> bool {
    !rules.threshold.is_met(unit.exact, unit.score)
}

/// The summary's columns; the year-over-year ones only with last year's result. The threshold
/// comes last: the score chart draws it as a line.
fn summary_headers(with_previous: bool, penalized: bool, with_rounds: bool) -> Vec<Both> {
    let mut names = vec![text::COL_RANK, text::COL_UNIT, text::COL_OBTAINED, text::COL_MAXIMUM, text::COL_SCORE, text::COL_GRADE, text::COL_ELIGIBLE];
    if with_previous {
        names.extend([text::COL_PREVIOUS_SCORE, text::COL_PREVIOUS_RANK, text::COL_CHANGE, text::COL_RANK_CHANGE]);
    }
    if penalized {
        names.push(text::COL_PENALTY);
    }
    if with_rounds {
        names.extend([text::COL_OWN_SCORE, text::COL_DIFFERENCE]);
    }
    names.push(text::COL_THRESHOLD);
    names
}

fn summary(book: &ResultBook<'_>, formats: &Formats) -> Result<Worksheet, XlsxError> {
    let (rules, tree, units) = (book.rules, book.tree, &book.evaluation.units);
    let d = rules.decimals;
    let previous = book.previous;
    let with_rounds = book.evaluation.rounds.is_some();
    let penalized = !rules.penalty_items.is_empty();
    let names = summary_headers(previous.is_some(), penalized, with_rounds);
    let threshold_col = (names.len() - 1) as ColNum;
    // With a review round, the self-score and verified − self stand just before the threshold, 倒扣 before them.
    let own_col = threshold_col.saturating_sub(2);
    let penalty_col = if with_rounds { threshold_col - 3 } else { threshold_col - 1 };
    let mut page = Page::titled(text::SHEET_SUMMARY, Some(&book.title(text::SHEET_SUMMARY)), &headers(&names), formats)?;
    let last_row = S_FIRST + units.len() as RowNum - 1;
    // RANK() is competition ranking on the cell's value; other rankings are written as numbers.
    let rank_formula = rules.rank_style == RankStyle::Competition && rules.rank_on == Basis::Rounded;
    for (i, u) in units.iter().enumerate() {
        let row = S_FIRST + i as RowNum;
        let cell = |col| row_col_to_cell(row, col);
        if rank_formula {
            let scores = format!("${c}${}:${c}${}", S_FIRST + 1, last_row + 1, c = column_number_to_name(S_SCORE));
            page.formula(row, S_RANK, &format!("RANK({},{scores})", cell(S_SCORE)), &u.rank.to_string(), &formats.text)?;
        } else {
            page.number(row, S_RANK, u.rank.into(), &u.rank.to_string(), &formats.text)?;
        }
        page.text(row, S_UNIT, &u.unit, &formats.text)?;
        let (obtained, maximum) = sums(detail_row(tree, i, 0), detail_row(tree, i, tree.items.len() - 1));
        page.formula(row, S_OBTAINED, &obtained, &plain(u.raw), formats.points_of(u.raw))?;
        page.formula(row, S_MAXIMUM, &maximum, &plain(u.max), &formats.points)?;
        // 倒扣 comes off the points obtained before the conversion, which stops at 0.
        let obtained = if penalized {
            let (first, last) = (detail_row(tree, i, 0), detail_row(tree, i, tree.items.len() - 1));
            let penalties = format!("SUM({})", range(text::SHEET_DETAIL, D_PENALTY, first, last));
            page.formula(row, penalty_col, &penalties, &plain(u.penalty), &formats.points)?;
            format!("MAX(0,{}-{})", cell(S_OBTAINED), cell(penalty_col))
        } else {
            cell(S_OBTAINED)
        };
        let score_format = if below_threshold(rules, u) { &formats.low } else { &formats.score };
        let shown = display(u.score, d);
        if book.evaluation.weighted {
            page.number(row, S_SCORE, u.score, &shown, score_format)?;
        } else {
            let m = cell(S_MAXIMUM);
            page.formula(row, S_SCORE, &format!("IF({m}=0,0,{})", converted(&obtained, &m, d)), &shown, score_format)?;
        }
        page.text(row, S_GRADE, u.grade.as_deref().unwrap_or_default(), &formats.text)?;
        page.text(row, S_ELIGIBLE, &yes_no(u.eligible), &formats.text)?;
        if let Some(before) = previous.and_then(|p| p.unit(&u.unit)) {
            page.number(row, S_PREVIOUS_SCORE, before.score, &display(before.score, d), &formats.score)?;
            page.number(row, S_PREVIOUS_RANK, before.rank.into(), &before.rank.to_string(), &formats.text)?;
            let change = format!("{}-{}", cell(S_SCORE), cell(S_PREVIOUS_SCORE));
            page.formula(row, S_CHANGE, &change, &plain(u.score - before.score), &formats.change)?;
            // Positive when the unit moved up.
            let moved = i64::from(before.rank) - i64::from(u.rank);
            let formula = format!("{}-{}", cell(S_PREVIOUS_RANK), cell(S_RANK));
            page.formula(row, S_RANK_CHANGE, &formula, &moved.to_string(), &formats.rank_change)?;
        }
        if let Some(own) = &u.own {
            page.number(row, own_col, own.score, &display(own.score, d), &formats.score)?;
            let difference = format!("{}-{}", cell(S_SCORE), cell(own_col));
            page.formula(row, own_col + 1, &difference, &plain(u.score - own.score), &formats.change)?;
        }
        page.number(row, threshold_col, rules.threshold.value, &plain(rules.threshold.value), &formats.points)?;
    }
    page.finish(1, 2)
}

/// 一级指标: each unit's rate, points obtained and possible per 一级 indicator; none for a tree
/// without 一级 indicators (说明 says so).
fn level1(book: &ResultBook<'_>, formats: &Formats) -> Result<Option<Worksheet>, XlsxError> {
    let (tree, rules) = (book.tree, book.rules);
    if tree.level1.is_empty() {
        return Ok(None);
    }
    let n = tree.level1.len() as ColNum;
    let mut page = Page::new(text::SHEET_LEVEL1, &[text::one(text::COL_UNIT)], formats)?;
    // Two header rows: the measure over its block, the 一级 indicators under it.
    for (block, name) in [text::COL_RATE, text::COL_OBTAINED, text::COL_MAXIMUM].into_iter().enumerate() {
        let first = 1 + block as ColNum * n;
        if n > 1 {
            page.sheet.merge_range(0, first, 0, first + n - 1, &text::one(name), &formats.header)?;
        } else {
            page.text(0, first, &text::one(name), &formats.header)?;
        }
        for (j, g) in tree.level1.iter().enumerate() {
            page.heading(1, first + j as ColNum, &g.name, formats)?;
        }
    }
    page.sheet.merge_range(0, 0, 1, 0, &text::one(text::COL_UNIT), &formats.header)?;
    // The items of a 一级 indicator are consecutive in the tree.
    let spans: Vec<Option<(usize, usize)>> = (0..tree.level1.len())
        .map(|j| {
            let first = tree.items.iter().position(|item| item.level1 == Some(j))?;
            let last = tree.items.iter().rposition(|item| item.level1 == Some(j))?;
            Some((first, last))
        })
        .collect();
    for (i, u) in book.evaluation.units.iter().enumerate() {
        let row = i as RowNum + 2;
        page.text(row, 0, &u.unit, &formats.text)?;
        for (j, node) in u.level1.iter().enumerate() {
            let (rate_col, obtained_col, maximum_col) = (1 + j as ColNum, 1 + n + j as ColNum, 1 + 2 * n + j as ColNum);
            match spans[j] {
                Some((first, last)) => {
                    let (obtained, maximum) = sums(detail_row(tree, i, first), detail_row(tree, i, last));
                    page.formula(row, obtained_col, &obtained, &plain(node.raw), formats.points_of(node.raw))?;
                    page.formula(row, maximum_col, &maximum, &plain(node.max), &formats.points)?;
                }
                None => {
                    page.number(row, obtained_col, node.raw, "0", &formats.points)?;
                    page.number(row, maximum_col, node.max, "0", &formats.points)?;
                }
            }
            // A 一级 indicator of which nothing applies shows the not-applicable mark: a formula's
            // stored result cannot be an empty string.
            let na = text::not_applicable_mark();
            let shown = node.rate.map_or_else(|| na.clone(), |r| display(r, rules.decimals));
            if book.evaluation.weighted || spans[j].is_none() {
                match node.rate {
                    Some(r) => page.number(row, rate_col, round_half_up(r, rules.decimals), &shown, &formats.score)?,
                    None => page.text(row, rate_col, &na, &formats.score)?,
                }
            } else {
                let (o, m) = (row_col_to_cell(row, obtained_col), row_col_to_cell(row, maximum_col));
                let formula = format!("IF({m}=0,\"{na}\",{})", converted(&o, &m, rules.decimals));
                page.formula(row, rate_col, &formula, &shown, &formats.score)?;
            }
        }
    }
    page.finish(2, 1).map(Some)
}

/// The names the item sheets repeat on every row — units, codes, 一级 and 二级 indicators, items —
/// kept once in the workbook's shared strings: at national scale this makes the sheets' XML, and
/// the time to compress it, half as large.
struct Names<'a> {
    texts: Vec<&'a str>,
    /// The widest line of each text, for the placeholders' column widths.
    widths: Vec<usize>,
    /// Where the codes, 一级, 二级 and item names start in `texts`; the units come first.
    codes: u32,
    level1: u32,
    level2: u32,
    items: u32,
}

impl<'a> Names<'a> {
    fn new(book: &'a ResultBook<'a>) -> Names<'a> {
        let tree = book.tree;
        let mut texts: Vec<&str> = book.evaluation.units.iter().map(|u| u.unit.as_str()).collect();
        let codes = texts.len() as u32;
        texts.extend(tree.items.iter().map(|i| i.code.as_str()));
        let level1 = texts.len() as u32;
        texts.extend(tree.level1.iter().map(|g| g.name.as_str()));
        let level2 = texts.len() as u32;
        texts.extend(tree.level2.iter().map(|g| g.name.as_str()));
        let items = texts.len() as u32;
        texts.extend(tree.items.iter().map(|i| i.name.as_str()));
        let widths = texts.iter().map(|t| rows::widest_line(t)).collect();
        Names { texts, widths, codes, level1, level2, items }
    }

    fn unit(&self, unit: usize, style: Style) -> Cell<'a> {
        Cell::Shared(unit as u32, style)
    }

    fn code(&self, item: usize, style: Style) -> Cell<'a> {
        self.at(self.codes, item, style)
    }

    /// A tier the tree does not have is an empty cell: absent, not invented. Long names wrap, so
    /// that the detail sheet prints one page wide.
    fn level1(&self, group: Option<usize>) -> Cell<'a> {
        group.map_or(Cell::Text("", Style::Text), |g| self.at(self.level1, g, Style::Wrap))
    }

    fn level2(&self, group: Option<usize>) -> Cell<'a> {
        group.map_or(Cell::Text("", Style::Text), |g| self.at(self.level2, g, Style::Wrap))
    }

    fn item(&self, item: usize, style: Style) -> Cell<'a> {
        self.at(self.items, item, style)
    }

    fn at(&self, start: u32, index: usize, style: Style) -> Cell<'a> {
        Cell::Shared(start + index as u32, style)
    }
}

/// 明细: every item of every unit, units in rank order; the totals' formulas sum its rows.
struct Detail<'a> {
    book: &'a ResultBook<'a>,
    names: &'a Names<'a>,
}

impl RowSheet for Detail<'_> {
    fn name(&self) -> Both {
        text::SHEET_DETAIL
    }

    fn headers(&self) -> Vec<String> {
        let mut names = DETAIL_HEADERS.to_vec();
        names.extend(penalized(self.book).then_some(text::COL_PENALTY));
        if !self.book.computed.is_empty() {
            names.extend([text::COL_NUMERATOR, text::COL_DENOMINATOR, text::COL_FIGURE, text::COL_COMPUTED]);
        }
        headers(&names)
    }

    fn frozen_cols(&self) -> ColNum {
        2
    }

    /// 一级指标, 二级指标 and 扣分原因: wrapped, so that the sheet prints one page wide.
    fn narrow(&self) -> &'static [usize] {
        &[2, 3, 8]
    }

    fn row_count(&self) -> usize {
        self.book.evaluation.units.len() * self.book.tree.items.len()
    }

    fn rows(&self, rows: Range<usize>, row: &mut dyn FnMut(&[Cell<'_>]) -> io::Result<()>) -> io::Result<()> {
        let (tree, names) = (self.book.tree, self.names);
        let na = text::not_applicable_mark();
        // Units in rank order, each with its items in tree order.
        for (u, i) in rows.map(|r| (r / tree.items.len(), r % tree.items.len())) {
            let (item, score) = (&tree.items[i], &self.book.evaluation.units[u].items[i]);
            let (value, lost) = match score.value {
                Some(v) => (Cell::Number(v, points_style(v)), Cell::Number(item.points - v, points_style(item.points - v))),
                None => (Cell::Text(&na, Style::Text), Cell::Text("", Style::Text)),
            };
            let mut cells: SmallVec<[Cell<'_>; 15]> = SmallVec::new();
            cells.extend([
                names.unit(u, Style::Text),
                names.code(i, Style::Text),
                names.level1(item.level1),
                names.level2(item.level2),
                names.item(i, Style::Wrap),
                Cell::Number(item.points, Style::Points),
                value,
                lost,
                Cell::Text(score.remark.as_deref().unwrap_or_default(), Style::Wrap),
                Cell::Sources(&score.sources),
            ]);
            // The 倒扣 and the figures' columns, each where the run has them.
            if penalized(self.book) {
                cells.push(penalty_cell(score));
            }
            if !self.book.computed.is_empty() {
                let blank = || Cell::Text("", Style::Text);
                match self.book.computed.get(&(u, i)) {
                    Some(c) => {
                        let number = |v: Decimal| Cell::Number(v, points_style(v));
                        match c.figures {
                            // 0/0 has no rate.
                            Figures::Ratio { numerator, denominator } if denominator.is_zero() => {
                                cells.extend([number(numerator), number(denominator), blank()])
                            }
                            Figures::Ratio { numerator, denominator } => cells.extend([number(numerator), number(denominator), number(c.figure)]),
                            Figures::Value(v) => cells.extend([blank(), blank(), number(v)]),
                        }
                        cells.push(Cell::Text(&c.words, Style::Wrap));
                    }
                    None => cells.extend([blank(), blank(), blank(), blank()]),
                }
            }
            row(&cells)?;
        }
        Ok(())
    }
}

/// A 定量指标's figures in 明细: as reported (read back as last year's), the figure scored (the rate,
/// or the count) and how the points came about.
struct Computed {
    figures: Figures,
    figure: Decimal,
    words: String,
}

/// Each measurement (the verified round's over the unit's own), by the unit's place in the ranking
/// and the item.
fn computed(outcome: &Outcome) -> HashMap<(usize, usize), Computed> {
    let place: HashMap<&str, usize> = outcome.evaluation.units.iter().enumerate().map(|(i, u)| (u.unit.as_str(), i)).collect();
    let mut computed = HashMap::new();
    let mut measured: Vec<_> = outcome.measured.iter().collect();
    measured.sort_by_key(|m| m.round == Round::Verified);
    for m in measured {
        let (Some(&u), Some(rule)) = (place.get(&*m.unit), outcome.rules.quant.get(&outcome.tree.items[m.item].code)) else { continue };
        let words = quant::describe(&outcome.tree, rule, m);
        computed.insert((u, m.item), Computed { figures: m.figures, figure: m.computed.figure, words });
    }
    computed
}

/// Whether the rules have 倒扣项: 汇总, 明细 and 扣分 then have a 倒扣 column.
fn penalized(book: &ResultBook<'_>) -> bool {
    !book.rules.penalty_items.is_empty()
}

/// An item's 倒扣, blank when it has none.
fn penalty_cell(score: &ItemScore) -> Cell<'static> {
    if score.penalty.is_zero() { Cell::Text("", Style::Text) } else { Cell::Number(score.penalty, Style::Points) }
}

/// 扣分: every item that lost points (倒扣 included), the largest losses first.
struct Lost<'a> {
    book: &'a ResultBook<'a>,
    names: &'a Names<'a>,
    /// The unit's and the item's index: two numbers a row, not the decimals, for a national run's
    /// 250,000 rows.
    rows: Vec<(u32, u32)>,
}

impl<'a> Lost<'a> {
    fn new(book: &'a ResultBook<'a>, names: &'a Names<'a>) -> Lost<'a> {
        let items = &book.tree.items;
        let mut rows = Vec::new();
        for (u, unit) in book.evaluation.units.iter().enumerate() {
            for (i, score) in unit.items.iter().enumerate() {
                if score.value.is_some_and(|v| v < items[i].points || !score.penalty.is_zero()) {
                    rows.push((u as u32, i as u32));
                }
            }
        }
        let lost = Lost { book, names, rows: Vec::new() };
        // A stable sort keeps units by rank and items in tree order among equals.
        rows.sort_by_cached_key(|&(u, i)| std::cmp::Reverse(lost.lost(u, i).0 + book.evaluation.units[u as usize].items[i as usize].penalty));
        Lost { rows, ..lost }
    }

    /// Points lost within the item's points, and the score, of a row.
    fn lost(&self, u: u32, i: u32) -> (Decimal, Decimal) {
        let score = self.book.evaluation.units[u as usize].items[i as usize].value.unwrap_or_default();
        (self.book.tree.items[i as usize].points - score, score)
    }
}

impl RowSheet for Lost<'_> {
    fn name(&self) -> Both {
        text::SHEET_LOST
    }

    fn headers(&self) -> Vec<String> {
        headers(
            &[
                text::COL_UNIT,
                text::COL_CODE,
                text::COL_ITEM,
                text::COL_POINTS,
                text::COL_ITEM_SCORE,
                text::COL_LOST,
                text::COL_REASON,
                text::COL_SOURCE,
            ]
            .into_iter()
            .chain(penalized(self.book).then_some(text::COL_PENALTY))
            .collect::<Vec<_>>(),
        )
    }

    fn frozen_cols(&self) -> ColNum {
        1
    }

    fn row_count(&self) -> usize {
        self.rows.len()
    }

    fn rows(&self, rows: Range<usize>, row: &mut dyn FnMut(&[Cell<'_>]) -> io::Result<()>) -> io::Result<()> {
        let names = self.names;
        for &(u, i) in &self.rows[rows] {
            let (amount, value) = self.lost(u, i);
            let (u, i) = (u as usize, i as usize);
            let score = &self.book.evaluation.units[u].items[i];
            let cells = [
                names.unit(u, Style::Text),
                names.code(i, Style::Text),
                names.item(i, Style::Wrap),
                Cell::Number(self.book.tree.items[i].points, Style::Points),
                Cell::Number(value, points_style(value)),
                Cell::Number(amount, points_style(amount)),
                Cell::Text(score.remark.as_deref().unwrap_or_default(), Style::Wrap),
                Cell::Sources(&score.sources),
                penalty_cell(score),
            ];
            row(&cells[..cells.len() - usize::from(!penalized(self.book))])?;
        }
        Ok(())
    }
}

fn department_ranking(book: &ResultBook<'_>, formats: &Formats) -> Result<Worksheet, XlsxError> {
    let rules = book.rules;
    let names = [text::COL_RANK, text::COL_DEPARTMENT, text::COL_ITEMS, text::COL_OBTAINED, text::COL_MAXIMUM, text::COL_RATE];
    let mut page = Page::titled(text::SHEET_DEPARTMENTS, Some(&book.title(text::SHEET_DEPARTMENTS)), &headers(&names), formats)?;
    // Over all units together, ranked like units (rounded or exact, tie style); see `departments`.
    for (r, dept) in book.departments.iter().enumerate() {
        let mut line = page.line(r as RowNum + 2);
        match dept.rank {
            Some(rank) => line.number(rank.into(), &rank.to_string(), &formats.text)?,
            None => line.text("", &formats.text)?,
        };
        line.text(&dept.department, &formats.text)?
            .points(dept.items.into(), formats)?
            .points(dept.obtained, formats)?
            .points(dept.possible, formats)?;
        match dept.rate {
            // Published rounded, like the units' scores and rates.
            Some(rate) => line.number(round_half_up(rate, rules.decimals), &display(rate, rules.decimals), &formats.score)?,
            None => line.text(&text::not_applicable_mark(), &formats.text)?,
        };
    }
    page.finish(1, 2)
}

fn verdicts(book: &ResultBook<'_>, formats: &Formats) -> Result<Worksheet, XlsxError> {
    let rules = book.rules;
    let names = [text::COL_RANK, text::COL_UNIT, text::COL_SCORE, text::COL_GRADE, text::COL_ELIGIBLE, text::COL_REASONS];
    let mut page = Page::titled(text::SHEET_VERDICTS, Some(&book.title(text::SHEET_VERDICTS)), &headers(&names), formats)?;
    for (i, u) in book.evaluation.units.iter().enumerate() {
        let score_format = if below_threshold(rules, u) { &formats.low } else { &formats.score };
        page.line(i as RowNum + 2)
            .number(u.rank.into(), &u.rank.to_string(), &formats.text)?
            .text(&u.unit, &formats.text)?
            .number(u.score, &display(u.score, rules.decimals), score_format)?
            .text(u.grade.as_deref().unwrap_or_default(), &formats.text)?
            .text(&yes_no(u.eligible), &formats.text)?
            .wrapped(&u.reasons.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"), formats)?;
    }
    page.finish(1, 2)
}

/// 排名稳定性: the stability report's rows (ranks as numbers), its notes under them.
fn rank_stability(report: &Report<'_>, formats: &Formats) -> Result<Worksheet, XlsxError> {
    let mut page = Page::new(text::SHEET_STABILITY, &report.headers(), formats)?;
    let rows = report.rows();
    for (i, row) in rows.iter().enumerate() {
        let mut line = page.line(i as RowNum + 1);
        for (col, cell) in row.iter().enumerate() {
            // The rank and the median rank are whole numbers: sortable as numbers.
            let numeric = col == 1 || (col == 2 && report.stability.is_some());
            match Decimal::from_str(cell) {
                Ok(n) if numeric => line.number(n, cell, &formats.text)?,
                _ => line.wrapped(cell, formats)?,
            };
        }
    }
    for (i, note) in report.notes().iter().enumerate() {
        // Not measured: a sentence under the table does not widen its first column.
        page.sheet.write_string_with_format((rows.len() + 2 + i) as RowNum, 0, note, &formats.text)?;
    }
    page.finish(1, 1)
}

/// 核定对比: every adjusted item of every unit (self → verified, the difference, the reason, both
/// cells), units in rank order, the largest cuts first within a unit.
fn review(book: &ResultBook<'_>, formats: &Formats) -> Result<Worksheet, XlsxError> {
    let names = [
        text::COL_UNIT,
        text::COL_CODE,
        text::COL_ITEM,
        text::COL_POINTS,
        text::COL_OWN_SCORE,
        text::COL_VERIFIED,
        text::COL_DIFFERENCE,
        text::COL_VERIFIED_REASON,
        text::COL_OWN_SOURCE,
        text::COL_VERIFIED_SOURCE,
    ];
    let mut page = Page::new(text::SHEET_REVIEW, &headers(&names), formats)?;
    let na = text::not_applicable_mark();
    let mut row = 1;
    for unit in &book.evaluation.units {
        for i in crate::rounds::adjusted(unit) {
            let (item, score) = (&book.tree.items[i], &unit.items[i]);
            let Some(review) = score.review.as_deref() else { continue };
            let mut line = page.line(row);
            line.text(&unit.unit, &formats.text)?.text(&item.code, &formats.text)?.wrapped(&item.name, formats)?.points(item.points, formats)?;
            for value in [review.own, score.value] {
                match value {
                    Some(v) => line.points(v, formats)?,
                    None => line.text(&na, &formats.text)?,
                };
            }
            match crate::rounds::adjustment(score) {
                Some(a) => line.number(a, &plain(a), &formats.points)?,
                None => line.text(&text::applicability_changed(), &formats.text)?,
            };
            let (mut own_cells, mut cells) = (String::new(), String::new());
            line.wrapped(score.remark.as_deref().unwrap_or_default(), formats)?
                .wrapped(rows::sources_text(&review.own_sources, &mut own_cells), formats)?
                .wrapped(rows::sources_text(&score.sources, &mut cells), formats)?;
            row += 1;
        }
    }
    page.finish(1, 2)
}

fn yes_no(yes: bool) -> String {
    if yes { text::yes() } else { text::no() }
}

fn year_over_year(changes: &Changes, formats: &Formats) -> Result<Worksheet, XlsxError> {
    let names = [text::COL_KIND, text::COL_NAME, text::COL_THIS_YEAR, text::COL_LAST_YEAR];
    let mut page = Page::new(text::SHEET_CHANGES, &headers(&names), formats)?;
    let mut rows: Vec<[String; 4]> = Vec::new();
    let empty = String::new;
    rows.extend(changes.units_added.iter().map(|u| [text::change_unit_added(), u.clone(), empty(), empty()]));
    rows.extend(changes.units_removed.iter().map(|u| [text::change_unit_removed(), u.clone(), empty(), empty()]));
    rows.extend(changes.items_added.iter().map(|(c, t)| [text::change_item_added(), c.clone(), t.clone(), empty()]));
    rows.extend(changes.items_removed.iter().map(|(c, t)| [text::change_item_removed(), c.clone(), empty(), t.clone()]));
    rows.extend(changes.items_reworded.iter().map(|(c, now, before)| [text::change_item_reworded(), c.clone(), now.clone(), before.clone()]));
    if rows.is_empty() {
        rows.push([text::no_changes(), empty(), empty(), empty()]);
    }
    for (r, values) in rows.iter().enumerate() {
        for (col, value) in values.iter().enumerate() {
            page.wrapped_text(r as RowNum + 1, col as ColNum, value, formats)?;
        }
    }
    page.finish(1, 1)
}

/// A short hash of the rules that shaped the numbers, to tell two schemes apart.
/// Every rule, in a stable order (the maps are ordered), hashed: two runs under the same rules agree.
fn rules_fingerprint(rules: &Rules) -> String {
    Sha256::digest(format!("{rules:?}").as_bytes()).iter().take(8).map(|b| format!("{b:02x}")).collect()
}

fn notes(book: &ResultBook<'_>, formats: &Formats) -> Result<Worksheet, XlsxError> {
    let (tree, rules) = (book.tree, book.rules);
    let mut page = Page::new(text::SHEET_NOTES, &headers(&[text::COL_WHAT, text::COL_VALUE]), formats)?;
    let mut rows: Vec<(String, String)> = vec![
        (text::notes_tree(), tree.source.to_string()),
        (String::new(), text::notes_tree_shape(tree.level1.len(), tree.level2.len(), tree.items.len(), plain(tree.total_points()))),
        (text::notes_tree_fingerprint(), tree.fingerprint()),
        (text::notes_rules_fingerprint(), rules_fingerprint(rules)),
    ];
    let mut rule_rows = rule_lines(rules, book.evaluation);
    rule_rows.push(text::notes_formulas(book.evaluation.weighted));
    if !book.departments.is_empty() {
        rule_rows.push(text::notes_departments());
    }
    rows.extend(rule_rows.into_iter().map(|line| (text::notes_rule(), line)));
    // A sheet with nothing to show is left out, and said so here.
    let left_out = [
        tree.level1.is_empty().then(|| text::left_out_level1(text::one(text::SHEET_LEVEL1))),
        book.departments.is_empty().then(|| text::left_out_departments(text::one(text::SHEET_DEPARTMENTS))),
    ];
    rows.extend(left_out.into_iter().flatten().map(|line| (text::notes_left_out(), line)));
    rows.push((text::notes_inputs(), String::new()));
    rows.extend(book.tree.input.iter().chain(book.score_files).map(|f| (f.path.display().to_string(), f.sha256_hex())));
    if let Some(Previous { input, .. }) = book.previous {
        rows.push((text::notes_previous(), format!("{}  {}", input.path.display(), input.sha256_hex())));
    }
    rows.push((text::notes_version(), format!("zhibiao {}", env!("CARGO_PKG_VERSION"))));
    rows.push((text::notes_date(), book.date.map_or_else(text::notes_no_date, |d| d.to_string())));
    for (r, (what, value)) in rows.iter().enumerate() {
        page.text(r as RowNum + 1, 0, what, &formats.text)?;
        page.wrapped_text(r as RowNum + 1, 1, value, formats)?;
    }
    page.finish(1, 0)
}

/// Unit scores as columns with the threshold as a line; 一级 rates of the first and last units
/// as a radar.
fn charts(book: &ResultBook<'_>) -> Result<Worksheet, XlsxError> {
    let mut sheet = Worksheet::new();
    sheet.set_name(text::one(text::SHEET_CHARTS))?;
    sheet.set_landscape().set_paper_size(9).set_print_fit_to_pages(1, 1).set_footer(text::page_footer());
    let units = &book.evaluation.units;
    let summary = text::one(text::SHEET_SUMMARY);
    if units.is_empty() {
        return Ok(sheet);
    }
    let last = S_FIRST + units.len() as RowNum - 1;
    let threshold_col = (summary_headers(book.previous.is_some(), penalized(book), book.evaluation.rounds.is_some()).len() - 1) as ColNum;
    let mut scores = Chart::new(ChartType::Column);
    scores.title().set_name(&text::chart_scores_title());
    scores
        .add_series()
        .set_name((summary.as_str(), S_HEADER, S_SCORE))
        .set_categories((summary.as_str(), S_FIRST, S_UNIT, last, S_UNIT))
        .set_values((summary.as_str(), S_FIRST, S_SCORE, last, S_SCORE));
    let mut line = Chart::new(ChartType::Line);
    line.add_series().set_name((summary.as_str(), S_HEADER, threshold_col)).set_values((
        summary.as_str(),
        S_FIRST,
        threshold_col,
        last,
        threshold_col,
    ));
    scores.combine(&line);
    // A 0–100 axis: a cut axis would make a gap of two points look like a gulf.
    scores.y_axis().set_min(0).set_max(100);
    scores.set_width(720).set_height(360);
    sheet.insert_chart(1, 1, &scores)?;

    let level1 = text::one(text::SHEET_LEVEL1);
    let n = book.tree.level1.len() as ColNum;
    // A flat list of items has no 一级 rates to draw.
    if n == 0 {
        return Ok(sheet);
    }
    let mut radar = Chart::new(ChartType::Radar);
    radar.title().set_name(&text::chart_radar_title());
    // The first and the last unit: 一级指标 has two header rows.
    let mut shown = vec![2];
    if units.len() > 1 {
        shown.push(units.len() as RowNum + 1);
    }
    for row in shown {
        radar.add_series().set_name((level1.as_str(), row, 0)).set_categories((level1.as_str(), 1, 1, 1, n)).set_values((
            level1.as_str(),
            row,
            1,
            row,
            n,
        ));
    }
    radar.y_axis().set_min(0).set_max(100);
    radar.set_width(720).set_height(480);
    sheet.insert_chart(21, 1, &radar)?;
    Ok(sheet)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!("2025-01-31".parse::<Date>().map(|d| d.to_string()), Ok("2025-01-31".to_string()));
        assert!("2025-02-30".parse::<Date>().is_err());
        assert!("2025/01/31".parse::<Date>().is_err());
        assert!("明天".parse::<Date>().is_err());
    }

    #[test]
    fn a_sheet_fits_one_page_wide_only_at_60_percent_or_more() {
        // 明细 of the national shape, its long names wrapped: one page wide.
        assert!(print_scale(&[8, 9, 14, 14, 40, 8, 10, 8, 14, 40]) >= MIN_SCALE);
        // 一级指标 of a 9-一级 tree: the unit and 27 columns under wrapped headings.
        assert!(print_scale(&[[8].as_slice(), &[14; 27]].concat()) < MIN_SCALE);
        assert!(print_scale(&[]) >= 1.0, "nothing to print fits");
    }

    #[test]
    fn wrapped_text_is_given_the_lines_it_takes() {
        // 40 columns keep 38 for text: 19 CJK characters a line.
        assert_eq!(rows::lines_in(&"字".repeat(19), 40), 1);
        assert_eq!(rows::lines_in(&"字".repeat(20), 40), 2);
        assert_eq!(rows::lines_in("一\n\n二", 40), 3, "an empty line is a line");
        assert_eq!(rows::lines_in("", 40), 1);
    }

    #[test]
    fn formulas_refer_to_quoted_sheets() {
        assert_eq!(range(text::SHEET_DETAIL, D_SCORE, 1, 112), "'明细'!G2:G113");
        assert_eq!(converted("C2", "D2", 1), "ROUND(C2*100/D2,1)");
    }
}
