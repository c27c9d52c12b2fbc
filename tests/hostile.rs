//! Hostile and broken inputs: each case states exactly what a run does with it. The run
//! always finishes; every problem is a diagnostic with its place; the exit code says
//! whether an input failed (1) or the output could not be written (3).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

struct Run {
    code: i32,
    out: PathBuf,
    took: Duration,
    _dir: tempfile::TempDir,
}

impl Run {
    fn rows(&self, dataset: &str) -> Vec<serde_json::Value> {
        std::fs::read_to_string(self.out.join(format!("{dataset}.jsonl")))
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }

    /// (severity, stage, message, line_start) of every diagnostic.
    fn diags(&self) -> Vec<(String, String, String, Option<i64>)> {
        self.rows("diagnostics")
            .iter()
            .map(|d| {
                (
                    d["severity"].as_str().unwrap().to_owned(),
                    d["stage"].as_str().unwrap().to_owned(),
                    d["message"].as_str().unwrap().to_owned(),
                    d["line_start"].as_i64(),
                )
            })
            .collect()
    }
}

/// Run gongwen on files written by `make` into a fresh input folder.
fn run_on(make: impl FnOnce(&Path)) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    make(&input);
    let out = dir.path().join("out");
    let start = Instant::now();
    let st = Command::new(env!("CARGO_BIN_EXE_gongwen"))
        .args(["run", "-q", "--format", "jsonl", "-o"])
        .arg(&out)
        .arg(&input)
        .status()
        .unwrap();
    Run {
        code: st.code().unwrap_or(-1),
        out,
        took: start.elapsed(),
        _dir: dir,
    }
}

fn one(name: &str, bytes: impl AsRef<[u8]>) -> Run {
    let bytes = bytes.as_ref().to_vec();
    let name = name.to_owned();
    run_on(move |d| std::fs::write(d.join(name), bytes).unwrap())
}

const NOTICE: &str = "某县人民政府\n关于印发工作方案的通知\n各乡镇：现将方案印发给你们。\n";

#[test]
fn empty_and_blank_files_hold_no_document() {
    for (name, text) in [("empty.txt", ""), ("blank.txt", "  \n\t\n\u{3000}\n")] {
        let r = one(name, text);
        assert_eq!(r.code, 0);
        assert!(r.rows("documents").is_empty());
        let d = r.diags();
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!((d[0].0.as_str(), d[0].1.as_str()), ("warning", "segment"));
        assert!(d[0].2.contains("no text"));
    }
}

#[test]
fn binary_and_pdf_files_are_errors_and_skipped() {
    let binary: Vec<u8> = (0..4096u32).map(|i| (i * 7 % 256) as u8).collect();
    let r = one("binary.txt", binary);
    assert_eq!(r.code, 1);
    assert!(r.rows("documents").is_empty());
    assert!(r.diags()[0].2.contains("binary"), "{:?}", r.diags());
    let r = one(
        "scan.txt",
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n",
    );
    assert_eq!(r.code, 1);
    assert!(r.diags()[0].2.contains("PDF"), "{:?}", r.diags());
}

#[test]
fn a_utf8_sequence_cut_off_at_the_end_is_repaired_and_reported() {
    let mut bytes = NOTICE.as_bytes().to_vec();
    bytes.extend_from_slice(&"测".as_bytes()[..2]);
    let r = one("cut.txt", bytes);
    assert_eq!(r.code, 0);
    let docs = r.rows("documents");
    assert_eq!(docs[0]["encoding"], "UTF-8");
    assert_eq!(docs[0]["title"], "关于印发工作方案的通知");
    let d = r.diags();
    assert!(
        d.iter()
            .any(|x| x.1 == "decode" && x.0 == "warning" && x.3 == Some(4)),
        "{d:?}"
    );
}

#[test]
fn gbk_with_invalid_bytes_keeps_the_rest() {
    let (mut bytes, _, _) = encoding_rs::GBK.encode(NOTICE);
    let mut bytes = bytes.to_mut().clone();
    bytes.extend_from_slice(b"\xff\xfe\x81\n");
    bytes.extend_from_slice(&encoding_rs::GBK.encode("二、工作要求\n").0);
    let r = one("gbk.txt", bytes);
    assert_eq!(r.code, 0);
    let docs = r.rows("documents");
    assert_eq!(docs[0]["encoding"], "gb18030");
    assert_eq!(docs[0]["issuer"], "某县人民政府");
    assert!(r.diags().iter().any(|x| x.1 == "decode" && x.3 == Some(4)));
}

#[test]
fn utf16_without_a_bom_is_recognised_in_both_byte_orders() {
    for (enc, name) in [
        (encoding_rs::UTF_16LE, "UTF-16LE"),
        (encoding_rs::UTF_16BE, "UTF-16BE"),
    ] {
        // encoding_rs only encodes to UTF-8-compatible encodings: build the bytes by hand.
        let units: Vec<u16> = NOTICE.encode_utf16().collect();
        let bytes: Vec<u8> = units
            .iter()
            .flat_map(|u| {
                if enc == encoding_rs::UTF_16LE {
                    u.to_le_bytes()
                } else {
                    u.to_be_bytes()
                }
            })
            .collect();
        let r = one("utf16.txt", bytes);
        assert_eq!(r.code, 0, "{name}");
        let docs = r.rows("documents");
        assert_eq!(docs[0]["encoding"], name);
        assert_eq!(docs[0]["issuer"], "某县人民政府");
    }
}

#[test]
fn a_50_mb_line_without_newline_finishes() {
    let line = format!("到2025年完成{}", "测试文本，".repeat(3_400_000));
    assert!(line.len() > 50_000_000);
    let r = one("line.txt", line);
    assert_eq!(r.code, 0);
    assert_eq!(r.rows("documents").len(), 1);
    assert!(r.took < Duration::from_secs(120), "{:?}", r.took);
    // The one limit in it is still found.
    assert_eq!(r.rows("deadlines")[0]["text"], "到2025年");
}

#[test]
fn a_hundred_thousand_tiny_files() {
    let r = run_on(|d| {
        for i in 0..100_000 {
            std::fs::write(
                d.join(format!("{i:06}.txt")),
                format!("某县人民政府\n关于第{i}号事项的通知\n"),
            )
            .unwrap();
        }
    });
    assert_eq!(r.code, 0);
    assert_eq!(r.rows("documents").len(), 100_000);
}

#[test]
fn ten_thousand_nested_brackets_stay_fast() {
    let text = format!(
        "{NOTICE}{}县发改局{}\n",
        "（".repeat(10_000),
        "）".repeat(10_000)
    );
    let r = one("nested.txt", text);
    assert_eq!(r.code, 0);
    assert!(r.took < Duration::from_secs(10), "{:?}", r.took);
}

#[test]
fn a_roster_label_with_nobody_and_a_table_with_only_a_header() {
    let r = one(
        "forms.txt",
        format!("{NOTICE}组长：\n\n附件\n\n登记表\n\n\t序号\n\t姓名\n\t单位\n"),
    );
    assert_eq!(r.code, 0);
    assert!(r.rows("rosters").is_empty());
    let d = r.diags();
    assert!(
        d.iter().any(|x| x.1 == "rosters" && x.3 == Some(4)),
        "{d:?}"
    );
    assert!(
        d.iter().any(|x| x.1 == "tables" && x.2.contains("no rows")),
        "{d:?}"
    );
}

#[test]
fn impossible_numbers_and_dates_are_not_read() {
    let r = one(
        "dates.txt",
        "某县人民政府\n关于印发方案的通知\n某政〔202300000〕1号\n于2023年13月45日前完成，2月30日前上报。\n",
    );
    assert_eq!(r.code, 0);
    let docs = r.rows("documents");
    assert_eq!(docs[0]["doc_number"], serde_json::Value::Null);
    assert!(r.rows("deadlines").is_empty(), "{:?}", r.rows("deadlines"));
}

#[cfg(unix)]
#[test]
fn folder_links_are_not_followed_and_broken_links_are_errors() {
    let r = run_on(|d| {
        std::fs::write(d.join("notice.txt"), NOTICE).unwrap();
        std::os::unix::fs::symlink(d, d.join("loop")).unwrap();
        std::os::unix::fs::symlink(d.join("gone"), d.join("gone.txt")).unwrap();
    });
    assert_eq!(r.code, 1);
    assert_eq!(r.rows("documents").len(), 1);
    let d = r.diags();
    assert!(
        d.iter()
            .any(|x| x.0 == "warning" && x.2.contains("not followed")),
        "{d:?}"
    );
    assert!(
        d.iter().any(|x| x.0 == "error" && x.2.contains("broken")),
        "{d:?}"
    );
}

#[test]
fn an_output_folder_that_cannot_be_made_is_exit_3() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a-file");
    std::fs::write(&file, "x").unwrap();
    let input = dir.path().join("notice.txt");
    std::fs::write(&input, NOTICE).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_gongwen"))
        .args(["run", "-q", "-o"])
        .arg(file.join("out"))
        .arg(&input)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot create the output folder"));
}
