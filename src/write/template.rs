//! Scoring templates (评分表) sent to departments or units: one workbook each, with the items they
//! answer for, the points and the scoring standard beside the input cells, and the template's
//! identity (tree fingerprint, department, unit) that tells the reader who filled it in and from
//! which version of the tree it was made.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use std::collections::BTreeMap;

use rust_xlsxwriter::{
    ConditionalFormatFormula, DataValidation, DataValidationErrorStyle, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Formula,
    ProtectionOptions, Workbook, Worksheet, XlsxError,
};
use unicode_width::UnicodeWidthStr;

use crate::metadata::{META_SHEET, NAME_DEPARTMENT, NAME_FINGERPRINT, NAME_UNIT};
use crate::names::Distinct;
use crate::quant::Measure;
use crate::text;
use crate::tree::{IndicatorTree, ItemRef};

/// Who a set of templates is made for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum By {
    /// One workbook per responsible department (责任单位) with its items.
    Department,
    /// One workbook per evaluated unit with every item.
    Unit,
}

crate::rules::named!(By { Department = "department", Unit = "unit" });

/// One workbook to send out.
#[derive(Clone, Debug)]
pub struct Template {
    /// The file name, made safe and distinct from the others.
    pub file_name: String,
    /// The department that fills it in (by department).
    pub department: Option<String>,
    /// The evaluated units (several: one 评分表 each, with a 单位 column); empty when the reader is
    /// to be told with `--unit`.
    pub units: Vec<String>,
    /// Item indices in tree order.
    pub items: Vec<usize>,
    /// With the review columns (核定得分, 核减原因) beside 自评得分, for the assessment team.
    pub review: bool,
    /// Its items scored from figures (定量指标, by the rules their 评分标准 state; see [`with_figures`]):
    /// 分子 and 分母 are typed for them instead of a score.
    pub figures: Vec<usize>,
    /// Those of them whose rule counts (件, 次): their count is typed in 数值.
    pub counts: Vec<usize>,
}

#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    #[error("{}", text::template_needs_units())]
    NoUnits,
    #[error("{}", text::template_no_departments())]
    NoDepartments,
    #[error("{}", text::template_write_failed(.0))]
    Xlsx(#[from] XlsxError),
}

/// The workbooks to make: per department (each gets every unit, one sheet a unit) or per unit.
pub fn plan(tree: &IndicatorTree, by: By, units: &[String]) -> Result<Vec<Template>, TemplateError> {
    let mut templates: Vec<Template> = match by {
        By::Department => {
            let departments = tree.departments();
            if departments.is_empty() {
                return Err(TemplateError::NoDepartments);
            }
            departments
                .into_iter()
                .map(|d| Template {
                    file_name: String::new(),
                    items: (0..tree.items.len()).filter(|&i| tree.items[i].departments.contains(&d)).collect(),
                    department: Some(d),
                    units: units.to_vec(),
                    review: false,
                    figures: Vec::new(),
                    counts: Vec::new(),
                })
                .collect()
        }
        By::Unit => {
            if units.is_empty() {
                return Err(TemplateError::NoUnits);
            }
            units
                .iter()
                .map(|u| Template {
                    file_name: String::new(),
                    department: None,
                    units: vec![u.clone()],
                    items: (0..tree.items.len()).collect(),
                    review: false,
                    figures: Vec::new(),
                    counts: Vec::new(),
                })
                .collect()
        }
    };
    let mut files = Distinct::files();
    for t in &mut templates {
        let name = t.department.as_deref().or(t.units.first().map(String::as_str)).unwrap_or_default();
        t.file_name = format!("{}.xlsx", files.name(name));
    }
    Ok(templates)
}

/// Gives each template 分子 and 分母 cells for its items whose 评分标准 state a 定量规则 (those that look
/// like one and are not are said by `check`: they are scored as typed).
pub fn with_figures(tree: &IndicatorTree, templates: &mut [Template]) {
    let mut rules = BTreeMap::new();
    crate::read::quant::rules_of_standards(tree, &mut rules);
    let measured: Vec<(usize, Measure)> = rules.iter().filter_map(|(c, r)| Some((tree.find(ItemRef::Code(c))?, r.measure))).collect();
    for t in templates {
        t.figures = t.items.iter().copied().filter(|i| measured.iter().any(|(m, _)| m == i)).collect();
        t.counts = t.figures.iter().copied().filter(|i| measured.contains(&(*i, Measure::Count))).collect();
    }
}

/// Codes of the items no department answers for: templates by department leave them out.
pub fn unassigned(tree: &IndicatorTree) -> Vec<&str> {
    tree.items.iter().filter(|i| i.departments.is_empty()).map(|i| i.code.as_str()).collect()
}

/// A formula constant holding `value`, quotes doubled.
fn constant_formula(value: &str) -> String {
    format!("=\"{}\"", value.replace('"', "\"\""))
}

// Column widths (in characters) past which text wraps.
const WIDE: f64 = 48.0;
const MEDIUM: f64 = 16.0;
const INPUT_WIDTH: f64 = 30.0;
const LINE_HEIGHT: f64 = 16.5;
/// The creation time written in every template, so that the same input gives the same bytes.
const FIXED_TIME: (u16, u8, u8) = (2020, 1, 1);

/// The bytes of one template workbook. The same tree and template always give the same bytes.
pub fn workbook(tree: &IndicatorTree, template: &Template) -> Result<Vec<u8>, TemplateError> {
    let mut book = Workbook::new();
    let created = ExcelDateTime::from_ymd(FIXED_TIME.0, FIXED_TIME.1, FIXED_TIME.2)?;
    book.set_properties(&DocProperties::new().set_title(text::template_title()).set_creation_datetime(&created));
    let fingerprint = tree.fingerprint();
    let unit = match template.units.as_slice() {
        [unit] => Some(unit),
        _ => None,
    };
    let identity: Vec<(&str, &String)> = [(NAME_FINGERPRINT, Some(&fingerprint)), (NAME_DEPARTMENT, template.department.as_ref()), (NAME_UNIT, unit)]
        .into_iter()
        .filter_map(|(key, value)| Some((key, value?)))
        .collect();
    for (key, value) in &identity {
        book.define_name(*key, &constant_formula(value))?;
    }
    let sheets: Vec<Option<&String>> = if template.units.len() > 1 { template.units.iter().map(Some).collect() } else { vec![None] };
    let mut sheet_names = Distinct::sheets();
    for unit in &sheets {
        let name = unit.map_or_else(text::template_sheet, |u| sheet_names.name(&format!("{}-{u}", text::template_sheet())));
        let sheet = book.add_worksheet();
        sheet.set_name(name)?;
        // Several units share one workbook: each sheet says its unit in a column the reader knows.
        score_sheet(sheet, tree, template, *unit)?;
    }
    book.worksheet_from_index(0)?.set_active(true);
    let guide = book.add_worksheet();
    guide.set_name(text::guide_sheet())?;
    guide_sheet(guide, template, &fingerprint)?;
    let meta = book.add_worksheet();
    meta.set_name(META_SHEET)?.set_hidden(true).protect();
    for (row, (key, value)) in identity.iter().enumerate() {
        meta.write_string(row as u32, 0, *key)?;
        meta.write_string(row as u32, 1, *value)?;
    }
    Ok(book.save_to_buffer()?)
}

/// Where each column of a 评分表 is; a sheet shared by several units starts with a 单位 column.
struct Layout {
    unit: Option<u16>,
    code: u16,
    level1: u16,
    level2: u16,
    item: u16,
    points: u16,
    standard: u16,
    /// 分子 and 分母, before 自评得分, when the template has items scored from figures.
    figures: Option<(u16, u16)>,
    /// 数值, after 分母, when some of them are counts.
    count: Option<u16>,
    score: u16,
    /// 核定得分 and 核减原因, right after 自评得分, in a review template.
    review: Option<(u16, u16)>,
    remark: u16,
    evidence: u16,
}

impl Layout {
    fn new(with_unit: bool, review: bool, figures: bool, counts: bool) -> Layout {
        let o = u16::from(with_unit);
        let r = if review { 2 } else { 0 };
        let f = if figures { 2 + u16::from(counts) } else { 0 };
        Layout {
            unit: with_unit.then_some(0),
            code: o,
            level1: o + 1,
            level2: o + 2,
            item: o + 3,
            points: o + 4,
            standard: o + 5,
            figures: figures.then_some((o + 6, o + 7)),
            count: (figures && counts).then_some(o + 8),
            score: o + 6 + f,
            review: review.then_some((o + 7 + f, o + 8 + f)),
            remark: o + 7 + r + f,
            evidence: o + 8 + r + f,
        }
    }

    fn headers(&self) -> Vec<String> {
        let mut headers: Vec<String> = text::template_headers().to_vec();
        if self.review.is_some() {
            headers.splice(7..7, [text::COL_VERIFIED, text::COL_VERIFIED_REASON].map(text::one));
        }
        if self.figures.is_some() {
            let count = self.count.map(|_| text::template_figure());
            headers.splice(6..6, [text::template_numerator(), text::template_denominator()].into_iter().chain(count));
        }
        if self.unit.is_some() {
            headers.insert(0, text::unit_header());
        }
        headers
    }

    /// The columns a score is typed in: 自评得分, and 核定得分 in a review template.
    fn scores(&self) -> impl Iterator<Item = u16> {
        std::iter::once(self.score).chain(self.review.map(|r| r.0))
    }

    /// The columns of free text typed in.
    fn texts(&self) -> impl Iterator<Item = u16> {
        [self.remark, self.evidence].into_iter().chain(self.review.map(|r| r.1))
    }

    /// Widths for text that wraps: long texts wrap in wide columns, names in medium ones.
    fn cap(&self, col: u16) -> f64 {
        if [self.item, self.standard].contains(&col) || self.texts().any(|c| c == col) { WIDE } else { MEDIUM }
    }
}

const HEADER_ROW: u32 = 1;
const FIRST_ITEM_ROW: u32 = HEADER_ROW + 1;

/// The 评分表: a title row, the header, one row per item; input cells unlocked, the rest protected
/// without a password.
fn score_sheet(sheet: &mut Worksheet, tree: &IndicatorTree, template: &Template, unit: Option<&String>) -> Result<(), XlsxError> {
    let layout = Layout::new(unit.is_some(), template.review, !template.figures.is_empty(), !template.counts.is_empty());
    let headers = layout.headers();
    let border = Format::new().set_border(FormatBorder::Thin).set_align(FormatAlign::VerticalCenter);
    let header_format = border.clone().set_bold().set_align(FormatAlign::Center).set_background_color("D9E1F2").set_text_wrap();
    let title_format = Format::new().set_bold().set_font_size(14).set_align(FormatAlign::Center).set_align(FormatAlign::VerticalCenter);

    let title = text::template_heading(template.department.as_deref(), unit.or(template.units.first()).map(String::as_str));
    sheet.merge_range(0, 0, 0, layout.evidence, &title, &title_format)?;
    sheet.set_row_height(0, 28)?;
    for (c, h) in headers.iter().enumerate() {
        sheet.write_with_format(HEADER_ROW, c as u16, h, &header_format)?;
    }
    sheet.set_row_height(HEADER_ROW, LINE_HEIGHT * 2.0)?;
    let mut widths: Vec<usize> = headers.iter().map(|h| h.width()).collect();
    write_items(sheet, tree, template, unit, &layout, &mut widths)?;
    merge_hierarchy(sheet, tree, &template.items, &layout, &mut widths)?;
    for col in layout.scores() {
        widths[col as usize] = widths[col as usize].max(text::not_applicable().width());
    }
    size(sheet, tree, &template.items, &layout, &widths)?;
    sheet.set_freeze_panes(FIRST_ITEM_ROW, 0)?;
    // Printed for signing and filing: landscape, one page wide, the header on every page.
    sheet.set_landscape().set_paper_size(9).set_print_fit_to_pages(1, 0).set_repeat_rows(HEADER_ROW, HEADER_ROW)?;
    mark_out_of_range(sheet, template.items.len(), &layout)?;
    let options = ProtectionOptions { format_columns: true, format_rows: true, ..ProtectionOptions::default() };
    sheet.protect_with_options(&options);
    Ok(())
}

/// Widens `widths[col]` to the widest line of `s`, counting a Chinese character as two.
fn measure(widths: &mut [usize], col: u16, s: &str) {
    let w = s.lines().map(|l| l.width()).max().unwrap_or(0);
    widths[col as usize] = widths[col as usize].max(w);
}

/// One row per item: what it is, its points and standard, and the three input cells.
fn write_items(
    sheet: &mut Worksheet,
    tree: &IndicatorTree,
    template: &Template,
    unit: Option<&String>,
    layout: &Layout,
    widths: &mut [usize],
) -> Result<(), XlsxError> {
    let border = Format::new().set_border(FormatBorder::Thin).set_align(FormatAlign::VerticalCenter);
    let wrap = border.clone().set_text_wrap();
    let input = wrap.clone().set_unlocked().set_background_color("FFF2CC");
    let shut = border.clone().set_background_color("EDEDED");
    for (k, &i) in template.items.iter().enumerate() {
        let item = &tree.items[i];
        let row = FIRST_ITEM_ROW + k as u32;
        if let (Some(col), Some(u)) = (layout.unit, unit) {
            sheet.write_with_format(row, col, u, &border)?;
            measure(widths, col, u);
        }
        let standard = item.standard.as_deref().unwrap_or("");
        sheet.write_with_format(row, layout.code, &item.code, &border)?;
        sheet.write_with_format(row, layout.item, &item.name, &wrap)?;
        sheet.write_with_format(row, layout.points, decimal_f64(item.points), &border)?;
        sheet.write_with_format(row, layout.standard, standard, &wrap)?;
        for col in layout.texts() {
            sheet.write_blank(row, col, &input)?;
        }
        // An item scored from its figures takes 分子 and 分母, and its score is computed, not typed
        // in; every other item leaves the figure cells alone. A verified score is typed for any item.
        let measured = template.figures.contains(&i);
        let typed = layout.scores().skip(usize::from(measured));
        for col in typed {
            sheet.write_blank(row, col, &input)?;
            sheet.add_data_validation(row, col, row, col, &score_validation(item.points)?)?;
        }
        // A count takes 数值 alone, a rate 分子 and 分母.
        let counted = template.counts.contains(&i);
        if let Some((numerator, denominator)) = layout.figures {
            let (n, d) = (cell_name(row, numerator), cell_name(row, denominator));
            if measured {
                sheet.write_blank(row, layout.score, &shut)?;
            }
            if !measured || counted {
                sheet.write_blank(row, numerator, &shut)?;
                sheet.write_blank(row, denominator, &shut)?;
            } else {
                sheet.write_blank(row, numerator, &input)?;
                sheet.write_blank(row, denominator, &input)?;
                let numerator_rule = format!("=AND(INT({n})={n},{n}>=0,OR({d}=\"\",{n}<={d}))");
                let denominator_rule = format!("=AND(INT({d})={d},{d}>=0,OR({n}=\"\",{n}<={d}))");
                sheet.add_data_validation(row, numerator, row, numerator, &ratio_validation(&numerator_rule)?)?;
                sheet.add_data_validation(row, denominator, row, denominator, &ratio_validation(&denominator_rule)?)?;
            }
        }
        if let Some(col) = layout.count {
            if counted {
                let v = cell_name(row, col);
                sheet.write_blank(row, col, &input)?;
                sheet.add_data_validation(row, col, row, col, &count_validation(&format!("=AND(INT({v})={v},{v}>=0)"))?)?;
            } else {
                sheet.write_blank(row, col, &shut)?;
            }
        }
        measure(widths, layout.code, &item.code);
        measure(widths, layout.item, &item.name);
        measure(widths, layout.points, &item.points.normalize().to_string());
        measure(widths, layout.standard, standard);
    }
    Ok(())
}

/// 一级 and 二级 cells merged over the rows of their items (a group's items are contiguous in
/// tree order).
fn merge_hierarchy(sheet: &mut Worksheet, tree: &IndicatorTree, items: &[usize], layout: &Layout, widths: &mut [usize]) -> Result<(), XlsxError> {
    let wrap = Format::new().set_border(FormatBorder::Thin).set_align(FormatAlign::VerticalCenter).set_text_wrap();
    for (col, level) in [(layout.level1, 1), (layout.level2, 2)] {
        for (start, end, name) in runs(tree, items, level) {
            let (r0, r1) = (FIRST_ITEM_ROW + start as u32, FIRST_ITEM_ROW + end as u32);
            if r0 == r1 {
                sheet.write_with_format(r0, col, name, &wrap)?;
            } else {
                sheet.merge_range(r0, col, r1, col, name, &wrap)?;
            }
            measure(widths, col, name);
        }
    }
    Ok(())
}

/// The runs of consecutive rows under one 一级 (level 1) or 二级 (level 2) indicator: first and
/// last row index and the indicator's name.
fn runs<'t>(tree: &'t IndicatorTree, items: &[usize], level: u8) -> Vec<(usize, usize, &'t str)> {
    let group = |k: usize| {
        let item = &tree.items[items[k]];
        let group = if level == 1 { item.level1.map(|g| (g, &tree.level1[g])) } else { item.level2.map(|g| (g, &tree.level2[g])) };
        group.map(|(g, node)| (g, node.name.as_str()))
    };
    let mut runs = Vec::new();
    let mut start = 0;
    while start < items.len() {
        let id = group(start);
        let end = (start..items.len()).take_while(|&k| group(k).map(|g| g.0) == id.map(|g| g.0)).last().unwrap_or(start);
        // A tier the tree does not have leaves its column empty.
        if let Some((_, name)) = id {
            runs.push((start, end, name));
        }
        start = end + 1;
    }
    runs
}

/// Column widths from the measured text (rust_xlsxwriter's autofit counts a Chinese character as
/// narrow), and row heights by the wrapped lines, since not every program fits them on opening.
fn size(sheet: &mut Worksheet, tree: &IndicatorTree, items: &[usize], layout: &Layout, widths: &[usize]) -> Result<(), XlsxError> {
    let mut columns: Vec<f64> = widths.iter().enumerate().map(|(c, &w)| (w as f64 + 2.0).min(layout.cap(c as u16)).max(8.0)).collect();
    // Room to write in: the input columns start empty.
    for col in layout.texts() {
        columns[col as usize] = columns[col as usize].max(INPUT_WIDTH);
    }
    for (c, w) in columns.iter().enumerate() {
        sheet.set_column_width(c as u16, *w)?;
    }
    let mut lines: Vec<usize> = items
        .iter()
        .map(|&i| {
            let item = &tree.items[i];
            [(layout.item, item.name.as_str()), (layout.standard, item.standard.as_deref().unwrap_or(""))]
                .iter()
                .map(|(c, s)| wrapped_lines(s, columns[*c as usize]))
                .max()
                .unwrap_or(1)
        })
        .collect();
    // A 一级 or 二级 name merged over few rows may need more lines than its items: the last row of
    // the group takes the difference, so the name is never cut off.
    for (col, level) in [(layout.level1, 1), (layout.level2, 2)] {
        for (start, end, name) in runs(tree, items, level) {
            let needed = wrapped_lines(name, columns[col as usize]);
            let have: usize = lines[start..=end].iter().sum();
            lines[end] += needed.saturating_sub(have);
        }
    }
    for (k, n) in lines.iter().enumerate() {
        sheet.set_row_height(FIRST_ITEM_ROW + k as u32, LINE_HEIGHT * *n as f64)?;
    }
    Ok(())
}

/// The dropdown cannot also enforce a range, so anything but 不涉及 or a number within 0..分值 is
/// painted red.
fn mark_out_of_range(sheet: &mut Worksheet, items: usize, layout: &Layout) -> Result<(), XlsxError> {
    if items == 0 {
        return Ok(());
    }
    let last = FIRST_ITEM_ROW + items as u32 - 1;
    let points = crate::location::column_name(u32::from(layout.points));
    let na = text::not_applicable();
    for col in layout.scores() {
        let score = crate::location::column_name(u32::from(col));
        let rule = format!(
            "=AND(${score}{r}<>\"\",${score}{r}<>\"{na}\",OR(NOT(ISNUMBER(${score}{r})),${score}{r}<0,${score}{r}>${points}{r}))",
            r = FIRST_ITEM_ROW + 1
        );
        let red = Format::new().set_background_color("FFC7CE").set_font_color("9C0006");
        let format = ConditionalFormatFormula::new().set_rule(rule.as_str()).set_format(red);
        sheet.add_conditional_format(FIRST_ITEM_ROW, col, last, col, &format)?;
    }
    Ok(())
}

/// A 分子 or 分母 cell: a whole number from 0, 分子 not above 分母 (`rule`, a custom formula: a
/// whole-number rule cannot compare with another cell).
fn ratio_validation(rule: &str) -> Result<DataValidation, XlsxError> {
    DataValidation::new()
        .allow_custom(Formula::new(rule))
        .set_input_title(text::figures_input_title())?
        .set_input_message(text::figures_input_message())?
        .set_error_title(text::figures_error_title())?
        .set_error_message(text::figures_error_message())
}

/// A 数值 cell of a count: a whole number from 0.
fn count_validation(rule: &str) -> Result<DataValidation, XlsxError> {
    DataValidation::new()
        .allow_custom(Formula::new(rule))
        .set_input_title(text::figures_input_title())?
        .set_input_message(text::count_input_message())?
        .set_error_title(text::figures_error_title())?
        .set_error_message(text::count_error_message())
}

/// A cell's name, "G3", for a formula.
fn cell_name(row: u32, col: u16) -> String {
    format!("{}{}", crate::location::column_name(u32::from(col)), row + 1)
}

/// The 自评得分 rule: a dropdown of 不涉及 and the whole points from 分值 down to 0. A list rule
/// cannot also admit every decimal in range, so a value off the list (8.5) only warns; the range
/// itself is marked by conditional formatting and checked by `zhibiao score`.
fn score_validation(points: Decimal) -> Result<DataValidation, XlsxError> {
    let mut choices = vec![text::not_applicable()];
    let whole = points.trunc();
    if whole != points {
        choices.push(points.normalize().to_string());
    }
    let top = whole.to_u32().unwrap_or(0).min(100);
    choices.extend((0..=top).rev().map(|p| p.to_string()));
    // Excel limits a list to 255 characters; long lists keep the top of the range.
    while choices.iter().map(|c| c.len() + 1).sum::<usize>() > 255 {
        choices.pop();
    }
    let shown = points.normalize();
    DataValidation::new()
        .allow_list_strings(&choices)?
        .set_error_style(DataValidationErrorStyle::Warning)
        .set_input_title(text::score_input_title())?
        .set_input_message(text::score_input_message(shown))?
        .set_error_title(text::score_error_title())?
        .set_error_message(text::score_error_message(shown))
}

/// How many lines a text takes in a column of the given width.
fn wrapped_lines(s: &str, width: f64) -> usize {
    let usable = (width - 1.0).max(1.0);
    s.lines().map(|l| ((l.width() as f64) / usable).ceil().max(1.0) as usize).sum::<usize>().max(1)
}

/// Points for a spreadsheet cell; a 分值 is a short decimal that reads back the same (`number::from_f64`).
fn decimal_f64(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(0.0)
}

/// The 填报说明 sheet: what the clerk must do, in numbered lines.
fn guide_sheet(sheet: &mut Worksheet, template: &Template, fingerprint: &str) -> Result<(), XlsxError> {
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let bold = Format::new().set_bold().set_font_size(14);
    sheet.write_with_format(0, 0, text::guide_sheet(), &bold)?;
    sheet.set_column_width(0, 90)?;
    let lines = text::guide_lines(template.department.as_deref(), &template.units, fingerprint);
    for (k, line) in lines.iter().enumerate() {
        let row = 2 + k as u32;
        sheet.write_with_format(row, 0, line, &wrap)?;
        sheet.set_row_height(row, LINE_HEIGHT * wrapped_lines(line, 90.0) as f64)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grid::Sheet;
    use crate::metadata::{Metadata, constant_text};

    #[test]
    fn file_and_sheet_names_are_safe_and_distinct() {
        let tree = IndicatorTree::of_texts(&[["一级指标", "二级指标", "三级指标", "责任单位"], ["一", "甲", "a", "市场监管局?、市场监管局*、CON"]]);
        let names: Vec<String> = plan(&tree, By::Department, &[]).unwrap().into_iter().map(|t| t.file_name).collect();
        assert_eq!(names, ["市场监管局_.xlsx", "市场监管局_-2.xlsx", "_CON.xlsx"]);
        let units = ["甲区[1]".to_string(), "很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长".to_string()];
        let book = workbook(&tree, &plan(&tree, By::Department, &units).unwrap()[0]).unwrap();
        let read = crate::grid::read_bytes(&book, crate::grid::Format::Xlsx, "t.xlsx".into(), crate::grid::Which::Visible).unwrap();
        let sheets: Vec<&str> = read.sheets.iter().filter_map(|s| s.name.as_deref()).collect();
        assert_eq!(sheets[0], "评分表-甲区_1_");
        assert!(sheets[1].encode_utf16().count() <= 31);
    }

    #[test]
    fn metadata_from_excel_and_ods_names() {
        let names = vec![
            (NAME_FINGERPRINT.to_string(), "\"abc\"".to_string()),
            ("zhibiao_department".to_string(), "of:=\"财政\"\"局\"".to_string()),
            (NAME_UNIT.to_string(), "Sheet1!$A$1".to_string()),
        ];
        let meta = Metadata::read(&names, None);
        assert_eq!(meta.fingerprint.as_deref(), Some("abc"));
        assert_eq!(meta.department.as_deref(), Some("财政\"局"));
        assert_eq!(meta.unit, None);
        // Without the names (an xls file), the hidden sheet tells.
        let text = |t: &str| crate::grid::Cell::Text(t.into());
        let rows = vec![vec![text(NAME_FINGERPRINT), text("abc")], vec![text(NAME_UNIT), text("甲区")]];
        let sheet = Sheet::new("t.xls".into(), Some(META_SHEET.into()), (0, 0), rows);
        let meta = Metadata::read(&[], Some(&sheet));
        assert_eq!((meta.fingerprint.as_deref(), meta.department, meta.unit.as_deref()), (Some("abc"), None, Some("甲区")));
        assert_eq!(constant_text(&constant_formula("甲\"区")), Some("甲\"区".to_string()));
    }

    #[test]
    fn wrapping_counts_wide_characters() {
        assert_eq!(wrapped_lines("一二三四五", 11.0), 1);
        assert_eq!(wrapped_lines("一二三四五六", 11.0), 2);
    }
}
