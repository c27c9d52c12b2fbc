//! Roster shapes the bundled corpus lacks but other provinces print, one fixture each
//! (tests/fixtures/rosters/<shape>.txt), and the roster figures on the corpus.

mod common;

use gongwen::model::RosterRec;
use gongwen::pipeline::process_text;

fn fixture(name: &str) -> gongwen::pipeline::FileOutput {
    let path = format!(
        "{}/tests/fixtures/rosters/{name}.txt",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).expect("fixture");
    process_text(&format!("{name}.txt"), &text)
}

/// (role, person_name, position) of every member.
fn members(rs: &[RosterRec]) -> Vec<(&str, Option<&str>, Option<&str>)> {
    rs.iter()
        .map(|r| {
            (
                r.role.as_str(),
                r.person_name.as_deref(),
                r.position.as_deref(),
            )
        })
        .collect()
}

#[test]
fn name_then_bracketed_post_with_labels_on_their_own_lines() {
    let o = fixture("name-then-bracketed-post");
    assert_eq!(
        members(&o.rosters),
        vec![
            ("组长", Some("王大明"), Some("县政府县长")),
            ("副组长", Some("李华"), Some("县政府副县长")),
            ("成员", Some("赵小军"), Some("县发改委主任")),
            ("成员", Some("钱进"), Some("县财政局局长")),
        ]
    );
    let r = &o.rosters[0];
    assert_eq!(r.group_name.as_deref(), Some("县乡村振兴工作领导小组"));
    assert_eq!(r.office_unit.as_deref(), Some("县农业农村局"));
    assert_eq!(r.office_head.as_deref(), Some("赵小军"));
    assert_eq!((r.role_rank, o.rosters[3].role_rank), (1, 3));
}

#[test]
fn names_printed_after_their_posts() {
    let o = fixture("post-then-name");
    assert_eq!(
        members(&o.rosters),
        vec![
            ("主任", Some("刘国强"), Some("市长")),
            ("副主任", Some("陈立新"), Some("常务副市长")),
            ("成员", Some("孙伟"), Some("市应急管理局局长")),
            ("成员", Some("周海波"), Some("市公安局副局长")),
        ]
    );
    assert_eq!(o.rosters[0].group_name.as_deref(), Some("市安全生产委员会"));
}

#[test]
fn traditional_characters() {
    let o = fixture("traditional");
    assert_eq!(
        members(&o.rosters),
        vec![
            ("組長", Some("陳大文"), Some("縣長")),
            ("副組長", Some("林志明"), Some("副縣長")),
            ("成員", Some("黃國強"), Some("水務局局長")),
            ("成員", Some("張偉"), Some("應急管理局局長")),
        ]
    );
}

#[test]
fn uyghur_names_with_a_name_dot() {
    let o = fixture("uyghur-names");
    assert_eq!(
        members(&o.rosters),
        vec![
            ("组长", Some("买买提·吐尔逊"), Some("县委副书记、县长")),
            ("副组长", Some("阿依古丽·买买提"), Some("县政府副县长")),
            ("成员", Some("艾力·阿不都拉"), Some("县民宗局局长")),
            ("成员", Some("王刚"), Some("县教育局局长")),
        ]
    );
}

#[test]
fn a_label_with_no_members_is_a_diagnostic_not_a_roster() {
    let o = fixture("heading-without-members");
    assert!(o.rosters.is_empty(), "{:?}", o.rosters);
    let d: Vec<_> = o
        .diagnostics
        .iter()
        .filter(|d| d.stage == "rosters")
        .collect();
    assert_eq!(d.len(), 1, "{:?}", o.diagnostics);
    assert_eq!(d[0].line_start, Some(6));
}

#[test]
fn a_roster_stated_inside_a_sentence() {
    let o = fixture("prose-inside-sentence");
    let rows: Vec<_> = o
        .rosters
        .iter()
        .map(|r| {
            (
                r.group_name.as_deref(),
                r.role.as_str(),
                r.holder.as_deref(),
                r.is_prose,
            )
        })
        .collect();
    let g = Some("秸秆禁烧工作领导小组");
    assert_eq!(
        rows,
        vec![
            (g, "组长", Some("县长"), true),
            (g, "副组长", Some("分管副县长"), true),
            (g, "成员", Some("县生态环境局主要负责同志"), true),
            (g, "成员", Some("县农业农村局主要负责同志"), true),
            (Some("工作专班"), "组长", Some("局长"), true),
        ]
    );
}

#[test]
fn corpus_rosters_meet_the_gold() {
    let files = common::corpus_files();
    let mut pred = Vec::new();
    for f in &files {
        let o = gongwen::pipeline::process_bytes(&f.0, &f.1);
        pred.extend(o.rosters);
    }
    let pred: Vec<_> = pred
        .iter()
        .map(|r| {
            serde_json::to_value(r)
                .unwrap()
                .as_object()
                .unwrap()
                .clone()
        })
        .collect();
    let gold = gongwen::eval::load::jsonl(std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/gold/rosters.jsonl"
    )))
    .unwrap();
    let spec = gongwen::eval::SPECS
        .iter()
        .find(|s| s.dataset == "rosters")
        .unwrap();
    let s = gongwen::eval::score(spec, &gold, &pred);
    assert!(s.overall.f1 >= 0.98, "rosters F1 {:.3}", s.overall.f1);
    assert!(
        s.fields["position"].accuracy >= 0.95,
        "position {:.3}",
        s.fields["position"].accuracy
    );
}
