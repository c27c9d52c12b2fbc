//! Re-flow: decide which kept lines continue the paragraph before them.
//!
//! Hard-wrapped files (a printed line per file line, ~17–30 characters) join a line to
//! the next when it fills the column (85% of the detected width or more); paragraph-per-line files join only a long line
//! cut mid-sentence at a page break. In both, a line that starts a structure is never
//! joined to the line before: a heading marker (`一、`, `（一）`, `1.`, `第X条`), an
//! attachment label (`附件1`), a box or table caption (`专栏2`, `表1`), a document
//! number or date line, an issuer line (`巨鹿县人民政府办公室`), a roster role label (`组 长：`), a table row (TAB cell or
//! space-separated cells). It does not classify paragraphs beyond that.

use super::{CleanLine, Layout, LineBuf};
use crate::grammar::{dates, docnum, headings, issuers};
use crate::lexicon::Lexicon;
use std::ops::Range;

/// Width in half-width units: ASCII counts 1, anything else 2.
pub fn display_width(s: &str) -> u32 {
    // Counted on bytes: an ASCII byte is a character of width 1, a UTF-8 lead byte
    // (`11xxxxxx`) starts one of width 2, a continuation byte (`10xxxxxx`) adds nothing.
    // Summed in bytes over chunks of 127 (at most 254 units each), which the
    // compiler vectorises sixteen or more bytes at a time.
    s.as_bytes()
        .chunks(127)
        .map(|chunk| {
            let units: u8 = chunk
                .iter()
                .map(|&b| u8::from(b < 0x80) + 2 * u8::from(b >= 0xC0))
                .sum();
            u32::from(units)
        })
        .sum()
}

/// Detect hard wrapping: a large share of lines sit at one common width, and few lines
/// are far wider than it.
pub fn detect_layout(widths: impl Iterator<Item = u32>) -> Layout {
    let mut widths: Vec<u32> = widths.filter(|w| *w >= 16).collect();
    let total = widths.len();
    // Too few lines to tell a column from chance: leave lines as they are.
    if total < 20 {
        return Layout::ParagraphPerLine;
    }
    let hist = histogram(&mut widths);
    // The lines of widths `lo..=hi`.
    let count = |lo: u32, hi: u32| -> usize {
        let a = hist.partition_point(|&(w, _)| w < lo);
        let b = hist.partition_point(|&(w, _)| w <= hi).max(a);
        hist[a..b].iter().map(|(_, n)| n).sum()
    };
    // The mode over a 4-unit window (a column of N characters prints N, N-½ or N-1
    // characters wide depending on half-width digits and punctuation).
    let (mut best, mut best_w) = (0usize, 0u32);
    for &(w, _) in &hist {
        let n = count(w.saturating_sub(3), w);
        if n > best {
            (best, best_w) = (n, w);
        }
    }
    // Paragraph-per-line text has many lines far wider than any common width.
    let wide = count(best_w * 8 / 5 + 1, u32::MAX);
    if best_w <= 80 && best * 10 >= total * 3 && wide * 10 < total {
        Layout::HardWrapped { width: best_w }
    } else {
        Layout::ParagraphPerLine
    }
}

/// The widest line [`histogram`] counts in an array indexed by width.
const DENSE_WIDTHS: u32 = 1 << 16;

/// Each width of `widths` and its number of lines, by increasing width. Counted in an
/// array indexed by width (no map, no sort), unless a line is so wide that the array
/// would be large: then by sorting `widths`.
fn histogram(widths: &mut [u32]) -> Vec<(u32, usize)> {
    let max = widths.iter().copied().max().unwrap_or(0);
    if max <= DENSE_WIDTHS {
        let mut dense = vec![0usize; max as usize + 1];
        for &w in widths.iter() {
            dense[w as usize] += 1;
        }
        (0u32..).zip(dense).filter(|&(_, n)| n > 0).collect()
    } else {
        widths.sort_unstable();
        widths
            .chunk_by(|a, b| a == b)
            .map(|run| (run[0], run.len()))
            .collect()
    }
}

/// Characters that end a sentence or clause at the end of a line.
fn ends_clause(s: &str) -> bool {
    s.ends_with(['。', '！', '？', '；', '：', ':', ';', '!', '?'])
}

/// A line that starts a structure and must begin its own paragraph.
pub fn starts_block(s: &str) -> bool {
    if opens_block(s).starts {
        return true;
    }
    docnum::doc_number_line(s).is_some()
        || dates::date_line(s).is_some()
        || issuers::is_issuer_line(s)
        || table_like(s)
}

/// What the tests of [`starts_block`] that look at how a line opens found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Opening {
    /// A heading marker, an attachment label, a box or table caption or a roster role
    /// label opens the line.
    starts: bool,
    /// The heading marker that opens the line ([`headings::marker`]), which the re-flow
    /// asks again of a line that starts a block, and the blocks of a paragraph.
    marker: Option<headings::Marker>,
}

/// The tests of [`starts_block`] that look at how the line opens: a heading marker, an
/// attachment label, a box or table caption, a roster role label, a contact label
/// (`联系人：`, `grammars/contacts.tsv`).
fn opens_block(s: &str) -> Opening {
    // Most lines open with a character none of the tests below can match on (nor can a
    // heading marker: its openers are among those characters).
    if !s.chars().next().is_some_and(may_open_block) {
        return Opening {
            starts: false,
            marker: None,
        };
    }
    let marker = headings::marker(s);
    Opening {
        starts: marker.is_some() || opens_with_label(s),
        marker,
    }
}

/// The tests of [`opens_block`] but the heading marker.
fn opens_with_label(s: &str) -> bool {
    if let Some(rest) = s.strip_prefix("附件") {
        let next = rest.chars().next();
        if next.is_none_or(|c| c.is_ascii_digit() || matches!(c, '：' | ':' | ' ' | '一'..='十'))
        {
            return true;
        }
    }
    for cap in ["专栏", "表"] {
        if let Some(rest) = s.strip_prefix(cap)
            && rest
                .trim_start()
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_digit())
        {
            return true;
        }
    }
    let lex = Lexicon::get();
    lex.starts_with_role(s) || lex.starts_with_contact(s)
}

/// The characters a line passing [`opens_block`] may open with: the first
/// characters of heading markers, of `附件`, `专栏` and `表`, of roster role labels and of
/// contact labels.
/// One bit per Basic Multilingual Plane character, derived from the grammars on first
/// use; any character above the plane is let through to the tests themselves.
fn may_open_block(c: char) -> bool {
    static BITS: std::sync::OnceLock<Vec<u64>> = std::sync::OnceLock::new();
    let bits = BITS.get_or_init(|| {
        let lex = Lexicon::get();
        let (roles, contacts) = (lex.role_firsts.chars(), lex.contact_labels.firsts());
        // An empty label fits after any first character.
        let any = roles.is_none() || contacts.is_none();
        let mut bits = vec![if any { u64::MAX } else { 0 }; 0x10000 / 64];
        let firsts = headings::opener_chars()
            .chain(['附', '专', '表'])
            .chain(roles.unwrap_or_default().iter().copied())
            .chain(contacts.unwrap_or_default().iter().copied());
        for c in firsts {
            if let Some(w) = bits.get_mut(c as usize / 64) {
                *w |= 1 << (c as usize % 64);
            }
        }
        bits
    });
    bits.get(c as usize / 64)
        .is_none_or(|w| w & (1 << (c as usize % 64)) != 0)
}

/// Space-separated cells: two or more gaps that separate words from words or numbers
/// from numbers (a gap between a number and a CJK word is number padding: `到 2025 年`).
pub fn table_like(s: &str) -> bool {
    // Most lines hold fewer than two spaces: nothing to look at.
    if memchr::memchr_iter(b' ', s.as_bytes()).nth(1).is_none() {
        return false;
    }
    let mut gaps = 0;
    let mut chars = s.chars();
    let Some(mut prev) = chars.next() else {
        return false;
    };
    let mut cur = chars.next();
    for next in chars {
        if cur == Some(' ') {
            let digit_cjk = (prev.is_ascii_digit() && !next.is_ascii_digit())
                || (!prev.is_ascii_digit() && next.is_ascii_digit());
            if !digit_cjk {
                gaps += 1;
                if gaps >= 2 {
                    return true;
                }
            }
        }
        if let Some(c) = cur {
            prev = c;
        }
        cur = Some(next);
    }
    false
}

/// Group the folded lines `lines` (spans of `folded`; `bufs` holds the rest of what
/// their fold found) into paragraphs, and tell, paragraph by paragraph, what the re-flow
/// learned of a paragraph of one line it tested ([`Known`]: the line's values are the
/// paragraph's, which later stages reuse). A line's [`Marks`] are those its fold found,
/// or walked for here.
pub(super) fn reflow(
    folded: &str,
    lines: &[CleanLine],
    bufs: &[LineBuf],
    layout: Layout,
) -> (Vec<Range<usize>>, Vec<Option<Known>>) {
    // At most one paragraph per line: room for all, so that the lists never grow.
    let mut out = Vec::with_capacity(lines.len());
    let mut known = Vec::with_capacity(lines.len());
    let mut start = 0;
    // The structure tests of each line, run at most once: every line is tested as the
    // next line, then as the previous one.
    let mut shapes: Vec<Option<Shape>> = vec![None; lines.len()];
    for j in 1..=lines.len() {
        let joined = j < lines.len() && joins(folded, lines, bufs, layout, &mut shapes, j);
        if !joined {
            let alone = (j - start == 1).then_some(shapes[start]).flatten();
            known.push(alone.map(|s| Known {
                starts: s.starts,
                issuer: s.issuer,
                marker: s.marker,
            }));
            out.push(start..j);
            start = j;
        }
    }
    (out, known)
}

/// What the re-flow found out about a line it tested.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Known {
    /// [`starts_block`] of the line.
    pub starts: bool,
    /// [`issuers::issuer_prefix`] of the line.
    pub issuer: Option<usize>,
    /// [`headings::marker`] of the line, if the re-flow asked (`None`: not asked).
    pub marker: Option<Option<headings::Marker>>,
}

/// The structure tests of one line: [`starts_block`], and whether the paragraph ends
/// after it (a table row, a document number or date line, an issuer).
#[derive(Debug, Clone, Copy)]
struct Shape {
    starts: bool,
    ends: bool,
    /// [`headings::marker`] of the line, when the tests asked.
    marker: Option<Option<headings::Marker>>,
    /// [`issuers::issuer_prefix`] of the line (`None` without testing for a line with
    /// sentence punctuation, which no issuer line holds).
    issuer: Option<usize>,
}

impl Shape {
    /// Both tests at once: they share the table, number, date and issuer tests. `s` is a
    /// folded line (which the fold trimmed). The
    /// line's [`Marks`] tell which of the table, number and issuer tests cannot match,
    /// and those are skipped, as is the date test of a line not ending with `日`.
    fn of(s: &str, marks: Option<Marks>) -> Shape {
        debug_assert!(
            !s.ends_with(char::is_whitespace),
            "{s:?} is folded, so trimmed"
        );
        let marks = marks.unwrap_or_else(|| Marks::of(s));
        let issuer = if marks.clause {
            None
        } else {
            issuers::issuer_prefix(s)
        };
        let whole_line = (marks.spaces && table_like(s))
            || (marks.year && docnum::doc_number_line(s).is_some())
            // (A date line, trimmed, ends with `日`, and a folded line is trimmed: one
            // that ends otherwise is no date line.)
            || (s.ends_with('日') && dates::date_line(s).is_some());
        let ends = whole_line || issuer.is_some();
        if whole_line || issuer == Some(s.len()) {
            return Shape {
                starts: true,
                ends,
                marker: None,
                issuer,
            };
        }
        let opening = opens_block(s);
        Shape {
            starts: opening.starts,
            ends,
            marker: Some(opening.marker),
            issuer,
        }
    }
}

/// What one walk over a line's bytes tells about the structure tests of [`Shape::of`]:
/// each flag is a condition a test cannot match without. The fold of a line it leaves
/// as it is finds them on its own walk ([`super::fold::Folder::fold_line`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Marks {
    /// Two ASCII spaces or more: a [`table_like`] row has two gaps.
    pub(super) spaces: bool,
    /// A `〔`: every document number holds its year in one ([`docnum::doc_number_line`]).
    pub(super) year: bool,
    /// Sentence punctuation (`，。：、；《（`), which an issuer line never holds
    /// ([`issuers::issuer_prefix`]).
    pub(super) clause: bool,
}

impl Marks {
    /// Note the non-ASCII character `c` of the line (spaces are counted by the caller).
    pub(super) fn note(&mut self, c: char) {
        match c {
            '〔' => self.year = true,
            '，' | '。' | '：' | '、' | '；' | '《' | '（' => self.clause = true,
            _ => {}
        }
    }

    /// The marks of `s`, from a walk over its bytes.
    pub(super) fn of(s: &str) -> Marks {
        let b = s.as_bytes();
        let (mut marks, mut spaces, mut i) = (Marks::default(), 0, 0);
        while i < b.len() {
            match b[i] {
                // U+4000–U+9FFF (lead bytes E4–E9), the ideographs that make up most of
                // a line: three bytes, none of the marks.
                0xE4..=0xE9 => i += 3,
                b' ' => {
                    spaces += 1;
                    i += 1;
                }
                // Every mark is `E3 80 xx` (`、` `。` `《` `〔`) or `EF BC xx` (`（` `，` `：`
                // `；`): decode just those characters and let [`Marks::note`] judge.
                0xE3 | 0xEF => {
                    let Some(c) = s[i..].chars().next() else {
                        break;
                    };
                    marks.note(c);
                    i += c.len_utf8();
                }
                _ => i += 1,
            }
        }
        marks.spaces = spaces >= 2;
        marks
    }
}

/// Whether line `j` of `lines` (and `bufs`) continues the paragraph of line `j - 1`;
/// `shapes` holds the lines' [`Shape`]s computed so far and gets the ones computed here.
fn joins(
    folded: &str,
    lines: &[CleanLine],
    bufs: &[LineBuf],
    layout: Layout,
    shapes: &mut [Option<Shape>],
    j: usize,
) -> bool {
    let (pm, nm) = (&lines[j - 1], &lines[j]);
    let (pt, nt) = (&folded[pm.start..pm.end], &folded[nm.start..nm.end]);
    let (prev, next) = (&bufs[j - 1], &bufs[j]);
    let pw = prev.width;
    // An addressee or a lead-in (`…如下：`) ends its line's paragraph.
    if pm.tab
        || nm.tab
        || pm.cells
        || nm.cells
        || pt.is_empty()
        || nt.is_empty()
        || pt.ends_with(['：', ':'])
    {
        return false;
    }
    if nm.blanks_before > 1 && !nm.page_start {
        return false;
    }
    let next_shape = *shapes[j].get_or_insert_with(|| Shape::of(nt, next.marks));
    if next_shape.starts {
        return false;
    }
    let prev_shape = *shapes[j - 1].get_or_insert_with(|| Shape::of(pt, prev.marks));
    if prev_shape.ends {
        return false;
    }
    let prev_marked = prev_shape.marker.map(|m| m.is_some());

    // A duty line (`市市场监管局：负责…`) is an item of its own after a sentence or a
    // heading that stops short (`（二）市指挥部成员单位及职责`): asked last, of lines that
    // would join.
    // A roster's members printed as posts only, one per line (`旗财政局局长` ⏎
    // `旗自然资源局局长`): a line that ends with a post is not continued by a line that is
    // a whole post. (`鄂尔多斯市生态环境局鄂托克旗` ⏎ `分局局长` still joins.) Asked last too.
    joins_text(pt, pw, nt, layout, prev_marked)
        && !((prev_marked != Some(false) || pt.ends_with(['。', '；', ';']))
            && crate::grammar::assign::opens_duty(nt))
        && !post_list(pt, nt)
}

/// Whether `pt` ends with a post (`…主任`, `…局长`) and `nt` is a whole post
/// (`旗自然资源局局长`): two members of a list printed one per line.
fn post_list(pt: &str, nt: &str) -> bool {
    use crate::grammar::roster;
    // The cheapest tests first: a short next line (24 characters fit in 72 bytes), then
    // the last characters, which most lines end with no title's.
    nt.len() <= 72
        && roster::may_end_with_title(nt)
        && roster::may_end_with_title(pt)
        && !nt.contains(['，', '。', '、', '；', ' '])
        && roster::whole_post(nt)
        && roster::ends_with_post(pt)
}

/// The width and wording tests of [`joins`], once no structure separates the lines.
/// `prev_marked` tells whether a heading marker opens `pt`, if known.
fn joins_text(pt: &str, pw: u32, nt: &str, layout: Layout, prev_marked: Option<bool>) -> bool {
    // A caption `《…》解读` is a title, whatever its width.
    if pt.ends_with("解读") && pt.contains('》') {
        return false;
    }
    match layout {
        // Full: within 15% of the column (half-width digits and spaced numbers make
        // full lines print narrower than the column).
        // A heading line that stops short of the column without closing punctuation
        // wraps too (`（二）关注重点人群，维护群众全` / `生命周期健康。`): 70% is enough.
        Layout::HardWrapped { width } => {
            let marked = prev_marked.unwrap_or_else(|| headings::marker(pt).is_some());
            let heading = marked && !pt.ends_with(['）', ')', '》', '”', '。']);
            pw * 100 >= width * if heading { 70 } else { 85 }
        }
        // A page split mid-sentence; a line ending with a type word is a title.
        Layout::ParagraphPerLine => {
            pw >= 40
                && !ends_clause(pt)
                && !crate::grammar::roster::member_like(pt)
                && !crate::grammar::roster::member_like(nt)
                && !pt.ends_with(['。', '”', '）', '》'])
                && Lexicon::get().doc_type_of(pt).is_none()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn structure_starts() {
        for s in [
            "一、总体要求",
            "（二）加强",
            "附件1",
            "附件：",
            "专栏 3 重点工程",
            "表1 主要指标",
            "组长：王勇",
            "联系人：张朝柱",
            "联系电话：4090565",
            "巨政发〔2023〕1号 2023年7月5日",
            "2023年1月7日",
        ] {
            assert!(starts_block(s), "{s}");
        }
        for s in [
            "附件材料要齐全",
            "表彰先进",
            "到 2025 年，全县",
            "组织领导",
            "联系群众，",
            "电话号码",
        ] {
            assert!(!starts_block(s), "{s}");
        }
    }

    #[test]
    fn every_block_opener_may_open_a_block() {
        let roles = Lexicon::get().role_firsts.chars().expect("no empty role");
        let contacts = Lexicon::get()
            .contact_labels
            .firsts()
            .expect("no empty contact label");
        for c in headings::opener_chars()
            .chain(['附', '专', '表'])
            .chain(roles.iter().copied())
            .chain(contacts.iter().copied())
        {
            assert!(may_open_block(c), "{c}");
        }
        for s in [
            "一、总体要求",
            "（二）加强",
            "1.目标",
            "附件1",
            "专栏2",
            "表1",
            "组长：王勇",
        ] {
            assert!(may_open_block(s.chars().next().unwrap()), "{s}");
        }
        assert!(!may_open_block('行') && !may_open_block('的'));
    }

    #[test]
    fn display_width_counts_ascii_one_and_other_characters_two() {
        let long = "一、总体要求 PM2．5（％）é𠀀x".repeat(20);
        for s in ["", "abc", "一、总体要求", "PM2．5（％）", "é𠀀x", &long] {
            let by_chars: u32 = s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum();
            assert_eq!(display_width(s), by_chars, "{s}");
        }
    }

    #[test]
    fn marks_are_found_as_the_tests_look_for_them() {
        for s in [
            "",
            "一、总体要求",
            "到 2025 年，全县",
            "巨政发〔2023〕1号 2023年7月5日",
            "序号 主要指标 单位",
            "《关于（试行）》：；、。",
            "é𠀀x 〕》）",
        ] {
            let spaces = s.matches(' ').count() >= 2;
            let year = s.contains('〔');
            let clause = s.contains(['，', '。', '：', '、', '；', '《', '（']);
            assert_eq!(
                Marks::of(s),
                Marks {
                    spaces,
                    year,
                    clause
                },
                "{s}"
            );
        }
    }

    #[test]
    fn the_tests_marks_skip_could_not_match() {
        // Each test [`Marks`] lets `Shape::of` skip answers no on a line without the mark.
        for s in [
            "巨鹿县人民政府办公室，",
            "巨鹿县人民政府办公室。",
            "巨鹿县人民政府办公室：",
            "巨鹿县人民政府、办公室",
            "巨鹿县人民政府；",
            "巨鹿县人民政府《",
            "巨鹿县人民政府（",
        ] {
            assert!(issuers::issuer_prefix(s).is_none(), "{s}");
            assert!(
                issuers::issuer_prefix(s.trim_end_matches(|c: char| !c.is_alphanumeric()))
                    .is_some()
                    || s.contains('、'),
                "{s}"
            );
        }
        for s in ["巨政发(2023)1号", "巨政发［2023］1号", "巨政发[2023]1号"] {
            assert!(docnum::doc_number_line(s).is_none(), "{s}");
        }
        assert!(docnum::doc_number_line("巨政发〔2023〕1号").is_some());
        assert!(!table_like("序号 主要指标") && table_like("序号 主要指标 单位"));
        assert!(dates::date_line("2023年1月7日 ").is_some());
        assert!(dates::date_line("2023年1月7日。").is_none());
    }

    #[test]
    fn table_rows_have_word_gaps() {
        assert!(table_like("序号 主要指标 单位 2020年 2025年"));
        assert!(!table_like("到 2025 年，全县建成 15 个"));
        assert!(!table_like("《中共中央 国务院关于"));
    }

    #[test]
    fn both_histograms_count_alike() {
        let mut narrow = vec![20, 34, 34, 20, 200, 34];
        let mut wide = vec![20, 34, 34, 20, 200, 34, DENSE_WIDTHS + 1];
        let expect = [(20, 2), (34, 3), (200, 1)];
        assert_eq!(histogram(&mut narrow), expect);
        assert_eq!(histogram(&mut wide)[..3], expect);
        assert_eq!(histogram(&mut []), []);
    }

    #[test]
    fn layout_of_a_very_wide_text() {
        let w = std::iter::repeat_n(34, 50).chain([DENSE_WIDTHS * 3, 40]);
        assert!(matches!(
            detect_layout(w),
            Layout::HardWrapped { width: 34..=37 }
        ));
    }

    #[test]
    fn layout_of_a_17_column_text() {
        let w = std::iter::repeat_n(34, 50).chain([20, 10, 36, 33, 40]);
        assert!(matches!(
            detect_layout(w),
            Layout::HardWrapped { width: 34..=37 }
        ));
        assert_eq!(
            detect_layout([200, 90, 400, 60, 30].into_iter()),
            Layout::ParagraphPerLine
        );
    }
}
