//! Sentences of reading an indicator table: how it was read, and what in it does not add up.

use std::fmt::Display;

use super::{Lang, lang, pick};
/// What a column was read as, in a word, by the role's key (as json writes it).
pub fn role_name(key: &str) -> String {
    let (zh, en) = match key {
        "level1" => ("一级指标", "level 1"),
        "level2" => ("二级指标", "level 2"),
        "items" => ("指标(计分项)", "items (scored)"),
        "code" => ("编号", "code"),
        "number" => ("指标序号(贯穿全表,可作编号)", "item number (runs through the table, usable as code)"),
        "row_number" => ("行号(各组重新编号,不作编号)", "row number (restarts in groups, not a code)"),
        "points" => ("分值", "points"),
        "weight" => ("权重", "weight"),
        "departments" => ("责任单位", "departments"),
        "lead" => ("牵头单位", "lead department"),
        "assist" => ("配合单位", "assisting departments"),
        "standard" => ("评分标准", "scoring standard"),
        "kind" => ("类型", "type"),
        other => (other, other),
    };
    pick(zh.to_string(), en.to_string())
}

/// Between the entries of a list in a sentence.
pub fn list_separator() -> String {
    say!("、", ", ")
}

/// The items of a tree of `tiers` tiers, in a word: 三级指标 in a three-tier tree.
pub fn items_word(tiers: u8) -> String {
    if tiers == 3 { say!("三级指标", "items") } else { say!("指标", "items") }
}

pub fn tree_header_not_found(rows: usize, seen: impl Display, accepted: impl Display) -> String {
    let seen = if seen.to_string().is_empty() { say!("(空)", "(nothing)") } else { seen.to_string() };
    say!(
        "前 {rows} 行中找不到表头: 缺少指标列(可用的列名: {accepted});看到的表头单元格: {seen}",
        "no header row in the first {rows} rows: no items column (names accepted: {accepted}); header cells seen: {seen}"
    )
}
pub fn too_many_tiers(columns: impl Display) -> String {
    say!(
        "表头中有三个以上的层级列: {columns}(最多三级: 一级指标、二级指标、三级指标)",
        "more than three hierarchy columns in the header: {columns} (three tiers at most)"
    )
}
pub fn standard_read_as_items(column: impl Display, header: impl Display) -> String {
    say!(
        "{column} 列“{header}”读作指标(表中另有评分标准列,或没有其他指标列)",
        "column {column} '{header}' read as the items (the table has another scoring-standard column, or no other items column)"
    )
}
pub fn standard_read_as_rule(column: impl Display, header: impl Display) -> String {
    say!(
        "{column} 列“{header}”读作评分标准(指标在其左侧的列中)",
        "column {column} '{header}' read as the scoring standard (the items are in a column to its left)"
    )
}
pub fn merged_header_tier(column: impl Display, header: impl Display) -> String {
    say!(
        "{column} 列表头为空,与左侧“{header}”同属一个合并表头,读作下一级",
        "column {column} has no header of its own: it shares the merged header '{header}' and is read as the next tier"
    )
}
pub fn node_reappears(name: impl Display, first: impl Display) -> String {
    say!(
        "“{name}”在 {first} 已出现,中间隔着其他指标: 同名指标只能连续出现(请合并,或改名区分)",
        "'{name}' already appeared at {first}, with other indicators in between: a name may only repeat on consecutive rows"
    )
}
pub fn points_disagree(column: impl Display, text: impl Display, column_cell: Option<impl Display>) -> String {
    let at = column_cell.map(|l| l.to_string()).unwrap_or_default();
    say!(
        "文字写明 {text} 分,分值列为 {column} 分({at}),两者不一致",
        "the text states {text} points, the points column {column} ({at}): they disagree"
    )
}
pub fn points_not_stated(code: impl Display) -> String {
    say!(
        "指标 {code} 没有写明分值(分值列为空,文字中也没有“N分”),而本表其他指标写明了分值: 不会按默认分值计,请补上",
        "item {code} states no points (no 分值 and no 'N分' in its text) while other items of the table do: no default is used, add its points"
    )
}
pub fn subtotal_differs(level: impl Display, stated: impl Display, items: impl Display, sum: impl Display) -> String {
    say!("{level}写明 {stated} 分,所属{items}合计 {sum} 分", "{level} states {stated} points, its {items} add up to {sum}")
}
pub fn total_differs(label: impl Display, stated: impl Display, sum: impl Display) -> String {
    say!("{label}写明 {stated} 分,上方指标合计 {sum} 分", "the {label} row states {stated} points, the items above add up to {sum}")
}

// ---- the reading, first lines of `check` --------------------------------------------------

pub fn reading_header(row: usize, columns: impl Display) -> String {
    say!("表头在第 {row} 行: {columns}", "header at row {row}: {columns}")
}
pub fn reading_column(column: impl Display, header: impl Display, role: impl Display) -> String {
    say!("{column}“{header}”→{role}", "{column} '{header}' → {role}")
}
pub fn reading_tiers(tiers: u8) -> String {
    match (lang(), tiers) {
        (Lang::Zh, 3) => "层级: 三级(一级指标 → 二级指标 → 三级指标)".into(),
        (Lang::Zh, 2) => "层级: 两级(一级指标 → 指标),没有二级指标".into(),
        (Lang::Zh, _) => "层级: 一级(指标平列,没有上级指标)".into(),
        (Lang::En, 3) => "tiers: three (level 1 → level 2 → items)".into(),
        (Lang::En, 2) => "tiers: two (level 1 → items), no level 2".into(),
        (Lang::En, _) => "tiers: one (a flat list of items)".into(),
    }
}
pub fn points_from_column() -> String {
    say!("分值: 取自分值列", "points: from the points column")
}
pub fn points_from_text() -> String {
    say!("分值: 取自指标文字中写明的“N分”", "points: from the 'N分' stated in the items' text")
}
pub fn points_from_both() -> String {
    say!("分值: 取自分值列,分值列为空的取自指标文字", "points: from the points column, and from the text where that is blank")
}
pub fn points_default(points: impl Display) -> String {
    say!(
        "分值未给出,每项按 {points} 分计(默认分值: --points,或评分方案的 points,都未给出时为 10)",
        "no points are stated: every item counts {points} (the default: --points, or the scheme's points, else 10)"
    )
}
pub fn reading_carried(cells: impl Display) -> String {
    say!("直接计分的上级指标(其下唯一一项承接其分值): {cells}", "nodes scored directly (their one item carries their points): {cells}")
}
pub fn reading_confirmed(count: usize, cells: impl Display) -> String {
    say!("小计核对相符 {count} 处: {cells}", "{count} subtotal(s) confirmed: {cells}")
}
pub fn reading_no_subtotals() -> String {
    say!("表中没有写明小计或合计,无需核对", "the table states no subtotals or totals to check")
}
pub fn confirmed_cell(cell: impl Display, points: impl Display) -> String {
    say!("{cell}({points} 分)", "{cell} ({points})")
}
