//! A [`CheckReport`] for the reader: text (the terminal), JSON, Markdown and a self-contained
//! HTML page (no script, no external request).
use std::fmt::Write as _;

use super::*;
use crate::export::html_escape;

/// How a check report is written out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckFormat {
    Text,
    Json,
    Markdown,
    Html,
}

impl std::str::FromStr for CheckFormat {
    type Err = crate::error::Error;
    fn from_str(s: &str) -> crate::error::Result<Self> {
        let forms: &[(&[&str], Self)] = &[
            (&["text", "txt"], Self::Text),
            (&["json"], Self::Json),
            (&["md", "markdown"], Self::Markdown),
            (&["html", "htm"], Self::Html),
        ];
        crate::export::format_named(s, forms, "合规检查", "text、json、md 或 html")
    }
}

/// At most this many chars of a cited clause are shown.
const EXCERPT: usize = 120;

fn excerpt(text: &str) -> String {
    let n = text.chars().count();
    if n <= EXCERPT {
        text.to_string()
    } else {
        text.chars().take(EXCERPT).collect::<String>() + "…"
    }
}

fn heading(report: &CheckReport) -> String {
    let name = match (&report.app, &report.title) {
        (Some(app), Some(title)) => format!("{app}《{title}》"),
        (Some(app), None) => app.clone(),
        (None, Some(title)) => format!("《{title}》"),
        (None, None) => report.policy_id.clone(),
    };
    format!("合规检查：{name}")
}

/// `应用类型：网络直播类（由应用名推测）` — what rule C26 read the app as.
fn app_type_line(report: &CheckReport) -> String {
    match &report.app_type {
        Some(t) if t.guessed => {
            format!("应用类型：{}（由应用名推测；可用 --app-type 指定）", t.name)
        }
        Some(t) => format!("应用类型：{}", t.name),
        None => "应用类型：未指定（C26 需人工判断；可用 --app-type 指定）".to_string(),
    }
}

fn counts_line(c: &VerdictCounts) -> String {
    format!(
        "符合 {}，可能不符合 {}，未提及 {}，需人工判断 {}",
        c.complies, c.may_not_comply, c.not_mentioned, c.needs_review
    )
}

/// `report` written as `format`.
pub fn render(report: &CheckReport, format: CheckFormat) -> String {
    match format {
        CheckFormat::Json => serde_json::to_string_pretty(report).unwrap_or_default() + "\n",
        CheckFormat::Text => text(report),
        CheckFormat::Markdown => markdown(report),
        CheckFormat::Html => html(report),
    }
}

fn text(report: &CheckReport) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}（政策 {}）", heading(report), &report.policy_id);
    let _ = writeln!(out, "{}", counts_line(&report.counts));
    let _ = writeln!(out, "{}\n", app_type_line(report));
    for f in &report.findings {
        let _ = writeln!(
            out,
            "[{}] {} {}（严重程度：{}）",
            f.verdict.label(),
            f.rule_id,
            f.rule,
            f.severity.label()
        );
        let _ = writeln!(out, "    依据：{}", f.source);
        let _ = writeln!(out, "    {}", f.note);
        for e in &f.evidence {
            let _ = writeln!(out, "    § {}", e.section);
            let _ = writeln!(out, "      “{}”", excerpt(&e.clause));
        }
        if !f.searched.is_empty() {
            let _ = writeln!(out, "    查找范围：{}", f.searched.join("；"));
        }
        out.push('\n');
    }
    out
}

fn markdown(report: &CheckReport) -> String {
    let md = |s: &str| s.replace('|', "\\|").replace('\n', " ");
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", heading(report));
    let _ = writeln!(
        out,
        "政策 `{}` · {} · {}\n",
        report.policy_id,
        counts_line(&report.counts),
        app_type_line(report)
    );
    let _ = writeln!(out, "| 规则 | 结论 | 严重程度 | 说明 |\n|---|---|---|---|");
    for f in &report.findings {
        let _ = writeln!(
            out,
            "| {} {} | {} | {} | {} |",
            f.rule_id,
            md(&f.rule),
            f.verdict.label(),
            f.severity.label(),
            md(&f.note)
        );
    }
    for f in &report.findings {
        let _ = writeln!(
            out,
            "\n## {} {}：{}\n",
            f.rule_id,
            f.rule,
            f.verdict.label()
        );
        let _ = writeln!(out, "依据：{}。{}\n", f.source, f.note);
        for e in &f.evidence {
            let _ = writeln!(out, "> {}\n>\n> —— {}\n", excerpt(&e.clause), e.section);
        }
        if !f.searched.is_empty() {
            let _ = writeln!(out, "查找范围：{}", f.searched.join("；"));
        }
    }
    out
}

fn html(report: &CheckReport) -> String {
    let e = |s: &str| html_escape(s);
    let mut out = String::new();
    let _ = write!(
        out,
        "<!doctype html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{}</title>\n<style>\
         body{{font-family:\"Noto Sans CJK SC\",\"PingFang SC\",\"Microsoft YaHei\",sans-serif;margin:24px auto;max-width:960px;color:#1f2328;line-height:1.6}}\
         table{{border-collapse:collapse;width:100%}}th,td{{border-bottom:1px solid #e5e7eb;padding:4px 8px;text-align:left;vertical-align:top}}\
         .v{{white-space:nowrap;font-weight:600}}.complies{{color:#15803d}}.may_not_comply{{color:#b91c1c}}.not_mentioned{{color:#b45309}}.needs_review{{color:#4b5563}}\
         blockquote{{margin:6px 0;padding:4px 10px;border-left:3px solid #d1d5db;color:#374151}}.sec{{color:#6b7280;font-size:13px}}\
         </style></head><body>\n<h1>{}</h1>\n<p>政策 <code>{}</code> · {} · {}</p>\n<table><thead><tr><th>规则</th><th>结论</th><th>严重程度</th><th>说明与依据</th></tr></thead><tbody>\n",
        e(&heading(report)),
        e(&heading(report)),
        e(&report.policy_id),
        e(&counts_line(&report.counts)),
        e(&app_type_line(report)),
    );
    for f in &report.findings {
        let verdict = serde_json::to_value(f.verdict)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let _ = write!(
            out,
            "<tr><td><b>{}</b> {}<div class=\"sec\">{}</div></td><td class=\"v {verdict}\">{}</td><td>{}</td><td>{}",
            e(&f.rule_id),
            e(&f.rule),
            e(&f.source),
            e(f.verdict.label()),
            e(f.severity.label()),
            e(&f.note),
        );
        for ev in &f.evidence {
            let _ = write!(
                out,
                "<blockquote>{}<div class=\"sec\">{}</div></blockquote>",
                e(&excerpt(&ev.clause)),
                e(&ev.section)
            );
        }
        if !f.searched.is_empty() {
            let _ = write!(
                out,
                "<div class=\"sec\">查找范围：{}</div>",
                e(&f.searched.join("；"))
            );
        }
        out.push_str("</td></tr>\n");
    }
    out.push_str("</tbody></table>\n</body></html>\n");
    out
}

/// How many policies got each verdict on one rule.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleTally {
    pub rule_id: String,
    pub rule: String,
    pub source: String,
    pub counts: VerdictCounts,
}

/// Per rule, how many of `reports` got each verdict (the table a regulator's report shows).
pub fn tally(reports: &[CheckReport]) -> Vec<RuleTally> {
    rules()
        .iter()
        .map(|rule| {
            let mut counts = VerdictCounts::default();
            for f in reports
                .iter()
                .flat_map(|r| &r.findings)
                .filter(|f| f.rule_id == rule.id)
            {
                counts.add(f.verdict);
            }
            RuleTally {
                rule_id: rule.id.clone(),
                rule: rule.text.clone(),
                source: rule.source.clone(),
                counts,
            }
        })
        .collect()
}

/// Many policies' checks: per rule the verdict counts, then (JSON) each policy's verdicts.
pub fn render_many(reports: &[CheckReport], format: CheckFormat) -> String {
    let tallies = tally(reports);
    match format {
        CheckFormat::Json => {
            let policies: Vec<serde_json::Value> = reports
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "policy_id": r.policy_id,
                        "app": r.app,
                        "title": r.title,
                        "app_type": r.app_type,
                        "verdicts": r.findings.iter()
                            .map(|f| (f.rule_id.clone(), serde_json::to_value(f.verdict).unwrap_or_default()))
                            .collect::<serde_json::Map<String, serde_json::Value>>(),
                    })
                })
                .collect();
            serde_json::to_string_pretty(&serde_json::json!({
                "policies": reports.len(),
                "rules": tallies,
                "reports": policies,
            }))
            .unwrap_or_default()
                + "\n"
        }
        _ => {
            let md = matches!(format, CheckFormat::Markdown | CheckFormat::Html);
            let mut out = String::new();
            let _ = writeln!(
                out,
                "{} 份政策的合规检查（各取应用的最新版本）\n",
                reports.len()
            );
            if md {
                let _ = writeln!(
                    out,
                    "| 规则 | 符合 | 可能不符合 | 未提及 | 需人工判断 |\n|---|---:|---:|---:|---:|"
                );
            }
            for t in &tallies {
                let c = t.counts;
                if md {
                    let _ = writeln!(
                        out,
                        "| {} {} | {} | {} | {} | {} |",
                        t.rule_id,
                        t.rule,
                        c.complies,
                        c.may_not_comply,
                        c.not_mentioned,
                        c.needs_review
                    );
                } else {
                    let _ = writeln!(
                        out,
                        "{} {}\n    符合 {}，可能不符合 {}，未提及 {}，需人工判断 {}",
                        t.rule_id,
                        t.rule,
                        c.complies,
                        c.may_not_comply,
                        c.not_mentioned,
                        c.needs_review
                    );
                }
            }
            out
        }
    }
}

/// The 「合规检查」 section of a one-policy report ([`crate::export::policy_report`]), in the
/// report's format: the counts, the app type, then every finding with its note and evidence (or
/// where it looked).
pub fn report_section(report: &CheckReport, format: crate::export::ReportFormat) -> String {
    use crate::export::ReportFormat;
    let mut out = String::new();
    match format {
        ReportFormat::Markdown => {
            let _ = writeln!(out, "\n## 合规检查（{}）\n", counts_line(&report.counts));
            let _ = writeln!(out, "{}", app_type_line(report));
            for f in &report.findings {
                let _ = writeln!(
                    out,
                    "\n### [{}] {} {}（严重程度：{}）\n\n依据：{}。{}",
                    f.verdict.label(),
                    f.rule_id,
                    f.rule,
                    f.severity.label(),
                    f.source,
                    f.note
                );
                if !f.evidence.is_empty() {
                    out.push('\n');
                }
                for ev in &f.evidence {
                    let _ = writeln!(
                        out,
                        "- 条款（{}）：「{}」",
                        if ev.section.is_empty() {
                            "正文"
                        } else {
                            &ev.section
                        },
                        excerpt(&ev.clause).replace('\n', " ")
                    );
                }
                if !f.searched.is_empty() {
                    let _ = writeln!(out, "\n查找范围：{}", f.searched.join("；"));
                }
            }
        }
        ReportFormat::Html => {
            let e = html_escape;
            let _ = writeln!(
                out,
                "<h2>合规检查（{}）</h2>\n<p>{}</p>",
                e(&counts_line(&report.counts)),
                e(&app_type_line(report))
            );
            for f in &report.findings {
                let _ = write!(
                    out,
                    "<h3>[{}] {} {}（严重程度：{}）</h3><p>依据：{}。{}</p>",
                    e(f.verdict.label()),
                    e(&f.rule_id),
                    e(&f.rule),
                    e(f.severity.label()),
                    e(&f.source),
                    e(&f.note)
                );
                for ev in &f.evidence {
                    let _ = write!(
                        out,
                        "<blockquote>{}：{}</blockquote>",
                        e(if ev.section.is_empty() {
                            "正文"
                        } else {
                            &ev.section
                        }),
                        e(&excerpt(&ev.clause))
                    );
                }
                if !f.searched.is_empty() {
                    let _ = write!(out, "<p>查找范围：{}</p>", e(&f.searched.join("；")));
                }
                out.push('\n');
            }
        }
    }
    out
}
