//! `gongwen run`: many files → one output folder, in parallel, deterministically.
//!
//! Inputs are expanded (folders recursively, `*.txt`), sorted, and processed in windows
//! of a few files per thread with rayon; each window's outputs are written in input
//! order, so the bytes written do not depend on the thread count and memory is bounded
//! by the window, not the corpus.

use crate::model::{
    AssignmentRec, DeadlineRec, DiagnosticRec, DocumentRec, IndicatorRec, ProvisionRec, Record,
    RosterRec, Severity, TableCellRec,
};
use crate::pipeline::{FileOutput, process_bytes};
use crate::sink::{self, Format, Sink};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

/// Options of a run.
pub struct RunOptions {
    pub inputs: Vec<PathBuf>,
    pub out: PathBuf,
    pub threads: usize,
    pub format: Format,
    pub progress: bool,
}

/// What a run did.
#[derive(Debug, Default, Clone)]
pub struct Summary {
    pub files: usize,
    pub bytes: u64,
    pub documents: usize,
    pub provisions: usize,
    pub rosters: usize,
    pub assignments: usize,
    pub unknown_units: usize,
    pub deadlines: usize,
    pub table_cells: usize,
    pub indicators: usize,
    pub diagnostics: usize,
    pub errors: usize,
    pub warnings: usize,
    pub seconds: f64,
}

/// An input file and the name it is recorded under.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Input {
    pub name: String,
    pub path: PathBuf,
}

/// Expand paths: a file is taken as given; a folder contributes every `*.txt` under it
/// (recursively, symlinked folders not followed), named relative to the folder.
pub fn discover(inputs: &[PathBuf], diags: &mut Vec<DiagnosticRec>) -> Vec<Input> {
    let mut out = Vec::new();
    for p in inputs {
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => walk(p, p, &mut out, diags),
            Ok(_) => out.push(Input {
                name: p.to_string_lossy().into_owned(),
                path: p.clone(),
            }),
            Err(e) => diags.push(DiagnosticRec::file(
                &Arc::from(p.to_string_lossy().as_ref()),
                "read",
                Severity::Error,
                format!("cannot read input: {e}"),
            )),
        }
    }
    out.sort();
    out.dedup_by(|a, b| a.path == b.path);
    out
}

fn walk(root: &Path, dir: &Path, out: &mut Vec<Input>, diags: &mut Vec<DiagnosticRec>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            diags.push(DiagnosticRec::file(
                &Arc::from(dir.to_string_lossy().as_ref()),
                "read",
                Severity::Error,
                format!("cannot list folder: {e}"),
            ));
            return;
        }
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let path = e.path();
        let Ok(ft) = e.file_type() else { continue };
        if ft.is_dir() {
            walk(root, &path, out, diags);
        } else if path
            .extension()
            .is_some_and(|x| x.eq_ignore_ascii_case("txt"))
            && (ft.is_file() || ft.is_symlink() && path.is_file())
        {
            let name = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            out.push(Input { name, path });
        }
    }
}

struct Sinks {
    documents: Box<dyn Sink<DocumentRec>>,
    provisions: Box<dyn Sink<ProvisionRec>>,
    rosters: Box<dyn Sink<RosterRec>>,
    assignments: Box<dyn Sink<AssignmentRec>>,
    deadlines: Box<dyn Sink<DeadlineRec>>,
    tables: Box<dyn Sink<TableCellRec>>,
    indicators: Box<dyn Sink<IndicatorRec>>,
    diagnostics: Box<dyn Sink<DiagnosticRec>>,
}

fn sorted<R: Record + Clone>(mut v: Vec<R>) -> Vec<R> {
    v.sort_by_key(|r| r.order());
    v
}

/// Run the pipeline. Returns the summary; output files are in place when it returns Ok.
pub fn run(opts: &RunOptions) -> anyhow::Result<Summary> {
    let start = Instant::now();
    std::fs::create_dir_all(&opts.out)?;
    let mut pre_diags = Vec::new();
    let inputs = discover(&opts.inputs, &mut pre_diags);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.threads.max(1))
        .build()?;
    let mut sinks = Sinks {
        documents: sink::open(&opts.out, opts.format)?,
        provisions: sink::open(&opts.out, opts.format)?,
        rosters: sink::open(&opts.out, opts.format)?,
        assignments: sink::open(&opts.out, opts.format)?,
        deadlines: sink::open(&opts.out, opts.format)?,
        tables: sink::open(&opts.out, opts.format)?,
        indicators: sink::open(&opts.out, opts.format)?,
        diagnostics: sink::open(&opts.out, opts.format)?,
    };
    let bar = opts.progress.then(|| {
        let b = indicatif::ProgressBar::new(inputs.len() as u64);
        b.set_style(
            indicatif::ProgressStyle::with_template(
                "{bar:40} {pos}/{len} files {msg} [{elapsed_precise}]",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        b
    });
    let mut s = Summary {
        files: inputs.len(),
        ..Default::default()
    };
    let emit_diags =
        |d: Vec<DiagnosticRec>, sinks: &mut Sinks, s: &mut Summary| -> anyhow::Result<()> {
            for x in &d {
                match x.severity {
                    Severity::Error => s.errors += 1,
                    Severity::Warning => s.warnings += 1,
                    Severity::Info => {}
                }
                if x.severity >= Severity::Warning {
                    let at = x.line_start.map(|l| format!(":{l}")).unwrap_or_default();
                    let msg = format!(
                        "gongwen: {}{at}: {} [{}] {}",
                        x.source,
                        x.severity.as_str(),
                        x.stage,
                        x.message
                    );
                    match &bar {
                        Some(b) => b.println(msg),
                        None => eprintln!("{msg}"),
                    }
                }
            }
            s.diagnostics += d.len();
            sinks.diagnostics.write(&d)
        };
    emit_diags(pre_diags, &mut sinks, &mut s)?;
    let window = opts.threads.max(1) * 4;
    for chunk in inputs.chunks(window) {
        let outputs: Vec<FileOutput> =
            pool.install(|| chunk.par_iter().map(process_input).collect());
        for o in outputs {
            s.bytes += o.bytes;
            s.documents += o.documents.len();
            s.provisions += o.provisions.len();
            sinks.documents.write(&o.documents)?;
            sinks.provisions.write(&sorted(o.provisions))?;
            s.rosters += o.rosters.len();
            sinks.rosters.write(&sorted(o.rosters))?;
            s.assignments += o.assignments.len();
            s.unknown_units += o.unknown_units;
            sinks.assignments.write(&sorted(o.assignments))?;
            s.deadlines += o.deadlines.len();
            sinks.deadlines.write(&sorted(o.deadlines))?;
            s.table_cells += o.tables.len();
            sinks.tables.write(&sorted(o.tables))?;
            s.indicators += o.indicators.len();
            sinks.indicators.write(&sorted(o.indicators))?;
            emit_diags(sorted(o.diagnostics), &mut sinks, &mut s)?;
            if let Some(b) = &bar {
                b.inc(1);
            }
        }
    }
    sinks.documents.finish()?;
    sinks.provisions.finish()?;
    sinks.rosters.finish()?;
    sinks.assignments.finish()?;
    sinks.deadlines.finish()?;
    sinks.tables.finish()?;
    sinks.indicators.finish()?;
    sinks.diagnostics.finish()?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    s.seconds = start.elapsed().as_secs_f64();
    Ok(s)
}

fn process_input(input: &Input) -> FileOutput {
    match std::fs::read(&input.path) {
        Ok(bytes) => process_bytes(&input.name, &bytes),
        Err(e) => FileOutput {
            diagnostics: vec![DiagnosticRec::file(
                &Arc::from(input.name.as_str()),
                "read",
                Severity::Error,
                format!("cannot read file: {e}"),
            )],
            ..Default::default()
        },
    }
}

impl Summary {
    /// The end-of-run table.
    pub fn table(&self) -> String {
        let mbs = if self.seconds > 0.0 {
            self.bytes as f64 / 1e6 / self.seconds
        } else {
            0.0
        };
        format!(
            "files        {:>8}\ninput MB     {:>8.2}\ndocuments    {:>8}\nprovisions   {:>8}\nrosters      {:>8}\nassignments  {:>8}  ({} units not in grammars/units.tsv)\ndeadlines    {:>8}\ntable cells  {:>8}\nindicators   {:>8}\ndiagnostics  {:>8}  ({} errors, {} warnings)\nseconds      {:>8.2}\nMB/s         {:>8.1}\n",
            self.files,
            self.bytes as f64 / 1e6,
            self.documents,
            self.provisions,
            self.rosters,
            self.assignments,
            self.unknown_units,
            self.deadlines,
            self.table_cells,
            self.indicators,
            self.diagnostics,
            self.errors,
            self.warnings,
            self.seconds,
            mbs
        )
    }
}
