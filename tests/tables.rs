//! Table layouts as other documents print them, one fixture each
//! (tests/fixtures/tables/<noise>.txt), with the grid a reader of the page sees.

use gongwen::pipeline::process_text;

fn fixture(name: &str) -> gongwen::pipeline::FileOutput {
    let path = format!(
        "{}/tests/fixtures/tables/{name}.txt",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).expect("fixture");
    process_text(&format!("{name}.txt"), &text)
}

/// The grid of the first table, rows joined with ` | ` (covered cells as `^`).
fn grid(o: &gongwen::pipeline::FileOutput) -> Vec<String> {
    let first = &o.tables[0].table_id;
    let cells: Vec<_> = o.tables.iter().filter(|c| &c.table_id == first).collect();
    let rows = cells.iter().map(|c| c.row).max().unwrap() + 1;
    let cols = cells.iter().map(|c| c.col).max().unwrap() + 1;
    let mut g = vec![vec!["^".to_owned(); cols as usize]; rows as usize];
    for c in cells {
        g[c.row as usize][c.col as usize] = c.text.clone();
    }
    g.into_iter().map(|r| r.join(" | ")).collect()
}

#[test]
fn vertical_header_place_targets_wrapped_values_unit_and_note_columns() {
    let o = fixture("vertical-header-and-text-columns");
    assert_eq!(
        o.tables[0].caption.as_deref(),
        Some("某县科技创新目标任务表")
    );
    assert_eq!(
        grid(&o),
        [
            "类别 | 序号 | 指标 | 合肥市2024年目标值 | 某县2024年目标值 | 责任单位 | 备注",
            "科技投入 | 1 | 研发经费投入（亿元） | 12亿以上 | 0.8亿 | 县科技局 | ",
            "^ | 2 | 规上工业企业研发机构覆盖率（%） | 45%以上 | 30% | 县工信局 | ",
            "^ | 3 | 技术合同成交额（亿元） | 20 |  | 县科技局、县统计局（提供数据） | 暂无县级统计数据",
            "成果转化 | 4 | 高新技术企业数（家） | 900家以上 | 12家 | 县科技局 | ",
            "^ | 5 | 科技型中小企业数（家） | 3000家以上 | 60家以上 | 县科技局、县市场监管局 | ",
        ]
    );
    // The county's own column is the target; the city's is a reference, not a baseline.
    let i = &o.indicators[0];
    assert_eq!(i.indicator, "研发经费投入（亿元）");
    assert_eq!(i.target_text.as_deref(), Some("0.8亿"));
    assert_eq!(i.target_year, Some(2024));
    assert_eq!(i.baseline_text, None);
    assert_eq!(i.responsible.as_deref(), Some("县科技局"));
    assert_eq!(o.indicators[1].comparator, Some("="));
    assert_eq!(o.indicators[4].target_value, Some(60.0));
}

#[test]
fn rotated_table_one_glyph_per_line_is_cut_by_content() {
    let o = fixture("rotated-one-glyph-per-line");
    assert_eq!(
        o.tables[0].caption.as_deref(),
        Some("2024年医联体建设任务清单")
    );
    assert_eq!(o.tables[0].layout, "rotated");
    assert_eq!(
        grid(&o),
        [
            "序号 | 重点任务 | 完成时限 | 评价标准 | 评价方法 | 责任单位",
            "一、完善管理体制 | ^ | ^ | ^ | ^ | ^",
            "1 | 组建医联体理事会，明确职责分工。 | 6月30日前 | 出台理事会章程；明确议事规则。 | 查看相关文件。 | 市卫健委、市医保局",
            "2 | 推进人员统一调配。 | 9月30日前并持续落实 | 建立人员统一招聘制度。 | 查看工作记录。 | 市人社局",
            "二、提升服务能力 | ^ | ^ | ^ | ^ | ^",
            "3 | 开展远程会诊服务，覆盖全部乡镇卫生院。 | 持续落实 | 远程会诊每月不少于2次。 | 查看会诊记录。 | 市人民医院",
        ]
    );
    // The unit column feeds assignments, one record per unit, task = the row's task.
    let units: Vec<(&str, &str)> = o
        .assignments
        .iter()
        .filter(|a| a.pattern == "table")
        .map(|a| (a.unit_raw.as_str(), a.task.as_str()))
        .collect();
    assert_eq!(units[0], ("市卫健委", "组建医联体理事会，明确职责分工。"));
    assert_eq!(units.len(), 4);
}
