//! The SDKs and other third parties a clause names as the party collecting: an SDK's name as
//! the clause writes it (`极光推送SDK`, `小米Push SDK`, `华为/Oppo/Vivo/小米Push SDK`), the SDK
//! a word pointing back means (`该SDK`), and the lexicon's SDKs.
use super::parties::{party_name, party_words};
use super::sharing::OWN_SIDE;
use super::*;

/// Words that refer back to an SDK named before (`该SDK`, `上述SDK`).
const ANAPHORS: &[&str] = &["该", "此", "上述", "前述", "这", "以上", "相关"];

/// Chars after which an SDK's name starts, inside a run of letters that ends in `SDK`
/// (`我们集成了极光推送SDK`, `使用友盟SDK`, `通过个推SDK`).
const BEFORE_NAME: &[char] = &[
    '了', '的', '入', '成', '用', '过', '为', '括', '是', '与', '和', '及', '或', '等', '款', '即',
    '如', '由', '在',
];

/// Brands holding a char of [`BEFORE_NAME`] (`华为推送SDK` is not `推送SDK`).
const BRANDS_HOLDING_STOPS: &[&str] = &["华为", "和讯"];

/// Name stems that name no SDK in particular (`第三方SDK`, `相关SDK`).
const GENERIC_STEMS: &[&str] = &[
    "第三方",
    "三方",
    "相关",
    "上述",
    "前述",
    "其他",
    "以下",
    "下列",
    "部分",
    "这些",
    "各",
    "本",
    "该",
    "此",
    "合作方",
    "我们",
    "我方",
];

/// The SDKs a collecting practice's handler names: the handler itself when it names one
/// (`闪验SDK`, a lexicon SDK), else, for `该SDK`, the SDK named last before it in the clause or
/// in the clause before it in the same block (`调用第三方SDK“极光推送”，该SDK会获取…`), and for
/// `该等SDK`, `上述SDK`, `这些SDK` every SDK named there (`我们集成了穿山甲SDK、优量汇SDK…及快手
/// SDK，该等SDK通过获取您的…位置信息`). Empty for the operator, the user, a generic `第三方SDK`,
/// or a handler that is no SDK.
pub(super) fn sdks_named_by_handler(
    a: &Analysed,
    sentence: usize,
    handler: Span,
    lexicon: &Lexicon,
) -> Vec<String> {
    let text = normalize(a.policy.slice(handler).trim());
    if OWN_SIDE.iter().any(|w| text.starts_with(w)) {
        return Vec::new();
    }
    let this = a.policy.sentences[sentence];
    if !ANAPHORS.iter().any(|w| text.starts_with(w)) {
        // The name as the clause writes it up to the handler's end: a handler tagged inside a
        // name (`点统计SDK` of `通过360QDAS埋点统计SDK`) is the whole name.
        let upto = normalize(a.policy.slice(Span::new(this.span.start, handler.end)));
        let trimmed = upto.trim_end();
        if let Some((_, name)) = sdk_names(trimmed)
            .into_iter()
            .rfind(|(end, _)| *end == trimmed.len())
        {
            return vec![name];
        }
        return last_sdk_named(&text, lexicon).into_iter().collect();
    }
    if !text.to_lowercase().contains("sdk") {
        return Vec::new();
    }
    let plural = PLURAL_ANAPHORS.iter().any(|w| text.starts_with(w));
    let named_in = |text: &str| -> Vec<String> {
        if plural {
            let mut names = every_sdk_named(text, lexicon);
            let mut seen = std::collections::HashSet::new();
            names.retain(|n| seen.insert(n.clone()));
            names
        } else {
            last_sdk_named(text, lexicon).into_iter().collect()
        }
    };
    let before = normalize(a.policy.slice(Span::new(this.span.start, handler.start)));
    let named = named_in(&before);
    if !named.is_empty() {
        return named;
    }
    // `相关SDK` after a condition of its own clause (盯盯's 「如您使用QQ、微信第三方帐号登录我们的产品时，
    // 相关SDK需要收集…」) is the SDK of what that condition uses, not the one the clause before
    // named (`…VIVO Push SDK需要读取…；`).
    if text.starts_with("相关") && opens_with_a_condition(&before) {
        return Vec::new();
    }
    sentence
        .checked_sub(1)
        .map(|p| a.policy.sentences[p])
        .filter(|p| p.block == this.block)
        .map(|previous| named_in(&normalize(a.policy.slice(previous.span))))
        .unwrap_or_default()
}

/// Whether `text`, a clause's words before its handler, opens with a condition of its own
/// (`如您使用…时，`, `若您…，`, `当您…时`).
fn opens_with_a_condition(text: &str) -> bool {
    let text = text.trim_start_matches(|c: char| !c.is_alphanumeric());
    ["如果", "如", "若", "当", "在您"]
        .iter()
        .any(|w| text.starts_with(w))
        && text.contains(['，', ','])
}

/// Words pointing back at several parties (`该等SDK`, `上述SDK`, `这些SDK`), where [`ANAPHORS`]
/// may point at one (`该SDK`).
const PLURAL_ANAPHORS: &[&str] = &["该等", "上述", "前述", "这些", "以上", "此类", "这类"];

/// The third parties a collecting practice's handler names, and whether each is an SDK: SDKs
/// ([`sdks_named_by_handler`]), else a party whose name ends as a third party's does
/// (`位置服务合作伙伴`) — not the operator or the user, not a word pointing back (`该机构`).
pub(super) fn third_parties_named_by_handler(
    a: &Analysed,
    sentence: usize,
    handler: Span,
    lexicon: &Lexicon,
) -> Vec<(String, bool)> {
    let sdks = sdks_named_by_handler(a, sentence, handler, lexicon);
    if !sdks.is_empty() {
        return sdks.into_iter().map(|name| (name, true)).collect();
    }
    let text = party_name(a, sentence, handler, lexicon);
    let norm = normalize(&text);
    // (A name opening with 第三方 is one whatever kind of party it ends with: 易提词's
    // `第三方支付公司`, `第三方平台` — not where the data comes from, `从第三方处`, nor the
    // user's own account, `第三方账号将与我们共享`, nor a list.)
    let named_third_party = || {
        norm.starts_with("第三方")
            && norm.chars().count() > 3
            && !norm.contains(['、', '，', ','])
            && !["处", "账号", "账户", "帐号"]
                .iter()
                .any(|w| norm.ends_with(w))
    };
    (!names_own_side(&norm, lexicon)
        && !ANAPHORS.iter().any(|w| norm.starts_with(w))
        && !norm.starts_with('其')
        && (party_words()
            .third_party_ends
            .iter()
            .any(|w| norm.ends_with(w))
            || named_third_party()))
    .then_some((text, false))
    .into_iter()
    .collect()
}

/// The third parties collecting in `practice` (not negated), each with the span naming it:
/// those its handler names ([`third_parties_named_by_handler`]), else (no handler, or `我们`
/// opening the clause) the parties a sharing practice of its clause names right before its verb (盯盯's 「接入提供该服务的
/// 指定合作伙伴友盟、百度、今日头条读取您的设备识别号」).
pub(super) fn third_parties_collecting(
    a: &Analysed,
    practice: &Practice,
    lexicon: &Lexicon,
) -> Vec<(String, Span)> {
    if practice.action != Label::Collect || practice.modality == Modality::Negated {
        return Vec::new();
    }
    if let Some(h) = practice.handler {
        let handler = a.extraction.spans[h].span;
        let named: Vec<(String, Span)> =
            third_parties_named_by_handler(a, practice.sentence, handler, lexicon)
                .into_iter()
                .map(|(name, _)| (name, handler))
                .collect();
        if !named.is_empty() {
            return named;
        }
    }
    a.extraction
        .practices
        .iter()
        .filter(|q| q.sentence == practice.sentence && q.action == Label::Share)
        .map(|q| super::parties::practice_receivers(a, q, lexicon))
        .find(|parties| {
            parties
                .iter()
                .map(|(_, s)| s.end)
                .max()
                .and_then(|end| super::parties::collecting_after(a, practice.sentence, end))
                .is_some_and(|taking| std::ptr::eq(taking, practice))
        })
        .unwrap_or_default()
}

/// The SDKs sentence `si` says the app integrates (`我们的产品集成了淘宝Agoo推送SDK，用于唯一标识
/// 设备`; 到位's 「我们的产品集成百度地图SDK、讯飞语音SDK、环信SDK和友盟+SDK：百度SDK：用于获取位置
/// 信息；讯飞语音SDK：用于语音输入；…」), each with the words saying what it is for: the part
/// after the list, or, where a colon opens parts naming the SDKs one by one, its own part.
/// Empty where the clause says they take nothing (`该SDK不获取您的个人信息`).
pub(super) fn sdks_integrated(a: &Analysed, si: usize, lexicon: &Lexicon) -> Vec<(String, String)> {
    let sentence = a.policy.sentences[si];
    let text = normalize(&a.policy.visible_text(sentence.span));
    // (Not `集成的` of a title or a modifier, `集成的第三方SDK名称`.)
    let Some((at, verb)) = ["集成了", "集成", "接入了", "嵌入了"].iter().find_map(|v| {
        text.match_indices(v)
            .map(|(at, _)| (at, *v))
            .find(|(at, v)| !text[at + v.len()..].starts_with('的'))
    }) else {
        return Vec::new();
    };
    // The clause and what follows it in its paragraph: parts naming the SDKs one by one run on
    // past the `；` that ends a clause. (Read only for a clause that integrates, and not past
    // `PARTS_MAX_CHARS`: a run-on page is one paragraph.)
    let block_end = a.policy.blocks[sentence.block].span.end;
    let rest_end = block_end
        .min(sentence.span.end + PARTS_MAX_CHARS)
        .max(sentence.span.end);
    let paragraph = text.clone()
        + &normalize(
            &a.policy
                .visible_text(Span::new(sentence.span.end, rest_end)),
        );
    let after = &paragraph[at + verb.len()..];
    let breaks = ['，', ',', '。', '；', ';', '：', ':'];
    let list_end = after.find(breaks).unwrap_or(after.len());
    // (Not a package name in brackets, `友盟+SDK（com.umeng）`.)
    let mut names = every_sdk_named(
        &super::sharing::outside_brackets(&after[..list_end]),
        lexicon,
    );
    // (A package's name, `com.getui`, is the lexicon SDK's own name.)
    for name in &mut names {
        if name.chars().all(|c| c.is_ascii_lowercase() || c == '.') {
            if let Some(m) = lexicon.find_sdks(name).first() {
                *name = lexicon.sdks()[m.sdk_index].name.clone();
            }
        }
    }
    // (Nor an SDK named only by what it does, `推送SDK`, `数据统计SDK`.)
    names.retain(|n| {
        let stem = normalize(n).to_ascii_uppercase();
        let stem = stem.trim_end_matches("SDK").trim();
        !FUNCTION_WORDS.contains(&stem)
    });
    let mut seen = std::collections::HashSet::new();
    names.retain(|n| seen.insert(normalize(n)));
    let rest = &after[list_end..];
    let clause_rest = &rest[..rest.find(['；', ';', '。']).unwrap_or(rest.len())];
    if names.is_empty()
        || ["不获取", "不收集", "不会收集", "不会获取"]
            .iter()
            .any(|w| clause_rest.contains(w))
    {
        return Vec::new();
    }
    let Some(parts) = rest.strip_prefix(['：', ':']) else {
        return names
            .into_iter()
            .map(|n| (n, clause_rest.to_string()))
            .collect();
    };
    let parts = &parts[..parts.find('。').unwrap_or(parts.len())];
    // `百度SDK：用于…` names `百度地图SDK`: the same lexicon SDK, or a stem opening the other's.
    let stem = |n: &str| {
        normalize(n)
            .to_ascii_uppercase()
            .trim_end_matches("SDK")
            .trim_end_matches(['+', ' '])
            .to_string()
    };
    let known = |n: &str| {
        lexicon
            .find_sdks(&normalize(n))
            .first()
            .map(|m| m.sdk_index)
    };
    let mut out: Vec<(String, String)> = Vec::new();
    for part in parts.split(['；', ';']) {
        let Some((named, what_for)) = part.split_once(['：', ':']) else {
            continue;
        };
        let Some(name) = names.iter().find(|n| {
            let (a, b) = (stem(n), stem(named));
            (!a.is_empty() && !b.is_empty() && (a.starts_with(&b) || b.starts_with(&a)))
                || known(n).is_some_and(|k| known(named) == Some(k))
        }) else {
            continue;
        };
        out.push((name.clone(), what_for.to_string()));
    }
    for name in names {
        if !out.iter().any(|(n, _)| *n == name) {
            out.push((name, String::new()));
        }
    }
    out
}

/// How far past an integrating clause its parts naming the SDKs are read (chars).
const PARTS_MAX_CHARS: usize = 1000;

/// What an SDK does, naming none in particular (`推送SDK`).
const FUNCTION_WORDS: [&str; 12] = [
    "推送",
    "广告",
    "统计",
    "数据统计",
    "分享",
    "登录",
    "支付",
    "地图",
    "定位",
    "地图定位",
    "消息推送",
    "一键登录",
];

/// The SDK named last in `text`: a name ending in `SDK`, a name quoted after `SDK`
/// (`第三方SDK“腾讯移动直播”`) or an SDK the lexicon knows (`极光推送`).
fn last_sdk_named(text: &str, lexicon: &Lexicon) -> Option<String> {
    every_sdk_named(text, lexicon).pop()
}

/// Every SDK named in `text` ([`last_sdk_named`]'s kinds), in the order their names end; of
/// two names ending together, the longer (`极光推送SDK`, not `极光推送`).
fn every_sdk_named(text: &str, lexicon: &Lexicon) -> Vec<String> {
    let mut named = sdk_names(text);
    let byte_of: Vec<usize> = text
        .char_indices()
        .map(|(b, _)| b)
        .chain([text.len()])
        .collect();
    named.extend(lexicon.find_sdks(text).into_iter().map(|m| {
        (
            byte_of[m.end],
            text[byte_of[m.start]..byte_of[m.end]].to_string(),
        )
    }));
    named.sort_by_key(|(end, name)| (*end, std::cmp::Reverse(name.len())));
    let mut out: Vec<String> = Vec::new();
    let mut last_end = None;
    for (end, name) in named {
        if last_end == Some(end) {
            continue;
        }
        last_end = Some(end);
        out.push(name);
    }
    out
}

/// The SDK names in `text` with the byte offset each ends at: runs of letters ending in `SDK`,
/// each from after the last word that cannot be part of a name, and names quoted after `SDK`;
/// generic ones left out.
fn sdk_names(text: &str) -> Vec<(usize, String)> {
    // (Spaces may stand before `SDK`, and a line break after a Latin name: `腾讯Bugly SDK`,
    // `小米Push⏎    SDK`.)
    static RUN: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"[A-Za-z0-9\p{Han}+·]+?[ \t\u{3000}]*\n?[ \t\u{3000}]*(?i:sdk)")
            .expect("valid regex")
    });
    // One brand of several a slash joins before the name (`华为/Oppo/Vivo/` of
    // `华为/Oppo/Vivo/小米Push SDK`).
    static SLASHED: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"([A-Za-z0-9\p{Han}+·]{1,8})/$").expect("valid regex")
    });
    static QUOTED: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r#"(?i:sdk)[“「《"']([^”」》"'，。；]{2,20})[”」》"']"#)
            .expect("valid regex")
    });
    let generic = |stem: &str| {
        stem.chars().count() < 2
            || GENERIC_STEMS
                .iter()
                .any(|g| stem == *g || stem.ends_with(g) || stem.starts_with(g))
    };
    let mut names: Vec<(usize, String)> = RUN
        .find_iter(text)
        .filter_map(|m| {
            let run = m.as_str();
            let sdk = &run[run.len() - 3..];
            let spaced = &run[..run.len() - 3];
            let stem = spaced.trim_end();
            // (A line break only within a Latin name: not a title line above an `SDK…` one.
            // Nor the tail of a name the run cannot hold, `友盟+ U-Share SDK`, which the
            // lexicon names.)
            let spaced_out = stem.len() < spaced.len();
            if spaced[stem.len()..].contains('\n')
                && !stem
                    .chars()
                    .last()
                    .is_some_and(|c| c.is_ascii_alphanumeric())
                || spaced_out && text[..m.start()].trim_end().ends_with(['-', '+', '.'])
            {
                return None;
            }
            // (After the last char that cannot be in a name, unless a brand holds it: 华为.)
            let after_word = |stem: &str| -> usize {
                let mut end = stem.len();
                while let Some(i) = stem[..end].rfind(BEFORE_NAME) {
                    let next = i + stem[i..].chars().next().map_or(0, char::len_utf8);
                    let in_a_brand = BRANDS_HOLDING_STOPS.iter().any(|b| {
                        (0..=i).any(|s| {
                            stem.is_char_boundary(s) && stem[s..].starts_with(b) && s + b.len() > i
                        })
                    });
                    if !in_a_brand {
                        return next;
                    }
                    end = i;
                }
                0
            };
            let cut = after_word(stem);
            let mut name = stem[cut..].to_string();
            if generic(&name) {
                return None;
            }
            // The brands a slash joins before it, back to a word that cannot be part of a
            // name, and not a web address's path (`…qq.com/qq互联sdk`).
            if cut == 0 {
                let mut start = m.start();
                let mut brands = String::new();
                while let Some(c) = SLASHED.captures(&text[..start]) {
                    let part = c.get(1).expect("group 1");
                    // (An SDK named whole before the slash is one of its own: `穿山甲SDK/广点通SDK`.)
                    if part.as_str().to_ascii_lowercase().ends_with("sdk") {
                        break;
                    }
                    if text[..part.start()].ends_with(['.', ':', '-', '_', '=', '?']) {
                        brands.clear();
                        break;
                    }
                    let brand = &part.as_str()[after_word(part.as_str())..];
                    let brand = GENERIC_STEMS
                        .iter()
                        .find_map(|g| brand.strip_prefix(g))
                        .unwrap_or(brand);
                    if brand.chars().count() < 2 && !brand.is_ascii() || brand.is_empty() {
                        break;
                    }
                    brands.insert_str(0, &format!("{brand}/"));
                    if brand.len() < part.as_str().len() {
                        break;
                    }
                    start = part.start();
                }
                name.insert_str(0, &brands);
            }
            // (`Push SDK` keeps its space; a Han name runs on into `SDK`.)
            let space = if spaced_out
                && name
                    .chars()
                    .last()
                    .is_some_and(|c| c.is_ascii_alphanumeric())
            {
                " "
            } else {
                ""
            };
            Some((m.end(), format!("{name}{space}{sdk}")))
        })
        .collect();
    names.extend(QUOTED.captures_iter(text).filter_map(|c| {
        let (whole, name) = (c.get(0)?, c.get(1)?);
        (!generic(name.as_str())).then(|| (whole.end(), name.as_str().to_string()))
    }));
    names.sort_by_key(|(end, _)| *end);
    names
}

#[cfg(test)]
mod tests {
    use super::sdk_names;

    #[test]
    fn an_sdk_name_starts_after_the_verb_before_it_and_generic_ones_are_left_out() {
        let names =
            |text: &str| -> Vec<String> { sdk_names(text).into_iter().map(|(_, n)| n).collect() };
        assert_eq!(names("我们集成了极光推送SDK"), ["极光推送SDK"]);
        assert_eq!(names("使用友盟sdk进行统计"), ["友盟sdk"]);
        assert_eq!(names("集成第三方SDK一键登录服务：闪验SDK"), ["闪验SDK"]);
        assert!(names("我们可能会接入相关SDK").is_empty());
        assert!(names("该SDK需要获取").is_empty());
        assert!(names("第三方SDK").is_empty());
        assert_eq!(
            names("通过个推SDK和高德地图SDK"),
            ["个推SDK", "高德地图SDK"]
        );
        assert_eq!(
            names("我们还会调用第三方SDK“腾讯移动直播”，"),
            ["腾讯移动直播"]
        );
    }

    #[test]
    fn an_sdk_name_may_have_spaces_before_sdk_and_brands_a_slash_joins() {
        let names =
            |text: &str| -> Vec<String> { sdk_names(text).into_iter().map(|(_, n)| n).collect() };
        // 掌上大学 (crawl): a Latin name wrapped before `SDK`, four brands before it.
        assert_eq!(
            names("华为/Oppo/Vivo/小米Push\n            SDK需要读取您的设备识别号"),
            ["华为/Oppo/Vivo/小米Push SDK"]
        );
        assert_eq!(names("集成腾讯Bugly SDK"), ["腾讯Bugly SDK"]);
        assert_eq!(names("我们接入了华为推送SDK"), ["华为推送SDK"]);
        assert!(names("集成友盟+ U-Share SDK").is_empty());
        assert_eq!(names("穿山甲SDK/广点通SDK"), ["穿山甲SDK", "广点通SDK"]);
        assert_eq!(names("嵌入了微信 SDK"), ["微信SDK"]);
        assert_eq!(
            names("及第三方百度/友盟/广点通/穿山甲SDK"),
            ["百度/友盟/广点通/穿山甲SDK"]
        );
        // A web address's path is no brand, and a title line is no part of the name after it.
        assert_eq!(
            names("详见https://wiki.connect.qq.com/qq互联sdk"),
            ["qq互联sdk"]
        );
        assert!(names("第三方服务\nSDK名称：").is_empty());
    }
}
