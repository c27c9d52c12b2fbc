//! CSV sink: a header row of column names, then one row per record in schema order
//! (dates `YYYY-MM-DD`, null as an empty field, booleans `true`/`false`), UTF-8.
//! For spreadsheets and tools without Arrow; Parquet keeps the types.

use super::{Sink, commit};
use crate::model::Record;
use std::marker::PhantomData;
use std::path::PathBuf;

pub struct CsvSink<R> {
    out: csv::Writer<std::fs::File>,
    tmp: PathBuf,
    dest: PathBuf,
    _r: PhantomData<R>,
}

impl<R: Record> CsvSink<R> {
    pub fn create(tmp: PathBuf, dest: PathBuf) -> anyhow::Result<Self> {
        let mut out = csv::Writer::from_writer(std::fs::File::create(&tmp)?);
        out.write_record(R::columns().iter().map(|c| c.name))?;
        Ok(CsvSink {
            out,
            tmp,
            dest,
            _r: PhantomData,
        })
    }
}

impl<R: Record> Sink<R> for CsvSink<R> {
    fn write(&mut self, rows: &[R]) -> anyhow::Result<()> {
        for r in rows {
            let fields: Vec<String> = r
                .values()
                .into_iter()
                .map(|v| match super::jsonl::json(v) {
                    serde_json::Value::Null => String::new(),
                    serde_json::Value::String(s) => s,
                    other => other.to_string(),
                })
                .collect();
            self.out.write_record(&fields)?;
        }
        Ok(())
    }

    fn finish(self: Box<Self>) -> anyhow::Result<PathBuf> {
        let file = self.out.into_inner().map_err(|e| e.into_error())?;
        commit(file, &self.tmp, &self.dest)
    }
}
