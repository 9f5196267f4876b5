//! The result workbook on paper. LibreOffice prints each sheet to PDF on its own (the workbook copied
//! with the other sheets hidden), and poppler (pdfinfo, pdftotext) reads the pages back: how many, the
//! unit column's header and the page number on every page, and the text's size, which gives the scale
//! (the 11-point text of a sheet printed at 100 % is the yardstick).

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{Reader, Xlsx, open_workbook};

use crate::support::{cannot_run, has_soffice, write, zhibiao};

/// Whether LibreOffice and poppler are there; says which is missing.
fn can_print() -> bool {
    if !has_soffice() {
        return false;
    }
    let there = ["pdfinfo", "pdftotext"].iter().all(|tool| Command::new(tool).arg("-v").output().is_ok());
    if !there {
        cannot_run("pdfinfo and pdftotext (poppler-utils) are not installed");
    }
    there
}

fn sheet_names(book: &Path) -> Vec<String> {
    let workbook: Xlsx<_> = open_workbook(book).unwrap();
    workbook.sheet_names()
}

/// A copy of the workbook in which only the `shown`th sheet is visible, and it is the active one.
fn only_sheet(book: &Path, shown: usize, out: &Path) {
    let mut archive = zip::ZipArchive::new(fs::File::open(book).unwrap()).unwrap();
    let mut copy = zip::ZipWriter::new(fs::File::create(out).unwrap());
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        if name == "xl/workbook.xml" {
            let xml = String::from_utf8(bytes).unwrap();
            // rust_xlsxwriter leaves the first sheet active by not saying so.
            assert!(!xml.contains("activeTab"), "{xml}");
            let mut sheets = xml.split("<sheet ");
            let mut rewritten = sheets.next().unwrap().replace("<workbookView ", &format!("<workbookView activeTab=\"{shown}\" "));
            for (k, rest) in sheets.enumerate() {
                rewritten.push_str(if k == shown { "<sheet " } else { "<sheet state=\"hidden\" " });
                rewritten.push_str(rest);
            }
            bytes = rewritten.into_bytes();
        }
        copy.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        copy.write_all(&bytes).unwrap();
    }
    copy.finish().unwrap();
}

/// One printed sheet: its pages' text and the height of its smallest word on each page, in points.
struct Printed {
    pages: Vec<String>,
    smallest: Vec<f64>,
}

/// Every sheet of the workbook printed on its own, by name (one LibreOffice run for all).
fn print(book: &Path, dir: &Path) -> Vec<(String, Printed)> {
    let names = sheet_names(book);
    let copies: Vec<PathBuf> = (0..names.len())
        .map(|k| {
            let copy = dir.join(format!("sheet{k}.xlsx"));
            only_sheet(book, k, &copy);
            copy
        })
        .collect();
    let profile = format!("-env:UserInstallation=file://{}", dir.join("profile").display());
    let status = Command::new("soffice")
        .args(["--headless", "--norestore", &profile, "--convert-to", "pdf", "--outdir"])
        .arg(dir)
        .args(&copies)
        .output()
        .unwrap();
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    names.into_iter().enumerate().map(|(k, name)| (name, read_pdf(&dir.join(format!("sheet{k}.pdf"))))).collect()
}

fn read_pdf(pdf: &Path) -> Printed {
    let info = String::from_utf8(Command::new("pdfinfo").arg(pdf).output().unwrap().stdout).unwrap();
    let count: usize = info.lines().find_map(|l| l.strip_prefix("Pages:")).map(|n| n.trim().parse().unwrap()).expect("a page count");
    let text = |args: &[&str], page: usize| {
        let p = page.to_string();
        let out = Command::new("pdftotext").args(["-f", &p, "-l", &p]).args(args).arg(pdf).arg("-").output().unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let mut printed = Printed { pages: Vec::new(), smallest: Vec::new() };
    for page in 1..=count {
        printed.pages.push(text(&["-layout"], page));
        // pdftotext -bbox: <word xMin=".." yMin=".." xMax=".." yMax="..">
        let boxes = text(&["-bbox"], page);
        let heights = boxes.lines().filter(|l| l.contains("<word ")).map(|l| attribute(l, "yMax") - attribute(l, "yMin"));
        printed.smallest.push(heights.fold(f64::INFINITY, f64::min));
    }
    printed
}

fn attribute(line: &str, name: &str) -> f64 {
    let at = line.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
    line[at..].split('"').next().unwrap().parse().unwrap()
}

fn sheet<'p>(printed: &'p [(String, Printed)], name: &str) -> &'p Printed {
    &printed.iter().find(|(n, _)| n == name).unwrap_or_else(|| panic!("no sheet {name}")).1
}

/// The checks every printed sheet passes: page k of n says so in its footer; the text is printed
/// at 60 % or more of its size (`full`: the smallest word of a sheet printed at 100 %).
fn readable(printed: &[(String, Printed)], full: f64) {
    for (name, sheet) in printed {
        let n = sheet.pages.len();
        for (k, page) in sheet.pages.iter().enumerate() {
            let footer = format!("第 {} 页,共 {n} 页", k + 1);
            assert!(page.contains(&footer), "{name} page {}: no '{footer}' in\n{page}", k + 1);
            // The charts' labels are the chart's own, not cells.
            if name != "图表" {
                let scale = sheet.smallest[k] / full;
                assert!(scale >= 0.6, "{name} page {} printed at {:.0} %", k + 1, scale * 100.0);
            }
        }
    }
}

/// The headers a wide sheet repeats: on every page, the unit column's header.
fn on_every_page(sheet: &Printed, name: &str, texts: &[&str]) {
    for (k, page) in sheet.pages.iter().enumerate() {
        for text in texts {
            assert!(page.contains(text), "{name} page {}: no '{text}'", k + 1);
        }
    }
}

#[test]
fn the_national_shape_prints_readably_and_the_wide_sheet_goes_across_pages_with_the_unit_column() {
    if !can_print() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("年度结果.xlsx");
    let tree = "indicators/示范创建指标体系-示例.xlsx";
    zhibiao().args(["score", "--tree", tree, "samples/多单位得分.xlsx", "--date", "2025-01-31", "--out"]).arg(&out).assert().success();
    let printed = print(&out, dir.path());
    let summary = sheet(&printed, "汇总");
    // One page, its title the tree's title and the date; at 100 %: the yardstick.
    assert_eq!(summary.pages.len(), 1);
    assert!(summary.pages[0].contains("XX市法治政府建设示范创建指标体系（示例，非官方） · 汇总(2025-01-31)"), "{}", summary.pages[0]);
    let full = summary.smallest[0];
    readable(&printed, full);
    // 9 一级 indicators × rate, obtained, possible: 28 columns, too wide for one page at 60 %.
    let level1 = sheet(&printed, "一级指标");
    assert!(level1.pages.len() >= 3, "{} pages", level1.pages.len());
    on_every_page(level1, "一级指标", &["单位", "甲区", "戊市"]);
    assert!(level1.smallest.iter().all(|&h| (h - full).abs() < 0.1), "一级指标 printed at 100 %: {:?}", level1.smallest);
    // 明细 one page wide: its first and last columns' headers on every page; 5 × 112 rows.
    let detail = sheet(&printed, "明细");
    on_every_page(detail, "明细", &["单位", "来源单元格"]);
    assert!(detail.pages.len() >= 5 * 112 / 40, "{} pages", detail.pages.len());
    for name in ["部门排名", "达标判定"] {
        assert_eq!(sheet(&printed, name).pages.len(), 1, "{name}");
    }
    for name in ["部门排名", "达标判定"] {
        assert!(sheet(&printed, name).pages[0].contains(&format!("· {name}(2025-01-31)")), "{name}: no title");
    }
}

#[test]
fn a_flat_tree_has_no_level1_sheet_nor_department_ranking_and_its_notes_say_so() {
    if !can_print() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let tree = write(
        dir.path(),
        "平列指标.csv",
        "编号,考核内容,分值\n1,建立健全规范性文件合法性审核机制,10\n2,重大行政决策目录向社会公开,10\n3,行政执法三项制度全面落实,20\n",
    );
    let scores = write(dir.path(), "得分.csv", "单位,编号,得分\n甲区,1,8\n甲区,2,10\n甲区,3,15\n乙区,1,10\n乙区,2,6\n乙区,3,20\n");
    let out = dir.path().join("结果.xlsx");
    zhibiao().args(["score", "--tree"]).arg(&tree).arg(&scores).args(["--date", "2025-01-31", "--out"]).arg(&out).assert().success();
    assert_eq!(sheet_names(&out), ["汇总", "明细", "扣分", "达标判定", "说明", "图表"]);
    let printed = print(&out, dir.path());
    let summary = sheet(&printed, "汇总");
    assert_eq!(summary.pages.len(), 1);
    // No title above the tree's header: the round is named generically.
    assert!(summary.pages[0].contains("年度结果 · 汇总(2025-01-31)"), "{}", summary.pages[0]);
    readable(&printed, summary.smallest[0]);
    let notes = &sheet(&printed, "说明").pages.concat();
    assert!(notes.contains("“一级指标”表:指标体系没有一级指标"), "{notes}");
    assert!(notes.contains("“部门排名”表:指标体系未写责任单位"), "{notes}");
    for name in ["明细", "扣分", "达标判定"] {
        assert_eq!(sheet(&printed, name).pages.len(), 1, "{name}");
    }
}

#[test]
fn a_two_tier_tree_prints_its_level1_sheet_on_one_page() {
    if !can_print() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let tree = write(
        dir.path(),
        "两级指标.csv",
        "考核项目,考核内容,分值,责任单位\n一、依法决策,重大行政决策严格履行法定程序,10,司法局\n,决策目录向社会公开,10,政府办\n二、严格执法,行政执法三项制度全面落实,20,司法局\n",
    );
    let scores = write(dir.path(), "得分.csv", "单位,编号,得分\n甲区,1.1,8\n甲区,1.2,10\n甲区,2.1,15\n");
    let out = dir.path().join("结果.xlsx");
    zhibiao().args(["score", "--tree"]).arg(&tree).arg(&scores).args(["--out"]).arg(&out).assert().success();
    assert_eq!(sheet_names(&out), ["汇总", "一级指标", "明细", "扣分", "部门排名", "达标判定", "说明", "图表"]);
    let printed = print(&out, dir.path());
    readable(&printed, sheet(&printed, "汇总").smallest[0]);
    let level1 = sheet(&printed, "一级指标");
    assert_eq!(level1.pages.len(), 1);
    on_every_page(level1, "一级指标", &["一、依法决策", "二、严格执法", "甲区"]);
}
