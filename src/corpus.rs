//! Annotated policies in the CA4P JSONL format, for training the labeller and scoring extraction.
//!
//! One policy a line: `{"id", "fold", "text", "spans": [{"label", "start", "end", "text"}],
//! "topics": [{"topic", "start", "end"}]}`, offsets in chars of `text`, ends exclusive. CA4P
//! (Zhao et al., EMNLP 2022) annotated spans only inside paragraphs of the topics in
//! [`ANNOTATED_TOPICS`]; elsewhere a span's absence says nothing, so training and scoring look
//! only inside those paragraphs.
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::document::{Policy, Span};
use crate::error::{Error, Result};
use crate::extract::Label;
use crate::parse::{parse_bytes, ParseOptions};

/// Paragraph topics whose spans were annotated: collection and use (`e_1`), third parties
/// (`e_2`), what the user provides and permissions (`e_3`), children (`e_11`).
pub const ANNOTATED_TOPICS: [&str; 4] = ["e_1", "e_2", "e_3", "e_11"];

/// One annotated span.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldSpan {
    pub label: String,
    pub start: usize,
    pub end: usize,
}

/// One paragraph's topic.
#[derive(Debug, Clone, Deserialize)]
pub struct Topic {
    pub topic: String,
    pub start: usize,
    pub end: usize,
}

/// One annotated policy.
#[derive(Debug, Clone, Deserialize)]
pub struct AnnotatedPolicy {
    pub id: String,
    pub fold: String,
    pub text: String,
    pub spans: Vec<GoldSpan>,
    pub topics: Vec<Topic>,
}

impl AnnotatedPolicy {
    /// The paragraphs whose spans were annotated.
    pub fn annotated_regions(&self) -> Vec<Span> {
        self.topics
            .iter()
            .filter(|t| ANNOTATED_TOPICS.contains(&t.topic.as_str()))
            .map(|t| Span::new(t.start, t.end))
            .collect()
    }

    /// The gold spans inside annotated paragraphs, with labels this program knows.
    pub fn gold(&self) -> Vec<(Label, Span)> {
        let regions = self.annotated_regions();
        self.spans
            .iter()
            .filter_map(|s| {
                let label = label_named(&s.label)?;
                let span = Span::new(s.start, s.end);
                regions
                    .iter()
                    .any(|r| r.contains(span))
                    .then_some((label, span))
            })
            .collect()
    }

    /// The policy through the same pipeline the CLI runs on a `.txt` file of its text.
    pub fn parse(&self) -> Result<Policy> {
        parse_bytes(
            Path::new(&format!("{}.txt", self.id)),
            self.text.as_bytes(),
            &ParseOptions::default(),
        )
    }
}

/// The label of a corpus label name.
pub fn label_named(name: &str) -> Option<Label> {
    crate::labeller::LABELS
        .iter()
        .copied()
        .find(|l| l.as_str() == name)
}

/// Read the policies of `fold` (`train`, `valid` or `all`) from a JSONL file.
pub fn read(path: &Path, fold: &str) -> Result<Vec<AnnotatedPolicy>> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: PathBuf::from(path),
        source,
    })?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let policy: AnnotatedPolicy = serde_json::from_str(line).map_err(|e| Error::Data {
            path: path.display().to_string(),
            line: i + 1,
            message: format!("不是标注好的政策：{e}"),
        })?;
        if fold == "all" || policy.fold == fold {
            out.push(policy);
        }
    }
    Ok(out)
}
