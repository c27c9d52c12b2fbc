//! Space-aligned layout tables (`pdftotext -layout`): cells placed by column position,
//! text cells wrapped over several lines above and below the row's anchor line.
//!
//! What it reads: a header line whose source text prints three or more cells separated
//! by runs of two or more spaces (`序号  重点任务      牵头单位    责任单位    完成时限`),
//! one of them a row-number column (`序号`, `编号`). Positions are display columns of
//! the source line (CJK and full-width characters count 2, others 1; a form feed counts
//! 0), because the clean stage collapses space runs. Each body line is cut the same way
//! into segments; a segment belongs to the header cell its span overlaps (or, overlapping
//! none, the nearest), so a cell may be left-aligned under a centred header. A line whose
//! number column holds a number is a row's anchor. Lines between two anchors are shared
//! by the centring rule of `pdftotext -layout`, which prints a row's one-line cells on
//! its middle line (the upper middle for an even height), so the lines after an anchor
//! number the lines before it or one more: the row above takes half of them (the odd
//! one included), kept within that bound, and then every further line whose segments
//! continue a cell of the row above left open (ending in `、`/`，`/`；` or an unclosed
//! bracket). After the last anchor the row takes at most its leading lines plus one (and
//! open cells' continuations). A header repeated after a page break continues the table
//! and splits the lines around it: those before go to the row above, those after to the
//! row below. A cell's lines are its pieces, joined without spaces.
//!
//! The table ends at a line with a segment spanning two header cells (a prose line, a
//! `注：` note), a line of TAB cells, or a line the row model cannot place.
//!
//! Not read: headers wrapped over several lines (more than four lines before the first
//! anchor is taken for one and the reader gives up), top-aligned cells (a row's lines
//! before its anchor are assumed to be its own), tables without a number column, and
//! tables whose columns are separated by single spaces (those go to
//! [`super::tables_text`]).

use super::Ctx;
use super::tables::{Cell, Piece, Table};

/// A segment may start this many display columns off its header cell.
const TOL: usize = 2;

/// The display width of a character: 2 for East Asian wide and full-width characters.
fn width(c: char) -> usize {
    match c as u32 {
        0x0C => 0,
        0x1100..=0x115F
        | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x20000..=0x3FFFD => 2,
        _ => 1,
    }
}

/// One text segment of a source line: display columns `[col, end)`, bytes in the line.
#[derive(Debug, Clone, PartialEq)]
struct Seg {
    col: usize,
    end: usize,
    bytes: std::ops::Range<usize>,
}

/// The segments of a line: runs of text separated by two or more display columns of
/// space (a single space stays inside a segment, `2020 年`).
fn segments(raw: &str) -> Vec<Seg> {
    let mut out = Vec::new();
    let mut col = 0;
    let mut cur: Option<Seg> = None;
    let mut gap = 0; // display columns of space since the last text character
    for (b, ch) in raw.char_indices() {
        let w = width(ch);
        if ch == ' ' || ch == '\u{3000}' || ch == '\u{a0}' || ch == '\u{c}' {
            gap += w;
            if gap >= 2
                && let Some(s) = cur.take()
            {
                out.push(s);
            }
        } else {
            gap = 0;
            match &mut cur {
                Some(s) => {
                    s.end = col + w;
                    s.bytes.end = b + ch.len_utf8();
                }
                None => {
                    cur = Some(Seg {
                        col,
                        end: col + w,
                        bytes: b..b + ch.len_utf8(),
                    })
                }
            }
        }
        col += w;
    }
    out.extend(cur);
    out
}

/// The header cells a segment overlaps by two or more columns.
fn overlaps(heads: &[Seg], s: &Seg) -> Vec<usize> {
    heads
        .iter()
        .enumerate()
        .filter(|(_, h)| s.end.min(h.end).saturating_sub(s.col.max(h.col)) >= 2)
        .map(|(i, _)| i)
        .collect()
}

/// The column of a segment: the header cell it overlaps, else the nearest one; None
/// when it spans two header cells (prose) or lies left of the table.
fn column(heads: &[Seg], s: &Seg) -> Option<usize> {
    let over = overlaps(heads, s);
    match over[..] {
        [c] => Some(c),
        [] => {
            if s.end + TOL <= heads[0].col {
                return None;
            }
            let dist = |h: &Seg| {
                if s.end <= h.col {
                    h.col - s.end
                } else {
                    s.col.saturating_sub(h.end)
                }
            };
            (0..heads.len()).min_by_key(|&i| dist(&heads[i]))
        }
        _ => None,
    }
}

/// A row number: `1`, `12`, `3.`, `4、`.
fn is_number(t: &str) -> bool {
    let d = t.trim_end_matches(['.', '、', '．']);
    !d.is_empty() && d.len() <= 4 && d.bytes().all(|b| b.is_ascii_digit())
}

/// A cell's text left open at a line end: a list or clause separator, or a bracket not
/// yet closed.
fn open(text: &str) -> bool {
    text.ends_with(['、', '，', ',', '；', '（', '('])
        || text.matches(['（', '(']).count() > text.matches(['）', ')']).count()
}

/// One body line (kept line `k`), its segments placed in columns.
struct Placed {
    k: usize,
    cells: Vec<(usize, Piece)>,
}

enum Item {
    Anchor(Placed),
    Body(Placed),
    /// A repeated header at kept line `k`.
    Barrier(usize),
}

/// Read a layout table whose header is kept line `at`: the table and the kept line
/// after it, or None when the header is not space-aligned or fewer than two rows read.
pub(super) fn read(cx: &Ctx<'_>, at: usize, end: usize) -> Option<(Table, usize)> {
    let c = cx.cleaned;
    let src_line = |k: usize| {
        let line = c.lines[k].line;
        (line, cx.src.line_text(line), cx.src.line_start(line))
    };
    let piece = |line: u32, raw: &str, start: usize, s: &Seg| Piece {
        text: crate::clean::fold::strip_spaces(&raw[s.bytes.clone()]),
        line,
        byte_start: cx.src.byte_of(start + s.bytes.start),
        byte_end: cx.src.byte_of(start + s.bytes.end),
    };
    let (hline, hraw, hstart) = src_line(at);
    let heads = segments(hraw);
    if heads.len() < 3 {
        return None;
    }
    let head_pieces: Vec<Piece> = heads
        .iter()
        .map(|s| piece(hline, hraw, hstart, s))
        .collect();
    let head_texts: Vec<&str> = head_pieces.iter().map(|p| p.text.as_str()).collect();
    let num_col = head_texts
        .iter()
        .position(|h| h.contains("序号") || h.contains("编号"))?;

    // Classify the lines after the header.
    let mut items: Vec<Item> = Vec::new();
    let mut k = at + 1;
    while k < end {
        let cl = &c.lines[k];
        if cl.tab || cl.cells {
            break;
        }
        let (line, raw, start) = src_line(k);
        let segs = segments(raw);
        if segs.is_empty() {
            k += 1;
            continue;
        }
        let pieces: Vec<Piece> = segs.iter().map(|s| piece(line, raw, start, s)).collect();
        if pieces.len() >= 2 && pieces.iter().all(|p| head_texts.contains(&p.text.as_str())) {
            items.push(Item::Barrier(k));
            k += 1;
            continue;
        }
        let Some(cols) = segs
            .iter()
            .map(|s| column(&heads, s))
            .collect::<Option<Vec<usize>>>()
        else {
            break;
        };
        let cells: Vec<(usize, Piece)> = cols.into_iter().zip(pieces).collect();
        let anchor = cells
            .iter()
            .any(|(col, p)| *col == num_col && is_number(&p.text));
        items.push(if anchor {
            Item::Anchor(Placed { k, cells })
        } else {
            Item::Body(Placed { k, cells })
        });
        k += 1;
    }
    // Rows: each a list of (column, piece), in line order.
    let mut rows: Vec<Vec<(usize, Piece)>> = Vec::new();
    let mut ups: Vec<usize> = Vec::new();
    // Lines not yet given to a row, since the last anchor or barrier.
    let mut loose: Vec<Placed> = Vec::new();
    let mut after_barrier = true; // the header itself acts as a barrier
    let mut stop = at + 1;
    let first_anchor = items.iter().position(|i| matches!(i, Item::Anchor(_)))?;
    if items[..first_anchor]
        .iter()
        .filter(|i| matches!(i, Item::Body(_)))
        .count()
        > 4
    {
        return None;
    }
    for item in items {
        match item {
            Item::Body(p) => loose.push(p),
            Item::Barrier(k) => {
                if let Some(row) = rows.last_mut() {
                    for p in loose.drain(..) {
                        row.extend(p.cells);
                    }
                }
                loose.clear();
                after_barrier = true;
                stop = k + 1;
            }
            Item::Anchor(p) => {
                stop = p.k + 1;
                let mut lead = std::mem::take(&mut loose);
                if !after_barrier && let (Some(row), Some(&up)) = (rows.last_mut(), ups.last()) {
                    let s = share(row, up, &lead);
                    for l in lead.drain(..s) {
                        row.extend(l.cells);
                    }
                }
                after_barrier = false;
                ups.push(lead.len());
                let mut row: Vec<(usize, Piece)> = lead.into_iter().flat_map(|l| l.cells).collect();
                row.extend(p.cells);
                rows.push(row);
            }
        }
    }
    // After the last anchor: at most its leading lines plus one, and open cells' lines.
    if !after_barrier && let (Some(row), Some(&up)) = (rows.last_mut(), ups.last()) {
        let s = (up + 1).min(loose.len());
        let s = s + continued(row, &loose[..s], &loose[s..]);
        for l in loose.drain(..s) {
            stop = l.k + 1;
            row.extend(l.cells);
        }
    }
    if rows.len() < 2 {
        return None;
    }

    let ncols = heads.len();
    let new_cell = |pieces: Vec<Piece>| Cell {
        pieces,
        row_span: 1,
        col_span: 1,
        covered: false,
    };
    let mut grid: Vec<Vec<Cell>> =
        vec![head_pieces.into_iter().map(|p| new_cell(vec![p])).collect()];
    for r in rows {
        let mut row: Vec<Cell> = (0..ncols).map(|_| new_cell(Vec::new())).collect();
        for (col, p) in r {
            if !p.text.is_empty() {
                row[col].pieces.push(p);
            }
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

/// How many of the `between` lines (after a row with `up` leading lines, before the
/// next anchor) the row above takes: half (the odd one included), kept within `up` and
/// `up + 1` (the centring of `pdftotext -layout`), then every further line that
/// continues one of the row's open cells.
fn share(row: &[(usize, Piece)], up: usize, between: &[Placed]) -> usize {
    let l = between.len();
    let s = l.div_ceil(2).clamp(up, up + 1).min(l);
    s + continued(row, &between[..s], &between[s..])
}

/// How many of `lines` (from the first) continue a cell of `row` (with the lines
/// `taken` it already has) left open: every segment of the line falls in a column
/// whose text so far is open.
fn continued(row: &[(usize, Piece)], taken: &[Placed], lines: &[Placed]) -> usize {
    let mut text: std::collections::BTreeMap<usize, String> = Default::default();
    for (c, p) in row.iter().chain(taken.iter().flat_map(|l| l.cells.iter())) {
        text.entry(*c).or_default().push_str(&p.text);
    }
    let mut n = 0;
    for l in lines {
        let all_open = !l.cells.is_empty()
            && l.cells
                .iter()
                .all(|(c, _)| text.get(c).is_some_and(|t| open(t)));
        if !all_open {
            break;
        }
        for (c, p) in &l.cells {
            text.entry(*c).or_default().push_str(&p.text);
        }
        n += 1;
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_by_display_column() {
        let s = segments("\u{c}      序号  重点任务    牵头单位");
        let cols: Vec<(usize, usize)> = s.iter().map(|s| (s.col, s.end)).collect();
        assert_eq!(cols, [(6, 10), (12, 20), (24, 32)]);
        // A single space stays inside a segment.
        let s = segments("2020 年  目标");
        assert_eq!(s.len(), 2);
        assert_eq!((s[0].col, s[0].end), (0, 7));
    }

    #[test]
    fn columns_by_overlap() {
        let heads = segments("      序号  重点任务                            牵头单位");
        let line = segments("      1     社区多功能运动场等场地设施，实施    市体育局");
        let cols: Vec<_> = line.iter().map(|s| column(&heads, s)).collect();
        assert_eq!(cols, [Some(0), Some(1), Some(2)]);
        let prose = segments("      注：约束性指标为必须完成的指标，预期性指标为力争实现的指标。");
        assert_eq!(column(&heads, &prose[0]), None);
    }

    #[test]
    fn open_cells() {
        assert!(open("市发展改革委、市自然资源和规划局，各县（市、"));
        assert!(open("市体育局、"));
        assert!(!open("市体育局"));
        assert!(!open("各县（市、区）人民政府"));
    }

    /// A row wrapped above and below its anchor, a unit cell left open across two more
    /// lines, and a page break with the header repeated.
    #[test]
    fn wrapped_rows_and_a_repeated_header() {
        let text = "关于印发某市重点任务分工方案的通知\n\n      各单位：现将分工表印发给你们，请认真贯彻落实。\n\n                      某市重点任务分工表\n\n      序号  重点任务                      牵头单位        责任单位                  完成时限\n            建设城市公园和健身步道，\n      1     完善社区体育设施，推进        市体育局        市发展改革委、市住建      2025年底前\n            全民健身设施建设                              局，各县（市、\n                                                          区）人民政府\n      2     开展全民健身活动              市教育局        市体育局                  长期坚持\n            和体质监测\n\n      － 2 －\n\u{c}      序号  重点任务                      牵头单位        责任单位                  完成时限\n            推进体育消费\n      3     试点城市建设                  市商务局        市体育局、市财政局        持续推进\n\n      抄送：市委各部门，市人大常委会办公室，市政协办公室。\n";
        let o = crate::pipeline::process_text("layout.txt", text);
        let first = &o.tables[0].table_id;
        let cells: Vec<_> = o.tables.iter().filter(|c| &c.table_id == first).collect();
        let rows = cells.iter().map(|c| c.row).max().unwrap() + 1;
        let mut g = vec![vec![String::new(); 5]; rows as usize];
        for c in &cells {
            g[c.row as usize][c.col as usize] = c.text.clone();
        }
        let g: Vec<String> = g.into_iter().map(|r| r.join(" | ")).collect();
        assert_eq!(
            g,
            [
                "序号 | 重点任务 | 牵头单位 | 责任单位 | 完成时限",
                "1 | 建设城市公园和健身步道，完善社区体育设施，推进全民健身设施建设 | 市体育局 | 市发展改革委、市住建局，各县（市、区）人民政府 | 2025年底前",
                "2 | 开展全民健身活动和体质监测 | 市教育局 | 市体育局 | 长期坚持",
                "3 | 推进体育消费试点城市建设 | 市商务局 | 市体育局、市财政局 | 持续推进",
            ]
        );
        assert!(cells.iter().all(|c| c.layout == "space_rows"));
        let lead: Vec<_> = o
            .assignments
            .iter()
            .filter(|a| a.role == "lead")
            .map(|a| a.unit_raw.as_str())
            .collect();
        assert_eq!(lead, ["市体育局", "市教育局", "市商务局"]);
        let responsible = o.assignments.iter().filter(|a| a.role == "responsible");
        assert_eq!(responsible.count(), 6);
        // The open-ended 完成时限 cells are ongoing limits of their rows' tasks.
        let ongoing: Vec<_> = o
            .deadlines
            .iter()
            .filter(|d| d.kind == "ongoing")
            .map(|d| (d.text.as_str(), d.task_id.as_deref().unwrap_or("")))
            .collect();
        assert_eq!(ongoing.len(), 2);
        assert_eq!(ongoing[0].0, "长期坚持");
        assert!(ongoing[0].1.ends_with("/r2"), "{ongoing:?}");
        assert_eq!(ongoing[1].0, "持续推进");
        assert!(ongoing[1].1.ends_with("/r3"), "{ongoing:?}");
    }
}
