//! What each command does, as plain functions over a [`Library`]: the JSON types of the UI
//! contract and the short calls into the core that fill them.
//!
//! The contract's types derive their TypeScript declarations (ts-rs): `ui/src/generated/`, kept
//! current by the test `typescript_bindings_are_current` (src-tauri/tests/generated.rs). Types
//! that reach the UI from the core (the reader's view, notes) derive them in the core, behind its
//! `ts` feature, the answers of `ask` among them (their spans converted to UTF-16 here).
//!
//! The core speaks char offsets; the UI slices JavaScript (UTF-16) strings. Every span leaving
//! here goes through [`policylens::view::Utf16Offsets`] for the text it points into, and a note's
//! selection coming back is converted the other way by the same type.
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use policylens::ask::{self, ActionFilter, Answer, Question};
use policylens::check::{CheckFormat, CheckReport};
use policylens::collected::Evidence;
use policylens::compare::{CompareFormat, Comparison};
use policylens::diff::{DiffFormat, PolicyDiff};
use policylens::document::Span;
use policylens::export::write_file;
use policylens::export::{NotesFormat, ReceiversFormat, ReportFormat};
use policylens::extract::Extractor;
use policylens::library::{Library, Outcome, Progress};
use policylens::notes::{Note, NoteFilter};
use policylens::privacy_label::{LabelFormat, PrivacyLabel};
use policylens::search::SearchQuery;
use policylens::view::{policy_view, PolicyView, Utf16Offsets};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{AppError, AppResult};

// ---------------------------------------------------------------------------------------------
// Types of the contract

/// A policy as the library's list shows it (the core's `library::PolicySummary`, for the UI).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, TS)]
pub struct PolicyRow {
    pub id: String,
    pub app: Option<String>,
    /// Other names of the app (`以下简称…`, the package name): the sidebar filters by them too.
    pub aliases: Vec<String>,
    pub title: Option<String>,
    pub operator: Option<String>,
    /// `YYYY-MM-DD`, as the policy states it.
    pub updated: Option<String>,
    pub effective: Option<String>,
    /// Which version of the app's policy this is, and how many the library has.
    pub version: u32,
    pub versions: u32,
    /// The key the versions of one policy share: the 「版本对比」 view pairs them by it.
    pub lineage: String,
    /// `text`, `markdown` or `html`: how the file was read.
    pub format: String,
    /// The text's length in chars.
    pub chars: u64,
    /// Clauses that mention sensitive personal information.
    pub sensitive_count: u64,
    /// The sensitive types the policy collects (its data summary, as `list` and the reader say).
    pub sensitive_types: Vec<String>,
    /// Clauses the policy marks in bold.
    pub bold_count: u64,
    /// RFC 3339, UTC.
    pub imported_at: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, TS)]
pub struct Imported {
    pub path: String,
    pub id: String,
    pub app: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, TS)]
pub struct Refused {
    pub path: String,
    pub reason: String,
}

/// What `import_paths` did with each file (the core's `library::ImportSummary`, by outcome).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, TS)]
pub struct ImportReport {
    pub imported: Vec<Imported>,
    /// Files skipped: their content is in the library already.
    pub unchanged: Vec<String>,
    /// The policies those files are, in the same order (to open one).
    pub unchanged_ids: Vec<String>,
    pub refused: Vec<Refused>,
}

/// Payload of the `import-progress` event.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, TS)]
pub struct ImportProgress {
    pub done: usize,
    pub total: usize,
    pub path: String,
}

/// The `search` command's query (filters left out match everything).
#[derive(Debug, Clone, Default, Deserialize, Serialize, TS)]
#[ts(optional_fields)]
pub struct SearchRequest {
    pub text: String,
    #[serde(default)]
    pub app: Option<String>,
    #[serde(default)]
    pub category: Option<String>,
    #[serde(default)]
    pub sensitive: Option<bool>,
    #[serde(default)]
    pub bold: Option<bool>,
    #[serde(default)]
    pub limit: Option<usize>,
}

/// A clause `search` found (the core's `search::SearchHit`, its spans in UTF-16).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, TS)]
pub struct SearchHitView {
    pub policy_id: String,
    pub app: Option<String>,
    pub title: Option<String>,
    /// The clause's section path, joined with ` › `.
    pub section: String,
    /// UTF-16, into that policy's `PolicyView.text`.
    pub clause: Span,
    pub snippet: String,
    /// UTF-16, into `snippet`.
    pub highlights: Vec<Span>,
    pub score: f32,
    pub bold: bool,
    pub sensitive: bool,
}

/// What the search and ask filters offer.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, TS)]
pub struct Facets {
    pub apps: Vec<String>,
    pub categories: Vec<String>,
    pub purposes: Vec<String>,
}

/// The `ask` command's question: in words, or structured, or both (the fields given override
/// what the words say).
#[derive(Debug, Clone, Default, Deserialize, Serialize, TS)]
#[ts(optional_fields)]
pub struct AskRequest {
    #[serde(default)]
    pub question: Option<String>,
    #[serde(default)]
    pub app: Option<String>,
    #[serde(default)]
    pub purpose: Option<String>,
    #[serde(default)]
    pub data: Option<String>,
    // Read as a string, so that an unknown action is answered with a message naming the actions
    // rather than with a deserialization error.
    #[serde(default)]
    #[ts(as = "Option<ActionFilter>")]
    pub action: Option<String>,
}

/// Where an export was written.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, TS)]
pub struct Exported {
    pub path: String,
    /// How many notes or receivers it holds (a report: none).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    #[ts(optional)]
    pub count: Option<usize>,
}

// ---------------------------------------------------------------------------------------------
// Offsets

/// UTF-16 offset tables of policy texts, by policy id. A policy id is the hash of its text, so an
/// entry never goes stale; the cache is cleared when it grows past [`OffsetCache::CAPACITY`].
#[derive(Default)]
pub struct OffsetCache {
    map: Mutex<HashMap<String, Arc<Utf16Offsets>>>,
}

impl OffsetCache {
    const CAPACITY: usize = 64;

    pub fn insert(&self, id: &str, text: &str) -> Arc<Utf16Offsets> {
        let offsets = Arc::new(Utf16Offsets::new(text));
        let mut map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() >= Self::CAPACITY {
            map.clear();
        }
        map.insert(id.to_string(), offsets.clone());
        offsets
    }

    /// The table of policy `id`, reading the policy from the library if it is not cached.
    pub fn get(&self, library: &Library, id: &str) -> AppResult<Arc<Utf16Offsets>> {
        if let Some(o) = self.map.lock().unwrap_or_else(|e| e.into_inner()).get(id) {
            return Ok(o.clone());
        }
        let policy = library.get(id)?;
        Ok(self.insert(id, &policy.text))
    }
}

// ---------------------------------------------------------------------------------------------
// Commands

pub fn list_policies(library: &Library) -> AppResult<Vec<PolicyRow>> {
    Ok(library
        .list()?
        .into_iter()
        .map(|p| PolicyRow {
            id: p.id,
            app: Some(p.app).filter(|a| !a.is_empty()),
            aliases: p.aliases,
            title: p.title,
            operator: p.operator,
            updated: p.updated,
            effective: p.effective,
            version: p.version,
            versions: p.versions,
            lineage: p.lineage,
            format: p.format,
            chars: p.chars,
            sensitive_count: p.sensitive_clauses,
            sensitive_types: p.sensitive_types,
            bold_count: p.bold_clauses,
            imported_at: p.imported_at,
        })
        .collect())
}

pub fn import_paths(
    library: &Library,
    paths: &[String],
    progress: &mut dyn FnMut(ImportProgress),
) -> AppResult<ImportReport> {
    let paths: Vec<PathBuf> = paths.iter().map(PathBuf::from).collect();
    let summary = library.add_paths(&paths, &mut |p: &Progress| {
        progress(ImportProgress {
            done: p.done,
            total: p.total,
            path: p.path.display().to_string(),
        })
    })?;
    let mut out = ImportReport::default();
    for f in summary.files {
        let path = f.path.display().to_string();
        match f.outcome {
            Outcome::Imported { id, app, .. } => out.imported.push(Imported {
                path,
                id,
                app: Some(app).filter(|a| !a.is_empty()),
            }),
            Outcome::Unchanged { id } | Outcome::SameText { id, .. } => {
                out.unchanged.push(path);
                out.unchanged_ids.push(id);
            }
            Outcome::Refused { message, .. } => out.refused.push(Refused {
                path,
                reason: message,
            }),
        }
    }
    Ok(out)
}

pub fn remove_policy(library: &Library, id: &str) -> AppResult<()> {
    library.remove(id)?;
    Ok(())
}

/// The reader's view of a policy (extraction included), every offset in UTF-16.
pub fn open_policy(library: &Library, offsets: &OffsetCache, id: &str) -> AppResult<PolicyView> {
    let started = Instant::now();
    let policy = library.get(id)?;
    let extractor = Extractor::builtin();
    let extraction = library.extraction_of(&policy.id, &policy)?;
    let view = policy_view(&policy, &extraction, extractor.lexicon());
    offsets.insert(&policy.id, &policy.text);
    crate::timing::log(&format!(
        "open_policy {} ({} chars) in {:.1} ms",
        policy.id,
        policy.text.chars().count(),
        started.elapsed().as_secs_f64() * 1000.0
    ));
    Ok(view)
}

pub fn search(
    library: &Library,
    offsets: &OffsetCache,
    request: &SearchRequest,
) -> AppResult<Vec<SearchHitView>> {
    let mut query = SearchQuery::new(request.text.clone());
    query.apps = request
        .app
        .iter()
        .filter(|a| !a.is_empty())
        .cloned()
        .collect();
    query.categories = request
        .category
        .iter()
        .filter(|c| !c.is_empty())
        .cloned()
        .collect();
    query.sensitive = request.sensitive.unwrap_or(false);
    query.bold = request.bold.unwrap_or(false);
    if let Some(limit) = request.limit {
        query.limit = limit.clamp(1, 1000);
    }
    let results = library.search(&query)?;
    let mut hits = Vec::with_capacity(results.hits.len());
    for hit in results.hits {
        let in_policy = offsets.get(library, &hit.policy_id)?;
        let in_snippet = Utf16Offsets::new(&hit.snippet.text);
        hits.push(SearchHitView {
            clause: in_policy.span(hit.span),
            highlights: hit
                .snippet
                .marks
                .iter()
                .map(|m| in_snippet.span(*m))
                .collect(),
            snippet: hit.snippet.text,
            section: hit.section.join(" › "),
            policy_id: hit.policy_id,
            app: Some(hit.app).filter(|a| !a.is_empty()),
            title: hit.title,
            score: hit.score,
            bold: hit.bold,
            sensitive: hit.sensitive,
        });
    }
    Ok(hits)
}

pub fn list_facets(library: &Library) -> AppResult<Facets> {
    let lexicon = Extractor::builtin().lexicon();
    Ok(Facets {
        apps: library.apps()?,
        categories: lexicon.categories().iter().map(|c| c.to_string()).collect(),
        purposes: lexicon
            .purposes()
            .iter()
            .map(|p| p.canonical.clone())
            .collect(),
    })
}

/// Answer a question from the latest policy version of the app it names, with evidence spans in
/// UTF-16 of that policy's text.
pub fn ask(library: &Library, request: &AskRequest) -> AppResult<Answer> {
    let extractor = Extractor::builtin();
    let lexicon = extractor.lexicon();
    let known = library.app_names()?;
    let mut question = match request.question.as_deref().map(str::trim) {
        Some(q) if !q.is_empty() => ask::parse_question(q, &known, lexicon),
        _ => Question::default(),
    };
    let given = |s: &Option<String>| {
        s.as_ref()
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    if let Some(app) = given(&request.app) {
        question.app = Some(app);
    }
    if let Some(purpose) = given(&request.purpose) {
        question.purpose = Some(purpose);
    }
    if let Some(data) = given(&request.data) {
        question.data = Some(data);
    }
    match given(&request.action).as_deref() {
        None => {}
        Some("collect") => question.action = ActionFilter::Collect,
        Some("share") => question.action = ActionFilter::Share,
        Some("any") => question.action = ActionFilter::Any,
        Some(other) => {
            return Err(AppError::Invalid(format!(
                "未知的操作 {other:?}：可选 collect（收集）或 share（共享）"
            )))
        }
    }
    let policylens::library::LibraryAnswer {
        mut answer,
        policies,
    } = library.ask(&question, extractor)?;
    // The core's spans are char offsets; the UI's are UTF-16 of each cited policy's text.
    let tables: HashMap<&str, Utf16Offsets> = policies
        .iter()
        .map(|p| (p.id.as_str(), Utf16Offsets::new(&p.text)))
        .collect();
    let convert = |evidence: &mut Vec<Evidence>| {
        for e in evidence {
            if let Some(u) = tables.get(e.policy_id.as_str()) {
                e.clause_span = u.span(e.clause_span);
                e.item_span = u.span(e.item_span);
            }
        }
    };
    match &mut answer {
        Answer::ByPurpose(a) => {
            a.items.iter_mut().for_each(|i| convert(&mut i.evidence));
            a.declared_sensitive
                .iter_mut()
                .for_each(|i| convert(&mut i.evidence));
            if let Some(yes_no) = &mut a.yes_no {
                convert(&mut yes_no.evidence);
            }
        }
        Answer::ByData(a) => {
            a.purposes.iter_mut().for_each(|u| convert(&mut u.evidence));
            a.receivers
                .iter_mut()
                .for_each(|u| convert(&mut u.evidence));
            convert(&mut a.evidence);
            if let Some(yes_no) = &mut a.yes_no {
                convert(&mut yes_no.evidence);
            }
        }
        Answer::Receivers(a) => {
            a.receivers
                .iter_mut()
                .for_each(|r| convert(&mut r.evidence));
            convert(&mut a.refusals);
            convert(&mut a.unnamed);
        }
        Answer::Clauses(a) => convert(&mut a.clauses),
        Answer::Apps(a) => a.apps.iter_mut().for_each(|f| convert(&mut f.evidence)),
    }
    Ok(answer)
}

/// A note's span to UTF-16 of its policy's text (left as it is when the policy is gone).
fn note_to_utf16(library: &Library, offsets: &OffsetCache, mut note: Note) -> Note {
    if let Ok(u) = offsets.get(library, &note.policy_id) {
        note.span = u.span(note.span);
    }
    note
}

pub fn add_note(
    library: &Library,
    offsets: &OffsetCache,
    policy_id: &str,
    span: Span,
    body: &str,
    tags: &[String],
) -> AppResult<Note> {
    if span.start > span.end {
        return Err(AppError::Invalid(format!(
            "笔记的范围起点不能在终点之后（{}..{}）",
            span.start, span.end
        )));
    }
    let u = offsets.get(library, policy_id)?;
    let len = u.utf16(usize::MAX);
    if span.end > len {
        return Err(AppError::Invalid(format!(
            "笔记的范围 {}..{} 超出了这份政策的正文（共 {len} 个 UTF-16 单位）",
            span.start, span.end
        )));
    }
    let note = library
        .notes()
        .add(policy_id, u.char_span(span), body, tags)?;
    Ok(note_to_utf16(library, offsets, note))
}

pub fn list_notes(
    library: &Library,
    offsets: &OffsetCache,
    filter: &NoteFilter,
) -> AppResult<Vec<Note>> {
    Ok(library
        .notes()
        .list(filter)?
        .into_iter()
        .map(|n| note_to_utf16(library, offsets, n))
        .collect())
}

pub fn update_note(
    library: &Library,
    offsets: &OffsetCache,
    id: i64,
    body: &str,
    tags: &[String],
) -> AppResult<Note> {
    let note = library.notes().update(id, body, tags)?;
    Ok(note_to_utf16(library, offsets, note))
}

pub fn delete_note(library: &Library, id: i64) -> AppResult<()> {
    Ok(library.notes().delete(id)?)
}

fn output_path(path: &str) -> AppResult<&Path> {
    if path.trim().is_empty() {
        return Err(AppError::Invalid("没有选择导出到哪个文件".into()));
    }
    Ok(Path::new(path))
}

pub fn export_notes(
    library: &Library,
    format: &str,
    filter: &NoteFilter,
    path: &str,
) -> AppResult<Exported> {
    let format: NotesFormat = format.parse()?;
    let count = library.export_notes(filter, format, output_path(path)?)?;
    Ok(Exported {
        path: path.to_string(),
        count: Some(count),
    })
}

/// The 「共享与SDK」 table of one policy, as CSV or Markdown.
pub fn export_receivers(
    library: &Library,
    id: &str,
    format: &str,
    path: &str,
) -> AppResult<Exported> {
    let format: ReceiversFormat = format.parse()?;
    let count = library.export_receivers(id, format, output_path(path)?)?;
    Ok(Exported {
        path: path.to_string(),
        count: Some(count),
    })
}

pub fn export_report(library: &Library, id: &str, format: &str, path: &str) -> AppResult<Exported> {
    let format: ReportFormat = format.parse()?;
    library.export_report(id, format, output_path(path)?)?;
    Ok(Exported {
        path: path.to_string(),
        count: None,
    })
}

// ---------------------------------------------------------------------------------------------
// Privacy label

/// The 隐私标签 of a policy, its evidence spans in UTF-16 of the policy's text.
pub fn privacy_label(library: &Library, id: &str) -> AppResult<PrivacyLabel> {
    let (mut label, policy) = library.privacy_label_with_text(id)?;
    let convert = evidence_to_utf16([&policy]);
    for category in label.sections.iter_mut().flat_map(|s| &mut s.categories) {
        for item in &mut category.items {
            item.evidence.iter_mut().for_each(&convert);
        }
        category
            .receiver_evidence
            .iter_mut()
            .flatten()
            .for_each(&convert);
    }
    for line in &mut label.lines {
        line.evidence.iter_mut().for_each(&convert);
    }
    Ok(label)
}

/// The 隐私标签 written to `path` (svg, md or json).
pub fn export_privacy_label(
    library: &Library,
    id: &str,
    format: &str,
    path: &str,
) -> AppResult<Exported> {
    let format: LabelFormat = format.parse()?;
    let path = output_path(path)?;
    let label = library.privacy_label(id)?;
    write_file(path, &policylens::privacy_label::render(&label, format))?;
    Ok(Exported {
        path: path.display().to_string(),
        count: Some(label.collected),
    })
}

// ---------------------------------------------------------------------------------------------
// Compliance check

/// One of the 39 app types of 《常见类型移动互联网应用程序必要个人信息范围规定》, for the
/// 「合规检查」 view's type picker.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, TS)]
pub struct AppTypeRow {
    /// `网络直播类`.
    pub name: String,
    pub basic_function: String,
    /// The necessary information (lexicon types); empty: the basic function needs none.
    pub necessary: Vec<String>,
}

/// The 39 app types, in the regulation's order.
pub fn app_types() -> Vec<AppTypeRow> {
    policylens::check::app_types()
        .iter()
        .map(|t| AppTypeRow {
            name: t.name.clone(),
            basic_function: t.basic_function.clone(),
            necessary: t.necessary.clone(),
        })
        .collect()
}

/// The type named `app_type` (`None` or blank: guessed from the app's name).
fn app_type_arg(
    app_type: &Option<String>,
) -> AppResult<Option<&'static policylens::check::AppType>> {
    Ok(match app_type.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(name) => Some(policylens::check::app_type_named(name)?),
    })
}

/// The 「合规检查」 of one policy, its evidence spans in UTF-16 of the policy's text.
pub fn check_policy(
    library: &Library,
    policy_id: &str,
    app_type: &Option<String>,
) -> AppResult<CheckReport> {
    let (mut report, policy) = library.check_with_text(policy_id, app_type_arg(app_type)?)?;
    let convert = evidence_to_utf16([&policy]);
    for finding in &mut report.findings {
        finding.evidence.iter_mut().for_each(&convert);
    }
    Ok(report)
}

/// The 「合规检查」 of one policy written to `path` (md, html, json or text).
pub fn export_check(
    library: &Library,
    policy_id: &str,
    app_type: &Option<String>,
    format: &str,
    path: &str,
) -> AppResult<Exported> {
    let format: CheckFormat = format.parse()?;
    let path = output_path(path)?;
    let report = library.check_as(policy_id, app_type_arg(app_type)?)?;
    write_file(path, &policylens::check::render(&report, format))?;
    Ok(Exported {
        path: path.display().to_string(),
        count: Some(report.findings.len()),
    })
}

// ---------------------------------------------------------------------------------------------
// Comparing apps and versions

/// Evidence spans from char offsets to UTF-16 of the texts of `policies`.
fn evidence_to_utf16<'a>(
    policies: impl IntoIterator<Item = &'a policylens::document::Policy>,
) -> impl Fn(&mut Evidence) {
    let tables: HashMap<String, Utf16Offsets> = policies
        .into_iter()
        .map(|p| (p.id.clone(), Utf16Offsets::new(&p.text)))
        .collect();
    move |e: &mut Evidence| {
        if let Some(u) = tables.get(&e.policy_id) {
            e.clause_span = u.span(e.clause_span);
            e.item_span = u.span(e.item_span);
        }
    }
}

fn category_filter(category: &Option<String>) -> Option<&str> {
    category.as_deref().map(str::trim).filter(|c| !c.is_empty())
}

/// The 「对比」 matrix of `apps` (every app of the library when empty), its evidence spans in
/// UTF-16 of each app's policy text.
pub fn compare_apps(
    library: &Library,
    apps: &[String],
    category: &Option<String>,
) -> AppResult<Comparison> {
    let (mut comparison, policies) = library.compare_with_texts(apps, category_filter(category))?;
    let convert = evidence_to_utf16(&policies);
    for row in &mut comparison.rows {
        for cell in &mut row.cells {
            if let Some(e) = &mut cell.evidence {
                convert(e);
            }
        }
    }
    Ok(comparison)
}

/// The 「版本对比」 of two policies, its spans in UTF-16 of each version's text.
pub fn diff_policies(library: &Library, old_id: &str, new_id: &str) -> AppResult<PolicyDiff> {
    let (mut diff, [old, new]) = library.diff_with_texts(old_id, new_id)?;
    let (in_old, in_new) = (Utf16Offsets::new(&old.text), Utf16Offsets::new(&new.text));
    for change in &mut diff.clauses {
        if let Some(c) = &mut change.old {
            c.span = in_old.span(c.span);
        }
        if let Some(c) = &mut change.new {
            c.span = in_new.span(c.span);
        }
    }
    let convert = evidence_to_utf16([&old, &new]);
    let summary = &mut diff.summary;
    for change in summary
        .data_added
        .iter_mut()
        .chain(&mut summary.data_dropped)
    {
        change.evidence.iter_mut().for_each(&convert);
    }
    for change in summary
        .receivers_added
        .iter_mut()
        .chain(&mut summary.receivers_dropped)
    {
        change.evidence.iter_mut().for_each(&convert);
    }
    Ok(diff)
}

/// The 「对比」 matrix written to `path` (csv, md, html or json).
pub fn export_comparison(
    library: &Library,
    apps: &[String],
    category: &Option<String>,
    format: &str,
    path: &str,
) -> AppResult<Exported> {
    let format: CompareFormat = format.parse()?;
    let path = output_path(path)?;
    let comparison = library.compare(apps, category_filter(category))?;
    write_file(path, &policylens::compare::render(&comparison, format))?;
    Ok(Exported {
        path: path.display().to_string(),
        count: Some(comparison.apps.len()),
    })
}

/// The 「版本对比」 written to `path` (md, html or json).
pub fn export_diff(
    library: &Library,
    old_id: &str,
    new_id: &str,
    format: &str,
    path: &str,
) -> AppResult<Exported> {
    let format: DiffFormat = format.parse()?;
    let path = output_path(path)?;
    let diff = library.diff(old_id, new_id)?;
    write_file(path, &policylens::diff::render(&diff, format))?;
    Ok(Exported {
        path: path.display().to_string(),
        count: Some(diff.changes().count()),
    })
}
