//! Markdown: blocks and bold from pulldown-cmark's source offsets. The text stays the Markdown
//! source exactly; the syntax between visible runs (`**`, `## `, link targets, inline HTML) is
//! recorded as hidden so readers and matchers skip it while offsets stay those of the file.
use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::{trim_span, BlockHint, Ingested};
use crate::document::{BlockKind, CharIndex, Emphasis, EmphasisKind, Format, Span};

pub(super) fn ingest(text: String) -> Ingested {
    let index = CharIndex::new(&text);
    let mut state = State::default();
    let mut strong_ranges: Vec<Range<usize>> = Vec::new();
    let mut inline_html: Vec<(usize, usize, String)> = Vec::new();
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    for (event, range) in Parser::new_ext(&text, options).into_offset_iter() {
        match event {
            Event::Start(tag) => match tag {
                Tag::Heading { level, .. } => state.open(BlockKind::Heading { level: level as u8 }),
                // A paragraph inside a list item is the item's own text.
                Tag::Paragraph | Tag::CodeBlock(_)
                    if !(state.in_item() && state.current_kind() == Some(BlockKind::ListItem)) =>
                {
                    state.open(BlockKind::Paragraph)
                }
                Tag::Item => {
                    state.items += 1;
                    state.open(BlockKind::ListItem);
                }
                Tag::List(_) => state.flush(),
                Tag::Table(_) => {
                    state.table = Some(state.tables_seen);
                    state.tables_seen += 1;
                    (state.row, state.col) = (0, 0);
                }
                // pulldown-cmark puts the header's cells right in the head, with no row.
                Tag::TableHead => state.in_head = true,
                Tag::TableRow => state.col = 0,
                Tag::TableCell => {
                    let kind = BlockKind::TableCell {
                        table: state.table.unwrap_or(0),
                        row: state.row,
                        col: state.col,
                        header: state.in_head,
                    };
                    state.col += 1;
                    state.open(kind);
                }
                Tag::Strong => strong_ranges.push(range),
                _ => {}
            },
            Event::End(tag) => match tag {
                TagEnd::Heading(_) | TagEnd::TableCell | TagEnd::CodeBlock => state.flush(),
                TagEnd::TableHead => {
                    state.in_head = false;
                    (state.row, state.col) = (1, 0);
                }
                TagEnd::TableRow => state.row += 1,
                TagEnd::Table => state.table = None,
                TagEnd::Paragraph if state.current_kind() == Some(BlockKind::Paragraph) => {
                    state.flush()
                }
                TagEnd::Item => {
                    state.flush();
                    state.items = state.items.saturating_sub(1);
                }
                _ => {}
            },
            Event::Text(_) | Event::Code(_) => state.visible(range),
            Event::SoftBreak | Event::HardBreak => state.soft_break(range),
            Event::InlineHtml(html) => inline_html.push((range.start, range.end, html.to_string())),
            _ => {}
        }
    }
    state.flush();

    let to_span = |r: &Range<usize>| Span::new(index.char_of(r.start), index.char_of(r.end));
    let mut emphasis: Vec<Emphasis> = strong_ranges
        .iter()
        .filter_map(|r| state.visible_within(r))
        .map(|r| Emphasis {
            kind: EmphasisKind::Bold,
            span: to_span(&r),
        })
        .collect();
    emphasis.extend(
        inline_html_emphasis(&inline_html, &state)
            .iter()
            .map(|(kind, r)| Emphasis {
                kind: *kind,
                span: to_span(r),
            }),
    );
    emphasis.sort_by_key(|e| (e.span, e.kind));
    emphasis.dedup();

    // A gap that also holds an escape (`\` before a line break) is hidden, not a soft break:
    // soft breaks are whitespace only.
    let (soft, escaped): (Vec<_>, Vec<_>) = state
        .soft_breaks
        .iter()
        .partition(|r| text[(*r).clone()].chars().all(char::is_whitespace));
    let mut hidden: Vec<Span> = state.hidden.iter().chain(escaped).map(to_span).collect();
    hidden.sort();
    let soft_breaks: Vec<Span> = soft.into_iter().map(to_span).collect();
    Ingested {
        blocks: Some(
            state
                .blocks
                .iter()
                .map(|(kind, r)| BlockHint {
                    kind: *kind,
                    span: trim_span(&text, &index, to_span(r)),
                })
                .filter(|b| !b.span.is_empty())
                .collect(),
        ),
        hidden,
        soft_breaks,
        emphasis,
        format: Format::Markdown,
        encoding: "UTF-8",
        html_title: None,
        notes: Vec::new(),
        pages: Vec::new(),
        text,
    }
}

/// Bold/underline/colour opened and closed by inline HTML tags (`<b>…</b>`, `<u>`,
/// `<span style="color:…">`), as byte ranges of the visible text between them.
fn inline_html_emphasis(
    tags: &[(usize, usize, String)],
    state: &State,
) -> Vec<(EmphasisKind, Range<usize>)> {
    let mut open: Vec<(EmphasisKind, usize)> = Vec::new();
    let mut out = Vec::new();
    for (start, end, tag) in tags {
        let lower = tag.to_ascii_lowercase();
        if let Some(name) = lower.strip_prefix("</") {
            let kind = match name.trim_end_matches('>').trim() {
                "b" | "strong" => EmphasisKind::Bold,
                "u" | "ins" => EmphasisKind::Underline,
                "font" | "span" => EmphasisKind::Color,
                _ => continue,
            };
            if let Some(pos) = open.iter().rposition(|(k, _)| *k == kind) {
                let (_, from) = open.remove(pos);
                if let Some(r) = state.visible_within(&(from..*start)) {
                    out.push((kind, r));
                }
            }
        } else if let Some(kind) = super::html::emphasis_of_tag(&lower) {
            open.push((kind, *end));
        }
    }
    out
}

/// A block being collected: its kind, its visible runs and the soft breaks among them.
type OpenBlock = (BlockKind, Vec<Range<usize>>, Vec<Range<usize>>);

#[derive(Default)]
struct State {
    blocks: Vec<(BlockKind, Range<usize>)>,
    hidden: Vec<Range<usize>>,
    soft_breaks: Vec<Range<usize>>,
    /// Every visible byte range, in order, to find what a `**…**` covers.
    all_visible: Vec<Range<usize>>,
    current: Option<OpenBlock>,
    items: usize,
    /// The table being read (its index), tables seen so far, and where the next cell goes.
    table: Option<u32>,
    tables_seen: u32,
    row: u32,
    col: u32,
    in_head: bool,
}

impl State {
    fn in_item(&self) -> bool {
        self.items > 0
    }
    fn current_kind(&self) -> Option<BlockKind> {
        self.current.as_ref().map(|c| c.0)
    }
    fn open(&mut self, kind: BlockKind) {
        self.flush();
        self.current = Some((kind, Vec::new(), Vec::new()));
    }
    fn ensure_open(&mut self) {
        if self.current.is_none() {
            let kind = if self.in_item() {
                BlockKind::ListItem
            } else {
                BlockKind::Paragraph
            };
            self.current = Some((kind, Vec::new(), Vec::new()));
        }
    }
    fn visible(&mut self, range: Range<usize>) {
        if range.is_empty() {
            return;
        }
        self.ensure_open();
        self.all_visible.push(range.clone());
        if let Some((_, runs, _)) = self.current.as_mut() {
            runs.push(range);
        }
    }
    fn soft_break(&mut self, range: Range<usize>) {
        if let Some((_, runs, breaks)) = self.current.as_mut() {
            if !runs.is_empty() {
                breaks.push(range);
            }
        }
    }
    /// Close the current block: its span runs from the first to the last visible byte; what lies
    /// between visible runs is hidden syntax or a soft break.
    fn flush(&mut self) {
        let Some((kind, runs, breaks)) = self.current.take() else {
            return;
        };
        let (Some(first), Some(last)) = (runs.first(), runs.last()) else {
            return;
        };
        let span = first.start..last.end;
        for pair in runs.windows(2) {
            let gap = pair[0].end..pair[1].start;
            if gap.is_empty() {
                continue;
            }
            // A gap holding a soft break: the break and the indentation after it read as nothing.
            if breaks
                .iter()
                .any(|b| b.start >= gap.start && b.end <= gap.end)
            {
                self.soft_breaks.push(gap);
            } else {
                self.hidden.push(gap);
            }
        }
        self.blocks.push((kind, span));
    }
    /// The visible bytes inside `range`: from the first visible byte to the last.
    fn visible_within(&self, range: &Range<usize>) -> Option<Range<usize>> {
        let i = self.all_visible.partition_point(|r| r.end <= range.start);
        let mut start = None;
        let mut end = None;
        for r in &self.all_visible[i..] {
            if r.start >= range.end {
                break;
            }
            let s = r.start.max(range.start);
            let e = r.end.min(range.end);
            if s < e {
                start.get_or_insert(s);
                end = Some(e);
            }
        }
        Some(start?..end?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::slice_chars;

    #[test]
    fn bold_spans_cover_the_words_not_the_stars() {
        let md = "## 引言\n**我们严格遵守法律。**\n\n正文**加粗**结束\n".to_string();
        let ing = ingest(md);
        let bolds: Vec<&str> = ing
            .emphasis
            .iter()
            .map(|e| slice_chars(&ing.text, e.span))
            .collect();
        assert_eq!(bolds, ["我们严格遵守法律。", "加粗"]);
        let blocks = ing.blocks.unwrap();
        assert_eq!(slice_chars(&ing.text, blocks[0].span), "引言");
        assert_eq!(blocks[0].kind, BlockKind::Heading { level: 2 });
        assert_eq!(slice_chars(&ing.text, blocks[2].span), "正文**加粗**结束");
        let hidden: Vec<&str> = ing
            .hidden
            .iter()
            .map(|s| slice_chars(&ing.text, *s))
            .collect();
        assert_eq!(hidden, ["**", "**"]);
    }

    #[test]
    fn inline_html_is_hidden_and_links_keep_their_words() {
        let ing = ingest("## <span id =\"p1\"></span>联系我们\n请 [联系我们](#p1)。\n".into());
        let blocks = ing.blocks.unwrap();
        assert_eq!(slice_chars(&ing.text, blocks[0].span), "联系我们");
        assert_eq!(
            slice_chars(&ing.text, blocks[1].span),
            "请 [联系我们](#p1)。"
        );
        let hidden: Vec<&str> = ing
            .hidden
            .iter()
            .map(|s| slice_chars(&ing.text, *s))
            .collect();
        assert_eq!(hidden, ["[", "](#p1)"]);
    }

    #[test]
    fn pipe_tables_keep_rows_columns_and_the_header() {
        let ing = ingest(
            "前言\n\n| SDK名称 | 使用目的 |\n|---|---|\n| 友盟 | 统计 |\n| 极光 |  |\n\n| 名称 |\n|---|\n| 个推 |\n"
                .into(),
        );
        let got: Vec<(BlockKind, &str)> = ing
            .blocks
            .unwrap()
            .iter()
            .map(|b| (b.kind, slice_chars(&ing.text, b.span)))
            .collect();
        let cell = |table, row, col, header| BlockKind::TableCell {
            table,
            row,
            col,
            header,
        };
        assert_eq!(
            got,
            [
                (BlockKind::Paragraph, "前言"),
                (cell(0, 0, 0, true), "SDK名称"),
                (cell(0, 0, 1, true), "使用目的"),
                (cell(0, 1, 0, false), "友盟"),
                (cell(0, 1, 1, false), "统计"),
                (cell(0, 2, 0, false), "极光"),
                (cell(1, 0, 0, true), "名称"),
                (cell(1, 1, 0, false), "个推"),
            ]
        );
    }

    #[test]
    fn list_items_and_nested_lists_are_separate_blocks() {
        let ing = ingest("- **我们收集哪些信息**\n- 二\n  - 二点一\n".into());
        let blocks = ing.blocks.unwrap();
        let texts: Vec<&str> = blocks
            .iter()
            .map(|b| slice_chars(&ing.text, b.span))
            .collect();
        assert_eq!(texts, ["我们收集哪些信息", "二", "二点一"]);
        assert!(blocks.iter().all(|b| b.kind == BlockKind::ListItem));
        assert_eq!(
            slice_chars(&ing.text, ing.emphasis[0].span),
            "我们收集哪些信息"
        );
    }

    #[test]
    fn inline_html_bold_and_underline() {
        let ing = ingest("前<b>粗体</b>中<u>下划线</u>后\n".into());
        let got: Vec<(EmphasisKind, &str)> = ing
            .emphasis
            .iter()
            .map(|e| (e.kind, slice_chars(&ing.text, e.span)))
            .collect();
        assert_eq!(
            got,
            [
                (EmphasisKind::Bold, "粗体"),
                (EmphasisKind::Underline, "下划线")
            ]
        );
    }
}
