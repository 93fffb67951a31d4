//! `policylens notes …` and `policylens report`: notes on policy clauses, their export, and the
//! one-policy highlight report.
use std::io::Write;
use std::path::{Path, PathBuf};
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
    /// 给一份政策中 --start 到 --end 之间的原文加笔记（字符位置取自
    /// `policylens search --format json` 或 `policylens parse` 的输出）
    Add {
        #[command(flatten)]
        lib: LibraryArg,
        /// 政策编号（或能唯一确定它的开头部分）
        #[arg(long, value_name = "政策编号")]
        policy: String,
        /// 原文起点（第几个字符）
        #[arg(long, value_name = "位置")]
        start: usize,
        /// 原文终点（第几个字符，不含）
        #[arg(long, value_name = "位置")]
        end: usize,
        /// 标签，以逗号或空格分隔
        #[arg(long, default_value = "", value_name = "标签")]
        tags: String,
        /// 笔记内容
        #[arg(value_name = "笔记")]
        body: String,
    },
    /// 列出笔记（政策有新版本且找得到原文时，笔记会移到新版本上）
    List {
        #[command(flatten)]
        lib: LibraryArg,
        #[command(flatten)]
        filter: FilterArgs,
        /// 以 JSON 输出
        #[arg(long)]
        json: bool,
    },
    /// 修改笔记的内容和标签
    Edit {
        #[command(flatten)]
        lib: LibraryArg,
        /// 笔记编号
        #[arg(value_name = "笔记编号")]
        id: i64,
        /// 新的标签，以逗号或空格分隔（不给则不变）
        #[arg(long, value_name = "标签")]
        tags: Option<String>,
        /// 新的笔记内容
        #[arg(value_name = "笔记")]
        body: String,
    },
    /// 删除一条笔记
    Delete {
        #[command(flatten)]
        lib: LibraryArg,
        /// 笔记编号
        #[arg(value_name = "笔记编号")]
        id: i64,
    },
    /// 导出笔记（全部、某个应用或某份政策的）为 Markdown、CSV 或 JSON
    Export {
        #[command(flatten)]
        lib: LibraryArg,
        #[command(flatten)]
        filter: FilterArgs,
        /// 格式：md、csv 或 json
        #[arg(long, default_value = "md", value_name = "格式")]
        format: String,
        /// 写入此文件，而不是标准输出
        #[arg(long, short, value_name = "文件")]
        output: Option<PathBuf>,
    },
}

#[derive(clap::Args, Clone, Default)]
pub struct FilterArgs {
    /// 只看这个应用的笔记
    #[arg(long, value_name = "应用")]
    app: Option<String>,
    /// 只看这份政策的笔记：政策编号（或能唯一确定它的开头部分）
    #[arg(long, value_name = "政策编号")]
    policy: Option<String>,
    /// 只看带这个标签的笔记
    #[arg(long, value_name = "标签")]
    tag: Option<String>,
    /// 笔记或所引原文中的文字
    #[arg(long, value_name = "文字")]
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
            let note = library.notes().add(
                &policy,
                Span::new(start, end.max(start)),
                &body,
                &split_tags(&tags),
            )?;
            write_note(&mut crate::term::Clean(&mut *out), &note)?;
        }
        NotesCommand::List { lib, filter, json } => {
            let notes = open(&lib)?.notes().list(&filter.filter())?;
            if json {
                writeln!(out, "{}", serde_json::to_string_pretty(&notes)?)?;
            } else {
                for n in &notes {
                    write_note(&mut crate::term::Clean(&mut *out), n)?;
                }
                if notes.is_empty() {
                    writeln!(out, "没有笔记：用 `policylens notes add` 给条款加笔记")?;
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
                    .notes()
                    .list(&NoteFilter::default())?
                    .into_iter()
                    .find(|n| n.id == id)
                    .map(|n| n.tags)
                    .unwrap_or_default(),
            };
            let note = library.notes().update(id, &body, &tags)?;
            write_note(&mut crate::term::Clean(&mut *out), &note)?;
        }
        NotesCommand::Delete { lib, id } => {
            open(&lib)?.notes().delete(id)?;
            writeln!(out, "已删除笔记 #{id}")?;
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
            let filter = filter.filter();
            emit(
                out,
                output,
                |path| {
                    let n = library.export_notes(&filter, format, path)?;
                    Ok(format!("已把 {n} 条笔记写入 {}", crate::term::path(path)))
                },
                || Ok(render_notes(&library.notes().list(&filter)?, format)),
            )?;
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
    emit(
        out,
        output,
        |path| {
            library
                .export_report(policy, format, path)
                .with_context(|| format!("无法写出 {policy} 的报告"))?;
            Ok(format!("已写入 {}", crate::term::path(path)))
        },
        || Ok(library.report(policy, format)?),
    )
}

/// `diff`: what changed between two versions of a policy — two policy ids, an app's two
/// newest versions, or two files (read, not imported) — to standard output or a file.
pub fn diff(
    out: &mut impl Write,
    lib: &LibraryArg,
    first: &str,
    second: Option<&str>,
    format: &str,
    output: Option<PathBuf>,
) -> Result<ExitCode> {
    let format: policylens::diff::DiffFormat = match format.parse() {
        Ok(f) => f,
        Err(e) => return Ok(usage_error(e)),
    };
    let files = second.map(|second| (Path::new(first), Path::new(second)));
    let diff = match files {
        Some((a, b)) if a.is_file() || b.is_file() => {
            let options = policylens::parse::ParseOptions::default();
            let read = |path: &Path| -> Result<policylens::document::Policy> {
                anyhow::ensure!(
                    path.is_file(),
                    "{}：不是文件（两个都给文件，或两个都给政策编号）",
                    crate::term::path(path)
                );
                Ok(policylens::parse::parse_file(path, &options)?)
            };
            let (old, new) = (read(a)?, read(b)?);
            let extractor = policylens::extract::Extractor::builtin();
            let (eo, en) = (extractor.extract(&old), extractor.extract(&new));
            policylens::diff::diff(
                &policylens::ask::Analysed {
                    policy: &old,
                    extraction: &eo,
                },
                &policylens::ask::Analysed {
                    policy: &new,
                    extraction: &en,
                },
                extractor.lexicon(),
            )
        }
        Some(_) => open(lib)?.diff(first, second.unwrap_or_default())?,
        None => {
            let library = open(lib)?;
            let (old, new) = library.last_two_versions(first)?;
            library.diff(&old, &new)?
        }
    };
    let text = policylens::diff::render(&diff, format);
    emit_text(out, output, text, "版本对比", None)
}

/// What `of_file` makes of the policy file `policy` (parsed and tagged, not imported), or, when
/// it is no file, what `of_library` makes of the library's policy of that id or the newest policy
/// of the app of that name.
fn read_policy_arg<T>(
    lib: &LibraryArg,
    policy: &str,
    of_file: impl FnOnce(&policylens::ask::Analysed, &policylens::lexicon::Lexicon) -> T,
    of_library: impl FnOnce(&policylens::library::Library, &str) -> policylens::error::Result<T>,
) -> Result<T> {
    let path = Path::new(policy);
    if path.is_file() {
        let parsed =
            policylens::parse::parse_file(path, &policylens::parse::ParseOptions::default())?;
        // `add` refuses such a file; read here without importing, it is still read (a cut-off
        // policy is better read than refused), but the reader is told what `add` would say.
        if let policylens::classify::Verdict::NotPolicy(why) =
            policylens::classify::classify(&parsed.text)
        {
            eprintln!(
                "policylens: 注意：{} {why}，下面的结果可能没有意义",
                crate::term::clean(&path.display().to_string())
            );
        }
        let extractor = policylens::extract::Extractor::builtin();
        let extraction = extractor.extract(&parsed);
        let analysed = policylens::ask::Analysed {
            policy: &parsed,
            extraction: &extraction,
        };
        return Ok(of_file(&analysed, extractor.lexicon()));
    }
    let library = open(lib)?;
    let id = match library
        .latest_policies_of_apps(|name| name == policy)?
        .first()
    {
        Some(id) => id.clone(),
        None => policy.to_string(),
    };
    Ok(of_library(&library, &id)?)
}

/// `label`: the privacy label of a policy (an id, an app's newest policy, or a file read without
/// importing it), to standard output or a file.
pub fn label(
    out: &mut impl Write,
    lib: &LibraryArg,
    policy: &str,
    format: &str,
    output: Option<PathBuf>,
) -> Result<ExitCode> {
    let format: policylens::privacy_label::LabelFormat = match format.parse() {
        Ok(f) => f,
        Err(e) => return Ok(usage_error(e)),
    };
    let label = read_policy_arg(
        lib,
        policy,
        policylens::privacy_label::privacy_label,
        |library, id| library.privacy_label(id),
    )?;
    let text = policylens::privacy_label::render(&label, format);
    let summary = format!(
        "收集 {} 类信息，敏感 {} 类",
        label.collected, label.sensitive
    );
    emit_text(out, output, text, "隐私标签", Some(summary))
}

/// `check`: a policy (an id, an app's newest policy, or a file read without importing it)
/// against the compliance rules, to standard output or a file.
pub fn check(
    out: &mut impl Write,
    lib: &LibraryArg,
    policy: Option<&str>,
    app_type: Option<&str>,
    format: &str,
    output: Option<PathBuf>,
) -> Result<ExitCode> {
    let format: policylens::check::CheckFormat = match format.parse() {
        Ok(f) => f,
        Err(e) => return Ok(usage_error(e)),
    };
    let app_type = match app_type.map(policylens::check::app_type_named).transpose() {
        Ok(t) => t,
        Err(e) => return Ok(usage_error(e)),
    };
    let Some(policy) = policy else {
        let reports = open(lib)?.check_all_as(app_type)?;
        let text = policylens::check::render_many(&reports, format);
        let summary = format!("{} 份政策", reports.len());
        return emit_text(out, output, text, "合规检查", Some(summary));
    };
    let report = read_policy_arg(
        lib,
        policy,
        |a, lexicon| policylens::check::check_as(a, lexicon, app_type),
        |library, id| library.check_as(id, app_type),
    )?;
    let text = policylens::check::render(&report, format);
    let summary = format_counts(&report.counts);
    emit_text(out, output, text, "合规检查", Some(summary))
}

fn format_counts(c: &policylens::check::VerdictCounts) -> String {
    format!(
        "符合 {}，可能不符合 {}，未提及 {}，需人工判断 {}",
        c.complies, c.may_not_comply, c.not_mentioned, c.needs_review
    )
}

/// `compare`: the matrix of data types × apps, to standard output or a file.
pub fn compare(
    out: &mut impl Write,
    lib: &LibraryArg,
    apps: &[String],
    category: Option<&str>,
    format: &str,
    output: Option<PathBuf>,
) -> Result<ExitCode> {
    let format: policylens::compare::CompareFormat = match format.parse() {
        Ok(f) => f,
        Err(e) => return Ok(usage_error(e)),
    };
    let comparison = open(lib)?.compare(apps, category)?;
    let text = policylens::compare::render(&comparison, format);
    let summary = format!(
        "{} 个应用，{} 种信息",
        comparison.apps.len(),
        comparison.rows.len()
    );
    emit_text(out, output, text, "应用对比", Some(summary))
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
    emit(
        out,
        output,
        |path| {
            let n = library
                .export_receivers(policy, format, path)
                .with_context(|| format!("无法写出 {policy} 的接收方表"))?;
            Ok(format!(
                "已写入 {}（{n} 个接收方）",
                crate::term::path(path)
            ))
        },
        || Ok(receivers_table(&library.receivers(policy)?, format)),
    )
}

/// An export to the file `output` names (`to_file` writes it and says what it wrote, on
/// standard error), or to standard output (`render`).
/// `text` written to `output` (saying so, with `summary`), else to standard output; `what` names
/// it in an error (`版本对比`).
fn emit_text(
    out: &mut impl Write,
    output: Option<PathBuf>,
    text: String,
    what: &str,
    summary: Option<String>,
) -> Result<ExitCode> {
    emit(
        out,
        output,
        |path| {
            policylens::export::write_file(path, &text)
                .with_context(|| format!("无法写出{what}"))?;
            Ok(match summary {
                Some(s) => format!("已写入 {}（{s}）", crate::term::path(path)),
                None => format!("已写入 {}", crate::term::path(path)),
            })
        },
        || Ok(text.clone()),
    )
}

fn emit(
    out: &mut impl Write,
    output: Option<PathBuf>,
    to_file: impl FnOnce(&Path) -> Result<String>,
    render: impl FnOnce() -> Result<String>,
) -> Result<ExitCode> {
    match output {
        Some(path) => eprintln!("{}", to_file(&path)?),
        None => write!(out, "{}", render()?)?,
    }
    Ok(ExitCode::SUCCESS)
}
