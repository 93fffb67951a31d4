//! The crate's error type.
use std::path::PathBuf;

/// Everything that can go wrong in the core library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file was refused on import: the message names the file and the reason.
    #[error("{path}: {reason}")]
    Refused { path: PathBuf, reason: String },
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A data file (lexicon, manifest) is malformed.
    #[error("{path}: line {line}: {message}")]
    Data {
        path: String,
        line: usize,
        message: String,
    },
    #[error("{0}")]
    Other(String),
    /// A question the library cannot answer (unknown app or purpose …).
    #[error(transparent)]
    Ask(#[from] crate::ask::AskError),

    // --- The library (src/library.rs, src/index.rs, src/search.rs) ---
    /// Another process holds the library's writer lock.
    #[error("the library at {dir} is busy: another policylens process is adding, removing or reindexing policies; try again when it has finished (searching still works)")]
    Busy { dir: PathBuf },
    /// The library's search index was built with another index schema version.
    #[error("the library's search index was built by another version of policylens (index schema {found}, this version uses {expected}): run `policylens reindex`")]
    SchemaMismatch { found: u32, expected: u32 },
    /// The index on disk does not have the schema its version number promises.
    #[error("the search index in {dir} does not match what this version of policylens writes: run `policylens reindex`")]
    IndexSchema { dir: PathBuf },
    /// The search index could not be read or written.
    #[error("search index {dir}: {message} (if this persists, run `policylens reindex`)")]
    Index { dir: PathBuf, message: String },
    /// The search index's files may not be read by this user (a library of another user).
    #[error("search index {dir}: {message}: this user may not read the library's files (check their owner and permissions)")]
    IndexAccess { dir: PathBuf, message: String },
    /// The library database could not be read or written.
    #[error("library database {path}: {message}")]
    Database { path: PathBuf, message: String },
    /// The library was written by a newer version of policylens.
    #[error("{path} was written by a newer version of policylens (database schema {found}, this version knows up to {supported}): upgrade policylens")]
    LibraryTooNew {
        path: PathBuf,
        found: u32,
        supported: u32,
    },
    /// The disk (or the user's quota) is full: nothing is wrong with the library.
    #[error("no space left on the disk holding {path}: free some space and try again (what was imported before is kept)")]
    DiskFull { path: PathBuf },
    /// The library cannot be written (a read-only mount, an immutable folder, no permission).
    #[error("the library at {dir} is read-only: cannot {action}; it can still be listed, searched and read")]
    ReadOnly { dir: PathBuf, action: String },
    /// A folder that is neither empty nor a library was given as the library.
    #[error("{dir} is not a PolicyLens library (it has no library.sqlite3) and is not empty: choose a new or empty folder for the library")]
    NotALibrary { dir: PathBuf },
    /// A search filter names a value the library does not have.
    #[error("{}", unknown_filter_message(filter, value, valid))]
    UnknownFilter {
        filter: String,
        value: String,
        valid: Vec<String>,
    },
    /// No policy with this id (or id prefix) in the library.
    #[error("no policy {id:?} in the library (see `policylens list`)")]
    NotFound { id: String },
}

/// `unknown app "X"; the library has: A, B, …` (long lists are cut, closest matches first).
fn unknown_filter_message(filter: &str, value: &str, valid: &[String]) -> String {
    const SHOWN: usize = 30;
    if valid.is_empty() {
        return format!("unknown {filter} {value:?}: the library has no {filter} values yet");
    }
    let mut shown: Vec<&String> = valid
        .iter()
        .filter(|v| v.contains(value) || value.contains(v.as_str()))
        .collect();
    shown.extend(
        valid
            .iter()
            .filter(|v| !(v.contains(value) || value.contains(v.as_str()))),
    );
    let list: Vec<&str> = shown.iter().take(SHOWN).map(|s| s.as_str()).collect();
    let more = valid.len().saturating_sub(SHOWN);
    let tail = if more > 0 {
        format!(" … and {more} more")
    } else {
        String::new()
    };
    format!(
        "unknown {filter} {value:?}; valid values: {}{tail}",
        list.join(", ")
    )
}

pub type Result<T> = std::result::Result<T, Error>;

/// Whether `e` or one of its causes is a permission refusal (tantivy reports some only as text).
pub fn is_permission_denied(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(c) = cause {
        if c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::PermissionDenied)
            || c.to_string().contains("PermissionDenied")
        {
            return true;
        }
        cause = c.source();
    }
    false
}

/// Whether `e` or one of its causes says the disk or the quota is full (ENOSPC, EDQUOT,
/// SQLite's "database or disk is full"). Libraries wrap I/O errors in their own types, some
/// only as text, so the messages are checked too.
pub fn is_disk_full(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(c) = cause {
        if let Some(io) = c.downcast_ref::<std::io::Error>() {
            if io.kind() == std::io::ErrorKind::StorageFull
                || io.kind() == std::io::ErrorKind::QuotaExceeded
            {
                return true;
            }
        }
        let text = c.to_string();
        if text.contains("No space left on device")
            || text.contains("Disk quota exceeded")
            || text.contains("database or disk is full")
        {
            return true;
        }
        cause = c.source();
    }
    false
}
