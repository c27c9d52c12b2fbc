//! Unit tails, one printed form per test: input beside the expected (role, units).

use super::*;

fn parts(s: &str) -> Vec<(&'static str, Vec<String>)> {
    tails(s)
        .into_iter()
        .flat_map(|t| t.parts)
        .map(|p| {
            (
                p.role.as_str(),
                p.units
                    .iter()
                    .map(|u| s[u.span.clone()].to_owned())
                    .collect(),
            )
        })
        .collect()
}

fn v(xs: &[&str]) -> Vec<String> {
    xs.iter().map(|x| x.to_string()).collect()
}

#[test]
fn lead_and_responsible_labels() {
    assert_eq!(
        parts("加快发展。(牵头单位:县发改局，责任单位:县财政局、县市监局)"),
        vec![
            ("lead", v(&["县发改局"])),
            ("responsible", v(&["县财政局", "县市监局"]))
        ]
    );
    assert_eq!(
        parts("（牵头部门：市农业农村局；责任部门：市市场监督管理局、有关乡镇（街道）)"),
        vec![
            ("lead", v(&["市农业农村局"])),
            ("responsible", v(&["市市场监督管理局", "有关乡镇（街道）"]))
        ]
    );
}

#[test]
fn deadline_inside_the_tail_is_not_a_unit() {
    assert_eq!(
        parts("（责任单位：市公安局，各县（市、区）人民政府，完成时间：2022年12月）"),
        vec![("responsible", v(&["市公安局", "各县（市、区）人民政府"]))]
    );
}

#[test]
fn a_labelled_part_whose_clauses_name_their_roles() {
    assert_eq!(
        parts(
            "（责任单位：旗发改委牵头，各苏木镇人民政府、旗直各部门配合；完成时限：2023年9月底）"
        ),
        vec![
            ("lead", v(&["旗发改委"])),
            ("cooperate", v(&["各苏木镇人民政府", "旗直各部门"]))
        ]
    );
    // Without a role of its own a clause stays in the label's list.
    assert_eq!(
        parts("（责任单位：县发改局、县财政局，各乡镇人民政府）"),
        vec![(
            "responsible",
            v(&["县发改局", "县财政局", "各乡镇人民政府"])
        )]
    );
}

#[test]
fn lead_then_list() {
    assert_eq!(
        parts("（市审批局、市市场监管局牵头，市人社局、市住建局、人行定州支行等）"),
        vec![
            ("lead", v(&["市审批局", "市市场监管局"])),
            ("responsible", v(&["市人社局", "市住建局", "人行定州支行"]))
        ]
    );
    assert_eq!(
        parts("（省商务厅牵头，合肥海关配合）"),
        vec![("lead", v(&["省商务厅"])), ("cooperate", v(&["合肥海关"]))]
    );
}

#[test]
fn lists_by_duty_and_bare_lists() {
    assert_eq!(
        parts("（县卫健局、县财政局等按职责分工负责）"),
        vec![("responsible", v(&["县卫健局", "县财政局"]))]
    );
    assert_eq!(
        parts("（县卫健局负责）"),
        vec![("responsible", v(&["县卫健局"]))]
    );
    assert_eq!(
        parts("督促指导。（市科学技术局、市市场监督管理局）下一句"),
        vec![("responsible", v(&["市科学技术局", "市市场监督管理局"]))]
    );
    assert_eq!(
        parts("（市发改局（营商办）、市司法局等）"),
        vec![("responsible", v(&["市发改局（营商办）", "市司法局"]))]
    );
}

#[test]
fn traditional_characters() {
    assert_eq!(
        parts("（縣發改局牽頭，縣財政局按職責分工負責）"),
        vec![
            ("lead", v(&["縣發改局"])),
            ("responsible", v(&["縣財政局"]))
        ]
    );
}

#[test]
fn rules_inside_a_tail() {
    let t = &tails("（县卫健局、县教育局负责；排第一位的为牵头单位，其他为协助配合单位，下同）")[0];
    assert!(t.first_leads);
    let s = "（责任单位：县民政局，各乡镇人民政府。以下各项均需各乡镇政府落实，不再列出）";
    let t = &tails(s)[0];
    assert_eq!(t.implied.len(), 1);
    assert_eq!(&s[t.implied[0].span.clone()], "各乡镇政府");
    // Comma-separated units before the verb all carry forward.
    let s = "（责任单位：市残联。以下各项任务均需各县（市、区）政府，廊坊开发区管委会按职责分工负责，不再单独列出）";
    let t = &tails(s)[0];
    let got: Vec<&str> = t.implied.iter().map(|u| &s[u.span.clone()]).collect();
    assert_eq!(got, ["各县（市、区）政府", "廊坊开发区管委会"]);
}

#[test]
fn parentheticals_that_assign_nothing() {
    assert!(parts("（以下简称县指挥部）").is_empty());
    // A classification, not a list of units.
    assert!(parts("政府办医院（按举办层级分为省办及以上医院、市办医院）").is_empty());
    assert!(parts("公立医院（包括市办医院、县办医院）").is_empty());
    assert!(parts("实施方案（试行）").is_empty());
    assert!(parts("重点乡镇（街道）及粮食种植").is_empty());
    assert!(parts("领导小组下设办公室（办公室设在县卫生健康局），承担").is_empty());
    assert!(!parts("完善考核机制（县人社局）。").is_empty());
    assert!(parts("（2021-2025年）").is_empty());
    assert!(parts("（以综合实力强的公立医院为牵头医院）").is_empty());
}

#[test]
fn a_label_opening_its_own_paragraph() {
    assert_eq!(
        parts("责任单位：县行政审批局、县税务局"),
        vec![("responsible", v(&["县行政审批局", "县税务局"]))]
    );
    assert_eq!(
        parts("牵头单位：县发改局 责任单位：县供电公司。"),
        vec![
            ("lead", v(&["县发改局"])),
            ("responsible", v(&["县供电公司"]))
        ]
    );
}

/// `tail_words` finds every occurrence of a word, `match_indices` only those that do not
/// overlap an earlier one: the two agree while no label overlaps itself.
#[test]
fn no_label_overlaps_itself() {
    for (w, _) in &super::Words::get().labels {
        for (k, _) in w.char_indices().skip(1) {
            assert!(
                !w.starts_with(&w[k..]),
                "{w} overlaps itself: update `tail_words`"
            );
        }
    }
}

#[test]
fn a_traditional_lead_spelling_leads_as_the_simplified_does() {
    assert_eq!(
        parts("（縣發改局牽頭，縣財政局負責）"),
        vec![
            ("lead", v(&["縣發改局"])),
            ("responsible", v(&["縣財政局"]))
        ]
    );
}

#[test]
fn a_rule_cuts_the_tail_at_its_first_separator_only() {
    // The first `；` is followed by the rule; the units before it stay.
    let s = "（县卫健局、县教育局负责；县民政局；排第一位的为牵头单位）";
    let t = &tails(s)[0];
    assert!(t.first_leads);
    let units: Vec<&str> = t.parts[0]
        .units
        .iter()
        .map(|u| &s[u.span.clone()])
        .collect();
    assert_eq!(units, ["县卫健局", "县教育局"]);
    // A label past the cut is not read.
    assert_eq!(
        parts("（牵头单位：县发改局。以下各项均需县财政局落实，不再列出；责任单位：县民政局）"),
        vec![("lead", v(&["县发改局"]))]
    );
}

#[test]
fn unit_like_reads_spaced_and_unspaced_names_alike() {
    assert!(unit_like("县发改局"));
    assert!(unit_like("县 发 改 局"));
    assert!(unit_like("市发改局（营商办）"));
    assert!(unit_like("有关乡镇（街道）"));
    assert!(unit_like("人行定州支行"));
    assert!(!unit_like("实施方案（试行）"));
    assert!(!unit_like("2021年"));
    assert!(!unit_like("局"));
}

#[test]
fn next_char_finds_the_next_bracket_of_either_width() {
    let s = "甲（乙）(丙)，（丁";
    assert_eq!(super::next_char(s, 0, '（'), s.find('（').unwrap());
    assert_eq!(super::next_char(s, 0, '('), s.find('(').unwrap());
    assert_eq!(
        super::next_char(s, s.find('）').unwrap(), '（'),
        s.rfind('（').unwrap()
    );
    assert_eq!(
        super::next_char(s, s.find('）').unwrap() + 3, '（'),
        s.rfind('（').unwrap()
    );
    assert_eq!(super::next_char("甲乙", 0, '（'), usize::MAX);
}

/// `tail_words` finds what an automaton reporting overlapping matches finds.
#[test]
fn tail_words_finds_every_occurrence_of_every_word() {
    let words = super::Words::get();
    let ac = aho_corasick::AhoCorasick::new(&words.tail_words).unwrap();
    for t in [
        "（牵头单位：县发改局；责任单位：县财政局、县卫健局）",
        "（排第一位的为牵头单位，其他为协助配合单位）",
        "（县发改局牵头，县财政局、县民政局按职责分工负责；以下同）",
        "（以下同。牽頭單位：縣發改局，責任單位：a）",
        "（第一位为牵头单位；以下各项均需各乡镇落实，不再列出）",
        "（ab主办单位:x，参与单位：y，配合部门：z，协办单位：w）",
        "（下同）",
        "（）",
        "（é牵头）",
    ] {
        let inner = '（'.len_utf8()..t.len() - '）'.len_utf8();
        let mut want = super::TailWords::default();
        for m in ac.find_overlapping_iter(&t[inner.clone()]) {
            let (a, b) = (inner.start + m.start(), inner.start + m.end());
            want.add(t, words.tail_kind(m.pattern().as_usize()), a, b);
        }
        let got = super::tail_words(t, inner);
        assert_eq!(got.labels, want.labels, "{t}");
        assert_eq!(got.first_leads, want.first_leads, "{t}");
        assert_eq!(got.last_rule, want.last_rule, "{t}");
        assert_eq!(got.lead, want.lead, "{t}");
    }
}

/// `Seps::new` finds a character's first byte without encoding it (in a const).
#[test]
fn first_byte_is_the_first_byte_of_the_encoding() {
    let mut buf = [0u8; 4];
    for c in [
        'a', 'é', '、', '（', '及', '😀', '\u{7f}', '\u{80}', '\u{7ff}', '\u{800}',
    ] {
        assert_eq!(
            super::first_byte(c),
            c.encode_utf8(&mut buf).as_bytes()[0],
            "{c}"
        );
    }
}

/// `matching_close` on bytes finds what counting decoded brackets finds.
#[test]
fn matching_close_agrees_with_a_walk_over_characters() {
    fn by_chars(s: &str, open: usize, stop: usize) -> Option<usize> {
        let mut depth = 0i32;
        for (k, d) in s[open..stop].char_indices() {
            if matches!(d, '（' | '(') {
                depth += 1;
            } else if matches!(d, '）' | ')') {
                depth -= 1;
                if depth == 0 {
                    return Some(open + k);
                }
            }
        }
        None
    }
    for s in [
        "（县发改局）",
        "(各县（市、区）人民政府)，",
        "（未闭合（的）括号",
        "（（（（",
        "（a)b）c",
        "（ｼ）＼（）",
        "(é（😀）)",
    ] {
        for (open, c) in s.char_indices().filter(|(_, c)| matches!(c, '（' | '(')) {
            for stop in (open..=s.len()).filter(|&k| s.is_char_boundary(k)) {
                assert_eq!(
                    super::matching_close(s, open, stop),
                    by_chars(s, open, stop),
                    "{s} {open} {stop} {c}"
                );
            }
        }
    }
}

/// `first_item_fails` steps over ideographs (lead bytes E4–E9) looking only for `及` and
/// `等`: no other separator may be one.
#[test]
fn no_unit_separator_is_an_ideograph_but_ji() {
    for &c in super::UNIT_SEPS.chars {
        let lead = c.encode_utf8(&mut [0; 4]).as_bytes()[0];
        assert!(
            c == '及' || !(0xE4..=0xE9).contains(&lead),
            "{c}: update `first_item_fails`"
        );
    }
}

/// `first_item_fails` says `true` only where the list fails.
#[test]
fn first_item_fails_only_when_the_list_does() {
    let long = "关于进一步加强和改进新时代基层治理工作推动经济社会高质量发展的实施意见和工作方案的通知要求";
    for t in [
        long,
        "县发改局、县财政局",
        "由县发改局",
        "2021年",
        "县发改局2",
        "县 发 改 局",
        "等县发改局",
        "由等县发改局",
        &format!("{long}等部门"),
        &format!("县发改局，{long}"),
        &format!("（{long}）"),
        &format!("{}等", &long[..39 * 3]),
        &long[..40 * 3],
        &long[..41 * 3],
        &format!("\u{3000}由{}", &long[..40 * 3]),
    ] {
        let fails = super::first_item_fails(t);
        let list = super::unit_items(t, 0..t.len()).next();
        if fails {
            assert!(!list.is_some_and(|u| unit_like(&t[u.span])), "{t}");
        }
    }
    assert!(super::first_item_fails(long));
    assert!(super::first_item_fails("2021年"));
    assert!(!super::first_item_fails("县发改局、县财政局"));
}

/// `split_top` steps over a character the `Seps` filter fails: it must pass every
/// bracket and separator of three bytes, and fail most ideographs.
#[test]
fn seps_filter_passes_every_separator() {
    for seps in [&super::UNIT_SEPS] {
        for c in seps.chars.iter().chain(&['（', '）']) {
            let b = c.encode_utf8(&mut [0; 4]).as_bytes().to_vec();
            if let [_, y, z] = b[..] {
                assert!(seps.may_be_sep(y, z), "{c}");
            }
        }
    }
    let t = "县发改局";
    assert!(t.chars().all(|c| {
        let b = c.encode_utf8(&mut [0; 4]).as_bytes().to_vec();
        !super::UNIT_SEPS.may_be_sep(b[1], b[2])
    }));
}

#[test]
fn a_duty_line_opens_with_a_unit_a_colon_and_a_verb() {
    for t in [
        "市市场监管局：负责事故处置信息的收集",
        "县文化广电和旅游局：负责协助有",
        "县卫健局:牵头制定方案",
    ] {
        assert!(super::opens_duty(t), "{t}");
    }
    for t in [
        "组长：负责全面工作",
        "主要任务：负责推进",
        "市市场监管局负责事故处置",
        "责任单位：县发改局",
        "收集、分析、报告：负责",
    ] {
        assert!(!super::opens_duty(t), "{t}");
    }
}

/// `（A、B按职责分工负责，C落实）`: each clause names its own role.
#[test]
fn a_tail_of_clauses_with_their_own_endings() {
    assert_eq!(
        parts("（自治区住房城乡建设厅、民政厅按职责分工负责，各设区市人民政府落实）"),
        vec![
            ("responsible", v(&["自治区住房城乡建设厅", "民政厅"])),
            ("responsible", v(&["各设区市人民政府"]))
        ]
    );
    assert_eq!(
        parts("（县卫健局负责，县民政局、县财政局配合）"),
        vec![
            ("responsible", v(&["县卫健局"])),
            ("cooperate", v(&["县民政局", "县财政局"]))
        ]
    );
    // A clause that is no list of units spoils the tail.
    assert_eq!(parts("（县卫健局负责，确保按期完成）"), vec![]);
}

/// A bracketed word of level words alone glosses the word before it.
#[test]
fn level_words_in_brackets_gloss() {
    assert_eq!(parts("依托街道（乡镇）开展"), vec![]);
    assert_eq!(parts("（县区）"), vec![]);
    assert_eq!(parts("（各乡镇）"), vec![("responsible", v(&["各乡镇"]))]);
    assert_eq!(
        parts("（县民政局）"),
        vec![("responsible", v(&["县民政局"]))]
    );
}
