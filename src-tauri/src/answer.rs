//! The answers of the `ask` command as the UI receives them: the core's [`policylens::ask`]
//! answers with every span in UTF-16 of its policy's text (the core's are char offsets).
//!
//! These are the shell's own types, not the core's with a TypeScript derive, because the offsets
//! they carry are in other units. Each is built from its core counterpart by destructuring it
//! whole, so a field added to a core answer is a compile error here until the contract says
//! what becomes of it.
use std::collections::HashMap;

use policylens::ask;
use policylens::collected;
use policylens::document::Span;
use policylens::label::Label;
use policylens::view::Utf16Offsets;
use serde::Serialize;
use ts_rs::TS;

/// UTF-16 offset tables of the policies an answer cites, by policy id.
pub struct CitedTexts<'a> {
    tables: HashMap<&'a str, Utf16Offsets>,
}

impl<'a> CitedTexts<'a> {
    pub fn new(texts: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        CitedTexts {
            tables: texts
                .into_iter()
                .map(|(id, text)| (id, Utf16Offsets::new(text)))
                .collect(),
        }
    }

    /// `span` of policy `policy_id` in UTF-16; as it is when the answer did not read that
    /// policy's text (the core cites only policies it read, so this does not happen).
    fn span(&self, policy_id: &str, span: Span) -> Span {
        self.tables
            .get(policy_id)
            .map_or(span, |offsets| offsets.span(span))
    }
}

/// Which practices a question is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ActionFilter {
    Collect,
    Share,
    Any,
}

impl From<ask::ActionFilter> for ActionFilter {
    fn from(action: ask::ActionFilter) -> Self {
        match action {
            ask::ActionFilter::Collect => ActionFilter::Collect,
            ask::ActionFilter::Share => ActionFilter::Share,
            ask::ActionFilter::Any => ActionFilter::Any,
        }
    }
}

/// One clause cited as evidence.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Evidence {
    pub policy_id: String,
    /// Section path of the clause.
    pub section: String,
    /// The clause as a reader sees it (hard wraps removed).
    pub clause: String,
    /// UTF-16, into that policy's `PolicyView.text`.
    pub clause_span: Span,
    /// The cited item (a data item, purpose phrase or receiver); UTF-16, into the same text.
    pub item_span: Span,
    /// Whether the policy marks the clause in bold.
    pub bold: bool,
    /// `collect` or `share`: the practice the clause states.
    pub action: Label,
}

impl Evidence {
    fn from_core(evidence: collected::Evidence, texts: &CitedTexts) -> Self {
        let collected::Evidence {
            policy_id,
            section,
            clause,
            clause_span,
            item_span,
            bold,
            action,
        } = evidence;
        Evidence {
            clause_span: texts.span(&policy_id, clause_span),
            item_span: texts.span(&policy_id, item_span),
            policy_id,
            section,
            clause,
            bold,
            action,
        }
    }

    fn all(evidence: Vec<collected::Evidence>, texts: &CitedTexts) -> Vec<Self> {
        evidence
            .into_iter()
            .map(|e| Evidence::from_core(e, texts))
            .collect()
    }
}

/// A data type an app collects or shares, with its classification and evidence.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct DataItem {
    pub data_type: String,
    pub category: String,
    pub sensitive: bool,
    pub reason: Option<String>,
    /// How the policy words it (`浏览和搜索记录`, `GPS 位置` …).
    pub wording: Vec<String>,
    pub evidence: Vec<Evidence>,
}

impl DataItem {
    fn all(items: Vec<collected::DataItem>, texts: &CitedTexts) -> Vec<Self> {
        items
            .into_iter()
            .map(|item| {
                let collected::DataItem {
                    data_type,
                    category,
                    sensitive,
                    reason,
                    wording,
                    evidence,
                } = item;
                DataItem {
                    data_type,
                    category,
                    sensitive,
                    reason,
                    wording,
                    evidence: Evidence::all(evidence, texts),
                }
            })
            .collect()
    }
}

/// The verdict on a yes/no question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The policy says it does.
    Yes,
    /// The policy says it does not.
    No,
    /// The policy says it would only if something happens: neither yes nor no today.
    OnlyIf,
    /// The policy says neither.
    NotMentioned,
}

/// A yes/no answer and the clauses it stands on (none when nothing is mentioned).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct YesNo {
    pub verdict: Verdict,
    pub evidence: Vec<Evidence>,
}

impl YesNo {
    fn from_core(yes_no: ask::YesNo, texts: &CitedTexts) -> Self {
        let ask::YesNo { verdict, evidence } = yes_no;
        YesNo {
            verdict: match verdict {
                ask::Verdict::Yes => Verdict::Yes,
                ask::Verdict::No => Verdict::No,
                ask::Verdict::OnlyIf => Verdict::OnlyIf,
                ask::Verdict::NotMentioned => Verdict::NotMentioned,
            },
            evidence: Evidence::all(evidence, texts),
        }
    }
}

/// The data an app collects or shares for a purpose.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct PurposeAnswer {
    pub app: String,
    pub policy_title: Option<String>,
    pub purpose: String,
    pub action: ActionFilter,
    pub items: Vec<DataItem>,
    /// Asked what is collected when the user does something (`注册账号时`, `转账的时候`): what
    /// the user does, as the question words it; `purpose` is then the same words.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub activity: Option<String>,
    /// Asked as a yes/no question (`会用我的信息做广告吗`): the verdict.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub yes_no: Option<YesNo>,
    /// Asked which sensitive information is collected: the data the policy itself calls
    /// sensitive, apart from `items` (what its practices collect); left out when there is none.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub declared_sensitive: Option<Vec<DataItem>>,
}

/// A purpose or receiver of one data type, with evidence.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Use {
    /// A canonical purpose, or the policy's own words when none fits; a receiver's name.
    pub name: String,
    pub evidence: Vec<Evidence>,
}

impl Use {
    fn all(uses: Vec<ask::Use>, texts: &CitedTexts) -> Vec<Self> {
        uses.into_iter()
            .map(|u| {
                let ask::Use { name, evidence } = u;
                Use {
                    name,
                    evidence: Evidence::all(evidence, texts),
                }
            })
            .collect()
    }
}

/// The purposes and receivers of one data type.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
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
    #[ts(optional)]
    pub yes_no: Option<YesNo>,
}

/// What a policy says about sharing at all, for an answer that names no receiver to say why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
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
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
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
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ReceiversAnswer {
    pub app: String,
    /// The policy the answer reads (its table exports with `export_receivers`).
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

/// The clauses of the part of a policy a question asks about (注销账号, 保存期限 …).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
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

/// The apps whose policy collects (or shares) a data type: `哪些应用会收集人脸信息`.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
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
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct AppFinding {
    pub app: String,
    pub policy_id: String,
    pub policy_title: Option<String>,
    /// The types it names that the asked one covers (`精准定位信息` for 位置信息).
    pub data_types: Vec<String>,
    /// The clauses that say so (a few, not all).
    pub evidence: Vec<Evidence>,
}

/// The answer to a question, by what the question asks.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Answer {
    ByPurpose(PurposeAnswer),
    ByData(DataAnswer),
    Receivers(ReceiversAnswer),
    Clauses(ClausesAnswer),
    Apps(AppsAnswer),
}

impl Answer {
    /// The core's answer with its spans in UTF-16 of `texts`.
    pub fn from_core(answer: ask::Answer, texts: &CitedTexts) -> Self {
        match answer {
            ask::Answer::ByPurpose(ask::PurposeAnswer {
                app,
                policy_title,
                purpose,
                action,
                items,
                activity,
                yes_no,
                declared_sensitive,
            }) => Answer::ByPurpose(PurposeAnswer {
                app,
                policy_title,
                purpose,
                action: action.into(),
                items: DataItem::all(items, texts),
                activity,
                yes_no: yes_no.map(|y| YesNo::from_core(y, texts)),
                declared_sensitive: Some(DataItem::all(declared_sensitive, texts))
                    .filter(|items| !items.is_empty()),
            }),
            ask::Answer::ByData(ask::DataAnswer {
                app,
                policy_title,
                data_type,
                category,
                sensitive,
                reason,
                purposes,
                receivers,
                evidence,
                yes_no,
            }) => Answer::ByData(DataAnswer {
                app,
                policy_title,
                data_type,
                category,
                sensitive,
                reason,
                purposes: Use::all(purposes, texts),
                receivers: Use::all(receivers, texts),
                evidence: Evidence::all(evidence, texts),
                yes_no: yes_no.map(|y| YesNo::from_core(y, texts)),
            }),
            ask::Answer::Receivers(ask::ReceiversAnswer {
                app,
                policy_id,
                policy_title,
                stance,
                refusals,
                receivers,
                unnamed,
            }) => Answer::Receivers(ReceiversAnswer {
                app,
                policy_id,
                policy_title,
                stance: match stance {
                    ask::SharingStance::Shares => SharingStance::Shares,
                    ask::SharingStance::NoneExcept => SharingStance::NoneExcept,
                    ask::SharingStance::None => SharingStance::None,
                    ask::SharingStance::Silent => SharingStance::Silent,
                },
                refusals: Evidence::all(refusals, texts),
                receivers: receivers
                    .into_iter()
                    .map(|r| {
                        let ask::ReceiverUse {
                            name,
                            kind,
                            operator,
                            data_types,
                            data,
                            purposes,
                            link,
                            evidence,
                        } = r;
                        ReceiverUse {
                            name,
                            kind,
                            operator,
                            data_types,
                            data,
                            purposes,
                            link,
                            evidence: Evidence::all(evidence, texts),
                        }
                    })
                    .collect(),
                unnamed: Evidence::all(unnamed, texts),
            }),
            ask::Answer::Clauses(ask::ClausesAnswer {
                app,
                policy_title,
                topic,
                about,
                clauses,
            }) => Answer::Clauses(ClausesAnswer {
                app,
                policy_title,
                topic,
                about,
                clauses: Evidence::all(clauses, texts),
            }),
            ask::Answer::Apps(ask::AppsAnswer {
                data_type,
                action,
                apps,
                apps_checked,
                apps_total,
            }) => Answer::Apps(AppsAnswer {
                data_type,
                action: action.into(),
                apps: apps
                    .into_iter()
                    .map(|f| {
                        let ask::AppFinding {
                            app,
                            policy_id,
                            policy_title,
                            data_types,
                            evidence,
                        } = f;
                        AppFinding {
                            app,
                            policy_id,
                            policy_title,
                            data_types,
                            evidence: Evidence::all(evidence, texts),
                        }
                    })
                    .collect(),
                apps_checked,
                apps_total,
            }),
        }
    }
}
