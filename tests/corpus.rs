//! The bundled corpus end to end: document counts from the surveys, provenance that
//! points at the right bytes, and the offset map checked on every kept line.

mod common;
use common::{comparable, corpus_files};
use gongwen::clean::clean;
use gongwen::decode::decode;
use gongwen::pipeline::process_bytes;

#[test]
fn document_counts_match_the_surveys() {
    let want = [
        ("hebei-dingzhou-2022-2023.txt", 20),
        ("hebei-julu-2023-gazette.txt", 20),
        ("hebei-langfang-2023.txt", 33),
        ("hebei-quyang-2022-compilation.txt", 8),
        ("hebei-quyang-2022-scan.txt", 8),
    ];
    let files = corpus_files();
    assert_eq!(files.len(), want.len());
    for ((name, bytes), (wname, n)) in files.iter().zip(want) {
        assert_eq!(name, wname);
        let out = process_bytes(name, bytes);
        assert_eq!(out.documents.len(), n, "{name}");
        assert!(
            out.diagnostics
                .iter()
                .all(|d| d.severity != gongwen::model::Severity::Error),
            "{name}: {:?}",
            out.diagnostics
        );
    }
}

#[test]
fn every_kept_line_maps_back_to_its_source_bytes() {
    for (name, bytes) in corpus_files() {
        let src = decode(&name, &bytes).unwrap().source;
        let c = clean(&src);
        for l in &c.lines {
            let (a, b) = c.map.span(l.start, l.end);
            let raw = std::str::from_utf8(&bytes[src.byte_of(a) as usize..src.byte_of(b) as usize])
                .unwrap();
            assert_eq!(
                comparable(raw),
                comparable(&c.text[l.start..l.end]),
                "{name}:{}",
                l.line
            );
            if l.start < l.end {
                // (An empty TAB cell has an empty span: only its `line` field places it.)
                assert_eq!(src.line_of(a), l.line, "{name}: line number of {raw:?}");
            }
        }
    }
}

#[test]
fn record_provenance_lies_inside_its_document_and_holds_its_text() {
    for (name, bytes) in corpus_files() {
        let out = process_bytes(&name, &bytes);
        for d in &out.documents {
            assert!(d.prov.byte_start < d.prov.byte_end && d.prov.byte_end <= bytes.len() as u64);
            let raw = comparable(
                std::str::from_utf8(&bytes[d.prov.byte_start as usize..d.prov.byte_end as usize])
                    .unwrap(),
            );
            if let Some(n) = &d.doc_number_raw {
                assert!(raw.contains(&comparable(n)), "{name} {}: {n}", d.doc_id);
            }
            for p in out.provisions.iter().filter(|p| p.doc_id == d.doc_id) {
                assert!(
                    p.prov.byte_start >= d.prov.byte_start && p.prov.byte_end <= d.prov.byte_end,
                    "{}",
                    p.provision_id
                );
                assert!(
                    p.prov.line_start >= d.prov.line_start && p.prov.line_end <= d.prov.line_end
                );
                let src = comparable(
                    std::str::from_utf8(
                        &bytes[p.prov.byte_start as usize..p.prov.byte_end as usize],
                    )
                    .unwrap(),
                );
                // The start of a provision's first paragraph is printed inside its span
                // (later paragraphs may have page furniture between them).
                let head: String = comparable(p.text.lines().next().unwrap_or(""))
                    .chars()
                    .take(10)
                    .collect();
                assert!(
                    src.contains(&head),
                    "{}: {head:?} not in source span",
                    p.provision_id
                );
            }
        }
    }
}

#[test]
fn titles_and_numbers_of_a_few_documents() {
    let files = corpus_files();
    let julu = files.iter().find(|(n, _)| n.contains("julu")).unwrap();
    let out = process_bytes(&julu.0, &julu.1);
    let d = &out.documents[14];
    assert_eq!(d.doc_number.as_deref(), Some("巨政办字〔2023〕18号"));
    assert_eq!(
        d.enclosed_title.as_deref(),
        Some("巨鹿县紧密型县域医共体建设提质扩面推进方案")
    );
    assert_eq!(
        gongwen::sink::jsonl::date_string(d.issue_date.unwrap()),
        "2023-05-23"
    );
    let scan = files.iter().find(|(n, _)| n.contains("scan")).unwrap();
    let out = process_bytes(&scan.0, &scan.1);
    assert_eq!(
        out.documents[1].doc_number.as_deref(),
        Some("曲府办〔2022〕65号")
    );
    assert_eq!(
        out.documents[1].doc_number_raw.as_deref(),
        Some("〔2022〕曲府办 65 号")
    );
    assert_eq!(
        out.documents[3].title.as_deref(),
        Some("关于做好2022年全县农村居民最低生活保障标准和农村特困人员救助供养标准提高工作的通知")
    );
}
