#![allow(dead_code)]
//! Helpers shared by the integration tests.

use std::path::PathBuf;

pub fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/corpus")
}

pub fn corpus_files() -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<_> = std::fs::read_dir(corpus_dir())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
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
