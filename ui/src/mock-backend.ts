// DEV HARNESS ONLY — a stand-in for the Tauri shell so `npm run dev` (or a `--mode mock` build)
// can be looked at in a plain browser. api.ts loads this module only when MOCK_ALLOWED (a
// build-time constant that is false in the production build) and there is no Tauri runtime;
// the production bundle does not contain it. Nothing here ever touches real files.
//
// It does not imitate the backend: it serves responses the real commands gave over the bundled
// policies, recorded by src-tauri/tests/generated.rs into __fixtures__/generated/ (the policy
// list, facets, views and notes; the searches and questions listed there; one import; the 「对比」
// of every app and the 「版本对比」 of 花间's two versions). A search that was not recorded finds
// nothing, a question that was not recorded is answered with the list of those that were; a
// comparison of fewer apps is the recorded one's columns of those apps, and only the recorded
// pair of versions can be diffed. What the UI changes — notes, removed policies — is kept in
// memory.
import libraryJson from "./__fixtures__/generated/library.json";
import answersJson from "./__fixtures__/generated/answers.json";
import importJson from "./__fixtures__/generated/import.json";
import comparisonJson from "./__fixtures__/generated/comparison.json";
import checkJson from "./__fixtures__/generated/check.json";
import labelsJson from "./__fixtures__/generated/labels.json";
import diffJson from "./__fixtures__/generated/diff.json";
import searchesJson from "./__fixtures__/generated/searches.json";
import { repeatView } from "./__fixtures__/repeat";
import type {
  Answer,
  AppTypeRow,
  AskRequest,
  CheckReport,
  Comparison,
  Facets,
  ImportProgress,
  ImportReport,
  Note,
  NoteFilter,
  PolicyDiff,
  PolicyRow,
  PrivacyLabel,
  PolicyView,
  SearchHitView,
  SearchRequest,
  Span,
} from "./types";

type RecordedLibrary = { policies: PolicyRow[]; facets: Facets; notes: Note[] };
type RecordedSearch = { query: SearchRequest; hits: SearchHitView[] };
type RecordedAnswer = { request: AskRequest; answer?: Answer; error?: string };
type RecordedImport = { paths: string[]; progress: ImportProgress[]; report: ImportReport };

const recorded = libraryJson as unknown as RecordedLibrary;
const recordedImport = importJson as unknown as RecordedImport;
const viewFiles = import.meta.glob<PolicyView>("./__fixtures__/generated/*.view.json", { eager: true, import: "default" });
const views = new Map<string, PolicyView>(Object.values(viewFiles).map((v) => [v.id, v]));
let policies: PolicyRow[] = recorded.policies.map((p) => ({ ...p }));

/** `?big` in the URL adds a ~50k-char policy (快手 three times over) to check the reader's speed. */
if (typeof location !== "undefined" && /[?&]big\b/.test(location.search)) {
  const base = views.get(recorded.policies[0].id)!;
  const big = repeatView(base, 3, "big-50k");
  views.set(big.id, big);
  policies.push({ ...recorded.policies[0], id: big.id, app: "性能样例", title: big.title, chars: big.text.length });
}

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---- events -------------------------------------------------------------------------------
const listeners = new Map<string, Set<(p: unknown) => void>>();
export function mockListen(event: string, cb: (payload: unknown) => void): () => void {
  const set = listeners.get(event) ?? new Set();
  set.add(cb);
  listeners.set(event, set);
  return () => set.delete(cb);
}
function emit(event: string, payload: unknown) {
  listeners.get(event)?.forEach((cb) => cb(payload));
}

// ---- dialogs: they offer what the recorded import imported -----------------------------------
export async function mockPickFiles(): Promise<string[]> {
  return recordedImport.paths;
}
export async function mockPickFolder(): Promise<string[]> {
  const first = recordedImport.paths[0] ?? "/";
  return [first.slice(0, first.lastIndexOf("/"))];
}
export async function mockPickSave(name: string): Promise<string> {
  return `/home/me/文档/${name}`;
}

// ---- recorded searches and answers ------------------------------------------------------------
/** A search's key: its text and filters (not its limit, which only cuts the hits). */
function searchKey(q: SearchRequest): string {
  return JSON.stringify([q.text.trim(), q.app || "", q.category || "", !!q.sensitive, !!q.bold]);
}
const searches = new Map((searchesJson as unknown as RecordedSearch[]).map((s) => [searchKey(s.query), s.hits]));

function search(q: SearchRequest): SearchHitView[] {
  const hits = searches.get(searchKey(q));
  if (!hits) {
    console.info(`mock backend: no recorded search for ${searchKey(q)}`);
    return [];
  }
  const present = new Set(policies.map((p) => p.id));
  return hits.filter((h) => present.has(h.policy_id)).slice(0, q.limit ?? 50);
}

/** A question's key: its non-empty fields, in a fixed order. */
function askKey(r: AskRequest): string {
  const fields: (keyof AskRequest)[] = ["question", "app", "purpose", "data", "action"];
  return JSON.stringify(fields.map((f) => (r[f] ?? "").trim()));
}
const answers = answersJson as unknown as RecordedAnswer[];
const answersByKey = new Map(answers.map((a) => [askKey(a.request), a]));

function ask(r: AskRequest): Answer {
  const a = answersByKey.get(askKey(r));
  if (!a) {
    const questions = answers.flatMap((x) => (x.request.question ? [x.request.question] : []));
    throw `开发用的模拟后端只录有这些问题的回答：${questions.join(" ")}`;
  }
  if (a.error !== undefined) throw a.error;
  return a.answer!;
}

// ---- 对比 and 版本对比 ---------------------------------------------------------------------------
const comparison = comparisonJson as unknown as Comparison;
const recordedDiff = diffJson as unknown as { old_id: string; new_id: string; diff: PolicyDiff };

/** The recorded matrix cut to `apps` (every app when empty) and `category`: the rows some
 * chosen app names, as the core builds them. */
function compareApps(apps: string[], category: string | null): Comparison {
  const cols = comparison.apps.map((a, i) => [a, i] as const).filter(([a]) => !apps.length || apps.includes(a.app));
  const missing = apps.filter((a) => !comparison.apps.some((c) => c.app === a));
  if (missing.length) throw `没有应用“${missing[0]}”`;
  const rows = comparison.rows
    .filter((r) => !category || r.category === category)
    .map((r) => ({ ...r, cells: cols.map(([, i]) => r.cells[i]) }))
    .filter((r) => r.cells.some((c) => c.state !== "not_mentioned"));
  const categories = [...new Set(rows.map((r) => r.category))];
  const apps2 = cols.map(([a]) => ({ ...a, by_category: categories.map((c) => a.by_category[comparison.categories.indexOf(c)] ?? 0) }));
  return { apps: apps2, categories, rows };
}

function diffPolicies(oldId: string, newId: string): PolicyDiff {
  if (oldId !== recordedDiff.old_id || newId !== recordedDiff.new_id) throw "开发用的模拟后端只录有花间两个版本（第 1 版 → 第 2 版）的对比";
  return recordedDiff.diff;
}

// ---- 隐私标签 ----------------------------------------------------------------------------------
const labels = labelsJson as unknown as PrivacyLabel[];

function privacyLabel(id: string): PrivacyLabel {
  const label = labels.find((l) => l.policy_id === id);
  if (!label) throw `政策库中没有编号为“${id}”的政策`;
  return label;
}

// ---- 合规检查 ----------------------------------------------------------------------------------
const recordedChecks = checkJson as unknown as {
  app_types: AppTypeRow[];
  checks: { policy_id: string; app_type: string | null; report: CheckReport }[];
};

function checkPolicy(policyId: string, appType: string | null): CheckReport {
  const c = recordedChecks.checks.find((x) => x.policy_id === policyId && x.app_type === (appType || null));
  if (!c) {
    const types = recordedChecks.checks.map((x) => x.app_type ?? "由应用名推测").join("、");
    throw `开发用的模拟后端只录有花间第 1 版的合规检查（应用类型：${types}）`;
  }
  return c.report;
}

// ---- notes --------------------------------------------------------------------------------
const notes: Note[] = recorded.notes.map((n) => ({ ...n }));
let lastNoteId = Math.max(0, ...notes.map((n) => n.id));
const now = () => new Date().toISOString();

function filterNotes(f: NoteFilter): Note[] {
  return notes.filter(
    (n) =>
      (!f.policy_id || n.policy_id === f.policy_id) &&
      (!f.app || n.app === f.app) &&
      (!f.tag || n.tags.includes(f.tag)) &&
      (!f.text || n.body.includes(f.text) || n.quote.includes(f.text)),
  );
}

// ---- commands -----------------------------------------------------------------------------
export async function mockInvoke(cmd: string, args: unknown): Promise<unknown> {
  const a = (args ?? {}) as Record<string, unknown>;
  await delay(cmd === "search" ? 2 : 30);
  switch (cmd) {
    case "list_policies":
      return policies;
    case "open_policy": {
      const v = views.get(a.id as string);
      if (!v) throw `没有这份政策：${String(a.id)}`;
      return v;
    }
    case "remove_policy":
      policies = policies.filter((p) => p.id !== a.id);
      return null;
    case "import_paths": {
      // Whatever was chosen, the recorded import is what happens (progress, then its report).
      for (const p of recordedImport.progress) {
        await delay(400);
        emit("import-progress", p);
      }
      return recordedImport.report;
    }
    case "search":
      return search(a.query as SearchRequest);
    case "list_facets":
      return recorded.facets;
    case "ask":
      return ask(a.request as AskRequest);
    case "add_note": {
      const v = views.get(a.policy_id as string);
      if (!v) throw "没有这份政策";
      const span = a.span as Span;
      const block = v.blocks.find((b) => b.span.start <= span.start && span.start < b.span.end);
      const n: Note = {
        id: ++lastNoteId,
        policy_id: v.id,
        app: v.app,
        policy_title: v.title,
        span,
        quote: v.text.slice(span.start, span.end),
        section: block?.section.join(" › ") ?? "",
        body: a.body as string,
        tags: a.tags as string[],
        created_at: now(),
        updated_at: now(),
        status: "anchored",
      };
      notes.push(n);
      return n;
    }
    case "list_notes":
      return filterNotes((a.filter ?? {}) as NoteFilter);
    case "update_note": {
      const n = notes.find((x) => x.id === a.id);
      if (!n) throw "没有这条笔记";
      Object.assign(n, { body: a.body, tags: a.tags, updated_at: now() });
      return { ...n };
    }
    case "delete_note": {
      const i = notes.findIndex((x) => x.id === a.id);
      if (i >= 0) notes.splice(i, 1);
      return null;
    }
    case "export_notes":
      return { path: a.path, count: filterNotes((a.filter ?? {}) as NoteFilter).length };
    case "export_report":
      return { path: a.path };
    case "compare_apps":
      return compareApps((a.apps ?? []) as string[], (a.category ?? null) as string | null);
    case "diff_policies":
      return diffPolicies(a.old_id as string, a.new_id as string);
    case "export_comparison":
      return { path: a.path, count: compareApps((a.apps ?? []) as string[], null).apps.length };
    case "take_startup_files":
      return [];
    case "privacy_label":
      return privacyLabel(a.id as string);
    case "export_privacy_label":
      return { path: a.path, count: privacyLabel(a.id as string).collected };
    case "list_app_types":
      return recordedChecks.app_types;
    case "check_policy":
      return checkPolicy(a.policy_id as string, (a.app_type ?? null) as string | null);
    case "export_check":
      return { path: a.path, count: checkPolicy(a.policy_id as string, (a.app_type ?? null) as string | null).findings.length };
    case "export_diff":
      return { path: a.path, count: diffPolicies(a.old_id as string, a.new_id as string).clauses.filter((c) => c.kind !== "unchanged").length };
    default:
      throw `mock backend: unknown command ${cmd}`;
  }
}
