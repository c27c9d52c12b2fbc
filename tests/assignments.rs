//! Assignment forms the bundled corpus lacks but other provinces print, one fixture each
//! (tests/fixtures/assignments/<form>.txt).

use gongwen::model::AssignmentRec;
use gongwen::pipeline::process_text;

fn fixture(name: &str) -> Vec<AssignmentRec> {
    let path = format!(
        "{}/tests/fixtures/assignments/{name}.txt",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).expect("fixture");
    process_text(&format!("{name}.txt"), &text).assignments
}

/// (unit_raw, role, unit) of every record, in reading order.
fn units(rs: &[AssignmentRec]) -> Vec<(&str, &str, &str)> {
    rs.iter()
        .map(|r| (r.unit_raw.as_str(), r.role, r.unit.as_deref().unwrap_or("")))
        .collect()
}

#[test]
fn provincial_lead_and_customs_cooperating() {
    let rs = fixture("other-province-lead-and-cooperate");
    assert_eq!(
        units(&rs),
        vec![
            ("省商务厅", "lead", "安徽省商务厅"),
            ("合肥海关", "cooperate", "合肥海关"),
            ("省商务厅", "responsible", "安徽省商务厅"),
            ("省发展改革委", "responsible", "安徽省发展和改革委员会"),
        ]
    );
    assert!(rs[0].task.ends_with("压缩整体通关时间"), "{}", rs[0].task);
}

#[test]
fn traditional_characters() {
    let rs = fixture("traditional");
    let got: Vec<(&str, &str)> = rs.iter().map(|r| (r.unit_raw.as_str(), r.role)).collect();
    assert_eq!(
        got,
        vec![
            ("縣農業農村局", "lead"),
            ("縣財政局", "responsible"),
            ("縣商務局", "responsible"),
            ("縣住建局", "responsible"),
            ("縣衛健局", "responsible"),
        ]
    );
}

#[test]
fn a_label_on_its_own_line_and_prose() {
    let rs = fixture("label-on-its-own-line");
    let got: Vec<(&str, &str, &str)> = rs
        .iter()
        .map(|r| (r.unit_raw.as_str(), r.role, r.pattern))
        .collect();
    assert_eq!(
        got,
        vec![
            ("县行政审批局", "responsible", "labelled"),
            ("县市场监管局", "responsible", "labelled"),
            ("县税务局", "responsible", "labelled"),
            ("县发改局", "lead", "labelled"),
            ("县供电公司", "responsible", "labelled"),
            ("县发改局", "lead", "prose_lead"),
            ("县财政局", "cooperate", "prose_lead"),
            ("县司法局", "cooperate", "prose_lead"),
            ("县审批局", "lead", "prose_jointly"),
            ("县市场监管局", "cooperate", "prose_jointly"),
        ]
    );
    // A label on its own line governs the paragraph before it.
    assert!(
        rs[0].task.starts_with("1.压缩企业开办时间"),
        "{}",
        rs[0].task
    );
    assert!(
        rs[3].task.starts_with("2.提升获得电力水平"),
        "{}",
        rs[3].task
    );
    // Units are normalised against the document's own county.
    assert_eq!(rs[3].unit.as_deref(), Some("某县发展和改革局"));
}
