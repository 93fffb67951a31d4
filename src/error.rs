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
