//! The search index: the tantivy schema and the documents a policy turns into; the text is
//! cut by [`crate::analyzer`] (re-exported here).
//!
//! # Documents
//! Each policy becomes one `policy` document (pid, title) and one `clause` document per sentence
//! of [`Policy::sentences`] (see [`Fields`]). A clause stores its visible text (soft breaks and
//! hidden markup dropped, as [`Policy::visible_chars`]) and a compact map from that text back to
//! original char offsets ([`OffsetMap`]); [`OffsetMap::convert`] is the one place where a tantivy
//! byte range becomes char offsets into the original.
use std::collections::{BTreeSet, HashMap};
use std::ops::Range;
use std::path::Path;
use std::sync::{Arc, LazyLock};

use tantivy::schema::{
    Facet, FacetOptions, Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing,
    TextOptions, FAST, STORED, STRING,
};
use tantivy::{Index, IndexSettings, TantivyDocument};

use crate::document::{Policy, Span};
use crate::error::{Error, Result};
use crate::extract::{Extraction, Label};
use crate::lexicon::{DataType, Lexicon};

pub use crate::analyzer::{
    analyze, analyze_with, analyzer, jieba, jieba_for_document, ChineseTokenStream,
    ChineseTokenizer, DocumentJieba, Segmenter, MAX_TOKEN_BYTES, SUBSET_BUDGET_BYTES,
    SUBSET_MAX_BYTES, TOKENIZER,
};
pub use crate::trace::{trace, TRACE_ENV};

/// Bump when the schema, the analyzer or what goes into a document changes: a library whose index
/// was built with another version must be reindexed ([`crate::library::Library::reindex`]).
pub const INDEX_SCHEMA_VERSION: u32 = 1;

/// Handles to every field of the schema.
///
/// Clause documents: `pid`, `kind` = `clause`, `text` (analyzed, stored: the visible text of
/// the sentence), `app`, `section` (facet: the heading path), `bold`, `sensitive`, `category`,
/// `data_type`, `purpose` (raw strings, fast), `sentence`, `start`, `end` (original char span),
/// `offsets` (the [`OffsetMap`]).
/// Policy documents: `pid`, `kind` = `policy`, `title` (analyzed).
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    pub pid: Field,
    pub kind: Field,
    pub text: Field,
    pub title: Field,
    pub app: Field,
    pub section: Field,
    pub bold: Field,
    pub sensitive: Field,
    pub category: Field,
    pub data_type: Field,
    pub purpose: Field,
    pub sentence: Field,
    pub start: Field,
    pub end: Field,
    pub offsets: Field,
}

pub const KIND_CLAUSE: &str = "clause";
pub const KIND_POLICY: &str = "policy";

/// The schema and its field handles.
pub fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let analyzed = |stored: bool| {
        let o = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(TOKENIZER)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        if stored {
            o.set_stored()
        } else {
            o
        }
    };
    let flag = NumericOptions::default()
        .set_indexed()
        .set_fast()
        .set_stored();
    let fields = Fields {
        pid: b.add_u64_field(
            "pid",
            NumericOptions::default()
                .set_indexed()
                .set_fast()
                .set_stored(),
        ),
        kind: b.add_text_field("kind", STRING),
        text: b.add_text_field("text", analyzed(true)),
        title: b.add_text_field("title", analyzed(false)),
        app: b.add_text_field("app", STRING | FAST),
        section: b.add_facet_field("section", FacetOptions::default().set_stored()),
        bold: b.add_bool_field("bold", flag.clone()),
        sensitive: b.add_bool_field("sensitive", flag),
        category: b.add_text_field("category", STRING | FAST | STORED),
        data_type: b.add_text_field("data_type", STRING | FAST),
        purpose: b.add_text_field("purpose", STRING | FAST),
        sentence: b.add_u64_field("sentence", STORED),
        start: b.add_u64_field("start", STORED),
        end: b.add_u64_field("end", STORED),
        offsets: b.add_bytes_field("offsets", STORED),
    };
    (b.build(), fields)
}

/// The field handles of [`schema`], built once.
pub fn fields() -> &'static Fields {
    static FIELDS: LazyLock<Fields> = LazyLock::new(|| schema().1);
    &FIELDS
}

/// Create a new, empty index in `dir` (which must exist and be empty).
pub fn create_index(dir: &Path) -> Result<Index> {
    let (schema, _) = schema();
    let index = Index::builder()
        .schema(schema)
        .settings(IndexSettings {
            // Each indexing thread compresses its own store blocks. On a thread of its own, the
            // compressor was handed every 16 KB block through a channel: 60 % of an import's
            // 40,000 context switches were that hand-off, for work the indexing threads'
            // cores do anyway.
            docstore_compress_dedicated_thread: false,
            ..IndexSettings::default()
        })
        .create_in_dir(dir)
        .map_err(|e| index_error(dir, e))?;
    register(&index);
    Ok(index)
}

/// Open the index in `dir` and check that its schema is the one this version writes.
pub fn open_index(dir: &Path) -> Result<Index> {
    let index = Index::open_in_dir(dir).map_err(|e| index_error(dir, e))?;
    checked(index, dir)
}

/// `index` if its schema is the one this version writes, with the analyzer registered.
fn checked(index: Index, dir: &Path) -> Result<Index> {
    let (expected, _) = schema();
    if index.schema() != expected {
        return Err(Error::IndexSchema {
            dir: dir.to_path_buf(),
        });
    }
    register(&index);
    Ok(index)
}

/// Open an index that must not be written: a library on a read-only mount or made immutable.
/// Reading an index takes tantivy's meta lock (a file it creates and locks), which a read-only
/// folder cannot give; [`ReadOnlyDirectory`] hands out a lock that holds nothing, which is safe
/// because no writer can change this folder either.
pub fn open_index_read_only(dir: &Path) -> Result<Index> {
    let mmap = tantivy::directory::MmapDirectory::open(dir).map_err(|e| Error::Index {
        dir: dir.to_path_buf(),
        message: e.to_string(),
    })?;
    let index = Index::open(ReadOnlyDirectory(mmap)).map_err(|e| index_error(dir, e))?;
    checked(index, dir)
}

/// A tantivy directory that reads through to an [`tantivy::directory::MmapDirectory`] and refuses
/// every write (see [`open_index_read_only`]).
#[derive(Debug, Clone)]
struct ReadOnlyDirectory(tantivy::directory::MmapDirectory);

fn read_only_io() -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::ReadOnlyFilesystem, "政策库是只读的")
}

impl tantivy::Directory for ReadOnlyDirectory {
    fn get_file_handle(
        &self,
        path: &Path,
    ) -> std::result::Result<
        std::sync::Arc<dyn tantivy::directory::FileHandle>,
        tantivy::directory::error::OpenReadError,
    > {
        self.0.get_file_handle(path)
    }
    fn delete(
        &self,
        path: &Path,
    ) -> std::result::Result<(), tantivy::directory::error::DeleteError> {
        Err(tantivy::directory::error::DeleteError::IoError {
            io_error: std::sync::Arc::new(read_only_io()),
            filepath: path.to_path_buf(),
        })
    }
    fn exists(
        &self,
        path: &Path,
    ) -> std::result::Result<bool, tantivy::directory::error::OpenReadError> {
        self.0.exists(path)
    }
    fn open_write(
        &self,
        path: &Path,
    ) -> std::result::Result<tantivy::directory::WritePtr, tantivy::directory::error::OpenWriteError>
    {
        Err(tantivy::directory::error::OpenWriteError::IoError {
            io_error: std::sync::Arc::new(read_only_io()),
            filepath: path.to_path_buf(),
        })
    }
    fn atomic_read(
        &self,
        path: &Path,
    ) -> std::result::Result<Vec<u8>, tantivy::directory::error::OpenReadError> {
        self.0.atomic_read(path)
    }
    fn atomic_write(&self, _path: &Path, _data: &[u8]) -> std::io::Result<()> {
        Err(read_only_io())
    }
    fn sync_directory(&self) -> std::io::Result<()> {
        Ok(())
    }
    fn acquire_lock(
        &self,
        _lock: &tantivy::directory::Lock,
    ) -> std::result::Result<tantivy::directory::DirectoryLock, tantivy::directory::error::LockError>
    {
        Ok(tantivy::directory::DirectoryLock::from(Box::new(())))
    }
    fn watch(
        &self,
        callback: tantivy::directory::WatchCallback,
    ) -> tantivy::Result<tantivy::directory::WatchHandle> {
        self.0.watch(callback)
    }
}

fn register(index: &Index) {
    index.tokenizers().register(TOKENIZER, analyzer());
}

/// Wrap a tantivy error with the index folder it concerns.
pub fn index_error(dir: &Path, e: tantivy::TantivyError) -> Error {
    if crate::error::is_disk_full(&e) {
        return Error::DiskFull {
            path: dir.to_path_buf(),
        };
    }
    if crate::error::is_permission_denied(&e) {
        return Error::IndexAccess {
            dir: dir.to_path_buf(),
            message: e.to_string(),
        };
    }
    Error::Index {
        dir: dir.to_path_buf(),
        message: e.to_string(),
    }
}

/// Map from a clause's stored (visible) text back to char offsets of the original text.
///
/// The visible text is the original with soft breaks and hidden markup cut out (and a space where
/// a soft break joined two ASCII words), so it is a few runs of consecutive original chars. The
/// map keeps one `(visible char, original char)` pair per run.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OffsetMap {
    runs: Vec<(u32, u32)>,
    /// Original offset just past the clause (where an empty range at the very end maps).
    end: u32,
}

impl OffsetMap {
    /// Build from the `(original offset, char)` pairs of [`Policy::visible_chars`].
    pub fn from_chars(chars: &[(usize, char)], end: usize) -> OffsetMap {
        let mut runs: Vec<(u32, u32)> = Vec::new();
        let mut expected = usize::MAX;
        for (i, &(at, _)) in chars.iter().enumerate() {
            if at != expected {
                runs.push((i as u32, at as u32));
            }
            expected = at + 1;
        }
        OffsetMap {
            runs,
            end: end as u32,
        }
    }

    /// Original char offset of visible char `i`.
    fn original(&self, i: usize) -> usize {
        let k = self.runs.partition_point(|&(v, _)| v as usize <= i);
        match k.checked_sub(1) {
            Some(k) => (self.runs[k].1 as usize) + (i - self.runs[k].0 as usize),
            None => self.end as usize,
        }
    }

    /// **The** conversion of a tantivy byte range of the stored clause `text` to char offsets:
    /// returns the range in chars of `text` and the span in the original policy text.
    pub fn convert(&self, text: &str, bytes: Range<usize>) -> (Span, Span) {
        let start = floor_char_boundary(text, bytes.start.min(text.len()));
        let end = floor_char_boundary(text, bytes.end.clamp(start, text.len()));
        let c0 = text[..start].chars().count();
        let c1 = c0 + text[start..end].chars().count();
        let original = if c1 > c0 {
            Span::new(self.original(c0), self.original(c1 - 1) + 1)
        } else {
            let at = if c0 < self.visible_len(text) {
                self.original(c0)
            } else {
                self.end as usize
            };
            Span::new(at, at)
        };
        (Span::new(c0, c1), original)
    }

    fn visible_len(&self, text: &str) -> usize {
        text.chars().count()
    }

    /// Serialized form (little-endian u32s: end, then the run pairs).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(4 + self.runs.len() * 8);
        out.extend_from_slice(&self.end.to_le_bytes());
        for &(v, o) in &self.runs {
            out.extend_from_slice(&v.to_le_bytes());
            out.extend_from_slice(&o.to_le_bytes());
        }
        out
    }

    pub fn from_bytes(bytes: &[u8]) -> OffsetMap {
        let word = |i: usize| {
            bytes
                .get(i..i + 4)
                .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                .unwrap_or(0)
        };
        let end = word(0);
        let runs = (0..bytes.len().saturating_sub(4) / 8)
            .map(|k| (word(4 + k * 8), word(8 + k * 8)))
            .collect();
        OffsetMap { runs, end }
    }
}

fn floor_char_boundary(text: &str, mut at: usize) -> usize {
    while at > 0 && !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// One sentence as it goes into the index.
#[derive(Debug, Clone)]
pub struct Clause {
    /// Index into [`Policy::sentences`].
    pub sentence: usize,
    pub span: Span,
    /// The visible text (original chars, soft breaks and hidden markup dropped).
    pub text: String,
    pub offsets: OffsetMap,
    /// The headings the clause sits under, shared by the clauses of one block (a large
    /// policy's clauses each held their own copy).
    pub section: Arc<[String]>,
    pub bold: bool,
    pub categories: BTreeSet<String>,
    pub data_types: BTreeSet<String>,
    pub sensitive_types: BTreeSet<String>,
    pub purposes: BTreeSet<String>,
}

impl Clause {
    pub fn sensitive(&self) -> bool {
        !self.sensitive_types.is_empty()
    }
}

/// What the library keeps about a policy's clauses (its list columns).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClauseStats {
    pub clauses: usize,
    pub bold_clauses: usize,
    pub sensitive_clauses: usize,
    /// The sensitive data types the policy collects (lexicon canonical names): not counted from
    /// clauses but taken from the policy's data summary ([`crate::collected::data_summary`],
    /// which `report`, the reader and `ask` show too) by whoever has its extraction.
    pub sensitive_types: Vec<String>,
    /// Distinct data categories mentioned.
    pub categories: Vec<String>,
}

/// Cut a policy into clauses with their flags. Runs in one pass over the text (no per-sentence
/// rescans), with the same visible-text rules as [`Policy::visible_chars`].
pub fn clauses(policy: &Policy, extraction: &Extraction, lexicon: &Lexicon) -> Vec<Clause> {
    clauses_iter(policy, extraction, lexicon).collect()
}

/// [`clauses`], one at a time as they are asked for: indexing turns each into its document
/// and drops it, so a long policy's clauses never all exist at once.
pub fn clauses_iter<'a>(
    policy: &'a Policy,
    extraction: &'a Extraction,
    lexicon: &'a Lexicon,
) -> impl Iterator<Item = Clause> + 'a {
    let types: HashMap<&str, &DataType> = lexicon
        .data_types()
        .iter()
        .map(|t| (t.canonical.as_str(), t))
        .collect();
    // (Blocks of one section share its titles: cloning the `Arc` copies no titles.)
    let sections: Vec<Arc<[String]>> = policy.blocks.iter().map(|b| b.section.clone()).collect();
    let mut bold: Vec<Span> = policy
        .emphasis
        .iter()
        .filter(|e| e.kind == crate::document::EmphasisKind::Bold)
        .map(|e| e.span)
        .collect();
    bold.sort();
    let mut spans: Vec<&crate::extract::Extracted> = extraction
        .spans
        .iter()
        .filter(|e| matches!(e.label, Label::Data | Label::Purpose))
        .collect();
    spans.sort_by_key(|e| e.span);

    let mut sentences: Vec<(usize, Span, usize)> = policy
        .sentences
        .iter()
        .enumerate()
        .map(|(i, s)| (i, s.span, s.block))
        .collect();
    sentences.sort_by_key(|&(_, span, _)| span);
    let (mut k_bold, mut k_span) = (0, 0);
    sentences
        .into_iter()
        .filter_map(move |(index, span, block)| {
            // Collected per sentence, never for the whole policy at once.
            let visible: Vec<(usize, char)> = policy.visible_chars(span).collect();
            // Sized exactly: collecting chars into a `String` grows it by doubling, up to twice
            // the text of a long policy.
            let mut text = String::with_capacity(visible.iter().map(|&(_, c)| c.len_utf8()).sum());
            text.extend(visible.iter().map(|&(_, c)| c));
            if !text.chars().any(char::is_alphanumeric) {
                return None;
            }
            while k_bold < bold.len() && bold[k_bold].end <= span.start {
                k_bold += 1;
            }
            let is_bold = bold[k_bold..]
                .iter()
                .take_while(|b| b.start < span.end)
                .any(|b| b.overlaps(span));
            while k_span < spans.len() && spans[k_span].span.end <= span.start {
                k_span += 1;
            }
            let mut clause = Clause {
                sentence: index,
                span,
                offsets: OffsetMap::from_chars(&visible, span.end),
                text,
                section: sections
                    .get(block)
                    .cloned()
                    .unwrap_or_else(|| Arc::from(Vec::new())),
                bold: is_bold,
                categories: BTreeSet::new(),
                data_types: BTreeSet::new(),
                sensitive_types: BTreeSet::new(),
                purposes: BTreeSet::new(),
            };
            for e in spans[k_span..]
                .iter()
                .take_while(|e| e.span.start < span.end)
            {
                // A span belongs to the clause it starts in.
                if e.span.start < span.start {
                    continue;
                }
                match e.label {
                    Label::Data => {
                        for name in &e.data_types {
                            clause.data_types.insert(name.to_string());
                            if let Some(t) = types
                                .get(name.as_str())
                                .copied()
                                .or_else(|| lexicon.data_type_by_name(name))
                            {
                                clause.categories.insert(t.category.clone());
                                if t.sensitive {
                                    clause.sensitive_types.insert(t.canonical.clone());
                                }
                            }
                        }
                    }
                    Label::Purpose => clause.purposes.extend(e.purposes.iter().cloned()),
                    _ => {}
                }
            }
            Some(clause)
        })
}

/// Summary counts of a policy's clauses.
pub fn clause_stats(clauses: &[Clause]) -> ClauseStats {
    let mut stats = ClauseStatsBuilder::default();
    clauses.iter().for_each(|c| stats.add(c));
    stats.finish()
}

/// [`ClauseStats`] counted clause by clause.
#[derive(Default)]
pub struct ClauseStatsBuilder {
    stats: ClauseStats,
    categories: BTreeSet<String>,
}

impl ClauseStatsBuilder {
    pub fn add(&mut self, c: &Clause) {
        self.stats.clauses += 1;
        self.stats.bold_clauses += usize::from(c.bold);
        self.stats.sensitive_clauses += usize::from(c.sensitive());
        for t in &c.categories {
            if !self.categories.contains(t) {
                self.categories.insert(t.clone());
            }
        }
    }

    pub fn finish(self) -> ClauseStats {
        ClauseStats {
            categories: self.categories.into_iter().collect(),
            ..self.stats
        }
    }
}

/// The tantivy documents of one policy: its `policy` document, then one per clause. Without a
/// `pid` the caller adds the `pid` field to every document before indexing it.
pub fn documents(
    fields: &Fields,
    pid: Option<u64>,
    app: &str,
    title: Option<&str>,
    clauses: &[Clause],
) -> Vec<TantivyDocument> {
    let mut docs = Vec::with_capacity(clauses.len() + 1);
    docs.push(policy_document(fields, pid, app, title));
    docs.extend(clauses.iter().map(|c| clause_document(fields, pid, app, c)));
    docs
}

/// [`documents`] and [`clause_stats`] from clauses as `clauses` yields them: each clause is
/// dropped as soon as its document is made, so a long policy never holds its clauses and their
/// documents at once.
pub fn documents_and_stats(
    fields: &Fields,
    pid: Option<u64>,
    app: &str,
    title: Option<&str>,
    clauses: impl Iterator<Item = Clause>,
) -> (Vec<TantivyDocument>, ClauseStats) {
    let (at_least, at_most) = clauses.size_hint();
    let mut docs = Vec::with_capacity(at_most.unwrap_or(at_least) + 1);
    let stats = documents_into(fields, pid, app, title, clauses, |d| {
        docs.push(d);
        Ok::<(), std::convert::Infallible>(())
    });
    let Ok(stats) = stats;
    docs.shrink_to_fit();
    (docs, stats)
}

/// The policy's document, then each clause's as `clauses` yields it, handed to `sink` one at
/// a time (an import streams a long policy's documents straight into the index writer, never
/// holding them all); returns the clauses' stats, or the first error of `sink`.
pub fn documents_into<E>(
    fields: &Fields,
    pid: Option<u64>,
    app: &str,
    title: Option<&str>,
    clauses: impl Iterator<Item = Clause>,
    mut sink: impl FnMut(TantivyDocument) -> std::result::Result<(), E>,
) -> std::result::Result<ClauseStats, E> {
    sink(policy_document(fields, pid, app, title))?;
    let mut stats = ClauseStatsBuilder::default();
    for c in clauses {
        stats.add(&c);
        sink(clause_document(fields, pid, app, &c))?;
    }
    Ok(stats.finish())
}

fn policy_document(
    fields: &Fields,
    pid: Option<u64>,
    app: &str,
    title: Option<&str>,
) -> TantivyDocument {
    let mut policy = TantivyDocument::with_capacity(256);
    if let Some(pid) = pid {
        policy.add_u64(fields.pid, pid);
    }
    policy.add_text(fields.kind, KIND_POLICY);
    policy.add_text(fields.title, title.unwrap_or(app));
    policy
}

fn clause_document(fields: &Fields, pid: Option<u64>, app: &str, c: &Clause) -> TantivyDocument {
    {
        // `TantivyDocument::default()` reserves 1 KiB per document: for sentence documents
        // (~60 bytes of text) that was most of an import's memory (500 MB for a 30 MB file).
        // Reserve what the values take (text, lists, offsets) plus a few bytes per value.
        let lists: usize = c
            .section
            .iter()
            .chain(&c.categories)
            .chain(&c.data_types)
            .chain(&c.purposes)
            .map(|v| v.len() + 8)
            .sum();
        let offsets = c.offsets.to_bytes();
        let mut d =
            TantivyDocument::with_capacity(c.text.len() + app.len() + lists + offsets.len() + 96);
        if let Some(pid) = pid {
            d.add_u64(fields.pid, pid);
        }
        d.add_text(fields.kind, KIND_CLAUSE);
        d.add_text(fields.text, &c.text);
        d.add_text(fields.app, app);
        if !c.section.is_empty() {
            d.add_facet(fields.section, Facet::from_path(c.section.iter()));
        }
        d.add_bool(fields.bold, c.bold);
        d.add_bool(fields.sensitive, c.sensitive());
        for v in &c.categories {
            d.add_text(fields.category, v);
        }
        for v in &c.data_types {
            d.add_text(fields.data_type, v);
        }
        for v in &c.purposes {
            d.add_text(fields.purpose, v);
        }
        d.add_u64(fields.sentence, c.sentence as u64);
        d.add_u64(fields.start, c.span.start as u64);
        d.add_u64(fields.end, c.span.end as u64);
        d.add_bytes(fields.offsets, &offsets);
        // The list of values grows by doubling (4, 8, 16): a clause's dozen values would
        // leave room for 16, a third of a short clause's document.
        d.shrink_to_fit();
        d
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::slice_chars;
    use crate::normalize::normalize_char;

    fn words(text: &str) -> Vec<String> {
        analyze(text).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn kangxi_radicals_are_cut_as_the_ideograph_with_offsets_into_the_input() {
        // ⽤ is U+2F64 KANGXI RADICAL USE, as PDF extraction leaves it.
        let text = "我们收集您的⽤户名";
        let tokens = analyze(text);
        let user = tokens
            .iter()
            .find(|t| t.text == "用户")
            .expect("用户 token");
        assert_eq!(&text[user.offset_from..user.offset_to], "⽤户");
        assert_eq!(user.position, 6);
    }

    #[test]
    fn fullwidth_punctuation_shrinks_bytes_but_offsets_still_slice_the_input() {
        // `（` and `，` are 3 bytes; normalized to `(` and `,` they are 1: every later offset of
        // the normalized text would be off by 4 bytes in the input.
        let text = "（一）设备信息，包括ＩＭＥＩ和手机号码";
        for t in analyze(text) {
            let slice = &text[t.offset_from..t.offset_to];
            let normalized: String = slice.chars().map(normalize_char).collect::<String>();
            assert_eq!(normalized.to_ascii_lowercase(), t.text, "{t:?}");
            assert_eq!(
                slice_chars(text, Span::new(t.position, t.position + t.position_length)),
                slice
            );
        }
        assert!(words(text).contains(&"imei".to_string()));
        assert!(words(text).contains(&"手机".to_string()));
    }

    #[test]
    fn punctuation_and_spaces_are_not_tokens() {
        assert!(words("，。；  ！？、“”《》").is_empty());
        assert!(words("").is_empty());
    }

    #[test]
    fn search_mode_indexes_the_parts_of_compounds() {
        let w = words("手机号码");
        for part in ["手机号码", "手机", "号码"] {
            assert!(w.contains(&part.to_string()), "{part} missing from {w:?}");
        }
    }

    #[test]
    fn clauses_read_like_visible_text_and_map_back_to_the_original() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("policies");
        for name in ["kuaishou.txt", "tencent.md", "huajian.txt"] {
            let options = crate::parse::ParseOptions::default();
            let policy = crate::parse::parse_file(&dir.join(name), &options).unwrap();
            let extraction = crate::extract::extract(&policy);
            let clauses = clauses(&policy, &extraction, Lexicon::builtin());
            assert!(clauses.len() > 100, "{name}");
            for c in &clauses {
                let span = policy.sentences[c.sentence].span;
                assert_eq!(c.span, span);
                assert_eq!(c.text, policy.visible_text(span), "{name} {span:?}");
                // Every visible char maps back to the original char it shows.
                let expected: Vec<usize> = policy.visible_chars(span).map(|(at, _)| at).collect();
                for (i, at) in expected.iter().enumerate() {
                    let b = c.text.char_indices().nth(i).unwrap().0;
                    let (_, orig) = c.offsets.convert(&c.text, b..b + 1);
                    assert_eq!(orig.start, *at, "{name} char {i} of {span:?}");
                }
            }
            if name == "tencent.md" {
                assert!(clauses.iter().any(|c| c.bold));
            }
        }
    }

    #[test]
    fn offset_map_converts_bytes_to_original_chars_across_a_soft_break() {
        // Original: "用户\n  信息，（一）" with the soft break "\n  " (chars 2..5) cut out.
        let original = "⽤户\n  信息，（一）";
        let visible: Vec<(usize, char)> = original
            .chars()
            .enumerate()
            .filter(|&(i, _)| !(2..5).contains(&i))
            .collect();
        let text: String = visible.iter().map(|&(_, c)| c).collect();
        assert_eq!(text, "⽤户信息，（一）");
        let map = OffsetMap::from_bytes(&OffsetMap::from_chars(&visible, 11).to_bytes());
        // "户信" spans the cut.
        let b = text.find("户信").unwrap();
        let (view, orig) = map.convert(&text, b..b + "户信".len());
        assert_eq!(view, Span::new(1, 3));
        assert_eq!(orig, Span::new(1, 6));
        assert_eq!(slice_chars(original, orig), "户\n  信");
        // The Kangxi radical at the start and the fullwidth bracket after the comma.
        let (_, orig) = map.convert(&text, 0.."⽤户".len());
        assert_eq!(slice_chars(original, orig), "⽤户");
        let b = text.find("（一）").unwrap();
        let (view, orig) = map.convert(&text, b..text.len());
        assert_eq!(view, Span::new(5, 8));
        assert_eq!(slice_chars(original, orig), "（一）");
        // An empty range at the end maps to the clause end.
        assert_eq!(
            map.convert(&text, text.len()..text.len()).1,
            Span::new(11, 11)
        );
    }
}
