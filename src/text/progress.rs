//! Sentences of the progress bar shown while score files are read.

use super::pick;

pub fn reading_files() -> String {
    say!("读取评分文件", "reading score files")
}
