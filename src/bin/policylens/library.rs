//! `policylens add|remove|list|reindex|search`: the library commands.
//!
//! Every command works on the library in `--library DIR`, else `$POLICYLENS_LIBRARY`, else the
//! platform data folder (`~/.local/share/policylens`), which gets the bundled policies on first
//! use. Exit codes: 0 ok, 1 some files refused (add) or an error, 2 usage error (including an
//! unknown `--app`/`--category` value, whose message lists the valid ones).
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::{Args, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use policylens::error::Error;
use policylens::library::{AddOptions, ImportSummary, Library, Outcome, PolicySummary};
use policylens::search::{SearchQuery, SearchResults, DEFAULT_LIMIT};

use crate::term;

#[derive(Args, Clone)]
pub struct LibraryArg {
    /// The library folder [default: $POLICYLENS_LIBRARY, else the platform data folder]
    #[arg(long, value_name = "DIR")]
    library: Option<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Format {
    Json,
    Text,
}

#[derive(Subcommand)]
pub enum LibraryCommand {
    /// Import policy files and folders into the library (parse, extract, index).
    ///
    /// Re-adding an unchanged file does nothing; a changed policy of an app already in the
    /// library becomes its next version. Files that are empty, binary, undecodable or not a
    /// privacy policy are refused with the reason; exit code 1 if any was refused.
    Add {
        #[command(flatten)]
        lib: LibraryArg,
        /// Files and folders (folders are read recursively).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// The app these policies belong to (default: manifest.toml, the text, the file name).
        #[arg(long)]
        app: Option<String>,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// No progress bar.
        #[arg(long)]
        no_progress: bool,
        /// Largest file accepted, in bytes.
        #[arg(long, default_value_t = policylens::ingest::DEFAULT_MAX_BYTES)]
        max_bytes: u64,
        /// Commit after this many new policies (and at least every 10 s): what an interrupted
        /// import keeps.
        #[arg(long, default_value_t = policylens::library::COMMIT_EVERY)]
        commit_every: usize,
    },
    /// Remove policies from the library (by id, or a unique beginning of one).
    Remove {
        #[command(flatten)]
        lib: LibraryArg,
        #[arg(required = true)]
        ids: Vec<String>,
    },
    /// List the policies in the library: app, version, title, dates, sensitive items.
    List {
        #[command(flatten)]
        lib: LibraryArg,
        /// Only this app.
        #[arg(long)]
        app: Option<String>,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Rebuild the search index from the stored originals (after an upgrade that changes the
    /// index schema or the lexicon).
    Reindex {
        #[command(flatten)]
        lib: LibraryArg,
        #[arg(long)]
        no_progress: bool,
    },
    /// Search the library's clauses (BM25-ranked, with highlights).
    ///
    /// Words must all match; "…" is a phrase; OR, NOT (or -word) and ( ) combine them.
    /// Example: policylens search '"精准位置信息" OR 人脸 -广告' --sensitive
    Search {
        #[command(flatten)]
        lib: LibraryArg,
        /// The query (several arguments are joined with spaces).
        query: Vec<String>,
        /// Only this app (repeat for several).
        #[arg(long)]
        app: Vec<String>,
        /// Only clauses about data of this category, e.g. 个人生物识别信息 (repeat for several).
        #[arg(long)]
        category: Vec<String>,
        /// Only clauses that mention sensitive personal information.
        #[arg(long)]
        sensitive: bool,
        /// Only clauses the policy marks in bold.
        #[arg(long)]
        bold: bool,
        /// Also search older versions of each policy.
        #[arg(long)]
        all_versions: bool,
        #[arg(long, default_value_t = DEFAULT_LIMIT)]
        limit: usize,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// Force or suppress ANSI colour (default: when stdout is a terminal and NO_COLOR is unset).
        #[arg(long)]
        color: Option<bool>,
    },
}

pub(crate) fn open(lib: &LibraryArg) -> Result<Library> {
    Ok(match &lib.library {
        Some(dir) => Library::open(dir)?,
        None => Library::open_default()?,
    })
}

pub fn run(command: LibraryCommand) -> Result<ExitCode> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match command {
        LibraryCommand::Add {
            lib,
            paths,
            app,
            format,
            no_progress,
            max_bytes,
            commit_every,
        } => {
            let library = open(&lib)?;
            let bar = (!no_progress && std::io::stderr().is_terminal()).then(|| {
                let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
                bar.set_style(
                    ProgressStyle::with_template(
                        "{bar:30.cyan/blue} {pos}/{len} files {elapsed} (eta {eta}) {wide_msg}",
                    )
                    .expect("valid template"),
                );
                bar
            });
            let options = AddOptions {
                app,
                max_bytes,
                commit_every,
                ..Default::default()
            };
            let summary = library.add_paths_with(&paths, &options, &mut |p| {
                if let Some(bar) = &bar {
                    bar.set_length(p.total as u64);
                    bar.set_position(p.done as u64);
                    bar.set_message(p.path.display().to_string());
                }
            });
            if let Some(bar) = &bar {
                bar.finish_and_clear();
            }
            let summary = summary?;
            match format {
                Format::Json => {
                    serde_json::to_writer_pretty(&mut out, &summary)?;
                    writeln!(out)?;
                }
                Format::Text => write_import_summary(&mut term::Clean(&mut out), &summary)?,
            }
            Ok(if summary.refused() > 0 {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        LibraryCommand::Remove { lib, ids } => {
            let library = open(&lib)?;
            let mut failed = false;
            for id in ids {
                match library.remove(&id) {
                    Ok(p) => writeln!(
                        out,
                        "removed {} ({} v{}{})",
                        p.id,
                        p.app,
                        p.version,
                        p.title.map(|t| format!(", {t}")).unwrap_or_default()
                    )?,
                    Err(e @ Error::NotFound { .. }) => {
                        eprintln!("policylens: {e}");
                        failed = true;
                    }
                    Err(e) => return Err(e.into()),
                }
            }
            Ok(if failed {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        LibraryCommand::List { lib, app, format } => {
            let library = open(&lib)?;
            warn_stale(&library);
            let mut policies = library.list()?;
            if let Some(app) = &app {
                if !policies.iter().any(|p| &p.app == app) {
                    return usage_error(Error::UnknownFilter {
                        filter: "app".into(),
                        value: app.clone(),
                        valid: library.apps()?,
                    });
                }
                policies.retain(|p| &p.app == app);
            }
            match format {
                Format::Json => {
                    serde_json::to_writer_pretty(&mut out, &policies)?;
                    writeln!(out)?;
                }
                Format::Text => write_list(&mut term::Clean(&mut out), &policies, library.path())?,
            }
            Ok(ExitCode::SUCCESS)
        }
        LibraryCommand::Reindex { lib, no_progress } => {
            let library = open(&lib)?;
            let bar = (!no_progress && std::io::stderr().is_terminal()).then(|| {
                let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
                bar.set_style(
                    ProgressStyle::with_template(
                        "{bar:30.cyan/blue} {pos}/{len} policies {elapsed}",
                    )
                    .expect("valid template"),
                );
                bar
            });
            let summary = library.reindex(&mut |done, total| {
                if let Some(bar) = &bar {
                    bar.set_length(total as u64);
                    bar.set_position(done as u64);
                }
            });
            if let Some(bar) = &bar {
                bar.finish_and_clear();
            }
            let summary = summary?;
            writeln!(
                out,
                "reindexed {} policies ({} clauses) in {:.1} s",
                summary.policies,
                summary.clauses,
                summary.elapsed_ms as f64 / 1000.0
            )?;
            for (id, problem) in &summary.failed {
                writeln!(out, "  not indexed: {id}: {problem}")?;
            }
            Ok(if summary.failed.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        LibraryCommand::Search {
            lib,
            query,
            app,
            category,
            sensitive,
            bold,
            all_versions,
            limit,
            format,
            color,
        } => {
            let library = open(&lib)?;
            warn_stale(&library);
            let query = SearchQuery {
                text: query.join(" "),
                apps: app,
                categories: category,
                sensitive,
                bold,
                all_versions,
                limit,
            };
            let results = match library.search(&query) {
                Ok(r) => r,
                Err(e @ Error::UnknownFilter { .. }) => return usage_error(e),
                Err(e) => return Err(e.into()),
            };
            match format {
                Format::Json => {
                    serde_json::to_writer_pretty(&mut out, &results)?;
                    writeln!(out)?;
                }
                Format::Text => {
                    let ansi = color.unwrap_or_else(|| {
                        std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
                    });
                    write_results(&mut out, &results, ansi)?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn usage_error(e: Error) -> Result<ExitCode> {
    eprintln!("policylens: {e}");
    Ok(ExitCode::from(2))
}

fn warn_stale(library: &Library) {
    if let Ok(Some(why)) = library.stale() {
        eprintln!("policylens: note: {why}");
    }
}

fn write_import_summary(out: &mut impl Write, s: &ImportSummary) -> Result<()> {
    const SHOWN: usize = 5;
    for r in &s.repairs {
        writeln!(out, "repaired: {r}")?;
    }
    for n in &s.notes {
        writeln!(out, "note: {n}")?;
    }
    let new_versions = s
        .files
        .iter()
        .filter(|f| matches!(f.outcome, Outcome::Imported { version, .. } if version > 1))
        .count();
    let secs = s.elapsed_ms as f64 / 1000.0;
    writeln!(
        out,
        "{} files: imported {}{}, skipped as unchanged {}, refused {} ({:.1} MB in {:.1} s)",
        s.files.len(),
        s.imported(),
        if new_versions > 0 {
            format!(" ({new_versions} as new versions)")
        } else {
            String::new()
        },
        s.skipped(),
        s.refused(),
        s.bytes_imported as f64 / 1e6,
        secs
    )?;
    if s.files.len() <= 20 {
        for f in &s.files {
            let what = match &f.outcome {
                Outcome::Imported { id, app, version } => {
                    format!("imported {app} v{version} ({id})")
                }
                Outcome::Unchanged { id } => format!("unchanged, already in the library ({id})"),
                Outcome::SameText { id, app, version } => {
                    format!("same text as {app} v{version} ({id}), already in the library")
                }
                Outcome::Refused { message, .. } => format!("refused: {message}"),
            };
            writeln!(out, "  {}: {what}", f.path.display())?;
        }
        return Ok(());
    }
    for (group, files) in s.refused_by_reason() {
        writeln!(out, "refused, {group}: {}", files.len())?;
        for f in files.iter().take(SHOWN) {
            let message = match &f.outcome {
                Outcome::Refused { message, .. } => message.as_str(),
                _ => "",
            };
            writeln!(out, "    {}: {message}", f.path.display())?;
        }
        if files.len() > SHOWN {
            writeln!(
                out,
                "    … and {} more (--format json lists every file)",
                files.len() - SHOWN
            )?;
        }
    }
    Ok(())
}

fn write_list(
    out: &mut impl Write,
    policies: &[PolicySummary],
    dir: &std::path::Path,
) -> Result<()> {
    if policies.is_empty() {
        writeln!(
            out,
            "the library in {} is empty: add policies with `policylens add FILE|DIR`",
            dir.display()
        )?;
        return Ok(());
    }
    for p in policies {
        let versions = if p.versions > 1 {
            format!(
                " v{} of {}{}",
                p.version,
                p.versions,
                if p.latest { ", latest" } else { "" }
            )
        } else {
            String::new()
        };
        let dates: Vec<String> = [("updated", &p.updated), ("effective", &p.effective)]
            .iter()
            .filter_map(|(k, v)| v.as_ref().map(|v| format!("{k} {v}")))
            .collect();
        writeln!(
            out,
            "{}  {}{}  {}",
            &p.id[..p.id.len().min(12)],
            p.app,
            versions,
            p.title.as_deref().unwrap_or("(no title)")
        )?;
        let mut sensitive = p
            .sensitive_types
            .iter()
            .take(6)
            .cloned()
            .collect::<Vec<_>>()
            .join("、");
        if p.sensitive_types.len() > 6 {
            sensitive.push_str(&format!(" …(+{})", p.sensitive_types.len() - 6));
        }
        writeln!(
            out,
            "    {}{}imported {} · {} clauses, {} bold · {} sensitive items{}",
            dates.join(" · "),
            if dates.is_empty() { "" } else { " · " },
            &p.imported_at[..p.imported_at.len().min(10)],
            p.clauses,
            p.bold_clauses,
            p.sensitive_types.len(),
            if sensitive.is_empty() {
                String::new()
            } else {
                format!(" ({sensitive})")
            }
        )?;
    }
    let apps: std::collections::BTreeSet<&str> = policies.iter().map(|p| p.app.as_str()).collect();
    writeln!(out, "{} policies of {} apps", policies.len(), apps.len())?;
    Ok(())
}

fn write_results(out: &mut impl Write, r: &SearchResults, ansi: bool) -> Result<()> {
    let (on, off) = if ansi {
        ("\x1b[1;33m", "\x1b[0m")
    } else {
        ("【", "】")
    };
    let (dim, undim) = if ansi {
        ("\x1b[2m", "\x1b[0m")
    } else {
        ("", "")
    };
    if r.hits.is_empty() {
        writeln!(out, "nothing found for {:?}", term::clean(&r.query))?;
        return Ok(());
    }
    for (n, h) in r.hits.iter().enumerate() {
        let mut head = format!("{}. {}", n + 1, term::clean(&h.app));
        if let Some(t) = &h.title {
            head.push_str(&format!(" · {t}"));
        }
        if h.version > 1 || !h.latest {
            head.push_str(&format!(
                " (v{}{})",
                h.version,
                if h.latest { "" } else { ", older" }
            ));
        }
        if !h.section.is_empty() {
            head.push_str(&format!(" · {}", h.section.join(" › ")));
        }
        writeln!(out, "{}", term::clean(&head))?;
        let chars: Vec<char> = h.snippet.text.chars().map(term::clean_char).collect();
        let mut line = String::from("   ");
        let mut at = 0;
        for m in &h.snippet.marks {
            let (s, e) = (m.start.min(chars.len()), m.end.min(chars.len()));
            if s < at {
                continue;
            }
            line.extend(&chars[at..s]);
            line.push_str(on);
            line.extend(&chars[s..e]);
            line.push_str(off);
            at = e;
        }
        line.extend(&chars[at..]);
        writeln!(out, "{}", line.replace('\n', " "))?;
        let mut flags = Vec::new();
        if h.bold {
            flags.push("bold".to_string());
        }
        if h.sensitive {
            flags.push("sensitive".to_string());
        }
        if !h.categories.is_empty() {
            flags.push(h.categories.join("、"));
        }
        writeln!(
            out,
            "   {dim}{} · chars {}–{} · score {:.2}{}{undim}",
            &h.policy_id[..h.policy_id.len().min(12)],
            h.span.start,
            h.span.end,
            h.score,
            if flags.is_empty() {
                String::new()
            } else {
                format!(" · {}", flags.join(" · "))
            }
        )?;
    }
    writeln!(
        out,
        "{}{} hits in {:.2} ms{}",
        r.hits.len(),
        if r.more { "+" } else { "" },
        r.elapsed_us as f64 / 1000.0,
        if r.more { " (--limit N for more)" } else { "" }
    )?;
    Ok(())
}
