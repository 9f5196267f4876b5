//! The disk, at the edge of the library: the files a user names read into [`Input`]s (folders
//! walked, office lock files `~$x.xlsx` and hidden files skipped), and what a result is made from.
//! Nothing inside the run touches the file system; the browser page hands it bytes instead.

use std::fs;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::grid::{Format, MAX_FILE_BYTES, ReadError};
use crate::pipeline::Input;

/// A file that went into a result, with the SHA-256 of the bytes read from it: a result's notes
/// name exactly what it was made from, even if the file changes afterwards.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputFile {
    pub path: PathBuf,
    pub sha256: [u8; 32],
}

impl InputFile {
    pub fn of(path: &Path, bytes: &[u8]) -> InputFile {
        InputFile { path: path.to_path_buf(), sha256: Sha256::digest(bytes).into() }
    }

    pub fn sha256_hex(&self) -> String {
        self.sha256.iter().map(|b| format!("{b:02x}")).collect()
    }
}

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
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)?.map(|e| e.map(|e| e.path())).collect::<Result<_, _>>()?;
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
