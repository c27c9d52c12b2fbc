//! rosters: members of leading groups, work teams and command centres.
//!
//! Two sources:
//! - printed lists, walked line by line (not paragraph by paragraph: a roster's
//!   wrapped positions and padded names are a layout the re-flow cannot know). A list
//!   starts at a role label (`组长：`); unlabelled lines inherit the last label; a line
//!   without a name/position gap continues the previous position when that one filled
//!   the column, else it is a member without a name (`各乡镇乡镇长`) or a bare label.
//!   The office sentence right after the list (`办公室设在…`) fills office_unit/head.
//! - sentences that state who holds which role (`由县长任组长，…为成员`), parsed by
//!   [`crate::grammar::roster::prose_roles`].
//!
//! A role label followed by fewer than two members is reported as a diagnostic, never
//! emitted as a half roster. Provision ids are linked later by the pipeline.

use super::{Ctx, Logical};
use crate::clean::Layout;
use crate::clean::fold::strip_spaces as squeeze;
use crate::grammar::headings;
use crate::grammar::roster::{self, Holder, Office};
use crate::model::{DiagnosticRec, RosterRec, Severity};
use crate::segment::blocks::{attachment_label, caption_label};
use crate::segment::documents::title_like;
use std::ops::Range;

/// Words that end a list heading and are not part of the group's name.
const LIST_WORDS: [&str; 7] = [
    "组成人员名单",
    "成员名单",
    "人员名单",
    "组成人员",
    "名单",
    "名單",
    "成員名單",
];

/// A member being assembled from its lines.
struct Draft {
    role: String,
    name: Option<String>,
    position: String,
    /// Cleaned-text span of the member's first and last line.
    first: usize,
    last: usize,
    /// Characters of the last position piece (to tell a wrapped position).
    last_piece: usize,
}

/// Rosters of one document, and diagnostics for lists that did not parse.
pub fn extract(cx: &Ctx<'_>, title: Option<&str>) -> (Vec<RosterRec>, Vec<DiagnosticRec>) {
    let mut out = Vec::new();
    let mut diags = Vec::new();
    let c = cx.cleaned;
    let d = cx.doc;
    if d.paras.is_empty() {
        return (out, diags);
    }
    let lines = c.paras[d.paras.start].lines.start..c.paras[d.paras.end - 1].lines.end;
    let mut printed_paras: Vec<Range<usize>> = Vec::new();
    let mut groups = 0u32;
    let mut i = lines.start;
    while i < lines.end {
        let t = line_text(cx, i);
        let Some((_, rest, colon)) = roster::role_label(t) else {
            i += 1;
            continue;
        };
        if !colon && rest.is_empty() {
            i += 1;
            continue;
        }
        let (end, drafts) = walk_list(cx, i, lines.end);
        let para_of = |l: usize| para_index(cx, l);
        if drafts.len() < 2 {
            let p = cx.prov(c.lines[i].start, c.lines[end.max(i + 1) - 1].end);
            diags.push(
                DiagnosticRec {
                    doc_id: Some(cx.doc_id.to_owned()),
                    ..DiagnosticRec::file(
                        cx.source,
                        "rosters",
                        Severity::Warning,
                        format!(
                            "role label `{}` starts a list of {} member(s): not emitted as a roster",
                            t.chars().take(20).collect::<String>(),
                            drafts.len()
                        ),
                    )
                }
                .at(&p),
            );
            i = end.max(i + 1);
            continue;
        }
        groups += 1;
        let first_para = para_of(i);
        printed_paras.push(first_para..para_of(end - 1) + 1);
        let name = list_group_name(cx, first_para, title);
        // The office sentence follows the list (it may share the last paragraph).
        let after = if end < lines.end {
            para_of(end)
        } else {
            d.paras.end
        };
        let office = (after..(after + 2).min(d.paras.end))
            .find_map(|p| roster::office(&sentence_from(cx, p)))
            .unwrap_or_default();
        let mut ranks: Vec<String> = Vec::new();
        for (k, m) in drafts.into_iter().enumerate() {
            let rank = rank_of(&mut ranks, &m.role);
            let position = squeeze(&m.position);
            let (unit, title) = roster::split_post(&position);
            out.push(RosterRec {
                doc_id: cx.doc_id.to_owned(),
                provision_id: None,
                group_id: format!("{}/g{groups}", cx.doc_id),
                group_name: name.clone(),
                role: m.role,
                role_rank: rank,
                member_order: (k + 1).min(u16::MAX as usize) as u16,
                person_name: m.name,
                unit: unit.map(str::to_owned),
                title: title.map(str::to_owned),
                position: (!position.is_empty()).then_some(position),
                holder: None,
                is_prose: false,
                office_unit: office.unit.clone(),
                office_head: office.head.clone(),
                prov: cx.prov(m.first, m.last),
            });
        }
        i = end;
    }
    prose(cx, &printed_paras, &mut groups, &mut out);
    resolve_groups(cx, title, &mut out);
    (out, diags)
}

/// Within a document, one group is often named in full once and shortened elsewhere
/// (`廊坊市第五次全国经济普查领导小组` / `普查领导小组`), and its office is stated once. A
/// name that ends another group name of the document takes the full name, and records of
/// one group name share its office where theirs is not stated.
fn resolve_groups(cx: &Ctx<'_>, title: Option<&str>, out: &mut [RosterRec]) {
    // Most documents have no roster: then there is nothing to resolve, and the group
    // phrases of every paragraph need not be read.
    if out.is_empty() {
        return;
    }
    let mut names: Vec<String> = out.iter().filter_map(|r| r.group_name.clone()).collect();
    names.extend(title.and_then(roster::group_phrase).map(squeeze));
    for l in cx.logical {
        // A phrase counts only after a constituting verb: a paragraph without one (most)
        // is not searched for group nouns.
        if !roster::constitutes(&l.text) {
            continue;
        }
        let set_up = |before: &str| roster::CONSTITUTING.iter().any(|v| before.ends_with(v));
        if let Some(g) = roster::group_phrase_where(&l.text, set_up) {
            names.push(squeeze(g));
        }
    }
    // `X（以下简称领导小组）`: the short name stands for X wherever it is a group's name.
    static SHORT: std::sync::OnceLock<memchr::memmem::Finder<'static>> = std::sync::OnceLock::new();
    let short = SHORT.get_or_init(|| memchr::memmem::Finder::new("以下简称"));
    let mut aliases: Vec<(String, String)> = Vec::new();
    for l in cx.logical {
        if short.find(l.text.as_bytes()).is_some() {
            aliases.extend(
                roster::aliases(&l.text)
                    .into_iter()
                    .map(|(a, f)| (squeeze(a), squeeze(f))),
            );
        }
    }
    for r in out.iter_mut() {
        if let Some(g) = &r.group_name
            && let Some((_, full)) = aliases.iter().find(|(a, _)| a == g)
        {
            r.group_name = Some(full.clone());
        }
    }
    for r in out.iter_mut() {
        let Some(g) = &r.group_name else { continue };
        if let Some(full) = names
            .iter()
            .filter(|n| n.len() > g.len() && n.ends_with(g.as_str()) && g.chars().count() > 4)
            .max_by_key(|n| n.len())
        {
            r.group_name = Some(full.clone());
        }
    }
    let mut offices: Vec<(String, Option<String>, Option<String>)> = Vec::new();
    for r in out.iter() {
        if let Some(g) = &r.group_name
            && (r.office_unit.is_some() || r.office_head.is_some())
            && !offices.iter().any(|o| &o.0 == g)
        {
            offices.push((g.clone(), r.office_unit.clone(), r.office_head.clone()));
        }
    }
    for r in out.iter_mut() {
        if r.office_unit.is_none()
            && r.office_head.is_none()
            && let Some(o) = offices.iter().find(|o| Some(&o.0) == r.group_name.as_ref())
        {
            r.office_unit = o.1.clone();
            r.office_head = o.2.clone();
        }
    }
}

fn line_text<'a>(cx: &Ctx<'a>, i: usize) -> &'a str {
    let l = &cx.cleaned.lines[i];
    &cx.cleaned.text[l.start..l.end]
}

fn para_index(cx: &Ctx<'_>, line: usize) -> usize {
    let ps = &cx.cleaned.paras[cx.doc.paras.clone()];
    let k = ps.partition_point(|p| p.lines.end <= line);
    cx.doc.paras.start + k.min(ps.len().saturating_sub(1))
}

fn rank_of(ranks: &mut Vec<String>, role: &str) -> u8 {
    match ranks.iter().position(|r| r == role) {
        Some(k) => (k + 1) as u8,
        None => {
            ranks.push(role.to_owned());
            ranks.len().min(u8::MAX as usize) as u8
        }
    }
}

/// Walk a printed list from its first labelled line; returns (first line after the list,
/// members).
fn walk_list(cx: &Ctx<'_>, start: usize, end: usize) -> (usize, Vec<Draft>) {
    let c = cx.cleaned;
    let hard = matches!(c.layout, Layout::HardWrapped { .. });
    // The widest position piece of the list, to tell a wrapped position from a short one.
    let mut widest = 0usize;
    for j in start..end.min(start + 400) {
        let t = line_text(cx, j);
        if ends_list(t) {
            break;
        }
        let piece = match roster::role_label(t)
            .map_or(t, |(_, r, _)| r)
            .split_once(' ')
        {
            Some((_, p)) => p,
            None => t,
        };
        widest = widest.max(piece.chars().count());
    }
    let mut out: Vec<Draft> = Vec::new();
    let mut role: Option<String> = None;
    let mut j = start;
    while j < end {
        let t = line_text(cx, j);
        let line = &c.lines[j];
        if t.is_empty() {
            j += 1;
            continue;
        }
        if j > start && ends_list(t) {
            break;
        }
        let (label, rest) = match roster::role_label(t) {
            Some((l, r, colon)) if colon || !r.is_empty() => (Some(l), r),
            _ => (None, t),
        };
        if let Some(l) = label {
            role = Some(squeeze(l));
            if rest.is_empty() {
                j += 1;
                continue;
            }
        }
        let Some(m) = roster::member(rest) else {
            break;
        };
        let wrapped = out.last().is_some_and(|p| {
            let open = p.position.ends_with(['、', '（', '('])
                || p.position.matches(['（', '(']).count()
                    > p.position.matches(['）', ')']).count();
            // A full-width position that ends with a post is complete when the next
            // line is a whole post of its own (`…旗发改委主任` ⏎ `旗财政局局长`).
            let complete = || roster::whole_post(m.position) && roster::ends_with_post(&p.position);
            open || (hard && widest > 0 && p.last_piece + 1 >= widest && !complete())
        });
        match (m.name, label) {
            (None, None) if wrapped => continue_position(&mut out, m.position, line.end),
            (None, None)
                if crate::lexicon::Lexicon::get()
                    .roles
                    .iter()
                    .any(|r| r == rest) =>
            {
                role = Some(rest.to_owned());
            }
            (None, _) if plausible_unnamed(m.position) => push(
                &mut out,
                &role,
                None,
                m.position,
                line.start + (t.len() - rest.len()),
                line.end,
            ),
            // A short fragment after a member finishes its position (`干部`, `经理`).
            (None, None) if !out.is_empty() && m.position.chars().count() <= 12 => {
                continue_position(&mut out, m.position, line.end)
            }
            // A post wrapped onto the next line (`鄂尔多斯市生态环境局鄂托克旗` ⏎ `分局局长`).
            (None, None)
                if !out.is_empty()
                    && (j + 1..end.min(j + 3))
                        .map(|k| line_text(cx, k))
                        .find(|n| !n.is_empty())
                        .is_some_and(|n| {
                            roster::role_label(n).is_none()
                                && plausible_unnamed(&[m.position, n].concat())
                        }) =>
            {
                let k = (j + 1..end.min(j + 3))
                    .find(|&k| !line_text(cx, k).is_empty())
                    .expect("found above");
                let joined = [m.position, line_text(cx, k)].concat();
                push(
                    &mut out,
                    &role,
                    None,
                    &joined,
                    line.start + (t.len() - rest.len()),
                    c.lines[k].end,
                );
                j = k + 1;
                continue;
            }
            (None, _) => break,
            (Some(name), _) => {
                if role.is_none() {
                    break;
                }
                push(
                    &mut out,
                    &role,
                    Some(name),
                    m.position,
                    line.start + (t.len() - rest.len()),
                    line.end,
                );
            }
        }
        j += 1;
    }
    (j, out)
}

fn continue_position(out: &mut [Draft], piece: &str, end: usize) {
    if let Some(p) = out.last_mut() {
        p.position.push_str(piece);
        p.last = end;
        p.last_piece = piece.chars().count();
    }
}

fn push(
    out: &mut Vec<Draft>,
    role: &Option<String>,
    name: Option<&str>,
    position: &str,
    first: usize,
    last: usize,
) {
    let Some(r) = role.clone() else { return };
    out.push(Draft {
        role: r,
        name: name.map(squeeze),
        position: position.to_owned(),
        first,
        last,
        last_piece: position.chars().count(),
    });
}

/// A line that cannot belong to a list: a sentence, a heading, a label, a caption.
fn ends_list(t: &str) -> bool {
    t.contains(['。', '，', '；'])
        || headings::marker(t).is_some()
        || attachment_label(t).is_some()
        || caption_label(t).is_some()
        || t.contains('\t')
}

/// A member printed without a name: a post held by whoever holds it (`各乡镇乡镇长`).
fn plausible_unnamed(s: &str) -> bool {
    let n = s.chars().count();
    (2..=30).contains(&n) && matches!(roster::split_post(s), (Some(_), Some(_)))
}

/// Paragraph `p` joined with the following ones until a sentence ends (the re-flow can
/// leave a sentence split where a short roster column preceded it).
fn sentence_from(cx: &Ctx<'_>, p: usize) -> String {
    let c = cx.cleaned;
    let mut s = String::new();
    for q in p..(p + 4).min(cx.doc.paras.end) {
        s.push_str(c.para_text(q));
        if s.ends_with('。') || roster::role_label(c.para_text(q)).is_some() {
            break;
        }
    }
    s
}

/// The group a printed list belongs to: its heading (list words removed), else the group
/// named by the sentence that introduces it, else by the document title.
fn list_group_name(cx: &Ctx<'_>, first_para: usize, title: Option<&str>) -> Option<String> {
    let c = cx.cleaned;
    let lo = cx.doc.paras.start;
    let mut heading: Vec<&str> = Vec::new();
    let mut intro: Option<String> = None;
    let mut p = first_para;
    let mut steps = 0;
    while p > lo && steps < 4 {
        p -= 1;
        steps += 1;
        let t = c.para_text(p);
        if t.is_empty() {
            continue;
        }
        if attachment_label(t).is_some() {
            // `附件：曲阳县粮改饲试点项目领导小组` carries the name itself.
            if heading.is_empty()
                && let Some(g) = roster::group_phrase(t)
            {
                intro.get_or_insert_with(|| squeeze(g));
            }
            break;
        }
        if headings::marker(t).is_some() {
            // `一、组织领导`: the group is named by the sentence before the heading, if any.
            if heading.is_empty() && intro.is_none() && p > lo {
                intro = roster::group_phrase(c.para_text(p - 1)).map(squeeze);
            }
            break;
        }
        if title_like(t) && !t.contains('。') && intro.is_none() {
            heading.insert(0, t);
            continue;
        }
        if !heading.is_empty() {
            break;
        }
        // The sentence that introduces the list.
        if let Some(g) = roster::group_phrase(t) {
            intro = Some(squeeze(g));
        }
        break;
    }
    if !heading.is_empty() {
        let mut h = squeeze(&heading.concat());
        for w in LIST_WORDS {
            if let Some(s) = h.strip_suffix(w) {
                h = s.to_owned();
                break;
            }
        }
        if !h.is_empty() {
            return Some(h);
        }
    }
    intro.or_else(|| title.and_then(roster::group_phrase).map(squeeze))
}

/// Prose rosters: sentences outside printed lists that state who holds which role.
fn prose(cx: &Ctx<'_>, printed: &[Range<usize>], groups: &mut u32, out: &mut Vec<RosterRec>) {
    let in_printed = |l: &Logical| {
        printed
            .iter()
            .any(|r| r.start < l.paras.end && l.paras.start < r.end)
    };
    // The group a sentence speaks of may be named in an earlier paragraph
    // (`成立县食品安全事故应急指挥部。` / `指挥长由…担任`); a heading resets it. Only a
    // paragraph that names a role is read here; the paragraphs before it are read back
    // ([`group_before`]) only when one of its sentences needs their group, so the many
    // paragraphs of a document that state no role are never searched for group nouns.
    // `prev_group` is the group as of the paragraphs before `known`.
    let mut prev_group: Option<String> = None;
    let mut known = 0;
    for (k, l) in cx.logical.iter().enumerate() {
        let text = &*l.text;
        // The role words' places, found by a search shared with the assignments
        // extractor: a paragraph or sentence without one states no role.
        let cues = l.cues();
        if cues.roles.is_empty() || in_printed(l) {
            continue;
        }
        if headings::marker(text).is_some() {
            prev_group = None;
            known = k;
        }
        for (a, b) in sentences(text) {
            let s = &text[a..b];
            let roles = if cues.role_in(a..b) {
                roster::prose_roles_named(s)
            } else {
                Vec::new()
            };
            if let Some(h) = roster::group_phrase(s) {
                prev_group = Some(h.to_owned());
                known = k;
            }
            if roles.is_empty() {
                continue;
            }
            if known < k {
                if let Some(g) = group_before(cx.logical, known..k, &in_printed) {
                    prev_group = g;
                }
                known = k;
            }
            let Some(group) = prev_group.as_deref() else {
                continue; // a role with no group named nearby is not a roster statement
            };
            *groups += 1;
            let office = roster::office(&text[a..]).unwrap_or_default();
            let mut ranks = Vec::new();
            let mut order = 0u16;
            for r in roles {
                let rank = rank_of(&mut ranks, &r.role);
                for h in r.holders {
                    order = order.saturating_add(1);
                    let prov = cx.prov_logical(l, a + h.span.start, a + h.span.end);
                    out.push(prose_rec(
                        cx, prov, &h, &r.role, rank, order, group, &office, *groups,
                    ));
                }
            }
        }
        known = k + 1;
    }
}

/// The group that paragraphs `ps` (none of which names a role outside a printed list)
/// leave in force, read from the last: the group phrase of the last paragraph outside a
/// printed list that has one (`Some(Some(g))`), unless a heading comes after it
/// (`Some(None)`); `None` when they change nothing.
fn group_before(
    logical: &[Logical],
    ps: Range<usize>,
    in_printed: &impl Fn(&Logical) -> bool,
) -> Option<Option<String>> {
    for l in logical[ps].iter().rev() {
        // A paragraph's heading resets the group before its own phrase sets it.
        if !in_printed(l)
            && let Some(g) = roster::group_phrase(&l.text)
        {
            return Some(Some(g.to_owned()));
        }
        if headings::marker(&l.text).is_some() {
            return Some(None);
        }
    }
    None
}

#[allow(clippy::too_many_arguments)]
fn prose_rec(
    cx: &Ctx<'_>,
    prov: crate::model::Prov,
    h: &Holder,
    role: &str,
    rank: u8,
    order: u16,
    group: &str,
    office: &Office,
    g: u32,
) -> RosterRec {
    RosterRec {
        doc_id: cx.doc_id.to_owned(),
        provision_id: None,
        group_id: format!("{}/g{g}", cx.doc_id),
        group_name: Some(squeeze(group)),
        role: role.to_owned(),
        role_rank: rank,
        member_order: order,
        person_name: h.person_name.as_deref().map(squeeze),
        position: h.position.as_deref().map(squeeze),
        unit: h.unit.as_deref().map(squeeze),
        title: h.title.as_deref().map(squeeze),
        holder: h.holder.as_deref().map(squeeze),
        is_prose: true,
        office_unit: office.unit.clone(),
        office_head: office.head.clone(),
        prov,
    }
}

/// Sentence spans of a paragraph (up to and including `。`).
fn sentences(t: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut a = 0;
    for (i, ch) in t.char_indices() {
        if ch == '。' {
            out.push((a, i + ch.len_utf8()));
            a = i + ch.len_utf8();
        }
    }
    if a < t.len() {
        out.push((a, t.len()));
    }
    out
}
