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
use std::collections::HashMap;

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::document::{Policy, Span};
use crate::error::{Error, Result};
use crate::library::Library;

/// The notes table (library database migration 2).
pub(crate) const NOTES_MIGRATION: &str = "CREATE TABLE notes (
         id INTEGER PRIMARY KEY,
         policy_id TEXT NOT NULL,
         app TEXT,
         policy_title TEXT,
         start INTEGER NOT NULL,
         end INTEGER NOT NULL,
         quote TEXT NOT NULL,
         section TEXT NOT NULL,
         body TEXT NOT NULL,
         tags TEXT NOT NULL,
         status TEXT NOT NULL,
         created_at TEXT NOT NULL,
         updated_at TEXT NOT NULL
     );
     CREATE INDEX notes_policy ON notes(policy_id);";

/// Migration 3: the lineage of a note's policy (the key its versions share, see
/// [`crate::library`]), so a note follows its own policy's versions and nothing else — several
/// unrelated policies can carry the same app name. Notes written before it get the lineage of
/// their policy when it is still in the library.
pub(crate) const NOTES_LINEAGE_MIGRATION: &str = "ALTER TABLE notes ADD COLUMN lineage TEXT;
     UPDATE notes SET lineage = (SELECT lineage FROM policies WHERE policies.id = notes.policy_id);";

/// Where a note stands relative to the newest version of its policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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
    fn as_str(&self) -> &'static str {
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
pub struct Note {
    pub id: i64,
    pub policy_id: String,
    pub app: Option<String>,
    pub policy_title: Option<String>,
    /// Char offsets into the policy's original text.
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

const COLUMNS: &str = "id, policy_id, app, policy_title, start, end, quote, section, body, tags, \
                       status, created_at, updated_at";

fn note_from(r: &rusqlite::Row) -> rusqlite::Result<Note> {
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

fn section_at(policy: &Policy, at: usize) -> String {
    policy
        .block_at(at)
        .map(|b| policy.blocks[b].section_path())
        .unwrap_or_default()
}

/// The occurrence of `quote` in `text` (char offsets) nearest to char offset `near`.
fn find_quote(text: &str, quote: &str, near: usize) -> Option<Span> {
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

impl Library {
    fn note_by_id(&self, conn: &Connection, id: i64) -> Result<Note> {
        conn.query_row(
            &format!("SELECT {COLUMNS} FROM notes WHERE id = ?1"),
            [id],
            note_from,
        )
        .optional()
        .map_err(|e| self.db_error(e))?
        .ok_or(Error::NoteNotFound { id })
    }

    /// Add a note on `span` (char offsets) of policy `policy_id`.
    pub fn add_note(
        &self,
        policy_id: &str,
        span: Span,
        body: &str,
        tags: &[String],
    ) -> Result<Note> {
        let policy = self.get(policy_id)?;
        let len = policy.char_len();
        if span.start >= span.end || span.end > len {
            return Err(Error::NoteOutsidePolicy {
                span,
                policy: policy.id,
                chars: len,
            });
        }
        let quote = policy.slice(span).to_string();
        let lineage = self
            .policy_versions()?
            .into_iter()
            .find(|(id, _, _)| *id == policy.id)
            .map(|(_, lineage, _)| lineage);
        let now = crate::library::now_rfc3339();
        let tags = serde_json::to_string(&clean_tags(tags)).expect("tags serialize");
        let conn = self.db();
        conn.execute(
            "INSERT INTO notes (policy_id, app, policy_title, start, end, quote, section, body, tags, \
             status, created_at, updated_at, lineage) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11, ?12)",
            params![
                policy.id,
                policy.app,
                policy.title,
                span.start as i64,
                span.end as i64,
                quote,
                section_at(&policy, span.start),
                body,
                tags,
                NoteStatus::Anchored.as_str(),
                now,
                lineage
            ],
        )
        .map_err(|e| self.db_error(e))?;
        self.note_by_id(&conn, conn.last_insert_rowid())
    }

    /// Change a note's body and tags.
    pub fn update_note(&self, id: i64, body: &str, tags: &[String]) -> Result<Note> {
        let conn = self.db();
        let tags = serde_json::to_string(&clean_tags(tags)).expect("tags serialize");
        let n = conn
            .execute(
                "UPDATE notes SET body = ?1, tags = ?2, updated_at = ?3 WHERE id = ?4",
                params![body, tags, crate::library::now_rfc3339(), id],
            )
            .map_err(|e| self.db_error(e))?;
        if n == 0 {
            return Err(Error::NoteNotFound { id });
        }
        self.note_by_id(&conn, id)
    }

    /// Delete a note (the only way a note goes away).
    pub fn delete_note(&self, id: i64) -> Result<()> {
        let n = self
            .db()
            .execute("DELETE FROM notes WHERE id = ?1", [id])
            .map_err(|e| self.db_error(e))?;
        if n == 0 {
            return Err(Error::NoteNotFound { id });
        }
        Ok(())
    }

    /// The notes matching `filter`, oldest first, each re-anchored to the newest version of its
    /// policy when there is one (see the module docs).
    pub fn list_notes(&self, filter: &NoteFilter) -> Result<Vec<Note>> {
        // A read-only library cannot record moves: its notes are listed as last stored.
        if !self.is_read_only() {
            self.reanchor_notes()?;
        }
        let conn = self.db();
        let mut stmt = conn
            .prepare(&format!(
                "SELECT {COLUMNS} FROM notes ORDER BY created_at, id"
            ))
            .map_err(|e| self.db_error(e))?;
        let notes = stmt
            .query_map([], note_from)
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<Note>>>())
            .map_err(|e| self.db_error(e))?;
        let text = filter.text.as_deref().map(str::to_lowercase);
        Ok(notes
            .into_iter()
            .filter(|n| {
                filter
                    .policy_id
                    .as_ref()
                    .is_none_or(|p| n.policy_id.starts_with(p.as_str()))
            })
            .filter(|n| {
                filter
                    .app
                    .as_ref()
                    .is_none_or(|a| n.app.as_ref() == Some(a))
            })
            .filter(|n| filter.tag.as_ref().is_none_or(|t| n.tags.contains(t)))
            .filter(|n| {
                text.as_ref().is_none_or(|t| {
                    n.body.to_lowercase().contains(t) || n.quote.to_lowercase().contains(t)
                })
            })
            .collect())
    }

    /// Move notes whose policy has a newer version onto it, by their quotes.
    fn reanchor_notes(&self) -> Result<()> {
        let versions = self.policy_versions()?;
        let lineage_of: HashMap<&str, &str> = versions
            .iter()
            .map(|(id, lineage, _)| (id.as_str(), lineage.as_str()))
            .collect();
        let mut newest: HashMap<&str, (u32, &str)> = HashMap::new();
        for (id, lineage, version) in &versions {
            let e = newest.entry(lineage.as_str()).or_insert((*version, id));
            if *version > e.0 {
                *e = (*version, id);
            }
        }
        let notes: Vec<(Note, Option<String>)> = {
            let conn = self.db();
            let mut stmt = conn
                .prepare(&format!("SELECT {COLUMNS}, lineage FROM notes"))
                .map_err(|e| self.db_error(e))?;
            let rows = stmt
                .query_map([], |r| Ok((note_from(r)?, r.get::<_, Option<String>>(13)?)))
                .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
                .map_err(|e| self.db_error(e))?;
            rows
        };
        let mut policies: HashMap<String, Policy> = HashMap::new();
        for (note, lineage) in notes {
            let exists = lineage_of.contains_key(note.policy_id.as_str());
            // The lineage recorded with the note, else (a note from before migration 3 whose
            // policy is still here) its policy's.
            let lineage = lineage
                .as_deref()
                .or_else(|| lineage_of.get(note.policy_id.as_str()).copied());
            let newest = lineage.and_then(|l| newest.get(l)).map(|&(_, id)| id);
            let target = match newest {
                Some(id) if id != note.policy_id => id.to_string(),
                _ if exists => {
                    if note.status != NoteStatus::Anchored && note.status != NoteStatus::Reanchored
                    {
                        self.set_note_status(note.id, NoteStatus::Anchored)?;
                    }
                    continue;
                }
                _ => {
                    if note.status != NoteStatus::Orphaned {
                        self.set_note_status(note.id, NoteStatus::Orphaned)?;
                    }
                    continue;
                }
            };
            if !policies.contains_key(&target) {
                policies.insert(target.clone(), self.get(&target)?);
            }
            let policy = &policies[&target];
            match find_quote(&policy.text, &note.quote, note.span.start) {
                Some(span) => {
                    self.db()
                        .execute(
                            "UPDATE notes SET policy_id = ?1, policy_title = ?2, start = ?3, end = ?4, \
                             section = ?5, status = 'reanchored', lineage = ?6 WHERE id = ?7",
                            params![
                                policy.id,
                                policy.title,
                                span.start as i64,
                                span.end as i64,
                                section_at(policy, span.start),
                                lineage,
                                note.id
                            ],
                        )
                        .map_err(|e| self.db_error(e))?;
                }
                None => {
                    if note.status != NoteStatus::Orphaned {
                        self.set_note_status(note.id, NoteStatus::Orphaned)?;
                    }
                }
            }
        }
        Ok(())
    }

    fn set_note_status(&self, id: i64, status: NoteStatus) -> Result<()> {
        self.db()
            .execute(
                "UPDATE notes SET status = ?1 WHERE id = ?2",
                params![status.as_str(), id],
            )
            .map_err(|e| self.db_error(e))?;
        Ok(())
    }
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
