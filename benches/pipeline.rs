//! Stage and end-to-end timings on the bundled corpus, with a baseline in the same run:
//! a pass that only validates UTF-8 and counts keyword hits with aho-corasick (the floor
//! for touching every byte). Compare gongwen's throughput as a ratio to it.
//!
//! `cargo bench` (criterion prints throughput in MiB/s per benchmark).

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use gongwen::extract::{self, Ctx};
use gongwen::{clean, decode, pipeline, segment};
use std::hint::black_box;
use std::sync::Arc;

/// The binary's allocator (see `src/main.rs`), so stages are timed as `gongwen run` runs them.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn corpus() -> Vec<(String, Vec<u8>)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/corpus");
    let inputs = gongwen::run::discover(&[dir], &mut Vec::new());
    inputs
        .into_iter()
        .map(|i| (i.name, std::fs::read(&i.path).unwrap()))
        .collect()
}

/// One segmented document, ready for the extractors.
struct Doc<'c> {
    file: usize,
    span: segment::DocSpan,
    blocks: Vec<segment::blocks::Block>,
    logical: Vec<extract::Logical<'c>>,
    id: Arc<str>,
}

/// The extractor context of `d` (its file's decoded and cleaned text, its name).
fn ctx<'a>(
    d: &'a Doc<'_>,
    decoded: &'a [gongwen::source::Source],
    cleaned: &'a [clean::Cleaned],
    names: &'a [Arc<str>],
) -> Ctx<'a> {
    Ctx {
        src: &decoded[d.file],
        cleaned: &cleaned[d.file],
        source: &names[d.file],
        doc: &d.span,
        doc_id: &d.id,
        blocks: &d.blocks,
        logical: &d.logical,
        hint: Default::default(),
    }
}

fn stages(c: &mut Criterion) {
    let files = corpus();
    let total: u64 = files.iter().map(|f| f.1.len() as u64).sum();
    let ac = aho_corasick::AhoCorasick::new([
        "通知",
        "关于",
        "印发",
        "人民政府",
        "〔",
        "责任单位",
        "牵头",
    ])
    .unwrap();
    let mut g = c.benchmark_group("corpus");
    g.throughput(Throughput::Bytes(total));
    g.sample_size(20);
    g.bench_function(BenchmarkId::new("baseline", "utf8+aho-corasick"), |b| {
        b.iter(|| {
            let mut n = 0;
            for (_, bytes) in &files {
                let s = std::str::from_utf8(bytes).unwrap();
                n += ac.find_iter(s).count();
            }
            black_box(n)
        })
    });
    g.bench_function("decode", |b| {
        b.iter(|| {
            files
                .iter()
                .map(|(n, x)| decode::decode(n, x).unwrap().source.text.len())
                .sum::<usize>()
        })
    });
    let decoded: Vec<_> = files
        .iter()
        .map(|(n, x)| decode::decode(n, x).unwrap().source)
        .collect();
    g.bench_function("clean", |b| {
        b.iter(|| {
            decoded
                .iter()
                .map(|s| clean::clean(s).text.len())
                .sum::<usize>()
        })
    });
    let cleaned: Vec<_> = decoded.iter().map(clean::clean).collect();
    g.bench_function("segment", |b| {
        b.iter(|| {
            cleaned
                .iter()
                .map(|c| segment::documents::split(c).0.len())
                .sum::<usize>()
        })
    });
    // Each extractor over every document, on already cleaned and segmented text.
    let names: Vec<Arc<str>> = files.iter().map(|f| Arc::from(f.0.as_str())).collect();
    let mut docs = Vec::new();
    for (file, c) in cleaned.iter().enumerate() {
        for (k, span) in segment::documents::split(c).0.into_iter().enumerate() {
            docs.push(Doc {
                file,
                blocks: segment::blocks::blocks(c, &span),
                logical: extract::logical_paras(c, &span),
                id: format!("{file}#{k}").into(),
                span,
            });
        }
    }
    macro_rules! each_doc {
        ($name:literal, |$cx:ident| $body:expr) => {
            g.bench_function($name, |b| {
                b.iter(|| {
                    let mut n = 0usize;
                    for d in &docs {
                        let $cx = ctx(d, &decoded, &cleaned, &names);
                        n += $body;
                    }
                    black_box(n)
                })
            });
        };
    }
    g.bench_function("blocks+logical", |b| {
        b.iter(|| {
            docs.iter()
                .map(|d| {
                    segment::blocks::blocks(&cleaned[d.file], &d.span).len()
                        + extract::logical_paras(&cleaned[d.file], &d.span).len()
                })
                .sum::<usize>()
        })
    });
    each_doc!("extract/documents", |cx| extract::documents::extract(
        &cx, "UTF-8"
    )
    .title
    .map_or(0, |t| t.len()));
    each_doc!("extract/provisions", |cx| extract::provisions::extract(&cx)
        .len());
    each_doc!("extract/rosters", |cx| extract::rosters::extract(&cx, None)
        .0
        .len());
    each_doc!("extract/assignments", |cx| extract::assignments::extract(
        &cx
    )
    .0
    .len());
    each_doc!("extract/tables", |cx| extract::tables::tables(&cx).len());
    let doc_recs: Vec<_> = docs
        .iter()
        .map(|d| extract::documents::extract(&ctx(d, &decoded, &cleaned, &names), "UTF-8"))
        .collect();
    g.bench_function("extract/deadlines", |b| {
        b.iter(|| {
            let mut n = 0;
            for (d, rec) in docs.iter().zip(&doc_recs) {
                let cx = ctx(d, &decoded, &cleaned, &names);
                n += extract::deadlines::extract(&cx, rec, &[], &[]).0.len();
            }
            black_box(n)
        })
    });
    // Writing: every record of the corpus to Parquet (zstd), in a temp folder.
    let outputs: Vec<_> = files
        .iter()
        .map(|(n, x)| pipeline::process_bytes(n, x))
        .collect();
    g.bench_function("write/parquet", |b| {
        b.iter(|| {
            let dir = tempfile::tempdir().unwrap();
            let f = gongwen::sink::Format::Parquet;
            let mut p = gongwen::sink::open(dir.path(), f, Default::default()).unwrap();
            let mut a = gongwen::sink::open(dir.path(), f, Default::default()).unwrap();
            let mut d = gongwen::sink::open(dir.path(), f, Default::default()).unwrap();
            for o in &outputs {
                p.write(&o.provisions).unwrap();
                a.write(&o.assignments).unwrap();
                d.write(&o.deadlines).unwrap();
            }
            (
                p.finish().unwrap(),
                a.finish().unwrap(),
                d.finish().unwrap(),
            )
        })
    });
    // One thread, as `--threads 1`: documents would otherwise be extracted in parallel on
    // rayon's global pool.
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    g.bench_function("end_to_end", |b| {
        b.iter(|| {
            one.install(|| {
                files
                    .iter()
                    .map(|(n, x)| pipeline::process_bytes(n, x).provisions.len())
                    .sum::<usize>()
            })
        })
    });
    // The whole `gongwen run --threads 1`: reading the files, every extractor, and every
    // dataset written as Parquet (zstd) into a temp folder.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/corpus");
    g.bench_function("run+parquet", |b| {
        b.iter(|| {
            let out = tempfile::tempdir().unwrap();
            let opts = gongwen::run::RunOptions {
                inputs: vec![dir.clone()],
                out: out.path().to_path_buf(),
                threads: 1,
                format: gongwen::sink::Format::Parquet,
                compression: Default::default(),
                progress: false,
                shard: None,
                partition: Vec::new(),
            };
            gongwen::run::run(&opts).unwrap().files
        })
    });
    g.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
