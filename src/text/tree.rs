//! Sentences of reading an indicator table: how it was read, and what in it does not add up.

use std::fmt::Display;

use super::{Lang, Message, lang, pick};
/// What a column was read as, in a word, by the role's key (as json writes it).
pub fn role_name(key: &str) -> String {
    let (zh, en) = match key {
        "level1" => ("一级指标", "level 1"),
        "level2" => ("二级指标", "level 2"),
        "level3" => ("三级指标", "level 3"),
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

/// A group of tier `level` (1–3) in a word.
pub fn group_name(level: u8) -> String {
    match (lang(), level) {
        (Lang::Zh, 1) => "一级指标".into(),
        (Lang::Zh, 2) => "二级指标".into(),
        (Lang::Zh, _) => "三级指标".into(),
        (Lang::En, 1) => "level-1 indicator".into(),
        (Lang::En, 2) => "level-2 indicator".into(),
        (Lang::En, _) => "level-3 indicator".into(),
    }
}

/// The items of a tree of `tiers` tiers, in a word: 三级指标 in a three-tier tree.
pub fn items_word(tiers: u8) -> String {
    tier_names(tiers).pop().unwrap_or_default()
}

/// The names of a tree's tiers, top first, as `check`, `tree` and its csv all say them: the items are 三级指标
/// in a three-tier tree and 指标 in any other (a four-tier tree's 三级 is the group above them).
pub fn tier_names(tiers: u8) -> Vec<String> {
    let (zh, en): (&[&str], &[&str]) = match tiers {
        4 => (&["一级指标", "二级指标", "三级指标", "指标"], &["level 1", "level 2", "level 3", "item"]),
        3 => (&["一级指标", "二级指标", "三级指标"], &["level 1", "level 2", "item"]),
        2 => (&["一级指标", "指标"], &["level 1", "item"]),
        _ => (&["指标"], &["item"]),
    };
    let names = match lang() {
        Lang::Zh => zh,
        Lang::En => en,
    };
    names.iter().map(|n| n.to_string()).collect()
}

pub fn tree_header_not_found(rows: usize, seen: impl Display, accepted: impl Display) -> Message {
    let seen = if seen.to_string().is_empty() { say!("(空)", "(nothing)") } else { seen.to_string() };
    problem!(
        "tree.no_header",
        [rows, seen, accepted],
        "前 {rows} 行中找不到表头: 缺少指标列(可用的列名: {accepted});看到的表头单元格: {seen}",
        "no header row in the first {rows} rows: no items column (names accepted: {accepted}); header cells seen: {seen}"
    )
}
pub fn too_many_tiers(columns: impl Display) -> Message {
    problem!(
        "tree.too_many_tiers",
        [columns],
        "表头中有四个以上的层级列: {columns}(最多四级)",
        "more than four hierarchy columns in the header: {columns} (four tiers at most)"
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
pub fn merged_header_code(codes: impl Display, names: impl Display, header: impl Display) -> String {
    say!(
        "“{header}”合并在 {codes}、{names} 两列之上: {codes} 列是编号,{names} 列是名称,同属一级",
        "'{header}' is merged over columns {codes} and {names}: {codes} holds the codes, {names} the names, of one tier"
    )
}
pub fn column_repeated(first: impl Display, second: impl Display, header: impl Display) -> String {
    say!(
        "{second} 列“{header}”与 {first} 列同为评分标准: 取 {first} 列,{second} 列不读",
        "column {second} '{header}' is a scoring standard like column {first}: {first} is read, {second} is not"
    )
}
pub fn columns_same_role(first: impl Display, second: impl Display, role: impl Display) -> Message {
    problem!(
        "tree.columns_same_role",
        [first, second, role],
        "{first} 和 {second} 两列都是“{role}”: 不知道该读哪一列(请删去或改名其中一列)",
        "columns {first} and {second} are both '{role}': which one to read cannot be told (remove or rename one)"
    )
}
pub fn points_column_of_tier(column: impl Display, tier: impl Display) -> String {
    say!("{column} 列“分值”是{tier}的分值(只在{tier}所在的行填写)", "column {column} holds the points of the {tier} (filled only on its rows)")
}
pub fn points_column_without_tier(cell: impl Display) -> Message {
    problem!(
        "tree.points_column_without_tier",
        [cell],
        "表中有多个分值列,{cell} 左侧没有指标列: 无法判断它属于哪一级(请删去多余的分值列,或在其左侧写明指标)",
        "several points columns, and none of the tiers is left of {cell}: which tier it belongs to cannot be told"
    )
}
pub fn points_columns_same_tier(first: impl Display, second: impl Display) -> Message {
    problem!(
        "tree.points_columns_same_tier",
        [first, second],
        "{first} 和 {second} 两个分值列都属于同一级指标: 不知道该用哪一个(请删去一个)",
        "points columns {first} and {second} both belong to the same tier: which one counts cannot be told"
    )
}
pub fn points_column_off_tier(cell: impl Display, tier: impl Display) -> Message {
    problem!(
        "tree.points_column_off_tier",
        [cell, tier],
        "{cell} 填了分值,但同一行的 {tier} 是空的: 表中有多个分值列,这一列属于哪一级无法确定",
        "{cell} has points while {tier} on its row is empty: with several points columns, which tier this one belongs to cannot be told"
    )
}
pub fn group_without_items(level: impl Display, name: impl Display) -> Message {
    problem!(
        "tree.group_without_items",
        [level, name],
        "{level}“{name}”下面没有指标: 标题不能当作计分项(请在其下列出指标,或检查指标列是否读对)",
        "{level} '{name}' has no items under it: a heading is never scored as an item (list its items, or check the items column)"
    )
}
pub fn row_without_item(cell: impl Display, value: impl Display) -> Message {
    problem!(
        "tree.row_without_item",
        [cell, value],
        "这一行有内容({cell}“{value}”),却不在任何指标列中: 不会被悄悄略过(请检查表头,或把它写进指标列)",
        "this row holds '{value}' ({cell}) but no indicator: it is not skipped silently (check the header, or put it in an indicator column)"
    )
}
pub fn item_repeats(name: impl Display, above: impl Display, unread: impl Display) -> Message {
    let unread = unread.to_string();
    let (zh, en) = if unread.is_empty() {
        (String::new(), String::new())
    } else {
        (format!(";本行 {unread} 的内容未读,可能才是指标"), format!("; {unread} on this row was not read and may hold the items"))
    };
    problem!(
        "tree.item_repeats",
        [name, above, unread],
        "指标“{name}”与上一行 {above} 相同: 这一列像是向下填充的上级指标,而不是计分项{zh}(请检查指标列的表头)",
        "item '{name}' repeats the one above ({above}): this column looks like a heading filled down, not the items{en} (check the items column's header)"
    )
}
pub fn points_without_node(points: impl Display) -> Message {
    problem!(
        "tree.points_without_node",
        [points],
        "分值 {points} 所在的行没有指标名称: 不知道它属于哪一项",
        "the points {points} are on a row naming no indicator: whose they are cannot be told"
    )
}
pub fn rule_points_unconfirmed(item: impl Display, rule: impl Display, why: impl Display) -> Message {
    problem!(
        "tree.rule_points_unconfirmed",
        [item, rule, why],
        "指标“{item}”没有写明分值,只写了“{rule}”: 这是不是它的分值无法确定({why})。请写明分值(分值列,或文字中的“(N分)”)",
        "item '{item}' states no points, only '{rule}': whether that is its points cannot be told ({why}); state its points (in the 分值 column, or as '(N分)' in its text)"
    )
}
pub fn rule_points_no_subtotal() -> String {
    say!("上级指标没有写明小计可核对", "no subtotal above it to check against")
}
pub fn rule_points_sum(level: impl Display, at: impl Display, stated: impl Display, sum: impl Display) -> String {
    say!("{level} {at} 写明 {stated} 分,按此读所属指标合计 {sum} 分", "the {level} at {at} states {stated}, read so its items add up to {sum}")
}
pub fn rule_points_confirmed(count: usize, cells: impl Display) -> String {
    say!(
        "{count} 项只写了“N分”“得N分”或“扣N分”,与上级小计相符,读作分值: {cells}",
        "{count} item(s) state only a closing 'N分' (glued, earned or deducted), confirmed by the subtotal above and read as their points: {cells}"
    )
}
pub fn headings_scored_directly(count: usize, cells: impl Display) -> String {
    say!(
        "{count} 个标题下面没有指标,而在得分列有自己的单元格,按直接计分的指标读取: {cells}",
        "{count} heading(s) with no items under them have a cell of their own in the score column, read as items scored directly: {cells}"
    )
}
pub fn headings_promoted(count: usize) -> String {
    say!(
        "指标列中编号层级最高的 {count} 行(如“一、”)是标题,读作上一级指标,其分值为其下各项的小计",
        "{count} rows of the items column numbered at the outermost level (such as 一、) are headings, read as the tier above, their points as subtotals"
    )
}
pub fn node_reappears(name: impl Display, first: impl Display) -> Message {
    problem!(
        "tree.node_reappears",
        [name, first],
        "“{name}”在 {first} 已出现,中间隔着其他指标: 同名指标只能连续出现(请合并,或改名区分)",
        "'{name}' already appeared at {first}, with other indicators in between: a name may only repeat on consecutive rows"
    )
}
pub fn points_disagree(column: impl Display, text: impl Display, column_cell: Option<impl Display>) -> Message {
    let at = column_cell.map(|l| l.to_string()).unwrap_or_default();
    problem!(
        "tree.points_disagree",
        [column, text, at],
        "文字写明 {text} 分,分值列为 {column} 分({at}),两者不一致",
        "the text states {text} points, the points column {column} ({at}): they disagree"
    )
}
pub fn points_not_stated(code: impl Display) -> Message {
    problem!(
        "tree.points_not_stated",
        [code],
        "指标“{code}”没有写明分值(分值列为空,文字中也没有“N分”),而本表其他指标写明了分值: 不会按默认分值计,请补上",
        "item '{code}' states no points (no 分值 and no 'N分' in its text) while other items of the table do: no default is used, add its points"
    )
}
pub fn subtotal_differs(level: impl Display, stated: impl Display, items: impl Display, sum: impl Display, stated_at: impl Display) -> Message {
    let at = stated_at.to_string();
    let at_zh = if at.is_empty() { at.clone() } else { format!("(分值在 {at})") };
    let at_en = if at.is_empty() { at.clone() } else { format!(" (points at {at})") };
    problem!(
        "tree.subtotal_mismatch",
        [level, stated, items, sum, at],
        "{level}写明 {stated} 分,所属{items}合计 {sum} 分{at_zh}",
        "{level} states {stated} points, its {items} add up to {sum}{at_en}"
    )
}
pub fn total_differs(label: impl Display, stated: impl Display, sum: impl Display) -> Message {
    problem!(
        "tree.total_mismatch",
        [label, stated, sum],
        "{label}写明 {stated} 分,上方指标合计 {sum} 分",
        "the {label} row states {stated} points, the items above add up to {sum}"
    )
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
        (Lang::Zh, 4) => "层级: 四级(一级指标 → 二级指标 → 三级指标 → 指标)".into(),
        (Lang::Zh, 3) => "层级: 三级(一级指标 → 二级指标 → 三级指标)".into(),
        (Lang::Zh, 2) => "层级: 两级(一级指标 → 指标),没有二级指标".into(),
        (Lang::Zh, _) => "层级: 一级(指标平列,没有上级指标)".into(),
        (Lang::En, 4) => "tiers: four (level 1 → level 2 → level 3 → items)".into(),
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
