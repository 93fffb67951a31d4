// The 「版本对比」 view over the diff `diff_policies` returned for 花间's two versions (recorded
// by src-tauri/tests/generated.rs): which pair it opens on, the summary, the aligned clauses with
// their changed words, clicks to the clause, and the export.
import { describe, expect, it } from "vitest";
import { DiffPanel, defaultPair } from "../components/diff";
import diffJson from "../__fixtures__/generated/diff.json";
import libraryJson from "../__fixtures__/generated/library.json";
import { POLICIES } from "../__fixtures__/data";
import type { PolicyDiff, PolicyRow } from "../types";
import { byText, click, fakeCtx, ipc, waitFor } from "./helpers";

const RECORDED = diffJson as unknown as { old_id: string; new_id: string; diff: PolicyDiff };
const LIBRARY = (libraryJson as unknown as { policies: PolicyRow[] }).policies;

function panelOver(policies: PolicyRow[], currentId: string | null = null) {
  const ctx = { ...fakeCtx(), policies: () => policies, current: () => (currentId ? ({ id: currentId } as never) : null) };
  const panel = new DiffPanel(ctx);
  document.body.append(panel.el);
  return { panel, ctx };
}

describe("version diff view", () => {
  it("opens on the current policy's previous version, else on the first policy with two", () => {
    expect(defaultPair(LIBRARY, RECORDED.new_id)).toEqual([RECORDED.old_id, RECORDED.new_id]);
    expect(defaultPair(LIBRARY, RECORDED.old_id)).toEqual([RECORDED.old_id, RECORDED.new_id]);
    const other = LIBRARY.find((p) => p.app === "快手")!;
    expect(defaultPair(LIBRARY, other.id)).toEqual([RECORDED.old_id, RECORDED.new_id]);
    expect(defaultPair(POLICIES, null)).toBeNull();
  });

  it("shows the summary first: new data, new SDKs, changed dates", async () => {
    const calls = ipc({ diff_policies: () => RECORDED.diff });
    const { panel, ctx } = panelOver(LIBRARY);
    panel.show();
    const cards = await waitFor(() => panel.el.querySelector(".diff-cards"));
    expect(calls[0].args).toEqual({ old_id: RECORDED.old_id, new_id: RECORDED.new_id });
    const added = cards.querySelector(".data-added")!;
    expect(added.textContent).toContain("通讯录");
    expect(cards.querySelector(".receivers-added")!.textContent).toContain("极光");
    expect(panel.el.querySelector(".diff-fields")!.textContent).toContain("2022");
    const counts = RECORDED.diff.summary.counts;
    expect(panel.el.querySelector(".diff-status")!.textContent).toBe(`新增 ${counts.added} · 删除 ${counts.removed} · 改写 ${counts.rewritten} · 移动 ${counts.moved} · 未变 ${counts.unchanged}`);
    // A summary item opens its clause in the new version.
    const contacts = RECORDED.diff.summary.data_added.find((d) => d.data_type === "通讯录")!;
    click(byText(added, "button", "通讯录"));
    expect(ctx.openPolicy).toHaveBeenCalledWith(RECORDED.new_id, { clause: contacts.evidence[0].clause_span, item: contacts.evidence[0].item_span });
  });

  it("lists only the changed clauses, rewritten ones with their added and removed words", async () => {
    ipc({ diff_policies: () => RECORDED.diff });
    const { panel, ctx } = panelOver(LIBRARY);
    panel.show();
    await waitFor(() => panel.el.querySelector(".diff-clause"));
    const rows = [...panel.el.querySelectorAll(".diff-clause")];
    expect(rows.length).toBe(RECORDED.diff.clauses.filter((c) => c.kind !== "unchanged").length);
    const rewritten = panel.el.querySelector(".diff-clause.kind-rewritten")!;
    expect(rewritten.querySelector("ins")).toBeTruthy();
    expect(rewritten.querySelector("del")).toBeTruthy();
    const added = [...panel.el.querySelectorAll(".diff-clause.kind-added")].find((r) => r.textContent!.includes("极光推送"))!;
    click(added.querySelector(".open-new"));
    const change = RECORDED.diff.clauses.find((c) => c.kind === "added" && c.new!.text.includes("极光推送"))!;
    expect(ctx.openPolicy).toHaveBeenCalledWith(RECORDED.new_id, { clause: change.new!.span });

    const kind = panel.el.querySelector<HTMLSelectElement>(".diff-kind")!;
    kind.value = "removed";
    kind.dispatchEvent(new Event("change"));
    const removed = [...panel.el.querySelectorAll(".diff-clause")];
    expect(removed.length).toBe(counts(RECORDED.diff, "removed"));
    expect(removed.every((r) => r.classList.contains("kind-removed"))).toBe(true);
    kind.value = "all";
    kind.dispatchEvent(new Event("change"));
    expect(panel.el.querySelectorAll(".diff-clause").length).toBe(RECORDED.diff.clauses.length);
  });

  it("says how to get two versions when the library has none", () => {
    const calls = ipc({});
    const { panel } = panelOver(POLICIES.slice(1));
    panel.show();
    expect(calls).toEqual([]);
    expect(panel.el.querySelector(".diff-summary")!.textContent).toContain("还没有同一份政策的两个版本");
  });

  it("exports the diff as HTML", async () => {
    const calls = ipc({
      diff_policies: () => RECORDED.diff,
      "plugin:dialog|save": () => "/home/me/花间-版本对比.html",
      export_diff: (a) => ({ path: a.path, count: 9 }),
    });
    const { panel } = panelOver(LIBRARY);
    panel.show();
    await waitFor(() => panel.el.querySelector(".diff-cards"));
    click(panel.el.querySelector(".diff-export"));
    click(byText(document.querySelector(".modal")!, "button", "选择位置并导出…"));
    await waitFor(() => document.querySelector(".toast"));
    expect(calls.find((c) => c.cmd === "export_diff")!.args).toEqual({ old_id: RECORDED.old_id, new_id: RECORDED.new_id, format: "html", path: "/home/me/花间-版本对比.html" });
  });
});

function counts(d: PolicyDiff, kind: string): number {
  return d.clauses.filter((c) => c.kind === kind).length;
}
