//! provisions: the heading tree of a document with each provision's own text.
//!
//! A heading paragraph (marker from `grammars/headings.tsv`), an attachment label
//! (`附件1`) or a box caption (`专栏2`) opens a provision. Nesting needs no fixed
//! ladder: a marker family already open on the stack closes everything above it (a
//! sibling), a new family nests under the current provision, and an attachment label
//! closes everything (attachments are top level). So a plan that starts at `（一）`, or
//! a 规则 that puts `一、` under `第一章`, nests as printed. Text before the first
//! heading is the preamble (`/0`). The head block is not a provision, nor is the
//! closing: the signature, and contact lines the body ends with (`联系人：…`,
//! `联系电话：…`, labels in `grammars/contacts.tsv`) when nothing but the signature, an
//! attachment or the document's end follows them. A numbered list that starts inside a
//! note (`注：1、…`, note words in `grammars/notes.tsv`) goes on in the note: its next
//! items (`2、…`) open no provision.

use super::Ctx;
use crate::grammar::headings;
use crate::lexicon::Lexicon;
use crate::model::{Prov, ProvisionRec};
use crate::segment::BlockKind;
use crate::segment::blocks::{attachment_label, caption_label};

/// An open provision on the stack.
struct Open {
    family: &'static str,
    /// Index in the output of this provision's record (its id is read from there).
    rec: usize,
    /// Child counter for ids.
    children: u32,
}

pub fn extract(cx: &Ctx<'_>) -> Vec<ProvisionRec> {
    let c = cx.cleaned;
    // One record per heading, label or caption block at most, and the preamble.
    let opening = cx.blocks.iter().filter(|b| {
        matches!(
            b.kind,
            BlockKind::Heading | BlockKind::Attachment | BlockKind::Caption
        )
    });
    let mut out: Vec<ProvisionRec> = Vec::with_capacity(opening.count() + 1);
    let mut stack: Vec<Open> = Vec::new();
    let mut top_children = 0u32;
    // Own-text paragraphs as (record index in `out`, paragraph), turned into each
    // record's text at the end: own text goes to the innermost open provision (`cur`),
    // or the preamble before any heading, and a box that ends hands it back to the
    // provision around it. One list for the document, not one per record.
    let mut owns: Vec<(usize, usize)> =
        Vec::with_capacity(match (cx.blocks.first(), cx.blocks.last()) {
            (Some(a), Some(z)) => z.paras.end - a.paras.start,
            _ => 0,
        });
    let mut cur = 0;
    // The box open innermost whose contents so far are a table, while it may end.
    let mut boxed: Option<BoxWatch> = None;
    let closing = closing_contacts(cx);
    // The numbered list a note opened, while its items go on.
    let mut note: Option<NoteList> = None;

    for b in cx.blocks {
        // The head block is no provision; the closing block (issuer signature and date)
        // belongs to none.
        if matches!(b.kind, BlockKind::Head | BlockKind::Signature) {
            continue;
        }
        for i in b.paras.clone() {
            if closing.contains(&i) {
                continue;
            }
            let t = c.para_text(i);
            let opened = match b.kind {
                BlockKind::Attachment => {
                    attachment_label(t).map(|n| ("attachment", label_len_attachment(t, n)))
                }
                // A 专栏 box is a section of its own; a table caption (`表1`) is not:
                // the table stays part of the provision it is printed in.
                BlockKind::Caption => caption_label(t)
                    .filter(|(cap, _)| *cap == "专栏")
                    .map(|_| ("box", caption_len(t))),
                // The marker the block was told by (a heading block is one paragraph).
                BlockKind::Heading => b
                    .marker
                    .as_ref()
                    .filter(|m| {
                        // The current record's paragraphs since its heading (or the box
                        // inside it), last first.
                        let own = owns.iter().rev().take_while(|o| o.0 == cur).map(|o| o.1);
                        !NoteList::goes_on(&mut note, m, own, c)
                    })
                    .map(|m| (headings::pattern_name(m.pattern), m.len)),
                _ => None,
            };
            let Some((family, label_len)) = opened else {
                // Own text of the innermost open provision, or the preamble.
                if out.is_empty() {
                    out.push(preamble(cx, i));
                }
                if let Some(w) = &mut boxed {
                    match w.read(b.kind, t) {
                        Watch::Ends => {
                            stack.pop();
                            cur = stack.last().map_or(0, |o| o.rec);
                            boxed = None;
                        }
                        Watch::Stops => boxed = None,
                        Watch::Goes => {}
                    }
                }
                owns.push((cur, i));
                continue;
            };
            note = None;
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
            let parent_id = stack.last().map(|p| out[p.rec].provision_id.clone());
            let id = match &parent_id {
                Some(p) => child_id(p, '.', n),
                None => child_id(cx.doc_id, '/', n),
            };
            let label = t[..label_len].trim().to_owned();
            let body = t[label_len..].trim_start_matches([' ', '：', ':', '、']);
            let heading = heading_of(body, family);
            // A box printed inside a section may end before the section does.
            boxed =
                (family == "box" && !stack.is_empty()).then_some(BoxWatch { holds_table: false });
            cur = out.len();
            owns.push((cur, i));
            out.push(ProvisionRec {
                doc_id: cx.doc_id.to_owned(),
                provision_id: id,
                parent_id,
                level: (stack.len() + 1).min(255) as u8,
                label: Some(label),
                kind: family,
                heading,
                text: String::new(),
                page: c.lines[c.paras[i].lines.start].page,
                seq: out.len() as u32,
                prov: Prov::default(),
            });
            stack.push(Open {
                family,
                rec: out.len() - 1,
                children: 0,
            });
        }
    }
    // In record order, each record's paragraphs in reading order (a stable sort; the
    // list is in order already unless a box ended).
    if !owns.is_sorted_by_key(|o| o.0) {
        owns.sort_by_key(|o| o.0);
    }
    for run in owns.chunk_by(|a, b| a.0 == b.0) {
        finish(cx, &mut out[run[0].0], run);
    }
    out
}

/// A box (`专栏1 …一览表`) inside a section whose contents so far are a table: the box
/// ends where prose resumes after the table (a paragraph of sentences, `。`; the
/// section's text goes on), unless that prose is a note on the table (`注：…`). A box
/// that opens with text runs on to the next heading.
struct BoxWatch {
    /// Whether a table row has been read since the caption.
    holds_table: bool,
}

/// What a paragraph tells a [`BoxWatch`].
enum Watch {
    /// The box ended before it: the paragraph is the section's again.
    Ends,
    /// The box opens with text: it runs on to the next heading.
    Stops,
    /// Still the box's (a table row, a caption, a note on the table).
    Goes,
}

impl BoxWatch {
    /// Read paragraph `t` of a block of `kind`, the next in the box.
    fn read(&mut self, kind: BlockKind, t: &str) -> Watch {
        match kind {
            BlockKind::Table => {
                self.holds_table = true;
                Watch::Goes
            }
            BlockKind::Paragraph if !self.holds_table => Watch::Stops,
            // Prose (sentences end in `。`; a row printed without TABs does not), and not a
            // note on the table.
            BlockKind::Paragraph
                if t.contains('。') && Lexicon::get().after_note_word(t).is_none() =>
            {
                Watch::Ends
            }
            _ => Watch::Goes,
        }
    }
}

/// A numbered list that opened inside a note (`注：1、…`).
struct NoteList {
    /// The list's heading pattern (index in `grammars/headings.tsv`).
    pattern: usize,
    /// The number its next item carries.
    next: u32,
}

impl NoteList {
    /// The list paragraph `t` opens: a note word, its colon and item 1 (`注：1、…`).
    fn opened_by(t: &str) -> Option<NoteList> {
        let m = headings::marker(Lexicon::get().after_note_word(t)?)?;
        (m.number == 1).then_some(NoteList {
            pattern: m.pattern,
            next: 2,
        })
    }

    /// Whether the heading marker `m` is the next item of a list opened in a note: of the
    /// open list `note`, or, for an item 2, of a list opened by one of `own` (the
    /// paragraphs since the last heading, last first: the nearest note counts). `note` then waits for the item after it. Only
    /// items 2 and on are looked at, so paragraphs are not each tested for a note.
    fn goes_on(
        note: &mut Option<NoteList>,
        m: &headings::Marker,
        mut own: impl Iterator<Item = usize>,
        c: &crate::clean::Cleaned,
    ) -> bool {
        if m.number == 2 {
            *note = own
                .find_map(|i| Self::opened_by(c.para_text(i)))
                .filter(|n| n.pattern == m.pattern);
        }
        match note {
            Some(n) if n.pattern == m.pattern && n.next == m.number => {
                n.next += 1;
                true
            }
            _ => false,
        }
    }
}

/// The paragraphs of contact lines (`联系人：…`, `联系电话：…`) and 版记 lines (`抄送：…`,
/// `（此件公开发布）`, the 印发 line) that close the body: runs
/// followed by nothing but the signature, an attachment (its label, or the letter's
/// `附件：` note) or the document's end. A run followed by more text (a heading, a
/// paragraph) is part of its provision. Walked from the end, so that only paragraphs
/// before a closing are tested for a label.
fn closing_contacts(cx: &Ctx<'_>) -> Vec<usize> {
    let c = cx.cleaned;
    let lex = Lexicon::get();
    let mut out = Vec::new();
    // Whether what follows the paragraph at hand closes the body.
    let mut closes = true;
    for b in cx.blocks.iter().rev() {
        match b.kind {
            BlockKind::Signature | BlockKind::Attachment => closes = true,
            // Contact lines and the `附件：` note are plain paragraphs.
            BlockKind::Paragraph => {
                for i in b.paras.clone().rev() {
                    let t = c.para_text(i);
                    if closes && (lex.starts_with_contact(t) || imprint(t)) {
                        out.push(i);
                    } else {
                        closes = t.starts_with("附件");
                    }
                }
            }
            _ => closes = false,
        }
    }
    out
}

/// A line of the 版记 that is no labelled line: the 附注 `（此件公开发布）` and the print
/// line `苍溪县人民政府办公室 2023年4月13日印发`.
fn imprint(t: &str) -> bool {
    t.starts_with("（此件") || t.starts_with("(此件") || crate::grammar::issuers::is_print_line(t)
}

/// `{parent}{sep}{n}`: the id of a parent's `n`th child, built in one allocation.
fn child_id(parent: &str, sep: char, n: u32) -> String {
    // The digits, last first, written without the formatting machinery.
    let mut digits = [0u8; 10];
    let (mut k, mut n) = (digits.len(), n);
    loop {
        k -= 1;
        digits[k] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    let digits = std::str::from_utf8(&digits[k..]).expect("ASCII digits");
    let mut id = String::with_capacity(parent.len() + sep.len_utf8() + digits.len());
    id.push_str(parent);
    id.push(sep);
    id.push_str(digits);
    id
}

/// Fill in `rec`'s text (its own paragraphs `paras`, one a line, a heading's label left
/// out) and its span.
fn finish(cx: &Ctx<'_>, rec: &mut ProvisionRec, paras: &[(usize, usize)]) {
    let c = cx.cleaned;
    let (Some(&(_, first)), Some(&(_, last))) = (paras.first(), paras.last()) else {
        return;
    };
    // The first paragraph without its label (a heading's), then the rest as printed.
    let head = c.para_text(first);
    let head = match &rec.label {
        Some(label) if rec.kind != "preamble" => head[label.len().min(head.len())..].trim_start(),
        _ => head,
    };
    let rest = &paras[1..];
    let len = head.len()
        + rest
            .iter()
            .map(|&(_, i)| 1 + c.para_text(i).len())
            .sum::<usize>();
    let mut text = String::with_capacity(len);
    text.push_str(head);
    for &(_, i) in rest {
        text.push('\n');
        text.push_str(c.para_text(i));
    }
    rec.text = text;
    rec.prov = cx.prov(c.paras[first].start, c.paras[last].end);
}

fn preamble(cx: &Ctx<'_>, i: usize) -> ProvisionRec {
    let p = &cx.cleaned.paras[i];
    ProvisionRec {
        doc_id: cx.doc_id.to_owned(),
        provision_id: child_id(cx.doc_id, '/', 0),
        parent_id: None,
        level: 0,
        label: None,
        kind: "preamble",
        heading: None,
        text: String::new(),
        page: cx.cleaned.lines[p.lines.start].page,
        seq: 0,
        prov: Prov::default(),
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
    // At most 40 characters: count no further than the 41st.
    (!h.is_empty() && h.chars().nth(40).is_none()).then(|| h.to_owned())
}

#[cfg(test)]
#[path = "provisions/tests.rs"]
mod tests;
