//! assignments: which units lead, carry out or support each task.
//!
//! A task is the text a unit tail governs: from the end of the previous tail (or the
//! start of the paragraph) to the tail; a tail printed on its own line governs the
//! paragraph before it. Document-level rules carry forward in reading order:
//! `排第一位的为牵头单位` turns every later list into one lead plus cooperating units, and
//! `以下各项…不再列出` adds its units (marked `implied`) to every later task.
//! Units are normalised later, once the document's jurisdiction is known
//! ([`crate::normalise::units`]); tables are left to the tables extractor.

use super::{Ctx, Logical};
use crate::clean::fold::strip_spaces as squeeze;
use crate::grammar::assign::{self, Role};
use crate::model::AssignmentRec;

/// Where a task's text lies in the source (task and its tail), so that deadlines in the
/// same sentence can name the task.
#[derive(Debug, Clone)]
pub struct TaskSpan {
    pub task_id: String,
    pub byte_start: u64,
    pub byte_end: u64,
}

/// Assignments of one document (unit / unit_category still empty), and the tasks' spans.
pub fn extract(cx: &Ctx<'_>) -> (Vec<AssignmentRec>, Vec<TaskSpan>) {
    let mut out = Vec::new();
    let mut spans = Vec::new();
    let mut span_of = |id: &str, l: &Logical, a: usize, b: usize| {
        let p = cx.prov_logical(l, a, b);
        spans.push(TaskSpan {
            task_id: id.to_owned(),
            byte_start: p.byte_start,
            byte_end: p.byte_end,
        });
    };
    let mut first_leads = false;
    let mut implied: Vec<String> = Vec::new();
    let mut tasks = 0u32;
    // The previous paragraph, squeezed only when a tail on its own line needs it.
    let mut last_para: Option<&Logical> = None;
    let mut last_task: Option<String> = None;
    for l in cx.logical {
        if cx.cleaned.first_line(l.paras.start).tab {
            continue;
        }
        let mut prev_end = 0;
        for t in assign::tails(&l.text) {
            tasks += 1;
            let task_id = format!("{}/t{tasks}", cx.doc_id);
            span_of(&task_id, l, prev_end, t.span.end);
            let mut task = squeeze(l.text[prev_end..t.span.start].trim_start_matches(['。', '；']));
            if task.is_empty() {
                task = last_task
                    .clone()
                    .or_else(|| last_para.map(|p| squeeze(&p.text)))
                    .unwrap_or_default();
            }
            first_leads |= t.first_leads;
            let first = out.len();
            let single = t.parts.len() == 1;
            for part in &t.parts {
                for (k, u) in part.units.iter().enumerate() {
                    let role = if first_leads && single && part.role == Role::Responsible {
                        if k == 0 { Role::Lead } else { Role::Cooperate }
                    } else {
                        part.role
                    };
                    let raw = squeeze(&l.text[u.span.clone()]);
                    out.push(rec(
                        cx,
                        l,
                        t.pattern,
                        &task_id,
                        &task,
                        raw,
                        role,
                        k,
                        false,
                        u.span.clone(),
                    ));
                }
            }
            // The units the tail names are the records just pushed: an implied unit among
            // them is not repeated (they are compared in place, not copied aside).
            let explicit = first..out.len();
            for (k, raw) in implied.iter().enumerate() {
                if !out[explicit.clone()].iter().any(|r| r.unit_raw == *raw) {
                    out.push(rec(
                        cx,
                        l,
                        "implied",
                        &task_id,
                        &task,
                        raw.clone(),
                        Role::Responsible,
                        k,
                        true,
                        t.span.clone(),
                    ));
                }
            }
            if !t.implied.is_empty() {
                implied = t
                    .implied
                    .iter()
                    .map(|u| squeeze(&l.text[u.span.clone()]))
                    .collect();
            }
            last_task = Some(task);
            prev_end = t.span.end;
        }
        if prev_end == 0 {
            last_task = None;
            last_para = Some(l);
        }
        // Prose: the sentence is the task; document rules do not reach it.
        for st in assign::statements_at(&l.text, &l.cues().verbs) {
            tasks += 1;
            let task_id = format!("{}/t{tasks}", cx.doc_id);
            let task = squeeze(&l.text[st.sentence.clone()]);
            span_of(&task_id, l, st.sentence.start, st.sentence.end);
            for part in &st.parts {
                for (k, u) in part.units.iter().enumerate() {
                    let raw = squeeze(&l.text[u.span.clone()]);
                    let span = u.span.clone();
                    out.push(rec(
                        cx, l, st.pattern, &task_id, &task, raw, part.role, k, false, span,
                    ));
                }
            }
        }
    }
    (out, spans)
}

#[allow(clippy::too_many_arguments)]
fn rec(
    cx: &Ctx<'_>,
    l: &Logical,
    pattern: &'static str,
    task_id: &str,
    task: &str,
    unit_raw: String,
    role: Role,
    k: usize,
    implied: bool,
    span: std::ops::Range<usize>,
) -> AssignmentRec {
    AssignmentRec {
        doc_id: cx.doc_id.to_owned(),
        provision_id: None,
        task_id: task_id.to_owned(),
        task: task.to_owned(),
        unit_raw,
        unit: None,
        unit_category: None,
        role: role.as_str(),
        unit_order: (k + 1).min(u16::MAX as usize) as u16,
        implied,
        pattern,
        prov: cx.prov_logical(l, span.start, span.end),
    }
}

/// Task-division tables (columns 牵头单位 / 责任单位 / 配合单位): one assignment per unit per
/// row, the row's task column (`重点任务`, `工作任务`, `事项`) as the task, the row as the
/// task span. Units stacked in one cell on separate lines are separate units.
pub fn from_tables(
    cx: &Ctx<'_>,
    tables: &[super::tables::Table],
) -> (Vec<AssignmentRec>, Vec<TaskSpan>) {
    use super::tables::Table;
    let mut out = Vec::new();
    let mut spans = Vec::new();
    for t in tables {
        let ncols = t.rows.first().map_or(0, Vec::len);
        let headers: Vec<String> = (0..ncols).map(|c| t.header(c)).collect();
        let role_of = |h: &str| {
            if h.contains("牵头") || h.contains("主办") {
                Some(Role::Lead)
            } else if h.contains("配合") || h.contains("协办") || h.contains("参与") {
                Some(Role::Cooperate)
            } else if ["责任单位", "责任部门", "承办单位", "负责单位"]
                .iter()
                .any(|w| h.contains(w))
            {
                Some(Role::Responsible)
            } else {
                None
            }
        };
        let unit_cols: Vec<(usize, Role)> = headers
            .iter()
            .enumerate()
            .filter_map(|(c, h)| role_of(h).map(|r| (c, r)))
            .collect();
        if unit_cols.is_empty() {
            continue;
        }
        let task_col = headers.iter().position(|h| {
            ["任务", "事项", "措施", "工作内容", "内容"]
                .iter()
                .any(|w| h.contains(w))
                && role_of(h).is_none()
        });
        for (r, row) in t.rows.iter().enumerate().skip(t.header_rows) {
            let task = match task_col {
                Some(c) => row[c].text(),
                None => row
                    .iter()
                    .enumerate()
                    .filter(|(c, _)| !unit_cols.iter().any(|u| u.0 == *c))
                    .map(|(_, x)| x.text())
                    .collect::<Vec<_>>()
                    .join("；"),
            };
            let task_id = format!("{}/r{r}", t.table_id);
            if let Some(p) = Table::prov_of(cx, row.iter()) {
                spans.push(TaskSpan {
                    task_id: task_id.clone(),
                    byte_start: p.byte_start,
                    byte_end: p.byte_end,
                });
            }
            for &(c, role) in &unit_cols {
                // The cell's units as one list: a unit may wrap over lines
                // (`县发` ⏎ `改局`); each keeps the lines of the pieces it spans.
                let cell = &row[c];
                let text = cell.text();
                let starts = piece_starts(cell, &text);
                for (k, u) in assign::unit_list(&text, 0..text.len())
                    .into_iter()
                    .enumerate()
                {
                    let first = starts.partition_point(|&s| s <= u.span.start).max(1) - 1;
                    let last = starts.partition_point(|&s| s < u.span.end).max(1) - 1;
                    let (a, b) = (&cell.pieces[first], &cell.pieces[last]);
                    out.push(AssignmentRec {
                        doc_id: cx.doc_id.to_owned(),
                        provision_id: None,
                        task_id: task_id.clone(),
                        task: task.clone(),
                        unit_raw: squeeze(&text[u.span.clone()]),
                        unit: None,
                        unit_category: None,
                        role: role.as_str(),
                        unit_order: (k + 1).min(u16::MAX as usize) as u16,
                        implied: false,
                        pattern: "table",
                        prov: crate::model::Prov {
                            source: cx.source.clone(),
                            line_start: a.line,
                            line_end: b.line,
                            byte_start: a.byte_start,
                            byte_end: b.byte_end,
                        },
                    });
                }
            }
        }
    }
    (out, spans)
}

/// Where each piece of `cell` starts in its joined `text` (`Cell::text`, which may put
/// a `、` between stacked unit names).
fn piece_starts(cell: &super::tables::Cell, text: &str) -> Vec<usize> {
    let mut out = Vec::with_capacity(cell.pieces.len());
    let mut at = 0;
    for p in &cell.pieces {
        let found = text[at..].find(p.text.as_str()).map_or(at, |k| at + k);
        out.push(found);
        at = found + p.text.len();
    }
    out
}
