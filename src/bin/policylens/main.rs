//! The `policylens` command line: thin glue over the library.
mod ask;
mod cli_zh;
mod library;
mod notes;
mod term;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

// jemalloc instead of the system's allocator: an import spent ~14 % of its CPU in glibc's
// malloc and free (many threads making and dropping small strings and vectors), and jemalloc's
// per-thread caches take most of that off without the memory mimalloc cost (README, "The
// command line, cold"). The library's `malloc_trim` / `mallopt` calls then only touch glibc's
// own, nearly unused heap; the desktop app keeps the system allocator they are written for.
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

use anyhow::{Context as _, Result};
use clap::{Parser, Subcommand, ValueEnum};
use policylens::document::{BlockKind, EmphasisKind, Policy};
use policylens::parse::{parse_file, ParseOptions};

#[derive(Parser)]
#[command(
    name = "policylens",
    version,
    about = "PolicyLens 隐私政策阅读助手：离线阅读中文 App 的隐私政策"
)]
struct Cli {
    /// 政策库所在的文件夹（默认：$POLICYLENS_LIBRARY，否则为系统的数据文件夹）；写在命令前后都可以
    #[arg(long, global = true, value_name = "目录")]
    library: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum OutputFormat {
    Json,
    Text,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum ExtractFormat {
    Jsonl,
    Json,
    Text,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum ActionArg {
    Collect,
    Share,
}

#[derive(Subcommand)]
enum Command {
    /// 解析政策文件，输出文档模型
    Parse {
        /// 政策文件
        #[arg(required = true, value_name = "文件")]
        files: Vec<PathBuf>,
        /// 输出格式
        #[arg(long, value_enum, default_value = "json", value_name = "格式")]
        format: OutputFormat,
        /// 指定应用名（代替从正文识别出的应用名）
        #[arg(long, value_name = "应用")]
        app: Option<String>,
        /// 可接受的最大文件（字节）
        #[arg(long, default_value_t = policylens::ingest::DEFAULT_MAX_BYTES, value_name = "字节数")]
        max_bytes: u64,
    },
    /// 在终端显示一份政策，标出标题和加粗条款
    Show {
        /// 政策文件
        #[arg(value_name = "文件")]
        file: PathBuf,
        /// 指定应用名（代替从正文识别出的应用名）
        #[arg(long, value_name = "应用")]
        app: Option<String>,
        /// 是否输出 ANSI 颜色，默认在输出到终端时才有颜色
        #[arg(long, value_name = "是否")]
        color: Option<bool>,
        /// 输出格式：text 为终端阅读；json 为桌面阅读器显示的内容（正文、段落、高亮、收集摘要，偏移为 UTF-16）
        #[arg(long, value_enum, default_value = "text", value_name = "格式")]
        format: OutputFormat,
    },
    /// 抽取标注片段（数据、收集、共享、处理者、条件、主体、目的）
    Extract {
        /// 政策文件
        #[arg(required = true, value_name = "文件")]
        files: Vec<PathBuf>,
        /// 输出格式：jsonl 每行一个片段；json 每个文件的片段和处理行为；text 便于阅读
        #[arg(long, value_enum, default_value = "jsonl", value_name = "格式")]
        format: ExtractFormat,
        /// 指定应用名（代替从正文识别出的应用名）
        #[arg(long, value_name = "应用")]
        app: Option<String>,
        /// 自定义词表文件（数据类型、目的、提示词或 SDK，格式同 data/lexicon/*.tsv）：
        /// 其中的条目补充或覆盖内置词表
        #[arg(long, value_name = "文件")]
        lexicon: Option<PathBuf>,
    },
    /// 用标注好的政策（CA4P JSONL 格式）训练抽取模型并保存
    ///
    /// 例：`policylens train --corpus ../shared/ca4p-dev/policies.jsonl --out data/model/extract.crf`
    Train {
        /// 标注好的政策，每行一个 JSON 对象
        #[arg(long, value_name = "文件")]
        corpus: PathBuf,
        /// 用哪一折训练（train、valid、all）
        #[arg(long, default_value = "train", value_name = "折")]
        fold: String,
        /// 只用这一折的前 N 份政策训练（快速试跑）
        #[arg(long, value_name = "N")]
        limit: Option<usize>,
        /// 优化算法：ap（平均感知机，默认）、lbfgs、l2sgd（CRF）
        #[arg(long, default_value = "ap", value_name = "算法")]
        algorithm: policylens::train::Algorithm,
        /// 出现次数少于此值的特征不用（感知机）
        #[arg(long, default_value_t = policylens::train::TrainOptions::default().min_count, value_name = "次数")]
        min_count: u32,
        /// 只保留权重最大的 N 个特征键（感知机），并用它们重新训练
        #[arg(long, value_name = "N")]
        max_keys: Option<usize>,
        /// 段落主题分类器的同一设置
        #[arg(long, value_name = "N")]
        topics_max_keys: Option<usize>,
        /// 遍历数据的轮数（L-BFGS：迭代次数）
        #[arg(long, default_value_t = policylens::train::TrainOptions::default().iterations, value_name = "轮数")]
        iterations: usize,
        /// L1 正则系数（CRF）
        #[arg(long, default_value_t = policylens::train::TrainOptions::default().c1, value_name = "系数")]
        c1: f64,
        /// L2 正则系数（CRF）
        #[arg(long, default_value_t = policylens::train::TrainOptions::default().c2, value_name = "系数")]
        c2: f64,
        /// 模型保存到这里
        #[arg(long, value_name = "文件")]
        out: PathBuf,
        /// 同时训练段落主题分类器，保存到这里
        #[arg(long, value_name = "文件")]
        topics_out: Option<PathBuf>,
        /// 同时训练第二遍标注器（读第一遍的标注），保存到这里
        #[arg(long, value_name = "文件")]
        stack_out: Option<PathBuf>,
        /// 第二遍的训练数据由几折交叉标注得到
        #[arg(long, default_value_t = 4, value_name = "折数")]
        stack_folds: usize,
        /// 显示训练进度
        #[arg(long)]
        verbose: bool,
    },
    /// 在行内标注的政策上给抽取器打分（默认：内置的标准摘录）
    ///
    /// 加 `--corpus 文件` 时改为给 CA4P JSONL 格式的标注语料打分（`--fold valid`），按验收指标的规则计分。
    Eval {
        /// 行内标注的政策文件
        #[arg(value_name = "文件")]
        file: Option<PathBuf>,
        /// 输出格式
        #[arg(long, value_enum, default_value = "text", value_name = "格式")]
        format: OutputFormat,
        /// 同时列出误报和漏报（按重叠判断，只看标注过的段落）
        #[arg(long)]
        errors: bool,
        /// 标注好的政策，每行一个 JSON 对象（CA4P 格式）
        #[arg(long, value_name = "文件", conflicts_with = "file")]
        corpus: Option<PathBuf>,
        /// 给语料的哪一折打分（train、valid、all）
        #[arg(long, default_value = "valid", requires = "corpus", value_name = "折")]
        fold: String,
    },
    /// 问某个应用为某个目的收集什么，或它拿某类数据做什么
    ///
    /// 例：`policylens ask --app 快手 --purpose 个性化推荐 文件…`，或直接提问：
    /// `policylens ask "花间会把我的位置信息共享给谁"`。不给文件时，从政策库中回答。
    Ask {
        /// 中文问题，以及（或）用来回答的政策文件或文件夹
        #[arg(value_name = "问题或文件")]
        args: Vec<String>,
        /// 应用名
        #[arg(long, value_name = "应用")]
        app: Option<String>,
        /// 目的（标准名如 个性化推荐，或任意描述）
        #[arg(long, value_name = "目的")]
        purpose: Option<String>,
        /// 数据类型（如 位置信息）：列出它的用途和接收方
        #[arg(long, value_name = "数据类型")]
        data: Option<String>,
        /// 只看收集（collect）或只看共享（share）
        #[arg(long, value_enum, value_name = "行为")]
        action: Option<ActionArg>,
        /// 列出政策所列的第三方和 SDK（SDK 清单和表格）：名称、运营方、目的、数据、链接
        #[arg(long)]
        receivers: bool,
        /// 自定义词表文件，补充内置词表
        #[arg(long, value_name = "文件")]
        lexicon: Option<PathBuf>,
        #[command(flatten)]
        library: library::LibraryArg,
        /// 输出格式
        #[arg(long, value_enum, default_value = "text", value_name = "格式")]
        format: OutputFormat,
    },
    /// 条款笔记：添加、列出、修改、删除、导出（md、csv、json）
    #[command(subcommand)]
    Notes(notes::NotesCommand),
    /// 一份政策的重点报告（Markdown 或 HTML），附收集数据汇总
    Report {
        #[command(flatten)]
        lib: library::LibraryArg,
        /// 政策编号（或能唯一确定它的开头部分）
        #[arg(value_name = "政策编号")]
        policy: String,
        /// 格式：md 或 html
        #[arg(long, default_value = "md", value_name = "格式")]
        format: String,
        /// 写入此文件，而不是标准输出
        #[arg(long, short, value_name = "文件")]
        output: Option<PathBuf>,
    },
    /// 隐私标签：像应用商店的隐私标签一样，一张卡片说明收集什么、做什么用、提供给谁、哪些敏感或可选、保存多久、能否删除
    ///
    /// 每一项都出自政策原文（md、json 附条款）；政策没有说的写「未说明」。svg 是可以分享的图片。
    Label {
        #[command(flatten)]
        lib: library::LibraryArg,
        /// 政策编号、应用名（取最新的政策）或政策文件（只读取，不导入）
        #[arg(value_name = "政策")]
        policy: String,
        /// 格式：text、md、json 或 svg
        #[arg(long, default_value = "text", value_name = "格式")]
        format: String,
        /// 写入此文件，而不是标准输出
        #[arg(long, short, value_name = "文件")]
        output: Option<PathBuf>,
    },
    /// 合规检查：对照《App违法违规收集使用个人信息行为认定方法》、GB/T 35273-2020、个人信息保护法等逐条检查一份政策
    ///
    /// 每条结论（符合、可能不符合、未提及、需人工判断）附上原文条款，或查找过的章节。
    Check {
        #[command(flatten)]
        lib: library::LibraryArg,
        /// 政策编号、应用名（取最新的政策）或政策文件（只读取，不导入）；不给则检查库中每个应用的最新政策，按规则汇总
        #[arg(value_name = "政策")]
        policy: Option<String>,
        /// 应用类型，《常见类型移动互联网应用程序必要个人信息范围规定》的 39 类之一（如 网络直播类）；不给则由应用名和标题推测（检查整个库时用于每个应用）
        #[arg(long, value_name = "类型")]
        app_type: Option<String>,
        /// 格式：text、json、md 或 html
        #[arg(long, default_value = "text", value_name = "格式")]
        format: String,
        /// 写入此文件，而不是标准输出
        #[arg(long, short, value_name = "文件")]
        output: Option<PathBuf>,
    },
    /// 应用对比：各应用收集、共享、声明不收集哪些信息（信息类型 × 应用的矩阵）
    ///
    /// 给出应用名（每个取最新的政策）；不给则对比库中所有应用。
    Compare {
        #[command(flatten)]
        lib: library::LibraryArg,
        /// 要对比的应用
        #[arg(value_name = "应用")]
        apps: Vec<String>,
        /// 只看这一类信息（如 个人位置信息）
        #[arg(long, value_name = "类别")]
        category: Option<String>,
        /// 格式：text、json、csv、md 或 html
        #[arg(long, default_value = "text", value_name = "格式")]
        format: String,
        /// 写入此文件，而不是标准输出
        #[arg(long, short, value_name = "文件")]
        output: Option<PathBuf>,
    },
    /// 版本对比：两个版本之间新增、删除、改写、移动了哪些条款，新收集了哪些信息、新增了哪些接收方
    ///
    /// 给两个政策编号（旧版在前），或一个应用名（对比它最新的两个版本），或两个文件（只读取，不导入）。
    Diff {
        #[command(flatten)]
        lib: library::LibraryArg,
        /// 旧版的政策编号、文件，或应用名（只给这一项时）
        #[arg(value_name = "旧版")]
        old: String,
        /// 新版的政策编号或文件
        #[arg(value_name = "新版")]
        new: Option<String>,
        /// 格式：text、json、md 或 html
        #[arg(long, default_value = "text", value_name = "格式")]
        format: String,
        /// 写入此文件，而不是标准输出
        #[arg(long, short, value_name = "文件")]
        output: Option<PathBuf>,
    },
    /// 一份政策的「共享与SDK」表（CSV 或 Markdown）：每个接收方得到什么、为什么，以及出自哪一条款
    Receivers {
        #[command(flatten)]
        lib: library::LibraryArg,
        /// 政策编号（或能唯一确定它的开头部分）
        #[arg(value_name = "政策编号")]
        policy: String,
        /// 格式：csv 或 md
        #[arg(long, default_value = "csv", value_name = "格式")]
        format: String,
        /// 写入此文件，而不是标准输出
        #[arg(long, short, value_name = "文件")]
        output: Option<PathBuf>,
    },
    /// 政策库命令（add、remove、list、reindex、search）
    #[command(flatten)]
    Library(library::LibraryCommand),
}

fn main() -> ExitCode {
    let cli = cli_zh::parse::<Cli>();
    library::set_library_dir(cli.library.clone());
    match run(cli) {
        Ok(code) => code,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("policylens: {}", term::clean(&error_message(&e)));
            ExitCode::from(1)
        }
    }
}

/// The error and its causes, each said once: a cause whose text the message already shows
/// (the library's errors name their cause) is not repeated. An I/O error is said in Chinese, as
/// the library's own errors say it.
fn error_message(e: &anyhow::Error) -> String {
    let mut message = String::new();
    for cause in e.chain() {
        let text = match cause.downcast_ref::<std::io::Error>() {
            Some(io) => policylens::error::io_message(io),
            None => cause.to_string(),
        };
        if !message.contains(&text) {
            if !message.is_empty() {
                message.push('：');
            }
            message.push_str(&text);
        }
    }
    // A question that left something out: how to say it here.
    if let Some(hint) = e.chain().find_map(ask::command_line_hint) {
        message.push_str(&format!("（{hint}）"));
    }
    message
}

/// `policylens show … | head` closes the pipe early: that is not an error.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            // (JSON written straight to stdout fails as serde_json's error, not as I/O.)
            || c.downcast_ref::<serde_json::Error>()
                .is_some_and(|j| j.io_error_kind() == Some(std::io::ErrorKind::BrokenPipe))
    })
}

fn parse_options(app: Option<String>, max_bytes: u64) -> ParseOptions {
    let mut options = ParseOptions {
        app,
        use_manifest: true,
        ..Default::default()
    };
    options.ingest.max_bytes = max_bytes;
    options
}

fn run(cli: Cli) -> Result<ExitCode> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match cli.command {
        Command::Parse {
            files,
            format,
            app,
            max_bytes,
        } => {
            let options = parse_options(app, max_bytes);
            let mut refused = 0;
            let mut policies = Vec::new();
            for file in &files {
                match parse_file(file, &options) {
                    Ok(p) => policies.push(p),
                    Err(e) => {
                        refused += 1;
                        eprintln!("policylens: 已拒绝 {}", term::clean(&e.to_string()));
                    }
                }
            }
            match format {
                OutputFormat::Json => {
                    if files.len() == 1 {
                        if let Some(p) = policies.first() {
                            serde_json::to_writer_pretty(&mut out, p)?;
                        }
                    } else {
                        serde_json::to_writer_pretty(&mut out, &policies)?;
                    }
                    writeln!(out)?;
                }
                OutputFormat::Text => {
                    for p in &policies {
                        write_summary(&mut out, p)?;
                    }
                }
            }
            Ok(exit_for(refused))
        }
        Command::Library(command) => library::run(command),
        Command::Notes(command) => notes::run(&mut out, command),
        Command::Report {
            lib,
            policy,
            format,
            output,
        } => notes::report(&mut out, &lib, &policy, &format, output),
        Command::Label {
            lib,
            policy,
            format,
            output,
        } => notes::label(&mut out, &lib, &policy, &format, output),
        Command::Check {
            lib,
            policy,
            app_type,
            format,
            output,
        } => notes::check(
            &mut out,
            &lib,
            policy.as_deref(),
            app_type.as_deref(),
            &format,
            output,
        ),
        Command::Compare {
            lib,
            apps,
            category,
            format,
            output,
        } => notes::compare(&mut out, &lib, &apps, category.as_deref(), &format, output),
        Command::Diff {
            lib,
            old,
            new,
            format,
            output,
        } => notes::diff(&mut out, &lib, &old, new.as_deref(), &format, output),
        Command::Receivers {
            lib,
            policy,
            format,
            output,
        } => notes::receivers(&mut out, &lib, &policy, &format, output),
        Command::Ask {
            args,
            app,
            purpose,
            data,
            action,
            receivers,
            lexicon,
            library,
            format,
        } => ask::run(
            &mut out,
            ask::AskArgs {
                args,
                app,
                purpose,
                data,
                action: action.map(|a| match a {
                    ActionArg::Collect => policylens::ask::ActionFilter::Collect,
                    ActionArg::Share => policylens::ask::ActionFilter::Share,
                }),
                receivers,
                json: format == OutputFormat::Json,
                extractor: extractor_with(lexicon.as_deref())?,
                library,
            },
        ),
        Command::Extract {
            files,
            format,
            app,
            lexicon,
        } => {
            let options = parse_options(app, policylens::ingest::DEFAULT_MAX_BYTES);
            let extractor = extractor_with(lexicon.as_deref())?;
            let mut refused = 0;
            for file in &files {
                let policy = match parse_file(file, &options) {
                    Ok(p) => p,
                    Err(e) => {
                        refused += 1;
                        eprintln!("policylens: 已拒绝 {}", term::clean(&e.to_string()));
                        continue;
                    }
                };
                let extraction = extractor.extract(&policy);
                let name = file.display().to_string();
                match format {
                    ExtractFormat::Jsonl => {
                        for s in &extraction.spans {
                            let line = serde_json::json!({
                                "file": name,
                                "label": s.label.as_str(),
                                "start": s.span.start,
                                "end": s.span.end,
                                "text": policy.slice(s.span),
                            });
                            writeln!(out, "{line}")?;
                        }
                    }
                    ExtractFormat::Json => {
                        let value = serde_json::json!({
                            "file": name,
                            "app": policy.app,
                            "spans": extraction.spans.iter().map(|s| serde_json::json!({
                                "label": s.label.as_str(),
                                "start": s.span.start,
                                "end": s.span.end,
                                "text": policy.slice(s.span),
                                "data_type": s.data_type,
                                "data_types": s.data_types,
                                "purposes": s.purposes,
                                "by": s.by,
                            })).collect::<Vec<_>>(),
                            "practices": extraction.practices,
                            // Every data-type mention, practice or not (what the reader highlights).
                            "mentions": extraction.mentions.iter().map(|s| serde_json::json!({
                                "start": s.span.start,
                                "end": s.span.end,
                                "text": policy.slice(s.span),
                                "data_type": s.data_type,
                                "by": s.by,
                            })).collect::<Vec<_>>(),
                        });
                        writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
                    }
                    ExtractFormat::Text => {
                        let out = &mut term::Clean(&mut out);
                        writeln!(
                            out,
                            "{name}：{} 个片段，{} 条处理行为",
                            extraction.spans.len(),
                            extraction.practices.len()
                        )?;
                        for p in &extraction.practices {
                            let text = |i: Option<usize>| {
                                i.map(|i| policy.visible_text(extraction.spans[i].span))
                                    .unwrap_or_else(|| "-".into())
                            };
                            let data: Vec<String> = p
                                .data
                                .iter()
                                .map(|&i| policy.visible_text(extraction.spans[i].span))
                                .collect();
                            writeln!(
                                out,
                                "  [{}] {} {}{} ⟨{}⟩ 为:{} 当:{}",
                                policy.blocks[policy.sentences[p.sentence].block].section_path(),
                                text(p.handler),
                                match p.action {
                                    policylens::extract::Label::Share => "共享",
                                    _ => "收集",
                                },
                                match p.modality {
                                    policylens::extract::Modality::Affirmed => "",
                                    policylens::extract::Modality::Negated => "(不)",
                                    policylens::extract::Modality::Conditional => "(条件)",
                                },
                                data.join("、"),
                                text(p.purpose),
                                text(p.condition)
                            )?;
                        }
                    }
                }
            }
            Ok(exit_for(refused))
        }
        Command::Train {
            corpus,
            fold,
            limit,
            algorithm,
            min_count,
            max_keys,
            topics_max_keys,
            iterations,
            c1,
            c2,
            out: model_path,
            topics_out,
            stack_out,
            stack_folds,
            verbose,
        } => {
            let mut policies = policylens::corpus::read(&corpus, &fold)?;
            if let Some(n) = limit {
                policies.truncate(n);
            }
            anyhow::ensure!(
                !policies.is_empty(),
                "{}：“{fold}”这一折中没有政策",
                corpus.display()
            );
            let options = policylens::train::TrainOptions {
                algorithm,
                min_count,
                iterations,
                c1,
                c2,
                max_keys,
                stack_folds: if stack_out.is_some() { stack_folds } else { 0 },
                verbose,
            };
            if let Some(path) = &topics_out {
                let examples = policylens::train::topic_examples(&policies)?;
                let model = policylens::topics::train(&examples, 10, topics_max_keys);
                std::fs::write(path, &model)
                    .with_context(|| format!("无法写入 {}", path.display()))?;
                writeln!(
                    out,
                    "段落主题分类器：用 {} 个段落训练，已写入 {}",
                    examples.len(),
                    path.display()
                )?;
            }
            let trained = policylens::train::train(&policies, &options)?;
            std::fs::write(&model_path, &trained.model)
                .with_context(|| format!("无法写入 {}", model_path.display()))?;
            policylens::train::summary(&trained, &options, &mut out);
            writeln!(out, "已写入 {}", model_path.display())?;
            if let (Some(path), Some(model)) = (&stack_out, &trained.stacked) {
                std::fs::write(path, model)
                    .with_context(|| format!("无法写入 {}", path.display()))?;
                writeln!(out, "第二遍标注器已写入 {}", path.display())?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Eval {
            corpus: Some(corpus),
            fold,
            format,
            errors,
            ..
        } => {
            let policies = policylens::corpus::read(&corpus, &fold)?;
            let (report, mistakes) = policylens::eval::score_corpus(
                &policies,
                policylens::extract::Extractor::builtin(),
            )?;
            match format {
                OutputFormat::Json => writeln!(
                    out,
                    "{}",
                    serde_json::to_string_pretty(&serde_json::json!({
                        "policies": policies.len(),
                        "fold": fold,
                        "scores": report,
                        "errors": if errors { mistakes } else { vec![] },
                    }))?
                )?,
                OutputFormat::Text => {
                    if errors {
                        for m in &mistakes {
                            writeln!(
                                out,
                                "{}\t{}\t{}\t{}\t{}",
                                // The JSON's kinds ("missed", "wrong") said in Chinese.
                                if m.kind == "missed" {
                                    "漏报"
                                } else {
                                    "误报"
                                },
                                m.label,
                                m.policy,
                                term::clean(&m.span),
                                term::clean(&m.context)
                            )?;
                        }
                    }
                    writeln!(out, "{} 份政策（{fold}）", policies.len())?;
                    write!(out, "{report}")?;
                    let examples = policylens::train::topic_examples(&policies)?;
                    let (right, precision, recall) = policylens::topics::score(
                        policylens::topics::TopicModel::builtin(),
                        &examples,
                    );
                    writeln!(
                        out,
                        "段落主题：{} 个段落中对了 {:.3}；处理行为段落 P {precision:.3} R {recall:.3}",
                        examples.len(),
                        right
                    )?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Eval {
            file,
            format,
            errors,
            ..
        } => {
            let file = file.unwrap_or_else(|| {
                PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                    .join("tests/fixtures/kuaishou-annotated.txt")
            });
            let evaluation = policylens::eval::evaluate_annotated_file(&file)?;
            if errors {
                let (gold, predicted) = policylens::eval::predict_annotated_file(&file)?;
                let regions = policylens::eval::annotated_regions(&gold);
                let predicted = policylens::eval::restrict(&predicted, &regions);
                let (fps, misses) = policylens::eval::errors(&gold, &predicted);
                for (label, text) in fps {
                    writeln!(out, "误报\t{label}\t{text}")?;
                }
                for (label, text) in misses {
                    writeln!(out, "漏报\t{label}\t{text}")?;
                }
            }
            match format {
                OutputFormat::Json => {
                    writeln!(out, "{}", serde_json::to_string_pretty(&evaluation)?)?
                }
                OutputFormat::Text => write!(out, "{evaluation}")?,
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Show {
            file,
            app,
            color,
            format,
        } => {
            let policy = parse_file(
                &file,
                &parse_options(app, policylens::ingest::DEFAULT_MAX_BYTES),
            );
            match policy {
                Ok(p) if format == OutputFormat::Json => {
                    let extractor = policylens::extract::Extractor::builtin();
                    let extraction = extractor.extract_practices(&p);
                    let view = policylens::view::policy_view(&p, &extraction, extractor.lexicon());
                    serde_json::to_writer(&mut out, &view)?;
                    writeln!(out)?;
                    Ok(ExitCode::SUCCESS)
                }
                Ok(p) => {
                    let ansi = color.unwrap_or_else(|| std::io::stdout().is_terminal());
                    write_policy(&mut out, &p, ansi)?;
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => {
                    eprintln!("policylens: 已拒绝 {}", term::clean(&e.to_string()));
                    Ok(ExitCode::from(1))
                }
            }
        }
    }
}

/// The builtin extractor, or one over the builtin lexicon extended by a user file.
fn extractor_with(
    lexicon: Option<&std::path::Path>,
) -> Result<std::borrow::Cow<'static, policylens::extract::Extractor>> {
    use std::borrow::Cow;
    Ok(match lexicon {
        None => Cow::Borrowed(policylens::extract::Extractor::builtin()),
        Some(path) => Cow::Owned(policylens::extract::Extractor::new(
            policylens::lexicon::Lexicon::load_with_user_file(path)?,
        )),
    })
}

fn exit_for(refused: usize) -> ExitCode {
    if refused == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn write_summary(out: &mut impl Write, p: &Policy) -> Result<()> {
    let none = || "-".to_string();
    let shown = |v: &Option<String>| term::clean(v.as_deref().unwrap_or("-")).into_owned();
    writeln!(out, "{}", term::clean(&p.source.path))?;
    writeln!(out, "  应用：  {}", shown(&p.app))?;
    writeln!(out, "  运营者：{}", shown(&p.operator))?;
    writeln!(out, "  标题：  {}", shown(&p.title))?;
    writeln!(out, "  更新于：{}", p.updated.clone().unwrap_or_else(none))?;
    writeln!(
        out,
        "  生效于：{}",
        p.effective.clone().unwrap_or_else(none)
    )?;
    writeln!(
        out,
        "  格式：  {}（{}），{} 个字符，{} 个段落（{} 个标题，{} 个表格），{} 个句子，{} 处强调，{} 处软换行",
        p.source.format.as_str(),
        p.source.encoding,
        p.char_len(),
        p.blocks.len(),
        p.blocks.iter().filter(|b| b.is_heading()).count(),
        p.tables_count(),
        p.sentences.len(),
        p.emphasis.len(),
        p.soft_breaks.len()
    )?;
    Ok(())
}

/// Print the policy as a reader sees it: headings on their own lines, bold clauses marked.
fn write_policy(out: &mut impl Write, p: &Policy, ansi: bool) -> Result<()> {
    let (bold_on, bold_off) = if ansi {
        ("\x1b[1;33m", "\x1b[0m")
    } else {
        ("【", "】")
    };
    let mut emphasis: Vec<_> = p
        .emphasis
        .iter()
        .filter(|e| e.kind == EmphasisKind::Bold)
        .map(|e| e.span)
        .collect();
    emphasis.sort();
    // The table row being printed (table, row): a row's cells go on one line.
    let mut row_open: Option<(u32, u32)> = None;
    for block in &p.blocks {
        let cell_row = match block.kind {
            BlockKind::TableCell { table, row, .. } => Some((table, row)),
            _ => None,
        };
        let same_row = cell_row.is_some() && cell_row == row_open;
        if row_open.is_some() && !same_row {
            writeln!(out, " |")?;
        }
        row_open = cell_row;
        match block.kind {
            BlockKind::Heading { level } => {
                let text = term::clean(&p.visible_text(block.span)).into_owned();
                if ansi {
                    writeln!(
                        out,
                        "\n\x1b[1;36m{} {}\x1b[0m",
                        "#".repeat(level as usize),
                        text
                    )?;
                } else {
                    writeln!(out, "\n{} {}", "#".repeat(level as usize), text)?;
                }
            }
            kind => {
                let prefix = match kind {
                    BlockKind::ListItem => "  • ",
                    BlockKind::TableCell { .. } if same_row => " | ",
                    BlockKind::TableCell { .. } => "  | ",
                    _ => "",
                };
                let mut line = String::from(prefix);
                let mut inside = false;
                // Emphasis is sorted and chars come in order: one pass over both.
                let mut next = emphasis.partition_point(|s| s.end <= block.span.start);
                for (at, c) in p.visible_chars(block.span) {
                    while next < emphasis.len() && emphasis[next].end <= at {
                        next += 1;
                    }
                    let now = emphasis.get(next).is_some_and(|s| s.start <= at);
                    if now != inside {
                        line.push_str(if now { bold_on } else { bold_off });
                        inside = now;
                    }
                    // A cell's lines share its row's line.
                    line.push(match c {
                        '\n' if cell_row.is_some() => ' ',
                        c => term::clean_char(c),
                    });
                }
                if inside {
                    line.push_str(bold_off);
                }
                if cell_row.is_some() {
                    write!(out, "{line}")?;
                } else {
                    writeln!(out, "{line}")?;
                }
            }
        }
    }
    if row_open.is_some() {
        writeln!(out, " |")?;
    }
    Ok(())
}
