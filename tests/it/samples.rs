//! The shipped examples (`indicators/`, `samples/`, written by `cargo run --example make_samples`)
//! give the numbers the README and the issue promise.

use assert_cmd::Command;
use serde_json::Value;

const TREE_XLSX: &str = "indicators/示范创建指标体系-示例.xlsx";
const TREE_CSV: &str = "indicators/示范创建指标体系-示例.csv";
const DISTRICT: &str = "samples/顺城区-自评得分.xlsx";

fn zhibiao(args: &[&str]) -> String {
    crate::support::stdout_of(crate::support::zhibiao().args(args))
}

/// (unit, raw, max, score, rank, eligible) of every unit, in output order.
fn units(tree: &str, scores: &str, extra: &[&str]) -> Vec<(String, String, String, String, u64, bool)> {
    let json: Value = serde_json::from_str(&zhibiao(&[&["score", "--tree", tree, scores, "--format", "json"], extra].concat())).unwrap();
    json["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            let s = |k: &str| u[k].as_str().unwrap().to_string();
            (s("unit"), s("raw"), s("max"), s("score"), u["rank"].as_u64().unwrap(), u["eligible"].as_bool().unwrap())
        })
        .collect()
}

fn row(unit: &str, raw: &str, max: &str, score: &str, rank: u64, eligible: bool) -> (String, String, String, String, u64, bool) {
    (unit.into(), raw.into(), max.into(), score.into(), rank, eligible)
}

#[test]
fn sample_system_is_9_37_112_of_1120() {
    for tree in [TREE_XLSX, TREE_CSV] {
        assert_eq!(zhibiao(&["check", tree]).trim().lines().last(), Some("指标体系无误: 一级指标 9 项、二级指标 37 项、三级指标 112 项,满分 1120 分"));
    }
    assert_eq!(zhibiao(&["check", "indicators/小型示例.csv"]).trim().lines().last(), Some("指标体系无误: 一级指标 2 项、二级指标 4 项、三级指标 8 项,满分 75 分"));
}

#[test]
fn district_scores_1010_of_1120_and_passes() {
    for tree in [TREE_XLSX, TREE_CSV] {
        assert_eq!(units(tree, DISTRICT, &[]), [row("顺城区", "1010", "1120", "90.2", 1, true)]);
    }
}

#[test]
fn five_units_with_a_tie_and_two_not_applicable_items() {
    let expected = [
        row("甲区", "1010", "1120", "90.2", 1, true),
        row("丁县", "990", "1100", "90.0", 2, true),
        row("丙县", "977.5", "1120", "87.3", 3, false),
        row("乙区", "978", "1120", "87.3", 3, false),
        row("戊市", "890", "1120", "79.5", 5, false),
    ];
    assert_eq!(units(TREE_XLSX, "samples/多单位得分.xlsx", &[]), expected);
    assert_eq!(units(TREE_CSV, "samples/多单位得分.csv", &[]), expected);
}

#[test]
fn tie_breaks_on_the_exact_score_or_shares_a_dense_rank() {
    let ranks = |extra: &[&str]| -> Vec<(String, u64)> {
        units(TREE_XLSX, "samples/多单位得分.xlsx", extra).into_iter().map(|u| (u.0, u.4)).collect()
    };
    let named = |r: &[(&str, u64)]| -> Vec<(String, u64)> { r.iter().map(|(u, k)| (u.to_string(), *k)).collect() };
    assert_eq!(ranks(&["--rank-on", "exact"]), named(&[("甲区", 1), ("丁县", 2), ("乙区", 3), ("丙县", 4), ("戊市", 5)]));
    assert_eq!(ranks(&["--rank-style", "dense"]), named(&[("甲区", 1), ("丁县", 2), ("丙县", 3), ("乙区", 3), ("戊市", 4)]));
}

#[test]
fn standard_scheme_reproduces_the_district_score() {
    let out = Command::cargo_bin("zhibiao")
        .unwrap()
        .args(["score", "--scheme", "indicators/方案-标准.toml", "samples/顺城区-自评得分.xlsx", "--format", "json"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .assert()
        .success();
    let json: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let unit = &json["units"][0];
    assert_eq!((unit["raw"].as_str(), unit["max"].as_str(), unit["score"].as_str()), (Some("1010"), Some("1120"), Some("90.2")));
    assert_eq!(unit["eligible"], true);
}
