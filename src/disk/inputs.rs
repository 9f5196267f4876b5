//! The disk, at the edge of the library: the files a user names read into [`Input`]s (folders
//! walked, office lock files `~$x.xlsx` and hidden files skipped), and what a result is made from.
//! Nothing inside the run touches the file system; the browser page hands it bytes instead.

use std::fs;
use std::path::{Path, PathBuf};

use crate::grid::{Format, MAX_FILE_BYTES, ReadError};
use crate::location::Input;
use crate::text;

/// Reads a spreadsheet file, refused before reading when it is not one or too large. The file
/// is only ever opened for reading.
pub fn read(path: &Path) -> Result<Input, ReadError> {
    let display = path.display().to_string();
    let metadata = match fs::metadata(path) {
        Ok(m) if m.is_file() => m,
        _ => return Err(ReadError::NotFound(display)),
    };
    Format::of(path).ok_or_else(|| ReadError::Unsupported(display.clone()))?;
    if metadata.len() > MAX_FILE_BYTES {
        return Err(ReadError::FileTooLarge(display));
    }
    let bytes = fs::read(path).map_err(|e| ReadError::Open(display.clone(), e.to_string()))?;
    Ok(Input::new(display, bytes))
}

/// A folder that could not be read while looking for files.
#[derive(Debug, thiserror::Error)]
#[error("{}", text::cannot_read_folder(.0.display(), .1))]
pub struct WalkError(pub PathBuf, std::io::Error);

/// Files to read, sorted within each folder so that runs are repeatable. A named file is kept
/// whatever its type, so that a wrong one gets a clear message instead of being ignored.
pub fn collect(paths: &[PathBuf]) -> Result<Vec<PathBuf>, WalkError> {
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

fn walk(dir: &Path, files: &mut Vec<PathBuf>) -> Result<(), WalkError> {
    let failed = |e| WalkError(dir.to_path_buf(), e);
    let mut entries: Vec<PathBuf> = fs::read_dir(dir).map_err(failed)?.map(|e| e.map(|e| e.path())).collect::<Result<_, _>>().map_err(failed)?;
    entries.sort();
    for path in entries {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        if name.starts_with('.') || name.starts_with("~$") {
            continue;
        }
        if path.is_dir() {
            walk(&path, files)?;
        } else if Format::of(&path).is_some_and(Format::is_spreadsheet) {
            files.push(path);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A folder that cannot be read is named with the reason, not taken for "no score files".
    #[test]
    fn an_unreadable_folder_is_named() {
        let mut files = Vec::new();
        let err = walk(Path::new("/no/such/folder"), &mut files).unwrap_err();
        assert!(err.to_string().starts_with("无法读取文件夹 /no/such/folder: "), "{err}");
    }
}
