//! Extractors: one module per dataset, each turning a document's blocks into records.
//!
//! Extractors see cleaned text and return records with provenance already mapped to the
//! source (through [`Ctx::prov`]); they never read the raw file.

pub mod documents;
pub mod provisions;

use crate::clean::Cleaned;
use crate::model::Prov;
use crate::segment::{Block, DocSpan};
use crate::source::Source;
use std::sync::Arc;

/// What every extractor gets for one document.
pub struct Ctx<'a> {
    pub src: &'a Source,
    pub cleaned: &'a Cleaned,
    pub source: &'a Arc<str>,
    pub doc: &'a DocSpan,
    pub doc_id: &'a str,
    pub blocks: &'a [Block],
}

impl Ctx<'_> {
    /// Provenance of a cleaned span.
    pub fn prov(&self, start: usize, end: usize) -> Prov {
        let p = self.cleaned.provenance(self.src, start, end);
        Prov {
            source: self.source.clone(),
            line_start: p.line_start,
            line_end: p.line_end,
            byte_start: p.byte_start,
            byte_end: p.byte_end,
        }
    }

    /// Provenance of paragraphs `a..b` (exclusive).
    pub fn prov_paras(&self, a: usize, b: usize) -> Prov {
        let c = self.cleaned;
        self.prov(c.paras[a].start, c.paras[b.max(a + 1) - 1].end)
    }
}
