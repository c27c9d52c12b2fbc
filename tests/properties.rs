//! Properties over generated input (proptest), the stable-toolchain stand-in for the
//! fuzz targets in `fuzz/`:
//! - every grammar accepts any text without panicking, in time linear in its length;
//! - parse(render(x)) = x for dates and document numbers;
//! - every record's provenance lies inside its document, and its source bytes hold the
//!   record's text (whitespace removed, documented folds applied: `tests/common`).

mod common;

use gongwen::grammar::{assign, dates, deadline, docnum, headings, roster};
use proptest::prelude::*;
use std::time::{Duration, Instant};

/// Text made of the pieces grammars react to, mixed with arbitrary characters.
fn text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        prop::sample::select(vec![
            "（",
            "）",
            "(",
            ")",
            "、",
            "，",
            "。",
            "；",
            "：",
            "《",
            "》",
            "“",
            "”",
            "牵头",
            "负责",
            "会同",
            "配合",
            "参加",
            "责任单位：",
            "牵头单位：",
            "县发改局",
            "各乡镇",
            "等部门",
            "组长",
            "成员",
            "领导小组",
            "由",
            "任",
            "担任",
            "到",
            "前",
            "年",
            "月",
            "日",
            "底",
            "初",
            "每",
            "自",
            "起",
            "至",
            "—",
            "-",
            "内",
            "工作日",
            "印发之日起",
            "施行",
            "十四五",
            "期间",
            "〔",
            "〕",
            "号",
            "第",
            "条",
            "一、",
            "（一）",
            "1.",
            "2023",
            "12",
            "31",
            "二〇二五",
            "三十",
            " ",
            "\n",
            "\t",
        ])
        .prop_map(str::to_owned),
        any::<char>().prop_map(|c| c.to_string()),
    ];
    prop::collection::vec(piece, 0..200).prop_map(|v| v.concat())
}

fn anchor() -> deadline::Anchor {
    deadline::Anchor {
        date: Some(jiff::civil::date(2023, 3, 8)),
        year: Some(2023),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn grammars_take_any_text(s in text()) {
        let _ = deadline::find(&s, &anchor());
        let _ = assign::tails(&s);
        let _ = assign::statements(&s);
        let _ = assign::unit_list(&s, 0..s.len());
        let _ = roster::prose_roles(&s);
        let _ = roster::group_phrase(&s);
        let _ = headings::marker(&s);
        let _ = docnum::doc_number(&s);
        let _ = dates::ymd(&s);
        let _ = dates::date_line(&s);
    }

    #[test]
    fn dates_round_trip(y in 1900i16..2100, m in 1i8..=12, d in 1i8..=28) {
        let date = jiff::civil::date(y, m, d);
        for printed in [format!("{y}年{m}月{d}日"), format!("{y} 年 {m} 月 {d} 日")] {
            let (rest, got) = dates::ymd(&printed).unwrap();
            prop_assert_eq!(rest, "");
            prop_assert_eq!(got, date);
        }
    }

    #[test]
    fn document_numbers_round_trip(code in "[县政办字府发]{1,4}", year in 1990i32..2100, serial in 1i32..999) {
        let printed = format!("曲{code}〔{year}〕{serial}号");
        let (_, n) = docnum::doc_number(&printed).unwrap();
        prop_assert_eq!((n.year, n.serial), (year, serial));
        let (_, again) = docnum::doc_number(&n.canonical()).unwrap();
        prop_assert_eq!(again, n);
    }

    #[test]
    fn provenance_lies_in_its_document_and_holds_the_text(body in text()) {
        let src = format!("某县人民政府\n关于印发工作方案的通知\n某政办〔2023〕3号\n{body}\n");
        let out = gongwen::pipeline::process_text("p.txt", &src);
        let docs: Vec<(std::sync::Arc<str>, u64, u64)> = out
            .documents
            .iter()
            .map(|d| (d.doc_id.clone(), d.prov.byte_start, d.prov.byte_end))
            .collect();
        let inside = |doc: &str, a: u64, b: u64| {
            docs.iter().any(|(id, s, e)| &**id == doc && *s <= a && b <= *e)
        };
        let bytes = src.as_bytes();
        // Modulo whitespace and the documented folds (`**` dropped, full-width folded).
        let holds = |a: u64, b: u64, text: &str| {
            let got = common::comparable(&String::from_utf8_lossy(&bytes[a as usize..b as usize]));
            got.contains(&common::comparable(text))
        };
        for a in &out.assignments {
            prop_assert!(inside(&a.doc_id, a.prov.byte_start, a.prov.byte_end));
            prop_assert!(holds(a.prov.byte_start, a.prov.byte_end, &a.unit_raw), "{:?}", a);
        }
        for d in &out.deadlines {
            prop_assert!(inside(&d.doc_id, d.prov.byte_start, d.prov.byte_end));
            prop_assert!(holds(d.prov.byte_start, d.prov.byte_end, &d.text), "{:?}", d);
        }
        for p in &out.provisions {
            prop_assert!(inside(&p.doc_id, p.prov.byte_start, p.prov.byte_end));
        }
        // Nothing failed inside an extractor.
        prop_assert!(out.diagnostics.iter().all(|d| d.stage != "extract" || d.severity != gongwen::model::Severity::Error));
    }
}

/// Time grows linearly: the same text 10× longer takes at most ~30× longer (slack for
/// a noisy machine), for the inputs that once made grammars quadratic.
#[test]
fn no_grammar_is_quadratic_on_repetitive_input() {
    let time = |s: &str| {
        let t = Instant::now();
        let _ = deadline::find(s, &anchor());
        let _ = assign::tails(s);
        let _ = assign::statements(s);
        let _ = roster::prose_roles(s);
        let _ = roster::group_phrase(s);
        t.elapsed()
    };
    for unit in [
        "（",
        "（县发改局、",
        "到2025年底前，",
        "由县发改局牵头，",
        "组长、",
    ] {
        let small = unit.repeat(2_000);
        let large = unit.repeat(20_000);
        let (a, b) = (time(&small), time(&large));
        assert!(
            b <= a * 30 + Duration::from_millis(50),
            "{unit}: {a:?} for 2,000 repeats, {b:?} for 20,000"
        );
    }
}
