//! Writes the shipped examples. Run from the crate root: `cargo run --example make_samples`.
//!
//! Reads the hand-written, illustrative (not official) indicator system
//! `indicators/示范创建指标体系-示例.csv` (9 一级, 37 二级, 112 三级 items of 10 points) and writes:
//! - `indicators/示范创建指标体系-示例.xlsx`: the same system as offices lay it out, 一级 and 二级
//!   cells merged over their items, a 合计 row and a note that it is an example;
//! - `samples/顺城区-自评得分.xlsx`: one district's self-assessment, 1010 of 1120 → 90.2, 达标;
//! - `samples/多单位得分.xlsx` and `samples/多单位得分.csv`: five units, with a tie on the rounded
//!   score, two 不涉及 items (maximum 1100) and a unit below 80;
//! - `samples/顺城区-核定得分.xlsx`: 顺城区's self-assessment with the assessment team's 核定得分 and
//!   核减原因 beside it: verified 986 of 1110 → 88.8, 不达标, against 90.2 self-assessed.
//!
//! Everything is deterministic: explicit score patterns and fixed document dates, so a rerun gives
//! the same bytes.

use std::path::Path;

use anyhow::{Context, Result};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal_macros::dec;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet};
use zhibiao::output::write_atomic;
use zhibiao::pipeline::{self, TreeOptions};
use zhibiao::tree::IndicatorTree;

const TREE_CSV: &str = "indicators/示范创建指标体系-示例.csv";
const TREE_XLSX: &str = "indicators/示范创建指标体系-示例.xlsx";
const DISTRICT_XLSX: &str = "samples/顺城区-自评得分.xlsx";
const UNITS_XLSX: &str = "samples/多单位得分.xlsx";
const UNITS_CSV: &str = "samples/多单位得分.csv";
const REVIEW_XLSX: &str = "samples/顺城区-核定得分.xlsx";

const NOTE: &str = "注\u{ff1a}本指标体系为示例\u{ff0c}非官方文件。";
const SCORE_HEADERS: [&str; 5] = ["单位", "编号", "三级指标", "得分", "扣分原因"];

/// 顺城区's lost points: (item code, score as typed, 扣分原因). Every other item scores 10.
/// A few scores are typed as text ("8分", full-width "９") as clerks do.
const SHUNCHENG: &[(&str, &str, &str)] = &[
    ("1.1.2", "8", "1件审批事项超时办结"),
    ("1.2.3", "5", "5项权责清单事项未随机构改革同步调整"),
    ("1.3.1", "8分", "随机抽查事项覆盖率为90%"),
    ("1.4.2", "6", "2件政策措施未经公平竞争审查"),
    ("1.5.2", "9", "依申请政务服务事项网上可办率为85%"),
    ("1.6.1", "8", "1项环境质量约束性指标未完成"),
    ("1.6.3", "8", "发现1件违法用地问题"),
    ("2.1.3", "\u{ff19}", "1件规范性文件逾期报备"),
    ("2.2.2", "7", "3件规范性文件到期未评估"),
    ("2.3.1", "6", "2件规范性文件未公开征求意见"),
    ("3.1.2", "7", "年度重大行政决策事项目录未向社会公布"),
    ("3.2.1", "8", "1件决策缺少风险评估程序"),
    ("3.3.2", "7", "3件重大合同未经法律顾问审查"),
    ("3.4.1", "5", "未建立重大行政决策后评估制度"),
    ("4.1.2", "6", "2个街道综合执法机构履职不到位"),
    ("4.2.1", "5", "5件行政执法信息未按时公示"),
    ("4.3.2", "8", "1件处罚案件裁量明显偏重"),
    ("4.4.1", "8", "年度涉企行政执法检查计划未备案"),
    ("4.5.2", "7", "未召开年度衔接工作联席会议"),
    ("4.6.2", "\u{ff18}分", "执法人员年度培训不足60学时"),
    ("4.6.4", "8", "案卷合格率为85%"),
    ("5.1.3", "6", "2件拖欠中小企业账款"),
    ("5.3.2", "7", "政府债务信息未向社会公开"),
    ("6.1.3", "6", "群众满意度为81%"),
    ("6.2.1", "8", "1件复议案件超期审结"),
    ("6.3.1", "8", "2件信访事项群众反映强烈"),
    ("6.4.1", "8", "普法责任清单未向社会公布"),
    ("7.2.1", "6", "行政机关负责人出庭应诉率为85%"),
    ("7.3.1", "7", "3项审计发现问题未按期整改"),
    ("7.4.1", "9", "1件依申请公开逾期答复"),
    ("7.5.2", "5", "未开展行政执法监督检查"),
    ("8.1.1", "6", "政府常务会议年度学法2次"),
    ("8.2.1", "8", "公务员学法考试参考率为98%"),
    ("8.3.1", "8", "法治建设成效考核权重不足百分之三"),
    ("9.1.2", "7", "政府常务会议年度仅1次听取法治政府建设汇报"),
    ("9.2.3", "5", "法治政府建设工作经费未列入财政预算"),
    ("9.3.1", "5", "未开展年度法治政府建设督察"),
];

/// The assessment team's verdict on 顺城区: (item code, 核定得分, 核减原因); every other item is
/// verified at its self-score. Seven cuts (7.5.2 by 3, six by 2), one raise (8.2.1 by 1) and 5.2.2
/// found not applicable: 1010 − 15 + 1 − 10 = 986 of 1120 − 10 = 1110 → 88.828… → 88.8.
const SHUNCHENG_REVIEW: &[(&str, &str, &str)] = &[
    ("1.1.2", "6", "抽查发现2件审批事项超时办结"),
    ("2.2.2", "5", "5件规范性文件到期未评估"),
    ("3.4.1", "3", "后评估制度未印发实施"),
    ("4.2.1", "3", "7件行政执法信息未按时公示"),
    ("5.2.2", "不涉及", "本年度无此类事项"),
    ("6.1.3", "4", "群众满意度为76%"),
    ("7.5.2", "2", "未开展行政执法监督检查,且未说明原因"),
    ("8.2.1", "9", "补充提供考试记录,参考率为100%"),
    ("9.3.1", "3", "督察报告未按时报送"),
];

/// How a unit of the multi-unit sample loses points: `lost` points in all, at most `per` an item,
/// on the items `start`, `start + step`, … (wrapping; `step` is coprime with 112 so no item repeats).
struct Pattern {
    unit: &'static str,
    lost: Decimal,
    per: Decimal,
    start: usize,
    step: usize,
    not_applicable: &'static [&'static str],
}

/// 甲区 1010/1120 → 90.2; 乙区 978/1120 and 丙县 977.5/1120 both → 87.3; 丁县 990/1100 (two items
/// 不涉及) → 90.0, exactly the threshold; 戊市 890/1120 → 79.5.
const UNITS: [Pattern; 5] = [
    Pattern { unit: "甲区", lost: dec!(110), per: dec!(5), start: 0, step: 3, not_applicable: &[] },
    Pattern { unit: "乙区", lost: dec!(142), per: dec!(4), start: 1, step: 5, not_applicable: &[] },
    Pattern { unit: "丙县", lost: dec!(142.5), per: dec!(5), start: 2, step: 9, not_applicable: &[] },
    Pattern { unit: "丁县", lost: dec!(110), per: dec!(5), start: 4, step: 11, not_applicable: &["3.2.2", "5.2.2"] },
    Pattern { unit: "戊市", lost: dec!(230), per: dec!(5), start: 3, step: 13, not_applicable: &[] },
];

const REASONS: [&str; 6] = [
    "佐证材料不全",
    "制度未及时修订",
    "未按期向社会公开",
    "抽查发现问题未整改到位",
    "工作台账不规范",
    "未达到目标值",
];

const NOT_APPLICABLE: &str = "不涉及";

/// One row of a long score table.
struct ScoreRow {
    unit: String,
    code: String,
    item: String,
    score: String,
    reason: String,
}

fn main() -> Result<()> {
    let tree = zhibiao::inputs::read(Path::new(TREE_CSV)).map_err(|e| anyhow::anyhow!("{e}"))?;
    let tree = pipeline::read_tree(&tree, &TreeOptions::default()).map_err(|e| anyhow::anyhow!("{e}"))?;
    let title = read_title(TREE_CSV)?;
    save(TREE_XLSX, tree_workbook(&tree, &title)?)?;

    let district = district_rows(&tree)?;
    save(DISTRICT_XLSX, score_workbook(&district, "顺城区自评得分(示例)")?)?;

    let units: Vec<ScoreRow> = UNITS.iter().flat_map(|p| unit_rows(&tree, p)).collect();
    save(UNITS_XLSX, score_workbook(&units, "多单位得分(示例)")?)?;
    save(UNITS_CSV, score_csv(&units)?)?;
    save(REVIEW_XLSX, review_workbook(&tree, &district)?)?;
    Ok(())
}

fn save(path: &str, bytes: Vec<u8>) -> Result<()> {
    write_atomic(Path::new(path), &bytes).with_context(|| format!("writing {path}"))?;
    println!("wrote {path}");
    Ok(())
}

/// The title row above the header of the csv tree.
fn read_title(path: &str) -> Result<String> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_path(path)?;
    let first = reader.records().next().context("empty tree csv")??;
    Ok(first.get(0).unwrap_or_default().to_string())
}

/// A workbook whose bytes do not depend on when it was made.
fn workbook(title: &str) -> Result<Workbook> {
    let mut book = Workbook::new();
    let created = ExcelDateTime::from_ymd(2024, 1, 1)?.and_hms(0, 0, 0)?;
    let properties = DocProperties::new()
        .set_title(title)
        .set_author("zhibiao")
        .set_comment("示例, 非官方文件 (illustrative, not official)")
        .set_creation_datetime(&created);
    book.set_properties(&properties);
    Ok(book)
}

fn tree_workbook(tree: &IndicatorTree, title: &str) -> Result<Vec<u8>> {
    let mut book = workbook(title)?;
    let sheet = book.add_worksheet().set_name("指标体系")?;
    let border = Format::new().set_border(FormatBorder::Thin).set_text_wrap().set_align(FormatAlign::VerticalCenter);
    let centred = border.clone().set_align(FormatAlign::Center);
    let header = centred.clone().set_bold().set_background_color("#D9E1F2");
    let title_format = Format::new().set_bold().set_font_size(16).set_align(FormatAlign::Center).set_align(FormatAlign::VerticalCenter);

    let columns = [("一级指标", 18.0), ("二级指标", 22.0), ("三级指标", 52.0), ("分值", 7.0), ("责任单位", 24.0), ("评分标准", 40.0)];
    let last_col = columns.len() as u16 - 1;
    sheet.merge_range(0, 0, 0, last_col, title, &title_format)?;
    sheet.set_row_height(0, 32)?;
    for (col, (name, width)) in (0u16..).zip(columns) {
        sheet.write_string_with_format(1, col, name, &header)?;
        sheet.set_column_width(col, width)?;
    }
    sheet.set_freeze_panes(2, 0)?;

    const FIRST: u32 = 2;
    for (row, item) in (FIRST..).zip(&tree.items) {
        sheet.write_string_with_format(row, 2, &item.name, &border)?;
        sheet.write_number_with_format(row, 3, to_f64(item.points), &centred)?;
        sheet.write_string_with_format(row, 4, item.departments.join("、"), &border)?;
        sheet.write_string_with_format(row, 5, item.standard.as_deref().unwrap_or_default(), &border)?;
    }
    // 一级 and 二级 cells span the rows of their items, as offices draw them.
    let rows_of = |belongs: &dyn Fn(usize) -> bool| {
        let rows: Vec<u32> = (FIRST..).zip(0..tree.items.len()).filter(|&(_, i)| belongs(i)).map(|(r, _)| r).collect();
        (rows[0], rows[rows.len() - 1])
    };
    for (g, group) in tree.level1.iter().enumerate() {
        let (top, bottom) = rows_of(&|i| tree.items[i].level1 == Some(g));
        span(sheet, top, bottom, 0, &group.name, &border)?;
    }
    for (g, group) in tree.level2.iter().enumerate() {
        let (top, bottom) = rows_of(&|i| tree.items[i].level2 == Some(g));
        span(sheet, top, bottom, 1, &group.name, &border)?;
    }

    let total = FIRST + tree.items.len() as u32;
    sheet.merge_range(total, 0, total, 2, "合计", &header)?;
    sheet.write_number_with_format(total, 3, to_f64(tree.total_points()), &header)?;
    sheet.merge_range(total, 4, total, last_col, "", &header)?;
    sheet.merge_range(total + 1, 0, total + 1, last_col, NOTE, &Format::new().set_italic())?;
    Ok(book.save_to_buffer()?)
}

/// Writes `text` over rows `top..=bottom` of a column: merged, or a plain cell for a single row.
fn span(sheet: &mut Worksheet, top: u32, bottom: u32, col: u16, text: &str, format: &Format) -> Result<()> {
    if top == bottom {
        sheet.write_string_with_format(top, col, text, format)?;
    } else {
        sheet.merge_range(top, col, bottom, col, text, format)?;
    }
    Ok(())
}

fn to_f64(value: Decimal) -> f64 {
    value.to_f64().unwrap_or_default()
}

/// 顺城区: full points except the items of [`SHUNCHENG`].
fn district_rows(tree: &IndicatorTree) -> Result<Vec<ScoreRow>> {
    for (code, _, _) in SHUNCHENG {
        anyhow::ensure!(tree.items.iter().any(|i| i.code == *code), "{code} is not in the tree");
    }
    Ok(tree
        .items
        .iter()
        .map(|item| {
            let lost = SHUNCHENG.iter().find(|(code, _, _)| *code == item.code);
            ScoreRow {
                unit: "顺城区".into(),
                code: item.code.clone(),
                item: item.name.clone(),
                score: lost.map_or_else(|| item.points.to_string(), |(_, score, _)| score.to_string()),
                reason: lost.map(|(_, _, reason)| reason.to_string()).unwrap_or_default(),
            }
        })
        .collect())
}

/// A unit of the multi-unit sample, following its [`Pattern`].
fn unit_rows(tree: &IndicatorTree, pattern: &Pattern) -> Vec<ScoreRow> {
    let count = tree.items.len();
    let not_applicable = |i: usize| pattern.not_applicable.contains(&tree.items[i].code.as_str());
    let mut lost = vec![Decimal::ZERO; count];
    let (mut left, mut i) = (pattern.lost, pattern.start);
    while left > Decimal::ZERO {
        if !not_applicable(i) {
            lost[i] = left.min(pattern.per);
            left -= lost[i];
        }
        i = (i + pattern.step) % count;
    }
    let mut reasons = REASONS.iter().cycle();
    tree.items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let (score, reason) = if not_applicable(i) {
                (NOT_APPLICABLE.to_string(), "本年度无此类事项".to_string())
            } else if lost[i].is_zero() {
                (item.points.to_string(), String::new())
            } else {
                ((item.points - lost[i]).normalize().to_string(), reasons.next().copied().unwrap_or_default().to_string())
            };
            ScoreRow { unit: pattern.unit.into(), code: item.code.clone(), item: item.name.clone(), score, reason }
        })
        .collect()
}

/// Sheet 评分表: a score that reads as a plain number is written as one, anything else as typed.
fn score_workbook(rows: &[ScoreRow], title: &str) -> Result<Vec<u8>> {
    let mut book = workbook(title)?;
    let sheet = book.add_worksheet().set_name("评分表")?;
    let header = Format::new().set_bold().set_border(FormatBorder::Thin).set_background_color("#D9E1F2");
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::VerticalCenter);
    for (col, (name, width)) in (0u16..).zip(SCORE_HEADERS.iter().zip([10.0, 8.0, 60.0, 8.0, 36.0])) {
        sheet.write_string_with_format(0, col, *name, &header)?;
        sheet.set_column_width(col, width)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    for (row, r) in (1u32..).zip(rows) {
        sheet.write_string(row, 0, &r.unit)?;
        sheet.write_string(row, 1, &r.code)?;
        sheet.write_string_with_format(row, 2, &r.item, &wrap)?;
        match r.score.parse::<Decimal>() {
            Ok(n) => sheet.write_number(row, 3, to_f64(n))?,
            Err(_) => sheet.write_string(row, 3, &r.score)?,
        };
        sheet.write_string_with_format(row, 4, &r.reason, &wrap)?;
    }
    Ok(book.save_to_buffer()?)
}

/// Sheet 评分表 with both rounds: 自评得分 and 扣分原因 as the district sent them, 核定得分 and
/// 核减原因 as the assessment team wrote them beside.
fn review_workbook(tree: &IndicatorTree, district: &[ScoreRow]) -> Result<Vec<u8>> {
    for (code, _, _) in SHUNCHENG_REVIEW {
        anyhow::ensure!(tree.items.iter().any(|i| i.code == *code), "{code} is not in the tree");
    }
    let mut book = workbook("顺城区核定得分(示例)")?;
    let sheet = book.add_worksheet().set_name("评分表")?;
    let header = Format::new().set_bold().set_border(FormatBorder::Thin).set_background_color("#D9E1F2");
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::VerticalCenter);
    let headers = ["单位", "编号", "三级指标", "自评得分", "扣分原因", "核定得分", "核减原因"];
    for (col, (name, width)) in (0u16..).zip(headers.iter().zip([10.0, 8.0, 60.0, 8.0, 36.0, 8.0, 36.0])) {
        sheet.write_string_with_format(0, col, *name, &header)?;
        sheet.set_column_width(col, width)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    let number_or_text = |sheet: &mut Worksheet, row: u32, col: u16, value: &str| -> Result<()> {
        match value.parse::<Decimal>() {
            Ok(n) => sheet.write_number(row, col, to_f64(n))?,
            Err(_) => sheet.write_string(row, col, value)?,
        };
        Ok(())
    };
    for (row, r) in (1u32..).zip(district) {
        sheet.write_string(row, 0, &r.unit)?;
        sheet.write_string(row, 1, &r.code)?;
        sheet.write_string_with_format(row, 2, &r.item, &wrap)?;
        number_or_text(sheet, row, 3, &r.score)?;
        sheet.write_string_with_format(row, 4, &r.reason, &wrap)?;
        match SHUNCHENG_REVIEW.iter().find(|(code, _, _)| *code == r.code) {
            Some((_, verified, reason)) => {
                number_or_text(sheet, row, 5, verified)?;
                sheet.write_string_with_format(row, 6, *reason, &wrap)?;
            }
            // Verified as self-assessed: the number the clerk typed, read as the reader reads it.
            None => number_or_text(sheet, row, 5, &verified_as_typed(&r.score))?,
        }
    }
    Ok(book.save_to_buffer()?)
}

/// A self-score as typed ("8分", full-width "９") as the plain number the team writes.
fn verified_as_typed(score: &str) -> String {
    let digits: String = score.chars().map(|c| if ('０'..='９').contains(&c) { char::from(b'0' + (c as u32 - '０' as u32) as u8) } else { c }).collect();
    digits.trim_end_matches('分').to_string()
}

fn score_csv(rows: &[ScoreRow]) -> Result<Vec<u8>> {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(SCORE_HEADERS)?;
    for r in rows {
        out.write_record([&r.unit, &r.code, &r.item, &r.score, &r.reason])?;
    }
    Ok(out.into_inner()?)
}
