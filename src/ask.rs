//! Ask: "what does app X collect for purpose Y" and "for what / to whom does app X use data Z",
//! answered from extracted practices with the clauses as evidence.
//!
//! A question is either structured ([`Question`]) or plain Chinese ([`parse_question`]:
//! `快手为了个性化推荐会收集哪些信息？`, `花间会把我的位置信息共享给谁`). An unknown app, purpose or
//! data type is an error that lists the known ones: an answer never comes from the wrong policy.
use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::collected::{
    add_practice_data, data_of_clause, evidence, evidence_in, is_reference, list_after,
    practice_items, push_evidence, record_evidence, referents, sentence_at, sort_items,
    BACK_REFERENCES, REFERENCE_REACH,
};
pub use crate::collected::{Analysed, DataItem, Evidence};
use crate::document::Span;
use crate::extract::{Label, Modality, Practice};
use crate::lexicon::Lexicon;
use crate::normalize::normalize;

pub use crate::error::AskError;

/// Which practices a question is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ActionFilter {
    Collect,
    Share,
    #[default]
    Any,
}

/// A question about one app.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Question {
    pub app: Option<String>,
    /// A canonical purpose or free text mapped onto one.
    pub purpose: Option<String>,
    /// A data type name or synonym (reverse question: purposes and receivers of this data).
    pub data: Option<String>,
    pub action: ActionFilter,
    /// Only sensitive personal information (`收集哪些敏感个人信息`).
    pub sensitive_only: bool,
    /// `app` is the words a question opens with, not a name any app has: asked about one
    /// app's policies, they need not match it.
    #[serde(skip)]
    pub app_guessed: bool,
    /// A yes/no question (`会收集我的指纹吗`, `是否会把位置信息给第三方`): the answer opens
    /// with 是 / 否 / 政策未提及 ([`YesNo`]).
    pub yes_no: bool,
    /// Asked across the library (`哪些应用会收集人脸信息`): answered by the apps whose policy
    /// does it ([`AppsAnswer`]).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub across_apps: bool,
    /// A question answered by a part of the policy (`怎么注销账号`, `会保存多久`): the id of
    /// its topic in `data/ask/topics.tsv` ([`ClausesAnswer`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub topic: Option<String>,
    /// What the user does in a question about what is collected then (`注册`, `转账`,
    /// `上传视频`): answered by the clauses that speak of it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub activity: Option<String>,
    /// The words of a question beyond its app, data type, purpose and question words
    /// (`在后台`, `传到境外`, `和其他信息关联`): a yes/no question with such words is
    /// answered by the clauses that hold them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub particulars: Vec<String>,
}

/// The verdict on a yes/no question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The policy says it does (an affirmed practice, a receiver listed with the data).
    Yes,
    /// The policy says it does not (a negated practice; for sharing, a statement that it
    /// shares with no one).
    No,
    /// The policy says it would only if something happens (`如涉及向境外传输个人信息，将会
    /// 向用户明确告知并征得同意`): neither yes nor no today.
    OnlyIf,
    /// The policy says neither.
    NotMentioned,
}

/// A yes/no answer and the clauses it stands on (none when nothing is mentioned).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YesNo {
    pub verdict: Verdict,
    pub evidence: Vec<Evidence>,
}

/// The data an app collects or shares for a purpose.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PurposeAnswer {
    pub app: String,
    pub policy_title: Option<String>,
    pub purpose: String,
    pub action: ActionFilter,
    pub items: Vec<DataItem>,
    /// Asked what is collected when the user does something (`注册账号时`, `转账的时候`): what
    /// the user does, as the question words it; `purpose` is then the same words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub activity: Option<String>,
    /// Asked as a yes/no question (`会用我的信息做广告吗`): the verdict.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub yes_no: Option<YesNo>,
    /// Asked which sensitive information is collected: the data the policy itself calls
    /// sensitive (`身份证信息属于个人敏感信息`), with that clause — apart from `items`, which
    /// are what its practices collect.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub declared_sensitive: Vec<DataItem>,
}

/// A purpose or receiver of one data type, with evidence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Use {
    /// A canonical purpose, or the policy's own words when none fits; a receiver's name.
    pub name: String,
    pub evidence: Vec<Evidence>,
}

/// The purposes and receivers of one data type.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DataAnswer {
    pub app: String,
    pub policy_title: Option<String>,
    pub data_type: String,
    pub category: String,
    pub sensitive: bool,
    pub reason: Option<String>,
    pub purposes: Vec<Use>,
    pub receivers: Vec<Use>,
    /// Every clause where the app collects or shares it.
    pub evidence: Vec<Evidence>,
    /// Asked as a yes/no question: the verdict.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub yes_no: Option<YesNo>,
}

/// What a policy says about sharing at all, for an answer that names no receiver to say why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SharingStance {
    /// It names receivers, or clauses where it shares.
    Shares,
    /// It says it shares with no one, except in cases it lists (法律要求、取得同意 …).
    NoneExcept,
    /// It says it shares with no one.
    None,
    /// It says nothing about sharing: no receiver, no clause either way.
    Silent,
}

/// One receiver of an app's data and what it gets.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReceiverUse {
    /// As the policy names it (`高德地图SDK`, `关联公司`, `第三方支付机构`).
    pub name: String,
    /// `sdk` or `partner` for a receiver the policy lists as a record (an SDK table or list),
    /// `named` for one named only in a sharing clause.
    pub kind: String,
    pub operator: Option<String>,
    /// Lexicon data types it receives.
    pub data_types: Vec<String>,
    /// The data as the policy words it.
    pub data: Vec<String>,
    /// Canonical purposes, or the policy's words when none fits.
    pub purposes: Vec<String>,
    pub link: Option<String>,
    pub evidence: Vec<Evidence>,
}

/// Who receives an app's data.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReceiversAnswer {
    pub app: String,
    /// The policy the answer reads (the app's newest when a question named the app).
    pub policy_id: Option<String>,
    pub policy_title: Option<String>,
    pub stance: SharingStance,
    /// The clauses where the policy says it does not share (with their exceptions, if any).
    pub refusals: Vec<Evidence>,
    /// Listed receivers first (in the policy's order), then those named in sharing clauses.
    pub receivers: Vec<ReceiverUse>,
    /// Sharing clauses that name no receiver.
    pub unnamed: Vec<Evidence>,
}

/// The clauses of the part of a policy a question asks about: how to delete an account,
/// withdraw consent or complain, how long data is kept.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClausesAnswer {
    pub app: String,
    pub policy_title: Option<String>,
    /// The topic's id (`data/ask/topics.tsv`).
    pub topic: String,
    /// What the clauses are about, for the reader (`注销账号`, `保存期限`).
    pub about: String,
    /// The clauses that answer, best first.
    pub clauses: Vec<Evidence>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Answer {
    ByPurpose(PurposeAnswer),
    ByData(DataAnswer),
    Receivers(ReceiversAnswer),
    Clauses(ClausesAnswer),
    Apps(AppsAnswer),
}

/// The apps whose policy collects (or shares) a data type: `哪些应用会收集人脸信息`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AppsAnswer {
    /// The asked data type (canonical).
    pub data_type: String,
    pub action: ActionFilter,
    /// One per app that does, by app name; each with the clauses that say so.
    pub apps: Vec<AppFinding>,
    /// How many apps' policies were read (the others do not name the type at all).
    pub apps_checked: usize,
    /// How many apps there are in all.
    pub apps_total: usize,
}

/// One app that collects or shares the asked data.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AppFinding {
    pub app: String,
    pub policy_id: String,
    pub policy_title: Option<String>,
    /// The types it names that the asked one covers (`精准定位信息` for 位置信息).
    pub data_types: Vec<String>,
    /// At most [`APP_FINDING_CLAUSES`] clauses.
    pub evidence: Vec<Evidence>,
}

/// Clauses cited per app in an [`AppsAnswer`].
pub const APP_FINDING_CLAUSES: usize = 2;

/// Parse a plain question: the app (longest known name it contains), a purpose, a data type and
/// whether it asks about sharing.
pub fn parse_question(text: &str, known_apps: &[String], lexicon: &Lexicon) -> Question {
    let norm = normalize(text);
    let across_apps = ACROSS_APPS.is_match(&norm);
    let mut apps: Vec<&String> = known_apps.iter().collect();
    apps.sort_by_key(|a| std::cmp::Reverse(a.chars().count()));
    let named = apps
        .iter()
        .find(|a| norm.contains(&normalize(a)))
        .map(|a| a.to_string());
    let named = named.or_else(|| part_of_an_app_name(&norm, known_apps, lexicon));
    let app_guessed = named.is_none();
    // (Words that name a purpose or a data type are what is asked about, not the app.)
    let app = named
        .or_else(|| {
            asked_app_words(&norm)
                .filter(|w| lexicon.find_purposes(w).is_empty() && lexicon.find_data(w).is_empty())
        })
        .filter(|_| !across_apps);
    let app_guessed = app_guessed && app.is_some();
    // Words about the app name must not be read as a purpose or data.
    let rest = match &app {
        Some(a) => norm.replacen(&normalize(a), " ", 1),
        None => norm.clone(),
    };
    // How a reader words a purpose (`推荐`, `推广告`), else how a policy does.
    let purpose = asked_purpose(&rest).or_else(|| {
        lexicon
            .find_purposes(&rest)
            .first()
            .map(|m| lexicon.purposes()[m.purpose_index].canonical.clone())
    });
    let data = lexicon
        .find_data(&rest)
        .iter()
        .map(|m| lexicon.data_types()[m.type_index].canonical.clone())
        .find(|d| !matches!(d.as_str(), "个人信息"));
    let share_words = [
        "共享",
        "分享给",
        "提供给",
        "给谁",
        "披露",
        "转让",
        "第三方",
        "哪些公司",
        "谁",
    ];
    let action = if share_words.iter().any(|w| rest.contains(w)) {
        ActionFilter::Share
    } else if [
        "收集",
        "获取",
        "采集",
        "读取",
        "需要",
        "哪些信息",
        "什么信息",
    ]
    .iter()
    .any(|w| rest.contains(w))
    {
        ActionFilter::Collect
    } else {
        ActionFilter::Any
    };
    // `注册账号要提供什么` asks what a purpose needs, not about 账号信息: a data type read
    // where the question asks what is collected gives way to the purpose.
    let data = data.filter(|_| purpose.is_none() || !ASKS_WHAT_IS_COLLECTED.is_match(&rest));
    let yes_no = is_yes_no(&norm);
    let topic = (!yes_no || rest.contains("注销"))
        .then(|| topic_of(&rest))
        .flatten();
    // `注册…要提供什么`, `转账的时候要提供什么`: asked what, about something the user does
    // (not what a purpose `为了…` needs). A purpose its words name answers first.
    let activity = (!yes_no && !rest.contains("为了"))
        .then(|| activity_of(&rest))
        .flatten();
    Question {
        // (A question about a part of the policy keeps its data words: `日志会留多久` asks
        // about the clause on logs.)
        // (Any other question keeps the words that are neither data nor purpose nor question
        // words, for when nothing else answers it: `会自动记录我什么`.)
        particulars: if topic.is_some() {
            particulars(&rest, None)
        } else {
            particulars(&rest, Some(lexicon))
        },
        activity,
        app,
        purpose,
        data,
        action,
        sensitive_only: rest.contains("敏感"),
        app_guessed,
        topic: topic.map(|t| t.id.clone()),
        yes_no,
        across_apps,
    }
}

/// `哪些应用`, `哪个 App`, `哪几款软件`: a question about every app in the library.
static ACROSS_APPS: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r"(?i)(?:哪些|哪个|哪几个|哪几款|哪款|哪一些|有什么)\s*(?:应用|app|软件|产品|程序)",
    )
    .expect("a valid pattern")
});

/// `要提供什么`, `收集哪些`, `需要我的哪些信息`: a question asking what is collected.
static ASKS_WHAT_IS_COLLECTED: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r"(?:提供|收集|需要|填|交|获取|拿到|采集|要|用)(?:我|您)?(?:的)?(?:什么|哪些|啥)",
    )
    .expect("a valid pattern")
});

/// What the user does in a question asking what is collected then: the words before `时` /
/// `的时候` / `需要` / `要` (`用 转账的时候要提供什么` → 转账, `注册 账号需要提供哪些信息` → 注册账号),
/// without the words that lead into them (`在`, `用`, `我`).
fn activity_of(rest: &str) -> Option<String> {
    if !["什么", "哪些", "啥"].iter().any(|w| rest.contains(w)) {
        return None;
    }
    const ENDS: [&str; 8] = ["的时候", "时候", "时", "之后", "以后", "需要", "要", "得"];
    let (cut, end) = ENDS
        .iter()
        .filter_map(|w| rest.find(w).map(|i| (i, *w)))
        .min_by_key(|(i, w)| (*i, std::cmp::Reverse(w.len())))?;
    let before = &rest[..cut];
    // (`时` ends an activity; `要` / `需要` only one that starts the question: `注册…要`.)
    if !end.contains('时') && !end.contains("后") && before.trim().is_empty() {
        return None;
    }
    const LEADS: [&str; 9] = ["我在", "我用", "我", "在", "用", "当", "使用", "把", "您"];
    let words: String = before
        .split_whitespace()
        .map(|w| {
            let mut w = w;
            while let Some(rest) = LEADS.iter().find_map(|l| w.strip_prefix(l)) {
                w = rest;
            }
            w.trim_end_matches(['的', '里'])
        })
        .collect();
    let n = words.chars().count();
    ((2..=16).contains(&n)
        && !["收集", "哪些", "什么", "会"]
            .iter()
            .any(|w| words.contains(w)))
    .then_some(words)
}

/// A part of a policy questions ask about (a row of `data/ask/topics.tsv`).
#[derive(Debug)]
struct Topic {
    id: String,
    about: String,
    /// Groups of words, each group needed in the question.
    question: Vec<Vec<String>>,
    /// A clause must hold one of these to be cited.
    primary: Vec<String>,
    /// Every clause word, the primary ones included.
    clause: Vec<String>,
    section: Vec<String>,
    paragraph_topics: Vec<usize>,
}

static TOPICS: std::sync::LazyLock<Vec<Topic>> = std::sync::LazyLock::new(|| {
    let words = |s: &str| -> Vec<String> {
        s.split('|')
            .map(str::trim)
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect()
    };
    include_str!("../data/ask/topics.tsv")
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

/// The first topic all of whose question word groups occur in `question`.
fn topic_of(question: &str) -> Option<&'static Topic> {
    TOPICS.iter().find(|t| {
        t.question
            .iter()
            .all(|group| group.iter().any(|w| question.contains(w.as_str())))
    })
}

/// At most this many clauses answer a question about a part of the policy.
const TOPIC_CLAUSES: usize = 4;

/// The clauses of `chosen` that answer a question about `topic`: those holding a primary word,
/// scored by the topic's words they hold, the section they are in and their paragraph's topic.
fn clauses_answer(
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

/// Words of a question that are never part of the app it asks about.
static QUESTION_WORDS: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(|| {
    include_str!("../data/ask/question_words.txt")
        .lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty())
        .map(normalize)
        .collect()
});

/// How readers word purposes (`data/ask/question_purposes.tsv`), longest first.
static QUESTION_PURPOSES: std::sync::LazyLock<Vec<(String, String)>> =
    std::sync::LazyLock::new(|| {
        let mut phrases: Vec<(String, String)> = include_str!("../data/ask/question_purposes.tsv")
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .filter_map(|l| l.split_once('\t'))
            .map(|(a, b)| (normalize(a.trim()), b.trim().to_string()))
            .collect();
        phrases.sort_by_key(|(p, _)| std::cmp::Reverse(p.chars().count()));
        phrases
    });

/// The canonical purpose a question names in a reader's words (`为了给我推荐视频` → 个性化推荐):
/// the longest phrase of `data/ask/question_purposes.tsv` it holds.
fn asked_purpose(question: &str) -> Option<String> {
    QUESTION_PURPOSES
        .iter()
        .find(|(phrase, _)| question.contains(phrase.as_str()))
        .map(|(_, canonical)| canonical.clone())
}

/// Words of a yes/no question that say nothing about what is asked (`吗`, `我的`, `也`).
static FILLER_WORDS: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(|| {
    [
        "吗", "么", "我", "你", "您", "的", "了", "也", "把", "将", "会", "是", "否", "有", "没",
        "在", "和", "与", "及", "吧", "呢", "啊", "能", "还", "都", "要", "给", "拿", "用", "做",
        "根据", "通过", "进行", "按照", "以后", "之后", "时候",
    ]
    .iter()
    .map(|w| w.to_string())
    .collect()
});

/// The policy's usual word for a word of a question (`国外` → `境外`), from
/// `data/ask/synonyms.tsv`.
static SYNONYMS: std::sync::LazyLock<Vec<(String, String)>> = std::sync::LazyLock::new(|| {
    include_str!("../data/ask/synonyms.tsv")
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .map(|(a, b)| (normalize(a.trim()), normalize(b.trim())))
        .collect()
});

/// The app a question names by part of its name (`多看` of 多看阅读, `配音鸭` of
/// 配音鸭文字转语音, `兴业银行` of 兴业银行网络金融): the longest run of the question that a
/// known name also holds, with two chars or more outside the question's words, data types and
/// purposes — of three chars or more, or two that open the question or the name.
fn part_of_an_app_name(question: &str, known_apps: &[String], lexicon: &Lexicon) -> Option<String> {
    let q: Vec<char> = question.chars().collect();
    // Chars of the question that belong to what is asked, not to the app.
    let mut asked = vec![false; q.len()];
    let mut block = |start: usize, end: usize| {
        for b in &mut asked[start.min(q.len())..end.min(q.len())] {
            *b = true;
        }
    };
    for m in lexicon.find_data(question) {
        block(m.start, m.end);
    }
    for m in lexicon.find_purposes(question) {
        block(m.start, m.end);
    }
    for (start, end) in occurrences(&q, QUESTION_WORDS.iter()) {
        block(start, end);
    }
    // (length, -start, the run): the longest, then the earliest.
    let mut best: Option<(usize, std::cmp::Reverse<usize>, String)> = None;
    for name in known_apps {
        let n: Vec<char> = normalize(name).chars().collect();
        // Longest common run ending at q[i-1], n[j-1], over free question chars only.
        let mut prev = vec![0usize; n.len() + 1];
        for i in 1..=q.len() {
            let mut cur = vec![0usize; n.len() + 1];
            if q[i - 1].is_whitespace() || q[i - 1].is_ascii_punctuation() {
                prev = cur;
                continue;
            }
            for j in 1..=n.len() {
                if q[i - 1] == n[j - 1] {
                    cur[j] = prev[j - 1] + 1;
                    let len = cur[j];
                    let start = i - len;
                    let opens = start == 0 || j == len;
                    // (A run may hold a word of the question, `动态壁纸` holds 动态, as long as
                    // two of its chars are no such word and it is not inside one.)
                    let free = asked[start..i].iter().filter(|a| !**a).count();
                    if free >= 2 && (len >= 3 && free >= 2 || len == 2 && opens) {
                        let key = (len, std::cmp::Reverse(start));
                        if best.as_ref().is_none_or(|(l, s, _)| key > (*l, *s)) {
                            best = Some((len, key.1, q[start..i].iter().collect()));
                        }
                    }
                }
            }
            prev = cur;
        }
    }
    best.map(|(_, _, run)| run)
}

/// Whether a question asks yes or no: it ends in 吗/么 or asks 是否 / 会不会 / 有没有.
fn is_yes_no(question: &str) -> bool {
    let t = question.trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, '?' | '？' | '。' | '!' | '！' | '.')
    });
    t.ends_with('吗')
        || t.ends_with('么') && !t.ends_with("什么")
        || ["是否", "会不会", "有没有", "能不能", "是不是"]
            .iter()
            .any(|w| t.contains(w))
}

/// The words a question calls its app by when they are no app's whole name (`推理学院` for
/// 贝克街推理学院): what precedes the question's first verb or question word. Matching them to an
/// app is left to [`AppMatch`].
fn asked_app_words(question: &str) -> Option<String> {
    const AFTER_APP: [&str; 14] = [
        "会",
        "收集",
        "获取",
        "使用",
        "共享",
        "把",
        "将",
        "是否",
        "有没有",
        "如何",
        "怎么",
        "为了",
        "的",
        "在",
    ];
    let cut = AFTER_APP.iter().filter_map(|w| question.find(w)).min()?;
    let words =
        question[..cut].trim_matches(|c: char| c.is_whitespace() || c.is_ascii_punctuation());
    let n = words.chars().count();
    ((2..=20).contains(&n) && !words.contains(['我', '你', '您'])).then(|| words.to_string())
}

/// Answer a question over analysed policies (normally one per app; several versions of an app
/// are all consulted, newest evidence first as given).
pub fn ask(
    question: &Question,
    policies: &[Analysed<'_>],
    lexicon: &Lexicon,
) -> Result<Answer, AskError> {
    let mut known: Vec<String> = policies
        .iter()
        .filter_map(|p| p.policy.app.clone())
        .collect();
    known.sort();
    known.dedup();
    if policies.is_empty() {
        return Err(AskError::NoPolicies);
    }
    if question.across_apps {
        return across_apps(question, policies, policies.len(), lexicon);
    }
    // Asked about the policies of one app (or a single policy), the question need not name it.
    let only_app = {
        let mut apps: Vec<Option<String>> = policies.iter().map(|p| p.policy.app.clone()).collect();
        apps.dedup();
        (apps.len() == 1).then(|| apps.remove(0))
    };
    // Words a question opens with that name no app here are no app's name: asked about one
    // app's policies, answer from them.
    let guessed_wrong = question.app_guessed
        && question.app.as_ref().is_some_and(|a| {
            !policies.iter().any(|p| {
                let names: Vec<String> = p
                    .policy
                    .app
                    .iter()
                    .chain(&p.policy.aliases)
                    .cloned()
                    .collect();
                AppMatch::of(a, &names).is_some()
            })
        });
    let asked_app = match (&question.app, only_app) {
        (Some(_), Some(app)) if guessed_wrong => {
            let chosen: Vec<&Analysed> = policies.iter().collect();
            let name = app.unwrap_or_default();
            return answer_for(question, &chosen, lexicon, name);
        }
        (Some(a), _) => a.clone(),
        (None, Some(app)) => {
            let chosen: Vec<&Analysed> = policies.iter().collect();
            let name = app.filter(|a| !a.trim().is_empty()).unwrap_or_else(|| {
                let path = std::path::Path::new(&policies[0].policy.source.path);
                path.file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default()
            });
            return answer_for(question, &chosen, lexicon, name);
        }
        (None, None) => return Err(AskError::MissingApp { known }),
    };
    let asked_app = &asked_app;
    let names = |p: &Analysed| -> Vec<String> {
        p.policy
            .app
            .iter()
            .chain(&p.policy.aliases)
            .cloned()
            .collect()
    };
    let exact: Vec<&Analysed> = policies
        .iter()
        .filter(|p| AppMatch::of(asked_app, &names(p)) == Some(AppMatch::Exact))
        .collect();
    let chosen = if exact.is_empty() {
        // A unique app one of whose names holds the asked one (`花间` → `花间视频直播`), else
        // one whose name has the asked chars in order (`快读小说` → `快读免费小说追书`).
        let mut chosen = Vec::new();
        for level in [AppMatch::Contains, AppMatch::InOrder] {
            let apps: std::collections::BTreeSet<&str> = policies
                .iter()
                .filter(|p| AppMatch::of(asked_app, &names(p)).is_some_and(|m| m <= level))
                .filter_map(|p| p.policy.app.as_deref())
                .collect();
            if apps.len() == 1 {
                chosen = policies
                    .iter()
                    .filter(|p| p.policy.app.as_deref() == apps.first().copied())
                    .collect();
                break;
            }
            if apps.len() > 1 {
                break;
            }
        }
        chosen
    } else {
        exact
    };
    if chosen.is_empty() {
        return Err(AskError::UnknownApp {
            asked: asked_app.clone(),
            known,
        });
    }
    let app = chosen[0].policy.app.clone().unwrap_or_default();
    answer_for(question, &chosen, lexicon, app)
}

/// How an asked app name matches an app's names, closest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum AppMatch {
    /// It is one of the names (normalized, case aside).
    Exact,
    /// A name holds it (`花间` in `花间视频直播`).
    Contains,
    /// A name has its chars in order (`快读小说` in `快读免费小说追书`); at least two chars.
    InOrder,
}

impl AppMatch {
    /// The closest way `asked` matches any of `names`, if it does.
    pub fn of(asked: &str, names: &[String]) -> Option<AppMatch> {
        let key = |s: &str| -> String {
            normalize(s)
                .chars()
                .filter(|c| !c.is_whitespace())
                .flat_map(char::to_lowercase)
                .collect()
        };
        let asked = key(asked);
        if asked.is_empty() {
            return None;
        }
        names
            .iter()
            .filter_map(|n| {
                let n = key(n);
                if n == asked {
                    Some(AppMatch::Exact)
                } else if n.contains(&asked) {
                    Some(AppMatch::Contains)
                } else {
                    let mut rest = n.chars();
                    (asked.chars().count() >= 2 && asked.chars().all(|c| rest.any(|r| r == c)))
                        .then_some(AppMatch::InOrder)
                }
            })
            .min()
    }
}

/// Answer `question` from the policies of the app it is about; a yes/no question with its
/// verdict.
fn answer_for(
    question: &Question,
    chosen: &[&Analysed],
    lexicon: &Lexicon,
    app: String,
) -> Result<Answer, AskError> {
    let mut answer = answer_plain(question, chosen, lexicon, app)?;
    if !question.yes_no {
        return Ok(answer);
    }
    // Words beyond the data and purpose (`在后台`, `和其他信息关联`) are what is asked: the
    // clauses that hold them decide, when some do.
    let by_clauses = verdict_from_clauses(&question.particulars, chosen);
    match &mut answer {
        Answer::ByData(a) if by_clauses.is_some() => a.yes_no = by_clauses,
        // Asked about words no clause holds, with no purpose or data to go by (`会把我的信息传到
        // 国外吗` of a policy silent on 境外): that everything it collects is no answer.
        Answer::ByPurpose(a)
            if by_clauses.is_none()
                && question.purpose.is_none()
                && question.data.is_none()
                && !question.particulars.is_empty() =>
        {
            a.yes_no = Some(YesNo {
                verdict: Verdict::NotMentioned,
                evidence: Vec::new(),
            });
            a.items.clear();
        }
        Answer::ByPurpose(a) => {
            a.yes_no =
                Some(by_clauses.unwrap_or_else(|| purpose_verdict(question, a, chosen, lexicon)));
        }
        _ => {}
    }
    Ok(answer)
}

/// The verdict on whether the app does what a purpose answer is about: yes when it names data
/// for it, no when a clause naming the purpose says the app does not, else not mentioned.
fn purpose_verdict(
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
    }
}

/// The verdict the clauses holding a question's particular words give: those holding the most
/// of their char pairs (at least half), no when one of them says the app does not, else yes.
/// None when no clause holds them.
fn verdict_from_clauses(particulars: &[String], chosen: &[&Analysed]) -> Option<YesNo> {
    let pairs = char_pairs(particulars);
    if pairs.is_empty() {
        return None;
    }
    let mut best: Vec<Evidence> = Vec::new();
    let mut best_denies = Vec::new();
    let mut best_only_if = Vec::new();
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
            let score = pairs.iter().filter(|p| text.contains(p.as_str())).count();
            if score < best_score {
                continue;
            }
            if score > best_score {
                best_score = score;
                best.clear();
                best_denies.clear();
                best_only_if.clear();
            }
            let e = evidence_in(a, si, Label::Collect, sentence.span);
            if denies_broadly(&text) {
                push_evidence(&mut best_denies, e);
            } else if ONLY_IF.iter().any(|w| text.trim_start().starts_with(w)) {
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
        });
    }
    if best.is_empty() && !best_only_if.is_empty() {
        best_only_if.truncate(3);
        return Some(YesNo {
            verdict: Verdict::OnlyIf,
            evidence: best_only_if,
        });
    }
    (!best.is_empty()).then(|| {
        best.truncate(3);
        YesNo {
            verdict: Verdict::Yes,
            evidence: best,
        }
    })
}

/// A clause among the few after sentence `si` of `a`, in its section, that shares one of
/// `pairs` and says the app does not do something with it.
fn denied_right_after(a: &Analysed, si: usize, pairs: &[String]) -> Option<usize> {
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
fn char_pairs(words: &[String]) -> Vec<String> {
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
fn pair_score(chars: &[char], pair: &str) -> usize {
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
fn occurrences<'w>(q: &[char], words: impl Iterator<Item = &'w String>) -> Vec<(usize, usize)> {
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
const ONLY_IF: [&str; 9] = [
    "如涉及",
    "如果涉及",
    "若涉及",
    "如未来",
    "如将来",
    "如今后",
    "若未来",
    "若将来",
    "如需",
];

/// Whether a clause says the app does not do something with data: `不` (not `不限于`,
/// `不同` …) followed within a few chars by a verb of processing (`不会将…提供给广告商`,
/// `不会与…相关联`, `不会传输至境外`).
fn denies_broadly(clause: &str) -> bool {
    const VERBS: [&str; 17] = [
        "收集", "获取", "采集", "存储", "保存", "读取", "接收", "共享", "提供", "披露", "分享",
        "出售", "转让", "传输", "转移", "关联", "用于",
    ];
    const NOT_A_DENIAL: [char; 10] = ['限', '同', '定', '时', '断', '足', '仅', '但', '久', '便'];
    clause.match_indices('不').any(|(i, _)| {
        let rest = &clause[i + '不'.len_utf8()..];
        if rest.starts_with(NOT_A_DENIAL) {
            return false;
        }
        let near: String = rest
            .chars()
            .take_while(|c| !matches!(c, '，' | '。' | '；' | ',' | ';'))
            .take(14)
            .collect();
        VERBS.iter().any(|v| near.contains(v))
    })
}

/// A question's words beyond its app, data types and purposes (when given the lexicon) and
/// question words (`在后台`, `传到境外`), runs of two chars or more, with the policy's usual
/// word for some (`国外` → 境外).
fn particulars(rest: &str, lexicon: Option<&Lexicon>) -> Vec<String> {
    let mut text = rest.to_string();
    for (from, to) in SYNONYMS.iter() {
        text = text.replace(from.as_str(), to);
    }
    let q: Vec<char> = text.chars().collect();
    let mut free = vec![true; q.len()];
    let mut block = |start: usize, end: usize| {
        for f in &mut free[start.min(q.len())..end.min(q.len())] {
            *f = false;
        }
    };
    if let Some(lexicon) = lexicon {
        for m in lexicon.find_data(&text) {
            block(m.start, m.end);
        }
        for m in lexicon.find_purposes(&text) {
            block(m.start, m.end);
        }
    }
    for (start, end) in occurrences(&q, QUESTION_WORDS.iter().chain(FILLER_WORDS.iter())) {
        block(start, end);
    }
    let mut runs = Vec::new();
    let mut run = String::new();
    for (c, f) in q.iter().zip(&free) {
        if *f && c.is_alphanumeric() {
            run.push(*c);
        } else if !run.is_empty() {
            runs.push(std::mem::take(&mut run));
        }
    }
    runs.push(run);
    runs.retain(|r| r.chars().count() >= 2);
    runs
}

/// Answer `question` from the policies of the app it is about.
fn answer_plain(
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
        return Ok(Answer::ByData(by_data(
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
    }))
}

/// The names a question about `ty` is about: `ty` itself; for a category's umbrella type
/// (位置信息 for 个人位置信息), the category's narrower types (精准定位信息, GPS 位置 …); and a
/// type named after it in its category (`通讯录权限` for 通讯录).
pub(crate) fn type_covers<'l>(
    ty: &'l crate::lexicon::DataType,
    lexicon: &'l Lexicon,
) -> impl Fn(&String) -> bool + Copy + 'l {
    let umbrella = ty.category.contains(ty.canonical.as_str());
    move |name: &String| {
        *name == ty.canonical
            || lexicon.data_type(name).is_some_and(|t| {
                t.category == ty.category && (umbrella || t.canonical.starts_with(&ty.canonical))
            })
    }
}

/// The apps among `policies` whose practices collect (or share, as asked) the asked data type,
/// through [`practice_items`] — what each policy's summary calls collected. `apps_total`:
/// how many apps there are in all (the library may have read only those naming the type).
pub fn across_apps(
    question: &Question,
    policies: &[Analysed<'_>],
    apps_total: usize,
    lexicon: &Lexicon,
) -> Result<Answer, AskError> {
    let Some(data) = &question.data else {
        return Err(AskError::MissingDataAcrossApps);
    };
    let ty = lexicon
        .data_type_by_name(data)
        .ok_or_else(|| AskError::UnknownData {
            asked: data.clone(),
        })?;
    let covers = type_covers(ty, lexicon);
    let action = match question.action {
        ActionFilter::Share => ActionFilter::Share,
        _ => ActionFilter::Collect,
    };
    let mut apps: BTreeMap<String, AppFinding> = BTreeMap::new();
    let mut checked: BTreeSet<String> = BTreeSet::new();
    for a in policies {
        let app = a.policy.app.clone().unwrap_or_else(|| a.policy.id.clone());
        checked.insert(app.clone());
        let items = practice_items(
            a,
            |l| action_matches(action, l),
            APP_FINDING_CLAUSES,
            lexicon,
        );
        let found: Vec<&DataItem> = items
            .iter()
            .filter(|(name, _)| covers(name))
            .map(|(_, (item, _))| item)
            .collect();
        if found.is_empty() {
            continue;
        }
        let finding = apps.entry(app.clone()).or_insert_with(|| AppFinding {
            app,
            policy_id: a.policy.id.clone(),
            policy_title: a.policy.title.clone(),
            data_types: Vec::new(),
            evidence: Vec::new(),
        });
        for item in found {
            if !finding.data_types.contains(&item.data_type) {
                finding.data_types.push(item.data_type.clone());
            }
            for e in &item.evidence {
                if finding.evidence.len() < APP_FINDING_CLAUSES {
                    push_evidence(&mut finding.evidence, e.clone());
                }
            }
        }
    }
    Ok(Answer::Apps(AppsAnswer {
        data_type: ty.canonical.clone(),
        action,
        apps: apps.into_values().collect(),
        apps_checked: checked.len(),
        apps_total: apps_total.max(checked.len()),
    }))
}

/// The purpose an answer about every purpose is given for.
pub const EVERY_PURPOSE: &str = "所有用途";

/// Every data item `chosen` collects (or shares, as `question.action` says) in an affirmed
/// practice, for any purpose — only the sensitive ones when the question asks for those.
fn overview(
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
    }
}

/// The reason given for data a policy itself calls sensitive.
pub const DECLARED_SENSITIVE: &str = "政策自述为敏感个人信息";

/// The data `chosen` call sensitive in so many words (`身份证信息属于个人敏感信息`,
/// `涉及的个人敏感信息包括…`), each with the clause that says so.
fn declared_sensitive(chosen: &[&Analysed], lexicon: &Lexicon) -> Vec<DataItem> {
    let mut declared: BTreeMap<String, DataItem> = BTreeMap::new();
    for a in chosen {
        for (si, sentence) in a.policy.sentences.iter().enumerate() {
            let text = normalize(&a.policy.visible_text(sentence.span));
            if declares_sensitive(&text) {
                data_of_clause(&mut declared, a, si, lexicon);
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

/// Whether a clause says which of the data it names are sensitive: it speaks of sensitive
/// (personal) information and says what belongs to it (`属于`, `是`, `包括`, `例如`, `等`).
fn declares_sensitive(clause: &str) -> bool {
    ["敏感信息", "敏感个人信息"]
        .iter()
        .any(|w| clause.contains(w))
        && ["属于", "包括", "例如", "涉及", "比如", "如", "等", "是"]
            .iter()
            .any(|w| clause.contains(w))
}

/// An answer from the clauses that best hold an activity's words, with how well they do.
struct ScoredAnswer {
    answer: PurposeAnswer,
    /// The best clause's score, and the score of a clause holding every char pair as it is.
    score: usize,
    full: usize,
}

/// What `chosen` collects when the user does `activity`: the data of the clauses that speak of
/// it most (by the char pairs of its words they hold, in the clause or its section titles), at
/// least half of those pairs.
fn by_activity(
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
        },
        score: found_score,
        full: 2 * pairs.len(),
    }
}

/// The data named in the clauses of `a` that state `phrase` (normalized), unless a clause says
/// it is not collected: each clause's labelled data spans, else its lexicon mentions.
fn answer_from_stating_clauses(
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

fn action_matches(filter: ActionFilter, action: Label) -> bool {
    match filter {
        ActionFilter::Any => true,
        ActionFilter::Collect => action == Label::Collect,
        ActionFilter::Share => action == Label::Share,
    }
}

/// Whether a practice serves `purpose`: its purpose phrase maps onto it, or its clause or
/// section title names it.
fn practice_serves(a: &Analysed, practice: &Practice, purpose: &str, lexicon: &Lexicon) -> bool {
    let stated = practice.purpose.map(|p| &a.extraction.spans[p].purposes);
    let sentence = a.policy.sentences[practice.sentence];
    let names = |text: &str| {
        lexicon
            .find_purposes(&normalize(text))
            .iter()
            .any(|m| lexicon.purposes()[m.purpose_index].canonical == purpose)
    };
    let text = a.policy.visible_text(sentence.span);
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

/// The canonical purpose of phrases that say only "to provide the service".
const VAGUE_PURPOSE: &str = "基本功能实现";

/// How a clause opens that serves the purpose the sentence before it states.
const FOR_THIS: [&str; 7] = [
    "为此",
    "为了实现上述",
    "为实现上述",
    "为实现这一",
    "为实现此",
    "基于此",
    "基于上述目的",
];

/// The error for a purpose the lexicon does not know, listing the ones it does.
fn unknown_purpose(asked: &str, lexicon: &Lexicon) -> AskError {
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
fn states_phrase(a: &Analysed, practice: &Practice, phrase: &str) -> bool {
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
fn denies(clause: &str, action: ActionFilter) -> bool {
    const COLLECT: [&str; 7] = ["收集", "获取", "采集", "存储", "保存", "读取", "接收"];
    const SHARE: [&str; 6] = ["共享", "提供给", "披露", "分享", "出售", "转让"];
    let verbs: Vec<&str> = match action {
        ActionFilter::Collect => COLLECT.to_vec(),
        ActionFilter::Share => SHARE.to_vec(),
        ActionFilter::Any => COLLECT.iter().chain(&SHARE).copied().collect(),
    };
    clause.match_indices('不').any(|(i, _)| {
        let rest = &clause[i + '不'.len_utf8()..];
        let rest = rest.strip_prefix(['会', '再', '得', '予']).unwrap_or(rest);
        verbs.iter().any(|v| rest.starts_with(v))
    })
}

fn by_data(
    question: &Question,
    chosen: &[&Analysed],
    lexicon: &Lexicon,
    ty: &crate::lexicon::DataType,
    app: String,
    policy_title: Option<String>,
) -> DataAnswer {
    let mut purposes: BTreeMap<String, Use> = BTreeMap::new();
    let mut receivers: BTreeMap<String, Use> = BTreeMap::new();
    let mut all = Vec::new();
    let covers = type_covers(ty, lexicon);
    // Clauses that say the app does not (for a yes/no question).
    let mut denied = Vec::new();
    // Clauses that name it and use it where no practice of it was read: shown, but too weak to
    // answer a yes/no question with.
    let mut mentioned = Vec::new();
    for a in chosen {
        // The clauses that name the asked data (a labelled span or a lexicon mention).
        let naming: BTreeSet<usize> = a
            .extraction
            .spans
            .iter()
            .filter(|e| e.label == Label::Data && e.data_types.iter().any(covers))
            .chain(a.extraction.mentions.iter().filter(|m| {
                m.data_types.iter().any(covers) || m.data_type.as_ref().is_some_and(covers)
            }))
            .map(|e| sentence_at(a, e.span.start))
            .collect();
        // Of those, the clauses naming it in three chars or more (`读取通讯录权限`, not the
        // `位置` of `崩溃发生的位置`): a use they state answers a yes/no question.
        let naming_clearly: BTreeSet<usize> = a
            .extraction
            .mentions
            .iter()
            .filter(|m| {
                (m.data_types.iter().any(covers) || m.data_type.as_ref().is_some_and(covers))
                    && m.span.len() >= 3
            })
            .map(|e| sentence_at(a, e.span.start))
            .collect();
        let mut cited: BTreeSet<usize> = BTreeSet::new();
        for practice in &a.extraction.practices {
            if !action_matches(question.action, practice.action) {
                continue;
            }
            let Some(&d) = practice.data.iter().find(|&&d| {
                let span = &a.extraction.spans[d];
                span.data_types.iter().any(covers)
                    || lexicon
                        .data_type_named(&normalize(&a.policy.visible_text(span.span)))
                        .is_some_and(|t| t.canonical == ty.canonical)
                    // `我们会将上述信息…用于…` after clauses naming it.
                    || (is_reference(a, span, lexicon)
                        && referents(a, practice.sentence, span)
                            .iter()
                            .any(|i| naming.contains(i)))
            }) else {
                continue;
            };
            cited.insert(practice.sentence);
            let item = a.extraction.spans[d].span;
            if practice.modality == Modality::Negated {
                push_evidence(&mut denied, evidence(a, practice, item));
                continue;
            }
            push_evidence(&mut all, evidence(a, practice, item));
            if let Some(p) = practice.purpose {
                let span = &a.extraction.spans[p];
                let names = if span.purposes.is_empty() {
                    vec![a.policy.visible_text(span.span)]
                } else {
                    span.purposes.clone()
                };
                for name in names {
                    let u = purposes.entry(name.clone()).or_insert(Use {
                        name,
                        evidence: vec![],
                    });
                    push_evidence(&mut u.evidence, evidence(a, practice, span.span));
                }
            }
            {
                // `我们会收集您的位置信息，用于：` followed by a list: each item is a purpose (also
                // when the clause states one: `…用以向您推荐…：（1）…（2）…` details it).
                for (si, text) in list_after(a, practice.sentence) {
                    let canonical: Vec<String> = lexicon
                        .find_purposes(&normalize(&text))
                        .iter()
                        .map(|m| lexicon.purposes()[m.purpose_index].canonical.clone())
                        .collect();
                    let names = if canonical.is_empty() {
                        vec![text]
                    } else {
                        canonical
                    };
                    let clause = a.policy.sentences[si].span;
                    for name in names {
                        let u = purposes.entry(name.clone()).or_insert(Use {
                            name,
                            evidence: vec![],
                        });
                        push_evidence(&mut u.evidence, evidence_in(a, si, practice.action, clause));
                    }
                }
            }
            if let Some(r) = practice.receiver {
                let span = &a.extraction.spans[r];
                let name = a.policy.visible_text(span.span);
                let u = receivers.entry(name.clone()).or_insert(Use {
                    name,
                    evidence: vec![],
                });
                push_evidence(&mut u.evidence, evidence(a, practice, span.span));
            }
        }
        // Clauses that name the data and use it where the extractor read no practice of it
        // (`在您授权开启地理位置权限的情况下，我们会向您推荐附近的用户`), and clauses that use
        // `上述信息` right after clauses naming it (`我们会将上述信息…结合…用以向您推荐…：`):
        // cited, with the purposes they state (and list), else the feature their section is
        // titled after.
        if question.action != ActionFilter::Share {
            let refers_back = (0..a.policy.sentences.len()).filter(|&si| {
                let text = normalize(&a.policy.visible_text(a.policy.sentences[si].span));
                BACK_REFERENCES.iter().any(|w| text.contains(w))
                    && (si.saturating_sub(REFERENCE_REACH)..si)
                        .rev()
                        .take_while(|&i| {
                            a.policy.blocks[a.policy.sentences[i].block].section
                                == a.policy.blocks[a.policy.sentences[si].block].section
                        })
                        .any(|i| naming.contains(&i))
            });
            let uncited: BTreeSet<usize> = naming
                .iter()
                .copied()
                .chain(refers_back)
                .filter(|si| !cited.contains(si))
                .collect();
            // (An SDK list's `收集个人信息字段：…位置信息` is a receiver's, answered as one.)
            let records: Vec<Span> = crate::receivers::receivers_of(a.policy, lexicon)
                .iter()
                .filter(|r| r.data_types.iter().any(covers))
                .map(|r| r.span)
                .collect();
            for si in uncited {
                let span = a.policy.sentences[si].span;
                if records
                    .iter()
                    .any(|r| r.start < span.end && span.start < r.end)
                {
                    continue;
                }
                let text = normalize(&a.policy.visible_text(a.policy.sentences[si].span));
                if denies(&text, ActionFilter::Any) || !USE_VERBS.iter().any(|v| text.contains(v)) {
                    continue;
                }
                let item = a.policy.sentences[si].span;
                let e = evidence_in(a, si, Label::Collect, item);
                if naming_clearly.contains(&si) {
                    push_evidence(&mut all, e.clone());
                } else {
                    push_evidence(&mut mentioned, e.clone());
                }
                let listed = list_after(a, si).into_iter().map(|(li, text)| {
                    let clause = a.policy.sentences[li].span;
                    (text, evidence_in(a, li, Label::Collect, clause))
                });
                let stated = uses_stated_in(a, si, lexicon)
                    .into_iter()
                    .map(|name| (name, e.clone()));
                for (name, e) in stated.chain(listed) {
                    let u = purposes.entry(name.clone()).or_insert(Use {
                        name,
                        evidence: vec![],
                    });
                    push_evidence(&mut u.evidence, e);
                }
            }
        }
        // A clause that names the data and says the app does not do what is asked, where no
        // practice was read (`仅接收设备所提供的验证结果，不收集或存储指纹`).
        if question.yes_no {
            for m in &a.extraction.mentions {
                if !m.data_types.iter().any(covers) && !m.data_type.as_ref().is_some_and(covers) {
                    continue;
                }
                let si = a
                    .policy
                    .sentences
                    .partition_point(|s| s.span.end <= m.span.start);
                let Some(sentence) = a.policy.sentences.get(si) else {
                    continue;
                };
                let text = normalize(&a.policy.visible_text(sentence.span));
                if denies(&text, question.action) {
                    let action = match question.action {
                        ActionFilter::Share => Label::Share,
                        _ => Label::Collect,
                    };
                    push_evidence(&mut denied, evidence_in(a, si, action, m.span));
                }
            }
        }
        // The receivers the policy lists as records (SDK lists and tables) with this data
        // among their items.
        if !action_matches(question.action, Label::Share) {
            continue;
        }
        for r in crate::receivers::receivers_of(a.policy, lexicon) {
            if !r.data_types.iter().any(covers) {
                continue;
            }
            let item = r
                .data
                .iter()
                .find(|q| {
                    lexicon.find_data(&normalize(&q.text)).iter().any(|m| {
                        r.data_types
                            .contains(&lexicon.data_types()[m.type_index].canonical)
                    })
                })
                .map_or(r.name.span, |q| q.span);
            let e = record_evidence(a, r.span, item);
            push_evidence(&mut all, e.clone());
            let name = r.name.text.clone();
            let u = receivers.entry(name.clone()).or_insert(Use {
                name,
                evidence: vec![],
            });
            push_evidence(&mut u.evidence, e);
        }
    }
    DataAnswer {
        app,
        policy_title,
        data_type: ty.canonical.clone(),
        category: ty.category.clone(),
        sensitive: ty.sensitive,
        reason: ty.reason.clone(),
        purposes: purposes.into_values().collect(),
        receivers: receivers.into_values().collect(),
        yes_no: question.yes_no.then(|| {
            if !all.is_empty() {
                YesNo {
                    verdict: Verdict::Yes,
                    evidence: all.clone(),
                }
            } else if !denied.is_empty() {
                YesNo {
                    verdict: Verdict::No,
                    evidence: denied,
                }
            } else {
                // Asked whether it shares: a policy that says it shares with no one.
                let stance = (question.action == ActionFilter::Share)
                    .then(|| receivers_answer(chosen, lexicon, String::new(), None));
                match stance {
                    Some(r)
                        if matches!(r.stance, SharingStance::None | SharingStance::NoneExcept) =>
                    {
                        YesNo {
                            verdict: Verdict::No,
                            evidence: r.refusals,
                        }
                    }
                    _ => YesNo {
                        verdict: Verdict::NotMentioned,
                        evidence: Vec::new(),
                    },
                }
            }
        }),
        evidence: {
            for e in mentioned {
                push_evidence(&mut all, e);
            }
            all
        },
    }
}

/// Verbs with which a clause that names a data type uses it (a clause naming it without one —
/// a definition, a permission list's heading — says nothing of its use).
const USE_VERBS: [&str; 12] = [
    "收集", "使用", "获取", "读取", "调用", "采集", "记录", "授权", "开启", "依赖", "结合", "基于",
];

/// What sentence `si` of `a` says its data is for: the purposes labelled in it (canonical
/// names, else its words), else the known purposes its words name, else the feature the
/// innermost section is titled after (`3.1.2 推荐附近的人`), when that title is specific.
fn uses_stated_in(a: &Analysed, si: usize, lexicon: &Lexicon) -> Vec<String> {
    let sentence = a.policy.sentences[si];
    let mut names: Vec<String> = Vec::new();
    for e in a.extraction.spans.iter().filter(|e| {
        e.label == Label::Purpose
            && sentence.span.start <= e.span.start
            && e.span.end <= sentence.span.end
    }) {
        if e.purposes.is_empty() {
            names.push(a.policy.visible_text(e.span));
        } else {
            names.extend(e.purposes.iter().cloned());
        }
    }
    if names.is_empty() {
        names.extend(
            lexicon
                .find_purposes(&normalize(&a.policy.visible_text(sentence.span)))
                .iter()
                .map(|m| lexicon.purposes()[m.purpose_index].canonical.clone()),
        );
    }
    if names.is_empty() {
        let leaf = a.policy.blocks[sentence.block]
            .section
            .last()
            .map(|t| SECTION_NUMBER.replace(t, "").trim().to_string())
            .unwrap_or_default();
        let chars = leaf.chars().count();
        if (2..=16).contains(&chars) && !GENERIC_TITLE_WORDS.iter().any(|w| leaf.contains(w)) {
            names.push(leaf);
        }
    }
    names.sort();
    names.dedup();
    names
}

/// A section number opening a title (`3.1.2 `, `（一）`, `二、`).
static SECTION_NUMBER: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r"^\s*(?:[0-9]+(?:[.．][0-9]+)*[.．、]?|[（(][0-9一二三四五六七八九十]{1,3}[)）]|[一二三四五六七八九十]{1,3}、)\s*",
    )
    .expect("a valid pattern")
});

/// Words of section titles that name a chapter of the policy, not a feature.
const GENERIC_TITLE_WORDS: [&str; 8] = [
    "信息", "收集", "使用", "共享", "权限", "政策", "目的", "如何",
];

/// Whether the party at `span` in sentence `si` of `a` is where the data comes from: `从` or
/// `来自` right before it, in a clause saying the app obtains (`获取`, `获得`, `收到`) data.
fn is_source(a: &Analysed, si: usize, span: Span) -> bool {
    let sentence = a.policy.sentences[si].span;
    let before: String = a
        .policy
        .visible_text(Span::new(sentence.start, span.start))
        .chars()
        .rev()
        .take(3)
        .collect::<Vec<char>>()
        .into_iter()
        .rev()
        .collect();
    let clause = normalize(&a.policy.visible_text(sentence));
    (before.ends_with('从') || before.ends_with("来自") || before.ends_with("从该"))
        && ["获取", "获得", "收到", "接收", "取得"]
            .iter()
            .any(|w| clause.contains(w))
}

/// Words with which a clause refusing to share goes on to list when it does share anyway
/// (`但以下情况除外`, `除非获得您的同意`).
const EXCEPTION_WORDS: &[&str] = &["除外", "除非", "以下情", "例外", "但", "except", "unless"];

/// How a receiver that is the operator itself or the user begins.
const OWN_SIDE: &[&str] = &["我们", "我方", "本公司", "本平台", "您", "你", "用户"];

/// Who receives the data of one analysed policy (the report's 「第三方与SDK」 section).
pub fn receivers_of_policy(a: &Analysed, lexicon: &Lexicon) -> ReceiversAnswer {
    receivers_answer(
        &[a],
        lexicon,
        a.policy.app.clone().unwrap_or_default(),
        a.policy.title.clone(),
    )
}

fn receivers_answer(
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
        let refused: Vec<usize> = a
            .extraction
            .practices
            .iter()
            .filter(|p| p.action == Label::Share && p.modality == Modality::Negated)
            .filter_map(|p| p.receiver)
            .collect();
        for practice in &a.extraction.practices {
            if practice.action != Label::Share {
                continue;
            }
            if practice.modality == Modality::Negated {
                let e = evidence_in(a, practice.sentence, Label::Share, {
                    a.policy.sentences[practice.sentence].span
                });
                let clause = normalize(&e.clause);
                excepted |= EXCEPTION_WORDS.iter().any(|w| clause.contains(w));
                push_evidence(&mut refusals, e);
                continue;
            }
            let Some(r) = practice.receiver.filter(|r| !refused.contains(r)) else {
                let item = practice
                    .data
                    .first()
                    .map_or(a.policy.sentences[practice.sentence].span, |&d| {
                        a.extraction.spans[d].span
                    });
                push_evidence(&mut unnamed, evidence(a, practice, item));
                continue;
            };
            let span = a.extraction.spans[r].span;
            let name = a.policy.visible_text(span);
            // The operator or the user is no third party (`向我们进一步提供` misread as giving).
            if OWN_SIDE.iter().any(|w| name.starts_with(w)) {
                continue;
            }
            // Nor is a party data comes *from* (`我们可能从第三方处获取您授权共享的账号信息`).
            if is_source(a, practice.sentence, span) {
                continue;
            }
            let i = *by_name.entry(normalize(&name)).or_insert_with(|| {
                receivers.push(ReceiverUse {
                    name: name.clone(),
                    kind: "named".into(),
                    operator: None,
                    data_types: vec![],
                    data: vec![],
                    purposes: vec![],
                    link: None,
                    evidence: vec![],
                });
                receivers.len() - 1
            });
            let u = &mut receivers[i];
            for &d in &practice.data {
                let item = &a.extraction.spans[d];
                item.data_types
                    .iter()
                    .for_each(|t| push_unique(&mut u.data_types, t.clone()));
                push_unique(&mut u.data, a.policy.visible_text(item.span));
            }
            if let Some(p) = practice.purpose {
                let item = &a.extraction.spans[p];
                if item.purposes.is_empty() {
                    push_unique(&mut u.purposes, a.policy.visible_text(item.span));
                } else {
                    item.purposes
                        .iter()
                        .for_each(|p| push_unique(&mut u.purposes, p.clone()));
                }
            }
            push_evidence(&mut u.evidence, evidence(a, practice, span));
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pair_scores_two_as_it_is_one_with_two_chars_between_none_across_a_line() {
        let chars = |t: &str| t.chars().collect::<Vec<char>>();
        assert_eq!(pair_score(&chars("您在开店时"), "开店"), 2);
        assert_eq!(pair_score(&chars("您在开设店铺时"), "开店"), 1);
        assert_eq!(pair_score(&chars("开启本地的店铺"), "开店"), 0);
        assert_eq!(pair_score(&chars("开\n店"), "开店"), 0);
        // The best place counts.
        assert_eq!(pair_score(&chars("开设店铺，开店"), "开店"), 2);
    }

    #[test]
    fn a_denial_is_a_not_before_a_verb_of_processing_not_any_not() {
        assert!(denies_broadly("目前我们不存在向境外提供个人信息的场景"));
        assert!(denies_broadly(
            "我们不会将自动收集的日志信息与您的身份相关联"
        ));
        assert!(!denies_broadly("包括但不限于收集您的设备信息"));
        assert!(!denies_broadly("我们会不定期收集您的位置信息"));
        // (A verb past the end of the sentence's part is not what 不 denies.)
        assert!(!denies_broadly("如您不同意，我们将收集您的手机号码"));
    }

    #[test]
    fn the_question_data_files_name_known_purposes_and_topics() {
        let lexicon = crate::extract::Extractor::builtin().lexicon();
        for (phrase, canonical) in QUESTION_PURPOSES.iter() {
            assert!(
                lexicon.purpose_by_name(canonical).is_some(),
                "data/ask/question_purposes.tsv: {phrase} → unknown purpose {canonical}"
            );
        }
        assert!(TOPICS.len() >= 5 && !SYNONYMS.is_empty() && !QUESTION_WORDS.is_empty());
        assert_eq!(
            asked_purpose("为了给我推荐视频会收集哪些信息").as_deref(),
            Some("个性化推荐")
        );
        assert_eq!(
            topic_of("会把我的个人信息存多久").map(|t| t.id.as_str()),
            Some("retention")
        );
        assert_eq!(
            topic_of("账号怎么注销").map(|t| t.id.as_str()),
            Some("delete_account")
        );
        assert_eq!(
            topic_of("怎么注销账号，要多久").map(|t| t.id.as_str()),
            Some("delete_account")
        );
    }

    #[test]
    fn a_clause_saying_what_the_app_would_do_only_if_is_neither_yes_nor_no() {
        let policy = crate::parse::parse_bytes(
            std::path::Path::new("only-if.txt"),
            "隐私政策\n我们会收集您的手机号码。\n如涉及向境外传输个人信息，我们将会向您明确告知并征得同意。\n".as_bytes(),
            &crate::parse::ParseOptions::default(),
        )
        .unwrap();
        let extraction = crate::extract::Extractor::builtin().extract(&policy);
        let a = Analysed {
            policy: &policy,
            extraction: &extraction,
        };
        let v = verdict_from_clauses(&["传到境外".to_string()], &[&a]).unwrap();
        assert_eq!(v.verdict, Verdict::OnlyIf);
        assert!(v.evidence[0].clause.contains("如涉及向境外传输"));
    }

    #[test]
    fn a_questions_particular_words_leave_out_its_data_purpose_and_question_words() {
        let lexicon = crate::extract::Extractor::builtin().lexicon();
        assert_eq!(
            particulars("在后台也会收集我的信息吗", Some(lexicon)),
            ["后台"]
        );
        assert_eq!(
            particulars("会把我的信息传到国外吗", Some(lexicon)),
            ["传到境外"]
        );
        assert_eq!(particulars("注销账号以后日志会留多久", None), ["日志"]);
    }
}
