//! The decoded text of one input file, and the way back from decoded offsets to the
//! file's own bytes and 1-based lines.
//!
//! Every later stage works on decoded (and then cleaned) text; this module is the only
//! place that knows how a decoded offset relates to the original bytes. It does not
//! decode anything itself (see [`crate::decode`]).

use encoding_rs::Encoding;

/// A decoded input file with a line index.
#[derive(Debug)]
pub struct Source {
    /// The file name as given on the command line (or a test label).
    pub name: String,
    /// The decoded text (UTF-8). Line breaks are exactly those of the file.
    pub text: String,
    /// The encoding the bytes were decoded from (`UTF-8`, `GB18030`, `UTF-16LE`, …).
    pub encoding: &'static str,
    /// Length of the original file in bytes.
    pub byte_len: u64,
    /// Decoded offset of the start of every line (line 1 at index 0).
    line_starts: Vec<usize>,
    back: BackMap,
}

/// How decoded offsets map back to source bytes.
#[derive(Debug)]
enum BackMap {
    /// UTF-8 input: the decoded text is the file minus a BOM of this many bytes.
    Shift(u64),
    /// Any other encoding: the source byte offset of every line start; within a line
    /// the decoded prefix is re-encoded to count its bytes.
    Lines {
        src_line_starts: Vec<u64>,
        encoding: &'static Encoding,
    },
}

impl Source {
    /// A source whose text is the file's bytes minus a UTF-8 BOM of `bom` bytes.
    pub fn utf8(name: impl Into<String>, text: String, bom: u64) -> Source {
        let byte_len = text.len() as u64 + bom;
        let line_starts = line_starts(&text);
        Source {
            name: name.into(),
            text,
            encoding: "UTF-8",
            byte_len,
            line_starts,
            back: BackMap::Shift(bom),
        }
    }

    /// A source decoded from another encoding. `src_line_starts` gives the byte offset of
    /// each line start in the original file (one per decoded line).
    pub fn transcoded(
        name: impl Into<String>,
        text: String,
        encoding: &'static Encoding,
        byte_len: u64,
        src_line_starts: Vec<u64>,
    ) -> Source {
        let line_starts = line_starts(&text);
        debug_assert_eq!(line_starts.len(), src_line_starts.len());
        Source {
            name: name.into(),
            text,
            encoding: encoding.name(),
            byte_len,
            line_starts,
            back: BackMap::Lines {
                src_line_starts,
                encoding,
            },
        }
    }

    /// Number of lines (a final line without a newline counts; an empty file has one).
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// Decoded offset where 1-based line `line` starts.
    pub fn line_start(&self, line: u32) -> usize {
        self.line_starts[(line as usize)
            .saturating_sub(1)
            .min(self.line_starts.len() - 1)]
    }

    /// The text of 1-based line `line`, without its line break.
    pub fn line_text(&self, line: u32) -> &str {
        let i = (line as usize).saturating_sub(1);
        let start = self.line_starts[i];
        let end = self
            .line_starts
            .get(i + 1)
            .map_or(self.text.len(), |&e| e - 1);
        self.text[start..end].trim_end_matches('\r')
    }

    /// The text of every line in order, each as [`Source::line_text`] gives it, cut at
    /// the recorded line starts (no bounds looked up per line).
    pub fn lines(&self) -> impl Iterator<Item = &str> + '_ {
        let ends = self.line_starts[1..]
            .iter()
            .map(|&next| next - 1)
            .chain(std::iter::once(self.text.len()));
        self.line_starts.iter().zip(ends).map(|(&start, end)| {
            let line = &self.text[start..end];
            // Most lines end without a carriage return: one byte says so.
            if line.ends_with('\r') {
                line.trim_end_matches('\r')
            } else {
                line
            }
        })
    }

    /// 1-based line containing decoded offset `off` (an offset at a line break belongs
    /// to the line it ends).
    pub fn line_of(&self, off: usize) -> u32 {
        match self.line_starts.binary_search(&off) {
            Ok(i) => i as u32 + 1,
            Err(i) => i as u32,
        }
    }

    /// [`Source::line_of`] of `a` and of `b >= a`. A span mostly ends on the line it
    /// starts on or one soon after, so the second search gallops forward from the first
    /// line instead of halving the whole index again.
    pub fn lines_of(&self, a: usize, b: usize) -> (u32, u32) {
        self.lines_of_near(0, a, b)
    }

    /// [`Source::lines_of`], searching for `a`'s line forward from 1-based line `hint`
    /// when `a` lies on it or after it (a hint of 0 or past `a` searches the whole index).
    ///
    /// Records are mostly mapped in the order of the text: passing the previous record's
    /// first line gallops over a few lines instead of halving the whole index, whose far
    /// ends are rarely in cache.
    pub fn lines_of_near(&self, hint: u32, a: usize, b: usize) -> (u32, u32) {
        let s = &self.line_starts;
        let hint = hint as usize;
        let first = if hint > 0 && s.get(hint - 1).is_some_and(|&x| x <= a) {
            self.starts_up_to(hint, a)
        } else {
            self.line_of(a) as usize
        };
        if b < a {
            return (first as u32, self.line_of(b));
        }
        // The first `first` line starts are at or before `a <= b`.
        (first as u32, self.starts_up_to(first, b) as u32)
    }

    /// The number of line starts at or before `off` (so the 1-based line of `off`),
    /// given that the first `known` of them are: galloping forward from there.
    fn starts_up_to(&self, known: usize, off: usize) -> usize {
        let s = &self.line_starts;
        let (mut known, mut step) = (known, 1);
        while known + step <= s.len() && s[known + step - 1] <= off {
            known += step;
            step *= 2;
        }
        let hi = (known + step).min(s.len());
        known + s[known..hi].partition_point(|&x| x <= off)
    }

    /// Byte offset in the original file of decoded offset `off`.
    pub fn byte_of(&self, off: usize) -> u64 {
        match &self.back {
            BackMap::Shift(bom) => off as u64 + bom,
            BackMap::Lines {
                src_line_starts,
                encoding,
            } => {
                let i = self.line_of(off).max(1) as usize - 1;
                let start = self.line_starts[i];
                let prefix = &self.text[start..off.max(start)];
                src_line_starts[i] + encoded_len(encoding, prefix)
            }
        }
    }
}

/// Bytes `s` takes in `encoding`. Exact for text that round-trips; a U+FFFD that replaced
/// an invalid sequence counts as what it re-encodes to, so offsets after one on the same
/// line may be off by a few bytes (the line number stays exact).
fn encoded_len(encoding: &'static Encoding, s: &str) -> u64 {
    if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE {
        return s.encode_utf16().count() as u64 * 2;
    }
    let (bytes, _, _) = encoding.encode(s);
    bytes.len() as u64
}

fn line_starts(text: &str) -> Vec<usize> {
    let mut v = Vec::with_capacity(text.len() / 40 + 1);
    v.push(0);
    v.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_bytes_of_utf8_with_bom() {
        let s = Source::utf8("t", "ab\n通知\nx".into(), 3);
        assert_eq!(s.line_count(), 3);
        assert_eq!(s.line_text(2), "通知");
        assert_eq!(s.line_of(0), 1);
        assert_eq!(s.line_of(3), 2);
        assert_eq!(s.line_of(2), 1, "the newline belongs to the line it ends");
        assert_eq!(s.lines().collect::<Vec<_>>(), ["ab", "通知", "x"]);
        assert_eq!(s.byte_of(3), 6);
        assert_eq!(s.byte_len, 14);
    }

    #[test]
    fn lines_are_the_line_texts() {
        for text in ["", "\n", "a\r\n\r\r\nb\r", "ab\n\n通知\r\nx\n", "\r"] {
            let s = Source::utf8("t", text.into(), 0);
            let by_number: Vec<&str> = (1..=s.line_count() as u32)
                .map(|l| s.line_text(l))
                .collect();
            assert_eq!(s.lines().collect::<Vec<_>>(), by_number, "{text:?}");
        }
    }

    #[test]
    fn lines_of_a_span_are_the_lines_of_its_ends() {
        let s = Source::utf8("t", "ab\n\n通知\nx\n\n\n\n\n\n\n\ny\n".into(), 0);
        for a in 0..=s.text.len() + 1 {
            for b in 0..=s.text.len() + 1 {
                assert_eq!(s.lines_of(a, b), (s.line_of(a), s.line_of(b)), "{a} {b}");
                for hint in 0..=s.line_count() as u32 + 2 {
                    assert_eq!(
                        s.lines_of_near(hint, a, b),
                        s.lines_of(a, b),
                        "{a} {b} {hint}"
                    );
                }
            }
        }
    }

    #[test]
    fn bytes_of_transcoded_gbk() {
        // "通知\n甲" in GBK: 4 bytes + 1 + 2.
        let s = Source::transcoded("t", "通知\n甲".into(), encoding_rs::GBK, 7, vec![0, 5]);
        assert_eq!(s.byte_of("通".len()), 2);
        assert_eq!(s.byte_of("通知\n".len()), 5);
        assert_eq!(s.byte_of("通知\n甲".len()), 7);
    }
}
