//! docs/SCHEMA.md is generated from the code: this fails when they differ.

mod common;

#[test]
fn schema_doc_matches_the_code() {
    let inputs = gongwen::run::discover(&[common::corpus_dir()], &mut Vec::new());
    let outputs: Vec<_> = inputs
        .iter()
        .map(|i| gongwen::pipeline::process_bytes(&i.name, &std::fs::read(&i.path).unwrap()))
        .collect();
    let want = gongwen::schema::markdown(&outputs);
    let path = format!("{}/docs/SCHEMA.md", env!("CARGO_MANIFEST_DIR"));
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "docs/SCHEMA.md is stale: run `cargo run --release -- schema data/corpus > docs/SCHEMA.md`"
    );
}
