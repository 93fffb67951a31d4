//! Ask: "what does app X collect for purpose Y" and "for what / to whom does app X use data Z",
//! answered from extracted practices with the clauses as evidence.
//!
//! A question is either structured ([`Question`]) or plain Chinese ([`parse_question`]:
//! `快手为了个性化推荐会收集哪些信息？`, `花间会把我的位置信息共享给谁`). An unknown app, purpose or
//! data type is an error that lists the known ones: an answer never comes from the wrong policy.
use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::collected::{
    add_practice_data, data_of_clause, data_of_clause_where, definitions_of, evidence, evidence_in,
    is_reference, list_after, practice_items, push_evidence, record_evidence, referents,
    sentence_at, sort_items, BACK_REFERENCES, REFERENCE_REACH,
};
pub use crate::collected::{Analysed, DataItem, Evidence};
use crate::document::Span;
use crate::extract::{Label, Modality, Practice};
use crate::lexicon::Lexicon;
use crate::normalize::normalize;

pub use crate::error::AskError;

mod clauses;
mod data;
mod parties;
mod party_lists;
mod purpose;
mod question;
mod sdk_names;
mod sharing;
mod stating;
mod uses;

use clauses::*;
pub use clauses::{clause_topics, topic_clauses, topic_section_words, ClauseTopicReader};
pub use data::*;
use parties::*;
pub use purpose::*;
pub use question::*;
pub use sharing::*;
use stating::*;
use uses::*;

/// Which practices a question is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
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
    /// The question as asked (empty for one built field by field): a guessed app that names
    /// no app here leaves its words to be read again as part of the question.
    #[serde(skip)]
    pub text: String,
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
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
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
    /// The policy never names it, but says it does so with a broader type that can hold it
    /// (`身份证件信息` asked about 身份证号码; [`DataAnswer::broader_type`]): possibly.
    Possibly,
}

/// A yes/no answer and the clauses it stands on (none when nothing is mentioned).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct YesNo {
    pub verdict: Verdict,
    pub evidence: Vec<Evidence>,
    /// Clauses elsewhere in the policy that say it does not (`我们不收集人脸数据` where another
    /// section says it may collect 面部识别特征): a policy that contradicts itself, shown with
    /// a 是 so the reader sees both.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub contradicted_by: Option<Vec<Evidence>>,
}

/// The data an app collects or shares for a purpose.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PurposeAnswer {
    pub app: String,
    pub policy_title: Option<String>,
    pub purpose: String,
    pub action: ActionFilter,
    pub items: Vec<DataItem>,
    /// Asked what is collected when the user does something (`注册账号时`, `转账的时候`): what
    /// the user does, as the question words it; `purpose` is then the same words.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub activity: Option<String>,
    /// Asked as a yes/no question (`会用我的信息做广告吗`): the verdict.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub yes_no: Option<YesNo>,
    /// Asked which sensitive information is collected: the data the policy itself calls
    /// sensitive (`身份证信息属于个人敏感信息`), with that clause — apart from `items`, which
    /// are what its practices collect.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(as = "Option<Vec<DataItem>>", optional))]
    pub declared_sensitive: Vec<DataItem>,
    /// Asked which sensitive information is collected: `items` holds only sensitive types
    /// (a reader must not take them for everything the policy collects).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[cfg_attr(feature = "ts", ts(as = "Option<bool>", optional))]
    pub sensitive_only: bool,
}

/// A purpose or receiver of one data type, with evidence.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Use {
    /// A canonical purpose, or the policy's own words when none fits; a receiver's name.
    pub name: String,
    pub evidence: Vec<Evidence>,
}

/// The purposes and receivers of one data type.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DataAnswer {
    pub app: String,
    pub policy_title: Option<String>,
    pub data_type: String,
    pub category: String,
    pub sensitive: bool,
    pub reason: Option<String>,
    pub purposes: Vec<Use>,
    pub receivers: Vec<Use>,
    /// Asked who receives it, of a policy that names no receiver of this data: the receivers
    /// its sharing clauses give personal information in general (`我们会与关联公司共享您的个人
    /// 信息`), which this data is not singled out from.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(as = "Option<Vec<Use>>", optional))]
    pub general_receivers: Vec<Use>,
    /// Asked what the app collects (or does with it), of data the policy says only third
    /// parties collect or get (an SDK, a payment company: `上述手机厂商PushSDK…可能会收集您的…
    /// 电话号码`; an SDK list's record naming it): their names, as the policy gives them. Empty
    /// when a clause has the app collect it, or names no one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(as = "Option<Vec<String>>", optional))]
    pub collected_only_by: Vec<String>,
    /// Every clause where the app collects or shares it.
    pub evidence: Vec<Evidence>,
    /// Asked as a yes/no question: the verdict.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub yes_no: Option<YesNo>,
    /// The policy says nothing of `data_type` itself: the uses, receivers and clauses above are
    /// those of this broader type it names, which can hold it (`身份证件信息` for 身份证号码,
    /// `data/ask/broader_types.tsv`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub broader_type: Option<String>,
}

/// What a policy says about sharing at all, for an answer that names no receiver to say why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
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
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
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
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
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
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
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
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
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
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
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
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
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
            // The words taken for an app are the question's own (`试驾的时候收集什么` asks
            // what 试驾 takes): read it again without them as a name.
            let reread = (!question.text.is_empty())
                .then(|| question::parse_question_naming_no_app(&question.text, lexicon));
            return answer_for(reread.as_ref().unwrap_or(question), &chosen, lexicon, name);
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
    // An app called by its own name is that app, not one that gives the name as an alias
    // (淘宝网, and 每平每屋设计师版 whose policy calls its operator 淘宝网).
    let by_own_name: Vec<&Analysed> = exact
        .iter()
        .copied()
        .filter(|p| {
            p.policy.app.as_ref().is_some_and(|a| {
                AppMatch::of(asked_app, std::slice::from_ref(a)) == Some(AppMatch::Exact)
            })
        })
        .collect();
    let exact = if by_own_name.is_empty() {
        exact
    } else {
        by_own_name
    };
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
        // Each name's chars (normalized, lower case), whitespace kept: it tells where a Latin
        // word ends (`keep app`).
        let chars =
            |s: &str| -> Vec<char> { normalize(s).chars().flat_map(char::to_lowercase).collect() };
        let asked: Vec<char> = chars(asked)
            .into_iter()
            .filter(|c| !c.is_whitespace())
            .collect();
        if asked.is_empty() {
            return None;
        }
        names
            .iter()
            .filter_map(|n| {
                let full = chars(n);
                // The name without its whitespace, and where each of its chars is in `full`.
                let (key, at): (Vec<char>, Vec<usize>) = full
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| !c.is_whitespace())
                    .map(|(i, &c)| (c, i))
                    .unzip();
                if key == asked {
                    Some(AppMatch::Exact)
                } else if contains_as_word(&full, &key, &at, &asked) {
                    Some(AppMatch::Contains)
                } else {
                    let mut rest = key.iter();
                    (asked.len() >= 2 && asked.iter().all(|c| rest.any(|r| r == c)))
                        .then_some(AppMatch::InOrder)
                }
            })
            .min()
    }
}

/// The phrases of a word list under `data/ask/` (one per line, `#` starts a comment),
/// normalized as questions and clauses are.
pub(super) fn word_list(file: &str) -> Vec<String> {
    file.lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty())
        .map(normalize)
        .collect()
}

/// Whether `key` (a name's chars without whitespace; `at[i]` is where `key[i]` is in `full`)
/// holds `asked` — where `asked` begins or ends with a Latin letter or digit, not inside a
/// longer Latin word there (`keep` names `Keep App` and `com.gotokeep.keep`, not the `keep` of
/// `bookkeeping` or `carkeeper`). Chinese has no such edges: `花间` is in `花间视频直播`.
fn contains_as_word(full: &[char], key: &[char], at: &[usize], asked: &[char]) -> bool {
    let latin = |c: &char| c.is_ascii_alphanumeric();
    let (open_latin, close_latin) = (
        asked.first().is_some_and(latin),
        asked.last().is_some_and(latin),
    );
    (0..=key.len().saturating_sub(asked.len()))
        .filter(|&s| key[s..].starts_with(asked))
        .any(|s| {
            let (first, last) = (at[s], at[s + asked.len() - 1]);
            let before_ok = !open_latin || first == 0 || !latin(&full[first - 1]);
            let after_ok = !close_latin || full.get(last + 1).is_none_or(|c| !latin(c));
            before_ok && after_ok
        })
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
    let by_clauses = verdict_from_clauses(&question.particulars, chosen)
        .or_else(|| kept_in_the_country(&question.particulars, chosen));
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
                contradicted_by: None,
            });
            a.items.clear();
        }
        // The clauses on those words answer it (`会传到境外吗`: 否, with 「…存储在中华人民共和国
        // 境内」); every type the policy collects, listed after them, answers nothing asked.
        Answer::ByPurpose(a)
            if by_clauses.is_some()
                && question.purpose.is_none()
                && question.data.is_none()
                && !question.particulars.is_empty() =>
        {
            a.yes_no = by_clauses;
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Clauses of the crawl that answered 「会把我的信息传到境外吗」 with 是: each opens on a
    /// condition that may never hold.
    #[test]
    fn a_clause_opening_on_a_condition_to_come_is_only_if() {
        for clause in [
            "如果日后为处理跨境业务，需要向境外机构传输境内收集的相关个人信息的，我们会事先征得您的同意。",
            "如因业务需要，我们确需向境外机构提供您的个人信息，我们会按照相关法律法规执行。",
            "将来您的相关个人信息如发生数据跨境处理时，确需向境外机构传输境内收集的相关个人信息的，我们会按照法律执行。",
            // 穗好办 and others (crawl).
            "如部分产品或服务涉及跨境，我们需要向境外传输您的个人信息，我们会事先征求您的同意授权。",
            "如果发生数据的跨境传输，我们会单独向您以弹窗或邮件的方式告知数据出境的目的。",
            "如果确有必要进行数据的跨境传输，我们会单独向您以弹窗或邮件的方式告知。",
            "后期如开展跨境业务，我们将另行征得您的同意。",
            // 数字人民币 (crawl).
            "若为处理跨境业务，确需向境外机构传输境内收集的相关个人信息的，我们会按照法律执行。",
            // 小鹏汽车 (crawl).
            "如果我们向境外传输，我们将会严格遵循相关法律法规政策要求或单独征求您的授权同意。",
        ] {
            assert!(purpose::opens_on_a_condition(clause), "{clause}");
        }
        for clause in [
            "我们会将您的个人信息存储在中华人民共和国境内。",
            "在获得您的授权同意后，您的个人信息可能会被转移到境外。",
            "未来三年内我们会向您推送通知，",
            "如您使用跨境交易服务，我们会将您的订单信息传输至境外。",
        ] {
            assert!(!purpose::opens_on_a_condition(clause), "{clause}");
        }
    }

    /// 数字人民币 (crawl): 「位置信息是您的个人敏感信息，如您不提供前述信息…，您将无法注册APP账号」
    /// declared the account sensitive too.
    #[test]
    fn data_of_a_consequence_after_a_declaration_are_not_declared_sensitive() {
        let clause = "位置信息是您的个人敏感信息，如您不提供前述信息，您将无法注册APP账号。";
        let before = |item: &str| &clause[..clause.find(item).expect("item")];
        assert!(!purpose::consequence_after_declaring(before("位置信息")));
        assert!(purpose::consequence_after_declaring(before("APP账号")));
        let listing = "以下信息属于个人敏感信息：身份证号码，银行卡号，人脸信息。";
        let before = |item: &str| &listing[..listing.find(item).expect("item")];
        assert!(!purpose::consequence_after_declaring(before("人脸信息")));
    }

    /// 「Keep会收集我的健康信息吗」 on the crawl found no app: `keep` was inside three apps'
    /// names (`Keep App`, `com.majiajie.bookkeeping`, `com.shengkuang.carkeeper`), so no one
    /// of them was meant.
    #[test]
    fn a_latin_app_name_is_found_as_a_word_not_inside_a_longer_one() {
        let names = |n: &[&str]| n.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let of = |asked: &str, n: &[&str]| AppMatch::of(asked, &names(n));
        assert_eq!(
            of("Keep", &["Keep App", "com.gotokeep.keep"]),
            Some(AppMatch::Contains)
        );
        assert_eq!(of("keep", &["com.gotokeep.keep"]), Some(AppMatch::Contains));
        assert_eq!(
            of("Keep", &["我要记账", "me.majiajie.bookkeeping"]),
            Some(AppMatch::InOrder)
        );
        assert_eq!(
            of("Keep", &["爱车记", "com.shengkuang.carkeeper"]),
            Some(AppMatch::InOrder)
        );
        assert_eq!(of("keepapp", &["Keep App"]), Some(AppMatch::Exact));
        assert_eq!(of("QQ", &["QQ音乐"]), Some(AppMatch::Contains));
        assert_eq!(of("花间", &["花间视频直播"]), Some(AppMatch::Contains));
        assert_eq!(of("12306", &["铁路12306"]), Some(AppMatch::Contains));
        assert_eq!(of("WPS", &["WPSOffice"]), Some(AppMatch::InOrder));
    }

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
        // 录音转文字管家's refusal was listed as sharing with 「公司、组织和个人」.
        assert!(denies_broadly(
            "我们不会与录音转文字管家以外的任何公司、组织和个人分享您的个人信息，但以下情况除外："
        ));
        assert!(denies_broadly(
            "我们不会向除合作伙伴之外的第三方提供您的信息"
        ));
    }

    /// The verbs of keeping count as collecting (`我们会将…保存在我们的服务器中` is collected),
    /// so a `不` before them denies it: 快手's face clause 「…我们不会上传、储存上述信息」 became a
    /// clause that collects face information.
    #[test]
    fn a_not_before_a_verb_of_keeping_denies_collecting() {
        use super::purpose::denies;
        assert!(denies(
            "除非另有明确说明并征得您的单独同意，我们不会上传、储存上述信息或作其他任何用途。",
            ActionFilter::Collect
        ));
        assert!(denies(
            "指纹信息仅保存在您的设备本地，我们无法获取",
            ActionFilter::Any
        ));
        assert!(denial_only_while_a_feature_is_off(
            "用户在不使用定位相关功能和服务时，则多问律师端不会读取用户的MAC地址"
        ));
        assert!(denial_only_while_a_feature_is_off(
            "若用户在首次注册登录后不开启推送，则多问律师端将不会读取用户的IMEI号"
        ));
        assert!(!denial_only_while_a_feature_is_off(
            "我们不会收集您的指纹信息"
        ));
        // Consent is no feature: without it the app does not share, and that stays a denial.
        assert!(!denial_only_while_a_feature_is_off(
            "未经您同意，我们不会共享您的个人信息"
        ));
        // The condition must come before the denial.
        assert!(!denial_only_while_a_feature_is_off(
            "我们不会读取您的MAC地址，即使您关闭定位"
        ));
        assert!(denies("我们未收集您的位置信息", ActionFilter::Collect));
        assert!(!denies(
            "未经您同意，我们会收集您的位置信息",
            ActionFilter::Collect
        ));
        assert!(!denies("我们会将您的笔记保存在服务器中", ActionFilter::Any));
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

    /// The verdict the clauses of policy `text` holding `words` give ([`verdict_from_clauses`]).
    fn verdict_on(text: &str, words: &str) -> YesNo {
        let policy = crate::parse::parse_bytes(
            std::path::Path::new("policy.txt"),
            text.as_bytes(),
            &crate::parse::ParseOptions::default(),
        )
        .unwrap();
        let extraction = crate::extract::Extractor::builtin().extract(&policy);
        let a = Analysed {
            policy: &policy,
            extraction: &extraction,
        };
        verdict_from_clauses(&[words.to_string()], &[&a]).unwrap()
    }

    #[test]
    fn a_clause_saying_what_the_app_would_do_only_if_is_neither_yes_nor_no() {
        let v = verdict_on(
            "隐私政策\n我们会收集您的手机号码。\n如涉及向境外传输个人信息，我们将会向您明确告知并征得同意。\n",
            "传到境外",
        );
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
        // A purpose's word in a party's name is part of the party asked about.
        assert_eq!(
            particulars("会把我的信息给物流公司吗", Some(lexicon)),
            ["物流公司"]
        );
    }

    /// Ta在哪儿: what a refused permission costs (`无法提交带错误信息的日志…，本软件的摄像头设备
    /// 无法正常使用`) was read as uses of the device information it mentions.
    #[test]
    fn what_the_user_cannot_do_is_no_use_of_the_data() {
        use super::uses::says_what_cannot_be_done;
        assert!(says_what_cannot_be_done(
            "无法自动升级更高版本APP，无法提交带错误信息的日志定位错误问题，本软件的摄像头设备无法正常使用。"
        ));
        assert!(says_what_cannot_be_done("2、将无法使用位置相关功能"));
        assert!(!says_what_cannot_be_done(
            "我们会收集您的设备信息，用于保障账号安全，否则将无法登录"
        ));
    }

    /// Ta在哪儿: 「会把我的信息给物流公司吗」 was 否 on 「除以下情形外，我们不会与任何公司…分享」,
    /// while the policy shares with 物流公司 when the user buys its products.
    #[test]
    fn a_refusal_with_its_exceptions_listed_after_it_is_no_denial() {
        use super::purpose::excepts_what_follows;
        assert!(excepts_what_follows(
            "除以下情形外，我们不会与任何公司、组织和个人分享你的个人信息："
        ));
        assert!(excepts_what_follows(
            "我们不会将你的个人信息转让给任何公司、组织和个人，但以下情况除外："
        ));
        assert!(excepts_what_follows(
            "除非获得您的同意，我们不会共享您的信息"
        ));
        assert!(!excepts_what_follows(
            "除法律法规另有规定外，我们不会收集您的生物识别信息"
        ));
        assert!(!denies_broadly(
            "本隐私政策仅适用于我们所收集的信息，不适用于第三方服务收集的信息"
        ));
        let policy =
            "隐私政策\n一、共享\n除以下情形外，我们不会与任何公司、组织和个人分享你的个人信息：\n\
             1、例如在你购买我们的产品时必须与物流公司共享你的收货地址。\n";
        let v = verdict_on(policy, "物流公司");
        assert_eq!(v.verdict, Verdict::Yes);
        assert!(v.evidence[0].clause.contains("物流公司共享"));
        // No clause names the party: the refusal says the app shares only in the cases listed.
        let v = verdict_on(policy, "广告公司");
        assert_eq!(v.verdict, Verdict::OnlyIf);
        assert!(v.evidence[0].clause.starts_with("除以下情形外"));
    }
}
