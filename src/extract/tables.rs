//! tables: every TAB-laid-out table of a document rebuilt as a grid of cells.
//!
//! Two layouts are read, both marked by TABs that the PDF-to-text step kept:
//! - `tab_cells`: one cell per TAB-prefixed line; a blank line ends a row group; a line
//!   without TAB continues the cell before it (a wrapped cell, or a second unit stacked
//!   in one cell); an empty TAB line is an empty (usually merged) cell;
//! - `tab_rows`: one row per line, cells separated by TABs.
//!
//! Row 0 is the header; when a row within the first six starts with `1`, every row before
//! it is a header row. A row repeating the header after a page break is dropped. An empty
//! cell in the first two columns of a data row continues the cell above (a merged
//! category), which gets the row span. A region whose rows hold one cell each is a box or
//! list (`专栏` with items), not a grid, and is left alone. The caption is the TAB line
//! `专栏N …` / `表N …` that opens the table, else the title lines just above it.
//!
//! Not read yet (their text stays in provisions): tables printed one fragment per line
//! without TABs, space-separated rows, and rotated one-glyph-per-line tables.

use super::Ctx;
use crate::clean::fold::{strip_spaces, strip_spaces_ref};
use crate::model::{Prov, TableCellRec};
use std::borrow::Cow;
use std::sync::Arc;

/// One piece of a cell's text and where it is.
#[derive(Debug, Clone)]
pub struct Piece {
    pub text: String,
    pub line: u32,
    pub byte_start: u64,
    pub byte_end: u64,
}

/// A cell: its printed pieces (wrapped lines, stacked units).
#[derive(Debug, Clone, Default)]
pub struct Cell {
    pub pieces: Vec<Piece>,
    pub row_span: u16,
    pub col_span: u16,
    /// Covered by a span from another cell: not emitted.
    pub covered: bool,
}

impl Cell {
    /// Pieces joined; two complete unit names stacked in one cell (`市科技局` ⏎ `市工信局`)
    /// are joined with `、`, wrapped text without a separator.
    pub fn text(&self) -> String {
        self.text_ref().into_owned()
    }

    /// [`Cell::text`], borrowed when the cell has at most one piece (most cells): for
    /// comparing a cell's text without copying it.
    pub fn text_ref(&self) -> Cow<'_, str> {
        use crate::grammar::assign::unit_like;
        match &self.pieces[..] {
            [] => Cow::Borrowed(""),
            [p] => Cow::Borrowed(&p.text),
            [first, rest @ ..] => {
                let len = self.pieces.iter().map(|p| p.text.len()).sum::<usize>();
                let mut out = String::with_capacity(len + '、'.len_utf8() * rest.len());
                out.push_str(&first.text);
                // Each piece is asked at most once whether it names a unit, and only when
                // the answer matters: a piece is asked before the one before it, and one
                // that names none settles both separators around it. A run of pieces that
                // name no unit (the glyphs of a rotated table) asks half of them.
                let mut prev = first.text.as_str();
                // Whether `prev` names a unit; None when not asked.
                let mut prev_unit: Option<bool> = None;
                for p in rest {
                    prev_unit = match prev_unit {
                        Some(false) => None,
                        known => {
                            let unit = unit_like(&p.text);
                            if unit && known.unwrap_or_else(|| unit_like(prev)) {
                                out.push('、');
                            }
                            Some(unit)
                        }
                    };
                    out.push_str(&p.text);
                    prev = &p.text;
                }
                Cow::Owned(out)
            }
        }
    }

    /// Whether [`Cell::text`] is empty, without building it (`、` only ever joins two
    /// unit names, which are not empty).
    pub fn is_empty(&self) -> bool {
        self.pieces.iter().all(|p| p.text.is_empty())
    }
}

/// A rebuilt table.
#[derive(Debug, Clone)]
pub struct Table {
    pub table_id: String,
    pub caption: Option<String>,
    pub layout: &'static str,
    pub rows: Vec<Vec<Cell>>,
    pub header_rows: usize,
}

impl Table {
    /// The header text of column `c` (all header rows joined).
    pub fn header(&self, c: usize) -> String {
        self.rows[..self.header_rows]
            .iter()
            .filter_map(|r| r.get(c))
            .map(Cell::text)
            .collect()
    }

    /// Provenance of a set of cells' pieces.
    pub fn prov_of<'a>(cx: &Ctx<'_>, cells: impl Iterator<Item = &'a Cell>) -> Option<Prov> {
        // The first piece to start and the last to end (ties: the earliest to start, the
        // latest to end, as `min_by_key` / `max_by_key` pick), in one pass.
        let mut pieces = cells.flat_map(|c| c.pieces.iter());
        let one = pieces.next()?;
        let (first, last) = pieces.fold((one, one), |(first, last), p| {
            (
                if p.byte_start < first.byte_start {
                    p
                } else {
                    first
                },
                if p.byte_end >= last.byte_end { p } else { last },
            )
        });
        Some(Prov {
            source: cx.source.clone(),
            line_start: first.line,
            line_end: last.line,
            byte_start: first.byte_start,
            byte_end: last.byte_end,
        })
    }
}

/// One kept line of a `tab_cells` region.
struct Line {
    tab: bool,
    blank_before: bool,
    piece: Piece,
}

/// The tables of one document.
pub fn tables(cx: &Ctx<'_>) -> Vec<Table> {
    let c = cx.cleaned;
    let Some(kept) = cx.kept_lines() else {
        return Vec::new();
    };
    let line = |k: usize| {
        let cl = &c.lines[k];
        let p = cx.provenance(cl.start, cl.end);
        Line {
            tab: cl.tab,
            blank_before: cl.blanks_before > 0,
            piece: Piece {
                text: strip_spaces(&c.text[cl.start..cl.end]),
                line: cl.line,
                byte_start: p.byte_start,
                byte_end: p.byte_end,
            },
        }
    };
    let mut out = Vec::new();
    let mut k = kept.start;
    while k < kept.end {
        let cl = &c.lines[k];
        if !(cl.tab || cl.cells) {
            k += 1;
            continue;
        }
        let rows_layout = cl.cells;
        let start = k;
        let mut end = k + 1;
        while end < kept.end {
            let n = &c.lines[end];
            let fits = if rows_layout {
                n.cells
            } else {
                n.tab && !n.cells || continues(c, end, kept.end)
            };
            if !fits {
                break;
            }
            end += 1;
        }
        // A `tab_rows` region reads its source lines, not the cleaned ones: their
        // pieces and provenance are not built.
        let mut rows = if rows_layout {
            tab_rows(cx, start..end)
        } else {
            tab_cells((start..end).map(line))
        };
        let mut caption = None;
        if let Some(first) = rows.first()
            && first.len() == 1
        {
            let t = first[0].text();
            if t.starts_with("专栏") || is_table_label(&t) {
                caption = Some(t);
                rows.remove(0);
            }
        }
        k = end;
        if rows
            .iter()
            .all(|r| r.iter().filter(|c| !c.is_empty()).count() <= 1)
        {
            continue; // a box or a list, not a grid
        }
        let caption = caption.or_else(|| caption_above(c, start, kept.start));
        let n = out.len() + 1;
        let mut t = Table {
            table_id: format!("{}/tb{n}", cx.doc_id),
            caption,
            layout: if rows_layout { "tab_rows" } else { "tab_cells" },
            rows,
            header_rows: 1,
        };
        shape(&mut t);
        out.push(t);
    }
    // Both readers of tables without TABs ask every line its glyphs: asked once.
    let shapes = super::tables_glyph::Shapes::of(cx, kept);
    let n = out.len();
    out.extend(super::tables_text::tables(cx, &shapes, n));
    let n = out.len();
    out.extend(super::tables_glyph::tables(cx, &shapes, n));
    out
}

/// `表1`, `表 3`, `表一`.
pub(super) fn is_table_label(t: &str) -> bool {
    t.strip_prefix('表').is_some_and(|r| {
        r.chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit() || "一二三四五六七八九十".contains(c))
    })
}

/// A line without TAB inside a `tab_cells` region: a short continuation followed (after
/// at most four more short pieces, `⇥重点`/`人群`/`健康`/`服务`) by more cells.
fn continues(c: &crate::clean::Cleaned, k: usize, end: usize) -> bool {
    let short = |l: &crate::clean::CleanLine| {
        let t = &c.text[l.start..l.end];
        !l.tab && !l.cells && t.chars().count() <= 40 && !crate::clean::reflow::starts_block(t)
    };
    if !short(&c.lines[k]) {
        return false;
    }
    for n in c.lines[k + 1..end].iter().take(5) {
        if n.tab {
            return !n.cells;
        }
        if !short(n) {
            return false;
        }
    }
    false
}

/// Title lines just above a table: up to three short lines that do not end a sentence,
/// without an `附件N` label.
fn caption_above(c: &crate::clean::Cleaned, start: usize, floor: usize) -> Option<String> {
    let mut parts = Vec::new();
    let mut k = start;
    while k > floor && parts.len() < 3 {
        k -= 1;
        let l = &c.lines[k];
        let t = strip_spaces_ref(&c.text[l.start..l.end]);
        if t.is_empty() {
            continue;
        }
        let label = t.starts_with("附件")
            && t["附件".len()..]
                .chars()
                .all(|c| c.is_ascii_digit() || c == '：' || c == ':');
        if label {
            break;
        }
        if l.tab
            || t.chars().count() > 50
            || t.ends_with(['。', '；', '：', ':', '，'])
            || crate::clean::reflow::starts_block(&t) && !is_table_label(&t)
        {
            break;
        }
        parts.push(t);
    }
    parts.reverse();
    (!parts.is_empty()).then(|| parts.concat())
}

/// Rows of a `tab_cells` region, from its lines in order (each line's piece moves into
/// its cell).
fn tab_cells(lines: impl Iterator<Item = Line>) -> Vec<Vec<Cell>> {
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    for l in lines {
        let new_group = l.blank_before || rows.is_empty();
        if !l.tab {
            // A continuation: the last cell of the current row.
            if let Some(cell) = rows.last_mut().and_then(|r| r.last_mut()) {
                if !l.piece.text.is_empty() {
                    cell.pieces.push(l.piece);
                }
                continue;
            }
        }
        if new_group && l.tab {
            rows.push(Vec::new());
        }
        let row = rows.last_mut().expect("a row was pushed");
        let mut cell = Cell {
            row_span: 1,
            col_span: 1,
            ..Default::default()
        };
        if !l.piece.text.is_empty() {
            cell.pieces.push(l.piece);
        }
        row.push(cell);
    }
    rows
}

/// Rows of a `tab_rows` region (kept lines `region`): each source line split at TABs.
fn tab_rows(cx: &Ctx<'_>, region: std::ops::Range<usize>) -> Vec<Vec<Cell>> {
    cx.cleaned.lines[region]
        .iter()
        .map(|cl| {
            let (raw, raw_start) = (cx.src.line_text(cl.line), cx.src.line_start(cl.line));
            let mut cells = Vec::new();
            let mut off = 0;
            for part in raw.split('\t') {
                // The cell's own bytes: without the spaces around it (U+FEFF included), so
                // its span stays inside the document's.
                let space = crate::clean::fold::is_space;
                let lead = part.len() - part.trim_start_matches(space).len();
                let trail = part.len() - part.trim_end_matches(space).len();
                let a = raw_start + off + lead.min(part.len());
                let b = (raw_start + off + part.len() - trail).max(a);
                off += part.len() + 1;
                let text = strip_spaces_ref(part);
                let mut cell = Cell {
                    row_span: 1,
                    col_span: 1,
                    ..Default::default()
                };
                if !text.is_empty() {
                    cell.pieces.push(Piece {
                        text: text.into_owned(),
                        line: cl.line,
                        byte_start: cx.src.byte_of(a),
                        byte_end: cx.src.byte_of(b),
                    });
                }
                cells.push(cell);
            }
            cells
        })
        .collect()
}

/// Header rows, repeated headers, padding and merged categories.
fn shape(t: &mut Table) {
    let first_data = t.rows.iter().take(6).position(|r| {
        r.first()
            .is_some_and(|c| matches!(c.text_ref().as_ref(), "1" | "一" | "1." | "（一）"))
    });
    t.header_rows = match first_data {
        Some(k) if k > 0 => k,
        _ => 1,
    }
    .min(t.rows.len());
    let header: Vec<Vec<String>> = t.rows[..t.header_rows]
        .iter()
        .map(|r| r.iter().map(Cell::text).collect())
        .collect();
    let h = t.header_rows;
    let repeats_header = |row: &[Cell]| {
        header.iter().any(|texts| {
            texts.len() == row.len()
                && texts
                    .iter()
                    .zip(row)
                    .all(|(h, c)| c.text_ref() == h.as_str())
        })
    };
    let mut k = h;
    while k < t.rows.len() {
        if repeats_header(&t.rows[k]) {
            t.rows.remove(k);
        } else {
            k += 1;
        }
    }
    let ncols = t.rows.iter().map(Vec::len).max().unwrap_or(0);
    for r in &mut t.rows {
        while r.len() < ncols {
            r.push(Cell {
                row_span: 1,
                col_span: 1,
                ..Default::default()
            });
        }
    }
    // A one-cell row (`起草部门：市发改委（1件）`) spans the table.
    for r in t.rows.iter_mut().skip(h) {
        if r.iter().filter(|c| !c.is_empty()).count() == 1 && !r[0].is_empty() {
            r[0].col_span = ncols as u16;
            for c in r.iter_mut().skip(1) {
                c.covered = true;
            }
        }
    }
    // Empty cells under a category in the first two columns continue it.
    for col in 0..ncols.min(2) {
        let mut origin: Option<usize> = None;
        for row in h..t.rows.len() {
            let cell = &t.rows[row][col];
            if cell.covered {
                origin = None;
                continue;
            }
            let others = t.rows[row]
                .iter()
                .enumerate()
                .any(|(c, x)| c != col && !x.is_empty());
            if cell.is_empty() && others {
                if let Some(o) = origin {
                    t.rows[o][col].row_span += 1;
                    t.rows[row][col].covered = true;
                }
            } else {
                origin = (!cell.is_empty()).then_some(row);
            }
        }
    }
}

/// Records of every table of the document.
pub fn records(cx: &Ctx<'_>, tables: &[Table]) -> Vec<TableCellRec> {
    let cells = tables.iter().flat_map(|t| t.rows.iter().flatten());
    let mut out = Vec::with_capacity(cells.filter(|c| !c.covered).count());
    for t in tables {
        // One copy of the id and caption, shared by every cell.
        let table_id: Arc<str> = t.table_id.as_str().into();
        let caption: Option<Arc<str>> = t.caption.as_deref().map(Arc::from);
        for (r, row) in t.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                if cell.covered {
                    continue;
                }
                let text = cell.text();
                let prov = Table::prov_of(cx, std::iter::once(cell))
                    .or_else(|| Table::prov_of(cx, row.iter()))
                    .unwrap_or_else(|| cx.prov_paras(cx.doc.paras.start, cx.doc.paras.start + 1));
                out.push(TableCellRec {
                    doc_id: cx.doc_id.to_owned(),
                    table_id: table_id.clone(),
                    caption: caption.clone(),
                    layout: t.layout,
                    row: r as u32,
                    col: c as u32,
                    row_span: cell.row_span,
                    col_span: cell.col_span,
                    is_header: r < t.header_rows,
                    value: number(&text),
                    text,
                    prov,
                });
            }
        }
    }
    out
}

/// A cell that is only a number (`129.01`, `1,050`, `-3`); `≥60`, `<1%`, `1：0.74`,
/// `——` are not.
pub fn number(t: &str) -> Option<f64> {
    // Asked of every cell, nearly all of them words: rule them out before copying.
    if !t
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b',' | b'-'))
    {
        return None;
    }
    // Thousands separators dropped; a cell without one is read in place.
    let t: Cow<str> = if t.contains(',') {
        t.replace(',', "").into()
    } else {
        t.into()
    };
    let body = t.strip_prefix('-').unwrap_or(&t);
    let ok = !body.is_empty()
        && body.chars().all(|c| c.is_ascii_digit() || c == '.')
        && body.chars().filter(|&c| c == '.').count() <= 1
        && body.chars().next().is_some_and(|c| c.is_ascii_digit());
    ok.then(|| t.parse().ok()).flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `Cell::text_ref` asks only some pieces whether they name a unit: it joins them
    /// as asking every piece does.
    #[test]
    fn lazily_joined_text_is_the_eager_join() {
        use crate::grammar::assign::unit_like;
        let words = ["市科技局", "市工信局", "完成", "年", "县发改局（牵头）"];
        assert!(unit_like("市科技局") && unit_like("市工信局") && !unit_like("完成"));
        let piece = |w: &str| Piece {
            text: w.to_owned(),
            line: 0,
            byte_start: 0,
            byte_end: 0,
        };
        // Every sequence of two to four of the words.
        let mut seqs: Vec<Vec<&str>> = Vec::new();
        let mut last: Vec<Vec<&str>> = vec![Vec::new()];
        for len in 1..=4 {
            last = last
                .iter()
                .flat_map(|s| words.iter().map(move |w| [s.as_slice(), &[*w]].concat()))
                .collect();
            if len > 1 {
                seqs.extend(last.iter().cloned());
            }
        }
        assert!(seqs.len() > 600);
        for seq in seqs {
            let mut eager = String::new();
            for (i, w) in seq.iter().enumerate() {
                if i > 0 && unit_like(seq[i - 1]) && unit_like(w) {
                    eager.push('、');
                }
                eager.push_str(w);
            }
            let cell = Cell {
                pieces: seq.iter().map(|w| piece(w)).collect(),
                ..Default::default()
            };
            assert_eq!(cell.text_ref(), eager, "{seq:?}");
        }
    }

    #[test]
    fn numbers_only() {
        assert_eq!(number("129.01"), Some(129.01));
        assert_eq!(number("1,050"), Some(1050.0));
        assert_eq!(number("-3"), Some(-3.0));
        for t in [
            "≥60", "<1%", "1：0.74", "——", "--", "", "2025年", "1-2", "1.2.3", ",",
        ] {
            assert_eq!(number(t), None, "{t}");
        }
    }
}
