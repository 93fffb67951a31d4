use super::*;

/// The verdict on whether the app does what a purpose answer is about: yes when it names data
/// for it, no when a clause naming the purpose says the app does not, else not mentioned.
pub(super) fn purpose_verdict(
    question: &Question,
    a: &PurposeAnswer,
    chosen: &[&Analysed],
    lexicon: &Lexicon,
) -> YesNo {
    if !a.items.is_empty() {
        let mut evidence = Vec::new();
        for e in a.items.iter().flat_map(|i| &i.evidence) {
            if evidence.len() < 3 {
                push_evidence(&mut evidence, e.clone());
            }
        }
        return YesNo {
            verdict: Verdict::Yes,
            evidence,
            contradicted_by: None,
        };
    }
    let mut evidence = Vec::new();
    if let Some(purpose) = &question.purpose {
        for an in chosen {
            for (si, sentence) in an.policy.sentences.iter().enumerate() {
                let text = normalize(&an.policy.visible_text(sentence.span));
                let names = lexicon
                    .find_purposes(&text)
                    .iter()
                    .any(|m| &lexicon.purposes()[m.purpose_index].canonical == purpose);
                if names && denies_broadly(&text) {
                    push_evidence(
                        &mut evidence,
                        evidence_in(an, si, Label::Collect, sentence.span),
                    );
                }
            }
        }
    }
    YesNo {
        verdict: if evidence.is_empty() {
            Verdict::NotMentioned
        } else {
            Verdict::No
        },
        evidence,
        contradicted_by: None,
    }
}

/// The verdict the clauses holding a question's particular words give: those holding the most
/// of their char pairs (at least half), no when one of them says the app does not, else yes.
/// None when no clause holds them.
pub(super) fn verdict_from_clauses(particulars: &[String], chosen: &[&Analysed]) -> Option<YesNo> {
    let pairs = char_pairs(particulars);
    if pairs.is_empty() {
        return None;
    }
    // The pairs that are words naming a thing or a place (`境外`, not the verb `传到`): where the
    // question has one, a clause must hold one (`上传到服务器` is no answer to 「会传到境外吗」).
    let things: Vec<&String> = pairs
        .iter()
        .filter(|p| {
            crate::jieba_dict::lookup(p)
                .is_some_and(|(_, tag)| tag.starts_with('n') || matches!(tag, "s" | "f"))
        })
        .collect();
    let mut best: Vec<Evidence> = Vec::new();
    let mut best_denies = Vec::new();
    let mut best_only_if = Vec::new();
    // Refusals that list their exceptions (`除以下情形外，我们不会…`): the app does only in the
    // cases listed — unless a clause holds more of the words (`…必须与物流公司共享`).
    let mut best_excepted = Vec::new();
    // (Three pairs or fewer are often one word and a verb the policy words otherwise:
    // `传到境外` is matched by `向境外提供`.)
    let mut best_score = if pairs.len() <= 3 {
        1
    } else {
        pairs.len().div_ceil(2)
    };
    for a in chosen {
        for (si, sentence) in a.policy.sentences.iter().enumerate() {
            let text = normalize(&a.policy.visible_text(sentence.span));
            if !things.is_empty() && !things.iter().any(|p| text.contains(p.as_str())) {
                continue;
            }
            let score = pairs.iter().filter(|p| text.contains(p.as_str())).count();
            if score < best_score {
                continue;
            }
            if score > best_score {
                best_score = score;
                best.clear();
                best_denies.clear();
                best_only_if.clear();
                best_excepted.clear();
            }
            // A heading that holds the words (免费铃声's `（八）后台运行期间`) says nothing by
            // itself: the clause under it does, read with the heading's words.
            // (A title, short and of one phrase: not a sentence's first line read as a heading,
            // `6、从合法公开披露的信息中收集的您的个人信息的，如合法的新闻报道、政府`.)
            let a_title = a.policy.blocks[sentence.block].is_heading()
                && text.chars().count() <= 20
                && !text.contains(['，', ',', '、', '。', '；']);
            let under = a_title.then(|| si + 1).filter(|&next| {
                a.policy
                    .sentences
                    .get(next)
                    .is_some_and(|n| !a.policy.blocks[n.block].is_heading())
            });
            let (si, text) = match under {
                Some(next) => (
                    next,
                    format!(
                        "{text} {}",
                        normalize(&a.policy.visible_text(a.policy.sentences[next].span))
                    ),
                ),
                None => (si, text),
            };
            let e = evidence_in(a, si, Label::Collect, a.policy.sentences[si].span);
            let denies = denies_broadly(&text);
            if denies && excepts_what_follows(&text) {
                push_evidence(&mut best_excepted, e);
            } else if denies {
                push_evidence(&mut best_denies, e);
            } else if opens_on_a_condition(&text) || text.trim_start().starts_with("如需") {
                push_evidence(&mut best_only_if, e);
            } else if let Some(d) = denied_right_after(a, si, &pairs) {
                // `应用特效时，我们会使用人脸识别技术` followed by `人脸识别技术的使用不会收集
                // 用户 Face 信息`: what it does, then what it does not.
                push_evidence(&mut best_denies, e);
                push_evidence(
                    &mut best_denies,
                    evidence_in(a, d, Label::Collect, a.policy.sentences[d].span),
                );
            } else {
                push_evidence(&mut best, e);
            }
        }
    }
    if !best_denies.is_empty() {
        best_denies.truncate(3);
        return Some(YesNo {
            verdict: Verdict::No,
            evidence: best_denies,
            contradicted_by: None,
        });
    }
    if !best_excepted.is_empty() {
        best_excepted.truncate(3);
        return Some(YesNo {
            verdict: Verdict::OnlyIf,
            evidence: best_excepted,
            contradicted_by: None,
        });
    }
    if best.is_empty() && !best_only_if.is_empty() {
        best_only_if.truncate(3);
        return Some(YesNo {
            verdict: Verdict::OnlyIf,
            evidence: best_only_if,
            contradicted_by: None,
        });
    }
    (!best.is_empty()).then(|| {
        best.truncate(3);
        YesNo {
            verdict: Verdict::Yes,
            evidence: best,
            contradicted_by: None,
        }
    })
}

/// A clause among the few after sentence `si` of `a`, in its section, that shares one of
/// `pairs` and says the app does not do something with it.
pub(super) fn denied_right_after(a: &Analysed, si: usize, pairs: &[String]) -> Option<usize> {
    let sentences = &a.policy.sentences;
    let section = &a.policy.blocks[sentences[si].block].section;
    (si + 1..sentences.len())
        .take(4)
        .take_while(|&i| a.policy.blocks[sentences[i].block].section == *section)
        .find(|&i| {
            let text = normalize(&a.policy.visible_text(sentences[i].span));
            denies_broadly(&text) && pairs.iter().any(|p| text.contains(p.as_str()))
        })
}

/// The char pairs of `words` (`后台` → 后台; `传到境外` → 传到, 到境, 境外): what clause
/// matching counts, so that a reader's wording need not be the policy's word for word.
pub(super) fn char_pairs(words: &[String]) -> Vec<String> {
    words
        .iter()
        .flat_map(|w| {
            let c: Vec<char> = w.chars().collect();
            c.windows(2)
                .map(|p| p.iter().collect::<String>())
                .collect::<Vec<_>>()
        })
        .collect()
}

/// How `chars` holds the two-char `pair`: 2 as it is, 1 with at most two chars between its
/// chars (on one line), 0 not at all.
pub(super) fn pair_score(chars: &[char], pair: &str) -> usize {
    let mut p = pair.chars();
    let (Some(x), Some(y)) = (p.next(), p.next()) else {
        return 0;
    };
    let mut best = 0;
    for (i, &c) in chars.iter().enumerate() {
        if c != x {
            continue;
        }
        for (gap, &d) in chars[i + 1..].iter().take(3).enumerate() {
            if d == '\n' {
                break;
            }
            if d == y {
                best = best.max(if gap == 0 { 2 } else { 1 });
            }
        }
        if best == 2 {
            break;
        }
    }
    best
}

/// Where each of `words` occurs in the chars `q`, as char ranges.
pub(super) fn occurrences<'w>(
    q: &[char],
    words: impl Iterator<Item = &'w String>,
) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    for w in words {
        let w: Vec<char> = w.chars().collect();
        for i in 0..q.len().saturating_sub(w.len() - 1) {
            if q[i..i + w.len()] == w[..] {
                found.push((i, i + w.len()));
            }
        }
    }
    found
}

/// How a clause opens that says what the app would do only if something happens.
pub(super) const CONDITIONS_TO_COME: [&str; 18] = [
    "如涉及",
    "如果涉及",
    "若涉及",
    "如未来",
    "如将来",
    "如今后",
    "若未来",
    "若将来",
    // (中智万年历's 「如果日后为处理跨境业务，需要向境外机构传输…，我们会事先征得您的同意」 was a 是.)
    "如日后",
    "如果日后",
    "若日后",
    "如果未来",
    "如果将来",
    "如果今后",
    "若今后",
    // (`如因业务需要，我们确需向境外机构提供您的个人信息，我们会…`.)
    "如因",
    "若因",
    "如果因",
];

/// Whether a clause (normalized) opens on a condition that may never hold: it starts with one
/// of [`CONDITIONS_TO_COME`], or its first part starts with a time to come and sets a condition
/// in it (云智连's 「将来您的相关个人信息如发生数据跨境处理时，确需向境外机构传输…」). (Not the user's
/// own need, `如需使用…功能，您需要提供…`: the app does so whenever a user does.)
pub(super) fn opens_on_a_condition(clause: &str) -> bool {
    let clause = clause.trim_start();
    let first_part = clause.split(['，', ',']).next().unwrap_or("");
    CONDITIONS_TO_COME.iter().any(|w| clause.starts_with(w))
        || (["将来", "未来", "今后", "日后", "后期"]
            .iter()
            .any(|w| first_part.starts_with(w))
            && ["如", "若", "时"].iter().any(|w| first_part.contains(w)))
        || supposes_the_apps_own_case(first_part)
}

/// Whether a clause's first part supposes a case of the app's business that may never arise:
/// `如部分产品或服务涉及跨境`, `如果发生数据的跨境传输`, `如果确有必要进行数据的跨境传输`,
/// `如新开展的业务涉及跨境业务`, `若为处理跨境业务` (穗好办's 「如部分产品或服务涉及跨境，我们需要向境外传输您的
/// 个人信息，我们会事先征求您的同意」 answered 「会传到境外吗」 with 是). Not a case of the user's
/// own (`如您使用跨境交易服务`): the app does so whenever a user does.
fn supposes_the_apps_own_case(first_part: &str) -> bool {
    const SUPPOSE: [&str; 5] = ["如果", "如", "若", "假如", "倘若"];
    // (`跨境`: 数字人民币's 「若为处理跨境业务，确需向境外机构传输…的，我们会…征得您的单独同意」.)
    // (`境外`: 小鹏汽车's 「如果我们向境外传输，我们将会…单独征求您的授权同意」.)
    const CASE: [&str; 8] = [
        "涉及",
        "发生",
        "确有必要",
        "确需",
        "开展",
        "跨境",
        "境外",
        "出境",
    ];
    SUPPOSE.iter().any(|w| first_part.starts_with(w))
        && !first_part.contains(['您', '你'])
        && CASE.iter().any(|w| first_part.contains(w))
}

/// Whether `practice` stands in a clause of `a` that opens on a condition that may never hold
/// ([`opens_on_a_condition`]: `如果因业务发展的必要而需要从第三方间接收集…您的个人信息的`).
pub(super) fn said_on_a_condition(a: &Analysed, practice: &Practice) -> bool {
    let sentence = a.policy.sentences[practice.sentence].span;
    opens_on_a_condition(&normalize(&a.policy.visible_text(sentence)))
}

/// Phrases saying the user does not use or turn on a feature (`data/ask/declined_features.txt`).
static DECLINED_FEATURES: std::sync::LazyLock<Vec<String>> =
    std::sync::LazyLock::new(|| word_list(include_str!("../../data/ask/declined_features.txt")));

/// Whether the denial in `clause` holds only while the user leaves a feature off: a condition
/// before it (`若…`, `如果…`, `在…时`, `…时，则`) says the user does not use or turn on something
/// (`用户在不使用定位相关功能和服务时，则多问律师端不会读取用户的MAC地址`). The app then does
/// collect the data when the feature is used: such a clause answers 「只在特定情况下」.
pub(super) fn denial_only_while_a_feature_is_off(clause: &str) -> bool {
    const NEGATIONS: [&str; 4] = ["不会", "不再", "将不", "不"];
    let Some(denial) = NEGATIONS
        .iter()
        .filter_map(|n| {
            clause.match_indices(n).map(|(i, _)| i).find(|&i| {
                DECLINED_FEATURES
                    .iter()
                    .all(|f| !clause[i..].starts_with(f.as_str()))
            })
        })
        .min()
    else {
        return false;
    };
    let before = &clause[..denial];
    let Some(feature) = DECLINED_FEATURES
        .iter()
        .filter_map(|f| before.find(f.as_str()))
        .min()
    else {
        return false;
    };
    let opens_a_condition = ["若", "如果", "假如", "倘若", "如您", "当", "在"]
        .iter()
        .any(|w| before[..feature].contains(w));
    let closes_it = ["时", "则", "情况下", "的话", "后"]
        .iter()
        .any(|w| before[feature..].contains(w));
    opens_a_condition && closes_it
}

/// Whether a clause says the app does not do something with data: `不` (not `不限于`,
/// `不同` …) followed within a few chars by a verb of processing (`不会将…提供给广告商`,
/// `不会与…相关联`, `不会传输至境外`).
/// Whether a refusal names its exceptions in what follows or in a condition (`除以下情形外，
/// 我们不会与任何公司…分享`, `…但以下情况除外：`, `除非获得您的同意`): it says when the app
/// does, not that it never does. (Ta在哪儿's 「会把我的信息给物流公司吗」 was 否 on it, above
/// the clause that shares with 物流公司.) Not an exception of the law's (`除法律法规另有规定外`).
pub(super) fn excepts_what_follows(clause: &str) -> bool {
    const LISTS: [&str; 4] = ["以下", "下列", "如下", "下述"];
    clause.contains("除非")
        || (LISTS.iter().any(|w| clause.contains(w))
            && (clause.contains("除外")
                || clause.match_indices('除').any(|(i, _)| {
                    clause[i..]
                        .chars()
                        .take(12)
                        .take_while(|c| !matches!(c, '，' | '。' | '；' | '：'))
                        .any(|c| c == '外')
                })))
}

pub(super) fn denies_broadly(clause: &str) -> bool {
    const VERBS: [&str; 17] = [
        "收集", "获取", "采集", "存储", "保存", "读取", "接收", "共享", "提供", "披露", "分享",
        "出售", "转让", "传输", "转移", "关联", "用于",
    ];
    // (`不适用于…收集的信息` says what the policy covers.)
    const NOT_A_DENIAL: [char; 11] = [
        '限', '同', '定', '时', '断', '足', '仅', '但', '久', '便', '适',
    ];
    clause.match_indices('不').any(|(i, _)| {
        let rest = &clause[i + '不'.len_utf8()..];
        if rest.starts_with(NOT_A_DENIAL) {
            return false;
        }
        let part: String = rest
            .chars()
            .take_while(|c| !matches!(c, '，' | '。' | '；' | ',' | ';'))
            .collect();
        let near: String = part.chars().take(14).collect();
        // Further away when what lies between names every party but the operator (`不会与录音
        // 转文字管家以外的任何公司、组织和个人分享`): a refusal to share with anyone.
        VERBS.iter().any(|v| near.contains(v))
            || (["以外", "之外", "任何"].iter().any(|w| part.contains(w))
                && VERBS.iter().any(|v| part.contains(v)))
    })
}

/// Answer `question` from the policies of the app it is about.
pub(super) fn answer_plain(
    question: &Question,
    chosen: &[&Analysed],
    lexicon: &Lexicon,
    app: String,
) -> Result<Answer, AskError> {
    let title = chosen[0].policy.title.clone();
    if let Some(topic) = question
        .topic
        .as_deref()
        .and_then(|id| TOPICS.iter().find(|t| t.id == id))
    {
        return Ok(Answer::Clauses(clauses_answer(
            topic,
            &question.particulars,
            chosen,
            app,
            title,
        )));
    }
    if let Some(activity) = &question.activity {
        // The purpose the activity's words name, if any practice serves it; else the clauses
        // that speak of the activity.
        let by_clause = by_activity(
            question,
            chosen,
            lexicon,
            activity,
            app.clone(),
            title.clone(),
        );
        // A clause that holds nearly all the activity's words (`订酒店下单` in `预订酒店时…您在
        // 下单时需要提供…`) is more to the point than everything its purpose (交易支付) takes.
        // (Only when the activity says more than its purpose: `做安全风控` is the purpose.)
        let beyond_purpose = particulars(activity, Some(lexicon)).iter().any(|w| {
            !app.contains(w.as_str())
                && !chosen.iter().any(|a| {
                    a.policy
                        .app
                        .as_deref()
                        .is_some_and(|n| n.contains(w.as_str()))
                })
        });
        if beyond_purpose
            && by_clause.score * 4 >= by_clause.full * 3
            && !by_clause.answer.items.is_empty()
        {
            return Ok(Answer::ByPurpose(by_clause.answer));
        }
        if question.purpose.is_some() && question.data.is_none() {
            let as_purpose = Question {
                activity: None,
                ..question.clone()
            };
            if let Ok(Answer::ByPurpose(a)) = answer_for(&as_purpose, chosen, lexicon, app.clone())
            {
                if !a.items.is_empty() {
                    return Ok(Answer::ByPurpose(a));
                }
            }
        }
        return Ok(Answer::ByPurpose(by_clause.answer));
    }
    if let Some(data) = &question.data {
        let ty = lexicon
            .data_type_by_name(data)
            .ok_or_else(|| AskError::UnknownData {
                asked: data.clone(),
            })?;
        return Ok(Answer::ByData(by_data_or_broader(
            question, chosen, lexicon, ty, app, title,
        )));
    }
    let Some(purpose) = &question.purpose else {
        // "Who gets my data" names neither a purpose nor a data type.
        if question.action == ActionFilter::Share {
            return Ok(Answer::Receivers(receivers_answer(
                chosen, lexicon, app, title,
            )));
        }
        // "What does it collect" (`会收集哪些信息`, `收集哪些敏感个人信息`): every data item
        // of every affirmed practice, whatever its purpose.
        let answer = overview(question, chosen, lexicon, app.clone(), title.clone());
        // No practice read: the clauses that hold the question's own words (`会自动记录我什么`:
        // `服务器会自动记录一些信息，包括…`) answer it, when it has words of its own.
        if answer.items.is_empty() && !question.particulars.is_empty() {
            let words = question.particulars.join("");
            let by_words = by_activity(question, chosen, lexicon, &words, app, title).answer;
            if !by_words.items.is_empty() {
                return Ok(Answer::ByPurpose(by_words));
            }
        }
        return Ok(Answer::ByPurpose(answer));
    };
    // The asked purpose: a canonical name, or free text (`判断您的账号风险`) mapped onto the
    // canonical purposes its words name — and, either way, read as a phrase: a clause that
    // states the very phrase answers it even when no canonical purpose fits.
    let asked = purpose;
    let phrase = normalize(asked);
    let mut canonical: Vec<String> = Vec::new();
    if let Some(p) = lexicon.purpose_by_name(asked) {
        canonical.push(p.canonical.clone());
    }
    for m in lexicon.find_purposes(&phrase) {
        let p = &lexicon.purposes()[m.purpose_index].canonical;
        if !canonical.contains(p) {
            canonical.push(p.clone());
        }
    }
    if canonical.is_empty() && phrase.chars().filter(|c| c.is_alphanumeric()).count() < 2 {
        return Err(unknown_purpose(asked, lexicon));
    }
    let mut items: BTreeMap<String, DataItem> = BTreeMap::new();
    let candidate = |practice: &Practice| {
        practice.modality != Modality::Negated
            && action_matches(question.action, practice.action)
            && !practice.data.is_empty()
    };
    // Purpose words of the policy's own (not a canonical name; four chars or more, so specific)
    // that practices state verbatim are answered by those practices alone: the canonical
    // purpose the words map to is broader (`以便向您推荐附近的商场` is 个性化推荐, which other clauses serve with other data).
    let verbatim = !lexicon.purposes().iter().any(|p| &p.canonical == asked)
        && phrase.chars().count() >= 4
        && chosen.iter().any(|a| {
            a.extraction
                .practices
                .iter()
                .any(|p| candidate(p) && states_phrase(a, p, &phrase))
        });
    for a in chosen {
        for practice in &a.extraction.practices {
            let serves = if verbatim {
                states_phrase(a, practice, &phrase)
            } else {
                canonical
                    .iter()
                    .any(|c| practice_serves(a, practice, c, lexicon))
                    || states_phrase(a, practice, &phrase)
            };
            if !candidate(practice) || !serves {
                continue;
            }
            add_practice_data(&mut items, a, practice, lexicon);
        }
    }
    if !verbatim {
        for a in chosen {
            add_record_data(&mut items, a, &canonical, lexicon);
        }
    }
    if items.is_empty() && !verbatim && action_matches(question.action, Label::Collect) {
        for a in chosen {
            answer_from_clauses_naming(&mut items, a, &canonical, lexicon);
        }
    }
    if items.is_empty() && canonical.is_empty() {
        // No practice ties data to words no known purpose names: answer from the clauses that
        // state those very words — the data they name — rather than refuse. (`以便帮助您解决问题`
        // in a clause the extractor found no practice in.)
        for a in chosen {
            answer_from_stating_clauses(&mut items, a, &phrase, lexicon);
        }
    }
    let stated_somewhere = || {
        phrase.chars().filter(|c| c.is_alphanumeric()).count() >= 2
            && chosen.iter().any(|a| {
                a.policy
                    .sentences
                    .iter()
                    .any(|s| normalize(&a.policy.visible_text(s.span)).contains(&phrase))
            })
    };
    if canonical.is_empty() && items.is_empty() && !stated_somewhere() {
        // Neither a known purpose nor words any clause states: say which purposes there are.
        // (Words the policy states with no data we can name get an empty answer, not this.)
        return Err(unknown_purpose(asked, lexicon));
    }
    let mut items: Vec<DataItem> = items.into_values().collect();
    sort_items(&mut items);
    Ok(Answer::ByPurpose(PurposeAnswer {
        app,
        policy_title: title,
        purpose: canonical.first().cloned().unwrap_or_else(|| asked.clone()),
        action: question.action,
        items,
        activity: None,
        yes_no: None,
        declared_sensitive: Vec::new(),
        sensitive_only: false,
    }))
}

/// The data items of the records (SDK lists and tables) of `a` whose purpose is one of
/// `canonical`, each citing its record: 免费铃声's 「为了广告投放收集哪些信息」 found nothing, where its
/// table gives five ad SDKs (`广告投放`) and the IMEI each gets.
fn add_record_data(
    items: &mut BTreeMap<String, DataItem>,
    a: &Analysed,
    canonical: &[String],
    lexicon: &Lexicon,
) {
    for r in crate::receivers::receivers_of(a.policy, lexicon) {
        if !r.purposes.iter().any(|p| canonical.contains(p)) {
            continue;
        }
        for q in &r.data {
            for m in lexicon.find_data(&normalize(&q.text)) {
                let ty = &lexicon.data_types()[m.type_index];
                items
                    .entry(ty.canonical.clone())
                    .or_insert_with(|| DataItem::of_type(ty))
                    .file(q.text.clone(), record_evidence(a, r.span, q.span));
            }
        }
    }
}

/// The purpose an answer about every purpose is given for.
pub const EVERY_PURPOSE: &str = "所有用途";

/// Every data item `chosen` collects (or shares, as `question.action` says) in an affirmed
/// practice, for any purpose — only the sensitive ones when the question asks for those.
pub(super) fn overview(
    question: &Question,
    chosen: &[&Analysed],
    lexicon: &Lexicon,
    app: String,
    title: Option<String>,
) -> PurposeAnswer {
    let mut items: BTreeMap<String, DataItem> = BTreeMap::new();
    for a in chosen {
        let found = practice_items(
            a,
            |action| action_matches(question.action, action),
            usize::MAX,
            lexicon,
        );
        for (name, (item, _)) in found {
            match items.entry(name) {
                std::collections::btree_map::Entry::Vacant(e) => {
                    e.insert(item);
                }
                std::collections::btree_map::Entry::Occupied(mut e) => {
                    let entry = e.get_mut();
                    for ev in item.evidence {
                        push_evidence(&mut entry.evidence, ev);
                    }
                    for w in item.wording {
                        if !entry.wording.contains(&w) {
                            entry.wording.push(w);
                        }
                    }
                }
            }
        }
    }
    let mut items: Vec<DataItem> = items
        .into_values()
        .filter(|i| i.sensitive || !question.sensitive_only)
        .collect();
    sort_items(&mut items);
    let declared_sensitive = if question.sensitive_only {
        declared_sensitive(chosen, lexicon)
    } else {
        Vec::new()
    };
    PurposeAnswer {
        app,
        policy_title: title,
        purpose: EVERY_PURPOSE.to_string(),
        action: question.action,
        items,
        activity: None,
        yes_no: None,
        declared_sensitive,
        sensitive_only: question.sensitive_only,
    }
}

/// The reason given for data a policy itself calls sensitive.
pub const DECLARED_SENSITIVE: &str = "政策自述为敏感个人信息";

/// The data `chosen` call sensitive in so many words (`身份证信息属于个人敏感信息`,
/// `涉及的个人敏感信息包括…`), each with the clause that says so.
pub(super) fn declared_sensitive(chosen: &[&Analysed], lexicon: &Lexicon) -> Vec<DataItem> {
    let mut declared: BTreeMap<String, DataItem> = BTreeMap::new();
    for a in chosen {
        for (si, sentence) in a.policy.sentences.iter().enumerate() {
            let text = normalize(&a.policy.visible_text(sentence.span));
            if declares_sensitive(&text) {
                // (Only the data the declaration speaks of: not those of what follows it,
                // `位置信息是您的个人敏感信息，如您不提供…，您将无法注册APP账号`.)
                let declared_of = |item: Span| {
                    let before = normalize(
                        &a.policy
                            .visible_text(Span::new(sentence.span.start, item.start)),
                    );
                    !consequence_after_declaring(&before)
                };
                data_of_clause_where(&mut declared, a, si, lexicon, declared_of);
            }
        }
    }
    let mut declared: Vec<DataItem> = declared
        .into_values()
        .map(|mut i| {
            if !i.sensitive {
                i.sensitive = true;
                i.reason = Some(DECLARED_SENSITIVE.to_string());
            }
            i
        })
        .collect();
    sort_items(&mut declared);
    declared
}

/// Whether the text of a clause before a datum (normalized) has left the declaration of what
/// is sensitive: after its `敏感信息` a part opens on a condition or a consequence (`如您不提供`,
/// `否则`, `您将无法`), whose data are not declared.
pub(super) fn consequence_after_declaring(before: &str) -> bool {
    let Some(at) = ["敏感信息", "敏感个人信息"]
        .iter()
        .filter_map(|w| before.rfind(w))
        .max()
    else {
        return false;
    };
    before[at..]
        .split(['，', ',', '；', ';'])
        .skip(1)
        .any(|part| {
            ["如", "若", "否则", "您将", "你将", "将无法", "则"]
                .iter()
                .any(|w| part.starts_with(w))
        })
}

/// Whether a clause says which of the data it names are sensitive: it speaks of sensitive
/// (personal) information and says what belongs to it (`属于`, `是`, `包括`, `例如`, `等`).
pub(super) fn declares_sensitive(clause: &str) -> bool {
    ["敏感信息", "敏感个人信息"]
        .iter()
        .any(|w| clause.contains(w))
        && ["属于", "包括", "例如", "涉及", "比如", "如", "等", "是"]
            .iter()
            .any(|w| clause.contains(w))
}

pub(super) fn action_matches(filter: ActionFilter, action: Label) -> bool {
    match filter {
        ActionFilter::Any => true,
        ActionFilter::Collect => action == Label::Collect,
        ActionFilter::Share => action == Label::Share,
    }
}

/// Whether a practice serves `purpose`: its purpose phrase maps onto it, or its clause or
/// section title names it.
pub(super) fn practice_serves(
    a: &Analysed,
    practice: &Practice,
    purpose: &str,
    lexicon: &Lexicon,
) -> bool {
    let stated = practice.purpose.map(|p| &a.extraction.spans[p].purposes);
    let sentence = a.policy.sentences[practice.sentence];
    let names = |text: &str| {
        lexicon
            .find_purposes(&normalize(text))
            .iter()
            .any(|m| lexicon.purposes()[m.purpose_index].canonical == purpose)
    };
    let text = clause_without_actions_listed(a, practice, lexicon);
    if let Some(stated) = stated.filter(|s| !s.is_empty()) {
        // A practice that states a known purpose serves that purpose, not whatever its clause or
        // section also mentions (`实名认证` under a section titled `…地图…` is not 位置服务) —
        // unless what it states is only the vague `为便于我们为您提供服务`: then the clause's
        // other words say what for (`…，用于创建账号`).
        if stated.iter().any(|x| x == purpose) {
            return true;
        }
        return stated.iter().all(|x| x == VAGUE_PURPOSE) && names(&text);
    }
    if names(&text) {
        return true;
    }
    // `为此，我们会收集您的性别、设备机型…`: the purpose is what the sentences before it in
    // its paragraph state (clauses split at `；` too: up to three back).
    if stated.is_none() && FOR_THIS.iter().any(|w| text.trim_start().starts_with(w)) {
        let before = a.policy.sentences[practice.sentence.saturating_sub(3)..practice.sentence]
            .iter()
            .filter(|s| s.block == sentence.block);
        if before
            .into_iter()
            .any(|s| names(&a.policy.visible_text(s.span)))
        {
            return true;
        }
    }
    if stated.is_some() {
        // Its purpose is in words no canonical purpose names: the clause decides, not the
        // section title.
        return false;
    }
    a.policy.blocks[sentence.block]
        .section
        .iter()
        .any(|title| names(title))
}

/// A practice's clause without the items of its data that name no data type: such an item is
/// an action logged, not a purpose (`登录` among `应用启动、登录、点击首页…` does not make the
/// list collected for 注册登录). Items that are data keep their words (`登录密码`).
pub(super) fn clause_without_actions_listed(
    a: &Analysed,
    practice: &Practice,
    lexicon: &Lexicon,
) -> String {
    let mut text = a
        .policy
        .visible_text(a.policy.sentences[practice.sentence].span);
    for &d in &practice.data {
        let span = &a.extraction.spans[d];
        for item in span
            .items
            .iter()
            .chain(span.items.is_empty().then_some(&span.span))
        {
            let item = a.policy.visible_text(*item);
            if !item.is_empty() && lexicon.find_data(&normalize(&item)).is_empty() {
                text = text.replace(&item, "、");
            }
        }
    }
    text
}

/// The canonical purpose of phrases that say only "to provide the service".
pub(super) const VAGUE_PURPOSE: &str = "基本功能实现";

/// How a clause opens that serves the purpose the sentence before it states.
pub(super) const FOR_THIS: [&str; 7] = [
    "为此",
    "为了实现上述",
    "为实现上述",
    "为实现这一",
    "为实现此",
    "基于此",
    "基于上述目的",
];

/// The error for a purpose the lexicon does not know, listing the ones it does.
pub(super) fn unknown_purpose(asked: &str, lexicon: &Lexicon) -> AskError {
    AskError::UnknownPurpose {
        asked: asked.to_string(),
        known: lexicon
            .purposes()
            .iter()
            .map(|p| p.canonical.clone())
            .collect(),
    }
}

/// Whether a practice's purpose phrase, or its clause, states `phrase` (normalized) itself.
pub(super) fn states_phrase(a: &Analysed, practice: &Practice, phrase: &str) -> bool {
    if phrase.chars().count() < 2 {
        return false;
    }
    if let Some(p) = practice.purpose {
        let text = normalize(&a.policy.visible_text(a.extraction.spans[p].span));
        if text.contains(phrase) || (text.chars().count() >= 4 && phrase.contains(&text)) {
            return true;
        }
    }
    let sentence = a.policy.sentences[practice.sentence];
    normalize(&a.policy.visible_text(sentence.span)).contains(phrase)
}

/// Whether a clause says the app does not do what `action` asks: `不` (with at most one of
/// 会/再/得/予 after it) right before a verb of collecting or of sharing.
pub(super) fn denies(clause: &str, action: ActionFilter) -> bool {
    const COLLECT: [&str; 11] = [
        "收集", "获取", "采集", "存储", "保存", "读取", "接收", "上传", "储存", "存放", "留存",
    ];
    const SHARE: [&str; 6] = ["共享", "提供给", "披露", "分享", "出售", "转让"];
    let verbs: Vec<&str> = match action {
        ActionFilter::Collect => COLLECT.to_vec(),
        ActionFilter::Share => SHARE.to_vec(),
        ActionFilter::Any => COLLECT.iter().chain(&SHARE).copied().collect(),
    };
    // `不收集`, `不会获取`, `不能读取`, and `无法获取` (`指纹信息仅保存在您的设备本地，我们无法获取`),
    // `未收集`, `无权获取`; `并没有` or `不涉及` a few words before the verb (`我们并没有在此环节收集
    // 您的身份证信息`).
    ["不", "无法", "无权", "未"].iter().any(|not| {
        clause.match_indices(not).any(|(i, _)| {
            let rest = &clause[i + not.len()..];
            let rest = rest
                .strip_prefix(['会', '再', '得', '予', '能', '可', '曾'])
                .unwrap_or(rest);
            verbs.iter().any(|v| rest.starts_with(v))
        })
    }) || ["并没有", "不涉及"].iter().any(|not| {
        // (`不涉及` a few words before the verb: 数字人民币's 「仅展示系统通讯录供用户点选…，不涉及
        // 通讯录数据上传」.)
        clause.match_indices(not).any(|(i, _)| {
            let near: String = clause[i + not.len()..]
                .chars()
                .take_while(|c| !matches!(c, '，' | '。' | '；' | ',' | ';'))
                .take(10)
                .collect();
            verbs.iter().any(|v| near.contains(v))
        })
    })
}
