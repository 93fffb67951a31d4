//! A [`PolicyDiff`] for the reader: text (the terminal), JSON, Markdown and a self-contained
//! HTML page (no script, no external request), in the one-policy report's family.
use std::fmt::Write as _;

use super::*;
use crate::export::html_escape;

/// How a diff is written out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiffFormat {
    Text,
    Json,
    Markdown,
    Html,
}

impl std::str::FromStr for DiffFormat {
    type Err = crate::error::Error;
    fn from_str(s: &str) -> crate::error::Result<Self> {
        let forms: &[(&[&str], Self)] = &[
            (&["text", "txt"], Self::Text),
            (&["json"], Self::Json),
            (&["md", "markdown"], Self::Markdown),
            (&["html", "htm"], Self::Html),
        ];
        crate::export::format_named(s, forms, "版本对比", "text、json、md 或 html")
    }
}

/// `diff` written as `format`.
pub fn render(diff: &PolicyDiff, format: DiffFormat) -> String {
    match format {
        DiffFormat::Json => serde_json::to_string_pretty(diff).unwrap_or_default() + "\n",
        DiffFormat::Text => lines(diff, Style::Text),
        DiffFormat::Markdown => lines(diff, Style::Markdown),
        DiffFormat::Html => html(diff),
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Style {
    Text,
    Markdown,
}

fn version_name(v: &VersionRef) -> String {
    let mut name = v.app.clone().unwrap_or_else(|| v.source.clone());
    if let Some(t) = &v.title {
        let _ = write!(name, "《{t}》");
    }
    if let Some(u) = &v.updated {
        let _ = write!(name, "（更新于 {u}）");
    }
    name
}

/// The summary's lines: (heading, items).
fn summary_sections(diff: &PolicyDiff) -> Vec<(String, Vec<String>)> {
    let s = &diff.summary;
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    if !s.warnings.is_empty() {
        out.push(("注意".into(), s.warnings.clone()));
    }
    let c = s.counts;
    out.push((
        "条款".into(),
        vec![format!(
            "新增 {}，删除 {}，改写 {}，移动 {}，未变 {}",
            c.added, c.removed, c.rewritten, c.moved, c.unchanged
        )],
    ));
    if !s.fields.is_empty() {
        out.push((
            "基本信息".into(),
            s.fields
                .iter()
                .map(|f| {
                    format!(
                        "{}：{} → {}",
                        f.label,
                        f.old.as_deref().unwrap_or("（无）"),
                        f.new.as_deref().unwrap_or("（无）")
                    )
                })
                .collect(),
        ));
    }
    let data = |items: &[DataChange]| -> Vec<String> {
        items
            .iter()
            .map(|d| {
                let mut line = d.data_type.clone();
                if d.sensitive {
                    line.push_str("（敏感）");
                }
                if !d.purposes.is_empty() {
                    // A purpose in the policy's own words often starts 「用于」 itself.
                    let purposes: Vec<&str> = d
                        .purposes
                        .iter()
                        .map(|p| p.trim_start_matches("用于"))
                        .collect();
                    let _ = write!(line, "：用于{}", purposes.join("、"));
                }
                if let Some(e) = d.evidence.first() {
                    let _ = write!(line, " ——「{}」", excerpt(e));
                }
                line
            })
            .collect()
    };
    if !s.data_added.is_empty() {
        out.push((
            format!(
                "新收集的个人信息（{} 种，其中敏感 {} 种）",
                s.data_added.len(),
                s.sensitive_added.len()
            ),
            data(&s.data_added),
        ));
    }
    if !s.data_dropped.is_empty() {
        out.push((
            format!("不再收集的个人信息（{} 种）", s.data_dropped.len()),
            data(&s.data_dropped),
        ));
    }
    if !s.purposes_added.is_empty() || !s.purposes_dropped.is_empty() {
        let mut items = Vec::new();
        if !s.purposes_added.is_empty() {
            items.push(format!("新增：{}", s.purposes_added.join("、")));
        }
        if !s.purposes_dropped.is_empty() {
            items.push(format!("不再提及：{}", s.purposes_dropped.join("、")));
        }
        out.push(("收集目的".into(), items));
    }
    let receivers = |items: &[ReceiverChange]| -> Vec<String> {
        items
            .iter()
            .map(|r| {
                let kind = match r.kind.as_str() {
                    "sdk" => "SDK",
                    "partner" => "第三方",
                    _ => "共享条款中提及",
                };
                let mut line = format!("{}（{kind}）", r.name);
                if !r.data_types.is_empty() {
                    let _ = write!(line, "：{}", r.data_types.join("、"));
                }
                line
            })
            .collect()
    };
    if !s.receivers_added.is_empty() {
        out.push((
            format!("新增的接收方与SDK（{}）", s.receivers_added.len()),
            receivers(&s.receivers_added),
        ));
    }
    if !s.receivers_dropped.is_empty() {
        out.push((
            format!("不再列出的接收方与SDK（{}）", s.receivers_dropped.len()),
            receivers(&s.receivers_dropped),
        ));
    }
    let clause_line = |c: usize| -> String {
        let change = &diff.clauses[c];
        let r = change.new.as_ref().or(change.old.as_ref()).unwrap();
        format!("[{}] {}", change.kind.label(), one_line(&r.text))
    };
    if !s.bold_gained.is_empty() {
        out.push((
            format!("新加粗的条款（{}）", s.bold_gained.len()),
            s.bold_gained.iter().map(|&c| clause_line(c)).collect(),
        ));
    }
    if !s.bold_lost.is_empty() {
        out.push((
            format!("不再加粗的条款（{}）", s.bold_lost.len()),
            s.bold_lost.iter().map(|&c| clause_line(c)).collect(),
        ));
    }
    for t in &s.topics {
        out.push((
            format!("{}相关条款的变化（{}）", t.about, t.changes.len()),
            t.changes.iter().map(|&c| clause_line(c)).collect(),
        ));
    }
    out
}

/// At most this many chars of a clause quoted in the summary (an SDK list read as one clause
/// runs to thousands).
const EXCERPT_CHARS: usize = 80;

/// The clause of `e`, cut to [`EXCERPT_CHARS`] around the item it cites.
fn excerpt(e: &Evidence) -> String {
    let chars: Vec<char> = one_line(&e.clause).chars().collect();
    if chars.len() <= EXCERPT_CHARS {
        return chars.into_iter().collect();
    }
    // The item's place in the clause (the clause's visible chars roughly follow its span).
    let at = e.item_span.start.saturating_sub(e.clause_span.start);
    let start = at
        .saturating_sub(EXCERPT_CHARS / 3)
        .min(chars.len() - EXCERPT_CHARS);
    let end = start + EXCERPT_CHARS;
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    out.extend(&chars[start..end]);
    if end < chars.len() {
        out.push('…');
    }
    out
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A rewritten clause's words, removed ones in `[-…-]` and added ones in `{+…+}` (text), or
/// struck out and bold (Markdown).
fn marked_words(change: &ClauseChange, style: Style) -> String {
    let mut out = String::new();
    for w in &change.words {
        let text = one_line(&w.text);
        if text.is_empty() && w.kind != WordChangeKind::Same {
            continue; // only white space changed there
        }
        match (w.kind, style) {
            (WordChangeKind::Same, _) => out.push_str(&text),
            (WordChangeKind::Removed, Style::Text) => {
                let _ = write!(out, "[-{text}-]");
            }
            (WordChangeKind::Added, Style::Text) => {
                let _ = write!(out, "{{+{text}+}}");
            }
            (WordChangeKind::Removed, Style::Markdown) => {
                let _ = write!(out, "~~{}~~", markdown_escape(&text));
            }
            (WordChangeKind::Added, Style::Markdown) => {
                let _ = write!(out, "**{}**", markdown_escape(&text));
            }
        }
    }
    out
}

fn markdown_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '*' | '_' | '~' | '`' | '[' | ']' | '<' | '>' | '#' | '|' | '\\'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn where_is(r: &ClauseRef) -> String {
    let mut at = if r.section.is_empty() {
        "正文".to_string()
    } else {
        r.section.clone()
    };
    if let Some(p) = r.page {
        let _ = write!(at, "（第 {p} 页）");
    }
    at
}

fn lines(diff: &PolicyDiff, style: Style) -> String {
    let mut out = String::new();
    let md = style == Style::Markdown;
    let (h1, h2, bullet) = if md {
        ("# ", "## ", "- ")
    } else {
        ("", "", "  ")
    };
    let esc = |t: &str| {
        if md {
            markdown_escape(t)
        } else {
            t.to_string()
        }
    };
    let _ = writeln!(
        out,
        "{h1}版本对比：{} → {}",
        esc(&version_name(&diff.old)),
        esc(&version_name(&diff.new))
    );
    let _ = writeln!(
        out,
        "{}旧版 {}（{} 字），新版 {}（{} 字）",
        if md { "\n" } else { "" },
        diff.old.id,
        diff.old.chars,
        diff.new.id,
        diff.new.chars
    );
    for (heading, items) in summary_sections(diff) {
        let _ = write!(out, "\n{h2}{heading}\n");
        if md {
            out.push('\n');
        }
        for item in items {
            let _ = writeln!(out, "{bullet}{}", esc(&item));
        }
    }
    let changes: Vec<&ClauseChange> = diff.changes().collect();
    let _ = write!(out, "\n{h2}变化的条款（{}）\n", changes.len());
    for change in changes {
        out.push('\n');
        let label = match (change.kind, change.moved) {
            (ChangeKind::Rewritten, true) => "改写并移动".to_string(),
            (kind, _) => kind.label().to_string(),
        };
        let place = change.new.as_ref().or(change.old.as_ref()).map(where_is);
        let head = format!("[{label}] {}", place.unwrap_or_default());
        if md {
            let _ = writeln!(out, "**{}**\n", esc(&head));
        } else {
            let _ = writeln!(out, "{head}");
        }
        let quote = if md { "> " } else { "    " };
        match change.kind {
            ChangeKind::Rewritten => {
                let _ = writeln!(out, "{quote}{}", marked_words(change, style));
            }
            ChangeKind::Moved => {
                let from = change.old.as_ref().map(where_is).unwrap_or_default();
                let _ = writeln!(
                    out,
                    "{quote}{}",
                    esc(&one_line(&change.new.as_ref().unwrap().text))
                );
                let _ = writeln!(out, "{}原在：{}", if md { "\n" } else { quote }, esc(&from));
            }
            _ => {
                let r = change.new.as_ref().or(change.old.as_ref()).unwrap();
                let _ = writeln!(out, "{quote}{}", esc(&one_line(&r.text)));
            }
        }
    }
    out
}

fn html(diff: &PolicyDiff) -> String {
    let e = html_escape;
    let title = format!(
        "版本对比：{} → {}",
        version_name(&diff.old),
        version_name(&diff.new)
    );
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{}</title>\
         <style>body{{font-family:sans-serif;max-width:56em;margin:2em auto;line-height:1.6;padding:0 1em}}\
         ins{{background:#d7f5dd;text-decoration:none}}del{{background:#fbd9d9}}\
         .kind{{display:inline-block;min-width:4em;font-weight:bold}}.added .kind{{color:#17702b}}\
         .removed .kind{{color:#a3161b}}.rewritten .kind{{color:#8a5a00}}.moved .kind{{color:#2456a6}}\
         .where{{color:#666;font-size:90%}}li.change{{margin:.6em 0;list-style:none}}</style>\
         </head><body>\n<h1>{}</h1>\n<p>旧版 {}（{} 字），新版 {}（{} 字）</p>\n",
        e(&title),
        e(&title),
        e(&diff.old.id),
        diff.old.chars,
        e(&diff.new.id),
        diff.new.chars
    );
    for (heading, items) in summary_sections(diff) {
        let _ = write!(out, "<h2>{}</h2><ul>", e(&heading));
        for item in items {
            let _ = write!(out, "<li>{}</li>", e(&item));
        }
        out.push_str("</ul>\n");
    }
    let changes: Vec<&ClauseChange> = diff.changes().collect();
    let _ = write!(out, "<h2>变化的条款（{}）</h2><ul>", changes.len());
    for change in changes {
        let class = match change.kind {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Rewritten => "rewritten",
            _ => "moved",
        };
        let label = match (change.kind, change.moved) {
            (ChangeKind::Rewritten, true) => "改写并移动",
            (kind, _) => kind.label(),
        };
        let place = change
            .new
            .as_ref()
            .or(change.old.as_ref())
            .map(where_is)
            .unwrap_or_default();
        let _ = write!(
            out,
            "<li class=\"change {class}\"><span class=\"kind\">{}</span> <span class=\"where\">{}</span><br>",
            e(label),
            e(&place)
        );
        match change.kind {
            ChangeKind::Rewritten => {
                for w in &change.words {
                    match w.kind {
                        WordChangeKind::Same => out.push_str(&e(&w.text)),
                        WordChangeKind::Added => {
                            let _ = write!(out, "<ins>{}</ins>", e(&w.text));
                        }
                        WordChangeKind::Removed => {
                            let _ = write!(out, "<del>{}</del>", e(&w.text));
                        }
                    }
                }
            }
            ChangeKind::Removed => {
                let _ = write!(out, "<del>{}</del>", e(&change.old.as_ref().unwrap().text));
            }
            ChangeKind::Added => {
                let _ = write!(out, "<ins>{}</ins>", e(&change.new.as_ref().unwrap().text));
            }
            _ => {
                let _ = write!(
                    out,
                    "{}<br><span class=\"where\">原在：{}</span>",
                    e(&change.new.as_ref().unwrap().text),
                    e(&change.old.as_ref().map(where_is).unwrap_or_default())
                );
            }
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ul>\n</body></html>\n");
    out
}
