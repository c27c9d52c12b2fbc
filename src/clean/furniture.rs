//! Page furniture: lines that belong to the printed page, not to the text.
//!
//! Recognises running headers/footers (a short line naming a gazette or compilation,
//! `《巨鹿县人民政府公报》2023年合订本 县政府文件`, repeated in the file), page numbers
//! (`- 7 -`, `— 11 —`, `第 3 页`, or a bare number after a run of blank lines) and
//! page-start markers (a line opening with one ASCII space right after a text line, in
//! files that print a blank line after every line). It only classifies; removing lines
//! and counting pages is done by [`super::clean`].

use super::fold::is_space;
use crate::lexicon::Lexicon;
use std::collections::HashMap;

/// What a physical line is, as far as page layout goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineClass {
    Blank,
    /// A running header or footer (dropped, starts a new page).
    RunningHeader,
    /// A printed page number (dropped, ends the page).
    PageNumber,
    /// Text.
    Text,
}

/// Classify every line. `lines` are the raw decoded lines (without `\n`).
pub fn classify(lines: &[&str], lex: &Lexicon) -> Vec<LineClass> {
    let titled: Vec<usize> = (0..lines.len())
        .filter(|&i| has_book_title_mark(lines[i]))
        .collect();
    classify_titled(lines, &titled, lex)
}

/// [`classify`], told which lines hold a `《` (`titled`: their indexes, increasing): only
/// those can be running headers. A caller holding the text the lines were cut from finds
/// the marks with one search of it (see [`super::clean`]) instead of one search per line,
/// and the few lines it finds are all this looks at for headers.
pub fn classify_titled(lines: &[&str], titled: &[usize], lex: &Lexicon) -> Vec<LineClass> {
    // The header key of every titled line that has one, in line order.
    let keys: Vec<(usize, String)> = titled
        .iter()
        .filter_map(|&i| Some((i, header_key(lines[i], lex)?)))
        .collect();
    let mut counts: HashMap<&str, u32> = HashMap::with_capacity(keys.len());
    for (_, k) in &keys {
        *counts.entry(k).or_default() += 1;
    }
    // The running headers: lines whose key recurs, in line order.
    let mut headers = keys
        .iter()
        .filter(|(_, k)| counts[k.as_str()] >= 2)
        .map(|&(i, _)| i)
        .peekable();
    let mut out = Vec::with_capacity(lines.len());
    let mut blanks_before = 0usize;
    for (i, line) in lines.iter().enumerate() {
        let header = headers.next_if_eq(&i).is_some();
        let class = classify_line(line, header, blanks_before);
        blanks_before = if class == LineClass::Blank {
            blanks_before + 1
        } else {
            0
        };
        out.push(class);
    }
    page_top_headers(lines, &mut out);
    out
}

/// Running headers printed without a 《》 title (`浙江省人民政府公报　２０２３年第２１期`,
/// a right-aligned `省政府办公厅文件`): a short line that opens two pages or more (the
/// first text after a page number, blank lines between, or the file's first text) with
/// the same text, digits aside (page and issue numbers change). A line with more than two
/// gaps is a table's repeated header row, kept for the table readers.
fn page_top_headers(lines: &[&str], out: &mut [LineClass]) {
    let mut tops: Vec<(usize, String)> = Vec::new();
    let mut opens_page = true;
    for (i, line) in lines.iter().enumerate() {
        match out[i] {
            LineClass::Blank => {}
            LineClass::PageNumber | LineClass::RunningHeader => opens_page = true,
            LineClass::Text => {
                if opens_page
                    && let Some(k) = top_key(line)
                    && !heads_a_table(lines, out, i)
                {
                    tops.push((i, k));
                }
                opens_page = false;
            }
        }
    }
    let mut counts: HashMap<&str, u32> = HashMap::with_capacity(tops.len());
    for (_, k) in &tops {
        *counts.entry(k).or_default() += 1;
    }
    for (i, k) in &tops {
        if counts[k.as_str()] >= 2 {
            out[*i] = LineClass::RunningHeader;
        }
    }
}

/// Whether page-top line `i` is a table's header row repeated on every page (`序号 名称`):
/// it has a gap, and so has the next text line, which opens with no heading marker (the
/// space after `第十三条` is no cell gap). A running header has no row under it.
fn heads_a_table(lines: &[&str], out: &[LineClass], i: usize) -> bool {
    let gapped = |l: &str| trim_spaces(l).contains(|c: char| is_space(c));
    gapped(lines[i])
        && (i + 1..lines.len())
            .find(|&k| out[k] == LineClass::Text)
            .is_some_and(|k| {
                gapped(lines[k])
                    && crate::grammar::headings::marker(trim_spaces(lines[k])).is_none()
            })
}

/// The text a page-top line is compared by: spaces dropped, digits as `#`; `None` for a
/// line too long for a header, ending a sentence, or holding more than two gaps.
fn top_key(line: &str) -> Option<String> {
    let t = trim_spaces(line);
    let gaps = t
        .split(|c: char| is_space(c))
        .filter(|w| !w.is_empty())
        .count()
        .saturating_sub(1);
    if gaps > 2 || t.chars().filter(|&c| !is_space(c)).nth(30).is_some() {
        return None;
    }
    // Nor does a line that opens a structure (`附件`, `表1`, `一、`): two attachments may
    // each open a page.
    if t.ends_with(['。', '，', '；', '：', ':'])
        || ["附件", "表", "专栏"].iter().any(|w| t.starts_with(w))
        || crate::grammar::headings::marker(t).is_some()
    {
        return None;
    }
    Some(
        t.chars()
            .filter(|&c| !is_space(c))
            .map(|c| {
                if c.is_ascii_digit() || ('０'..='９').contains(&c) {
                    '#'
                } else {
                    c
                }
            })
            .collect(),
    )
}

/// The class of one line: `header` tells whether it is a running header, `blanks_before`
/// how many blank lines come right before it.
fn classify_line(line: &str, header: bool, blanks_before: usize) -> LineClass {
    // An empty line (a third of the lines of a double-spaced file) holds no `《`: blank,
    // answered without trimming it.
    let Some(&lead) = line.as_bytes().first() else {
        return LineClass::Blank;
    };
    // Most lines open with a byte (an ideograph, a letter) that opens neither a space
    // nor a page number, and most of the rest with a character that does neither (the
    // lead bytes E2, E7 and EF open many ideographs and punctuation marks): text,
    // answered without trimming the line.
    if !header
        && (!may_open_space_or_page_number(lead)
            || line
                .chars()
                .next()
                .is_some_and(|c| !opens_space_or_page_number(c)))
    {
        return LineClass::Text;
    }
    let t = trim_spaces(line);
    if t.is_empty() && !line.contains('\t') {
        LineClass::Blank
    } else if header {
        LineClass::RunningHeader
    } else if is_page_number(t, blanks_before) {
        LineClass::PageNumber
    } else {
        LineClass::Text
    }
}

/// Whether a line opening with byte `b` may be blank or a page number: `b` may open a
/// space ([`super::fold::may_open_space`]) or opens one of the characters
/// [`is_page_number`] lets through (`-`, a digit, `第` E7, `—`/`–` E2, `－` EF).
fn may_open_space_or_page_number(b: u8) -> bool {
    super::fold::may_open_space(b) || matches!(b, b'-' | b'0'..=b'9' | 0xE2 | 0xE7 | 0xEF)
}

/// Whether `c` is a space or a character [`is_page_number`] lets a line open with (`-`,
/// a digit, `第`, `—`, `–`, `－`). A line opening with any other character is text: it
/// trims to a line opening with `c`, which is no page number.
fn opens_space_or_page_number(c: char) -> bool {
    is_space(c) || matches!(c, '-' | '0'..='9' | '第' | '—' | '–' | '－')
}

/// `line` without the spaces (but TABs) around it.
fn trim_spaces(line: &str) -> &str {
    let trims = |c: char| is_space(c) && c != '\t';
    // Most lines open and close with a character that is no space: look at those two
    // before setting up a search from both ends.
    if line.chars().next().is_some_and(|c| !trims(c))
        && line.chars().next_back().is_some_and(|c| !trims(c))
    {
        return line;
    }
    line.trim_matches(trims)
}

/// The title in 《》 of a gazette/compilation header line, if `line` is short enough to
/// be one (at most 20 characters besides the title, spaces not counted) and names a
/// publication. The title is compared without its spaces.
///
/// The line is measured where it lies: only the title of a line short enough is copied,
/// so a long line citing a document costs no allocation.
fn header_key(line: &str, lex: &Lexicon) -> Option<String> {
    // (Spaces are not counted: the first `《` and the first `》` after it are those of the
    // line without its spaces.)
    let open = line.find('《')?;
    let title_start = open + '《'.len_utf8();
    let close = line[title_start..].find('》')? + title_start;
    let outside = line[..open]
        .chars()
        .chain(line[close + '》'.len_utf8()..].chars());
    if outside.filter(|&c| !is_space(c)).nth(20).is_some()
        || line.trim_end_matches(is_space).ends_with(['。', '，'])
    {
        return None;
    }
    // Copied only when it names a publication (most book titles do not).
    let title = super::fold::strip_spaces_ref(&line[title_start..close]);
    lex.publication_words
        .iter()
        .any(|w| title.contains(w.as_str()))
        .then(|| title.into_owned())
}

/// Whether `line` holds `《` (E3 80 8A), found by a vectorised search for its last byte
/// (the search `str::contains` does byte by byte).
fn has_book_title_mark(line: &str) -> bool {
    let b = line.as_bytes();
    memchr::memchr_iter(0x8A, b).any(|i| i >= 2 && b[i - 2..i] == [0xE3, 0x80])
}

fn is_page_number(t: &str, blanks_before: usize) -> bool {
    // Every page number opens, after any whitespace, with a dash (`-`, `—` `–` lead byte
    // E2, `－` EF), `第` (E7) or a digit: most lines open with none of those bytes and
    // are answered without trimming.
    if !matches!(
        t.as_bytes().first(),
        Some(b'\t'..=b'\r' | b' ' | b'-' | b'0'..=b'9' | 0xE2 | 0xE7 | 0xEF)
    ) {
        return false;
    }
    let t = t.trim();
    let dashed = |s: &str| {
        let s = s.trim_matches(|c| matches!(c, '-' | '—' | '–' | '－' | ' '));
        s.len() < t.len() && !s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit())
    };
    // The cheap end tests first: most lines open with no dash.
    if t.starts_with(['-', '—', '–', '－']) && t.ends_with(['-', '—', '–', '－']) && dashed(t)
    {
        return true;
    }
    if let Some(inner) = t.strip_prefix('第').and_then(|s| s.strip_suffix('页')) {
        let number = |s: &str| {
            let s = s.trim();
            !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
        };
        // `第 3 页`, `第 4 页 共 4 页`
        return number(inner)
            || inner.split_once('页').is_some_and(|(n, rest)| {
                number(n) && rest.trim().strip_prefix('共').is_some_and(number)
            });
    }
    // A bare number is a page number only after a run of blank lines: a bare number
    // after one blank line is a table cell or a row number.
    blanks_before >= 3 && !t.is_empty() && t.len() <= 4 && t.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classes(text: &str) -> Vec<LineClass> {
        let lines: Vec<&str> = text.split('\n').collect();
        classify(&lines, Lexicon::get())
    }

    #[test]
    fn gazette_running_header_repeated() {
        let c = classes(
            "《巨鹿县人民政府公报》2023年合订本 县政府文件\n正文\n\n- 7 -\n\n\n\n《巨鹿县人民政府公报》2023年合订本 县政府文件",
        );
        assert_eq!(c[0], LineClass::RunningHeader);
        assert_eq!(c[3], LineClass::PageNumber);
        assert_eq!(c[7], LineClass::RunningHeader);
    }

    #[test]
    fn a_header_without_a_title_mark_that_opens_pages_is_dropped() {
        let lines = [
            "浙江省人民政府公报　　　２０２３年第２１期",
            "",
            "正文第一页。",
            "- 14 -",
            "",
            "　　　　省政府办公厅文件",
            "正文第二页。",
            "- 15 -",
            "浙江省人民政府公报　　　２０２３年第２１期",
            "附件",
            "- 16 -",
            "　　　　省政府办公厅文件",
            "附件",
            "- 17 -",
            "附件",
        ];
        let c = classify(&lines, Lexicon::get());
        let headers: Vec<usize> = (0..lines.len())
            .filter(|&i| c[i] == LineClass::RunningHeader)
            .collect();
        // `附件` opening three pages is an attachment label each time.
        assert_eq!(headers, [0, 5, 8, 11]);
        // A table's header row repeated at the top of each page stays for the readers.
        let lines = [
            "序号  名称",
            "1  县发改局",
            "- 1 -",
            "序号  名称",
            "2  县财政局",
            "- 2 -",
        ];
        let c = classify(&lines, Lexicon::get());
        assert!(!c.contains(&LineClass::RunningHeader));
    }

    #[test]
    fn a_gazette_named_once_in_prose_is_text() {
        let c = classes("《巨鹿县人民政府公报》2023年合订本\n正文");
        assert_eq!(c[0], LineClass::Text);
    }

    #[test]
    fn bare_numbers_need_a_run_of_blanks() {
        let c = classes("拆迁\n\n\n\n25\n\n奖励\n\n376");
        assert_eq!(c[4], LineClass::PageNumber);
        assert_eq!(c[8], LineClass::Text, "a table cell after one blank line");
    }

    #[test]
    fn the_byte_search_finds_the_title_mark() {
        for s in [
            "",
            "《",
            "关于《巨鹿县",
            "巨鹿县人民政府公报",
            "〔2023〕",
            "a《b》",
        ] {
            assert_eq!(has_book_title_mark(s), s.contains('《'), "{s}");
        }
    }

    #[test]
    fn every_space_and_page_number_opens_with_a_byte_that_is_looked_at() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let lead = c.to_string().as_bytes()[0];
            if is_space(c) || "-—–－第0123456789".contains(c) {
                assert!(may_open_space_or_page_number(lead), "{:X}", c as u32);
                assert!(opens_space_or_page_number(c), "{:X}", c as u32);
            }
        }
    }

    #[test]
    fn header_keys_measure_the_line_without_spaces() {
        let lex = Lexicon::get();
        let key = |s: &str| header_key(s, lex);
        assert_eq!(
            key("《巨鹿县人民政府 公报》2023年合订本 县政府文件"),
            Some("巨鹿县人民政府公报".to_owned())
        );
        let twenty = "一二三四五六七八九十".repeat(2);
        assert!(key(&format!("《公报》{twenty}")).is_some());
        assert!(key(&format!("《公报》 {}\u{3000}", twenty.replace('五', "五 "))).is_some());
        assert_eq!(key(&format!("《公报》{twenty}年")), None);
        assert_eq!(key(&format!("甲《公报》{twenty}")), None);
        assert_eq!(key("《公报》第一期。 "), None);
        assert_eq!(key("《公报》第一期，\u{3000}"), None);
        assert_eq!(key("《巨鹿县人民政府》2023年"), None);
        assert_eq!(key("《公报 2023年"), None);
    }

    #[test]
    fn em_dash_page_numbers() {
        assert_eq!(classes("— 69 —")[0], LineClass::PageNumber);
        assert_eq!(classes("第 3 页")[0], LineClass::PageNumber);
        assert_eq!(classes("-2023-")[0], LineClass::PageNumber);
        assert_eq!(classes("2021-2025")[0], LineClass::Text);
        assert_eq!(classes("\t－ 5 －")[0], LineClass::PageNumber);
        assert_eq!(classes("\t第 3 页")[0], LineClass::PageNumber);
        assert_eq!(classes("目录 3")[0], LineClass::Text);
        assert_eq!(classes("第 4 页 共 4 页")[0], LineClass::PageNumber);
        assert_eq!(classes("第4页共12页")[0], LineClass::PageNumber);
        assert_eq!(classes("第4页共计")[0], LineClass::Text);
    }
}
