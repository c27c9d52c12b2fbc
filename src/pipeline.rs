//! One file through every stage: bytes → records of every dataset.
//!
//! Pure and single-threaded per file (documents of a file are extracted in order); the
//! caller parallelises across files. Problems become diagnostics, never panics: a
//! panic inside an extractor is caught per document and reported.

use crate::clean::{self, Cleaned};
use crate::decode::{self, Decoded};
use crate::extract::{self, Ctx};
use crate::model::{
    AssignmentRec, DeadlineRec, DiagnosticRec, DocumentRec, IndicatorRec, Prov, ProvisionRec,
    RosterRec, Severity, TableCellRec,
};
use crate::segment::{self, DocKind};
use crate::source::Source;
use rayon::prelude::*;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;

/// Everything one file produced.
#[derive(Debug, Default)]
pub struct FileOutput {
    pub documents: Vec<DocumentRec>,
    pub provisions: Vec<ProvisionRec>,
    pub rosters: Vec<RosterRec>,
    pub assignments: Vec<AssignmentRec>,
    pub deadlines: Vec<DeadlineRec>,
    pub tables: Vec<TableCellRec>,
    pub indicators: Vec<IndicatorRec>,
    /// Assignment units not found in `grammars/units.tsv` (passed through unchanged).
    pub unknown_units: usize,
    pub diagnostics: Vec<DiagnosticRec>,
    pub bytes: u64,
}

/// `hebei-julu-2023-gazette.txt` → `hebei-julu-2023-gazette`.
fn stem(source: &str) -> &str {
    source
        .strip_suffix(".txt")
        .or_else(|| source.strip_suffix(".TXT"))
        .unwrap_or(source)
}

/// Process the bytes of one file named `source`.
pub fn process_bytes(source: &str, bytes: &[u8]) -> FileOutput {
    let name: Arc<str> = Arc::from(source);
    let mut out = FileOutput {
        bytes: bytes.len() as u64,
        ..Default::default()
    };
    let decoded = match decode::decode(source, bytes) {
        Ok(d) => d,
        Err(e) => {
            out.diagnostics.push(DiagnosticRec::file(
                &name,
                "decode",
                Severity::Error,
                e.to_string(),
            ));
            return out;
        }
    };
    process_decoded(&name, decoded, &mut out);
    out
}

/// Process already-decoded UTF-8 text (tests, fixtures).
pub fn process_text(source: &str, text: &str) -> FileOutput {
    process_bytes(source, text.as_bytes())
}

fn process_decoded(name: &Arc<str>, decoded: Decoded, out: &mut FileOutput) {
    extract_all(name, decoded, out);
    inherit_jurisdiction(&mut out.documents);
    normalise_units(out);
}

/// Canonical unit names, once every document's jurisdiction is known.
fn normalise_units(out: &mut FileOutput) {
    use crate::normalise::units;
    use std::collections::HashMap;
    let juris: HashMap<&str, Option<&str>> = out
        .documents
        .iter()
        .map(|d| (&*d.doc_id, d.jurisdiction.as_deref()))
        .collect();
    let j = |a: &AssignmentRec| juris.get(&*a.doc_id).copied().flatten();
    let mut units: Vec<units::Unit> = out
        .assignments
        .iter()
        .map(|a| units::normalise(&a.unit_raw, j(a)))
        .collect();
    // A sector's stem (`发改`, rare) takes the department its document names in full
    // elsewhere (`市发改委`), once every name is known.
    let stems: Vec<(usize, units::Unit)> = (0..units.len())
        .filter(|&k| units[k].stem)
        .map(|k| {
            let a = &out.assignments[k];
            let named = |c: &str| {
                out.assignments
                    .iter()
                    .zip(&units)
                    .any(|(b, u)| u.known && !u.stem && u.canonical == c && a.doc_id == b.doc_id)
            };
            (k, units::normalise_among(&a.unit_raw, j(a), &named))
        })
        .collect();
    for (k, u) in stems {
        units[k] = u;
    }
    for (a, u) in out.assignments.iter_mut().zip(units) {
        if !u.known {
            out.unknown_units += 1;
        }
        a.unit = Some(u.canonical);
        a.unit_category = u.category;
    }
}

fn extract_all(name: &Arc<str>, decoded: Decoded, out: &mut FileOutput) {
    let src = decoded.source;
    if decoded.replaced > 0 {
        let mut d = DiagnosticRec::file(
            name,
            "decode",
            Severity::Warning,
            format!(
                "{} invalid byte sequence(s) in {} replaced by U+FFFD",
                decoded.replaced, src.encoding
            ),
        );
        if let Some(off) = decoded.first_replaced {
            let line = src.line_of(off);
            d = d.at(&Prov {
                source: name.clone(),
                line_start: line,
                line_end: line,
                byte_start: src.byte_of(off),
                byte_end: src.byte_of(off),
            });
        }
        out.diagnostics.push(d);
    }
    let cleaned = clean::clean(&src);
    let (docs, front) = segment::documents::split(&cleaned);
    if let Some(f) = front {
        let p = whole(&src, &cleaned, name, f.start, f.end);
        out.diagnostics.push(
            DiagnosticRec::file(
                name,
                "segment",
                Severity::Info,
                format!(
                    "front matter (cover / table of contents, {} paragraphs) is not a document",
                    f.len()
                ),
            )
            .at(&p),
        );
    }
    if docs.is_empty() {
        out.diagnostics.push(DiagnosticRec::file(
            name,
            "segment",
            Severity::Warning,
            "no text: the file holds no document",
        ));
        return;
    }
    // Documents are independent once the file is cleaned and segmented: they are
    // extracted in parallel on the current rayon pool (one thread under `--threads 1`)
    // and collected in document order, so the output does not depend on the threads.
    let results: Vec<_> = docs
        .par_iter()
        .enumerate()
        .map(|(k, d)| {
            let doc_id: Arc<str> = format!("{}#{:03}", stem(name), k + 1).into();
            let result = catch_unwind(AssertUnwindSafe(|| {
                let blocks = segment::blocks::blocks(&cleaned, d);
                let logical = extract::logical_paras(&cleaned, d);
                let cx = Ctx {
                    logical: &logical,
                    src: &src,
                    cleaned: &cleaned,
                    source: name,
                    doc: d,
                    doc_id: &doc_id,
                    blocks: &blocks,
                    hint: Default::default(),
                };
                let doc = extract::documents::extract(&cx, src.encoding);
                let provs = extract::provisions::extract(&cx);
                // Documents and provisions always; the rest only while the document stays
                // within the size and time limits (see [`Limits`]).
                let size = cleaned.paras[d.paras.end - 1].end - cleaned.paras[d.paras.start].start;
                let mut guard = Guard::start(size);
                let (mut rosters, roster_diags) = if guard.go("rosters") {
                    extract::rosters::extract(&cx, doc.title.as_deref())
                } else {
                    Default::default()
                };
                link_provisions(
                    &provs,
                    rosters.iter_mut().map(|r| (&r.prov, &mut r.provision_id)),
                );
                let tables = if guard.go("tables") {
                    extract::tables::tables(&cx)
                } else {
                    Vec::new()
                };
                let table_cells = extract::tables::records(&cx, &tables);
                let indicators =
                    extract::indicators::extract(&cx, &tables, doc.jurisdiction.as_deref());
                let (mut assignments, mut tasks) = if guard.go("assignments") {
                    extract::assignments::extract(&cx)
                } else {
                    Default::default()
                };
                let (table_assignments, table_tasks) =
                    extract::assignments::from_tables(&cx, &tables);
                assignments.extend(table_assignments);
                tasks.extend(table_tasks);
                link_provisions(
                    &provs,
                    assignments
                        .iter_mut()
                        .map(|r| (&r.prov, &mut r.provision_id)),
                );
                let (mut deadlines, deadline_diags) = if guard.go("deadlines") {
                    extract::deadlines::extract(&cx, &doc, &tasks, &tables)
                } else {
                    Default::default()
                };
                link_provisions(
                    &provs,
                    deadlines.iter_mut().map(|r| (&r.prov, &mut r.provision_id)),
                );
                let mut diags = roster_diags;
                diags.extend(deadline_diags);
                if let Some(msg) = guard.report() {
                    diags.push(
                        DiagnosticRec {
                            doc_id: Some(doc_id.clone()),
                            ..DiagnosticRec::file(name, "extract", Severity::Warning, msg)
                        }
                        .at(&doc.prov),
                    );
                }
                // A header with no body rows (a blank form, a table cut off by a page break).
                for t in tables.iter().filter(|t| t.rows.len() <= t.header_rows) {
                    let Some(p) = extract::tables::Table::prov_of(&cx, t.rows.iter().flatten())
                    else {
                        continue;
                    };
                    diags.push(
                        DiagnosticRec {
                            doc_id: Some(doc_id.clone()),
                            ..DiagnosticRec::file(
                                name,
                                "tables",
                                Severity::Info,
                                format!(
                                    "table {} has a header but no rows (a blank form?)",
                                    t.table_id
                                ),
                            )
                        }
                        .at(&p),
                    );
                }
                DocRecords {
                    doc,
                    provisions: provs,
                    rosters,
                    diagnostics: diags,
                    assignments,
                    deadlines,
                    cells: table_cells,
                    indicators,
                }
            }));
            (doc_id, result)
        })
        .collect();
    reserve_for(out, &results);
    for ((doc_id, result), d) in results.into_iter().zip(&docs) {
        match result {
            Ok(DocRecords {
                doc,
                provisions,
                rosters,
                diagnostics,
                assignments,
                deadlines,
                cells,
                indicators,
            }) => {
                out.assignments.extend(assignments);
                out.deadlines.extend(deadlines);
                out.tables.extend(cells);
                out.indicators.extend(indicators);
                out.rosters.extend(rosters);
                out.diagnostics.extend(diagnostics);
                if d.kind == DocKind::Headless {
                    out.diagnostics.push(
                        DiagnosticRec { doc_id: Some(doc_id.clone()), ..DiagnosticRec::file(name, "segment", Severity::Warning, "no document head (issuer + title) found: text kept as one headless document") }
                            .at(&doc.prov),
                    );
                }
                out.documents.push(doc);
                out.provisions.extend(provisions);
            }
            Err(panic) => {
                let msg = panic
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                let p = whole(&src, &cleaned, name, d.paras.start, d.paras.end);
                out.diagnostics.push(
                    DiagnosticRec {
                        doc_id: Some(doc_id),
                        ..DiagnosticRec::file(
                            name,
                            "extract",
                            Severity::Error,
                            format!("extractor failed: {msg}"),
                        )
                    }
                    .at(&p),
                );
            }
        }
    }
}

/// Everything one document produced, before it is appended to its file's output.
struct DocRecords {
    doc: DocumentRec,
    provisions: Vec<ProvisionRec>,
    rosters: Vec<RosterRec>,
    diagnostics: Vec<DiagnosticRec>,
    assignments: Vec<AssignmentRec>,
    deadlines: Vec<DeadlineRec>,
    cells: Vec<TableCellRec>,
    indicators: Vec<IndicatorRec>,
}

/// Reserve the exact room the documents' records need in `out`, so that appending them
/// moves each record once instead of again at every doubling of the file's vectors.
fn reserve_for<E>(out: &mut FileOutput, results: &[(Arc<str>, Result<DocRecords, E>)]) {
    let done = || results.iter().filter_map(|(_, r)| r.as_ref().ok());
    let total = |n: fn(&DocRecords) -> usize| done().map(n).sum::<usize>();
    out.documents.reserve(results.len());
    out.provisions.reserve(total(|r| r.provisions.len()));
    out.rosters.reserve(total(|r| r.rosters.len()));
    out.assignments.reserve(total(|r| r.assignments.len()));
    out.deadlines.reserve(total(|r| r.deadlines.len()));
    out.tables.reserve(total(|r| r.cells.len()));
    out.indicators.reserve(total(|r| r.indicators.len()));
    // Room for a diagnostic per document besides their own (headless, failed).
    out.diagnostics
        .reserve(total(|r| r.diagnostics.len()) + results.len());
}

/// Per-document limits that turn a pathological document into a diagnostic instead of
/// a hang or an out-of-memory kill. Set once per process ([`set_limits`]); the defaults
/// are far above any real document (the largest in the corpus is 0.6 MB, 0.05 s).
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Documents larger than this (cleaned bytes) get documents and provisions only.
    pub max_doc_bytes: usize,
    /// Once a document has taken this long, its remaining extractors are skipped.
    pub doc_timeout: std::time::Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_doc_bytes: 64 << 20,
            doc_timeout: std::time::Duration::from_secs(60),
        }
    }
}

static LIMITS: std::sync::OnceLock<Limits> = std::sync::OnceLock::new();

/// Set the limits for this process (the first call wins).
pub fn set_limits(l: Limits) {
    let _ = LIMITS.set(l);
}

fn limits() -> Limits {
    LIMITS.get().copied().unwrap_or_default()
}

/// Tracks one document against the [`Limits`] between extractor stages. It cannot stop
/// a stage midway; it stops the next ones.
struct Guard {
    started: std::time::Instant,
    size: usize,
    limits: Limits,
    skipped: Vec<&'static str>,
}

impl Guard {
    fn start(size: usize) -> Self {
        Guard {
            started: std::time::Instant::now(),
            size,
            limits: limits(),
            skipped: Vec::new(),
        }
    }

    /// Whether stage `name` may run.
    fn go(&mut self, name: &'static str) -> bool {
        let ok = self.size <= self.limits.max_doc_bytes
            && self.started.elapsed() <= self.limits.doc_timeout;
        if !ok {
            self.skipped.push(name);
        }
        ok
    }

    fn report(&self) -> Option<String> {
        (!self.skipped.is_empty()).then(|| {
            let why = if self.size > self.limits.max_doc_bytes {
                format!(
                    "document of {:.1} MB exceeds --max-doc-mb {}",
                    self.size as f64 / 1e6,
                    self.limits.max_doc_bytes >> 20
                )
            } else {
                format!(
                    "document took longer than --doc-timeout {} s",
                    self.limits.doc_timeout.as_secs()
                )
            };
            format!("{why}: skipped {}", self.skipped.join(", "))
        })
    }
}

/// Set each record's provision id: the last provision of the document that starts at or
/// before the record (a provision's own text runs from its heading to the next heading).
fn link_provisions<'a>(
    provs: &[ProvisionRec],
    recs: impl Iterator<Item = (&'a Prov, &'a mut Option<String>)>,
) {
    let mut starts: Vec<(u64, &str)> = provs
        .iter()
        .map(|p| (p.prov.byte_start, p.provision_id.as_str()))
        .collect();
    starts.sort_by_key(|s| s.0);
    for (prov, id) in recs {
        let k = starts.partition_point(|s| s.0 <= prov.byte_start);
        if k > 0 {
            *id = Some(starts[k - 1].1.to_owned());
        }
    }
}

/// Documents that print no issuer (解读 pieces, headless text) take the jurisdiction of
/// the nearest earlier document of the same file, else of the first later one: a file is
/// one county's gazette far more often than a mix.
fn inherit_jurisdiction(docs: &mut [DocumentRec]) {
    let mut last: Option<String> = None;
    for d in docs.iter_mut() {
        match &d.jurisdiction {
            Some(j) => last = Some(j.clone()),
            None => d.jurisdiction = last.clone(),
        }
    }
    let first = docs.iter().find_map(|d| d.jurisdiction.clone());
    for d in docs.iter_mut().filter(|d| d.jurisdiction.is_none()) {
        d.jurisdiction = first.clone();
    }
}

fn whole(src: &Source, c: &Cleaned, name: &Arc<str>, a: usize, b: usize) -> Prov {
    let p = c.provenance(src, c.paras[a].start, c.paras[b.max(a + 1) - 1].end);
    Prov {
        source: name.clone(),
        line_start: p.line_start,
        line_end: p.line_end,
        byte_start: p.byte_start,
        byte_end: p.byte_end,
    }
}

/// A human-readable dump of how a file is cleaned and segmented: one line per
/// paragraph, `L<first>-<last> p<page> <doc>/<block kind> | text`.
pub fn inspect(source: &str, bytes: &[u8], lines: Option<(u32, u32)>) -> String {
    use std::fmt::Write;
    let decoded = match decode::decode(source, bytes) {
        Ok(d) => d,
        Err(e) => return format!("{source}: {e}\n"),
    };
    let src = decoded.source;
    let c = clean::clean(&src);
    let (docs, _) = segment::documents::split(&c);
    let mut kinds = vec![("-".to_owned(), "front"); c.paras.len()];
    for (k, d) in docs.iter().enumerate() {
        for b in segment::blocks::blocks(&c, d) {
            for i in b.paras.clone() {
                kinds[i] = (format!("{:03}", k + 1), block_name(b.kind));
            }
        }
    }
    let mut out = format!(
        "{source}: {} encoding, layout {:?}, {} pages, {} paragraphs, {} documents\n",
        src.encoding,
        c.layout,
        c.pages,
        c.paras.len(),
        docs.len()
    );
    for (i, p) in c.paras.iter().enumerate() {
        let (a, b) = (c.lines[p.lines.start].line, c.lines[p.lines.end - 1].line);
        if lines.is_some_and(|(f, t)| b < f || a > t) {
            continue;
        }
        let text: String = c.para_text(i).chars().take(60).collect();
        let _ = writeln!(
            out,
            "L{a}-{b} p{} {}/{} | {text}",
            c.lines[p.lines.start].page, kinds[i].0, kinds[i].1
        );
    }
    out
}

fn block_name(k: segment::BlockKind) -> &'static str {
    use segment::BlockKind::*;
    match k {
        Head => "head",
        Heading => "heading",
        Attachment => "attachment",
        Caption => "caption",
        Roster => "roster",
        Table => "table",
        Signature => "signature",
        Paragraph => "para",
    }
}
