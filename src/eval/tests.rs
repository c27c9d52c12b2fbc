use super::*;
use serde_json::json;

fn row(v: serde_json::Value) -> Row {
    v.as_object().unwrap().clone()
}

fn docs_spec() -> &'static Spec {
    &SPECS[0]
}

#[test]
fn perfect_run_scores_one() {
    let g = vec![row(
        json!({"source":"a.txt","line_start":1,"line_end":10,"title":"关于印发 X 的通知"}),
    )];
    let p = vec![row(
        json!({"source":"dir/a.txt","line_start":2,"line_end":10,"title":"关于印发X的通知"}),
    )];
    let s = score(docs_spec(), &g, &p);
    assert_eq!((s.overall.matched, s.overall.f1), (1, 1.0));
    assert_eq!(s.fields["title"].accuracy, 1.0);
}

#[test]
fn split_document_costs_precision_and_field_errors_are_listed() {
    let g = vec![row(
        json!({"source":"a.txt","line_start":1,"line_end":100,"doc_number":"曲府〔2022〕146号"}),
    )];
    let p = vec![
        row(json!({"source":"a.txt","line_start":1,"line_end":60,"doc_number":"曲府〔2022〕14号"})),
        row(json!({"source":"a.txt","line_start":61,"line_end":100,"doc_number":null})),
    ];
    let s = score(docs_spec(), &g, &p);
    assert_eq!(s.overall.matched, 1);
    assert_eq!(s.overall.precision, 0.5);
    assert_eq!(s.overall.recall, 1.0);
    assert_eq!(s.fields["doc_number"].correct, 0);
    assert_eq!(s.fields["doc_number"].errors.len(), 1);
}

#[test]
fn small_overlap_is_no_match_and_unannotated_fields_are_not_scored() {
    let g = vec![row(json!({"source":"a.txt","line_start":1,"line_end":100}))];
    let p = vec![row(
        json!({"source":"a.txt","line_start":90,"line_end":300,"title":"x"}),
    )];
    let s = score(docs_spec(), &g, &p);
    assert_eq!(s.overall.matched, 0);
    assert_eq!(s.fields["title"].gold, 0);
    assert_eq!(s.overall.f1, 0.0);
}

#[test]
fn files_without_gold_are_ignored() {
    let g = vec![row(json!({"source":"a.txt","line_start":1,"line_end":5}))];
    let p = vec![
        row(json!({"source":"a.txt","line_start":1,"line_end":5})),
        row(json!({"source":"b.txt","line_start":1,"line_end":5})),
    ];
    assert_eq!(score(docs_spec(), &g, &p).overall.precision, 1.0);
}

#[test]
fn a_gold_record_without_its_end_matches_on_its_first_line() {
    // The annotator left `line_end` undecided: the record still matches, and its end is
    // not scored.
    let spec = SPECS.iter().find(|s| s.dataset == "provisions").unwrap();
    let g = vec![row(
        json!({"source":"a.txt","line_start":75,"label":"（三）","level":2}),
    )];
    let p = vec![row(
        json!({"source":"a.txt","line_start":75,"line_end":78,"label":"（三）","level":2}),
    )];
    let s = score(spec, &g, &p);
    assert_eq!(s.overall.matched, 1);
    assert_eq!(s.fields["line_end"].gold, 0);
}
