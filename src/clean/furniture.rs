//! Page furniture: lines that belong to the printed page, not to the text.
//!
//! Recognises running headers/footers (a short line naming a gazette or compilation,
//! `《巨鹿县人民政府公报》2023年合订本 县政府文件`, repeated in the file), page numbers
//! (`- 7 -`, `— 11 —`, `第 3 页`, or a bare number after a run of blank lines) and
//! page-start markers (a line opening with one ASCII space right after a text line, in
//! files that print a blank line after every line). It only classifies; removing lines
//! and counting pages is done by [`super::clean`].

use crate::lexicon::Lexicon;

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
    let titled: Vec<bool> = lines.iter().map(|l| has_book_title_mark(l)).collect();
    classify_titled(lines, &titled, lex)
}

/// [`classify`], told which lines hold a `《` (`titled`, one flag per line): only those
/// can be running headers. A caller holding the text the lines were cut from finds the
/// marks with one search of it (see [`super::clean`]) instead of one search per line.
pub fn classify_titled(lines: &[&str], titled: &[bool], lex: &Lexicon) -> Vec<LineClass> {
    let mut header_keys: std::collections::HashMap<String, u32> = Default::default();
    let keys: Vec<Option<String>> = lines
        .iter()
        .zip(titled)
        .map(|(l, &t)| if t { header_key(l, lex) } else { None })
        .collect();
    for k in keys.iter().flatten() {
        *header_keys.entry(k.clone()).or_default() += 1;
    }
    let mut out = Vec::with_capacity(lines.len());
    let mut blanks_before = 0usize;
    for (i, line) in lines.iter().enumerate() {
        let t = trim_spaces(line);
        let class = if t.is_empty() && !line.contains('\t') {
            LineClass::Blank
        } else if keys[i]
            .as_ref()
            .is_some_and(|k| header_keys.get(k).copied().unwrap_or(0) >= 2)
        {
            LineClass::RunningHeader
        } else if is_page_number(t, blanks_before) {
            LineClass::PageNumber
        } else {
            LineClass::Text
        };
        blanks_before = if class == LineClass::Blank {
            blanks_before + 1
        } else {
            0
        };
        out.push(class);
    }
    out
}

/// `line` without the spaces (but TABs) around it.
fn trim_spaces(line: &str) -> &str {
    let trims = |c: char| super::fold::is_space(c) && c != '\t';
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
/// be one (at most 20 characters besides the title) and names a publication.
fn header_key(line: &str, lex: &Lexicon) -> Option<String> {
    // Only a line naming a publication in 《》 can be a running header.
    if !has_book_title_mark(line) {
        return None;
    }
    let t = super::fold::strip_spaces(line);
    let open = t.find('《')?;
    let close = t[open..].find('》')? + open;
    let title = &t[open + '《'.len_utf8()..close];
    if !lex
        .publication_words
        .iter()
        .any(|w| title.contains(w.as_str()))
    {
        return None;
    }
    let rest = t.chars().count() - title.chars().count() - 2;
    if rest > 20 || t.ends_with('。') || t.ends_with('，') {
        return None;
    }
    Some(title.to_owned())
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
        return inner.trim().bytes().all(|b| b.is_ascii_digit()) && !inner.trim().is_empty();
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
    fn em_dash_page_numbers() {
        assert_eq!(classes("— 69 —")[0], LineClass::PageNumber);
        assert_eq!(classes("第 3 页")[0], LineClass::PageNumber);
        assert_eq!(classes("-2023-")[0], LineClass::PageNumber);
        assert_eq!(classes("2021-2025")[0], LineClass::Text);
        assert_eq!(classes("\t－ 5 －")[0], LineClass::PageNumber);
        assert_eq!(classes("\t第 3 页")[0], LineClass::PageNumber);
        assert_eq!(classes("目录 3")[0], LineClass::Text);
    }
}
