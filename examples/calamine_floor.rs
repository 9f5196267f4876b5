//! The floor of the benchmark: calamine opening every workbook and reading every sheet into a
//! range, and nothing else. Files are read in parallel with rayon, as `zhibiao score` reads them,
//! so that the comparison is fair.
//!
//!     cargo run --release --example calamine_floor -- FILE_OR_DIR...

use std::path::PathBuf;

use calamine::{Reader, open_workbook_auto};
use rayon::prelude::*;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut files: Vec<PathBuf> = Vec::new();
    let mut paths: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    while let Some(path) = paths.pop() {
        if path.is_dir() {
            for entry in std::fs::read_dir(&path)? {
                paths.push(entry?.path());
            }
        } else {
            files.push(path);
        }
    }
    let cells: usize = files
        .par_iter()
        .map(|path| {
            let mut book = open_workbook_auto(path).map_err(|e| format!("{}: {e}", path.display()))?;
            let mut cells = 0;
            for name in book.sheet_names() {
                let range = book.worksheet_range(&name).map_err(|e| format!("{}: {e}", path.display()))?;
                cells += range.get_size().0 * range.get_size().1;
            }
            Ok(cells)
        })
        .collect::<Result<Vec<usize>, String>>()?
        .into_iter()
        .sum();
    println!("{} files, {cells} cells", files.len());
    Ok(())
}
