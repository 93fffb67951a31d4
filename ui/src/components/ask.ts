// Ask: pick an app and a purpose (the canonical list, or free text), or type a question in
// Chinese. The answer lists data items with category and sensitivity, each with the clauses that
// say so; a clause opens in the reader.
import * as api from "../api";
import { categoryClass } from "../categories";
import type { Ctx } from "../ctx";
import { h, markRanges, replace } from "../dom";
import { ACTION_LABEL } from "../format";
import { openReceiversExport } from "./export";
import type { ActionFilter, Answer, AppsAnswer, AskRequest, ClausesAnswer, DataAnswer, DataItem, Evidence, PurposeAnswer, ReceiversAnswer, ReceiverUse, Use, YesNo } from "../types";

const EVIDENCE_SHOWN = 3;

/** What a by-purpose answer lists: for an activity, a purpose, or (asked which sensitive
 * information is collected) only the sensitive types — said so, lest they be read as all. */
export function purposeHeading(a: PurposeAnswer): string {
  const verb = ACTION_LABEL[a.action] ?? "";
  if (a.activity) return `${a.app}在“${a.activity}”时${verb}的个人信息`;
  if (a.sensitive_only) return `${a.app}${verb}的敏感个人信息`;
  return `${a.app}为了“${a.purpose}”${verb}的个人信息`;
}

export class AskPanel {
  readonly el: HTMLElement;
  private readonly app = h("select", { "aria-label": "应用", class: "ask-app" });
  private readonly purpose = h("select", { "aria-label": "目的", class: "ask-purpose" });
  private readonly purposeText = h("input", { type: "text", class: "ask-purpose-text", placeholder: "或自己填写目的，如：直播打赏", "aria-label": "自定义目的" });
  private readonly action = h("select", { "aria-label": "行为", class: "ask-action" },
    h("option", { value: "", text: "收集或共享" }),
    h("option", { value: "collect", text: "收集" }),
    h("option", { value: "share", text: "共享" }),
  );
  private readonly question = h("input", { type: "text", class: "ask-question", placeholder: "例如：花间会把我的位置信息共享给谁？", "aria-label": "问题" });
  private readonly examples = h("div", { class: "ask-examples" });
  private readonly answer = h("div", { class: "answer", "aria-live": "polite" });
  private seq = 0;

  constructor(private readonly ctx: Ctx) {
    const go = h("button", { type: "submit", class: "primary", text: "查询" });
    const goQ = h("button", { type: "submit", class: "primary", text: "提问" });
    const structured = h(
      "form",
      { class: "ask-form" },
      h("label", null, h("span", { text: "应用" }), this.app),
      h("label", null, h("span", { text: "目的" }), this.purpose),
      h("label", { class: "grow" }, h("span", { text: "自定义目的" }), this.purposeText),
      h("label", null, h("span", { text: "行为" }), this.action),
      go,
    );
    const free = h("form", { class: "ask-form" }, h("label", { class: "grow" }, h("span", { text: "直接提问" }), this.question), goQ);
    structured.addEventListener("submit", (e) => {
      e.preventDefault();
      void this.askStructured();
    });
    free.addEventListener("submit", (e) => {
      e.preventDefault();
      void this.askQuestion();
    });
    this.purposeText.addEventListener("input", () => {
      this.purpose.disabled = !!this.purposeText.value.trim();
    });
    this.el = h(
      "section",
      { class: "ask-view" },
      h("header", { class: "view-header" }, h("h1", { text: "问答" }), h("p", { class: "hint", text: "某个应用为了某个目的收集、共享哪些个人信息？每一项都附有原文条款。" })),
      structured,
      free,
      this.examples,
      this.answer,
    );
    this.fillFacets();
  }

  fillFacets(): void {
    const f = this.ctx.facets();
    const keepApp = this.app.value;
    const keepPurpose = this.purpose.value;
    replace(this.app, ...f.apps.map((a) => h("option", { value: a, text: a })));
    replace(this.purpose, ...f.purposes.map((p) => h("option", { value: p, text: p })));
    if (f.apps.includes(keepApp)) this.app.value = keepApp;
    else if (this.ctx.current()?.app && f.apps.includes(this.ctx.current()!.app!)) this.app.value = this.ctx.current()!.app!;
    if (f.purposes.includes(keepPurpose)) this.purpose.value = keepPurpose;
    const app = this.app.value || f.apps[0];
    replace(this.examples);
    if (app) {
      const qs = [`${app}为了个性化推荐会收集哪些信息？`, `${app}会把我的位置信息共享给谁？`, "哪些应用会收集人脸信息？"];
      this.examples.append(h("span", { class: "hint", text: "试试：" }));
      for (const q of qs) {
        const b = h("button", { type: "button", class: "link example", text: q });
        b.addEventListener("click", () => {
          this.question.value = q;
          void this.askQuestion();
        });
        this.examples.append(b);
      }
    }
  }

  /** Select an app (e.g. the one being read). */
  selectApp(app: string | null): void {
    if (app && [...this.app.options].some((o) => o.value === app)) this.app.value = app;
  }

  askStructured(): Promise<void> {
    const req: AskRequest = { app: this.app.value };
    const purpose = this.purposeText.value.trim() || this.purpose.value;
    if (purpose) req.purpose = purpose;
    if (this.action.value) req.action = this.action.value as ActionFilter;
    return this.run(req);
  }

  askQuestion(): Promise<void> {
    const q = this.question.value.trim();
    if (!q) return Promise.resolve();
    return this.run({ question: q });
  }

  async run(req: AskRequest): Promise<void> {
    const seq = ++this.seq;
    replace(this.answer, h("p", { class: "loading", text: "正在查找…" }));
    try {
      const a = await api.ask(req);
      if (seq !== this.seq) return;
      this.render(a);
    } catch (e) {
      if (seq !== this.seq) return;
      replace(this.answer, h("p", { class: "ask-error", role: "alert", text: String(e) }));
    }
  }

  render(a: Answer): void {
    const body =
      a.kind === "by_purpose"
        ? this.byPurpose(a)
        : a.kind === "receivers"
          ? this.receivers(a)
          : a.kind === "clauses"
            ? this.clauses(a)
            : a.kind === "apps"
              ? this.apps(a)
              : this.byData(a);
    const yesNo = a.kind === "by_purpose" || a.kind === "by_data" ? a.yes_no : undefined;
    const broader = a.kind === "by_data" && a.broader_type ? { asked: a.data_type, named: a.broader_type } : undefined;
    const collectors = a.kind === "by_data" ? thirdPartyNote(a) : null;
    replace(this.answer, yesNo ? h("div", null, this.verdict(yesNo, broader, collectors), body) : body);
  }

  /** 是 / 否 / 政策未提及, with the clauses the verdict stands on; 可能 names the type asked
   * and the broader one the policy names. */
  private verdict(v: YesNo, broader?: { asked: string; named: string }, collectors?: HTMLElement | null): HTMLElement {
    const TEXT: Record<YesNo["verdict"], string> = {
      yes: "是：政策写明了",
      no: "否：政策声明不会",
      only_if: "不确定：政策只说在特定情况下才会",
      not_mentioned: "政策未提及",
      possibly: "可能：政策没有单独写明这一项，但写明了包含它的一类",
    };
    const text =
      v.verdict === "possibly" && broader
        ? `可能：政策没有单独写明“${broader.asked}”，但写明了包含它的一类“${broader.named}”`
        : TEXT[v.verdict];
    // A policy that says so and, elsewhere, says it does not: both, for the reader to weigh.
    const denials = v.contradicted_by ?? [];
    return h(
      "section",
      { class: `answer-verdict verdict-${v.verdict}` },
      h("h2", { text }),
      collectors ?? null,
      v.evidence.length ? this.evidenceList(v.evidence.slice(0, 3), []) : null,
      denials.length ? h("p", { class: "answer-contradiction", text: "但政策另有条款说不会：" }) : null,
      denials.length ? this.evidenceList(denials.slice(0, 3), []) : null,
    );
  }

  /** The apps whose policy collects or shares the asked type, each with its clauses. */
  private apps(a: AppsAnswer): HTMLElement {
    const verb = a.action === "share" ? "共享" : "收集";
    return h(
      "div",
      { class: "answer-apps" },
      h("h2", { text: `政策写明${verb}“${a.data_type}”的应用（${a.apps.length} 个）` }),
      h("p", { class: "answer-meta", text: `资料库共 ${a.apps_total} 个应用，其中 ${a.apps_checked} 个的政策提到这类信息` }),
      a.apps.length
        ? h(
            "div",
            { class: "answer-items" },
            ...a.apps.map((f) =>
              h(
                "article",
                { class: "answer-item" },
                h(
                  "header",
                  null,
                  h("strong", { class: "app-name", text: f.app }),
                  f.policy_title ? h("span", { class: "category", text: `《${f.policy_title}》` }) : null,
                ),
                f.data_types.some((t) => t !== a.data_type) ? h("p", { class: "wording", text: `政策中的类型：${f.data_types.join("、")}` }) : null,
                this.evidenceList(f.evidence, f.data_types),
              ),
            ),
          )
        : h("p", { class: "empty", text: `没有应用的政策写明${verb}这类信息。` }),
    );
  }

  /** The clauses of the part of the policy the question asks about. */
  private clauses(a: ClausesAnswer): HTMLElement {
    return h(
      "div",
      { class: "answer-clauses" },
      h("h2", { text: `${a.app}：${a.about}` }),
      h("p", { class: "answer-meta", text: a.policy_title ? `依据《${a.policy_title}》` : "" }),
      a.clauses.length ? this.evidenceList(a.clauses, []) : h("p", { class: "empty", text: `政策中没有找到关于“${a.about}”的条款。` }),
    );
  }

  private byPurpose(a: PurposeAnswer): HTMLElement {
    const sens = a.items.filter((i) => i.sensitive).length;
    const items = [...a.items].sort((x, y) => Number(y.sensitive) - Number(x.sensitive));
    return h(
      "div",
      { class: "answer-purpose" },
      h("h2", { text: purposeHeading(a) }),
      h("p", {
        class: "answer-meta",
        // Only sensitive types were asked for: counting "其中敏感" of them would say nothing.
        text: [a.policy_title ? `依据《${a.policy_title}》` : "", a.items.length ? (a.sensitive_only ? `共 ${a.items.length} 项` : `共 ${a.items.length} 项，其中敏感个人信息 ${sens} 项`) : ""].filter(Boolean).join("，"),
      }),
      a.items.length ? h("div", { class: "answer-items" }, ...items.map((i) => this.item(i))) : h("p", { class: "empty", text: "政策中没有找到为这个目的处理的个人信息。" }),
      a.declared_sensitive?.length
        ? h(
            "section",
            { class: "answer-declared" },
            h("h3", { text: `政策自己写明属于敏感个人信息的（${a.declared_sensitive.length} 类，不一定都会收集）` }),
            h("div", { class: "answer-items" }, ...a.declared_sensitive.map((i) => this.item(i))),
          )
        : null,
    );
  }

  private item(i: DataItem): HTMLElement {
    const wording = i.wording.filter((w) => w !== i.data_type);
    return h(
      "article",
      { class: `answer-item ${categoryClass(i.category)}${i.sensitive ? " sens" : ""}` },
      h(
        "header",
        null,
        h("span", { class: `swatch ${categoryClass(i.category)} ${i.sensitive ? "s" : "g"}` }),
        h("strong", { class: "data-type", text: i.data_type }),
        i.sensitive ? h("span", { class: "badge sens", text: "敏感" }) : h("span", { class: "badge", text: "一般" }),
        h("span", { class: "category", text: i.category }),
      ),
      i.sensitive && i.reason ? h("p", { class: "reason", text: `敏感原因：${i.reason}` }) : null,
      wording.length ? h("p", { class: "wording", text: `原文说法：${wording.map((w) => `“${w}”`).join("、")}` }) : null,
      this.evidenceList(i.evidence, i.wording),
    );
  }

  private byData(a: DataAnswer): HTMLElement {
    const uses = (title: string, list: Use[], empty: string) =>
      h(
        "section",
        { class: "answer-uses" },
        h("h3", { text: title }),
        list.length
          ? h("ul", null, ...list.map((u) => h("li", null, h("strong", { text: u.name }), this.evidenceList(u.evidence, [a.data_type]))))
          : h("p", { class: "empty", text: empty }),
      );
    return h(
      "div",
      { class: "answer-data" },
      h(
        "h2",
        null,
        h("span", { class: `swatch ${categoryClass(a.category)} ${a.sensitive ? "s" : "g"}` }),
        h("span", { text: `${a.app}如何处理“${a.data_type}”` }),
        a.sensitive ? h("span", { class: "badge sens", text: "敏感" }) : null,
      ),
      h("p", { class: "answer-meta", text: [a.category, a.sensitive && a.reason ? `敏感原因：${a.reason}` : "", a.policy_title ? `依据《${a.policy_title}》` : ""].filter(Boolean).join(" · ") }),
      a.broader_type
        ? h("p", { class: "answer-broader", text: `政策没有单独提到“${a.data_type}”；以下是它写明的更宽一类“${a.broader_type}”（可能包含前者）。` })
        : null,
      // (With a verdict, the note stands under it instead.)
      a.yes_no ? null : thirdPartyNote(a),
      uses("用于以下目的", a.purposes, "政策中没有写明目的。"),
      a.receivers.length === 0 && a.general_receivers?.length
        ? uses("政策没有单独写明把它提供给谁；它写明会把个人信息（不单列这一类）共享给", a.general_receivers, "")
        : uses("提供给以下接收方", a.receivers, "政策中没有写明共享给谁。"),
      a.evidence.length ? h("section", { class: "answer-uses" }, h("h3", { text: "全部相关条款" }), this.evidenceList(a.evidence, [a.data_type])) : null,
    );
  }

  private receivers(a: ReceiversAnswer): HTMLElement {
    const STANCE: Record<ReceiversAnswer["stance"], string> = {
      shares: "",
      none_except: "政策声明不共享您的个人信息，但列出了例外情形（见下方条款）。",
      none: "政策声明不共享您的个人信息。",
      silent: "政策中没有提到共享：既没有列出接收方，也没有声明不共享。",
    };
    const KIND: Record<ReceiverUse["kind"], string> = { sdk: "SDK", partner: "第三方", named: "条款提及" };
    const sdks = a.receivers.filter((r) => r.kind === "sdk").length;
    const exportButton = h("button", { class: "export-receivers", type: "button", text: "导出表格…" });
    exportButton.addEventListener("click", () => openReceiversExport(a));
    const rows: HTMLTableRowElement[] = a.receivers.map((r) =>
      h(
        "tr",
        null,
        h("th", { scope: "row" }, h("strong", { class: "receiver-name", text: r.name }), r.operator ? h("div", { class: "hint", text: r.operator }) : null),
        h("td", null, h("span", { class: `badge kind-${r.kind}`, text: KIND[r.kind] })),
        h("td", { class: "receiver-data", text: r.data.join("、") || "—" }),
        h("td", { class: "receiver-purpose", text: r.purposes.join("、") || "—" }),
        h("td", null, this.evidenceList(r.evidence, [r.name, ...r.data])),
      ),
    );
    return h(
      "div",
      { class: "answer-receivers" },
      h("h2", { text: `${a.app}会把您的信息提供给谁` }),
      h("p", { class: "answer-meta", text: [a.policy_title ? `依据《${a.policy_title}》` : "", a.receivers.length ? `共 ${a.receivers.length} 个接收方，其中 SDK ${sdks} 个` : ""].filter(Boolean).join("，") }),
      STANCE[a.stance] ? h("p", { class: `stance stance-${a.stance}`, role: "status", text: STANCE[a.stance] }) : null,
      a.receivers.length && a.policy_id ? exportButton : null,
      a.receivers.length ? sortableReceivers(a.receivers, rows) : null,
      a.unnamed.length ? h("section", { class: "answer-uses" }, h("h3", { text: "未写明接收方的共享条款" }), this.evidenceList(a.unnamed, [])) : null,
      a.refusals.length ? h("section", { class: "answer-uses" }, h("h3", { text: "声明不共享的条款" }), this.evidenceList(a.refusals, [])) : null,
    );
  }

  private evidenceList(all: Evidence[], wording: string[]): HTMLElement {
    // the same item in the same clause once
    const seen = new Set<string>();
    const evidence = all.filter((e) => {
      const key = `${e.policy_id}:${e.clause_span.start}:${e.clause_span.end}:${e.item_span.start}:${e.item_span.end}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    const list = h("ol", { class: "evidence" });
    const add = (from: number, to: number) => {
      for (const ev of evidence.slice(from, to)) list.append(this.evidence(ev, wording));
    };
    add(0, EVIDENCE_SHOWN);
    if (evidence.length > EVIDENCE_SHOWN) {
      const more = h("button", { type: "button", class: "link more", text: `显示其余 ${evidence.length - EVIDENCE_SHOWN} 条条款` });
      more.addEventListener("click", () => {
        more.remove();
        add(EVIDENCE_SHOWN, evidence.length);
      });
      return h("div", { class: "evidence-wrap" }, list, more);
    }
    return list;
  }

  private evidence(ev: Evidence, wording: string[]): HTMLElement {
    const open = h(
      "button",
      { type: "button", class: "evidence-open", title: "在阅读器中打开这一条" },
      h("span", { class: "ev-section", text: ev.section || "（无章节）" }),
      ev.page != null ? h("span", { class: "ev-page", text: `第 ${ev.page} 页` }) : null,
      h("span", { class: `badge ${ev.action}`, text: ACTION_LABEL[ev.action] }),
      ev.bold ? h("span", { class: "badge bold", text: "加粗条款" }) : null,
    );
    open.addEventListener("click", () => void this.ctx.openPolicy(ev.policy_id, { clause: ev.clause_span, item: ev.item_span }));
    return h("li", null, open, h("blockquote", { class: "clause" }, markRanges(ev.clause, itemInClause(ev, wording), "item")));
  }
}

/**
 * The receivers table with sortable columns: a click on 接收方, 类型 or 目的 sorts by that text
 * (Chinese collation), on 信息 by how many items a receiver gets (most first); a second click
 * reverses. `rows[i]` is the row of `receivers[i]`; the policy's order is the starting order.
 */
function sortableReceivers(receivers: ReceiverUse[], rows: HTMLTableRowElement[]): HTMLElement {
  const collator = new Intl.Collator("zh-CN");
  const KIND_ORDER: Record<ReceiverUse["kind"], number> = { sdk: 0, partner: 1, named: 2 };
  const keys: [string, ((a: ReceiverUse, b: ReceiverUse) => number) | null][] = [
    ["接收方", (a, b) => collator.compare(a.name, b.name)],
    ["类型", (a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind]],
    ["信息", (a, b) => b.data.length - a.data.length],
    ["目的", (a, b) => collator.compare(a.purposes.join("、"), b.purposes.join("、"))],
    ["原文条款", null],
  ];
  const body = h("tbody", null, ...rows);
  const heads = keys.map(([label, compare]) => {
    if (!compare) return h("th", { scope: "col", text: label });
    const button = h("button", { type: "button", class: "sort", text: label, title: `按${label}排序` });
    const th = h("th", { scope: "col", "aria-sort": "none" }, button);
    button.addEventListener("click", () => {
      const descending = th.getAttribute("aria-sort") === "ascending";
      for (const other of heads) if (other.hasAttribute("aria-sort")) other.setAttribute("aria-sort", "none");
      th.setAttribute("aria-sort", descending ? "descending" : "ascending");
      // A stable sort on the policy's order, so equal keys keep it.
      const order = receivers.map((_, i) => i).sort((i, j) => compare(receivers[i], receivers[j]) * (descending ? -1 : 1) || i - j);
      body.replaceChildren(...order.map((i) => rows[i]));
    });
    return th;
  });
  return h("table", { class: "receivers-table" }, h("thead", null, h("tr", null, ...heads)), body);
}

/**
 * Where the item is inside `ev.clause`. The clause is the text "as read" (hard wraps and hidden
 * markup left out), so it can be shorter than `clause_span`: when the lengths agree the offsets
 * say it; otherwise the item's wording is looked for where the offsets point, shifted left by up
 * to the number of characters left out; failing that, anywhere in the clause.
 */
export function itemInClause(ev: Evidence, wording: string[]): { start: number; end: number }[] {
  const len = ev.clause_span.end - ev.clause_span.start;
  const rel = ev.item_span.start - ev.clause_span.start;
  const relEnd = ev.item_span.end - ev.clause_span.start;
  if (ev.clause.length === len && rel >= 0 && relEnd <= len && relEnd > rel) return [{ start: rel, end: relEnd }];
  const words = [...wording].filter(Boolean).sort((a, b) => b.length - a.length);
  for (let k = 0; k <= Math.max(0, len - ev.clause.length) && rel - k >= 0; k++) {
    for (const w of words) if (ev.clause.startsWith(w, rel - k)) return [{ start: rel - k, end: rel - k + w.length }];
  }
  for (const w of words) {
    const at = w ? ev.clause.indexOf(w) : -1;
    if (at >= 0) return [{ start: at, end: at + w.length }];
  }
  return [];
}

/** Data only third parties are said to collect (an SDK, a payment company): who they are, so
 * that a 是 does not read as the app's own collection. */
function thirdPartyNote(a: DataAnswer): HTMLElement | null {
  const parties = a.collected_only_by ?? [];
  return parties.length
    ? h("p", { class: "answer-third-party", text: `政策只写明第三方（${parties.join("、")}）会收集或获得它，没有写${a.app}自己收集。` })
    : null;
}
