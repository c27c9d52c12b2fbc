//! The words of `grammars/assignments.tsv`, parsed once: the labels, verbs and endings
//! that give units a role, and the words around them (lead-ins, modals, stop words,
//! gloss words, unit endings), with the filters on first characters that the searches
//! of [`super`] and [`super::prose`] use.
//!
//! It only loads and indexes the list (its README says what each kind means); what a
//! word means in a sentence is for the grammar.

use super::Role;
use crate::lexicon::Firsts;
use crate::utf8::LastTwo;
use std::sync::LazyLock;

/// A verb of running prose (`verb` rows).
#[derive(Debug, Clone, Copy)]
pub struct Verb {
    pub word: &'static str,
    /// The role of the units before it.
    pub role: Role,
    /// `会同`: the units after it, up to a stop word, cooperate.
    pub jointly: bool,
    /// `参加`: it assigns only after a lead in the same sentence.
    pub after_lead: bool,
}

/// Every kind of `grammars/assignments.tsv`, in file order within a kind.
#[derive(Debug)]
pub struct Words {
    /// `label` rows: (label, role).
    pub labels: Vec<(&'static str, Role)>,
    /// The labels' first characters: a line starting otherwise holds no label.
    pub label_firsts: Firsts,
    /// What a tail's body is searched for in one walk: the labels, then the
    /// `first_leads`, `rule` and `tail_lead` words (see [`Words::tail_kind`]).
    pub tail_words: Vec<&'static str>,
    /// The first characters of [`Words::tail_words`] (all three bytes long; the loader
    /// checks).
    pub tail_firsts: LastTwo,
    n_first_leads: usize,
    n_rules: usize,
    pub responsible_ends: Vec<&'static str>,
    pub cooperate_ends: Vec<&'static str>,
    pub duty_verbs: Vec<&'static str>,
    pub verbs: Vec<Verb>,
    /// The verbs' words, in [`Words::verbs`] order.
    pub verb_words: Vec<&'static str>,
    /// One bit per `after_lead` verb, by its place in [`Words::verbs`].
    pub after_lead: u32,
    /// `idle` rows: (verb, what follows it).
    pub idle: Vec<(&'static str, &'static str)>,
    pub lead_ins: Vec<&'static str>,
    pub modals: Vec<&'static str>,
    pub stops: Vec<&'static str>,
    pub not_units: Vec<&'static str>,
    /// The gloss words' first characters (all three bytes long; the loader checks).
    pub not_unit_firsts: LastTwo,
    pub unit_ends: Vec<&'static str>,
}

/// Which list a word of [`Words::tail_words`] came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TailKind {
    Label(Role),
    FirstLeads,
    Rule,
    /// The spelling's place among the `tail_lead` rows.
    Lead(usize),
}

/// At most this many `tail_lead` spellings: a tail keeps the first place of each.
pub const MAX_TAIL_LEADS: usize = 4;

impl Words {
    /// The list, loaded on first use.
    pub fn get() -> &'static Words {
        static WORDS: LazyLock<Words> =
            LazyLock::new(|| Words::parse(include_str!("../../../grammars/assignments.tsv")));
        &WORDS
    }

    /// Which list word `id` of [`Words::tail_words`] belongs to.
    pub fn tail_kind(&self, id: usize) -> TailKind {
        let mut id = id;
        if let Some(&(_, role)) = self.labels.get(id) {
            return TailKind::Label(role);
        }
        id -= self.labels.len();
        if id < self.n_first_leads {
            return TailKind::FirstLeads;
        }
        id -= self.n_first_leads;
        if id < self.n_rules {
            return TailKind::Rule;
        }
        TailKind::Lead(id - self.n_rules)
    }

    /// Whether `after` (the text after `verb`) shows the verb assigns nothing.
    pub fn idle_after(&self, verb: &str, after: &str) -> bool {
        self.idle
            .iter()
            .any(|&(v, w)| v == verb && super::starts_with(after, w))
    }

    /// Parse the file's text. A malformed row is a bug in the shipped list, found by the
    /// tests: it panics with the row.
    fn parse(text: &'static str) -> Words {
        let mut w = Words {
            labels: Vec::new(),
            label_firsts: Firsts::of::<&str>(&[], false),
            tail_words: Vec::new(),
            tail_firsts: LastTwo::EMPTY,
            n_first_leads: 0,
            n_rules: 0,
            responsible_ends: Vec::new(),
            cooperate_ends: Vec::new(),
            duty_verbs: Vec::new(),
            verbs: Vec::new(),
            verb_words: Vec::new(),
            after_lead: 0,
            idle: Vec::new(),
            lead_ins: Vec::new(),
            modals: Vec::new(),
            stops: Vec::new(),
            not_units: Vec::new(),
            not_unit_firsts: LastTwo::EMPTY,
            unit_ends: Vec::new(),
        };
        let (mut first_leads, mut rules, mut tail_leads) = (Vec::new(), Vec::new(), Vec::new());
        for r in crate::lexicon::rows(text) {
            let (kind, word) = match r.as_slice() {
                [kind, word, ..] if !word.is_empty() => (*kind, *word),
                _ => bad(&r),
            };
            let value = r.get(2).copied().unwrap_or("");
            match kind {
                "label" => w
                    .labels
                    .push((word, role(value).unwrap_or_else(|| bad(&r)))),
                "tail_lead" => tail_leads.push(word),
                "first_leads" => first_leads.push(word),
                "rule" => rules.push(word),
                "responsible_end" => w.responsible_ends.push(word),
                "cooperate_end" => w.cooperate_ends.push(word),
                "duty_verb" => w.duty_verbs.push(word),
                "verb" => {
                    let (role, jointly, after_lead) = match value {
                        "jointly" => (Role::Lead, true, false),
                        "after_lead" => (Role::Cooperate, false, true),
                        v => (role(v).unwrap_or_else(|| bad(&r)), false, false),
                    };
                    w.verbs.push(Verb {
                        word,
                        role,
                        jointly,
                        after_lead,
                    });
                }
                "idle" if !value.is_empty() => w.idle.push((word, value)),
                "lead_in" => w.lead_ins.push(word),
                "modal" => w.modals.push(word),
                "stop" => w.stops.push(word),
                "not_unit" => w.not_units.push(word),
                "unit_end" => w.unit_ends.push(word),
                _ => bad(&r),
            }
        }
        // The searches keep one bit per verb and per stop word in a u32 (the verbs' last
        // bit is spare), and a tail keeps the first place of each lead spelling.
        assert!(
            w.verbs.len() < 32 && w.stops.len() <= 32 && tail_leads.len() <= MAX_TAIL_LEADS,
            "grammars/assignments.tsv: at most 31 verbs, 32 stop words, {MAX_TAIL_LEADS} tail_lead"
        );
        w.verb_words = w.verbs.iter().map(|v| v.word).collect();
        w.after_lead = w
            .verbs
            .iter()
            .enumerate()
            .filter(|(_, v)| v.after_lead)
            .fold(0, |m, (i, _)| m | 1 << i);
        w.n_first_leads = first_leads.len();
        w.n_rules = rules.len();
        w.tail_words = w.labels.iter().map(|l| l.0).collect();
        w.tail_words.extend(first_leads);
        w.tail_words.extend(rules);
        w.tail_words.extend(tail_leads);
        for t in &w.tail_words {
            // The tail walk steps over three-byte characters only.
            assert!(
                w.tail_firsts.insert_first(t),
                "grammars/assignments.tsv: {t} must start with a three-byte character"
            );
        }
        w.label_firsts = Firsts::of(&w.tail_words[..w.labels.len()], false);
        for u in &w.not_units {
            assert!(
                w.not_unit_firsts.insert_first(u),
                "grammars/assignments.tsv: {u} must start with a three-byte character"
            );
        }
        w
    }
}

fn bad(row: &[&str]) -> ! {
    panic!("grammars/assignments.tsv: bad row {row:?}")
}

fn role(v: &str) -> Option<Role> {
    Some(match v {
        "lead" => Role::Lead,
        "responsible" => Role::Responsible,
        "cooperate" => Role::Cooperate,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_list_parses_and_keeps_its_order() {
        let w = Words::get();
        assert_eq!(w.labels[0], ("牵头单位", Role::Lead));
        assert_eq!(
            w.verb_words,
            [
                "会同", "牵头", "牽頭", "负责", "負責", "配合", "协助", "参加"
            ]
        );
        assert_eq!(w.after_lead, 1 << 7, "参加 is the last verb");
        assert!(w.verbs[0].jointly);
        assert_eq!(w.tail_kind(0), TailKind::Label(Role::Lead));
        assert_eq!(w.tail_kind(w.labels.len()), TailKind::FirstLeads);
        assert_eq!(w.tail_kind(w.tail_words.len() - 1), TailKind::Lead(1));
        assert!(w.idle_after("牵头", "医院的"));
        assert!(!w.idle_after("配合", "同志"));
        for u in &w.not_units {
            let c = u.chars().next().unwrap();
            assert!(w.not_unit_firsts.may_hold_char(c), "{u}");
        }
    }

    /// Within a kind, a word that another word starts with (for lists matched at a
    /// place) or ends with (for endings stripped from a list) comes after it: the earlier
    /// row wins, so the longer must come first.
    #[test]
    fn longer_words_come_first() {
        let w = Words::get();
        let ordered = |name: &str, words: &[&str], fits: fn(&str, &str) -> bool| {
            for (i, a) in words.iter().enumerate() {
                for b in &words[i + 1..] {
                    assert!(
                        !(b.len() > a.len() && fits(b, a)),
                        "{name}: {b} must come before {a}"
                    );
                }
            }
        };
        let starts = |b: &str, a: &str| b.starts_with(a);
        let ends = |b: &str, a: &str| b.ends_with(a);
        ordered("lead_in", &w.lead_ins, starts);
        ordered("verb", &w.verb_words, starts);
        ordered("stop", &w.stops, starts);
        ordered("modal", &w.modals, ends);
        ordered("responsible_end", &w.responsible_ends, ends);
        ordered("cooperate_end", &w.cooperate_ends, ends);
    }

    #[test]
    fn a_bad_row_is_refused() {
        for text in ["label\t牵头单位\tboss\n", "verb\n", "colour\t红\n"] {
            let r = std::panic::catch_unwind(|| Words::parse(text));
            assert!(r.is_err(), "{text:?}");
        }
    }

    #[test]
    fn a_tail_word_must_start_with_a_three_byte_character() {
        let r = std::panic::catch_unwind(|| Words::parse("rule\tA1\n"));
        assert!(r.is_err());
    }
}
