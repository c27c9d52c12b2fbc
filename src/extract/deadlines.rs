//! deadlines: every time limit of a document, resolved against the document's own anchor.
//!
//! The anchor is the issue date (成文日期); without one, the year of the 文号 fills in a
//! missing year only; without either, nothing relative is resolved (never the run date).
//! Each logical paragraph outside the head is read with whitespace removed (so
//! `1 0月3 1日前` and `到 2030` ⏎ `年` parse) by [`crate::grammar::deadline`]; spans map
//! back to the source. A limit inside an assignment task's sentence or tail takes that
//! task's id. A `by` or `range` limit already over when the document was issued is kept
//! and reported as an info diagnostic.

use super::Ctx;
use super::assignments::TaskSpan;
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
    // One pair of buffers for every paragraph's squeezed text.
    let (mut text, mut runs) = (String::new(), Vec::new());
    for l in cx.logical.iter().filter(|l| l.paras.start >= head_end) {
        squeeze(&l.text, &mut text, &mut runs);
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

/// Writes `t` without whitespace into `text`, and into `runs` where each run of kept
/// bytes came from: (byte in `text`, byte in `t`), one entry per run, not per byte. Both
/// buffers are cleared first.
fn squeeze(t: &str, text: &mut String, runs: &mut Vec<(usize, usize)>) {
    text.clear();
    runs.clear();
    // Start of the run of kept characters being read; copied whole when a space or the
    // end closes it.
    let mut run = 0;
    while let Some((k, len)) = next_space(t, run) {
        if run < k {
            runs.push((text.len(), run));
            text.push_str(&t[run..k]);
        }
        run = k + len;
    }
    if run < t.len() {
        runs.push((text.len(), run));
        text.push_str(&t[run..]);
    }
}

/// The first space at or after byte `from` of `t` (a character boundary): its byte and
/// byte length.
///
/// A non-ASCII space starts with `C2`, `E1`, `E2`, `E3` or `EF` (checked against
/// `is_space` by a test), and the only ones that start with `E3` or `EF`, the first
/// bytes of most CJK punctuation, are U+3000 (`E3 80 80`) and U+FEFF (`EF BB BF`): every
/// character but the few that start with `C2`, `E1` or `E2` is judged on its bytes
/// without being decoded, and ideographs (`E4`–`E9`, U+4000–U+9FFF) on their first.
fn next_space(t: &str, from: usize) -> Option<(usize, usize)> {
    let b = t.as_bytes();
    let mut rest = b.get(from..)?;
    let at = |rest: &[u8]| b.len() - rest.len();
    loop {
        let len = match *rest {
            [] => return None,
            [0xE4..=0xE9, _, _, ref tail @ ..] => {
                rest = tail;
                continue;
            }
            [x, ..] if x < 0x80 => {
                if crate::clean::fold::is_space(char::from(x)) {
                    return Some((at(rest), 1));
                }
                1
            }
            [0xE3, y, z, ..] => {
                if [y, z] == [0x80, 0x80] {
                    return Some((at(rest), 3));
                }
                3
            }
            [0xEF, y, z, ..] => {
                if [y, z] == [0xBB, 0xBF] {
                    return Some((at(rest), 3));
                }
                3
            }
            [0xC2 | 0xE1 | 0xE2, ..] => {
                let k = at(rest);
                let c = t[k..].chars().next()?;
                if crate::clean::fold::is_space(c) {
                    return Some((k, c.len_utf8()));
                }
                c.len_utf8()
            }
            [x, ..] => crate::utf8::width(x),
        };
        rest = rest.get(len..)?;
    }
}

/// The paragraph byte of squeezed byte `k`.
fn unsqueeze(runs: &[(usize, usize)], k: usize) -> usize {
    let r = runs.partition_point(|r| r.0 <= k).saturating_sub(1);
    runs.get(r).map_or(k, |&(t, p)| p + (k - t))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The UTF-8 first bytes of the non-ASCII spaces (U+0085, U+00A0, U+1680,
    /// U+2000–U+205F, U+3000, U+FEFF).
    const SPACE_LEADS: [u8; 5] = [0xC2, 0xE1, 0xE2, 0xE3, 0xEF];

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
    fn every_character_is_judged_as_the_decoder_would() {
        let mut buf = [0u8; 4];
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let t = format!("{c}a{}", c.encode_utf8(&mut buf));
            let want = crate::clean::fold::is_space(c).then_some((0, c.len_utf8()));
            assert_eq!(next_space(&t, 0), want, "U+{:04X}", u32::from(c));
        }
    }

    #[test]
    fn the_search_finds_every_space_in_long_text() {
        let t = "一二三四五六七八九十。、“”，".repeat(9) + " 一\u{3000}二\u{FEFF}\t";
        let want: Vec<usize> = t
            .char_indices()
            .filter(|&(_, c)| crate::clean::fold::is_space(c))
            .map(|(i, _)| i)
            .collect();
        let mut got = Vec::new();
        let mut k = 0;
        while let Some((p, len)) = next_space(&t, k) {
            got.push(p);
            k = p + len;
        }
        assert_eq!(got, want);
    }

    #[test]
    fn squeezing_keeps_runs_and_maps_them_back() {
        let (mut text, mut runs) = (String::from("stale"), vec![(9, 9)]);
        let t = " 1 0月\u{3000}3\u{00A0}1日\t前\u{FEFF}完成。 ";
        squeeze(t, &mut text, &mut runs);
        assert_eq!(text, "10月31日前完成。");
        for (k, c) in text.char_indices() {
            assert_eq!(t[unsqueeze(&runs, k)..].chars().next(), Some(c));
        }
        squeeze("", &mut text, &mut runs);
        assert_eq!((text.as_str(), runs.len()), ("", 0));
    }
}
