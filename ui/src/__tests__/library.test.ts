// The library sidebar: grouping, dates and counts; import by dialog with progress and the list
// of refused files; removal.
import { emit } from "@tauri-apps/api/event";
import { describe, expect, it } from "vitest";
import { APPS_SHOWN, LibraryPanel } from "../components/library";
import type { PolicyRow } from "../types";
import { IMPORT_SUMMARY, POLICIES } from "../__fixtures__/data";
import { byText, click, fakeCtx, ipc, settle, waitFor } from "./helpers";

function mount() {
  const ctx = fakeCtx();
  const lib = new LibraryPanel(ctx);
  document.body.append(lib.el);
  lib.render(POLICIES);
  return { lib, ctx };
}

describe("LibraryPanel", () => {
  it("lists apps and their policies with dates and counts in Chinese", () => {
    const { lib } = mount();
    expect([...lib.el.querySelectorAll(".app-group h3 span:first-child")].map((e) => e.textContent)).toEqual(["快手", "腾讯"]);
    const kuaishou = lib.el.querySelector('.policy-item[data-id="8884c540301361de"]')!;
    expect(kuaishou.querySelector(".policy-meta")!.textContent).toBe("更新于 2023年6月18日 · 第 2/2 版");
    expect(kuaishou.querySelector(".count-sens")!.textContent).toBe("敏感 3 项");
    expect(kuaishou.querySelector(".count-sens")!.getAttribute("title")).toContain("人脸信息、位置信息、身份证件信息");
    expect(kuaishou.querySelector(".count-bold")!.textContent).toBe("加粗 0");
    expect(kuaishou.querySelector(".count-chars")!.textContent).toBe("17,236 字");
    const tencent = lib.el.querySelectorAll(".policy-item")[1];
    expect(tencent.querySelector(".policy-meta")!.textContent).toMatch(/^导入于 2024年11月20日$/);
  });

  it("filters by any name of the app as you type and orders by name, date or sensitive items", () => {
    const { lib } = mount();
    const apps = () => [...lib.el.querySelectorAll(".app-group h3 span:first-child")].map((e) => e.textContent);
    const filter = lib.el.querySelector<HTMLInputElement>(".library-filter")!;
    filter.value = "GIFMAKER"; // the package name, an alias of 快手
    lib.refilter();
    expect(apps()).toEqual(["快手"]);
    filter.value = "隐私 腾讯";
    lib.refilter();
    expect(apps()).toEqual(["腾讯"]);
    filter.value = "抖音";
    lib.refilter();
    expect(lib.el.querySelector(".library-list .empty")!.textContent).toBe("没有应用的名称、别名或标题包含“抖音”。");
    filter.value = "";
    const order = lib.el.querySelector<HTMLSelectElement>(".library-order")!;
    order.value = "date";
    lib.refilter();
    expect(apps()).toEqual(["腾讯", "快手"]); // imported 2024-11-20 after 快手's 2023-06-18
    order.value = "sensitive";
    lib.refilter();
    expect(apps()).toEqual(["快手", "腾讯"]);
  });

  it("draws a library of 10,000 policies a page of apps at a time", () => {
    const many: PolicyRow[] = Array.from({ length: 10_000 }, (_, i) => ({
      ...POLICIES[1],
      id: `p${i}`,
      app: `应用${String(i).padStart(5, "0")}`,
      aliases: [`com.example.app${i}`],
    }));
    const { lib } = mount();
    lib.render(many);
    expect(lib.el.querySelectorAll(".app-group")).toHaveLength(APPS_SHOWN);
    const more = lib.el.querySelector<HTMLButtonElement>(".more-apps")!;
    expect(more.textContent).toBe(`还有 ${10_000 - APPS_SHOWN} 个应用：显示更多，或输入名称筛选`);
    click(more);
    expect(lib.el.querySelectorAll(".app-group")).toHaveLength(2 * APPS_SHOWN);
    const filter = lib.el.querySelector<HTMLInputElement>(".library-filter")!;
    filter.value = "com.example.app9876";
    lib.refilter();
    expect([...lib.el.querySelectorAll(".app-group h3 span:first-child")].map((e) => e.textContent)).toEqual(["应用09876"]);
  });

  it("opens a policy when clicked", () => {
    const { lib, ctx } = mount();
    click(lib.el.querySelector(".policy-open"));
    expect(ctx.openPolicy).toHaveBeenCalledWith("8884c540301361de");
  });

  it("imports the files chosen in the dialog, showing progress and the refused files", async () => {
    const paths = ["/home/me/policies/kuaishou.txt", "/home/me/policies/tencent.md", "/home/me/policies/scan.pdf"];
    let progressSeen = "";
    const calls = ipc(
      {
        "plugin:dialog|open": () => paths,
        import_paths: async (a) => {
          const ps = a.paths as string[];
          for (let i = 0; i < ps.length; i++) {
            await emit("import-progress", { done: i + 1, total: ps.length, path: ps[i] });
            await settle();
            if (i === 1) progressSeen = document.querySelector(".progress-label")!.textContent!;
          }
          return IMPORT_SUMMARY;
        },
      },
      { shouldMockEvents: true },
    );
    const { lib, ctx } = mount();
    click(lib.el.querySelector(".import-files"));
    await waitFor(() => lib.el.querySelector(".import-message"));
    expect(calls.find((c) => c.cmd === "import_paths")!.args).toEqual({ paths });
    expect(progressSeen).toBe("正在导入 2/3：tencent.md");
    expect(lib.el.querySelector(".import-message")!.textContent).toBe("已导入 1 个文件，1 个未改变，1 个被拒绝");
    const refused = lib.el.querySelectorAll(".refused li");
    expect(refused).toHaveLength(1);
    expect(refused[0].querySelector(".path")!.textContent).toBe("scan.pdf");
    expect(refused[0].querySelector(".reason")!.textContent).toBe("不是文本文件（PDF）");
    expect(ctx.libraryChanged).toHaveBeenCalled();
    expect(lib.importing).toBe(false);
  });

  it("imports a folder", async () => {
    const calls = ipc({
      "plugin:dialog|open": () => "/home/me/policies",
      import_paths: () => ({ imported: [], unchanged: [], unchanged_ids: [], refused: [] }),
    });
    const { lib } = mount();
    click(lib.el.querySelector(".import-folder"));
    await waitFor(() => lib.el.querySelector(".import-message"));
    expect(calls.find((c) => c.cmd === "import_paths")!.args).toEqual({ paths: ["/home/me/policies"] });
    expect(lib.el.querySelector(".import-message")!.textContent).toBe("已导入 0 个文件");
  });

  it("does nothing when the dialog is cancelled", async () => {
    const calls = ipc({ "plugin:dialog|open": () => null });
    const { lib } = mount();
    click(lib.el.querySelector(".import-files"));
    await waitFor(() => calls.length > 0);
    await settle(20);
    expect(calls.map((c) => c.cmd)).toEqual(["plugin:dialog|open"]);
  });

  it("shows a failed import", async () => {
    ipc({
      import_paths: () => {
        throw "资料库已被另一个进程锁定";
      },
    });
    const { lib } = mount();
    await lib.importPaths(["/x.txt"]);
    expect(lib.el.querySelector(".import-result.error")!.textContent).toContain("导入失败：资料库已被另一个进程锁定");
  });

  it("removes a policy after confirmation", async () => {
    const calls = ipc({ remove_policy: () => null });
    const { lib, ctx } = mount();
    click(lib.el.querySelector(".policy-item .remove"));
    const dialog = document.querySelector(".modal")!;
    expect(dialog.textContent).toContain("从资料库移除《快手隐私政策》？");
    click(byText(dialog, "button", "移除"));
    await settle();
    expect(calls).toEqual([{ cmd: "remove_policy", args: { id: "8884c540301361de" } }]);
    expect(ctx.libraryChanged).toHaveBeenCalled();
  });

  it("keeps the policy when removal is cancelled", async () => {
    const calls = ipc({ remove_policy: () => null });
    const { lib } = mount();
    click(lib.el.querySelector(".policy-item .remove"));
    click(byText(document.querySelector(".modal")!, "button", "取消"));
    await settle();
    expect(calls).toEqual([]);
  });
});
