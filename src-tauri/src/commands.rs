//! The commands of the UI contract: docs/commands.md says what each does, ui/src/generated/ the
//! types of their arguments and results. Each one runs its call into the core on a blocking
//! thread of the async runtime (never on the main thread, which draws the window), and its
//! arguments keep the contract's snake_case names.
use policylens::document::Span;
use policylens::library::Library;
use policylens::notes::{Note, NoteFilter};
use policylens::view::PolicyView;
use tauri::{AppHandle, Emitter, Runtime, State};

use crate::api::{
    self, AskRequest, Exported, Facets, ImportProgress, ImportReport, OffsetCache, PolicyRow,
    SearchHitView, SearchRequest,
};
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use policylens::ask::Answer;
use policylens::check::CheckReport;
use policylens::compare::Comparison;
use policylens::diff::PolicyDiff;
use policylens::privacy_label::PrivacyLabel;

/// The event `import_paths` emits after each file.
pub const IMPORT_PROGRESS: &str = "import-progress";

/// Run `f` with the library on a blocking thread.
async fn with_library<T, F>(state: &AppState, f: F) -> AppResult<T>
where
    T: Send + 'static,
    F: FnOnce(&Library, &OffsetCache) -> AppResult<T> + Send + 'static,
{
    let state = state.clone();
    tauri::async_runtime::spawn_blocking(move || {
        let library = state.library()?;
        f(&library, state.offsets())
    })
    .await
    .map_err(|e| AppError::Internal(e.to_string()))?
}

#[tauri::command(rename_all = "snake_case")]
pub async fn list_policies(state: State<'_, AppState>) -> AppResult<Vec<PolicyRow>> {
    let policies = with_library(&state, |l, _| api::list_policies(l)).await?;
    crate::timing::log(&format!(
        "list_policies returned {} policies",
        policies.len()
    ));
    Ok(policies)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn import_paths<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    paths: Vec<String>,
) -> AppResult<ImportReport> {
    with_library(&state, move |l, _| {
        api::import_paths(l, &paths, &mut |p: ImportProgress| {
            let _ = app.emit(IMPORT_PROGRESS, p);
        })
    })
    .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn remove_policy(state: State<'_, AppState>, id: String) -> AppResult<()> {
    with_library(&state, move |l, _| api::remove_policy(l, &id)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn open_policy(state: State<'_, AppState>, id: String) -> AppResult<PolicyView> {
    with_library(&state, move |l, o| api::open_policy(l, o, &id)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn search(
    state: State<'_, AppState>,
    query: SearchRequest,
) -> AppResult<Vec<SearchHitView>> {
    with_library(&state, move |l, o| api::search(l, o, &query)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn list_facets(state: State<'_, AppState>) -> AppResult<Facets> {
    with_library(&state, |l, _| api::list_facets(l)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn ask(state: State<'_, AppState>, request: AskRequest) -> AppResult<Answer> {
    with_library(&state, move |l, _| api::ask(l, &request)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn add_note(
    state: State<'_, AppState>,
    policy_id: String,
    span: Span,
    body: String,
    tags: Vec<String>,
) -> AppResult<Note> {
    with_library(&state, move |l, o| {
        api::add_note(l, o, &policy_id, span, &body, &tags)
    })
    .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn list_notes(
    state: State<'_, AppState>,
    filter: Option<NoteFilter>,
) -> AppResult<Vec<Note>> {
    let filter = filter.unwrap_or_default();
    with_library(&state, move |l, o| api::list_notes(l, o, &filter)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn update_note(
    state: State<'_, AppState>,
    id: i64,
    body: String,
    tags: Vec<String>,
) -> AppResult<Note> {
    with_library(&state, move |l, o| api::update_note(l, o, id, &body, &tags)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn delete_note(state: State<'_, AppState>, id: i64) -> AppResult<()> {
    with_library(&state, move |l, _| api::delete_note(l, id)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn export_notes(
    state: State<'_, AppState>,
    format: String,
    filter: Option<NoteFilter>,
    path: String,
) -> AppResult<Exported> {
    let filter = filter.unwrap_or_default();
    with_library(&state, move |l, _| {
        api::export_notes(l, &format, &filter, &path)
    })
    .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn export_report(
    state: State<'_, AppState>,
    id: String,
    format: String,
    path: String,
) -> AppResult<Exported> {
    with_library(&state, move |l, _| {
        api::export_report(l, &id, &format, &path)
    })
    .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn export_receivers(
    state: State<'_, AppState>,
    id: String,
    format: String,
    path: String,
) -> AppResult<Exported> {
    with_library(&state, move |l, _| {
        api::export_receivers(l, &id, &format, &path)
    })
    .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn compare_apps(
    state: State<'_, AppState>,
    apps: Vec<String>,
    category: Option<String>,
) -> AppResult<Comparison> {
    with_library(&state, move |l, _| api::compare_apps(l, &apps, &category)).await
}

/// The files the app was started with ("Open with"), once, as absolute paths for `import_paths`.
#[tauri::command(rename_all = "snake_case")]
pub fn take_startup_files(state: State<'_, AppState>) -> Vec<String> {
    state
        .take_startup_files()
        .into_iter()
        .map(|p| std::path::absolute(&p).unwrap_or(p).display().to_string())
        .collect()
}

#[tauri::command(rename_all = "snake_case")]
pub async fn privacy_label(state: State<'_, AppState>, id: String) -> AppResult<PrivacyLabel> {
    with_library(&state, move |l, _| api::privacy_label(l, &id)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn export_privacy_label(
    state: State<'_, AppState>,
    id: String,
    format: String,
    path: String,
) -> AppResult<Exported> {
    with_library(&state, move |l, _| {
        api::export_privacy_label(l, &id, &format, &path)
    })
    .await
}

#[tauri::command(rename_all = "snake_case")]
pub fn list_app_types() -> Vec<api::AppTypeRow> {
    api::app_types()
}

#[tauri::command(rename_all = "snake_case")]
pub async fn check_policy(
    state: State<'_, AppState>,
    policy_id: String,
    app_type: Option<String>,
) -> AppResult<CheckReport> {
    with_library(&state, move |l, _| {
        api::check_policy(l, &policy_id, &app_type)
    })
    .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn export_check(
    state: State<'_, AppState>,
    policy_id: String,
    app_type: Option<String>,
    format: String,
    path: String,
) -> AppResult<Exported> {
    with_library(&state, move |l, _| {
        api::export_check(l, &policy_id, &app_type, &format, &path)
    })
    .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn diff_policies(
    state: State<'_, AppState>,
    old_id: String,
    new_id: String,
) -> AppResult<PolicyDiff> {
    with_library(&state, move |l, _| api::diff_policies(l, &old_id, &new_id)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn export_comparison(
    state: State<'_, AppState>,
    apps: Vec<String>,
    category: Option<String>,
    format: String,
    path: String,
) -> AppResult<Exported> {
    with_library(&state, move |l, _| {
        api::export_comparison(l, &apps, &category, &format, &path)
    })
    .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn export_diff(
    state: State<'_, AppState>,
    old_id: String,
    new_id: String,
    format: String,
    path: String,
) -> AppResult<Exported> {
    with_library(&state, move |l, _| {
        api::export_diff(l, &old_id, &new_id, &format, &path)
    })
    .await
}
