use super::*;

/// The smallest memory budget of an import, in bytes of files being prepared at once (see
/// `MemoryBudget`): far more than the worker channel holds of ordinary policies (~30 KB).
pub(super) const MIN_IMPORT_BUDGET: u64 = 16 << 20;

/// After a file this large is handed to the index, freed memory is given back to the system.
pub(super) const TRIM_AFTER_BYTES: u64 = 4 << 20;

/// A file this large has its index documents made as they are indexed (`Documents::Deferred`),
/// on the thread that holds the writer, rather than all at once on a worker (see
/// [`AddOptions::stream_documents_from`]).
pub const STREAM_DOCUMENTS_FROM_BYTES: u64 = TRIM_AFTER_BYTES;

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
    /// Added as a new policy (`versions` = 1), or as another version of a policy in the
    /// library: `version` is its place among them by date (see `versions`), so a text older
    /// than the ones already there is not the newest.
    Imported {
        id: String,
        app: String,
        version: u32,
        versions: u32,
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
    pub(super) fn refused(reason: RefuseReason) -> Outcome {
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

/// A file (or embedded file) to import.
pub(super) struct Job {
    pub(super) path: PathBuf,
    pub(super) bytes: Option<&'static [u8]>,
    pub(super) entry: Option<ManifestEntry>,
}

impl Job {
    /// The file's size as it stands before it is read (0 when it cannot be read: it is
    /// refused without taking memory).
    pub(super) fn size(&self) -> u64 {
        match self.bytes {
            Some(b) => b.len() as u64,
            None => std::fs::metadata(&self.path).map_or(0, |m| m.len()),
        }
    }
}

/// A file read, checked, parsed and cut into clauses (done on worker threads).
pub(super) enum Prepared {
    Unchanged {
        id: String,
    },
    /// The same bytes as the file at this earlier input index of this import: it comes to
    /// what that one came to, without being parsed and tagged a second time.
    SameBytesAs(usize),
    Refused(RefuseReason),
    Ready(Box<Ready>),
}

pub(super) struct Ready {
    /// The file's bytes, kept only when the worker could not store them already (`tmp`).
    pub(super) bytes: Option<Vec<u8>>,
    pub(super) byte_len: u64,
    pub(super) bytes_hash: String,
    pub(super) ext: String,
    /// What the database row needs of the parsed policy (the text and its structure are
    /// dropped on the worker: only the index documents travel on).
    pub(super) policy: PolicyFacts,
    pub(super) app: String,
    /// Whether the app was given (`--app`, manifest) rather than recognised.
    pub(super) given: bool,
    /// The file name without extension.
    pub(super) stem: String,
    /// The index documents, or what makes them.
    pub(super) docs: Documents,
    /// The policy's extraction as stored (`None` for a very long policy).
    pub(super) extraction: Option<Vec<u8>>,
    /// The original, already written (and synced) under a temporary name by the worker.
    pub(super) tmp: Option<PathBuf>,
    /// This file's share of the import's memory budget, given back when it is consumed.
    pub(super) _permit: Permit,
}

/// A prepared policy's index documents.
pub(super) enum Documents {
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
pub(super) struct PolicyFacts {
    pub(super) id: String,
    pub(super) aliases: Vec<String>,
    pub(super) chars: u64,
    pub(super) title: Option<String>,
    pub(super) operator: Option<String>,
    pub(super) updated: Option<String>,
    pub(super) effective: Option<String>,
    pub(super) source: crate::document::Source,
}

impl PolicyFacts {
    pub(super) fn of_ref(p: &Policy) -> PolicyFacts {
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

    pub(super) fn of(p: Policy) -> PolicyFacts {
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
pub(super) struct MemoryBudget {
    pub(super) limit: u64,
    pub(super) state: Mutex<BudgetState>,
    pub(super) changed: std::sync::Condvar,
}

#[derive(Default)]
pub(super) struct BudgetState {
    pub(super) used: u64,
    /// The input index whose turn it is to be let in.
    pub(super) next: usize,
}

/// A file's share of a [`MemoryBudget`], given back on drop.
pub(super) struct Permit {
    pub(super) budget: Option<Arc<MemoryBudget>>,
    pub(super) bytes: u64,
}

impl MemoryBudget {
    /// At least [`MIN_IMPORT_BUDGET`], and at least the largest file (so files of that size go
    /// one at a time).
    pub(super) fn new(largest: u64) -> Arc<MemoryBudget> {
        Arc::new(MemoryBudget {
            limit: largest.max(MIN_IMPORT_BUDGET),
            state: Mutex::new(BudgetState::default()),
            changed: std::sync::Condvar::new(),
        })
    }

    /// Wait until file `index` (of `bytes`) may be prepared.
    pub(super) fn acquire(self: &Arc<Self>, index: usize, bytes: u64) -> Permit {
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

/// Run `work` on every item on worker threads, and `consume` each result on this thread in
/// input order, as soon as it and those before it are ready. An error from `consume` stops the
/// workers and is returned. A panic in `work` is the item's result? No: `work` must not panic
/// (callers catch panics themselves).
pub(super) fn for_each_parallel<T, R, W, C>(items: &[T], work: W, mut consume: C) -> Result<()>
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
            // Each worker is one of the threads sharing the cores: a long policy it extracts
            // is not read on more threads (`extract::as_pool_worker`).
            s.spawn(move || {
                crate::extract::as_pool_worker(|| loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(i) else { break };
                    if tx.send((i, work(item))).is_err() {
                        break;
                    }
                })
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
pub(super) fn give_back_freed_memory() {
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
pub(super) fn limit_allocator_arenas() {
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
pub(super) fn workers() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2)
        .clamp(1, 8)
}

/// The extension an original is stored under: the file's own when it is a plain one.
pub(super) fn original_extension(path: &Path) -> String {
    path.extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase())
        .filter(|e| !e.is_empty() && e.len() <= 10 && e.chars().all(|c| c.is_ascii_alphanumeric()))
        .unwrap_or_else(|| "txt".into())
}

/// Read, check, parse and cut one file. Never panics: a panic in the pipeline refuses the file.
pub(super) fn prepare(
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
                write_unsynced(&tmp, &bytes).ok().map(|()| tmp)
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
                let decoded = if crate::ingest::is_structured_document(&bytes) {
                    // Not text: the ingester's own reason is the precise one.
                    Ok(())
                } else {
                    crate::decode::decode(&bytes).map(|_| ())
                };
                return Prepared::Refused(match decoded {
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

        // Write the original now, on this worker, unless its text is known (synced with the
        // batch: `writer::sync_originals`).
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
            match bytes.as_deref().map(|b| write_unsynced(&tmp, b)) {
                Some(Ok(())) => Some(tmp),
                _ => None, // written again (and errors reported) on the main thread
            }
        };
        // The bytes are stored (or kept, if that failed); from here on only what the index
        // needs is kept, and each structure is dropped as soon as the next one is built: a large
        // file's peak is its largest stage, not the sum of them.
        let bytes = if tmp.is_none() { bytes } else { None };
        let (extraction, stored) = extraction_to_store(&policy, &known.clauses);
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

/// How much an import's (or a reindex's) clause cache holds at most: the builtin extractor's
/// results by clause text, shared by the workers, so that a clause another policy of the
/// crawl already had is not read again (see `extract::ClauseCache`).
pub(super) const IMPORT_CACHE_BYTES: usize = 48 << 20;

/// The extraction of a parsed policy that indexing needs and, unless the policy is very long,
/// the whole extraction as stored for `ask`. `clauses` is the import's cache of the builtin
/// extractor's clause results.
pub(super) fn extraction_to_store(
    policy: &Policy,
    clauses: &ClauseCache,
) -> (crate::extract::Extraction, Option<Vec<u8>>) {
    let extractor = crate::extract::Extractor::builtin();
    if policy.text.len() > STORE_EXTRACTION_MAX_BYTES {
        return (extractor.extract_cached(policy, false, clauses), None);
    }
    let extraction = extractor.extract_cached(policy, true, clauses);
    let stored = extraction.to_stored();
    (extraction, Some(stored))
}

/// Clauses of a parsed policy and its extraction as stored (see [`extraction_to_store`]).
pub(super) fn clauses_and_stored_extraction(
    policy: &Policy,
    clauses: &ClauseCache,
) -> (Vec<Clause>, Vec<String>, Option<Vec<u8>>) {
    let (extraction, stored) = extraction_to_store(policy, clauses);
    (
        index::clauses(policy, &extraction, Lexicon::builtin()),
        sensitive_collected(policy, &extraction),
        stored,
    )
}

/// The sensitive types `policy` collects, as its data summary says (what `list` shows).
pub(super) fn sensitive_collected(
    policy: &Policy,
    extraction: &crate::extract::Extraction,
) -> Vec<String> {
    crate::collected::data_summary(policy, extraction, Lexicon::builtin()).sensitive_collected()
}

/// Extraction and clauses of a parsed policy.
pub(super) fn clauses_of(policy: &Policy) -> Vec<Clause> {
    let extraction = crate::extract::Extractor::builtin().extract_practices(policy);
    index::clauses(policy, &extraction, Lexicon::builtin())
}

pub(super) fn read_limited(
    path: &Path,
    max_bytes: u64,
) -> std::result::Result<Vec<u8>, RefuseReason> {
    crate::ingest::read_regular_file(path, max_bytes).map_err(|p| match p {
        ReadProblem::TooLarge { bytes, limit } => RefuseReason::TooLarge { bytes, limit },
        p => RefuseReason::Unreadable(p.to_string()),
    })
}

/// `manifest.toml` of each folder, read once.
#[derive(Default)]
pub(super) struct ManifestCache {
    pub(super) dirs: Mutex<HashMap<PathBuf, Option<Arc<Manifest>>>>,
    pub(super) notes: Mutex<Vec<String>>,
}

impl ManifestCache {
    pub(super) fn entry_for(&self, file: &Path) -> Option<ManifestEntry> {
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
    pub(super) fn notes(&self) -> Vec<String> {
        std::mem::take(&mut *self.notes.lock().unwrap_or_else(|e| e.into_inner()))
    }
}

/// Collect the files under `path` (sorted, recursively; hidden entries and `manifest.toml`
/// skipped); a path that cannot be read is refused.
pub(super) fn walk(
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

/// What the library had when an import started (shared with the workers).
pub(super) struct Known {
    /// Bytes hash → policy id.
    pub(super) bytes: HashMap<String, String>,
    /// Bytes hash → the first input index of this import with those bytes (as far as the
    /// workers have seen).
    pub(super) claimed: Mutex<HashMap<String, usize>>,
    pub(super) ids: HashSet<String>,
    pub(super) originals: PathBuf,
    /// The builtin extractor's results by clause text, for every worker.
    pub(super) clauses: ClauseCache,
}
