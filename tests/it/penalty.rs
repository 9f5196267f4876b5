//! 倒扣: an item declared so (the tree's 类型 column, or `[penalty]` in a scheme) may lose more than
//! its points; the excess comes off the unit's points obtained before the 100-point conversion,
//! never below 0. Everywhere else a deduction stops at the item's points. Values by hand.

use std::path::Path;

use serde_json::Value;

use crate::support::{expect, json_of, repo_file, stdout_of, write, zhibiao};

/// A2 is a 倒扣项 (类型 column); 40 points in all.
const TREE: &str = "编号,一级指标,二级指标,三级指标,分值,类型
A1,一、制度,(一)文件,规范性文件合法性审核,10,
A2,,,重大决策合法性审查,10,倒扣项
B1,二、执法,(一)公示,执法信息公示,10,
B2,,,出庭应诉,10,
";

/// 甲区: A2 loses 16 of its 10 points: scores 0 and 6 are 倒扣; 8+0+10+9 = 27, (27−6)/40×100 = 52.5.
/// 乙区: A2 written as −3 in 得分: 0 and 3 倒扣; 10+0+10+10 = 30, (30−3)/40×100 = 67.5.
/// 丙区: everything lost, and 倒扣 100 on A2: 0 − 100 stops at 0.
const SCORES: &str = "单位,编号,得分,扣分,扣分原因
甲区,A1,8,,
甲区,A2,,16,每出现一次倒扣6分
甲区,B1,10,,
甲区,B2,9,,
乙区,A1,10,,
乙区,A2,-3,,
乙区,B1,10,,
乙区,B2,10,,
丙区,A1,0,,
丙区,A2,,110,
丙区,B1,0,,
丙区,B2,0,,
";

fn score_json(dir: &Path, args: &[&str]) -> Value {
    let output = expect(zhibiao().current_dir(dir).args(["score", "--format", "json"]).args(args), 0);
    json_of(&output.stdout)
}

fn unit<'a>(json: &'a Value, name: &str) -> &'a Value {
    json["units"].as_array().unwrap().iter().find(|u| u["unit"] == name).unwrap()
}

#[test]
fn a_penalty_item_of_the_type_column_takes_points_off_the_total() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "tree.csv", TREE);
    write(dir.path(), "scores.csv", SCORES);
    let json = score_json(dir.path(), &["--tree", "tree.csv", "scores.csv"]);
    for (name, raw, penalty, exact, score) in
        [("甲区", "27", "6", "52.5", "52.5"), ("乙区", "30", "3", "67.5", "67.5"), ("丙区", "0", "100", "0", "0.0")]
    {
        let u = unit(&json, name);
        assert_eq!((u["raw"].as_str(), u["penalty"].as_str(), u["max"].as_str()), (Some(raw), Some(penalty), Some("40")), "{name}");
        assert_eq!((u["exact"].as_str(), u["score"].as_str()), (Some(exact), Some(score)), "{name}");
    }
    let jia = unit(&json, "甲区");
    // The item itself scores 0, within its points; its 倒扣 is shown beside it and in the reasons.
    assert_eq!((jia["items"][1]["score"].as_str(), jia["items"][1]["penalty"].as_str()), (Some("0"), Some("6")));
    assert!(jia["items"][0].get("penalty").is_none());
    assert!(
        jia["reasons"].as_array().unwrap().iter().any(|r| r == "倒扣 6 分(“A2 重大决策合法性审查”倒扣 6 分),已从实得分中扣除后换算百分制"),
        "{jia}"
    );
    let rules = json["rules"]["description"].as_array().unwrap();
    assert!(rules.iter().any(|r| r.as_str().unwrap().starts_with("倒扣项 A2: ")), "{rules:?}");

    let table = stdout_of(zhibiao().current_dir(dir.path()).args(["score", "--tree", "tree.csv", "scores.csv"]));
    assert!(table.contains("│ 名次 │ 单位 │ 实得分 │ 倒扣 │ 适用满分 │ 百分制得分 │ 达标 │"), "{table}");
    assert!(table.contains("│ 2    │ 甲区 │ 27     │ 6    │ 40       │ 52.5       │ 否   │"), "{table}");
    let csv = stdout_of(zhibiao().current_dir(dir.path()).args(["score", "--tree", "tree.csv", "scores.csv", "--format", "csv"]));
    assert!(csv.starts_with("名次,单位,实得分,倒扣,适用满分,百分制得分,达标,"), "{csv}");
    assert!(csv.contains("\n2,甲区,27,6,40,52.5,否,"), "{csv}");
    let explain = stdout_of(zhibiao().current_dir(dir.path()).args(["explain", "--tree", "tree.csv", "scores.csv", "--unit", "甲区"]));
    // Restoring A2 gives back its 10 points and its 6 of 倒扣: 37/40 = 92.5.
    assert!(explain.contains("A2 重大决策合法性审查: 失 16 分"), "{explain}");
    assert!(explain.contains("挽回后得分 92.5"), "{explain}");
    let check = stdout_of(zhibiao().args(["check"]).arg(dir.path().join("tree.csv")));
    assert!(check.contains("类型栏声明 倒扣项: A2"), "{check}");
}

/// The small tree (75 points); 甲区 full marks but A4 (5 points) loses 11 and B3 (5 points) loses 7:
/// 10+5+15+0+10+10+0+15 = 65. With A4 a 倒扣项 in the scheme: (65 − 6)/75×100 = 78.666… → 78.7,
/// and B3, not one, stops at 0 with a warning. Without the scheme both stop at 0: 65/75 → 86.7.
#[test]
fn a_penalty_item_of_the_scheme_and_the_cap_everywhere_else() {
    let dir = tempfile::tempdir().unwrap();
    let scores = "单位,编号,扣分\n甲区,A1,0\n甲区,A2,0\n甲区,A3,0\n甲区,A4,11\n甲区,B1,0\n甲区,B2,0\n甲区,B3,7\n甲区,B4,0\n";
    write(dir.path(), "scores.csv", scores);
    write(dir.path(), "scheme.toml", "[penalty]\nitems = [\"A4\"]\n");
    let tree = repo_file("indicators/小型示例.csv");
    let tree = tree.to_str().unwrap();
    let with =
        expect(zhibiao().current_dir(dir.path()).args(["score", "--format", "json", "--scheme", "scheme.toml", "--tree", tree, "scores.csv"]), 0);
    let stderr = String::from_utf8(with.stderr).unwrap();
    assert!(stderr.contains("scores.csv!C8: 扣分 7 超过指标“B3 行政执法人员持证上岗”的分值 5,按 0 分计"), "{stderr}");
    assert!(!stderr.contains("A4"), "{stderr}");
    let json = json_of(&with.stdout);
    let u = unit(&json, "甲区");
    assert_eq!(
        (u["raw"].as_str(), u["penalty"].as_str(), u["exact"].as_str(), u["score"].as_str()),
        (Some("65"), Some("6"), Some("78.666666666666666666666666667"), Some("78.7"))
    );
    let without = score_json(dir.path(), &["--tree", tree, "scores.csv"]);
    let u = unit(&without, "甲区");
    assert_eq!((u["raw"].as_str(), u["score"].as_str()), (Some("65"), Some("86.7")));
    assert!(u.get("penalty").is_none(), "no 倒扣 column without 倒扣项: {u}");
}

#[test]
fn a_scheme_penalty_item_must_be_in_the_tree_and_not_a_bonus() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "scores.csv", "单位,编号,得分\n甲区,A1,10\n");
    write(dir.path(), "scheme.toml", "[bonus]\nitems = [\"B4\"]\n[penalty]\nitems = [\"Z9\", \"B4\"]\n");
    let tree = repo_file("indicators/小型示例.csv");
    let output = expect(zhibiao().current_dir(dir.path()).args(["score", "--scheme", "scheme.toml", "--tree"]).arg(tree).arg("scores.csv"), 1);
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("scheme.toml:4: penalty.items: ") && stderr.contains("Z9"), "{stderr}");
    assert!(stderr.contains("指标 B4 既是加分项又是倒扣项"), "{stderr}");
}

/// The result workbook carries 倒扣 on 汇总 (its score formula takes it off before converting),
/// 明细 and 扣分.
#[test]
fn the_result_workbook_shows_the_penalty() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "tree.csv", TREE);
    write(dir.path(), "scores.csv", SCORES);
    expect(zhibiao().current_dir(dir.path()).args(["score", "--tree", "tree.csv", "scores.csv", "--out", "结果.xlsx"]), 0);
    let book = crate::support::read_book(&dir.path().join("结果.xlsx"), zhibiao::grid::Which::Visible);
    let sheet = |name: &str| book.sheets.iter().find(|s| s.name.as_deref() == Some(name)).unwrap();
    let text = |s: &zhibiao::grid::Sheet, r, c| s.text(r, c).map(|t| t.into_owned()).unwrap_or_default();
    let summary = sheet("汇总");
    // Row 0 is the title.
    let header: Vec<String> = (0..summary.width()).map(|c| text(summary, 1, c)).collect();
    let penalty = header.iter().position(|h| h == "倒扣").expect("a 倒扣 column");
    // 乙区 first (67.5), then 甲区 (52.5).
    assert_eq!((text(summary, 3, 1), text(summary, 3, penalty), text(summary, 3, 4)), ("甲区".into(), "6".into(), "52.5".into()));
    let detail = sheet("明细");
    assert_eq!(text(detail, 0, 10), "倒扣");
    let lost = sheet("扣分");
    assert_eq!(text(lost, 0, 8), "倒扣");
    // 丙区's A2 first: 10 lost and 100 倒扣.
    assert_eq!((text(lost, 1, 0), text(lost, 1, 1), text(lost, 1, 5), text(lost, 1, 8)), ("丙区".into(), "A2".into(), "10".into(), "100".into()));
}
