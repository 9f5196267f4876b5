//! Hostile and broken input ends in a clear error: every file of the wild corpus, read as an
//! indicator system and as a score sheet, exits with 0 or 1 and a message, never a panic or a hang.

use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;
use rust_xlsxwriter::Workbook;

/// A hang is a failure: the run is killed after this long (real runs take milliseconds).
const PATIENCE: Duration = Duration::from_secs(5);

fn zhibiao() -> Command {
    let mut cmd = crate::support::zhibiao();
    cmd.timeout(PATIENCE);
    cmd
}

fn corpus() -> Option<Vec<PathBuf>> {
    let dir = crate::support::corpus()?;
    let entries = std::fs::read_dir(&dir).unwrap();
    let mut files: Vec<PathBuf> = entries.map(|e| e.unwrap().path()).collect();
    files.sort();
    Some(files)
}

fn small_tree(dir: &Path) -> PathBuf {
    let tree = dir.join("tree.csv");
    std::fs::write(&tree, "一级指标,二级指标,三级指标,编号,分值\n一、职能,(一)放权,审批事项公开,1.1.1,10\n").unwrap();
    tree
}

/// Runs the binary and returns what a clerk would see, failing on a panic, a hang or a silent error.
fn run_clean(args: &[&std::ffi::OsStr], what: &str) -> (i32, String) {
    let output = zhibiao().args(args).output().unwrap_or_else(|e| panic!("{what}: {e}"));
    let code = output.status.code().unwrap_or_else(|| panic!("{what}: killed (hang or crash)"));
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    assert!(code == 0 || code == 1, "{what}: exit code {code}\n{stderr}");
    assert!(!stderr.contains("panicked"), "{what}: a panic message reached the user\n{stderr}");
    if code == 1 {
        // Warnings (such as how a wide table was read) may come first; then the errors.
        let first = stderr.lines().find(|l| !l.starts_with("警告: ")).unwrap_or_default();
        assert!(first.starts_with("错误: "), "{what}: no clear message\n{stderr}");
    }
    (code, stderr)
}

#[test]
fn every_wild_file_ends_in_a_clear_message() {
    let Some(files) = corpus() else { return };
    let dir = tempfile::tempdir().unwrap();
    let tree = small_tree(dir.path());
    for file in &files {
        let name = file.display().to_string();
        run_clean(&["check".as_ref(), file.as_os_str()], &format!("check {name}"));
        run_clean(&["score".as_ref(), "--tree".as_ref(), tree.as_os_str(), file.as_os_str()], &format!("score {name}"));
    }
}

/// Files the fuzzers found to crash, hang or exhaust memory, kept so that they never do again.
#[test]
fn fuzz_findings_end_in_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let tree = small_tree(dir.path());
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/robustness");
    for file in std::fs::read_dir(fixtures).unwrap() {
        let file = file.unwrap().path();
        let name = file.display().to_string();
        let (code, _) = run_clean(&["check".as_ref(), file.as_os_str()], &format!("check {name}"));
        assert_eq!(code, 1, "{name}");
        run_clean(&["score".as_ref(), "--tree".as_ref(), tree.as_os_str(), file.as_os_str()], &format!("score {name}"));
    }
}

#[test]
fn protected_workbooks_are_named_protected() {
    let Some(files) = corpus() else { return };
    let protected: Vec<&PathBuf> = files.iter().filter(|f| f.to_string_lossy().contains("pass_protected")).collect();
    assert!(!protected.is_empty());
    for file in protected {
        let (code, stderr) = run_clean(&["check".as_ref(), file.as_os_str()], "protected");
        assert_eq!(code, 1);
        assert!(stderr.contains("工作簿设有打开密码(已加密),无法读取"), "{stderr}");
    }
}

#[test]
fn xlsb_is_read() {
    let Some(files) = corpus() else { return };
    let file = files.iter().find(|f| f.ends_with("date.xlsb")).unwrap();
    let (_, stderr) = run_clean(&["check".as_ref(), file.as_os_str()], "xlsb");
    // Read, so the complaint is about its content, not its format.
    assert!(stderr.contains("前 12 行中找不到表头"), "{stderr}");
}

#[test]
fn a_sheet_beyond_the_limits_is_refused_before_loading() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("评分表").unwrap();
    sheet.write_string(0, 0, "得分").unwrap();
    sheet.write_string(1_000_000, 3, "x").unwrap();
    book.save(&path).unwrap();
    let (code, stderr) = run_clean(&["check".as_ref(), path.as_os_str()], "huge");
    assert_eq!(code, 1);
    let expected = format!(
        "{}!评分表!D1000001: 工作表的使用范围过大(上限 1000000 行、1000 列),不像指标体系或评分表,已拒绝读取;如确有数据,请删除多余的行列后另存",
        path.display()
    );
    assert!(stderr.contains(&expected), "{stderr}");
}

#[test]
fn broken_files_and_odd_extensions() {
    let dir = tempfile::tempdir().unwrap();
    let tree = small_tree(dir.path());
    // Capital extensions are read like small ones.
    let upper = dir.path().join("TREE.CSV");
    std::fs::copy(&tree, &upper).unwrap();
    let (code, _) = run_clean(&["check".as_ref(), upper.as_os_str()], "upper");
    assert_eq!(code, 0);
    // A text file calling itself xlsx, an empty xlsx, half of a real xlsx.
    let garbage = dir.path().join("garbage.XLSX");
    std::fs::write(&garbage, "这不是表格").unwrap();
    let empty = dir.path().join("empty.xlsx");
    std::fs::write(&empty, b"").unwrap();
    let half = dir.path().join("half.xlsx");
    let mut book = Workbook::new();
    book.add_worksheet().write_string(0, 0, "得分").unwrap();
    let bytes = book.save_to_buffer().unwrap();
    std::fs::write(&half, &bytes[..bytes.len() / 2]).unwrap();
    for file in [&garbage, &empty, &half] {
        let (code, stderr) = run_clean(&["check".as_ref(), file.as_os_str()], "broken");
        assert_eq!(code, 1);
        assert!(stderr.contains(&format!("无法打开 {}: 文件已损坏,或内容与扩展名不符", file.display())), "{stderr}");
    }
}

#[test]
fn inputs_are_left_untouched() {
    let Some(files) = corpus() else { return };
    let dir = tempfile::tempdir().unwrap();
    let tree = small_tree(dir.path());
    let before: Vec<Vec<u8>> = files.iter().map(|f| std::fs::read(f).unwrap()).collect();
    let mut args = vec!["score".as_ref(), "--tree".as_ref(), tree.as_os_str()];
    args.extend(files.iter().map(|f| f.as_os_str()));
    run_clean(&args, "all at once");
    let after: Vec<Vec<u8>> = files.iter().map(|f| std::fs::read(f).unwrap()).collect();
    assert!(before == after);
}

#[test]
fn csv_cells_that_look_like_formulas_are_neutralised() {
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path().join("tree.csv");
    std::fs::write(&tree, "一级指标,二级指标,三级指标,编号,分值\n=HYPERLINK(\"http://x\"),甲,审批事项公开,1.1.1,10\n").unwrap();
    let scores = dir.path().join("scores.csv");
    std::fs::write(&scores, "单位,编号,得分\n=1+2,1.1.1,8\n@SUM(A1),1.1.1,9\n+cmd,1.1.1,10\n-x,1.1.1,7\n").unwrap();
    let output = zhibiao().args(["score", "--tree"]).arg(&tree).arg(&scores).args(["--format", "csv"]).output().unwrap();
    assert!(output.status.success(), "{output:?}");
    let csv = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines,
        [
            // The indicator's heading starts with its code, so it cannot start a formula.
            "名次,单位,实得分,适用满分,百分制得分,达标,\"1 =HYPERLINK(\"\"http://x\"\")\"",
            "1,'+cmd,10,10,100.0,是,100.0",
            "2,'@SUM(A1),9,10,90.0,是,90.0",
            "3,'=1+2,8,10,80.0,否,80.0",
            "4,'-x,7,10,70.0,否,70.0",
        ]
    );
}

#[test]
fn user_text_written_to_a_workbook_stays_text() {
    use calamine::{Data, Reader, Xlsx};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "=1+2").unwrap();
    sheet.write(0, 1, "=HYPERLINK(\"http://x\")").unwrap();
    let bytes = book.save_to_buffer().unwrap();
    let mut read: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let name = read.sheet_names()[0].clone();
    assert_eq!(read.worksheet_range(&name).unwrap().get_value((0, 0)), Some(&Data::String("=1+2".into())));
    assert!(read.worksheet_formula(&name).unwrap().used_cells().next().is_none());
}

/// One cell record of an xls pointing at column 65535 once made the reader ask for 137 GB and
/// abort the process.
#[test]
fn an_xls_cell_far_away_is_refused_not_a_crash() {
    let Some(files) = corpus() else { return };
    let source = files.iter().find(|f| f.ends_with("date.xls")).unwrap();
    let mut bytes = std::fs::read(source).unwrap();
    let rk = bytes.windows(4).rposition(|w| w == [0x7E, 0x02, 0x0A, 0x00]).unwrap();
    bytes[rk + 4..rk + 8].copy_from_slice(&[0xFF; 4]);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("far.xls");
    std::fs::write(&path, bytes).unwrap();
    let (code, stderr) = run_clean(&["check".as_ref(), path.as_os_str()], "far xls");
    assert_eq!(code, 1);
    assert!(stderr.contains(&format!("{}: 工作表的使用范围过大", path.display())), "{stderr}");
}
