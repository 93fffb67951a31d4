//! The `policylens` command line: thin glue over the library.
mod ask;
mod library;
mod notes;
mod term;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use clap::{Parser, Subcommand, ValueEnum};
use policylens::document::{BlockKind, EmphasisKind, Policy};
use policylens::parse::{parse_file, ParseOptions};

#[derive(Parser)]
#[command(
    name = "policylens",
    version,
    about = "PolicyLens (隐私政策阅读助手): read Chinese app privacy policies offline"
)]
struct Cli {
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
    /// Parse policy files and print the document model.
    Parse {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[arg(long, value_enum, default_value = "json")]
        format: OutputFormat,
        /// Override the app name recognised from the text.
        #[arg(long)]
        app: Option<String>,
        /// Largest file accepted, in bytes.
        #[arg(long, default_value_t = policylens::ingest::DEFAULT_MAX_BYTES)]
        max_bytes: u64,
    },
    /// Show a policy in the terminal with headings and bold clauses marked.
    Show {
        file: PathBuf,
        #[arg(long)]
        app: Option<String>,
        /// Force or suppress ANSI colour (default: when stdout is a terminal).
        #[arg(long)]
        color: Option<bool>,
    },
    /// Extract labelled spans (data, collect, share, handler, condition, subject, purpose).
    Extract {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// `jsonl`: one span per line; `json`: spans and practices per file; `text`: readable.
        #[arg(long, value_enum, default_value = "jsonl")]
        format: ExtractFormat,
        #[arg(long)]
        app: Option<String>,
        /// Your own lexicon file (data types, purposes, cues or SDKs, in the format of
        /// data/lexicon/*.tsv): its entries extend or override the builtin ones.
        #[arg(long, value_name = "FILE")]
        lexicon: Option<PathBuf>,
    },
    /// Train the extraction model on annotated policies (CA4P JSONL format) and write it.
    ///
    /// `policylens train --corpus ../shared/ca4p-dev/policies.jsonl --out data/model/extract.crf`
    Train {
        /// The annotated policies, one JSON object a line.
        #[arg(long, value_name = "FILE")]
        corpus: PathBuf,
        /// Which fold to train on (`train`, `valid`, `all`).
        #[arg(long, default_value = "train")]
        fold: String,
        /// Train on the first N policies of the fold only (a quick check).
        #[arg(long, value_name = "N")]
        limit: Option<usize>,
        /// The optimizer: `ap` (averaged perceptron, the default), `lbfgs`, `l2sgd` (CRF).
        #[arg(long, default_value = "ap")]
        algorithm: policylens::train::Algorithm,
        /// Leave out features seen fewer times than this (perceptron).
        #[arg(long, default_value_t = policylens::train::TrainOptions::default().min_count)]
        min_count: u32,
        /// Keep only the N feature keys with the largest weights (perceptron), and train again
        /// on those.
        #[arg(long, value_name = "N")]
        max_keys: Option<usize>,
        /// The same for the paragraph-topic classifier.
        #[arg(long, value_name = "N")]
        topics_max_keys: Option<usize>,
        /// Passes over the data (L-BFGS: iterations).
        #[arg(long, default_value_t = policylens::train::TrainOptions::default().iterations)]
        iterations: usize,
        #[arg(long, default_value_t = policylens::train::TrainOptions::default().c1)]
        c1: f64,
        #[arg(long, default_value_t = policylens::train::TrainOptions::default().c2)]
        c2: f64,
        /// Where to write the model.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Also train the paragraph-topic classifier and write it here.
        #[arg(long, value_name = "FILE")]
        topics_out: Option<PathBuf>,
        /// Show the trainer's progress.
        #[arg(long)]
        verbose: bool,
    },
    /// Score the extractor on an inline-annotated policy (default: the bundled gold excerpt).
    ///
    /// With `--corpus FILE` it scores a corpus of annotated policies in the CA4P JSONL format
    /// instead (`--fold valid`), by the acceptance measure's rule.
    Eval {
        file: Option<PathBuf>,
        #[arg(long, value_enum, default_value = "text")]
        format: OutputFormat,
        /// Also list false positives and misses (overlap-based), in the annotated paragraphs.
        #[arg(long)]
        errors: bool,
        /// Annotated policies, one JSON object a line (CA4P format).
        #[arg(long, value_name = "FILE", conflicts_with = "file")]
        corpus: Option<PathBuf>,
        /// The corpus fold to score (`train`, `valid`, `all`).
        #[arg(long, default_value = "valid", requires = "corpus")]
        fold: String,
        /// Score the hand-written rules instead of the trained model.
        #[arg(long)]
        rules: bool,
    },
    /// Ask what an app collects for a purpose, or what it does with a data type.
    ///
    /// `policylens ask --app 快手 --purpose 个性化推荐 FILES…` or a plain question:
    /// `policylens ask "花间会把我的位置信息共享给谁"`. Without files, the library is asked.
    Ask {
        /// A question in Chinese and/or policy files or folders to answer from.
        args: Vec<String>,
        #[arg(long)]
        app: Option<String>,
        /// A purpose (canonical, e.g. 个性化推荐, or free text).
        #[arg(long)]
        purpose: Option<String>,
        /// A data type (e.g. 位置信息): lists its purposes and receivers.
        #[arg(long)]
        data: Option<String>,
        /// Only collection or only sharing.
        #[arg(long, value_enum)]
        action: Option<ActionArg>,
        /// List the third parties and SDKs the policy lists (its SDK lists and tables): name,
        /// operator, purpose, data, link.
        #[arg(long)]
        receivers: bool,
        /// Your own lexicon file, extending the builtin one.
        #[arg(long, value_name = "FILE")]
        lexicon: Option<PathBuf>,
        #[command(flatten)]
        library: library::LibraryArg,
        #[arg(long, value_enum, default_value = "text")]
        format: OutputFormat,
    },
    /// Notes on policy clauses: add, list, edit, delete, export (md, csv, json).
    #[command(subcommand)]
    Notes(notes::NotesCommand),
    /// A one-policy highlight report (Markdown or HTML) with the collected-data summary.
    Report {
        #[command(flatten)]
        lib: library::LibraryArg,
        /// Policy id (or a unique beginning of one).
        policy: String,
        /// md or html.
        #[arg(long, default_value = "md")]
        format: String,
        /// Write here instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// A policy's 「共享与SDK」 table (CSV or Markdown): every receiver with what it gets, why,
    /// and the clause that says so.
    Receivers {
        #[command(flatten)]
        lib: library::LibraryArg,
        /// Policy id (or a unique beginning of one).
        policy: String,
        /// csv or md.
        #[arg(long, default_value = "csv")]
        format: String,
        /// Write here instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Library commands (add, remove, list, reindex, search).
    #[command(flatten)]
    Library(library::LibraryCommand),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
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
/// (the library's errors name their cause) is not repeated.
fn error_message(e: &anyhow::Error) -> String {
    let mut message = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if !message.contains(&text) {
            if !message.is_empty() {
                message.push_str(": ");
            }
            message.push_str(&text);
        }
    }
    message
}

/// `policylens show … | head` closes the pipe early: that is not an error.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
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
                        eprintln!("policylens: refused {}", term::clean(&e.to_string()));
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
                        eprintln!("policylens: refused {}", term::clean(&e.to_string()));
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
                            "{name}: {} spans, {} practices",
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
                                p.action.as_str(),
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
            verbose,
        } => {
            let mut policies = policylens::corpus::read(&corpus, &fold)?;
            if let Some(n) = limit {
                policies.truncate(n);
            }
            anyhow::ensure!(
                !policies.is_empty(),
                "{}: no policies in fold {fold:?}",
                corpus.display()
            );
            let options = policylens::train::TrainOptions {
                algorithm,
                min_count,
                iterations,
                c1,
                c2,
                max_keys,
                verbose,
            };
            if let Some(path) = &topics_out {
                let examples = policylens::train::topic_examples(&policies)?;
                let model = policylens::topics::train(&examples, 10, topics_max_keys);
                std::fs::write(path, &model)
                    .with_context(|| format!("writing {}", path.display()))?;
                writeln!(
                    out,
                    "topics: trained on {} blocks, wrote {}",
                    examples.len(),
                    path.display()
                )?;
            }
            let trained = policylens::train::train(&policies, &options)?;
            std::fs::write(&model_path, &trained.model)
                .with_context(|| format!("writing {}", model_path.display()))?;
            policylens::train::summary(&trained, &options, &mut out);
            writeln!(out, "wrote {}", model_path.display())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Eval {
            corpus: Some(corpus),
            fold,
            format,
            errors,
            rules,
            ..
        } => {
            let policies = policylens::corpus::read(&corpus, &fold)?;
            let (report, mistakes) = policylens::eval::score_corpus(
                &policies,
                policylens::extract::Extractor::builtin(),
                rules,
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
                                m.kind,
                                m.label,
                                m.policy,
                                term::clean(&m.span),
                                term::clean(&m.context)
                            )?;
                        }
                    }
                    writeln!(out, "{} policies ({fold})", policies.len())?;
                    write!(out, "{report}")?;
                    let examples = policylens::train::topic_examples(&policies)?;
                    let (right, precision, recall) = policylens::topics::score(
                        policylens::topics::TopicModel::builtin(),
                        &examples,
                    );
                    writeln!(
                        out,
                        "topics: {:.3} of {} blocks right; practice paragraphs P {precision:.3} R {recall:.3}",
                        right,
                        examples.len()
                    )?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Eval {
            file,
            format,
            errors,
            rules: _,
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
                    writeln!(out, "false positive\t{label}\t{text}")?;
                }
                for (label, text) in misses {
                    writeln!(out, "miss\t{label}\t{text}")?;
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
        Command::Show { file, app, color } => {
            let policy = parse_file(
                &file,
                &parse_options(app, policylens::ingest::DEFAULT_MAX_BYTES),
            );
            match policy {
                Ok(p) => {
                    let ansi = color.unwrap_or_else(|| std::io::stdout().is_terminal());
                    write_policy(&mut out, &p, ansi)?;
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => {
                    eprintln!("policylens: refused {}", term::clean(&e.to_string()));
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
    writeln!(out, "  app:       {}", shown(&p.app))?;
    writeln!(out, "  operator:  {}", shown(&p.operator))?;
    writeln!(out, "  title:     {}", shown(&p.title))?;
    writeln!(
        out,
        "  updated:   {}",
        p.updated.clone().unwrap_or_else(none)
    )?;
    writeln!(
        out,
        "  effective: {}",
        p.effective.clone().unwrap_or_else(none)
    )?;
    writeln!(
        out,
        "  format:    {} ({}), {} chars, {} blocks ({} headings, {} tables), {} sentences, {} emphasis ranges, {} soft breaks",
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
