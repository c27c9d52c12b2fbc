//! Clean: decoded text → normalised text with an offset map back to the source.
//!
//! The stage removes page furniture ([`furniture`]), folds each kept line
//! ([`fold`]) and re-flows hard-wrapped lines into paragraphs ([`reflow`]). The result is
//! one paragraph per line of [`Cleaned::text`]; every byte of it maps back to the
//! decoded text through [`Cleaned::map`], and from there to source bytes and lines
//! through [`crate::source::Source`]. It does not decide what a paragraph *is*
//! (heading, roster, table): that is [`crate::segment`]'s job.

pub mod fold;
pub mod furniture;
pub mod offset_map;
pub mod reflow;

use crate::lexicon::Lexicon;
use crate::source::Source;
use furniture::LineClass;
pub use offset_map::OffsetMap;
use std::ops::Range;

/// One kept physical line, in cleaned coordinates.
#[derive(Debug, Clone)]
pub struct CleanLine {
    /// Cleaned-text span of the line's folded text.
    pub start: usize,
    pub end: usize,
    /// 1-based source line.
    pub line: u32,
    /// 1-based page index.
    pub page: u32,
    /// The line started with a TAB (a table cell in one-cell-per-line tables).
    pub tab: bool,
    /// The line has a TAB between cells (tab-separated table or table of contents).
    pub cells: bool,
    /// Blank lines between this line and the previous kept line (furniture counts as blank).
    pub blanks_before: u16,
    /// The line opens a new page (page-start marker, or first line after furniture).
    pub page_start: bool,
}

/// A paragraph: consecutive kept lines joined without separator.
#[derive(Debug, Clone)]
pub struct Para {
    pub start: usize,
    pub end: usize,
    /// Indexes into [`Cleaned::lines`].
    pub lines: Range<usize>,
}

/// How a file was laid out, as detected from its line widths.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// Every printed line is a line of the file; `width` is the column width in
    /// half-width units (a CJK character counts 2).
    HardWrapped { width: u32 },
    /// One paragraph per line (lines may still be split at page breaks).
    ParagraphPerLine,
}

/// A line removed as page furniture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Furniture {
    pub line: u32,
    pub class: LineClass,
}

/// The cleaned text of one file.
#[derive(Debug)]
pub struct Cleaned {
    /// Paragraphs, one per line, separated by `\n`.
    pub text: String,
    pub map: OffsetMap,
    pub lines: Vec<CleanLine>,
    pub paras: Vec<Para>,
    pub pages: u32,
    pub layout: Layout,
    pub furniture: Vec<Furniture>,
    /// What the re-flow found out about each paragraph ([`reflow::starts_block`], the
    /// issuer and heading marker it opens with), where it tested its text (a paragraph
    /// of one line).
    known: Vec<Option<reflow::Known>>,
}

impl Cleaned {
    /// The text of paragraph `i`.
    pub fn para_text(&self, i: usize) -> &str {
        let p = &self.paras[i];
        &self.text[p.start..p.end]
    }

    /// The first kept line of paragraph `i`.
    pub fn first_line(&self, i: usize) -> &CleanLine {
        &self.lines[self.paras[i].lines.start]
    }

    /// The last kept line of paragraph `i`.
    pub fn last_line(&self, i: usize) -> &CleanLine {
        &self.lines[self.paras[i].lines.end - 1]
    }

    /// Whether paragraph `i` starts a structure ([`reflow::starts_block`] of its text),
    /// reusing the re-flow's answer when it has one.
    pub fn starts_block(&self, i: usize) -> bool {
        self.known_starts_block(i)
            .unwrap_or_else(|| reflow::starts_block(self.para_text(i)))
    }

    /// [`Cleaned::starts_block`] of paragraph `i` if it is known without testing: a
    /// caller may then skip the structure tests it is made of.
    pub fn known_starts_block(&self, i: usize) -> Option<bool> {
        self.known.get(i).copied().flatten().map(|k| k.starts)
    }

    /// [`issuer_prefix`](crate::grammar::issuers::issuer_prefix) of paragraph `i`'s text:
    /// the re-flow's answer where it tested the text, computed otherwise.
    pub fn issuer_prefix(&self, i: usize) -> Option<usize> {
        match self.known.get(i).copied().flatten() {
            Some(k) => k.issuer,
            None => crate::grammar::issuers::issuer_prefix(self.para_text(i)),
        }
    }

    /// [`headings::marker`](crate::grammar::headings::marker) of paragraph `i`'s text:
    /// the re-flow's answer where it asked, computed otherwise.
    pub fn heading_marker(&self, i: usize) -> Option<crate::grammar::headings::Marker> {
        match self.known.get(i).copied().flatten().and_then(|k| k.marker) {
            Some(m) => m,
            None => crate::grammar::headings::marker(self.para_text(i)),
        }
    }

    /// Source provenance of the cleaned span `start..end`: 1-based first and last line,
    /// and the byte span in the original file.
    pub fn provenance(&self, src: &Source, start: usize, end: usize) -> Provenance {
        self.provenance_near(src, (0, 0), start, end).0
    }

    /// [`Cleaned::provenance`], searched forward from `hint`: the offset-map piece and
    /// the 1-based source line where the previous span started (`(0, 0)`: no hint).
    /// Returns the hint for the next call ([`OffsetMap::span_near`],
    /// [`Source::lines_of_near`]).
    pub fn provenance_near(
        &self,
        src: &Source,
        hint: (usize, u32),
        start: usize,
        end: usize,
    ) -> (Provenance, (usize, u32)) {
        let ((a, b), piece) = self.map.span_near(hint.0, start, end);
        let (line_start, line_end) = src.lines_of_near(hint.1, a, b.saturating_sub(1).max(a));
        let p = Provenance {
            line_start,
            line_end,
            byte_start: src.byte_of(a),
            byte_end: src.byte_of(b),
        };
        (p, (piece, line_start))
    }
}

/// Where a record came from in the original file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Provenance {
    pub line_start: u32,
    pub line_end: u32,
    pub byte_start: u64,
    pub byte_end: u64,
}

/// What the assembly of paragraphs needs of a folded line besides its [`CleanLine`]
/// (which spans, until then, the line's folded text in a buffer shared by all lines of
/// the file, so that folding allocates nothing per line).
struct LineBuf {
    /// Span of the folded text's map pieces.
    pieces: Range<usize>,
    width: u32,
    /// The re-flow's [`reflow::Marks`] of the folded text, when the fold found them.
    marks: Option<reflow::Marks>,
}

/// Clean a decoded file.
pub fn clean(src: &Source) -> Cleaned {
    let lex = Lexicon::get();
    let raw: Vec<&str> = src.lines().collect();
    // Lines holding `《`, the mark every running header has, found by one search of the
    // whole text: their indexes, increasing, each once.
    let mut titled: Vec<usize> = Vec::new();
    for at in memchr::memmem::find_iter(src.text.as_bytes(), "《") {
        let i = src.line_of(at) as usize - 1;
        if titled.last() != Some(&i) {
            titled.push(i);
        }
    }
    let classes = furniture::classify_titled(&raw, &titled, lex);
    let double_spaced = is_double_spaced(&classes);

    let text_lines = classes.iter().filter(|&&c| c == LineClass::Text).count();
    let mut bufs: Vec<LineBuf> = Vec::with_capacity(text_lines);
    // The kept lines, spanning their folded text until the paragraphs are assembled.
    let mut lines: Vec<CleanLine> = Vec::with_capacity(text_lines);
    // Every kept line folded, one after the other. No piece of a line's map merges with
    // the line before: the two are at least a line break apart in the decoded text.
    let mut folded = String::with_capacity(src.text.len());
    // Most lines are one piece; a line with folds a few more.
    let mut fmap = OffsetMap::with_capacity(text_lines + text_lines / 2);
    let mut folder = fold::Folder::default();
    let mut furniture = Vec::new();
    let (mut page, mut pending_break, mut seen_text, mut blanks) = (1u32, false, false, 0u16);
    let mut prev_class = LineClass::Blank;
    // Few lines hold a TAB: one search of the whole text finds them.
    let mut tabs = Marks::new(memchr::memchr_iter(b'\t', src.text.as_bytes()));
    for (i, line) in raw.iter().enumerate() {
        let no = i as u32 + 1;
        match classes[i] {
            LineClass::Blank => blanks = blanks.saturating_add(1),
            LineClass::RunningHeader | LineClass::PageNumber => {
                furniture.push(Furniture {
                    line: no,
                    class: classes[i],
                });
                pending_break = true;
                blanks = blanks.saturating_add(1);
            }
            LineClass::Text => {
                let marker = line.starts_with(' ')
                    && !line.starts_with("  ")
                    && (i == 0 || (double_spaced && prev_class == LineClass::Text));
                let page_start = (marker || pending_break) && seen_text;
                if page_start {
                    page += 1;
                }
                pending_break = false;
                seen_text = true;
                let base = src.line_start(no);
                let has_tab = tabs.any_in(base..base + line.len());
                let (text_start, pieces_start) = (folded.len(), fmap.piece_count());
                let (width, marks) = folder.fold_line(line, base, &mut folded, &mut fmap);
                bufs.push(LineBuf {
                    width,
                    pieces: pieces_start..fmap.piece_count(),
                    marks,
                });
                lines.push(CleanLine {
                    start: text_start,
                    end: folded.len(),
                    line: no,
                    page,
                    tab: has_tab && line.trim_start_matches(' ').starts_with('\t'),
                    // (A vectorised search: `str::contains` looks byte by byte.)
                    cells: has_tab && memchr::memchr(b'\t', line.trim().as_bytes()).is_some(),
                    blanks_before: blanks,
                    page_start,
                });
                blanks = 0;
            }
        }
        prev_class = classes[i];
    }

    let layout = reflow::detect_layout(bufs.iter().map(|b| b.width));
    let (groups, known) = reflow::reflow(&folded, &lines, &bufs, layout);

    // The paragraphs are the folded lines in order, with a `\n` before every paragraph
    // but the first: each paragraph is copied as one run and its lines' offsets move by
    // the number of separators before it, in place.
    let mut text = String::with_capacity(folded.len() + groups.len());
    let mut map = OffsetMap::with_capacity(fmap.piece_count() + groups.len());
    let mut paras = Vec::with_capacity(groups.len());
    for (gi, g) in groups.iter().enumerate() {
        if gi > 0 {
            let at = src.line_start(lines[g.start].line);
            text.push('\n');
            map.insert(1, at);
        }
        let (from, to) = (lines[g.start].start, lines[g.end - 1].end);
        let pstart = text.len();
        // (No piece continues the one before: the lines are at least a line break apart
        // in the decoded text, and a paragraph opens after an insertion.)
        text.push_str(&folded[from..to]);
        map.append_unmerged(
            &fmap,
            bufs[g.start].pieces.start..bufs[g.end - 1].pieces.end,
        );
        let shift = pstart - from;
        for l in &mut lines[g.clone()] {
            l.start += shift;
            l.end += shift;
        }
        paras.push(Para {
            start: pstart,
            end: text.len(),
            lines: g.clone(),
        });
    }
    Cleaned {
        text,
        map,
        lines,
        paras,
        pages: page,
        layout,
        furniture,
        known,
    }
}

/// The positions of a byte in a text (from one vectorised search of the whole text),
/// asked about span by span in increasing order: whether a span holds one is a
/// comparison, not a search of the span.
struct Marks<I: Iterator<Item = usize>> {
    rest: I,
    next: Option<usize>,
}

impl<I: Iterator<Item = usize>> Marks<I> {
    fn new(mut positions: I) -> Self {
        let next = positions.next();
        Marks {
            rest: positions,
            next,
        }
    }

    /// Whether a position lies in `span`. Spans must not start before an earlier one.
    fn any_in(&mut self, span: Range<usize>) -> bool {
        while self.next.is_some_and(|p| p < span.start) {
            self.next = self.rest.next();
        }
        self.next.is_some_and(|p| p < span.end)
    }
}

/// Most text lines are followed by exactly one blank line and then more text.
fn is_double_spaced(classes: &[LineClass]) -> bool {
    let (mut text, mut one_blank) = (0usize, 0usize);
    for w in classes.windows(3) {
        if w[0] == LineClass::Text {
            text += 1;
            if w[1] == LineClass::Blank && w[2] == LineClass::Text {
                one_blank += 1;
            }
        }
    }
    text > 0 && one_blank * 10 >= text * 6
}

#[cfg(test)]
mod tests;
