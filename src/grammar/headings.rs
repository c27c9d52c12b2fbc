//! Heading markers at the start of a line: `一、` `（一）` `1.` `（1）` `①` `第三章`
//! `第十二条` …, driven by the patterns in `grammars/headings.tsv`.
//!
//! It recognises a marker and its number; deciding how markers nest is the provisions
//! extractor's job.

use super::numerals::cn_count;
use crate::lexicon::{HeadingPattern, Lexicon, PatternPart};

/// A heading marker found at the start of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Marker {
    /// Index of the pattern in `grammars/headings.tsv`.
    pub pattern: usize,
    /// Its number (`（三）` → 3).
    pub number: u32,
    /// Byte length of the marker text in the line.
    pub len: usize,
}

/// One step of a heading pattern, compiled once from `grammars/headings.tsv`.
enum Step {
    /// One literal character, as the UTF-8 spellings it accepts (`（` also `(`).
    Char(Vec<Box<str>>),
    /// A Chinese counting numeral (`{cn}`).
    Cn,
    /// An Arabic number below 1000 (`{n}`).
    Num,
    /// A circled number (`{circled}`).
    Circled,
}

/// A heading pattern as matching steps: its literals split into characters, each with
/// the spellings it accepts, so that a line is matched by comparing bytes instead of
/// decoding its characters and looking each literal character's variants up again.
struct Compiled {
    steps: Vec<Step>,
    /// The pattern ends with `.`: a digit after the match makes it a decimal (`1.5万`).
    decimal_guard: bool,
}

impl Compiled {
    fn of(p: &HeadingPattern) -> Compiled {
        let mut steps = Vec::new();
        for part in &p.parts {
            match part {
                PatternPart::Lit(l) => steps.extend(
                    l.chars()
                        .map(|c| Step::Char(spellings(c).map(|v| v.to_string().into()).collect())),
                ),
                PatternPart::CnNumeral => steps.push(Step::Cn),
                PatternPart::Number => steps.push(Step::Num),
                PatternPart::Circled => steps.push(Step::Circled),
            }
        }
        Compiled {
            steps,
            decimal_guard: matches!(p.parts.last(), Some(PatternPart::Lit(l)) if l == "."),
        }
    }
}

/// The characters a literal character `c` of a pattern accepts: itself and its
/// half-/full-width variant.
fn spellings(c: char) -> impl Iterator<Item = char> {
    std::iter::once(c).chain(match c {
        '（' => Some('('),
        '）' => Some(')'),
        '.' => Some('．'),
        _ => None,
    })
}

/// The rest of `s` after one of the `spellings`, if it starts with one.
fn after_spelling<'a>(s: &'a str, spellings: &[Box<str>]) -> Option<&'a str> {
    spellings
        .iter()
        .find(|w| s.as_bytes().starts_with(w.as_bytes()))
        .map(|w| &s[w.len()..])
}

/// The ASCII digits `s` starts with, as a number below 1000, and the rest of `s`.
/// `None` when `s` starts with no digit or the number is 1000 or more (where
/// [`arabic`](super::numerals::arabic) would read it or fail on overflow, a `{n}` marker fails either way).
fn small_arabic(s: &str) -> Option<(&str, u32)> {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    let mut v = 0u32;
    for d in &s.as_bytes()[..digits] {
        v = v * 10 + u32::from(d - b'0');
        if v >= 1000 {
            return None;
        }
    }
    Some((&s[digits..], v))
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
        // The literal's accepted variants (`（` also matches `(`).
        Some(PatternPart::Lit(l)) => l
            .chars()
            .next()
            .map_or_else(Vec::new, |c| spellings(c).collect()),
        Some(PatternPart::CnNumeral) => "〇零一二三四五六七八九十百千两壹贰叁肆伍陆柒捌玖拾佰仟О"
            .chars()
            .collect(),
        Some(PatternPart::Number) => ('0'..='9').collect(),
        Some(PatternPart::Circled) => ('①'..='⑳').collect(),
        None => Vec::new(),
    }
}

/// The patterns (indices, in file order) that can start with each character, a bit per
/// Basic Multilingual Plane character telling whether any pattern starts with it, and
/// the patterns compiled for matching.
struct Openers {
    table: Vec<(char, Vec<usize>)>,
    bits: Vec<u64>,
    compiled: Vec<Compiled>,
}

/// The patterns (indices, in file order) that can start with `c`: computed once from the
/// patterns, so a line is tried only against the few patterns its first character can
/// open (`第` → the four `第…` patterns, `（` → the two bracketed ones), and most lines
/// against none. Asked of nearly every line by several stages: a character that opens
/// no pattern is ruled out by one bit, without searching the table.
#[cfg(test)]
fn openers(c: char) -> &'static [usize] {
    openers_table().starting(c)
}

impl Openers {
    /// [`openers`] of `c`.
    fn starting(&self, c: char) -> &[usize] {
        let o = self;
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
        let compiled = Lexicon::get().headings.iter().map(Compiled::of).collect();
        Openers {
            table,
            bits,
            compiled,
        }
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
    let o = openers_table();
    let opens = o.starting(line.chars().next()?);
    let (mut cn_memo, mut num_memo): (Read, Read) = (None, None);
    'pattern: for &i in opens {
        let p = &o.compiled[i];
        let mut rest = line;
        let mut number = 0;
        for step in &p.steps {
            let at = line.len() - rest.len();
            let read = match step {
                Step::Char(spellings) => match after_spelling(rest, spellings) {
                    Some(r) => {
                        rest = r;
                        continue;
                    }
                    None => continue 'pattern,
                },
                Step::Cn => read_at(&mut cn_memo, at, rest, |s| cn_count(s).ok()),
                Step::Num => read_at(&mut num_memo, at, rest, small_arabic),
                Step::Circled => circled(rest),
            };
            match read {
                Some((r, n)) => (rest, number) = (r, n),
                None => continue 'pattern,
            }
        }
        if number == 0 {
            continue;
        }
        // `1.5万` is a decimal, not an item marker.
        if p.decimal_guard && rest.as_bytes().first().is_some_and(u8::is_ascii_digit) {
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
    fn small_arabic_reads_what_arabic_reads_below_1000() {
        for s in [
            "0",
            "7.",
            "12、",
            "999",
            "1000",
            "0001x",
            "99999999999999",
            "",
            "a1",
            "１",
        ] {
            let want = crate::grammar::numerals::arabic(s)
                .ok()
                .filter(|&(_, n)| n < 1000);
            assert_eq!(small_arabic(s), want, "{s}");
        }
    }

    #[test]
    fn not_markers() {
        assert_eq!(m("1.5万元"), None);
        assert_eq!(m("一是加强"), None);
        assert_eq!(m("二〇二五年"), None);
        assert_eq!(m("各乡镇"), None);
    }
}
