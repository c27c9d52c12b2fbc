//! Corpus-style tests: input text beside the tree it must give
//! (`provision_id | label | heading`).

use crate::pipeline::process_text;

fn tree(text: &str) -> Vec<String> {
    let out = process_text("t.txt", text);
    out.provisions
        .iter()
        .map(|p| {
            format!(
                "{} | {} | {}",
                p.provision_id
                    .split_once('#')
                    .map_or(p.provision_id.as_str(), |x| x.1),
                p.label.as_deref().unwrap_or("-"),
                p.heading.as_deref().unwrap_or("-")
            )
        })
        .collect()
}

#[test]
fn plan_ladder_with_preamble_and_attachment() {
    let text = "\
曲阳县人民政府办公室

曲阳县2022年政务公开工作要点

为做好今年政务公开工作，制定本要点。

一、总体要求

坚持以人民为中心。

二、重点任务

（一）推进决策公开。加强政策解读。

1.完善制度。建立目录。

2.强化落实。按时公开。

（二）加强平台建设。整合网站。

附件1

领导小组名单
";
    assert_eq!(
        tree(text),
        [
            "001/0 | - | -",
            "001/1 | 一、 | 总体要求",
            "001/2 | 二、 | 重点任务",
            "001/2.1 | （一） | 推进决策公开",
            "001/2.1.1 | 1. | 完善制度",
            "001/2.1.2 | 2. | 强化落实",
            "001/2.2 | （二） | 加强平台建设",
            "001/3 | 附件1 | -",
        ]
    );
}

#[test]
fn rules_with_chapters_and_articles() {
    let text = "\
巨鹿县人民政府

巨鹿县县级重要物资储备管理办法

第一章 总 则

第一条 为加强和规范县级重要物资储备管理，提高应对突发事件的保障能力，根据有关规定，制定本办法。

第二条 本办法适用于县级重要物资。

第二章 职责分工

第三条 县发展改革局负责储备。
";
    assert_eq!(
        tree(text),
        [
            "001/1 | 第一章 | 总则",
            "001/1.1 | 第一条 | -",
            "001/1.2 | 第二条 | -",
            "001/2 | 第二章 | 职责分工",
            "001/2.1 | 第三条 | -",
        ]
    );
}

#[test]
fn child_ids_as_formatted() {
    for n in [0, 1, 9, 10, 99, 100, 12345, u32::MAX] {
        assert_eq!(super::child_id("d#001", '/', n), format!("d#001/{n}"));
        assert_eq!(super::child_id("d#001/2", '.', n), format!("d#001/2.{n}"));
    }
}

/// The provision's text as the record holds it.
fn texts(text: &str) -> Vec<String> {
    let out = process_text("t.txt", text);
    out.provisions.iter().map(|p| p.text.clone()).collect()
}

#[test]
fn contact_lines_closing_the_body_belong_to_no_provision() {
    let text = "\
巨鹿县人民政府办公室

关于开展专项整治的通知

一、加大宣传力度

营造良好氛围。

联系人：张三

联系电话：4090565

电子邮箱：a@b.com。

巨鹿县人民政府办公室
2023年3月1日
";
    assert_eq!(tree(text), ["001/1 | 一、 | 加大宣传力度"]);
    assert_eq!(texts(text), ["加大宣传力度\n营造良好氛围。"]);
}

#[test]
fn contact_lines_before_the_attachment_note_belong_to_no_provision() {
    let text = "\
廊坊市人民政府办公室

关于做好年鉴编纂工作的通知

（一）严格报送时限。3月1日前报送。

联系人：陈娜

电话：2331867

附件：撰稿人联系方式表
";
    assert_eq!(
        texts(text),
        ["严格报送时限。3月1日前报送。\n附件：撰稿人联系方式表"]
    );
}

#[test]
fn contact_lines_inside_a_section_stay_in_it() {
    let text = "\
某县人民政府办公室

关于举办培训的通知

一、报名方式

联系人：张三

联系电话：123

二、培训时间

3月1日。
";
    assert_eq!(
        tree(text),
        ["001/1 | 一、 | 报名方式", "001/2 | 二、 | 培训时间"]
    );
    assert_eq!(texts(text)[0], "报名方式\n联系人：张三\n联系电话：123");
}

#[test]
fn a_numbered_list_inside_a_note_opens_no_provision() {
    let text = "\
某县人民政府办公室

关于配备消防车的通知

一、配备标准

各站按表配备。

注：1、表中带“△”车种由各地区选配。

2、可根据需要选配消防摩托车。

二、保障措施

加强保障。
";
    assert_eq!(
        tree(text),
        ["001/1 | 一、 | 配备标准", "001/2 | 二、 | 保障措施"]
    );
    assert_eq!(
        texts(text)[0],
        "配备标准\n各站按表配备。\n注：1、表中带“△”车种由各地区选配。\n2、可根据需要选配消防摩托车。"
    );
}

#[test]
fn a_note_without_a_list_leaves_the_next_heading_alone() {
    let text = "\
某县人民政府办公室

关于配备消防车的通知

一、配备标准

注：下同。

2、选配标准

按需选配。
";
    assert_eq!(
        tree(text),
        ["001/1 | 一、 | 配备标准", "001/1.1 | 2、 | 选配标准"]
    );
}

#[test]
fn a_box_holding_a_table_ends_where_the_sections_prose_resumes() {
    let text = "\
曲阳县人民政府

曲阳县消防事业发展规划

（一）发展基础

消防基础设施不断完善。

专栏1 消防基础设施建设情况一览表

\t项目\t消防站\t消防车
\t数量\t2\t10

注：数据截至2020年底。

灭火和应急救援能力不断提高。构筑大应急救援体系。

（二）面临形势

机遇与挑战并存。
";
    assert_eq!(
        tree(text),
        [
            "001/1 | （一） | 发展基础",
            "001/1.1 | 专栏1 | 消防基础设施建设情况一览表",
            "001/2 | （二） | 面临形势",
        ]
    );
    let t = texts(text);
    assert_eq!(
        t[0],
        "发展基础\n消防基础设施不断完善。\n灭火和应急救援能力不断提高。构筑大应急救援体系。"
    );
    assert!(t[1].ends_with("注：数据截至2020年底。"), "{}", t[1]);
}

#[test]
fn a_box_that_opens_with_text_runs_to_the_next_heading() {
    let text = "\
廊坊市人民政府

廊坊市健康规划

（一）普及健康生活

推进健康教育。

专栏1 普及健康生活

实施健康知识普及行动。到2025年，居民健康素养水平达到30%。

加强心理健康服务。

（二）优化健康服务

提升服务能力。
";
    assert_eq!(
        tree(text),
        [
            "001/1 | （一） | 普及健康生活",
            "001/1.1 | 专栏1 | 普及健康生活",
            "001/2 | （二） | 优化健康服务",
        ]
    );
    assert!(texts(text)[1].ends_with("加强心理健康服务。"));
}
