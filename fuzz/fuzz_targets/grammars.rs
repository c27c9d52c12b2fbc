//! Any text through every grammar: deadlines, unit tails and prose, rosters, headings,
//! document numbers and dates.
#![no_main]
use gongwen::grammar::{assign, dates, deadline, docnum, headings, roster};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|s: &str| {
    let a = deadline::Anchor {
        date: Some(jiff::civil::date(2023, 3, 8)),
        year: Some(2023),
    };
    let _ = deadline::find(s, &a);
    let _ = assign::tails(s);
    let _ = assign::statements(s);
    let _ = assign::unit_list(s, 0..s.len());
    let _ = roster::prose_roles(s);
    let _ = roster::group_phrase(s);
    let _ = headings::marker(s);
    let _ = docnum::doc_number(s);
    let _ = dates::ymd(s);
});
