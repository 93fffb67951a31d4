//! Word documents (`.docx`): the text of `word/document.xml`, one line per paragraph, with
//! the blocks and emphasis the document declares.
//!
//! What is read, from WordprocessingML (ECMA-376 part 1, §17):
//! - paragraphs (`w:p`) in body order, tables' cells included; a paragraph's text is its runs'
//!   `w:t`, with `w:tab` as a tab and `w:br`/`w:cr` as a line break inside the paragraph;
//! - headings: a paragraph style whose name is `heading N` / `标题 N` or that sets an outline
//!   level (`w:outlineLvl`), or an outline level on the paragraph itself;
//! - list items: paragraphs with numbering (`w:numPr`), directly or through their style;
//! - tables (`w:tbl`): each cell's paragraphs are [`BlockKind::TableCell`] blocks with the
//!   table, row and column; the first row, or rows marked `w:tblHeader`, are header cells;
//! - emphasis: runs that are bold (`w:b`), underlined (`w:u`) or coloured (`w:color` other than
//!   black or auto), directly or through their character style; adjacent runs of one kind
//!   make one span.
//!
//! The text built here is the policy's original: offsets index it, as they index a plain
//! file's text. Deleted revisions (`w:del`), field instructions (`w:instrText`) and the
//! document's headers, footers and comments are not read.
use std::collections::HashMap;
use std::io::{Cursor, Read};

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::{trim_span, trimmed_blocks, BlockHint, Ingested};
use crate::document::{BlockKind, CharIndex, Emphasis, EmphasisKind, Format, Span};

/// The largest `word/document.xml` read (uncompressed): a real policy's is well under 5 MB; a
/// zip bomb's is not.
const MAX_XML_BYTES: u64 = 64 * 1024 * 1024;

/// The first bytes of a zip archive (a `.docx` is one).
pub(crate) fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// The first bytes of an OLE compound file: a legacy Word `.doc` (or `.xls`, `.ppt`).
pub(crate) fn is_ole(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
}

/// Why a `.docx` could not be read, in the reader's words.
pub(crate) fn ingest(bytes: &[u8]) -> Result<Ingested, String> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| format!("不是有效的 Word 文档（.docx 压缩包损坏：{e}）"))?;
    let document = read_part(&mut archive, "word/document.xml")?
        .ok_or_else(|| "压缩包中没有 word/document.xml：不是 Word 文档（.docx）".to_string())?;
    let styles = match read_part(&mut archive, "word/styles.xml")? {
        Some(xml) => Styles::read(&xml),
        None => Styles::default(),
    };
    Ok(Body::read(&document, &styles)?.into_ingested())
}

/// One part of the package as text, `None` when the package has no such part.
fn read_part(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
) -> Result<Option<String>, String> {
    let file = match archive.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(format!("无法读取 Word 文档的 {name}：{e}")),
    };
    let mut xml = String::new();
    file.take(MAX_XML_BYTES + 1)
        .read_to_string(&mut xml)
        .map_err(|e| format!("无法读取 Word 文档的 {name}：{e}"))?;
    if xml.len() as u64 > MAX_XML_BYTES {
        return Err(format!(
            "Word 文档的 {name} 解压后超过 {} MB",
            MAX_XML_BYTES >> 20
        ));
    }
    Ok(Some(xml))
}

/// The local name of an element (`w:p` → `p`).
fn local(e: &BytesStart) -> String {
    e.local_name().as_ref().to_string()
}

/// The value of attribute `w:val` (or any `*:val`) of an element.
fn val(e: &BytesStart) -> Option<String> {
    e.attributes()
        .flatten()
        .find_map(|a| (a.key.local_name().as_ref() == "val").then(|| a.value.to_string()))
}

/// Whether a toggle property (`<w:b/>`, `<w:b w:val="true"/>`) is on.
fn toggle_on(e: &BytesStart) -> bool {
    !matches!(val(e).as_deref(), Some("0" | "false" | "off" | "none"))
}

/// Run formatting: which emphasis kinds are on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct RunLook {
    bold: Option<bool>,
    underline: Option<bool>,
    color: Option<bool>,
}

impl RunLook {
    /// Read one property element of a `w:rPr`.
    fn read(&mut self, name: &str, e: &BytesStart) {
        match name {
            "b" | "bCs" => self.bold = Some(toggle_on(e)),
            "u" => self.underline = Some(toggle_on(e)),
            "color" => {
                let c = val(e).unwrap_or_default().to_ascii_lowercase();
                self.color = Some(!matches!(c.as_str(), "" | "auto" | "000000"));
            }
            _ => {}
        }
    }

    /// `self` over `base`: what `self` does not set, `base` decides.
    fn over(self, base: RunLook) -> RunLook {
        RunLook {
            bold: self.bold.or(base.bold),
            underline: self.underline.or(base.underline),
            color: self.color.or(base.color),
        }
    }

    fn kinds(self) -> impl Iterator<Item = EmphasisKind> {
        [
            (self.bold, EmphasisKind::Bold),
            (self.underline, EmphasisKind::Underline),
            (self.color, EmphasisKind::Color),
        ]
        .into_iter()
        .filter_map(|(on, kind)| (on == Some(true)).then_some(kind))
    }
}

/// What a style says about the paragraphs or runs that use it.
#[derive(Debug, Clone, Default)]
struct Style {
    based_on: Option<String>,
    /// A heading level (1 = outermost), from the style's name or outline level.
    heading: Option<u8>,
    numbered: bool,
    look: RunLook,
}

/// `word/styles.xml`, by style id.
#[derive(Debug, Default)]
struct Styles {
    by_id: HashMap<String, Style>,
}

/// A heading level from a style's name: `heading 1`, `Heading1`, `标题 1`, `标题1`.
fn heading_level_of_name(name: &str) -> Option<u8> {
    let lower = name.to_lowercase();
    let rest = lower
        .strip_prefix("heading")
        .or_else(|| lower.strip_prefix("标题"))?;
    let level: u8 = rest.trim().parse().ok()?;
    (1..=9).contains(&level).then_some(level)
}

impl Styles {
    fn read(xml: &str) -> Styles {
        let mut by_id = HashMap::new();
        let mut reader = Reader::from_str(xml);
        let mut current: Option<(String, Style)> = None;
        let mut in_run_props = false;
        loop {
            let event = match reader.read_event() {
                Ok(Event::Eof) | Err(_) => break,
                Ok(e) => e,
            };
            match event {
                Event::Start(ref e) | Event::Empty(ref e) => {
                    let empty = matches!(event, Event::Empty(_));
                    let e = e.clone();
                    let name = local(&e);
                    match name.as_str() {
                        "style" => {
                            let id = e.attributes().flatten().find_map(|a| {
                                (a.key.local_name().as_ref() == "styleId")
                                    .then(|| a.value.to_string())
                            });
                            current = id.map(|id| (id, Style::default()));
                        }
                        _ if current.is_none() => {}
                        "name" => {
                            let (_, style) = current.as_mut().expect("checked");
                            if let Some(level) = val(&e).as_deref().and_then(heading_level_of_name)
                            {
                                style.heading = Some(level);
                            }
                        }
                        "basedOn" => current.as_mut().expect("checked").1.based_on = val(&e),
                        "outlineLvl" => {
                            let level = val(&e).and_then(|v| v.parse::<u8>().ok());
                            // Outline level 9 is body text.
                            if let Some(l) = level.filter(|&l| l < 9) {
                                current.as_mut().expect("checked").1.heading = Some(l + 1);
                            }
                        }
                        "numPr" => current.as_mut().expect("checked").1.numbered = true,
                        "rPr" => in_run_props = !empty,
                        n if in_run_props => current.as_mut().expect("checked").1.look.read(n, &e),
                        _ => {}
                    }
                }
                Event::End(e) => match e.local_name().as_ref() {
                    "style" => {
                        if let Some((id, style)) = current.take() {
                            by_id.insert(id, style);
                        }
                    }
                    "rPr" => in_run_props = false,
                    _ => {}
                },
                _ => {}
            }
        }
        Styles { by_id }
    }

    /// The style `id` with what it inherits (`w:basedOn`, at most 16 steps: a cycle ends).
    fn resolved(&self, id: &str) -> Style {
        let mut chain = Vec::new();
        let mut at = Some(id.to_string());
        while let Some(id) = at {
            let Some(style) = self.by_id.get(&id) else {
                break;
            };
            chain.push(style);
            if chain.len() >= 16 {
                break;
            }
            at = style.based_on.clone();
        }
        let mut out = Style::default();
        for style in chain.into_iter().rev() {
            out.heading = style.heading.or(out.heading);
            out.numbered |= style.numbered;
            out.look = style.look.over(out.look);
        }
        out
    }
}

/// Where a paragraph stands: in the body or in a table cell.
#[derive(Debug, Clone, Copy)]
struct CellAt {
    table: u32,
    row: u32,
    col: u32,
    header: bool,
}

/// One table being read (tables nest: a cell can hold a table).
struct OpenTable {
    index: u32,
    row: u32,
    col: u32,
    /// Whether the current row is a header row.
    header_row: bool,
}

/// The document body as text, blocks and emphasis (char offsets).
struct Body {
    text: String,
    chars: usize,
    blocks: Vec<BlockHint>,
    emphasis: Vec<Emphasis>,
}

impl Body {
    fn push_str(&mut self, s: &str) {
        self.text.push_str(s);
        self.chars += s.chars().count();
    }

    fn read(xml: &str, styles: &Styles) -> Result<Body, String> {
        let mut body = Body {
            text: String::new(),
            chars: 0,
            blocks: Vec::new(),
            emphasis: Vec::new(),
        };
        let mut reader = Reader::from_str(xml);
        let mut tables: Vec<OpenTable> = Vec::new();
        let mut next_table = 0u32;
        // The paragraph being read: where it starts, its kind, its run's look.
        let mut paragraph: Option<(usize, Style)> = None;
        let mut paragraph_style = Style::default();
        let mut run_look = RunLook::default();
        let mut run_style = RunLook::default();
        let mut in_paragraph_props = false;
        let mut in_run_props = false;
        let mut in_text = false;
        // Where skipped content (deleted text, field instructions) is open: depth of nesting.
        let mut skipping = 0usize;
        loop {
            let event = match reader.read_event() {
                Ok(Event::Eof) => break,
                Err(e) => {
                    return Err(format!(
                        "Word 文档的 word/document.xml 不是有效的 XML（第 {} 字节：{e}）",
                        reader.error_position()
                    ))
                }
                Ok(e) => e,
            };
            match event {
                Event::Start(ref e) | Event::Empty(ref e) => {
                    let empty = matches!(event, Event::Empty(_));
                    let name = local(e);
                    if skipping > 0 {
                        if !empty {
                            skipping += 1;
                        }
                        continue;
                    }
                    match name.as_str() {
                        "del" | "instrText" | "delText" | "footnoteReference" if !empty => {
                            skipping = 1;
                        }
                        "tbl" => {
                            tables.push(OpenTable {
                                index: next_table,
                                row: 0,
                                col: 0,
                                header_row: false,
                            });
                            next_table += 1;
                        }
                        "tr" => {
                            if let Some(t) = tables.last_mut() {
                                t.col = 0;
                                t.header_row = t.row == 0;
                            }
                        }
                        "tblHeader" => {
                            if let Some(t) = tables.last_mut() {
                                t.header_row = toggle_on(e);
                            }
                        }
                        "p" if !empty => {
                            paragraph = Some((body.chars, Style::default()));
                            paragraph_style = Style::default();
                        }
                        "pPr" => in_paragraph_props = !empty,
                        "pStyle" if in_paragraph_props => {
                            if let Some(id) = val(e) {
                                paragraph_style = styles.resolved(&id);
                            }
                        }
                        "outlineLvl" if in_paragraph_props && !in_run_props => {
                            if let Some(l) = val(e).and_then(|v| v.parse::<u8>().ok()) {
                                if let Some((_, own)) = paragraph.as_mut() {
                                    own.heading = (l < 9).then_some(l + 1);
                                }
                            }
                        }
                        "numPr" if in_paragraph_props => {
                            if let Some((_, own)) = paragraph.as_mut() {
                                own.numbered = true;
                            }
                        }
                        "r" if !empty => {
                            run_look = RunLook::default();
                            run_style = RunLook::default();
                        }
                        "rPr" => in_run_props = !empty,
                        "rStyle" if in_run_props => {
                            if let Some(id) = val(e) {
                                run_style = styles.resolved(&id).look;
                            }
                        }
                        n if in_run_props && !in_paragraph_props => run_look.read(n, e),
                        "t" if !empty => in_text = true,
                        "tab" if !in_paragraph_props => body.push_run("\t", run_look),
                        "br" | "cr" => body.push_str("\n"),
                        _ => {}
                    }
                }
                Event::Text(t) if in_text && skipping == 0 => {
                    let s = t.xml10_content();
                    let look = run_look.over(run_style).over(paragraph_style.look);
                    body.push_run(&s, look);
                }
                Event::GeneralRef(r) if in_text && skipping == 0 => {
                    let resolved = match r.resolve_char_ref() {
                        Ok(Some(c)) => Some(c.to_string()),
                        _ => quick_xml::escape::resolve_predefined_entity(&r.xml10_content())
                            .map(str::to_string),
                    };
                    if let Some(s) = resolved {
                        let look = run_look.over(run_style).over(paragraph_style.look);
                        body.push_run(&s, look);
                    }
                }
                Event::End(e) => {
                    if skipping > 0 {
                        skipping -= 1;
                        continue;
                    }
                    match e.local_name().as_ref() {
                        "t" => in_text = false,
                        "pPr" => in_paragraph_props = false,
                        "rPr" => in_run_props = false,
                        "p" => {
                            if let Some((start, own)) = paragraph.take() {
                                let cell = tables.last().map(|t| CellAt {
                                    table: t.index,
                                    row: t.row,
                                    col: t.col,
                                    header: t.header_row,
                                });
                                body.end_paragraph(start, &own, &paragraph_style, cell);
                            }
                        }
                        "tc" => {
                            if let Some(t) = tables.last_mut() {
                                t.col += 1;
                            }
                        }
                        "tr" => {
                            if let Some(t) = tables.last_mut() {
                                t.row += 1;
                            }
                        }
                        "tbl" => {
                            tables.pop();
                        }
                        _ => {}
                    }
                }
                _ => {}
            }
        }
        Ok(body)
    }

    /// Text of a run, with its emphasis (merged into the previous span of the same kind when
    /// they touch).
    fn push_run(&mut self, s: &str, look: RunLook) {
        let start = self.chars;
        self.push_str(s);
        let end = self.chars;
        if start == end || s.trim().is_empty() {
            return;
        }
        for kind in look.kinds() {
            match self
                .emphasis
                .iter_mut()
                .rev()
                .find(|e| e.kind == kind && e.span.end == start)
            {
                Some(e) => e.span.end = end,
                None => self.emphasis.push(Emphasis {
                    kind,
                    span: Span::new(start, end),
                }),
            }
        }
    }

    /// Close the paragraph that started at `start`: its line ends, and it becomes a block of
    /// the kind its own properties or its style give.
    fn end_paragraph(&mut self, start: usize, own: &Style, style: &Style, cell: Option<CellAt>) {
        let end = self.chars;
        self.push_str("\n");
        if end == start {
            return;
        }
        let kind = match cell {
            Some(c) => BlockKind::TableCell {
                table: c.table,
                row: c.row,
                col: c.col,
                header: c.header,
            },
            None => match own.heading.or(style.heading) {
                Some(level) => BlockKind::Heading { level },
                None if own.numbered || style.numbered => BlockKind::ListItem,
                None => BlockKind::Paragraph,
            },
        };
        self.blocks.push(BlockHint {
            kind,
            span: Span::new(start, end),
        });
    }

    fn into_ingested(self) -> Ingested {
        let index = CharIndex::new(&self.text);
        let blocks = trimmed_blocks(&self.text, &index, &self.blocks);
        let emphasis = self
            .emphasis
            .into_iter()
            .map(|e| Emphasis {
                kind: e.kind,
                span: trim_span(&self.text, &index, e.span),
            })
            .filter(|e| !e.span.is_empty())
            .collect();
        Ingested {
            text: self.text,
            format: Format::Docx,
            encoding: "UTF-8",
            blocks: Some(blocks),
            emphasis,
            hidden: Vec::new(),
            soft_breaks: Vec::new(),
            html_title: None,
            notes: Vec::new(),
            pages: Vec::new(),
        }
    }
}
