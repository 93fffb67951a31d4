//! The UI contract's TypeScript, derived from the Rust types the commands take and return: one
//! file per type (ts-rs) and an `index.ts` that re-exports them all. Checked in as
//! `ui/src/generated/`; the test `typescript_bindings_are_current` (tests/generated.rs) fails
//! when that folder differs from what [`write_bindings`] writes.
use std::any::TypeId;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use policylens::ask::Answer;
use policylens::check::CheckReport;
use policylens::compare::Comparison;
use policylens::diff::PolicyDiff;
use policylens::notes::{Note, NoteFilter};
use policylens::privacy_label::PrivacyLabel;
use policylens::view::PolicyView;
use ts_rs::{Config, ExportError, TypeVisitor, TS};

use crate::api::{
    AppTypeRow, AskRequest, Exported, Facets, ImportProgress, ImportReport, PolicyRow,
    SearchHitView, SearchRequest,
};

/// Every type a command takes or returns, or an event carries; the types they contain follow.
fn visit_contract(visitor: &mut impl TypeVisitor) {
    visitor.visit::<PolicyRow>();
    visitor.visit::<ImportReport>();
    visitor.visit::<ImportProgress>();
    visitor.visit::<PolicyView>();
    visitor.visit::<SearchRequest>();
    visitor.visit::<SearchHitView>();
    visitor.visit::<Facets>();
    visitor.visit::<AskRequest>();
    visitor.visit::<Answer>();
    visitor.visit::<Note>();
    visitor.visit::<NoteFilter>();
    visitor.visit::<Exported>();
    visitor.visit::<Comparison>();
    visitor.visit::<PolicyDiff>();
    visitor.visit::<CheckReport>();
    visitor.visit::<AppTypeRow>();
    visitor.visit::<PrivacyLabel>();
}

fn config(dir: &Path) -> Config {
    // JSON numbers: ts-rs would declare i64/u64 (note ids, counts) as `bigint`, which
    // `JSON.parse` never produces.
    Config::new().with_out_dir(dir).with_large_int("number")
}

/// Write the declarations of the contract's types into `dir`, with `index.ts`.
pub fn write_bindings(dir: &Path) -> Result<(), ExportError> {
    struct Export<'a> {
        config: &'a Config,
        result: Result<(), ExportError>,
    }
    impl TypeVisitor for Export<'_> {
        fn visit<T: TS + 'static + ?Sized>(&mut self) {
            if self.result.is_ok() {
                self.result = T::export_all(self.config);
            }
        }
    }
    let config = config(dir);
    let mut export = Export {
        config: &config,
        result: Ok(()),
    };
    visit_contract(&mut export);
    export.result?;
    write_index(dir)
}

/// TypeScript names that two different contract types would both be declared under. ts-rs
/// writes a type to the file of its name and skips a second type of the same name, so a clash
/// would silently leave one of them out.
pub fn name_clashes() -> Vec<String> {
    struct Names {
        config: Config,
        types: BTreeMap<String, TypeId>,
        clashes: Vec<String>,
    }
    impl TypeVisitor for Names {
        fn visit<T: TS + 'static + ?Sized>(&mut self) {
            // Primitives and containers have no declaration of their own.
            if T::output_path().is_none() {
                return;
            }
            let name = T::ident(&self.config);
            match self.types.get(&name) {
                Some(&id) if id == TypeId::of::<T>() => {}
                Some(_) => self.clashes.push(name),
                None => {
                    self.types.insert(name, TypeId::of::<T>());
                    T::visit_dependencies(self);
                }
            }
        }
    }
    let mut names = Names {
        config: config(Path::new(".")),
        types: BTreeMap::new(),
        clashes: Vec::new(),
    };
    visit_contract(&mut names);
    names.clashes
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
