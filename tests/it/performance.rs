//! Reading many files at once (in parallel): the same exact totals as one by one, and no progress bar
//! when stderr is not a terminal.

use std::fs;

use assert_cmd::Command;
use serde_json::Value;

const TREE: &str = "一级指标,二级指标,三级指标,编号,分值,责任单位\n\
                    一、依法履职,(一)审批,审批清单公开,1.1.1,10,司法局、财政局\n\
                    ,,中介服务清单,1.1.2,10,财政局\n\
                    ,(二)监管,双随机全覆盖,1.2.1,10,市场监管局\n";

/// Forty department files for two units: (unit, department, code, score) rows.
fn department_files(dir: &std::path::Path) {
    for n in 0..20 {
        for (unit, scores) in [("甲区", ["8", "9", "7"]), ("乙区", ["10", "不涉及", "7"])] {
            let mut rows = String::from("单位,部门,编号,得分\n");
            // The first file of each unit carries the items; the others repeat item 1.1.1 from
            // other departments with the same score, which the mean leaves unchanged.
            let codes: &[usize] = if n == 0 { &[0, 1, 2] } else { &[0] };
            for &i in codes {
                rows.push_str(&format!("{unit},部门{n},{},{}\n", ["1.1.1", "1.1.2", "1.2.1"][i], scores[i]));
            }
            fs::write(dir.join(format!("{unit}-{n:02}.csv")), rows).unwrap();
        }
    }
}

#[test]
fn many_files_in_parallel_exact_totals_and_no_progress_bar_in_pipes() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("tree.csv"), TREE).unwrap();
    let scores = dir.path().join("scores");
    fs::create_dir(&scores).unwrap();
    department_files(&scores);
    let output = Command::cargo_bin("zhibiao")
        .unwrap()
        .args(["score", "--tree"])
        .arg(dir.path().join("tree.csv"))
        .arg(&scores)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(String::from_utf8_lossy(&output.stderr), "", "stderr is not a terminal: no bar");
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    let units: Vec<(&str, &str, &str, &str)> = json["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| (u["unit"].as_str().unwrap(), u["raw"].as_str().unwrap(), u["max"].as_str().unwrap(), u["score"].as_str().unwrap()))
        .collect();
    assert_eq!(units, [("乙区", "17", "20", "85.0"), ("甲区", "24", "30", "80.0")]);
    // Item 1.1.1 of 甲区 came from twenty cells; all of them are its sources, in reading order.
    let sources = json["units"][1]["items"][0]["source"].as_str().unwrap();
    assert_eq!(sources.matches(".csv!D").count(), 20);
    assert!(sources.starts_with(&format!("{}", scores.join("甲区-00.csv!D2").display())), "{sources}");
}

#[test]
fn a_reader_that_stops_early_ends_a_large_report_quietly() {
    use std::io::Read;
    use std::process::Stdio;
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("tree.csv"), TREE).unwrap();
    let mut rows = String::from("单位,编号,得分\n");
    for u in 0..3000 {
        for code in ["1.1.1", "1.1.2", "1.2.1"] {
            rows.push_str(&format!("县{u:04},{code},8\n"));
        }
    }
    fs::write(dir.path().join("scores.csv"), rows).unwrap();
    for format in ["json", "csv", "table"] {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("zhibiao"))
            .args(["score", "--tree"])
            .arg(dir.path().join("tree.csv"))
            .arg(dir.path().join("scores.csv"))
            .args(["--format", format])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut start = [0u8; 10];
        child.stdout.take().unwrap().read_exact(&mut start).unwrap(); // then the pipe closes
        let output = child.wait_with_output().unwrap();
        assert!(output.status.success(), "{format}: {}", String::from_utf8_lossy(&output.stderr));
        assert_eq!(String::from_utf8_lossy(&output.stderr), "", "{format}");
    }
}

/// A sheet large enough (over 256 kB) to be parsed on a thread of its own while its rows are read:
/// the same totals as the same rows in a csv file, units left blank meaning the one above across
/// the batches the rows arrive in, and every bad cell named where it lies.
#[test]
fn a_large_workbook_read_while_it_is_parsed_scores_as_its_csv() {
    const UNITS: usize = 9_000;
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("tree.csv"), TREE).unwrap();
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet().set_name("评分表").unwrap();
    sheet.write(0, 0, "2026年度法治政府建设评分表").unwrap();
    sheet.write_row(1, 0, ["单位", "编号", "得分"]).unwrap();
    let mut csv = String::from("单位,编号,得分\n");
    for u in 0..UNITS {
        for (i, code) in ["1.1.1", "1.1.2", "1.2.1"].into_iter().enumerate() {
            let row = (2 + 3 * u + i) as u32;
            let unit = if i == 0 { format!("县{u:05}") } else { String::new() };
            let score = ((u * 7 + i * 3) % 11) as u32;
            sheet.write(row, 0, &unit).unwrap();
            sheet.write(row, 1, code).unwrap();
            sheet.write(row, 2, score).unwrap();
            csv.push_str(&format!("{unit},{code},{score}\n"));
        }
    }
    let xlsx = dir.path().join("national.xlsx");
    book.save(&xlsx).unwrap();
    assert!(fs::metadata(&xlsx).unwrap().len() > 256 << 10, "large enough to be parsed alongside");
    fs::write(dir.path().join("national.csv"), csv).unwrap();
    let score = |file: &str| {
        let output = Command::cargo_bin("zhibiao")
            .unwrap()
            .args(["score", "--tree"])
            .arg(dir.path().join("tree.csv"))
            .arg(dir.path().join(file))
            .args(["--format", "json"])
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        let json: Value = serde_json::from_slice(&output.stdout).unwrap();
        json["units"].as_array().unwrap().iter().map(|u| ["unit", "raw", "max", "score", "rank"].map(|k| u[k].to_string())).collect::<Vec<_>>()
    };
    let from_xlsx = score("national.xlsx");
    assert_eq!(from_xlsx.len(), UNITS);
    assert_eq!(from_xlsx, score("national.csv"));
    // 县08999: 8999 × 7 = 62993, and 62993 % 11 = 7; then 10 and 2 (13 % 11): 19 of 30.
    let last = from_xlsx.iter().find(|u| u[0] == "\"县08999\"").unwrap();
    assert_eq!(last[1..4], ["\"19\"", "\"30\"", "\"63.3\""]);

    // Two bad cells far apart: both reported, each at its own cell.
    let sheet = book.worksheet_from_name("评分表").unwrap();
    sheet.write(20_001, 2, 12).unwrap();
    sheet.write(26_999, 1, "9.9.9").unwrap();
    book.save(&xlsx).unwrap();
    let output = Command::cargo_bin("zhibiao")
        .unwrap()
        .args(["--lang", "en", "score", "--tree"])
        .arg(dir.path().join("tree.csv"))
        .arg(&xlsx)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("national.xlsx!评分表!C20002"), "{stderr}");
    assert!(stderr.contains("national.xlsx!评分表!B27000"), "{stderr}");
}
