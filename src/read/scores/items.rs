//! Which item of the tree a score sheet's row means: by its code or number as the table prints it
//! (1, 1.2, A1, *B14, 一、, (一), 第八条), else by its text as a clerk copies it — without the points
//! annotation and the numbering, with other spaces and punctuation ("1.成立领导小组(6分)" is
//! "成立领导小组"). Two items of the same text are never guessed between, and a near miss is named.
//! Each wrong reference is said once per file, with every other cell that repeats it.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::location::{Location, column_name};
use crate::number;
use crate::problem::Problem;
use crate::text::{self, Message};
use crate::tree::{IndicatorTree, ItemRef};

/// The tree's items, looked up as score sheets name them.
pub struct Items<'t> {
    pub tree: &'t IndicatorTree,
    /// Built on the first lookup the tree's own index cannot answer: most sheets never need it.
    index: OnceLock<Index>,
    /// Wrong references seen, in order: the message, and each cell that gave it.
    misses: Vec<(Message, Location)>,
}

#[derive(Default)]
struct Index {
    codes: HashMap<String, usize>,
    texts: HashMap<String, Vec<usize>>,
    standards: HashMap<String, Vec<usize>>,
    /// Each item's text key and standard key, for the nearest one to a text not found.
    keys: Vec<String>,
    standard_keys: Vec<(usize, String)>,
}

/// Why a text names no item.
pub enum Miss {
    Unknown,
    /// Several items have this text: their indices.
    Ambiguous(Vec<usize>),
}

impl<'t> Items<'t> {
    pub fn new(tree: &'t IndicatorTree) -> Self {
        Items { tree, index: OnceLock::new(), misses: Vec::new() }
    }

    fn index(&self) -> &Index {
        self.index.get_or_init(|| {
            let mut index = Index::default();
            for (i, item) in self.tree.items.iter().enumerate() {
                index.codes.entry(code_key(&item.code)).or_insert(i);
                let key = text_key(&item.name);
                index.texts.entry(key.clone()).or_default().push(i);
                index.keys.push(key);
                if let Some(standard) = &item.standard {
                    index.standards.entry(text_key(standard)).or_default().push(i);
                    index.standard_keys.push((i, text_key(standard)));
                }
            }
            for (i, item) in self.tree.items.iter().enumerate() {
                if let Some(number) = &item.number {
                    index.codes.entry(code_key(number)).or_insert(i);
                }
            }
            index
        })
    }

    /// The item of a code or number, as the table prints it.
    pub fn by_code(&self, code: &str) -> Option<usize> {
        self.tree.find(ItemRef::Code(code)).or_else(|| self.index().codes.get(&code_key(code)).copied())
    }

    /// The item of a text: exactly, else as a clerk copies it. `standard`: the text is a scoring
    /// standard (评分标准), compared with the items' standards.
    pub fn by_text(&self, text: &str, standard: bool) -> Result<usize, Miss> {
        if !standard && let Some(i) = self.tree.find(ItemRef::Text(text)) {
            return Ok(i);
        }
        let index = self.index();
        let found = if standard { index.standards.get(&text_key(text)) } else { index.texts.get(&text_key(text)) };
        match found.map(Vec::as_slice) {
            Some([one]) => Ok(*one),
            Some(many) if !many.is_empty() => Err(Miss::Ambiguous(many.to_vec())),
            _ => Err(Miss::Unknown),
        }
    }

    /// The message for a text that names no item: the items it could be, or the nearest one.
    pub fn text_message(&self, text: &str, standard: bool, miss: &Miss) -> Message {
        let named = |i: usize| {
            let item = &self.tree.items[i];
            format!("{}“{}”", item.location, short(&item.name))
        };
        match miss {
            Miss::Ambiguous(items) => text::ambiguous_item(short(text), text::list(items.iter().map(|&i| named(i)))),
            Miss::Unknown => match self.nearest(text, standard) {
                Some(i) => text::unknown_item_near(short(text), named(i)),
                None => text::unknown_item(short(text)),
            },
        }
    }

    /// The item whose text (or standard) is nearest, if one is near enough to be a copy with a few
    /// characters changed.
    fn nearest(&self, text: &str, standard: bool) -> Option<usize> {
        let key = text_key(text);
        if key.is_empty() {
            return None;
        }
        let index = self.index();
        let keys: Vec<(usize, &str)> = if standard {
            index.standard_keys.iter().map(|(i, k)| (*i, k.as_str())).collect()
        } else {
            index.keys.iter().map(String::as_str).enumerate().collect()
        };
        let (likeness, i) = keys.into_iter().map(|(i, k)| (strsim::normalized_levenshtein(&key, k), i)).max_by(|a, b| a.0.total_cmp(&b.0))?;
        (likeness >= 0.6).then_some(i)
    }

    /// A wrong reference at a cell: said once per file, however many rows repeat it.
    pub fn miss(&mut self, at: Location, message: Message) {
        self.misses.push((message, at));
    }

    /// How many misses are kept: what a sheet read again truncates to.
    pub fn mark(&self) -> usize {
        self.misses.len()
    }

    pub fn truncate(&mut self, mark: usize) {
        self.misses.truncate(mark);
    }

    /// One problem per wrong reference, at its first cell, listing the others.
    pub fn problems(&mut self) -> Vec<Problem> {
        let mut grouped: Vec<(Message, Location, Vec<Location>)> = Vec::new();
        for (message, at) in self.misses.drain(..) {
            match grouped.iter_mut().find(|(m, ..)| *m == message) {
                Some((.., others)) => others.push(at),
                None => grouped.push((message, at, Vec::new())),
            }
        }
        grouped
            .into_iter()
            .map(|(message, at, others)| {
                let message =
                    if others.is_empty() { message } else { text::also_at(message, others.len(), text::list(others.iter().map(cell_name))) };
                Problem::error(at, message)
            })
            .collect()
    }
}

/// A cell's own name ("C20"), for a list of cells of one sheet.
fn cell_name(at: &Location) -> String {
    at.cell.map_or_else(|| at.to_string(), |(r, c)| format!("{}{}", column_name(c), r + 1))
}

/// The start of a long text, for a message.
fn short(text: &str) -> String {
    const CHARS: usize = 24;
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match one_line.char_indices().nth(CHARS) {
        Some((end, _)) => format!("{}…", &one_line[..end]),
        None => one_line,
    }
}

/// A code as tables print it, compared: full-width folded, upper case, without a key indicator's
/// star (*C7), brackets ((一)) and the stop after it (一、 1.).
pub fn code_key(code: &str) -> String {
    let folded = number::fold_width(code).to_uppercase();
    let trimmed = folded.trim_start_matches(['*', '※', '★', '☆']).trim_end_matches(['、', '.', ',', '，', ':', '：']);
    let unbracketed = trimmed.strip_prefix(['(', '（']).and_then(|t| t.strip_suffix([')', '）'])).unwrap_or(trimmed);
    unbracketed.to_string()
}

/// An item's text as compared: without the points annotation ("(6分)", "6分" at the end), the
/// numbering in front (1. 1.1.1 A1 *B14 一、 (一) 第八条), and every space and punctuation mark.
pub fn text_key(text: &str) -> String {
    let folded = number::fold_width(text).replace(['（', '〔', '［', '['], "(").replace(['）', '〕', '］', ']'], ")");
    let without_points = strip_points(&folded);
    let body = strip_numbering(&without_points);
    body.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// Every "(N分)" and a closing "N分".
fn strip_points(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('(') {
        let (before, from) = rest.split_at(open);
        out.push_str(before);
        match from.find(')') {
            Some(close) if is_points(&from[1..close]) => rest = &from[close + 1..],
            _ => {
                out.push('(');
                rest = &from[1..];
            }
        }
    }
    out.push_str(rest);
    let trimmed = out.trim_end_matches(|c: char| c.is_whitespace() || "。.;；,，".contains(c));
    match trimmed.strip_suffix('分') {
        Some(body) => {
            // "0.5分": the digits before a decimal point too; "。6分" (a stop folded to '.') not.
            let mut digits = body.trim_end_matches(|c: char| c.is_ascii_digit());
            if let Some(whole) = digits.strip_suffix('.').filter(|w| w.ends_with(|c: char| c.is_ascii_digit())) {
                digits = whole.trim_end_matches(|c: char| c.is_ascii_digit());
            }
            // "6分" alone, or after a stop or a space: not "扣2分", which is a rule.
            let after_boundary = digits.is_empty() || digits.ends_with(|c: char| c.is_whitespace() || "。.;；,，:：)".contains(c));
            if digits.len() < body.len() && after_boundary { digits.to_string() } else { out }
        }
        None => out,
    }
}

/// "6分", "0.5 分", "满分15分": points, not words in brackets.
fn is_points(inner: &str) -> bool {
    let inner: String = inner.chars().filter(|c| !c.is_whitespace()).collect();
    let inner = inner.trim_start_matches(['满', '共', '计']).trim_start_matches('分');
    inner.strip_suffix('分').is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit() || c == '.'))
}

/// The numbering a clerk copies in front of a text, or leaves out.
fn strip_numbering(text: &str) -> &str {
    let numeral = |c: char| "一二三四五六七八九十百零〇".contains(c);
    let mut rest = text.trim_start().trim_start_matches(['*', '※', '★']);
    // (一) (1)
    if let Some(inside) = rest.strip_prefix('(') {
        let after = inside.trim_start_matches(|c: char| numeral(c) || c.is_ascii_digit());
        if after.len() < inside.len()
            && let Some(after) = after.strip_prefix(')')
        {
            rest = after;
        }
    }
    // 第八条 第3项
    if let Some(inside) = rest.strip_prefix('第') {
        let after = inside.trim_start_matches(|c: char| numeral(c) || c.is_ascii_digit());
        if after.len() < inside.len()
            && let Some(after) = after.strip_prefix(['条', '项', '款'])
        {
            rest = after;
        }
    }
    // 一、 二.
    let after = rest.trim_start_matches(numeral);
    if after.len() < rest.len() && after.starts_with(['、', '.', ' ']) {
        rest = after;
    }
    // 1. 1.1.1 A1 B14: a letter or two, then digits and dots.
    let letters = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_alphabetic()).len();
    let after = rest[letters..].trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
    if letters <= 2 && after.len() < rest.len() - letters {
        rest = after;
    }
    rest.trim_start_matches(['、', ')', ' ', ':', '：'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_as_clerks_copy_them() {
        assert_eq!(text_key("1.成立领导小组(6分)"), text_key("成立领导小组"));
        assert_eq!(text_key("（一）成立 领导小组，明确分工。6分"), text_key("成立领导小组明确分工"));
        assert_eq!(text_key("1.1.1内容合法、制定程序完备"), "内容合法制定程序完备");
        assert_eq!(text_key("*B14 依法制定学校章程并施行章程。"), "依法制定学校章程并施行章程");
        assert_eq!(text_key("第八条 公开"), "公开");
        assert_eq!(text_key("未建立制度的,扣2分"), "未建立制度的扣2分", "a rule's points stay");
        assert_eq!(text_key("三公经费管理"), text_key("三公经费管理"));
    }

    proptest::proptest! {
        /// Whatever numbering a clerk types in front and whatever points annotation after, the text
        /// is the same item's.
        #[test]
        fn numbering_and_points_never_change_the_item(
            body in "[成立领导小组制度建设公开审核备案执法][成立领导小组制度建设公开审核备案执法，、 ]{0,20}[成立领导小组制度建设公开审核备案执法]",
            numbering in proptest::sample::select(vec!["", "1.", "12、", "1.1.1", "A1 ", "*B14", "一、", "（三）", "(2)", "第八条"]),
            points in proptest::sample::select(vec!["", "(6分)", "（0.5分）", "。3分", "(满分15分)"]),
        ) {
            proptest::prop_assert_eq!(text_key(&format!("{numbering}{body}{points}")), text_key(&body));
        }
    }

    #[test]
    fn codes_as_tables_print_them() {
        assert_eq!(code_key("*C7"), "C7");
        assert_eq!(code_key("一、"), "一");
        assert_eq!(code_key("（一）"), "一");
        assert_eq!(code_key("b14"), "B14");
        assert_eq!(code_key("１.２"), "1.2");
    }
}
