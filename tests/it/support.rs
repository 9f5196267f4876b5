//! What every integration test shares: the binary, the repository's files, json, and the tools a
//! test needs from the machine (a test that cannot run says so, and fails under CI).

#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use serde_json::Value;

/// The real binary, run from the repository root (so that `indicators/…` and `samples/…` resolve).
pub fn zhibiao() -> Command {
    let mut cmd = Command::cargo_bin("zhibiao").unwrap();
    cmd.current_dir(root());
    cmd
}

/// The repository root.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A file of the repository.
pub fn repo_file(path: &str) -> PathBuf {
    root().join(path)
}

/// The chosen sheets of a spreadsheet file, as the library reads them.
pub fn read_book(path: &Path, which: zhibiao::grid::Which<'_>) -> zhibiao::grid::Workbook {
    let input = zhibiao::inputs::read(path).unwrap();
    let format = zhibiao::grid::Format::of(path).unwrap();
    zhibiao::grid::read_bytes(&input.bytes, format, input.name.into(), which).unwrap()
}

/// Writes `content` to `dir/name`.
pub fn write(dir: &Path, name: &str, content: &str) -> PathBuf {
    let path = dir.join(name);
    fs::write(&path, content).unwrap();
    path
}

pub fn json_of(output: &[u8]) -> Value {
    serde_json::from_slice(output).unwrap_or_else(|e| panic!("not json ({e}): {}", String::from_utf8_lossy(output)))
}

/// Runs the command, and if its exit code is not `code`, fails with everything a reader needs:
/// the command, its status, stdout and stderr.
pub fn expect(cmd: &mut Command, code: i32) -> Output {
    let output = cmd.output().unwrap();
    if output.status.code() != Some(code) {
        panic!(
            "{cmd:?}\nexpected exit {code}, got {:?}\n--- stdout\n{}\n--- stderr\n{}",
            output.status.code(),
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    output
}

/// The standard output of a successful run.
pub fn stdout_of(cmd: &mut Command) -> String {
    String::from_utf8(expect(cmd, 0).stdout).unwrap()
}

/// A test that needs something the machine lacks: skipped, visibly, on a developer's machine; a
/// failure under CI, which installs everything the tests need.
pub fn cannot_run(what: &str) {
    if std::env::var_os("CI").is_some() {
        panic!("CI must install what this test needs: {what}");
    }
    eprintln!("SKIPPED (cannot run here): {what}");
}

/// Whether LibreOffice is there; says so when it is not.
pub fn has_soffice() -> bool {
    let there = std::process::Command::new("soffice").arg("--version").output().is_ok();
    if !there {
        cannot_run("soffice (LibreOffice) is not installed");
    }
    there
}

/// The wild corpus beside the repository (`../shared/corpus/wild`), when it is there.
pub fn corpus() -> Option<PathBuf> {
    let dir = root().join("../shared/corpus/wild");
    if dir.is_dir() {
        Some(dir)
    } else {
        cannot_run(&format!("no corpus at {}", dir.display()));
        None
    }
}

/// Writes a workbook of one sheet, `rows` of text cells (a cell that reads as a number is written
/// as one), to `dir/name`.
pub fn write_xlsx(dir: &Path, name: &str, sheet: &str, rows: &[&[&str]]) -> PathBuf {
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name(sheet).unwrap();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            match cell.parse::<f64>() {
                Ok(n) => ws.write_number(r as u32, c as u16, n).unwrap(),
                Err(_) => ws.write_string(r as u32, c as u16, *cell).unwrap(),
            };
        }
    }
    let path = dir.join(name);
    book.save(&path).unwrap();
    path
}
