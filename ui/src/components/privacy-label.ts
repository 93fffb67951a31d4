// 隐私标签: the policy's privacy card (the core's `privacy_label`), modelled on the app stores'
// labels — per group (used for ads and personalisation / anonymised / the rest / the system
// permissions asked for, which are no information in themselves) each category's
// types (敏感, 可选 marked), purposes and receivers, then sharing, retention, deleting data and
// closing the account, 「未说明」 where the policy is silent. Every line with a clause opens it in
// the reader; the card exports as an SVG image or Markdown.
import * as api from "../api";
import { h } from "../dom";
import { fileSafe } from "../format";
import type { Evidence, LabelCategory, LabelItem, PolicyView, PrivacyLabel } from "../types";
import { openModal, type ModalHandle } from "./modal";
import { toast, toastError } from "./toast";

/** Opens a clause of the policy in the reader. */
export type OpenClause = (e: Evidence) => void;

/** The card's element: every line with a clause is a button that calls `open`. */
export function labelCard(label: PrivacyLabel, open: OpenClause): HTMLElement {
  const link = (text: string, e: Evidence | null | undefined, cls: string) => {
    if (!e) return h("span", { class: cls, text });
    const b = h("button", { type: "button", class: `link ${cls}`, title: e.clause, text });
    b.addEventListener("click", () => open(e));
    return b;
  };
  const item = (i: LabelItem) =>
    h(
      "li",
      { class: `label-item${i.sensitive ? " sensitive" : ""}` },
      link(i.data_type, i.evidence, "label-type"),
      i.sensitive ? h("span", { class: "badge sens", text: "敏感" }) : null,
      i.optional ? h("span", { class: "badge optional", title: "只在使用某些功能时收集，或政策说可以不提供", text: "可选" }) : null,
    );
  const purposes = (c: LabelCategory) => {
    const all = [...new Set(c.items.flatMap((i) => i.purposes))];
    return all.length ? all.join("、") : "未说明";
  };
  const category = (c: LabelCategory) =>
    h(
      "div",
      { class: "label-category" },
      h("h4", { text: c.category }),
      h("ul", { class: "label-items" }, ...c.items.map(item)),
      h("p", { class: "label-purposes" }, h("span", { class: "label-key", text: "用途" }), purposes(c)),
      h(
        "p",
        { class: "label-receivers" },
        h("span", { class: "label-key", text: "提供给" }),
        ...(c.receivers.length ? c.receivers.flatMap((r, k) => [k ? "、" : null, link(r, c.receiver_evidence[k], "label-receiver")]) : ["未写明"]),
      ),
    );
  const permissions = label.permissions ? `、申请 ${label.permissions} 项系统权限` : "";
  const counts = `收集 ${label.collected} 类信息${permissions}，其中敏感 ${label.sensitive} 类`;
  const meta = [label.title ?? "隐私政策", label.updated ? `更新于 ${label.updated}` : null, counts].filter(Boolean).join(" · ");
  return h(
    "div",
    { class: "privacy-label" },
    h("header", { class: "label-head" }, h("h3", { text: `隐私标签：${label.app ?? "（未识别应用）"}` }), h("p", { class: "label-meta", text: meta })),
    label.sections.length ? null : h("p", { class: "label-empty", text: "政策中没有读到收集个人信息的条款。" }),
    ...label.sections.map((s) =>
      h("section", { class: `label-section group-${s.group}` }, h("h3", { text: s.title }), h("p", { class: "label-explain", text: s.explanation }), ...s.categories.map(category)),
    ),
    h(
      "dl",
      { class: "label-lines" },
      ...label.lines.flatMap((l) => [h("dt", { text: l.label }), h("dd", { class: l.stated ? "" : "unstated" }, link(l.text, l.evidence, "label-line"))]),
    ),
  );
}

/** Fetch the card of `view`'s policy and show it in a dialog; a clause clicked closes it. */
export async function openPrivacyLabel(view: PolicyView, open: OpenClause): Promise<void> {
  let label: PrivacyLabel;
  try {
    label = await api.privacyLabel(view.id);
  } catch (e) {
    toastError(e);
    return;
  }
  let handle: ModalHandle | null = null;
  const card = labelCard(label, (e) => {
    handle?.close();
    open(e);
  });
  const save = (format: "svg" | "md") => async () => {
    const name = `${fileSafe(label.app ?? label.title ?? "政策")}-隐私标签.${format}`;
    const path = await api.pickSavePath(name, format);
    if (!path) return false;
    const r = await api.exportPrivacyLabel(label.policy_id, format, path);
    toast(`已导出隐私标签到 ${r.path}`);
    return false;
  };
  handle = openModal({
    title: "隐私标签",
    body: card,
    className: "label-modal",
    actions: [{ label: "导出图片（SVG）…", run: save("svg") }, { label: "导出 Markdown…", run: save("md") }, { label: "关闭", primary: true }],
  });
}
