// The 「版本对比」 view: what changed between two versions of a policy (or any two policies).
// The summary first, in the reader's terms — data newly collected or dropped, new receivers and
// SDKs, purposes, bold marking, changed retention / deletion / consent / rights / contact
// clauses — then the clauses aligned by content (the core's `diff_policies`): added, removed,
// moved, and rewritten ones with their changed words. Every item opens its clause in the reader.
import * as api from "../api";
import type { Ctx } from "../ctx";
import { h, replace } from "../dom";
import { formatDate } from "../format";
import type { ChangeKind, ClauseChange, ClauseRef, DataChange, Evidence, PolicyDiff, PolicyRow, ReceiverChange } from "../types";
import { openDiffExport } from "./export";
import { toastError } from "./toast";

export const CHANGE_LABEL: Record<ChangeKind, string> = {
  unchanged: "未变",
  moved: "移动",
  rewritten: "改写",
  added: "新增",
  removed: "删除",
};

type KindFilter = "changes" | ChangeKind | "all";

/** How a policy is named in the version pickers. */
export function versionLabel(p: PolicyRow): string {
  const parts = [p.app ?? "", p.title ?? ""].filter(Boolean);
  if (p.versions > 1) parts.push(`第 ${p.version} 版`);
  if (p.updated) parts.push(formatDate(p.updated));
  return parts.join(" · ") || p.id;
}

/** A policy picker's options: one group per app, each version named by `versionLabel`. */
export function policyOptions(policies: PolicyRow[]): HTMLOptGroupElement[] {
  const groups = new Map<string, PolicyRow[]>();
  for (const p of policies) groups.set(p.app ?? "（未识别应用）", [...(groups.get(p.app ?? "（未识别应用）") ?? []), p]);
  return [...groups].map(([app, ps]) => h("optgroup", { label: app }, ...ps.map((p) => h("option", { value: p.id, text: versionLabel(p) }))));
}

/** The pair to show first: the current policy's previous version and itself, else the two
 * newest versions of the first policy that has two; null when no policy has two. */
export function defaultPair(policies: PolicyRow[], currentId: string | null): [string, string] | null {
  const byLineage = new Map<string, PolicyRow[]>();
  for (const p of policies) byLineage.set(p.lineage, [...(byLineage.get(p.lineage) ?? []), p]);
  const current = policies.find((p) => p.id === currentId);
  const pairIn = (versions: PolicyRow[], upTo?: number): [string, string] | null => {
    const sorted = [...versions].sort((a, b) => a.version - b.version).filter((p) => upTo === undefined || p.version <= upTo);
    if (sorted.length < 2) return null;
    return [sorted[sorted.length - 2].id, sorted[sorted.length - 1].id];
  };
  if (current) {
    const versions = byLineage.get(current.lineage) ?? [];
    const pair = pairIn(versions, current.version) ?? pairIn(versions);
    if (pair) return pair;
  }
  for (const versions of byLineage.values()) {
    const pair = pairIn(versions);
    if (pair) return pair;
  }
  return null;
}

export class DiffPanel {
  readonly el: HTMLElement;
  private readonly oldSel = h("select", { class: "diff-old", "aria-label": "旧版本" });
  private readonly newSel = h("select", { class: "diff-new", "aria-label": "新版本" });
  private readonly kind = h(
    "select",
    { class: "diff-kind", "aria-label": "显示哪些条款" },
    h("option", { value: "changes", text: "所有改动" }),
    h("option", { value: "added", text: "只看新增" }),
    h("option", { value: "removed", text: "只看删除" }),
    h("option", { value: "rewritten", text: "只看改写" }),
    h("option", { value: "moved", text: "只看移动" }),
    h("option", { value: "all", text: "全文（含未变条款）" }),
  );
  private readonly exportBtn = h("button", { type: "button", class: "diff-export", text: "导出…" });
  private readonly status = h("span", { class: "diff-status" });
  private readonly summary = h("div", { class: "diff-summary" });
  private readonly clauses = h("ol", { class: "diff-clauses" });
  private diff: PolicyDiff | null = null;
  private chosen = false;
  private seq = 0;

  constructor(private readonly ctx: Ctx) {
    const swap = h("button", { type: "button", class: "diff-swap", title: "交换新旧版本", "aria-label": "交换新旧版本", text: "⇄" });
    swap.addEventListener("click", () => {
      [this.oldSel.value, this.newSel.value] = [this.newSel.value, this.oldSel.value];
      void this.run();
    });
    for (const s of [this.oldSel, this.newSel]) {
      s.addEventListener("change", () => {
        this.chosen = true;
        void this.run();
      });
    }
    this.kind.addEventListener("change", () => this.renderClauses());
    this.exportBtn.addEventListener("click", () => {
      if (this.diff) openDiffExport(this.diff);
    });
    this.exportBtn.disabled = true;
    this.el = h(
      "section",
      { class: "diff-view" },
      h("header", { class: "view-header" }, h("h1", { text: "版本对比" }), this.status, this.exportBtn),
      h(
        "div",
        { class: "diff-controls" },
        h("label", null, h("span", { text: "旧版本" }), this.oldSel),
        swap,
        h("label", null, h("span", { text: "新版本" }), this.newSel),
        h("label", null, h("span", { text: "条款" }), this.kind),
      ),
      this.summary,
      this.clauses,
    );
    this.fillPolicies();
  }

  /** The library changed: offer its policies (the chosen pair is kept while it exists). */
  fillPolicies(): void {
    const policies = this.ctx.policies();
    const keep: [string, string] = [this.oldSel.value, this.newSel.value];
    replace(this.oldSel, ...policyOptions(policies));
    replace(this.newSel, ...policyOptions(policies));
    const ids = new Set(policies.map((p) => p.id));
    const pair = this.chosen && ids.has(keep[0]) && ids.has(keep[1]) ? keep : defaultPair(policies, this.ctx.current()?.id ?? null);
    if (pair) [this.oldSel.value, this.newSel.value] = pair;
    else this.chosen = false;
  }

  /** The view is shown: pick the current policy's versions unless the reader chose a pair. */
  show(): void {
    if (!this.chosen) this.fillPolicies();
    const same = this.diff && this.diff.old.id === this.oldSel.value && this.diff.new.id === this.newSel.value;
    if (!same) void this.run();
  }

  async run(): Promise<void> {
    const seq = ++this.seq;
    const [oldId, newId] = [this.oldSel.value, this.newSel.value];
    if (!oldId || !newId || oldId === newId) {
      this.diff = null;
      this.exportBtn.disabled = true;
      this.status.textContent = "";
      replace(this.clauses);
      const noVersions = !defaultPair(this.ctx.policies(), null);
      replace(
        this.summary,
        h("p", {
          class: "empty",
          text: noVersions
            ? "资料库中还没有同一份政策的两个版本。导入一份政策的新版本（同一文件名的新下载，或导入时指定同一应用）后即可对比；也可以在上面任选两份政策对比。"
            : "新旧版本是同一份政策：请选择两个不同的版本。",
        }),
      );
      return;
    }
    this.status.textContent = "正在对比…";
    try {
      const diff = await api.diffPolicies(oldId, newId);
      if (seq !== this.seq) return;
      this.diff = diff;
      this.exportBtn.disabled = false;
      this.render();
    } catch (e) {
      if (seq === this.seq) {
        this.status.textContent = "";
        toastError(e);
      }
    }
  }

  private render(): void {
    const d = this.diff;
    if (!d) return;
    const c = d.summary.counts;
    this.status.textContent = `新增 ${c.added} · 删除 ${c.removed} · 改写 ${c.rewritten} · 移动 ${c.moved} · 未变 ${c.unchanged}`;
    this.renderSummary(d);
    this.renderClauses();
  }

  private openEvidence(e: Evidence): void {
    void this.ctx.openPolicy(e.policy_id, { clause: e.clause_span, item: e.item_span });
  }

  private openClause(policyId: string, c: ClauseRef): void {
    void this.ctx.openPolicy(policyId, { clause: c.span });
  }

  private renderSummary(d: PolicyDiff): void {
    const s = d.summary;
    const parts: HTMLElement[] = [];
    if (s.warnings.length) parts.push(h("ul", { class: "diff-warnings" }, ...s.warnings.map((w) => h("li", { text: w }))));
    if (s.fields.length) {
      parts.push(
        h(
          "dl",
          { class: "diff-fields" },
          ...s.fields.flatMap((f) => [h("dt", { text: f.label }), h("dd", null, h("del", { text: f.old ?? "（无）" }), " → ", h("ins", { text: f.new ?? "（无）" }))]),
        ),
      );
    }
    const dataList = (title: string, cls: string, items: DataChange[]) =>
      this.group(
        title,
        cls,
        items.map((item) => {
          const b = h("button", { type: "button", class: "link diff-item", title: item.evidence[0]?.clause ?? "", text: item.data_type });
          const e = item.evidence[0];
          if (e) b.addEventListener("click", () => this.openEvidence(e));
          else b.disabled = true;
          return h("li", null, b, item.sensitive ? h("span", { class: "badge sens", text: "敏感" }) : null, item.purposes.length ? h("span", { class: "diff-purposes", text: `用于 ${item.purposes.join("、")}` }) : null);
        }),
      );
    const receiverList = (title: string, cls: string, items: ReceiverChange[]) =>
      this.group(
        title,
        cls,
        items.map((r) => {
          const b = h("button", { type: "button", class: "link diff-item", title: r.evidence[0]?.clause ?? "", text: r.name });
          const e = r.evidence[0];
          if (e) b.addEventListener("click", () => this.openEvidence(e));
          else b.disabled = true;
          return h("li", null, b, h("span", { class: "badge", text: r.kind === "sdk" ? "SDK" : "第三方" }), r.data_types.length ? h("span", { class: "diff-purposes", text: r.data_types.join("、") }) : null);
        }),
      );
    const words = (title: string, cls: string, items: string[]) => this.group(title, cls, items.map((w) => h("li", { text: w })));
    const clauseLinks = (title: string, cls: string, indices: number[]) =>
      this.group(
        title,
        cls,
        indices.map((i) => {
          const change = d.clauses[i];
          const ref = change.new ?? change.old;
          const b = h("button", { type: "button", class: "link diff-item", text: excerpt(ref?.text ?? "", 40) });
          b.addEventListener("click", () => this.scrollToClause(i));
          return h("li", null, h("span", { class: `badge kind-${change.kind}`, text: CHANGE_LABEL[change.kind] }), b);
        }),
      );
    const cards = [
      dataList("新收集的信息", "data-added", s.data_added),
      dataList("不再收集的信息", "data-dropped", s.data_dropped),
      receiverList("新增的接收方与SDK", "receivers-added", s.receivers_added),
      receiverList("不再提到的接收方与SDK", "receivers-dropped", s.receivers_dropped),
      words("新增的使用目的", "purposes-added", s.purposes_added),
      words("不再提到的使用目的", "purposes-dropped", s.purposes_dropped),
      clauseLinks("新加粗的条款", "bold-gained", s.bold_gained),
      clauseLinks("不再加粗的条款", "bold-lost", s.bold_lost),
      ...s.topics.map((t) => clauseLinks(`${t.about}条款有改动`, `topic topic-${t.id}`, t.changes)),
    ].filter((x): x is HTMLElement => x !== null);
    if (!cards.length && !s.fields.length) parts.push(h("p", { class: "hint", text: "收集的信息、接收方、目的、加粗和保存期限等条款都没有变化。" }));
    parts.push(h("div", { class: "diff-cards" }, ...cards));
    replace(this.summary, ...parts);
  }

  /** A summary card; null when it has nothing to say. */
  private group(title: string, cls: string, items: HTMLElement[]): HTMLElement | null {
    if (!items.length) return null;
    return h("section", { class: `diff-card ${cls}` }, h("h2", null, title, h("span", { class: "count", text: String(items.length) })), h("ul", null, ...items));
  }

  private scrollToClause(index: number): void {
    const change = this.diff?.clauses[index];
    if (change && !this.shown(change)) {
      this.kind.value = "all";
      this.renderClauses();
    }
    const row = this.clauses.querySelector<HTMLElement>(`[data-index="${index}"]`);
    if (!row) return;
    row.scrollIntoView({ block: "center" });
    row.classList.remove("flash");
    void row.offsetWidth;
    row.classList.add("flash");
  }

  private shown(change: ClauseChange): boolean {
    const k = this.kind.value as KindFilter;
    if (k === "all") return true;
    if (k === "changes") return change.kind !== "unchanged";
    return change.kind === k || (k === "moved" && change.moved);
  }

  private renderClauses(): void {
    const d = this.diff;
    if (!d) return;
    const rows: HTMLElement[] = [];
    d.clauses.forEach((change, i) => {
      if (this.shown(change)) rows.push(this.clauseRow(d, change, i));
    });
    replace(this.clauses, ...rows);
    if (!rows.length) this.clauses.append(h("li", { class: "empty", text: this.kind.value === "changes" ? "两个版本的条款完全相同。" : "没有这一类改动。" }));
  }

  private clauseRow(d: PolicyDiff, change: ClauseChange, index: number): HTMLElement {
    const where = change.new ?? change.old!;
    const links: HTMLElement[] = [];
    if (change.old) {
      const b = h("button", { type: "button", class: "link open-old", text: "旧版原文" });
      const ref = change.old;
      b.addEventListener("click", () => this.openClause(d.old.id, ref));
      links.push(b);
    }
    if (change.new) {
      const b = h("button", { type: "button", class: "link open-new", text: "新版原文" });
      const ref = change.new;
      b.addEventListener("click", () => this.openClause(d.new.id, ref));
      links.push(b);
    }
    let text: HTMLElement;
    if (change.kind === "rewritten") {
      text = h(
        "p",
        { class: "diff-text" },
        ...change.words.map((w) => (w.kind === "added" ? h("ins", { text: w.text }) : w.kind === "removed" ? h("del", { text: w.text }) : w.text)),
      );
    } else if (change.kind === "removed") {
      text = h("p", { class: "diff-text" }, h("del", { text: change.old!.text }));
    } else if (change.kind === "added") {
      text = h("p", { class: "diff-text" }, h("ins", { text: change.new!.text }));
    } else {
      text = h("p", { class: "diff-text", text: where.text });
    }
    const moved = change.moved && change.old && change.new && change.old.section !== change.new.section ? h("span", { class: "diff-moved", text: `从「${change.old.section || "开头"}」移来` }) : null;
    const bold =
      change.old && change.new && change.old.bold !== change.new.bold
        ? h("span", { class: "badge bold", text: change.new.bold ? "新加粗" : "不再加粗" })
        : change.kind === "added" && change.new?.bold
          ? h("span", { class: "badge bold", text: "加粗" })
          : null;
    return h(
      "li",
      { class: `diff-clause kind-${change.kind}${change.moved ? " moved" : ""}`, "data-index": index },
      h(
        "div",
        { class: "diff-clause-head" },
        h("span", { class: `badge kind-${change.kind}`, text: change.kind === "rewritten" && change.moved ? "改写并移动" : CHANGE_LABEL[change.kind] }),
        bold,
        h("span", { class: "diff-section", text: where.section }),
        moved,
        ...links,
      ),
      text,
    );
  }
}

function excerpt(text: string, n: number): string {
  return text.length > n ? `${text.slice(0, n)}…` : text;
}
