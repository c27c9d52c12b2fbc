//! Issuing organs: a place name followed by an organ suffix from `grammars/issuers.tsv`
//! (`巨鹿县人民政府办公室`, `廊坊市人民政府`). Recognises the organ at the start of a
//! line, as printed in document heads and signatures; it does not find organs inside
//! sentences (that is unit extraction).

use super::headings;
use crate::lexicon::Lexicon;

/// If `s` starts with an issuer (text up to the first space, at most 24 characters,
/// ending with an organ suffix and longer than it), its byte length. `s` must hold no
/// sentence punctuation.
pub fn issuer_prefix(s: &str) -> Option<usize> {
    let lex = Lexicon::get();
    // The cheap test first: most lines do not end their first word with a suffix's last
    // character.
    let head = s.split(' ').next().unwrap_or(s);
    if !lex.issuer_suffix_lasts.may(head.chars().next_back()) {
        return None;
    }
    if s.contains(['，', '。', '：', '、', '；', '《', '（']) || headings::marker(s).is_some()
    {
        return None;
    }
    if head.chars().count() > 24
        || lex
            .prepositions
            .iter()
            .any(|p| head.starts_with(p.as_str()))
    {
        return None;
    }
    lex.issuer_suffixes
        .iter()
        .find(|suf| head.ends_with(suf.as_str()) && head.len() > suf.len())
        .map(|_| head.len())
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
}
