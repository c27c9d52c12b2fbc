//! `gongwen run`: many files → one output folder, in parallel, deterministically.
//!
//! Inputs are expanded (folders recursively, `*.txt`) and sorted. `--threads N` workers
//! take files in that order; whichever worker finishes the file next in line writes it
//! (and any later ones already waiting), so outputs are written in input order, the
//! bytes written do not depend on the thread count, and exactly N threads do all the
//! work (one thread: read, extract, write, one file after the other). A worker does not
//! start a file more than [`AHEAD_PER_THREAD`] × N files ahead of the writer, so memory
//! is bounded by that window, not by the corpus.

use crate::model::{
    AssignmentRec, DeadlineRec, DiagnosticRec, DocumentRec, IndicatorRec, ProvisionRec, Record,
    RosterRec, Severity, TableCellRec,
};
use crate::pipeline::{FileOutput, process_bytes};
use crate::sink::{self, Compression, Format, Sink};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Instant;

/// Options of a run.
pub struct RunOptions {
    pub inputs: Vec<PathBuf>,
    pub out: PathBuf,
    pub threads: usize,
    pub format: Format,
    /// Parquet compression (ignored by JSONL and CSV).
    pub compression: Compression,
    pub progress: bool,
    /// `Some((i, n))`: only the inputs of shard i (1-based) of n, see [`in_shard`].
    pub shard: Option<(u32, u32)>,
    /// Hive partition columns of the output (`jurisdiction`, `year`), in order.
    pub partition: Vec<Partition>,
}

/// A Hive partition column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Partition {
    /// The document's jurisdiction (`曲阳县`), `unknown` when none.
    Jurisdiction,
    /// The document's issue year, else its 文号 year, else `unknown`.
    Year,
}

/// Whether the input recorded as `name` belongs to shard `i` of `n` (1-based): the
/// FNV-1a hash of the name, mixed, modulo n. It depends on the name only, so every machine
/// of a batch agrees, and adding files never moves the others between shards.
pub fn in_shard(name: &str, i: u32, n: u32) -> bool {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in name.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    // FNV's low bits follow the last bytes (every name ends `.txt`): mix them (fmix64).
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^= h >> 33;
    n > 0 && (h % u64::from(n)) as u32 == i.saturating_sub(1)
}

/// What a run did.
#[derive(Debug, Default, Clone)]
pub struct Summary {
    pub files: usize,
    pub bytes: u64,
    pub documents: usize,
    /// Documents marked as copies of an earlier one (`duplicate_of`).
    pub duplicates: usize,
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
        let txt = path
            .extension()
            .is_some_and(|x| x.eq_ignore_ascii_case("txt"));
        let note = |severity, msg: &str, diags: &mut Vec<DiagnosticRec>| {
            diags.push(DiagnosticRec::file(
                &Arc::from(path.to_string_lossy().as_ref()),
                "read",
                severity,
                msg.to_owned(),
            ));
        };
        if ft.is_dir() {
            walk(root, &path, out, diags);
        } else if ft.is_symlink() && path.is_dir() {
            // Never followed, so a link loop cannot hang the run; said, not silent.
            note(
                Severity::Warning,
                "symbolic link to a folder not followed (give the folder itself)",
                diags,
            );
        } else if txt && ft.is_symlink() && !path.exists() {
            note(
                Severity::Error,
                "broken symbolic link: nothing to read",
                diags,
            );
        } else if txt && (ft.is_file() || ft.is_symlink() && path.is_file()) {
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
    documents: Out<DocumentRec>,
    provisions: Out<ProvisionRec>,
    rosters: Out<RosterRec>,
    assignments: Out<AssignmentRec>,
    deadlines: Out<DeadlineRec>,
    tables: Out<TableCellRec>,
    indicators: Out<IndicatorRec>,
    diagnostics: Box<dyn Sink<DiagnosticRec> + Send>,
}

/// One dataset's output: one file, or one file per Hive partition
/// (`<out>/<dataset>/jurisdiction=…/year=…/part-0.<ext>`), opened when first needed.
enum Out<R: Record> {
    One(Box<dyn Sink<R> + Send>),
    Parts {
        dir: PathBuf,
        format: Format,
        compression: Compression,
        open: std::collections::BTreeMap<String, Box<dyn Sink<R> + Send>>,
    },
}

impl<R: Record + Clone + 'static> Out<R> {
    fn new(opts: &RunOptions) -> anyhow::Result<Self> {
        Ok(if opts.partition.is_empty() {
            Out::One(sink::open(&opts.out, opts.format, opts.compression)?)
        } else {
            Out::Parts {
                dir: opts.out.join(R::DATASET),
                format: opts.format,
                compression: opts.compression,
                open: Default::default(),
            }
        })
    }

    /// Write `rows` (in order); `parts` gives each document's partition path.
    fn write(
        &mut self,
        rows: &[R],
        parts: &std::collections::HashMap<Arc<str>, String>,
    ) -> anyhow::Result<()> {
        match self {
            Out::One(s) => s.write(rows),
            Out::Parts {
                dir,
                format,
                compression,
                open,
            } => {
                let mut groups: std::collections::BTreeMap<&str, Vec<R>> = Default::default();
                for r in rows {
                    let key = r
                        .doc_id()
                        .and_then(|d| parts.get(d))
                        .map_or("unknown", String::as_str);
                    groups.entry(key).or_default().push(r.clone());
                }
                for (key, rows) in groups {
                    if !open.contains_key(key) {
                        let s = sink::open_file(&dir.join(key), "part-0", *format, *compression)?;
                        open.insert(key.to_owned(), s);
                    }
                    open.get_mut(key).expect("just opened").write(&rows)?;
                }
                Ok(())
            }
        }
    }

    fn finish(self) -> anyhow::Result<()> {
        match self {
            Out::One(s) => {
                s.finish()?;
            }
            Out::Parts { open, .. } => {
                for s in open.into_values() {
                    s.finish()?;
                }
            }
        }
        Ok(())
    }
}

/// A document's partition path, `jurisdiction=曲阳县/year=2022`; `unknown` where a
/// value is missing.
fn partition_of(d: &DocumentRec, by: &[Partition]) -> String {
    by.iter()
        .map(|p| match p {
            Partition::Jurisdiction => format!(
                "jurisdiction={}",
                d.jurisdiction.as_deref().unwrap_or("unknown")
            ),
            Partition::Year => {
                let year = d
                    .issue_date
                    .map(|days| crate::sink::jsonl::date_string(days)[..4].to_owned())
                    .or_else(|| d.doc_year.map(|y| y.to_string()));
                format!("year={}", year.as_deref().unwrap_or("unknown"))
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

fn sorted<R: Record>(v: &mut Vec<R>) -> &mut Vec<R> {
    v.sort_by_key(|r| r.order());
    v
}

/// Run the pipeline. Returns the summary; output files are in place when it returns Ok.
pub fn run(opts: &RunOptions) -> anyhow::Result<Summary> {
    let start = Instant::now();
    use anyhow::Context;
    std::fs::create_dir_all(&opts.out)
        .with_context(|| format!("cannot create the output folder {}", opts.out.display()))?;
    remove_stale_temps(&opts.out);
    let mut pre_diags = Vec::new();
    let mut inputs = discover(&opts.inputs, &mut pre_diags);
    if let Some((i, n)) = opts.shard {
        inputs.retain(|x| in_shard(&x.name, i, n));
    }
    let sinks = Sinks {
        documents: Out::new(opts)?,
        provisions: Out::new(opts)?,
        rosters: Out::new(opts)?,
        assignments: Out::new(opts)?,
        deadlines: Out::new(opts)?,
        tables: Out::new(opts)?,
        indicators: Out::new(opts)?,
        diagnostics: sink::open(&opts.out, opts.format, opts.compression)?,
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
    let mut w = Writer {
        sinks,
        by: opts.partition.clone(),
        duplicates: Default::default(),
        bar,
        s: Summary {
            files: inputs.len(),
            ..Default::default()
        },
    };
    w.diagnostics(pre_diags)?;
    let threads = opts.threads.max(1);
    let Writer {
        sinks, bar, mut s, ..
    } = extract_and_write(&inputs, threads, w)?;
    sinks.finish(threads)?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    s.seconds = start.elapsed().as_secs_f64();
    Ok(s)
}

/// Temp files (`.<dataset>.<ext>.tmp-<pid>`) left in `dir` by a run that was killed:
/// removed when that process is gone (checked through `/proc`; elsewhere they stay).
fn remove_stale_temps(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some(pid) = name
            .strip_prefix('.')
            .and_then(|n| n.rsplit_once(".tmp-"))
            .map(|(_, pid)| pid.to_owned())
        else {
            continue;
        };
        let gone = pid.parse::<u32>().is_ok_and(|p| {
            Path::new("/proc/self").exists() && !Path::new(&format!("/proc/{p}")).exists()
        });
        if gone {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// The sinks and the running summary, on the writer thread.
struct Writer {
    sinks: Sinks,
    by: Vec<Partition>,
    /// Files reach the writer in input order, so "earlier copy" means the same for
    /// every thread count.
    duplicates: crate::duplicates::Duplicates,
    bar: Option<indicatif::ProgressBar>,
    s: Summary,
}

/// A sink's last step (flush its last row group, sync, rename), run on any thread.
type FinishJob = Box<dyn FnOnce() -> anyhow::Result<()> + Send>;

impl Sinks {
    /// Flush and put every dataset in place, on up to `threads` threads: the last row
    /// groups are compressed here, and the datasets are independent of each other.
    fn finish(self, threads: usize) -> anyhow::Result<()> {
        let diagnostics = self.diagnostics;
        let jobs: Vec<FinishJob> = vec![
            // The largest first, so it does not start last.
            Box::new(move || self.provisions.finish()),
            Box::new(move || self.tables.finish()),
            Box::new(move || self.assignments.finish()),
            Box::new(move || self.deadlines.finish()),
            Box::new(move || self.rosters.finish()),
            Box::new(move || self.documents.finish()),
            Box::new(move || self.indicators.finish()),
            Box::new(move || diagnostics.finish().map(drop)),
        ];
        run_jobs(jobs, threads)
    }
}

/// Run `jobs` on up to `threads` threads (the current one included). After a job fails
/// no further job is started (as when they ran one after the other); the first error in
/// job order is returned.
fn run_jobs(jobs: Vec<FinishJob>, threads: usize) -> anyhow::Result<()> {
    let n = jobs.len();
    let queue = Mutex::new(jobs.into_iter().enumerate());
    let results: Mutex<Vec<Option<anyhow::Result<()>>>> =
        Mutex::new((0..n).map(|_| None).collect());
    let failed = AtomicBool::new(false);
    let work = || {
        loop {
            let next = queue.lock().unwrap_or_else(|e| e.into_inner()).next();
            let Some((k, job)) = next else { break };
            if failed.load(Ordering::Relaxed) {
                break;
            }
            let r = job();
            if r.is_err() {
                failed.store(true, Ordering::Relaxed);
            }
            results.lock().unwrap_or_else(|e| e.into_inner())[k] = Some(r);
        }
    };
    std::thread::scope(|scope| {
        for _ in 1..threads.min(n) {
            scope.spawn(work);
        }
        work();
    });
    results
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .flatten()
        .collect()
}

impl Writer {
    /// Write one file's records, in file order. The records are sorted in place and
    /// left in `o`, so the caller decides which thread frees them.
    fn file(&mut self, o: &mut FileOutput) -> anyhow::Result<()> {
        self.duplicates.mark(&mut o.documents);
        self.s.duplicates += o
            .documents
            .iter()
            .filter(|d| d.duplicate_of.is_some())
            .count();
        let parts: std::collections::HashMap<Arc<str>, String> = if self.by.is_empty() {
            Default::default()
        } else {
            o.documents
                .iter()
                .map(|d| (d.doc_id.clone(), partition_of(d, &self.by)))
                .collect()
        };
        let (s, sinks) = (&mut self.s, &mut self.sinks);
        s.bytes += o.bytes;
        s.documents += o.documents.len();
        s.provisions += o.provisions.len();
        sinks.documents.write(&o.documents, &parts)?;
        sinks.provisions.write(sorted(&mut o.provisions), &parts)?;
        s.rosters += o.rosters.len();
        sinks.rosters.write(sorted(&mut o.rosters), &parts)?;
        s.assignments += o.assignments.len();
        s.unknown_units += o.unknown_units;
        sinks
            .assignments
            .write(sorted(&mut o.assignments), &parts)?;
        s.deadlines += o.deadlines.len();
        sinks.deadlines.write(sorted(&mut o.deadlines), &parts)?;
        s.table_cells += o.tables.len();
        sinks.tables.write(sorted(&mut o.tables), &parts)?;
        s.indicators += o.indicators.len();
        sinks.indicators.write(sorted(&mut o.indicators), &parts)?;
        self.diagnostics(std::mem::take(sorted(&mut o.diagnostics)))?;
        if let Some(b) = &self.bar {
            b.inc(1);
        }
        Ok(())
    }

    /// Count diagnostics, print warnings and errors, write them all.
    fn diagnostics(&mut self, d: Vec<DiagnosticRec>) -> anyhow::Result<()> {
        for x in &d {
            match x.severity {
                Severity::Error => self.s.errors += 1,
                Severity::Warning => self.s.warnings += 1,
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
                match &self.bar {
                    Some(b) => b.println(msg),
                    None => eprintln!("{msg}"),
                }
            }
        }
        self.s.diagnostics += d.len();
        self.sinks.diagnostics.write(&d)
    }
}

/// How many files per thread a worker may extract ahead of the file being written.
const AHEAD_PER_THREAD: usize = 8;

/// Extract every input on a rayon pool of `threads` threads and write the outputs in
/// input order.
///
/// Each pool thread runs one [`InOrder::work`] loop over the files (a broadcast job, so
/// no thread can pick up a second loop while it waits inside another); the documents of
/// a file are extracted in parallel on the same pool (see `pipeline`), so idle threads
/// help with a file that holds many documents, such as one large gazette.
fn extract_and_write(inputs: &[Input], threads: usize, mut w: Writer) -> anyhow::Result<Writer> {
    use anyhow::Context;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("gongwen-{i}"))
        .build()
        .context("cannot start the worker threads")?;
    if threads <= 1 {
        // One thread: no queue, no hand-over; "1 thread" uses one core.
        return pool.install(|| {
            for input in inputs {
                w.file(&mut process_input(input))?;
            }
            Ok(w)
        });
    }
    let q = InOrder::new(w, threads, threads * AHEAD_PER_THREAD);
    pool.broadcast(|_| q.work(inputs));
    q.into_writer()
}

/// Outputs finished out of order, waiting for the ones before them to be written.
struct Pending {
    /// Extracted outputs by input index, with the pool thread that extracted them.
    ready: BTreeMap<usize, (FileOutput, usize)>,
    /// Index of the next file to write.
    written: usize,
    /// A worker is writing (it owns the writer until it finds nothing ready).
    writing: bool,
    error: Option<anyhow::Error>,
}

/// The state workers share: the next input to take, the outputs waiting to be written,
/// and the writer. Whoever finishes the file next in line writes it, then any later
/// ones already waiting; the others go on extracting meanwhile.
struct InOrder {
    next: AtomicUsize,
    failed: AtomicBool,
    ahead: usize,
    pending: Mutex<Pending>,
    /// Signalled when a file has been written (a worker may be waiting for room).
    room: Condvar,
    writer: Mutex<Writer>,
    /// Written outputs by the pool thread that extracted them, freed by that thread at
    /// its next file: memory freed by the thread that allocated it is cheap, freed by
    /// another thread it is not (mimalloc's cross-thread frees; glibc's arena locks).
    written_out: Vec<Mutex<Vec<FileOutput>>>,
}

impl InOrder {
    fn new(w: Writer, threads: usize, ahead: usize) -> Self {
        InOrder {
            next: AtomicUsize::new(0),
            failed: AtomicBool::new(false),
            ahead: ahead.max(1),
            pending: Mutex::new(Pending {
                ready: BTreeMap::new(),
                written: 0,
                writing: false,
                error: None,
            }),
            room: Condvar::new(),
            writer: Mutex::new(w),
            written_out: (0..threads).map(|_| Mutex::new(Vec::new())).collect(),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Pending> {
        self.pending.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A worker: take the next input, extract it, hand it over, write what is in line.
    fn work(&self, inputs: &[Input]) {
        let me = rayon::current_thread_index().unwrap_or(0) % self.written_out.len();
        loop {
            drop(std::mem::take(
                &mut *self.written_out[me]
                    .lock()
                    .unwrap_or_else(|e| e.into_inner()),
            ));
            let i = self.next.fetch_add(1, Ordering::Relaxed);
            if i >= inputs.len() || !self.wait_for_room(i) {
                return;
            }
            let out = process_input(&inputs[i]);
            let mut p = self.lock();
            p.ready.insert(i, (out, me));
            if !p.writing {
                p.writing = true;
                self.write_ready(p);
            }
        }
    }

    /// Wait until file `i` is within the window ahead of the writer; false once the
    /// run has failed.
    fn wait_for_room(&self, i: usize) -> bool {
        let mut p = self.lock();
        while i >= p.written + self.ahead && !self.failed.load(Ordering::Relaxed) {
            p = self.room.wait(p).unwrap_or_else(|e| e.into_inner());
        }
        !self.failed.load(Ordering::Relaxed)
    }

    /// Write the outputs that are next in line, the lock released while writing; stop
    /// (and give up the writer) when the next one is not finished yet.
    fn write_ready<'a>(&'a self, mut p: std::sync::MutexGuard<'a, Pending>) {
        loop {
            let k = p.written;
            let Some((mut out, by)) = p.ready.remove(&k) else {
                break;
            };
            drop(p);
            let r = self
                .writer
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .file(&mut out);
            self.written_out[by]
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(out);
            p = self.lock();
            p.written += 1;
            if let Err(e) = r {
                p.error = Some(e);
                p.ready.clear();
                self.failed.store(true, Ordering::Relaxed);
                self.room.notify_all();
                break;
            }
            self.room.notify_all();
        }
        p.writing = false;
    }

    /// The writer once every worker has returned, or the first write error.
    fn into_writer(self) -> anyhow::Result<Writer> {
        let p = self.pending.into_inner().unwrap_or_else(|e| e.into_inner());
        if let Some(e) = p.error {
            return Err(e);
        }
        Ok(self.writer.into_inner().unwrap_or_else(|e| e.into_inner()))
    }
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
            "files        {:>8}\ninput MB     {:>8.2}\ndocuments    {:>8}  ({} printed earlier in the run)\nprovisions   {:>8}\nrosters      {:>8}\nassignments  {:>8}  ({} units not in grammars/units.tsv)\ndeadlines    {:>8}\ntable cells  {:>8}\nindicators   {:>8}\ndiagnostics  {:>8}  ({} errors, {} warnings)\nseconds      {:>8.2}\nMB/s         {:>8.1}\n",
            self.files,
            self.bytes as f64 / 1e6,
            self.documents,
            self.duplicates,
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
