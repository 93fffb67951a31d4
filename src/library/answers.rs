//! What the library answers about its policies: questions ([`Library::ask`]), who receives
//! a policy's data ([`Library::receivers`]), the one-policy report, and the exports of notes,
//! receivers and reports. The analyses themselves are in [`crate::ask`], [`crate::collected`]
//! and [`crate::export`]; this module reads the policies and their stored extractions for them.
use std::collections::BTreeSet;
use std::path::Path;

use rusqlite::OptionalExtension;

use super::Library;
use crate::ask::{
    across_apps, ask, receivers_of_policy, type_covers, Analysed, Answer, AppMatch, AskError,
    Question, ReceiversAnswer,
};
use crate::collected::data_summary;
use crate::document::Policy;
use crate::error::Result;
use crate::export::{
    policy_report, receivers_table, render_notes, write_file, NotesFormat, ReceiversFormat,
    ReportFormat,
};
use crate::extract::Extraction;
use crate::notes::NoteFilter;

/// An answer from the library, with the policies it was drawn from (to show its evidence).
pub struct LibraryAnswer {
    pub answer: Answer,
    pub policies: Vec<Policy>,
}

impl Library {
    /// Answer `question` from the newest version of each policy in the library. Only the
    /// policies of apps the asked name can mean are read and analysed.
    pub fn ask(
        &self,
        question: &Question,
        extractor: &crate::extract::Extractor,
    ) -> crate::error::Result<LibraryAnswer> {
        let known = self.apps()?;
        if known.is_empty() {
            return Err(AskError::NoPolicies.into());
        }
        if question.across_apps {
            // Only the policies whose clauses name the type can collect it: the index says
            // which, and only those are read.
            let lexicon = extractor.lexicon();
            let names: Vec<String> = match question
                .data
                .as_deref()
                .and_then(|d| lexicon.data_type_by_name(d))
            {
                Some(ty) => {
                    let covers = type_covers(ty, lexicon);
                    lexicon
                        .data_types()
                        .iter()
                        .map(|t| t.canonical.clone())
                        .filter(|n| covers(n))
                        .collect()
                }
                None => Vec::new(),
            };
            let ids = self.latest_policies_naming(&names)?;
            let (policies, extractions): (Vec<Policy>, Vec<Extraction>) =
                self.analyse(&ids, extractor)?.into_iter().unzip();
            let analysed: Vec<Analysed> = policies
                .iter()
                .zip(&extractions)
                .map(|(policy, extraction)| Analysed { policy, extraction })
                .collect();
            let answer = across_apps(question, &analysed, known.len(), lexicon)?;
            // Handed back: the policies the answer cites (the desktop shell converts offsets).
            let cited: BTreeSet<&str> = match &answer {
                Answer::Apps(a) => a.apps.iter().map(|f| f.policy_id.as_str()).collect(),
                _ => BTreeSet::new(),
            };
            let cited: BTreeSet<String> = cited.into_iter().map(str::to_string).collect();
            drop(analysed);
            drop(extractions);
            let policies = policies
                .into_iter()
                .filter(|p| cited.contains(&p.id))
                .collect();
            return Ok(LibraryAnswer { answer, policies });
        }
        let Some(asked) = question.app.clone() else {
            return Err(AskError::MissingApp { known }.into());
        };
        // The closest way any app matches the asked name; the policies of apps that match so.
        let closest = self
            .app_names()?
            .iter()
            .filter_map(|n| AppMatch::of(&asked, std::slice::from_ref(n)))
            .min();
        let candidates: Vec<String> = match closest {
            Some(level) => self.latest_policies_of_apps(|name| {
                AppMatch::of(&asked, &[name.to_string()]).is_some_and(|m| m <= level)
            })?,
            None => Vec::new(),
        };
        if candidates.is_empty() {
            return Err(AskError::UnknownApp { asked, known }.into());
        }
        let (policies, extractions): (Vec<Policy>, Vec<Extraction>) =
            self.analyse(&candidates, extractor)?.into_iter().unzip();
        let analysed: Vec<Analysed> = policies
            .iter()
            .zip(&extractions)
            .map(|(policy, extraction)| Analysed { policy, extraction })
            .collect();
        let answer = ask(question, &analysed, extractor.lexicon())?;
        Ok(LibraryAnswer { answer, policies })
    }

    /// Export the notes matching `filter` to `path`; returns how many were written.
    pub fn export_notes(
        &self,
        filter: &NoteFilter,
        format: NotesFormat,
        path: &Path,
    ) -> Result<usize> {
        let notes = self.notes().list(filter)?;
        write_file(path, &render_notes(&notes, format))?;
        Ok(notes.len())
    }

    /// Who receives the data of one policy: the 「共享与SDK」 answer.
    pub fn receivers(&self, policy_id: &str) -> Result<ReceiversAnswer> {
        let policy = self.get(policy_id)?;
        let extraction = self.extraction_of(&policy.id, &policy)?;
        Ok(receivers_of_policy(
            &Analysed {
                policy: &policy,
                extraction: &extraction,
            },
            crate::lexicon::Lexicon::builtin(),
        ))
    }

    /// Write the 「共享与SDK」 table of one policy to `path`; returns how many receivers.
    pub fn export_receivers(
        &self,
        policy_id: &str,
        format: ReceiversFormat,
        path: &Path,
    ) -> Result<usize> {
        let answer = self.receivers(policy_id)?;
        write_file(path, &receivers_table(&answer, format))?;
        Ok(answer.receivers.len())
    }

    /// The highlight report of one policy.
    pub fn report(&self, policy_id: &str, format: ReportFormat) -> Result<String> {
        let policy = self.get(policy_id)?;
        let extraction = self.extraction_of(&policy.id, &policy)?;
        let lexicon = crate::lexicon::Lexicon::builtin();
        let summary = data_summary(&policy, &extraction, lexicon);
        let receivers = receivers_of_policy(
            &Analysed {
                policy: &policy,
                extraction: &extraction,
            },
            lexicon,
        );
        let check = crate::check::check(
            &Analysed {
                policy: &policy,
                extraction: &extraction,
            },
            lexicon,
        );
        let label = crate::privacy_label::privacy_label(
            &Analysed {
                policy: &policy,
                extraction: &extraction,
            },
            lexicon,
        );
        let sections = [
            crate::privacy_label::report_section(&label, format),
            crate::check::report_section(&check, format),
        ];
        let notes = self.notes().list(&NoteFilter {
            policy_id: Some(policy.id.clone()),
            ..Default::default()
        })?;
        Ok(policy_report(
            &policy, &summary, &receivers, &sections, &notes, format,
        ))
    }

    /// Write the highlight report of one policy to `path`.
    pub fn export_report(&self, policy_id: &str, format: ReportFormat, path: &Path) -> Result<()> {
        write_file(path, &self.report(policy_id, format)?)
    }

    /// The privacy label (隐私标签) of policy `policy_id` ([`crate::privacy_label`]).
    pub fn privacy_label(&self, policy_id: &str) -> Result<crate::privacy_label::PrivacyLabel> {
        Ok(self.privacy_label_with_text(policy_id)?.0)
    }

    /// [`Library::privacy_label`] and the policy it read, whose text its evidence spans point
    /// into.
    pub fn privacy_label_with_text(
        &self,
        policy_id: &str,
    ) -> Result<(crate::privacy_label::PrivacyLabel, Policy)> {
        let policy = self.get(policy_id)?;
        let extraction = self.extraction_of(&policy.id, &policy)?;
        let label = crate::privacy_label::privacy_label(
            &Analysed {
                policy: &policy,
                extraction: &extraction,
            },
            crate::lexicon::Lexicon::builtin(),
        );
        Ok((label, policy))
    }

    /// The compliance check of policy `policy_id` ([`crate::check`]), its app type guessed
    /// from the app's name and title.
    pub fn check(&self, policy_id: &str) -> Result<crate::check::CheckReport> {
        self.check_as(policy_id, None)
    }

    /// The compliance check of policy `policy_id` as an app of type `app_type` (`None`:
    /// guessed from the app's name and title).
    pub fn check_as(
        &self,
        policy_id: &str,
        app_type: Option<&crate::check::AppType>,
    ) -> Result<crate::check::CheckReport> {
        Ok(self.check_with_text(policy_id, app_type)?.0)
    }

    /// [`Library::check_as`] and the policy it read, whose text the evidence spans point into
    /// (for a caller that converts them, as the desktop does to UTF-16).
    pub fn check_with_text(
        &self,
        policy_id: &str,
        app_type: Option<&crate::check::AppType>,
    ) -> Result<(crate::check::CheckReport, Policy)> {
        let policy = self.get(policy_id)?;
        let extraction = self.extraction_of(&policy.id, &policy)?;
        let report = crate::check::check_as(
            &Analysed {
                policy: &policy,
                extraction: &extraction,
            },
            crate::lexicon::Lexicon::builtin(),
            app_type,
        );
        Ok((report, policy))
    }

    /// The compliance check of every app's newest policy, on both cores, in the library's order.
    pub fn check_all(&self) -> Result<Vec<crate::check::CheckReport>> {
        self.check_all_as(None)
    }

    /// [`Library::check_all`], every app read as of type `app_type` (`None`: each guessed from
    /// its name).
    pub fn check_all_as(
        &self,
        app_type: Option<&crate::check::AppType>,
    ) -> Result<Vec<crate::check::CheckReport>> {
        let ids = self.latest_policies_of_apps(|_| true)?;
        let mut reports = Vec::with_capacity(ids.len());
        super::import::for_each_parallel(
            &ids,
            |id: &String| self.check_as(id, app_type),
            |_, report| {
                reports.push(report?);
                Ok(())
            },
        )?;
        Ok(reports)
    }

    /// What changed from policy `old_id` to policy `new_id` (versions of one app, or any two).
    pub fn diff(&self, old_id: &str, new_id: &str) -> Result<crate::diff::PolicyDiff> {
        Ok(self.diff_with_texts(old_id, new_id)?.0)
    }

    /// [`Library::diff`] and the two versions it read (old, new), whose texts its spans point
    /// into: a caller that converts the spans (the desktop's UTF-16) needs not read them again.
    pub fn diff_with_texts(
        &self,
        old_id: &str,
        new_id: &str,
    ) -> Result<(crate::diff::PolicyDiff, [Policy; 2])> {
        let old = self.get(old_id)?;
        let new = self.get(new_id)?;
        let old_extraction = self.extraction_of(&old.id, &old)?;
        let new_extraction = self.extraction_of(&new.id, &new)?;
        let diff = crate::diff::diff(
            &Analysed {
                policy: &old,
                extraction: &old_extraction,
            },
            &Analysed {
                policy: &new,
                extraction: &new_extraction,
            },
            crate::lexicon::Lexicon::builtin(),
        );
        Ok((diff, [old, new]))
    }

    /// The ids of the two newest versions of `app`'s policy (older first), for a diff: the app
    /// as the library names it, else the one app the name means (as `ask` reads app names).
    pub fn last_two_versions(&self, app: &str) -> Result<(String, String)> {
        let all = self.list()?;
        let mut versions: Vec<&super::PolicySummary> =
            all.iter().filter(|p| p.app == app).collect();
        if versions.is_empty() {
            let names = self.app_names()?;
            let closest = names
                .iter()
                .filter_map(|n| AppMatch::of(app, std::slice::from_ref(n)).map(|m| (m, n)))
                .min_by_key(|(m, _)| *m);
            let Some((level, _)) = closest else {
                return Err(AskError::UnknownApp {
                    asked: app.to_string(),
                    known: self.apps()?,
                }
                .into());
            };
            versions = all
                .iter()
                .filter(|p| {
                    AppMatch::of(app, std::slice::from_ref(&p.app)).is_some_and(|m| m <= level)
                })
                .collect();
        }
        // The versions of one policy (its lineage): the app's newest policy's. An app can have
        // several policies (an app's and its shop's), each with its own versions.
        let lineages: std::collections::HashMap<String, (String, u32)> = self
            .policy_versions()?
            .into_iter()
            .map(|(id, lineage, version)| (id, (lineage, version)))
            .collect();
        let lineage_of = |p: &super::PolicySummary| lineages.get(&p.id).map(|(l, _)| l.clone());
        let newest = versions
            .iter()
            .filter(|p| p.latest)
            .max_by_key(|p| (p.versions, p.imported_at.clone()))
            .copied();
        let app_name = newest.map(|p| p.app.clone());
        let lineage = newest.and_then(lineage_of);
        versions.retain(|p| lineage.is_some() && lineage_of(p) == lineage);
        versions.sort_by_key(|p| p.version);
        match versions.as_slice() {
            [.., older, newer] => Ok((older.id.clone(), newer.id.clone())),
            _ => Err(crate::error::Error::NotEnoughVersions {
                app: app_name.unwrap_or_else(|| app.to_string()),
                versions: versions.len(),
            }),
        }
    }

    /// The comparison matrix of `apps` (each the newest policy of the app the name means, as
    /// `ask` reads app names; every app of the library when none is named), rows limited to
    /// `category` when given.
    pub fn compare(
        &self,
        apps: &[String],
        category: Option<&str>,
    ) -> Result<crate::compare::Comparison> {
        Ok(self.compare_with_texts(apps, category)?.0)
    }

    /// [`Library::compare`] and the policies it read, whose texts the cells' evidence spans
    /// point into.
    pub fn compare_with_texts(
        &self,
        apps: &[String],
        category: Option<&str>,
    ) -> Result<(crate::compare::Comparison, Vec<Policy>)> {
        let lexicon = crate::lexicon::Lexicon::builtin();
        if let Some(c) = category {
            if !crate::lexicon::Lexicon::category_names().contains(&c) {
                return Err(crate::error::Error::UnknownFilter {
                    filter: "category".to_string(),
                    value: c.to_string(),
                    valid: crate::lexicon::Lexicon::category_names()
                        .iter()
                        .map(|s| s.to_string())
                        .collect(),
                });
            }
        }
        let known = self.apps()?;
        if known.is_empty() {
            return Err(AskError::NoPolicies.into());
        }
        let mut ids: Vec<String> = Vec::new();
        if apps.is_empty() {
            ids = self.latest_policies_of_apps(|_| true)?;
        }
        let names = self.app_names()?;
        for asked in apps {
            // An app named exactly as the library names it is that app (the common case, and
            // a fuzzy match over every name costs ~5 µs a name).
            if names.iter().any(|n| n == asked) {
                for id in self.latest_policies_of_apps(|name| name == asked)? {
                    if !ids.contains(&id) {
                        ids.push(id);
                    }
                }
                continue;
            }
            let closest = names
                .iter()
                .filter_map(|n| AppMatch::of(asked, std::slice::from_ref(n)))
                .min();
            let found = match closest {
                Some(level) => self.latest_policies_of_apps(|name| {
                    AppMatch::of(asked, &[name.to_string()]).is_some_and(|m| m <= level)
                })?,
                None => Vec::new(),
            };
            if found.is_empty() {
                return Err(AskError::UnknownApp {
                    asked: asked.clone(),
                    known,
                }
                .into());
            }
            for id in found {
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
        }
        let columns = self.compare_columns(&ids)?;
        let (heads, cells): (Vec<_>, Vec<_>) = columns.into_iter().unzip();
        let comparison = crate::compare::from_columns(
            &heads,
            &cells.iter().map(|c| &c.cells).collect::<Vec<_>>(),
            category,
            lexicon,
        );
        // Only a text with chars beyond the BMP has UTF-16 offsets that differ from its chars.
        let beyond_bmp = heads
            .iter()
            .zip(&cells)
            .filter(|(_, c)| c.beyond_bmp)
            .map(|(h, _)| self.get(&h.policy_id))
            .collect::<Result<Vec<Policy>>>()?;
        Ok((comparison, beyond_bmp))
    }

    /// The 「对比」 column of each policy of `ids` with its head: the one stored for it when it
    /// was made by this build (lexicon, models and [`crate::compare::COLUMN_VERSION`]), else
    /// computed from the policy and its extraction (on both cores) and then stored.
    fn compare_columns(
        &self,
        ids: &[String],
    ) -> Result<Vec<(crate::compare::ColumnHead, crate::compare::StoredColumn)>> {
        use crate::compare::{ColumnHead, StoredColumn};
        let fingerprint = format!(
            "{}+column{}",
            super::db::extraction_fingerprint(),
            crate::compare::COLUMN_VERSION
        );
        let summaries: std::collections::HashMap<String, super::PolicySummary> = self
            .list()?
            .into_iter()
            .map(|p| (p.id.clone(), p))
            .collect();
        let head = |id: &str| -> Result<ColumnHead> {
            let p = summaries
                .get(id)
                .ok_or_else(|| crate::error::Error::NotFound { id: id.to_string() })?;
            Ok(ColumnHead {
                app: p.app.clone(),
                policy_id: p.id.clone(),
                title: p.title.clone(),
                updated: p.updated.clone(),
            })
        };
        let mut found: Vec<Option<StoredColumn>> = {
            let conn = self.conn();
            let mut stmt = conn
                .prepare_cached(
                    "SELECT c.body FROM compare_columns c JOIN policies p ON p.pid = c.pid \
                     WHERE p.id = ?1 AND c.fingerprint = ?2",
                )
                .map_err(|e| self.db_error(e))?;
            ids.iter()
                .map(|id| {
                    let body: Option<Vec<u8>> = stmt
                        .query_row(rusqlite::params![id, fingerprint], |r| r.get(0))
                        .optional()
                        .map_err(|e| self.db_error(e))?;
                    Ok(body.and_then(|b| StoredColumn::from_stored(&b)))
                })
                .collect::<Result<Vec<_>>>()?
        };
        let missing: Vec<String> = ids
            .iter()
            .zip(&found)
            .filter(|(_, f)| f.is_none())
            .map(|(id, _)| id.clone())
            .collect();
        let lexicon = crate::lexicon::Lexicon::builtin();
        let mut computed: Vec<StoredColumn> = Vec::with_capacity(missing.len());
        super::import::for_each_parallel(
            &missing,
            |id: &String| -> Result<StoredColumn> {
                let policy = self.get(id)?;
                let extraction = self.extraction_of(id, &policy)?;
                Ok(StoredColumn::of(
                    &Analysed {
                        policy: &policy,
                        extraction: &extraction,
                    },
                    lexicon,
                ))
            },
            |_, column| {
                computed.push(column?);
                Ok(())
            },
        )?;
        if !self.read_only && !computed.is_empty() {
            // Only a cache: when another process holds the database, it is stored next time.
            let mut conn = self.conn();
            if let Ok(tx) = conn.transaction() {
                for (id, column) in missing.iter().zip(&computed) {
                    let _ = tx.execute(
                        "INSERT OR REPLACE INTO compare_columns (pid, fingerprint, body) \
                         SELECT pid, ?1, ?2 FROM policies WHERE id = ?3",
                        rusqlite::params![fingerprint, column.to_stored(), id],
                    );
                }
                let _ = tx.commit();
            };
        }
        let mut computed = computed.into_iter();
        found
            .iter_mut()
            .zip(ids)
            .map(|(f, id)| {
                let column = match f.take() {
                    Some(c) => c,
                    None => computed
                        .next()
                        .expect("a column computed for each missing one"),
                };
                Ok((head(id)?, column))
            })
            .collect()
    }
}
