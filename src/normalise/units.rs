//! Unit names: `县发改局` in a 曲阳县 document → `曲阳县发展和改革局`, category
//! `development_reform`, from `grammars/units.tsv`.
//!
//! How a name is resolved, in order:
//! 1. a collective or open party (`各乡镇人民政府`, `有关部门`, `…管委会`) keeps its printed name;
//! 2. the level prefix is taken off when it is the document's own level (`县` in a 县
//!    document, `市` in a 市 document, or the jurisdiction's own name); a unit of another
//!    level (`市生态环境局曲阳分局` in a county document) keeps its printed name;
//! 3. the rest is looked up in `units.tsv` (a bracketed alias such as `（营商办）` is kept
//!    after the canonical name); a known name gets the jurisdiction in front;
//! 4. a name not listed but printed with the document's own level prefix and ending
//!    like a government body (`县老龄办`, `市融媒体中心`, `市供销社`) gets the jurisdiction
//!    in place of the prefix, without a category; it still counts as unknown;
//! 5. anything else passes through unchanged, without a category, and is counted as
//!    unknown (`县热力公司`, `县生态环境分局`): a guessed full name would be worse than
//!    the printed one.

use crate::lexicon::Lexicon;

/// A normalised unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    pub canonical: String,
    pub category: Option<String>,
    /// Found in `units.tsv` (or a collective): false means passed through.
    pub known: bool,
    /// Read as a sector's stem (`发改` → `发改局`), which [`normalise_among`] may
    /// resolve otherwise with what the document names.
    pub stem: bool,
}

/// `各…`, `有关…`, `相关…`, `…管委会`, `…等部门`: parties that are not one department.
pub fn is_collective(s: &str) -> bool {
    s.starts_with('各')
        || s.ends_with("管委会")
        // One pass for the words' first characters before a search per word.
        || (s.contains(COLLECTIVE_FIRSTS) && COLLECTIVE_WORDS.iter().any(|w| s.contains(w)))
}

/// Words that make a party collective wherever they stand.
const COLLECTIVE_WORDS: [&str; 3] = ["有关", "相关", "成员单位"];

/// The first characters of [`COLLECTIVE_WORDS`] (a test keeps the two in step).
const COLLECTIVE_FIRSTS: [char; 3] = ['有', '相', '成'];

/// The level word of a jurisdiction: `曲阳县` → `县`, `定州市` → `市`, `广西壮族自治区` →
/// `自治区` (autonomous levels first: `自治区` also ends with `区`).
fn level(jurisdiction: &str) -> Option<&str> {
    [
        "自治区",
        "自治州",
        "自治县",
        "县",
        "市",
        "区",
        "旗",
        "盟",
        "州",
        "省",
    ]
    .into_iter()
    .find(|l| jurisdiction.ends_with(l))
}

/// The prefix of `raw` that is the document's own level word, if any: the whole level
/// word, or for an autonomous level its last character (`县民政局` in a 自治县).
fn own_level_prefix<'r>(raw: &'r str, level: &str) -> Option<&'r str> {
    let last = level
        .char_indices()
        .last()
        .map_or(level, |(k, _)| &level[k..]);
    [level, last]
        .into_iter()
        .find(|l| raw.starts_with(l))
        .map(|l| &raw[l.len()..])
}

/// A department printed in another level's form of a listed name: a province's `厅`
/// (`住房城乡建设厅` → `住房和城乡建设厅`) or a committee `委` (`住房城乡建设委` →
/// `住房和城乡建设委员会`) where only the `局` form is listed. The listed canonical name
/// must end in `局`; its category is kept.
fn other_form<'l>(
    units: &'l std::collections::HashMap<String, (String, String)>,
    name: &str,
) -> Option<(String, &'l String)> {
    let (stem, body) = [("厅", "厅"), ("委", "委员会")]
        .into_iter()
        .find_map(|(end, body)| Some((name.strip_suffix(end)?, body)))?;
    let (canon, cat) = units.get([stem, "局"].concat().as_str())?;
    Some(([canon.strip_suffix('局')?, body].concat(), cat))
}

/// Normalise one unit name printed in a document of `jurisdiction`.
pub fn normalise(raw: &str, jurisdiction: Option<&str>) -> Unit {
    normalise_among(raw, jurisdiction, &|_| false)
}

/// [`normalise`], where `named(canonical)` says whether the document names that unit in
/// full elsewhere. A sector's stem in a list (`发改、科工、住建等部门`) is that sector's
/// department: `发改局` in a county, `发改委` in most cities. The one the document names
/// elsewhere is taken; failing that the 局, then the 委.
pub fn normalise_among(
    raw: &str,
    jurisdiction: Option<&str>,
    named: &dyn Fn(&str) -> bool,
) -> Unit {
    let keep = |known| Unit {
        canonical: raw.to_owned(),
        category: None,
        known,
        stem: false,
    };
    if is_collective(raw) {
        return keep(true);
    }
    let lex = Lexicon::get();
    let rest = match jurisdiction {
        Some(j) if raw.starts_with(j) => &raw[j.len()..],
        Some(j) => match level(j).and_then(|l| own_level_prefix(raw, l)) {
            Some(rest) => rest,
            // Another level's prefix: not this government's department. (A name that
            // only starts like one, `市场监管局` in a county, is the county's own.)
            _ if ["省", "市", "县", "区"].iter().any(|p| raw.starts_with(p))
                && !starts_like_a_level(raw) =>
            {
                return keep(false);
            }
            _ => raw,
        },
        None => raw,
    };
    // `发改局（营商办）`: look up the name, keep the alias; a note in brackets
    // (`统计局（提供准确数据）`) is not part of the name and is dropped.
    let (name, alias) = match rest.find(['（', '(']) {
        Some(k) if rest.ends_with(['）', ')']) => {
            let inner = rest[k..].trim_start_matches(['（', '(']);
            let inner = inner.trim_end_matches(['）', ')']);
            let alias = if crate::grammar::assign::unit_like(inner) {
                &rest[k..]
            } else {
                ""
            };
            (&rest[..k], alias)
        }
        _ => (rest, ""),
    };
    let j = jurisdiction.unwrap_or("");
    if let Some((canon, cat)) = lex.units.get(name) {
        return Unit {
            canonical: [j, canon, alias].concat(),
            category: Some(cat.clone()),
            known: true,
            stem: false,
        };
    }
    if let Some((canon, cat)) = other_form(&lex.units, name) {
        return Unit {
            canonical: [j, &canon, alias].concat(),
            category: Some(cat.clone()),
            known: true,
            stem: false,
        };
    }
    if alias.is_empty() && is_stem(name) {
        let found: Vec<Unit> = ["局", "委"]
            .iter()
            .filter_map(|x| lex.units.get([name, x].concat().as_str()))
            .map(|(canon, cat)| Unit {
                canonical: [j, canon].concat(),
                category: Some(cat.clone()),
                known: true,
                stem: true,
            })
            .collect();
        let k = found.iter().position(|u| named(&u.canonical)).unwrap_or(0);
        if let Some(u) = found.into_iter().nth(k) {
            return u;
        }
    }
    let own_level = rest.len() < raw.len();
    if own_level && is_government_body(name) {
        return Unit {
            canonical: [j, name, alias].concat(),
            category: None,
            known: false,
            stem: false,
        };
    }
    keep(false)
}

/// Whether `raw`'s first character belongs to the name, not a level (`市场监管局`,
/// `市场监管`): the name is known as printed, or as a sector's stem.
fn starts_like_a_level(raw: &str) -> bool {
    let units = &Lexicon::get().units;
    units.contains_key(raw)
        || (is_stem(raw)
            && ["局", "委"]
                .iter()
                .any(|x| units.contains_key([raw, x].concat().as_str())))
}

/// Two to four ideographs that name no body (`发改`, `住建`, `农业农村`): a sector's stem.
fn is_stem(name: &str) -> bool {
    let n = name.chars().count();
    (2..=4).contains(&n)
        && name.chars().all(crate::clean::fold::is_cjk)
        && !is_government_body(name)
}

/// Ends like a body of the government itself: not a company, bank or another level's
/// branch (`分局`, `支行`), whose full name cannot be derived from the prefix.
fn is_government_body(name: &str) -> bool {
    const BRANCH: [&str; 6] = ["分局", "分公司", "公司", "支行", "银行", "集团"];
    const BODY: [&str; 11] = [
        "局",
        "厅",
        "办",
        "委",
        "委员会",
        "中心",
        "社",
        "室",
        "部",
        "院",
        "所",
    ];
    !BRANCH.iter().any(|b| name.ends_with(b)) && BODY.iter().any(|b| name.ends_with(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canon(raw: &str, j: &str) -> String {
        normalise(raw, Some(j)).canonical
    }

    #[test]
    fn every_collective_word_starts_with_a_checked_character() {
        for w in COLLECTIVE_WORDS {
            assert!(
                w.starts_with(COLLECTIVE_FIRSTS),
                "{w}: update COLLECTIVE_FIRSTS"
            );
        }
        assert!(is_collective("县有关部门"));
        assert!(is_collective("领导小组成员单位"));
        assert!(!is_collective("县发改局"));
    }

    #[test]
    fn abbreviations_expand_with_the_jurisdiction() {
        assert_eq!(canon("县发改局", "曲阳县"), "曲阳县发展和改革局");
        assert_eq!(canon("市审批局", "定州市"), "定州市行政审批局");
        assert_eq!(canon("市发改委", "廊坊市"), "廊坊市发展和改革委员会");
        assert_eq!(canon("县委组织部", "曲阳县"), "曲阳县委组织部");
        assert_eq!(canon("县政府办公室", "巨鹿县"), "巨鹿县人民政府办公室");
        assert_eq!(canon("县统计局（提供准确数据）", "曲阳县"), "曲阳县统计局");
        assert_eq!(
            canon("县发改局（营商办）", "曲阳县"),
            "曲阳县发展和改革局（营商办）"
        );
        let u = normalise("县卫健局", Some("巨鹿县"));
        assert_eq!(u.category.as_deref(), Some("health"));
    }

    /// Autonomous levels (`自治区`, `自治县`) and banners are a level like any other.
    #[test]
    fn autonomous_levels_and_banners_are_own_levels() {
        let j = "广西壮族自治区";
        assert_eq!(canon("自治区民政厅", j), "广西壮族自治区民政厅");
        assert_eq!(canon("自治区市场监管局", j), "广西壮族自治区市场监督管理局");
        assert_eq!(
            canon("县民政局", "长阳土家族自治县"),
            "长阳土家族自治县民政局"
        );
        assert_eq!(canon("旗林草局", "鄂托克旗"), "鄂托克旗林业和草原局");
    }

    /// A province's `厅` and a committee's `委` are the `局` row's name in that form.
    #[test]
    fn other_forms_of_a_listed_department() {
        let j = "广西壮族自治区";
        assert_eq!(
            canon("自治区住房城乡建设厅", j),
            "广西壮族自治区住房和城乡建设厅"
        );
        assert_eq!(canon("财政厅", j), "广西壮族自治区财政厅");
        assert_eq!(
            canon("区住房城乡建设委", "朝阳区"),
            "朝阳区住房和城乡建设委员会"
        );
        assert_eq!(canon("区教委", "朝阳区"), "朝阳区教育委员会");
        // A listed name wins over the derived form.
        assert_eq!(canon("自然资源厅", j), "广西壮族自治区自然资源厅");
        assert_eq!(canon("发改委", "廊坊市"), "廊坊市发展和改革委员会");
    }

    #[test]
    fn a_sector_stem_is_the_department_the_document_names() {
        assert_eq!(canon("住建", "巨鹿县"), "巨鹿县住房和城乡建设局");
        assert_eq!(canon("城管", "巨鹿县"), "巨鹿县城市管理综合行政执法局");
        assert_eq!(canon("发改", "巨鹿县"), "巨鹿县发展和改革局");
        assert_eq!(canon("农业农村", "巨鹿县"), "巨鹿县农业农村局");
        // `市` of `市场` is no level.
        assert_eq!(canon("市场监管", "巨鹿县"), "巨鹿县市场监督管理局");
        assert_eq!(canon("市场监管局", "巨鹿县"), "巨鹿县市场监督管理局");
        assert_eq!(canon("市发改局", "巨鹿县"), "市发改局");
        let named = |c: &str| c == "廊坊市发展和改革委员会";
        let u = normalise_among("发改", Some("廊坊市"), &named);
        assert_eq!(u.canonical, "廊坊市发展和改革委员会");
        assert_eq!(u.category.as_deref(), Some("development_reform"));
        // Not stems: a body's name, a place, an unknown pair of characters.
        assert_eq!(canon("部门", "巨鹿县"), "部门");
        assert!(!normalise("开发区", Some("巨鹿县")).known);
        assert!(!normalise("乡镇", Some("巨鹿县")).known);
    }

    #[test]
    fn an_elided_prefix_is_restored() {
        assert_eq!(canon("交通运输局", "巨鹿县"), "巨鹿县交通运输局");
        assert_eq!(canon("住建局", "曲阳县"), "曲阳县住房和城乡建设局");
    }

    #[test]
    fn aliases_collectives_and_other_levels_are_kept() {
        assert_eq!(
            canon("市发改局（营商办）", "定州市"),
            "定州市发展和改革局（营商办）"
        );
        assert_eq!(
            canon("各县（市、区）人民政府", "廊坊市"),
            "各县（市、区）人民政府"
        );
        assert_eq!(
            canon("市生态环境局曲阳分局", "曲阳县"),
            "市生态环境局曲阳分局"
        );
        assert_eq!(canon("人行廊坊市中心支行", "廊坊市"), "人行廊坊市中心支行");
        let u = normalise("县老龄办", Some("巨鹿县"));
        assert_eq!((u.canonical.as_str(), u.known), ("巨鹿县老龄办", false));
        assert_eq!(canon("县生态环境分局", "巨鹿县"), "县生态环境分局");
        let u = normalise("县热力公司", Some("巨鹿县"));
        assert_eq!((u.canonical.as_str(), u.known), ("县热力公司", false));
    }
}
