// The note dialog: the quoted text and its section, a body and tags (comma or space separated).
import * as api from "../api";
import { h } from "../dom";
import { parseTags } from "../format";
import type { Note, Span } from "../types";
import { openModal, type ModalHandle } from "./modal";

export type NoteDraft = {
  policyId: string;
  span: Span;
  quote: string;
  section: string;
};

/** Add a note (draft) or edit one (note); resolves with the saved note, or null if cancelled. */
export function openNoteDialog(what: { draft: NoteDraft } | { note: Note }): Promise<Note | null> {
  const editing = "note" in what;
  const quote = editing ? what.note.quote : what.draft.quote;
  const section = editing ? what.note.section : what.draft.section;
  const body = h("textarea", { class: "note-body", rows: 5, placeholder: "写下你的想法…", "aria-label": "笔记内容" });
  const tags = h("input", { type: "text", class: "note-tags", placeholder: "标签，用逗号或空格分隔，如：位置 第三方", "aria-label": "标签" });
  if (editing) {
    body.value = what.note.body;
    tags.value = what.note.tags.join(" ");
  }
  return new Promise((resolve) => {
    let saved: Note | null = null;
    let handle: ModalHandle | null = null;
    const form = h(
      "div",
      { class: "note-form" },
      h("blockquote", { class: "note-quote", text: quote }),
      section ? h("p", { class: "note-section", text: `位置：${section}` }) : null,
      h("label", null, h("span", { text: "笔记" }), body),
      h("label", null, h("span", { text: "标签" }), tags),
    );
    const save = async () => {
      const t = parseTags(tags.value);
      saved = editing
        ? await api.updateNote(what.note.id, body.value, t)
        : await api.addNote(what.draft.policyId, what.draft.span, body.value, t);
    };
    // Ctrl+Enter saves
    form.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        handle?.el.querySelector<HTMLButtonElement>("button.primary")?.click();
      }
    });
    handle = openModal({
      title: editing ? "编辑笔记" : "添加笔记",
      body: form,
      className: "note-dialog",
      actions: [
        { label: "取消" },
        { label: "保存", primary: true, run: save },
      ],
      onClose: () => resolve(saved),
    });
    body.focus();
  });
}
