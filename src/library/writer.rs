use super::*;

/// Policies per index commit during an import (see [`AddOptions::commit_every`]). The 10 s
/// interval is what bounds the work an interrupted import loses; each commit also closes a
/// segment per indexing thread, and merging the small segments of 500-policy commits cost an
/// import of the appch crawl 0.8 s of its 6.8 s. Bigger segments are merged through mmap, so
/// a large import's peak RSS counts more file pages (anonymous memory stays ~290 MB at 10,000).
pub const COMMIT_EVERY: usize = 5000;

/// Also commit when this much time has passed since the last commit.
pub(super) const COMMIT_INTERVAL: Duration = Duration::from_secs(10);

/// Memory for each index writer thread.
pub(super) const WRITER_MEMORY_PER_THREAD: usize = 50_000_000;

/// Memory for each index writer thread of an import that holds a file of
/// [`TRIM_AFTER_BYTES`] or more (near tantivy's least, 15 MB): such a file's clauses fill the
/// writer's arenas while its own text, parse and extraction are alive, and two 50 MB arenas
/// were most of what a 60 MB file's import added to them (peak 382 → 325 MB). A policy of
/// ordinary size never fills even these, so its imports keep the larger budget, which cuts
/// a crawl of thousands of them into fewer segments to merge.
pub(super) const WRITER_MEMORY_PER_THREAD_LARGE_FILES: usize = 16_000_000;

/// The policies bundled with PolicyLens, imported on first use of the default library.
pub(super) const BUNDLED: &[(&str, &[u8])] = &[
    (
        "kuaishou.txt",
        include_bytes!("../../policies/kuaishou.txt"),
    ),
    (
        "kuaishou-shop.txt",
        include_bytes!("../../policies/kuaishou-shop.txt"),
    ),
    ("huajian.txt", include_bytes!("../../policies/huajian.txt")),
    ("tencent.md", include_bytes!("../../policies/tencent.md")),
];

pub(super) const BUNDLED_MANIFEST: &str = include_str!("../../policies/manifest.toml");

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

/// Add a stored policy's documents (the policy and its clauses) to the index.
pub(super) fn add_row_documents(
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
pub(super) fn add_documents(
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

/// Everything a write operation holds: the lock and an index writer.
pub(super) struct Session {
    pub(super) _lock: WriterLock,
    pub(super) index_path: PathBuf,
    pub(super) index: Index,
    pub(super) writer: IndexWriter<TantivyDocument>,
    pub(super) fields: Fields,
    pub(super) repairs: Vec<String>,
}

/// What an import knows and has pending.
pub(super) struct ImportState {
    /// Bytes hash → policy id, for every file ever imported (and this import's).
    pub(super) known_bytes: HashMap<String, String>,
    /// Policy id → (app, version).
    pub(super) known_ids: HashMap<String, (String, u32)>,
    /// App → the policies (lineages) of that app.
    pub(super) lineages: HashMap<String, Vec<Lineage>>,
    pub(super) next_pid: u64,
    /// Rows and sources added to the index but not yet to the database.
    pub(super) rows: Vec<Row>,
    pub(super) sources: Vec<(String, String, String)>,
    /// Stored extractions of those rows (pid, body).
    pub(super) extractions: Vec<(u64, Vec<u8>)>,
    /// Originals of those rows whose data the workers wrote without syncing: synced all at
    /// once before the batch's index commit ([`sync_originals`]).
    pub(super) unsynced: Vec<PathBuf>,
}

impl ImportState {
    pub(super) fn load(library: &Library) -> Result<ImportState> {
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
        let rows: Vec<Row> = conn
            .prepare(&format!("SELECT {ROW_COLUMNS} FROM policies ORDER BY pid"))
            .and_then(|mut s| s.query_map([], row_from)?.collect::<rusqlite::Result<_>>())
            .map_err(db)?;
        let mut lineages: HashMap<String, Vec<Lineage>> = HashMap::new();
        let mut known_ids = HashMap::new();
        for p in rows {
            let list = lineages.entry(p.app.clone()).or_default();
            let i = match list.iter().position(|l| l.key == p.lineage) {
                Some(i) => i,
                None => {
                    list.push(Lineage {
                        key: p.lineage,
                        stems: HashSet::new(),
                        members: Vec::new(),
                    });
                    list.len() - 1
                }
            };
            // Most recently extended last.
            let mut l = list.remove(i);
            l.stems.insert(file_stem(&p.source_path));
            let date = version_date(p.updated.as_deref(), p.effective.as_deref());
            l.members.push((p.pid, p.id.clone(), date));
            list.push(l);
            known_ids.insert(p.id, (p.app, p.version));
        }
        Ok(ImportState {
            known_bytes,
            known_ids,
            lineages,
            next_pid,
            rows: Vec::new(),
            sources: Vec::new(),
            extractions: Vec::new(),
            unsynced: Vec::new(),
        })
    }

    /// Decide what a prepared file is and, if it is new, store and index it.
    pub(super) fn accept(
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
        let pid = self.next_pid;
        self.next_pid += 1;
        let date = version_date(
            ready.policy.updated.as_deref(),
            ready.policy.effective.as_deref(),
        );
        let (lineage, version, versions) =
            self.lineage_for(&ready.app, &ready.stem, ready.given, (pid, &id, date));
        let original = format!("{id}.{}", ready.ext);
        let stored = originals.join(&original);
        match &ready.tmp {
            Some(tmp) => {
                std::fs::rename(tmp, &stored).map_err(|source| Error::Io {
                    path: stored.clone(),
                    source,
                })?;
                self.unsynced.push(stored.clone());
            }
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
            versions,
        })
    }
}

/// Whether `name` is an Android package name (`com.superapp.guruicheng`): two or more
/// dot-separated ASCII words.
pub(super) fn is_package_name(name: &str) -> bool {
    let parts: Vec<&str> = name.split('.').collect();
    parts.len() >= 2
        && parts.iter().all(|p| {
            p.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        })
}

/// The versions of one policy (see the module docs).
pub(super) struct Lineage {
    pub(super) key: String,
    /// File names (without extension) of its versions.
    pub(super) stems: HashSet<String>,
    /// Its texts in import order: pid, policy id, the date versions are ordered by.
    pub(super) members: Vec<(u64, String, Option<String>)>,
}

impl ImportState {
    /// The lineage a new text of `app` from a file named `stem` joins, the text's version
    /// there and how many versions the lineage then has. The other versions' numbers (in
    /// [`ImportState::known_ids`]) follow (`versions::version_order`).
    pub(super) fn lineage_for(
        &mut self,
        app: &str,
        stem: &str,
        given: bool,
        (pid, id, date): (u64, &str, Option<String>),
    ) -> (String, u32, u32) {
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
                members: Vec::new(),
            },
        };
        l.stems.insert(stem.to_string());
        l.members.push((pid, id.to_string(), date));
        let dates: Vec<Option<&str>> = l.members.iter().map(|m| m.2.as_deref()).collect();
        let mut version = 0;
        for (k, i) in version_order(&dates).into_iter().enumerate() {
            let (_, member, _) = &l.members[i];
            if member == id {
                version = k as u32 + 1;
            }
            self.known_ids
                .insert(member.clone(), (app.to_string(), k as u32 + 1));
        }
        let out = (l.key.clone(), version, l.members.len() as u32);
        list.push(l);
        out
    }
}

/// The file name of a recorded source path, without extension (and without the `(bundled) `
/// mark of the bundled policies).
pub(super) fn file_stem(source: &str) -> String {
    Path::new(source.trim_start_matches("(bundled) "))
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default()
}

/// Write an original atomically (temp file, fsync, rename).
pub(super) fn write_original(dir: &Path, name: &str, bytes: &[u8]) -> Result<()> {
    let path = dir.join(name);
    let tmp = dir.join(format!("{name}.tmp"));
    let io = |source| Error::Io {
        path: path.clone(),
        source,
    };
    write_synced(&tmp, bytes).map_err(io)?;
    std::fs::rename(&tmp, &path).map_err(io)
}

pub(super) fn write_synced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut f = File::create(path)?;
    f.write_all(bytes)?;
    f.sync_data()
}

/// Write a file an import's worker stores, leaving its data to [`sync_originals`]: a sync per
/// file kept a worker waiting on the disk for each of them (the crawl's 1,858 originals: 0.7 s
/// of a 9.9 s import, both cores idle meanwhile).
pub(super) fn write_unsynced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    File::create(path)?.write_all(bytes)
}

/// Make a batch's originals (`files`, in `dir`) and their names durable before the batch is
/// committed. On Linux one `syncfs` of the folder's file system flushes them all with one
/// disk flush; elsewhere each file is synced, then the folder.
pub(super) fn sync_originals(dir: &Path, files: &[PathBuf]) -> Result<()> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Io { path, source }
    };
    let folder = File::open(dir).map_err(io(dir))?;
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        // SAFETY: `syncfs` takes an open descriptor, which `folder` holds until it returns.
        if unsafe { libc::syncfs(folder.as_raw_fd()) } == 0 {
            return Ok(());
        }
    }
    for file in files {
        File::open(file)
            .and_then(|f| f.sync_data())
            .map_err(io(file))?;
    }
    // The renames: best effort, as not every system can sync a folder.
    let _ = folder.sync_all();
    Ok(())
}

pub(super) fn new_writer(
    index: &Index,
    path: &Path,
    memory_per_thread: usize,
) -> Result<IndexWriter<TantivyDocument>> {
    let threads = workers().min(4);
    index
        .writer_with_num_threads(threads, threads * memory_per_thread)
        .map_err(|e| match e {
            tantivy::TantivyError::LockFailure(..) => Error::Busy {
                dir: path.parent().unwrap_or(path).to_path_buf(),
            },
            e => index::index_error(path, e),
        })
}

pub(super) fn commit(writer: &mut IndexWriter<TantivyDocument>, path: &Path) -> Result<()> {
    let mut prepared = writer
        .prepare_commit()
        .map_err(|e| index::index_error(path, e))?;
    prepared.set_payload(&format!("policylens index schema {INDEX_SCHEMA_VERSION}"));
    prepared.commit().map_err(|e| index::index_error(path, e))?;
    Ok(())
}

impl Library {
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
            let tx = conn.unchecked_transaction().map_err(|e| self.db_error(e))?;
            tx.execute("DELETE FROM policies WHERE pid = ?1", [row.pid as i64])
                .map_err(|e| self.db_error(e))?;
            versions::renumber(&tx, &row.lineage).map_err(|e| self.db_error(e))?;
            tx.commit().map_err(|e| self.db_error(e))?;
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
        let mut writer = new_writer(&index, &path, WRITER_MEMORY_PER_THREAD)?;
        let fields = index::fields();
        let mut summary = ReindexSummary::default();
        let mut updates: Vec<(u64, ClauseStats)> = Vec::new();
        let mut extractions: Vec<(u64, Vec<u8>)> = Vec::new();
        let total = rows.len();
        let clause_cache = ClauseCache::new(IMPORT_CACHE_BYTES);
        for_each_parallel(
            &rows,
            |row: &Row| {
                self.parse_original(row)
                    .map(|policy| clauses_and_stored_extraction(&policy, &clause_cache))
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

    /// Take the writer lock, open an index writer, and reconcile the database with the index.
    pub(super) fn session(&self) -> Result<Session> {
        self.session_with_writer_memory(WRITER_MEMORY_PER_THREAD)
    }

    /// [`Library::session`] with `memory_per_thread` bytes for each index writer thread.
    pub(super) fn session_with_writer_memory(&self, memory_per_thread: usize) -> Result<Session> {
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
        let writer = new_writer(&index, &index_path, memory_per_thread)?;
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
    pub(super) fn reconcile(&self, session: &mut Session, meta: &Meta) -> Result<()> {
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
    pub(super) fn finish(&self, session: Session) -> Result<()> {
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
    pub(super) fn import(
        &self,
        jobs: Vec<Job>,
        missing: Vec<(PathBuf, RefuseReason)>,
        options: &AddOptions,
        progress: &mut dyn FnMut(&Progress),
    ) -> Result<ImportSummary> {
        let started = Instant::now();
        let sizes: Vec<u64> = jobs.iter().map(Job::size).collect();
        let largest = sizes.iter().copied().max().unwrap_or(0);
        let large_files = largest >= TRIM_AFTER_BYTES;
        // Files of twice the subset budget hold more text than it, markup and all: the whole
        // dictionary will be loaded.
        if sizes.iter().sum::<u64>() > 2 * crate::analyzer::SUBSET_BUDGET_BYTES as u64 {
            crate::analyzer::preload_jieba();
        }
        if large_files {
            // Before the writer's threads are started and take arenas of their own.
            limit_allocator_arenas();
        }
        let mut session = self.session_with_writer_memory(if large_files {
            WRITER_MEMORY_PER_THREAD_LARGE_FILES
        } else {
            WRITER_MEMORY_PER_THREAD
        })?;
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
            clauses: ClauseCache::new(IMPORT_CACHE_BYTES),
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
    pub(super) fn commit_batch(
        &self,
        session: &mut Session,
        state: &mut ImportState,
    ) -> Result<()> {
        if state.rows.is_empty() && state.sources.is_empty() {
            return Ok(());
        }
        let mut conn = self.conn();
        std::thread::scope(|s| {
            // The originals and the index are made durable on a thread of their own while the
            // rows are written here: that thread mostly waits, on the disk and on tantivy's
            // threads closing their segments, and the rows were the last 0.1 s of a crawl
            // import, one core busy. Only the rows' commit has to wait for the index's.
            let index_commit = (!state.rows.is_empty()).then(|| {
                let originals = self.dir.join(ORIGINALS_DIR);
                let (unsynced, writer, index_path) =
                    (&state.unsynced, &mut session.writer, &session.index_path);
                s.spawn(move || {
                    // The originals first: no commit may refer to a file a power cut could lose.
                    sync_originals(&originals, unsynced)?;
                    commit(writer, index_path)
                })
            });
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
                            // Numbered below, with the lineage's other versions.
                            -(r.pid as i64),
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
            let touched: HashSet<&str> = state.rows.iter().map(|r| r.lineage.as_str()).collect();
            for lineage in touched {
                versions::renumber(&tx, lineage).map_err(|e| self.db_error(e))?;
            }
            store_extractions(&tx, &state.extractions).map_err(|e| self.db_error(e))?;
            put_meta(&tx, "next_pid", &state.next_pid.to_string()).map_err(|e| self.db_error(e))?;
            if was_empty && !state.rows.is_empty() {
                put_meta(&tx, "lexicon", &lexicon_fingerprint()).map_err(|e| self.db_error(e))?;
            }
            // No row may name a policy the index does not hold yet: an index commit that failed
            // drops the transaction, and the rows with it.
            if let Some(index_commit) = index_commit {
                index_commit
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
            }
            tx.commit().map_err(|e| self.db_error(e))
        })?;
        state.rows.clear();
        state.sources.clear();
        state.extractions.clear();
        state.unsynced.clear();
        Ok(())
    }
}
