//! Invariant checks shared by the fuzz targets in `fuzz_targets/`.
//!
//! Every check panics (so libFuzzer reports a crash) when a promise of the library's documented
//! model is broken: spans are char offsets inside the text, blocks and sentences are ordered and
//! disjoint, a sentence lies inside its block, and so on (see `src/document.rs`,
//! `src/ingest/mod.rs`, `src/segment.rs` and `tests/integration/util.rs::assert_offsets_hold`).
//!
//! Slicing goes through one [`CharIndex`] per text, not through `slice_chars` (O(offset) per
//! call), so that a 64 KiB input with thousands of spans stays fast; `Policy::slice` itself is
//! still compared on a bounded sample.
use policylens::decode::{decode, DecodeProblem, Decoded, MAX_BAD_FRACTION};
use policylens::document::{CharIndex, Format, Policy, Span};
use policylens::ingest::Ingested;
use policylens::segment::Segmented;

/// Inputs above this many bytes are skipped by every target (the brief's `-max_len=65536`; a
/// larger corpus file is truncated by libFuzzer anyway).
pub const MAX_INPUT: usize = 1 << 16;

/// The file a multi-format target's input stands for: its first byte picks the format
/// (`.txt`, `.html`, `.md`), the rest is the file; `None` for an empty or oversized input.
pub fn file_of(data: &[u8]) -> Option<(&'static str, Format, &[u8])> {
    let (&first, rest) = data.split_first()?;
    if rest.len() > MAX_INPUT {
        return None;
    }
    let (path, format) = [
        ("x.txt", Format::Text),
        ("x.html", Format::Html),
        ("x.md", Format::Markdown),
    ][first as usize % 3];
    Some((path, format, rest))
}

/// The decoded text of `bytes`, when `decode` accepts them.
pub fn decoded_text(bytes: &[u8]) -> Option<String> {
    decode(bytes).ok().map(|d| d.text)
}

/// O(1) char-offset slicing over one text.
pub struct Text<'a> {
    pub text: &'a str,
    pub index: CharIndex,
}

impl<'a> Text<'a> {
    pub fn new(text: &'a str) -> Self {
        Text {
            text,
            index: CharIndex::new(text),
        }
    }
    pub fn len(&self) -> usize {
        self.index.char_len()
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// The chars of `span`; panics (with `what`) when the span is reversed or out of range.
    pub fn slice(&self, span: Span, what: &str) -> &'a str {
        assert!(
            span.start <= span.end && span.end <= self.len(),
            "{what}: span {span:?} outside the text (0..{})",
            self.len()
        );
        &self.text[self.index.byte_of(span.start)..self.index.byte_of(span.end)]
    }
}

fn is_trimmed(s: &str) -> bool {
    !s.starts_with(char::is_whitespace) && !s.ends_with(char::is_whitespace)
}

/// Spans sorted by start and pairwise disjoint (touching allowed).
fn assert_ordered_disjoint<'s>(what: &str, spans: impl Iterator<Item = &'s Span>) {
    let mut prev: Option<Span> = None;
    for s in spans {
        if let Some(p) = prev {
            assert!(
                p.end <= s.start,
                "{what}: {p:?} and {s:?} overlap or are out of order"
            );
        }
        prev = Some(*s);
    }
}

fn assert_sorted<'s>(what: &str, spans: impl Iterator<Item = &'s Span>) {
    let v: Vec<Span> = spans.copied().collect();
    assert!(
        v.windows(2).all(|w| w[0] <= w[1]),
        "{what}: not sorted: {v:?}"
    );
}

// -------------------------------------------------------------------------------------------
// decode

/// What `decode` promises (module docs of `src/decode.rs`).
pub fn check_decode(bytes: &[u8], result: &Result<Decoded, DecodeProblem>) {
    match result {
        Ok(d) => {
            assert!(!bytes.is_empty(), "no bytes decoded to text");
            // Rule 8: nothing but whitespace and invisible marks is Empty.
            assert!(
                d.text.chars().any(|c| !(c.is_whitespace()
                    || matches!(c, '\u{FEFF}' | '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{202A}'..='\u{202E}'))),
                "blank text accepted: {:?}",
                d.text
            );
            // Rule 9: at most MAX_BAD_FRACTION of the chars are U+FFFD.
            let total = d.text.chars().count();
            let bad = d.text.chars().filter(|&c| c == '\u{FFFD}').count();
            assert!(
                bad as f64 <= MAX_BAD_FRACTION * total as f64,
                "{bad} of {total} chars are U+FFFD, above MAX_BAD_FRACTION"
            );
            assert!(!d.encoding.is_empty());
            // Rules 3 and 6: valid UTF-8 is kept exactly (minus one BOM). Without a BOM and
            // without NUL bytes (which could make it BOM-less UTF-16) it must be read as UTF-8.
            let (body, bom) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
                Some(rest) => (rest, true),
                None => (bytes, false),
            };
            if let Ok(s) = std::str::from_utf8(body) {
                if bom || !bytes.contains(&0) {
                    assert_eq!(d.encoding, "UTF-8", "valid UTF-8 read as {}", d.encoding);
                }
                if d.encoding == "UTF-8" {
                    assert_eq!(d.text, s, "valid UTF-8 not kept exactly");
                }
            }
        }
        Err(DecodeProblem::Empty) => {}
        Err(DecodeProblem::Binary { .. }) => assert!(!bytes.is_empty()),
        Err(DecodeProblem::Undecodable { bad_fraction, .. }) => {
            assert!(
                (0.0..=1.0).contains(bad_fraction),
                "bad_fraction {bad_fraction} outside 0..=1"
            );
        }
    }
    if bytes.is_empty() {
        assert_eq!(result, &Err(DecodeProblem::Empty));
    }
    // Messages never panic.
    if let Err(e) = result {
        let _ = e.to_string();
    }
}

// -------------------------------------------------------------------------------------------
// ingest

/// What an `Ingested` promises (`src/ingest/mod.rs`, `html.rs`, `markdown.rs`). `decoded` is the
/// text `decode` gave for the same bytes.
pub fn check_ingested(ing: &Ingested, decoded: &str) {
    let t = Text::new(&ing.text);
    let n = t.len();
    assert!(!ing.text.trim().is_empty(), "Ok with no text");
    match ing.format {
        Format::Text => {
            assert!(ing.blocks.is_none(), "plain text declares blocks");
            assert_eq!(ing.text, decoded, "plain text is not the decoded text");
        }
        Format::Markdown => {
            assert!(ing.blocks.is_some(), "markdown without blocks");
            assert_eq!(ing.text, decoded, "markdown text is not the source");
        }
        Format::Docx => {
            assert!(ing.blocks.is_some(), "docx without blocks");
        }
        Format::Pdf => {
            assert!(ing.blocks.is_none(), "pdf text declares blocks");
            // Pages start in order, the first at the start, none past the end.
            assert_eq!(ing.pages.first(), Some(&0), "pdf pages do not start at 0");
            assert!(
                ing.pages.windows(2).all(|w| w[0] <= w[1]),
                "pdf pages out of order"
            );
            assert!(
                ing.pages.iter().all(|&p| p <= n),
                "pdf page start past the end"
            );
        }
        Format::Html => {
            assert!(ing.blocks.is_some(), "html without blocks");
            // One line per block: no empty line, no leading or trailing line break.
            assert!(!ing.text.contains("\n\n"), "html text has an empty line");
            assert!(
                !ing.text.starts_with('\n') && !ing.text.ends_with('\n'),
                "html text starts or ends with a line break"
            );
        }
    }
    if ing.format != Format::Html {
        assert!(ing.html_title.is_none(), "html_title on a non-HTML file");
    }
    if let Some(blocks) = &ing.blocks {
        for b in blocks {
            let s = t.slice(b.span, "block hint");
            assert!(!b.span.is_empty(), "empty block hint {:?}", b.span);
            assert!(is_trimmed(s), "block hint not trimmed: {s:?}");
            if ing.format == Format::Html {
                assert!(!s.contains('\n'), "html block spans a line break: {s:?}");
            }
        }
        assert_ordered_disjoint("block hints", blocks.iter().map(|b| &b.span));
    }
    for e in &ing.emphasis {
        assert!(!e.span.is_empty(), "empty emphasis {:?}", e.span);
        t.slice(e.span, "emphasis");
    }
    let keys: Vec<_> = ing.emphasis.iter().map(|e| (e.span, e.kind)).collect();
    assert!(
        keys.windows(2).all(|w| w[0] < w[1]),
        "emphasis not sorted and deduplicated: {keys:?}"
    );
    for h in &ing.hidden {
        assert!(!h.is_empty(), "empty hidden span");
        t.slice(*h, "hidden");
    }
    assert_sorted("hidden", ing.hidden.iter());
    for s in &ing.soft_breaks {
        let text = t.slice(*s, "soft break");
        assert!(!text.is_empty(), "empty soft break");
        assert!(
            text.chars()
                .all(|c| policylens::normalize::normalize_char(c).is_whitespace()),
            "soft break is not whitespace: {text:?}"
        );
    }
    // Emphasis starts and ends on visible text, never on hidden markup (`**`).
    if !ing.hidden.is_empty() {
        for e in &ing.emphasis {
            let hidden = |at: usize| {
                let i = ing.hidden.partition_point(|h| h.end <= at);
                ing.hidden[i..]
                    .iter()
                    .take_while(|h| h.start <= at)
                    .any(|h| at < h.end)
            };
            assert!(
                !hidden(e.span.start) && !hidden(e.span.end - 1),
                "emphasis {:?} ({:?}) starts or ends on hidden markup",
                e.span,
                t.slice(e.span, "emphasis")
            );
        }
    }
    let _ = n;
}

// -------------------------------------------------------------------------------------------
// segment

/// What `segment` promises (`src/segment.rs`, `src/document.rs`).
pub fn check_segmented(ing: &Ingested, normalized: &[char], seg: &Segmented) {
    let t = Text::new(&ing.text);
    let n = t.len();
    assert_eq!(
        normalized.len(),
        n,
        "normalized text has a different number of chars than the original"
    );
    for b in &seg.blocks {
        assert!(!b.span.is_empty(), "empty block {:?}", b.span);
        let s = t.slice(b.span, "block");
        assert!(is_trimmed(s), "block not trimmed: {s:?}");
        if b.is_heading() {
            assert!(!b.section.is_empty(), "heading without a section path");
        }
    }
    assert_ordered_disjoint("blocks", seg.blocks.iter().map(|b| &b.span));
    for s in &seg.sentences {
        assert!(s.block < seg.blocks.len(), "sentence of a missing block");
        let block = seg.blocks[s.block].span;
        assert!(
            block.contains(s.span),
            "sentence {:?} outside its block {block:?}",
            s.span
        );
        let text = t.slice(s.span, "sentence");
        assert!(!text.trim().is_empty(), "blank sentence {:?}", s.span);
    }
    assert_ordered_disjoint("sentences", seg.sentences.iter().map(|s| &s.span));
    assert!(
        seg.sentences.windows(2).all(|w| w[0].block <= w[1].block),
        "sentences' blocks out of order"
    );
    for s in &seg.soft_breaks {
        let text = t.slice(*s, "soft break");
        assert!(
            text.chars()
                .all(|c| policylens::normalize::normalize_char(c).is_whitespace()),
            "soft break is not whitespace: {text:?}"
        );
    }
    assert_sorted("soft breaks", seg.soft_breaks.iter());
    if let Some(i) = seg.title_block {
        assert!(i < seg.blocks.len(), "title block {i} missing");
    }
}

// -------------------------------------------------------------------------------------------
// parse

/// Everything `tests/integration/util.rs::assert_offsets_hold` checks, plus the `Policy` API on
/// a bounded sample of spans.
pub fn check_policy(p: &Policy, format_hint: Format) {
    let t = Text::new(&p.text);
    let n = p.char_len();
    assert_eq!(n, t.len());
    assert_eq!(p.id.len(), 16);
    assert!(p.id.chars().all(|c| c.is_ascii_hexdigit()));
    assert!(!p.source.encoding.is_empty());
    let _ = format_hint;

    for b in &p.blocks {
        assert!(
            b.span.start < b.span.end && b.span.end <= n,
            "block {:?}",
            b.span
        );
        let s = t.slice(b.span, "block");
        assert_eq!(s.trim(), s, "block not trimmed: {s:?}");
    }
    assert_ordered_disjoint("blocks", p.blocks.iter().map(|b| &b.span));
    for s in &p.sentences {
        assert!(s.block < p.blocks.len(), "sentence of a missing block");
        let block = &p.blocks[s.block];
        assert!(block.span.contains(s.span), "sentence outside its block");
        assert!(
            !t.slice(s.span, "sentence").trim().is_empty(),
            "blank sentence"
        );
    }
    assert_ordered_disjoint("sentences", p.sentences.iter().map(|s| &s.span));
    for e in &p.emphasis {
        assert!(
            e.span.end <= n && !e.span.is_empty(),
            "emphasis {:?}",
            e.span
        );
        let hidden = |at: usize| p.hidden.iter().any(|h| h.start <= at && at < h.end);
        assert!(
            !hidden(e.span.start) && !hidden(e.span.end - 1),
            "emphasis {:?} ends on markup",
            t.slice(e.span, "emphasis")
        );
    }
    for h in &p.hidden {
        t.slice(*h, "hidden");
    }
    for s in &p.soft_breaks {
        let text = t.slice(*s, "soft break");
        assert!(
            text.chars()
                .all(|c| policylens::normalize::normalize_char(c).is_whitespace()),
            "soft break {text:?} is not whitespace"
        );
        // A line break: `\n`, or a lone `\r`, which CommonMark counts as a line ending too.
        assert!(
            text.contains(['\n', '\r']),
            "soft break {text:?} holds no line break"
        );
    }

    // The Policy API on a bounded sample (each call is O(offset)).
    let mut sample: Vec<Span> = Vec::new();
    sample.extend(p.blocks.iter().take(16).map(|b| b.span));
    sample.extend(p.blocks.iter().rev().take(8).map(|b| b.span));
    sample.extend(p.sentences.iter().take(16).map(|s| s.span));
    sample.extend(p.sentences.iter().rev().take(8).map(|s| s.span));
    sample.extend(p.emphasis.iter().take(8).map(|e| e.span));
    sample.extend(p.soft_breaks.iter().take(8).copied());
    sample.extend(p.hidden.iter().take(8).copied());
    for span in sample {
        assert_eq!(
            p.slice(span),
            t.slice(span, "sample"),
            "Policy::slice disagrees"
        );
    }
    for (i, b) in p.blocks.iter().enumerate().take(64) {
        assert_eq!(
            p.block_at(b.span.start),
            Some(i),
            "block_at({})",
            b.span.start
        );
    }
    for s in p.sentences.iter().take(24) {
        let view = p.reading_view(s.span);
        assert_eq!(view.text.chars().count(), view.origin.len());
        assert!(
            view.origin.windows(2).all(|w| w[0] < w[1]),
            "reading view origins not increasing"
        );
        assert!(view
            .origin
            .iter()
            .all(|&o| s.span.start <= o && o < s.span.end));
        let len = view.origin.len();
        let back = view.to_original(0, len);
        assert!(
            s.span.contains(back),
            "to_original {back:?} outside {:?}",
            s.span
        );
        let _ = p.visible_text(s.span);
        let _ = p.is_bold(s.span);
    }
}
