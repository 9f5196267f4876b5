//! Wide score tables (宽表): one row per item and one column per unit, or one row per unit and one
//! column per item code, in csv and xlsx. They give the same totals as the long table, and the same
//! messages at the same kind of cells.

use std::path::Path;

use rust_xlsxwriter::{Format, Workbook};
use serde_json::Value;

use crate::support::{expect, json_of, write, zhibiao};

const SMALL_TREE: &str = "indicators/小型示例.csv";
const EXAMPLE_TREE: &str = "indicators/示范创建指标体系-示例.xlsx";

/// The small tree's items (A1…B4, 75 points) scored for two units. By hand:
/// 甲区 8+5+12+10+9+5+15 = 64 of 75−5 = 70 (A4 不涉及) → 91.428… → 91.4;
/// 乙区 10+4+15+5+7+10+3+10 = 64 of 75 → 85.333… → 85.3.
const CODES: [&str; 8] = ["A1", "A2", "A3", "A4", "B1", "B2", "B3", "B4"];
const JIA: [&str; 8] = ["8", "5", "12", "不涉及", "10", "9", "5", "15"];
const YI: [&str; 8] = ["10", "4分", "15", "5", "7", "10", "3", "10"];

/// Units' totals from `score --format json`: (unit, raw, max, score, rank).
fn totals(tree: &str, file: &Path) -> Vec<(String, String, String, String, u64)> {
    let output = expect(zhibiao().args(["score", "--tree", tree, "--format", "json"]).arg(file), 0);
    let json = json_of(&output.stdout);
    let field = |u: &Value, k: &str| u[k].as_str().unwrap().to_string();
    json["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| (field(u, "unit"), field(u, "raw"), field(u, "max"), field(u, "score"), u["rank"].as_u64().unwrap()))
        .collect()
}

fn hand_totals() -> Vec<(String, String, String, String, u64)> {
    vec![("甲区".into(), "64".into(), "70".into(), "91.4".into(), 1), ("乙区".into(), "64".into(), "75".into(), "85.3".into(), 2)]
}

fn long_csv(dir: &Path) -> std::path::PathBuf {
    let mut text = String::from("单位,编号,得分\n");
    for (unit, scores) in [("甲区", JIA), ("乙区", YI)] {
        for (code, score) in CODES.iter().zip(scores) {
            text.push_str(&format!("{unit},{code},{score}\n"));
        }
    }
    write(dir, "long.csv", &text)
}

/// Writes rows of text to a sheet, numbers as numbers, blanks as nothing.
fn put(sheet: &mut rust_xlsxwriter::Worksheet, first_row: u32, rows: &[Vec<String>]) {
    for (r, row) in rows.iter().enumerate() {
        for (c, value) in row.iter().enumerate() {
            let (r, c) = (first_row + r as u32, c as u16);
            match value.parse::<f64>() {
                Ok(n) => sheet.write_number(r, c, n).unwrap(),
                Err(_) if value.is_empty() => sheet,
                Err(_) => sheet.write_string(r, c, value).unwrap(),
            };
        }
    }
}

fn by_unit_rows() -> Vec<Vec<String>> {
    (0..8).map(|i| vec![CODES[i].to_string(), JIA[i].to_string(), YI[i].to_string()]).collect()
}

fn by_item_rows() -> Vec<Vec<String>> {
    [("甲区", JIA), ("乙区", YI)].iter().map(|(u, s)| std::iter::once(u.to_string()).chain(s.iter().map(|x| x.to_string())).collect()).collect()
}

#[test]
fn one_column_per_unit_or_per_item_gives_the_long_tables_totals_csv() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(totals(SMALL_TREE, &long_csv(dir.path())), hand_totals());
    let mut by_unit = String::from("编号,甲区,乙区\n");
    by_unit_rows().iter().for_each(|r| by_unit.push_str(&format!("{}\n", r.join(","))));
    assert_eq!(totals(SMALL_TREE, &write(dir.path(), "by_unit.csv", &by_unit)), hand_totals());
    let mut by_item = format!("单位,{},总分\n", CODES.join(","));
    by_item_rows().iter().for_each(|r| by_item.push_str(&format!("{},\n", r.join(","))));
    assert_eq!(totals(SMALL_TREE, &write(dir.path(), "by_item.csv", &by_item)), hand_totals());
}

#[test]
fn one_column_per_unit_or_per_item_gives_the_long_tables_totals_xlsx() {
    let dir = tempfile::tempdir().unwrap();
    // One row per item, under a title and a two-row header: 各单位得分 merged over the unit names,
    // the tree's 一级指标 and 分值 copied beside the items, a 合计 row under them.
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("得分表").unwrap();
    sheet.write_string(0, 0, "XX市法治政府建设考核得分表").unwrap();
    put(sheet, 1, &[vec!["编号".into(), "一级指标".into(), "分值".into()]]);
    sheet.merge_range(1, 3, 1, 4, "各单位得分", &Format::new()).unwrap();
    put(sheet, 2, &[vec![String::new(), String::new(), String::new(), "甲区".into(), "乙区".into()]]);
    let points = ["10", "5", "15", "5", "10", "10", "5", "15"];
    let rows: Vec<Vec<String>> =
        by_unit_rows().into_iter().zip(points).map(|(r, p)| vec![r[0].clone(), "一".into(), p.into(), r[1].clone(), r[2].clone()]).collect();
    put(sheet, 3, &rows);
    put(sheet, 11, &[vec!["合计".into(), String::new(), "75".into(), "64".into(), "64".into()]]);
    let by_unit = dir.path().join("by_unit.xlsx");
    book.save(&by_unit).unwrap();
    assert_eq!(totals(SMALL_TREE, &by_unit), hand_totals());

    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("得分表").unwrap();
    let header: Vec<String> = std::iter::once("被考核单位").chain(CODES).chain(["总分"]).map(String::from).collect();
    put(sheet, 0, &[header]);
    put(sheet, 1, &by_item_rows());
    let by_item = dir.path().join("by_item.xlsx");
    book.save(&by_item).unwrap();
    assert_eq!(totals(SMALL_TREE, &by_item), hand_totals());
}

/// The shipped five-unit sample turned wide both ways scores exactly as the long sample does
/// (甲区 1010/1120 → 90.2, a tie at 87.3, 丁县 with two 不涉及).
#[test]
fn the_shipped_sample_turned_wide_scores_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let long = crate::support::repo_file("samples/多单位得分.csv");
    let mut reader = csv::Reader::from_path(&long).unwrap();
    let (mut units, mut codes, mut scores) = (Vec::<String>::new(), Vec::<String>::new(), std::collections::HashMap::new());
    for record in reader.records() {
        let record = record.unwrap();
        let (unit, code, score) = (record[0].to_string(), record[1].to_string(), record[3].to_string());
        if !units.contains(&unit) {
            units.push(unit.clone());
        }
        if !codes.contains(&code) {
            codes.push(code.clone());
        }
        scores.insert((unit, code), score);
    }
    let mut by_unit = format!("编号,{}\n", units.join(","));
    for code in &codes {
        let row: Vec<&str> = units.iter().map(|u| scores[&(u.clone(), code.clone())].as_str()).collect();
        by_unit.push_str(&format!("{code},{}\n", row.join(",")));
    }
    let mut by_item = format!("单位,{}\n", codes.join(","));
    for unit in &units {
        let row: Vec<&str> = codes.iter().map(|c| scores[&(unit.clone(), c.clone())].as_str()).collect();
        by_item.push_str(&format!("{unit},{}\n", row.join(",")));
    }
    let expected = totals(EXAMPLE_TREE, &long);
    assert_eq!(expected[0], ("甲区".into(), "1010".into(), "1120".into(), "90.2".into(), 1));
    assert_eq!(totals(EXAMPLE_TREE, &write(dir.path(), "by_unit.csv", &by_unit)), expected);
    assert_eq!(totals(EXAMPLE_TREE, &write(dir.path(), "by_item.csv", &by_item)), expected);
}

fn stderr_of_failing(dir: &Path, file: &str) -> String {
    let output = expect(zhibiao().current_dir(dir).args(["score", "--tree"]).arg(crate::support::repo_file(SMALL_TREE)).arg(file), 1);
    String::from_utf8(output.stderr).unwrap()
}

#[test]
fn a_table_by_unit_names_every_problem_at_its_cell() {
    let dir = tempfile::tempdir().unwrap();
    let rows = [
        "编号,分值,甲区,乙区,甲区",
        "A1,10,8分,10,1",
        "A2,5,,5,",
        "A3,15,不涉及,16,",
        "A9,5,1,1,",
        "A4,5,5,5,",
        "B1,10,10,10,",
        "B2,10,10,10,",
        "B3,5,5,5,",
        "B4,15,15,15,",
    ];
    write(dir.path(), "宽表.csv", &(rows.join("\n") + "\n"));
    let stderr = stderr_of_failing(dir.path(), "宽表.csv");
    // The second 甲区 column, the blank 甲区 A2, 乙区's 16 of 15 points, the unknown code A9.
    for (cell, says) in [
        ("E1", "单位“甲区”的列重复(首次出现在 宽表.csv!C1)"),
        ("C3", "得分为空"),
        ("D4", "超过指标“A3 重大行政决策合法性审查率达100…”的分值 15"),
        ("A5", "未知的指标编号“A9”"),
    ] {
        assert!(stderr.contains(&format!("宽表.csv!{cell}: ")) && stderr.contains(says), "{cell} {says}\n{stderr}");
    }
    assert!(stderr.contains("宽表.csv!C1: 按宽表读取: 每行一项指标,每列一个单位(表头中的单位: 甲区、乙区)"), "{stderr}");
    assert!(stderr.contains("错误: 共发现 4 个问题"), "{stderr}");
}

#[test]
fn a_table_by_item_names_every_problem_at_its_cell() {
    let dir = tempfile::tempdir().unwrap();
    let rows = ["单位,A1,A2,A3,A4,B1,B2,B3,B4,Z9,A2", "甲区,10,5,15,5,10,10,5,,1,5", "乙区,11,5,15,5,10,10,5,15,1,5", ",1,,,,,,,,,"];
    write(dir.path(), "宽表.csv", &(rows.join("\n") + "\n"));
    let stderr = stderr_of_failing(dir.path(), "宽表.csv");
    // The unknown code Z9 and the second A2 in the header, 甲区's blank B4, 乙区's 11 of 10
    // points, a score in a row without a unit.
    for (cell, says) in [
        ("J1", "未知的指标编号“Z9”"),
        ("K1", "指标“A2 行政规范性文件统一登记、统一编号…”的列重复(首次出现在 宽表.csv!C1)"),
        ("I2", "得分为空"),
        ("B3", "超过指标“A1 行政规范性文件合法性审核率达10…”的分值 10"),
        ("B4", "单位为空"),
    ] {
        assert!(stderr.contains(&format!("宽表.csv!{cell}: ")) && stderr.contains(says), "{cell} {says}\n{stderr}");
    }
    assert!(stderr.contains("按宽表读取: 每行一个单位,每列一项指标(表头中的 8 个指标编号"), "{stderr}");
}

#[test]
fn a_header_that_reads_both_ways_is_refused_at_its_cell() {
    let dir = tempfile::tempdir().unwrap();
    // 编号 says one row per item, but the column after it is headed by an item code.
    write(dir.path(), "两可.csv", "编号,甲区,B1\nA1,10,10\n");
    let stderr = stderr_of_failing(dir.path(), "两可.csv");
    assert!(stderr.contains("两可.csv!C1: 表头“B1”是指标编号"), "{stderr}");
}
