//! How sure the ranking is: disputed items (exact best and worst cases, the fewest items that flip a
//! verdict) and weight sensitivity (seeded, so its figures are fixed), values by hand.

use std::path::Path;

use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::Value;

use crate::support::{expect, json_of, stdout_of, write, zhibiao};

/// Two 一级 of 20 points each.
const TREE: &str = "编号,一级指标,二级指标,三级指标,分值
A1,一、制度,(一)文件,规范性文件合法性审核,10
A2,,,重大决策合法性审查,10
B1,二、执法,(一)公示,执法信息公示,10
B2,,,出庭应诉,10
";

/// 甲区 36/40 = 90.0 (达标), 乙区 35/40 = 87.5, 丙区 34/40 = 85.0.
const SCORES: &str = "单位,编号,得分
甲区,A1,10
甲区,A2,10
甲区,B1,8
甲区,B2,8
乙区,A1,10
乙区,A2,6
乙区,B1,10
乙区,B2,9
丙区,A1,9
丙区,A2,9
丙区,B1,8
丙区,B2,8
";

const GRADES: &str = "[grades]
\"全部\" = [
  { name = \"优秀\", min = 90 },
  { name = \"良好\", min = 80 },
]
";

fn files() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "tree.csv", TREE);
    write(dir.path(), "scores.csv", SCORES);
    write(dir.path(), "scheme.toml", &format!("default_group = \"全部\"\n{GRADES}"));
    dir
}

fn sensitivity(dir: &Path, args: &[&str]) -> Value {
    let output = expect(zhibiao().current_dir(dir).args(["sensitivity", "--tree", "tree.csv", "scores.csv", "--format", "json"]).args(args), 0);
    json_of(&output.stdout)
}

fn unit<'a>(json: &'a Value, name: &str) -> &'a Value {
    json["units"].as_array().unwrap().iter().find(|u| u["unit"] == name).unwrap()
}

#[test]
fn disputed_items_best_and_worst_and_the_fewest_that_flip() {
    let dir = files();
    let json = sensitivity(dir.path(), &["--scheme", "scheme.toml", "--disputed", "A2,B2", "--runs", "10"]);
    let case = |c: &Value| (c["score"].as_str().unwrap().to_string(), c["eligible"].as_bool().unwrap(), c["grade"].as_str().map(String::from));
    let d = |name| unit(&json, name)["disputed"].clone();
    // 甲区: A2 has its points already; B2 8 → 10 gives 38/40 = 95.0. 达标 and 优秀 either way.
    let jia = d("甲区");
    assert_eq!(case(&jia["worst"]), ("90.0".into(), true, Some("优秀".into())));
    assert_eq!(case(&jia["best"]), ("95.0".into(), true, Some("优秀".into())));
    assert_eq!(jia["can_flip"], false);
    assert_eq!(jia["eligible_flip"], Value::Null);
    // 乙区: both upheld 40/40 = 100; A2 alone (6 → 10) gives 39/40 = 97.5, the first single item in
    // the tree's order that reaches 90 (B2 alone, 36/40 = 90.0, would too).
    let yi = d("乙区");
    assert_eq!(case(&yi["worst"]), ("87.5".into(), false, Some("良好".into())));
    assert_eq!(case(&yi["best"]), ("100.0".into(), true, Some("优秀".into())));
    assert_eq!(yi["eligible_flip"]["items"], serde_json::json!(["A2"]));
    assert_eq!(case(&yi["eligible_flip"]["case"]), ("97.5".into(), true, Some("优秀".into())));
    assert_eq!(yi["grade_flip"]["items"], serde_json::json!(["A2"]));
    // 丙区: A2 alone (9 → 10) gives 35/40 = 87.5, not enough; B2 alone (8 → 10) 36/40 = 90.0; both 37/40.
    let bing = d("丙区");
    assert_eq!(case(&bing["worst"]), ("85.0".into(), false, Some("良好".into())));
    assert_eq!(bing["eligible_flip"]["items"], serde_json::json!(["B2"]));
    assert_eq!(case(&bing["eligible_flip"]["case"]), ("90.0".into(), true, Some("优秀".into())));
    assert_eq!(bing["best"]["exact"], "92.5");
}

#[test]
fn a_dispute_of_one_unit_and_its_explanation() {
    let dir = files();
    // 丙区 disputes B1 only: 8 → 10 gives 36/40 = 90.0.
    let json = sensitivity(dir.path(), &["--disputed", "丙区:B1", "--runs", "10"]);
    assert_eq!(unit(&json, "甲区").get("disputed"), None);
    assert_eq!(unit(&json, "丙区")["disputed"]["eligible_flip"]["items"], serde_json::json!(["B1"]));
    let explained =
        stdout_of(zhibiao().current_dir(dir.path()).args(["explain", "--tree", "tree.csv", "scores.csv", "--unit", "丙区", "--disputed", "丙区:B1"]));
    assert!(explained.contains("争议指标 B1: 均不采纳(维持现有得分) 85.0(不达标);均采纳(得满分) 90.0(达标)"), "{explained}");
    assert!(explained.contains("采纳 B1 即改变达标结论: 90.0(达标)"), "{explained}");
    let explained =
        stdout_of(zhibiao().current_dir(dir.path()).args(["explain", "--tree", "tree.csv", "scores.csv", "--unit", "甲区", "--disputed", "A1"]));
    assert!(explained.contains("结论不会因争议指标改变"), "{explained}");
    // A code the tree does not have is how the tool was called: exit 2, named.
    let out = expect(zhibiao().current_dir(dir.path()).args(["score", "--tree", "tree.csv", "scores.csv", "--disputed", "Z9"]), 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("指标体系中没有编号为 Z9 的指标"));
    // Never dropped unsaid: score's json has no place for them.
    let out =
        expect(zhibiao().current_dir(dir.path()).args(["score", "--tree", "tree.csv", "scores.csv", "--disputed", "B1", "--format", "json"]), 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("zhibiao sensitivity --format json|csv"));
    let table = stdout_of(zhibiao().current_dir(dir.path()).args(["score", "--tree", "tree.csv", "scores.csv", "--disputed", "丙区:B1"]));
    assert!(table.contains("采纳 B1 即改变达标结论: 90.0(达标)"), "{table}");
}

#[test]
fn leaving_each_level1_out_moves_the_ranks_by_hand() {
    let dir = files();
    let json = sensitivity(dir.path(), &["--runs", "10"]);
    // Without 一 (B only, of 20): 甲 16 → 80, 乙 19 → 95, 丙 16 → 80: 乙 1, 甲 2, 丙 2.
    // Without 二 (A only): 甲 100, 乙 80, 丙 90: 甲 1, 丙 2, 乙 3.
    let moves = |r: &Value| {
        r["moves"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| (m["unit"].as_str().unwrap().to_string(), m["rank"].as_u64().unwrap(), m["without"].as_u64().unwrap()))
            .collect::<Vec<_>>()
    };
    let removals = json["removals"].as_array().unwrap();
    assert_eq!(moves(&removals[0]), [("甲区".into(), 1, 2), ("乙区".into(), 2, 1), ("丙区".into(), 3, 2)]);
    assert_eq!(moves(&removals[1]), [("乙区".into(), 2, 3), ("丙区".into(), 3, 2)]);
}

#[test]
fn a_seed_gives_fixed_ranks_and_shares() {
    let dir = files();
    // With w = f一 ÷ (f一 + f二) in [0.375, 0.625]: 甲 = 80 + 20w, 乙 = 95 − 15w, 丙 = 80 + 10w. 乙 and
    // 丙 never reach 89.95 (达标 0 %), 甲 ranks 1 or 2, 丙 2 or 3; 乙 is third only past w = 0.6, in
    // fewer than 5 % of the runs (丙 second in the same runs).
    let json = sensitivity(dir.path(), &["--runs", "1000", "--seed", "7"]);
    let ranks = |name| {
        let u = unit(&json, name);
        (
            u["rank"].as_u64().unwrap(),
            u["median_rank"].as_u64().unwrap(),
            u["rank_5"].as_u64().unwrap(),
            u["rank_95"].as_u64().unwrap(),
            u["eligible_share"].as_str().unwrap().to_string(),
        )
    };
    assert_eq!(ranks("甲区"), (1, 1, 1, 2, "52".into()));
    assert_eq!(ranks("乙区"), (2, 2, 1, 2, "0".into()));
    assert_eq!(ranks("丙区"), (3, 3, 3, 3, "0".into()));
    assert_eq!(
        (json["runs"].as_u64(), json["seed"].as_u64(), json["spread"].as_str(), json["weighted"].as_bool()),
        (Some(1000), Some(7), Some("25"), Some(false))
    );
    // The same seed, the same figures: the table says so in its own words.
    let table = stdout_of(zhibiao().current_dir(dir.path()).args(["sensitivity", "--tree", "tree.csv", "scores.csv", "--seed", "7"]));
    assert!(table.contains("│ 甲区 │ 1    │ 1        │ 1–2              │ 52.0%    │"), "{table}");
    assert!(table.contains("1000 次抽样(种子 7)"), "{table}");
    let out = expect(zhibiao().current_dir(dir.path()).args(["sensitivity", "--tree", "tree.csv", "scores.csv", "--spread", "100"]), 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("--spread 100"));
}

#[test]
fn the_workbook_has_the_stability_sheet_when_asked() {
    let dir = files();
    expect(
        zhibiao().current_dir(dir.path()).args([
            "score",
            "--tree",
            "tree.csv",
            "scores.csv",
            "--out",
            "result.xlsx",
            "--sensitivity",
            "--runs",
            "100",
            "--disputed",
            "B2",
        ]),
        0,
    );
    let book = crate::support::read_book(&dir.path().join("result.xlsx"), zhibiao::grid::Which::Named("排名稳定性"));
    let sheet = &book.sheets[0];
    let row = |r: usize| (0..9).map(|c| sheet.text(r, c).map(|t| t.to_string()).unwrap_or_default()).collect::<Vec<_>>();
    assert_eq!(row(0), ["单位", "名次", "中位名次", "名次区间(5%–95%)", "达标比例", "争议指标", "争议均不采纳", "争议均采纳", "改变结论的最少指标"]);
    assert_eq!(row(3)[0], "丙区");
    assert_eq!(row(3)[5..], ["B2", "85.0(不达标)", "90.0(达标)", "采纳 B2 即改变达标结论: 90.0(达标)"]);
    assert_eq!(row(1)[5..], ["B2", "90.0(达标)", "95.0(达标)", "结论不会因争议指标改变"]);
}

/// A unit's four scores, each 0..=10, and a weight for each 一级 (none, or 1..=9).
fn units() -> impl Strategy<Value = (Vec<[u8; 4]>, Option<(u8, u8)>)> {
    (proptest::collection::vec(proptest::array::uniform4(0u8..=10), 1..6), proptest::option::of((1u8..=9, 1u8..=9)))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Spread 0 draws every factor as 1: every run ranks each unit as the scoring run did, and it is
    /// 达标 in every run or in none, as it is.
    #[test]
    fn spread_zero_gives_every_run_the_base_rank((scores, weights) in units()) {
        let tree = match weights {
            Some((a, b)) => TREE.replacen("分值\n", "分值,权重\n", 1).replacen("文件合法性审核,10\n", &format!("文件合法性审核,10,{a}\n"), 1).replacen("执法信息公示,10\n", &format!("执法信息公示,10,{b}\n"), 1),
            None => TREE.to_string(),
        };
        let mut csv = String::from("单位,编号,得分\n");
        for (u, s) in scores.iter().enumerate() {
            for (code, v) in ["A1", "A2", "B1", "B2"].iter().zip(s) {
                csv.push_str(&format!("单位{u},{code},{v}\n"));
            }
        }
        let spec = zhibiao::pipeline::Spec::new(
            zhibiao::pipeline::Input::new("tree.csv", tree.into_bytes()),
            vec![Ok(zhibiao::pipeline::Input::new("scores.csv", csv.into_bytes()))],
        );
        let outcome = zhibiao::pipeline::run(spec).unwrap();
        let options = zhibiao::sensitivity::Options { runs: 5, seed: 3, spread: Decimal::ZERO };
        let st = zhibiao::sensitivity::assess(&outcome.tree, &outcome.rules, &outcome.evaluation, options).unwrap();
        for (s, u) in st.units.iter().zip(&outcome.evaluation.units) {
            prop_assert_eq!((s.median, s.low, s.high), (u.rank, u.rank, u.rank));
            prop_assert_eq!(s.eligible_runs, if u.eligible { 5 } else { 0 });
        }
    }
}

/// Four units tied at 90.0, named in the file as 王村, 东城区, 丁庄, 乙县.
const TIED: &str = "单位,编号,得分
王村,A1,9
王村,A2,9
王村,B1,9
王村,B2,9
东城区,A1,9
东城区,A2,9
东城区,B1,9
东城区,B2,9
丁庄,A1,9
丁庄,A2,9
丁庄,B1,9
丁庄,B2,9
乙县,A1,9
乙县,A2,9
乙县,B1,9
乙县,B2,9
";

#[test]
fn tied_units_by_name_by_strokes_and_as_given() {
    let dir = files();
    write(dir.path(), "tied.csv", TIED);
    let order = |args: &[&str]| {
        let out = expect(zhibiao().current_dir(dir.path()).args(["score", "--tree", "tree.csv", "tied.csv", "--format", "json"]).args(args), 0);
        let json = json_of(&out.stdout);
        json["units"].as_array().unwrap().iter().map(|u| (u["rank"].as_u64().unwrap(), u["unit"].as_str().unwrap().to_string())).collect::<Vec<_>>()
    };
    let ranked = |names: [&str; 4]| names.map(|n| (1, n.to_string())).to_vec();
    // Code point: 丁 U+4E01, 东 U+4E1C, 乙 U+4E59, 王 U+738B.
    assert_eq!(order(&[]), ranked(["丁庄", "东城区", "乙县", "王村"]));
    // Strokes (Unihan kTotalStrokes): 乙 1, 丁 2, 王 4, 东 5.
    assert_eq!(order(&["--order", "strokes"]), ranked(["乙县", "丁庄", "王村", "东城区"]));
    assert_eq!(order(&["--order", "input"]), ranked(["王村", "东城区", "丁庄", "乙县"]));
    // The scheme can say it too, and the table says which order it used.
    write(dir.path(), "strokes.toml", "order = \"strokes\"\n");
    let table = stdout_of(zhibiao().current_dir(dir.path()).args(["score", "--tree", "tree.csv", "tied.csv", "--scheme", "strokes.toml"]));
    assert!(table.contains("并列单位按名称笔画排列"), "{table}");
    let first = table.lines().find(|l| l.contains("│ 1 ")).unwrap();
    assert!(first.contains("乙县"), "{table}");
}

#[test]
fn a_scheme_orders_by_code_and_disputes_items() {
    let dir = files();
    write(dir.path(), "tied.csv", TIED);
    let scheme = "order = \"code\"\ndisputed = [\"B2\"]\n[codes]\n\"王村\" = \"110103\"\n\"东城区\" = \"110101\"\n\"丁庄\" = \"110104\"\n\"乙县\" = \"110102\"\n";
    write(dir.path(), "codes.toml", scheme);
    let out = expect(
        zhibiao().current_dir(dir.path()).args([
            "sensitivity",
            "--tree",
            "tree.csv",
            "tied.csv",
            "--scheme",
            "codes.toml",
            "--format",
            "json",
            "--runs",
            "10",
        ]),
        0,
    );
    let json = json_of(&out.stdout);
    let units: Vec<&str> = json["units"].as_array().unwrap().iter().map(|u| u["unit"].as_str().unwrap()).collect();
    assert_eq!(units, ["东城区", "乙县", "王村", "丁庄"]);
    // B2 9 → 10: 37/40 = 92.5 for each, from the scheme's list alone.
    assert_eq!(json["units"][0]["disputed"]["best"]["score"], "92.5");
    // A unit without a code is named, with the fix.
    write(dir.path(), "few.toml", "order = \"code\"\n[codes]\n\"王村\" = \"110103\"\n");
    let out = expect(zhibiao().current_dir(dir.path()).args(["score", "--tree", "tree.csv", "tied.csv", "--scheme", "few.toml"]), 1);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("但单位 东城区、丁庄、乙县 没有代码"), "{err}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Upholding disputes never lowers a unit; a flip set is no larger than any set that flips,
    /// checked against every subset of the disputed items.
    #[test]
    fn the_flip_set_is_the_smallest(scores in proptest::collection::vec(proptest::array::uniform4(0u8..=10), 1..4)) {
        let mut csv = String::from("单位,编号,得分\n");
        for (u, s) in scores.iter().enumerate() {
            for (code, v) in ["A1", "A2", "B1", "B2"].iter().zip(s) {
                csv.push_str(&format!("单位{u},{code},{v}\n"));
            }
        }
        let spec = zhibiao::pipeline::Spec::new(
            zhibiao::pipeline::Input::new("tree.csv", TREE.as_bytes().to_vec()),
            vec![Ok(zhibiao::pipeline::Input::new("scores.csv", csv.into_bytes()))],
        );
        let o = zhibiao::pipeline::run(spec).unwrap();
        let disputes = zhibiao::disputed::Disputes::parse("A1,A2,B1,B2");
        for d in zhibiao::disputed::assess(&o.tree, &o.rules, &o.evaluation, &disputes).unwrap() {
            prop_assert!(d.best.exact >= d.worst.exact);
            let unit = o.evaluation.units.iter().find(|u| u.unit == d.unit).unwrap();
            let eligible_with = |mask: u32| {
                let mut items = unit.items.clone();
                for i in (0..4).filter(|i| mask & (1 << i) != 0) {
                    items[i].value = Some(o.tree.items[i].points);
                }
                zhibiao::engine::score_unit(&o.tree, &o.rules, d.unit.clone(), items).eligible
            };
            let smallest = (0u32..16).filter(|&m| eligible_with(m) != unit.eligible).map(u32::count_ones).min();
            prop_assert_eq!(d.eligible_flip.as_ref().map(|f| f.items.len() as u32), smallest);
        }
    }
}

/// 大兴区依法行政工作考核标准 (北京; `published_scores`' fixture, 10 items, 18 points) returned as the
/// assessment team's review sheet: the published rows as they stand, then 单位 | 自评得分 | 核定得分 |
/// 核减原因 | 是否申诉, each unit's ten rows one after the other, written as review.csv; the tree's path.
fn review_sheet(dir: &Path, units: &[(&str, [&str; 10], [&str; 10])]) -> String {
    let published = std::fs::read_to_string(crate::support::repo_file("tests/fixtures/published_scores/大兴-依法行政考核标准.csv")).unwrap();
    let mut lines = published.lines();
    let mut csv = format!("{}\n{},单位,自评得分,核定得分,核减原因,是否申诉\n", lines.next().unwrap(), lines.next().unwrap());
    let rows: Vec<&str> = lines.collect();
    for (unit, verified, marks) in units {
        // Each unit scored itself full marks.
        let points = ["3", "1", "1", "2", "2", "3", "2", "1", "2", "1"];
        for (((row, own), v), mark) in rows.iter().zip(points).zip(verified).zip(marks) {
            csv.push_str(&format!("{row},{unit},{own},{v},,{mark}\n"));
        }
    }
    write(dir, "review.csv", &csv);
    crate::support::repo_file("tests/fixtures/published_scores/大兴-依法行政考核标准.csv").display().to_string()
}

#[test]
fn a_review_sheet_marks_the_items_each_unit_disputes() {
    let dir = tempfile::tempdir().unwrap();
    // 黄村镇 14.5 of 18 → 80.6 and appeals 1.4 (1 of 2) and 2.4 (0 of 1): both upheld 16.5 → 91.7 达标,
    // either alone 15.5 → 86.1. 旧宫镇 17 of 18 → 94.4 appeals 1.1 (2 of 3) only: 18 → 100.0, 达标 either way.
    let tree = review_sheet(
        dir.path(),
        &[
            ("黄村镇", ["3", "1", "1", "1", "2", "2.5", "2", "1", "1", "0"], ["", "否", "", "是", "", "", "", "", "", "申诉"]),
            ("旧宫镇", ["2", "1", "1", "2", "2", "3", "2", "1", "2", "1"], ["√", "", "", "", "", "", "", "", "", "否"]),
        ],
    );
    let out = expect(zhibiao().current_dir(dir.path()).args(["sensitivity", "--tree", &tree, "review.csv", "--format", "json", "--runs", "10"]), 0);
    let json = json_of(&out.stdout);
    let huang = &unit(&json, "黄村镇")["disputed"];
    assert_eq!(huang["items"], serde_json::json!(["1.4", "2.4"]));
    assert_eq!((huang["worst"]["score"].as_str(), huang["best"]["score"].as_str()), (Some("80.6"), Some("91.7")));
    assert_eq!(huang["eligible_flip"]["items"], serde_json::json!(["1.4", "2.4"]));
    let jiugong = &unit(&json, "旧宫镇")["disputed"];
    assert_eq!(jiugong["items"], serde_json::json!(["1.1"]));
    assert_eq!((jiugong["best"]["score"].as_str(), jiugong["can_flip"].as_bool()), (Some("100.0"), Some(false)));
    // Merged with the command line's: 旧宫镇 disputes 1.4 too (already full), and the scheme's.
    write(dir.path(), "scheme.toml", "disputed = [\"2.1\"]\n");
    let out = expect(
        zhibiao().current_dir(dir.path()).args([
            "sensitivity",
            "--tree",
            &tree,
            "review.csv",
            "--scheme",
            "scheme.toml",
            "--disputed",
            "旧宫镇:1.4",
            "--format",
            "json",
            "--runs",
            "10",
        ]),
        0,
    );
    let json = json_of(&out.stdout);
    assert_eq!(unit(&json, "旧宫镇")["disputed"]["items"], serde_json::json!(["1.1", "1.4", "2.1"]));
    assert_eq!(unit(&json, "黄村镇")["disputed"]["items"], serde_json::json!(["1.4", "2.1", "2.4"]));
    // The table under the ranking says so without being asked.
    let table = stdout_of(zhibiao().current_dir(dir.path()).args(["score", "--tree", &tree, "review.csv"]));
    assert!(table.contains("采纳 1.4、2.4 即改变达标结论: 91.7(达标)"), "{table}");
}

#[test]
fn a_dispute_mark_that_is_no_mark_is_named_at_its_cell() {
    let dir = tempfile::tempdir().unwrap();
    let tree =
        review_sheet(dir.path(), &[("黄村镇", ["3", "1", "1", "1", "2", "2.5", "2", "1", "1", "0"], ["", "待定", "", "", "", "", "", "", "", "1"])]);
    let out = expect(zhibiao().current_dir(dir.path()).args(["score", "--tree", &tree, "review.csv"]), 1);
    let err = String::from_utf8_lossy(&out.stderr);
    // Both at once, each at its cell: H4 and H12 (title, header, then the rows from row 3).
    assert!(err.contains("review.csv!H4: “待定”不是争议标记"), "{err}");
    assert!(err.contains("review.csv!H12: “1”不是争议标记"), "{err}");
}

/// Six units in two grades: 优秀 (≥ 90) 王村 95, 东城区 92.5, 丁庄 90; 良好 (≥ 80) 乙县 87.5, 七里 85; and
/// 八方 77.5 below the bands. A notice lists each grade "排名不分先后", by strokes or by code.
const BANDS: &str = "单位,编号,得分
王村,A1,10
王村,A2,10
王村,B1,10
王村,B2,8
东城区,A1,10
东城区,A2,10
东城区,B1,9
东城区,B2,8
丁庄,A1,9
丁庄,A2,9
丁庄,B1,9
丁庄,B2,9
乙县,A1,10
乙县,A2,10
乙县,B1,8
乙县,B2,7
七里,A1,10
七里,A2,10
七里,B1,7
七里,B2,7
八方,A1,10
八方,A2,10
八方,B1,6
八方,B2,5
";

#[test]
fn units_inside_a_grade_listed_by_strokes_or_code_not_by_rank() {
    let dir = files();
    write(dir.path(), "bands.csv", BANDS);
    let listed = |args: &[&str]| {
        let out = expect(
            zhibiao()
                .current_dir(dir.path())
                .args(["score", "--tree", "tree.csv", "bands.csv", "--scheme", "scheme.toml", "--format", "json"])
                .args(args),
            0,
        );
        let json = json_of(&out.stdout);
        json["units"].as_array().unwrap().iter().map(|u| format!("{}{}", u["unit"].as_str().unwrap(), u["rank"])).collect::<Vec<_>>()
    };
    // By rank, as before.
    assert_eq!(listed(&[]), ["王村1", "东城区2", "丁庄3", "乙县4", "七里5", "八方6"]);
    // Strokes (Unihan kTotalStrokes): 丁 2, 王 4, 东 5 | 七 2, 乙 1 → 乙县, 七里. Code point would give
    // 丁庄, 东城区, 王村 (U+4E01, U+4E1C, U+738B) and 七里, 乙县 (U+4E03, U+4E59). 八方 keeps its place.
    assert_eq!(listed(&["--grade-order", "strokes"]), ["丁庄3", "王村1", "东城区2", "乙县4", "七里5", "八方6"]);
    assert_eq!(listed(&["--grade-order", "name"]), ["丁庄3", "东城区2", "王村1", "七里5", "乙县4", "八方6"]);
    // By 行政区划 code, from the scheme, which says so in the table's rules.
    let scheme = format!(
        "default_group = \"全部\"\ngrade_order = \"code\"\n{GRADES}[codes]\n\"王村\" = \"110103\"\n\"东城区\" = \"110101\"\n\"丁庄\" = \"110104\"\n\"乙县\" = \"110106\"\n\"七里\" = \"110105\"\n\"八方\" = \"110102\"\n"
    );
    write(dir.path(), "codes.toml", &scheme);
    let out =
        expect(zhibiao().current_dir(dir.path()).args(["score", "--tree", "tree.csv", "bands.csv", "--scheme", "codes.toml", "--format", "json"]), 0);
    let units: Vec<String> = json_of(&out.stdout)["units"].as_array().unwrap().iter().map(|u| u["unit"].as_str().unwrap().to_string()).collect();
    assert_eq!(units, ["东城区", "王村", "丁庄", "七里", "乙县", "八方"]);
    let table = stdout_of(zhibiao().current_dir(dir.path()).args(["score", "--tree", "tree.csv", "bands.csv", "--scheme", "codes.toml"]));
    assert!(table.contains("同一等次内排名不分先后,按行政区划代码排列"), "{table}");
    let first = table.lines().position(|l| l.contains("│ 东城区")).unwrap();
    assert!(table.lines().nth(first + 1).is_some_and(|l| l.contains("│ 王村")), "{table}");
}
