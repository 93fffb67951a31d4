// The 「对比」 view: apps side by side. A matrix of data types (by category, sensitive ones marked)
// × apps — collected, shared, both, 声明不收集, only mentioned, not mentioned — with a cell's
// purposes, receivers and clause on hover and a click to the clause; a bar chart of what each app
// takes per category; filters, sorting and export (CSV, Markdown, HTML, JSON). The matrix is the
// core's (`compare_apps`); this view only filters and orders it.
import * as api from "../api";
import { categoryClass, shortCategory } from "../categories";
import type { Ctx } from "../ctx";
import { h, replace } from "../dom";
import type { CellState, Comparison, CompareCell, CompareRow } from "../types";
import { openComparisonExport } from "./export";
import { toastError } from "./toast";

/** A cell's mark, class and words. */
export const CELL_STATES: Record<CellState, { mark: string; label: string }> = {
  collected_shared: { mark: "◆", label: "收集并共享" },
  collected: { mark: "●", label: "收集" },
  shared: { mark: "◇", label: "共享" },
  negated: { mark: "✕", label: "声明不收集" },
  mentioned: { mark: "○", label: "仅提及" },
  not_mentioned: { mark: "", label: "未提及" },
};

const TAKES: CellState[] = ["collected_shared", "collected", "shared"];

/** Up to this many apps are compared when the view first opens; more are chosen by hand. */
const PRESELECT_UP_TO = 8;

type RowOrder = "category" | "most" | "name";
type AppOrder = "chosen" | "most";

/** The hover text of a cell: its state, purposes, receivers and clause. */
export function cellTitle(row: CompareRow, app: string, cell: CompareCell): string {
  const lines = [`${app} · ${row.data_type}：${CELL_STATES[cell.state].label}`];
  if (cell.purposes.length) lines.push(`目的：${cell.purposes.join("、")}`);
  if (cell.receivers.length) lines.push(`接收方：${cell.receivers.join("、")}`);
  if (cell.evidence) {
    const clause = cell.evidence.clause.length > 120 ? `${cell.evidence.clause.slice(0, 120)}…` : cell.evidence.clause;
    lines.push(`原文：${clause}`, "（点击打开这条原文）");
  }
  return lines.join("\n");
}

export class ComparePanel {
  readonly el: HTMLElement;
  private readonly appFilter = h("input", { type: "search", class: "compare-app-filter", placeholder: "筛选应用", "aria-label": "筛选应用" });
  private readonly appList = h("div", { class: "compare-apps", role: "group", "aria-label": "参与对比的应用" });
  private readonly chosenCount = h("span", { class: "compare-chosen" });
  private readonly category = h("select", { class: "compare-category", "aria-label": "信息类别" });
  private readonly sensitiveOnly = h("input", { type: "checkbox", class: "compare-sensitive" });
  private readonly rowOrder = h(
    "select",
    { class: "compare-row-order", "aria-label": "信息类型的顺序" },
    h("option", { value: "category", text: "按类别" }),
    h("option", { value: "most", text: "按收集的应用数" }),
    h("option", { value: "name", text: "按名称" }),
  );
  private readonly appOrder = h(
    "select",
    { class: "compare-app-order", "aria-label": "应用的顺序" },
    h("option", { value: "chosen", text: "应用按名称" }),
    h("option", { value: "most", text: "应用按收集最多" }),
  );
  private readonly typeFilter = h("input", { type: "search", class: "compare-type-filter", placeholder: "筛选信息类型", "aria-label": "筛选信息类型" });
  private readonly exportBtn = h("button", { type: "button", class: "compare-export", text: "导出…" });
  private readonly status = h("span", { class: "compare-status" });
  private readonly chart = h("div", { class: "compare-chart" });
  private readonly matrix = h("div", { class: "compare-matrix-wrap" });
  private chosen = new Set<string>();
  private picked = false;
  private comparison: Comparison | null = null;
  /** The apps and category `comparison` is of. */
  private comparedKey = "";
  private seq = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly ctx: Ctx) {
    const all = h("button", { type: "button", class: "link compare-all", text: "全选" });
    const none = h("button", { type: "button", class: "link compare-none", text: "清空" });
    all.addEventListener("click", () => this.chooseVisible(true));
    none.addEventListener("click", () => this.chooseVisible(false));
    this.appFilter.addEventListener("input", () => this.renderApps());
    this.category.addEventListener("change", () => this.schedule(0));
    for (const c of [this.sensitiveOnly, this.rowOrder, this.appOrder]) c.addEventListener("change", () => this.render());
    this.typeFilter.addEventListener("input", () => this.render());
    this.exportBtn.addEventListener("click", () => openComparisonExport(this.apps(), this.category.value || null));
    this.el = h(
      "section",
      { class: "compare-view" },
      h("header", { class: "view-header" }, h("h1", { text: "应用对比" }), this.status, this.exportBtn),
      h(
        "div",
        { class: "compare-controls" },
        h("div", { class: "compare-picker" }, h("div", { class: "compare-picker-head" }, this.appFilter, all, none, this.chosenCount), this.appList),
        h(
          "div",
          { class: "compare-filters" },
          this.category,
          h("label", { class: "check" }, this.sensitiveOnly, h("span", { text: "只看敏感信息" })),
          this.typeFilter,
          this.rowOrder,
          this.appOrder,
        ),
      ),
      this.legend(),
      this.chart,
      this.matrix,
    );
    this.fillFacets();
  }

  /** The chosen apps, by name. */
  apps(): string[] {
    return [...this.chosen].sort((a, b) => a.localeCompare(b, "zh-CN"));
  }

  /** The library changed: new apps and categories to offer (the choice is kept). */
  fillFacets(): void {
    const keep = this.category.value;
    const categories = this.ctx.facets().categories;
    replace(this.category, h("option", { value: "", text: "全部类别" }), ...categories.map((c) => h("option", { value: c, text: c })));
    this.category.value = categories.includes(keep) ? keep : "";
    const apps = this.libraryApps();
    for (const a of [...this.chosen]) if (!apps.includes(a)) this.chosen.delete(a);
    if (!this.picked && !this.chosen.size) {
      // First look: a small library is compared whole; a large one starts from the app read.
      const current = this.ctx.current()?.app;
      if (apps.length <= PRESELECT_UP_TO) apps.forEach((a) => this.chosen.add(a));
      else if (current && apps.includes(current)) this.chosen.add(current);
    }
    this.renderApps();
  }

  /** The view is shown: compare what is chosen, unless that is what is shown. */
  show(): void {
    this.fillFacets();
    if (!this.comparison || this.comparedKey !== this.key()) this.schedule(0);
  }

  private key(): string {
    return JSON.stringify([this.apps(), this.category.value]);
  }

  private libraryApps(): string[] {
    return [...new Set(this.ctx.policies().map((p) => p.app).filter((a): a is string => !!a))].sort((a, b) => a.localeCompare(b, "zh-CN"));
  }

  private renderApps(): void {
    const q = this.appFilter.value.trim().toLowerCase();
    const apps = this.libraryApps().filter((a) => !q || a.toLowerCase().includes(q));
    replace(
      this.appList,
      ...apps.map((a) => {
        const box = h("input", { type: "checkbox", value: a });
        box.checked = this.chosen.has(a);
        box.addEventListener("change", () => {
          this.picked = true;
          if (box.checked) this.chosen.add(a);
          else this.chosen.delete(a);
          this.updateCount();
          this.schedule();
        });
        return h("label", { class: "compare-app" }, box, h("span", { text: a }));
      }),
    );
    if (!apps.length) this.appList.append(h("p", { class: "empty", text: q ? "没有匹配的应用。" : "资料库里还没有政策。" }));
    this.updateCount();
  }

  private updateCount(): void {
    this.chosenCount.textContent = `已选 ${this.chosen.size} 个`;
  }

  private chooseVisible(on: boolean): void {
    this.picked = true;
    for (const box of this.appList.querySelectorAll<HTMLInputElement>("input[type=checkbox]")) {
      box.checked = on;
      if (on) this.chosen.add(box.value);
      else this.chosen.delete(box.value);
    }
    this.updateCount();
    this.schedule();
  }

  /** Compare again after `ms` (clicking several boxes in a row asks once). */
  private schedule(ms = 250): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.run(), ms);
  }

  async run(): Promise<void> {
    const seq = ++this.seq;
    const apps = this.apps();
    if (!apps.length) {
      this.comparison = null;
      this.status.textContent = "";
      this.exportBtn.disabled = true;
      replace(this.chart);
      replace(this.matrix, h("p", { class: "empty", text: "选择要对比的应用（可以多选）。" }));
      return;
    }
    this.status.textContent = `正在对比 ${apps.length} 个应用…`;
    this.el.classList.add("busy");
    const key = this.key();
    try {
      const comparison = await api.compareApps(apps, this.category.value || null);
      if (seq !== this.seq) return;
      this.comparison = comparison;
      this.comparedKey = key;
      this.render();
    } catch (e) {
      if (seq === this.seq) {
        this.status.textContent = "";
        toastError(e);
      }
    } finally {
      if (seq === this.seq) this.el.classList.remove("busy");
    }
  }

  private legend(): HTMLElement {
    return h(
      "div",
      { class: "compare-legend", "aria-label": "图例" },
      ...(Object.entries(CELL_STATES) as [CellState, { mark: string; label: string }][])
        .filter(([s]) => s !== "not_mentioned")
        .map(([s, { mark, label }]) => h("span", { class: `cell-key state-${s}` }, h("span", { class: "mark", text: mark }), label)),
      h("span", { class: "cell-key sens-key" }, h("span", { class: "badge sens", text: "敏感" }), "敏感个人信息"),
    );
  }

  /** The chosen columns, in the chosen order: indices into `comparison.apps`. */
  private columns(c: Comparison): number[] {
    const idx = c.apps.map((_, i) => i);
    if ((this.appOrder.value as AppOrder) === "most") idx.sort((a, b) => c.apps[b].taken - c.apps[a].taken || c.apps[a].app.localeCompare(c.apps[b].app, "zh-CN"));
    return idx;
  }

  /** The rows the filters keep, in the chosen order. */
  private rows(c: Comparison): CompareRow[] {
    const q = this.typeFilter.value.trim();
    let rows = c.rows.filter((r) => (!this.sensitiveOnly.checked || r.sensitive) && (!q || r.data_type.includes(q) || r.category.includes(q)));
    const taken = (r: CompareRow) => r.cells.filter((x) => TAKES.includes(x.state)).length;
    const order = this.rowOrder.value as RowOrder;
    if (order === "most") rows = [...rows].sort((a, b) => taken(b) - taken(a) || a.data_type.localeCompare(b.data_type, "zh-CN"));
    else if (order === "name") rows = [...rows].sort((a, b) => a.data_type.localeCompare(b.data_type, "zh-CN"));
    return rows;
  }

  private render(): void {
    const c = this.comparison;
    if (!c) return;
    const rows = this.rows(c);
    const cols = this.columns(c);
    this.exportBtn.disabled = false;
    this.status.textContent = `${c.apps.length} 个应用 · ${rows.length} 种信息${rows.length !== c.rows.length ? `（共 ${c.rows.length} 种）` : ""}`;
    this.renderChart(c, cols);
    if (!rows.length) {
      replace(this.matrix, h("p", { class: "empty", text: c.rows.length ? "没有符合筛选条件的信息类型。" : "这些应用的政策都没有提到这一类信息。" }));
      return;
    }
    const head = h(
      "tr",
      null,
      h("th", { class: "type-head", scope: "col", text: "信息类型" }),
      ...cols.map((i) => {
        const a = c.apps[i];
        return h(
          "th",
          { class: "app-head", scope: "col", title: `${a.title ?? a.app}${a.updated ? `（${a.updated}）` : ""}\n收集或共享 ${a.taken} 种，其中敏感 ${a.sensitive_taken} 种；共享 ${a.shared} 种；声明不收集 ${a.negated} 种` },
          h("span", { class: "app-name", text: a.app }),
        );
      }),
    );
    const body = h("tbody");
    let lastCategory = "";
    const byCategory = (this.rowOrder.value as RowOrder) === "category";
    for (const r of rows) {
      if (byCategory && r.category !== lastCategory) {
        lastCategory = r.category;
        body.append(h("tr", { class: "category-row" }, h("th", { scope: "rowgroup", colspan: cols.length + 1, class: categoryClass(r.category) }, h("span", { class: "swatch" }), r.category)));
      }
      body.append(
        h(
          "tr",
          { class: r.sensitive ? "sensitive" : undefined },
          h("th", { scope: "row", class: `type-name ${categoryClass(r.category)}`, title: `${r.category}${r.sensitive ? " · 敏感个人信息" : ""}` }, r.data_type, r.sensitive ? h("span", { class: "badge sens", text: "敏感" }) : null),
          ...cols.map((i) => this.cell(r, c.apps[i].app, r.cells[i])),
        ),
      );
    }
    const foot = h(
      "tr",
      { class: "totals" },
      h("th", { scope: "row", text: "收集或共享（种）" }),
      ...cols.map((i) => h("td", { title: `其中敏感 ${c.apps[i].sensitive_taken} 种`, text: String(c.apps[i].taken) })),
    );
    replace(this.matrix, h("table", { class: "compare-matrix" }, h("thead", null, head), body, h("tfoot", null, foot)));
  }

  private cell(row: CompareRow, app: string, cell: CompareCell): HTMLElement {
    const { mark, label } = CELL_STATES[cell.state];
    const td = h("td", { class: `cell state-${cell.state}`, title: cellTitle(row, app, cell), "aria-label": `${app} ${row.data_type}：${label}` });
    const evidence = cell.evidence;
    if (evidence) {
      const b = h("button", { type: "button", class: "cell-open", text: mark });
      b.addEventListener("click", () => void this.ctx.openPolicy(evidence.policy_id, { clause: evidence.clause_span, item: evidence.item_span }));
      td.append(b);
    } else if (mark) {
      td.append(mark);
    }
    return td;
  }

  /** Per app, a bar per category of the types it takes; its sensitive share after it. */
  private renderChart(c: Comparison, cols: number[]): void {
    const most = Math.max(1, ...c.apps.map((a) => a.taken));
    const bars = cols.map((i) => {
      const a = c.apps[i];
      const segments = c.categories
        .map((cat, k) => ({ cat, n: a.by_category[k] ?? 0 }))
        .filter((s) => s.n > 0)
        .map((s) => {
          const seg = h("span", { class: `seg ${categoryClass(s.cat)}`, title: `${s.cat}：${s.n} 种` });
          // Through the CSSOM: the CSP forbids style attributes, not this.
          seg.style.flexGrow = String(s.n);
          return seg;
        });
      const bar = h("div", { class: "bar" }, ...segments);
      bar.style.width = `${(100 * a.taken) / most}%`;
      const share = a.taken ? Math.round((100 * a.sensitive_taken) / a.taken) : 0;
      return h(
        "div",
        { class: "chart-row" },
        h("span", { class: "chart-app", title: a.title ?? a.app, text: a.app }),
        h("div", { class: "bar-track" }, bar),
        h("span", { class: "chart-total", text: `${a.taken} 种` }),
        h("span", { class: "chart-sens", title: "其中敏感个人信息", text: `敏感 ${a.sensitive_taken}（${share}%）` }),
      );
    });
    const keys = c.categories.map((cat) => h("span", { class: `chart-key ${categoryClass(cat)}`, title: cat }, h("span", { class: "swatch" }), shortCategory(cat)));
    replace(this.chart, h("div", { class: "chart-keys" }, ...keys), ...bars);
  }
}
