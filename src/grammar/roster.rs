//! The grammar of roster lines and roster sentences, over cleaned text.
//!
//! - [`role_label`]: `组长：`, `副组长:`, `成员 ` (labels from `grammars/roles.tsv`);
//! - [`member`]: `张爱平 县政府副县长`, `张三（县发改局局长）`, `县发改局局长 张三`;
//! - [`split_post`]: `县发改局局长` → (`县发改局`, `局长`) with `grammars/posts.tsv`;
//! - [`group_phrase`]: the group a sentence names (`…成立曲阳县粮改饲项目实施工作领导小组`);
//! - [`office`]: `…办公室设在县发改局，办公室主任由王浩同志兼任` → office unit and head;
//! - [`prose_roles`]: `由县政府县长袁大海同志任组长，…为成员` → role holders.
//!
//! It knows nothing about lines, documents or provenance beyond byte offsets into the
//! string it is given; [`crate::extract::rosters`] walks the document.

use crate::clean::fold::is_cjk as is_han;
use crate::lexicon::{Firsts, Lexicon};
use crate::utf8::LastTwo;
use std::ops::Range;

/// Characters that separate the name of a Uyghur, Kazakh … person (`买买提·艾力`).
const NAME_DOTS: [char; 4] = ['·', '・', '•', '‧'];

/// A role label at the start of `s`: (label, rest after the label and its colon/space,
/// whether a colon followed). Whitespace inside the label was already removed by the clean
/// stage (`组 长：` → `组长：`).
pub fn role_label(s: &str) -> Option<(&str, &str, bool)> {
    // Most lines open with no role label's first character: told on its bytes.
    if !may_open_role(s) {
        return None;
    }
    for r in roles_starting(s.chars().next()?) {
        let Some(rest) = s.strip_prefix(r) else {
            continue;
        };
        let label = &s[..r.len()];
        if let Some(after) = rest.strip_prefix(['：', ':']) {
            return Some((label, after.trim_start(), true));
        }
        if rest.is_empty() {
            return Some((label, rest, false));
        }
        // `组长 张三 县长`: a label, a space, then a member.
        if let Some(after) = rest.strip_prefix(' ')
            && member(after).is_some_and(|m| m.name.is_some())
        {
            return Some((label, after, false));
        }
    }
    None
}

/// Whether `s` may open with a role label of `grammars/roles.tsv`: whether it opens with
/// a three-byte character whose last two bytes are those of a label's first character
/// ([`LastTwo`]). Read on the bytes, without decoding: a line
/// that passes may still open with none ([`roles_starting`] tells), one that fails opens
/// with none, since every label starts with a three-byte character (a test keeps it so).
fn may_open_role(s: &str) -> bool {
    static FIRSTS: std::sync::OnceLock<LastTwo> = std::sync::OnceLock::new();
    let firsts = FIRSTS.get_or_init(|| {
        let mut firsts = LastTwo::EMPTY;
        for r in &Lexicon::get().roles {
            firsts.insert_first(r);
        }
        firsts
    });
    match *s.as_bytes() {
        [x, y, z, ..] if x & 0xF0 == 0xE0 => firsts.may_hold(y, z),
        _ => false,
    }
}

/// The role labels of `grammars/roles.tsv` that start with `c`, longest first (as the
/// lexicon orders them): a line is compared only with the labels that start as it does,
/// not with all of them (lines that open with `主`, `成`, `副` are common).
fn roles_starting(c: char) -> &'static [&'static str] {
    type Groups = Vec<(char, Vec<&'static str>)>;
    static GROUPS: std::sync::OnceLock<Groups> = std::sync::OnceLock::new();
    let groups = GROUPS.get_or_init(|| {
        let mut groups: Groups = Vec::new();
        for r in &Lexicon::get().roles {
            // Labels are never empty (a test keeps it so).
            let Some(first) = r.chars().next() else {
                continue;
            };
            match groups.iter_mut().find(|g| g.0 == first) {
                Some(g) => g.1.push(r),
                None => groups.push((first, vec![r])),
            }
        }
        groups.sort_by_key(|g| g.0);
        groups
    });
    groups
        .binary_search_by_key(&c, |g| g.0)
        .map_or(&[], |k| &groups[k].1)
}

/// `s` is a roster member line (optionally labelled): a name, a space, a position.
/// Used by the clean stage so that such a line never joins the next one.
pub fn member_like(s: &str) -> bool {
    // A named member has a space or a bracket after the name ([`member`]): most lines
    // hold neither and are told so without parsing. (The label's rest ends where `s` does.)
    if !may_name_member(s) {
        return false;
    }
    let rest = match role_label(s) {
        Some((_, rest, _)) => rest,
        None => s,
    };
    if rest.contains(['。', '，', '；']) {
        return false;
    }
    member(rest).is_some_and(|m| m.name.is_some() && m.position.chars().any(is_han))
}

/// Whether `s` holds an ASCII space or a `(`, or ends with a closing bracket: a
/// [`member`] of `s` or of a part of `s` that ends where it does names no one otherwise
/// (a name is followed by a space, or by a bracketed position that ends the line).
fn may_name_member(s: &str) -> bool {
    memchr::memchr2(b' ', b'(', s.as_bytes()).is_some() || s.trim_end().ends_with(['）', ')'])
}

/// One parsed member line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member<'a> {
    pub name: Option<&'a str>,
    /// The position as printed (may still hold spaces).
    pub position: &'a str,
}

/// A person's name: 2–4 Han characters (not a post or an organisation), or Han runs joined
/// by a name dot.
pub fn is_name(s: &str) -> bool {
    let n = s.chars().count();
    if s.contains(NAME_DOTS) {
        return (3..=24).contains(&n)
            && s.split(NAME_DOTS)
                .all(|p| !p.is_empty() && p.chars().all(is_han));
    }
    if !(2..=4).contains(&n) || !s.chars().all(is_han) {
        return false;
    }
    let lex = Lexicon::get();
    let (Some(first), Some(last)) = (s.chars().next(), s.chars().next_back()) else {
        return false;
    };
    // Cheapest first; the word lists only where the first (last) character allows.
    let not_name = s.starts_with(['各', '县', '市', '区', '省'])
        || s.ends_with(['局', '委', '办', '府', '部', '院', '乡', '镇'])
        || (s.contains(NOT_NAME_FIRSTS) && NOT_NAME_WORDS.iter().any(|w| s.contains(w)))
        || (among(&post_chars().title_lasts, last)
            && lex.titles.iter().any(|t| s.ends_with(t.as_str())))
        || (lex.role_firsts.may(Some(first)) && lex.roles.iter().any(|r| s == r));
    !not_name
}

/// Words a name never holds.
const NOT_NAME_WORDS: [&str; 7] = ["部门", "单位", "有关", "相关", "领导", "同志", "负责"];

/// The first characters of [`NOT_NAME_WORDS`] (a test keeps the two in step).
const NOT_NAME_FIRSTS: [char; 7] = ['部', '单', '有', '相', '领', '同', '负'];

/// A member line without its role label.
pub fn member(s: &str) -> Option<Member<'_>> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    // `张三（县发改局局长）`
    if let Some(open) = s.find(['（', '('])
        && s.ends_with(['）', ')'])
        && is_name(&s[..open])
    {
        let inner = &s[open + '（'.len_utf8().min(s[open..].chars().next()?.len_utf8())..];
        let inner = inner.trim_end_matches(['）', ')']);
        return Some(Member {
            name: Some(&s[..open]),
            position: inner,
        });
    }
    if let Some(sp) = s.find(' ') {
        let (first, rest) = (&s[..sp], s[sp + 1..].trim_start());
        if is_name(first) && !rest.is_empty() {
            return Some(Member {
                name: Some(first),
                position: rest,
            });
        }
        // `县发改局局长 张三`: names after their positions.
        if let Some(last_sp) = s.rfind(' ') {
            let (pos, last) = (s[..last_sp].trim_end(), &s[last_sp + 1..]);
            if is_name(last) && (pos.chars().count() > 4 || is_title_seq(pos)) {
                return Some(Member {
                    name: Some(last),
                    position: pos,
                });
            }
        }
        return None;
    }
    Some(Member {
        name: None,
        position: s,
    })
}

/// The characters the post words of `grammars/posts.tsv` start or end with: a text
/// whose first (last) character is not among them cannot start (end) with such a word,
/// told by one binary search instead of comparing every word of the list.
struct PostChars {
    title_firsts: Firsts,
    modifier_firsts: Firsts,
    title_lasts: Firsts,
    org_lasts: Firsts,
}

fn post_chars() -> &'static PostChars {
    static CHARS: std::sync::OnceLock<PostChars> = std::sync::OnceLock::new();
    CHARS.get_or_init(|| {
        let lex = Lexicon::get();
        PostChars {
            title_firsts: Firsts::of(&lex.titles, false),
            modifier_firsts: Firsts::of(&lex.title_modifiers, false),
            title_lasts: Firsts::of(&lex.titles, true),
            org_lasts: Firsts::of(&lex.org_suffixes, true),
        }
    })
}

/// Whether a word of `set`'s list may start (end) with `c`.
fn among(set: &Firsts, c: char) -> bool {
    set.may(Some(c))
}

/// `s` is made only of post modifiers and titles and ends with a title
/// (`常委副部长`, `四级主任科员`, `党组书记`).
pub fn is_title_seq(s: &str) -> bool {
    fn go(s: &str, lex: &Lexicon, chars: &PostChars, ended_title: bool) -> bool {
        let Some(c) = s.chars().next() else {
            return ended_title;
        };
        (among(&chars.title_firsts, c)
            && lex
                .titles
                .iter()
                .filter(|t| s.starts_with(t.as_str()))
                .any(|t| go(&s[t.len()..], lex, chars, true)))
            || (among(&chars.modifier_firsts, c)
                && lex
                    .title_modifiers
                    .iter()
                    .filter(|m| s.starts_with(m.as_str()))
                    .any(|m| go(&s[m.len()..], lex, chars, false)))
    }
    go(s, Lexicon::get(), post_chars(), false)
}

/// The first post of a position: up to the first `、` `，` `；` or `兼` outside brackets.
pub fn first_post(position: &str) -> &str {
    let mut depth = 0i32;
    for (i, c) in position.char_indices() {
        match c {
            '（' | '(' => depth += 1,
            '）' | ')' => depth -= 1,
            '、' | '，' | ',' | '；' | '兼' if depth <= 0 => return &position[..i],
            _ => {}
        }
    }
    position
}

/// Whether `s` may end with a title: its last character ends one (`长`, `任`, `记` …). The
/// cheap test before [`whole_post`] and [`ends_with_post`].
pub fn may_end_with_title(s: &str) -> bool {
    among(
        &post_chars().title_lasts,
        s.chars().next_back().unwrap_or(' '),
    )
}

/// Whether `s` is a whole post, an organisation and a title (`旗财政局局长`).
pub fn whole_post(s: &str) -> bool {
    may_end_with_title(s) && matches!(split_post(s), (Some(_), Some(t)) if s.ends_with(t))
}

/// Whether a position ends with a complete post (`…、旗发改委主任`): its last item,
/// after `、`, a space or a label's colon, ends with a title.
pub fn ends_with_post(position: &str) -> bool {
    may_end_with_title(position)
        && position
            .rsplit(['、', ' ', '：'])
            .next()
            .is_some_and(|last| split_post(last).1.is_some_and(|t| last.ends_with(t)))
}

/// Split a position into (organisation, post), from its first post: the organisation
/// ends at the first organisation suffix whose remainder is a title sequence, so a party
/// post stays whole (`…村党支部书记` → `…村` + `党支部书记`).
pub fn split_post(position: &str) -> (Option<&str>, Option<&str>) {
    let p = first_post(position);
    let lex = Lexicon::get();
    let chars = post_chars();
    // Every place an organisation suffix ends is a candidate cut (no suffix overlaps
    // itself, so these are the places its search finds); the earliest that qualifies
    // wins, so the cuts are tried from the left and the first that qualifies is taken.
    // A cut needs the last character of a suffix before it, checked first.
    let best = p
        .char_indices()
        .map(|(i, c)| (i + c.len_utf8(), c))
        .filter(|&(cut, c)| cut < p.len() && among(&chars.org_lasts, c))
        .find(|&(cut, c)| {
            let unit = &p[..cut];
            let unit_ends_in_post = among(&chars.title_lasts, c)
                && lex.titles.iter().any(|t| unit.ends_with(t.as_str()));
            lex.org_suffixes.iter().any(|o| unit.ends_with(o.as_str()))
                && !unit_ends_in_post
                && is_title_seq(&p[cut..])
        })
        .map(|(cut, _)| cut);
    match best {
        Some(cut) => (Some(&p[..cut]), Some(&p[cut..])),
        None if is_title_seq(p) => (None, Some(p)),
        None => (None, None),
    }
}

/// Is `c` a character no group name contains?
fn phrase_boundary(c: char) -> bool {
    matches!(
        c,
        '，' | ',' | '。' | '；' | ';' | '：' | ':' | '《' | '》' | ' ' | '\n'
    )
}

/// Words after which a group name starts (`成立X领导小组`, `的X领导小组`).
const PHRASE_OPENERS: [&str; 18] = [
    "成立", "调整", "组建", "设立", "建立", "健全", "根据", "按照", "关于", "经", "对", "由", "的",
    "为", "特", "将", "在", "是",
];

/// The full names a text gives its short ones: `成立X领导小组（以下简称领导小组）` →
/// (`领导小组`, `X领导小组`), the full name being the group phrase just before the
/// bracket.
pub fn aliases(s: &str) -> Vec<(&str, &str)> {
    let mut out = Vec::new();
    for (k, _) in s.match_indices("以下简称") {
        let Some(open) = s[..k].strip_suffix(['（', '(']) else {
            continue;
        };
        // Only the sentence the bracket stands in names the group.
        let open = &open[open.rfind(['。', '；', '！', '？']).map_or(0, |p| p + 3)..];
        let rest = &s[k + "以下简称".len()..];
        let short = &rest[..rest.find(['）', ')']).unwrap_or(0)];
        let short = short.trim_matches(['“', '”', '"']);
        // The phrase must end right at the bracket: `X联席会议制度（以下简称联席会议）`
        // names the 联席会议 too, so a few characters may follow the noun.
        if let Some(full) = group_phrase(open)
            && !short.is_empty()
            && full != short
            && open.len() - (full.as_ptr() as usize - open.as_ptr() as usize + full.len()) <= 6
        {
            out.push((short, full));
        }
    }
    out
}

/// Whether the one-character opener at byte `k` of `s` is the first character of a
/// word that is part of a name (`经济`, `对口`, `特色`): then it opens nothing. Asked at
/// every opener a walk meets, so the words are matched on their two characters.
fn in_a_word(s: &str, k: usize) -> bool {
    let mut cs = s[k..].chars();
    matches!(
        (cs.next(), cs.next()),
        (Some('经'), Some('济' | '营' | '贸' | '开'))
            | (Some('对'), Some('口' | '外'))
            | (Some('特'), Some('色' | '殊' | '困'))
            | (Some('为'), Some('民'))
            | (Some('在'), Some('线'))
            | (Some('将'), Some('军'))
    )
}

/// Words that cite another body's group (`根据保定市…领导小组办公室《…》要求`): such a phrase
/// is not the group a sentence is about.
const CITING: [&str; 4] = ["根据", "按照", "依据", "经"];

/// Verbs that constitute a group (`成立X`): used by callers that want only such phrases.
pub const CONSTITUTING: [&str; 4] = ["成立", "组建", "设立", "调整"];

/// Whether `s` holds a constituting verb ([`CONSTITUTING`]) anywhere: one pass of a
/// packed searcher instead of a search per verb.
pub fn constitutes(s: &str) -> bool {
    static VERBS: std::sync::OnceLock<crate::lexicon::AnyWord> = std::sync::OnceLock::new();
    VERBS
        .get_or_init(|| crate::lexicon::AnyWord::new(&CONSTITUTING))
        .is_match(s)
}

/// The group phrase of `s` (`曲阳县国家创新型城市建设领导小组`): a run that ends with a
/// group noun from `grammars/groups.tsv` and starts after punctuation or an opening verb;
/// bracketed and quoted parts (`中国（廊坊）…`, `“雷霆行动”`) are kept whole. The longest
/// wins, except that a cited group (`根据X领导小组…要求`) loses to any other.
pub fn group_phrase(s: &str) -> Option<&str> {
    group_phrase_where(s, |_| true)
}

/// [`group_phrase`] among the phrases whose preceding text satisfies `pred`.
pub fn group_phrase_where(s: &str, pred: impl Fn(&str) -> bool) -> Option<&str> {
    let lex = Lexicon::get();
    let mut best: Option<(bool, usize, usize, usize)> = None;
    // Every occurrence of every noun (overlapping: `领导小组` and `小组`), in one pass.
    for m in lex.group_nouns_ac.find_overlapping_iter(s) {
        let (i, end) = (m.start(), m.end());
        let start = extend_left(s, i);
        // `二、联席会议由…`: the heading's marker is not part of the name.
        let start = start + super::headings::marker(&s[start..i]).map_or(0, |m| m.len);
        if !pred(&s[..start]) {
            continue;
        }
        let len = s[start..end].chars().count();
        let own = !CITING.iter().any(|v| s[..start].ends_with(v));
        if best.is_none_or(|(b_own, b_len, _, _)| (own, len) > (b_own, b_len)) {
            best = Some((own, len, start, end));
        }
    }
    best.map(|(_, _, a, b)| &s[a..b])
}

fn extend_left(s: &str, mut i: usize) -> usize {
    loop {
        // (The word test runs only where an opener ends: the walk's test stays the same.)
        if PHRASE_OPENERS.iter().any(|w| s[..i].ends_with(w))
            && !PHRASE_OPENERS
                .iter()
                .any(|w| s[..i].ends_with(w) && in_a_word(s, i - w.len()))
        {
            return i;
        }
        let Some(c) = s[..i].chars().next_back() else {
            return i;
        };
        let close_open = match c {
            '）' => Some('（'),
            ')' => Some('('),
            '”' => Some('“'),
            '"' => Some('"'),
            _ => None,
        };
        if let Some(open) = close_open {
            match s[..i - c.len_utf8()].rfind(open) {
                // `（一）`: a heading marker, not part of the name.
                Some(o)
                    if s[o + open.len_utf8()..i - c.len_utf8()]
                        .chars()
                        .all(|d| d.is_ascii_digit() || "一二三四五六七八九十".contains(d)) =>
                {
                    return i;
                }
                Some(o) => {
                    i = o;
                    continue;
                }
                None => return i,
            }
        }
        if phrase_boundary(c) || matches!(c, '（' | '(' | '“' | '）' | ')') {
            return i;
        }
        i -= c.len_utf8();
    }
}

/// Where a group's office sits and who heads it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Office {
    pub unit: Option<String>,
    pub head: Option<String>,
}

fn clause_end(s: &str) -> usize {
    s.find(['，', ',', '。', '；', ';', '（', '('])
        .unwrap_or(s.len())
}

/// `王浩同志` → `王浩`; `主要负责同志` is a post and stays whole.
fn strip_comrade(s: &str) -> &str {
    if s.ends_with("负责同志") {
        return s;
    }
    s.strip_suffix("同志").unwrap_or(s)
}

/// An office head as a person when one is named (`政府办副主任谷兴旺同志` → `谷兴旺`).
fn head_of(s: &str) -> String {
    let s = strip_comrade(s.trim());
    match post_then_name(s) {
        Some((_, name)) => name.to_owned(),
        None => s.to_owned(),
    }
}

/// `…办公室设在县城管局，办公室主任由王庚芳同志兼任…` → office unit and head. None when the
/// text states neither.
pub fn office(s: &str) -> Option<Office> {
    if !s.contains("办公室") {
        return None;
    }
    let mut o = Office::default();
    // `办公室设在X`, `下设办公室在X`, `办公室设于X`.
    for (i, _) in s.match_indices("办公室") {
        let rest = &s[i + "办公室".len()..];
        let rest = rest
            .strip_prefix("设置")
            .or_else(|| rest.strip_prefix('设'))
            .unwrap_or(rest);
        let Some(rest) = rest.strip_prefix(['在', '于']) else {
            continue;
        };
        let u = &rest[..clause_end(rest)];
        if !u.is_empty() {
            o.unit = Some(u.to_owned());
            break;
        }
    }
    // `办公室主任由X兼任` / `主任由X担任` (not `副主任由…`).
    let mut from = 0;
    while let Some(k) = s[from..].find("主任由") {
        let at = from + k;
        from = at + "主任由".len();
        if s[..at].ends_with('副') {
            continue;
        }
        let rest = &s[from..];
        let end = ["兼任", "担任", "出任"]
            .iter()
            .filter_map(|v| rest.find(v))
            .min()
            .filter(|&e| e <= clause_end(rest));
        if let Some(e) = end {
            o.head = Some(head_of(&rest[..e]));
            break;
        }
    }
    // `市农业农村局局长兼任办公室主任`
    if o.head.is_none()
        && let Some(k) = s.find("兼任办公室主任").or_else(|| s.find("任办公室主任"))
    {
        let before = &s[..k];
        let start = before.rfind(['，', ',', '。', '；']).map_or(0, |p| {
            p + before[p..].chars().next().map_or(1, char::len_utf8)
        });
        // `由何勇同志兼任办公室主任`
        let h = head_of(before[start..].trim_start_matches('由'));
        if !h.is_empty() {
            o.head = Some(h);
        }
    }
    (o.unit.is_some() || o.head.is_some()).then_some(o)
}

/// One holder of a role in a roster sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder {
    pub person_name: Option<String>,
    pub position: Option<String>,
    pub holder: Option<String>,
    pub unit: Option<String>,
    pub title: Option<String>,
    /// Byte span in the sentence of this holder's own text.
    pub span: Range<usize>,
}

/// A role and its holders, as a sentence states them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProseRole {
    pub role: String,
    pub holders: Vec<Holder>,
}

/// Verbs that make X the holder of a role: `X任组长`, `以X为组长`, `X担任组长`.
const ROLE_VERBS: [&str; 4] = ["担任", "兼任", "任", "为"];

/// The first characters of [`ROLE_VERBS`] (a test keeps the two in step): only where one
/// stands can a verb start.
const ROLE_VERB_FIRSTS: [char; 4] = ['担', '兼', '任', '为'];

/// Words that make a sentence normative rather than a statement of who sits on a group
/// (`坚持…担任组长`, `可设置由…任组长的…`, `可酌情指定…担任副指挥长`).
const MODALS: [&str; 6] = ["坚持", "可设置", "应当", "鼓励", "原则上", "要求"];

/// Where the first modal word of `s` ends, from one pass of an automaton built once
/// (instead of a search per word). It reports matches in the order they end, so the
/// first is the one that ends first, whichever word it is.
fn modal_end(s: &str) -> Option<usize> {
    static AC: std::sync::OnceLock<aho_corasick::AhoCorasick> = std::sync::OnceLock::new();
    AC.get_or_init(|| aho_corasick::AhoCorasick::new(MODALS).expect("modal words build"))
        .find_overlapping_iter(s)
        .next()
        .map(|m| m.end())
}

/// Whether `s` holds a role word (`组长`, `成员` …) anywhere: one pass of a packed
/// searcher over the labels of `grammars/roles.tsv`. A label that holds another
/// (`副组长`, `办公室主任`) is left out of the search, since where it stands the shorter
/// one does too: fewer words make the searcher stop less often to compare.
pub fn names_role(s: &str) -> bool {
    static ROLES: std::sync::OnceLock<crate::lexicon::AnyWord> = std::sync::OnceLock::new();
    ROLES
        .get_or_init(|| crate::lexicon::AnyWord::new(role_words()))
        .is_match(s)
}

/// The role labels [`names_role`] looks for: a text holds a label of
/// `grammars/roles.tsv` exactly when it holds one of these, and none holds another.
pub fn role_words() -> &'static [&'static str] {
    static WORDS: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    WORDS.get_or_init(|| innermost(&Lexicon::get().roles))
}

/// The words of `words` that hold no other word of the list: a text holds a word of
/// the list exactly when it holds one of these.
fn innermost(words: &[String]) -> Vec<&str> {
    words
        .iter()
        .filter(|w| !words.iter().any(|o| o != *w && w.contains(o.as_str())))
        .map(String::as_str)
        .collect()
}

/// Words that open a list of member units (`成员单位包括A、B…`); each holds the role `成员`.
const MEMBER_UNITS: [&str; 3] = ["成员单位包括", "成员单位为", "成员单位有"];

/// What every word of [`MEMBER_UNITS`] starts with (a test keeps it so): a clause without
/// it is not searched for each.
const MEMBER_UNITS_STEM: &str = "成员单位";

/// The role holders a sentence names, in order. `s` is one sentence (up to `。`).
pub fn prose_roles(s: &str) -> Vec<ProseRole> {
    // Every holder is found next to a role word ([`MEMBER_UNITS`] hold one), so a
    // sentence without one (most sentences of a paragraph that has one) has none.
    if !names_role(s) {
        return Vec::new();
    }
    prose_roles_named(s)
}

/// [`prose_roles`] of a sentence the caller knows to hold a role word ([`names_role`]),
/// which is not looked for again. A sentence without one gives what `prose_roles` would
/// (nothing), only later.
pub fn prose_roles_named(s: &str) -> Vec<ProseRole> {
    let mut out: Vec<ProseRole> = Vec::new();
    // Computed once, not per clause (a long text of many clauses stays linear): where
    // the first modal word ends, and whether the text speaks of an office at all.
    let modal_end = modal_end(s);
    let office = s.contains("办公室");
    for clause in clauses(s) {
        let c = &s[clause.clone()];
        if modal_end.is_some_and(|e| e <= clause.end) {
            continue;
        }
        // The office (`办公室主任由X兼任`) is a property of the group, read by [`office`].
        // (A clause holds `办公室` only where the sentence does.)
        if office && (c.contains("办公室") || c.starts_with(['主', '副'])) {
            continue;
        }
        // `成员单位包括A、B…` / `成员单位为A、B`
        if let Some(k) = c
            .contains(MEMBER_UNITS_STEM)
            .then(|| {
                MEMBER_UNITS
                    .iter()
                    .find_map(|w| c.find(w).map(|k| k + w.len()))
            })
            .flatten()
        {
            let list = clause.start + k..clause.end;
            let holders = holders(s, list);
            if !holders.is_empty() {
                out.push(ProseRole {
                    role: "成员".to_owned(),
                    holders,
                });
            }
            continue;
        }
        // `ROLE由X担任`
        let mut found = None;
        for r in c.chars().next().map_or(&[][..], roles_starting) {
            if let Some(rest) = c.strip_prefix(r)
                && let Some(x) = rest.strip_prefix('由')
                && let Some(e) = x.rfind("担任")
            {
                let a = clause.start + r.len() + '由'.len_utf8();
                found = Some((r.to_string(), a..a + e));
                break;
            }
        }
        // `…X任ROLE` / `…X为ROLE` (the clause may go on with `的…领导小组`).
        if found.is_none() {
            'outer: for (i, _) in c.match_indices(ROLE_VERB_FIRSTS) {
                for v in ROLE_VERBS {
                    if !c[i..].starts_with(v) {
                        continue;
                    }
                    let after = &c[i + v.len()..];
                    let Some(r) = after
                        .chars()
                        .next()
                        .map_or(&[][..], roles_starting)
                        .iter()
                        .find(|r| after.starts_with(**r))
                    else {
                        continue;
                    };
                    let tail = &after[r.len()..];
                    if !(tail.is_empty() || tail.starts_with(['的', '（', '(', '，', '、'])) {
                        continue;
                    }
                    let x_start = ["由", "以", "指定"]
                        .iter()
                        .filter_map(|w| c[..i].rfind(w).map(|p| p + w.len()))
                        .max()
                        .unwrap_or(0);
                    found = Some((r.to_string(), clause.start + x_start..clause.start + i));
                    break 'outer;
                }
            }
        }
        if let Some((role, x)) = found {
            let holders = holders(s, x);
            if !holders.is_empty() {
                out.push(ProseRole { role, holders });
            }
            continue;
        }
        // `县发改局、县财政局等18个相关部门组成的…` once a role has been stated.
        if !out.is_empty()
            && let Some(k) = c.find("组成")
        {
            let x_start = c[..k].rfind("由").map_or(0, |p| p + "由".len());
            let holders = holders(s, clause.start + x_start..clause.start + k);
            if !holders.is_empty() {
                out.push(ProseRole {
                    role: "成员".to_owned(),
                    holders,
                });
            }
        }
    }
    out
}

/// Clauses of a sentence: split at `，` `；` outside brackets, and at `、` right after a
/// role word that follows its verb (`以A为组长、B为副组长`).
fn clauses(s: &str) -> Vec<Range<usize>> {
    let lex = Lexicon::get();
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    for (i, c) in s.char_indices() {
        match c {
            '（' | '(' | '“' => depth += 1,
            '）' | ')' | '”' => depth -= 1,
            '，' | ',' | '；' | ';' | '。' if depth <= 0 => {
                out.push(start..i);
                start = i + c.len_utf8();
            }
            // (Only a role word after its verb: `副秘书长、X任副组长` lists two holders.)
            '、' if depth <= 0
                && lex.roles.iter().any(|r| {
                    s[..i]
                        .strip_suffix(r.as_str())
                        .is_some_and(|b| ROLE_VERBS.iter().any(|v| b.ends_with(v)))
                }) =>
            {
                out.push(start..i);
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    out.push(start..s.len());
    out.retain(|r| !r.is_empty());
    out
}

/// Split `s[x]` into list items at `、` `及` outside brackets (byte ranges into `s`).
fn items(s: &str, x: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut start = x.start;
    for (i, c) in s[x.clone()].char_indices() {
        let i = x.start + i;
        match c {
            '（' | '(' | '“' => depth += 1,
            '）' | ')' | '”' => depth -= 1,
            '及' if depth <= 0 && s[start..i].starts_with('各') => {}
            '、' | '及' if depth <= 0 => {
                out.push(start..i);
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    out.push(start..x.end);
    out.into_iter()
        .map(|r| trim_range(s, r))
        .filter(|r| !r.is_empty())
        .collect()
}

fn is_catch_all(s: &str) -> bool {
    s.starts_with(['各', '有', '相']) || s.contains("有关") || s.contains("相关") || {
        let mut cs = s.chars();
        cs.next().is_some_and(|c| c.is_ascii_digit())
    }
}

/// A name glued after a post: `政府副县长王振涛` → (`政府副县长`, `王振涛`).
fn post_then_name(s: &str) -> Option<(&str, &str)> {
    let lex = Lexicon::get();
    let cs: Vec<(usize, char)> = s.char_indices().collect();
    for k in [3usize, 2, 4] {
        if cs.len() <= k {
            continue;
        }
        let cut = cs[cs.len() - k].0;
        let (pos, name) = (&s[..cut], &s[cut..]);
        if is_name(name) && lex.titles.iter().any(|t| pos.ends_with(t.as_str())) {
            return Some((pos, name));
        }
    }
    None
}

/// The holders in `s[x]`: names with their shared post, or units / posts.
fn holders(s: &str, x: Range<usize>) -> Vec<Holder> {
    let x = trim_range(s, x);
    if x.is_empty() {
        return Vec::new();
    }
    let whole = &s[x.clone()];
    // An alternative (`A或B`) is one holder as written.
    if whole.contains('或') {
        return vec![Holder {
            person_name: None,
            position: None,
            holder: Some(whole.to_owned()),
            unit: None,
            title: None,
            span: x,
        }];
    }
    let its = items(s, x);
    // Names: `县委常委、县政府常务副县长孙建国同志`, `政府副县长王振涛、王少辉同志`.
    let text = |r: &Range<usize>| &s[r.clone()];
    let last = text(its.last().expect("non-empty"));
    let last_core = if last.ends_with("负责同志") {
        last
    } else {
        strip_comrade(last)
    };
    if is_name(last_core) || post_then_name(last_core).is_some() {
        let mut names: Vec<(String, Range<usize>)> = Vec::new();
        let mut position: Vec<&str> = Vec::new();
        let mut k = its.len();
        while k > 0 {
            let r = its[k - 1].clone();
            let t = strip_comrade(text(&r));
            if position.is_empty() && is_name(t) {
                names.push((t.to_owned(), r.start..r.start + t.len()));
            } else if position.is_empty()
                && let Some((pos, name)) = post_then_name(t)
            {
                let a = r.start + pos.len();
                names.push((name.to_owned(), a..a + name.len()));
                position.push(pos);
            } else {
                position.push(t);
            }
            k -= 1;
        }
        position.reverse();
        names.reverse();
        let position = (!position.is_empty()).then(|| position.join("、"));
        let (unit, title) = position
            .as_deref()
            .map(split_post)
            .map_or((None, None), |(u, t)| {
                (u.map(str::to_owned), t.map(str::to_owned))
            });
        return names
            .into_iter()
            .map(|(n, span)| Holder {
                person_name: Some(n),
                position: position.clone(),
                holder: None,
                unit: unit.clone(),
                title: title.clone(),
                span,
            })
            .collect();
    }
    // Units sharing a post: `县财政局、县农业农村局主要负责同志`, `A、B等相关职能部门主要负责同志`.
    let mut shared_post: Option<&str> = None;
    let mut out = Vec::new();
    let n = its.len();
    for (k, r) in its.iter().enumerate() {
        let t = text(r);
        // `A等相关职能部门主要负责同志`: A is the unit, the post after 等 is shared.
        let (unit_part, post) = match t.find('等') {
            Some(e) if e > 0 => {
                let tail = &t[e..];
                let post = title_suffix(tail);
                (&t[..e], post)
            }
            _ => match split_unit_post(t) {
                (Some(u), Some(p)) => (u, Some(p)),
                _ => (t, None),
            },
        };
        if let Some(p) = post
            && !is_catch_all(unit_part)
            && (k + 1 == n || t.contains('等'))
        {
            shared_post = Some(p);
        }
        out.push((r.start..r.start + unit_part.len(), unit_part, post, t));
    }
    out.into_iter()
        .map(|(span, unit_part, post, t)| {
            let catch_all = is_catch_all(unit_part);
            let t = if post.is_none() { unit_part } else { t };
            let post = post.or(if catch_all { None } else { shared_post });
            if catch_all {
                return Holder {
                    person_name: None,
                    position: None,
                    holder: Some(t.to_owned()),
                    unit: None,
                    title: None,
                    span: span.start..span.start + t.len(),
                };
            }
            match post {
                Some(p) if !unit_part.is_empty() => Holder {
                    person_name: None,
                    position: None,
                    holder: Some(format!("{unit_part}{p}")),
                    unit: Some(unit_part.to_owned()),
                    title: Some(p.to_owned()),
                    span,
                },
                Some(p) => Holder {
                    person_name: None,
                    position: None,
                    holder: Some(p.to_owned()),
                    unit: None,
                    title: Some(p.to_owned()),
                    span: span.start..span.start + t.len(),
                },
                None => {
                    // A post alone (`市长`, `县政府主管副县长`) or a bare unit.
                    let (u, ti) = split_post(t);
                    Holder {
                        person_name: None,
                        position: None,
                        holder: Some(t.to_owned()),
                        unit: u
                            .map(str::to_owned)
                            .or_else(|| ti.is_none().then(|| t.to_owned())),
                        title: ti.map(str::to_owned),
                        span,
                    }
                }
            }
        })
        .collect()
}

/// The longest title-sequence suffix of `s` (`…相关职能部门主要负责同志` → `主要负责同志`).
fn title_suffix(s: &str) -> Option<&str> {
    s.char_indices()
        .map(|(i, _)| &s[i..])
        .find(|t| is_title_seq(t))
}

/// `县农业农村局主要负责同志` → (`县农业农村局`, `主要负责同志`); a bare unit → (None, None).
fn split_unit_post(s: &str) -> (Option<&str>, Option<&str>) {
    match split_post(s) {
        (Some(u), Some(t)) if u.len() + t.len() == s.len() => (Some(u), Some(t)),
        _ => (None, None),
    }
}

fn trim_range(s: &str, mut r: Range<usize>) -> Range<usize> {
    let t = &s[r.clone()];
    let lead = t.len() - t.trim_start_matches([' ', '由', '以']).len();
    r.start += lead;
    let t = &s[r.clone()];
    r.end -= t.len() - t.trim_end().len();
    r
}

#[cfg(test)]
mod tests;
