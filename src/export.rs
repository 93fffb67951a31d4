//! Export: notes to Markdown, CSV or JSON, and a one-policy highlight report (Markdown or HTML)
//! with the collected-data summary.
use std::fmt::Write as _;
use std::path::Path;
use std::str::FromStr;

use crate::ask::{ReceiversAnswer, SharingStance};
use crate::collected::{DataSummary, SummaryEntry};
use crate::document::{EmphasisKind, Policy};
use crate::error::{Error, Result};
use crate::notes::{Note, NoteStatus};

/// The value of `s` among `forms` (names and the value each means), else the error naming
/// what is exported and the names it takes.
pub(crate) fn format_named<T: Copy>(
    s: &str,
    forms: &[(&[&str], T)],
    what: &'static str,
    valid: &'static str,
) -> Result<T> {
    forms
        .iter()
        .find(|(names, _)| names.contains(&s))
        .map(|&(_, form)| form)
        .ok_or_else(|| Error::UnknownFormat {
            what,
            given: s.to_string(),
            valid,
        })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotesFormat {
    Markdown,
    Csv,
    Json,
}

impl FromStr for NotesFormat {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        let forms: &[(&[&str], Self)] = &[
            (&["md", "markdown"], Self::Markdown),
            (&["csv"], Self::Csv),
            (&["json"], Self::Json),
        ];
        format_named(s, forms, "笔记", "md、csv 或 json")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    Markdown,
    Html,
}

impl FromStr for ReportFormat {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        let forms: &[(&[&str], Self)] = &[
            (&["md", "markdown"], Self::Markdown),
            (&["html"], Self::Html),
        ];
        format_named(s, forms, "报告", "md 或 html")
    }
}

/// The form of a policy's 「共享与SDK」 table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReceiversFormat {
    Csv,
    Markdown,
}

impl FromStr for ReceiversFormat {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        let forms: &[(&[&str], Self)] =
            &[(&["csv"], Self::Csv), (&["md", "markdown"], Self::Markdown)];
        format_named(s, forms, "接收方表", "csv 或 md")
    }
}

/// What a receiver is, as the reader reads it.
fn receiver_kind(kind: &str) -> &'static str {
    match kind {
        "sdk" => "SDK",
        "partner" => "第三方",
        _ => "条款提及",
    }
}

/// A policy's 「共享与SDK」 table: one row per receiver with its kind, operator, data, purposes,
/// link and the clause that says so (section path and span in the original text), as CSV (a
/// header row, RFC 4180, formula-safe) or as a Markdown document with the policy's stance on
/// sharing and the clauses where it says it does not share.
pub fn receivers_table(answer: &ReceiversAnswer, format: ReceiversFormat) -> String {
    let mut out = String::new();
    match format {
        ReceiversFormat::Csv => {
            out.push_str(
                "app,policy_title,receiver,kind,operator,data,data_types,purposes,link,\
                 section,clause,clause_start,clause_end\r\n",
            );
            for r in &answer.receivers {
                let evidence = r.evidence.first();
                let row = [
                    answer.app.clone(),
                    answer.policy_title.clone().unwrap_or_default(),
                    r.name.clone(),
                    receiver_kind(&r.kind).to_string(),
                    r.operator.clone().unwrap_or_default(),
                    r.data.join("、"),
                    r.data_types.join("、"),
                    r.purposes.join("、"),
                    r.link.clone().unwrap_or_default(),
                    evidence.map(|e| e.section.clone()).unwrap_or_default(),
                    evidence.map(|e| e.clause.clone()).unwrap_or_default(),
                    evidence
                        .map(|e| e.clause_span.start.to_string())
                        .unwrap_or_default(),
                    evidence
                        .map(|e| e.clause_span.end.to_string())
                        .unwrap_or_default(),
                ];
                let fields: Vec<String> = row.iter().map(|f| csv_field(f)).collect();
                out.push_str(&fields.join(","));
                out.push_str("\r\n");
            }
        }
        ReceiversFormat::Markdown => {
            let title = answer.policy_title.as_deref().unwrap_or("隐私政策");
            let _ = write!(
                out,
                "# {} — 共享与SDK（{}）\n\n{title}\n\n",
                answer.app,
                answer.receivers.len()
            );
            if let Some(s) = stance_line(answer.stance) {
                let _ = writeln!(out, "{s}\n");
            }
            if !answer.receivers.is_empty() {
                out.push_str(
                    "| 接收方 | 类型 | 运营方 | 信息 | 目的 | 链接 | 出处 |\n\
                     |---|---|---|---|---|---|---|\n",
                );
                for r in &answer.receivers {
                    let cells = [
                        r.name.clone(),
                        receiver_kind(&r.kind).to_string(),
                        r.operator.clone().unwrap_or_default(),
                        r.data.join("、"),
                        r.purposes.join("、"),
                        r.link.clone().unwrap_or_default(),
                        r.evidence
                            .first()
                            .map(|e| e.section.clone())
                            .unwrap_or_default(),
                    ];
                    let cells: Vec<String> = cells.iter().map(|c| table_cell(c)).collect();
                    let _ = writeln!(out, "| {} |", cells.join(" | "));
                }
            }
            if !answer.refusals.is_empty() {
                out.push_str("\n声明不共享的条款：\n\n");
                for e in &answer.refusals {
                    let _ = writeln!(out, "- {}", e.clause.replace('\n', " "));
                }
            }
        }
    }
    out
}

fn status_note(status: NoteStatus) -> &'static str {
    match status {
        NoteStatus::Anchored => "",
        NoteStatus::Reanchored => "（已定位到新版本）",
        NoteStatus::Orphaned => "（在最新版本中未找到原文）",
    }
}

/// Notes as Markdown, grouped by app and policy, each with its quoted clause and section path.
pub fn notes_markdown(notes: &[Note]) -> String {
    let mut out = String::from("# PolicyLens 笔记\n");
    let mut sorted: Vec<&Note> = notes.iter().collect();
    sorted.sort_by(|a, b| {
        (
            a.app.as_deref().unwrap_or(""),
            &a.policy_id,
            a.span.start,
            a.id,
        )
            .cmp(&(
                b.app.as_deref().unwrap_or(""),
                &b.policy_id,
                b.span.start,
                b.id,
            ))
    });
    let mut app: Option<&str> = None;
    let mut policy: Option<&str> = None;
    for n in sorted {
        let this_app = n.app.as_deref().unwrap_or("（未知应用）");
        if app != Some(this_app) {
            let _ = write!(out, "\n## {this_app}\n");
            app = Some(this_app);
            policy = None;
        }
        if policy != Some(n.policy_id.as_str()) {
            let title = n.policy_title.as_deref().unwrap_or("（无标题）");
            let _ = write!(out, "\n### {title}\n\n政策 id：`{}`\n", n.policy_id);
            policy = Some(n.policy_id.as_str());
        }
        let section = if n.section.is_empty() {
            "（正文）"
        } else {
            &n.section
        };
        let _ = write!(out, "\n#### {section}{}\n\n", status_note(n.status));
        for line in n.quote.lines() {
            let _ = writeln!(out, "> {line}");
        }
        let _ = write!(out, "\n{}\n", n.body.trim());
        if !n.tags.is_empty() {
            let tags: Vec<String> = n.tags.iter().map(|t| format!("#{t}")).collect();
            let _ = write!(out, "\n标签：{}\n", tags.join(" "));
        }
        let _ = write!(
            out,
            "\n<sub>字符 {}–{} · 创建于 {} · 更新于 {}</sub>\n",
            n.span.start, n.span.end, n.created_at, n.updated_at
        );
    }
    out
}

/// Whether a spreadsheet would read a cell beginning like `s` as a formula (`=1+1`,
/// `@SUM(…)`, `-2+3`, `+cmd|…`; also their fullwidth forms, which some spreadsheets fold, and
/// after leading spaces, which some trim).
fn looks_like_formula(s: &str) -> bool {
    s.trim_start_matches([' ', '\u{3000}'])
        .starts_with(['=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠'])
}

/// One CSV field, quoted when it needs to be (RFC 4180). A field a spreadsheet would run as a
/// formula — note bodies are typed by anyone, quotes come from the policy's own text — gets a
/// leading `'` (OWASP's rule for CSV injection) and is quoted, so it is shown, never evaluated.
pub(crate) fn csv_field(s: &str) -> String {
    if looks_like_formula(s) {
        format!("\"'{}\"", s.replace('"', "\"\""))
    } else if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Notes as CSV, one row per note, with a header.
pub fn notes_csv(notes: &[Note]) -> String {
    let mut out = String::from(
        "id,app,policy_title,policy_id,section,quote,note,tags,status,start,end,created_at,updated_at\r\n",
    );
    for n in notes {
        let row = [
            n.id.to_string(),
            n.app.clone().unwrap_or_default(),
            n.policy_title.clone().unwrap_or_default(),
            n.policy_id.clone(),
            n.section.clone(),
            n.quote.clone(),
            n.body.clone(),
            n.tags.join(" "),
            serde_json::to_value(n.status)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default(),
            n.span.start.to_string(),
            n.span.end.to_string(),
            n.created_at.clone(),
            n.updated_at.clone(),
        ];
        let fields: Vec<String> = row.iter().map(|f| csv_field(f)).collect();
        out.push_str(&fields.join(","));
        out.push_str("\r\n");
    }
    out
}

/// Notes as a JSON array.
pub fn notes_json(notes: &[Note]) -> String {
    serde_json::to_string_pretty(notes).expect("notes serialize")
}

pub fn render_notes(notes: &[Note], format: NotesFormat) -> String {
    match format {
        NotesFormat::Markdown => notes_markdown(notes),
        NotesFormat::Csv => notes_csv(notes),
        NotesFormat::Json => notes_json(notes),
    }
}

/// `s` safe as HTML text or a quoted attribute value.
pub(crate) fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The heading of the report's collected-data section, with its counts.
fn collected_heading(summary: &DataSummary) -> String {
    let all = summary.collected().count();
    let sensitive = summary.collected().filter(|i| i.sensitive).count();
    format!("收集的个人信息（{all} 种，其中敏感个人信息 {sensitive} 种；按类别）")
}

/// The heading of the section listing data the policy names without collecting it.
fn mentioned_heading(summary: &DataSummary) -> String {
    format!(
        "仅提及、未见收集的个人信息（{} 种：定义、举例、否定或未说明收集）",
        summary.mentioned().count()
    )
}

/// Data only mentioned, one line per category (sensitive ones marked).
fn mentioned_lines(summary: &DataSummary) -> Vec<(String, Vec<String>)> {
    summary
        .by_category()
        .into_iter()
        .filter_map(|(category, items)| {
            let names: Vec<String> = items
                .into_iter()
                .filter(|i| !i.collected)
                .map(|i| {
                    if i.sensitive {
                        format!("{}（敏感）", i.data_type)
                    } else {
                        i.data_type.clone()
                    }
                })
                .collect();
            (!names.is_empty()).then_some((category, names))
        })
        .collect()
}

/// A clause's section path, or 「正文」 for text before the first heading.
fn section_or_top(section: &str) -> &str {
    if section.is_empty() {
        "正文"
    } else {
        section
    }
}

/// A one-policy report: metadata, what it collects by category (sensitive first), the clauses it
/// marks in bold, the sections given (already in `format`: the privacy label's and the
/// compliance check's, which this module cannot render without a circle), and the reader's
/// notes on it.
pub fn policy_report(
    policy: &Policy,
    summary: &DataSummary,
    receivers: &ReceiversAnswer,
    sections: &[String],
    notes: &[Note],
    format: ReportFormat,
) -> String {
    let stance = stance_line(receivers.stance);
    // One row per receiver: name, kind, operator, data, purposes.
    let rows: Vec<[String; 5]> = receivers
        .receivers
        .iter()
        .map(|r| {
            [
                r.name.clone(),
                receiver_kind(&r.kind).to_string(),
                r.operator.clone().unwrap_or_default(),
                r.data.join("、"),
                r.purposes.join("、"),
            ]
        })
        .collect();
    let title = policy.title.clone().unwrap_or_else(|| "隐私政策".into());
    let app = policy.app.clone().unwrap_or_else(|| "（未知应用）".into());
    let bold: Vec<String> = policy
        .emphasis
        .iter()
        .filter(|e| e.kind == EmphasisKind::Bold)
        .map(|e| policy.visible_text(e.span))
        .collect();
    let meta = [
        ("应用", Some(app.clone())),
        ("运营者", policy.operator.clone()),
        ("更新日期", policy.updated.clone()),
        ("生效日期", policy.effective.clone()),
        ("文件", Some(policy.source.path.clone())),
        ("政策 id", Some(policy.id.clone())),
    ];
    match format {
        ReportFormat::Markdown => {
            let mut out = format!("# {app}：{title} — 阅读报告\n\n");
            for (k, v) in &meta {
                if let Some(v) = v {
                    let _ = writeln!(out, "- {k}：{v}");
                }
            }
            let _ = write!(out, "\n## {}\n", collected_heading(summary));
            for (category, items) in summary.by_category() {
                let items: Vec<&SummaryEntry> = items.into_iter().filter(|i| i.collected).collect();
                if items.is_empty() {
                    continue;
                }
                let _ = write!(out, "\n### {category}\n\n");
                for i in items {
                    let flag = match (&i.sensitive, &i.reason) {
                        (true, Some(r)) => format!(" — **敏感**（{r}）"),
                        (true, None) => " — **敏感**".into(),
                        _ => String::new(),
                    };
                    let _ = writeln!(out, "- {}{flag}", i.data_type);
                    if !i.purposes.is_empty() {
                        let _ = writeln!(out, "  - 用途：{}", i.purposes.join("、"));
                    }
                    for e in &i.evidence {
                        let _ = writeln!(
                            out,
                            "  - 条款（{}）：「{}」",
                            section_or_top(&e.section),
                            e.clause.replace('\n', " ")
                        );
                    }
                }
            }
            let mentioned = mentioned_lines(summary);
            if !mentioned.is_empty() {
                let _ = write!(out, "\n## {}\n\n", mentioned_heading(summary));
                for (category, names) in &mentioned {
                    let _ = writeln!(out, "- {category}：{}", names.join("、"));
                }
            }
            let _ = write!(out, "\n## 第三方与SDK（{}）\n\n", receivers.receivers.len());
            if let Some(s) = stance {
                let _ = writeln!(out, "{s}\n");
            }
            if !receivers.receivers.is_empty() {
                out.push_str("| 接收方 | 类型 | 运营方 | 信息 | 目的 |\n|---|---|---|---|---|\n");
                for row in &rows {
                    let cells: Vec<String> = row.iter().map(|c| table_cell(c)).collect();
                    let _ = writeln!(out, "| {} |", cells.join(" | "));
                }
            }
            if !receivers.refusals.is_empty() {
                out.push_str("\n声明不共享的条款：\n\n");
                for e in &receivers.refusals {
                    let _ = writeln!(out, "- {}", e.clause.replace('\n', " "));
                }
            }
            let _ = write!(out, "\n## 加粗标识的条款（{}）\n\n", bold.len());
            for b in &bold {
                let _ = writeln!(out, "- {b}");
            }
            sections.iter().for_each(|s| out.push_str(s));
            if !notes.is_empty() {
                let _ = write!(out, "\n## 笔记（{}）\n", notes.len());
                for n in notes {
                    let _ = write!(
                        out,
                        "\n> {}\n\n{}\n",
                        n.quote.replace('\n', " "),
                        n.body.trim()
                    );
                }
            }
            out
        }
        ReportFormat::Html => {
            let e = html_escape;
            let mut out = format!(
                "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{} — 阅读报告</title>\
                 <style>body{{font-family:sans-serif;max-width:50em;margin:2em auto;line-height:1.6}}\
                 .sensitive{{color:#b00020;font-weight:bold}}blockquote{{border-left:3px solid #ccc;margin:0;padding-left:1em;color:#444}}</style>\
                 </head><body>\n<h1>{}：{} — 阅读报告</h1>\n<ul>",
                e(&title),
                e(&app),
                e(&title)
            );
            for (k, v) in &meta {
                if let Some(v) = v {
                    let _ = write!(out, "<li>{}：{}</li>", e(k), e(v));
                }
            }
            let _ = writeln!(out, "</ul>\n<h2>{}</h2>", e(&collected_heading(summary)));
            for (category, items) in summary.by_category() {
                let items: Vec<&SummaryEntry> = items.into_iter().filter(|i| i.collected).collect();
                if items.is_empty() {
                    continue;
                }
                let _ = write!(out, "<h3>{}</h3><ul>", e(&category));
                for i in items {
                    let flag = if i.sensitive {
                        format!(
                            " <span class=\"sensitive\">敏感{}</span>",
                            i.reason
                                .as_deref()
                                .map(|r| format!("（{}）", e(r)))
                                .unwrap_or_default()
                        )
                    } else {
                        String::new()
                    };
                    let _ = write!(out, "<li>{}{flag}", e(&i.data_type));
                    if !i.purposes.is_empty() {
                        let _ = write!(out, "<br>用途：{}", e(&i.purposes.join("、")));
                    }
                    for ev in &i.evidence {
                        let _ = write!(
                            out,
                            "<blockquote>{}：{}</blockquote>",
                            e(section_or_top(&ev.section)),
                            e(&ev.clause)
                        );
                    }
                    out.push_str("</li>");
                }
                out.push_str("</ul>\n");
            }
            let mentioned = mentioned_lines(summary);
            if !mentioned.is_empty() {
                let _ = write!(out, "<h2>{}</h2><ul>", e(&mentioned_heading(summary)));
                for (category, names) in &mentioned {
                    let _ = write!(out, "<li>{}：{}</li>", e(category), e(&names.join("、")));
                }
                out.push_str("</ul>\n");
            }
            let _ = writeln!(out, "<h2>第三方与SDK（{}）</h2>", receivers.receivers.len());
            if let Some(s) = stance {
                let _ = writeln!(out, "<p>{}</p>", e(s));
            }
            if !receivers.receivers.is_empty() {
                out.push_str(
                    "<table><thead><tr><th>接收方</th><th>类型</th><th>运营方</th><th>信息</th><th>目的</th></tr></thead><tbody>",
                );
                for row in &rows {
                    out.push_str("<tr>");
                    for c in row {
                        let _ = write!(out, "<td>{}</td>", e(c));
                    }
                    out.push_str("</tr>");
                }
                out.push_str("</tbody></table>\n");
            }
            if !receivers.refusals.is_empty() {
                out.push_str("<p>声明不共享的条款：</p><ul>");
                for c in &receivers.refusals {
                    let _ = write!(out, "<li>{}</li>", e(&c.clause));
                }
                out.push_str("</ul>\n");
            }
            let _ = write!(out, "<h2>加粗标识的条款（{}）</h2><ul>", bold.len());
            for b in &bold {
                let _ = write!(out, "<li><b>{}</b></li>", e(b));
            }
            out.push_str("</ul>\n");
            sections.iter().for_each(|s| out.push_str(s));
            if !notes.is_empty() {
                let _ = write!(out, "<h2>笔记（{}）</h2>", notes.len());
                for n in notes {
                    let _ = write!(
                        out,
                        "<blockquote>{}</blockquote><p>{}</p>",
                        e(&n.quote),
                        e(n.body.trim())
                    );
                }
            }
            out.push_str("</body></html>\n");
            out
        }
    }
}

/// What the report says when no receiver is listed, by what the policy says about sharing.
fn stance_line(stance: SharingStance) -> Option<&'static str> {
    match stance {
        SharingStance::Shares => None,
        SharingStance::NoneExcept => Some("政策声明不共享您的个人信息，但列出了例外情形。"),
        SharingStance::None => Some("政策声明不共享您的个人信息。"),
        SharingStance::Silent => Some("政策没有提到共享：既没有列出接收方，也没有声明不共享。"),
    }
}

/// Text for one Markdown table cell: no line breaks, pipes escaped.
fn table_cell(text: &str) -> String {
    text.replace(['\n', '\r'], " ").replace('|', "\\|")
}

/// Write `content` to `path` whole or not at all (through a temporary file beside it).
pub fn write_file(path: &Path, content: &str) -> Result<()> {
    if path.is_dir() {
        return Err(Error::IsAFolder {
            path: path.to_path_buf(),
        });
    }
    // Write to a temporary file beside the target and rename: a failed export never leaves a
    // half-written file in place of a good one, nor the temporary file.
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".policylens-tmp");
    let tmp = std::path::PathBuf::from(tmp);
    let written = std::fs::write(&tmp, content).and_then(|_| std::fs::rename(&tmp, path));
    written.map_err(|source| {
        let _ = std::fs::remove_file(&tmp);
        Error::Io {
            path: path.to_path_buf(),
            source,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ask::{receivers_of_policy, Analysed};
    use crate::collected::data_summary;
    use crate::document::Span;

    #[test]
    fn a_format_is_read_by_any_of_its_names_and_an_unknown_one_is_named_in_chinese() {
        assert_eq!(
            "markdown".parse::<NotesFormat>().unwrap(),
            NotesFormat::Markdown
        );
        assert_eq!("json".parse::<NotesFormat>().unwrap(), NotesFormat::Json);
        assert_eq!("html".parse::<ReportFormat>().unwrap(), ReportFormat::Html);
        assert_eq!(
            "md".parse::<ReceiversFormat>().unwrap(),
            ReceiversFormat::Markdown
        );
        let e = "xml".parse::<ReportFormat>().unwrap_err().to_string();
        assert_eq!(e, "没有“xml”这种报告格式：请用 md 或 html");
        assert!(matches!(
            "pdf".parse::<ReceiversFormat>(),
            Err(Error::UnknownFormat {
                what: "接收方表",
                ..
            })
        ));
    }

    fn note(id: i64, app: &str, quote: &str, body: &str) -> Note {
        Note {
            id,
            policy_id: format!("p{app}"),
            app: Some(app.into()),
            policy_title: Some(format!("{app}隐私政策")),
            span: Span::new(10, 10 + quote.chars().count()),
            quote: quote.into(),
            section: "一、收集 › 1.1 注册".into(),
            body: body.into(),
            tags: vec!["位置".into()],
            created_at: "2026-11-24T09:00:00Z".into(),
            updated_at: "2026-11-24T09:00:00Z".into(),
            status: NoteStatus::Anchored,
        }
    }

    #[test]
    fn markdown_groups_by_app_and_policy_with_quote_and_section() {
        let md = notes_markdown(&[
            note(1, "快手", "我们会收集您的位置信息", "位置是敏感信息"),
            note(2, "花间", "人脸识别", "生物识别"),
        ]);
        assert!(md.contains("## 快手\n\n### 快手隐私政策"));
        assert!(
            md.contains("#### 一、收集 › 1.1 注册\n\n> 我们会收集您的位置信息\n\n位置是敏感信息")
        );
        assert!(md.find("## 快手").unwrap() < md.find("## 花间").unwrap());
        assert!(md.contains("标签：#位置"));
    }

    #[test]
    fn csv_quotes_commas_quotes_and_newlines() {
        let csv = notes_csv(&[note(1, "快手", "含,逗号", "第一行\n第二行 \"引号\"")]);
        let mut lines = csv.split("\r\n");
        assert!(lines.next().unwrap().starts_with("id,app,policy_title"));
        let row = lines.next().unwrap();
        assert!(row.contains("\"含,逗号\""));
        assert!(row.contains("\"第一行\n第二行 \"\"引号\"\"\""));
    }

    #[test]
    fn csv_fields_a_spreadsheet_would_run_are_prefixed_and_quoted() {
        for (body, cell) in [
            (
                "=HYPERLINK(\"http://x\",\"点我\")",
                "\"'=HYPERLINK(\"\"http://x\"\",\"\"点我\"\")\"",
            ),
            ("+1+1", "\"'+1+1\""),
            ("-2+3", "\"'-2+3\""),
            ("@SUM(A1)", "\"'@SUM(A1)\""),
            ("\tcmd", "\"'\tcmd\""),
            ("  =1", "\"'  =1\""),
            ("＝1+1", "\"'＝1+1\""),
            ("我们会收集=号", "我们会收集=号"),
        ] {
            let csv = notes_csv(&[note(1, "快手", body, body)]);
            let row = csv.split("\r\n").nth(1).unwrap();
            assert_eq!(row.matches(cell).count(), 2, "{body:?} → {row}");
        }
    }

    #[test]
    fn html_report_escapes_policy_text() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("policies/tencent.md");
        let mut policy = crate::parse::parse_file(&path, &Default::default()).unwrap();
        policy.title = Some("<script>alert(1)</script>".into());
        let extraction = crate::extract::extract(&policy);
        let lexicon = crate::lexicon::Lexicon::builtin();
        let summary = data_summary(&policy, &extraction, lexicon);
        let analysed = Analysed {
            policy: &policy,
            extraction: &extraction,
        };
        let receivers = receivers_of_policy(&analysed, lexicon);
        let html = policy_report(&policy, &summary, &receivers, &[], &[], ReportFormat::Html);
        assert!(!html.contains("<script>alert"));
        assert!(html.contains("&lt;script&gt;"));
        assert!(html.contains("加粗标识的条款（22）"));
    }

    fn report_of(fixture: &str, format: ReportFormat) -> String {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(fixture);
        let policy = crate::parse::parse_file(&path, &Default::default()).unwrap();
        let extraction = crate::extract::extract(&policy);
        let lexicon = crate::lexicon::Lexicon::builtin();
        let summary = data_summary(&policy, &extraction, lexicon);
        let analysed = Analysed {
            policy: &policy,
            extraction: &extraction,
        };
        let receivers = receivers_of_policy(&analysed, lexicon);
        policy_report(&policy, &summary, &receivers, &[], &[], format)
    }

    #[test]
    fn the_report_lists_third_parties_and_sdks_with_what_they_get() {
        let md = report_of("sdk-list.txt", ReportFormat::Markdown);
        assert!(md.contains("## 第三方与SDK（3）"), "{md}");
        assert!(md.contains("| 接收方 | 类型 | 运营方 | 信息 | 目的 |"));
        assert!(
            md.contains("| 高德定位SDK | SDK | 高德软件有限公司 | 位置信息、设备标识信息（IMEI/Android ID） |"),
            "{md}"
        );
        let html = report_of("sdk-list.txt", ReportFormat::Html);
        assert!(html.contains("<td>友盟统计SDK</td><td>SDK</td>"), "{html}");
        // No receiver: the report says which kind of nothing it is.
        let none = report_of("no-sharing.txt", ReportFormat::Markdown);
        assert!(
            none.contains("## 第三方与SDK（0）\n\n政策声明不共享您的个人信息。"),
            "{none}"
        );
        assert!(none.contains("- 我们不会与任何公司、组织和个人共享您的个人信息。"));
    }

    #[test]
    fn a_pipe_in_a_receiver_cell_does_not_break_the_markdown_table() {
        assert_eq!(table_cell("A|B\nC"), "A\\|B C");
    }
}
