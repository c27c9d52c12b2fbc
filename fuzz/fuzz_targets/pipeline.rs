//! Any bytes through decode → clean → segment → every extractor: never panics (a panic
//! inside an extractor would show as an `extract` error diagnostic, also a failure).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let out = gongwen::pipeline::process_bytes("f.txt", data);
    assert!(
        !out
            .diagnostics
            .iter()
            .any(|d| d.stage == "extract" && d.message.starts_with("extractor failed"))
    );
});
