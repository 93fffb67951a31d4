//! Answers read from the clauses that state what is asked where no practice ties data to it:
//! an activity's words (`注册`, `转账`), a purpose's own words, or a clause that names a known
//! purpose and uses data with no collect verb.
use super::*;

/// An answer from the clauses that best hold an activity's words, with how well they do.
pub(super) struct ScoredAnswer {
    pub(super) answer: PurposeAnswer,
    /// The best clause's score, and the score of a clause holding every char pair as it is.
    pub(super) score: usize,
    pub(super) full: usize,
}

/// What `chosen` collects when the user does `activity`: the data of the clauses that speak of
/// it most (by the char pairs of its words they hold, in the clause or its section titles), at
/// least half of those pairs.
pub(super) fn by_activity(
    question: &Question,
    chosen: &[&Analysed],
    lexicon: &Lexicon,
    activity: &str,
    app: String,
    title: Option<String>,
) -> ScoredAnswer {
    let pairs = char_pairs(&[normalize(activity)]);
    // A pair scores 2 where the clause (or its section titles) holds it as it is, 1 where its
    // second char follows within two more (`开店` in `开设店铺`): people ask in short words for
    // what policies spell out.
    let mut best: Vec<(usize, usize)> = Vec::new(); // (policy, sentence)
    let mut best_score = pairs.len().max(1);
    for (pi, a) in chosen.iter().enumerate() {
        for (si, sentence) in a.policy.sentences.iter().enumerate() {
            let mut text = normalize(&a.policy.visible_text(sentence.span));
            for t in a.policy.blocks[sentence.block].section.iter() {
                text.push('\n');
                text.push_str(&normalize(t));
            }
            let chars: Vec<char> = text.chars().collect();
            let score: usize = pairs.iter().map(|p| pair_score(&chars, p)).sum();
            if score > best_score {
                best_score = score;
                best.clear();
            }
            if score == best_score {
                best.push((pi, si));
            }
        }
    }
    let found_score = if best.is_empty() { 0 } else { best_score };
    let mut items: BTreeMap<String, DataItem> = BTreeMap::new();
    for (pi, si) in best {
        let a = chosen[pi];
        let practices: Vec<&Practice> = a
            .extraction
            .practices
            .iter()
            .filter(|p| p.sentence == si && action_matches(question.action, p.action))
            .collect();
        if practices.iter().any(|p| p.modality == Modality::Negated) {
            continue;
        }
        if practices.iter().any(|p| !p.data.is_empty()) {
            for p in practices {
                add_practice_data(&mut items, a, p, lexicon);
            }
        } else {
            data_of_clause(&mut items, a, si, lexicon);
        }
    }
    let mut items: Vec<DataItem> = items.into_values().collect();
    sort_items(&mut items);
    ScoredAnswer {
        answer: PurposeAnswer {
            app,
            policy_title: title,
            purpose: activity.to_string(),
            action: question.action,
            items,
            activity: Some(activity.to_string()),
            yes_no: None,
            declared_sensitive: Vec::new(),
            sensitive_only: false,
        },
        score: found_score,
        full: 2 * pairs.len(),
    }
}

/// The data named in the clauses of `a` that state `phrase` (normalized), unless a clause says
/// it is not collected: each clause's labelled data spans, else its lexicon mentions.
pub(super) fn answer_from_stating_clauses(
    items: &mut BTreeMap<String, DataItem>,
    a: &Analysed,
    phrase: &str,
    lexicon: &Lexicon,
) {
    if phrase.chars().filter(|c| c.is_alphanumeric()).count() < 2 {
        return;
    }
    for (si, sentence) in a.policy.sentences.iter().enumerate() {
        if !normalize(&a.policy.visible_text(sentence.span)).contains(phrase) {
            continue;
        }
        let practices: Vec<&Practice> = a
            .extraction
            .practices
            .iter()
            .filter(|p| p.sentence == si)
            .collect();
        if practices.iter().any(|p| p.modality == Modality::Negated) {
            continue;
        }
        data_of_clause(items, a, si, lexicon);
    }
}

/// The data named in the clauses of `a` that name one of `canonical` and use data (a use verb:
/// `基于`, `结合`, `使用` …) where no practice ties data to those purposes: a clause stating a use
/// with no collect verb has no practice (阅友小说's 「我们会基于前述信息以及您的收藏数据对您的偏好、
/// 阅读习惯特征进行分析和用户画像，以便在搜索时向您展现或推荐相关程度更高的搜索结果」 answered
/// 「为了个性化推荐收集哪些信息」 with nothing). Not a heading, a clause saying the app does not,
/// a definition, or a paragraph about rights, contact, updates …
pub(super) fn answer_from_clauses_naming(
    items: &mut BTreeMap<String, DataItem>,
    a: &Analysed,
    canonical: &[String],
    lexicon: &Lexicon,
) {
    if canonical.is_empty() {
        return;
    }
    let topics = crate::topics::TopicModel::builtin();
    // A block's topic, classified once however many of its sentences get that far.
    let mut topic_of_block: BTreeMap<usize, usize> = BTreeMap::new();
    for (si, sentence) in a.policy.sentences.iter().enumerate() {
        if a.policy.blocks[sentence.block].is_heading() {
            continue;
        }
        let text = normalize(&a.policy.visible_text(sentence.span));
        let named_at: Vec<(usize, usize)> = lexicon
            .find_purposes_outside_party_names(&text)
            .iter()
            .filter(|m| canonical.contains(&lexicon.purposes()[m.purpose_index].canonical))
            .map(|m| (m.start, m.end))
            .collect();
        let names = !named_at.is_empty();
        // (`不用于`: 北斗ERP's 「…个人隐私信息，不用于用户画像收集及个性化展示」.)
        const NOT_USED: [&str; 4] = ["不用于", "不会用于", "不得用于", "不会被用于"];
        if !names
            || !uses_the_data(&text)
            || denies(&text, ActionFilter::Any)
            || NOT_USED.iter().any(|w| text.contains(w))
            || defines(&text)
            || a.extraction
                .practices
                .iter()
                .any(|p| p.sentence == si && p.modality == Modality::Negated)
            || crate::topics::states_no_use(
                *topic_of_block
                    .entry(sentence.block)
                    .or_insert_with(|| topics.classify_block(a.policy, sentence.block)),
            )
        {
            continue;
        }
        // Only what a lexicon type names: such a clause's `个人信息` or `该产品各项服务的信息`
        // tells a reader nothing the question did not.
        let mut found = BTreeMap::new();
        data_of_clause(&mut found, a, si, lexicon);
        let chars: Vec<char> = text.chars().collect();
        // (Nor the purpose's own words: `感兴趣的内容` is 兴趣爱好 only where it is not what
        // the app offers.)
        let in_the_purpose = |wording: &str| {
            let wording: Vec<char> = normalize(wording).chars().collect();
            let Some(at) = (0..chars.len()).find(|&i| chars[i..].starts_with(&wording)) else {
                return false;
            };
            named_at
                .iter()
                .any(|&(start, end)| at < end && start < at + wording.len())
        };
        for (name, item) in found {
            if item.category == "未分类" || item.wording.iter().all(|w| in_the_purpose(w)) {
                continue;
            }
            match items.get_mut(&name) {
                Some(known) => known.absorb(item),
                None => {
                    items.insert(name, item);
                }
            }
        }
    }
}
