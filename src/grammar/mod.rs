//! Small shared nom grammars over cleaned `&str` text: numerals, dates, document numbers
//! and heading markers. Each parser is zero-copy and returns the rest of its input; none
//! knows about documents or records.

pub mod assign;
pub mod dates;
pub mod deadline;
pub mod docnum;
pub mod headings;
pub mod issuers;
pub mod numerals;
pub mod roster;

use nom::IResult;
use nom::bytes::complete::take_while;

/// Optional ASCII spaces (the clean stage has already turned every other space into one).
pub fn sp(s: &str) -> IResult<&str, &str> {
    take_while(|c| c == ' ')(s)
}
