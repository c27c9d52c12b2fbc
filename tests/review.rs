//! The review page in a real browser: headless Chromium loads it, the record count it
//! shows equals the Parquet count for the document, and a screenshot is saved to
//! `target/review/`. Skipped when Chromium is missing, unless GONGWEN_REQUIRE_CHROMIUM
//! is set (CI installs Chromium and sets it).

mod common;
use std::process::Command;

fn chromium() -> Option<&'static str> {
    ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|c| {
            Command::new(c)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
}

#[test]
fn the_review_page_shows_every_record_of_its_document() {
    let Some(browser) = chromium() else {
        assert!(
            std::env::var_os("GONGWEN_REQUIRE_CHROMIUM").is_none(),
            "Chromium is required here"
        );
        eprintln!("no Chromium: review page not checked in a browser");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let run = dir.path().join("run");
    let bin = env!("CARGO_BIN_EXE_gongwen");
    assert!(
        Command::new(bin)
            .args(["run", "-q", "-o"])
            .arg(&run)
            .arg(common::corpus_dir())
            .status()
            .unwrap()
            .success()
    );
    let doc = "hebei-langfang-2023#006";
    let page = dir.path().join("page.html");
    assert!(
        Command::new(bin)
            .args(["review"])
            .arg(&run)
            .arg("--input")
            .arg(common::corpus_dir())
            .args(["--doc", doc, "-o"])
            .arg(&page)
            .status()
            .unwrap()
            .success()
    );
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "no network resources"
    );

    // What Parquet holds for the document.
    let mut want = 0;
    for ds in [
        "provisions",
        "rosters",
        "assignments",
        "deadlines",
        "tables",
        "indicators",
    ] {
        want += gongwen::eval::load::parquet(&run.join(format!("{ds}.parquet")))
            .unwrap()
            .iter()
            .filter(|r| r["doc_id"] == doc)
            .count();
    }
    // What the browser shows.
    let url = format!("file://{}", page.display());
    let dom = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--dump-dom",
            &url,
        ])
        .output()
        .unwrap();
    let dom = String::from_utf8_lossy(&dom.stdout);
    let shown: usize = dom
        .split("id=\"record-count\">")
        .nth(1)
        .and_then(|s| s.split('<').next())
        .and_then(|n| n.parse().ok())
        .expect("record count in the rendered page");
    assert_eq!(shown, want);
    let rendered = dom.matches("class=\"rec ").count();
    assert_eq!(rendered, want, "one side-panel entry per record");

    let shots = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/review");
    std::fs::create_dir_all(&shots).unwrap();
    let shot = shots.join("hebei-langfang-2023_006.png");
    let st = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--window-size=1400,900",
        ])
        .arg(format!("--screenshot={}", shot.display()))
        .arg(&url)
        .output()
        .unwrap();
    assert!(
        st.status.success() && shot.exists(),
        "screenshot at {}",
        shot.display()
    );
    eprintln!("screenshot: {}", shot.display());
}
