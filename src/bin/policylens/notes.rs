//! `policylens notes …` and `policylens report`: notes on policy clauses, their export, and the
//! one-policy highlight report.
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Subcommand;
use policylens::document::Span;
use policylens::export::{
    receivers_table, render_notes, NotesFormat, ReceiversFormat, ReportFormat,
};
use policylens::notes::{Note, NoteFilter, NoteStatus};

use crate::library::{open, LibraryArg};

#[derive(Subcommand)]
pub enum NotesCommand {
    /// Add a note on chars START..END of a policy (offsets as `policylens search --format json`
    /// and `policylens parse` report them).
    Add {
        #[command(flatten)]
        lib: LibraryArg,
        /// Policy id (or a unique beginning of one).
        #[arg(long)]
        policy: String,
        #[arg(long)]
        start: usize,
        #[arg(long)]
        end: usize,
        /// Tags, comma or space separated.
        #[arg(long, default_value = "")]
        tags: String,
        /// The note.
        body: String,
    },
    /// List notes (re-anchored to newer policy versions when the quote is found).
    List {
        #[command(flatten)]
        lib: LibraryArg,
        #[command(flatten)]
        filter: FilterArgs,
        #[arg(long)]
        json: bool,
    },
    /// Change a note's text and tags.
    Edit {
        #[command(flatten)]
        lib: LibraryArg,
        id: i64,
        #[arg(long)]
        tags: Option<String>,
        body: String,
    },
    /// Delete a note.
    Delete {
        #[command(flatten)]
        lib: LibraryArg,
        id: i64,
    },
    /// Export notes (all, per app or per policy) to Markdown, CSV or JSON.
    Export {
        #[command(flatten)]
        lib: LibraryArg,
        #[command(flatten)]
        filter: FilterArgs,
        /// md, csv or json.
        #[arg(long, default_value = "md")]
        format: String,
        /// Write here instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
}

#[derive(clap::Args, Clone, Default)]
pub struct FilterArgs {
    #[arg(long)]
    app: Option<String>,
    /// Policy id (or a unique beginning of one).
    #[arg(long)]
    policy: Option<String>,
    #[arg(long)]
    tag: Option<String>,
    /// Text in the note or its quote.
    #[arg(long)]
    text: Option<String>,
}

impl FilterArgs {
    fn filter(&self) -> NoteFilter {
        NoteFilter {
            policy_id: self.policy.clone(),
            app: self.app.clone(),
            tag: self.tag.clone(),
            text: self.text.clone(),
        }
    }
}

fn split_tags(tags: &str) -> Vec<String> {
    policylens::notes::clean_tags(&[tags.to_string()])
}

/// A wrong `--format` is a usage error (exit 2), as clap's own are.
fn usage_error(e: policylens::error::Error) -> ExitCode {
    eprintln!("policylens: {e}");
    ExitCode::from(2)
}

fn write_note(out: &mut impl Write, n: &Note) -> Result<()> {
    let status = match n.status {
        NoteStatus::Anchored => "",
        NoteStatus::Reanchored => " [已定位到新版本]",
        NoteStatus::Orphaned => " [孤立：最新版本中未找到原文]",
    };
    writeln!(
        out,
        "#{} {} · {} · {}{status}",
        n.id,
        n.app.as_deref().unwrap_or("-"),
        n.policy_title.as_deref().unwrap_or("-"),
        n.section
    )?;
    writeln!(out, "  > {}", n.quote.replace('\n', " "))?;
    writeln!(out, "  {}", n.body)?;
    if !n.tags.is_empty() {
        writeln!(out, "  标签：{}", n.tags.join("、"))?;
    }
    Ok(())
}

pub fn run(out: &mut impl Write, command: NotesCommand) -> Result<ExitCode> {
    match command {
        NotesCommand::Add {
            lib,
            policy,
            start,
            end,
            tags,
            body,
        } => {
            let library = open(&lib)?;
            let note = library.add_note(
                &policy,
                Span::new(start, end.max(start)),
                &body,
                &split_tags(&tags),
            )?;
            write_note(&mut crate::term::Clean(&mut *out), &note)?;
        }
        NotesCommand::List { lib, filter, json } => {
            let notes = open(&lib)?.list_notes(&filter.filter())?;
            if json {
                writeln!(out, "{}", serde_json::to_string_pretty(&notes)?)?;
            } else {
                for n in &notes {
                    write_note(&mut crate::term::Clean(&mut *out), n)?;
                }
                if notes.is_empty() {
                    writeln!(out, "no notes")?;
                }
            }
        }
        NotesCommand::Edit {
            lib,
            id,
            tags,
            body,
        } => {
            let library = open(&lib)?;
            let tags = match tags {
                Some(t) => split_tags(&t),
                None => library
                    .list_notes(&NoteFilter::default())?
                    .into_iter()
                    .find(|n| n.id == id)
                    .map(|n| n.tags)
                    .unwrap_or_default(),
            };
            let note = library.update_note(id, &body, &tags)?;
            write_note(&mut crate::term::Clean(&mut *out), &note)?;
        }
        NotesCommand::Delete { lib, id } => {
            open(&lib)?.delete_note(id)?;
            writeln!(out, "deleted note {id}")?;
        }
        NotesCommand::Export {
            lib,
            filter,
            format,
            output,
        } => {
            let format: NotesFormat = match format.parse() {
                Ok(f) => f,
                Err(e) => return Ok(usage_error(e)),
            };
            let library = open(&lib)?;
            match output {
                Some(path) => {
                    let n = library.export_notes(&filter.filter(), format, &path)?;
                    eprintln!("wrote {n} notes to {}", crate::term::path(&path));
                }
                None => {
                    let notes = library.list_notes(&filter.filter())?;
                    write!(out, "{}", render_notes(&notes, format))?;
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `policylens report ID --format md|html [-o FILE]`.
pub fn report(
    out: &mut impl Write,
    lib: &LibraryArg,
    policy: &str,
    format: &str,
    output: Option<PathBuf>,
) -> Result<ExitCode> {
    let format: ReportFormat = match format.parse() {
        Ok(f) => f,
        Err(e) => return Ok(usage_error(e)),
    };
    let library = open(lib)?;
    match output {
        Some(path) => {
            library
                .export_report(policy, format, &path)
                .with_context(|| format!("writing the report of {policy}"))?;
            eprintln!("wrote {}", crate::term::path(&path));
        }
        None => write!(out, "{}", library.report(policy, format)?)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// `receivers`: a policy's 「共享与SDK」 table, to standard output or a file.
pub fn receivers(
    out: &mut impl Write,
    lib: &LibraryArg,
    policy: &str,
    format: &str,
    output: Option<PathBuf>,
) -> Result<ExitCode> {
    let format: ReceiversFormat = match format.parse() {
        Ok(f) => f,
        Err(e) => return Ok(usage_error(e)),
    };
    let library = open(lib)?;
    match output {
        Some(path) => {
            let n = library
                .export_receivers(policy, format, &path)
                .with_context(|| format!("writing the receivers of {policy}"))?;
            eprintln!("wrote {} ({n} receivers)", crate::term::path(&path));
        }
        None => write!(
            out,
            "{}",
            receivers_table(&library.receivers(policy)?, format)
        )?,
    }
    Ok(ExitCode::SUCCESS)
}
