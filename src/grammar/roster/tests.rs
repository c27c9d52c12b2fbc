//! Roster grammar, one shape per test, input beside the expected structure.

use super::*;

fn m(s: &str) -> (Option<&str>, &str) {
    let m = member(s).expect("member");
    (m.name, m.position)
}

#[test]
fn labels_with_either_colon() {
    assert_eq!(
        role_label("组长: 袁大海 县政府县长"),
        Some(("组长", "袁大海 县政府县长", true))
    );
    assert_eq!(
        role_label("常务副组长：孙建国 县委常委"),
        Some(("常务副组长", "孙建国 县委常委", true))
    );
    assert_eq!(role_label("成员："), Some(("成员", "", true)));
    assert_eq!(
        role_label("組長：陳大文 局長"),
        Some(("組長", "陳大文 局長", true))
    );
    // A label followed by a space and a member.
    assert_eq!(
        role_label("主任 张三 县政府副县长"),
        Some(("主任", "张三 县政府副县长", false))
    );
    // Prose that opens with a role word is not a label.
    assert_eq!(role_label("成员单位要按照职责分工"), None);
    assert_eq!(role_label("主任由王浩同志兼任"), None);
}

#[test]
fn name_then_position() {
    assert_eq!(m("张爱平 县政府副县长"), (Some("张爱平"), "县政府副县长"));
    assert_eq!(
        m("王建茹 县农业农村局 畜牧股股长"),
        (Some("王建茹"), "县农业农村局 畜牧股股长")
    );
    assert_eq!(
        m("买买提·艾力 县发改局局长"),
        (Some("买买提·艾力"), "县发改局局长")
    );
}

#[test]
fn other_member_shapes() {
    // 姓名（单位职务）
    assert_eq!(m("张三（县发改局局长）"), (Some("张三"), "县发改局局长"));
    // Names after their positions.
    assert_eq!(m("县发改局局长 张三"), (Some("张三"), "县发改局局长"));
    // No name: the member is a post held by whoever holds it.
    assert_eq!(m("各乡镇乡镇长"), (None, "各乡镇乡镇长"));
}

#[test]
fn member_lines_for_the_clean_stage() {
    assert!(member_like(
        "成员：尚秋霞 市委宣传部副部长、市政府新闻办主任"
    ));
    assert!(member_like("窦天辉 市委政法委四级调研员"));
    assert!(!member_like("到 2025 年，全县完成改造"));
    assert!(!member_like("各乡镇乡镇长"));
}

#[test]
fn posts_split_into_unit_and_title() {
    assert_eq!(split_post("县发改局局长"), (Some("县发改局"), Some("局长")));
    assert_eq!(split_post("县政府县长"), (Some("县政府"), Some("县长")));
    assert_eq!(
        split_post("县委常委、县政府常务副县长"),
        (Some("县委"), Some("常委"))
    );
    assert_eq!(
        split_post("县政府办综合六股负责人"),
        (Some("县政府办综合六股"), Some("负责人"))
    );
    assert_eq!(
        split_post("人行巨鹿支行副行长"),
        (Some("人行巨鹿支行"), Some("副行长"))
    );
    assert_eq!(
        split_post("市生态环境局曲阳分局局长"),
        (Some("市生态环境局曲阳分局"), Some("局长"))
    );
    assert_eq!(
        split_post("县委组织部常委副部长"),
        (Some("县委组织部"), Some("常委副部长"))
    );
    assert_eq!(
        split_post("县民政局三级主任科员"),
        (Some("县民政局"), Some("三级主任科员"))
    );
    assert_eq!(split_post("各乡镇乡镇长"), (Some("各乡镇"), Some("乡镇长")));
    assert_eq!(split_post("常务副市长"), (None, Some("常务副市长")));
    assert_eq!(
        split_post("县移动公司经理"),
        (Some("县移动公司"), Some("经理"))
    );
}

#[test]
fn group_phrases() {
    assert_eq!(
        group_phrase(
            "成立以县政府主要领导为组长，县发改局、县财政局等18个相关部门组成的曲阳县国家创新型城市建设领导小组"
        ),
        Some("曲阳县国家创新型城市建设领导小组")
    );
    assert_eq!(group_phrase("特成立领导小组，统一领导"), Some("领导小组"));
    assert_eq!(
        group_phrase("经市政府同意，成立中国（廊坊）跨境电子商务综合试验区建设工作领导小组。"),
        Some("中国（廊坊）跨境电子商务综合试验区建设工作领导小组")
    );
    assert_eq!(
        group_phrase("县政府成立由主管县长任组长的打击违法占用耕地“雷霆行动”领导小组"),
        Some("打击违法占用耕地“雷霆行动”领导小组")
    );
    assert_eq!(group_phrase("加强组织领导"), None);
    // `经` of `经济` opens no phrase.
    assert_eq!(
        group_phrase("成立深圳市低空经济发展工作领导小组，由市长任组长"),
        Some("深圳市低空经济发展工作领导小组")
    );
}

#[test]
fn short_names_stand_for_the_full_name_before_them() {
    assert_eq!(
        aliases("一、同意建立浙江省海洋经济发展工作联席会议制度（以下简称联席会议）。"),
        [("联席会议", "浙江省海洋经济发展工作联席会议")]
    );
    assert_eq!(
        aliases("决定成立苍溪县城乡供水一体化工作领导小组（以下简称领导小组）。"),
        [("领导小组", "苍溪县城乡供水一体化工作领导小组")]
    );
    // A document's short name is not a group's.
    assert!(aliases("《管理办法》（以下简称《办法》）").is_empty());
    assert_eq!(
        group_phrase("二、联席会议由分管副省长担任召集人"),
        Some("联席会议")
    );
}

#[test]
fn office_sentences() {
    assert_eq!(
        office(
            "领导小组下设办公室，办公室设在县城管局，办公室主任由王庚芳同志兼任，负责日常工作。"
        ),
        Some(Office {
            unit: Some("县城管局".into()),
            head: Some("王庚芳".into())
        })
    );
    assert_eq!(
        office("领导小组下设办公室，办公室主任由王浩同志兼任，副主任由郭永欣同志兼任。"),
        Some(Office {
            unit: None,
            head: Some("王浩".into())
        })
    );
    assert_eq!(
        office("领导小组下设办公室，市农业农村局局长兼任办公室主任"),
        Some(Office {
            unit: None,
            head: Some("市农业农村局局长".into())
        })
    );
    assert_eq!(
        office(
            "领导小组下设办公室在县水利局，由何勇同志兼任办公室主任，刘建华同志兼任办公室副主任。"
        ),
        Some(Office {
            unit: Some("县水利局".into()),
            head: Some("何勇".into())
        })
    );
    assert_eq!(office("请各单位于月底前报送"), None);
}

/// (role, person_name, position, holder)
type Row = (String, Option<String>, Option<String>, Option<String>);

fn flat(s: &str) -> Vec<Row> {
    prose_roles(s)
        .into_iter()
        .flat_map(|r| {
            r.holders
                .into_iter()
                .map(move |h| (r.role.clone(), h.person_name, h.position, h.holder))
        })
        .collect()
}

fn row(
    r: &str,
    n: Option<&str>,
    p: Option<&str>,
    h: Option<&str>,
) -> (String, Option<String>, Option<String>, Option<String>) {
    (
        r.into(),
        n.map(Into::into),
        p.map(Into::into),
        h.map(Into::into),
    )
}

#[test]
fn prose_with_names() {
    assert_eq!(
        flat(
            "县政府成立曲阳县2022年洁净煤取暖工作领导小组，由县政府县长袁大海同志任组长，县委常委、县政府常务副县长孙建国同志任常务副组长，政府副县长王振涛、王少辉同志为副组长"
        ),
        vec![
            row("组长", Some("袁大海"), Some("县政府县长"), None),
            row(
                "常务副组长",
                Some("孙建国"),
                Some("县委常委、县政府常务副县长"),
                None
            ),
            row("副组长", Some("王振涛"), Some("政府副县长"), None),
            row("副组长", Some("王少辉"), Some("政府副县长"), None),
        ]
    );
    assert_eq!(
        flat("市政府主管副市长高文华任组长，市公安局、市交通运输局等部门分管领导为成员"),
        vec![
            row("组长", Some("高文华"), Some("市政府主管副市长"), None),
            row("成员", None, None, Some("市公安局分管领导")),
            row("成员", None, None, Some("市交通运输局分管领导")),
        ]
    );
}

#[test]
fn prose_with_posts_and_units() {
    assert_eq!(
        flat(
            "成立曲阳县粮改饲项目实施工作领导小组，县政府主管副县长任组长，县财政局、县农业农村局主要负责同志任副组长"
        ),
        vec![
            row("组长", None, None, Some("县政府主管副县长")),
            row("副组长", None, None, Some("县财政局主要负责同志")),
            row("副组长", None, None, Some("县农业农村局主要负责同志")),
        ]
    );
    assert_eq!(
        flat("成立以县政府主要领导为组长，县发改局、县财政局等18个相关部门组成的领导小组"),
        vec![
            row("组长", None, None, Some("县政府主要领导")),
            row("成员", None, None, Some("县发改局")),
            row("成员", None, None, Some("县财政局")),
        ]
    );
    assert_eq!(
        flat("由市长任组长，分管副市长任副组长"),
        vec![
            row("组长", None, None, Some("市长")),
            row("副组长", None, None, Some("分管副市长")),
        ]
    );
}

#[test]
fn normative_sentences_are_not_rosters() {
    assert!(flat("坚持县级党委或政府主要负责同志担任医改领导小组组长").is_empty());
    assert!(flat("条件允许可设置由党委和政府主要负责同志任组长的“双组长制”领导小组").is_empty());
    assert!(flat("各成员单位要按照职责分工抓好落实").is_empty());
}

/// `prose_roles` reads nothing from a sentence without a role word: each word that opens
/// a list of member units must therefore hold one.
#[test]
fn member_unit_openers_hold_a_role() {
    for w in MEMBER_UNITS {
        assert!(names_role(w), "{w}");
    }
    assert!(!names_role("县发改局负责项目审批。"));
}

/// `split_post` takes every place an organisation suffix ends as a cut, as a search for
/// each suffix would find it, and `is_title_seq` looks words up by their first character:
/// both hold while no post word is empty and no suffix overlaps itself.
#[test]
fn post_words_are_not_empty_and_suffixes_do_not_overlap_themselves() {
    let lex = Lexicon::get();
    for w in lex
        .titles
        .iter()
        .chain(&lex.title_modifiers)
        .chain(&lex.org_suffixes)
    {
        assert!(!w.is_empty());
    }
    for w in &lex.org_suffixes {
        for (k, _) in w.char_indices().skip(1) {
            assert!(
                !w.starts_with(&w[k..]),
                "{w} overlaps itself: update `split_post`"
            );
        }
    }
}

#[test]
fn split_post_takes_the_earliest_cut() {
    assert_eq!(split_post("县发改局局长"), (Some("县发改局"), Some("局长")));
    assert_eq!(
        split_post("某村党支部书记"),
        (Some("某村"), Some("党支部书记"))
    );
    assert_eq!(split_post("副县长"), (None, Some("副县长")));
    assert_eq!(split_post("县发改局"), (None, None));
}

#[test]
fn prose_role_prefilters_match_their_word_lists() {
    for v in ROLE_VERBS {
        assert!(
            v.starts_with(ROLE_VERB_FIRSTS),
            "{v}: update ROLE_VERB_FIRSTS"
        );
    }
    for w in MEMBER_UNITS {
        assert!(
            w.starts_with(MEMBER_UNITS_STEM),
            "{w}: update MEMBER_UNITS_STEM"
        );
    }
    // The modal that ends first counts, not the one listed first.
    assert_eq!(modal_end("原则上要求"), Some("原则上".len()));
    assert_eq!(modal_end("要求坚持"), Some("要求".len()));
    assert_eq!(modal_end("县发改局"), None);
}

#[test]
fn not_name_words_start_with_a_checked_character() {
    for w in NOT_NAME_WORDS {
        assert!(
            w.starts_with(NOT_NAME_FIRSTS),
            "{w}: update NOT_NAME_FIRSTS"
        );
    }
    assert!(is_name("张爱平"));
    assert!(is_name("买买提·艾力"));
    assert!(!is_name("有关领导"));
    assert!(!is_name("副县长"));
    assert!(!is_name("组长"));
    assert!(!is_name("县发改局"));
}

#[test]
fn constituting_verbs_are_found_anywhere() {
    for v in CONSTITUTING {
        assert!(constitutes(&format!("县政府决定{v}领导小组")), "{v}");
    }
    assert!(!constitutes("县发改局负责项目审批。"));
}

/// `names_role` searches only the innermost role labels: it still finds every label.
#[test]
fn names_role_finds_every_label() {
    let roles = &Lexicon::get().roles;
    assert!(innermost(roles).len() < roles.len());
    for r in roles {
        assert!(names_role(&format!("由张三任{r}。")), "{r}");
    }
}

/// `role_label` compares a line only with the labels that start with its first
/// character: every label has one, and each is compared where it should be.
#[test]
fn role_labels_are_grouped_by_first_character() {
    for r in &Lexicon::get().roles {
        let first = r.chars().next().expect("no role label is empty");
        assert!(roles_starting(first).contains(&r.as_str()), "{r}");
        assert_eq!(
            role_label(&format!("{r}：张三")),
            Some((r.as_str(), "张三", true))
        );
    }
}

/// `may_open_role` reads a line's first character on its bytes, as three bytes: every
/// label must start with a three-byte character, and every label must pass.
#[test]
fn every_role_label_opens_with_a_three_byte_character() {
    for r in &Lexicon::get().roles {
        let first = r.chars().next().expect("no role label is empty");
        assert_eq!(first.len_utf8(), 3, "{r}: update `may_open_role`");
        assert!(may_open_role(r), "{r}");
    }
    assert!(!may_open_role("a组长："));
    assert!(!may_open_role(""));
}

#[test]
fn a_line_the_precondition_rules_out_names_no_member() {
    for s in [
        "张三（县发改局局长）",
        "张三(县长)",
        "组长：张三 县长",
        "组长：张三（县长）",
        "县发改局局长 张三",
        "各乡镇乡镇长",
        "（一）加强组织领导",
        "县发改局（牵头）负责",
        "成员：",
    ] {
        let named = member(s).is_some_and(|m| m.name.is_some())
            || role_label(s)
                .is_some_and(|(_, rest, _)| member(rest).is_some_and(|m| m.name.is_some()));
        assert!(may_name_member(s) || !named, "{s}");
        assert!(may_name_member(s) || !member_like(s), "{s}");
    }
}

#[test]
fn a_post_ending_like_a_role_word_is_still_a_holder() {
    let s = "由市长任组长，市政府分管副秘书长、市发展改革委主要负责同志任副组长。";
    let roles = prose_roles(s);
    let deputies: Vec<_> = roles
        .iter()
        .filter(|r| r.role == "副组长")
        .flat_map(|r| {
            r.holders
                .iter()
                .map(|h| h.holder.clone().unwrap_or_default())
        })
        .collect();
    assert_eq!(deputies, ["市政府分管副秘书长", "市发展改革委主要负责同志"]);
}

#[test]
fn whole_posts_and_positions_that_end_with_one() {
    assert!(whole_post("旗财政局局长"));
    assert!(whole_post("鄂托克经济开发区管委会主任"));
    assert!(!whole_post("鄂尔多斯市生态环境局鄂托克旗"));
    assert!(!whole_post("局长"));
    assert!(ends_with_post("旗人民政府办公室副主任、旗发改委主任"));
    assert!(!ends_with_post("旗行政审批政务服务与数据管"));
}
