//! Deadline phrasings as other documents print them, one fixture each
//! (tests/fixtures/deadlines/<noise>.txt).

use gongwen::pipeline::process_text;

fn fixture(name: &str) -> gongwen::pipeline::FileOutput {
    let path = format!(
        "{}/tests/fixtures/deadlines/{name}.txt",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).expect("fixture");
    process_text(&format!("{name}.txt"), &text)
}

fn date(d: Option<i32>) -> String {
    d.map_or("-".into(), gongwen::sink::jsonl::date_string)
}

#[test]
fn spaced_digits_chinese_numerals_tasks_and_past_limits() {
    let o = fixture("spaced-digits-and-chinese-numerals");
    let got: Vec<String> = o
        .deadlines
        .iter()
        .map(|d| {
            format!(
                "L{} {} {} {}..{} {}",
                d.prov.line_start,
                d.text,
                d.kind,
                date(d.start_date),
                date(d.end_date),
                d.precision
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            "L6 到2030年 by -..2030-12-31 year",
            "L7 二〇二五年底前 by -..2025-12-31 year",
            "L9 10月31日前 by -..2023-10-31 day",
            "L9 2024年6月 by -..2024-06-30 month",
            "L10 2022年12月底前 by -..2022-12-31 month",
            "L11 三十日内 relative -..- none",
            "L13 自印发之日起施行 effective 2023-03-08..- day",
        ]
    );
    // Every limit is anchored on the issue date.
    assert!(o.deadlines.iter().all(|d| d.anchor_source == "issue_date"));
    // The limits in task 1's sentence and tail name the task; the others none.
    let task = o.assignments[0].task_id.as_str();
    assert_eq!(o.deadlines[2].task_id.as_deref(), Some(task));
    assert_eq!(o.deadlines[3].task_id.as_deref(), Some(task));
    assert_eq!(o.deadlines[0].task_id, None);
    // A limit over before the issue date is kept, and reported.
    let past: Vec<&str> = o
        .diagnostics
        .iter()
        .filter(|d| d.stage == "deadlines")
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(past.len(), 1, "{past:?}");
    assert!(past[0].contains("2022年12月底前"));
}
