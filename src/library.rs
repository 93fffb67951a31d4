//! The library: a folder of imported policies with a full-text index, shared by the CLI and the
//! desktop app.
//!
//! ```text
//! DIR/library.sqlite3   metadata (policies, sources, meta, notes), SQLite in WAL mode
//! DIR/index/            the tantivy index (clauses and policies), see crate::index
//! DIR/originals/<id>.<ext>   every imported file, byte for byte
//! DIR/lock              held (flock) by the one process writing
//! ```
//!
//! # API
//! [`Library::open`] / [`Library::open_default`], [`Library::add_paths`],
//! [`Library::remove`], [`Library::list`], [`Library::get`], [`Library::search`],
//! [`Library::reindex`], [`Library::path`]. A `Library` is `Send + Sync`; every method takes
//! `&self`.
//!
//! # Consistency
//! SQLite is the source of truth: a policy exists when its row does. Writes go
//! original → index → database:
//! 1. the original is written to `originals/` (temp file, fsync, rename);
//! 2. the policy's documents are added to the index and committed (a tantivy commit is atomic;
//!    a batch of up to [`AddOptions::commit_every`] policies shares one commit);
//! 3. the rows are inserted in one SQLite transaction.
//!
//! A crash between the steps leaves extra things, never missing ones: files in `originals/` or
//! index documents of policies the database does not know. Searches never show such documents
//! (every hit is checked against the database), and the next writer removes them before it
//! writes anything ([`Library::add_paths`], [`Library::remove`] and [`Library::reindex`] all
//! start by reconciling): index documents whose policy id has no row are deleted, rows whose
//! policy has no document in the index are indexed again from the stored original, stray files
//! are deleted. Removing goes the other way round (row first, then documents, then file), so a
//! crash there too leaves only extras.
//!
//! # Several processes
//! One process writes at a time: writers take an exclusive lock on `DIR/lock` and a second writer
//! gets [`Error::Busy`] at once. Readers take no lock: SQLite in WAL mode lets them read while a
//! writer writes, and the index is read from its last commit.
//!
//! # Versions
//! A policy's id is the BLAKE3 hash of its decoded text ([`Policy::id`]). Adding a file whose
//! bytes were added before, or whose text is already in the library, changes nothing. A new text
//! of a policy already in the library is its next version; older versions are kept, listed, and
//! searched only with [`SearchQuery::all_versions`].
//!
//! The app of a file is, in order: [`AddOptions::app`], the `manifest.toml` beside it, the app
//! the parser recognises in the text, the file name without extension. A new text is the next
//! version of a policy in the library with the same app when its app was *given* (`--app`,
//! manifest), or when the file name (without extension) is the same as one of that policy's
//! files (the same file downloaded again). Otherwise it starts a policy of its own, even if the
//! recognised app is the same: recognition alone does not tie files together, since in a real
//! crawl of 2,000 policies 28 unrelated ones are recognised as the app "用户" and 7 as "我们".
//!
//! # Schema
//! The index schema version ([`crate::index::INDEX_SCHEMA_VERSION`]) and a fingerprint of the
//! lexicon are stored in the database. An index of another version is not read: searches and
//! imports answer [`Error::SchemaMismatch`] ("run `policylens reindex`"); listing still works.
//! [`Library::reindex`] builds a new index from the originals beside the old one and switches to it
//! in one database transaction.
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use tantivy::collector::DocSetCollector;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, Searcher, TantivyDocument, Term};

use crate::classify::{classify, NotPolicyReason, Verdict};
use crate::decode::DecodeProblem;
use crate::document::Policy;
use crate::error::{Error, Result};
use crate::index::{self, Clause, ClauseStats, Fields, INDEX_SCHEMA_VERSION, KIND_POLICY};
use crate::ingest::ReadProblem;
use crate::lexicon::Lexicon;
use crate::manifest::{Manifest, ManifestEntry, MANIFEST_FILE};
use crate::parse::{parse_bytes, parse_owned, ParseOptions};
use crate::search::{self, Catalog, HitPolicy, SearchQuery, SearchResults};

pub const DB_FILE: &str = "library.sqlite3";
pub const LOCK_FILE: &str = "lock";
pub const ORIGINALS_DIR: &str = "originals";
/// The environment variable that overrides the default library folder.
pub const LIBRARY_ENV: &str = "POLICYLENS_LIBRARY";
/// Policies per index commit during an import (see [`AddOptions::commit_every`]). The 10 s
/// interval is what bounds the work an interrupted import loses; each commit also closes a
/// segment per indexing thread, and merging the small segments of 500-policy commits cost an
/// import of the appch crawl 0.8 s of its 6.8 s. Bigger segments are merged through mmap, so
/// a large import's peak RSS counts more file pages (anonymous memory stays ~290 MB at 10,000).
pub const COMMIT_EVERY: usize = 5000;
/// Also commit when this much time has passed since the last commit.
const COMMIT_INTERVAL: Duration = Duration::from_secs(10);
/// The smallest memory budget of an import, in bytes of files being prepared at once (see
/// `MemoryBudget`): far more than the worker channel holds of ordinary policies (~30 KB).
const MIN_IMPORT_BUDGET: u64 = 16 << 20;
/// After a file this large is handed to the index, freed memory is given back to the system.
const TRIM_AFTER_BYTES: u64 = 4 << 20;
/// A file this large has its index documents made as they are indexed (`Documents::Deferred`),
/// on the thread that holds the writer, rather than all at once on a worker (see
/// [`AddOptions::stream_documents_from`]).
pub const STREAM_DOCUMENTS_FROM_BYTES: u64 = TRIM_AFTER_BYTES;
/// Memory for each index writer thread.
const WRITER_MEMORY_PER_THREAD: usize = 50_000_000;

/// Database migrations, in order; `PRAGMA user_version` counts those applied.
const MIGRATIONS: &[&str] = &[
    // 1: policies, the files they came from, key-value metadata.
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
     CREATE TABLE policies (
         pid INTEGER PRIMARY KEY,
         id TEXT NOT NULL UNIQUE,
         app TEXT NOT NULL,
         lineage TEXT NOT NULL,
         version INTEGER NOT NULL,
         title TEXT,
         operator TEXT,
         updated TEXT,
         effective TEXT,
         source_path TEXT NOT NULL,
         format TEXT NOT NULL,
         encoding TEXT NOT NULL,
         original TEXT NOT NULL,
         bytes INTEGER NOT NULL,
         chars INTEGER NOT NULL,
         clauses INTEGER NOT NULL,
         bold_count INTEGER NOT NULL,
         sensitive_clauses INTEGER NOT NULL,
         sensitive_count INTEGER NOT NULL,
         sensitive_types TEXT NOT NULL,
         categories TEXT NOT NULL,
         imported_at TEXT NOT NULL,
         UNIQUE (lineage, version)
     );
     CREATE INDEX policies_app ON policies(app);
     CREATE TABLE sources (
         bytes_hash TEXT PRIMARY KEY,
         policy_id TEXT NOT NULL REFERENCES policies(id) ON DELETE CASCADE,
         path TEXT NOT NULL,
         added_at TEXT NOT NULL
     );
     CREATE INDEX sources_policy ON sources(policy_id);",
    // 2: notes on policies (src/notes.rs owns the table). No foreign key: a note outlives the
    // policy it was written on.
    crate::notes::NOTES_MIGRATION,
    crate::notes::NOTES_LINEAGE_MIGRATION,
    // 4: each policy's extraction, stored when it is imported or reindexed so that `ask` need
    // not tag the policy again (`Extraction::to_stored`); `fingerprint` is the lexicon and
    // model identity it was made with, and one made with another is ignored.
    "CREATE TABLE extractions (
         pid INTEGER PRIMARY KEY REFERENCES policies(pid) ON DELETE CASCADE,
         fingerprint TEXT NOT NULL,
         body BLOB NOT NULL
     );",
    // 5: the app's other names (a JSON list): names the text gives it, the package name.
    "ALTER TABLE policies ADD COLUMN aliases TEXT NOT NULL DEFAULT '[]';",
];

/// Policies whose text is longer than this are not given a stored extraction: their mentions
/// would cost an import tens of megabytes, and a file this long is rarely asked about.
const STORE_EXTRACTION_MAX_BYTES: usize = 4 << 20;

/// The policies bundled with PolicyLens, imported on first use of the default library.
const BUNDLED: &[(&str, &[u8])] = &[
    ("kuaishou.txt", include_bytes!("../policies/kuaishou.txt")),
    (
        "kuaishou-shop.txt",
        include_bytes!("../policies/kuaishou-shop.txt"),
    ),
    ("huajian.txt", include_bytes!("../policies/huajian.txt")),
    ("tencent.md", include_bytes!("../policies/tencent.md")),
];
const BUNDLED_MANIFEST: &str = include_str!("../policies/manifest.toml");

/// Options for [`Library::add_paths_with`].
#[derive(Debug, Clone)]
pub struct AddOptions {
    /// The app of every file added (overrides manifest and recognition).
    pub app: Option<String>,
    /// Largest file accepted, in bytes.
    pub max_bytes: u64,
    /// Commit (make the import so far permanent) after this many new policies, and at least
    /// every 10 s. Fewer commits import faster; an interrupted import keeps what was committed.
    pub commit_every: usize,
    /// A file at least this large has its index documents made as they are indexed rather than
    /// all at once (the same documents, less memory: they take several times the file).
    pub stream_documents_from: u64,
}

impl Default for AddOptions {
    fn default() -> Self {
        AddOptions {
            app: None,
            max_bytes: crate::ingest::DEFAULT_MAX_BYTES,
            commit_every: COMMIT_EVERY,
            stream_documents_from: STREAM_DOCUMENTS_FROM_BYTES,
        }
    }
}

/// Why a file was not imported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "reason", content = "detail", rename_all = "snake_case")]
pub enum RefuseReason {
    /// No bytes, or only whitespace.
    Empty,
    /// Not a text file (PDF, image, archive …).
    Binary(String),
    /// Text too damaged to read in any encoding.
    Undecodable(String),
    TooLarge {
        bytes: u64,
        limit: u64,
    },
    /// Text, but not a privacy policy.
    NotPolicy(String),
    #[serde(rename = "javascript_stub")]
    JavaScriptStub,
    UserAgreement,
    TooShort {
        chars: usize,
    },
    /// The file could not be read.
    Unreadable(String),
    /// The pipeline failed on this file (a bug: please report it with the file).
    Failed(String),
}

impl RefuseReason {
    /// The group the import summary counts the file under.
    pub fn group(&self) -> &'static str {
        match self {
            RefuseReason::Empty => "空文件",
            RefuseReason::Binary(_) => "不是文本文件",
            RefuseReason::Undecodable(_) => "无法解码",
            RefuseReason::TooLarge { .. } => "文件太大",
            RefuseReason::JavaScriptStub => "不是隐私政策：需要 JavaScript 的空页面",
            RefuseReason::UserAgreement => "不是隐私政策：用户协议",
            RefuseReason::TooShort { .. } => "不是隐私政策：太短",
            RefuseReason::NotPolicy(_) => "不是隐私政策",
            RefuseReason::Unreadable(_) => "无法读取",
            RefuseReason::Failed(_) => "处理失败",
        }
    }
}

impl std::fmt::Display for RefuseReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RefuseReason::Empty => f.write_str("空文件"),
            RefuseReason::Binary(d) | RefuseReason::Undecodable(d) => f.write_str(d),
            RefuseReason::TooLarge { bytes, limit } => {
                write!(f, "{}", crate::ingest::too_large_message(*bytes, *limit))
            }
            RefuseReason::NotPolicy(d) => write!(f, "不是隐私政策：{d}"),
            RefuseReason::JavaScriptStub => write!(
                f,
                "不是隐私政策：{}",
                crate::classify::NotPolicyReason::JavaScriptStub
            ),
            RefuseReason::UserAgreement => f.write_str(
                "不是隐私政策：这是用户协议（如果其中附有隐私政策，请把隐私政策部分单独保存为文件再导入）",
            ),
            RefuseReason::TooShort { chars } => write!(
                f,
                "不是隐私政策：{}",
                crate::classify::NotPolicyReason::TooShort { chars: *chars }
            ),
            RefuseReason::Unreadable(d) => write!(f, "无法读取：{d}"),
            RefuseReason::Failed(d) => write!(f, "处理失败（请把这个文件报告给我们）：{d}"),
        }
    }
}

/// What happened to one file of an import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Outcome {
    /// Added as a new policy, or as a new version of an app's policy (`version` > 1).
    Imported {
        id: String,
        app: String,
        version: u32,
    },
    /// These exact bytes were imported before.
    Unchanged { id: String },
    /// The same text is already in the library (from another file or encoding).
    SameText {
        id: String,
        app: String,
        version: u32,
    },
    Refused {
        #[serde(flatten)]
        reason: RefuseReason,
        message: String,
    },
}

impl Outcome {
    fn refused(reason: RefuseReason) -> Outcome {
        Outcome::Refused {
            message: reason.to_string(),
            reason,
        }
    }
    pub fn is_imported(&self) -> bool {
        matches!(self, Outcome::Imported { .. })
    }
    pub fn is_skipped(&self) -> bool {
        matches!(self, Outcome::Unchanged { .. } | Outcome::SameText { .. })
    }
    pub fn refuse_reason(&self) -> Option<&RefuseReason> {
        match self {
            Outcome::Refused { reason, .. } => Some(reason),
            _ => None,
        }
    }
}

/// One file's outcome.
#[derive(Debug, Clone, Serialize)]
pub struct FileOutcome {
    pub path: PathBuf,
    #[serde(flatten)]
    pub outcome: Outcome,
}

/// Reported after each file of an import.
#[derive(Debug)]
pub struct Progress<'a> {
    pub done: usize,
    pub total: usize,
    pub path: &'a Path,
    pub outcome: &'a Outcome,
}

/// What an import did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ImportSummary {
    /// Every file, in the order given (folders walked in name order).
    pub files: Vec<FileOutcome>,
    /// Bytes of the files imported.
    pub bytes_imported: u64,
    pub elapsed_ms: u64,
    /// Repairs made before importing (left over from an interrupted earlier run).
    pub repairs: Vec<String>,
    /// Anything else worth telling (an unreadable manifest.toml …).
    pub notes: Vec<String>,
}

impl ImportSummary {
    pub fn imported(&self) -> usize {
        self.files
            .iter()
            .filter(|f| f.outcome.is_imported())
            .count()
    }
    pub fn skipped(&self) -> usize {
        self.files.iter().filter(|f| f.outcome.is_skipped()).count()
    }
    pub fn refused(&self) -> usize {
        self.files
            .iter()
            .filter(|f| f.outcome.refuse_reason().is_some())
            .count()
    }
    /// Refused files grouped by [`RefuseReason::group`].
    pub fn refused_by_reason(&self) -> BTreeMap<&'static str, Vec<&FileOutcome>> {
        let mut out: BTreeMap<&'static str, Vec<&FileOutcome>> = BTreeMap::new();
        for f in &self.files {
            if let Some(r) = f.outcome.refuse_reason() {
                out.entry(r.group()).or_default().push(f);
            }
        }
        out
    }
}

/// One policy as [`Library::list`] shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PolicySummary {
    pub id: String,
    pub app: String,
    /// Other names of the app ([`Policy::aliases`]).
    pub aliases: Vec<String>,
    pub version: u32,
    /// Whether this is the newest version of the app's policy.
    pub latest: bool,
    /// How many versions of the app's policy the library has.
    pub versions: u32,
    pub title: Option<String>,
    pub operator: Option<String>,
    pub updated: Option<String>,
    pub effective: Option<String>,
    pub source_path: String,
    pub format: String,
    pub encoding: String,
    /// RFC 3339, UTC.
    pub imported_at: String,
    pub bytes: u64,
    pub chars: u64,
    pub clauses: u64,
    /// Clauses the policy marks in bold.
    pub bold_clauses: u64,
    /// Clauses that mention sensitive personal information.
    pub sensitive_clauses: u64,
    /// The sensitive data types the policy collects (lexicon names; its data summary's).
    pub sensitive_types: Vec<String>,
    /// The data categories mentioned.
    pub categories: Vec<String>,
}

/// What [`Library::reindex`] did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ReindexSummary {
    pub policies: usize,
    pub clauses: usize,
    /// Policies whose stored original could not be read or parsed (id, problem); their rows are
    /// kept, but they are not searchable until they are added again.
    pub failed: Vec<(String, String)>,
    pub elapsed_ms: u64,
}

/// The library. See the module docs.
pub struct Library {
    dir: PathBuf,
    /// The folder cannot be written: reading works, writing answers [`Error::ReadOnly`].
    read_only: bool,
    conn: Mutex<Connection>,
    read: Mutex<ReadState>,
}

struct ReadState {
    /// `PRAGMA data_version` when the catalog was loaded; `None` = load again.
    data_version: Option<i64>,
    catalog: Arc<Catalog>,
    meta: Meta,
    index: Option<OpenIndex>,
}

struct OpenIndex {
    dir_name: String,
    reader: IndexReader,
}

#[derive(Debug, Clone, Default)]
struct Meta {
    index_dir: String,
    index_schema: u32,
    lexicon: String,
    next_pid: u64,
    bundled_imported: bool,
}

/// A row of the policies table.
#[derive(Debug, Clone)]
struct Row {
    pid: u64,
    id: String,
    app: String,
    aliases: Vec<String>,
    version: u32,
    title: Option<String>,
    operator: Option<String>,
    updated: Option<String>,
    effective: Option<String>,
    source_path: String,
    format: String,
    encoding: String,
    original: String,
    bytes: u64,
    chars: u64,
    stats: ClauseStats,
    imported_at: String,
    /// The versions of one policy share a lineage key (see the module docs on versions).
    lineage: String,
}

const ROW_COLUMNS: &str = "pid, id, app, version, title, operator, updated, effective, \
     source_path, format, encoding, original, bytes, chars, clauses, bold_count, \
     sensitive_clauses, sensitive_count, sensitive_types, categories, imported_at, lineage, \
     aliases";

fn row_from(r: &rusqlite::Row) -> rusqlite::Result<Row> {
    let list = |s: String| serde_json::from_str::<Vec<String>>(&s).unwrap_or_default();
    Ok(Row {
        pid: r.get::<_, i64>(0)? as u64,
        id: r.get(1)?,
        app: r.get(2)?,
        version: r.get(3)?,
        title: r.get(4)?,
        operator: r.get(5)?,
        updated: r.get(6)?,
        effective: r.get(7)?,
        source_path: r.get(8)?,
        format: r.get(9)?,
        encoding: r.get(10)?,
        original: r.get(11)?,
        bytes: r.get::<_, i64>(12)? as u64,
        chars: r.get::<_, i64>(13)? as u64,
        stats: ClauseStats {
            clauses: r.get::<_, i64>(14)? as usize,
            bold_clauses: r.get::<_, i64>(15)? as usize,
            sensitive_clauses: r.get::<_, i64>(16)? as usize,
            sensitive_types: list(r.get(18)?),
            categories: list(r.get(19)?),
        },
        imported_at: r.get(20)?,
        lineage: r.get(21)?,
        aliases: list(r.get(22)?),
    })
}

/// Add a stored policy's documents (the policy and its clauses) to the index.
fn add_row_documents(
    writer: &mut IndexWriter<TantivyDocument>,
    fields: &Fields,
    row: &Row,
    clauses: &[Clause],
    index_path: &Path,
) -> Result<()> {
    let docs = index::documents(
        fields,
        Some(row.pid),
        &row.app,
        row.title.as_deref(),
        clauses,
    );
    add_documents(writer, docs, index_path)
}

/// Hand a policy's documents to the index writer. One message per document: the writer's
/// queue counts messages (10,000), and batching a policy per message let it buffer whole
/// policies (hundreds of MB on a 10,000-policy import) for no measurable speed.
fn add_documents(
    writer: &IndexWriter<TantivyDocument>,
    docs: Vec<TantivyDocument>,
    index_path: &Path,
) -> Result<()> {
    for doc in docs {
        writer
            .add_document(doc)
            .map_err(|e| index::index_error(index_path, e))?;
    }
    Ok(())
}

/// The exclusive writer lock on `DIR/lock`, released on drop.
struct WriterLock {
    _file: File,
}

impl WriterLock {
    fn acquire(dir: &Path) -> Result<WriterLock> {
        let path = dir.join(LOCK_FILE);
        if !writable(dir) {
            return Err(Error::ReadOnly {
                dir: dir.to_path_buf(),
                action: "修改".into(),
            });
        }
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|source| Error::Io {
                path: path.clone(),
                source,
            })?;
        match file.try_lock() {
            Ok(()) => Ok(WriterLock { _file: file }),
            Err(std::fs::TryLockError::WouldBlock) => Err(Error::Busy {
                dir: dir.to_path_buf(),
            }),
            Err(std::fs::TryLockError::Error(source)) => Err(Error::Io { path, source }),
        }
    }

    /// Like [`WriterLock::acquire`], but wait up to `wait` for another process to let go.
    fn acquire_waiting(dir: &Path, wait: Duration) -> Result<WriterLock> {
        let until = Instant::now() + wait;
        loop {
            match WriterLock::acquire(dir) {
                Err(Error::Busy { .. }) if Instant::now() < until => {
                    std::thread::sleep(Duration::from_millis(20))
                }
                other => return other,
            }
        }
    }
}

/// Everything a write operation holds: the lock and an index writer.
struct Session {
    _lock: WriterLock,
    index_path: PathBuf,
    index: Index,
    writer: IndexWriter<TantivyDocument>,
    fields: Fields,
    repairs: Vec<String>,
}

/// A file (or embedded file) to import.
struct Job {
    path: PathBuf,
    bytes: Option<&'static [u8]>,
    entry: Option<ManifestEntry>,
}

impl Job {
    /// The file's size as it stands before it is read (0 when it cannot be read: it is
    /// refused without taking memory).
    fn size(&self) -> u64 {
        match self.bytes {
            Some(b) => b.len() as u64,
            None => std::fs::metadata(&self.path).map_or(0, |m| m.len()),
        }
    }
}

/// A file read, checked, parsed and cut into clauses (done on worker threads).
enum Prepared {
    Unchanged {
        id: String,
    },
    /// The same bytes as the file at this earlier input index of this import: it comes to
    /// what that one came to, without being parsed and tagged a second time.
    SameBytesAs(usize),
    Refused(RefuseReason),
    Ready(Box<Ready>),
}

struct Ready {
    /// The file's bytes, kept only when the worker could not store them already (`tmp`).
    bytes: Option<Vec<u8>>,
    byte_len: u64,
    bytes_hash: String,
    ext: String,
    /// What the database row needs of the parsed policy (the text and its structure are
    /// dropped on the worker: only the index documents travel on).
    policy: PolicyFacts,
    app: String,
    /// Whether the app was given (`--app`, manifest) rather than recognised.
    given: bool,
    /// The file name without extension.
    stem: String,
    /// The index documents, or what makes them.
    docs: Documents,
    /// The policy's extraction as stored (`None` for a very long policy).
    extraction: Option<Vec<u8>>,
    /// The original, already written (and synced) under a temporary name by the worker.
    tmp: Option<PathBuf>,
    /// This file's share of the import's memory budget, given back when it is consumed.
    _permit: Permit,
}

/// A prepared policy's index documents.
enum Documents {
    /// Made on the worker, without their pid (added when the pid is known).
    Made {
        docs: Vec<TantivyDocument>,
        stats: ClauseStats,
    },
    /// A long policy's documents (several times its text) are made only as they are handed to
    /// the index writer, so they are never all held at once: the parsed policy and its
    /// extraction travel instead.
    Deferred(Box<(Policy, crate::extract::Extraction)>),
}

/// The parts of a parsed [`Policy`] its database row keeps.
struct PolicyFacts {
    id: String,
    aliases: Vec<String>,
    chars: u64,
    title: Option<String>,
    operator: Option<String>,
    updated: Option<String>,
    effective: Option<String>,
    source: crate::document::Source,
}

impl PolicyFacts {
    fn of_ref(p: &Policy) -> PolicyFacts {
        PolicyFacts {
            chars: p.char_len() as u64,
            id: p.id.clone(),
            aliases: p.aliases.clone(),
            title: p.title.clone(),
            operator: p.operator.clone(),
            updated: p.updated.clone(),
            effective: p.effective.clone(),
            source: p.source.clone(),
        }
    }

    fn of(p: Policy) -> PolicyFacts {
        PolicyFacts {
            chars: p.char_len() as u64,
            id: p.id,
            aliases: p.aliases,
            title: p.title,
            operator: p.operator,
            updated: p.updated,
            effective: p.effective,
            source: p.source,
        }
    }
}

/// Bounds the bytes of files being prepared at once. A prepared file (decoded text, its
/// normalized chars, sentences, clauses and index documents) takes several times its size, and
/// results wait in input order, so without a bound an import of a few 30 MB files held them all
/// at once (2.3 GB for six). Files are let in *in input order* — the consumer waits for file
/// `i` before `i + 1`, so letting `i + 1` in first could starve `i` forever — and a file larger
/// than the whole budget is let in alone.
struct MemoryBudget {
    limit: u64,
    state: Mutex<BudgetState>,
    changed: std::sync::Condvar,
}

#[derive(Default)]
struct BudgetState {
    used: u64,
    /// The input index whose turn it is to be let in.
    next: usize,
}

/// A file's share of a [`MemoryBudget`], given back on drop.
struct Permit {
    budget: Option<Arc<MemoryBudget>>,
    bytes: u64,
}

impl MemoryBudget {
    /// At least [`MIN_IMPORT_BUDGET`], and at least the largest file (so files of that size go
    /// one at a time).
    fn new(largest: u64) -> Arc<MemoryBudget> {
        Arc::new(MemoryBudget {
            limit: largest.max(MIN_IMPORT_BUDGET),
            state: Mutex::new(BudgetState::default()),
            changed: std::sync::Condvar::new(),
        })
    }

    /// Wait until file `index` (of `bytes`) may be prepared.
    fn acquire(self: &Arc<Self>, index: usize, bytes: u64) -> Permit {
        let mut st = self.state.lock().unwrap_or_else(|e| e.into_inner());
        while st.next != index || (st.used > 0 && st.used + bytes > self.limit) {
            st = self.changed.wait(st).unwrap_or_else(|e| e.into_inner());
        }
        st.used += bytes;
        st.next += 1;
        self.changed.notify_all();
        Permit {
            budget: Some(self.clone()),
            bytes,
        }
    }
}

impl Drop for Permit {
    fn drop(&mut self) {
        if let Some(b) = self.budget.take() {
            let mut st = b.state.lock().unwrap_or_else(|e| e.into_inner());
            st.used -= self.bytes;
            b.changed.notify_all();
        }
    }
}

impl Library {
    /// Open the library in `dir`, creating it if `dir` does not exist or is empty.
    pub fn open(dir: impl AsRef<Path>) -> Result<Library> {
        let dir = dir.as_ref().to_path_buf();
        let db_path = dir.join(DB_FILE);
        if !db_path.exists() {
            create_library(&dir)?;
        }
        // A library on a read-only mount, or made immutable, can still be listed, searched and
        // read; writes answer `Error::ReadOnly`.
        let read_only = !(writable(&dir) && writable(&db_path));
        let conn = if read_only {
            open_db_read_only(&db_path)?
        } else {
            open_db(&db_path)?
        };
        let library = Library {
            dir,
            read_only,
            conn: Mutex::new(conn),
            read: Mutex::new(ReadState {
                data_version: None,
                catalog: Arc::new(Catalog {
                    policies: HashMap::new(),
                    superseded: Vec::new(),
                    apps: Vec::new(),
                    app_names: Vec::new(),
                }),
                meta: Meta::default(),
                index: None,
            }),
        };
        library.migrate()?;
        Ok(library)
    }

    /// The default library folder: `$POLICYLENS_LIBRARY`, else the platform data folder
    /// (`~/.local/share/policylens` on Linux).
    pub fn default_dir() -> Result<PathBuf> {
        if let Some(dir) = std::env::var_os(LIBRARY_ENV).filter(|d| !d.is_empty()) {
            return Ok(PathBuf::from(dir));
        }
        directories::BaseDirs::new()
            .map(|d| d.data_dir().join("policylens"))
            .ok_or(Error::NoDataDir)
    }

    /// Open the default library ([`Library::default_dir`]); on first use, import the policies
    /// bundled with PolicyLens so there is something to search at once.
    pub fn open_default() -> Result<Library> {
        let library = Library::open(Library::default_dir()?)?;
        if !library.read_only && !library.meta()?.bundled_imported {
            match library.import_bundled() {
                Ok(_) | Err(Error::Busy { .. }) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(library)
    }

    /// Import the policies bundled with PolicyLens (done once by [`Library::open_default`]).
    pub fn import_bundled(&self) -> Result<ImportSummary> {
        let mut manifest: Manifest = toml::from_str(BUNDLED_MANIFEST).map_err(|e| Error::Data {
            path: "policies/manifest.toml".into(),
            line: e
                .span()
                .map_or(0, |r| BUNDLED_MANIFEST[..r.start].lines().count() + 1),
            message: e.message().to_string(),
        })?;
        let jobs = BUNDLED
            .iter()
            .map(|(name, bytes)| Job {
                path: PathBuf::from(format!("(bundled) {name}")),
                bytes: Some(bytes),
                entry: manifest
                    .policies
                    .iter_mut()
                    .find(|p| p.file == *name)
                    .map(std::mem::take),
            })
            .collect();
        let summary = self.import(jobs, Vec::new(), &AddOptions::default(), &mut |_| {})?;
        self.set_meta("bundled_imported", "1")?;
        Ok(summary)
    }

    /// The library folder.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// Whether the library can only be read (a read-only mount, an immutable folder).
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// Import files and folders (folders recursively; hidden files and `manifest.toml` are
    /// skipped). Calls `progress` after each file. Bad files are refused with a reason and never
    /// stop the import; an error is returned only when the library itself cannot be written
    /// (busy, disk full …), and everything committed before stays.
    pub fn add_paths(
        &self,
        paths: &[PathBuf],
        progress: &mut dyn FnMut(&Progress),
    ) -> Result<ImportSummary> {
        self.add_paths_with(paths, &AddOptions::default(), progress)
    }

    /// [`Library::add_paths`] with options.
    pub fn add_paths_with(
        &self,
        paths: &[PathBuf],
        options: &AddOptions,
        progress: &mut dyn FnMut(&Progress),
    ) -> Result<ImportSummary> {
        let mut files = Vec::new();
        let mut missing = Vec::new();
        for p in paths {
            walk(p, &mut files, &mut missing, &mut HashSet::new());
        }
        let jobs = files
            .into_iter()
            .map(|path| Job {
                path,
                bytes: None,
                entry: None,
            })
            .collect();
        self.import(jobs, missing, options, progress)
    }

    /// Remove a policy (by id or unique id prefix). Returns what was removed.
    pub fn remove(&self, id: &str) -> Result<PolicySummary> {
        let mut session = self.session()?;
        let row = self.find(id)?;
        let summary = self.summaries()?.into_iter().find(|s| s.id == row.id);
        {
            let conn = self.conn();
            conn.execute("DELETE FROM policies WHERE pid = ?1", [row.pid as i64])
                .map_err(|e| self.db_error(e))?;
        }
        session
            .writer
            .delete_term(Term::from_field_u64(session.fields.pid, row.pid));
        session
            .writer
            .commit()
            .map_err(|e| index::index_error(&session.index_path, e))?;
        let original = self.dir.join(ORIGINALS_DIR).join(&row.original);
        let _ = std::fs::remove_file(original);
        self.finish(session)?;
        summary.ok_or(Error::NotFound { id: id.to_string() })
    }

    /// Every policy, by app then version.
    pub fn list(&self) -> Result<Vec<PolicySummary>> {
        self.summaries()
    }

    /// A policy (by id or unique id prefix), parsed again from its stored original.
    pub fn get(&self, id: &str) -> Result<Policy> {
        let row = self.find(id)?;
        self.parse_original(&row)
    }

    /// Search the library's clauses.
    pub fn search(&self, query: &SearchQuery) -> Result<SearchResults> {
        let started = Instant::now();
        let (catalog, searcher) = self.read_view()?;
        let (hits, more) = search::run(&searcher, index::fields(), &catalog, query)?;
        Ok(SearchResults {
            query: query.text.clone(),
            hits,
            more,
            elapsed_us: started.elapsed().as_micros() as u64,
        })
    }

    /// The ids of the latest version of each policy whose app `wanted` accepts, by app (as
    /// [`Library::list`] orders them). From the catalog a search reads too: no row is read.
    pub fn latest_policies_of_apps(&self, wanted: impl Fn(&str) -> bool) -> Result<Vec<String>> {
        let catalog = self.catalog()?;
        let mut found: Vec<&crate::search::HitPolicy> = catalog
            .policies
            .values()
            .map(|p| p.as_ref())
            .filter(|p| p.latest && (wanted(&p.app) || p.aliases.iter().any(|a| wanted(a))))
            .collect();
        found.sort_by(|a, b| (&a.app, a.version, &a.id).cmp(&(&b.app, b.version, &b.id)));
        Ok(found.into_iter().map(|p| p.id.clone()).collect())
    }

    /// The ids of the latest version of each policy with a clause whose data spans name one of
    /// `data_types` (canonical names, as the index records them), by app. Read from the index:
    /// no policy is parsed.
    pub fn latest_policies_naming(&self, data_types: &[String]) -> Result<Vec<String>> {
        if data_types.is_empty() {
            return Ok(Vec::new());
        }
        let (catalog, searcher) = self.read_view()?;
        let fields = index::fields();
        let query = tantivy::query::BooleanQuery::new(
            data_types
                .iter()
                .map(|t| {
                    let q: Box<dyn tantivy::query::Query> = Box::new(TermQuery::new(
                        Term::from_field_text(fields.data_type, t),
                        IndexRecordOption::Basic,
                    ));
                    (tantivy::query::Occur::Should, q)
                })
                .collect(),
        );
        let pids = pids_matching(&searcher, &query)?;
        let mut found: Vec<&HitPolicy> = pids
            .iter()
            .filter_map(|pid| catalog.policies.get(pid))
            .map(|p| p.as_ref())
            .filter(|p| p.latest)
            .collect();
        found.sort_by(|a, b| (&a.app, a.version, &a.id).cmp(&(&b.app, b.version, &b.id)));
        Ok(found.into_iter().map(|p| p.id.clone()).collect())
    }

    /// Policies `ids`, parsed again from their originals in parallel, with their extractions
    /// (the stored ones when `extractor` is the builtin one: tagging again is most of the time).
    pub fn analyse(
        &self,
        ids: &[String],
        extractor: &crate::extract::Extractor,
    ) -> Result<Vec<(Policy, crate::extract::Extraction)>> {
        let builtin = std::ptr::eq(extractor, crate::extract::Extractor::builtin());
        let mut out: Vec<Option<(Policy, crate::extract::Extraction)>> = Vec::new();
        out.resize_with(ids.len(), || None);
        for_each_parallel(
            ids,
            |id: &String| -> Result<(Policy, crate::extract::Extraction)> {
                let policy = self.get(id)?;
                let extraction = if builtin {
                    self.extraction_of(id, &policy)?
                } else {
                    extractor.extract(&policy)
                };
                Ok((policy, extraction))
            },
            |i, result| {
                out[i] = Some(result?);
                Ok(())
            },
        )?;
        Ok(out.into_iter().flatten().collect())
    }

    /// The extraction stored for policy `id` when it was imported or reindexed, if there is one
    /// made with this build's lexicon and models (and it reads back whole).
    pub fn stored_extraction(&self, id: &str) -> Result<Option<crate::extract::Extraction>> {
        let conn = self.conn();
        let body: Option<Vec<u8>> = conn
            .query_row(
                "SELECT e.body FROM extractions e JOIN policies p ON p.pid = e.pid \
                 WHERE p.id = ?1 AND e.fingerprint = ?2",
                params![id, lexicon_fingerprint()],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.db_error(e))?;
        Ok(body.and_then(|b| crate::extract::Extraction::from_stored(&b)))
    }

    /// The extraction of policy `id`, whose parsed text is `policy` (as [`Library::get`] gives
    /// it): the one stored for it when it was made with this build's lexicon and models, else
    /// extracted now — and then stored, when the library can be written, so that the next
    /// reader (`ask`, the report, the desktop reader) need not tag it again.
    pub fn extraction_of(&self, id: &str, policy: &Policy) -> Result<crate::extract::Extraction> {
        if let Some(stored) = self.stored_extraction(id)? {
            return Ok(stored);
        }
        crate::index::trace(&format!("extracted {id}"));
        let extraction = crate::extract::Extractor::builtin().extract(policy);
        if !self.read_only && policy.text.len() <= STORE_EXTRACTION_MAX_BYTES {
            // Only a cache: when another process holds the database, it is stored next time.
            let _ = self.conn().execute(
                "INSERT OR REPLACE INTO extractions (pid, fingerprint, body) \
                 SELECT pid, ?1, ?2 FROM policies WHERE id = ?3",
                params![lexicon_fingerprint(), extraction.to_stored(), id],
            );
        }
        Ok(extraction)
    }

    /// Every app in the library, sorted.
    pub fn apps(&self) -> Result<Vec<String>> {
        Ok(self.catalog()?.apps.clone())
    }

    /// Every name a question may call an app by: the apps' names and their aliases, sorted.
    pub fn app_names(&self) -> Result<Vec<String>> {
        Ok(self.catalog()?.app_names.clone())
    }

    /// Why the library should be reindexed, if it should (the lexicon changed since the index
    /// was built, or the index schema did).
    pub fn stale(&self) -> Result<Option<String>> {
        let meta = self.meta()?;
        if meta.index_schema != INDEX_SCHEMA_VERSION {
            return Ok(Some(
                Error::SchemaMismatch {
                    found: meta.index_schema,
                    expected: INDEX_SCHEMA_VERSION,
                }
                .to_string(),
            ));
        }
        // An empty library has no index to be stale (and recorded no lexicon yet).
        if !self.catalog()?.policies.is_empty() && meta.lexicon != lexicon_fingerprint() {
            return Ok(Some(
                "建立索引后词表或抽取模型有了变化：请运行 `policylens reindex` 更新处理行为、数据类别和敏感标记"
                    .into(),
            ));
        }
        Ok(None)
    }

    /// Rebuild the index from the stored originals (after a schema or lexicon change, or if
    /// the index is damaged). The old index is used until the new one is complete.
    pub fn reindex(&self, progress: &mut dyn FnMut(usize, usize)) -> Result<ReindexSummary> {
        let started = Instant::now();
        let lock = WriterLock::acquire(&self.dir)?;
        let rows = self.rows()?;
        let old = self.meta()?.index_dir;
        let name = format!(
            "index-{}",
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|d| d.as_millis())
                .unwrap_or(0)
        );
        let path = self.dir.join(&name);
        std::fs::create_dir_all(&path).map_err(|source| Error::Io {
            path: path.clone(),
            source,
        })?;
        let index = index::create_index(&path)?;
        let mut writer = new_writer(&index, &path)?;
        let fields = index::fields();
        let mut summary = ReindexSummary::default();
        let mut updates: Vec<(u64, ClauseStats)> = Vec::new();
        let mut extractions: Vec<(u64, Vec<u8>)> = Vec::new();
        let total = rows.len();
        for_each_parallel(
            &rows,
            |row: &Row| {
                self.parse_original(row)
                    .map(|policy| clauses_and_stored_extraction(&policy))
            },
            |i, result| {
                let row = &rows[i];
                match result {
                    Ok((clauses, sensitive_types, stored)) => {
                        add_row_documents(&mut writer, fields, row, &clauses, &path)?;
                        summary.policies += 1;
                        summary.clauses += clauses.len();
                        updates.push((
                            row.pid,
                            ClauseStats {
                                sensitive_types,
                                ..index::clause_stats(&clauses)
                            },
                        ));
                        extractions.extend(stored.map(|body| (row.pid, body)));
                    }
                    Err(e) => summary.failed.push((row.id.clone(), e.to_string())),
                }
                progress(i + 1, total);
                Ok(())
            },
        )?;
        commit(&mut writer, &path)?;
        writer
            .wait_merging_threads()
            .map_err(|e| index::index_error(&path, e))?;
        {
            let mut conn = self.conn();
            let tx = conn.transaction().map_err(|e| self.db_error(e))?;
            for (pid, stats) in &updates {
                update_stats(&tx, *pid, stats).map_err(|e| self.db_error(e))?;
            }
            // Extractions made with an older lexicon or model are of no use any more.
            tx.execute("DELETE FROM extractions", [])
                .map_err(|e| self.db_error(e))?;
            store_extractions(&tx, &extractions).map_err(|e| self.db_error(e))?;
            for (k, v) in [
                ("index_dir", name.clone()),
                ("index_schema", INDEX_SCHEMA_VERSION.to_string()),
                ("lexicon", lexicon_fingerprint()),
            ] {
                put_meta(&tx, k, &v).map_err(|e| self.db_error(e))?;
            }
            tx.commit().map_err(|e| self.db_error(e))?;
        }
        if old != name {
            let _ = std::fs::remove_dir_all(self.dir.join(&old));
        }
        drop(lock);
        self.invalidate();
        summary.elapsed_ms = started.elapsed().as_millis() as u64;
        Ok(summary)
    }

    /// Check that the database, the index and the originals agree (read-only). Returns the
    /// problems found; empty means consistent.
    pub fn verify(&self) -> Result<Vec<String>> {
        let rows = self.rows()?;
        let (_, searcher) = self.read_view()?;
        let indexed = policy_pids(&searcher, index::fields())?;
        let mut problems = Vec::new();
        let known: HashSet<u64> = rows.iter().map(|r| r.pid).collect();
        for row in &rows {
            if !indexed.contains(&row.pid) {
                problems.push(format!("{}（{}）不在索引中", row.id, row.app));
            }
            if !self.dir.join(ORIGINALS_DIR).join(&row.original).is_file() {
                problems.push(format!(
                    "{}（{}）：原文 {} 不见了",
                    row.id, row.app, row.original
                ));
            }
        }
        for pid in indexed.difference(&known) {
            problems.push(format!("索引中有未知政策 #{pid} 的文档"));
        }
        Ok(problems)
    }

    // ----- internals -----

    fn conn(&self) -> std::sync::MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The library database, for features that keep their own tables in it (notes). Do not
    /// call other `Library` methods while holding it.
    #[allow(dead_code)] // used by src/notes.rs
    pub(crate) fn db(&self) -> std::sync::MutexGuard<'_, Connection> {
        self.conn()
    }

    /// Every policy's id, lineage and version (for notes, which follow their policy's lineage).
    pub(crate) fn policy_versions(&self) -> Result<Vec<(String, String, u32)>> {
        let conn = self.conn();
        let mut stmt = conn
            .prepare_cached("SELECT id, lineage, version FROM policies")
            .map_err(|e| self.db_error(e))?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .and_then(|rows| rows.collect())
            .map_err(|e| self.db_error(e))?;
        Ok(rows)
    }

    pub(crate) fn db_error(&self, e: rusqlite::Error) -> Error {
        if crate::error::is_disk_full(&e) {
            return Error::DiskFull {
                path: self.dir.clone(),
            };
        }
        if matches!(e.sqlite_error_code(), Some(rusqlite::ErrorCode::ReadOnly)) {
            return Error::ReadOnly {
                dir: self.dir.clone(),
                action: "修改".into(),
            };
        }
        Error::Database {
            path: self.dir.join(DB_FILE),
            message: e.to_string(),
        }
    }

    fn migrate(&self) -> Result<()> {
        let applied: u32 = self
            .conn()
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(|e| self.db_error(e))?;
        if applied as usize > MIGRATIONS.len() {
            return Err(Error::LibraryTooNew {
                path: self.dir.join(DB_FILE),
                found: applied,
                supported: MIGRATIONS.len() as u32,
            });
        }
        if applied as usize == MIGRATIONS.len() {
            return Ok(());
        }
        if self.read_only {
            return Err(Error::ReadOnly {
                dir: self.dir.clone(),
                action: "升级它的数据库（请在可写的位置打开一次）".into(),
            });
        }
        let _lock = WriterLock::acquire(&self.dir)?;
        let mut conn = self.conn();
        let applied: u32 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(|e| self.db_error(e))?;
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(applied as usize) {
            let tx = conn.transaction().map_err(|e| self.db_error(e))?;
            tx.execute_batch(sql).map_err(|e| self.db_error(e))?;
            tx.pragma_update(None, "user_version", (i + 1) as u32)
                .map_err(|e| self.db_error(e))?;
            tx.commit().map_err(|e| self.db_error(e))?;
        }
        Ok(())
    }

    fn meta(&self) -> Result<Meta> {
        let conn = self.conn();
        let mut stmt = conn
            .prepare_cached("SELECT key, value FROM meta")
            .map_err(|e| self.db_error(e))?;
        let pairs: Vec<(String, String)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .and_then(|rows| rows.collect())
            .map_err(|e| self.db_error(e))?;
        let mut meta = Meta {
            index_dir: "index".into(),
            next_pid: 1,
            ..Meta::default()
        };
        for (k, v) in pairs {
            match k.as_str() {
                "index_dir" => meta.index_dir = v,
                "index_schema" => meta.index_schema = v.parse().unwrap_or(0),
                "lexicon" => meta.lexicon = v,
                "next_pid" => meta.next_pid = v.parse().unwrap_or(1),
                "bundled_imported" => meta.bundled_imported = v == "1",
                _ => {}
            }
        }
        Ok(meta)
    }

    fn set_meta(&self, key: &str, value: &str) -> Result<()> {
        put_meta(&self.conn(), key, value).map_err(|e| self.db_error(e))
    }

    fn rows(&self) -> Result<Vec<Row>> {
        let conn = self.conn();
        let mut stmt = conn
            .prepare_cached(&format!(
                "SELECT {ROW_COLUMNS} FROM policies ORDER BY app, version"
            ))
            .map_err(|e| self.db_error(e))?;
        let rows = stmt
            .query_map([], row_from)
            .and_then(|rows| rows.collect())
            .map_err(|e| self.db_error(e))?;
        Ok(rows)
    }

    /// The row of `id`, or of the one policy whose id starts with `id`.
    fn find(&self, id: &str) -> Result<Row> {
        let id = id.trim();
        let not_found = || Error::NotFound { id: id.to_string() };
        if id.is_empty() || !id.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(not_found());
        }
        let conn = self.conn();
        let mut stmt = conn
            .prepare_cached(&format!(
                "SELECT {ROW_COLUMNS} FROM policies WHERE id >= ?1 AND id < ?2 ORDER BY id LIMIT 2"
            ))
            .map_err(|e| self.db_error(e))?;
        let upper = format!("{id}\u{7f}");
        let rows: Vec<Row> = stmt
            .query_map(params![id.to_ascii_lowercase(), upper], row_from)
            .and_then(|rows| rows.collect())
            .map_err(|e| self.db_error(e))?;
        match rows.len() {
            1 => Ok(rows.into_iter().next().expect("one row")),
            0 => Err(not_found()),
            _ => Err(Error::AmbiguousId { id: id.to_string() }),
        }
    }

    fn summaries(&self) -> Result<Vec<PolicySummary>> {
        let rows = self.rows()?;
        let mut versions: HashMap<&str, u32> = HashMap::new();
        let mut latest: HashMap<&str, u32> = HashMap::new();
        for r in &rows {
            *versions.entry(&r.lineage).or_default() += 1;
            let l = latest.entry(&r.lineage).or_default();
            *l = (*l).max(r.version);
        }
        Ok(rows
            .iter()
            .map(|r| PolicySummary {
                id: r.id.clone(),
                app: r.app.clone(),
                aliases: r.aliases.clone(),
                version: r.version,
                latest: latest.get(r.lineage.as_str()) == Some(&r.version),
                versions: versions.get(r.lineage.as_str()).copied().unwrap_or(1),
                title: r.title.clone(),
                operator: r.operator.clone(),
                updated: r.updated.clone(),
                effective: r.effective.clone(),
                source_path: r.source_path.clone(),
                format: r.format.clone(),
                encoding: r.encoding.clone(),
                imported_at: r.imported_at.clone(),
                bytes: r.bytes,
                chars: r.chars,
                clauses: r.stats.clauses as u64,
                bold_clauses: r.stats.bold_clauses as u64,
                sensitive_clauses: r.stats.sensitive_clauses as u64,
                sensitive_types: r.stats.sensitive_types.clone(),
                categories: r.stats.categories.clone(),
            })
            .collect())
    }

    /// Parse a stored original again, with the metadata recorded at import.
    fn parse_original(&self, row: &Row) -> Result<Policy> {
        let path = self.dir.join(ORIGINALS_DIR).join(&row.original);
        let bytes = std::fs::read(&path).map_err(|source| Error::Io {
            path: path.clone(),
            source,
        })?;
        let mut policy = parse_bytes(&path, &bytes, &ParseOptions::default())?;
        policy.app = Some(row.app.clone());
        policy.aliases = row.aliases.clone();
        policy.title = row.title.clone();
        policy.operator = row.operator.clone();
        policy.updated = row.updated.clone();
        policy.effective = row.effective.clone();
        policy.source.path = row.source_path.clone();
        if policy.id != row.id {
            return Err(Error::OriginalChanged {
                path,
                id: row.id.clone(),
            });
        }
        Ok(policy)
    }

    /// Forget the cached catalog (after this process wrote).
    fn invalidate(&self) {
        let mut read = self.read.lock().unwrap_or_else(|e| e.into_inner());
        read.data_version = None;
    }

    fn catalog(&self) -> Result<Arc<Catalog>> {
        let mut read = self.read.lock().unwrap_or_else(|e| e.into_inner());
        self.refresh(&mut read)?;
        Ok(read.catalog.clone())
    }

    /// Reload the catalog and metadata if the database changed since they were loaded.
    fn refresh(&self, read: &mut ReadState) -> Result<()> {
        let version: i64 = self
            .conn()
            .pragma_query_value(None, "data_version", |r| r.get(0))
            .map_err(|e| self.db_error(e))?;
        if read.data_version == Some(version) {
            return Ok(());
        }
        let meta = self.meta()?;
        let rows = {
            let conn = self.conn();
            let mut stmt = conn
                .prepare_cached(
                    "SELECT pid, id, app, title, version, lineage, aliases FROM policies",
                )
                .map_err(|e| self.db_error(e))?;
            type CatalogRow = (
                u64,
                String,
                String,
                Option<String>,
                u32,
                String,
                Vec<String>,
            );
            let rows: Vec<CatalogRow> = stmt
                .query_map([], |r| {
                    Ok((
                        r.get::<_, i64>(0)? as u64,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                        serde_json::from_str(&r.get::<_, String>(6)?).unwrap_or_default(),
                    ))
                })
                .and_then(|rows| rows.collect())
                .map_err(|e| self.db_error(e))?;
            rows
        };
        let mut latest: HashMap<&str, u32> = HashMap::new();
        for (_, _, _, _, v, lineage, _) in &rows {
            let l = latest.entry(lineage).or_default();
            *l = (*l).max(*v);
        }
        let mut apps: Vec<String> = rows.iter().map(|r| r.2.clone()).collect();
        apps.sort();
        apps.dedup();
        let mut app_names: Vec<String> = rows
            .iter()
            .flat_map(|r| std::iter::once(&r.2).chain(&r.6).cloned())
            .collect();
        app_names.sort();
        app_names.dedup();
        let mut superseded = Vec::new();
        let mut policies = HashMap::with_capacity(rows.len());
        for (pid, id, app, title, version, lineage, aliases) in &rows {
            let is_latest = latest.get(lineage.as_str()) == Some(version);
            if !is_latest {
                superseded.push(*pid);
            }
            policies.insert(
                *pid,
                Arc::new(HitPolicy {
                    id: id.clone(),
                    app: app.clone(),
                    aliases: aliases.clone(),
                    title: title.clone(),
                    version: *version,
                    latest: is_latest,
                }),
            );
        }
        read.catalog = Arc::new(Catalog {
            policies,
            superseded,
            apps,
            app_names,
        });
        if read
            .index
            .as_ref()
            .is_some_and(|i| i.dir_name != meta.index_dir)
        {
            read.index = None;
        }
        read.meta = meta;
        read.data_version = Some(version);
        Ok(())
    }

    /// The catalog and a searcher on the current index.
    fn read_view(&self) -> Result<(Arc<Catalog>, Searcher)> {
        let mut read = self.read.lock().unwrap_or_else(|e| e.into_inner());
        self.refresh(&mut read)?;
        if read.meta.index_schema != INDEX_SCHEMA_VERSION {
            return Err(Error::SchemaMismatch {
                found: read.meta.index_schema,
                expected: INDEX_SCHEMA_VERSION,
            });
        }
        if read.index.is_none() {
            let path = self.dir.join(&read.meta.index_dir);
            let (index, reload) = if self.read_only {
                // Nothing can change a read-only library: no need to watch for commits.
                (index::open_index_read_only(&path)?, ReloadPolicy::Manual)
            } else {
                (index::open_index(&path)?, ReloadPolicy::OnCommitWithDelay)
            };
            let reader = index
                .reader_builder()
                .reload_policy(reload)
                .try_into()
                .map_err(|e| index::index_error(&path, e))?;
            read.index = Some(OpenIndex {
                dir_name: read.meta.index_dir.clone(),
                reader,
            });
        }
        let searcher = read.index.as_ref().expect("opened above").reader.searcher();
        Ok((read.catalog.clone(), searcher))
    }

    /// Take the writer lock, open an index writer, and reconcile the database with the index.
    fn session(&self) -> Result<Session> {
        let lock = WriterLock::acquire(&self.dir)?;
        let meta = self.meta()?;
        if meta.index_schema != INDEX_SCHEMA_VERSION {
            return Err(Error::SchemaMismatch {
                found: meta.index_schema,
                expected: INDEX_SCHEMA_VERSION,
            });
        }
        let index_path = self.dir.join(&meta.index_dir);
        let mut repairs = Vec::new();
        let index = if index_path.join("meta.json").is_file() {
            index::open_index(&index_path)?
        } else {
            // The index is gone: start an empty one; reconcile below indexes every policy.
            std::fs::create_dir_all(&index_path).map_err(|source| Error::Io {
                path: index_path.clone(),
                source,
            })?;
            repairs.push(format!(
                "搜索索引 {} 不见了：已用保存的原文重建",
                index_path.display()
            ));
            index::create_index(&index_path)?
        };
        let writer = new_writer(&index, &index_path)?;
        let fields = *index::fields();
        let mut session = Session {
            _lock: lock,
            index_path,
            index,
            writer,
            fields,
            repairs,
        };
        self.reconcile(&mut session, &meta)?;
        Ok(session)
    }

    /// Make the index and `originals/` agree with the database (see the module docs).
    fn reconcile(&self, session: &mut Session, meta: &Meta) -> Result<()> {
        let rows = self.rows()?;
        let reader = session
            .index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|e| index::index_error(&session.index_path, e))?;
        let indexed = policy_pids(&reader.searcher(), &session.fields)?;
        let known: HashMap<u64, &Row> = rows.iter().map(|r| (r.pid, r)).collect();
        let mut changed = false;
        let orphans: Vec<u64> = indexed
            .iter()
            .filter(|p| !known.contains_key(p))
            .copied()
            .collect();
        if !orphans.is_empty() {
            for pid in &orphans {
                session
                    .writer
                    .delete_term(Term::from_field_u64(session.fields.pid, *pid));
            }
            session.repairs.push(format!(
                "删除了一次中断的导入未完成的 {} 份政策的索引文档",
                orphans.len()
            ));
            changed = true;
        }
        let missing: Vec<Row> = rows
            .iter()
            .filter(|r| !indexed.contains(&r.pid))
            .cloned()
            .collect();
        if !missing.is_empty() {
            let count = missing.len();
            let mut failed = Vec::new();
            let (writer, fields, index_path) =
                (&mut session.writer, &session.fields, &session.index_path);
            for_each_parallel(
                &missing,
                |row: &Row| self.parse_original(row).map(|p| clauses_of(&p)),
                |i, result| {
                    let row = &missing[i];
                    match result {
                        Ok(clauses) => {
                            writer.delete_term(Term::from_field_u64(fields.pid, row.pid));
                            add_row_documents(writer, fields, row, &clauses, index_path)?;
                        }
                        Err(e) => failed.push(format!("{} ({}): {e}", row.id, row.app)),
                    }
                    Ok(())
                },
            )?;
            session.repairs.push(format!(
                "重新为索引中缺少的 {} 份政策建了索引",
                count - failed.len()
            ));
            for f in failed {
                session.repairs.push(format!("无法建索引：{f}"));
            }
            changed = true;
        }
        if changed {
            commit(&mut session.writer, &session.index_path)?;
        }
        // Files no row refers to: originals of an interrupted import, temp files.
        let originals = self.dir.join(ORIGINALS_DIR);
        let referenced: HashSet<&str> = rows.iter().map(|r| r.original.as_str()).collect();
        if let Ok(entries) = std::fs::read_dir(&originals) {
            let mut removed = 0;
            for e in entries.flatten() {
                let name = e.file_name().to_string_lossy().to_string();
                if is_original_name(&name)
                    && !referenced.contains(name.as_str())
                    && std::fs::remove_file(e.path()).is_ok()
                {
                    removed += 1;
                }
            }
            if removed > 0 {
                session
                    .repairs
                    .push(format!("删除了一次中断的导入留下的 {removed} 个文件"));
            }
        }
        // Index folders of an interrupted reindex.
        if let Ok(entries) = std::fs::read_dir(&self.dir) {
            for e in entries.flatten() {
                let name = e.file_name().to_string_lossy().to_string();
                if is_index_dir_name(&name) && name != meta.index_dir && e.path().is_dir() {
                    let _ = std::fs::remove_dir_all(e.path());
                }
            }
        }
        Ok(())
    }

    /// End a write session: wait for merges, drop the lock, make readers see the changes.
    fn finish(&self, session: Session) -> Result<()> {
        let Session {
            _lock,
            index_path,
            writer,
            ..
        } = session;
        writer
            .wait_merging_threads()
            .map_err(|e| index::index_error(&index_path, e))?;
        drop(_lock);
        self.invalidate();
        let read = self.read.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(i) = &read.index {
            let _ = i.reader.reload();
        }
        Ok(())
    }

    /// The import pipeline: workers read, decode, classify, parse, extract and cut files into
    /// clauses; this thread, in input order, decides new / unchanged / new version, stores the
    /// original, adds the documents and commits in batches.
    fn import(
        &self,
        jobs: Vec<Job>,
        missing: Vec<(PathBuf, RefuseReason)>,
        options: &AddOptions,
        progress: &mut dyn FnMut(&Progress),
    ) -> Result<ImportSummary> {
        let started = Instant::now();
        let sizes: Vec<u64> = jobs.iter().map(Job::size).collect();
        let largest = sizes.iter().copied().max().unwrap_or(0);
        if largest >= TRIM_AFTER_BYTES {
            // Before the writer's threads are started and take arenas of their own.
            limit_allocator_arenas();
        }
        let mut session = self.session()?;
        let mut summary = ImportSummary {
            repairs: std::mem::take(&mut session.repairs),
            ..Default::default()
        };
        let total = jobs.len() + missing.len();
        let mut done = 0;
        for (path, reason) in missing {
            done += 1;
            let outcome = Outcome::refused(reason);
            progress(&Progress {
                done,
                total,
                path: &path,
                outcome: &outcome,
            });
            summary.files.push(FileOutcome { path, outcome });
        }

        let mut state = ImportState::load(self)?;
        let originals = self.dir.join(ORIGINALS_DIR);
        let known = Known {
            bytes: state.known_bytes.clone(),
            claimed: Mutex::default(),
            ids: state.known_ids.keys().cloned().collect(),
            originals: originals.clone(),
        };
        let manifests = ManifestCache::default();
        let mut last_commit = Instant::now();
        let indices: Vec<usize> = (0..jobs.len()).collect();
        let budget = MemoryBudget::new(largest);
        // Each input's outcome, for the later copies of its bytes.
        let mut outcomes: Vec<Option<Outcome>> = vec![None; jobs.len()];
        for_each_parallel(
            &indices,
            |&i| {
                let permit = budget.acquire(i, sizes[i]);
                prepare(i, &jobs[i], options, &known, &manifests, permit)
            },
            |i, prepared| {
                let path = &jobs[i].path;
                let outcome = match prepared {
                    Prepared::Refused(reason) => Outcome::refused(reason),
                    Prepared::Unchanged { id } => Outcome::Unchanged { id },
                    // What importing these bytes again after `first` would have come to.
                    Prepared::SameBytesAs(first) => match &outcomes[first] {
                        Some(
                            Outcome::Imported { id, .. }
                            | Outcome::Unchanged { id }
                            | Outcome::SameText { id, .. },
                        ) => Outcome::Unchanged { id: id.clone() },
                        Some(Outcome::Refused { reason, .. }) => Outcome::refused(reason.clone()),
                        None => unreachable!("input {first} is consumed before {i}"),
                    },
                    Prepared::Ready(ready) => {
                        let large = ready.byte_len >= TRIM_AFTER_BYTES;
                        let outcome =
                            state.accept(*ready, path, &originals, &mut session, &mut summary)?;
                        if large {
                            give_back_freed_memory();
                        }
                        outcome
                    }
                };
                done += 1;
                progress(&Progress {
                    done,
                    total,
                    path,
                    outcome: &outcome,
                });
                outcomes[i] = Some(outcome.clone());
                summary.files.push(FileOutcome {
                    path: path.clone(),
                    outcome,
                });
                if state.rows.len() >= options.commit_every.max(1)
                    || (!state.rows.is_empty() && last_commit.elapsed() >= COMMIT_INTERVAL)
                {
                    self.commit_batch(&mut session, &mut state)?;
                    last_commit = Instant::now();
                }
                Ok(())
            },
        )?;
        self.commit_batch(&mut session, &mut state)?;
        summary.notes.extend(manifests.notes());
        self.finish(session)?;
        summary.elapsed_ms = started.elapsed().as_millis() as u64;
        Ok(summary)
    }

    /// Commit the index, then the database rows of the same policies (see the module docs).
    fn commit_batch(&self, session: &mut Session, state: &mut ImportState) -> Result<()> {
        if state.rows.is_empty() && state.sources.is_empty() {
            return Ok(());
        }
        if !state.rows.is_empty() {
            commit(&mut session.writer, &session.index_path)?;
            // The renames of the batch's originals (their data was synced when written).
            if let Ok(dir) = File::open(self.dir.join(ORIGINALS_DIR)) {
                let _ = dir.sync_all();
            }
        }
        let mut conn = self.conn();
        let tx = conn.transaction().map_err(|e| self.db_error(e))?;
        // The lexicon the index is built with, recorded when the library gets its first
        // policies (a library emptied and filled again is built with this one too); later
        // imports keep it: only reindex updates it, for every policy at once.
        let was_empty: bool = tx
            .query_row("SELECT NOT EXISTS (SELECT 1 FROM policies)", [], |r| {
                r.get(0)
            })
            .map_err(|e| self.db_error(e))?;
        {
            let mut insert = tx
                .prepare_cached(&format!(
                    "INSERT INTO policies ({ROW_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, \
                     ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23)"
                ))
                .map_err(|e| self.db_error(e))?;
            for r in &state.rows {
                insert
                    .execute(params![
                        r.pid as i64,
                        r.id,
                        r.app,
                        r.version,
                        r.title,
                        r.operator,
                        r.updated,
                        r.effective,
                        r.source_path,
                        r.format,
                        r.encoding,
                        r.original,
                        r.bytes as i64,
                        r.chars as i64,
                        r.stats.clauses as i64,
                        r.stats.bold_clauses as i64,
                        r.stats.sensitive_clauses as i64,
                        r.stats.sensitive_types.len() as i64,
                        json_list(&r.stats.sensitive_types),
                        json_list(&r.stats.categories),
                        r.imported_at,
                        r.lineage,
                        json_list(&r.aliases),
                    ])
                    .map_err(|e| self.db_error(e))?;
            }
            let mut source = tx
                .prepare_cached(
                    "INSERT OR IGNORE INTO sources (bytes_hash, policy_id, path, added_at) \
                     VALUES (?1, ?2, ?3, ?4)",
                )
                .map_err(|e| self.db_error(e))?;
            let now = now_rfc3339();
            for (hash, id, path) in &state.sources {
                source
                    .execute(params![hash, id, path, now])
                    .map_err(|e| self.db_error(e))?;
            }
        }
        store_extractions(&tx, &state.extractions).map_err(|e| self.db_error(e))?;
        put_meta(&tx, "next_pid", &state.next_pid.to_string()).map_err(|e| self.db_error(e))?;
        if was_empty && !state.rows.is_empty() {
            put_meta(&tx, "lexicon", &lexicon_fingerprint()).map_err(|e| self.db_error(e))?;
        }
        tx.commit().map_err(|e| self.db_error(e))?;
        state.rows.clear();
        state.sources.clear();
        state.extractions.clear();
        Ok(())
    }
}

/// What an import knows and has pending.
struct ImportState {
    /// Bytes hash → policy id, for every file ever imported (and this import's).
    known_bytes: HashMap<String, String>,
    /// Policy id → (app, version).
    known_ids: HashMap<String, (String, u32)>,
    /// App → the policies (lineages) of that app.
    lineages: HashMap<String, Vec<Lineage>>,
    next_pid: u64,
    /// Rows and sources added to the index but not yet to the database.
    rows: Vec<Row>,
    sources: Vec<(String, String, String)>,
    /// Stored extractions of those rows (pid, body).
    extractions: Vec<(u64, Vec<u8>)>,
}

impl ImportState {
    fn load(library: &Library) -> Result<ImportState> {
        let next_pid = library.meta()?.next_pid;
        let conn = library.conn();
        let db = |e| library.db_error(e);
        let known_bytes: HashMap<String, String> = conn
            .prepare("SELECT bytes_hash, policy_id FROM sources")
            .and_then(|mut s| {
                s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                    .collect::<rusqlite::Result<_>>()
            })
            .map_err(db)?;
        let rows: Vec<(String, String, u32, String, String)> = conn
            .prepare("SELECT id, app, version, lineage, source_path FROM policies ORDER BY pid")
            .and_then(|mut s| {
                s.query_map([], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
                })?
                .collect::<rusqlite::Result<_>>()
            })
            .map_err(db)?;
        let mut lineages: HashMap<String, Vec<Lineage>> = HashMap::new();
        let mut known_ids = HashMap::new();
        for (id, app, version, key, source) in rows {
            let list = lineages.entry(app.clone()).or_default();
            let i = match list.iter().position(|l| l.key == key) {
                Some(i) => i,
                None => {
                    list.push(Lineage {
                        key,
                        stems: HashSet::new(),
                        version: 0,
                    });
                    list.len() - 1
                }
            };
            // Most recently extended last.
            let mut l = list.remove(i);
            l.stems.insert(file_stem(&source));
            l.version = l.version.max(version);
            list.push(l);
            known_ids.insert(id, (app, version));
        }
        Ok(ImportState {
            known_bytes,
            known_ids,
            lineages,
            next_pid,
            rows: Vec::new(),
            sources: Vec::new(),
            extractions: Vec::new(),
        })
    }

    /// Decide what a prepared file is and, if it is new, store and index it.
    fn accept(
        &mut self,
        ready: Ready,
        path: &Path,
        originals: &Path,
        session: &mut Session,
        summary: &mut ImportSummary,
    ) -> Result<Outcome> {
        let shown = path.display().to_string();
        let discard = |tmp: &Option<PathBuf>| {
            if let Some(tmp) = tmp {
                let _ = std::fs::remove_file(tmp);
            }
        };
        if let Some(id) = self.known_bytes.get(&ready.bytes_hash) {
            // The same bytes earlier in this import.
            discard(&ready.tmp);
            return Ok(Outcome::Unchanged { id: id.clone() });
        }
        let id = ready.policy.id.clone();
        self.known_bytes
            .insert(ready.bytes_hash.clone(), id.clone());
        self.sources
            .push((ready.bytes_hash.clone(), id.clone(), shown));
        if let Some((app, version)) = self.known_ids.get(&id) {
            discard(&ready.tmp);
            return Ok(Outcome::SameText {
                id,
                app: app.clone(),
                version: *version,
            });
        }
        let (lineage, version) = self.lineage_for(&ready.app, &ready.stem, ready.given);
        let pid = self.next_pid;
        self.next_pid += 1;
        let original = format!("{id}.{}", ready.ext);
        let stored = originals.join(&original);
        match &ready.tmp {
            Some(tmp) => std::fs::rename(tmp, &stored).map_err(|source| Error::Io {
                path: stored.clone(),
                source,
            })?,
            None => write_original(originals, &original, ready.bytes.as_deref().unwrap_or(&[]))?,
        }
        let stats = match ready.docs {
            Documents::Made { mut docs, stats } => {
                for doc in &mut docs {
                    doc.add_u64(session.fields.pid, pid);
                }
                add_documents(&session.writer, docs, &session.index_path)?;
                stats
            }
            Documents::Deferred(parsed) => {
                let (policy, extraction) = &*parsed;
                let stats = index::documents_into(
                    &session.fields,
                    Some(pid),
                    &ready.app,
                    policy.title.as_deref(),
                    index::clauses_iter(policy, extraction, Lexicon::builtin()),
                    |doc| {
                        session
                            .writer
                            .add_document(doc)
                            .map(|_| ())
                            .map_err(|e| index::index_error(&session.index_path, e))
                    },
                )?;
                ClauseStats {
                    sensitive_types: sensitive_collected(policy, extraction),
                    ..stats
                }
            }
        };
        self.known_ids
            .insert(id.clone(), (ready.app.clone(), version));
        summary.bytes_imported += ready.byte_len;
        if let Some(body) = ready.extraction {
            self.extractions.push((pid, body));
        }
        let p = ready.policy;
        self.rows.push(Row {
            pid,
            id: id.clone(),
            app: ready.app.clone(),
            aliases: p.aliases,
            version,
            chars: p.chars,
            title: p.title,
            operator: p.operator,
            updated: p.updated,
            effective: p.effective,
            source_path: p.source.path,
            format: p.source.format.as_str().to_string(),
            encoding: p.source.encoding,
            original,
            bytes: ready.byte_len,
            stats,
            imported_at: now_rfc3339(),
            lineage,
        });
        Ok(Outcome::Imported {
            id,
            app: ready.app,
            version,
        })
    }
}

/// Whether `name` is an Android package name (`com.superapp.guruicheng`): two or more
/// dot-separated ASCII words.
fn is_package_name(name: &str) -> bool {
    let parts: Vec<&str> = name.split('.').collect();
    parts.len() >= 2
        && parts.iter().all(|p| {
            p.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        })
}

/// The versions of one policy (see the module docs).
struct Lineage {
    key: String,
    /// File names (without extension) of its versions.
    stems: HashSet<String>,
    /// Highest version.
    version: u32,
}

impl ImportState {
    /// The lineage a new text of `app` from a file named `stem` joins, and its version there.
    fn lineage_for(&mut self, app: &str, stem: &str, given: bool) -> (String, u32) {
        let list = self.lineages.entry(app.to_string()).or_default();
        let found = list
            .iter()
            .position(|l| l.stems.contains(stem))
            .or_else(|| given.then(|| list.len().checked_sub(1)).flatten());
        let mut l = match found {
            Some(i) => list.remove(i),
            None => Lineage {
                key: format!("{app}\u{1f}{stem}"),
                stems: HashSet::new(),
                version: 0,
            },
        };
        l.version += 1;
        l.stems.insert(stem.to_string());
        let out = (l.key.clone(), l.version);
        list.push(l);
        out
    }
}

/// The file name of a recorded source path, without extension (and without the `(bundled) `
/// mark of the bundled policies).
fn file_stem(source: &str) -> String {
    Path::new(source.trim_start_matches("(bundled) "))
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default()
}

/// Run `work` on every item on worker threads, and `consume` each result on this thread in
/// input order, as soon as it and those before it are ready. An error from `consume` stops the
/// workers and is returned. A panic in `work` is the item's result? No: `work` must not panic
/// (callers catch panics themselves).
fn for_each_parallel<T, R, W, C>(items: &[T], work: W, mut consume: C) -> Result<()>
where
    T: Sync,
    R: Send,
    W: Fn(&T) -> R + Sync,
    C: FnMut(usize, R) -> Result<()>,
{
    if items.is_empty() {
        return Ok(());
    }
    let threads = workers().min(items.len());
    let next = AtomicUsize::new(0);
    std::thread::scope(|s| {
        let (tx, rx) = mpsc::sync_channel::<(usize, R)>(threads * 4);
        for _ in 0..threads {
            let tx = tx.clone();
            let (next, work) = (&next, &work);
            s.spawn(move || loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(item) = items.get(i) else { break };
                if tx.send((i, work(item))).is_err() {
                    break;
                }
            });
        }
        drop(tx);
        let mut ready: BTreeMap<usize, R> = BTreeMap::new();
        let mut expect = 0;
        for (i, r) in rx.iter() {
            ready.insert(i, r);
            while let Some(r) = ready.remove(&expect) {
                if let Err(e) = consume(expect, r) {
                    // Stop handing out work; dropping `rx` unblocks the workers.
                    next.store(items.len(), Ordering::Relaxed);
                    return Err(e);
                }
                expect += 1;
            }
        }
        Ok(())
    })
}

/// Return freed heap memory to the system. glibc keeps what a thread frees in that thread's
/// arena; each worker's arena grows to the peak of the largest file it prepared, so without
/// this an import of a few 30 MB files kept a peak per worker (and per indexing thread) long
/// after the files were indexed. Other allocators return memory on their own.
fn give_back_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only walks the allocator's own free lists.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Let the allocator keep at most two arenas, for an import of large files. glibc gives each
/// new thread its own arena (up to 8 per core) and reuses freed memory only within an arena,
/// so an import's workers, index writer threads and merge threads each grew one to the peak of
/// the large file they last touched: six 30 MB files peaked at 480 MB of anonymous memory,
/// 377 MB with two arenas. Not for imports of ordinary files, where the threads' contention for
/// two arenas cost 5 % (crawl import, 15.0 → 15.8 s). Process-wide and permanent: in the
/// desktop app, imports after the first large one keep the limit.
fn limit_allocator_arenas() {
    // A user's own glibc setting (`MALLOC_ARENA_MAX`, `GLIBC_TUNABLES`) is left to stand.
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    if std::env::var_os("MALLOC_ARENA_MAX").is_none()
        && std::env::var_os("GLIBC_TUNABLES").is_none()
    {
        // SAFETY: mallopt only sets an allocator parameter; M_ARENA_MAX may be set at any time.
        unsafe {
            libc::mallopt(libc::M_ARENA_MAX, 2);
        }
    }
}

/// Worker threads for parsing (the index writer has its own).
fn workers() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2)
        .clamp(1, 8)
}

/// The extension an original is stored under: the file's own when it is a plain one.
fn original_extension(path: &Path) -> String {
    path.extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase())
        .filter(|e| !e.is_empty() && e.len() <= 10 && e.chars().all(|c| c.is_ascii_alphanumeric()))
        .unwrap_or_else(|| "txt".into())
}

/// Read, check, parse and cut one file. Never panics: a panic in the pipeline refuses the file.
fn prepare(
    index: usize,
    job: &Job,
    options: &AddOptions,
    known: &Known,
    manifests: &ManifestCache,
    permit: Permit,
) -> Prepared {
    let run = || -> Prepared {
        let bytes = match job.bytes {
            Some(b) => b.to_vec(),
            None => match read_limited(&job.path, options.max_bytes) {
                Ok(b) => b,
                Err(r) => return Prepared::Refused(r),
            },
        };
        let bytes_hash = blake3::hash(&bytes).to_hex().to_string();
        if let Some(id) = known.bytes.get(&bytes_hash) {
            return Prepared::Unchanged { id: id.clone() };
        }
        {
            // A copy of a file earlier in this import (crawls hold many) takes that file's
            // outcome. Only an *earlier* file may stand for it: the results are taken in input
            // order, so a later one's outcome is not known when this one's is needed.
            let mut claimed = known.claimed.lock().unwrap_or_else(|e| e.into_inner());
            match claimed.get(&bytes_hash) {
                Some(&first) if first < index => return Prepared::SameBytesAs(first),
                _ => {
                    claimed.insert(bytes_hash.clone(), index);
                }
            }
        }
        let parse_options = ParseOptions {
            app: options.app.clone(),
            ..Default::default()
        };
        let ext = original_extension(&job.path);
        let byte_len = bytes.len() as u64;
        // A large file's original is written first, so that its bytes can become its text
        // instead of being held beside it (a file's size less at the peak). Small files are
        // written after parsing: most files a crawl refuses are never written at all.
        let early_tmp = (byte_len >= options.stream_documents_from)
            .then(|| {
                let tmp = known
                    .originals
                    .join(format!("{bytes_hash}.{ext}.{index}.tmp"));
                write_synced(&tmp, &bytes).ok().map(|()| tmp)
            })
            .flatten();
        let (parsed, bytes) = match &early_tmp {
            Some(_) => (parse_owned(&job.path, bytes, &parse_options), None),
            None => (parse_bytes(&job.path, &bytes, &parse_options), Some(bytes)),
        };
        let mut policy = match parsed {
            Ok(p) => p,
            // Decode again only to say precisely why (refusals are rare and cheap).
            Err(e) => {
                let bytes = match (bytes, &early_tmp) {
                    (Some(b), _) => b,
                    (None, Some(tmp)) => {
                        let b = std::fs::read(tmp).unwrap_or_default();
                        let _ = std::fs::remove_file(tmp);
                        b
                    }
                    (None, None) => Vec::new(),
                };
                return Prepared::Refused(match crate::decode::decode(&bytes) {
                    Err(DecodeProblem::Empty) => RefuseReason::Empty,
                    Err(p @ DecodeProblem::Binary { .. }) => RefuseReason::Binary(p.to_string()),
                    Err(p @ DecodeProblem::Undecodable { .. }) => {
                        RefuseReason::Undecodable(p.to_string())
                    }
                    Ok(_) => match e {
                        Error::Refused { reason, .. }
                            if reason.ends_with(crate::ingest::NO_TEXT) =>
                        {
                            RefuseReason::Empty
                        }
                        Error::Refused { reason, .. } => RefuseReason::Unreadable(reason),
                        e => RefuseReason::Unreadable(e.to_string()),
                    },
                });
            }
        };
        if let Verdict::NotPolicy(reason) = classify(&policy.text) {
            if let Some(tmp) = &early_tmp {
                let _ = std::fs::remove_file(tmp);
            }
            return Prepared::Refused(match reason {
                NotPolicyReason::JavaScriptStub => RefuseReason::JavaScriptStub,
                NotPolicyReason::UserAgreement => RefuseReason::UserAgreement,
                NotPolicyReason::TooShort { chars } => RefuseReason::TooShort { chars },
                other => RefuseReason::NotPolicy(other.to_string()),
            });
        }
        let entry = match &job.entry {
            Some(e) => Some(e.clone()),
            None if job.bytes.is_none() => manifests.entry_for(&job.path),
            None => None,
        };
        let mut given = options.app.is_some();
        if let Some(e) = entry {
            if options.app.is_none() {
                given = e.app.is_some();
                policy.app = e.app.or(policy.app);
            }
            policy.operator = e.operator.or(policy.operator);
            policy.title = e.title.or(policy.title);
            policy.updated = e.updated.or(policy.updated);
            policy.effective = e.effective.or(policy.effective);
        }
        let stem = Some(file_stem(&job.path.to_string_lossy()))
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "unknown".into());
        let app = policy
            .app
            .clone()
            .map(|a| a.trim().to_string())
            .filter(|a| !a.is_empty())
            .unwrap_or_else(|| stem.clone());
        policy.app = Some(app.clone());
        // A file named after its package (`com.glimmer.worker.txt`): the package is a name
        // people look the app up by, never the one shown when the text names the app.
        if stem != app && is_package_name(&stem) && !policy.aliases.contains(&stem) {
            policy.aliases.push(stem.clone());
        }

        // Write the original now, on this worker (fsync is slow), unless its text is known.
        let tmp = if known.ids.contains(&policy.id) {
            if let Some(tmp) = &early_tmp {
                let _ = std::fs::remove_file(tmp);
            }
            None
        } else if early_tmp.is_some() {
            early_tmp
        } else {
            let tmp = known
                .originals
                .join(format!("{}.{ext}.{index}.tmp", policy.id));
            match bytes.as_deref().map(|b| write_synced(&tmp, b)) {
                Some(Ok(())) => Some(tmp),
                _ => None, // written again (and errors reported) on the main thread
            }
        };
        // The bytes are stored (or kept, if that failed); from here on only what the index
        // needs is kept, and each structure is dropped as soon as the next one is built: a large
        // file's peak is its largest stage, not the sum of them.
        let bytes = if tmp.is_none() { bytes } else { None };
        let (extraction, stored) = extraction_to_store(&policy);
        let (policy, docs) = if byte_len >= options.stream_documents_from {
            (
                PolicyFacts::of_ref(&policy),
                Documents::Deferred(Box::new((policy, extraction))),
            )
        } else {
            let (docs, mut stats) = index::documents_and_stats(
                index::fields(),
                None,
                &app,
                policy.title.as_deref(),
                index::clauses_iter(&policy, &extraction, Lexicon::builtin()),
            );
            stats.sensitive_types = sensitive_collected(&policy, &extraction);
            drop(extraction);
            (PolicyFacts::of(policy), Documents::Made { docs, stats })
        };
        Prepared::Ready(Box::new(Ready {
            bytes,
            byte_len,
            bytes_hash,
            ext,
            policy,
            app,
            given,
            stem,
            docs,
            extraction: stored,
            tmp,
            _permit: permit,
        }))
    };
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(run)) {
        Ok(p) => p,
        Err(panic) => {
            let message = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "解析器崩溃".into());
            Prepared::Refused(RefuseReason::Failed(message))
        }
    }
}

/// The extraction of a parsed policy that indexing needs and, unless the policy is very long,
/// the whole extraction as stored for `ask`.
fn extraction_to_store(policy: &Policy) -> (crate::extract::Extraction, Option<Vec<u8>>) {
    let extractor = crate::extract::Extractor::builtin();
    if policy.text.len() > STORE_EXTRACTION_MAX_BYTES {
        return (extractor.extract_practices(policy), None);
    }
    let extraction = extractor.extract(policy);
    let stored = extraction.to_stored();
    (extraction, Some(stored))
}

/// Clauses of a parsed policy and its extraction as stored (see [`extraction_to_store`]).
fn clauses_and_stored_extraction(policy: &Policy) -> (Vec<Clause>, Vec<String>, Option<Vec<u8>>) {
    let (extraction, stored) = extraction_to_store(policy);
    (
        index::clauses(policy, &extraction, Lexicon::builtin()),
        sensitive_collected(policy, &extraction),
        stored,
    )
}

/// The sensitive types `policy` collects, as its data summary says (what `list` shows).
fn sensitive_collected(policy: &Policy, extraction: &crate::extract::Extraction) -> Vec<String> {
    crate::collected::data_summary(policy, extraction, Lexicon::builtin()).sensitive_collected()
}

/// Extraction and clauses of a parsed policy.
fn clauses_of(policy: &Policy) -> Vec<Clause> {
    let extraction = crate::extract::Extractor::builtin().extract_practices(policy);
    index::clauses(policy, &extraction, Lexicon::builtin())
}

fn read_limited(path: &Path, max_bytes: u64) -> std::result::Result<Vec<u8>, RefuseReason> {
    crate::ingest::read_regular_file(path, max_bytes).map_err(|p| match p {
        ReadProblem::TooLarge { bytes, limit } => RefuseReason::TooLarge { bytes, limit },
        p => RefuseReason::Unreadable(p.to_string()),
    })
}

/// `manifest.toml` of each folder, read once.
#[derive(Default)]
struct ManifestCache {
    dirs: Mutex<HashMap<PathBuf, Option<Arc<Manifest>>>>,
    notes: Mutex<Vec<String>>,
}

impl ManifestCache {
    fn entry_for(&self, file: &Path) -> Option<ManifestEntry> {
        let dir = file.parent().unwrap_or(Path::new(".")).to_path_buf();
        let manifest = {
            let mut dirs = self.dirs.lock().unwrap_or_else(|e| e.into_inner());
            dirs.entry(dir.clone())
                .or_insert_with(|| match Manifest::load(&dir) {
                    Ok(m) => m.map(Arc::new),
                    Err(e) => {
                        self.notes
                            .lock()
                            .unwrap_or_else(|e| e.into_inner())
                            .push(format!("ignored {e}"));
                        None
                    }
                })
                .clone()
        }?;
        let name = file.file_name()?.to_str()?;
        manifest.policies.iter().find(|p| p.file == name).cloned()
    }
    fn notes(&self) -> Vec<String> {
        std::mem::take(&mut *self.notes.lock().unwrap_or_else(|e| e.into_inner()))
    }
}

/// Collect the files under `path` (sorted, recursively; hidden entries and `manifest.toml`
/// skipped); a path that cannot be read is refused.
fn walk(
    path: &Path,
    files: &mut Vec<PathBuf>,
    refused: &mut Vec<(PathBuf, RefuseReason)>,
    seen: &mut HashSet<PathBuf>,
) {
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) => {
            refused.push((
                path.to_path_buf(),
                RefuseReason::Unreadable(crate::error::io_message(&e)),
            ));
            return;
        }
    };
    if !meta.is_dir() {
        files.push(path.to_path_buf());
        return;
    }
    // Symlinked folders can loop.
    if let Ok(real) = std::fs::canonicalize(path) {
        if !seen.insert(real) {
            return;
        }
    }
    let entries = match std::fs::read_dir(path) {
        Ok(e) => e,
        Err(e) => {
            refused.push((
                path.to_path_buf(),
                RefuseReason::Unreadable(crate::error::io_message(&e)),
            ));
            return;
        }
    };
    // Names need not be UTF-8 (a GBK name copied from an old disk): they are imported like any
    // other, and shown lossily.
    let mut children: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .map(|n| n.to_string_lossy())
                .is_some_and(|n| !n.starts_with('.') && n != MANIFEST_FILE)
        })
        .collect();
    children.sort();
    for child in children {
        walk(&child, files, refused, seen);
    }
}

/// Write an original atomically (temp file, fsync, rename).
fn write_original(dir: &Path, name: &str, bytes: &[u8]) -> Result<()> {
    let path = dir.join(name);
    let tmp = dir.join(format!("{name}.tmp"));
    let io = |source| Error::Io {
        path: path.clone(),
        source,
    };
    write_synced(&tmp, bytes).map_err(io)?;
    std::fs::rename(&tmp, &path).map_err(io)
}

fn write_synced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut f = File::create(path)?;
    f.write_all(bytes)?;
    f.sync_data()
}

/// What the library had when an import started (shared with the workers).
struct Known {
    /// Bytes hash → policy id.
    bytes: HashMap<String, String>,
    /// Bytes hash → the first input index of this import with those bytes (as far as the
    /// workers have seen).
    claimed: Mutex<HashMap<String, usize>>,
    ids: HashSet<String>,
    originals: PathBuf,
}

fn new_writer(index: &Index, path: &Path) -> Result<IndexWriter<TantivyDocument>> {
    let threads = workers().min(4);
    index
        .writer_with_num_threads(threads, threads * WRITER_MEMORY_PER_THREAD)
        .map_err(|e| match e {
            tantivy::TantivyError::LockFailure(..) => Error::Busy {
                dir: path.parent().unwrap_or(path).to_path_buf(),
            },
            e => index::index_error(path, e),
        })
}

fn commit(writer: &mut IndexWriter<TantivyDocument>, path: &Path) -> Result<()> {
    let mut prepared = writer
        .prepare_commit()
        .map_err(|e| index::index_error(path, e))?;
    prepared.set_payload(&format!("policylens index schema {INDEX_SCHEMA_VERSION}"));
    prepared.commit().map_err(|e| index::index_error(path, e))?;
    Ok(())
}

/// Pids of the policies whose documents are in the index (every policy has one `policy`
/// document, committed together with its clauses).
fn policy_pids(searcher: &Searcher, fields: &Fields) -> Result<HashSet<u64>> {
    let query = TermQuery::new(
        Term::from_field_text(fields.kind, KIND_POLICY),
        IndexRecordOption::Basic,
    );
    pids_matching(searcher, &query)
}

/// The pids of the documents `query` matches (read from the `pid` fast field, a column per
/// segment).
fn pids_matching(searcher: &Searcher, query: &dyn tantivy::query::Query) -> Result<HashSet<u64>> {
    let docs = searcher
        .search(query, &DocSetCollector)
        .map_err(crate::search::search_error)?;
    let mut columns = HashMap::new();
    let mut pids = HashSet::with_capacity(docs.len());
    for addr in docs {
        let column = match columns.entry(addr.segment_ord) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => e.insert(
                searcher
                    .segment_reader(addr.segment_ord)
                    .fast_fields()
                    .u64("pid")
                    .map_err(crate::search::search_error)?,
            ),
        };
        if let Some(pid) = column.first(addr.doc_id) {
            pids.insert(pid);
        }
    }
    Ok(pids)
}

fn put_meta(conn: &Connection, key: &str, value: &str) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?1, ?2) \
         ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )
    .map(|_| ())
}

fn update_stats(conn: &Connection, pid: u64, s: &ClauseStats) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE policies SET clauses = ?2, bold_count = ?3, sensitive_clauses = ?4, \
         sensitive_count = ?5, sensitive_types = ?6, categories = ?7 WHERE pid = ?1",
        params![
            pid as i64,
            s.clauses as i64,
            s.bold_clauses as i64,
            s.sensitive_clauses as i64,
            s.sensitive_types.len() as i64,
            json_list(&s.sensitive_types),
            json_list(&s.categories),
        ],
    )
    .map(|_| ())
}

fn json_list(v: &[String]) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "[]".into())
}

/// Store `extractions` (pid, body), made with this build's lexicon and models.
fn store_extractions(
    tx: &rusqlite::Transaction,
    extractions: &[(u64, Vec<u8>)],
) -> rusqlite::Result<()> {
    let mut insert = tx.prepare_cached(
        "INSERT OR REPLACE INTO extractions (pid, fingerprint, body) VALUES (?1, ?2, ?3)",
    )?;
    let fingerprint = lexicon_fingerprint();
    for (pid, body) in extractions {
        insert.execute(params![*pid as i64, fingerprint, body])?;
    }
    Ok(())
}

/// Identifies the lexicon and extraction models (and the crate version, whose extractor uses
/// them) an index was built with: a hash of the data files as compiled in. Hashing the sources, not the parsed lexicon,
/// keeps this off a cold start: building the lexicon's matchers to hash them cost a one-shot
/// `search` two thirds of its time.
/// What the library stores per policy (its columns, its stored extraction) and how it is made:
/// bumped when either is made differently, so a library made before asks to be reindexed
/// (2: sensitive types from the data summary; 3: no practices inside definitions).
const STATS_VERSION: u32 = 3;

fn lexicon_fingerprint() -> String {
    static FINGERPRINT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    FINGERPRINT
        .get_or_init(|| {
            let mut h = blake3::Hasher::new();
            h.update(env!("CARGO_PKG_VERSION").as_bytes());
            h.update(&STATS_VERSION.to_le_bytes());
            for source in crate::lexicon::builtin_sources() {
                h.update(&(source.len() as u64).to_le_bytes());
                h.update(source.as_bytes());
            }
            // The extraction models decide what an index records too.
            for part in crate::labeller::builtin_models_identity() {
                h.update(&(part.len() as u64).to_le_bytes());
                h.update(part);
            }
            h.finalize().to_hex()[..16].to_string()
        })
        .clone()
}

/// The database while a library is being created (renamed to [`DB_FILE`] when complete).
const DB_NEW: &str = "library.sqlite3.new";

/// Written first when a library is created: the library's claim on its folder. Only a folder
/// holding this file (or [`DB_FILE`]) is one the library may clear things from; anything else
/// in a folder the user points at is theirs and is never deleted.
pub const MARKER_FILE: &str = "policylens-library";
const MARKER_TEXT: &str = "This folder is a PolicyLens library (隐私政策阅读助手).\n\
     Its files are managed by PolicyLens: do not edit them by hand.\n";

/// How long a second process waits for another one to finish creating the library.
const CREATE_WAIT: Duration = Duration::from_secs(30);

/// Whether `name` is an index folder this library creates: `index`, or `index-<digits>` from
/// a reindex. Nothing else (not `index_backup`, not `index-old`) is ever removed as an index.
fn is_index_dir_name(name: &str) -> bool {
    name == "index"
        || name
            .strip_prefix("index-")
            .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
}

/// Whether `name` is a file the library writes into `originals/`: `<64 hex>.<ext>`, or a
/// temporary `….tmp` of one. Unreferenced files of other names are left alone.
fn is_original_name(name: &str) -> bool {
    name.len() > 65
        && name.as_bytes()[..64].iter().all(u8::is_ascii_hexdigit)
        && name.as_bytes()[64] == b'.'
}

/// Create a new library in `dir`: a missing or empty folder, or one this library claimed
/// ([`MARKER_FILE`]) whose creation was interrupted. Two processes creating the same library at
/// once are serialised by the writer lock: the second finds the database and stops.
fn create_library(dir: &Path) -> Result<()> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Io { path, source }
    };
    let marker = dir.join(MARKER_FILE);
    if dir.exists() {
        let entries: Vec<std::fs::DirEntry> = std::fs::read_dir(dir)
            .map_err(io(dir))?
            .collect::<std::io::Result<_>>()
            .map_err(io(dir))?;
        // A creation in progress in another process has written the marker (or is about to:
        // the lock file comes second, so `lock` alone means the same).
        let claimed = entries.iter().any(|e| {
            let name = e.file_name();
            name == MARKER_FILE || name == DB_FILE || name == LOCK_FILE
        });
        if !entries.is_empty() && !claimed {
            return Err(Error::NotALibrary {
                dir: dir.to_path_buf(),
            });
        }
    } else {
        std::fs::create_dir_all(dir).map_err(io(dir))?;
    }
    match OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&marker)
    {
        Ok(mut f) => f.write_all(MARKER_TEXT.as_bytes()).map_err(io(&marker))?,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
        Err(e) => return Err(io(&marker)(e)),
    }
    let _lock = WriterLock::acquire_waiting(dir, CREATE_WAIT)?;
    let db_path = dir.join(DB_FILE);
    if db_path.exists() {
        // Another process created it meanwhile.
        return Ok(());
    }
    // Under the lock, in a folder the marker says is ours: what an interrupted creation left
    // (an index, a half-written database) is cleared; nothing else is touched.
    let index_path = dir.join("index");
    if index_path.is_dir() {
        std::fs::remove_dir_all(&index_path).map_err(io(&index_path))?;
    }
    std::fs::create_dir_all(dir.join(ORIGINALS_DIR)).map_err(io(dir))?;
    std::fs::create_dir_all(&index_path).map_err(io(&index_path))?;
    index::create_index(&index_path)?;
    // Build the database under a temporary name and rename it: a library exists exactly when
    // its database does.
    let tmp = dir.join(DB_NEW);
    let _ = std::fs::remove_file(&tmp);
    let db = |e: rusqlite::Error| Error::Database {
        path: db_path.clone(),
        message: e.to_string(),
    };
    {
        let mut conn = Connection::open(&tmp).map_err(db)?;
        let tx = conn.transaction().map_err(db)?;
        for sql in MIGRATIONS {
            tx.execute_batch(sql).map_err(db)?;
        }
        tx.pragma_update(None, "user_version", MIGRATIONS.len() as u32)
            .map_err(db)?;
        for (k, v) in [
            ("index_dir", "index".to_string()),
            ("index_schema", INDEX_SCHEMA_VERSION.to_string()),
            ("next_pid", "1".to_string()),
            ("created_at", now_rfc3339()),
        ] {
            put_meta(&tx, k, &v).map_err(db)?;
        }
        tx.commit().map_err(db)?;
    }
    std::fs::rename(&tmp, &db_path).map_err(io(&db_path))?;
    Ok(())
}

/// Whether this process may write `path` (`access(2)`: a read-only mount, an immutable file
/// and missing permissions all say no, for root too where it matters).
fn writable(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let Ok(c) = std::ffi::CString::new(path.as_os_str().as_bytes()) else {
            return false;
        };
        // SAFETY: `c` is a valid NUL-terminated path that outlives the call.
        unsafe { libc::access(c.as_ptr(), libc::W_OK) == 0 }
    }
    #[cfg(not(unix))]
    {
        std::fs::metadata(path).is_ok_and(|m| !m.permissions().readonly())
    }
}

/// Open the database of a library this process cannot write (a read-only mount, an archived
/// copy): reading only, never creating a file. SQLite's read-only WAL mode needs the `-shm`
/// file, which cannot be created in a read-only folder; a database that was closed cleanly has
/// no WAL left, so it is then opened as immutable.
fn open_db_read_only(path: &Path) -> Result<Connection> {
    use rusqlite::OpenFlags;
    let db = |e: rusqlite::Error| Error::Database {
        path: path.to_path_buf(),
        message: e.to_string(),
    };
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI;
    let uri = |extra: &str| {
        // Percent-encode what a URI path cannot hold as is.
        let mut p = String::from("file:");
        for c in path.to_string_lossy().chars() {
            match c {
                '%' => p.push_str("%25"),
                '?' => p.push_str("%3F"),
                '#' => p.push_str("%23"),
                c => p.push(c),
            }
        }
        format!("{p}?mode=ro{extra}")
    };
    let wal_present = {
        let mut wal = path.as_os_str().to_owned();
        wal.push("-wal");
        std::fs::metadata(PathBuf::from(wal)).is_ok_and(|m| m.len() > 0)
    };
    let conn = match Connection::open_with_flags(uri(""), flags).and_then(|c| {
        c.query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()))?;
        Ok(c)
    }) {
        Ok(c) => c,
        Err(_) if !wal_present => {
            Connection::open_with_flags(uri("&immutable=1"), flags).map_err(db)?
        }
        Err(e) => return Err(db(e)),
    };
    Ok(conn)
}

fn open_db(path: &Path) -> Result<Connection> {
    let db = |e: rusqlite::Error| Error::Database {
        path: path.to_path_buf(),
        message: e.to_string(),
    };
    let conn = Connection::open(path).map_err(db)?;
    conn.busy_timeout(Duration::from_secs(10)).map_err(db)?;
    conn.pragma_update(None, "journal_mode", "WAL")
        .map_err(db)?;
    conn.pragma_update(None, "synchronous", "NORMAL")
        .map_err(db)?;
    conn.pragma_update(None, "foreign_keys", "ON").map_err(db)?;
    Ok(conn)
}

/// The current time as `YYYY-MM-DDTHH:MM:SSZ`.
pub(crate) fn now_rfc3339() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let (days, rem) = (secs / 86_400, secs % 86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_library_can_be_shared_between_threads() {
        fn send_sync<T: Send + Sync>() {}
        send_sync::<Library>();
    }

    #[test]
    fn an_interrupted_creation_is_finished_but_a_foreign_folder_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let lib = dir.path().join("lib");
        std::fs::create_dir_all(lib.join("index")).unwrap();
        std::fs::write(lib.join("index/half"), b"half written").unwrap();
        std::fs::create_dir_all(lib.join(ORIGINALS_DIR)).unwrap();
        std::fs::write(lib.join(DB_NEW), b"half written").unwrap();
        std::fs::write(lib.join(MARKER_FILE), MARKER_TEXT).unwrap();
        let library = Library::open(&lib).unwrap();
        assert!(library.list().unwrap().is_empty());
        assert!(!lib.join("index/half").exists());
        // The same leftovers without the library's marker are someone else's: kept, refused.
        let unmarked = dir.path().join("unmarked");
        std::fs::create_dir_all(unmarked.join("index")).unwrap();
        std::fs::write(unmarked.join("index/f"), b"theirs").unwrap();
        assert!(matches!(
            Library::open(&unmarked),
            Err(Error::NotALibrary { .. })
        ));
        assert!(unmarked.join("index/f").is_file());
        let other = dir.path().join("other");
        std::fs::create_dir_all(other.join(ORIGINALS_DIR)).unwrap();
        std::fs::write(other.join(ORIGINALS_DIR).join("x.txt"), b"x").unwrap();
        assert!(matches!(
            Library::open(&other),
            Err(Error::NotALibrary { .. })
        ));
    }

    #[test]
    fn only_the_library_s_own_names_are_cleaned_up() {
        assert!(is_index_dir_name("index") && is_index_dir_name("index-1764612345678"));
        for name in ["index_backup", "index-old", "index-", "indexes", "my-index"] {
            assert!(!is_index_dir_name(name), "{name}");
        }
        let id = "a".repeat(64);
        assert!(is_original_name(&format!("{id}.txt")));
        assert!(is_original_name(&format!("{id}.txt.3.tmp")));
        assert!(!is_original_name("my-notes.txt"));
        assert!(!is_original_name(&format!("{}.txt", "g".repeat(64))));
    }

    #[test]
    fn rfc3339_dates_are_civil_dates() {
        let s = now_rfc3339();
        assert_eq!(s.len(), 20, "{s}");
        assert!(s.starts_with("20") && s.ends_with('Z'), "{s}");
    }

    #[test]
    fn for_each_parallel_consumes_in_order_and_stops_on_error() {
        let items: Vec<usize> = (0..200).collect();
        let mut seen = Vec::new();
        for_each_parallel(
            &items,
            |&i| i * 2,
            |i, r| {
                seen.push((i, r));
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(seen, (0..200).map(|i| (i, i * 2)).collect::<Vec<_>>());
        let mut count = 0;
        let err = for_each_parallel(
            &items,
            |&i| i,
            |i, _| {
                count += 1;
                if i == 10 {
                    Err(Error::NoDataDir)
                } else {
                    Ok(())
                }
            },
        );
        assert!(err.is_err());
        assert_eq!(count, 11);
    }
}
