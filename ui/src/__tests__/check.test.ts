// The 「合规检查」 view over the reports `check_policy` returned for 花间's first version (recorded
// by src-tauri/tests/generated.rs): every rule's finding with its evidence, the counts as
// filters, the app type picker, clicks to the clause, and the export.
import { describe, expect, it } from "vitest";
import { CheckPanel, shownFindings, VERDICT_LABEL } from "../components/check";
import checkJson from "../__fixtures__/generated/check.json";
import libraryJson from "../__fixtures__/generated/library.json";
import type { AppTypeRow, CheckReport, PolicyRow } from "../types";
import { click, fakeCtx, ipc, settle, waitFor } from "./helpers";

const RECORDED = checkJson as unknown as {
  app_types: AppTypeRow[];
  checks: { policy_id: string; app_type: string | null; report: CheckReport }[];
};
const LIBRARY = (libraryJson as unknown as { policies: PolicyRow[] }).policies;
const GUESSED = RECORDED.checks.find((c) => c.app_type === null)!;
const GIVEN = RECORDED.checks.find((c) => c.app_type !== null)!;

function handlers() {
  return {
    list_app_types: () => RECORDED.app_types,
    check_policy: (a: Record<string, unknown>) => RECORDED.checks.find((c) => c.policy_id === a.policy_id && c.app_type === (a.app_type ?? null))!.report,
  };
}

function panelOn(currentId: string) {
  const ctx = { ...fakeCtx(), policies: () => LIBRARY, current: () => ({ id: currentId }) as never };
  const panel = new CheckPanel(ctx);
  document.body.append(panel.el);
  return { panel, ctx };
}

describe("compliance check view", () => {
  it("checks the policy being read and shows every rule's finding with its verdict", async () => {
    const calls = ipc(handlers());
    const { panel } = panelOn(GUESSED.policy_id);
    panel.show();
    await waitFor(() => panel.el.querySelector(".check-finding"));
    const check = calls.find((c) => c.cmd === "check_policy")!;
    expect(check.args).toEqual({ policy_id: GUESSED.policy_id, app_type: null });
    const rows = [...panel.el.querySelectorAll<HTMLElement>(".check-finding")];
    expect(rows.length).toBe(GUESSED.report.findings.length);
    expect(rows.length).toBeGreaterThanOrEqual(26);
    for (const [row, f] of rows.map((r, i) => [r, GUESSED.report.findings[i]] as const)) {
      expect(row.dataset.rule).toBe(f.rule_id);
      expect(row.querySelector(".badge.verdict")!.textContent).toBe(VERDICT_LABEL[f.verdict]);
      expect(row.textContent).toContain(f.note);
      expect(row.querySelectorAll(".check-evidence").length).toBe(f.evidence.length);
      // Silence says where it was looked for.
      if (!f.evidence.length && f.searched.length) expect(row.querySelector(".check-searched")!.textContent).toContain(f.searched[0]);
    }
    const counts = panel.el.querySelector(".check-counts")!.textContent!;
    expect(counts).toContain(`${GUESSED.report.counts.complies}符合`);
    expect(panel.el.querySelector(".check-type-note")!.textContent).toContain(`${GUESSED.report.app_type!.name}（由应用名推测`);
  });

  it("opens a finding's clause in the reader", async () => {
    ipc(handlers());
    const { panel, ctx } = panelOn(GUESSED.policy_id);
    panel.show();
    await waitFor(() => panel.el.querySelector(".check-evidence"));
    const f = GUESSED.report.findings.find((x) => x.evidence.length)!;
    click(panel.el.querySelector(`[data-rule="${f.rule_id}"] .check-evidence`));
    expect(ctx.openPolicy).toHaveBeenCalledWith(GUESSED.policy_id, { clause: f.evidence[0].clause_span, item: f.evidence[0].item_span });
  });

  it("filters by verdict from the counts and the select", async () => {
    ipc(handlers());
    const { panel } = panelOn(GUESSED.policy_id);
    panel.show();
    await waitFor(() => panel.el.querySelector(".check-finding"));
    click(panel.el.querySelector('.check-count[data-verdict="not_mentioned"]'));
    const shown = [...panel.el.querySelectorAll(".check-finding")];
    expect(shown.length).toBe(GUESSED.report.counts.not_mentioned);
    expect(shown.every((r) => r.classList.contains("verdict-not_mentioned"))).toBe(true);
    // A second click shows them all again.
    click(panel.el.querySelector('.check-count[data-verdict="not_mentioned"]'));
    expect(panel.el.querySelectorAll(".check-finding").length).toBe(GUESSED.report.findings.length);
    expect(shownFindings(GUESSED.report, "attention").every((f) => f.verdict !== "complies")).toBe(true);
  });

  it("re-checks with the app type the reader picks", async () => {
    const calls = ipc(handlers());
    const { panel } = panelOn(GUESSED.policy_id);
    panel.show();
    await waitFor(() => panel.el.querySelector(".check-finding"));
    await settle(5);
    const type = panel.el.querySelector<HTMLSelectElement>(".check-app-type")!;
    expect(type.options.length).toBe(RECORDED.app_types.length + 1);
    type.value = GIVEN.app_type!;
    type.dispatchEvent(new Event("change"));
    await waitFor(() => (panel.el.querySelector(".check-type-note")!.textContent!.includes(GIVEN.app_type!) ? true : null));
    expect(calls.filter((c) => c.cmd === "check_policy").pop()!.args).toEqual({ policy_id: GUESSED.policy_id, app_type: GIVEN.app_type });
    const c26 = GIVEN.report.findings.find((f) => f.rule_id === "C26")!;
    expect(panel.el.querySelector('[data-rule="C26"]')!.textContent).toContain(c26.note);
  });
});
