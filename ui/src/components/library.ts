// The library sidebar: apps and their policies (dates, sensitive and bold clause counts), import
// by dialog or drag-and-drop with progress and a per-file list of refused files, and removal.
import * as api from "../api";
import type { Ctx } from "../ctx";
import { h, replace } from "../dom";
import { baseName, formatCount, formatDate, formatTimestamp, importMessage } from "../format";
import type { ImportSummary, PolicySummary } from "../types";
import { confirmDialog } from "./modal";
import { toastError } from "./toast";

export class LibraryPanel {
  readonly el: HTMLElement;
  private readonly list = h("div", { class: "library-list" });
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
      this.list,
    );
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

  render(policies: PolicySummary[]): void {
    replace(this.list);
    if (!policies.length) {
      this.list.append(h("p", { class: "empty", text: "资料库是空的。导入隐私政策文件（.txt、.md、.html）开始阅读。" }));
      return;
    }
    const byApp = new Map<string, PolicySummary[]>();
    for (const p of policies) {
      const key = p.app ?? "";
      byApp.set(key, [...(byApp.get(key) ?? []), p]);
    }
    const apps = [...byApp.keys()].sort((a, b) => (a === "" ? 1 : b === "" ? -1 : a.localeCompare(b, "zh-CN")));
    for (const app of apps) {
      const ps = byApp.get(app)!.sort((a, b) => b.version - a.version);
      this.list.append(
        h(
          "section",
          { class: "app-group" },
          h("h3", null, h("span", { text: app || "未识别应用" }), h("span", { class: "count", text: `${ps.length} 份` })),
          h("ul", null, ...ps.map((p) => this.item(p))),
        ),
      );
    }
    this.setCurrent(this.currentId);
  }

  private item(p: PolicySummary): HTMLElement {
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
        h("span", { class: "count-sens", title: "涉及敏感个人信息的条款数", text: `敏感 ${formatCount(p.sensitive_count)}` }),
        h("span", { class: "count-bold", title: "政策加粗标示的条款数", text: `加粗 ${formatCount(p.bold_count)}` }),
        h("span", { class: "count-chars", text: `${formatCount(p.chars)} 字` }),
      ),
    );
    open.addEventListener("click", () => void this.ctx.openPolicy(p.id));
    const remove = h("button", { type: "button", class: "remove", title: "从资料库移除", "aria-label": `移除《${p.title ?? p.id}》`, text: "×" });
    remove.addEventListener("click", () => void this.remove(p));
    return h("li", { class: "policy-item", "data-id": p.id }, open, remove);
  }

  async remove(p: PolicySummary): Promise<void> {
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
  async importPaths(paths: string[]): Promise<ImportSummary | null> {
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

  private showSummary(s: ImportSummary): void {
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
