// The block renderer: structure, emphasis, hidden markup, soft breaks, Kangxi text, policy text
// that looks like HTML, and the leaf invariant the selection mapping relies on.
import { describe, expect, it } from "vitest";
import { emptyOverlay, prepare, renderPolicy } from "../components/render-policy";
import { POLICY, TEXT, at } from "../__fixtures__/policy-view";
import kuaishou from "../__fixtures__/generated/kuaishou.view.json";
import { repeatView } from "../__fixtures__/repeat";
import type { PolicyView } from "../types";

function render(view: PolicyView = POLICY): HTMLElement {
  const root = document.createElement("article");
  root.append(renderPolicy(prepare(view), emptyOverlay()));
  document.body.append(root);
  return root;
}

describe("renderPolicy", () => {
  it("renders one element per block, headings with ids", () => {
    const root = render();
    const blocks = root.querySelectorAll("[data-b]");
    expect(blocks).toHaveLength(POLICY.blocks.length);
    expect(root.querySelector("h2#sec-0")?.textContent).toBe("引言");
    expect(root.querySelector("h3#sec-2")?.textContent).toBe("1. 安全可靠");
    expect(root.querySelector(".li")?.textContent).toBe("生僻字𠀀之后的手机号码也要正确定位。");
  });

  it("draws the cells of a table as one table: rows, columns, header cells, empty cells", () => {
    // Blocks 3..6 as a table: a header row of two cells, then a row whose second column holds
    // two blocks and a row with its first cell missing.
    const cells = [
      { table: 0, row: 0, col: 0, header: true },
      { table: 0, row: 0, col: 1, header: true },
      { table: 0, row: 1, col: 1, header: false },
      { table: 0, row: 1, col: 1, header: false },
    ];
    const view: PolicyView = {
      ...POLICY,
      blocks: POLICY.blocks.map((b, i) =>
        i >= 3 && i <= 6 ? { ...b, kind: "table_cell" as const, cell: cells[i - 3] } : b,
      ),
    };
    const root = render(view);
    const tables = root.querySelectorAll("table.ptable");
    expect(tables).toHaveLength(1);
    const rows = tables[0].querySelectorAll("tr");
    expect(rows).toHaveLength(2);
    expect(rows[0].querySelectorAll("th")).toHaveLength(2);
    const second = rows[1].querySelectorAll("td");
    expect(second).toHaveLength(2);
    expect(second[0].childElementCount).toBe(0);
    expect(second[1].querySelectorAll("[data-b]")).toHaveLength(2);
    // Every block is still rendered once, in order, with its offsets.
    const order = [...root.querySelectorAll<HTMLElement>("[data-b]")].map((e) => Number(e.dataset.b));
    expect(order).toEqual(POLICY.blocks.map((_, i) => i));
    expect(rows[0].querySelector("th")!.textContent).toContain("位置信息");
  });

  it("leaves hidden Markdown markup out and shows bold as bold", () => {
    const root = render();
    expect(root.textContent).not.toContain("**");
    expect(root.textContent).not.toContain("##");
    const bold = [...root.querySelectorAll(".b")].map((e) => e.textContent).join("|");
    expect(bold).toBe("腾讯云严格遵守法律法规，遵循以下隐私保护原则，为您提供更加安全可靠的服务。|位置信息");
    expect(root.querySelector('[data-b="1"]')!.classList.contains("has-bold")).toBe(true);
  });

  it("renders a soft break as nothing and keeps Kangxi radicals as written", () => {
    const p = render().querySelector('[data-b="4"]')!;
    expect(p.textContent).toContain("我们深知个⼈信息对您的重要性，将收集您的⼈脸信息⽤于实名认证。");
    expect(p.textContent).not.toContain("\n");
  });

  it("shows <script> and onerror= in a policy as text, creating no element", () => {
    const root = render();
    expect(root.querySelector("script")).toBeNull();
    expect(root.querySelector("img")).toBeNull();
    expect(document.querySelector("script, img")).toBeNull();
    const p = root.querySelector('[data-b="5"]')!;
    expect(p.textContent).toBe('示例条款<script>alert("x")</script>与<img src=x onerror=alert(1)>均为原文文字。');
    expect(p.querySelectorAll("*").length).toBe(p.querySelectorAll("span[data-o]").length);
  });

  it("wraps mentions with their category and sensitivity, and marks practices", () => {
    const root = render();
    const pos = root.querySelector('.m[data-m="0"]')!;
    expect(pos.className).toBe("m cat-4 s pr");
    expect(pos.textContent).toBe("位置信息");
    const face = root.querySelector('.m[data-m="2"]')!;
    expect(face.className).toContain("cat-0");
    expect(face.textContent).toBe("⼈脸信息");
    expect(root.querySelector('.m[data-m="3"]')!.className).toContain(" g");
    expect([...root.querySelectorAll(".mk-purpose")].map((e) => e.textContent).join("|")).toBe("向您推荐附近的服务|实名认证");
    expect(root.querySelector(".mk-collect")!.textContent).toBe("收集");
  });

  it("puts exactly text.slice(o, o + length) in every leaf", () => {
    for (const view of [POLICY, kuaishou as unknown as PolicyView]) {
      const root = render(view);
      const leaves = root.querySelectorAll<HTMLElement>("[data-o]");
      expect(leaves.length).toBeGreaterThan(0);
      for (const l of leaves) {
        const o = Number(l.dataset.o);
        expect(view.text.slice(o, o + l.textContent!.length)).toBe(l.textContent);
      }
      root.remove();
    }
  });

  it("counts the non-BMP character as two UTF-16 units", () => {
    const root = render();
    const leaf = [...root.querySelectorAll<HTMLElement>("[data-o]")].find((l) => l.textContent === "手机号码")!;
    expect(Number(leaf.dataset.o)).toBe(at("手机号码").start);
    expect(TEXT.slice(at("生僻字").start, at("手机号码").start)).toBe("生僻字𠀀之后的");
    expect(at("手机号码").start - at("生僻字").start).toBe(8); // 7 chars, 8 UTF-16 units
  });

  it("renders a 50k-char policy with all highlights quickly", () => {
    const big = repeatView(kuaishou as unknown as PolicyView, 3, "big");
    expect(big.text.length).toBeGreaterThan(50_000);
    const t0 = performance.now();
    const root = render(big);
    const ms = performance.now() - t0;
    expect(root.querySelectorAll(".m").length).toBe(big.mentions.length);
    // jsdom is several times slower than a browser (Chromium: ~15 ms for this DOM); this only
    // guards against an accidental blow-up.
    expect(ms).toBeLessThan(1500);
  });
});
