//! `gongwen compare <run-dir> -o <dir>`: ready-made comparison tables across
//! jurisdictions, the ones analysts would otherwise write by hand, each as Parquet and
//! as CSV:
//! - `tasks_by_unit_category`: per jurisdiction × unit category, tasks led and co-owned;
//! - `roster_heads`: per jurisdiction, the posts that head leading groups, and
//!   `roster_units`: how many groups each unit sits on;
//! - `deadline_months`: per jurisdiction × issue year, how far deadlines lie from issue;
//! - `indicators_side_by_side`: the same indicator (name with whitespace and width
//!   folded) in every jurisdiction that sets it, one row per indicator.
//!
//! It reads a run folder (Parquet or JSON Lines) and knows nothing of extraction.

use crate::eval::load::run_rows;
use crate::eval::norm;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use std::sync::Arc;

/// A cell of a view.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Str(String),
    Int(i64),
    Float(f64),
    Null,
}

/// One comparison table.
#[derive(Debug, Clone)]
pub struct View {
    pub name: &'static str,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// A non-empty string value of a run row.
pub(crate) fn s(v: Option<&Value>) -> Option<String> {
    v.and_then(Value::as_str)
        .filter(|x| !x.is_empty())
        .map(str::to_owned)
}

/// Every view of a run.
pub fn views(run: &Path) -> anyhow::Result<Vec<View>> {
    let docs = run_rows(run, "documents")?;
    let juris: HashMap<String, String> = docs
        .iter()
        .filter_map(|d| Some((s(d.get("doc_id"))?, s(d.get("jurisdiction"))?)))
        .collect();
    let j_of = |r: &serde_json::Map<String, Value>| {
        s(r.get("doc_id"))
            .and_then(|d| juris.get(&d).cloned())
            .unwrap_or_else(|| "unknown".into())
    };
    let mut out = Vec::new();

    // Tasks led / co-owned per jurisdiction × unit category.
    // (jurisdiction, category) → (tasks led, tasks co-owned, units).
    type Sets = (BTreeSet<String>, BTreeSet<String>, BTreeSet<String>);
    let mut tasks: BTreeMap<(String, String), Sets> = BTreeMap::new();
    for a in run_rows(run, "assignments")? {
        let key = (
            j_of(&a),
            s(a.get("unit_category")).unwrap_or_else(|| "unknown".into()),
        );
        let e = tasks.entry(key).or_default();
        let task = s(a.get("task_id")).unwrap_or_default();
        match a.get("role").and_then(Value::as_str) {
            Some("lead") => e.0.insert(task),
            _ => e.1.insert(task),
        };
        e.2.insert(s(a.get("unit")).unwrap_or_default());
    }
    out.push(View {
        name: "tasks_by_unit_category",
        columns: [
            "jurisdiction",
            "unit_category",
            "tasks_led",
            "tasks_co_owned",
            "units",
        ]
        .map(String::from)
        .to_vec(),
        rows: tasks
            .into_iter()
            .map(|((j, c), (led, co, units))| {
                vec![
                    Cell::Str(j),
                    Cell::Str(c),
                    Cell::Int(led.len() as i64),
                    Cell::Int(co.len() as i64),
                    Cell::Int(units.len() as i64),
                ]
            })
            .collect(),
    });

    // Roster heads by post, and groups per unit.
    let rosters = run_rows(run, "rosters")?;
    let mut heads: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
    let mut units: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
    for r in &rosters {
        let j = j_of(r);
        let group = s(r.get("group_id")).unwrap_or_default();
        if r.get("role_rank").and_then(Value::as_i64) == Some(1) {
            let post = s(r.get("title"))
                .or_else(|| s(r.get("position")))
                .unwrap_or_else(|| "unknown".into());
            heads
                .entry((j.clone(), post))
                .or_default()
                .insert(group.clone());
        }
        if let Some(u) = s(r.get("unit")) {
            units.entry((j, u)).or_default().insert(group);
        }
    }
    let count_view = |name, label: &str, m: BTreeMap<(String, String), BTreeSet<String>>| View {
        name,
        columns: vec!["jurisdiction".into(), label.into(), "groups".into()],
        rows: m
            .into_iter()
            .map(|((j, k), g)| vec![Cell::Str(j), Cell::Str(k), Cell::Int(g.len() as i64)])
            .collect(),
    };
    out.push(count_view("roster_heads", "head_post", heads));
    out.push(count_view("roster_units", "unit", units));

    // Months from issue to deadline.
    let issue_year: HashMap<String, String> = docs
        .iter()
        .filter_map(|d| Some((s(d.get("doc_id"))?, s(d.get("issue_date"))?[..4].to_owned())))
        .collect();
    let mut months: BTreeMap<(String, String), Vec<f64>> = BTreeMap::new();
    for d in run_rows(run, "deadlines")? {
        let (Some(end), Some(anchor)) = (s(d.get("end_date")), s(d.get("anchor_date"))) else {
            continue;
        };
        if s(d.get("anchor_source")).as_deref() != Some("issue_date") {
            continue;
        }
        let (Ok(e), Ok(a)) = (
            end.parse::<jiff::civil::Date>(),
            anchor.parse::<jiff::civil::Date>(),
        ) else {
            continue;
        };
        let m = (e - a).get_days() as f64 / 30.4375;
        let doc = s(d.get("doc_id")).unwrap_or_default();
        let year = issue_year
            .get(&doc)
            .cloned()
            .unwrap_or_else(|| "unknown".into());
        months.entry((j_of(&d), year)).or_default().push(m);
    }
    out.push(View {
        name: "deadline_months",
        columns: [
            "jurisdiction",
            "issue_year",
            "deadlines",
            "past_at_issue",
            "months_0_3",
            "months_3_12",
            "months_12_36",
            "months_36_plus",
            "median_months",
        ]
        .map(String::from)
        .to_vec(),
        rows: months
            .into_iter()
            .map(|((j, y), mut v)| {
                v.sort_by(f64::total_cmp);
                let n =
                    |f: &dyn Fn(f64) -> bool| Cell::Int(v.iter().filter(|m| f(**m)).count() as i64);
                let median = v[v.len() / 2];
                vec![
                    Cell::Str(j),
                    Cell::Str(y),
                    Cell::Int(v.len() as i64),
                    n(&|m| m < 0.0),
                    n(&|m| (0.0..3.0).contains(&m)),
                    n(&|m| (3.0..12.0).contains(&m)),
                    n(&|m| (12.0..36.0).contains(&m)),
                    n(&|m| m >= 36.0),
                    Cell::Float((median * 10.0).round() / 10.0),
                ]
            })
            .collect(),
    });

    // Indicators set by more than one jurisdiction, side by side.
    let mut ind: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for i in run_rows(run, "indicators")? {
        let Some(name) = norm(i.get("indicator")) else {
            continue;
        };
        let target = s(i.get("target_text")).unwrap_or_default();
        let year = i
            .get("target_year")
            .and_then(Value::as_i64)
            .map(|y| format!("{y}: "))
            .unwrap_or_default();
        ind.entry(name)
            .or_default()
            .entry(j_of(&i))
            .or_insert(format!("{year}{target}"));
    }
    ind.retain(|_, m| m.len() > 1);
    let places: BTreeSet<String> = ind.values().flat_map(|m| m.keys().cloned()).collect();
    out.push(View {
        name: "indicators_side_by_side",
        columns: std::iter::once("indicator".to_owned())
            .chain(places.iter().cloned())
            .collect(),
        rows: ind
            .into_iter()
            .map(|(name, m)| {
                std::iter::once(Cell::Str(name))
                    .chain(
                        places
                            .iter()
                            .map(|p| m.get(p).cloned().map_or(Cell::Null, Cell::Str)),
                    )
                    .collect()
            })
            .collect(),
    });
    Ok(out)
}

/// Write every view as `<name>.parquet` and `<name>.csv` in `dir`.
pub fn write(views: &[View], dir: &Path) -> anyhow::Result<()> {
    use arrow::array::{ArrayRef, Float64Builder, Int64Builder, StringBuilder};
    use arrow::datatypes::{DataType, Field, Schema};
    std::fs::create_dir_all(dir)?;
    for v in views {
        // A column is Int64 or Float64 when every non-null cell is, else Utf8.
        let mut fields = Vec::new();
        let mut arrays: Vec<ArrayRef> = Vec::new();
        for (k, name) in v.columns.iter().enumerate() {
            let col: Vec<&Cell> = v.rows.iter().map(|r| &r[k]).collect();
            let all = |f: fn(&Cell) -> bool| col.iter().all(|c| **c == Cell::Null || f(c));
            if all(|c| matches!(c, Cell::Int(_))) && col.iter().any(|c| **c != Cell::Null) {
                let mut b = Int64Builder::new();
                col.iter().for_each(|c| match c {
                    Cell::Int(x) => b.append_value(*x),
                    _ => b.append_null(),
                });
                fields.push(Field::new(name, DataType::Int64, true));
                arrays.push(Arc::new(b.finish()));
            } else if all(|c| matches!(c, Cell::Float(_))) && col.iter().any(|c| **c != Cell::Null)
            {
                let mut b = Float64Builder::new();
                col.iter().for_each(|c| match c {
                    Cell::Float(x) => b.append_value(*x),
                    _ => b.append_null(),
                });
                fields.push(Field::new(name, DataType::Float64, true));
                arrays.push(Arc::new(b.finish()));
            } else {
                let mut b = StringBuilder::new();
                col.iter().for_each(|c| match c {
                    Cell::Str(x) => b.append_value(x),
                    Cell::Int(x) => b.append_value(x.to_string()),
                    Cell::Float(x) => b.append_value(x.to_string()),
                    Cell::Null => b.append_null(),
                });
                fields.push(Field::new(name, DataType::Utf8, true));
                arrays.push(Arc::new(b.finish()));
            }
        }
        let batch =
            arrow::record_batch::RecordBatch::try_new(Arc::new(Schema::new(fields)), arrays)?;
        let tmp = dir.join(format!(".{}.parquet.tmp-{}", v.name, std::process::id()));
        let file = std::fs::File::create(&tmp)?;
        let mut w = parquet::arrow::ArrowWriter::try_new(file.try_clone()?, batch.schema(), None)?;
        w.write(&batch)?;
        w.close()?;
        crate::sink::commit(file, &tmp, &dir.join(format!("{}.parquet", v.name)))?;

        let tmp = dir.join(format!(".{}.csv.tmp-{}", v.name, std::process::id()));
        let mut c = csv::Writer::from_path(&tmp)?;
        c.write_record(&v.columns)?;
        for r in &v.rows {
            c.write_record(r.iter().map(|x| match x {
                Cell::Str(s) => s.clone(),
                Cell::Int(i) => i.to_string(),
                Cell::Float(f) => f.to_string(),
                Cell::Null => String::new(),
            }))?;
        }
        let file = c.into_inner().map_err(|e| e.into_error())?;
        crate::sink::commit(file, &tmp, &dir.join(format!("{}.csv", v.name)))?;
    }
    Ok(())
}
