// Search (Ctrl+K): results as you type, with snippets and highlighted matches, filters for app,
// category, sensitive-only and bold-only. Choosing a result opens the reader at that clause with
// the match highlighted.
//
// Speed: a keystroke queries at once when no query is under way; keystrokes typed while one is
// under way are coalesced into a single follow-up query for the latest text (a debounce that
// never adds a fixed delay). Stale answers are dropped. The first rows render in the same frame
// as the answer arrives, the rest in later frames. While an IME composes (pinyin), nothing is
// searched until the composition ends.
import * as api from "../api";
import type { Ctx } from "../ctx";
import { h, markRanges, replace } from "../dom";
import type { SearchHitView, SearchRequest } from "../types";

const FIRST_BATCH = 12;
const BATCH = 24;
const LIMIT = 100;

export class SearchBox {
  readonly el: HTMLElement;
  readonly input: HTMLInputElement;
  private readonly panel: HTMLElement;
  private readonly results: HTMLElement;
  private readonly info: HTMLElement;
  private readonly app = h("select", { "aria-label": "应用" });
  private readonly category = h("select", { "aria-label": "个人信息类别" });
  private readonly sensitive = h("input", { type: "checkbox" });
  private readonly bold = h("input", { type: "checkbox" });
  private hits: SearchHitView[] = [];
  private active = -1;
  private seq = 0;
  private inflight = false;
  private pending = false;
  private typedAt = 0;
  private frame = 0;
  /** Last keystroke → first results on screen, in ms (for the speed check). */
  lastLatencyMs = 0;
  /** Answer → first rows on screen, in ms. */
  lastRenderMs = 0;

  constructor(private readonly ctx: Ctx) {
    this.input = h("input", {
      type: "search",
      class: "search-input",
      placeholder: "搜索所有政策的条款（Ctrl+K）",
      "aria-label": "搜索条款",
      autocomplete: "off",
      spellcheck: "false",
      role: "combobox",
      "aria-expanded": "false",
      "aria-controls": "search-results",
    });
    this.results = h("ul", { class: "search-results", id: "search-results", role: "listbox" });
    this.info = h("div", { class: "search-info", "aria-live": "polite" });
    this.panel = h(
      "div",
      { class: "search-panel", hidden: true },
      h(
        "div",
        { class: "search-filters" },
        this.app,
        this.category,
        h("label", { class: "check" }, this.sensitive, h("span", { text: "仅敏感" })),
        h("label", { class: "check" }, this.bold, h("span", { text: "仅加粗" })),
      ),
      this.info,
      this.results,
    );
    this.el = h("div", { class: "search" }, this.input, this.panel);
    this.fillFacets();
    this.wire();
  }

  fillFacets(): void {
    const f = this.ctx.facets();
    const keepApp = this.app.value;
    const keepCat = this.category.value;
    replace(this.app, h("option", { value: "", text: "全部应用" }), ...f.apps.map((a) => h("option", { value: a, text: a })));
    replace(this.category, h("option", { value: "", text: "全部类别" }), ...f.categories.map((c) => h("option", { value: c, text: c })));
    this.app.value = f.apps.includes(keepApp) ? keepApp : "";
    this.category.value = f.categories.includes(keepCat) ? keepCat : "";
  }

  focus(): void {
    this.input.focus();
    this.input.select();
    if (this.input.value.trim()) this.open();
  }

  query(): SearchRequest {
    const q: SearchRequest = { text: this.input.value.trim(), limit: LIMIT };
    if (this.app.value) q.app = this.app.value;
    if (this.category.value) q.category = this.category.value;
    if (this.sensitive.checked) q.sensitive = true;
    if (this.bold.checked) q.bold = true;
    return q;
  }

  private wire(): void {
    this.input.addEventListener("input", (e) => {
      if (!(e as InputEvent).isComposing) this.schedule();
    });
    this.input.addEventListener("compositionend", () => this.schedule());
    for (const f of [this.app, this.category, this.sensitive, this.bold]) f.addEventListener("change", () => this.schedule());
    this.input.addEventListener("focus", () => {
      if (this.input.value.trim()) this.open();
    });
    this.input.addEventListener("keydown", (e) => {
      if (e.key === "ArrowDown") {
        e.preventDefault();
        this.move(1);
      } else if (e.key === "ArrowUp") {
        e.preventDefault();
        this.move(-1);
      } else if (e.key === "Enter") {
        e.preventDefault();
        const hit = this.hits[this.active >= 0 ? this.active : 0];
        if (hit) this.choose(hit);
      } else if (e.key === "Escape") {
        e.preventDefault();
        e.stopPropagation();
        this.close();
        this.input.blur();
      }
    });
    document.addEventListener("mousedown", (e) => {
      if (!this.el.contains(e.target as Node)) this.close();
    });
    this.results.addEventListener("click", (e) => {
      const li = (e.target as HTMLElement).closest<HTMLElement>("[data-i]");
      if (li) this.choose(this.hits[Number(li.dataset.i)]);
    });
  }

  /** A keystroke: query now, or once the query under way has answered. */
  private schedule(): void {
    this.typedAt = performance.now();
    if (this.inflight) {
      this.pending = true;
      return;
    }
    void this.run();
  }

  /** Run the query for the current text and filters now. */
  async run(): Promise<void> {
    this.inflight = true;
    this.pending = false;
    try {
      await this.query1();
    } finally {
      this.inflight = false;
    }
    if (this.pending) await this.run();
  }

  private async query1(): Promise<void> {
    const started = this.typedAt || performance.now();
    const q = this.query();
    const seq = ++this.seq;
    if (!q.text) {
      this.hits = [];
      replace(this.results);
      this.info.textContent = "";
      this.close();
      return;
    }
    this.open();
    let hits: SearchHitView[];
    try {
      hits = await api.search(q);
    } catch (e) {
      if (seq !== this.seq) return;
      this.hits = [];
      replace(this.results);
      this.info.textContent = `搜索出错：${String(e)}`;
      return;
    }
    if (seq !== this.seq || this.pending) return; // the user typed on
    const t = performance.now();
    this.show(hits);
    this.lastRenderMs = performance.now() - t;
    this.lastLatencyMs = performance.now() - started;
    this.typedAt = 0;
    this.panel.dataset.latencyMs = this.lastLatencyMs.toFixed(1);
    this.panel.dataset.renderMs = this.lastRenderMs.toFixed(1);
  }

  private show(hits: SearchHitView[]): void {
    cancelAnimationFrame(this.frame);
    this.hits = hits;
    this.active = -1;
    replace(this.results);
    this.info.textContent = hits.length ? `找到 ${hits.length >= LIMIT ? `${LIMIT}+` : hits.length} 条` : "没有找到匹配的条款";
    this.appendBatch(0, FIRST_BATCH);
  }

  private appendBatch(from: number, n: number): void {
    const frag = document.createDocumentFragment();
    const to = Math.min(this.hits.length, from + n);
    for (let i = from; i < to; i++) frag.append(this.row(this.hits[i], i));
    this.results.append(frag);
    if (to < this.hits.length) this.frame = requestAnimationFrame(() => this.appendBatch(to, BATCH));
  }

  private row(hit: SearchHitView, i: number): HTMLElement {
    const where = [hit.app, hit.title].filter(Boolean).join(" · ");
    return h(
      "li",
      { class: "search-hit", role: "option", "data-i": i, id: `hit-${i}` },
      h(
        "div",
        { class: "hit-head" },
        h("span", { class: "hit-where", text: where || "未命名政策" }),
        hit.section ? h("span", { class: "hit-section", text: hit.section }) : null,
        hit.bold ? h("span", { class: "badge bold", text: "加粗" }) : null,
        hit.sensitive ? h("span", { class: "badge sens", text: "敏感" }) : null,
      ),
      h("div", { class: "hit-snippet" }, markRanges(hit.snippet, hit.highlights)),
    );
  }

  private move(d: number): void {
    if (!this.hits.length) return;
    // make sure the target row is rendered
    const next = Math.max(0, Math.min(this.hits.length - 1, this.active + d));
    while (this.results.children.length <= next) this.appendBatch(this.results.children.length, BATCH);
    this.results.querySelector(".active")?.classList.remove("active");
    this.active = next;
    const li = this.results.querySelector<HTMLElement>(`[data-i="${next}"]`);
    li?.classList.add("active");
    li?.scrollIntoView({ block: "nearest" });
    this.input.setAttribute("aria-activedescendant", `hit-${next}`);
  }

  choose(hit: SearchHitView): void {
    const terms = hit.highlights.map((s) => hit.snippet.slice(s.start, s.end)).filter((t) => t.trim());
    this.close();
    void this.ctx.openPolicy(hit.policy_id, { clause: hit.clause, terms });
  }

  open(): void {
    this.panel.hidden = false;
    this.input.setAttribute("aria-expanded", "true");
  }

  close(): void {
    this.panel.hidden = true;
    this.input.setAttribute("aria-expanded", "false");
  }

  get isOpen(): boolean {
    return !this.panel.hidden;
  }
}
