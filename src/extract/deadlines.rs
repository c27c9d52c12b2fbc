//! deadlines: every time limit of a document, resolved against the document's own anchor.
//!
//! The anchor is the issue date (成文日期); without one, the year of the 文号 fills in a
//! missing year only; without either, nothing relative is resolved (never the run date).
//! Each logical paragraph outside the head is read with whitespace removed (so
//! `1 0月3 1日前` and `到 2030` ⏎ `年` parse) by [`crate::grammar::deadline`]; spans map
//! back to the source. A limit inside an assignment task's sentence or tail takes that
//! task's id. A `by` or `range` limit already over when the document was issued is kept
//! and reported as an info diagnostic.

use super::assignments::TaskSpan;
use super::{Ctx, Logical};
use crate::grammar::dates::to_date32;
use crate::grammar::deadline::{self, Anchor, Kind};
use crate::model::{DeadlineRec, DiagnosticRec, DocumentRec, Severity};
use crate::segment::blocks::BlockKind;
use jiff::civil::Date;

/// The anchor of a document and where it came from.
pub fn anchor(doc: &DocumentRec) -> (Anchor, &'static str) {
    let epoch = Date::constant(1970, 1, 1);
    if let Some(d) = doc
        .issue_date
        .and_then(|d| epoch.checked_add(jiff::Span::new().days(d)).ok())
    {
        return (
            Anchor {
                date: Some(d),
                year: Some(d.year()),
            },
            "issue_date",
        );
    }
    if let Some(y) = doc.doc_year.and_then(|y| i16::try_from(y).ok()) {
        return (
            Anchor {
                date: None,
                year: Some(y),
            },
            "doc_number_year",
        );
    }
    (Anchor::default(), "none")
}

/// Deadlines of one document, and info diagnostics for limits past at issue.
pub fn extract(
    cx: &Ctx<'_>,
    doc: &DocumentRec,
    tasks: &[TaskSpan],
) -> (Vec<DeadlineRec>, Vec<DiagnosticRec>) {
    let (a, source) = anchor(doc);
    let anchor_date = match source {
        "issue_date" => a.date,
        "doc_number_year" => a.year.and_then(|y| Date::new(y, 1, 1).ok()),
        _ => None,
    };
    let head_end = cx
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Head)
        .map(|b| b.paras.end)
        .max()
        .unwrap_or(0);
    let mut out = Vec::new();
    let mut diags = Vec::new();
    for l in cx.logical.iter().filter(|l| l.paras.start >= head_end) {
        let (text, runs) = squeezed(l);
        for d in deadline::find(&text, &a) {
            let from = unsqueeze(&runs, d.span.start);
            let to = unsqueeze(&runs, d.span.end - 1) + 1;
            let prov = cx.prov_logical(l, from, to);
            let task_id = tasks
                .iter()
                .find(|t| t.byte_start <= prov.byte_start && prov.byte_end <= t.byte_end)
                .map(|t| t.task_id.clone());
            let rec = DeadlineRec {
                doc_id: cx.doc_id.to_owned(),
                provision_id: None,
                task_id,
                text: text[d.span.clone()].to_owned(),
                kind: d.kind.as_str(),
                start_date: d.start.map(to_date32),
                end_date: d.end.map(to_date32),
                precision: d.precision.as_str(),
                anchor_date: anchor_date.map(to_date32),
                anchor_source: source,
                recurrence: d.recurrence,
                prov,
            };
            if let (Some(end), Some(issued), Kind::By | Kind::Range) = (d.end, a.date, d.kind)
                && end < issued
            {
                diags.push(
                    DiagnosticRec {
                        doc_id: Some(cx.doc_id.to_owned()),
                        ..DiagnosticRec::file(
                            cx.source,
                            "deadlines",
                            Severity::Info,
                            format!(
                                "deadline {} ({end}) was already past at issue ({issued})",
                                rec.text
                            ),
                        )
                    }
                    .at(&rec.prov),
                );
            }
            out.push(rec);
        }
    }
    (out, diags)
}

/// The paragraph without whitespace, and where each run of kept bytes came from:
/// (byte in the squeezed text, byte in the paragraph), one entry per run, not per byte.
fn squeezed(l: &Logical) -> (String, Vec<(usize, usize)>) {
    let t = l.text.as_str();
    let mut text = String::with_capacity(t.len());
    let mut runs = Vec::new();
    // Start (paragraph byte) of the run of kept characters being read; copied whole when
    // a space or the end closes it.
    let mut run: Option<usize> = None;
    let mut keep = |text: &mut String, from: usize, to: usize| {
        runs.push((text.len(), from));
        text.push_str(&t[from..to]);
    };
    let mut k = 0;
    while k < t.len() {
        let (space, len) = space_at(t, k);
        match (space, run) {
            (true, Some(from)) => {
                keep(&mut text, from, k);
                run = None;
            }
            (false, None) => run = Some(k),
            _ => {}
        }
        k += len;
    }
    if let Some(from) = run {
        keep(&mut text, from, t.len());
    }
    (text, runs)
}

/// Whether the character at byte `k` of `t` is a space, and its byte length. Every
/// non-ASCII space starts with one of [`SPACE_LEADS`], so every other character (CJK
/// text, nearly all of it) is judged by its first byte without being decoded.
fn space_at(t: &str, k: usize) -> (bool, usize) {
    let b = t.as_bytes()[k];
    if b < 0x80 {
        return (crate::clean::fold::is_space(char::from(b)), 1);
    }
    if SPACE_LEADS.contains(&b) {
        let c = t[k..].chars().next().unwrap_or(' ');
        return (crate::clean::fold::is_space(c), c.len_utf8());
    }
    let len = match b {
        0xF0.. => 4,
        0xE0.. => 3,
        _ => 2,
    };
    (false, len)
}

/// The UTF-8 first bytes of the non-ASCII spaces (U+0085, U+00A0, U+1680, U+2000–U+205F,
/// U+3000, U+FEFF), checked against `is_space` by a test.
const SPACE_LEADS: [u8; 5] = [0xC2, 0xE1, 0xE2, 0xE3, 0xEF];

/// The paragraph byte of squeezed byte `k`.
fn unsqueeze(runs: &[(usize, usize)], k: usize) -> usize {
    let r = runs.partition_point(|r| r.0 <= k).saturating_sub(1);
    runs.get(r).map_or(k, |&(t, p)| p + (k - t))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_non_ascii_space_starts_with_a_listed_byte() {
        let mut buf = [0u8; 4];
        for c in (0x80..=0x10FFFF).filter_map(char::from_u32) {
            if crate::clean::fold::is_space(c) {
                let lead = c.encode_utf8(&mut buf).as_bytes()[0];
                assert!(SPACE_LEADS.contains(&lead), "U+{:04X}", u32::from(c));
            }
        }
    }

    #[test]
    fn spaces_are_judged_as_the_decoder_would() {
        let t = "1 0月\u{3000}3\u{00A0}1日\t前\u{FEFF}完成 é∑𝄞";
        let mut k = 0;
        for (i, c) in t.char_indices() {
            assert_eq!(k, i);
            let (space, len) = space_at(t, k);
            assert_eq!(
                (space, len),
                (crate::clean::fold::is_space(c), c.len_utf8()),
                "{c}"
            );
            k += len;
        }
    }
}
