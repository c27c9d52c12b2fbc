//! Tables printed one glyph per line: a landscape page that PDF-to-text rotated, so
//! every glyph (or digit pair) sits on a line of its own and line breaks say nothing
//! about cells (`序`/`号`/`重`/`点`/`任`/`务` …, hundreds of lines).
//!
//! The run is read as one text and cut into cells by content, per column role named in
//! its header (header words from `grammars/table_headers.tsv`, spelled out by the first
//! glyphs: `序号重点任务完成时限评价标准评价方法责任单位`):
//! - a row starts at a line holding the next row number alone (`1`, then `2` …; not a
//!   digit pair inside a year or date such as `20` ⏎ `23` ⏎ `年`);
//! - a heading between rows (`一、落实领导责任`) is a group row spanning the table;
//! - the time-limit column (`完成时限`) holds the first time limit right after a `。`
//!   (`4月30日前`, `5月31日前并持续落实`, `持续落实`), found by the deadline grammar;
//! - the unit column (`责任单位`) is the longest complete list of units ending the row;
//! - text columns between these anchors share their text: the later column takes the
//!   last sentence (`…计划。` | `查看相关文件。`).
//!
//! A header repeated at a page start, glued to the cell before it, is cut out. Not read:
//! merged cells (a row that prints no time limit or units leaves those cells empty).

use super::Ctx;
use super::tables::{Cell, Piece, Table};
use crate::clean::fold::strip_spaces_ref;
use crate::grammar::deadline;

/// Lines of at most this many characters make up a glyph run.
const GLYPH: usize = 3;
/// A run shorter than this is a vertical label, not a rotated table.
const MIN_RUN: usize = 60;

/// One line of the run: where its text (spaces removed) lies in the run text, and where
/// the line is. Its text is borrowed from the run text: only the fragments that make up
/// a cell are copied.
struct Frag {
    at: usize,
    len: usize,
    line: u32,
    byte_start: u64,
    byte_end: u64,
}

impl Frag {
    /// Its text, in `run`, the run text.
    fn text<'a>(&self, run: &'a str) -> &'a str {
        &run[self.at..self.at + self.len]
    }

    /// Its piece: its text in `run`, owned.
    fn piece(&self, run: &str) -> Piece {
        Piece {
            text: self.text(run).to_owned(),
            line: self.line,
            byte_start: self.byte_start,
            byte_end: self.byte_end,
        }
    }
}

/// What the readers of tables without TABs ask of every kept line: how many glyphs it
/// holds (as far as [`GLYPH`] + 1) and where the run of short lines from it ends. Found
/// in one pass over the lines and shared, so neither reader walks the lines for it.
pub struct Shapes {
    /// The first kept line.
    start: usize,
    /// Glyphs of each kept line, counted no further than `GLYPH + 1` (0 for a line with
    /// a TAB, which no reader asks).
    glyphs: Vec<u8>,
    /// Where the run of short lines from each kept line ends (the line itself when it
    /// is not short).
    ends: Vec<usize>,
}

impl Shapes {
    /// The shapes of kept lines `kept`, in one backward pass.
    pub fn of(cx: &Ctx<'_>, kept: std::ops::Range<usize>) -> Shapes {
        let c = cx.cleaned;
        let lines = &c.lines[kept.clone()];
        let mut glyphs = vec![0; lines.len()];
        let mut ends = vec![kept.end; lines.len()];
        let mut next = kept.end;
        for (i, cl) in lines.iter().enumerate().rev() {
            // A TAB line is never short, and no reader asks its glyphs: not counted.
            let tab = cl.tab || cl.cells;
            if !tab {
                glyphs[i] = glyphs_upto(&c.text[cl.start..cl.end], GLYPH) as u8;
            }
            if tab || usize::from(glyphs[i]) > GLYPH {
                next = kept.start + i;
            }
            ends[i] = next;
        }
        Shapes {
            start: kept.start,
            glyphs,
            ends,
        }
    }

    /// Whether kept line `k`, a line without TAB, holds more than `n` glyphs
    /// ([`glyphs_upto`]), for `n` up to [`GLYPH`].
    pub(super) fn more_glyphs_than(&self, k: usize, n: usize) -> bool {
        debug_assert!(n <= GLYPH);
        usize::from(self.glyphs[k - self.start]) > n
    }

    /// Where the run of short lines from kept line `k` ends (`k` when line `k` is not
    /// short).
    fn run_end(&self, k: usize) -> usize {
        self.ends[k - self.start]
    }

    /// Where the run of short lines from kept line `k` ends, when it is long enough to be
    /// a rotated table (other readers leave such runs alone).
    pub(super) fn long_run(&self, k: usize) -> Option<usize> {
        let j = self.run_end(k);
        (j - k >= MIN_RUN).then_some(j)
    }
}

/// Rotated tables of the document, numbered after `first_id` others.
pub fn tables(cx: &Ctx<'_>, shapes: &Shapes, first_id: usize) -> Vec<Table> {
    let Some(kept) = cx.kept_lines() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut k = kept.start;
    while k < kept.end {
        let j = shapes.run_end(k);
        if j == k {
            k += 1;
            continue;
        }
        if j - k >= MIN_RUN
            && let Some(mut t) = read(cx, k..j)
        {
            t.table_id = format!("{}/tb{}", cx.doc_id, first_id + out.len() + 1);
            out.push(t);
        }
        k = j;
    }
    out
}

/// How many characters of `t` are not whitespace, counted no further than `n + 1`: more
/// than `n` exactly when `t.chars().filter(|c| !c.is_whitespace()).nth(n).is_some()`.
///
/// Asked of every line, and most lines are long prose: it stops at the first glyph too
/// many instead of counting them all, and reads characters from their bytes
/// ([`glyph_at`]).
fn glyphs_upto(t: &str, n: usize) -> usize {
    // Most lines open with ideographs (lead bytes E4–E9, three bytes each, never
    // whitespace): `n + 1` of them settle it from `n + 1` bytes, without the loop.
    let b = t.as_bytes();
    if b.len() >= 3 * (n + 1) && (0..=n).all(|k| (0xE4..=0xE9).contains(&b[3 * k])) {
        return n + 1;
    }
    let (mut i, mut seen) = (0, 0);
    while i < t.len() {
        let (len, glyph) = glyph_at(t, i);
        i += len;
        seen += usize::from(glyph);
        if seen > n {
            break;
        }
    }
    seen
}

/// The whitespace-separated pieces of `t`, as `t.split_whitespace()`, with characters
/// read from their bytes ([`glyph_at`]).
pub(super) fn pieces(t: &str) -> impl Iterator<Item = &str> {
    // Where the run of glyphs (`glyph`) or of whitespace from byte `i` ends.
    let run_end = move |mut i: usize, glyph: bool| {
        while i < t.len() {
            let (len, g) = glyph_at(t, i);
            if g != glyph {
                break;
            }
            i += len;
        }
        i
    };
    let mut i = 0;
    std::iter::from_fn(move || {
        let start = run_end(i, false);
        i = run_end(start, true);
        (start < i).then(|| &t[start..i])
    })
}

/// The byte length of the character at byte `i` of `t` (a character boundary) and
/// whether it is a glyph (not `char::is_whitespace`). Told from the lead byte: above
/// ASCII only U+0085, U+00A0 (lead C2), U+1680 (E1), U+2000–U+205F (E2) and U+3000
/// (E3 80 80) are whitespace, so only C2, E1 and E2 characters are decoded.
///
/// Always inlined: it is asked of every character of every line with a space, and a
/// call costs more than the answer; the rare decoding is left out of line.
#[inline(always)]
fn glyph_at(t: &str, i: usize) -> (usize, bool) {
    let b = t.as_bytes();
    // Ideographs (lead bytes E4–E9), most of a line, are glyphs: tried first.
    if (0xE4..=0xE9).contains(&b[i]) {
        return (3, true);
    }
    match b[i] {
        b' ' | b'\t'..=b'\r' => (1, false),
        0x00..=0x7F => (1, true),
        0xC2 | 0xE1 | 0xE2 => decoded_glyph_at(t, i),
        0xE3 => (3, b[i + 1..i + 3] != [0x80, 0x80]),
        x => (crate::utf8::width(x), true),
    }
}

/// [`glyph_at`] for a character that must be decoded to tell.
#[inline(never)]
fn decoded_glyph_at(t: &str, i: usize) -> (usize, bool) {
    t[i..]
        .chars()
        .next()
        .map_or((1, false), |c| (c.len_utf8(), !c.is_whitespace()))
}

/// The run's lines as fragments of one text, spaces removed (`1 0` → `10`).
fn fragments(cx: &Ctx<'_>, run: std::ops::Range<usize>) -> (String, Vec<Frag>) {
    let c = cx.cleaned;
    // The run's text is at most its lines' bytes: allocated once.
    let bytes = c.lines[run.end - 1].end - c.lines[run.start].start;
    let mut text = String::with_capacity(bytes);
    let mut frags = Vec::with_capacity(run.len());
    for k in run {
        let cl = &c.lines[k];
        let t = strip_spaces_ref(&c.text[cl.start..cl.end]);
        if t.is_empty() {
            continue;
        }
        let p = cx.provenance(cl.start, cl.end);
        let at = text.len();
        text.push_str(&t);
        frags.push(Frag {
            at,
            len: t.len(),
            line: cl.line,
            byte_start: p.byte_start,
            byte_end: p.byte_end,
        });
    }
    (text, frags)
}

/// Header words spelled from `s` on, longest first, as far as they go.
fn header_words(s: &str) -> Vec<&'static str> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(w) = super::tables_text::header_word_at(rest) {
        out.push(w);
        rest = &rest[w.len()..];
    }
    out
}

fn read(cx: &Ctx<'_>, run: std::ops::Range<usize>) -> Option<Table> {
    let (text, frags) = fragments(cx, run);
    // The header: the first place three or more header words follow each other.
    let (h_at, heads) = text
        .char_indices()
        .take(400)
        .map(|(i, _)| (i, header_words(&text[i..])))
        .find(|(_, w)| w.len() >= 3)?;
    let number_col = heads.iter().position(|h| h.contains("序号"))?;
    let head_text: String = heads.concat();
    let body_at = h_at + head_text.len();
    // The body without the headers repeated at page starts.
    let mut keep: Vec<&Frag> = Vec::with_capacity(frags.len());
    let mut cut = Vec::new();
    let mut from = body_at;
    while let Some(k) = text[from..].find(&head_text) {
        cut.push(from + k..from + k + head_text.len());
        from += k + head_text.len();
    }
    // Fragments and cuts are both in text order: one pass over each.
    let mut cuts = cut.iter().peekable();
    for f in &frags {
        while cuts.next_if(|r| r.end <= f.at).is_some() {}
        let inside = cuts.peek().is_some_and(|r| r.start <= f.at);
        if f.at >= body_at && !inside {
            keep.push(f);
        }
    }
    // Rows: where the next row number stands alone on a line.
    let digit = |f: &Frag| f.text(&text).starts_with(|c: char| c.is_ascii_digit());
    let date_glyph = |f: &Frag| {
        f.text(&text)
            .starts_with(['年', '月', '日', '.', '、', '．'])
    };
    let mut starts: Vec<usize> = Vec::new();
    let mut want = String::from("1");
    for (i, f) in keep.iter().enumerate() {
        if f.text(&text) == want
            && keep.get(i + 1).is_some_and(|n| !digit(n) && !date_glyph(n))
            && (i == 0 || !digit(keep[i - 1]))
        {
            starts.push(i);
            want = (starts.len() + 1).to_string();
        }
    }
    if starts.len() < 2 {
        return None;
    }
    let ncols = heads.len();
    // Fragments are in text order: a header word's are found by binary search, not by
    // a walk over the whole run.
    let header_pieces = |r: std::ops::Range<usize>| -> Vec<Piece> {
        let first = frags.partition_point(|f| f.at < r.start);
        frags[first..]
            .iter()
            .take_while(|f| f.at < r.end)
            .map(|f| f.piece(&text))
            .collect()
    };
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let mut at = h_at;
    rows.push(
        heads
            .iter()
            .map(|h| {
                let cell = cell_of(header_pieces(at..at + h.len()));
                at += h.len();
                cell
            })
            .collect(),
    );
    // A group heading before the first row.
    push_group(&mut rows, &keep[..starts[0]], &text, ncols);
    let mut seg = String::new();
    for (n, &s) in starts.iter().enumerate() {
        let end = starts.get(n + 1).copied().unwrap_or(keep.len());
        let body = &keep[s + 1..end];
        // The row's text, in one buffer reused from row to row.
        seg.clear();
        seg.extend(body.iter().map(|f| f.text(&text)));
        // A heading ending the segment labels the rows after it.
        let heading = trailing_heading(&seg);
        let row_end = heading.unwrap_or(seg.len());
        let spans = cells(&seg[..row_end], &heads, number_col);
        let mut row: Vec<Cell> = (0..ncols).map(|_| cell_of(Vec::new())).collect();
        row[number_col] = cell_of(vec![keep[s].piece(&text)]);
        for (col, r) in spans {
            row[col] = cell_of(pieces_in(body, &seg, r));
        }
        rows.push(row);
        if let Some(h) = heading {
            // Fragments are in text order: those from the heading on are a tail.
            let from = body.partition_point(|f| f.at - body[0].at < h);
            push_group(&mut rows, &body[from..], &text, ncols);
        }
    }
    let caption = strip_caption(&text[..h_at]);
    Some(Table {
        table_id: String::new(),
        caption,
        layout: "rotated",
        rows,
        header_rows: 1,
    })
}

/// The title printed before the header (`附件` `2023年…清单`), without the `附件` label.
fn strip_caption(t: &str) -> Option<String> {
    let t = t.trim_start_matches(['附', '件', '：', ':']);
    // An attachment number (`附件2`), not a year (`2023年…`).
    let digits = t.len() - t.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let t = if t[digits..].starts_with('年') {
        t
    } else {
        &t[digits..]
    };
    let t = t.trim_start_matches(['：', ':']);
    (!t.is_empty() && t.chars().count() <= 60).then(|| t.to_owned())
}

/// A group row (`一、落实领导责任`) spanning the table, of fragments of the run text
/// `run`.
fn push_group(rows: &mut Vec<Vec<Cell>>, frags: &[&Frag], run: &str, ncols: usize) {
    if frags.is_empty() {
        return;
    }
    let mut row: Vec<Cell> = (0..ncols).map(|_| cell_of(Vec::new())).collect();
    row[0] = cell_of(frags.iter().map(|f| f.piece(run)).collect());
    row[0].col_span = ncols as u16;
    for c in &mut row[1..] {
        c.covered = true;
    }
    rows.push(row);
}

/// A cell of `pieces` (one per source line, so each unit of a unit cell keeps its own
/// lines).
fn cell_of(pieces: Vec<Piece>) -> Cell {
    Cell {
        pieces,
        row_span: 1,
        col_span: 1,
        covered: false,
    }
}

/// The pieces of the fragments that hold bytes `r` of `seg` (the text of `body`), each
/// cut to its part of `r`.
fn pieces_in(body: &[&Frag], seg: &str, r: std::ops::Range<usize>) -> Vec<Piece> {
    let base = body.first().map_or(0, |f| f.at);
    // Fragments are in text order and do not overlap: those before `r` are skipped by a
    // binary search, and the walk stops at the first after it.
    let first = body.partition_point(|f| f.at - base + f.len <= r.start);
    let mut out = Vec::new();
    for f in body[first..].iter().take_while(|f| f.at - base < r.end) {
        let (a, b) = (f.at - base, f.at - base + f.len);
        let (x, y) = (a.max(r.start), b.min(r.end));
        if x < y && seg.is_char_boundary(x) && seg.is_char_boundary(y) {
            out.push(Piece {
                text: seg[x..y].to_owned(),
                line: f.line,
                byte_start: f.byte_start,
                byte_end: f.byte_end,
            });
        }
    }
    out
}

/// `…委员会二、深化外部治理`: where a heading (any marker of `grammars/headings.tsv`)
/// starts a short, sentence-free tail of the segment.
fn trailing_heading(seg: &str) -> Option<usize> {
    let from = seg.rfind('。').map_or(0, |k| k + '。'.len_utf8());
    // A heading starts within the last 20 characters: skip to them (counted once, not
    // once per position).
    let tail = &seg[from..];
    tail.char_indices()
        .skip(tail.chars().count().saturating_sub(20))
        .map(|(i, _)| from + i)
        .find(|&i| {
            crate::grammar::headings::marker(&seg[i..]).is_some_and(|m| m.len < seg.len() - i)
        })
}

/// The cells of one row's text, as (column, byte range), by the columns' roles.
fn cells(seg: &str, heads: &[&str], number_col: usize) -> Vec<(usize, std::ops::Range<usize>)> {
    let limit_col = heads
        .iter()
        .position(|h| h.contains("时限") || h.contains("时间"));
    let unit_col = heads
        .iter()
        .position(|h| h.contains("单位") || h.contains("部门"));
    // Units: the longest complete list of units that ends the row, after a sentence. A
    // complete list holds no `。`, so only the text after the last one can be it.
    let units_at = unit_col.and_then(|_| {
        let i = seg.rfind('。').map_or(0, |k| k + '。'.len_utf8());
        (i < seg.len() && super::tables_text::complete_units(&seg[i..])).then_some(i)
    });
    let text_end = units_at.unwrap_or(seg.len());
    // The time limit: the first one right after a sentence's end.
    let limit = limit_col.and_then(|_| time_limit(&seg[..text_end]));
    let mut out = Vec::new();
    let text_cols = |a: usize, b: usize| -> Vec<usize> {
        (a..b).filter(|&c| c != number_col).collect::<Vec<_>>()
    };
    let ncols = heads.len();
    match limit {
        Some(r) => {
            let lc = limit_col.expect("a limit column");
            out.extend(share(seg, 0..r.start, &text_cols(0, lc)));
            out.push((lc, r.clone()));
            out.extend(share(
                seg,
                r.end..text_end,
                &text_cols(lc + 1, unit_col.unwrap_or(ncols)),
            ));
        }
        // No time limit printed (a cell merged with the row above): the row's text
        // fills the text columns from the left, a sentence each, the last the rest.
        None => {
            let cols: Vec<usize> = text_cols(0, unit_col.unwrap_or(ncols))
                .into_iter()
                .filter(|&c| Some(c) != limit_col)
                .collect();
            let mut a = 0;
            for (n, &c) in cols.iter().enumerate() {
                let b = if n + 1 == cols.len() {
                    text_end
                } else {
                    seg[a..text_end]
                        .find('。')
                        .map_or(text_end, |k| a + k + '。'.len_utf8())
                };
                if a < b {
                    out.push((c, a..b));
                }
                a = b;
            }
        }
    }
    if let (Some(uc), Some(a)) = (unit_col, units_at) {
        out.push((uc, a..seg.len()));
    }
    out
}

/// The first time limit that starts right after a `。` (the task's end), with a
/// following `并持续落实`; or an open-ended value (`持续落实`) there.
fn time_limit(s: &str) -> Option<std::ops::Range<usize>> {
    let anchor = deadline::Anchor::default();
    let after_stop = |i: usize| s[..i].ends_with('。');
    let ongoing = crate::lexicon::Lexicon::get().cues("ongoing");
    let found = deadline::find(s, &anchor)
        .into_iter()
        .map(|d| d.span)
        .find(|r| after_stop(r.start));
    let r = match found {
        Some(r) => r,
        None => {
            let i = s
                .match_indices('。')
                .map(|(i, x)| i + x.len())
                .find(|&i| ongoing.iter().any(|(w, _)| s[i..].starts_with(w.as_str())))?;
            let (w, _) = ongoing
                .iter()
                .find(|(w, _)| s[i..].starts_with(w.as_str()))?;
            return Some(i..i + w.len());
        }
    };
    let rest = &s[r.end..];
    let more = rest.strip_prefix('并').and_then(|x| {
        ongoing
            .iter()
            .find(|(w, _)| x.starts_with(w.as_str()))
            .map(|(w, _)| '并'.len_utf8() + w.len())
    });
    Some(r.start..r.end + more.unwrap_or(0))
}

/// Text `r` of `s` shared out over `cols`: each later column takes the last sentence,
/// the first column the rest.
fn share(
    s: &str,
    r: std::ops::Range<usize>,
    cols: &[usize],
) -> Vec<(usize, std::ops::Range<usize>)> {
    let mut out = Vec::new();
    let mut end = r.end;
    for (n, &c) in cols.iter().enumerate().rev() {
        if n == 0 {
            out.push((c, r.start..end));
            break;
        }
        // The last sentence: after the `。` before the final one.
        let body = &s[r.start..end];
        let cut = body
            .trim_end_matches('。')
            .rfind('。')
            .map_or(r.start, |k| r.start + k + '。'.len_utf8());
        out.push((c, cut..end));
        end = cut;
    }
    out.retain(|(_, r)| !r.is_empty());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `glyph_at` reads every character as `char` does.
    #[test]
    fn glyphs_told_from_bytes() {
        let mut buf = [0u8; 4];
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let t = c.encode_utf8(&mut buf);
            assert_eq!(glyph_at(t, 0), (c.len_utf8(), !c.is_whitespace()), "{c:?}");
        }
    }

    #[test]
    fn pieces_split_at_whitespace() {
        for t in [
            "",
            " ",
            "  ",
            "公",
            " 公 ",
            "序号 主要指标 2020年 2025年",
            "a\u{3000}b\u{00A0}c\u{2003}d",
            "\t年 \n月\u{3000}\u{3000}日\u{2028}",
            "（一） 总体 要求",
            "1 0",
        ] {
            assert_eq!(
                pieces(t).collect::<Vec<_>>(),
                t.split_whitespace().collect::<Vec<_>>(),
                "{t:?}"
            );
        }
    }

    #[test]
    fn glyphs_counted() {
        let reference =
            |t: &str, n: usize| t.chars().filter(|c| !c.is_whitespace()).nth(n).is_some();
        for t in [
            "",
            " ",
            "公",
            "公 ",
            " 公",
            "\u{3000}公\u{3000}",
            "1 0",
            "20",
            "序号",
            "序 号 重",
            "主要指标",
            "a b c d",
            "\u{3000}\u{3000}一、总体要求",
            "公\u{00A0}共\u{2003}卫 生",
            "（一）",
            "①②③④",
            "年\t月\t日",
            "——",
            "一二三四五",
            "一二三 四",
            "一二\u{3000}三",
            "一二三四\u{3000}",
        ] {
            for n in 0..5 {
                assert_eq!(glyphs_upto(t, n) > n, reference(t, n), "{t:?} {n}");
            }
        }
    }
}
