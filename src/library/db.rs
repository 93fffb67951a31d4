use super::*;

/// Database migrations, in order; `PRAGMA user_version` counts those applied.
pub(super) const MIGRATIONS: &[&str] = &[
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
    // 2: notes on policies (src/library/notes.rs reads and writes them). No foreign key: a note outlives the
    // policy it was written on.
    NOTES_MIGRATION,
    NOTES_LINEAGE_MIGRATION,
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
    // 6: each policy's column of the 「对比」 matrix (`compare::Column` and whether the text
    // has chars beyond the BMP), stored the first time the policy is compared, so that a
    // comparison of many apps parses none of them again; `fingerprint` as for extractions, with
    // the column's own version (`compare::COLUMN_VERSION`).
    "CREATE TABLE compare_columns (
         pid INTEGER PRIMARY KEY REFERENCES policies(pid) ON DELETE CASCADE,
         fingerprint TEXT NOT NULL,
         body BLOB NOT NULL
     );",
    // 7: versions numbered by their texts' dates, not by import order (`versions`); the
    // renumbering is Rust's, run after this entry ([`VERSIONS_BY_DATE_MIGRATION`]).
    "SELECT 1;",
];

/// The migration after which every policy's versions are renumbered by date.
pub(super) const VERSIONS_BY_DATE_MIGRATION: usize = 7;

/// Policies whose text is longer than this are not given a stored extraction: their mentions
/// would cost an import tens of megabytes, and a file this long is rarely asked about.
pub(super) const STORE_EXTRACTION_MAX_BYTES: usize = 4 << 20;

#[derive(Debug, Clone, Default)]
pub(super) struct Meta {
    pub(super) index_dir: String,
    pub(super) index_schema: u32,
    pub(super) lexicon: String,
    pub(super) next_pid: u64,
    pub(super) bundled_imported: bool,
}

/// A row of the policies table.
#[derive(Debug, Clone)]
pub(super) struct Row {
    pub(super) pid: u64,
    pub(super) id: String,
    pub(super) app: String,
    pub(super) aliases: Vec<String>,
    pub(super) version: u32,
    pub(super) title: Option<String>,
    pub(super) operator: Option<String>,
    pub(super) updated: Option<String>,
    pub(super) effective: Option<String>,
    pub(super) source_path: String,
    pub(super) format: String,
    pub(super) encoding: String,
    pub(super) original: String,
    pub(super) bytes: u64,
    pub(super) chars: u64,
    pub(super) stats: ClauseStats,
    pub(super) imported_at: String,
    /// The versions of one policy share a lineage key (see the module docs on versions).
    pub(super) lineage: String,
}

pub(super) const ROW_COLUMNS: &str = "pid, id, app, version, title, operator, updated, effective, \
     source_path, format, encoding, original, bytes, chars, clauses, bold_count, \
     sensitive_clauses, sensitive_count, sensitive_types, categories, imported_at, lineage, \
     aliases";

pub(super) fn row_from(r: &rusqlite::Row) -> rusqlite::Result<Row> {
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

/// The exclusive writer lock on `DIR/lock`, released on drop.
pub(super) struct WriterLock {
    pub(super) _file: File,
}

impl WriterLock {
    pub(super) fn acquire(dir: &Path) -> Result<WriterLock> {
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
    pub(super) fn acquire_waiting(dir: &Path, wait: Duration) -> Result<WriterLock> {
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

pub(super) fn put_meta(conn: &Connection, key: &str, value: &str) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?1, ?2) \
         ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )
    .map(|_| ())
}

pub(super) fn update_stats(conn: &Connection, pid: u64, s: &ClauseStats) -> rusqlite::Result<()> {
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

pub(super) fn json_list(v: &[String]) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "[]".into())
}

/// Store `extractions` (pid, body), made with this build's lexicon and models.
pub(super) fn store_extractions(
    tx: &rusqlite::Transaction,
    extractions: &[(u64, Vec<u8>)],
) -> rusqlite::Result<()> {
    let mut insert = tx.prepare_cached(
        "INSERT OR REPLACE INTO extractions (pid, fingerprint, body) VALUES (?1, ?2, ?3)",
    )?;
    let fingerprint = extraction_fingerprint();
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
pub(super) const STATS_VERSION: u32 = 3;

/// Identifies what made a stored extraction (or a column made from one): the lexicon and
/// models ([`lexicon_fingerprint`]) and the code that reads a policy with them (a hash of the
/// sources made by `build.rs`). A stored extraction points at sentences by number, so one made
/// by a build that cut sentences otherwise is made again, not read.
pub(super) fn extraction_fingerprint() -> String {
    static FINGERPRINT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    FINGERPRINT
        .get_or_init(|| {
            let mut h = blake3::Hasher::new();
            h.update(lexicon_fingerprint().as_bytes());
            h.update(env!("POLICYLENS_CODE_HASH").as_bytes());
            h.finalize().to_hex()[..16].to_string()
        })
        .clone()
}

pub(super) fn lexicon_fingerprint() -> String {
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
            // The extractor's own word lists mark what the labeller reads.
            h.update(crate::extract::EXTRACT_WORDS_TSV.as_bytes());
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
pub(super) const DB_NEW: &str = "library.sqlite3.new";

/// Written first when a library is created: the library's claim on its folder. Only a folder
/// holding this file (or [`DB_FILE`]) is one the library may clear things from; anything else
/// in a folder the user points at is theirs and is never deleted.
pub const MARKER_FILE: &str = "policylens-library";

pub(super) const MARKER_TEXT: &str = "This folder is a PolicyLens library (隐私政策阅读助手).\n\
     Its files are managed by PolicyLens: do not edit them by hand.\n";

/// How long a second process waits for another one to finish creating the library.
pub(super) const CREATE_WAIT: Duration = Duration::from_secs(30);

/// Whether `name` is an index folder this library creates: `index`, or `index-<digits>` from
/// a reindex. Nothing else (not `index_backup`, not `index-old`) is ever removed as an index.
pub(super) fn is_index_dir_name(name: &str) -> bool {
    name == "index"
        || name
            .strip_prefix("index-")
            .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
}

/// Whether `name` is a file the library writes into `originals/`: `<64 hex>.<ext>`, or a
/// temporary `….tmp` of one. Unreferenced files of other names are left alone.
pub(super) fn is_original_name(name: &str) -> bool {
    name.len() > 65
        && name.as_bytes()[..64].iter().all(u8::is_ascii_hexdigit)
        && name.as_bytes()[64] == b'.'
}

/// Create a new library in `dir`: a missing or empty folder, or one this library claimed
/// ([`MARKER_FILE`]) whose creation was interrupted. Two processes creating the same library at
/// once are serialised by the writer lock: the second finds the database and stops.
pub(super) fn create_library(dir: &Path) -> Result<()> {
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
pub(super) fn writable(path: &Path) -> bool {
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
pub(super) fn open_db_read_only(path: &Path) -> Result<Connection> {
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

pub(super) fn open_db(path: &Path) -> Result<Connection> {
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

impl Library {
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

    pub(super) fn migrate(&self) -> Result<()> {
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
            if i + 1 == VERSIONS_BY_DATE_MIGRATION {
                versions::renumber_all(&tx).map_err(|e| self.db_error(e))?;
            }
            tx.pragma_update(None, "user_version", (i + 1) as u32)
                .map_err(|e| self.db_error(e))?;
            tx.commit().map_err(|e| self.db_error(e))?;
        }
        Ok(())
    }

    pub(super) fn meta(&self) -> Result<Meta> {
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

    pub(super) fn set_meta(&self, key: &str, value: &str) -> Result<()> {
        put_meta(&self.conn(), key, value).map_err(|e| self.db_error(e))
    }

    pub(super) fn rows(&self) -> Result<Vec<Row>> {
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
}

/// The notes table (library database migration 2).
pub(super) const NOTES_MIGRATION: &str = "CREATE TABLE notes (
         id INTEGER PRIMARY KEY,
         policy_id TEXT NOT NULL,
         app TEXT,
         policy_title TEXT,
         start INTEGER NOT NULL,
         end INTEGER NOT NULL,
         quote TEXT NOT NULL,
         section TEXT NOT NULL,
         body TEXT NOT NULL,
         tags TEXT NOT NULL,
         status TEXT NOT NULL,
         created_at TEXT NOT NULL,
         updated_at TEXT NOT NULL
     );
     CREATE INDEX notes_policy ON notes(policy_id);";

/// Migration 3: the lineage of a note's policy (the key its versions share, see
/// [`crate::library`]), so a note follows its own policy's versions and nothing else — several
/// unrelated policies can carry the same app name. Notes written before it get the lineage of
/// their policy when it is still in the library.
pub(super) const NOTES_LINEAGE_MIGRATION: &str = "ALTER TABLE notes ADD COLUMN lineage TEXT;
     UPDATE notes SET lineage = (SELECT lineage FROM policies WHERE policies.id = notes.policy_id);";
