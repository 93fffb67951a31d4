//! The document model every later stage works on.
//!
//! A [`Policy`] keeps the **original decoded text** of a file and describes it with ranges
//! ([`Span`]) over that text, in Unicode scalar (char) offsets. Nothing here copies or rewrites the
//! text: blocks, sentences, emphasis and soft breaks are all views into it, so a highlight, a search
//! hit, an extracted item and a note can always be shown exactly where they are in the original.
//!
//! Normalized text (see [`crate::normalize`]) has the same number of chars as the original, so a
//! span computed on normalized text is valid on the original without conversion.
use serde::{Deserialize, Serialize};

/// A half-open range `start..end` of Unicode scalar (char) offsets into a policy's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end, "span {start}..{end} is reversed");
        Span { start, end }
    }
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// What kind of structural unit a block is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum BlockKind {
    /// A heading; level 1 is the outermost.
    Heading {
        level: u8,
    },
    Paragraph,
    ListItem,
    TableCell,
}

/// A heading, paragraph, list item or table cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Block {
    pub kind: BlockKind,
    /// The block's visible content (for Markdown: without `#`/list markers).
    pub span: Span,
    /// Titles of the headings this block sits under, outermost first. A heading's own path ends
    /// with itself.
    pub section: Vec<String>,
}

impl Block {
    pub fn is_heading(&self) -> bool {
        matches!(self.kind, BlockKind::Heading { .. })
    }
    /// The section path joined for display: `一、… › （一）… › 1.1 …`.
    pub fn section_path(&self) -> String {
        self.section.join(" › ")
    }
}

/// A sentence or clause, split on `。；！？` and line structure, never inside brackets or quotes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    pub span: Span,
    /// Index into [`Policy::blocks`].
    pub block: usize,
}

/// How a policy marks a passage as conspicuous (Chinese rules ask sensitive clauses to be marked
/// 加粗、下划线 or 颜色).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EmphasisKind {
    Bold,
    Underline,
    Color,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Emphasis {
    pub kind: EmphasisKind,
    pub span: Span,
}

/// The file format a policy was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// Plain text, including text extracted from PDFs.
    Text,
    Markdown,
    Html,
}

impl Format {
    pub fn as_str(&self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::Html => "html",
        }
    }
}

/// Where a policy came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// The path as given by the user.
    pub path: String,
    pub format: Format,
    /// The encoding the bytes were decoded from (`UTF-8`, `GB18030`, `UTF-16LE` …).
    pub encoding: String,
}

/// One privacy policy, parsed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Policy {
    /// Content hash (BLAKE3 of the decoded text, hex, 16 chars): the same policy in another
    /// encoding has the same id.
    pub id: String,
    pub app: Option<String>,
    pub operator: Option<String>,
    pub title: Option<String>,
    /// `YYYY-MM-DD` when the policy states it.
    pub updated: Option<String>,
    pub effective: Option<String>,
    pub source: Source,
    /// The original decoded text. For plain text and Markdown this is the file's content exactly
    /// (minus a BOM); for HTML it is the page's visible text (tags dropped, entities decoded, one
    /// line per block), since raw HTML is not text a reader sees.
    pub text: String,
    pub blocks: Vec<Block>,
    pub sentences: Vec<Sentence>,
    pub emphasis: Vec<Emphasis>,
    /// Line breaks (with the blank lines and indentation around them) that fall inside a sentence
    /// because of hard wrapping: read them as nothing.
    pub soft_breaks: Vec<Span>,
    /// Markup inside blocks that a reader should not see (Markdown `**`, link targets, inline
    /// HTML tags).
    pub hidden: Vec<Span>,
}

impl Policy {
    /// The original text of `span`, exactly.
    pub fn slice(&self, span: Span) -> &str {
        slice_chars(&self.text, span)
    }

    /// Number of chars in the text.
    pub fn char_len(&self) -> usize {
        self.text.chars().count()
    }

    /// The block containing char offset `at`, if any.
    pub fn block_at(&self, at: usize) -> Option<usize> {
        let i = self.blocks.partition_point(|b| b.span.end <= at);
        (i < self.blocks.len() && self.blocks[i].span.start <= at).then_some(i)
    }

    /// Whether `span` overlaps bold emphasis.
    pub fn is_bold(&self, span: Span) -> bool {
        self.emphasis
            .iter()
            .any(|e| e.kind == EmphasisKind::Bold && e.span.overlaps(span))
    }

    /// The original chars of `span` a reader sees, with their offsets: soft breaks and hidden
    /// markup are skipped, except that a soft break between two ASCII letters or digits reads as
    /// one space (wrapped English text).
    pub fn visible_chars(&self, span: Span) -> impl Iterator<Item = (usize, char)> + '_ {
        let mut skip: Vec<Span> = self
            .soft_breaks
            .iter()
            .chain(self.hidden.iter())
            .filter(|s| s.overlaps(span))
            .copied()
            .collect();
        skip.sort();
        let chars: Vec<char> = self
            .text
            .chars()
            .skip(span.start)
            .take(span.len())
            .collect();
        let mut out = Vec::with_capacity(chars.len());
        let mut k = 0;
        let mut i = 0;
        while i < chars.len() {
            let at = span.start + i;
            while k < skip.len() && skip[k].end <= at {
                k += 1;
            }
            if k < skip.len() && skip[k].start <= at {
                let end = skip[k].end.min(span.end);
                let is_soft = self.soft_breaks.binary_search(&skip[k]).is_ok();
                let before = i.checked_sub(1).map(|j| chars[j]);
                let after = chars.get(end - span.start).copied();
                if is_soft
                    && before.is_some_and(|c| c.is_ascii_alphanumeric())
                    && after.is_some_and(|c| c.is_ascii_alphanumeric())
                {
                    out.push((at, ' '));
                }
                i = end - span.start;
                continue;
            }
            out.push((at, chars[i]));
            i += 1;
        }
        out.into_iter()
    }

    /// The original text of `span` as a reader sees it (see [`Policy::visible_chars`]).
    pub fn visible_text(&self, span: Span) -> String {
        self.visible_chars(span).map(|(_, c)| c).collect()
    }

    /// The text a reader reads for `span`: soft breaks and hidden markup removed, normalized for
    /// matching, with the original offset of every char kept. This is the one place where
    /// "reading text" offsets are mapped back to original offsets.
    pub fn reading_view(&self, span: Span) -> ReadingView {
        ReadingView::build(self, span)
    }
}

/// A span's text as read: normalized, with soft breaks and hidden markup dropped. `origin[i]` is
/// the original char offset of char `i` of `text`.
#[derive(Debug, Clone)]
pub struct ReadingView {
    pub text: String,
    pub origin: Vec<usize>,
    /// Original end offset, for mapping an end that equals `text`'s length.
    pub end: usize,
}

impl ReadingView {
    fn build(policy: &Policy, span: Span) -> Self {
        let mut text = String::with_capacity(span.len() * 3);
        let mut origin = Vec::with_capacity(span.len());
        for (at, c) in policy.visible_chars(span) {
            text.push(crate::normalize::normalize_char(c));
            origin.push(at);
        }
        ReadingView {
            text,
            origin,
            end: span.end,
        }
    }

    /// Map a char range of the view back to an original span. The end maps to just after the
    /// original char of the view's last included char.
    pub fn to_original(&self, start: usize, end: usize) -> Span {
        let s = self.origin.get(start).copied().unwrap_or(self.end);
        let e = if end == 0 {
            s
        } else {
            self.origin.get(end - 1).map(|o| o + 1).unwrap_or(self.end)
        };
        Span::new(s, e.max(s))
    }
}

/// Slice `text` by char offsets.
pub fn slice_chars(text: &str, span: Span) -> &str {
    let mut indices = text.char_indices().map(|(b, _)| b).chain([text.len()]);
    let start = indices.nth(span.start).unwrap_or(text.len());
    let end = if span.end > span.start {
        indices.nth(span.end - span.start - 1).unwrap_or(text.len())
    } else {
        start
    };
    &text[start..end]
}

/// Byte offset → char offset table for one text, to convert many offsets cheaply.
pub struct CharIndex {
    /// byte offset of each char, plus the text length at the end.
    bytes: Vec<usize>,
}

impl CharIndex {
    pub fn new(text: &str) -> Self {
        let mut bytes: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        bytes.push(text.len());
        CharIndex { bytes }
    }
    /// Char offset of the char starting at (or containing) byte `b`.
    pub fn char_of(&self, b: usize) -> usize {
        match self.bytes.binary_search(&b) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }
    /// Byte offset of char `c`.
    pub fn byte_of(&self, c: usize) -> usize {
        self.bytes[c.min(self.bytes.len() - 1)]
    }
    pub fn char_len(&self) -> usize {
        self.bytes.len() - 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slice_chars_counts_chars_not_bytes() {
        let t = "快手a隐私";
        assert_eq!(slice_chars(t, Span::new(1, 4)), "手a隐");
        assert_eq!(slice_chars(t, Span::new(5, 5)), "");
        assert_eq!(slice_chars(t, Span::new(3, 5)), "隐私");
    }

    #[test]
    fn char_index_round_trips() {
        let t = "用户a信息";
        let ix = CharIndex::new(t);
        for c in 0..=ix.char_len() {
            assert_eq!(ix.char_of(ix.byte_of(c)), c);
        }
    }
}
