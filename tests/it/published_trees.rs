//! Indicator tables of systems and places the other tests do not have (issue 25): 国土资源, 依法治校示范校
//! (陕西, 广东, 襄阳), 案卷评查, 普法依法治理, 质量工作 (four tiers), 行政执法责任制. Each fixture follows the
//! layout of the published table named above it — column names, merged cells, where the points and the
//! codes are written, numbering, subtotals — with short made-up wording; each is read, counted, its points
//! and subtotals checked and scored, with the numbers worked out by hand, and each refusal names its cell.
//! `check` says 无误 only of a tree read exactly as the table prints it.
//!
//! The xlsx files are written here; three were converted by LibreOffice 7 (`soffice --convert-to xls` /
//! `ods`) and committed under tests/fixtures/published_trees/, and read as the same tree.

use std::path::{Path, PathBuf};

use rust_decimal::Decimal;
use rust_xlsxwriter::{Format, Workbook};
use serde_json::Value;
use zhibiao::grid::Which;
use zhibiao::tree::{IndicatorTree, ItemRef};

use crate::support::{expect, json_of, read_book, repo_file, write, zhibiao};

/// Items as (text, points).
type Items = &'static [(&'static str, &'static str)];
/// Items as (code, text, points).
type Coded = &'static [(&'static str, &'static str, &'static str)];
/// Groups as (name, points, items).
type Groups = &'static [(&'static str, &'static str, Items)];
/// Groups as (name, items).
type Named = &'static [(&'static str, Items)];
/// A heading row as (序号, name, points, items).
type Heading = (&'static str, &'static str, &'static str, Items);

/// A worksheet to write: text cells and merged ranges, in zero-based rows and columns.
#[derive(Clone, Default)]
struct Book {
    cells: Vec<(u32, u16, String)>,
    merges: Vec<(u32, u16, u32, u16, String)>,
}

impl Book {
    fn cell(&mut self, row: u32, col: u16, text: &str) {
        self.cells.push((row, col, text.to_string()));
    }

    /// A range merged over rows `row..=last` (one row: a plain cell).
    fn down(&mut self, row: u32, last: u32, col: u16, text: &str) {
        self.merge(row, col, last, col, text);
    }

    fn merge(&mut self, row: u32, col: u16, last_row: u32, last_col: u16, text: &str) {
        if (row, col) == (last_row, last_col) {
            self.cell(row, col, text);
        } else {
            self.merges.push((row, col, last_row, last_col, text.to_string()));
        }
    }

    fn row(&mut self, row: u32, cells: &[&str]) {
        for (c, t) in cells.iter().enumerate().filter(|(_, t)| !t.is_empty()) {
            self.cell(row, c as u16, t);
        }
    }

    /// The same table unmerged, every vertical merge written on each of its rows.
    fn filled_down(&self) -> Book {
        let mut book = Book { cells: self.cells.clone(), merges: Vec::new() };
        for (r0, c0, r1, c1, t) in &self.merges {
            if c0 == c1 {
                (*r0..=*r1).for_each(|r| book.cell(r, *c0, t));
            } else {
                book.merges.push((*r0, *c0, *r1, *c1, t.clone()));
            }
        }
        book
    }

    fn save(&self, dir: &Path, name: &str) -> PathBuf {
        let path = dir.join(name);
        let mut workbook = Workbook::new();
        let sheet = workbook.add_worksheet().set_name("考核细则").unwrap();
        let wrap = Format::new().set_text_wrap();
        for (r, c, t) in &self.cells {
            sheet.write_string_with_format(*r, *c, t, &wrap).unwrap();
        }
        for (r0, c0, r1, c1, t) in &self.merges {
            sheet.merge_range(*r0, *c0, *r1, *c1, t, &wrap).unwrap();
        }
        workbook.save(&path).unwrap();
        path
    }
}

/// The tree as the library reads it (10 points by default).
fn tree_of(path: &Path) -> IndicatorTree {
    let book = read_book(path, Which::First);
    IndicatorTree::from_sheet(&book.sheets[0], Decimal::TEN).unwrap_or_else(|e| panic!("{path:?}: {e:?}"))
}

fn check(tree: &Path) -> String {
    String::from_utf8(expect(zhibiao().arg("check").arg(tree), 0).stdout).unwrap()
}

fn check_fails(tree: &Path) -> String {
    String::from_utf8(expect(zhibiao().arg("check").arg(tree), 1).stderr).unwrap()
}

fn tree_json(tree: &Path) -> Value {
    json_of(&expect(zhibiao().args(["tree", "--format", "json"]).arg(tree), 0).stdout)
}

/// (level1, level2, items, points) of `tree --format json`.
fn counts(json: &Value) -> (u64, u64, u64, String) {
    (json["level1"].as_u64().unwrap(), json["level2"].as_u64().unwrap(), json["items"].as_u64().unwrap(), json["points"].as_str().unwrap().into())
}

/// Each item's code and points, in the tree's order.
fn items(tree: &IndicatorTree) -> Vec<(String, String)> {
    tree.items.iter().map(|i| (i.code.clone(), i.points.normalize().to_string())).collect()
}

/// Each 一级's code, points stated and points of its items.
fn level1(tree: &IndicatorTree) -> Vec<(String, Option<String>, String)> {
    (0..tree.level1.len())
        .map(|g| {
            let sum: Decimal = tree.items.iter().filter(|i| i.level1 == Some(g)).map(|i| i.points).sum();
            let group = &tree.level1[g];
            (group.code.clone(), group.points.map(|p| p.normalize().to_string()), sum.normalize().to_string())
        })
        .collect()
}

/// (raw, max, score) of one unit scored from a csv of 单位,编号,得分.
fn score(dir: &Path, tree: &Path, scores: &[(&str, &str)]) -> (String, String, String) {
    let rows: String = scores.iter().map(|(code, v)| format!("某单位,{code},{v}\n")).collect();
    let csv = write(dir, "得分.csv", &format!("单位,编号,得分\n{rows}"));
    let json = json_of(&expect(zhibiao().args(["score", "--format", "json", "--tree"]).arg(tree).arg(&csv), 0).stdout);
    let u = &json["units"][0];
    let s = |k: &str| u[k].as_str().unwrap().to_string();
    (s("raw"), s("max"), s("score"))
}

fn strings(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

fn fixture(name: &str) -> PathBuf {
    repo_file(&format!("tests/fixtures/published_trees/{name}"))
}

// 1. 市级国土资源管理部门依法行政考核评分表 (kleyou.com/html/text/lar/171420/17142004_3.html; mdjjksjc.com
// /html/2017/0607/112186566.shtm): 考核项目 | 序号 | 考核内容 | 标准分 | 计分标准 | 得分 | 扣分原因, the 考核项目
// merged down and written vertically, one character a line, its points on lines of their own ("80\n分", here
// also in vertical brackets "︵\n9\n分\n︶"); 序号 running through the table; 标准分 typed "7分"; a 合计 row.
// Two tiers, 6 items, 24 points.
fn land_resources() -> Book {
    let mut b = Book::default();
    b.merge(0, 0, 0, 6, "市级国土资源管理部门依法行政考核评分表");
    b.row(1, &["考核项目", "序号", "考核内容", "标准分", "计分标准", "得分", "扣分原因"]);
    b.down(2, 4, 0, "制\n度\n建\n设\n︵\n9\n分\n︶");
    b.down(5, 7, 0, "(二)\n政务公开、行政权力公开透明运行情况\n15分");
    let items = [
        ("1", "开门立法、民主立法情况", "3分", "涉及群众切身利益的规范性文件公开征求意见的得3分"),
        ("2", "规范性文件合法性审查制度建立和执行情况", "3分", "建立制度得1分;每发现一件未经审查的扣1分"),
        ("3", "规范性文件定期清理情况", "3分", "每两年清理一次的得3分"),
        ("4", "推进国土资源政府信息公开", "7分", "建立公开责任制度的得1分;编制公开目录的得2分"),
        ("5", "推进行政权力公开透明运行", "5分", "编制依法行政手册的得1分"),
        ("6", "网上政务公开功能完善", "3分", "网站测评良好以上的得3分"),
    ];
    for (r, (n, item, points, rule)) in items.iter().enumerate() {
        b.row(r as u32 + 2, &["", n, item, points, rule]);
    }
    b.merge(8, 0, 8, 2, "合计");
    b.cell(8, 3, "24分");
    b
}

#[test]
fn land_resources_vertical_names_with_points_on_their_own_lines() {
    let dir = tempfile::tempdir().unwrap();
    let xlsx = land_resources().save(dir.path(), "国土资源依法行政.xlsx");
    let xls = fixture("国土资源依法行政.xls");
    for tree in [&xlsx, &xls] {
        let json = tree_json(tree);
        assert_eq!(counts(&json), (2, 0, 6, "24".into()), "{tree:?}");
        assert_eq!(json["reading"]["points"], "column");
        let read = tree_of(tree);
        assert_eq!(level1(&read), [("1".into(), Some("9".into()), "9".into()), ("2".into(), Some("15".into()), "15".into())]);
        assert_eq!(
            items(&read),
            [("1.1", "3"), ("1.2", "3"), ("1.3", "3"), ("2.1", "7"), ("2.2", "5"), ("2.3", "3")].map(|(c, p)| (c.into(), p.into()))
        );
        // 序号 runs 1–6 through both groups: the items' official numbers.
        assert_eq!(read.items.iter().map(|i| i.number.clone().unwrap()).collect::<Vec<_>>(), strings(&["1", "2", "3", "4", "5", "6"]));
        let out = check(tree);
        // 9 = 3+3+3, 15 = 7+5+3, 24 = 9+15.
        assert!(out.contains("小计核对相符 3 处: A3(9 分)、A6(15 分)、D9(24 分)"), "{out}");
        assert!(out.ends_with("指标体系无误: 一级指标 2 项、指标 6 项,满分 24 分\n"), "{out}");
        // By 序号: 3+2+3 + 6+5+1 = 20 of 24 → 83.333… → 83.3.
        let s = [("1", "3"), ("2", "2"), ("3", "3"), ("4", "6"), ("5", "5"), ("6", "1")];
        assert_eq!(score(dir.path(), tree, &s), ("20".into(), "24".into(), "83.3".into()));
    }
    assert_eq!(tree_of(&xlsx).fingerprint(), tree_of(&xls).fingerprint(), "the .xls LibreOffice wrote is the same tree");
    // The vertical subtotal that is not the sum: refused at the heading, both numbers named.
    let mut wrong = land_resources();
    wrong.merges[2].4 = "(二)\n政务公开、行政权力公开透明运行情况\n16分".into();
    let wrong = wrong.save(dir.path(), "国土资源-小计错.xlsx");
    let err = check_fails(&wrong);
    assert!(err.contains(&format!("{}!考核细则!A6: 一级指标写明 16 分,所属指标合计 15 分", wrong.display())), "{err}");
}

// 2. 陕西省中小学依法治校示范校评估指标 (sh-ksjx.com/html/gk..info104122440.html): "一级指标A" merged over a code
// column and a name column (A1 | 依法治校的组织领导), "二级指标B" likewise (B1 | text), 分值(分); the items are
// the 二级, coded B1…, a key indicator starred (*B14 there, *B8 here). Two tiers, 10 items, 25 points, no subtotals.
fn rule_by_law_school() -> Book {
    let mut b = Book::default();
    b.merge(0, 0, 0, 4, "陕西省中小学依法治校示范校评估指标");
    b.merge(1, 0, 1, 1, "一级指标A");
    b.merge(1, 2, 1, 3, "二级指标B");
    b.cell(1, 4, "分值(分)");
    let groups: [(&str, &str, Coded); 3] = [
        (
            "A1",
            "依法治校的组织领导",
            &[
                ("B1", "办学指导思想或学校规划中明确体现依法治校理念。", "3"),
                ("B2", "建立依法治校领导小组,制定工作规划和年度计划。", "2"),
                ("B3", "建立依法治校工作机构和岗位责任制度。", "2"),
                ("B4", "学校领导班子定期研究解决依法治校中的重大问题。", "2"),
            ],
        ),
        ("A2", "治理结构", &[("B5", "党组织机构健全,运行机制完善。", "3"), ("B6", "校长权责明晰。", "3"), ("B7", "推进校务公开,接受监督。", "2")]),
        (
            "A3",
            "建章立制",
            &[
                ("*B8", "依法制定学校章程并施行章程。", "3"),
                ("B9", "依法建立学校各项管理制度。", "3"),
                ("B10", "依法公布学校章程与规章制度,并汇编成册。", "2"),
            ],
        ),
    ];
    let mut row = 2;
    for (code, name, items) in groups {
        let last = row + items.len() as u32 - 1;
        b.down(row, last, 0, code);
        b.down(row, last, 1, name);
        for (code, item, points) in items {
            b.row(row, &["", "", code, item, points]);
            row += 1;
        }
    }
    b
}

#[test]
fn rule_by_law_school_codes_under_merged_headers_and_a_starred_key_indicator() {
    let dir = tempfile::tempdir().unwrap();
    let xlsx = rule_by_law_school().save(dir.path(), "陕西依法治校.xlsx");
    let ods = fixture("陕西依法治校.ods");
    for tree in [&xlsx, &ods] {
        let read = tree_of(tree);
        assert_eq!((read.tiers(), read.level1.len(), read.items.len(), read.total_points()), (2, 3, 10, Decimal::from(25)));
        assert_eq!(read.level1.iter().map(|g| g.code.clone()).collect::<Vec<_>>(), strings(&["A1", "A2", "A3"]));
        assert_eq!(read.level1[0].name, "依法治校的组织领导");
        let codes: Vec<(String, String)> = items(&read);
        let expected =
            [("B1", "3"), ("B2", "2"), ("B3", "2"), ("B4", "2"), ("B5", "3"), ("B6", "3"), ("B7", "2"), ("B8", "3"), ("B9", "3"), ("B10", "2")];
        assert_eq!(codes, expected.map(|(c, p)| (c.into(), p.into())));
        // *B8: the code B8, the star kept as the key-indicator flag, and printed as the table prints it.
        let key: Vec<&str> = read.items.iter().filter(|i| i.key).map(|i| i.code.as_str()).collect();
        assert_eq!(key, ["B8"]);
        assert_eq!(read.items[7].label(), "*B8 依法制定学校章程并施行章程。");
        assert_eq!((read.find(ItemRef::Code("*B8")), read.find(ItemRef::Code("B8"))), (Some(7), Some(7)));
        let out = check(tree);
        assert!(out.contains("“一级指标A”合并在 A、B 两列之上: A 列是编号,B 列是名称,同属一级"), "{out}");
        assert!(out.contains("表中没有写明小计或合计"), "{out}");
        assert!(out.ends_with("指标体系无误: 一级指标 3 项、指标 10 项,满分 25 分\n"), "{out}");
        // 3+2+2+1 + 3+2+2 + 3+2+2 = 22 of 25 → 88.0; the score sheet names B8 as the table prints it, *B8 (B8 alone finds it too).
        let s = [("B1", "3"), ("B2", "2"), ("B3", "2"), ("B4", "1"), ("B5", "3"), ("B6", "2"), ("B7", "2"), ("*B8", "3"), ("B9", "2"), ("B10", "2")];
        assert_eq!(score(dir.path(), tree, &s), ("22".into(), "25".into(), "88.0".into()));
    }
    assert_eq!(tree_of(&xlsx).fingerprint(), tree_of(&ods).fingerprint(), "the .ods LibreOffice wrote is the same tree");
    // B9 without its 分值: named as printed, never by a code made from its position.
    let mut missing = rule_by_law_school();
    missing.cells.retain(|(r, c, _)| (*r, *c) != (10, 4));
    let missing = missing.save(dir.path(), "陕西-缺分值.xlsx");
    let err = check_fails(&missing);
    assert!(err.contains(&format!("{}!考核细则!D11: 指标“B9 依法建立学校各项管理制度。”没有写明分值", missing.display())), "{err}");
}

// 3. 申报广东省依法治校示范校自评得分及说明 (51dongshi.net/eedfraedegeca.html): 序号 | 一级指标 | 分值 | 二级指标 |
// 分值 | 三级指标 | 分值 | 认定标准 | 自评分 — three columns named 分值, one per tier, each filled only on its tier's
// rows (merged down); the codes written into the names ("1.1 章程建设", "1.1.1内容合法…"). Three tiers, 2/3/11,
// 30 points.
const GUANGDONG: &[(&str, &str, Groups)] = &[
    (
        "章程及制度",
        "20分",
        &[
            (
                "1.1 章程建设",
                "8分",
                &[
                    ("1.1.1内容合法、制定程序完备", "4分"),
                    ("1.1.2教育行政部门核准", "2分"),
                    ("1.1.3章程在校园网公布", "1分"),
                    ("1.1.4章程印制成册", "1分"),
                ],
            ),
            (
                "1.2 制度建设",
                "12分",
                &[
                    ("1.2.1制度健全", "2分"),
                    ("1.2.2内容合法", "2分"),
                    ("1.2.3程序合法", "2分"),
                    ("1.2.4制度公布", "1分"),
                    ("1.2.5制度执行到位", "5分"),
                ],
            ),
        ],
    ),
    ("民主管理", "10分", &[("2.1 教职工代表大会", "10分", &[("2.1.1教代会制度健全", "6分"), ("2.1.2校务公开", "4分")])]),
];

/// The 广东 table; `misplaced` writes the second 一级's 分值 on its last row instead of its first.
fn guangdong(misplaced: bool) -> Book {
    let mut b = Book::default();
    b.row(0, &["序号", "一级指标", "分值", "二级指标", "分值", "三级指标", "分值", "认定标准", "自评分"]);
    let mut row = 1;
    for (n, (l1, p1, l2s)) in GUANGDONG.iter().enumerate() {
        let first = row;
        let rows: u32 = l2s.iter().map(|(_, _, items)| items.len() as u32).sum();
        let last = first + rows - 1;
        b.down(first, last, 0, &(n + 1).to_string());
        b.down(first, last, 1, l1);
        if misplaced && n == 1 {
            b.cell(last, 2, p1);
        } else {
            b.down(first, last, 2, p1);
        }
        for (l2, p2, items) in *l2s {
            b.down(row, row + items.len() as u32 - 1, 3, l2);
            b.down(row, row + items.len() as u32 - 1, 4, p2);
            for (item, points) in *items {
                b.row(row, &["", "", "", "", "", item, points, "按认定标准评分"]);
                row += 1;
            }
        }
    }
    b
}

#[test]
fn guangdong_three_points_columns_one_per_tier() {
    let dir = tempfile::tempdir().unwrap();
    let merged = guangdong(false).save(dir.path(), "广东依法治校.xlsx");
    let filled = guangdong(false).filled_down().save(dir.path(), "广东依法治校-填充.xlsx");
    for tree in [&merged, &filled] {
        let json = tree_json(tree);
        assert_eq!(counts(&json), (2, 3, 11, "30".into()), "{tree:?}");
        let read = tree_of(tree);
        assert_eq!(level1(&read), [("1".into(), Some("20".into()), "20".into()), ("2".into(), Some("10".into()), "10".into())]);
        let l2: Vec<Option<String>> = read.level2.iter().map(|g| g.points.map(|p| p.normalize().to_string())).collect();
        assert_eq!(l2, [Some("8".into()), Some("12".into()), Some("10".into())]);
        let codes: Vec<String> = read.items.iter().map(|i| i.code.clone()).collect();
        assert_eq!(codes, strings(&["1.1.1", "1.1.2", "1.1.3", "1.1.4", "1.2.1", "1.2.2", "1.2.3", "1.2.4", "1.2.5", "2.1.1", "2.1.2"]));
        let out = check(tree);
        assert!(out.contains("C 列“分值”是一级指标的分值"), "{out}");
        assert!(out.contains("E 列“分值”是二级指标的分值"), "{out}");
        assert!(out.contains("G 列“分值”是三级指标的分值"), "{out}");
        // 20 = 8+12, 10, 8 = 4+2+1+1, 12 = 2+2+2+1+5, 10 = 6+4.
        assert!(out.contains("小计核对相符 5 处: B2(20 分)、B11(10 分)、D2(8 分)、D6(12 分)、D11(10 分)"), "{out}");
        assert!(out.ends_with("指标体系无误: 一级指标 2 项、二级指标 3 项、三级指标 11 项,满分 30 分\n"), "{out}");
        // 4+2+1+0 + 2+2+1+1+4 + 6+3 = 26 of 30 → 86.666… → 86.7.
        let s = [
            ("1.1.1", "4"),
            ("1.1.2", "2"),
            ("1.1.3", "1"),
            ("1.1.4", "0"),
            ("1.2.1", "2"),
            ("1.2.2", "2"),
            ("1.2.3", "1"),
            ("1.2.4", "1"),
            ("1.2.5", "4"),
            ("2.1.1", "6"),
            ("2.1.2", "3"),
        ];
        assert_eq!(score(dir.path(), tree, &s), ("26".into(), "30".into(), "86.7".into()));
    }
    // A 一级 分值 on a row that names no 一级: which tier the column serves cannot be told, and it is said.
    let misplaced = guangdong(true).save(dir.path(), "广东-分值错位.xlsx");
    let err = check_fails(&misplaced);
    let path = misplaced.display();
    assert!(err.contains(&format!("{path}!考核细则!C12 填了分值,但同一行的 {path}!考核细则!B12 是空的")), "{err}");
}

// 4. 测绘地理信息行政处罚案卷评查标准 (wenke99.com/d-274835.html): sections as rows merged across the table
// ("二、案卷卷面标准(20分)"), then 序号 | 评查内容 | 总分值 | 扣分标准 | 得分 with the 序号 restarting in each section,
// and a 合计. The sections are the 一级 (their subtotals checked), never items. Two tiers, 7 items, 22 points.
fn case_review(second: &str) -> Book {
    let mut b = Book::default();
    b.merge(0, 0, 0, 4, "测绘地理信息行政处罚案卷评查标准");
    b.row(1, &["序号", "评查内容", "总分值", "扣分标准", "得分"]);
    b.merge(2, 0, 2, 4, "一、案卷卷面标准(10分)");
    let first = [
        ("1", "使用规定的行政执法文书格式文本", "2分", "未使用规定的执法文书,扣2分"),
        ("2", "按规范填写执法文书", "4分", "漏项、表述不清的,每项扣1分"),
        ("3", "一案一卷", "2分", "未按规定立卷,扣1分"),
        ("4", "卷内目录按顺序填写、页码正确", "2分", "每项扣1分"),
    ];
    for (r, (n, item, points, rule)) in first.iter().enumerate() {
        b.row(r as u32 + 3, &[n, item, points, rule]);
    }
    b.merge(7, 0, 7, 4, second);
    let rest = [
        ("1", "立案审批手续完备", "4分", "无立案审批表的扣4分"),
        ("2", "调查取证合法充分", "5分", "证据不足的扣5分"),
        ("3", "依法告知当事人权利", "3分", "未告知的扣3分"),
    ];
    for (r, (n, item, points, rule)) in rest.iter().enumerate() {
        b.row(r as u32 + 8, &[n, item, points, rule]);
    }
    b.merge(11, 0, 11, 1, "合计");
    b.cell(11, 2, "22分");
    b
}

#[test]
fn case_review_sections_merged_across_are_headings() {
    let dir = tempfile::tempdir().unwrap();
    let xlsx = case_review("二、案卷内容标准(共12分)").save(dir.path(), "案卷评查.xlsx");
    let xls = fixture("案卷评查.xls");
    for tree in [&xlsx, &xls] {
        let read = tree_of(tree);
        assert_eq!((read.tiers(), read.level1.len(), read.items.len(), read.total_points()), (2, 2, 7, Decimal::from(22)), "{tree:?}");
        assert_eq!(level1(&read), [("1".into(), Some("10".into()), "10".into()), ("2".into(), Some("12".into()), "12".into())]);
        let expected = [("1.1", "2"), ("1.2", "4"), ("1.3", "2"), ("1.4", "2"), ("2.1", "4"), ("2.2", "5"), ("2.3", "3")];
        assert_eq!(items(&read), expected.map(|(c, p)| (c.into(), p.into())));
        // The 序号 restarts in each section: a row number, printed with the item in messages.
        assert_eq!(read.items[4].label(), "1 立案审批手续完备");
        let out = check(tree);
        assert!(out.contains("指标列中编号层级最高的 2 行(如“一、”)是标题"), "{out}");
        assert!(out.contains("小计核对相符 3 处: A3(10 分)、A8(12 分)、C12(22 分)"), "{out}");
        assert!(out.ends_with("指标体系无误: 一级指标 2 项、指标 7 项,满分 22 分\n"), "{out}");
        // 2+3+2+1 + 4+4+3 = 19 of 22 → 86.36… → 86.4.
        let s = [("1.1", "2"), ("1.2", "3"), ("1.3", "2"), ("1.4", "1"), ("2.1", "4"), ("2.2", "4"), ("2.3", "3")];
        assert_eq!(score(dir.path(), tree, &s), ("19".into(), "22".into(), "86.4".into()));
    }
    assert_eq!(tree_of(&xlsx).fingerprint(), tree_of(&xls).fingerprint());
    let wrong = case_review("二、案卷内容标准(共15分)").save(dir.path(), "案卷评查-小计错.xlsx");
    let err = check_fails(&wrong);
    assert!(err.contains(&format!("{}!考核细则!A8: 一级指标写明 15 分,所属指标合计 12 分", wrong.display())), "{err}");
}

// 5. The regression of issue 25 §3, in the layout of a 普法依法治理 考评 table (清水县实施《甘肃省普法依法治理工作
// 考评办法》细则, m.bdocx.com/doc/23742890): 序号 | 考核内容 | 分值 | 评分标准, each heading on a row of its own, not
// merged, numbered 一、 in the 序号 column, its name in 考核内容 and its subtotal in 分值. Read as items, its 12
// items and 100 points became 16 items and 200 points and `check` said 无误.
const COUNTY_LAW: &[Heading] = &[
    ("一、", "组织领导", "25", &[("成立法治建设领导小组", "10"), ("制定年度普法依法治理工作计划", "8"), ("主要负责人履行第一责任人职责", "7")]),
    ("二、", "依法决策", "25", &[("重大行政决策合法性审查", "9"), ("法律顾问参与决策", "8"), ("决策过程记录归档", "8")]),
    ("三、", "规范执法", "30", &[("执法公示", "10"), ("执法全过程记录", "10"), ("重大执法决定法制审核", "10")]),
    ("四、", "普法宣传", "20", &[("落实谁执法谁普法责任制", "5"), ("开展宪法宣传", "5"), ("法治文化阵地建设", "10")]),
];

fn county_law_csv(table: &[Heading]) -> String {
    let mut csv = String::from("序号,考核内容,分值,评分标准\n");
    let mut n = 0;
    for (number, heading, points, items) in table {
        csv.push_str(&format!("{number},{heading},{points},\n"));
        for (item, p) in *items {
            n += 1;
            csv.push_str(&format!("{n},{item},{p},未达要求的酌情扣分\n"));
        }
    }
    csv
}

#[test]
fn headings_numbered_in_the_serial_column_are_never_items() {
    let dir = tempfile::tempdir().unwrap();
    let tree = write(dir.path(), "普法依法治理.csv", &county_law_csv(COUNTY_LAW));
    let json = tree_json(&tree);
    assert_eq!(counts(&json), (4, 0, 12, "100".into()), "12 items and 100 points, not 16 and 200");
    let read = tree_of(&tree);
    assert_eq!(read.level1.iter().map(|g| g.code.clone()).collect::<Vec<_>>(), strings(&["一", "二", "三", "四"]));
    let sums: Vec<(Option<String>, String)> = level1(&read).into_iter().map(|(_, stated, sum)| (stated, sum)).collect();
    assert_eq!(sums, [("25", "25"), ("25", "25"), ("30", "30"), ("20", "20")].map(|(a, b)| (Some(a.into()), b.into())));
    assert_eq!(read.items.iter().map(|i| i.number.clone().unwrap()).collect::<Vec<_>>(), (1..=12).map(|n| n.to_string()).collect::<Vec<_>>());
    let out = check(&tree);
    assert!(out.contains("小计核对相符 4 处: B2(25 分)、B6(25 分)、B10(30 分)、B14(20 分)"), "{out}");
    assert!(out.ends_with("指标体系无误: 一级指标 4 项、指标 12 项,满分 100 分\n"), "{out}");
    // By 序号: 10+6+7 + 9+8+5 + 10+8+10 + 5+4+10 = 92 of 100 → 92.0.
    let s: Vec<(String, &str)> =
        ["10", "6", "7", "9", "8", "5", "10", "8", "10", "5", "4", "10"].iter().enumerate().map(|(i, v)| ((i + 1).to_string(), *v)).collect();
    let s: Vec<(&str, &str)> = s.iter().map(|(c, v)| (c.as_str(), *v)).collect();
    assert_eq!(score(dir.path(), &tree, &s), ("92".into(), "100".into(), "92.0".into()));
    // A heading's subtotal is checked against the rows under it, the cells of both named.
    let wrong = write(dir.path(), "普法-小计错.csv", &county_law_csv(COUNTY_LAW).replace("二、,依法决策,25", "二、,依法决策,26"));
    let err = check_fails(&wrong);
    let path = wrong.display();
    assert!(err.contains(&format!("{path}!B6: 一级指标写明 26 分,所属指标合计 25 分(分值在 {path}!C6)")), "{err}");
    // A heading left without its items is an error at the heading, never an item of 20 points.
    let mut cut = COUNTY_LAW.to_vec();
    cut[3] = ("四、", "普法宣传", "20", &[]);
    let cut = write(dir.path(), "普法-标题无指标.csv", &county_law_csv(&cut));
    let err = check_fails(&cut);
    assert!(err.contains(&format!("{}!B14: 一级指标“普法宣传”下面没有指标", cut.display())), "{err}");
}

// 6. 2016年度南通市质量工作考核评分细则(部门) (cornels-photography.com/paper/263996940.html): four tiers —
// 一级指标 | 二级指标 | 三级指标 | 考核要点 | 评分方法 | 自评分 | 需提交材料 — the 三级 with its subtotal ("1.质量发展规划
// 制定与实施(4分)"), the 考核要点 scored ("1.1……(1分)"); here one 一级 with its points glued to its name
// ("二、质量基础建设6分"). Four tiers, 2/3/4/10, 18 points.
fn quality(third: &str) -> Book {
    let mut b = Book::default();
    b.row(0, &["一级指标", "二级指标", "三级指标", "考核要点", "评分方法", "自评分", "需提交材料"]);
    b.down(1, 8, 0, "一、质量宏观管理");
    b.down(1, 6, 1, "(一)规划战略制定");
    b.down(1, 4, 2, "1.质量发展规划制定与实施(4分)");
    b.down(5, 6, 2, "2.质量工作纳入政府考核(3分)");
    b.down(7, 8, 1, "(二)质量安全监管");
    b.down(7, 8, 2, third);
    b.down(9, 10, 0, "二、质量基础建设6分");
    b.down(9, 10, 1, "(三)标准化和计量");
    b.down(9, 10, 2, "4.标准化工作(6分)");
    let points = [
        "1.1质量发展目标纳入地区国民经济和社会发展规划(1分)",
        "1.2质量工作在年度政府工作报告中有相应体现(1分)",
        "1.3制定年度质量工作行动计划(1分)",
        "1.4制定推动质量发展的配套政策和措施(1分)",
        "2.1质量工作纳入政府绩效考核(2分)",
        "2.2开展质量工作考核并通报结果(1分)",
        "3.1完成年度监督抽查任务(3分)",
        "3.2不合格产品后处理到位(2分)",
        "4.1主导制修订标准(2分)",
        "4.2计量器具强制检定(4分)",
    ];
    for (r, p) in points.iter().enumerate() {
        b.row(r as u32 + 1, &["", "", "", p, "未完成的不得分", "", "市监局文件"]);
    }
    b
}

#[test]
fn quality_work_four_tiers() {
    let dir = tempfile::tempdir().unwrap();
    let merged = quality("3.产品质量监督抽查(5分)").save(dir.path(), "南通质量工作.xlsx");
    let filled = quality("3.产品质量监督抽查(5分)").filled_down().save(dir.path(), "南通质量工作-填充.xlsx");
    for tree in [&merged, &filled] {
        let read = tree_of(tree);
        assert_eq!((read.tiers(), read.level1.len(), read.level2.len(), read.level3.len(), read.items.len()), (4, 2, 3, 4, 10), "{tree:?}");
        assert_eq!(read.total_points(), Decimal::from(18));
        let l3: Vec<(String, String)> =
            read.level3.iter().map(|g| (g.code.clone(), g.points.map(|p| p.normalize().to_string()).unwrap_or_default())).collect();
        assert_eq!(l3, [("1.1.1", "4"), ("1.1.2", "3"), ("1.2.1", "5"), ("2.1.1", "6")].map(|(c, p)| (c.into(), p.into())));
        assert_eq!(level1(&read)[1], ("2".into(), Some("6".into()), "6".into()), "the points glued to 质量基础建设");
        let expected = [
            ("1.1.1.1", "1"),
            ("1.1.1.2", "1"),
            ("1.1.1.3", "1"),
            ("1.1.1.4", "1"),
            ("1.1.2.1", "2"),
            ("1.1.2.2", "1"),
            ("1.2.1.1", "3"),
            ("1.2.1.2", "2"),
            ("2.1.1.1", "2"),
            ("2.1.1.2", "4"),
        ];
        assert_eq!(items(&read), expected.map(|(c, p)| (c.into(), p.into())));
        let out = check(tree);
        assert!(out.contains("层级: 四级(一级指标 → 二级指标 → 三级指标 → 指标)"), "{out}");
        // 6 = 2+4 (the 一级), 4 = 1+1+1+1, 3 = 2+1, 5 = 3+2, 6 = 2+4 (the 三级).
        assert!(out.contains("小计核对相符 5 处: A10(6 分)、C2(4 分)、C6(3 分)、C8(5 分)、C10(6 分)"), "{out}");
        assert!(out.ends_with("指标体系无误: 一级指标 2 项、二级指标 3 项、三级指标 4 项、指标 10 项,满分 18 分\n"), "{out}");
        // `tree` names and counts the same four tiers, in its table and its csv (the 三级 of each item too).
        let table = String::from_utf8(expect(zhibiao().arg("tree").arg(tree), 0).stdout).unwrap();
        let header: Vec<&str> = table.lines().nth(2).unwrap().split('│').map(str::trim).filter(|c| !c.is_empty()).collect();
        assert_eq!(header, ["编号", "一级指标", "二级指标数", "三级指标数", "指标数", "分值"], "{table}");
        assert!(table.lines().next().unwrap().contains(": 指标 10 项(指纹 "), "{table}");
        let total: Vec<&str> =
            table.lines().rev().find(|l| l.contains("合计")).unwrap().split('│').map(str::trim).filter(|c| !c.is_empty()).collect();
        assert_eq!(total, ["合计", "3", "4", "10", "18"], "{table}");
        let csv = expect(zhibiao().args(["tree", "--format", "csv"]).arg(tree), 0).stdout;
        let csv = String::from_utf8(csv).unwrap();
        let mut lines = csv.lines();
        assert_eq!(lines.next(), Some("编号,一级指标,二级指标,三级指标,指标,分值,部门"));
        assert!(lines.next().unwrap().starts_with("1.1.1.1,"), "{csv}");
        // 1+0.5+1+1 + 2+1 + 3+1 + 2+3 = 15.5 of 18 → 86.11… → 86.1.
        let s = [
            ("1.1.1.1", "1"),
            ("1.1.1.2", "0.5"),
            ("1.1.1.3", "1"),
            ("1.1.1.4", "1"),
            ("1.1.2.1", "2"),
            ("1.1.2.2", "1"),
            ("1.2.1.1", "3"),
            ("1.2.1.2", "1"),
            ("2.1.1.1", "2"),
            ("2.1.1.2", "3"),
        ];
        assert_eq!(score(dir.path(), tree, &s), ("15.5".into(), "18".into(), "86.1".into()));
    }
    let wrong = quality("3.产品质量监督抽查(6分)").save(dir.path(), "南通-小计错.xlsx");
    let err = check_fails(&wrong);
    assert!(err.contains(&format!("{}!考核细则!C8: 三级指标写明 6 分,所属指标合计 5 分", wrong.display())), "{err}");
}

// 7. 行政执法责任制考核 (fymate.net/html/text/lar/171839/17183971_1.html): 考核项目 "第八条 ……(12分)" merged down,
// its 考核内容 "(一)……(3分)"; some items state no points of their own, only a rule — "全部合格的,记4分",
// "发生1起扣2分" — which are their points where the article's subtotal confirms it, and an error where not.
// Two tiers, 7 items, 27 points.
fn enforcement(last: &str) -> Book {
    let mut b = Book::default();
    b.row(0, &["考核项目", "考核内容"]);
    b.down(1, 3, 0, "第八条 法律知识培训和执法人员执法证件管理情况(12分)");
    b.down(4, 5, 0, "第十一条 执法文书、案卷的归档情况(9分)");
    b.down(6, 7, 0, last);
    let items = [
        "(一)按要求报送年度培训计划,明确培训内容和目标(3分)",
        "(二)执法人员每年法律知识培训不少于10天(5分)",
        "(三)严格行政执法证件管理,无不合格人员从事执法工作(4分)",
        "(一)执法文书、案卷规范,及时组卷归档(5分)",
        "(二)在政府法制机构组织的案卷评查中全部合格的,记4分",
        "(一)被申请行政复议的案件,复议结果为撤销、变更的,发生1起扣2分",
        "(二)被提起行政诉讼的案件,发生败诉的,扣4分",
    ];
    for (r, item) in items.iter().enumerate() {
        b.cell(r as u32 + 1, 1, item);
    }
    b
}

#[test]
fn enforcement_duty_rules_as_points_only_where_the_subtotal_confirms() {
    let dir = tempfile::tempdir().unwrap();
    let tree = enforcement("第十二条 办案质量情况(6分)").save(dir.path(), "行政执法责任制.xlsx");
    let read = tree_of(&tree);
    assert_eq!((read.tiers(), read.level1.len(), read.items.len(), read.total_points()), (2, 3, 7, Decimal::from(27)));
    let expected = [("1.1", "3"), ("1.2", "5"), ("1.3", "4"), ("2.1", "5"), ("2.2", "4"), ("3.1", "2"), ("3.2", "4")];
    assert_eq!(items(&read), expected.map(|(c, p)| (c.into(), p.into())));
    let out = check(&tree);
    assert!(out.contains("3 项只写了“N分”“得N分”或“扣N分”,与上级小计相符,读作分值: "), "{out}");
    // 12 = 3+5+4, 9 = 5+4 (记4分), 6 = 2+4 (扣2分, 扣4分).
    assert!(out.contains("小计核对相符 3 处: A2(12 分)、A5(9 分)、A7(6 分)"), "{out}");
    assert!(out.ends_with("指标体系无误: 一级指标 3 项、指标 7 项,满分 27 分\n"), "{out}");
    // 3+4+4 + 5+4 + 2+0 = 22 of 27 → 81.48… → 81.5.
    let s = [("1.1", "3"), ("1.2", "4"), ("1.3", "4"), ("2.1", "5"), ("2.2", "4"), ("3.1", "2"), ("3.2", "0")];
    assert_eq!(score(dir.path(), &tree, &s), ("22".into(), "27".into(), "81.5".into()));
    // Stated 8 where the deductions add up to 6: whether 扣2分 is the item's points cannot be told.
    let wrong = enforcement("第十二条 办案质量情况(8分)").save(dir.path(), "行政执法-不符.xlsx");
    let err = check_fails(&wrong);
    let path = wrong.display();
    for (cell, rule) in [("B7", "扣2分"), ("B8", "扣4分")] {
        assert!(err.contains(&format!("{path}!考核细则!{cell}: 指标“")), "{err}");
        assert!(
            err.contains(&format!("只写了“{rule}”: 这是不是它的分值无法确定(一级指标 {path}!考核细则!A7 写明 8 分,按此读所属指标合计 6 分)")),
            "{err}"
        );
    }
}

// 8. 襄阳市中等及中等以下学校“依法治校示范校”创建考核标准 (m.zhuangpeitu.com/article/181605215.html): 一级指标 |
// 二级指标 | 三级指标 | 分值 | 自评分 | 考核分, the 一级 "一、组织领导(6分)" merged down beside its first item's row,
// whose 分值 is 1: the 6 is the heading's, checked against its items, never against that 1. Three tiers, 2/4/16, 26.
fn xiangyang() -> Book {
    let mut b = Book::default();
    b.row(0, &["一级指标", "二级指标", "三级指标", "分值", "自评分", "考核分"]);
    let table: [(&str, Named); 2] = [
        (
            "一、组织领导(6分)",
            &[
                ("(一)学校领导重视依法治校工作", &[("1.定期研究部署依法治校工作", "1"), ("2.依法治校领导体制健全", "1")]),
                (
                    "(二)依法治校工作机制健全",
                    &[("3.有规划、有计划、有总结", "1"), ("4.有专项工作经费", "1"), ("5.议事规则健全", "1"), ("6.重大决策经法律审核", "1")],
                ),
            ],
        ),
        (
            "二、建章立制(20分)",
            &[
                (
                    "(一)依法制定学校章程",
                    &[("1.学校章程依程序制定", "2"), ("2.学校章程内容完备", "2"), ("3.章程经主管部门审核", "2"), ("4.章程向社会公开", "2")],
                ),
                (
                    "(二)建立配套管理制度",
                    &[
                        ("5.教育教学制度", "2"),
                        ("6.学生管理制度", "2"),
                        ("7.教职工管理制度", "2"),
                        ("8.财务管理制度", "2"),
                        ("9.后勤保障制度", "2"),
                        ("10.安全管理制度", "2"),
                    ],
                ),
            ],
        ),
    ];
    let mut row = 1;
    for (l1, l2s) in table {
        let rows: u32 = l2s.iter().map(|(_, items)| items.len() as u32).sum();
        b.down(row, row + rows - 1, 0, l1);
        for (l2, items) in l2s {
            b.down(row, row + items.len() as u32 - 1, 1, l2);
            for (item, points) in *items {
                b.row(row, &["", "", item, points]);
                row += 1;
            }
        }
    }
    b
}

#[test]
fn xiangyang_a_heading_subtotal_beside_its_first_item() {
    let dir = tempfile::tempdir().unwrap();
    for tree in [xiangyang().save(dir.path(), "襄阳依法治校.xlsx"), xiangyang().filled_down().save(dir.path(), "襄阳依法治校-填充.xlsx")]
    {
        let json = tree_json(&tree);
        assert_eq!(counts(&json), (2, 4, 16, "26".into()), "{tree:?}");
        let read = tree_of(&tree);
        assert_eq!(level1(&read), [("1".into(), Some("6".into()), "6".into()), ("2".into(), Some("20".into()), "20".into())]);
        assert_eq!(read.items[0].points, Decimal::ONE);
        let out = check(&tree);
        assert!(out.contains("小计核对相符 2 处: A2(6 分)、A8(20 分)"), "{out}");
        assert!(out.ends_with("指标体系无误: 一级指标 2 项、二级指标 4 项、三级指标 16 项,满分 26 分\n"), "{out}");
    }
}

// 9. The silently wrong tree of issue 25: the items' column under a name the reader does not know (here 工作要求),
// so the 二级 became the items and the rows below them named nothing; 20 items became 2. Each such row is now
// an error at its cell.
#[test]
fn rows_in_an_unknown_items_column_are_refused_never_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let mut csv = String::from("一级指标,二级指标,工作要求,分值\n");
    for (l1, l2) in [("一、组织领导", "(一)领导责任"), ("二、依法行政", "(一)规范执法")] {
        for k in 1..=10 {
            let (a, b) = if k == 1 { (l1, l2) } else { ("", "") };
            csv.push_str(&format!("{a},{b},{k}.要求{k},5\n"));
        }
    }
    let tree = write(dir.path(), "未知指标列.csv", &csv);
    let err = check_fails(&tree);
    let path = tree.display();
    assert!(err.contains(&format!("{path}!C3: 这一行有内容({path}!C3“2.要求2”),却不在任何指标列中")), "{err}");
    assert_eq!(err.matches("却不在任何指标列中").count(), 18, "{err}");
    assert!(!err.contains("无误"), "{err}");
    // The same table filled down: the 二级 on every row reads as one item repeated, refused at each repeat.
    let filled: String = csv
        .lines()
        .scan((String::new(), String::new()), |last, line| {
            let mut cells: Vec<String> = line.split(',').map(String::from).collect();
            if cells[0].is_empty() {
                (cells[0], cells[1]) = last.clone();
            } else {
                *last = (cells[0].clone(), cells[1].clone());
            }
            Some(cells.join(",") + "\n")
        })
        .collect();
    let tree = write(dir.path(), "未知指标列-填充.csv", &filled);
    let err = check_fails(&tree);
    let path = tree.display();
    let repeat = format!("{path}!B3: 指标“(一)领导责任”与上一行 {path}!B2 相同: 这一列像是向下填充的上级指标,而不是计分项;本行 {path}!C3 的内容未读");
    assert!(err.contains(&repeat), "{err}");
    assert_eq!(err.matches("向下填充的上级指标").count(), 18, "{err}");
}

/// Writes the fixtures that LibreOffice converts (`cargo test --test it published_trees::write_fixtures --
/// --ignored`, then `soffice --convert-to xls|ods`), for when their layouts change.
#[test]
#[ignore]
fn write_fixtures() {
    let dir = repo_file("tests/fixtures/published_trees");
    std::fs::create_dir_all(&dir).unwrap();
    land_resources().save(&dir, "国土资源依法行政.xlsx");
    rule_by_law_school().save(&dir, "陕西依法治校.xlsx");
    case_review("二、案卷内容标准(共12分)").save(&dir, "案卷评查.xlsx");
}

/// Points written in a name with more digits than a decimal holds exactly are refused at that cell (as a
/// 分值 cell is, issue 31), never rounded to a nearby number that `check` would then call 无误.
#[test]
fn points_in_a_name_beyond_a_decimal_are_refused_at_the_cell() {
    let dir = tempfile::tempdir().unwrap();
    let long = "0.0000000000000000000000000000001";
    let tree = write(dir.path(), "细则.csv", &format!("考核项目,考核内容\n一、依法决策(6分),合法性审查(3分)\n,集体讨论决定({long}分)\n,公开(3分)\n"));
    let err = check_fails(&tree);
    assert!(err.contains(&format!("细则.csv!B3: 分值无效: “{long}”小数超过 28 位,无法精确计算")), "{err}");
    assert!(err.contains("共发现 1 个问题"), "{err}");
}

/// A heading the table scores directly (§3's exception): 考核项目 | 考核内容 | 分值 | 自评分, the last
/// 考核项目 "三、创新工作" on a row of its own with its 分值 and a 自评分 cell of its own, nothing under it.
/// It is an item carrying its 5 points: 3 一级, 5 items, 4 + 6 + 3 + 2 + 5 = 20. Without a score column
/// the same row is a heading without items, refused at its cell.
#[test]
fn a_heading_with_a_score_cell_of_its_own_is_an_item() {
    let dir = tempfile::tempdir().unwrap();
    let rows = "一、组织领导(10分),成立领导小组,4\n,制定年度计划,6\n二、依法决策(5分),合法性审查,3\n,集体讨论,2\n三、创新工作,,5\n";
    let tree = write(dir.path(), "细则.csv", &format!("考核项目,考核内容,分值,自评分\n{}", rows.replace('\n', ",\n")));
    let json = tree_json(&tree);
    assert_eq!((json["level1"].as_u64(), json["items"].as_u64(), json["points"].as_str()), (Some(3), Some(5), Some("20")));
    let out = check(&tree);
    assert!(out.contains("1 个标题下面没有指标,而在得分列有自己的单元格,按直接计分的指标读取: D6"), "{out}");
    assert!(out.contains("直接计分的上级指标(其下唯一一项承接其分值): A6"), "{out}");
    assert!(out.ends_with("指标体系无误: 一级指标 3 项、指标 5 项,满分 20 分\n"), "{out}");
    // Scored like any item: 4 + 5 + 3 + 2 + 4 = 18 of 20 → 90.0.
    let scores = write(dir.path(), "得分.csv", "单位,编号,得分\n甲局,1.1,4\n甲局,1.2,5\n甲局,2.1,3\n甲局,2.2,2\n甲局,3.1,4\n");
    let json = json_of(&expect(zhibiao().args(["score", "--format", "json", "--tree"]).arg(&tree).arg(&scores), 0).stdout);
    let unit = &json["units"][0];
    assert_eq!((unit["raw"].as_str(), unit["max"].as_str(), unit["score"].as_str()), (Some("18"), Some("20"), Some("90.0")));
    // No score column: the table does not score the heading, which is no item.
    let plain = write(dir.path(), "无得分列.csv", &format!("考核项目,考核内容,分值\n{rows}"));
    let err = check_fails(&plain);
    assert!(err.contains("无得分列.csv!A6: 一级指标“三、创新工作”下面没有指标"), "{err}");
}
