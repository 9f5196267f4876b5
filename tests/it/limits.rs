//! Limits that are never silent. A number with more digits than an exact decimal holds is refused
//! at its cell wherever it is typed (a csv, a text cell of a workbook, a scheme), never rounded on
//! the way in; a csv, which has no used range that could lie, is read row by row whatever its
//! length, while a spreadsheet keeps the guard against a range that claims too much.
//!
//! The tree follows the layout of the published 惠州市法治政府评价指标体系(试行) (2012): 一、 for the
//! 一级 area, (一) for the 二级 one, its numbered requirements as items (paraphrased, with points).

use std::path::Path;

use rust_xlsxwriter::Workbook;
use serde_json::Value;

use crate::support::{expect, json_of, write, zhibiao};

const TREE: &str = "tests/fixtures/limits/指标体系.csv";

/// `zhibiao ARGS` run in the repository: exit code and stderr.
fn refused(args: &[&str]) -> String {
    String::from_utf8(expect(zhibiao().args(args), 1).stderr).unwrap()
}

fn json(args: &[&str]) -> Value {
    json_of(&expect(zhibiao().args(args).args(["--format", "json"]), 0).stdout)
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// The message must be one whole line of the output.
fn assert_line(stderr: &str, expected: &str) {
    assert!(stderr.lines().any(|l| l.trim() == expected), "expected the line\n  {expected}\nin\n{stderr}");
}

#[test]
fn a_csv_score_with_more_digits_than_a_decimal_holds_is_refused_at_its_cell() {
    let dir = tempfile::tempdir().unwrap();
    // 10 + 10^-28 for a 10-point item, which a rounding reader takes for 10; 32 nines after 9.,
    // which it takes for 10. Zeros closing the decimals change nothing: 5.000…0 (30 zeros) is 5.
    let scores = write(
        dir.path(),
        "得分.csv",
        "单位,编号,得分\n甲区,1.1.1,10.0000000000000000000000000001\n甲区,1.1.2,9.99999999999999999999999999999999\n\
         甲区,1.1.3,5.000000000000000000000000000000\n甲区,1.2.1,8\n甲区,1.2.2,不涉及\n",
    );
    let stderr = refused(&["score", "--tree", TREE, path(&scores)]);
    let at = scores.display();
    assert_line(&stderr, "错误: 共发现 2 个问题");
    assert_line(&stderr, &format!("{at}!C2: “10.0000000000000000000000000001”有效数字超过 28 位,无法精确计算"));
    assert_line(&stderr, &format!("{at}!C3: “9.99999999999999999999999999999999”小数超过 28 位,无法精确计算"));
    let stderr = refused(&["--lang", "en", "score", "--tree", TREE, path(&scores)]);
    assert_line(
        &stderr,
        &format!("{at}!C2: '10.0000000000000000000000000001' has more than 28 significant digits, which cannot be computed exactly"),
    );
    assert_line(&stderr, &format!("{at}!C3: '9.99999999999999999999999999999999' has more than 28 decimal places, which cannot be computed exactly"));
    // A deduction (扣分) is a number read the same way.
    let deductions = write(dir.path(), "扣分.csv", "单位,编号,扣分\n甲区,1.1.1,0.00000000000000000000000000001\n");
    let stderr = refused(&["score", "--tree", TREE, path(&deductions)]);
    assert_line(&stderr, &format!("{}!C2: “0.00000000000000000000000000001”小数超过 28 位,无法精确计算", deductions.display()));
}

/// A workbook `评分表` of 单位/编号/得分 rows: numbers as number cells (doubles), texts as text.
fn score_book(file: &Path, rows: &[(&str, &str, Result<f64, &str>)]) {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("评分表").unwrap();
    sheet.write_row(0, 0, ["单位", "编号", "得分"]).unwrap();
    for (r, (unit, code, score)) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        sheet.write_row(r, 0, [*unit, *code]).unwrap();
        match score {
            Ok(number) => sheet.write_number(r, 2, *number).unwrap(),
            Err(text) => sheet.write_string(r, 2, *text).unwrap(),
        };
    }
    book.save(file).unwrap();
}

#[test]
fn a_text_cell_of_a_workbook_is_read_exactly_or_refused_and_a_number_cell_as_the_double_shows() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("财政局.xlsx");
    score_book(
        &book,
        &[
            ("甲区", "1.1.1", Err("10.0000000000000000000000000001")),
            ("甲区", "1.1.2", Err("９．９９９９９９９９９９９９９９９９９９９９９９９９９９９９９９９分")),
        ],
    );
    let stderr = refused(&["score", "--tree", TREE, path(&book)]);
    let at = book.display();
    assert_line(&stderr, &format!("{at}!评分表!C2: “10.0000000000000000000000000001”有效数字超过 28 位,无法精确计算"));
    assert_line(
        &stderr,
        &format!("{at}!评分表!C3: “９．９９９９９９９９９９９９９９９９９９９９９９９９９９９９９９９分”小数超过 28 位,无法精确计算"),
    );

    // Read exactly: 4.999…9 (26 decimals) and 10^-26 as text add up to 5; read at the 15 digits of
    // a double, either would leave 10.3 ± 10^-26 (shown 10.3000). A number cell holds a double:
    // 0.1 + 0.2 is 0.30000000000000004, and is read as the 0.3 a spreadsheet shows.
    score_book(
        &book,
        &[
            ("甲区", "1.1.1", Ok(0.1 + 0.2)),
            ("甲区", "1.1.2", Err("5.000000000000000000000000000000")),
            ("甲区", "1.1.3", Err("4.99999999999999999999999999")),
            ("甲区", "1.2.1", Err("0.00000000000000000000000001")),
            ("甲区", "1.2.2", Err("不涉及")),
        ],
    );
    let report = json(&["score", "--tree", TREE, path(&book)]);
    let unit = &report["units"][0];
    assert_eq!(
        (&unit["raw"], &unit["max"], &unit["exact"]),
        (&Value::from("10.3"), &Value::from("35"), &Value::from("29.428571428571428571428571429"))
    );
    let scores: Vec<&Value> = unit["items"].as_array().unwrap().iter().map(|i| &i["score"]).collect();
    assert_eq!(
        scores,
        ["0.3", "5", "5.0000", "0.0000", ""].map(|s| if s.is_empty() { Value::Null } else { Value::from(s) }).iter().collect::<Vec<_>>()
    );
}

#[test]
fn a_scheme_number_is_read_exactly_or_refused_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    // 甲区 scores 36 of 40: 90.0.
    let scores = write(dir.path(), "得分.csv", "单位,编号,得分\n甲区,1.1.1,9\n甲区,1.1.2,9\n甲区,1.1.3,5\n甲区,1.2.1,9\n甲区,1.2.2,4\n");
    let scheme = |name: &str, text: &str| write(dir.path(), name, text);
    let eligible = |scheme: &Path| json(&["score", "--tree", TREE, "--scheme", path(scheme), path(&scores)])["units"][0]["eligible"].clone();
    // A double would read these thresholds as 90, which 甲区 reaches.
    assert_eq!(eligible(&scheme("90.toml", "threshold = 90\n")), Value::Bool(true));
    assert_eq!(eligible(&scheme("more.toml", "threshold = 90.000000000000000001\n")), Value::Bool(false));
    assert_eq!(eligible(&scheme("exponent.toml", "threshold = 9.000_000_000_000_000_000_1e1\n")), Value::Bool(false));

    let too_long = scheme(
        "s.toml",
        "threshold = 60.00000000000000000000000000001\ndecimals = 1\n\n[weights]\n\"1\" = 100.000_000_000_000_000_000_000_000_000_01\n",
    );
    let stderr = refused(&["score", "--tree", TREE, "--scheme", path(&too_long), path(&scores)]);
    let at = too_long.display();
    assert_line(&stderr, "原因: 共发现 2 个问题");
    assert_line(&stderr, &format!("{at}:1: threshold: “60.00000000000000000000000000001”小数超过 28 位,无法精确计算"));
    assert_line(&stderr, &format!("{at}:5: weights.1: “100.00000000000000000000000000001”小数超过 28 位,无法精确计算"));
    // A number written as text is read by the same rule, and refused where serde reads it.
    let quoted = scheme("quoted.toml", "points = 10\nthreshold = \"80.000000000000000000000000001\"\n");
    let stderr = refused(&["score", "--tree", TREE, "--scheme", path(&quoted), path(&scores)]);
    assert!(stderr.contains("TOML parse error at line 2, column 13"), "{stderr}");
    assert_line(&stderr, "“80.000000000000000000000000001”有效数字超过 28 位,无法精确计算");
}

/// A long table of `units` × the tree's five items under a note far to the right (column ALL, as
/// offices leave a remark beside a table) and its header; every score in tenths of a point. The
/// sums of each unit in tenths, worked out here with integers.
fn long_table(units: usize) -> (String, Vec<(String, u64)>) {
    let points = [100, 100, 50, 100, 50];
    let mut csv = format!("{}注:得分由考核组核定\n单位,编号,得分\n", ",".repeat(999));
    let mut sums = Vec::new();
    for u in 0..units {
        let unit = format!("县{u:05}");
        let mut sum = 0;
        for (i, code) in ["1.1.1", "1.1.2", "1.1.3", "1.2.1", "1.2.2"].iter().enumerate() {
            let tenths = (u * 37 + i * 11) as u64 % (points[i] + 1);
            sum += tenths;
            csv += &format!("{unit},{code},{}.{}\n", tenths / 10, tenths % 10);
        }
        sums.push((unit, sum));
    }
    (csv, sums)
}

/// A spreadsheet's guard (values within 1,000,000 rows, 1,000 columns and 10,000,000 cells of its
/// range) made csv files of over a million rows, or ten thousand rows beside a far note, unreadable;
/// a csv is read row by row instead, what it holds at once bounded. The same table as a workbook
/// still meets the guard.
#[test]
fn a_csv_beyond_a_spreadsheets_range_guard_is_read_row_by_row_and_scored_exactly() {
    let dir = tempfile::tempdir().unwrap();
    // 2,002 units: 10,012 rows under the note, 10,012,000 cells of range from A1 to ALL10012.
    let (csv, sums) = long_table(2_002);
    let scores = write(dir.path(), "长表.csv", &csv);
    let report = json(&["score", "--tree", TREE, path(&scores)]);
    let units = report["units"].as_array().unwrap();
    assert_eq!(units.len(), sums.len());
    for (unit, tenths) in &sums {
        let got = units.iter().find(|u| u["unit"] == unit.as_str()).unwrap();
        let want = format!("{}.{}", tenths / 10, tenths % 10);
        let want = want.strip_suffix(".0").unwrap_or(&want);
        assert_eq!((got["raw"].as_str(), got["max"].as_str()), (Some(want), Some("40")), "{unit}");
    }

    let book = dir.path().join("长表.xlsx");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet().set_name("评分表").unwrap();
    for (r, line) in csv.lines().enumerate() {
        for (c, field) in line.split(',').enumerate().filter(|(_, f)| !f.is_empty()) {
            sheet.write_string(r as u32, c as u16, field).unwrap();
        }
    }
    workbook.save(&book).unwrap();
    let stderr = refused(&["score", "--tree", TREE, path(&book)]);
    assert!(stderr.contains(&format!("{}!评分表!A10001: 工作表的使用范围过大(上限 1000000 行、1000 列)", book.display())), "{stderr}");
}
