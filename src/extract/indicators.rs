//! indicators: target tables (规划指标, 主要指标) turned into comparable indicator rows.
//!
//! A table is an indicator table when one column's header names the indicator (`主要指标`,
//! `指标内容`, `指标`) and another holds a target (`2025年目标`, `目标值`). Column roles are
//! read from the header text: baseline (an earlier year, `基数`, `基期`), target (`目标`,
//! or the latest year), nature (`属性`, `性质`), category (`类别`, `分类`, `领域`), a unit
//! column (`单位`) and a responsible unit (`责任单位`). A merged category carries down.
//! Values keep their printed text; `value` is the number in it, and the comparator comes
//! from `≥` / `以上` / `以内` …. It does not judge whether a target is ambitious.

use super::Ctx;
use super::tables::{Cell, Table};
use crate::model::IndicatorRec;

#[derive(Default)]
struct Roles {
    name: Option<usize>,
    baseline: Option<(usize, Option<i32>)>,
    target: Option<(usize, Option<i32>)>,
    nature: Option<usize>,
    category: Option<usize>,
    unit: Option<usize>,
    responsible: Option<usize>,
}

/// The first `YYYY年` in a header.
fn year(h: &str) -> Option<i32> {
    let k = h.find('年')?;
    let d = &h[..k];
    let digits: String = d.chars().rev().take_while(|c| c.is_ascii_digit()).collect();
    let y: i32 = digits.chars().rev().collect::<String>().parse().ok()?;
    (1900..=2100).contains(&y).then_some(y)
}

fn roles(t: &Table) -> Option<Roles> {
    let ncols = t.rows.first()?.len();
    let mut r = Roles::default();
    let mut years: Vec<(usize, i32, bool)> = Vec::new();
    for c in 0..ncols {
        let h = t.header(c);
        let target_word = h.contains("目标") || h.contains("规划");
        if h.contains("属性") || h.contains("性质") {
            r.nature = Some(c);
        } else if h.contains("责任单位") || h.contains("牵头单位") || h.contains("责任部门")
        {
            r.responsible = Some(c);
        } else if let Some(y) = year(&h) {
            years.push((c, y, target_word));
        } else if target_word {
            r.target = Some((c, None));
        } else if h.contains("基数") || h.contains("基期") || h.contains("现状") {
            r.baseline = Some((c, None));
        } else if h.contains("指标") && r.name.is_none() {
            r.name = Some(c);
        } else if ["类别", "分类", "领域", "类型"]
            .iter()
            .any(|w| h.contains(w))
        {
            r.category = Some(c);
        } else if h == "单位" || h == "计量单位" {
            r.unit = Some(c);
        }
    }
    // The target is the year column marked 目标, else the latest; the baseline the
    // earliest other.
    years.sort_by_key(|y| y.1);
    if r.target.is_none()
        && let Some(&(c, y, _)) = years.iter().find(|y| y.2).or(years.last())
    {
        r.target = Some((c, Some(y)));
    }
    let target_col = r.target.map(|t| t.0);
    if r.baseline.is_none()
        && let Some(&(c, y, _)) = years.iter().find(|y| Some(y.0) != target_col)
    {
        r.baseline = Some((c, Some(y)));
    }
    (r.name.is_some() && r.target.is_some()).then_some(r)
}

/// `（%）`, `(万元/人)` at the end of a name or header.
fn unit_in(t: &str) -> Option<String> {
    let t = t.trim_end();
    let body = t.strip_suffix('）').or_else(|| t.strip_suffix(')'))?;
    let open = body.rfind(['（', '('])?;
    let inner = &body[open + body[open..].chars().next()?.len_utf8()..];
    (!inner.is_empty() && inner.chars().count() <= 8 && !inner.contains('含'))
        .then(|| inner.to_owned())
}

/// The first number in a cell (`≥60.00` → 60, `下降18%` → 18).
fn first_number(t: &str) -> Option<f64> {
    let start = t.find(|c: char| c.is_ascii_digit())?;
    let n: String = t[start..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    n.trim_end_matches('.').parse().ok()
}

fn comparator(t: &str) -> Option<&'static str> {
    let t = t.trim();
    Some(if t.starts_with(['≥', '≧']) || t.starts_with(">=") {
        ">="
    } else if t.starts_with(['≤', '≦']) || t.starts_with("<=") {
        "<="
    } else if t.starts_with(['<', '＜']) {
        "<"
    } else if t.starts_with(['>', '＞']) {
        ">"
    } else if ["以上", "不低于", "不少于"].iter().any(|w| t.contains(w)) {
        ">="
    } else if ["以下", "以内", "不超过", "不高于", "不多于"]
        .iter()
        .any(|w| t.contains(w))
    {
        "<="
    } else if super::tables::number(t.trim_end_matches(['%', '‰'])).is_some() {
        "="
    } else {
        return None;
    })
}

/// Indicator rows of every indicator table of the document.
pub fn extract(cx: &Ctx<'_>, tables: &[Table]) -> Vec<IndicatorRec> {
    let mut out = Vec::new();
    for t in tables {
        let Some(r) = roles(t) else {
            continue;
        };
        let mut category: Option<String> = None;
        for row in &t.rows[t.header_rows..] {
            let text = |c: Option<usize>| {
                c.and_then(|c| row.get(c))
                    .map(Cell::text)
                    .filter(|s| !s.is_empty())
            };
            if let Some(cat) = text(r.category) {
                category = Some(cat);
            }
            let Some(name) = text(r.name) else {
                continue;
            };
            let target_text = text(r.target.map(|t| t.0));
            let baseline_text = text(r.baseline.map(|b| b.0));
            let unit = text(r.unit)
                .or_else(|| unit_in(&name))
                .or_else(|| r.target.and_then(|(c, _)| unit_in(&t.header(c))));
            let Some(prov) = Table::prov_of(cx, row.iter()) else {
                continue;
            };
            out.push(IndicatorRec {
                doc_id: cx.doc_id.to_owned(),
                table_id: t.table_id.clone(),
                category: category.clone(),
                unit_of_measure: unit,
                baseline_year: r.baseline.and_then(|b| b.1),
                baseline_value: baseline_text.as_deref().and_then(super::tables::number),
                baseline_text,
                target_year: r.target.and_then(|t| t.1),
                target_value: target_text.as_deref().and_then(first_number),
                comparator: target_text.as_deref().and_then(comparator),
                target_text,
                // Only the two natures; anything else in that column is a misread cell.
                nature: text(r.nature).filter(|n| n == "约束性" || n == "预期性"),
                responsible: text(r.responsible),
                indicator: name,
                prov,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_values_and_comparators() {
        assert_eq!(
            unit_in("每千人口执业（助理）医师数（人）").as_deref(),
            Some("人")
        );
        assert_eq!(unit_in("人均预期寿命（岁）").as_deref(), Some("岁"));
        assert_eq!(unit_in("孕产妇死亡率"), None);
        assert_eq!(first_number("≥60.00"), Some(60.0));
        assert_eq!(first_number("有效遏制"), None);
        assert_eq!(comparator("≥60.00"), Some(">="));
        assert_eq!(comparator("<1%"), Some("<"));
        assert_eq!(comparator("90以上"), Some(">="));
        assert_eq!(comparator("10小时以内"), Some("<="));
        assert_eq!(comparator("79.5"), Some("="));
        assert_eq!(comparator("100%"), Some("="));
        assert_eq!(comparator("有效遏制"), None);
        assert_eq!(year("2025年目标"), Some(2025));
        assert_eq!(year("指标属性"), None);
    }
}
