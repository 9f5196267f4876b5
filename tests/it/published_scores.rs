//! Score sheets as offices return them, in the published table's own words (issue 25 §1, §2, §6):
//! items named by their printed numbering or their text as a clerk copies it, score columns as
//! offices name them (自评分, 考核分, 评估得分 …), wide sheets under the published header, deduction
//! lists (扣分明细), and the columns named by hand when the header says nothing the reader knows.
//! Each fixture follows a published table (named at its test); every result is worked out by hand.

use serde_json::Value;

use crate::support::{expect, json_of, zhibiao};

const DIR: &str = "tests/fixtures/published_scores";

fn path(name: &str) -> String {
    format!("{DIR}/{name}")
}

/// A unit's result: unit, raw, max, score, rank, 达标.
type Result = (String, String, String, String, u64, bool);

/// Every unit's result, from `score --format json`, and the warnings.
fn scored(args: &[&str]) -> (Vec<Result>, Vec<String>) {
    let output = expect(zhibiao().args(["score", "--format", "json"]).args(args), 0);
    let json = json_of(&output.stdout);
    let field = |u: &Value, k: &str| u[k].as_str().unwrap().to_string();
    let units = json["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            (field(u, "unit"), field(u, "raw"), field(u, "max"), field(u, "score"), u["rank"].as_u64().unwrap(), u["eligible"].as_bool().unwrap())
        })
        .collect();
    let warnings = json["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| format!("{}: {}", w["location"].as_str().unwrap_or(""), w["message"].as_str().unwrap()))
        .collect();
    (units, warnings)
}

fn unit(name: &str, raw: &str, max: &str, score: &str, rank: u64, eligible: bool) -> Result {
    (name.into(), raw.into(), max.into(), score.into(), rank, eligible)
}

/// The error lines of a refused run (exit 1).
fn refused(args: &[&str]) -> Vec<String> {
    let output = expect(zhibiao().arg("score").args(args), 1);
    let stderr = String::from_utf8(output.stderr).unwrap();
    let errors = stderr.split_once("个问题\n").map_or("", |(_, e)| e);
    errors.lines().map(|l| l.trim().to_string()).collect()
}

/// 陕西省中小学依法治校示范校评估指标 (一级指标 A1…, 二级指标 B1…B20 with the key indicator *B14, 分值):
/// the assessment group's summary with one column per school (宽表, .ods written by LibreOffice), the
/// published header above the scores, items named by the 序号 as printed (*B14) and the text copied
/// with its stop or brackets changed, a 合计 row under them. By hand:
/// 城关中学 3+2+2+1.5+3+2+3+2.5 = 19 of 20 → 95.0; 东关小学 2+2+1+2+3+1+2+3 = 16 of 20 → 80.0;
/// 西街小学 3+1.5+2+2+2.5+2+3 = 16 of 20 − 3 (B14 不涉及) = 17 → 94.117… → 94.1.
#[test]
fn a_wide_ods_sheet_under_the_published_header_with_starred_numbers() {
    let (units, warnings) = scored(&["--tree", &path("陕西-依法治校示范校评估指标.csv"), &path("陕西-评估得分汇总-宽表.ods")]);
    assert_eq!(
        units,
        [
            unit("城关中学", "19", "20", "95.0", 1, true),
            unit("西街小学", "16", "17", "94.1", 2, true),
            unit("东关小学", "16", "20", "80.0", 3, false)
        ]
    );
    assert_eq!(
        warnings,
        [format!(
            "{}!陕西-评估得分汇总!E2: 按宽表读取: 每行一项指标,每列一个单位(表头中的单位: 城关中学、东关小学、西街小学)",
            path("陕西-评估得分汇总-宽表.ods")
        )]
    );
}

/// 四会市东城街道周开泉小学申报广东省依法治校示范校自评得分及说明 (序号 | 一级指标 | 分值 | 二级指标 | 分值 |
/// 三级指标 | 分值 | 认定标准 | 得分说明 | 佐证材料目录索引 | 自评分), saved as .xls: three 分值 columns, the
/// items' text with their numbering glued on ("1.1.1内容合法、制定程序完备") against a tree without it.
/// By hand: 3+2+1+1+2+2+2+0.5 = 13.5 of 15 → 90.0, which reaches 90 (inclusive).
#[test]
fn an_xls_self_assessment_in_the_published_columns() {
    let args = ["--tree", &path("广东-依法治校示范校指标.csv"), "--unit", "四会市东城街道周开泉小学", &path("广东-自评得分及说明.xls")];
    let (units, warnings) = scored(&args);
    assert_eq!(units, [unit("四会市东城街道周开泉小学", "13.5", "15", "90.0", 1, true)]);
    assert!(warnings.is_empty(), "{warnings:?}");
}

/// 襄阳市中等及中等以下学校“依法治校示范校”创建考核标准 (一级指标 | 二级指标 | 三级指标 | 分值 | 自评分 | 考核分),
/// the assessment group's GBK csv of two schools: 考核分 is the verified score beside the 自评分, items
/// copied without their running numbers ("1.") and closing stops. By hand (verified):
/// 襄城区实验小学 1+1+0.5+1+2+1.5+2+2 = 11 of 12 → 91.666… → 91.7;
/// 樊城区第一中学 1+0.5+1+0.5+1.5+2+2+1.5 = 10 of 12 → 83.333… → 83.3.
#[test]
fn a_gbk_csv_with_self_and_verified_scores() {
    let (units, _) = scored(&["--tree", &path("襄阳-依法治校示范校考核标准.csv"), &path("襄阳-考核得分-GBK.csv")]);
    assert_eq!(units, [unit("襄城区实验小学", "11", "12", "91.7", 1, true), unit("樊城区第一中学", "10", "12", "83.3", 2, false)]);
    let bytes = std::fs::read(crate::support::repo_file(&path("襄阳-考核得分-GBK.csv"))).unwrap();
    assert!(std::str::from_utf8(&bytes).is_err(), "the fixture is GBK, as Excel saves csv on Chinese Windows");
}

/// 2023年度普法依法治理工作量化考核评分细则(党政机关) (考核项目 | 考核内容 | 分值 | 评分标准 | 自评得分 | 考核得分):
/// the summary turned the other way, one row per unit and one column per item (headed by its code, or
/// by its text), a 合计 column at the end. By hand: 县司法局 22 of 22 → 100.0; 县委办 6+3+2+2+8 = 21 → 95.454… → 95.5;
/// 县政府办 5+3+3+2+6 = 19 → 86.363… → 86.4.
#[test]
fn the_transposed_wide_sheet() {
    let tree = path("普法依法治理-量化考核评分细则-党政机关.csv");
    let expected =
        [unit("县司法局", "22", "22", "100.0", 1, true), unit("县委办", "21", "22", "95.5", 2, true), unit("县政府办", "19", "22", "86.4", 3, false)];
    assert_eq!(scored(&["--tree", &tree, &path("普法依法治理-得分汇总-宽表.csv")]).0, expected);
    // The same, its columns headed by the items' text as the table prints it ("1.成立普法依法治理…").
    let (units, warnings) = scored(&["--tree", &tree, &path("普法依法治理-得分汇总-宽表-按名称.csv")]);
    assert_eq!(units, expected);
    assert!(warnings[0].ends_with("按宽表读取: 每行一个单位,每列一项指标(表头中的 5 个指标编号: 1.1、1.2、1.3、2.1、2.2)"), "{warnings:?}");
}

/// A 检查记录 whose header names nothing the reader knows (检查单位 | 检查内容 | 本单位打分): refused with
/// what was seen and how to name the columns; named by hand — on the command line, or in the
/// scheme's `[columns]`, by header and by letter — it reads. By hand: 县委办 21 of 22 → 95.5,
/// 县政府办 19 of 22 → 86.4.
#[test]
fn columns_named_by_hand_when_the_header_says_nothing_known() {
    let tree = path("普法依法治理-量化考核评分细则-党政机关.csv");
    let sheet = path("普法依法治理-检查记录.csv");
    let errors = refused(&["--tree", &tree, &sheet]);
    assert_eq!(errors.len(), 1, "{errors:?}");
    let line = &errors[0];
    assert!(line.starts_with(&format!("{sheet}: 前 12 行中找不到评分表表头: 缺少指标列(可用的列名: 一级指标、")), "{line}");
    assert!(line.contains(";缺少得分列(可用的列名: 得分、实得分、自评分、自评得分、评分、评估得分、扣分、"), "{line}");
    assert!(line.contains(";看到的表头单元格: A2“检查单位”、B2“检查内容”、C2“本单位打分”;已识别的列: 无。"), "{line}");
    assert!(line.contains("[columns]"), "{line}");
    let expected = [unit("县委办", "21", "22", "95.5", 1, true), unit("县政府办", "19", "22", "86.4", 2, false)];
    assert_eq!(scored(&["--tree", &tree, "--columns", "unit=检查单位, item=检查内容, score=C", &sheet]).0, expected);
    // A part not understood is a usage error that names it.
    let output = expect(zhibiao().args(["score", "--tree", &tree, "--columns", "item=检查内容, scroe=C", &sheet]), 2);
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("指明的列中“scroe=C”无法理解"), "{stderr}");
    let dir = tempfile::tempdir().unwrap();
    let scheme = dir.path().join("方案.toml");
    std::fs::write(&scheme, "[columns]\nunit = \"检查单位\"\nitem = \"检查内容\"\nscore = \"C\"\n").unwrap();
    assert_eq!(scored(&["--tree", &tree, "--scheme", scheme.to_str().unwrap(), &sheet]).0, expected);
    // A key the scheme does not know is said at its line.
    std::fs::write(&scheme, "[columns]\nitme = \"检查内容\"\n").unwrap();
    let output = expect(zhibiao().args(["score", "--tree", &tree, "--scheme", scheme.to_str().unwrap(), &sheet]), 1);
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("方案.toml:2: columns.itme: 评分方案没有这个键(此处可用的键: unit, code, item, score, deduction,"), "{stderr}");
}

/// 浙江省质监系统“五五”普法检查验收标准 (考评项目 | 评分项 | 分值 | 扣分项 | 自评分 | 考评分), returned by three
/// bureaus in one sheet: an item copied with “五五” left out is a near miss, named with the item it is
/// probably; the two items of one text (3、 and 5、 有具体的办事机构和人员负责普法工作) are never guessed
/// between, both named. Each wrong reference is one message with its other cells, not one per row:
/// two messages for 3 units × 3 wrong rows, and one line per unit for the items left without a score.
#[test]
fn near_misses_and_items_of_one_text_are_named_once() {
    let tree = path("浙江质监-五五普法检查验收标准.csv");
    let sheet = path("浙江质监-自评分.xlsx");
    let errors = refused(&["--tree", &tree, &sheet]);
    let place = format!("{sheet}!浙江质监-自评分");
    assert_eq!(
        errors,
        [
            format!(
                "{place}!B3: 未知的指标“制定本单位普法规划，及时召开普法启动会议”(指标体系中没有;是否为 {tree}!B2“1、制定本单位“五五”普法规划，及时召开普法启动…”?)(另有 2 处相同: B8、B13)"
            ),
            format!(
                "{place}!B5: 指标“有具体的办事机构和人员负责普法工作”在指标体系中不止一项: {tree}!B4“3、有具体的办事机构和人员负责普法工作。”、{tree}!B6“5、有具体的办事机构和人员负责普法工作。”;无法确定是哪一项,请用编号或序号区分(另有 5 处相同: B7、B10、B12、B15、B17)"
            ),
            "杭州市质监局 有 3 项指标没有得分: “1、制定本单位“五五”普法规划，…”、“3、有具体的办事机构和人员负责普…”、“5、有具体的办事机构和人员负责普…”".to_string(),
            "宁波市质监局 有 3 项指标没有得分: “1、制定本单位“五五”普法规划，…”、“3、有具体的办事机构和人员负责普…”、“5、有具体的办事机构和人员负责普…”".to_string(),
            "温州市质监局 有 3 项指标没有得分: “1、制定本单位“五五”普法规划，…”、“3、有具体的办事机构和人员负责普…”、“5、有具体的办事机构和人员负责普…”".to_string(),
        ]
    );
}

/// 开江县法治政府建设考核细则 (一、……(15分) / (一)……(4分) / 1.……(3分)考核: 未……扣0.5分): the 考核组
/// returns only the deductions (扣分明细: 序号 | 单位 | 考核内容 | 扣分 | 扣分原因, one row per deduction), the
/// sheet and its title saying so. Every item not listed keeps its points, two rows of one item add
/// up. By hand, of 9 points: 县卫健局 − 0.5 = 8.5 → 94.444… → 94.4; 县财政局 − (0.5 + 0.5) − 0.3 = 7.7 →
/// 85.555… → 85.6; 县教育局 − 1 − 0.6 = 7.4 → 82.222… → 82.2.
#[test]
fn a_deduction_list_keeps_the_points_of_items_not_listed() {
    let tree = path("开江-法治政府建设考核细则.csv");
    let list = path("开江-扣分明细.xlsx");
    let expected = [
        unit("县卫健局", "8.5", "9", "94.4", 1, true),
        unit("县财政局", "7.7", "9", "85.6", 2, false),
        unit("县教育局", "7.4", "9", "82.2", 3, false),
    ];
    let (units, warnings) = scored(&["--tree", &tree, &list]);
    assert_eq!(units, expected);
    let place = format!("{list}!扣分明细");
    assert_eq!(
        warnings,
        [
            format!("{place}: 扣分明细: 县财政局 有 5 项未列出,按满分计"),
            format!("{place}: 扣分明细: 县教育局 有 5 项未列出,按满分计"),
            format!("{place}: 扣分明细: 县卫健局 有 6 项未列出,按满分计"),
        ]
    );
    // Also with --missing zero: a list says what was lost, so nothing is missing.
    assert_eq!(scored(&["--tree", &tree, "--missing", "zero", &list]).0, expected);
    // The same rows on a sheet that does not say it is a list: the items not listed are missing …
    let plain = path("开江-扣分-未标明.xlsx");
    let errors = refused(&["--tree", &tree, &plain]);
    assert_eq!(
        errors,
        [
            "县财政局 有 5 项指标没有得分: “2.将法治政府建设工作纳入单位年…”、“3.每年12月向县政府报告本年度…”、“4.设立法制机构或指定法制机构，…”、“5.按要求聘用法律顾问。（1分）”、“7.加强执法人员培训，认真组织本…”",
            "县教育局 有 5 项指标没有得分: “1.行政首长切实履行法治政府建设…”、“2.将法治政府建设工作纳入单位年…”、“3.每年12月向县政府报告本年度…”、“4.设立法制机构或指定法制机构，…”、“6.行政首长带头学法，每年专题学…”",
            "县卫健局 有 6 项指标没有得分: “1.行政首长切实履行法治政府建设…”、“3.每年12月向县政府报告本年度…”、“4.设立法制机构或指定法制机构，…”、“5.按要求聘用法律顾问。（1分）”、“6.行政首长带头学法，每年专题学…”、“7.加强执法人员培训，认真组织本…”"
        ]
    );
    // … --missing zero, which would make each of them 0, is refused at the 扣分 column …
    let errors = refused(&["--tree", &tree, "--missing", "zero", &plain]);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with(&format!("{plain}!Sheet1!D1: 此表只有扣分列、没有得分列,且未列出 县财政局、县教育局、县卫健局 的全部指标")),
        "{errors:?}"
    );
    assert!(
        errors[0].contains("“扣分明细”") && errors[0].contains("deductions_only = true") && errors[0].contains("--deductions-only"),
        "{errors:?}"
    );
    // … and marked as a list on the command line it gives the list's results.
    assert_eq!(scored(&["--tree", &tree, "--deductions-only", &plain]).0, expected);
    let dir = tempfile::tempdir().unwrap();
    let scheme = dir.path().join("方案.toml");
    std::fs::write(&scheme, "deductions_only = true\n").unwrap();
    assert_eq!(scored(&["--tree", &tree, "--scheme", scheme.to_str().unwrap(), &plain]).0, expected);
}

/// The deductions of one item add up to more than its points (县教育局, 5.按要求聘用法律顾问, 1分: 1 and
/// then 0.5): refused at the row that went over, naming both rows, and the item is not said to be
/// missing as well.
#[test]
fn deductions_beyond_an_items_points_are_refused_at_the_row() {
    let list = path("开江-扣分明细-超分.xlsx");
    let errors = refused(&["--tree", &path("开江-法治政府建设考核细则.csv"), &list]);
    let place = format!("{list}!扣分明细");
    assert_eq!(errors, [format!("{place}!D9: 指标“5.按要求聘用法律顾问。（1分）”的扣分合计 1.5 超过其分值 1(各行: {place}!D6、{place}!D9)")]);
}

/// 大兴区依法行政工作考核标准 (北京, published as a web table): 项目 | 考 核 标 准 | 扣 分 标 准, the header
/// names spaced out, the 项目 "一、 组织 领导 工作 12分" with its points after a space, each 考核标准 ending
/// "。3分"; returned as the same table with a 得分 column filled in, items named by their text. By hand:
/// 3 + 1 + 1 + 1 + 2 + 2.5 (组织领导, of 12) + 2 + 1 + 1 + 0 (依法决策, of 6) = 14.5 of 18 → 80.555… → 80.6.
#[test]
fn a_beijing_table_returned_with_its_score_column_filled_in() {
    let tree = path("大兴-依法行政考核标准.csv");
    let check = String::from_utf8(expect(zhibiao().arg("check").arg(&tree), 0).stdout).unwrap();
    assert!(check.contains("小计核对相符 2 处: A3(12 分)、A9(6 分)"), "{check}");
    assert!(check.ends_with("指标体系无误: 一级指标 2 项、指标 10 项,满分 18 分\n"), "{check}");
    let (units, warnings) = scored(&["--tree", &tree, "--unit", "黄村镇", &path("大兴-黄村镇-自评.csv")]);
    assert_eq!(units, [unit("黄村镇", "14.5", "18", "80.6", 1, false)]);
    assert!(warnings.is_empty(), "{warnings:?}");
}
