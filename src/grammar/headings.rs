//! Heading markers at the start of a line: `一、` `（一）` `1.` `（1）` `①` `第三章`
//! `第十二条` …, driven by the patterns in `grammars/headings.tsv`.
//!
//! It recognises a marker and its number; deciding how markers nest is the provisions
//! extractor's job.

use super::numerals::{arabic, cn_count};
use crate::lexicon::{HeadingPattern, Lexicon, PatternPart};

/// A heading marker found at the start of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    /// Index of the pattern in `grammars/headings.tsv`.
    pub pattern: usize,
    /// Its number (`（三）` → 3).
    pub number: u32,
    /// Byte length of the marker text in the line.
    pub len: usize,
}

fn lit_matches<'a>(s: &'a str, lit: &str) -> Option<&'a str> {
    let mut rest = s;
    for want in lit.chars() {
        let alts: &[char] = match want {
            '（' => &['（', '('],
            '）' => &['）', ')'],
            '.' => &['.', '．'],
            '、' => &['、'],
            _ => &[],
        };
        let c = rest.chars().next()?;
        if c == want || alts.contains(&c) {
            rest = &rest[c.len_utf8()..];
        } else {
            return None;
        }
    }
    Some(rest)
}

fn circled(s: &str) -> Option<(&str, u32)> {
    let c = s.chars().next()?;
    let v = match c {
        '①'..='⑳' => c as u32 - '①' as u32 + 1,
        _ => return None,
    };
    Some((&s[c.len_utf8()..], v))
}

/// The characters pattern `p` can start with.
fn first_chars(p: &HeadingPattern) -> Vec<char> {
    match p.parts.first() {
        Some(PatternPart::Lit(l)) => match l.chars().next() {
            // The literal's accepted variants (`（` also matches `(`).
            Some(c) => std::iter::once(c)
                .chain(match c {
                    '（' => Some('('),
                    '）' => Some(')'),
                    '.' => Some('．'),
                    _ => None,
                })
                .collect(),
            None => Vec::new(),
        },
        Some(PatternPart::CnNumeral) => "〇零一二三四五六七八九十百千两壹贰叁肆伍陆柒捌玖拾佰仟О"
            .chars()
            .collect(),
        Some(PatternPart::Number) => ('0'..='9').collect(),
        Some(PatternPart::Circled) => ('①'..='⑳').collect(),
        None => Vec::new(),
    }
}

/// The patterns (indices, in file order) that can start with each character, and a bit
/// per Basic Multilingual Plane character telling whether any pattern starts with it.
struct Openers {
    table: Vec<(char, Vec<usize>)>,
    bits: Vec<u64>,
}

/// The patterns (indices, in file order) that can start with `c`: computed once from the
/// patterns, so a line is tried only against the few patterns its first character can
/// open (`第` → the four `第…` patterns, `（` → the two bracketed ones), and most lines
/// against none. Asked of nearly every line by several stages: a character that opens
/// no pattern is ruled out by one bit, without searching the table.
fn openers(c: char) -> &'static [usize] {
    let o = openers_table();
    if o.bits
        .get(c as usize / 64)
        .is_some_and(|w| w & (1 << (c as usize % 64)) == 0)
    {
        return &[];
    }
    o.table
        .binary_search_by_key(&c, |(k, _)| *k)
        .map_or(&[], |k| o.table[k].1.as_slice())
}

/// Every character a heading marker can open with: [`marker`] answers `None` for a line
/// opening with any other. For callers that fold this set into a lookup of their own.
pub fn opener_chars() -> impl Iterator<Item = char> {
    openers_table().table.iter().map(|(c, _)| *c)
}

/// The [`Openers`] of the heading patterns, built on first use.
fn openers_table() -> &'static Openers {
    static OPENERS: std::sync::OnceLock<Openers> = std::sync::OnceLock::new();
    OPENERS.get_or_init(|| {
        let mut table: Vec<(char, Vec<usize>)> = Vec::new();
        for (i, p) in Lexicon::get().headings.iter().enumerate() {
            for c in first_chars(p) {
                match table.iter_mut().find(|(k, _)| *k == c) {
                    Some((_, v)) => v.push(i),
                    None => table.push((c, vec![i])),
                }
            }
        }
        table.sort_unstable_by_key(|(c, _)| *c);
        let mut bits = vec![0u64; 0x10000 / 64];
        for &(c, _) in &table {
            if let Some(w) = bits.get_mut(c as usize / 64) {
                *w |= 1 << (c as usize % 64);
            }
        }
        Openers { table, bits }
    })
}

/// A numeral read at a byte offset of the line: what the reader returned there (the rest
/// of the line and the number), or `None` when it failed.
type Read<'a> = Option<(usize, Option<(&'a str, u32)>)>;

/// `read(rest)` at byte `at`, or the result `memo` holds for `at`: patterns that open alike
/// (`第{cn}章`, `第{cn}条`; `{n}.`, `{n}、`) read the same numeral at the same place, once.
fn read_at<'a>(
    memo: &mut Read<'a>,
    at: usize,
    rest: &'a str,
    read: impl FnOnce(&'a str) -> Option<(&'a str, u32)>,
) -> Option<(&'a str, u32)> {
    match *memo {
        Some((k, r)) if k == at => r,
        _ => {
            let r = read(rest);
            *memo = Some((at, r));
            r
        }
    }
}

/// The first pattern that matches at the start of `line`.
pub fn marker(line: &str) -> Option<Marker> {
    let opens = openers(line.chars().next()?);
    if opens.is_empty() {
        return None;
    }
    let lex = Lexicon::get();
    let (mut cn_memo, mut num_memo): (Read, Read) = (None, None);
    'pattern: for &i in opens {
        let p = &lex.headings[i];
        let mut rest = line;
        let mut number = 0;
        for part in &p.parts {
            let at = line.len() - rest.len();
            match part {
                PatternPart::Lit(l) => match lit_matches(rest, l) {
                    Some(r) => rest = r,
                    None => continue 'pattern,
                },
                PatternPart::CnNumeral => {
                    match read_at(&mut cn_memo, at, rest, |s| cn_count(s).ok()) {
                        Some((r, n)) => (rest, number) = (r, n),
                        None => continue 'pattern,
                    }
                }
                PatternPart::Number => match read_at(&mut num_memo, at, rest, |s| arabic(s).ok()) {
                    Some((r, n)) if n < 1000 => (rest, number) = (r, n),
                    _ => continue 'pattern,
                },
                PatternPart::Circled => match circled(rest) {
                    Some((r, n)) => (rest, number) = (r, n),
                    None => continue 'pattern,
                },
            }
        }
        if number == 0 {
            continue;
        }
        // `1.5万` is a decimal, not an item marker.
        if matches!(p.parts.last(), Some(PatternPart::Lit(l)) if l == ".")
            && rest.chars().next().is_some_and(|c| c.is_ascii_digit())
        {
            continue;
        }
        return Some(Marker {
            pattern: i,
            number,
            len: line.len() - rest.len(),
        });
    }
    None
}

/// The name of pattern `i` (`cn_dun`, `article`, …).
pub fn pattern_name(i: usize) -> &'static str {
    Lexicon::get().headings[i].name.as_str()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> Option<(&'static str, u32, &str)> {
        marker(s).map(|m| (pattern_name(m.pattern), m.number, &s[..m.len]))
    }

    #[test]
    fn the_usual_ladder() {
        assert_eq!(m("一、总体要求"), Some(("cn_dun", 1, "一、")));
        assert_eq!(m("（三）强化保障"), Some(("cn_paren", 3, "（三）")));
        assert_eq!(m("(十一) 加强"), Some(("cn_paren", 11, "(十一)")));
        assert_eq!(m("2.建设核酸"), Some(("num_dot", 2, "2.")));
        assert_eq!(m("1．医院"), Some(("num_dot", 1, "1．")));
        assert_eq!(m("（1）实施"), Some(("num_paren", 1, "（1）")));
        assert_eq!(m("③加强"), Some(("circled", 3, "③")));
    }

    #[test]
    fn chapters_and_articles() {
        assert_eq!(m("第一章 总则"), Some(("chapter", 1, "第一章")));
        assert_eq!(m("第二十八条 为"), Some(("article", 28, "第二十八条")));
    }

    #[test]
    fn every_pattern_is_tried_for_its_first_characters() {
        for (i, p) in Lexicon::get().headings.iter().enumerate() {
            let firsts = first_chars(p);
            assert!(!firsts.is_empty(), "pattern {i}");
            for c in firsts {
                assert!(openers(c).contains(&i), "pattern {i}, {c}");
                assert!(openers(c).is_sorted());
            }
        }
        assert!(openers('各').is_empty());
    }

    #[test]
    fn not_markers() {
        assert_eq!(m("1.5万元"), None);
        assert_eq!(m("一是加强"), None);
        assert_eq!(m("二〇二五年"), None);
        assert_eq!(m("各乡镇"), None);
    }
}
