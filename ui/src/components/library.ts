// The library sidebar: apps and their policies (dates, sensitive items, bold clause counts), a
// filter by any name of the app as you type and a choice of order, import by dialog or
// drag-and-drop with progress and a per-file list of refused files, and removal.
//
// A library may hold 10,000 policies: each policy's search key is made once per list, typing
// re-renders after a short pause, and only the first APPS_SHOWN apps are drawn (a button draws
// more) — a sidebar of thousands of nodes made every keystroke is what stutters.
import * as api from "../api";
import type { Ctx } from "../ctx";
import { h, replace } from "../dom";
import { baseName, formatCount, formatDate, formatTimestamp, importMessage } from "../format";
import type { ImportReport, PolicyRow } from "../types";
import { confirmDialog } from "./modal";
import { toastError } from "./toast";

/** Apps drawn at once; the rest on request or by filtering. */
export const APPS_SHOWN = 200;
/** Pause after a keystroke before the list is filtered again (ms). */
const FILTER_PAUSE = 80;

export type LibraryOrder = "name" | "date" | "sensitive";

type AppGroup = { app: string; policies: PolicyRow[]; key: string; date: string; sensitive: number };

/** `2023-06-18`-like date of a policy: its update, else its effective date, else its import. */
function policyDate(p: PolicyRow): string {
  return p.updated ?? p.effective ?? p.imported_at.slice(0, 10);
}

/** What the filter matches: the app, its aliases and the titles, lower-cased. */
function searchKey(app: string, policies: PolicyRow[]): string {
  return [app, ...policies.flatMap((p) => [...p.aliases, p.title ?? ""])].join("\n").toLowerCase();
}

/** The apps of `policies` in `order`, those whose names or titles hold `filter`. */
export function appGroups(policies: PolicyRow[], filter: string, order: LibraryOrder): AppGroup[] {
  const byApp = new Map<string, PolicyRow[]>();
  for (const p of policies) {
    const key = p.app ?? "";
    const list = byApp.get(key);
    if (list) list.push(p);
    else byApp.set(key, [p]);
  }
  const words = filter.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const groups: AppGroup[] = [];
  for (const [app, ps] of byApp) {
    const key = searchKey(app, ps);
    if (!words.every((w) => key.includes(w))) continue;
    ps.sort((a, b) => b.version - a.version);
    groups.push({
      app,
      policies: ps,
      key,
      date: ps.map(policyDate).sort().at(-1) ?? "",
      sensitive: Math.max(...ps.map((p) => p.sensitive_types.length)),
    });
  }
  const byName = (a: AppGroup, b: AppGroup) => (a.app === "" ? 1 : b.app === "" ? -1 : a.app.localeCompare(b.app, "zh-CN"));
  groups.sort((a, b) =>
    order === "date"
      ? b.date.localeCompare(a.date) || byName(a, b)
      : order === "sensitive"
        ? b.sensitive - a.sensitive || byName(a, b)
        : byName(a, b),
  );
  return groups;
}

export class LibraryPanel {
  readonly el: HTMLElement;
  private readonly list = h("div", { class: "library-list" });
  private readonly filter = h("input", {
    type: "search",
    class: "library-filter",
    placeholder: "按应用名、别名或标题筛选",
    "aria-label": "筛选资料库",
  }) as HTMLInputElement;
  private readonly order = h(
    "select",
    { class: "library-order", "aria-label": "排序" },
    h("option", { value: "name", text: "按名称" }),
    h("option", { value: "date", text: "按日期（新的在前）" }),
    h("option", { value: "sensitive", text: "按敏感项数（多的在前）" }),
  ) as HTMLSelectElement;
  private policies: PolicyRow[] = [];
  private shown = APPS_SHOWN;
  private pause: ReturnType<typeof setTimeout> | undefined;
  private readonly status = h("div", { class: "import-status", "aria-live": "polite" });
  private currentId: string | null = null;
  importing = false;

  constructor(private readonly ctx: Ctx) {
    const files = h("button", { type: "button", class: "primary import-files", text: "导入文件…" });
    const folder = h("button", { type: "button", class: "import-folder", text: "导入文件夹…" });
    files.addEventListener("click", async () => this.importPaths(await api.pickImportFiles().catch(this.fail)));
    folder.addEventListener("click", async () => this.importPaths(await api.pickImportFolder().catch(this.fail)));
    this.el = h(
      "nav",
      { class: "library", "aria-label": "资料库" },
      h("div", { class: "library-head" }, h("h2", { text: "资料库" }), h("div", { class: "import-buttons" }, files, folder)),
      h("p", { class: "drop-hint", text: "也可以把文件或文件夹拖进窗口导入" }),
      this.status,
      h("div", { class: "library-tools" }, this.filter, this.order),
      this.list,
    );
    this.filter.addEventListener("input", () => {
      clearTimeout(this.pause);
      this.pause = setTimeout(() => this.refilter(), FILTER_PAUSE);
    });
    this.order.addEventListener("change", () => this.refilter());
  }

  /** Filter and order again now (typing does it after a pause). */
  refilter(): void {
    clearTimeout(this.pause);
    this.shown = APPS_SHOWN;
    this.draw();
  }

  private fail = (e: unknown): string[] => {
    toastError(e);
    return [];
  };

  setCurrent(id: string | null): void {
    this.currentId = id;
    for (const el of this.list.querySelectorAll<HTMLElement>(".policy-item")) {
      el.classList.toggle("current", el.dataset.id === id);
    }
  }

  render(policies: PolicyRow[]): void {
    this.policies = policies;
    this.draw();
  }

  private draw(): void {
    replace(this.list);
    const policies = this.policies;
    if (!policies.length) {
      this.list.append(h("p", { class: "empty", text: "资料库是空的。导入隐私政策文件（.txt、.md、.html）开始阅读。" }));
      return;
    }
    const groups = appGroups(policies, this.filter.value, this.order.value as LibraryOrder);
    if (!groups.length) {
      this.list.append(h("p", { class: "empty", text: `没有应用的名称、别名或标题包含“${this.filter.value.trim()}”。` }));
      return;
    }
    for (const g of groups.slice(0, this.shown)) {
      const aliases = [...new Set(g.policies.flatMap((p) => p.aliases))];
      this.list.append(
        h(
          "section",
          { class: "app-group" },
          h(
            "h3",
            aliases.length ? { title: `也叫：${aliases.join("、")}` } : null,
            h("span", { text: g.app || "未识别应用" }),
            h("span", { class: "count", text: `${g.policies.length} 份` }),
          ),
          h("ul", null, ...g.policies.map((p) => this.item(p))),
        ),
      );
    }
    if (groups.length > this.shown) {
      const more = h("button", {
        type: "button",
        class: "link more-apps",
        text: `还有 ${groups.length - this.shown} 个应用：显示更多，或输入名称筛选`,
      });
      more.addEventListener("click", () => {
        this.shown += APPS_SHOWN;
        this.draw();
      });
      this.list.append(more);
    }
    this.setCurrent(this.currentId);
  }

  private item(p: PolicyRow): HTMLElement {
    const date = p.updated
      ? `更新于 ${formatDate(p.updated)}`
      : p.effective
        ? `生效于 ${formatDate(p.effective)}`
        : `导入于 ${formatTimestamp(p.imported_at).split(" ")[0]}`;
    const version = p.versions > 1 ? ` · 第 ${p.version}/${p.versions} 版` : "";
    const open = h(
      "button",
      { type: "button", class: "policy-open", title: `打开《${p.title ?? p.app ?? p.id}》` },
      h("span", { class: "policy-title", text: p.title ?? p.app ?? "未命名政策" }),
      h("span", { class: "policy-meta", text: `${date}${version}` }),
      h(
        "span",
        { class: "policy-counts" },
        h("span", {
          class: "count-sens",
          title: p.sensitive_types.length ? `写明收集的敏感个人信息：${p.sensitive_types.join("、")}（${formatCount(p.sensitive_count)} 条条款提到敏感个人信息）` : "没有写明收集敏感个人信息",
          text: `敏感 ${formatCount(p.sensitive_types.length)} 项`,
        }),
        h("span", { class: "count-bold", title: "政策加粗标示的条款数", text: `加粗 ${formatCount(p.bold_count)}` }),
        h("span", { class: "count-chars", text: `${formatCount(p.chars)} 字` }),
      ),
    );
    open.addEventListener("click", () => void this.ctx.openPolicy(p.id));
    const remove = h("button", { type: "button", class: "remove", title: "从资料库移除", "aria-label": `移除《${p.title ?? p.id}》`, text: "×" });
    remove.addEventListener("click", () => void this.remove(p));
    return h("li", { class: "policy-item", "data-id": p.id }, open, remove);
  }

  async remove(p: PolicyRow): Promise<void> {
    const name = p.title ?? p.app ?? p.id;
    if (!(await confirmDialog(`从资料库移除《${name}》？移除后需要重新导入才能阅读。`, "移除", true))) return;
    try {
      await api.removePolicy(p.id);
      await this.ctx.libraryChanged();
    } catch (e) {
      toastError(e);
    }
  }

  /** Import files/folders, showing progress and then what was imported, unchanged or refused. */
  async importPaths(paths: string[]): Promise<ImportReport | null> {
    if (!paths.length) return null;
    if (this.importing) {
      toastError("正在导入，请等当前导入完成。");
      return null;
    }
    this.importing = true;
    const bar = h("progress", { max: paths.length, value: 0 });
    const label = h("span", { class: "progress-label", text: `正在导入 ${paths.length} 项…` });
    replace(this.status, h("div", { class: "import-progress" }, bar, label));
    // progress is a nicety: an import goes on without it
    const unlisten = await api
      .onImportProgress((p) => {
        bar.max = Math.max(1, p.total);
        bar.value = p.done;
        label.textContent = `正在导入 ${p.done}/${p.total}：${baseName(p.path)}`;
      })
      .catch(() => () => undefined);
    try {
      const summary = await api.importPaths(paths);
      this.showSummary(summary);
      await this.ctx.libraryChanged();
      return summary;
    } catch (e) {
      replace(this.status, h("div", { class: "import-result error", role: "alert" }, h("p", { text: `导入失败：${String(e)}` }), this.dismiss()));
      return null;
    } finally {
      unlisten();
      this.importing = false;
    }
  }

  private dismiss(): HTMLElement {
    const b = h("button", { type: "button", class: "dismiss", "aria-label": "关闭", text: "×" });
    b.addEventListener("click", () => replace(this.status));
    return b;
  }

  private showSummary(s: ImportReport): void {
    const refused = s.refused.length
      ? h(
          "ul",
          { class: "refused" },
          ...s.refused.map((r) => h("li", null, h("span", { class: "path", title: r.path, text: baseName(r.path) }), h("span", { class: "reason", text: r.reason }))),
        )
      : null;
    const unchanged = s.unchanged.length
      ? h("details", { class: "unchanged" }, h("summary", { text: `未改变的文件（内容与已导入的相同）` }), h("ul", null, ...s.unchanged.map((p) => h("li", { title: p, text: baseName(p) }))))
      : null;
    replace(
      this.status,
      h(
        "div",
        { class: `import-result${s.refused.length ? " has-refused" : ""}` },
        h("p", { class: "import-message", text: importMessage(s) }),
        this.dismiss(),
        refused,
        unchanged,
      ),
    );
  }
}
