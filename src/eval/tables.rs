//! Table structure scores, per gold table (`data/gold/tables.jsonl`: one grid per line).
//!
//! - detection: a predicted table of the same file overlaps the gold table's lines (the
//!   one with the largest overlap is compared);
//! - shape: same number of rows and columns;
//! - cell-text F1: the multisets of non-empty cell texts;
//! - adjacency F1 (ICDAR 2013 table competition): for every non-empty cell, its nearest
//!   non-empty neighbour to the right in its row and below in its column, as
//!   (text, text, direction) triples; the structure measure that counts.
//!
//! Texts compare after [`super::norm`]. An undetected table scores 0 on both F1s.

use super::{Row, file_name, norm};
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// The score of one gold table.
#[derive(Debug, Clone, Serialize)]
pub struct TableScore {
    pub source: String,
    pub line_start: i64,
    pub caption: String,
    pub layout: String,
    pub detected: bool,
    pub gold_shape: (usize, usize),
    pub predicted_shape: Option<(usize, usize)>,
    pub cell_f1: f64,
    pub adjacency_f1: f64,
}

/// All table scores and their means.
#[derive(Debug, Clone, Serialize)]
pub struct TablesScore {
    pub dataset: &'static str,
    pub tables: Vec<TableScore>,
    pub detected: usize,
    pub shape_match: usize,
    pub mean_cell_f1: f64,
    pub mean_adjacency_f1: f64,
}

type Grid = Vec<Vec<String>>;

/// Predicted tables: (source file, table_id) → (lines, grid).
fn predicted(pred: &[Row]) -> BTreeMap<(String, String), ((i64, i64), Grid)> {
    let mut out: BTreeMap<(String, String), ((i64, i64), Grid)> = BTreeMap::new();
    for p in pred {
        let int = |k: &str| p.get(k).and_then(Value::as_i64).unwrap_or(0);
        let key = (
            file_name(p.get("source")),
            p.get("table_id")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned(),
        );
        let e = out.entry(key).or_insert(((i64::MAX, i64::MIN), Vec::new()));
        e.0.0 = e.0.0.min(int("line_start"));
        e.0.1 = e.0.1.max(int("line_end"));
        let (r, c) = (int("row") as usize, int("col") as usize);
        while e.1.len() <= r {
            e.1.push(Vec::new());
        }
        let row = &mut e.1[r];
        while row.len() <= c {
            row.push(String::new());
        }
        row[c] = norm(p.get("text")).unwrap_or_default();
    }
    out
}

fn f1(gold: usize, pred: usize, hit: usize) -> f64 {
    if gold + pred == 0 {
        return 1.0;
    }
    2.0 * hit as f64 / (gold + pred) as f64
}

/// Matches between two multisets.
fn overlap(a: &[String], b: &[String]) -> usize {
    let mut count: BTreeMap<&str, i64> = BTreeMap::new();
    for x in a {
        *count.entry(x).or_default() += 1;
    }
    b.iter()
        .filter(|x| {
            let c = count.entry(x.as_str()).or_default();
            *c -= 1;
            *c >= 0
        })
        .count()
}

fn cells(g: &Grid) -> Vec<String> {
    g.iter()
        .flatten()
        .filter(|t| !t.is_empty())
        .cloned()
        .collect()
}

fn adjacency(g: &Grid) -> Vec<String> {
    let mut out = Vec::new();
    let ncols = g.iter().map(Vec::len).max().unwrap_or(0);
    let at = |r: usize, c: usize| {
        g.get(r)
            .and_then(|row| row.get(c))
            .filter(|t| !t.is_empty())
    };
    for r in 0..g.len() {
        for c in 0..ncols {
            let Some(t) = at(r, c) else { continue };
            if let Some(n) = (c + 1..ncols).find_map(|k| at(r, k)) {
                out.push(format!("{t}\u{1}H\u{1}{n}"));
            }
            if let Some(n) = (r + 1..g.len()).find_map(|k| at(k, c)) {
                out.push(format!("{t}\u{1}V\u{1}{n}"));
            }
        }
    }
    out
}

fn shape(g: &Grid) -> (usize, usize) {
    (g.len(), g.iter().map(Vec::len).max().unwrap_or(0))
}

/// Score the predicted cells against the gold tables.
pub fn score(gold: &[Row], pred: &[Row]) -> TablesScore {
    let preds = predicted(pred);
    let mut tables = Vec::new();
    for g in gold {
        let src = file_name(g.get("source"));
        let int = |k: &str| g.get(k).and_then(Value::as_i64).unwrap_or(0);
        let (gs, ge) = (int("line_start"), int("line_end"));
        let grid: Grid = g
            .get("rows")
            .and_then(Value::as_array)
            .map(|rows| {
                rows.iter()
                    .map(|r| {
                        r.as_array()
                            .map(|cs| {
                                cs.iter()
                                    .map(|c| norm(Some(c)).unwrap_or_default())
                                    .collect()
                            })
                            .unwrap_or_default()
                    })
                    .collect()
            })
            .unwrap_or_default();
        let best = preds
            .iter()
            .filter(|((s, _), _)| *s == src)
            .map(|(_, ((ps, pe), pg))| ((*pe).min(ge) - (*ps).max(gs) + 1, pg))
            .filter(|(ov, _)| *ov > 0)
            .max_by_key(|(ov, _)| *ov)
            .map(|(_, pg)| pg);
        let (gc, ga) = (cells(&grid), adjacency(&grid));
        let (cell_f1, adjacency_f1) = match best {
            Some(p) => {
                let (pc, pa) = (cells(p), adjacency(p));
                (
                    f1(gc.len(), pc.len(), overlap(&gc, &pc)),
                    f1(ga.len(), pa.len(), overlap(&ga, &pa)),
                )
            }
            None => (0.0, 0.0),
        };
        tables.push(TableScore {
            source: src,
            line_start: gs,
            caption: g
                .get("caption")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned(),
            layout: g
                .get("layout")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned(),
            detected: best.is_some(),
            gold_shape: shape(&grid),
            predicted_shape: best.map(shape),
            cell_f1,
            adjacency_f1,
        });
    }
    let n = tables.len().max(1) as f64;
    TablesScore {
        dataset: "tables",
        detected: tables.iter().filter(|t| t.detected).count(),
        shape_match: tables
            .iter()
            .filter(|t| t.predicted_shape == Some(t.gold_shape))
            .count(),
        mean_cell_f1: tables.iter().map(|t| t.cell_f1).sum::<f64>() / n,
        mean_adjacency_f1: tables.iter().map(|t| t.adjacency_f1).sum::<f64>() / n,
        tables,
    }
}

/// The report section.
pub fn report(s: &TablesScore) -> String {
    let mut out = format!(
        "== tables ==\n{:<32} {:>6} {:<10} {:>4} {:>9} {:>9} {:>6} {:>6}\n",
        "file", "line", "layout", "det", "gold", "pred", "cellF1", "adjF1"
    );
    for t in &s.tables {
        let shape = |x: (usize, usize)| format!("{}x{}", x.0, x.1);
        out += &format!(
            "{:<32} {:>6} {:<10} {:>4} {:>9} {:>9} {:>6.3} {:>6.3}\n",
            t.source.chars().take(32).collect::<String>(),
            t.line_start,
            t.layout,
            if t.detected { "yes" } else { "NO" },
            shape(t.gold_shape),
            t.predicted_shape.map_or("-".into(), shape),
            t.cell_f1,
            t.adjacency_f1
        );
    }
    out += &format!(
        "{} gold tables: {} detected, {} shapes match, mean cell F1 {:.3}, mean adjacency F1 {:.3}\n\n",
        s.tables.len(),
        s.detected,
        s.shape_match,
        s.mean_cell_f1,
        s.mean_adjacency_f1
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adjacency_skips_empty_cells() {
        let g: Grid = vec![
            vec!["a".into(), "".into(), "b".into()],
            vec!["".into(), "c".into(), "d".into()],
        ];
        let mut a = adjacency(&g);
        a.sort();
        assert_eq!(a, ["a\u{1}H\u{1}b", "b\u{1}V\u{1}d", "c\u{1}H\u{1}d"]);
    }
}
