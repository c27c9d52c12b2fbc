//! Where documents start and end in a file.
//!
//! A document starts at a *head*: an issuer line (`巨鹿县人民政府办公室`, from
//! `grammars/issuers.tsv`) directly followed by a title-like line, optionally preceded by
//! its document number (`〔2022〕曲府办 65 号` printed first); or an issuer and title on
//! one line; or the caption of a policy explanation (`《…》解读`, `《…》` + `政策解读`).
//! An issuer line followed by a date is a signature, not a head. A document runs until
//! the next head. Paragraphs before the first head (a cover, a table of contents) are
//! front matter; a file without any head is one document.

use crate::clean::Cleaned;
pub use crate::grammar::issuers::issuer_prefix;
use crate::grammar::{dates, docnum, headings};
use crate::lexicon::Lexicon;
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocKind {
    /// A document with an issuer head (notice, plan, measures …).
    Issued,
    /// A policy explanation (解读).
    Interpretation,
    /// No head was found: the whole file (or its front matter) as one document.
    Headless,
}

/// A document's paragraphs within a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocSpan {
    pub paras: Range<usize>,
    pub kind: DocKind,
}

/// A line that could be (part of) a document title.
pub fn title_like(s: &str) -> bool {
    let n = s.chars().count();
    (2..=80).contains(&n)
        && !s.ends_with(['。', '：', ':', '；'])
        && !s.contains('，')
        && dates::date_line(s).is_none()
        && docnum::doc_number_line(s).is_none()
        && headings::marker(s).is_none()
}

/// A title that announces a document: it says 关于/印发, ends with a type word, or is
/// followed by the document number. (A number printed before the issuer is enough on
/// its own: see [`issued_head`].)
fn announces(c: &Cleaned, i: usize, title: &str) -> bool {
    let lex = Lexicon::get();
    if title.contains("关于") || title.contains("印发") || lex.doc_type_of(title).is_some() {
        return true;
    }
    (i + 1..(i + 4).min(c.paras.len())).any(|k| docnum::doc_number_line(c.para_text(k)).is_some())
}

/// The head starting at paragraph `i`, if any: returns the first paragraph of the head
/// (which may be a document-number line before `i`).
fn issued_head(c: &Cleaned, i: usize) -> Option<usize> {
    let t = c.para_text(i);
    let issuer_len = c.issuer_prefix(i)?;
    if c.first_line(i).tab {
        return None;
    }
    let rest = t[issuer_len..].trim();
    let numbered =
        i > 0 && !c.first_line(i - 1).tab && docnum::doc_number_line(c.para_text(i - 1)).is_some();
    let is_head = if rest.is_empty() {
        let next = (i + 1 < c.paras.len()).then(|| c.para_text(i + 1))?;
        title_like(next) && (numbered || announces(c, i + 1, next))
    } else {
        title_like(rest) && announces(c, i, rest)
    };
    if !is_head {
        return None;
    }
    Some(if numbered { i - 1 } else { i })
}

/// The caption of a policy explanation ending at paragraph `i`: returns its first
/// paragraph.
fn interpretation_head(c: &Cleaned, i: usize) -> Option<usize> {
    let t = c.para_text(i);
    if !(t.ends_with("解读") && t.chars().count() <= 90) || c.starts_block(i) || c.first_line(i).tab
    {
        return None;
    }
    if t.starts_with('《') || t == "解读" || t == "政策解读" && i == 0 {
        return Some(i);
    }
    // `《…的` / `实施意见》政策解读`: the caption opened on an earlier line.
    for back in 1..=2 {
        let k = i.checked_sub(back)?;
        let p = c.para_text(k);
        if p.ends_with(['。', '；', '：']) || p.chars().count() > 60 {
            return None;
        }
        if p.starts_with('《') {
            return Some(k);
        }
    }
    None
}

/// Split a cleaned file into documents. Returns the documents and the front matter
/// (paragraphs before the first head), if any.
pub fn split(c: &Cleaned) -> (Vec<DocSpan>, Option<Range<usize>>) {
    let mut starts: Vec<(usize, DocKind)> = Vec::new();
    let mut i = 0;
    while i < c.paras.len() {
        if let Some(s) = issued_head(c, i) {
            starts.push((s, DocKind::Issued));
            i += 2;
            continue;
        }
        if let Some(s) = interpretation_head(c, i) {
            starts.push((s, DocKind::Interpretation));
        }
        i += 1;
    }
    starts.dedup_by_key(|s| s.0);
    if starts.is_empty() {
        let all = 0..c.paras.len();
        // Only empty cells or blank lines (`\t` ⏎ `  `): no text, no document.
        let blank = all.clone().all(|p| c.para_text(p).trim().is_empty());
        return (
            if blank {
                vec![]
            } else {
                vec![DocSpan {
                    paras: all,
                    kind: DocKind::Headless,
                }]
            },
            None,
        );
    }
    let mut docs = Vec::with_capacity(starts.len() + 1);
    let front = (starts[0].0 > 0).then(|| 0..starts[0].0);
    let mut front_out = None;
    if let Some(f) = front {
        // Front matter with real prose is a document of its own, not a cover.
        let prose = f
            .clone()
            .filter(|&k| c.para_text(k).ends_with('。'))
            .count();
        if prose >= 3 {
            docs.push(DocSpan {
                paras: f,
                kind: DocKind::Headless,
            });
        } else {
            front_out = Some(f);
        }
    }
    for (k, &(s, kind)) in starts.iter().enumerate() {
        let e = starts.get(k + 1).map_or(c.paras.len(), |n| n.0);
        docs.push(DocSpan { paras: s..e, kind });
    }
    (docs, front_out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clean::clean;
    use crate::source::Source;

    fn split_text(t: &str) -> Vec<(String, DocKind)> {
        let src = Source::utf8("t", t.to_owned(), 0);
        let c = clean(&src);
        split(&c)
            .0
            .into_iter()
            .map(|d| (c.para_text(d.paras.start).to_owned(), d.kind))
            .collect()
    }

    #[test]
    fn heads_signatures_and_interpretations() {
        let t = "廊坊市人民政府\n\n关于开展第五次全国经济普查的通知\n\n廊政字〔2023〕8号\n\n各县（市、区）人民政府：\n\n现将有关事项通知如下。\n\n廊坊市人民政府\n\n2023年3月1日\n\n《廊坊市病媒生物防制管理办法（试行）》\n\n政策解读\n\n一、起草背景\n\n为了加强管理。\n";
        let docs = split_text(t);
        assert_eq!(docs.len(), 2, "{docs:?}");
        assert_eq!(docs[0], ("廊坊市人民政府".into(), DocKind::Issued));
        assert_eq!(docs[1].1, DocKind::Interpretation);
        assert!(docs[1].0.starts_with("《廊坊市病媒"));
    }

    #[test]
    fn number_printed_before_the_issuer_starts_the_head() {
        let t = " 〔2022〕曲府办 65 号\n\n曲阳县人民政府办公室\n\n关于文旅行业安全生产工作方案\n\n为切实做好工作，制定本方案。\n";
        let docs = split_text(t);
        assert_eq!(docs.len(), 1);
        assert!(docs[0].0.starts_with("〔2022〕曲府办"));
    }

    #[test]
    fn a_cover_is_front_matter() {
        let t = "曲阳县人民政府文件汇编\n\n曲阳县人民政府办公室\n\n2022 年 3 号\n\n目 录\n\n曲阳县人民政府\n\n关于申请出具认定意见的函\n\n保定市住房和城乡建设局：\n\n正文。\n";
        let src = Source::utf8("t", t.to_owned(), 0);
        let c = clean(&src);
        let (docs, front) = split(&c);
        assert_eq!(docs.len(), 1);
        assert_eq!(front, Some(0..4));
    }
}
