// The one module that talks to the Tauri shell: every command of docs/commands.md, the
// `import-progress` and drag-and-drop events, and the file dialogs. Nothing else in ui/ calls
// `invoke` or `listen`.
//
// Errors: a command's rejected promise carries a string (the shell's error message); `call`
// turns anything else into one too, so callers can show `String(error)`.
import { invoke, type InvokeArgs } from "@tauri-apps/api/core";
import { listen, TauriEvent, type UnlistenFn } from "@tauri-apps/api/event";
import { open as openDialog, save as saveDialog } from "@tauri-apps/plugin-dialog";
import type {
  Answer,
  AppTypeRow,
  AskRequest,
  CheckFormat,
  CheckReport,
  CompareFormat,
  Comparison,
  DiffFormat,
  Exported,
  Facets,
  ImportProgress,
  LabelFormat,
  ImportReport,
  Note,
  NoteFilter,
  NotesFormat,
  PolicyDiff,
  PolicyRow,
  PolicyView,
  PrivacyLabel,
  ReceiversFormat,
  ReportFormat,
  SearchHitView,
  SearchRequest,
  Span,
} from "./types";

export type * from "./types";

// ---------------------------------------------------------------------------------------------
// Browser-only dev harness.
//
// `MOCK_ALLOWED` is a build-time constant: true only under `vite` (dev server) and
// `vite build --mode mock`. In the production build (`npm run build`, what Tauri serves) it is
// `false`, the branches below are dead code and `mock-backend.ts` and its fixtures are not even
// bundled. Even where allowed, the mock is used only when there is no Tauri runtime at all
// (`window.__TAURI_INTERNALS__` absent, i.e. a plain browser tab).
export const MOCK_ALLOWED: boolean =
  import.meta.env.MODE === "mock" || (import.meta.env.DEV && import.meta.env.MODE !== "test");

function inTauri(): boolean {
  return typeof window !== "undefined" && "__TAURI_INTERNALS__" in window;
}

export function usingMockBackend(): boolean {
  return MOCK_ALLOWED && !inTauri();
}

type MockModule = typeof import("./mock-backend");
let mockModule: Promise<MockModule> | null = null;
function mock(): Promise<MockModule> {
  mockModule ??= import("./mock-backend");
  return mockModule;
}

function asMessage(e: unknown): string {
  if (typeof e === "string") return e;
  if (e instanceof Error) return e.message;
  try {
    return JSON.stringify(e);
  } catch {
    return String(e);
  }
}

export const NO_RUNTIME = "PolicyLens 需要在桌面应用中运行（没有找到 Tauri 运行环境）";

async function call<T>(cmd: string, args?: InvokeArgs): Promise<T> {
  try {
    if (!inTauri()) {
      if (MOCK_ALLOWED) return (await (await mock()).mockInvoke(cmd, args)) as T;
      throw NO_RUNTIME;
    }
    return await invoke<T>(cmd, args);
  } catch (e) {
    throw asMessage(e);
  }
}

// ---------------------------------------------------------------------------------------------
// Commands (names and argument names exactly as in docs/commands.md)

export const listPolicies = (): Promise<PolicyRow[]> => call("list_policies");

export const importPaths = (paths: string[]): Promise<ImportReport> =>
  call("import_paths", { paths });

export const removePolicy = (id: string): Promise<null> => call("remove_policy", { id });

export const openPolicy = (id: string): Promise<PolicyView> => call("open_policy", { id });

export const search = (query: SearchRequest): Promise<SearchHitView[]> => call("search", { query });

export const listFacets = (): Promise<Facets> => call("list_facets");

export const ask = (request: AskRequest): Promise<Answer> => call("ask", { request });

export const addNote = (policyId: string, span: Span, body: string, tags: string[]): Promise<Note> =>
  call("add_note", { policy_id: policyId, span: { start: span.start, end: span.end }, body, tags });

export const listNotes = (filter: NoteFilter = {}): Promise<Note[]> =>
  call("list_notes", { filter: compact(filter) });

export const updateNote = (id: number, body: string, tags: string[]): Promise<Note> =>
  call("update_note", { id, body, tags });

export const deleteNote = (id: number): Promise<null> => call("delete_note", { id });

export const exportNotes = (format: NotesFormat, filter: NoteFilter, path: string): Promise<Exported> =>
  call("export_notes", { format, filter: compact(filter), path });

export const exportReport = (id: string, format: ReportFormat, path: string): Promise<Exported> =>
  call("export_report", { id, format, path });

export const exportReceivers = (id: string, format: ReceiversFormat, path: string): Promise<Exported> =>
  call("export_receivers", { id, format, path });

export const compareApps = (apps: string[], category: string | null): Promise<Comparison> =>
  call("compare_apps", { apps, category });

export const diffPolicies = (oldId: string, newId: string): Promise<PolicyDiff> =>
  call("diff_policies", { old_id: oldId, new_id: newId });

export const exportComparison = (apps: string[], category: string | null, format: CompareFormat, path: string): Promise<Exported> =>
  call("export_comparison", { apps, category, format, path });

export const exportDiff = (oldId: string, newId: string, format: DiffFormat, path: string): Promise<Exported> =>
  call("export_diff", { old_id: oldId, new_id: newId, format, path });

/** The files the app was started with ("Open with" in a file manager), once. */
export const takeStartupFiles = (): Promise<string[]> => call("take_startup_files", {});

/** The 隐私标签 of a policy (its evidence in UTF-16 of the policy's text). */
export const privacyLabel = (id: string): Promise<PrivacyLabel> => call("privacy_label", { id });

export const exportPrivacyLabel = (id: string, format: LabelFormat, path: string): Promise<Exported> =>
  call("export_privacy_label", { id, format, path });

/** The 39 app types of the necessary-information regulation (the check's type picker). */
export const listAppTypes = (): Promise<AppTypeRow[]> => call("list_app_types", {});

/** The 「合规检查」 of a policy; `appType` null: guessed from the app's name. */
export const checkPolicy = (policyId: string, appType: string | null): Promise<CheckReport> =>
  call("check_policy", { policy_id: policyId, app_type: appType });

export const exportCheck = (policyId: string, appType: string | null, format: CheckFormat, path: string): Promise<Exported> =>
  call("export_check", { policy_id: policyId, app_type: appType, format, path });

/** Drop empty fields, so a filter never sends `app: ""`. */
function compact<T extends object>(filter: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(filter)) {
    if (v !== undefined && v !== null && v !== "") out[k] = v;
  }
  return out as T;
}

// ---------------------------------------------------------------------------------------------
// Events

export const IMPORT_PROGRESS = "import-progress";

export async function onImportProgress(cb: (p: ImportProgress) => void): Promise<UnlistenFn> {
  if (MOCK_ALLOWED && !inTauri()) return (await mock()).mockListen(IMPORT_PROGRESS, (p) => cb(p as ImportProgress));
  return listen<ImportProgress>(IMPORT_PROGRESS, (e) => cb(e.payload));
}

export type DragDropHandlers = {
  enter?: (paths: string[]) => void;
  leave?: () => void;
  drop: (paths: string[]) => void;
};

/** Files dragged onto the window (Tauri delivers paths through its own drag-drop events). */
export async function onFileDrop(h: DragDropHandlers): Promise<UnlistenFn> {
  if (MOCK_ALLOWED && !inTauri()) return () => {};
  const un = await Promise.all([
    listen<{ paths: string[] }>(TauriEvent.DRAG_ENTER, (e) => h.enter?.(e.payload?.paths ?? [])),
    listen(TauriEvent.DRAG_LEAVE, () => h.leave?.()),
    listen<{ paths: string[] }>(TauriEvent.DRAG_DROP, (e) => h.drop(e.payload?.paths ?? [])),
  ]);
  return () => un.forEach((f) => f());
}

// ---------------------------------------------------------------------------------------------
// Dialogs (@tauri-apps/plugin-dialog): choose what to import, where to export.

const POLICY_FILTERS = [
  { name: "隐私政策（文本、Markdown、HTML、Word、PDF）", extensions: ["txt", "md", "markdown", "html", "htm", "docx", "pdf"] },
  { name: "所有文件", extensions: ["*"] },
];

function asList(picked: string | string[] | null): string[] {
  if (picked == null) return [];
  return Array.isArray(picked) ? picked : [picked];
}

/** Files to import; [] when cancelled. */
export async function pickImportFiles(): Promise<string[]> {
  if (MOCK_ALLOWED && !inTauri()) return (await mock()).mockPickFiles();
  return asList(await openDialog({ title: "导入隐私政策文件", multiple: true, directory: false, filters: POLICY_FILTERS }));
}

/** A folder to import; [] when cancelled. */
export async function pickImportFolder(): Promise<string[]> {
  if (MOCK_ALLOWED && !inTauri()) return (await mock()).mockPickFolder();
  return asList(await openDialog({ title: "导入文件夹中的隐私政策", multiple: false, directory: true }));
}

const SAVE_FILTERS: Record<NotesFormat | ReportFormat | CompareFormat | DiffFormat | CheckFormat | LabelFormat, { name: string; extensions: string[] }> = {
  md: { name: "Markdown", extensions: ["md"] },
  csv: { name: "CSV 表格", extensions: ["csv"] },
  json: { name: "JSON", extensions: ["json"] },
  html: { name: "HTML 网页", extensions: ["html"] },
  svg: { name: "SVG 图片", extensions: ["svg"] },
};

/** Where to save an export; null when cancelled. */
export async function pickSavePath(defaultName: string, format: NotesFormat | ReportFormat | CompareFormat | DiffFormat | CheckFormat | LabelFormat): Promise<string | null> {
  if (MOCK_ALLOWED && !inTauri()) return (await mock()).mockPickSave(defaultName);
  return saveDialog({ title: "导出到…", defaultPath: defaultName, filters: [SAVE_FILTERS[format]] });
}
