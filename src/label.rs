//! The seven labels a span of a policy can carry (CA4P's annotation scheme): what the
//! labeller tags, the extractor reports and evaluation scores.
use serde::{Deserialize, Serialize};

/// What an extracted span is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default,
)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Label {
    Data,
    #[default]
    Collect,
    Share,
    Handler,
    Condition,
    Subject,
    Purpose,
}

impl Label {
    pub fn as_str(&self) -> &'static str {
        match self {
            Label::Data => "data",
            Label::Collect => "collect",
            Label::Share => "share",
            Label::Handler => "handler",
            Label::Condition => "condition",
            Label::Subject => "subject",
            Label::Purpose => "purpose",
        }
    }
}
