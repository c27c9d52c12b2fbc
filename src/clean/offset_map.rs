//! The offset map: cleaned-text offsets → decoded-text offsets.
//!
//! Cleaning drops and folds characters; the map remembers, piece by piece, which decoded
//! bytes every cleaned byte came from. A piece is either a verbatim copy (offsets move
//! together byte for byte), a fold (one cleaned character standing for a different
//! decoded run, e.g. `２` → `2`, or `〔` for `(`), or an insertion (a paragraph
//! separator with no source bytes). It does not know about lines or the file's
//! encoding: [`crate::source::Source`] finishes the trip to source bytes and lines.

/// One contiguous piece of cleaned text and where it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Piece {
    clean: usize,
    clean_len: usize,
    src: usize,
    src_len: usize,
}

impl Piece {
    fn verbatim(&self) -> bool {
        self.clean_len == self.src_len
    }
}

/// Maps spans of cleaned text to spans of decoded text.
#[derive(Debug, Default, Clone)]
pub struct OffsetMap {
    pieces: Vec<Piece>,
    clean_len: usize,
}

impl OffsetMap {
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty map with room for `pieces` pieces, so that building it reallocates
    /// nothing when the count is known (or bounded) beforehand.
    pub fn with_capacity(pieces: usize) -> Self {
        OffsetMap {
            pieces: Vec::with_capacity(pieces),
            clean_len: 0,
        }
    }

    /// Length of the cleaned text described so far.
    pub fn len(&self) -> usize {
        self.clean_len
    }

    pub fn is_empty(&self) -> bool {
        self.clean_len == 0
    }

    /// `len` cleaned bytes copied verbatim from decoded offset `src`.
    pub fn copy(&mut self, src: usize, len: usize) {
        if len == 0 {
            return;
        }
        if let Some(last) = self.pieces.last_mut()
            && last.verbatim()
            && last.src + last.src_len == src
            && last.clean + last.clean_len == self.clean_len
        {
            last.clean_len += len;
            last.src_len += len;
            self.clean_len += len;
            return;
        }
        self.push(len, src, len);
    }

    /// `clean_len` cleaned bytes standing for the decoded run `src..src+src_len`.
    pub fn fold(&mut self, clean_len: usize, src: usize, src_len: usize) {
        if clean_len == src_len {
            // Same byte length (e.g. `（` → `〔`): byte-for-byte mapping is still exact.
            self.copy(src, src_len);
        } else {
            self.push(clean_len, src, src_len);
        }
    }

    /// `clean_len` inserted cleaned bytes with no source, placed at decoded offset `at`.
    pub fn insert(&mut self, clean_len: usize, at: usize) {
        self.push(clean_len, at, 0);
    }

    /// Append another map (describing text appended after this one).
    pub fn append(&mut self, other: &OffsetMap) {
        self.append_pieces(other, 0..other.pieces.len());
    }

    /// Number of pieces so far. With [`OffsetMap::append_pieces`], the maps of many
    /// short texts can live in one map (one allocation), each text remembering its
    /// range of pieces.
    pub fn piece_count(&self) -> usize {
        self.pieces.len()
    }

    /// Append the pieces `range` of `other` (describing text appended after this one).
    pub fn append_pieces(&mut self, other: &OffsetMap, range: std::ops::Range<usize>) {
        for p in &other.pieces[range] {
            if p.src_len == p.clean_len {
                self.copy(p.src, p.src_len);
            } else {
                self.push(p.clean_len, p.src, p.src_len);
            }
        }
    }

    /// Append the pieces `range` of `other` as they are, where the text they describe is
    /// appended after this map's: each piece's cleaned offset moves by the difference of
    /// the two texts' lengths at that point.
    ///
    /// Unlike [`OffsetMap::append_pieces`] it merges nothing: the caller guarantees that
    /// the first piece does not continue this map's last one (the two are at least a line
    /// break apart in the decoded text, or this map ends with an insertion), so every
    /// piece is one memory copy instead of a merge test.
    pub fn append_unmerged(&mut self, other: &OffsetMap, range: std::ops::Range<usize>) {
        let pieces = &other.pieces[range];
        let Some(first) = pieces.first() else {
            return;
        };
        debug_assert!(
            self.pieces.last().is_none_or(|l| !l.verbatim()
                || !first.verbatim()
                || l.src + l.src_len != first.src)
        );
        let at = self.clean_len;
        let from = first.clean;
        self.pieces.extend(pieces.iter().map(|p| Piece {
            clean: p.clean - from + at,
            ..*p
        }));
        let last = pieces[pieces.len() - 1];
        self.clean_len = at + (last.clean + last.clean_len - from);
    }

    fn push(&mut self, clean_len: usize, src: usize, src_len: usize) {
        self.pieces.push(Piece {
            clean: self.clean_len,
            clean_len,
            src,
            src_len,
        });
        self.clean_len += clean_len;
    }

    /// Index of the last piece starting at or before cleaned offset `c`.
    fn index_at(&self, c: usize) -> Option<usize> {
        self.pieces.partition_point(|p| p.clean <= c).checked_sub(1)
    }

    /// [`OffsetMap::index_at`] for a `c` at or after the start of piece `from`: a span
    /// mostly ends in the piece it starts in or one soon after, so the search gallops
    /// forward from there instead of halving the whole map.
    fn index_from(&self, from: usize, c: usize) -> usize {
        let (mut lo, mut hi, mut step) = (from, from + 1, 1);
        while hi < self.pieces.len() && self.pieces[hi].clean <= c {
            lo = hi;
            step *= 2;
            hi += step;
        }
        let hi = hi.min(self.pieces.len());
        lo + self.pieces[lo..hi].partition_point(|p| p.clean <= c) - 1
    }

    /// Decoded offset where a span starting at cleaned offset `c` starts.
    pub fn start(&self, c: usize) -> usize {
        self.start_in(c, self.index_at(c.min(self.clean_len.saturating_sub(1))))
    }

    /// [`OffsetMap::start`] given the index of the piece holding `c` (or the last byte).
    fn start_in(&self, c: usize, i: Option<usize>) -> usize {
        match i.map(|i| &self.pieces[i]) {
            None => 0,
            Some(p) if c >= self.clean_len => p.src + p.src_len,
            Some(p) if p.verbatim() => p.src + (c - p.clean),
            Some(p) => p.src,
        }
    }

    /// Decoded offset where a span ending (exclusive) at cleaned offset `c` ends.
    pub fn end(&self, c: usize) -> usize {
        if c == 0 {
            return self.start(0);
        }
        self.end_in(c, self.index_at(c - 1))
    }

    /// [`OffsetMap::end`] of `c > 0` given the index of the piece holding `c - 1`.
    fn end_in(&self, c: usize, i: Option<usize>) -> usize {
        match i.map(|i| &self.pieces[i]) {
            None => 0,
            Some(p) if p.verbatim() => p.src + (c - p.clean),
            Some(p) => p.src + p.src_len,
        }
    }

    /// The decoded span of the cleaned span `start..end`.
    pub fn span(&self, start: usize, end: usize) -> (usize, usize) {
        let first = start.min(self.clean_len.saturating_sub(1));
        self.span_in(self.index_at(first), start, end)
    }

    /// [`OffsetMap::span`], searching from piece `hint` when the span starts at or after
    /// it (a hint of 0, or past the start, searches the whole map, as [`OffsetMap::span`]
    /// does). Returns the span and the piece the span starts in, to be the next call's
    /// hint.
    ///
    /// Records are mostly mapped in the order of the text, so the start's piece is found
    /// by galloping forward from the previous record's instead of halving the whole map
    /// (whose far ends are rarely in cache). A hint past the start costs one full search.
    pub fn span_near(&self, hint: usize, start: usize, end: usize) -> ((usize, usize), usize) {
        let first = start.min(self.clean_len.saturating_sub(1));
        let i = match self.pieces.get(hint) {
            Some(p) if hint > 0 && p.clean <= first => Some(self.index_from(hint, first)),
            _ => self.index_at(first),
        };
        (self.span_in(i, start, end), i.unwrap_or(0))
    }

    /// [`OffsetMap::span`] given `i`, the index of the piece holding `start` (or the
    /// last byte).
    fn span_in(&self, i: Option<usize>, start: usize, end: usize) -> (usize, usize) {
        let first = start.min(self.clean_len.saturating_sub(1));
        let s = self.start_in(start, i);
        let e = match i {
            _ if end == 0 => self.start(0),
            // The end lies at or after the start's piece: search on from there.
            Some(i) if end > first => self.end_in(end, Some(self.index_from(i, end - 1))),
            _ => self.end(end),
        };
        (s, e.max(s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_merge_and_map_byte_for_byte() {
        let mut m = OffsetMap::new();
        m.copy(10, 3);
        m.copy(13, 3);
        assert_eq!(m.pieces.len(), 1);
        assert_eq!(m.span(1, 5), (11, 15));
    }

    #[test]
    fn a_fold_maps_to_its_whole_source_run() {
        let mut m = OffsetMap::new();
        m.copy(0, 2); // "ab"
        m.fold(1, 2, 3); // "２" (3 bytes) -> "2"
        m.copy(5, 1);
        assert_eq!(m.span(2, 3), (2, 5));
        assert_eq!(m.span(0, 4), (0, 6));
        assert_eq!(m.span(3, 4), (5, 6));
    }

    #[test]
    fn span_finds_what_start_and_end_find() {
        let mut m = OffsetMap::new();
        for k in 0..40 {
            m.copy(k * 10, 3);
            if k % 3 == 0 {
                m.fold(1, k * 10 + 5, 3);
            }
            m.insert(1, k * 10 + 8);
        }
        for a in 0..=m.len() + 1 {
            for b in 0..=m.len() + 1 {
                let s = m.start(a);
                assert_eq!(m.span(a, b), (s, m.end(b).max(s)), "{a}..{b}");
                for hint in [0, 1, 7, 40, m.piece_count() - 1, m.piece_count() + 3] {
                    let (span, next) = m.span_near(hint, a, b);
                    assert_eq!(span, m.span(a, b), "{a}..{b} from {hint}");
                    assert!(next < m.piece_count());
                }
            }
        }
    }

    #[test]
    fn an_insertion_has_an_empty_source() {
        let mut m = OffsetMap::new();
        m.copy(0, 3);
        m.insert(1, 3);
        m.copy(8, 3);
        assert_eq!(m.span(3, 4), (3, 3));
        assert_eq!(m.span(0, 7), (0, 11));
        assert_eq!(m.span(4, 7), (8, 11));
    }
}
