// The 「对比」 view over the matrix `compare_apps` returned for the bundled policies
// (recorded by src-tauri/tests/generated.rs): cells, hover text, clicks to the clause, filters,
// ordering, the chart and the export.
import { describe, expect, it } from "vitest";
import { ComparePanel, cellTitle } from "../components/compare";
import comparisonJson from "../__fixtures__/generated/comparison.json";
import type { Comparison } from "../types";
import { byText, click, fakeCtx, ipc, settle, waitFor } from "./helpers";

const RECORDED = comparisonJson as unknown as Comparison;

async function shown(panel: ComparePanel): Promise<HTMLTableElement> {
  document.body.append(panel.el);
  panel.show();
  return waitFor(() => panel.el.querySelector<HTMLTableElement>("table.compare-matrix"));
}

describe("compare view", () => {
  it("compares every app of a small library, a column per app and a cell per data type", async () => {
    const calls = ipc({ compare_apps: () => RECORDED });
    const panel = new ComparePanel(fakeCtx());
    const table = await shown(panel);
    expect(calls[0]).toEqual({ cmd: "compare_apps", args: { apps: ["快手", "腾讯"], category: null } });
    const heads = [...table.querySelectorAll("th.app-head")].map((th) => th.textContent);
    expect(heads).toEqual(RECORDED.apps.map((a) => a.app));
    const rows = table.querySelectorAll("tbody tr:not(.category-row)");
    expect(rows.length).toBe(RECORDED.rows.length);
    for (const tr of rows) expect(tr.querySelectorAll("td").length).toBe(RECORDED.apps.length);
    // Category group rows, sensitive rows marked, totals in the footer.
    expect(table.querySelectorAll("tr.category-row").length).toBe(RECORDED.categories.length);
    expect(table.querySelectorAll("tbody tr.sensitive").length).toBe(RECORDED.rows.filter((r) => r.sensitive).length);
    expect([...table.querySelectorAll("tfoot td")].map((td) => Number(td.textContent))).toEqual(RECORDED.apps.map((a) => a.taken));
    // The chart: a bar per app.
    expect(panel.el.querySelectorAll(".compare-chart .chart-row").length).toBe(RECORDED.apps.length);
  });

  it("opens a cell's clause in the reader, and says on hover what the app does with the type", async () => {
    ipc({ compare_apps: () => RECORDED });
    const ctx = fakeCtx();
    const panel = new ComparePanel(ctx);
    const table = await shown(panel);
    const r = RECORDED.rows.findIndex((row) => row.cells.some((c) => c.state === "collected" && c.purposes.length));
    const row = RECORDED.rows[r];
    const col = row.cells.findIndex((c) => c.state === "collected" && c.purposes.length);
    const cell = row.cells[col];
    const tr = [...table.querySelectorAll("tbody tr:not(.category-row)")][r];
    const td = tr.querySelectorAll("td")[col];
    expect(td.title).toContain(`${RECORDED.apps[col].app} · ${row.data_type}：收集`);
    expect(td.title).toContain(`目的：${cell.purposes.join("、")}`);
    click(td.querySelector(".cell-open"));
    expect(ctx.openPolicy).toHaveBeenCalledWith(cell.evidence!.policy_id, { clause: cell.evidence!.clause_span, item: cell.evidence!.item_span });
  });

  it("hover text names receivers and the clause", () => {
    const row = RECORDED.rows[0];
    const title = cellTitle(row, "某应用", { state: "collected_shared", purposes: ["注册登录"], receivers: ["某SDK"], evidence: null });
    expect(title).toBe(`某应用 · ${row.data_type}：收集并共享\n目的：注册登录\n接收方：某SDK`);
  });

  it("filters to sensitive types, orders rows by how many apps take them and apps by how much they take", async () => {
    ipc({ compare_apps: () => RECORDED });
    const panel = new ComparePanel(fakeCtx());
    const table0 = await shown(panel);
    expect(table0).toBeTruthy();
    const sensitive = panel.el.querySelector<HTMLInputElement>(".compare-sensitive")!;
    sensitive.checked = true;
    sensitive.dispatchEvent(new Event("change"));
    let rows = [...panel.el.querySelectorAll("tbody tr:not(.category-row)")];
    expect(rows.length).toBe(RECORDED.rows.filter((r) => r.sensitive).length);
    expect(rows.every((tr) => tr.classList.contains("sensitive"))).toBe(true);

    sensitive.checked = false;
    sensitive.dispatchEvent(new Event("change"));
    const order = panel.el.querySelector<HTMLSelectElement>(".compare-row-order")!;
    order.value = "most";
    order.dispatchEvent(new Event("change"));
    rows = [...panel.el.querySelectorAll("tbody tr:not(.category-row)")];
    const taken = rows.map((tr) => tr.querySelectorAll("td.state-collected, td.state-collected_shared, td.state-shared").length);
    expect(taken).toEqual([...taken].sort((a, b) => b - a));
    expect(panel.el.querySelectorAll("tr.category-row").length).toBe(0);

    const apps = panel.el.querySelector<HTMLSelectElement>(".compare-app-order")!;
    apps.value = "most";
    apps.dispatchEvent(new Event("change"));
    const heads = [...panel.el.querySelectorAll("th.app-head")].map((th) => th.textContent);
    const byTaken = [...RECORDED.apps].sort((a, b) => b.taken - a.taken || a.app.localeCompare(b.app, "zh-CN")).map((a) => a.app);
    expect(heads).toEqual(byTaken);

    const filter = panel.el.querySelector<HTMLInputElement>(".compare-type-filter")!;
    filter.value = "手机号";
    filter.dispatchEvent(new Event("input"));
    rows = [...panel.el.querySelectorAll("tbody tr:not(.category-row)")];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((tr) => tr.querySelector("th")!.textContent!.includes("手机号"))).toBe(true);
  });

  it("asks again for the apps ticked and the category chosen", async () => {
    const calls = ipc({ compare_apps: () => RECORDED });
    const panel = new ComparePanel(fakeCtx());
    await shown(panel);
    const box = [...panel.el.querySelectorAll<HTMLInputElement>(".compare-apps input")].find((b) => b.value === "腾讯")!;
    box.checked = false;
    box.dispatchEvent(new Event("change"));
    const category = panel.el.querySelector<HTMLSelectElement>(".compare-category")!;
    category.value = "个人位置信息";
    category.dispatchEvent(new Event("change"));
    await waitFor(() => calls.length >= 2 && calls);
    await settle(300);
    expect(calls[calls.length - 1].args).toEqual({ apps: ["快手"], category: "个人位置信息" });
    click(panel.el.querySelector(".compare-none"));
    await settle(300);
    expect(panel.el.querySelector(".compare-matrix-wrap")!.textContent).toContain("选择要对比的应用");
  });

  it("exports the matrix of the chosen apps as CSV", async () => {
    const calls = ipc({
      compare_apps: () => RECORDED,
      "plugin:dialog|save": () => "/home/me/对比.csv",
      export_comparison: (a) => ({ path: a.path, count: 2 }),
    });
    const panel = new ComparePanel(fakeCtx());
    await shown(panel);
    click(panel.el.querySelector(".compare-export"));
    click(byText(document.querySelector(".modal")!, "button", "选择位置并导出…"));
    await waitFor(() => document.querySelector(".toast"));
    expect(calls.find((c) => c.cmd === "export_comparison")!.args).toEqual({ apps: ["快手", "腾讯"], category: null, format: "csv", path: "/home/me/对比.csv" });
    expect(document.querySelector(".toast")!.textContent).toContain("已导出 2 个应用的对比到 /home/me/对比.csv");
  });
});
