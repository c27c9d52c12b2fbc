//! Issuing organs: a place name followed by an organ suffix from `grammars/issuers.tsv`
//! (`巨鹿县人民政府办公室`, `廊坊市人民政府`). Recognises the organ at the start of a
//! line, as printed in document heads and signatures; it does not find organs inside
//! sentences (that is unit extraction).

use super::headings;
use crate::lexicon::Lexicon;

/// The most characters an issuer name may have.
const MAX_CHARS: usize = 24;

/// If `s` starts with an issuer (text up to the first space, at most 24 characters,
/// ending with an organ suffix and longer than it), its byte length. `s` must hold no
/// sentence punctuation.
///
/// Called on nearly every line by the clean and segment stages, so the tests that read
/// only the first word come first and the scan of the whole line comes last.
pub fn issuer_prefix(s: &str) -> Option<usize> {
    let lex = Lexicon::get();
    let word = first_word(s)?;
    // A red head (GB/T 9704 发文机关标志) prints the organ with `文件`:
    // `深圳市人民政府办公厅文件`. The prefix covers `文件`; [`organ_name`] drops it.
    let head = word.strip_suffix(RED_HEAD).unwrap_or(word);
    // The cheap test first: most lines do not end their first word with a suffix's last
    // character.
    if !lex.issuer_suffix_lasts.may(head.chars().next_back()) {
        return None;
    }
    if head.chars().count() > MAX_CHARS
        || lex
            .prepositions
            .iter()
            .any(|p| head.starts_with(p.as_str()))
        || !lex
            .issuer_suffixes
            .iter()
            .any(|suf| head.ends_with(suf.as_str()) && head.len() > suf.len())
    {
        return None;
    }
    if s.contains(['，', '。', '：', '、', '；', '《', '（']) || headings::marker(s).is_some()
    {
        return None;
    }
    Some(word.len())
}

/// The 版记's print line, an organ, a date and `印发`
/// (`苍溪县人民政府办公室 2023年4月13日印发`): it closes a document and opens none.
pub fn is_print_line(t: &str) -> bool {
    let Some(body) = t.strip_suffix("印发") else {
        return false;
    };
    issuer_prefix(body).is_some_and(|n| super::dates::date_line(body[n..].trim()).is_some())
}

/// What a red head adds after the organ's name.
const RED_HEAD: &str = "文件";

/// The organ's name in an issuer prefix ([`issuer_prefix`], [`organ_before_about`]):
/// `深圳市人民政府办公厅文件` → `深圳市人民政府办公厅`.
pub fn organ_name(prefix: &str) -> &str {
    prefix.strip_suffix(RED_HEAD).unwrap_or(prefix)
}

/// A title printed with its organ run into it, as gazettes and websites reprint
/// documents: `浙江省人民政府办公厅关于印发…的通知`. The organ's byte length, when `s`
/// opens with an organ ([`issuer_prefix`]'s test) directly followed by `关于`, and holds
/// no sentence punctuation. Not asked of every line, only of a paragraph that may open a
/// document.
pub fn organ_before_about(s: &str) -> Option<usize> {
    static ABOUT: std::sync::OnceLock<memchr::memmem::Finder<'static>> = std::sync::OnceLock::new();
    let about = ABOUT.get_or_init(|| memchr::memmem::Finder::new("关于"));
    let window = &s.as_bytes()[..s.len().min(4 * MAX_CHARS + 6)];
    let k = about.find(window)?;
    if k == 0 || s.contains(['，', '。', '：', '；']) {
        return None;
    }
    let head = &s[..k];
    (issuer_prefix(head) == Some(k) && !head.ends_with(RED_HEAD)).then_some(k)
}

/// The text of `s` up to its first space; `None` when that is surely longer than
/// [`MAX_CHARS`]. A word of at most that many characters fits in `4 * MAX_CHARS` bytes,
/// so only that many bytes are searched for the space, not the whole line.
fn first_word(s: &str) -> Option<&str> {
    let window = &s.as_bytes()[..s.len().min(4 * MAX_CHARS + 1)];
    match memchr::memchr(b' ', window) {
        Some(k) => Some(&s[..k]),
        None if window.len() == s.len() => Some(s),
        None => None,
    }
}

/// The whole line is an issuer (a head or signature line).
pub fn is_issuer_line(s: &str) -> bool {
    issuer_prefix(s) == Some(s.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issuers() {
        assert!(is_issuer_line("巨鹿县人民政府办公室"));
        assert_eq!(
            issuer_prefix("曲阳县人民政府 关于下达2022年度曲阳县土地储备计划的通知"),
            Some("曲阳县人民政府".len())
        );
        assert!(issuer_prefix("各乡镇人民政府，县政府相关部门：").is_none());
        assert!(issuer_prefix("人民政府").is_none());
        assert!(issuer_prefix("对政协廊坊市第八届委员会").is_none());
    }

    #[test]
    fn a_red_head_is_an_issuer_line() {
        let t = "深圳市人民政府办公厅文件";
        assert!(is_issuer_line(t));
        assert_eq!(
            organ_name(&t[..issuer_prefix(t).unwrap()]),
            "深圳市人民政府办公厅"
        );
        assert!(issuer_prefix("文件").is_none());
        assert!(issuer_prefix("有关文件").is_none());
    }

    #[test]
    fn the_print_line_is_an_organ_a_date_and_yinfa() {
        assert!(is_print_line("苍溪县人民政府办公室 2023年4月13日印发"));
        assert!(!is_print_line("苍溪县人民政府办公室 关于印发"));
        assert!(!is_print_line("2023年4月13日印发"));
    }

    #[test]
    fn an_organ_run_into_its_title() {
        let t = "浙江省人民政府办公厅关于印发浙江省";
        assert_eq!(organ_before_about(t), Some("浙江省人民政府办公厅".len()));
        assert_eq!(organ_before_about("关于印发浙江省"), None);
        assert_eq!(organ_before_about("根据省政府关于加快发展的意见，"), None);
        assert_eq!(organ_before_about("要认真贯彻落实省委关于"), None);
    }

    #[test]
    fn a_long_first_word_is_no_issuer() {
        let long = "巨鹿县".repeat(8) + "人民政府";
        assert_eq!(long.chars().count(), MAX_CHARS + 4);
        assert!(issuer_prefix(&long).is_none());
        assert!(issuer_prefix(&format!("{long} 关于")).is_none());
        let fits = "巨鹿县".repeat(6) + "人民政府";
        assert_eq!(fits.chars().count(), 22);
        assert_eq!(issuer_prefix(&format!("{fits} 关于")), Some(fits.len()));
    }
}
