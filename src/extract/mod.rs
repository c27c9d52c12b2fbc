//! Extractors: one module per dataset, each turning a document's blocks into records.
//!
//! Extractors see cleaned text and return records with provenance already mapped to the
//! source (through [`Ctx::prov`]); they never read the raw file.

pub mod assignments;
pub mod cues;
pub mod deadlines;
pub mod documents;
pub mod indicators;
pub mod provisions;
pub mod rosters;
pub mod tables;
pub mod tables_glyph;
pub mod tables_layout;
pub mod tables_text;

use crate::clean::Cleaned;
use crate::model::Prov;
use crate::segment::{Block, DocSpan};
use crate::source::Source;
use std::borrow::Cow;
use std::cell::Cell;
use std::sync::Arc;

/// Paragraphs joined into one text, with each byte's offset in the cleaned text.
#[derive(Debug, Clone)]
pub struct Logical<'a> {
    /// The joined text: borrowed from the cleaned text when it is one paragraph (most
    /// are), so that only paragraphs the re-flow left split are copied.
    pub text: Cow<'a, str>,
    /// Cleaned-text offset of the first paragraph.
    start: usize,
    /// Where each joined paragraph after the first starts: (byte in `text`, cleaned-text
    /// offset), in order; empty (and unallocated) for one paragraph. Paragraphs are
    /// copied whole, so a byte's cleaned offset is its run's start plus its distance
    /// into the run (memory per paragraph, not per byte).
    runs: Vec<(usize, usize)>,
    /// The paragraphs joined.
    pub paras: std::ops::Range<usize>,
    /// Found on first use by [`Logical::cues`] and shared by the extractors that read it.
    cues: std::cell::OnceCell<cues::Cues>,
}

impl Logical<'_> {
    /// Cleaned-text offset of byte `k` of `text`.
    fn off(&self, k: usize) -> usize {
        match self.runs.partition_point(|r| r.0 <= k) {
            0 => self.start + k,
            r => {
                let (t, c) = self.runs[r - 1];
                c + (k - t)
            }
        }
    }

    /// Cleaned-text span of the byte range `a..b` of `text`.
    pub fn span(&self, a: usize, b: usize) -> (usize, usize) {
        if self.text.is_empty() {
            return (self.off(0), self.off(0));
        }
        let a = a.min(self.text.len() - 1);
        let s = self.off(a);
        let e = if b > a { self.off(b - 1) + 1 } else { s };
        (s, e.max(s))
    }
}

/// What every extractor gets for one document.
pub struct Ctx<'a> {
    pub src: &'a Source,
    pub cleaned: &'a Cleaned,
    pub source: &'a Arc<str>,
    pub doc: &'a DocSpan,
    pub doc_id: &'a Arc<str>,
    pub blocks: &'a [Block],
    /// [`logical_paras`] of the document.
    pub logical: &'a [Logical<'a>],
    /// Where the last provenance was found (see [`ProvHint`]).
    pub hint: ProvHint,
}

/// Where [`Ctx::prov`] last found a span: the offset-map piece its start is in and its
/// first source line. Each extractor maps its records mostly in the order of the text,
/// so the next span is searched forward from there, over a few entries, instead of over
/// the whole file's map and line index.
#[derive(Debug, Default)]
pub struct ProvHint(Cell<(usize, u32)>);

impl Ctx<'_> {
    /// The cleaned lines of the document's paragraphs (None for a document without any).
    pub fn kept_lines(&self) -> Option<std::ops::Range<usize>> {
        let c = self.cleaned;
        let first = c.paras.get(self.doc.paras.start)?;
        let last = c.paras.get(self.doc.paras.end.saturating_sub(1))?;
        Some(first.lines.start..last.lines.end)
    }

    /// Provenance of a cleaned span: what [`Cleaned::provenance`] finds, searched from
    /// where the last span was found.
    pub fn prov(&self, start: usize, end: usize) -> Prov {
        let p = self.provenance(start, end);
        Prov {
            source: self.source.clone(),
            line_start: p.line_start,
            line_end: p.line_end,
            byte_start: p.byte_start,
            byte_end: p.byte_end,
        }
    }

    /// Where the cleaned span `start..end` comes from in the source, searched from where
    /// the last span was found: [`Ctx::prov`] without building a [`Prov`] (for readers
    /// that keep only the lines and bytes).
    pub fn provenance(&self, start: usize, end: usize) -> crate::clean::Provenance {
        let (p, hint) = self
            .cleaned
            .provenance_near(self.src, self.hint.0.get(), start, end);
        self.hint.0.set(hint);
        p
    }

    /// Provenance of the byte range `a..b` of a [`Logical`] paragraph.
    pub fn prov_logical(&self, l: &Logical<'_>, a: usize, b: usize) -> Prov {
        let (s, e) = l.span(a, b);
        self.prov(s, e)
    }

    /// Provenance of paragraphs `a..b` (exclusive).
    pub fn prov_paras(&self, a: usize, b: usize) -> Prov {
        let c = self.cleaned;
        self.prov(c.paras[a].start, c.paras[b.max(a + 1) - 1].end)
    }
}

/// The document's paragraphs with sentences that the re-flow left split re-joined:
/// a paragraph that does not end a sentence or clause (`。` `；` `：` …) runs on into
/// the next unless that one starts a structure (heading, label, table row, roster line,
/// duty line `市市场监管局：负责…`).
/// Computed once per document by the pipeline and shared through [`Ctx::logical`].
pub fn logical_paras<'a>(c: &'a Cleaned, doc: &DocSpan) -> Vec<Logical<'a>> {
    // At most one logical paragraph per paragraph: one allocation, never grown.
    let mut out: Vec<Logical> = Vec::with_capacity(doc.paras.len());
    let mut p = doc.paras.start;
    while p < doc.paras.end {
        let paras = p..run_on_end(c, doc, p);
        let start = c.paras[p].start;
        let l = if paras.len() == 1 {
            Logical {
                text: Cow::Borrowed(c.para_text(p)),
                start,
                runs: Vec::new(),
                paras,
                cues: std::cell::OnceCell::new(),
            }
        } else {
            joined(c, start, paras)
        };
        p = l.paras.end;
        out.push(l);
    }
    out
}

/// The logical paragraph of paragraphs `paras` (more than one), the first starting at
/// cleaned offset `start`: their texts copied into one string.
fn joined(c: &Cleaned, start: usize, paras: std::ops::Range<usize>) -> Logical<'_> {
    // Sized before it is filled, so the text is never moved while it grows.
    let len = paras.clone().map(|q| c.para_text(q).len()).sum();
    let mut text = String::with_capacity(len);
    let mut runs = Vec::with_capacity(paras.len() - 1);
    text.push_str(c.para_text(paras.start));
    for q in paras.start + 1..paras.end {
        runs.push((text.len(), c.paras[q].start));
        text.push_str(c.para_text(q));
    }
    Logical {
        text: Cow::Owned(text),
        start,
        runs,
        paras,
        cues: std::cell::OnceCell::new(),
    }
}

/// The end (exclusive) of the logical paragraph that starts at paragraph `p`.
fn run_on_end(c: &Cleaned, doc: &DocSpan, p: usize) -> usize {
    // Opening and closing brackets in paragraphs `p..counted`.
    let (mut opened, mut closed) = (0usize, 0usize);
    let mut counted = p;
    let mut end = p + 1;
    loop {
        if end >= doc.paras.end || end - p >= 12 {
            return end;
        }
        // A next paragraph that starts a structure ends the run whatever this one ends
        // with: asked first when the answer is known without testing, since it spares
        // counting brackets.
        if c.first_line(end).tab || c.known_starts_block(end) == Some(true) {
            return end;
        }
        let t = c.para_text(end - 1);
        // Whether the paragraph ends a sentence or clause and no bracket or label holds it
        // open. Inside an unclosed bracket (`（牵头单位：X；责任单位：` ⏎ `A、B）`) nothing
        // ends; nor does a label alone on its line (`责任单位：` ⏎ `A、B`), asked only of
        // a paragraph ending in a colon (a label is a word and a colon; the last character
        // is no whitespace, so `t.trim()` ends with it too).
        let mut ends = t.ends_with(['。', '！', '？', '；', '：', ':', ';']);
        if ends {
            // Brackets are counted only here, where they decide, and each paragraph once:
            // a paragraph that ends no clause ends no run whatever its brackets.
            for q in counted..end {
                let (o, cl) = round_brackets(c.para_text(q));
                opened += o;
                closed += cl;
            }
            counted = end;
            ends = opened <= closed
                && !(t.ends_with(['：', ':']) && crate::grammar::assign::is_label(t.trim()));
        }
        let next = c.para_text(end);
        if ends
            || c.starts_block(end)
            || crate::grammar::roster::member_like(next)
            || crate::grammar::assign::opens_duty(next)
        {
            return end;
        }
        end += 1;
    }
}

/// Opening and closing round brackets (`（` `(`, `）` `)`) in `t`, counted on bytes: the
/// full-width pair is `EF BC 88` / `EF BC 89`, and a UTF-8 encoding holds `(` or `)`
/// only as those characters themselves.
fn round_brackets(t: &str) -> (usize, usize) {
    let b = t.as_bytes();
    let (mut open, mut close) = (0, 0);
    for i in memchr::memchr3_iter(b'(', b')', 0xEF, b) {
        match (b[i], b.get(i + 1..i + 3)) {
            (b'(', _) | (0xEF, Some([0xBC, 0x88])) => open += 1,
            (b')', _) | (0xEF, Some([0xBC, 0x89])) => close += 1,
            _ => {}
        }
    }
    (open, close)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_brackets_count_both_widths() {
        let t = "（牵头单位：县发改局(县统计局)；责任单位：各乡镇），，）";
        let want = (
            t.matches(['（', '(']).count(),
            t.matches(['）', ')']).count(),
        );
        assert_eq!(round_brackets(t), want);
        assert_eq!(want, (2, 3));
        for t in [
            "",
            "(",
            "）",
            "a)",
            "（）",
            "ＩＪ（Ｋ）",
            "\u{0F08}\u{1F09}",
            "((）",
        ] {
            let want = (
                t.matches(['（', '(']).count(),
                t.matches(['）', ')']).count(),
            );
            assert_eq!(round_brackets(t), want, "{t:?}");
        }
    }
}
