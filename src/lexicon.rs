//! The word lists in `grammars/`, parsed once and shared (read-only) by every stage.
//!
//! It only loads and indexes; the grammars that use the lists live with their stages.

use std::sync::OnceLock;

/// A heading pattern from `grammars/headings.tsv`.
#[derive(Debug, Clone)]
pub struct HeadingPattern {
    pub name: String,
    /// Literal pieces and placeholders, in order.
    pub parts: Vec<PatternPart>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PatternPart {
    Lit(String),
    CnNumeral,
    Number,
    Circled,
}

/// Every list in `grammars/`.
#[derive(Debug)]
pub struct Lexicon {
    pub publication_words: Vec<String>,
    /// Contact-line labels (`联系人`, `联系电话`).
    pub contact_labels: Labels,
    /// Note words (`注`, `备注`).
    pub note_words: Labels,
    /// Issuer suffixes, longest first.
    pub issuer_suffixes: Vec<String>,
    /// (type word, generic type), longest word first.
    pub doc_types: Vec<(String, String)>,
    pub headings: Vec<HeadingPattern>,
    /// Role labels, longest first.
    pub roles: Vec<String>,
    /// The characters role labels start with: a line starting otherwise holds no label.
    pub role_firsts: Firsts,
    /// The characters issuer suffixes end with: a name ending otherwise has no suffix.
    pub issuer_suffix_lasts: Firsts,
    /// Clause-opening words that never start an organ name.
    pub prepositions: Vec<String>,
    /// Group nouns (`领导小组`, `专班`, `指挥部`), longest first.
    pub group_nouns: Vec<String>,
    /// Post words that can end a position (`局长`), longest first.
    pub titles: Vec<String>,
    /// Words that only qualify a following title (`常务`, `四级`), longest first.
    pub title_modifiers: Vec<String>,
    /// Suffixes that end an organisation name (`局`, `政府`), longest first.
    pub org_suffixes: Vec<String>,
    /// Department names as printed → (canonical name, category), from `units.tsv`.
    pub units: std::collections::HashMap<String, (String, String)>,
    /// Every group noun, for one-pass searches (overlapping matches).
    pub group_nouns_ac: aho_corasick::AhoCorasick,
    /// Deadline cue words by kind (`plan`, `label`, `baseline` …), from `deadlines.tsv`:
    /// (word, value), longest word first within a kind. A list of the ten kinds, not a
    /// map: the deadline scan asks for a kind at nearly every numeral, and comparing a
    /// few short names costs less than hashing one.
    pub deadline_cues: Vec<(String, Vec<(String, String)>)>,
}

impl Lexicon {
    /// The deadline cue words of one kind, longest first.
    pub fn cues(&self, kind: &str) -> &[(String, String)] {
        self.deadline_cues
            .iter()
            .find(|(k, _)| k == kind)
            .map_or(&[], |(_, v)| v.as_slice())
    }
}

/// The set of characters a word list's words start (or end) with, for a cheap test that
/// rules a word list out before comparing its words one by one.
#[derive(Debug)]
pub struct Firsts {
    /// Sorted; `None` when a word is empty (an empty word fits anywhere).
    chars: Option<Vec<char>>,
}

impl Firsts {
    /// The first characters of `words` (`last`: their last characters).
    pub fn of<W: AsRef<str>>(words: &[W], last: bool) -> Firsts {
        let chars: Option<Vec<char>> = words
            .iter()
            .map(|w| {
                let w = w.as_ref();
                if last {
                    w.chars().next_back()
                } else {
                    w.chars().next()
                }
            })
            .collect();
        Firsts {
            chars: chars.map(|mut v| {
                v.sort_unstable();
                v.dedup();
                v
            }),
        }
    }

    /// The characters, sorted; `None` when a word is empty (any character may open it).
    pub fn chars(&self) -> Option<&[char]> {
        self.chars.as_deref()
    }

    /// Whether a word of the list may start (end) with `c`; `None`: `s` is empty.
    pub fn may(&self, c: Option<char>) -> bool {
        match (&self.chars, c) {
            (None, _) => true,
            (Some(v), Some(c)) => v.binary_search(&c).is_ok(),
            (Some(_), None) => false,
        }
    }
}

/// A yes/no search for any word of a list. On Han text the words' first bytes are
/// common (every Han character starts with one of a few lead bytes), so the automaton's
/// byte prefilters cannot skip ahead; Teddy (aho-corasick's packed, SIMD searcher) looks
/// at whole three-byte characters and is several times cheaper. The automaton is kept
/// for CPUs Teddy does not run on.
#[derive(Debug)]
pub enum AnyWord {
    Packed(aho_corasick::packed::Searcher),
    /// Built only when Teddy cannot run: building an automaton costs more than many
    /// searches.
    Automaton(aho_corasick::AhoCorasick),
}

impl AnyWord {
    pub fn new<W: AsRef<[u8]>>(words: &[W]) -> AnyWord {
        match aho_corasick::packed::Searcher::new(words.iter()) {
            Some(p) => AnyWord::Packed(p),
            // Leftmost-first, as the packed searcher reports: [`AnyWord::find_from`] then
            // finds the leftmost word whichever searcher runs.
            None => AnyWord::Automaton(
                aho_corasick::AhoCorasick::builder()
                    .match_kind(aho_corasick::MatchKind::LeftmostFirst)
                    .build(words)
                    .expect("word lists build an automaton"),
            ),
        }
    }

    /// Whether `s` holds any of the words.
    pub fn is_match(&self, s: &str) -> bool {
        match self {
            AnyWord::Packed(p) => p.find(s).is_some(),
            AnyWord::Automaton(ac) => ac.is_match(s),
        }
    }

    /// Where the leftmost word in `s` at or after byte `from` starts.
    pub fn find_from(&self, s: &str, from: usize) -> Option<usize> {
        self.find_word_from(s, from).map(|(k, _)| k)
    }

    /// Where the leftmost word in `s` at or after byte `from` starts, and which word it
    /// is (its index in the list given to [`AnyWord::new`]; the earlier word when two
    /// start there). Searching again from one byte after each find gives every place a
    /// word starts.
    pub fn find_word_from(&self, s: &str, from: usize) -> Option<(usize, usize)> {
        let span = aho_corasick::Span::from(from..s.len());
        match self {
            AnyWord::Packed(p) => p
                .find_in(s, span)
                .map(|m| (m.start(), m.pattern().as_usize())),
            AnyWord::Automaton(ac) => ac
                .find(aho_corasick::Input::new(s).span(span))
                .map(|m| (m.start(), m.pattern().as_usize())),
        }
    }
}

/// The rows of a list: its lines without comments and blanks, split at TABs, trimmed.
pub(crate) fn rows(text: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    text.lines()
        .map(str::trim_end)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').map(str::trim).collect())
}

/// Labels printed at the start of a line before a colon (`联系人：`, `注：`).
#[derive(Debug)]
pub struct Labels {
    /// Longest first.
    words: Vec<String>,
    /// Their first characters: most lines are ruled out by their first one.
    firsts: Firsts,
}

impl Labels {
    fn new(words: Vec<String>) -> Labels {
        let words = longest_first(words);
        Labels {
            firsts: Firsts::of(&words, false),
            words,
        }
    }

    /// The labels' first characters, sorted; `None` when a label is empty.
    pub fn firsts(&self) -> Option<&[char]> {
        self.firsts.chars()
    }

    /// What follows the longest label and its colon at the start of `s`, spaces trimmed.
    pub fn after<'s>(&self, s: &'s str) -> Option<&'s str> {
        after_label(s, &self.words, &self.firsts)
    }
}

/// What follows the first of `words` (whose first characters are `firsts`) and a colon
/// at the start of `s`, spaces trimmed: the one test of a labelled line (`组长：`,
/// `联系人：`, `注：`).
fn after_label<'s>(s: &'s str, words: &[String], firsts: &Firsts) -> Option<&'s str> {
    if !firsts.may(s.chars().next()) {
        return None;
    }
    words.iter().find_map(|w| {
        s.strip_prefix(w.as_str())?
            .strip_prefix(['：', ':'])
            .map(str::trim_start)
    })
}

fn longest_first(mut v: Vec<String>) -> Vec<String> {
    v.sort_by(|a, b| b.chars().count().cmp(&a.chars().count()).then(a.cmp(b)));
    v.dedup();
    v
}

fn parse_pattern(p: &str) -> Vec<PatternPart> {
    let mut parts = Vec::new();
    let mut rest = p;
    while !rest.is_empty() {
        if let Some(open) = rest.find('{') {
            if open > 0 {
                parts.push(PatternPart::Lit(rest[..open].to_owned()));
            }
            let close = rest[open..].find('}').map_or(rest.len(), |c| open + c);
            parts.push(match &rest[open + 1..close] {
                "cn" => PatternPart::CnNumeral,
                "n" => PatternPart::Number,
                "circled" => PatternPart::Circled,
                other => panic!("grammars/headings.tsv: unknown placeholder {{{other}}}"),
            });
            rest = &rest[(close + 1).min(rest.len())..];
        } else {
            parts.push(PatternPart::Lit(rest.to_owned()));
            rest = "";
        }
    }
    parts
}

impl Lexicon {
    fn load() -> Lexicon {
        let firsts = |t: &'static str| rows(t).map(|r| r[0].to_owned()).collect::<Vec<_>>();
        let mut doc_types: Vec<(String, String)> = rows(include_str!("../grammars/doc_types.tsv"))
            .map(|r| {
                (
                    r[0].to_owned(),
                    r.get(1).copied().unwrap_or(r[0]).to_owned(),
                )
            })
            .collect();
        doc_types.sort_by(|a, b| {
            b.0.chars()
                .count()
                .cmp(&a.0.chars().count())
                .then(a.0.cmp(&b.0))
        });
        let posts = |kind: &str| {
            longest_first(
                rows(include_str!("../grammars/posts.tsv"))
                    .filter(|r| r.get(1) == Some(&kind))
                    .map(|r| r[0].to_owned())
                    .collect(),
            )
        };
        let roles = longest_first(firsts(include_str!("../grammars/roles.tsv")));
        let issuer_suffixes = longest_first(firsts(include_str!("../grammars/issuers.tsv")));
        let group_nouns = longest_first(firsts(include_str!("../grammars/groups.tsv")));
        Lexicon {
            group_nouns_ac: aho_corasick::AhoCorasick::new(&group_nouns)
                .expect("word lists build an automaton"),
            publication_words: firsts(include_str!("../grammars/publications.tsv")),
            contact_labels: Labels::new(firsts(include_str!("../grammars/contacts.tsv"))),
            note_words: Labels::new(firsts(include_str!("../grammars/notes.tsv"))),
            issuer_suffix_lasts: Firsts::of(&issuer_suffixes, true),
            issuer_suffixes,
            doc_types,
            headings: rows(include_str!("../grammars/headings.tsv"))
                .map(|r| HeadingPattern {
                    name: r[0].to_owned(),
                    parts: parse_pattern(r[1]),
                })
                .collect(),
            role_firsts: Firsts::of(&roles, false),
            roles,
            prepositions: longest_first(firsts(include_str!("../grammars/prepositions.tsv"))),
            group_nouns,
            titles: posts("title"),
            title_modifiers: posts("modifier"),
            org_suffixes: posts("org"),
            units: rows(include_str!("../grammars/units.tsv"))
                .filter(|r| r.len() >= 3)
                .map(|r| (r[0].to_owned(), (r[1].to_owned(), r[2].to_owned())))
                .collect(),
            deadline_cues: {
                let mut m: std::collections::HashMap<String, Vec<(String, String)>> =
                    Default::default();
                for r in rows(include_str!("../grammars/deadlines.tsv")).filter(|r| r.len() >= 2) {
                    m.entry(r[0].to_owned())
                        .or_default()
                        .push((r[1].to_owned(), r.get(2).copied().unwrap_or("").to_owned()));
                }
                for v in m.values_mut() {
                    v.sort_by_key(|w| std::cmp::Reverse(w.0.chars().count()));
                }
                let mut kinds: Vec<_> = m.into_iter().collect();
                kinds.sort_by(|a, b| a.0.cmp(&b.0));
                kinds
            },
        }
    }

    /// The lexicon, loaded on first use.
    pub fn get() -> &'static Lexicon {
        static LEX: OnceLock<Lexicon> = OnceLock::new();
        LEX.get_or_init(Lexicon::load)
    }

    /// `s` opens with a roster role label and its colon (`组长：`, `副组长:`).
    pub fn starts_with_role(&self, s: &str) -> bool {
        after_label(s, &self.roles, &self.role_firsts).is_some()
    }

    /// `s` opens with a contact label and its colon (`联系人：`, `联系电话:`).
    pub fn starts_with_contact(&self, s: &str) -> bool {
        self.contact_labels.after(s).is_some()
    }

    /// What follows a note word and its colon at the start of `s` (`注：1、…` → `1、…`).
    pub fn after_note_word<'s>(&self, s: &'s str) -> Option<&'s str> {
        self.note_words.after(s)
    }

    /// The generic type of a title, from the longest type word it ends with.
    pub fn doc_type_of(&self, title: &str) -> Option<&str> {
        self.doc_types
            .iter()
            .find(|(w, _)| title.ends_with(w.as_str()))
            .map(|(_, t)| t.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_grammar_file_parses() {
        let l = Lexicon::get();
        assert!(l.publication_words.contains(&"公报".to_owned()));
        assert_eq!(
            l.issuer_suffixes[0].chars().count(),
            "人民代表大会常务委员会".chars().count()
        );
        assert_eq!(
            l.doc_type_of("关于推进企业信用分级分类监管工作的实施意见"),
            Some("意见")
        );
        assert_eq!(l.doc_type_of("曲阳县冬季供暖应急处置领导小组"), None);
        assert_eq!(l.headings[1].parts[0], PatternPart::Lit("第".into()));
        assert_eq!(l.headings[1].parts[1], PatternPart::CnNumeral);
        assert!(l.roles.iter().any(|r| r == "副组长"));
    }

    #[test]
    fn contact_labels_and_note_words_need_their_colon() {
        let l = Lexicon::get();
        assert!(l.starts_with_contact("联系人：张三"));
        assert!(l.starts_with_contact("联系电话:4090565"));
        assert!(l.starts_with_contact("电子邮箱：a@b.com"));
        assert!(!l.starts_with_contact("联系人及电话：")); // a table's column, not a line
        assert!(!l.starts_with_contact("联系群众，"));
        assert_eq!(l.after_note_word("注：1、表中…"), Some("1、表中…"));
        assert_eq!(l.after_note_word("备注: 下同"), Some("下同"));
        assert_eq!(l.after_note_word("注重实效"), None);
    }
}
