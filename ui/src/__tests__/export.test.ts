// Export: the save dialog's path goes to export_notes / export_report.
import { describe, expect, it } from "vitest";
import { openNotesExport, openReceiversExport, openReportExport } from "../components/export";
import { RECEIVERS_ANSWER } from "../__fixtures__/data";
import type { ReceiversAnswer } from "../types";
import { POLICY } from "../__fixtures__/policy-view";
import { byText, click, fakeCtx, ipc, settle, waitFor } from "./helpers";

const pick = (name: string, value: string) => {
  const input = document.querySelector<HTMLInputElement>(`input[name="${name}"][value="${value}"]`)!;
  input.checked = true;
  input.dispatchEvent(new Event("change", { bubbles: true }));
};

describe("export", () => {
  it("exports the 共享与SDK table of the answer's policy as CSV", async () => {
    const calls = ipc({
      "plugin:dialog|save": () => "/home/me/花间-共享与SDK.csv",
      export_receivers: (a) => ({ path: a.path, count: 2 }),
    });
    openReceiversExport(RECEIVERS_ANSWER as ReceiversAnswer);
    click(byText(document.querySelector(".modal")!, "button", "选择位置并导出…"));
    await waitFor(() => document.querySelector(".toast"));
    const save = calls.find((c) => c.cmd === "plugin:dialog|save")!.args.options as { defaultPath: string; filters: { extensions: string[] }[] };
    expect(save.defaultPath).toBe("花间视频直播平台_隐私政策-共享与SDK.csv");
    expect(save.filters[0].extensions).toEqual(["csv"]);
    expect(calls.find((c) => c.cmd === "export_receivers")!.args).toEqual({ id: "p-huajian", format: "csv", path: "/home/me/花间-共享与SDK.csv" });
    expect(document.querySelector(".toast")!.textContent).toContain("已导出 2 个接收方到 /home/me/花间-共享与SDK.csv");
  });

  it("exports one app's notes to CSV at the path chosen in the save dialog", async () => {
    const calls = ipc({
      "plugin:dialog|save": () => "/home/me/笔记-快手.csv",
      export_notes: (a) => ({ path: a.path, count: 4 }),
    });
    openNotesExport(fakeCtx());
    pick("scope", "app");
    pick("notes-format", "csv");
    click(byText(document.querySelector(".modal")!, "button", "选择位置并导出…"));
    await waitFor(() => document.querySelector(".toast"));
    const save = calls.find((c) => c.cmd === "plugin:dialog|save")!.args.options as { defaultPath: string; filters: { extensions: string[] }[] };
    expect(save.defaultPath).toBe("笔记-快手.csv");
    expect(save.filters[0].extensions).toEqual(["csv"]);
    expect(calls.find((c) => c.cmd === "export_notes")!.args).toEqual({ format: "csv", filter: { app: "快手" }, path: "/home/me/笔记-快手.csv" });
    expect(document.querySelector(".modal")).toBeNull();
    expect(document.querySelector(".toast")!.textContent).toContain("已导出 4 条笔记到 /home/me/笔记-快手.csv");
  });

  it("exports one policy's notes (the preset) to JSON, and all notes to Markdown", async () => {
    const calls = ipc({ "plugin:dialog|save": () => "/tmp/n", export_notes: (a) => ({ path: a.path, count: 1 }) });
    openNotesExport(fakeCtx(), { policy_id: POLICY.id });
    pick("notes-format", "json");
    click(byText(document.querySelector(".modal")!, "button", "选择位置并导出…"));
    await waitFor(() => !document.querySelector(".modal"));
    openNotesExport(fakeCtx());
    click(byText(document.querySelector(".modal")!, "button", "选择位置并导出…"));
    await waitFor(() => !document.querySelector(".modal"));
    const exports = calls.filter((c) => c.cmd === "export_notes").map((c) => c.args);
    expect(exports).toEqual([
      { format: "json", filter: { policy_id: POLICY.id }, path: "/tmp/n" },
      { format: "md", filter: {}, path: "/tmp/n" },
    ]);
  });

  it("does not export when the save dialog is cancelled", async () => {
    const calls = ipc({ "plugin:dialog|save": () => null });
    openNotesExport(fakeCtx());
    click(byText(document.querySelector(".modal")!, "button", "选择位置并导出…"));
    await waitFor(() => calls.length > 0);
    await settle(20);
    expect(calls.map((c) => c.cmd)).toEqual(["plugin:dialog|save"]);
    expect(document.querySelector(".modal")).not.toBeNull(); // still open to try again
  });

  it("exports a policy's highlight report as Markdown", async () => {
    const calls = ipc({ "plugin:dialog|save": () => "/home/me/腾讯隐私政策-报告.md", export_report: (a) => ({ path: a.path }) });
    openReportExport(POLICY);
    pick("report-format", "md");
    click(byText(document.querySelector(".modal")!, "button", "选择位置并导出…"));
    await waitFor(() => !document.querySelector(".modal"));
    expect((calls[0].args.options as { defaultPath: string }).defaultPath).toBe("腾讯隐私政策-报告.md");
    expect(calls[1]).toEqual({ cmd: "export_report", args: { id: POLICY.id, format: "md", path: "/home/me/腾讯隐私政策-报告.md" } });
  });

  it("shows the command's error in the dialog", async () => {
    ipc({
      "plugin:dialog|save": () => "/readonly/r.html",
      export_report: () => {
        throw "无法写入 /readonly/r.html：权限不足";
      },
    });
    openReportExport(POLICY);
    click(byText(document.querySelector(".modal")!, "button", "选择位置并导出…"));
    await waitFor(() => document.querySelector(".modal-error")?.textContent);
    expect(document.querySelector(".modal-error")!.textContent).toBe("无法写入 /readonly/r.html：权限不足");
  });
});
