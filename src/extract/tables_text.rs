//! Tables printed without TABs: rows of space-separated cells, cells wrapped onto lines
//! of their own, vertical category labels (`公`/`共`/`卫`/`生`), as PDF-to-text leaves
//! numeric tables (`space_rows` when most rows sit on one line, else `fragments`).
//!
//! A table starts at a caption (`表1 …`) or at a header line naming at least two column
//! words from `grammars/table_headers.tsv` (`序号 主要指标 2020年 2025年`), and ends at
//! the next caption, heading, long sentence or a line that fits no row. Rows are anchored
//! on their values: a line ending in value tokens (`0.90`, `100`, `≥60`, `1:1.10`, `--`,
//! `约束性`) closes a row once it holds as many values as the header has value columns;
//! the lines before it are its number (`3`), its name (wrapped lines joined) or, when
//! they come between a finished row and a numbered one, a category (`公共卫生体系`,
//! carried down as a merged cell). Header cells split where a line starts a year
//! (`2020 年执业`) or a column word; other header lines continue the cell before.
//!
//! Not read: vertical headers (one glyph per line before any row), rotated tables,
//! value cells that wrap into text (`累计` / `增长` / `1岁` is read as one value cell
//! only when the row still lacks values).

use super::Ctx;
use super::tables::{Cell, Piece, Table};
use super::tables_glyph::Shapes;
use crate::clean::fold::{strip_spaces, strip_spaces_ref};
use crate::lexicon::Firsts;
use std::cell::RefCell;
use std::rc::Rc;

/// `kind\tword` rows of a grammar file, longest word first (so `亿元` is tried before `亿`).
fn load(text: &'static str) -> Vec<(&'static str, &'static str)> {
    let mut v: Vec<(&str, &str)> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .map(|(k, w)| (k, w.trim()))
        .collect();
    v.sort_by_key(|w| std::cmp::Reverse(w.1.chars().count()));
    v
}

/// The words of one kind, longest first: `start`, `whole`, `text` or `place` from
/// `grammars/table_headers.tsv`; `nature`, `qualifier`, `measure`, `target` or a
/// comparator kind (`at_least`, …) from `grammars/table_values.tsv`.
pub(super) fn words(kind: &str) -> &'static [&'static str] {
    type Kinds = Vec<(&'static str, Vec<&'static str>)>;
    static W: std::sync::OnceLock<Kinds> = std::sync::OnceLock::new();
    let all = W.get_or_init(|| {
        let rows: Vec<_> = load(include_str!("../../grammars/table_headers.tsv"))
            .into_iter()
            .chain(load(include_str!("../../grammars/table_values.tsv")))
            .collect();
        let mut kinds: Kinds = Vec::new();
        for (k, w) in rows {
            match kinds.iter_mut().find(|x| x.0 == k) {
                Some(x) => x.1.push(w),
                None => kinds.push((k, vec![w])),
            }
        }
        kinds
    });
    all.iter().find(|x| x.0 == kind).map_or(&[], |x| &x.1)
}

/// `2020年` (after `2020 年` lost its space): a year column.
fn starts_year(t: &str) -> bool {
    t.as_bytes()
        .get(..4)
        .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
        && t[4..].starts_with('年')
}

fn starts_header_word(t: &str) -> bool {
    // Asked of every piece of a line with spaces: most start with no start word's first
    // character and are ruled out without comparing the words.
    // The start words are looked up once, with their first characters.
    type Starts = (Firsts, &'static [&'static str]);
    static STARTS: std::sync::OnceLock<Starts> = std::sync::OnceLock::new();
    let (firsts, start) = STARTS.get_or_init(|| {
        let start = words("start");
        let owned: Vec<String> = start.iter().map(|w| w.to_string()).collect();
        (Firsts::of(&owned, false), start)
    });
    starts_year(t) || firsts.may(t.chars().next()) && start.iter().any(|w| t.starts_with(w))
}

/// A value cell: a number (`0.90`, `100%`, `≥60.00`, `90以上`, `8亿以上`), a ratio
/// (`1:1.10`), a dash (`--`, `——`), or an indicator nature.
pub fn is_value(t: &str) -> bool {
    if words("nature").contains(&t) || (!t.is_empty() && t.chars().all(|c| "-—–‒/".contains(c)))
    {
        return true;
    }
    let t = t.trim_start_matches(['≥', '≤', '<', '>', '＜', '＞', '≧', '≦']);
    let t = words("qualifier")
        .iter()
        .find_map(|w| t.strip_suffix(w))
        .unwrap_or(t);
    let t = words("measure")
        .iter()
        .find_map(|w| t.strip_suffix(w))
        .unwrap_or(t);
    let t = t.trim_end_matches(['%', '‰']);
    let num = |s: &str| {
        !s.is_empty()
            && s.chars().next().is_some_and(|c| c.is_ascii_digit())
            && s.chars().all(|c| c.is_ascii_digit() || c == '.')
    };
    num(t)
        || t.split_once([':', '：'])
            .is_some_and(|(a, b)| num(a) && num(b))
}

/// A value, or one whose qualifier wraps onto the next line (`64亿以`).
fn value_like(t: &str) -> bool {
    is_value(t) || t.ends_with('以') && wrapped_value(t, "上").is_some()
}

/// A row number that continues the numbering: the one after `last`, or any number when
/// no row was numbered yet (`1` alone on a line after row 5 is a value, not a row).
fn is_row_number(t: &str, last: Option<u64>) -> bool {
    t.len() <= 4
        && t.chars().all(|c| c.is_ascii_digit())
        && t.parse::<u64>()
            .is_ok_and(|n| last.is_none_or(|p| n == p + 1))
}

/// A value whose qualifier wrapped onto the next line (`63项以` ⏎ `上`): the completed
/// text, when `next` completes it.
fn wrapped_value(head: &str, next: &str) -> Option<String> {
    if is_value(head) && !words("qualifier").iter().any(|q| q.starts_with(next)) {
        return None;
    }
    let joined = format!("{head}{next}");
    (words("qualifier").iter().any(|q| joined.ends_with(q)) && is_value(&joined)).then_some(joined)
}

/// One kept line: its text with `2020 年` joined, split at spaces.
#[derive(Clone)]
struct Line {
    tokens: Vec<String>,
    piece: Piece,
    /// The last token as printed here and its continuation on the next line, when the
    /// two were joined into `tokens` (`63项以` ⏎ `上`).
    wrapped: Option<(String, Piece)>,
}

impl Line {
    /// The pieces of token `i`: one, or two for a token joined across lines.
    fn cell_pieces(&self, i: usize) -> Vec<Piece> {
        match &self.wrapped {
            Some((head, next)) if i + 1 == self.tokens.len() => {
                vec![piece_of(self, head.clone()), next.clone()]
            }
            _ => vec![piece_of(self, self.tokens[i].clone())],
        }
    }
}

/// The space-separated tokens of a line, `2020 年` joined to `2020年` so a year stays
/// one token.
fn tokens(raw: &str) -> Vec<String> {
    // Most lines print no `2020 年`: their tokens are the pieces of the line as it is,
    // without rebuilding it character by character.
    if memchr::memmem::find(raw.as_bytes(), " 年".as_bytes()).is_none() {
        return super::tables_glyph::pieces(raw)
            .map(str::to_owned)
            .collect();
    }
    let mut t = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(ch) = chars.next() {
        t.push(ch);
        if ch.is_ascii_digit() && chars.peek() == Some(&' ') {
            let mut ahead = chars.clone();
            ahead.next();
            if ahead.peek() == Some(&'年') {
                chars.next();
            }
        }
    }
    t.split_whitespace().map(str::to_owned).collect()
}

/// The kept lines of one document as [`Line`]s, each built once, when first asked: the
/// readers look ahead (a wrapped value, a glyph run, a category before a row) and then
/// read the same lines again, and a table's header is found before its lines are read.
struct Lines<'a, 'c> {
    cx: &'a Ctx<'c>,
    /// The first kept line.
    start: usize,
    /// Lines built so far, by kept line from `start` (grown as far as a reader asks).
    built: RefCell<Vec<Option<Rc<Line>>>>,
}

impl<'a, 'c> Lines<'a, 'c> {
    fn new(cx: &'a Ctx<'c>, start: usize) -> Self {
        Lines {
            cx,
            start,
            built: RefCell::new(Vec::new()),
        }
    }

    /// Kept line `k` (at or after the first), built on first use.
    fn get(&self, k: usize) -> Rc<Line> {
        let i = k - self.start;
        let mut built = self.built.borrow_mut();
        if built.len() <= i {
            built.resize(i + 1, None);
        }
        built[i]
            .get_or_insert_with(|| Rc::new(line(self.cx, k)))
            .clone()
    }
}

fn line(cx: &Ctx<'_>, k: usize) -> Line {
    let c = cx.cleaned;
    let cl = &c.lines[k];
    let raw = &c.text[cl.start..cl.end];
    let p = cx.provenance(cl.start, cl.end);
    Line {
        tokens: tokens(raw),
        piece: Piece {
            text: strip_spaces(raw),
            line: cl.line,
            byte_start: p.byte_start,
            byte_end: p.byte_end,
        },
        wrapped: None,
    }
}

fn is_caption(t: &str) -> bool {
    // Most lines do not start with 表: decide that before allocating, from the first
    // byte. 表 is E8 A1 A8; a line that starts with neither E8 nor a byte that may open
    // a space ([`crate::clean::fold::may_open_space`]) does not start with 表, and only
    // a line that opens with a space is decoded.
    let b = t.as_bytes();
    let first = match b.first() {
        Some(0xE8) => b.starts_with("表".as_bytes()),
        Some(&x) if crate::clean::fold::may_open_space(x) => {
            t.chars().find(|c| !crate::clean::fold::is_space(*c)) == Some('表')
        }
        _ => false,
    };
    if !first {
        return false;
    }
    let t = strip_spaces_ref(t);
    super::tables::is_table_label(&t) && t.chars().count() <= 60 && !t.ends_with('。')
}

/// A header line: two or more column words among its space-separated tokens.
fn is_header_line(l: &Line) -> bool {
    header_tokens(&l.tokens)
}

fn header_tokens(tokens: &[String]) -> bool {
    tokens.len() >= 3 && tokens.iter().filter(|t| starts_header_word(t)).count() >= 2
}

/// Whether `raw` may be a header line ([`header_tokens`] of its [`tokens`]), decided
/// without building the tokens: asked of every line with a space, nearly all of them
/// prose. A token starts where a space-separated piece starts (`2020 年` only adds `年`
/// to the piece `2020`), and no start word holds a digit (a test keeps it so), so a
/// header token is a piece that starts a header word, a year, or is a year alone.
///
/// One pass over the pieces: it stops once three pieces, two of them header pieces,
/// are seen.
fn may_be_header(raw: &str) -> bool {
    let year_alone = |p: &str| p.len() == 4 && p.bytes().all(|b| b.is_ascii_digit());
    let (mut pieces, mut heads) = (0, 0);
    for p in super::tables_glyph::pieces(raw) {
        pieces += 1;
        if heads < 2 && (starts_header_word(p) || year_alone(p)) {
            heads += 1;
        }
        if pieces >= 3 && heads >= 2 {
            return true;
        }
    }
    false
}

fn cell(pieces: Vec<Piece>) -> Cell {
    Cell {
        pieces,
        row_span: 1,
        col_span: 1,
        covered: false,
    }
}

fn piece_of(l: &Line, text: String) -> Piece {
    Piece {
        text,
        ..l.piece.clone()
    }
}

/// Tables of the document printed without TABs, numbered after `first_id` TAB tables.
pub fn tables(cx: &Ctx<'_>, shapes: &Shapes, first_id: usize) -> Vec<Table> {
    let c = cx.cleaned;
    let Some(kept) = cx.kept_lines() else {
        return Vec::new();
    };
    let lines = Lines::new(cx, kept.start);
    let mut out = Vec::new();
    let mut k = kept.start;
    while k < kept.end {
        let cl = &c.lines[k];
        if cl.tab || cl.cells {
            k += 1;
            continue;
        }
        let text = &c.text[cl.start..cl.end];
        // A long run of one-glyph lines is a rotated table (`tables_glyph`). (Three
        // characters take at most 12 bytes: longer lines are not decoded.)
        if text.len() <= 12
            && text.chars().nth(3).is_none()
            && let Some(j) = shapes.long_run(k)
        {
            k = j;
            continue;
        }
        let (caption, header_at) = if is_caption(text) {
            (Some(strip_spaces(text)), k + 1)
        } else if memchr::memchr(b' ', text.as_bytes()).is_some()
            && may_be_header(text)
            && header_tokens(&tokens(text))
            || vertical_header(&lines, shapes, k, kept.end)
        {
            (None, k)
        } else {
            k += 1;
            continue;
        };
        // Columns aligned by runs of spaces are read by position first.
        let laid = super::tables_layout::read(cx, header_at, kept.end);
        match laid.or_else(|| read(&lines, header_at, kept.end)) {
            Some((mut t, end)) => {
                t.table_id = format!("{}/tb{}", cx.doc_id, first_id + out.len() + 1);
                t.caption = caption.or_else(|| {
                    // An uncaptioned table takes the title line just above it.
                    (k > kept.start)
                        .then(|| strip_spaces(&c.text[c.lines[k - 1].start..c.lines[k - 1].end]))
                        .filter(|t| t.chars().count() <= 50 && !t.ends_with('。'))
                });
                out.push(t);
                k = end;
            }
            None => k += 1,
        }
    }
    out
}

/// A header printed one glyph per line that spells two or more header words
/// (`类`/`别`/`序`/`号`), starting at kept line `k`.
fn vertical_header(lines: &Lines<'_, '_>, shapes: &Shapes, k: usize, end: usize) -> bool {
    // Most lines are longer than one glyph: decide that before building a line.
    if shapes.more_glyphs_than(k, 1) {
        return false;
    }
    let (run, _) = glyph_run(lines, k, end);
    let text: String = run.iter().map(|p| p.text.as_str()).collect();
    run.len() > 1 && split_header_words(&text).is_some_and(|w| w.len() >= 2)
}

/// A line holding one glyph (`类`, `公`): a piece of something printed vertically.
fn is_glyph(l: &Line) -> bool {
    l.tokens.len() == 1 && l.piece.text.chars().count() == 1
}

/// The run of one-glyph lines from kept line `k` (at most 12): their pieces and the
/// line after the run.
fn glyph_run(lines: &Lines<'_, '_>, mut k: usize, end: usize) -> (Vec<Piece>, usize) {
    let mut run = Vec::new();
    while k < end && run.len() < 12 {
        let l = lines.get(k);
        if !is_glyph(&l) {
            break;
        }
        run.push(l.piece.clone());
        k += 1;
    }
    (run, k)
}

/// `类别序号` → [`类别`, `序号`]: a vertical run read as header words, or None when a
/// glyph belongs to none (`公共卫生体系` is a category label, not a header).
fn split_header_words(mut run: &str) -> Option<Vec<&'static str>> {
    let mut out = Vec::new();
    while !run.is_empty() {
        let w = header_word_at(run)?;
        out.push(w);
        run = &run[w.len()..];
    }
    (!out.is_empty()).then_some(out)
}

/// The longest header word `s` starts with.
pub(super) fn header_word_at(s: &str) -> Option<&'static str> {
    words("start")
        .iter()
        .chain(words("whole"))
        .chain(words("text"))
        .copied()
        .filter(|w| s.starts_with(w))
        .max_by_key(|w| w.len())
}

/// Whether the short fragments from kept line `k` (`应对` ⏎ `气候` ⏎ `变化`) run up to
/// a line that starts with a row number: then they label the rows that follow, they
/// do not continue the open row's last cell.
fn category_before_row(lines: &Lines<'_, '_>, k: usize, end: usize) -> bool {
    for j in k..end.min(k + 8) {
        let l = lines.get(j);
        match l.tokens.first() {
            Some(t) if t.chars().all(|c| c.is_ascii_digit()) => return j > k,
            Some(t) if l.tokens.len() == 1 && t.chars().count() <= 6 && !is_value(t) => {}
            _ => return false,
        }
    }
    false
}

/// A row's value cells and the value columns they go to. A full row fills them in
/// order. A short row puts a nature (`约束性`) under the nature column and fills the
/// other columns from the left, or from the right when its first value states a target
/// (`达到市要求`, `≥60`): a row that prints one value prints the one it has.
fn place_values(values: Vec<Vec<Piece>>, heads: &[String]) -> Vec<(usize, Vec<Piece>)> {
    let n = heads.len();
    let text = |v: &[Piece]| v.iter().map(|p| p.text.as_str()).collect::<String>();
    if values.len() >= n {
        return values.into_iter().take(n).enumerate().collect();
    }
    let mut values = values;
    let mut out = Vec::new();
    let mut cols = n;
    if heads
        .last()
        .is_some_and(|h| h.contains("属性") || h.contains("性质"))
    {
        cols -= 1;
        if values
            .last()
            .is_some_and(|v| words("nature").contains(&text(v).as_str()))
        {
            out.push((n - 1, values.pop().expect("a last value")));
        }
    }
    let from_right = values.len() < cols
        && values.first().is_some_and(|v| {
            let t = text(v);
            words("target").iter().any(|w| t.starts_with(w))
        });
    let start = if from_right { cols - values.len() } else { 0 };
    out.extend(values.into_iter().enumerate().map(|(i, v)| (start + i, v)));
    out
}

/// A row's words after its values, shared out over the text columns: a unit column
/// (`责任单位`) takes the longest run of fragments that makes a complete list of units
/// (`县发改局、县统` ⏎ `计局（提供准确` ⏎ `数据）`, not stopping at `县行` ⏎ `政审批局`), the
/// last column takes the rest (`备注`).
fn text_cells(tail: Vec<Piece>, unit_cols: &[bool]) -> Vec<Vec<Piece>> {
    let mut out: Vec<Vec<Piece>> = vec![Vec::new(); unit_cols.len()];
    let mut rest: &[Piece] = &tail;
    for (i, &units) in unit_cols.iter().enumerate() {
        if i + 1 == unit_cols.len() {
            out[i] = rest.to_vec();
            break;
        }
        if !units
            || rest
                .first()
                .is_none_or(|p| !crate::grammar::assign::named_unit(&p.text))
        {
            continue;
        }
        let mut text = String::new();
        let mut take = 0;
        for (n, p) in rest.iter().enumerate() {
            text.push_str(&p.text);
            if complete_units(&text) {
                take = n + 1;
            }
        }
        out[i] = rest[..take].to_vec();
        rest = &rest[take..];
    }
    out
}

/// A complete list of units: every item names a unit (a bracketed gloss only at its
/// end), brackets are closed, no sentence ends inside, and the list does not end in a
/// separator.
pub(super) fn complete_units(t: &str) -> bool {
    use crate::grammar::assign::{unit_like, unit_list};
    // The byte tests first: most texts asked end a sentence or a clause, and are told
    // without reading the units.
    if t.contains('。') || t.ends_with(['、', '，', ',', '；']) {
        return false;
    }
    let open = t.matches(['（', '(']).count();
    let close = t.matches(['）', ')']).count();
    if open != close {
        return false;
    }
    let items = unit_list(t, 0..t.len());
    !items.is_empty()
        && items.iter().all(|u| {
            let item = &t[u.span.clone()];
            unit_like(item) && item.find(['）', ')']).is_none_or(|k| k + 3 == item.len())
        })
}

/// Read a table whose header starts at kept line `at`: the table and where it ends.
fn read(lines: &Lines<'_, '_>, at: usize, end: usize) -> Option<(Table, usize)> {
    let c = lines.cx.cleaned;
    // Header: lines up to the first one that holds a value or a row number.
    let mut header: Vec<(String, Vec<Piece>)> = Vec::new();
    let mut before_rows: Vec<Piece> = Vec::new();
    // A place piece (`保定市`) opened a cell that the next year piece continues.
    let mut place_open = false;
    let mut k = at;
    while k < end && k < at + 40 {
        let l = lines.get(k);
        // One glyph per line: a header printed vertically (`类`/`别`/`序`/`号`) when the
        // run spells header words, else the start of a vertical category label
        // (`公`/`共`/…), which ends the header; a lone `数` finishing a cell is neither.
        if is_glyph(&l) && k + 1 < end && is_glyph(&lines.get(k + 1)) {
            let (run, next) = glyph_run(lines, k, end);
            let text: String = run.iter().map(|p| p.text.as_str()).collect();
            let Some(ws) = split_header_words(&text) else {
                break;
            };
            let mut glyphs = run.into_iter();
            for w in ws {
                let pieces: Vec<Piece> = glyphs.by_ref().take(w.chars().count()).collect();
                header.push((w.to_owned(), pieces));
            }
            place_open = false;
            k = next;
            continue;
        }
        let rowish = l.tokens.iter().any(|t| is_value(t));
        if rowish || c.lines[k].tab || c.lines[k].cells || l.tokens.is_empty() {
            break;
        }
        for (n, tok) in l.tokens.iter().enumerate() {
            let closed = header
                .last()
                .is_some_and(|h| words("whole").contains(&h.0.as_str()));
            let next_piece = match l.tokens.get(n + 1) {
                Some(t) => Some(t.clone()),
                None => (k + 1 < end)
                    .then(|| lines.get(k + 1).tokens.first().cloned())
                    .flatten(),
            };
            let place = !starts_header_word(tok)
                && tok.chars().count() <= 6
                && words("place").iter().any(|w| tok.ends_with(w))
                && next_piece.as_deref().is_some_and(starts_year);
            let new = header.is_empty()
                || place
                || (starts_header_word(tok) && !(place_open && starts_year(tok)))
                || n > 0;
            place_open = place;
            if new {
                header.push((tok.clone(), vec![piece_of(&l, tok.clone())]));
            } else if closed {
                // After a complete cell: the first row's category (`健康` ⏎ `水平`).
                before_rows.push(piece_of(&l, tok.clone()));
            } else if let Some(h) = header.last_mut() {
                h.0.push_str(tok);
                h.1.push(piece_of(&l, tok.clone()));
            }
        }
        k += 1;
    }
    if header.len() < 2 {
        return None;
    }
    // Text columns printed after the values (`责任单位`, `备注`): a row's words after
    // its values fill them (see `text_cells`).
    let mut ntext = header
        .iter()
        .rev()
        .take_while(|h| words("text").iter().any(|w| h.0.contains(w)))
        .count();
    if header.len() < ntext + 2 {
        ntext = 0;
    }
    let nvalue_cols = header.len() - ntext;
    // Value columns: from the first year / target / nature column on.
    let first_value = header[..nvalue_cols]
        .iter()
        .position(|h| {
            starts_year(&h.0)
                || ["目标", "性质", "属性", "基数", "现状"]
                    .iter()
                    .any(|w| h.0.contains(w))
        })
        .unwrap_or(nvalue_cols - 1);
    let nvalues = nvalue_cols - first_value;
    let unit_cols: Vec<bool> = header[nvalue_cols..]
        .iter()
        .map(|h| h.0.contains("单位") || h.0.contains("部门"))
        .collect();
    let has_number = header.iter().any(|h| h.0.contains("序号"));
    let has_category_header = header
        .first()
        .is_some_and(|h| ["分类", "类别", "领域"].iter().any(|w| h.0.contains(w)));

    struct Row {
        category: Option<Vec<Piece>>,
        number: Option<Piece>,
        label: Vec<Piece>,
        values: Vec<Vec<Piece>>,
        /// Words after the values, for the text columns; once set, the row takes no
        /// more values.
        tail: Vec<Piece>,
        in_tail: bool,
    }
    let empty = || Row {
        category: None,
        number: None,
        label: Vec::new(),
        values: Vec::new(),
        tail: Vec::new(),
        in_tail: false,
    };
    let mut rows: Vec<Row> = Vec::new();
    let mut cur = empty();
    let mut pending: Vec<Piece> = before_rows; // fragments not yet placed
    let header_texts: Vec<String> = header.iter().map(|h| h.0.clone()).collect();
    let header_pieces: Vec<String> = header
        .iter()
        .flat_map(|h| h.1.iter().map(|p| p.text.clone()))
        .collect();
    let mut in_repeat = false;
    let mut last_no: Option<u64> = None;
    let mut category: Option<Vec<Piece>> = None;
    let mut any_category = false;
    let mut stop = k;
    while k < end {
        let cl = &c.lines[k];
        if cl.tab || cl.cells {
            break;
        }
        let l = lines.get(k);
        let t = &l.piece.text;
        if t.is_empty() {
            k += 1;
            continue;
        }
        // Eight lines without a row: the table is over (prose follows).
        if k - stop > 8 {
            break;
        }
        if is_caption(t)
            || t.chars().count() > 40 && t.contains(['。', '；'])
            || crate::clean::reflow::starts_block(t) && !t.chars().all(|ch| ch.is_ascii_digit())
        {
            break;
        }
        if ntext > 0 {
            // Rows with text columns: number, name, values, then words (units, notes).
            let header_piece = |x: &String| header_texts.contains(x) || header_pieces.contains(x);
            // A header repeated after a page break: a vertical run of header words, or
            // a line of header pieces only.
            if is_glyph(&l) {
                let (run, next) = glyph_run(lines, k, end);
                let text: String = run.iter().map(|p| p.text.as_str()).collect();
                if run.len() > 1 && split_header_words(&text).is_some() {
                    in_repeat = true;
                    (k, stop) = (next, next);
                    continue;
                }
            }
            if (in_repeat || l.tokens.len() > 1) && l.tokens.iter().all(header_piece) {
                in_repeat = true;
                k += 1;
                stop = k;
                continue;
            }
            in_repeat = false;
            let mut l = l;
            let next_no = |t: &str| is_row_number(t, last_no);
            // A vertical category glyph printed beside the row number (`技 9 …`).
            if l.tokens.len() > 1 && l.tokens[0].chars().count() == 1 && next_no(&l.tokens[1]) {
                // The cached line stays as built: this row reads its own copy.
                let g = Rc::make_mut(&mut l).tokens.remove(0);
                pending.push(piece_of(&l, g));
            }
            // A qualifier wrapped onto the next line (`63项以` ⏎ `上`).
            if k + 1 < end
                && let Some(last) = l.tokens.last()
                && let n = lines.get(k + 1)
                && n.tokens.len() == 1
                && let Some(joined) = wrapped_value(last, &n.tokens[0])
            {
                let head = last.clone();
                let own = Rc::make_mut(&mut l);
                own.wrapped = Some((head, n.piece.clone()));
                *own.tokens.last_mut().expect("a last token") = joined;
                k += 1;
            }
            let mut toks = 0..l.tokens.len();
            let glyph_line =
                is_glyph(&l) && (!pending.is_empty() || k + 1 < end && is_glyph(&lines.get(k + 1)));
            if l.tokens.first().is_some_and(|x| next_no(x)) {
                if cur.number.is_some() || !cur.label.is_empty() || !cur.values.is_empty() {
                    rows.push(std::mem::replace(&mut cur, empty()));
                }
                if !pending.is_empty() {
                    category = Some(std::mem::take(&mut pending));
                    any_category = true;
                }
                cur.category = category.take();
                cur.number = Some(piece_of(&l, l.tokens[0].clone()));
                last_no = l.tokens[0].parse().ok();
                toks.start = 1;
            } else if glyph_line && !cur.values.is_empty() {
                // A vertical run after a row's values: the next rows' category.
                pending.push(l.piece.clone());
                k += 1;
                stop = k;
                continue;
            } else if cur.in_tail {
                // Words for the text columns, as long as they are cell-sized: a prose
                // line ends the table.
                if l.piece.text.chars().count() > 16 {
                    break;
                }
                cur.tail.push(l.piece.clone());
                k += 1;
                stop = k;
                continue;
            }
            for i in toks {
                let x = &l.tokens[i];
                if cur.in_tail {
                    cur.tail.push(piece_of(&l, x.clone()));
                } else if value_like(x) && (cur.number.is_some() || !pending.is_empty()) {
                    cur.label.append(&mut pending);
                    cur.values.push(l.cell_pieces(i));
                } else if cur.values.is_empty() {
                    pending.push(piece_of(&l, x.clone()));
                } else if crate::grammar::assign::named_unit(x) {
                    cur.in_tail = true;
                    cur.tail.push(piece_of(&l, x.clone()));
                } else {
                    // A value in words, wrapped (`目标尚未下` ⏎ `达`).
                    let last_done = cur.values.last().is_some_and(|v| {
                        value_like(&v.iter().map(|p| p.text.as_str()).collect::<String>())
                    });
                    if last_done {
                        cur.values.push(vec![piece_of(&l, x.clone())]);
                    } else if let Some(v) = cur.values.last_mut() {
                        v.push(piece_of(&l, x.clone()));
                    }
                }
                // Full values end the row's values, unless the last is words that may
                // still wrap (`目标尚未下` ⏎ `达`).
                if cur.values.len() >= nvalues
                    && cur.values.last().is_some_and(|v| {
                        value_like(&v.iter().map(|p| p.text.as_str()).collect::<String>())
                    })
                {
                    cur.in_tail = true;
                }
            }
            k += 1;
            stop = k;
            continue;
        }
        // A header repeated after a page break, and its wrapped pieces: skipped.
        if is_header_line(&l) && l.tokens.iter().filter(|x| header_texts.contains(x)).count() >= 2 {
            in_repeat = true;
            k += 1;
            continue;
        }
        if in_repeat && l.tokens.len() == 1 && header_pieces.contains(&l.tokens[0]) {
            k += 1;
            continue;
        }
        in_repeat = false;
        // A row number: digits first, then a name (not a value: `207 254 280 300` is
        // a line of values).
        let first_is_number = l
            .tokens
            .first()
            .is_some_and(|x| x.chars().all(|ch| ch.is_ascii_digit()))
            && l.tokens.get(1).is_none_or(|x| !is_value(x));
        // Values: the trailing value tokens; on a line that starts a numbered row, every
        // token from the first value on (text values such as `同比例` count too); a
        // number alone on its line is a row number.
        let vals = if first_is_number && l.tokens.len() >= nvalues + 2 {
            // A whole row on one line: the last tokens are its values, whatever their
            // words (`全部消除`), the rest its name (`每千人口拥有 3岁以下…`).
            nvalues
        } else if first_is_number {
            // The name runs to the first value token.
            // The name runs to the first value token, or through a token that ends in
            // its unit (`减排量（吨） 达到市要求`: words after the unit are values).
            let value_at = l.tokens[1..]
                .iter()
                .position(|x| is_value(x))
                .map_or(l.tokens.len(), |p| p + 1);
            let unit_end = l.tokens[1..]
                .iter()
                .position(|x| x.ends_with(['）', ')']))
                .map_or(l.tokens.len(), |p| p + 2);
            let first_value = value_at.min(unit_end);
            l.tokens.len() - first_value
        } else if cur.values.is_empty()
            && pending
                .last()
                .or(cur.label.last())
                .is_some_and(|p| p.text.ends_with(['）', ')']))
        {
            // The name so far ends in its unit (`…排放量` ⏎ `降低（%）`): this line
            // holds values, whatever their words (`达到市要求 约束性`).
            l.tokens.len()
        } else {
            l.tokens.iter().rev().take_while(|x| is_value(x)).count()
        };
        let lead: Vec<&String> = l.tokens[..l.tokens.len() - vals].iter().collect();
        let starts_number = lead
            .first()
            .is_some_and(|x| x.chars().all(|ch| ch.is_ascii_digit()));
        if vals == 0 && !starts_number {
            let labels_next = has_category_header && category_before_row(lines, k, end);
            if !cur.values.is_empty()
                && cur.values.len() < nvalues
                && !is_value(&l.piece.text)
                && !labels_next
            {
                // A value cell in words, wrapped (`累计` ⏎ `增长` ⏎ `1岁`): it starts after
                // a complete value and continues a cell in words.
                let last_done = cur.values.last().is_some_and(|v| {
                    is_value(&v.iter().map(|p| p.text.as_str()).collect::<String>())
                });
                if last_done {
                    cur.values.push(vec![l.piece.clone()]);
                } else if let Some(v) = cur.values.last_mut() {
                    v.push(l.piece.clone());
                }
            } else {
                // A fragment: a category or a wrapped name.
                pending.push(l.piece.clone());
            }
            k += 1;
            continue;
        }
        // A new row number while a row is open: that row is as complete as it gets.
        // Fragments before the number are its last value, unless the table has a
        // category column and the row has values: then they label the next rows.
        if starts_number && (cur.number.is_some() || !cur.values.is_empty()) {
            let labels_next = has_category_header && !cur.values.is_empty();
            if !pending.is_empty() && !labels_next {
                cur.values.push(std::mem::take(&mut pending));
            }
            rows.push(std::mem::replace(&mut cur, empty()));
        }
        // A numbered line right after a finished row: fragments before it are a category.
        if starts_number && cur.label.is_empty() && cur.values.is_empty() && !pending.is_empty() {
            category = Some(std::mem::take(&mut pending));
            any_category = true;
        }
        if cur.number.is_none() && cur.label.is_empty() && cur.values.is_empty() {
            cur.category = category.take();
        }
        let mut lead = lead.into_iter();
        if starts_number
            && cur.number.is_none()
            && cur.label.is_empty()
            && let Some(n) = lead.next()
        {
            cur.number = Some(piece_of(&l, n.clone()));
        }
        // Fragments before this line's name belong to the name (a wrapped row name).
        if cur.values.is_empty() {
            cur.label.append(&mut pending);
        } else if !pending.is_empty() {
            // Fragments after some values: one wrapped value cell.
            cur.values.push(std::mem::take(&mut pending));
        }
        let name: Vec<Piece> = lead.map(|x| piece_of(&l, x.clone())).collect();
        if !name.is_empty() {
            cur.label.extend(name);
        }
        for v in &l.tokens[l.tokens.len() - vals..] {
            cur.values.push(vec![piece_of(&l, v.clone())]);
        }
        if cur.values.len() >= nvalues {
            rows.push(std::mem::replace(&mut cur, empty()));
        }
        k += 1;
        stop = k;
    }
    if ntext > 0 {
        if !cur.values.is_empty() && !cur.label.is_empty() {
            rows.push(cur);
        }
    } else if cur.values.len() + usize::from(!pending.is_empty()) >= nvalues
        && !cur.label.is_empty()
    {
        if !pending.is_empty() {
            cur.values.push(std::mem::take(&mut pending));
            stop = k;
        }
        rows.push(cur);
    }
    if rows.len() < 2 {
        return None;
    }
    // Columns: [category] [number] label values…
    let cat_col = any_category || has_category_header;
    let label_col = usize::from(cat_col) + usize::from(has_number);
    let ncols = label_col + 1 + nvalues + ntext;
    let mut grid: Vec<Vec<Cell>> = Vec::new();
    let mut head: Vec<Cell> = header.into_iter().map(|h| cell(h.1)).collect();
    if cat_col && !has_category_header {
        head.insert(0, cell(Vec::new()));
    }
    head.resize_with(ncols, || cell(Vec::new()));
    grid.push(head);
    let mut origin: Option<usize> = None;
    for r in rows {
        let mut row: Vec<Cell> = (0..ncols).map(|_| cell(Vec::new())).collect();
        if cat_col {
            match r.category {
                Some(p) => {
                    row[0] = cell(p);
                    origin = Some(grid.len());
                }
                None => {
                    if let Some(o) = origin {
                        grid[o][0].row_span += 1;
                        row[0].covered = true;
                    }
                }
            }
        }
        if has_number && let Some(n) = r.number {
            row[usize::from(cat_col)] = cell(vec![n]);
        }
        row[label_col] = cell(r.label);
        for (i, v) in place_values(r.values, &header_texts[first_value..nvalue_cols]) {
            row[label_col + 1 + i] = cell(v);
        }
        for (i, v) in text_cells(r.tail, &unit_cols).into_iter().enumerate() {
            row[label_col + 1 + nvalues + i] = cell(v);
        }
        grid.push(row);
    }
    // `fragments` when most rows are spread over several lines, else `space_rows`.
    let spread = grid[1..]
        .iter()
        .filter(|r| {
            let mut lines = r.iter().flat_map(|c| c.pieces.iter().map(|p| p.line));
            let first = lines.next();
            lines.any(|l| Some(l) != first)
        })
        .count();
    let layout = if spread * 2 > grid.len() - 1 {
        "fragments"
    } else {
        "space_rows"
    };
    Some((
        Table {
            table_id: String::new(),
            caption: None,
            layout,
            rows: grid,
            header_rows: 1,
        },
        stop,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_tokens() {
        for t in [
            "0.90",
            "100",
            "≥60.00",
            "1:1.10",
            "--",
            "——",
            "约束性",
            "90以上",
            "<1%",
        ] {
            assert!(is_value(t), "{t}");
        }
        for t in ["医院", "2020年", "累计", "1岁", "3个"] {
            assert!(!is_value(t), "{t}");
        }
    }

    /// `may_be_header` finds a header token at the start of a space-separated piece:
    /// true only while no start word holds a digit or a space.
    #[test]
    fn start_words_hold_no_digit_or_space() {
        for w in words("start") {
            assert!(
                !w.contains(|c: char| c.is_ascii_digit() || c.is_whitespace()),
                "{w}"
            );
        }
    }

    /// `is_caption` reads a line's first byte instead of skipping spaces (every space
    /// opens with a byte `fold::may_open_space` lets through: tested in `fold`).
    #[test]
    fn space_lead_bytes() {
        assert!(is_caption("表1 主要指标"));
        assert!(is_caption("\u{3000} 表 2 主要指标"));
        assert!(!is_caption("表彰先进"));
        assert!(!is_caption("主要指标表1"));
        assert!(is_caption("\u{FEFF}表3 主要指标"));
        assert!(!is_caption("（表1）"));
        assert!(!is_caption(""));
    }

    /// A line without `2020 年` is split as it is; with one, the year is joined.
    #[test]
    fn tokens_split_at_spaces() {
        for raw in [
            "",
            "序号 主要指标 2020年 2025年",
            "\u{3000}公共\u{3000}卫生 体系",
            "a\u{00A0}b\u{2003}c",
            "年 月 日",
        ] {
            assert_eq!(
                tokens(raw),
                raw.split_whitespace().collect::<Vec<_>>(),
                "{raw:?}"
            );
        }
        assert_eq!(tokens("指标 2020 年 目标"), ["指标", "2020年", "目标"]);
        assert_eq!(tokens("第 年"), ["第", "年"]);
    }

    #[test]
    fn header_prefilter_agrees() {
        for raw in [
            "序号 主要指标 2020年 2025年",
            "序号 主要指标 2020 年 2025 年",
            "指标 2020 年 2025 年",
            "序号 名称 单位",
            "全市 2023 年 完成 目标",
            "一、总体 要求 序号",
            "2020 2021 2022",
            "",
        ] {
            if header_tokens(&tokens(raw)) {
                assert!(may_be_header(raw), "{raw}");
            }
        }
        assert!(!may_be_header("全市 完成 目标"));
    }
}
