//! The `gongwen` binary: determinism across thread counts, exit codes, bad input,
//! atomic output, and the eval gate on the bundled corpus.

mod common;
use std::path::Path;
use std::process::Command;

fn gongwen() -> Command {
    Command::new(env!("CARGO_BIN_EXE_gongwen"))
}

/// `gongwen run -q <args> -o <out> data/corpus`, which must succeed.
fn run_corpus_with(out: &Path, args: &[&str]) {
    let st = gongwen()
        .args(["run", "-q"])
        .args(args)
        .arg("-o")
        .arg(out)
        .arg(common::corpus_dir())
        .status()
        .unwrap();
    assert!(st.success(), "gongwen run {args:?}");
}

fn run_corpus(out: &Path, threads: &str) {
    run_corpus_with(out, &["--threads", threads]);
}

fn run_corpus_jsonl(out: &Path) {
    run_corpus_with(out, &["--format", "jsonl"]);
}

#[test]
fn output_is_byte_identical_for_1_and_8_threads() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("t1"), dir.path().join("t8"));
    run_corpus(&a, "1");
    run_corpus(&b, "8");
    for ds in [
        "documents",
        "provisions",
        "rosters",
        "assignments",
        "deadlines",
        "tables",
        "indicators",
        "diagnostics",
    ] {
        let f = format!("{ds}.parquet");
        let (x, y) = (
            std::fs::read(a.join(&f)).unwrap(),
            std::fs::read(b.join(&f)).unwrap(),
        );
        assert!(!x.is_empty());
        assert!(x == y, "{f} differs between --threads 1 and 8");
    }
    // No temp files are left behind.
    assert!(
        std::fs::read_dir(&a).unwrap().all(|e| !e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .starts_with('.'))
    );
}

#[test]
fn eval_on_the_bundled_corpus_meets_the_bar() {
    let dir = tempfile::tempdir().unwrap();
    run_corpus(dir.path(), "2");
    let gold = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/gold");
    let out = gongwen()
        .arg("eval")
        .arg("--gold")
        .arg(&gold)
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(report.contains("== documents =="), "{report}");
    let scores: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("eval.json")).unwrap()).unwrap();
    let docs = &scores[0];
    assert!(docs["overall"]["f1"].as_f64().unwrap() >= 0.98, "{report}");
    for f in ["doc_number", "issue_date", "title"] {
        assert!(
            docs["fields"][f]["accuracy"].as_f64().unwrap() >= 0.95,
            "{f}: {report}"
        );
    }
    // The issue targets: rosters F1 ≥ 0.98 with position ≥ 0.95; assignments F1 ≥ 0.95
    // with canonical unit ≥ 0.95 of matched records; deadlines F1 ≥ 0.95.
    let by_name = |n: &str| {
        scores
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["dataset"] == n)
            .unwrap_or_else(|| panic!("no {n} in {report}"))
            .clone()
    };
    let rosters = by_name("rosters");
    assert!(
        rosters["overall"]["f1"].as_f64().unwrap() >= 0.98,
        "{report}"
    );
    assert!(
        rosters["fields"]["position"]["accuracy"].as_f64().unwrap() >= 0.95,
        "{report}"
    );
    let assignments = by_name("assignments");
    assert!(
        assignments["overall"]["f1"].as_f64().unwrap() >= 0.95,
        "{report}"
    );
    // Deadlines: F1 ≥ 0.95 with exact end_date (the match key).
    let deadlines = by_name("deadlines");
    assert!(
        deadlines["overall"]["f1"].as_f64().unwrap() >= 0.95,
        "{report}"
    );
    // Tables: every TAB-laid-out gold table is found with its structure (adjacency F1).
    let tables = by_name("tables");
    // The structure target: mean adjacency F1 ≥ 0.90 over the gold tables.
    assert!(
        tables["mean_adjacency_f1"].as_f64().unwrap() >= 0.90,
        "{report}"
    );
    // No gold table undetected; TAB layouts keep their structure exactly enough.
    for t in tables["tables"].as_array().unwrap() {
        assert!(t["detected"].as_bool().unwrap(), "{t}");
        if t["layout"].as_str().unwrap().starts_with("tab_") {
            assert!(t["adjacency_f1"].as_f64().unwrap() >= 0.9, "{t}");
        }
    }
    // Indicators: F1 ≥ 0.95 on the indicator name (the match key), and the values
    // right once matched.
    let indicators = by_name("indicators");
    assert!(
        indicators["overall"]["f1"].as_f64().unwrap() >= 0.95,
        "{report}"
    );
    for f in ["target_text", "baseline_text", "target_value", "comparator"] {
        assert!(
            indicators["fields"][f]["matched_accuracy"]
                .as_f64()
                .unwrap()
                >= 0.95,
            "{f}: {report}"
        );
    }
    // Provisions: the heading tree (marker + lines) and, once matched, its level and
    // where the provision's own text stops.
    let provisions = by_name("provisions");
    assert!(
        provisions["overall"]["f1"].as_f64().unwrap() >= 0.95,
        "{report}"
    );
    for f in ["level", "kind", "line_end"] {
        assert!(
            provisions["fields"][f]["matched_accuracy"]
                .as_f64()
                .unwrap()
                >= 0.95,
            "{f}: {report}"
        );
    }
    // Canonical-unit accuracy on matched records (the target).
    assert!(
        assignments["fields"]["unit"]["matched_accuracy"]
            .as_f64()
            .unwrap()
            >= 0.95,
        "{report}"
    );
}

#[test]
fn bad_files_are_diagnostics_and_exit_code_1_while_good_files_complete() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::write(input.join("binary.txt"), b"%PDF-1.7\0\0\x01\x02").unwrap();
    std::fs::write(input.join("empty.txt"), b"").unwrap();
    std::fs::copy(
        common::corpus_dir().join("hebei-quyang-2022-scan.txt"),
        input.join("scan.txt"),
    )
    .unwrap();
    let out = dir.path().join("out");
    let res = gongwen()
        .args(["run", "--format", "jsonl", "-o"])
        .arg(&out)
        .arg(&input)
        .output()
        .unwrap();
    assert_eq!(res.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&res.stderr);
    assert!(stderr.contains("binary.txt"), "{stderr}");
    let diags = std::fs::read_to_string(out.join("diagnostics.jsonl")).unwrap();
    assert!(
        diags.contains("\"binary.txt\"") && diags.contains("\"error\""),
        "{diags}"
    );
    assert!(diags.contains("\"empty.txt\""), "{diags}");
    let docs = std::fs::read_to_string(out.join("documents.jsonl")).unwrap();
    assert_eq!(
        docs.lines().count(),
        8,
        "the good file's documents are all there"
    );
}

#[test]
fn bad_usage_exits_2() {
    assert_eq!(gongwen().arg("run").status().unwrap().code(), Some(2));
    assert_eq!(
        gongwen().args(["frobnicate"]).status().unwrap().code(),
        Some(2)
    );
}

#[test]
fn a_missing_input_is_an_error_row_not_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let res = gongwen()
        .args(["run", "-q", "--format", "jsonl", "-o"])
        .arg(dir.path())
        .arg(dir.path().join("nope.txt"))
        .output()
        .unwrap();
    assert_eq!(res.status.code(), Some(1));
    let diags = std::fs::read_to_string(dir.path().join("diagnostics.jsonl")).unwrap();
    assert!(diags.contains("nope.txt"));
}

#[test]
fn shards_split_the_inputs_exactly_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut docs = Vec::new();
    for i in 1..=3 {
        let out = dir.path().join(format!("s{i}"));
        run_corpus_with(&out, &["--format", "jsonl", "--shard", &format!("{i}/3")]);
        let text = std::fs::read_to_string(out.join("documents.jsonl")).unwrap();
        docs.extend(text.lines().map(str::to_owned));
    }
    let whole = dir.path().join("all");
    run_corpus_jsonl(&whole);
    let mut all: Vec<String> = std::fs::read_to_string(whole.join("documents.jsonl"))
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect();
    // A copy is marked only when its first printing is in the same run (shard): compare
    // without the mark.
    let unmarked = |v: &mut Vec<String>| {
        for l in v.iter_mut() {
            let mut d: serde_json::Value = serde_json::from_str(l).unwrap();
            d["duplicate_of"] = serde_json::Value::Null;
            *l = d.to_string();
        }
        v.sort();
    };
    unmarked(&mut all);
    unmarked(&mut docs);
    assert_eq!(docs, all);
    // A bad shard is a usage error.
    let st = gongwen()
        .args(["run", "-q", "--shard", "4/3", "-o"])
        .arg(dir.path().join("bad"))
        .arg(common::corpus_dir())
        .status()
        .unwrap();
    assert_eq!(st.code(), Some(2));
}

#[test]
fn partitioned_output_holds_the_same_records_in_hive_folders() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("p");
    run_corpus_with(
        &out,
        &["--format", "jsonl", "--partition", "jurisdiction,year"],
    );
    let whole = dir.path().join("all");
    run_corpus_jsonl(&whole);
    for ds in ["documents", "assignments", "deadlines"] {
        let mut parts = Vec::new();
        let mut stack = vec![out.join(ds)];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    let name = p.file_name().unwrap().to_string_lossy().into_owned();
                    assert!(
                        name.starts_with("jurisdiction=") || name.starts_with("year="),
                        "{name}"
                    );
                    stack.push(p);
                } else {
                    assert_eq!(p.file_name().unwrap(), "part-0.jsonl");
                    let text = std::fs::read_to_string(&p).unwrap();
                    parts.extend(text.lines().map(str::to_owned));
                }
            }
        }
        let mut all: Vec<String> = std::fs::read_to_string(whole.join(format!("{ds}.jsonl")))
            .unwrap()
            .lines()
            .map(str::to_owned)
            .collect();
        all.sort();
        parts.sort();
        assert_eq!(parts, all, "{ds}");
    }
}

#[test]
fn every_parquet_compression_holds_the_same_rows() {
    let dir = tempfile::tempdir().unwrap();
    let zstd = dir.path().join("zstd");
    run_corpus(&zstd, "2");
    for codec in ["snappy", "lz4", "none"] {
        let out = dir.path().join(codec);
        run_corpus_with(&out, &["--compression", codec]);
        for ds in ["documents", "provisions", "assignments", "tables"] {
            let a = gongwen::eval::load::run_rows(&zstd, ds).unwrap();
            let b = gongwen::eval::load::run_rows(&out, ds).unwrap();
            assert!(!a.is_empty(), "{ds}");
            assert!(a == b, "{codec}: {ds} differs from zstd");
        }
        let size = |d: &Path| {
            std::fs::metadata(d.join("provisions.parquet"))
                .unwrap()
                .len()
        };
        if codec == "none" {
            assert!(size(&out) > size(&zstd), "uncompressed is not larger");
        }
    }
}

#[test]
fn compare_writes_every_view_as_parquet_and_csv() {
    let dir = tempfile::tempdir().unwrap();
    let run = dir.path().join("run");
    run_corpus(&run, "2");
    let views = dir.path().join("views");
    let st = gongwen()
        .args(["compare"])
        .arg(&run)
        .arg("-o")
        .arg(&views)
        .status()
        .unwrap();
    assert!(st.success());
    for v in [
        "tasks_by_unit_category",
        "roster_heads",
        "roster_units",
        "deadline_months",
        "indicators_side_by_side",
    ] {
        let rows = gongwen::eval::load::parquet(&views.join(format!("{v}.parquet"))).unwrap();
        let csv = std::fs::read_to_string(views.join(format!("{v}.csv"))).unwrap();
        assert_eq!(csv.lines().count(), rows.len() + 1, "{v}");
        assert!(!rows.is_empty(), "{v}");
    }
}

#[test]
fn align_finds_the_corpus_policy_pairs_and_no_others() {
    let dir = tempfile::tempdir().unwrap();
    let run = dir.path().join("run");
    run_corpus(&run, "2");
    let st = gongwen().arg("align").arg(&run).status().unwrap();
    assert!(st.success());
    let rows = gongwen::eval::load::parquet(&run.join("alignments.parquet")).unwrap();
    let mut pairs: Vec<(String, String)> = rows
        .iter()
        .map(|r| {
            (
                r["doc_a"].as_str().unwrap().to_owned(),
                r["doc_b"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    pairs.sort();
    pairs.dedup();
    // 十四五 医疗卫生 plans (定州, 巨鹿, and 廊坊's 区域卫生规划), 食品安全事故应急预案
    // (定州, 巨鹿), 促进残疾人就业三年行动 (巨鹿, 廊坊).
    let want = [
        (
            "hebei-dingzhou-2022-2023#001",
            "hebei-julu-2023-gazette#011",
        ),
        ("hebei-dingzhou-2022-2023#001", "hebei-langfang-2023#007"),
        (
            "hebei-dingzhou-2022-2023#003",
            "hebei-julu-2023-gazette#018",
        ),
        ("hebei-julu-2023-gazette#008", "hebei-langfang-2023#013"),
        ("hebei-julu-2023-gazette#011", "hebei-langfang-2023#007"),
    ];
    let want: Vec<(String, String)> = want
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(pairs, want);
}
