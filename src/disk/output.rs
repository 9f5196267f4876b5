//! Writing output files safely: never over an input, and atomically — the content goes to a
//! temporary file beside the target and is renamed into place, so an interrupted run leaves either
//! the old file or the new one, never half of one.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::text;

#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("{}", text::output_is_input(.0.display()))]
    IsInput(PathBuf),
    #[error("{}", text::cannot_write(.0.display(), .1))]
    Write(PathBuf, io::Error),
}

/// Refuses an output path that is also one of the inputs (same file, however it is spelled, even
/// through a link).
pub fn check_not_input(output: &Path, inputs: &[PathBuf]) -> Result<(), OutputError> {
    if inputs.iter().any(|input| same_file(output, input)) {
        return Err(OutputError::IsInput(output.to_path_buf()));
    }
    Ok(())
}

fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(a), Ok(b)) = (fs::metadata(a), fs::metadata(b)) {
            return a.dev() == b.dev() && a.ino() == b.ino();
        }
    }
    match (fs::canonicalize(a), fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    write_atomic_with(path, |file| file.write_all(bytes))
}

/// Writes to `path` what `write` writes into the file, the same way: an output made as it is
/// written is never all in memory.
pub fn write_atomic_with(path: &Path, write: impl FnOnce(&mut fs::File) -> io::Result<()>) -> Result<(), OutputError> {
    let fail = |e| OutputError::Write(path.to_path_buf(), e);
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = path.file_name().ok_or_else(|| fail(io::Error::from(io::ErrorKind::InvalidInput)))?;
    let temp = dir.join(format!(".{}.{}.tmp", name.to_string_lossy(), std::process::id()));
    let written = fs::File::create(&temp).and_then(|mut f| {
        write(&mut f)?;
        f.sync_all()
    });
    match written.and_then(|()| fs::rename(&temp, path)) {
        Ok(()) => Ok(()),
        Err(e) => {
            let _ = fs::remove_file(&temp);
            Err(fail(e))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_whole_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("结果.csv");
        write_atomic(&target, b"old").unwrap();
        write_atomic(&target, b"new").unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"new");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn refuses_to_overwrite_an_input() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("scores.xlsx");
        fs::write(&input, b"x").unwrap();
        let spelled_differently = dir.path().join(".").join("scores.xlsx");
        assert!(check_not_input(&spelled_differently, std::slice::from_ref(&input)).is_err());
        let hard_link = dir.path().join("copy.xlsx");
        fs::hard_link(&input, &hard_link).unwrap();
        assert!(check_not_input(&hard_link, &[input]).is_err());
    }

    #[test]
    fn failed_write_keeps_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let missing_dir = dir.path().join("no-such-dir").join("out.csv");
        assert!(write_atomic(&missing_dir, b"x").is_err());
    }
}
