// Notes: a card per note (used by the reader's side panel too) and the notes view, which lists,
// filters, edits and exports them. Orphaned notes (their quote is gone from a new version of the
// policy) are listed in a group of their own with their quote — never dropped.
import * as api from "../api";
import type { Ctx } from "../ctx";
import { h, replace } from "../dom";
import { formatTimestamp } from "../format";
import type { Note, NoteFilter } from "../types";
import { openNotesExport } from "./export";
import { confirmDialog } from "./modal";
import { openNoteDialog } from "./note-dialog";
import { toastError } from "./toast";

export type NoteHandlers = {
  open: (n: Note) => void;
  /** A note was edited (n) or deleted (null, removedId). */
  changed: (n: Note | null, removedId?: number) => void;
};

const STATUS_LABEL: Record<Note["status"], string> = {
  anchored: "",
  reanchored: "已按引文重新定位",
  orphaned: "未能定位",
};

export function noteCard(n: Note, handlers: NoteHandlers, opts: { compact?: boolean; inReader?: boolean } = {}): HTMLElement {
  const open = h("button", { type: "button", class: "link note-open", text: opts.inReader ? "定位到原文" : "在阅读器中打开" });
  const edit = h("button", { type: "button", class: "link note-edit", text: "编辑" });
  const del = h("button", { type: "button", class: "link danger note-delete", text: "删除" });
  open.disabled = n.status === "orphaned";
  if (open.disabled) open.title = "政策的新版本中找不到这段引文";
  open.addEventListener("click", () => handlers.open(n));
  edit.addEventListener("click", async () => {
    try {
      const updated = await openNoteDialog({ note: n });
      if (updated) handlers.changed(updated);
    } catch (e) {
      toastError(e);
    }
  });
  del.addEventListener("click", async () => {
    if (!(await confirmDialog("删除这条笔记？此操作无法撤销。", "删除", true))) return;
    try {
      await api.deleteNote(n.id);
      handlers.changed(null, n.id);
    } catch (e) {
      toastError(e);
    }
  });
  const where = [n.app, n.policy_title].filter(Boolean).join(" · ");
  return h(
    "article",
    { class: `note-card status-${n.status}`, "data-note": n.id },
    !opts.compact && where ? h("div", { class: "note-where", text: where }) : null,
    STATUS_LABEL[n.status] ? h("span", { class: `badge status ${n.status}`, text: STATUS_LABEL[n.status] }) : null,
    h("blockquote", { class: "note-quote", text: n.quote }),
    n.section ? h("div", { class: "note-section", text: n.section }) : null,
    n.body ? h("p", { class: "note-text", text: n.body }) : null,
    n.tags.length ? h("div", { class: "tags" }, ...n.tags.map((t) => h("span", { class: "tag", text: t }))) : null,
    h(
      "footer",
      null,
      h("span", { class: "note-date", text: n.updated_at !== n.created_at ? `修改于 ${formatTimestamp(n.updated_at)}` : formatTimestamp(n.created_at) }),
      open,
      edit,
      del,
    ),
  );
}

export class NotesPanel {
  readonly el: HTMLElement;
  private readonly app = h("select", { "aria-label": "按应用筛选" });
  private readonly policy = h("select", { "aria-label": "按政策筛选" });
  private readonly tag = h("select", { "aria-label": "按标签筛选" });
  private readonly text = h("input", { type: "search", placeholder: "在笔记和引文中查找", "aria-label": "查找笔记" });
  private readonly list = h("div", { class: "notes-list" });
  private readonly count = h("span", { class: "notes-count" });
  private timer: ReturnType<typeof setTimeout> | undefined;
  private seq = 0;
  private tags: string[] = [];

  constructor(private readonly ctx: Ctx) {
    const exportBtn = h("button", { type: "button", class: "primary", text: "导出笔记…" });
    exportBtn.addEventListener("click", () => openNotesExport(this.ctx, this.filter()));
    this.el = h(
      "section",
      { class: "notes-view" },
      h("header", { class: "view-header" }, h("h1", { text: "笔记" }), this.count, exportBtn),
      h("div", { class: "filters" }, this.app, this.policy, this.tag, this.text),
      this.list,
    );
    for (const s of [this.app, this.tag]) s.addEventListener("change", () => void this.refresh());
    this.app.addEventListener("change", () => this.fillPolicies());
    this.policy.addEventListener("change", () => void this.refresh());
    this.text.addEventListener("input", () => {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => void this.refresh(), 150);
    });
    this.fillApps();
  }

  filter(): NoteFilter {
    const f: NoteFilter = {};
    if (this.app.value) f.app = this.app.value;
    if (this.policy.value) f.policy_id = this.policy.value;
    if (this.tag.value) f.tag = this.tag.value;
    if (this.text.value.trim()) f.text = this.text.value.trim();
    return f;
  }

  /** Rebuild the app/policy choices from the library (keeps the selection when possible). */
  fillApps(): void {
    const keep = this.app.value;
    const apps = [...new Set(this.ctx.policies().map((p) => p.app ?? ""))].filter(Boolean).sort((a, b) => a.localeCompare(b, "zh-CN"));
    replace(this.app, h("option", { value: "", text: "全部应用" }), ...apps.map((a) => h("option", { value: a, text: a })));
    this.app.value = apps.includes(keep) ? keep : "";
    this.fillPolicies(false);
  }

  private fillPolicies(refresh = true): void {
    const keep = this.policy.value;
    const ps = this.ctx.policies().filter((p) => !this.app.value || p.app === this.app.value);
    replace(
      this.policy,
      h("option", { value: "", text: "全部政策" }),
      ...ps.map((p) => h("option", { value: p.id, text: `${p.title ?? p.app ?? p.id}${p.versions > 1 ? `（第 ${p.version} 版）` : ""}` })),
    );
    this.policy.value = ps.some((p) => p.id === keep) ? keep : "";
    if (refresh) void this.refresh();
  }

  private fillTags(notes: Note[]): void {
    const tags = new Set(this.tags);
    for (const n of notes) n.tags.forEach((t) => tags.add(t));
    this.tags = [...tags].sort((a, b) => a.localeCompare(b, "zh-CN"));
    const keep = this.tag.value;
    replace(this.tag, h("option", { value: "", text: "全部标签" }), ...this.tags.map((t) => h("option", { value: t, text: `#${t}` })));
    this.tag.value = this.tags.includes(keep) ? keep : "";
  }

  async refresh(): Promise<void> {
    const seq = ++this.seq;
    let notes: Note[];
    try {
      notes = await api.listNotes(this.filter());
    } catch (e) {
      toastError(e);
      return;
    }
    if (seq !== this.seq) return; // a newer query is under way
    this.fillTags(notes);
    this.render(notes);
  }

  private render(notes: Note[]): void {
    const orphaned = notes.filter((n) => n.status === "orphaned");
    const anchored = notes.filter((n) => n.status !== "orphaned");
    this.count.textContent = `共 ${notes.length} 条${orphaned.length ? `，${orphaned.length} 条未能定位` : ""}`;
    const handlers: NoteHandlers = {
      open: (n) => void this.ctx.openPolicy(n.policy_id, { clause: n.span, item: n.span }),
      changed: (n) => {
        this.ctx.notesChanged(n ?? undefined);
        void this.refresh();
      },
    };
    replace(this.list);
    if (!notes.length) {
      this.list.append(h("p", { class: "empty", text: Object.keys(this.filter()).length ? "没有符合条件的笔记。" : "还没有笔记。在阅读器中选中文字即可添加。" }));
      return;
    }
    // group by policy, in the order the notes came
    const groups = new Map<string, Note[]>();
    for (const n of anchored) {
      const g = groups.get(n.policy_id) ?? [];
      g.push(n);
      groups.set(n.policy_id, g);
    }
    for (const [, g] of groups) {
      const first = g[0];
      this.list.append(
        h("section", { class: "note-group" },
          h("h2", { text: [first.app, first.policy_title].filter(Boolean).join(" · ") || first.policy_id }),
          ...g.sort((a, b) => a.span.start - b.span.start).map((n) => noteCard(n, handlers, { compact: true })),
        ),
      );
    }
    if (orphaned.length) {
      this.list.append(
        h("section", { class: "note-group orphaned" },
          h("h2", { text: `未能定位的笔记（${orphaned.length}）` }),
          h("p", { class: "hint", text: "政策更新后找不到这些笔记引用的原文。笔记和引文都保留着，可以编辑、导出或删除。" }),
          ...orphaned.map((n) => noteCard(n, handlers)),
        ),
      );
    }
  }
}
