//! Any bytes: decoding never panics, and a decoded source maps every line back.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(d) = gongwen::decode::decode("f.txt", data) {
        let s = &d.source;
        for line in 1..=s.line_count() as u32 {
            let _ = s.line_text(line);
        }
    }
});
