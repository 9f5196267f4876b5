//! Indicator tables shaped like the ones offices publish (issue 12): each layout read, counted, its points
//! and subtotals checked, and scored, with the numbers worked out by hand in the comments. Every layout
//! either scores exactly right or stops with a message naming the cell. The wording is short and made up;
//! the structure (column names, merged and wrapped cells, where the points are written, numbering,
//! subtotals) follows the published table named above each test.

use std::path::{Path, PathBuf};

use rust_xlsxwriter::{Format, Workbook};
use serde_json::Value;

use crate::support::{expect, json_of, write, zhibiao};

/// `tree --format json` of a tree file.
fn tree_json(tree: &Path) -> Value {
    json_of(&expect(zhibiao().args(["tree", "--format", "json"]).arg(tree), 0).stdout)
}

/// `check`'s output, which must succeed.
fn check(tree: &Path) -> String {
    String::from_utf8(expect(zhibiao().arg("check").arg(tree), 0).stdout).unwrap()
}

/// `check`'s errors, which must fail with exit 1.
fn check_fails(tree: &Path) -> String {
    String::from_utf8(expect(zhibiao().arg("check").arg(tree), 1).stderr).unwrap()
}

/// (raw, max, score) of the one unit of a score csv (单位,编号,得分).
fn score(tree: &Path, scores: &Path) -> (String, String, String) {
    let json = json_of(&expect(zhibiao().args(["score", "--format", "json", "--tree"]).arg(tree).arg(scores), 0).stdout);
    let u = &json["units"][0];
    let s = |k: &str| u[k].as_str().unwrap().to_string();
    (s("raw"), s("max"), s("score"))
}

fn scores_csv(dir: &Path, unit: &str, scores: &[(&str, &str)]) -> PathBuf {
    let rows: String = scores.iter().map(|(code, v)| format!("{unit},{code},{v}\n")).collect();
    write(dir, "得分.csv", &format!("单位,编号,得分\n{rows}"))
}

/// (level1, level2, items, points) of `tree --format json`.
fn counts(json: &Value) -> (u64, u64, u64, String) {
    (json["level1"].as_u64().unwrap(), json["level2"].as_u64().unwrap(), json["items"].as_u64().unwrap(), json["points"].as_str().unwrap().into())
}

/// Writes an xlsx sheet: `cells` are (row, col, text), `merges` (first row, col, last row, last col, text).
fn xlsx(dir: &Path, name: &str, cells: &[(u32, u16, &str)], merges: &[(u32, u16, u32, u16, &str)]) -> PathBuf {
    write_xlsx(dir, name, cells, merges, false)
}

/// The sheet merged as given, and the same unmerged with every cell of a vertical merge filled in (headers over
/// two rows too): [merged, filled down].
fn xlsx_both(dir: &Path, name: &str, cells: &[(u32, u16, &str)], merges: &[(u32, u16, u32, u16, &str)]) -> [PathBuf; 2] {
    [write_xlsx(dir, name, cells, merges, false), write_xlsx(dir, &format!("填充-{name}"), cells, merges, true)]
}

fn write_xlsx(dir: &Path, name: &str, cells: &[(u32, u16, &str)], merges: &[(u32, u16, u32, u16, &str)], filled: bool) -> PathBuf {
    let path = dir.join(name);
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("考核细则").unwrap();
    let wrap = Format::new().set_text_wrap();
    for (r, c, t) in cells {
        sheet.write_string(*r, *c, *t).unwrap();
    }
    for &(r0, c0, r1, c1, t) in merges {
        if filled && c0 == c1 {
            for r in r0..=r1 {
                sheet.write_string_with_format(r, c0, t, &wrap).unwrap();
            }
        } else {
            sheet.merge_range(r0, c0, r1, c1, t, &wrap).unwrap();
        }
    }
    book.save(&path).unwrap();
    path
}

/// The rows of a csv with every blank hierarchy cell filled with the one above (an unmerged, filled-down
/// copy), for `columns` of the hierarchy.
fn filled_down(csv: &str, header_rows: usize, columns: &[usize]) -> String {
    let mut last: Vec<String> = vec![String::new(); 8];
    let mut out = String::new();
    for (i, line) in csv.lines().enumerate() {
        let mut cells: Vec<String> = line.split(',').map(String::from).collect();
        if i >= header_rows && !cells[0].starts_with("合计") {
            for &c in columns {
                if cells[c].is_empty() {
                    cells[c] = last[c].clone();
                } else {
                    last[c] = cells[c].clone();
                }
            }
        }
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    out
}

// 1. County 政府信息公开 考核 (fsou.com/html/text/lar/173938): 考核项目 | 考评细项 | 分值, the 考核项目 merged
// down with its subtotal in the name ("(5分)"), points in a column. Two tiers, 9 items, 30 points.
const COUNTY_OPENNESS: &[(&str, &[(&str, &str)])] = &[
    ("组织领导和工作机构建设情况(5分)", &[("调整领导小组、明确分管领导", "1"), ("召开会议部署工作、开展培训", "3"), ("指定工作机构、落实人员", "1")]),
    ("工作机制和制度建设情况(21分)", &[("建立健全公开制度并落实", "10"), ("公文注明公开属性", "8"), ("制定年度工作方案", "3")]),
    ("政府信息公开载体建设情况(4分)", &[("设立查阅点并挂牌", "2"), ("利用多种方式公开", "1"), ("网站开设公开专栏", "1")]),
];

fn county_openness_xlsx(dir: &Path) -> PathBuf {
    let mut cells: Vec<(u32, u16, &str)> = vec![(1, 0, "考核项目"), (1, 1, "考评细项"), (1, 2, "分值")];
    let mut merges: Vec<(u32, u16, u32, u16, &str)> = vec![(0, 0, 0, 2, "某县县级部门政府信息公开工作考核评分表")];
    let mut row = 2;
    for (group, items) in COUNTY_OPENNESS {
        merges.push((row, 0, row + items.len() as u32 - 1, 0, group));
        for (item, points) in *items {
            cells.extend([(row, 1, *item), (row, 2, *points)]);
            row += 1;
        }
    }
    xlsx(dir, "县级部门政府信息公开.xlsx", &cells, &merges)
}

#[test]
fn county_openness_two_tiers_subtotals_in_names() {
    let dir = tempfile::tempdir().unwrap();
    let merged = county_openness_xlsx(dir.path());
    // The same table unmerged, the 考核项目 written on every row.
    let rows: String = COUNTY_OPENNESS.iter().flat_map(|(g, items)| items.iter().map(move |(i, p)| format!("{g},{i},{p}\n"))).collect();
    let filled = write(dir.path(), "县级-填充.csv", &format!("考核项目,考评细项,分值\n{rows}"));
    for tree in [&merged, &filled] {
        let json = tree_json(tree);
        assert_eq!(counts(&json), (3, 0, 9, "30".into()), "{tree:?}");
        assert_eq!(json["reading"]["tiers"], 2);
        assert_eq!(json["reading"]["points"], "column");
        // 5 = 1+3+1, 21 = 10+8+3, 4 = 2+1+1: all three subtotals confirmed.
        assert_eq!(json["reading"]["confirmed"].as_array().unwrap().len(), 3);
        let out = check(tree);
        assert!(out.contains("层级: 两级(一级指标 → 指标),没有二级指标"), "{out}");
        assert!(out.contains("小计核对相符 3 处"), "{out}");
        // 1+2+1 + 8+8+3 + 2+1+0 = 26 of 30 → 86.666… → 86.7.
        let s = scores_csv(
            dir.path(),
            "甲局",
            &[("1.1", "1"), ("1.2", "2"), ("1.3", "1"), ("2.1", "8"), ("2.2", "8"), ("2.3", "3"), ("3.1", "2"), ("3.2", "1"), ("3.3", "0")],
        );
        assert_eq!(score(tree, &s), ("26".into(), "30".into(), "86.7".into()));
    }
    assert!(check(&merged).starts_with("表头在第 2 行: A“考核项目”→一级指标、B“考评细项”→指标(计分项)、C“分值”→分值\n"));
}

// 2. City departments' 政府信息公开 考核 (fymate.net/html/text/lar/169787): prose turned into a table, "考核内容"
// merged over a group column and an item column, points only in the text at both tiers ("1.组织领导。(15分)",
// "(1)……。(10分)"), no 分值 column. Two tiers, 9 items, 100 points.
#[test]
fn city_openness_points_only_in_the_text_under_a_merged_header() {
    let dir = tempfile::tempdir().unwrap();
    let groups: [(&str, &[&str]); 3] = [
        ("1.组织领导。(15分)", &["(1)建立健全工作机构。(10分)", "(2)制订公开目录。(5分)"]),
        (
            "2.政府信息公开内容。(65分)",
            &["(1)概况信息。(5分)", "(2)计划总结。(10分)", "(3)规章公文。(10分)", "(4)工作动态。(15分)", "(5)人事财政信息。(25分)"],
        ),
        ("3.制度建设与监督检查。(20分)", &["(1)严格执行公开目录。(10分)", "(2)开展监督检查。(10分)"]),
    ];
    let mut cells: Vec<(u32, u16, &str)> = vec![(0, 2, "评分标准")];
    let mut merges: Vec<(u32, u16, u32, u16, &str)> = vec![(0, 0, 0, 1, "考核内容")];
    let mut row = 1;
    for (g, items) in &groups {
        if items.len() > 1 {
            merges.push((row, 0, row + items.len() as u32 - 1, 0, g));
        }
        for item in *items {
            cells.extend([(row, 1, *item), (row, 2, "未达要求酌情扣分")]);
            row += 1;
        }
    }
    let s = scores_csv(
        dir.path(),
        "乙局",
        &[("1.1", "10"), ("1.2", "4"), ("2.1", "5"), ("2.2", "8"), ("2.3", "10"), ("2.4", "15"), ("2.5", "20"), ("3.1", "10"), ("3.2", "7")],
    );
    for tree in xlsx_both(dir.path(), "市级部门政府信息公开.xlsx", &cells, &merges) {
        let json = tree_json(&tree);
        assert_eq!(counts(&json), (3, 0, 9, "100".into()));
        assert_eq!(json["reading"]["points"], "text");
        assert_eq!(json["reading"]["confirmed"].as_array().unwrap().len(), 3);
        let out = check(&tree);
        assert!(out.contains("B 列表头为空,与左侧“考核内容”同属一个合并表头,读作下一级"), "{out}");
        assert!(out.contains("分值: 取自指标文字"), "{out}");
        // 10+4 + 5+8+10+15+20 + 10+7 = 89 of 100 → 89.0; never 9 × 10 default points.
        assert_eq!(score(&tree, &s), ("89".into(), "100".into(), "89.0".into()));
    }
}

// 3. 依法行政考核 (ask.fsou.com/html/text/lar/172245): points in the text at every tier, "(一)……(22分)" and
// "1.……(5分)", the item numbers running on across groups. Three tiers, 7 items, 43 points.
const RULE_BY_LAW: &str = "一级指标,二级指标,三级指标
一、依法行政能力建设(22分),(一)领导机制(10分),1.行政首长履行第一责任人职责(5分)
,,2.定期研究依法行政工作(5分)
,(二)学法用法(12分),3.领导干部学法每季度不少于1次(8分)
,,4.年度有安排、半年和年底有报告(4分)
二、重大行政决策和规范性文件(21分),(一)重大行政决策(10分),5.听证、合法性审查、集体决定制度完善(10分)
,(二)规范性文件(11分),6.规范性文件备案率达100%(8分)
,,7.及时纠正存在的问题(3分)
";

#[test]
fn rule_by_law_points_at_every_tier_merged_or_filled_down() {
    let dir = tempfile::tempdir().unwrap();
    let blank = write(dir.path(), "依法行政.csv", RULE_BY_LAW);
    let filled = write(dir.path(), "依法行政-填充.csv", &filled_down(RULE_BY_LAW, 1, &[0, 1]));
    // 丙县: 5+4 + 8+4 + 7 + 8+3 = 39 of 43 → 90.697… → 90.7.
    let s = scores_csv(
        dir.path(),
        "丙县",
        &[("1.1.1", "5"), ("1.1.2", "4"), ("1.2.1", "8"), ("1.2.2", "4"), ("2.1.1", "7"), ("2.2.1", "8"), ("2.2.2", "3")],
    );
    for tree in [&blank, &filled] {
        let json = tree_json(tree);
        assert_eq!(counts(&json), (2, 4, 7, "43".into()));
        // 22 = 10+12, 21 = 10+11, and the four 二级: six subtotals confirmed.
        assert_eq!(json["reading"]["confirmed"].as_array().unwrap().len(), 6);
        assert_eq!(score(tree, &s), ("39".into(), "43".into(), "90.7".into()));
    }
    assert_eq!(tree_json(&blank)["fingerprint"], tree_json(&filled)["fingerprint"]);
}

// 4. A 一级 name written vertically, one character per line with its points last ("政\n府\n信\n息\n公\n开\n21分"),
// 分值 cells typed as "10分". Two tiers, 5 items, 30 points.
#[test]
fn a_vertical_name_with_its_points_on_the_last_line() {
    let dir = tempfile::tempdir().unwrap();
    let cells = [
        (0, 0, "考核项目"),
        (0, 1, "考核内容"),
        (0, 2, "分值"),
        (0, 3, "评分标准"),
        (1, 1, "主动公开目录及时更新"),
        (1, 2, "10分"),
        (2, 1, "依申请公开按时答复"),
        (2, 2, "8分"),
        (3, 1, "年度报告按时公布"),
        (3, 2, "3分"),
        (4, 1, "规范性文件合法性审核"),
        (4, 2, "4"),
        (5, 1, "行政复议纠错整改"),
        (5, 2, "5"),
    ];
    let merges = [(1, 0, 3, 0, "政\n府\n信\n息\n公\n开\n21分"), (4, 0, 5, 0, "依\n法\n行\n政\n9分")];
    let s = scores_csv(dir.path(), "丁镇", &[("1.1", "10"), ("1.2", "6"), ("1.3", "3"), ("2.1", "4"), ("2.2", "5")]);
    for tree in xlsx_both(dir.path(), "竖排.xlsx", &cells, &merges) {
        let json = tree_json(&tree);
        assert_eq!(counts(&json), (2, 0, 5, "30".into()));
        // Names are shown on one line.
        assert_eq!(json["groups"][0]["name"], "政府信息公开21分");
        assert_eq!(json["reading"]["confirmed"].as_array().unwrap().len(), 2);
        // 10+6+3 + 4+5 = 28 of 30 → 93.33… → 93.3.
        assert_eq!(score(&tree, &s), ("28".into(), "30".into(), "93.3".into()));
    }
}

// 5. One tier: 评价事项 alone with 标准分值 and a running 序号 (a 营商环境-style 评价表). 4 items, 100 points.
#[test]
fn one_tier_evaluation_items() {
    let dir = tempfile::tempdir().unwrap();
    let tree = write(
        dir.path(),
        "评价表.csv",
        "序号,评价事项,标准分值,评分标准\n1,行政许可按时办结,25,超时一件扣5分\n2,行政处罚公示,25,未公示一件扣5分\n3,合法性审核,25,未审核不得分\n4,行政复议应诉,25,败诉一件扣5分\n",
    );
    let json = tree_json(&tree);
    assert_eq!(counts(&json), (0, 0, 4, "100".into()));
    assert_eq!(json["reading"]["tiers"], 1);
    assert!(check(&tree).contains("层级: 一级(指标平列,没有上级指标)"));
    // 25+20+25+15 = 85 of 100 → 85.0; json has no 一级 or 二级 nodes.
    let s = scores_csv(dir.path(), "戊区", &[("1", "25"), ("2", "20"), ("3", "25"), ("4", "15")]);
    assert_eq!(score(&tree, &s), ("85".into(), "100".into(), "85.0".into()));
    let out = expect(zhibiao().args(["score", "--format", "json", "--tree"]).arg(&tree).arg(&s), 0).stdout;
    let report = json_of(&out);
    assert_eq!(report["units"][0]["level1"], serde_json::json!([]));
    assert_eq!(report["units"][0]["level2"], serde_json::json!([]));
    // The result workbook and the templates take a tree without upper tiers too.
    expect(zhibiao().args(["score", "--tree"]).arg(&tree).arg(&s).arg("--out").arg(dir.path().join("结果.xlsx")), 0);
    expect(zhibiao().args(["template", "--by", "unit", "--units", "戊区", "--tree"]).arg(&tree).arg("--out").arg(dir.path().join("表")), 0);
}

// 6. Guangdong 2013 (cnpre.com/sadclist/lawsshow_pi.php?id=4690): 一级 weights written in the name ("占总分值的15%")
// and in a 权重 column, no points for 二级/三级 ("由考评主体…予以明确"): every item takes the default, and check says so.
#[test]
fn weighted_tree_without_points_takes_the_default_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let csv = "一级指标,二级指标,三级指标,权重\n一、制度建设(占总分值的15%),(一)立法,1.立法计划公开征求意见,15\n,,2.规章草案公开征求意见,\n二、行政决策(占总分值的85%),(一)决策程序,3.重大决策经合法性审查,85\n,(二)决策公开,4.决策结果公开,\n";
    let s = scores_csv(dir.path(), "某市", &[("1.1.1", "10"), ("1.1.2", "5"), ("2.1.1", "10"), ("2.2.1", "10")]);
    for tree in [write(dir.path(), "广东.csv", csv), write(dir.path(), "广东-填充.csv", &filled_down(csv, 1, &[0, 1]))] {
        let out = check(&tree);
        assert!(out.contains("分值未给出,每项按 10 分计"), "{out}");
        // (10+5)/20 = 75 × 15 + (10+10)/20 = 100 × 85, over 100 → 96.25 → 96.3.
        assert_eq!(score(&tree, &s), ("35".into(), "40".into(), "96.3".into()));
    }
}

// 7. Huizhou 2012 (gd.010b.com/policy/detail/69778): items numbered 1, 2, 3 … through the whole system across
// its groups, here in a column with a blank header; a 序号 that restarts in every group is only a row number.
#[test]
fn official_item_numbers_running_through_the_table() {
    let dir = tempfile::tempdir().unwrap();
    let csv = ",序号,一级指标,二级指标,三级指标,分值\n1,1,一、政府职能,(一)机构依法设置,建立机构设置制度,10\n2,2,,,机构调整按法定程序,10\n3,3,,,机构调整有论证报告,10\n4,1,,(二)职责依法确定,建立职责确定制度,10\n5,2,,,职责争议协调,10\n";
    // A score sheet may name items by their official number: 4 is 1.2.1. 10+10+5+10+10 = 45 of 50 → 90.0.
    let s = scores_csv(dir.path(), "己市", &[("1", "10"), ("2", "10"), ("3", "5"), ("4", "10"), ("5", "10")]);
    for tree in [write(dir.path(), "惠州.csv", csv), write(dir.path(), "惠州-填充.csv", &filled_down(csv, 1, &[2, 3]))] {
        let json = tree_json(&tree);
        let read: Vec<(String, String)> = json["reading"]["columns"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| (c["column"].as_str().unwrap().into(), c["read_as"].as_str().unwrap().into()))
            .collect();
        assert_eq!(read[..2], [("A".into(), "number".into()), ("B".into(), "row_number".into())]);
        assert_eq!(counts(&json), (1, 2, 5, "50".into()));
        assert_eq!(score(&tree, &s), ("45".into(), "50".into(), "90.0".into()));
    }
}

// 8. 项目 → 考核标准 → 扣分标准: 考核标准 holds the items when another column holds the scoring rule (a 依法行政
// 考核 table of ask.fsou.com/html/text/lar/171893 shape, "五、保障措施(12分)" with "得6分" items).
#[test]
fn kaohe_biaozhun_read_as_items_and_said_so() {
    let dir = tempfile::tempdir().unwrap();
    let csv = "项目,考核标准,扣分标准,分值\n五、保障措施(12分),建立行政执法公示和回访制度,只建其一扣3分,6\n,建立内部激励约束机制,未建立不得分,6\n六、抽象行政行为(10分),规范性文件报送备案,每件未备案扣1分,6\n,定期清理规范性文件,未清理不得分,4\n";
    // 3+6 + 5+4 = 18 of 22 → 81.818… → 81.8.
    let s = scores_csv(dir.path(), "庚局", &[("1.1", "3"), ("1.2", "6"), ("2.1", "5"), ("2.2", "4")]);
    for tree in [write(dir.path(), "保障措施.csv", csv), write(dir.path(), "保障措施-填充.csv", &filled_down(csv, 1, &[0]))] {
        let out = check(&tree);
        assert!(out.contains("B 列“考核标准”读作指标"), "{out}");
        assert!(out.contains("小计核对相符 2 处"), "{out}");
        assert_eq!(score(&tree, &s), ("18".into(), "22".into(), "81.8".into()));
    }
}

// 9. A heading's subtotal that is not the sum of its items (published tables have them): an error naming the cell
// and both numbers, never passed.
#[test]
fn a_subtotal_that_disagrees_stops_check() {
    let dir = tempfile::tempdir().unwrap();
    let tree = write(dir.path(), "小计.csv", "一级指标,二级指标,三级指标\n一、依法决策(15分),(一)程序(12分),1.合法性审查(6分)\n,,2.集体讨论(6分)\n");
    let err = check_fails(&tree);
    assert!(err.contains(&format!("{}!A2: 一级指标写明 15 分,所属三级指标合计 12 分", tree.display())), "{err}");
}

// 10. Some items state points and some do not: the ones that do not are listed, never given the default.
#[test]
fn items_without_points_among_items_with_points() {
    let dir = tempfile::tempdir().unwrap();
    let tree = write(dir.path(), "缺分值.csv", "考核项目,考核内容\n一、执法,1.执法公示(3分)\n,2.执法全过程记录\n,3.重大执法决定法制审核。2分\n");
    let err = check_fails(&tree);
    let path = tree.display();
    // Named as the table prints it (issue 25 §8), not by the code 1.2 made from its position.
    assert!(err.contains(&format!("{path}!B3: 指标“2.执法全过程记录”没有写明分值")), "{err}");
    assert!(!err.contains("B2") && !err.contains("B4"), "{err}");
}

// 11. A 二级 scored directly, with one line of description under it: the line carries the 二级's points.
#[test]
fn a_node_scored_directly_carries_its_points() {
    let dir = tempfile::tempdir().unwrap();
    let csv = "一级指标,二级指标,三级指标\n一、组织保障(9分),(一)领导责任(4分),1.主要负责人述法(4分)\n,(二)督察整改(5分),开展督察并及时整改问题\n";
    // 4 + 3 = 7 of 9 → 77.77… → 77.8.
    let s = scores_csv(dir.path(), "辛区", &[("1.1.1", "4"), ("1.2.1", "3")]);
    for tree in [write(dir.path(), "督察.csv", csv), write(dir.path(), "督察-填充.csv", &filled_down(csv, 1, &[0, 1]))] {
        let json = tree_json(&tree);
        assert_eq!(counts(&json), (1, 2, 2, "9".into()));
        assert_eq!(json["reading"]["carried"].as_array().unwrap().len(), 1);
        assert!(check(&tree).contains("直接计分的上级指标(其下唯一一项承接其分值): B3"));
        assert_eq!(score(&tree, &s), ("7".into(), "9".into(), "77.8".into()));
    }
}

// 12. A 合计 row: confirmed when it is the sum, an error naming its cell when not.
#[test]
fn total_rows_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    let body = "一级指标,二级指标,三级指标,分值\n一,甲,a,10\n,,b,5\n二,乙,c,5\n";
    let right = write(dir.path(), "合计对.csv", &format!("{body}合计,,,20\n"));
    assert!(check(&right).contains("小计核对相符 1 处: D5(20 分)"));
    let wrong = write(dir.path(), "合计错.csv", &format!("{body}合计,,,25\n"));
    let err = check_fails(&wrong);
    assert!(err.contains(&format!("{}!D5: 合计写明 25 分,上方指标合计 20 分", wrong.display())), "{err}");
    // Without a 分值 column the total is written in the cell beside 合计: 5 + 15 + 10 = 30, not 35.
    let texts = "考核项目,考核内容\n一、组织领导(20分),1.成立领导小组(5分)\n,2.制定年度计划。15分\n二、制度建设(10分),3.规范性文件备案(10分)\n";
    let right = write(dir.path(), "文字合计对.csv", &format!("{texts}合计,30分\n"));
    let out = check(&right);
    assert!(out.contains("小计核对相符 3 处: A2(20 分)、A4(10 分)、B5(30 分)"), "{out}");
    assert!(out.ends_with("指标体系无误: 一级指标 2 项、指标 3 项,满分 30 分\n"), "{out}");
    let wrong = write(dir.path(), "文字合计错.csv", &format!("{texts}合计,35分\n"));
    let err = check_fails(&wrong);
    assert!(err.contains(&format!("{}!B5: 合计写明 35 分,上方指标合计 30 分", wrong.display())), "{err}");
}

// 13. A header over two rows with merged and wrapped cells ("指标" over 一级/二级/三级, "一级指标\n(分值)",
// "自评\n得分" left for the departments), the 一级 points in its name.
#[test]
fn two_row_header_with_line_breaks() {
    let dir = tempfile::tempdir().unwrap();
    let cells = [
        (2, 0, "一级指标\n(分值)"),
        (2, 1, "二级指标"),
        (2, 2, "三级指标"),
        (3, 1, "(一)审批改革"),
        (3, 2, "审批事项全部进驻"),
        (3, 3, "6"),
        (4, 2, "按时办结率100%"),
        (4, 3, "4"),
        (5, 1, "(二)监管"),
        (5, 2, "双随机全覆盖"),
        (5, 3, "10"),
    ];
    let merges = [
        (0, 0, 0, 4, "某区法治政府建设考核评分表"),
        (1, 0, 1, 2, "指标"),
        (1, 3, 2, 3, "分值"),
        (1, 4, 2, 4, "自评\n得分"),
        (3, 0, 5, 0, "一、政府职能\n(20分)"),
    ];
    for tree in xlsx_both(dir.path(), "两行表头.xlsx", &cells, &merges) {
        let out = check(&tree);
        assert!(
            out.starts_with("表头在第 3 行: A“一级指标(分值)”→一级指标、B“二级指标”→二级指标、C“三级指标”→指标(计分项)、D“分值”→分值\n"),
            "{out}"
        );
        // Filled down, the 一级 name is on all three rows: one node, its subtotal confirmed once.
        assert!(out.contains("小计核对相符 1 处: A4(20 分)"), "{out}");
        assert!(out.ends_with("指标体系无误: 一级指标 1 项、二级指标 2 项、三级指标 3 项,满分 20 分\n"), "{out}");
    }
}

// 14. The shipped 9/37/112 example unmerged and filled down gives the same tree and the same 1010/1120 → 90.2.
#[test]
fn the_shipped_example_filled_down() {
    let dir = tempfile::tempdir().unwrap();
    let csv = std::fs::read_to_string(crate::support::repo_file("indicators/示范创建指标体系-示例.csv")).unwrap();
    let filled = write(dir.path(), "示例-填充.csv", &filled_down(&csv, 2, &[0, 1]));
    assert!(std::fs::read_to_string(&filled).unwrap().lines().nth(3).unwrap().starts_with("一、政府职责全面依法履行,（一）深化行政审批制度改革,"));
    let original = tree_json(&crate::support::repo_file("indicators/示范创建指标体系-示例.csv"));
    let json = tree_json(&filled);
    assert_eq!(counts(&json), (9, 37, 112, "1120".into()));
    assert_eq!(json["fingerprint"], original["fingerprint"]);
    let district = crate::support::repo_file("samples/顺城区-自评得分.xlsx");
    assert_eq!(score(&filled, &district), ("1010".into(), "1120".into(), "90.2".into()));
}

// 15. A name reappearing after another node is not the same node: both cells named.
#[test]
fn a_name_reappearing_after_another_node() {
    let dir = tempfile::tempdir().unwrap();
    let tree = write(dir.path(), "重复.csv", "考核项目,考核内容,分值\n依法决策,a,5\n执法,b,5\n依法决策,c,5\n");
    let err = check_fails(&tree);
    let path = tree.display();
    assert!(err.contains(&format!("{path}!A4: “依法决策”在 {path}!A2 已出现")), "{err}");
}

// 16. A 分值 column and the item's text that disagree: both named.
#[test]
fn column_and_text_disagree() {
    let dir = tempfile::tempdir().unwrap();
    let tree = write(dir.path(), "不一致.csv", "考核项目,考核内容,分值\n一、执法,1.执法公示(3分),4\n");
    let err = check_fails(&tree);
    let path = tree.display();
    assert!(err.contains(&format!("{path}!B2: 文字写明 3 分,分值列为 4 分({path}!C2),两者不一致")), "{err}");
}

// A two-tier tree in the result workbook: the 二级 column of 明细 is empty, not invented.
#[test]
fn a_two_tier_tree_in_the_result_workbook() {
    use calamine::{Reader, Xlsx, open_workbook};
    let dir = tempfile::tempdir().unwrap();
    let tree = county_openness_xlsx(dir.path());
    let s = scores_csv(
        dir.path(),
        "甲局",
        &[("1.1", "1"), ("1.2", "2"), ("1.3", "1"), ("2.1", "8"), ("2.2", "8"), ("2.3", "3"), ("3.1", "2"), ("3.2", "1"), ("3.3", "0")],
    );
    let out = dir.path().join("结果.xlsx");
    expect(zhibiao().args(["score", "--tree"]).arg(&tree).arg(&s).arg("--out").arg(&out), 0);
    let mut book: Xlsx<_> = open_workbook(&out).unwrap();
    let detail = book.worksheet_range("明细").unwrap();
    let row: Vec<String> = detail.rows().nth(1).unwrap().iter().map(|c| c.to_string()).collect();
    // 单位, 编号, 一级指标, 二级指标 (none), 指标, 分值, 得分 …
    assert_eq!(row[..7], ["甲局", "1.1", "组织领导和工作机构建设情况(5分)", "", "调整领导小组、明确分管领导", "1", "1"]);
    // 一级指标 sheet: the rate of the first 一级 is 4 of 5 = 80.
    let level1 = book.worksheet_range("一级指标").unwrap();
    assert_eq!(level1.get_value((2, 1)).map(|c| c.to_string()), Some("80".into()));
}

// 17. Headings on rows of their own with their points in the 分值 column (一级 row, then 二级 row, then items),
// as tables turned from prose often are; merged or filled down alike.
#[test]
fn heading_rows_with_their_own_points() {
    let dir = tempfile::tempdir().unwrap();
    let csv =
        "一级指标,二级指标,三级指标,分值\n一、政府职能,,,20\n,(一)审批改革,,8\n,,事项全部进驻,4\n,,按时办结,4\n,(二)监管,,12\n,,双随机全覆盖,12\n";
    // 4+3 + 10 = 17 of 20 → 85.0.
    let s = scores_csv(dir.path(), "壬区", &[("1.1.1", "4"), ("1.1.2", "3"), ("1.2.1", "10")]);
    for tree in [write(dir.path(), "标题行.csv", csv), write(dir.path(), "标题行-填充.csv", &filled_down(csv, 1, &[0, 1]))] {
        let json = tree_json(&tree);
        assert_eq!(counts(&json), (1, 2, 3, "20".into()));
        // 20 = 8+12, 8 = 4+4, 12 = 12.
        assert_eq!(json["reading"]["confirmed"].as_array().unwrap().len(), 3);
        assert_eq!(score(&tree, &s), ("17".into(), "20".into(), "85.0".into()));
    }
    let wrong = write(dir.path(), "标题行-错.csv", &csv.replace(",,,20", ",,,25"));
    let err = check_fails(&wrong);
    assert!(err.contains(&format!("{}!A2: 一级指标写明 25 分,所属三级指标合计 20 分", wrong.display())), "{err}");
}

// A two-tier tree's scoring forms: the 二级 column is empty, the items, points and standards are there, and
// `status` reads the tree the same way.
#[test]
fn a_two_tier_tree_in_the_templates() {
    use calamine::{Reader, Xlsx, open_workbook};
    let dir = tempfile::tempdir().unwrap();
    let tree = write(
        dir.path(),
        "两级.csv",
        "考核项目,考核内容,分值,评分标准,责任单位\n一、执法(5分),1.执法公示,3,未公示扣3分,司法局\n,2.全过程记录,2,缺一项扣1分,公安局\n",
    );
    let forms = dir.path().join("评分表");
    expect(zhibiao().args(["template", "--units", "癸区", "--tree"]).arg(&tree).arg("--out").arg(&forms), 0);
    let mut book: Xlsx<_> = open_workbook(forms.join("司法局.xlsx")).unwrap();
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    let row: Vec<String> = sheet.rows().nth(2).unwrap().iter().take(6).map(|c| c.to_string()).collect();
    assert_eq!(row, ["1.1", "一、执法(5分)", "", "1.执法公示", "3", "未公示扣3分"]);
    let out = String::from_utf8(expect(zhibiao().args(["status", "--tree"]).arg(&tree).arg(&forms), 0).stdout).unwrap();
    assert!(out.contains("司法局") && out.contains("公安局"), "{out}");
}
