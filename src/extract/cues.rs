//! Where the words that two extractors look for in every logical paragraph stand: the
//! assigning verbs of [`crate::grammar::assign::statements_at`] (for
//! [`super::assignments`]) and the role words of [`crate::grammar::roster::names_role`]
//! (for [`super::rosters`]). One search finds both, once per paragraph, on first use
//! ([`Logical::cues`]), instead of one walk over the paragraph for each list.
//!
//! It only finds places; what a word means there is for the grammars to decide.

use super::Logical;
use crate::grammar::{assign, roster};
use crate::lexicon::AnyWord;

/// Where the words stand in one logical paragraph: byte offsets into its text, in order.
#[derive(Debug, Clone, Default)]
pub struct Cues {
    /// Every place a word of [`assign::verb_words`] starts.
    pub verbs: Vec<usize>,
    /// Every place a word of [`roster::role_words`] starts.
    pub roles: Vec<usize>,
}

impl Cues {
    /// The cues of `t`: every place a word of either list starts. Each search starts one
    /// byte after the last find, so overlapping words are all found.
    pub fn of(t: &str) -> Cues {
        let words = searcher();
        let mut cues = Cues::default();
        let mut from = 0;
        while let Some((k, id)) = words.find_word_from(t, from) {
            if id < assign::verb_words().len() {
                cues.verbs.push(k);
            } else {
                cues.roles.push(k);
            }
            // Every word is at least one character long; its first byte is not one.
            from = k + 1;
        }
        cues
    }

    /// Whether a role word starts in `t[r]` (and so lies inside it, when `r` ends at a
    /// sentence's end: no role word holds a stop).
    pub fn role_in(&self, r: std::ops::Range<usize>) -> bool {
        let k = self.roles.partition_point(|&p| p < r.start);
        self.roles.get(k).is_some_and(|&p| p < r.end)
    }
}

/// The verbs, then the role words, in one packed searcher built once. No verb starts
/// where a role word does (a test keeps it so), so each place reports the list it
/// belongs to.
fn searcher() -> &'static AnyWord {
    static WORDS: std::sync::OnceLock<AnyWord> = std::sync::OnceLock::new();
    WORDS.get_or_init(|| AnyWord::new(&words()))
}

/// The words of [`searcher`], in its order.
fn words() -> Vec<&'static str> {
    assign::verb_words()
        .iter()
        .copied()
        .chain(roster::role_words().iter().copied())
        .collect()
}

impl Logical<'_> {
    /// The paragraph's [`Cues`], found on first use and kept.
    pub fn cues(&self) -> &Cues {
        self.cues.get_or_init(|| Cues::of(&self.text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every place each word starts, by comparing at every character.
    fn naive(t: &str, words: &[&str]) -> Vec<usize> {
        (0..t.len())
            .filter(|&k| t.is_char_boundary(k) && words.iter().any(|w| t[k..].starts_with(w)))
            .collect()
    }

    #[test]
    fn no_verb_starts_like_a_role_word() {
        for v in assign::verb_words() {
            for r in roster::role_words() {
                assert_ne!(v.chars().next(), r.chars().next(), "{v} / {r}");
            }
        }
    }

    #[test]
    fn one_search_finds_what_a_search_per_list_finds() {
        for t in [
            "由县长任组长，县发改局牵头，县财政局会同县卫健局负责，各部门参加。",
            "总指挥长办公室主任成员负责配合协助牽頭負責",
            "组长组长负责负责",
            "",
            "县政府",
        ] {
            let c = Cues::of(t);
            assert_eq!(c.verbs, naive(t, assign::verb_words()), "{t}");
            assert_eq!(c.roles, naive(t, roster::role_words()), "{t}");
            assert_eq!(!c.roles.is_empty(), roster::names_role(t), "{t}");
        }
    }
}
