//! The notes of a library ([`Library::notes`]): adding, changing, deleting and listing them in
//! the library's database, and re-anchoring them on new versions of their policies (see
//! [`crate::notes`] for what a note is and how it is anchored).
use std::collections::HashMap;

use rusqlite::{params, Connection, OptionalExtension};

use super::db::now_rfc3339;
use super::Library;
use crate::document::{Policy, Span};
use crate::error::{Error, Result};
use crate::notes::{
    clean_tags, find_quote, note_from, section_at, Note, NoteFilter, NoteStatus, COLUMNS,
};

/// The notes of one library: `library.notes().add(…)`, `.list(…)` …
pub struct Notes<'a> {
    pub(super) library: &'a Library,
}

impl Notes<'_> {
    fn by_id(&self, conn: &Connection, id: i64) -> Result<Note> {
        conn.query_row(
            &format!("SELECT {COLUMNS} FROM notes WHERE id = ?1"),
            [id],
            note_from,
        )
        .optional()
        .map_err(|e| self.library.db_error(e))?
        .ok_or(Error::NoteNotFound { id })
    }

    /// Add a note on `span` (char offsets) of policy `policy_id`.
    pub fn add(&self, policy_id: &str, span: Span, body: &str, tags: &[String]) -> Result<Note> {
        let policy = self.library.get(policy_id)?;
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
            .library
            .policy_versions()?
            .into_iter()
            .find(|(id, _, _)| *id == policy.id)
            .map(|(_, lineage, _)| lineage);
        let now = now_rfc3339();
        let tags = serde_json::to_string(&clean_tags(tags)).expect("tags serialize");
        let conn = self.library.db();
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
        .map_err(|e| self.library.db_error(e))?;
        self.by_id(&conn, conn.last_insert_rowid())
    }

    /// Change a note's body and tags.
    pub fn update(&self, id: i64, body: &str, tags: &[String]) -> Result<Note> {
        let conn = self.library.db();
        let tags = serde_json::to_string(&clean_tags(tags)).expect("tags serialize");
        let n = conn
            .execute(
                "UPDATE notes SET body = ?1, tags = ?2, updated_at = ?3 WHERE id = ?4",
                params![body, tags, now_rfc3339(), id],
            )
            .map_err(|e| self.library.db_error(e))?;
        if n == 0 {
            return Err(Error::NoteNotFound { id });
        }
        self.by_id(&conn, id)
    }

    /// Delete a note (the only way a note goes away).
    pub fn delete(&self, id: i64) -> Result<()> {
        let n = self
            .library
            .db()
            .execute("DELETE FROM notes WHERE id = ?1", [id])
            .map_err(|e| self.library.db_error(e))?;
        if n == 0 {
            return Err(Error::NoteNotFound { id });
        }
        Ok(())
    }

    /// The notes matching `filter`, oldest first, each re-anchored to the newest version of its
    /// policy when there is one (see the module docs).
    pub fn list(&self, filter: &NoteFilter) -> Result<Vec<Note>> {
        // A read-only library cannot record moves: its notes are listed as last stored.
        if !self.library.is_read_only() {
            self.reanchor()?;
        }
        let conn = self.library.db();
        let mut stmt = conn
            .prepare(&format!(
                "SELECT {COLUMNS} FROM notes ORDER BY created_at, id"
            ))
            .map_err(|e| self.library.db_error(e))?;
        let notes = stmt
            .query_map([], note_from)
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<Note>>>())
            .map_err(|e| self.library.db_error(e))?;
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
    fn reanchor(&self) -> Result<()> {
        let versions = self.library.policy_versions()?;
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
            let conn = self.library.db();
            let mut stmt = conn
                .prepare(&format!("SELECT {COLUMNS}, lineage FROM notes"))
                .map_err(|e| self.library.db_error(e))?;
            let rows = stmt
                .query_map([], |r| Ok((note_from(r)?, r.get::<_, Option<String>>(13)?)))
                .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
                .map_err(|e| self.library.db_error(e))?;
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
                        self.set_status(note.id, NoteStatus::Anchored)?;
                    }
                    continue;
                }
                _ => {
                    if note.status != NoteStatus::Orphaned {
                        self.set_status(note.id, NoteStatus::Orphaned)?;
                    }
                    continue;
                }
            };
            if !policies.contains_key(&target) {
                policies.insert(target.clone(), self.library.get(&target)?);
            }
            let policy = &policies[&target];
            match find_quote(&policy.text, &note.quote, note.span.start) {
                Some(span) => {
                    self.library.db()
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
                        .map_err(|e| self.library.db_error(e))?;
                }
                None => {
                    if note.status != NoteStatus::Orphaned {
                        self.set_status(note.id, NoteStatus::Orphaned)?;
                    }
                }
            }
        }
        Ok(())
    }

    fn set_status(&self, id: i64, status: NoteStatus) -> Result<()> {
        self.library
            .db()
            .execute(
                "UPDATE notes SET status = ?1 WHERE id = ?2",
                params![status.as_str(), id],
            )
            .map_err(|e| self.library.db_error(e))?;
        Ok(())
    }
}
