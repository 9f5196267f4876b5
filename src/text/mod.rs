//! Every sentence a user reads, in Chinese (default) and English, kept in one place.
//!
//! The language is the process's (`--lang`), so that error types can render themselves with
//! `Display` without threading a language through every call; a scope or a thread may speak
//! another ([`with_lang`], [`set_thread_lang`]), which is how a run speaks its spec's language and
//! the service keeps two requests in two languages apart.
//!
//! A problem's sentence is a [`Message`]: declared with `problem!`, it carries a stable code (one
//! of [`CODES`]) and its arguments beside the words, for scripts.

use std::cell::Cell;
use std::fmt::Display;
use std::sync::atomic::{AtomicU8, Ordering};

/// The language of user-facing text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// 中文 (default)
    Zh,
    /// English
    En,
}

impl Lang {
    pub const ALL: &'static [Lang] = &[Lang::Zh, Lang::En];

    pub fn name(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }
}

static LANG: AtomicU8 = AtomicU8::new(0);

thread_local! {
    /// This thread's language over the process's: a service answers two offices in two languages at
    /// once, each request's sentences built on a thread of its own language.
    static THREAD_LANG: Cell<Option<Lang>> = const { Cell::new(None) };
}

pub fn set_lang(lang: Lang) {
    LANG.store(lang as u8, Ordering::Relaxed);
}

/// Sets the language of every sentence built on this thread from now on, over the process's (the
/// worker threads of a pool that serves one language).
pub fn set_thread_lang(lang: Lang) {
    THREAD_LANG.with(|l| l.set(Some(lang)));
}

/// Runs `f` with this thread's sentences in `lang`; the thread's language before is restored after,
/// even when `f` panics.
pub fn with_lang<T>(lang: Lang, f: impl FnOnce() -> T) -> T {
    struct Restore(Option<Lang>);
    impl Drop for Restore {
        fn drop(&mut self) {
            THREAD_LANG.with(|l| l.set(self.0));
        }
    }
    let _restore = Restore(THREAD_LANG.with(|l| l.replace(Some(lang))));
    f()
}

pub fn lang() -> Lang {
    if let Some(lang) = THREAD_LANG.with(Cell::get) {
        return lang;
    }
    if LANG.load(Ordering::Relaxed) == Lang::En as u8 { Lang::En } else { Lang::Zh }
}

/// Picks the sentence for the current language.
fn pick(zh: String, en: String) -> String {
    match lang() {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// `say!("中文 {x}", "English {x}")`: both sentences capture their arguments from the scope.
macro_rules! say {
    ($zh:literal, $en:literal $(,)?) => {
        pick(format!($zh), format!($en))
    };
}

/// A problem's sentence with its stable [code](CODES) and its arguments, declared together by
/// `problem!`: a script matches the code and reads the arguments, a person reads the sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    code: &'static str,
    args: Args,
    text: String,
}

/// A problem's arguments by name, each as the sentence shows it, in the sentence's order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Args(pub Vec<(String, String)>);

impl serde::Serialize for Args {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

impl Message {
    /// A message read back (the page's shares): `None` for a code that is not one of [`CODES`].
    pub fn known(code: &str, args: Args, text: String) -> Option<Message> {
        CODES.iter().find(|&&c| c == code).map(|&code| Message { code, args, text })
    }

    pub fn code(&self) -> &'static str {
        self.code
    }

    pub fn into_parts(self) -> (&'static str, Args, String) {
        (self.code, self.args, self.text)
    }

    /// The same problem said after what it is about ("读取方案 x 失败: …").
    pub fn within(mut self, context: impl Display) -> Message {
        self.text = format!("{context}: {}", self.text);
        self
    }

    fn with(mut self, name: &str, value: impl Display) -> Message {
        self.args.0.push((name.to_string(), value.to_string()));
        self
    }
}

impl Display for Message {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

/// `problem!("area.what", [a, b], "中文 {a}", "English {b}")`: a problem's sentence in both
/// languages, its code and its arguments (the listed names, each as the sentence shows it).
macro_rules! problem {
    ($code:literal, [$($arg:ident),* $(,)?], $zh:literal, $en:literal $(,)?) => {
        $crate::text::Message::of($code, vec![$((stringify!($arg), $arg.to_string())),*], say!($zh, $en))
    };
}

impl Message {
    fn of(code: &'static str, args: Vec<(&str, String)>, text: String) -> Message {
        Message { code, args: Args(args.into_iter().map(|(k, v)| (k.to_string(), v)).collect()), text }
    }
}

// Each area of the tool keeps its sentences in a file of its own here.
mod workflow;
pub use workflow::*;
mod result_book;
pub use result_book::*;
mod scheme;
pub use scheme::*;
mod robustness;
pub use robustness::*;
mod scores;
pub use scores::*;
mod rounds;
pub use rounds::*;
mod stability;
pub use stability::*;

mod progress;
pub use progress::*;
mod tree;
pub use tree::*;
mod web;
pub use web::*;
mod documents;
mod quant;
pub use documents::*;
pub use quant::*;
mod serve;
pub use serve::*;

/// Every problem's code, stable: a code once shipped is never renamed or given to another problem
/// (scripts match them). `problem!` declares each with its sentence; a test keeps this list whole.
pub const CODES: &[&str] = &[
    "cell.error",
    "cell.negative",
    "cell.not_a_deduction",
    "cell.not_a_dispute_mark",
    "cell.not_a_number",
    "cell.not_a_score",
    "file.cannot_open",
    "file.csv_too_large",
    "file.empty",
    "file.no_such_sheet",
    "file.not_found",
    "file.old_word",
    "file.protected",
    "file.reader_failed",
    "file.sheet_too_large",
    "file.too_large",
    "file.unreadable",
    "file.unsupported",
    "item.ambiguous",
    "item.code_and_text_differ",
    "item.unknown",
    "item.unknown_code",
    "item.unknown_near",
    "number.too_many_decimals",
    "number.too_many_digits",
    "option.bad_columns",
    "option.bad_date",
    "option.bad_spread",
    "option.disputed_unknown_item",
    "option.disputed_unknown_unit",
    "option.no_runs",
    "output.failed",
    "page.one_tree",
    "previous.bad_number",
    "previous.sheet_missing",
    "quant.claimed_differs",
    "quant.figure_too_large",
    "quant.figures_missing",
    "quant.half_ratio",
    "quant.needs_counts",
    "quant.no_previous",
    "quant.no_rule",
    "quant.not_a_count",
    "quant.not_a_figure",
    "quant.not_whole",
    "quant.numerator_above",
    "quant.previous_missing",
    "quant.previous_unreadable",
    "quant.previous_zero",
    "quant.ratio_and_figure",
    "quant.standard_refused",
    "quant.zero_denominator",
    "review.own_blank_verified",
    "review.unverified",
    "run.no_score_files",
    "scheme.invalid",
    "scheme.syntax",
    "scheme.units_without_code",
    "scheme.units_without_group",
    "score.below_zero",
    "score.blank",
    "score.conflict",
    "score.deduction_capped",
    "score.deduction_differs",
    "score.deductions_exceed",
    "score.deductions_not_marked",
    "score.duplicate",
    "score.lead_not_scored",
    "score.negative_deduction",
    "score.over_points",
    "score.unlisted_full_points",
    "serve.figures_not_kept",
    "serve.item_blank",
    "serve.no_unit_for",
    "serve.other_unit",
    "sheet.duplicate_item_column",
    "sheet.duplicate_unit_column",
    "sheet.no_header",
    "sheet.no_item",
    "sheet.no_score_header",
    "sheet.no_unit",
    "sheet.row_without_unit",
    "sheet.unit_or_item_column",
    "sheet.wide_by_item",
    "sheet.wide_by_unit",
    "source.missing",
    "source.none",
    "source.unknown",
    "template.exists",
    "template.other_tree",
    "template.unassigned_items",
    "tree.bad_points",
    "tree.bad_weight",
    "tree.columns_same_role",
    "tree.duplicate_code",
    "tree.group_without_items",
    "tree.item_repeats",
    "tree.missing_level",
    "tree.no_header",
    "tree.no_items",
    "tree.node_reappears",
    "tree.other_kind",
    "tree.points_column_off_tier",
    "tree.points_column_without_tier",
    "tree.points_columns_same_tier",
    "tree.points_disagree",
    "tree.points_not_stated",
    "tree.points_without_node",
    "tree.prose_missing_level",
    "tree.prose_not_numbered",
    "tree.prose_numbering_not_at_1",
    "tree.prose_numbering_skips",
    "tree.row_without_item",
    "tree.rule_points_unconfirmed",
    "tree.subtotal_mismatch",
    "tree.too_many_tiers",
    "tree.total_mismatch",
    "tree.weight_disagrees",
    "unit.missing_counted_zero",
    "unit.missing_items",
];

// ---- general -----------------------------------------------------------------------------

pub fn error_prefix() -> String {
    say!("错误", "error")
}
pub fn warning_prefix() -> String {
    say!("警告", "warning")
}
pub fn caused_by() -> String {
    say!("原因", "caused by")
}
pub fn problems_found(n: usize) -> String {
    say!("共发现 {n} 个问题", "{n} problem(s) found")
}
/// A list as each language writes one: 甲、乙、丙 / a, b, c.
pub fn list<T: Display>(items: impl IntoIterator<Item = T>) -> String {
    let separator = if lang() == Lang::En { ", " } else { "、" };
    items.into_iter().map(|i| i.to_string()).collect::<Vec<_>>().join(separator)
}
pub fn yes() -> String {
    say!("是", "yes")
}
pub fn no() -> String {
    say!("否", "no")
}

// ---- reading files -----------------------------------------------------------------------

pub fn file_not_found(path: impl Display) -> Message {
    problem!("file.not_found", [path], "找不到文件 {path}(请检查路径和文件名)", "file not found: {path} (check the path and the name)")
}
pub fn cannot_open(path: impl Display, why: impl Display) -> Message {
    problem!(
        "file.cannot_open",
        [path, why],
        "无法打开 {path}: 文件已损坏,或内容与扩展名不符({why})",
        "cannot open {path}: the file is damaged or not what its extension says ({why})"
    )
}
pub fn unreadable(path: impl Display, why: impl Display) -> Message {
    problem!("file.unreadable", [path, why], "无法读取 {path}: {why}", "cannot read {path}: {why}")
}
pub fn unsupported_format(path: impl Display) -> Message {
    problem!(
        "file.unsupported",
        [path],
        "{path}: 不支持的文件类型(支持 xlsx、xlsm、xlsb、xls、ods、csv)",
        "{path}: unsupported file type (xlsx, xlsm, xlsb, xls, ods and csv are read)"
    )
}
pub fn no_such_sheet(path: impl Display, sheet: impl Display) -> Message {
    problem!("file.no_such_sheet", [path, sheet], "{path} 中没有名为“{sheet}”的工作表", "{path} has no sheet named '{sheet}'")
}
pub fn empty_workbook(path: impl Display) -> Message {
    problem!("file.empty", [path], "{path}: 工作簿中没有任何数据", "{path}: the workbook holds no data")
}
/// Said of a file or sheet, whose place the problem carries.
pub fn header_not_found(rows: usize, expected: impl Display) -> Message {
    problem!(
        "sheet.no_header",
        [rows, expected],
        "前 {rows} 行中找不到表头(需要的列: {expected})",
        "no header row in the first {rows} rows (columns needed: {expected})"
    )
}
pub fn no_inputs() -> Message {
    problem!("run.no_score_files", [], "没有找到任何评分文件", "no score files were found")
}

// ---- cell values -------------------------------------------------------------------------

pub fn not_a_number(text: impl Display) -> Message {
    problem!("cell.not_a_number", [text], "“{text}”不是数字", "'{text}' is not a number")
}
pub fn not_a_score(text: impl Display) -> Message {
    problem!("cell.not_a_score", [text], "“{text}”不是有效得分(应为数字,或“不涉及”)", "'{text}' is not a score (expected a number, or 不涉及/N/A)")
}
pub fn not_a_deduction(text: impl Display) -> Message {
    problem!(
        "cell.not_a_deduction",
        [text],
        "“{text}”不是有效扣分(应为数字,或“不涉及”)",
        "'{text}' is not a deduction (expected a number, or 不涉及/N/A)"
    )
}
pub fn cell_error(text: impl Display) -> Message {
    problem!("cell.error", [text], "单元格是错误值 {text}", "the cell holds the error {text}")
}
pub fn negative(value: impl Display) -> Message {
    problem!("cell.negative", [value], "{value} 不能为负数", "{value} must not be negative")
}

// ---- indicator tree ----------------------------------------------------------------------

pub fn tree_has_no_items(path: impl Display) -> Message {
    problem!("tree.no_items", [path], "{path}: 指标体系中没有任何三级指标", "{path}: the indicator system has no items")
}
pub fn duplicate_code(code: impl Display, first: impl Display) -> Message {
    problem!("tree.duplicate_code", [code, first], "编号 {code} 重复(首次出现在 {first})", "duplicate code {code} (first at {first})")
}
pub fn missing_level(level: impl Display) -> Message {
    problem!("tree.missing_level", [level], "缺少{level},且上方没有可沿用的内容", "{level} is empty and there is nothing above to carry down")
}
pub fn level_name(level: u8) -> String {
    match (lang(), level) {
        (Lang::Zh, 1) => "一级指标".into(),
        (Lang::Zh, 2) => "二级指标".into(),
        (Lang::Zh, _) => "三级指标".into(),
        (Lang::En, 1) => "level-1 indicator".into(),
        (Lang::En, 2) => "level-2 indicator".into(),
        (Lang::En, _) => "item".into(),
    }
}
pub fn bad_points(why: impl Display) -> Message {
    problem!("tree.bad_points", [why], "分值无效: {why}", "invalid points: {why}")
}
pub fn other_kind(kind: impl Display, items: usize) -> Message {
    problem!(
        "tree.other_kind",
        [kind, items],
        "类型“{kind}”不是加分项或否决项,这 {items} 项按基本项计分",
        "type '{kind}' is neither 加分项 (bonus) nor 否决项 (veto): these {items} items are scored as usual"
    )
}
pub fn bad_weight(why: impl Display) -> Message {
    problem!("tree.bad_weight", [why], "权重无效: {why}", "invalid weight: {why}")
}
pub fn weight_disagrees(code: impl Display, first: impl Display) -> Message {
    problem!(
        "tree.weight_disagrees",
        [code, first],
        "一级指标 {code} 的权重与 {first} 处给出的不一致",
        "the weight of level-1 indicator {code} differs from the one given at {first}"
    )
}
pub fn declared_kinds(bonus: impl Display, veto: impl Display) -> String {
    say!(
        "类型栏声明 加分项: {bonus};否决项: {veto}(均不计入满分)",
        "the 类型 column declares bonus items: {bonus}; veto items: {veto} (neither counts in the full marks)"
    )
}
/// The tree's counts by tier: three tiers as 一级/二级/三级, fewer without the tiers it lacks.
/// `counts`: one per tier, top first, named as [`tier_names`] names them.
pub fn tree_ok(counts: &[usize], points: impl Display) -> String {
    let names = tier_names(counts.len() as u8);
    let zh: Vec<String> = names.iter().zip(counts).map(|(name, n)| format!("{name} {n} 项")).collect();
    let en: Vec<String> =
        names.iter().zip(counts).map(|(name, n)| format!("{n} {}", name.replace("level ", "level-").replace("item", "items"))).collect();
    let (zh, en) = (zh.join("、"), en.join(", "));
    say!("指标体系无误: {zh},满分 {points} 分", "indicator system is well formed: {en}, {points} points in all")
}

// ---- scores ------------------------------------------------------------------------------

pub fn score_columns() -> String {
    say!("得分(或扣分),以及编号或三级指标", "score (or deduction), and code or item")
}
pub fn no_unit() -> Message {
    problem!(
        "sheet.no_unit",
        [],
        "没有“单位”列,请加上该列或用 --unit 指定被评估单位",
        "no unit column; add one or name the evaluated unit with --unit"
    )
}
pub fn unknown_code(code: impl Display) -> Message {
    problem!(
        "item.unknown_code",
        [code],
        "未知的指标编号“{code}”(指标体系中没有;请核对编号,或确认评分表来自同一版指标体系)",
        "unknown item code '{code}' (not in the indicator system; check the code, or whether the sheet comes from this version of the system)"
    )
}
pub fn unknown_item(text: impl Display) -> Message {
    problem!(
        "item.unknown",
        [text],
        "未知的指标“{text}”(指标体系中没有,去掉编号、分值和标点后也没有)",
        "unknown item '{text}' (no item of the system has this text, numbering, points and punctuation aside)"
    )
}
pub fn no_item_reference() -> Message {
    problem!("sheet.no_item", [], "这一行有得分,但没有编号或指标名称", "this row has a score but no code or item text")
}
pub fn blank_score(item: impl Display) -> Message {
    problem!(
        "score.blank",
        [item],
        "指标“{item}”得分为空: 请填写得分,不适用的填“不涉及”(空白不会按 0 分处理)",
        "item '{item}': the score is blank; enter a score, or 不涉及 if the item does not apply (a blank is never taken as 0)"
    )
}
pub fn above_points(value: impl Display, points: impl Display, item: impl Display) -> Message {
    problem!(
        "score.over_points",
        [value, points, item],
        "得分 {value} 超过指标“{item}”的分值 {points}(应在 0 到 {points} 之间)",
        "score {value} is above the {points} points of item '{item}' (expected 0 to {points})"
    )
}
pub fn negative_deduction(value: impl Display) -> Message {
    problem!("score.negative_deduction", [value], "扣分 {value} 小于 0", "deduction {value} is below 0")
}
pub fn deduction_capped(value: impl Display, points: impl Display, item: impl Display) -> Message {
    problem!(
        "score.deduction_capped",
        [value, points, item],
        "扣分 {value} 超过指标“{item}”的分值 {points},按 0 分计(扣分以分值为限)",
        "deduction {value} exceeds the {points} points of item '{item}': scored 0 (deductions stop at the item's points)"
    )
}
pub fn score_and_deduction_differ(score: impl Display, by_deduction: impl Display, points: impl Display) -> Message {
    problem!(
        "score.deduction_differs",
        [score, by_deduction, points],
        "得分 {score} 与扣分不符(分值 {points} 减去扣分为 {by_deduction})",
        "score {score} disagrees with the deduction ({points} points less the deduction is {by_deduction})"
    )
}
pub fn below_zero(value: impl Display) -> Message {
    problem!("score.below_zero", [value], "得分 {value} 小于 0", "score {value} is below 0")
}
pub fn conflict(unit: impl Display, item: impl Display, a: impl Display, b: impl Display, first: impl Display) -> Message {
    problem!(
        "score.conflict",
        [unit, item, a, b, first],
        "{unit} 的指标“{item}”被重复评分且不一致: {a} 与 {b}(另一处在 {first})",
        "{unit}, item '{item}' is scored twice with different values: {a} and {b} (other at {first})"
    )
}
pub fn duplicate_row(unit: impl Display, item: impl Display, first: impl Display) -> Message {
    problem!(
        "score.duplicate",
        [unit, item, first],
        "{unit} 的指标“{item}”重复填写(与 {first} 相同,只计一次)",
        "{unit}, item '{item}' appears twice with the same score (same as {first}; counted once)"
    )
}
pub fn missing_items(unit: impl Display, count: usize, items: impl Display) -> Message {
    problem!(
        "unit.missing_items",
        [unit, count, items],
        "{unit} 有 {count} 项指标没有得分: {items}",
        "{unit}: {count} item(s) have no score: {items}"
    )
}
pub fn missing_counted_zero(unit: impl Display, count: usize, items: impl Display) -> Message {
    problem!(
        "unit.missing_counted_zero",
        [unit, count, items],
        "{unit} 有 {count} 项指标没有得分,按 --missing zero 计 0 分: {items}",
        "{unit}: {count} item(s) have no score and count as 0 (--missing zero): {items}"
    )
}
pub fn mixed_na(unit: impl Display, code: impl Display) -> String {
    say!("{unit} 的指标 {code} 既被标为不涉及又有得分", "{unit}, item {code} is marked not applicable and also scored")
}

// ---- results -----------------------------------------------------------------------------

pub fn rounding_rule(decimals: u32) -> String {
    say!(
        "百分制得分 = 实得分 ÷ 适用满分 × 100,四舍五入(逢五进一)保留 {decimals} 位小数",
        "score = points obtained ÷ applicable maximum × 100, rounded half away from zero to {decimals} decimal(s)"
    )
}
pub fn weighted_rule(decimals: u32) -> String {
    say!(
        "百分制得分 = Σ(各指标得分率 × 权重) ÷ 适用权重之和 × 100,四舍五入(逢五进一)保留 {decimals} 位小数",
        "score = Σ(rate × weight) ÷ Σ(applicable weights) × 100, rounded half away from zero to {decimals} decimal(s)"
    )
}
pub fn threshold_rule(threshold: impl Display, on_rounded: bool) -> String {
    match (lang(), on_rounded) {
        (Lang::Zh, true) => format!("达标线 {threshold} 分(含 {threshold} 分),按四舍五入后的得分判定"),
        (Lang::Zh, false) => format!("达标线 {threshold} 分(含 {threshold} 分),按未经舍入的精确得分判定"),
        (Lang::En, true) => format!("threshold {threshold} (inclusive), checked on the rounded score"),
        (Lang::En, false) => format!("threshold {threshold} (inclusive), checked on the exact score"),
    }
}
/// `order`: the tie order's name (name, strokes, input).
pub fn rank_rule(on_rounded: bool, dense: bool, order: &str) -> String {
    let (on_zh, on_en) = if on_rounded { ("四舍五入后的得分", "rounded score") } else { ("精确得分", "exact score") };
    let (st_zh, st_en) = if dense {
        ("并列者名次相同,其后名次连续(中国式排名 1、1、2)", "ties share a rank and the next rank follows on (dense: 1, 1, 2)")
    } else {
        ("并列者名次相同,其后名次顺延(1、2、2、4)", "ties share a rank and the next ranks are skipped (1, 2, 2, 4)")
    };
    let (or_zh, or_en) = match order {
        "strokes" => (
            "并列单位按名称笔画排列(逐字比总笔画数,笔画相同按字的编码;笔画数据: Unihan kTotalStrokes)",
            "tied units are listed by the strokes of their names (character by character: total strokes, then code point; Unihan kTotalStrokes)",
        ),
        "input" => ("并列单位按在评分文件中首次出现的顺序排列", "tied units are listed as the score files first name them"),
        "code" => ("并列单位按行政区划代码排列", "tied units are listed by 行政区划 code"),
        _ => ("并列单位按名称排列", "tied units are listed by name"),
    };
    pick(format!("排名: 按{on_zh}从高到低;{st_zh};{or_zh}"), format!("ranking: by {on_en}, highest first; {st_en}; {or_en}"))
}
/// `order`: the order inside a grade band (name, strokes, input, code).
pub fn grade_order_rule(order: &str) -> String {
    let (zh, en) = match order {
        "strokes" => ("按名称笔画", "by the strokes of their names"),
        "input" => ("按在评分文件中首次出现的顺序", "as the score files first name them"),
        "code" => ("按行政区划代码", "by 行政区划 code"),
        _ => ("按名称", "by name"),
    };
    say!(
        "同一等次内排名不分先后,{zh}排列;无等次的单位按名次列在其后",
        "inside each grade the units are listed {en}, not by rank (排名不分先后); units without a grade follow by rank"
    )
}
pub fn missing_rule(zero: bool) -> String {
    if zero {
        say!("未评分的指标按 0 分计(--missing zero)", "items without a score count as 0 (--missing zero)")
    } else {
        say!("未评分的指标视为错误", "items without a score are an error")
    }
}

/// Column headers of the result table.
pub fn result_headers() -> [String; 6] {
    match lang() {
        Lang::Zh => ["名次", "单位", "实得分", "适用满分", "百分制得分", "达标"].map(String::from),
        Lang::En => ["rank", "unit", "obtained", "maximum", "score", "eligible"].map(String::from),
    }
}

/// The `tree` table's headers, in the tree's own tiers: a 一级 per row, then a count of each tier under it.
pub fn tree_headers(tiers: u8) -> Vec<String> {
    let names = tier_names(tiers.max(2));
    let counts = names[1..].iter().map(|n| pick(format!("{n}数"), n.replace("item", "items")));
    [say!("编号", "code"), names[0].clone()].into_iter().chain(counts).chain([say!("分值", "points")]).collect()
}
pub fn departments_heading() -> String {
    say!("责任单位及其指标数", "departments and their items")
}
pub fn total() -> String {
    say!("合计", "total")
}
pub fn lead_not_scored(unit: impl Display, item: impl Display, lead: impl Display) -> Message {
    problem!(
        "score.lead_not_scored",
        [unit, item, lead],
        "{unit} 的指标“{item}”: 按牵头单位计分,但牵头单位 {lead} 没有评分",
        "{unit}, item '{item}': scored by the lead department, but {lead} gave no score"
    )
}
pub fn reading_tree(path: impl Display) -> String {
    say!("读取指标体系 {path} 失败", "could not load the indicator system {path}")
}

// ---- output ------------------------------------------------------------------------------

/// An output that could not be made (an archive's or a workbook's writer failed), as it says why.
pub fn output_failed(why: impl Display) -> Message {
    problem!("output.failed", [why], "{why}", "{why}")
}

pub fn output_is_input(path: impl Display) -> String {
    say!("输出文件 {path} 同时是输入文件,为防止覆盖原始数据已拒绝", "refusing to write {path}: it is also an input")
}
pub fn cannot_write(path: impl Display, why: impl Display) -> String {
    say!("无法写入 {path}: {why}", "cannot write {path}: {why}")
}

// ---- verdicts ----------------------------------------------------------------------------

pub fn meets_threshold(score: impl Display, threshold: impl Display) -> String {
    say!("得分 {score} 达到达标线 {threshold} 分", "score {score} reaches the threshold of {threshold}")
}
pub fn below_threshold(score: impl Display, threshold: impl Display, gap: impl Display) -> String {
    say!("得分 {score} 低于达标线 {threshold} 分,差 {gap} 分", "score {score} is below the threshold of {threshold}, {gap} short")
}
pub fn tree_line(source: impl Display, tiers: u8, items: usize, fingerprint: impl Display) -> String {
    let word = items_word(tiers);
    say!("指标体系 {source}: {word} {items} 项(指纹 {fingerprint})", "indicator system {source}: {items} {word} (fingerprint {fingerprint})")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every code `problem!` declares in this folder is in [`CODES`], once; [`CODES`] holds no
    /// other; each is `area.what` in lower case, so that scripts can rely on its shape.
    #[test]
    fn every_problem_has_one_listed_code() {
        let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/text");
        let mut declared = Vec::new();
        for file in std::fs::read_dir(folder).unwrap() {
            let source = std::fs::read_to_string(file.unwrap().path()).unwrap();
            // Lines of code only: the docs show the macro with a made-up code.
            let code: String = source.lines().filter(|l| !l.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n");
            for (i, _) in code.match_indices("problem!(") {
                let rest = code[i + "problem!(".len()..].trim_start();
                // (and not this test's own search for the macro: a code is one word)
                let word = |n: &&str| !n.is_empty() && n.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'.');
                if let Some(name) = rest.strip_prefix('"').and_then(|r| r.split('"').next()).filter(word) {
                    declared.push(name.to_string());
                }
            }
        }
        declared.sort();
        let before = declared.len();
        declared.dedup();
        assert_eq!(declared.len(), before, "a code is given to two sentences");
        let mut listed: Vec<String> = CODES.iter().map(|c| c.to_string()).collect();
        listed.sort();
        assert_eq!(declared, listed);
        for code in CODES {
            let (area, what) = code.split_once('.').unwrap();
            let word = |w: &str| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
            assert!(word(area) && what.split('.').all(word), "{code}");
        }
    }

    #[test]
    fn a_message_carries_its_code_and_arguments_beside_its_sentence() {
        let message = with_lang(Lang::En, || above_points(12, 10, "审批事项公开"));
        let (code, args, text) = message.into_parts();
        assert_eq!(code, "score.over_points");
        assert_eq!(args.0, [("value", "12"), ("points", "10"), ("item", "审批事项公开")].map(|(k, v)| (k.to_string(), v.to_string())));
        assert_eq!(text, "score 12 is above the 10 points of item '审批事项公开' (expected 0 to 10)");
        assert_eq!(serde_json::to_string(&args).unwrap(), r#"{"value":"12","points":"10","item":"审批事项公开"}"#);
    }

    /// Two threads in two languages at once never borrow each other's words, and a thread's
    /// language is its own again after `with_lang`.
    #[test]
    fn a_thread_speaks_its_own_language() {
        let speak = |lang: Lang| {
            std::thread::spawn(move || {
                (0..1000).all(|_| with_lang(lang, || yes() == if lang == Lang::En { "yes" } else { "是" })) && THREAD_LANG.with(Cell::get).is_none()
            })
        };
        let (zh, en) = (speak(Lang::Zh), speak(Lang::En));
        assert!(zh.join().unwrap() && en.join().unwrap());
        std::thread::spawn(|| {
            set_thread_lang(Lang::En);
            assert_eq!(with_lang(Lang::Zh, no), "否");
            assert_eq!(no(), "no");
        })
        .join()
        .unwrap();
    }
}
