// Export: notes (all, per app or per policy) to Markdown/CSV/JSON, and a one-policy highlight
// report (Markdown/HTML). The file is chosen with the save dialog, then the shell writes it.
import * as api from "../api";
import type { Ctx } from "../ctx";
import { h } from "../dom";
import { fileSafe } from "../format";
import type { CheckFormat, CheckReport, CompareFormat, DiffFormat, NoteFilter, NotesFormat, PolicyDiff, PolicyView, ReceiversAnswer, ReceiversFormat, ReportFormat } from "../types";
import { openModal } from "./modal";
import { toast } from "./toast";

function radios<T extends string>(name: string, options: [T, string][], checked: T): { el: HTMLElement; value: () => T } {
  const inputs = options.map(([value, label]) => {
    const input = h("input", { type: "radio", name, value });
    input.checked = value === checked;
    return h("label", { class: "radio" }, input, h("span", { text: label }));
  });
  return {
    el: h("div", { class: "radios", role: "radiogroup" }, ...inputs),
    value: () => (inputs.map((l) => l.querySelector("input")!).find((i) => i.checked)?.value ?? checked) as T,
  };
}

type Scope = "all" | "app" | "policy";

/** Export notes; `preset` (the notes view's filter) picks the initial scope. */
export function openNotesExport(ctx: Ctx, preset: NoteFilter = {}): void {
  const policies = ctx.policies();
  const apps = [...new Set(policies.map((p) => p.app).filter((a): a is string => !!a))];
  const appSel = h("select", { "aria-label": "应用" }, ...apps.map((a) => h("option", { value: a, text: a })));
  const polSel = h("select", { "aria-label": "政策" }, ...policies.map((p) => h("option", { value: p.id, text: `${p.app ?? ""} ${p.title ?? p.id}`.trim() })));
  if (preset.app) appSel.value = preset.app;
  const current = ctx.current();
  if (preset.policy_id) polSel.value = preset.policy_id;
  else if (current) polSel.value = current.id;
  const initial: Scope = preset.policy_id ? "policy" : preset.app ? "app" : "all";
  const scope = radios<Scope>("scope", [["all", "全部笔记"], ["app", "某个应用的笔记"], ["policy", "某份政策的笔记"]], initial);
  const format = radios<NotesFormat>("notes-format", [["md", "Markdown"], ["csv", "CSV"], ["json", "JSON"]], "md");
  const sync = () => {
    appSel.disabled = scope.value() !== "app";
    polSel.disabled = scope.value() !== "policy";
  };
  scope.el.addEventListener("change", sync);
  sync();
  const body = h(
    "div",
    { class: "export-form" },
    h("fieldset", null, h("legend", { text: "范围" }), scope.el, h("div", { class: "scope-pickers" }, appSel, polSel)),
    h("fieldset", null, h("legend", { text: "格式" }), format.el),
  );
  openModal({
    title: "导出笔记",
    body,
    actions: [
      { label: "取消" },
      {
        label: "选择位置并导出…",
        primary: true,
        run: async () => {
          const s = scope.value();
          const filter: NoteFilter = s === "app" ? { app: appSel.value } : s === "policy" ? { policy_id: polSel.value } : {};
          if (preset.tag) filter.tag = preset.tag;
          if (preset.text) filter.text = preset.text;
          const fmt = format.value();
          const label = s === "app" ? appSel.value : s === "policy" ? (policies.find((p) => p.id === polSel.value)?.title ?? "政策") : "全部";
          const path = await api.pickSavePath(`${fileSafe(`笔记-${label}`)}.${fmt}`, fmt);
          if (!path) return false; // cancelled: keep the dialog
          const r = await api.exportNotes(fmt, filter, path);
          toast(`已导出 ${r.count ?? 0} 条笔记到 ${r.path}`);
        },
      },
    ],
  });
}

/** A one-policy export dialog: a line saying what the file holds, a format choice, and the
 * save dialog; `write` writes the file and returns what to tell the user. */
function openPolicyExport<F extends NotesFormat | ReportFormat | ReceiversFormat | CompareFormat | DiffFormat | CheckFormat>(options: {
  title: string;
  /** The radio group's name (tests pick a format by it). */
  formatName: string;
  description: string;
  formats: [F, string][];
  initial: F;
  fileName: string;
  write: (format: F, path: string) => Promise<string>;
}): void {
  const format = radios<F>(options.formatName, options.formats, options.initial);
  openModal({
    title: options.title,
    body: h(
      "div",
      { class: "export-form" },
      h("p", { text: options.description }),
      h("fieldset", null, h("legend", { text: "格式" }), format.el),
    ),
    actions: [
      { label: "取消" },
      {
        label: "选择位置并导出…",
        primary: true,
        run: async () => {
          const fmt = format.value();
          const path = await api.pickSavePath(`${fileSafe(options.fileName)}.${fmt}`, fmt);
          if (!path) return false; // cancelled: keep the dialog
          toast(await options.write(fmt, path));
        },
      },
    ],
  });
}

/** Export the highlight report of one policy. */
export function openReportExport(view: PolicyView): void {
  openPolicyExport<ReportFormat>({
    title: "导出高亮报告",
    formatName: "report-format",
    description: `《${view.title ?? view.app ?? "政策"}》：收集的个人信息摘要（按类别）、敏感项及其原文条款。`,
    formats: [["md", "Markdown"], ["html", "HTML（可在浏览器中打开）"]],
    initial: "html",
    fileName: `${view.title ?? view.app ?? "policy"}-报告`,
    write: async (fmt, path) => `报告已导出到 ${(await api.exportReport(view.id, fmt, path)).path}`,
  });
}

/** Export the 「共享与SDK」 table of the policy a receivers answer reads (CSV or Markdown). */
export function openReceiversExport(answer: ReceiversAnswer): void {
  const id = answer.policy_id;
  if (!id) return;
  const name = answer.policy_title ?? answer.app;
  openPolicyExport<ReceiversFormat>({
    title: "导出共享与SDK表",
    formatName: "receivers-format",
    description: `《${name}》：每个接收方一行——类型、运营方、信息、目的、链接和原文条款。`,
    formats: [["csv", "CSV（可用表格软件打开、排序）"], ["md", "Markdown"]],
    initial: "csv",
    fileName: `${name}-共享与SDK`,
    write: async (fmt, path) => {
      const r = await api.exportReceivers(id, fmt, path);
      return `已导出 ${r.count ?? 0} 个接收方到 ${r.path}`;
    },
  });
}

/** Export the 「对比」 matrix of `apps` (CSV, Markdown, a self-contained HTML page, JSON). */
export function openComparisonExport(apps: string[], category: string | null): void {
  const what = apps.length > 3 ? `${apps.slice(0, 3).join("、")} 等 ${apps.length} 个应用` : apps.join("、");
  openPolicyExport<CompareFormat>({
    title: "导出应用对比",
    formatName: "compare-format",
    description: `${what}${category ? `（${category}）` : ""}：每种信息一行、每个应用一列，注明收集、共享或声明不收集，以及目的、接收方和原文。`,
    formats: [["csv", "CSV（可用表格软件打开、排序）"], ["html", "HTML（含图表，可离线打开）"], ["md", "Markdown"], ["json", "JSON"]],
    initial: "csv",
    fileName: `应用对比-${apps.slice(0, 3).join("-")}${apps.length > 3 ? "等" : ""}`,
    write: async (fmt, path) => {
      const r = await api.exportComparison(apps, category, fmt, path);
      return `已导出 ${r.count ?? apps.length} 个应用的对比到 ${r.path}`;
    },
  });
}

/** Export a 「版本对比」 (Markdown, a self-contained HTML page, JSON). */
export function openDiffExport(diff: PolicyDiff): void {
  const name = diff.new.title ?? diff.new.app ?? "政策";
  openPolicyExport<DiffFormat>({
    title: "导出版本对比",
    formatName: "diff-format",
    description: `《${name}》${diff.old.updated ?? "旧版"} → ${diff.new.updated ?? "新版"}：变化摘要和每条改动的条款（改写处标出增删的词）。`,
    formats: [["html", "HTML（可在浏览器中打开）"], ["md", "Markdown"], ["json", "JSON"]],
    initial: "html",
    fileName: `${name}-版本对比`,
    write: async (fmt, path) => {
      const r = await api.exportDiff(diff.old.id, diff.new.id, fmt, path);
      return `已导出 ${r.count ?? 0} 处改动到 ${r.path}`;
    },
  });
}

export function openCheckExport(report: CheckReport, appType: string | null): void {
  const name = report.title ?? report.app ?? "政策";
  const c = report.counts;
  openPolicyExport<CheckFormat>({
    title: "导出合规检查",
    formatName: "check-format",
    description: `《${name}》逐条对照 ${report.findings.length} 条规则的结论（符合 ${c.complies}，可能不符合 ${c.may_not_comply}，未提及 ${c.not_mentioned}，需人工判断 ${c.needs_review}），每条附原文条款或查找过的章节。`,
    formats: [["html", "HTML（可在浏览器中打开）"], ["md", "Markdown"], ["json", "JSON"]],
    initial: "html",
    fileName: `${name}-合规检查`,
    write: async (fmt, path) => {
      const r = await api.exportCheck(report.policy_id, appType, fmt, path);
      return `已导出 ${r.count ?? 0} 条结论到 ${r.path}`;
    },
  });
}
