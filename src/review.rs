//! `gongwen review <run-dir> --input <folder> --doc <doc_id> -o page.html`: one
//! self-contained HTML page per document (inline CSS and JS, no network) showing its
//! source lines with every extracted record marked by dataset colour, a side panel of
//! records (hover one to light up its lines, its fields in the tooltip), and the
//! diagnostics of the document and its file. For reviewing extraction errors by eye and
//! reporting them with their lines.

use crate::eval::load::run_rows;
use serde_json::{Map, Value};
use std::collections::BTreeSet;
use std::fmt::Write;
use std::path::Path;

const STYLE: &str = "body{font:14px/1.5 sans-serif;margin:0;display:grid;grid-template-columns:1fr 420px;height:100vh}\
         header{grid-column:1/3;padding:8px 14px;border-bottom:1px solid #ccc;background:#f8f9fa}\
         #src{overflow:auto;padding:8px 0;font-family:monospace;white-space:pre-wrap}\
         #side{overflow:auto;border-left:1px solid #ccc;padding:8px}\
         .ln{padding:0 8px 0 64px;text-indent:-56px;border-left:6px solid transparent}\
         .ln:before{content:attr(data-n);display:inline-block;width:48px;color:#999;text-align:right;margin-right:8px}\
         .ln.hot{background:#fff3bf}\
         .rec{border-left:6px solid;padding:2px 6px;margin:3px 0;cursor:pointer;font-size:12px}\
         .rec:hover{background:#fff3bf}.diag{font-size:12px;margin:3px 0}.error{color:#c92a2a}.warning{color:#d9822b}\
         .key span{display:inline-block;padding:0 6px;margin-right:6px;color:#fff;border-radius:3px}";

/// Datasets shown, with their colour.
const DATASETS: [(&str, &str); 6] = [
    ("provisions", "#9aa5b1"),
    ("rosters", "#d9822b"),
    ("assignments", "#2b8a3e"),
    ("deadlines", "#c92a2a"),
    ("tables", "#5f3dc4"),
    ("indicators", "#1971c2"),
];

fn esc(t: &str) -> String {
    t.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn int(r: &Map<String, Value>, k: &str) -> i64 {
    r.get(k).and_then(Value::as_i64).unwrap_or(0)
}

/// The doc_ids of a run, in order.
pub fn doc_ids(run: &Path) -> anyhow::Result<Vec<String>> {
    Ok(run_rows(run, "documents")?
        .iter()
        .filter_map(|d| d.get("doc_id").and_then(Value::as_str).map(str::to_owned))
        .collect())
}

/// The review page of document `doc` of the run in `run`, whose input files are under
/// `input` (a folder, or the one file given to `run`).
pub fn page(run: &Path, input: &Path, doc: &str) -> anyhow::Result<String> {
    let docs = run_rows(run, "documents")?;
    let d = docs
        .iter()
        .find(|d| d.get("doc_id").and_then(Value::as_str) == Some(doc))
        .ok_or_else(|| anyhow::anyhow!("no document {doc} in {}", run.display()))?;
    let source = d.get("source").and_then(Value::as_str).unwrap_or_default();
    let path = if input.is_dir() {
        input.join(source)
    } else {
        input.to_owned()
    };
    let bytes = std::fs::read(&path)
        .map_err(|e| anyhow::anyhow!("cannot read the input {}: {e}", path.display()))?;
    let src = crate::decode::decode(source, &bytes)
        .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?
        .source;
    let (first, last) = (int(d, "line_start"), int(d, "line_end"));

    // Records of this document, by dataset.
    let mut records: Vec<(usize, Map<String, Value>)> = Vec::new();
    for (k, (ds, _)) in DATASETS.iter().enumerate() {
        for r in run_rows(run, ds)? {
            if r.get("doc_id").and_then(Value::as_str) == Some(doc) {
                records.push((k, r));
            }
        }
    }
    let diags: Vec<Map<String, Value>> = run_rows(run, "diagnostics")?
        .into_iter()
        .filter(|r| {
            r.get("doc_id").and_then(Value::as_str) == Some(doc)
                || r.get("doc_id").is_none_or(Value::is_null)
                    && r.get("source").and_then(Value::as_str) == Some(source)
        })
        .collect();

    let mut marks: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); (last - first + 1).max(0) as usize];
    for (k, r) in &records {
        for l in int(r, "line_start").max(first)..=int(r, "line_end").min(last) {
            if let Some(m) = marks.get_mut((l - first) as usize) {
                m.insert(*k);
            }
        }
    }

    let title = d.get("title").and_then(Value::as_str).unwrap_or(doc);
    let mut h = String::new();
    let _ = write!(
        h,
        "<!doctype html><html lang=\"zh\"><meta charset=\"utf-8\"><title>{} — gongwen review</title><style>{STYLE}",
        esc(title),
    );
    for (k, (_, colour)) in DATASETS.iter().enumerate() {
        let _ = write!(
            h,
            ".m{k}{{border-left-color:{colour}}}.r{k}{{border-left-color:{colour}}}"
        );
    }
    let _ = write!(
        h,
        "</style><header><b>{}</b> · {} · lines {first}–{last} · <span id=\"record-count\">{}</span> records · <span class=\"key\">",
        esc(title),
        esc(doc),
        records.len()
    );
    for (ds, colour) in DATASETS {
        let n = records.iter().filter(|r| DATASETS[r.0].0 == ds).count();
        let _ = write!(h, "<span style=\"background:{colour}\">{ds} {n}</span>");
    }
    h += "</span></header><div id=\"src\">";
    for (i, l) in (first..=last).enumerate() {
        // The first dataset marking a line colours its border (provisions last).
        let class = marks[i]
            .last()
            .map(|k| format!(" m{k}"))
            .unwrap_or_default();
        let _ = write!(
            h,
            "<div class=\"ln{class}\" id=\"L{l}\" data-n=\"{l}\">{}</div>",
            esc(src.line_text(l as u32))
        );
    }
    h += "</div><div id=\"side\"><h3>Diagnostics</h3>";
    if diags.is_empty() {
        h += "<div class=\"diag\">none</div>";
    }
    for g in &diags {
        let sev = g.get("severity").and_then(Value::as_str).unwrap_or("");
        let _ = write!(
            h,
            "<div class=\"diag {sev}\">{sev} [{}] L{}: {}</div>",
            esc(g.get("stage").and_then(Value::as_str).unwrap_or("")),
            int(g, "line_start"),
            esc(g.get("message").and_then(Value::as_str).unwrap_or(""))
        );
    }
    h += "<h3>Records</h3>";
    for (k, r) in &records {
        let fields: Vec<String> = r
            .iter()
            .filter(|(f, v)| {
                !v.is_null()
                    && !["doc_id", "source", "byte_start", "byte_end"].contains(&f.as_str())
            })
            .map(|(f, v)| match v {
                Value::String(s) => format!("{f}: {s}"),
                other => format!("{f}: {other}"),
            })
            .collect();
        let label = [
            "text",
            "unit_raw",
            "person_name",
            "indicator",
            "heading",
            "position",
        ]
        .iter()
        .find_map(|f| r.get(*f).and_then(Value::as_str).filter(|s| !s.is_empty()))
        .unwrap_or("");
        let _ = write!(
            h,
            "<div class=\"rec r{k}\" data-a=\"{}\" data-b=\"{}\" title=\"{}\">{} L{}–{} {}</div>",
            int(r, "line_start"),
            int(r, "line_end"),
            esc(&fields.join("\n")),
            DATASETS[*k].0,
            int(r, "line_start"),
            int(r, "line_end"),
            esc(&label.chars().take(40).collect::<String>())
        );
    }
    h += "</div><script>\
        document.querySelectorAll('.rec').forEach(function(r){\
          var a=+r.dataset.a,b=+r.dataset.b;\
          function set(on){for(var l=a;l<=b;l++){var e=document.getElementById('L'+l);if(e)e.classList.toggle('hot',on);}}\
          r.addEventListener('mouseenter',function(){set(true)});\
          r.addEventListener('mouseleave',function(){set(false)});\
          r.addEventListener('click',function(){var e=document.getElementById('L'+a);if(e)e.scrollIntoView({block:'center'});});\
        });</script></html>";
    Ok(h)
}
