// The highlight view: a policy rendered from its block model, with a legend whose entries toggle
// colours, a custom tooltip on data items, next/previous sensitive item, notes on selections or
// whole clauses, and a side panel (collected-data summary, outline, this policy's notes).
import * as api from "../api";
import { CATEGORIES, categoryClass, categoryIndex, orderCategories, shortCategory } from "../categories";
import type { Ctx, Target } from "../ctx";
import { h, replace } from "../dom";
import { formatCount, formatDate } from "../format";
import { SpanIndex, blockAt, blocksOverlapping, findVisible, visibleText } from "../spans";
import type { Label, Mention, Note, PolicyView, Span, SummaryItem } from "../types";
import { openReportExport } from "./export";
import { openPrivacyLabel } from "./privacy-label";
import { openNoteDialog } from "./note-dialog";
import { noteCard } from "./notes";
import {
  emptyOverlay,
  prepare,
  renderBlock,
  renderPolicy,
  type NoteMark,
  type Overlay,
  type Prepared,
} from "./render-policy";
import { selectionSpan } from "./selection";
import { toastError } from "./toast";

const MARK_LEGEND: { key: Label; label: string; hint: string }[] = [
  { key: "purpose", label: "目的", hint: "处理个人信息的目的" },
  { key: "collect", label: "收集", hint: "收集、使用等动作" },
  { key: "share", label: "共享", hint: "共享、提供给第三方等动作" },
  { key: "condition", label: "条件", hint: "在何种情况下" },
];

type SideTab = "summary" | "outline" | "notes";

export class Reader {
  readonly el: HTMLElement;
  /** The rendered policy (the element selections are mapped in). */
  readonly article: HTMLElement;
  private readonly scroller: HTMLElement;
  private readonly header: HTMLElement;
  private readonly legend: HTMLElement;
  private readonly navCount: HTMLElement;
  private readonly side: HTMLElement;
  private readonly sideBody: HTMLElement;
  private readonly tooltip: HTMLElement;
  private readonly noteButton: HTMLButtonElement;
  private readonly gutterButton: HTMLButtonElement;

  private prepared: Prepared | null = null;
  private overlay: Overlay = emptyOverlay();
  private notes: Note[] = [];
  private sensitive: { i: number; m: Mention }[] = [];
  private current = -1; // index into view.mentions of the focused sensitive item
  private off = new Set<string>(); // legend entries switched off
  private sideTab: SideTab = "summary";
  private pendingSpan: Span | null = null;
  private gutterBlock = -1;
  private flashTimer: ReturnType<typeof setTimeout> | undefined;
  /** Milliseconds the last full render took (also on the element as data-render-ms). */
  lastRenderMs = 0;

  constructor(private readonly ctx: Ctx) {
    this.header = h("header", { class: "doc-header" });
    this.navCount = h("span", { class: "nav-count", "aria-live": "polite" });
    this.legend = h("div", { class: "legend", role: "group", "aria-label": "图例" });
    this.article = h("article", { class: "policy", tabindex: "-1", "aria-label": "政策正文" });
    this.scroller = h("div", { class: "policy-scroll" }, this.article);
    this.sideBody = h("div", { class: "side-body" });
    this.side = h("aside", { class: "side", "aria-label": "侧栏" });
    this.tooltip = h("div", { class: "tooltip", role: "tooltip", hidden: true });
    this.noteButton = h("button", { type: "button", class: "float-note", hidden: true, text: "添加笔记" });
    this.gutterButton = h("button", { type: "button", class: "gutter-note", hidden: true, title: "为这一条添加笔记", "aria-label": "为这一条添加笔记", text: "＋笔记" });
    this.article.append(this.gutterButton);
    this.el = h(
      "section",
      { class: "reader-view" },
      h("div", { class: "reader-main" }, this.header, this.legend, this.scroller),
      this.side,
    );
    document.body.append(this.tooltip, this.noteButton);
    this.showEmpty();
    this.wireEvents();
  }

  get view(): PolicyView | null {
    return this.prepared?.view ?? null;
  }

  // -------------------------------------------------------------------------------------------
  // Opening a policy

  showEmpty(): void {
    this.prepared = null;
    replace(this.header, h("p", { class: "empty", text: "从左侧选择一份隐私政策，或导入文件（也可以把文件拖进窗口）。" }));
    replace(this.legend);
    replace(this.article, h("div", { class: "placeholder" }, h("p", { text: "PolicyLens 帮你读懂隐私政策：" }), h("ul", null,
      h("li", { text: "敏感个人信息按类别着色，悬停查看原因" }),
      h("li", { text: "Ctrl+K 搜索所有政策的条款" }),
      h("li", { text: "“问答”：某个应用为了某个目的收集哪些信息" }),
      h("li", { text: "选中文字添加笔记，可导出为 Markdown、CSV、JSON" }),
    )), this.gutterButton);
    replace(this.side);
    this.hideFloating();
  }

  /** Render `view` with its notes; scroll to `target` if given. */
  show(view: PolicyView, notes: Note[] = [], target?: Target): void {
    const t0 = performance.now();
    this.hideFloating();
    this.prepared = prepare(view);
    this.notes = notes;
    this.overlay = { ...emptyOverlay(), notes: this.notesIndex(notes) };
    this.sensitive = view.mentions.map((m, i) => ({ i, m })).filter((r) => r.m.sensitive);
    this.current = -1;
    const frag = renderPolicy(this.prepared, this.overlay);
    replace(this.article, frag, this.gutterButton);
    this.gutterButton.hidden = true;
    this.renderHeader(view);
    this.renderLegend(view);
    this.renderSide();
    this.updateNavCount();
    this.scroller.scrollTop = 0;
    this.lastRenderMs = performance.now() - t0;
    this.el.dataset.renderMs = this.lastRenderMs.toFixed(1);
    if (target) this.goTo(target);
  }

  private renderHeader(v: PolicyView): void {
    const meta: string[] = [];
    if (v.app) meta.push(v.app);
    if (v.operator) meta.push(v.operator);
    if (v.updated) meta.push(`更新于 ${formatDate(v.updated)}`);
    if (v.effective) meta.push(`生效于 ${formatDate(v.effective)}`);
    meta.push(`${formatCount(v.text.length)} 字`);
    const prev = h("button", { type: "button", class: "nav-prev", title: "上一个敏感项（p 或 [）", text: "‹ 上一个" });
    const next = h("button", { type: "button", class: "nav-next", title: "下一个敏感项（n 或 ]）", text: "下一个 ›" });
    prev.addEventListener("click", () => this.step(-1));
    next.addEventListener("click", () => this.step(1));
    const report = h("button", { type: "button", class: "export-report", text: "导出报告" });
    report.addEventListener("click", () => openReportExport(v));
    const label = h("button", { type: "button", class: "open-label", title: "像应用商店的隐私标签一样，一张卡片看懂收集、用途、共享和删除", text: "隐私标签" });
    label.addEventListener("click", () => void openPrivacyLabel(v, (e) => this.goTo({ clause: e.clause_span, item: e.item_span })));
    replace(
      this.header,
      h(
        "div",
        { class: "doc-title" },
        h("h1", { text: v.title ?? v.app ?? "未命名政策" }),
        h("p", { class: "doc-meta" }, ...meta.flatMap((m, i) => [i ? " · " : null, h("span", { text: m })])),
      ),
      h("div", { class: "doc-actions" }, h("div", { class: "nav", role: "group", "aria-label": "敏感项导航" }, prev, this.navCount, next), label, report),
    );
  }

  private renderLegend(v: PolicyView): void {
    const counts = new Map<string, { s: number; g: number }>();
    for (const m of v.mentions) {
      const c = counts.get(m.category) ?? { s: 0, g: 0 };
      if (m.sensitive) c.s++;
      else c.g++;
      counts.set(m.category, c);
    }
    const chips: HTMLElement[] = [];
    for (const cat of orderCategories(counts.keys())) {
      const c = counts.get(cat)!;
      const key = `cat-${categoryIndex(cat)}`;
      const label = c.s ? `${shortCategory(cat)} ${c.s}` : shortCategory(cat);
      const chip = this.legendChip(key, label, `${cat}：敏感 ${c.s} 处，一般 ${c.g} 处（点击切换颜色）`, `swatch ${categoryClass(cat)} ${c.s ? "s" : "g"}`);
      chips.push(chip);
    }
    const marks = new Set(v.marked.map((m) => m.label));
    const markChips = MARK_LEGEND.filter((m) => marks.has(m.key)).map((m) =>
      this.legendChip(m.key, m.label, `${m.hint}（点击切换标注）`, `swatch mk mk-${m.key}`),
    );
    replace(
      this.legend,
      chips.length ? h("span", { class: "legend-title", title: "实底＝敏感个人信息，虚下划线＝一般个人信息；数字为敏感项个数", text: "类别（实底＝敏感）" }) : null,
      ...chips,
      markChips.length ? h("span", { class: "legend-title", text: "标注" }) : null,
      ...markChips,
      v.bold.length ? h("span", { class: "legend-bold", title: "政策原文用粗体标示的条款，左侧有黄色竖线", text: "粗体＝原文加粗" }) : null,
    );
  }

  private legendChip(key: string, label: string, title: string, swatch: string): HTMLElement {
    const on = !this.off.has(key);
    const chip = h(
      "button",
      { type: "button", class: `chip${on ? "" : " off"}`, "aria-pressed": String(on), "data-key": key, title },
      h("span", { class: swatch, "aria-hidden": "true" }),
      h("span", { text: label }),
    );
    chip.addEventListener("click", () => this.toggle(key));
    return chip;
  }

  /** Switch a legend entry (a category `cat-N` or a mark `purpose`…) on or off. */
  toggle(key: string): void {
    const on = this.off.has(key);
    if (on) this.off.delete(key);
    else this.off.add(key);
    this.article.classList.toggle(`off-${key}`, !on);
    const chip = this.legend.querySelector<HTMLElement>(`[data-key="${key}"]`);
    chip?.classList.toggle("off", !on);
    chip?.setAttribute("aria-pressed", String(on));
    this.updateNavCount();
  }

  // -------------------------------------------------------------------------------------------
  // Overlays: notes, target clause, matched terms — re-rendering only the blocks they touch.

  private notesIndex(notes: Note[]): SpanIndex<NoteMark> {
    return new SpanIndex(
      notes.filter((n) => n.status !== "orphaned" && n.span.end > n.span.start).map((n) => ({ id: n.id, span: n.span })),
      (n) => n.span,
    );
  }

  private rerender(spans: Span[]): void {
    const p = this.prepared;
    if (!p) return;
    const blocks = new Set<number>();
    for (const s of spans) for (const b of blocksOverlapping(p.view.blocks, s)) blocks.add(b);
    for (const b of blocks) {
      const old = this.article.querySelector(`[data-b="${b}"]`);
      if (old) old.replaceWith(renderBlock(p, b, this.overlay));
    }
    this.markCurrent();
  }

  setNotes(notes: Note[]): void {
    if (!this.prepared) return;
    const before = this.overlay.notes.items.map((n) => n.span);
    this.notes = notes;
    this.overlay = { ...this.overlay, notes: this.notesIndex(notes) };
    this.rerender([...before, ...this.overlay.notes.items.map((n) => n.span)]);
    this.renderSide();
  }

  /** Scroll to a clause, flash it and highlight the item / matched words in it. */
  goTo(target: Target): void {
    const p = this.prepared;
    if (!p) return;
    const text = p.view.text;
    const clause = target.clause ?? target.item;
    if (!clause) return;
    const before = [this.overlay.target, ...this.overlay.terms.items].filter((s): s is Span => !!s);
    const terms: Span[] = [];
    if (target.item && target.item.end > target.item.start) terms.push(target.item);
    // matched words, found in the clause as the reader shows it (a match may span a soft break)
    for (const word of new Set(target.terms ?? [])) terms.push(...findVisible(text, p.skip, clause, word));
    this.overlay = { ...this.overlay, target: clause, terms: new SpanIndex(terms, (s) => s) };
    this.rerender([...before, clause, ...terms]);
    const el = this.leafAt(clause.start);
    if (el) {
      this.reveal(el, "center");
      const block = el.closest<HTMLElement>(".blk");
      block?.classList.add("flash");
      clearTimeout(this.flashTimer);
      this.flashTimer = setTimeout(() => block?.classList.remove("flash"), 1600);
    }
  }

  /** The leaf showing offset `at` (or the first one after it). */
  private leafAt(at: number): HTMLElement | null {
    const p = this.prepared;
    if (!p) return null;
    const b = Math.max(0, blockAt(p.view.blocks, at));
    for (let i = b; i < p.view.blocks.length; i++) {
      const block = this.article.querySelector(`[data-b="${i}"]`);
      if (!block) continue;
      const leaves = block.querySelectorAll<HTMLElement>("[data-o]");
      for (const l of leaves) {
        const o = Number(l.dataset.o);
        if (o + (l.textContent ?? "").length > at) return l;
      }
    }
    return null;
  }

  scrollToBlock(i: number): void {
    const el = this.article.querySelector<HTMLElement>(`[data-b="${i}"]`);
    if (el) this.reveal(el, "start");
  }

  /**
   * Scroll `el` into view, and keep it there for a few frames: blocks are laid out lazily
   * (`content-visibility: auto`), so blocks near the target may change size once they are drawn
   * — engines without scroll anchoring (WebKit) would let the target drift.
   */
  private reveal(el: HTMLElement, block: ScrollLogicalPosition): void {
    el.scrollIntoView({ block });
    let frames = 0;
    const check = () => {
      if (!el.isConnected || ++frames > 4) return;
      const r = el.getBoundingClientRect();
      const s = this.scroller.getBoundingClientRect();
      const off = block === "start" ? Math.abs(r.top - s.top) > 24 : r.top < s.top || r.bottom > s.bottom;
      if (off) el.scrollIntoView({ block });
      requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  }

  // -------------------------------------------------------------------------------------------
  // Next / previous sensitive item

  private enabledSensitive(): { i: number; m: Mention }[] {
    return this.sensitive.filter((r) => !this.off.has(`cat-${categoryIndex(r.m.category)}`));
  }

  step(dir: 1 | -1): void {
    const list = this.enabledSensitive();
    if (!list.length) return;
    let k: number;
    const pos = list.findIndex((r) => r.i === this.current);
    if (pos >= 0) k = (pos + dir + list.length) % list.length;
    else if (this.current >= 0) {
      // the current one was switched off: continue from its position
      const at = this.view!.mentions[this.current].span.start;
      k = dir > 0 ? list.findIndex((r) => r.m.span.start > at) : list.map((r) => r.m.span.start < at).lastIndexOf(true);
      if (k < 0) k = dir > 0 ? 0 : list.length - 1;
    } else k = dir > 0 ? 0 : list.length - 1;
    this.current = list[k].i;
    this.markCurrent();
    const el = this.article.querySelector<HTMLElement>(`.m[data-m="${this.current}"]`);
    if (el) this.reveal(el, "center");
    if (el) this.showMentionTip(el);
    this.updateNavCount();
  }

  private markCurrent(): void {
    this.article.querySelector(".m.cur")?.classList.remove("cur");
    if (this.current >= 0) this.article.querySelector(`.m[data-m="${this.current}"]`)?.classList.add("cur");
  }

  private updateNavCount(): void {
    const list = this.enabledSensitive();
    const pos = list.findIndex((r) => r.i === this.current);
    this.navCount.textContent = list.length
      ? pos >= 0
        ? `敏感项 ${pos + 1} / ${list.length}`
        : `敏感项 ${list.length} 处`
      : "无敏感项";
  }

  // -------------------------------------------------------------------------------------------
  // Tooltip

  private showMentionTip(el: HTMLElement, noteLeaf: HTMLElement | null = null): void {
    const v = this.view;
    if (!v) return;
    const m = v.mentions[Number(el.dataset.m)];
    if (!m) return;
    const purposes = new Set<string>();
    for (const r of this.prepared!.marked.query(m.span.start, m.span.end)) {
      if (r.m.label === "purpose") r.m.purposes.forEach((x) => purposes.add(x));
    }
    // purposes of the practice the item is part of: purpose marks in the same block
    if (m.practice) {
      const b = v.blocks[blockAt(v.blocks, m.span.start)];
      if (b) for (const r of this.prepared!.marked.query(b.span.start, b.span.end)) if (r.m.label === "purpose") r.m.purposes.forEach((x) => purposes.add(x));
    }
    const wording = visibleText(v.text, this.prepared!.skip, m.span.start, m.span.end);
    const note = noteLeaf ? this.notes.find((n) => n.id === Number(noteLeaf.dataset.n)) : undefined;
    replace(
      this.tooltip,
      h("div", { class: "tip-head" }, h("span", { class: `swatch ${categoryClass(m.category)} ${m.sensitive ? "s" : "g"}` }), h("strong", { text: m.data_type }), m.sensitive ? h("span", { class: "badge sens", text: "敏感" }) : h("span", { class: "badge", text: "一般" })),
      h("div", { class: "tip-row" }, h("span", { class: "k", text: "类别" }), h("span", { text: m.category })),
      m.sensitive ? h("div", { class: "tip-row" }, h("span", { class: "k", text: "敏感原因" }), h("span", { text: m.reason ?? "属于敏感个人信息" })) : null,
      wording !== m.data_type ? h("div", { class: "tip-row" }, h("span", { class: "k", text: "原文" }), h("span", { text: wording })) : null,
      h("div", { class: "tip-row" }, h("span", { class: "k", text: "性质" }), h("span", { text: m.practice ? "属于收集/共享行为的对象" : "仅被提及" })),
      purposes.size ? h("div", { class: "tip-row" }, h("span", { class: "k", text: "目的" }), h("span", { text: [...purposes].join("、") })) : null,
      note ? h("div", { class: "tip-row" }, h("span", { class: "k", text: "笔记" }), h("span", { class: "tip-note", text: note.body || "（没有正文）" })) : null,
    );
    this.placeTip(el);
  }

  private showPurposeTip(leaf: HTMLElement): void {
    const v = this.view;
    const r = v?.marked[Number(leaf.dataset.p)];
    if (!v || !r) return;
    replace(
      this.tooltip,
      h("div", { class: "tip-head" }, h("span", { class: "swatch mk mk-purpose" }), h("strong", { text: "处理目的" })),
      h("div", { class: "tip-row" }, h("span", { class: "k", text: "原文" }), h("span", { text: visibleText(v.text, this.prepared!.skip, r.span.start, r.span.end) })),
      r.purposes.length ? h("div", { class: "tip-row" }, h("span", { class: "k", text: "归类" }), h("span", { text: r.purposes.join("、") })) : null,
    );
    this.placeTip(leaf);
  }

  private showNoteTip(leaf: HTMLElement): void {
    const note = this.notes.find((n) => n.id === Number(leaf.dataset.n));
    if (!note) return;
    replace(
      this.tooltip,
      h("div", { class: "tip-head" }, h("strong", { text: "笔记" }), ...note.tags.map((t) => h("span", { class: "badge", text: `#${t}` }))),
      note.body ? h("div", { class: "tip-note", text: note.body }) : h("div", { class: "tip-note", text: "（没有正文）" }),
    );
    this.placeTip(leaf);
  }

  private placeTip(el: HTMLElement): void {
    const tip = this.tooltip;
    tip.hidden = false;
    const r = el.getBoundingClientRect();
    const w = tip.offsetWidth || 280;
    const hgt = tip.offsetHeight || 100;
    let left = Math.min(r.left, window.innerWidth - w - 8);
    left = Math.max(8, left);
    let top = r.bottom + 6;
    if (top + hgt > window.innerHeight - 8) top = Math.max(8, r.top - hgt - 6);
    tip.style.left = `${left}px`;
    tip.style.top = `${top}px`;
  }

  hideTip(): void {
    this.tooltip.hidden = true;
  }

  // -------------------------------------------------------------------------------------------
  // Notes: a selection, or a whole clause via the gutter button

  private hideFloating(): void {
    this.noteButton.hidden = true;
    this.pendingSpan = null;
    this.tooltip.hidden = true;
  }

  /** The selection in the reader as a span (hidden markup / soft breaks trimmed from the edges). */
  selectionSpan(): Span | null {
    const p = this.prepared;
    if (!p) return null;
    const s = selectionSpan(this.article);
    if (!s) return null;
    let { start, end } = s;
    // do not start on / end in skipped text
    for (const k of p.skip.query(start, start + 1)) if (k.start <= start) start = Math.max(start, k.end);
    for (const k of p.skip.query(end - 1, end)) if (k.end >= end) end = Math.min(end, k.start);
    return end > start ? { start, end } : null;
  }

  /** After mouseup/keyup in the reader: offer "添加笔记" for a selection. */
  private onSelectionEnd(): void {
    const span = this.selectionSpan();
    if (!span) {
      this.noteButton.hidden = true;
      this.pendingSpan = null;
      return;
    }
    this.pendingSpan = span;
    const sel = document.getSelection();
    const range = sel && sel.rangeCount ? sel.getRangeAt(0) : null;
    const rect = range && typeof range.getBoundingClientRect === "function" ? range.getBoundingClientRect() : null;
    this.noteButton.hidden = false;
    const top = rect ? Math.max(8, rect.top - 36) : 80;
    const left = rect ? Math.min(window.innerWidth - 100, Math.max(8, rect.left + rect.width / 2 - 40)) : 80;
    this.noteButton.style.top = `${top}px`;
    this.noteButton.style.left = `${left}px`;
  }

  /** Open the note dialog for `span` of the current policy. */
  async addNoteFor(span: Span): Promise<Note | null> {
    const p = this.prepared;
    if (!p) return null;
    const b = p.view.blocks[blockAt(p.view.blocks, span.start)];
    const draft = {
      policyId: p.view.id,
      span,
      quote: visibleText(p.view.text, p.skip, span.start, span.end),
      section: b ? b.section.join(" › ") : "",
    };
    this.noteButton.hidden = true;
    const note = await openNoteDialog({ draft });
    if (note) {
      document.getSelection()?.removeAllRanges();
      this.setNotes([...this.notes, note]);
      this.ctx.notesChanged(note);
    }
    return note;
  }

  // -------------------------------------------------------------------------------------------
  // Side panel: summary / outline / notes

  private renderSide(): void {
    const v = this.view;
    if (!v) return;
    const tabs: [SideTab, string][] = [
      ["summary", "收集摘要"],
      ["outline", "目录"],
      ["notes", `笔记${this.notes.length ? ` ${this.notes.length}` : ""}`],
    ];
    const bar = h("div", { class: "tabs side-tabs", role: "tablist" });
    for (const [key, label] of tabs) {
      const b = h("button", { type: "button", role: "tab", class: key === this.sideTab ? "active" : "", "aria-selected": String(key === this.sideTab), text: label });
      b.addEventListener("click", () => {
        this.sideTab = key;
        this.renderSide();
      });
      bar.append(b);
    }
    replace(this.sideBody);
    if (this.sideTab === "summary") this.renderSummary(v);
    else if (this.sideTab === "outline") this.renderOutline(v);
    else this.renderPolicyNotes();
    replace(this.side, bar, this.sideBody);
  }

  private renderSummary(v: PolicyView): void {
    // One summary with `list`, the report and 问答: what a practice collects, apart from what
    // the policy only mentions (definitions, examples, negations).
    const items = v.summary.flatMap((c) => c.items);
    const collected = items.filter((i) => i.collected);
    const sensitive = collected.filter((i) => i.sensitive).length;
    const mentioned = items.length - collected.length;
    this.sideBody.append(
      h("p", {
        class: "summary-head",
        text:
          `本政策写明收集 ${collected.length} 种个人信息，其中敏感个人信息 ${sensitive} 种` +
          (mentioned ? `；另有 ${mentioned} 种只是提及（定义、举例或声明不收集）` : "") +
          "。按类别列出，点击跳到条款。",
      }),
    );
    const entry = (item: SummaryItem): HTMLElement => {
      const li = h(
        "li",
        { class: item.sensitive ? "sens" : "" },
        h("button", { type: "button", class: "link", title: item.collected ? "跳到收集它的条款" : "跳到首次提及处", text: item.data_type }),
        h("span", { class: "count", title: "在政策中出现的次数", text: `×${item.count}` }),
        item.sensitive ? h("span", { class: "badge sens", text: "敏感" }) : null,
        item.collected && item.purposes.length ? h("div", { class: "purposes", text: `用途：${item.purposes.join("、")}` }) : null,
        item.sensitive && item.reason ? h("div", { class: "reason", text: item.reason }) : null,
      );
      li.querySelector("button")!.addEventListener("click", () => this.goTo({ clause: item.clause, item: item.first }));
      return li;
    };
    for (const group of v.summary) {
      const shown = group.items.filter((i) => i.collected);
      if (!shown.length) continue;
      const sens = shown.some((i) => i.sensitive);
      this.sideBody.append(
        h("section", { class: `summary-group ${categoryClass(group.category)}` },
          h("h3", null, h("span", { class: `swatch ${categoryClass(group.category)} ${sens ? "s" : "g"}` }), h("span", { text: group.category })),
          h("ul", { class: "summary-items" }, ...shown.map(entry)),
        ),
      );
    }
    if (mentioned) {
      const only = items.filter((i) => !i.collected);
      this.sideBody.append(
        h("details", { class: "summary-mentioned" },
          h("summary", { text: `只是提及、未写明收集（${only.length} 种）` }),
          h("ul", { class: "summary-items" }, ...only.map(entry)),
        ),
      );
    }
    if (!items.length) this.sideBody.append(h("p", { class: "empty", text: "没有识别到个人信息。" }));
  }

  private renderOutline(v: PolicyView): void {
    const list = h("ol", { class: "outline" });
    const skip = this.prepared!.skip;
    v.blocks.forEach((b, i) => {
      if (b.kind !== "heading") return;
      const item = h("li", { class: `lv-${Math.min(b.level ?? 1, 5)}` }, h("button", { type: "button", class: "link", text: visibleText(v.text, skip, b.span.start, b.span.end) }));
      item.querySelector("button")!.addEventListener("click", () => this.scrollToBlock(i));
      list.append(item);
    });
    this.sideBody.append(list.children.length ? list : h("p", { class: "empty", text: "这份政策没有识别到标题。" }));
  }

  private renderPolicyNotes(): void {
    const anchored = this.notes.filter((n) => n.status !== "orphaned");
    const orphaned = this.notes.filter((n) => n.status === "orphaned");
    if (!this.notes.length) {
      this.sideBody.append(h("p", { class: "empty", text: "还没有笔记。选中正文中的文字，点击“添加笔记”。" }));
      return;
    }
    for (const n of anchored) this.sideBody.append(noteCard(n, this.noteHandlers(), { compact: true, inReader: true }));
    if (orphaned.length) {
      this.sideBody.append(h("h3", { class: "orphan-title", text: `未能定位 ${orphaned.length} 条（原文已变更）` }));
      for (const n of orphaned) this.sideBody.append(noteCard(n, this.noteHandlers(), { compact: true, inReader: true }));
    }
  }

  private noteHandlers() {
    return {
      open: (n: Note) => this.goTo({ clause: n.span, item: n.span }),
      changed: (n: Note | null, removedId?: number) => {
        const rest = this.notes.filter((x) => x.id !== (n?.id ?? removedId));
        this.setNotes(n ? [...rest, n].sort((a, b) => a.span.start - b.span.start) : rest);
        this.renderSide();
        this.ctx.notesChanged(n ?? undefined);
      },
    };
  }

  // -------------------------------------------------------------------------------------------
  // Events (all delegated; no inline handlers anywhere)

  private wireEvents(): void {
    this.article.addEventListener("mouseover", (e) => {
      const t = e.target as HTMLElement;
      const m = t.closest<HTMLElement>(".m");
      if (m && this.article.contains(m)) return this.showMentionTip(m, t.closest<HTMLElement>("[data-n]"));
      const p = t.closest<HTMLElement>("[data-p]");
      if (p && !this.off.has("purpose")) return this.showPurposeTip(p);
      const n = t.closest<HTMLElement>("[data-n]");
      if (n) return this.showNoteTip(n);
      const blk = t.closest<HTMLElement>(".blk");
      if (blk) this.placeGutter(blk);
    });
    this.article.addEventListener("mouseout", (e) => {
      const to = e.relatedTarget as HTMLElement | null;
      if (!to || !to.closest?.(".m, [data-p], [data-n]")) this.hideTip();
    });
    this.scroller.addEventListener("scroll", () => this.hideTip(), { passive: true });
    this.article.addEventListener("mouseup", () => setTimeout(() => this.onSelectionEnd(), 0));
    this.article.addEventListener("keyup", (e) => {
      if (e.shiftKey) this.onSelectionEnd();
    });
    document.addEventListener("selectionchange", () => {
      if (this.pendingSpan && document.getSelection()?.isCollapsed) {
        this.noteButton.hidden = true;
        this.pendingSpan = null;
      }
    });
    // keep the selection when the button is pressed
    this.noteButton.addEventListener("mousedown", (e) => e.preventDefault());
    this.noteButton.addEventListener("click", () => {
      const span = this.pendingSpan ?? this.selectionSpan();
      if (span) void this.addNoteFor(span).catch(toastError);
    });
    this.gutterButton.addEventListener("click", (e) => {
      e.stopPropagation();
      const b = this.view?.blocks[this.gutterBlock];
      if (b) void this.addNoteFor(b.span).catch(toastError);
    });
  }

  private placeGutter(blk: HTMLElement): void {
    const i = Number(blk.dataset.b);
    if (Number.isNaN(i)) return;
    this.gutterBlock = i;
    this.gutterButton.hidden = false;
    this.gutterButton.style.top = `${blk.offsetTop}px`;
  }

  /** Legend keys, for tests and the shell. */
  static categoryKeys(): string[] {
    return CATEGORIES.map((_, i) => `cat-${i}`);
  }
}

/** Load a policy's notes for the reader (errors shown, never fatal). */
export async function notesOf(policyId: string): Promise<Note[]> {
  try {
    return await api.listNotes({ policy_id: policyId });
  } catch (e) {
    toastError(e);
    return [];
  }
}
