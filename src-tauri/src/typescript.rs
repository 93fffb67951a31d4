//! The UI contract's TypeScript, derived from the Rust types the commands take and return: one
//! file per type (ts-rs) and an `index.ts` that re-exports them all. Checked in as
//! `ui/src/generated/`; the test `typescript_bindings_are_current` (tests/generated.rs) fails
//! when that folder differs from what [`write_bindings`] writes.
use std::fmt::Write as _;
use std::path::Path;

use policylens::notes::{Note, NoteFilter};
use policylens::view::PolicyView;
use ts_rs::{Config, ExportError, TS};

use crate::answer::Answer;
use crate::api::{
    AskRequest, Exported, Facets, ImportProgress, ImportReport, PolicyRow, SearchHitView,
    SearchRequest,
};

/// Write the declarations of every type a command takes or returns (and of the types they
/// contain) into `dir`, with `index.ts`.
pub fn write_bindings(dir: &Path) -> Result<(), ExportError> {
    // JSON numbers: ts-rs would declare i64/u64 (note ids, counts) as `bigint`, which
    // `JSON.parse` never produces.
    let config = Config::new().with_out_dir(dir).with_large_int("number");
    PolicyRow::export_all(&config)?;
    ImportReport::export_all(&config)?;
    ImportProgress::export_all(&config)?;
    PolicyView::export_all(&config)?;
    SearchRequest::export_all(&config)?;
    SearchHitView::export_all(&config)?;
    Facets::export_all(&config)?;
    AskRequest::export_all(&config)?;
    Answer::export_all(&config)?;
    Note::export_all(&config)?;
    NoteFilter::export_all(&config)?;
    Exported::export_all(&config)?;
    write_index(dir)
}

/// `index.ts`: `export type * from "./Name";` for each file written, in name order.
fn write_index(dir: &Path) -> Result<(), ExportError> {
    let mut names: Vec<String> = std::fs::read_dir(dir)?
        .map(|entry| Ok(entry?.file_name().to_string_lossy().into_owned()))
        .collect::<std::io::Result<Vec<String>>>()?
        .into_iter()
        .filter_map(|file| file.strip_suffix(".ts").map(str::to_string))
        .filter(|name| name != "index")
        .collect();
    names.sort();
    let mut index = String::from(
        "// The UI contract's types, generated from src-tauri by `UPDATE_GENERATED=1 cargo test \
         --workspace --test generated`. Do not edit.\n",
    );
    for name in names {
        writeln!(index, "export type * from \"./{name}\";").expect("writing to a String");
    }
    std::fs::write(dir.join("index.ts"), index)?;
    Ok(())
}
