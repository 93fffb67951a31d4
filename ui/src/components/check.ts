// The 「合规检查」 view: one policy read against the published rules (the core's `check_policy`,
// rules in data/check/rules.tsv). The verdict counts first (each a filter), then every rule's
// finding: verdict, severity, the rule and its source, the note in the reader's words, and the
// evidence — the clauses that satisfy or break it, each opening in the reader — or the sections
// searched when the policy is silent. The app type (rule C26, the necessary-information
// regulation's 39 types) is guessed from the app's name unless the reader picks one.
import * as api from "../api";
import type { Ctx } from "../ctx";
import { h, replace } from "../dom";
import type { AppTypeRow, CheckReport, CheckVerdict, Evidence, Finding } from "../types";
import { policyOptions } from "./diff";
import { openCheckExport } from "./export";
import { toastError } from "./toast";

export const VERDICT_LABEL: Record<CheckVerdict, string> = {
  complies: "符合",
  may_not_comply: "可能不符合",
  not_mentioned: "未提及",
  needs_review: "需人工判断",
};

const SEVERITY_LABEL: Record<Finding["severity"], string> = { high: "高", medium: "中", low: "低" };

/** The order the counts are shown in: what needs attention first. */
const VERDICTS: CheckVerdict[] = ["may_not_comply", "not_mentioned", "needs_review", "complies"];

type VerdictFilter = "all" | "attention" | CheckVerdict;

/** The findings a filter shows: "attention" is every verdict but 符合. */
export function shownFindings(report: CheckReport, filter: VerdictFilter): Finding[] {
  return report.findings.filter((f) => filter === "all" || (filter === "attention" ? f.verdict !== "complies" : f.verdict === filter));
}

export class CheckPanel {
  readonly el: HTMLElement;
  private readonly policySel = h("select", { class: "check-policy", "aria-label": "检查哪份政策" });
  private readonly typeSel = h("select", { class: "check-app-type", "aria-label": "应用类型" });
  private readonly filter = h(
    "select",
    { class: "check-filter", "aria-label": "显示哪些结论" },
    h("option", { value: "all", text: "全部规则" }),
    h("option", { value: "attention", text: "只看需要关注的（非「符合」）" }),
    ...VERDICTS.map((v) => h("option", { value: v, text: `只看「${VERDICT_LABEL[v]}」` })),
  );
  private readonly exportBtn = h("button", { type: "button", class: "check-export", text: "导出…" });
  private readonly status = h("span", { class: "check-status" });
  private readonly typeNote = h("p", { class: "check-type-note" });
  private readonly counts = h("div", { class: "check-counts" });
  private readonly list = h("ol", { class: "check-findings" });
  private report: CheckReport | null = null;
  private types: AppTypeRow[] = [];
  private chosen = false;
  private seq = 0;

  constructor(private readonly ctx: Ctx) {
    this.policySel.addEventListener("change", () => {
      this.chosen = true;
      void this.run();
    });
    this.typeSel.addEventListener("change", () => void this.run());
    this.filter.addEventListener("change", () => this.renderFindings());
    this.exportBtn.addEventListener("click", () => {
      if (this.report) openCheckExport(this.report, this.appType());
    });
    this.exportBtn.disabled = true;
    this.typeSel.append(h("option", { value: "", text: "由应用名推测" }));
    this.el = h(
      "section",
      { class: "check-view" },
      h("header", { class: "view-header" }, h("h1", { text: "合规检查" }), this.status, this.exportBtn),
      h(
        "p",
        { class: "hint" },
        "对照《App违法违规收集使用个人信息行为认定方法》、GB/T 35273-2020、《App收集使用个人信息自评估指南》、个人信息保护法和《常见类型移动互联网应用程序必要个人信息范围规定》逐条检查。结论只依据政策文本，是阅读的起点，不是法律意见。",
      ),
      h(
        "div",
        { class: "check-controls" },
        h("label", null, h("span", { text: "政策" }), this.policySel),
        h("label", null, h("span", { text: "应用类型" }), this.typeSel),
        h("label", null, h("span", { text: "显示" }), this.filter),
      ),
      this.typeNote,
      this.counts,
      this.list,
    );
    this.fillPolicies();
  }

  /** The library changed: offer its policies (the chosen one is kept while it exists). */
  fillPolicies(): void {
    const policies = this.ctx.policies();
    const keep = this.policySel.value;
    replace(this.policySel, ...policyOptions(policies));
    const ids = new Set(policies.map((p) => p.id));
    const current = this.ctx.current()?.id;
    const pick = this.chosen && ids.has(keep) ? keep : current && ids.has(current) ? current : policies[0]?.id;
    if (pick) this.policySel.value = pick;
    else this.chosen = false;
  }

  /** The view is shown: check the policy being read unless the reader chose another. */
  show(): void {
    if (!this.chosen) this.fillPolicies();
    if (!this.types.length) void this.loadTypes();
    if (!this.report || this.report.policy_id !== this.policySel.value) void this.run();
  }

  private async loadTypes(): Promise<void> {
    try {
      this.types = await api.listAppTypes();
    } catch (e) {
      toastError(e);
      return;
    }
    const keep = this.typeSel.value;
    replace(
      this.typeSel,
      h("option", { value: "", text: "由应用名推测" }),
      ...this.types.map((t) => h("option", { value: t.name, text: t.name, title: `基本功能：${t.basic_function}；必要个人信息：${t.necessary.length ? t.necessary.join("、") : "无须个人信息"}` })),
    );
    this.typeSel.value = keep;
  }

  private appType(): string | null {
    return this.typeSel.value || null;
  }

  async run(): Promise<void> {
    const seq = ++this.seq;
    const id = this.policySel.value;
    if (!id) {
      this.report = null;
      this.exportBtn.disabled = true;
      this.status.textContent = "";
      replace(this.counts);
      replace(this.typeNote);
      replace(this.list, h("li", { class: "empty", text: "资料库中还没有政策：先导入一份隐私政策，再来检查。" }));
      return;
    }
    this.status.textContent = "正在检查…";
    try {
      const report = await api.checkPolicy(id, this.appType());
      if (seq !== this.seq) return;
      this.report = report;
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
    const r = this.report;
    if (!r) return;
    this.status.textContent = `${r.findings.length} 条规则`;
    const t = r.app_type;
    const type = t ? this.types.find((x) => x.name === t.name) : undefined;
    replace(
      this.typeNote,
      t
        ? `应用类型：${t.name}${t.guessed ? "（由应用名推测，可在上面改选）" : ""}${type ? `；基本功能「${type.basic_function}」的必要个人信息：${type.necessary.length ? type.necessary.join("、") : "无须个人信息"}` : ""}`
        : "应用类型：应用名看不出是哪一类。在上面选择应用类型后，C26（基本功能的必要个人信息）才能判断。",
    );
    const count: Record<CheckVerdict, number> = {
      complies: r.counts.complies,
      may_not_comply: r.counts.may_not_comply,
      not_mentioned: r.counts.not_mentioned,
      needs_review: r.counts.needs_review,
    };
    replace(
      this.counts,
      ...VERDICTS.map((v) => {
        const b = h(
          "button",
          { type: "button", class: `check-count verdict-${v}`, "data-verdict": v, title: `只看「${VERDICT_LABEL[v]}」` },
          h("span", { class: "n", text: String(count[v]) }),
          h("span", { class: "label", text: VERDICT_LABEL[v] }),
        );
        b.addEventListener("click", () => {
          this.filter.value = this.filter.value === v ? "all" : v;
          this.renderFindings();
        });
        return b;
      }),
    );
    this.renderFindings();
  }

  private renderFindings(): void {
    const r = this.report;
    if (!r) return;
    const filter = this.filter.value as VerdictFilter;
    for (const b of this.counts.querySelectorAll<HTMLElement>(".check-count")) b.classList.toggle("active", b.dataset.verdict === filter);
    const rows = shownFindings(r, filter).map((f) => this.findingRow(f));
    replace(this.list, ...rows);
    if (!rows.length) this.list.append(h("li", { class: "empty", text: "没有这一类结论。" }));
  }

  private openEvidence(e: Evidence): void {
    void this.ctx.openPolicy(e.policy_id, { clause: e.clause_span, item: e.item_span });
  }

  private findingRow(f: Finding): HTMLElement {
    const evidence = f.evidence.map((e) => {
      const b = h("button", { type: "button", class: "link check-evidence", title: "在阅读视图中打开这一条款" }, h("span", { class: "check-section", text: e.section || "开头" }), h("span", { class: "check-clause", text: e.clause }));
      b.addEventListener("click", () => this.openEvidence(e));
      return h("li", null, b);
    });
    const searched = f.searched.length ? h("p", { class: "check-searched", text: `查找范围：${f.searched.join("；")}` }) : null;
    return h(
      "li",
      { class: `check-finding verdict-${f.verdict}`, "data-rule": f.rule_id },
      h(
        "div",
        { class: "check-finding-head" },
        h("span", { class: `badge verdict verdict-${f.verdict}`, text: VERDICT_LABEL[f.verdict] }),
        h("span", { class: "check-rule-id", text: f.rule_id }),
        h("span", { class: "check-rule", text: f.rule }),
        h("span", { class: `badge severity severity-${f.severity}`, text: `严重程度 ${SEVERITY_LABEL[f.severity]}` }),
      ),
      h("p", { class: "check-source", text: `依据：${f.source}` }),
      h("p", { class: "check-note", text: f.note }),
      evidence.length ? h("ul", { class: "check-evidence-list" }, ...evidence) : null,
      searched,
    );
  }
}
