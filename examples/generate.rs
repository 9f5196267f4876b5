//! Writes the benchmark data: a 9/37/112 indicator tree and score files at national scale.
//!
//!     cargo run --release --example generate -- OUT [--units 2844] [--counties 25]
//!
//! OUT/tree.csv, OUT/tree.xlsx       the tree: 9 一级, 37 二级, 112 items of 10 points, 40 departments
//! OUT/a/scores.csv, OUT/a/scores.xlsx
//!                                   (a) one long table 单位, 编号, 得分: every unit × every item
//! OUT/b/<county>/<department>.xlsx  (b) one workbook per department of every county (40 per county):
//!                                   the template `zhibiao template --units <county>` makes (the same
//!                                   library call), its 自评得分 cells filled in
//!
//! Everything is a formula of the indices, so the same arguments give the same files. Scores are whole
//! numbers from 6 to 10; an item shared by two departments gets two scores, so `--combine mean` yields
//! halves; about one unit-item in 53 is 不涉及 (for every department).

use std::fs;
use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};

use rust_xlsxwriter::Workbook;
use zhibiao::template::{self, By};
use zhibiao::pipeline::{self, TreeOptions};

const LEVEL1: usize = 9;
const LEVEL2_PER_LEVEL1: [usize; LEVEL1] = [4, 4, 4, 4, 4, 4, 4, 4, 5];
const ITEMS: usize = 112;
const DEPARTMENTS: [&str; 40] = [
    "司法局", "财政局", "审计局", "发改委", "教育局", "公安局", "民政局", "人社局", "自然资源局", "生态环境局",
    "住建局", "交通运输局", "水利局", "农业农村局", "商务局", "文旅局", "卫健委", "应急管理局", "市场监管局", "统计局",
    "医保局", "信访局", "城管局", "税务局", "政务服务中心", "档案局", "机关事务局", "退役军人事务局", "林业局", "科技局",
    "工信局", "国资委", "粮食局", "人防办", "气象局", "消防救援大队", "金融办", "外事办", "民宗局", "行政审批局",
];

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

/// One item of the tree.
struct Item {
    code: String,
    level1: usize,
    level2: usize,
    /// Indices into DEPARTMENTS; one or two.
    departments: Vec<usize>,
}

fn items() -> Vec<Item> {
    let level2_count: usize = LEVEL2_PER_LEVEL1.iter().sum();
    // 112 items over 37 二级: three each, four for the last one.
    let per_level2: Vec<usize> = (0..level2_count).map(|j| if j + 1 == level2_count { ITEMS - 3 * j } else { 3 }).collect();
    let mut items = Vec::with_capacity(ITEMS);
    let mut j = 0;
    for (l1, &n2) in LEVEL2_PER_LEVEL1.iter().enumerate() {
        for l2 in 0..n2 {
            for k in 0..per_level2[j] {
                let i = items.len();
                let lead = (i * 7) % DEPARTMENTS.len();
                let mut departments = vec![lead];
                if i % 3 == 0 {
                    departments.push((lead + 11) % DEPARTMENTS.len());
                }
                items.push(Item { code: format!("{}.{}.{}", l1 + 1, l2 + 1, k + 1), level1: l1, level2: j, departments });
            }
            j += 1;
        }
    }
    assert_eq!((j, items.len()), (level2_count, ITEMS));
    items
}

fn level1_name(l1: usize) -> String {
    format!("{}、一级指标{}", ["一", "二", "三", "四", "五", "六", "七", "八", "九"][l1], l1 + 1)
}

fn item_text(i: usize) -> String {
    format!("第{}项：重大行政决策合法性审查率达到100%，行政复议决定书按期公开", i + 1)
}

/// The score a department gives a unit for an item: `None` for 不涉及.
fn score(unit: usize, item: usize, department: usize) -> Option<u32> {
    if (unit * 13 + item * 7).is_multiple_of(53) {
        return None;
    }
    Some(6 + ((unit * 31 + item * 17 + department * 7) % 5) as u32)
}

fn tree_rows(items: &[Item]) -> Vec<[String; 6]> {
    let mut rows = vec![["一级指标", "二级指标", "三级指标", "编号", "分值", "责任单位"].map(String::from)];
    for (i, item) in items.iter().enumerate() {
        let departments: Vec<&str> = item.departments.iter().map(|&d| DEPARTMENTS[d]).collect();
        // A group is named on its first row only: a blank below means "same as above".
        let first_of = |same: fn(&Item, &Item) -> bool| i == 0 || !same(&items[i - 1], item);
        let l1 = if first_of(|a, b| a.level1 == b.level1) { level1_name(item.level1) } else { String::new() };
        let l2 = if first_of(|a, b| a.level2 == b.level2) { format!("({})二级指标{}", item.level2 + 1, item.level2 + 1) } else { String::new() };
        rows.push([
            l1,
            l2,
            item_text(i),
            item.code.clone(),
            "10".into(),
            departments.join("、"),
        ]);
    }
    rows
}

fn write_csv<const N: usize>(path: &Path, rows: &[[String; N]]) -> Result<()> {
    let mut writer = csv::Writer::from_path(path)?;
    for row in rows {
        writer.write_record(row)?;
    }
    writer.flush()?;
    Ok(())
}

/// Writes rows of text, numbers where a cell parses as a whole number, to the first sheet.
fn write_xlsx<const N: usize>(path: &Path, sheet: &str, rows: &[[String; N]]) -> Result<()> {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name(sheet)?;
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            match cell.parse::<u32>() {
                Ok(n) if r > 0 => ws.write_number(r as u32, c as u16, n)?,
                _ => ws.write_string(r as u32, c as u16, cell)?,
            };
        }
    }
    book.save(path)?;
    Ok(())
}

/// Writes values into empty input cells of a workbook's first sheet, as a clerk typing them would:
/// every other part of the file stays as the template had it.
fn fill(workbook: &[u8], cells: &[(String, String)]) -> Result<Vec<u8>> {
    let mut input = zip::ZipArchive::new(Cursor::new(workbook))?;
    let mut output = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for i in 0..input.len() {
        let mut entry = input.by_index(i)?;
        let name = entry.name()?.to_string();
        let mut content = Vec::new();
        entry.read_to_end(&mut content)?;
        if name == "xl/worksheets/sheet1.xml" {
            let mut xml = String::from_utf8(content)?;
            for (cell, value) in cells {
                // An empty styled cell: <c r="G3" s="5"/>
                let start = xml.find(&format!("<c r=\"{cell}\" ")).ok_or_else(|| format!("no cell {cell}"))?;
                let end = start + xml[start..].find("/>").ok_or("an empty cell")?;
                let value = match value.parse::<u32>() {
                    Ok(n) => format!("><v>{n}</v></c>"),
                    Err(_) => format!(" t=\"inlineStr\"><is><t>{value}</t></is></c>"),
                };
                xml.replace_range(end..end + 2, &value);
            }
            content = xml.into_bytes();
        }
        output.start_file(name, options)?;
        output.write_all(&content)?;
    }
    Ok(output.finish()?.into_inner())
}

fn unit_name(u: usize) -> String {
    format!("样本县{:04}", u + 1)
}

fn shown(score: Option<u32>) -> String {
    score.map_or_else(|| "不涉及".to_string(), |s| s.to_string())
}

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let mut out: Option<PathBuf> = None;
    let (mut units, mut counties) = (2844, 25);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--units" => units = args.next().ok_or("--units N")?.parse()?,
            "--counties" => counties = args.next().ok_or("--counties N")?.parse()?,
            _ => out = Some(arg.into()),
        }
    }
    let out = out.ok_or("usage: generate OUT [--units N] [--counties N]")?;
    let items = items();
    fs::create_dir_all(out.join("a"))?;
    fs::create_dir_all(out.join("b"))?;

    let tree = tree_rows(&items);
    write_csv(&out.join("tree.csv"), &tree)?;
    write_xlsx(&out.join("tree.xlsx"), "指标体系", &tree)?;

    // (a) one long table. A unit scores an item once: the lead department's score.
    let mut rows = vec![["单位", "编号", "得分"].map(String::from)];
    for u in 0..units {
        for (i, item) in items.iter().enumerate() {
            rows.push([unit_name(u), item.code.clone(), shown(score(u, i, item.departments[0]))]);
        }
    }
    write_csv(&out.join("a/scores.csv"), &rows)?;
    write_xlsx(&out.join("a/scores.xlsx"), "评分表", &rows)?;

    // (b) each county sends its departments the templates and gets them back filled in.
    let tree = pipeline::read_tree(&zhibiao::inputs::read(&out.join("tree.csv"))?, &TreeOptions::default())?;
    for u in 0..counties {
        let county = out.join("b").join(unit_name(u));
        fs::create_dir_all(&county)?;
        for t in template::plan(&tree, By::Department, &[unit_name(u)])? {
            let department = t.department.as_deref().ok_or("a department template")?;
            let d = DEPARTMENTS.iter().position(|name| *name == department).ok_or("a known department")?;
            // Item rows start on the third row; 自评得分 is column G of a one-unit template.
            let cells: Vec<(String, String)> =
                t.items.iter().enumerate().map(|(k, &i)| (format!("G{}", k + 3), shown(score(u, i, d)))).collect();
            let filled = fill(&template::workbook(&tree, &t)?, &cells)?;
            fs::write(county.join(&t.file_name), filled)?;
        }
    }
    let about = format!(
        "a 9/37/112 tree of 10-point items with {} departments. (a) one long table (单位, 编号, 得分) of {units} units × \
         {ITEMS} items = {} rows, as csv and as xlsx. (b) {} department workbooks ({counties} counties × {} departments), \
         made by the template code of `zhibiao template` (one per department, the county named inside) with their \
         自评得分 cells filled in, in one folder per county; items shared by two departments are combined by the mean.\n",
        DEPARTMENTS.len(),
        units * ITEMS,
        counties * DEPARTMENTS.len(),
        DEPARTMENTS.len()
    );
    fs::write(out.join("README.txt"), &about)?;
    eprint!("wrote {}: {about}", out.display());
    Ok(())
}
