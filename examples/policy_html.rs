//! Write a policy file as a plain HTML page built from its blocks (headings, paragraphs, list
//! items, table cells, bold/underlined runs), for rendering test PDFs with headless Chromium
//! (`scripts/make-test-documents.sh`). The page is what a reader sees, with none of the source's
//! markup: the same text the PDF reader is measured against.
//!
//! ```text
//! cargo run --release --example policy_html -- policies/tencent.md > tencent.html
//! ```
use std::fmt::Write;
use std::path::PathBuf;

use policylens::document::{BlockKind, EmphasisKind, Policy};
use policylens::parse::{parse_file, ParseOptions};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args_os().skip(1);
    let path: PathBuf = args.next().ok_or("usage: policy_html FILE [FONT]")?.into();
    // The face to set the page in (default: LXGW WenKai, falling back to Noto CJK).
    let font = args
        .next()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_else(|| "'LXGW WenKai','Noto Sans CJK SC',sans-serif".to_string());
    let policy = parse_file(&path, &ParseOptions::default())?;
    print!("{}", page(&policy, &font));
    Ok(())
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Each char of a policy's text with what a page shows of it: its emphasis tag (`b`/`u`),
/// whether it is markup the reader never sees, whether it is a soft (hard-wrapped) break.
struct Marked {
    chars: Vec<char>,
    tag: Vec<Option<&'static str>>,
    hidden: Vec<bool>,
    soft: Vec<bool>,
}

impl Marked {
    fn new(policy: &Policy) -> Marked {
        let chars: Vec<char> = policy.text.chars().collect();
        let n = chars.len();
        let mut tag = vec![None; n];
        for e in &policy.emphasis {
            let t = match e.kind {
                EmphasisKind::Bold | EmphasisKind::Color => "b",
                EmphasisKind::Underline => "u",
            };
            tag[e.span.start..e.span.end].fill(Some(t));
        }
        let mut hidden = vec![false; n];
        for h in &policy.hidden {
            hidden[h.start..h.end].fill(true);
        }
        let mut soft = vec![false; n];
        for s in &policy.soft_breaks {
            soft[s.start..s.end].fill(true);
        }
        Marked {
            chars,
            tag,
            hidden,
            soft,
        }
    }

    /// A block's text with its emphasis as `<b>`/`<u>`, markup the reader never sees left out;
    /// a soft break reads as nothing, another line break inside the block as `<br>`.
    fn inline(&self, start: usize, end: usize) -> String {
        let mut out = String::new();
        let mut open: Option<&'static str> = None;
        for i in start..end {
            if self.hidden[i] || (self.chars[i] == '\n' && self.soft[i]) {
                continue;
            }
            if self.tag[i] != open {
                if let Some(t) = open {
                    let _ = write!(out, "</{t}>");
                }
                if let Some(t) = self.tag[i] {
                    let _ = write!(out, "<{t}>");
                }
                open = self.tag[i];
            }
            match self.chars[i] {
                '\n' => out.push_str("<br>"),
                c => out.push_str(&escape(&c.to_string())),
            }
        }
        if let Some(t) = open {
            let _ = write!(out, "</{t}>");
        }
        out
    }
}

fn page(policy: &Policy, font: &str) -> String {
    let title = escape(policy.title.as_deref().unwrap_or("隐私政策"));
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{title}</title>\
         <style>body{{font-family:{font};font-size:14px;line-height:1.6;margin:0 1em}}\
         td{{border:1px solid #999;padding:2px 6px;vertical-align:top}}table{{border-collapse:collapse}}</style>\
         </head><body>\n"
    );
    let marked = Marked::new(policy);
    let mut table: Option<(u32, u32)> = None;
    for block in &policy.blocks {
        let body = marked.inline(block.span.start, block.span.end);
        if let BlockKind::TableCell { table: t, row, .. } = block.kind {
            match table {
                Some((open, r)) if open == t && r == row => {}
                Some((open, _)) if open == t => out.push_str("</tr><tr>"),
                Some(_) => out.push_str("</tr></table>\n<table><tr>"),
                None => out.push_str("<table><tr>"),
            }
            table = Some((t, row));
            let _ = write!(out, "<td>{body}</td>");
            continue;
        }
        if table.take().is_some() {
            out.push_str("</tr></table>\n");
        }
        match block.kind {
            BlockKind::Heading { level } => {
                let level = level.clamp(1, 6);
                let _ = writeln!(out, "<h{level}>{body}</h{level}>");
            }
            BlockKind::ListItem => {
                let _ = writeln!(out, "<ul><li>{body}</li></ul>");
            }
            _ => {
                let _ = writeln!(out, "<p>{body}</p>");
            }
        }
    }
    if table.is_some() {
        out.push_str("</tr></table>\n");
    }
    out.push_str("</body></html>\n");
    out
}
