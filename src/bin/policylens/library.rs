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
pub struct LibraryArg {}

/// The `--library` the command line gave, before or after the command (a global option).
static LIBRARY_DIR: std::sync::OnceLock<Option<PathBuf>> = std::sync::OnceLock::new();

/// Remember the command line's `--library` (called once, before any command runs).
pub fn set_library_dir(dir: Option<PathBuf>) {
    let _ = LIBRARY_DIR.set(dir);
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Format {
    Json,
    Text,
}

#[derive(Subcommand)]
pub enum LibraryCommand {
    /// 把政策文件和文件夹导入政策库（解析、抽取、建索引）
    ///
    /// 再次导入未变化的文件不做任何事；库中已有应用的政策有变化时，作为它的新版本导入。
    /// 空文件、二进制文件、无法解码的文件和不是隐私政策的文件会被拒绝并说明原因；
    /// 有文件被拒绝时退出码为 1。
    Add {
        #[command(flatten)]
        lib: LibraryArg,
        /// 文件和文件夹（文件夹会递归读取）
        #[arg(required = true, value_name = "路径")]
        paths: Vec<PathBuf>,
        /// 这些政策所属的应用（默认：依次取 manifest.toml、正文、文件名）
        #[arg(long, value_name = "应用")]
        app: Option<String>,
        /// 输出格式
        #[arg(long, value_enum, default_value = "text", value_name = "格式")]
        format: Format,
        /// 不显示进度条
        #[arg(long)]
        no_progress: bool,
        /// 可接受的最大文件（字节）
        #[arg(long, default_value_t = policylens::ingest::DEFAULT_MAX_BYTES, value_name = "字节数")]
        max_bytes: u64,
        /// 每导入这么多份新政策就提交一次（至少每 10 秒一次）：导入中断时保留已提交的部分
        #[arg(long, default_value_t = policylens::library::COMMIT_EVERY, value_name = "份数")]
        commit_every: usize,
    },
    /// 从政策库删除政策（按编号，或能唯一确定它的开头部分）
    Remove {
        #[command(flatten)]
        lib: LibraryArg,
        /// 政策编号
        #[arg(required = true, value_name = "政策编号")]
        ids: Vec<String>,
    },
    /// 列出政策库中的政策：应用、版本、标题、日期、敏感个人信息
    List {
        #[command(flatten)]
        lib: LibraryArg,
        /// 只列这个应用
        #[arg(long, value_name = "应用")]
        app: Option<String>,
        /// 输出格式
        #[arg(long, value_enum, default_value = "text", value_name = "格式")]
        format: Format,
    },
    /// 用保存的原文重建搜索索引（升级后索引结构或词表有变化时）
    Reindex {
        #[command(flatten)]
        lib: LibraryArg,
        /// 不显示进度条
        #[arg(long)]
        no_progress: bool,
    },
    /// 搜索政策库中的条款（BM25 排序，高亮命中的词）
    ///
    /// 所有词都要出现；"…" 表示短语；OR、NOT（或 -词）和括号用来组合。
    ///
    /// 例：policylens search '"精准位置信息" OR 人脸 -广告' --sensitive
    Search {
        #[command(flatten)]
        lib: LibraryArg,
        /// 搜索内容（多个参数以空格连接）
        #[arg(value_name = "搜索词")]
        query: Vec<String>,
        /// 只搜这个应用（可重复）
        #[arg(long, value_name = "应用")]
        app: Vec<String>,
        /// 只搜涉及这一类数据的条款，如 个人生物识别信息（可重复）
        #[arg(long, value_name = "类别")]
        category: Vec<String>,
        /// 只搜提到敏感个人信息的条款
        #[arg(long)]
        sensitive: bool,
        /// 只搜政策中加粗的条款
        #[arg(long)]
        bold: bool,
        /// 也搜索各政策的旧版本
        #[arg(long)]
        all_versions: bool,
        /// 最多显示几条结果
        #[arg(long, default_value_t = DEFAULT_LIMIT, value_name = "条数")]
        limit: usize,
        /// 输出格式
        #[arg(long, value_enum, default_value = "text", value_name = "格式")]
        format: Format,
        /// 是否输出 ANSI 颜色，默认在输出到终端且未设置 NO_COLOR 时才有颜色
        #[arg(long, value_name = "是否")]
        color: Option<bool>,
    },
}

/// The library a command reads: `--library`, else `$POLICYLENS_LIBRARY`, else the system's.
/// (`LibraryArg` marks the commands that open one.)
pub(crate) fn open(_lib: &LibraryArg) -> Result<Library> {
    Ok(match LIBRARY_DIR.get().and_then(|d| d.as_ref()) {
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
                        "{bar:30.cyan/blue} {pos}/{len} 个文件 {elapsed}（剩余约 {eta}） {wide_msg}",
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
                        "已删除 {}（{} 第 {} 版{}）",
                        p.id,
                        p.app,
                        p.version,
                        p.title.map(|t| format!("，{t}")).unwrap_or_default()
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
                    ProgressStyle::with_template("{bar:30.cyan/blue} {pos}/{len} 份政策 {elapsed}")
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
                "已重建索引：{} 份政策，{} 条条款，用时 {:.1} 秒",
                summary.policies,
                summary.clauses,
                summary.elapsed_ms as f64 / 1000.0
            )?;
            for (id, problem) in &summary.failed {
                writeln!(out, "  未能建索引 {id}：{problem}")?;
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
        eprintln!("policylens: 提示：{why}");
    }
}

fn write_import_summary(out: &mut impl Write, s: &ImportSummary) -> Result<()> {
    const SHOWN: usize = 5;
    for r in &s.repairs {
        writeln!(out, "已修复：{r}")?;
    }
    for n in &s.notes {
        writeln!(out, "提示：{n}")?;
    }
    let new_versions = s
        .files
        .iter()
        .filter(|f| matches!(f.outcome, Outcome::Imported { versions, .. } if versions > 1))
        .count();
    let secs = s.elapsed_ms as f64 / 1000.0;
    writeln!(
        out,
        "{} 个文件：导入 {}{}，未变化跳过 {}，拒绝 {}（{:.1} MB，用时 {:.1} 秒）",
        s.files.len(),
        s.imported(),
        if new_versions > 0 {
            format!("（其中 {new_versions} 个是库中已有政策的另一版本）")
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
                Outcome::Imported {
                    id,
                    app,
                    version,
                    versions,
                } => {
                    let older = if version < versions {
                        format!("；按政策日期它不是最新版，共 {versions} 版")
                    } else {
                        String::new()
                    };
                    format!("已导入 {app} 第 {version} 版（{id}{older}）")
                }
                Outcome::Unchanged { id } => format!("未变化，已在库中（{id}）"),
                Outcome::SameText { id, app, version } => {
                    format!("与库中的 {app} 第 {version} 版（{id}）正文相同，跳过")
                }
                Outcome::Refused { message, .. } => format!("拒绝：{message}"),
            };
            writeln!(out, "  {}：{what}", f.path.display())?;
        }
        return Ok(());
    }
    for (group, files) in s.refused_by_reason() {
        writeln!(out, "拒绝（{group}）：{} 个", files.len())?;
        for f in files.iter().take(SHOWN) {
            let message = match &f.outcome {
                Outcome::Refused { message, .. } => message.as_str(),
                _ => "",
            };
            writeln!(out, "    {}：{message}", f.path.display())?;
        }
        if files.len() > SHOWN {
            writeln!(
                out,
                "    … 另有 {} 个（--format json 会列出每个文件）",
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
            "{} 中的政策库是空的：用 `policylens add 文件或文件夹` 导入政策",
            dir.display()
        )?;
        return Ok(());
    }
    for p in policies {
        let versions = if p.versions > 1 {
            format!(
                " 第 {} 版（共 {} 版{}）",
                p.version,
                p.versions,
                if p.latest { "，最新" } else { "" }
            )
        } else {
            String::new()
        };
        let dates: Vec<String> = [("更新于", &p.updated), ("生效于", &p.effective)]
            .iter()
            .filter_map(|(k, v)| v.as_ref().map(|v| format!("{k} {v}")))
            .collect();
        writeln!(
            out,
            "{}  {}{}  {}",
            &p.id[..p.id.len().min(12)],
            p.app,
            versions,
            p.title.as_deref().unwrap_or("（无标题）")
        )?;
        let mut sensitive = p
            .sensitive_types
            .iter()
            .take(6)
            .cloned()
            .collect::<Vec<_>>()
            .join("、");
        if p.sensitive_types.len() > 6 {
            sensitive.push_str(" 等");
        }
        writeln!(
            out,
            "    {}{}导入于 {} · {} 条条款，{} 条加粗 · {} 项敏感个人信息{}",
            dates.join(" · "),
            if dates.is_empty() { "" } else { " · " },
            &p.imported_at[..p.imported_at.len().min(10)],
            p.clauses,
            p.bold_clauses,
            p.sensitive_types.len(),
            if sensitive.is_empty() {
                String::new()
            } else {
                format!("（{sensitive}）")
            }
        )?;
    }
    let apps: std::collections::BTreeSet<&str> = policies.iter().map(|p| p.app.as_str()).collect();
    writeln!(out, "共 {} 份政策，{} 个应用", policies.len(), apps.len())?;
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
        writeln!(
            out,
            "没有找到与“{}”相关的条款：可以少用几个词、换个说法，或去掉筛选条件",
            term::clean(&r.query)
        )?;
        return Ok(());
    }
    for (n, h) in r.hits.iter().enumerate() {
        let mut head = format!("{}. {}", n + 1, term::clean(&h.app));
        if let Some(t) = &h.title {
            head.push_str(&format!(" · {t}"));
        }
        if h.version > 1 || !h.latest {
            head.push_str(&format!(
                "（第 {} 版{}）",
                h.version,
                if h.latest { "" } else { "，旧版" }
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
            flags.push("加粗".to_string());
        }
        if h.sensitive {
            flags.push("敏感".to_string());
        }
        if !h.categories.is_empty() {
            flags.push(h.categories.join("、"));
        }
        writeln!(
            out,
            "   {dim}{} · 相关度 {:.2}{}{undim}",
            &h.policy_id[..h.policy_id.len().min(12)],
            h.score,
            if flags.is_empty() {
                String::new()
            } else {
                format!(" · {}", flags.join(" · "))
            }
        )?;
    }
    let ms = r.elapsed_us as f64 / 1000.0;
    if r.more {
        writeln!(
            out,
            "显示前 {} 条结果，还有更多（用 --limit N 显示更多），用时 {ms:.2} 毫秒",
            r.hits.len()
        )?;
    } else {
        writeln!(out, "共 {} 条结果，用时 {ms:.2} 毫秒", r.hits.len())?;
    }
    Ok(())
}
