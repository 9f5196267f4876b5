//! The annual result workbook (年度结果): summary and ranking, level-1 rates, item detail, lost
//! points, departments, verdicts, notes and charts, written with rust_xlsxwriter.
//!
//! Totals are live formulas over the detail sheet with the tool's own values stored as their
//! results, so the file opens with the right numbers and recomputes to the same ones. The bytes
//! depend on the inputs only: the document date is `--date` or a fixed one, never the clock.

pub mod departments;
pub mod previous;

use std::path::Path;
use std::str::FromStr;

use rust_decimal::Decimal;
use rust_xlsxwriter::utility::{column_number_to_name, row_col_to_cell};
use rust_xlsxwriter::{
    Chart, ChartType, Color, ColNum, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Formula, RowNum,
    Workbook, Worksheet, XlsxError,
};
use sha2::{Digest, Sha256};
use unicode_width::UnicodeWidthStr;

use crate::engine::{Evaluation, UnitResult};
use crate::number::display;
use crate::report::rule_lines;
use crate::rules::{Basis, RankStyle, Rules};
use crate::text::{self, Both};
use crate::tree::IndicatorTree;
use previous::{Changes, Previous};

/// A file that went into the result, named as the user named it, with its SHA-256.
pub struct InputFile {
    pub name: String,
    pub sha256: String,
}

impl InputFile {
    pub fn read(path: &Path) -> std::io::Result<InputFile> {
        let bytes = std::fs::read(path)?;
        let sha256 = Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
        Ok(InputFile { name: path.display().to_string(), sha256 })
    }
}

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

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Everything the workbook shows.
pub struct ResultBook<'a> {
    pub tree: &'a IndicatorTree,
    pub evaluation: &'a Evaluation,
    pub rules: &'a Rules,
    pub tree_file: InputFile,
    pub score_files: Vec<InputFile>,
    /// Last year's result, for the year-over-year columns.
    pub previous: Option<(InputFile, Previous)>,
    /// The date of the notes and of the document; without it the document carries a fixed date.
    pub date: Option<Date>,
}

// Columns of the detail sheet (明细), one row per unit and item.
const D_UNIT: ColNum = 0;
const D_CODE: ColNum = 1;
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

// Columns of the summary sheet (汇总) that formulas and charts refer to.
const S_RANK: ColNum = 0;
const S_UNIT: ColNum = 1;
const S_OBTAINED: ColNum = 2;
const S_MAXIMUM: ColNum = 3;
const S_SCORE: ColNum = 4;

/// Writes the workbook to bytes.
pub fn write(book: &ResultBook<'_>) -> Result<Vec<u8>, XlsxError> {
    let formats = Formats::new(book.rules.decimals);
    let mut workbook = Workbook::new();
    // A fixed creation time keeps two runs on the same inputs byte-identical.
    let created = match book.date {
        Some(d) => ExcelDateTime::from_ymd(d.year, d.month, d.day)?,
        None => ExcelDateTime::from_ymd(2000, 1, 1)?,
    };
    workbook.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let changes = book.previous.as_ref().map(|(_, p)| {
        let units: Vec<String> = book.evaluation.units.iter().map(|u| u.unit.clone()).collect();
        previous::compare(p, book.tree, &units)
    });
    workbook.push_worksheet(summary(book, &formats)?);
    workbook.push_worksheet(level1(book, &formats)?);
    workbook.push_worksheet(detail(book, &formats)?);
    workbook.push_worksheet(lost_points(book, &formats)?);
    workbook.push_worksheet(department_ranking(book, &formats)?);
    workbook.push_worksheet(verdicts(book, &formats)?);
    if let Some(changes) = &changes {
        workbook.push_worksheet(year_over_year(changes, &formats)?);
    }
    workbook.push_worksheet(notes(book, &formats)?);
    workbook.push_worksheet(charts(book)?);
    workbook.save_to_buffer()
}

struct Formats {
    header: Format,
    text: Format,
    wrap: Format,
    points: Format,
    score: Format,
    low: Format,
    change: Format,
}

impl Formats {
    fn new(decimals: u32) -> Formats {
        let fixed = if decimals == 0 { "0".to_string() } else { format!("0.{}", "0".repeat(decimals as usize)) };
        let cell = Format::new().set_border(FormatBorder::Thin).set_font_name("宋体");
        Formats {
            header: cell.clone().set_bold().set_align(FormatAlign::Center).set_text_wrap().set_background_color(Color::RGB(0xDDEBF7)),
            text: cell.clone(),
            wrap: cell.clone().set_text_wrap().set_align(FormatAlign::Top),
            points: cell.clone().set_num_format("General"),
            score: cell.clone().set_num_format(&fixed),
            low: cell.clone().set_num_format(&fixed).set_font_color(Color::RGB(0x9C0006)).set_background_color(Color::RGB(0xFFC7CE)),
            change: cell.set_num_format(format!("+{fixed};-{fixed};{fixed}")),
        }
    }
}

/// A worksheet being filled, remembering how wide each column's text is.
struct Page {
    sheet: Worksheet,
    widths: Vec<usize>,
    wrapped: Vec<ColNum>,
}

impl Page {
    fn new(name: Both, headers: &[String], formats: &Formats) -> Result<Page, XlsxError> {
        let mut sheet = Worksheet::new();
        sheet.set_name(text::one(name))?;
        let mut page = Page { sheet, widths: Vec::new(), wrapped: Vec::new() };
        for (col, h) in headers.iter().enumerate() {
            page.text(0, col as ColNum, h, &formats.header)?;
        }
        Ok(page)
    }

    fn note_width(&mut self, col: ColNum, shown: &str) {
        let col = col as usize;
        if self.widths.len() <= col {
            self.widths.resize(col + 1, 0);
        }
        let widest = shown.lines().map(UnicodeWidthStr::width).max().unwrap_or(0);
        self.widths[col] = self.widths[col].max(widest);
    }

    fn text(&mut self, row: RowNum, col: ColNum, value: &str, format: &Format) -> Result<(), XlsxError> {
        self.note_width(col, value);
        self.sheet.write_string_with_format(row, col, value, format)?;
        Ok(())
    }

    fn wrapped_text(&mut self, row: RowNum, col: ColNum, value: &str, formats: &Formats) -> Result<(), XlsxError> {
        if !self.wrapped.contains(&col) {
            self.wrapped.push(col);
        }
        self.text(row, col, value, &formats.wrap)
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

    /// Column widths for Chinese text (a CJK character is two columns wide), frozen and repeated
    /// header rows, landscape pages one page wide.
    fn finish(mut self, header_rows: RowNum, frozen_cols: ColNum) -> Result<Worksheet, XlsxError> {
        for (col, &width) in self.widths.iter().enumerate() {
            let cap = if self.wrapped.contains(&(col as ColNum)) { 50 } else { 80 };
            self.sheet.set_column_width(col as ColNum, (width + 2).clamp(6, cap) as f64)?;
        }
        self.sheet.set_freeze_panes(header_rows, frozen_cols)?;
        self.sheet.set_repeat_rows(0, header_rows - 1)?;
        self.sheet.set_landscape().set_paper_size(9).set_print_fit_to_pages(1, 0);
        Ok(self.sheet)
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
fn summary_headers(with_previous: bool) -> Vec<Both> {
    let mut names = vec![
        text::COL_RANK,
        text::COL_UNIT,
        text::COL_OBTAINED,
        text::COL_MAXIMUM,
        text::COL_SCORE,
        text::COL_GRADE,
        text::COL_ELIGIBLE,
    ];
    if with_previous {
        names.extend([text::COL_PREVIOUS_SCORE, text::COL_PREVIOUS_RANK, text::COL_CHANGE, text::COL_RANK_CHANGE]);
    }
    names.push(text::COL_THRESHOLD);
    names
}

fn summary(book: &ResultBook<'_>, formats: &Formats) -> Result<Worksheet, XlsxError> {
    let (rules, tree, units) = (book.rules, book.tree, &book.evaluation.units);
    let d = rules.decimals;
    let previous = book.previous.as_ref().map(|(_, p)| p);
    let names = summary_headers(previous.is_some());
    let threshold_col = (names.len() - 1) as ColNum;
    let mut page = Page::new(text::SHEET_SUMMARY, &headers(&names), formats)?;
    let last_row = units.len() as RowNum;
    // RANK() is competition ranking on the cell's value; other rankings are written as numbers.
    let rank_formula = rules.rank_style == RankStyle::Competition && rules.rank_on == Basis::Rounded;
    for (i, u) in units.iter().enumerate() {
        let row = i as RowNum + 1;
        let cell = |col| row_col_to_cell(row, col);
        if rank_formula {
            let scores = format!("${c}$2:${c}${}", last_row + 1, c = column_number_to_name(S_SCORE));
            page.formula(row, S_RANK, &format!("RANK({},{scores})", cell(S_SCORE)), &u.rank.to_string(), &formats.text)?;
        } else {
            page.number(row, S_RANK, u.rank.into(), &u.rank.to_string(), &formats.text)?;
        }
        page.text(row, S_UNIT, &u.unit, &formats.text)?;
        let (obtained, maximum) = sums(detail_row(tree, i, 0), detail_row(tree, i, tree.items.len() - 1));
        page.formula(row, S_OBTAINED, &obtained, &plain(u.raw), &formats.points)?;
        page.formula(row, S_MAXIMUM, &maximum, &plain(u.max), &formats.points)?;
        let score_format = if below_threshold(rules, u) { &formats.low } else { &formats.score };
        let shown = display(u.score, d);
        if book.evaluation.weighted {
            page.number(row, S_SCORE, u.score, &shown, score_format)?;
        } else {
            let (o, m) = (cell(S_OBTAINED), cell(S_MAXIMUM));
            page.formula(row, S_SCORE, &format!("IF({m}=0,0,{})", converted(&o, &m, d)), &shown, score_format)?;
        }
        page.text(row, 5, u.grade.as_deref().unwrap_or_default(), &formats.text)?;
        page.text(row, 6, &if u.eligible { text::yes() } else { text::no() }, &formats.text)?;
        if let Some(before) = previous.and_then(|p| p.unit(&u.unit)) {
            page.number(row, 7, before.score, &display(before.score, d), &formats.score)?;
            page.number(row, 8, before.rank.into(), &before.rank.to_string(), &formats.text)?;
            let change = format!("{}-{}", cell(S_SCORE), cell(7));
            page.formula(row, 9, &change, &plain(u.score - before.score), &formats.change)?;
            let moved = i64::from(before.rank) - i64::from(u.rank);
            page.formula(row, 10, &format!("{}-{}", cell(8), cell(S_RANK)), &moved.to_string(), &formats.change_whole())?;
        }
        page.number(row, threshold_col, rules.threshold.value, &plain(rules.threshold.value), &formats.points)?;
    }
    page.finish(1, 2)
}

impl Formats {
    fn change_whole(&self) -> Format {
        self.text.clone().set_num_format("+0;-0;0")
    }
}

fn level1(book: &ResultBook<'_>, formats: &Formats) -> Result<Worksheet, XlsxError> {
    let (tree, rules) = (book.tree, book.rules);
    let n = tree.level1.len() as ColNum;
    let mut page = Page::new(text::SHEET_LEVEL1, &[text::one(text::COL_UNIT)], formats)?;
    // Two header rows: the measure over its block, the 一级 indicators under it.
    for (block, name) in [text::COL_RATE, text::COL_OBTAINED, text::COL_MAXIMUM].into_iter().enumerate() {
        let first = 1 + block as ColNum * n;
        page.sheet.merge_range(0, first, 0, first + n - 1, &text::one(name), &formats.header)?;
        for (j, g) in tree.level1.iter().enumerate() {
            page.text(1, first + j as ColNum, &format!("{} {}", g.code, g.name), &formats.header)?;
        }
    }
    page.sheet.merge_range(0, 0, 1, 0, &text::one(text::COL_UNIT), &formats.header)?;
    // The items of a 一级 indicator are consecutive in the tree.
    let spans: Vec<Option<(usize, usize)>> = (0..tree.level1.len())
        .map(|j| {
            let mut of = tree.items.iter().enumerate().filter(|(_, item)| item.level1 == j).map(|(i, _)| i);
            of.next().map(|first| (first, of.last().unwrap_or(first)))
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
                    page.formula(row, obtained_col, &obtained, &plain(node.raw), &formats.points)?;
                    page.formula(row, maximum_col, &maximum, &plain(node.max), &formats.points)?;
                }
                None => {
                    page.number(row, obtained_col, node.raw, "0", &formats.points)?;
                    page.number(row, maximum_col, node.max, "0", &formats.points)?;
                }
            }
            let shown = node.rate.map(|r| display(r, rules.decimals)).unwrap_or_default();
            if book.evaluation.weighted || spans[j].is_none() {
                match node.rate {
                    Some(r) => page.number(row, rate_col, r, &shown, &formats.score)?,
                    None => page.text(row, rate_col, "", &formats.score)?,
                }
            } else {
                let (o, m) = (row_col_to_cell(row, obtained_col), row_col_to_cell(row, maximum_col));
                let formula = format!("IF({m}=0,\"\",{})", converted(&o, &m, rules.decimals));
                page.formula(row, rate_col, &formula, &shown, &formats.score)?;
            }
        }
    }
    page.finish(2, 1)
}

fn detail(book: &ResultBook<'_>, formats: &Formats) -> Result<Worksheet, XlsxError> {
    let tree = book.tree;
    let mut page = Page::new(text::SHEET_DETAIL, &headers(&DETAIL_HEADERS), formats)?;
    for (u, unit) in book.evaluation.units.iter().enumerate() {
        for (i, (item, score)) in tree.items.iter().zip(&unit.items).enumerate() {
            let row = detail_row(tree, u, i);
            page.text(row, D_UNIT, &unit.unit, &formats.text)?;
            page.text(row, D_CODE, &item.code, &formats.text)?;
            page.text(row, 2, &tree.level1[item.level1].name, &formats.text)?;
            page.text(row, 3, &tree.level2[item.level2].name, &formats.text)?;
            page.wrapped_text(row, 4, &item.name, formats)?;
            page.number(row, D_POINTS, item.points, &plain(item.points), &formats.points)?;
            match score.value {
                Some(v) => {
                    page.number(row, D_SCORE, v, &plain(v), &formats.points)?;
                    page.number(row, 7, item.points - v, &plain(item.points - v), &formats.points)?;
                }
                None => {
                    page.text(row, D_SCORE, &text::not_applicable_mark(), &formats.text)?;
                    page.text(row, 7, "", &formats.text)?;
                }
            }
            page.wrapped_text(row, 8, score.remark.as_deref().unwrap_or_default(), formats)?;
            let sources = score.sources.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n");
            page.wrapped_text(row, 9, &sources, formats)?;
        }
    }
    page.finish(1, 2)
}

fn lost_points(book: &ResultBook<'_>, formats: &Formats) -> Result<Worksheet, XlsxError> {
    let tree = book.tree;
    let names = [
        text::COL_UNIT,
        text::COL_CODE,
        text::COL_ITEM,
        text::COL_POINTS,
        text::COL_ITEM_SCORE,
        text::COL_LOST,
        text::COL_REASON,
        text::COL_SOURCE,
    ];
    let mut page = Page::new(text::SHEET_LOST, &headers(&names), formats)?;
    let mut lost: Vec<(Decimal, &UnitResult, usize, Decimal)> = Vec::new();
    for unit in &book.evaluation.units {
        for (i, score) in unit.items.iter().enumerate() {
            if let Some(v) = score.value.filter(|&v| v < tree.items[i].points) {
                lost.push((tree.items[i].points - v, unit, i, v));
            }
        }
    }
    // Largest first; a stable sort keeps units by rank and items in tree order among equals.
    lost.sort_by(|a, b| b.0.cmp(&a.0));
    for (r, (amount, unit, i, value)) in lost.into_iter().enumerate() {
        let (row, item, score) = (r as RowNum + 1, &tree.items[i], &unit.items[i]);
        page.text(row, 0, &unit.unit, &formats.text)?;
        page.text(row, 1, &item.code, &formats.text)?;
        page.wrapped_text(row, 2, &item.name, formats)?;
        page.number(row, 3, item.points, &plain(item.points), &formats.points)?;
        page.number(row, 4, value, &plain(value), &formats.points)?;
        page.number(row, 5, amount, &plain(amount), &formats.points)?;
        page.wrapped_text(row, 6, score.remark.as_deref().unwrap_or_default(), formats)?;
        let sources = score.sources.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n");
        page.wrapped_text(row, 7, &sources, formats)?;
    }
    page.finish(1, 1)
}

fn department_ranking(book: &ResultBook<'_>, formats: &Formats) -> Result<Worksheet, XlsxError> {
    let rules = book.rules;
    let names = [text::COL_RANK, text::COL_DEPARTMENT, text::COL_ITEMS, text::COL_OBTAINED, text::COL_MAXIMUM, text::COL_RATE];
    let mut page = Page::new(text::SHEET_DEPARTMENTS, &headers(&names), formats)?;
    let rates = departments::rates(book.tree, book.evaluation);
    // Ranked on the same value as units (rounded or exact).
    let key = |r: Option<Decimal>| {
        r.map(|r| match rules.rank_on {
            Basis::Rounded => crate::number::round_half_up(r, rules.decimals),
            Basis::Exact => r,
        })
    };
    let keys: Vec<Option<Decimal>> = rates.iter().map(|d| key(d.rate)).collect();
    let ranks = crate::rank::rank(&keys, rules.rank_style);
    // `None` orders below every rate, so those departments rank last; ties keep the tree's order.
    let mut order: Vec<usize> = (0..rates.len()).collect();
    order.sort_by_key(|&i| ranks[i]);
    for (r, &i) in order.iter().enumerate() {
        let (row, dept) = (r as RowNum + 1, &rates[i]);
        match dept.rate {
            Some(_) => page.number(row, 0, ranks[i].into(), &ranks[i].to_string(), &formats.text)?,
            None => page.text(row, 0, "", &formats.text)?,
        }
        page.text(row, 1, &dept.department, &formats.text)?;
        page.number(row, 2, dept.items.into(), &dept.items.to_string(), &formats.points)?;
        page.number(row, 3, dept.raw, &plain(dept.raw), &formats.points)?;
        page.number(row, 4, dept.max, &plain(dept.max), &formats.points)?;
        match dept.rate {
            Some(rate) => page.number(row, 5, rate, &display(rate, rules.decimals), &formats.score)?,
            None => page.text(row, 5, &text::not_applicable_mark(), &formats.text)?,
        }
    }
    page.finish(1, 2)
}

fn verdicts(book: &ResultBook<'_>, formats: &Formats) -> Result<Worksheet, XlsxError> {
    let rules = book.rules;
    let names = [text::COL_RANK, text::COL_UNIT, text::COL_SCORE, text::COL_GRADE, text::COL_ELIGIBLE, text::COL_REASONS];
    let mut page = Page::new(text::SHEET_VERDICTS, &headers(&names), formats)?;
    for (i, u) in book.evaluation.units.iter().enumerate() {
        let row = i as RowNum + 1;
        page.number(row, 0, u.rank.into(), &u.rank.to_string(), &formats.text)?;
        page.text(row, 1, &u.unit, &formats.text)?;
        let format = if below_threshold(rules, u) { &formats.low } else { &formats.score };
        page.number(row, 2, u.score, &display(u.score, rules.decimals), format)?;
        page.text(row, 3, u.grade.as_deref().unwrap_or_default(), &formats.text)?;
        page.text(row, 4, &if u.eligible { text::yes() } else { text::no() }, &formats.text)?;
        page.wrapped_text(row, 5, &u.reasons.join("\n"), formats)?;
    }
    page.finish(1, 2)
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
fn rules_fingerprint(rules: &Rules) -> String {
    let mut weights: Vec<String> = rules.weights.iter().map(|(k, v)| format!("{k}={}", v.normalize())).collect();
    let mut departments: Vec<String> = rules.department_weights.iter().map(|(k, v)| format!("{k}={}", v.normalize())).collect();
    weights.sort();
    departments.sort();
    let sources: Vec<String> = rules.source_weights.iter().map(|(k, v)| format!("{k}={}", v.normalize())).collect();
    let canonical = format!(
        "decimals={};threshold={}/{:?};rank={:?}/{:?};missing={:?};combine={:?};weights={};departments={};sources={}",
        rules.decimals,
        rules.threshold.value.normalize(),
        rules.threshold.on,
        rules.rank_on,
        rules.rank_style,
        rules.missing,
        rules.combine,
        weights.join(","),
        departments.join(","),
        sources.join(","),
    );
    Sha256::digest(canonical.as_bytes()).iter().take(8).map(|b| format!("{b:02x}")).collect()
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
    let mut rule_rows = rule_lines(rules, book.evaluation.weighted);
    rule_rows.push(text::notes_formulas(book.evaluation.weighted));
    rule_rows.push(text::notes_departments());
    rows.extend(rule_rows.into_iter().map(|line| (text::notes_rule(), line)));
    rows.push((text::notes_inputs(), String::new()));
    rows.extend(std::iter::once(&book.tree_file).chain(&book.score_files).map(|f| (f.name.clone(), f.sha256.clone())));
    if let Some((file, _)) = &book.previous {
        rows.push((text::notes_previous(), format!("{}  {}", file.name, file.sha256)));
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
    sheet.set_landscape().set_paper_size(9).set_print_fit_to_pages(1, 0);
    let units = &book.evaluation.units;
    let summary = text::one(text::SHEET_SUMMARY);
    let last = units.len() as RowNum;
    if last == 0 {
        return Ok(sheet);
    }
    let threshold_col = (summary_headers(book.previous.is_some()).len() - 1) as ColNum;
    let mut scores = Chart::new(ChartType::Column);
    scores.title().set_name(&text::chart_scores_title());
    scores
        .add_series()
        .set_name((summary.as_str(), 0, S_SCORE))
        .set_categories((summary.as_str(), 1, S_UNIT, last, S_UNIT))
        .set_values((summary.as_str(), 1, S_SCORE, last, S_SCORE));
    let mut line = Chart::new(ChartType::Line);
    line.add_series()
        .set_name((summary.as_str(), 0, threshold_col))
        .set_values((summary.as_str(), 1, threshold_col, last, threshold_col));
    scores.combine(&line);
    scores.set_width(720).set_height(360);
    sheet.insert_chart(1, 1, &scores)?;

    let level1 = text::one(text::SHEET_LEVEL1);
    let n = book.tree.level1.len() as ColNum;
    let mut radar = Chart::new(ChartType::Radar);
    radar.title().set_name(&text::chart_radar_title());
    let mut shown = vec![1];
    if units.len() > 1 {
        shown.push(last);
    }
    for row in shown {
        radar
            .add_series()
            .set_name((level1.as_str(), row + 1, 0))
            .set_categories((level1.as_str(), 1, 1, 1, n))
            .set_values((level1.as_str(), row + 1, 1, row + 1, n));
    }
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
    fn formulas_refer_to_quoted_sheets() {
        assert_eq!(range(text::SHEET_DETAIL, D_SCORE, 1, 112), "'明细'!G2:G113");
        assert_eq!(converted("C2", "D2", 1), "ROUND(C2*100/D2,1)");
    }
}
