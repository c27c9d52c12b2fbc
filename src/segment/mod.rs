//! Segment: a cleaned file → documents ([`documents`]) and each document → blocks
//! ([`blocks`]). Works on paragraphs of [`crate::clean::Cleaned`]; it finds boundaries
//! and kinds, it does not read fields out of them (that is [`crate::extract`]).

pub mod blocks;
pub mod documents;

pub use blocks::{Block, BlockKind};
pub use documents::{DocKind, DocSpan};
