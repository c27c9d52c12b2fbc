//! Decode: bytes of one file → [`Source`] text, recording the encoding.
//!
//! Detects UTF-8 (with or without BOM), UTF-16LE/BE (with BOM) and falls back to
//! GB18030 (a superset of GBK and GB2312) when the bytes are not UTF-8. Invalid
//! sequences become U+FFFD and are counted, never a panic. A file with NUL bytes in its
//! first 8 KiB is treated as binary and refused. It does not guess other legacy
//! encodings (Big5, Shift_JIS): those decode as GB18030 with replacements counted.

use crate::source::Source;
use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE};
use std::borrow::Cow;

/// Why a file could not be decoded at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// NUL bytes in the first 8 KiB that do not read as UTF-16: a binary file.
    Binary { first_nul: u64 },
    /// A PDF file (`%PDF-`): its text has to be extracted first.
    Pdf,
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DecodeError::Binary { first_nul } => write!(
                f,
                "NUL byte at offset {first_nul} in the first 8 KiB: binary file, skipped"
            ),
            DecodeError::Pdf => write!(
                f,
                "a PDF file, not text: extract its text layer (or OCR it) first; skipped"
            ),
        }
    }
}

/// A decoded file and what decoding had to repair.
#[derive(Debug)]
pub struct Decoded {
    pub source: Source,
    /// Invalid byte sequences replaced by U+FFFD.
    pub replaced: usize,
    /// Decoded offset of the first replacement, if any.
    pub first_replaced: Option<usize>,
}

const SNIFF: usize = 8 * 1024;

/// Decode `bytes` (the whole file) under the file name `name`.
pub fn decode(name: &str, bytes: &[u8]) -> Result<Decoded, DecodeError> {
    if bytes.starts_with(b"%PDF-") {
        return Err(DecodeError::Pdf);
    }
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        if enc == encoding_rs::UTF_8 {
            return Ok(utf8(name, bytes, bom));
        }
        return Ok(transcode(name, bytes, bom, enc));
    }
    if let Some(i) = memchr::memchr(0, &bytes[..bytes.len().min(SNIFF)]) {
        // NUL bytes: UTF-16 written without a BOM, or binary.
        if let Some(enc) = utf16_without_bom(&bytes[..bytes.len().min(SNIFF)]) {
            return Ok(transcode(name, bytes, 0, enc));
        }
        return Err(DecodeError::Binary {
            first_nul: i as u64,
        });
    }
    // Valid UTF-8 (the common case) is validated once and taken as it is.
    if let Some(s) = as_utf8(bytes) {
        return Ok(valid_utf8(name, s, 0));
    }
    if looks_like_utf8(bytes) {
        Ok(utf8(name, bytes, 0))
    } else {
        Ok(transcode(name, bytes, 0, GB18030))
    }
}

/// UTF-16 without a BOM: the byte order under which the sniffed bytes read as text
/// (at least 90% Chinese characters, CJK or full-width punctuation, printable ASCII or
/// line breaks). Random bytes read that way far less often.
fn utf16_without_bom(head: &[u8]) -> Option<&'static Encoding> {
    let even = &head[..head.len() & !1];
    [encoding_rs::UTF_16LE, encoding_rs::UTF_16BE]
        .into_iter()
        .find(|enc| {
            let (text, had_errors) = enc.decode_without_bom_handling(even);
            let (mut good, mut all) = (0usize, 0usize);
            for c in text.chars() {
                all += 1;
                if matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FFEF}' | ' '..='~' | '\n' | '\r' | '\t')
                {
                    good += 1;
                }
            }
            !had_errors && all > 0 && good * 10 >= all * 9
        })
}

/// UTF-8 when the bytes are valid, or when valid multi-byte sequences far outnumber
/// invalid ones (a truncated or slightly damaged UTF-8 file is still UTF-8; GBK text
/// almost never forms valid UTF-8 multi-byte sequences).
fn looks_like_utf8(bytes: &[u8]) -> bool {
    let mut rest = bytes;
    let (mut valid_multi, mut invalid) = (0usize, 0usize);
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                valid_multi += s.bytes().filter(|b| *b >= 0xC0).count();
                break;
            }
            Err(e) => {
                let good = &rest[..e.valid_up_to()];
                valid_multi += good.iter().filter(|b| **b >= 0xC0).count();
                match e.error_len() {
                    Some(n) => {
                        invalid += 1;
                        rest = &rest[e.valid_up_to() + n..];
                    }
                    // A sequence cut off at the end of the file is truncation, not
                    // evidence against UTF-8.
                    None => break,
                }
            }
        }
    }
    invalid == 0 || valid_multi >= 20 * invalid
}

/// `bytes` is the whole file; the first `bom` bytes are a UTF-8 BOM.
fn utf8(name: &str, bytes: &[u8], bom: usize) -> Decoded {
    match as_utf8(&bytes[bom..]) {
        Some(s) => valid_utf8(name, s, bom),
        // Damaged UTF-8: decode line by line so byte offsets stay exact on every line.
        None => transcode(name, bytes, bom, encoding_rs::UTF_8),
    }
}

/// `bytes` as text if they are valid UTF-8, else `None`.
///
/// encoding_rs validates with SIMD (AVX2 or SSE 4.2, detected at run time) where
/// `std::str::from_utf8` steps through Chinese text a character at a time: about
/// ten instructions a byte for the standard library, under one here.
fn as_utf8(bytes: &[u8]) -> Option<&str> {
    // Text in another encoding (GBK) fails within its first lines: test a head first,
    // so that such a file is not decoded as UTF-8 with replacements below. (A sequence
    // cut at the end of the head is at most three bytes.)
    let head = &bytes[..bytes.len().min(SNIFF)];
    if head.len() - Encoding::utf8_valid_up_to(head) > 3 {
        return None;
    }
    // Valid UTF-8 is lent as it is; anything else comes back decoded (and is dropped).
    match encoding_rs::UTF_8.decode_without_bom_handling(bytes) {
        (Cow::Borrowed(s), false) => Some(s),
        _ => None,
    }
}

/// Text already validated as UTF-8, after a BOM of `bom` bytes.
fn valid_utf8(name: &str, s: &str, bom: usize) -> Decoded {
    Decoded {
        source: Source::utf8(name, s.to_owned(), bom as u64),
        replaced: 0,
        first_replaced: None,
    }
}

/// Decode line by line, keeping the source byte offset of every line start.
fn transcode(name: &str, bytes: &[u8], bom: usize, enc: &'static Encoding) -> Decoded {
    let body = &bytes[bom..];
    let unit = if enc == UTF_16LE || enc == UTF_16BE {
        2
    } else {
        1
    };
    let mut text = String::with_capacity(body.len() * 3 / 2);
    let mut src_line_starts = vec![bom as u64];
    let (mut replaced, mut first_replaced) = (0usize, None);
    let mut start = 0usize;
    while start < body.len() {
        let end = find_newline(&body[start..], enc, unit).map_or(body.len(), |i| start + i + unit);
        let (cow, had_errors) = enc.decode_without_bom_handling(&body[start..end]);
        if had_errors {
            let n = cow.matches('\u{FFFD}').count();
            if n > 0 && first_replaced.is_none() {
                first_replaced = Some(text.len() + cow.find('\u{FFFD}').unwrap_or(0));
            }
            replaced += n.max(1);
        }
        text.push_str(&cow);
        if end < body.len() || text.ends_with('\n') {
            src_line_starts.push((bom + end) as u64);
        }
        start = end;
    }
    // `Source` counts a final line after a trailing newline; keep both indexes aligned.
    let lines = 1 + memchr::memchr_iter(b'\n', text.as_bytes()).count();
    src_line_starts.truncate(lines);
    while src_line_starts.len() < lines {
        src_line_starts.push(bytes.len() as u64);
    }
    Decoded {
        source: Source::transcoded(name, text, enc, bytes.len() as u64, src_line_starts),
        replaced,
        first_replaced,
    }
}

/// Offset of the first newline code unit in `b` (aligned to `unit` for UTF-16).
fn find_newline(b: &[u8], enc: &'static Encoding, unit: usize) -> Option<usize> {
    if unit == 1 {
        return memchr::memchr(b'\n', b);
    }
    let pair: [u8; 2] = if enc == UTF_16LE {
        [b'\n', 0]
    } else {
        [0, b'\n']
    };
    b.chunks_exact(2).position(|c| c == pair).map(|i| i * 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_without_bom() {
        let d = decode("a", "通知\n".as_bytes()).unwrap();
        assert_eq!(d.source.encoding, "UTF-8");
        assert_eq!(d.source.text, "通知\n");
        assert_eq!(d.replaced, 0);
    }

    #[test]
    fn utf8_with_bom_keeps_offsets_of_the_file() {
        let mut b = vec![0xEF, 0xBB, 0xBF];
        b.extend_from_slice("甲\n乙".as_bytes());
        let d = decode("a", &b).unwrap();
        assert_eq!(d.source.text, "甲\n乙");
        assert_eq!(d.source.byte_of(d.source.line_start(2)), 7);
    }

    #[test]
    fn gbk_is_decoded_as_gb18030_with_exact_line_offsets() {
        let (b, _, _) = GB18030.encode("关于印发\n巨政发〔2023〕1号\n");
        let d = decode("g", &b).unwrap();
        assert_eq!(d.source.encoding, "gb18030");
        assert_eq!(d.source.line_text(2), "巨政发〔2023〕1号");
        assert_eq!(d.source.byte_of(d.source.line_start(2)), 9);
        assert_eq!(d.replaced, 0);
    }

    #[test]
    fn gbk_with_invalid_bytes_is_counted_not_fatal() {
        let mut b = GB18030.encode("关于印发通知\n").0.into_owned();
        b.insert(4, 0xFF);
        b.extend_from_slice(&[0x81]);
        let d = decode("g", &b).unwrap();
        assert!(d.replaced >= 1, "{d:?}");
        assert!(d.first_replaced.is_some());
    }

    #[test]
    fn utf16le_and_be_with_bom() {
        for (enc, bom) in [(UTF_16LE, [0xFF, 0xFE]), (UTF_16BE, [0xFE, 0xFF])] {
            let mut b = bom.to_vec();
            for u in "通知\n第一条".encode_utf16() {
                let x = if enc == UTF_16LE {
                    u.to_le_bytes()
                } else {
                    u.to_be_bytes()
                };
                b.extend_from_slice(&x);
            }
            let d = decode("u", &b).unwrap();
            assert_eq!(d.source.text, "通知\n第一条");
            assert_eq!(d.source.line_text(2), "第一条");
            assert_eq!(d.source.byte_of(d.source.line_start(2)), 2 + 6);
            assert_eq!(d.source.byte_of(d.source.text.len()), b.len() as u64);
        }
    }

    #[test]
    fn nul_bytes_mean_binary() {
        assert_eq!(
            decode("b", b"%PDF\0\x01").unwrap_err(),
            DecodeError::Binary { first_nul: 4 }
        );
    }

    #[test]
    fn truncated_utf8_at_eof_stays_utf8() {
        let mut b = "通知通知通知通知通知通知通知\n".repeat(3).into_bytes();
        b.extend_from_slice(&"知".as_bytes()[..2]);
        let d = decode("t", &b).unwrap();
        assert_eq!(d.source.encoding, "UTF-8");
        assert_eq!(d.replaced, 1);
        assert!(d.source.text.starts_with("通知"));
    }

    #[test]
    fn damage_after_the_sniffed_head_is_still_found() {
        let mut b = "通知通知通知通知通知\n".repeat(400).into_bytes();
        assert!(b.len() > SNIFF);
        b.push(0xFF);
        b.extend_from_slice("第一条\n".as_bytes());
        let d = decode("t", &b).unwrap();
        assert_eq!(d.source.encoding, "UTF-8");
        assert_eq!(d.replaced, 1);
        assert_eq!(as_utf8(&b), None);
        assert_eq!(
            as_utf8(&b[..b.len() - 11]),
            std::str::from_utf8(&b[..b.len() - 11]).ok()
        );
    }
}
