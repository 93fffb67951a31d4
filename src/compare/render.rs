//! A [`Comparison`] for the reader: a text table (the terminal), JSON, CSV (one row per data
//! type, one column per app), Markdown and a self-contained HTML page (sticky headers, the
//! purposes, receivers and clause of a cell on hover, a bar chart per category; no script, no
//! external request).
use std::fmt::Write as _;

use super::*;
use crate::export::{csv_field, html_escape};

/// How a comparison is written out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompareFormat {
    Text,
    Json,
    Csv,
    Markdown,
    Html,
}

impl std::str::FromStr for CompareFormat {
    type Err = crate::error::Error;
    fn from_str(s: &str) -> crate::error::Result<Self> {
        let forms: &[(&[&str], Self)] = &[
            (&["text", "txt"], Self::Text),
            (&["json"], Self::Json),
            (&["csv"], Self::Csv),
            (&["md", "markdown"], Self::Markdown),
            (&["html", "htm"], Self::Html),
        ];
        crate::export::format_named(s, forms, "应用对比", "text、json、csv、md 或 html")
    }
}

/// `comparison` written as `format`.
pub fn render(comparison: &Comparison, format: CompareFormat) -> String {
    match format {
        CompareFormat::Json => serde_json::to_string_pretty(comparison).unwrap_or_default() + "\n",
        CompareFormat::Text => text(comparison),
        CompareFormat::Csv => csv(comparison),
        CompareFormat::Markdown => markdown(comparison),
        CompareFormat::Html => html(comparison),
    }
}

/// A cell in one or two chars, for the text and Markdown tables.
fn mark(state: CellState) -> &'static str {
    match state {
        CellState::CollectedShared => "●↗",
        CellState::Collected => "●",
        CellState::Shared => "↗",
        CellState::Negated => "✕",
        CellState::Mentioned => "○",
        CellState::NotMentioned => "·",
    }
}

const LEGEND: &str = "● 收集　↗ 共享　✕ 声明不收集　○ 仅提及　· 未提及";

fn row_name(r: &Row) -> String {
    if r.sensitive {
        format!("{}（敏感）", r.data_type)
    } else {
        r.data_type.clone()
    }
}

fn totals_line(a: &AppColumn) -> String {
    format!(
        "{}：收集或共享 {} 种（敏感 {} 种），共享 {} 种，声明不收集 {} 种",
        a.app, a.taken, a.sensitive_taken, a.shared, a.negated
    )
}

fn text(c: &Comparison) -> String {
    let mut out = format!("应用对比：{}\n{LEGEND}\n", app_names(c));
    // Columns in the apps' order, each two chars wide whatever its mark.
    for (i, a) in c.apps.iter().enumerate() {
        let _ = writeln!(out, "  第 {} 列  {}", i + 1, totals_line(a));
    }
    for category in &c.categories {
        let _ = write!(out, "\n{category}\n");
        for r in c.rows.iter().filter(|r| &r.category == category) {
            let marks: String = r
                .cells
                .iter()
                .map(|cell| format!("{:<2} ", mark(cell.state)))
                .collect();
            let _ = writeln!(out, "  {marks} {}", row_name(r));
        }
    }
    out
}

fn app_names(c: &Comparison) -> String {
    c.apps
        .iter()
        .map(|a| a.app.as_str())
        .collect::<Vec<_>>()
        .join("、")
}

fn csv(c: &Comparison) -> String {
    let mut out = String::from("类别,信息类型,敏感");
    for a in &c.apps {
        let _ = write!(out, ",{}", csv_field(&a.app));
    }
    out.push_str("\r\n");
    for r in &c.rows {
        let _ = write!(
            out,
            "{},{},{}",
            csv_field(&r.category),
            csv_field(&r.data_type),
            if r.sensitive { "是" } else { "否" }
        );
        for cell in &r.cells {
            let _ = write!(out, ",{}", csv_field(cell.state.label()));
        }
        out.push_str("\r\n");
    }
    out
}

fn md_cell(text: &str) -> String {
    text.replace(['\n', '\r'], " ").replace('|', "\\|")
}

fn markdown(c: &Comparison) -> String {
    let mut out = format!("# 应用对比：{}\n\n{LEGEND}\n\n", md_cell(&app_names(c)));
    for a in &c.apps {
        let _ = writeln!(out, "- {}", md_cell(&totals_line(a)));
    }
    out.push_str("\n| 类别 | 信息类型 |");
    for a in &c.apps {
        let _ = write!(out, " {} |", md_cell(&a.app));
    }
    out.push_str("\n|---|---|");
    out.push_str(&"---|".repeat(c.apps.len()));
    out.push('\n');
    for r in &c.rows {
        let _ = write!(
            out,
            "| {} | {} |",
            md_cell(&r.category),
            md_cell(&row_name(r))
        );
        for cell in &r.cells {
            let _ = write!(out, " {} |", mark(cell.state));
        }
        out.push('\n');
    }
    out
}

/// What hovering a cell shows: its state, purposes, receivers and clause.
fn cell_title(cell: &Cell) -> String {
    let mut t = cell.state.label().to_string();
    if !cell.purposes.is_empty() {
        let _ = write!(t, "\n用途：{}", cell.purposes.join("、"));
    }
    if !cell.receivers.is_empty() {
        let _ = write!(t, "\n接收方：{}", cell.receivers.join("、"));
    }
    if let Some(e) = &cell.evidence {
        let clause: String = e.clause.chars().take(160).collect();
        let _ = write!(t, "\n「{clause}」");
    }
    t
}

/// The bars' colours, one per app in turn.
const PALETTE: [&str; 6] = [
    "#2456a6", "#b5651d", "#17702b", "#8a2a8a", "#a3161b", "#4a6b7a",
];

/// Which colour is which app.
fn chart_legend(c: &Comparison) -> String {
    let mut out = String::from("<p>");
    for (i, a) in c.apps.iter().enumerate() {
        let _ = write!(
            out,
            "<span style=\"display:inline-block;width:.9em;height:.9em;background:{};margin:0 .3em 0 1em\"></span>{}",
            PALETTE[i % PALETTE.len()],
            html_escape(&a.app)
        );
    }
    out.push_str("</p>\n");
    out
}

/// Bars of the types each app takes per category, as an inline SVG.
fn chart(c: &Comparison) -> String {
    let (bar, gap, label_width, scale) = (14, 4, 150, 12);
    let group = c.apps.len() * (bar + gap) + 10;
    let height = c.categories.len() * group + 20;
    let most = c
        .apps
        .iter()
        .flat_map(|a| a.by_category.iter().copied())
        .max()
        .unwrap_or(0);
    let width = label_width + most * scale + 80;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"各类别收集或共享的信息类型数\">"
    );
    for (k, category) in c.categories.iter().enumerate() {
        let y0 = 10 + k * group;
        let _ = write!(
            svg,
            "<text x=\"0\" y=\"{}\" font-size=\"12\">{}</text>",
            y0 + bar,
            html_escape(category)
        );
        for (i, a) in c.apps.iter().enumerate() {
            let y = y0 + i * (bar + gap);
            let n = a.by_category[k];
            let _ = write!(
                svg,
                "<rect x=\"{label_width}\" y=\"{y}\" width=\"{}\" height=\"{bar}\" fill=\"{}\"><title>{}：{n} 种</title></rect><text x=\"{}\" y=\"{}\" font-size=\"11\">{n}</text>",
                n * scale,
                PALETTE[i % PALETTE.len()],
                html_escape(&a.app),
                label_width + n * scale + 4,
                y + bar - 3
            );
        }
    }
    svg.push_str("</svg>");
    svg
}

fn html(c: &Comparison) -> String {
    let e = html_escape;
    let title = format!("应用对比：{}", app_names(c));
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{}</title><style>\
         body{{font-family:sans-serif;margin:1.5em;line-height:1.5}}\
         table{{border-collapse:collapse}}th,td{{border:1px solid #ddd;padding:2px 8px;text-align:center}}\
         thead th{{position:sticky;top:0;background:#f4f4f4;z-index:1}}\
         td.type,th.type{{text-align:left;position:sticky;left:0;background:#fff}}\
         tr.category th{{text-align:left;background:#eef}}\
         .sensitive{{color:#a3161b;font-weight:bold}}\
         .collected_shared{{background:#f6c7a8}}.collected{{background:#fbe3c9}}.shared{{background:#f9d3d3}}\
         .negated{{background:#d7f5dd}}.mentioned{{color:#777}}.not_mentioned{{color:#bbb}}</style></head><body>\n\
         <h1>{}</h1>\n<p>{}</p>\n<ul>",
        e(&title),
        e(&title),
        e(LEGEND)
    );
    for a in &c.apps {
        let _ = write!(out, "<li>{}</li>", e(&totals_line(a)));
    }
    out.push_str("</ul>\n<h2>各类别收集或共享的信息类型数</h2>\n");
    out.push_str(&chart_legend(c));
    out.push_str(&chart(c));
    out.push_str("\n<h2>信息类型 × 应用</h2>\n<table><thead><tr><th class=\"type\">信息类型</th>");
    for a in &c.apps {
        let _ = write!(
            out,
            "<th title=\"{}\">{}</th>",
            e(&format!(
                "{}（政策 {}）",
                a.title.as_deref().unwrap_or(""),
                a.policy_id
            )),
            e(&a.app)
        );
    }
    out.push_str("</tr></thead><tbody>\n");
    for category in &c.categories {
        let _ = writeln!(
            out,
            "<tr class=\"category\"><th colspan=\"{}\">{}</th></tr>",
            c.apps.len() + 1,
            e(category)
        );
        for r in c.rows.iter().filter(|r| &r.category == category) {
            let class = if r.sensitive { " sensitive" } else { "" };
            let _ = write!(
                out,
                "<tr><td class=\"type{class}\">{}</td>",
                e(&row_name(r))
            );
            for cell in &r.cells {
                let state = serde_json::to_value(cell.state)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default();
                let _ = write!(
                    out,
                    "<td class=\"{state}\" title=\"{}\">{}</td>",
                    e(&cell_title(cell)),
                    e(mark(cell.state))
                );
            }
            out.push_str("</tr>\n");
        }
    }
    out.push_str("</tbody></table>\n</body></html>\n");
    out
}
