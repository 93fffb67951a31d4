//! Compliance check: one policy read against the published rules, each finding with its
//! evidence — the clauses that satisfy or break the rule, or the sections searched when the
//! policy is silent.
//!
//! The rules are data (`data/check/rules.tsv`: id, severity, the rule in plain Chinese, its
//! source document and item, the check that reads it and its parameters); this module holds
//! the checks, each a small reading of what the pipeline already knows of the policy — its data
//! summary ([`crate::collected::data_summary`]), receivers ([`crate::ask::receivers_of_policy`]),
//! the parts `ask` answers about ([`crate::ask::topic_clauses`]: deleting an account,
//! retention …), bold marking and metadata. A verdict is one of four: 符合 (the policy says
//! it), 可能不符合 (it says something that falls short: data without a purpose, sharing without
//! a receiver), 未提及 (nothing found where a reader would look), 需人工判断 (the text cannot
//! tell, e.g. a plain-text file cannot show bold).
use serde::Serialize;

use crate::ask::{
    receivers_of_policy, topic_clauses, topic_section_words, Analysed, SharingStance,
};
use crate::collected::{data_summary, evidence_in, Evidence};
use crate::document::Policy;
use crate::extract::Label;
use crate::lexicon::Lexicon;
use crate::normalize::normalize;

mod app_type;
mod render;
mod rules;

pub use app_type::{
    app_type, app_type_named, app_types, guess as guess_app_type, AppType, AppTypeChoice,
};

pub use render::{render, render_many, report_section, tally, CheckFormat, RuleTally};
pub use rules::{rules, Rule, Severity};

/// What the policy's text says about one rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "CheckVerdict"))]
pub enum Verdict {
    /// 符合: the policy says what the rule asks.
    Complies,
    /// 可能不符合: what it says falls short.
    MayNotComply,
    /// 未提及: nothing found where a reader would look.
    NotMentioned,
    /// 需人工判断: the text cannot tell.
    NeedsReview,
}

impl Verdict {
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Complies => "符合",
            Verdict::MayNotComply => "可能不符合",
            Verdict::NotMentioned => "未提及",
            Verdict::NeedsReview => "需人工判断",
        }
    }
}

/// One rule's finding.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Finding {
    pub rule_id: String,
    pub rule: String,
    pub source: String,
    pub severity: Severity,
    pub verdict: Verdict,
    /// Why, in the reader's words (`3 种信息未写明目的：设备信息、…`).
    pub note: String,
    /// The clauses that satisfy or break the rule.
    pub evidence: Vec<Evidence>,
    /// Where the policy was searched when nothing was found: its section titles that a reader
    /// would look under (or, when it has none, `全文`).
    pub searched: Vec<String>,
}

/// How many findings of each verdict.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct VerdictCounts {
    pub complies: usize,
    pub may_not_comply: usize,
    pub not_mentioned: usize,
    pub needs_review: usize,
}

impl VerdictCounts {
    /// Count one more `verdict`.
    pub fn add(&mut self, verdict: Verdict) {
        *match verdict {
            Verdict::Complies => &mut self.complies,
            Verdict::MayNotComply => &mut self.may_not_comply,
            Verdict::NotMentioned => &mut self.not_mentioned,
            Verdict::NeedsReview => &mut self.needs_review,
        } += 1;
    }
}

/// A policy's findings, in the rules' order.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CheckReport {
    pub policy_id: String,
    pub app: Option<String>,
    pub title: Option<String>,
    /// The app type rule C26 read the policy as (given, or guessed from the app's name).
    pub app_type: Option<AppTypeChoice>,
    pub counts: VerdictCounts,
    pub findings: Vec<Finding>,
}

/// At most this many clauses are cited for one finding.
pub const EVIDENCE_PER_FINDING: usize = 4;

/// Check `a` against every rule, its app type guessed from the app's name and title.
pub fn check(a: &Analysed, lexicon: &Lexicon) -> CheckReport {
    check_as(a, lexicon, None)
}

/// Check `a` against every rule as an app of type `app_type` (one of [`app_types`]; `None`:
/// guessed from the app's name and title, or unknown).
pub fn check_as(a: &Analysed, lexicon: &Lexicon, app_type: Option<&AppType>) -> CheckReport {
    let choice = match app_type {
        Some(t) => Some(AppTypeChoice {
            name: t.name.clone(),
            guessed: false,
        }),
        None => app_type::guess(a.policy.app.as_deref(), a.policy.title.as_deref()).map(|t| {
            AppTypeChoice {
                name: t.name.clone(),
                guessed: true,
            }
        }),
    };
    let facts = Facts::of(a, lexicon, choice.clone());
    let findings: Vec<Finding> = rules()
        .iter()
        .map(|rule| {
            let (verdict, note, mut evidence, searched) = rule_verdict(rule, a, &facts, lexicon);
            // Two items of one clause cite it once.
            let mut seen = std::collections::HashSet::new();
            evidence.retain(|e| seen.insert((e.policy_id.clone(), e.clause_span)));
            evidence.truncate(EVIDENCE_PER_FINDING);
            Finding {
                rule_id: rule.id.clone(),
                rule: rule.text.clone(),
                source: rule.source.clone(),
                severity: rule.severity,
                verdict,
                note,
                evidence,
                searched,
            }
        })
        .collect();
    let mut counts = VerdictCounts::default();
    for f in &findings {
        counts.add(f.verdict);
    }
    CheckReport {
        policy_id: a.policy.id.clone(),
        app: a.policy.app.clone(),
        title: a.policy.title.clone(),
        app_type: choice,
        counts,
        findings,
    }
}

/// What several checks read, computed once.
struct Facts {
    summary: crate::collected::DataSummary,
    receivers: crate::ask::ReceiversAnswer,
    /// Each sentence's text, normalized.
    sentences: Vec<String>,
    app_type: Option<AppTypeChoice>,
}

impl Facts {
    fn of(a: &Analysed, lexicon: &Lexicon, app_type: Option<AppTypeChoice>) -> Facts {
        Facts {
            summary: data_summary(a.policy, a.extraction, lexicon),
            receivers: receivers_of_policy(a, lexicon),
            sentences: a
                .policy
                .sentences
                .iter()
                .map(|s| normalize(&a.policy.visible_text(s.span)))
                .collect(),
            app_type,
        }
    }

    /// The sentences holding a word of every group, in the policy's order.
    fn holding(&self, groups: &[Vec<String>]) -> Vec<usize> {
        self.sentences
            .iter()
            .enumerate()
            .filter(|(_, text)| {
                groups
                    .iter()
                    .all(|g| g.iter().any(|w| text.contains(w.as_str())))
            })
            .map(|(i, _)| i)
            .collect()
    }
}

type Outcome = (Verdict, String, Vec<Evidence>, Vec<String>);

fn cite(a: &Analysed, sentences: &[usize]) -> Vec<Evidence> {
    sentences
        .iter()
        .take(EVIDENCE_PER_FINDING)
        .map(|&si| evidence_in(a, si, Label::Collect, a.policy.sentences[si].span))
        .collect()
}

/// `|`-separated words.
fn words(s: &str) -> Vec<String> {
    s.split('|')
        .map(|w| normalize(w.trim()))
        .filter(|w| !w.is_empty())
        .collect()
}

/// `;`-separated groups of `|`-separated words.
fn groups(s: &str) -> Vec<Vec<String>> {
    s.split(';').map(words).filter(|g| !g.is_empty()).collect()
}

/// The section titles of `policy` that hold one of `words` (where a reader would look), else
/// the whole text.
fn searched(policy: &Policy, words: &[String]) -> Vec<String> {
    let mut titles: Vec<String> = Vec::new();
    for block in &policy.blocks {
        if let Some(title) = block.section.last() {
            let t = normalize(title);
            if words.iter().any(|w| t.contains(w.as_str())) && !titles.contains(title) {
                titles.push(title.clone());
            }
        }
    }
    if titles.is_empty() {
        titles.push("全文".to_string());
    }
    titles
}

fn rule_verdict(rule: &Rule, a: &Analysed, facts: &Facts, lexicon: &Lexicon) -> Outcome {
    let p = rule.parameters.as_str();
    match rule.check.as_str() {
        "purposes" => purposes(a, facts, lexicon),
        "receivers" => receivers(a, facts),
        "sdks" => sdks(a, facts),
        "opt_out" => opt_out(a, facts, p),
        "topic" => topic(a, p),
        "words" => words_rule(a, facts, p),
        "sensitive_marked" => sensitive_marked(a, facts),
        "separate_consent" => separate_consent(a, facts, p, lexicon),
        "dates" => dates(a),
        "operator" => operator(a, facts, p),
        "necessary_info" => app_type::necessary_information(a, lexicon, facts.app_type.as_ref()),
        other => unreachable!("rules.rs accepts only known checks, not {other}"),
    }
}

/// Words that state what something is for.
const PURPOSE_WORDS: &[&str] = &[
    "用于", "为了", "以便", "目的", "用来", "便于", "是为", "用以",
];

/// Every collected data type has a stated purpose: in the clause that collects it, or in the
/// title of the section it stands under (`7.充值、查询虚拟财产` names what the data in it is for).
/// More than a fifth of the types without one may not comply; fewer are listed in the note.
fn purposes(a: &Analysed, facts: &Facts, lexicon: &Lexicon) -> Outcome {
    let collected: Vec<_> = facts.summary.collected().collect();
    if collected.is_empty() {
        return (
            Verdict::NotMentioned,
            "政策中没有读到收集个人信息的条款".into(),
            vec![],
            searched(a.policy, &words("收集|使用|信息")),
        );
    }
    let titled = |section: &str| {
        let section = normalize(section);
        !lexicon.find_purposes(&section).is_empty()
    };
    // A purpose the tagger did not tie to the item is often said in the clause's paragraph
    // (`为了X，我们会收集：` and a list, `…，用于Y`): a purpose word or a known purpose there counts.
    let in_paragraph = |ev: &Evidence| {
        let si = crate::collected::sentence_at(a, ev.clause_span.start);
        let block = &a.policy.blocks[a.policy.sentences[si].block];
        let text = normalize(&a.policy.visible_text(block.span));
        PURPOSE_WORDS.iter().any(|w| text.contains(w)) || !lexicon.find_purposes(&text).is_empty()
    };
    let without: Vec<_> = collected
        .iter()
        .filter(|e| e.purposes.is_empty())
        .filter(|e| {
            !e.evidence
                .iter()
                .any(|ev| titled(&ev.section) || in_paragraph(ev))
        })
        .collect();
    if without.is_empty() {
        return (
            Verdict::Complies,
            format!("收集的 {} 种信息都写明了目的", collected.len()),
            collected
                .iter()
                .filter_map(|e| e.evidence.first().cloned())
                .collect(),
            vec![],
        );
    }
    let names: Vec<&str> = without.iter().map(|e| e.data_type.as_str()).collect();
    // A few types without a purpose read are more often the reader's miss (a purpose stated
    // in the next sentence, a table) than the policy's: only more than a fifth is a finding.
    let verdict = if without.len() * 5 > collected.len() {
        Verdict::MayNotComply
    } else {
        Verdict::Complies
    };
    (
        verdict,
        format!(
            "收集的 {} 种信息中 {} 种未写明目的：{}",
            collected.len(),
            without.len(),
            names.iter().take(8).copied().collect::<Vec<_>>().join("、")
                + if names.len() > 8 { " 等" } else { "" }
        ),
        without
            .iter()
            .filter_map(|e| e.evidence.first().cloned())
            .collect(),
        vec![],
    )
}

/// Who receives shared data is named, or the policy says it shares with no one.
fn receivers(a: &Analysed, facts: &Facts) -> Outcome {
    let r = &facts.receivers;
    match r.stance {
        SharingStance::Shares if !r.receivers.is_empty() => (
            Verdict::Complies,
            format!(
                "写明了 {} 个接收方：{}",
                r.receivers.len(),
                r.receivers
                    .iter()
                    .take(6)
                    .map(|x| x.name.as_str())
                    .collect::<Vec<_>>()
                    .join("、")
            ),
            r.receivers
                .iter()
                .filter_map(|x| x.evidence.first().cloned())
                .collect(),
            vec![],
        ),
        SharingStance::Shares => (
            Verdict::MayNotComply,
            format!("有 {} 处共享条款，都没有写明接收方", r.unnamed.len()),
            r.unnamed.clone(),
            vec![],
        ),
        SharingStance::None | SharingStance::NoneExcept => (
            Verdict::Complies,
            "政策声明不向第三方提供个人信息（法定等情形除外）".into(),
            r.refusals.clone(),
            vec![],
        ),
        SharingStance::Silent => (
            Verdict::NotMentioned,
            "没有读到共享、转让或委托处理个人信息的条款".into(),
            vec![],
            searched(a.policy, &words("共享|提供|转让|第三方|委托")),
        ),
    }
}

/// A policy that mentions SDKs lists them.
fn sdks(a: &Analysed, facts: &Facts) -> Outcome {
    let listed: Vec<_> = facts
        .receivers
        .receivers
        .iter()
        .filter(|r| r.kind == "sdk")
        .collect();
    if !listed.is_empty() {
        return (
            Verdict::Complies,
            format!(
                "列明了 {} 个SDK：{}",
                listed.len(),
                listed
                    .iter()
                    .take(6)
                    .map(|r| r.name.as_str())
                    .collect::<Vec<_>>()
                    .join("、")
            ),
            listed
                .iter()
                .filter_map(|r| r.evidence.first().cloned())
                .collect(),
            vec![],
        );
    }
    let mentions = facts.holding(&groups("SDK|sdk|Sdk|软件开发工具包|软件工具开发包"));
    if mentions.is_empty() {
        return (
            Verdict::NeedsReview,
            "政策没有提到SDK：是否接入了第三方SDK需对照应用本身判断".into(),
            vec![],
            searched(a.policy, &words("sdk|第三方|共享")),
        );
    }
    (
        Verdict::MayNotComply,
        "提到了SDK，但没有列出SDK的名称及其收集的信息".into(),
        cite(a, &mentions),
        vec![],
    )
}

/// A policy that personalizes says how to turn it off.
fn opt_out(a: &Analysed, facts: &Facts, p: &str) -> Outcome {
    let (what, off) = p.split_once(';').unwrap_or((p, ""));
    let (what, off) = (words(what), words(off));
    let personalized = facts.holding(std::slice::from_ref(&what));
    if personalized.is_empty() {
        return (
            Verdict::Complies,
            "政策没有提到个性化推荐或定向推送（本项不适用）".into(),
            vec![],
            vec![],
        );
    }
    // Turning it off is said in the same clause or one of the same paragraph.
    let blocks: Vec<usize> = personalized
        .iter()
        .map(|&si| a.policy.sentences[si].block)
        .collect();
    let off_clauses: Vec<usize> = facts
        .sentences
        .iter()
        .enumerate()
        .filter(|(si, text)| {
            off.iter().any(|w| text.contains(w.as_str()))
                && (what.iter().any(|w| text.contains(w.as_str()))
                    || blocks.contains(&a.policy.sentences[*si].block))
        })
        .map(|(si, _)| si)
        .collect();
    if off_clauses.is_empty() {
        return (
            Verdict::MayNotComply,
            "提到了个性化推荐或定向推送，但没有说明如何关闭".into(),
            cite(a, &personalized),
            vec![],
        );
    }
    (
        Verdict::Complies,
        "说明了关闭个性化推荐或定向推送的方式".into(),
        cite(a, &off_clauses),
        vec![],
    )
}

/// A part of the policy `ask` answers about (deleting an account, retention …), optionally
/// with a clause holding one of some words.
fn topic(a: &Analysed, p: &str) -> Outcome {
    let (id, needed) = p.split_once(';').unwrap_or((p, ""));
    let needed = words(needed);
    let clauses = topic_clauses(a, id).unwrap_or_default();
    let section_words = topic_section_words(id).unwrap_or_default().to_vec();
    let good: Vec<Evidence> = clauses
        .iter()
        .filter(|e| {
            needed.is_empty()
                || needed
                    .iter()
                    .any(|w| normalize(&e.clause).contains(w.as_str()))
        })
        .cloned()
        .collect();
    if !good.is_empty() {
        return (
            Verdict::Complies,
            format!("找到 {} 条相关条款", good.len()),
            good,
            vec![],
        );
    }
    if !clauses.is_empty() {
        return (
            Verdict::MayNotComply,
            "有相关条款，但没有写明具体的方式或期限".into(),
            clauses,
            vec![],
        );
    }
    (
        Verdict::NotMentioned,
        "没有找到相关条款".into(),
        vec![],
        searched(a.policy, &section_words),
    )
}

/// A clause holding a word of each group.
fn words_rule(a: &Analysed, facts: &Facts, p: &str) -> Outcome {
    let g = groups(p);
    let found = facts.holding(&g);
    if found.is_empty() {
        let all: Vec<String> = g.iter().flatten().cloned().collect();
        return (
            Verdict::NotMentioned,
            "没有找到相关条款".into(),
            vec![],
            searched(a.policy, &all),
        );
    }
    (
        Verdict::Complies,
        format!("找到 {} 条相关条款", found.len()),
        cite(a, &found),
        vec![],
    )
}

/// The clauses collecting sensitive information are marked.
fn sensitive_marked(a: &Analysed, facts: &Facts) -> Outcome {
    let sensitive: Vec<&Evidence> = facts
        .summary
        .collected()
        .filter(|e| e.sensitive)
        .flat_map(|e| e.evidence.first())
        .collect();
    if sensitive.is_empty() {
        return (
            Verdict::Complies,
            "没有读到收集敏感个人信息的条款（本项不适用）".into(),
            vec![],
            vec![],
        );
    }
    let any_bold = a.policy.sentences.iter().any(|s| a.policy.is_bold(s.span));
    if !any_bold {
        return (
            Verdict::NeedsReview,
            "文件中没有任何加粗标记（纯文本或排版丢失），无法判断原页面是否突出显示".into(),
            sensitive.into_iter().cloned().collect(),
            vec![],
        );
    }
    let bold = sensitive.iter().filter(|e| e.bold).count();
    let unmarked: Vec<Evidence> = sensitive
        .iter()
        .filter(|e| !e.bold)
        .map(|e| (*e).clone())
        .collect();
    if bold * 2 >= sensitive.len() {
        (
            Verdict::Complies,
            format!("收集敏感信息的 {} 条条款中 {bold} 条加粗", sensitive.len()),
            sensitive.into_iter().filter(|e| e.bold).cloned().collect(),
            vec![],
        )
    } else {
        (
            Verdict::MayNotComply,
            format!(
                "收集敏感信息的 {} 条条款中只有 {bold} 条加粗",
                sensitive.len()
            ),
            unmarked,
            vec![],
        )
    }
}

/// Sensitive information collected → separate consent stated.
fn separate_consent(a: &Analysed, facts: &Facts, p: &str, lexicon: &Lexicon) -> Outcome {
    let sensitive = facts.summary.sensitive_collected();
    if sensitive.is_empty() {
        return (
            Verdict::Complies,
            "没有读到收集敏感个人信息的条款（本项不适用）".into(),
            vec![],
            vec![],
        );
    }
    // The separate consent of sensitive information: a clause that speaks of it (the word, or a
    // sensitive type) — `单独征得您的同意` of a cross-border transfer is another matter.
    let found: Vec<usize> = facts
        .holding(&[words(p)])
        .into_iter()
        .filter(|&si| {
            let text = &facts.sentences[si];
            text.contains("敏感")
                || lexicon.find_data(text).iter().any(|m| {
                    let t = &lexicon.data_types()[m.type_index];
                    t.sensitive && t.kind == crate::lexicon::DataKind::Info
                })
        })
        .collect();
    if found.is_empty() {
        return (
            Verdict::MayNotComply,
            format!(
                "收集 {} 等敏感个人信息，但没有说明取得单独同意",
                sensitive
                    .iter()
                    .take(4)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join("、")
            ),
            facts
                .summary
                .collected()
                .filter(|e| e.sensitive)
                .filter_map(|e| e.evidence.first().cloned())
                .collect(),
            vec![],
        );
    }
    (
        Verdict::Complies,
        "说明了处理敏感个人信息前取得单独同意".into(),
        cite(a, &found),
        vec![],
    )
}

/// The policy states when it was updated or takes effect.
fn dates(a: &Analysed) -> Outcome {
    let p = a.policy;
    let stated: Vec<String> = [("更新日期", &p.updated), ("生效日期", &p.effective)]
        .iter()
        .filter_map(|(label, d)| d.as_ref().map(|d| format!("{label} {d}")))
        .collect();
    if stated.is_empty() {
        return (
            Verdict::NotMentioned,
            "没有读到更新日期或生效日期".into(),
            vec![],
            vec!["政策开头与结尾".into()],
        );
    }
    (Verdict::Complies, stated.join("，"), vec![], vec![])
}

/// The policy names who handles the data and how to reach them.
fn operator(a: &Analysed, facts: &Facts, p: &str) -> Outcome {
    let contact = words(p);
    let contacts = facts.holding(std::slice::from_ref(&contact));
    let operator = a.policy.operator.clone();
    match (&operator, contacts.is_empty()) {
        (Some(name), false) => (
            Verdict::Complies,
            format!("处理者：{name}；写明了联系方式"),
            cite(a, &contacts),
            vec![],
        ),
        (Some(name), true) => (
            Verdict::MayNotComply,
            format!("处理者：{name}；没有找到联系方式"),
            vec![],
            searched(a.policy, &words("联系|投诉|反馈")),
        ),
        (None, false) => (
            Verdict::MayNotComply,
            "写明了联系方式，但没有读到处理者（公司）的名称".into(),
            cite(a, &contacts),
            vec![],
        ),
        (None, true) => (
            Verdict::NotMentioned,
            "没有读到处理者名称和联系方式".into(),
            vec![],
            searched(a.policy, &words("联系|投诉|反馈")),
        ),
    }
}

#[cfg(test)]
mod tests;
