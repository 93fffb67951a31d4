//! `policylens ask`: parse the question, load the policies, print the answer with evidence.
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;
use policylens::ask::{
    ask, parse_question, ActionFilter, Analysed, Answer, Evidence, Question, ReceiversAnswer,
    SharingStance, Verdict,
};
use policylens::document::Policy;
use policylens::extract::Extractor;
use policylens::parse::{parse_file, ParseOptions};

pub struct AskArgs {
    pub args: Vec<String>,
    pub app: Option<String>,
    pub purpose: Option<String>,
    pub data: Option<String>,
    pub action: Option<ActionFilter>,
    /// List the receivers the policy lists as records instead of answering a question.
    pub receivers: bool,
    pub json: bool,
    pub extractor: std::borrow::Cow<'static, Extractor>,
    pub library: crate::library::LibraryArg,
}

pub fn run(out: &mut impl Write, a: AskArgs) -> Result<ExitCode> {
    let (paths, words): (Vec<&String>, Vec<&String>) =
        a.args.iter().partition(|s| Path::new(s.as_str()).exists());
    let paths: Vec<PathBuf> = paths.iter().map(PathBuf::from).collect();
    let extractor: &Extractor = &a.extractor;
    let lexicon = extractor.lexicon();
    let words: Vec<&str> = words.iter().map(|s| s.as_str()).collect();
    let build = |known: &[String]| {
        let mut question = if words.is_empty() {
            Question::default()
        } else {
            parse_question(&words.join(" "), known, lexicon)
        };
        if a.app.is_some() {
            question.app = a.app.clone();
        }
        if a.purpose.is_some() {
            question.purpose = a.purpose.clone();
        }
        if a.data.is_some() {
            question.data = a.data.clone();
        }
        if let Some(action) = a.action {
            question.action = action;
        }
        question
    };
    if a.receivers {
        return receivers(out, &a, &paths, &words);
    }
    let (action, result) = if paths.is_empty() {
        // The newest version of each policy in the library.
        let library = crate::library::open(&a.library)?;
        let question = build(&library.app_names()?);
        (
            question.action,
            library.ask(&question, extractor).map(|a| a.answer),
        )
    } else {
        let policies = load(&paths)?;
        let extractions: Vec<_> = policies.iter().map(|p| extractor.extract(p)).collect();
        let analysed: Vec<Analysed> = policies
            .iter()
            .zip(&extractions)
            .map(|(policy, extraction)| Analysed { policy, extraction })
            .collect();
        let known: Vec<String> = policies
            .iter()
            .flat_map(|p| p.app.iter().chain(&p.aliases).cloned())
            .collect();
        let question = build(&known);
        (
            question.action,
            ask(&question, &analysed, lexicon).map_err(policylens::error::Error::from),
        )
    };
    match result {
        Ok(answer) => {
            if a.json {
                writeln!(out, "{}", serde_json::to_string_pretty(&answer)?)?;
            } else {
                write_answer(&mut crate::term::Clean(&mut *out), &answer, action)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            let hint = command_line_hint(&e).map(|h| format!("（{h}）"));
            eprintln!(
                "policylens: {}{}",
                crate::term::clean(&e.to_string()),
                hint.unwrap_or_default()
            );
            Ok(ExitCode::from(1))
        }
    }
}

/// What to add, on the command line, to the message of a question that left something out
/// (the flag or command that says it), when `cause` is such a question's error.
pub fn command_line_hint(cause: &(dyn std::error::Error + 'static)) -> Option<&'static str> {
    let asked = cause.downcast_ref::<policylens::error::AskError>().or(
        match cause.downcast_ref::<policylens::error::Error>() {
            Some(policylens::error::Error::Ask(a)) => Some(a),
            _ => None,
        },
    );
    asked.and_then(|a| a.command_line_hint())
}

/// `ask --receivers`: the receivers each policy lists (its SDK lists and tables).
fn receivers(
    out: &mut impl Write,
    a: &AskArgs,
    paths: &[PathBuf],
    words: &[&str],
) -> Result<ExitCode> {
    let lexicon = a.extractor.lexicon();
    let policies = if paths.is_empty() {
        let library = crate::library::open(&a.library)?;
        let apps = library.app_names()?;
        let wanted = a.app.clone().or_else(|| {
            let question = parse_question(&words.join(" "), &apps, lexicon);
            question.app
        });
        let Some(app) = wanted else {
            eprintln!("policylens: 请指定应用（--app 名称），或给出政策文件");
            return Ok(ExitCode::from(2));
        };
        let summaries: Vec<_> = library
            .list()?
            .into_iter()
            .filter(|p| p.latest && p.app == app)
            .collect();
        if summaries.is_empty() {
            eprintln!("policylens: 库中没有应用「{}」", crate::term::clean(&app));
            return Ok(ExitCode::from(1));
        }
        summaries
            .iter()
            .map(|s| library.get(&s.id))
            .collect::<policylens::error::Result<Vec<_>>>()?
    } else {
        load(paths)?
    };
    let listed: Vec<(String, Vec<policylens::receivers::Receiver>)> = policies
        .iter()
        .map(|p| {
            (
                p.app.clone().unwrap_or_default(),
                policylens::receivers::receivers_of(p, lexicon),
            )
        })
        .collect();
    if a.json {
        let json: Vec<_> = listed
            .iter()
            .map(|(app, rs)| serde_json::json!({ "app": app, "receivers": rs }))
            .collect();
        writeln!(out, "{}", serde_json::to_string_pretty(&json)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    let out = &mut crate::term::Clean(&mut *out);
    for (app, rs) in &listed {
        writeln!(out, "{app} — 政策列出的第三方与SDK（{} 个）：", rs.len())?;
        if rs.is_empty() {
            writeln!(
                out,
                "  （政策中没有SDK清单或第三方列表；文中提到的共享见 ask --action share）"
            )?;
        }
        for (i, r) in rs.iter().enumerate() {
            let kind = match r.kind {
                policylens::receivers::ReceiverKind::Sdk => "SDK",
                policylens::receivers::ReceiverKind::Partner => "第三方",
            };
            writeln!(out, "  {}. {} [{kind}]", i + 1, r.name.text)?;
            if let Some(o) = &r.operator {
                writeln!(out, "     运营方：{}", o.text)?;
            } else if let Some(o) = &r.operator_from_lexicon {
                writeln!(out, "     运营方：{o}（据SDK词表）")?;
            }
            if let Some(p) = &r.purpose {
                if r.purposes.is_empty() {
                    writeln!(out, "     目的：{}", p.text)?;
                } else {
                    writeln!(out, "     目的：{}（{}）", p.text, r.purposes.join("、"))?;
                }
            }
            if !r.data.is_empty() {
                let items: Vec<&str> = r.data.iter().map(|q| q.text.as_str()).collect();
                writeln!(out, "     信息：{}", items.join("、"))?;
            }
            if let Some(l) = &r.link {
                writeln!(out, "     链接：{l}")?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The policies to answer from: the given files and folders (a folder's manifest applies).
fn load(paths: &[PathBuf]) -> Result<Vec<Policy>> {
    let options = ParseOptions {
        use_manifest: true,
        ..Default::default()
    };
    let mut files = Vec::new();
    for root in paths {
        if root.is_dir() {
            let mut entries: Vec<PathBuf> = std::fs::read_dir(root)?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file() && p.file_name().is_some_and(|n| n != "manifest.toml"))
                .collect();
            entries.sort();
            files.extend(entries);
        } else {
            files.push(root.clone());
        }
    }
    let mut policies = Vec::new();
    for f in files {
        match parse_file(&f, &options) {
            Ok(p) => policies.push(p),
            Err(e) => eprintln!("policylens: 已拒绝 {}", crate::term::clean(&e.to_string())),
        }
    }
    Ok(policies)
}

fn write_evidence(out: &mut impl Write, e: &Evidence) -> Result<()> {
    let bold = if e.bold { " [加粗]" } else { "" };
    let page = e.page.map(|p| format!("（第 {p} 页）")).unwrap_or_default();
    // The section path (and a PDF's page) and the clause itself say where it is; offsets are
    // for `--format json`.
    // A policy without headings has no section to name (the desktop view says the same).
    let section = if e.section.is_empty() {
        "（无章节）"
    } else {
        &e.section
    };
    writeln!(out, "      § {section}{page}{bold}")?;
    writeln!(out, "        “{}”", e.clause)?;
    Ok(())
}

/// One data item: its type, category, why it is sensitive, the policy's words and clauses.
fn write_item(out: &mut impl Write, item: &policylens::ask::DataItem) -> Result<()> {
    let sensitive = match (&item.sensitive, &item.reason) {
        (true, Some(r)) => format!(" ⚠ 敏感个人信息（{r}）"),
        (true, None) => " ⚠ 敏感个人信息".to_string(),
        _ => String::new(),
    };
    writeln!(
        out,
        "  • {} [{}]{sensitive} — 原文：{}",
        item.data_type,
        item.category,
        item.wording.join("、")
    )?;
    for e in &item.evidence {
        write_evidence(out, e)?;
    }
    Ok(())
}

/// 是 / 否 / 政策未提及, with at most three of the clauses it stands on.
fn write_verdict(out: &mut impl Write, yes_no: &policylens::ask::YesNo) -> Result<()> {
    let verdict = match yes_no.verdict {
        Verdict::Yes => "是：政策写明了",
        Verdict::No => "否：政策声明不会",
        Verdict::OnlyIf => "不确定：政策只说在特定情况下才会",
        Verdict::NotMentioned => "政策未提及",
        Verdict::Possibly => "可能：政策没有单独写明这一项，但写明了包含它的一类",
    };
    writeln!(out, "  {verdict}")?;
    for e in yes_no.evidence.iter().take(3) {
        write_evidence(out, e)?;
    }
    if let Some(denials) = &yes_no.contradicted_by {
        writeln!(out, "  但政策另有条款说不会：")?;
        for e in denials.iter().take(3) {
            write_evidence(out, e)?;
        }
    }
    writeln!(out)?;
    Ok(())
}

/// `action`: what the question asked the app does (an empty answer says it of that).
fn write_answer(out: &mut impl Write, answer: &Answer, action: ActionFilter) -> Result<()> {
    match answer {
        Answer::ByPurpose(a) => {
            let verb = match a.action {
                ActionFilter::Share => "共享",
                _ => "收集或使用",
            };
            if a.yes_no.is_some()
                && a.items.is_empty()
                && a.purpose == policylens::ask::EVERY_PURPOSE
            {
                // A yes/no question about words no clause holds: the verdict is the answer.
                writeln!(out, "{}：", a.app)?;
            } else if let Some(activity) = &a.activity {
                writeln!(
                    out,
                    "{} — 「{activity}」时{verb}的信息（{} 类）：",
                    a.app,
                    a.items.len()
                )?;
            } else if a.sensitive_only {
                // Only the sensitive types: said so, lest a reader take them for all there is.
                writeln!(
                    out,
                    "{} — 政策写明{verb}的敏感个人信息（{} 类）：",
                    a.app,
                    a.items.len()
                )?;
            } else if a.purpose == policylens::ask::EVERY_PURPOSE {
                writeln!(
                    out,
                    "{} — 政策写明{verb}的信息（{} 类，敏感个人信息在前）：",
                    a.app,
                    a.items.len()
                )?;
            } else {
                writeln!(
                    out,
                    "{} — 为了「{}」{verb}以下信息（{} 类）：",
                    a.app,
                    a.purpose,
                    a.items.len()
                )?;
            }
            if let Some(yes_no) = &a.yes_no {
                write_verdict(out, yes_no)?;
            }
            if a.items.is_empty() && a.yes_no.is_none() {
                let what = if let Some(activity) = &a.activity {
                    format!("「{activity}」时{verb}的信息")
                } else if a.sensitive_only {
                    format!("{verb}的敏感个人信息")
                } else if a.purpose == policylens::ask::EVERY_PURPOSE {
                    format!("{verb}的信息")
                } else {
                    format!("为了「{}」{verb}的信息", a.purpose)
                };
                writeln!(out, "  （政策未写明{what}）")?;
            }
            for item in &a.items {
                write_item(out, item)?;
            }
            if !a.declared_sensitive.is_empty() {
                writeln!(
                    out,
                    "\n  政策自己写明属于敏感个人信息的（{} 类，不一定都会收集）：",
                    a.declared_sensitive.len()
                )?;
                for item in &a.declared_sensitive {
                    write_item(out, item)?;
                }
            }
        }
        Answer::ByData(a) => {
            let sensitive = if a.sensitive {
                " ⚠ 敏感个人信息"
            } else {
                ""
            };
            writeln!(
                out,
                "{} — {} [{}]{sensitive}",
                a.app, a.data_type, a.category
            )?;
            if let Some(broader) = &a.broader_type {
                writeln!(
                    out,
                    "  政策没有单独提到「{}」；以下是它写明的更宽一类「{broader}」（可能包含前者）",
                    a.data_type
                )?;
            }
            if !a.collected_only_by.is_empty() {
                writeln!(
                    out,
                    "  政策只写明第三方（{}）会收集或获得它，没有写{}自己收集",
                    a.collected_only_by.join("、"),
                    a.app
                )?;
            }
            if let Some(yes_no) = &a.yes_no {
                write_verdict(out, yes_no)?;
            }
            // Counts that say what they count, and what an empty one means.
            if a.purposes.is_empty() {
                writeln!(out, "  政策未写明用途")?;
            } else {
                writeln!(out, "  用于以下 {} 个目的：", a.purposes.len())?;
            }
            for u in &a.purposes {
                writeln!(out, "  • {}", u.name)?;
                for e in &u.evidence {
                    write_evidence(out, e)?;
                }
            }
            if a.receivers.is_empty() && !a.general_receivers.is_empty() {
                writeln!(
                    out,
                    "  政策没有单独写明把它提供给谁；它写明会把您的个人信息（不单列这一类）共享给以下 {} 个接收方：",
                    a.general_receivers.len()
                )?;
                for u in &a.general_receivers {
                    writeln!(out, "  • {}", u.name)?;
                    for e in &u.evidence {
                        write_evidence(out, e)?;
                    }
                }
            } else if a.receivers.is_empty() {
                // Not 「未提到」: the policy may well share personal information in general
                // (a share question lists those receivers above); it names none for this type.
                writeln!(out, "  政策没有写明把它共享给谁")?;
            } else {
                writeln!(out, "  提供给以下 {} 个接收方：", a.receivers.len())?;
            }
            for u in &a.receivers {
                writeln!(out, "  • {}", u.name)?;
                for e in &u.evidence {
                    write_evidence(out, e)?;
                }
            }
            if a.purposes.is_empty() && a.receivers.is_empty() && a.general_receivers.is_empty() {
                if a.evidence.is_empty() {
                    let verb = match action {
                        ActionFilter::Collect => "收集",
                        ActionFilter::Share => "共享",
                        ActionFilter::Any => "收集或共享",
                    };
                    writeln!(out, "  政策中没有{verb}它的条款")?;
                } else {
                    writeln!(out, "  收集或共享它的条款（{} 条）：", a.evidence.len())?;
                }
                for e in &a.evidence {
                    write_evidence(out, e)?;
                }
            }
        }
        Answer::Receivers(a) => write_receivers(out, a)?,
        Answer::Apps(a) => {
            let verb = match a.action {
                ActionFilter::Share => "共享",
                _ => "收集",
            };
            writeln!(
                out,
                "政策写明{verb}「{}」的应用：{} 个（资料库共 {} 个应用，其中 {} 个的政策提到这类信息）",
                a.data_type,
                a.apps.len(),
                a.apps_total,
                a.apps_checked
            )?;
            if a.apps.is_empty() {
                writeln!(out, "  （没有应用的政策写明{verb}这类信息）")?;
            }
            for f in &a.apps {
                let title = f
                    .policy_title
                    .as_deref()
                    .map(|t| format!("《{t}》"))
                    .unwrap_or_default();
                writeln!(out, "  • {}{title} — {}", f.app, f.data_types.join("、"))?;
                for e in &f.evidence {
                    write_evidence(out, e)?;
                }
            }
        }
        Answer::Clauses(a) => {
            writeln!(out, "{} — {}：", a.app, a.about)?;
            if a.clauses.is_empty() {
                writeln!(out, "  （政策中没有找到关于「{}」的条款）", a.about)?;
            }
            for e in &a.clauses {
                write_evidence(out, e)?;
            }
        }
    }
    Ok(())
}

fn write_receivers(out: &mut impl Write, a: &ReceiversAnswer) -> Result<()> {
    let stance = match a.stance {
        SharingStance::Shares => "",
        SharingStance::NoneExcept => "：政策声明不共享，但列出了例外情形",
        SharingStance::None => "：政策声明不共享",
        SharingStance::Silent => "：政策未提及共享",
    };
    writeln!(
        out,
        "{} — 接收您信息的第三方（{} 个）{stance}",
        a.app,
        a.receivers.len()
    )?;
    for (i, r) in a.receivers.iter().enumerate() {
        let kind = match r.kind.as_str() {
            "sdk" => "SDK",
            "partner" => "第三方",
            _ => "条款提及",
        };
        writeln!(out, "  {}. {} [{kind}]", i + 1, r.name)?;
        if let Some(o) = &r.operator {
            writeln!(out, "     运营方：{o}")?;
        }
        if !r.data.is_empty() {
            writeln!(out, "     信息：{}", r.data.join("、"))?;
        }
        if !r.purposes.is_empty() {
            writeln!(out, "     目的：{}", r.purposes.join("、"))?;
        }
        if let Some(l) = &r.link {
            writeln!(out, "     链接：{l}")?;
        }
        for e in &r.evidence {
            write_evidence(out, e)?;
        }
    }
    if !a.unnamed.is_empty() {
        writeln!(out, "  未写明接收方的共享条款（{}）：", a.unnamed.len())?;
        for e in &a.unnamed {
            write_evidence(out, e)?;
        }
    }
    if !a.refusals.is_empty() {
        writeln!(out, "  声明不共享的条款（{}）：", a.refusals.len())?;
        for e in &a.refusals {
            write_evidence(out, e)?;
        }
    }
    Ok(())
}
