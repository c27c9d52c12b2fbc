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
