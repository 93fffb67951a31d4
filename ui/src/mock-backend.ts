// DEV HARNESS ONLY — a stand-in for the Tauri shell so `npm run dev` (or a `--mode mock` build)
// can be looked at in a plain browser. api.ts loads this module only when MOCK_ALLOWED (a
// build-time constant that is false in the production build) and there is no Tauri runtime;
// the production bundle does not contain it. Its data is the bundled sample policies, generated
// by scripts/gen-fixtures.mjs; nothing here ever touches real files.
import { CATEGORIES } from "./categories";
import libraryJson from "./__fixtures__/generated/library.json";
import huajian from "./__fixtures__/generated/huajian.view.json";
import kuaishouShop from "./__fixtures__/generated/kuaishou-shop.view.json";
import kuaishou from "./__fixtures__/generated/kuaishou.view.json";
import tencent from "./__fixtures__/generated/tencent.view.json";
import { repeatView } from "./__fixtures__/repeat";
import { skipIndex, visibleText } from "./spans";
import type {
  Answer,
  AskRequest,
  DataItem,
  Evidence,
  ImportReport,
  Note,
  NoteFilter,
  PolicyRow,
  PolicyView,
  ReceiverUse,
  SearchHitView,
  SearchRequest,
  Span,
  Use,
} from "./types";

type Practice = {
  action: "collect" | "share";
  sentence: number;
  data: { span: Span; data_type: string; text: string }[];
  purpose: { span: Span; purposes: string[]; text: string } | null;
  receiver: string | null;
};
type Extras = { sentences: { span: Span; section: string }[]; practices: Practice[] };
type Library = { policies: PolicyRow[]; extras: Record<string, Extras>; purposes: string[]; radicals: Record<string, string> };

const lib = libraryJson as unknown as Library;
const views = new Map<string, PolicyView>(
  [kuaishou, kuaishouShop, huajian, tencent].map((v) => [(v as PolicyView).id, v as unknown as PolicyView]),
);
let policies: PolicyRow[] = lib.policies.map((p) => ({ ...p }));

/** `?big` in the URL adds a ~50k-char policy (快手 three times over) to check the reader's speed. */
if (typeof location !== "undefined" && /[?&]big\b/.test(location.search)) {
  const base = views.get(lib.policies[0].id)!;
  const big = repeatView(base, 3, "big-50k");
  views.set(big.id, big);
  lib.extras[big.id] = { sentences: [], practices: [] };
  policies.push({ ...lib.policies[0], id: big.id, app: "性能样例", title: big.title, chars: big.text.length });
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

// ---- dialogs ------------------------------------------------------------------------------
export async function mockPickFiles(): Promise<string[]> {
  return ["/home/me/下载/快手隐私政策.txt", "/home/me/下载/某App隐私政策（扫描件）.pdf", "/home/me/下载/空白.txt"];
}
export async function mockPickFolder(): Promise<string[]> {
  return ["/home/me/隐私政策"];
}
export async function mockPickSave(name: string): Promise<string> {
  return `/home/me/文档/${name}`;
}

// ---- text helpers -------------------------------------------------------------------------
const norm = (s: string) => s.replace(/[\u2e80-\u2fdf]/g, (c) => lib.radicals[c] ?? c);

/** Per policy: each clause's visible text and its normalized form (computed once). */
const clauseCache = new Map<string, { str: string; n: string }[]>();
function clauses(v: PolicyView, ex: Extras): { str: string; n: string }[] {
  let c = clauseCache.get(v.id);
  if (!c) {
    const skip = skipIndex(v);
    c = ex.sentences.map((s) => {
      const str = visibleText(v.text, skip, s.span.start, s.span.end);
      return { str, n: norm(str) };
    });
    clauseCache.set(v.id, c);
  }
  return c;
}

const overlaps = (a: Span, b: Span) => a.start < b.end && b.start < a.end;

// ---- notes --------------------------------------------------------------------------------
let noteId = 0;
const now = () => new Date().toISOString();
const notes: Note[] = [];
function seedNotes() {
  const k = views.get(lib.policies[0].id)!;
  const find = (v: PolicyView, s: string): Span => {
    const at = Math.max(0, norm(v.text).indexOf(norm(s)));
    return { start: at, end: at + s.length };
  };
  const mk = (v: PolicyView, words: string, body: string, tags: string[], status: Note["status"] = "anchored"): Note => {
    const span = status === "orphaned" ? { start: 0, end: 0 } : find(v, words);
    const quote = status === "orphaned" ? words : v.text.slice(span.start, span.end);
    const b = v.blocks.find((x) => x.span.start <= span.start && span.start < x.span.end);
    return {
      id: ++noteId,
      policy_id: v.id,
      app: v.app,
      policy_title: v.title,
      span,
      quote,
      section: b?.section.join(" › ") ?? "",
      body,
      tags,
      created_at: "2024-11-21T02:15:00Z",
      updated_at: "2024-11-21T02:15:00Z",
      status,
    };
  };
  const t = [...views.values()].find((v) => v.app === "腾讯")!;
  notes.push(
    mk(k, "当您使用同城或与设备位置相关的服务时", "位置信息是敏感个人信息：这里说明了用途，但没有说明保存期限。", ["位置", "待核实"]),
    mk(t, "腾讯云严格遵守法律法规", "引言中的加粗声明。", ["加粗"]),
    mk(t, "我们会在您注销账号后的 180 天内删除您的浏览记录", "旧版本里的承诺，新版本已经找不到这句话了。", ["保存期限"], "orphaned"),
  );
}
seedNotes();

function filterNotes(f: NoteFilter): Note[] {
  return notes.filter(
    (n) =>
      (!f.policy_id || n.policy_id === f.policy_id) &&
      (!f.app || n.app === f.app) &&
      (!f.tag || n.tags.includes(f.tag)) &&
      (!f.text || n.body.includes(f.text) || n.quote.includes(f.text)),
  );
}

// ---- search -------------------------------------------------------------------------------
function search(q: SearchRequest): SearchHitView[] {
  const terms = norm(q.text).split(/\s+/).filter(Boolean);
  if (!terms.length) return [];
  const hits: SearchHitView[] = [];
  for (const p of policies) {
    if (q.app && p.app !== q.app) continue;
    const v = views.get(p.id);
    const ex = lib.extras[p.id];
    if (!v || !ex) continue;
    const cs = clauses(v, ex);
    for (let si = 0; si < ex.sentences.length; si++) {
      const s = ex.sentences[si];
      const { str, n } = cs[si];
      if (!terms.every((t) => n.includes(t))) continue;
      const ms = v.mentions.filter((m) => overlaps(m.span, s.span));
      const sensitive = ms.some((m) => m.sensitive);
      const bold = v.bold.some((b) => overlaps(b, s.span));
      if (q.sensitive && !sensitive) continue;
      if (q.bold && !bold) continue;
      if (q.category && !ms.some((m) => m.category === q.category)) continue;
      const first = n.indexOf(terms[0]);
      const from = Math.max(0, first - 40);
      const to = Math.min(str.length, first + 80);
      const snippet = (from > 0 ? "…" : "") + str.slice(from, to) + (to < str.length ? "…" : "");
      const shift = from > 0 ? 1 - from : 0;
      const highlights: Span[] = [];
      let score = 0;
      for (const t of terms) {
        for (let at = n.indexOf(t); at >= 0; at = n.indexOf(t, at + t.length)) {
          score++;
          if (at >= from && at + t.length <= to) highlights.push({ start: at + shift, end: at + t.length + shift });
        }
      }
      highlights.sort((a, b) => a.start - b.start);
      hits.push({ policy_id: p.id, app: p.app, title: p.title, section: s.section, clause: s.span, snippet, highlights, score: score + (bold ? 0.5 : 0), bold, sensitive });
    }
  }
  return hits.sort((a, b) => b.score - a.score).slice(0, q.limit ?? 50);
}

// ---- ask ----------------------------------------------------------------------------------
function evidenceOf(v: PolicyView, ex: Extras, pr: Practice, item: Span): Evidence {
  const s = ex.sentences[pr.sentence];
  const b = v.blocks.find((x) => x.span.start <= s.span.start && s.span.start < x.span.end);
  return {
    policy_id: v.id,
    section: s.section || (b?.section.join(" › ") ?? ""),
    clause: visibleText(v.text, skipIndex(v), s.span.start, s.span.end),
    clause_span: s.span,
    item_span: item,
    bold: v.bold.some((x) => overlaps(x, s.span)),
    action: pr.action,
  };
}

function ask(r: AskRequest): Answer {
  const apps = [...new Set(policies.map((p) => p.app).filter((a): a is string => !!a))];
  let app = r.app;
  let purpose = r.purpose;
  let data = r.data;
  let action = r.action;
  if (r.question) {
    const q = norm(r.question);
    app ??= apps.filter((a) => q.includes(a)).sort((a, b) => b.length - a.length)[0];
    purpose ??= lib.purposes.find((p) => q.includes(p));
    if (!purpose) {
      const types = new Set([...views.values()].flatMap((v) => v.mentions.map((m) => m.data_type)));
      data ??= [...types].filter((t) => q.includes(t)).sort((a, b) => b.length - a.length)[0];
    }
    if (/共享|提供给|给谁/.test(q)) action ??= "share";
    else if (/收集|获取/.test(q)) action ??= "collect";
  }
  if (!app) throw `没有指明应用。资料库中的应用：${apps.join("、")}`;
  const p = policies.find((x) => x.app === app);
  if (!p) throw `资料库中没有“${app}”的隐私政策。已有的应用：${apps.join("、")}`;
  const v = views.get(p.id)!;
  const ex = lib.extras[p.id];
  const mention = (t: string) => v.mentions.find((m) => m.data_type === t);
  if (data && !purpose) {
    const m = mention(data);
    const purposes = new Map<string, Evidence[]>();
    const receivers = new Map<string, Evidence[]>();
    const all: Evidence[] = [];
    for (const pr of ex.practices) {
      const d = pr.data.find((x) => x.data_type === data);
      if (!d) continue;
      const ev = evidenceOf(v, ex, pr, d.span);
      all.push(ev);
      for (const name of pr.purpose ? (pr.purpose.purposes.length ? pr.purpose.purposes : [pr.purpose.text]) : []) {
        purposes.set(name, [...(purposes.get(name) ?? []), ev]);
      }
      if (pr.action === "share") {
        const to = pr.receiver ?? "第三方（未写明）";
        receivers.set(to, [...(receivers.get(to) ?? []), ev]);
      }
    }
    const uses = (m: Map<string, Evidence[]>): Use[] => [...m].map(([name, evidence]) => ({ name, evidence }));
    return {
      kind: "by_data",
      app,
      policy_title: p.title,
      data_type: data,
      category: m?.category ?? "其他信息",
      sensitive: m?.sensitive ?? false,
      reason: m?.reason ?? null,
      purposes: uses(purposes),
      receivers: uses(receivers),
      evidence: all,
    };
  }
  if (!purpose && action === "share") {
    // "Who gets my data": every receiver named in a sharing clause.
    const receivers = new Map<string, ReceiverUse>();
    const unnamed: Evidence[] = [];
    for (const pr of ex.practices) {
      if (pr.action !== "share") continue;
      const ev = evidenceOf(v, ex, pr, pr.data[0]?.span ?? ex.sentences[pr.sentence].span);
      if (!pr.receiver) {
        unnamed.push(ev);
        continue;
      }
      const r = receivers.get(pr.receiver) ?? { name: pr.receiver, kind: "named", operator: null, data_types: [], data: [], purposes: [], link: null, evidence: [] };
      for (const d of pr.data) {
        if (!r.data.includes(d.text)) r.data.push(d.text);
        if (!r.data_types.includes(d.data_type)) r.data_types.push(d.data_type);
      }
      r.evidence.push(ev);
      receivers.set(pr.receiver, r);
    }
    const list = [...receivers.values()];
    return { kind: "receivers", app, policy_id: p.id, policy_title: p.title, stance: list.length || unnamed.length ? "shares" : "silent", refusals: [], receivers: list, unnamed };
  }
  if (!purpose) throw `没有指明目的。可以问的目的有：${lib.purposes.slice(0, 12).join("、")}……`;
  const items = new Map<string, DataItem>();
  for (const pr of ex.practices) {
    if (action && pr.action !== action) continue;
    const section = ex.sentences[pr.sentence]?.section ?? "";
    const serves =
      (pr.purpose && (pr.purpose.purposes.includes(purpose) || norm(pr.purpose.text).includes(purpose))) ||
      norm(section).includes(purpose);
    if (!serves) continue;
    for (const d of pr.data) {
      const m = mention(d.data_type);
      const item = items.get(d.data_type) ?? {
        data_type: d.data_type,
        category: m?.category ?? "其他信息",
        sensitive: m?.sensitive ?? false,
        reason: m?.reason ?? null,
        wording: [],
        evidence: [],
      };
      if (!item.wording.includes(d.text)) item.wording.push(d.text);
      item.evidence.push(evidenceOf(v, ex, pr, d.span));
      items.set(d.data_type, item);
    }
  }
  return { kind: "by_purpose", app, policy_title: p.title, purpose, action: action ?? "any", items: [...items.values()] };
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
      const paths = a.paths as string[];
      const total = paths.length;
      const summary: ImportReport = { imported: [], unchanged: [], refused: [] };
      for (let i = 0; i < total; i++) {
        await delay(400);
        const path = paths[i];
        if (/\.pdf$/i.test(path)) summary.refused.push({ path, reason: "不支持 PDF 文件：请先把文字提取为 .txt" });
        else if (/空白/.test(path)) summary.refused.push({ path, reason: "文件是空的" });
        else summary.unchanged.push(path);
        emit("import-progress", { done: i + 1, total, path });
      }
      return summary;
    }
    case "search":
      return search(a.query as SearchRequest);
    case "list_facets": {
      const present = new Set(policies.flatMap((p) => views.get(p.id)?.mentions.map((m) => m.category) ?? []));
      return {
        apps: [...new Set(policies.map((p) => p.app).filter(Boolean))],
        categories: CATEGORIES.filter((c) => present.has(c)),
        purposes: lib.purposes,
      };
    }
    case "ask":
      return ask(a.request as AskRequest);
    case "add_note": {
      const v = views.get(a.policy_id as string);
      if (!v) throw "没有这份政策";
      const span = a.span as Span;
      const b = v.blocks.find((x) => x.span.start <= span.start && span.start < x.span.end);
      const n: Note = {
        id: ++noteId,
        policy_id: v.id,
        app: v.app,
        policy_title: v.title,
        span,
        quote: visibleText(v.text, skipIndex(v), span.start, span.end),
        section: b?.section.join(" › ") ?? "",
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
    default:
      throw `mock backend: unknown command ${cmd}`;
  }
}
