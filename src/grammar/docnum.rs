//! Document numbers (发文字号, 文号) in the canonical GB/T 9704 shape
//! `机关代字〔年份〕序号号`, e.g. `巨政办字〔2023〕18号`.
//!
//! Accepted as printed (after the clean stage has unified brackets to `〔〕`):
//! prefix first `定政办〔2022〕13号`, year first `〔2022〕曲府办 65 号`, no prefix
//! `〔2023〕1号`, with spaces anywhere between the parts. It recognises a number that
//! stands at the start of a line; finding citations inside prose is a different job.

use super::numerals::arabic;
use super::sp;
use crate::clean::fold::is_cjk;
use nom::IResult;
use nom::Parser;
use nom::bytes::complete::{tag, take_while_m_n, take_while1};
use nom::combinator::opt;

/// A parsed document number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocNumber {
    /// 机关代字, e.g. `巨政办字`; `None` when the print omits it.
    pub code: Option<String>,
    pub year: i32,
    pub serial: i32,
}

impl DocNumber {
    /// `机关代字〔年份〕序号号`; `〔年份〕序号号` when the code is missing.
    pub fn canonical(&self) -> String {
        format!(
            "{}〔{}〕{}号",
            self.code.as_deref().unwrap_or(""),
            self.year,
            self.serial
        )
    }
}

fn is_code_char(c: char) -> bool {
    is_cjk(c) && c != '号'
}

fn code(s: &str) -> IResult<&str, &str> {
    take_while1(is_code_char).parse(s)
}

fn year(s: &str) -> IResult<&str, u32> {
    let (rest, (_, _, y, _, _)) = (
        tag("〔"),
        sp,
        take_while_m_n(4, 4, |c: char| c.is_ascii_digit()),
        sp,
        tag("〕"),
    )
        .parse(s)?;
    Ok((rest, y.parse().unwrap_or(0)))
}

fn serial(s: &str) -> IResult<&str, u32> {
    let (rest, (_, _, _, n, _, _)) = (sp, opt(tag("第")), sp, arabic, sp, tag("号")).parse(s)?;
    Ok((rest, n))
}

/// A document number at the start of `s`; returns the rest of the input.
pub fn doc_number(s: &str) -> IResult<&str, DocNumber> {
    let prefix_first = (code, sp, year, serial).map(|(c, _, y, n)| (Some(c), y, n));
    let year_first = (year, sp, opt(code), serial).map(|(y, _, c, n)| (c, y, n));
    let (rest, (c, y, n)) = nom::branch::alt((prefix_first, year_first)).parse(s)?;
    Ok((
        rest,
        DocNumber {
            code: c.map(str::to_owned),
            year: y as i32,
            serial: n as i32,
        },
    ))
}

/// A line that is a document number, optionally followed by a date (and nothing else):
/// returns the number and the rest (the date part, trimmed).
///
/// Asked of nearly every line by the clean and segment stages: a line without the year
/// bracket `〔`, which every shape needs, is ruled out by one vectorised search before
/// the parser reads its (often long) run of CJK characters.
pub fn doc_number_line(line: &str) -> Option<(DocNumber, &str)> {
    // Every number holds its year in `〔〕` (both branches of [`doc_number`]): most lines
    // have no `〔` and need no parse.
    if !has_year_bracket(line) {
        return None;
    }
    let (rest, n) = doc_number(line.trim()).ok()?;
    let rest = rest.trim();
    if rest.is_empty() || super::dates::date_line(rest).is_some() {
        Some((n, rest))
    } else {
        None
    }
}

/// `s` contains `〔`, the bracket every document number opens its year with.
fn has_year_bracket(s: &str) -> bool {
    static FINDER: std::sync::OnceLock<memchr::memmem::Finder<'static>> =
        std::sync::OnceLock::new();
    FINDER
        .get_or_init(|| memchr::memmem::Finder::new("〔"))
        .find(s.as_bytes())
        .is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canon(s: &str) -> String {
        doc_number(s).unwrap().1.canonical()
    }

    #[test]
    fn printed_forms_to_canonical() {
        assert_eq!(canon("巨政办字〔2023〕18号"), "巨政办字〔2023〕18号");
        assert_eq!(canon("〔2022〕曲府办 65 号"), "曲府办〔2022〕65号");
        assert_eq!(canon("〔2022〕曲府 146 号"), "曲府〔2022〕146号");
        assert_eq!(canon("定政办〔2020〕1 号"), "定政办〔2020〕1号");
        assert_eq!(canon("〔2023〕1号"), "〔2023〕1号");
    }

    #[test]
    fn a_number_needs_a_bracketed_year() {
        // `doc_number_line` looks for `〔` before parsing.
        assert!(doc_number("巨政办字(2023)18号").is_err());
        assert!(doc_number("巨政办字2023 18号").is_err());
        assert!(doc_number_line("〔2023〕1号").is_some());
    }

    #[test]
    fn a_number_line_may_carry_the_issue_date() {
        let (n, rest) = doc_number_line("定政办〔2022〕13号 2022年 11月 4日").unwrap();
        assert_eq!(n.serial, 13);
        assert_eq!(rest, "2022年 11月 4日");
        assert!(doc_number_line("巨政发〔2023〕1号文件精神").is_none());
    }

    #[test]
    fn every_shape_needs_the_year_bracket() {
        for s in [
            "巨政办字〔2023〕18号",
            "〔2022〕曲府办 65 号",
            "〔2023〕1号",
        ] {
            assert!(has_year_bracket(s) && doc_number_line(s).is_some(), "{s}");
        }
        assert!(doc_number_line("巨政办字[2023]18号").is_none());
    }

    #[test]
    fn a_nine_digit_year_is_not_a_document_number() {
        assert!(doc_number("〔202320232〕1号").is_err());
    }
}
