//! The files the UI takes from the shell rather than writing them itself, and the tests that fail
//! when the checked-in copies are stale:
//!
//! - `ui/src/generated/`: the contract's TypeScript types, derived from the Rust types
//!   ([`policylens_desktop::typescript`]).
//!
//! `UPDATE_GENERATED=1` makes the tests rewrite the checked-in files instead of comparing.
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const UPDATE_VARIABLE: &str = "UPDATE_GENERATED";
const REGENERATE: &str = "UPDATE_GENERATED=1 cargo test --workspace --test generated";

fn ui_src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src")
}

/// The files directly in `dir` (none when it does not exist), by name.
fn files_in(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return BTreeMap::new();
    };
    entries
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_file())
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&path).unwrap())
        })
        .collect()
}

/// Fail unless `checked_in` holds exactly the files of `fresh`, byte for byte; with
/// `UPDATE_GENERATED=1`, make it so instead.
fn check_or_update(fresh: &Path, checked_in: &Path) {
    let fresh = files_in(fresh);
    let current = files_in(checked_in);
    if std::env::var(UPDATE_VARIABLE).is_ok_and(|v| v == "1") {
        std::fs::create_dir_all(checked_in).unwrap();
        for name in current.keys().filter(|name| !fresh.contains_key(*name)) {
            std::fs::remove_file(checked_in.join(name)).unwrap();
        }
        for (name, bytes) in &fresh {
            if current.get(name) != Some(bytes) {
                std::fs::write(checked_in.join(name), bytes).unwrap();
            }
        }
        return;
    }
    let mut stale: Vec<String> = Vec::new();
    for (name, bytes) in &fresh {
        match current.get(name) {
            None => stale.push(format!("{name} is missing")),
            Some(old) if old != bytes => stale.push(format!("{name} differs")),
            Some(_) => {}
        }
    }
    for name in current.keys().filter(|name| !fresh.contains_key(*name)) {
        stale.push(format!("{name} is no longer generated"));
    }
    assert!(
        stale.is_empty(),
        "{} is stale ({}). Regenerate it with `{REGENERATE}` and commit the result.",
        checked_in.display(),
        stale.join(", ")
    );
}

#[test]
fn typescript_bindings_are_current() {
    let fresh = tempfile::tempdir().unwrap();
    policylens_desktop::typescript::write_bindings(fresh.path()).unwrap();
    check_or_update(fresh.path(), &ui_src().join("generated"));
}
