//! Each case: the text as printed (whitespace already removed), the anchor, and every
//! limit found as `text kind start..end precision`.

use super::*;

fn anchor(date: &str) -> Anchor {
    let d: Date = date.parse().unwrap();
    Anchor {
        date: Some(d),
        year: Some(d.year()),
    }
}

fn year_only(y: i16) -> Anchor {
    Anchor {
        date: None,
        year: Some(y),
    }
}

/// `text kind start..end precision` for every limit.
fn found(s: &str, a: &Anchor) -> Vec<String> {
    let show = |d: Option<Date>| d.map_or("-".to_owned(), |d| d.to_string());
    find(s, a)
        .iter()
        .map(|d| {
            format!(
                "{} {} {}..{} {}",
                &s[d.span.clone()],
                d.kind.as_str(),
                show(d.start),
                show(d.end),
                d.precision.as_str()
            )
        })
        .collect()
}

fn check(s: &str, a: &Anchor, want: &[&str]) {
    assert_eq!(found(s, a), want, "{s}");
}

#[test]
fn target_years_and_year_ends() {
    let a = anchor("2023-01-09");
    check(
        "到2025年，基本建成。",
        &a,
        &["到2025年 by -..2025-12-31 year"],
    );
    check(
        "2022年底前完成。",
        &a,
        &["2022年底前 by -..2022-12-31 year"],
    );
    check(
        "确保2025年底变型拖拉机全部清零",
        &a,
        &["2025年底 by -..2025-12-31 year"],
    );
    check(
        "到2024年底，每县建有1所",
        &a,
        &["到2024年底 by -..2024-12-31 year"],
    );
    check("到二〇三五年", &a, &["到二〇三五年 by -..2035-12-31 year"]);
    check("2024年内完成", &a, &["2024年内 by -..2024-12-31 year"]);
}

#[test]
fn months_and_days() {
    let a = anchor("2023-03-08");
    check(
        "2023年10月底前，填报",
        &a,
        &["2023年10月底前 by -..2023-10-31 month"],
    );
    check(
        "到2023年12月初前，完成",
        &a,
        &["到2023年12月初前 by -..2023-12-10 month"],
    );
    check(
        "于2023年3月10日前报",
        &a,
        &["2023年3月10日前 by -..2023-03-10 day"],
    );
    check(
        "（完成时间：2022年12月）",
        &a,
        &["2022年12月 by -..2022-12-31 month"],
    );
    check(
        "2023年3月14日24时前",
        &a,
        &["2023年3月14日24时前 by -..2023-03-14 day"],
    );
}

#[test]
fn year_less_dates_take_the_anchor_year_or_the_next() {
    let a = anchor("2023-03-08");
    check("3月15日前编制完成", &a, &["3月15日前 by -..2023-03-15 day"]);
    check("要在10月底前完成", &a, &["10月底前 by -..2023-10-31 month"]);
    check("年底前完成", &a, &["年底前 by -..2023-12-31 year"]);
    check("年内至少研究2次", &a, &["年内 by -..2023-12-31 year"]);
    // A December notice's `3月底前` is next March; `当年` never rolls.
    let dec = anchor("2022-12-10");
    check("3月底前完成", &dec, &["3月底前 by -..2023-03-31 month"]);
    check(
        "于当年11月15日前报送",
        &dec,
        &["当年11月15日前 by -..2022-11-15 day"],
    );
    // Only a year known (文号): the year fills in, nothing rolls.
    check(
        "11月5日前完成",
        &year_only(2022),
        &["11月5日前 by -..2022-11-05 day"],
    );
}

#[test]
fn halves_and_quarters() {
    let a = anchor("2023-01-09");
    check("上半年前完成", &a, &["上半年前 by -..2023-06-30 half"]);
    // `在P完成`: the point before a completing verb (grammars/deadlines.tsv `completes`).
    check(
        "各区要在2024年上半年完成辖区起降点选址工作",
        &a,
        &["2024年上半年 by -..2024-06-30 half"],
    );
    // Not a limit: the point says when, not by when (`在2024年上半年召开`), or is past.
    check("在2024年上半年召开会议", &a, &[]);
    check("在2021年完成了改造", &a, &[]);
    check(
        "2024年第三季度末前",
        &a,
        &["2024年第三季度末前 by -..2024-09-30 quarter"],
    );
}

#[test]
fn ranges() {
    let a = anchor("2023-04-14");
    check(
        "（4月10日—4月25日）",
        &a,
        &["4月10日—4月25日 range 2023-04-10..2023-04-25 day"],
    );
    check(
        "（2022年9月-2022年10月）",
        &a,
        &["2022年9月-2022年10月 range 2022-09-01..2022-10-31 month"],
    );
    check(
        "2022年9月26日—10月25日",
        &a,
        &["2022年9月26日—10月25日 range 2022-09-26..2022-10-25 day"],
    );
    check(
        "（2023年6月21日至6月30日）",
        &a,
        &["2023年6月21日至6月30日 range 2023-06-21..2023-06-30 day"],
    );
    check(
        "规划期为2021—2025年",
        &a,
        &["2021—2025年 range 2021-01-01..2025-12-31 year"],
    );
    check(
        "2022年至2024年，全市新增",
        &a,
        &["2022年至2024年 range 2022-01-01..2024-12-31 year"],
    );
    check(
        "自即日起至2022年10月31日",
        &anchor("2022-09-20"),
        &["自即日起至2022年10月31日 range 2022-09-20..2022-10-31 day"],
    );
    check(
        "“十四五”期间完成规范化建设",
        &a,
        &["“十四五”期间 range 2021-01-01..2025-12-31 year"],
    );
    check("到“十四五”末", &a, &["“十四五”末 by -..2025-12-31 year"]);
}

#[test]
fn recurring_limits() {
    let a = anchor("2022-11-12");
    let r = |s: &str| {
        find(s, &a)
            .iter()
            .map(|d| (s[d.span.clone()].to_owned(), d.recurrence, d.precision))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        r("每月25日前将工作进展"),
        [("每月25日前".into(), Some("month"), Precision::Day)]
    );
    assert_eq!(
        r("每年年底前，将台账"),
        [("每年年底前".into(), Some("year"), Precision::Year)]
    );
    assert_eq!(
        r("每周五下午5时前报送"),
        [("每周五下午5时前".into(), Some("week"), Precision::Day)]
    );
    assert_eq!(
        r("每天17:00前报告"),
        [("每天17:00前".into(), Some("day"), Precision::Day)]
    );
    assert_eq!(
        r("每月1日至25日为缴费期"),
        [("每月1日至25日".into(), Some("month"), Precision::Day)]
    );
    // Frequencies without a point are not limits.
    assert!(r("每季度至少通报1次，每年组织一次评估").is_empty());
}

#[test]
fn relative_limits() {
    let a = anchor("2023-01-04");
    check(
        "3小时内反馈，并在3个工作日内通过系统反馈",
        &a,
        &[
            "3小时内 relative -..- none",
            "3个工作日内 relative -..- none",
        ],
    );
    check(
        "在租赁合同签订之日起三十日内",
        &a,
        &["三十日内 relative -..- none"],
    );
    check(
        "时限不超过5个工作日",
        &a,
        &["不超过5个工作日 relative -..- none"],
    );
    check(
        "自印发之日起30日内报送",
        &a,
        &["自印发之日起30日内 relative -..2023-02-03 day"],
    );
    check(
        "各区政府要自本方案印发之日起30日内制定",
        &a,
        &["自本方案印发之日起30日内 relative -..2023-02-03 day"],
    );
    // Lead times, durations, look-backs, sanctions and distributive lists are not limits.
    check("近三年内未发生违法违规行为", &a, &[]);
    check("提前10个工作日报送", &a, &[]);
    check("讲解时间控制在30分钟以内", &a, &[]);
    check("一年内不得再以告知承诺方式办理", &a, &[]);
    check("分别不超过30、30、20、12个工作日", &a, &[]);
}

#[test]
fn effective_dates() {
    let a = anchor("2023-01-11");
    // A repeal takes effect too.
    check(
        "上述文件自本决定公布之日起停止执行。",
        &a,
        &["自本决定公布之日起停止执行 effective 2023-01-11..- day"],
    );
    check(
        "本规划自印发之日起施行，有效期至2025年12月31日止。",
        &a,
        &["自印发之日起施行，有效期至2025年12月31日止 effective 2023-01-11..2025-12-31 day"],
    );
    check(
        "本方案自发之日起施行，有效期为5年。",
        &a,
        &["自发之日起施行，有效期为5年 effective 2023-01-11..2028-01-10 day"],
    );
    check(
        "自2022年12月1日起，在全市范围内深化",
        &a,
        &["自2022年12月1日起 effective 2022-12-01..- day"],
    );
    check(
        "自2023年起，国有企业每年应",
        &a,
        &["自2023年起 effective 2023-01-01..- year"],
    );
    check(
        "政策执行至2024年9月30日",
        &a,
        &["执行至2024年9月30日 effective -..2024-09-30 day"],
    );
    // No issue date: the start is unknown.
    check(
        "自印发之日起实行",
        &year_only(2022),
        &["自印发之日起实行 effective -..- day"],
    );
    // History.
    check("自2018年起，我市开展", &a, &[]);
}

#[test]
fn things_that_are_not_limits() {
    let a = anchor("2023-01-11");
    for s in [
        "截至2020年底，全市共有医疗机构",
        "截止2020年底",
        "到2020年底，全市共有",
        "2021年底前建成通车的道路",
        "自2023年1月起的新增人员",
        "对2022年12月31日前制定的文件",
        "2020年以来，全市",
        "印发《实施方案（2022—2024年）》",
        "促进残疾人就业三年行动实施方案（2022—2024年）",
        "“十四五”规划",
        "2022年12月1日印发的通知",
        "廊政办字〔2023〕1号",
        "2023年13月45日前",
        "2月30日前",
    ] {
        check(s, &a, &[]);
    }
}

#[test]
fn a_limit_followed_by_an_action_with_的() {
    let a = anchor("2023-02-28");
    check(
        "各承办单位要在9月底前对本年度办理的市代表建议",
        &a,
        &["9月底前 by -..2023-09-30 month"],
    );
    check(
        "在2022年底前落实停止注册登记的国家有关规定要求。",
        &anchor("2022-12-10"),
        &["2022年底前 by -..2022-12-31 year"],
    );
}

/// The scan skips a numeral unless the character after its run could continue a shape
/// (`numeral_then`); that is only sound while no such character is itself a numeral.
#[test]
fn what_follows_a_numeral_is_never_a_numeral() {
    let unit_firsts = &Firsts::get().unit;
    assert!(!unit_firsts.is_empty());
    for c in unit_firsts {
        assert!(!numeral_char(*c), "unit word starts with numeral {c}");
    }
    for w in RANGE_SEPS {
        assert!(!w.starts_with(numeral_char), "range separator {w}");
    }
    for c in ['年', '月', '季'] {
        assert!(!numeral_char(c));
    }
}

/// The characters `st` stops at in a text of every character, each followed by `a`.
fn stops_over_every_char(st: &Starts) -> Vec<char> {
    let mut text = String::new();
    for c in (0..=0x10FFFF).filter_map(char::from_u32) {
        text.push(c);
        text.push('a');
    }
    let mut got = Vec::new();
    let mut i = 0;
    while let Some(k) = st.next(&text, i) {
        let c = text[k..].chars().next().unwrap();
        got.push(c);
        i = k + c.len_utf8();
    }
    got
}

#[test]
fn the_scan_stops_at_every_possible_start_and_nothing_else() {
    // The byte scan's table holds ASCII and three-byte characters only.
    for kind in [Cue::Label, Cue::Plan] {
        for (w, _) in cues(kind) {
            let c = w.chars().next().unwrap();
            assert!(matches!(c.len_utf8(), 1 | 3), "{kind:?} cue {w}");
        }
    }
    let fixed = "0123456789〇零一二三四五六七八九十两每自从即到至年当本今同上下第“\"不有执实《》";
    let cued: Vec<char> = [Cue::Label, Cue::Plan]
        .iter()
        .flat_map(|k| cues(*k).iter().filter_map(|(w, _)| w.chars().next()))
        .collect();
    let stops = stops_over_every_char(Starts::get());
    let mut want: Vec<char> = fixed.chars().chain(cued).collect();
    want.sort_unstable();
    want.dedup();
    assert_eq!(stops, want);
}

/// `Squeezed::read` tells a stop after a numeral from the stop before it: true only
/// while every numeral a limit cannot start after is a stop.
#[test]
fn every_mid_numeral_is_a_stop() {
    let stops = stops_over_every_char(Starts::get());
    for c in (0..=0x10FFFF).filter_map(char::from_u32) {
        if mid_numeral(c) {
            assert!(stops.contains(&c), "{c}");
        }
    }
}

#[test]
fn relative_and_dated_open_only_where_at_tries_them() {
    let a = anchor("2023-06-01");
    let tails = [
        "",
        "年",
        "年底前",
        "年内",
        "半年",
        "3个工作日内",
        "超过5个工作日",
        "2023年底前",
        "10月31日前",
        "2023年",
        "季度末",
        "一季度",
        "即日起至2023年",
        "十四五期间",
        "个工作日内",
        "日内",
        "3日",
        "—2025年",
        "年—2025年",
    ];
    let chars = "0123456789〇零一二三四五六七八九十两每自从即到至年当本今同上下第“\"不有执实完办时";
    for c in chars.chars() {
        for t in tails {
            let s = format!("{c}{t}");
            if !(numeral_char(c) || c == '不') {
                assert_eq!(relative(&s, 0), None, "{s}");
            }
            if !(numeral_char(c) || may_open_dated(c)) {
                assert_eq!(dated(&s, 0, &a), None, "{s}");
            }
        }
    }
}

#[test]
fn what_may_follow_a_point_is_every_range_separator() {
    for c in (0..=0x10FFFF).filter_map(char::from_u32) {
        let want = matches!(c, '年' | '月' | '季') || RANGE_SEPS.iter().any(|w| w.starts_with(c));
        assert_eq!(may_follow_point(c), want, "{c}");
    }
}

/// The spaces `Starts::with_spaces` is built from are looked for where they can be.
#[test]
fn every_space_is_where_the_space_table_looks() {
    let looked = |c: char| {
        c <= '\u{BF}'
            || ('\u{1000}'..='\u{2FFF}').contains(&c)
            || matches!(c, '\u{3000}' | '\u{FEFF}')
    };
    for c in (0..=0x10FFFF).filter_map(char::from_u32) {
        if is_space(c) {
            assert!(looked(c), "U+{:04X}", u32::from(c));
        }
    }
}

#[test]
fn the_squeezing_scan_stops_at_every_start_and_space() {
    let starts = Starts::get();
    let spaced = Starts::with_spaces();
    let mut want: Vec<char> = stops_over_every_char(starts)
        .into_iter()
        .chain(
            (0..=0x10FFFF)
                .filter_map(char::from_u32)
                .filter(|&c| is_space(c)),
        )
        .collect();
    want.sort_unstable();
    assert_eq!(stops_over_every_char(spaced), want);
    // The last two bytes are read apart from the rest.
    for tail in ["\u{A0}", "a\u{85}", " ", "a ", "1", "a1", "é"] {
        let want = tail.char_indices().find(|&(_, c)| is_space(c) || c == '1');
        assert_eq!(spaced.next(tail, 0), want.map(|w| w.0), "{tail:?}");
    }
}

#[test]
fn squeezing_keeps_runs_maps_them_back_and_finds_the_same() {
    let mut sq = Squeezed::default();
    let t = " 1 0月\u{3000}3\u{00A0}1日\t前\u{FEFF}完成。 ";
    sq.read(t);
    let text = sq.text(t);
    assert_eq!(text, "10月31日前完成。");
    for (k, c) in text.char_indices() {
        assert_eq!(t[sq.source(k)..].chars().next(), Some(c));
    }
    let a = anchor("2023-03-08");
    for t in [
        t,
        "2023年10月底前，填报",
        "到 2025 年，基本建成。《到2030年》",
        "二〇 二三年底前， 2 023年底前",
        "",
        "  ",
    ] {
        sq.read(t);
        assert_eq!(find_squeezed(t, &sq, &a), find(sq.text(t), &a), "{t}");
        let plain: String = t.chars().filter(|&c| !is_space(c)).collect();
        assert_eq!(sq.text(t), plain);
    }
}

#[test]
fn every_cue_kind_is_in_the_grammar() {
    for kind in Cue::ALL {
        assert!(!cues(kind).is_empty(), "no {} words", kind.name());
    }
}

/// The bundled corpus (whitespace removed) and the cases of this file.
fn corpus_and_cases() -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/corpus");
    let mut texts: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap_or_default())
        .map(|t| t.chars().filter(|c| !c.is_whitespace()).collect())
        .collect();
    texts.push(include_str!("tests.rs").to_owned());
    texts
}

/// The test of the next character in [`at`] only rules out what no parser reads: at
/// every character of the bundled corpus (whitespace removed) and of the cases above
/// where a parser finds something, `at` finds the same.
#[test]
fn openers_rule_out_nothing_a_parser_reads() {
    let texts = corpus_and_cases();
    let a = anchor("2023-06-01");
    for s in &texts {
        for (i, c) in s.char_indices() {
            if let Some(x) = parse_at(s, i, c, numeral_char(c), &a) {
                let near: String = s[i..].chars().take(12).collect();
                assert_eq!(at(s, i, c, &a), Some(x), "{near}");
            }
        }
    }
}

/// Runs of three-byte characters are read two at a time: every member is still found,
/// first or second of a pair (`《》` are neighbours).
#[test]
fn the_scan_stops_at_every_start_in_a_run_of_three_byte_characters() {
    let starts = Starts::with_spaces();
    let member = |c: char| starts.next(c.encode_utf8(&mut [0; 4]), 0) == Some(0);
    let text: String = ('\u{800}'..='\u{FFFF}').collect();
    let want: Vec<usize> = text
        .char_indices()
        .filter(|&(_, c)| member(c))
        .map(|(k, _)| k)
        .collect();
    let mut got = Vec::new();
    let mut i = 0;
    while let Some(k) = starts.next(&text, i) {
        got.push(k);
        i = k + 3;
    }
    assert!(want.len() > 40);
    assert_eq!(got, want);
}

/// `may_hold` skips a paragraph without a `NEEDED` character: sound only while every
/// word a parser needs for a limit holds one. A word list that breaks this fails here.
#[test]
fn every_word_a_limit_needs_holds_a_needed_character() {
    let holds = |w: &str| NEEDED.iter().any(|n| w.contains(n));
    let labels = cues(Cue::Label).iter().map(|(w, _)| w.as_str());
    let lists = [
        &SINCE_TODAY[..],
        &SINCE_ISSUE,
        &WITHIN,
        &CAPPED,
        &PLAN_SPAN,
        &PLAN_END,
        &YEAR_ENDS,
        &THIS_YEAR,
        &HALVES,
        &[EVERY, "年", "月", "季度"],
    ];
    for w in lists.into_iter().flatten().copied().chain(labels) {
        assert!(holds(w), "{w} holds no needed character");
    }
    for s in ["", "关于加强管理的通知", "  \t"] {
        assert!(!may_hold(s), "{s}");
    }
    for n in NEEDED {
        assert!(may_hold(&format!("关于{n}")), "{n}");
    }
}

/// What a parser reads for a limit holds a `NEEDED` character, at every character of
/// the corpus and of the cases above.
#[test]
fn every_limit_read_holds_a_needed_character() {
    let a = anchor("2023-06-01");
    let mut limits = 0;
    for s in &corpus_and_cases() {
        for (i, c) in s.char_indices() {
            if let Some((e, Some(_))) = parse_at(s, i, c, numeral_char(c), &a) {
                limits += 1;
                assert!(may_hold(&s[i..e]), "{}", &s[i..e]);
            }
        }
    }
    assert!(limits > 100);
}
