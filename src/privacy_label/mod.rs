//! 隐私标签 (privacy label): one card per policy, modelled on the app stores' labels (Apple's
//! privacy "nutrition label", Google Play's Data safety) — what is collected, what for, who
//! receives it, what is sensitive, what is required or only for some features, how long it is
//! kept and whether it can be deleted — each line citing its clause, 「未说明」 where the policy
//! is silent.
//!
//! Built from what the reader and `ask` already show, never a reading of its own: the data
//! summary ([`crate::collected::data_summary`]: collected types and their purposes), the
//! receivers ([`crate::ask::receivers_of_policy`]), the practices' modality (a type collected
//! only under a condition — `如您使用…功能` — is optional) and the parts `ask` answers about
//! ([`crate::ask::topic_clauses`]: retention, deleting data, closing the account).
//!
//! The stores group data by how it is used; a Chinese policy seldom says so, so the groups
//! are read where it does: types whose stated purposes are advertising or personalised
//! recommendation are 用于广告与个性化推荐 (the stores' "used to track you"), types whose
//! clauses say they are anonymised or de-identified are 已匿名化或去标识化 ("not linked to you"),
//! and the rest are 其他收集的信息 — the policy does not say they are unlinked. System permissions
//! the policy asks for (相机权限, 蓝牙权限 …: the lexicon's `permission` kind) are no information
//! in themselves, so they get a group of their own, 申请的系统权限, as the stores list
//! permissions apart from data.
use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::ask::{receivers_of_policy, topic_clauses, type_covers, Analysed, SharingStance};
use crate::collected::{add_practice_data, data_summary, Evidence};
use crate::extract::{Label, Modality};
use crate::lexicon::{DataKind, Lexicon};
use crate::normalize::normalize;

mod render;

pub use render::{render, report_section, LabelFormat};

/// How the policy says a group of data is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum LabelGroup {
    /// Stated purposes include advertising or personalised recommendation.
    Tracking,
    /// The policy says it is anonymised or de-identified.
    NotLinked,
    /// Everything else collected: the policy does not say it is unlinked.
    Other,
    /// System permissions the policy asks for (not information in themselves).
    Permission,
}

impl LabelGroup {
    pub fn title(self) -> &'static str {
        match self {
            LabelGroup::Tracking => "用于广告与个性化推荐",
            LabelGroup::NotLinked => "已匿名化或去标识化",
            LabelGroup::Other => "其他收集的信息",
            LabelGroup::Permission => "申请的系统权限",
        }
    }

    /// What the group's items are: `信息`, or `权限` for the permissions.
    pub fn item_word(self) -> &'static str {
        match self {
            LabelGroup::Permission => "权限",
            _ => "信息",
        }
    }

    /// What the group means, for the card's small print.
    pub fn explanation(self) -> &'static str {
        match self {
            LabelGroup::Tracking => {
                "政策写明这些信息用于广告营销或个性化推荐（应用商店标签的「用于追踪您」）"
            }
            LabelGroup::NotLinked => "政策说这些信息经匿名化或去标识化处理（「未与您的身份关联」）",
            LabelGroup::Other => "政策没有说这些信息已匿名化或去标识化",
            LabelGroup::Permission => {
                "政策写明会申请的系统权限：权限本身不是信息，借它读取的信息列在上面各组"
            }
        }
    }
}

/// One data type on the card.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LabelItem {
    pub data_type: String,
    pub sensitive: bool,
    /// Collected only under a condition (a feature the user chooses), never unconditionally.
    pub optional: bool,
    /// What the policy says it is for (as the data summary says); empty: 未说明.
    pub purposes: Vec<String>,
    /// The clause that collects it.
    pub evidence: Option<Evidence>,
}

/// One category of one group: its types, and who receives any of them.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LabelCategory {
    /// A GB/T 35273-2020 category (`个人位置信息`).
    pub category: String,
    pub items: Vec<LabelItem>,
    /// Receivers of a type of the category (names as the policy gives them).
    pub receivers: Vec<String>,
    /// The clause of each receiver, in the same order.
    pub receiver_evidence: Vec<Option<Evidence>>,
}

/// A group of the card.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LabelSection {
    pub group: LabelGroup,
    pub title: String,
    pub explanation: String,
    pub categories: Vec<LabelCategory>,
}

/// A line about the policy as a whole (retention, deletion, account closure, sharing).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LabelLine {
    /// `保存期限`.
    pub label: String,
    /// What the policy says, in short; `未说明` when it is silent.
    pub text: String,
    pub stated: bool,
    pub evidence: Option<Evidence>,
}

/// The card of one policy.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PrivacyLabel {
    pub policy_id: String,
    pub app: Option<String>,
    pub title: Option<String>,
    pub updated: Option<String>,
    /// Groups with something in them, in the order tracking, not linked, other.
    pub sections: Vec<LabelSection>,
    /// Sharing, retention, deleting one's data, closing the account.
    pub lines: Vec<LabelLine>,
    /// How many types of information are collected, how many permissions asked for, and how
    /// many of both are sensitive (as the reader's summary counts them).
    pub collected: usize,
    pub permissions: usize,
    pub sensitive: usize,
}

impl PrivacyLabel {
    /// `收集 60 类信息、申请 3 项系统权限，其中敏感 13 类`.
    pub fn counts_line(&self) -> String {
        let permissions = if self.permissions > 0 {
            format!("、申请 {} 项系统权限", self.permissions)
        } else {
            String::new()
        };
        format!(
            "收集 {} 类信息{permissions}，其中敏感 {} 类",
            self.collected, self.sensitive
        )
    }
}

/// Purposes that make a type 「用于广告与个性化推荐」.
const TRACKING_PURPOSES: &[&str] = &["广告营销", "个性化推荐"];

/// Words of a clause saying the data is not linked to the person.
const UNLINKED_WORDS: &[&str] = &[
    "匿名化",
    "去标识化",
    "无法识别特定",
    "无法识别您的身份",
    "不会与您的身份关联",
    "不能识别特定",
];

/// Words of a clause saying the information may be withheld.
const OPTIONAL_WORDS: &[&str] = &[
    "可选",
    "您可以选择",
    "您可选择",
    "自愿",
    "不影响您使用",
    "不会影响您使用",
    "不影响您正常使用",
    "不会影响您正常使用",
];

/// Words of a clause saying the information must be given.
const REQUIRED_WORDS: &[&str] = &[
    "必须",
    "必需",
    "必要信息",
    "必要个人信息",
    "否则无法",
    "将无法",
];

/// The card of `a`.
pub fn privacy_label(a: &Analysed, lexicon: &Lexicon) -> PrivacyLabel {
    let summary = data_summary(a.policy, a.extraction, lexicon);
    let receivers = receivers_of_policy(a, lexicon);
    let required = unconditionally_collected(a, lexicon);

    let mut groups: BTreeMap<LabelGroup, BTreeMap<String, Vec<LabelItem>>> = BTreeMap::new();
    let mut collected = 0;
    let mut permissions = 0;
    let mut sensitive = 0;
    for entry in summary.collected() {
        let permission = lexicon
            .data_type(&entry.data_type)
            .is_some_and(|t| t.kind == DataKind::Permission);
        if permission {
            permissions += 1;
        } else {
            collected += 1;
        }
        sensitive += entry.sensitive as usize;
        let unlinked = entry.evidence.iter().any(|e| {
            let clause = normalize(&e.clause);
            UNLINKED_WORDS.iter().any(|w| clause.contains(w))
        });
        let group = if permission {
            LabelGroup::Permission
        } else if entry
            .purposes
            .iter()
            .any(|p| TRACKING_PURPOSES.contains(&p.as_str()))
        {
            LabelGroup::Tracking
        } else if unlinked {
            LabelGroup::NotLinked
        } else {
            LabelGroup::Other
        };
        // Optional: the clause says so, or every practice collecting it is conditional
        // (`如您使用…功能`) and no clause says it must be given.
        let says = |words: &[&str]| {
            entry.evidence.iter().any(|e| {
                let clause = normalize(&e.clause);
                words.iter().any(|w| clause.contains(w))
            })
        };
        // A clause opening on a condition (`如您使用…功能，我们会收集…`) is conditional even
        // where the tagger read the condition as a purpose.
        let only_when = entry.evidence.iter().all(|e| opens_on_condition(&e.clause));
        let optional = says(OPTIONAL_WORDS)
            || ((only_when || !required.contains(&entry.data_type)) && !says(REQUIRED_WORDS));
        groups
            .entry(group)
            .or_default()
            .entry(entry.category.clone())
            .or_default()
            .push(LabelItem {
                data_type: entry.data_type.clone(),
                sensitive: entry.sensitive,
                optional,
                purposes: entry.purposes.clone(),
                evidence: entry.evidence.first().cloned(),
            });
    }

    let sections = groups
        .into_iter()
        .map(|(group, categories)| LabelSection {
            group,
            title: group.title().to_string(),
            explanation: group.explanation().to_string(),
            categories: categories
                .into_iter()
                .map(|(category, items)| {
                    let (names, evidence) =
                        receivers_of_items(&items, &receivers.receivers, lexicon);
                    LabelCategory {
                        category,
                        items,
                        receivers: names,
                        receiver_evidence: evidence,
                    }
                })
                .collect(),
        })
        .collect();

    PrivacyLabel {
        policy_id: a.policy.id.clone(),
        app: a.policy.app.clone(),
        title: a.policy.title.clone(),
        updated: a.policy.updated.clone(),
        sections,
        lines: policy_lines(a, &receivers),
        collected,
        permissions,
        sensitive,
    }
}

/// Whether `clause` opens on a condition of the user's (`如您…`, `当您…时`), after any list
/// number.
fn opens_on_condition(clause: &str) -> bool {
    let head: String = normalize(clause)
        .chars()
        .skip_while(|c| {
            !('\u{4e00}'..='\u{9fff}').contains(c) || "一二三四五六七八九十".contains(*c)
        })
        .take(4)
        .collect();
    [
        "如您",
        "如果您",
        "若您",
        "当您",
        "在您",
        "如你",
        "当你",
        "若你",
    ]
    .iter()
    .any(|w| head.starts_with(w))
}

/// The types some affirmed (not conditional, not negated) collect practice names.
fn unconditionally_collected(a: &Analysed, lexicon: &Lexicon) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for practice in &a.extraction.practices {
        if practice.action != Label::Collect || practice.modality != Modality::Affirmed {
            continue;
        }
        let mut found = BTreeMap::new();
        add_practice_data(&mut found, a, practice, lexicon);
        names.extend(found.into_keys());
    }
    names
}

/// The receivers that get any of `items` (a type, or one narrower or broader in its category),
/// with each one's clause.
fn receivers_of_items(
    items: &[LabelItem],
    receivers: &[crate::ask::ReceiverUse],
    lexicon: &Lexicon,
) -> (Vec<String>, Vec<Option<Evidence>>) {
    let gets = |r: &crate::ask::ReceiverUse| {
        items.iter().any(|item| {
            r.data_types.iter().any(|t| {
                *t == item.data_type
                    || lexicon
                        .data_type(t)
                        .is_some_and(|ty| type_covers(ty, lexicon)(&item.data_type))
                    || lexicon
                        .data_type(&item.data_type)
                        .is_some_and(|ty| type_covers(ty, lexicon)(t))
            })
        })
    };
    let mut names = Vec::new();
    let mut evidence = Vec::new();
    for r in receivers.iter().filter(|r| gets(r)) {
        if !names.contains(&r.name) {
            names.push(r.name.clone());
            evidence.push(r.evidence.first().cloned());
        }
    }
    (names, evidence)
}

/// The card's lines about the policy as a whole.
fn policy_lines(a: &Analysed, receivers: &crate::ask::ReceiversAnswer) -> Vec<LabelLine> {
    let sharing = match receivers.stance {
        SharingStance::Shares if !receivers.receivers.is_empty() => LabelLine {
            label: "与第三方共享".into(),
            text: {
                let names: Vec<&str> = receivers
                    .receivers
                    .iter()
                    .map(|r| r.name.as_str())
                    .collect();
                let more = if names.len() > 6 { " 等" } else { "" };
                format!(
                    "共享给 {} 个接收方：{}{more}",
                    names.len(),
                    names[..names.len().min(6)].join("、")
                )
            },
            stated: true,
            evidence: receivers
                .receivers
                .iter()
                .find_map(|r| r.evidence.first().cloned()),
        },
        SharingStance::Shares => LabelLine {
            label: "与第三方共享".into(),
            text: "会共享，但没有写明接收方".into(),
            stated: true,
            evidence: receivers.unnamed.first().cloned(),
        },
        SharingStance::None | SharingStance::NoneExcept => LabelLine {
            label: "与第三方共享".into(),
            text: "声明不与第三方共享（法定情形等除外）".into(),
            stated: true,
            evidence: receivers.refusals.first().cloned(),
        },
        SharingStance::Silent => unstated("与第三方共享"),
    };
    // Of the clauses `ask` cites for a part of the policy (best first) that hold `required`
    // and some of `words`: the first, or (`most`) the one holding most of `words` (the first
    // on a tie); none: unstated.
    let topic = |label: &str, id: &str, required: &str, words: &[&str], most: bool| -> LabelLine {
        let mut best: Option<(usize, Evidence)> = None;
        for e in topic_clauses(a, id).unwrap_or_default() {
            let clause = normalize(&e.clause);
            let held = words.iter().filter(|w| clause.contains(*w)).count();
            if clause.contains(required)
                && held > 0
                && best.as_ref().is_none_or(|(n, _)| most && held > *n)
            {
                best = Some((held, e));
            }
        }
        match best.map(|(_, e)| e) {
            Some(e) => LabelLine {
                label: label.into(),
                text: excerpt(&e.clause, 80),
                stated: true,
                evidence: Some(e),
            },
            None => unstated(label),
        }
    };
    vec![
        sharing,
        // A retention clause says for how long (or until what); `ask` also cites clauses that
        // only hold a storage word, such as `存储权限` or where data are stored.
        topic("保存期限", "retention", "", RETENTION_WORDS, false),
        // Deleting one's data, best where the clause says the user may ask for it (not
        // `删除相关权限`, which is about the phone's settings).
        topic("删除个人信息", "rights", "删除", DELETION_WORDS, true),
        // A clause that closes the account for the user (`您可以在设置中申请注销`), not one
        // that merely names it (`或您注销了账号` among the cases data are deleted in).
        topic("注销账号", "delete_account", "", CLOSURE_WORDS, true),
    ]
}

/// Words of a clause offering to delete the user's data.
const DELETION_WORDS: &[&str] = &["删除", "个人信息", "请求", "申请", "可以", "有权", "要求"];

/// Words of a clause offering to close the account: how, where, through whom, how soon.
const CLOSURE_WORDS: &[&str] = &[
    "可以",
    "可通过",
    "申请",
    "提交",
    "路径",
    "入口",
    "设置",
    "客服",
    "工作日",
    "小时",
    "流程",
    "操作",
    "联系我们",
    "方式",
    "点击",
    "】",
];

/// Words of a clause saying how long data are kept.
const RETENTION_WORDS: &[&str] = &[
    "期限",
    "期间",
    "最短",
    "所必需",
    "所必要",
    "多久",
    "年",
    "个月",
    "天",
    "届满",
    "到期",
    "保存时间",
    "存储时间",
];

fn unstated(label: &str) -> LabelLine {
    LabelLine {
        label: label.into(),
        text: "未说明".into(),
        stated: false,
        evidence: None,
    }
}

fn excerpt(text: &str, n: usize) -> String {
    let text: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= n {
        text
    } else {
        text.chars().take(n).collect::<String>() + "…"
    }
}

#[cfg(test)]
mod tests;
