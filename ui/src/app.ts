// The app shell: top bar (views, search), library sidebar, the views (reader, ask, notes, 对比 of
// apps, 版本对比, 合规检查), keyboard shortcuts and drag-and-drop import. Implements `Ctx` for the
// components.
import * as api from "./api";
import { AskPanel } from "./components/ask";
import { CheckPanel } from "./components/check";
import { ComparePanel } from "./components/compare";
import { DiffPanel } from "./components/diff";
import { LibraryPanel } from "./components/library";
import { closeTopModal, modalOpen } from "./components/modal";
import { NotesPanel } from "./components/notes";
import { Reader, notesOf } from "./components/reader";
import { SearchBox } from "./components/search";
import { toastError } from "./components/toast";
import type { Ctx, Target, ViewName } from "./ctx";
import { h } from "./dom";
import type { Facets, Note, PolicyRow, PolicyView } from "./types";

const VIEWS: [ViewName, string][] = [
  ["reader", "阅读"],
  ["ask", "问答"],
  ["notes", "笔记"],
  ["compare", "对比"],
  ["diff", "版本对比"],
  ["check", "合规检查"],
];

export class App implements Ctx {
  readonly el: HTMLElement;
  readonly reader: Reader;
  readonly library: LibraryPanel;
  readonly searchBox: SearchBox;
  readonly askPanel: AskPanel;
  readonly notesPanel: NotesPanel;
  readonly comparePanel: ComparePanel;
  readonly diffPanel: DiffPanel;
  readonly checkPanel: CheckPanel;
  private readonly main: HTMLElement;
  private readonly tabs = new Map<ViewName, HTMLButtonElement>();
  private readonly dropOverlay: HTMLElement;
  private view: ViewName = "reader";
  private list: PolicyRow[] = [];
  private facetList: Facets = { apps: [], categories: [], purposes: [] };
  private opening = 0;

  constructor(root: HTMLElement) {
    this.reader = new Reader(this);
    this.library = new LibraryPanel(this);
    this.searchBox = new SearchBox(this);
    this.askPanel = new AskPanel(this);
    this.notesPanel = new NotesPanel(this);
    this.comparePanel = new ComparePanel(this);
    this.diffPanel = new DiffPanel(this);
    this.checkPanel = new CheckPanel(this);
    const nav = h("nav", { class: "tabs main-tabs", role: "tablist", "aria-label": "视图" });
    for (const [key, label] of VIEWS) {
      const b = h("button", { type: "button", role: "tab", "data-view": key, text: label });
      b.addEventListener("click", () => this.showView(key));
      this.tabs.set(key, b);
      nav.append(b);
    }
    this.main = h("main", { class: "content" }, this.reader.el, this.askPanel.el, this.notesPanel.el, this.comparePanel.el, this.diffPanel.el, this.checkPanel.el);
    this.dropOverlay = h("div", { class: "drop-overlay", hidden: true }, h("div", { text: "松开鼠标，导入这些文件" }));
    const mock = api.usingMockBackend()
      ? h("span", { class: "mock-badge", title: "浏览器预览：数据来自内置样例，不读写任何文件", text: "演示数据" })
      : null;
    this.el = h(
      "div",
      { class: "app" },
      h(
        "header",
        { class: "topbar" },
        h("div", { class: "brand" }, h("span", { class: "logo", "aria-hidden": "true", text: "PL" }), h("span", { class: "name", text: "PolicyLens" }), h("span", { class: "sub", text: "隐私政策阅读助手" }), mock),
        nav,
        this.searchBox.el,
      ),
      h("div", { class: "body" }, this.library.el, this.main),
      this.dropOverlay,
    );
    root.append(this.el);
    this.showView("reader");
    document.addEventListener("keydown", (e) => this.onKey(e));
  }

  /** Load the library; open the first policy if there is one. */
  async start(openFirst = true): Promise<void> {
    void api
      .onFileDrop({
        enter: () => (this.dropOverlay.hidden = false),
        leave: () => (this.dropOverlay.hidden = true),
        drop: (paths) => {
          this.dropOverlay.hidden = true;
          void this.library.importPaths(paths);
        },
      })
      .catch(() => undefined);
    await this.libraryChanged();
    // Files the app was started with ("Open with"): imported, and the first one opened.
    const files = await api.takeStartupFiles().catch(() => [] as string[]);
    if (files.length) {
      const report = await this.library.importPaths(files);
      const id = report?.imported[0]?.id ?? report?.unchanged_ids[0];
      if (id) {
        await this.openPolicy(id);
        return;
      }
    }
    if (openFirst && this.list.length && !this.reader.view) await this.openPolicy(this.list[0].id);
  }

  // ---- Ctx --------------------------------------------------------------------------------

  policies(): PolicyRow[] {
    return this.list;
  }

  facets(): Facets {
    return this.facetList;
  }

  current(): PolicyView | null {
    return this.reader.view;
  }

  showView(view: ViewName): void {
    this.view = view;
    for (const [key, b] of this.tabs) {
      b.classList.toggle("active", key === view);
      b.setAttribute("aria-selected", String(key === view));
    }
    this.reader.el.hidden = view !== "reader";
    this.askPanel.el.hidden = view !== "ask";
    this.notesPanel.el.hidden = view !== "notes";
    this.comparePanel.el.hidden = view !== "compare";
    this.diffPanel.el.hidden = view !== "diff";
    this.checkPanel.el.hidden = view !== "check";
    this.reader.hideTip();
    if (view === "notes") void this.notesPanel.refresh();
    if (view === "ask") this.askPanel.selectApp(this.reader.view?.app ?? null);
    if (view === "compare") this.comparePanel.show();
    if (view === "diff") this.diffPanel.show();
    if (view === "check") this.checkPanel.show();
  }

  async openPolicy(id: string, target?: Target): Promise<void> {
    this.showView("reader");
    if (this.reader.view?.id === id) {
      if (target) this.reader.goTo(target);
      return;
    }
    const seq = ++this.opening;
    try {
      const [view, notes] = await Promise.all([api.openPolicy(id), notesOf(id)]);
      if (seq !== this.opening) return;
      this.reader.show(view, notes, target);
      this.library.setCurrent(id);
    } catch (e) {
      toastError(e);
    }
  }

  async libraryChanged(): Promise<void> {
    try {
      const [list, facets] = await Promise.all([api.listPolicies(), api.listFacets()]);
      this.list = list;
      this.facetList = facets;
    } catch (e) {
      toastError(e);
      return;
    }
    this.library.render(this.list);
    this.searchBox.fillFacets();
    this.askPanel.fillFacets();
    this.notesPanel.fillApps();
    this.comparePanel.fillFacets();
    this.diffPanel.fillPolicies();
    this.checkPanel.fillPolicies();
    const cur = this.reader.view;
    if (cur && !this.list.some((p) => p.id === cur.id)) {
      this.reader.showEmpty();
      this.library.setCurrent(null);
    }
  }

  notesChanged(_changed?: Note): void {
    if (this.view === "notes") void this.notesPanel.refresh();
    const cur = this.reader.view;
    if (cur && this.view !== "reader") void notesOf(cur.id).then((n) => this.reader.setNotes(n));
  }

  // ---- keyboard ---------------------------------------------------------------------------

  private onKey(e: KeyboardEvent): void {
    if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === "k") {
      e.preventDefault();
      if (modalOpen()) return;
      this.searchBox.focus();
      return;
    }
    if (e.key === "Escape") {
      if (closeTopModal()) {
        e.preventDefault();
        return;
      }
      if (this.searchBox.isOpen) {
        this.searchBox.close();
        return;
      }
      this.reader.hideTip();
      return;
    }
    if (e.ctrlKey || e.metaKey || e.altKey || modalOpen() || this.view !== "reader") return;
    const t = e.target as HTMLElement | null;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    if (e.key === "n" || e.key === "]") {
      e.preventDefault();
      this.reader.step(1);
    } else if (e.key === "p" || e.key === "[") {
      e.preventDefault();
      this.reader.step(-1);
    }
  }
}
