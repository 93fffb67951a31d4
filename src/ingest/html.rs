//! HTML: the page's visible text, one line per block, with blocks and emphasis.
//!
//! The page is parsed by html5ever (through `scraper`), so broken markup is repaired the way a
//! browser would. Script, style, navigation and other invisible parts are dropped. Headings,
//! paragraphs, list items and table cells become blocks; `<b>`, `<strong>`, `font-weight:
//! bold|600+` become bold, `<u>` and `text-decoration: underline` underline, and a text colour
//! other than the page's dominant one becomes colour emphasis.
use std::collections::HashMap;

use ego_tree::iter::Edge;
use scraper::{Html, Node};

use super::{trim_span, trimmed_blocks, BlockHint, Ingested};
use crate::document::{BlockKind, CharIndex, Emphasis, EmphasisKind, Format, Span};

/// The deepest element nesting handed to html5ever (browsers cap DOM depth at 512 too). For
/// every start tag html5ever looks down its stack of open elements (is a `<p>` open in scope?),
/// so nesting 100,000 deep costs minutes; deeper tags are removed before parsing instead, which
/// flattens what they held into the element at the limit.
pub(super) const MAX_DEPTH: usize = 512;

/// How far down the open elements an end tag looks for its start tag (misnested markup closes
/// a few elements at once, never hundreds).
const END_TAG_REACH: usize = 64;

/// Elements that never have content.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen", "basefont", "bgsound", "frame",
];

/// Elements whose content html5ever reads as raw text (no tags inside) while in HTML content.
const RAW_TEXT: &[&str] = &[
    "script", "style", "xmp", "iframe", "noembed", "noframes", "noscript", "textarea", "title",
];

/// Start tags that close an open `<p>` right above them.
const CLOSES_P: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "center",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "header",
    "hgroup",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "section",
    "summary",
    "ul",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "pre",
    "listing",
    "form",
    "table",
    "hr",
    "xmp",
    "li",
    "dd",
    "dt",
];

/// Elements whose content a reader never sees, or which only hold site navigation.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "nav", "head", "iframe", "svg", "object", "canvas",
    "select", "button", "math",
];

/// Elements that start a new line.
const BLOCK_LEVEL: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "aside",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "td",
    "th",
    "caption",
    "blockquote",
    "pre",
    "figure",
    "figcaption",
    "address",
    "hr",
    "form",
    "fieldset",
    "details",
    "summary",
    "body",
    "center",
];

/// Colours that are ordinary body text, never emphasis.
const NEUTRAL_COLOURS: &[&str] = &[
    "black",
    "#000",
    "#000000",
    "#333",
    "#333333",
    "#666",
    "#666666",
    "#222",
    "#222222",
    "#444",
    "#444444",
    "#555",
    "#555555",
    "#111",
    "#111111",
    "rgb(0,0,0)",
    "windowtext",
    "inherit",
    "initial",
    "currentcolor",
    "#3d3d3d",
    "#191919",
];

pub(super) fn ingest(source: &str) -> Ingested {
    let mut notes = Vec::new();
    let flattened = flatten_deep(source);
    let source = match &flattened {
        Some(f) => {
            notes.push(format!(
                "标记嵌套超过 {MAX_DEPTH} 层，已展平：忽略了更深处的 {} 个标签，\
                 其中的文字并入第 {MAX_DEPTH} 层的元素",
                f.dropped
            ));
            f.source.as_str()
        }
        None => source,
    };
    let document = Html::parse_document(source);
    let mut out = Builder::default();
    let mut skip_depth = 0usize;
    let mut html_title = None;
    // Per open element: what it started, so its close can end it.
    let mut opened: Vec<Opened> = Vec::new();
    // The tables open around the current node, innermost last, and how many were opened.
    let mut tables: Vec<OpenTable> = Vec::new();
    let mut tables_seen = 0u32;
    for edge in document.tree.root().traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(el) => {
                    let name = el.name();
                    if name == "title" && html_title.is_none() {
                        let t: String = node
                            .children()
                            .filter_map(|c| c.value().as_text().map(|t| t.to_string()))
                            .collect();
                        html_title = Some(t.trim().to_string()).filter(|t| !t.is_empty());
                    }
                    let skipped = skip_depth > 0 || SKIPPED.contains(&name);
                    if skipped {
                        skip_depth += 1;
                        opened.push(Opened::default());
                        continue;
                    }
                    let mut o = Opened::default();
                    if name == "br" {
                        out.line_break();
                    }
                    match name {
                        "table" => {
                            tables.push(OpenTable::new(tables_seen));
                            tables_seen += 1;
                            o.table = true;
                        }
                        "thead" => {
                            if let Some(t) = tables.last_mut() {
                                t.in_head += 1;
                                o.head = true;
                            }
                        }
                        "tr" => {
                            if let Some(t) = tables.last_mut() {
                                t.row = Some(t.row.map_or(0, |r| r + 1));
                                t.col = 0;
                            }
                        }
                        _ => {}
                    }
                    if BLOCK_LEVEL.contains(&name) {
                        out.line_break();
                        let kind = match (name, tables.last_mut()) {
                            ("td" | "th", Some(t)) => t.cell(name == "th", el.attr("colspan")),
                            _ => block_kind(name),
                        };
                        o.block = Some(kind);
                        out.kinds.push(kind);
                    }
                    let mut tag = format!("<{name}");
                    for (k, v) in el.attrs() {
                        tag.push_str(&format!(" {k}=\"{v}\""));
                    }
                    tag.push('>');
                    if let Some(kind) = emphasis_of_tag(&tag.to_ascii_lowercase()) {
                        o.emphasis = Some((kind, out.len, colour_of(el)));
                    }
                    if name == "pre" {
                        out.pre += 1;
                        o.pre = true;
                    }
                    opened.push(o);
                }
                Node::Text(text) if skip_depth == 0 => out.push_text(text),
                _ => {}
            },
            Edge::Close(node) => {
                if !matches!(node.value(), Node::Element(_)) {
                    continue;
                }
                let o = opened.pop().unwrap_or_default();
                if skip_depth > 0 {
                    skip_depth -= 1;
                    continue;
                }
                if let Some((kind, start, colour)) = o.emphasis {
                    if out.len > start {
                        out.emphasis.push((kind, Span::new(start, out.len), colour));
                    }
                }
                if o.pre {
                    out.pre -= 1;
                }
                if o.table {
                    tables.pop();
                }
                if o.head {
                    if let Some(t) = tables.last_mut() {
                        t.in_head -= 1;
                    }
                }
                if o.block.is_some() {
                    out.line_break();
                    out.kinds.pop();
                }
            }
        }
    }
    out.line_break();
    let mut ingested = out.finish(html_title);
    ingested.notes = notes;
    ingested
}

/// `source` with every element nested deeper than [`MAX_DEPTH`] unwrapped (its tags removed,
/// its content kept), or `None` when nothing is that deep (the page is parsed untouched).
///
/// Depth is estimated by a linear scan of the tags, following html5ever where it matters for
/// depth: void elements, raw-text elements, the end tags that close misnested elements, and the
/// start tags that implicitly close `<p>`, `<li>`, cells and options. The estimate may run
/// higher than html5ever's tree on odd markup, never much lower, so nothing deep slips through.
fn flatten_deep(source: &str) -> Option<Flattened> {
    struct Open<'a> {
        name: std::borrow::Cow<'a, str>,
        kept: bool,
    }
    /// Close the innermost open element; whether it was kept.
    fn pop(stack: &mut Vec<Open>, kept: &mut usize, foreign: &mut usize) -> bool {
        let o = stack.pop().expect("an open element");
        *kept -= usize::from(o.kept);
        *foreign -= usize::from(matches!(o.name.as_ref(), "svg" | "math"));
        o.kept
    }
    let b = source.as_bytes();
    let mut stack: Vec<Open> = Vec::new();
    // Kept elements on `stack`, and svg/math elements (foreign content: `/>` closes there).
    let mut kept = 0usize;
    let mut foreign = 0usize;
    // Byte ranges of removed tags, and whether a line break stands in for each.
    let mut cuts: Vec<(usize, usize, bool)> = Vec::new();
    let mut dropped = 0usize;
    let mut i = 0;
    while let Some(off) = memchr(b'<', &b[i..]) {
        let lt = i + off;
        let rest = &b[lt..];
        if rest.starts_with(b"<!--") {
            i = find(b, lt + 4, b"-->").map_or(b.len(), |e| e + 3);
            continue;
        }
        if rest.starts_with(b"<!") || rest.starts_with(b"<?") {
            i = memchr(b'>', &b[lt..]).map_or(b.len(), |e| lt + e + 1);
            continue;
        }
        let is_end = rest.starts_with(b"</");
        let name_start = lt + if is_end { 2 } else { 1 };
        if !b.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
            i = lt + 1;
            continue;
        }
        let name_end = b[name_start..]
            .iter()
            .position(|&c| c.is_ascii_whitespace() || c == b'/' || c == b'>')
            .map_or(b.len(), |p| name_start + p);
        let tag_end = tag_end(b, name_end);
        i = tag_end;
        let raw_name = &source[name_start..name_end];
        let name: std::borrow::Cow<str> = if raw_name.bytes().any(|c| c.is_ascii_uppercase()) {
            raw_name.to_ascii_lowercase().into()
        } else {
            raw_name.into()
        };
        let block = BLOCK_LEVEL.contains(&name.as_ref());
        if is_end {
            let reach = stack.len().saturating_sub(END_TAG_REACH);
            let Some(at) = stack[reach..].iter().rposition(|o| o.name == name) else {
                continue;
            };
            while stack.len() > reach + at + 1 {
                pop(&mut stack, &mut kept, &mut foreign);
            }
            if !pop(&mut stack, &mut kept, &mut foreign) {
                cuts.push((lt, tag_end, block));
            }
            continue;
        }
        let self_closing = foreign > 0 && tag_end >= 2 && b[tag_end - 2] == b'/';
        if VOID.contains(&name.as_ref()) || self_closing {
            continue;
        }
        let top_is = |stack: &[Open], names: &[&str]| {
            stack
                .last()
                .is_some_and(|o| names.contains(&o.name.as_ref()))
        };
        if CLOSES_P.contains(&name.as_ref()) && top_is(&stack, &["p"]) {
            pop(&mut stack, &mut kept, &mut foreign);
        }
        let closes: &[&str] = match name.as_ref() {
            "li" => &["li"],
            "dt" | "dd" => &["dt", "dd"],
            "td" | "th" | "tr" => &["td", "th"],
            "option" | "optgroup" => &["option"],
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => &["h1", "h2", "h3", "h4", "h5", "h6"],
            _ => &[],
        };
        if top_is(&stack, closes) {
            pop(&mut stack, &mut kept, &mut foreign);
        }
        if name == "tr" && top_is(&stack, &["tr"]) {
            pop(&mut stack, &mut kept, &mut foreign);
        }
        // One skipped element may sit just past the limit, so that the content it hides
        // stays hidden; anything inside it is unwrapped like everything else that deep.
        let keep = kept < MAX_DEPTH || (kept == MAX_DEPTH && SKIPPED.contains(&name.as_ref()));
        if !keep {
            cuts.push((lt, tag_end, block));
            dropped += 1;
        }
        kept += usize::from(keep);
        if foreign == 0 && RAW_TEXT.contains(&name.as_ref()) {
            // Its content is text up to its end tag, which the next round reads.
            i = find_end_tag(b, tag_end, name.as_bytes()).unwrap_or(b.len());
        } else if foreign == 0 && name == "plaintext" {
            i = b.len();
        }
        foreign += usize::from(matches!(name.as_ref(), "svg" | "math"));
        stack.push(Open { name, kept: keep });
    }
    if cuts.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(source.len());
    let mut from = 0;
    let mut broke_at = None;
    for (start, end, block) in cuts {
        out.push_str(&source[from..start]);
        // A removed block still ends a line, as it would have (once per run of removed tags:
        // a million empty lines would only be dropped again later).
        if block && broke_at != Some(start) {
            out.push_str("<br>");
        }
        if block || broke_at == Some(start) {
            broke_at = Some(end);
        }
        from = end;
    }
    out.push_str(&source[from..]);
    Some(Flattened {
        source: out,
        dropped,
    })
}

struct Flattened {
    source: String,
    /// Start tags removed.
    dropped: usize,
}

fn memchr(needle: u8, haystack: &[u8]) -> Option<usize> {
    haystack.iter().position(|&c| c == needle)
}

/// The first `needle` in `b` at or after `from`.
fn find(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    b.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| from + p)
}

/// Just past the `>` ending the tag whose name ends at `from`; a `>` inside a quoted attribute
/// value does not end it.
fn tag_end(b: &[u8], from: usize) -> usize {
    let mut i = from;
    while i < b.len() {
        match b[i] {
            b'>' => return i + 1,
            b'=' => {
                i += 1;
                while i < b.len() && b[i].is_ascii_whitespace() {
                    i += 1;
                }
                if let Some(&q) = b.get(i).filter(|&&q| q == b'"' || q == b'\'') {
                    i = memchr(q, &b[i + 1..]).map_or(b.len(), |p| i + 1 + p + 1);
                }
            }
            _ => i += 1,
        }
    }
    b.len()
}

/// Where `</name` (any case) starts, at or after `from`.
fn find_end_tag(b: &[u8], from: usize, name: &[u8]) -> Option<usize> {
    let mut i = from;
    while let Some(p) = memchr(b'<', &b[i..]) {
        let at = i + p;
        let after = at + 2 + name.len();
        if b[at..].starts_with(b"</")
            && b.get(at + 2..after)
                .is_some_and(|n| n.eq_ignore_ascii_case(name))
            && b.get(after)
                .is_none_or(|&c| c.is_ascii_whitespace() || c == b'/' || c == b'>')
        {
            return Some(at);
        }
        i = at + 1;
    }
    None
}

#[derive(Default)]
struct Opened {
    block: Option<BlockKind>,
    emphasis: Option<(EmphasisKind, usize, Option<String>)>,
    pre: bool,
    /// A `<table>`, or a `<thead>` of the innermost table.
    table: bool,
    head: bool,
}

/// A `<table>` being read: where its next cell goes.
struct OpenTable {
    index: u32,
    /// The current row (`None` before the first `<tr>`).
    row: Option<u32>,
    /// The column the next cell starts at (cells spanning columns move it further).
    col: u32,
    /// Open `<thead>` elements.
    in_head: u32,
}

impl OpenTable {
    fn new(index: u32) -> Self {
        OpenTable {
            index,
            row: None,
            col: 0,
            in_head: 0,
        }
    }

    /// The next cell's kind (`th`, or any cell of a `<thead>`, is a header cell).
    fn cell(&mut self, th: bool, colspan: Option<&str>) -> BlockKind {
        let row = *self.row.get_or_insert(0);
        let col = self.col;
        let span = colspan
            .and_then(|c| c.trim().parse::<u32>().ok())
            .unwrap_or(1)
            .clamp(1, 1000);
        self.col = self.col.saturating_add(span);
        BlockKind::TableCell {
            table: self.index,
            row,
            col,
            header: th || self.in_head > 0,
        }
    }
}

fn block_kind(name: &str) -> BlockKind {
    match name {
        "h1" => BlockKind::Heading { level: 1 },
        "h2" => BlockKind::Heading { level: 2 },
        "h3" => BlockKind::Heading { level: 3 },
        "h4" => BlockKind::Heading { level: 4 },
        "h5" => BlockKind::Heading { level: 5 },
        "h6" => BlockKind::Heading { level: 6 },
        "li" | "dt" | "dd" => BlockKind::ListItem,
        _ => BlockKind::Paragraph,
    }
}

fn colour_of(el: &scraper::node::Element) -> Option<String> {
    if let Some(c) = el.attr("color") {
        return Some(c.trim().to_ascii_lowercase());
    }
    let style = el.attr("style")?.to_ascii_lowercase();
    style.split(';').find_map(|decl| {
        let (k, v) = decl.split_once(':')?;
        (k.trim() == "color").then(|| v.trim().replace(' ', ""))
    })
}

/// What emphasis an opening tag (lower-cased, with attributes) starts, if any.
pub(super) fn emphasis_of_tag(tag: &str) -> Option<EmphasisKind> {
    let name: String = tag
        .trim_start_matches('<')
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    match name.as_str() {
        "b" | "strong" => return Some(EmphasisKind::Bold),
        "u" | "ins" => return Some(EmphasisKind::Underline),
        _ => {}
    }
    let compact: String = tag.chars().filter(|c| !c.is_whitespace()).collect();
    if let Some(pos) = compact.find("font-weight:") {
        let value = &compact[pos + "font-weight:".len()..];
        if value.starts_with("bold")
            || value.starts_with("bolder")
            || ["600", "700", "800", "900"]
                .iter()
                .any(|w| value.starts_with(w))
        {
            return Some(EmphasisKind::Bold);
        }
    }
    if compact.contains("text-decoration:underline")
        || compact.contains("text-decoration-line:underline")
        || (compact.contains("text-decoration:") && compact.contains("underline"))
    {
        return Some(EmphasisKind::Underline);
    }
    let has_colour = (name == "font" && compact.contains("color="))
        || compact
            .split([';', '"', '\''])
            .any(|d| d.starts_with("color:"));
    has_colour.then_some(EmphasisKind::Color)
}

#[derive(Default)]
struct Builder {
    text: String,
    /// Length of `text` in chars.
    len: usize,
    line_start: usize,
    /// Kind of the innermost open block element.
    kinds: Vec<BlockKind>,
    /// Kind of the block element the current line started in.
    line_kind: Option<BlockKind>,
    blocks: Vec<BlockHint>,
    emphasis: Vec<(EmphasisKind, Span, Option<String>)>,
    pending_space: bool,
    pre: usize,
}

impl Builder {
    fn push_char(&mut self, c: char) {
        if self.len == self.line_start && self.line_kind.is_none() {
            // A line inside a table cell (a `<p>` or `<li>` in a `<td>`) is part of the cell.
            let cell = self.kinds.iter().rev().find(|k| k.is_table_cell());
            let innermost = self.kinds.last();
            self.line_kind = Some(cell.or(innermost).copied().unwrap_or(BlockKind::Paragraph));
        }
        self.text.push(c);
        self.len += 1;
    }

    /// Append a text node with HTML whitespace collapsing (outside `<pre>`).
    fn push_text(&mut self, text: &str) {
        for c in text.chars() {
            if self.pre > 0 {
                if c == '\n' {
                    self.line_break();
                } else {
                    self.push_char(c);
                }
                continue;
            }
            if c.is_ascii_whitespace() {
                self.pending_space = true;
                continue;
            }
            if self.pending_space && self.len > self.line_start {
                self.push_char(' ');
            }
            self.pending_space = false;
            self.push_char(c);
        }
    }

    fn line_break(&mut self) {
        self.pending_space = false;
        if self.len == self.line_start {
            return;
        }
        let kind = self.line_kind.take().unwrap_or(BlockKind::Paragraph);
        let span = Span::new(self.line_start, self.len);
        self.blocks.push(BlockHint { kind, span });
        self.text.push('\n');
        self.len += 1;
        self.line_start = self.len;
    }

    fn finish(self, html_title: Option<String>) -> Ingested {
        // The dominant colour (by chars) is the page's body colour, not emphasis.
        let mut by_colour: HashMap<&str, usize> = HashMap::new();
        for (kind, span, colour) in &self.emphasis {
            if let (EmphasisKind::Color, Some(c)) = (kind, colour) {
                *by_colour.entry(c.as_str()).or_default() += span.len();
            }
        }
        let dominant = by_colour.iter().max_by_key(|(_, n)| **n).map(|(c, _)| *c);
        let total: usize = by_colour.values().sum();
        let dominant = dominant.filter(|c| by_colour[c] * 2 > total || self.len < by_colour[c] * 3);
        let index = CharIndex::new(&self.text);
        let mut emphasis: Vec<Emphasis> = self
            .emphasis
            .iter()
            .filter(|(kind, _, colour)| match (kind, colour) {
                (EmphasisKind::Color, Some(c)) => {
                    Some(c.as_str()) != dominant && !NEUTRAL_COLOURS.contains(&c.as_str())
                }
                (EmphasisKind::Color, None) => false,
                _ => true,
            })
            .map(|(kind, span, _)| Emphasis {
                kind: *kind,
                span: trim_span(&self.text, &index, *span),
            })
            .filter(|e| !e.span.is_empty())
            .collect();
        emphasis.sort_by_key(|e| (e.span, e.kind));
        emphasis.dedup();
        // Non-breaking spaces survive whitespace collapsing: trim blocks of them too.
        let blocks = trimmed_blocks(&self.text, &index, &self.blocks);
        let mut text = self.text;
        if text.ends_with('\n') {
            text.pop();
        }
        Ingested {
            text,
            format: Format::Html,
            encoding: "UTF-8",
            blocks: Some(blocks),
            emphasis,
            hidden: Vec::new(),
            soft_breaks: Vec::new(),
            html_title,
            notes: Vec::new(),
            pages: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::slice_chars;

    fn run(html: &str) -> (Ingested, Vec<(BlockKind, String)>) {
        let ing = ingest(html);
        let blocks = ing
            .blocks
            .clone()
            .unwrap()
            .iter()
            .map(|b| (b.kind, slice_chars(&ing.text, b.span).to_string()))
            .collect();
        (ing, blocks)
    }

    fn cell(table: u32, row: u32, col: u32, header: bool) -> BlockKind {
        BlockKind::TableCell {
            table,
            row,
            col,
            header,
        }
    }

    #[test]
    fn tables_keep_rows_columns_and_header_cells() {
        let (_, blocks) = run("<body><p>第三方SDK目录</p><table>\
            <thead><tr><td>SDK名称</td><td>使用目的</td><td>收集的个人信息</td></tr></thead>\
            <tbody><tr><td>高德地图SDK</td><td><p>定位</p><p>导航</p></td><td>位置信息</td></tr>\
            <tr><td colspan=\"2\">微信SDK</td><td><h3>设备信息</h3></td></tr></tbody></table>\
            <table><tr><th>名称</th></tr><tr><td>个推</td></tr></table></body>");
        assert_eq!(
            blocks,
            [
                (BlockKind::Paragraph, "第三方SDK目录".to_string()),
                (cell(0, 0, 0, true), "SDK名称".to_string()),
                (cell(0, 0, 1, true), "使用目的".to_string()),
                (cell(0, 0, 2, true), "收集的个人信息".to_string()),
                (cell(0, 1, 0, false), "高德地图SDK".to_string()),
                // A cell's paragraphs are lines of the cell; a heading inside a cell is not a
                // heading of the policy.
                (cell(0, 1, 1, false), "定位".to_string()),
                (cell(0, 1, 1, false), "导航".to_string()),
                (cell(0, 1, 2, false), "位置信息".to_string()),
                (cell(0, 2, 0, false), "微信SDK".to_string()),
                (cell(0, 2, 2, false), "设备信息".to_string()),
                (cell(1, 0, 0, true), "名称".to_string()),
                (cell(1, 1, 0, false), "个推".to_string()),
            ]
        );
    }

    #[test]
    fn keeps_headings_paragraphs_lists_and_cells_and_drops_scripts() {
        let (ing, blocks) = run("<html><head><title>快手隐私政策</title><style>p{}</style></head><body>\
            <nav>首页 | 登录</nav><h1>快手隐私政策</h1><p>我们  收集\n您的&nbsp;信息。</p>\
            <ul><li>手机号码</li><li>设备信息</li></ul>\
            <table><tr><td>SDK</td><td>用途</td></tr></table><script>alert(1)</script></body></html>");
        assert_eq!(
            blocks,
            [
                (BlockKind::Heading { level: 1 }, "快手隐私政策".to_string()),
                (
                    BlockKind::Paragraph,
                    "我们 收集 您的\u{a0}信息。".to_string()
                ),
                (BlockKind::ListItem, "手机号码".to_string()),
                (BlockKind::ListItem, "设备信息".to_string()),
                (cell(0, 0, 0, false), "SDK".to_string()),
                (cell(0, 0, 1, false), "用途".to_string()),
            ]
        );
        assert!(!ing.text.contains("alert") && !ing.text.contains("首页"));
        assert_eq!(ing.html_title.as_deref(), Some("快手隐私政策"));
    }

    #[test]
    fn bold_underline_and_colour() {
        let (ing, _) = run("<body><p style=\"color:#333\">普通<strong>加粗</strong>\
            <span style=\"font-weight: 700\">也粗</span><u>下划线</u>\
            <span style=\"color: red\">红色</span><span style=\"text-decoration: underline\">线</span></p></body>");
        let got: Vec<(EmphasisKind, &str)> = ing
            .emphasis
            .iter()
            .map(|e| (e.kind, slice_chars(&ing.text, e.span)))
            .collect();
        assert_eq!(
            got,
            [
                (EmphasisKind::Bold, "加粗"),
                (EmphasisKind::Bold, "也粗"),
                (EmphasisKind::Underline, "下划线"),
                (EmphasisKind::Color, "红色"),
                (EmphasisKind::Underline, "线"),
            ]
        );
    }

    #[test]
    fn script_text_never_leaks_and_broken_markup_is_repaired() {
        let (ing, blocks) =
            run("<p>一<b>二<p>三</b><script>x<y</script><img src=x onerror=alert(1)>");
        assert!(!ing.text.contains("alert"));
        assert_eq!(blocks.len(), 2);
    }

    fn nested(depth: usize, inner: &str) -> String {
        format!(
            "<html><body>{}{inner}{}</body></html>",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        )
    }

    /// Regression: 100,000 nested `<div>`s took 70 s, because html5ever looks down its whole
    /// stack of open elements for every start tag. Checked by structure, not by a clock: what
    /// html5ever is given nests no deeper than the limit, and the text still comes through.
    #[test]
    fn deeply_nested_markup_is_flattened_before_parsing() {
        let page = nested(100_000, "隐私政策 我们收集您的手机号码");
        let flat = flatten_deep(&page).expect("flattened");
        // `<html>` and `<body>` count towards the limit.
        assert_eq!(flat.source.matches("<div>").count(), MAX_DEPTH - 2);
        assert_eq!(flat.dropped, 100_000 - (MAX_DEPTH - 2));
        let (ing, blocks) = run(&page);
        assert_eq!(
            blocks,
            [(
                BlockKind::Paragraph,
                "隐私政策 我们收集您的手机号码".to_string()
            )]
        );
        assert_eq!(ing.notes.len(), 1, "{:?}", ing.notes);
        assert!(ing.notes[0].contains("512"), "{:?}", ing.notes);
    }

    /// Past the limit, blocks still end lines, and script, style and navigation stay hidden.
    #[test]
    fn flattened_blocks_keep_their_lines_and_hidden_parts_stay_hidden() {
        let inner = "<p>第一条</p><p>第二<b>条</b></p><script>if (a<b) alert(1)</script>\
                     <nav>首页<div>登录</div></nav><style>p{}</style><li>第三条";
        let (ing, blocks) = run(&nested(2_000, inner));
        let texts: Vec<&str> = blocks.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(texts, ["第一条", "第二条", "第三条"]);
        assert!(!ing.text.contains("alert") && !ing.text.contains("首页"));
        assert!(!ing.text.contains("登录") && !ing.text.contains("p{}"));
        assert_eq!(ing.notes.len(), 1);
    }

    /// Siblings a page never closes (`<p>`, `<li>`, cells) are not nesting: such pages are
    /// parsed untouched.
    #[test]
    fn unclosed_siblings_are_not_mistaken_for_depth() {
        let mut page = String::from("<html><body><ul>");
        for i in 0..2_000 {
            page.push_str(&format!("<li>第{i}项<p>说明<P>补充<br/><img src=x>"));
        }
        page.push_str("</ul><table>");
        for _ in 0..2_000 {
            page.push_str("<tr><td>SDK<td>用途<!-- <div> -->");
        }
        page.push_str("</table><svg>");
        page.push_str(&"<path d='M0>0'/>".repeat(2_000));
        page.push_str("</svg><textarea>");
        page.push_str(&"<div>".repeat(2_000));
        page.push_str("</textarea></body></html>");
        assert!(flatten_deep(&page).is_none());
        assert!(ingest(&page).notes.is_empty());
    }

    /// A million nested elements (11 MB): no stack overflow on a small thread, no panic, and the
    /// whole pipeline (ingest, segmentation, metadata) still reads the text.
    #[test]
    fn million_deep_markup_does_not_overflow_a_small_stack() {
        let handle = std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(|| {
                let page = nested(1_000_000, "<span><b>我们收集您的手机号码</b></span>");
                let policy = crate::parse::parse_bytes(
                    std::path::Path::new("deep.html"),
                    page.as_bytes(),
                    &Default::default(),
                )
                .unwrap();
                let mut inline = "<b><i><u><span><a href=x>".repeat(200_000);
                inline.push_str("设备信息");
                let ing = ingest(&inline);
                (policy.text, ing.text, ing.notes.len())
            })
            .unwrap();
        let (text, inline_text, notes) = handle.join().expect("no panic, no overflow");
        assert_eq!(text, "我们收集您的手机号码");
        assert_eq!(inline_text, "设备信息");
        assert_eq!(notes, 1);
    }

    /// Where the time goes on deep nesting, html5ever alone against flattening first. Prints
    /// timings, asserts none (speed is for benchmarks): `cargo test -p policylens --lib
    /// deep_nesting_timings -- --ignored --nocapture`.
    #[test]
    #[ignore = "measurement, not a check"]
    fn deep_nesting_timings() {
        for depth in [10_000, 25_000, 50_000] {
            let page = nested(depth, "我们收集您的手机号码");
            let t = std::time::Instant::now();
            drop(Html::parse_document(&page));
            let raw = t.elapsed();
            let t = std::time::Instant::now();
            let flat = flatten_deep(&page).unwrap();
            let scan = t.elapsed();
            drop(Html::parse_document(&flat.source));
            let t2 = std::time::Instant::now();
            drop(ingest(&page));
            println!(
                "depth {depth}: html5ever alone {raw:?}; flatten scan {scan:?}, \
                 flatten + html5ever {:?}; whole ingest {:?}",
                t.elapsed() - t2.elapsed(),
                t2.elapsed()
            );
        }
    }
}
