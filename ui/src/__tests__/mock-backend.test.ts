// The dev harness serves what the real commands returned (src-tauri/tests/generated.rs), and
// has a recorded answer for everything the harness offers to click: every policy's view, and the
// ask panel's example questions for every app.
import { describe, expect, it, vi } from "vitest";
import { AskPanel } from "../components/ask";
import { mockInvoke } from "../mock-backend";
import libraryJson from "../__fixtures__/generated/library.json";
import type { AppTypeRow, CheckReport, Comparison, Facets, PrivacyLabel, PolicyDiff, PolicyRow, PolicyView, SearchHitView } from "../types";
import { fakeCtx } from "./helpers";

const recorded = libraryJson as unknown as { policies: PolicyRow[]; facets: Facets };

describe("mock backend", () => {
  it("lists the recorded policies and opens each one's recorded view", async () => {
    const policies = (await mockInvoke("list_policies", {})) as PolicyRow[];
    // 花间 twice: its policy's second version (tests/fixtures/versions/huajian.txt).
    expect(policies.map((p) => p.app).sort()).toEqual(["快手", "快手小店", "腾讯", "花间", "花间"]);
    for (const p of policies) {
      const view = (await mockInvoke("open_policy", { id: p.id })) as PolicyView;
      expect(view.id).toBe(p.id);
      expect(view.text.length).toBeGreaterThan(1000);
    }
  });

  it("answers every example question the ask panel offers, for every app", async () => {
    const panel = new AskPanel({ ...fakeCtx(), facets: () => recorded.facets, policies: () => recorded.policies });
    for (const app of recorded.facets.apps) {
      panel.selectApp(app);
      panel.fillFacets();
      const examples = [...panel.el.querySelectorAll(".example")].map((b) => b.textContent!);
      expect(examples.length).toBeGreaterThan(0);
      for (const question of examples) {
        // A recorded error is an answer too; only a question that was never recorded is refused.
        await mockInvoke("ask", { request: { question } }).catch((e: unknown) => {
          expect(String(e), question).not.toContain("开发用的模拟后端");
        });
      }
    }
  });

  it("serves the comparison cut to the apps asked, and the one recorded diff", async () => {
    const two = (await mockInvoke("compare_apps", { apps: ["快手", "花间"], category: null })) as Comparison;
    expect(two.apps.map((a) => a.app)).toEqual(["快手", "花间"]);
    expect(two.rows.every((r) => r.cells.length === 2 && r.cells.some((c) => c.state !== "not_mentioned"))).toBe(true);
    const policies = (await mockInvoke("list_policies", {})) as PolicyRow[];
    const [v1, v2] = policies.filter((p) => p.app === "花间").sort((a, b) => a.version - b.version);
    const diff = (await mockInvoke("diff_policies", { old_id: v1.id, new_id: v2.id })) as PolicyDiff;
    expect(diff.summary.receivers_added.map((r) => r.name)).toContain("极光推送SDK");
    await expect(mockInvoke("diff_policies", { old_id: v2.id, new_id: v1.id })).rejects.toContain("只录有");
  });

  it("serves the recorded compliance checks of 花间's first version and the 39 app types", async () => {
    const policies = (await mockInvoke("list_policies", {})) as PolicyRow[];
    const [v1] = policies.filter((p) => p.app === "花间").sort((a, b) => a.version - b.version);
    expect(((await mockInvoke("list_app_types", {})) as AppTypeRow[]).length).toBe(39);
    const guessed = (await mockInvoke("check_policy", { policy_id: v1.id, app_type: null })) as CheckReport;
    expect(guessed.findings.length).toBeGreaterThanOrEqual(26);
    const given = (await mockInvoke("check_policy", { policy_id: v1.id, app_type: "即时通信类" })) as CheckReport;
    expect(given.app_type).toEqual({ name: "即时通信类", guessed: false });
    await expect(mockInvoke("check_policy", { policy_id: v1.id, app_type: "地图导航类" })).rejects.toContain("只录有");
    const label = (await mockInvoke("privacy_label", { id: v1.id })) as PrivacyLabel;
    expect(label.policy_id).toBe(v1.id);
  });

  it("serves recorded searches, cut to the limit asked, and finds nothing for others", async () => {
    const hits = (await mockInvoke("search", { query: { text: "位置", limit: 100 } })) as SearchHitView[];
    expect(hits.length).toBeGreaterThan(5);
    expect(hits.every((h) => h.snippet.includes("位置"))).toBe(true);
    const few = (await mockInvoke("search", { query: { text: "位置", limit: 3 } })) as SearchHitView[];
    expect(few).toEqual(hits.slice(0, 3));
    const info = vi.spyOn(console, "info").mockImplementation(() => undefined);
    expect(await mockInvoke("search", { query: { text: "没有录下的查询", limit: 100 } })).toEqual([]);
    expect(info).toHaveBeenCalledOnce();
  });
});
