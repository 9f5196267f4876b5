//! Numbers as offices type them, turned into exact decimals; and the one rounding rule.

use rust_decimal::{Decimal, RoundingStrategy};

use crate::text::{self, Message};

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

/// Parses a number typed as text: "8", " 8.5 ", "１０", "8分", "-1". Never rounded: a number no
/// decimal holds exactly is refused ([`NotRead::TooManyDigits`], [`NotRead::TooManyDecimals`]).
pub fn parse_text(text: &str) -> Result<Decimal, NotRead> {
    // Plain ASCII digits, the usual case, need no folding.
    if let Some(value) = short(text) {
        return Ok(value);
    }
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return exact(text);
    }
    let folded = fold_width(text);
    exact(folded.strip_suffix('分').unwrap_or(&folded))
}

/// A number written with an exponent or without ("6.5e1", "-2E-3", "15.5"), as TOML writes floats,
/// read exactly as [`parse_text`] reads a number; `NotANumber` for inf and nan.
pub fn parse_scientific(written: &str) -> Result<Decimal, NotRead> {
    let Some((mantissa, exponent)) = written.split_once(['e', 'E']) else { return exact(written) };
    let exponent: i64 = exponent.parse().map_err(|_| NotRead::NotANumber)?;
    let (sign, whole, decimals) = parts(mantissa).ok_or(NotRead::NotANumber)?;
    // The value is 0.DIGITS × 10^point, its digits without the zeros around them.
    let all = format!("{whole}{decimals}");
    let digits = all.trim_start_matches('0');
    let point = i64::try_from(whole.len()).unwrap_or(i64::MAX).saturating_sub((all.len() - digits.len()) as i64).saturating_add(exponent);
    let digits = digits.trim_end_matches('0');
    if digits.is_empty() {
        return Ok(Decimal::ZERO);
    }
    // Checked before the digits are laid out, so that 1e999999999 asks for no gigabyte of zeros.
    if (digits.len() as i64).saturating_sub(point) > 28 {
        return Err(NotRead::TooManyDecimals);
    }
    if point > 29 {
        return Err(NotRead::TooManyDigits);
    }
    let plain = match usize::try_from(point) {
        Err(_) => format!("{sign}0.{}{digits}", "0".repeat(point.unsigned_abs() as usize)),
        Ok(point) if point >= digits.len() => format!("{sign}{digits}{}", "0".repeat(point - digits.len())),
        Ok(point) => format!("{sign}{}.{}", &digits[..point], &digits[point..]),
    };
    exact(&plain)
}

/// Why a text is not read as a number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotRead {
    /// Not a number at all: "优", "1e3", "1.2.3".
    NotANumber,
    /// More significant digits than a decimal's 96-bit mantissa holds (28, or 29 below 7.9228…).
    TooManyDigits,
    /// More than 28 decimals, not counting zeros that close them.
    TooManyDecimals,
}

impl NotRead {
    /// What to tell the user of `text`, a number no decimal holds; `None` for text that is no
    /// number, which each reader words its own way.
    pub fn inexact(self, text: &str) -> Option<Message> {
        match self {
            NotRead::NotANumber => None,
            NotRead::TooManyDigits => Some(text::too_many_digits(text)),
            NotRead::TooManyDecimals => Some(text::too_many_decimals(text)),
        }
    }
}

/// `[+-]digits[.digits]` (at least one digit) as its sign, whole digits and decimals.
fn parts(text: &str) -> Option<(&str, &str, &str)> {
    let (sign, unsigned) = text.split_at(text.len() - text.strip_prefix(['-', '+']).unwrap_or(text).len());
    let (whole, decimals) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    (digits(whole) && digits(decimals) && whole.len() + decimals.len() > 0).then_some((sign, whole, decimals))
}

/// The value of a short plain number, digits with at most one point ("8", "7.5", "10.00"), as
/// [`exact`] reads it, trailing zeros of the decimals dropped; `None` for anything else. A score
/// sheet's every cell is one: read in one pass over its bytes, it costs a fifth of the general way.
fn short(text: &str) -> Option<Decimal> {
    // 18 digits always fit the u64 (and a decimal's mantissa).
    if text.len() > 18 {
        return None;
    }
    let (mut mantissa, mut scale, mut point) = (0u64, 0u32, false);
    for b in text.bytes() {
        match b {
            b'0'..=b'9' => {
                mantissa = mantissa * 10 + u64::from(b - b'0');
                scale += u32::from(point);
            }
            b'.' if !point => point = true,
            _ => return None,
        }
    }
    if text.len() == usize::from(point) {
        return None;
    }
    while scale > 0 && mantissa % 10 == 0 {
        (mantissa, scale) = (mantissa / 10, scale - 1);
    }
    Some(Decimal::from_parts(mantissa as u32, (mantissa >> 32) as u32, 0, false, scale))
}

/// The exact value of `[+-]digits[.digits]` (at least one digit).
///
/// The rule: a number is read when a decimal holds its value exactly (a mantissa below 2^96 and at
/// most 28 decimals), and refused otherwise, never rounded as `Decimal::from_str` would. Zeros
/// closing the decimals change no value and are dropped first, so 10.000…0 with 30 zeros is 10;
/// 10.000…01 with 28 decimals (30 significant digits) and 9.999…9 with 32 decimals are refused.
fn exact(text: &str) -> Result<Decimal, NotRead> {
    let (_, whole, decimals) = parts(text).ok_or(NotRead::NotANumber)?;
    let kept = decimals.trim_end_matches('0');
    if whole.is_empty() && kept.is_empty() {
        // ".0", "-.00": zero, and nothing left to parse.
        return Ok(Decimal::ZERO);
    }
    let text = &text[..text.len() - (decimals.len() - kept.len())];
    let text = text.strip_suffix('.').unwrap_or(text);
    // The text is a number: the exact parser fails only where a decimal cannot hold it.
    Decimal::from_str_exact(text).map(|d| d.normalize()).map_err(|_| if kept.len() > 28 { NotRead::TooManyDecimals } else { NotRead::TooManyDigits })
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
        assert_eq!(parse_text(" 8 "), Ok(dec!(8)));
        assert_eq!(parse_text("１０"), Ok(dec!(10)));
        assert_eq!(parse_text("９．５分"), Ok(dec!(9.5)));
        assert_eq!(parse_text("8分"), Ok(dec!(8)));
        assert_eq!(parse_text("8.50"), Ok(dec!(8.5)));
        assert_eq!(parse_text("-1"), Ok(dec!(-1)));
        assert_eq!(parse_text("+2.5"), Ok(dec!(2.5)));
        assert_eq!(parse_text(".5"), Ok(dec!(0.5)));
        assert_eq!(parse_text("5."), Ok(dec!(5)));
        assert_eq!(parse_text("-0.0"), Ok(dec!(0)));
        assert_eq!(parse_text(".0"), Ok(dec!(0)));
        assert_eq!(parse_text("007"), Ok(dec!(7)));
        for not in ["优秀", "1e3", "", "分", ".", "1.2.3", "--1", "1-", "+-1", "-", "1_000", "+.", "0x10"] {
            assert_eq!(parse_text(not), Err(NotRead::NotANumber), "{not}");
        }
    }

    #[test]
    fn numbers_a_decimal_cannot_hold_are_refused_not_rounded() {
        let zeros = |n| "0".repeat(n);
        // Over 10 points by 10^-28: 30 significant digits, which would round to 10.
        assert_eq!(parse_text(&format!("10.{}1", zeros(27))), Err(NotRead::TooManyDigits));
        assert_eq!(parse_text(&format!("9.{}", "9".repeat(32))), Err(NotRead::TooManyDecimals));
        assert_eq!(parse_text(&format!("0.{}1", zeros(28))), Err(NotRead::TooManyDecimals));
        assert_eq!(parse_text(&format!("1{}", zeros(29))), Err(NotRead::TooManyDigits));
        assert_eq!(parse_text("79228162514264337593543950336"), Err(NotRead::TooManyDigits));
        assert_eq!(parse_text(&format!("１０．{}１分", "０".repeat(27))), Err(NotRead::TooManyDigits));
        // Zeros closing the decimals change nothing: exact values are read, however written.
        assert_eq!(parse_text(&format!("10.{}", zeros(30))), Ok(dec!(10)));
        assert_eq!(parse_text(&format!("8.5{}", zeros(100))), Ok(dec!(8.5)));
        assert_eq!(parse_text(&format!("{}7", zeros(40))), Ok(dec!(7)));
        // The limits themselves: 28 decimals, and the largest mantissa (29 digits).
        assert_eq!(parse_text(&format!("0.{}1", zeros(27))), Ok(Decimal::from_parts(1, 0, 0, false, 28)));
        assert_eq!(parse_text(&format!("1.{}1", zeros(27))).map(|d| d.to_string()), Ok(format!("1.{}1", zeros(27))));
        assert_eq!(parse_text("79228162514264337593543950335"), Ok(Decimal::MAX));
        assert_eq!(parse_text("7.9228162514264337593543950335"), Ok(Decimal::from_parts(u32::MAX, u32::MAX, u32::MAX, false, 28)));
        assert_eq!(parse_text("-79228162514264337593543950335"), Ok(Decimal::MIN));
    }

    #[test]
    fn numbers_with_an_exponent_are_read_exactly() {
        let read = |s: &str| parse_scientific(s).map(|d| d.to_string());
        let ok = |s: &str| Ok(s.to_string());
        assert_eq!(read("6.5e1"), ok("65"));
        assert_eq!(read("-2E-3"), ok("-0.002"));
        assert_eq!(read("15.5"), ok("15.5"));
        assert_eq!(read("1.5e+2"), ok("150"));
        assert_eq!(read("0.000e5"), ok("0"));
        assert_eq!(read("1234.5e-2"), ok("12.345"));
        assert_eq!(read("00012.500e1"), ok("125"));
        assert_eq!(read("1000e-31"), ok("0.0000000000000000000000000001"));
        assert_eq!(read("1.23456789012345678901e2"), ok("123.456789012345678901"));
        assert_eq!(read("1e-29"), Err(NotRead::TooManyDecimals));
        assert_eq!(read("1e999999999"), Err(NotRead::TooManyDigits));
        assert_eq!(read("1e-999999999"), Err(NotRead::TooManyDecimals));
        assert_eq!(read("1e29"), Err(NotRead::TooManyDigits));
        assert_eq!(read("7.9228162514264337593543950335e28"), ok("79228162514264337593543950335"));
        assert_eq!(read(&format!("1.{}1e1", "0".repeat(28))), Err(NotRead::TooManyDigits));
        for not in ["inf", "-inf", "nan", "1e", "e5", "1e1.5", "1ee2"] {
            assert_eq!(read(not), Err(NotRead::NotANumber), "{not}");
        }
    }

    proptest::proptest! {
        /// A number is read as exactly the value it writes, or refused: never rounded.
        #[test]
        fn text_is_read_exactly_or_refused(whole in "[0-9]{0,32}", decimals in "[0-9]{0,34}", zeros in 0usize..40) {
            let text = format!("{whole}.{decimals}{}", "0".repeat(zeros));
            proptest::prop_assume!(!whole.is_empty() || !decimals.is_empty() || zeros > 0);
            // The value by hand: its digits and decimals, as integers.
            let kept = decimals.trim_end_matches('0');
            let digits = format!("{whole}{kept}").trim_start_matches('0').to_string();
            match parse_text(&text) {
                Ok(value) => {
                    let mantissa: u128 = if digits.is_empty() { 0 } else { digits.parse().unwrap() };
                    let scaled = Decimal::from_i128_with_scale(mantissa as i128, kept.len() as u32);
                    proptest::prop_assert_eq!(value, scaled);
                }
                Err(NotRead::TooManyDecimals) => proptest::prop_assert!(kept.len() > 28),
                Err(NotRead::TooManyDigits) => {
                    proptest::prop_assert!(kept.len() <= 28);
                    proptest::prop_assert!(digits.len() > 29 || digits.parse::<u128>().unwrap() >= 1 << 96);
                }
                Err(NotRead::NotANumber) => proptest::prop_assert!(false, "{} is a number", text),
            }
        }

        /// The short way reads a plain number as the general parser does, to its scale (what is printed).
        #[test]
        fn short_numbers_read_as_the_general_parser_reads_them(text in "[0-9]{0,9}(\\.[0-9]{0,8})?") {
            if let Some(value) = short(&text) {
                let general = exact(&text).unwrap();
                proptest::prop_assert_eq!((value.to_string(), value.scale()), (general.to_string(), general.scale()));
            } else {
                proptest::prop_assert!(text.is_empty() || text == ".");
            }
        }
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
