//! From one clause's labelled spans to its practices, as named passes. The labeller tags spans
//! (`收集` collect, `手机号码` data, `我们` handler …); a practice is one collect or share verb with
//! the spans that belong to it. Each pass is a small function of the clause's chars, its cue
//! marks and its spans, tested alone on written clauses (the tables below) and together by the
//! extraction tests:
//!
//! 1. [`actions`]: every collect or share verb opens a practice;
//! 2. [`defined_from`]: a verb after a definition's `是指` is part of what is defined — no
//!    practice;
//! 3. [`data_of_actions`]: each data span joins the verb nearest to it, preferring one before it;
//! 4. [`actor`]: the handler before the verb that is not a recipient (`向我们`);
//! 5. [`receiver`]: for a share, the party the data goes to;
//! 6. [`nearest_purpose`] (one a purpose word leads or opens after the verb before one it
//!    does not) and [`nearest_condition`];
//! 7. [`is_negated`]: a negation cue shortly before the verb, in its clause part;
//! 8. [`direction`]: the user giving data to the operator is the operator collecting it;
//! 9. [`modality`]: negated, conditional or affirmed;
//! 10. [`shares_pass_on_data_before_them`]: a share naming no data passes on the data of the
//!     practice before it (`…手机号码，这些信息会共享给…`).
//!
//! Spans are `(label, hit)` in the clause's reading-view chars; passes return indices into them.
use super::*;
use crate::labeller::mark;

/// One clause as the passes read it.
#[derive(Clone, Copy)]
pub(super) struct TaggedClause<'a> {
    /// The clause's normalized chars.
    pub chars: &'a [char],
    /// [`mark`] bits per char (the negation cue is the one the passes read).
    pub marks: &'a [u16],
    /// The labeller's spans, in clause order.
    pub spans: &'a [(Label, Hit)],
}

/// Every pass in order: the practices of clause `sentence`, whose spans are stored from index
/// `base` on (a practice's span indices are `base` + an index into [`TaggedClause::spans`]).
pub(super) fn practices(clause: TaggedClause, sentence: usize, base: usize) -> Vec<Practice> {
    let actions = actions(clause.spans);
    if actions.is_empty() {
        return Vec::new();
    }
    let data = data_of_actions(clause.spans, &actions);
    let defined_from = defined_from(clause.chars);
    let mut out = Vec::new();
    for (k, &verb) in actions.iter().enumerate() {
        if defined_from.is_some_and(|at| at < clause.spans[verb].1.start) {
            continue;
        }
        let handler = actor(clause, verb);
        if entered_on_the_users_device(clause, verb, handler) {
            continue;
        }
        // (Data passed on *to us* comes from whoever is named: not a receiver.)
        let receiver = receiver(clause, verb).filter(|_| !passed_to_us(clause, verb));
        let condition = nearest_condition(clause.spans, verb);
        let stored = |i: Option<usize>| i.map(|i| base + i);
        out.push(Practice {
            sentence,
            action: direction(clause, verb, handler, receiver),
            handler: stored(handler),
            data: data[k].iter().map(|&d| base + d).collect(),
            purpose: stored(nearest_purpose(clause, verb)),
            condition: stored(condition),
            receiver: stored(receiver),
            modality: modality(is_negated(clause, verb, receiver), condition),
        });
    }
    shares_pass_on_data_before_them(&mut out);
    out
}

/// Pass 10: a share naming no data of its own passes on what the practice before it in the
/// clause takes (小鹏汽车's 「需要提供您的姓名、身份证号码、手机号码，这些信息会共享给差旅或保险服务商」,
/// 「我们会收集您的收货人姓名、收货地址、手机号码，并共享给…」: the phone number's receivers).
pub(super) fn shares_pass_on_data_before_them(practices: &mut [Practice]) {
    for k in 1..practices.len() {
        if practices[k].action == Label::Share && practices[k].data.is_empty() {
            if let Some(data) = practices[..k]
                .iter()
                .rev()
                .find(|p| !p.data.is_empty())
                .map(|p| p.data.clone())
            {
                practices[k].data = data;
            }
        }
    }
}

/// Where the user keeps or enters data without it reaching anyone (`您需要在您的设备上录入您的
/// 指纹`, 甬兴证券 — whose next sentence says `我们仅接收验证结果，并不收集您的指纹`).
const ON_THE_USERS_DEVICE: [&str; 8] = [
    "设备上",
    "设备中",
    "设备内",
    "手机上",
    "手机中",
    "终端上",
    "终端中",
    "本地",
];

/// Whether `verb` is the user entering or keeping data on their own device: the user acts (or
/// no one is named) and the verb's clause part puts it there (`在…设备上`, `在本地`) — no
/// practice of the app's, whatever the labeller read.
pub(super) fn entered_on_the_users_device(
    clause: TaggedClause,
    verb: usize,
    handler: Option<usize>,
) -> bool {
    let at = clause.spans[verb].1;
    let the_user = handler.is_none_or(|h| {
        let h = clause.spans[h].1;
        matches!(
            clause.chars[h.start..h.end]
                .iter()
                .collect::<String>()
                .as_str(),
            "您" | "你" | "用户" | "您本人" | "用户本人"
        )
    });
    let part_start = clause.chars[..at.start]
        .iter()
        .rposition(|c| CLAUSE_END.contains(c))
        .map_or(0, |i| i + 1);
    let before: String = clause.chars[part_start..at.start].iter().collect();
    the_user
        && before
            .find('在')
            .is_some_and(|i| ON_THE_USERS_DEVICE.iter().any(|w| before[i..].contains(w)))
}

/// Pass 1: the collect and share verbs, in clause order.
pub(super) fn actions(spans: &[(Label, Hit)]) -> Vec<usize> {
    (0..spans.len())
        .filter(|&i| matches!(spans[i].0, Label::Collect | Label::Share))
        .collect()
}

/// Pass 2: where a definition opens (`个人信息是指以电子或者其他方式记录的…信息，包括…面部识别
/// 特征`), if the clause holds one: a verb after it is part of what is defined.
pub(super) fn defined_from(chars: &[char]) -> Option<usize> {
    DEFINITION_WORDS
        .iter()
        .filter_map(|w| {
            let w: Vec<char> = w.chars().collect();
            chars.windows(w.len()).position(|x| x == w.as_slice())
        })
        .min()
}

/// How far `other` is from the verb `verb`, for attaching it: after the verb counts as it is
/// (the verb usually precedes its object: `收集您的手机号码`); before it costs twice and more
/// (`手机号码将被收集`, `将X提供给`: allowed, at a cost); overlapping is 0.
fn distance(verb: Hit, other: Hit) -> usize {
    if verb.end <= other.start {
        other.start - verb.end
    } else if other.end <= verb.start {
        (verb.start - other.end) * 2 + 4
    } else {
        0
    }
}

/// Pass 3: the data spans of each action (`result[k]` for `actions[k]`): each data span goes to
/// the action nearest to it by [`distance`] (the first of equals).
pub(super) fn data_of_actions(spans: &[(Label, Hit)], actions: &[usize]) -> Vec<Vec<usize>> {
    let mut data_of: Vec<Vec<usize>> = vec![Vec::new(); actions.len()];
    for (i, (label, hit)) in spans.iter().enumerate() {
        if *label != Label::Data {
            continue;
        }
        let nearest = (0..actions.len()).min_by_key(|&k| distance(spans[actions[k]].1, *hit));
        if let Some(k) = nearest {
            data_of[k].push(i);
        }
    }
    data_of
}

/// Whether the party `h` is a recipient: right after `向`, `给`, `与` … (`向我们提供`).
fn is_recipient(chars: &[char], h: Hit) -> bool {
    h.start
        .checked_sub(1)
        .is_some_and(|i| matches!(chars[i], '向' | '给' | '与' | '和' | '及' | '至'))
}

fn of_label(spans: &[(Label, Hit)], label: Label) -> impl Iterator<Item = usize> + '_ {
    (0..spans.len()).filter(move |&i| spans[i].0 == label)
}

/// Pass 4: who acts — the last handler before the verb that is not a recipient.
pub(super) fn actor(clause: TaggedClause, verb: usize) -> Option<usize> {
    let at = clause.spans[verb].1;
    of_label(clause.spans, Label::Handler)
        .filter(|&h| {
            let h = clause.spans[h].1;
            h.end <= at.start && !is_recipient(clause.chars, h)
        })
        .max_by_key(|&h| clause.spans[h].1.end)
}

/// Pass 5: whom a share gives the data to — the nearest `subject` span (CA4P's `subject` marks
/// the party data goes to: `与[合作伙伴]共享`, `向[我们]提供`) within 30 chars, else the handler
/// nearest after the verb or named as a recipient. Collections have none.
pub(super) fn receiver(clause: TaggedClause, verb: usize) -> Option<usize> {
    if clause.spans[verb].0 != Label::Share {
        return None;
    }
    let at = clause.spans[verb].1;
    // How far apart two spans are, and the stretch between them.
    let gap_between = |a: Hit, b: Hit| {
        if a.end <= b.start {
            (b.start - a.end, a.end, b.start)
        } else {
            (a.start.saturating_sub(b.end), b.end, a.start.max(b.end))
        }
    };
    let gap = |h: usize| gap_between(clause.spans[h].1, at).0;
    // A subject that stands with another share verb, nearer to it and in its clause part, is
    // that verb's: `我们不会出售您的个人信息，但会与[物流服务提供商]共享` gives 出售 no receiver.
    let belongs_elsewhere = |h: usize| {
        let subject = clause.spans[h].1;
        let (own, _, _) = gap_between(subject, at);
        of_label(clause.spans, Label::Share)
            .filter(|&v| v != verb)
            .any(|v| {
                let (d, from, to) = gap_between(subject, clause.spans[v].1);
                d < own && !has_boundary(clause.chars, from, to)
            })
    };
    of_label(clause.spans, Label::Subject)
        .filter(|&h| gap(h) <= 30 && !belongs_elsewhere(h))
        .min_by_key(|&h| gap(h))
        .or_else(|| {
            of_label(clause.spans, Label::Handler)
                .filter(|&h| {
                    let h = clause.spans[h].1;
                    h.start >= at.end || is_recipient(clause.chars, h)
                })
                .min_by_key(|&h| distance(at, clause.spans[h].1))
        })
}

/// Pass 6a: the purpose span nearest the verb, on either side.
pub(super) fn nearest_purpose(clause: TaggedClause, verb: usize) -> Option<usize> {
    let spans = clause.spans;
    let at = spans[verb].1;
    let nearest = of_label(spans, Label::Purpose)
        .min_by_key(|&p| distance(at, spans[p].1).min(distance(spans[p].1, at)))?;
    // A span before the verb that no purpose word leads (`您可以通过…APP对您车辆的充电进行规划，
    // 我们会收集您的位置信息…以推荐附近的充电站`: what the user does) gives way to one after the
    // verb that a purpose word opens (`以…`, `用于…`).
    let led = |p: usize, words: &[&str]| {
        let h = spans[p].1;
        let text: String = clause.chars[h.start..h.end].iter().collect();
        let lead: String = clause.chars[h.start.saturating_sub(2)..h.start]
            .iter()
            .collect();
        words
            .iter()
            .any(|w| text.starts_with(w) || lead.ends_with(w))
    };
    // Nor does it give way to a purpose that only points back (`…需要提供…（…开启摄像头和相册
    // 权限以实现该目的）`): the purpose it points to is the one before.
    let refers_back = |p: usize| {
        let h = spans[p].1;
        points_back(&clause.chars[h.start..h.end].iter().collect::<String>())
    };
    const LEADING: [&str; 8] = ["为了", "为", "以便", "用于", "以", "便于", "根据", "基于"];
    const TRAILING: [&str; 5] = ["以便", "用于", "以", "便于", "从而"];
    if spans[nearest].1.end <= at.start && !led(nearest, &LEADING) {
        if let Some(after) = of_label(spans, Label::Purpose)
            .filter(|&p| spans[p].1.start >= at.end && led(p, &TRAILING))
            .filter(|&p| !refers_back(p))
            .min_by_key(|&p| spans[p].1.start)
        {
            return Some(after);
        }
    }
    Some(nearest)
}

/// Whether a purpose phrase (normalized) only points back at a feature or purpose named before
/// it (`为实现这一功能`, `为了实现上述目的`, `以实现该目的`): 160 files of the appch crawl say so.
/// Quoted as a purpose it tells the reader nothing, and the purpose it points at is the one to
/// pair with a verb ([`nearest_purpose`]); `ask` answers it with the feature it points at.
pub(crate) fn points_back(purpose: &str) -> bool {
    const ANAPHORS: [&str; 9] = [
        "这一", "这些", "这项", "该", "此", "上述", "前述", "以上", "相应",
    ];
    const FEATURES: [&str; 6] = ["功能", "服务", "目的", "需求", "场景", "业务"];
    let p = purpose.trim_end_matches(['，', ',', '。']);
    // (`以` opens a purpose, but `以上` is itself a word pointing back.)
    let p = ["为了", "为", "以便", "用于"]
        .iter()
        .find_map(|w| p.strip_prefix(w))
        .or_else(|| p.strip_prefix('以').filter(|rest| !rest.starts_with('上')))
        .unwrap_or(p);
    let p = ["实现", "完成", "提供", "满足", "达成"]
        .iter()
        .find_map(|v| p.strip_prefix(v))
        .unwrap_or(p);
    p.chars().count() <= 8
        && ANAPHORS.iter().any(|a| p.starts_with(a))
        && FEATURES.iter().any(|f| p.ends_with(f))
}

/// Pass 6b: the condition span nearest the verb (one before it is nearer: `当您…时，我们会收集`).
pub(super) fn nearest_condition(spans: &[(Label, Hit)], verb: usize) -> Option<usize> {
    let at = spans[verb].1;
    of_label(spans, Label::Condition).min_by_key(|&c| distance(spans[c].1, at))
}

/// Pass 7: whether the verb is negated — a negation cue at most 12 chars before it with no
/// clause boundary between (`不会收集`, `并不收集`, `无需获取`), or before a receiver that stands
/// right before the verb (`我们不会与淘宝网服务提供者以外的公司、组织和个人共享`), or a `不` in the
/// verb itself.
pub(super) fn is_negated(clause: TaggedClause, verb: usize, receiver: Option<usize>) -> bool {
    let chars = clause.chars;
    let at = clause.spans[verb].1;
    let negated_before = |to: usize| {
        (to.saturating_sub(12)..to)
            .any(|i| clause.marks[i] & mark::NEGATION != 0 && !has_boundary(chars, i, to))
    };
    let receiver_before_verb = receiver.map(|r| clause.spans[r].1).filter(|r| {
        r.end <= at.start && at.start - r.end <= 8 && !has_boundary(chars, r.end, at.start)
    });
    negated_before(at.start)
        || receiver_before_verb.is_some_and(|r| negated_before(r.start))
        || chars[at.start..at.end].contains(&'不')
        || disposal_before(chars, at.start).is_some_and(negated_before)
}

/// The `将` / `把` that brings the verb at `to` its object (`不会将您的个人身份信息（指…姓名或手机号
/// 码，…）与分析服务的合作伙伴共享`): the nearest one before it in its clause part, whatever a
/// bracket between says — a negation before it negates the verb however long the object.
fn disposal_before(chars: &[char], to: usize) -> Option<usize> {
    let mut i = to;
    while i > 0 {
        i -= 1;
        match chars[i] {
            '）' | ')' => {
                let mut depth = 1;
                while i > 0 && depth > 0 {
                    i -= 1;
                    match chars[i] {
                        '）' | ')' => depth += 1,
                        '（' | '(' => depth -= 1,
                        _ => {}
                    }
                }
            }
            // (Not `将会`, `将要`, `将来`, `将于`: the future, not an object.)
            '将' | '把'
                if !chars
                    .get(i + 1)
                    .is_some_and(|c| matches!(c, '会' | '要' | '来' | '于' | '在')) =>
            {
                return Some(i);
            }
            c if CLAUSE_END.contains(&c) => return None,
            _ => {}
        }
    }
    None
}

/// Whether the words right after share verb `verb` give the data to the operator (`您的相关个人
/// 信息会通过第三方分享给我们。`: the third party is where it comes from) — ending there or going
/// on to what for, not to a party of ours (`共享给我们的关联公司`, `提供给我们合作的电信运营机构`,
/// `转让给我们和我们关联公司以外的…`).
pub(super) fn passed_to_us(clause: TaggedClause, verb: usize) -> bool {
    let (label, at) = clause.spans[verb];
    let after: String = clause.chars[at.end..].iter().take(6).collect();
    label == Label::Share
        && ["给我们", "给我方", "至我们", "予我们"].iter().any(|w| {
            after.strip_prefix(w).is_some_and(|rest| {
                rest.is_empty()
                    || rest
                        .starts_with(['，', '。', '；', '、', ',', '.', ';', '：', ':', '）', ')'])
                    || ["用于", "用以", "以便", "进行", "处理"]
                        .iter()
                        .any(|v| rest.starts_with(v))
            })
        })
}

/// Words of a party asking the user for something (`需要您`, `请你`).
const ASKS_THE_USER: &[&str] = &[
    "需要您",
    "需要你",
    "需您",
    "需你",
    "须您",
    "须你",
    "请您",
    "请你",
    "要求您",
    "要求你",
];

/// The five chars before `at` in `chars`.
fn before_verb(chars: &[char], at: usize) -> String {
    chars[at.saturating_sub(5)..at].iter().collect()
}

/// Pass 8: what the verb does. The user giving data to the operator (`您需要向我们提供…`,
/// `您可以填写…`) is the operator collecting it, though the words are those of giving; so is
/// the user giving it to a party named before them (`我们或第三方认证机构需要您提供…`: the party
/// asks for it) or named only in a later clause part (`您需要提供…，并授权我们通过第三方实名认证
/// 服务商进行核验`: not whom the user gives it to).
pub(super) fn direction(
    clause: TaggedClause,
    verb: usize,
    handler: Option<usize>,
    receiver: Option<usize>,
) -> Label {
    let (label, at) = clause.spans[verb];
    if label != Label::Share {
        return label;
    }
    let chars = clause.chars;
    let text = |i: usize| -> String {
        let h = clause.spans[i].1;
        chars[h.start..h.end].iter().collect()
    };
    // (Or the user right before the verb, untagged: `实名认证需您提供您的姓名、身份证号码至
    // 白驹跑腿…`, `请您提供`.)
    let user_gives = handler.is_some_and(|h| {
        matches!(
            text(h).as_str(),
            "您" | "你" | "用户" | "您本人" | "用户本人"
        )
    }) || (handler.is_none()
        && at.start > 0
        && matches!(chars[at.start - 1], '您' | '你')
        // (Not the app giving to the user: `向您提供`, `为您提供`.)
        && !(at.start > 1 && matches!(chars[at.start - 2], '向' | '给' | '为' | '帮' | '替')))
        // (Or asked of whoever reads it, giving to no one named: `在您实名认证时，需提供身份证
        // 信息…以验证您的身份`.)
        || (handler.is_none()
            && receiver.is_none()
            && ["需", "需要", "须", "必须", "应", "应当", "请"]
                .iter()
                .any(|w| before_verb(chars, at.start).ends_with(w)))
        // (Or asked of the user by the party acting, untagged: `我们需要你在使用时提供手机号码`,
        // 万得投顾终端 — the party asking is not the one giving.)
        || handler.is_some_and(|h| {
            let h = clause.spans[h].1;
            h.end <= at.start && {
                let between: String = chars[h.end..at.start].iter().collect();
                !has_boundary(chars, h.end, at.start)
                    && ASKS_THE_USER.iter().any(|w| between.contains(w))
            }
        });
    let to_operator = |r: Option<usize>| {
        r.is_none_or(|r| {
            matches!(
                text(r).as_str(),
                "我们" | "我方" | "本平台" | "平台" | "本公司" | "我行" | "本行"
            )
        })
    };
    let before = before_verb(chars, at.start);
    let to_us = (receiver.is_some() && to_operator(receiver))
        || [
            "向我们",
            "给我们",
            "向我方",
            "向本公司",
            "向本平台",
            "向平台",
            "向我行",
            "向本行",
        ]
        .iter()
        .any(|w| before.ends_with(w));
    let asked_by_receiver = receiver
        .zip(handler)
        .is_some_and(|(r, h)| clause.spans[r].1.end <= clause.spans[h].1.start);
    let receiver_elsewhere = receiver.is_some_and(|r| {
        let r = clause.spans[r].1;
        r.start >= at.end && has_boundary(chars, at.end, r.start)
    });
    // (A party the user's giving never addresses — no `给`/`至` after the verb, no `向`/`与`
    // before it — is an item of what is given: 掌上大学's 「您需要提供支付宝/微信账户、网上银行或
    // 其他第三方支付方式」.)
    let receiver_unaddressed = receiver.is_some_and(|r| {
        let r = clause.spans[r].1;
        r.start >= at.end
            && !chars
                .get(at.end)
                .is_some_and(|c| matches!(c, '给' | '至' | '到'))
            && !(r.start > 0 && matches!(chars[r.start - 1], '给' | '至' | '到' | '向' | '与'))
    });
    if (user_gives
        && (to_operator(receiver)
            || asked_by_receiver
            || receiver_elsewhere
            || receiver_unaddressed))
        || to_us
        || passed_to_us(clause, verb)
    {
        Label::Collect
    } else {
        Label::Share
    }
}

/// After the passes, over the whole policy: the user giving data to the app by its name
/// (`您需要向光合熊猫提供联系人信息（姓名、身份证…）`) is the operator collecting it, as `向我们提供`
/// is ([`direction`] knows the operator only by the words it uses for itself); the app is then no
/// receiver.
pub(super) fn given_to_the_app(policy: &crate::document::Policy, out: &mut Extraction) {
    /// What may follow the app's name and still name the app (`光合熊猫平台`).
    const APP_SUFFIXES: [&str; 7] = ["", "平台", "APP", "应用", "官方", "客户端", "APP端"];
    // (Not the operator the policy was read to name: a company named near its start is as often
    // a partner's — 掌上衢州's push provider 浙江每日互动.)
    let names: Vec<String> = policy
        .app
        .iter()
        .chain(&policy.aliases)
        .map(|n| crate::normalize::normalize(n).to_ascii_uppercase())
        .filter(|n| n.chars().count() >= 2)
        .collect();
    if names.is_empty() {
        return;
    }
    for p in &mut out.practices {
        let Some(r) = p.receiver.filter(|_| p.action == Label::Share) else {
            continue;
        };
        let text = crate::normalize::normalize(&policy.visible_text(out.spans[r].span))
            .to_ascii_uppercase();
        let names_the_app = names.iter().any(|n| {
            text.strip_prefix(n.as_str())
                .is_some_and(|rest| APP_SUFFIXES.contains(&rest))
        });
        if names_the_app {
            p.action = Label::Collect;
            p.receiver = None;
        }
    }
}

/// Pass 9: a negated verb is negated whatever its condition; a condition makes it conditional.
pub(super) fn modality(negated: bool, condition: Option<usize>) -> Modality {
    if negated {
        Modality::Negated
    } else if condition.is_some() {
        Modality::Conditional
    } else {
        Modality::Affirmed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A clause written with its spans and negation cues marked: `[collect:收集]` is a span,
    /// `<不会>` negation cue chars; the marks are dropped from the text.
    struct Written {
        chars: Vec<char>,
        marks: Vec<u16>,
        spans: Vec<(Label, Hit)>,
    }

    fn written(source: &str) -> Written {
        let mut chars = Vec::new();
        let mut marks = Vec::new();
        let mut spans = Vec::new();
        let mut open: Option<(Label, usize)> = None;
        let mut negation = false;
        let mut rest = source;
        while let Some(c) = rest.chars().next() {
            rest = &rest[c.len_utf8()..];
            match c {
                '[' => {
                    let (name, after) = rest.split_once(':').expect("[label:text]");
                    let label = *crate::labeller::LABELS
                        .iter()
                        .find(|l| l.as_str() == name)
                        .expect("a label name");
                    open = Some((label, chars.len()));
                    rest = after;
                }
                ']' => {
                    let (label, start) = open.take().expect("] closes a [");
                    let end = chars.len();
                    spans.push((label, Hit { start, end }));
                }
                '<' => negation = true,
                '>' => negation = false,
                c => {
                    chars.push(c);
                    marks.push(if negation { mark::NEGATION } else { 0 });
                }
            }
        }
        Written {
            chars,
            marks,
            spans,
        }
    }

    impl Written {
        fn clause(&self) -> TaggedClause<'_> {
            TaggedClause {
                chars: &self.chars,
                marks: &self.marks,
                spans: &self.spans,
            }
        }

        fn text(&self, span: usize) -> String {
            let h = self.spans[span].1;
            self.chars[h.start..h.end].iter().collect()
        }

        fn texts(&self, spans: impl IntoIterator<Item = usize>) -> String {
            spans
                .into_iter()
                .map(|i| self.text(i))
                .collect::<Vec<_>>()
                .join("|")
        }

        /// The one practice verb of the clause.
        fn verb(&self) -> usize {
            let actions = actions(&self.spans);
            assert_eq!(actions.len(), 1, "one verb");
            actions[0]
        }
    }

    /// A practice as a line: `collect by=我们 data=手机号码|位置信息 to=… for=… if=… negated`.
    fn describe(w: &Written, p: &Practice) -> String {
        let mut out = p.action.as_str().to_string();
        let field = |name: &str, v: Option<usize>| {
            v.map(|v| format!(" {name}={}", w.text(v)))
                .unwrap_or_default()
        };
        out += &field("by", p.handler);
        if !p.data.is_empty() {
            out += &format!(" data={}", w.texts(p.data.iter().copied()));
        }
        out += &field("to", p.receiver);
        out += &field("for", p.purpose);
        out += &field("if", p.condition);
        match p.modality {
            Modality::Negated => out.push_str(" negated"),
            Modality::Conditional => out.push_str(" conditional"),
            Modality::Affirmed => {}
        }
        out
    }

    fn practices_of(source: &str) -> Vec<String> {
        let w = written(source);
        practices(w.clause(), 0, 0)
            .iter()
            .map(|p| describe(&w, p))
            .collect()
    }

    #[test]
    fn the_notation_reads_spans_and_negation_cues() {
        let w = written("[handler:我们]<不会>[collect:收集]");
        assert_eq!(w.chars.iter().collect::<String>(), "我们不会收集");
        assert_eq!(w.texts(0..2), "我们|收集");
        assert_eq!(w.marks, [0, 0, mark::NEGATION, mark::NEGATION, 0, 0]);
    }

    #[test]
    fn every_collect_or_share_verb_is_an_action() {
        for (clause, want) in [
            ("[handler:我们]会[collect:收集]您的[data:手机号码]", "收集"),
            (
                "[collect:收集]并[share:共享]您的[data:位置信息]",
                "收集|共享",
            ),
            ("为了[purpose:保障安全]，需要您的[data:手机号码]", ""),
        ] {
            let w = written(clause);
            assert_eq!(w.texts(actions(&w.spans)), want, "{clause}");
        }
    }

    #[test]
    fn a_definition_opens_at_its_first_defining_word() {
        for (clause, want) in [
            ("个人信息是指以电子方式记录的信息", Some(4)),
            ("敏感信息系指一旦泄露的信息，是指", Some(4)),
            ("我们会收集您的手机号码", None),
        ] {
            let chars: Vec<char> = clause.chars().collect();
            assert_eq!(defined_from(&chars), want, "{clause}");
        }
    }

    #[test]
    fn data_joins_the_nearest_verb_preferring_one_before_it() {
        for (clause, want) in [
            (
                "[collect:收集][data:手机号码]，[share:共享][data:位置信息]",
                "手机号码 / 位置信息",
            ),
            // Before a verb costs twice and four more: one char before the share (6) loses to
            // two after the collect …
            ("[collect:收集]您的[data:昵称]后[share:共享]", "昵称 / "),
            // … and wins over seven after it.
            (
                "[collect:收集]您在本平台内的[data:昵称]将[share:共享]",
                " / 昵称",
            ),
            ("[data:手机号码]将被[collect:收集]", "手机号码"),
        ] {
            let w = written(clause);
            let got: Vec<String> = data_of_actions(&w.spans, &actions(&w.spans))
                .into_iter()
                .map(|d| w.texts(d))
                .collect();
            assert_eq!(got.join(" / "), want, "{clause}");
        }
    }

    #[test]
    fn the_actor_is_the_last_party_before_the_verb_that_receives_nothing() {
        for (clause, want) in [
            (
                "[handler:我们]会[collect:收集]您的[data:手机号码]",
                Some("我们"),
            ),
            (
                "[handler:您]可以向[handler:我们][share:提供][data:身份证]",
                Some("您"),
            ),
            (
                "[handler:第三方SDK]或[handler:我们]会[collect:获取]",
                Some("我们"),
            ),
            ("[collect:收集]时[handler:我们]会告知", None),
        ] {
            let w = written(clause);
            let got = actor(w.clause(), w.verb()).map(|h| w.text(h));
            assert_eq!(got.as_deref(), want, "{clause}");
        }
    }

    #[test]
    fn a_share_goes_to_the_nearest_subject_else_to_the_party_after_it() {
        for (clause, want) in [
            (
                "[handler:我们]会与[subject:合作伙伴][share:共享][data:设备信息]",
                Some("合作伙伴"),
            ),
            (
                "[handler:我们]会将[data:订单信息][share:提供给][handler:物流公司]",
                Some("物流公司"),
            ),
            ("[handler:您]可以向[handler:我们][share:提供]", Some("我们")),
            ("[handler:我们]会[collect:收集][handler:第三方]的数据", None),
        ] {
            let w = written(clause);
            let got = receiver(w.clause(), w.verb()).map(|h| w.text(h));
            assert_eq!(got.as_deref(), want, "{clause}");
        }
    }

    #[test]
    fn purpose_and_condition_are_the_nearest_of_their_label() {
        let w = written(
            "[condition:当您注册时]，[purpose:为了核验身份]，我们会[collect:收集]您的手机号码，\
             [purpose:用于找回密码]",
        );
        let verb = w.verb();
        assert_eq!(
            nearest_purpose(w.clause(), verb)
                .map(|p| w.text(p))
                .as_deref(),
            Some("为了核验身份")
        );
        // 小鹏汽车 (crawl): what the user does, tagged as a purpose before the verb, gives way
        // to the purpose a purpose word opens after it.
        let charging = written(
            "您可以通过APP对[purpose:您车辆的充电进行规划]，我们会[collect:收集]您的位置信息\
             以[purpose:推荐附近的充电站]",
        );
        assert_eq!(
            nearest_purpose(charging.clause(), charging.verb())
                .map(|p| charging.text(p))
                .as_deref(),
            Some("推荐附近的充电站")
        );
        // 快手小店 (bundled): a basis before the verb keeps its place; a purpose that points
        // back, in an aside after the verb, is not the clause's.
        let shop = written(
            "您开设店铺时，[purpose:根据相关法律法规以及为实现业务基本功能]，需要[collect:提供]\
             您的[data:身份证件照片]（需要您开启摄像头权限以[purpose:实现该目的]）",
        );
        assert_eq!(
            nearest_purpose(shop.clause(), shop.verb())
                .map(|p| shop.text(p))
                .as_deref(),
            Some("根据相关法律法规以及为实现业务基本功能")
        );
        assert_eq!(
            nearest_condition(&w.spans, verb)
                .map(|c| w.text(c))
                .as_deref(),
            Some("当您注册时")
        );
        let none = written("我们会[collect:收集]您的手机号码");
        assert_eq!(nearest_purpose(none.clause(), none.verb()), None);
        assert_eq!(nearest_condition(&none.spans, none.verb()), None);
    }

    #[test]
    fn a_negation_counts_shortly_before_the_verb_in_its_clause_part() {
        for (clause, negated) in [
            ("[handler:我们]<不会>[collect:收集]您的[data:指纹]", true),
            (
                "我行仅接收验证结果，并<不>[collect:收集]您的[data:指纹]",
                true,
            ),
            ("<无需>[collect:获取]", true),
            // The boundary between: the negation is another clause part's.
            ("<不>满意的，[handler:我们]会[collect:收集]", false),
            // More than 12 chars before.
            (
                "<不>同意的情况下我们在这里依然照常会要[collect:收集]",
                false,
            ),
            // Before a receiver standing right before the verb.
            (
                "[handler:我们]<不会>与[subject:淘宝网服务提供者以外的公司]共同[share:共享]",
                true,
            ),
            ("[handler:我们][share:不共享]", true),
            ("[handler:我们]会[collect:收集]", false),
        ] {
            let w = written(clause);
            let verb = w.verb();
            let to = receiver(w.clause(), verb);
            assert_eq!(is_negated(w.clause(), verb, to), negated, "{clause}");
        }
    }

    #[test]
    fn the_user_giving_data_to_the_operator_is_a_collection() {
        for (clause, want) in [
            ("[handler:您]需要向[subject:我们][share:提供][data:姓名]", Label::Collect),
            ("[handler:您]需要[share:提供][data:身份证号]", Label::Collect),
            ("需要您向我们[share:提供][data:身份证号]", Label::Collect),
            (
                "[handler:我们]或[handler:第三方认证机构]需要[handler:您][share:提供][data:身份证]",
                Label::Collect,
            ),
            (
                "[handler:您]需要[share:提供][data:身份证]，并授权我们通过[handler:第三方服务商]核验",
                Label::Collect,
            ),
            // Asked of the user by the party acting (万得投顾终端): the party after the boundary
            // is no receiver.
            (
                "[handler:我们]需要你在使用时[share:提供][data:手机号码]，将通过“[handler:移动端App]扫码”等方式验证",
                Label::Collect,
            ),
            (
                "[handler:我们]请您[share:提供][data:身份证]",
                Label::Collect,
            ),
            (
                "[handler:我们]会将[data:订单信息][share:提供给][handler:物流公司]",
                Label::Share,
            ),
            (
                "[handler:您]可以[share:分享]给[subject:好友]",
                Label::Share,
            ),
            ("[handler:我们]会[collect:收集]", Label::Collect),
            // Untagged, the user right before the verb, or asked of whoever reads it with no
            // one named to receive it (白驹跑腿, 游潇湘).
            (
                "实名认证需您[share:提供]您的[data:姓名、身份证号码]至白驹跑腿",
                Label::Collect,
            ),
            // A party the user's giving never addresses is an item of what is given
            // (掌上大学), one it addresses receives it.
            (
                "[handler:您]需要[share:提供][data:支付宝/微信账户]、[subject:网上银行]或[subject:第三方]支付方式",
                Label::Collect,
            ),
            (
                "[handler:您]可以将[data:照片][share:分享]到[subject:微博]",
                Label::Share,
            ),
            // Not the app giving to the user.
            ("并向您[share:提供][data:订单信息]", Label::Share),
            ("在您实名认证时，需[share:提供][data:身份证信息]", Label::Collect),
            // Passed on to us: the party named is where it comes from (游潇湘's 第三方, 今日货源's
            // 极光认证平台) — but not to a party of ours.
            (
                "您的[data:相关个人信息]会通过[subject:第三方][share:分享]给我们。",
                Label::Collect,
            ),
            (
                "[handler:我们]会将您的[data:固定电话信息][share:提供]给我们合作的[subject:电信运营机构]",
                Label::Share,
            ),
            (
                "[handler:我们]会将您的[data:订单信息][share:共享]给我们的[subject:关联公司]",
                Label::Share,
            ),
        ] {
            let w = written(clause);
            let verb = w.verb();
            let handler = actor(w.clause(), verb);
            let to = receiver(w.clause(), verb);
            assert_eq!(direction(w.clause(), verb, handler, to), want, "{clause}");
        }
        // And what it came through is no receiver.
        assert_eq!(
            practices_of("您的[data:相关个人信息]会通过[subject:第三方][share:分享]给我们。"),
            vec!["collect data=相关个人信息"]
        );
    }

    #[test]
    fn what_the_user_enters_on_their_own_device_is_no_practice() {
        assert!(practices_of(
            "[handler:您]需要在您的设备上[share:录入]您的[data:指纹/面部特征信息]"
        )
        .is_empty());
        assert!(practices_of("请在本地[share:录入][data:指纹]").is_empty());
        // The app acting on the device, or the user giving it to the app, is one.
        assert_eq!(
            practices_of("[handler:我们]会在您的设备上[collect:获取][data:设备型号]").len(),
            1
        );
        assert_eq!(
            practices_of("[handler:您]在设备上登录后，需要[share:提供][data:手机号]").len(),
            1
        );
    }

    #[test]
    fn all_passes_together() {
        for (clause, want) in [
            (
                "[condition:当您注册时]，[handler:我们]会[collect:收集]您的[data:手机号码]，\
                 [purpose:用于验证身份]",
                vec!["collect by=我们 data=手机号码 for=用于验证身份 if=当您注册时 conditional"],
            ),
            (
                "[handler:我们]<不会>将您的[data:位置信息][share:提供给][handler:广告商]",
                vec!["share by=我们 data=位置信息 to=广告商 negated"],
            ),
            (
                "[handler:我们][collect:收集][data:设备信息]并与[subject:合作方][share:共享]\
                 [data:统计数据]",
                vec![
                    "collect by=我们 data=设备信息",
                    "share by=我们 data=统计数据 to=合作方",
                ],
            ),
            // A share naming no data passes on the data of the practice before it (小鹏汽车,
            // crawl): 「…提供您的姓名、手机号码，这些信息会共享给差旅服务商」.
            (
                "[handler:我们]会[collect:收集]您的[data:收货地址、手机号码]，并[share:共享]给\
                 [subject:物流服务商]",
                vec![
                    "collect by=我们 data=收货地址、手机号码",
                    "share by=我们 data=收货地址、手机号码 to=物流服务商",
                ],
            ),
            // A definition: what follows `是指` is defined, not practised.
            ("个人信息是指[collect:收集]的[data:手机号码]", vec![]),
            ("[data:手机号码]属于个人信息", vec![]),
        ] {
            assert_eq!(practices_of(clause), want, "{clause}");
        }
    }
}
