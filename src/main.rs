//! The `gongwen` command line: `run` and `eval`.

use clap::{Parser, Subcommand};
use gongwen::eval;
use gongwen::run::{RunOptions, run};
use gongwen::sink::Format;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

/// mimalloc instead of the system allocator: extraction allocates many short-lived
/// strings and vectors per paragraph, and glibc's malloc/free cost ~10% of a run
/// (callgrind); mimalloc's thread-local free lists also keep threads from contending.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "gongwen",
    version,
    about = "Noisy PDF/OCR text of Chinese local-government documents → clean Parquet datasets"
)]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Extract every dataset from files and folders (folders: every *.txt, recursively).
    Run {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Output folder (created if missing).
        #[arg(short, long)]
        out: PathBuf,
        /// Worker threads (default: all cores). Output is identical for any value.
        #[arg(long)]
        threads: Option<usize>,
        #[arg(long, value_enum, default_value = "parquet")]
        format: Format,
        /// Parquet compression: zstd (smallest files), snappy or lz4 (faster to write
        /// and read, larger files), none.
        #[arg(long, value_enum, default_value = "zstd")]
        compression: gongwen::sink::Compression,
        /// No progress bar, no summary.
        #[arg(short, long)]
        quiet: bool,
        /// Process only shard I of N (1-based), chosen by a hash of each input's name,
        /// so that N machines can split one input list: `--shard 2/8`.
        #[arg(long, value_parser = parse_shard)]
        shard: Option<(u32, u32)>,
        /// Write each dataset as a Hive-partitioned folder
        /// (`<out>/<dataset>/jurisdiction=…/year=…/part-0.parquet`): `jurisdiction,year`.
        #[arg(long, value_delimiter = ',', value_parser = parse_partition)]
        partition: Vec<gongwen::run::Partition>,
        /// Documents larger than this many MB get documents and provisions only (a
        /// diagnostic says so).
        #[arg(long, default_value_t = 64)]
        max_doc_mb: usize,
        /// A document still being extracted after this many seconds skips its
        /// remaining extractors (a diagnostic says so).
        #[arg(long, default_value_t = 60)]
        doc_timeout: u64,
    },
    /// Show how one file is cleaned and segmented: every paragraph with its source
    /// lines, page, document and block kind (for grammar authors and bug reports).
    Inspect {
        file: PathBuf,
        /// Only paragraphs whose source lines overlap FROM-TO (1-based).
        #[arg(long, value_parser = parse_range)]
        lines: Option<(u32, u32)>,
    },
    /// Print docs/SCHEMA.md: every dataset's columns from the code, with example values
    /// from a run over the given files or folders (the bundled corpus for the checked-in
    /// copy).
    Schema {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Comparison tables across jurisdictions from a run folder, as Parquet and CSV:
    /// tasks by unit category, roster heads and units, deadline months, indicators side
    /// by side.
    Compare {
        /// The run's output folder.
        run_dir: PathBuf,
        /// Where to write the views.
        #[arg(short, long)]
        out: PathBuf,
    },
    /// Pair documents of different jurisdictions that implement the same policy and
    /// align their provisions → <run-dir>/alignments.parquet and .csv.
    Align {
        /// The run's output folder.
        run_dir: PathBuf,
    },
    /// A self-contained HTML page per document: its source lines with every record
    /// marked, a records panel (hover to light up lines, fields in the tooltip) and its
    /// diagnostics.
    Review {
        /// The run's output folder.
        run_dir: PathBuf,
        /// The folder (or file) the run read.
        #[arg(long)]
        input: PathBuf,
        /// One document (`-o` is then the page); without it, `-o` is a folder that gets
        /// one page per document and an index.
        #[arg(long)]
        doc: Option<String>,
        #[arg(short, long)]
        out: PathBuf,
    },
    /// Score a run folder against gold annotations.
    Eval {
        /// Folder with <dataset>.jsonl gold files.
        #[arg(long, default_value = "data/gold")]
        gold: PathBuf,
        /// The run's output folder.
        run_dir: PathBuf,
        /// Where to write the scores as JSON (default: <run_dir>/eval.json).
        #[arg(long)]
        json: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.cmd {
        Cmd::Run {
            paths,
            out,
            threads,
            format,
            compression,
            quiet,
            shard,
            partition,
            max_doc_mb,
            doc_timeout,
        } => {
            gongwen::pipeline::set_limits(gongwen::pipeline::Limits {
                max_doc_bytes: max_doc_mb << 20,
                doc_timeout: std::time::Duration::from_secs(doc_timeout),
            });
            let threads = threads
                .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
            let opts = RunOptions {
                inputs: paths,
                out,
                threads,
                format,
                compression,
                progress: !quiet && std::io::stderr().is_terminal(),
                shard,
                partition,
            };
            match run(&opts) {
                Ok(s) => {
                    if !quiet {
                        eprint!("{}", s.table());
                    }
                    if s.errors > 0 {
                        ExitCode::from(1)
                    } else {
                        ExitCode::SUCCESS
                    }
                }
                Err(e) => {
                    // The run itself could not go on (an output folder that cannot be
                    // written): nothing was put in place.
                    eprintln!("gongwen: error: {e:#}");
                    ExitCode::from(3)
                }
            }
        }
        Cmd::Inspect { file, lines } => match std::fs::read(&file) {
            Ok(bytes) => {
                print!(
                    "{}",
                    gongwen::pipeline::inspect(&file.to_string_lossy(), &bytes, lines)
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("gongwen: error: {}: {e}", file.display());
                ExitCode::from(1)
            }
        },
        Cmd::Compare { run_dir, out } => {
            match gongwen::compare::views(&run_dir)
                .and_then(|v| gongwen::compare::write(&v, &out).map(|()| v))
            {
                Ok(v) => {
                    for x in &v {
                        eprintln!("{:<26} {:>6} rows", x.name, x.rows.len());
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("gongwen: error: {e:#}");
                    ExitCode::from(3)
                }
            }
        }
        Cmd::Align { run_dir } => {
            match gongwen::align::align(&run_dir).and_then(|v| {
                gongwen::compare::write(std::slice::from_ref(&v), &run_dir).map(|()| v)
            }) {
                Ok(v) => {
                    let pairs: std::collections::BTreeSet<String> = v
                        .rows
                        .iter()
                        .map(|r| match (&r[0], &r[1]) {
                            (gongwen::compare::Cell::Str(a), gongwen::compare::Cell::Str(b)) => {
                                format!("{a} ↔ {b}")
                            }
                            _ => String::new(),
                        })
                        .collect();
                    for p in &pairs {
                        eprintln!("{p}");
                    }
                    eprintln!("{} document pairs, {} rows", pairs.len(), v.rows.len());
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("gongwen: error: {e:#}");
                    ExitCode::from(3)
                }
            }
        }
        Cmd::Review {
            run_dir,
            input,
            doc,
            out,
        } => {
            let result = (|| -> anyhow::Result<()> {
                match doc {
                    Some(d) => std::fs::write(&out, gongwen::review::page(&run_dir, &input, &d)?)?,
                    None => {
                        std::fs::create_dir_all(&out)?;
                        let mut index = String::from(
                            "<!doctype html><meta charset=\"utf-8\"><title>gongwen review</title><ul>",
                        );
                        for d in gongwen::review::doc_ids(&run_dir)? {
                            let file = format!("{}.html", d.replace(['#', '/'], "_"));
                            std::fs::write(
                                out.join(&file),
                                gongwen::review::page(&run_dir, &input, &d)?,
                            )?;
                            index += &format!("<li><a href=\"{file}\">{d}</a></li>");
                        }
                        std::fs::write(out.join("index.html"), index + "</ul>")?;
                    }
                }
                Ok(())
            })();
            match result {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("gongwen: error: {e:#}");
                    ExitCode::from(3)
                }
            }
        }
        Cmd::Schema { paths } => {
            let inputs = gongwen::run::discover(&paths, &mut Vec::new());
            let outputs: Vec<_> = inputs
                .iter()
                .filter_map(|i| {
                    let bytes = std::fs::read(&i.path).ok()?;
                    Some(gongwen::pipeline::process_bytes(&i.name, &bytes))
                })
                .collect();
            print!("{}", gongwen::schema::markdown(&outputs));
            ExitCode::SUCCESS
        }
        Cmd::Eval {
            gold,
            run_dir,
            json,
        } => match eval_cmd(&gold, &run_dir, json) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("gongwen: error: {e:#}");
                ExitCode::from(1)
            }
        },
    }
}

fn parse_range(s: &str) -> Result<(u32, u32), String> {
    let (a, b) = s.split_once(['-', ':']).ok_or("expected FROM-TO")?;
    Ok((
        a.trim().parse().map_err(|e| format!("{e}"))?,
        b.trim().parse().map_err(|e| format!("{e}"))?,
    ))
}

fn parse_shard(s: &str) -> Result<(u32, u32), String> {
    let (i, n) = s.split_once('/').ok_or("expected I/N, e.g. 2/8")?;
    let (i, n): (u32, u32) = (
        i.trim().parse().map_err(|e| format!("{e}"))?,
        n.trim().parse().map_err(|e| format!("{e}"))?,
    );
    if n == 0 || i == 0 || i > n {
        return Err(format!("shard {i}/{n}: need 1 ≤ I ≤ N"));
    }
    Ok((i, n))
}

fn parse_partition(s: &str) -> Result<gongwen::run::Partition, String> {
    match s.trim() {
        "jurisdiction" => Ok(gongwen::run::Partition::Jurisdiction),
        "year" => Ok(gongwen::run::Partition::Year),
        x => Err(format!(
            "unknown partition column {x:?} (jurisdiction, year)"
        )),
    }
}

fn eval_cmd(
    gold: &std::path::Path,
    run_dir: &std::path::Path,
    json: Option<PathBuf>,
) -> anyhow::Result<()> {
    let mut scores = Vec::new();
    for spec in eval::SPECS {
        let gpath = gold.join(format!("{}.jsonl", spec.dataset));
        if !gpath.exists() {
            continue;
        }
        let in_run = ["parquet", "jsonl"]
            .iter()
            .any(|e| run_dir.join(format!("{}.{e}", spec.dataset)).exists());
        if !in_run {
            // A partial run (another tool's output, an older version): score what is there.
            eprintln!("{}: not in {}, skipped", spec.dataset, run_dir.display());
            continue;
        }
        let g = eval::load::jsonl(&gpath)?;
        let mut p = eval::load::run_rows(run_dir, spec.dataset)?;
        // Gold that covers only some documents lists them in `<dataset>.scope.jsonl`.
        let scope = gold.join(format!("{}.scope.jsonl", spec.dataset));
        if scope.exists() {
            p = eval::in_scope(&eval::load::jsonl(&scope)?, p);
        }
        scores.push(eval::score(spec, &g, &p));
    }
    print!("{}", eval::report(&scores));
    let mut all = serde_json::to_value(&scores)?;
    // Tables are scored per grid, not per record.
    let gpath = gold.join("tables.jsonl");
    let in_run = ["parquet", "jsonl"]
        .iter()
        .any(|e| run_dir.join(format!("tables.{e}")).exists());
    if gpath.exists() && in_run {
        let t = eval::tables::score(
            &eval::load::jsonl(&gpath)?,
            &eval::load::run_rows(run_dir, "tables")?,
        );
        print!("{}", eval::tables::report(&t));
        if let Some(list) = all.as_array_mut() {
            list.push(serde_json::to_value(&t)?);
        }
    }
    let path = json.unwrap_or_else(|| run_dir.join("eval.json"));
    std::fs::write(&path, serde_json::to_string_pretty(&all)?)?;
    eprintln!("scores written to {}", path.display());
    Ok(())
}
