#![allow(dead_code)]
//! Helpers shared by the integration tests.

use std::path::PathBuf;

pub fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/corpus")
}

/// Every corpus file as (name, bytes), in the order `gongwen run` reads them.
pub fn corpus_files() -> Vec<(String, Vec<u8>)> {
    let mut diags = Vec::new();
    let inputs = gongwen::run::discover(&[corpus_dir()], &mut diags);
    assert!(diags.is_empty(), "{diags:?}");
    inputs
        .into_iter()
        .map(|i| (i.name, std::fs::read(&i.path).unwrap()))
        .collect()
}

/// The documented comparison form: no whitespace, full-width digits/Latin folded,
/// every bracket variant of document numbers folded to one pair, Markdown `**` gone.
pub fn comparable(s: &str) -> String {
    let s = s.replace("**", "");
    s.chars()
        .filter(|c| !gongwen::clean::fold::is_space(*c))
        .map(|c| match gongwen::clean::fold::fold_width(c) {
            '(' | '（' | '[' | '［' | '【' | '﹝' | '〔' => '(',
            ')' | '）' | ']' | '］' | '】' | '﹞' | '〕' => ')',
            c => c,
        })
        .collect()
}
