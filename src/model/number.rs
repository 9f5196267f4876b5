//! Numbers as offices type them, turned into exact decimals; and the one rounding rule.

use rust_decimal::{Decimal, RoundingStrategy};

/// A double from a spreadsheet cell as the decimal the user saw.
///
/// Spreadsheets store binary doubles and show at most 15 significant digits, so 0.1 + 0.2 is shown
/// as 0.3. Reading the double back at 15 digits gives that decimal instead of 0.30000000000000004.
pub fn from_f64(value: f64) -> Option<Decimal> {
    if !value.is_finite() {
        return None;
    }
    if value == 0.0 {
        return Some(Decimal::ZERO);
    }
    // Whole numbers below 10^15 are exact in a double and need no formatting (most scores).
    if value.fract() == 0.0 && value.abs() < 1e15 {
        return Some(Decimal::from(value as i64));
    }
    let text = format!("{value:.14e}");
    Decimal::from_scientific(&text).ok().map(|d| d.normalize())
}

/// Folds full-width digits, signs and points (１０．５) to ASCII and drops every kind of space.
pub fn fold_width(text: &str) -> String {
    text.chars().filter_map(fold_char).collect()
}

/// One character as [`fold_width`] folds it; `None` for a space.
pub fn fold_char(c: char) -> Option<char> {
    match c {
        c if c.is_whitespace() || c == '\u{3000}' => None,
        '０'..='９' | '．' | '－' | '＋' | '％' => Some(char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)),
        '。' => Some('.'),
        c => Some(c),
    }
}

/// A heading without the numbering typed in front of it, as offices write it: "二、制度建设",
/// "(二)制度建设", "（二）制度建设", "2. 制度建设", "2、制度建设" and "1.2 立法" are all "制度建设" or
/// "立法". A name that only starts with a numeral ("三公经费管理") is kept whole.
pub fn strip_numbering(name: &str) -> &str {
    let numeral = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c) || "一二三四五六七八九十百零〇".contains(c);
    let dot = |c: char| c == '.' || c == '．';
    let name = name.trim_start();
    let rest = match name.strip_prefix(['(', '（']) {
        // (二) and （二）: the brackets say it is numbering.
        Some(inside) => {
            let after = inside.trim_start_matches(numeral);
            if after.len() < inside.len() { after.strip_prefix([')', '）']) } else { None }
        }
        // 二、 2、 2. and 1.2 followed by a space.
        None => {
            let after = name.trim_start_matches(|c| numeral(c) || dot(c));
            let number = &name[..name.len() - after.len()];
            if number.is_empty() {
                None
            } else if let Some(rest) = after.strip_prefix('、') {
                Some(rest)
            } else if number.ends_with(dot) || (number.contains(dot) && after.starts_with(char::is_whitespace)) {
                Some(after)
            } else {
                None
            }
        }
    };
    match rest.map(str::trim_start) {
        Some(rest) if !rest.is_empty() => rest,
        _ => name,
    }
}

/// Parses a number typed as text: "8", " 8.5 ", "１０", "8分", "-1". `None` when it is not one.
pub fn parse_text(text: &str) -> Option<Decimal> {
    // Plain ASCII digits, the usual case, need no folding.
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return text.parse::<Decimal>().ok().map(|d| d.normalize());
    }
    let folded = fold_width(text);
    let digits = folded.strip_suffix('分').unwrap_or(&folded);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+')) {
        return None;
    }
    digits.parse::<Decimal>().ok().map(|d| d.normalize())
}

/// Rounds half away from zero (四舍五入), the rule of Chinese official scores.
pub fn round_half_up(value: Decimal, decimals: u32) -> Decimal {
    value.round_dp_with_strategy(decimals, RoundingStrategy::MidpointAwayFromZero)
}

/// A decimal shown with exactly `decimals` places: 90.2, 90.0.
pub fn display(value: Decimal, decimals: u32) -> String {
    display_text(value, decimals).to_string()
}

/// [`display`] without an allocation.
pub fn display_text(value: Decimal, decimals: u32) -> Text {
    let mut rounded = round_half_up(value, decimals);
    rounded.rescale(decimals);
    Text::of(rounded)
}

/// Decimals a value is shown with when it has more: an item score combined by a weighted mean
/// of sources or departments (9.714285714…) is computed exactly and shown as 9.7143.
pub const SHOWN_DECIMALS: u32 = 4;

/// Whether [`shown`] rounds the value.
pub fn is_long(value: Decimal) -> bool {
    value.normalize().scale() > SHOWN_DECIMALS
}

/// An exact value as shown: as it is, without trailing zeros (1010, 8.5), or rounded half away
/// from zero to [`SHOWN_DECIMALS`] when it has more (9.7143).
pub fn shown(value: Decimal) -> String {
    shown_text(value).to_string()
}

/// [`shown`] without an allocation.
pub fn shown_text(value: Decimal) -> Text {
    if is_long(value) { display_text(value, SHOWN_DECIMALS) } else { Text::of(value.normalize()) }
}

/// A decimal's text as `Display` writes it (sign, digits, the scale's decimals), kept on the
/// stack: the writers print hundreds of thousands of numbers, and formatting through `fmt` with a
/// `String` each was most of a json report's time.
pub struct Text {
    bytes: [u8; 40],
    len: usize,
}

impl Text {
    pub fn of(value: Decimal) -> Text {
        let (mut digits, mantissa) = (itoa::Buffer::new(), value.mantissa().unsigned_abs());
        // Most mantissas fit 64 bits, which format faster than 128.
        let digits = match u64::try_from(mantissa) {
            Ok(small) => digits.format(small),
            Err(_) => digits.format(mantissa),
        }
        .as_bytes();
        let scale = value.scale() as usize;
        let mut text = Text { bytes: [0; 40], len: 0 };
        if value.is_sign_negative() {
            text.push(b"-");
        }
        match digits.len().checked_sub(scale) {
            Some(whole) if whole > 0 => text.push(&digits[..whole]),
            // At least one digit before the point: 0.05, not .05.
            _ => text.push(b"0"),
        }
        if scale > 0 {
            text.push(b".");
            text.push(&[b'0'; 28][..scale.saturating_sub(digits.len())]);
            text.push(&digits[digits.len().saturating_sub(scale)..]);
        }
        text
    }

    /// The text's bytes, without the check a `&str` costs.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes[..self.len]
    }

    fn push(&mut self, bytes: &[u8]) {
        self.bytes[self.len..self.len + bytes.len()].copy_from_slice(bytes);
        self.len += bytes.len();
    }
}

impl std::ops::Deref for Text {
    type Target = str;

    fn deref(&self) -> &str {
        // Only ASCII digits, a sign and a point were written.
        std::str::from_utf8(self.as_bytes()).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    proptest::proptest! {
        #[test]
        fn text_is_what_display_writes(low: u32, mid: u32, high: u32, negative: bool, scale in 0u32..=28) {
            let value = Decimal::from_parts(low, mid, high, negative, scale);
            proptest::prop_assert_eq!(&*Text::of(value), value.to_string());
            proptest::prop_assert_eq!(&*Text::of(value.normalize()), value.normalize().to_string());
        }
    }

    #[test]
    fn text_of_small_and_zero() {
        for value in [dec!(0), dec!(-0), dec!(0.00), dec!(-0.0), dec!(0.05), dec!(-0.5), dec!(10), dec!(8.50), Decimal::MAX, Decimal::MIN] {
            assert_eq!(&*Text::of(value), value.to_string());
        }
        assert_eq!(&*Text::of(Decimal::from_parts(1, 0, 0, true, 28)), "-0.0000000000000000000000000001");
    }

    #[test]
    fn doubles_read_as_typed() {
        assert_eq!(from_f64(0.1 + 0.2), Some(dec!(0.3)));
        assert_eq!(from_f64(8.5), Some(dec!(8.5)));
        assert_eq!(from_f64(10.0), Some(dec!(10)));
        assert_eq!(from_f64(-0.0), Some(dec!(0)));
        assert_eq!(from_f64(f64::NAN), None);
        assert_eq!(from_f64(1e300), None);
        // The whole-number shortcut and the formatting path agree at their border.
        assert_eq!(from_f64(-3.0), Some(dec!(-3)));
        assert_eq!(from_f64(999_999_999_999_999.0), Some(dec!(999999999999999)));
        assert_eq!(from_f64(1e15), Some(dec!(1000000000000000)));
        // Beyond 15 digits a spreadsheet shows (and we read) 15 significant digits.
        assert_eq!(from_f64(1e15 + 2.0), Some(dec!(1000000000000000)));
    }

    #[test]
    fn text_numbers() {
        assert_eq!(parse_text(" 8 "), Some(dec!(8)));
        assert_eq!(parse_text("１０"), Some(dec!(10)));
        assert_eq!(parse_text("９．５分"), Some(dec!(9.5)));
        assert_eq!(parse_text("8分"), Some(dec!(8)));
        assert_eq!(parse_text("8.50"), Some(dec!(8.5)));
        assert_eq!(parse_text("优秀"), None);
        assert_eq!(parse_text("1e3"), None);
        assert_eq!(parse_text(""), None);
        assert_eq!(parse_text("分"), None);
        assert_eq!(parse_text("007"), Some(dec!(7)));
        assert_eq!(parse_text("."), None);
        assert_eq!(parse_text("1.2.3"), None);
    }

    #[test]
    fn numbering_is_stripped_from_headings() {
        for numbered in [
            "二、制度建设",
            "(二)制度建设",
            "（二）制度建设",
            "2. 制度建设",
            "2、制度建设",
            "２．制度建设",
            "(2) 制度建设",
            "十二、制度建设",
            "1.2 制度建设",
            "制度建设",
        ] {
            assert_eq!(strip_numbering(numbered), "制度建设", "{numbered}");
        }
        // Numerals that are part of the name, or numbering with nothing after it, stay.
        for kept in ["三公经费管理", "12345热线", "2024年度考核", "(一)", "二、", "(注)说明", "1.5", "2 制度建设"] {
            assert_eq!(strip_numbering(kept), kept);
        }
    }

    #[test]
    fn rounds_half_away_from_zero() {
        assert_eq!(round_half_up(dec!(89.85), 1), dec!(89.9));
        assert_eq!(round_half_up(dec!(89.75), 1), dec!(89.8));
        assert_eq!(round_half_up(dec!(90.25), 1), dec!(90.3));
        assert_eq!(display(dec!(90.178571), 1), "90.2");
        assert_eq!(display(dec!(90), 1), "90.0");
        assert_eq!(display(dec!(90.125), 2), "90.13");
    }

    #[test]
    fn long_values_are_shown_to_four_decimals_and_short_ones_as_they_are() {
        assert_eq!(shown(dec!(68) / dec!(7)), "9.7143");
        assert_eq!(shown(dec!(1.00005)), "1.0001");
        assert_eq!(shown(dec!(10.000000001)), "10.0000");
        assert_eq!(shown(dec!(8.50)), "8.5");
        assert_eq!(shown(dec!(1010)), "1010");
        assert_eq!(shown(dec!(0.1234)), "0.1234");
        assert!(is_long(dec!(0.12345)) && !is_long(dec!(0.12340)));
    }
}
