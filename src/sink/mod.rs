//! Sinks: records → files in the output folder, one file per dataset, written
//! atomically (a temp file in the same folder, renamed into place on `finish`).
//!
//! A sink receives records in the order they should appear (the caller guarantees a
//! deterministic order) and buffers at most one row group. It does not sort.

pub mod csv;
pub mod jsonl;
pub mod parquet;

use crate::model::Record;
use std::path::{Path, PathBuf};

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Parquet,
    Jsonl,
    Csv,
}

impl Format {
    pub fn ext(self) -> &'static str {
        match self {
            Format::Parquet => "parquet",
            Format::Jsonl => "jsonl",
            Format::Csv => "csv",
        }
    }
}

/// Parquet page compression. JSONL and CSV are written uncompressed whatever this says.
///
/// zstd (level 3) gives the smallest files; snappy and lz4 write faster and read
/// faster, at larger files. Every reader gongwen is tested with (pyarrow, DuckDB,
/// polars) reads all four.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Compression {
    #[default]
    Zstd,
    Snappy,
    /// LZ4 as the Parquet format now specifies it (`LZ4_RAW`).
    Lz4,
    None,
}

/// A writer for one dataset.
pub trait Sink<R: Record> {
    fn write(&mut self, rows: &[R]) -> anyhow::Result<()>;
    /// Flush and move the file into place.
    fn finish(self: Box<Self>) -> anyhow::Result<PathBuf>;
}

/// Open the sink for dataset `R` in `dir` (`dir/<dataset>.<ext>`).
pub fn open<R: Record + 'static>(
    dir: &Path,
    format: Format,
    compression: Compression,
) -> anyhow::Result<Box<dyn Sink<R> + Send>> {
    open_file(dir, R::DATASET, format, compression)
}

/// Open a sink writing `dir/<stem>.<ext>` (a partition's `part-0`, say).
pub fn open_file<R: Record + 'static>(
    dir: &Path,
    stem: &str,
    format: Format,
    compression: Compression,
) -> anyhow::Result<Box<dyn Sink<R> + Send>> {
    std::fs::create_dir_all(dir)?;
    let final_path = dir.join(format!("{stem}.{}", format.ext()));
    let tmp = dir.join(format!(
        ".{stem}.{}.tmp-{}",
        format.ext(),
        std::process::id()
    ));
    use anyhow::Context;
    let what = || format!("cannot write {}", tmp.display());
    Ok(match format {
        Format::Parquet => Box::new(
            parquet::ParquetSink::<R>::create(tmp.clone(), final_path, compression)
                .with_context(what)?,
        ),
        Format::Jsonl => {
            Box::new(jsonl::JsonlSink::create(tmp.clone(), final_path).with_context(what)?)
        }
        Format::Csv => Box::new(csv::CsvSink::create(tmp.clone(), final_path).with_context(what)?),
    })
}

/// Rename `tmp` to `dest` after syncing it, so a reader never sees a partial file.
pub fn commit(file: std::fs::File, tmp: &Path, dest: &Path) -> anyhow::Result<PathBuf> {
    file.sync_all()?;
    drop(file);
    std::fs::rename(tmp, dest)?;
    Ok(dest.to_owned())
}
