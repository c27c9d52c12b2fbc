//! JSON Lines sink: one record per line, fields in schema order, dates as `YYYY-MM-DD`.

use super::{Sink, commit};
use crate::model::{Record, Val};
use std::io::{BufWriter, Write};
use std::marker::PhantomData;
use std::path::PathBuf;

pub struct JsonlSink<R> {
    out: BufWriter<std::fs::File>,
    tmp: PathBuf,
    dest: PathBuf,
    _r: PhantomData<R>,
}

impl<R: Record> JsonlSink<R> {
    pub fn create(tmp: PathBuf, dest: PathBuf) -> anyhow::Result<Self> {
        Ok(JsonlSink {
            out: BufWriter::new(std::fs::File::create(&tmp)?),
            tmp,
            dest,
            _r: PhantomData,
        })
    }
}

pub(crate) fn json(v: Val<'_>) -> serde_json::Value {
    use serde_json::Value as J;
    match v {
        Val::Str(s) => s.map_or(J::Null, |s| J::String(s.to_owned())),
        Val::U8(x) => J::from(x),
        Val::U16(x) => x.map_or(J::Null, J::from),
        Val::U32(x) => x.map_or(J::Null, J::from),
        Val::Bool(x) => x.map_or(J::Null, J::from),
        Val::F64(x) => x
            .and_then(serde_json::Number::from_f64)
            .map_or(J::Null, J::Number),
        Val::U64(x) => x.map_or(J::Null, J::from),
        Val::I32(x) => x.map_or(J::Null, J::from),
        Val::Date(x) => x.map_or(J::Null, |d| J::String(date_string(d))),
    }
}

/// Days since 1970-01-01 → `YYYY-MM-DD`.
pub fn date_string(days: i32) -> String {
    let d = jiff::civil::Date::constant(1970, 1, 1)
        .checked_add(jiff::Span::new().days(days as i64))
        .unwrap_or(jiff::civil::Date::MIN);
    d.to_string()
}

impl<R: Record> Sink<R> for JsonlSink<R> {
    fn write(&mut self, rows: &[R]) -> anyhow::Result<()> {
        let cols = R::columns();
        for r in rows {
            let mut m = serde_json::Map::new();
            for (c, v) in cols.iter().zip(r.values()) {
                m.insert(c.name.to_owned(), json(v));
            }
            serde_json::to_writer(&mut self.out, &m)?;
            self.out.write_all(b"\n")?;
        }
        Ok(())
    }

    fn finish(self: Box<Self>) -> anyhow::Result<PathBuf> {
        let file = self.out.into_inner().map_err(|e| e.into_error())?;
        commit(file, &self.tmp, &self.dest)
    }
}
