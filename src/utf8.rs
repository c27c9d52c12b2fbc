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

/// A set of three-byte characters (U+0800–U+FFFF: every common Han character and the
/// full-width punctuation) tested on a character's last two bytes, without decoding it
/// or reading its first byte: bit `z & 0x3F` of word `y & 0x3F` for a character `x y z`.
/// It is a pre-filter before an exact comparison: it may pass a character it does not
/// hold (sixteen characters share their last two bytes, one per first byte) and never
/// fails one it holds. Characters of other widths are not held; callers that need them
/// look for them another way.
#[derive(Debug, Clone, Copy)]
pub struct LastTwo([u64; 64]);

impl LastTwo {
    pub const EMPTY: LastTwo = LastTwo([0; 64]);

    /// Add `c` when it is three bytes long; whether it was.
    pub const fn insert(&mut self, c: char) -> bool {
        let n = c as u32;
        if n >= 0x800 && n < 0x1_0000 {
            // The last two bytes of the encoding are `10yyyyyy 10zzzzzz`.
            self.0[(n >> 6 & 0x3F) as usize] |= 1 << (n & 0x3F);
            true
        } else {
            false
        }
    }

    /// Add the first character of `w` when it is three bytes long; whether it was.
    pub const fn insert_first(&mut self, w: &str) -> bool {
        match *w.as_bytes() {
            [x, y, z, ..] if x & 0xF0 == 0xE0 => {
                self.0[(y & 0x3F) as usize] |= 1 << (z & 0x3F);
                true
            }
            _ => false,
        }
    }

    /// [`LastTwo::may_hold`] for a decoded character: its last two bytes' payload is its
    /// low twelve bits. Characters of other widths may pass too (a pre-filter).
    #[inline]
    pub const fn may_hold_char(&self, c: char) -> bool {
        let n = c as u32;
        self.may_hold((n >> 6) as u8, n as u8)
    }

    /// Whether the three-byte character whose last two bytes are `y z` may be held.
    #[inline]
    pub const fn may_hold(&self, y: u8, z: u8) -> bool {
        self.0[(y & 0x3F) as usize] >> (z & 0x3F) & 1 != 0
    }
}

#[cfg(test)]
mod tests {
    use super::LastTwo;

    #[test]
    fn last_two_never_fails_a_character_it_holds() {
        let mut set = LastTwo::EMPTY;
        let held = ['及', '、', '（', '责', '\u{FFFD}'];
        for c in held {
            assert!(set.insert(c));
        }
        assert!(!set.insert('a') && !set.insert('é') && !set.insert('𠀀'));
        assert!(!set.insert_first("") && set.insert_first("牵头"));
        let mut buf = [0u8; 4];
        for c in held.into_iter().chain(['牵']) {
            let b = c.encode_utf8(&mut buf).as_bytes();
            assert!(set.may_hold(b[1], b[2]), "{c}");
        }
        // Of U+4E00–U+9FFF (six first bytes) at most six characters pass per bit set.
        let passed = ('\u{4E00}'..='\u{9FFF}')
            .filter(|c| {
                let b = c.encode_utf8(&mut buf).as_bytes();
                set.may_hold(b[1], b[2])
            })
            .count();
        assert!(passed <= 6 * 6, "{passed}");
    }

    #[test]
    fn every_character_is_as_wide_as_its_encoding() {
        let mut buf = [0u8; 4];
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let s = c.encode_utf8(&mut buf);
            assert_eq!(super::width(s.as_bytes()[0]), c.len_utf8(), "{c:?}");
        }
    }
}
