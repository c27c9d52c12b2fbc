//! Each clean step on a small fixture named after the noise it exercises.

use super::*;
use crate::source::Source;

fn run(text: &str) -> (Source, Cleaned) {
    let src = Source::utf8("fixture.txt", text.to_owned(), 0);
    let c = clean(&src);
    (src, c)
}

fn paras(c: &Cleaned) -> Vec<&str> {
    (0..c.paras.len()).map(|i| c.para_text(i)).collect()
}

/// A 17-character column with a blank line after every printed line (Julu, Dingzhou).
const NARROW_COLUMN: &str = concat!(
    "一、为全面正确履行政府职能，进\n\n一步加强和改进政府工作，根据《中华\n\n人民共和国宪法》制定本规则。\n\n二、县政府组成人员要始终把政治建\n\n设摆在首位，坚定拥护“两个确立”，\n\n增强“四个意识”。\n\n",
    // Enough full lines for the column width to be detected.
    "三、县政府及其部门要坚持依法行政\n\n",
    "，严格遵守宪法和法律，加快建设法治\n\n",
    "政府，推进政府治理体系和治理能力现\n\n",
    "代化，做到法定职责必须为、法无授权\n\n",
    "不可为，全面推进政务公开，强化对权\n\n",
    "力运行的制约和监督，健全完善依法决\n\n",
    "策机制，提高行政效能，建设人民满意\n\n",
    "的法治政府、创新政府、廉洁政府和服\n\n",
    "务型政府，更好地服务人民群众需要。\n\n",
    "四、县政府组成人员要认真学习习近平\n\n",
    "新时代中国特色社会主义思想，深刻领\n\n",
    "会党的二十大精神，牢固树立正确的政\n\n",
    "绩观，坚持从实际出发，深入调查研究\n\n",
    "，不断提高政治判断力、政治领悟力、\n\n",
    "政治执行力，做到令行禁止，确保中央\n\n",
    "和省市县委各项决策部署落到实处，切\n\n",
    "实担负起推动发展、服务社会的职责。\n",
);

#[test]
fn hard_wrapped_lines_reflow_into_paragraphs() {
    let (_, c) = run(NARROW_COLUMN);
    assert!(
        matches!(c.layout, Layout::HardWrapped { .. }),
        "{:?}",
        c.layout
    );
    assert_eq!(
        paras(&c)[..2],
        [
            "一、为全面正确履行政府职能，进一步加强和改进政府工作，根据《中华人民共和国宪法》制定本规则。",
            "二、县政府组成人员要始终把政治建设摆在首位，坚定拥护“两个确立”，增强“四个意识”。",
        ]
    );
    assert_eq!(paras(&c).len(), 4);
}

#[test]
fn page_start_marker_is_dropped_and_the_sentence_continues() {
    let text = NARROW_COLUMN
        .replace("一步加强", " 一步加强")
        .replace("进\n\n 一步", "进\n 一步");
    let (_, c) = run(&text);
    assert_eq!(c.pages, 2);
    assert!(paras(&c)[0].contains("进一步加强"), "{:?}", paras(&c));
    assert!(c.lines.iter().any(|l| l.page_start && l.line == 2));
}

#[test]
fn running_header_and_page_number_mid_sentence() {
    let text = "PM2.5平均浓度56μg/m³，比较上年\n\n- 11 -\n\n\n\n《巨鹿县人民政府公报》2023年合订本 县政府文件\n2015年下降38.24%，空气质量明显\n\n改善，全年优良天数大幅增加了。\n\n《巨鹿县人民政府公报》2023年合订本 县政府文件\n"
        .to_owned()
        + NARROW_COLUMN;
    let (_, c) = run(&text);
    assert_eq!(c.furniture.len(), 3);
    assert_eq!(c.pages, 3);
    assert_eq!(
        paras(&c)[0],
        "PM2.5平均浓度56μg/m³，比较上年2015年下降38.24%，空气质量明显改善，全年优良天数大幅增加了。"
    );
}

#[test]
fn bare_page_number_after_three_blank_lines() {
    let text = "对于拆除后的房屋及附属设施，不再享受拆迁\n\n\n\n25\n\n奖励。对于提前搬迁的给予奖励，标准如下所示：\n\n";
    let (_, c) = run(text);
    assert_eq!(c.furniture[0].line, 5);
    assert_eq!(c.furniture[0].class, furniture::LineClass::PageNumber);
}

#[test]
fn letter_spaced_title_collapses() {
    let (_, c) = run("巨鹿县人民政府\n关于印发《巨鹿县人民政府工作规则》的\n通 知\n");
    assert_eq!(paras(&c)[0], "巨鹿县人民政府");
    assert!(paras(&c).iter().any(|p| p.ends_with("通知")));
}

#[test]
fn paragraph_per_line_text_joins_only_page_splits() {
    let text = "一、总体要求\n\n各地要切实加强组织领导，确保各项政策措施落到实处，对于已经批准的土地\n\n权属问题，要依法依规处理。\n\n二、工作措施\n\n短句。\n";
    let (_, c) = run(text);
    assert_eq!(c.layout, Layout::ParagraphPerLine);
    assert_eq!(paras(&c).len(), 4);
    assert!(paras(&c)[1].contains("土地权属"));
}

#[test]
fn tab_cells_are_never_joined_and_empty_cells_are_kept() {
    let text =
        "\t序号\n\t指标名称\n\t\n\n\t1\n\t森林覆盖率达到较高的水平并且持续增长的目标要求内容\n";
    let (_, c) = run(text);
    assert_eq!(
        paras(&c),
        [
            "序号",
            "指标名称",
            "",
            "1",
            "森林覆盖率达到较高的水平并且持续增长的目标要求内容"
        ]
    );
    assert!(c.lines.iter().all(|l| l.tab));
}

#[test]
fn roster_lines_are_not_joined() {
    let text = "组 长：王 勇 县委副书记、县长、县人民政府党组书记同志\n\n副组长：李 哲 县委常委、常务副县长\n";
    let (_, c) = run(text);
    assert_eq!(
        paras(&c),
        [
            "组长：王勇 县委副书记、县长、县人民政府党组书记同志",
            "副组长：李哲 县委常委、常务副县长"
        ]
    );
}

#[test]
fn provenance_points_at_source_lines_and_bytes() {
    let (src, c) = run(NARROW_COLUMN);
    let p = &c.paras[1];
    let prov = c.provenance(&src, p.start, p.end);
    assert_eq!((prov.line_start, prov.line_end), (7, 11));
    let bytes = &src.text.as_bytes()[prov.byte_start as usize..prov.byte_end as usize];
    assert!(
        std::str::from_utf8(bytes)
            .unwrap()
            .starts_with("二、县政府")
    );
    assert!(std::str::from_utf8(bytes).unwrap().ends_with("意识”。"));
}

#[test]
fn a_wrapped_heading_line_joins_its_continuation() {
    let text = "（二）关注重点人群，维护群众全\n\n生命周期健康。\n\n一、总体要求\n\n".to_owned()
        + NARROW_COLUMN;
    let (_, c) = run(&text);
    assert_eq!(
        paras(&c)[..2],
        [
            "（二）关注重点人群，维护群众全生命周期健康。",
            "一、总体要求"
        ]
    );
}

#[test]
fn a_duty_line_is_not_joined_to_the_heading_or_sentence_before_it() {
    let text = concat!(
        "（二）市指挥部成员单位及职责\n\n",
        "市市场监管局：负责事故处置信息的收\n\n",
        "集、分析、报告，做好相关应急保障。\n\n",
        "县文化广电和旅游局：负责协助有关部\n\n",
        "门做好旅游景区工作。\n\n",
    )
    .to_owned()
        + NARROW_COLUMN;
    let (_, c) = run(&text);
    assert_eq!(
        paras(&c)[..3],
        [
            "（二）市指挥部成员单位及职责",
            "市市场监管局：负责事故处置信息的收集、分析、报告，做好相关应急保障。",
            "县文化广电和旅游局：负责协助有关部门做好旅游景区工作。",
        ]
    );
}

/// What the re-flow carries per paragraph agrees with the tests it stands for.
#[test]
fn the_known_answers_are_those_of_the_paragraph_text() {
    let text =
        "一、总体要求\n\n（二）加强\n\n巨鹿县人民政府办公室\n\n组长：王勇\n\n1.目标\n\n附件1\n\n"
            .to_owned()
            + NARROW_COLUMN;
    let (_, c) = run(&text);
    let mut known_markers = 0;
    for i in 0..c.paras.len() {
        let t = c.para_text(i);
        assert_eq!(c.starts_block(i), reflow::starts_block(t), "{t}");
        assert_eq!(
            c.issuer_prefix(i),
            crate::grammar::issuers::issuer_prefix(t),
            "{t}"
        );
        assert_eq!(
            c.heading_marker(i),
            crate::grammar::headings::marker(t),
            "{t}"
        );
        known_markers += usize::from(c.known[i].is_some_and(|k| k.marker.is_some()));
    }
    assert!(known_markers >= 4, "{known_markers}");
}
