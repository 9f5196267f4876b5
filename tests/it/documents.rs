//! Documents (issue 25 §7): numbered prose read as a tree from a .txt, a .docx's paragraphs or a
//! sheet of one text column, a .docx's tables read as sheets, and a .doc refused. The wording is
//! short and made up; the structure follows the published document named above each test.

use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::{expect, json_of, repo_file, write, zhibiao};

fn fixture(name: &str) -> PathBuf {
    repo_file(&format!("tests/fixtures/documents/{name}"))
}

fn tree_json(tree: &Path) -> Value {
    json_of(&expect(zhibiao().args(["tree", "--format", "json"]).arg(tree), 0).stdout)
}

fn check(tree: &Path) -> String {
    String::from_utf8(expect(zhibiao().arg("check").arg(tree), 0).stdout).unwrap()
}

fn check_fails(tree: &Path) -> String {
    String::from_utf8(expect(zhibiao().arg("check").arg(tree), 1).stderr).unwrap()
}

/// (level1, level2, items, points) of `tree --format json`.
fn counts(json: &Value) -> (u64, u64, u64, &str) {
    (json["level1"].as_u64().unwrap(), json["level2"].as_u64().unwrap(), json["items"].as_u64().unwrap(), json["points"].as_str().unwrap())
}

/// The rows of `tree --format csv`: code, 一级, 二级 (empty where the tree has none), item, points. The csv
/// has a column per tier the tree has, the items' last before 分值.
fn tree_rows(tree: &Path) -> Vec<Vec<String>> {
    let out = expect(zhibiao().args(["tree", "--format", "csv"]).arg(tree), 0).stdout;
    let mut reader = csv::Reader::from_reader(&out[..]);
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
    let at = |name: &str| header.iter().position(|h| h == name);
    let points = at("分值").unwrap();
    let columns = [Some(0), at("一级指标"), at("二级指标").filter(|&c| c + 1 < points), Some(points - 1), Some(points)];
    reader.records().map(|r| r.unwrap()).map(|r| columns.iter().map(|c| c.map_or(String::new(), |c| r[c].to_string())).collect()).collect()
}

/// A .docx of the given body XML, as Word lays it out (the one part a reader needs).
fn docx(dir: &Path, name: &str, body: &str) -> PathBuf {
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}<w:sectPr/></w:body></w:document>"#
    );
    out.start_file("[Content_Types].xml", zip::write::SimpleFileOptions::default()).unwrap();
    out.write_all(br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#).unwrap();
    out.start_file("word/document.xml", zip::write::SimpleFileOptions::default()).unwrap();
    out.write_all(xml.as_bytes()).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, out.finish().unwrap().into_inner()).unwrap();
    path
}

fn p(text: &str) -> String {
    format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>")
}

/// A table cell: its properties (gridSpan, vMerge) and its paragraphs.
fn tc(props: &str, paragraphs: &[&str]) -> String {
    let body: String = paragraphs.iter().map(|t| p(t)).collect();
    format!("<w:tc><w:tcPr>{props}</w:tcPr>{}</w:tc>", if body.is_empty() { "<w:p/>".to_string() } else { body })
}

fn tr(cells: &[String]) -> String {
    format!("<w:tr>{}</w:tr>", cells.concat())
}

const RESTART: &str = r#"<w:vMerge w:val="restart"/>"#;
const CONTINUE: &str = "<w:vMerge/>";

/// The duty list of 营口市 (seeds/004, as published on the city's site, copied whole with the page's
/// header and footer): 三 parts, the first two of principles (一)–(六) and duties (一)–(四) with
/// nothing numbered under them, the third of (一)–(七) with duties 1–27 numbered through; no points.
#[test]
fn the_duty_list_of_yingkou_reads_by_its_numbering() {
    let tree = fixture("营口-第一责任人职责清单.txt");
    let json = tree_json(&tree);
    // 10 headings scored directly (6 + 4) and 27 duties: 37 items at the default 10 points.
    assert_eq!(counts(&json), (3, 17, 37, "370"));
    assert_eq!(json["reading"]["points"], "default");
    assert_eq!(json["reading"]["default_points"], "10");
    assert_eq!(json["reading"]["prose"]["numbering"], serde_json::json!(["一、", "(一)", "1."]));
    let rows = tree_rows(&tree);
    let per_level1 = |code: &str| rows.iter().filter(|r| r[0].starts_with(code)).count();
    assert_eq!((per_level1("1."), per_level1("2."), per_level1("3.")), (6, 4, 27));
    // Duties per (一)–(七) of 三: 5, 5, 5, 3, 3, 4, 2.
    let per_level2: Vec<usize> = (1..=7).map(|k| rows.iter().filter(|r| r[0].starts_with(&format!("3.{k}."))).count()).collect();
    assert_eq!(per_level2, [5, 5, 5, 3, 3, 4, 2]);
    let start = |r: &Vec<String>| (r[0].clone(), r[3].chars().take(8).collect::<String>());
    let s = |a: &str, b: &str| (a.to_string(), b.to_string());
    assert_eq!(start(&rows[0]), s("1.1.1", "(一)坚持带头深"));
    assert_eq!(start(&rows[9]), s("2.4.1", "(四)对法治建设"));
    assert_eq!(start(&rows[10]), s("3.1.1", "1.推动制定营口"));
    assert_eq!(start(&rows[15]), s("3.2.1", "6.推动制定年度"));
    assert_eq!(start(&rows[36]), s("3.7.2", "27.推动法治政"));
    assert!(rows.iter().all(|r| r[4] == "10"));
    // Each duty keeps its own number (1–27), a score sheet may name it so.
    let out = check(&tree);
    assert!(out.contains("第22行、第24行、第26行、第28行、第30行、第32行、第38行、第40行、第42行、第44行"), "{out}");
    assert!(out.contains("分值未给出,每项按 10 分计"), "{out}");
    // What was left out, line by line: the page's header, the preamble, the three introductions, the footer.
    let left: Vec<&str> = out.lines().skip_while(|l| !l.starts_with("未读作指标的文字")).skip(1).take_while(|l| l.starts_with("  ")).collect();
    let lines: Vec<&str> = left.iter().map(|l| l.trim().split(':').next().unwrap()).collect();
    assert_eq!(
        lines,
        ["第1行", "第3行", "第5行", "第7行", "第9行", "第11行", "第13行", "第16行", "第20行", "第36行", "第48行", "第118行", "第119行", "第120行"]
    );
    assert!(left[7].contains("为深入贯彻习近平法治思想") && left[7].ends_with('…'), "{}", left[7]);
    assert_eq!(left[10], "  第48行: 政府主要负责人在推进法治建设中应当履行以下主要职责:");
    assert_eq!(left[13], "  第120行: 扫一扫在手机打开当前页");
    assert!(out.ends_with("指标体系无误: 一级指标 3 项、二级指标 17 项、三级指标 37 项,满分 370 分\n"), "{out}");
    // A stated default applies and is said: --points 5.
    let json = json_of(&expect(zhibiao().args(["tree", "--format", "json", "--points", "5"]).arg(&tree), 0).stdout);
    assert_eq!(counts(&json), (3, 17, 37, "185"));
}

/// Scored by the duties' own numbers: 第5项 is 3.1.5, whichever way the sheet names it.
#[test]
fn a_duty_is_scored_by_its_own_number() {
    let dir = tempfile::tempdir().unwrap();
    let scores = write(dir.path(), "得分.csv", "单位,编号,得分\n营口市政府,5,7\n营口市政府,3.1.4,8\n");
    let out = expect(
        zhibiao().args(["score", "--format", "json", "--missing", "zero", "--tree"]).arg(fixture("营口-第一责任人职责清单.txt")).arg(&scores),
        0,
    );
    let unit = &json_of(&out.stdout)["units"][0];
    // 7 + 8 of 370: 15 / 370 × 100 = 4.054… → 4.1.
    assert_eq!((unit["raw"].as_str(), unit["max"].as_str(), unit["score"].as_str()), (Some("15"), Some("370"), Some("4.1")));
    // The scheme's default (points = 5) applies, and the result says so: 4 + 3 of 185 → 3.78… → 3.8.
    let scheme = write(dir.path(), "方案.toml", "points = 5\n");
    let scores = write(dir.path(), "得分5.csv", "单位,编号,得分\n营口市政府,5,4\n营口市政府,3.1.4,3\n");
    let table = expect(
        zhibiao()
            .args(["score", "--missing", "zero", "--scheme"])
            .arg(&scheme)
            .arg("--tree")
            .arg(fixture("营口-第一责任人职责清单.txt"))
            .arg(&scores),
        0,
    );
    let table = String::from_utf8(table.stdout).unwrap();
    assert!(table.contains("│ 1    │ 营口市政府 │ 7      │ 185      │ 3.8        │ 否   │"), "{table}");
    assert!(table.contains("· 分值未给出,每项按 5 分计(默认分值: --points,或评分方案的 points,都未给出时为 10)\n"), "{table}");
}

/// The same text saved by Notepad on Chinese Windows (GBK) reads the same.
#[test]
fn a_gbk_text_reads_as_its_utf8_copy() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(fixture("营口-第一责任人职责清单.txt")).unwrap();
    let path = dir.path().join("清单.txt");
    std::fs::write(&path, encoding_rs::GBK.encode(&text).0).unwrap();
    assert_eq!(tree_json(&path)["fingerprint"], tree_json(&fixture("营口-第一责任人职责清单.txt"))["fingerprint"]);
}

/// 开江县 部门法治政府建设考核细则 (published as numbered prose on the county's site): 一、/(一)/1. with
/// "(N分)" at every tier, "考核:" rules under items, two 二级 scored directly with lines under them,
/// and one heading run together with its first item ("(四)……(3分)1.……"); the file is GBK.
#[test]
fn kaijiang_prose_with_points_at_every_tier() {
    let tree = fixture("开江-部门考核细则.txt");
    let json = tree_json(&tree);
    assert_eq!(counts(&json), (2, 5, 9, "15"));
    assert_eq!(json["reading"]["points"], "text");
    let points: Vec<String> = tree_rows(&tree).iter().map(|r| format!("{}={}", r[0], r[4])).collect();
    assert_eq!(points, ["1.1.1=3", "1.1.2=0.5", "1.1.3=0.5", "1.2.1=1", "1.3.1=1", "1.4.1=1.5", "1.4.2=1.5", "2.1.1=4", "2.1.2=2"]);
    let out = check(&tree);
    assert!(out.contains("直接计分的上级指标(其下唯一一项承接其分值): 第8行、第11行"), "{out}");
    assert!(out.contains("小计核对相符 5 处: 第3行(9 分)、第16行(6 分)、第4行(4 分)、第14行(3 分)、第17行(6 分)"), "{out}");
    assert!(out.contains("  第21行: 开江县全面依法治县委员会办公室\n  第22行: 2018年3月\n"), "{out}");
    // The heading's subtotal is checked: (四) says 3, its items 1.5 + 1.5; made 4, it is refused at its line.
    let dir = tempfile::tempdir().unwrap();
    let text = String::from_utf8(encoding_rs::GBK.decode(&std::fs::read(&tree).unwrap()).0.into_owned().into_bytes()).unwrap();
    let wrong = write(dir.path(), "细则.txt", &text.replace("不断提升(3分)", "不断提升(4分)").replace("推进依法行政(6分)", "推进依法行政(7分)"));
    let err = check_fails(&wrong);
    assert!(err.contains("细则.txt!第14行: 二级指标写明 4 分,所属三级指标合计 3 分"), "{err}");
    assert!(err.contains("细则.txt!第16行: 一级指标写明 7 分,所属三级指标合计 6 分"), "{err}");
    assert_eq!(err.matches("细则.txt!第").count(), 2, "{err}");
}

/// 镇江市政府工作部门法治政府建设考核细则 (附件2, published as a Word table): 序号 and 考核项目 merged
/// down their rows (vMerge), the project's points in its name ("(10分)"), 考核内容 and 评分细则 per
/// row, a 分值 column, 自评分 and 考核分 left empty, and a 合计 row merged across four columns (gridSpan).
fn zhenjiang_table(total: &str) -> String {
    let header = tr(&["序号", "考核项目", "考核内容和基本要求", "评分细则", "分值", "自评分", "考核分"].map(|h| tc("", &[h])));
    let row = |no: &str, project: &str, content: &str, rule: &str, points: &str, first: bool| {
        let merge = if first { RESTART } else { CONTINUE };
        tr(&[tc(merge, &[no]), tc(merge, &[project]), tc("", &[content]), tc("", &[rule]), tc("", &[points]), tc("", &[]), tc("", &[])])
    };
    let rows = [
        row("1", "依法履行职责情况(10分)", "(一)规范机构设置", "未严格执行“三定”规定的,扣2分", "4", true),
        row("", "", "(二)推行权责清单制度", "未公布权责清单的扣3分;\n未动态调整的扣1分", "6", false),
        row("2", "制度建设情况(8分)", "(一)规范性文件合法性审核", "未经审核的每件扣1分", "5", true),
        row("", "", "(二)规范性文件备案", "未按时报备的每件扣1分", "3", false),
    ];
    let total = tr(&[tc(r#"<w:gridSpan w:val="4"/>"#, &["合计"]), tc("", &[total]), tc("", &[]), tc("", &[])]);
    format!("{}<w:tbl>{header}{}{total}</w:tbl>{}", p("镇江市政府工作部门法治政府建设考核细则"), rows.concat(), p("注: 考核分由考核组填写。"))
}

#[test]
fn zhenjiang_word_table_with_merged_cells() {
    let dir = tempfile::tempdir().unwrap();
    let tree = docx(dir.path(), "镇江-考核细则.docx", &zhenjiang_table("18"));
    let json = tree_json(&tree);
    assert_eq!(counts(&json), (2, 0, 4, "18"));
    assert!(json["source"].as_str().unwrap().ends_with("镇江-考核细则.docx!表1"), "{}", json["source"]);
    let rows = tree_rows(&tree);
    let shown: Vec<String> = rows.iter().map(|r| format!("{} {} {} {}", r[0], r[1], r[3], r[4])).collect();
    assert_eq!(
        shown,
        [
            "1.1 依法履行职责情况(10分) (一)规范机构设置 4",
            "1.2 依法履行职责情况(10分) (二)推行权责清单制度 6",
            "2.1 制度建设情况(8分) (一)规范性文件合法性审核 5",
            "2.2 制度建设情况(8分) (二)规范性文件备案 3",
        ]
    );
    let out = check(&tree);
    assert!(out.contains("小计核对相符 3 处: B2(10 分)、B4(8 分)、E6(18 分)"), "{out}");
    // The 合计 that does not add up is refused at its cell of the table.
    let wrong = docx(dir.path(), "镇江-错.docx", &zhenjiang_table("20"));
    let err = check_fails(&wrong);
    assert!(err.contains("镇江-错.docx!表1!E6: 合计写明 20 分,上方指标合计 18 分"), "{err}");
}

/// The same 镇江 table written by another program: LibreOffice's .docx from the HTML beside it
/// (rowspan and colspan become `vMerge restart/continue` and `gridSpan`), with a third row under 制度建设;
/// made with `soffice --headless --convert-to 'docx:MS Word 2007 XML' 镇江-考核细则.html`.
/// Scored: 京口区 4 + 5 + 5 + 2 + 0 = 16 of 18 → 88.888… → 88.9.
#[test]
fn a_word_table_written_by_libreoffice_is_read_and_scored() {
    let tree = fixture("镇江-考核细则.docx");
    assert_eq!(counts(&tree_json(&tree)), (2, 0, 5, "18"));
    let points: Vec<String> = tree_rows(&tree).iter().map(|r| format!("{}={}", r[0], r[4])).collect();
    assert_eq!(points, ["1.1=4", "1.2=6", "2.1=5", "2.2=2", "2.3=1"]);
    assert!(check(&tree).contains("小计核对相符 3 处: B2(10 分)、B4(8 分)、E7(18 分)"));
    let dir = tempfile::tempdir().unwrap();
    let scores = write(dir.path(), "得分.csv", "单位,编号,得分\n京口区,1.1,4\n京口区,1.2,5\n京口区,2.1,5\n京口区,2.2,2\n京口区,2.3,0\n");
    let json = json_of(&expect(zhibiao().args(["score", "--format", "json", "--tree"]).arg(&tree).arg(&scores), 0).stdout);
    let unit = &json["units"][0];
    assert_eq!((unit["raw"].as_str(), unit["max"].as_str(), unit["score"].as_str()), (Some("16"), Some("18"), Some("88.9")));
    let out = String::from_utf8(expect(zhibiao().args(["explain", "--unit", "京口区", "--tree"]).arg(&tree).arg(&scores), 0).stdout).unwrap();
    assert!(out.starts_with("京口区: 百分制得分 88.9(精确值 ≈88.8889),第 1 名(共 1 个单位)\n结论: 不达标\n"), "{out}");
}

/// A .docx without tables is read by its paragraphs: the 开江 text as Word paragraphs, one heading's
/// subtotal wrong, refused at its paragraph.
#[test]
fn word_paragraphs_read_by_their_numbering() {
    let dir = tempfile::tempdir().unwrap();
    let text =
        String::from_utf8(encoding_rs::GBK.decode(&std::fs::read(fixture("开江-部门考核细则.txt")).unwrap()).0.into_owned().into_bytes()).unwrap();
    let body: String = text.lines().map(|l| if l.is_empty() { "<w:p/>".to_string() } else { p(l) }).collect();
    let tree = docx(dir.path(), "开江.docx", &body);
    assert_eq!(counts(&tree_json(&tree)), (2, 5, 9, "15"));
    let wrong = docx(dir.path(), "开江-错.docx", &body.replace("(二)充实法制力量(1分)", "(二)充实法制力量(2分)"));
    let err = check_fails(&wrong);
    assert!(err.contains("开江-错.docx!段落3: 一级指标写明 9 分,所属三级指标合计 10 分"), "{err}");
}

/// A sheet of one text column, the paragraphs of a 考核细则 one a row (as offices paste the published
/// 细则 into Excel), values given as "得N分" that the headings' subtotals confirm.
#[test]
fn a_sheet_of_one_text_column_is_prose() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("细则.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet().set_name("考核细则").unwrap();
    let lines = [
        "某区依法行政考核细则",
        "一、依法决策(12分)",
        "(一)制定重大行政决策事项目录并公开的,得6分。未公开的,扣3分",
        "(二)重大行政决策经合法性审查的,得6分。",
        "二、政务公开(1分)",
        "(一)主动公开(1分)",
        "1.主动公开政府信息(0.5分)",
        "2.依申请公开按时答复(0.5分)",
    ];
    for (row, line) in lines.iter().enumerate() {
        sheet.write(row as u32, 0, *line).unwrap();
    }
    book.save(&path).unwrap();
    let json = tree_json(&path);
    assert_eq!(json["reading"]["prose"]["numbering"], serde_json::json!(["一、", "(一)", "1."]));
    assert_eq!(counts(&json), (2, 3, 4, "13"));
    // 一、's (一)(二) have nothing under them: scored directly with their 得6分, which its 12 confirms.
    let points: Vec<String> = tree_rows(&path).iter().map(|r| format!("{}={}", r[0], r[4])).collect();
    assert_eq!(points, ["1.1.1=6", "1.2.1=6", "2.1.1=0.5", "2.1.2=0.5"]);
    let out = check(&path);
    assert!(out.contains("小计核对相符 3 处: A2(12 分)、A5(1 分)、A6(1 分)"), "{out}");
    assert!(out.contains("  A1: 某区依法行政考核细则"), "{out}");
    // Without the 12 above them, "得6分" is no sure points: refused at each line.
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet().set_name("考核细则").unwrap();
    for (row, line) in lines.iter().enumerate() {
        sheet.write(row as u32, 0, line.replace("依法决策(12分)", "依法决策")).unwrap();
    }
    let unconfirmed = dir.path().join("未核.xlsx");
    book.save(&unconfirmed).unwrap();
    let err = check_fails(&unconfirmed);
    assert!(err.contains("未核.xlsx!考核细则!A3: 指标“(一)制定重大行政决策事项目录并…”没有写明分值,只写了“得6分”"), "{err}");
    assert!(err.contains("未核.xlsx!考核细则!A4: 指标“(二)重大行政决策经合法性审查的…”没有写明分值,只写了“得6分”"), "{err}");
}

/// A .doc of old binary Word is refused with what to do, whether it is named .doc or .docx.
#[test]
fn an_old_word_document_is_refused_with_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["细则.doc", "细则.docx"] {
        let path = dir.path().join(name);
        let mut file = cfb::create(&path).unwrap();
        file.create_stream("/WordDocument").unwrap().write_all(&[0xEC, 0xA5, 0xC1, 0x00]).unwrap();
        file.flush().unwrap();
        drop(file);
        let err = check_fails(&path);
        assert!(err.contains(&format!("{} 是旧版 Word 文档(.doc),无法读取: 请在 Word 或 WPS 中打开,另存为 .docx 后再试", path.display())), "{err}");
    }
}

// ---- messages in the table's own terms (issue 25 §8) ------------------------------------------

/// `explain` shows the exact value to 4 places when it has more (1010 / 1120 × 100 = 90.178571…), and a
/// grade line only where the scheme sets grades.
#[test]
fn explain_shows_the_exact_value_to_four_places_and_no_grade_unless_set() {
    let unit = ["explain", "--tree", "indicators/示范创建指标体系-示例.xlsx", "samples/多单位得分.csv", "--unit", "甲区"];
    let out = String::from_utf8(expect(zhibiao().args(unit), 0).stdout).unwrap();
    assert!(out.starts_with("甲区: 百分制得分 90.2(精确值 ≈90.1786),第 1 名(共 5 个单位)\n结论: 达标\n"), "{out}");
    assert!(!out.contains("等次"), "{out}");
    let dir = tempfile::tempdir().unwrap();
    let scheme = write(dir.path(), "方案.toml", "[grades]\n\"全部\" = [{ name = \"优秀\", min = 95 }, { name = \"良好\", min = 90 }]\n");
    let out = String::from_utf8(expect(zhibiao().args(unit).arg("--scheme").arg(&scheme), 0).stdout).unwrap();
    assert!(out.starts_with("甲区: 百分制得分 90.2(精确值 ≈90.1786),第 1 名(共 5 个单位)\n等次: 良好\n结论: 达标\n"), "{out}");
}

/// `tree` names the tiers `check` reports: a two-tier table has 指标, not 三级指标, and no 二级 column.
#[test]
fn tree_and_check_agree_on_the_tiers() {
    let dir = tempfile::tempdir().unwrap();
    let tree = docx(dir.path(), "镇江.docx", &zhenjiang_table("18"));
    let out = check(&tree);
    assert!(out.contains("层级: 两级(一级指标 → 指标),没有二级指标\n"), "{out}");
    assert!(out.ends_with("指标体系无误: 一级指标 2 项、指标 4 项,满分 18 分\n"), "{out}");
    let table = String::from_utf8(expect(zhibiao().arg("tree").arg(&tree), 0).stdout).unwrap();
    let first = table.lines().next().unwrap();
    assert!(first.contains("镇江.docx!表1: 指标 4 项(指纹 "), "{first}");
    assert!(table.contains("│ 编号 │ 一级指标               │ 指标数 │ 分值 │"), "{table}");
    assert!(!table.contains("二级") && !table.contains("三级"), "{table}");
    // Its csv has a column per tier it has, named so: no empty 二级 column, the items 指标.
    let csv = String::from_utf8(expect(zhibiao().args(["tree", "--format", "csv"]).arg(&tree), 0).stdout).unwrap();
    assert_eq!(csv.lines().next(), Some("编号,一级指标,指标,分值,部门"));
    assert_eq!(csv.lines().nth(1), Some("1.1,依法履行职责情况(10分),(一)规范机构设置,4,"));
    let three = String::from_utf8(expect(zhibiao().args(["tree", "indicators/小型示例.csv"]), 0).stdout).unwrap();
    assert!(three.contains(": 三级指标 8 项(指纹 ") && three.contains("二级指标数") && three.contains("三级指标数"), "{three}");
}

/// A reader that closes the pipe before the output is written (`zhibiao tree --format csv … | head -1`)
/// ends the command quietly with 0, whatever the command and format.
#[test]
fn every_command_ends_quietly_on_a_closed_pipe() {
    let tree = fixture("营口-第一责任人职责清单.txt");
    let runs: [&[&str]; 5] = [&["tree", "--format", "csv"], &["tree"], &["tree", "--format", "json"], &["check"], &["explain", "--unit", "甲区"]];
    for args in runs {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("zhibiao"));
        cmd.current_dir(crate::support::root()).args(args);
        if args[0] == "explain" {
            cmd.args(["--tree", "indicators/示范创建指标体系-示例.xlsx", "samples/多单位得分.csv"]);
        } else {
            cmd.arg(&tree);
        }
        let mut child = cmd.stdout(std::process::Stdio::piped()).stderr(std::process::Stdio::piped()).spawn().unwrap();
        // Closed before the command has read its input, let alone written.
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        assert_eq!((out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned()), (Some(0), String::new()), "{args:?}");
    }
}

/// A .docx whose document claims to unpack to 400 MB is refused from the archive's directory, before
/// anything is inflated, as an xlsx is (the limits of src/read/grid/limits.rs).
#[test]
fn a_word_zip_bomb_is_refused_before_it_is_unpacked() {
    let mut bytes = std::fs::read(fixture("镇江-考核细则.docx")).unwrap();
    let name = b"word/document.xml";
    // The central directory's entry for the document: its uncompressed size is at offset 24.
    let entry = (0..bytes.len() - 46).find(|&i| bytes[i..i + 4] == [0x50, 0x4B, 0x01, 0x02] && bytes[i + 46..].starts_with(name)).unwrap();
    bytes[entry + 24..entry + 28].copy_from_slice(&400_000_000u32.to_le_bytes());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("炸弹.docx");
    std::fs::write(&path, bytes).unwrap();
    let err = check_fails(&path);
    assert!(err.contains(&format!("{}: 工作表的使用范围过大", path.display())), "{err}");
}

/// A form returned as a Word table (the 镇江 table with its 考核分 filled in) is read as a score sheet,
/// its cells named by table: 京口区 4 + 5 + 5 + 2 + 1 = 17 of 18 → 94.4.
#[test]
fn a_score_sheet_returned_as_a_word_table() {
    let dir = tempfile::tempdir().unwrap();
    let row = |code: &str, score: &str| tr(&[tc("", &[code]), tc("", &[score])]);
    let rows = [("1.1", "4"), ("1.2", "5"), ("2.1", "5"), ("2.2", "2"), ("2.3", "1")].map(|(c, s)| row(c, s)).concat();
    let form = docx(dir.path(), "京口区.docx", &format!("<w:tbl>{}{rows}</w:tbl>", tr(&[tc("", &["编号"]), tc("", &["得分"])])));
    let args = ["score", "--format", "json", "--unit", "京口区", "--tree"];
    let json = json_of(&expect(zhibiao().args(args).arg(fixture("镇江-考核细则.docx")).arg(&form), 0).stdout);
    let unit = &json["units"][0];
    assert_eq!((unit["raw"].as_str(), unit["max"].as_str(), unit["score"].as_str()), (Some("17"), Some("18"), Some("94.4")));
    // A score beyond its item's points is refused at its cell of the table.
    let wrong = docx(dir.path(), "错.docx", &format!("<w:tbl>{}{}</w:tbl>", tr(&[tc("", &["编号"]), tc("", &["得分"])]), row("1.1", "9")));
    let err = String::from_utf8(
        expect(zhibiao().args(["score", "--unit", "京口区", "--missing", "zero", "--tree"]).arg(fixture("镇江-考核细则.docx")).arg(&wrong), 1).stderr,
    )
    .unwrap();
    assert!(err.contains("错.docx!表1!B2: 得分 9 超过指标“(一)规范机构设置”的分值 4"), "{err}");
}

/// 宁夏回族自治区法治政府建设指标体系(试行) (2015, published as numbered text): each 一级 states its
/// share "(占总分值的15%)" and no points, a 基本要求 line under it, items numbered through the text.
/// The shares weight the 一级 rates: 银川市 10 + 5 + 10 of 30 (83.33…%) and 8 of 10 (80%) →
/// 83.33… × 0.6 + 80 × 0.4 = 50 + 32 = 82.0. The file is UTF-8 with a byte-order mark.
#[test]
fn ningxia_shares_weight_the_level1_indicators() {
    let tree = fixture("宁夏-指标体系.txt");
    let json = tree_json(&tree);
    assert_eq!(counts(&json), (2, 3, 4, "40"));
    let weights: Vec<&str> = json["groups"].as_array().unwrap().iter().map(|g| g["weight"].as_str().unwrap()).collect();
    assert_eq!(weights, ["60", "40"]);
    let out = check(&tree);
    assert!(
        out.contains("  第4行: 基本要求:重大行政决策制度科学、程序正当、过程公开、责任明确。\n  第11行: 基本要求:执法严格规范公正文明。\n"),
        "{out}"
    );
    let dir = tempfile::tempdir().unwrap();
    let scores = write(dir.path(), "得分.csv", "单位,编号,得分\n银川市,1,10\n银川市,2,5\n银川市,3,10\n银川市,4,8\n");
    let json = json_of(&expect(zhibiao().args(["score", "--format", "json", "--tree"]).arg(&tree).arg(&scores), 0).stdout);
    assert_eq!(json["units"][0]["score"], "82.0");
}

/// 行政执法部门依法行政考核评分标准 (numbered prose as published on a county site): 一、……(12分) with
/// (一)(二) whose only number is what doing it earns ("……的,得6分。……扣3分"), confirmed by the heading's
/// subtotal — never the "扣3分" after it. 市场监管局 6 + 3 + 5 + 4 = 18 of 22 → 81.818… → 81.8.
#[test]
fn what_an_item_earns_is_its_points_where_the_subtotal_confirms_it() {
    let tree = fixture("执法部门-依法行政考核评分标准.txt");
    assert_eq!(counts(&tree_json(&tree)), (2, 0, 4, "22"));
    let out = check(&tree);
    assert!(out.contains("4 项只写了“N分”“得N分”或“扣N分”,与上级小计相符,读作分值: 第3行、第4行、第6行、第7行"), "{out}");
    assert!(out.contains("小计核对相符 2 处: 第2行(12 分)、第5行(10 分)"), "{out}");
    let points: Vec<String> = tree_rows(&tree).iter().map(|r| format!("{}={}", r[0], r[4])).collect();
    assert_eq!(points, ["1.1=6", "1.2=6", "2.1=6", "2.2=4"]);
    let dir = tempfile::tempdir().unwrap();
    let scores = write(dir.path(), "得分.csv", "单位,编号,得分\n市场监管局,1.1,6\n市场监管局,1.2,3\n市场监管局,2.1,5\n市场监管局,2.2,4\n");
    let json = json_of(&expect(zhibiao().args(["score", "--format", "json", "--tree"]).arg(&tree).arg(&scores), 0).stdout);
    let unit = &json["units"][0];
    assert_eq!((unit["raw"].as_str(), unit["max"].as_str(), unit["score"].as_str()), (Some("18"), Some("22"), Some("81.8")));
}
