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
use crate::clean::fold::strip_spaces;

/// Header words (`grammars/table_headers.tsv`) of one kind: `start` or `whole`.
fn header_words(kind: &str) -> &'static [String] {
    static W: std::sync::OnceLock<Vec<(String, String)>> = std::sync::OnceLock::new();
    let all = W.get_or_init(|| {
        let mut v: Vec<(String, String)> = include_str!("../../grammars/table_headers.tsv")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .filter_map(|l| l.split_once('\t'))
            .map(|(k, w)| (k.to_owned(), w.trim().to_owned()))
            .collect();
        v.sort_by_key(|w| std::cmp::Reverse(w.1.chars().count()));
        v
    });
    static START: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    static WHOLE: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    let pick = |k: &str| {
        all.iter()
            .filter(|w| w.0 == k)
            .map(|w| w.1.clone())
            .collect()
    };
    if kind == "whole" {
        WHOLE.get_or_init(|| pick("whole"))
    } else {
        START.get_or_init(|| pick("start"))
    }
}

/// `2020年` (after `2020 年` lost its space): a year column.
fn starts_year(t: &str) -> bool {
    let d: String = t.chars().take_while(char::is_ascii_digit).collect();
    d.len() == 4 && t[4..].starts_with('年')
}

fn starts_header_word(t: &str) -> bool {
    starts_year(t)
        || header_words("start")
            .iter()
            .any(|w| t.starts_with(w.as_str()))
}

/// A value cell: a number (`0.90`, `100%`, `≥60.00`, `90以上`), a ratio (`1:1.10`), a
/// dash (`--`, `——`), or an indicator nature.
pub fn is_value(t: &str) -> bool {
    if matches!(t, "约束性" | "预期性") || (!t.is_empty() && t.chars().all(|c| "-—–‒/".contains(c)))
    {
        return true;
    }
    let t = t.trim_start_matches(['≥', '≤', '<', '>', '＜', '＞', '≧', '≦']);
    let t = ["以上", "以内", "以下", "左右"]
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

/// One kept line: its text with `2020 年` joined, split at spaces.
struct Line {
    tokens: Vec<String>,
    piece: Piece,
}

/// The space-separated tokens of a line, `2020 年` joined to `2020年` so a year stays
/// one token.
fn tokens(raw: &str) -> Vec<String> {
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

fn line(cx: &Ctx<'_>, k: usize) -> Line {
    let c = cx.cleaned;
    let cl = &c.lines[k];
    let raw = &c.text[cl.start..cl.end];
    let p = c.provenance(cx.src, cl.start, cl.end);
    Line {
        tokens: tokens(raw),
        piece: Piece {
            text: strip_spaces(raw),
            line: cl.line,
            byte_start: p.byte_start,
            byte_end: p.byte_end,
        },
    }
}

fn is_caption(t: &str) -> bool {
    // Most lines do not start with 表: decide that before allocating.
    if t.chars().find(|c| !crate::clean::fold::is_space(*c)) != Some('表') {
        return false;
    }
    let t = strip_spaces(t);
    super::tables::is_table_label(&t) && t.chars().count() <= 60 && !t.ends_with('。')
}

/// A header line: two or more column words among its space-separated tokens.
fn is_header_line(l: &Line) -> bool {
    header_tokens(&l.tokens)
}

fn header_tokens(tokens: &[String]) -> bool {
    tokens.len() >= 3 && tokens.iter().filter(|t| starts_header_word(t)).count() >= 2
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
pub fn tables(cx: &Ctx<'_>, first_id: usize) -> Vec<Table> {
    let c = cx.cleaned;
    let (Some(a), Some(b)) = (
        c.paras.get(cx.doc.paras.start),
        c.paras.get(cx.doc.paras.end.saturating_sub(1)),
    ) else {
        return Vec::new();
    };
    let kept = a.lines.start..b.lines.end;
    let mut out = Vec::new();
    let mut k = kept.start;
    while k < kept.end {
        let cl = &c.lines[k];
        if cl.tab || cl.cells {
            k += 1;
            continue;
        }
        let text = &c.text[cl.start..cl.end];
        let (caption, header_at) = if is_caption(text) {
            (Some(strip_spaces(text)), k + 1)
        } else if text.contains(' ') && header_tokens(&tokens(text)) {
            (None, k)
        } else {
            k += 1;
            continue;
        };
        match read(cx, header_at, kept.end) {
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

/// Read a table whose header starts at kept line `at`: the table and where it ends.
fn read(cx: &Ctx<'_>, at: usize, end: usize) -> Option<(Table, usize)> {
    let c = cx.cleaned;
    // Header: lines up to the first one that holds a value or a row number.
    let mut header: Vec<(String, Vec<Piece>)> = Vec::new();
    let mut before_rows: Vec<Piece> = Vec::new();
    let mut k = at;
    while k < end && k < at + 30 {
        let l = line(cx, k);
        // One glyph on a line ends the header only as the start of a vertical label
        // (`公` ⏎ `共` …); a lone `数` finishing a header cell does not.
        let glyph = |l: &Line| l.tokens.len() == 1 && l.piece.text.chars().count() == 1;
        let vertical = glyph(&l) && k + 1 < end && glyph(&line(cx, k + 1));
        let rowish = l.tokens.iter().any(|t| is_value(t)) || vertical;
        if rowish || c.lines[k].tab || c.lines[k].cells || l.tokens.is_empty() {
            break;
        }
        for (n, tok) in l.tokens.iter().enumerate() {
            let closed = header
                .last()
                .is_some_and(|h| header_words("whole").contains(&h.0));
            let new = header.is_empty() || starts_header_word(tok) || n > 0;
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
    // Value columns: from the first year / target / nature column on.
    let first_value = header
        .iter()
        .position(|h| {
            starts_year(&h.0)
                || ["目标", "性质", "属性", "基数", "现状"]
                    .iter()
                    .any(|w| h.0.contains(w))
        })
        .unwrap_or(header.len() - 1);
    let nvalues = header.len() - first_value;
    let has_number = header.iter().any(|h| h.0.contains("序号"));
    let has_category_header = header
        .first()
        .is_some_and(|h| ["分类", "类别", "领域"].iter().any(|w| h.0.contains(w)));

    struct Row {
        category: Option<Vec<Piece>>,
        number: Option<Piece>,
        label: Vec<Piece>,
        values: Vec<Vec<Piece>>,
    }
    let empty = || Row {
        category: None,
        number: None,
        label: Vec::new(),
        values: Vec::new(),
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
    let mut category: Option<Vec<Piece>> = None;
    let mut any_category = false;
    let mut stop = k;
    while k < end {
        let cl = &c.lines[k];
        if cl.tab || cl.cells {
            break;
        }
        let l = line(cx, k);
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
            let first_value = l.tokens[1..]
                .iter()
                .position(|x| is_value(x))
                .map_or(l.tokens.len(), |p| p + 1);
            l.tokens.len() - first_value
        } else {
            l.tokens.iter().rev().take_while(|x| is_value(x)).count()
        };
        let lead: Vec<&String> = l.tokens[..l.tokens.len() - vals].iter().collect();
        let starts_number = lead
            .first()
            .is_some_and(|x| x.chars().all(|ch| ch.is_ascii_digit()));
        if vals == 0 && !starts_number {
            if !cur.values.is_empty() && cur.values.len() < nvalues && !is_value(&l.piece.text) {
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
        if starts_number && (cur.number.is_some() || !cur.values.is_empty()) {
            if !pending.is_empty() {
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
    if cur.values.len() + usize::from(!pending.is_empty()) >= nvalues && !cur.label.is_empty() {
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
    let ncols = label_col + 1 + nvalues;
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
        for (i, v) in r.values.into_iter().take(nvalues).enumerate() {
            row[label_col + 1 + i] = cell(v);
        }
        grid.push(row);
    }
    Some((
        Table {
            table_id: String::new(),
            caption: None,
            layout: "space_rows",
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
}
