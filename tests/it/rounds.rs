//! Two rounds (自评 and 核定): the verified score replaces the self-score, which is kept beside it.
//!
//! Every test scores the small tree `indicators/小型示例.csv`: eight items, A1 10, A2 5, A3 15, A4 5,
//! B1 10, B2 10, B3 5, B4 15 points, 75 in all. Expected numbers are worked out by hand in the
//! comments.

use std::path::{Path, PathBuf};

use rust_xlsxwriter::Workbook;
use serde_json::Value;

use crate::support::{expect, json_of, stdout_of, write, zhibiao};

const TREE: &str = "indicators/小型示例.csv";

/// A cell as a clerk leaves it.
enum In {
    Number(f64),
    Text(&'static str),
    /// A formula and the value Excel cached for it.
    Formula(&'static str, &'static str),
    Blank,
}

/// 甲区's form with both rounds, as the assessment team returns it: header 单位, 编号, 自评得分,
/// 扣分原因, 核定得分, 核减原因 in row 1, the items from row 2 (A1 row 2 … B4 row 9).
fn both_rounds(dir: &Path) -> PathBuf {
    use In::*;
    let rows: [(&str, In, In, &str); 8] = [
        ("A1", Number(10.0), Formula("=10-2", "8"), "佐证材料不全"),
        // Text numbers, one full-width.
        ("A2", Text("５分"), Text("4"), "1件文件未登记"),
        // Verified 不涉及 against a self-scored 15, and the reverse.
        ("A3", Number(15.0), Text("不涉及"), "本年度无重大决策事项"),
        ("A4", Text("不涉及"), Number(5.0), ""),
        ("B1", Number(10.0), Number(10.0), ""),
        // A blank self-score beside a verified one: the verified one counts, no adjustment.
        ("B2", Blank, Number(9.0), "执法案卷抽查1件不合格"),
        // A self-score the team has not verified yet: 未核定.
        ("B3", Number(5.0), Blank, ""),
        ("B4", Number(15.0), Number(12.0), "出庭应诉率为90%"),
    ];
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("评分表").unwrap();
    for (col, name) in ["单位", "编号", "自评得分", "扣分原因", "核定得分", "核减原因"].iter().enumerate() {
        sheet.write_string(0, col as u16, *name).unwrap();
    }
    for (row, (code, own, verified, reason)) in (1u32..).zip(rows) {
        sheet.write_string(row, 0, "甲区").unwrap();
        sheet.write_string(row, 1, code).unwrap();
        for (col, cell) in [(2, own), (4, verified)] {
            match cell {
                Number(n) => drop(sheet.write_number(row, col, n).unwrap()),
                Text(t) => drop(sheet.write_string(row, col, t).unwrap()),
                Formula(f, cached) => drop(sheet.write_formula(row, col, rust_xlsxwriter::Formula::new(f).set_result(cached)).unwrap()),
                Blank => {}
            }
        }
        if !reason.is_empty() {
            sheet.write_string(row, 5, reason).unwrap();
        }
    }
    let path = dir.join("甲区-核定.xlsx");
    book.save(&path).unwrap();
    path
}

fn score_json(args: &[&Path], extra: &[&str]) -> (Value, String) {
    let out = expect(zhibiao().args(["score", "--tree", TREE, "--format", "json"]).args(args).args(extra), 0);
    (json_of(&out.stdout), String::from_utf8(out.stderr).unwrap())
}

fn item<'a>(unit: &'a Value, code: &str) -> &'a Value {
    unit["items"].as_array().unwrap().iter().find(|i| i["code"] == code).unwrap()
}

#[test]
fn both_columns_score_the_verified_score_and_keep_the_self_score() {
    let dir = tempfile::tempdir().unwrap();
    let form = both_rounds(dir.path());
    let (report, stderr) = score_json(&[&form], &[]);
    let unit = &report["units"][0];
    // Verified: A1 8, A2 4, A3 不涉及, A4 5, B1 10, B2 9, B3 5 (未核定: self), B4 12 → 53 of 75 − 15 = 60
    // → 88.333… → 88.3, below 90.
    assert_eq!((unit["raw"].as_str(), unit["max"].as_str(), unit["score"].as_str()), (Some("53"), Some("60"), Some("88.3")));
    assert_eq!(unit["eligible"], false);
    // Self: A1 10, A2 5, A3 15, A4 不涉及, B1 10, B2 9 (blank: the verified score), B3 5, B4 15 → 69 of
    // 75 − 5 = 70 → 98.571… → 98.6; verified − self = 88.3 − 98.6 = −10.3, more than 5: 自评虚高.
    assert_eq!(unit["self"]["raw"], "69");
    assert_eq!(unit["self"]["max"], "70");
    assert_eq!(unit["self"]["score"], "98.6");
    assert_eq!(unit["self"]["difference"], "-10.3");
    assert_eq!(unit["inflated"], true);
    let a1 = item(unit, "A1");
    assert_eq!((a1["score"].as_str(), a1["self_score"].as_str(), a1["adjustment"].as_str()), (Some("8"), Some("10"), Some("-2")));
    assert_eq!(a1["remark"], "佐证材料不全");
    assert!(a1["source"].as_str().unwrap().ends_with("甲区-核定.xlsx!评分表!E2"), "{a1}");
    assert!(a1["self_source"].as_str().unwrap().ends_with("甲区-核定.xlsx!评分表!C2"), "{a1}");
    assert_eq!(item(unit, "A2")["adjustment"], "-1");
    let a3 = item(unit, "A3");
    assert_eq!((a3["score"].is_null(), a3["self_score"].as_str(), a3["adjustment"].is_null()), (true, Some("15"), true));
    let a4 = item(unit, "A4");
    assert_eq!((a4["score"].as_str(), a4["self_score"].is_null()), (Some("5"), true));
    let b3 = item(unit, "B3");
    assert_eq!((b3["score"].as_str(), b3["verified"].as_bool()), (Some("5"), Some(false)));
    // 未核定 and the blank self-score are warnings naming their cells.
    assert!(stderr.contains("甲区 有 1 项未核定") && stderr.contains("评分表!C8") && stderr.contains("核定得分空白"), "{stderr}");
    assert!(stderr.contains("评分表!E8"), "{stderr}");
    assert!(stderr.contains("评分表!C7") && stderr.contains("甲区 的指标“B2 重大执法决定法制审核率达100%”自评得分空白"), "{stderr}");

    // The table: 自评得分 and 差值 columns, the adjustments largest cut first (B4 −3, A1 −2, A2 −1,
    // then the two 不涉及 changes in tree order), and the flag.
    let table = stdout_of(zhibiao().args(["score", "--tree", TREE]).arg(&form));
    assert!(table.contains("自评得分") && table.contains("差值") && table.contains("-10.3"), "{table}");
    let order: Vec<usize> =
        ["B4: 自评 15 → 核定 12(-3)", "A1: 自评 10 → 核定 8(-2)", "A2: 自评 5 → 核定 4(-1)", "A3: 自评 15 → 核定 不涉及", "A4: 自评 不涉及 → 核定 5"]
            .iter()
            .map(|line| table.find(line).unwrap_or_else(|| panic!("{line} not in\n{table}")))
            .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{table}");
    assert!(table.contains("自评虚高(自评得分高出核定得分超过 5 分): 甲区 98.6 → 88.3"), "{table}");

    // explain: restoring B4's 15 gives 56/60 = 93.33…, +5.00; A1 55/60, +3.33; A2 54/60, +1.67; A3
    // back to 15 gives 68/75 = 90.67, +2.33; A4's 不涉及 → 5 raised the score, so it cost nothing.
    let explained = stdout_of(zhibiao().args(["explain", "--tree", TREE, "--unit", "甲区"]).arg(&form));
    assert!(explained.contains("自评得分 98.6,核定得分 88.3,差值 -10.3: 自评虚高"), "{explained}");
    let costs: Vec<usize> = ["B4 ", "A1 ", "A3 ", "A2 "].iter().map(|c| explained.find(&format!("  {c}")).unwrap()).collect();
    assert!(costs.windows(2).all(|w| w[0] < w[1]), "{explained}");
    assert!(explained.contains("减少 5.00 分") && explained.contains("减少 2.33 分") && !explained.contains("  A4 "), "{explained}");
}

#[test]
fn require_verified_makes_unverified_items_errors() {
    let dir = tempfile::tempdir().unwrap();
    let form = both_rounds(dir.path());
    let out = expect(zhibiao().args(["score", "--tree", TREE, "--require-verified"]).arg(&form), 1);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("评分表!E8: 甲区 有 1 项未核定") && stderr.contains("B3"), "{stderr}");
}

#[test]
fn a_sheet_with_only_a_self_score_is_scored_as_before() {
    // 自评得分 alone (the templates): one round, no new columns or fields.
    let dir = tempfile::tempdir().unwrap();
    let form = write(
        dir.path(),
        "甲区.csv",
        "单位,编号,自评得分\n甲区,A1,8\n甲区,A2,5\n甲区,A3,15\n甲区,A4,5\n甲区,B1,10\n甲区,B2,10\n甲区,B3,5\n甲区,B4,15\n",
    );
    let (report, _) = score_json(&[&form], &[]);
    assert_eq!(report["units"][0]["score"], "97.3"); // 73 / 75 = 97.33…
    assert!(report["units"][0].get("self").is_none() && report["units"][0]["items"][0].get("self_score").is_none());
    let table = stdout_of(zhibiao().args(["score", "--tree", TREE]).arg(&form));
    assert!(!table.contains("差值") && !table.contains("自评虚高"), "{table}");
}

/// 乙区's department form (得分 only) and the team's separate review sheet.
fn form_and_review(dir: &Path) -> (PathBuf, PathBuf) {
    let form = write(
        dir,
        "乙区-自评.csv",
        "单位,编号,得分,扣分原因\n乙区,A1,9,少1件\n乙区,A2,5,\n乙区,A3,15,\n乙区,A4,5,\n乙区,B1,10,\n乙区,B2,10,\n乙区,B3,5,\n乙区,B4,15,\n",
    );
    let review = write(
        dir,
        "核定表.csv",
        "单位,编号,核定得分,核减原因\n乙区,A1,7,台账不全\n乙区,A2,5,\n乙区,A3,15,\n乙区,A4,5,\n乙区,B1,10,\n乙区,B2,10,\n乙区,B3,5,\n乙区,B4,15,\n",
    );
    (form, review)
}

#[test]
fn a_separate_review_sheet_is_merged_with_the_forms() {
    let dir = tempfile::tempdir().unwrap();
    let (form, review) = form_and_review(dir.path());
    let (report, stderr) = score_json(&[&form, &review], &[]);
    let unit = &report["units"][0];
    // Verified: 75 − 10 + 7 = 72 → 96.0; self: 74 → 98.666… → 98.7; −2.7 is no 自评虚高.
    assert_eq!((unit["raw"].as_str(), unit["score"].as_str()), (Some("72"), Some("96.0")));
    assert_eq!((unit["self"]["raw"].as_str(), unit["self"]["score"].as_str()), (Some("74"), Some("98.7")));
    assert_eq!(unit["inflated"], false);
    let a1 = item(unit, "A1");
    assert_eq!((a1["adjustment"].as_str(), a1["remark"].as_str()), (Some("-2"), Some("台账不全")));
    assert!(a1["source"].as_str().unwrap().ends_with("核定表.csv!C2") && a1["self_source"].as_str().unwrap().ends_with("乙区-自评.csv!C2"), "{a1}");
    assert!(!stderr.contains("未核定"), "{stderr}");
    // Without the review sheet's row for B4, B4 waits: 未核定.
    let partial = write(dir.path(), "核定表.csv", "单位,编号,核定得分,核减原因\n乙区,A1,7,台账不全\n");
    let (_, stderr) = score_json(&[&form, &partial], &[]);
    assert!(
        stderr.contains("乙区 有 7 项未核定") && stderr.contains("“B4 ") && stderr.contains("”(自评") && stderr.contains("无核定得分"),
        "{stderr}"
    );
}

#[test]
fn inflated_at_the_boundary() {
    // 丙区 and 丁区 score themselves 75 of 75 → 100.0. Verified, B4 is cut to 11.25 for 丙区: 71.25 / 75
    // = 95.0, exactly 5 below, not flagged; to 11.2 for 丁区: 71.2 / 75 = 94.933… → 94.9, 5.1 below:
    // flagged. With --inflated 5.1 neither is (5.1 itself does not count).
    let dir = tempfile::tempdir().unwrap();
    let mut csv = String::from("单位,编号,自评得分,核定得分\n");
    for (unit, b4) in [("丙区", "11.25"), ("丁区", "11.2")] {
        for (code, points) in [("A1", "10"), ("A2", "5"), ("A3", "15"), ("A4", "5"), ("B1", "10"), ("B2", "10"), ("B3", "5"), ("B4", "15")] {
            csv.push_str(&format!("{unit},{code},{points},{}\n", if code == "B4" { b4 } else { points }));
        }
    }
    let form = write(dir.path(), "两区.csv", &csv);
    let flags = |extra: &[&str]| {
        let (report, _) = score_json(&[&form], extra);
        report["units"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| (u["unit"].as_str().unwrap().to_string(), u["score"].as_str().unwrap().to_string(), u["inflated"].as_bool().unwrap()))
            .collect::<Vec<_>>()
    };
    assert_eq!(flags(&[]), [("丙区".into(), "95.0".into(), false), ("丁区".into(), "94.9".into(), true)]);
    assert_eq!(flags(&["--inflated", "5.1"]), [("丙区".into(), "95.0".into(), false), ("丁区".into(), "94.9".into(), false)]);
    // Departments: 司法局 answers for A1, A2, A3, B1–B4 (70 points): 丁区 66.2 / 70 = 94.571… → 94.6,
    // 5.4 below its 100.0; 丙区 66.25 / 70 = 94.642… → 94.6 too.
    let (report, _) = score_json(&[&form], &[]);
    let flagged: Vec<(&str, &str)> = report["departments"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["inflated"] == true)
        .map(|d| (d["unit"].as_str().unwrap(), d["department"].as_str().unwrap()))
        .collect();
    assert_eq!(flagged, [("丙区", "司法局"), ("丁区", "司法局")]);
    let table = stdout_of(zhibiao().args(["score", "--tree", TREE]).arg(&form));
    assert!(table.contains("自评虚高(自评得分高出核定得分超过 5 分): 丁区 100.0 → 94.9"), "{table}");
    assert!(table.contains("丙区 司法局 100.0 → 94.6") && table.contains("丁区 司法局 100.0 → 94.6"), "{table}");
}

#[test]
fn the_result_workbook_has_both_rounds() {
    let dir = tempfile::tempdir().unwrap();
    let form = both_rounds(dir.path());
    let out = dir.path().join("结果.xlsx");
    expect(zhibiao().args(["score", "--tree", TREE, "--out"]).arg(&out).arg(&form), 0);
    let book = crate::support::read_book(&out, zhibiao::grid::Which::Visible);
    let sheet = |name: &str| book.sheets.iter().find(|s| s.name.as_deref() == Some(name)).unwrap_or_else(|| panic!("no sheet {name}"));
    let summary = sheet("汇总");
    // Row 0 is the title.
    let header: Vec<String> = (0..summary.width()).filter_map(|c| summary.text(1, c).map(|t| t.into_owned())).collect();
    assert_eq!(header[7..], ["自评得分", "差值", "达标线"]);
    assert_eq!(summary.text(2, 7).as_deref(), Some("98.6"));
    let review = sheet("核定对比");
    // Five adjusted items, the largest cut first.
    let codes: Vec<String> = (1..review.height()).map(|r| review.text(r, 1).unwrap().into_owned()).collect();
    assert_eq!(codes, ["B4", "A1", "A2", "A3", "A4"]);
    assert_eq!((review.text(1, 4).as_deref(), review.text(1, 5).as_deref(), review.text(1, 6).as_deref()), (Some("15"), Some("12"), Some("-3")));
    assert!(review.text(1, 8).unwrap().ends_with("评分表!C9") && review.text(1, 9).unwrap().ends_with("评分表!E9"));
}

#[test]
fn review_templates_carry_the_verified_columns() {
    let dir = tempfile::tempdir().unwrap();
    expect(zhibiao().args(["template", "--tree", TREE, "--by", "unit", "--units", "甲区", "--review", "--out"]).arg(dir.path()), 0);
    let book = crate::support::read_book(&dir.path().join("甲区.xlsx"), zhibiao::grid::Which::Visible);
    let sheet = &book.sheets[0];
    let header: Vec<String> = (0..sheet.width()).filter_map(|c| sheet.text(1, c).map(|t| t.into_owned())).collect();
    assert_eq!(header[6..], ["自评得分", "核定得分", "核减原因", "扣分原因", "佐证材料"]);
}

#[test]
fn the_readme_sample_with_verified_scores() {
    // samples/顺城区-核定得分.xlsx: 顺城区's self-assessment (1010 of 1120 → 90.2) with the team's cuts:
    // 7.5.2 5 → 2, six items by 2 (1.1.2, 2.2.2, 3.4.1, 4.2.1, 6.1.3, 9.3.1), 8.2.1 raised 8 → 9, 5.2.2
    // 10 → 不涉及: 1010 − 3 − 12 + 1 − 10 = 986 of 1110 → 88.828… → 88.8, 不达标; 90.2 − 88.8 = 1.4 is
    // no 自评虚高.
    let sample = crate::support::repo_file("samples/顺城区-核定得分.xlsx");
    let tree = "indicators/示范创建指标体系-示例.xlsx";
    let out = expect(zhibiao().args(["score", "--tree", tree, "--format", "json"]).arg(&sample), 0);
    let unit = &json_of(&out.stdout)["units"][0];
    assert_eq!((unit["raw"].as_str(), unit["max"].as_str(), unit["score"].as_str()), (Some("986"), Some("1110"), Some("88.8")));
    assert_eq!((unit["eligible"].as_bool(), unit["inflated"].as_bool()), (Some(false), Some(false)));
    assert_eq!(
        (unit["self"]["raw"].as_str(), unit["self"]["score"].as_str(), unit["self"]["difference"].as_str()),
        (Some("1010"), Some("90.2"), Some("-1.4"))
    );
    let adjusted = unit["items"].as_array().unwrap().iter().filter(|i| i["score"] != i["self_score"]).count();
    assert_eq!(adjusted, 9);
    let table = stdout_of(zhibiao().args(["score", "--tree", tree]).arg(&sample));
    assert!(table.contains("顺城区: 自评 90.2 → 核定 88.8(差值 -1.4),核定调整 9 项"), "{table}");
    let first = table.lines().position(|l| l.contains("7.5.2: 自评 5 → 核定 2(-3)")).unwrap();
    let last = table.lines().position(|l| l.contains("5.2.2: 自评 10 → 核定 不涉及")).unwrap();
    assert_eq!(last - first, 8, "{table}");
    // explain: restoring 7.5.2 gives 989 / 1110 = 89.099…, 0.27 more.
    let explained = stdout_of(zhibiao().args(["explain", "--tree", tree, "--unit", "顺城区"]).arg(&sample));
    let costs = explained.lines().skip_while(|l| !l.starts_with("核减影响最大")).nth(1).unwrap();
    // Named as the table prints it: the sample's items have no printed code, so by the start of their text.
    assert!(costs.trim_start().starts_with("健全行政执法监督制度，开展行政执…: 自评 5 → 核定 2,减少 0.27 分"), "{explained}");
    // diff against the self-assessment alone: the nine items, and 1010 → 986, 90.2 → 88.8, 是 → 否.
    let self_only = crate::support::repo_file("samples/顺城区-自评得分.xlsx");
    let diff = stdout_of(zhibiao().args(["diff", "--tree", tree]).arg(&self_only).arg(&sample));
    assert_eq!(diff.lines().next(), Some("9 项得分有变化"), "{diff}");
    let row = diff.lines().filter(|l| l.starts_with("│ 顺城区 │ 1010")).collect::<Vec<_>>();
    assert_eq!(row.len(), 1, "{diff}");
    let cells: Vec<&str> = row[0].split('│').map(str::trim).filter(|c| !c.is_empty()).collect();
    assert_eq!(cells, ["顺城区", "1010", "986", "90.2", "88.8", "是", "否", "1", "1"]);
}

#[test]
fn a_verified_column_alone_is_one_round() {
    // 考核得分 as the only score column: scored on it, one round, nothing compared. 73 / 75 → 97.3.
    let dir = tempfile::tempdir().unwrap();
    let form = write(
        dir.path(),
        "考核.csv",
        "单位,编号,考核得分\n甲区,A1,8\n甲区,A2,5\n甲区,A3,15\n甲区,A4,5\n甲区,B1,10\n甲区,B2,10\n甲区,B3,5\n甲区,B4,15\n",
    );
    let (report, _) = score_json(&[&form], &[]);
    assert_eq!(report["units"][0]["score"], "97.3");
    assert!(report["units"][0].get("self").is_none());
}

#[test]
fn sources_and_bonus_work_on_the_verified_score() {
    // A scheme with two sources (自评 40, 专家评估 60) and B4 a bonus item capped at 3: each row's 来源
    // goes with both its columns. 甲区: A1 自评 source 10 → verified 5, 专家评估 source 10 → verified 10:
    // (5×40 + 10×60) ÷ 100 = 8 (self: 10); every other scored item full. Scored items: 60 points (B4
    // is outside), 58 / 60 = 96.666…; bonus B4 verified 2 (self 3) → 98.666… → 98.7; self 60/60 + 3 = 103.0.
    let dir = tempfile::tempdir().unwrap();
    let scheme = write(dir.path(), "方案.toml", "[sources]\n\"自评\" = 40\n\"专家评估\" = 60\n[bonus]\nitems = [\"B4\"]\ncap = 3\n");
    let mut csv = String::from("单位,编号,来源,得分,核定得分\n");
    for source in ["自评", "专家评估"] {
        for (code, points) in [("A1", "10"), ("A2", "5"), ("A3", "15"), ("A4", "5"), ("B1", "10"), ("B2", "10"), ("B3", "5"), ("B4", "3")] {
            let verified = match (source, code) {
                ("自评", "A1") => "5",
                (_, "B4") => "2",
                _ => points,
            };
            csv.push_str(&format!("甲区,{code},{source},{points},{verified}\n"));
        }
    }
    let form = write(dir.path(), "两源.csv", &csv);
    let (report, _) = score_json(&[&form], &["--scheme", scheme.to_str().unwrap()]);
    let unit = &report["units"][0];
    assert_eq!((unit["raw"].as_str(), unit["max"].as_str(), unit["score"].as_str()), (Some("58"), Some("60"), Some("98.7")));
    assert_eq!(unit["self"]["score"], "103.0");
    assert_eq!(item(unit, "A1")["adjustment"], "-2");
}

#[test]
fn a_review_template_filled_in_is_scored_on_both_rounds() {
    // The unit fills 自评得分 (every item full, 75 → 100.0); the team fills 核定得分: A1 6, the rest full
    // → 71 / 75 = 94.666… → 94.7; the template's own identity (unit 甲区) names the unit.
    use zhibiao::grid::{Cell, Which};
    let dir = tempfile::tempdir().unwrap();
    expect(zhibiao().args(["template", "--tree", TREE, "--by", "unit", "--units", "甲区", "--review", "--out"]).arg(dir.path()), 0);
    let read = crate::support::read_book(&dir.path().join("甲区.xlsx"), Which::VisibleAnd(zhibiao::metadata::META_SHEET));
    let mut book = Workbook::new();
    for (name, formula) in read.defined_names.iter().filter(|(n, _)| !n.starts_with("_xlnm.")) {
        book.define_name(name, &format!("={formula}")).unwrap();
    }
    for (index, sheet) in read.sheets.iter().enumerate() {
        let ws = book.add_worksheet().set_name(sheet.name.as_deref().unwrap()).unwrap();
        for r in 0..sheet.height() {
            for c in 0..sheet.width() {
                match sheet.cell(r, c) {
                    Cell::Number(n) => drop(ws.write_number(r as u32, c as u16, n.to_string().parse::<f64>().unwrap()).unwrap()),
                    Cell::Text(t) => drop(ws.write_string(r as u32, c as u16, t).unwrap()),
                    _ => {}
                }
            }
            // Items from the third row: 编号 in column A, 分值 in E, 自评得分 in G, 核定得分 in H, 核减原因 in I.
            if r >= 2 && index == 0 {
                let Cell::Number(points) = sheet.cell(r, 4) else { panic!("no 分值 in row {r}") };
                let points = points.to_string().parse::<f64>().unwrap();
                let cut = sheet.text(r, 0).as_deref() == Some("A1");
                ws.write_number(r as u32, 6, points).unwrap();
                ws.write_number(r as u32, 7, if cut { 6.0 } else { points }).unwrap();
                if cut {
                    ws.write_string(r as u32, 8, "台账不全").unwrap();
                }
            }
        }
    }
    let filled = dir.path().join("回收-甲区.xlsx");
    book.save(&filled).unwrap();
    let (report, _) = score_json(&[&filled], &[]);
    let unit = &report["units"][0];
    assert_eq!((unit["unit"].as_str(), unit["score"].as_str(), unit["self"]["score"].as_str()), (Some("甲区"), Some("94.7"), Some("100.0")));
    let a1 = item(unit, "A1");
    assert_eq!((a1["adjustment"].as_str(), a1["remark"].as_str()), (Some("-4"), Some("台账不全")));
    assert!(a1["source"].as_str().unwrap().ends_with("!H3") && a1["self_source"].as_str().unwrap().ends_with("!G3"), "{a1}");
}
