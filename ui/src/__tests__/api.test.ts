// api.ts sends the contract's command names and argument names (docs/commands.md).
import { emit } from "@tauri-apps/api/event";
import { describe, expect, it, vi } from "vitest";
import * as api from "../api";
import { FACETS, HITS, IMPORT_SUMMARY, NOTES, POLICIES, PURPOSE_ANSWER } from "../__fixtures__/data";
import { POLICY } from "../__fixtures__/policy-view";
import { ipc, settle } from "./helpers";

describe("api.ts", () => {
  it("is not using the browser mock under test", () => {
    expect(api.MOCK_ALLOWED).toBe(false);
  });

  it("calls every command with the contract's name and args", async () => {
    const calls = ipc({
      list_policies: () => POLICIES,
      import_paths: () => IMPORT_SUMMARY,
      remove_policy: () => null,
      open_policy: () => POLICY,
      search: () => HITS,
      list_facets: () => FACETS,
      ask: () => PURPOSE_ANSWER,
      add_note: () => NOTES[0],
      list_notes: () => NOTES,
      update_note: () => NOTES[0],
      delete_note: () => null,
      export_notes: (a) => ({ path: a.path, count: 3 }),
      export_report: (a) => ({ path: a.path }),
    });
    expect(await api.listPolicies()).toEqual(POLICIES);
    expect(await api.importPaths(["/a/b.txt", "/a/dir"])).toEqual(IMPORT_SUMMARY);
    await api.removePolicy("abc");
    expect((await api.openPolicy(POLICY.id)).text).toBe(POLICY.text);
    await api.search({ text: "位置信息", app: "快手", sensitive: true, limit: 50 });
    await api.listFacets();
    await api.ask({ app: "快手", purpose: "个性化推荐", action: "collect" });
    await api.addNote(POLICY.id, { start: 3, end: 9 }, "正文", ["a", "b"]);
    await api.listNotes({ app: "快手", tag: "", text: undefined });
    await api.updateNote(7, "新正文", ["x"]);
    await api.deleteNote(7);
    expect(await api.exportNotes("csv", { policy_id: POLICY.id }, "/tmp/n.csv")).toEqual({ path: "/tmp/n.csv", count: 3 });
    await api.exportReport(POLICY.id, "html", "/tmp/r.html");

    expect(calls.map((c) => c.cmd)).toEqual([
      "list_policies",
      "import_paths",
      "remove_policy",
      "open_policy",
      "search",
      "list_facets",
      "ask",
      "add_note",
      "list_notes",
      "update_note",
      "delete_note",
      "export_notes",
      "export_report",
    ]);
    const args = (cmd: string) => calls.find((c) => c.cmd === cmd)!.args;
    expect(args("import_paths")).toEqual({ paths: ["/a/b.txt", "/a/dir"] });
    expect(args("remove_policy")).toEqual({ id: "abc" });
    expect(args("open_policy")).toEqual({ id: POLICY.id });
    expect(args("search")).toEqual({ query: { text: "位置信息", app: "快手", sensitive: true, limit: 50 } });
    expect(args("ask")).toEqual({ request: { app: "快手", purpose: "个性化推荐", action: "collect" } });
    expect(args("add_note")).toEqual({ policy_id: POLICY.id, span: { start: 3, end: 9 }, body: "正文", tags: ["a", "b"] });
    // empty filter fields are not sent
    expect(args("list_notes")).toEqual({ filter: { app: "快手" } });
    expect(args("update_note")).toEqual({ id: 7, body: "新正文", tags: ["x"] });
    expect(args("delete_note")).toEqual({ id: 7 });
    expect(args("export_notes")).toEqual({ format: "csv", filter: { policy_id: POLICY.id }, path: "/tmp/n.csv" });
    expect(args("export_report")).toEqual({ id: POLICY.id, format: "html", path: "/tmp/r.html" });
  });

  it("passes a command's error message through as a string", async () => {
    ipc({
      ask: () => {
        throw "未知的应用：微博。已知的应用：快手、腾讯";
      },
    });
    await expect(api.ask({ app: "微博" })).rejects.toBe("未知的应用：微博。已知的应用：快手、腾讯");
  });

  it("listens to import-progress", async () => {
    ipc({}, { shouldMockEvents: true });
    const seen = vi.fn();
    const unlisten = await api.onImportProgress(seen);
    await emit("import-progress", { done: 1, total: 3, path: "/a.txt" });
    await settle();
    expect(seen).toHaveBeenCalledWith({ done: 1, total: 3, path: "/a.txt" });
    unlisten();
  });

  it("opens and saves with the dialog plugin", async () => {
    const calls = ipc({
      "plugin:dialog|open": (a) => ((a.options as { directory: boolean }).directory ? "/home/me/policies" : ["/a.txt", "/b.md"]),
      "plugin:dialog|save": () => "/home/me/笔记.md",
    });
    expect(await api.pickImportFiles()).toEqual(["/a.txt", "/b.md"]);
    expect(await api.pickImportFolder()).toEqual(["/home/me/policies"]);
    expect(await api.pickSavePath("笔记.md", "md")).toBe("/home/me/笔记.md");
    const open = calls.filter((c) => c.cmd === "plugin:dialog|open").map((c) => c.args.options as Record<string, unknown>);
    expect(open[0]).toMatchObject({ multiple: true, directory: false });
    expect(open[1]).toMatchObject({ directory: true });
    const save = calls.find((c) => c.cmd === "plugin:dialog|save")!.args.options as Record<string, unknown>;
    expect(save).toMatchObject({ defaultPath: "笔记.md", filters: [{ extensions: ["md"] }] });
  });

  it("returns no paths when the dialog is cancelled", async () => {
    ipc({ "plugin:dialog|open": () => null });
    expect(await api.pickImportFiles()).toEqual([]);
  });
});

describe("api.ts without a Tauri runtime", () => {
  it("says so instead of failing obscurely (the production build has no mock)", async () => {
    // a plain browser tab: no window.__TAURI_INTERNALS__ (clearMocks leaves an empty object)
    delete (window as { __TAURI_INTERNALS__?: unknown }).__TAURI_INTERNALS__;
    await expect(api.listPolicies()).rejects.toBe(api.NO_RUNTIME);
  });
});
