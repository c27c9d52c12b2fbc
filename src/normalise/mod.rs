//! Normalise: map names as printed to comparable canonical forms.
//!
//! Only [`units`] so far: department names with the document's jurisdiction. It never
//! drops a name: what it does not know passes through unchanged.

pub mod units;
