//! The grammar of responsibility statements, over one (logical) paragraph of cleaned text.
//!
//! - [`tails`]: parenthesised unit tails after a task: `（牵头单位：X；责任单位：A、B）`,
//!   `（X牵头，A、B按职责分工负责）`, `（A、B等按职责分工负责）`, `（X负责）`, bare lists
//!   `（A、B等）`, with a half-width bracket on either side;
//! - [`unit_list`]: a list of units split on `、` `，` `；` `及`, brackets kept whole
//!   (`各县（市、区）人民政府`), catch-alls after `等` dropped;
//! - [`statements`]: the same in running prose (`由X牵头，A、B等部门参加`, `X会同Y…`);
//! - the rules a tail can carry: `排第一位的为牵头单位` ([`Tail::first_leads`]) and
//!   `以下各项…不再列出` ([`Tail::implied`]).
//!
//! The words (labels, endings, verbs and the words around them) are rows of
//! `grammars/assignments.tsv` ([`words`]); this module and [`prose`] own the shapes.
//! Spans are byte ranges into the string given. It does not decide what the task is;
//! [`crate::extract::assignments`] does.

use crate::lexicon::Lexicon;
use crate::utf8::LastTwo;
use std::ops::Range;

mod prose;
mod words;
pub use prose::{Statement, statements, statements_at, verb_words};
use words::{TailKind, Words};

/// The role a unit is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Lead,
    Responsible,
    Cooperate,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Lead => "lead",
            Role::Responsible => "responsible",
            Role::Cooperate => "cooperate",
        }
    }
}

/// A unit as printed (whitespace kept; the caller squeezes) and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitItem {
    pub span: Range<usize>,
}

/// One part of a tail: units that share a role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub role: Role,
    pub units: Vec<UnitItem>,
}

/// A parenthesised unit tail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tail {
    /// The whole parenthetical, brackets included.
    pub span: Range<usize>,
    pub parts: Vec<Part>,
    /// `排第一位的为牵头单位，其他为协助配合单位`: the first unit leads, the others cooperate.
    pub first_leads: bool,
    /// `以下各项均需X落实，不再列出`: units implied for every later task.
    pub implied: Vec<UnitItem>,
    /// Which form: `labelled`, `lead_then_list`, `list_responsible`, `bare_list`.
    pub pattern: &'static str,
}

/// `责任单位：` alone: a label whose list follows on the next line.
pub fn is_label(t: &str) -> bool {
    Words::get()
        .labels
        .iter()
        .any(|(w, _)| t.strip_prefix(w).is_some_and(|r| matches!(r, "：" | ":")))
}

/// Whether `t` (a trimmed line or paragraph) opens a duty line, `市市场监管局：负责…`: a
/// unit and a colon within its first 16 characters, then an assigning verb. Such a line
/// is an item of its own, never the rest of the sentence before it.
pub fn opens_duty(t: &str) -> bool {
    // Searched on bytes: most lines hold no colon near their start. Only `:` and the
    // lead byte of full-width forms (`：` is EF BC 9A) are looked at.
    let b = t.as_bytes();
    let head = &b[..b.len().min(3 * 16)];
    let Some(k) = memchr::memchr2_iter(b':', 0xEF, head)
        .find(|&i| head[i] == b':' || b.get(i + 1..i + 3) == Some(&[0xBC, 0x9A]))
    else {
        return false;
    };
    let after = t[k..].trim_start_matches(['：', ':']);
    k > 0
        && Words::get()
            .duty_verbs
            .iter()
            .any(|v| starts_with(after, v))
        && unit_like(&t[..k])
}

/// The longest parenthetical read as a tail, in bytes (the corpus's longest is ~1.5 KB).
const MAX_TAIL: usize = 4096;

/// The largest char boundary of `s` at or before `k`.
fn floor_boundary(s: &str, mut k: usize) -> usize {
    while !s.is_char_boundary(k) {
        k -= 1;
    }
    k
}

/// Every parenthetical of `s` that assigns units.
pub fn tails(s: &str) -> Vec<Tail> {
    let mut out = Vec::new();
    let mut i = 0;
    // `责任单位：A、B` printed as a paragraph of its own, without brackets: it runs to
    // the end of its sentence.
    let lead = s.len() - s.trim_start().len();
    let words = Words::get();
    if words.label_firsts.may(s[lead..].chars().next())
        && words.labels.iter().any(|(w, _)| {
            s[lead..]
                .strip_prefix(w)
                .is_some_and(|r| r.starts_with(['：', ':']))
        })
    {
        let end = s[lead..].find('。').map_or(s.len(), |k| lead + k);
        if let Some(mut t) = tail(s, lead..end) {
            t.span = lead..end;
            out.push(t);
            i = end;
        }
    }
    // The next full-width and half-width opening bracket at or after `i`, found with
    // memchr / memmem ([`next_char`]) and remembered, so that a text with one kind and no
    // other is not rescanned to its end at every bracket.
    let next_at = |from: usize, c: char| next_char(s, from, c);
    let (mut full, mut half) = (next_at(i, '（'), next_at(i, '('));
    while i < s.len() {
        if full < i {
            full = next_at(i, '（');
        }
        if half < i {
            half = next_at(i, '(');
        }
        let next = full.min(half);
        if next == usize::MAX {
            break;
        }
        i = next;
        let Some(c) = s[i..].chars().next() else {
            break;
        };
        // The matching close, nested brackets (`各县（市、区）`) counted. A unit tail is
        // never longer than MAX_TAIL, which also keeps pathological nesting linear.
        let close = matching_close(s, i, floor_boundary(s, (i + MAX_TAIL).min(s.len())));
        let Some(close) = close else {
            i += c.len_utf8();
            continue;
        };
        let inner = i + c.len_utf8()..close;
        let end = close + s[close..].chars().next().map_or(1, char::len_utf8);
        match tail(s, inner) {
            Some(mut t) => {
                t.span = i..end;
                out.push(t);
                i = end;
            }
            None => i += c.len_utf8(),
        }
    }
    out
}

/// Where the bracket opening at byte `open` of `s` closes (where its closing bracket
/// starts), nested brackets counted, when it closes before byte `stop` (a character
/// boundary). Full-width and half-width brackets pair either way. The walk reads bytes:
/// a bracket is `(`, `)` or three bytes `EF BC 88` / `EF BC 89` (`（` `）`), and every
/// other character is stepped over by its width without being decoded.
fn matching_close(s: &str, open: usize, stop: usize) -> Option<usize> {
    let b = &s.as_bytes()[..stop];
    let mut depth = 0i32;
    let mut k = open;
    while let Some(&x) = b.get(k) {
        let step = match x {
            b'(' => 1,
            b')' => -1,
            0xEF if b.get(k + 1) == Some(&0xBC) => match b.get(k + 2) {
                Some(0x88) => 1,
                Some(0x89) => -1,
                _ => 0,
            },
            _ => 0,
        };
        depth += step;
        if step < 0 && depth == 0 {
            return Some(k);
        }
        k += crate::utf8::width(x);
    }
    None
}

/// Where the first `c` (`（` or `(`) at or after `from` in `s` starts (`usize::MAX`:
/// none). A one-byte `(` by memchr; `（` by a memmem searcher built once, which looks for
/// its rarer bytes: memchr for its first byte (0xEF) would stop at every full-width
/// comma and colon, and `str::find` looks for its last byte (0x88), which ends many Han
/// characters.
fn next_char(s: &str, from: usize, c: char) -> usize {
    static FULL: std::sync::OnceLock<memchr::memmem::Finder<'static>> = std::sync::OnceLock::new();
    let hay = &s.as_bytes()[from..];
    let found = match c {
        '（' => FULL
            .get_or_init(|| memchr::memmem::Finder::new("（"))
            .find(hay),
        _ if c.is_ascii() => memchr::memchr(c as u8, hay),
        _ => memchr::memmem::find(hay, c.encode_utf8(&mut [0; 4]).as_bytes()),
    };
    found.map_or(usize::MAX, |k| from + k)
}

/// What a tail's body holds of the words of [`Words::tail_words`] (labels, first-leads
/// and rule words, lead verbs), found in one pass; positions are absolute.
#[derive(Default)]
struct TailWords {
    /// (start, end) of every label followed by a colon, with its role.
    labels: Vec<(usize, usize, Role)>,
    first_leads: bool,
    /// Where the last rule word starts.
    last_rule: Option<usize>,
    /// Where the first lead verb of each spelling starts, and its length.
    lead: [Option<(usize, usize)>; words::MAX_TAIL_LEADS],
}

/// Every occurrence of every word of [`Words::tail_words`] in `s[inner]`, overlapping
/// ones included, gathered into a [`TailWords`]. One walk over the body steps over each
/// character on its bytes; only where a word's first character may stand
/// ([`Words::tail_firsts`], read from a character's last two bytes without decoding it)
/// are the words compared. Most bodies hold no word.
fn tail_words(s: &str, inner: Range<usize>) -> TailWords {
    let b = &s.as_bytes()[..inner.end];
    let words = Words::get();
    let mut found = TailWords::default();
    let mut k = inner.start;
    // A word's first character is three bytes long: none starts in the last two bytes.
    while k + 2 < b.len() {
        let x = b[k];
        if x & 0xF0 != 0xE0 {
            k += crate::utf8::width(x);
            continue;
        }
        if words.tail_firsts.may_hold(b[k + 1], b[k + 2]) {
            let rest = &s[k..inner.end];
            // Common characters pass the filter (`以`, `下`, `第`, `主`): a word is
            // compared whole only when its first character is the one here.
            let first = [x, b[k + 1], b[k + 2]];
            for (id, w) in words.tail_words.iter().enumerate() {
                if w.as_bytes()[..3] == first && rest.starts_with(w) {
                    found.add(s, words.tail_kind(id), k, k + w.len());
                }
            }
        }
        k += 3;
    }
    found
}

impl TailWords {
    /// A word of `kind` found at `start..end` of `s`.
    fn add(&mut self, s: &str, kind: TailKind, start: usize, end: usize) {
        match kind {
            TailKind::Label(role) => {
                if s[end..].starts_with(['：', ':']) {
                    self.labels.push((start, end, role));
                }
            }
            TailKind::FirstLeads => self.first_leads = true,
            TailKind::Rule => self.last_rule = self.last_rule.max(Some(start)),
            TailKind::Lead(id) => {
                let lead = &mut self.lead[id];
                *lead = Some(lead.map_or((start, end - start), |l| l.min((start, end - start))));
            }
        }
    }
}

/// Parse the inside of one parenthetical.
fn tail(s: &str, inner: Range<usize>) -> Option<Tail> {
    let body = &s[inner.clone()];
    // At least two characters.
    body.chars().nth(1)?;
    let found = tail_words(s, inner.clone());
    let mut t = Tail {
        span: inner.clone(),
        parts: Vec::new(),
        first_leads: found.first_leads,
        implied: Vec::new(),
        pattern: "",
    };
    // Rules after `。` / `；`: carry-forward and first-leads. Only the first separator
    // of each kind can open one: a later one has less text after it, and a rule needs a
    // rule word after its separator.
    let mut main = inner.clone();
    for sep in ['。', '；', ';'] {
        let Some(last) = found.last_rule else {
            break;
        };
        if let Some(k) = body.find(sep) {
            let at = inner.start + k;
            let rest = at + sep.len_utf8()..inner.end;
            if rest.start <= last {
                if let Some(u) = implied_units(s, rest) {
                    t.implied = u;
                }
                main.end = main.end.min(at);
            }
        }
    }
    // Labelled parts: `牵头单位：X；责任单位：A、B，完成时间：…`
    let mut labels: Vec<(usize, usize, Role)> = found
        .labels
        .iter()
        .filter(|l| l.1 <= main.end)
        .map(|&(start, end, role)| {
            (
                start,
                end + s[end..].chars().next().map_or(0, char::len_utf8),
                role,
            )
        })
        .collect();
    labels.sort_by_key(|l| (l.0, l.1));
    if !labels.is_empty() {
        for (n, &(_, from, role)) in labels.iter().enumerate() {
            let to = labels.get(n + 1).map_or(main.end, |l| l.0);
            let mut r = from..to;
            // `，完成时间：…` belongs to the deadlines dataset.
            if let Some(k) = s[r.clone()].find("完成时") {
                r.end = r.start + k;
            }
            // `责任单位：A、B按职责分工负责`: the ending restates the label's role. A clause
            // that names its own role (`责任单位：X牵头，A、B配合`) takes it.
            for (r, own) in clauses_by_role(s, r) {
                let units = unit_list(s, r);
                if !units.is_empty() {
                    t.parts.push(Part {
                        role: own.unwrap_or(role),
                        units,
                    });
                }
            }
        }
        t.pattern = "labelled";
        return (!t.parts.is_empty()).then_some(t);
    }
    // `X牵头，A、B按职责分工负责` / `X牵头，A、B等`
    // The first spelling (in the list's order) whose first place lies in the main part.
    if let Some((k, verb_len)) = found
        .lead
        .iter()
        .find_map(|at| at.filter(|&(k, n)| k + n <= main.end))
    {
        let k = k - main.start;
        let lead = main.start..main.start + k;
        let lead_units = unit_list_if_all(s, lead)?;
        t.parts.push(Part {
            role: Role::Lead,
            units: lead_units,
        });
        let mut rest = main.start + k + verb_len..main.end;
        let r = &s[rest.clone()];
        let skip = r.len() - r.trim_start_matches(['，', ',', '、', ' ']).len();
        rest.start += skip;
        let (rest, role) = ending(s, rest);
        let units = unit_list(s, rest);
        if !units.is_empty() {
            t.parts.push(Part {
                role: role.unwrap_or(Role::Responsible),
                units,
            });
        }
        t.pattern = "lead_then_list";
        return Some(t);
    }
    // `（A、B按职责分工负责，C落实）`: clauses that each name their own role.
    // Most parentheticals hold no comma: they are one clause, not split.
    let clauses = if s[main.clone()].contains(['，', ',']) {
        clauses_by_role(s, main.clone())
    } else {
        Vec::new()
    };
    if clauses.len() > 1 {
        for (r, role) in clauses {
            t.parts.push(Part {
                role: role.unwrap_or(Role::Responsible),
                units: unit_list_if_all(s, r)?,
            });
        }
        t.pattern = "list_responsible";
        return Some(t);
    }
    // One clause: `clauses_by_role` has stripped its ending already.
    let (rest, role) = match clauses.as_slice() {
        [one] => one.clone(),
        _ => ending(s, main.clone()),
    };
    let units = unit_list_if_all(s, rest)?;
    // One bare name in brackets is usually a gloss (`乡镇（街道）`, `供养设施（敬老院）`,
    // `（办公室设在县卫健局）`), not a tail: only a named unit counts.
    if role.is_none() && units.len() == 1 && !named_unit(&s[units[0].span.clone()]) {
        return None;
    }
    t.pattern = if role.is_some() {
        "list_responsible"
    } else {
        "bare_list"
    };
    t.parts.push(Part {
        role: role.unwrap_or(Role::Responsible),
        units,
    });
    Some(t)
}

/// The clauses of a labelled part `s[r]` (split at `，`), each without its role ending
/// and with the role it names, if any: `X牵头` → lead, `A、B配合` → cooperate,
/// `A、B按职责分工负责` → responsible. A part whose clauses name no role but in the last
/// is returned whole.
fn clauses_by_role(s: &str, r: Range<usize>) -> Vec<(Range<usize>, Option<Role>)> {
    let mut out = Vec::new();
    let mut start = r.start;
    let t = &s[r.clone()];
    let cuts = t
        .match_indices(['，', ','])
        .map(|(k, sep)| (r.start + k, sep.len()))
        .chain(std::iter::once((r.end, 0)));
    for (at, len) in cuts {
        let clause = start..at;
        start = at + len;
        let c = &s[clause.clone()];
        if let Some(x) = c.strip_suffix("牵头") {
            out.push((clause.start..clause.start + x.len(), Some(Role::Lead)));
        } else {
            out.push(ending(s, clause));
        }
    }
    // Clauses split only where one names a role of its own before the last: otherwise the
    // list runs across the commas (`A、B，C、D按职责分工负责`), its order with it.
    if out[..out.len() - 1].iter().all(|(_, role)| role.is_none()) {
        return vec![ending(s, r)];
    }
    out
}

/// Strip a role ending (`按职责分工负责`, `配合`) from `s[r]`.
fn ending(s: &str, r: Range<usize>) -> (Range<usize>, Option<Role>) {
    let r = strip_end(s, r);
    let t = &s[r.clone()];
    let words = Words::get();
    for e in &words.responsible_ends {
        if let Some(x) = strip_suffix(t, e) {
            return (r.start..r.start + x.len(), Some(Role::Responsible));
        }
    }
    for e in &words.cooperate_ends {
        if let Some(x) = strip_suffix(t, e) {
            return (r.start..r.start + x.len(), Some(Role::Cooperate));
        }
    }
    (r, None)
}

/// `t.starts_with(w)`, the byte where `w` ends compared first: most words of a list
/// (loaded, so of no length known when compiling) differ there, and comparing one
/// byte is cheaper than calling `memcmp`.
pub(crate) fn starts_with(t: &str, w: &str) -> bool {
    let (t, w) = (t.as_bytes(), w.as_bytes());
    match w.len().checked_sub(1) {
        Some(e) => t.get(e) == w.get(e) && t.starts_with(w),
        None => true,
    }
}

/// `t.strip_suffix(w)`, the last bytes compared first (as [`starts_with`]).
pub(crate) fn strip_suffix<'t>(t: &'t str, w: &str) -> Option<&'t str> {
    match (t.as_bytes().last(), w.as_bytes().last()) {
        (Some(a), Some(b)) if a == b => t.strip_suffix(w),
        _ => None,
    }
}

fn strip_end(s: &str, mut r: Range<usize>) -> Range<usize> {
    let t = &s[r.clone()];
    r.end -= t.len()
        - t.trim_end_matches(['，', ',', '；', ';', '。', ' ', '、'])
            .len();
    r
}

/// `以下均需各乡镇人民政府、经济开发区管委会落实，不再列出` → the implied units.
fn implied_units(s: &str, r: Range<usize>) -> Option<Vec<UnitItem>> {
    let t = &s[r.clone()];
    if !t.contains("不再") {
        return None;
    }
    let (k, w) = ["均需", "均包含", "均由", "均为", "需"]
        .iter()
        .find_map(|w| t.find(w).map(|k| (k, *w)))?;
    let from = r.start + k + w.len();
    let rest = &s[from..r.end];
    // The list runs to its verb (`…管委会按职责分工负责`), which may follow several
    // comma-separated units; only a rule without a verb ends at the first comma.
    let first = |ends: &[&str]| ends.iter().filter_map(|e| rest.find(e)).min();
    let end = first(&["按职责分工负责", "负责落实", "落实", "负责", "不再"])
        .or_else(|| first(&["，", ","]))
        .unwrap_or(rest.len());
    let units = unit_list(s, from..from + end);
    (!units.is_empty()).then_some(units)
}

/// Split a unit list at `、` `，` `；` `及` `和` outside brackets; a catch-all after `等`
/// (`等部门`, `等市直有关部门`) is dropped, a list that is only a catch-all is one unit.
pub fn unit_list(s: &str, r: Range<usize>) -> Vec<UnitItem> {
    unit_items(s, r).collect()
}

/// The items of [`unit_list`], one at a time.
fn unit_items(s: &str, r: Range<usize>) -> impl Iterator<Item = UnitItem> + '_ {
    split_top(s, r, &UNIT_SEPS).filter_map(|piece| {
        let mut span = piece;
        let t = &s[span.clone()];
        // Drop `等…` unless the item is only a catch-all.
        if let Some(k) = t.find('等')
            && k > 0
        {
            span.end = span.start + k;
        }
        let t = &s[span.clone()];
        let lead = t.len() - t.trim_start_matches([' ', '由']).len();
        span.start += lead;
        let t = &s[span.clone()];
        span.end -= t.len() - t.trim_end().len();
        (!span.is_empty()).then_some(UnitItem { span })
    })
}

/// [`unit_list`] when it is not empty and every item names a unit ([`unit_like`]).
/// It stops at the first item that does not: most parentheticals are not unit lists,
/// and their first item already tells.
fn unit_list_if_all(s: &str, r: Range<usize>) -> Option<Vec<UnitItem>> {
    if first_item_fails(&s[r.clone()]) {
        return None;
    }
    let mut out = Vec::new();
    for u in unit_items(s, r) {
        if !unit_like(&s[u.span.clone()]) {
            return None;
        }
        out.push(u);
    }
    (!out.is_empty()).then_some(out)
}

/// Whether the first item of the unit list `t` is sure to fail [`unit_like`], told from
/// the text before its first separator or `等` alone: it holds a digit, or more than
/// [`MAX_UNIT_CHARS`] characters that are not spaces. A long body that is a sentence,
/// not a list, is so told after ~40 characters, not walked to its end (as splitting it
/// and looking for `等` in its first piece would). `false` says nothing: the list may
/// still fail. Ideographs, which cannot be spaces, digits or separators but `及` (a
/// test keeps [`UNIT_SEPS`] so), are stepped over on their bytes.
fn first_item_fails(t: &str) -> bool {
    // The item as [`unit_items`] trims it; these characters are not counted.
    let t = t.trim_start_matches([' ', '由']);
    let b = t.as_bytes();
    let mut n = 0;
    let mut k = 0;
    while let Some(&x) = b.get(k) {
        if (0xE4..=0xE9).contains(&x) {
            let c = &b[k..k + 3];
            if c == "及".as_bytes() || c == "等".as_bytes() {
                return false;
            }
            k += 3;
        } else {
            let Some(c) = t[k..].chars().next() else {
                return false;
            };
            if c.is_ascii_digit() {
                return true;
            }
            if c == '等' || UNIT_SEPS.chars.contains(&c) {
                return false;
            }
            k += c.len_utf8();
            if crate::clean::fold::is_space(c) {
                continue;
            }
        }
        n += 1;
        if n > MAX_UNIT_CHARS {
            return true;
        }
    }
    false
}

/// The most characters, spaces not counted, of a name [`unit_like`] reads as a unit.
const MAX_UNIT_CHARS: usize = 40;

/// Every item names a unit: it ends like an organisation, or is a collective.
fn all_units(s: &str, units: &[UnitItem]) -> bool {
    units.iter().all(|u| unit_like(&s[u.span.clone()]))
}

/// A unit that names its level or is a known department: `县人社局`, `各乡镇`, `财政局`.
pub(crate) fn named_unit(t: &str) -> bool {
    let t = crate::clean::fold::strip_spaces(t);
    const LEVELS: [char; 6] = ['县', '市', '区', '省', '乡', '镇'];
    // A name of level words alone (`乡镇`, `县区`) names no unit: `街道（乡镇）` glosses.
    t.starts_with('各') && t.chars().nth(1).is_some()
        || t.starts_with(LEVELS) && !t.trim_start_matches(LEVELS).is_empty()
        || Lexicon::get().units.contains_key(t.as_str())
}

/// Separators for [`split_top`], with the table its walk steps by, built at compile
/// time: only brackets and separators matter, so a character whose first byte starts
/// none of them (most characters of Han text) is stepped over whole, by the width its
/// first byte gives, without decoding it.
pub(crate) struct Seps {
    chars: &'static [char],
    /// Bytes to step over a character with this first byte; 0: look at it.
    step: [u8; 256],
    /// The three-byte brackets and separators, by their last two bytes. A character
    /// it fails is stepped over undecoded although its first byte starts a separator
    /// (`及` makes every character of U+5000–U+5FFF one).
    lasts: LastTwo,
}

impl Seps {
    pub(crate) const fn new(chars: &'static [char]) -> Seps {
        const BRACKETS: [char; 4] = ['（', '(', '）', ')'];
        let mut step = crate::utf8::WIDTH;
        let mut lasts = LastTwo::EMPTY;
        let mut k = 0;
        while k < BRACKETS.len() + chars.len() {
            let c = if k < BRACKETS.len() {
                BRACKETS[k]
            } else {
                chars[k - BRACKETS.len()]
            };
            step[first_byte(c) as usize] = 0;
            lasts.insert(c);
            k += 1;
        }
        Seps { chars, step, lasts }
    }

    /// Whether the three-byte character whose last two bytes are `y z` may be a bracket
    /// or separator (see [`Seps::lasts`]).
    fn may_be_sep(&self, y: u8, z: u8) -> bool {
        self.lasts.may_hold(y, z)
    }
}

/// The first byte of `c` in UTF-8.
const fn first_byte(c: char) -> u8 {
    let k = c as u32;
    if k < 0x80 {
        k as u8
    } else if k < 0x800 {
        (0xC0 | k >> 6) as u8
    } else if k < 0x1_0000 {
        (0xE0 | k >> 12) as u8
    } else {
        (0xF0 | k >> 18) as u8
    }
}

/// The separators of a unit list.
static UNIT_SEPS: Seps = Seps::new(&['、', '，', ',', '；', ';', '及']);

/// Split `s[r]` at `seps` outside brackets; pieces keep no separator. The pieces come
/// one at a time, so that a caller that stops early does not walk the rest.
pub(crate) fn split_top<'a>(s: &'a str, r: Range<usize>, seps: &'a Seps) -> TopPieces<'a> {
    // The walk starts on a character boundary and steps by whole characters, so every
    // byte it looks at starts one.
    TopPieces {
        s,
        seps,
        depth: 0,
        start: r.start,
        at: r.start,
        end: r.end,
    }
}

/// The pieces of [`split_top`], in order.
pub(crate) struct TopPieces<'a> {
    s: &'a str,
    seps: &'a Seps,
    depth: i32,
    /// Where the current piece starts, and where the walk is.
    start: usize,
    at: usize,
    end: usize,
}

impl Iterator for TopPieces<'_> {
    type Item = Range<usize>;

    fn next(&mut self) -> Option<Range<usize>> {
        let bytes = self.s.as_bytes();
        while self.at < self.end {
            let at = self.at;
            let x = bytes[at];
            let w = self.seps.step[usize::from(x)];
            if w != 0 {
                self.at += usize::from(w);
                continue;
            }
            if x & 0xF0 == 0xE0 && !self.seps.may_be_sep(bytes[at + 1], bytes[at + 2]) {
                self.at += 3;
                continue;
            }
            let c = self.s[at..]
                .chars()
                .next()
                .expect("a character starts here");
            self.at += c.len_utf8();
            match c {
                '（' | '(' => self.depth += 1,
                '）' | ')' => self.depth -= 1,
                _ if self.depth <= 0 && self.seps.chars.contains(&c) => {
                    let piece = self.start..at;
                    self.start = self.at;
                    if !piece.is_empty() {
                        return Some(piece);
                    }
                }
                _ => {}
            }
        }
        // The last piece, once.
        let piece = self.start..self.end;
        self.start = self.end;
        (!piece.is_empty()).then_some(piece)
    }
}

/// Every ending that makes a unit name (`unit_end` words and the organisation suffixes),
/// with the sorted set of their last characters: a name whose last character is not
/// among them ends with none, and is told so by one binary search instead of ~45
/// suffix comparisons.
struct UnitEnds {
    words: Vec<String>,
    lasts: Vec<char>,
}

fn unit_ends() -> &'static UnitEnds {
    static ENDS: std::sync::OnceLock<UnitEnds> = std::sync::OnceLock::new();
    ENDS.get_or_init(|| {
        let words: Vec<String> = Words::get()
            .unit_ends
            .iter()
            .map(|w| w.to_string())
            .chain(Lexicon::get().org_suffixes.iter().cloned())
            .collect();
        let mut lasts: Vec<char> = words.iter().filter_map(|w| w.chars().next_back()).collect();
        lasts.sort_unstable();
        lasts.dedup();
        UnitEnds { words, lasts }
    })
}

/// Whether `core` ends with a unit ending ([`UnitEnds`]).
fn ends_like_unit(core: &str) -> bool {
    let ends = unit_ends();
    core.chars()
        .next_back()
        .is_some_and(|c| ends.lasts.binary_search(&c).is_ok())
        && ends.words.iter().any(|w| core.ends_with(w.as_str()))
}

/// `县发改局`, `各乡镇人民政府`, `人行定州支行`, `市邮政公司`, `有关乡镇（街道）`.
pub fn unit_like(t: &str) -> bool {
    // One pass over the item as printed counts the characters that are not spaces (the
    // name's characters), rules out digits, notes whether a gloss word may occur and
    // whether there are spaces to strip. It stops after 40 characters: most
    // parentheticals are sentences, and no unit name is that long.
    let mut n = 0;
    let mut gloss = false;
    let mut spaces = false;
    let gloss_firsts = &Words::get().not_unit_firsts;
    for c in t.chars() {
        if c.is_ascii_digit() {
            return false;
        }
        if crate::clean::fold::is_space(c) {
            spaces = true;
            continue;
        }
        n += 1;
        if n > MAX_UNIT_CHARS {
            return false;
        }
        // Whether a gloss word may start here.
        gloss |= gloss_firsts.may_hold_char(c);
    }
    // Most items hold no space: they are read in place, not copied.
    let t: std::borrow::Cow<str> = if spaces {
        crate::clean::fold::strip_spaces(t).into()
    } else {
        t.into()
    };
    let t = t.as_ref();
    // Only then are the gloss words looked for.
    if n < 2 || t.len() > 160 || (gloss && Words::get().not_units.iter().any(|w| t.contains(w))) {
        return false;
    }
    let core = match t.find(['（', '(']) {
        Some(k) if t.ends_with(['）', ')']) && k > 0 => &t[..k],
        _ => t,
    };
    // Cheapest first: an ending, then a collective, then the lexicon (a hash).
    ends_like_unit(core)
        || crate::normalise::units::is_collective(t)
        || Lexicon::get()
            .units
            .contains_key(core.trim_start_matches(['县', '市', '区']))
}

#[cfg(test)]
mod tests;
