//! documents: the head of each document → number, issuer, title, type, issue date.
//!
//! Reads the head block found by segmentation (`segment::blocks::head_end`): an optional
//! number line, the issuer (alone or followed by the title on the same line), the title
//! lines, the number line (optionally with the date), the addressee. The issue date is
//! the date on the number line, else the first date line under a signature (an issuer
//! line followed by a date), else a lone date line in the document's last paragraphs. It
//! never takes a date or number from running text: those are citations.

use super::Ctx;
use crate::grammar::dates::{date_line, to_date32};
use crate::grammar::docnum::{DocNumber, doc_number_line};
use crate::lexicon::Lexicon;
use crate::model::DocumentRec;
use crate::segment::DocKind;
use crate::segment::documents::title_like;
use jiff::civil::Date;

/// The fields read from a head.
#[derive(Debug, Default)]
struct Head {
    issuer: Option<String>,
    number: Option<(DocNumber, String)>,
    title: Vec<String>,
    date: Option<Date>,
}

pub fn extract(cx: &Ctx<'_>, encoding: &'static str) -> DocumentRec {
    let c = cx.cleaned;
    let d = cx.doc;
    let head = match d.kind {
        DocKind::Interpretation => interpretation_head(cx),
        DocKind::Issued => issued_head(cx),
        DocKind::Headless => Head::default(),
    };
    let date = head.date.or_else(|| {
        if d.kind == DocKind::Issued {
            signature_date(cx)
        } else {
            None
        }
    });
    let title = (!head.title.is_empty()).then(|| head.title.concat());
    let lex = Lexicon::get();
    let doc_type = title
        .as_deref()
        .and_then(|t| lex.doc_type_of(t))
        .map(str::to_owned);
    let jurisdiction = head.issuer.as_deref().map(jurisdiction_of);
    let prov = cx.prov_paras(d.paras.start, d.paras.end);
    DocumentRec {
        doc_id: cx.doc_id.to_owned(),
        source: cx.source.clone(),
        jurisdiction,
        issuer: head.issuer,
        doc_number: head.number.as_ref().map(|(n, _)| n.canonical()),
        doc_number_raw: head.number.as_ref().map(|(_, raw)| raw.clone()),
        doc_year: head.number.as_ref().map(|(n, _)| n.year),
        doc_serial: head.number.as_ref().map(|(n, _)| n.serial),
        enclosed_title: title.as_deref().and_then(enclosed_title),
        title,
        doc_type,
        issue_date: date.map(to_date32),
        page_start: c.first_line(d.paras.start).page,
        page_end: c.last_line(d.paras.end - 1).page,
        encoding,
        duplicate_of: None,
        prov,
    }
}

fn interpretation_head(cx: &Ctx<'_>) -> Head {
    let c = cx.cleaned;
    let mut title = Vec::new();
    for i in cx.doc.paras.clone() {
        let t = c.para_text(i);
        title.push(t.replace(' ', ""));
        if t.ends_with("解读") {
            break;
        }
    }
    Head {
        title,
        ..Head::default()
    }
}

/// The printed text of a number line, without the date part.
fn raw_number(cx: &Ctx<'_>, para: usize, rest: &str) -> String {
    let c = cx.cleaned;
    let p = &c.paras[para];
    let end = p.end - rest.len();
    let (a, b) = c.map.span(p.start, end);
    cx.src.text[a..b].trim().to_owned()
}

fn issued_head(cx: &Ctx<'_>) -> Head {
    let c = cx.cleaned;
    let mut h = Head::default();
    // The head block found by segmentation (no head block: an empty head).
    let end = cx
        .blocks
        .first()
        .filter(|b| b.kind == crate::segment::BlockKind::Head)
        .map_or(cx.doc.paras.start, |b| b.paras.end);
    let mut i = cx.doc.paras.start;
    // A bilingual red head's line in another script is not read.
    while i < end && crate::segment::documents::other_script(c.para_text(i)) {
        i += 1;
    }
    let take_number = |h: &mut Head, i: usize| -> bool {
        let t = c.para_text(i);
        match doc_number_line(t) {
            Some((n, rest)) if h.number.is_none() => {
                h.date = date_line(rest);
                h.number = Some((n, raw_number(cx, i, rest)));
                true
            }
            Some(_) => true,
            None => false,
        }
    };
    if take_number(&mut h, i) {
        i += 1;
    }
    if i < end {
        let t = c.para_text(i);
        if let Some(n) = crate::segment::documents::head_issuer(c, i) {
            h.issuer = Some(crate::grammar::issuers::organ_name(&t[..n]).to_owned());
            let rest = t[n..].trim();
            if !rest.is_empty() {
                h.title.push(rest.replace(' ', ""));
            }
            i += 1;
        }
    }
    while i < end {
        let t = c.para_text(i);
        if take_number(&mut h, i) {
            i += 1;
            if !h.title.is_empty() {
                break; // the number closes the head
            }
            continue;
        }
        // The organ printed again as the title's first line (`北京市朝阳区人民政府文件` …
        // `北京市朝阳区人民政府` ⏎ `关于印发…`): the issuer, not title. (A title that only
        // ends like an organ, `曲阳县冬季供暖应急处置领导小组`, names another body.)
        if h.title.is_empty() && h.issuer.as_deref() == Some(t) {
            i += 1;
            continue;
        }
        if title_like(t) && h.title.len() < 5 && t.chars().count() <= 60 {
            h.title.push(t.replace(' ', ""));
            i += 1;
            continue;
        }
        break;
    }
    h
}

/// The first date under a signature (an issuer line followed by a date line), else a
/// date line followed by the 附注 (`（此件公开发布）`, the signature being a seal), else a
/// lone date line among the last five paragraphs.
fn signature_date(cx: &Ctx<'_>) -> Option<Date> {
    let c = cx.cleaned;
    let r = cx.doc.paras.clone();
    for i in r.clone() {
        if c.first_line(i).tab {
            continue;
        }
        if let Some(d) = date_line(c.para_text(i))
            && i > r.start
            && c.issuer_prefix(i - 1).is_some()
        {
            return Some(d);
        }
    }
    // A date whose signature is a seal: followed by the 附注 (`（此件公开发布）`).
    let noted = r.clone().skip(1).find_map(|i| {
        let t = c.para_text(i);
        (t.starts_with("（此件") || t.starts_with("(此件"))
            .then(|| date_line(c.para_text(i - 1)))
            .flatten()
    });
    noted.or_else(|| {
        r.rev()
            .take(5)
            .filter(|&i| !c.first_line(i).tab)
            .find_map(|i| date_line(c.para_text(i)))
    })
}

/// `巨鹿县人民政府办公室` → `巨鹿县`; a province prefix is dropped for county organs
/// (`河北省巨鹿县人民政府` → `巨鹿县`).
pub fn jurisdiction_of(issuer: &str) -> String {
    let lex = Lexicon::get();
    let place = lex
        .issuer_suffixes
        .iter()
        .find_map(|s| issuer.strip_suffix(s.as_str()))
        .unwrap_or(issuer);
    let place = place.strip_suffix("政府").unwrap_or(place);
    // A province-level prefix before a lower level is dropped: `河北省巨鹿县` → `巨鹿县`,
    // `北京市朝阳区` → `朝阳区`, `广西壮族自治区南宁市` → `南宁市`.
    let province_end = ["省", "自治区"]
        .iter()
        .filter_map(|w| place.find(w).map(|i| i + w.len()))
        .min()
        .or_else(|| {
            ["北京市", "天津市", "上海市", "重庆市"]
                .iter()
                .find(|m| place.starts_with(**m))
                .map(|m| m.len())
        });
    match province_end {
        Some(i) if i < place.len() => place[i..].to_owned(),
        _ => place.to_owned(),
    }
}

/// `关于印发《X》的通知` → `X`: the forwarded document's title, outer 《》 removed.
pub fn enclosed_title(title: &str) -> Option<String> {
    let t = title.strip_prefix("关于").unwrap_or(title);
    let t = ["印发", "转发", "印送"]
        .iter()
        .find_map(|v| t.strip_prefix(v))?;
    let x = t
        .strip_suffix("的通知")
        .or_else(|| t.strip_suffix("通知"))?;
    if x.is_empty() {
        return None;
    }
    Some(strip_outer_book_marks(x).to_owned())
}

/// `《A》` → `A`, but `《A》和《B》` stays whole.
fn strip_outer_book_marks(x: &str) -> &str {
    let Some(inner) = x.strip_prefix('《').and_then(|s| s.strip_suffix('》')) else {
        return x;
    };
    let mut depth = 0i32;
    for c in inner.chars() {
        match c {
            '《' => depth += 1,
            '》' => {
                depth -= 1;
                if depth < 0 {
                    return x;
                }
            }
            _ => {}
        }
    }
    inner
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enclosed_titles() {
        assert_eq!(
            enclosed_title("关于印发《巨鹿县人民政府工作规则》的通知").as_deref(),
            Some("巨鹿县人民政府工作规则")
        );
        assert_eq!(
            enclosed_title("关于印发廊坊市“十四五”区域卫生规划的通知").as_deref(),
            Some("廊坊市“十四五”区域卫生规划")
        );
        assert_eq!(
            enclosed_title("印发《关于落实〈加快建设京畿福地〉实施方案》的通知").as_deref(),
            Some("关于落实〈加快建设京畿福地〉实施方案")
        );
        assert_eq!(
            enclosed_title("关于印发《A》和《B》的通知").as_deref(),
            Some("《A》和《B》")
        );
        assert_eq!(enclosed_title("关于开展第五次全国经济普查的通知"), None);
    }

    #[test]
    fn jurisdictions() {
        assert_eq!(jurisdiction_of("巨鹿县人民政府办公室"), "巨鹿县");
        assert_eq!(jurisdiction_of("廊坊市人民政府"), "廊坊市");
        assert_eq!(jurisdiction_of("河北省巨鹿县人民政府"), "巨鹿县");
        assert_eq!(jurisdiction_of("河北省人民政府"), "河北省");
        assert_eq!(jurisdiction_of("北京市朝阳区人民政府"), "朝阳区");
        assert_eq!(jurisdiction_of("北京市人民政府"), "北京市");
        assert_eq!(
            jurisdiction_of("广西壮族自治区人民政府办公厅"),
            "广西壮族自治区"
        );
        assert_eq!(jurisdiction_of("广西壮族自治区南宁市人民政府"), "南宁市");
    }
}
