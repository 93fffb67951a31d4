use super::*;

/// A part of a policy questions ask about (a row of `data/ask/topics.tsv`).
#[derive(Debug)]
pub(super) struct Topic {
    pub(super) id: String,
    pub(super) about: String,
    /// Groups of words, each group needed in the question.
    pub(super) question: Vec<Vec<String>>,
    /// A clause must hold one of these to be cited.
    pub(super) primary: Vec<String>,
    /// Every clause word, the primary ones included.
    pub(super) clause: Vec<String>,
    pub(super) section: Vec<String>,
    pub(super) paragraph_topics: Vec<usize>,
}

pub(super) static TOPICS: std::sync::LazyLock<Vec<Topic>> = std::sync::LazyLock::new(|| {
    let words = |s: &str| -> Vec<String> {
        s.split('|')
            .map(str::trim)
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect()
    };
    include_str!("../../data/ask/topics.tsv")
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            assert_eq!(f.len(), 6, "data/ask/topics.tsv: six columns in {l:?}");
            let (primary, secondary) = f[3].split_once(';').unwrap_or((f[3], ""));
            Topic {
                id: f[0].to_string(),
                about: f[1].to_string(),
                question: f[2].split(';').map(words).collect(),
                primary: words(primary),
                clause: words(primary).into_iter().chain(words(secondary)).collect(),
                section: words(f[4]),
                paragraph_topics: words(f[5])
                    .iter()
                    .map(|t| {
                        crate::topics::topic_index(t)
                            .unwrap_or_else(|| panic!("data/ask/topics.tsv: no topic {t}"))
                    })
                    .collect(),
            }
        })
        .collect()
});

/// The parts of a policy questions ask about, in `data/ask/topics.tsv`'s order: each id and
/// the reader's words for it (`retention`, `保存期限`).
pub fn clause_topics() -> impl Iterator<Item = (&'static str, &'static str)> {
    TOPICS.iter().map(|t| (t.id.as_str(), t.about.as_str()))
}

/// Which of those parts a policy's clauses are about: a clause holding one of a part's
/// primary words, under a section titled for it or in a paragraph of its CA4P topic.
pub struct ClauseTopicReader<'a> {
    policy: &'a crate::document::Policy,
    /// The paragraph topic of each block classified so far.
    paragraph: BTreeMap<usize, usize>,
}

impl<'a> ClauseTopicReader<'a> {
    pub fn new(policy: &'a crate::document::Policy) -> Self {
        ClauseTopicReader {
            policy,
            paragraph: BTreeMap::new(),
        }
    }

    /// The ids of the parts sentence `si` is about.
    pub fn topics_of(&mut self, si: usize) -> Vec<&'static str> {
        let sentence = self.policy.sentences[si];
        let text = normalize(&self.policy.visible_text(sentence.span));
        let block = &self.policy.blocks[sentence.block];
        let mut found = Vec::new();
        for topic in TOPICS.iter() {
            if !topic.primary.iter().any(|w| text.contains(w.as_str())) {
                continue;
            }
            let in_section = block.section.iter().any(|title| {
                let title = normalize(title);
                topic.section.iter().any(|w| title.contains(w.as_str()))
            });
            let in_paragraph = in_section || {
                let policy = self.policy;
                let t = *self.paragraph.entry(sentence.block).or_insert_with(|| {
                    crate::topics::TopicModel::builtin().classify_block(policy, sentence.block)
                });
                topic.paragraph_topics.contains(&t)
            };
            if in_paragraph {
                found.push(topic.id.as_str());
            }
        }
        found
    }
}

/// The clauses of `a` about a part of the policy (`topic_id`, a `data/ask/topics.tsv` id),
/// best first, as `ask` cites them; `None` for an unknown part.
pub fn topic_clauses(a: &Analysed, topic_id: &str) -> Option<Vec<Evidence>> {
    let topic = TOPICS.iter().find(|t| t.id == topic_id)?;
    Some(clauses_answer(topic, &[], &[a], String::new(), None).clauses)
}

/// The section words of a part of the policy (`注销`, `管理` …): where a reader looks for it.
pub fn topic_section_words(topic_id: &str) -> Option<&'static [String]> {
    TOPICS
        .iter()
        .find(|t| t.id == topic_id)
        .map(|t| t.section.as_slice())
}

/// The first topic all of whose question word groups occur in `question`.
pub(super) fn topic_of(question: &str) -> Option<&'static Topic> {
    TOPICS.iter().find(|t| {
        t.question
            .iter()
            .all(|group| group.iter().any(|w| question.contains(w.as_str())))
    })
}

/// At most this many clauses answer a question about a part of the policy.
pub(super) const TOPIC_CLAUSES: usize = 4;

/// The clauses of `chosen` that answer a question about `topic`: those holding a primary word,
/// scored by the topic's words they hold, the section they are in and their paragraph's topic.
pub(super) fn clauses_answer(
    topic: &Topic,
    particulars: &[String],
    chosen: &[&Analysed],
    app: String,
    policy_title: Option<String>,
) -> ClausesAnswer {
    let model = crate::topics::TopicModel::builtin();
    // The question's own words (`日志` of `注销账号后日志会留多久`) weigh more than the topic's.
    let pairs = char_pairs(particulars);
    // (score, policy order, sentence, evidence)
    let mut scored: Vec<(usize, usize, usize, Evidence)> = Vec::new();
    for (pi, a) in chosen.iter().enumerate() {
        let mut paragraph: BTreeMap<usize, usize> = BTreeMap::new();
        for (si, sentence) in a.policy.sentences.iter().enumerate() {
            let text = normalize(&a.policy.visible_text(sentence.span));
            let block = &a.policy.blocks[sentence.block];
            let in_topic_section = block.section.iter().any(|title| {
                let title = normalize(title);
                topic.section.iter().any(|w| title.contains(w.as_str()))
            });
            // A clause holding a topic word, or — in the topic's own section — the question's
            // own words (`多久回复` → `…十五天内予以回复` under 联系我们).
            let holds_topic_word = topic.primary.iter().any(|w| text.contains(w.as_str()));
            let holds_own_words = pairs.iter().any(|p| text.contains(p.as_str()));
            if !(holds_topic_word || in_topic_section && holds_own_words) {
                continue;
            }
            // A section's title says what follows; it answers nothing itself.
            if block
                .section
                .last()
                .is_some_and(|t| normalize(t).trim() == text.trim())
            {
                continue;
            }
            let mut score = topic
                .clause
                .iter()
                .filter(|w| text.contains(w.as_str()))
                .count()
                + 2 * pairs.iter().filter(|p| text.contains(p.as_str())).count();
            if in_topic_section {
                score += 2;
            }
            let t = *paragraph
                .entry(sentence.block)
                .or_insert_with(|| model.classify_block(a.policy, sentence.block));
            if topic.paragraph_topics.contains(&t) {
                score += 1;
            }
            let e = evidence_in(a, si, Label::Collect, sentence.span);
            scored.push((score, pi, si, e));
        }
    }
    scored.sort_by(|x, y| y.0.cmp(&x.0).then((x.1, x.2).cmp(&(y.1, y.2))));
    let mut clauses: Vec<Evidence> = Vec::new();
    for (_, _, _, e) in scored {
        if clauses.len() == TOPIC_CLAUSES {
            break;
        }
        // (Versions of one policy repeat their clauses word for word.)
        if !clauses.iter().any(|c| c.clause == e.clause) {
            clauses.push(e);
        }
    }
    ClausesAnswer {
        app,
        policy_title,
        topic: topic.id.clone(),
        about: topic.about.clone(),
        clauses,
    }
}

/// Words asking whether data leaves the country.
const ABROAD: [&str; 5] = ["境外", "国外", "海外", "出境", "跨境"];

/// Whether a question asking if data goes abroad (`particulars` holding [`ABROAD`] words) is
/// answered by clauses saying where the data is kept instead: 「这些信息和资料存储于中华人民共和国
/// 境内」 says no (国家反诈中心's 「会把我的信息传到境外吗」 was 「政策未提及」); one that keeps an
/// exception (「…存储在中国境内，以下情形除外：」, 「仅存储于中华人民共和国境内，如需跨境传输，我们将会
/// 单独征得您的授权同意」) says only if. Asked only when no clause speaks of 境外 itself
/// ([`verdict_from_clauses`]).
pub(super) fn kept_in_the_country(particulars: &[String], chosen: &[&Analysed]) -> Option<YesNo> {
    if !particulars
        .iter()
        .any(|p| ABROAD.iter().any(|w| p.contains(w)))
    {
        return None;
    }
    let (mut kept, mut excepted) = (Vec::new(), Vec::new());
    for a in chosen {
        for (si, sentence) in a.policy.sentences.iter().enumerate() {
            let text = normalize(&a.policy.visible_text(sentence.span));
            if !["境内", "国内", "中国大陆", "中国内地"]
                .iter()
                .any(|w| text.contains(w))
                || !["存储", "储存", "保存", "存放", "留存"]
                    .iter()
                    .any(|w| text.contains(w))
            {
                continue;
            }
            let e = evidence_in(a, si, Label::Collect, sentence.span);
            if ABROAD.iter().any(|w| text.contains(w))
                || excepts_what_follows(&text)
                || opens_on_a_condition(&text)
            {
                push_evidence(&mut excepted, e);
            } else {
                push_evidence(&mut kept, e);
            }
        }
    }
    let (verdict, mut evidence) = if !excepted.is_empty() {
        (Verdict::OnlyIf, excepted)
    } else if !kept.is_empty() {
        (Verdict::No, kept)
    } else {
        return None;
    };
    evidence.truncate(3);
    Some(YesNo {
        verdict,
        evidence,
        contradicted_by: None,
    })
}
