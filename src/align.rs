//! `gongwen align <run-dir>`: documents of different jurisdictions that implement the
//! same policy, and their provisions aligned, → `alignments.parquet` (and `.csv`).
//!
//! Documents pair when their titles agree once the place, `关于印发…的通知`, brackets and
//! years are removed (character-bigram Dice ≥ 0.3) AND their texts share enough wording
//! (overlap coefficient of character 4-gram sets ≥ 0.25: the share of the shorter
//! document's 4-grams found in the other). 解读 pieces are left out. Provisions of a
//! pair align greedily, most similar first, one to one, when their 3-gram Jaccard
//! similarity is ≥ 0.2; the rest are listed without a counterpart. Each row puts side by
//! side what analysts compare: lead units, deadlines and numeric targets. No model, no
//! download: set overlap of character n-grams only.

use crate::clean::fold::strip_spaces as squeeze;
use crate::compare::{Cell, View, s};
use crate::eval::load::run_rows;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

fn grams(t: &str, n: usize) -> HashSet<&str> {
    let idx: Vec<usize> = t.char_indices().map(|(i, _)| i).chain([t.len()]).collect();
    (0..idx.len().saturating_sub(n))
        .map(|k| &t[idx[k]..idx[k + n]])
        .collect()
}

fn dice(a: &str, b: &str) -> f64 {
    let (x, y) = (grams(a, 2), grams(b, 2));
    if x.is_empty() || y.is_empty() {
        return 0.0;
    }
    2.0 * x.intersection(&y).count() as f64 / (x.len() + y.len()) as f64
}

fn overlap(x: &HashSet<&str>, y: &HashSet<&str>) -> f64 {
    let m = x.len().min(y.len());
    if m == 0 {
        return 0.0;
    }
    x.intersection(y).count() as f64 / m as f64
}

fn jaccard(x: &HashSet<&str>, y: &HashSet<&str>) -> f64 {
    let u = x.union(y).count();
    if u == 0 {
        return 0.0;
    }
    x.intersection(y).count() as f64 / u as f64
}

/// The policy a title names: without the place, the cover-notice words, brackets and
/// years (`巨鹿县促进残疾人就业三年行动实施方案（2022—2024年）` → `促进残疾人就业三年行动实施方案`).
pub fn policy_key(title: &str, jurisdiction: Option<&str>) -> String {
    let mut t = squeeze(title);
    if let Some(j) = jurisdiction {
        t = t.replace(j, "");
    }
    for w in ["关于印发", "印发", "关于", "的通知", "通知"] {
        t = t.replace(w, "");
    }
    // Bracketed periods (`（2022—2024年）`), then years (`2023年`), then punctuation.
    let mut out = String::new();
    let mut chars = t.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '（' || c == '(' {
            let inner: String = chars
                .clone()
                .take_while(|x| *x != '）' && *x != ')')
                .collect();
            if inner.chars().any(|x| x.is_ascii_digit()) {
                for _ in 0..=inner.chars().count() {
                    chars.next();
                }
                continue;
            }
        }
        if c.is_ascii_digit() {
            while chars.peek().is_some_and(|x| x.is_ascii_digit()) {
                chars.next();
            }
            if chars.peek() == Some(&'年') {
                chars.next();
            }
            continue;
        }
        if !"《》“”\"（）()〔〕—-–‒".contains(c) {
            out.push(c);
        }
    }
    out
}

/// `95%`, `3个`, `1.5万元`: the numeric targets in a text, in order.
fn targets(t: &str) -> Vec<String> {
    let mut out = Vec::new();
    let cs: Vec<(usize, char)> = t.char_indices().collect();
    let mut k = 0;
    while k < cs.len() {
        if !cs[k].1.is_ascii_digit()
            || k > 0 && (cs[k - 1].1.is_ascii_digit() || cs[k - 1].1 == '.')
        {
            k += 1;
            continue;
        }
        let mut e = k;
        while e < cs.len() && (cs[e].1.is_ascii_digit() || cs[e].1 == '.') {
            e += 1;
        }
        let rest = &t[cs.get(e).map_or(t.len(), |c| c.0)..];
        let unit = [
            "%", "‰", "万元", "亿元", "万人", "个", "家", "人", "张", "所", "次", "户", "公里",
        ]
        .iter()
        .find(|u| rest.starts_with(*u));
        // Years (`2025年`) are deadlines, not targets.
        if let Some(u) = unit {
            let end = cs.get(e).map_or(t.len(), |c| c.0) + u.len();
            out.push(t[cs[k].0..end].to_owned());
        }
        k = e.max(k + 1);
    }
    out
}

struct Doc {
    id: String,
    jurisdiction: String,
    title: String,
    key: String,
    text: String,
}

struct Prov {
    id: String,
    heading: String,
    text: String,
}

/// The aligned pairs of a run, as one view.
pub fn align(run: &Path) -> anyhow::Result<View> {
    let docs: Vec<Doc> = run_rows(run, "documents")?
        .iter()
        .filter(|d| s(d.get("doc_type")).as_deref() != Some("解读"))
        .filter_map(|d| {
            let j = s(d.get("jurisdiction"))?;
            let title = s(d.get("enclosed_title")).or_else(|| s(d.get("title")))?;
            Some(Doc {
                id: s(d.get("doc_id"))?,
                key: policy_key(&title, Some(&j)),
                jurisdiction: j,
                title,
                text: String::new(),
            })
        })
        .collect();
    let mut provs: HashMap<String, Vec<Prov>> = HashMap::new();
    for p in run_rows(run, "provisions")? {
        let Some(doc) = s(p.get("doc_id")) else {
            continue;
        };
        provs.entry(doc).or_default().push(Prov {
            id: s(p.get("provision_id")).unwrap_or_default(),
            heading: s(p.get("heading")).unwrap_or_default(),
            text: squeeze(&s(p.get("text")).unwrap_or_default()),
        });
    }
    let docs: Vec<Doc> = docs
        .into_iter()
        .map(|mut d| {
            d.text = provs
                .get(&d.id)
                .map(|ps| ps.iter().map(|p| p.text.as_str()).collect())
                .unwrap_or_default();
            d
        })
        .collect();
    // Per provision: lead units and deadline texts.
    let mut leads: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for a in run_rows(run, "assignments")? {
        if s(a.get("role")).as_deref() == Some("lead")
            && let (Some(p), Some(u)) = (s(a.get("provision_id")), s(a.get("unit")))
        {
            let v = leads.entry(p).or_default();
            if !v.contains(&u) {
                v.push(u);
            }
        }
    }
    let mut limits: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for d in run_rows(run, "deadlines")? {
        if let (Some(p), Some(t)) = (s(d.get("provision_id")), s(d.get("text"))) {
            limits.entry(p).or_default().push(t);
        }
    }

    let mut rows = Vec::new();
    let four: Vec<HashSet<&str>> = docs.iter().map(|d| grams(&d.text, 4)).collect();
    for a in 0..docs.len() {
        for b in a + 1..docs.len() {
            let (x, y) = (&docs[a], &docs[b]);
            if x.jurisdiction == y.jurisdiction {
                continue;
            }
            let title_sim = dice(&x.key, &y.key);
            let text_sim = overlap(&four[a], &four[b]);
            if title_sim < 0.3 || text_sim < 0.25 {
                continue;
            }
            let empty = Vec::new();
            let pa = provs.get(&x.id).unwrap_or(&empty);
            let pb = provs.get(&y.id).unwrap_or(&empty);
            let ga: Vec<HashSet<&str>> = pa.iter().map(|p| grams(&p.text, 3)).collect();
            let gb: Vec<HashSet<&str>> = pb.iter().map(|p| grams(&p.text, 3)).collect();
            let mut cands = Vec::new();
            for (i, g) in ga.iter().enumerate() {
                for (k, h) in gb.iter().enumerate() {
                    let sim = jaccard(g, h);
                    if sim >= 0.2 {
                        cands.push((sim, i, k));
                    }
                }
            }
            cands.sort_by(|p, q| q.0.total_cmp(&p.0).then(p.1.cmp(&q.1)).then(p.2.cmp(&q.2)));
            let (mut used_a, mut used_b) = (vec![false; pa.len()], vec![false; pb.len()]);
            let mut pairs = Vec::new();
            for (sim, i, k) in cands {
                if !used_a[i] && !used_b[k] {
                    used_a[i] = true;
                    used_b[k] = true;
                    pairs.push((Some(i), Some(k), sim));
                }
            }
            pairs.extend(
                (0..pa.len())
                    .filter(|i| !used_a[*i])
                    .map(|i| (Some(i), None, 0.0)),
            );
            pairs.extend(
                (0..pb.len())
                    .filter(|k| !used_b[*k])
                    .map(|k| (None, Some(k), 0.0)),
            );
            pairs.sort_by_key(|p| (p.0.unwrap_or(usize::MAX), p.1.unwrap_or(usize::MAX)));
            let join =
                |v: Option<&Vec<String>>| v.map(|v| v.join("、")).map_or(Cell::Null, Cell::Str);
            for (i, k, sim) in pairs {
                let p = i.map(|i| &pa[i]);
                let q = k.map(|k| &pb[k]);
                let side = |p: Option<&Prov>| {
                    p.map_or(
                        [Cell::Null, Cell::Null, Cell::Null, Cell::Null, Cell::Null],
                        |p| {
                            [
                                Cell::Str(p.id.clone()),
                                Cell::Str(p.heading.clone()),
                                join(leads.get(&p.id)),
                                join(limits.get(&p.id)),
                                {
                                    let t = targets(&p.text);
                                    if t.is_empty() {
                                        Cell::Null
                                    } else {
                                        Cell::Str(t.join("、"))
                                    }
                                },
                            ]
                        },
                    )
                };
                let mut row = vec![
                    Cell::Str(x.id.clone()),
                    Cell::Str(y.id.clone()),
                    Cell::Str(x.jurisdiction.clone()),
                    Cell::Str(y.jurisdiction.clone()),
                    Cell::Str(x.title.clone()),
                    Cell::Str(y.title.clone()),
                    Cell::Float((title_sim * 1000.0).round() / 1000.0),
                    Cell::Float((text_sim * 1000.0).round() / 1000.0),
                    Cell::Float((sim * 1000.0).round() / 1000.0),
                ];
                let (l, r) = (side(p), side(q));
                for (a, b) in l.into_iter().zip(r) {
                    row.push(a);
                    row.push(b);
                }
                rows.push(row);
            }
        }
    }
    let columns = [
        "doc_a",
        "doc_b",
        "jurisdiction_a",
        "jurisdiction_b",
        "title_a",
        "title_b",
        "title_similarity",
        "text_similarity",
        "similarity",
        "provision_a",
        "provision_b",
        "heading_a",
        "heading_b",
        "lead_units_a",
        "lead_units_b",
        "deadlines_a",
        "deadlines_b",
        "targets_a",
        "targets_b",
    ];
    Ok(View {
        name: "alignments",
        columns: columns.map(String::from).to_vec(),
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_keys_drop_place_notice_words_and_years() {
        assert_eq!(
            policy_key(
                "巨鹿县促进残疾人就业三年行动实施方案（2022—2024年）",
                Some("巨鹿县")
            ),
            "促进残疾人就业三年行动实施方案"
        );
        assert_eq!(
            policy_key(
                "关于印发廊坊市促进残疾人就业三年行动实施方案（2022—2024年）的通知",
                Some("廊坊市")
            ),
            "促进残疾人就业三年行动实施方案"
        );
    }

    #[test]
    fn numeric_targets_not_years() {
        assert_eq!(
            targets("到2025年，覆盖率达到95%，建成3个中心，每千人口1.5张床位"),
            ["95%", "3个", "1.5张"]
        );
    }
}
