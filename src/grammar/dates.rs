//! Calendar dates as printed in documents: `2022年11月4日`, `2023年 5月 17日`,
//! `2022 年 11 月 1 日`, `二〇二二年十一月一日`.
//!
//! Only complete, valid Gregorian dates parse: `2023年13月45日` and `2月30日` fail
//! (checked by jiff), they are never clamped.

use super::numerals::{cn_count, digit_year, number};
use super::sp;
use jiff::civil::Date;
use nom::IResult;
use nom::Parser;
use nom::bytes::complete::tag;
use nom::error::{Error, ErrorKind};

/// `YYYY年M月D日` with optional spaces around every part.
pub fn ymd(s: &str) -> IResult<&str, Date> {
    let (rest, (_, y, _, _, _, m, _, _, _, d, _, _)) = (
        sp,
        digit_year,
        sp,
        tag("年"),
        sp,
        month_or_day,
        sp,
        tag("月"),
        sp,
        month_or_day,
        sp,
        tag("日"),
    )
        .parse(s)?;
    let date = Date::new(
        i16::try_from(y).unwrap_or(i16::MAX),
        i8::try_from(m).unwrap_or(i8::MAX),
        i8::try_from(d).unwrap_or(i8::MAX),
    )
    .map_err(|_| nom::Err::Error(Error::new(s, ErrorKind::Verify)))?;
    Ok((rest, date))
}

fn month_or_day(s: &str) -> IResult<&str, u32> {
    // Digits may be split by a space (`1 0月3 1日`).
    if let Ok((rest, a)) = number(s) {
        if a < 10
            && let Some(r) = rest.strip_prefix(' ')
            && let Some(c) = r.chars().next()
            && c.is_ascii_digit()
            && let Ok((rest2, b)) = number(r)
            && b < 10
        {
            return Ok((rest2, a * 10 + b));
        }
        return Ok((rest, a));
    }
    cn_count(s)
}

/// A paragraph that is only a date (a signature date line), with optional trailing
/// spaces: returns the date.
pub fn date_line(s: &str) -> Option<Date> {
    let s = s.trim();
    // A date ends with `日` (and [`ymd`] reads no space the trim left): most lines do
    // not, and need no parse.
    if !s.ends_with('日') {
        return None;
    }
    match ymd(s) {
        Ok(("", d)) => Some(d),
        _ => None,
    }
}

/// Days since 1970-01-01 (Arrow `Date32`).
pub fn to_date32(d: Date) -> i32 {
    let epoch = Date::constant(1970, 1, 1);
    (d - epoch).get_days()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printed_forms() {
        let want = Date::constant(2022, 11, 4);
        for s in [
            "2022年11月4日",
            "2022年 11月 4日",
            "2022 年 11 月 4 日",
            "二〇二二年十一月四日",
        ] {
            assert_eq!(ymd(s), Ok(("", want)), "{s}");
        }
        assert_eq!(
            ymd("2022年1 0月3 1日").unwrap().1,
            Date::constant(2022, 10, 31)
        );
    }

    #[test]
    fn impossible_dates_fail() {
        assert!(ymd("2023年13月45日").is_err());
        assert!(ymd("2023年2月30日").is_err());
    }

    #[test]
    fn date_lines_and_date32() {
        assert_eq!(date_line("2023年1月7日 "), Some(Date::constant(2023, 1, 7)));
        assert_eq!(date_line("2023年1月7日印发"), None);
        assert_eq!(to_date32(Date::constant(1970, 1, 2)), 1);
    }
}
