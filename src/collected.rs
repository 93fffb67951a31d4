//! What a policy collects: the data its practices name — resolved through references
//! (`我们会收集下列信息：（1）…`, `上述信息`) and list items, each with the clause that says so —
//! and the one summary of it ([`data_summary`]) that `list`, `report`, the reader and `ask`
//! all show.
//!
//! The summary keeps apart what a policy **collects** (an affirmed or conditional practice of
//! collecting) from what it only **mentions** (a definition, an example, a negation:
//! `个人敏感信息是指…生物识别信息…`, `我们不会收集您的指纹`). Which types are sensitive is the
//! lexicon's call (PIPL Art. 28, GB/T 35273-2020 App. B).
use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::document::{Policy, Span};
use crate::extract::{Extracted, Extraction, Label, Modality, Practice};
use crate::lexicon::Lexicon;
use crate::normalize::normalize;

/// One clause cited as evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Evidence {
    pub policy_id: String,
    /// Section path of the clause.
    pub section: String,
    /// The clause as a reader sees it (hard wraps removed).
    pub clause: String,
    /// The clause's span in the original text: char offsets in the core, UTF-16 code units as
    /// the desktop UI receives it (into that policy's `PolicyView.text`).
    pub clause_span: Span,
    /// The cited item's span (a data item, purpose phrase or receiver), in the same units.
    pub item_span: Span,
    /// Whether the policy marks the clause in bold.
    pub bold: bool,
    /// `collect` or `share`: the practice the clause states.
    pub action: Label,
    /// The page the clause starts on, for a PDF (1 for the first); `None` for other formats.
    pub page: Option<u32>,
}

/// A data type an app collects or shares, with its classification and evidence.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
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
    /// An item of type `ty` with nothing filed under it yet.
    pub(crate) fn of_type(ty: &crate::lexicon::DataType) -> DataItem {
        DataItem {
            data_type: ty.canonical.clone(),
            category: ty.category.clone(),
            sensitive: ty.sensitive,
            reason: ty.reason.clone(),
            wording: vec![],
            evidence: vec![],
        }
    }

    /// File one more wording of the item (once each) and a clause that names it.
    pub(crate) fn file(&mut self, wording: String, evidence: Evidence) {
        if !self.wording.contains(&wording) {
            self.wording.push(wording);
        }
        push_evidence(&mut self.evidence, evidence);
    }

    /// File `other`'s wordings and clauses (an item of the same type) under this one.
    pub(crate) fn absorb(&mut self, other: DataItem) {
        for wording in other.wording {
            if !self.wording.contains(&wording) {
                self.wording.push(wording);
            }
        }
        for e in other.evidence {
            push_evidence(&mut self.evidence, e);
        }
    }
}

/// A parsed policy with its extraction.
pub struct Analysed<'a> {
    pub policy: &'a Policy,
    pub extraction: &'a Extraction,
}

/// Add every data item of `practice` to `items`, each citing the practice's clause.
pub(crate) fn add_practice_data(
    items: &mut BTreeMap<String, DataItem>,
    a: &Analysed,
    practice: &Practice,
    lexicon: &Lexicon,
) {
    for &d in &practice.data {
        let span = &a.extraction.spans[d];
        if is_reference(a, span, lexicon) {
            // `我们会收集并使用下列信息：` followed by a list, `我们会将上述信息…用于…`: the
            // data is what the reference points at, each item cited with its own clause after
            // the clause that states the practice.
            let lead = evidence(a, practice, span.span);
            for si in referents(a, practice.sentence, span, lexicon) {
                let mut found = BTreeMap::new();
                data_of_clause(&mut found, a, si, lexicon);
                file_with_lead(items, found, &lead);
            }
            continue;
        }
        add_data_item(items, a, span, evidence(a, practice, span.span), lexicon);
        // `…收集您的设备信息。设备信息包括…`: what the clauses after it define it as, each
        // item cited with its own clause after the clause that states the practice.
        for si in definitions_of(a, practice.sentence, span) {
            let lead = evidence(a, practice, span.span);
            let mut found = BTreeMap::new();
            data_of_clause(&mut found, a, si, lexicon);
            file_with_lead(items, found, &lead);
        }
    }
}

/// File the items `found` in other clauses under `items`, each citing `lead` (the clause that
/// states the practice) before its own clause.
fn file_with_lead(
    items: &mut BTreeMap<String, DataItem>,
    found: BTreeMap<String, DataItem>,
    lead: &Evidence,
) {
    for (name, item) in found {
        let entry = items.entry(name).or_insert_with(|| DataItem {
            evidence: vec![],
            wording: vec![],
            ..item.clone()
        });
        push_evidence(&mut entry.evidence, lead.clone());
        entry.absorb(item);
    }
}

/// Whether a data span only points at data named elsewhere (`上述信息`, `下列信息`, `以上个人信息`):
/// it names no data type and holds a reference word.
pub(crate) fn is_reference(a: &Analysed, span: &Extracted, lexicon: &Lexicon) -> bool {
    if !span.data_types.is_empty() || span.data_type.is_some() {
        return false;
    }
    let text = reference_words(a, span, lexicon);
    text.chars().count() <= 8
        && lexicon
            .cues("data_reference")
            .iter()
            .any(|w| text.starts_with(&normalize(w)))
}

/// A data span's words, with the reference word right before it that the labeller left out
/// (比亚迪汽车's `我们还可能收集您的以下[数据]：` followed by the list: the items were collected by no
/// practice): what [`is_reference`] and [`referents`] read.
fn reference_words(a: &Analysed, span: &Extracted, lexicon: &Lexicon) -> String {
    let text = normalize(&a.policy.visible_text(span.span));
    let before = normalize(&a.policy.visible_text(Span::new(
        span.span.start.saturating_sub(4),
        span.span.start,
    )));
    let before = before.strip_suffix('的').unwrap_or(&before);
    // (Forward ones only: a `这些` or `上述` before a span is as often part of a longer phrase
    // whose back-reference the labeller meant to leave out.)
    lexicon
        .cues("data_reference")
        .iter()
        .map(|w| normalize(w))
        .filter(|w| FORWARD_REFERENCES.contains(&w.as_str()))
        .filter(|w| !text.starts_with(w.as_str()) && before.ends_with(w.as_str()))
        .max_by_key(|w| w.len())
        .map_or(text.clone(), |w| format!("{w}{text}"))
}

/// Reference words that point at the list after their clause (`下列信息：（1）…`).
const FORWARD_REFERENCES: [&str; 3] = ["以下", "下列", "如下"];

/// Words with which a clause refers to data the clauses before it name.
pub(crate) const BACK_REFERENCES: [&str; 6] = [
    "上述信息",
    "上述个人信息",
    "以上信息",
    "前述信息",
    "上述数据",
    "该等信息",
];

/// How many clauses back a reference like `上述信息` may point, within its section.
pub(crate) const REFERENCE_REACH: usize = 6;

/// The clauses whose data the reference `span` in sentence `si` points at: the list items a
/// clause ending in `：` leads into (`下列信息：（1）…（2）…`), else the clauses before it in
/// the same section (`上述信息`), nearest first, at most [`REFERENCE_REACH`] — none when the
/// clause names data of its own before the reference or is a numbered item.
pub(crate) fn referents(
    a: &Analysed,
    si: usize,
    span: &Extracted,
    lexicon: &Lexicon,
) -> Vec<usize> {
    let text = reference_words(a, span, lexicon);
    let forward = FORWARD_REFERENCES.iter().any(|w| text.starts_with(w));
    if forward {
        let mut items = list_after(a, si);
        if items.is_empty() {
            // (Data items only: a purpose list's lead, `用于：`, is read by `list_after` alone.)
            items = unmarked_items_after(a, si);
        }
        return items.into_iter().map(|(i, _)| i).collect();
    }
    let sentences = &a.policy.sentences;
    // A clause that names data before the reference (`开启日历权限…我们会收集上述信息`), or
    // that is a numbered item of its own (`3、日历权限…`), refers to what it says itself: the
    // items before it are other features.
    let own_data = |e: &Extracted| {
        e.label == Label::Data
            && e.data_type.is_some()
            && sentences[si].span.start <= e.span.start
            && e.span.end <= span.span.start
    };
    if a.extraction.spans.iter().any(own_data)
        || a.extraction.mentions.iter().any(own_data)
        || LIST_ITEM.is_match(&a.policy.visible_text(sentences[si].span))
    {
        return Vec::new();
    }
    let section = &a.policy.blocks[sentences[si].block].section;
    (si.saturating_sub(REFERENCE_REACH)..si)
        .rev()
        .take_while(|&i| a.policy.blocks[sentences[i].block].section == *section)
        .collect()
}

/// Words with which a clause defines the data it opens with (`设备信息包括…`, `日志信息指…`).
const DEFINING: [&str; 8] = [
    "包括",
    "包含",
    "主要包括",
    "具体包括",
    "是指",
    "指",
    "：",
    ":",
];

/// The clauses after sentence `si` in its section (at most [`REFERENCE_REACH`]) that open by
/// defining the data `span` names, in its own words: 小鹏汽车's 「为了保障产品/服务及您的账号安全…，
/// 我们会收集您的设备信息和服务日志信息。」 followed by 「设备信息包括设备品牌、型号…设备所在位置相关信息
/// …」 — the location is collected for that purpose too.
pub(crate) fn definitions_of(a: &Analysed, si: usize, span: &Extracted) -> Vec<usize> {
    let words = normalize(&a.policy.visible_text(span.span));
    let words = ["您的", "你的", "用户的"]
        .iter()
        .find_map(|w| words.strip_prefix(w))
        .unwrap_or(&words)
        .trim()
        .to_string();
    // (One name, not a list: each of a list's items would be defined on its own.)
    if words.chars().count() < 2 || words.contains(['、', '，', ',']) {
        return Vec::new();
    }
    let sentences = &a.policy.sentences;
    let section = &a.policy.blocks[sentences[si].block].section;
    (si + 1..sentences.len().min(si + 1 + REFERENCE_REACH))
        .take_while(|&i| a.policy.blocks[sentences[i].block].section == *section)
        .filter(|&i| {
            let text = normalize(&a.policy.visible_text(sentences[i].span));
            let text = LIST_ITEM
                .find(&text)
                .map_or(text.as_str(), |m| &text[m.end()..])
                .trim_start();
            text.strip_prefix(words.as_str())
                .is_some_and(|rest| DEFINING.iter().any(|d| rest.starts_with(d)))
        })
        .collect()
}

/// Sensitive first, then by category and name: what a reader should see first.
pub(crate) fn sort_items(items: &mut [DataItem]) {
    items.sort_by(|a, b| {
        (!a.sensitive, &a.category, &a.data_type).cmp(&(!b.sensitive, &b.category, &b.data_type))
    });
}

/// Add the data a span names to `items`, each type in the words of the list item that names
/// it, with `evidence`.
pub(crate) fn add_data_item(
    items: &mut BTreeMap<String, DataItem>,
    a: &Analysed,
    span: &Extracted,
    evidence: Evidence,
    lexicon: &Lexicon,
) {
    let whole = a.policy.visible_text(span.span);
    let mut types: Vec<&crate::lexicon::DataType> = span
        .data_types
        .iter()
        .filter_map(|c| lexicon.data_type(c))
        .collect();
    if types.is_empty() {
        types.extend(lexicon.data_type_named(&normalize(&whole)));
    }
    // Each type in the words of the list item that names it (`身份证照片` of
    // `姓名、手机号码、身份证照片…`), the whole span when no single item does.
    let pieces: Vec<String> = span
        .items
        .iter()
        .map(|p| a.policy.visible_text(*p))
        .collect();
    let wording_of = |t: &crate::lexicon::DataType| -> String {
        pieces
            .iter()
            .find(|p| {
                lexicon
                    .find_data(&normalize(p))
                    .iter()
                    .any(|m| lexicon.data_types()[m.type_index].canonical == t.canonical)
            })
            .cloned()
            .unwrap_or_else(|| whole.clone())
    };
    if types.is_empty()
        && lexicon
            .cues("data_reference")
            .iter()
            .any(|w| normalize(w) == normalize(&whole))
    {
        // `上述` alone: it points at data named elsewhere and tells a reader nothing.
        return;
    }
    let named: Vec<(String, String, bool, Option<String>, String)> = if types.is_empty() {
        vec![(
            whole.clone(),
            "未分类".to_string(),
            false,
            None,
            whole.clone(),
        )]
    } else {
        types
            .iter()
            .map(|t| {
                (
                    t.canonical.clone(),
                    t.category.clone(),
                    t.sensitive,
                    t.reason.clone(),
                    wording_of(t),
                )
            })
            .collect()
    };
    for (name, category, sensitive, reason, wording) in named {
        let item = items.entry(name.clone()).or_insert_with(|| DataItem {
            data_type: name,
            category,
            sensitive,
            reason,
            wording: vec![],
            evidence: vec![],
        });
        // The evidence cites the whole list the item stands in.
        item.file(wording, evidence.clone());
    }
}

/// The data clause `si` of `a` names, with the clause as evidence: its labelled data spans,
/// else its lexicon mentions.
pub(crate) fn data_of_clause(
    items: &mut BTreeMap<String, DataItem>,
    a: &Analysed,
    si: usize,
    lexicon: &Lexicon,
) {
    data_of_clause_where(items, a, si, lexicon, |_| true);
}

/// [`data_of_clause`], keeping only the data whose span `keep` accepts.
pub(crate) fn data_of_clause_where(
    items: &mut BTreeMap<String, DataItem>,
    a: &Analysed,
    si: usize,
    lexicon: &Lexicon,
    keep: impl Fn(Span) -> bool,
) {
    let sentence = a.policy.sentences[si];
    let action = a
        .extraction
        .practices
        .iter()
        .find(|p| p.sentence == si)
        .map_or(Label::Collect, |p| p.action);
    let inside = |e: &&Extracted| {
        e.label == Label::Data
            && sentence.span.start <= e.span.start
            && e.span.end <= sentence.span.end
            && keep(e.span)
    };
    let mut spans: Vec<&Extracted> = a.extraction.spans.iter().filter(inside).collect();
    if spans.is_empty() {
        spans = a.extraction.mentions.iter().filter(inside).collect();
    }
    for span in spans {
        add_data_item(
            items,
            a,
            span,
            evidence_in(a, si, action, span.span),
            lexicon,
        );
    }
}

pub(crate) fn evidence(a: &Analysed, practice: &Practice, item: Span) -> Evidence {
    evidence_in(a, practice.sentence, practice.action, item)
}

/// Evidence citing sentence `si` of `a`'s policy for `item`.
pub(crate) fn evidence_in(a: &Analysed, si: usize, action: Label, item: Span) -> Evidence {
    let sentence = a.policy.sentences[si];
    Evidence {
        policy_id: a.policy.id.clone(),
        section: a.policy.blocks[sentence.block].section_path(),
        clause: a.policy.visible_text(sentence.span),
        clause_span: sentence.span,
        item_span: item,
        bold: a.policy.is_bold(sentence.span),
        action,
        page: a.policy.page_of(sentence.span.start),
    }
}

/// Evidence citing a receiver record (chars `record` of `a`'s policy) for `item`.
pub(crate) fn record_evidence(a: &Analysed, record: Span, item: Span) -> Evidence {
    let block = a
        .policy
        .blocks
        .partition_point(|b| b.span.end <= record.start)
        .min(a.policy.blocks.len().saturating_sub(1));
    Evidence {
        policy_id: a.policy.id.clone(),
        section: a
            .policy
            .blocks
            .get(block)
            .map(|b| b.section_path())
            .unwrap_or_default(),
        clause: a.policy.visible_text(record),
        clause_span: record,
        item_span: item,
        bold: a.policy.is_bold(record),
        action: Label::Share,
        page: a.policy.page_of(record.start),
    }
}

/// Add evidence unless the same clause is already cited.
pub(crate) fn push_evidence(list: &mut Vec<Evidence>, e: Evidence) {
    if !list
        .iter()
        .any(|x| x.policy_id == e.policy_id && x.clause_span == e.clause_span)
    {
        list.push(e);
    }
}

/// A list item's opening: `（2）`, `(2)`, `2、`, `2.`, `①`, `•`.
/// The items after the lead `si` when the page lost their bullets: paragraphs of their own,
/// right after the lead's (which the lead ends), each ending with `；` — and a last one with
/// `。` — all their clauses (比亚迪汽车's `我们还可能收集您的以下数据：` / `⇥用于车辆控制业务的车辆
/// 数据类：…行驶轨迹数据…；` / `⇥用于应用安全检测需要手机数据类：…；`).
fn unmarked_items_after(a: &Analysed, si: usize) -> Vec<(usize, String)> {
    let sentences = &a.policy.sentences;
    let lead_block = sentences[si].block;
    if sentences
        .get(si + 1)
        .is_none_or(|next| next.block == lead_block)
    {
        return Vec::new();
    }
    let mut items = Vec::new();
    let mut i = si + 1;
    for _ in 0..12 {
        let Some(first) = sentences.get(i) else {
            break;
        };
        let block = first.block;
        if a.policy.blocks[block].is_heading() {
            break;
        }
        let end = (i..sentences.len())
            .find(|&k| sentences[k].block != block)
            .unwrap_or(sentences.len());
        let last = a.policy.visible_text(sentences[end - 1].span);
        let last = last.trim_end();
        let continues = last.ends_with(['；', ';']);
        let ends_the_list = last.ends_with('。') && !items.is_empty();
        if !(continues || ends_the_list) {
            break;
        }
        for (k, sentence) in sentences.iter().enumerate().take(end).skip(i) {
            let text = a.policy.visible_text(sentence.span);
            let item = text.trim().trim_end_matches(['；', ';', '。']).to_string();
            if !item.is_empty() {
                items.push((k, item));
            }
        }
        if !continues {
            break;
        }
        i = end;
    }
    items
}

pub(crate) static LIST_ITEM: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r"^\s*(?:[（(][0-9一二三四五六七八九十]{1,3}[)）]|[0-9]{1,2}[.、．]|[①-⑳]|[•·▪●\-])",
    )
    .expect("a valid pattern")
});

/// The items of the list sentence `si` of `a` leads into (it ends with `：`): the sentences
/// right after it that open as list items, each as the reader sees it without its number —
/// at most twelve.
pub(crate) fn list_after(a: &Analysed, si: usize) -> Vec<(usize, String)> {
    let sentences = &a.policy.sentences;
    let lead = a.policy.visible_text(sentences[si].span);
    if !lead.trim_end().ends_with(['：', ':']) {
        return Vec::new();
    }
    let mut items = Vec::new();
    for (i, s) in sentences.iter().enumerate().skip(si + 1).take(12) {
        let text = a.policy.visible_text(s.span);
        let Some(m) = LIST_ITEM.find(&text) else {
            break;
        };
        // (`1.5 …` is a section number, not an item.)
        if text[m.end()..].starts_with(|c: char| c.is_ascii_digit()) {
            break;
        }
        let item = text[m.end()..]
            .trim()
            .trim_end_matches(['；', ';', '。', '，', ','])
            .to_string();
        if !item.is_empty() {
            items.push((i, item));
        }
    }
    items
}

/// The index of the sentence of `a` that holds char `at`.
pub(crate) fn sentence_at(a: &Analysed, at: usize) -> usize {
    a.policy
        .sentences
        .partition_point(|s| s.span.end <= at)
        .min(a.policy.sentences.len().saturating_sub(1))
}

/// Every data item `a`'s practices of an action `accept`s name, affirmed or conditional (never
/// negated), each with the purposes those practices state and at most `evidence_cap` clauses.
/// The one place that decides what a policy collects: [`data_summary`] and `ask` both call it.
pub(crate) fn practice_items(
    a: &Analysed,
    accept: impl Fn(Label) -> bool,
    evidence_cap: usize,
    lexicon: &Lexicon,
) -> BTreeMap<String, (DataItem, BTreeSet<String>)> {
    let mut items: BTreeMap<String, (DataItem, BTreeSet<String>)> = BTreeMap::new();
    for practice in &a.extraction.practices {
        if practice.modality == Modality::Negated || !accept(practice.action) {
            continue;
        }
        let mut found = BTreeMap::new();
        add_practice_data(&mut found, a, practice, lexicon);
        let purposes = stated_purposes(a, practice);
        for (name, item) in found {
            let (entry, entry_purposes) = items.entry(name).or_insert_with(|| {
                (
                    DataItem {
                        evidence: vec![],
                        wording: vec![],
                        ..item.clone()
                    },
                    BTreeSet::new(),
                )
            });
            for e in item.evidence {
                if entry.evidence.len() < evidence_cap {
                    push_evidence(&mut entry.evidence, e);
                }
            }
            for w in item.wording {
                if !entry.wording.contains(&w) {
                    entry.wording.push(w);
                }
            }
            entry_purposes.extend(purposes.iter().cloned());
        }
    }
    items
}

/// The data types `a`'s sharing practices name (not negated), each with a clause.
pub fn shared_types(a: &Analysed, lexicon: &Lexicon) -> BTreeMap<String, Vec<Evidence>> {
    practice_items(a, |l| l == Label::Share, 1, lexicon)
        .into_iter()
        .map(|(name, (item, _))| (name, item.evidence))
        .collect()
}

/// The data types `a` says it does not collect or share (`我们不会收集您的指纹信息`), each
/// with the clause that says so.
pub fn negated_types(a: &Analysed, lexicon: &Lexicon) -> BTreeMap<String, Vec<Evidence>> {
    let mut found: BTreeMap<String, DataItem> = BTreeMap::new();
    let mut by_mention: BTreeMap<String, Vec<Evidence>> = BTreeMap::new();
    for practice in &a.extraction.practices {
        if practice.modality != Modality::Negated {
            continue;
        }
        if !practice.data.is_empty() {
            add_practice_data(&mut found, a, practice, lexicon);
            continue;
        }
        // A negation whose data the labeller did not mark (`我们不会收集您的指纹信息`): the
        // types the lexicon finds in its clause.
        let sentence = a.policy.sentences[practice.sentence].span;
        for m in &a.extraction.mentions {
            if let Some(name) = m.data_type.as_ref().filter(|_| sentence.contains(m.span)) {
                by_mention.entry(name.clone()).or_insert_with(|| {
                    vec![evidence_in(a, practice.sentence, practice.action, m.span)]
                });
            }
        }
    }
    let mut types: BTreeMap<String, Vec<Evidence>> = found
        .into_iter()
        .map(|(name, item)| (name, item.evidence.into_iter().take(1).collect()))
        .collect();
    for (name, evidence) in by_mention {
        types.entry(name).or_insert(evidence);
    }
    types
}

/// The longest purpose phrase shown as the policy words it, when no known purpose names it.
const PURPOSE_WORDS_SHOWN: usize = 24;

/// What `practice` says its data is for: the known purposes its purpose phrase names, else the
/// phrase itself (short ones only: a long phrase is a clause, not a purpose).
fn stated_purposes(a: &Analysed, practice: &Practice) -> Vec<String> {
    let Some(p) = practice.purpose else {
        return Vec::new();
    };
    let span = &a.extraction.spans[p];
    if !span.purposes.is_empty() {
        return span.purposes.clone();
    }
    let words = a.policy.visible_text(span.span);
    let words = words.trim();
    if words.is_empty() || words.chars().count() > PURPOSE_WORDS_SHOWN {
        return Vec::new();
    }
    vec![words.to_string()]
}

/// Clauses cited per summary item: enough to show where, few enough for a 30 MB policy.
pub const SUMMARY_EVIDENCE: usize = 3;

/// One data type in a policy's summary.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SummaryEntry {
    /// The lexicon's canonical name (`精确位置信息`).
    pub data_type: String,
    pub category: String,
    pub sensitive: bool,
    /// Why it is sensitive (the lexicon's note), when it is.
    pub reason: Option<String>,
    /// Collected in an affirmed or conditional practice; `false`: only mentioned (a
    /// definition, an example, a negation, a sentence that states no practice).
    pub collected: bool,
    /// What the collecting practices say it is for (known purposes, else the policy's words).
    pub purposes: Vec<String>,
    /// How the policy words it where it collects it (`GPS 位置`).
    pub wording: Vec<String>,
    /// How many times the policy names it (highlighted mentions).
    pub mentions: usize,
    /// The clauses that collect it (at most [`SUMMARY_EVIDENCE`]); for an item only mentioned,
    /// the clause of its first mention.
    pub evidence: Vec<Evidence>,
}

/// What one policy collects and mentions, one entry per data type.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DataSummary {
    /// Collected first, sensitive first, then by category and name.
    pub items: Vec<SummaryEntry>,
}

impl DataSummary {
    /// The entries collected.
    pub fn collected(&self) -> impl Iterator<Item = &SummaryEntry> {
        self.items.iter().filter(|i| i.collected)
    }

    /// The entries only mentioned.
    pub fn mentioned(&self) -> impl Iterator<Item = &SummaryEntry> {
        self.items.iter().filter(|i| !i.collected)
    }

    /// The sensitive types the policy collects (canonical names, sorted): what `list` counts.
    pub fn sensitive_collected(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .collected()
            .filter(|i| i.sensitive)
            .map(|i| i.data_type.clone())
            .collect();
        names.sort();
        names
    }

    /// The entries grouped by category: categories holding sensitive collected items first,
    /// then those holding collected ones, then by name; entries in their summary order.
    pub fn by_category(&self) -> Vec<(String, Vec<&SummaryEntry>)> {
        let mut groups: BTreeMap<&str, Vec<&SummaryEntry>> = BTreeMap::new();
        for i in &self.items {
            groups.entry(&i.category).or_default().push(i);
        }
        let mut groups: Vec<(String, Vec<&SummaryEntry>)> = groups
            .into_iter()
            .map(|(c, items)| (c.to_string(), items))
            .collect();
        groups.sort_by_key(|(_, items)| {
            (
                !items.iter().any(|i| i.collected && i.sensitive),
                !items.iter().any(|i| i.collected),
            )
        });
        groups
    }
}

/// The summary of what `policy` collects: every type its collecting practices name (through
/// [`practice_items`], as `ask` reads them), then every other type it mentions.
pub fn data_summary(policy: &Policy, extraction: &Extraction, lexicon: &Lexicon) -> DataSummary {
    let a = Analysed { policy, extraction };
    let collected = practice_items(&a, |l| l == Label::Collect, SUMMARY_EVIDENCE, lexicon);
    let types: std::collections::HashMap<&str, &crate::lexicon::DataType> = lexicon
        .data_types()
        .iter()
        .map(|t| (t.canonical.as_str(), t))
        .collect();
    // Mentions per type as the reader highlights them, and the first one's place.
    let mut mentions: BTreeMap<String, (usize, Span)> = BTreeMap::new();
    for m in highlighted_mentions(extraction) {
        let Some(ty) = m.data_type.as_deref().and_then(|name| types.get(name)) else {
            continue;
        };
        mentions
            .entry(ty.canonical.clone())
            .and_modify(|(n, first)| {
                *n += 1;
                *first = (*first).min(m.span);
            })
            .or_insert((1, m.span));
    }
    let mut items: Vec<SummaryEntry> = Vec::new();
    for (name, (item, purposes)) in collected {
        // Words no lexicon type names (`未分类`) are answers to a question, not summary types.
        if !types.contains_key(name.as_str()) {
            continue;
        }
        items.push(SummaryEntry {
            mentions: mentions.get(&name).map_or(0, |&(n, _)| n),
            data_type: item.data_type,
            category: item.category,
            sensitive: item.sensitive,
            reason: item.reason,
            collected: true,
            purposes: purposes.into_iter().collect(),
            wording: item.wording,
            evidence: item.evidence,
        });
    }
    for (name, (count, first)) in mentions {
        if items.iter().any(|i| i.data_type == name) {
            continue;
        }
        let Some(ty) = types.get(name.as_str()) else {
            continue;
        };
        let si = sentence_at(&a, first.start);
        items.push(SummaryEntry {
            data_type: ty.canonical.clone(),
            category: ty.category.clone(),
            sensitive: ty.sensitive,
            reason: ty.reason.clone(),
            collected: false,
            purposes: Vec::new(),
            wording: Vec::new(),
            mentions: count,
            evidence: if policy.sentences.is_empty() {
                Vec::new()
            } else {
                vec![evidence_in(&a, si, Label::Data, first)]
            },
        });
    }
    items.sort_by(|x, y| {
        (!x.collected, !x.sensitive, &x.category, &x.data_type).cmp(&(
            !y.collected,
            !y.sensitive,
            &y.category,
            &y.data_type,
        ))
    });
    DataSummary { items }
}

/// The data mentions a reader sees highlighted, each once: the lexicon's mentions, then the
/// typed data spans that overlap none of them (a span never covers another highlight).
pub fn highlighted_mentions(extraction: &Extraction) -> Vec<&Extracted> {
    let mut shown = Vec::new();
    // Mentions shown so far, which never overlap one another: of those starting before a
    // span's end, the last one reaches furthest, so it alone decides an overlap.
    let mut seen: BTreeSet<Span> = BTreeSet::new();
    for m in extraction.mentions.iter().chain(
        extraction
            .spans
            .iter()
            .filter(|s| s.label == Label::Data && s.data_type.is_some()),
    ) {
        let last_before_end = seen
            .range(
                ..Span {
                    start: m.span.end,
                    end: 0,
                },
            )
            .next_back();
        if last_before_end.is_some_and(|s| s.overlaps(m.span)) || m.data_type.is_none() {
            continue;
        }
        seen.insert(m.span);
        shown.push(m);
    }
    shown
}
