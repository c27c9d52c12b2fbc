//! Which documents of a run are copies of an earlier one: the same notice printed in a
//! county gazette and again in a compilation, or scanned twice.
//!
//! A document is a copy of an earlier one (in input order, then order in the file) when
//! their titles are the same once whitespace and punctuation are ignored, at least one
//! of issuer, 文号 and issue date is known for both and equal, and none of the three is
//! known for both and different. A copy gets `duplicate_of`, the first copy's `doc_id`;
//! its records stay in every dataset, so that analysts choose (`duplicate_of IS NULL`).
//!
//! It does not compare the texts: two printings differ by OCR noise and attachments, and
//! keeping every text to compare would make memory grow with the corpus. What it keeps
//! per document is a hash of each field and the shared `doc_id`. What a copy shows
//! and the first did not (its 文号) is added to the first, so one unnumbered printing
//! never joins two numbered documents. Documents without a
//! title, and 解读 pieces (no issuer, number or date), are never marked. Copies split
//! across `--shard` runs are not seen.

use crate::model::DocumentRec;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// The documents seen so far, by title.
#[derive(Debug, Default)]
pub struct Duplicates {
    by_title: HashMap<u64, Vec<Seen>>,
}

/// What one earlier document showed.
#[derive(Debug)]
struct Seen {
    doc_id: Arc<str>,
    issuer: Option<u64>,
    doc_number: Option<u64>,
    issue_date: Option<i32>,
}

impl Duplicates {
    /// Mark the copies among `docs` (one file's documents, in order) and remember the
    /// rest. Call it once per file, in input order: the answer depends on what came first.
    pub fn mark(&mut self, docs: &mut [DocumentRec]) {
        for d in docs {
            let Some(title) = d.title.as_deref().map(key).filter(|t| !t.is_empty()) else {
                continue;
            };
            let this = Seen {
                doc_id: d.doc_id.clone(),
                issuer: d.issuer.as_deref().map(hash),
                doc_number: d.doc_number.as_deref().map(hash),
                issue_date: d.issue_date,
            };
            let earlier = self.by_title.entry(hash(&title)).or_default();
            match earlier.iter_mut().find(|e| same(e, &this)) {
                Some(first) => {
                    d.duplicate_of = Some(first.doc_id.clone());
                    // What a copy adds holds for the first too: a printing without its
                    // 文号 matched by one with it is no longer a copy of a different 文号.
                    first.issuer = first.issuer.or(this.issuer);
                    first.doc_number = first.doc_number.or(this.doc_number);
                    first.issue_date = first.issue_date.or(this.issue_date);
                }
                None => earlier.push(this),
            }
        }
    }
}

/// Whether two documents of one title are one: a field known for both agrees, and no
/// such field disagrees.
fn same(a: &Seen, b: &Seen) -> bool {
    fn cmp<T: PartialEq>(x: &Option<T>, y: &Option<T>) -> Option<bool> {
        Some(x.as_ref()? == y.as_ref()?)
    }
    let known = [
        cmp(&a.issuer, &b.issuer),
        cmp(&a.doc_number, &b.doc_number),
        cmp(&a.issue_date, &b.issue_date),
    ];
    known.contains(&Some(true)) && !known.contains(&Some(false))
}

/// A title without whitespace and punctuation, full-width letters and digits folded
/// (`关于印发《X》的通知` and `关于印发“X”的通知` are one title).
fn key(title: &str) -> String {
    title
        .chars()
        .map(crate::clean::fold::fold_width)
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// A hash that is the same in every run (std's SipHash with fixed keys), so output does
/// not depend on the process.
fn hash<T: Hash + ?Sized>(x: &T) -> u64 {
    #[allow(deprecated)]
    let mut h = std::hash::SipHasher::new();
    x.hash(&mut h);
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(id: &str, title: &str, issuer: Option<&str>, number: Option<&str>) -> DocumentRec {
        DocumentRec {
            doc_id: id.into(),
            title: Some(title.into()),
            issuer: issuer.map(Into::into),
            doc_number: number.map(Into::into),
            ..Default::default()
        }
    }

    fn marks(docs: Vec<Vec<DocumentRec>>) -> Vec<Option<String>> {
        let mut d = Duplicates::default();
        let mut out = Vec::new();
        for mut file in docs {
            d.mark(&mut file);
            out.extend(
                file.iter()
                    .map(|x| x.duplicate_of.as_deref().map(Into::into)),
            );
        }
        out
    }

    #[test]
    fn a_reprint_without_its_number_is_a_copy_of_the_first_printing() {
        let plan = "曲阳县建设国家创新型城市实施方案";
        let got = marks(vec![
            vec![doc("compilation#3", plan, Some("曲阳县人民政府"), None)],
            vec![doc(
                "scan#1",
                plan,
                Some("曲阳县人民政府"),
                Some("曲府〔2022〕146号"),
            )],
        ]);
        assert_eq!(got, [None, Some("compilation#3".into())]);
    }

    #[test]
    fn punctuation_and_spacing_of_the_title_do_not_matter() {
        let got = marks(vec![vec![
            doc("a#1", "关于印发《X方案》的通知", Some("县政府"), None),
            doc("a#2", "关于印发“X方案”的通知", Some("县政府"), None),
        ]]);
        assert_eq!(got, [None, Some("a#1".into())]);
    }

    #[test]
    fn a_disagreeing_issuer_number_or_date_keeps_documents_apart() {
        let t = "关于做好元旦春节期间安全生产工作的通知";
        let mut dated = doc("c#1", t, Some("县政府"), None);
        dated.issue_date = Some(19000);
        let mut dated_other = doc("c#2", t, Some("县政府"), None);
        dated_other.issue_date = Some(19365);
        let got = marks(vec![
            vec![doc("a#1", t, Some("甲县人民政府"), None)],
            vec![doc("b#1", t, Some("乙县人民政府"), None)],
            vec![doc("b#2", t, Some("甲县人民政府"), Some("甲政〔2023〕1号"))],
            vec![doc("b#3", t, Some("甲县人民政府"), Some("甲政〔2024〕1号"))],
            vec![dated, dated_other],
        ]);
        // b#2 copies a#1 (same issuer, a#1 prints no number), and a#1 takes b#2's
        // number: b#3, with another number, is a document of its own.
        assert_eq!(got, [None, None, Some("a#1".into()), None, None, None]);
    }

    #[test]
    fn nothing_known_for_both_is_not_enough() {
        // 解读 pieces print no issuer, number or date.
        let got = marks(vec![vec![
            doc("a#1", "政策解读", None, None),
            doc("a#2", "政策解读", None, None),
        ]]);
        assert_eq!(got, [None, None]);
    }
}
