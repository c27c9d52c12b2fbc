//! Time limits in running text, resolved to calendar dates against an [`Anchor`] (the
//! document's issue date, or only the year of its 文号).
//!
//! Input: one paragraph with all whitespace removed (`1 0月3 1日前` → `10月31日前`; the
//! caller keeps the offset map), or as it is, read by [`Squeezed`], which removes the
//! whitespace and keeps the map in the same pass as the scan for candidates. Output: the spans that set a limit, each with its
//! [`Kind`], dates and [`Precision`]. Cue words come from `grammars/deadlines.tsv`.
//!
//! Resolution (every rule is tested below):
//! - a point ends at the last day of what it names: `2025年` → 12-31 (year), `6月` /
//!   `6月底` → 06-30 (month), `12月初` → 12-10 and `M月中旬` → the 20th (month),
//!   `上半年` → 06-30 and `下半年` → 12-31 (half), `一季度` → 03-31 (quarter), `3月15日`
//!   → that day; a time of day is dropped;
//! - no year printed, or `当年`/`本年`: the anchor year; when the anchor is a full date
//!   and a year-less limit would end before it, the next year (`3月底前` in a December
//!   notice is next March); `年底前`, `年内` → Dec 31 of the anchor year;
//! - a range runs from the first day of its first part to the last day of its second;
//!   a second part without year or month takes them from the first; `自即日起至X`
//!   starts on the anchor date; `“十四五”期间` → 2021-01-01..2025-12-31;
//! - `自印发之日起N日内` ends N days after the anchor date; `有效期N年` ends N years
//!   after its start, less a day; other relative limits and recurring limits have no
//!   dates;
//! - without a usable anchor, a value that needs one is left empty (never guessed).
//!
//! Not limits, and skipped: bare dates with no cue (issue dates, cited documents),
//! dates after a baseline word (`截至2020年底`) or before a history word (`以来`),
//! `到`-targets already past in the anchor year (`到2020年底，全市共有…`), a `…前…的`
//! clause (`2021年底前建成通车的`), plan names (`十四五规划`), anything inside `《》`,
//! spans after `提前` / `控制在` or before `不得`, distributive lists (`30、20个工作日`).

use super::numerals::{arabic, cn_count, cn_digit, cn_unit, digit_year};
use crate::clean::fold::is_space;
use crate::lexicon::{AnyWord, Lexicon};
use jiff::ToSpan;
use jiff::civil::Date;
use std::ops::Range;

/// What relative and year-less parts are resolved against.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Anchor {
    /// The issue date.
    pub date: Option<Date>,
    /// The anchor year: the issue date's, else the 文号 year.
    pub year: Option<i16>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    By,
    Range,
    Recurring,
    Relative,
    Ongoing,
    Effective,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::By => "by",
            Kind::Range => "range",
            Kind::Recurring => "recurring",
            Kind::Relative => "relative",
            Kind::Ongoing => "ongoing",
            Kind::Effective => "effective",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precision {
    Day,
    Month,
    Quarter,
    Half,
    Year,
    None,
}

impl Precision {
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::Day => "day",
            Precision::Month => "month",
            Precision::Quarter => "quarter",
            Precision::Half => "half",
            Precision::Year => "year",
            Precision::None => "none",
        }
    }
}

/// One time limit found in a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deadline {
    /// Byte span in the (whitespace-free) paragraph.
    pub span: Range<usize>,
    pub kind: Kind,
    pub start: Option<Date>,
    pub end: Option<Date>,
    pub precision: Precision,
    /// For [`Kind::Recurring`]: `day`, `week`, `month`, `quarter`, `half` or `year`.
    pub recurrence: Option<&'static str>,
}

/// Which part of a year or month a point names.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
enum Part {
    #[default]
    Whole,
    /// 初 / 上旬: days 1–10.
    Early,
    /// 中旬: days 11–20.
    Mid,
    /// 底 / 末 / 下旬.
    End,
    Half(u8),
    Quarter(u8),
}

/// A printed point in time, not yet resolved.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Point {
    year: Option<i16>,
    /// `当年` / `本年`: the anchor year, never rolled forward.
    this_year: bool,
    month: Option<i8>,
    day: Option<i8>,
    part: Part,
}

impl Point {
    fn precision(&self) -> Precision {
        match (self.day, self.month, self.part) {
            (Some(_), _, _) => Precision::Day,
            (None, Some(_), _) => Precision::Month,
            (None, None, Part::Half(_)) => Precision::Half,
            (None, None, Part::Quarter(_)) => Precision::Quarter,
            _ => Precision::Year,
        }
    }

    fn yearless(&self) -> bool {
        self.year.is_none() && !self.this_year
    }

    /// First and last day, in `year`.
    fn bounds(&self, year: i16) -> Option<(Date, Date)> {
        let ymd = |m: i8, d: i8| Date::new(year, m, d).ok();
        let month_end = |m: i8| ymd(m, 1).map(|d| d.last_of_month());
        match (self.month, self.day, self.part) {
            (Some(m), Some(d), _) => ymd(m, d).map(|x| (x, x)),
            (Some(m), None, Part::Early) => Some((ymd(m, 1)?, ymd(m, 10)?)),
            (Some(m), None, Part::Mid) => Some((ymd(m, 11)?, ymd(m, 20)?)),
            (Some(m), None, _) => Some((ymd(m, 1)?, month_end(m)?)),
            (None, _, Part::Half(h)) => {
                let m0 = if h == 1 { 1 } else { 7 };
                Some((ymd(m0, 1)?, month_end(m0 + 5)?))
            }
            (None, _, Part::Quarter(q)) => {
                let m0 = 3 * (q as i8 - 1) + 1;
                Some((ymd(m0, 1)?, month_end(m0 + 2)?))
            }
            (None, _, Part::Early) => Some((ymd(1, 1)?, month_end(1)?)),
            _ => Some((ymd(1, 1)?, ymd(12, 31)?)),
        }
    }

    /// Resolve against the anchor: (first day, last day).
    fn resolve(&self, a: &Anchor) -> Option<(Date, Date)> {
        let year = self.year.or(a.year)?;
        let b = self.bounds(year)?;
        match a.date {
            Some(d) if self.yearless() && b.1 < d => self.bounds(year + 1),
            _ => Some(b),
        }
    }

    /// Fill a range's second part from its first (`9月26日—10月25日`, `4月10日—25日`).
    fn inherit(mut self, from: &Point) -> Point {
        if self.year.is_none() && !self.this_year {
            self.year = from.year;
            self.this_year = from.this_year;
        }
        if self.month.is_none() && self.day.is_some() {
            self.month = from.month;
        }
        self
    }
}

/// A kind of cue word in `grammars/deadlines.tsv`.
#[derive(Debug, Clone, Copy)]
enum Cue {
    Plan,
    Label,
    Baseline,
    History,
    Issue,
    InForce,
    Ongoing,
    Unit,
    NotRelative,
    Sanction,
    Completes,
}

impl Cue {
    const ALL: [Cue; 11] = [
        Cue::Plan,
        Cue::Label,
        Cue::Baseline,
        Cue::History,
        Cue::Issue,
        Cue::InForce,
        Cue::Ongoing,
        Cue::Unit,
        Cue::NotRelative,
        Cue::Sanction,
        Cue::Completes,
    ];

    /// Its name in the first column of the grammar.
    fn name(self) -> &'static str {
        match self {
            Cue::Plan => "plan",
            Cue::Label => "label",
            Cue::Baseline => "baseline",
            Cue::History => "history",
            Cue::Issue => "issue",
            Cue::InForce => "in_force",
            Cue::Ongoing => "ongoing",
            Cue::Unit => "unit",
            Cue::NotRelative => "not_relative",
            Cue::Sanction => "sanction",
            Cue::Completes => "completes",
        }
    }
}

/// The cue words of `kind`, longest first: looked up in the lexicon by name once, not
/// at every call.
fn cues(kind: Cue) -> &'static [(String, String)] {
    static CUES: std::sync::OnceLock<[&'static [(String, String)]; Cue::ALL.len()]> =
        std::sync::OnceLock::new();
    CUES.get_or_init(|| Cue::ALL.map(|k| Lexicon::get().cues(k.name())))[kind as usize]
}

/// The longest cue word of `kind` that `s` starts with.
fn starts_cue(s: &str, kind: Cue) -> Option<usize> {
    cues(kind)
        .iter()
        .find(|(w, _)| has_prefix(s, w))
        .map(|(w, _)| w.len())
}

fn ends_cue(s: &str, kind: Cue) -> bool {
    cues(kind).iter().any(|(w, _)| has_suffix(s, w))
}

/// `s` starts with one of `words`: its length.
fn starts_any(s: &str, words: &[&str]) -> Option<usize> {
    words.iter().find(|w| has_prefix(s, w)).map(|w| w.len())
}

/// `s.starts_with(w)`, compared byte by byte in place: the words are a few bytes long,
/// too short to be worth a call to `memcmp`.
fn has_prefix(s: &str, w: &str) -> bool {
    let (s, w) = (s.as_bytes(), w.as_bytes());
    s.len() >= w.len() && s.iter().zip(w).all(|(a, b)| a == b)
}

/// `s.ends_with(w)`, compared as [`has_prefix`] does.
fn has_suffix(s: &str, w: &str) -> bool {
    let (s, w) = (s.as_bytes(), w.as_bytes());
    s.len() >= w.len() && s[s.len() - w.len()..].iter().zip(w).all(|(a, b)| a == b)
}

/// A small number, Arabic or Chinese.
fn num(s: &str) -> Option<(usize, u32)> {
    let (rest, v) = arabic(s).or_else(|_| cn_count(s)).ok()?;
    Some((s.len() - rest.len(), v))
}

/// `下午5时`, `17:00`, `24时`, `0时30分`: a time of day, skipped.
fn time_of_day(s: &str) -> usize {
    let mut i = starts_any(s, &["上午", "下午", "晚上", "凌晨", "中午"]).unwrap_or(0);
    let Some((n, h)) = num(&s[i..]) else {
        return 0;
    };
    if h > 24 {
        return 0;
    }
    let r = &s[i + n..];
    if let Some(k) = starts_any(r, &["时", "点"]) {
        i += n + k;
        if let Some((m, _)) = num(&s[i..])
            && s[i + m..].starts_with('分')
        {
            i += m + '分'.len_utf8();
        }
        return i;
    }
    if let Some(k) = starts_any(r, &[":", "："])
        && let Some((m, _)) = num(&r[k..])
    {
        return i + n + k + m;
    }
    0
}

/// `2023年`, `2023年12月初`, `3月15日`, `当年11月15日`, `2022年底`, `下半年`, `第一季度末`.
fn point(s: &str) -> Option<(usize, Point)> {
    let mut p = Point::default();
    let mut i = 0;
    if let Some(n) = starts_any(s, &THIS_YEAR) {
        p.this_year = true;
        i = n;
    } else if let Ok((rest, y)) = digit_year(s)
        && let Some(r) = rest.strip_prefix('年')
        && (1900..=2100).contains(&y)
    {
        p.year = Some(y as i16);
        i = s.len() - r.len();
    }
    let dated = !p.yearless();
    let r = &s[i..];
    if dated {
        for (w, part) in [
            ("底", Part::End),
            ("末", Part::End),
            ("初", Part::Early),
            ("上半年", Part::Half(1)),
            ("下半年", Part::Half(2)),
        ] {
            if has_prefix(r, w) {
                p.part = part;
                return Some((i + w.len(), p));
            }
        }
    }
    if let Some((n, q)) = quarter(r) {
        p.part = Part::Quarter(q);
        return Some((i + n, p));
    }
    if !dated && let Some(n) = starts_any(r, &HALVES) {
        p.part = Part::Half(if r.starts_with('上') { 1 } else { 2 });
        return Some((i + n, p));
    }
    let Some((n, m)) = num(r).filter(|&(n, m)| (1..=12).contains(&m) && r[n..].starts_with('月'))
    else {
        return dated.then_some((i, p));
    };
    p.month = Some(m as i8);
    i += n + '月'.len_utf8();
    let r = &s[i..];
    for (w, part) in [
        ("底", Part::End),
        ("末", Part::End),
        ("下旬", Part::End),
        ("初", Part::Early),
        ("上旬", Part::Early),
        ("中旬", Part::Mid),
    ] {
        if has_prefix(r, w) {
            p.part = part;
            return Some((i + w.len(), p));
        }
    }
    if let Some((n, d)) = num(r)
        && (1..=31).contains(&d)
        && let Some(k) = starts_any(&r[n..], &["日", "号"])
    {
        // 2月30日 does not exist in any year; leap days are checked on resolution.
        Date::new(2000, m as i8, d as i8).ok()?;
        p.day = Some(d as i8);
        i += n + k;
        i += time_of_day(&s[i..]);
    }
    Some((i, p))
}

/// `当年`, `本年`, `今年`, `同年`: the anchor year.
const THIS_YEAR: [&str; 4] = ["当年", "本年", "今年", "同年"];

/// `上半年`, `下半年`, without a year.
const HALVES: [&str; 2] = ["上半年", "下半年"];

/// The ordinal prefix of a quarter (`第三季度`).
const ORDINAL: &str = "第";

/// The numbers of a quarter, as printed.
const QUARTERS: [(char, u8); 8] = [
    ('一', 1),
    ('1', 1),
    ('二', 2),
    ('2', 2),
    ('三', 3),
    ('3', 3),
    ('四', 4),
    ('4', 4),
];

/// `一季度`, `第三季度`, `第二季度末`: (bytes, quarter).
fn quarter(s: &str) -> Option<(usize, u8)> {
    let i = starts_any(s, &[ORDINAL]).unwrap_or(0);
    let c = s[i..].chars().next()?;
    let &(_, q) = QUARTERS.iter().find(|&&(d, _)| d == c)?;
    let j = i + c.len_utf8();
    let k = starts_any(&s[j..], &["季度末", "季度"])?;
    Some((j + k, q))
}

/// Range separators, longest first.
const RANGE_SEPS: [&str; 10] = ["——", "—", "－", "-", "–", "‒", "~", "～", "至", "到"];

/// A range separator: `—`, `-`, `至`, `到` ….
fn range_sep(s: &str) -> Option<usize> {
    starts_any(s, &RANGE_SEPS)
}

/// `前`, `以前`, `之前`.
fn before(s: &str) -> Option<usize> {
    starts_any(s, &["以前", "之前", "前"])
}

/// After `…前` or `…起`: a short verb phrase closed by 的 that describes a thing
/// (`前建成通车的道路`, `前制定的文件`, `起的新增人员`), not a limit. A prepositional
/// phrase (`前对本年度办理的…`) is an action, so it does not count.
fn describes(s: &str) -> bool {
    if s.starts_with(['对', '将', '向', '把', '按', '为']) {
        return false;
    }
    s.chars()
        .take(5)
        .take_while(|c| !"，。；、：（）".contains(*c))
        .any(|c| c == '的')
}

/// Every time limit in `s`, left to right, non-overlapping.
pub fn find(s: &str, a: &Anchor) -> Vec<Deadline> {
    if !may_hold(s) {
        return Vec::new();
    }
    let starts = Starts::get();
    scan(s, a, |i| {
        let k = starts.next(s, i)?;
        Some(Stop {
            at: k,
            c: s[k..].chars().next()?,
            after_numeral: s[..k].chars().next_back().is_some_and(mid_numeral),
        })
    })
}

/// One character of every time limit, by the parser that finds it: a point (`年`, `月`,
/// `季`; [`point`] reads no other, and [`dated`], [`in_force_until`],
/// [`yearless_year_end`] and a dated label value need one), `每` ([`recurring`]), `即`
/// ([`SINCE_TODAY`]), `日` ([`SINCE_ISSUE`]), `内` or `超` ([`WITHIN`], [`CAPPED`]:
/// [`relative`]), `限` or `间` (every label word, for a label whose value is an ongoing
/// word), `期` or `末` ([`PLAN_SPAN`], [`PLAN_END`]). Tests check each word list.
const NEEDED: [&str; 12] = [
    "年", "月", "季", "每", "即", "日", "内", "超", "限", "间", "期", "末",
];

/// Whether paragraph `t` may hold a time limit: it holds one of the [`NEEDED`]
/// characters. Most paragraphs hold none, and one SIMD search over the paragraph costs
/// far less than the scan for candidates it spares. Whitespace does not matter: it is
/// never one of them, so `t` may be read before or after squeezing.
pub fn may_hold(t: &str) -> bool {
    static NEEDS: std::sync::OnceLock<AnyWord> = std::sync::OnceLock::new();
    NEEDS.get_or_init(|| AnyWord::new(&NEEDED)).is_match(t)
}

/// Every time limit in a paragraph read by [`Squeezed::read`], as [`find`] finds them in
/// its whitespace-free form ([`Squeezed::text`]), whose scan `t` already made.
pub fn find_squeezed(t: &str, sq: &Squeezed, a: &Anchor) -> Vec<Deadline> {
    let mut stops = sq.stops.iter();
    // Scanning resumes after each stop, so the stops before `i` are never asked again.
    scan(sq.text(t), a, |i| stops.find(|st| st.at >= i).copied())
}

/// A character the scan stops at, as [`Squeezed::read`] found it: the scan reads it
/// from here instead of decoding it (and the character before it) again.
#[derive(Debug, Clone, Copy)]
struct Stop {
    /// Its byte in the text scanned.
    at: usize,
    c: char,
    /// Whether the character before it is a [`mid_numeral`]: a limit would start inside
    /// a number (`2023年` read from `023年`).
    after_numeral: bool,
}

/// The scan of [`find`], over the stops `next(i)` gives: the first character of `s` at
/// or after byte `i` that is a member of [`Starts::get`].
fn scan(s: &str, a: &Anchor, mut next: impl FnMut(usize) -> Option<Stop>) -> Vec<Deadline> {
    let mut out = Vec::new();
    let mut quoted = 0u32;
    // Where scanning resumes: after the last candidate, or after a span (the characters
    // inside it are passed over, brackets included).
    let mut i = 0;
    while let Some(Stop {
        at: k,
        c,
        after_numeral,
    }) = next(i)
    {
        i = k + c.len_utf8();
        match c {
            '《' => quoted += 1,
            '》' => quoted = quoted.saturating_sub(1),
            _ => {
                if quoted == 0
                    && !after_numeral
                    && let Some((end, found)) = at(s, k, c, a)
                {
                    out.extend(found);
                    i = i.max(end);
                }
            }
        }
    }
    out
}

/// A paragraph with its whitespace removed (`1 0月3 1日前` → `10月31日前`), the map back
/// to its bytes, and where the scan of [`find`] stops in it: all from one pass over the
/// paragraph's bytes. A paragraph without whitespace, most of them, is not copied.
/// Reused from paragraph to paragraph, so its buffers are allocated once.
#[derive(Debug, Default)]
pub struct Squeezed {
    /// The whitespace-free text, when the paragraph held whitespace.
    text: String,
    spaced: bool,
    /// Where each run of kept bytes came from: (byte in `text`, byte in the paragraph),
    /// one entry per run, not per byte; empty when nothing was removed.
    runs: Vec<(usize, usize)>,
    /// Every member of [`Starts::get`] in the whitespace-free text.
    stops: Vec<Stop>,
}

impl Squeezed {
    /// Reads paragraph `t`, replacing what was read before.
    pub fn read(&mut self, t: &str) {
        self.text.clear();
        self.runs.clear();
        self.stops.clear();
        self.spaced = false;
        let starts = Starts::with_spaces();
        // Start of the run of kept bytes being read; copied when a space closes it
        // (`text` then holds everything before it).
        let mut run = 0;
        let mut i = 0;
        // Where the last numeral stopped at ends in the whitespace-free text: every
        // [`mid_numeral`] is a stop, so a stop that starts there follows one.
        let mut numeral_end = usize::MAX;
        while let Some(k) = starts.next(t, i) {
            let Some(c) = t[k..].chars().next() else {
                break;
            };
            i = k + c.len_utf8();
            if is_space(c) {
                if run < k {
                    self.runs.push((self.text.len(), run));
                    self.text.push_str(&t[run..k]);
                }
                run = i;
                self.spaced = true;
            } else {
                let at = self.text.len() + (k - run);
                self.stops.push(Stop {
                    at,
                    c,
                    after_numeral: numeral_end == at,
                });
                if mid_numeral(c) {
                    numeral_end = at + c.len_utf8();
                }
            }
        }
        if self.spaced && run < t.len() {
            self.runs.push((self.text.len(), run));
            self.text.push_str(&t[run..]);
        }
    }

    /// The whitespace-free form of `t`, the paragraph last read.
    pub fn text<'a>(&'a self, t: &'a str) -> &'a str {
        if self.spaced { &self.text } else { t }
    }

    /// The paragraph byte of byte `k` of [`Squeezed::text`].
    pub fn source(&self, k: usize) -> usize {
        let r = self.runs.partition_point(|r| r.0 <= k).saturating_sub(1);
        self.runs.get(r).map_or(k, |&(t, p)| p + (k - t))
    }
}

/// Whether a limit starting after `p` would start inside a number (`2023年` read
/// from `023年`). Every such character is a member of [`Starts::get`] (a test keeps
/// it so): [`Squeezed::read`] tells it from the stop before.
fn mid_numeral(p: char) -> bool {
    p.is_ascii_digit()
        || matches!(
            p,
            '〇' | '零'
                | '一'
                | '二'
                | '三'
                | '四'
                | '五'
                | '六'
                | '七'
                | '八'
                | '九'
                | '十'
                | '两'
        )
}

/// The characters the scan stops at: those a limit can start with (a numeral, or the
/// first character of a cue) and the title brackets `《》` it counts, and for
/// [`Squeezed::read`] the spaces too. Every other character is stepped over on its
/// bytes, without being decoded: most characters of a text start nothing.
struct Starts {
    /// ASCII members, by byte.
    ascii: [bool; 128],
    /// Two-byte members U+0080–U+00BF (lead byte `C2`), bit by the second byte's low six:
    /// only the spaces U+0085 and U+00A0. No member is encoded in any other two bytes,
    /// nor in four.
    latin: u64,
    /// Three-byte members (U+0800–U+FFFF), indexed by their code point's bits above the
    /// lowest six (the lead byte's low four and the second byte's low six), bit by the
    /// third byte's low six.
    bits: Box<[u64; 1 << 10]>,
}

impl Starts {
    /// The characters a limit can start with, and `《》`.
    fn get() -> &'static Starts {
        static STARTS: std::sync::OnceLock<Starts> = std::sync::OnceLock::new();
        STARTS.get_or_init(|| Starts::new(false))
    }

    /// [`Starts::get`] and every [`is_space`] character.
    fn with_spaces() -> &'static Starts {
        static STARTS: std::sync::OnceLock<Starts> = std::sync::OnceLock::new();
        STARTS.get_or_init(|| Starts::new(true))
    }

    fn new(spaces: bool) -> Starts {
        let mut starts = Starts {
            ascii: [false; 128],
            latin: 0,
            bits: Box::new([0; 1 << 10]),
        };
        let fixed =
            "0123456789〇零一二三四五六七八九十两每自从即到至年当本今同上下第“\"不有执实《》";
        let cued = [Cue::Label, Cue::Plan]
            .into_iter()
            .flat_map(|kind| cues(kind).iter().filter_map(|(w, _)| w.chars().next()));
        for c in fixed.chars().chain(cued) {
            starts.add(c);
        }
        if spaces {
            // Every space starts with an ASCII byte or C2, E1, E2, E3 or EF, and the only
            // ones that start with E3 or EF are U+3000 and U+FEFF (checked by a test).
            let maybe = ('\0'..='\u{BF}')
                .chain('\u{1000}'..='\u{2FFF}')
                .chain(['\u{3000}', '\u{FEFF}']);
            for c in maybe.filter(|&c| is_space(c)) {
                starts.add(c);
            }
        }
        starts
    }

    /// Adds `c`: ASCII, U+0080–U+00BF or three bytes long (a test checks that every
    /// cue's first character and every space is).
    fn add(&mut self, c: char) {
        let k = u32::from(c);
        match c.len_utf8() {
            1 => self.ascii[k as usize] = true,
            2 if k < 0xC0 => self.latin |= 1 << (k & 0x3F),
            3 => self.bits[(k >> 6) as usize & 0x3FF] |= 1 << (k & 0x3F),
            _ => {}
        }
    }

    fn has_ascii(&self, x: u8) -> bool {
        x < 0x80 && self.ascii[usize::from(x)]
    }

    /// Whether the three-byte character `x y z` is a member.
    fn has_three(&self, x: u8, y: u8, z: u8) -> bool {
        let hi = usize::from(x & 0x0F) << 6 | usize::from(y & 0x3F);
        self.bits[hi] >> (z & 0x3F) & 1 != 0
    }

    /// Whether `C2 y` is a member.
    fn has_latin(&self, y: u8) -> bool {
        self.latin >> (y & 0x3F) & 1 != 0
    }

    /// The byte offset of the first member at or after byte `i` of `s` (a character
    /// boundary).
    fn next(&self, s: &str, i: usize) -> Option<usize> {
        let b = s.as_bytes();
        let mut rest = b.get(i..)?;
        let at = |rest: &[u8]| b.len() - rest.len();
        // Two three-byte characters at a time while they are (most of a Chinese text):
        // one test for both on the way past.
        while let [x, y, z, u, v, w, tail @ ..] = rest
            && x & 0xF0 == 0xE0
            && u & 0xF0 == 0xE0
        {
            let first = self.has_three(*x, *y, *z);
            if first || self.has_three(*u, *v, *w) {
                return Some(at(rest) + if first { 0 } else { 3 });
            }
            rest = tail;
        }
        // Three bytes are in reach of every character but the last two bytes of `s`
        // (ASCII or one two-byte character), read below.
        while let [x, y, z, tail @ ..] = rest {
            if x & 0xF0 == 0xE0 {
                let hi = usize::from(x & 0x0F) << 6 | usize::from(y & 0x3F);
                if self.bits[hi] >> (z & 0x3F) & 1 != 0 {
                    return Some(at(rest));
                }
                rest = tail;
            } else if *x < 0x80 {
                if self.ascii[usize::from(*x)] {
                    return Some(at(rest));
                }
                rest = &rest[1..];
            } else {
                // Two- or four-byte characters (a boundary never holds a continuation byte).
                if *x == 0xC2 && self.has_latin(*y) {
                    return Some(at(rest));
                }
                rest = rest.get(crate::utf8::width(*x)..)?;
            }
        }
        match *rest {
            [x, ..] if self.has_ascii(x) => Some(at(rest)),
            [0xC2, y] if self.has_latin(y) => Some(at(rest)),
            [_, y] if self.has_ascii(y) => Some(at(rest) + 1),
            _ => None,
        }
    }
}

/// What starts at `i`, character `c`: (where scanning resumes, the limit if any). A
/// span that is a baseline or a bare date is consumed without a limit, so its tail is
/// not re-read.
///
/// Each parser is tried only when `c`, the character at `i`, can start it: most
/// candidates are numerals and cue characters that open none of them, and a failing
/// parser costs far more than a character test.
fn at(s: &str, i: usize, c: char, a: &Anchor) -> Option<(usize, Option<Deadline>)> {
    let mut cs = s[i + c.len_utf8()..].chars();
    let numeral = numeral_char(c);
    if numeral {
        let firsts = Firsts::get();
        // A numeral opens only a span (`3个工作日内`) or a point (`2025年`, `10月`,
        // `一季度`, `2021—2025年`): both need the right character after its run (see
        // `numeral_then`), unless it opens a cue word.
        if !firsts.label.contains(&c)
            && !firsts.plan.contains(&c)
            && !cs
                .find(|&f| !numeral_char(f))
                .is_some_and(|f| may_follow_point(f) || firsts.unit.contains(&f))
        {
            return None;
        }
    } else if !Openers::get().may_open(c, cs.next()) {
        return None;
    }
    parse_at(s, i, c, numeral, a)
}

/// [`at`] past its test of the next character or the numeral run: every parser `c`
/// (a [`numeral_char`] when `numeral`) can open.
fn parse_at(
    s: &str,
    i: usize,
    c: char,
    numeral: bool,
    a: &Anchor,
) -> Option<(usize, Option<Deadline>)> {
    if c == '每' {
        return recurring(s, i).map(|d| (d.span.end, Some(d)));
    }
    if matches!(c, '自' | '即' | '从')
        && let Some(x) = since_today(s, i, a)
    {
        return Some(x);
    }
    if matches!(c, '自' | '从')
        && let Some(x) = from_issue(s, i, a)
    {
        return Some(x);
    }
    let firsts = Firsts::get();
    if firsts.label.contains(&c)
        && let Some(x) = labelled(s, i, a)
    {
        return Some(x);
    }
    if (matches!(c, '“' | '"') || firsts.plan.contains(&c))
        && let Some(x) = plan(s, i)
    {
        return Some(x);
    }
    if matches!(c, '有' | '执' | '实')
        && let Some(x) = in_force_until(s, i, a)
    {
        return Some(x);
    }
    // `relative` reads a numeral at once or after `不超过`; `dated` a numeral or the
    // character `may_open_dated` accepts. Most candidates are neither.
    if (numeral || c == '不')
        && let Some(x) = relative(s, i)
    {
        return Some(x);
    }
    if (numeral || may_open_dated(c))
        && let Some(x) = dated(s, i, a)
    {
        return Some(x);
    }
    if matches!(c, '年' | '本') {
        return yearless_year_end(s, i, a);
    }
    None
}

/// The first two characters of every word a limit can open with when its first
/// character is no numeral (`有效期至`, `年底前`, `每月`, `完成时间`, `到2025年`),
/// collected from the parsers' word lists and `grammars/deadlines.tsv` (computed once).
/// Most candidates (`实现`, `有关`, `办公`, `上级`) are ruled out by their second
/// character before any parser runs.
struct Openers {
    /// The (first, second) characters of the opening words, by [`Openers::slot`]: a
    /// pair that is set may still be no opener (two pairs can share a slot), one that
    /// is clear never is.
    pairs: Box<[u64; 1 << 10]>,
    /// First characters that open with any second character (a one-character word).
    any: Vec<char>,
    /// First characters a numeral may follow (a cue before a point: `到2025年`).
    numeral: Vec<char>,
}

impl Openers {
    fn get() -> &'static Openers {
        static OPENERS: std::sync::OnceLock<Openers> = std::sync::OnceLock::new();
        OPENERS.get_or_init(Openers::new)
    }

    fn new() -> Openers {
        let mut o = Openers {
            pairs: Box::new([0; 1 << 10]),
            any: Vec::new(),
            numeral: Vec::new(),
        };
        let cue_words = |kind| cues(kind).iter().map(|(w, _)| w.as_str());
        // A point opens with a numeral or one of these words (see `may_point`); `第`
        // only before the number of a quarter.
        let points = THIS_YEAR.into_iter().chain(HALVES);
        let quarters = QUARTERS.iter().map(|&(q, _)| format!("{ORDINAL}{q}"));
        let mut words: Vec<String> = points.clone().map(str::to_owned).collect();
        words.extend(quarters);
        words.extend(SINCE_TODAY.map(str::to_owned));
        words.extend(UNTIL.map(str::to_owned));
        words.extend(CAPPED.map(str::to_owned));
        words.extend(YEAR_ENDS.map(str::to_owned));
        words.extend(cue_words(Cue::Label).map(str::to_owned));
        words.extend(PERIODS.map(|(w, _)| format!("{EVERY}{w}")));
        words.extend(cue_words(Cue::Plan).map(str::to_owned));
        for q in QUOTES {
            words.extend(cue_words(Cue::Plan).map(|w| format!("{q}{w}")));
        }
        for f in FROM {
            words.extend(cue_words(Cue::Issue).map(|w| format!("{f}{w}")));
        }
        for cue in DATED_CUES {
            words.extend(points.clone().chain([ORDINAL]).map(|p| format!("{cue}{p}")));
            o.numeral.extend(cue.chars().next());
        }
        for w in &words {
            let mut cs = w.chars();
            match (cs.next(), cs.next()) {
                (Some(c), Some(d)) => {
                    let k = Openers::slot(c, d);
                    o.pairs[k >> 6] |= 1 << (k & 63);
                }
                (Some(c), None) => o.any.push(c),
                _ => {}
            }
        }
        o
    }

    /// The bit of the pair `c` `d` in [`Openers::pairs`].
    fn slot(c: char, d: char) -> usize {
        (u32::from(c).wrapping_mul(31) ^ u32::from(d)) as usize & 0xFFFF
    }

    /// Whether some word of a limit may start with `c` (no numeral) followed by `next`.
    fn may_open(&self, c: char, next: Option<char>) -> bool {
        if self.any.contains(&c) {
            return true;
        }
        let Some(d) = next else {
            return false;
        };
        let k = Openers::slot(c, d);
        self.pairs[k >> 6] >> (k & 63) & 1 != 0 || (self.numeral.contains(&c) && numeral_char(d))
    }
}

/// The first characters of the cue words the scan tests at every candidate, from
/// `grammars/deadlines.tsv` (computed once).
struct Firsts {
    label: Vec<char>,
    plan: Vec<char>,
    unit: Vec<char>,
}

impl Firsts {
    fn get() -> &'static Firsts {
        static FIRSTS: std::sync::OnceLock<Firsts> = std::sync::OnceLock::new();
        FIRSTS.get_or_init(|| {
            let of = |kind: Cue| {
                let mut v: Vec<char> = cues(kind)
                    .iter()
                    .filter_map(|(w, _)| w.chars().next())
                    .collect();
                v.sort_unstable();
                v.dedup();
                v
            };
            Firsts {
                label: of(Cue::Label),
                plan: of(Cue::Plan),
                unit: of(Cue::Unit),
            }
        })
    }
}

/// A character some numeral parser reads: an Arabic digit, a Chinese digit or unit, or
/// the space [`digit_year`] reads through.
fn numeral_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_digit() || c == ' ';
    }
    cn_digit(c).is_some() || cn_unit(c).is_some()
}

/// `s` opens with a numeral whose run of numeral characters is followed by a character
/// `next` accepts. Every numeral parser ([`arabic`], [`cn_count`], [`digit_year`])
/// reads a prefix of that run, and every shape built on one continues with a
/// non-numeral (`年`, `月`, `季`, a range separator, a unit): so where the run is
/// followed by anything else, no such shape can match and its parser need not run.
fn numeral_then(s: &str, next: impl Fn(char) -> bool) -> bool {
    s.starts_with(numeral_char) && s.chars().find(|&c| !numeral_char(c)).is_some_and(next)
}

/// Whether [`point`] or [`year_range`] can match at the start of `s`: a numeral followed
/// by `年`, `月`, `季` (`一季度`) or a range separator, or `当年`/`本年`/`今年`/`同年`,
/// `第…季度`, `上半年`/`下半年`.
fn may_point(s: &str) -> bool {
    let mut cs = s.chars();
    match cs.next() {
        Some('当' | '本' | '今' | '同') => cs.next() == Some('年'),
        Some('第') => true,
        Some('上' | '下') => cs.next() == Some('半'),
        Some(_) => numeral_then(s, may_follow_point),
        None => false,
    }
}

/// Whether [`dated`] can match at a character `c` that is not a numeral: `c` opens its
/// cue (`到` `至` `自` `从`) or a point that starts with no numeral (see [`may_point`]).
fn may_open_dated(c: char) -> bool {
    matches!(
        c,
        '到' | '至' | '自' | '从' | '当' | '本' | '今' | '同' | '第' | '上' | '下'
    )
}

/// Whether `c` can follow the numeral run a point or a year range starts with.
/// The range separators are listed by their first characters (a test checks them
/// against [`RANGE_SEPS`]).
fn may_follow_point(c: char) -> bool {
    matches!(
        c,
        '年' | '月' | '季' | '—' | '－' | '-' | '–' | '‒' | '~' | '～' | '至' | '到'
    )
}

fn deadline(span: Range<usize>, kind: Kind) -> Deadline {
    Deadline {
        span,
        kind,
        start: None,
        end: None,
        precision: Precision::None,
        recurrence: None,
    }
}

/// `2021—2025年`, `2022-2024年`: a year range whose first year has no 年.
fn year_range(s: &str, j: usize) -> Option<(usize, Point, Point)> {
    let (rest, y1) = digit_year(&s[j..]).ok()?;
    let k = s.len() - rest.len();
    let n = range_sep(rest)?;
    let (m, p2) = point(&s[k + n..])?;
    if p2.year.is_none() || p2.month.is_some() || !(1900..=2100).contains(&y1) {
        return None;
    }
    let p1 = Point {
        year: Some(y1 as i16),
        ..Point::default()
    };
    Some((k + n + m, p1, p2))
}

/// The words a dated form may open with before its point (`到2025年`).
const DATED_CUES: [&str; 4] = ["到", "至", "自", "从"];

/// Dated forms: `到P`, `P前`, `P—P`, `(自)P起`, `P底`, `P年内`.
fn dated(s: &str, i: usize, a: &Anchor) -> Option<(usize, Option<Deadline>)> {
    let r = &s[i..];
    let cue = starts_any(r, &DATED_CUES).unwrap_or(0);
    let j = i + cue;
    if !may_point(&s[j..]) {
        return None;
    }
    let baseline = ends_cue(&s[..i], Cue::Baseline) || ends_cue(&s[..j], Cue::Baseline);
    // The point at `j`, read once: the first part of a range, else the limit itself.
    let first = point(&s[j..]);
    // Ranges (also `2021—2025年`).
    let range = year_range(s, j).or_else(|| {
        let (n, p1) = first?;
        let k = j + n;
        let sep = range_sep(&s[k..])?;
        let (m, p2) = point(&s[k + sep..])?;
        Some((k + sep + m, p1, p2.inherit(&p1)))
    });
    if let Some((mut e, p1, p2)) = range {
        if baseline || titled(s, j) {
            return Some((e, None));
        }
        e += starts_any(&s[e..], &["期间", "间"]).unwrap_or(0);
        let (start, end) = resolve_range(&p1, &p2, a);
        let precision = p2.precision();
        return Some((
            e,
            Some(Deadline {
                start,
                end,
                precision,
                ..deadline(j..e, Kind::Range)
            }),
        ));
    }
    let (n, p) = first?;
    let mut k = j + n;
    if baseline || starts_cue(&s[k..], Cue::History).is_some() {
        return Some((k, None));
    }
    let by = |span: Range<usize>, p: &Point| {
        let b = p.resolve(a);
        Deadline {
            end: b.map(|b| b.1),
            precision: p.precision(),
            ..deadline(span, Kind::By)
        }
    };
    if let Some(b) = before(&s[k..]) {
        k += b;
        if describes(&s[k..]) {
            return Some((k, None));
        }
        let from = if s[i..].starts_with(['到', '至']) {
            i
        } else {
            j
        };
        return Some((k, Some(by(from..k, &p))));
    }
    if let Some(b) = starts_any(&s[k..], &["起", "开始"]) {
        k += b;
        if describes(&s[k..]) {
            return Some((k, None)); // `自2023年1月起的新增人员`: a scope
        }
        // `(自)P起…` opens a rule; history (`自2018年起`) is skipped.
        if p.month.is_none() && a.year.is_some_and(|y| p.year.is_some_and(|py| py < y)) {
            return Some((k, None));
        }
        k += starts_cue(&s[k..], Cue::InForce).unwrap_or(0);
        return Some((
            k,
            Some(Deadline {
                start: p.resolve(a).map(|b| b.0),
                precision: p.precision(),
                ..deadline(i..k, Kind::Effective)
            }),
        ));
    }
    if p.month.is_none() && p.part == Part::Whole && s[k..].starts_with('内') && p.year.is_some() {
        // `2024年内`
        k += '内'.len_utf8();
        return Some((k, Some(by(j..k, &p))));
    }
    let past = |p: &Point| matches!((p.year, a.year), (Some(y), Some(ay)) if y < ay);
    if s[i..].starts_with(['到', '至']) && cue > 0 {
        if past(&p) {
            return Some((k, None)); // `到2020年底，全市共有…`: a baseline
        }
        return Some((k, Some(by(i..k, &p))));
    }
    if p.part == Part::End && !p.yearless() && !past(&p) {
        return Some((k, Some(by(j..k, &p)))); // `确保2025年底…`
    }
    // `在2024年上半年完成…`, `于9月底建成`: a point between `在`/`于` and a completing
    // verb is the time by which the work is done.
    if cue == 0
        && s[..i].ends_with(['在', '于'])
        && starts_cue(&s[k..], Cue::Completes).is_some()
        && !past(&p)
    {
        return Some((k, Some(by(j..k, &p))));
    }
    Some((k, None))
}

/// A range's first and last day. Year-less parts share one year: the anchor year, or the
/// next when the whole range would end before the anchor date; a year-less end before
/// its start (`12月—3月`) is in the following year.
fn resolve_range(p1: &Point, p2: &Point, a: &Anchor) -> (Option<Date>, Option<Date>) {
    let Some(y) = p1.year.or(a.year) else {
        return (None, None);
    };
    let mut y1 = y;
    let end_in = |y1: i16| {
        let y2 = p2.year.unwrap_or(y1);
        let b = p2.bounds(y2)?;
        match p1.bounds(y1) {
            Some(s) if p2.yearless() && b.1 < s.0 => p2.bounds(y2 + 1),
            _ => Some(b),
        }
    };
    if p1.yearless()
        && let (Some(d), Some(e)) = (a.date, end_in(y1))
        && e.1 < d
    {
        y1 += 1;
    }
    (p1.bounds(y1).map(|b| b.0), end_in(y1).map(|b| b.1))
}

/// A range printed as part of a name: `实施方案（2022—2024年）`.
fn titled(s: &str, j: usize) -> bool {
    let before = &s[..j];
    let Some(b) = before.strip_suffix(['（', '(']) else {
        return false;
    };
    ["方案", "规划", "计划", "纲要", "行动", "意见", "办法"]
        .iter()
        .any(|w| has_suffix(b, w))
}

/// The words of [`yearless_year_end`], longest first.
const YEAR_ENDS: [&str; 8] = [
    "年底之前",
    "年底以前",
    "年底前",
    "年末前",
    "本年度内",
    "年度内",
    "本年内",
    "年内",
];

/// `年底前`, `年末前`, `年内`, `本年度内` with no year printed: the anchor year.
fn yearless_year_end(s: &str, i: usize, a: &Anchor) -> Option<(usize, Option<Deadline>)> {
    let r = &s[i..];
    let n = starts_any(r, &YEAR_ENDS)?;
    let end = a.year.and_then(|y| Date::new(y, 12, 31).ok());
    Some((
        i + n,
        Some(Deadline {
            end,
            precision: Precision::Year,
            ..deadline(i..i + n, Kind::By)
        }),
    ))
}

/// What follows `每` in a recurring limit, and its period; longest first.
const PERIODS: [(&str, &str); 11] = [
    ("半年", "half"),
    ("年度", "year"),
    ("年", "year"),
    ("季度", "quarter"),
    ("季", "quarter"),
    ("个月", "month"),
    ("月", "month"),
    ("周", "week"),
    ("星期", "week"),
    ("天", "day"),
    ("日", "day"),
];

/// The character that opens a recurring limit.
const EVERY: &str = "每";

/// `每月25日前`, `每年年底前`, `每周五下午5时前`, `每天17:00前`, `每季度末`, `每月1日至25日`.
fn recurring(s: &str, i: usize) -> Option<Deadline> {
    let r = &s[i + EVERY.len()..];
    let mut k = i + EVERY.len();
    let (n, period) = PERIODS
        .iter()
        .find(|(w, _)| has_prefix(r, w))
        .map(|(w, p)| (w.len(), *p))?;
    k += n;
    let r = &s[k..];
    let (m, precision) = match period {
        "year" | "half" => {
            if let Some(m) = starts_any(r, &["年底", "年末", "底", "末"]) {
                (m, Precision::Year)
            } else {
                let (m, p) = point(r).filter(|(_, p)| p.month.is_some())?;
                (m, p.precision())
            }
        }
        "quarter" => (
            starts_any(r, &["季度末", "季末", "末"])?,
            Precision::Quarter,
        ),
        "month" => {
            if let Some(m) = starts_any(r, &["月底", "月末", "底", "末"]) {
                (m, Precision::Month)
            } else {
                let (m, d) =
                    num(r).filter(|&(m, d)| (1..=31).contains(&d) && r[m..].starts_with('日'))?;
                let _ = d;
                let mut m = m + '日'.len_utf8();
                m += time_of_day(&r[m..]);
                // `每月1日至25日`
                if let Some(sep) = range_sep(&r[m..])
                    && let Some((x, _)) = num(&r[m + sep..])
                    && r[m + sep + x..].starts_with('日')
                {
                    m += sep + x + '日'.len_utf8();
                }
                (m, Precision::Day)
            }
        }
        "week" => {
            let w = starts_any(r, &["周", "星期"]).unwrap_or(0);
            let c = r[w..].chars().next()?;
            if !"一二三四五六日天1234567".contains(c) {
                return None;
            }
            let m = w + c.len_utf8();
            (m + time_of_day(&r[m..]), Precision::Day)
        }
        _ => {
            let m = time_of_day(r);
            if m == 0 {
                return None;
            }
            (m, Precision::Day)
        }
    };
    k += m;
    k += before(&s[k..]).unwrap_or(0);
    Some(Deadline {
        precision,
        recurrence: Some(period),
        ..deadline(i..k, Kind::Recurring)
    })
}

/// The words of [`since_today`].
const SINCE_TODAY: [&str; 4] = ["自即日起", "自即日开始", "即日起", "从即日起"];

/// `自即日起至2022年10月31日`, `自即日开始到…`: a range from the anchor date.
fn since_today(s: &str, i: usize, a: &Anchor) -> Option<(usize, Option<Deadline>)> {
    let r = &s[i..];
    let mut k = i + starts_any(r, &SINCE_TODAY)?;
    k += range_sep(&s[k..])?;
    let (mut n, p) = point(&s[k..]).unwrap_or((0, Point::default()));
    let mut resolved = (n > 0).then(|| p.resolve(a)).flatten();
    // `到2023年全国“两会”结束`: the end is an event in that year, not a date.
    let rest = &s[k + n..];
    if p.month.is_none()
        && p.part == Part::Whole
        && !rest.is_empty()
        && !rest.starts_with(['，', '。', '；', '止', '前', '）'])
    {
        n += rest.find(['，', '。', '；']).unwrap_or(rest.len());
        resolved = None;
    }
    let e = k + n;
    Some((
        e,
        Some(Deadline {
            start: a.date,
            end: resolved.map(|b| b.1),
            precision: if n > 0 {
                p.precision()
            } else {
                Precision::None
            },
            ..deadline(i..e, Kind::Range)
        }),
    ))
}

/// The words before the issue event in [`from_issue`].
const FROM: [&str; 2] = ["自", "从"];

/// The words after the issue event in [`from_issue`].
const SINCE_ISSUE: [&str; 3] = ["之日起", "之日开始", "日起"];

/// `自印发之日起施行，有效期至2025年12月31日止`, `自发布之日起30日内`.
fn from_issue(s: &str, i: usize, a: &Anchor) -> Option<(usize, Option<Deadline>)> {
    let r = &s[i..];
    let mut k = i + starts_any(r, &FROM)?;
    // `自本方案印发之日起`: the document named before its issue.
    if let Some(own) = s[k..].strip_prefix('本') {
        let n = own
            .char_indices()
            .take(5)
            .find(|&(m, _)| starts_cue(&own[m..], Cue::Issue).is_some())
            .map(|(m, _)| m)?;
        k += '本'.len_utf8() + n;
    }
    k += starts_cue(&s[k..], Cue::Issue)?;
    k += starts_any(&s[k..], &SINCE_ISSUE)?;
    if let Some((e, amount, unit)) = span_of(&s[k..]) {
        let end = a.date.and_then(|d| add(d, amount, unit));
        return Some((
            k + e,
            Some(Deadline {
                end,
                precision: if end.is_some() {
                    Precision::Day
                } else {
                    Precision::None
                },
                ..deadline(i..k + e, Kind::Relative)
            }),
        ));
    }
    k += starts_cue(&s[k..], Cue::InForce)?;
    let mut d = Deadline {
        start: a.date,
        precision: Precision::Day,
        ..deadline(i..k, Kind::Effective)
    };
    // `，有效期至X止` / `，有效期为5年` in the same sentence.
    let mut v = k + starts_any(&s[k..], &["，", ","]).unwrap_or(0);
    if let Some(n) = starts_any(&s[v..], &["有效期为", "有效期"]) {
        v += n;
        if let Some(sep) = starts_any(&s[v..], &["至", "到"])
            && let Some((m, p)) = point(&s[v + sep..])
        {
            let e = v + sep + m;
            let e = e + starts_any(&s[e..], &["止"]).unwrap_or(0);
            d.end = p.resolve(a).map(|b| b.1);
            d.span.end = e;
        } else if let Some((m, years)) = num(&s[v..])
            && s[v + m..].starts_with('年')
        {
            d.end = d
                .start
                .and_then(|st| add(st, years, "year"))
                .and_then(|x| x.yesterday().ok());
            d.span.end = v + m + '年'.len_utf8();
        }
    }
    Some((d.span.end, Some(d)))
}

/// The words of [`in_force_until`].
const UNTIL: [&str; 5] = ["有效期至", "有效期到", "执行至", "执行到", "实施至"];

/// `执行至2024年9月30日`, `有效期至2025年12月31日止`: an end of validity.
fn in_force_until(s: &str, i: usize, a: &Anchor) -> Option<(usize, Option<Deadline>)> {
    let r = &s[i..];
    let k = i + starts_any(r, &UNTIL)?;
    let (n, p) = point(&s[k..])?;
    let e = k + n;
    let e = e + starts_any(&s[e..], &["止"]).unwrap_or(0);
    Some((
        e,
        Some(Deadline {
            end: p.resolve(a).map(|b| b.1),
            precision: p.precision(),
            ..deadline(i..e, Kind::Effective)
        }),
    ))
}

/// Whether `t` (whitespace removed) names a time-limit column (`完成时限`, `时间节点`).
pub fn is_time_limit_header(t: &str) -> bool {
    cues(Cue::Label).iter().any(|(w, _)| t.contains(w.as_str()))
}

/// Whether `t` (whitespace removed) is wholly an open-ended time-limit value
/// (`长期坚持`, `持续落实`): a deadline only as the value of a label or column.
pub fn is_ongoing_value(t: &str) -> bool {
    starts_cue(t, Cue::Ongoing) == Some(t.len()) && !t.is_empty()
}

/// `完成时间：2022年12月`, `完成时限：长期坚持`: the value of a time-limit label.
fn labelled(s: &str, i: usize, a: &Anchor) -> Option<(usize, Option<Deadline>)> {
    let r = &s[i..];
    let mut k = i + starts_cue(r, Cue::Label)?;
    k += starts_any(&s[k..], &["：", ":"])?;
    if let Some(n) = starts_cue(&s[k..], Cue::Ongoing) {
        return Some((k + n, Some(deadline(k..k + n, Kind::Ongoing))));
    }
    let (e, found) = dated(s, k, a)?;
    let found = found.or_else(|| {
        // A bare value is a limit here: `完成时间：2022年12月`.
        let (n, p) = point(&s[k..])?;
        let b = p.resolve(a);
        Some(Deadline {
            end: b.map(|b| b.1),
            precision: p.precision(),
            ..deadline(k..k + n, Kind::By)
        })
    });
    Some((e, found))
}

/// The opening quotes a plan name may be printed in.
const QUOTES: [&str; 2] = ["“", "\""];

/// The words after a plan name that make it a range (`十四五期间`).
const PLAN_SPAN: [&str; 2] = ["期间", "时期"];

/// The words after a plan name that make it a limit by its last year (`十四五末`).
const PLAN_END: [&str; 2] = ["期末", "末"];

/// `“十四五”期间` (a range), `十四五末` (by its last year).
fn plan(s: &str, i: usize) -> Option<(usize, Option<Deadline>)> {
    let r = &s[i..];
    let q = starts_any(r, &QUOTES).unwrap_or(0);
    let (w, first) = cues(Cue::Plan)
        .iter()
        .find(|(w, _)| has_prefix(&r[q..], w))?;
    let first: i16 = first.parse().ok()?;
    let mut k = i + q + w.len();
    k += starts_any(&s[k..], &["”", "\""]).unwrap_or(0);
    let ymd = |y: i16, m, d| Date::new(y, m, d).ok();
    if let Some(n) = starts_any(&s[k..], &PLAN_SPAN) {
        let e = k + n;
        return Some((
            e,
            Some(Deadline {
                start: ymd(first, 1, 1),
                end: ymd(first + 4, 12, 31),
                precision: Precision::Year,
                ..deadline(i..e, Kind::Range)
            }),
        ));
    }
    if let Some(n) = starts_any(&s[k..], &PLAN_END) {
        let e = k + n;
        return Some((
            e,
            Some(Deadline {
                end: ymd(first + 4, 12, 31),
                precision: Precision::Year,
                ..deadline(i..e, Kind::By)
            }),
        ));
    }
    Some((k, None))
}

/// The words of a capped span (`不超过5个工作日`), longest first.
const CAPPED: [&str; 2] = ["不超过", "不超"];

/// `3个工作日内`, `三十日内`, `不超过5个工作日`, `事发后1小时内`.
fn relative(s: &str, i: usize) -> Option<(usize, Option<Deadline>)> {
    let r = &s[i..];
    let capped = starts_any(r, &CAPPED);
    let k = i + capped.unwrap_or(0);
    let (n, amount, _) = if capped.is_some() {
        span_of_capped(&s[k..])?
    } else {
        span_of(&s[k..])?
    };
    let e = k + n;
    let before = &s[..i];
    if ends_cue(before, Cue::NotRelative)
        || before.ends_with('、')
        || before.ends_with("分别")
        || starts_cue(&s[e..], Cue::Sanction).is_some()
        || amount == 0
    {
        return Some((e, None));
    }
    Some((e, Some(deadline(i..e, Kind::Relative))))
}

/// The words that close a span (`3日内`), longest first.
const WITHIN: [&str; 3] = ["以内", "之内", "内"];

/// `N<unit>内`: (bytes, amount, unit).
fn span_of(s: &str) -> Option<(usize, u32, &'static str)> {
    let (n, amount, unit) = amount_unit(s)?;
    let w = starts_any(&s[n..], &WITHIN)?;
    Some((n + w, amount, unit))
}

/// `N<unit>` after `不超过`.
fn span_of_capped(s: &str) -> Option<(usize, u32, &'static str)> {
    let (n, amount, unit) = amount_unit(s)?;
    let w = starts_any(&s[n..], &WITHIN).unwrap_or(0);
    Some((n + w, amount, unit))
}

fn amount_unit(s: &str) -> Option<(usize, u32, &'static str)> {
    if !numeral_then(s, |c| Firsts::get().unit.contains(&c)) {
        return None;
    }
    let (n, amount) = num(s)?;
    if amount >= 1000 {
        return None; // a year, not a span
    }
    let (w, unit) = cues(Cue::Unit)
        .iter()
        .find(|(w, _)| has_prefix(&s[n..], w))?;
    let unit: &'static str = match unit.as_str() {
        "workday" => "workday",
        "hour" => "hour",
        "minute" => "minute",
        "month" => "month",
        "week" => "week",
        "year" => "year",
        _ => "day",
    };
    Some((n + w.len(), amount, unit))
}

/// `d` + `n` units; working days and shorter spans count as calendar days only for
/// `day`; a workday count, hours and minutes give no date (holidays are not known).
fn add(d: Date, n: u32, unit: &str) -> Option<Date> {
    let n = i64::from(n);
    match unit {
        "day" => d.checked_add(n.days()).ok(),
        "week" => d.checked_add(n.weeks()).ok(),
        "month" => d.checked_add(n.months()).ok(),
        "year" => d.checked_add(n.years()).ok(),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
