//! Byte-level UTF-8 stepping for the hot scans that pass over most characters without
//! decoding them. It only measures characters; it does not validate (every `&str` is
//! valid already) and says nothing about what a character is.

/// The width in bytes of a UTF-8 character, by its first byte. Continuation bytes,
/// which never start a character, count 1.
pub const WIDTH: [u8; 256] = {
    let mut w = [1u8; 256];
    let mut b = 0xC0;
    while b < 256 {
        w[b] = if b < 0xE0 {
            2
        } else if b < 0xF0 {
            3
        } else {
            4
        };
        b += 1;
    }
    w
};

/// The width in bytes of the character whose first byte is `lead`.
#[inline]
pub fn width(lead: u8) -> usize {
    usize::from(WIDTH[usize::from(lead)])
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_character_is_as_wide_as_its_encoding() {
        let mut buf = [0u8; 4];
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let s = c.encode_utf8(&mut buf);
            assert_eq!(super::width(s.as_bytes()[0]), c.len_utf8(), "{c:?}");
        }
    }
}
