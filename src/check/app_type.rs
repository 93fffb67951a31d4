//! Rule C26: what a policy says its basic function needs, against the necessary personal
//! information of the app's type in 《常见类型移动互联网应用程序必要个人信息范围规定》(2021).
//!
//! The 39 types are data (`data/check/app_types.tsv`). The type is the one the user gives
//! (`--app-type`), else a guess from the app's name and the policy's title, shown as a guess.
//! What the basic function needs is read where the policy says so: clauses naming the basic
//! (基本/基础/核心) function or the necessary information, clauses under a heading that does,
//! and the list a clause like `基本业务功能包括：` introduces. Data collected there beyond the
//! type's list may not comply; the policy not saying is 未提及; no type, 需人工判断.
use std::collections::BTreeMap;

use serde::Serialize;

use crate::ask::{type_covers, Analysed};
use crate::collected::{add_practice_data, DataItem, Evidence};
use crate::extract::{Label, Modality};
use crate::lexicon::{DataKind, Lexicon};
use crate::normalize::normalize;

/// One row of `data/check/app_types.tsv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppType {
    /// `地图导航类`.
    pub name: String,
    /// The basic function service, in short.
    pub basic_function: String,
    /// The necessary information as lexicon data types; empty: none is needed.
    pub necessary: Vec<String>,
    /// Words of an app's name or policy title that suggest the type.
    pub words: Vec<String>,
}

/// The type a check read the policy as.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AppTypeChoice {
    pub name: String,
    /// Guessed from the app's name and title rather than given.
    pub guessed: bool,
}

/// Every type, in the regulation's order.
pub fn app_types() -> &'static [AppType] {
    static TYPES: std::sync::LazyLock<Vec<AppType>> = std::sync::LazyLock::new(|| {
        parse(include_str!("../../data/check/app_types.tsv"))
            .unwrap_or_else(|e| panic!("data/check/app_types.tsv: {e}"))
    });
    &TYPES
}

/// The type named `name` (`网络直播类` or `网络直播`), or an error listing the types.
pub fn app_type_named(name: &str) -> crate::error::Result<&'static AppType> {
    app_type(name).ok_or_else(|| crate::error::Error::UnknownAppType {
        given: name.to_string(),
        valid: app_types().iter().map(|t| t.name.clone()).collect(),
    })
}

/// The type named `name` (`网络直播类` or `网络直播`).
pub fn app_type(name: &str) -> Option<&'static AppType> {
    let name = name.trim();
    app_types()
        .iter()
        .find(|t| t.name == name || t.name.strip_suffix('类') == Some(name))
}

/// Read a types file: tab-separated rows (see the file's header), `#` comments.
pub fn parse(text: &str) -> Result<Vec<AppType>, String> {
    let mut types: Vec<AppType> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() != 4 {
            return Err(format!("line {}: four columns, found {}", n + 1, f.len()));
        }
        let list = |s: &str| -> Vec<String> {
            s.split('|')
                .map(str::trim)
                .filter(|w| !w.is_empty())
                .map(str::to_string)
                .collect()
        };
        let necessary = if f[2] == "无" { vec![] } else { list(f[2]) };
        if necessary.is_empty() && f[2] != "无" {
            return Err(format!(
                "line {}: no necessary information (write 无)",
                n + 1
            ));
        }
        types.push(AppType {
            name: f[0].to_string(),
            basic_function: f[1].to_string(),
            necessary,
            words: list(f[3]),
        });
    }
    Ok(types)
}

/// The type the app's name and the policy's title suggest: the type with the most of its
/// words there, when no other has as many. The body is not read: most policies speak of maps,
/// payment and games somewhere, and a wrong type is worse than none.
pub fn guess(app: Option<&str>, title: Option<&str>) -> Option<&'static AppType> {
    let text = normalize(&format!("{} {}", app.unwrap_or(""), title.unwrap_or("")));
    let mut scored: Vec<(usize, &AppType)> = app_types()
        .iter()
        .map(|t| {
            let hits = t
                .words
                .iter()
                .filter(|w| text.contains(normalize(w).as_str()))
                .count();
            (hits, t)
        })
        .filter(|(hits, _)| *hits > 0)
        .collect();
    scored.sort_by_key(|s| std::cmp::Reverse(s.0));
    match scored.as_slice() {
        [(_, t)] => Some(t),
        [(a, t), (b, _), ..] if a > b => Some(t),
        _ => None,
    }
}

/// Words that name the basic function or the necessary information.
const BASIC: &[&str] = &[
    "基本功能",
    "基本业务功能",
    "基础功能",
    "基础业务功能",
    "核心功能",
    "核心业务功能",
    "基本服务",
    "必要个人信息",
    "必需的个人信息",
    "必要的个人信息",
];

/// Words of a clause that looks back at the list before it (`这些信息是…所需收集的基本信息`).
const BACK: &[&str] = &[
    "这些信息",
    "上述信息",
    "以上信息",
    "前述信息",
    "上述个人信息",
    "以上个人信息",
];

/// What a back-looking clause must also say for the list to be the basic function's.
const BACK_BASIC: &[&str] = &[
    "基本信息",
    "必要信息",
    "必需的信息",
    "必须的信息",
    "基本功能",
    "基本业务功能",
    "正常运行所",
];

/// Words of a clause about giving data to others: `只会共享提供服务所必要的个人信息` says
/// nothing of what the basic function needs.
const SHARING: &[&str] = &["共享", "转让", "委托", "公开披露", "第三方"];

/// Words of the other side: what a clause about extended or optional functions says.
const NOT_BASIC: &[&str] = &[
    "扩展功能",
    "扩展业务",
    "附加功能",
    "附加业务",
    "非必要",
    "非基本",
    "拓展功能",
    "可选",
    "不影响",
    "不会影响",
];

/// Words of a clause saying that refusing some information leaves the basic function working
/// (`拒绝提供…并不会影响您使用…的基本功能`): the basic function does not need it.
const UNAFFECTED: &[&str] = &["不影响", "不会影响"];

fn holds(text: &str, words: &[&str]) -> bool {
    words.iter().any(|w| text.contains(w))
}

/// The sentences where the policy says what its basic function needs.
pub(crate) fn basic_sentences(a: &Analysed) -> Vec<usize> {
    let p = a.policy;
    let texts: Vec<String> = p
        .sentences
        .iter()
        .map(|s| normalize(&p.visible_text(s.span)))
        .collect();
    let mut basic = vec![false; texts.len()];
    // A list a basic clause introduces runs to the next heading or the next clause that turns
    // to the extended functions.
    let mut in_list: Option<std::sync::Arc<[String]>> = None;
    for (si, text) in texts.iter().enumerate() {
        let block = &p.blocks[p.sentences[si].block];
        let section = &block.section;
        let here = holds(text, BASIC) && !holds(text, NOT_BASIC) && !holds(text, SHARING);
        if holds(text, BACK) && holds(text, BACK_BASIC) && !holds(text, NOT_BASIC) {
            // The list before it, back to its heading.
            for prev in (0..si).rev() {
                let b = &p.blocks[p.sentences[prev].block];
                if b.is_heading() || b.section != *section {
                    break;
                }
                basic[prev] = true;
            }
        }
        let under = section
            .iter()
            .any(|t| holds(&normalize(t), BASIC) && !holds(&normalize(t), NOT_BASIC));
        if holds(text, NOT_BASIC) || block.is_heading() {
            in_list = None;
        }
        let listed = in_list.as_ref().is_some_and(|s| s == section);
        basic[si] = basic[si] || here || under || listed;
        if here && (text.ends_with('：') || text.ends_with(':') || text.contains("包括")) {
            in_list = Some(section.clone());
        }
    }
    basic
        .iter()
        .enumerate()
        .filter(|(_, b)| **b)
        .map(|(i, _)| i)
        .collect()
}

/// The sentences saying that refusing some information leaves the basic function working.
fn unaffected_sentences(a: &Analysed) -> Vec<usize> {
    let p = a.policy;
    (0..p.sentences.len())
        .filter(|&si| {
            let text = normalize(&p.visible_text(p.sentences[si].span));
            holds(&text, UNAFFECTED)
                && ["基本功能", "基本业务功能", "基础功能", "核心功能"]
                    .iter()
                    .any(|w| text.contains(w))
        })
        .collect()
}

/// The personal information (not permissions) the policy collects where it says what its
/// basic function needs, each with its clauses.
pub(crate) fn basic_data(a: &Analysed, lexicon: &Lexicon) -> BTreeMap<String, DataItem> {
    let basic = basic_sentences(a);
    let mut items: BTreeMap<String, DataItem> = BTreeMap::new();
    for practice in &a.extraction.practices {
        if practice.action != Label::Collect
            || practice.modality == Modality::Negated
            || basic.binary_search(&practice.sentence).is_err()
        {
            continue;
        }
        let mut found = BTreeMap::new();
        add_practice_data(&mut found, a, practice, lexicon);
        for (name, item) in found {
            // Permissions are not information, and wording the lexicon does not know
            // (`配置数据`) cannot be told apart from what a type needs.
            if !lexicon
                .data_type(&name)
                .is_some_and(|t| t.kind == DataKind::Info)
            {
                continue;
            }
            let entry = items.entry(name).or_insert_with(|| DataItem {
                evidence: vec![],
                ..item.clone()
            });
            for e in item.evidence {
                if !entry
                    .evidence
                    .iter()
                    .any(|x| x.clause_span == e.clause_span)
                {
                    entry.evidence.push(e);
                }
            }
        }
    }
    items
}

/// Whether data type `name` is among `ty`'s necessary information (or narrower than one).
pub(crate) fn is_necessary(ty: &AppType, name: &String, lexicon: &Lexicon) -> bool {
    ty.necessary.iter().any(|n| {
        lexicon
            .data_type(n)
            .is_some_and(|t| type_covers(t, lexicon)(name))
    })
}

/// Rule C26's reading: verdict, note, evidence, where it looked.
pub(super) fn necessary_information(
    a: &Analysed,
    lexicon: &Lexicon,
    choice: Option<&AppTypeChoice>,
) -> super::Outcome {
    use super::Verdict;
    let Some(ty) = choice.and_then(|c| app_type(&c.name)) else {
        return (
            Verdict::NeedsReview,
            "未指定应用类型，应用名和标题也看不出是 39 类常见类型中的哪一类：请指定应用类型后再检查"
                .into(),
            vec![],
            vec![],
        );
    };
    let guessed = if choice.is_some_and(|c| c.guessed) {
        "（由应用名推测，请确认）"
    } else {
        ""
    };
    let needs = if ty.necessary.is_empty() {
        "无须个人信息".to_string()
    } else {
        ty.necessary.join("、")
    };
    let head = format!(
        "应用类型：{}{guessed}，基本功能「{}」的必要个人信息：{needs}",
        ty.name, ty.basic_function
    );
    let data = basic_data(a, lexicon);
    if data.is_empty() {
        let unaffected = unaffected_sentences(a);
        if !unaffected.is_empty() {
            return (
                Verdict::Complies,
                format!("{head}；政策说明拒绝提供个人信息不影响基本功能"),
                super::cite(a, &unaffected),
                vec![],
            );
        }
        let said = basic_sentences(a);
        if !said.is_empty() {
            return (
                Verdict::NotMentioned,
                format!("{head}；政策提到基本功能，但没有说明它需要哪些个人信息"),
                super::cite(a, &said),
                vec![],
            );
        }
        return (
            Verdict::NotMentioned,
            format!("{head}；政策没有说明基本功能需要哪些个人信息"),
            vec![],
            super::searched(
                a.policy,
                &BASIC.iter().map(|w| w.to_string()).collect::<Vec<_>>(),
            ),
        );
    }
    let beyond: Vec<(&String, &DataItem)> = data
        .iter()
        .filter(|(name, _)| !is_necessary(ty, name, lexicon))
        .collect();
    let first = |items: &mut dyn Iterator<Item = &DataItem>| -> Vec<Evidence> {
        let mut out: Vec<Evidence> = Vec::new();
        for e in items.flat_map(|i| i.evidence.first()) {
            if !out.iter().any(|x| x.clause_span == e.clause_span) {
                out.push(e.clone());
            }
        }
        out
    };
    if beyond.is_empty() {
        return (
            Verdict::Complies,
            format!("{head}；基本功能收集的 {} 种信息都在范围内", data.len()),
            first(&mut data.values()),
            vec![],
        );
    }
    let names: Vec<&str> = beyond.iter().map(|(n, _)| n.as_str()).collect();
    (
        Verdict::MayNotComply,
        format!(
            "{head}；基本功能收集了范围以外的 {} 种信息：{}",
            names.len(),
            names.iter().take(8).copied().collect::<Vec<_>>().join("、")
                + if names.len() > 8 { " 等" } else { "" }
        ),
        first(&mut beyond.iter().map(|(_, i)| *i)),
        vec![],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_types_file_has_the_39_types_13_of_them_needing_nothing_and_known_data_types() {
        let types = app_types();
        assert_eq!(types.len(), 39);
        assert_eq!(types.iter().filter(|t| t.necessary.is_empty()).count(), 13);
        for t in types {
            for n in &t.necessary {
                assert!(
                    Lexicon::builtin().data_type(n).is_some(),
                    "{}: {n} is not a lexicon data type",
                    t.name
                );
            }
            assert!(!t.words.is_empty(), "{}", t.name);
        }
    }

    #[test]
    fn a_type_is_found_with_or_without_its_suffix() {
        assert_eq!(app_type("网络直播").unwrap().name, "网络直播类");
        assert_eq!(app_type("网络直播类").unwrap().name, "网络直播类");
        assert!(app_type("直播").is_none());
    }

    #[test]
    fn the_guess_reads_the_name_and_title_and_gives_up_on_a_tie() {
        assert_eq!(
            guess(Some("轻甜美颜相机"), None).unwrap().name,
            "拍摄美化类"
        );
        assert_eq!(
            guess(Some("孔明万年历"), Some("隐私政策")).unwrap().name,
            "实用工具类"
        );
        assert!(guess(Some("罐头日记"), Some("隐私政策")).is_none());
        // 直播 (网络直播类) and 购物 (网上购物类) once each: no guess.
        assert!(guess(Some("直播购物"), None).is_none());
    }

    #[test]
    fn a_narrower_type_of_a_necessary_one_is_necessary() {
        let map = app_type("地图导航类").unwrap();
        let l = Lexicon::builtin();
        assert!(is_necessary(map, &"精准定位信息".to_string(), l));
        assert!(!is_necessary(map, &"手机号码".to_string(), l));
    }
}
