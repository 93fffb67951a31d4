//! The document model every later stage works on.
//!
//! A [`Policy`] keeps the **original decoded text** of a file and describes it with ranges
//! ([`Span`]) over that text, in Unicode scalar (char) offsets. Nothing here copies or rewrites the
//! text: blocks, sentences, emphasis and soft breaks are all views into it, so a highlight, a search
//! hit, an extracted item and a note can always be shown exactly where they are in the original.
//!
//! Normalized text (see [`crate::normalize`]) has the same number of chars as the original, so a
//! span computed on normalized text is valid on the original without conversion.
use std::borrow::Cow;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

/// A half-open range `start..end` of offsets into a policy's text: Unicode scalar (char) offsets
/// in the core; UTF-16 code units in the reader's view ([`crate::view`]) and wherever the desktop
/// app hands a span to its UI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
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
    /// A cell of the policy's `table`-th table (counted from 0 in text order): its row and
    /// column, and whether it is a header cell. A cell written over several lines may be
    /// several blocks with the same position.
    TableCell {
        table: u32,
        row: u32,
        col: u32,
        header: bool,
    },
}

impl BlockKind {
    pub fn is_table_cell(&self) -> bool {
        matches!(self, BlockKind::TableCell { .. })
    }
}

/// A heading, paragraph, list item or table cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Block {
    pub kind: BlockKind,
    /// The block's visible content (for Markdown: without `#`/list markers).
    pub span: Span,
    /// Titles of the headings this block sits under, outermost first. A heading's own path ends
    /// with itself. Shared by the blocks of one section (a long policy has hundreds of
    /// thousands of blocks, most under the same few titles).
    pub section: std::sync::Arc<[String]>,
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
    /// A Word document (`.docx`): its paragraphs' text, one per line, is the original.
    Docx,
    /// A PDF with a text layer: the text read from its pages, headers and footers left out,
    /// is the original.
    Pdf,
}

impl Format {
    pub fn as_str(&self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Docx => "docx",
            Format::Pdf => "pdf",
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
    /// Other names of the app: those the text gives it (`以下简称“…”`), and the package name a
    /// file was named after. Questions and `--app` find the app by any of them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
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
    /// For a PDF: the char offset where each page's text starts, page 1 first (see
    /// [`Policy::page_of`]). Empty for formats without pages.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pages: Vec<usize>,
    /// Lookup tables over the fields above, built on first use: callers map one span at a time
    /// (every extracted span, every sentence), and walking the text from its start for each made
    /// whole runs quadratic in the file's size.
    #[serde(skip)]
    pub(crate) index: TextIndex,
}

impl Policy {
    /// The page (1 for the first) a char offset falls on, for a paged document (PDF); `None`
    /// for other formats.
    pub fn page_of(&self, offset: usize) -> Option<u32> {
        if self.pages.is_empty() {
            return None;
        }
        let page = self.pages.partition_point(|&start| start <= offset).max(1);
        Some(page as u32)
    }

    /// The original text of `span`, exactly.
    pub fn slice(&self, span: Span) -> &str {
        let tables = self.tables();
        let start = tables.chars.byte_of(&self.text, span.start);
        let end = tables.chars.byte_of(&self.text, span.end.max(span.start));
        &self.text[start..end]
    }

    /// How many tables the policy's blocks hold.
    pub fn tables_count(&self) -> usize {
        let mut tables: Vec<u32> = self
            .blocks
            .iter()
            .filter_map(|b| match b.kind {
                BlockKind::TableCell { table, .. } => Some(table),
                _ => None,
            })
            .collect();
        tables.sort_unstable();
        tables.dedup();
        tables.len()
    }

    /// Number of chars in the text.
    pub fn char_len(&self) -> usize {
        self.tables().chars.char_len
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
        let skip = self.tables().skips_overlapping(span);
        // Lazily, with one char of look-ahead: a whole policy's reading view goes through
        // here, and collecting its chars first cost 20 bytes a char (57 MB of a 10 MB file's
        // import peak).
        let mut chars = self.slice(span).chars().peekable();
        let mut i = 0; // chars of `span` consumed
        let mut k = 0; // first skip range that may still matter
        let mut previous: Option<char> = None; // the original char before position `i`
        std::iter::from_fn(move || loop {
            let at = span.start + i;
            while k < skip.len() && skip[k].0.end <= at {
                k += 1;
            }
            if k < skip.len() && skip[k].0.start <= at && chars.peek().is_some() {
                let (skipped, is_soft) = skip[k];
                let end = skipped.end.min(span.end).max(at);
                let before = previous;
                for _ in at..end {
                    if let Some(c) = chars.next() {
                        previous = Some(c);
                    }
                }
                i = end - span.start;
                let after = chars.peek().copied();
                // A soft break between two ASCII words reads as a space (`pri⏎vacy` is not
                // one word, `data⏎protection` is two).
                if is_soft
                    && before.is_some_and(|c| c.is_ascii_alphanumeric())
                    && after.is_some_and(|c| c.is_ascii_alphanumeric())
                {
                    return Some((at, ' '));
                }
                continue;
            }
            let c = chars.next()?;
            previous = Some(c);
            i += 1;
            return Some((at, c));
        })
    }

    /// The tables over the current text; rebuilt (uncached) if the public fields were changed
    /// after they were first built.
    fn tables(&self) -> Cow<'_, Tables> {
        let tables = self.index.0.get_or_init(|| Tables::new(self));
        if tables.matches(self) {
            Cow::Borrowed(tables)
        } else {
            Cow::Owned(Tables::new(self))
        }
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

/// The lazily built lookup tables of one [`Policy`]. Never serialized, and ignored when
/// policies are compared: it only caches what the other fields already say.
#[derive(Default)]
pub(crate) struct TextIndex(OnceLock<Tables>);

/// A clone's text lives elsewhere: it builds its own tables when first used.
impl Clone for TextIndex {
    fn clone(&self) -> Self {
        TextIndex::default()
    }
}

impl PartialEq for TextIndex {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for TextIndex {}

impl std::fmt::Debug for TextIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TextIndex")
    }
}

#[derive(Clone)]
struct Tables {
    chars: CharSamples,
    /// What the tables were built from, to notice a policy changed afterwards.
    text_at: usize,
    text_len: usize,
    soft_len: usize,
    hidden_len: usize,
    /// Soft breaks and hidden markup together, sorted, each flagged whether it is a soft break.
    skip: Vec<(Span, bool)>,
    /// `skip_max_end[i]`: the largest end among `skip[..=i]`, so the first skip range that can
    /// reach a span is found by binary search even when ranges nest.
    skip_max_end: Vec<usize>,
}

impl Tables {
    fn new(policy: &Policy) -> Self {
        let mut skip: Vec<(Span, bool)> = policy
            .soft_breaks
            .iter()
            .chain(policy.hidden.iter())
            .map(|s| (*s, policy.soft_breaks.binary_search(s).is_ok()))
            .collect();
        skip.sort();
        let skip_max_end = skip
            .iter()
            .scan(0, |max, (s, _)| {
                *max = s.end.max(*max);
                Some(*max)
            })
            .collect();
        Tables {
            chars: CharSamples::new(&policy.text),
            text_at: policy.text.as_ptr() as usize,
            text_len: policy.text.len(),
            soft_len: policy.soft_breaks.len(),
            hidden_len: policy.hidden.len(),
            skip,
            skip_max_end,
        }
    }

    fn matches(&self, policy: &Policy) -> bool {
        self.text_at == policy.text.as_ptr() as usize
            && self.text_len == policy.text.len()
            && self.soft_len == policy.soft_breaks.len()
            && self.hidden_len == policy.hidden.len()
    }

    /// The skip ranges overlapping `span`, in order.
    fn skips_overlapping(&self, span: Span) -> Vec<(Span, bool)> {
        let from = self.skip_max_end.partition_point(|&end| end <= span.start);
        let to = self.skip.partition_point(|(s, _)| s.start < span.end);
        self.skip[from..to.max(from)]
            .iter()
            .filter(|(s, _)| s.overlaps(span))
            .copied()
            .collect()
    }
}

/// Char offset → byte offset, keeping one byte offset every [`CharSamples::EVERY`] chars: a
/// lookup walks at most that many chars, and the table costs half a byte per char (a full
/// table would cost eight bytes per char, 80 MB for a 30 MB file). (One every 64 chars made
/// the walks 1.2 % of an import's CPU: every sentence's reading view slices the text twice.)
#[derive(Clone)]
pub(crate) struct CharSamples {
    /// Byte offset of chars 0, EVERY, 2·EVERY, ….
    bytes: Vec<usize>,
    char_len: usize,
}

impl CharSamples {
    const EVERY: usize = 16;

    pub(crate) fn new(text: &str) -> Self {
        let mut bytes = Vec::with_capacity(text.len() / Self::EVERY + 1);
        let mut char_len = 0;
        for (i, (b, _)) in text.char_indices().enumerate() {
            if i % Self::EVERY == 0 {
                bytes.push(b);
            }
            char_len = i + 1;
        }
        CharSamples { bytes, char_len }
    }

    /// Byte offset of char `c` in `text` (the text's length for `c` at or past its end).
    pub(crate) fn byte_of(&self, text: &str, c: usize) -> usize {
        if c >= self.char_len {
            return text.len();
        }
        let from = self.bytes[c / Self::EVERY];
        text[from..]
            .char_indices()
            .nth(c % Self::EVERY)
            .map_or(text.len(), |(b, _)| from + b)
    }

    /// `text` sliced by char offsets.
    pub(crate) fn slice<'t>(&self, text: &'t str, span: Span) -> &'t str {
        let start = self.byte_of(text, span.start);
        &text[start..self.byte_of(text, span.end).max(start)]
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

    fn policy_of(text: &str, soft_breaks: Vec<Span>, hidden: Vec<Span>) -> Policy {
        Policy {
            id: String::new(),
            app: None,
            aliases: Vec::new(),
            operator: None,
            title: None,
            updated: None,
            effective: None,
            source: Source {
                path: "t.txt".into(),
                format: Format::Text,
                encoding: "UTF-8".into(),
            },
            text: text.to_string(),
            blocks: vec![],
            sentences: vec![],
            emphasis: vec![],
            soft_breaks,
            hidden,
            pages: vec![],
            index: TextIndex::default(),
        }
    }

    #[test]
    fn page_of_counts_pages_from_one_and_only_for_paged_documents() {
        let mut policy = policy_of("第一页\n第二页\n第三页", vec![], vec![]);
        assert_eq!(policy.page_of(0), None);
        policy.pages = vec![0, 4, 8];
        assert_eq!(policy.page_of(0), Some(1));
        assert_eq!(policy.page_of(3), Some(1));
        assert_eq!(policy.page_of(4), Some(2));
        assert_eq!(policy.page_of(11), Some(3));
    }

    /// Regression: `Policy::slice` walked the text from its start for every span, so `extract`
    /// (one slice per extracted span) was quadratic in file size (4 MB: 54 s). Here 200,000
    /// spans over 2,000,000 chars: walking from the start each time is ~2·10¹¹ char steps
    /// (many minutes), the indexed lookup a few dozen steps per span. No clock is read: the
    /// test checks every slice, and a quadratic version would blow the test run's time limit.
    #[test]
    fn slicing_every_span_of_a_long_policy_is_linear() {
        let unit = "我们收集您的手机号码abc，𠀀用于登录。\n";
        let text = unit.repeat(2_000_000 / unit.chars().count());
        let policy = policy_of(&text, vec![], vec![]);
        let bytes: Vec<usize> = text
            .char_indices()
            .map(|(b, _)| b)
            .chain([text.len()])
            .collect();
        let n = bytes.len() - 1;
        assert_eq!(policy.char_len(), n);
        for start in (0..n).step_by(10) {
            let end = (start + 13).min(n);
            let span = Span::new(start, end);
            assert_eq!(
                policy.slice(span),
                &text[bytes[start]..bytes[end]],
                "{span:?}"
            );
        }
        assert_eq!(policy.slice(Span::new(n, n + 5)), "");
    }

    /// `visible_chars` finds its soft breaks and hidden ranges by binary search now: the same
    /// chars as the old whole-list scan, including nested and touching ranges.
    #[test]
    fn visible_chars_match_a_plain_scan() {
        let text = "ab\n cd**粗体**ef\ngh [链接](http://x) ij\n  kl";
        let soft = vec![Span::new(2, 4), Span::new(16, 17), Span::new(36, 39)];
        let hidden = vec![
            Span::new(6, 8),
            Span::new(10, 12),
            Span::new(20, 21),
            Span::new(23, 34),
            Span::new(24, 26),
            Span::new(36, 39),
        ];
        let policy = policy_of(text, soft.clone(), hidden.clone());
        let chars: Vec<char> = text.chars().collect();
        // The old algorithm, verbatim in spirit: every range of both lists checked per span.
        let plain = |span: Span| -> Vec<(usize, char)> {
            let mut skip: Vec<Span> = soft
                .iter()
                .chain(hidden.iter())
                .filter(|s| s.overlaps(span))
                .copied()
                .collect();
            skip.sort();
            let mut out = vec![];
            let (mut k, mut at) = (0, span.start);
            while at < span.end {
                while k < skip.len() && skip[k].end <= at {
                    k += 1;
                }
                if k < skip.len() && skip[k].start <= at {
                    let end = skip[k].end.min(span.end);
                    let before = (at > span.start).then(|| chars[at - 1]);
                    let after = (end < span.end).then(|| chars[end]);
                    if soft.binary_search(&skip[k]).is_ok()
                        && before.is_some_and(|c| c.is_ascii_alphanumeric())
                        && after.is_some_and(|c| c.is_ascii_alphanumeric())
                    {
                        out.push((at, ' '));
                    }
                    at = end;
                    continue;
                }
                out.push((at, chars[at]));
                at += 1;
            }
            out
        };
        for start in 0..=chars.len() {
            for end in start..=chars.len() {
                let span = Span::new(start, end);
                let got: Vec<(usize, char)> = policy.visible_chars(span).collect();
                assert_eq!(got, plain(span), "{span:?}");
            }
        }
    }

    #[test]
    fn tables_follow_a_policy_changed_after_use() {
        let mut policy = policy_of("用户信息", vec![], vec![]);
        assert_eq!(policy.slice(Span::new(2, 4)), "信息");
        policy.text = "个人用户信息".into();
        assert_eq!(policy.slice(Span::new(2, 4)), "用户");
        assert_eq!(policy.char_len(), 6);
        policy.hidden = vec![Span::new(0, 2)];
        assert_eq!(policy.visible_text(Span::new(0, 6)), "用户信息");
        // Cloned and compared policies ignore whether the tables were built.
        assert_eq!(
            policy.clone(),
            policy_of("个人用户信息", vec![], vec![Span::new(0, 2)])
        );
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
