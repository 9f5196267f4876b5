//! Points written inside a cell's text, the way published 考核细则 write them: "一、依法全面履行政府职能(20分)",
//! "(一)……(4分)", "1.……(0.5分)", "……。3分", a name written vertically with "21分" on its last line, a
//! 分值 cell holding "1分".

use rust_decimal::Decimal;

use crate::number;

/// The points a text states, if it states them once: "(N分)" anywhere (full-width brackets too), or else
/// "N分" closing the text after a stop, a line break or nothing at all. "扣3分" or "得6分" at the end is a
/// scoring rule, not the item's points: those are not read.
pub fn stated(text: &str) -> Option<Decimal> {
    let folded: Vec<char> = text.chars().map(fold).collect();
    bracketed(&folded).or_else(|| trailing(&folded))
}

/// Full-width digits, brackets and stops folded; the Chinese full stop kept apart from the decimal point.
fn fold(c: char) -> char {
    match c {
        '（' => '(',
        '）' => ')',
        '。' => '。',
        c => number::fold_char(c).unwrap_or(' '),
    }
}

/// The one "(N分)" of a text; two of them (an item's own and a rule's) say nothing for sure.
fn bracketed(text: &[char]) -> Option<Decimal> {
    let mut found = None;
    for (start, _) in text.iter().enumerate().filter(|(_, c)| **c == '(') {
        let Some(len) = text[start + 1..].iter().position(|c| *c == ')') else { continue };
        let inner: String = text[start + 1..start + 1 + len].iter().filter(|c| **c != ' ').collect();
        if let Some(points) = inner.strip_suffix('分').and_then(amount) {
            if found.is_some() {
                return None;
            }
            found = Some(points);
        }
    }
    found
}

/// "N分" at the very end, after a boundary.
fn trailing(text: &[char]) -> Option<Decimal> {
    let end = text.iter().rposition(|c| !c.is_whitespace() && !matches!(c, '。' | ';' | '；' | ','))? + 1;
    let body = &text[..end];
    let digits_end = body.len().checked_sub(1).filter(|&i| body[i] == '分')?;
    let start = body[..digits_end].iter().rposition(|c| !(c.is_ascii_digit() || *c == '.')).map_or(0, |i| i + 1);
    let boundary = start == 0 || matches!(body[start - 1], ' ' | '。' | ';' | '；' | ',' | '，' | ':' | '：' | ')' | '、');
    let digits: String = body[start..digits_end].iter().collect();
    boundary.then(|| amount(&digits)).flatten()
}

fn amount(digits: &str) -> Option<Decimal> {
    let valid = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit() || b == b'.');
    valid.then(|| digits.parse::<Decimal>().ok().map(|d| d.normalize())).flatten()
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
    fn rules_and_weights_are_not_points() {
        assert_eq!(stated("未建立的,扣3分"), None);
        assert_eq!(stated("建立制度的,得6分"), None);
        assert_eq!(stated("一、制度建设(占总分值的15%)"), None);
        assert_eq!(stated("(5分)每缺一项扣(2分)"), None);
        assert_eq!(stated("行政复议纠错率达100%"), None);
        assert_eq!(stated("规章备案"), None);
    }

    #[test]
    fn names_on_one_line() {
        assert_eq!(one_line("政\n府\n信\n息\n公\n开\n21分"), "政府信息公开21分");
        assert_eq!(one_line("一级指标\n(分值)"), "一级指标(分值)");
        assert_eq!(one_line("Open\ngovernment"), "Open government");
        assert_eq!(one_line(" 规章备案 "), "规章备案");
    }
}
