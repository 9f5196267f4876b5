//! `zhibiao diff`: what changed between two submissions, forms or result workbooks.
//!
//! The small tree `indicators/小型示例.csv` (A1 10, A2 5, A3 15, A4 5, B1 10, B2 10, B3 5, B4 15; 75 in
//! all); expected numbers worked out by hand in the comments.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::support::{expect, json_of, stdout_of, write, zhibiao};

const TREE: &str = "indicators/小型示例.csv";
const CODES: [&str; 8] = ["A1", "A2", "A3", "A4", "B1", "B2", "B3", "B4"];
const POINTS: [&str; 8] = ["10", "5", "15", "5", "10", "10", "5", "15"];

/// A unit's form: full points except the given (code, score, remark).
fn form(dir: &Path, unit: &str, lost: &[(&str, &str, &str)]) -> PathBuf {
    let mut csv = String::from("单位,编号,得分,扣分原因\n");
    for (code, points) in CODES.iter().zip(POINTS) {
        let (score, remark) = lost.iter().find(|(c, _, _)| c == code).map_or((points, ""), |(_, s, r)| (*s, *r));
        csv.push_str(&format!("{unit},{code},{score},{remark}\n"));
    }
    write(dir, &format!("{unit}.csv"), &csv)
}

/// The first submission: 甲区 loses 2 on A1; 乙区 loses 1 on A1 and marks A3 不涉及. The second:
/// 甲区 sent the very same file; 乙区 corrected A1 to full and scored A3 12; 丙区 is new.
fn submissions(dir: &Path) -> (PathBuf, PathBuf) {
    let (old, new) = (dir.join("第一次"), dir.join("第二次"));
    fs::create_dir_all(&old).unwrap();
    fs::create_dir_all(&new).unwrap();
    form(&old, "甲区", &[("A1", "8", "佐证材料不全")]);
    form(&old, "乙区", &[("A1", "9", "少1件"), ("A3", "不涉及", "")]);
    form(&new, "甲区", &[("A1", "8", "佐证材料不全")]);
    form(&new, "乙区", &[("A3", "12", "1件决策未公开")]);
    form(&new, "丙区", &[("B4", "10", "")]);
    (old, new)
}

fn diff_json(old: &Path, new: &Path, tree: bool) -> Value {
    let mut cmd = zhibiao();
    cmd.arg("diff");
    if tree {
        cmd.args(["--tree", TREE]);
    }
    json_of(&expect(cmd.arg(old).arg(new).args(["--format", "json"]), 0).stdout)
}

/// The changes without their cells (which name different files for forms and workbooks).
fn changes(report: &Value) -> Vec<(String, String, Value, Value)> {
    report["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["unit"].as_str().unwrap().into(), c["code"].as_str().unwrap().into(), c["old"].clone(), c["new"].clone()))
        .collect()
}

fn units(report: &Value) -> Vec<Value> {
    let keys = ["unit", "old_score", "new_score", "old_rank", "new_rank", "old_eligible", "new_eligible"];
    report["units"].as_array().unwrap().iter().map(|u| keys.iter().map(|k| (k.to_string(), u[*k].clone())).collect()).collect()
}

/// Before: 甲区 73/75 = 97.333… → 97.3, rank 2; 乙区 (A3 不涉及 leaves 60 points) 59/60 = 98.333… →
/// 98.3, rank 1. After: 甲区 97.3, rank 1; 乙区 72/75 = 96.0, rank 2; 丙区 70/75 = 93.333… → 93.3,
/// rank 3. All at or above 90: 达标. Units in the new side's order.
fn expected_units() -> Vec<Value> {
    let unit = |name: &str, old: Value, new: Value, old_rank: Value, new_rank: Value| {
        json!({"unit": name, "old_score": old, "new_score": new, "old_rank": old_rank, "new_rank": new_rank,
               "old_eligible": if old.is_null() { Value::Null } else { json!(true) }, "new_eligible": true})
    };
    vec![
        unit("甲区", json!("97.3"), json!("97.3"), json!(2), json!(1)),
        unit("乙区", json!("98.3"), json!("96.0"), json!(1), json!(2)),
        unit("丙区", Value::Null, json!("93.3"), Value::Null, json!(3)),
    ]
}

fn expected_changes() -> Vec<(String, String, Value, Value)> {
    let mut expected = vec![
        ("乙区".into(), "A1".into(), json!("9"), json!("10")),
        ("乙区".into(), "A3".into(), json!("不涉及"), json!("12")),
    ];
    // 丙区 is new: its eight items are added.
    expected.extend(CODES.iter().zip(POINTS).map(|(c, p)| ("丙区".to_string(), c.to_string(), Value::Null, json!(if *c == "B4" { "10" } else { p }))));
    expected
}

#[test]
fn folders_of_forms() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = submissions(dir.path());
    let report = diff_json(&old, &new, true);
    assert_eq!(changes(&report), expected_changes());
    assert_eq!(units(&report), expected_units());
    let a1 = &report["changes"][0];
    assert!(a1["old_source"].as_str().unwrap().ends_with("第一次/乙区.csv!C2") && a1["new_source"].as_str().unwrap().ends_with("第二次/乙区.csv!C2"), "{a1}");
    assert_eq!((a1["old_remark"].as_str(), a1["new_remark"].is_null(), a1["kind"].as_str()), (Some("少1件"), true, Some("changed")));
    // 甲区.csv is byte for byte the same on both sides.
    assert_eq!(report["identical"].as_array().unwrap().len(), 1);

    let table = stdout_of(zhibiao().args(["diff", "--tree", TREE]).arg(&old).arg(&new));
    assert_eq!(table.lines().next(), Some("10 项得分有变化"), "{table}");
    assert!(table.contains("未变化(SHA-256 一致)") && table.contains("甲区.csv"), "{table}");
    let csv = stdout_of(zhibiao().args(["diff", "--tree", TREE, "--format", "csv"]).arg(&old).arg(&new));
    assert_eq!(csv.lines().count(), 11, "{csv}");
    assert!(csv.lines().nth(1).unwrap().starts_with("乙区,A1,9,10,"), "{csv}");
}

#[test]
fn result_workbooks() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = submissions(dir.path());
    let (old_book, new_book) = (dir.path().join("第一次.xlsx"), dir.path().join("第二次.xlsx"));
    expect(zhibiao().args(["score", "--tree", TREE, "--out"]).arg(&old_book).arg(&old), 0);
    expect(zhibiao().args(["score", "--tree", TREE, "--out"]).arg(&new_book).arg(&new), 0);
    // No tree needed: the workbooks say everything. The same changes and units as the forms gave.
    let report = diff_json(&old_book, &new_book, false);
    assert_eq!(changes(&report), expected_changes());
    assert_eq!(units(&report), expected_units());
    // The cells named are the forms' cells, as the workbooks' 明细 recorded them.
    assert!(report["changes"][0]["old_source"].as_str().unwrap().ends_with("第一次/乙区.csv!C2"), "{}", report["changes"][0]);
    // A workbook against forms works too.
    assert_eq!(changes(&diff_json(&old_book, &new, true)), expected_changes());
}

#[test]
fn identical_files_are_not_compared() {
    let dir = tempfile::tempdir().unwrap();
    let (old, _) = submissions(dir.path());
    let copy = dir.path().join("副本");
    fs::create_dir_all(&copy).unwrap();
    for name in ["甲区.csv", "乙区.csv"] {
        fs::copy(old.join(name), copy.join(name)).unwrap();
    }
    // No tree: nothing is read, so none is needed.
    let out = stdout_of(zhibiao().arg("diff").arg(&old).arg(&copy));
    assert_eq!(out.lines().next(), Some("0 项得分有变化"), "{out}");
    assert_eq!(out.lines().filter(|l| l.contains("内容完全相同(SHA-256 一致),未作比较")).count(), 2, "{out}");
    let report = diff_json(&old.join("甲区.csv"), &copy.join("甲区.csv"), false);
    assert_eq!((report["changes"].as_array().unwrap().len(), report["identical"].as_array().unwrap().len()), (0, 1));
    // Forms that differ need the tree: a usage error.
    let other = dir.path().join("其他");
    fs::create_dir_all(&other).unwrap();
    form(&other, "甲区", &[]);
    expect(zhibiao().arg("diff").arg(old.join("甲区.csv")).arg(other.join("甲区.csv")), 2);
}
