//! Who a clause names as a party: the receiver a sharing practice gives data to (the party the
//! labeller tagged, else the one after `与`/`向`/`给`/`至`), a party's whole name as the clause
//! writes it, and the words that name none (the operator, the user, the data being given).
use std::sync::OnceLock;

use super::party_lists::{co_receivers, names_listed_in};
use super::sharing::OWN_SIDE;
use super::*;

/// The word lists a party's name is made of (`data/lexicon/party_words.tsv`).
const PARTY_WORDS_TSV: &str = include_str!("../../data/lexicon/party_words.tsv");

/// [`PARTY_WORDS_TSV`], parsed once; each list in the file's order.
pub(super) struct PartyWords {
    /// A third party's name ends with one (`位置服务合作伙伴`).
    pub(super) third_party_ends: Vec<&'static str>,
    /// A receiver listed beside another ends with one, besides the third-party ends (`…公司`).
    pub(super) name_ends: Vec<&'static str>,
    /// Words for a party providing a service, beside the lexicon's (`服务提供方`).
    pub(super) providers: Vec<&'static str>,
    /// Words pointing at parties named before (`这些`, `相应`).
    pub(super) determiners: Vec<&'static str>,
    /// Words pointing at the party after them (`各`, `其他`).
    pub(super) pointing: Vec<&'static str>,
}

pub(super) fn party_words() -> &'static PartyWords {
    static WORDS: OnceLock<PartyWords> = OnceLock::new();
    WORDS.get_or_init(|| {
        let mut words = PartyWords {
            third_party_ends: vec![],
            name_ends: vec![],
            providers: vec![],
            determiners: vec![],
            pointing: vec![],
        };
        // (The header row, `label\tword`, is no list.)
        for (label, word) in super::data::pairs_of(PARTY_WORDS_TSV)
            .into_iter()
            .filter(|&(label, _)| label != "label")
        {
            match label {
                "third_party_end" => &mut words.third_party_ends,
                "name_end" => &mut words.name_ends,
                "provider" => &mut words.providers,
                "determiner" => &mut words.determiners,
                "pointing" => &mut words.pointing,
                other => panic!("party_words.tsv: unknown label {other:?}"),
            }
            .push(word);
        }
        words
    })
}

/// Verbs of giving after which a party is named (`共享给`, `提供给`): a name the labeller
/// tagged right before one is what is given (`将车辆位置共享给…`), not who receives it.
const GIVING: &[&str] = &[
    "共享给",
    "共享至",
    "提供给",
    "提供至",
    "披露给",
    "传输给",
    "传输至",
    "分享给",
    "分享至",
    "传递给",
    "传递至",
    "发送给",
    "发送至",
    "上传至",
    "转让给",
    "同步给",
    "同步至",
];

/// Whom sharing `practice` gives the data to, with the span naming it: the party the labeller
/// tagged ([`receiver_name`]), else — none tagged, or what was tagged names none (`将车辆位置
/// 共享给…`) — the party after a preposition ([`party_after_a_preposition`]).
pub(super) fn practice_receiver(
    a: &Analysed,
    practice: &Practice,
    lexicon: &Lexicon,
) -> Option<(String, Span)> {
    // (A party tagged in a clause whose sharing verbs only describe data, `您为了证明相关事实提供的
    // 信息`, `使用运营商提供的功能`, is no receiver: 快读小说's `事实` — unless a preposition gives to
    // it, `向签约的第三方支付机构进行实名登记`, where the labeller tagged `提供的` and not the giving.)
    let modifying = super::sharing::shares_only_in_modifiers(a, practice.sentence);
    practice
        .receiver
        .map(|r| a.extraction.spans[r].span)
        .filter(|&span| !modifying || after_a_preposition(a, practice.sentence, span))
        .and_then(|span| {
            receiver_name(a, practice.sentence, span, lexicon).map(|name| (name, span))
        })
        .or_else(|| party_after_a_preposition(a, practice.sentence, lexicon))
}

/// Whether the party at `span` of sentence `sentence` follows a preposition or conjunction
/// that gives to it (`向`, `与`, `给`, `至`, `和`, `及`; `与我们的关联方`).
fn after_a_preposition(a: &Analysed, sentence: usize, span: Span) -> bool {
    let this = a.policy.sentences[sentence].span;
    let before = normalize(
        &a.policy
            .visible_text(Span::new(this.start, span.start.max(this.start))),
    );
    let before = before.trim_end();
    let before = OWN_SIDE
        .iter()
        .find_map(|w| before.strip_suffix(&format!("{w}的")))
        .unwrap_or(before);
    before.ends_with(['向', '与', '给', '至', '和', '及'])
}

/// Whom sharing `practice` gives the data to: its receiver ([`practice_receiver`]) first, then
/// the parties listed with it ([`co_receivers`]); none when it names none.
pub(super) fn practice_receivers(
    a: &Analysed,
    practice: &Practice,
    lexicon: &Lexicon,
) -> Vec<(String, Span)> {
    let Some((name, span)) = practice_receiver(a, practice, lexicon) else {
        return Vec::new();
    };
    parties_named(a, practice.sentence, name, span, lexicon)
}

/// The receiver named `name` at `span` of sentence `sentence` and the parties listed with it:
/// the names its own span lists ([`names_listed_in`]), else it and [`co_receivers`].
pub(super) fn parties_named(
    a: &Analysed,
    sentence: usize,
    name: String,
    span: Span,
    lexicon: &Lexicon,
) -> Vec<(String, Span)> {
    let mut parties =
        names_listed_in(a, sentence, &name, span, lexicon).unwrap_or_else(|| vec![(name, span)]);
    for (name, span) in co_receivers(a, sentence, span, lexicon) {
        if !parties
            .iter()
            .any(|(n, _)| normalize(n) == normalize(&name))
        {
            parties.push((name, span));
        }
    }
    parties
}

/// The collecting practice of sentence `sentence` whose verb directly follows parties ending
/// at `end` (`…友盟、百度、今日头条读取您的设备识别号`): what those parties take.
pub(super) fn collecting_after<'p>(
    a: &'p Analysed,
    sentence: usize,
    end: usize,
) -> Option<&'p Practice> {
    const TAKING: [&str; 6] = ["读取", "获取", "收集", "采集", "调用", "访问"];
    a.extraction.practices.iter().find(|p| {
        p.sentence == sentence
            && p.action == Label::Collect
            && p.modality != Modality::Negated
            && p.data.first().is_some_and(|&d| {
                let first = a.extraction.spans[d].span.start;
                first > end && {
                    let between = normalize(&a.policy.visible_text(Span::new(end, first)));
                    between.chars().count() <= 8 && TAKING.iter().any(|w| between.starts_with(w))
                }
            })
    })
}

/// The name of the receiver the labeller tagged at `span` of sentence `sentence`
/// ([`party_name`]), or `None` when it is none: the operator or the user is no third party
/// (`向我们进一步提供` misread as giving), one char names no party (`对`), nor does a party data
/// comes *from* (`我们可能从第三方处获取您授权共享的账号信息`), nor a purpose or a data type
/// tagged as a party (`需要您提供必要的信息以核验身份`).
pub(super) fn receiver_name(
    a: &Analysed,
    sentence: usize,
    span: Span,
    lexicon: &Lexicon,
) -> Option<String> {
    let name = party_name(a, sentence, span, lexicon);
    // `我们的关联方` is a party of ours, not us: 数字人民币's 「我们可能向我们的关联方提供您的个人
    // 信息」 named no receiver.
    let name = OWN_SIDE
        .iter()
        .find_map(|w| name.strip_prefix(w)?.strip_prefix('的'))
        .filter(|rest| ends_as_a_party(rest, lexicon, 2))
        .map_or(name.clone(), str::to_string);
    // `这些支付机构` is the 支付机构 named before.
    let name = party_words()
        .determiners
        .iter()
        .find_map(|w| name.strip_prefix(w))
        .filter(|rest| {
            // (Not down to a bare kind, `上述机构` → `机构`, `前述提供商` → `提供商`.)
            rest.chars().count() >= 4
                && (ends_as_a_party(rest, lexicon, 2)
                    || party_words()
                        .third_party_ends
                        .iter()
                        .any(|w| rest.ends_with(w)))
        })
        .map_or(name.clone(), str::to_string);
    let sentence_span = a.policy.sentences[sentence].span;
    let after = normalize(&a.policy.visible_text(Span::new(
        span.end.min(sentence_span.end),
        sentence_span.end,
    )));
    let given = GIVING.iter().any(|w| after.starts_with(w));
    (!names_own_side(&name, lexicon)
        && name.chars().count() >= 2
        && !given
        && !is_source(a, sentence, span)
        && !names_no_party(&name, lexicon))
    .then_some(name)
}

/// Whether `name` is the operator or the user (`我们`, `您`, `本应用`, `APP内`) — not a party
/// of theirs whose name opens with them (`我们委托的服务商`, `为您服务的第三方`: a modifier
/// ending in `的` before a party word).
pub(super) fn names_own_side(name: &str, lexicon: &Lexicon) -> bool {
    OWN_SIDE.iter().any(|w| name.starts_with(w))
        && !name.rsplit_once('的').is_some_and(|(_, party)| {
            party.chars().count() >= 2 && ends_as_a_party(party, lexicon, 2)
        })
}

/// A party's name as the clause writes it, the whole word when the labeller's span starts
/// inside it (`务合作伙伴` of `社交服务合作伙伴`, `析服务商` of `分析服务商`): back one char at a
/// time while that char and the span's first make a word of jieba's dictionary (`服务`).
pub(super) fn party_name(a: &Analysed, sentence: usize, span: Span, lexicon: &Lexicon) -> String {
    let this = a.policy.sentences[sentence].span;
    let before: Vec<char> = a
        .policy
        .visible_text(Span::new(this.start, span.start.max(this.start)))
        .chars()
        .collect();
    let name = a.policy.visible_text(span);
    // Tagged from within its modifier (`务的服务商`, `的服务商` of `提供上门服务或救援服务的服务商`):
    // the name is the modifier and all, back to the preposition, verb or mark before it.
    let tagged: Vec<char> = name.trim().chars().collect();
    if let Some(d) = tagged.iter().position(|&c| c == '的').filter(|&d| d <= 2) {
        let upto: Vec<char> = before.iter().chain(&tagged[..d]).copied().collect();
        if let Some(modifier) = modifier_before(&upto) {
            return format!("{modifier}{}", tagged[d..].iter().collect::<String>());
        }
    }
    let mut first = name
        .trim()
        .chars()
        .next()
        .map(|c| normalize(&c.to_string()))
        .unwrap_or_default();
    let mut k = before.len();
    while k > 0 && before.len() - k < 4 {
        let previous = normalize(&before[k - 1].to_string());
        // (A word the preposition or conjunction before a party makes with its first char
        // is no part of it: 与其, 及第.)
        if "与和及向对给将把由从在的或并了".contains(previous.as_str())
            || crate::jieba_dict::lookup(&format!("{previous}{first}")).is_none()
        {
            break;
        }
        k -= 1;
        first = previous;
    }
    let lead: String = before[k..].iter().collect();
    let whole = format!("{lead}{}", name.trim());
    // A preposition or verb tagged with the party is no part of it (`向广告主`, `给您`,
    // `使用运营商`), nor the particle of a verb before it (走路达人's 「使用集成了讯飞开放平台提供
    // 的…产品」 named 「了讯飞开放平台」).
    let rest = [
        "除了向",
        "除了与",
        "除向",
        "使用",
        "通过",
        "经由",
        "向",
        "给",
        "与",
        "对",
        "了",
        "至",
    ]
    .iter()
    .find_map(|w| whole.strip_prefix(w))
    .filter(|rest| !rest.is_empty());
    let name = rest.map_or(whole.clone(), str::to_string);
    if name.to_ascii_uppercase().ends_with("SDK") {
        return name;
    }
    let after: Vec<char> = a
        .policy
        .visible_text(Span::new(span.end.min(this.end), this.end))
        .chars()
        .collect();
    // (What comes before the name: the sentence up to the words taken in front of the tagged
    // span, and the preposition or verb stripped from them.)
    let stripped = whole.chars().count() - name.chars().count();
    let before: Vec<char> = before[..k]
        .iter()
        .copied()
        .chain(whole.chars().take(stripped))
        .collect();
    let (name, taken) = party_in_its_phrase(&before, &name, &after, lexicon).unwrap_or((name, 0));
    let after = &after[taken..];
    let more = sdk_name_continues(after);
    format!("{name}{}", after[..more].iter().collect::<String>())
}

/// The party a name the labeller tagged only part of belongs to, and how many chars after the
/// tagged name it takes; `None` when the tagged name is the party's whole name.
///
/// - Tagged inside the modifier of a party (`大学提供物流信息系统` of 掌上大学's 「向为掌上大学提供
///   物流信息系统和技术服务的浙江菜鸟供应链管理有限公司披露」): the party is the head after the
///   modifier's `的`, up to the verb that gives it the data.
/// - Tagged as a modifier and its head, from inside the modifier (`平台提供…的物流配送公司` of
///   「向为【汇头条】平台提供物流信息系统和技术服务的物流配送公司披露」): the modifier is read
///   back to the preposition.
/// - Tagged inside a company's registered name (`物流有限公司` of `…的上海顺丰物流有限公司`): the
///   name back to the modifier's `的`, a preposition or a verb.
///
/// A registered company's name is the party's name on its own; a kind of party keeps its
/// modifier, which says which of them it is.
fn party_in_its_phrase(
    before: &[char],
    name: &str,
    after: &[char],
    lexicon: &Lexicon,
) -> Option<(String, usize)> {
    const MARKS: &str = "，。；：、,;:！？!?";
    // (Verbs a party's phrase ends at: what it is given, or what it does with it.)
    const VERBS: [&str; 12] = [
        "共享", "提供", "披露", "分享", "传输", "转让", "出售", "发送", "委托", "上传", "同步",
        "使用",
    ];
    let is_party = |s: &str| s.chars().count() >= 2 && names_a_party(s, lexicon);
    let registered = |s: &str| {
        s.chars().count() >= 6
            && ["有限公司", "有限责任公司", "集团"]
                .iter()
                .any(|w| s.ends_with(w))
    };
    let verb_at = |chars: &[char], j: usize| {
        VERBS.iter().any(|v| {
            let v: Vec<char> = v.chars().collect();
            chars[j..].starts_with(&v)
        })
    };
    let tagged: Vec<char> = name.chars().collect();
    let mut phrase = tagged.clone();
    let mut taken = 0;
    // (Only a name tagged inside a modifier, whose verb it holds: a handler `我们` followed by
    // `…将您的个人信息共享给我们的合作伙伴` is the operator, and what follows its own clause.)
    let in_a_modifier = VERBS.iter().any(|v| name.contains(v)) && !names_own_side(name, lexicon);
    if !is_party(name) && in_a_modifier {
        // The head after the modifier's `的`, within the clause part and before the verb.
        let window = &after[..after
            .iter()
            .position(|c| MARKS.contains(*c))
            .unwrap_or(after.len())
            .min(40)];
        let head_end = window.iter().enumerate().find_map(|(d, &c)| {
            if c != '的' {
                return None;
            }
            let end = (d + 1..window.len())
                .find(|&j| verb_at(window, j))
                .unwrap_or(window.len());
            let head: String = window[d + 1..end].iter().collect();
            let modifier: String = window[..d].iter().collect();
            (head.chars().count() <= 30
                && !modifier.contains(['将', '把'])
                && !GIVING.iter().any(|g| modifier.contains(g))
                && !head.contains('的')
                && head
                    .chars()
                    .all(|c| is_han(c) || c.is_ascii_alphanumeric() || "（）()".contains(c))
                && (is_party(&head) || registered(&head)))
            .then_some(end)
        })?;
        phrase.extend(&window[..head_end]);
        taken = head_end;
    }
    let text: String = phrase.iter().collect();
    if let Some((_, head)) = text.rsplit_once('的').filter(|(_, head)| registered(head)) {
        return Some((head.to_string(), taken));
    }
    // (A kind of party joined to it by `或`/`和`/`及` right after the preposition shares its
    // party word: 小鹏汽车's 「共享给差旅或保险服务商」 is 差旅或保险服务商, not 保险服务商.)
    if taken == 0 && is_party(&text) && before.last().is_some_and(|c| "或和及".contains(*c)) {
        let joined = &before[..before.len() - 1];
        let run = joined.iter().rev().take_while(|&&c| is_han(c)).count();
        let at = joined.len() - run;
        if (1..=4).contains(&run) && at > 0 && "给至向与".contains(joined[at - 1]) {
            let lead: String = before[at..].iter().collect();
            return Some((format!("{lead}{text}"), 0));
        }
    }
    let opens_inside = before
        .last()
        .is_some_and(|&c| is_han(c) || "】」》".contains(c));
    if text.contains('的') && opens_inside {
        // The modifier back to the preposition before it, within the clause part.
        let from = before
            .iter()
            .rposition(|c| "向与给至".contains(*c) || MARKS.contains(*c));
        // (Not an adverbial before the party, `与在全国范围内支持我们业务的供应商`.)
        if let Some(from) = from.filter(|&p| {
            "向与给至".contains(before[p])
                && before.len() - p <= 30
                && before.get(p + 1).is_some_and(|&c| c != '在')
        }) {
            let lead: String = before[from + 1..].iter().collect();
            return Some((format!("{lead}{text}"), taken));
        }
    } else if registered(&text) && opens_inside {
        // The registered name back to the `的`, preposition or verb before it, or to the
        // party word it explains (`关联公司即…`, `第三方…有限公司`).
        let mut k = before.len();
        while k > 0
            && before.len() - k < 12
            && is_han(before[k - 1])
            && !"的向与给至和及或由从在将把即如".contains(before[k - 1])
            && !(k >= 2 && verb_at(before, k - 2))
            && !is_party(&before[..k].iter().collect::<String>())
        {
            k -= 1;
        }
        if k < before.len() {
            let lead: String = before[k..].iter().collect();
            return Some((format!("{lead}{text}"), taken));
        }
    }
    (taken > 0).then_some((text, taken))
}

/// The modifier a party's name opens with, read back from `before` (the clause up to the
/// name's `的`): after the last preposition, mark or giving verb, at most 20 chars, and not
/// empty.
fn modifier_before(before: &[char]) -> Option<String> {
    let from = before
        .iter()
        .rposition(|c| "给向与至，。；：、（(,;:".contains(*c))
        .map_or(0, |i| i + 1);
    let mut modifier = &before[from..];
    // (`我们或我们委托的服务商`: the second of two parties joined, `我们委托的服务商`.)
    if let Some(p) = (1..modifier.len()).rev().find(|&p| {
        "或和及".contains(modifier[p - 1])
            && OWN_SIDE
                .iter()
                .any(|w| modifier[p..].starts_with(&w.chars().collect::<Vec<_>>()))
    }) {
        modifier = &modifier[p..];
    }
    (!modifier.is_empty() && modifier.len() <= 20).then(|| modifier.iter().collect())
}

/// Whether a receiver's name is wholly a purpose or a data type the lexicon knows (`核验身份`,
/// `联系方式`): an act or an item the labeller tagged as a party, which names no one. A name
/// that ends as a party's does (`运营商`, `服务提供商` …, the lexicon's handler cues of three
/// chars or more) names one, though the same words name a datum elsewhere: 数字人民币's
/// 「我们会将您的手机号提供给手机运营商」 (a carrier's name is 运营商信息 on a device list).
pub(super) fn names_no_party(name: &str, lexicon: &Lexicon) -> bool {
    let name = normalize(name);
    let n = name.chars().count();
    let whole = |start: usize, end: usize| start == 0 && end == n;
    // A list no item of which is a party, naming data (`车内温度、剩余续航里程、车辆位置`, the
    // examples in brackets of what is shown in the app).
    // (Outside brackets: `终端设备制造商（华为、小米、OPPO、VIVO` is one party, its examples.)
    let unbracketed = super::sharing::outside_brackets(&name);
    let items: Vec<&str> = unbracketed.split('、').filter(|i| !i.is_empty()).collect();
    if items.len() >= 2
        && !items.iter().any(|i| {
            ends_as_a_party(i, lexicon, 2)
                || party_words()
                    .third_party_ends
                    .iter()
                    .any(|w| i.ends_with(w))
        })
        && !lexicon.find_data(&name).is_empty()
    {
        return true;
    }
    !ends_as_a_party(&name, lexicon, 3)
        && (lexicon
            .find_purposes(&name)
            .iter()
            .any(|m| whole(m.start, m.end))
            || lexicon
                .find_data(&name)
                .iter()
                .any(|m| whole(m.start, m.end)))
}

/// The party a sharing clause names right after `与`, `向`, `给` or `至` (past `我们的`): the
/// longest handler cue of the lexicon there (`关联公司`, `第三方服务提供商`) and any run on
/// into it (`第三方广告服务商`), not the operator's own side, with its span.
pub(super) fn party_after_a_preposition(
    a: &Analysed,
    sentence: usize,
    lexicon: &Lexicon,
) -> Option<(String, Span)> {
    let view = a.policy.reading_view(a.policy.sentences[sentence].span);
    let chars: Vec<char> = view.text.chars().collect();
    let to_chars = |w: &str| -> Vec<char> { w.chars().collect() };
    // (The lexicon's party words, and words for a provider the labeller's cues leave out — its
    // cues are the trained model's input, not to be changed for this.)
    let cues: Vec<Vec<char>> = party_cues(lexicon, 2)
        .chain(party_words().providers.iter().copied())
        .map(to_chars)
        .collect();
    let ours: Vec<Vec<char>> = ["我们的", "本公司的", "我方的"].map(to_chars).into();
    let own: Vec<Vec<char>> = OWN_SIDE.iter().map(|w| to_chars(w)).collect();
    let giving: Vec<Vec<char>> = GIVING
        .iter()
        .chain(&["共享", "提供", "披露", "传输", "分享", "转让"])
        .map(|w| to_chars(w))
        .collect();
    let longest_cue_at = |at: usize| {
        cues.iter()
            .filter(|c| chars[at..].starts_with(c))
            .map(Vec::len)
            .max()
    };
    // (Not a party the clause refuses to share with, `不会向第三方泄漏`.)
    let refused_before = |i: usize| {
        chars[i.saturating_sub(3)..i]
            .iter()
            .any(|c| "不未禁".contains(*c))
    };
    (0..chars.len())
        // (`在…之间`: `在遵循统一管理和控制的关联公司之间共享`.)
        .filter(|&i| "与向给至在".contains(chars[i]) && !refused_before(i))
        .find_map(|i| {
            let from = i
                + 1
                + ours
                    .iter()
                    .find(|o| chars[i + 1..].starts_with(o))
                    .map_or(0, |o| o.len());
            if own.iter().any(|w| chars[from..].starts_with(w)) {
                return None;
            }
            // The party's name: a cue right here, or the first cue ending the words that
            // run on from here (`给提供物流配送服务的服务商`, `向小鹏融资租赁及其委托的第三方提供`),
            // within a phrase: up to a mark or a giving verb, at most 20 chars.
            let stop = (from..chars.len().min(from + 20))
                .find(|&j| {
                    ("，。；：、,;:".contains(chars[j])
                        || ("（(".contains(chars[j]) && !place_in_a_name(&chars, j)))
                        // (A phrase opening with a verb is a modifier: `给提供配送服务的服务商`.)
                        || j > from
                            && giving.iter().any(|g| {
                                // (Nor is the verb in a party's name: `服务提供方`.)
                                chars[j..].starts_with(g)
                                    && !chars.get(j + g.len()).is_some_and(|c| "的方商者".contains(*c))
                            })
                })
                .unwrap_or(chars.len().min(from + 20));
            let mut end = (from..stop).find_map(|j| {
                longest_cue_at(j).map(|n| j + n).filter(|&e| {
                    // (Words before the cue are its modifier, `…服务的`, or a party joined
                    // to it, `差旅或`; not a datum, `手机号码与合作伙伴`.)
                    e <= stop
                        && (j == from
                            || chars[from..j].contains(&'的')
                            || "或和及".contains(chars[j - 1])
                            // (A word pointing at the party, `在各服务提供方之间`.)
                            || pointing_word(&chars[from..j])
                            // (An SDK's name: `向Face++人脸识别SDK共享`.)
                            || chars[j..e].iter().collect::<String>().eq_ignore_ascii_case("sdk")
                            // (After a giving verb's `至`/`给` what follows is who receives it, a
                            // name of words before the cue: 小鹏汽车's 「将车辆相关信息上传至国家及
                            // 地方新能源汽车数据监测平台」.)
                            // (Not when the cue only modifies a party after it, `平台的合作方`,
                            // nor words that are a clause, `支持我们业务`.)
                            || ("至给".contains(chars[i])
                                && chars.get(e) != Some(&'的')
                                && chars[from..j]
                                    .iter()
                                    .all(|&c| is_han(c))
                                && !OWN_SIDE.iter().any(|w| {
                                    chars[from..j]
                                        .iter()
                                        .collect::<String>()
                                        .contains(w)
                                })))
                })
            })
            // Else a company's registered name (`共享至支付宝(中国)网络技术有限公司的支付宝SDK`):
            // no cue ends it, but the form of such names does.
            .or_else(|| {
                (from..stop).find_map(|j| {
                    ["有限责任公司", "有限公司"].iter().find_map(|w| {
                        let w: Vec<char> = w.chars().collect();
                        (chars[j..].starts_with(&w) && j + w.len() <= stop && j >= from + 2)
                            .then_some(j + w.len())
                    })
                })
            })?;
            // A cue run on into another makes one name (`第三方` + `广告服务商`), not a list.
            while let Some(n) = longest_cue_at(end) {
                end += n;
            }
            // So does a short word ending as a party does (`第三方` + `物流商`).
            if let Some(k) = (1..=4).find(|&k| {
                let word: String = chars[end..chars.len().min(end + k)].iter().collect();
                word.chars().count() == k
                    && word.chars().all(is_han)
                    && ["商", "公司", "机构"].iter().any(|w| word.ends_with(w))
            }) {
                end += k;
            }
            // And the SDK it names after it (`支付宝(中国)网络技术有限公司的支付宝SDK`).
            end += sdk_name_continues(&chars[end..]);
            // (A cue naming a kind of thing, not a party — `第三方软件`, `第三方账号` — and the
            // app's own developer an SDK returns data to, `返回给开发者`, or the app, `向平台提供`,
            // name no receiver.)
            let next: String = chars[end..chars.len().min(end + 2)].iter().collect();
            // (Without the word pointing at it: `各服务提供方` is the 服务提供方.)
            let from = (from..end)
                .find(|&j| j > from && pointing_word(&chars[from..j]))
                .unwrap_or(from);
            let name: String = chars[from..end].iter().collect();
            let between = chars[end..].starts_with(&['之', '间']);
            if NOT_A_PARTY_AFTER.contains(&next.as_str())
                || ["开发者", "平台"].contains(&name.as_str())
                || (chars[i] == '在' && !between)
            {
                return None;
            }
            let span = Span::new(view.origin[from], view.origin[end - 1] + 1);
            Some((name, span))
        })
}

/// Whether sentence `sentence`, up to a party at `party`, ends on a giving verb's `给`/`至`
/// (`…共享给`, `…上传至`): the data given is named before the party, not after it.
pub(super) fn given_to_what_follows(a: &Analysed, sentence: usize, party: Span) -> bool {
    let this = a.policy.sentences[sentence].span;
    let before = normalize(&a.policy.visible_text(Span::new(
        this.start,
        party.start.clamp(this.start, this.end),
    )));
    GIVING.iter().any(|g| before.ends_with(g))
}

/// Whether `c` is a Han character (the CJK Unified Ideographs block).
fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// How many of the chars `after` a party's name still belong to it: the rest of an SDK's name
/// (`穿山` + `甲SDK`, the labeller's span cut inside the word, a few chars at most;
/// `深圳市腾讯计算机系统有限公司` + `的腾讯验证码SDK和广点通SDK`), each SDK within a few chars and
/// no mark between, and the name ending there (not `推送SDK版本号`, a datum). 0 when no SDK's
/// name follows (`第三方合作伙伴` + `会使用第三方SDK` is a verb and its object).
pub(super) fn sdk_name_continues(after: &[char]) -> usize {
    const REACH: usize = 12;
    const CUT_WORD: usize = 4;
    let sdk_at = |j: usize| {
        after
            .get(j..j + 3)
            .is_some_and(|w| w.iter().collect::<String>().eq_ignore_ascii_case("sdk"))
    };
    let mut taken = 0;
    loop {
        let mut start = taken;
        if taken == 0 {
            start += usize::from(after.first() == Some(&'的'));
        } else if after.get(taken).is_some_and(|c| "和及与、".contains(*c)) {
            start += 1;
        } else {
            break;
        }
        let reach = if start == 0 { CUT_WORD } else { REACH };
        let found = (start..after.len().min(start + reach))
            .take_while(|&j| {
                !after[j].is_whitespace() && !"，。；：、,;:（）()和及与“”\"".contains(after[j])
            })
            .find(|&j| sdk_at(j));
        match found {
            Some(j) => taken = j + 3,
            None => break,
        }
    }
    if after
        .get(taken)
        .is_some_and(|&c| is_han(c) && !"和及与".contains(c))
    {
        return 0;
    }
    taken
}

/// Whether the bracket opening at `chars[at]` only holds a place inside a company's name
/// (`支付宝(中国)网络技术有限公司`, `友盟同欣（北京）科技有限公司`): two to four Han chars, with
/// more of the name after it.
fn place_in_a_name(chars: &[char], at: usize) -> bool {
    (at + 3..=at + 5).any(|close| {
        chars.get(close).is_some_and(|c| "）)".contains(*c))
            && chars[at + 1..close].iter().all(|&c| is_han(c))
            && chars.get(close + 1).is_some_and(|&c| is_han(c))
    })
}

/// Whether `words` only point at the party after them (`各`, `其他`, `这些`, `相关` …).
fn pointing_word(words: &[char]) -> bool {
    let word: String = words.iter().collect();
    let words = party_words();
    words.determiners.contains(&word.as_str()) || words.pointing.contains(&word.as_str())
}

/// Words that make a party cue before them name a thing (`第三方软件`, `第三方账号`).
const NOT_A_PARTY_AFTER: &[&str] = &[
    "软件", "设备", "系统", "账号", "帐号", "账户", "产品", "应用", "网站", "链接", "页面", "技术",
    "工具", "插件", "代码",
];

/// Whether `name` ends as a party's name does: a party word of the lexicon or of
/// `party_words.tsv` (`…合作伙伴`, `…公司`, `…SDK`), the test a receiver must pass where no
/// share question was asked.
pub(super) fn names_a_party(name: &str, lexicon: &Lexicon) -> bool {
    let words = party_words();
    let upper = normalize(name).to_ascii_uppercase();
    ends_as_a_party(name, lexicon, 2)
        || words.third_party_ends.iter().any(|w| upper.ends_with(w))
        || words.name_ends.iter().any(|w| upper.ends_with(w))
}

/// Whether `name` ends with a word the lexicon gives a party (a handler cue of `min_chars` or
/// more, not one of the operator's own side): `手机运营商`, `关联方`, `第三方服务提供商`.
pub(super) fn ends_as_a_party(name: &str, lexicon: &Lexicon, min_chars: usize) -> bool {
    let name = normalize(name);
    party_cues(lexicon, min_chars).any(|c| name.ends_with(c))
}

/// The lexicon's words for a party (its handler cues, normalized) of `min_chars` or more, not
/// the operator's own side (`我们`, `本平台`).
fn party_cues(lexicon: &Lexicon, min_chars: usize) -> impl Iterator<Item = &str> {
    lexicon
        .handler_cues_normalized()
        .iter()
        .filter(move |c| {
            c.chars().count() >= min_chars && !OWN_SIDE.iter().any(|w| c.starts_with(w))
        })
        .map(String::as_str)
}

/// Words saying the giving after them is what a clause guards against (`为防止向第三方披露`).
const PREVENTING: [&str; 4] = ["防止", "以防", "避免", "防范"];

/// The party a clause the labeller read no sharing in gives data to (小鹏汽车's 「我们会按照…约定的
/// 条件，向小鹏融资租赁及其委托的第三方提供您的个人信息及用车信息」, 「…将实现合作目的所必需的信息共享给
/// 合作伙伴」): one a giving construction names — after `与`/`向` right before a giving verb, or
/// after a giving verb's `给`/`至` — with its span; none where the clause part refuses.
pub(super) fn untagged_sharing_party(
    a: &Analysed,
    sentence: usize,
    lexicon: &Lexicon,
) -> Option<(String, Span)> {
    const GIVING_VERBS: [&str; 10] = [
        "共享", "提供", "披露", "分享", "传输", "转让", "出售", "发送", "委托", "上传",
    ];
    let this = a.policy.sentences[sentence].span;
    let text = normalize(&a.policy.visible_text(this));
    if !text.contains(['与', '向', '给', '至', '在'])
        || !GIVING_VERBS.iter().any(|v| text.contains(v))
    {
        return None;
    }
    let (name, span) = party_after_a_preposition(a, sentence, lexicon)?;
    let before = normalize(&a.policy.visible_text(Span::new(this.start, span.start)));
    let after = normalize(&a.policy.visible_text(Span::new(span.end, this.end)));
    // (Nor the word pointing at the party, `在各服务提供方之间`.)
    let before = party_words()
        .pointing
        .iter()
        .chain(&party_words().determiners)
        .find_map(|w| before.strip_suffix(w))
        .unwrap_or(&before);
    let before = ["我们的", "本公司的", "我方的"]
        .iter()
        .find_map(|w| before.strip_suffix(w))
        .unwrap_or(before);
    let gives = if before.ends_with(['与', '向', '在']) {
        let after = after.strip_prefix("之间").unwrap_or(&after);
        GIVING_VERBS.iter().any(|v| after.starts_with(v))
    } else {
        GIVING.iter().any(|g| before.ends_with(g))
    };
    let breaks = ['，', '。', '；', ',', ';', '：', ':'];
    let lead = before.rsplit(breaks).next().unwrap_or("");
    let part = format!("{lead}{name}{}", after.split(breaks).next().unwrap_or(""));
    // The user giving (`请您…仅在必要的情况下向第三方提供`, `在您取消向第三方共享信息的授权后`):
    // the last actor the clause part names, else a sentence opening on the user. (Not the user
    // as an object, `向您提供`, `获得您同意`, nor the user's data, `您的…`.)
    const OBJECT_AFTER: [&str; 10] = [
        "向", "给", "为", "对", "与", "获得", "征得", "根据", "依据", "按照",
    ];
    let actors = |text: &str| -> Vec<(usize, bool)> {
        let mut found: Vec<(usize, bool)> = ["您", "你", "用户"]
            .iter()
            .flat_map(|w| text.match_indices(w).map(|(i, _)| (i, true)))
            .filter(|&(i, _)| {
                text[i..].chars().nth(1) != Some('的')
                    && !OBJECT_AFTER.iter().any(|w| text[..i].ends_with(w))
            })
            .chain(
                ["我们", "我方", "本公司"]
                    .iter()
                    .flat_map(|w| text.match_indices(w).map(|(i, _)| (i, false))),
            )
            .collect();
        found.sort_unstable();
        found
    };
    let users_own = match actors(lead).last() {
        Some(&(_, user)) => user,
        None => ["请您", "您", "你", "用户"]
            .iter()
            .any(|w| before.starts_with(w)),
    };
    // (Nor a title, `《与第三方共享个人信息清单》`, nor what a breach would be, `如果我们违反…
    // 约定向第三方共享`.)
    let in_a_title = lead.rfind('《').is_some_and(|i| !lead[i..].contains('》'));
    let breach = part.contains("违反");
    // (Nor what the clause part guards against, 盯盯's 「为防止向第三方披露自己的个人信息，如联络方式
    // 或者邮政地址」: advice to the user, no giving.)
    let prevented = PREVENTING.iter().any(|w| lead.contains(w));
    (gives
        && !users_own
        && !in_a_title
        && !breach
        && !prevented
        && !super::purpose::denies_broadly(&part))
    .then_some((name, span))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lists are tried in order, so a word must come before any shorter word it begins with
    /// (`各个` before `各`): else `各个服务提供方` would lose only `各`.
    #[test]
    fn party_word_lists_load_and_try_longer_words_first() {
        let words = party_words();
        for list in [
            &words.third_party_ends,
            &words.name_ends,
            &words.providers,
            &words.determiners,
            &words.pointing,
        ] {
            assert!(!list.is_empty());
            for (i, shorter) in list.iter().enumerate() {
                for longer in &list[i + 1..] {
                    assert!(
                        !(longer.starts_with(shorter) || longer.ends_with(shorter)),
                        "{longer} after {shorter}"
                    );
                }
            }
        }
    }
}
