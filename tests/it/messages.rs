//! The exact message a clerk reads for the ten most common mistakes: each names the file, sheet
//! and cell where there is one and says what was expected, in Chinese by default or in English.

use std::path::Path;

use assert_cmd::Command;
use rust_xlsxwriter::Workbook;

const TREE: &str = "一级指标,二级指标,三级指标,编号,分值\n一、职能,(一)放权,审批事项公开,1.1.1,10\n,,双随机,1.1.2,10\n";

/// A score workbook `财政局.xlsx` with a sheet 评分表 holding these rows under 单位/编号/得分.
fn score_book(dir: &Path, rows: &[[&str; 3]]) {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("评分表").unwrap();
    for (r, row) in [["单位", "编号", "得分"]].iter().chain(rows).enumerate() {
        for (c, value) in row.iter().enumerate() {
            match value.parse::<f64>() {
                Ok(n) => sheet.write_number(r as u32, c as u16, n).unwrap(),
                Err(_) if value.is_empty() => sheet,
                Err(_) => sheet.write_string(r as u32, c as u16, *value).unwrap(),
            };
        }
    }
    book.save(dir.join("财政局.xlsx")).unwrap();
}

/// Runs `zhibiao` in a folder holding `tree.csv` and returns its stderr.
fn stderr_of(dir: &Path, args: &[&str]) -> String {
    std::fs::write(dir.join("tree.csv"), TREE).unwrap();
    let output = crate::support::zhibiao().current_dir(dir).args(args).output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    String::from_utf8(output.stderr).unwrap()
}

fn score(rows: &[[&str; 3]], lang: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    score_book(dir.path(), rows);
    stderr_of(dir.path(), &["--lang", lang, "score", "--tree", "tree.csv", "财政局.xlsx"])
}

/// The message must be one whole line of the output.
fn assert_line(stderr: &str, expected: &str) {
    assert!(stderr.lines().any(|l| l.trim() == expected), "expected the line\n  {expected}\nin\n{stderr}");
}

#[test]
fn blank_score() {
    let out = score(&[["甲区", "1.1.1", ""], ["甲区", "1.1.2", "8"]], "zh");
    assert_line(&out, "财政局.xlsx!评分表!C2: 指标“1.1.1 审批事项公开”得分为空: 请填写得分,不适用的填“不涉及”(空白不会按 0 分处理)");
    let out = score(&[["甲区", "1.1.1", ""], ["甲区", "1.1.2", "8"]], "en");
    assert_line(
        &out,
        "财政局.xlsx!评分表!C2: item '1.1.1 审批事项公开': the score is blank; enter a score, or 不涉及 if the item does not apply (a blank is never taken as 0)",
    );
}

#[test]
fn score_above_the_points() {
    let out = score(&[["甲区", "1.1.1", "12"], ["甲区", "1.1.2", "8"]], "zh");
    assert_line(&out, "财政局.xlsx!评分表!C2: 得分 12 超过指标“1.1.1 审批事项公开”的分值 10(应在 0 到 10 之间)");
    let out = score(&[["甲区", "1.1.1", "12"], ["甲区", "1.1.2", "8"]], "en");
    assert_line(&out, "财政局.xlsx!评分表!C2: score 12 is above the 10 points of item '1.1.1 审批事项公开' (expected 0 to 10)");
}

#[test]
fn unknown_code() {
    let out = score(&[["甲区", "9.9.9", "1"], ["甲区", "1.1.1", "8"], ["甲区", "1.1.2", "8"]], "zh");
    assert_line(&out, "财政局.xlsx!评分表!B2: 未知的指标编号“9.9.9”(指标体系中没有;请核对编号,或确认评分表来自同一版指标体系)");
}

#[test]
fn duplicate_rows() {
    let out = score(&[["甲区", "1.1.1", "7"], ["甲区", "1.1.1", "6"], ["甲区", "1.1.2", "8"]], "zh");
    assert_line(&out, "财政局.xlsx!评分表!C3: 甲区 的指标“1.1.1 审批事项公开”被重复评分且不一致: 7 与 6(另一处在 财政局.xlsx!评分表!C2)");
    // The same score twice is counted once, with a warning; the run succeeds.
    let dir = tempfile::tempdir().unwrap();
    score_book(dir.path(), &[["甲区", "1.1.1", "7"], ["甲区", "1.1.1", "7"], ["甲区", "1.1.2", "8"]]);
    std::fs::write(dir.path().join("tree.csv"), TREE).unwrap();
    let output = crate::support::zhibiao().current_dir(dir.path()).args(["score", "--tree", "tree.csv", "财政局.xlsx"]).output().unwrap();
    assert!(output.status.success());
    assert_line(
        &String::from_utf8(output.stderr).unwrap(),
        "警告: 财政局.xlsx!评分表!C3: 甲区 的指标“1.1.1 审批事项公开”重复填写(与 财政局.xlsx!评分表!C2 相同,只计一次)",
    );
}

#[test]
fn text_in_the_score_column() {
    let out = score(&[["甲区", "1.1.1", "优秀"], ["甲区", "1.1.2", "8"]], "zh");
    assert_line(&out, "财政局.xlsx!评分表!C2: “优秀”不是有效得分(应为数字,或“不涉及”)");
    let out = score(&[["甲区", "1.1.1", "good"], ["甲区", "1.1.2", "8"]], "en");
    assert_line(&out, "财政局.xlsx!评分表!C2: 'good' is not a score (expected a number, or 不涉及/N/A)");
}

#[test]
fn missing_header() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("评分表").unwrap();
    sheet.write_string(0, 0, "单位").unwrap().write_string(0, 1, "编号").unwrap().write_string(0, 2, "分数").unwrap();
    book.save(dir.path().join("财政局.xlsx")).unwrap();
    let out = stderr_of(dir.path(), &["score", "--tree", "tree.csv", "财政局.xlsx"]);
    // What was seen, what was found and what is missing, and how to name the columns by hand.
    let line = out
        .lines()
        .find(|l| l.contains("财政局.xlsx!评分表: 前 12 行中找不到评分表表头: 缺少得分列(可用的列名: 得分、实得分、自评分、"))
        .expect(&out);
    assert!(line.contains(";看到的表头单元格: A1“单位”、B1“编号”、C1“分数”;已识别的列: 单位(A)、编号(B)。"), "{line}");
    assert!(line.contains("[columns]"), "{line}");
    let out = stderr_of(dir.path(), &["check", "财政局.xlsx"]);
    // What was seen, and what is missing with the names accepted.
    let line = out.lines().find(|l| l.contains("财政局.xlsx!评分表: 前 12 行中找不到表头: 缺少指标列(可用的列名: 一级指标、")).expect(&out);
    assert!(line.ends_with("看到的表头单元格: A1“单位”、B1“编号”、C1“分数”"), "{line}");
}

/// A template made from one version of the tree, read back with another: a warning naming the file.
#[test]
fn template_from_another_tree_version() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("tree.csv"), TREE).unwrap();
    std::fs::write(dir.path().join("tree-2025.csv"), TREE.replace("双随机", "双随机、一公开")).unwrap();
    let fingerprint = |tree: &str| {
        let out = crate::support::zhibiao().current_dir(dir.path()).args(["tree", "--format", "json", tree]).output().unwrap();
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()["fingerprint"].as_str().unwrap().to_string()
    };
    let (old, new) = (fingerprint("tree.csv"), fingerprint("tree-2025.csv"));
    Command::cargo_bin("zhibiao")
        .unwrap()
        .current_dir(dir.path())
        .args(["template", "--tree", "tree.csv", "--out", "forms", "--by", "unit", "--units", "甲区"])
        .assert()
        .success();
    let out = stderr_of(dir.path(), &["score", "--tree", "tree-2025.csv", "forms"]);
    assert_line(
        &out,
        &format!(
            "警告: forms/甲区.xlsx: 这份评分表由另一版指标体系生成(表内指纹 {old},当前指标体系指纹 {new}): 请核对 --tree 是否选对,或用当前指标体系重新生成模板"
        ),
    );
}

#[test]
fn empty_workbook() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("空.csv"), "").unwrap();
    let out = stderr_of(dir.path(), &["check", "空.csv"]);
    assert_line(&out, "原因: 空.csv: 工作簿中没有任何数据");
    let out = stderr_of(dir.path(), &["--lang", "en", "score", "--tree", "tree.csv", "空.csv"]);
    assert_line(&out, "空.csv: the workbook holds no data");
}

/// Excel encrypts a workbook with a password into a compound document holding an
/// `EncryptedPackage` stream, whether it is then called .xlsx or .xls.
#[test]
fn encrypted_xlsx() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["财政局.xlsx", "财政局.xls"] {
        let mut file = cfb::create(dir.path().join(name)).unwrap();
        std::io::Write::write_all(&mut file.create_stream("EncryptionInfo").unwrap(), &[4, 0, 4, 0]).unwrap();
        std::io::Write::write_all(&mut file.create_stream("EncryptedPackage").unwrap(), &[0x5a; 600]).unwrap();
        file.flush().unwrap();
        drop(file);
        let out = stderr_of(dir.path(), &["score", "--tree", "tree.csv", name]);
        assert_line(
            &out,
            &format!(
                "{name}: 工作簿设有打开密码(已加密),无法读取。请在 Excel/WPS 中打开后取消密码(文件 → 信息 → 保护工作簿 → 用密码进行加密,清空密码)再另存"
            ),
        );
    }
}

#[test]
fn protected_workbook() {
    let Some(corpus) = crate::support::corpus() else { return };
    let file = std::fs::canonicalize(corpus.join("pass_protected.ods")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(file, dir.path().join("财政局.ods")).unwrap();
    let out = stderr_of(dir.path(), &["score", "--tree", "tree.csv", "财政局.ods"]);
    assert_line(
        &out,
        "财政局.ods: 工作簿设有打开密码(已加密),无法读取。请在 Excel/WPS 中打开后取消密码(文件 → 信息 → 保护工作簿 → 用密码进行加密,清空密码)再另存",
    );
    let out = stderr_of(dir.path(), &["--lang", "en", "check", "财政局.ods"]);
    assert_line(
        &out,
        "caused by: 财政局.ods: the workbook is protected by a password (encrypted) and cannot be read. Open it in Excel or WPS, remove the password (File → Info → Protect Workbook → Encrypt with Password, clear it) and save it again",
    );
}

#[test]
fn file_not_found() {
    let dir = tempfile::tempdir().unwrap();
    let out = stderr_of(dir.path(), &["score", "--tree", "tree.csv", "司法局.xlsx"]);
    assert_line(&out, "找不到文件 司法局.xlsx(请检查路径和文件名)");
    let out = stderr_of(dir.path(), &["--lang", "en", "check", "no-such-tree.xlsx"]);
    assert_line(&out, "caused by: file not found: no-such-tree.xlsx (check the path and the name)");
}

/// A sheet without a 单位 column is named once, not twice ("x!评分表: x!评分表: …").
#[test]
fn no_unit_column_names_the_sheet_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("评分表").unwrap();
    sheet.write_string(0, 0, "编号").unwrap().write_string(0, 1, "得分").unwrap();
    sheet.write_string(1, 0, "1.1.1").unwrap().write_number(1, 1, 8).unwrap();
    book.save(dir.path().join("司法局.xlsx")).unwrap();
    let out = stderr_of(dir.path(), &["score", "--tree", "tree.csv", "司法局.xlsx"]);
    assert_line(&out, "司法局.xlsx!评分表: 没有“单位”列,请加上该列或用 --unit 指定被评估单位");
    let out = stderr_of(dir.path(), &["--lang", "en", "score", "--tree", "tree.csv", "司法局.xlsx"]);
    assert_line(&out, "司法局.xlsx!评分表: no unit column; add one or name the evaluated unit with --unit");
}

/// Lists read as each language writes them: 甲区、乙区 in Chinese, "甲区, 乙区" in English.
#[test]
fn lists_in_english_are_joined_with_commas() {
    let dir = tempfile::tempdir().unwrap();
    score_book(dir.path(), &[["甲区", "1.1.1", "8"], ["甲区", "1.1.2", "9"], ["乙区", "1.1.1", "7"], ["乙区", "1.1.2", "6"]]);
    std::fs::write(dir.path().join("tree.csv"), TREE).unwrap();
    let explain = |lang: &str| {
        let mut cmd = crate::support::zhibiao();
        cmd.current_dir(dir.path()).args(["--lang", lang, "explain", "--tree", "tree.csv", "财政局.xlsx", "--unit", "丙区"]);
        String::from_utf8(crate::support::expect(&mut cmd, 2).stderr).unwrap()
    };
    assert_eq!(explain("zh"), "错误: 评分文件中没有单位“丙区”(有: 甲区、乙区)\n");
    assert_eq!(explain("en"), "error: the score files have no unit '丙区' (they have: 甲区, 乙区)\n");
}

/// A header cell that shows nothing (spaces, a full-width space, a zero-width space pasted from a web
/// page) is left out of what was seen, never shown as an empty “”, for score sheets and trees alike.
#[test]
fn a_header_cell_showing_nothing_is_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("评分表").unwrap();
    for (c, header) in ["单位", " ", "\u{3000}", "\u{200b}", "编号", "分数"].iter().enumerate() {
        sheet.write_string(0, c as u16, *header).unwrap();
    }
    book.save(dir.path().join("财政局.xlsx")).unwrap();
    for args in [&["score", "--tree", "tree.csv", "财政局.xlsx"][..], &["check", "财政局.xlsx"]] {
        let out = stderr_of(dir.path(), args);
        assert!(out.contains("看到的表头单元格: A1“单位”、E1“编号”、F1“分数”"), "{args:?}\n{out}");
        assert!(!out.contains("“”") && !out.contains("“\u{200b}”") && !out.contains("“ ”"), "{args:?}\n{out}");
    }
}

/// An item without a printed code is named by the start of its text, never by the code made from its
/// position (1.1.2 here, which the table does not print); one the table codes keeps its code.
#[test]
fn an_item_is_named_as_the_table_prints_it() {
    let dir = tempfile::tempdir().unwrap();
    let tree = "一级指标,二级指标,三级指标,分值\n一、职能,(一)放权,审批事项公开,10\n,,行政执法“双随机、一公开”全面推行且结果按时公示,10\n";
    std::fs::write(dir.path().join("无编号.csv"), tree).unwrap();
    score_book(dir.path(), &[["甲区", "1.1.1", "8"], ["甲区", "1.1.2", "12"]]);
    let output = crate::support::zhibiao().current_dir(dir.path()).args(["score", "--tree", "无编号.csv", "财政局.xlsx"]).output().unwrap();
    let out = String::from_utf8(output.stderr).unwrap();
    assert_line(&out, "财政局.xlsx!评分表!C3: 得分 12 超过指标“行政执法“双随机、一公开”全面推…”的分值 10(应在 0 到 10 之间)");
    assert!(!out.contains("1.1.2"), "{out}");
}
