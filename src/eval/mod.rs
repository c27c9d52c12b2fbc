//! `gongwen eval`: score a run against hand-checked gold annotations.
//!
//! Gold lives in `data/gold/<dataset>.jsonl`. A predicted record matches a gold record
//! when they come from the same source file (compared by file name), their line ranges
//! overlap by at least half of the shorter range, and the dataset's key fields are equal
//! (after [`norm`]); matching is one-to-one, largest overlap first. Precision, recall
//! and F1 count matches; field accuracy is the share of gold records (that state the
//! field) whose matched prediction has the same value, unmatched gold counting as wrong;
//! it is also reported over matched records only (the quality of a value once found).

pub mod load;
pub mod tables;

use serde::Serialize;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

pub type Row = Map<String, Value>;

/// How one dataset is scored.
pub struct Spec {
    pub dataset: &'static str,
    /// Fields that must be equal for a match (beyond source + line overlap).
    pub keys: &'static [&'static str],
    /// Fields whose accuracy is reported.
    pub fields: &'static [&'static str],
}

/// The datasets `eval` knows. Later extractors add theirs here.
pub const SPECS: &[Spec] = &[
    Spec {
        dataset: "documents",
        keys: &[],
        fields: &[
            "doc_number",
            "doc_number_raw",
            "issue_date",
            "title",
            "enclosed_title",
            "issuer",
            "doc_type",
            "jurisdiction",
            "doc_year",
            "doc_serial",
            // Exact boundaries (matching itself only needs half the lines to overlap).
            "line_start",
            "line_end",
        ],
    },
    Spec {
        dataset: "rosters",
        keys: &["person_name", "role"],
        fields: &[
            "position",
            "group_name",
            "role_rank",
            "member_order",
            "unit",
            "title",
            "holder",
            "is_prose",
            "office_unit",
            "office_head",
        ],
    },
    Spec {
        dataset: "assignments",
        keys: &["unit_raw", "role"],
        fields: &["unit", "implied", "unit_order"],
    },
    Spec {
        dataset: "deadlines",
        keys: &["end_date"],
        fields: &["kind", "start_date", "precision", "recurrence"],
    },
    Spec {
        dataset: "provisions",
        keys: &["label"],
        // line_end: where the provision's own text stops (a page break or a box must
        // not cut it short, nor the closing block extend it).
        fields: &["kind", "level", "heading", "line_end"],
    },
    Spec {
        dataset: "indicators",
        keys: &["indicator"],
        fields: &[
            "category",
            "unit_of_measure",
            "baseline_year",
            "baseline_text",
            "baseline_value",
            "target_year",
            "target_text",
            "target_value",
            "comparator",
            "nature",
            "responsible",
        ],
    },
];

/// Comparison form of a value: strings lose all whitespace and fold full-width ASCII;
/// numbers compare as text; null stays null.
pub fn norm(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::Null => None,
        Value::String(s) => Some(
            s.chars()
                .filter(|c| !crate::clean::fold::is_space(*c))
                .map(|c| match c {
                    '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
                    _ => c,
                })
                .collect(),
        ),
        other => Some(other.to_string()),
    }
}

fn file_name(v: Option<&Value>) -> String {
    let s = v.and_then(Value::as_str).unwrap_or("");
    s.rsplit('/').next().unwrap_or(s).to_owned()
}

/// A record's first and last line. A gold record whose end the annotator left undecided
/// (no `line_end`) is placed on its first line for matching.
fn lines(r: &Row) -> (i64, i64) {
    let g = |k| r.get(k).and_then(Value::as_i64);
    let start = g("line_start").unwrap_or(0);
    (start, g("line_end").unwrap_or(start))
}

/// Keep the predictions that start inside one of the `scope` ranges of their file (the
/// documents a partial gold annotates).
pub fn in_scope(scope: &[Row], pred: Vec<Row>) -> Vec<Row> {
    pred.into_iter()
        .filter(|p| {
            let f = file_name(p.get("source"));
            let (ps, _) = lines(p);
            scope.iter().any(|s| {
                let (a, b) = lines(s);
                file_name(s.get("source")) == f && a <= ps && ps <= b
            })
        })
        .collect()
}

/// Precision / recall / F1 counts.
#[derive(Debug, Default, Clone, Serialize, PartialEq)]
pub struct Counts {
    pub gold: usize,
    pub predicted: usize,
    pub matched: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Counts {
    fn finish(&mut self) {
        let ratio = |a: usize, b: usize| {
            if b == 0 {
                if a == 0 { 1.0 } else { 0.0 }
            } else {
                a as f64 / b as f64
            }
        };
        self.precision = ratio(self.matched, self.predicted);
        self.recall = ratio(self.matched, self.gold);
        self.f1 = if self.precision + self.recall > 0.0 {
            2.0 * self.precision * self.recall / (self.precision + self.recall)
        } else {
            0.0
        };
    }
}

/// Accuracy of one field.
#[derive(Debug, Default, Clone, Serialize, PartialEq)]
pub struct FieldScore {
    pub gold: usize,
    pub correct: usize,
    pub accuracy: f64,
    /// Gold records stating the field that were matched, and the accuracy over them
    /// (how good a value is once the record is found).
    pub matched: usize,
    pub matched_accuracy: f64,
    /// Up to 10 mismatches: (file, gold line_start, gold value, predicted value).
    pub errors: Vec<(String, i64, Option<String>, Option<String>)>,
}

/// The score of one dataset.
#[derive(Debug, Default, Clone, Serialize)]
pub struct DatasetScore {
    pub dataset: String,
    pub overall: Counts,
    pub per_file: BTreeMap<String, Counts>,
    pub fields: BTreeMap<String, FieldScore>,
}

/// Score `pred` against `gold` under `spec`.
pub fn score(spec: &Spec, gold: &[Row], pred: &[Row]) -> DatasetScore {
    let mut out = DatasetScore {
        dataset: spec.dataset.to_owned(),
        ..Default::default()
    };
    let mut files: BTreeMap<String, (Vec<&Row>, Vec<&Row>)> = BTreeMap::new();
    for g in gold {
        files
            .entry(file_name(g.get("source")))
            .or_default()
            .0
            .push(g);
    }
    for p in pred {
        let f = file_name(p.get("source"));
        // Only files that have gold are scored: a run over more files is not penalised.
        if let Some(e) = files.get_mut(&f) {
            e.1.push(p);
        }
    }
    for &f in spec.fields {
        out.fields.insert(f.to_owned(), FieldScore::default());
    }
    for (file, (g, p)) in &files {
        let pairs = match_rows(spec, g, p);
        let mut c = Counts {
            gold: g.len(),
            predicted: p.len(),
            matched: pairs.len(),
            ..Default::default()
        };
        c.finish();
        out.overall.gold += c.gold;
        out.overall.predicted += c.predicted;
        out.overall.matched += c.matched;
        out.per_file.insert(file.clone(), c);
        let matched: BTreeMap<usize, usize> = pairs.into_iter().collect();
        for (gi, gr) in g.iter().enumerate() {
            for &f in spec.fields {
                if !gr.contains_key(f) {
                    continue; // the annotator left it out: not scored
                }
                let fs = out.fields.get_mut(f).expect("field registered");
                fs.gold += 1;
                let want = norm(gr.get(f));
                let got = matched.get(&gi).and_then(|&pi| norm(p[pi].get(f)));
                if matched.contains_key(&gi) {
                    fs.matched += 1;
                }
                if matched.contains_key(&gi) && want == got {
                    fs.correct += 1;
                } else if fs.errors.len() < 10 {
                    fs.errors.push((file.clone(), lines(gr).0, want, got));
                }
            }
        }
    }
    out.overall.finish();
    for fs in out.fields.values_mut() {
        fs.accuracy = if fs.gold == 0 {
            1.0
        } else {
            fs.correct as f64 / fs.gold as f64
        };
        fs.matched_accuracy = if fs.matched == 0 {
            1.0
        } else {
            fs.correct as f64 / fs.matched as f64
        };
    }
    out
}

/// One-to-one matching, largest line overlap first. Returns (gold index, pred index).
fn match_rows(spec: &Spec, gold: &[&Row], pred: &[&Row]) -> Vec<(usize, usize)> {
    let mut cands = Vec::new();
    for (gi, g) in gold.iter().enumerate() {
        let (gs, ge) = lines(g);
        for (pi, p) in pred.iter().enumerate() {
            let (ps, pe) = lines(p);
            let overlap = ge.min(pe) - gs.max(ps) + 1;
            let shorter = (ge - gs + 1).min(pe - ps + 1).max(1);
            if overlap * 2 < shorter || overlap <= 0 {
                continue;
            }
            if spec.keys.iter().any(|k| norm(g.get(*k)) != norm(p.get(*k))) {
                continue;
            }
            // Among candidates that qualify, prefer the one that agrees on more scored
            // fields (unnamed members on one line), then the larger overlap.
            let agree = spec
                .fields
                .iter()
                .filter(|f| g.contains_key(**f) && norm(g.get(**f)) == norm(p.get(**f)))
                .count();
            cands.push((agree, overlap, gi, pi));
        }
    }
    cands.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then(b.1.cmp(&a.1))
            .then(a.2.cmp(&b.2))
            .then(a.3.cmp(&b.3))
    });
    let (mut gu, mut pu) = (vec![false; gold.len()], vec![false; pred.len()]);
    let mut out = Vec::new();
    for (_, _, gi, pi) in cands {
        if !gu[gi] && !pu[pi] {
            gu[gi] = true;
            pu[pi] = true;
            out.push((gi, pi));
        }
    }
    out
}

/// The report printed by `gongwen eval`.
pub fn report(scores: &[DatasetScore]) -> String {
    let mut s = String::new();
    for d in scores {
        s += &format!(
            "== {} ==\n{:<40} {:>5} {:>5} {:>5} {:>6} {:>6} {:>6}\n",
            d.dataset, "file", "gold", "pred", "match", "P", "R", "F1"
        );
        for (f, c) in d.per_file.iter().chain([(&"ALL".to_owned(), &d.overall)]) {
            s += &format!(
                "{:<40} {:>5} {:>5} {:>5} {:>6.3} {:>6.3} {:>6.3}\n",
                f, c.gold, c.predicted, c.matched, c.precision, c.recall, c.f1
            );
        }
        s += &format!(
            "{:<40} {:>5} {:>7} {:>8} {:>7} {:>8}\n",
            "field (exact match)", "gold", "correct", "of gold", "matched", "of match"
        );
        for (f, fs) in &d.fields {
            s += &format!(
                "{:<40} {:>5} {:>7} {:>8.3} {:>7} {:>8.3}\n",
                f, fs.gold, fs.correct, fs.accuracy, fs.matched, fs.matched_accuracy
            );
        }
        s.push('\n');
    }
    s
}

#[cfg(test)]
mod tests;
