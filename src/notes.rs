//! Notes: a reader's notes on policy clauses, kept in the library's SQLite database.
//!
//! A note is anchored three ways — the policy id, char offsets into its original text, and the
//! quoted text itself — so it survives a restart, a re-index (ids are content hashes, offsets are
//! into the original, neither changes) and a new version of the policy: when the newest version
//! of the note's policy is not the one it was written on, the note is re-anchored by finding its quote in the new text
//! (the occurrence nearest the old offset), or, when the quote is gone, kept on the old version
//! and marked orphaned. A note is never dropped — not even when its policy is removed.
//!
//! "Newer version" means a newer version of the *same policy* (its lineage: the key the library
//! gives the versions of one policy), never merely a policy of the same app name: unrelated
//! policies often share a name (a crawl has dozens titled after a brand or "用户").

use serde::{Deserialize, Serialize};

use crate::document::{Policy, Span};

/// Where a note stands relative to the newest version of its policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum NoteStatus {
    /// On the policy it was written on, which is the newest version.
    Anchored,
    /// Moved to a newer version of the policy, where its quote was found.
    Reanchored,
    /// Its quote is not in the newest version (or its policy was removed): kept as written.
    Orphaned,
}

impl NoteStatus {
    pub(crate) fn as_str(&self) -> &'static str {
        match self {
            NoteStatus::Anchored => "anchored",
            NoteStatus::Reanchored => "reanchored",
            NoteStatus::Orphaned => "orphaned",
        }
    }
    fn parse(s: &str) -> NoteStatus {
        match s {
            "reanchored" => NoteStatus::Reanchored,
            "orphaned" => NoteStatus::Orphaned,
            _ => NoteStatus::Anchored,
        }
    }
}

/// A note on a span of a policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Note {
    pub id: i64,
    pub policy_id: String,
    pub app: Option<String>,
    pub policy_title: Option<String>,
    /// Char offsets into the policy's original text (the desktop app gives its UI UTF-16 ones).
    pub span: Span,
    /// The original text the note is on.
    pub quote: String,
    /// The section path of the clause.
    pub section: String,
    pub body: String,
    pub tags: Vec<String>,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub updated_at: String,
    pub status: NoteStatus,
}

/// Which notes to list or export; empty fields match everything.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
pub struct NoteFilter {
    pub policy_id: Option<String>,
    pub app: Option<String>,
    pub tag: Option<String>,
    /// Matches the note's body or quote.
    pub text: Option<String>,
}

/// Tags as a user types them: split on commas and spaces, `#` dropped, duplicates removed.
pub fn clean_tags(tags: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in tags
        .iter()
        .flat_map(|t| t.split([',', '，', ' ', '、', '\u{3000}']))
        .map(|t| t.trim().trim_start_matches('#').to_string())
        .filter(|t| !t.is_empty())
    {
        if !out.contains(&t) {
            out.push(t);
        }
    }
    out
}

pub(crate) const COLUMNS: &str =
    "id, policy_id, app, policy_title, start, end, quote, section, body, tags, \
                       status, created_at, updated_at";

pub(crate) fn note_from(r: &rusqlite::Row) -> rusqlite::Result<Note> {
    let tags: String = r.get(9)?;
    let status: String = r.get(10)?;
    Ok(Note {
        id: r.get(0)?,
        policy_id: r.get(1)?,
        app: r.get(2)?,
        policy_title: r.get(3)?,
        span: Span::new(r.get::<_, i64>(4)? as usize, r.get::<_, i64>(5)? as usize),
        quote: r.get(6)?,
        section: r.get(7)?,
        body: r.get(8)?,
        tags: serde_json::from_str(&tags).unwrap_or_default(),
        status: NoteStatus::parse(&status),
        created_at: r.get(11)?,
        updated_at: r.get(12)?,
    })
}

pub(crate) fn section_at(policy: &Policy, at: usize) -> String {
    policy
        .block_at(at)
        .map(|b| policy.blocks[b].section_path())
        .unwrap_or_default()
}

/// The occurrence of `quote` in `text` (char offsets) nearest to char offset `near`.
pub(crate) fn find_quote(text: &str, quote: &str, near: usize) -> Option<Span> {
    if quote.is_empty() {
        return None;
    }
    let index = crate::document::CharIndex::new(text);
    let len = quote.chars().count();
    text.match_indices(quote)
        .map(|(b, _)| index.char_of(b))
        .min_by_key(|&c| c.abs_diff(near))
        .map(|c| Span::new(c, c + len))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_split_and_deduplicated() {
        let tags = clean_tags(&["#位置, 敏感".into(), "敏感 SDK".into(), " ".into()]);
        assert_eq!(tags, ["位置", "敏感", "SDK"]);
    }

    #[test]
    fn quote_is_found_nearest_the_old_offset() {
        let text = "位置信息……位置信息……位置信息";
        assert_eq!(find_quote(text, "位置信息", 11), Some(Span::new(12, 16)));
        assert_eq!(find_quote(text, "通讯录", 0), None);
    }
}
