//! Ingest: bytes on disk → decoded text plus whatever structure the format carries.
//!
//! Plain text (including text pulled out of PDFs) carries no structure: [`crate::segment`] finds
//! headings and paragraphs in its lines. Markdown and HTML carry blocks and emphasis, which are
//! returned as [`BlockHint`]s and [`Emphasis`] ranges over the text.
//!
//! Every refusal is an [`Error::Refused`] naming the file and the reason; nothing is written.
mod docx;
mod html;
mod markdown;
mod pdf;

pub use pdf::{ENCRYPTED as PDF_ENCRYPTED, NO_TEXT_LAYER as PDF_NO_TEXT_LAYER};

use std::io::Read;
use std::path::Path;
use std::sync::LazyLock;

use aho_corasick::AhoCorasick;

use crate::decode::{decode, decode_owned, DecodeProblem, Decoded};
use crate::document::{BlockKind, CharIndex, Emphasis, Format, Span};
use crate::error::{Error, Result};

/// Default largest file accepted: real policies are well under 1 MB; 32 MB leaves room for
/// bloated HTML exports without letting a stray video or database in.
pub const DEFAULT_MAX_BYTES: u64 = 32 * 1024 * 1024;

#[derive(Debug, Clone)]
pub struct IngestOptions {
    pub max_bytes: u64,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            max_bytes: DEFAULT_MAX_BYTES,
        }
    }
}

/// A block the source format declared (Markdown/HTML).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BlockHint {
    pub kind: BlockKind,
    pub span: Span,
}

/// A decoded file before segmentation.
#[derive(Debug, Clone)]
pub struct Ingested {
    pub text: String,
    pub format: Format,
    pub encoding: &'static str,
    /// Blocks declared by the format; `None` for plain text.
    pub blocks: Option<Vec<BlockHint>>,
    pub emphasis: Vec<Emphasis>,
    /// Markup inside blocks a reader should not see.
    pub hidden: Vec<Span>,
    /// Line breaks inside a block that read as nothing (Markdown soft breaks).
    pub soft_breaks: Vec<Span>,
    /// An HTML `<title>`, when present.
    pub html_title: Option<String>,
    /// What a reader should know about how the file was read (e.g. markup nested too deep was
    /// flattened); empty for almost every file.
    pub notes: Vec<String>,
    /// For a paged document (PDF): the char offset where each page's text starts, page 1
    /// first. Empty for formats without pages.
    pub pages: Vec<usize>,
}

/// Why [`read_regular_file`] read nothing.
#[derive(Debug)]
pub enum ReadProblem {
    /// A folder, a named pipe, a socket, a device: what it is.
    NotAFile(&'static str),
    TooLarge {
        bytes: u64,
        limit: u64,
    },
    Io(std::io::Error),
}

impl std::fmt::Display for ReadProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadProblem::NotAFile(what) => write!(f, "不是普通文件（{what}）"),
            ReadProblem::TooLarge { bytes, limit } => {
                f.write_str(&too_large_message(*bytes, *limit))
            }
            ReadProblem::Io(e) => f.write_str(&crate::error::io_message(e)),
        }
    }
}

/// A file over the size limit, said with both sizes (and how to raise the limit).
pub fn too_large_message(bytes: u64, limit: u64) -> String {
    format!("文件太大（{bytes} 字节，上限为 {limit} 字节；可用 --max-bytes 调高上限）")
}

/// The end of the refusal of a file that decodes to no text (the import counts it as empty).
pub const NO_TEXT: &str = "文件中没有正文";

/// What kind of file system entry `t` is, for a message.
fn file_kind(t: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "命名管道";
        }
        if t.is_socket() {
            return "套接字";
        }
        if t.is_block_device() || t.is_char_device() {
            return "设备";
        }
    }
    if t.is_dir() {
        "文件夹"
    } else {
        "不是文件"
    }
}

/// Read a regular file of at most `max_bytes`. Anything else is refused without blocking: the
/// file is opened non-blocking (a named pipe with no writer would otherwise wait forever, with
/// the library's writer lock held) and checked on the open handle, so a file swapped for a pipe
/// after a check cannot slip through.
pub fn read_regular_file(path: &Path, max_bytes: u64) -> std::result::Result<Vec<u8>, ReadProblem> {
    let mut open = std::fs::OpenOptions::new();
    open.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        open.custom_flags(libc::O_NONBLOCK);
    }
    let file = open.open(path).map_err(|e| match std::fs::metadata(path) {
        Ok(m) if !m.is_file() => ReadProblem::NotAFile(file_kind(m.file_type())),
        _ => ReadProblem::Io(e),
    })?;
    let meta = file.metadata().map_err(ReadProblem::Io)?;
    if !meta.is_file() {
        return Err(ReadProblem::NotAFile(file_kind(meta.file_type())));
    }
    if meta.len() > max_bytes {
        return Err(ReadProblem::TooLarge {
            bytes: meta.len(),
            limit: max_bytes,
        });
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(ReadProblem::Io)?;
    if bytes.len() as u64 > max_bytes {
        return Err(ReadProblem::TooLarge {
            bytes: bytes.len() as u64,
            limit: max_bytes,
        });
    }
    Ok(bytes)
}

/// Read and decode one file. The size limit is checked before reading.
pub fn read_file(path: &Path, options: &IngestOptions) -> Result<Ingested> {
    let bytes = read_regular_file(path, options.max_bytes).map_err(|p| match p {
        ReadProblem::Io(source) => Error::Io {
            path: path.to_path_buf(),
            source,
        },
        p => Error::Refused {
            path: path.to_path_buf(),
            reason: p.to_string(),
        },
    })?;
    ingest_owned(path, bytes)
}

/// Decode `bytes` (named `path` for messages and format detection by extension).
pub fn ingest_bytes(path: &Path, bytes: &[u8]) -> Result<Ingested> {
    if let Some(document) = ingest_document(path, bytes) {
        return document;
    }
    ingest_decoded(path, decode(bytes))
}

/// [`ingest_bytes`], taking the bytes: UTF-8 bytes become the text without a copy.
pub fn ingest_owned(path: &Path, bytes: Vec<u8>) -> Result<Ingested> {
    if let Some(document) = ingest_document(path, &bytes) {
        return document;
    }
    ingest_decoded(path, decode_owned(bytes))
}

/// A document that is not text, known by its first bytes whatever its name: a PDF or a
/// `.docx` (a zip package) is read; a legacy `.doc` is refused, saying what to do. `None` for
/// anything else.
fn ingest_document(path: &Path, bytes: &[u8]) -> Option<Result<Ingested>> {
    let refuse = |reason: String| Error::Refused {
        path: path.to_path_buf(),
        reason,
    };
    if pdf::is_pdf(bytes) {
        return Some(pdf::ingest(bytes).map_err(refuse));
    }
    if docx::is_ole(bytes) {
        return Some(Err(refuse(OLD_WORD.to_string())));
    }
    if !docx::is_zip(bytes) {
        return None;
    }
    Some(docx::ingest(bytes).map_err(refuse).and_then(|ingested| {
        if ingested.text.trim().is_empty() {
            Err(refuse(format!("这个 Word 文档{NO_TEXT}")))
        } else {
            Ok(ingested)
        }
    }))
}

/// Whether `bytes` are a document read by its structure, never decoded as text: a PDF, a
/// `.docx` package or a legacy `.doc`.
pub(crate) fn is_structured_document(bytes: &[u8]) -> bool {
    pdf::is_pdf(bytes) || docx::is_zip(bytes) || docx::is_ole(bytes)
}

/// The refusal of a legacy Word file (an OLE compound file: `.doc`, or `.xls`/`.ppt`).
pub const OLD_WORD: &str =
    "这是旧版 Word 格式（.doc）：请在 Word 或 WPS 中打开它，另存为 .docx 后再导入";

fn ingest_decoded(
    path: &Path,
    decoded: std::result::Result<Decoded, DecodeProblem>,
) -> Result<Ingested> {
    let refuse = |reason: String| Error::Refused {
        path: path.to_path_buf(),
        reason,
    };
    let decoded = decoded.map_err(|p: DecodeProblem| refuse(p.to_string()))?;
    let format = detect_format(path, &decoded.text);
    let mut ingested = match format {
        Format::Text => Ingested {
            text: decoded.text,
            format,
            encoding: decoded.encoding,
            blocks: None,
            emphasis: Vec::new(),
            hidden: Vec::new(),
            soft_breaks: Vec::new(),
            html_title: None,
            notes: Vec::new(),
            pages: Vec::new(),
        },
        Format::Markdown => markdown::ingest(decoded.text),
        Format::Html => html::ingest(&decoded.text),
        // Known by their bytes before decoding (`ingest_document`), never by their text.
        Format::Docx | Format::Pdf => unreachable!("detect_format never gives Docx or Pdf"),
    };
    ingested.encoding = decoded.encoding;
    if ingested.text.trim().is_empty() {
        return Err(refuse(format!(
            "这个 {} {NO_TEXT}",
            ingested.format.as_str()
        )));
    }
    Ok(ingested)
}

/// The format by extension, corrected by content when the extension lies: a `.txt` holding an
/// HTML page is HTML, an `.html` holding no tags is text. Unknown extensions are sniffed.
pub fn detect_format(path: &Path, text: &str) -> Format {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase());
    let looks_html = looks_like_html(text);
    match ext.as_deref() {
        Some("html" | "htm" | "xhtml") => {
            if looks_html || text.contains('<') {
                Format::Html
            } else {
                Format::Text
            }
        }
        Some("md" | "markdown" | "mdown" | "mkd") => {
            if looks_html && !looks_like_markdown(text) {
                Format::Html
            } else {
                Format::Markdown
            }
        }
        Some("txt" | "text") => {
            if looks_html {
                Format::Html
            } else {
                Format::Text
            }
        }
        _ => {
            if looks_html {
                Format::Html
            } else if looks_like_markdown(text) {
                Format::Markdown
            } else {
                Format::Text
            }
        }
    }
}

/// An HTML document starts with a doctype or `<html>`, or is dense with block tags.
fn looks_like_html(text: &str) -> bool {
    let head: String = text
        .trim_start()
        .chars()
        .take(512)
        .collect::<String>()
        .to_ascii_lowercase();
    if head.starts_with("<!doctype html") || head.starts_with("<html") || head.starts_with("<?xml")
    {
        return head.contains("html");
    }
    // Block tags among the first 20,000 chars, counted in one pass without copying the text
    // (this runs on every imported file).
    static BLOCK_TAGS: LazyLock<AhoCorasick> = LazyLock::new(|| {
        AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build([
                "<p>", "<p ", "<div", "<br", "<span", "<body", "<table", "<li>", "</p>",
            ])
            .expect("tag patterns")
    });
    let sample_end = text
        .char_indices()
        .nth(20_000)
        .map_or(text.len(), |(i, _)| i);
    BLOCK_TAGS.find_iter(&text[..sample_end]).take(5).count() >= 5
}

/// Markdown shows itself by ATX headings or several `**bold**` spans.
fn looks_like_markdown(text: &str) -> bool {
    let sample: String = text.chars().take(20_000).collect();
    let headings = sample
        .lines()
        .filter(|l| {
            let t = l.trim_start();
            let hashes = t.chars().take_while(|&c| c == '#').count();
            (1..=6).contains(&hashes) && t[hashes..].starts_with(' ')
        })
        .count();
    let bold = sample.matches("**").count() / 2;
    headings >= 2 || bold >= 3
}

/// `blocks` shrunk to their words ([`trim_span`]), those left empty dropped.
pub(crate) fn trimmed_blocks<'a>(
    text: &str,
    index: &CharIndex,
    blocks: impl IntoIterator<Item = &'a BlockHint>,
) -> Vec<BlockHint> {
    blocks
        .into_iter()
        .map(|b| BlockHint {
            kind: b.kind,
            span: trim_span(text, index, b.span),
        })
        .filter(|b| !b.span.is_empty())
        .collect()
}

/// Shrink a span to exclude surrounding whitespace and line breaks. `index` is `text`'s: one
/// is built per file, since walking the text from its start for every block made ingest
/// quadratic in the number of blocks.
pub(crate) fn trim_span(text: &str, index: &CharIndex, span: Span) -> Span {
    let part = &text[index.byte_of(span.start)..index.byte_of(span.end)];
    let rest = part.trim_start_matches(char::is_whitespace);
    let lead = part[..part.len() - rest.len()].chars().count();
    let trail = rest.chars().rev().take_while(|c| c.is_whitespace()).count();
    Span::new(span.start + lead, span.end - trail)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn extension_decides_unless_content_disagrees() {
        let p = |s: &str| PathBuf::from(s);
        assert_eq!(detect_format(&p("a.txt"), "隐私政策\n正文"), Format::Text);
        assert_eq!(detect_format(&p("a.md"), "## 引言\n正文"), Format::Markdown);
        let page = "<!DOCTYPE html><html><body><p>隐私政策</p></body></html>";
        assert_eq!(detect_format(&p("a.txt"), page), Format::Html);
        assert_eq!(detect_format(&p("a.html"), "没有标签的文本"), Format::Text);
        assert_eq!(
            detect_format(&p("noext"), "## 一\n正文\n## 二\n正文"),
            Format::Markdown
        );
        assert_eq!(detect_format(&p("noext"), page), Format::Html);
    }

    #[test]
    fn refusals_name_the_file() {
        let err = ingest_bytes(Path::new("x/empty.txt"), b"").unwrap_err();
        assert!(err.to_string().starts_with("x/empty.txt："), "{err}");
        let err =
            ingest_bytes(Path::new("blank.html"), b"<html><body> </body></html>").unwrap_err();
        assert!(err.to_string().contains("没有正文"), "{err}");
    }
}
