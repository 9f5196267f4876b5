//! Finding a table's header row by its column names, the way offices write them: below a title,
//! sometimes over two rows with merged cells ("指标" over 一级/二级/三级), with varying names.

use crate::grid::Sheet;
use crate::number::fold_char;

/// A header cell as a message shows what was seen: its place and its text, "B3“考核内容”"; `None` for a cell
/// with nothing to see (blank, spaces, zero-width characters), which is left out rather than shown as “”.
pub fn seen_cell(place: String, text: &str) -> Option<String> {
    let visible = text.chars().any(|c| !c.is_whitespace() && !matches!(c, '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}'));
    visible.then(|| format!("{place}“{}”", text.trim()))
}

/// How many rows from the top are searched for the header.
pub const SCAN_ROWS: usize = 12;

/// A column the reader looks for, with every name it goes by (Chinese first, then English).
#[derive(Clone, Copy, Debug)]
pub struct Column {
    pub aliases: &'static [&'static str],
    pub required: bool,
}

/// Where the columns were found.
#[derive(Debug)]
pub struct Header {
    /// The last header row; data starts below it.
    pub row: usize,
    /// The grid column of each spec, by the spec's index: looked up for every cell of every row read.
    columns: Vec<Option<usize>>,
}

impl Header {
    /// A header at `row` with the grid column of each spec, by the spec's index.
    pub fn new(row: usize, columns: Vec<Option<usize>>) -> Self {
        Header { row, columns }
    }

    /// The grid column of the `index`th spec, if the table has it.
    pub fn get(&self, index: usize) -> Option<usize> {
        self.columns.get(index).copied().flatten()
    }
}

/// Lower-cased, spaces and full-width forms folded, and a trailing unit in brackets dropped
/// ("分值(分)" → "分值"), so that small differences in typing do not hide a column.
pub fn normalize(name: &str) -> String {
    // One pass and one string: every cell of the first rows of every sheet comes here.
    let mut folded = String::with_capacity(name.len());
    for c in name.chars().filter_map(fold_char) {
        match c {
            '（' => folded.push('('),
            '）' => folded.push(')'),
            c if c.is_ascii() => folded.push(c.to_ascii_lowercase()),
            // CJK punctuation, kana and ideographs have no case: no table to search.
            '\u{3000}'..='\u{9fff}' => folded.push(c),
            c => folded.extend(c.to_lowercase()),
        }
    }
    if let Some(i) = folded.find('(').filter(|&i| i > 0 && folded.ends_with(')')) {
        folded.truncate(i);
    }
    match folded.find(|c| c != '*') {
        Some(start) if start > 0 => folded.split_off(start),
        Some(_) => folded,
        None => String::new(),
    }
}

/// The start of a long cell: enough to match a column name by prefix, and no time spent on the
/// paragraphs of an instructions sheet.
pub fn prefix(text: &str) -> &str {
    const CHARS: usize = 32;
    text.char_indices().nth(CHARS).map_or(text, |(end, _)| &text[..end])
}

/// Rows that close or annotate a table (合计, 注, 说明 …) rather than hold data.
pub fn is_footer(text: &str) -> bool {
    ["合计", "总计", "小计", "注:", "注\u{ff1a}", "说明", "备注"].iter().any(|m| text.starts_with(m))
        || text.get(..5).is_some_and(|start| start.eq_ignore_ascii_case("total"))
}

/// How well a normalized name matches a column: 2 exactly, 1 by prefix, 0 not at all.
fn matches(name: &str, column: &Column) -> u8 {
    if column.aliases.contains(&name) {
        2
    } else if column.aliases.iter().any(|a| a.chars().nth(1).is_some() && name.starts_with(a)) {
        1
    } else {
        0
    }
}

/// Finds the first row within [`SCAN_ROWS`] where every required column is named. A cell left empty
/// under a merged or two-row header takes the name written above it.
pub fn find(sheet: &Sheet, specs: &[Column]) -> Option<Header> {
    find_where(sheet, specs, |header| specs.iter().enumerate().all(|(i, s)| !s.required || header.get(i).is_some()))
}

/// Like [`find`], the header being the first row whose columns `is_header` accepts.
pub fn find_where(sheet: &Sheet, specs: &[Column], is_header: impl Fn(&Header) -> bool) -> Option<Header> {
    let width = sheet.width();
    for row in 0..SCAN_ROWS.min(sheet.height()) {
        // Normalized once per cell, not once per column looked for: thousands of small files add up.
        // And matched once against each column looked for: `quality[col * specs.len() + index]`.
        let mut quality = Vec::with_capacity(width * specs.len());
        for col in 0..width {
            let name = sheet.text(row, col).or_else(|| row.checked_sub(1).and_then(|up| sheet.text(up, col)));
            let name = name.map(|n| normalize(prefix(&n)));
            quality.extend(specs.iter().map(|spec| name.as_deref().map_or(0, |n| matches(n, spec))));
        }
        let mut columns = vec![None; specs.len()];
        let mut taken = vec![false; width];
        // Exact names claim their columns before prefix matches do.
        for wanted in [2, 1] {
            for index in 0..specs.len() {
                if columns[index].is_some() {
                    continue;
                }
                let found = (0..width).position(|col| !taken[col] && quality[col * specs.len() + index] == wanted);
                if let Some(col) = found {
                    taken[col] = true;
                    columns[index] = Some(col);
                }
            }
        }
        let header = Header { row, columns };
        if is_header(&header) {
            return Some(header);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(rows: &[&[&str]]) -> Sheet {
        Sheet::of_texts(rows)
    }

    const SPECS: [Column; 3] = [
        Column { aliases: &["一级指标", "level1"], required: true },
        Column { aliases: &["三级指标", "level3"], required: true },
        Column { aliases: &["分值", "满分", "points"], required: false },
    ];

    #[test]
    fn finds_header_below_title() {
        let s = sheet(&[&["XX市法治政府建设指标体系", "", ""], &["一级指标", "三级指标内容", "分值(分)"], &["a", "b", "10"]]);
        let h = find(&s, &SPECS).unwrap();
        assert_eq!(h.row, 1);
        assert_eq!((h.get(0), h.get(1), h.get(2)), (Some(0), Some(1), Some(2)));
    }

    #[test]
    fn two_row_header_takes_merged_names_from_above() {
        let s = sheet(&[&["指标", "", "满分"], &["一级指标", "三级指标", ""]]);
        let h = find(&s, &SPECS).unwrap();
        assert_eq!(h.row, 1);
        assert_eq!(h.get(2), Some(2));
    }

    #[test]
    fn a_long_header_cell_is_matched_by_its_start() {
        let long = format!("三级指标(评分标准:{})", "逐项核对佐证材料".repeat(8));
        let h = find(&sheet(&[&["一级指标", &long, "分值"]]), &SPECS).unwrap();
        assert_eq!(h.get(1), Some(1));
    }

    #[test]
    fn names_are_compared_normalized() {
        assert_eq!(normalize("*分值（分）"), "分值");
        assert_eq!(normalize(" 得　分 "), "得分");
        assert_eq!(normalize("Level1"), "level1");
        assert_eq!(normalize("(分)"), "(分)");
        assert_eq!(normalize("**"), "");
    }

    #[test]
    fn footers_with_either_colon() {
        assert!(is_footer("注:示例") && is_footer("注\u{ff1a}示例") && is_footer("合计"));
        assert!(!is_footer("一、政府职责全面依法履行"));
    }

    #[test]
    fn english_names_and_missing_header() {
        let s = sheet(&[&["Level1", "LEVEL3"]]);
        assert!(find(&s, &SPECS).is_some());
        assert!(find(&sheet(&[&["单位", "得分"]]), &SPECS).is_none());
    }

    #[test]
    fn footers() {
        for text in ["合计", "总计(分)", "注:本表", "Total", "TOTAL points", "说明"] {
            assert!(is_footer(text), "{text}");
        }
        for text in ["1.1.1", "tot", "依法行政合计", "司法局"] {
            assert!(!is_footer(text), "{text}");
        }
    }
}
