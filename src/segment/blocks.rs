//! The blocks of one document: runs of paragraphs of one kind.
//!
//! Kinds: the head (issuer, title, number, addressee), headings (a marker from
//! `grammars/headings.tsv` at the start), attachment labels (`附件1`), box and table
//! captions (`专栏2`, `表1`), roster-like runs (lines opening with a role label),
//! table-like runs (TAB cells, space-separated cells), signature lines and plain
//! paragraphs. Grammars for each kind live in [`crate::extract`]; this module only
//! decides which paragraphs belong together.

use super::documents::{DocKind, DocSpan};
use crate::clean::Cleaned;
use crate::clean::reflow::table_like;
use crate::grammar::{dates, headings};
use crate::lexicon::Lexicon;
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    Head,
    Heading,
    Attachment,
    Caption,
    Roster,
    Table,
    Signature,
    Paragraph,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub kind: BlockKind,
    pub paras: Range<usize>,
    /// A heading block's marker (its one paragraph's), kept so the provisions extractor
    /// does not parse it again; `None` for other kinds.
    pub marker: Option<headings::Marker>,
}

/// `附件`, `附件1`, `附件 2`, `附件1：title`, `附件：` at the start of a paragraph: returns
/// the number (0 when unnumbered). Not `附件：1.…清单`: an unnumbered `附件：` followed by
/// text is the letter's note listing its attachments (附件说明), not the label that
/// opens one.
pub fn attachment_label(s: &str) -> Option<u32> {
    let rest = s.strip_prefix("附件")?;
    let rest = rest.trim_start();
    if rest.is_empty() {
        return Some(0);
    }
    if let Ok((r, n)) = crate::grammar::numerals::number(rest) {
        let r = r.trim_start();
        // `附件1` alone, or `附件1：title` — not `附件1.xx` of a list inside a sentence.
        if r.is_empty()
            || r.starts_with(['：', ':'])
            || r.chars().count() > 1 && !r.starts_with(['、', '.', '．', '，'])
        {
            return Some(n);
        }
        return None;
    }
    let note = rest.strip_prefix(['：', ':'])?;
    note.trim().is_empty().then_some(0)
}

/// `专栏 3 …` / `表1 …`: a caption (the number is returned).
pub fn caption_label(s: &str) -> Option<(&'static str, u32)> {
    for cap in ["专栏", "表"] {
        if let Some(rest) = s.strip_prefix(cap)
            && let Ok((_, n)) = crate::grammar::numerals::arabic(rest.trim_start())
        {
            return Some((cap, n));
        }
    }
    None
}

/// The end (exclusive) of the head of a document starting at `d.paras.start`.
pub fn head_end(c: &Cleaned, d: &DocSpan) -> usize {
    let mut i = d.paras.start;
    let end = d.paras.end;
    if d.kind == DocKind::Interpretation {
        while i < end && !c.para_text(i).ends_with("解读") {
            i += 1;
        }
        return (i + 1).min(end);
    }
    if d.kind == DocKind::Headless {
        return i;
    }
    // A bilingual red head's line in another script, then number, issuer, title lines,
    // number (+ date), addressee.
    while i < end && super::documents::other_script(c.para_text(i)) {
        i += 1;
    }
    let mut seen_title = 0;
    while i < end {
        let t = c.para_text(i);
        if crate::grammar::docnum::doc_number_line(t).is_some()
            || (seen_title == 0 && c.issuer_prefix(i).is_some())
        {
            i += 1;
            continue;
        }
        if t.ends_with(['：', ':']) && t.chars().count() <= 80 && !t.contains('。') {
            return i + 1; // addressee (主送)
        }
        if super::documents::title_like(t)
            && seen_title < 5
            && !c.starts_block(i)
            && t.chars().count() <= 60
        {
            seen_title += 1;
            i += 1;
            continue;
        }
        break;
    }
    i
}

/// Split a document into blocks.
pub fn blocks(c: &Cleaned, d: &DocSpan) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    let h = head_end(c, d);
    if h > d.paras.start {
        out.push(Block {
            kind: BlockKind::Head,
            paras: d.paras.start..h,
            marker: None,
        });
    }
    for i in h..d.paras.end {
        let t = c.para_text(i);
        let tab = c.first_line(i).tab;
        // A paragraph known to start no structure has no role label, no cells, no
        // heading marker and is no date line: those tests can be skipped.
        let structured = c.known_starts_block(i) != Some(false);
        // A caption printed inside the table's layout (`\t专栏1  构建…`) is still a
        // caption; a numbered sentence with a few spaces in it (`1. 推进…。围绕… APP 技术`)
        // is still a heading (table rows carry no `。`).
        let marker = if structured {
            c.heading_marker(i)
        } else {
            None
        };
        let heading = marker.is_some();
        let kind = if structured && Lexicon::get().starts_with_role(t) {
            BlockKind::Roster
        } else if caption_label(t).is_some() {
            BlockKind::Caption
        } else if tab || (structured && table_like(t) && !(heading && t.contains('。'))) {
            BlockKind::Table
        } else if attachment_label(t).is_some() {
            BlockKind::Attachment
        } else if heading {
            BlockKind::Heading
        } else if structured && dates::date_line(t).is_some()
            || (i + 1 < d.paras.end
                // A date line starts a structure: a next paragraph known to start none
                // is no date, and the issuer test is spared.
                && c.known_starts_block(i + 1) != Some(false)
                && c.issuer_prefix(i).is_some()
                && dates::date_line(c.para_text(i + 1)).is_some())
        {
            BlockKind::Signature
        } else {
            BlockKind::Paragraph
        };
        // Runs of table rows, roster lines and plain paragraphs merge; headings and
        // labels are one block each.
        let merge = matches!(
            kind,
            BlockKind::Table | BlockKind::Roster | BlockKind::Paragraph | BlockKind::Signature
        );
        match out.last_mut() {
            Some(b) if merge && b.kind == kind && b.paras.end == i => b.paras.end = i + 1,
            _ => out.push(Block {
                kind,
                paras: i..i + 1,
                marker: if kind == BlockKind::Heading {
                    marker
                } else {
                    None
                },
            }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attachment_labels() {
        assert_eq!(attachment_label("附件1"), Some(1));
        assert_eq!(attachment_label("附件 2"), Some(2));
        assert_eq!(attachment_label("附件"), Some(0));
        assert_eq!(attachment_label("附件："), Some(0));
        // The letter's note listing its attachments is not a label.
        assert_eq!(attachment_label("附件：1.110受理自12345转来事项清单"), None);
        assert_eq!(attachment_label("附件：曲阳县2022年度土地储备计划表"), None);
        assert_eq!(attachment_label("附件：定州市基本养老服务清单"), None);
        assert_eq!(attachment_label("附件1：城乡居民医保缴费方式"), Some(1));
        assert_eq!(attachment_label("附件材料"), None);
    }

    #[test]
    fn captions() {
        assert_eq!(caption_label("专栏 3 重点工程"), Some(("专栏", 3)));
        assert_eq!(caption_label("表1 主要指标"), Some(("表", 1)));
        assert_eq!(caption_label("表彰先进"), None);
    }
}
