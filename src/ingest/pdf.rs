//! PDF files: the text layer of each page, in reading order, as plain text the segmenter reads
//! like any other — with the page each char came from, and the runs the PDF draws in a bold
//! font as emphasis.
//!
//! What is read (the page's text runs come from `pdf_oxide`, chosen by measurement: see the
//! README's PDF section):
//! - **lines**: runs on one baseline (within 40 % of their size) make a line, left to right;
//!   a gap wider than most of a char between two runs is a space (a table's columns), a
//!   smaller one only between Latin letters or digits (words);
//! - **paragraphs**: a line further below the one above than the usual line pitch (×1.3)
//!   starts after a blank line, so the segmenter sees paragraphs as it does in a text file;
//!   hard wraps inside a paragraph are left for it to join, as in a text file;
//! - **running headers, footers and page numbers** are dropped: lines the PDF itself marks as
//!   pagination artifacts (tagged PDFs, e.g. a browser's print), lines among a page's first or
//!   last two that repeat on at least half of the pages (digits aside: `第 3 页`, dates), and a
//!   page's first or last line that is nothing but a page number (`12`, `- 3 -`, `3/8`,
//!   `第 3 页 共 8 页`, `Page 3 of 8`);
//! - **emphasis**: runs in a bold font (the font's declared weight, its force-bold flag, or
//!   `Bold`/`Heavy`/`Black` in its name) at body size; larger bold text is a heading, not a
//!   marked clause. A synthetic bold drawn by stroking a regular font is not recognised.
//!
//! The text built here is the policy's original: offsets index it. A PDF with no text at all
//! (a scan) is refused, saying what to do; pages without text in an otherwise readable PDF
//! are named in a note.
use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use super::{BlockHint, Ingested};
use crate::document::{BlockKind, Emphasis, EmphasisKind, Format, Span};

/// Most pages read: a policy runs to tens of pages; a file claiming millions is damaged or
/// hostile, and reading them all would not end.
const MAX_PAGES: usize = 3_000;

/// A PDF starts with `%PDF-` (readers accept it anywhere in the first kilobyte).
pub(crate) fn is_pdf(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    head.windows(5).any(|w| w == b"%PDF-")
}

/// The refusal of a PDF whose pages hold no text.
pub const NO_TEXT_LAYER: &str = "这个 PDF 没有文字层（页面是图片，可能是扫描件）：\
请先用带文字识别（OCR）的软件把它转成可选中文字的 PDF 或文本，或找到政策的网页版，再导入";

/// The refusal of a PDF that needs a password to open.
pub const ENCRYPTED: &str = "这个 PDF 设有打开密码：请在 PDF 阅读器中输入密码打开，\
另存（或打印）为不加密的 PDF 后再导入";

/// A run of text as the page draws it: its text, where its baseline starts and how wide it is
/// (points, y upwards), its font size and whether its font is bold.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Run {
    pub text: String,
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub size: f32,
    pub bold: bool,
    /// The PDF marks it as a running header, footer or page number.
    pub pagination: bool,
}

/// The share of a PDF's bytes that, as U+FFFD's UTF-8 form (`EF BF BD`), says the file was
/// once decoded as text and saved again: every byte that was not text became `�`. Binary
/// streams hold those three bytes about once in 16 million positions; such a copy holds them
/// in a fifth of its bytes (all twelve PDFs of the crawl). Nothing can bring the streams back.
const MAX_REPLACEMENT_SHARE: f64 = 0.01;

/// The refusal of a PDF whose binary data was replaced by `�`, or `None`.
fn saved_as_text(bytes: &[u8]) -> Option<String> {
    let replaced = bytes
        .windows(3)
        .filter(|w| *w == "\u{fffd}".as_bytes())
        .count();
    let share = (3 * replaced) as f64 / bytes.len().max(1) as f64;
    (replaced >= 64 && share > MAX_REPLACEMENT_SHARE).then(|| {
        format!(
            "PDF 文件已损坏：它曾被当作文本打开后另存，{:.0}% 的字节被替换成了 �（U+FFFD），\
             页面内容已无法恢复；请重新下载原始 PDF，或找到政策的网页版",
            share * 100.0
        )
    })
}

/// Read a PDF into text, in the reader's words when it cannot be.
pub(crate) fn ingest(bytes: &[u8]) -> Result<Ingested, String> {
    // Told before the parser sees it: reconstructing such a file's cross-references read it
    // over and over only to fail (0.3 s for a 1 MB file).
    if let Some(refusal) = saved_as_text(bytes) {
        return Err(refusal);
    }
    // The parser is large and meets hostile files; a panic inside it must refuse the file,
    // not end the import (or the desktop app's worker).
    let pages = catch_unwind(AssertUnwindSafe(|| read_pages(bytes)))
        .unwrap_or_else(|_| Err("PDF 文件已损坏，无法读取（解析时出错）".to_string()))?;
    let laid_out = lay_out(&pages);
    if laid_out.text.trim().is_empty() {
        return Err(NO_TEXT_LAYER.to_string());
    }
    let mut notes = Vec::new();
    if !laid_out.pages_without_text.is_empty() {
        let list: Vec<String> = laid_out
            .pages_without_text
            .iter()
            .take(20)
            .map(|p| (p + 1).to_string())
            .collect();
        let more = if laid_out.pages_without_text.len() > 20 {
            " 等"
        } else {
            ""
        };
        notes.push(format!(
            "第 {}{more} 页没有文字层（可能是扫描页），这些页的内容未读入",
            list.join("、")
        ));
    }
    Ok(Ingested {
        text: laid_out.text,
        format: Format::Pdf,
        encoding: "UTF-8",
        blocks: Some(laid_out.blocks),
        emphasis: laid_out.emphasis,
        hidden: Vec::new(),
        soft_breaks: Vec::new(),
        html_title: None,
        notes,
        pages: laid_out.page_starts,
    })
}

/// Every page's text runs, in the order the page draws them.
fn read_pages(bytes: &[u8]) -> Result<Vec<Vec<Run>>, String> {
    let doc = pdf_oxide::PdfDocument::from_bytes(bytes.to_vec())
        .map_err(|e| format!("PDF 文件已损坏或不完整（{e}）"))?;
    if doc.is_encrypted() && !doc.authenticate(b"").unwrap_or(false) {
        return Err(ENCRYPTED.to_string());
    }
    let count = doc
        .page_count()
        .map_err(|e| format!("PDF 文件已损坏，读不出页数（{e}）"))?;
    if count == 0 {
        return Err("这个 PDF 没有页面".to_string());
    }
    if count > MAX_PAGES {
        return Err(format!(
            "这个 PDF 有 {count} 页，超过可读入的上限 {MAX_PAGES} 页：文件可能已损坏"
        ));
    }
    let read = runs_of_every_page(&doc, count);
    let failed = read.iter().filter(|page| page.is_none()).count();
    // A page that cannot be read reads as empty (named in the note on pages without text);
    // the rest of the document is still the policy.
    let pages: Vec<Vec<Run>> = read.into_iter().map(Option::unwrap_or_default).collect();
    if failed == count {
        return Err("PDF 文件已损坏：没有一页能读出内容".to_string());
    }
    Ok(pages)
}

/// Pages read at once by a reader that has the machine to itself: a 50-page PDF is read on
/// two cores in ~0.6 of the time of one (its fonts are parsed once, by whichever thread meets
/// them first). An import's workers, which already share the cores, read a PDF's pages in turn.
const PARALLEL_FROM_PAGES: usize = 4;

/// [`page_runs`] of pages `0..count`, in page order, on as many threads as pay.
fn runs_of_every_page(doc: &pdf_oxide::PdfDocument, count: usize) -> Vec<Option<Vec<Run>>> {
    let threads = if count < PARALLEL_FROM_PAGES || crate::threads::is_pool_worker() {
        1
    } else {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
            .min(count / 2)
            .clamp(1, 8)
    };
    if threads == 1 {
        return (0..count).map(|index| page_runs(doc, index)).collect();
    }
    let next = AtomicUsize::new(0);
    let read: Mutex<Vec<Option<Vec<Run>>>> = Mutex::new(vec![None; count]);
    let work = || loop {
        let index = next.fetch_add(1, Ordering::Relaxed);
        if index >= count {
            break;
        }
        let runs = page_runs(doc, index);
        read.lock().unwrap_or_else(|e| e.into_inner())[index] = runs;
    };
    // A panic on a helper thread resumes here, inside `ingest`'s catch_unwind.
    std::thread::scope(|scope| {
        for _ in 1..threads {
            scope.spawn(work);
        }
        work();
    });
    read.into_inner().unwrap_or_else(|e| e.into_inner())
}

/// One page's runs. `pdf_oxide` gives a page two ways: as spans of text (their text is
/// right, ligatures expanded; but a span can run a few glyphs past a font change: measured on
/// browser-printed PDFs, `<b>设备信息</b>例如` came back as one bold span `设备信息例如`), and glyph
/// by glyph, each with its font (right about weight, but fonts without a name — the Type 3
/// fonts Chromium on Linux writes for CJK text — decode glyph by glyph into garbage). So the
/// text comes from the spans, and each span is cut where the weight of the glyphs it covers
/// changes, when it covers as many glyphs as it has chars. The spans also carry the PDF's own
/// marks of running headers and footers.
fn page_runs(doc: &pdf_oxide::PdfDocument, index: usize) -> Option<Vec<Run>> {
    use pdf_oxide::extractors::text::ArtifactType;
    let spans = doc.extract_spans(index).ok()?;
    let chars = doc.extract_chars(index).unwrap_or_default();
    // Glyphs by baseline (half-point steps), in drawing order.
    let mut by_line: HashMap<i32, Vec<&pdf_oxide::layout::TextChar>> = HashMap::new();
    for c in &chars {
        if !c.char.is_whitespace() {
            by_line
                .entry((c.origin_y * 2.0).round() as i32)
                .or_default()
                .push(c);
        }
    }
    let mut runs = Vec::new();
    for span in spans.iter().filter(|s| !s.text.is_empty()) {
        let run = Run {
            pagination: matches!(span.artifact_type, Some(ArtifactType::Pagination(_))),
            bold: span.font_weight.is_bold(),
            x: span.bbox.x,
            y: span.bbox.y,
            width: span.bbox.width,
            size: span.font_size,
            text: span.text.clone(),
        };
        let key = (run.y * 2.0).round() as i32;
        let mut glyphs: Vec<&pdf_oxide::layout::TextChar> = (key - 1..=key + 1)
            .filter_map(|k| by_line.get(&k))
            .flatten()
            .copied()
            .filter(|c| run.x - 0.5 <= c.origin_x && c.origin_x < run.x + run.width - 0.1)
            .collect();
        glyphs.sort_by(|a, b| a.origin_x.total_cmp(&b.origin_x));
        let visible = run.text.chars().filter(|c| !c.is_whitespace()).count();
        if glyphs.len() != visible {
            runs.push(run);
            continue;
        }
        runs.extend(split_by_weight(
            &run,
            &glyphs
                .iter()
                .map(|g| g.font_weight.is_bold())
                .collect::<Vec<_>>(),
        ));
    }
    Some(runs)
}

/// `run` cut where the weight of its visible chars changes (`bold`: one flag per char that is
/// not white space; white space goes with the char before it). The pieces share the run's
/// width in proportion to their chars.
fn split_by_weight(run: &Run, bold: &[bool]) -> Vec<Run> {
    let total = run.text.chars().count().max(1) as f32;
    let mut pieces: Vec<Run> = Vec::new();
    let mut visible = 0;
    for (i, c) in run.text.chars().enumerate() {
        let weight = if c.is_whitespace() {
            pieces.last().map_or(run.bold, |p| p.bold)
        } else {
            visible += 1;
            bold[visible - 1]
        };
        match pieces.last_mut() {
            Some(piece) if piece.bold == weight => {
                piece.text.push(c);
                piece.width += run.width / total;
            }
            _ => pieces.push(Run {
                text: c.to_string(),
                x: run.x + run.width * i as f32 / total,
                width: run.width / total,
                bold: weight,
                ..run.clone()
            }),
        }
    }
    pieces
}

/// A page's line: its runs left to right, its baseline and its largest font size.
#[derive(Debug, Clone)]
struct Line {
    runs: Vec<Run>,
    y: f32,
    size: f32,
}

/// A page's text column: where its lines start and how far the longest reaches.
#[derive(Debug, Clone, Copy)]
struct Column {
    left: f32,
    right: f32,
}

impl Column {
    fn of(lines: &[Line]) -> Column {
        Column {
            left: lines.iter().map(Line::start).fold(f32::INFINITY, f32::min),
            right: lines.iter().map(Line::end).fold(0.0, f32::max),
        }
    }
}

impl Line {
    /// Where the line's first run starts.
    fn start(&self) -> f32 {
        self.runs.first().map_or(0.0, |r| r.x)
    }

    /// Where the line's last run ends.
    fn end(&self) -> f32 {
        self.runs.last().map_or(0.0, |r| r.x + r.width)
    }

    /// The line's text, runs joined with a space where the page leaves a gap.
    fn text(&self) -> String {
        let mut text = String::new();
        for (i, run) in self.runs.iter().enumerate() {
            if i > 0 && needs_space(&self.runs[i - 1], run) {
                text.push(' ');
            }
            text.push_str(&run.text);
        }
        text
    }
}

/// Whether the gap between two runs of a line reads as a space.
fn needs_space(left: &Run, right: &Run) -> bool {
    let (Some(last), Some(first)) = (left.text.chars().last(), right.text.chars().next()) else {
        return false;
    };
    if last.is_whitespace() || first.is_whitespace() {
        return false;
    }
    let gap = right.x - (left.x + left.width);
    let size = left.size.max(right.size).max(1.0);
    if gap > 0.8 * size {
        return true;
    }
    gap > 0.15 * size && last.is_ascii_alphanumeric() && first.is_ascii_alphanumeric()
}

/// The runs of one page grouped into lines, top to bottom.
fn lines_of(runs: &[Run]) -> Vec<Line> {
    let mut sorted: Vec<&Run> = runs.iter().collect();
    sorted.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x.total_cmp(&b.x)));
    let mut lines: Vec<Line> = Vec::new();
    for run in sorted {
        match lines.last_mut() {
            Some(line) if (line.y - run.y).abs() <= 0.4 * line.size.max(run.size) => {
                line.size = line.size.max(run.size);
                line.runs.push(run.clone());
            }
            _ => lines.push(Line {
                runs: vec![run.clone()],
                y: run.y,
                size: run.size,
            }),
        }
    }
    for line in &mut lines {
        line.runs.sort_by(|a, b| a.x.total_cmp(&b.x));
    }
    lines
}

/// A line as compared across pages: digits (page numbers, dates) and spaces left out.
fn running_key(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .collect()
}

/// Whether a line is nothing but a page number: `12`, `- 3 -`, `3/8`, `第 3 页`,
/// `第 3 页 共 8 页`, `Page 3 of 8`, `iv`.
fn is_page_number(text: &str) -> bool {
    let lower = text.trim().to_lowercase();
    if lower.is_empty() || lower.chars().count() > 24 {
        return false;
    }
    let roman = !lower.is_empty() && lower.chars().all(|c| "ivxlc".contains(c));
    if roman && lower.chars().count() <= 6 {
        return true;
    }
    let rest = lower.replace("page", "").replace("of", "");
    rest.chars().any(|c| c.is_ascii_digit())
        && rest
            .chars()
            .all(|c| c.is_ascii_digit() || c.is_whitespace() || "第页共/／-–—·.|()（）".contains(c))
}

/// What [`lay_out`] makes of a document's pages.
#[derive(Debug, Default)]
struct LaidOut {
    text: String,
    emphasis: Vec<Emphasis>,
    /// Char offset where each page's text starts.
    page_starts: Vec<usize>,
    /// Pages (0-based) with no text left.
    pages_without_text: Vec<usize>,
    /// One block per line as the text ran before it was set (wrapped lines joined): a
    /// heading when it is set larger than the body, else a paragraph (a list item when it
    /// starts with a bullet).
    blocks: Vec<BlockHint>,
    /// Chars in `text` so far.
    chars: usize,
}

impl LaidOut {
    /// Append `s`; the char offset after it.
    fn push(&mut self, s: &str) -> usize {
        self.text.push_str(s);
        self.chars += s.chars().count();
        self.chars
    }
}

/// The lines of the pages with running headers, footers and page numbers removed.
fn body_lines(pages: &[Vec<Run>]) -> Vec<Vec<Line>> {
    let mut pages: Vec<Vec<Line>> = pages
        .iter()
        .map(|runs| {
            let body: Vec<Run> = runs.iter().filter(|r| !r.pagination).cloned().collect();
            lines_of(&body)
        })
        .collect();
    // The first and last two lines of a page are where headers and footers sit.
    let edges = |lines: &[Line]| -> Vec<usize> {
        let n = lines.len();
        let mut at: Vec<usize> = (0..n.min(2)).chain(n.saturating_sub(2)..n).collect();
        at.dedup();
        at
    };
    let mut seen: HashMap<String, usize> = HashMap::new();
    for lines in &pages {
        let mut keys: Vec<String> = edges(lines)
            .into_iter()
            .map(|i| running_key(&lines[i].text()))
            .collect();
        keys.sort();
        keys.dedup();
        for key in keys {
            *seen.entry(key).or_default() += 1;
        }
    }
    let page_count = pages.len();
    let repeats =
        |key: &str| page_count >= 3 && seen.get(key).copied().unwrap_or(0) * 2 >= page_count.max(4);
    for lines in &mut pages {
        let drop: Vec<usize> = edges(lines)
            .into_iter()
            .filter(|&i| {
                let text = lines[i].text();
                let outermost = i == 0 || i + 1 == lines.len();
                repeats(&running_key(&text)) || (outermost && is_page_number(&text))
            })
            .collect();
        let mut i = 0;
        lines.retain(|_| {
            let keep = !drop.contains(&i);
            i += 1;
            keep
        });
    }
    pages
}

/// The document's text from its pages' runs: lines top to bottom, a blank line before a
/// paragraph that stands apart, pages one after the other.
fn lay_out(pages: &[Vec<Run>]) -> LaidOut {
    let pages = body_lines(pages);
    // Body size: the size most chars are set in; body pitch: the usual distance between two
    // body lines. A bold run larger than the body is a heading; a wider gap is a paragraph's.
    let mut sizes: HashMap<i32, usize> = HashMap::new();
    let mut pitches: Vec<f32> = Vec::new();
    for lines in &pages {
        for line in lines {
            for run in &line.runs {
                *sizes.entry((run.size * 10.0).round() as i32).or_default() +=
                    run.text.chars().count();
            }
        }
        for pair in lines.windows(2) {
            let pitch = pair[0].y - pair[1].y;
            if pitch > 0.0 && (pair[0].size - pair[1].size).abs() < 0.5 {
                pitches.push(pitch / pair[1].size.max(1.0));
            }
        }
    }
    let body_size = sizes
        .iter()
        .max_by_key(|(size, chars)| (**chars, -**size))
        .map_or(10.0, |(size, _)| *size as f32 / 10.0);
    pitches.sort_by(f32::total_cmp);
    let pitch = pitches.get(pitches.len() / 2).copied().unwrap_or(1.5);

    // Heading levels: the sizes set larger than the body, largest first.
    let heading_size = |size: f32| size > body_size * 1.15;
    let mut heading_sizes: Vec<i32> = sizes
        .keys()
        .copied()
        .filter(|&s| heading_size(s as f32 / 10.0))
        .collect();
    heading_sizes.sort_unstable_by(|a, b| b.cmp(a));
    let kind_of = |line: &Line, text: &str| -> BlockKind {
        if heading_size(line.size) {
            let key = (line.size * 10.0).round() as i32;
            let rank = heading_sizes.iter().position(|&s| s == key).unwrap_or(0);
            BlockKind::Heading {
                level: (rank + 1).min(6) as u8,
            }
        } else if text
            .trim_start()
            .starts_with(['•', '●', '▪', '■', '◆', '·', '-', '–'])
        {
            BlockKind::ListItem
        } else {
            BlockKind::Paragraph
        }
    };
    let mut out = LaidOut::default();
    let mut bold: Vec<Span> = Vec::new();
    // The block being built: its kind (from its first line) and where it starts.
    let mut open: Option<(BlockKind, usize)> = None;
    // Line ends that are not wraps (a paragraph ends, or a line stops short of the column's
    // right edge): a bold clause never runs across one.
    let mut hard_ends: Vec<usize> = Vec::new();
    // The line before, with its page's column edges.
    let mut above: Option<(&Line, Column)> = None;
    for (page, lines) in pages.iter().enumerate() {
        let column = Column::of(lines);
        if lines.is_empty() {
            out.pages_without_text.push(page);
        }
        for (i, line) in lines.iter().enumerate() {
            if let Some((last, last_column)) = above {
                // Within a page a gap wider than the usual pitch is a paragraph's; across a
                // page break there is no gap to read.
                let paragraph = i > 0 && (last.y - line.y) / line.size.max(1.0) > pitch * 1.3;
                // A full line that ends a sentence may end its paragraph too: left to the
                // segmenter, as in a text file.
                let wraps = !paragraph
                    && !last.text().ends_with(['。', '！', '？', '；', '.', '!', '?', ';', ':', '：'])
                    && (last.size - line.size).abs() < 0.5
                    // Full, give or take two chars: a line may not start with `。` or `，`,
                    // so the char before one moves down with it and leaves the line short.
                    && last.end() >= last_column.right - 2.5 * last.size
                    // where the column starts, or where the line above does (a list item's
                    // text, indented): a line set further in starts a paragraph.
                    && line.start() <= column.left.max(last.start()) + 1.5 * line.size;
                if wraps {
                    // A wrapped line goes on where the line above stopped, as the text ran
                    // before it was set on the page (a space only between Latin words).
                    let joint = (last.text().chars().last(), line.text().chars().next());
                    if let (Some(l), Some(r)) = joint {
                        if l.is_ascii_alphanumeric() && r.is_ascii_alphanumeric() {
                            out.push(" ");
                        }
                    }
                } else {
                    hard_ends.push(out.chars);
                    if let Some((kind, start)) = open.take() {
                        out.blocks.push(BlockHint {
                            kind,
                            span: Span::new(start, out.chars),
                        });
                    }
                    out.push(if paragraph { "\n\n" } else { "\n" });
                }
            }
            if open.is_none() {
                open = Some((kind_of(line, &line.text()), out.chars));
            }
            if i == 0 {
                out.page_starts.push(out.chars);
            }
            for (j, run) in line.runs.iter().enumerate() {
                if j > 0 && needs_space(&line.runs[j - 1], run) {
                    out.push(" ");
                }
                let start = out.chars;
                let end = out.push(&run.text);
                if run.bold && run.size <= body_size * 1.15 {
                    bold.push(Span::new(start, end));
                }
            }
            above = Some((line, column));
        }
        if lines.is_empty() {
            out.page_starts.push(out.chars);
        }
    }
    if let Some((kind, start)) = open {
        out.blocks.push(BlockHint {
            kind,
            span: Span::new(start, out.chars),
        });
    }
    let index = crate::document::CharIndex::new(&out.text);
    out.blocks = super::trimmed_blocks(&out.text, &index, &out.blocks);
    out.emphasis = merge_touching(&out.text, bold, &hard_ends)
        .into_iter()
        .map(|span| Emphasis {
            kind: EmphasisKind::Bold,
            span,
        })
        .collect();
    out
}

/// Bold runs with nothing but white space between them (a clause wrapped over two lines, or
/// set as several runs) as one span each, trimmed of white space; never across a line end
/// in `hard_ends` (sorted char offsets: list items in bold are one span each).
fn merge_touching(text: &str, spans: Vec<Span>, hard_ends: &[usize]) -> Vec<Span> {
    let chars: Vec<char> = text.chars().collect();
    let mut merged: Vec<Span> = Vec::new();
    for span in spans {
        if let Some(last) = merged.last_mut() {
            let between = last.end..span.start.max(last.end);
            let crosses_hard_end = {
                let at = hard_ends.partition_point(|&h| h < between.start);
                hard_ends.get(at).is_some_and(|&h| h < between.end)
            };
            if !crosses_hard_end && chars[between].iter().all(|c| c.is_whitespace()) {
                last.end = last.end.max(span.end);
                continue;
            }
        }
        merged.push(span);
    }
    merged
        .into_iter()
        .filter_map(|s| {
            let lead = chars[s.start..s.end]
                .iter()
                .take_while(|c| c.is_whitespace())
                .count();
            let trail = chars[s.start + lead..s.end]
                .iter()
                .rev()
                .take_while(|c| c.is_whitespace())
                .count();
            let span = Span::new(s.start + lead, s.end - trail);
            (!span.is_empty()).then_some(span)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str, x: f32, y: f32, size: f32, bold: bool) -> Run {
        Run {
            text: text.to_string(),
            x,
            y,
            width: size * text.chars().count() as f32,
            size,
            bold,
            pagination: false,
        }
    }

    /// A page of body lines of 10 pt at a 15 pt pitch, top first, with a header and a footer.
    fn page(number: usize, body: &[&str]) -> Vec<Run> {
        let mut runs = vec![run("某某应用隐私政策", 200.0, 780.0, 8.0, false)];
        for (i, text) in body.iter().enumerate() {
            runs.push(run(text, 40.0, 700.0 - 15.0 * i as f32, 10.0, false));
        }
        runs.push(run(&format!("第 {number} 页"), 290.0, 30.0, 8.0, false));
        runs
    }

    #[test]
    fn runs_on_one_baseline_make_a_line_in_x_order() {
        let runs = vec![
            run("第二段", 100.0, 700.5, 10.0, false),
            run("第一段", 40.0, 700.0, 10.0, false),
            run("下一行", 40.0, 685.0, 10.0, false),
        ];
        let lines = lines_of(&runs);
        assert_eq!(lines.len(), 2);
        // 40 + 30 = 70, then a 30 pt gap: a table's next column.
        assert_eq!(lines[0].text(), "第一段 第二段");
        assert_eq!(lines[1].text(), "下一行");
    }

    #[test]
    fn a_small_gap_is_a_space_only_between_latin_words() {
        let a = run("SDK", 40.0, 700.0, 10.0, false);
        let mut b = run("名称", 40.0, 700.0, 10.0, false);
        b.x = a.x + a.width + 2.0;
        assert!(!needs_space(&a, &b));
        let mut c = run("Android", 40.0, 700.0, 10.0, false);
        c.x = a.x + a.width + 2.0;
        assert!(needs_space(&a, &c));
    }

    #[test]
    fn page_numbers_are_known_in_their_usual_forms() {
        for yes in [
            "12",
            "- 3 -",
            "3/8",
            "第 3 页",
            "第3页 共8页",
            "Page 3 of 8",
            "iv",
        ] {
            assert!(is_page_number(yes), "{yes}");
        }
        for no in ["3. 我们如何共享", "第三条", "2024年1月1日", "隐私政策", ""] {
            assert!(!is_page_number(no), "{no}");
        }
    }

    #[test]
    fn running_headers_footers_and_page_numbers_are_dropped() {
        let pages = vec![
            page(1, &["一、收集", "我们收集您的手机号码。"]),
            page(2, &["二、使用", "用于注册登录。"]),
            page(3, &["三、联系我们", "邮箱 privacy@example.com"]),
        ];
        let laid = lay_out(&pages);
        assert!(!laid.text.contains("某某应用隐私政策"), "{}", laid.text);
        assert!(!laid.text.contains("页"), "{}", laid.text);
        assert!(laid
            .text
            .starts_with("一、收集\n我们收集您的手机号码。\n二、"));
        assert_eq!(laid.page_starts.len(), 3);
        let second = laid.page_starts[1];
        assert!(laid
            .text
            .chars()
            .skip(second)
            .collect::<String>()
            .starts_with("二、"));
    }

    #[test]
    fn a_header_on_two_pages_is_kept_but_a_lone_page_number_goes() {
        // Two pages are too few to call a line a running header.
        let pages = vec![page(1, &["正文一"]), page(2, &["正文二"])];
        let laid = lay_out(&pages);
        assert!(laid.text.contains("某某应用隐私政策"));
        assert!(!laid.text.contains("第 1 页"), "{}", laid.text);
    }

    #[test]
    fn the_pdfs_own_pagination_marks_are_honoured_on_one_page() {
        let mut runs = page(1, &["正文"]);
        runs[0].pagination = true;
        let laid = lay_out(&[runs]);
        assert_eq!(laid.text, "正文");
    }

    #[test]
    fn a_wider_gap_starts_a_paragraph() {
        let runs = vec![
            run("第一段第一行", 40.0, 700.0, 10.0, false),
            run("第一段第二行", 40.0, 685.0, 10.0, false),
            run("第一段第三行", 40.0, 670.0, 10.0, false),
            run("第二段", 40.0, 640.0, 10.0, false),
        ];
        let laid = lay_out(&[runs]);
        // The lines of the first paragraph are as long as the column: wraps, joined.
        assert_eq!(laid.text, "第一段第一行第一段第二行第一段第三行\n\n第二段");
    }

    #[test]
    fn bold_runs_at_body_size_are_emphasis_and_join_across_a_wrap() {
        let runs = vec![
            run("标题", 40.0, 730.0, 16.0, true),
            run("我们会收集", 40.0, 700.0, 10.0, false),
            run("您的身份证", 90.0, 700.0, 10.0, true),
            run("号码与人脸信息", 40.0, 685.0, 10.0, true),
            run("。", 110.0, 685.0, 10.0, false),
            run("其他内容", 40.0, 670.0, 10.0, false),
        ];
        let laid = lay_out(&[runs]);
        let chars: Vec<char> = laid.text.chars().collect();
        let emphasised: Vec<String> = laid
            .emphasis
            .iter()
            .map(|e| chars[e.span.start..e.span.end].iter().collect())
            .collect();
        assert_eq!(emphasised, ["您的身份证号码与人脸信息"]);
    }

    #[test]
    fn bold_lines_that_stop_short_stay_separate_clauses() {
        let runs = vec![
            run(
                "正文正文正文正文正文正文正文正文正文正文",
                40.0,
                715.0,
                10.0,
                false,
            ),
            run("我们收集哪些信息", 40.0, 700.0, 10.0, true),
            run("我们收集信息的用途", 40.0, 685.0, 10.0, true),
        ];
        let laid = lay_out(&[runs]);
        assert_eq!(laid.emphasis.len(), 2, "{:?}", laid.emphasis);
    }

    #[test]
    fn a_page_without_text_is_named() {
        let pages = vec![page(1, &["正文一"]), Vec::new(), page(3, &["正文三"])];
        let laid = lay_out(&pages);
        assert_eq!(laid.pages_without_text, [1]);
    }

    #[test]
    fn damaged_bytes_are_refused_not_panicked_on() {
        for bytes in [
            &b"%PDF-1.4\n"[..],
            b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF",
            b"%PDF-\xff\xfe\x00garbage",
        ] {
            assert!(ingest(bytes).is_err());
        }
    }
}
