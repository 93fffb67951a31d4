//! Extraction: who collects or shares which personal information, for what purpose, under which
//! condition — with every span pointing into the original text.
//!
//! The extractor reads the policy clause by clause (the segmenter's sentences) in its *reading
//! view*: normalized (`⽤`→`用`, fullwidth→ASCII) with PDF hard wraps removed, so `手机号\n码`
//! matches `手机号码`. Spans found there are mapped back to original offsets at the end.
//!
//! What is labelled (rules, not per-file tricks; word lists live in `data/lexicon/`):
//! - **collect / share**: a cue verb (`收集`, `获取`, `访问` … / `共享`, `提供给`, `披露` …) that is
//!   not negated (`不会收集`, `无需获取`) and has a data item after it in its clause;
//! - **data**: lexicon data types (leftmost-longest, so `设备所在位置相关信息` beats `位置`) that
//!   such a verb acts on, plus the other members of their enumeration (`A、B及C`) and a trailing
//!   `信息`/`权限`/`记录`. Mentions in definitions, rights, security and contact sections or in
//!   clauses without a practice verb are not practices (they stay available as `mentions` for
//!   highlighting);
//! - **handler**: the party before an action verb (`我们`, `第三方`, SDK names …) — not a
//!   recipient (`向我们提供`); receivers after share verbs are handlers too;
//! - **purpose**: the phrase after `为了`/`为`/`以便`/`用于`/`以` … up to the clause boundary;
//! - **condition**: `当…时`, `在…时/情况下`, `如您…`, `若您…`, and a clause ending in `…时，`;
//! - **subject**: whose data (`您`, `其他用户`, `儿童` …) right before a data item.
use std::sync::OnceLock;

use daachorse::{
    CharwiseDoubleArrayAhoCorasick, CharwiseDoubleArrayAhoCorasickBuilder,
    MatchKind as DaachorseMatchKind,
};
use serde::{Deserialize, Serialize};

use crate::document::{Policy, ReadingView, Span};
use crate::lexicon::Lexicon;

/// What an extracted span is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default,
)]
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

/// What found a span: the trained model, the hand-written rules, or a lexicon match (a mention
/// of a data type, practice or not).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum FoundBy {
    #[default]
    Model,
    Rules,
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

/// The extractor's word lists (`data/lexicon/extract_rules.tsv`), parsed once.
struct Rules {
    lists: std::collections::HashMap<&'static str, Vec<&'static str>>,
}

impl Rules {
    fn get() -> &'static Rules {
        static RULES: OnceLock<Rules> = OnceLock::new();
        RULES.get_or_init(|| {
            let mut lists: std::collections::HashMap<&'static str, Vec<&'static str>> =
                Default::default();
            for line in include_str!("../data/lexicon/extract_rules.tsv").lines() {
                if line.trim().is_empty() || line.starts_with('#') || line == "label\tphrase" {
                    continue;
                }
                let (label, phrase) = line
                    .split_once('\t')
                    .unwrap_or_else(|| panic!("extract_rules.tsv: bad line {line:?}"));
                lists.entry(label).or_default().push(phrase);
            }
            Rules { lists }
        })
    }

    fn list(&self, label: &str) -> &[&'static str] {
        self.lists.get(label).map_or(&[], |v| v.as_slice())
    }
}

const CLAUSE_END: &[char] = &['，', ',', '。', '；', ';', '！', '!', '？', '?', '：', ':'];
const SENTENCE_END: &[char] = &['。', '；', ';', '！', '!', '？', '?'];

impl Extractor {
    /// The extractor over the builtin lexicon, built once.
    pub fn builtin() -> &'static Extractor {
        static BUILTIN: OnceLock<Extractor> = OnceLock::new();
        BUILTIN.get_or_init(|| Extractor::new(Lexicon::builtin().clone()))
    }

    /// An extractor over `lexicon` (e.g. one extended with a user file).
    pub fn new(lexicon: Lexicon) -> Extractor {
        let mut patterns: Vec<String> = Vec::new();
        let mut cue_kinds = Vec::new();
        // Patterns and texts are matched in ASCII lower case (`cue_hits`); a phrase listed
        // twice keeps its first kind.
        let mut add = |phrase: &str, kind: Cue| {
            let key = crate::normalize::normalize(phrase).to_ascii_lowercase();
            if !key.is_empty() && !patterns.contains(&key) {
                patterns.push(key);
                cue_kinds.push(kind);
            }
        };
        for (label, kind) in [
            ("collect", Cue::Collect),
            ("share", Cue::Share),
            ("negation", Cue::Negation),
            ("handler", Cue::Handler),
            ("subject", Cue::Subject),
        ] {
            for phrase in lexicon.cues(label) {
                add(phrase, kind);
            }
        }
        for sdk in lexicon.sdks() {
            for name in std::iter::once(&sdk.name).chain(sdk.synonyms.iter()) {
                add(name, Cue::Handler);
            }
        }
        let cues = (!patterns.is_empty()).then(|| {
            CharwiseDoubleArrayAhoCorasickBuilder::new()
                .match_kind(DaachorseMatchKind::LeftmostLongest)
                .build(&patterns)
                .expect("cue automaton (phrases are distinct and not empty)")
        });
        Extractor {
            lexicon,
            cues,
            cue_kinds,
        }
    }

    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// Extract every practice of `policy`: the trained labeller ([`crate::labeller`]) tags each
    /// clause; practices are assembled from its spans, and negation cues before an action make the
    /// practice [`Modality::Negated`].
    pub fn extract(&self, policy: &Policy) -> Extraction {
        self.extract_with(policy, true)
    }

    /// [`Extractor::extract`] without [`Extraction::mentions`]: what indexing needs. A long
    /// policy's mentions are tens of megabytes an import would hold for nothing.
    pub fn extract_practices(&self, policy: &Policy) -> Extraction {
        self.extract_with(policy, false)
    }

    fn extract_with(&self, policy: &Policy, mentions: bool) -> Extraction {
        let mut out = Extraction::default();
        let mut features = crate::labeller::Features::default();
        let mut stacked = crate::labeller::Features::default();
        let mut section_of_block: std::collections::HashMap<usize, u16> = Default::default();
        // What each paragraph is about: practices are labelled only where the topic is a
        // practice (collection, sharing, what the user provides, children).
        // (Classified when a clause of the block first asks: headings and blocks without
        // clauses never need it.)
        let topic_model = crate::topics::TopicModel::builtin();
        let mut topics: Vec<Option<usize>> = vec![None; policy.blocks.len()];
        for clause in self.clause_views(policy) {
            let data = self.data_hits_of(&clause);
            for (hit, ty) in data.iter().filter(|_| mentions) {
                out.mentions.push(Extracted {
                    label: Label::Data,
                    span: clause.view.to_original(hit.start, hit.end),
                    data_type: ty.map(|i| self.lexicon.data_types()[i].canonical.clone()),
                    data_types: ty
                        .map(|i| vec![self.lexicon.data_types()[i].canonical.clone()])
                        .unwrap_or_default(),
                    purposes: vec![],
                    by: FoundBy::Lexicon,
                    items: vec![],
                });
            }
            let block = policy.sentences[clause.sentence].block;
            if policy.blocks[block].is_heading() {
                continue;
            }
            let topic =
                *topics[block].get_or_insert_with(|| topic_model.classify_block(policy, block));
            if !crate::topics::is_practice_topic(topic) {
                continue;
            }
            let section = *section_of_block
                .entry(block)
                .or_insert_with(|| section_marks(&policy.blocks[block].section));
            let input = self.labeller_input(&clause, &data, section);
            // A clause with no cue of a practice at all (no data word, verb, party or purpose
            // marker) has nothing for the labeller to find: skip it.
            if !input.marks.iter().any(|&m| m & PRACTICE_CUES != 0) {
                continue;
            }
            let labeller_clause = input.clause(&clause.chars);
            crate::labeller::features(&labeller_clause, &mut features);
            let tags = crate::labeller::tag_clause(&labeller_clause, &features, &mut stacked);
            let spans: Vec<(Label, Hit)> = crate::labeller::spans_of(&tags)
                .into_iter()
                .filter_map(|(label, s, e)| Some((label, trim_span(&clause.chars, s, e)?)))
                .collect();
            if spans.is_empty() {
                continue;
            }
            self.assemble(&mut out, &clause, &input.marks, &spans);
        }
        sort_spans(&mut out);
        out.spans.shrink_to_fit();
        out.practices.shrink_to_fit();
        out.mentions.shrink_to_fit();
        out
    }

    /// Add a clause's labelled spans to `out` and group them into practices: each collect or
    /// share verb with the data, handler, purpose and condition nearest to it in the sentence.
    fn assemble(
        &self,
        out: &mut Extraction,
        clause: &ClauseView,
        marks: &[u16],
        spans: &[(Label, Hit)],
    ) {
        use crate::labeller::mark;
        let chars = &clause.chars;
        let base = out.spans.len();
        for (label, hit) in spans {
            let text: String = chars[hit.start..hit.end].iter().collect();
            let (data_types, purposes) = match label {
                Label::Data => (self.data_types_in(&text), vec![]),
                Label::Purpose => (vec![], self.purposes_of(&text)),
                _ => (vec![], vec![]),
            };
            let items = if *label == Label::Data {
                list_items(chars, *hit)
                    .into_iter()
                    .map(|h| clause.view.to_original(h.start, h.end))
                    .collect()
            } else {
                vec![]
            };
            out.spans.push(Extracted {
                label: *label,
                span: clause.view.to_original(hit.start, hit.end),
                data_type: data_types.first().cloned(),
                data_types,
                purposes,
                by: FoundBy::Model,
                items,
            });
        }
        let actions: Vec<usize> = (0..spans.len())
            .filter(|&i| matches!(spans[i].0, Label::Collect | Label::Share))
            .collect();
        if actions.is_empty() {
            return;
        }
        // Each data span goes to the action it is nearest to, preferring one before it (the
        // verb usually precedes its object: `收集您的手机号码`).
        let distance = |a: Hit, d: Hit| -> usize {
            if a.end <= d.start {
                d.start - a.end
            } else if d.end <= a.start {
                // Object before the verb (`手机号码将被收集`, `将X提供给`): allowed, at a cost.
                (a.start - d.end) * 2 + 4
            } else {
                0
            }
        };
        let nearest = |i: usize, of: &[usize]| -> Option<usize> {
            of.iter()
                .copied()
                .min_by_key(|&a| distance(spans[a].1, spans[i].1))
        };
        let mut data_of: Vec<Vec<usize>> = vec![Vec::new(); actions.len()];
        for (i, (label, _)) in spans.iter().enumerate() {
            if *label == Label::Data {
                if let Some(a) = nearest(i, &actions) {
                    let k = actions.iter().position(|&x| x == a).unwrap();
                    data_of[k].push(base + i);
                }
            }
        }
        let of_label = |label: Label| -> Vec<usize> {
            (0..spans.len()).filter(|&i| spans[i].0 == label).collect()
        };
        let handlers = of_label(Label::Handler);
        // CA4P's `subject` marks the party data goes to (`与[合作伙伴]共享`, `向[我们]提供`).
        let recipients = of_label(Label::Subject);
        let purposes = of_label(Label::Purpose);
        let conditions = of_label(Label::Condition);
        // Where a definition opens (`个人信息是指以电子或者其他方式记录的…信息，包括…面部识别
        // 特征`): a verb after it is part of what is defined, not a practice.
        let defines_from = DEFINITION_WORDS
            .iter()
            .filter_map(|w| {
                let w: Vec<char> = w.chars().collect();
                chars.windows(w.len()).position(|x| x == w.as_slice())
            })
            .min();
        for (k, &a) in actions.iter().enumerate() {
            let verb = spans[a].1;
            if defines_from.is_some_and(|at| at < verb.start) {
                continue;
            }
            // The actor: the nearest handler before the verb that is not a recipient (`向我们`).
            let is_recipient = |h: Hit| {
                h.start
                    .checked_sub(1)
                    .is_some_and(|i| matches!(chars[i], '向' | '给' | '与' | '和' | '及' | '至'))
            };
            let handler = handlers
                .iter()
                .copied()
                .filter(|&h| spans[h].1.end <= verb.start && !is_recipient(spans[h].1))
                .max_by_key(|&h| spans[h].1.end)
                .map(|h| base + h);
            let receiver = (spans[a].0 == Label::Share)
                .then(|| {
                    let near = |h: usize| {
                        let d = spans[h].1;
                        if d.end <= verb.start {
                            verb.start - d.end
                        } else {
                            d.start.saturating_sub(verb.end)
                        }
                    };
                    recipients
                        .iter()
                        .copied()
                        .filter(|&h| near(h) <= 30)
                        .min_by_key(|&h| near(h))
                        .or_else(|| {
                            handlers
                                .iter()
                                .copied()
                                .filter(|&h| {
                                    spans[h].1.start >= verb.end || is_recipient(spans[h].1)
                                })
                                .min_by_key(|&h| distance(verb, spans[h].1))
                        })
                })
                .flatten()
                .map(|h| base + h);
            let purpose = purposes
                .iter()
                .copied()
                .min_by_key(|&p| distance(verb, spans[p].1).min(distance(spans[p].1, verb)))
                .map(|p| base + p);
            let condition = conditions
                .iter()
                .copied()
                .min_by_key(|&c| distance(spans[c].1, verb))
                .map(|c| base + c);
            // Negated: a negation cue shortly before the verb, in the same clause part
            // (`不会收集`, `并不收集`, `无需获取`, `不会将您的位置信息…提供给`).
            let negated_before = |at: usize| {
                (at.saturating_sub(12)..at)
                    .any(|i| marks[i] & mark::NEGATION != 0 && !has_boundary(chars, i, at))
            };
            // A long receiver between the cue and the verb (`我们不会与淘宝网服务提供者以外的
            // 公司、组织和个人共享`): the cue stands before the receiver instead.
            let receiver_before_verb = receiver.map(|r| spans[r - base].1).filter(|r| {
                r.end <= verb.start
                    && verb.start - r.end <= 8
                    && !has_boundary(chars, r.end, verb.start)
            });
            let negated = negated_before(verb.start)
                || receiver_before_verb.is_some_and(|r| negated_before(r.start))
                || chars[verb.start..verb.end].contains(&'不');
            // The user giving data to the operator (`您需要向我们提供…`, `您可以填写…`) is the
            // operator collecting it, though the words are those of giving.
            let user_gives = |h: Option<usize>| {
                h.is_some_and(|h| {
                    let t: String = chars[spans[h - base].1.start..spans[h - base].1.end]
                        .iter()
                        .collect();
                    matches!(t.as_str(), "您" | "你" | "用户" | "您本人" | "用户本人")
                })
            };
            let to_operator = |r: Option<usize>| {
                r.is_none_or(|r| {
                    let t: String = chars[spans[r - base].1.start..spans[r - base].1.end]
                        .iter()
                        .collect();
                    matches!(t.as_str(), "我们" | "我方" | "本平台" | "平台" | "本公司")
                })
            };
            let before: String = chars[verb.start.saturating_sub(5)..verb.start]
                .iter()
                .collect();
            let to_us = (receiver.is_some() && to_operator(receiver))
                || [
                    "向我们",
                    "给我们",
                    "向我方",
                    "向本公司",
                    "向本平台",
                    "向平台",
                ]
                .iter()
                .any(|w| before.ends_with(w));
            // A party named before the user who gives (`我们或第三方认证机构需要您提供…`) is
            // the one asking for the data: it collects it.
            let asked_by_receiver = receiver
                .zip(handler)
                .is_some_and(|(r, h)| spans[r - base].1.end <= spans[h - base].1.start);
            let action = if spans[a].0 == Label::Share
                && ((user_gives(handler) && (to_operator(receiver) || asked_by_receiver)) || to_us)
            {
                Label::Collect
            } else {
                spans[a].0
            };
            out.practices.push(Practice {
                sentence: clause.sentence,
                action,
                handler,
                data: std::mem::take(&mut data_of[k]),
                purpose,
                condition,
                receiver,
                modality: if negated {
                    Modality::Negated
                } else if condition.is_some() {
                    Modality::Conditional
                } else {
                    Modality::Affirmed
                },
            });
        }
    }

    /// Lexicon data matches in a clause.
    ///
    /// A lexicon word counts only where jieba agrees it is a word: it starts and ends on word
    /// boundaries (`通信地址` is not in `MAC信息地址`, `硬件配置` not in `保存和处理`). Entries of
    /// four chars or more are specific enough to stand on their own.
    pub(crate) fn data_hits_of(&self, clause: &ClauseView) -> Vec<(Hit, Option<usize>)> {
        let mut hits = self.data_hits(&clause.view.text, &clause.chars);
        hits.retain(|(h, ty)| {
            let matched = ty.map_or(0, |_| h.end - h.start);
            matched >= 4 || clause.on_word_boundaries(h.start, h.end)
        });
        hits
    }

    /// The data types a data phrase names, in order, once each.
    fn data_types_in(&self, text: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for m in self.lexicon.find_data(text) {
            let t = &self.lexicon.data_types()[m.type_index].canonical;
            if !out.contains(t) {
                out.push(t.clone());
            }
        }
        out
    }

    /// The canonical purposes a purpose phrase maps onto, in order, once each.
    fn purposes_of(&self, text: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for m in self.lexicon.find_purposes(text) {
            let p = &self.lexicon.purposes()[m.purpose_index].canonical;
            if !out.contains(p) {
                out.push(p.clone());
            }
        }
        out
    }

    /// Every sentence of `policy` in its reading view, one at a time as it is asked for: a long
    /// policy's views never all exist at once (a view of the whole text costs 11 bytes a char,
    /// most of a 30 MB file's extraction peak otherwise).
    pub(crate) fn clause_views<'p>(
        &self,
        policy: &'p Policy,
    ) -> impl Iterator<Item = ClauseView> + 'p {
        let jieba = std::rc::Rc::new(crate::index::jieba_for_document(policy.text.len(), || {
            policy.reading_view(Span::new(0, policy.char_len())).text
        }));
        policy
            .sentences
            .iter()
            .enumerate()
            .map(move |(si, sentence)| {
                let view = policy.reading_view(sentence.span);
                ClauseView {
                    sentence: si,
                    chars: view.text.chars().collect(),
                    view,
                    jieba: jieba.clone(),
                    words: std::cell::OnceCell::new(),
                }
            })
    }

    /// What the labeller reads of a clause besides its chars: jieba's words, the lexicon's and
    /// cue lists' marks, and what its section is about.
    pub(crate) fn labeller_input(
        &self,
        clause: &ClauseView,
        data: &[(Hit, Option<usize>)],
        section: u16,
    ) -> LabellerInput {
        use crate::labeller::mark;
        let chars = &clause.chars;
        let text = &clause.view.text;
        let n = chars.len();
        let (word_start, word_end) = clause.words().clone();
        let mut marks = vec![0u16; n];
        for (hit, _) in data {
            marks[hit.start] |= mark::DATA_BEGIN;
            for m in &mut marks[hit.start + 1..hit.end] {
                *m |= mark::DATA_INSIDE;
            }
        }
        let mut chars_of_byte = vec![0usize; text.len() + 1];
        for (ci, (b, c)) in text.char_indices().enumerate() {
            chars_of_byte[b..b + c.len_utf8()].fill(ci);
        }
        chars_of_byte[text.len()] = n;
        for (cue, hit) in self.cue_hits(text, &chars_of_byte) {
            let bit = match cue {
                Cue::Collect => mark::COLLECT,
                Cue::Share => mark::SHARE,
                Cue::Negation => mark::NEGATION,
                Cue::Handler => mark::HANDLER,
                Cue::Subject => mark::SUBJECT,
            };
            for m in &mut marks[hit.start..hit.end] {
                *m |= bit;
            }
        }
        for m in self.lexicon.find_purposes(text) {
            for x in &mut marks[m.start..m.end] {
                *x |= mark::PURPOSE;
            }
        }
        for m in self.lexicon.find_sdks(text) {
            for x in &mut marks[m.start..m.end] {
                *x |= mark::SDK;
            }
        }
        let purpose_markers = Rules::get().list("purpose_marker");
        for i in 0..n {
            if let Some(w) = purpose_markers.iter().find(|w| starts_with_at(chars, i, w)) {
                let len = w.chars().count();
                for x in &mut marks[i..i + len] {
                    *x |= mark::PURPOSE_MARKER;
                }
            }
        }
        LabellerInput {
            word_start,
            word_end,
            marks,
            section,
        }
    }

    /// Extract every practice of `policy` with the hand-written rules alone (the extractor
    /// before the trained model; kept to compare against, `policylens eval --rules`).
    pub fn extract_by_rules(&self, policy: &Policy) -> Extraction {
        let mut out = Extraction::default();
        // Blocks share their section titles: judge each title once.
        let mut title_excluded: std::collections::HashMap<&str, bool> = Default::default();
        let excluded_blocks: Vec<bool> = policy
            .blocks
            .iter()
            .map(|b| {
                b.is_heading()
                    || b.section.iter().any(|title| {
                        *title_excluded
                            .entry(title.as_str())
                            .or_insert_with(|| non_practice_section(title))
                    })
            })
            .collect();
        let full = policy.reading_view(Span::new(0, policy.char_len()));
        let full_chars: Vec<char> = full.text.chars().collect();
        for (si, sentence) in policy.sentences.iter().enumerate() {
            // The sentence's part of the whole reading view (built once: per-sentence views
            // would rescan the text from its start for every sentence).
            let from = full.origin.partition_point(|&o| o < sentence.span.start);
            let to = full.origin.partition_point(|&o| o < sentence.span.end);
            let chars: Vec<char> = full_chars[from..to].to_vec();
            let text: String = chars.iter().collect();
            let view = ReadingView {
                text,
                origin: full.origin[from..to].to_vec(),
                end: sentence.span.end,
            };
            let data = self.data_hits(&view.text, &chars);
            for (hit, ty) in &data {
                out.mentions.push(Extracted {
                    label: Label::Data,
                    span: view.to_original(hit.start, hit.end),
                    data_type: ty.map(|i| self.lexicon.data_types()[i].canonical.clone()),
                    data_types: ty
                        .map(|i| vec![self.lexicon.data_types()[i].canonical.clone()])
                        .unwrap_or_default(),
                    purposes: vec![],
                    by: FoundBy::Lexicon,
                    items: vec![],
                });
            }
            if excluded_blocks[sentence.block] || data.is_empty() {
                continue;
            }
            let clause = ClauseExtraction::run(self, &view.text, &chars, &data);
            let base = out.spans.len();
            for (label, hit, data_type) in &clause.spans {
                let purposes = if *label == Label::Purpose {
                    let text: String = chars[hit.start..hit.end].iter().collect();
                    self.purposes_of(&text)
                } else {
                    vec![]
                };
                out.spans.push(Extracted {
                    label: *label,
                    span: view.to_original(hit.start, hit.end),
                    data_type: data_type.clone(),
                    data_types: data_type.iter().cloned().collect(),
                    purposes,
                    by: FoundBy::Rules,
                    items: vec![],
                });
            }
            for p in clause.practices {
                out.practices.push(Practice {
                    sentence: si,
                    action: p.action,
                    handler: p.handler.map(|i| base + i),
                    data: p.data.iter().map(|i| base + i).collect(),
                    purpose: p.purpose.map(|i| base + i),
                    condition: p.condition.map(|i| base + i),
                    receiver: p.receiver.map(|i| base + i),
                    modality: if p.condition.is_some() {
                        Modality::Conditional
                    } else {
                        Modality::Affirmed
                    },
                });
            }
        }
        sort_spans(&mut out);
        out
    }
}

/// Marks that a clause stating a practice has at least one of.
const PRACTICE_CUES: u16 = crate::labeller::mark::DATA_BEGIN
    | crate::labeller::mark::COLLECT
    | crate::labeller::mark::SHARE
    | crate::labeller::mark::HANDLER
    | crate::labeller::mark::SUBJECT
    | crate::labeller::mark::PURPOSE_MARKER
    | crate::labeller::mark::SDK;

/// One sentence in its reading view: normalized chars and where each comes from.
pub(crate) struct ClauseView {
    /// Index into `Policy::sentences`.
    pub sentence: usize,
    pub view: ReadingView,
    pub chars: Vec<char>,
    /// jieba's words, cut when first asked for ([`ClauseView::words`]): most clauses of a
    /// policy are neither tagged nor hold a short lexicon match, and cutting is a good part of
    /// an import's time.
    words: std::cell::OnceCell<(Vec<u32>, Vec<u32>)>,
    /// What cuts them: one per policy ([`crate::index::jieba_for_document`]).
    jieba: std::rc::Rc<crate::index::DocumentJieba>,
}

impl ClauseView {
    /// jieba's words: `word_start[i]..word_end[i]` is the word holding char `i`.
    pub fn words(&self) -> &(Vec<u32>, Vec<u32>) {
        self.words.get_or_init(|| {
            let n = self.chars.len();
            let mut word_start = vec![0u32; n];
            let mut word_end = vec![0u32; n];
            for word in self.jieba.cut(&self.view.text, false) {
                let (s, e) = (word.start.min(n), word.end.min(n));
                for i in s..e {
                    word_start[i] = s as u32;
                    word_end[i] = e as u32;
                }
            }
            (word_start, word_end)
        })
    }

    /// Whether chars `start..end` begin and end on jieba word boundaries.
    fn on_word_boundaries(&self, start: usize, end: usize) -> bool {
        let n = self.chars.len();
        let (word_start, _) = self.words();
        start < n
            && word_start[start] as usize == start
            && (end >= n || word_start[end] as usize == end)
    }
}

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

impl Extractor {
    /// Lexicon data matches in a sentence view, extended over a trailing `信息`/`权限`/`记录`.
    fn data_hits(&self, text: &str, chars: &[char]) -> Vec<(Hit, Option<usize>)> {
        self.lexicon
            .find_data(text)
            .into_iter()
            .map(|m| {
                let mut end = m.end;
                const SUFFIXES: [&[char]; 5] = [
                    &['相', '关', '信', '息'],
                    &['信', '息'],
                    &['权', '限'],
                    &['记', '录'],
                    &['数', '据'],
                ];
                if let Some(s) = SUFFIXES
                    .iter()
                    .find(|s| chars.get(end..end + s.len()) == Some(s))
                {
                    end += s.len();
                }
                (
                    Hit {
                        start: m.start,
                        end,
                    },
                    Some(m.type_index),
                )
            })
            .collect()
    }

    fn cue_hits(&self, text: &str, chars_of_byte: &[usize]) -> Vec<(Cue, Hit)> {
        let Some(cues) = &self.cues else {
            return Vec::new();
        };
        // Lower case keeps every byte offset.
        cues.leftmost_find_iter(&text.to_ascii_lowercase())
            .map(|m| {
                (
                    self.cue_kinds[m.value() as usize],
                    Hit {
                        start: chars_of_byte[m.start()],
                        end: chars_of_byte[m.end()],
                    },
                )
            })
            .collect()
    }
}

/// The spans and practices of one clause, in view offsets.
#[derive(Default)]
struct ClauseExtraction {
    spans: Vec<(Label, Hit, Option<String>)>,
    practices: Vec<ClausePractice>,
}

#[derive(Default)]
struct ClausePractice {
    action: Label,
    handler: Option<usize>,
    data: Vec<usize>,
    purpose: Option<usize>,
    condition: Option<usize>,
    receiver: Option<usize>,
}

/// A section whose title says it is about something other than practices (rights, security,
/// contact …), unless the title also names a practice.
fn non_practice_section(title: &str) -> bool {
    let t = crate::normalize::normalize(title);
    Rules::get()
        .list("non_practice_section")
        .iter()
        .any(|w| t.contains(w))
        && !t.contains("收集")
        && !t.contains("共享")
        && !t.contains("使用")
}

fn starts_with_at(chars: &[char], at: usize, word: &str) -> bool {
    (at..)
        .zip(word.chars())
        .all(|(i, c)| chars.get(i) == Some(&c))
}

/// Whether `chars[at]` sits inside one of `words` (the word may start before `at`).
fn inside_word(chars: &[char], at: usize, words: &[&str]) -> bool {
    words.iter().any(|w| {
        let n = w.chars().count();
        (0..n).any(|k| at >= k && starts_with_at(chars, at - k, w))
    })
}

fn clause_bounds(chars: &[char], at: usize) -> (usize, usize) {
    let start = chars[..at.min(chars.len())]
        .iter()
        .rposition(|c| CLAUSE_END.contains(c))
        .map_or(0, |p| p + 1);
    let end = chars[at.min(chars.len())..]
        .iter()
        .position(|c| CLAUSE_END.contains(c))
        .map_or(chars.len(), |p| at + p);
    (start, end)
}

fn trim_hit(chars: &[char], mut start: usize, mut end: usize) -> Option<Hit> {
    let junk = |c: char| c.is_whitespace() || "“”\"'‘’、，,".contains(c);
    while start < end && junk(chars[start]) {
        start += 1;
    }
    while end > start && junk(chars[end - 1]) {
        end -= 1;
    }
    (end > start).then_some(Hit { start, end })
}

/// The items of a data span that lists several: split at list separators (`、`, `，`, `/`, `和`,
/// `及`, `以及`, `与`, `或`, brackets), with a leading `包括`/`例如` and trailing `等` dropped;
/// pieces of one char are not items.
fn list_items(chars: &[char], span: Hit) -> Vec<Hit> {
    let mut out = Vec::new();
    let mut start = span.start;
    let mut i = span.start;
    let push = |s: usize, e: usize, out: &mut Vec<Hit>| {
        let mut s = s;
        for lead in ["包括但不限于", "包括", "例如", "比如", "如"] {
            if starts_with_at(chars, s, lead) && e > s + lead.chars().count() + 1 {
                s += lead.chars().count();
                break;
            }
        }
        let mut e = e;
        while e > s + 2 && chars[e - 1] == '等' {
            e -= 1;
        }
        if let Some(h) = trim_span(chars, s, e).filter(|h| h.end - h.start >= 2) {
            out.push(h);
        }
    };
    while i < span.end {
        let sep = if starts_with_at(chars, i, "以及") {
            2
        } else if "、，,/和及与或（）()【】".contains(chars[i]) {
            1
        } else {
            0
        };
        if sep > 0 {
            push(start, i, &mut out);
            i += sep;
            start = i;
        } else {
            i += 1;
        }
    }
    push(start, span.end, &mut out);
    if out.is_empty() {
        out.push(span);
    }
    out
}

/// Trim a labelled span to its words: no whitespace or punctuation at either end (a span ends
/// in a closing bracket only when it holds the opening one: `设备信息（IMEI）`).
fn trim_span(chars: &[char], mut start: usize, mut end: usize) -> Option<Hit> {
    let junk = |c: char| {
        c.is_whitespace()
            || (c.is_ascii_punctuation() && c != '(' && c != ')')
            || ("，。、；：！？“”‘’《》【】「」…—·～".contains(c))
    };
    let opening = |c: char| c == '（' || c == '(';
    let closing = |c: char| c == '）' || c == ')';
    loop {
        let before = (start, end);
        while start < end && (junk(chars[start]) || closing(chars[start])) {
            start += 1;
        }
        while end > start && junk(chars[end - 1]) {
            end -= 1;
        }
        if end > start && opening(chars[end - 1]) {
            end -= 1;
        }
        if end > start
            && closing(chars[end - 1])
            && !chars[start..end - 1].iter().any(|&c| opening(c))
        {
            end -= 1;
        }
        if start < end && opening(chars[start]) && !chars[start..end].iter().any(|&c| closing(c)) {
            start += 1;
        }
        if (start, end) == before {
            break;
        }
    }
    (end > start).then_some(Hit { start, end })
}

/// Words that open a definition (`…是指…`): what follows describes data, it states no practice.
const DEFINITION_WORDS: [&str; 3] = ["是指", "指的是", "系指"];

impl ClauseExtraction {
    fn run(ex: &Extractor, text: &str, chars: &[char], data: &[(Hit, Option<usize>)]) -> Self {
        let mut out = ClauseExtraction::default();
        let mut chars_of_byte = vec![0usize; text.len() + 1];
        let mut ci = 0;
        for (b, c) in text.char_indices() {
            for slot in &mut chars_of_byte[b..b + c.len_utf8()] {
                *slot = ci;
            }
            ci += 1;
        }
        chars_of_byte[text.len()] = ci;
        let cues = ex.cue_hits(text, &chars_of_byte);
        let sentence: String = chars.iter().collect();

        // A definition clause (`…是指…`) describes, it does not practise.
        if DEFINITION_WORDS.iter().any(|w| sentence.contains(w)) {
            return out;
        }
        let user_control = Rules::get()
            .list("user_control")
            .iter()
            .any(|w| sentence.contains(w))
            && Rules::get()
                .list("user_control_verb")
                .iter()
                .any(|w| sentence.contains(w));

        // Action verbs: not negated, with a data item after them in the sentence.
        let negations: Vec<Hit> = cues
            .iter()
            .filter(|(k, _)| *k == Cue::Negation)
            .map(|(_, h)| *h)
            .collect();
        let rules = Rules::get();
        let handlers: Vec<Hit> = cues
            .iter()
            .filter(|(k, _)| *k == Cue::Handler)
            .map(|(_, h)| *h)
            .collect();
        let mut actions: Vec<(Label, Hit)> = Vec::new();
        for (kind, hit) in &cues {
            let label = match kind {
                Cue::Collect => Label::Collect,
                Cue::Share => Label::Share,
                _ => continue,
            };
            let negated = negations.iter().any(|n| {
                n.end <= hit.start
                    && hit.start - n.end <= 8
                    && !has_boundary(chars, n.end, hit.start)
            });
            if negated {
                continue;
            }
            // A verb inside a data phrase or followed by a noun suffix is a noun (`点赞记录`,
            // `使用记录`, `存储权限`), not an action.
            if data
                .iter()
                .any(|(d, _)| d.start < hit.end && hit.start < d.end)
                || rules
                    .list("noun_suffix")
                    .iter()
                    .any(|w| starts_with_at(chars, hit.end, w))
            {
                continue;
            }
            let verb: String = chars[hit.start..hit.end].iter().collect();
            if !acts(chars, *hit, &verb, &handlers, &cues) {
                continue;
            }
            let has_object = data.iter().any(|(d, _)| {
                (d.start >= hit.end
                    && d.start - hit.end <= 40
                    && !has_sentence_end(chars, hit.end, d.start))
                    || in_disposal(chars, *d, *hit)
            });
            if has_object {
                actions.push((label, *hit));
            }
        }
        if actions.is_empty()
            || (user_control
                && actions.iter().all(|(l, _)| *l == Label::Collect)
                && !sentence.contains("我们"))
        {
            return out;
        }

        // Data items: after an action within reach, chained through enumerations. Weak (generic)
        // words need an action right before them or a chosen neighbour.
        let weak: Vec<bool> = data
            .iter()
            .map(|(d, _)| {
                let t: String = chars[d.start..d.end].iter().collect();
                d.end - d.start <= 2 || rules.list("weak_data").contains(&t.as_str())
            })
            .collect();
        let mut sorted: Vec<usize> = (0..data.len()).collect();
        sorted.sort_by_key(|&i| data[i].0.start);
        let near_action = |d: Hit, reach: usize| {
            actions.iter().any(|(_, a)| {
                d.start >= a.end
                    && d.start - a.end <= reach
                    && !has_sentence_end(chars, a.end, d.start)
            })
        };
        let negated_item = |d: Hit| {
            negations
                .iter()
                .any(|n| n.end <= d.start && d.start - n.end <= 3)
        };
        let mut chosen: Vec<usize> = Vec::new();
        for _ in 0..3 {
            for &i in &sorted {
                if chosen.contains(&i) || negated_item(data[i].0) {
                    continue;
                }
                let d = data[i].0;
                let (reach, gap) = if weak[i] { (6, 3) } else { (40, 30) };
                // A weak word chains only to a strong neighbour: a list of generic words
                // (`发布视频、关注、分享、点赞`) is a feature list, not data.
                let neighbour = chosen.iter().filter(|&&c| !weak[i] || !weak[c]).any(|&c| {
                    let o = data[c].0;
                    (d.start >= o.end
                        && d.start - o.end <= gap
                        && !has_sentence_end(chars, o.end, d.start))
                        || (weak[i] && o.start >= d.end && o.start - d.end <= 3)
                });
                let disposed = actions.iter().any(|(_, a)| in_disposal(chars, d, *a));
                if near_action(d, reach) || neighbour || disposed {
                    chosen.push(i);
                }
            }
        }
        chosen.sort_by_key(|&i| data[i].0.start);
        let mut data_spans: Vec<(Hit, Option<String>)> = chosen
            .iter()
            .map(|&i| {
                (
                    data[i].0,
                    data[i]
                        .1
                        .map(|t| ex.lexicon.data_types()[t].canonical.clone()),
                )
            })
            .collect();
        data_spans.extend(enumeration_members(chars, &data_spans, &actions));
        data_spans.sort_by_key(|(h, _)| (h.start, h.end));
        data_spans.dedup_by_key(|(h, _)| (h.start, h.end));
        // Drop spans nested inside another chosen span (a longer phrase already covers them).
        let covered: Vec<bool> = data_spans
            .iter()
            .map(|(h, _)| {
                data_spans.iter().any(|(o, _)| {
                    o.start <= h.start && h.end <= o.end && (o.end - o.start) > (h.end - h.start)
                })
            })
            .collect();
        let data_spans: Vec<(Hit, Option<String>)> = data_spans
            .into_iter()
            .zip(covered)
            .filter(|(_, c)| !c)
            .map(|(d, _)| d)
            .collect();

        let push = |out: &mut ClauseExtraction, label: Label, hit: Hit, ty: Option<String>| {
            out.spans.push((label, hit, ty));
            out.spans.len() - 1
        };
        let data_idx: Vec<usize> = data_spans
            .iter()
            .map(|(h, t)| push(&mut out, Label::Data, *h, t.clone()))
            .collect();

        // Subjects: whose data, right before a data item.
        for (h, _) in &data_spans {
            for who in ["其他用户", "未成年人", "儿童", "您"] {
                let n = who.chars().count();
                for gap in [0usize, 1] {
                    if h.start >= n + gap
                        && starts_with_at(chars, h.start - n - gap, who)
                        && (gap == 0 || chars[h.start - 1] == '的')
                    {
                        let s = h.start - n - gap;
                        if !out
                            .spans
                            .iter()
                            .any(|(l, x, _)| *l == Label::Subject && x.start == s)
                        {
                            push(
                                &mut out,
                                Label::Subject,
                                Hit {
                                    start: s,
                                    end: s + n,
                                },
                                None,
                            );
                        }
                    }
                }
            }
        }

        let conditions = condition_hits(chars);
        // A purpose phrase inside a condition (`当我们为您提供认证服务，以便…时`) belongs to the
        // condition: it says when, not why.
        let purposes: Vec<Hit> = purpose_hits(chars)
            .into_iter()
            .filter(|p| {
                !conditions
                    .iter()
                    .any(|c| c.start <= p.start && p.end <= c.end + 1)
            })
            .collect();
        let purpose_idx: Vec<usize> = purposes
            .iter()
            .map(|h| push(&mut out, Label::Purpose, *h, None))
            .collect();
        let condition_idx: Vec<usize> = conditions
            .iter()
            .map(|h| push(&mut out, Label::Condition, *h, None))
            .collect();

        for (label, a) in &actions {
            // The span is the verb itself: `会收集` → `收集`, `向我们提供` → `提供`.
            let mut verb = *a;
            if let Some(prefix) = Rules::get()
                .list("verb_prefix")
                .iter()
                .find(|p| starts_with_at(chars, verb.start, p))
            {
                let n = prefix.chars().count();
                if verb.end - verb.start >= n + 2 {
                    verb.start += n;
                }
            }
            let action_idx = push(&mut out, *label, verb, None);
            let _ = action_idx;
            // The actor: the nearest handler before the verb in its clause, not a recipient.
            let (clause_start, clause_end) = clause_bounds(chars, a.start);
            let handler = handlers
                .iter()
                .filter(|h| {
                    h.end <= a.start
                        && h.start >= clause_start.saturating_sub(0)
                        && a.start - h.end <= 16
                })
                .filter(|h| {
                    let before = h.start.checked_sub(1).map(|i| chars[i]);
                    !matches!(
                        before,
                        Some('向' | '给' | '与' | '和' | '及' | '或' | '助' | '为' | '对')
                    )
                })
                .max_by_key(|h| h.end)
                .copied();
            let handler = handler.map(|h| {
                out.spans
                    .iter()
                    .position(|(l, x, _)| {
                        *l == Label::Handler && x.start == h.start && x.end == h.end
                    })
                    .unwrap_or_else(|| push(&mut out, Label::Handler, h, None))
            });
            // A receiver: a party right after a share verb (`共享给第三方`).
            let receiver = (*label == Label::Share)
                .then(|| {
                    handlers
                        .iter()
                        .find(|h| {
                            h.start >= a.end
                                && h.start - a.end <= 6
                                && h.end <= clause_end.max(h.end)
                        })
                        // `将X与Y共享` / `向Y提供X`: the receiver stands before the verb.
                        .copied()
                        .or_else(|| {
                            handlers.iter().rev().find_map(|h| {
                                if h.end > a.start || a.start - h.end > 8 {
                                    return None;
                                }
                                // The receiver's name runs from right after `与`/`向`/`给`.
                                let lead = (h.start.saturating_sub(6)..h.start)
                                    .rev()
                                    .find(|&k| "与向给".contains(chars[k]))?;
                                (!has_boundary(chars, lead, h.end)).then_some(Hit {
                                    start: lead + 1,
                                    end: h.end,
                                })
                            })
                        })
                })
                .flatten()
                .map(|h| {
                    out.spans
                        .iter()
                        .position(|(l, x, _)| *l == Label::Handler && x.start == h.start)
                        .unwrap_or_else(|| push(&mut out, Label::Handler, h, None))
                });
            let nearest = |idx: &[usize], hits: &[Hit]| -> Option<usize> {
                idx.iter()
                    .zip(hits)
                    .min_by_key(|(_, h)| h.start.abs_diff(a.start))
                    .map(|(i, _)| *i)
            };
            out.practices.push(ClausePractice {
                action: *label,
                handler,
                data: data_idx
                    .iter()
                    .zip(&data_spans)
                    .filter(|(_, (h, _))| h.start >= a.end)
                    .map(|(i, _)| *i)
                    .collect(),
                purpose: nearest(&purpose_idx, &purposes),
                condition: nearest(&condition_idx, &conditions),
                receiver,
            });
        }
        // A practice with no data of its own (data before the verb) keeps all the clause's data.
        for p in &mut out.practices {
            if p.data.is_empty() {
                p.data = data_idx.clone();
            }
        }
        out
    }
}

fn has_boundary(chars: &[char], from: usize, to: usize) -> bool {
    chars[from..to].iter().any(|c| CLAUSE_END.contains(c))
}

fn has_sentence_end(chars: &[char], from: usize, to: usize) -> bool {
    chars[from..to].iter().any(|c| SENTENCE_END.contains(c))
}

/// Members of an enumeration that holds a known data item: `您的昵称、星座、所在地及个人介绍`
/// — `星座` and `所在地` are data because their neighbours are.
fn enumeration_members(
    chars: &[char],
    known: &[(Hit, Option<String>)],
    actions: &[(Label, Hit)],
) -> Vec<(Hit, Option<String>)> {
    const SEPARATORS: &[&str] = &["以及", "、", "及", "和", "与", "或", ",", "，", "/"];
    let mut out = Vec::new();
    for (k, _) in known {
        // Walk right: `X、Y` / `X及Y`.
        let mut at = k.end;
        // Skip a parenthetical right after the item (`设备信息（包括…）`).
        for _ in 0..8 {
            let Some(sep) = SEPARATORS.iter().find(|s| starts_with_at(chars, at, s)) else {
                break;
            };
            let start = at + sep.chars().count();
            let Some(member) = member_at(chars, start) else {
                break;
            };
            if known
                .iter()
                .any(|(o, _)| o.start < member.end && member.start < o.end)
            {
                at = member.end;
                continue;
            }
            out.push((member, None));
            at = member.end;
        }
        // Walk left from the item: `Y、X` where Y starts after the action verb.
        let mut end = k.start;
        for _ in 0..6 {
            let Some(sep) = SEPARATORS.iter().find(|s| {
                end >= s.chars().count() && starts_with_at(chars, end - s.chars().count(), s)
            }) else {
                break;
            };
            let member_end = end - sep.chars().count();
            let Some(member) = member_before(chars, member_end) else {
                break;
            };
            if actions
                .iter()
                .any(|(_, a)| a.end > member.start && a.start < member.end)
            {
                break;
            }
            if !known
                .iter()
                .any(|(o, _)| o.start < member.end && member.start < o.end)
            {
                out.push((member, None));
            }
            end = member.start;
        }
    }
    out
}

/// Chars that end an enumeration member.
fn member_break(c: char) -> bool {
    "、，,。；;：:（）()“”\"及和与或等/\n".contains(c) || c.is_whitespace()
}

fn looks_like_item(chars: &[char], s: usize, e: usize) -> bool {
    let n = e - s;
    if !(2..=12).contains(&n) {
        return false;
    }
    let t: String = chars[s..e].iter().collect();
    const VERBISH: &[&str] = &[
        "我们", "您", "会", "将", "可能", "进行", "提供", "使用", "收集", "获取", "用于", "为了",
        "以便", "是", "在", "时", "如果", "通过", "需要", "无法", "不", "请", "包括", "例如",
        "其他", "相关",
    ];
    !VERBISH.iter().any(|w| t.contains(w))
        && t.chars().all(|c| !c.is_ascii_punctuation())
        // Demonstratives and purpose words start clauses, not items; a bare generic word
        // (`信息`, `状态`) names nothing.
        && !["以", "这", "该", "此", "其", "从", "并", "可"].iter().any(|w| t.starts_with(w))
        && !Rules::get().list("weak_data").contains(&t.as_str())
        && !Rules::get().list("not_item").iter().any(|w| t.contains(w))
}

fn member_at(chars: &[char], start: usize) -> Option<Hit> {
    let mut s = start;
    // Possessive lead-ins are not part of the item.
    for lead in ["您的", "其他用户的"] {
        if starts_with_at(chars, s, lead) {
            s += lead.chars().count();
        }
    }
    let e = (s..chars.len())
        .find(|&i| member_break(chars[i]))
        .unwrap_or(chars.len());
    looks_like_item(chars, s, e).then_some(Hit { start: s, end: e })
}

fn member_before(chars: &[char], end: usize) -> Option<Hit> {
    let s = (0..end)
        .rev()
        .find(|&i| member_break(chars[i]))
        .map_or(0, |i| i + 1);
    let mut s2 = s;
    for lead in ["您的", "其他用户的"] {
        if starts_with_at(chars, s2, lead) {
            s2 += lead.chars().count();
        }
    }
    looks_like_item(chars, s2, end).then_some(Hit { start: s2, end })
}

/// Purpose phrases: after a marker, up to the clause boundary.
fn purpose_hits(chars: &[char]) -> Vec<Hit> {
    let mut out: Vec<Hit> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let Some(marker) = Rules::get()
            .list("purpose_marker")
            .iter()
            .find(|m| starts_with_at(chars, i, m))
        else {
            i += 1;
            continue;
        };
        let n = marker.chars().count();
        let ok = match *marker {
            "为" => {
                !inside_word(chars, i, Rules::get().list("not_purpose_wei"))
                    // `为您提供…` / `为向您提供…` / clause-initial `为实现…`.
                    && (i == 0 || CLAUSE_END.contains(&chars[i - 1]) || starts_with_at(chars, i + 1, "您") || starts_with_at(chars, i + 1, "向") || starts_with_at(chars, i + 1, "实现") || starts_with_at(chars, i + 1, "提供") || starts_with_at(chars, i + 1, "保障") || starts_with_at(chars, i + 1, "满足"))
            }
            "以" => {
                !inside_word(chars, i, Rules::get().list("not_purpose_yi"))
                    && !inside_word(chars, i, &["以便", "以便于"])
                    && i > 0
                    && !"可所难足得用据借予加".contains(chars[i - 1])
            }
            "从而" => true,
            _ => true,
        };
        if !ok {
            i += 1;
            continue;
        }
        let mut start = i + n;
        // `为您提供客服` → purpose `提供客服…`; the beneficiary is not the purpose.
        if *marker == "为"
            && starts_with_at(chars, start, "您")
            && !starts_with_at(chars, start, "您的")
        {
            start += 1;
        }
        let clause_end = |from: usize| {
            (from..chars.len())
                .find(|&k| {
                    CLAUSE_END.contains(&chars[k]) || starts_with_at(chars, k, "而") && k > from + 2
                })
                .unwrap_or(chars.len())
        };
        let mut end = clause_end(start);
        // A purpose runs on over comma-separated clauses that continue it (`为提高安全性，保护您…，
        // 更好地预防…`), up to a clause of another kind.
        while end < chars.len() && matches!(chars[end], '，' | ',') {
            let next = end + 1;
            let continues = Rules::get()
                .list("purpose_continuation")
                .iter()
                .any(|w| starts_with_at(chars, next, w));
            if !continues {
                break;
            }
            end = clause_end(next);
        }
        // `为您提供了多种注册渠道` states what was done: a verb with `了` in its first words is
        // not an aim.
        let done = (start..(start + 6).min(end)).any(|k| chars[k] == '了');
        if let Some(h) = trim_hit(chars, start, end).filter(|_| !done) {
            if h.end - h.start >= 2 && !out.iter().any(|o| o.start < h.end && h.start < o.end) {
                out.push(h);
            }
        }
        i = end.max(i + 1);
    }
    out
}

/// Conditions: `当…时`, `在…时`/`在…情况下`, `如您…`/`若您…`/`如果您…`/`一旦…`, and a clause
/// that ends in `…时，`.
fn condition_hits(chars: &[char]) -> Vec<Hit> {
    let mut out: Vec<Hit> = Vec::new();
    let shi_closes = |k: usize| {
        chars[k] == '时' && !inside_word(chars, k, Rules::get().list("not_condition_shi"))
    };
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let clause_start = i == 0
            || CLAUSE_END.contains(&chars[i - 1])
            || chars[i - 1] == ')'
            || chars[i - 1] == '）';
        let mut found: Option<Hit> = None;
        if c == '当'
            && !inside_word(
                chars,
                i,
                &[
                    "相当", "适当", "恰当", "正当", "不当", "妥当", "当前", "当地", "当日", "当天",
                    "应当", "当然", "当事",
                ],
            )
        {
            let (_, clause_end) = clause_bounds(chars, i + 1);
            let sentence_end = (i..chars.len())
                .find(|&k| SENTENCE_END.contains(&chars[k]))
                .unwrap_or(chars.len());
            // The closing `时` outside brackets (`当您购买（…产生交易行为时）时`); alternatives
            // joined by `或` (`当…时，或…时`) make one condition.
            let limit = sentence_end.min(i + 160);
            let close_from = |from: usize| {
                let mut depth = 0usize;
                (from..limit).find(|&k| {
                    match chars[k] {
                        '(' | '（' | '[' | '【' => depth += 1,
                        ')' | '）' | ']' | '】' => depth = depth.saturating_sub(1),
                        _ => {}
                    }
                    depth == 0 && shi_closes(k)
                })
            };
            if let Some(mut k) = close_from(i + 1) {
                while let Some(next) = ["，或", ",或", "或"]
                    .iter()
                    .find(|w| starts_with_at(chars, k + 1, w))
                    .and_then(|w| close_from(k + 1 + w.chars().count()))
                {
                    k = next;
                }
                found = trim_hit(chars, i + 1, k);
            } else {
                found = trim_hit(chars, i + 1, clause_end);
            }
        } else if c == '在' && starts_with_at(chars, i + 1, "您") {
            let sentence_end = (i..chars.len())
                .find(|&k| SENTENCE_END.contains(&chars[k]))
                .unwrap_or(chars.len());
            let close = (i + 1..sentence_end.min(i + 80)).find(|&k| {
                shi_closes(k)
                    || starts_with_at(chars, k, "情况下")
                    || starts_with_at(chars, k, "过程中")
                    || starts_with_at(chars, k, "前提下")
            });
            if let Some(k) = close {
                found = trim_hit(chars, i + 1, k);
            }
        } else if clause_start {
            for lead in ["如果您", "如您", "若您", "一旦您", "假如您"] {
                if starts_with_at(chars, i, lead) {
                    let s = i + lead.chars().count() - 1; // keep `您`
                    let (_, e) = clause_bounds(chars, s);
                    found = trim_hit(chars, s, e);
                    break;
                }
            }
            if found.is_none() {
                // `{快手会…您选择参加}时，`: a clause ending in 时.
                let (_, e) = clause_bounds(chars, i);
                if e > i + 2
                    && e < chars.len()
                    && shi_closes(e - 1)
                    && !(i..e).any(|k| chars[k] == '当')
                {
                    found = trim_hit(chars, i, e - 1);
                }
            }
        }
        // A condition about refusing (`若您拒绝提供…`) states a consequence, not when a practice
        // happens.
        let refusal = |h: &Hit| {
            let t: String = chars[h.start..h.end].iter().collect();
            Rules::get().list("refusal").iter().any(|w| t.contains(w))
        };
        if let Some(h) = found {
            if h.end - h.start >= 2
                && !refusal(&h)
                && !out.iter().any(|o| o.start < h.end && h.start < o.end)
            {
                out.push(h);
                i = h.end;
                continue;
            }
        }
        i += 1;
    }
    out
}

/// Whether a collect/share cue acts here. Weak verbs (`使用`, `提供`, `访问` …) need an actor
/// before them in their clause, or follow another action (`收集并使用`); `提供` is a collection
/// when the user provides (`您需要向我们提供`), not when the operator provides to the user
/// (`为您提供服务`).
fn acts(chars: &[char], hit: Hit, verb: &str, handlers: &[Hit], cues: &[(Cue, Hit)]) -> bool {
    let rules = Rules::get();
    // `向您提供` holds the cue `您提供`: the operator provides to the user.
    if verb.contains("提供")
        && verb.starts_with('您')
        && hit.start > 0
        && "向为给".contains(chars[hit.start - 1])
    {
        return false;
    }
    if !rules.list("weak_verb").contains(&verb) {
        return true;
    }
    let (clause_start, _) = clause_bounds(chars, hit.start);
    let before: String = chars[clause_start..hit.start].iter().collect();
    if verb == "提供" {
        if before.ends_with("向我们") || before.ends_with("向我们明示") {
            return true;
        }
        if rules
            .list("provide_to_user")
            .iter()
            .any(|w| before.ends_with(w))
        {
            return false;
        }
        return before.contains('您');
    }
    let after_action = cues.iter().any(|(k, c)| {
        matches!(k, Cue::Collect | Cue::Share)
            && c.end <= hit.start
            && hit.start - c.end <= 2
            && chars[c.end..hit.start]
                .iter()
                .all(|ch| "并和或及、与".contains(*ch))
    });
    after_action
        || handlers
            .iter()
            .any(|h| h.end <= hit.start && h.start >= clause_start && hit.start - h.end <= 16)
}

/// The disposal construction `将/把 X (与Y) 共享`: a data item between `将`/`把` and the verb,
/// in one clause, is the verb's object.
fn in_disposal(chars: &[char], d: Hit, verb: Hit) -> bool {
    if d.end > verb.start || verb.start - d.end > 24 {
        return false;
    }
    let (clause_start, _) = clause_bounds(chars, verb.start);
    (clause_start..d.start).any(|k| chars[k] == '将' || chars[k] == '把')
        && !has_sentence_end(chars, d.end, verb.start)
}
