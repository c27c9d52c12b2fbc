//! Loading rows for eval: gold JSON Lines, and a run's Parquet or JSON Lines output.

use super::Row;
use anyhow::Context;
use arrow::array::{Array, AsArray};
use arrow::datatypes::{
    DataType, Date32Type, Float64Type, Int32Type, UInt8Type, UInt16Type, UInt32Type, UInt64Type,
};
use serde_json::Value;
use std::path::Path;

/// Rows of a JSON Lines file (blank lines skipped).
pub fn jsonl(path: &Path) -> anyhow::Result<Vec<Row>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            serde_json::from_str::<Row>(l).with_context(|| format!("{}:{}", path.display(), i + 1))
        })
        .collect()
}

/// Rows of dataset `name` in run folder `dir` (`name.parquet`, else `name.jsonl`).
pub fn run_rows(dir: &Path, name: &str) -> anyhow::Result<Vec<Row>> {
    let pq = dir.join(format!("{name}.parquet"));
    if pq.exists() {
        return parquet(&pq);
    }
    jsonl(&dir.join(format!("{name}.jsonl")))
}

/// Rows of a Parquet file written by gongwen (dates as `YYYY-MM-DD`).
pub fn parquet(path: &Path) -> anyhow::Result<Vec<Row>> {
    let file = std::fs::File::open(path).with_context(|| format!("opening {}", path.display()))?;
    let reader =
        parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(file)?.build()?;
    let mut rows = Vec::new();
    for batch in reader {
        let batch = batch?;
        let schema = batch.schema();
        let mut out: Vec<Row> = vec![Row::new(); batch.num_rows()];
        for (k, field) in schema.fields().iter().enumerate() {
            let col = batch.column(k);
            for (i, row) in out.iter_mut().enumerate() {
                let v = if col.is_null(i) {
                    Value::Null
                } else {
                    match field.data_type() {
                        DataType::Utf8 => Value::String(col.as_string::<i32>().value(i).to_owned()),
                        DataType::UInt8 => Value::from(col.as_primitive::<UInt8Type>().value(i)),
                        DataType::UInt16 => Value::from(col.as_primitive::<UInt16Type>().value(i)),
                        DataType::UInt32 => Value::from(col.as_primitive::<UInt32Type>().value(i)),
                        DataType::Boolean => Value::from(col.as_boolean().value(i)),
                        DataType::Float64 => {
                            serde_json::Number::from_f64(col.as_primitive::<Float64Type>().value(i))
                                .map_or(Value::Null, Value::Number)
                        }
                        DataType::UInt64 => Value::from(col.as_primitive::<UInt64Type>().value(i)),
                        DataType::Int32 => Value::from(col.as_primitive::<Int32Type>().value(i)),
                        DataType::Date32 => Value::String(crate::sink::jsonl::date_string(
                            col.as_primitive::<Date32Type>().value(i),
                        )),
                        _ => Value::Null,
                    }
                };
                row.insert(field.name().clone(), v);
            }
        }
        rows.extend(out);
    }
    Ok(rows)
}
