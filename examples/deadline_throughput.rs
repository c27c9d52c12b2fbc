//! Throughput of the deadline grammar alone, for `scripts/compare_jionlp.py`: reads JSON
//! lines `{"text": …, "date": "YYYY-MM-DD" | null, "year": n | null}` (texts with
//! whitespace removed) and runs `grammar::deadline::find` over them until at least a
//! second has passed. Prints `bytes seconds limits_per_pass` on one line.

use gongwen::grammar::deadline::{Anchor, find};
use std::io::Read;
use std::time::Instant;

fn main() -> anyhow::Result<()> {
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input)?;
    let mut docs = Vec::new();
    for line in input.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line)?;
        let date = v["date"].as_str().and_then(|d| d.parse().ok());
        let year = v["year"].as_i64().and_then(|y| i16::try_from(y).ok());
        let text = v["text"].as_str().unwrap_or("").to_owned();
        docs.push((text, Anchor { date, year }));
    }
    let bytes: usize = docs.iter().map(|d| d.0.len()).sum();
    let start = Instant::now();
    let (mut passes, mut found) = (0u64, 0usize);
    while passes == 0 || start.elapsed().as_secs_f64() < 1.0 {
        found = docs.iter().map(|(t, a)| find(t, a).len()).sum();
        passes += 1;
    }
    let secs = start.elapsed().as_secs_f64() / passes as f64;
    println!("{bytes} {secs} {found}");
    Ok(())
}
