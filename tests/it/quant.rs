//! 定量指标: items scored from the figures a unit reports (分子/分母, or 数值) by the rule its 评分标准
//! prints or the scheme's `[quant]` writes. Every value below is worked out by hand.

use std::path::Path;

use serde_json::Value;

use crate::support::{expect, json_of, stdout_of, write, write_xlsx, zhibiao};

/// Six items, 55 points. A1, A2, B1, C1 and C2 state their rules in the 评分标准 (A2's is replaced by
/// the scheme's); B2 has none in the table, only in the scheme.
const TREE: &str = "编号,一级指标,二级指标,三级指标,分值,评分标准
A1,一、制度建设,(一)规范性文件,规范性文件报备率,10,报备率100%，每少报1件扣1分，扣完为止
A2,,,合法性审核率,10,合法性审核率达100%的得满分，未达到的扣4分
B1,二、依法行政,(一)行政应诉,行政机关负责人出庭应诉率,10,出庭应诉率达到95%得满分，每低1个百分点扣0.5分，不足1个百分点按1个计，扣完为止
B2,,,行政复议办理率,10,
C1,三、监督,(一)办结,提案办结率,10,办结率低于全市平均水平的不得分
C2,,,行政诉讼败诉率,5,败诉率不超过5%得满分，每超过1个百分点扣1分，最多扣3分；分母为0的不涉及
";

/// A2 by its code, in words; B2 by its name, key by key.
const SCHEME: &str = r#"
[quant.A2]
rule = "合法性审核率达100%的得满分，每少1件扣2分"

[quant."行政复议办理率"]
target = "≥95%"
bands = [{ from = "≥90%", award = "一半" }]
"#;

/// 甲区: A1 18/20, 2 short: 8. A2 9/10, 1 short × 2: 8. B1 19/21 = 90.476…%, 4.52 points short, 5
/// whole steps × 0.5: 7.5. B2 92.5 % ≥ 90: half, 5. C1 90 % against the mean (90 + 80 + 85) / 3 = 85:
/// 10. C2 1/10 = 10 %, 5 points over, 5 × 1 capped at 3: 2. 40.5 / 55 × 100 = 73.6363… → 73.6.
/// 乙区: A1, A2, B1 full: 30. B2 89.99 < 90: 0. C1 80 < 85: 0. C2 0/0: 不涉及, out of the maximum.
/// 30 / 50 × 100 = 60.
/// 丙区: A1 0/5, 5 short: 5. A2 3/10, 7 × 2 = 14 past the floor: 0. B1 19/20 = 95 exactly: 10. B2 95
/// exactly: 10. C1 17/20 = 85, the mean itself: 10. C2 1/16 = 6.25 %, 1.25 over, pro rata: 3.75.
/// 38.75 / 55 × 100 = 70.4545… → 70.5.
const SCORES: &str = "单位,编号,分子,分母,数值,得分
甲区,A1,18,20,,
甲区,A2,9,10,,
甲区,B1,19,21,,8
甲区,B2,,,92.5,
甲区,C1,9,10,,
甲区,C2,1,10,,
乙区,A1,20,20,,
乙区,A2,10,10,,
乙区,B1,20,20,,
乙区,B2,,,89.99,
乙区,C1,8,10,,
乙区,C2,0,0,,
丙区,A1,0,5,,
丙区,A2,3,10,,
丙区,B1,19,20,,
丙区,B2,,,95,
丙区,C1,17,20,,
丙区,C2,1,16,,
";

fn setup() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "tree.csv", TREE);
    write(dir.path(), "quant.toml", SCHEME);
    write(dir.path(), "scores.csv", SCORES);
    dir
}

fn unit<'a>(json: &'a Value, name: &str) -> &'a Value {
    json["units"].as_array().unwrap().iter().find(|u| u["unit"] == name).unwrap()
}

fn scores_of(u: &Value) -> Vec<String> {
    u["items"].as_array().unwrap().iter().map(|i| i["score"].as_str().unwrap_or("不涉及").to_string()).collect()
}

#[test]
fn figures_are_scored_by_the_rules_of_the_table_and_the_scheme() {
    let dir = setup();
    let run = |dir: &Path| {
        let args = ["score", "--tree", "tree.csv", "--scheme", "quant.toml", "scores.csv", "--format", "json"];
        expect(zhibiao().current_dir(dir).args(args), 0)
    };
    let output = run(dir.path());
    let json = json_of(&output.stdout);
    let jia = unit(&json, "甲区");
    assert_eq!(scores_of(jia), ["8", "8", "7.5", "5", "10", "2"]);
    assert_eq!((jia["raw"].as_str(), jia["max"].as_str(), jia["score"].as_str()), (Some("40.5"), Some("55"), Some("73.6")));
    let yi = unit(&json, "乙区");
    assert_eq!(scores_of(yi), ["10", "10", "10", "0", "0", "不涉及"]);
    assert_eq!((yi["raw"].as_str(), yi["max"].as_str(), yi["exact"].as_str()), (Some("30"), Some("50"), Some("60")));
    let bing = unit(&json, "丙区");
    assert_eq!(scores_of(bing), ["5", "0", "10", "10", "10", "3.75"]);
    assert_eq!((bing["raw"].as_str(), bing["score"].as_str()), (Some("38.75"), Some("70.5")));
    // How B1 came about, in json too; an item typed has no `computed`.
    let b1 = &jia["items"][2]["computed"];
    assert_eq!((b1["numerator"].as_str(), b1["denominator"].as_str(), b1["value"].as_str()), (Some("19"), Some("21"), None));
    assert_eq!(
        (b1["figure"].as_str(), b1["target"].as_str(), b1["met"].as_bool(), b1["deducted"].as_str()),
        (Some("90.4762"), Some("95"), Some(false), Some("2.5"))
    );
    assert!(b1["text"].as_str().unwrap().starts_with("B1 行政机关负责人出庭应诉率: 19/21 = 90.48%"), "{b1}");
    assert_eq!(jia["items"][3]["computed"]["value"].as_str(), Some("92.5"));
    // The score 甲区 typed for B1 is not the one its figures give: said at its cell, the computed one counts.
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("警告: scores.csv!F4: 甲区 的指标 B1 自填得分 8,按数值计算为 7.5: 以计算结果为准"), "{stderr}");
}

#[test]
fn explain_shows_the_figures_the_rate_the_rule_and_the_points() {
    let dir = setup();
    let explain = |unit: &str| {
        let args = ["explain", "--tree", "tree.csv", "--scheme", "quant.toml", "scores.csv", "--unit", unit];
        stdout_of(zhibiao().current_dir(dir.path()).args(args))
    };
    let jia = explain("甲区");
    let lines = [
        "  B1 行政机关负责人出庭应诉率: 19/21 = 90.48%,目标 ≥ 95%,低 4.52 个百分点 → 扣 2.5 分,得 7.5 分(规则: ≥95%得满分,每低1个百分点扣0.5分,\
         不足1个百分点按1个百分点计,扣完为止;读自评分标准 tree.csv!F4“出庭应诉率达到95%得满分，每低1个百分点扣0.5分，不足1个百分点按1个计，扣完为止”)\
         ;自填得分 8(scores.csv!F4)与计算结果不符",
        "  A2 合法性审核率: 9/10 = 90%,目标 ≥ 100%,低 1 件 → 扣 2 分,得 8 分(规则: ≥100%得满分,每少1件扣2分,不足一步的按比例计,扣完为止;方案第 2 行)",
        "  B2 行政复议办理率: 92.5%,目标 ≥ 95%,低 2.5 个百分点 → 扣 5 分,得 5 分(规则: ≥95%得满分,≥90%得50%的分值,否则不得分;方案第 5 行)",
        "  C1 提案办结率: 9/10 = 90%,目标 ≥ 本轮各单位平均值 (85%),已达到 → 得 10 分(规则: ≥本轮各单位平均值得满分,否则不得分;\
         读自评分标准 tree.csv!F6“办结率低于全市平均水平的不得分”)",
        "  C2 行政诉讼败诉率: 1/10 = 10%,目标 ≤ 5%,超 5 个百分点 → 扣 3 分,得 2 分(规则: ≤5%得满分,每超1个百分点扣1分,不足一步的按比例计,最多扣3分,\
         分母为0的不涉及;读自评分标准 tree.csv!F7“败诉率不超过5%得满分，每超过1个百分点扣1分，最多扣3分；分母为0的不涉及”)",
    ];
    assert!(jia.contains("定量指标(按数值计分):\n"), "{jia}");
    for line in lines {
        assert!(jia.lines().any(|l| l == line), "{line}\n---\n{jia}");
    }
    let yi = explain("乙区");
    assert!(yi.lines().any(|l| l.starts_with("  C2 行政诉讼败诉率: 0/0(分母为 0),目标 ≤ 5%,→ 不涉及(")), "{yi}");
    let bing = explain("丙区");
    assert!(bing.lines().any(|l| l.starts_with("  C1 提案办结率: 17/20 = 85%,目标 ≥ 本轮各单位平均值 (85%),已达到 → 得 10 分")), "{bing}");
    assert!(bing.lines().any(|l| l.starts_with("  A2 合法性审核率: 3/10 = 30%,目标 ≥ 100%,低 7 件 → 扣 10 分,得 0 分")), "{bing}");
}

#[test]
fn figures_that_cannot_be_scored_are_errors_at_their_cells() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "tree.csv", TREE);
    // Without the scheme B2 has no rule.
    let scores = "单位,编号,分子,分母,数值,得分
甲区,A1,21,20,,
甲区,A2,9.5,10,,
甲区,B1,,,,8
甲区,B2,,,92.5,
甲区,C1,9,,,
甲区,C2,1,10,,
乙区,B1,0,0,,
乙区,A1,,,优,
";
    write(dir.path(), "scores.csv", scores);
    let output = expect(zhibiao().current_dir(dir.path()).args(["score", "--tree", "tree.csv", "scores.csv"]), 1);
    let stderr = String::from_utf8_lossy(&output.stderr);
    for line in [
        "  scores.csv!C2: 指标 A1 的分子 21 大于分母 20",
        "  scores.csv!C3: 指标 A2 的件数 9.5 不是整数",
        "  scores.csv!C4: 指标 B1 按数值计分,应填写分子和分母(或数值),得分由程序计算: 此处只填了得分",
        "  scores.csv!E5: 指标 B2 填写了数值,但没有定量规则(评分标准未写明,方案 [quant] 中也没有),无法计分",
        "  scores.csv!D6: 指标 C1 的分子和分母须同时填写",
        "  scores.csv!C8: 指标 B1 的分母为 0,而规则未写明此时如何计分(如“分母为0的不涉及”): 请填写,或在方案中写明 when_none",
        "  scores.csv!E9: “优”不是数值",
    ] {
        assert!(stderr.lines().any(|l| l == line), "{line}\n---\n{stderr}");
    }
}

/// The targets the seed documents print, as item texts and as scoring standards of a published
/// table: read into rules where the table says how they score, refused with their cell where not.
/// 001 (a city plan, in traditional characters): 出庭應訴率達到95%以上, 報備率、及時率、規范率達到100%,
/// 重大決策合法性論證率達100%; 002 (a district's self-assessment): 合法性审核率达100%, 办结率及满意率均为
/// 100%; 003: 行政诉讼败诉率高于全国平均值的县(市)要作出说明.
#[test]
fn the_seed_texts_are_read_or_refused_with_their_cells() {
    let dir = tempfile::tempdir().unwrap();
    let rows: &[&[&str]] = &[
        &["编号", "一级指标", "二级指标", "三级指标", "分值", "评分标准"],
        &[
            "S1",
            "一、依法行政",
            "(一)行政应诉",
            "行政機關負責人出庭應訴率達到95%以上",
            "10",
            "出庭應訴率每低1個百分點扣0.5分，不足1個百分點按1個計，扣完為止",
        ],
        &["S2", "", "(二)规范性文件", "规范性文件备案审查", "10", "確保規范性文件的報備率、及時率、規范率達到100%"],
        &["S3", "", "", "重大決策合法性論證", "10", "重大決策合法性論證率達100%"],
        &["S4", "", "", "行政规范性文件的合法性审核率达100%", "10", "合法性审核率达100%的得满分，每少1件扣1分"],
        &["S5", "二、监督", "(一)人大政协监督", "提案办理", "10", "人大、政协提案办结率及满意率均为100%"],
        &["S6", "", "(二)司法监督", "行政诉讼败诉", "10", "行政诉讼败诉率高于全国平均值的县(市)政府要向州政府作出说明"],
        &["S7", "", "", "出庭应诉率较上年提高", "10", "高于上年的得满分，持平得一半"],
    ];
    write_xlsx(dir.path(), "tree.xlsx", "评分细则", rows);
    let output = expect(zhibiao().current_dir(dir.path()).args(["check", "tree.xlsx"]), 0);
    let (stdout, stderr) = (String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    for line in [
        "定量规则 S1: ≥95%得满分,每低1个百分点扣0.5分,不足1个百分点按1个百分点计,扣完为止\
         (读自 tree.xlsx!评分细则!F2“出庭應訴率每低1個百分點扣0.5分，不足1個百分點按1個計，扣完為止”)",
        "定量规则 S4: ≥100%得满分,每少1件扣1分,不足一步的按比例计,扣完为止(读自 tree.xlsx!评分细则!F5“合法性审核率达100%的得满分，每少1件扣1分”)",
        "定量规则 S7: >上年数值得满分,=上年数值得50%的分值,否则不得分(读自 tree.xlsx!评分细则!F8“高于上年的得满分，持平得一半”)",
    ] {
        assert!(stdout.lines().any(|l| l == line), "{line}\n---\n{stdout}");
    }
    let refused = |cell: &str, code: &str, why: &str| format!("警告: tree.xlsx!评分细则!{cell}: 指标 {code} 的评分标准像是定量规则,但未能读出({why}");
    for (cell, code, why) in [
        ("F3", "S2", "一项指标写了多个比率(確保规范性文件的报备率、及時率、规范率)"),
        ("F4", "S3", "只写了目标,没有写未达到时如何计分"),
        ("F6", "S5", "一项指标写了多个比率(人大、政协提案办结率及满意率均)"),
        ("F7", "S6", "全国平均不是本轮各单位的数值"),
    ] {
        let start = refused(cell, code, why);
        assert!(stderr.lines().any(|l| l.starts_with(&start)), "{start}\n---\n{stderr}");
    }
    assert_eq!(stderr.lines().count(), 4, "{stderr}");

    // Scored from figures: S1 19/21 loses 5 whole steps of 0.5 (7.5), S4 18/20 two cases (8), S7 (this
    // run has no last year: the scheme gives it a target) 9/10: 10; the others as typed.
    // 7.5 + 10 + 9 + 8 + 10 + 10 + 10 = 64.5 of 70: 92.142… → 92.1.
    write(dir.path(), "s.toml", "[quant.S7]\nrule = \"出庭应诉率达到90%得满分，否则不得分\"\n");
    let scores: &[&[&str]] = &[
        &["单位", "编号", "分子", "分母", "得分"],
        &["甲区", "S1", "19", "21", ""],
        &["甲区", "S2", "", "", "10"],
        &["甲区", "S3", "", "", "9"],
        &["甲区", "S4", "18", "20", ""],
        &["甲区", "S5", "", "", "10"],
        &["甲区", "S6", "", "", "10"],
        &["甲区", "S7", "9", "10", ""],
    ];
    write_xlsx(dir.path(), "甲区.xlsx", "评分表", scores);
    let output =
        expect(zhibiao().current_dir(dir.path()).args(["score", "--tree", "tree.xlsx", "--scheme", "s.toml", "甲区.xlsx", "--format", "json"]), 0);
    let json = json_of(&output.stdout);
    let jia = unit(&json, "甲区");
    assert_eq!(scores_of(jia), ["7.5", "10", "9", "8", "10", "10", "10"]);
    assert_eq!((jia["raw"].as_str(), jia["score"].as_str()), (Some("64.5"), Some("92.1")));
    let explain =
        stdout_of(zhibiao().current_dir(dir.path()).args(["explain", "--tree", "tree.xlsx", "--scheme", "s.toml", "甲区.xlsx", "--unit", "甲区"]));
    assert!(explain.contains("  S1 行政機關負責人出庭應訴率達到95…: 19/21 = 90.48%,目标 ≥ 95%,低 4.52 个百分点 → 扣 2.5 分,得 7.5 分"), "{explain}");
}

#[test]
fn the_result_workbook_shows_how_each_figure_was_scored() {
    let dir = setup();
    let out = dir.path().join("结果.xlsx");
    let args = ["score", "--tree", "tree.csv", "--scheme", "quant.toml", "scores.csv", "--out"];
    expect(zhibiao().current_dir(dir.path()).args(args).arg(&out), 0);
    let book = crate::support::read_book(&out, zhibiao::grid::Which::Named("明细"));
    let sheet = &book.sheets[0];
    let text = |r: usize, c: usize| sheet.text(r, c).map(|t| t.into_owned()).unwrap_or_default();
    assert_eq!((text(0, 6), text(0, 13)), ("得分".to_string(), "计算过程".to_string()));
    // The figures as reported, and the rate: read back as last year's.
    assert_eq!((10..13).map(|c| text(3, c)).collect::<Vec<_>>(), ["19", "21", "90.4761904761905"]);
    // Units in rank order (甲区 73.6, 丙区 70.5, 乙区 60), items in tree order: 甲区's B1 is row 3.
    assert_eq!((text(3, 0), text(3, 1), text(3, 6)), ("甲区".to_string(), "B1".to_string(), "7.5".to_string()));
    assert!(
        text(3, 13).starts_with("B1 行政机关负责人出庭应诉率: 19/21 = 90.48%,目标 ≥ 95%,低 4.52 个百分点 → 扣 2.5 分,得 7.5 分(规则: "),
        "{}",
        text(3, 13)
    );
    assert!(text(8, 13).starts_with("A2 合法性审核率: 3/10 = 30%,目标 ≥ 100%,低 7 件 → 扣 10 分,得 0 分"), "{}", text(8, 13));
}

/// The sheet's XML as the template writes it.
fn sheet_xml(path: &Path) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut xml = String::new();
    zip.by_name("xl/worksheets/sheet1.xml").unwrap().read_to_string(&mut xml).unwrap();
    xml
}

#[test]
fn templates_take_the_figures_of_the_items_scored_from_them() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "tree.csv", TREE);
    let args = ["template", "--tree", "tree.csv", "--by", "unit", "--units", "甲区", "--figures", "--out", "forms"];
    expect(zhibiao().current_dir(dir.path()).args(args), 0);
    let form = dir.path().join("forms/甲区.xlsx");
    let book = crate::support::read_book(&form, zhibiao::grid::Which::First);
    let sheet = &book.sheets[0];
    let header: Vec<String> = (0..11).map(|c| sheet.text(1, c).map(|t| t.into_owned()).unwrap_or_default()).collect();
    assert_eq!(header, ["编号", "一级指标", "二级指标", "三级指标", "分值", "评分标准", "分子", "分母", "自评得分", "扣分原因", "佐证材料"]);
    let xml = sheet_xml(&form);
    // A1 (row 3) takes whole counts, 分子 ≤ 分母; B2 (row 6), without a rule, a score from its list.
    assert!(xml.contains(r#"sqref="G3"><formula1>AND(INT(G3)=G3,G3&gt;=0,OR(H3="",G3&lt;=H3))</formula1>"#), "{xml}");
    assert!(xml.contains(r#"sqref="H3"><formula1>AND(INT(H3)=H3,H3&gt;=0,OR(G3="",G3&lt;=H3))</formula1>"#), "{xml}");
    assert!(!xml.contains(r#"sqref="I3""#) && xml.contains(r#"sqref="I6""#), "{xml}");
    assert!(!xml.contains(r#"sqref="G6""#), "{xml}");

    // Filled in as the template lays it out, the form scores: A1 18/20 → 8, A2 10/10 → 10, B1 19/21 →
    // 7.5, B2 typed 9, C1 the only unit: at the mean, 10, C2 0/0 不涉及. 44.5 / 50 = 89.
    let filled: &[&[&str]] = &[
        &["法治政府建设评分表(被评估单位: 甲区)"],
        &header.iter().map(String::as_str).collect::<Vec<_>>(),
        &["A1", "一、制度建设", "(一)规范性文件", "规范性文件报备率", "10", "", "18", "20", "", "", ""],
        &["A2", "", "", "合法性审核率", "10", "", "10", "10", "", "", ""],
        &["B1", "二、依法行政", "(一)行政应诉", "行政机关负责人出庭应诉率", "10", "", "19", "21", "", "", ""],
        &["B2", "", "", "行政复议办理率", "10", "", "", "", "9", "", ""],
        &["C1", "三、监督", "(一)办结", "提案办结率", "10", "", "9", "10", "", "", ""],
        &["C2", "", "", "行政诉讼败诉率", "5", "", "0", "0", "", "", ""],
    ];
    write_xlsx(dir.path(), "甲区-已填.xlsx", "评分表", filled);
    let args = ["score", "--tree", "tree.csv", "--unit", "甲区", "甲区-已填.xlsx", "--format", "json"];
    let json = json_of(&expect(zhibiao().current_dir(dir.path()).args(args), 0).stdout);
    let jia = unit(&json, "甲区");
    assert_eq!(scores_of(jia), ["8", "10", "7.5", "9", "10", "不涉及"]);
    assert_eq!((jia["raw"].as_str(), jia["max"].as_str(), jia["score"].as_str()), (Some("44.5"), Some("50"), Some("89.0")));
}

#[test]
fn a_scheme_writes_rules_key_by_key_and_its_mistakes_are_named_at_their_lines() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "tree.csv", "编号,一级指标,二级指标,三级指标,分值\nD1,一、诉讼,(一)败诉,行政诉讼败诉案件,5\nD2,,,行政复议纠错率,5\n");
    // D1 counts cases, less is better; D2 rounds its rate to one decimal first, and a 分母 of 0 earns it all.
    let scheme = r#"[quant.D1]
target = "≤2件"
deduct = 1

[quant.D2]
target = "≥90.5%"
deduct = 1
per = "1个百分点"
part = "whole"
decimals = 1
when_none = "full"
"#;
    write(dir.path(), "s.toml", scheme);
    // 甲区: 5 cases, 3 over: 2. 1809/2000 = 90.45 % is 90.5 to one decimal (四舍五入): met, 5 (unrounded it
    // would be 0.05 short, a whole step: 4). 乙区: 2 cases, on the target: 5; 0/0: 5.
    write(dir.path(), "scores.csv", "单位,编号,分子,分母,数值\n甲区,D1,,,5\n甲区,D2,1809,2000,\n乙区,D1,,,2\n乙区,D2,0,0,\n");
    let args = ["score", "--tree", "tree.csv", "--scheme", "s.toml", "scores.csv", "--format", "json"];
    let json = json_of(&expect(zhibiao().current_dir(dir.path()).args(args), 0).stdout);
    assert_eq!((scores_of(unit(&json, "甲区")), unit(&json, "甲区")["exact"].as_str()), (vec!["2".to_string(), "5".into()], Some("70")));
    assert_eq!((scores_of(unit(&json, "乙区")), unit(&json, "乙区")["exact"].as_str()), (vec!["5".to_string(), "5".into()], Some("100")));
    let explain =
        stdout_of(zhibiao().current_dir(dir.path()).args(["explain", "--tree", "tree.csv", "--scheme", "s.toml", "scores.csv", "--unit", "甲区"]));
    assert!(
        explain.contains(
            "  D1 行政诉讼败诉案件: 5 件,目标 ≤ 2 件,超 3 件 → 扣 3 分,得 2 分(规则: ≤2件得满分,每多1件扣1分,不足一步的按比例计,扣完为止;方案第 1 行)"
        ),
        "{explain}"
    );
    assert!(explain.contains("  D2 行政复议纠错率: 1809/2000 = 90.5%,目标 ≥ 90.5%,已达到 → 得 5 分"), "{explain}");
    write(dir.path(), "half.csv", "单位,编号,分子,分母,数值\n丙区,D1,,,2.5\n丙区,D2,1,2,\n");
    let output = expect(zhibiao().current_dir(dir.path()).args(["score", "--tree", "tree.csv", "--scheme", "s.toml", "half.csv"]), 1);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("  half.csv!E2: 指标 D1 的件数 2.5 不是整数"), "{stderr}");

    let bad = r#"[quant.D1]
target = "≥95%"
part = "whole-ish"

[quant.Z9]
target = "≥1%"

[quant.D2]
rule = "出庭应诉率达到95%以上"
trget = 3
"#;
    write(dir.path(), "bad.toml", bad);
    let output = expect(zhibiao().current_dir(dir.path()).args(["score", "--tree", "tree.csv", "--scheme", "bad.toml", "scores.csv"]), 1);
    let stderr = String::from_utf8_lossy(&output.stderr);
    for line in [
        "  bad.toml:3: quant.D1: “whole-ish”不是可选值之一(whole, pro_rata, drop)",
        "  bad.toml:5: quant.Z9: 定量规则“Z9”不是指标体系中的三级指标",
        "  bad.toml:9: quant.D2: 只写了目标,没有写未达到时如何计分(如“否则不得分”“每低1个百分点扣0.5分”)",
        "  bad.toml:10: quant.D2.trget: 评分方案没有这个键,是否应为 target?",
    ] {
        assert!(stderr.lines().any(|l| l == line), "{line}\n---\n{stderr}");
    }
}

/// Last year: P1 against a fixed 95 %, P2 a count of at most 2 cases (1 point a case over).
const LAST_TREE: &str = "编号,一级指标,二级指标,三级指标,分值,评分标准
P1,一、应诉,(一)出庭,出庭应诉率,10,出庭应诉率达到95%得满分，否则不得分
P2,,,败诉案件,10,
";
const LAST_SCHEME: &str = "[quant.P2]\ntarget = \"≤2件\"\ndeduct = 1\n";
/// 甲区 18/20 = 90 %: 0; 3 cases, 1 over: 9. 乙区 19/20 = 95 %: 10; 1 case: 10. 丙区 9/10 = 90 %: 0; 2 cases: 10.
const LAST_SCORES: &str = "单位,编号,分子,分母,数值\n甲区,P1,18,20,\n甲区,P2,,,3\n乙区,P1,19,20,\n乙区,P2,,,1\n丙区,P1,9,10,\n丙区,P2,,,2\n";

/// This year P1 is scored against last year's rate by its 评分标准, P2 against last year's count by the scheme.
const THIS_TREE: &str = "编号,一级指标,二级指标,三级指标,分值,评分标准
P1,一、应诉,(一)出庭,出庭应诉率较上年提高,10,高于上年的得满分，持平得一半，低于上年不得分
P2,,,败诉案件,10,
";
const THIS_SCHEME: &str = "[quant.P2]\ntarget = \"不高于上年\"\nmeasure = \"count\"\nmissed = 4\n";

/// Last year's result workbook, written by a run of last year's files.
fn last_year(dir: &Path) {
    std::fs::create_dir(dir.join("last")).unwrap();
    write(dir, "last/tree.csv", LAST_TREE);
    write(dir, "last/s.toml", LAST_SCHEME);
    write(dir, "last/scores.csv", LAST_SCORES);
    let args = ["score", "--tree", "last/tree.csv", "--scheme", "last/s.toml", "last/scores.csv", "--out", "last.xlsx"];
    expect(zhibiao().current_dir(dir).args(args), 0);
    write(dir, "tree.csv", THIS_TREE);
    write(dir, "s.toml", THIS_SCHEME);
}

#[test]
fn last_year_s_figures_are_carried_by_the_workbook_and_scored_against() {
    let dir = tempfile::tempdir().unwrap();
    last_year(dir.path());
    // 明细 carries each unit's figures: 甲区 (rank 3 of last year: 45) P1 is row 6, P2 row 7.
    let book = crate::support::read_book(&dir.path().join("last.xlsx"), zhibiao::grid::Which::Named("明细"));
    let sheet = &book.sheets[0];
    let text = |r: usize, c: usize| sheet.text(r, c).map(|t| t.into_owned()).unwrap_or_default();
    assert_eq!((10..14).map(|c| text(0, c)).collect::<Vec<_>>(), ["分子", "分母", "数值", "计算过程"]);
    assert_eq!((0..2).chain(10..13).map(|c| text(5, c)).collect::<Vec<_>>(), ["甲区", "P1", "18", "20", "90"]);
    assert_eq!((0..2).chain(10..13).map(|c| text(6, c)).collect::<Vec<_>>(), ["甲区", "P2", "", "", "3"]);

    // 甲区 19/21 = 90.476…% > 90: 10; 3 cases, not above 3: 10. 20 → 100.
    // 乙区 38/40 = 95 %, level with 19/20: half, 5; 2 cases > 1: 10 − 4 = 6. 11 → 55.
    // 丙区 8/10 = 80 % < 90: 0; 0 cases: 10. 10 → 50.
    write(
        dir.path(),
        "scores.csv",
        "单位,编号,分子,分母,数值\n甲区,P1,19,21,\n甲区,P2,,,3\n乙区,P1,38,40,\n乙区,P2,,,2\n丙区,P1,8,10,\n丙区,P2,,,0\n",
    );
    let args = ["score", "--tree", "tree.csv", "--scheme", "s.toml", "--previous", "last.xlsx", "scores.csv", "--format", "json"];
    let json = json_of(&expect(zhibiao().current_dir(dir.path()).args(args), 0).stdout);
    for (name, scores, exact) in [("甲区", ["10", "10"], "100"), ("乙区", ["5", "6"], "55"), ("丙区", ["0", "10"], "50")] {
        assert_eq!((scores_of(unit(&json, name)), unit(&json, name)["exact"].as_str()), (scores.map(String::from).to_vec(), Some(exact)), "{name}");
    }
    let args = ["explain", "--tree", "tree.csv", "--scheme", "s.toml", "--previous", "last.xlsx", "scores.csv", "--unit", "乙区"];
    let explain = stdout_of(zhibiao().current_dir(dir.path()).args(args));
    for line in [
        "  P1 出庭应诉率较上年提高: 38/40 = 95%,目标 > 上年数值 (95%),与目标持平 → 扣 5 分,得 5 分(规则: >上年数值得满分,=上年数值得50%的分值,否则不得分;\
         读自评分标准 tree.csv!F2“高于上年的得满分，持平得一半，低于上年不得分”)",
        "  P2 败诉案件: 2 件,目标 ≤ 上年数值 (1 件),超 1 件 → 扣 4 分,得 6 分(规则: ≤上年数值得满分,未达到扣4分;方案第 1 行)",
    ] {
        assert!(explain.lines().any(|l| l == line), "{line}\n---\n{explain}");
    }
}

#[test]
fn a_unit_without_last_year_s_figure_is_an_error_at_its_cell() {
    let dir = tempfile::tempdir().unwrap();
    last_year(dir.path());
    // 丁区 was not scored last year; without --previous no unit has a figure of last year.
    write(dir.path(), "scores.csv", "单位,编号,分子,分母,数值\n甲区,P1,19,21,\n丁区,P1,1,2,\n丁区,P2,,,0\n");
    let args = ["score", "--tree", "tree.csv", "--scheme", "s.toml", "--previous", "last.xlsx", "scores.csv"];
    let stderr = String::from_utf8_lossy(&expect(zhibiao().current_dir(dir.path()).args(args), 1).stderr).into_owned();
    for line in [
        "  scores.csv!C3: 丁区 的指标 P1 与上年比较计分,但上年结果 last.xlsx 的明细中没有其分子/分母或数值",
        "  scores.csv!E4: 丁区 的指标 P2 与上年比较计分,但上年结果 last.xlsx 的明细中没有其分子/分母或数值",
    ] {
        assert!(stderr.lines().any(|l| l == line), "{line}\n---\n{stderr}");
    }
    assert!(!stderr.contains("甲区 的指标 P1"), "{stderr}");
    let args = ["score", "--tree", "tree.csv", "--scheme", "s.toml", "scores.csv"];
    let stderr = String::from_utf8_lossy(&expect(zhibiao().current_dir(dir.path()).args(args), 1).stderr).into_owned();
    let line = "  scores.csv!C2: 指标 P1 与上年比较计分,需要上年的结果工作簿(命令行 --previous,页面的“上年结果”)";
    assert!(stderr.lines().any(|l| l == line), "{line}\n---\n{stderr}");
}

/// Steps counted in pieces, read from the 评分标准: K1 from none, K2 up to a count, K3 down to one
/// (2 cases a step, pro rata, 扣完为止); K4 deducts per thing found wanting and is typed.
#[test]
fn steps_in_pieces_are_read_from_the_text_and_scored() {
    let dir = tempfile::tempdir().unwrap();
    let tree = "编号,一级指标,二级指标,三级指标,分值,评分标准
K1,一、诉讼,(一)败诉,行政诉讼败诉案件,10,每发生1起扣2分
K2,,(二)报送,规范性文件报送,10,报送不少于5件，每少报1件扣1分
K3,,,超期办结案件,5,超期案件不超过2件，每超过2件扣1分，扣完为止
K4,,,备案审查,10,每发现一件未经审查的扣1分
";
    write(dir.path(), "tree.csv", tree);
    let check = stdout_of(zhibiao().current_dir(dir.path()).args(["check", "tree.csv"]));
    for line in [
        "定量规则 K1: ≤0件得满分,每多1件扣2分,不足一步的按比例计,扣完为止(读自 tree.csv!F2“每发生1起扣2分”)",
        "定量规则 K2: ≥5件得满分,每少1件扣1分,不足一步的按比例计,扣完为止(读自 tree.csv!F3“报送不少于5件，每少报1件扣1分”)",
        "定量规则 K3: ≤2件得满分,每多2件扣1分,不足一步的按比例计,扣完为止(读自 tree.csv!F4“超期案件不超过2件，每超过2件扣1分，扣完为止”)",
    ] {
        assert!(check.lines().any(|l| l == line), "{line}\n---\n{check}");
    }
    assert!(!check.contains("定量规则 K4"), "{check}");
    // 甲区: none, 5 exactly, 2 exactly: 10 + 10 + 5, K4 8: 33 of 35 → 94.3.
    // 乙区: 3 cases, 6 off: 4; 2 of 5, 3 short: 7; 5, 3 over is 1.5 steps: 3.5; 8: 22.5 → 64.3.
    // 丙区: 6 cases, 12 off 10: 0; none, 5 short: 5; 3, half a step: 4.5; 8: 17.5 → 50.
    let scores = "单位,编号,数值,得分\n甲区,K1,0,\n甲区,K2,5,\n甲区,K3,2,\n甲区,K4,,8\n乙区,K1,3,\n乙区,K2,2,\n乙区,K3,5,\n乙区,K4,,8\n丙区,K1,6,\n丙区,K2,0,\n丙区,K3,3,\n丙区,K4,,8\n";
    write(dir.path(), "scores.csv", scores);
    let json = json_of(&expect(zhibiao().current_dir(dir.path()).args(["score", "--tree", "tree.csv", "scores.csv", "--format", "json"]), 0).stdout);
    for (name, scores, score) in
        [("甲区", ["10", "10", "5", "8"], "94.3"), ("乙区", ["4", "7", "3.5", "8"], "64.3"), ("丙区", ["0", "5", "4.5", "8"], "50.0")]
    {
        assert_eq!((scores_of(unit(&json, name)), unit(&json, name)["score"].as_str()), (scores.map(String::from).to_vec(), Some(score)), "{name}");
    }
    let explain = stdout_of(zhibiao().current_dir(dir.path()).args(["explain", "--tree", "tree.csv", "scores.csv", "--unit", "丙区"]));
    assert!(explain.lines().any(|l| l.starts_with("  K1 行政诉讼败诉案件: 6 件,目标 ≤ 0 件,超 6 件 → 扣 10 分,得 0 分")), "{explain}");

    // The template gives a count its 数值 cell, whole numbers from 0; 分子 and 分母 are shut.
    let args = ["template", "--tree", "tree.csv", "--by", "unit", "--units", "乙区", "--figures", "--out", "forms"];
    expect(zhibiao().current_dir(dir.path()).args(args), 0);
    let form = dir.path().join("forms/乙区.xlsx");
    let book = crate::support::read_book(&form, zhibiao::grid::Which::First);
    let header: Vec<String> = (0..12).map(|c| book.sheets[0].text(1, c).map(|t| t.into_owned()).unwrap_or_default()).collect();
    assert_eq!(header, ["编号", "一级指标", "二级指标", "三级指标", "分值", "评分标准", "分子", "分母", "数值", "自评得分", "扣分原因", "佐证材料"]);
    let xml = sheet_xml(&form);
    assert!(xml.contains(r#"sqref="I3"><formula1>AND(INT(I3)=I3,I3&gt;=0)</formula1>"#), "{xml}");
    assert!(!xml.contains(r#"sqref="G3""#) && !xml.contains(r#"sqref="J3""#) && xml.contains(r#"sqref="J6""#), "{xml}");
    // Filled in as laid out, it scores as the csv did.
    let filled: &[&[&str]] = &[
        &["法治政府建设评分表(被评估单位: 乙区)"],
        &header.iter().map(String::as_str).collect::<Vec<_>>(),
        &["K1", "一、诉讼", "(一)败诉", "行政诉讼败诉案件", "10", "", "", "", "3", "", "", ""],
        &["K2", "", "(二)报送", "规范性文件报送", "10", "", "", "", "2", "", "", ""],
        &["K3", "", "", "超期办结案件", "5", "", "", "", "5", "", "", ""],
        &["K4", "", "", "备案审查", "10", "", "", "", "", "8", "", ""],
    ];
    write_xlsx(dir.path(), "乙区-已填.xlsx", "评分表", filled);
    let args = ["score", "--tree", "tree.csv", "--unit", "乙区", "乙区-已填.xlsx", "--format", "json"];
    let json = json_of(&expect(zhibiao().current_dir(dir.path()).args(args), 0).stdout);
    assert_eq!(scores_of(unit(&json, "乙区")), ["4", "7", "3.5", "8"]);
}

/// Every target the seed documents set in per cent (001 in traditional characters, 002, 003), as
/// written: as a 评分标准 alone each is refused at its cell (they are plans: none says what a unit
/// short of it gets); as an item's text under a standard that does ("每低1个百分点扣1分"), each that
/// names one rate is read into a rule with its target.
#[test]
fn every_seed_target_is_read_into_a_rule_or_refused_with_its_cell() {
    let only_target = "只写了目标,没有写未达到时如何计分";
    let seeds: &[(&str, Result<&str, &str>)] = &[
        (
            "行政審批事項進駐行政服務中心率、行政審批按時辦結率、行政審批網上公開運行率均達到100%",
            Err("一项指标写了多个比率(行政审批事项進駐行政服務中心率、行政审批按時辦结率、行政审批網上公開運行率均)"),
        ),
        ("重大決策合法性論證率達100%", Ok("≥100%")),
        ("涉及經濟社會發展和人民群眾切身利益的重大政策、重大項目等決策事項的依法組織聽證率達100%", Ok("≥100%")),
        ("重大行政違法行為查處和責任追究率達到100%", Ok("≥100%")),
        ("行政機關對人民法院依法作出的生效行政判決和裁定的自覺履行率達100%", Ok("≥100%")),
        ("行政機關負責人出庭應訴率達到95%以上", Ok("≥95%")),
        ("以到2015年底群體性事件總量下降50%為目標", Ok("≥50%")),
        ("所占分值不低于考評總分數的15%", Ok("≥15%")),
        ("公眾對依法行政工作滿意度逐年提高", Ok(">上年数值")),
        ("自查覆盖率达到了100%", Ok("≥100%")),
        ("行政规范性文件的合法性审核率达100%", Ok("≥100%")),
        ("人民群众满意度达到90%以上", Ok("≥90%")),
        ("人大、政协提案办结率及满意率均为100%", Err("一项指标写了多个比率(人大、政协提案办结率及满意率均)")),
        ("行政机关工作人员出庭率100%", Ok("≥100%")),
        ("对符合法定条件要求的依申请公开政府信息的答复率达100%", Ok("≥100%")),
        ("务必完成2023年度20%的村级专职人民调解员配备工作任务", Ok("≥20%")),
        ("行政诉讼败诉率高于全国平均值的县(市)政府要向州政府作出说明", Err("全国平均不是本轮各单位的数值")),
    ];
    let dir = tempfile::tempdir().unwrap();
    let mut tree = String::from("编号,一级指标,二级指标,三级指标,分值,评分标准\n");
    for (n, (seed, _)) in seeds.iter().enumerate() {
        let (group, sub) = if n == 0 { ("一、目标", "(一)目标") } else { ("", "") };
        tree += &format!("T{n},{group},{sub},目标{n},10,{seed}\nR{n},,,{seed},10,每低1个百分点扣1分，扣完为止\n");
    }
    write(dir.path(), "tree.csv", &tree);
    let output = expect(zhibiao().current_dir(dir.path()).args(["check", "tree.csv"]), 0);
    let (stdout, stderr) = (String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    for (n, (_, read)) in seeds.iter().enumerate() {
        let alone = format!("警告: tree.csv!F{}: 指标 T{n} 的评分标准像是定量规则,但未能读出({}", 2 * n + 2, read.err().unwrap_or(only_target));
        assert!(stderr.lines().any(|l| l.starts_with(&alone)), "{alone}\n---\n{stderr}");
        let under = match read {
            Ok(target) => format!("定量规则 R{n}: {target}得满分,每低1个百分点扣1分,不足一步的按比例计,扣完为止(读自 tree.csv!F{}", 2 * n + 3),
            Err(why) => format!("警告: tree.csv!F{}: 指标 R{n} 的评分标准像是定量规则,但未能读出({why}", 2 * n + 3),
        };
        assert!(stdout.lines().chain(stderr.lines()).any(|l| l.starts_with(&under)), "{under}\n---\n{stdout}{stderr}");
    }
    assert_eq!(stderr.lines().filter(|l| l.starts_with("警告")).count(), seeds.len() + 3, "{stderr}");
}
