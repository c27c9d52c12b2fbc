//! provisions: the heading tree of a document with each provision's own text.
//!
//! A heading paragraph (marker from `grammars/headings.tsv`), an attachment label
//! (`附件1`) or a box caption (`专栏2`) opens a provision. Nesting needs no fixed
//! ladder: a marker family already open on the stack closes everything above it (a
//! sibling), a new family nests under the current provision, and an attachment label
//! closes everything (attachments are top level). So a plan that starts at `（一）`, or
//! a 规则 that puts `一、` under `第一章`, nests as printed. Text before the first
//! heading is the preamble (`/0`). The head block is not a provision.

use super::Ctx;
use crate::grammar::headings;
use crate::model::ProvisionRec;
use crate::segment::BlockKind;
use crate::segment::blocks::{attachment_label, caption_label};

/// An open provision on the stack.
struct Open {
    family: String,
    id: String,
    /// Index in the output of this provision's record.
    rec: usize,
    /// Child counter for ids.
    children: u32,
}

pub fn extract(cx: &Ctx<'_>) -> Vec<ProvisionRec> {
    let c = cx.cleaned;
    let mut out: Vec<ProvisionRec> = Vec::new();
    let mut stack: Vec<Open> = Vec::new();
    let mut top_children = 0u32;
    // Own-text paragraphs of each record (by output index).
    let mut own: Vec<Vec<usize>> = Vec::new();

    for b in cx.blocks {
        if b.kind == BlockKind::Head {
            continue;
        }
        for i in b.paras.clone() {
            let t = c.para_text(i);
            let opened = match b.kind {
                BlockKind::Attachment => attachment_label(t).map(|n| {
                    let label_len = label_len_attachment(t, n);
                    ("attachment".to_owned(), label_len)
                }),
                // A 专栏 box is a section of its own; a table caption (`表1`) is not:
                // the table stays part of the provision it is printed in.
                BlockKind::Caption => caption_label(t)
                    .filter(|(cap, _)| *cap == "专栏")
                    .map(|_| ("box".to_owned(), caption_len(t))),
                BlockKind::Heading => headings::marker(t)
                    .map(|m| (headings::pattern_name(m.pattern).to_owned(), m.len)),
                _ => None,
            };
            // The closing block (issuer signature and date) belongs to no provision.
            if b.kind == BlockKind::Signature {
                continue;
            }
            let Some((family, label_len)) = opened else {
                // Own text of the innermost open provision, or the preamble.
                // The stack only is empty before the first heading.
                if stack.is_empty() && out.is_empty() {
                    out.push(preamble(cx, i));
                    own.push(Vec::new());
                }
                let rec = stack.last().map_or(0, |o| o.rec);
                own[rec].push(i);
                continue;
            };
            // Close to the sibling of the same family, or everything for attachments.
            if family == "attachment" {
                stack.clear();
            } else if let Some(pos) = stack.iter().rposition(|o| o.family == family) {
                stack.truncate(pos);
            }
            let n = match stack.last_mut() {
                Some(p) => {
                    p.children += 1;
                    p.children
                }
                None => {
                    top_children += 1;
                    top_children
                }
            };
            let (id, parent_id) = match stack.last() {
                Some(p) => (format!("{}.{n}", p.id), Some(p.id.clone())),
                None => (format!("{}/{n}", cx.doc_id), None),
            };
            let label = t[..label_len].trim().to_owned();
            let body = t[label_len..].trim_start_matches([' ', '：', ':', '、']);
            let heading = heading_of(body, &family);
            let p = &c.paras[i];
            out.push(ProvisionRec {
                doc_id: cx.doc_id.to_owned(),
                provision_id: id.clone(),
                parent_id,
                level: (stack.len() + 1).min(255) as u8,
                label: Some(label),
                kind: family_name(&family),
                heading,
                text: String::new(),
                page: c.lines[p.lines.start].page,
                seq: 0,
                prov: cx.prov(p.start, p.end),
            });
            own.push(vec![i]);
            stack.push(Open {
                family,
                id,
                rec: out.len() - 1,
                children: 0,
            });
        }
    }
    for (k, rec) in out.iter_mut().enumerate() {
        let paras = &own[k];
        if paras.is_empty() {
            continue;
        }
        let mut text = String::new();
        for (j, &i) in paras.iter().enumerate() {
            if j > 0 {
                text.push('\n');
            }
            let t = c.para_text(i);
            if j == 0 && rec.kind != "preamble" {
                let label = rec.label.as_deref().unwrap_or("");
                text.push_str(t[label.len().min(t.len())..].trim_start());
            } else {
                text.push_str(t);
            }
        }
        rec.text = text;
        let first = &c.paras[paras[0]];
        let last = &c.paras[*paras.last().unwrap()];
        rec.prov = cx.prov(first.start, last.end);
    }
    for (k, rec) in out.iter_mut().enumerate() {
        rec.seq = k as u32;
    }
    out
}

fn preamble(cx: &Ctx<'_>, i: usize) -> ProvisionRec {
    let p = &cx.cleaned.paras[i];
    ProvisionRec {
        doc_id: cx.doc_id.to_owned(),
        provision_id: format!("{}/0", cx.doc_id),
        parent_id: None,
        level: 0,
        label: None,
        kind: "preamble",
        heading: None,
        text: String::new(),
        page: cx.cleaned.lines[p.lines.start].page,
        seq: 0,
        prov: cx.prov(p.start, p.end),
    }
}

fn family_name(f: &str) -> &'static str {
    match f {
        "attachment" => "attachment",
        "box" => "box",
        _ => crate::lexicon::Lexicon::get()
            .headings
            .iter()
            .find(|h| h.name == f)
            .map_or("heading", |h| h.name.as_str()),
    }
}

/// Byte length of `附件1` / `附件 2` / `附件` at the start of `t`.
fn label_len_attachment(t: &str, n: u32) -> usize {
    let rest = &t["附件".len()..];
    let trimmed = rest.trim_start();
    let mut len = "附件".len() + (rest.len() - trimmed.len());
    if n > 0 {
        len += trimmed.len()
            - trimmed
                .trim_start_matches(|c: char| c.is_ascii_digit())
                .len();
    }
    len.min(t.len())
}

/// Byte length of `专栏 3` / `表1` at the start of `t`.
fn caption_len(t: &str) -> usize {
    let cap = if t.starts_with("专栏") {
        "专栏".len()
    } else {
        "表".len()
    };
    let rest = t[cap..].trim_start();
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    t.len() - rest.len() + digits
}

/// The heading sentence: the text up to the first `。`/`：`/`；` if short, or the whole
/// remainder when it is a short line of its own. Articles (`第X条`) have none.
fn heading_of(body: &str, family: &str) -> Option<String> {
    if body.is_empty() {
        return None;
    }
    if family == "article" {
        return None; // `第三条 县发展改革局负责储备。` is text, not a heading
    }
    let cut = body
        .find(['。', '：', ':', '；', ';'])
        .unwrap_or(body.len());
    let h = body[..cut].trim();
    let n = h.chars().count();
    (n > 0 && n <= 40).then(|| h.to_owned())
}

#[cfg(test)]
#[path = "provisions/tests.rs"]
mod tests;
