// Search as you type: the `search` command, highlighted snippets, filters, choosing a result.
import { describe, expect, it } from "vitest";
import { SearchBox } from "../components/search";
import { HITS } from "../__fixtures__/data";
import type { SearchRequest } from "../types";
import { fakeCtx, ipc, settle, typeInto } from "./helpers";

function mount() {
  const ctx = fakeCtx();
  const box = new SearchBox(ctx);
  document.body.append(box.el);
  return { box, ctx };
}

describe("SearchBox", () => {
  it("searches as you type and renders snippets with highlighted matches", async () => {
    const calls = ipc({ search: () => HITS });
    const { box } = mount();
    typeInto(box.input, "位");
    typeInto(box.input, "位置");
    typeInto(box.input, "位置信");
    typeInto(box.input, "位置");
    await settle(20);
    // the first keystroke queries at once; those typed meanwhile make one follow-up query
    expect(calls.map((c) => (c.args.query as SearchRequest).text)).toEqual(["位", "位置"]);
    expect(calls[1].args).toEqual({ query: { text: "位置", limit: 100 } });
    const rows = box.el.querySelectorAll(".search-hit");
    expect(rows).toHaveLength(2);
    expect([...rows[0].querySelectorAll("mark.hl")].map((m) => m.textContent)).toEqual(["位置信息"]);
    expect([...rows[1].querySelectorAll("mark.hl")].map((m) => m.textContent)).toEqual(["位置", "位置"]);
    expect(rows[0].textContent).toContain("腾讯 · 腾讯隐私政策");
    expect(rows[0].querySelector(".badge.bold")).not.toBeNull();
    expect(box.el.querySelector(".search-info")!.textContent).toBe("找到 2 条");
  });

  it("sends the filters", async () => {
    const calls = ipc({ search: () => [] });
    const { box } = mount();
    typeInto(box.input, "人脸");
    const [app, category] = box.el.querySelectorAll("select");
    app.value = "快手";
    category.value = "个人生物识别信息";
    const [sensitive, bold] = box.el.querySelectorAll<HTMLInputElement>('input[type="checkbox"]');
    sensitive.checked = true;
    bold.checked = true;
    bold.dispatchEvent(new Event("change"));
    await settle(20);
    const q = calls[calls.length - 1].args.query as SearchRequest;
    expect(q).toEqual({ text: "人脸", app: "快手", category: "个人生物识别信息", sensitive: true, bold: true, limit: 100 });
    expect(box.el.querySelector(".search-info")!.textContent).toBe("没有找到匹配的条款");
  });

  it("drops an answer that arrives after a newer query", async () => {
    let first = true;
    ipc({
      search: async (a) => {
        const q = a.query as SearchRequest;
        if (first) {
          first = false;
          await settle(50);
        }
        return q.text === "位置" ? HITS : [HITS[1]];
      },
    });
    const { box } = mount();
    typeInto(box.input, "位置");
    const slow = box.run();
    typeInto(box.input, "权限");
    await box.run();
    await slow;
    expect(box.el.querySelectorAll(".search-hit")).toHaveLength(1);
  });

  it("opens the chosen result at its clause with the matched words", async () => {
    ipc({ search: () => HITS });
    const { box, ctx } = mount();
    typeInto(box.input, "位置");
    await box.run();
    box.input.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowDown" }));
    box.input.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowDown" }));
    box.input.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter" }));
    expect(ctx.openPolicy).toHaveBeenCalledWith(HITS[1].policy_id, { clause: HITS[1].clause, terms: ["位置", "位置"] });
    expect(box.isOpen).toBe(false);
  });

  it("waits for the IME to finish composing", async () => {
    const calls = ipc({ search: () => [] });
    const { box } = mount();
    box.input.value = "wei";
    box.input.dispatchEvent(new InputEvent("input", { isComposing: true }));
    await settle(10);
    expect(calls).toEqual([]);
    box.input.value = "位置";
    box.input.dispatchEvent(new CompositionEvent("compositionend", { data: "位置" }));
    await settle(10);
    expect(calls.map((c) => (c.args.query as SearchRequest).text)).toEqual(["位置"]);
  });

  it("shows the command's error", async () => {
    ipc({
      search: () => {
        throw "索引正在重建，请稍后再试";
      },
    });
    const { box } = mount();
    typeInto(box.input, "位置");
    await box.run();
    expect(box.el.querySelector(".search-info")!.textContent).toBe("搜索出错：索引正在重建，请稍后再试");
  });
});
