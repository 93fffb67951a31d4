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
//! 1. the original is written to `originals/` (temp file, rename; an import's batch of originals
//!    is synced at once before step 2);
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
//! of a policy already in the library is another version of it; older versions are kept, listed, and
//! searched only with [`SearchQuery::all_versions`].
//!
//! The app of a file is, in order: [`AddOptions::app`], the `manifest.toml` beside it, the app
//! the parser recognises in the text, the file name without extension. A new text is the next
//! version of a policy in the library with the same app when its app was *given* (`--app`,
//! manifest), or when the file name (without extension) is the same as one of that policy's
//! files (the same file downloaded again). Otherwise it starts a policy of its own, even if the
//! recognised app is the same: recognition alone does not tie files together, since in a real
//! crawl of 2,000 policies 28 unrelated ones are recognised as the app "用户" and 7 as "我们".
//! A policy's versions are numbered by their texts' dates, not by import order (`versions`):
//! a text older than the ones already there joins as an older version, not the newest.
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
use crate::extract::ClauseCache;
use crate::index::{self, Clause, ClauseStats, Fields, INDEX_SCHEMA_VERSION, KIND_POLICY};
use crate::ingest::ReadProblem;
use crate::lexicon::Lexicon;
use crate::manifest::{Manifest, ManifestEntry, MANIFEST_FILE};
use crate::parse::{parse_bytes, parse_owned, ParseOptions};
use crate::search::{self, Catalog, HitPolicy, SearchQuery, SearchResults};

mod answers;
mod db;
mod import;
mod notes;
#[cfg(test)]
mod tests;
mod versions;
mod writer;

pub use answers::LibraryAnswer;
pub(crate) use db::now_rfc3339;
pub use db::MARKER_FILE;
use db::*;
use import::*;
pub use import::{
    AddOptions, FileOutcome, ImportSummary, Outcome, Progress, RefuseReason,
    STREAM_DOCUMENTS_FROM_BYTES,
};
pub use notes::Notes;
use versions::{version_date, version_order};
use writer::*;
pub use writer::{ReindexSummary, COMMIT_EVERY};

pub const DB_FILE: &str = "library.sqlite3";

pub const LOCK_FILE: &str = "lock";

pub const ORIGINALS_DIR: &str = "originals";

/// The environment variable that overrides the default library folder.
pub const LIBRARY_ENV: &str = "POLICYLENS_LIBRARY";

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
    /// The key the versions of one policy share (see the module docs on versions).
    pub lineage: String,
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

    /// The library folder.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// Whether the library can only be read (a read-only mount, an immutable folder).
    pub fn is_read_only(&self) -> bool {
        self.read_only
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
    /// made with this build's lexicon, models and code (and it reads back whole).
    pub fn stored_extraction(&self, id: &str) -> Result<Option<crate::extract::Extraction>> {
        let conn = self.conn();
        let body: Option<Vec<u8>> = conn
            .query_row(
                "SELECT e.body FROM extractions e JOIN policies p ON p.pid = e.pid \
                 WHERE p.id = ?1 AND e.fingerprint = ?2",
                params![id, extraction_fingerprint()],
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
        crate::trace::trace(&format!("extracted {id}"));
        let extraction = crate::extract::Extractor::builtin().extract(policy);
        if !self.read_only && policy.text.len() <= STORE_EXTRACTION_MAX_BYTES {
            // Only a cache: when another process holds the database, it is stored next time.
            let _ = self.conn().execute(
                "INSERT OR REPLACE INTO extractions (pid, fingerprint, body) \
                 SELECT pid, ?1, ?2 FROM policies WHERE id = ?3",
                params![extraction_fingerprint(), extraction.to_stored(), id],
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

    fn conn(&self) -> std::sync::MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The library database, for features that keep their own tables in it (notes). Do not
    /// call other `Library` methods while holding it.
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
                lineage: r.lineage.clone(),
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

    /// The library's notes.
    pub fn notes(&self) -> Notes<'_> {
        Notes { library: self }
    }
}
