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
use super::tables_text::words;
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

/// The last year of a five-year plan a header names (`“十四五”` → 2025), from the plan
/// names in `grammars/deadlines.tsv`.
fn plan_end(h: &str) -> Option<i32> {
    crate::lexicon::Lexicon::get()
        .cues("plan")
        .iter()
        .find(|(w, _)| h.contains(w.as_str()))
        .and_then(|(_, first)| first.parse::<i32>().ok())
        .map(|first| first + 4)
}

fn roles(t: &Table, jurisdiction: Option<&str>) -> Option<Roles> {
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
        } else if let Some(y) = plan_end(&h) {
            // `“十四五”`: a target for the plan's last year.
            years.push((c, y, true));
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
    // earliest other that is not a target. Target columns of several places
    // (`保定市2023年目标值`, `曲阳县2023年目标值`) give the document's own, else the last
    // (a higher level's reference target is printed first).
    years.sort_by_key(|y| y.1);
    let marked: Vec<_> = years.iter().filter(|y| y.2).collect();
    let own = marked
        .iter()
        .find(|y| jurisdiction.is_some_and(|j| !j.is_empty() && t.header(y.0).starts_with(j)));
    if r.target.is_none()
        && let Some(&&(c, y, _)) = own.or(marked.last()).or(years.last().as_ref())
    {
        r.target = Some((c, Some(y)));
    }
    let target_col = r.target.map(|t| t.0);
    if r.baseline.is_none()
        && let Some(&(c, y, _)) = years.iter().find(|y| Some(y.0) != target_col && !y.2)
    {
        r.baseline = Some((c, Some(y)));
    }
    // A category column without a header (vertical labels before the name column).
    if r.category.is_none() && r.name.is_some_and(|n| n > 0) && t.header(0).is_empty() {
        r.category = Some(0);
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

/// The level a cell states, as a number: `≥60.00` → 60, `90以上` → 90, `达到90%` → 90,
/// `10小时以内` → 10, `27.00左右` → 27. None for changes (`下降18%`, `累计增长1岁`,
/// `力争每年降低0.5个百分点`), ratios (`1：1.08`), words and dashes.
fn level(t: &str) -> Option<f64> {
    let t = t.trim();
    if t.contains([':', '：']) {
        return None;
    }
    let t = t.trim_start_matches(['≥', '≤', '<', '>', '＜', '＞', '≧', '≦', '=']);
    // A comparing word before the number (`不低于90%`), longest first.
    let t = COMPARATOR_KINDS
        .iter()
        .flat_map(|(kind, _)| words(kind))
        .filter(|w| t.starts_with(**w))
        .max_by_key(|w| w.len())
        .map_or(t, |w| &t[w.len()..]);
    if !t.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let n: String = t
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    n.trim_end_matches('.').parse().ok()
}

/// The comparing words' kinds in `grammars/table_values.tsv`, in the order they are
/// tried, with the comparator each gives.
const COMPARATOR_KINDS: [(&str, &str); 5] = [
    ("at_least", ">="),
    ("at_most", "<="),
    ("above", ">"),
    ("below", "<"),
    ("about", "~"),
];

fn comparator(t: &str) -> Option<&'static str> {
    let t = t.trim();
    let ratio = |t: &str| {
        t.split_once([':', '：']).is_some_and(|(a, b)| {
            super::tables::number(a).is_some() && super::tables::number(b).is_some()
        })
    };
    Some(if t.starts_with(['≥', '≧']) || t.starts_with(">=") {
        ">="
    } else if t.starts_with(['≤', '≦']) || t.starts_with("<=") {
        "<="
    } else if t.starts_with(['<', '＜']) {
        "<"
    } else if t.starts_with(['>', '＞']) {
        ">"
    } else if level(t).is_none() && !ratio(t) {
        // Words, changes (`下降18%`) and dashes state no level to compare with.
        return None;
    } else if let Some((_, c)) = COMPARATOR_KINDS
        .iter()
        .find(|(kind, _)| words(kind).iter().any(|w| t.contains(w)))
    {
        c
    } else {
        "="
    })
}

/// Indicator rows of every indicator table of the document.
pub fn extract(cx: &Ctx<'_>, tables: &[Table], jurisdiction: Option<&str>) -> Vec<IndicatorRec> {
    let mut out = Vec::new();
    for t in tables {
        let Some(r) = roles(t, jurisdiction) else {
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
            // A ratio (`1：1.08`) has no unit: `床人比（卫生人员）` names whose ratio it is.
            let ratio = target_text
                .as_deref()
                .is_some_and(|t| t.contains([':', '：']));
            let unit = text(r.unit)
                .or_else(|| unit_in(&name).filter(|_| !ratio))
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
                baseline_value: baseline_text.as_deref().and_then(level),
                baseline_text,
                target_year: r.target.and_then(|t| t.1),
                target_value: target_text.as_deref().and_then(level),
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
        assert_eq!(level("≥60.00"), Some(60.0));
        assert_eq!(level("达到90%"), Some(90.0));
        assert_eq!(level("10小时以内"), Some(10.0));
        for t in [
            "有效遏制",
            "下降18%",
            "累计增长1岁",
            "1：1.08",
            "——",
            "新建1",
        ] {
            assert_eq!(level(t), None, "{t}");
        }
        assert_eq!(comparator("1：1.08"), Some("="));
        assert_eq!(comparator("下降18%"), None);
        assert_eq!(comparator("27.00左右"), Some("~"));
        assert_eq!(comparator("超过60%"), Some(">"));
        assert_eq!(comparator("达到90%"), Some(">="));
        assert_eq!(comparator("≥60.00"), Some(">="));
        assert_eq!(comparator("<1%"), Some("<"));
        assert_eq!(comparator("90以上"), Some(">="));
        assert_eq!(comparator("10小时以内"), Some("<="));
        assert_eq!(comparator("79.5"), Some("="));
        assert_eq!(comparator("100%"), Some("="));
        assert_eq!(comparator("有效遏制"), None);
        // Words from grammars/table_values.tsv, before or after the number.
        assert_eq!(level("不多于5"), Some(5.0));
        assert_eq!(comparator("不多于5"), Some("<="));
        assert_eq!(comparator("不超过3%"), Some("<="));
        assert_eq!(comparator("不低于95%"), Some(">="));
        assert_eq!(year("2025年目标"), Some(2025));
        assert_eq!(year("指标属性"), None);
        assert_eq!(plan_end("“十四五”"), Some(2025));
    }
}
