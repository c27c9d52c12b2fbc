//! Numerals: Arabic digits, Chinese counting numerals (`十二`, `二十三`, `一百零五`, `两`)
//! and digit-by-digit Chinese years (`二〇二五`, `二 0 三五`).
//!
//! Values are `u32`; a numeral that would overflow fails to parse instead of wrapping.

use nom::IResult;
use nom::Parser;
use nom::bytes::complete::take_while1;
use nom::error::{Error, ErrorKind};

/// The digit value of a Chinese digit character (`〇`/`零` = 0, `两` = 2).
pub fn cn_digit(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '零' | 'О' => 0,
        '一' | '壹' => 1,
        '二' | '两' | '贰' => 2,
        '三' | '叁' => 3,
        '四' | '肆' => 4,
        '五' | '伍' => 5,
        '六' | '陆' => 6,
        '七' | '柒' => 7,
        '八' | '捌' => 8,
        '九' | '玖' => 9,
        _ => return None,
    })
}

/// The value of a Chinese unit character (`十` = 10, `百`, `千`).
pub fn cn_unit(c: char) -> Option<u32> {
    Some(match c {
        '十' | '拾' => 10,
        '百' | '佰' => 100,
        '千' | '仟' => 1000,
        _ => return None,
    })
}

fn fail(s: &str) -> nom::Err<Error<&str>> {
    nom::Err::Error(Error::new(s, ErrorKind::Digit))
}

/// ASCII digits as a number.
pub fn arabic(s: &str) -> IResult<&str, u32> {
    let (rest, d) = take_while1(|c: char| c.is_ascii_digit()).parse(s)?;
    d.parse::<u32>().map(|v| (rest, v)).map_err(|_| fail(s))
}

/// A Chinese counting numeral below 10,000: `三`, `十`, `十二`, `二十`, `一百零五`.
pub fn cn_count(s: &str) -> IResult<&str, u32> {
    let mut total = 0u32;
    let mut digit: Option<u32> = None;
    let mut used = 0usize;
    let mut last_unit = u32::MAX;
    for (i, c) in s.char_indices() {
        if let Some(d) = cn_digit(c) {
            if matches!(digit, Some(x) if x != 0) {
                break; // two digits in a row: not a counting numeral (e.g. 二〇二五)
            }
            digit = Some(d);
        } else if let Some(u) = cn_unit(c) {
            if u >= last_unit {
                break;
            }
            total += digit.unwrap_or(1) * u;
            digit = None;
            last_unit = u;
        } else {
            break;
        }
        used = i + c.len_utf8();
    }
    if used == 0 {
        return Err(fail(s));
    }
    total += digit.unwrap_or(0);
    Ok((&s[used..], total))
}

/// A year written digit by digit in Chinese or mixed with ASCII digits and spaces:
/// `二〇二五`, `二 0 三五`, `2025`.
pub fn digit_year(s: &str) -> IResult<&str, u32> {
    let mut v = 0u32;
    let mut n = 0;
    let mut used = 0;
    for (i, c) in s.char_indices() {
        let d = if let Some(d) = c.to_digit(10) {
            d
        } else if c == '十' || c == '百' {
            return Err(fail(s));
        } else if let Some(d) = cn_digit(c) {
            d
        } else if c == ' ' && n > 0 && n < 4 {
            continue;
        } else {
            break;
        };
        v = v * 10 + d;
        n += 1;
        used = i + c.len_utf8();
        if n == 4 {
            break;
        }
    }
    if n == 4 {
        Ok((&s[used..], v))
    } else {
        Err(fail(s))
    }
}

/// Arabic digits or a Chinese counting numeral.
pub fn number(s: &str) -> IResult<&str, u32> {
    arabic(s).or_else(|_| cn_count(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counting_numerals() {
        for (s, v) in [
            ("三", 3),
            ("十", 10),
            ("十二", 12),
            ("二十", 20),
            ("二十三", 23),
            ("四十三", 43),
            ("一百零五", 105),
            ("两", 2),
        ] {
            assert_eq!(cn_count(s), Ok(("", v)), "{s}");
        }
        assert_eq!(cn_count("十二、"), Ok(("、", 12)));
    }

    #[test]
    fn digit_by_digit_years() {
        assert_eq!(digit_year("二〇二五年"), Ok(("年", 2025)));
        assert_eq!(digit_year("二 0 三五年"), Ok(("年", 2035)));
        assert_eq!(digit_year("2023年"), Ok(("年", 2023)));
        assert!(digit_year("二十年").is_err());
    }

    #[test]
    fn overflow_is_an_error_not_a_wrap() {
        assert!(arabic("99999999999999").is_err());
    }
}
