//! The reader's view of a policy, for the desktop UI: the original text, its blocks, emphasis,
//! data mentions and practice marks, and a per-category summary — with every offset in UTF-16
//! code units, because the UI slices JavaScript strings.
//!
//! The core speaks char offsets everywhere; [`Utf16Offsets`] is the one place they are converted
//! for the UI, both ways (a note's selection comes back in UTF-16).
use serde::Serialize;

use crate::document::{BlockKind, EmphasisKind, Policy, Span};
use crate::extract::{Extraction, Label};
use crate::lexicon::Lexicon;

/// Char offset ↔ UTF-16 offset for one text.
pub struct Utf16Offsets {
    /// UTF-16 offset of each char, plus the total length at the end.
    utf16_of_char: Vec<usize>,
}

impl Utf16Offsets {
    pub fn new(text: &str) -> Self {
        let mut utf16_of_char = Vec::with_capacity(text.len() / 2 + 1);
        let mut at = 0;
        for c in text.chars() {
            utf16_of_char.push(at);
            at += c.len_utf16();
        }
        utf16_of_char.push(at);
        Utf16Offsets { utf16_of_char }
    }

    /// The UTF-16 offset of char offset `c` (clamped to the end).
    pub fn utf16(&self, c: usize) -> usize {
        self.utf16_of_char[c.min(self.utf16_of_char.len() - 1)]
    }

    pub fn span(&self, s: Span) -> Span {
        Span::new(self.utf16(s.start), self.utf16(s.end))
    }

    /// The char offset of UTF-16 offset `u`; an offset inside a surrogate pair maps to its char.
    pub fn char_of(&self, u: usize) -> usize {
        match self.utf16_of_char.binary_search(&u) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    /// A UTF-16 span from the UI → a char span.
    pub fn char_span(&self, s: Span) -> Span {
        let start = self.char_of(s.start);
        Span::new(start, self.char_of(s.end).max(start))
    }
}

/// What kind of block a [`ViewBlock`] is (the core's [`BlockKind`] without its fields).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ViewBlockKind {
    Heading,
    Paragraph,
    ListItem,
    TableCell,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ViewBlock {
    pub kind: ViewBlockKind,
    /// Headings only; 1 is the outermost.
    pub level: Option<u8>,
    pub span: Span,
    pub section: Vec<String>,
    /// Where a table cell sits (`kind` is `table_cell`); the UI draws a table's cells as one table.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub cell: Option<ViewCell>,
}

/// A table cell's place: the policy's `table`-th table, its row and column.
#[derive(Debug, Clone, Copy, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ViewCell {
    pub table: u32,
    pub row: u32,
    pub col: u32,
    pub header: bool,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Mention {
    pub span: Span,
    pub data_type: String,
    pub category: String,
    pub sensitive: bool,
    pub reason: Option<String>,
    /// Part of a collect/share practice (not just mentioned).
    pub practice: bool,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Marked {
    pub span: Span,
    /// `purpose`, `condition`, `handler`, `collect` or `share` (data and subjects are not marked).
    pub label: Label,
    pub purposes: Vec<String>,
}

/// One data type of the policy's summary ([`crate::collected::data_summary`], the same for
/// `list`, `report` and `ask`).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SummaryItem {
    pub data_type: String,
    pub sensitive: bool,
    pub reason: Option<String>,
    /// Collected in a practice; `false`: only mentioned (a definition, an example, a negation).
    pub collected: bool,
    /// What the policy says it is collected for.
    pub purposes: Vec<String>,
    /// How many times the policy names it.
    pub count: usize,
    /// Where it is first collected (else first mentioned): the item, and its clause.
    pub first: Span,
    pub clause: Span,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CategorySummary {
    pub category: String,
    pub items: Vec<SummaryItem>,
}

/// Everything the reader renders. Offsets are UTF-16 code units into `text`.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PolicyView {
    pub id: String,
    pub app: Option<String>,
    pub title: Option<String>,
    pub operator: Option<String>,
    pub updated: Option<String>,
    pub effective: Option<String>,
    pub text: String,
    pub blocks: Vec<ViewBlock>,
    pub hidden: Vec<Span>,
    pub soft_breaks: Vec<Span>,
    pub bold: Vec<Span>,
    pub underline: Vec<Span>,
    pub color: Vec<Span>,
    pub mentions: Vec<Mention>,
    pub marked: Vec<Marked>,
    pub summary: Vec<CategorySummary>,
}

/// Build the reader's view of `policy` from its extraction.
pub fn policy_view(policy: &Policy, extraction: &Extraction, lexicon: &Lexicon) -> PolicyView {
    let u = Utf16Offsets::new(&policy.text);
    let emphasis = |kind: EmphasisKind| -> Vec<Span> {
        policy
            .emphasis
            .iter()
            .filter(|e| e.kind == kind)
            .map(|e| u.span(e.span))
            .collect()
    };
    // Overlap checks below are per mention: binary searches, not scans over every span seen,
    // which made views of large policies quadratic in the number of mentions.
    let mut practice_spans: Vec<Span> = extraction
        .spans
        .iter()
        .filter(|s| s.label == Label::Data)
        .map(|s| s.span)
        .collect();
    practice_spans.sort();
    // practice_max_end[i]: the largest end among practice_spans[..=i] (spans may nest).
    let practice_max_end: Vec<usize> = practice_spans
        .iter()
        .scan(0, |max, s| {
            *max = s.end.max(*max);
            Some(*max)
        })
        .collect();
    let overlaps_practice = |m: Span| {
        let to = practice_spans.partition_point(|p| p.start < m.end);
        let from = practice_max_end[..to].partition_point(|&end| end <= m.start);
        practice_spans[from..to].iter().any(|p| p.overlaps(m))
    };
    let mut mentions: Vec<Mention> = Vec::new();
    for m in crate::collected::highlighted_mentions(extraction) {
        let Some(ty) = m.data_type.as_deref().and_then(|c| lexicon.data_type(c)) else {
            continue;
        };
        let practice = overlaps_practice(m.span);
        mentions.push(Mention {
            span: u.span(m.span),
            data_type: ty.canonical.clone(),
            category: ty.category.clone(),
            sensitive: ty.sensitive,
            reason: ty.reason.clone(),
            practice,
        });
    }
    mentions.sort_by_key(|m| m.span);
    let summary: Vec<CategorySummary> = crate::collected::data_summary(policy, extraction, lexicon)
        .by_category()
        .into_iter()
        .map(|(category, items)| CategorySummary {
            category,
            items: items
                .into_iter()
                .map(|i| {
                    let (first, clause) = i
                        .evidence
                        .first()
                        .map_or((Span::new(0, 0), Span::new(0, 0)), |e| {
                            (u.span(e.item_span), u.span(e.clause_span))
                        });
                    SummaryItem {
                        data_type: i.data_type.clone(),
                        sensitive: i.sensitive,
                        reason: i.reason.clone(),
                        collected: i.collected,
                        purposes: i.purposes.clone(),
                        count: i.mentions.max(1),
                        first,
                        clause,
                    }
                })
                .collect(),
        })
        .collect();
    let marked = extraction
        .spans
        .iter()
        .filter(|s| s.label != Label::Data && s.label != Label::Subject)
        .map(|s| Marked {
            span: u.span(s.span),
            label: s.label,
            purposes: s.purposes.clone(),
        })
        .collect();
    PolicyView {
        id: policy.id.clone(),
        app: policy.app.clone(),
        title: policy.title.clone(),
        operator: policy.operator.clone(),
        updated: policy.updated.clone(),
        effective: policy.effective.clone(),
        blocks: policy
            .blocks
            .iter()
            .map(|b| ViewBlock {
                kind: match b.kind {
                    BlockKind::Heading { .. } => ViewBlockKind::Heading,
                    BlockKind::Paragraph => ViewBlockKind::Paragraph,
                    BlockKind::ListItem => ViewBlockKind::ListItem,
                    BlockKind::TableCell { .. } => ViewBlockKind::TableCell,
                },
                level: match b.kind {
                    BlockKind::Heading { level } => Some(level),
                    _ => None,
                },
                span: u.span(b.span),
                section: b.section.to_vec(),
                cell: match b.kind {
                    BlockKind::TableCell {
                        table,
                        row,
                        col,
                        header,
                    } => Some(ViewCell {
                        table,
                        row,
                        col,
                        header,
                    }),
                    _ => None,
                },
            })
            .collect(),
        hidden: policy.hidden.iter().map(|s| u.span(*s)).collect(),
        soft_breaks: policy.soft_breaks.iter().map(|s| u.span(*s)).collect(),
        bold: emphasis(EmphasisKind::Bold),
        underline: emphasis(EmphasisKind::Underline),
        color: emphasis(EmphasisKind::Color),
        mentions,
        marked,
        summary,
        text: policy.text.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_offsets_count_surrogate_pairs() {
        // `𠀀` (U+20000) is two UTF-16 units; `用` one.
        let u = Utf16Offsets::new("用𠀀户");
        assert_eq!(u.utf16(0), 0);
        assert_eq!(u.utf16(1), 1);
        assert_eq!(u.utf16(2), 3);
        assert_eq!(u.utf16(3), 4);
        assert_eq!(u.char_span(Span::new(1, 4)), Span::new(1, 3));
        // An offset inside the pair maps to its char.
        assert_eq!(u.char_of(2), 1);
        for c in 0..=3 {
            assert_eq!(u.char_of(u.utf16(c)), c);
        }
    }

    #[test]
    fn view_of_a_bundled_policy_has_sensitive_mentions_and_a_summary() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("policies/huajian.txt");
        let policy = crate::parse::parse_file(&path, &Default::default()).unwrap();
        let extraction = crate::extract::extract(&policy);
        let view = policy_view(&policy, &extraction, Lexicon::builtin());
        let text16: Vec<u16> = view.text.encode_utf16().collect();
        let face = view
            .mentions
            .iter()
            .find(|m| m.category == "个人生物识别信息")
            .expect("a biometric mention");
        assert!(face.sensitive && face.reason.is_some());
        let quoted = String::from_utf16(&text16[face.span.start..face.span.end]).unwrap();
        assert!(!quoted.is_empty());
        assert!(view.summary[0].items.iter().any(|i| i.sensitive));
        assert_eq!(view.blocks.len(), policy.blocks.len());
    }
}
