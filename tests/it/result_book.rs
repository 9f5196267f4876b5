//! The annual result workbook (`score --out 年度结果.xlsx`) through the real binary: its sheets and
//! numbers read back with calamine, byte-identical reruns, recalculation by LibreOffice, last
//! year's comparison, csv and json by extension, and refusing to write over an input.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command as Process;

use calamine::{Data, Range, Reader, Xlsx, open_workbook};

const TREE: &str = "indicators/示范创建指标体系-示例.xlsx";
const FIVE_UNITS: &str = "samples/多单位得分.xlsx";

use crate::support::zhibiao;

/// Scores the five-unit sample into `out` with extra arguments.
fn five_units(out: &Path, extra: &[&str]) {
    zhibiao().args(["score", "--tree", TREE, FIVE_UNITS, "--out"]).arg(out).args(extra).assert().success();
}

fn sheet(path: &Path, name: &str) -> Range<Data> {
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    book.worksheet_range(name).unwrap()
}

fn formulas(path: &Path, name: &str) -> Range<String> {
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    book.worksheet_formula(name).unwrap()
}

/// A cell as text: numbers as a spreadsheet shows them at full precision.
fn show(cell: Option<&Data>) -> String {
    match cell {
        None | Some(Data::Empty) => String::new(),
        Some(Data::Float(f)) => f.to_string(),
        Some(Data::Int(i)) => i.to_string(),
        Some(Data::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

fn rows(range: &Range<Data>) -> Vec<Vec<String>> {
    range.rows().map(|r| r.iter().map(|c| show(Some(c))).collect()).collect()
}

#[test]
fn workbook_of_the_five_units() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("2024年度结果.xlsx");
    zhibiao()
        .args(["score", "--tree", TREE, FIVE_UNITS, "--out"])
        .arg(&out)
        .assert()
        .success()
        .stdout("")
        .stderr(format!("已写出 {}\n", out.display()));
    let book: Xlsx<_> = open_workbook(&out).unwrap();
    assert_eq!(book.sheet_names(), ["汇总", "一级指标", "明细", "扣分", "部门排名", "达标判定", "说明", "图表"]);

    let summary = rows(&sheet(&out, "汇总"));
    // A title row: the round's name (the tree's title here) and the date (none given).
    assert_eq!(summary[0][0], "XX市法治政府建设示范创建指标体系（示例，非官方） · 汇总");
    assert_eq!(summary[1], ["名次", "单位", "实得分", "适用满分", "百分制得分", "等次", "达标", "达标线"]);
    let expected = [
        ["1", "甲区", "1010", "1120", "90.2", "", "是", "90"],
        ["2", "丁县", "990", "1100", "90", "", "是", "90"],
        ["3", "丙县", "977.5", "1120", "87.3", "", "否", "90"],
        ["3", "乙区", "978", "1120", "87.3", "", "否", "90"],
        ["5", "戊市", "890", "1120", "79.5", "", "否", "90"],
    ];
    assert_eq!(summary[2..], expected.map(|r| r.map(String::from)));

    // The totals are live formulas over the detail sheet.
    let f = formulas(&out, "汇总");
    let at = |r: u32, c: u32| f.get_value((r, c)).cloned().unwrap_or_default();
    assert_eq!(at(2, 2), "SUM('明细'!G2:G113)");
    assert_eq!(at(2, 3), "SUMPRODUCT(ISNUMBER('明细'!G2:G113)*'明细'!F2:F113)");
    assert_eq!(at(2, 4), "IF(D3=0,0,ROUND(C3*100/D3,1))");
    assert_eq!(at(6, 0), "RANK(E7,$E$3:$E$7)");

    let detail = rows(&sheet(&out, "明细"));
    assert_eq!(detail.len(), 1 + 5 * 112);
    assert_eq!(detail[0], ["单位", "编号", "一级指标", "二级指标", "三级指标", "分值", "得分", "扣分", "扣分原因", "来源单元格"]);
    assert_eq!(detail[1][..2], ["甲区", "1.1.1"]);
    assert_eq!(detail[1][5..9], ["10", "5", "5", "佐证材料不全"]);
    assert!(detail[1][9].starts_with("samples/多单位得分.xlsx!"), "{}", detail[1][9]);
    let not_applicable: Vec<&Vec<String>> = detail.iter().filter(|r| r[6] == "不涉及").collect();
    assert_eq!(not_applicable.len(), 2);
    assert!(not_applicable.iter().all(|r| r[0] == "丁县" && r[7].is_empty()));

    // Lost points, largest first.
    let lost = rows(&sheet(&out, "扣分"));
    // Exact decimals, as the tool counts them.
    let amounts: Vec<rust_decimal::Decimal> = lost[1..].iter().map(|r| r[5].parse().unwrap()).collect();
    assert!(amounts.windows(2).all(|w| w[0] >= w[1]), "{amounts:?}");
    let total_lost: rust_decimal::Decimal = amounts.iter().sum();
    assert_eq!(total_lost.to_string(), "734.5", "(1120 − 1010) + (1100 − 990) + (1120 − 977.5) + (1120 − 978) + (1120 − 890)");

    let level1 = rows(&sheet(&out, "一级指标"));
    assert_eq!(level1.len(), 2 + 5);
    assert_eq!(level1[0][..2], ["单位", "得分率"]);
    assert_eq!(level1[2][0], "甲区");

    let verdicts = rows(&sheet(&out, "达标判定"));
    assert_eq!(verdicts[0][0], "XX市法治政府建设示范创建指标体系（示例，非官方） · 达标判定");
    assert_eq!(verdicts[2], ["1", "甲区", "90.2", "", "是", "得分 90.2 达到达标线 90 分"]);
    assert_eq!(verdicts[6], ["5", "戊市", "79.5", "", "否", "得分 79.5 低于达标线 90 分,差 10.5 分"]);

    let notes = rows(&sheet(&out, "说明"));
    let note = |what: &str| notes.iter().find(|r| r[0] == what).map(|r| r[1].clone()).unwrap_or_default();
    assert_eq!(note("工具版本"), format!("zhibiao {}", env!("CARGO_PKG_VERSION")));
    assert_eq!(note("日期"), "未指定(可用 --date 指定)");
    assert_eq!(note("指标体系指纹").len(), 16);
    let sha = sha256_hex(Path::new(env!("CARGO_MANIFEST_DIR")).join(FIVE_UNITS));
    assert_eq!(note(FIVE_UNITS), sha);
    assert!(notes.iter().any(|r| r[1] == "百分制得分 = 实得分 ÷ 适用满分 × 100,四舍五入(逢五进一)保留 1 位小数"));

    let departments = rows(&sheet(&out, "部门排名"));
    assert_eq!(departments[0][0], "XX市法治政府建设示范创建指标体系（示例，非官方） · 部门排名");
    assert_eq!(departments[1], ["名次", "部门", "指标数", "实得分", "适用满分", "得分率"]);
    assert!(departments.len() > 3);
    assert_eq!(departments[2][0], "1");
}

fn sha256_hex(path: PathBuf) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(fs::read(path).unwrap()).iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn same_inputs_give_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.xlsx"), dir.path().join("b.xlsx"));
    five_units(&a, &["--date", "2025-01-31"]);
    five_units(&b, &["--date", "2025-01-31"]);
    assert_eq!(fs::read(&a).unwrap(), fs::read(&b).unwrap());
    let notes = rows(&sheet(&a, "说明"));
    assert!(notes.iter().any(|r| r[0] == "日期" && r[1] == "2025-01-31"));
}

#[test]
fn english_sheet_names() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("result.xlsx");
    five_units(&out, &["--lang", "en"]);
    let book: Xlsx<_> = open_workbook(&out).unwrap();
    assert_eq!(book.sheet_names(), ["Summary", "Level 1", "Items", "Lost points", "Departments", "Verdicts", "Notes", "Charts"]);
    assert_eq!(rows(&sheet(&out, "Summary"))[2][..5], ["1", "甲区", "1010", "1120", "90.2"]);
}

/// Two cells agree when they are the same text, or numbers equal up to the last bits of a double.
fn same(a: Option<&Data>, b: Option<&Data>) -> bool {
    let number = |d: Option<&Data>| match d {
        Some(Data::Float(f)) => Some(*f),
        Some(Data::Int(i)) => Some(*i as f64),
        _ => None,
    };
    match (number(a), number(b)) {
        (Some(x), Some(y)) => (x - y).abs() <= 1e-9 * x.abs().max(1.0),
        _ => show(a) == show(b),
    }
}

/// LibreOffice keeps an xlsx file's cached results unless told to recalculate on load.
const RECALCULATE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"#;

#[test]
fn libreoffice_recalculates_every_formula_to_the_tools_value() {
    if !crate::support::has_soffice() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let previous = dir.path().join("上年.xlsx");
    five_units(&previous, &["--rank-on", "exact"]);
    let five = dir.path().join("五单位.xlsx");
    five_units(&five, &["--previous", previous.to_str().unwrap()]);
    // One 一级 indicator, and a unit to which nothing applies: the IF(…=0) branches.
    let tree = dir.path().join("指标.csv");
    fs::write(&tree, "编号,一级指标,二级指标,三级指标,分值\nA1,一、制度,(一)文件,文件审核,10\nA2,,,目录公开,7.5\n").unwrap();
    let scores = dir.path().join("得分.csv");
    // 丙区: 8.750875 × 100 ÷ 17.5 = 50.005 exactly, which rounds half away from zero to 50.01
    // (a double holds 50.00499…, so a naive rounding gives 50.00).
    let rows_csv = "单位,编号,得分\n甲区,A1,不涉及\n甲区,A2,不涉及\n乙区,A1,3.3\n乙区,A2,4.15\n丙区,A1,5\n丙区,A2,3.750875\n";
    fs::write(&scores, rows_csv).unwrap();
    let small = dir.path().join("小.xlsx");
    zhibiao().args(["score", "--tree"]).arg(&tree).arg(&scores).args(["--decimals", "2", "--out"]).arg(&small).assert().success();
    // 倒扣: A2 is a 倒扣项. 甲区 (8 − 6) × 100 ÷ 20 = 10; 乙区 2 − 9 stops at 0: the MAX(0,…) branch.
    let tree = dir.path().join("倒扣指标.csv");
    fs::write(&tree, "编号,一级指标,二级指标,三级指标,分值,类型\nA1,一、制度,(一)文件,文件审核,10,\nA2,,,决策审查,10,倒扣项\n").unwrap();
    let scores = dir.path().join("倒扣得分.csv");
    fs::write(&scores, "单位,编号,得分,扣分\n甲区,A1,8,\n甲区,A2,,16\n乙区,A1,2,\n乙区,A2,,19\n").unwrap();
    let penalized = dir.path().join("倒扣.xlsx");
    zhibiao().args(["score", "--tree"]).arg(&tree).arg(&scores).args(["--out"]).arg(&penalized).assert().success();
    // Two rounds: 汇总's 差值 is a formula too.
    let review = dir.path().join("核定.xlsx");
    zhibiao()
        .args(["score", "--tree", "indicators/示范创建指标体系-示例.xlsx", "samples/顺城区-核定得分.xlsx", "--out"])
        .arg(&review)
        .assert()
        .success();

    let profile = dir.path().join("profile");
    fs::create_dir_all(profile.join("user")).unwrap();
    fs::write(profile.join("user/registrymodifications.xcu"), RECALCULATE).unwrap();
    let recalculated = dir.path().join("recalculated");
    let status = Process::new("soffice")
        .args(["--headless", "--norestore"])
        .arg(format!("-env:UserInstallation=file://{}", profile.display()))
        .args(["--convert-to", "xlsx", "--outdir"])
        .arg(&recalculated)
        .args([&five, &small, &penalized, &review])
        .output()
        .unwrap();
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));

    let compare = |ours: &Path| {
        let theirs = recalculated.join(ours.file_name().unwrap());
        let mut checked = 0;
        for name in ["汇总", "一级指标"] {
            let (mine, recomputed, cells) = (sheet(ours, name), sheet(&theirs, name), formulas(ours, name));
            let start = cells.start().unwrap();
            for (r, c, formula) in cells.used_cells() {
                if formula.is_empty() {
                    continue;
                }
                let at = (start.0 + r as u32, start.1 + c as u32);
                let (a, b) = (mine.get_value(at), recomputed.get_value(at));
                assert!(same(a, b), "{name}!{at:?} {formula}: tool {a:?}, LibreOffice {b:?}");
                checked += 1;
            }
        }
        checked
    };
    // 汇总: rank, obtained, maximum, score, change, rank change for 5 units; 一级指标: 3 × 9 for 5 units.
    assert_eq!(compare(&five), 5 * 6 + 5 * 27);
    // 汇总: rank, obtained, maximum, score for 3 units; 一级指标: 3 for 3 units.
    assert_eq!(compare(&small), 3 * 4 + 3 * 3);
    // 汇总: rank, obtained, maximum, score and 差值 for 顺城区; 一级指标: 3 × 9.
    assert_eq!(compare(&review), 5 + 27);
    let summary = rows(&sheet(&small, "汇总"));
    assert_eq!(summary[2][..5], ["1", "丙区", "8.750875", "17.5", "50.01"]);
    assert_eq!(summary[3][..5], ["2", "乙区", "7.45", "17.5", "42.57"]);
    assert_eq!(summary[4][..5], ["3", "甲区", "0", "0", "0"]);
    assert_eq!(rows(&sheet(&small, "一级指标"))[4][..2], ["甲区", "不涉及"]);
    // 汇总: rank, obtained, maximum, 倒扣, score for 2 units; 一级指标: 3 for 2 units.
    assert_eq!(compare(&penalized), 2 * 5 + 2 * 3);
    let summary = rows(&sheet(&penalized, "汇总"));
    assert_eq!(summary[1][..5], ["名次", "单位", "实得分", "适用满分", "百分制得分"]);
    assert_eq!(summary[2][1..5], ["甲区", "8", "20", "10"]);
    assert_eq!(summary[3][1..5], ["乙区", "2", "20", "0"]);
}

/// A small tree and scores in csv, for two years that differ.
fn year(dir: &Path, name: &str, items: &[(&str, &str)], scores: &[(&str, &str, &str)]) -> (PathBuf, PathBuf) {
    let mut tree = String::from("编号,一级指标,二级指标,三级指标,分值,责任单位\n");
    for (code, text) in items {
        tree.push_str(&format!("{code},一、制度,(一)文件,{text},10,司法局\n"));
    }
    let mut sheet = String::from("单位,编号,得分,扣分原因\n");
    for (unit, code, score) in scores {
        sheet.push_str(&format!("{unit},{code},{score},\n"));
    }
    let (t, s) = (dir.join(format!("{name}-指标.csv")), dir.join(format!("{name}-得分.csv")));
    fs::write(&t, tree).unwrap();
    fs::write(&s, sheet).unwrap();
    (t, s)
}

#[test]
fn previous_year_adds_changes_and_lists_what_moved() {
    let dir = tempfile::tempdir().unwrap();
    let (tree, scores) = year(
        dir.path(),
        "2023",
        &[("A1", "规范性文件审核"), ("A2", "决策目录公开"), ("A3", "执法公示")],
        &[
            ("甲区", "A1", "10"),
            ("甲区", "A2", "8"),
            ("甲区", "A3", "9"),
            ("乙区", "A1", "10"),
            ("乙区", "A2", "10"),
            ("乙区", "A3", "10"),
            ("丙区", "A1", "5"),
            ("丙区", "A2", "5"),
            ("丙区", "A3", "5"),
        ],
    );
    // Last year's workbook was written in English: it is read all the same.
    let last_year = dir.path().join("2023年度结果.xlsx");
    zhibiao().args(["--lang", "en", "score", "--tree"]).arg(&tree).arg(&scores).arg("--out").arg(&last_year).assert().success();

    let (tree, scores) = year(
        dir.path(),
        "2024",
        &[("A1", "规范性文件合法性审核"), ("A2", "决策目录公开"), ("A4", "复议纠错")],
        &[
            ("甲区", "A1", "10"),
            ("甲区", "A2", "10"),
            ("甲区", "A4", "10"),
            ("乙区", "A1", "9"),
            ("乙区", "A2", "9"),
            ("乙区", "A4", "9"),
            ("丁区", "A1", "6"),
            ("丁区", "A2", "6"),
            ("丁区", "A4", "6"),
        ],
    );
    let out = dir.path().join("2024年度结果.xlsx");
    zhibiao().args(["score", "--tree"]).arg(&tree).arg(&scores).arg("--out").arg(&out).arg("--previous").arg(&last_year).assert().success();
    let summary = rows(&sheet(&out, "汇总"));
    assert_eq!(summary[1][7..], ["上年得分", "上年名次", "变化", "名次变化", "达标线"]);
    // 甲区 90 (2nd) → 100 (1st); 乙区 100 (1st) → 90 (2nd); 丁区 is new.
    assert_eq!(summary[2][..5], ["1", "甲区", "30", "30", "100"]);
    assert_eq!(summary[2][7..11], ["90", "2", "10", "1"]);
    assert_eq!(summary[3][7..11], ["100", "1", "-10", "-1"]);
    assert_eq!(summary[4][1], "丁区");
    assert_eq!(summary[4][7..11], ["", "", "", ""]);
    // The notes name last year's workbook by the digest of the bytes that were read.
    let notes = rows(&sheet(&out, "说明"));
    let previous = notes.iter().find(|r| r[0] == "上年结果").map(|r| r[1].clone()).unwrap_or_default();
    assert_eq!(previous, format!("{}  {}", last_year.display(), sha256_hex(last_year.clone())));
    let changes = rows(&sheet(&out, "年度对比"));
    assert_eq!(
        changes,
        [
            ["类别", "单位或编号", "本年", "上年"],
            ["新增单位", "丁区", "", ""],
            ["减少单位", "丙区", "", ""],
            ["新增指标", "A4", "复议纠错", ""],
            ["删除指标", "A3", "", "执法公示"],
            ["指标表述变化", "A1", "规范性文件合法性审核", "规范性文件审核"],
        ]
        .map(|r| r.map(String::from))
    );

    // Last year's workbook is an input: it is never overwritten.
    zhibiao()
        .args(["score", "--tree"])
        .arg(&tree)
        .arg(&scores)
        .arg("--out")
        .arg(&last_year)
        .arg("--previous")
        .arg(&last_year)
        .assert()
        .code(2)
        .stderr(format!("错误: 输出文件 {} 同时是输入文件,为防止覆盖原始数据已拒绝\n", last_year.display()));

    // --previous must be a result workbook.
    zhibiao()
        .args(["score", "--tree"])
        .arg(&tree)
        .arg(&scores)
        .arg("--out")
        .arg(dir.path().join("x.xlsx"))
        .arg("--previous")
        .arg(&scores)
        .assert()
        .code(1)
        .stderr(format!(
            "错误: 读取上年结果 {p} 失败\n  原因: 共发现 1 个问题\n  {p}: {p} 不是本工具写出的年度结果: 没有“汇总”工作表\n",
            p = scores.display()
        ));
}

#[test]
fn csv_and_json_by_extension() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("result.csv");
    five_units(&csv, &[]);
    let text = fs::read_to_string(&csv).unwrap();
    assert_eq!(text.lines().next().unwrap().split(',').take(6).collect::<Vec<_>>(), ["名次", "单位", "实得分", "适用满分", "百分制得分", "达标"]);
    assert!(text.lines().nth(1).unwrap().starts_with("1,甲区,1010,1120,90.2,是,"));
    let json = dir.path().join("result.json");
    five_units(&json, &[]);
    let value: serde_json::Value = serde_json::from_slice(&fs::read(&json).unwrap()).unwrap();
    assert_eq!(value["units"][0]["score"], "90.2");
    assert_eq!(value["units"][4]["unit"], "戊市");
}

#[test]
fn refuses_an_output_that_is_an_input_or_of_unknown_kind() {
    let dir = tempfile::tempdir().unwrap();
    let scores = dir.path().join("得分.xlsx");
    fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join(FIVE_UNITS), &scores).unwrap();
    let before = fs::read(&scores).unwrap();
    zhibiao()
        .args(["score", "--tree", TREE])
        .arg(&scores)
        .arg("--out")
        .arg(&scores)
        .assert()
        .code(2)
        .stderr(format!("错误: 输出文件 {} 同时是输入文件,为防止覆盖原始数据已拒绝\n", scores.display()));
    assert_eq!(fs::read(&scores).unwrap(), before);
    zhibiao()
        .args(["score", "--tree", TREE, FIVE_UNITS, "--out"])
        .arg(dir.path().join("result.txt"))
        .assert()
        .code(2)
        .stderr(format!("错误: --out {}: 只能写出 .xlsx、.csv 或 .json 文件\n", dir.path().join("result.txt").display()));
    // The extension chooses the kind of file; --format is for the screen only.
    zhibiao().args(["score", "--tree", TREE, FIVE_UNITS, "--format", "json", "--out"]).arg(dir.path().join("r.csv")).assert().code(2);
    zhibiao()
        .args(["score", "--tree", TREE, FIVE_UNITS, "--date", "2025-02-30", "--out"])
        .arg(dir.path().join("r.xlsx"))
        .assert()
        .code(2)
        .stderr("错误: --date 2025-02-30: 日期应写作 2025-01-31\n");
}

#[test]
fn weighted_scores_are_written_as_values_and_said_so() {
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path().join("指标.csv");
    fs::write(&tree, "编号,一级指标,二级指标,三级指标,分值,权重\nA1,一、制度,(一)文件,文件审核,10,60%\nB1,二、执法,(一)公示,执法公示,10,40%\n")
        .unwrap();
    let scores = dir.path().join("得分.csv");
    fs::write(&scores, "单位,编号,得分\n甲区,A1,10\n甲区,B1,5\n").unwrap();
    let out = dir.path().join("结果.xlsx");
    zhibiao().args(["score", "--tree"]).arg(&tree).arg(&scores).arg("--out").arg(&out).assert().success();
    // 100 × 60% + 50 × 40% = 80, while 15 of 20 points would be 75.
    assert_eq!(rows(&sheet(&out, "汇总"))[2][..5], ["1", "甲区", "15", "20", "80"]);
    let f = formulas(&out, "汇总");
    assert_eq!(f.get_value((2, 2)).map(String::as_str), Some("SUM('明细'!G2:G3)"));
    assert_eq!(f.get_value((2, 4)).map(String::as_str).unwrap_or_default(), "");
    let notes = rows(&sheet(&out, "说明"));
    assert!(notes.iter().any(|r| r[1].starts_with("实得分、适用满分为公式(取自“明细”表);加权方案的百分制得分与得分率为本工具")));
}

/// The item sheets are written by the tool's own SpreadsheetML writer: text that XML cannot hold
/// as it is comes back unchanged, scores keep every digit, and the sheets keep the layout of the
/// others (frozen columns, widths, borders).
#[test]
fn item_sheets_keep_odd_text_exact_numbers_and_layout() {
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path().join("指标.csv");
    fs::write(&tree, "编号,一级指标,二级指标,三级指标,分值,责任单位\nA1,一、制度,(一)文件,文件 & <审核>,10,司法局、财政局\nA2,一、制度,(一)文件,决策公开,10,司法局\n").unwrap();
    let judicial = dir.path().join("司法局.csv");
    let odd = "台账 _x0041_ 缺\u{7}失 & <附件>\n另见第 2 页";
    fs::write(&judicial, format!("单位,部门,编号,得分,扣分原因\n甲区,司法局,A1,9,\"{odd}\"\n甲区,司法局,A2,10,\n")).unwrap();
    let finance = dir.path().join("财政局.csv");
    fs::write(&finance, "单位,部门,编号,得分\n甲区,财政局,A1,8\n").unwrap();
    let out = dir.path().join("结果.xlsx");
    zhibiao().args(["score", "--tree"]).arg(&tree).arg(&judicial).arg(&finance).arg("--out").arg(&out).assert().success();

    let detail = rows(&sheet(&out, "明细"));
    assert_eq!(detail[1][..8], ["甲区", "A1", "一、制度", "(一)文件", "文件 & <审核>", "10", "8.5", "1.5"]);
    assert_eq!(detail[1][8], odd);
    assert_eq!(detail[1][9], format!("{}!D2\n{}!D2", judicial.display(), finance.display()));
    let lost = rows(&sheet(&out, "扣分"));
    assert_eq!(lost.len(), 2);
    assert_eq!(lost[1][..6], ["甲区", "A1", "文件 & <审核>", "10", "8.5", "1.5"]);

    let mut package = zip::ZipArchive::new(fs::File::open(&out).unwrap()).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut package.by_name("xl/worksheets/sheet3.xml").unwrap(), &mut xml).unwrap();
    assert!(xml.contains(r#"<dimension ref="A1:J3"/>"#), "{xml}");
    assert!(xml.contains(r#"<pane xSplit="2" ySplit="1""#), "{xml}");
    assert!(xml.contains(r#"<col min="5" max="5" width="15.7109375" customWidth="1"/>"#), "{xml}");
    // Every cell has the bordered format of the other sheets; none is left in the default one.
    assert!(!xml.contains(r#"<c r="A2" s="0""#) && xml.matches("<c ").count() == xml.matches(" s=\"").count());
    // Names repeated on every row are shared strings, the table's counts kept true.
    assert_eq!(xml.matches(r#" t="s""#).count(), 2 * 5);
    let mut strings = String::new();
    std::io::Read::read_to_string(&mut package.by_name("xl/sharedStrings.xml").unwrap(), &mut strings).unwrap();
    let unique = strings.matches("<si>").count();
    assert!(strings.contains(&format!(r#"uniqueCount="{unique}""#)), "{strings}");
}

/// Any text a clerk can type — control characters, markup, escapes that look like Excel's own,
/// CJK, emoji — comes back from the result workbook as it went in (trimmed, as it is read).
mod any_text {
    use super::*;
    use proptest::prelude::*;

    fn text() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            "a", "Z", "9", " ", "\u{3000}", "\t", "\n", "\r", "\u{7}", "\u{1}", "\u{1f}", "&", "<", ">", "\"", "'", "_", "x", "_x0041_", "_x00",
            "_x00FF", "財", "政", "局", "扣", "分", "\u{fffe}", "\u{ffff}", "😀", ",", ";",
        ]);
        prop::collection::vec(pieces, 0..24).prop_map(|p| p.concat())
    }

    fn trimmed(s: &str) -> String {
        s.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}').to_string()
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

        #[test]
        fn round_trips(unit in text(), remark in text()) {
            let dir = tempfile::tempdir().unwrap();
            let tree = dir.path().join("指标.csv");
            fs::write(&tree, "编号,一级指标,二级指标,三级指标,分值\nA1,一、制度,(一)文件,文件审核,10\n").unwrap();
            let scores = dir.path().join("得分.csv");
            let unit = format!("U{unit}");
            let mut w = csv::Writer::from_path(&scores).unwrap();
            w.write_record(["单位", "编号", "得分", "扣分原因"]).unwrap();
            w.write_record([unit.as_str(), "A1", "7.5", remark.as_str()]).unwrap();
            w.flush().unwrap();
            let out = dir.path().join("结果.xlsx");
            zhibiao().args(["score", "--tree"]).arg(&tree).arg(&scores).arg("--out").arg(&out).assert().success();

            let detail = rows(&sheet(&out, "明细"));
            prop_assert_eq!(&detail[1][0], &trimmed(&unit));
            prop_assert_eq!(&detail[1][6], "7.5");
            prop_assert_eq!(&detail[1][8], &trimmed(&remark));
            let lost = rows(&sheet(&out, "扣分"));
            prop_assert_eq!(&lost[1][6], &trimmed(&remark));
            prop_assert_eq!(&rows(&sheet(&out, "汇总"))[2][1], &trimmed(&unit));
        }
    }
}
