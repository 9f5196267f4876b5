//! Scoring schemes (评分方案) end to end: the shipped schemes, weights, bonus and veto items, grade
//! bands per group, score sources, validation messages and `explain`. Expected values are worked
//! out by hand in the comments.

use std::path::Path;

use serde_json::Value;

const FIX: &str = "tests/fixtures/scheme";
const WEIGHTED: &str = "indicators/方案-加权.toml";
const WEIGHTED_SCORES: &str = "samples/加权示例得分.csv";

fn zhibiao(args: &[&str]) -> (i32, String, String) {
    let out = crate::support::zhibiao().args(args).output().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

fn fixture(name: &str) -> String {
    format!("{FIX}/{name}")
}

fn json(args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let (code, out, err) = zhibiao(&all);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).unwrap()
}

fn unit<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["units"].as_array().unwrap().iter().find(|u| u["unit"] == name).unwrap()
}

// 8 一级 weighted 5/15/15/10/15/10/15/15, each 4 items of 10 points (max 40 per 一级).
// 甲区 loses 8/4/0/6/2/0/4/2: rates 80/90/100/85/95/100/90/95
//   → (400+1350+1500+850+1425+1000+1350+1425)/100 = 93.00 (the plain ratio would be 294/320 = 91.9).
// 乙区: 2.2.2 and all of 一级 8 不涉及; loses 2 (2.1.1), 4 (3.1.1), 2 (5.1.1), 2 (6.1.1):
//   rates 100, 28/30 = 93.33…, 90, 100, 95, 95, 100 → 8125 / 85 = 95.588235… → 95.6.
// 丙县 loses 10/12/8/6/4/6/10/6: rates 75/70/80/85/90/85/75/85 → 8075/100 = 80.75 → 80.8.
#[test]
fn weighted_scheme_scores_by_shares_of_100_and_renormalises_empty_branches() {
    let report = json(&["score", "--scheme", WEIGHTED, WEIGHTED_SCORES]);
    assert_eq!(report["rules"]["weighted"], true);
    let got: Vec<(String, String, String, u64, bool, String)> = report["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            let s = |k: &str| u[k].as_str().unwrap().to_string();
            (s("unit"), s("exact"), s("score"), u["rank"].as_u64().unwrap(), u["eligible"].as_bool().unwrap(), s("grade"))
        })
        .collect();
    let want = [
        ("乙区", "95.58823529411764705882352941", "95.6", 1, true, "优秀"),
        ("甲区", "93", "93.0", 2, true, "优秀"),
        ("丙县", "80.75", "80.8", 3, false, "优秀"),
    ];
    let want: Vec<_> = want.iter().map(|w| (w.0.into(), w.1.into(), w.2.into(), w.3, w.4, w.5.into())).collect();
    assert_eq!(got, want);
    let 乙区 = unit(&report, "乙区");
    assert_eq!(乙区["level1"][1]["score"], "93.3");
    assert_eq!(乙区["level1"][7]["score"], Value::Null);
    assert_eq!(
        unit(&report, "丙县")["reasons"],
        serde_json::json!(["得分 80.8 低于达标线 90 分,差 9.2 分", "得分 80.8 评为“优秀”(县组 75 分及以上)"])
    );
}

#[test]
fn weighted_scheme_table_shows_grades() {
    let (code, out, err) = zhibiao(&["score", "--scheme", WEIGHTED, WEIGHTED_SCORES]);
    assert_eq!(code, 0, "{err}");
    let table = "\
┌──────┬──────┬────────┬──────────┬────────────┬──────┬──────┐
│ 名次 │ 单位 │ 实得分 │ 适用满分 │ 百分制得分 │ 达标 │ 等次 │
├──────┼──────┼────────┼──────────┼────────────┼──────┼──────┤
│ 1    │ 乙区 │ 260    │ 270      │ 95.6       │ 是   │ 优秀 │
│ 2    │ 甲区 │ 294    │ 320      │ 93.0       │ 是   │ 优秀 │
│ 3    │ 丙县 │ 258    │ 320      │ 80.8       │ 否   │ 优秀 │
└──────┴──────┴────────┴──────────┴────────────┴──────┴──────┘";
    assert!(out.contains(table), "{out}");
}

// Gains per lost point: 15/40 = 0.375 in a 15-weight 一级, 0.25 at 10, 0.125 at 5. 丙县 needs 9.2
// on the rounded score (80.75 → 89.95): 2.25 + 2.25 + 1.875 + 1.875 + 1.5 = 9.75 ≥ 9.2.
#[test]
fn explain_names_the_gap_and_the_fastest_items() {
    let (code, out, err) = zhibiao(&["explain", "--scheme", WEIGHTED, WEIGHTED_SCORES, "--unit", "丙县"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "\
丙县: 百分制得分 80.8(精确值 80.75),第 3 名(共 3 个单位)
等次: 优秀
结论: 不达标
理由:
  · 得分 80.8 低于达标线 90 分,差 9.2 分
  · 得分 80.8 评为“优秀”(县组 75 分及以上)
差 9.2 分;挽回以下 5 项指标的失分最快补足,共失 26 分:
  2.1.1 年度立法计划公开征求意见: 失 6 分,挽回可加 2.25 分
  8.1.1 主要负责人履行推进法治建设第一责…: 失 6 分,挽回可加 2.25 分
  7.1.1 领导干部任前法律知识考试: 失 5 分,挽回可加 1.88 分
  7.2.1 政府常务会议学法: 失 5 分,挽回可加 1.88 分
  3.1.1 重大行政决策合法性审查率达100…: 失 4 分,挽回可加 1.50 分
挽回后得分 90.5
"
    );
}

#[test]
fn explain_in_english_and_on_the_exact_score() {
    let args = ["--lang", "en", "explain", "--scheme", WEIGHTED, WEIGHTED_SCORES, "--unit", "丙县", "--threshold-on", "exact"];
    let (code, out, err) = zhibiao(&args);
    assert_eq!(code, 0, "{err}");
    // On the exact score 9.25 is missing: the same five items (9.75) close it.
    assert!(
        out.contains(
            "9.25 short; the lost points of these 5 item(s) close the gap fastest, 26 points lost:\n  2.1.1 年度立法计划公开征求意见: 6 points lost"
        ),
        "{out}"
    );
}

#[test]
fn explain_an_unknown_unit_is_a_usage_error() {
    let (code, _, err) = zhibiao(&["explain", "--scheme", WEIGHTED, WEIGHTED_SCORES, "--unit", "丁区"]);
    assert_eq!(code, 2);
    assert_eq!(err, "错误: 评分文件中没有单位“丁区”(有: 甲区、乙区、丙县)\n");
}

// 甲区: 38 of 40 → 95.0, but the veto item 3.2.1 scored 0 of 10.
#[test]
fn a_veto_item_makes_a_unit_at_95_ineligible_with_the_reason() {
    let report = json(&["score", "--scheme", &fixture("方案-否决.toml"), &fixture("附加项得分.csv")]);
    let 甲区 = unit(&report, "甲区");
    assert_eq!((甲区["score"].as_str(), 甲区["eligible"].as_bool(), 甲区["grade"].as_str()), (Some("95.0"), Some(false), Some("不合格")));
    assert_eq!(
        甲区["reasons"],
        serde_json::json!([
            "得分 95.0 达到达标线 90 分",
            "一票否决: 否决项“3.2.1 发生造成严重后果的重大违法行政事…”得 0 分(满分 10 分;违法强拆致人重伤被依法追责),不论得分均不予达标"
        ])
    );
    let (code, out, _) = zhibiao(&["explain", "--scheme", &fixture("方案-否决.toml"), &fixture("附加项得分.csv"), "--unit", "甲区"]);
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "\
甲区: 百分制得分 95.0(精确值 95),第 1 名(共 2 个单位)
等次: 不合格
结论: 不达标
理由:
  · 得分 95.0 达到达标线 90 分
  · 一票否决: 否决项“3.2.1 发生造成严重后果的重大违法行政事…”得 0 分(满分 10 分;违法强拆致人重伤被依法追责),不论得分均不予达标
"
    );
}

// 乙区: 36 of 40 → 90, bonus item 3.1.1 earns 3, capped at 2 → 92.0. Bonus and veto items stay
// out of the maximum (40, not 53).
#[test]
fn bonus_items_add_to_the_converted_score_up_to_the_cap() {
    let report = json(&["score", "--scheme", &fixture("方案-否决.toml"), &fixture("附加项得分.csv")]);
    let 乙区 = unit(&report, "乙区");
    assert_eq!((乙区["raw"].as_str(), 乙区["max"].as_str(), 乙区["score"].as_str()), (Some("36"), Some("40"), Some("92.0")));
    assert_eq!(乙区["eligible"], true);
    assert_eq!(
        乙区["reasons"],
        serde_json::json!(["得分 92.0 达到达标线 90 分", "加分项加 2 分(得 3 分,上限 2 分)", "得分 92.0 评为“优秀”(全部组 90 分及以上)"])
    );
}

// Cities: 优秀 ≥ 90, 良好 ≥ 80, 一般 ≥ 70; counties: 优秀 ≥ 75, 良好 ≥ 70, 一般 ≥ 60.
#[test]
fn grade_bands_differ_by_unit_group() {
    let (code, out, err) = zhibiao(&["score", "--scheme", &fixture("方案-等次.toml"), &fixture("等次得分.csv"), "--format", "csv"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "\
名次,单位,实得分,适用满分,百分制得分,达标,等次,1 一、依法行政
1,丙县,85,100,85.0,否,优秀,85.0
1,甲市,85,100,85.0,否,良好,85.0
3,丁县,72,100,72.0,否,良好,72.0
4,乙市,69,100,69.0,否,,69.0
5,戊县,60,100,60.0,否,一般,60.0
"
    );
}

// 1.1.1: (10×30 + 8×50 + 6×20) / 100 = 8.2; 1.1.2: 专家评估 不涉及 → (10×30 + 9×20) / 50 = 9.6.
#[test]
fn score_sources_combine_by_the_scheme_weights() {
    let (code, out, err) = zhibiao(&["score", "--scheme", &fixture("方案-来源.toml"), &fixture("来源得分.csv"), "--format", "csv"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "名次,单位,实得分,适用满分,百分制得分,达标,1 一、依法行政\n1,甲区,17.8,20,89.0,否,89.0\n");
}

#[test]
fn unknown_and_missing_sources_are_errors() {
    let (code, _, err) = zhibiao(&["score", "--scheme", &fixture("方案-来源.toml"), &fixture("来源缺失.csv")]);
    assert_eq!(code, 1);
    let file = fixture("来源缺失.csv");
    assert_eq!(
        err,
        format!(
            "错误: 共发现 2 个问题
  {file}!D4: 评分来源“第三方”不在评分方案中(方案中的来源: 自评、专家评估、满意度测评)
  {file}!D5: 甲区 的指标“1.1.2 群众满意度”缺少评分来源: 满意度测评(某来源不评该项时请填“不涉及”)
"
        )
    );
}

#[test]
fn every_scheme_problem_is_reported_with_its_line() {
    let scheme = fixture("方案-错误.toml");
    let (code, _, err) = zhibiao(&["score", "--scheme", &scheme, &fixture("附加项得分.csv")]);
    assert_eq!(code, 1);
    let at = |line: u32| format!("{scheme}:{line}");
    let want = [
        format!("错误: 读取评分方案 {scheme} 失败"),
        "  原因: 共发现 18 个问题".into(),
        format!("  {}: points: -1 不能为负数", at(2)),
        format!("  {}: decimals: 小数位数 7 过大(最多 6 位)", at(3)),
        format!("  {}: threshold: -5 不能为负数", at(4)),
        format!("  {}: weights: 一级指标已设权重,但 2 二、依法决策 没有权重", at(7)),
        format!("  {}: weights: 一级指标的权重合计 60,应为 100", at(7)),
        format!("  {}: weights.9: 指标体系中没有编号或名称为“9”的一级或二级指标", at(8)),
        format!("  {}: sources: 评分来源的权重合计 80,应为 100", at(11)),
        format!("  {}: departments.不存在局: 指标体系中没有责任单位“不存在局”", at(15)),
        format!("  {}: bonus.items: 加分项“9.9.9”不是指标体系中的三级指标", at(18)),
        format!("  {}: bonus.cap: -2 不能为负数", at(19)),
        format!("  {}: veto.items: 指标 3.1.1 不能既是加分项又是否决项", at(22)),
        format!("  {}: min_rate.2: 120 不能超过 100", at(25)),
        format!("  {}: min_rate.五: 指标体系中没有编号或名称为“五”的一级指标", at(26)),
        format!("  {}: grades.城市: 等次组“城市”中“优秀”的下限 90 不低于其上一等次“良好”的下限 80: 等次须从高到低排列且互不重叠", at(29)),
        format!("  {}: grades.县区: 等次组“县区”中等次“优秀”重复", at(30)),
        format!("  {}: grades.县区: 等次组“县区”中“优秀”的下限 75 不低于其上一等次“优秀”的下限 75: 等次须从高到低排列且互不重叠", at(30)),
        format!("  {}: grades.乡镇: 等次组“乡镇”没有任何等次", at(31)),
        format!("  {}: groups.丁县: 没有名为“村”的等次组(已有: 乡镇、县区、城市)", at(34)),
    ];
    assert_eq!(err, want.join("\n") + "\n");
}

// A misspelt key no longer hides the scheme's other problems: unknown keys (at the top, in
// [bonus], in a grade band, a top-level key written under a table) are reported with the weights
// that add up to 60, in the file's order, each with its line.
#[test]
fn unknown_keys_are_reported_with_every_other_problem() {
    let dir = tempfile::tempdir().unwrap();
    let scheme = dir.path().join("s.toml");
    let text = "\
thresold = 85
\"阈值\" = 3

[weights]
\"1\" = 30
\"2\" = 20
\"3\" = 10

[bonus]
capp = 2
threshold_on = \"exact\"

[grades]
\"全部\" = [{ nmae = \"优秀\", name = \"优秀\", min = 90 }]
";
    std::fs::write(&scheme, text).unwrap();
    let scheme = scheme.to_str().unwrap();
    let (code, _, err) = zhibiao(&["score", "--tree", &fixture("附加项树.csv"), "--scheme", scheme, &fixture("附加项得分.csv")]);
    assert_eq!(code, 1);
    let keys = "name, tree, points, decimals, threshold, threshold_on, rank_on, rank_style, order, grade_order, missing, combine, weights, sources, departments, bonus, veto, penalty, min_rate, grades, default_group, groups, codes, disputed, columns, deductions_only, quant";
    assert_eq!(
        err,
        format!(
            "错误: 读取评分方案 {scheme} 失败
  原因: 共发现 6 个问题
  {scheme}:1: thresold: 评分方案没有这个键,是否应为 threshold?
  {scheme}:2: 阈值: 评分方案没有这个键(此处可用的键: {keys})
  {scheme}:5: weights: 一级指标的权重合计 60,应为 100
  {scheme}:10: bonus.capp: 评分方案没有这个键,是否应为 cap?
  {scheme}:11: bonus.threshold_on: threshold_on 是顶层的键,写在了 [bonus] 之下: 顶层的键须写在第一个 [表] 之前
  {scheme}:14: grades.全部.nmae: 评分方案没有这个键,是否应为 name?
"
        )
    );
}

#[test]
fn a_value_of_the_wrong_kind_is_a_syntax_error_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let scheme = dir.path().join("s.toml");
    std::fs::write(&scheme, "threshold = 90\nthreshold_on = \"exactly\"\n").unwrap();
    let (code, _, err) = zhibiao(&["score", "--tree", &fixture("等次树.csv"), "--scheme", scheme.to_str().unwrap(), &fixture("等次得分.csv")]);
    assert_eq!(code, 1);
    assert!(err.contains("评分方案格式有误: TOML parse error at line 2, column 16"), "{err}");
    assert!(err.contains("unknown variant `exactly`"), "{err}");
}

// The weights of the shipped weighted scheme, written to a temporary scheme with a minimum rate:
// 丙县's 一级 2 scores 70%, below a 75% minimum.
#[test]
fn a_minimum_rate_per_level1_indicator_is_a_rule_of_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let scheme = dir.path().join("min.toml");
    let weights = std::fs::read_to_string(WEIGHTED)
        .unwrap()
        .replace("tree = \"加权示例指标体系.csv\"", &format!("tree = {:?}", Path::new("indicators/加权示例指标体系.csv").canonicalize().unwrap()));
    std::fs::write(&scheme, format!("{weights}\n[min_rate]\n\"二、完善依法行政制度体系\" = 75\n")).unwrap();
    let report = json(&["score", "--scheme", scheme.to_str().unwrap(), WEIGHTED_SCORES, "--threshold", "80"]);
    let 丙县 = unit(&report, "丙县");
    assert_eq!(丙县["eligible"], false);
    assert_eq!(丙县["reasons"][1], "一级指标 2 二、完善依法行政制度体系 得分率 70.0% 低于最低要求 75%,不予达标");
    assert_eq!(unit(&report, "甲区")["eligible"], true);
}

#[test]
fn command_line_options_override_the_scheme_only_when_given() {
    let score = |extra: &[&str]| {
        let mut args = vec!["score", "--scheme", WEIGHTED, WEIGHTED_SCORES];
        args.extend(extra);
        let report = json(&args);
        let u = unit(&report, "丙县").clone();
        (u["score"].as_str().unwrap().to_string(), u["eligible"].as_bool().unwrap())
    };
    assert_eq!(score(&[]), ("80.8".into(), false));
    assert_eq!(score(&["--threshold", "80"]), ("80.8".into(), true));
    assert_eq!(score(&["--decimals", "2"]), ("80.75".into(), false));
}

#[test]
fn without_a_tree_anywhere_it_is_a_usage_error() {
    let (code, _, err) = zhibiao(&["score", &fixture("等次得分.csv")]);
    assert_eq!(code, 2);
    assert_eq!(err, "错误: 未指定指标体系: 请用 --tree 或在评分方案中写 tree = \"…\"\n");
}

/// A 9/37/112 tree of 10-point items, as in the provincial example, and scores losing 110 points.
fn plain_example(dir: &Path) -> (String, String) {
    let mut tree = String::from("一级指标,二级指标,三级指标,编号\n");
    let mut scores = String::from("单位,编号,得分\n");
    let mut item = 0;
    for l2 in 0..37 {
        let l1 = (l2 / 4).min(8);
        let first_of_l1 = l2 % 4 == 0 && l2 < 36;
        let count = if l2 == 36 { 4 } else { 3 };
        for k in 0..count {
            item += 1;
            let code = format!("{}.{}.{}", l1 + 1, l2 + 1, k + 1);
            let name1 = if first_of_l1 && k == 0 { format!("一级{}", l1 + 1) } else { String::new() };
            let name2 = if k == 0 { format!("二级{}", l2 + 1) } else { String::new() };
            tree.push_str(&format!("{name1},{name2},指标{item},{code}\n"));
            // 22 items at 5 points lose 110: 1010 of 1120.
            let score = if item % 5 == 0 && item <= 110 { 5 } else { 10 };
            scores.push_str(&format!("顺城区,{code},{score}\n"));
        }
    }
    let (t, s) = (dir.join("tree.csv"), dir.join("scores.csv"));
    std::fs::write(&t, tree).unwrap();
    std::fs::write(&s, scores).unwrap();
    (t.to_str().unwrap().into(), s.to_str().unwrap().into())
}

// 1010 ÷ 1120 × 100 = 90.178… → 90.2, at 90 to pass.
#[test]
fn the_plain_scheme_reproduces_90_2() {
    let dir = tempfile::tempdir().unwrap();
    let (tree, scores) = plain_example(dir.path());
    let (code, out, err) = zhibiao(&["tree", &tree]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("三级指标 112 项"), "{out}");
    let report = json(&["score", "--scheme", "indicators/方案-标准.toml", "--tree", &tree, &scores]);
    let u = unit(&report, "顺城区");
    assert_eq!((u["raw"].as_str(), u["max"].as_str(), u["score"].as_str()), (Some("1010"), Some("1120"), Some("90.2")));
    assert_eq!(u["eligible"], true);
    assert_eq!(report["tree"]["level1"], 9);
    assert_eq!(report["tree"]["level2"], 37);
    // The same without a scheme: the plain path is the scheme's.
    let plain = json(&["score", "--tree", &tree, &scores]);
    assert_eq!(plain["units"], report["units"]);
}

#[test]
fn explain_says_when_no_restoring_closes_the_gap() {
    let (code, out, err) = zhibiao(&["explain", "--scheme", WEIGHTED, WEIGHTED_SCORES, "--unit", "丙县", "--threshold", "100.5"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("\n差 19.7 分;挽回全部失分也无法补足\n"), "{out}");
    assert!(out.ends_with("挽回后得分 100.0\n"), "{out}");
}

// Without [bonus] and [veto], 一级 3 (附加项) is scored and needs a weight too.
#[test]
fn a_group_weighted_by_code_and_by_name_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let scheme = dir.path().join("twice.toml");
    std::fs::write(&scheme, "[weights]\n\"1\" = 60\n\"2\" = 40\n\"二、依法决策\" = 40\n").unwrap();
    let scheme = scheme.to_str().unwrap();
    let (code, _, err) = zhibiao(&["score", "--tree", &fixture("附加项树.csv"), "--scheme", scheme, &fixture("附加项得分.csv")]);
    assert_eq!(code, 1);
    assert_eq!(
        err,
        format!(
            "错误: 读取评分方案 {scheme} 失败
  原因: 共发现 2 个问题
  {scheme}:2: weights: 一级指标已设权重,但 3 三、附加项 没有权重
  {scheme}:4: weights.二、依法决策: 2 二、依法决策 的权重给了两次(编号和名称各一次)
"
        )
    );
}

// ---- fixes of issue 13 -------------------------------------------------------------------

// Weights and minimum rates keyed by the name without its numbering: "制度建设" is 一、制度建设,
// "(二)依法决策" is 二、依法决策. 甲区: 一 20/20 = 100 %, 二 10/20 = 50 % → 100 × 0.6 + 50 × 0.4
// = 80.0 (the plain ratio would be 30/40 = 75.0); 二 at 50 % is below its minimum of 60 %.
#[test]
fn weights_and_minimum_rates_match_names_without_their_numbering() {
    let scheme = "\
[bonus]
items = [\"3.1.1\"]
[veto]
items = [\"3.2.1\"]
[weights]
\"制度建设\" = 60
\"(二)依法决策\" = 40
[min_rate]
\"依法决策\" = 60
";
    let scores = "单位,编号,得分\n甲区,1.1.1,10\n甲区,1.1.2,10\n甲区,2.1.1,5\n甲区,2.1.2,5\n甲区,3.1.1,0\n甲区,3.2.1,10\n";
    let dir = tempfile::tempdir().unwrap();
    let scheme = crate::support::write(dir.path(), "s.toml", scheme);
    let scores = crate::support::write(dir.path(), "得分.csv", scores);
    let report = json(&["score", "--tree", &fixture("附加项树.csv"), "--scheme", scheme.to_str().unwrap(), scores.to_str().unwrap()]);
    let 甲区 = unit(&report, "甲区");
    assert_eq!(甲区["score"], "80.0");
    assert_eq!(
        甲区["reasons"],
        serde_json::json!(["得分 80.0 低于达标线 90 分,差 10.0 分", "一级指标 2 二、依法决策 得分率 50.0% 低于最低要求 60%,不予达标"])
    );
}

// 一、制度建设 has a 二级 (一)制度建设: "制度建设" could be either, and says so with both codes; the
// full name "一、制度建设" is the 一级 alone.
#[test]
fn a_name_that_fits_two_groups_once_numbering_is_dropped_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let tree = crate::support::write(
        dir.path(),
        "树.csv",
        "一级指标,二级指标,三级指标\n一、制度建设,(一)制度建设,a\n,(二)立法,b\n二、依法决策,(一)审查,c\n",
    );
    let scores = crate::support::write(dir.path(), "得分.csv", "单位,编号,得分\n甲区,1.1.1,10\n甲区,1.2.1,5\n甲区,2.1.1,10\n");
    let scheme = crate::support::write(dir.path(), "s.toml", "[weights]\n\"制度建设\" = 50\n\"依法决策\" = 50\n");
    let run = |scheme: &Path| {
        zhibiao(&["score", "--tree", tree.to_str().unwrap(), "--scheme", scheme.to_str().unwrap(), scores.to_str().unwrap(), "--format", "csv"])
    };
    let (code, _, err) = run(&scheme);
    assert_eq!(code, 1);
    let s = scheme.display();
    assert_eq!(
        err,
        format!(
            "错误: 读取评分方案 {s} 失败
  原因: 共发现 3 个问题
  {s}:2: weights.制度建设: “制度建设”去掉编号后对应多个指标: 1 一、制度建设、1.1 (一)制度建设;请写编号或完整名称
  {s}:2: weights: 一级指标已设权重,但 1 一、制度建设 没有权重
  {s}:2: weights: 一级指标的权重合计 50,应为 100
"
        )
    );
    // 一: 15/20 = 75 %, 二: 100 % → 87.5.
    std::fs::write(&scheme, "[weights]\n\"一、制度建设\" = 50\n\"依法决策\" = 50\n").unwrap();
    let (code, out, err) = run(&scheme);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "名次,单位,实得分,适用满分,百分制得分,达标,1 一、制度建设,2 二、依法决策\n1,甲区,25,30,87.5,否,75.0,100.0\n");
}

/// Two 一级 of one 25-point item each. 甲区: 14.99 + 25 → 一级 1 at 59.96 %, total 39.99 / 50 =
/// 79.98 %; 乙区: 22.49 + 22.49 → 89.96 %. A minimum rate of 60 % for 一级 1.
fn basis_example(dir: &Path) -> [String; 3] {
    let tree = crate::support::write(
        dir,
        "树.csv",
        "一级指标,二级指标,三级指标,分值\n一、制度建设,(一)立法,立法计划,25\n二、依法决策,(一)审查,合法性审查,25\n",
    );
    let scores = crate::support::write(dir, "得分.csv", "单位,编号,得分\n甲区,1.1.1,14.99\n甲区,2.1.1,25\n乙区,1.1.1,22.49\n乙区,2.1.1,22.49\n");
    let scheme = crate::support::write(dir, "s.toml", "[min_rate]\n\"1\" = 60\n");
    [tree, scores, scheme].map(|p| p.to_str().unwrap().to_string())
}

// On the rounded basis (the default) 59.96 % is published as 60.0 % and meets 60 %; 89.96 is 90.0
// and meets 90. On the exact basis both fall short, and the sentences show the exact values.
#[test]
fn minimum_rates_are_judged_on_the_basis_of_the_threshold_and_say_the_value_that_decided() {
    let dir = tempfile::tempdir().unwrap();
    let [tree, scores, scheme] = basis_example(dir.path());
    let reasons = |extra: &[&str]| {
        let mut args = vec!["score", "--tree", &tree, "--scheme", &scheme, &scores];
        args.extend(extra);
        let report = json(&args);
        ["甲区", "乙区"].map(|u| (unit(&report, u)["eligible"].as_bool().unwrap(), unit(&report, u)["reasons"].clone()))
    };
    let [甲区, 乙区] = reasons(&[]);
    assert_eq!(甲区, (false, serde_json::json!(["得分 80.0 低于达标线 90 分,差 10.0 分"])));
    assert_eq!(乙区, (true, serde_json::json!(["得分 90.0 达到达标线 90 分"])));
    let [甲区, 乙区] = reasons(&["--threshold", "75"]);
    assert_eq!(甲区, (true, serde_json::json!(["得分 80.0 达到达标线 75 分"])));
    assert!(乙区.0);
    let [甲区, 乙区] = reasons(&["--threshold-on", "exact"]);
    assert_eq!(
        甲区,
        (
            false,
            serde_json::json!([
                "得分 79.98(精确值) 低于达标线 90 分,差 10.02 分",
                "一级指标 1 一、制度建设 得分率 59.96%(精确值) 低于最低要求 60%,不予达标"
            ])
        )
    );
    assert_eq!(乙区, (false, serde_json::json!(["得分 89.96(精确值) 低于达标线 90 分,差 0.04 分"])));
}

// Restoring 1.1.1's 2.51 lost points adds 2.51 / 50 × 100 = 5.02 (2.1.1 gains as much; tree order
// first): 89.96 + 5.02 = 94.98.
#[test]
fn explain_on_the_exact_basis_shows_the_exact_score_that_decided() {
    let dir = tempfile::tempdir().unwrap();
    let [tree, scores, scheme] = basis_example(dir.path());
    let (code, out, err) = zhibiao(&["explain", "--tree", &tree, "--scheme", &scheme, &scores, "--unit", "乙区", "--threshold-on", "exact"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "\
乙区: 百分制得分 90.0(精确值 89.96),第 1 名(共 2 个单位)
结论: 不达标
理由:
  · 得分 89.96(精确值) 低于达标线 90 分,差 0.04 分
差 0.04 分;挽回以下 1 项指标的失分最快补足,共失 2.51 分:
  立法计划: 失 2.51 分,挽回可加 5.02 分
挽回后得分 94.98(精确值)
"
    );
}

// Sources 自评 30 / 专家评估 40 / 满意度测评 30; 1.1.1's survey is 不涉及, so it is
// (10 × 30 + 9.5 × 40) / 70 = 680 / 70 = 9.714285714…, shown 9.7143; 1.1.2 is 10 from all three.
// 实得分 19.714285… → 19.7143; 19.714285… / 20 × 100 = 98.571428… → 98.6. It loses
// 10 − 9.714285… = 0.285714… → 0.2857, worth 0.2857 / 20 × 100 = 1.43 on the converted scale.
fn blended(dir: &Path) -> [String; 3] {
    let scheme = crate::support::write(dir, "s.toml", "[sources]\n\"自评\" = 30\n\"专家评估\" = 40\n\"满意度测评\" = 30\n");
    let scores = crate::support::write(
        dir,
        "得分.csv",
        "单位,编号,来源,得分\n甲区,1.1.1,自评,10\n甲区,1.1.1,专家评估,9.5\n甲区,1.1.1,满意度测评,不涉及\n甲区,1.1.2,自评,10\n甲区,1.1.2,专家评估,10\n甲区,1.1.2,满意度测评,10\n",
    );
    [fixture("来源树.csv"), scheme.to_str().unwrap().into(), scores.to_str().unwrap().into()]
}

#[test]
fn blended_item_scores_are_shown_to_four_decimals_and_the_rules_say_so() {
    let dir = tempfile::tempdir().unwrap();
    let [tree, scheme, scores] = blended(dir.path());
    let run = |extra: &[&str]| {
        let mut args = vec!["score", "--tree", &tree, "--scheme", &scheme, &scores];
        args.extend(extra);
        let (code, out, err) = zhibiao(&args);
        assert_eq!(code, 0, "{err}");
        out
    };
    let rule = "多个来源或部门加权合并的分值按精确值计算,显示时四舍五入(逢五进一)保留 4 位小数";
    let table = run(&[]);
    assert!(table.contains("│ 1    │ 甲区 │ 19.7143 │ 20       │ 98.6       │ 是   │\n"), "{table}");
    assert!(table.ends_with(&format!("· {rule}\n")), "{table}");
    assert_eq!(run(&["--format", "csv"]), "名次,单位,实得分,适用满分,百分制得分,达标,1 一、依法行政\n1,甲区,19.7143,20,98.6,是,98.6\n");
    let report: Value = serde_json::from_str(&run(&["--format", "json"])).unwrap();
    let 甲区 = unit(&report, "甲区");
    assert_eq!((甲区["items"][0]["score"].as_str(), 甲区["items"][1]["score"].as_str()), (Some("9.7143"), Some("10")));
    assert_eq!((甲区["raw"].as_str(), 甲区["level1"][0]["raw"].as_str()), (Some("19.7143"), Some("19.7143")));
    // The exact score stays exact.
    assert_eq!(甲区["exact"], "98.57142857142857142857142857");
    assert_eq!(report["rules"]["description"].as_array().unwrap().last().unwrap(), rule);

    let (code, out, err) = zhibiao(&["explain", "--tree", &tree, "--scheme", &scheme, &scores, "--unit", "甲区", "--threshold", "99"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("差 0.4 分;挽回以下 1 项指标的失分最快补足,共失 0.2857 分:\n  1.1.1 规章备案: 失 0.2857 分,挽回可加 1.43 分\n"), "{out}");

    // The workbook keeps the exact value in the cell (as a double) and shows it to 4 decimals.
    let book = dir.path().join("结果.xlsx");
    let (code, _, err) = zhibiao(&["score", "--tree", &tree, "--scheme", &scheme, &scores, "--out", book.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let mut workbook: calamine::Xlsx<_> = calamine::open_workbook(&book).unwrap();
    let detail = calamine::Reader::worksheet_range(&mut workbook, "明细").unwrap();
    assert_eq!(detail.get((1, 6)), Some(&calamine::Data::Float(68.0 / 7.0)));
    let mut package = zip::ZipArchive::new(std::fs::File::open(&book).unwrap()).unwrap();
    let mut read = |name: &str| {
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut package.by_name(name).unwrap(), &mut xml).unwrap();
        xml
    };
    assert!(read("xl/styles.xml").contains(r#"formatCode="0.0000""#));
    // 明细's score and lost columns are as wide as "9.7143", not as the 28 digits.
    assert!(read("xl/worksheets/sheet3.xml").contains(r#"<col min="7" max="8" width="8.7109375" customWidth="1"/>"#));
}

// Scores that are already short print as before, without the rule line.
#[test]
fn short_scores_print_as_they_are_without_the_rule_line() {
    let (code, out, err) = zhibiao(&["score", "--scheme", &fixture("方案-来源.toml"), &fixture("来源得分.csv")]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("│ 17.8   │") && !out.contains("4 位小数"), "{out}");
}

// Two grade groups without default_group: fine when [groups] names every unit (甲市 85 is 良好 in
// 城市, 丙县 85 优秀 in 县区); a unit in no group is an error of the run that names it.
#[test]
fn several_grade_groups_need_no_default_when_every_unit_has_a_group() {
    let dir = tempfile::tempdir().unwrap();
    let groups = "[grades]
\"城市\" = [{ name = \"优秀\", min = 90 }, { name = \"良好\", min = 80 }]
\"县区\" = [{ name = \"优秀\", min = 75 }, { name = \"良好\", min = 70 }]
[groups]
\"甲市\" = \"城市\"
\"丙县\" = \"县区\"
";
    let scheme = crate::support::write(dir.path(), "s.toml", groups);
    let scores = crate::support::write(dir.path(), "得分.csv", "单位,编号,得分\n甲市,1.1.1,8.5\n丙县,1.1.1,8.5\n");
    let tree = crate::support::write(dir.path(), "树.csv", "一级指标,二级指标,三级指标\n一、依法行政,(一)制度,指标1\n");
    let run = |scores: &Path| {
        zhibiao(&["score", "--tree", tree.to_str().unwrap(), "--scheme", scheme.to_str().unwrap(), scores.to_str().unwrap(), "--format", "csv"])
    };
    let (code, out, err) = run(&scores);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "名次,单位,实得分,适用满分,百分制得分,达标,等次,1 一、依法行政\n1,丙县,8.5,10,85.0,否,优秀,85.0\n1,甲市,8.5,10,85.0,否,良好,85.0\n"
    );

    let more = crate::support::write(dir.path(), "更多.csv", "单位,编号,得分\n甲市,1.1.1,8.5\n乙市,1.1.1,9\n丁县,1.1.1,7\n");
    let (code, _, err) = run(&more);
    assert_eq!(code, 1);
    assert_eq!(
        err,
        format!(
            "错误: 共发现 1 个问题\n  {}: 单位 乙市、丁县 不属于任何等次组: 评分方案有多个等次组(县区、城市),请在 [groups] 中列出这些单位,或用 default_group 指定其余单位所属的组\n",
            scheme.display()
        )
    );
}

// The same rules in-process, through the library's one call: the grade of a unit named in
// [groups] under two groups without a default, and the unit left out named in the run's problems.
#[test]
fn in_process_a_unit_in_no_group_is_a_problem_of_the_run() {
    use zhibiao::pipeline::{self, Input, RunError, Spec};
    let input = |name: &str, text: &str| Input::new(name, text.as_bytes().to_vec());
    let scheme = "[grades]\n\"城市\" = [{ name = \"优秀\", min = 90 }]\n\"县区\" = [{ name = \"优秀\", min = 75 }]\n[groups]\n\"丙县\" = \"县区\"\n";
    let spec = |scores: &str| Spec {
        scheme: Some(input("s.toml", scheme)),
        ..Spec::new(input("树.csv", "一级指标,二级指标,三级指标\n一、依法行政,(一)制度,指标1\n"), vec![Ok(input("得分.csv", scores))])
    };
    let outcome = pipeline::run(spec("单位,编号,得分\n丙县,1.1.1,8\n")).unwrap();
    assert_eq!(outcome.evaluation.units[0].grade.as_deref(), Some("优秀"));
    match pipeline::run(spec("单位,编号,得分\n丙县,1.1.1,8\n甲市,1.1.1,9\n")) {
        Err(RunError::Scores(problems)) => {
            assert_eq!(problems.0.len(), 1);
            assert!(problems.0[0].to_string().starts_with("s.toml: 单位 甲市 不属于任何等次组"), "{}", problems.0[0]);
        }
        other => panic!("{:?}", other.map(|o| o.evaluation.units.len())),
    }
}
