use super::sdk_names::third_parties_named_by_handler;
use super::*;

/// Words with which a clause refusing to share goes on to list when it does share anyway
/// (`但以下情况除外`, `除非获得您的同意`).
pub(super) const EXCEPTION_WORDS: &[&str] =
    &["除外", "除非", "以下情", "例外", "但", "except", "unless"];

/// How a receiver that is the operator itself or the user begins.
pub(super) const OWN_SIDE: &[&str] = &[
    "我们",
    "我方",
    "本公司",
    "本平台",
    "您",
    "你",
    "用户",
    // A bank's `we` (兴业银行: `向我行提供…`), and its `本行`.
    "我行",
    "本行",
    // The app itself and its screens: 小鹏汽车's 「将您的车辆相关信息…同步至APP内显示」 named
    // 「APP内」 as a receiver.
    "本应用",
    "本APP",
    "本App",
    "本软件",
    "本产品",
    "本网站",
    "APP内",
    "App内",
    "app内",
    "应用内",
    "客户端",
];

/// Who receives the data of one analysed policy (the report's 「第三方与SDK」 section).
pub fn receivers_of_policy(a: &Analysed, lexicon: &Lexicon) -> ReceiversAnswer {
    receivers_answer(
        &[a],
        lexicon,
        a.policy.app.clone().unwrap_or_default(),
        a.policy.title.clone(),
    )
}

pub(super) fn receivers_answer(
    chosen: &[&Analysed],
    lexicon: &Lexicon,
    app: String,
    policy_title: Option<String>,
) -> ReceiversAnswer {
    let mut receivers: Vec<ReceiverUse> = Vec::new();
    let mut by_name: BTreeMap<String, usize> = BTreeMap::new();
    let mut refusals = Vec::new();
    let mut unnamed = Vec::new();
    let mut excepted = false;
    let push_unique = |list: &mut Vec<String>, item: String| {
        if !item.is_empty() && !list.contains(&item) {
            list.push(item);
        }
    };
    for a in chosen {
        for r in crate::receivers::receivers_of(a.policy, lexicon) {
            let key = normalize(&r.name.text);
            let i = *by_name.entry(key).or_insert_with(|| {
                receivers.push(ReceiverUse {
                    name: r.name.text.clone(),
                    kind: match r.kind {
                        crate::receivers::ReceiverKind::Sdk => "sdk",
                        crate::receivers::ReceiverKind::Partner => "partner",
                    }
                    .into(),
                    operator: r
                        .operator
                        .as_ref()
                        .map(|q| q.text.clone())
                        .or_else(|| r.operator_from_lexicon.clone()),
                    data_types: vec![],
                    data: vec![],
                    purposes: vec![],
                    link: r.link.clone(),
                    evidence: vec![],
                });
                receivers.len() - 1
            });
            // The same SDK named otherwise in prose (`极光SDK` for a listed `极光推送SDK`) is
            // this receiver: known by the lexicon SDK its name matches.
            if let Some(m) = lexicon.find_sdks(&normalize(&r.name.text)).first() {
                by_name.entry(sdk_key(m.sdk_index)).or_insert(i);
            }
            let u = &mut receivers[i];
            r.data_types
                .iter()
                .for_each(|d| push_unique(&mut u.data_types, d.clone()));
            r.data
                .iter()
                .for_each(|q| push_unique(&mut u.data, q.text.clone()));
            match (r.purposes.is_empty(), &r.purpose) {
                (false, _) => r
                    .purposes
                    .iter()
                    .for_each(|p| push_unique(&mut u.purposes, p.clone())),
                (true, Some(q)) => push_unique(&mut u.purposes, q.text.clone()),
                (true, None) => {}
            }
            push_evidence(&mut u.evidence, record_evidence(a, r.span, r.name.span));
        }
        // A receiver the policy names in refusing (`不会与…以外的公司、组织和个人共享`) is not
        // one it shares with, though the exceptions that follow may read as sharing with it.
        // (A refusal with its exceptions, `不会与…以外的任何公司、组织和个人分享…，但以下情况除外`,
        // may be read as a conditional practice: the part of its clause that names the receiver
        // says what it is — only that part, for `不会出售…，但会与合作伙伴共享` shares.)
        let refuses = |p: &crate::extract::Practice| {
            p.modality == Modality::Negated
                || p.receiver.is_some_and(|r| {
                    let sentence = a.policy.sentences[p.sentence].span;
                    let receiver = a.extraction.spans[r].span;
                    let breaks = ['，', '。', '；', ',', ';', '：', ':'];
                    let before = a.policy.visible_text(Span::new(
                        sentence.start,
                        receiver.start.max(sentence.start),
                    ));
                    let after = a
                        .policy
                        .visible_text(Span::new(receiver.end.min(sentence.end), sentence.end));
                    // (Read without bracketed asides, whose commas would cut the part short:
                    // 元贝驾考's 「我们不会将您的个人身份信息（指…，例如姓名或电子邮箱，…）与提供广告、
                    // 分析服务的合作伙伴共享」.)
                    let before = outside_brackets(&before);
                    let part = format!(
                        "{}{}{}",
                        before.rsplit(breaks).next().unwrap_or(""),
                        a.policy.visible_text(receiver),
                        after.split(breaks).next().unwrap_or("")
                    );
                    super::purpose::denies_broadly(&normalize(&outside_brackets(&part)))
                })
        };
        // (Decided once per practice: it reads the clause's text.)
        let refusing: Vec<bool> = a
            .extraction
            .practices
            .iter()
            .map(|p| p.action == Label::Share && refuses(p))
            .collect();
        let refused: Vec<usize> = a
            .extraction
            .practices
            .iter()
            .zip(&refusing)
            .filter(|(_, &r)| r)
            .filter_map(|(p, _)| p.receiver)
            .collect();
        for (practice, &refusal) in a.extraction.practices.iter().zip(&refusing) {
            if practice.action != Label::Share {
                continue;
            }
            if refusal {
                let e = evidence_in(a, practice.sentence, Label::Share, {
                    a.policy.sentences[practice.sentence].span
                });
                let clause = normalize(&e.clause);
                excepted |= EXCEPTION_WORDS.iter().any(|w| clause.contains(w));
                push_evidence(&mut refusals, e);
                continue;
            }
            let named = match practice.receiver {
                Some(r) if refused.contains(&r) => None,
                // A tagged party that is none (`向我们提供`) and none after a preposition: no
                // sharing with anyone.
                Some(_) => match practice_receiver(a, practice, lexicon) {
                    Some(found) => Some(found),
                    None => continue,
                },
                None => practice_receiver(a, practice, lexicon),
            };
            let Some((name, span)) = named else {
                // (A clause telling what the policy is for, `帮助您了解我们收集、使用、存储和共享
                // 个人信息的情况`, or what a safeguard prevents, `以防未经授权的人员擅自访问、使用或
                // 披露用户的信息`, shares nothing: 腾讯日历's were listed as sharing.)
                let text = normalize(
                    &a.policy
                        .visible_text(a.policy.sentences[practice.sentence].span),
                );
                let safeguard = ["以防", "防止"].iter().any(|w| text.contains(w))
                    && ["未经授权", "泄露", "泄漏", "丢失"]
                        .iter()
                        .any(|w| text.contains(w));
                if safeguard
                    || TELLS_ONLY.iter().any(|w| text.contains(w))
                    || shares_only_in_modifiers(a, practice.sentence)
                {
                    continue;
                }
                let item = practice
                    .data
                    .first()
                    .map_or(a.policy.sentences[practice.sentence].span, |&d| {
                        a.extraction.spans[d].span
                    });
                push_evidence(&mut unnamed, evidence(a, practice, item));
                continue;
            };
            let parties = super::parties::parties_named(a, practice.sentence, name, span, lexicon);
            // (Parties named right before a verb taking data, `接入…合作伙伴友盟、百度、今日头条读取
            // 您的设备识别号`, take what that collecting practice takes.)
            let taking = parties
                .iter()
                .map(|(_, s)| s.end)
                .max()
                .and_then(|end| super::parties::collecting_after(a, practice.sentence, end));
            // (The labeller's data spans may run into the list of parties: 快对作业's 「…手机号码
            // 共享至中移互联网有限公司、中国联合网络通信集团有限公司、中国电信集团有限公司…」 gave
            // 「中国电信集团」 as data.)
            let names: Vec<String> = parties.iter().map(|(n, _)| normalize(n)).collect();
            // (Only where a giving verb stands before the party, `共享至…`; `与X共享Y` names the
            // data after it.)
            let gives_what_precedes =
                super::parties::given_to_what_follows(a, practice.sentence, span);
            let not_a_party = |item: &str| {
                let item = normalize(item);
                !item.to_ascii_uppercase().ends_with("SDK")
                    && !names.iter().any(|n| n.contains(&item))
            };
            for (name, span) in parties.iter().cloned() {
                let i = *by_name.entry(normalize(&name)).or_insert_with(|| {
                    receivers.push(ReceiverUse::named(name.clone(), "named", None));
                    receivers.len() - 1
                });
                let u = &mut receivers[i];
                add_practice_items(u, a, practice, lexicon, &push_unique, &not_a_party);
                if let Some(taking) = taking {
                    add_practice_items(u, a, taking, lexicon, &push_unique, &not_a_party);
                }
                // (And what the clause part gives it, though the labeller filed some of it under
                // another practice: 快对作业's 「将您的手机状态、网络状态、定位信息…应用安装列表
                // 共享至…的腾讯验证码SDK和广点通SDK」 gave this one none.)
                if gives_what_precedes {
                    for d in data_given_in_part(a, practice.sentence, span) {
                        add_data_items(u, a, d, &push_unique, &not_a_party);
                    }
                } else if let Some(from) = object_of_jiang(a, practice.sentence, span) {
                    // (Or what `将` makes the object before the party, `将您的…会员名…与相应网上
                    // 银行或第三方支付平台公司共享`, 掌上大学.)
                    // (Only what the labeller tagged: the lexicon's words in that object are
                    // as often its modifiers, `注册…账户的姓名`, `用于提现的银行卡卡号`.)
                    for d in data_given_in_part(a, practice.sentence, span)
                        .into_iter()
                        .filter(|d| d.span.start >= from && d.by == crate::extract::FoundBy::Model)
                    {
                        add_data_items(u, a, d, &push_unique, &not_a_party);
                    }
                }
                push_evidence(&mut u.evidence, evidence(a, practice, span));
            }
        }
        // A clause the labeller read no sharing in that gives data to a party it names
        // (`向小鹏融资租赁及其委托的第三方提供您的个人信息`): that party receives the data the
        // clause mentions.
        let sharing: BTreeSet<usize> = a
            .extraction
            .practices
            .iter()
            .filter(|p| p.action == Label::Share)
            .map(|p| p.sentence)
            .collect();
        for si in (0..a.policy.sentences.len()).filter(|si| !sharing.contains(si)) {
            let Some((name, span)) = untagged_sharing_party(a, si, lexicon) else {
                continue;
            };
            let i = *by_name.entry(normalize(&name)).or_insert_with(|| {
                receivers.push(ReceiverUse::named(name.clone(), "named", None));
                receivers.len() - 1
            });
            let u = &mut receivers[i];
            let sentence = a.policy.sentences[si].span;
            // (Given by a verb before the party, `将车辆相关信息上传至…平台，将电池相关数据上传至…`:
            // what its clause part names before it, not the next part's `电池`.)
            if super::parties::given_to_what_follows(a, si, span) {
                for d in data_given_in_part(a, si, span) {
                    add_data_items(u, a, d, &push_unique, &|_: &str| true);
                }
            } else {
                for m in a
                    .extraction
                    .mentions
                    .iter()
                    .filter(|m| sentence.contains(m.span))
                    .filter(|m| !refused_in_its_part(a, sentence, m.span, lexicon))
                {
                    if let Some(t) = &m.data_type {
                        push_unique(&mut u.data_types, t.clone());
                        push_unique(&mut u.data, a.policy.visible_text(m.span));
                    }
                }
            }
            push_evidence(&mut u.evidence, evidence_in(a, si, Label::Share, span));
        }
        // An SDK or another third party the policy names as the party collecting
        // (`该SDK需要获取您的设备标识符`, `闪验SDK需要获取IP地址`, `位置服务合作伙伴可能会使用您的
        // GPS信息`) receives that data, though no clause says "share".
        for practice in &a.extraction.practices {
            if practice.action != Label::Collect || practice.modality == Modality::Negated {
                continue;
            }
            let Some(handler) = practice.handler.map(|h| a.extraction.spans[h].span) else {
                continue;
            };
            for (name, is_sdk) in
                third_parties_named_by_handler(a, practice.sentence, handler, lexicon)
            {
                // (Of several brands a slash joins, `华为/Oppo/Vivo/小米Push SDK`, the one the
                // lexicon knows is not the receiver: only one that opens the name is.)
                let known = lexicon
                    .find_sdks(&normalize(&name))
                    .first()
                    .filter(|m| m.start == 0 || !name.contains('/'))
                    .map(|m| m.sdk_index);
                let kind = if is_sdk { "sdk" } else { "named" };
                let i = receiver_of_sdk(&mut receivers, &mut by_name, lexicon, &name, known, kind);
                if let Some(k) = known {
                    by_name.entry(sdk_key(k)).or_insert(i);
                }
                let u = &mut receivers[i];
                add_practice_items(u, a, practice, lexicon, &push_unique, &|_: &str| true);
                push_evidence(&mut u.evidence, evidence(a, practice, handler));
            }
        }
    }
    // The SDKs a clause says the app integrates (`我们的产品集成百度地图SDK、…：百度SDK：用于获取
    // 位置信息；…`) receive what their own words say they are for and take.
    for a in chosen {
        for si in 0..a.policy.sentences.len() {
            for (name, what_for) in super::sdk_names::sdks_integrated(a, si, lexicon) {
                let known = lexicon
                    .find_sdks(&normalize(&name))
                    .first()
                    .map(|m| m.sdk_index);
                let i = receiver_of_sdk(&mut receivers, &mut by_name, lexicon, &name, known, "sdk");
                let u = &mut receivers[i];
                // (What a clause or list has said of it already is said better there.)
                let (said_what_for, said_data) = (!u.purposes.is_empty(), !u.data.is_empty());
                for p in lexicon
                    .find_purposes_outside_party_names(&what_for)
                    .into_iter()
                    .filter(|_| !said_what_for)
                {
                    push_unique(
                        &mut u.purposes,
                        lexicon.purposes()[p.purpose_index].canonical.clone(),
                    );
                }
                // (Data it takes, `用于获取位置信息` — not a feature's words, `用于语音输入`.)
                let chars: Vec<char> = what_for.chars().collect();
                let taken_from = ["获取", "收集", "采集", "读取", "访问"]
                    .iter()
                    .filter_map(|v| what_for.find(v))
                    .min()
                    .map(|b| what_for[..b].chars().count());
                for m in lexicon
                    .find_data(&what_for)
                    .into_iter()
                    .filter(|m| !said_data && taken_from.is_some_and(|t| m.start > t))
                {
                    push_unique(
                        &mut u.data_types,
                        lexicon.data_types()[m.type_index].canonical.clone(),
                    );
                    push_unique(&mut u.data, chars[m.start..m.end].iter().collect());
                }
                let sentence = a.policy.sentences[si].span;
                push_evidence(&mut u.evidence, evidence_in(a, si, Label::Share, sentence));
            }
        }
    }
    // A name the labeller cut short of a longer one the same clauses name (`阿里` of
    // `阿里云计算有限公司的阿里云反馈SDK`) is that party, not another.
    let receivers = without_names_cut_from_others(receivers);
    // (A refusal with its exceptions may also read as sharing: 天马垂钓's 「…不会向任何无关第三方
    // 提供…，除非事先得到您的许可，或该第三方和天马垂钓…共同为您提供服务」 was listed under both.)
    // (Nor is a clause that names its receivers one that names none: the labeller may tag a
    // second verb in it, 盯盯's 「…指定合作伙伴友盟、百度、今日头条读取…」.)
    unnamed.retain(|u: &Evidence| {
        !refusals
            .iter()
            .chain(receivers.iter().flat_map(|r| &r.evidence))
            .any(|r: &Evidence| r.clause_span == u.clause_span)
    });
    let stance = if !receivers.is_empty() || !unnamed.is_empty() {
        SharingStance::Shares
    } else if refusals.is_empty() {
        SharingStance::Silent
    } else if excepted {
        SharingStance::NoneExcept
    } else {
        SharingStance::None
    };
    ReceiversAnswer {
        app,
        policy_id: chosen.first().map(|a| a.policy.id.clone()),
        policy_title,
        stance,
        refusals,
        receivers,
        unnamed,
    }
}

/// The index in `receivers` of the receiver named `name` (the lexicon's SDK `known`, if any):
/// the one already keyed by that SDK or by the name, else a new one of `kind` with the SDK's
/// operator.
fn receiver_of_sdk(
    receivers: &mut Vec<ReceiverUse>,
    by_name: &mut BTreeMap<String, usize>,
    lexicon: &Lexicon,
    name: &str,
    known: Option<usize>,
    kind: &str,
) -> usize {
    let key = match known.map(sdk_key) {
        Some(k) if by_name.contains_key(&k) => k,
        _ => normalize(name),
    };
    let i = *by_name.entry(key).or_insert_with(|| {
        let operator = known
            .map(|k| lexicon.sdks()[k].operator.clone())
            .filter(|o| !o.is_empty());
        receivers.push(ReceiverUse::named(name.to_string(), kind, operator));
        receivers.len() - 1
    });
    i
}

/// Whether every sharing verb the labeller tagged in sentence `sentence` only describes data
/// (盯盯's 「我们会收集您…使用盯盯服务时提交或产生的信息」, where `提交` was tagged as sharing): each is
/// followed by `的`, directly or after one more verb joined by `或`/`和`/`及` (`提交或产生的`).
pub(super) fn shares_only_in_modifiers(a: &Analysed, sentence: usize) -> bool {
    let this = a.policy.sentences[sentence].span;
    let mut verbs = a
        .extraction
        .spans
        .iter()
        .filter(|s| s.label == Label::Share && this.contains(s.span))
        .peekable();
    // (A verb of two chars: `共享必要` tagged before `的个人信息` is the verb and its object's
    // modifier.)
    verbs.peek().is_some()
        && verbs.all(|v| {
            let after = normalize(&a.policy.visible_text(Span::new(v.span.end, this.end)));
            v.span.len() == 2 && modifier_ends(&after)
        })
}

/// Whether `after`, the text after a verb, makes the verb a modifier: `的` next, or after a
/// conjunction and a two-char verb (`或产生的`).
fn modifier_ends(after: &str) -> bool {
    let rest = after
        .strip_prefix(['或', '和', '及'])
        .map(|r| r.chars().skip(2).collect::<String>());
    after.starts_with('的') || rest.is_some_and(|r| r.starts_with('的'))
}

/// `receivers` without each one named only in clauses that cite another whose name begins
/// with its own (the labeller cut its end; not a name that ends another, which is more often
/// the right one beside a glued table's run-on cell — unless a kind of party joined by `或`/`和`/
/// `及` opens the other, `差旅或保险服务商`).
fn without_names_cut_from_others(receivers: Vec<ReceiverUse>) -> Vec<ReceiverUse> {
    let names: Vec<String> = receivers.iter().map(|r| normalize(&r.name)).collect();
    let cut = |i: usize| {
        let r = &receivers[i];
        r.kind == "named"
            && receivers.iter().enumerate().any(|(j, other)| {
                j != i
                    && names[j].len() > names[i].len()
                    && (names[j].starts_with(&names[i])
                        // (Or a kind of party joined before it, `差旅或` + `保险服务商`.)
                        || names[j]
                            .strip_suffix(names[i].as_str())
                            .is_some_and(|lead| lead.ends_with(['或', '和', '及'])))
                    && r.evidence.iter().all(|e| {
                        other
                            .evidence
                            .iter()
                            .any(|o| o.clause_span == e.clause_span)
                    })
            })
    };
    let keep: Vec<bool> = (0..receivers.len()).map(|i| !cut(i)).collect();
    receivers
        .into_iter()
        .zip(keep)
        .filter_map(|(r, keep)| keep.then_some(r))
        .collect()
}

/// `text` without what it says in brackets (an aside that may hold commas and words of its
/// own: it neither refuses nor shares).
pub(super) fn outside_brackets(text: &str) -> String {
    let mut depth = 0i32;
    text.chars()
        .filter(|&c| {
            match c {
                '（' | '(' => depth += 1,
                '）' | ')' => {
                    depth -= 1;
                    return false;
                }
                _ => {}
            }
            depth <= 0
        })
        .collect()
}

/// Where the object of a `将`/`把` begins when the party at `party` is what it is given to
/// (`将X与Y共享`, `把X向Y提供`): right after the last `将`/`把` of the clause part before the
/// party, when a preposition stands right before the party. `None` otherwise.
fn object_of_jiang(a: &Analysed, sentence: usize, party: Span) -> Option<usize> {
    let this = a.policy.sentences[sentence].span;
    if party.start <= this.start || party.start > this.end {
        return None;
    }
    let view = a.policy.reading_view(Span::new(this.start, party.start));
    let chars: Vec<char> = view.text.chars().collect();
    let part_from = chars
        .iter()
        .rposition(|c| "，。；：,;:".contains(*c))
        .map_or(0, |p| p + 1);
    let at = (part_from..chars.len())
        .rev()
        .find(|&i| "将把".contains(chars[i]))?;
    // (The preposition may stand before another party joined to this one: `与相应网上银行或
    // 第三方支付平台公司共享`.)
    let preposition = chars.last().is_some_and(|c| "与和同向跟".contains(*c))
        || (chars.len().saturating_sub(16).max(at)..chars.len())
            .any(|i| "与向跟".contains(chars[i]))
            && "或和及、".contains(chars[chars.len() - 1]);
    preposition.then(|| view.origin.get(at + 1).copied().unwrap_or(party.start))
}

/// Whether the clause part of `sentence` holding `span` (from the last mark before it) says
/// before it that the data is not given (掌上大学's 「我们会向这些合作伙伴提供有关其广告覆盖面和有效性
/// 的信息，而不会提供您的个人身份信息」): a negation cue of the lexicon, not the condition
/// `未经…`.
fn refused_in_its_part(a: &Analysed, sentence: Span, span: Span, lexicon: &Lexicon) -> bool {
    let before = normalize(
        &a.policy
            .visible_text(Span::new(sentence.start, span.start.max(sentence.start))),
    );
    let part = before
        .rfind(['，', '。', '；', '：', ',', ';', ':'])
        .map_or(before.as_str(), |i| &before[i..]);
    lexicon
        .cues("negation")
        .iter()
        .filter(|c| !c.starts_with("未经"))
        .any(|c| part.contains(c.as_str()))
}

/// The key under which a receiver is also known by the lexicon SDK its name matches (no
/// normalized name starts with a NUL).
fn sdk_key(sdk_index: usize) -> String {
    format!("\0sdk{sdk_index}")
}

/// The data of sentence `sentence` in the clause part before a receiver at `receiver` (from
/// the last comma, semicolon or colon before it): the labelled data spans, and the lexicon's
/// mentions of a data type outside them (`手机状态` the labeller left untagged).
fn data_given_in_part<'a>(
    a: &'a Analysed,
    sentence: usize,
    receiver: Span,
) -> Vec<&'a crate::extract::Extracted> {
    let this = a.policy.sentences[sentence].span;
    if receiver.start < this.start || receiver.start > this.end {
        return Vec::new();
    }
    let before: Vec<char> = a
        .policy
        .visible_text(Span::new(this.start, receiver.start))
        .chars()
        .collect();
    let from = this.start
        + before
            .iter()
            .rposition(|c| "，。；：,;:".contains(*c))
            .map_or(0, |p| p + 1);
    let in_part =
        |e: &&crate::extract::Extracted| e.span.start >= from && e.span.end <= receiver.start;
    let labelled: Vec<&crate::extract::Extracted> = a
        .extraction
        .spans
        .iter()
        .filter(|e| e.label == Label::Data)
        .filter(in_part)
        .collect();
    // (Not a data word naming a kind of party, `智能设备` of `智能设备提供商`.)
    let names_a_party = |m: &&crate::extract::Extracted| {
        let next = a
            .policy
            .visible_text(Span::new(m.span.end, (m.span.end + 3).min(this.end)));
        super::parties::party_words()
            .third_party_ends
            .iter()
            .chain(&["制造商", "厂商", "提供方", "公司"])
            .any(|w| next.starts_with(w))
    };
    let mentioned = a
        .extraction
        .mentions
        .iter()
        .filter(in_part)
        .filter(|m| m.data_type.is_some() && !names_a_party(m))
        .filter(|m| {
            !labelled
                .iter()
                .any(|l| l.span.start < m.span.end && m.span.start < l.span.end)
        });
    let mut all = labelled.clone();
    all.extend(mentioned);
    all.sort_by_key(|e| e.span.start);
    all
}

/// A data span's types and items, added to receiver `u` — those `is_datum` keeps (not a
/// party's name the labeller tagged as data).
fn add_data_items(
    u: &mut ReceiverUse,
    a: &Analysed,
    item: &crate::extract::Extracted,
    push_unique: &impl Fn(&mut Vec<String>, String),
    is_datum: &impl Fn(&str) -> bool,
) {
    let text = a.policy.visible_text(item.span);
    if !is_datum(&text) {
        return;
    }
    item.data_types
        .iter()
        .chain(&item.data_type)
        .for_each(|t| push_unique(&mut u.data_types, t.clone()));
    // One span often lists several items (`IP地址、网卡（MAC)地址、sim卡信息`): each is one,
    // as in a receiver table — but not a word that only grades them (`…电话号码信息属于敏感信息`).
    for part in list_items(&text) {
        if !SENSITIVITY_WORDS.contains(&part.as_str()) && is_datum(&part) {
            push_unique(&mut u.data, part);
        }
    }
}

/// The data items (those `is_datum` keeps) and purposes of `practice`, added to receiver `u`.
fn add_practice_items(
    u: &mut ReceiverUse,
    a: &Analysed,
    practice: &Practice,
    lexicon: &Lexicon,
    push_unique: &impl Fn(&mut Vec<String>, String),
    is_datum: &impl Fn(&str) -> bool,
) {
    for &d in &practice.data {
        add_data_items(u, a, &a.extraction.spans[d], push_unique, is_datum);
    }
    if let Some(p) = practice.purpose {
        let item = &a.extraction.spans[p];
        let text = a.policy.visible_text(item.span);
        if item.purposes.is_empty() && super::uses::points_back(&normalize(&text)) {
            // `为实现这一功能`: the feature it points at.
            for name in feature_pointed_at(a, practice, lexicon).unwrap_or_else(|| vec![text]) {
                push_unique(&mut u.purposes, name);
            }
        } else if item.purposes.is_empty() {
            push_unique(&mut u.purposes, text);
        } else {
            item.purposes
                .iter()
                .for_each(|p| push_unique(&mut u.purposes, p.clone()));
        }
    }
}

/// Words that say how sensitive data is, naming no item of it.
const SENSITIVITY_WORDS: [&str; 5] = [
    "敏感信息",
    "个人敏感信息",
    "敏感个人信息",
    "隐私信息",
    "个人隐私信息",
];

/// The items of a listed span, split at `、`, `，` and `；` outside brackets
/// (`设备标识符（IMEI、Android ID）、网络信息` is two items).
fn list_items(text: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut depth = 0i32;
    let mut current = String::new();
    for c in text.chars() {
        match c {
            '（' | '(' | '【' | '[' | '《' => depth += 1,
            '）' | ')' | '】' | ']' | '》' => depth = (depth - 1).max(0),
            _ => {}
        }
        if depth == 0 && matches!(c, '、' | '，' | ',' | '；' | ';') {
            items.push(std::mem::take(&mut current));
        } else {
            current.push(c);
        }
    }
    items.push(current);
    items
        .into_iter()
        .map(|i| with_brackets_balanced(i.trim()))
        .filter(|i| !i.is_empty())
        .collect()
}

/// `item` without the closing brackets it never opened, and with those it left open closed: a
/// span the labeller cut inside brackets (`IMEI）、网络设备硬件地址（MAC`) gives `IMEI` and
/// `网络设备硬件地址（MAC）`, not half a bracket each.
fn with_brackets_balanced(item: &str) -> String {
    // (Opening, closing); a fullwidth and an ASCII round bracket pair with each other
    // (`识别码（IMEI)`).
    const PAIRS: [(&str, char); 4] = [("（(", '）'), ("【", '】'), ("[", ']'), ("《", '》')];
    let closer = |c: char| {
        PAIRS
            .iter()
            .position(|(_, close)| *close == c || (c == ')' && *close == '）'))
    };
    let mut open: Vec<usize> = Vec::new();
    let mut out = String::with_capacity(item.len());
    for c in item.chars() {
        if let Some(kind) = PAIRS.iter().position(|(opening, _)| opening.contains(c)) {
            open.push(kind);
        } else if let Some(kind) = closer(c) {
            if open.last() != Some(&kind) {
                continue;
            }
            open.pop();
        }
        out.push(c);
    }
    while let Some(kind) = open.pop() {
        out.push(PAIRS[kind].1);
    }
    out.trim().to_string()
}

impl ReceiverUse {
    /// A receiver a clause names (`kind` `named`, or `sdk` for an SDK), with nothing filed yet.
    fn named(name: String, kind: &str, operator: Option<String>) -> ReceiverUse {
        ReceiverUse {
            name,
            kind: kind.into(),
            operator,
            data_types: vec![],
            data: vec![],
            purposes: vec![],
            link: None,
            evidence: vec![],
        }
    }
}

/// Words of a clause that tells the reader what the policy covers: a sharing verb in it states
/// no sharing. (A safeguard's clause, `防止…未经授权访问…披露`, is told apart by its words too.)
const TELLS_ONLY: &[&str] = &["帮助您了解", "帮助你了解", "使您了解", "让您了解"];

#[cfg(test)]
mod list_item_tests {
    use super::{list_items, modifier_ends};

    #[test]
    fn a_verb_followed_by_de_describes_data_and_shares_nothing() {
        // 盯盯's 「…使用盯盯服务时提交或产生的信息」: `提交` tagged as sharing.
        assert!(modifier_ends("或产生的信息，以及"));
        assert!(modifier_ends("的信息"));
        assert!(!modifier_ends("给合作伙伴"));
        assert!(!modifier_ends("或披露您的信息"));
    }

    #[test]
    fn a_listed_span_is_split_into_its_items_outside_brackets() {
        assert_eq!(
            list_items("设备标识符（IMEI、Android ID）、网络信息，sim卡信息"),
            ["设备标识符（IMEI、Android ID）", "网络信息", "sim卡信息"]
        );
        assert_eq!(list_items("设备信息或统计信息"), ["设备信息或统计信息"]);
        // A span cut inside brackets (易提词, crawl): whole items, no half brackets.
        assert_eq!(
            list_items("IMEI）、网络设备硬件地址（MAC"),
            ["IMEI", "网络设备硬件地址（MAC）"]
        );
        assert_eq!(
            list_items("国际移动设备识别码（IMEI)、MAC"),
            ["国际移动设备识别码（IMEI)", "MAC"]
        );
    }
}
