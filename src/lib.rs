//! gongwen (公文): noisy PDF/OCR text of Chinese local-government documents →
//! clean, normalised, source-traceable datasets.
//!
//! The pipeline, one module per stage:
//! [`decode`] → [`clean`] (with an offset map back to the source) → [`segment`]
//! (documents, blocks) → [`extract`] (one module per dataset) → [`sink`] (Parquet /
//! JSON Lines). [`pipeline`] strings them together for one file; [`run`] runs many
//! files in parallel with deterministic output; [`eval`] scores a run against gold.

pub mod align;
pub mod clean;
pub mod compare;
pub mod decode;
pub mod duplicates;
pub mod eval;
pub mod extract;
pub mod grammar;
pub mod lexicon;
pub mod model;
pub mod normalise;
pub mod pipeline;
pub mod review;
pub mod run;
pub mod schema;
pub mod segment;
pub mod sink;
pub mod source;
pub mod utf8;
