//! Per-line character folds: the layout-only normalisations applied to every kept line.
//!
//! What it does, in order:
//! 1. trims the line; every whitespace character inside it (U+3000, TAB, NBSP, U+2003,
//!    runs of ASCII spaces) becomes one ASCII space;
//! 2. unifies the brackets of document numbers to `〔〕` (`(2022) 曲府办 54 号`,
//!    `[2018]1979号`, `【2022】01号`, `﹝2022﹞13 号`, `（2006）第079号`);
//! 3. removes a space between two single CJK characters (letter-spacing: `通 知`,
//!    `实 施 意 见`, `组 长`, padded names `王 勇`), a space just inside brackets or on
//!    either side of `〔〕`, and a space next to a CJK comma/colon (`（ %）`, `、 省`);
//! 4. folds full-width digits and Latin letters to ASCII (`２０２３` → `2023`);
//! 5. drops Markdown bold markers `**` left by converters.
//!
//! It never changes a word: no OCR correction, no simplified/traditional folding.
//! Every output byte is recorded in the [`OffsetMap`].

use super::offset_map::OffsetMap;
use super::reflow::Marks;
use std::borrow::Cow;

/// A character of the line being folded and the decoded run it stands for.
#[derive(Debug, Clone, Copy)]
struct Ch {
    c: char,
    /// The decoded character `c` stands for (the first of a run of spaces).
    orig: char,
    src: usize,
    src_len: usize,
}

pub fn is_space(c: char) -> bool {
    // No Unicode space lies above U+3000 but the BOM: the ideographs that make up most
    // of a line are answered without the Unicode table.
    if c > '\u{3000}' {
        return c == '\u{FEFF}';
    }
    c.is_whitespace() || c == '\u{3000}' || c == '\u{FEFF}' || c == '\u{200B}'
}

/// Whether a character whose UTF-8 form opens with byte `b` may be an [`is_space`]
/// character: ASCII whitespace, or lead byte C2 (U+0085, U+00A0), E1 (U+1680), E2
/// (U+2000–U+205F), E3 (U+3000) or EF (U+FEFF). Lets a scan rule out most characters
/// (ideographs, letters) by their first byte, without decoding them.
pub fn may_open_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t'..=b'\r' | 0xC2 | 0xE1..=0xE3 | 0xEF)
}

/// `s` with every space removed (ASCII, U+3000, BOM, zero-width): the form the datasets
/// use for names and positions whose letter-spacing carries no meaning.
///
/// An owned [`strip_spaces_ref`]: for callers that keep the text.
pub fn strip_spaces(s: &str) -> String {
    strip_spaces_ref(s).into_owned()
}

/// [`strip_spaces`], borrowed when `s` holds no space (most names and cells) or only
/// spaces: for callers that test or copy the text, so that nothing is allocated for it.
///
/// The text between spaces is copied in runs; only a byte that can start a space
/// ([`space_len_at`]) is decoded, and ideographs are stepped over three bytes at a time.
pub fn strip_spaces_ref(s: &str) -> Cow<'_, str> {
    let Some((mut i, n)) = next_space(s, 0) else {
        return Cow::Borrowed(s);
    };
    // The text between spaces is copied run by run, not character by character.
    let mut out = String::with_capacity(s.len() - n);
    out.push_str(&s[..i]);
    i += n;
    while let Some((at, n)) = next_space(s, i) {
        out.push_str(&s[i..at]);
        i = at + n;
    }
    out.push_str(&s[i..]);
    if out.is_empty() {
        // Spaces only: no empty buffer is kept.
        return Cow::Borrowed("");
    }
    Cow::Owned(out)
}

/// The first [`is_space`] character of `s` at or after byte `i` (a character boundary):
/// where it starts and its byte length.
///
/// Inlined: it is asked once per space, and a call costs more than most answers.
#[inline(always)]
fn next_space(s: &str, mut i: usize) -> Option<(usize, usize)> {
    while i < s.len() {
        // Lead bytes E4–E9 open ideographs (U+4000–U+9FFF): three bytes, no space.
        if (0xE4..=0xE9).contains(&s.as_bytes()[i]) {
            i += 3;
        } else if let Some(n) = space_len_at(s, i) {
            return Some((i, n));
        } else {
            i += 1;
        }
    }
    None
}

/// Byte length of the [`is_space`] character at byte `i` of `s`, if one starts there.
/// Only a byte that can open a space (ASCII whitespace, or the lead byte of U+0085/U+00A0,
/// U+1680, U+2000–U+205F, U+3000, U+FEFF) is decoded.
fn space_len_at(s: &str, i: usize) -> Option<usize> {
    match s.as_bytes()[i] {
        b' ' | b'\t'..=b'\r' => Some(1),
        0xC2 | 0xE1 | 0xE2 | 0xE3 | 0xEF => {
            let c = s[i..].chars().next()?;
            is_space(c).then(|| c.len_utf8())
        }
        _ => None,
    }
}

/// CJK unified ideographs (incl. extension A and 〇).
pub fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '〇' | '\u{F900}'..='\u{FAFF}')
}

fn is_open_bracket(c: char) -> bool {
    matches!(
        c,
        '（' | '《' | '“' | '〔' | '【' | '「' | '〈' | '‘' | '［'
    )
}

fn is_close_bracket(c: char) -> bool {
    matches!(
        c,
        '）' | '》' | '”' | '〕' | '】' | '」' | '〉' | '’' | '］'
    )
}

fn is_cjk_separator(c: char) -> bool {
    matches!(c, '、' | '，' | '；' | '：' | '。')
}

/// Fold `line` (decoded text starting at decoded offset `base`) into `out`, recording
/// every byte in `map`. To fold many lines, [`Folder::fold_line`] reuses its buffer.
pub fn fold_line(line: &str, base: usize, out: &mut String, map: &mut OffsetMap) {
    Folder::default().fold_line(line, base, out, map);
}

/// Folds lines one after the other with one scratch buffer, so that a line that needs
/// folding allocates nothing once the buffer has grown to the longest line.
#[derive(Debug, Default)]
pub struct Folder {
    /// The characters of the line being folded, after steps 1 and 2.
    chars: Vec<Ch>,
}

impl Folder {
    /// Fold `line` (decoded text starting at decoded offset `base`) into `out`, recording
    /// every byte in `map`. Returns the display width of the folded text
    /// ([`super::reflow::display_width`]). A line copied as it is (or just trimmed) comes
    /// with the [`Marks`] of the folded text, found on the way; a line folded character
    /// by character comes without.
    pub fn fold_line(
        &mut self,
        line: &str,
        base: usize,
        out: &mut String,
        map: &mut OffsetMap,
    ) -> (u32, Option<Marks>) {
        // Most lines need no step at all: they are copied as one run.
        if let Some((marks, width)) = folds_to_itself(line) {
            out.push_str(line);
            map.copy(base, line.len());
            return (width, Some(marks));
        }
        // An indented or padded line (`\u{3000}\u{3000}一、总体要求`) is often one that,
        // trimmed (step 1), needs no other step: copied as one run too.
        let from_start = line.trim_start_matches(is_space);
        let trimmed = from_start.trim_end_matches(is_space);
        if trimmed.len() < line.len()
            && let Some((marks, width)) = folds_to_itself(trimmed)
        {
            out.push_str(trimmed);
            map.copy(base + line.len() - from_start.len(), trimmed.len());
            return (width, Some(marks));
        }
        let start = out.len();
        self.fold_chars(line, base, out, map);
        (super::reflow::display_width(&out[start..]), None)
    }

    /// [`Folder::fold_line`] character by character, every step taken.
    fn fold_chars(&mut self, line: &str, base: usize, out: &mut String, map: &mut OffsetMap) {
        let chars = &mut self.chars;
        chars.clear();
        normalise_spaces(line, base, chars);
        unify_docnum_brackets(chars);
        // A run of characters kept as they are, contiguous in the decoded text, is
        // copied from the line as one run and recorded as one copy (as
        // `OffsetMap::copy` would merge it anyway), not pushed character by character.
        let mut copy = Copy {
            line,
            base,
            src: 0,
            len: 0,
        };
        for (i, ch) in chars.iter().enumerate() {
            if ch.c == ' ' && is_layout_space(chars, i) {
                continue;
            }
            let c = fold_width(ch.c);
            let clean_len = c.len_utf8();
            if c == ch.orig && clean_len == ch.src_len {
                copy.extend(ch.src, clean_len, out, map);
            } else {
                copy.flush(out, map);
                out.push(c);
                map.fold(clean_len, ch.src, ch.src_len);
            }
        }
        copy.flush(out, map);
    }
}

/// A pending run of `len` bytes of `line` (decoded text from decoded offset `base`),
/// from decoded offset `src`, to be copied as it is.
#[derive(Debug)]
struct Copy<'a> {
    line: &'a str,
    base: usize,
    src: usize,
    len: usize,
}

impl Copy<'_> {
    /// Add `len` bytes from `src`, copying the pending run first if they do not
    /// continue it.
    fn extend(&mut self, src: usize, len: usize, out: &mut String, map: &mut OffsetMap) {
        if self.len > 0 && self.src + self.len == src {
            self.len += len;
        } else {
            self.flush(out, map);
            (self.src, self.len) = (src, len);
        }
    }

    /// Copy the pending run (if any) to `out` and record it in `map`.
    fn flush(&mut self, out: &mut String, map: &mut OffsetMap) {
        if self.len == 0 {
            return;
        }
        let at = self.src - self.base;
        out.push_str(&self.line[at..at + self.len]);
        map.copy(self.src, self.len);
        self.len = 0;
    }
}

/// No step changes `line`: nothing full-width to fold, no `*`, no space but single ASCII
/// spaces that step 3 keeps (`到 2025 年`, `序号 主要指标`), and no bracket opening what
/// may be the year of a document number (`(2022)`, `〔 2022 〕`, step 2). The steps
/// would copy every character of such a line as it is. `Some`: the line's [`Marks`], all
/// of whose characters are among those this walk stops at, and its display width
/// ([`super::reflow::display_width`]), counted on the way.
fn folds_to_itself(line: &str) -> Option<(Marks, u32)> {
    let b = line.as_bytes();
    let (mut marks, mut spaces, mut i) = (Marks::default(), 0, 0);
    // Every character counts 2 but ASCII, which counts 1.
    let mut width = 0u32;
    while i < b.len() {
        match b[i] {
            // U+4000–U+9FFF (lead bytes E4–E9: CJK ideographs, the bulk of every line)
            // holds no character the tests below look for: skip it without decoding.
            0xE4..=0xE9 => {
                i += 3;
                width += 2;
            }
            b' ' => {
                if !is_kept_space(line, i) {
                    return None;
                }
                spaces += 1;
                i += 1;
                width += 1;
            }
            b'\t'..=b'\r' | b'*' => return None,
            b'(' | b'[' => {
                i += 1;
                width += 1;
                if may_open_year(&line[i..]) {
                    return None;
                }
            }
            // U+3000–U+3FFF and U+F000–U+FFFF: the CJK punctuation (`、。《》〔〕`) and the
            // full-width forms (`（），：；`, digits, letters), the bulk of what a line holds
            // besides ideographs. Three bytes each, judged by one match.
            0xE3 | 0xEF => {
                let c = three_byte_char(b, i);
                i += 3;
                width += 2;
                if !wide_char_folds_to_itself(c, &line[i..], &mut marks) {
                    return None;
                }
            }
            // Only these lead bytes (and E3, EF above) open a space (U+0085, U+00A0,
            // U+1680, U+2000–U+205F), a full-width letter or digit or a bracket: decode
            // just those. Every other byte, continuation bytes included, is stepped over.
            0xC2 | 0xE1 | 0xE2 => {
                let Some(c) = line[i..].chars().next() else {
                    break;
                };
                i += c.len_utf8();
                width += 2;
                if is_space(c) || fold_width(c) != c {
                    return None;
                }
                if is_docnum_open(c) && may_open_year(&line[i..]) {
                    return None;
                }
                marks.note(c);
            }
            // Any other byte: ASCII counts 1, a lead byte 2, a continuation byte nothing.
            x => {
                i += 1;
                width += u32::from(x < 0x80) + 2 * u32::from(x >= 0xC0);
            }
        }
    }
    marks.spaces = spaces >= 2;
    Some((marks, width))
}

/// The character of the three-byte UTF-8 sequence at byte `i` of `b` (valid UTF-8 whose
/// byte `i` is a lead byte E0–EF), decoded without the general decoder's tests of length.
#[inline(always)]
fn three_byte_char(b: &[u8], i: usize) -> char {
    let bits = (u32::from(b[i] & 0x0F) << 12)
        | (u32::from(b[i + 1] & 0x3F) << 6)
        | u32::from(b[i + 2] & 0x3F);
    // (Valid UTF-8 holds no surrogate: the replacement is never used.)
    char::from_u32(bits).unwrap_or(char::REPLACEMENT_CHARACTER)
}

/// The tests of [`folds_to_itself`] for `c`, a character of U+3000–U+3FFF or
/// U+F000–U+FFFF followed by `rest`, in one match: whether no step changes it, noting
/// it in `marks` if so. The only spaces there are U+3000 and the BOM, the only
/// characters [`fold_width`] folds are full-width digits and letters.
#[inline(always)]
fn wide_char_folds_to_itself(c: char, rest: &str, marks: &mut Marks) -> bool {
    match c {
        '\u{3000}' | '\u{FEFF}' | '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' => false,
        '（' | '［' | '【' | '﹝' | '〔' if may_open_year(rest) => false,
        _ => {
            marks.note(c);
            true
        }
    }
}

/// Whether the ASCII space at byte `at` of `line` stays as it is: one space between two
/// characters that are no spaces, which step 3 does not drop.
fn is_kept_space(line: &str, at: usize) -> bool {
    let mut before = line[..at].chars().rev();
    let mut after = line[at + 1..].chars();
    let (Some(l), Some(r)) = (before.next(), after.next()) else {
        return false;
    };
    !is_space(l) && !is_space(r) && !layout_space(before.next(), l, r, after.next())
}

/// Whether the text after a bracket may be the year of a document number
/// ([`unify_docnum_brackets`]): spaces, four ASCII digits, spaces and a closing bracket.
/// (A full-width digit or a space other than ASCII sends the line the long way anyway.)
fn may_open_year(rest: &str) -> bool {
    let spaces = |s: &str| s.bytes().take_while(|&x| x == b' ').count();
    let lead = spaces(rest);
    let digits = rest[lead..].bytes().take_while(u8::is_ascii_digit).count();
    if digits != 4 {
        return false;
    }
    let after = &rest[lead + digits..];
    after[spaces(after)..]
        .chars()
        .next()
        .is_none_or(is_docnum_close)
}

/// Full-width digits and Latin letters → ASCII. Full-width punctuation is kept: it is
/// the normal form in Chinese text.
pub fn fold_width(c: char) -> char {
    match c {
        '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' => {
            char::from_u32(c as u32 - 0xFF10 + 0x30).unwrap_or(c)
        }
        _ => c,
    }
}

/// Step 1 (and 5) into `v`: the line's characters, trimmed, each run of spaces one
/// space standing for the whole run.
fn normalise_spaces(line: &str, base: usize, v: &mut Vec<Ch>) {
    let mut skip = false;
    for (off, c) in line.char_indices() {
        // Markdown bold `**` left by converters (step 5) goes first, so the spaces
        // around it are trimmed and collapsed like any other.
        if skip {
            skip = false;
            continue;
        }
        if c == '*' && line[off + 1..].starts_with('*') {
            skip = true;
            continue;
        }
        let src = base + off;
        let len = c.len_utf8();
        if is_space(c) {
            match v.last_mut() {
                // Leading spaces are trimmed.
                None => {}
                Some(last) if last.c == ' ' => last.src_len = src + len - last.src,
                Some(_) => v.push(Ch {
                    c: ' ',
                    orig: c,
                    src,
                    src_len: len,
                }),
            }
        } else {
            v.push(Ch {
                c,
                orig: c,
                src,
                src_len: len,
            });
        }
    }
    while v.last().is_some_and(|c| c.c == ' ') {
        v.pop();
    }
}

/// Whether the space `chars[i]` is layout, not separation (see the module doc, step 3).
/// Every test looks at the characters around it before any space is dropped.
fn is_layout_space(chars: &[Ch], i: usize) -> bool {
    if i == 0 || i + 1 >= chars.len() {
        return false;
    }
    layout_space(
        i.checked_sub(2).map(|k| chars[k].c),
        chars[i - 1].c,
        chars[i + 1].c,
        chars.get(i + 2).map(|c| c.c),
    )
}

/// [`is_layout_space`] of a space between `l` and `r`, with `ll` before `l` and `rr`
/// after `r` (if any).
fn layout_space(ll: Option<char>, l: char, r: char, rr: Option<char>) -> bool {
    // A single ideograph on either side, each outside a longer run of ideographs.
    let letter_spaced =
        is_cjk(l) && ll.is_none_or(|c| !is_cjk(c)) && is_cjk(r) && rr.is_none_or(|c| !is_cjk(c));
    let inside_brackets = is_open_bracket(l) || is_close_bracket(r) || l == '〕' || r == '〔';
    let by_separator = is_cjk_separator(l) || is_cjk_separator(r);
    letter_spaced || inside_brackets || by_separator
}

fn is_docnum_open(c: char) -> bool {
    matches!(c, '(' | '（' | '[' | '［' | '【' | '﹝' | '〔')
}

fn is_docnum_close(c: char) -> bool {
    matches!(c, ')' | '）' | ']' | '］' | '】' | '﹞' | '〕')
}

/// `X(2022)Y号` family → `X〔2022〕Y号`, only where the bracketed year is followed by a
/// serial and `号` (so `廊坊年鉴（2023）编纂方案` and `（2022—2024年）` stay as they are).
fn unify_docnum_brackets(chars: &mut [Ch]) {
    let n = chars.len();
    let mut i = 0;
    while i + 5 < n {
        if !is_docnum_open(chars[i].c) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < n && chars[j].c == ' ' {
            j += 1;
        }
        let digits_start = j;
        while j < n && fold_width(chars[j].c).is_ascii_digit() {
            j += 1;
        }
        let year_len = j - digits_start;
        while j < n && chars[j].c == ' ' {
            j += 1;
        }
        if year_len != 4 || j >= n || !is_docnum_close(chars[j].c) {
            i += 1;
            continue;
        }
        let close = j;
        if serial_follows(&chars[close + 1..]) {
            chars[i].c = '〔';
            chars[close].c = '〕';
            i = close + 1;
        } else {
            i += 1;
        }
    }
}

/// After the closing bracket: an optional short agency code, optional `第`, digits, `号`.
fn serial_follows(rest: &[Ch]) -> bool {
    let mut k = 0;
    let mut code = 0;
    while k < rest.len() && (rest[k].c == ' ' || (is_cjk(rest[k].c) && rest[k].c != '号')) {
        if rest[k].c != ' ' {
            code += 1;
        }
        if code > 8 {
            return false;
        }
        k += 1;
    }
    let d0 = k;
    while k < rest.len() && fold_width(rest[k].c).is_ascii_digit() {
        k += 1;
    }
    if k == d0 {
        return false;
    }
    while k < rest.len() && rest[k].c == ' ' {
        k += 1;
    }
    k < rest.len() && rest[k].c == '号'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strip_spaces_removes_every_kind_of_space() {
        assert_eq!(
            strip_spaces(" 县 发改局\u{3000}局长\u{200B}，（ ）\t"),
            "县发改局局长，（）"
        );
    }

    /// A text without spaces, or of spaces only, is lent, not copied.
    #[test]
    fn strip_spaces_ref_borrows_when_nothing_is_stripped() {
        use std::borrow::Cow;
        assert!(matches!(
            strip_spaces_ref("县发改局"),
            Cow::Borrowed("县发改局")
        ));
        assert!(matches!(strip_spaces_ref(" \u{3000}\t"), Cow::Borrowed("")));
        assert!(matches!(strip_spaces_ref(""), Cow::Borrowed("")));
        assert_eq!(strip_spaces_ref("王 勇\u{FEFF}"), "王勇");
    }

    fn fold(s: &str) -> String {
        let mut out = String::new();
        let mut map = OffsetMap::new();
        fold_line(s, 0, &mut out, &mut map);
        assert_eq!(map.len(), out.len());
        out
    }

    #[test]
    fn letter_spaced_type_words_collapse() {
        assert_eq!(fold("通 知"), "通知");
        assert_eq!(fold("实　施　意　见"), "实施意见");
        assert_eq!(fold("第一章 总 则"), "第一章 总则");
        assert_eq!(fold("表　扬　通　报"), "表扬通报");
    }

    #[test]
    fn padded_names_collapse_but_name_position_gap_stays() {
        assert_eq!(fold("组 长：王 勇 县委书记"), "组长：王勇 县委书记");
        assert_eq!(
            fold("成□员：吕　伟　市公安局副局长".replace('□', "　").as_str()),
            "成员：吕伟 市公安局副局长"
        );
    }

    #[test]
    fn spaces_inside_brackets_and_next_to_commas_go() {
        assert_eq!(
            fold("（ 0319-3288801 ）、 省 政 府 值 班 室"),
            "（0319-3288801）、省政府值班室"
        );
    }

    #[test]
    fn ideographic_space_and_runs_become_one_space() {
        assert_eq!(
            fold("  序号\u{3000}\u{3000}主要指标\t单位  "),
            "序号 主要指标 单位"
        );
    }

    #[test]
    fn full_width_digits_and_latin_fold_punctuation_stays() {
        assert_eq!(fold("２０２３年ＰＭ２．５（％）"), "2023年PM2．5（％）");
    }

    #[test]
    fn document_number_brackets_unify() {
        assert_eq!(fold("(2022) 曲府办 54 号"), "〔2022〕曲府办 54 号");
        assert_eq!(fold("〔2022〕 曲府 146 号"), "〔2022〕曲府 146 号");
        assert_eq!(fold("曲府[2022]90号"), "曲府〔2022〕90号");
        assert_eq!(fold("曲储【2022】01号地"), "曲储〔2022〕01号地");
        assert_eq!(fold("定政办﹝2022﹞13 号"), "定政办〔2022〕13 号");
        assert_eq!(fold("曲国用（2006）第079号"), "曲国用〔2006〕第079号");
    }

    #[test]
    fn year_brackets_that_are_not_document_numbers_stay() {
        assert_eq!(fold("廊坊年鉴（2023）编纂方案"), "廊坊年鉴（2023）编纂方案");
        assert_eq!(fold("（2022—2024年）"), "（2022—2024年）");
    }

    #[test]
    fn a_line_the_scans_pass_folds_to_itself() {
        // Lines pieced together from fragments around every test of the scans.
        let parts = [
            "一", "通", "知", " ", "  ", "\u{3000}", "\t", "2022", "20", "12345", "(", "（", "[",
            "【", "〔", ")", "）", "〕", "]", "号", "第", "、", "，", "２", "Ａ", "*", "**", "a",
            "—", "《", "》", "䷀", "é", "\u{200B}", "府办", "54", "。", "：", "；",
        ];
        let mut seed = 7u64;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize
        };
        let mut lines: Vec<String> = [
            "一、总体要求",
            "到 2025 年 全县",
            "序号 主要指标 单位",
            "（2022—2024年）",
            "曲府[2022]90号",
            "(2022) 曲府办 54 号",
            "( 2022 ) 曲府办 54 号",
            "（1）加强",
            "通 知",
            "a b",
        ]
        .map(String::from)
        .to_vec();
        for _ in 0..20_000 {
            let n = 1 + next() % 9;
            lines.push((0..n).map(|_| parts[next() % parts.len()]).collect());
        }
        for line in &lines {
            let (mut out, mut map) = (String::new(), OffsetMap::new());
            Folder::default().fold_chars(line, 10, &mut out, &mut map);
            let trimmed = line.trim_matches(is_space);
            let whole = trimmed.len() == line.len() && out == *line;
            if let Some((marks, width)) = folds_to_itself(line) {
                assert_eq!(marks, Marks::of(line), "{line:?}");
                assert_eq!(width, super::super::reflow::display_width(line), "{line:?}");
                assert!(whole, "{line:?} -> {out:?}");
                assert_eq!(map.span(0, out.len()), (10, 10 + line.len()), "{line:?}");
                assert_eq!(map.piece_count(), usize::from(!line.is_empty()), "{line:?}");
            }
        }
        for line in ["到 2025 年 全县", "（1）加强", "见〔注〕、《通知》：；。"]
        {
            let width = super::super::reflow::display_width(line);
            assert_eq!(
                folds_to_itself(line),
                Some((Marks::of(line), width)),
                "{line}"
            );
        }
        assert!(folds_to_itself("通 知").is_none());
        assert!(folds_to_itself("(2022) 曲府办 54 号").is_none());
    }

    #[test]
    fn layout_spaces_match_the_run_length_form() {
        // The form `is_layout_space` replaces: the length of the run of ideographs
        // ending / starting at every position, computed over the whole line.
        let by_runs = |chars: &[Ch]| -> Vec<bool> {
            let n = chars.len();
            let (mut left, mut right) = (vec![0u32; n], vec![0u32; n]);
            for i in 0..n {
                if is_cjk(chars[i].c) {
                    left[i] = 1 + if i > 0 { left[i - 1] } else { 0 };
                }
            }
            for i in (0..n).rev() {
                if is_cjk(chars[i].c) {
                    right[i] = 1 + if i + 1 < n { right[i + 1] } else { 0 };
                }
            }
            (0..n)
                .map(|i| {
                    if i == 0 || i + 1 >= n || chars[i].c != ' ' {
                        return false;
                    }
                    let (l, r) = (chars[i - 1].c, chars[i + 1].c);
                    (left[i - 1] == 1 && right[i + 1] == 1)
                        || is_open_bracket(l)
                        || is_close_bracket(r)
                        || l == '〕'
                        || r == '〔'
                        || is_cjk_separator(l)
                        || is_cjk_separator(r)
                })
                .collect()
        };
        for s in [
            "通 知",
            "第一章 总 则",
            "组 长：王 勇 县委书记",
            "（ 0319-3288801 ）、 省 政 府",
            "到 2025 年 全县",
            "王 勇 李 明",
            "a b",
            " 甲 ",
        ] {
            let mut chars = Vec::new();
            normalise_spaces(s, 0, &mut chars);
            let one_pass: Vec<bool> = (0..chars.len())
                .map(|i| chars[i].c == ' ' && is_layout_space(&chars, i))
                .collect();
            assert_eq!(one_pass, by_runs(&chars), "{s}");
        }
    }

    #[test]
    fn the_early_out_of_is_space_keeps_its_answers() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let full = c.is_whitespace() || matches!(c, '\u{3000}' | '\u{FEFF}' | '\u{200B}');
            assert_eq!(is_space(c), full, "{:X}", c as u32);
        }
    }

    #[test]
    fn every_space_opens_with_a_byte_space_len_at_decodes() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let s = c.to_string();
            assert_eq!(
                space_len_at(&s, 0),
                is_space(c).then(|| c.len_utf8()),
                "{:X}",
                c as u32
            );
        }
        assert_eq!(
            strip_spaces(" 王\u{3000}勇 \t县委书记\u{FEFF}"),
            "王勇县委书记"
        );
    }

    #[test]
    fn a_padded_line_is_copied_trimmed_with_its_offsets() {
        let line = "\u{3000}\u{3000}一、总体要求 \t";
        let mut out = String::from("前");
        let mut map = OffsetMap::new();
        map.copy(0, out.len());
        Folder::default().fold_line(line, 100, &mut out, &mut map);
        assert_eq!(out, "前一、总体要求");
        let at = 100 + "\u{3000}\u{3000}".len();
        assert_eq!(map.span(3, out.len()), (at, at + "一、总体要求".len()));
    }

    #[test]
    fn the_fold_counts_the_display_width_of_what_it_writes() {
        for line in [
            "",
            "一、总体要求",
            "\u{3000}\u{3000}一、总体要求 \t",
            "到 2025 年，PM2.5（％）é𠀀x",
            "通 知",
            "２０２３年（2022）曲府办54号",
            "1. **推动落实。**结合",
        ] {
            let mut out = String::from("前");
            let mut map = OffsetMap::new();
            let (width, _) = Folder::default().fold_line(line, 0, &mut out, &mut map);
            assert_eq!(
                width,
                super::super::reflow::display_width(&out[3..]),
                "{line}"
            );
        }
    }

    #[test]
    fn every_space_opens_with_a_byte_may_open_space_lets_through() {
        let mut buf = [0u8; 4];
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            if is_space(c) {
                let lead = c.encode_utf8(&mut buf).as_bytes()[0];
                assert!(may_open_space(lead), "{:X}", c as u32);
            }
        }
    }

    /// The runs copied as they are and the characters folded between them (a year
    /// bracket whose rule looks across spaces, collapsed and dropped spaces, full-width
    /// digits, bold markers) keep every offset: each output character maps back to the
    /// decoded run it stands for.
    #[test]
    fn run_copies_and_folds_map_every_character_back() {
        for line in [
            "( 2022 ) 曲府办 54 号",
            "通 知 （ 2022 ）第 3 号",
            "曲国用（2006）第079号 和 【 2022 】 01 号地",
            "２０２３年  PM2.5\u{3000}\u{3000}指标 \t单位",
            "1. **推动落实。**结合",
            "（ 0319-3288801 ）、 省 政 府",
        ] {
            let (mut out, mut map) = (String::new(), OffsetMap::new());
            Folder::default().fold_chars(line, 5, &mut out, &mut map);
            assert_eq!(map.len(), out.len(), "{line}");
            let mut end = 0;
            for (k, c) in out.char_indices() {
                let (a, b) = map.span(k, k + c.len_utf8());
                assert!(
                    a >= 5 + end,
                    "{line}: {c} maps before the character before it"
                );
                end = b - 5;
                let src = &line[a - 5..b - 5];
                let stands_for = match c {
                    ' ' => src.chars().all(is_space),
                    '〔' => src.chars().all(is_docnum_open),
                    '〕' => src.chars().all(is_docnum_close),
                    _ => src.chars().map(fold_width).eq([c]),
                };
                assert!(stands_for, "{line}: {c:?} from {src:?}");
            }
        }
    }

    #[test]
    fn the_three_byte_tests_of_folds_to_itself_match_the_general_ones() {
        let mut buf = [0u8; 4];
        for c in ('\u{3000}'..='\u{3FFF}').chain('\u{F000}'..='\u{FFFF}') {
            let b = c.encode_utf8(&mut buf).as_bytes();
            assert_eq!(three_byte_char(b, 0), c, "{:X}", c as u32);
            for rest in ["", "2022）号", " 2022 ", "x"] {
                let mut marks = Marks::default();
                let general = !is_space(c)
                    && fold_width(c) == c
                    && !(is_docnum_open(c) && may_open_year(rest));
                let one_match = wide_char_folds_to_itself(c, rest, &mut marks);
                assert_eq!(one_match, general, "{:X} {rest}", c as u32);
                let mut noted = Marks::default();
                if general {
                    noted.note(c);
                }
                assert_eq!(marks, noted, "{:X} {rest}", c as u32);
            }
        }
    }

    #[test]
    fn markdown_bold_is_dropped() {
        assert_eq!(fold("1. **推动落实。**结合"), "1. 推动落实。结合");
    }
}
