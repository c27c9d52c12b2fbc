//! Parquet sink (zstd), built generically from a record type's schema.
//!
//! Output is deterministic: no timestamps in metadata, fixed row-group size, and rows
//! in the order given. Schema and gongwen versions and column descriptions travel in
//! the Arrow schema metadata stored in the file.

use super::{Compression, Sink, commit};
use crate::model::{Record, Val};
use arrow::array::{ArrayRef, BooleanBuilder, PrimitiveBuilder, StringBuilder};
use arrow::datatypes::{
    ArrowPrimitiveType, DataType, Date32Type, Float64Type, Int32Type, SchemaRef, UInt8Type,
    UInt16Type, UInt32Type, UInt64Type,
};
use arrow::record_batch::RecordBatch;
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression as Codec, Encoding, ZstdLevel};
use parquet::file::properties::WriterProperties;
use std::marker::PhantomData;
use std::path::PathBuf;
use std::sync::Arc;

/// Rows buffered before a batch is handed to the writer.
const BATCH_ROWS: usize = 1024;

pub struct ParquetSink<R> {
    writer: ArrowWriter<std::fs::File>,
    /// The dataset's schema, built once (every batch carries it).
    schema: SchemaRef,
    tmp: PathBuf,
    dest: PathBuf,
    _r: PhantomData<R>,
}

impl<R: Record> ParquetSink<R> {
    pub fn create(tmp: PathBuf, dest: PathBuf, compression: Compression) -> anyhow::Result<Self> {
        let file = std::fs::File::create(&tmp)?;
        let codec = match compression {
            Compression::Zstd => Codec::ZSTD(ZstdLevel::try_new(3)?),
            Compression::Snappy => Codec::SNAPPY,
            Compression::Lz4 => Codec::LZ4_RAW,
            Compression::None => Codec::UNCOMPRESSED,
        };
        let mut props = WriterProperties::builder()
            .set_compression(codec)
            .set_max_row_group_row_count(Some(64 * 1024));
        for col in R::columns() {
            props = match encoding_of(R::DATASET, col.name) {
                Some(e) => props
                    .set_column_dictionary_enabled(col.name.into(), false)
                    .set_column_encoding(col.name.into(), e),
                None => props,
            };
        }
        let props = props.build();
        let schema = R::schema();
        let writer = ArrowWriter::try_new(file, schema.clone(), Some(props))?;
        Ok(ParquetSink {
            writer,
            schema,
            tmp,
            dest,
            _r: PhantomData,
        })
    }
}

/// Provenance offsets: rising through a file, nearly all distinct.
const OFFSETS: [&str; 4] = ["line_start", "line_end", "byte_start", "byte_end"];

/// Ids and free text whose values are nearly all distinct, as `dataset.column`.
const DISTINCT: [&str; 9] = [
    "provisions.text",
    "provisions.provision_id",
    "provisions.parent_id",
    "assignments.provision_id",
    "assignments.task_id",
    "deadlines.provision_id",
    "documents.doc_id",
    "documents.doc_number",
    "documents.doc_number_raw",
];

/// The encoding of a column that is not dictionary-encoded (None: the dictionary
/// default). A dictionary of nearly distinct values costs interning every value and
/// compressing a dictionary page as large as the column, and gains nothing: offsets are
/// delta-encoded instead, distinct ids and text stored plain. The values read back are
/// the same either way; the files are smaller (zstd does better on plain text and
/// deltas than on a dictionary and its indices).
fn encoding_of(dataset: &str, column: &str) -> Option<Encoding> {
    if OFFSETS.contains(&column) {
        Some(Encoding::DELTA_BINARY_PACKED)
    } else if DISTINCT
        .iter()
        .any(|dc| dc.split_once('.') == Some((dataset, column)))
    {
        Some(Encoding::PLAIN)
    } else {
        None
    }
}

/// Build one record batch of `schema` (the one of `R`) from `rows`.
///
/// The rows' values are laid out row after row in one buffer (no `Vec` per row), then
/// each column is read out of it with a stride into a builder sized for the batch.
pub fn batch<R: Record>(rows: &[R], schema: &SchemaRef) -> anyhow::Result<RecordBatch> {
    let width = schema.fields().len();
    let mut vals: Vec<Val<'_>> = Vec::with_capacity(rows.len() * width);
    for r in rows {
        let before = vals.len();
        r.push_values(&mut vals);
        anyhow::ensure!(
            vals.len() - before == width,
            "a {} record has the wrong number of values",
            R::DATASET
        );
    }
    let n = rows.len();
    let mut arrays: Vec<ArrayRef> = Vec::with_capacity(width);
    for (k, c) in schema.fields().iter().enumerate() {
        let column = vals[k.min(vals.len())..].iter().step_by(width).copied();
        let a: ArrayRef = match c.data_type() {
            DataType::Utf8 => {
                // Sized up front: the text columns are long, and growing copies them.
                let bytes = column
                    .clone()
                    .map(|v| match v {
                        Val::Str(s) => s.map_or(0, str::len),
                        _ => 0,
                    })
                    .sum();
                let mut b = StringBuilder::with_capacity(n, bytes);
                for v in column {
                    let Val::Str(s) = v else {
                        anyhow::bail!("column {} is not a string", c.name())
                    };
                    b.append_option(s);
                }
                Arc::new(b.finish())
            }
            DataType::UInt8 => primitive::<UInt8Type>(column, n, c.name())?,
            DataType::UInt16 => primitive::<UInt16Type>(column, n, c.name())?,
            DataType::Boolean => {
                let mut b = BooleanBuilder::with_capacity(n);
                for v in column {
                    let Val::Bool(x) = v else {
                        anyhow::bail!("column {} is not a bool", c.name())
                    };
                    b.append_option(x);
                }
                Arc::new(b.finish())
            }
            DataType::Float64 => primitive::<Float64Type>(column, n, c.name())?,
            DataType::UInt32 => primitive::<UInt32Type>(column, n, c.name())?,
            DataType::UInt64 => primitive::<UInt64Type>(column, n, c.name())?,
            DataType::Int32 => primitive::<Int32Type>(column, n, c.name())?,
            DataType::Date32 => primitive::<Date32Type>(column, n, c.name())?,
            t => anyhow::bail!("unsupported column type {t}"),
        };
        arrays.push(a);
    }
    Ok(RecordBatch::try_new(schema.clone(), arrays)?)
}

/// The Arrow primitive type a [`Val`] variant is written as.
trait FromVal: ArrowPrimitiveType {
    /// The value of `v`, if `v` is of this type's variant (`Some(None)`: null).
    fn from_val(v: Val<'_>) -> Option<Option<Self::Native>>;
}

macro_rules! from_val {
    ($($arrow:ty => $variant:ident),* $(,)?) => {$(
        impl FromVal for $arrow {
            fn from_val(v: Val<'_>) -> Option<Option<Self::Native>> {
                match v {
                    Val::$variant(x) => Some(x.into()),
                    _ => None,
                }
            }
        }
    )*};
}

from_val!(
    UInt8Type => U8,
    UInt16Type => U16,
    UInt32Type => U32,
    UInt64Type => U64,
    Int32Type => I32,
    Float64Type => F64,
    Date32Type => Date,
);

/// One primitive column of `n` rows from `column`, an error naming column `name` if a
/// value is of another type.
fn primitive<'a, T: FromVal>(
    column: impl Iterator<Item = Val<'a>>,
    n: usize,
    name: &str,
) -> anyhow::Result<ArrayRef> {
    let mut b = PrimitiveBuilder::<T>::with_capacity(n);
    for v in column {
        let Some(x) = T::from_val(v) else {
            anyhow::bail!("column {name} is not {}", T::DATA_TYPE)
        };
        b.append_option(x);
    }
    Ok(Arc::new(b.finish()))
}

impl<R: Record> Sink<R> for ParquetSink<R> {
    fn write(&mut self, rows: &[R]) -> anyhow::Result<()> {
        for chunk in rows.chunks(BATCH_ROWS) {
            self.writer.write(&batch(chunk, &self.schema)?)?;
        }
        Ok(())
    }

    fn finish(self: Box<Self>) -> anyhow::Result<PathBuf> {
        let file = self.writer.into_inner()?;
        commit(file, &self.tmp, &self.dest)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        AssignmentRec, DeadlineRec, DiagnosticRec, DocumentRec, IndicatorRec, ProvisionRec,
        RosterRec, TableCellRec,
    };

    fn names<R: Record>() -> Vec<String> {
        R::columns()
            .iter()
            .map(|c| format!("{}.{}", R::DATASET, c.name))
            .collect()
    }

    /// Every column named in `DISTINCT` exists (a renamed column would silently go back
    /// to a dictionary), and the offsets are the integer provenance columns.
    #[test]
    fn distinct_columns_exist() {
        let all: Vec<String> = [
            names::<DocumentRec>(),
            names::<ProvisionRec>(),
            names::<RosterRec>(),
            names::<AssignmentRec>(),
            names::<DeadlineRec>(),
            names::<TableCellRec>(),
            names::<IndicatorRec>(),
            names::<DiagnosticRec>(),
        ]
        .concat();
        for dc in DISTINCT {
            assert!(all.iter().any(|n| n == dc), "{dc}");
        }
        for c in ProvisionRec::columns() {
            if OFFSETS.contains(&c.name) {
                assert!(
                    matches!(c.ty, DataType::UInt32 | DataType::UInt64),
                    "{}",
                    c.name
                );
            }
        }
    }
}
