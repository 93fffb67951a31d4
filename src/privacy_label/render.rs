//! A [`PrivacyLabel`] written out: Markdown (each line with its clause), JSON, plain text for
//! the terminal, and an SVG image a user can post — self-contained, no script, no external
//! font or image; text wrapped by the widths of its characters.
use std::fmt::Write as _;

use super::*;
use crate::export::html_escape;

/// How a privacy label is written out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelFormat {
    Text,
    Json,
    Markdown,
    Svg,
}

impl std::str::FromStr for LabelFormat {
    type Err = crate::error::Error;
    fn from_str(s: &str) -> crate::error::Result<Self> {
        let forms: &[(&[&str], Self)] = &[
            (&["text", "txt"], Self::Text),
            (&["json"], Self::Json),
            (&["md", "markdown"], Self::Markdown),
            (&["svg"], Self::Svg),
        ];
        crate::export::format_named(s, forms, "隐私标签", "text、json、md 或 svg")
    }
}

/// `label` in `format`.
pub fn render(label: &PrivacyLabel, format: LabelFormat) -> String {
    match format {
        LabelFormat::Json => serde_json::to_string_pretty(label).unwrap_or_default() + "\n",
        LabelFormat::Text => text(label),
        LabelFormat::Markdown => markdown(label),
        LabelFormat::Svg => svg(label),
    }
}

fn heading(label: &PrivacyLabel) -> String {
    let app = label.app.as_deref().unwrap_or("（未识别应用）");
    format!("隐私标签：{app}")
}

fn subheading(label: &PrivacyLabel) -> String {
    let mut parts = vec![label.title.clone().unwrap_or_else(|| "隐私政策".into())];
    if let Some(u) = &label.updated {
        parts.push(format!("更新于 {u}"));
    }
    parts.push(label.counts_line());
    parts.join(" · ")
}

/// `手机号码（敏感，可选）`.
fn item_name(item: &LabelItem) -> String {
    let mut marks = Vec::new();
    if item.sensitive {
        marks.push("敏感");
    }
    if item.optional {
        marks.push("可选");
    }
    if marks.is_empty() {
        item.data_type.clone()
    } else {
        format!("{}（{}）", item.data_type, marks.join("，"))
    }
}

/// The category's purposes, in first-seen order; `未说明` when none.
fn purposes(category: &LabelCategory) -> String {
    let mut all: Vec<&str> = Vec::new();
    for p in category.items.iter().flat_map(|i| &i.purposes) {
        if !all.contains(&p.as_str()) {
            all.push(p);
        }
    }
    if all.is_empty() {
        "未说明".into()
    } else {
        all.join("、")
    }
}

fn receivers(category: &LabelCategory) -> String {
    if category.receivers.is_empty() {
        "未写明".into()
    } else {
        category.receivers.join("、")
    }
}

fn text(label: &PrivacyLabel) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}\n{}\n", heading(label), subheading(label));
    for s in &label.sections {
        let _ = writeln!(out, "■ {}（{}）", s.title, s.explanation);
        for c in &s.categories {
            let _ = writeln!(out, "  {}", c.category);
            let names: Vec<String> = c.items.iter().map(item_name).collect();
            let _ = writeln!(out, "    {}：{}", s.group.item_word(), names.join("、"));
            let _ = writeln!(out, "    用途：{}", purposes(c));
            let _ = writeln!(out, "    提供给：{}", receivers(c));
        }
        out.push('\n');
    }
    for l in &label.lines {
        let _ = writeln!(out, "{}：{}", l.label, l.text);
    }
    out
}

fn markdown(label: &PrivacyLabel) -> String {
    let md = |s: &str| s.replace('|', "\\|").replace('\n', " ");
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n\n{}\n", heading(label), subheading(label));
    if label.sections.is_empty() {
        out.push_str("政策中没有读到收集个人信息的条款。\n\n");
    }
    for s in &label.sections {
        let _ = writeln!(out, "## {}\n\n{}。\n", s.title, s.explanation);
        let _ = writeln!(
            out,
            "| 类别 | {} | 用途 | 提供给 |\n|---|---|---|---|",
            s.group.item_word()
        );
        for c in &s.categories {
            let names: Vec<String> = c.items.iter().map(item_name).collect();
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                md(&c.category),
                md(&names.join("、")),
                md(&purposes(c)),
                md(&receivers(c))
            );
        }
        out.push('\n');
    }
    out.push_str("## 保存、删除与共享\n\n");
    for l in &label.lines {
        let _ = writeln!(out, "- **{}**：{}", l.label, md(&l.text));
    }
    out.push_str("\n## 条款出处\n\n");
    for s in &label.sections {
        for c in &s.categories {
            for i in &c.items {
                if let Some(e) = &i.evidence {
                    let _ = writeln!(
                        out,
                        "- {}（{}）：「{}」",
                        i.data_type,
                        if e.section.is_empty() {
                            "正文"
                        } else {
                            &e.section
                        },
                        md(&e.clause)
                    );
                }
            }
        }
    }
    for l in &label.lines {
        if let Some(e) = &l.evidence {
            let _ = writeln!(out, "- {}：「{}」", l.label, md(&e.clause));
        }
    }
    out
}

// ---- SVG -------------------------------------------------------------------------------------

const WIDTH: f64 = 720.0;
const MARGIN: f64 = 24.0;
const FONT: &str =
    "'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei',sans-serif";

/// The width of `text` at `size` px: CJK and full-width chars one em, others about half.
fn text_width(text: &str, size: f64) -> f64 {
    text.chars()
        .map(|c| if (c as u32) < 0x2E80 { 0.55 } else { 1.0 })
        .sum::<f64>()
        * size
}

#[cfg(test)]
pub(super) fn text_width_for_tests(text: &str, size: f64) -> f64 {
    text_width(text, size)
}

/// `text` cut into lines no wider than `width` at `size` px.
fn wrap(text: &str, width: f64, size: f64) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for c in text.chars() {
        let mut probe = line.clone();
        probe.push(c);
        if text_width(&probe, size) > width && !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        line.push(c);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

struct Canvas {
    body: String,
    y: f64,
}

impl Canvas {
    /// Wrapped text at `x`, each line `size` × 1.45 below the last.
    fn text(&mut self, x: f64, text: &str, size: f64, fill: &str, weight: &str) {
        for line in wrap(text, WIDTH - MARGIN - x, size) {
            self.y += size * 1.45;
            let _ = writeln!(
                self.body,
                r#"<text x="{x}" y="{:.1}" font-size="{size}" fill="{fill}" font-weight="{weight}">{}</text>"#,
                self.y,
                html_escape(&line)
            );
        }
    }

    fn rule(&mut self, thick: f64, gap: f64) {
        self.y += gap;
        let _ = writeln!(
            self.body,
            r##"<rect x="{MARGIN}" y="{:.1}" width="{}" height="{thick}" fill="#111827"/>"##,
            self.y,
            WIDTH - 2.0 * MARGIN
        );
        self.y += thick;
    }
}

fn svg(label: &PrivacyLabel) -> String {
    let mut c = Canvas {
        body: String::new(),
        y: MARGIN - 6.0,
    };
    c.text(MARGIN, &heading(label), 26.0, "#111827", "700");
    c.text(MARGIN, &subheading(label), 13.0, "#4b5563", "400");
    c.rule(6.0, 8.0);
    if label.sections.is_empty() {
        c.text(
            MARGIN,
            "政策中没有读到收集个人信息的条款。",
            15.0,
            "#111827",
            "400",
        );
    }
    for s in &label.sections {
        c.y += 6.0;
        c.text(MARGIN, &s.title, 18.0, "#111827", "700");
        c.text(MARGIN, &s.explanation, 12.0, "#6b7280", "400");
        for cat in &s.categories {
            c.y += 4.0;
            c.text(MARGIN + 8.0, &cat.category, 15.0, "#111827", "700");
            let names: Vec<String> = cat.items.iter().map(item_name).collect();
            let sensitive = cat.items.iter().any(|i| i.sensitive);
            c.text(
                MARGIN + 20.0,
                &format!("{}：{}", s.group.item_word(), names.join("、")),
                13.0,
                if sensitive { "#b91c1c" } else { "#111827" },
                "400",
            );
            c.text(
                MARGIN + 20.0,
                &format!("用途：{}", purposes(cat)),
                13.0,
                "#374151",
                "400",
            );
            c.text(
                MARGIN + 20.0,
                &format!("提供给：{}", receivers(cat)),
                13.0,
                "#374151",
                "400",
            );
        }
        c.rule(1.5, 8.0);
    }
    c.y += 4.0;
    for l in &label.lines {
        c.text(
            MARGIN,
            &format!("{}：{}", l.label, l.text),
            13.0,
            if l.stated { "#111827" } else { "#b45309" },
            "400",
        );
    }
    c.rule(3.0, 10.0);
    c.text(
        MARGIN,
        "由 PolicyLens（隐私政策阅读助手）依据政策原文生成；「可选」指仅在使用某些功能时收集。",
        11.0,
        "#6b7280",
        "400",
    );
    let height = c.y + MARGIN;
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{height:.0}\" viewBox=\"0 0 {WIDTH} {height:.0}\" font-family=\"{FONT}\">\n\
         <rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n<rect x=\"8\" y=\"8\" width=\"{}\" height=\"{:.0}\" fill=\"none\" stroke=\"#111827\" stroke-width=\"2\"/>\n{}</svg>\n",
        WIDTH - 16.0,
        height - 16.0,
        c.body
    )
}

/// The 「隐私标签」 section of a one-policy report ([`crate::export::policy_report`]), in the
/// report's format: the card's table and lines (the clauses are in the report's other sections).
pub fn report_section(label: &PrivacyLabel, format: crate::export::ReportFormat) -> String {
    use crate::export::ReportFormat;
    let mut out = String::new();
    match format {
        ReportFormat::Markdown => {
            let md = |s: &str| s.replace('|', "\\|").replace('\n', " ");
            let _ = writeln!(out, "\n## 隐私标签\n\n{}\n", subheading(label));
            if !label.sections.is_empty() {
                let _ = writeln!(
                    out,
                    "| 分组 | 类别 | 信息 | 用途 | 提供给 |\n|---|---|---|---|---|"
                );
            }
            for s in &label.sections {
                for c in &s.categories {
                    let names: Vec<String> = c.items.iter().map(item_name).collect();
                    let _ = writeln!(
                        out,
                        "| {} | {} | {} | {} | {} |",
                        s.title,
                        md(&c.category),
                        md(&names.join("、")),
                        md(&purposes(c)),
                        md(&receivers(c))
                    );
                }
            }
            out.push('\n');
            for l in &label.lines {
                let _ = writeln!(out, "- {}：{}", l.label, md(&l.text));
            }
        }
        ReportFormat::Html => {
            let e = html_escape;
            let _ = writeln!(out, "<h2>隐私标签</h2>\n<p>{}</p>", e(&subheading(label)));
            if !label.sections.is_empty() {
                out.push_str("<table><thead><tr><th>分组</th><th>类别</th><th>信息</th><th>用途</th><th>提供给</th></tr></thead><tbody>");
            }
            for s in &label.sections {
                for c in &s.categories {
                    let names: Vec<String> = c.items.iter().map(item_name).collect();
                    let _ = write!(
                        out,
                        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                        e(&s.title),
                        e(&c.category),
                        e(&names.join("、")),
                        e(&purposes(c)),
                        e(&receivers(c))
                    );
                }
            }
            if !label.sections.is_empty() {
                out.push_str("</tbody></table>\n");
            }
            out.push_str("<ul>");
            for l in &label.lines {
                let _ = write!(out, "<li>{}：{}</li>", e(&l.label), e(&l.text));
            }
            out.push_str("</ul>\n");
        }
    }
    out
}
