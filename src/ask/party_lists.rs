//! The parties a clause lists together: the items joined by `、` to a receiver the labeller
//! tagged (`…共享至中移互联网有限公司、中国联合网络通信集团有限公司…`), and the names a tagged
//! receiver lists itself (`指定合作伙伴友盟、百度、今日头条`).
use super::parties::{names_a_party, names_no_party, names_own_side, party_words};
use super::*;

/// The other parties listed with the receiver at `span` of sentence `sentence` (快对作业's 「…手机
/// 号码共享至中移互联网有限公司、中国联合网络通信集团有限公司、中国电信集团有限公司、深圳市和讯华谷信息技术
/// 有限公司的极光登录SDK用于一键登录验证」, where the labeller tagged the second only): the items
/// joined to it by `、` in its clause part, each cut after the giving verb or preposition that
/// opens the list and before the purpose that closes it, and each ending as a party does.
pub(super) fn co_receivers(
    a: &Analysed,
    sentence: usize,
    span: Span,
    lexicon: &Lexicon,
) -> Vec<(String, Span)> {
    let view = a.policy.reading_view(a.policy.sentences[sentence].span);
    let chars: Vec<char> = view.text.chars().collect();
    let (Some(start), Some(last)) = (
        view.origin.iter().position(|&o| o >= span.start),
        view.origin.iter().rposition(|&o| o < span.end),
    ) else {
        return Vec::new();
    };
    let stop = |c: char| "，。；：,;:（()）".contains(c);
    let is_party =
        |item: &str| (2..=40).contains(&item.chars().count()) && names_a_party(item, lexicon);
    let mut found: Vec<(usize, usize)> = Vec::new();
    // Before it: items back to the one the list opens with (`…共享至中移互联网有限公司`).
    let mut k = start;
    while k > 0 && chars[k - 1] == '、' {
        let end = k - 1;
        let mut from = (0..end)
            .rev()
            .find(|&j| stop(chars[j]) || chars[j] == '、')
            .map_or(0, |j| j + 1);
        let opens = (from..end).rev().find(|&j| "至给向与".contains(chars[j]));
        if let Some(j) = opens {
            from = j + 1;
        }
        // (Data listed before the parties: `服务日志信息以及我们关联方、合作方`.)
        if let Some(j) = (from + 1..end)
            .rev()
            .find(|&j| chars[j - 1] == '以' && chars[j] == '及')
        {
            from = j + 1;
        }
        found.push((from, end));
        if opens.is_some() {
            break;
        }
        k = from;
    }
    // After it: items up to the purpose or mark that closes the list.
    let mut k = last + 1;
    while k < chars.len() && chars[k] == '、' {
        let from = k + 1;
        let mut end = (from..chars.len())
            .find(|&j| stop(chars[j]) || chars[j] == '、')
            .unwrap_or(chars.len());
        let text: String = chars[from..end].iter().collect();
        let closes = ["用于", "以便", "以用于", "用以", "进行"]
            .iter()
            .filter_map(|w| text.find(w))
            .min();
        if let Some(at) = closes {
            end = from + text[..at].chars().count();
        }
        found.push((from, end));
        if closes.is_some() {
            break;
        }
        k = end;
    }
    found.sort_unstable();
    found
        .into_iter()
        .filter(|&(from, end)| from < end)
        .map(|(from, end)| {
            let name: String = chars[from..end].iter().collect();
            (name, Span::new(view.origin[from], view.origin[end - 1] + 1))
        })
        // (Not a clause's words about parties, `对我们与之共享用户信息的公司、组织和个人`.)
        .filter(|(name, _)| {
            is_party(name)
                && !names_own_side(name, lexicon)
                && !name.starts_with('之')
                && !["共享", "披露", "分享", "转让", "传输"]
                    .iter()
                    .any(|w| name.contains(w))
        })
        .collect()
}

/// The parties a receiver's name lists (盯盯's 「接入提供该服务的指定合作伙伴友盟、百度、今日头条读取您的
/// 设备识别号」, tagged as `指定合作伙伴友盟、百度`): its items split at `、`, the first without the
/// kind of party it opens with (`指定合作伙伴`), then the names listed on after the tagged span up
/// to a mark, a verb taking data (`读取`) or a purpose. `None` when `name` lists nothing.
pub(super) fn names_listed_in(
    a: &Analysed,
    sentence: usize,
    name: &str,
    span: Span,
    lexicon: &Lexicon,
) -> Option<Vec<(String, Span)>> {
    let mut items: Vec<String> = name.split('、').map(|i| i.trim().to_string()).collect();
    // (A kind of party opening the list is what the names are, not one of them: `指定合作伙伴
    // 友盟`, `终端设备制造商（华为`.)
    let kind_ends = party_words().third_party_ends.iter();
    if let Some(rest) = unclosed_bracket(&items[0])
        .map(|b| &items[0][b + items[0][b..].chars().next().map_or(1, char::len_utf8)..])
        .or_else(|| {
            kind_ends
                .filter_map(|w| Some(&items[0][items[0].find(w)? + w.len()..]))
                .next()
        })
        .filter(|rest| rest.chars().count() >= 2)
    {
        items[0] = rest.to_string();
    }
    if items.len() < 2 || items.iter().any(|i| !is_listed_name(i)) {
        return None;
    }
    let mut names: Vec<(String, Span)> = items.into_iter().map(|i| (i, span)).collect();
    // The names the list goes on with after the tagged span.
    let view = a.policy.reading_view(a.policy.sentences[sentence].span);
    let chars: Vec<char> = view.text.chars().collect();
    let mut k = view.origin.iter().rposition(|&o| o < span.end)? + 1;
    while k < chars.len() && chars[k] == '、' {
        let from = k + 1;
        let mut end = (from..chars.len())
            .find(|&j| "，。；：,;:（()）、".contains(chars[j]))
            .unwrap_or(chars.len());
        let text: String = chars[from..end].iter().collect();
        let closes = LIST_CLOSERS.iter().filter_map(|w| text.find(w)).min();
        if let Some(at) = closes {
            end = from + text[..at].chars().count();
        }
        let item: String = chars[from..end].iter().collect();
        if from >= end || !is_listed_name(&item) || names_no_party(&item, lexicon) {
            break;
        }
        names.push((item, Span::new(view.origin[from], view.origin[end - 1] + 1)));
        if closes.is_some() {
            break;
        }
        k = end;
    }
    // (Each without an aside it opens, `圆通（具体以网页上`, or the bracket closing the list.)
    for (name, _) in &mut names {
        if let Some(b) = unclosed_bracket(name).filter(|&b| name[..b].chars().count() >= 2) {
            name.truncate(b);
        }
        let trimmed = name.trim_end_matches(['）', ')']).len();
        name.truncate(trimmed);
    }
    // Items sharing the last one's head (`行政、司法机构`): a word of two chars naming no party
    // takes it.
    let last = names.last().map(|(n, _)| n.clone()).unwrap_or_default();
    let head = party_words()
        .third_party_ends
        .iter()
        .chain(&party_words().name_ends)
        .filter(|w| last.ends_with(*w))
        .max_by_key(|w| w.len());
    if let Some(head) = head {
        for (name, _) in &mut names {
            // (Two chars: `渠道商、签约服务商` is 渠道商, not 渠道商服务商.)
            if name.chars().count() <= 2 && !names_a_party(name, lexicon) {
                name.push_str(head);
            }
        }
    }
    Some(names)
}

/// Where the last bracket `name` opens and does not close is (`圆通（具体以网页上`; not the
/// `（北京）` of `友盟同欣（北京）科技有限公司`).
fn unclosed_bracket(name: &str) -> Option<usize> {
    name.rfind(['（', '('])
        .filter(|&b| !name[b..].contains(['）', ')']))
}

/// Words that close a list of parties: a verb taking data, or a purpose.
const LIST_CLOSERS: [&str; 10] = [
    "读取", "获取", "收集", "采集", "调用", "用于", "以便", "用以", "进行", "提供",
];

/// Whether `item` of a listed receiver reads as a name: 2 to 20 chars, none of a clause's
/// words (`您`, `的`, a verb taking data).
fn is_listed_name(item: &str) -> bool {
    (2..=20).contains(&item.chars().count())
        && !item.contains(['您', '你', '的', '等'])
        && !LIST_CLOSERS.iter().any(|w| item.contains(w))
}
