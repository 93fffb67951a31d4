//! The analyzer: how Chinese text is cut into terms, for the index, the queries and the
//! extractor alike (one analyzer for index and query).
//!
//! [`ChineseTokenizer`] is the only analyzer of the index's text fields, so documents and queries
//! are cut the same way. For every text it
//! 1. normalizes each char with [`crate::normalize::normalize_char`] (Kangxi radicals `⽤` → `用`,
//!    fullwidth `，` → `,` …; one char in, one char out);
//! 2. cuts the normalized text with jieba-rs in search mode (`手机号码` gives `手机号码` and also
//!    `手机`, `号码`, `手机号`), with the HMM for unknown words;
//! 3. drops tokens with no letter, digit or ideograph (punctuation, spaces) and tokens longer than
//!    [`MAX_TOKEN_BYTES`];
//! 4. lower-cases ASCII (`IMEI` and `imei` are one term).
//!
//! Token positions are char offsets (so overlapping search-mode tokens keep their place and phrase
//! queries line up), and token byte offsets index **the text the tokenizer was given**, not the
//! normalized copy: normalization can shorten a char's UTF-8 (`，` is 3 bytes, `,` is 1), and the
//! tokenizer maps the offsets back through the char positions jieba reports. The stored clause
//! text is the original visible text, so tantivy's highlight ranges are byte ranges of it.
//!
//! The whole jieba dictionary takes ~0.15 s to load: it is loaded at most once per process
//! ([`jieba`]), and only when it pays. Until then a short text (a query, a search hit's clause for
//! its snippet) is cut by a `Jieba` holding only the dictionary words that occur in it
//! ([`crate::jieba_dict::subset_for`], well under a millisecond), which cuts that text exactly as
//! the whole dictionary does, so the tokens are the same either way ([`Segmenter`]). A one-shot
//! `policylens search` thus never loads the dictionary; indexing does, once a process has cut
//! [`SUBSET_BUDGET_BYTES`] of text.
//!
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use jieba_rs::Jieba;
use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer};

use crate::normalize::normalize_char;
use crate::trace::trace;

/// The name the analyzer is registered under in the index.
pub const TOKENIZER: &str = "policylens_zh";

/// Longer tokens (a URL, a base64 blob) are not indexed.
pub const MAX_TOKEN_BYTES: usize = 120;

/// The process-wide jieba with the whole dictionary, once loaded.
static FULL_JIEBA: OnceLock<Jieba> = OnceLock::new();

/// The process-wide jieba with the whole dictionary (loaded on first use, ~0.15 s).
pub fn jieba() -> &'static Jieba {
    FULL_JIEBA.get_or_init(|| {
        let started = std::time::Instant::now();
        let jieba = crate::jieba_dict::full();
        // Which commands pay for the load is a performance contract (a one-shot search must
        // not), checked by a CLI test through this trace.
        trace(&format!(
            "loaded the whole jieba dictionary in {:.1} ms",
            started.elapsed().as_secs_f64() * 1e3
        ));
        jieba
    })
}

/// Start loading the whole dictionary on a thread of its own, for work that will cut more than
/// [`SUBSET_BUDGET_BYTES`] of text (a large import): the load then overlaps what comes before
/// the first cut that needs it, instead of holding up the worker that asks first while the
/// others wait for it too.
pub fn preload_jieba() {
    if FULL_JIEBA.get().is_none() {
        std::thread::spawn(|| {
            jieba();
        });
    }
}

/// A text of at most this many bytes (~1,000 ideographs) may be cut by a subset jieba: building
/// one costs ~0.7 µs a char (65 µs for a 90-char query), so a much longer text is better served
/// by the whole dictionary, which a long text means we are indexing anyway.
pub const SUBSET_MAX_BYTES: usize = 3_000;

/// How many bytes of text subset jiebas may cut in one process before the whole dictionary is
/// loaded instead. A search cuts its query and each hit's clause (for the snippet), a few
/// kilobytes; indexing cuts every clause of every policy, and past this much the one-off load is
/// cheaper than building a subset per text. Spending the budget costs about as long as the load
/// (importing the four bundled policies, ~150 KB, stays under it and is faster than loading).
pub const SUBSET_BUDGET_BYTES: usize = 256 * 1024;

/// Bytes cut by subset jiebas so far in this process.
static SUBSET_BYTES: AtomicUsize = AtomicUsize::new(0);

/// Which jieba cuts a text. All give the same tokens; they differ in cost only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Segmenter {
    /// The whole dictionary if it is loaded, else a subset for a short text while the process's
    /// budget lasts, else load the whole dictionary (what the analyzer does).
    Auto,
    /// The process-wide jieba with the whole dictionary ([`jieba`]).
    Full,
    /// A jieba with only the dictionary words in the text ([`crate::jieba_dict::subset_for`]).
    Subset,
}

/// The jieba that cuts one document's sentences: the whole dictionary when it is loaded (an
/// import loads it to index), else — while the process's subset budget lasts — a jieba with
/// only the dictionary words in the document's text, which gives the same words for every
/// sentence of it (each is a substring) at a fraction of the load (~0.7 µs a char: 10 ms for
/// a 15,000-char policy, against 150 ms). A one-shot `ask` pays that instead of the load.
pub enum DocumentJieba {
    Full(&'static Jieba),
    Subset(Box<Jieba>),
}

impl std::ops::Deref for DocumentJieba {
    type Target = Jieba;
    fn deref(&self) -> &Jieba {
        match self {
            DocumentJieba::Full(j) => j,
            DocumentJieba::Subset(j) => j,
        }
    }
}

/// The jieba to cut the sentences of a document of `len` bytes (see [`DocumentJieba`]).
/// `text` makes the document's whole reading text; it is asked for only when a subset may still
/// be built (a long document is cut by the full dictionary and never needs its text at once).
pub fn jieba_for_document(len: usize, text: impl FnOnce() -> String) -> DocumentJieba {
    if FULL_JIEBA.get().is_none() && len <= SUBSET_BUDGET_BYTES {
        let text = text();
        if SUBSET_BYTES.fetch_add(text.len(), Ordering::Relaxed) + text.len() <= SUBSET_BUDGET_BYTES
        {
            return DocumentJieba::Subset(Box::new(crate::jieba_dict::subset_for(&text)));
        }
    }
    DocumentJieba::Full(jieba())
}

/// `jieba.cut_for_search(text, true)` with the jieba `segmenter` picks.
fn cut_for_search(text: &str, segmenter: Segmenter) -> Vec<jieba_rs::Token<'_>> {
    let subset = match segmenter {
        Segmenter::Full => false,
        Segmenter::Subset => true,
        Segmenter::Auto => {
            FULL_JIEBA.get().is_none()
                && text.len() <= SUBSET_MAX_BYTES
                && SUBSET_BYTES.fetch_add(text.len(), Ordering::Relaxed) + text.len()
                    <= SUBSET_BUDGET_BYTES
        }
    };
    if subset {
        crate::jieba_dict::subset_for(text).cut_for_search(text, true)
    } else {
        jieba().cut_for_search(text, true)
    }
}

/// The analyzer: normalize, jieba search mode, drop punctuation, lower-case ASCII.
#[derive(Clone, Default)]
pub struct ChineseTokenizer {
    normalized: String,
    entries: Vec<Entry>,
    token: Token,
}

/// A token before it is handed out: where its text is in the normalized string.
#[derive(Clone, Copy)]
struct Entry {
    offset_from: usize,
    offset_to: usize,
    position: usize,
    position_length: usize,
    word: (usize, usize),
}

/// Tokens of one text, from [`ChineseTokenizer`].
pub struct ChineseTokenStream<'a> {
    normalized: &'a str,
    entries: &'a [Entry],
    token: &'a mut Token,
    next: usize,
}

impl Tokenizer for ChineseTokenizer {
    type TokenStream<'a> = ChineseTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> ChineseTokenStream<'a> {
        analyze_into(
            text,
            &mut self.normalized,
            &mut self.entries,
            Segmenter::Auto,
        );
        ChineseTokenStream {
            normalized: &self.normalized,
            entries: &self.entries,
            token: &mut self.token,
            next: 0,
        }
    }
}

impl TokenStream for ChineseTokenStream<'_> {
    fn advance(&mut self) -> bool {
        let Some(e) = self.entries.get(self.next) else {
            return false;
        };
        self.next += 1;
        let t = &mut *self.token;
        t.offset_from = e.offset_from;
        t.offset_to = e.offset_to;
        t.position = e.position;
        t.position_length = e.position_length;
        t.text.clear();
        t.text.push_str(&self.normalized[e.word.0..e.word.1]);
        t.text.make_ascii_lowercase();
        true
    }
    fn token(&self) -> &Token {
        self.token
    }
    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

/// The analyzer as tantivy takes it.
pub fn analyzer() -> TextAnalyzer {
    TextAnalyzer::from(ChineseTokenizer::default())
}

/// Run the analyzer over `text` (what indexing and query parsing both do).
pub fn analyze(text: &str) -> Vec<Token> {
    analyze_with(text, Segmenter::Auto)
}

/// [`analyze`] with a given choice of jieba (for tests and benchmarks: the tokens are the same).
pub fn analyze_with(text: &str, segmenter: Segmenter) -> Vec<Token> {
    let mut normalized = String::new();
    let mut entries = Vec::new();
    analyze_into(text, &mut normalized, &mut entries, segmenter);
    let mut token = Token::default();
    let mut stream = ChineseTokenStream {
        normalized: &normalized,
        entries: &entries,
        token: &mut token,
        next: 0,
    };
    let mut tokens = Vec::new();
    while stream.advance() {
        tokens.push(stream.token().clone());
    }
    tokens
}

/// Normalize `text` into `normalized` and cut it into `entries`, whose offsets index `text`.
fn analyze_into(
    text: &str,
    normalized: &mut String,
    entries: &mut Vec<Entry>,
    segmenter: Segmenter,
) {
    normalized.clear();
    entries.clear();
    // Copy unchanged runs whole; note every char whose UTF-8 length changes, as
    // (end of the char in `normalized`, bytes `text` has more than `normalized` up to there).
    let mut shifts: Vec<(usize, isize)> = Vec::new();
    let mut run = 0;
    let mut shift = 0isize;
    for (b, c) in text.char_indices() {
        let n = normalize_char(c);
        if n != c {
            normalized.push_str(&text[run..b]);
            normalized.push(n);
            run = b + c.len_utf8();
            if n.len_utf8() != c.len_utf8() {
                shift += c.len_utf8() as isize - n.len_utf8() as isize;
                shifts.push((normalized.len(), shift));
            }
        }
    }
    normalized.push_str(&text[run..]);
    let to_input = |b: usize| -> usize {
        let k = shifts.partition_point(|&(end, _)| end <= b);
        match k.checked_sub(1) {
            Some(k) => (b as isize + shifts[k].1) as usize,
            None => b,
        }
    };
    for t in cut_for_search(normalized, segmenter) {
        if t.word.len() > MAX_TOKEN_BYTES || !t.word.chars().any(is_token_char) {
            continue;
        }
        entries.push(Entry {
            offset_from: to_input(t.byte_start),
            offset_to: to_input(t.byte_end),
            position: t.start,
            position_length: t.end - t.start,
            word: (t.byte_start, t.byte_end),
        });
    }
}

/// A letter, digit or ideograph: a token needs one. The common cases are tested first because
/// `char::is_alphanumeric` takes a slow table lookup for every ideograph.
fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}')
        || (!c.is_ascii() && c.is_alphanumeric())
}
