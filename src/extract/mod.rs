//! Extraction: who collects or shares which personal information, for what purpose, under which
//! condition — with every span pointing into the original text.
//!
//! The extractor reads the policy clause by clause (the segmenter's sentences) in its *reading
//! view*: normalized (`⽤`→`用`, fullwidth→ASCII) with PDF hard wraps removed, so `手机号\n码`
//! matches `手机号码`. Spans found there are mapped back to original offsets at the end.
//!
//! How, clause by clause ([`Extractor::extract`]):
//! 1. lexicon data types are matched on jieba word boundaries (`通信地址` is not in `MAC信息地址`)
//!    and kept as `mentions` for highlighting, practice or not;
//! 2. only clauses of paragraphs about practices ([`crate::topics`]: collection, sharing, what
//!    the user provides, children) with at least one cue (data word, collect/share verb, party,
//!    purpose marker, SDK) are read further;
//! 3. the trained labeller ([`crate::labeller`]) tags each char with one of the seven labels
//!    (data, collect, share, handler, condition, subject, purpose), in two passes;
//! 4. span edges are trimmed (`clause.rs`) and data spans split into their list items;
//! 5. the spans are grouped into practices by named passes (`practice.rs`): each collect or
//!    share verb with its nearest data, actor, receiver, purpose and condition, negated or not.
//!
//! Word lists live in `data/lexicon/`, the models in `data/model/`.
use std::sync::OnceLock;

use daachorse::{
    CharwiseDoubleArrayAhoCorasick, CharwiseDoubleArrayAhoCorasickBuilder,
    MatchKind as DaachorseMatchKind,
};
use serde::{Deserialize, Serialize};

use crate::document::{Policy, ReadingView, Span};
use crate::lexicon::Lexicon;

pub use crate::label::Label;

mod cache;
mod clause;
mod extractor;
mod parallel;
mod practice;
mod words;

pub(crate) use cache::ClauseCache;
use cache::*;
pub(crate) use clause::starts_with_at;
use clause::*;
pub use parallel::{as_pool_worker, is_pool_worker};
pub(crate) use practice::points_back;
pub use words::EXTRACT_WORDS_TSV;
use words::*;

/// One labelled span of the original text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extracted {
    pub label: Label,
    pub span: Span,
    /// For `data`: the canonical data type (lexicon name), when the lexicon knows it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_type: Option<String>,
    /// For `data`: every data type the span names, in order (a list span `手机号码、设备信息及
    /// 位置信息` names three); `data_type` is the first of them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub data_types: Vec<String>,
    /// For `purpose`: the canonical purposes it maps onto.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub purposes: Vec<String>,
    /// What found it (`extract --format json` shows it, so a reader can see why it is there).
    pub by: FoundBy,
    /// For `data`: the list items a span holds, as the policy words them (`手机号码、设备信息及
    /// 位置信息` holds three); a span that is one item holds itself.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<Span>,
}

/// What found a span: the trained labeller, or a lexicon match (a mention of a data type,
/// practice or not).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum FoundBy {
    #[default]
    Model,
    Lexicon,
}

/// A practice: in one clause, a handler collects or shares data items, for a purpose, under a
/// condition, possibly with a receiver.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Practice {
    /// Index into `Policy::sentences`.
    pub sentence: usize,
    pub action: Label,
    /// Indices into `Extraction::spans`.
    pub handler: Option<usize>,
    pub data: Vec<usize>,
    pub purpose: Option<usize>,
    pub condition: Option<usize>,
    pub receiver: Option<usize>,
    /// Done, not done, or done under a condition. A negated practice is never a collection.
    pub modality: Modality,
}

/// Whether a practice is stated as done, as not done, or only under a condition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Modality {
    /// `我们会收集您的手机号码`.
    #[default]
    Affirmed,
    /// `我们不会收集您的指纹信息`, `仅接收验证结果`, `该SDK不获取您的个人信息`.
    Negated,
    /// `如您选择使用…，我们会收集…`: done only when the condition holds.
    Conditional,
}

/// Everything extracted from one policy.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extraction {
    /// Labelled spans of practices, sorted by start.
    pub spans: Vec<Extracted>,
    pub practices: Vec<Practice>,
    /// Every data-type mention (practice or not), for highlighting.
    pub mentions: Vec<Extracted>,
}

impl Extraction {
    /// The extraction as a library stores it (JSON, LZ4-compressed with its length first).
    pub fn to_stored(&self) -> Vec<u8> {
        let json = serde_json::to_vec(self).expect("an extraction serializes");
        lz4_flex::compress_prepend_size(&json)
    }

    /// Read back what [`Extraction::to_stored`] wrote; `None` if it is damaged (or claims to be
    /// larger than any extraction is, so a damaged length cannot ask for gigabytes).
    pub fn from_stored(bytes: &[u8]) -> Option<Extraction> {
        const LARGEST: usize = 1 << 30;
        let len = u32::from_le_bytes(bytes.get(..4)?.try_into().ok()?) as usize;
        if len > LARGEST {
            return None;
        }
        let json = lz4_flex::decompress_size_prepended(bytes).ok()?;
        serde_json::from_slice(&json).ok()
    }
}

/// Extract spans and practices from a policy with the builtin lexicon.
pub fn extract(policy: &Policy) -> Extraction {
    Extractor::builtin().extract(policy)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cue {
    Collect,
    Share,
    Negation,
    Handler,
    Subject,
}

/// An extractor over one lexicon: the cue automaton is built once.
#[derive(Clone)]
pub struct Extractor {
    lexicon: Lexicon,
    /// The cue phrases' automaton (`None` when there are none).
    cues: Option<CharwiseDoubleArrayAhoCorasick<u32>>,
    cue_kinds: Vec<Cue>,
}

/// A match in the reading view of a sentence (char offsets within the sentence).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Hit {
    start: usize,
    end: usize,
}

const CLAUSE_END: &[char] = &['，', ',', '。', '；', ';', '！', '!', '？', '?', '：', ':'];

/// The labeller's input for one clause besides its chars (see [`crate::labeller::Clause`]).
pub(crate) struct LabellerInput {
    pub word_start: Vec<u32>,
    pub word_end: Vec<u32>,
    pub marks: Vec<u16>,
    pub section: u16,
}

impl LabellerInput {
    pub fn clause<'a>(&'a self, chars: &'a [char]) -> crate::labeller::Clause<'a> {
        crate::labeller::Clause {
            chars,
            word_start: &self.word_start,
            word_end: &self.word_end,
            marks: &self.marks,
            section: self.section,
        }
    }
}

/// What a block's section titles say it is about ([`crate::labeller::section`] bits).
/// The words that open a purpose (`为了`, `以便`, `用于` …), longest first
/// (`data/lexicon/extract_words.tsv`).
pub(crate) fn purpose_markers() -> &'static [&'static str] {
    words::WordLists::get().list("purpose_marker")
}

pub(crate) fn section_marks(titles: &[String]) -> u16 {
    use crate::labeller::section;
    let mut bits = 0;
    for title in titles {
        let t = crate::normalize::normalize(title);
        let has = |words: &[&str]| words.iter().any(|w| t.contains(w));
        if has(&["收集", "使用", "获取"]) {
            bits |= section::COLLECTION;
        }
        if has(&[
            "共享",
            "第三方",
            "SDK",
            "sdk",
            "委托",
            "转让",
            "披露",
            "合作",
        ]) {
            bits |= section::SHARING;
        }
        if has(&["儿童", "未成年", "14"]) {
            bits |= section::CHILDREN;
        }
        if has(&["权限"]) {
            bits |= section::PERMISSION;
        }
        if non_practice_section(title) {
            bits |= section::OTHER;
        }
    }
    bits
}

/// Sort an extraction's spans by position and remap the practices' indices into them.
fn sort_spans(out: &mut Extraction) {
    {
        let mut order: Vec<usize> = (0..out.spans.len()).collect();
        order.sort_by_key(|&i| {
            (
                out.spans[i].span.start,
                out.spans[i].span.end,
                out.spans[i].label,
            )
        });
        let mut new_index = vec![0; order.len()];
        for (new, &old) in order.iter().enumerate() {
            new_index[old] = new;
        }
        // Moved, not cloned: a long policy's spans are tens of megabytes.
        let mut slots: Vec<Option<Extracted>> = std::mem::take(&mut out.spans)
            .into_iter()
            .map(Some)
            .collect();
        out.spans = order
            .iter()
            .map(|&i| slots[i].take().expect("each span is moved once"))
            .collect();
        for p in &mut out.practices {
            let remap = |i: &mut usize| *i = new_index[*i];
            p.handler.as_mut().map(remap);
            p.purpose.as_mut().map(remap);
            p.condition.as_mut().map(remap);
            p.receiver.as_mut().map(remap);
            p.data.iter_mut().for_each(remap);
        }
    }
}
