//! Property: for any input, every kept line's cleaned text equals its source bytes once
//! whitespace is removed and the documented folds are applied; the pipeline never
//! panics; folding a line twice changes nothing.

mod common;
use gongwen::clean::clean;
use gongwen::source::Source;
use proptest::prelude::*;

fn piece() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "通",
        "知",
        "关于",
        "印发",
        "的",
        " ",
        "  ",
        "\u{3000}",
        "\t",
        "\n",
        "\n\n",
        "\n\n\n\n",
        "２０２３",
        "ＡＢ",
        "(2022) 曲府办 54 号",
        "〔2023〕1号",
        "【2022】01号",
        "（一）",
        "一、",
        "1.",
        "组 长：",
        "王 勇",
        "。",
        "，",
        "- 7 -",
        "25",
        "《巨鹿县人民政府公报》2023年合订本",
        "**",
        "附件1",
        "巨鹿县人民政府办公室",
        "2023年 5月 17日",
        "解读",
        "《",
        "》",
    ])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]
    #[test]
    fn kept_lines_map_back_to_the_same_text(pieces in prop::collection::vec(piece(), 0..120)) {
        let text: String = pieces.concat();
        let src = Source::utf8("p.txt", text.clone(), 0);
        let c = clean(&src);
        for l in &c.lines {
            let (a, b) = c.map.span(l.start, l.end);
            prop_assert!(a <= b && b <= text.len());
            prop_assert_eq!(common::comparable(&text[a..b]), common::comparable(&c.text[l.start..l.end]));
        }
        // Paragraph spans are ordered and inside the text.
        let mut last = 0;
        for p in &c.paras {
            prop_assert!(p.start >= last && p.end <= c.text.len());
            last = p.end;
        }
        let _ = gongwen::pipeline::process_text("p.txt", &text);
    }

    #[test]
    fn folding_a_line_is_idempotent(pieces in prop::collection::vec(piece(), 0..80)) {
        let line: String = pieces.concat().replace('\n', "");
        let fold = |s: &str| {
            let (mut out, mut map) = (String::new(), gongwen::clean::OffsetMap::new());
            gongwen::clean::fold::fold_line(s, 0, &mut out, &mut map);
            out
        };
        let once = fold(&line);
        prop_assert_eq!(fold(&once), once.clone());
    }
}
