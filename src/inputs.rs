//! Turning the paths a user names into the score files to read: folders are walked, office lock
//! files (`~$x.xlsx`) and hidden files skipped.

use std::path::{Path, PathBuf};

use crate::grid::Format;

/// Files to read, sorted within each folder so that runs are repeatable. A named file is kept
/// whatever its type, so that a wrong one gets a clear message instead of being ignored.
pub fn collect(paths: &[PathBuf]) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            walk(path, &mut files)?;
        } else {
            files.push(path.clone());
        }
    }
    Ok(files)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?.map(|e| e.map(|e| e.path())).collect::<Result<_, _>>()?;
    entries.sort();
    for path in entries {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        if name.starts_with('.') || name.starts_with("~$") {
            continue;
        }
        if path.is_dir() {
            walk(&path, files)?;
        } else if Format::of(&path).is_some() {
            files.push(path);
        }
    }
    Ok(())
}
