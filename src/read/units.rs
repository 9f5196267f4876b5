//! The units an office names for a run: typed in one field or on the command line (`甲区,乙区、丙县`),
//! or a file with one a line (`#` comments skipped).

/// The unit names of a typed list, separated by commas (half or full width), 、 or line breaks; trimmed,
/// blanks and repeats dropped, in the order given.
pub fn typed(list: &str) -> Vec<String> {
    distinct(list.split([',', '\u{ff0c}', '、', '\n']))
}

/// The unit names of a file: one a line, blank lines and `#` comments skipped.
pub fn listed(text: &str) -> Vec<String> {
    distinct(text.lines().filter(|l| !l.trim_start().starts_with('#')))
}

fn distinct<'a>(names: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut units: Vec<String> = Vec::new();
    for name in names.map(|n| n.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}' || c == '\u{feff}')) {
        if !name.is_empty() && !units.iter().any(|u| u == name) {
            units.push(name.to_string());
        }
    }
    units
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_and_listed() {
        assert_eq!(typed("甲区, 乙区、甲区,丙县\n"), ["甲区", "乙区", "丙县"]);
        assert_eq!(listed("\u{feff}甲区\n# 注释\n\n乙区 \n甲区"), ["甲区", "乙区"]);
    }
}
