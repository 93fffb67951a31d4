//! PolicyLens desktop: the Tauri 2 shell over the `policylens` core.
//!
//! Every command ([`commands`]) is a short call into the core's [`policylens::library::Library`]
//! (import, list, search, notes, export) or core modules (view, ask), done by the plain functions
//! of [`api`], which fill the contract's JSON types ([`api`] and the core's own; their TypeScript is
//! derived into `ui/src/generated/` by [`typescript`]). Errors reach the UI as their message
//! ([`error::AppError`]). Commands work with any [`tauri::Runtime`], so the tests drive them
//! through tauri's mock runtime (`tests/commands.rs`), and record the UI's dev fixtures with
//! them (`tests/generated.rs`).
pub mod api;
pub mod commands;
pub mod error;
pub mod state;
pub mod timing;
pub mod typescript;

use std::path::PathBuf;

use tauri::webview::PageLoadEvent;
use tauri::Runtime;

pub use state::{AppState, LibrarySource};

/// The app's state, commands and event hooks on `builder` (the real runtime's or the mock's).
pub fn builder<R: Runtime>(builder: tauri::Builder<R>, state: AppState) -> tauri::Builder<R> {
    builder
        .manage(state)
        .invoke_handler(tauri::generate_handler![
            commands::list_policies,
            commands::import_paths,
            commands::remove_policy,
            commands::open_policy,
            commands::search,
            commands::list_facets,
            commands::ask,
            commands::add_note,
            commands::list_notes,
            commands::update_note,
            commands::delete_note,
            commands::export_notes,
            commands::export_report,
            commands::export_receivers,
            commands::compare_apps,
            commands::take_startup_files,
            commands::privacy_label,
            commands::export_privacy_label,
            commands::list_app_types,
            commands::check_policy,
            commands::export_check,
            commands::diff_policies,
            commands::export_comparison,
            commands::export_diff,
        ])
}

const USAGE: &str = "\
PolicyLens (隐私政策阅读助手) desktop app

usage: policylens-desktop [--library DIR] [FILE...]

  FILE...         policy files to open: imported into the library (a file imported before is
                  opened as it is) and the first shown (a file manager's Open With)
  --library DIR   use the library in DIR (default: $POLICYLENS_LIBRARY, else the platform data
                  folder; a new default library starts with the bundled sample policies)
  POLICYLENS_TIMING=1  print startup and command timings to stderr
";

/// Parse the command line: the library to open and the files to open in it.
fn parse_args(mut args: impl Iterator<Item = std::ffi::OsString>) -> (LibrarySource, Vec<PathBuf>) {
    let mut source = LibrarySource::Default;
    let mut files = Vec::new();
    while let Some(arg) = args.next() {
        match arg.to_str() {
            Some("--library") => match args.next() {
                Some(dir) => source = LibrarySource::Dir(PathBuf::from(dir)),
                None => exit_usage("--library needs a folder"),
            },
            Some("-h") | Some("--help") => {
                print!("{USAGE}");
                std::process::exit(0);
            }
            Some("-V") | Some("--version") => {
                println!("policylens-desktop {}", env!("CARGO_PKG_VERSION"));
                std::process::exit(0);
            }
            Some("--") => files.extend(args.by_ref().map(PathBuf::from)),
            Some(flag) if flag.starts_with('-') => exit_usage(&format!("unknown option {flag}")),
            // A file name (not UTF-8 ones too: the import names them in its refusals).
            _ => files.push(PathBuf::from(arg)),
        }
    }
    (source, files)
}

fn exit_usage(message: &str) -> ! {
    eprint!("policylens-desktop: {message}\n\n{USAGE}");
    std::process::exit(2)
}

/// Start the app.
pub fn run() {
    timing::start();
    let (source, files) = parse_args(std::env::args_os().skip(1));
    let state = AppState::new(source);
    state.set_startup_files(files);
    state.warm_up();
    builder(tauri::Builder::default(), state)
        .plugin(tauri_plugin_dialog::init())
        .setup(|_app| {
            timing::log("window created");
            Ok(())
        })
        .on_page_load(|_webview, payload| {
            if payload.event() == PageLoadEvent::Finished {
                timing::log("page loaded");
            }
        })
        .run(tauri::generate_context!("../tauri.conf.json"))
        .expect("error while running PolicyLens");
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    #[test]
    fn file_arguments_are_files_to_open_and_a_library_is_still_chosen() {
        let args = ["--library", "lib", "a.txt", "--", "-b.md"].map(std::ffi::OsString::from);
        let (source, files) = parse_args(args.into_iter());
        assert!(matches!(source, LibrarySource::Dir(d) if d == Path::new("lib")));
        assert_eq!(files, [PathBuf::from("a.txt"), PathBuf::from("-b.md")]);
        let (source, files) = parse_args(std::iter::empty());
        assert!(matches!(source, LibrarySource::Default) && files.is_empty());
    }
}
