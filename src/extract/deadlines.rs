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
use crate::grammar::deadline::{self, Anchor, Kind, Squeezed};
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

/// Deadlines of one document, and info diagnostics for limits past at issue. Besides
/// the paragraphs, a table cell under a time-limit column (`完成时限`) that holds an
/// open-ended value (`长期坚持`, `持续推进`) is an `ongoing` limit with its row's task id
/// (dated cells are read with the paragraphs; in prose such words are no limit).
pub fn extract(
    cx: &Ctx<'_>,
    doc: &DocumentRec,
    tasks: &[TaskSpan],
    tables: &[super::tables::Table],
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
    // One set of buffers for every paragraph.
    let mut sq = Squeezed::default();
    // A paragraph without a character every limit holds is not read at all.
    let paras = cx.logical.iter().filter(|l| l.paras.start >= head_end);
    for l in paras.filter(|l| deadline::may_hold(&l.text)) {
        sq.read(&l.text);
        let text = sq.text(&l.text);
        for d in deadline::find_squeezed(&l.text, &sq, &a) {
            let from = sq.source(d.span.start);
            let to = sq.source(d.span.end - 1) + 1;
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
    for t in tables {
        let ncols = t.rows.first().map_or(0, Vec::len);
        for c in (0..ncols).filter(|&c| deadline::is_time_limit_header(&t.header(c))) {
            for (r, row) in t.rows.iter().enumerate().skip(t.header_rows) {
                let cell = &row[c];
                if cell.covered || !deadline::is_ongoing_value(&cell.text_ref()) {
                    continue;
                }
                let Some(prov) = super::tables::Table::prov_of(cx, std::iter::once(cell)) else {
                    continue;
                };
                // The row's task, when the table assigns units (`<table_id>/r<row>`).
                let task_id = format!("{}/r{r}", t.table_id);
                let task_id = tasks
                    .iter()
                    .any(|x| x.task_id == task_id)
                    .then_some(task_id);
                out.push(DeadlineRec {
                    doc_id: cx.doc_id.to_owned(),
                    provision_id: None,
                    task_id,
                    text: cell.text(),
                    kind: Kind::Ongoing.as_str(),
                    start_date: None,
                    end_date: None,
                    precision: deadline::Precision::None.as_str(),
                    anchor_date: anchor_date.map(to_date32),
                    anchor_source: source,
                    recurrence: None,
                    prov,
                });
            }
        }
    }
    (out, diags)
}
