//! Responsibility stated in running prose, outside any parenthetical:
//! `由X牵头，A、B等部门参加`, `X会同Y、Z负责…`, `由X负责…`, `X、Y负责统筹协调…`,
//! `X配合…`, duty lists `X：负责…`.
//!
//! Only the start of a clause can name the units (after a lead-in such as `由`, `建立`),
//! and every unit must look like a unit (`unit_like`) unless the list ends in a
//! catch-all (`发改、住建等部门参加`), so that `县政府主要负责同志`, `以…公立医院为牵头医院`
//! and directives such as `各乡镇要…` give nothing. Text inside brackets is left to
//! [`super::tails`]. It does not decide what the task is, nor apply document rules.

use super::words::Words;
use super::{Part, Role, Seps, UnitItem, all_units, split_top, unit_list, unit_list_if_all};
use crate::utf8::LastTwo;
use std::ops::Range;
use std::sync::LazyLock;

/// One sentence that assigns units in prose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    /// The sentence, without its final stop.
    pub sentence: Range<usize>,
    pub parts: Vec<Part>,
    /// `prose_lead`, `prose_jointly` (会同), `prose_responsible`, `prose_cooperate`.
    pub pattern: &'static str,
}

/// What ends a sentence, and a clause.
static SENTENCE_SEPS: Seps = Seps::new(&['。', '；', ';', '！', '？']);
static CLAUSE_SEPS: Seps = Seps::new(&['，', ',']);

/// Every prose statement in `s` (one logical paragraph of cleaned text).
pub fn statements(s: &str) -> Vec<Statement> {
    statements_at(s, &verb_starts(s))
}

/// [`statements`], given where every word of [`verb_words`] starts in `s`, in order
/// (found by a search the caller shares with other word lists).
pub fn statements_at(s: &str, verbs: &[usize]) -> Vec<Statement> {
    let mut out = Vec::new();
    // A sentence or clause holds a verb when one starts inside it (no verb holds a
    // separator).
    let Some(&last) = verbs.last() else {
        return out;
    };
    let holds_verb = |r: &Range<usize>| {
        let k = verbs.partition_point(|&v| v < r.start);
        verbs.get(k).is_some_and(|&v| v < r.end)
    };
    for sent in split_top(s, 0..s.len(), &SENTENCE_SEPS) {
        if sent.start > last {
            break;
        }
        // Most sentences of a paragraph with a verb hold none: their clauses assign
        // nothing, so they are not split.
        if !holds_verb(&sent) {
            continue;
        }
        let mut parts: Vec<Part> = Vec::new();
        let mut pattern = "";
        for clause in split_top(s, sent.clone(), &CLAUSE_SEPS) {
            // Most clauses hold no assigning verb.
            if !holds_verb(&clause) {
                continue;
            }
            let led = parts.iter().any(|p| p.role == Role::Lead);
            if let Some((mut ps, pat)) = clause_parts(s, clause, led) {
                if pattern.is_empty() {
                    pattern = pat;
                }
                parts.append(&mut ps);
            }
        }
        if !parts.is_empty() {
            out.push(Statement {
                sentence: sent,
                parts,
                pattern,
            });
        }
    }
    out
}

/// The words whose places [`statements_at`] needs: the `verb` words of
/// `grammars/assignments.tsv`, in its order.
pub fn verb_words() -> &'static [&'static str] {
    &Words::get().verb_words
}

/// Where each word of [`verb_words`] in `t` starts, in order, from a packed searcher.
/// Each search starts one byte after the last find, so every occurrence is found.
fn verb_starts(t: &str) -> Vec<usize> {
    static ANY_VERB: std::sync::OnceLock<crate::lexicon::AnyWord> = std::sync::OnceLock::new();
    let verbs = ANY_VERB.get_or_init(|| crate::lexicon::AnyWord::new(verb_words()));
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(k) = verbs.find_from(t, from) {
        out.push(k);
        // Every verb is at least one character long; its first byte is not one.
        from = k + 1;
    }
    out
}

/// The units one clause assigns. `led`: an earlier clause of the sentence named a lead,
/// which lets `A、B等部门参加` cooperate. The caller has seen a verb in the clause.
fn clause_parts(s: &str, r: Range<usize>, led: bool) -> Option<(Vec<Part>, &'static str)> {
    let start = r.start + lead_in(&s[r.clone()]);
    let c = &s[start..r.end];
    // The verb that starts first (the earlier in the list at one place), `参加` only
    // after a lead.
    let words = Words::get();
    let skip = if led { 0 } else { words.after_lead };
    let (k, i) = top_find_any(c, &CLAUSE_VERBS, skip)?;
    let v = words.verbs[i];
    let (verb, role) = (v.word, v.role);
    let after = &c[k + verb.len()..];
    if words.idle_after(verb, after) {
        return None;
    }
    let mut x = start..start + k;
    x.end = x.start + strip_modals(&s[x.clone()]).len();
    let t = &s[x.clone()];
    if t.is_empty() || t.chars().count() > 60 || t.contains(['为', '以', '（', '(']) {
        return None;
    }
    let units = unit_list(s, x.clone());
    let catch_all = t
        .rfind('等')
        .is_some_and(|e| ["部门", "单位", "机构"].iter().any(|w| t[e..].ends_with(w)));
    if units.is_empty() || !(all_units(s, &units) || catch_all && role == Role::Cooperate) {
        return None;
    }
    let mut parts = vec![Part { role, units }];
    let pattern = match v.jointly {
        true => {
            let from = start + k + verb.len();
            let others = jointly(s, from..r.end);
            if !others.is_empty() {
                parts.push(Part {
                    role: Role::Cooperate,
                    units: others,
                });
            }
            "prose_jointly"
        }
        false => match role {
            Role::Lead => "prose_lead",
            Role::Responsible => "prose_responsible",
            Role::Cooperate => "prose_cooperate",
        },
    };
    Some((parts, pattern))
}

/// The units after `会同`, up to the verb that follows them.
fn jointly(s: &str, r: Range<usize>) -> Vec<UnitItem> {
    let t = &s[r.clone()];
    // The first stop word after the start; a word that opens `t` is set aside for
    // good (its first place is not after the start).
    let opens = !t.starts_with(['（', '(', '）', ')']);
    let at_start = Words::get()
        .stops
        .iter()
        .enumerate()
        .filter(|(_, w)| opens && super::starts_with(t, w))
        .fold(0, |m, (i, _)| m | 1 << i);
    let end = top_find_any(t, &STOP_WORDS, at_start).map_or(t.len(), |(e, _)| e);
    unit_list_if_all(s, r.start..r.start + end).unwrap_or_default()
}

/// Bytes of a clause's lead-in: a heading marker (`（一）`, `1.`, `第四条`), then `由` /
/// `建立` ….
fn lead_in(c: &str) -> usize {
    let mut n = c.len() - c.trim_start().len();
    let rest = &c[n..];
    if rest.starts_with(['（', '(']) {
        if let Some(e) = rest.find(['）', ')'])
            && rest[..e].chars().count() <= 4
        {
            n += e + rest[e..].chars().next().map_or(0, char::len_utf8);
        }
    } else {
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits > 0 && rest[digits..].starts_with(['.', '、', '．']) {
            n += digits + rest[digits..].chars().next().map_or(0, char::len_utf8);
        }
    }
    // `第四条市司法局负责…`
    let rest = &c[n..];
    if let Some(body) = rest.strip_prefix('第') {
        let num = body.len()
            - body
                .trim_start_matches(|c: char| {
                    c.is_ascii_digit() || "一二三四五六七八九十百零〇".contains(c)
                })
                .len();
        if num > 0 && body[num..].starts_with('条') {
            n += '第'.len_utf8() + num + '条'.len_utf8();
            n += c[n..].len() - c[n..].trim_start().len();
        }
    }
    let rest = &c[n..];
    if let Some(w) = Words::get()
        .lead_ins
        .iter()
        .find(|w| super::starts_with(rest, w))
    {
        return n + w.len();
    }
    // `本办法由X负责解释`, `联席会议由X牵头`: a short subject, then `由` and the units.
    match rest
        .char_indices()
        .take(8)
        .find(|&(k, ch)| ch == '由' && !rest[k + '由'.len_utf8()..].starts_with('于'))
    {
        Some((k, _)) if k > 0 && !rest[..k].contains(['、', '，', ',']) => {
            n + k + '由'.len_utf8()
        }
        _ => n,
    }
}

fn strip_modals(t: &str) -> &str {
    let mut t = t.trim_end_matches(['：', ':', ' ']);
    let modals = &Words::get().modals;
    while let Some(rest) = modals.iter().find_map(|m| super::strip_suffix(t, m)) {
        t = rest;
    }
    t
}

/// The assigning verbs, as [`clause_parts`] looks for them.
static CLAUSE_VERBS: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(verb_words()));
/// The stop words, as [`jointly`] looks for them.
static STOP_WORDS: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(&Words::get().stops));

/// Words for [`top_find_any`], with the filter on their first characters built once.
struct WordSet {
    words: &'static [&'static str],
    /// The words' three-byte first characters.
    firsts: LastTwo,
    /// Some word's first character is not three bytes long.
    everywhere: bool,
}

impl WordSet {
    fn new(words: &'static [&'static str]) -> WordSet {
        let mut firsts = LastTwo::EMPTY;
        let mut everywhere = false;
        let mut k = 0;
        while k < words.len() {
            if !firsts.insert_first(words[k]) {
                everywhere = true;
            }
            k += 1;
        }
        WordSet {
            words,
            firsts,
            everywhere,
        }
    }
}

/// The first place outside brackets where a word of `set` starts, and which word (the
/// earlier in the list at one place); words whose bit is set in `skip` are not looked
/// for. One walk over `t` for all the words, on its bytes: brackets are told by their
/// bytes, and the words are compared only where a character whose last two bytes are
/// those of a word's first character stands (every character is stepped over by its
/// width, undecoded). A word whose first character is not three bytes long is looked
/// for at every character.
fn top_find_any(t: &str, set: &WordSet, skip: u32) -> Option<(usize, usize)> {
    // One bit per word: the loader keeps the lists short enough.
    let WordSet {
        words,
        firsts,
        everywhere,
    } = set;
    let everywhere = *everywhere;
    let b = t.as_bytes();
    let mut depth = 0i32;
    let mut k = 0;
    while let Some(&x) = b.get(k) {
        let width = crate::utf8::width(x);
        let (y, z) = match width {
            3 => (b[k + 1], b[k + 2]),
            _ => (0, 0),
        };
        match (x, y, z) {
            (b'(', ..) | (0xEF, 0xBC, 0x88) => depth += 1,
            (b')', ..) | (0xEF, 0xBC, 0x89) => depth -= 1,
            _ if depth <= 0 && (everywhere || width == 3 && firsts.may_hold(y, z)) => {
                let rest = &t[k..];
                let hit = (0..words.len()).find(|&i| {
                    skip & (1 << i) == 0 && !words[i].is_empty() && rest.starts_with(words[i])
                });
                if let Some(i) = hit {
                    return Some((k, i));
                }
            }
            _ => {}
        }
        k += width;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (role, units) of every statement.
    fn roles(s: &str) -> Vec<(&'static str, Vec<String>)> {
        statements(s)
            .iter()
            .flat_map(|st| st.parts.iter())
            .map(|p| {
                let units = p
                    .units
                    .iter()
                    .map(|u| crate::clean::fold::strip_spaces(&s[u.span.clone()]))
                    .collect();
                (p.role.as_str(), units)
            })
            .collect()
    }

    fn v(xs: &[&str]) -> Vec<String> {
        xs.iter().map(|x| x.to_string()).collect()
    }

    /// A modal that ends with a shorter one (`主要`, `要`) is stripped whole.
    #[test]
    fn a_longer_modal_is_stripped_whole() {
        assert_eq!(
            roles("县卫健局主要负责医疗救治工作。"),
            [("responsible", v(&["县卫健局"]))]
        );
    }

    #[test]
    fn lead_and_participants() {
        assert_eq!(
            roles("建立生态环境部门牵头，发改、住建、市场监管等部门参加的协调机制。"),
            [
                ("lead", v(&["生态环境部门"])),
                ("cooperate", v(&["发改", "住建", "市场监管"]))
            ]
        );
    }

    #[test]
    fn jointly_with() {
        // The units after `会同` stop at the verb (`完成`, `统筹`).
        assert_eq!(
            roles("自治区财政厅会同自治区发展改革委统筹安排各级财政资金。"),
            [
                ("lead", v(&["自治区财政厅"])),
                ("cooperate", v(&["自治区发展改革委"]))
            ]
        );
        assert_eq!(
            roles("市工业和信息化局会同市财政局完成年度奖励资金兑付。"),
            [
                ("lead", v(&["市工业和信息化局"])),
                ("cooperate", v(&["市财政局"]))
            ]
        );
        assert_eq!(
            roles("县卫生健康局会同人力资源社会保障局、财政局负责制定考核办法。"),
            [
                ("lead", v(&["县卫生健康局"])),
                ("cooperate", v(&["人力资源社会保障局", "财政局"]))
            ]
        );
        assert_eq!(
            roles("市残工委办公室将会同有关部门和单位，对本方案落实情况进行总结评估。"),
            [
                ("lead", v(&["市残工委办公室"])),
                ("cooperate", v(&["有关部门和单位"]))
            ]
        );
    }

    #[test]
    fn responsible_clauses() {
        assert_eq!(
            roles("由市委网信办负责平台建设，市公安局牵头负责打通网络。"),
            [
                ("responsible", v(&["市委网信办"])),
                ("lead", v(&["市公安局"]))
            ]
        );
        assert_eq!(
            roles("（一）加强组织领导。市政府办公室、市公安局负责统筹协调。"),
            [("responsible", v(&["市政府办公室", "市公安局"]))]
        );
        assert_eq!(
            roles("第四条 市司法局负责日常联络工作。"),
            [("responsible", v(&["市司法局"]))]
        );
        assert_eq!(
            roles("县市场监管局：负责食品安全监管。"),
            [("responsible", v(&["县市场监管局"]))]
        );
        // A short subject before `由`; a duty phrase before the verb.
        assert_eq!(
            roles("第二十六条 本办法由省发展改革委负责解释。"),
            [("responsible", v(&["省发展改革委"]))]
        );
        assert_eq!(
            roles("联席会议由省发展改革委牵头，不刻制印章。"),
            [("lead", v(&["省发展改革委"]))]
        );
        assert_eq!(
            roles("其他成员单位按照职责分工负责相关工作。"),
            [("responsible", v(&["其他成员单位"]))]
        );
    }

    #[test]
    fn statements_that_assign_nothing() {
        for s in [
            "县政府主要负责同志是第一责任人。",
            "以县级公立医院为牵头医院，组建医共体。",
            "各乡镇要切实加强领导。",
            "办公室设在县卫健局，负责日常工作。",
            "（县发改局负责）",
            "县领导参加会议。",
        ] {
            assert!(roles(s).is_empty(), "{s}");
        }
    }

    /// `verb_starts` finds every verb: no two can overlap, so the earliest to end (what
    /// the automaton without SIMD reports) is the leftmost.
    #[test]
    fn verbs_never_overlap_and_all_are_found() {
        let verbs = verb_words();
        for a in verbs {
            for b in verbs {
                let last = a.chars().next_back().unwrap();
                assert!(!b.starts_with(last), "{a} / {b}");
            }
        }
        let t = "县发改局牵头，县财政局会同县卫健局负责，（县民政局配合）各部门参加。";
        let want: Vec<usize> = (0..t.len())
            .filter(|&k| t.is_char_boundary(k) && verbs.iter().any(|v| t[k..].starts_with(v)))
            .collect();
        assert_eq!(verb_starts(t), want);
    }

    /// `top_find_any` against one search per word, as the grammar did before.
    #[test]
    fn one_walk_finds_what_a_walk_per_word_finds() {
        fn top_find(t: &str, w: &str) -> Option<usize> {
            let mut depth = 0i32;
            for (k, c) in t.char_indices() {
                match c {
                    '（' | '(' => depth += 1,
                    '）' | ')' => depth -= 1,
                    _ if depth <= 0 && t[k..].starts_with(w) => return Some(k),
                    _ => {}
                }
            }
            None
        }
        let verbs = verb_words();
        let stops = &Words::get().stops;
        for t in [
            "县发改局（牵头）会同县财政局负责",
            "负责同志牵头",
            "（县卫健局负责）县民政局配合",
            "各部门参加",
            "无",
        ] {
            let want = verbs
                .iter()
                .enumerate()
                .filter_map(|(i, v)| top_find(t, v).map(|k| (k, i)))
                .min_by_key(|x| x.0);
            assert_eq!(top_find_any(t, &CLAUSE_VERBS, 0), want, "{t}");
            assert_eq!(CLAUSE_VERBS.words, verbs);
            let want = stops
                .iter()
                .filter_map(|w| top_find(t, w))
                .filter(|&e| e > 0)
                .min();
            let skip = stops
                .iter()
                .enumerate()
                .filter(|(_, w)| !t.starts_with(['（', '(']) && t.starts_with(*w))
                .fold(0, |m, (i, _)| m | 1 << i);
            assert_eq!(top_find_any(t, &STOP_WORDS, skip).map(|x| x.0), want, "{t}");
        }
    }
}
