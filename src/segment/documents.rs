//! Where documents start and end in a file.
//!
//! A document starts at a *head*: an issuer line (`巨鹿县人民政府办公室`, from
//! `grammars/issuers.tsv`; a red head `…文件` too) followed by a title-like line,
//! directly or after its document number (GB/T 9704's order), or preceded by the number
//! (`〔2022〕曲府办 65 号` printed first); or an issuer and title on one line, apart or
//! run together as reprints print them (`浙江省人民政府办公厅关于印发…`); or the caption
//! of a policy explanation (`《…》解读`, `《…》` + `政策解读`). An issuer line followed by
//! a date is a signature, and one followed by a date and `印发` the print line; neither
//! is a head. A document runs until the next head. Paragraphs before the first head (a cover, a table of contents) are
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
    let issuer_len = head_issuer(c, i)?;
    if c.first_line(i).tab {
        return None;
    }
    let rest = t[issuer_len..].trim();
    // The 版记's 印发 line closes a document.
    if crate::grammar::issuers::is_print_line(t) {
        return None;
    }
    let number_at = |k: usize| {
        k < c.paras.len()
            && !c.first_line(k).tab
            && docnum::doc_number_line(c.para_text(k)).is_some()
    };
    let numbered_before = i > 0 && number_at(i - 1);
    let is_head = if rest.is_empty() {
        // GB/T 9704 prints the number between the organ and the title.
        let numbered_after = number_at(i + 1);
        let k = if numbered_after { i + 2 } else { i + 1 };
        let next = (k < c.paras.len()).then(|| c.para_text(k))?;
        title_like(next) && (numbered_before || numbered_after || announces(c, k, next))
    } else {
        title_like(rest) && announces(c, i, rest)
    };
    if !is_head {
        return None;
    }
    Some(if numbered_before { i - 1 } else { i })
}

/// A short line of another script only (no CJK, no Latin letters; spaces between words):
/// the organ's name in Mongolian, Uyghur or Tibetan above a bilingual red head.
pub fn other_script(t: &str) -> bool {
    t.chars().count() <= 80
        && t.chars().filter(|ch| ch.is_alphabetic()).nth(2).is_some()
        && t.chars().all(|ch| {
            ch == ' '
                || (ch.is_alphabetic() && ch as u32 >= 0x370 && !crate::clean::fold::is_cjk(ch))
        })
}

/// The issuer that may open a document at paragraph `i`: an issuer line or prefix
/// ([`issuer_prefix`], red heads `…文件` included), or an organ run into a title
/// (`浙江省人民政府办公厅关于印发…`, asked only of a short paragraph that ends no
/// sentence). Its byte length: the rest of the paragraph is title.
pub fn head_issuer(c: &Cleaned, i: usize) -> Option<usize> {
    c.issuer_prefix(i).or_else(|| {
        let t = c.para_text(i);
        (t.len() <= 3 * 80 && !t.ends_with(['。', '；', '：', ':']))
            .then(|| crate::grammar::issuers::organ_before_about(t))
            .flatten()
    })
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
    // A head that prints its organ twice (the red head `X文件`, the 文号, then `X` again as
    // the title's first line) is found twice: a start whose span holds nothing but organ
    // and number lines belongs to the head after it.
    let head_only = |a: usize, b: usize| {
        (a..b).all(|k| {
            c.issuer_prefix(k) == Some(c.para_text(k).len())
                || docnum::doc_number_line(c.para_text(k)).is_some()
        })
    };
    let mut merged: Vec<(usize, DocKind)> = Vec::with_capacity(starts.len());
    for s in starts {
        match merged.last() {
            Some(&(a, DocKind::Issued)) if s.1 == DocKind::Issued && head_only(a, s.0) => {}
            _ => merged.push(s),
        }
    }
    // A bilingual red head prints the organ in another script first (Mongolian, Uyghur,
    // Tibetan): a short line with no CJK character right before a head is its first line.
    let starts: Vec<(usize, DocKind)> = merged
        .into_iter()
        .map(|(s, kind)| match kind {
            DocKind::Issued if s > 0 && other_script(c.para_text(s - 1)) => (s - 1, kind),
            _ => (s, kind),
        })
        .collect();
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
    fn gb_t_9704_head_red_head_number_then_title_and_the_print_line_closes() {
        // 发文机关标志 `…文件`, then 发文字号, then the title over two lines; the 版记's
        // 印发 line (organ + date + 印发) opens nothing.
        let t = "苍溪县人民政府办公室文件\n\n苍府办发〔2023〕28号\n\n\n关于成立苍溪县城乡供水一体化\n工作领导小组的通知\n\n各乡镇人民政府：\n\n正文。\n\n抄送：县委办公室。\n苍溪县人民政府办公室　　　　2023年4月13日印发\n\n苍溪县人民政府\n\n苍府发〔2023〕9号\n\n关于废止有关文件的决定\n\n正文。\n";
        let docs = split_text(t);
        assert_eq!(docs.len(), 2, "{docs:?}");
        assert!(docs[0].0.starts_with("苍溪县人民政府办公室文件"));
        assert!(docs[1].0.starts_with("苍溪县人民政府"));
        assert_eq!(docs[1].1, DocKind::Issued);
    }

    #[test]
    fn an_organ_printed_twice_in_the_head_opens_one_document() {
        let t = "北京市朝阳区人民政府文件\n\n朝政发〔2024〕3号\n\n北京市朝阳区人民政府\n关于印发《实施细则》的通知\n\n各街道办事处：\n\n正文。\n";
        let docs = split_text(t);
        assert_eq!(docs.len(), 1, "{docs:?}");
        assert!(docs[0].0.starts_with("北京市朝阳区人民政府文件"));
    }

    #[test]
    fn a_bilingual_red_head_starts_at_its_other_script_line() {
        let t = "ᠣᠲᠣᠭ ᠬᠣᠰᠢᠭᠤ ᠶᠢᠨ ᠠᠷᠠᠳ\n鄂托克旗人民政府办公室文件\n\n鄂托旗政办发〔2023〕27号\n\n关于成立重点项目建设指挥部的通知\n\n正文。\n";
        let docs = split_text(t);
        assert_eq!(docs.len(), 1);
        assert!(docs[0].0.starts_with("ᠣᠲᠣᠭ"));
        assert!(other_script("ᠣᠲᠣᠭ ᠬᠣᠰᠢᠭᠤ"));
        assert!(!other_script("（qyxwhj@126.com）。"));
        assert!(!other_script("附件"));
    }

    #[test]
    fn an_organ_run_into_the_title_opens_a_reprinted_document() {
        let t = "浙江省人民政府办公厅关于印发浙江省\n政府投资项目评审管理办法的通知\n浙政办发[2023]15号\n各市、县（市、区）人民政府：\n正文。\n";
        let docs = split_text(t);
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].1, DocKind::Issued);
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
