//! What changed between two versions of a policy: clauses aligned by content, word-level
//! changes inside rewritten clauses, and a summary in the reader's terms.
//!
//! [`align`] pairs the old version's clauses (its [`Sentence`]s) with the new one's:
//! 1. clauses whose text is the same (normalized, white space ignored) are paired, in order
//!    among equal texts; of those pairs, the longest run in the same order in both versions
//!    is *unchanged* and the rest were *moved* (a longest increasing subsequence, so moving one
//!    clause never makes the clauses it jumped over "moved");
//! 2. of the clauses left, an old and a new one that share most of their char pairs (Dice
//!    ≥ [`REWRITE_SIMILARITY`]) are the same clause *rewritten*, best pairs first; it also
//!    moved when it now stands outside the unchanged clauses that surrounded it;
//! 3. what is left was *removed* (old) or *added* (new).
//!
//! A rewritten clause's words are compared as jieba cuts them ([`word_changes`]), not char by
//! char: `手机号码` replaced by `电话号码` reads as one word changed.
//!
//! [`diff`] adds the summary ([`DiffSummary`]): data types newly collected or no longer
//! collected (sensitive ones apart), purposes, receivers and SDKs added or dropped, clauses
//! that gained or lost bold marking, and the changed clauses about retention, deletion, consent,
//! rights and contact. Offsets are char offsets into each version's original text, as
//! everywhere.
use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

use crate::ask::{receivers_of_policy, Analysed};
use crate::collected::{data_summary, Evidence};
use crate::document::{Policy, Span};
use crate::lexicon::Lexicon;
use crate::normalize::normalize;

mod render;

pub use render::{render, DiffFormat};

/// Two clauses that share at least this share of their char pairs (Dice coefficient) are one
/// clause rewritten. Editing a few words of a 40-char clause keeps ~0.8; two different
/// clauses of one policy share ~0.1–0.3 (their common words: 我们、您的、个人信息).
pub const REWRITE_SIMILARITY: f64 = 0.5;

/// What happened to a clause between the versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    Unchanged,
    /// The same text, elsewhere in the policy.
    Moved,
    /// The same clause, reworded (and perhaps moved too: [`ClauseChange::moved`]).
    Rewritten,
    Added,
    Removed,
}

impl ChangeKind {
    /// The reader's word for it.
    pub fn label(self) -> &'static str {
        match self {
            ChangeKind::Unchanged => "未变",
            ChangeKind::Moved => "移动",
            ChangeKind::Rewritten => "改写",
            ChangeKind::Added => "新增",
            ChangeKind::Removed => "删除",
        }
    }
}

/// One clause of one version.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ClauseRef {
    /// Index into the version's [`Policy::sentences`].
    pub index: usize,
    /// Chars of the version's original text.
    pub span: Span,
    pub section: String,
    /// As a reader sees it (hard wraps removed).
    pub text: String,
    pub bold: bool,
    /// The page, for a PDF.
    pub page: Option<u32>,
}

/// A run of words of a rewritten clause: kept, added in the new version or removed from the old.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WordChange {
    pub kind: WordChangeKind,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum WordChangeKind {
    Same,
    Added,
    Removed,
}

/// A clause of either version and what became of it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ClauseChange {
    pub kind: ChangeKind,
    /// A rewritten clause that also moved (a [`ChangeKind::Moved`] clause always did).
    pub moved: bool,
    pub old: Option<ClauseRef>,
    pub new: Option<ClauseRef>,
    /// For a rewritten clause: its words, old and new interleaved.
    pub words: Vec<WordChange>,
    /// Parts of the policy the clause is about ([`ClauseTopic`] ids) when it is one the
    /// summary reports (retention, deleting an account …).
    pub topics: Vec<String>,
}

impl ClauseChange {
    /// Whether the reader is told about it.
    pub fn is_change(&self) -> bool {
        self.kind != ChangeKind::Unchanged
    }
}

/// The clause pairs [`align`] finds, by index into each version's sentences.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Alignment {
    /// (old, new) pairs of the same text in the same order: unchanged.
    pub unchanged: Vec<(usize, usize)>,
    /// (old, new) pairs of the same text out of that order.
    pub moved: Vec<(usize, usize)>,
    /// Runs of old and new clauses cut differently whose joined texts are the same: unchanged.
    pub resegmented: Vec<(Vec<usize>, Vec<usize>)>,
    /// (old, new, moved too) pairs of one clause reworded.
    pub rewritten: Vec<(usize, usize, bool)>,
    pub removed: Vec<usize>,
    pub added: Vec<usize>,
}

/// The text two clauses are compared by: normalized, without white space, and without the
/// number a list gives it (`5.保障产品安全；` renumbered `4.` is the same clause).
fn clause_key(policy: &Policy, index: usize) -> String {
    let text: String = normalize(&policy.visible_text(policy.sentences[index].span))
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    without_list_number(&text).to_string()
}

/// `text` without a leading list number: `4.`, `4.2`, `（三）`, `3)`, `第五条`, `五、`.
fn without_list_number(text: &str) -> &str {
    static NUMBER: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"^(?:第[0-9一二三四五六七八九十百]+[条章节款项]|[（(][0-9一二三四五六七八九十]+[)）]|[0-9]+(?:[.．][0-9]+)+[.．、)）]?|[0-9]+[.．、)）]|[一二三四五六七八九十]+[、.．])",
        )
        .unwrap()
    });
    let rest = NUMBER.find(text).map_or(text, |m| &text[m.end()..]);
    // A clause that is only a number keeps it (`1.` alone is not an empty clause).
    if rest.is_empty() {
        text
    } else {
        rest
    }
}

/// Pair the clauses of `old` and `new` (see the module's documentation).
pub fn align(old: &Policy, new: &Policy) -> Alignment {
    let old_keys: Vec<String> = (0..old.sentences.len())
        .map(|i| clause_key(old, i))
        .collect();
    let new_keys: Vec<String> = (0..new.sentences.len())
        .map(|i| clause_key(new, i))
        .collect();
    align_keys(&old_keys, &new_keys)
}

/// [`align`] on the clauses' keys (clauses with an empty key are left out).
fn align_keys(old_keys: &[String], new_keys: &[String]) -> Alignment {
    // 1. The same text: paired in order among equal texts.
    let mut waiting: HashMap<&str, std::collections::VecDeque<usize>> = HashMap::new();
    for (j, key) in new_keys.iter().enumerate() {
        if !key.is_empty() {
            waiting.entry(key.as_str()).or_default().push_back(j);
        }
    }
    let mut same: Vec<(usize, usize)> = Vec::new();
    let mut old_paired = vec![false; old_keys.len()];
    let mut new_paired = vec![false; new_keys.len()];
    for (i, key) in old_keys.iter().enumerate() {
        if let Some(j) = waiting.get_mut(key.as_str()).and_then(|q| q.pop_front()) {
            same.push((i, j));
            old_paired[i] = true;
            new_paired[j] = true;
        }
    }
    let in_order = longest_increasing(&same.iter().map(|&(_, j)| j).collect::<Vec<_>>());
    let mut unchanged = Vec::with_capacity(in_order.len());
    let mut moved = Vec::new();
    let mut k = 0;
    for (n, &pair) in same.iter().enumerate() {
        if k < in_order.len() && in_order[k] == n {
            unchanged.push(pair);
            k += 1;
        } else {
            moved.push(pair);
        }
    }

    // 1b. Cut differently: between two unchanged clauses, runs of clauses whose joined texts
    // are the same (a hard wrap or a `；` read otherwise splits `A。` into `A1` and `A2`).
    let resegmented = resegmented(
        old_keys,
        new_keys,
        &unchanged,
        &mut old_paired,
        &mut new_paired,
    );

    // 2. Rewritten: the most similar pairs of the clauses left, best first.
    let old_left: Vec<usize> = (0..old_keys.len())
        .filter(|&i| !old_paired[i] && !old_keys[i].is_empty())
        .collect();
    let new_left: Vec<usize> = (0..new_keys.len())
        .filter(|&j| !new_paired[j] && !new_keys[j].is_empty())
        .collect();
    let pairs_of = |key: &str| -> BTreeSet<(char, char)> {
        let chars: Vec<char> = key.chars().collect();
        if chars.len() == 1 {
            return [(chars[0], '\0')].into();
        }
        chars.windows(2).map(|w| (w[0], w[1])).collect()
    };
    let new_pairs: Vec<BTreeSet<(char, char)>> =
        new_left.iter().map(|&j| pairs_of(&new_keys[j])).collect();
    // Which of the new clauses left hold each char pair: only those are compared.
    let mut holding: HashMap<(char, char), Vec<usize>> = HashMap::new();
    for (n, set) in new_pairs.iter().enumerate() {
        for &p in set {
            holding.entry(p).or_default().push(n);
        }
    }
    let mut candidates: Vec<(f64, usize, usize)> = Vec::new();
    for (o, &i) in old_left.iter().enumerate() {
        let set = pairs_of(&old_keys[i]);
        let mut shared: HashMap<usize, usize> = HashMap::new();
        for p in &set {
            for &n in holding.get(p).map(Vec::as_slice).unwrap_or(&[]) {
                *shared.entry(n).or_default() += 1;
            }
        }
        for (n, count) in shared {
            let dice = 2.0 * count as f64 / (set.len() + new_pairs[n].len()) as f64;
            if dice >= REWRITE_SIMILARITY {
                candidates.push((dice, o, n));
            }
        }
    }
    // Best first; among equals, the pair nearest in position (then the earliest).
    candidates.sort_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then_with(|| {
                let gap = |c: &(f64, usize, usize)| {
                    (old_left[c.1] as i64 - new_left[c.2] as i64).unsigned_abs()
                };
                gap(a).cmp(&gap(b))
            })
            .then((a.1, a.2).cmp(&(b.1, b.2)))
    });
    let mut old_taken = vec![false; old_left.len()];
    let mut new_taken = vec![false; new_left.len()];
    let mut rewritten = Vec::new();
    for (_, o, n) in candidates {
        if old_taken[o] || new_taken[n] {
            continue;
        }
        old_taken[o] = true;
        new_taken[n] = true;
        let (i, j) = (old_left[o], new_left[n]);
        rewritten.push((i, j, !between_anchors(&unchanged, i, j)));
    }
    rewritten.sort_unstable();

    // 3. The rest.
    let removed = old_left
        .iter()
        .zip(&old_taken)
        .filter(|(_, &t)| !t)
        .map(|(&i, _)| i)
        .collect();
    let added = new_left
        .iter()
        .zip(&new_taken)
        .filter(|(_, &t)| !t)
        .map(|(&j, _)| j)
        .collect();
    Alignment {
        unchanged,
        moved,
        resegmented,
        rewritten,
        removed,
        added,
    }
}

/// Runs of old and new clauses left between the same two unchanged clauses whose texts, joined,
/// are the same: (old clauses, new clauses) of each run, the clauses marked paired.
fn resegmented(
    old_keys: &[String],
    new_keys: &[String],
    unchanged: &[(usize, usize)],
    old_paired: &mut [bool],
    new_paired: &mut [bool],
) -> Vec<(Vec<usize>, Vec<usize>)> {
    // The clauses left in each gap between unchanged clauses, in order.
    let gap_of_old = |i: usize| unchanged.partition_point(|&(a, _)| a < i);
    let gap_of_new = |j: usize| unchanged.partition_point(|&(_, b)| b < j);
    let mut gaps: BTreeMap<usize, (Vec<usize>, Vec<usize>)> = BTreeMap::new();
    for i in (0..old_keys.len()).filter(|&i| !old_paired[i] && !old_keys[i].is_empty()) {
        gaps.entry(gap_of_old(i)).or_default().0.push(i);
    }
    for j in (0..new_keys.len()).filter(|&j| !new_paired[j] && !new_keys[j].is_empty()) {
        gaps.entry(gap_of_new(j)).or_default().1.push(j);
    }
    let mut runs = Vec::new();
    for (olds, news) in gaps.into_values() {
        if olds.is_empty() || news.is_empty() {
            continue;
        }
        let mut from_new = 0;
        for start in 0..olds.len() {
            if old_paired[olds[start]] {
                continue;
            }
            // A new clause that starts as this old one does, and the run from there.
            for first in from_new..news.len() {
                if let Some((o, n)) = joined_run(old_keys, new_keys, &olds[start..], &news[first..])
                {
                    if o + n > 2 {
                        let run = (
                            olds[start..start + o].to_vec(),
                            news[first..first + n].to_vec(),
                        );
                        run.0.iter().for_each(|&i| old_paired[i] = true);
                        run.1.iter().for_each(|&j| new_paired[j] = true);
                        runs.push(run);
                        from_new = first + n;
                        break;
                    }
                }
            }
        }
    }
    runs
}

/// How many of `olds` and `news` (from their first) have the same text joined, when more than
/// one clause on either side does.
fn joined_run(
    old_keys: &[String],
    new_keys: &[String],
    olds: &[usize],
    news: &[usize],
) -> Option<(usize, usize)> {
    let (a, b) = (&old_keys[olds[0]], &new_keys[news[0]]);
    if !(a.starts_with(b.as_str()) || b.starts_with(a.as_str())) {
        return None;
    }
    let (mut joined_old, mut joined_new) = (a.clone(), b.clone());
    let (mut o, mut n) = (1, 1);
    while joined_old != joined_new {
        if joined_old.len() < joined_new.len() {
            if o == olds.len() || !joined_new.starts_with(joined_old.as_str()) {
                return None;
            }
            joined_old.push_str(&old_keys[olds[o]]);
            o += 1;
        } else {
            if n == news.len() || !joined_old.starts_with(joined_new.as_str()) {
                return None;
            }
            joined_new.push_str(&new_keys[news[n]]);
            n += 1;
        }
    }
    Some((o, n))
}

/// Whether new clause `j` stands where old clause `i` stood: after the new place of the last
/// unchanged clause before `i` and before that of the first unchanged clause after it.
fn between_anchors(unchanged: &[(usize, usize)], i: usize, j: usize) -> bool {
    let next = unchanged.partition_point(|&(a, _)| a < i);
    let after_previous = next == 0 || unchanged[next - 1].1 < j;
    let before_next = next == unchanged.len() || j < unchanged[next].1;
    after_previous && before_next
}

/// The positions of a longest strictly increasing subsequence of `values` (patience sorting,
/// O(n log n)), in order.
fn longest_increasing(values: &[usize]) -> Vec<usize> {
    // tails[k]: position of the smallest last value of an increasing run of length k + 1.
    let mut tails: Vec<usize> = Vec::new();
    let mut previous: Vec<Option<usize>> = vec![None; values.len()];
    for (p, &v) in values.iter().enumerate() {
        let k = tails.partition_point(|&t| values[t] < v);
        previous[p] = k.checked_sub(1).map(|k| tails[k]);
        if k == tails.len() {
            tails.push(p);
        } else {
            tails[k] = p;
        }
    }
    let mut run = Vec::with_capacity(tails.len());
    let mut at = tails.last().copied();
    while let Some(p) = at {
        run.push(p);
        at = previous[p];
    }
    run.reverse();
    run
}

/// The words of a rewritten clause, old and new interleaved: runs kept, removed and added, as
/// jieba cuts the two texts (`jieba` must know the words of both).
pub fn word_changes(old: &str, new: &str, jieba: &jieba_rs::Jieba) -> Vec<WordChange> {
    let old_words: Vec<&str> = jieba.cut(old, false).into_iter().map(|t| t.word).collect();
    let new_words: Vec<&str> = jieba.cut(new, false).into_iter().map(|t| t.word).collect();
    let mut out: Vec<WordChange> = Vec::new();
    let mut push = |kind: WordChangeKind, words: &[&str]| {
        let text: String = words.concat();
        if text.is_empty() {
            return;
        }
        match out.last_mut() {
            Some(last) if last.kind == kind => last.text.push_str(&text),
            _ => out.push(WordChange { kind, text }),
        }
    };
    for op in similar::capture_diff_slices(similar::Algorithm::Myers, &old_words, &new_words) {
        match op {
            similar::DiffOp::Equal { old_index, len, .. } => {
                push(WordChangeKind::Same, &old_words[old_index..old_index + len])
            }
            similar::DiffOp::Delete {
                old_index, old_len, ..
            } => push(
                WordChangeKind::Removed,
                &old_words[old_index..old_index + old_len],
            ),
            similar::DiffOp::Insert {
                new_index, new_len, ..
            } => push(
                WordChangeKind::Added,
                &new_words[new_index..new_index + new_len],
            ),
            similar::DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                push(
                    WordChangeKind::Removed,
                    &old_words[old_index..old_index + old_len],
                );
                push(
                    WordChangeKind::Added,
                    &new_words[new_index..new_index + new_len],
                );
            }
        }
    }
    out
}

/// A part of a policy whose changed clauses the summary lists apart (a row of
/// `data/ask/topics.tsv`: retention, deleting an account, withdrawing consent, complaints
/// and contact, the user's rights).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ClauseTopic {
    pub id: String,
    /// The reader's words for it (`保存期限`).
    pub about: String,
    /// Indices into [`PolicyDiff::clauses`] of its changed clauses.
    pub changes: Vec<usize>,
}

/// A data type collected in one version and not in the other.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DataChange {
    pub data_type: String,
    pub category: String,
    pub sensitive: bool,
    /// What the version that collects it says it is for.
    pub purposes: Vec<String>,
    /// The clauses of the version that collects it.
    pub evidence: Vec<Evidence>,
}

/// A receiver (a third party or SDK) named in one version and not in the other.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReceiverChange {
    pub name: String,
    /// `sdk`, `partner` or `named` (only in a sharing clause).
    pub kind: String,
    pub data_types: Vec<String>,
    pub evidence: Vec<Evidence>,
}

/// A metadata field that changed (`updated`, `effective`, `operator`, `title`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FieldChange {
    pub field: String,
    /// The reader's word for it (`更新日期`).
    pub label: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// How many clauses of each kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ChangeCounts {
    pub unchanged: usize,
    pub moved: usize,
    pub rewritten: usize,
    pub added: usize,
    pub removed: usize,
}

/// The changes a reader asks about first.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DiffSummary {
    pub counts: ChangeCounts,
    /// What the reader should check first (the "new" version dated before the "old" one).
    pub warnings: Vec<String>,
    pub fields: Vec<FieldChange>,
    /// Collected by the new version and not by the old one, sensitive first.
    pub data_added: Vec<DataChange>,
    /// Collected by the old version and no longer by the new one.
    pub data_dropped: Vec<DataChange>,
    /// The sensitive types among `data_added`.
    pub sensitive_added: Vec<String>,
    /// Canonical purposes the new version's collection serves and the old one's did not.
    pub purposes_added: Vec<String>,
    pub purposes_dropped: Vec<String>,
    pub receivers_added: Vec<ReceiverChange>,
    pub receivers_dropped: Vec<ReceiverChange>,
    /// Indices into [`PolicyDiff::clauses`]: clauses bold in the new version and not in the
    /// old (new bold clauses among them), and the other way round.
    pub bold_gained: Vec<usize>,
    pub bold_lost: Vec<usize>,
    /// Changed clauses about retention, deletion, consent, rights and contact, by part.
    pub topics: Vec<ClauseTopic>,
}

/// One version as the diff names it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct VersionRef {
    pub id: String,
    pub app: Option<String>,
    pub title: Option<String>,
    pub updated: Option<String>,
    pub source: String,
    pub chars: usize,
}

impl VersionRef {
    fn of(policy: &Policy) -> VersionRef {
        VersionRef {
            id: policy.id.clone(),
            app: policy.app.clone(),
            title: policy.title.clone(),
            updated: policy.updated.clone(),
            source: policy.source.path.clone(),
            chars: policy.char_len(),
        }
    }
}

/// What changed from `old` to `new`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PolicyDiff {
    pub old: VersionRef,
    pub new: VersionRef,
    pub summary: DiffSummary,
    /// Every clause of both versions in reading order of the new one, each removed clause
    /// where it stood among the old one's unchanged clauses.
    pub clauses: Vec<ClauseChange>,
}

impl PolicyDiff {
    /// The clauses that changed.
    pub fn changes(&self) -> impl Iterator<Item = &ClauseChange> {
        self.clauses.iter().filter(|c| c.is_change())
    }
}

fn clause_ref(policy: &Policy, index: usize) -> ClauseRef {
    let sentence = policy.sentences[index];
    ClauseRef {
        index,
        span: sentence.span,
        section: policy.blocks[sentence.block].section_path(),
        text: policy.visible_text(sentence.span),
        bold: policy.is_bold(sentence.span),
        page: policy.page_of(sentence.span.start),
    }
}

/// The clauses of `alignment` in the new version's order, removed ones among them.
fn clause_changes(old: &Policy, new: &Policy, alignment: &Alignment) -> Vec<ClauseChange> {
    // What each new clause is, and where each removed old clause goes: before the first new
    // clause whose old partner (unchanged) comes after it.
    let mut of_new: Vec<Option<(ChangeKind, Option<usize>, bool)>> =
        vec![None; new.sentences.len()];
    for &(i, j) in &alignment.unchanged {
        of_new[j] = Some((ChangeKind::Unchanged, Some(i), false));
    }
    for &(i, j) in &alignment.moved {
        of_new[j] = Some((ChangeKind::Moved, Some(i), true));
    }
    for (olds, news) in &alignment.resegmented {
        for &j in news {
            of_new[j] = Some((ChangeKind::Unchanged, Some(olds[0]), false));
        }
    }
    for &(i, j, moved) in &alignment.rewritten {
        of_new[j] = Some((ChangeKind::Rewritten, Some(i), moved));
    }
    for &j in &alignment.added {
        of_new[j] = Some((ChangeKind::Added, None, false));
    }
    let mut removed = alignment.removed.iter().copied().peekable();
    let mut out = Vec::with_capacity(new.sentences.len() + alignment.removed.len());
    let removed_change = |i: usize| ClauseChange {
        kind: ChangeKind::Removed,
        moved: false,
        old: Some(clause_ref(old, i)),
        new: None,
        words: Vec::new(),
        topics: Vec::new(),
    };
    for (j, what) in of_new.into_iter().enumerate() {
        let Some((kind, old_index, moved)) = what else {
            continue; // a clause with no text
        };
        if kind == ChangeKind::Unchanged {
            let i = old_index.unwrap_or(0);
            while let Some(r) = removed.next_if(|&r| r < i) {
                out.push(removed_change(r));
            }
        }
        out.push(ClauseChange {
            kind,
            moved,
            old: old_index.map(|i| clause_ref(old, i)),
            new: Some(clause_ref(new, j)),
            words: Vec::new(),
            topics: Vec::new(),
        });
    }
    out.extend(removed.map(removed_change));
    out
}

/// What changed from `old` to `new`: the clauses aligned, rewritten clauses' words, and the
/// summary.
pub fn diff(old: &Analysed, new: &Analysed, lexicon: &Lexicon) -> PolicyDiff {
    let alignment = align(old.policy, new.policy);
    let mut clauses = clause_changes(old.policy, new.policy, &alignment);

    // Words of rewritten clauses, cut by one jieba that knows the words of all of them.
    let rewritten: Vec<usize> = (0..clauses.len())
        .filter(|&c| clauses[c].kind == ChangeKind::Rewritten)
        .collect();
    if !rewritten.is_empty() {
        let texts = || -> String {
            rewritten
                .iter()
                .flat_map(|&c| {
                    let c = &clauses[c];
                    [
                        c.old.as_ref().map_or("", |r| r.text.as_str()),
                        "\n",
                        c.new.as_ref().map_or("", |r| r.text.as_str()),
                        "\n",
                    ]
                })
                .collect()
        };
        let length: usize = rewritten
            .iter()
            .map(|&c| {
                let c = &clauses[c];
                c.old.as_ref().map_or(0, |r| r.text.len())
                    + c.new.as_ref().map_or(0, |r| r.text.len())
            })
            .sum();
        let jieba = crate::analyzer::jieba_for_document(length, texts);
        for c in rewritten {
            let words = word_changes(
                &clauses[c].old.as_ref().unwrap().text,
                &clauses[c].new.as_ref().unwrap().text,
                &jieba,
            );
            clauses[c].words = words;
        }
    }

    // The parts of the policy the changed clauses are about.
    let mut topics: Vec<ClauseTopic> = crate::ask::clause_topics()
        .map(|(id, about)| ClauseTopic {
            id: id.to_string(),
            about: about.to_string(),
            changes: Vec::new(),
        })
        .collect();
    let mut old_topics = crate::ask::ClauseTopicReader::new(old.policy);
    let mut new_topics = crate::ask::ClauseTopicReader::new(new.policy);
    for (c, change) in clauses.iter_mut().enumerate() {
        if !change.is_change() || change.kind == ChangeKind::Moved {
            continue;
        }
        let mut ids: BTreeSet<&'static str> = BTreeSet::new();
        if let Some(r) = &change.old {
            ids.extend(old_topics.topics_of(r.index));
        }
        if let Some(r) = &change.new {
            ids.extend(new_topics.topics_of(r.index));
        }
        for t in &mut topics {
            if ids.contains(t.id.as_str()) {
                t.changes.push(c);
                change.topics.push(t.id.clone());
            }
        }
    }
    topics.retain(|t| !t.changes.is_empty());

    let mut summary = DiffSummary {
        topics,
        ..Default::default()
    };
    for (c, change) in clauses.iter().enumerate() {
        let counts = &mut summary.counts;
        match change.kind {
            ChangeKind::Unchanged => counts.unchanged += 1,
            ChangeKind::Moved => counts.moved += 1,
            ChangeKind::Rewritten => counts.rewritten += 1,
            ChangeKind::Added => counts.added += 1,
            ChangeKind::Removed => counts.removed += 1,
        }
        let was = change.old.as_ref().is_some_and(|r| r.bold);
        let is = change.new.as_ref().is_some_and(|r| r.bold);
        if is && !was {
            summary.bold_gained.push(c);
        } else if was && !is {
            summary.bold_lost.push(c);
        }
    }
    summary.fields = field_changes(old.policy, new.policy);
    if let (Some(was), Some(is)) = (&old.policy.updated, &new.policy.updated) {
        // Dates are read as `YYYY-MM-DD`, so they compare as text.
        if is < was {
            summary.warnings.push(format!(
                "新版的更新日期（{is}）早于旧版（{was}）：两个版本是否给反了？"
            ));
        }
    }
    data_changes(old, new, lexicon, &mut summary);
    receiver_changes(old, new, lexicon, &mut summary);
    PolicyDiff {
        old: VersionRef::of(old.policy),
        new: VersionRef::of(new.policy),
        summary,
        clauses,
    }
}

fn field_changes(old: &Policy, new: &Policy) -> Vec<FieldChange> {
    [
        ("title", "标题", &old.title, &new.title),
        ("operator", "运营者", &old.operator, &new.operator),
        ("updated", "更新日期", &old.updated, &new.updated),
        ("effective", "生效日期", &old.effective, &new.effective),
    ]
    .into_iter()
    .filter(|(_, _, a, b)| a != b)
    .map(|(field, label, a, b)| FieldChange {
        field: field.to_string(),
        label: label.to_string(),
        old: a.clone(),
        new: b.clone(),
    })
    .collect()
}

/// Data types collected by one version only, and the canonical purposes of either's
/// collection that the other's lacks.
fn data_changes(old: &Analysed, new: &Analysed, lexicon: &Lexicon, summary: &mut DiffSummary) {
    let old_summary = data_summary(old.policy, old.extraction, lexicon);
    let new_summary = data_summary(new.policy, new.extraction, lexicon);
    let collected = |s: &crate::collected::DataSummary| -> BTreeMap<String, DataChange> {
        s.collected()
            .map(|e| {
                (
                    e.data_type.clone(),
                    DataChange {
                        data_type: e.data_type.clone(),
                        category: e.category.clone(),
                        sensitive: e.sensitive,
                        purposes: e.purposes.clone(),
                        evidence: e.evidence.clone(),
                    },
                )
            })
            .collect()
    };
    let (was, is) = (collected(&old_summary), collected(&new_summary));
    let only = |a: &BTreeMap<String, DataChange>, b: &BTreeMap<String, DataChange>| {
        let mut v: Vec<DataChange> = a
            .iter()
            .filter(|(k, _)| !b.contains_key(*k))
            .map(|(_, d)| d.clone())
            .collect();
        v.sort_by(|x, y| {
            (!x.sensitive, &x.category, &x.data_type).cmp(&(
                !y.sensitive,
                &y.category,
                &y.data_type,
            ))
        });
        v
    };
    summary.data_added = only(&is, &was);
    summary.data_dropped = only(&was, &is);
    summary.sensitive_added = summary
        .data_added
        .iter()
        .filter(|d| d.sensitive)
        .map(|d| d.data_type.clone())
        .collect();
    let purposes = |m: &BTreeMap<String, DataChange>| -> BTreeSet<String> {
        m.values()
            .flat_map(|d| d.purposes.iter())
            .filter(|p| lexicon.purpose(p).is_some())
            .cloned()
            .collect()
    };
    let (p_was, p_is) = (purposes(&was), purposes(&is));
    summary.purposes_added = p_is.difference(&p_was).cloned().collect();
    summary.purposes_dropped = p_was.difference(&p_is).cloned().collect();
}

/// A receiver's name as two versions are compared by: normalized, lower case, no spaces.
fn receiver_key(name: &str) -> String {
    normalize(name)
        .to_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// Receivers named by one version only.
fn receiver_changes(old: &Analysed, new: &Analysed, lexicon: &Lexicon, summary: &mut DiffSummary) {
    let named = |a: &Analysed| -> BTreeMap<String, ReceiverChange> {
        let mut by_key = BTreeMap::new();
        for r in receivers_of_policy(a, lexicon).receivers {
            by_key
                .entry(receiver_key(&r.name))
                .or_insert(ReceiverChange {
                    name: r.name,
                    kind: r.kind,
                    data_types: r.data_types,
                    evidence: r.evidence,
                });
        }
        by_key
    };
    let (was, is) = (named(old), named(new));
    summary.receivers_added = is
        .iter()
        .filter(|(k, _)| !was.contains_key(*k))
        .map(|(_, r)| r.clone())
        .collect();
    summary.receivers_dropped = was
        .iter()
        .filter(|(k, _)| !is.contains_key(*k))
        .map(|(_, r)| r.clone())
        .collect();
}

#[cfg(test)]
mod tests;
