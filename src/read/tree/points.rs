//! Points written inside a cell's text, the way published 考核细则 write them: "一、依法全面履行政府职能(20分)",
//! "(一)……(4分)", "1.……(0.5分)", "……。3分", "(满分15分)", "共15分", "本项15分", a name written vertically with
//! "21分" or "80\n分" on its last lines and vertical brackets ("︵12分︶"), a 分值 cell holding "1分". Those
//! are [`stated`]. Others may be points or may not: "12分" glued to a name ("依法决策12分"), and the scoring
//! rules "得6分", "记4分", "扣2分" that are sometimes an item's only number. [`hint`] reads them, and the
//! builder takes them as points only where the table's arithmetic confirms them.

use rust_decimal::Decimal;

use crate::number;
use crate::text::Message;

/// The points a text states plainly, if it states them once: "(N分)" anywhere (full-width and vertical
/// brackets too, "满分"/"共"/"本项" inside them), or else "N分" closing the text after a stop, a line break,
/// "满分", "共" or "本项", or alone.
pub fn stated(text: &str) -> Option<Decimal> {
    let folded = folded(text);
    bracketed(&folded).or_else(|| match trailing(&folded)? {
        (points, Before::Boundary) => Some(points),
        _ => None,
    })
}

/// A number at the end of a text that may be its points, or may be a rule: taken only where a subtotal
/// confirms it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hint {
    /// "依法决策12分": glued to the name, with nothing between.
    Glued,
    /// "得6分", "记4分", "计2分": what doing it earns.
    Earns,
    /// "扣2分": what not doing it costs.
    Deducts,
}

/// The number closing a text that states no points plainly, and how it is written.
pub fn hint(text: &str) -> Option<(Decimal, Hint)> {
    let folded = folded(text);
    if bracketed(&folded).is_some() {
        return None;
    }
    // What doing it earns, written once, wherever it is: "公开的,得6分。未公开的,扣3分" is worth 6.
    if let [earned] = amounts_after(&folded, &['得', '记', '计'])[..] {
        return Some((earned, Hint::Earns));
    }
    match trailing(&folded)? {
        (p, Before::Word('得' | '记' | '计')) => Some((p, Hint::Earns)),
        (p, Before::Word('扣')) => Some((p, Hint::Deducts)),
        // A threshold or another rule ("不低于60分", "每件加1分"): not points.
        (_, Before::Word(c)) if "加减罚过至于达低高超到为每".contains(c) => None,
        (p, Before::Word(_)) => Some((p, Hint::Glued)),
        (_, Before::Boundary) => None,
    }
}

/// What comes before a closing "N分".
enum Before {
    /// Nothing, a stop, a space or line break, or a word that says points follow (满分, 共, 本项).
    Boundary,
    Word(char),
}

/// Full-width digits, brackets and stops folded, vertical-form brackets ("︵", "︿") read as brackets,
/// every space and line break one space; the Chinese full stop kept apart from the decimal point.
fn folded(text: &str) -> Vec<char> {
    text.chars()
        .map(|c| match c {
            '（' | '︵' | '︿' | '﹙' | '〔' | '［' | '【' => '(',
            '）' | '︶' | '﹀' | '﹚' | '〕' | '］' | '】' => ')',
            '。' => '。',
            c => number::fold_char(c).unwrap_or(' '),
        })
        .collect()
}

/// The one "(N分)" of a text; two of them (an item's own and a rule's) say nothing for sure.
fn bracketed(text: &[char]) -> Option<Decimal> {
    let mut found = None;
    for (start, _) in text.iter().enumerate().filter(|(_, c)| **c == '(') {
        let Some(len) = text[start + 1..].iter().position(|c| *c == ')') else { continue };
        let inner: String = text[start + 1..start + 1 + len].iter().filter(|c| **c != ' ').collect();
        // "(满分15分)", "(共15分)", "(本项15分)" state the points as plainly as "(15分)".
        let bare = ["本项满分", "满分", "本项", "共计", "共", "计", "分值"].iter().find_map(|p| inner.strip_prefix(p)).unwrap_or(&inner);
        if let Some(points) = bare.strip_suffix('分').and_then(amount) {
            if found.is_some() {
                return None;
            }
            found = Some(points);
        }
    }
    found
}

/// "N分" at the very end (its digits may be on lines of their own, as in a vertical name), and what is
/// before the number.
fn trailing(text: &[char]) -> Option<(Decimal, Before)> {
    let end = text.iter().rposition(|c| !matches!(c, ' ' | '。' | ';' | '；' | ','))? + 1;
    let body = &text[..end];
    let digits_end = body.len().checked_sub(1).filter(|&i| body[i] == '分')?;
    let start = body[..digits_end].iter().rposition(|c| !(c.is_ascii_digit() || matches!(c, '.' | ' '))).map_or(0, |i| i + 1);
    let run = &body[start..digits_end];
    let digits: String = run.iter().filter(|c| **c != ' ').collect();
    let points = amount(&digits)?;
    let before: String = body[..start].iter().collect();
    let plain = run.first() == Some(&' ')
        || start == 0
        || ["满分", "共", "本项", "合计", "共计"].iter().any(|w| before.ends_with(w))
        || before.ends_with(['。', ';', '；', ',', '，', ':', '：', ')', '、']);
    Some((points, if plain { Before::Boundary } else { Before::Word(body[start - 1]) }))
}

/// Every amount a text gives right after one of `verbs`: in "扣0.5分" and "得6分", 0.5 and 6.
pub fn rule_amounts(text: &str, verbs: &[char]) -> Vec<Decimal> {
    amounts_after(&folded(text), verbs)
}

fn amounts_after(text: &[char], verbs: &[char]) -> Vec<Decimal> {
    let mut found = Vec::new();
    for (i, _) in text.iter().enumerate().filter(|(_, c)| verbs.contains(c)) {
        let digits: String = text[i + 1..].iter().take_while(|c| c.is_ascii_digit() || **c == '.').collect();
        if text.get(i + 1 + digits.chars().count()) == Some(&'分')
            && let Some(amount) = amount(&digits)
        {
            found.push(amount);
        }
    }
    found
}

/// Points as written, read exactly: a number no decimal holds is no points (and [`inexact`] says so at its
/// cell), never rounded.
fn amount(digits: &str) -> Option<Decimal> {
    let valid = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit() || b == b'.');
    valid.then(|| number::parse_text(digits).ok()).flatten()
}

/// Why an "N分" in a text cannot be read as points: a number with more digits than a decimal holds
/// exactly ("(10.000000000000000000000000000001分)"), which would otherwise be rounded in silence.
pub fn inexact(text: &str) -> Option<Message> {
    let folded = folded(text);
    let mut start = None;
    for (i, c) in folded.iter().enumerate() {
        match (c.is_ascii_digit() || *c == '.', start) {
            (true, None) => start = Some(i),
            (true, Some(_)) => {}
            (false, Some(s)) => {
                start = None;
                let digits: String = folded[s..i].iter().collect();
                if *c == '分'
                    && let Err(why) = number::parse_text(&digits)
                    && let Some(message) = why.inexact(&digits)
                {
                    return Some(message);
                }
            }
            (false, None) => {}
        }
    }
    None
}

/// A name shown on one line: lines joined without a space between Chinese characters ("政\n府" → "政府"),
/// with one between Latin words.
pub fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
        if !out.is_empty() && latin(out.chars().last()) && latin(line.chars().next()) {
            out.push(' ');
        }
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn points_at_every_tier() {
        assert_eq!(stated("一、依法全面履行政府职能(20分)"), Some(dec!(20)));
        assert_eq!(stated("(一)深化行政审批制度改革（4分）"), Some(dec!(4)));
        assert_eq!(stated("1.政务服务事项全部进驻(0.5分)"), Some(dec!(0.5)));
        assert_eq!(stated("建立法律顾问制度。3分"), Some(dec!(3)));
        assert_eq!(stated("政\n府\n信\n息\n公\n开\n21分"), Some(dec!(21)));
        assert_eq!(stated("1分"), Some(dec!(1)));
        assert_eq!(stated("（１０ 分）"), Some(dec!(10)));
        assert_eq!(stated("没有发生投诉(5分),出现事故或投诉不得分。"), Some(dec!(5)));
    }

    #[test]
    fn every_published_form() {
        assert_eq!(stated("依法决策12分"), None, "glued: a hint, not stated");
        assert_eq!(hint("依法决策12分"), Some((dec!(12), Hint::Glued)));
        assert_eq!(stated("依\n法\n行\n政\n80\n分"), Some(dec!(80)));
        assert_eq!(stated("组\n织\n领\n导\n︿15分﹀"), Some(dec!(15)));
        assert_eq!(stated("依法决策︵\n1\n2\n分\n︶"), Some(dec!(12)));
        assert_eq!(stated("一、组织保障(满分15分)"), Some(dec!(15)));
        assert_eq!(stated("组织保障,满分15分"), Some(dec!(15)));
        assert_eq!(stated("二、制度建设(共15分)"), Some(dec!(15)));
        assert_eq!(stated("本项15分"), Some(dec!(15)));
        assert_eq!(stated("党建工作【7分】【提供材料部门:党办】"), Some(dec!(7)));
        assert_eq!(stated("达到90分"), None);
        assert_eq!(stated("总分不超过3分"), None);
    }

    #[test]
    fn rules_read_apart() {
        assert_eq!(hint("未建立重大决策合法性审查制度的,扣2分"), Some((dec!(2), Hint::Deducts)));
        assert_eq!(hint("全部合格的,记4分"), Some((dec!(4), Hint::Earns)));
        assert_eq!(hint("建立制度的得6分。"), Some((dec!(6), Hint::Earns)));
        assert_eq!(hint("建立制度(6分),未建立的扣6分"), None);
        assert_eq!(hint("不低于60分"), None);
        assert_eq!(hint("建立制度。6分"), None, "stated, not a hint");
        assert_eq!(hint("建立制度"), None);
    }

    #[test]
    fn rules_and_weights_are_not_points() {
        assert_eq!(stated("未建立的,扣3分"), None);
        assert_eq!(stated("建立制度的,得6分"), None);
        assert_eq!(stated("一、制度建设(占总分值的15%)"), None);
        assert_eq!(stated("(5分)每缺一项扣(2分)"), None);
        assert_eq!(stated("行政复议纠错率达100%"), None);
        assert_eq!(stated("规章备案"), None);
    }

    #[test]
    fn points_beyond_a_decimal_are_refused_never_rounded() {
        let long = "建立制度(10.000000000000000000000000000001分)";
        assert_eq!(stated(long), None);
        assert!(inexact(long).is_some());
        assert!(inexact("依法决策123456789012345678901234567890分").is_some());
        assert_eq!(inexact("建立制度(10.5分),得6分"), None);
        assert_eq!(inexact("纠错率1.00000000000000000000000000000001%"), None, "not points");
    }

    #[test]
    fn names_on_one_line() {
        assert_eq!(one_line("政\n府\n信\n息\n公\n开\n21分"), "政府信息公开21分");
        assert_eq!(one_line("一级指标\n(分值)"), "一级指标(分值)");
        assert_eq!(one_line("Open\ngovernment"), "Open government");
        assert_eq!(one_line(" 规章备案 "), "规章备案");
    }
}
