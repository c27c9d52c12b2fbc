//! The generality set (`data/generality/`): documents imitating other provinces' print,
//! with gold written by someone who never ran gongwen on them. The floors are the
//! figures reached when the set was added and the grammars first generalised to it
//! (session 11): a change that loses ground on text the grammars were not developed on
//! fails here, even when the Hebei corpus still scores well.

use std::path::Path;
use std::process::Command;

fn gongwen() -> Command {
    Command::new(env!("CARGO_BIN_EXE_gongwen"))
}

/// F1 floor per dataset (rounded down from the figures in the README).
const FLOORS: [(&str, f64); 6] = [
    ("documents", 0.99),
    ("rosters", 0.99),
    ("assignments", 0.99),
    ("deadlines", 0.99),
    ("provisions", 0.98),
    ("indicators", 0.99),
];

#[test]
fn the_generality_set_keeps_its_scores() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/generality");
    let dir = tempfile::tempdir().unwrap();
    let run = gongwen()
        .args(["run", "-q", "-o"])
        .arg(dir.path())
        .arg(root.join("corpus"))
        .status()
        .unwrap();
    assert_eq!(run.code(), Some(0));
    let out = gongwen()
        .arg("eval")
        .arg("--gold")
        .arg(root.join("gold"))
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    let report = String::from_utf8_lossy(&out.stdout);
    let scores: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("eval.json")).unwrap()).unwrap();
    for (name, floor) in FLOORS {
        let f1 = scores
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["dataset"] == name)
            .and_then(|d| d["overall"]["f1"].as_f64())
            .unwrap_or_else(|| panic!("no {name} in {report}"));
        assert!(f1 >= floor, "{name}: F1 {f1:.3} < {floor}\n{report}");
    }
}
