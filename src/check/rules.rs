//! The rules `check` reads a policy against: `data/check/rules.tsv`, loaded once.
use serde::Serialize;

/// How much a broken rule matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Severity {
    High,
    Medium,
    Low,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::High => "高",
            Severity::Medium => "中",
            Severity::Low => "低",
        }
    }
}

/// One row of `data/check/rules.tsv`.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    pub id: String,
    pub severity: Severity,
    /// The rule in plain Chinese.
    pub text: String,
    /// The document and item it comes from.
    pub source: String,
    /// Which check reads it (`purposes`, `topic` …).
    pub check: String,
    pub parameters: String,
}

/// The checks `check` knows.
pub const CHECKS: &[&str] = &[
    "purposes",
    "receivers",
    "sdks",
    "opt_out",
    "topic",
    "words",
    "sensitive_marked",
    "separate_consent",
    "dates",
    "operator",
    "necessary_info",
];

/// Every rule, in the file's order.
pub fn rules() -> &'static [Rule] {
    static RULES: std::sync::LazyLock<Vec<Rule>> = std::sync::LazyLock::new(|| {
        parse(include_str!("../../data/check/rules.tsv"))
            .unwrap_or_else(|e| panic!("data/check/rules.tsv: {e}"))
    });
    &RULES
}

/// Read a rules file: tab-separated rows (see the file's header), `#` comments.
pub fn parse(text: &str) -> Result<Vec<Rule>, String> {
    let mut rules: Vec<Rule> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() != 6 {
            return Err(format!("line {}: six columns, found {}", n + 1, f.len()));
        }
        let severity = match f[1] {
            "high" => Severity::High,
            "medium" => Severity::Medium,
            "low" => Severity::Low,
            other => return Err(format!("line {}: unknown severity {other:?}", n + 1)),
        };
        if !CHECKS.contains(&f[4]) {
            return Err(format!("line {}: unknown check {:?}", n + 1, f[4]));
        }
        if f[4] == "topic" {
            let id = f[5].split(';').next().unwrap_or_default();
            if crate::ask::topic_section_words(id).is_none() {
                return Err(format!(
                    "line {}: no topic {id:?} in data/ask/topics.tsv",
                    n + 1
                ));
            }
        }
        if rules.iter().any(|r| r.id == f[0]) {
            return Err(format!("line {}: rule {} twice", n + 1, f[0]));
        }
        rules.push(Rule {
            id: f[0].to_string(),
            severity,
            text: f[2].to_string(),
            source: f[3].to_string(),
            check: f[4].to_string(),
            parameters: f[5].to_string(),
        });
    }
    Ok(rules)
}
