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

use super::{trim_span, BlockHint, Ingested};
use crate::document::{BlockKind, Emphasis, EmphasisKind, Format, Span};

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
    let document = Html::parse_document(source);
    let mut out = Builder::default();
    let mut skip_depth = 0usize;
    let mut html_title = None;
    // Per open element: what it started, so its close can end it.
    let mut opened: Vec<Opened> = Vec::new();
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
                    if BLOCK_LEVEL.contains(&name) {
                        out.line_break();
                        o.block = Some(block_kind(name));
                        out.kinds.push(block_kind(name));
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
                if o.block.is_some() {
                    out.line_break();
                    out.kinds.pop();
                }
            }
        }
    }
    out.line_break();
    out.finish(html_title)
}

#[derive(Default)]
struct Opened {
    block: Option<BlockKind>,
    emphasis: Option<(EmphasisKind, usize, Option<String>)>,
    pre: bool,
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
        "td" | "th" => BlockKind::TableCell,
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
            self.line_kind = Some(self.kinds.last().copied().unwrap_or(BlockKind::Paragraph));
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
                span: trim_span(&self.text, *span),
            })
            .filter(|e| !e.span.is_empty())
            .collect();
        emphasis.sort_by_key(|e| (e.span, e.kind));
        emphasis.dedup();
        // Non-breaking spaces survive whitespace collapsing: trim blocks of them too.
        let blocks: Vec<BlockHint> = self
            .blocks
            .iter()
            .map(|b| BlockHint {
                kind: b.kind,
                span: trim_span(&self.text, b.span),
            })
            .filter(|b| !b.span.is_empty())
            .collect();
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
                (BlockKind::TableCell, "SDK".to_string()),
                (BlockKind::TableCell, "用途".to_string()),
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
}
